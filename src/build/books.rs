//! The documents made of parts: a collection (front matter, every sheet of
//! an edition, the directory) and a workshop's handout (cover, sheets,
//! notes, back cover), numbered as one.

use super::{Laid, edition_sheets, metadata};
use crate::compose::collection::{TocEntry, compose_blank, compose_directory, compose_front};
use crate::compose::handout::{compose_back, compose_cover, compose_notes};
use crate::compose::profile::Profile;
use crate::compose::sheet::Numbering;
use crate::compose::{Composed, plain};
use crate::diag::Diagnostics;
use crate::layout::document::{Document, Page};
use crate::model::{Paper, WorkshopLayout};
use crate::render::{self, Engine};
use crate::resolve::{LoadedEdition, Materials, WorkshopFile};

/// A part of a larger document, laid out once; its footers are drawn again
/// with the page numbers of the whole.
pub(super) struct Part {
    pub(super) composed: Composed,
    pub(super) document: Document,
    /// Pad to an even count so the next part starts on a right-hand page.
    pub(super) pad: bool,
    /// Bookmark levels added when it joins the whole.
    pub(super) level: u8,
}

impl Part {
    pub(super) fn new(engine: &mut Engine, composed: Composed, pad: bool, level: u8) -> Part {
        let document = engine.layout(&composed);
        Part {
            composed,
            document,
            pad,
            level,
        }
    }

    pub(super) fn pages(&self) -> usize {
        let n = self.document.pages.len();
        if self.pad { n + n % 2 } else { n }
    }
}

/// Numbers the parts' pages continuously and joins them: the footers of each
/// numbered part are drawn again (its body does not change).
pub(super) fn assemble(engine: &mut Engine, parts: Vec<Part>, mirrored: bool) -> Document {
    let total: usize = parts.iter().map(Part::pages).sum();
    let mut offset = 0;
    let mut document = Document::default();
    for mut part in parts {
        let pages = part.pages();
        // The blank verso is padded first: it gets its folio with the others.
        if part.pad && part.document.pages.len() % 2 == 1 {
            let blank = compose_blank(&part.composed);
            let page = engine.layout(&blank).pages.swap_remove(0);
            part.document.pages.push(artifact(page));
        }
        if !part.composed.template.page_word.is_empty() {
            part.composed.template.numbering = Numbering {
                offset,
                total: Some(total),
                mirrored,
                ..part.composed.template.numbering
            };
            engine.renumber(&mut part.document, &part.composed);
        }
        document.append(part.document, part.level);
        offset += pages;
    }
    document
}

/// The collection: front matter, every sheet from an odd page, the directory.
pub(super) fn collection(
    engine: &mut Engine,
    materials: &Materials,
    edition: LoadedEdition,
    date: Option<(u16, u8, u8)>,
    typesetting: Profile,
) -> Laid {
    let profile = edition.profile();
    let paper = typesetting.paper(materials.collection.paper);
    let mut diagnostics = Diagnostics::default();
    // 1. Every sheet, laid out on its own.
    let mut sheets = Vec::new();
    for sheet in edition_sheets(materials, edition) {
        let mut out = render::sheet_as(engine, materials, sheet, edition, paper, typesetting);
        diagnostics.extend(out.diagnostics);
        // Every numbered page of a collection carries one footer, the
        // edition's date, so that it reads as running furniture: a sheet's
        // own update date is for the sheet printed alone.
        out.composed.template.footer_right =
            crate::compose::sheet::edition_footer(&materials.collection, out.composed.language);
        sheets.push(Part {
            composed: out.composed,
            document: out.document,
            pad: true,
            level: 1,
        });
    }
    // 2. The front matter, twice: its length fixes the page numbers it lists.
    let front = |engine: &mut Engine, toc: &[TocEntry]| {
        let composed = compose_front(materials, profile.map(|p| &p.commune), toc, typesetting);
        Part::new(engine, composed, true, 0)
    };
    let mut provisional: Vec<TocEntry> = sheets
        .iter()
        .map(|s| TocEntry {
            title: s.composed.title.clone(),
            page: 1,
        })
        .collect();
    let directory = profile.and_then(|p| compose_directory(materials, &p.commune, typesetting));
    provisional.extend(directory.iter().map(|d| TocEntry {
        title: d.title.clone(),
        page: 1,
    }));
    let mut page = front(engine, &provisional).pages() + 1;
    let mut toc = Vec::new();
    for sheet in &sheets {
        toc.push(TocEntry {
            title: sheet.composed.title.clone(),
            page,
        });
        page += sheet.pages();
    }
    // The directory, listed too, after the sheets.
    if let Some(d) = &directory {
        toc.push(TocEntry {
            title: d.title.clone(),
            page,
        });
    }
    let front = front(engine, &toc);
    // The warnings of the édito's and the directory's texts (the collection's
    // file, the commune's).
    let files: Vec<crate::source::FileId> = (materials.sources.find("collection.toml"))
        .into_iter()
        .chain(profile.map(|p| p.file))
        .collect();
    for warning in front
        .composed
        .warnings
        .iter()
        .chain(directory.iter().flat_map(|d| &d.warnings))
    {
        diagnostics.push(render::locate(materials, &files, warning));
    }
    let metadata = metadata(&front.composed, date);
    // 3. Front, sheets, directory, numbered as one document.
    let mut parts = vec![front];
    parts.extend(sheets);
    if let Some(mut directory) = directory {
        directory.template.page_word = crate::compose::labels::labels(directory.language).page;
        parts.push(Part::new(engine, directory, false, 0));
    }
    Laid {
        document: assemble(engine, parts, false),
        metadata,
        booklet: false,
        diagnostics,
    }
}

