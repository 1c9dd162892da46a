//! Resolve stage: validate every parsed file and build the [`Materials`] model,
//! collecting all diagnostics (`ancrage check` stops here).

pub mod check;
pub mod editorial;
pub mod experience;
mod language;
pub mod participants;
pub mod territory;
pub mod values;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::fonts::FontBook;
use crate::layout::hyphen::Hyphenator;
use crate::load::{Loaded, RawFile};
use crate::model::{Collection, Commune, Domain, Experience, Glossary, Workshop};
use crate::schema::{FileKind, schema_for};
use crate::source::{FileId, Sources};

pub use check::SpanIndex;
pub use experience::ExperienceRecord;

/// A domain sheet with its id and origin.
#[derive(Debug, Clone)]
pub struct DomainSheet {
    /// The id (file stem).
    pub id: String,
    /// The file it comes from.
    pub file: FileId,
    /// Its content.
    pub domain: Domain,
    /// What its own text gives the « Sigles » box of its sheets, computed
    /// at the first sheet ([`Materials::domain_acronyms`]).
    acronyms: std::sync::OnceLock<editorial::DomainAcronyms>,
}

impl DomainSheet {
    /// A domain sheet read from `file`.
    pub fn new(id: String, file: FileId, domain: Domain) -> DomainSheet {
        DomainSheet {
            id,
            file,
            domain,
            acronyms: std::sync::OnceLock::new(),
        }
    }
}

/// A commune profile with its id and origin.
#[derive(Debug, Clone)]
pub struct CommuneProfile {
    /// The id (file stem).
    pub id: String,
    /// The file it comes from.
    pub file: FileId,
    /// Its content.
    pub commune: Commune,
}

/// A workshop with its id and origin.
#[derive(Debug, Clone)]
pub struct WorkshopFile {
    /// The id (file stem).
    pub id: String,
    /// The file it comes from.
    pub file: FileId,
    /// Its content.
    pub workshop: Workshop,
    /// Its list of participants, read from `[participants] fichier` when
    /// the workshop names one that can be read.
    pub participants: Option<ParticipantList>,
}

/// A workshop's list of participants, read and sorted.
#[derive(Debug, Clone)]
pub struct ParticipantList {
    /// The spreadsheet, for locating diagnostics (its text is not kept).
    pub file: FileId,
    /// The people, sorted by name ([`crate::model::Participant::sort_key`]).
    pub people: Vec<crate::model::Participant>,
    /// The workshop's half-days, one presence of each person per half-day.
    pub half_days: Vec<crate::model::HalfDay>,
    /// Whether the list is fictitious (`fictif = true`): documents say so.
    pub fictitious: bool,
}

/// The validated materials: the product of the resolve stage.
///
/// Holds only the files without errors; the caller decides from the
/// diagnostics whether to go on.
#[derive(Debug, Clone, Default)]
pub struct Materials {
    /// The materials folder.
    pub root: PathBuf,
    /// The text of every file (for locating later diagnostics).
    pub sources: Sources,
    /// The collection settings (defaults when `collection.toml` is invalid).
    pub collection: Collection,
    /// Domain sheets, sorted by `ordre` then `titre` then id.
    pub domains: Vec<DomainSheet>,
    /// Commune profiles, by id.
    pub communes: Vec<CommuneProfile>,
    /// Workshops, by id.
    pub workshops: Vec<WorkshopFile>,
    /// Experience records (`experiences/<id>.toml`), by id.
    pub experiences: Vec<ExperienceRecord>,
    /// The glossary of acronyms (`sigles.toml`; empty without it).
    pub glossary: Glossary,
    /// Span of every value, per file, by path (`exemples.2.texte`).
    pub spans: HashMap<FileId, SpanIndex>,
    /// Folder of the font family named by `[polices]`, once found and loaded.
    pub font_folder: Option<PathBuf>,
    /// Every valid commune profile, in [`Materials::communes`]' order, whether
    /// it is in memory or was let go by [`resolve_lean`].
    pub roster: Vec<Listed>,
    /// Position in `roster` by id.
    listed: HashMap<String, usize>,
}

/// A valid commune profile, listed whether or not it is in memory.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The id (file stem).
    pub id: String,
    /// The file it comes from.
    pub file: FileId,
    /// For a profile let go by [`resolve_lean`]: the BLAKE3 hash of the text
    /// that was checked, to make sure the text read again is the same.
    checked: Option<[u8; 32]>,
    /// Whether the profile is a draft (`statut = "brouillon"`).
    pub draft: bool,
}

impl Materials {
    /// The span of the value at `path` (`exemples.2.texte`) in `file`; an
    /// empty span at the file's start when the path is not there.
    pub fn key_span(&self, file: FileId, path: &str) -> std::ops::Range<usize> {
        self.spans
            .get(&file)
            .and_then(|s| s.get(path))
            .cloned()
            .unwrap_or(0..0)
    }

