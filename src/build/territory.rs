//! Lays out « qui fait quoi ? » (issue 21): composed twice, the second time
//! with the page each domain starts on, read from the first layout's
//! bookmarks, in its contents (the contents are as long either way). The
//! build exports it page by page as it is laid out ([`produce`]): the
//! territory's directory of 34 900 communes is 7 622 pages (issue 20 §5).

use super::{Laid, Output, Produced, Target, metadata};
use crate::compose::Composed;
use crate::compose::profile::Profile;
use crate::compose::who_does_what::compose_who_does_what;
use crate::diag::Diagnostics;
use crate::export::{self, Exporter, Prelude};
use crate::layout::document::{ImageRef, Page, Streamed};
use crate::layout::fonts::FontBook;
use crate::render::{Engine, stamp_page};
use crate::resolve::territory::who_does_what;
use crate::resolve::{ExperienceRecord, Materials};

/// The records a « qui fait quoi » gathers: those of the collection of
/// experiences of the same edition ([`super::collection_records`]).
pub(super) fn records<'m>(
    materials: &'m Materials,
    commune: Option<&str>,
) -> impl Iterator<Item = &'m ExperienceRecord> {
    super::collection_records(materials, commune).into_iter()
}

/// The « qui fait quoi » of the territory or of `commune`, laid out.
pub(super) fn lay_out(
    engine: &mut Engine,
    materials: &Materials,
    commune: Option<&str>,
    date: Option<(u16, u8, u8)>,
    profile: Profile,
) -> Laid {
    let domains = std::sync::Arc::new(who_does_what(materials, commune));
    // The first composition and layout are let go before the second: the
    // territory's directory of a thousand communes is hundreds of pages.
    let pages: Vec<usize> = {
        let first = compose_who_does_what(materials, commune, &domains, &[], profile);
        first_pages(&engine.layout(&first).bookmarks)
    };
    let composed = compose_who_does_what(materials, commune, &domains, &pages, profile);
    let document = engine.layout(&composed);
    Laid {
        metadata: metadata(&composed, date),
        document,
        booklet: false,
        diagnostics: Diagnostics::default(),
    }
}

/// The page each domain starts on (1-based), from the bookmarks of a first
/// layout: level 1 holds « Sommaire », then each domain's heading, in order.
fn first_pages(bookmarks: &[crate::layout::document::Bookmark]) -> Vec<usize> {
    (bookmarks.iter())
        .filter(|b| b.level == 1)
        .skip(1)
        .map(|b| b.page + 1)
        .collect()
}

/// Bytes of each of the paragraph memo's two generations while a
/// directory is made: 256 KiB, not the 4 MiB every other target has
/// (`layout::paragraph::memo`). Its three layouts set the same paragraphs,
/// but the memo answers the later ones from the first only while the whole
/// directory fits in it: at 34 900 communes (7 622 pages), the 4 MiB memo
/// was answering the flow's own retries, a few pages apart, and nothing
/// else, the same 1 104 927 paragraphs from the memo and 582 045 set as with
/// 256 KiB (and 605 022 set with 16 KiB), while it held 12.5 MB of the
/// directory's peak (115.7 MB alone, 103.2 MB with 256 KiB). At 1 300
/// synthetic communes (288 pages) the directory sets 22 437 paragraphs
/// instead of 1 637, 0.67 s instead of 0.60 s (issue 20 §5).
const DIRECTORY_MEMO_BYTES: usize = 256 << 10;

