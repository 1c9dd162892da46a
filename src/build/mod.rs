//! What `ancrage build` makes: the list of output files for a selection, and
//! the laid-out document behind each one (sheets, collections, handouts).

mod books;
use books::{Part, assemble, collection, handout};
mod driver;
mod experiences;
pub mod fingerprint;
pub mod kit;
mod target;
mod territory;

use crate::compose::Composed;
use crate::diag::{Diagnostic, Diagnostics};
use crate::export::Metadata;
use crate::layout::document::Document;
use crate::layout::flow;
use crate::model::Language;
use crate::render::{self, Engine};
use crate::resolve::{DomainSheet, LoadedEdition, Materials, Missing, WorkshopFile};

pub use crate::model::{Edition, GENERIC};

/// The folder of `output/` holding the experience sheets.
pub const EXPERIENCES: &str = "experiences";

pub use driver::{
    Batch, EDITIONS_AT_ONCE, Event, Failure, Fingerprint, Freshness, Made, Never, Options, Sink,
    Summary, name_edition, run,
};
pub use experiences::collection_records;
pub use target::{
    EXPERIENCE_COLLECTION, KitDocument, LARGE_PRINT_SUFFIX, Target, VARIANT_SUFFIXES, Variant,
};

/// The file name of a « qui fait quoi ».
const DIRECTORY_FILE: &str = "qui-fait-quoi.pdf";

/// What to build; empty lists mean everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Editions (from `--commune`: a commune id, or [`GENERIC`]).
    pub editions: Vec<Edition>,
    /// Domain ids (then no collections are built).
    pub domains: Vec<String>,
    /// Workshop ids (then only these handouts are built, unless editions or
    /// domains are also asked for).
    pub workshops: Vec<String>,
    /// Experience record ids (then only these sheets are built, unless
    /// editions or domains are also asked for); without any filter, every
    /// validated record's sheet is built.
    pub experiences: Vec<String>,
}

/// The output files of a selection, in a stable order; unknown ids are errors.
/// The commune profiles of the editions must be in memory (see
/// [`Materials::load_communes`]); [`schedule`] plans edition by edition.
pub fn plan(materials: &Materials, selection: &Selection) -> Result<Vec<Target>, Diagnostics> {
    let schedule = schedule(materials, selection)?;
    let editions: Vec<LoadedEdition> = (schedule.editions.iter())
        .map(|e| materials.edition(e))
        .collect::<Result<_, Missing>>()
        .map_err(|missing| {
            let mut problems = Diagnostics::default();
            problems.push(missing.diagnostic());
            problems
        })?;
    let mut targets = schedule.targets(materials, &editions);
    targets.extend(schedule.handouts(materials));
    Ok(targets)
}

/// What a selection builds, edition by edition: the targets of an edition
/// are only listed when it is built, its commune profile then in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// The editions, in order: the generic one first, then the communes'.
    pub editions: Vec<Edition>,
    /// Only these domains (empty: every sheet, with the collections).
    domains: Vec<String>,
    /// The workshops whose handouts are made, after every edition.
    pub workshops: Vec<String>,
    /// The experience records whose sheets are made, with the handouts.
    pub experiences: Vec<String>,
    /// Whether the territory's « qui fait quoi » is made, with the handouts
    /// (every commune profile in memory then: see [`Schedule::handout_communes`]).
    pub directory: bool,
    /// The collection of experiences is made, after the records' sheets
    /// (a build with no filter).
    pub experience_collection: bool,
    /// How every file is printed (grey levels, bleed): see [`Schedule::in_variant`].
    print: Variant,
    /// Every edition and handout is also made in large print (the
    /// collection's `[impression] gros_caracteres`, or `--gros-caracteres`);
    /// else only those of the communes whose profile asks for it.
    large_print: bool,
    /// Only the certificate of the participant at this row of the one
    /// workshop's list (`--participant`): see [`Schedule::for_participant`].
    participant: Option<usize>,
}

impl Schedule {
    /// The same schedule with every file in the print variant `print` (grey
    /// levels, bleed), and, when `print.large_print`, every edition and
    /// handout in large print too, next to its standard edition.
    pub fn in_variant(mut self, print: Variant) -> Schedule {
        self.large_print |= print.large_print;
        self.print = Variant {
            large_print: false,
            ..print
        };
        self
    }

