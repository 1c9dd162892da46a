//! Resolve stage: validate every parsed file and build the [`Materials`] model,
//! collecting all diagnostics (`ancrage check` stops here).

mod ahead;
pub mod check;
mod communes;
pub mod editorial;
pub mod experience;
mod language;
mod overrides;
pub mod participants;
mod settings;
pub mod territory;
pub mod values;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::fonts::FontBook;
use crate::load::{Loaded, RawFile};
use crate::model::{Collection, Commune, Domain, Experience, Glossary, Workshop};
use crate::schema::{FileKind, schema_for};
use crate::source::{FileId, Sources};

use ahead::{Found, PROFILES_AHEAD, check_profiles_ahead, read_ahead};
pub use check::SpanIndex;
pub use communes::{Listed, LoadedEdition, Missing, ReadCommunes};
pub use experience::ExperienceRecord;
pub use overrides::apply_override;
use overrides::{check_overrides, warn_unused_actions};
use settings::check_collection_settings;
pub use settings::{MIN_BLEED_FOR_CROP_MARKS_MM, font_folders, load_font_family};

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
    /// What the territory's « qui fait quoi » prints of every valid commune
    /// profile that acts somewhere, once gathered: see
    /// [`Materials::territory`] and [`territory::TerritoryEntry`].
    territory: std::sync::OnceLock<std::sync::Arc<[territory::TerritoryEntry]>>,
}

impl Materials {
    /// The span of the value at `path` (`exemples.2.texte`) in `file`, else
    /// of its nearest enclosing value written there (`exemples.2`, then
    /// `exemples`: a default left unwritten is reported at its table);
    /// `None` when neither the path nor any part of it is in the file, so
    /// that a wrong path is never silently located at byte 0 (see
    /// [`Diagnostic::at_or_in`]).
    pub fn key_span(&self, file: FileId, path: &str) -> Option<std::ops::Range<usize>> {
        let spans = self.spans.get(&file)?;
        let mut path = path;
        loop {
            if let Some(range) = spans.get(path) {
                return Some(range.clone());
            }
            path = &path[..path.rfind('.')?];
        }
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
        self.leave_out_draft_entries();
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

    /// The domain as a commune sees it: its `[surcharges.<id>]` applied, else
    /// the domain itself, borrowed (not copied whole for each sheet and
    /// each fingerprint).
    pub fn domain_for<'s>(
        &self,
        sheet: &'s DomainSheet,
        commune: Option<&Commune>,
    ) -> std::borrow::Cow<'s, Domain> {
        use std::borrow::Cow;
        match commune.and_then(|c| c.overrides.get(&sheet.id)) {
            Some(patch) => Cow::Owned(
                apply_override(&sheet.domain, patch).unwrap_or_else(|_| sheet.domain.clone()),
            ),
            None => Cow::Borrowed(&sheet.domain),
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
    let mut found = Found {
        early: loaded.diagnostics.clone(),
        ..Found::default()
    };

    // 1. Ids: valid, not reserved, not duplicated.
    check_ids(loaded, &mut found.ids);

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
    let mut checked = check_all_ahead(loaded, &ctx, &schemas, &found.ids);
    // The editorial checks' template search, made at the first profile let go.
    let mut templates: Option<editorial::Templates> = None;
    let readable: Vec<&crate::load::Entry> = loaded.entries.iter().filter(|e| e.readable).collect();
    for window in readable.chunks(PROFILES_AHEAD) {
        // The commune profiles of this window, read, parsed and checked on
        // rayon's pool; then each file of the window in order, as before.
        let texts = read_ahead(loaded, window);
        let mut profiles = check_profiles_ahead(window, &texts, &ctx, &schemas, &found.ids);
        let mut let_go = Vec::new();
        for (entry, text) in window.iter().copied().zip(&texts) {
            let text = match text {
                Ok(text) => text.as_ref(),
                Err(problem) => {
                    found.early.push((**problem).clone());
                    continue;
                }
            };
            let ahead = checked
                .remove(&entry.file)
                .or_else(|| profiles.remove(&entry.file));
            let file = (entry, text, ahead);
            let resolving = (&mut ctx, &schemas);
            let_go.extend(found.file(resolving, &mut materials, file, lean));
        }
        // 3. The editorial checks of the profiles let go, on rayon's pool,
        //    then each let go, or listed, in order.
        if !let_go.is_empty() {
            let templates = &*templates.get_or_insert_with(editorial::Templates::new);
            found.let_go(&mut materials, let_go, templates);
        }
    }

    // 4. Rules across files, on the typed values.
    let settings = across_files(&mut materials, &found.links);
    let Found {
        mut early,
        ids,
        diags,
        overrides,
        unused,
        ..
    } = found;
    for bucket in [ids, diags, settings, overrides, unused] {
        early.extend(bucket);
    }
    // The lists of participants were added to the sources.
    early.sort(&materials.sources);
    (materials, early)
}

/// Step 3 of [`resolve_with`] for the profile just typed (the last of
/// `materials.communes`): the rules across files it takes part in (its
/// editorial checks, if it is let go, come after: [`Found::let_go`]).
fn check_profile_across(
    materials: &mut Materials,
    (overrides, unused, links): (
        &mut Diagnostics,
        &mut Diagnostics,
        &mut Vec<experience::ProfileLinks>,
    ),
) {
    let profile = materials.communes.last().expect("just added");
    check_overrides(materials, profile, overrides);
    warn_unused_actions(materials, profile, unused);
    links.push(experience::ProfileLinks::of(materials, profile));
    language::warn_language(materials, profile, unused);
}

/// Lists the profile of `file`, kept in memory, in the roster, as read.
fn list_profile(materials: &mut Materials, file: FileId) {
    let profile = (materials.communes.iter().rev().find(|p| p.file == file)).expect("just added");
    let listed = Listed {
        id: profile.id.clone(),
        file: profile.file,
        checked: None,
        draft: profile.commune.status.is_draft(),
    };
    materials.list(listed);
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
            .into()
    };
    check::Context {
        root: &loaded.root,
        domain_ids: ids_of(FileKind::Domain),
        commune_ids: ids_of(FileKind::Commune),
        experience_ids: ids_of(FileKind::Experience),
        images: Default::default(),
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
                    .at_or_in(file, err.span()),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 20 §3: a key path that is not in its file is never located at
    /// byte 0: at its nearest enclosing value, else in the file, without a
    /// line.
    #[test]
    fn a_missing_key_path_is_located_at_its_table_never_at_byte_0() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let materials = resolve(&crate::load::load(&root).unwrap()).0;
        let file = materials.domain("jeunesse").unwrap().file;
        let example = materials.key_span(file, "exemples.0").unwrap();
        assert!(example.start > 0);
        assert_eq!(
            materials.key_span(file, "exemples.0.champ_absent"),
            Some(example)
        );
        assert_eq!(materials.key_span(file, "nulle_part.du_tout"), None);
        let d = Diagnostic::warning("x").at_or_in(file, None);
        assert!(matches!(
            d.location,
            Some(crate::diag::Location::File { line_col: None, .. })
        ));
    }

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