    /// The domain sheet with this id.
    pub fn domain(&self, id: &str) -> Option<&DomainSheet> {
        self.domains.iter().find(|d| d.id == id)
    }

    /// The fonts of the collection: the family of `[polices]`, else the built-in Inter.
    pub fn font_book(&self) -> std::sync::Arc<FontBook> {
        match (&self.font_folder, &self.collection.fonts) {
            (Some(folder), Some(fonts)) => FontBook::from_folder(folder, &fonts.family)
                .map(std::sync::Arc::new)
                .unwrap_or_else(|_| FontBook::builtin()),
            _ => FontBook::builtin(),
        }
    }

    /// The commune profile with this id, if it is in memory (see
    /// [`Materials::load_communes`]).
    pub fn commune(&self, id: &str) -> Option<&CommuneProfile> {
        self.communes.iter().find(|c| c.id == id)
    }

    /// Whether a valid commune profile has this id (in memory or not).
    pub fn has_commune(&self, id: &str) -> bool {
        self.listed.contains_key(id)
    }

    /// Number of valid commune profiles (in memory or not).
    pub fn commune_count(&self) -> usize {
        self.roster.len()
    }

    fn list(&mut self, listed: Listed) {
        self.listed.insert(listed.id.clone(), self.roster.len());
        self.roster.push(listed);
    }

    /// Whether this file's profile was let go by [`resolve_lean`] (and may be
    /// read again, then let go again).
    fn lent(&self, file: FileId) -> bool {
        self.roster
            .binary_search_by_key(&file, |c| c.file)
            .is_ok_and(|i| self.roster[i].checked.is_some())
    }

    /// Lets go of a commune file just resolved by [`resolve_lean`]: its
    /// profile and span index (`typed`: it has a profile, the last one), and
    /// its text unless a diagnostic points into it (`keep_text`).
    fn let_go(&mut self, file: FileId, typed: bool, keep_text: bool, text: &str) {
        if keep_text {
            self.sources.restore(file, text.to_string());
        } else {
            self.sources.release(file);
        }
        self.spans.remove(&file);
        if typed {
            let profile = self.communes.pop().expect("the profile just added");
            self.list(Listed {
                id: profile.id,
                file,
                checked: Some(*blake3::hash(text.as_bytes()).as_bytes()),
                draft: profile.commune.status.is_draft(),
            });
        }
    }