    /// The same schedule making only the certificate of attendance of the
    /// participant `query` names (a row number or a part of a name, see
    /// [`kit::find_participant`]) in its one workshop; an error names no one.
    pub fn for_participant(
        mut self,
        materials: &Materials,
        query: &str,
    ) -> Result<Schedule, Diagnostics> {
        let only = match self.workshops.as_slice() {
            [id] => workshop(materials, id).expect("scheduled workshops exist"),
            _ => {
                let mut problems = Diagnostics::default();
                problems.push(
                    Diagnostic::error("--participant demande un atelier, et un seul")
                        .with_hint("ajoutez --atelier <identifiant de l’atelier>"),
                );
                return Err(problems);
            }
        };
        match kit::find_participant(only, query) {
            Ok(line) => {
                self.participant = Some(line);
                self.editions.clear();
                self.experiences.clear();
                Ok(self)
            }
            Err(d) => {
                let mut problems = Diagnostics::default();
                problems.push(*d);
                Err(problems)
            }
        }
    }

    /// Whether the large-print edition of `edition` is made too.
    fn large_print_of(&self, edition: LoadedEdition) -> bool {
        self.large_print || edition.commune().is_some_and(|c| c.large_print())
    }

    /// `standard` targets in this schedule's print variant, then, when
    /// `large`, the same in large print.
    fn with_variants(&self, standard: Vec<Target>, large: bool, out: &mut Vec<Target>) {
        let large_print = Variant {
            large_print: true,
            ..self.print
        };
        if large {
            // The workshop kit has no large-print edition: its badges and
            // table tents have fixed sizes, and its attendance sheet and
            // certificates overflow their tables and frames at 14 pt.
            let again: Vec<Target> = standard
                .iter()
                .filter(|t| !matches!(t, Target::Kit { .. } | Target::Certificate { .. }))
                .map(|t| t.clone().in_variant(large_print))
                .collect();
            out.extend(standard.into_iter().map(|t| t.in_variant(self.print)));
            out.extend(again);
        } else {
            out.extend(standard.into_iter().map(|t| t.in_variant(self.print)));
        }
    }

    /// At most how many targets the schedule makes: with a list of domains,
    /// that many sheets per edition, plus the handouts; without, no useful
    /// bound (every sheet and the collections).
    pub fn most_targets(&self) -> usize {
        if self.domains.is_empty() {
            return usize::MAX;
        }
        // A commune's profile may ask for its large-print edition too.
        self.editions
            .len()
            .saturating_mul(self.domains.len())
            .saturating_add(self.workshops.len() * (1 + KitDocument::ALL.len()))
            .saturating_add(self.experiences.len())
            .saturating_add(usize::from(self.experience_collection))
            .saturating_mul(2)
    }

    /// The targets of these editions (taken from [`Schedule::editions`],
    /// their profiles in memory), in order: each edition's sheets, then its
    /// collection.
    pub fn targets(&self, materials: &Materials, editions: &[LoadedEdition]) -> Vec<Target> {
        let mut targets = Vec::new();
        for &loaded in editions {
            let edition = Edition::of(loaded.id());
            let mut standard = Vec::new();
            for sheet in edition_sheets(materials, loaded) {
                if self.domains.is_empty() || self.domains.contains(&sheet.id) {
                    standard.push(Target::Sheet {
                        domain: sheet.id.clone(),
                        edition: edition.clone(),
                    });
                }
            }
            if self.domains.is_empty() {
                standard.push(Target::Collection {
                    edition: edition.clone(),
                });
                // A commune's collection of experiences, when records
                // concern it, and its « qui fait quoi », when anything does.
                if let Some(id) = loaded.id()
                    && !materials.experiences_of(id).is_empty()
                {
                    standard.push(Target::ExperienceCollection {
                        commune: Some(id.to_string()),
                    });
                }
                // A commune's « qui fait quoi », when something concerns it.
                if let Some(id) = loaded.id()
                    && !crate::resolve::territory::who_does_what(materials, Some(id)).is_empty()
                {
                    standard.push(Target::Directory {
                        commune: Some(id.to_string()),
                    });
                }
            }
            self.with_variants(standard, self.large_print_of(loaded), &mut targets);
        }
        targets
    }