/// The handout: cover and programme, the sheets (in `edition`, its
/// commune's), notes pages, back cover; on A5 for a booklet, padded with
/// notes pages to a multiple of four.
pub(super) fn handout(
    engine: &mut Engine,
    materials: &Materials,
    file: &WorkshopFile,
    edition: LoadedEdition,
    date: Option<(u16, u8, u8)>,
    profile: Profile,
) -> Laid {
    let w = &file.workshop;
    // Large print is no booklet: its pages stay on A4 (see `Profile::paper`).
    let booklet = w.layout == WorkshopLayout::BookletA5 && profile == Profile::Standard;
    let paper = if booklet {
        Paper::A5
    } else {
        profile.paper(materials.collection.paper)
    };
    let mut diagnostics = Diagnostics::default();
    // 1. The cover carries no page number: it is page 1 by position.
    let mut cover = compose_cover(materials, w, paper, profile);
    cover.template.numbering.bare_first = true;
    for warning in &cover.warnings {
        diagnostics.push(render::locate(materials, &[file.file], warning));
    }
    // One footer style for the whole handout: the cover's, on every page.
    let footer_left = cover.template.footer_left.clone();
    let cover = Part::new(engine, cover, false, 0);
    // 2. The sheets, customised for the workshop's commune.
    let mut parts = vec![cover];
    for id in &w.domains {
        let Some(sheet) = materials.domain(id) else {
            continue;
        };
        let mut out = render::sheet_as(engine, materials, sheet, edition, paper, profile);
        diagnostics.extend(out.diagnostics);
        out.composed.template.footer_left = footer_left.clone();
        out.composed.template.footer_right = String::new();
        parts.push(Part {
            composed: out.composed,
            document: out.document,
            pad: false,
            level: 0,
        });
    }
    // 3. Notes pages, more of them in a booklet to reach a multiple of four
    //    (the back cover must stay the last page, no blank page inside).
    let mut back = compose_back(materials, w, paper, profile);
    back.template.page_word = "";
    let back = Part::new(engine, back, false, 0);
    let mut notes = w.notes_pages as usize;
    if booklet {
        let count: usize = parts.iter().map(Part::pages).sum::<usize>() + notes + back.pages();
        notes += (4 - count % 4) % 4;
    }
    if notes > 0 {
        parts.push(Part::new(
            engine,
            compose_notes(materials, w, notes, paper, profile),
            false,
            0,
        ));
    }
    parts.push(back);
    let mut metadata = metadata(&parts[0].composed, date);
    metadata.subject = w.presentation.as_deref().map(plain);
    Laid {
        document: assemble(engine, parts, booklet),
        metadata,
        booklet,
        diagnostics,
    }
}

/// A page whose items are all decoration (a blank verso's mention), its
/// text centred across the page.
fn artifact(mut page: Page) -> Page {
    for item in &mut page.items {
        item.tag = crate::layout::document::Tag::Artifact;
        if let crate::layout::document::Content::Text(run) = &mut item.content {
            run.x = (page.width - run.width()) / 2.0;
        }
    }
    page.footer = 0;
    page
}