    /// Reads again, parses and indexes the profiles of these communes that
    /// [`resolve_lean`] let go, so that their editions can be built. Ids
    /// unknown or already in memory are skipped. A file that cannot be read
    /// again, or whose text is no longer the one checked, gives an error
    /// (its profile stays out).
    pub fn load_communes<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> Diagnostics {
        let mut problems = Diagnostics::default();
        let wanted: Vec<Listed> = ids
            .into_iter()
            .filter(|id| self.commune(id).is_none())
            .filter_map(|id| self.listed.get(id).map(|&i| &self.roster[i]))
            .filter(|c| c.checked.is_some())
            .cloned()
            .collect();
        if wanted.is_empty() {
            return problems;
        }
        let root = self.root.clone();
        let mut ctx = check::Context {
            root: &root,
            domain_ids: self.domains.iter().map(|d| d.id.clone()).collect(),
            commune_ids: self.roster.iter().map(|c| c.id.clone()).collect(),
            experience_ids: self.experiences.iter().map(|e| e.id.clone()).collect(),
            images: HashMap::new(),
        };
        let schema = schema_for(FileKind::Commune);
        for listed in wanted {
            let source = self.sources.get(listed.file);
            let text = match crate::load::read_text(&source.path, listed.file) {
                Ok(text) if Some(*blake3::hash(text.as_bytes()).as_bytes()) == listed.checked => {
                    text
                }
                Ok(_) | Err(_) => {
                    problems.push(
                        Diagnostic::error(format!(
                            "le fichier « {} » a changé (ou a disparu) depuis sa vérification : l’édition « {} » n’est pas fabriquée",
                            source.name, listed.id
                        ))
                        .with_hint("relancez la fabrication"),
                    );
                    continue;
                }
            };
            let entry = crate::load::Entry {
                kind: FileKind::Commune,
                id: listed.id.clone(),
                file: listed.file,
                readable: true,
            };
            // Checked already: the diagnostics are those reported then.
            let mut ignored = Diagnostics::default();
            let raw = crate::load::parse_file(&entry, &text, &mut ignored);
            let spans = check::check_file(
                &mut ctx,
                listed.file,
                &text,
                &schema,
                &raw.table,
                &mut ignored,
            );
            if let Ok(mut commune) = Commune::deserialize(toml::de::Deserializer::from(raw.table)) {
                crate::compose::plain::typeset_commune(&mut commune, &self.collection);
                self.communes.push(CommuneProfile {
                    id: listed.id,
                    file: listed.file,
                    commune,
                });
                self.spans.insert(listed.file, spans);
                self.sources.restore(listed.file, text);
            }
        }
        problems
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

    /// The drafts (`statut = "brouillon"`), named for a message: « fiche
    /// « x » », « édition « y » », « livret « z » ».
    pub fn drafts(&self) -> Vec<String> {
        let domains = self.domains.iter().filter(|d| d.domain.status.is_draft());
        let communes = self.roster.iter().filter(|c| c.draft);
        let workshops = self
            .workshops
            .iter()
            .filter(|w| w.workshop.status.is_draft());
        let experiences = self
            .experiences
            .iter()
            .filter(|e| e.experience.status.is_draft());
        domains
            .map(|d| format!("fiche « {} »", d.id))
            .chain(communes.map(|c| format!("édition « {} »", c.id)))
            .chain(workshops.map(|w| format!("livret « {} »", w.id)))
            .chain(experiences.map(|e| format!("expérience « {} »", e.id)))
            .collect()
    }

    /// Leaves the drafts out of the materials, as a build without
    /// `--brouillons` does: draft sheets (also from the editions and
    /// handouts that list them), editions, handouts and experience records.
    pub fn leave_out_drafts(&mut self) {
        self.domains.retain(|d| !d.domain.status.is_draft());
        self.communes.retain(|c| !c.commune.status.is_draft());
        self.workshops.retain(|w| !w.workshop.status.is_draft());
        // A draft record is in no « qui fait quoi » and no commune's box
        // (the domain examples citing it took its short form already).
        self.experiences.retain(|e| !e.experience.status.is_draft());
        let roster = std::mem::take(&mut self.roster);
        self.listed.clear();
        for listed in roster.into_iter().filter(|c| !c.draft) {
            self.list(listed);
        }
    }

    /// What the text of `sheet`'s domain gives the « Sigles » box of its
    /// sheets: the same for every edition without an override, so computed
    /// once (the materials do not change once a sheet is composed).
    pub fn domain_acronyms<'s>(&self, sheet: &'s DomainSheet) -> &'s editorial::DomainAcronyms {
        sheet
            .acronyms
            .get_or_init(|| editorial::DomainAcronyms::of(&self.glossary, &sheet.domain))
    }

    /// The domain as a commune sees it: its `[surcharges.<id>]` applied.
    pub fn domain_for(&self, sheet: &DomainSheet, commune: Option<&Commune>) -> Domain {
        match commune.and_then(|c| c.overrides.get(&sheet.id)) {
            Some(patch) => {
                apply_override(&sheet.domain, patch).unwrap_or_else(|_| sheet.domain.clone())
            }
            None => sheet.domain.clone(),
        }
    }
}

/// Validates the loaded files and builds the model, with every diagnostic.
/// Every valid commune profile stays in memory ([`Materials::communes`]).
pub fn resolve(loaded: &Loaded) -> (Materials, Diagnostics) {
    resolve_with(loaded, false)
}

/// Like [`resolve`], with the same diagnostics, but the valid commune
/// profiles read from disk are checked one at a time and let go: only their
/// id and file stay ([`Materials::roster`]), until
/// [`Materials::load_communes`] reads the ones an edition needs again. The
/// text of a file stays in memory when a diagnostic points into it. Memory
/// then stays about flat whatever the number of communes.
pub fn resolve_lean(loaded: &Loaded) -> (Materials, Diagnostics) {
    resolve_with(loaded, true)
}