    /// At most how many files the schedule writes, and how many bytes their
    /// paths take (relative to the output folder): every domain's sheet in
    /// each edition unless a list of domains was given, its collection, and
    /// each handout with its imposed booklet. For the build's manifest to
    /// make room for them at once.
    pub fn paths_bound(&self, materials: &Materials) -> (usize, usize) {
        let names: Vec<usize> = if self.domains.is_empty() {
            materials.domains.iter().map(|d| d.id.len() + 4).collect()
        } else {
            self.domains.iter().map(|d| d.len() + 4).collect()
        };
        // The collection and the commune's « qui fait quoi ».
        let per_edition = names.len() + 2 * usize::from(self.domains.is_empty());
        let name_bytes = names.iter().sum::<usize>()
            + if self.domains.is_empty() {
                "recueil.pdf".len() + DIRECTORY_FILE.len()
            } else {
                0
            };
        let (mut files, mut bytes) = (0usize, 0usize);
        let suffix = self.print.suffix().len();
        for edition in &self.editions {
            let folder = edition.folder().len() + 1;
            files = files.saturating_add(per_edition);
            bytes = bytes.saturating_add((folder + suffix) * per_edition + name_bytes);
        }
        for id in &self.workshops {
            files = files.saturating_add(2);
            let stem = "ateliers/".len() + id.len() + suffix;
            bytes = bytes.saturating_add(2 * stem + ".pdf".len() + "-impression.pdf".len());
            // Its kit's documents.
            for target in workshop(materials, id)
                .map(kit::targets)
                .unwrap_or_default()
            {
                files = files.saturating_add(1);
                bytes = bytes.saturating_add(target.path().to_string_lossy().len() + suffix);
            }
        }
        if self.directory {
            files = files.saturating_add(1);
            let path = EXPERIENCES.len() + 1 + DIRECTORY_FILE.len() + suffix;
            bytes = bytes.saturating_add(path);
        }
        let collection = self.experience_collection.then_some(EXPERIENCE_COLLECTION);
        for id in self
            .experiences
            .iter()
            .map(String::as_str)
            .chain(collection)
        {
            files = files.saturating_add(1);
            let path = EXPERIENCES.len() + 1 + id.len() + suffix + ".pdf".len();
            bytes = bytes.saturating_add(path);
        }
        // Every file again in large print (a commune's own request is not
        // known before its profile is read: the manifest grows then).
        if self.large_print {
            let large = LARGE_PRINT_SUFFIX.len();
            bytes = bytes.saturating_mul(2).saturating_add(files * large);
            files = files.saturating_mul(2);
        }
        (files, bytes)
    }

    /// The handouts, last, each in large print too when the schedule or the
    /// profile of the workshop's commune asks for it (the profile must be
    /// in memory: see [`Schedule::handout_communes`]).
    pub fn handouts(&self, materials: &Materials) -> Vec<Target> {
        let mut targets = Vec::new();
        for id in &self.workshops {
            let w = workshop(materials, id);
            let commune = w.and_then(|w| w.workshop.commune.as_deref());
            // A profile not in memory (not listed by `handout_communes`)
            // asks for nothing more; its handout then reports it.
            let edition = materials.edition_of(commune);
            let large = self.large_print_of(edition.unwrap_or(LoadedEdition::Generic));
            let standard = match self.participant {
                Some(line) => vec![Target::Certificate {
                    workshop: id.clone(),
                    line,
                }],
                None => {
                    // The booklet, then its kit (issue 22).
                    let mut standard = vec![Target::Handout {
                        workshop: id.clone(),
                    }];
                    standard.extend(w.map(kit::targets).unwrap_or_default());
                    standard
                }
            };
            self.with_variants(standard, large, &mut targets);
        }
        // Then the experience sheets and their collection (no commune
        // profile needed), in the print variant, and in large print when
        // every output is.
        let mut standard: Vec<Target> = self
            .experiences
            .iter()
            .map(|id| Target::Experience { id: id.clone() })
            .collect();
        if self.experience_collection {
            standard.push(Target::ExperienceCollection { commune: None });
        }
        self.with_variants(standard, self.large_print, &mut targets);
        // Then the territory's « qui fait quoi ».
        if self.directory {
            let standard = vec![Target::Directory { commune: None }];
            self.with_variants(standard, self.large_print, &mut targets);
        }
        targets
    }