/// Lays out and exports `target` when it is a « qui fait quoi », page by
/// page: no more of it is held than the flow's window and what the export
/// keeps of each page written. `None` for any other target, and when the
/// directory cannot be streamed (its edition's profile not loaded, or pages
/// that a relaxed layout could break otherwise): then [`super::lay_out`]
/// makes it whole, or says why it cannot.
///
/// Three layouts of the same blocks, where the whole one took two: the
/// first gives each domain's first page for the contents, and the page
/// count; the second what the export subsets and embeds before its first
/// page (glyphs, images); the third the pages, written as they come, to
/// `to` when given ([`Output::Sent`]: the file is never held whole; on
/// `None` after bytes went there, they are not the file). The engine's
/// memo keeps fewer paragraphs meanwhile ([`DIRECTORY_MEMO_BYTES`]), and
/// none afterwards.
pub(super) fn produce(
    engine: &mut Engine,
    materials: &Materials,
    target: &Target,
    settings: (&FontBook, &export::Options),
    date: Option<(u16, u8, u8)>,
    to: Option<&mut dyn super::Destination>,
) -> Option<Produced> {
    let (Target::Directory { .. }, _) = target.standard() else {
        return None;
    };
    engine.forget_paragraphs_keeping(DIRECTORY_MEMO_BYTES);
    let produced = stream(engine, materials, target, settings, date, to);
    engine.forget_paragraphs();
    produced
}

/// [`produce`] of a directory.
fn stream(
    engine: &mut Engine,
    materials: &Materials,
    target: &Target,
    (book, options): (&FontBook, &export::Options),
    date: Option<(u16, u8, u8)>,
    mut to: Option<&mut dyn super::Destination>,
) -> Option<Produced> {
    let (Target::Directory { commune }, variant) = target.standard() else {
        return None;
    };
    let edition = super::loaded_edition(materials, target).ok()?;
    let (commune, profile) = (commune.as_deref(), variant.profile());

    // 1. Lay it out once for its domains' first pages and its length,
    //    keeping no page.
    let domains = std::sync::Arc::new(who_does_what(materials, commune));
    let first = compose_who_does_what(materials, commune, &domains, &[], profile);
    let laid = engine.layout_streamed(&first, 1, &mut |_, _| {})?;
    let (pages, laid_pages) = (first_pages(&laid.bookmarks), laid.pages);
    let composed = compose_who_does_what(materials, commune, &domains, &pages, profile);
    // Its structure too: the third layout makes its own.
    drop((domains, first, laid));

    // 2. Again for what the export must know before its first page, drafts
    //    stamped as they will be.
    let band = (super::is_draft(materials, target, edition))
        .then(|| engine.draft_band(composed.template.size, materials.collection.language));
    let stamp = |page: &mut Page| {
        if let Some(band) = &band {
            stamp_page(page, band);
        }
    };
    let (prelude, images) = prelude(engine, &composed, laid_pages, &stamp)?;

    // 3. A last time, each page written as soon as it is finished.
    let count = prelude.page_count();
    let meta = metadata(&composed, date);
    let mut exporter = Exporter::new(book, &meta, options, prelude, &images);
    // Its object streams wait for its end in the destination's scratch
    // file, if it has one: 29 MB at 34 900 communes (issue 20 §5).
    if let (Ok(exporter), Some(to)) = (&mut exporter, &mut to)
        && let Some(scratch) = to.scratch()
    {
        exporter.spill_to(scratch);
    }
    let last = engine.layout_streamed(&composed, count, &mut |mut page, structure| {
        if let Ok(writing) = &mut exporter {
            stamp(&mut page);
            let sent = match &mut to {
                Some(to) => writing
                    .page(&page, structure)
                    .and_then(|()| writing.send(*to)),
                None => writing.page(&page, structure),
            };
            if let Err(e) = sent {
                exporter = Err(e);
            }
        }
    })?;
    // Its words (the shaper's cache), which no other target asks for, are
    // let go before its end is written, its peak (issue 20 §5).
    engine.shaper.clear_cache();
    let file = exporter.and_then(|e| match to {
        Some(to) => (e.finish_into(last.structure, &last.bookmarks, to)).map(Output::Sent),
        None => e.finish(last.structure, &last.bookmarks).map(Output::Whole),
    });
    let mut diagnostics = Diagnostics::default();
    super::report_missing(&mut diagnostics, &last.missing, materials, target, edition);
    Some(Produced {
        pages: count,
        quality: last.quality,
        booklet: false,
        diagnostics,
        file: file.map_err(|e| e.to_string()),
    })
}