fn resolve_with(loaded: &Loaded, lean: bool) -> (Materials, Diagnostics) {
    // Diagnostics by stage, joined in this order before the final sort (which
    // keeps the order of diagnostics at the same place): load problems and
    // syntax errors, ids, each file's checks, then the rules across files.
    let mut early = loaded.diagnostics.clone();
    let mut ids = Diagnostics::default();
    let mut diags = Diagnostics::default();
    let (mut overrides, mut unused) = (Diagnostics::default(), Diagnostics::default());
    // What the checks between records and profiles need of each profile.
    let mut links = Vec::new();

    // 1. Ids: valid, not reserved, not duplicated.
    check_ids(loaded, &mut ids);

    // 2. Each file, one at a time: parsed (syntax errors are reported,
    //    parsing goes on), then checked against its schema, with references
    //    to every id found.
    let mut ctx = context(loaded);
    let schemas: BTreeMap<FileKind, serde_json::Value> = FileKind::ALL
        .into_iter()
        .map(|k| (k, schema_for(k)))
        .collect();
    let mut materials = Materials {
        root: loaded.root.clone(),
        sources: loaded.sources.clone(),
        ..Materials::default()
    };
    let mut checked = check_all_ahead(loaded, &ctx, &schemas, &ids);
    for entry in loaded.entries.iter().filter(|e| e.readable) {
        let source = loaded.sources.get(entry.file);
        let read;
        let text = if source.resident {
            source.text.as_str()
        } else {
            match crate::load::read_text(&source.path, entry.file) {
                Ok(t) => {
                    read = t;
                    read.as_str()
                }
                Err(problem) => {
                    early.push(*problem);
                    continue;
                }
            }
        };
        // What this file adds to each list is at its end: only that tail is
        // searched for the file's diagnostics (the ids were checked before).
        let since = [early.len(), diags.len(), overrides.len(), unused.len()];
        let ahead = checked.remove(&entry.file);
        let (raw, spans) = match ahead {
            Some(c) => {
                early.extend(c.parsing);
                diags.extend(c.checking);
                (c.raw, c.spans)
            }
            None => (crate::load::parse_file(entry, text, &mut early), None),
        };
        let file = entry.file;
        let errors =
            |d: &Diagnostics, from: usize| d.iter().skip(from).any(|d| d.is_error_in(file));
        let typed = resolve_file(
            &mut ctx,
            &mut materials,
            (raw, spans),
            text,
            &schemas,
            &mut diags,
            |diags| ids.has_errors_in(file) || errors(&early, since[0]) || errors(diags, since[1]),
        );
        if entry.kind != FileKind::Commune {
            continue;
        }
        // 3. The rules across files that a commune's profile takes part in
        //    (the domains are all read by now).
        if typed {
            let profile = materials.communes.last().expect("just added");
            check_overrides(&materials, profile, &mut overrides);
            warn_unused_actions(&materials, profile, &mut unused);
            links.push(experience::ProfileLinks::of(&materials, profile));
            language::warn_language(&materials, profile, &mut unused);
        }
        if lean && !source.resident {
            let pointed =
                |d: &Diagnostics, from: usize| d.iter().skip(from).any(|d| d.file() == Some(file));
            let keep_text = pointed(&ids, 0)
                || pointed(&early, since[0])
                || pointed(&diags, since[1])
                || pointed(&overrides, since[2])
                || pointed(&unused, since[3])
                // The checks against the records, once all read, may point
                // into its `experiences` list.
                || links.last().is_some_and(|l| l.file() == file && l.lists());
            materials.let_go(entry.file, typed, keep_text, text);
        } else if !source.resident {
            materials.sources.restore(entry.file, text.to_string());
        }
        if typed && (source.resident || !lean) {
            let profile = materials.communes.last().expect("just added");
            let listed = Listed {
                id: profile.id.clone(),
                file: profile.file,
                checked: None,
                draft: profile.commune.status.is_draft(),
            };
            materials.list(listed);
        }
    }

    // 4. Rules across files, on the typed values.
    let settings = across_files(&mut materials, &links);
    for bucket in [ids, diags, settings, overrides, unused] {
        early.extend(bucket);
    }
    // The lists of participants were added to the sources.
    early.sort(&materials.sources);
    (materials, early)
}

/// The context of the checks: the materials folder and every id found.
fn context(loaded: &Loaded) -> check::Context<'_> {
    let ids_of = |kind| {
        loaded
            .entries
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.id.clone())
            .collect::<Vec<_>>()
    };
    check::Context {
        root: &loaded.root,
        domain_ids: ids_of(FileKind::Domain),
        commune_ids: ids_of(FileKind::Commune),
        experience_ids: ids_of(FileKind::Experience),
        images: HashMap::new(),
    }
}

/// Parses and checks, in parallel, the files already in memory but the
/// communes (the collection, the domains, the workshops), each with its own
/// context (the image checks it remembers are pure): [`resolve_with`] takes
/// their results in order, so the diagnostics are the same. Communes stay
/// one at a time (the rules across files, and the lean resolve's memory).
fn check_all_ahead<'s>(
    loaded: &'s Loaded,
    ctx: &check::Context<'_>,
    schemas: &BTreeMap<FileKind, serde_json::Value>,
    ids: &Diagnostics,
) -> HashMap<FileId, Checked<'s>> {
    use rayon::prelude::*;
    loaded
        .entries
        .par_iter()
        .filter(|e| {
            e.readable && e.kind != FileKind::Commune && loaded.sources.get(e.file).resident
        })
        .map(|entry| {
            let mut ctx = ctx.clone();
            let text = loaded.sources.get(entry.file).text.as_str();
            (entry.file, check_ahead(&mut ctx, entry, text, schemas, ids))
        })
        .collect()
}