    /// The communes whose profiles the handouts need.
    /// With the territory's « qui fait quoi », every commune.
    pub fn handout_communes<'m>(&self, materials: &'m Materials) -> Vec<&'m str> {
        if self.directory {
            return materials.roster.iter().map(|c| c.id.as_str()).collect();
        }
        self.workshops
            .iter()
            .filter_map(|id| workshop(materials, id))
            .filter_map(|w| w.workshop.commune.as_deref())
            .collect()
    }
}

/// The editions and handouts of a selection, in a stable order; unknown ids
/// are errors.
pub fn schedule(materials: &Materials, selection: &Selection) -> Result<Schedule, Diagnostics> {
    // 1. Every id asked for must exist.
    let mut problems = Diagnostics::default();
    for id in selection.editions.iter().filter_map(Edition::commune) {
        if !materials.has_commune(id) {
            let known = materials.roster.iter().map(|c| c.id.as_str());
            problems.push(unknown("commune", id, known.chain([GENERIC])));
        }
    }
    for id in &selection.domains {
        if materials.domain(id).is_none() {
            problems.push(unknown(
                "fiche",
                id,
                materials.domains.iter().map(|d| d.id.as_str()),
            ));
        }
    }
    for id in &selection.experiences {
        // The collection's name is reserved (no record takes it): it asks
        // for the collection alone.
        if materials.experience(id).is_none() && id != EXPERIENCE_COLLECTION {
            problems.push(unknown(
                "expérience",
                id,
                materials.experiences.iter().map(|e| e.id.as_str()),
            ));
        }
    }
    for id in &selection.workshops {
        if workshop(materials, id).is_none() {
            problems.push(unknown(
                "atelier",
                id,
                materials.workshops.iter().map(|w| w.id.as_str()),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // 2. Editions, unless only workshops are asked for.
    let only_workshops = !(selection.workshops.is_empty() && selection.experiences.is_empty())
        && selection.editions.is_empty()
        && selection.domains.is_empty();
    let mut schedule = Schedule {
        domains: selection.domains.clone(),
        large_print: materials
            .collection
            .printing
            .as_ref()
            .is_some_and(|p| p.large_print),
        ..Schedule::default()
    };
    if !only_workshops {
        let asked = |edition: &Edition| {
            selection.editions.is_empty() || selection.editions.contains(edition)
        };
        if asked(&Edition::Generic) {
            schedule.editions.push(Edition::Generic);
        }
        for listed in &materials.roster {
            let edition = Edition::Commune(listed.id.clone());
            if asked(&edition) {
                schedule.editions.push(edition);
            }
        }
    }
    // 3. Handouts: all of them with no filter, else the ones asked for.
    let all = selection.editions.is_empty() && selection.domains.is_empty();
    let none_named = selection.workshops.is_empty() && selection.experiences.is_empty();
    for w in &materials.workshops {
        if selection.workshops.contains(&w.id) || (all && none_named) {
            schedule.workshops.push(w.id.clone());
        }
    }
    // 4. The territory's « qui fait quoi », in a build of everything.
    schedule.directory = all && none_named;
    // 5. Experience sheets: every one with no filter (the drafts are left
    //    out of the materials unless `--brouillons`), and their collection;
    //    else the ones asked for.
    for e in &materials.experiences {
        if selection.experiences.contains(&e.id) || (all && none_named) {
            schedule.experiences.push(e.id.clone());
        }
    }
    let named = selection
        .experiences
        .iter()
        .any(|id| id == EXPERIENCE_COLLECTION);
    schedule.experience_collection =
        !materials.experiences.is_empty() && (named || (all && none_named));
    Ok(schedule)
}

fn workshop<'m>(materials: &'m Materials, id: &str) -> Option<&'m WorkshopFile> {
    materials.workshops.iter().find(|w| w.id == id)
}

fn unknown<'a>(what: &str, id: &str, known: impl Iterator<Item = &'a str>) -> Diagnostic {
    let known: Vec<&str> = known.collect();
    let d = Diagnostic::error(format!("{what} « {id} » inconnue"));
    match crate::resolve::values::closest(id, known.iter().copied()) {
        Some(s) => d.with_hint(format!("vouliez-vous dire « {s} » ?")),
        None => d.with_hint(format!("identifiants possibles : {}", known.join(", "))),
    }
}

/// The sheets of an edition, in order: the commune's `domaines` or all.
pub fn edition_sheets<'m>(
    materials: &'m Materials,
    edition: LoadedEdition,
) -> Vec<&'m DomainSheet> {
    match edition.commune().and_then(|c| c.domains.as_ref()) {
        Some(ids) => ids.iter().filter_map(|id| materials.domain(id)).collect(),
        None => materials.domains.iter().collect(),
    }
}