/// What the export of `composed` must know before its first page, and its
/// images, from a layout whose footers say `count` pages: laid out again
/// with the count found when it was not that one (the contents' page
/// numbers may lengthen a line). `None` when the count does not settle, or
/// when the layout cannot be streamed.
fn prelude(
    engine: &mut Engine,
    composed: &Composed,
    mut count: usize,
    stamp: &dyn Fn(&mut Page),
) -> Option<(Prelude, Vec<ImageRef>)> {
    // Two tries: a count that changes twice is left to the whole layout.
    for _ in 0..2 {
        let mut prelude = Prelude::default();
        let laid: Streamed = engine.layout_streamed(composed, count, &mut |mut page, _| {
            stamp(&mut page);
            prelude.add_page(&page);
        })?;
        if laid.pages == count {
            return Some((prelude, laid.images));
        }
        count = laid.pages;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{Edition, Variant, lay_out};

    /// The directory exported page by page as it is laid out is the file the
    /// whole layout gives: the territory's and a commune's in draft (its band
    /// drawn page by page). The shipped large-print one has a panel the
    /// relaxed flow breaks otherwise: it is not streamed, the whole layout
    /// makes it.
    #[test]
    fn a_streamed_directory_is_the_file_of_the_whole_layout() {
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let dir = tempfile::tempdir().unwrap();
        copy_folder(&shipped, dir.path());
        let profile = dir.path().join("communes/exempleville.toml");
        let text = std::fs::read_to_string(&profile).unwrap();
        std::fs::write(&profile, format!("statut = \"brouillon\"\n{text}")).unwrap();
        let materials = crate::resolve::resolve(&crate::load::load(dir.path()).unwrap()).0;
        let exceptions = materials.collection.hyphenation_exceptions().to_vec();
        let mut engine = Engine::new(materials.font_book(), &exceptions);
        let book = materials.font_book();
        let options = export::Options::default();
        let territory = Target::Directory { commune: None };
        let commune = Target::Directory {
            commune: Some("exempleville".into()),
        };
        let large = Target::Variant {
            of: Box::new(territory.clone()),
            variant: Variant {
                large_print: true,
                ..Variant::default()
            },
        };
        let edition = materials.edition(&Edition::Commune("exempleville".into()));
        assert!(super::super::is_draft(
            &materials,
            &commune,
            edition.unwrap()
        ));
        let streamed = produce(
            &mut engine,
            &materials,
            &large,
            (&book, &options),
            None,
            None,
        );
        assert!(streamed.is_none(), "a relaxable layout is not streamed");
        for target in [territory, commune] {
            let whole = lay_out(&mut engine, &materials, &target, None);
            let pages = whole.document.pages.len();
            let expected = export::export(&whole.document, &book, &whole.metadata, &options);
            let expected = expected.unwrap().bytes;
            let streamed = produce(
                &mut engine,
                &materials,
                &target,
                (&book, &options),
                None,
                None,
            );
            let streamed = streamed.expect("a directory is streamed");
            assert_eq!(streamed.pages, pages, "{target:?}");
            assert_eq!(streamed.quality, whole.document.quality, "{target:?}");
            let Ok(Output::Whole(file)) = streamed.file else {
                panic!("{target:?}: no file");
            };
            assert!(file.bytes == expected, "{target:?}: other bytes");
            // Issue 20 §5 (the directory's file held whole until sealed):
            // handed over page by page, the same bytes.
            let mut sent = Vec::new();
            let to: &mut dyn crate::build::Destination = &mut sent;
            let streamed = produce(
                &mut engine,
                &materials,
                &target,
                (&book, &options),
                None,
                Some(to),
            );
            let Some(Ok(Output::Sent(file))) = streamed.map(|s| s.file) else {
                panic!("{target:?}: not sent");
            };
            assert_eq!(file.length, sent.len() as u64, "{target:?}");
            assert!(sent == expected, "{target:?}: other bytes sent");
        }
    }

    fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy_folder(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}