/// The rules across files, on the typed values, with their diagnostics; the
/// plain text fields of the profiles kept in memory typeset (the others are
/// when read again); the domains sorted. `links`: what the checks between
/// records and profiles need of each profile.
fn across_files(materials: &mut Materials, links: &[experience::ProfileLinks]) -> Diagnostics {
    for profile in &mut materials.communes {
        crate::compose::plain::typeset_commune(&mut profile.commune, &materials.collection);
    }
    let mut settings = Diagnostics::default();
    experience::link(materials);
    participants::attach(materials, &mut settings);
    experience::check_links(materials, links, &mut settings);
    check_collection_settings(materials, &mut settings);
    editorial::check(materials, &mut settings);
    materials.domains.sort_by(|a, b| {
        (a.domain.order.unwrap_or(i64::MAX), &a.domain.title, &a.id).cmp(&(
            b.domain.order.unwrap_or(i64::MAX),
            &b.domain.title,
            &b.id,
        ))
    });
    settings
}

/// A file parsed and checked ahead of [`resolve_file`], in parallel.
struct Checked<'s> {
    raw: RawFile<'s>,
    /// Syntax errors (the load stage's diagnostics).
    parsing: Diagnostics,
    /// What [`check::check_file`] reported.
    checking: Diagnostics,
    /// Its result, when the file was checked: not when empty, or with
    /// syntax or id errors.
    spans: Option<SpanIndex>,
}

/// Parses `text` and checks it as [`resolve_file`] would.
fn check_ahead<'s>(
    ctx: &mut check::Context<'_>,
    entry: &'s crate::load::Entry,
    text: &'s str,
    schemas: &BTreeMap<FileKind, serde_json::Value>,
    ids: &Diagnostics,
) -> Checked<'s> {
    let mut parsing = Diagnostics::default();
    let raw = crate::load::parse_file(entry, text, &mut parsing);
    let mut checking = Diagnostics::default();
    let file = entry.file;
    let spans = (!text.trim().is_empty()
        && !ids.has_errors_in(file)
        && !parsing.iter().any(|d| d.is_error_in(file)))
    .then(|| {
        check::check_file(
            ctx,
            file,
            text,
            &schemas[&entry.kind],
            &raw.table,
            &mut checking,
        )
    });
    Checked {
        raw,
        parsing,
        checking,
        spans,
    }
}

/// Checks one parsed file (unless `spans` says it was, ahead) and, without
/// errors, adds its typed value to `materials`; whether it did. `has_errors`
/// says whether the file has errors so far, in `diags` or reported before.
fn resolve_file(
    ctx: &mut check::Context<'_>,
    materials: &mut Materials,
    (raw, spans): (RawFile<'_>, Option<SpanIndex>),
    text: &str,
    schemas: &BTreeMap<FileKind, serde_json::Value>,
    diags: &mut Diagnostics,
    has_errors: impl Fn(&Diagnostics) -> bool,
) -> bool {
    let entry = raw.entry;
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::error("fichier vide")
                .in_file(entry.file, None)
                .with_hint(format!(
                    "complétez-le (voir docs/format.md), ou supprimez-le puis recréez-le avec « ancrage new {} {} »",
                    entry.kind.name(),
                    entry.id
                )),
        );
        return false;
    }
    // A file with syntax errors is only partly parsed: checking its content
    // would report keys as missing that are merely unreadable.
    let spans = match spans {
        // Checked ahead: its diagnostics are in `diags` already.
        Some(spans) => spans,
        None if has_errors(diags) => return false,
        None => check::check_file(
            ctx,
            entry.file,
            text,
            &schemas[&entry.kind],
            &raw.table,
            diags,
        ),
    };
    materials.spans.insert(entry.file, spans);
    if has_errors(diags) {
        return false;
    }
    // Files without errors become typed values.
    add_typed(materials, raw, diags)
}

fn add_typed(materials: &mut Materials, raw: RawFile<'_>, diags: &mut Diagnostics) -> bool {
    let entry = raw.entry;
    let (id, file) = (entry.id.clone(), entry.file);
    let table = raw.table;
    match entry.kind {
        FileKind::Collection => deserialize::<Collection>(table, file, diags)
            .map(|c| materials.collection = c)
            .is_some(),
        FileKind::Domain => deserialize::<Domain>(table, file, diags)
            .map(|domain| materials.domains.push(DomainSheet::new(id, file, domain)))
            .is_some(),
        FileKind::Commune => deserialize::<Commune>(table, file, diags)
            .map(|commune| {
                materials
                    .communes
                    .push(CommuneProfile { id, file, commune })
            })
            .is_some(),
        FileKind::Glossary => deserialize::<Glossary>(table, file, diags)
            .map(|g| materials.glossary = g)
            .is_some(),
        FileKind::Experience => deserialize::<Experience>(table, file, diags)
            .map(|experience| {
                materials.experiences.push(ExperienceRecord {
                    id,
                    file,
                    experience,
                })
            })
            .is_some(),
        FileKind::Workshop => deserialize::<Workshop>(table, file, diags)
            .map(|workshop| {
                materials.workshops.push(WorkshopFile {
                    id,
                    file,
                    workshop,
                    participants: None,
                })
            })
            .is_some(),
    }
}

