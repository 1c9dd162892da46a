//! What `ancrage build` makes: the list of output files for a selection, and
//! the laid-out document behind each one (sheets, collections, handouts).

mod books;
use books::{Part, assemble, collection, handout};
mod driver;
mod experiences;
pub mod fingerprint;
pub mod kit;
mod schedule;
mod target;
mod territory;

use crate::compose::Composed;
use crate::diag::{Diagnostic, Diagnostics};
use crate::export::{self, Metadata};
use crate::layout::document::{Document, Quality};
use crate::layout::flow;
use crate::layout::fonts::FontBook;
use crate::model::Language;
use crate::render::{self, Engine};
use crate::resolve::{DomainSheet, LoadedEdition, Materials, Missing, WorkshopFile};

pub use crate::model::{Edition, GENERIC};

/// The folder of `output/` holding the experience sheets.
pub const EXPERIENCES: &str = "experiences";

pub use driver::{
    Batch, EDITIONS_AT_ONCE, Event, Failure, Fingerprint, Freshness, Made, Never, Options, Sink,
    SinkFile, Summary, name_edition, run,
};
pub use experiences::collection_records;
pub use schedule::{Schedule, schedule};
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

fn workshop<'m>(materials: &'m Materials, id: &str) -> Option<&'m WorkshopFile> {
    materials.workshops.iter().find(|w| w.id == id)
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
    let missing = std::mem::take(&mut laid.document.missing);
    report_missing(&mut laid.diagnostics, &missing, materials, target, edition);
    laid.document.missing = missing;
    if is_draft(materials, target, edition) {
        engine.stamp_draft(&mut laid.document, materials.collection.language);
    }
    laid
}

/// One target laid out and exported, its pages let go as they were written.
pub struct Produced {
    /// The pages of its file.
    pub pages: usize,
    /// Typographic statistics of its pages.
    pub quality: Quality,
    /// Whether an imposed A5 booklet file goes with it.
    pub booklet: bool,
    /// Warnings about its texts.
    pub diagnostics: Diagnostics,
    /// The file, or why none was made (in French, for the report).
    pub file: Result<Output, String>,
}

/// A target's file, as [`produce`] gives it.
#[derive(Debug)]
pub enum Output {
    /// Its bytes, whole.
    Whole(export::Exported),
    /// Written to the destination given as it was made.
    Sent(export::Sent),
}

impl Output {
    /// The file's length in bytes.
    pub fn length(&self) -> u64 {
        match self {
            Output::Whole(file) => file.bytes.len() as u64,
            Output::Sent(file) => file.length,
        }
    }

    /// Images printed below [`export::MIN_DPI`].
    pub fn warnings(&self) -> &[export::ImageWarning] {
        match self {
            Output::Whole(file) => &file.warnings,
            Output::Sent(file) => &file.warnings,
        }
    }
}

/// Lays out and exports `target` with `options` (`ahead`: see
/// [`lay_out_ahead`]). The territory's « qui fait quoi » is exported page
/// by page as it is laid out, its pages never held whole, nor its file when
/// `to` is given: it goes there as it is made ([`Output::Sent`]; see
/// [`territory::produce`]). Any other target is laid out whole, then
/// exported page by page, its file whole ([`Output::Whole`]); so is the
/// directory when it cannot be streamed, and then what went to `to` is not
/// its file.
pub fn produce(
    engine: &mut Engine,
    materials: &Materials,
    target: &Target,
    (book, options, ahead): (&FontBook, &export::Options, bool),
    date: Option<(u16, u8, u8)>,
    to: Option<&mut dyn Destination>,
) -> Produced {
    let streamed = territory::produce(engine, materials, target, (book, options), date, to);
    if let Some(produced) = streamed {
        return produced;
    }
    let mut laid = if ahead {
        lay_out_ahead(engine, materials, target, date, options.grayscale)
    } else {
        lay_out(engine, materials, target, date)
    };
    let pages = laid.document.pages.len();
    let quality = laid.document.quality;
    // A limit was reached while laying out (a sheet beyond its page cap):
    // the error says which; nothing is written for this target.
    let file = if laid.diagnostics.has_errors() {
        Err("voir l’erreur ci-dessus".to_string())
    } else {
        // Each page let go once written: a collection of hundreds of pages
        // shrinks as its file grows.
        let document = std::mem::take(&mut laid.document);
        (export::export_owned(document, book, &laid.metadata, options))
            .map(Output::Whole)
            .map_err(|e| e.to_string())
    };
    Produced {
        pages,
        quality,
        booklet: laid.booklet,
        diagnostics: laid.diagnostics,
        file,
    }
}

/// Where [`produce`] sends a file as it is made (a territory's
/// directory): its bytes in order, and a scratch file for what waits for
/// its end.
pub trait Destination: std::io::Write {
    /// A file where the object streams wait for the end of the file
    /// ([`export::Exporter::spill_to`]); `None`: they are held in memory.
    fn scratch(&mut self) -> Option<Box<dyn export::Scratch>> {
        None
    }
}

impl Destination for Vec<u8> {}

/// Reports in `diagnostics` each character of `missing` (no font has it)
/// that no warning names yet: on a page no sheet reported it for (a cover,
/// an édito, an experience sheet, a kit document, a directory).
fn report_missing(
    diagnostics: &mut Diagnostics,
    missing: &[char],
    materials: &Materials,
    target: &Target,
    edition: LoadedEdition,
) {
    let reported = |c: &char| {
        let message = render::missing_glyph_message(*c);
        diagnostics.iter().any(|d| d.message.starts_with(&message))
    };
    let unreported: Vec<char> = missing.iter().copied().filter(|c| !reported(c)).collect();
    for d in render::missing_glyphs(materials, &target.files(materials, edition), &unreported) {
        diagnostics.push(d);
    }
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