/// A laid-out output with its metadata and diagnostics.
pub struct Laid {
    /// The pages.
    pub document: Document,
    /// Title, author… for the PDF.
    pub metadata: Metadata,
    /// Whether an imposed A5 booklet file goes with it.
    pub booklet: bool,
    /// Warnings about the texts.
    pub diagnostics: Diagnostics,
}

/// Lays out one target; `date` is the edition date written in the metadata.
pub fn lay_out(
    engine: &mut Engine,
    materials: &Materials,
    target: &Target,
    date: Option<(u16, u8, u8)>,
) -> Laid {
    lay_out_with(engine, materials, target, date, None)
}

/// Like [`lay_out`], and a sheet's images are prepared for its export
/// (`export::images::prepare_ahead`, `grayscale` as the export will
/// be) while its text is laid out: on another thread of the current rayon
/// pool when one is free. For a build with fewer targets than threads, where
/// a core would idle (a quarter of a cold one-sheet build is its images).
pub fn lay_out_ahead(
    engine: &mut Engine,
    materials: &Materials,
    target: &Target,
    date: Option<(u16, u8, u8)>,
    grayscale: bool,
) -> Laid {
    lay_out_with(engine, materials, target, date, Some(grayscale))
}

fn lay_out_with(
    engine: &mut Engine,
    materials: &Materials,
    target: &Target,
    date: Option<(u16, u8, u8)>,
    images_ahead: Option<bool>,
) -> Laid {
    // Without its commune's profile in memory, a target would silently
    // come out generic: it is refused, the error saying why.
    let edition = match loaded_edition(materials, target) {
        Ok(edition) => edition,
        Err(missing) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(missing.diagnostic());
            return Laid {
                document: Document::default(),
                metadata: Metadata::default(),
                booklet: false,
                diagnostics,
            };
        }
    };
    let mut laid = lay_out_target(engine, materials, target, edition, date, images_ahead);
    // A character no font has, on a page no sheet reported it for (a
    // cover, an édito, an experience sheet, a kit document).
    let reported = |c: &char| {
        let message = render::missing_glyph_message(*c);
        laid.diagnostics
            .iter()
            .any(|d| d.message.starts_with(&message))
    };
    let unreported: Vec<char> = laid
        .document
        .missing
        .iter()
        .copied()
        .filter(|c| !reported(c))
        .collect();
    for d in render::missing_glyphs(materials, &target.files(materials, edition), &unreported) {
        laid.diagnostics.push(d);
    }
    if is_draft(materials, target, edition) {
        engine.stamp_draft(&mut laid.document, materials.collection.language);
    }
    laid
}

/// The edition `target` is customised for, with its commune's profile: its
/// own edition's, its workshop's commune's, the commune of its « qui fait
/// quoi » or collection of experiences; an `Err` when that profile is not in
/// memory (see [`Materials::load_communes`]).
pub fn loaded_edition<'m>(
    materials: &'m Materials,
    target: &Target,
) -> Result<LoadedEdition<'m>, Missing> {
    let commune = match target.standard().0 {
        Target::Sheet { edition, .. } | Target::Collection { edition } => edition.commune(),
        Target::Handout { workshop: id }
        | Target::Kit { workshop: id, .. }
        | Target::Certificate { workshop: id, .. } => {
            workshop(materials, id).and_then(|w| w.workshop.commune.as_deref())
        }
        Target::Directory { commune } | Target::ExperienceCollection { commune } => {
            commune.as_deref()
        }
        Target::Experience { .. } => None,
        Target::Variant { .. } => unreachable!("a variant's standard target is no variant"),
    };
    materials.edition_of(commune)
}