/// Deserialises a checked file; a failure here means the schema walk missed a
/// case, reported rather than hidden.
fn deserialize<T: DeserializeOwned>(
    table: toml::Spanned<toml::de::DeTable<'_>>,
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<T> {
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(value) => Some(value),
        Err(err) => {
            diags.push(
                Diagnostic::error(format!("valeur inattendue : {}", err.message()))
                    .at(file, err.span().unwrap_or(0..0)),
            );
            None
        }
    }
}

fn check_ids(loaded: &Loaded, diags: &mut Diagnostics) {
    let entries: Vec<_> = loaded
        .entries
        .iter()
        .filter(|e| e.kind.folder().is_some())
        .collect();
    let taken = |kind: FileKind, id: &str| entries.iter().any(|e| e.kind == kind && e.id == id);
    // Valid ids first, so that a duplicate differing by case is reported on
    // the invalid name, not on the good one.
    let mut ordered = entries.clone();
    ordered.sort_by_key(|e| !values::is_valid_id(&e.id));
    let mut seen: HashMap<(FileKind, String), FileId> = HashMap::new();
    for entry in ordered {
        let folder = entry.kind.folder().unwrap_or_default();
        if !values::is_valid_id(&entry.id) {
            let suggestion = values::slugify(&entry.id);
            let hint = if taken(entry.kind, &suggestion) {
                format!(
                    "« {folder}/{suggestion}.toml » existe déjà : fusionnez les deux fichiers ou choisissez un autre nom"
                )
            } else {
                format!("renommez le fichier en « {folder}/{suggestion}.toml »")
            };
            diags.push(
                Diagnostic::error(format!(
                    "nom de fichier « {}.toml » invalide : l’identifiant ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets",
                    entry.id
                ))
                .in_file(entry.file, None)
                .with_hint(hint),
            );
        }
        if let Some(reason) = reserved_id(entry.kind, &entry.id) {
            diags.push(
                Diagnostic::error(format!(
                    "l’identifiant « {} » est réservé : {reason}",
                    entry.id
                ))
                .in_file(entry.file, None)
                .with_hint("renommez le fichier"),
            );
        }
        let key = (entry.kind, entry.id.to_lowercase());
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(format!(
                    "identifiant « {} » en double : il ne diffère de « {} » que par les majuscules",
                    entry.id,
                    loaded.sources.get(*first).name
                ))
                .in_file(entry.file, None)
                .with_hint("deux fichiers d’un même dossier doivent avoir des noms différents, majuscules mises à part (Windows et macOS ne les distinguent pas)"),
            );
        } else {
            seen.insert(key, entry.file);
        }
    }
}

/// Why an id cannot be used for a file of this kind, if it cannot: it would
/// collide with the files `build` writes.
pub fn reserved_id(kind: FileKind, id: &str) -> Option<&'static str> {
    match kind {
        FileKind::Commune if id == "generique" => {
            Some("le dossier output/generique/ reçoit les fiches sans personnalisation")
        }
        FileKind::Commune if id == "ateliers" => {
            Some("le dossier output/ateliers/ reçoit les livrets des ateliers")
        }
        FileKind::Commune if id == "experiences" => Some(
            "le dossier output/experiences/ reçoit les fiches d’expérience et l’annuaire « qui fait quoi »",
        ),
        FileKind::Domain if id == "qui-fait-quoi" => {
            Some("le fichier qui-fait-quoi.pdf d’une édition est son annuaire « qui fait quoi »")
        }
        FileKind::Domain if id == "recueil" => {
            Some("le fichier recueil.pdf est le recueil de toutes les fiches")
        }
        FileKind::Experience if id == "recueil-experiences" || id == "qui-fait-quoi" => Some(
            "output/experiences/ reçoit sous ce nom le recueil des expériences ou l’annuaire « qui fait quoi »",
        ),
        FileKind::Workshop if id.ends_with("-impression") => Some(
            "la terminaison « -impression » est celle du fichier d’impression en livret d’un autre atelier",
        ),
        FileKind::Workshop
            if crate::build::KitDocument::ALL
                .iter()
                .any(|d| id.ends_with(d.suffix()))
                || id.contains("-attestation-ligne-") =>
        {
            Some(
                "les terminaisons « -emargement », « -badges », « -chevalets », « -evaluation » et « -attestations » sont celles des documents du kit d’un autre atelier",
            )
        }
        FileKind::Domain | FileKind::Workshop
            if crate::build::VARIANT_SUFFIXES
                .iter()
                .any(|suffix| id.ends_with(suffix)) =>
        {
            Some(
                "les terminaisons « -gros-caracteres », « -gris » et « -fond-perdu » sont celles des fichiers des éditions en gros caractères, en niveaux de gris et avec fond perdu",
            )
        }
        _ => None,
    }
}

