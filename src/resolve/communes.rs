//! The commune profiles, read lazily: every valid profile is listed in
//! [`Materials::roster`], but a lean resolve lets go of their contents, and
//! a build reads them back, a batch of editions at a time
//! ([`Materials::load_communes`]). Asking for a profile not read back is an
//! `Err` ([`Missing::NotLoaded`]), so that no edition is silently made
//! generic.

use std::sync::Arc;

use serde::Deserialize;

use super::{CommuneProfile, Materials, check};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Commune, Edition};
use crate::schema::{FileKind, schema_for};
use crate::source::FileId;

/// A valid commune profile, listed whether or not it is in memory.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The id (file stem).
    pub id: String,
    /// The file it comes from.
    pub file: FileId,
    /// For a profile let go by [`resolve_lean`](super::resolve_lean): the BLAKE3 hash of the text
    /// that was checked, to make sure the text read again is the same.
    pub(super) checked: Option<[u8; 32]>,
    /// Whether the profile is a draft (`statut = "brouillon"`).
    pub draft: bool,
}

/// The load stage's entry of a listed profile, to parse it again.
fn entry_of(listed: &Listed) -> crate::load::Entry {
    crate::load::Entry {
        kind: FileKind::Commune,
        id: listed.id.clone(),
        file: listed.file,
        readable: true,
    }
}

/// Commune profiles read again by [`Materials::read_communes`], not yet in
/// memory ([`Materials::insert_communes`]).
#[derive(Debug, Default)]
pub struct ReadCommunes {
    /// Each profile, with the index of its spans and its text.
    profiles: Vec<(CommuneProfile, check::SpanIndex, String)>,
    /// The files that could not be read again, or changed since checked.
    problems: Diagnostics,
}

/// Why [`Materials::commune`] has no profile to give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// No valid commune profile has this id.
    Unknown(String),
    /// The profile is valid but not in memory: it was let go by
    /// [`resolve_lean`](super::resolve_lean) and not read back with [`Materials::load_communes`].
    NotLoaded(String),
}

impl Missing {
    /// The error to report: a target asking for a profile not in memory is
    /// not made (a fault of the program, not of the materials).
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            Missing::Unknown(id) => Diagnostic::error(format!("commune « {id} » inconnue"))
                .with_hint("vérifiez l’identifiant : le nom du fichier dans communes/, sans .toml"),
            Missing::NotLoaded(id) => Diagnostic::error(format!(
                "le profil de la commune « {id} » n’a pas été relu : son édition n’est pas fabriquée"
            ))
            .with_hint("c’est une erreur d’ancrage et non des matériaux : relancez la fabrication, et signalez-la si elle revient"),
        }
    }
}

/// An edition with its commune's profile in memory: what the composer
/// customises a sheet or a collection with. Made by [`Materials::edition`].
#[derive(Debug, Clone, Copy)]
pub enum LoadedEdition<'m> {
    /// The generic edition.
    Generic,
    /// A commune's edition, with its profile.
    Commune(&'m CommuneProfile),
}

impl<'m> LoadedEdition<'m> {
    /// The commune's profile, `None` for the generic edition.
    pub fn profile(self) -> Option<&'m CommuneProfile> {
        match self {
            LoadedEdition::Generic => None,
            LoadedEdition::Commune(profile) => Some(profile),
        }
    }

    /// The commune's customisation, `None` for the generic edition.
    pub fn commune(self) -> Option<&'m Commune> {
        self.profile().map(|p| &p.commune)
    }

    /// The commune's id, `None` for the generic edition.
    pub fn id(self) -> Option<&'m str> {
        self.profile().map(|p| p.id.as_str())
    }
}

impl Materials {
    /// The commune profile with this id, in memory: an `Err` says whether
    /// no valid profile has this id, or whether it was not read back with
    /// [`Materials::load_communes`] (never a silent generic edition).
    pub fn commune(&self, id: &str) -> Result<&CommuneProfile, Missing> {
        match self.communes.iter().find(|c| c.id == id) {
            Some(profile) => Ok(profile),
            None if self.has_commune(id) => Err(Missing::NotLoaded(id.to_string())),
            None => Err(Missing::Unknown(id.to_string())),
        }
    }