/// Whether a target holds a draft (`statut = "brouillon"`): the sheet, the
/// commune of its `edition` (see [`loaded_edition`]), one of its sheets, or
/// the workshop. Drafts are built only with `--brouillons`, every page of
/// them under a band.
pub fn is_draft(materials: &Materials, target: &Target, edition: LoadedEdition) -> bool {
    let (target, _) = target.standard();
    let domain = |id: &str| {
        materials
            .domain(id)
            .is_some_and(|d| d.domain.status.is_draft())
    };
    let commune = edition.commune().is_some_and(|c| c.status.is_draft());
    match target {
        Target::Sheet { domain: d, .. } => domain(d) || commune,
        Target::Collection { .. } => {
            commune
                || edition_sheets(materials, edition)
                    .iter()
                    .any(|s| s.domain.status.is_draft())
        }
        Target::Handout { workshop: id } => workshop(materials, id).is_some_and(|w| {
            w.workshop.status.is_draft() || w.workshop.domains.iter().any(|d| domain(d)) || commune
        }),
        Target::Kit { workshop: id, .. } | Target::Certificate { workshop: id, .. } => {
            workshop(materials, id).is_some_and(|w| w.workshop.status.is_draft())
        }
        Target::Experience { id } => materials
            .experience(id)
            .is_some_and(|r| r.experience.status.is_draft()),
        Target::Directory { commune: c } => {
            commune
                || territory::records(materials, c.as_deref())
                    .any(|r| r.experience.status.is_draft())
        }
        Target::ExperienceCollection { commune: c } => collection_records(materials, c.as_deref())
            .iter()
            .any(|r| r.experience.status.is_draft()),
        Target::Variant { .. } => unreachable!("a variant's standard target is no variant"),
    }
}

fn lay_out_target(
    engine: &mut Engine,
    materials: &Materials,
    target: &Target,
    edition: LoadedEdition,
    date: Option<(u16, u8, u8)>,
    images_ahead: Option<bool>,
) -> Laid {
    // A variant's layout differs from the standard one by its typesetting
    // profile only (grey levels and bleed are the export's).
    let (target, variant) = target.standard();
    let profile = variant.profile();
    match target {
        Target::Sheet { domain, .. } => {
            let sheet = materials.domain(domain).expect("planned targets exist");
            let paper = profile.paper(materials.collection.paper);
            let out = match images_ahead {
                Some(grayscale) => {
                    let prepare = |composed: &Composed| {
                        let placed = flow::placed_images(&composed.blocks);
                        crate::export::images::prepare_ahead(&placed, grayscale);
                    };
                    render::sheet_beside(
                        engine, materials, sheet, edition, paper, &prepare, profile,
                    )
                }
                None => render::sheet_as(engine, materials, sheet, edition, paper, profile),
            };
            Laid {
                metadata: metadata(&out.composed, date),
                document: out.document,
                booklet: false,
                diagnostics: out.diagnostics,
            }
        }
        Target::Collection { .. } => collection(engine, materials, edition, date, profile),
        Target::Handout { workshop: id } => {
            let w = workshop(materials, id).expect("planned targets exist");
            handout(engine, materials, w, edition, date, profile)
        }
        Target::Kit {
            workshop: id,
            document,
        } => {
            let w = workshop(materials, id).expect("planned targets exist");
            kit::lay_out(engine, materials, w, *document, None, date, profile)
        }
        Target::Certificate { workshop: id, line } => {
            let w = workshop(materials, id).expect("planned targets exist");
            let document = KitDocument::Attestations;
            kit::lay_out(engine, materials, w, document, Some(*line), date, profile)
        }
        Target::Experience { id } => {
            let record = materials.experience(id).expect("planned targets exist");
            let laid = experiences::record(engine, materials, record, profile);
            Laid {
                metadata: metadata(&laid.composed, date),
                document: laid.document,
                booklet: false,
                diagnostics: laid.diagnostics,
            }
        }
        Target::ExperienceCollection { commune } => {
            experiences::collection(engine, materials, commune.as_deref(), date, profile)
        }
        Target::Directory { commune } => {
            territory::lay_out(engine, materials, commune.as_deref(), date, profile)
        }
        Target::Variant { .. } => unreachable!("a variant's standard target is no variant"),
    }
}

fn metadata(composed: &Composed, date: Option<(u16, u8, u8)>) -> Metadata {
    Metadata {
        title: composed.document_title.clone(),
        author: composed.author.clone(),
        subject: composed.subject.clone(),
        keywords: composed.keywords.clone(),
        lang: match composed.language {
            Language::French => "fr-FR".into(),
            Language::English => "en".into(),
        },
        date,
    }
}