/// Checks the hyphenation exceptions and loads the font family the collection names.
/// Crop marks are drawn in the bleed, outside the trimmed page: with less
/// than 3 mm they would touch the page edge, and a cutter's tolerance is about 1 mm.
pub const MIN_BLEED_FOR_CROP_MARKS_MM: f32 = 3.0;

fn check_collection_settings(materials: &mut Materials, diags: &mut Diagnostics) {
    let Some(file) = materials.sources.find("collection.toml") else {
        return;
    };
    let span = |path: &str| materials.key_span(file, path);
    if let Some(print) = &materials.collection.printing
        && print.crop_marks
        && print.bleed_mm < MIN_BLEED_FOR_CROP_MARKS_MM
    {
        diags.push(
            Diagnostic::error("des traits de coupe demandent un fond perdu d’au moins 3 mm")
                .at(file, span("impression.traits_de_coupe"))
                .with_hint(
                    "ajoutez « fond_perdu = 3 » dans [impression], ou retirez « traits_de_coupe »",
                ),
        );
    }
    let exceptions = materials.collection.hyphenation_exceptions().to_vec();
    for (i, entry) in exceptions.iter().enumerate() {
        if let Err(messages) = Hyphenator::new(std::slice::from_ref(entry)) {
            for m in messages {
                diags.push(
                    Diagnostic::error(format!("césure invalide : {m}"))
                        .at(file, span(&format!("typographie.cesures.{i}")))
                        .with_hint("écrivez le mot avec un tiret à chaque coupure permise, par exemple \"co-opé-ra-tion\""),
                );
            }
        }
    }
    if let Err(messages) = Hyphenator::new(&exceptions)
        && exceptions
            .iter()
            .all(|e| Hyphenator::new(std::slice::from_ref(e)).is_ok())
    {
        for m in messages {
            diags.push(
                Diagnostic::error(format!("césures contradictoires : {m}"))
                    .at(file, span("typographie.cesures")),
            );
        }
    }
    if let Some(fonts) = materials.collection.fonts.clone() {
        match load_font_family(&materials.root, &fonts.family) {
            Ok(folder) => materials.font_folder = Some(folder),
            Err(message) => diags.push(
                Diagnostic::error(message)
                    .at(file, span("polices.famille"))
                    .with_hint("placez les fichiers de la famille dans le dossier fonts/ (Nom-Regular.otf, Nom-Italic.otf, Nom-Bold.otf, Nom-BoldItalic.otf), ou retirez [polices] pour garder Inter"),
            ),
        }
    }
}

/// Where a `[polices]` family is looked for, in order: `<materials>/fonts`,
/// then `fonts/` beside the materials folder.
pub fn font_folders(root: &std::path::Path) -> [PathBuf; 2] {
    [
        root.join("fonts"),
        root.parent().unwrap_or(root).join("fonts"),
    ]
}

/// Finds the folder holding `family` (see [`font_folders`]) and checks that
/// the family loads.
pub fn load_font_family(root: &std::path::Path, family: &str) -> Result<PathBuf, String> {
    let candidates = font_folders(root);
    let mut last = None;
    for folder in candidates.iter().filter(|f| f.is_dir()) {
        match FontBook::from_folder(folder, family) {
            Ok(_) => return Ok(folder.clone()),
            Err(err) => last = Some(err.to_string()),
        }
    }
    Err(last.unwrap_or_else(|| format!("police « {family} » introuvable : aucun dossier fonts/ dans ou à côté du dossier des matériaux")))
}

/// Applies a `[surcharges.<id>]` table to a domain.
pub fn apply_override(domain: &Domain, patch: &toml::Table) -> Result<Domain, toml::de::Error> {
    let mut value = toml::Table::try_from(domain).expect("a domain serialises to TOML");
    for (key, v) in patch {
        value.insert(key.clone(), v.clone());
    }
    value.try_into()
}

