//! The collection of experiences as one document: cover and contents, the
//! map, the three indexes, then every record's sheet; and the one place that
//! says which records a collection takes.

use super::{Laid, Part, assemble, metadata};
use crate::compose::Composed;
use crate::compose::collection::TocEntry;
use crate::compose::experience_collection::{IndexKind, compose_front, compose_index, compose_map};
use crate::compose::profile::Profile;
use crate::diag::Diagnostics;
use crate::layout::fonts::Style;
use crate::render::Engine;
use crate::resolve::{ExperienceRecord, Materials};

/// The records a collection of experiences takes, in the materials' order:
/// every one (the drafts are left out of the materials before, unless
/// `--brouillons`), or, for a commune, those concerning it
/// ([`Materials::experiences_of`]: naming its profile among their
/// collectivités, or listed by its profile; the profile must be in memory).
pub fn collection_records<'m>(
    materials: &'m Materials,
    commune: Option<&str>,
) -> Vec<&'m ExperienceRecord> {
    match commune {
        Some(id) => materials.experiences_of(id),
        None => materials.experiences.iter().collect(),
    }
}

/// Page number laid out before the real ones are known: as wide as the
/// widest real one can be in a collection of fewer than 100 pages, so that
/// no line of the contents or the indexes grows when it is replaced.
const PROVISIONAL_PAGE: usize = 88;

/// The collection of `commune`'s records (all of them for `None`).
pub(super) fn collection(
    engine: &mut Engine,
    materials: &Materials,
    commune: Option<&str>,
    date: Option<(u16, u8, u8)>,
    profile: Profile,
) -> Laid {
    let records = collection_records(materials, commune);
    let mut diagnostics = Diagnostics::default();
    // 1. Every record's sheet, laid out on its own, and the map.
    let mut sheets = Vec::new();
    for record in &records {
        let laid = self::record(engine, materials, record, profile);
        diagnostics.extend(laid.diagnostics);
        let mut composed = laid.composed;
        composed.template.footer_right =
            crate::compose::sheet::edition_footer(&materials.collection, composed.language);
        sheets.push(Part {
            composed,
            document: laid.document,
            pad: false,
            level: 1,
        });
    }
    let size = |engine: &mut Engine, text: &str, size: f32| {
        engine.shaper.width(text, Style::REGULAR, size)
    };
    let map = {
        let mut measure = |text: &str, pt: f32| size(engine, text, pt);
        compose_map(materials, &records, profile, &mut measure)
    };
    let map = Part::new(engine, map, false, 0);
    // 2. Contents and indexes with provisional page numbers, for their length.
    let provisional = vec![PROVISIONAL_PAGE; records.len()];
    let indexes = |engine: &mut Engine, pages: &[usize]| -> Vec<Part> {
        IndexKind::ALL
            .iter()
            .map(|&kind| {
                let composed = compose_index(materials, &records, pages, kind, profile);
                Part::new(engine, composed, false, 0)
            })
            .collect()
    };
    let toc_of = |front: usize, map: &Part, indexes: &[Part], pages: &[usize]| {
        let mut toc = vec![TocEntry {
            title: map.composed.title.clone(),
            page: front + 1,
        }];
        let mut page = front + 1 + map.pages();
        for index in indexes {
            toc.push(TocEntry {
                title: index.composed.title.clone(),
                page,
            });
            page += index.pages();
        }
        toc.extend(records.iter().zip(pages).map(|(r, &page)| TocEntry {
            title: r.experience.title.clone(),
            page,
        }));
        toc
    };
    let draft_indexes = indexes(engine, &provisional);
    let draft_toc: Vec<TocEntry> = toc_of(PROVISIONAL_PAGE, &map, &draft_indexes, &provisional);
    let front_pages = Part::new(
        engine,
        compose_front(materials, &records, &draft_toc, profile),
        true,
        0,
    )
    .pages();
    // 3. The real page numbers.
    let mut page =
        front_pages + map.pages() + draft_indexes.iter().map(Part::pages).sum::<usize>() + 1;
    let mut pages = Vec::new();
    for sheet in &sheets {
        pages.push(page);
        page += sheet.pages();
    }
    let indexes = indexes(engine, &pages);
    let toc = toc_of(front_pages, &map, &indexes, &pages);
    let front = Part::new(
        engine,
        compose_front(materials, &records, &toc, profile),
        true,
        0,
    );
    let metadata = metadata(&front.composed, date);
    let mut parts = vec![front, map];
    parts.extend(indexes);
    parts.extend(sheets);
    Laid {
        document: assemble(engine, parts, false),
        metadata,
        booklet: false,
        diagnostics,
    }
}

/// A record's sheet laid out, with its composition kept for a collection.
pub(super) struct LaidRecord {
    /// What was laid out.
    pub composed: Composed,
    /// The pages.
    pub document: crate::layout::document::Document,
    /// Warnings located in the record's file.
    pub diagnostics: Diagnostics,
}

/// A record's sheet in a typesetting profile; the warnings of its texts
/// located in its file.
pub(super) fn record(
    engine: &mut Engine,
    materials: &Materials,
    record: &ExperienceRecord,
    profile: Profile,
) -> LaidRecord {
    let composed = crate::compose::experience::compose_experience(materials, record, profile);
    let mut diagnostics = Diagnostics::default();
    for warning in &composed.warnings {
        diagnostics.push(crate::render::locate(materials, &[record.file], warning));
    }
    let document = engine.layout(&composed);
    LaidRecord {
        composed,
        document,
        diagnostics,
    }
}