/// A warning for an image printed below [`crate::export::MIN_DPI`], located at the
/// field that names it when one does.
pub fn low_resolution(materials: &Materials, path: &std::path::Path, dpi: f32) -> Diagnostic {
    let relative = path.strip_prefix(&materials.root).unwrap_or(path);
    let name = relative.to_string_lossy().replace('\\', "/");
    let message = format!(
        "l’image « {name} » sera imprimée à {dpi:.0} dpi seulement (moins de {:.0}) : elle paraîtra floue",
        crate::export::images::MIN_DPI
    );
    let hint = "fournissez une image plus grande : au moins 150 pixels par pouce (6 par millimètre) de sa largeur imprimée";
    // The innermost value holding the path, in any file; ties broken by
    // position so the report is stable.
    let place = materials
        .spans
        .iter()
        .flat_map(|(file, spans)| {
            let text = &materials.sources.get(*file).text;
            spans
                .values()
                .filter(|r| {
                    text.get((*r).clone())
                        .is_some_and(|t| t.trim_matches('"') == name)
                })
                .map(|r| (*file, r.clone()))
                .collect::<Vec<_>>()
        })
        .min_by_key(|(file, r)| (r.len(), file.0, r.start));
    let d = Diagnostic::warning(message).with_hint(hint);
    match place {
        Some((file, range)) => d.at(file, range),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Issue 20 §2: a commune's edition laid out while its profile is not in
    /// memory (let go by a lean resolve, not read back) is refused with an
    /// error, never made as the generic edition under the commune's name.
    #[test]
    fn an_edition_whose_profile_is_not_loaded_is_refused_not_made_generic() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let loaded = crate::load::load_lazily(&root).unwrap();
        let mut materials = crate::resolve::resolve_lean(&loaded).0;
        let id = "exempleville";
        assert_eq!(
            materials.commune(id).unwrap_err(),
            Missing::NotLoaded(id.into())
        );
        assert_eq!(
            materials.commune("nulle-part").unwrap_err(),
            Missing::Unknown("nulle-part".into())
        );
        let exceptions = materials.collection.hyphenation_exceptions().to_vec();
        let mut engine = Engine::new(materials.font_book(), &exceptions);
        let sheet = Target::Sheet {
            domain: "jeunesse".into(),
            edition: Edition::Commune(id.into()),
        };
        for target in [
            sheet.clone(),
            Target::Collection {
                edition: Edition::Commune(id.into()),
            },
        ] {
            let laid = lay_out(&mut engine, &materials, &target, None);
            assert!(laid.diagnostics.has_errors(), "{target:?}");
            assert!(laid.document.pages.is_empty(), "{target:?}");
        }
        let selection = Selection {
            editions: vec![Edition::Commune(id.into())],
            ..Selection::default()
        };
        assert!(plan(&materials, &selection).is_err());
        // Read back, the same target is the commune's edition.
        assert!(materials.load_communes([id]).is_empty());
        let laid = lay_out(&mut engine, &materials, &sheet, None);
        assert!(!laid.diagnostics.has_errors());
        assert_eq!(laid.metadata.author.as_deref(), Some("Exempleville"));
    }

    /// The manifest makes room for the files of a build at once: the bound
    /// must hold every path the build writes, or the arrays grow again.
    #[test]
    fn the_paths_bound_holds_every_file_of_the_shipped_build() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let materials = crate::resolve::resolve(&crate::load::load(&root).unwrap()).0;
        for domains in [vec![], vec!["jeunesse".to_string(), "sante".to_string()]] {
            let selection = Selection {
                editions: Vec::new(),
                domains,
                workshops: Vec::new(),
                experiences: Vec::new(),
            };
            let schedule = schedule(&materials, &selection).unwrap();
            let editions: Vec<LoadedEdition> = (schedule.editions.iter())
                .map(|e| materials.edition(e).unwrap())
                .collect();
            let mut targets = schedule.targets(&materials, &editions);
            targets.extend(schedule.handouts(&materials));
            let paths: Vec<PathBuf> = targets
                .iter()
                .flat_map(|t| [Some(t.path()), t.imposed_path()])
                .flatten()
                .collect();
            let bytes: usize = paths.iter().map(|p| p.to_string_lossy().len()).sum();
            let (files_bound, bytes_bound) = schedule.paths_bound(&materials);
            assert!(
                files_bound >= paths.len(),
                "{files_bound} < {}",
                paths.len()
            );
            assert!(bytes_bound >= bytes, "{bytes_bound} < {bytes}");
            assert!(bytes_bound < 2 * bytes, "{bytes_bound} ≥ 2 × {bytes}");
        }
    }
}