fn check_overrides(materials: &Materials, profile: &CommuneProfile, diags: &mut Diagnostics) {
    {
        for (id, patch) in &profile.commune.overrides {
            let Some(sheet) = materials.domain(id) else {
                continue;
            };
            let range = materials.key_span(profile.file, &format!("surcharges.{id}"));
            match apply_override(&sheet.domain, patch) {
                Err(err) => diags.push(
                    Diagnostic::error(format!("surcharge de « {id} » inapplicable : {}", err.message()))
                        .at(profile.file, range),
                ),
                Ok(merged) if merged.stakes.is_empty() && merged.levers.is_empty() => diags.push(
                    Diagnostic::error(format!(
                        "avec cette surcharge, la fiche « {id} » n’a plus ni « enjeux » ni « leviers »"
                    ))
                    .at(profile.file, range)
                    .with_hint("une fiche a besoin d’au moins l’un des deux : ne remplacez pas « enjeux » par une liste vide"),
                ),
                Ok(_) => {}
            }
        }
    }
}

fn warn_unused_actions(materials: &Materials, profile: &CommuneProfile, diags: &mut Diagnostics) {
    {
        let Some(chosen) = &profile.commune.domains else {
            return;
        };
        for (i, partner) in profile.commune.partners.iter().enumerate() {
            for (j, domain) in partner.domains.iter().flatten().enumerate() {
                if chosen.contains(domain) {
                    continue;
                }
                let range =
                    materials.key_span(profile.file, &format!("partenaires.{i}.domaines.{j}"));
                diags.push(
                    Diagnostic::warning(format!(
                        "l’association « {} » n’apparaîtra pas sur la fiche « {domain} » : cette fiche n’est pas dans « domaines »",
                        partner.name
                    ))
                    .at(profile.file, range)
                    .with_hint(format!("ajoutez \"{domain}\" à la liste domaines du début du fichier, ou retirez-la ici")),
                );
            }
        }
        for (i, action) in profile.commune.actions.iter().enumerate() {
            if chosen.contains(&action.domain) {
                continue;
            }
            let range = materials.key_span(profile.file, &format!("actions.{i}.domaine"));
            diags.push(
                Diagnostic::warning(format!(
                    "l’action « {} » ne sera imprimée nulle part : la fiche « {} » n’est pas dans « domaines »",
                    action.title, action.domain
                ))
                .at(profile.file, range)
                .with_hint(format!("ajoutez \"{}\" à la liste domaines du début du fichier", action.domain)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 18, point 7: a sheet or workshop named like another's variant
    /// file (`jeunesse-gris`) would be overwritten by it, or overwrite it.
    #[test]
    fn ids_ending_like_a_variant_file_are_reserved() {
        for id in ["jeunesse-gris", "eau-fond-perdu", "sante-gros-caracteres"] {
            assert!(reserved_id(FileKind::Domain, id).is_some(), "{id}");
            assert!(reserved_id(FileKind::Workshop, id).is_some(), "{id}");
        }
        assert!(reserved_id(FileKind::Domain, "grisaille").is_none());
        assert!(reserved_id(FileKind::Commune, "ville-gris").is_none());
    }
    use crate::build::{self, Selection};
    use crate::load;

    #[test]
    fn lean_resolve_reports_the_same_and_reads_profiles_back_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let (full, full_diags) = resolve(&load::load(&root).unwrap());
        let (mut lean, lean_diags) = resolve_lean(&load::load_lazily(&root).unwrap());
        assert!(full_diags.iter().eq(lean_diags.iter()));
        assert!(lean.communes.is_empty(), "profiles let go");
        assert_eq!(lean.commune_count(), full.communes.len());
        let commune = full.communes[0].file;
        assert!(!lean.sources.get(commune).resident);
        assert!(lean.sources.get(commune).text.is_empty());

        let ids: Vec<String> = lean.roster.iter().map(|c| c.id.clone()).collect();
        let problems = lean.load_communes(ids.iter().map(String::as_str));
        assert!(problems.is_empty());
        for (a, b) in full.communes.iter().zip(&lean.communes) {
            assert_eq!((&a.id, a.file, &a.commune), (&b.id, b.file, &b.commune));
            assert_eq!(full.spans[&a.file], lean.spans[&b.file]);
            assert_eq!(full.sources.get(a.file).text, lean.sources.get(b.file).text);
        }
        assert_eq!(lean.communes.len(), full.communes.len());
        let all = Selection::default();
        assert_eq!(build::plan(&full, &all).ok(), build::plan(&lean, &all).ok());

        lean.unload_communes(|file| file == commune);
        assert!(lean.communes.is_empty() && lean.spans.len() < full.spans.len());
        assert!(lean.sources.get(commune).resident, "kept for a diagnostic");
        assert!(!lean.sources.get(full.communes[1].file).resident);
    }
}