    /// The edition `edition` with its commune's profile, which must be in
    /// memory (see [`Materials::commune`]).
    pub fn edition(&self, edition: &Edition) -> Result<LoadedEdition<'_>, Missing> {
        self.edition_of(edition.commune())
    }

    /// The edition of `commune` (`None`: the generic one) with its profile,
    /// which must be in memory (see [`Materials::commune`]).
    pub fn edition_of(&self, commune: Option<&str>) -> Result<LoadedEdition<'_>, Missing> {
        match commune {
            None => Ok(LoadedEdition::Generic),
            Some(id) => self.commune(id).map(LoadedEdition::Commune),
        }
    }

    /// Whether a valid commune profile has this id (in memory or not).
    pub fn has_commune(&self, id: &str) -> bool {
        self.listed.contains_key(id)
    }

    /// Number of valid commune profiles (in memory or not).
    pub fn commune_count(&self) -> usize {
        self.roster.len()
    }

    pub(super) fn list(&mut self, listed: Listed) {
        self.listed.insert(listed.id.clone(), self.roster.len());
        self.roster.push(listed);
    }

    /// Whether this file's profile was let go by [`resolve_lean`](super::resolve_lean) (and may be
    /// read again, then let go again).
    fn lent(&self, file: FileId) -> bool {
        self.roster
            .binary_search_by_key(&file, |c| c.file)
            .is_ok_and(|i| self.roster[i].checked.is_some())
    }

    /// Lets go of a commune file just resolved by [`resolve_lean`](super::resolve_lean): its
    /// profile and span index (`typed`: it has a profile, among the last
    /// ones), and its text unless a diagnostic points into it (`keep_text`).
    pub(super) fn let_go(&mut self, file: FileId, typed: bool, keep_text: bool, text: &str) {
        if keep_text {
            self.sources.restore(file, text.to_string());
        } else {
            self.sources.release(file);
        }
        self.spans.remove(&file);
        if typed {
            let at = (self.communes.iter().rposition(|p| p.file == file))
                .expect("the profile just added");
            let profile = self.communes.remove(at);
            self.list(Listed {
                id: profile.id,
                file,
                checked: Some(*blake3::hash(text.as_bytes()).as_bytes()),
                draft: profile.commune.status.is_draft(),
            });
        }
    }

    /// Reads again, parses and indexes the profiles of these communes that
    /// [`resolve_lean`](super::resolve_lean) let go, so that their editions can be built. Ids
    /// unknown or already in memory are skipped. A file that cannot be read
    /// again, or whose text is no longer the one checked, gives an error
    /// (its profile stays out).
    pub fn load_communes<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> Diagnostics {
        let ids: Vec<&str> = ids
            .into_iter()
            .filter(|id| self.commune(id).is_err())
            .collect();
        let read = self.read_communes(ids);
        self.insert_communes(read)
    }

    /// The first half of [`Materials::load_communes`], which only reads the
    /// materials: the profiles of these communes read again, parsed and
    /// indexed, ready for [`Materials::insert_communes`]. A build reads the
    /// next batch's profiles this way while the current batch is made.
    /// Those already in memory are read too (they may be let go before the
    /// insertion).
    pub fn read_communes<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> ReadCommunes {
        let mut read = ReadCommunes::default();
        let wanted: Vec<&Listed> = ids
            .into_iter()
            .filter_map(|id| self.listed.get(id).map(|&i| &self.roster[i]))
            .filter(|c| c.checked.is_some())
            .collect();
        if wanted.is_empty() {
            return read;
        }
        let ctx = check::Context {
            root: &self.root,
            domain_ids: Arc::new(self.domains.iter().map(|d| d.id.clone()).collect()),
            // A profile refers to no commune (its schema has no
            // « id-commune »), and the checks' diagnostics are not kept
            // here: a copy of every id for each batch (2 MB at 34 900
            // communes, on the thread reading ahead) would serve nothing.
            commune_ids: Arc::default(),
            experience_ids: Arc::new(self.experiences.iter().map(|e| e.id.clone()).collect()),
            images: Default::default(),
        };
        let schema = schema_for(FileKind::Commune);
        // On rayon's pool, each thread with its own context (the image
        // checks it remembers are pure); joined in the order asked. On one
        // thread, the first batch's 256 profiles were read while the build's
        // pool waited.
        use rayon::prelude::*;
        let each: Vec<Result<Option<_>, Box<Diagnostic>>> = wanted
            .par_iter()
            .map_init(
                || ctx.clone(),
                |ctx, listed| self.read_one(ctx, &schema, listed),
            )
            .collect();
        for one in each {
            match one {
                Ok(Some(profile)) => read.profiles.push(profile),
                Ok(None) => {}
                Err(problem) => read.problems.push(*problem),
            }
        }
        read
    }

    /// One profile for [`Materials::read_communes`]: read again, parsed,
    /// indexed and typed; an error when its file changed since it was
    /// checked, `None` when it no longer deserialises.
    fn read_one(
        &self,
        ctx: &mut check::Context<'_>,
        schema: &serde_json::Value,
        listed: &Listed,
    ) -> Result<Option<(CommuneProfile, check::SpanIndex, String)>, Box<Diagnostic>> {
        let text = self.text_again(listed, "l’édition « {} » n’est pas fabriquée")?;
        // Checked already: the diagnostics are those reported then.
        let mut ignored = Diagnostics::default();
        let entry = entry_of(listed);
        let raw = crate::load::parse_file(&entry, &text, &mut ignored);
        let spans = check::check_file(ctx, listed.file, &text, schema, &raw.table, &mut ignored);
        let Some(profile) = self.typed(listed, raw) else {
            return Ok(None);
        };
        Ok(Some((profile, spans, text)))
    }

    /// The profile of a commune let go, read again, parsed and typed, but
    /// neither checked nor indexed (what the territory's directory needs of
    /// it); `None` when it no longer deserialises, an error when its file
    /// changed since it was checked (`what`: what is not made then, « {} »
    /// standing for the id).
    pub(super) fn read_again(
        &self,
        listed: &Listed,
        what: &str,
    ) -> Result<Option<CommuneProfile>, Box<Diagnostic>> {
        let text = self.text_again(listed, what)?;
        let mut ignored = Diagnostics::default();
        let entry = entry_of(listed);
        let raw = crate::load::parse_file(&entry, &text, &mut ignored);
        Ok(self.typed(listed, raw))
    }

    /// The text of a profile let go, read again: an error when it is no
    /// longer the one checked (`what`: what is not made then).
    fn text_again(&self, listed: &Listed, what: &str) -> Result<String, Box<Diagnostic>> {
        let source = self.sources.get(listed.file);
        match crate::load::read_text(&source.path, listed.file) {
            Ok(text) if Some(*blake3::hash(text.as_bytes()).as_bytes()) == listed.checked => {
                Ok(text)
            }
            Ok(_) | Err(_) => Err(Box::new(
                Diagnostic::error(format!(
                    "le fichier « {} » a changé (ou a disparu) depuis sa vérification : {}",
                    source.name,
                    what.replace("{}", &listed.id)
                ))
                .with_hint("relancez la fabrication"),
            )),
        }
    }

    /// A profile parsed again typed, its plain text fields typeset as at
    /// resolve; `None` when it no longer deserialises.
    fn typed(&self, listed: &Listed, raw: crate::load::RawFile<'_>) -> Option<CommuneProfile> {
        let mut commune = Commune::deserialize(toml::de::Deserializer::from(raw.table)).ok()?;
        crate::compose::plain::typeset_commune(&mut commune, &self.collection);
        Some(CommuneProfile {
            id: listed.id.clone(),
            file: listed.file,
            commune,
        })
    }

    /// The second half of [`Materials::load_communes`]: the profiles read
    /// by [`Materials::read_communes`] put in memory (but for those already
    /// there); the problems met reading them.
    pub fn insert_communes(&mut self, read: ReadCommunes) -> Diagnostics {
        for (profile, spans, text) in read.profiles {
            if self.commune(&profile.id).is_ok() {
                continue;
            }
            let file = profile.file;
            self.communes.push(profile);
            self.spans.insert(file, spans);
            self.sources.restore(file, text);
        }
        read.problems
    }

    /// Lets go again of the commune profiles read by
    /// [`Materials::load_communes`]; the text of a file stays when
    /// `keep_text` says so (a diagnostic points into it).
    pub fn unload_communes(&mut self, keep_text: impl Fn(FileId) -> bool) {
        let mut kept = Vec::new();
        for profile in std::mem::take(&mut self.communes) {
            if self.lent(profile.file) {
                self.spans.remove(&profile.file);
                if !keep_text(profile.file) {
                    self.sources.release(profile.file);
                }
            } else {
                kept.push(profile);
            }
        }
        self.communes = kept;
    }
}
