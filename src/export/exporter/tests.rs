use std::path::Path;

use super::*;
use crate::build::Target;
use crate::export::{export, export_owned};
use crate::layout::document::{Item, Role};
use crate::model::Edition;

/// The collection of Exempleville's edition (many pages: text, images,
/// figures, tables, links) and the territory's « qui fait quoi » (entries
/// of links), laid out from the shipped materials.
fn documents() -> Vec<(Document, Metadata)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let materials = crate::resolve::resolve(&crate::load::load(&root).unwrap()).0;
    let exceptions = materials.collection.hyphenation_exceptions().to_vec();
    let mut engine = crate::render::Engine::new(materials.font_book(), &exceptions);
    let targets = [
        Target::Collection {
            edition: Edition::Commune("exempleville".into()),
        },
        Target::Directory { commune: None },
    ];
    targets
        .iter()
        .map(|target| {
            let laid = crate::build::lay_out(&mut engine, &materials, target, None);
            (laid.document, laid.metadata)
        })
        .collect()
}

/// The way the territory's directory is to be streamed: the prelude
/// gathered in a pass whose pages are dropped as they come, then the pages
/// of another pass written one by one, each dropped once written.
fn streamed(doc: &Document, meta: &Metadata, options: &Options) -> Exported {
    let book = FontBook::builtin();
    let mut prelude = Prelude::default();
    for page in doc.pages.clone() {
        prelude.add_page(&page);
    }
    assert_eq!(prelude.glyphs(), &GlyphSet::of(doc));
    let mut exporter = Exporter::new(&book, meta, options, prelude, &doc.images).unwrap();
    let before = exporter.held().total();
    for page in doc.pages.clone() {
        exporter.page(&page, &doc.structure).unwrap();
    }
    // What the exporter holds for the pages: their compressed content,
    // their page objects and annotations serialised, their records.
    // (Uncompressed, lopdf writes the file: every object stays.) Measured:
    // 8.9 KB a page for 136 KB of items (the collection), 11.2 KB for
    // 100 KB (the directory); a page's items kept would be more than all.
    let per_page = (exporter.held().total() - before) / doc.pages.len();
    let items: usize = doc.pages.iter().map(page_weight).sum::<usize>() / doc.pages.len();
    assert!(
        !options.compress || per_page * 5 < items,
        "{per_page} bytes held per page of {items} bytes of items"
    );
    exporter.finish(&doc.structure, &doc.bookmarks).unwrap()
}

/// About the heap a page's items take (their records, glyphs and text).
fn page_weight(page: &Page) -> usize {
    let runs: usize = (page.items.iter())
        .map(|item| match &item.content {
            Content::Text(run) => {
                run.glyphs.capacity() * std::mem::size_of::<crate::layout::document::PlacedGlyph>()
                    + run.text.capacity()
            }
            _ => 0,
        })
        .sum();
    page.items.capacity() * std::mem::size_of::<Item>() + runs
}

/// Issue 20 §5 (memory of the territory's directory): a document written
/// page by page, from a prelude gathered over pages since dropped, is the
/// file `export` writes from the whole document, in every option the build
/// offers; and what the exporter keeps of a page is a small fraction of
/// its items. (`export` itself goes through the exporter: the build's files
/// were compared with those of the previous program, byte for byte.)
#[test]
fn a_document_fed_page_by_page_is_the_file_of_the_whole_document() {
    let book = FontBook::builtin();
    let options = [
        Options::default(),
        Options {
            compress: false,
            ..Options::default()
        },
        Options {
            grayscale: true,
            ..Options::default()
        },
        Options {
            bleed_mm: 3.0,
            crop_marks: true,
            ..Options::default()
        },
    ];
    for (doc, meta) in documents() {
        assert!(doc.pages.len() > 2, "{} pages", doc.pages.len());
        for options in &options {
            let whole = export(&doc, &book, &meta, options).unwrap();
            let owned = export_owned(doc.clone(), &book, &meta, options).unwrap();
            let streamed = streamed(&doc, &meta, options);
            assert!(whole.bytes == streamed.bytes, "{options:?}");
            assert!(whole.bytes == owned.bytes, "{options:?}");
            assert_eq!(whole.warnings, streamed.warnings);
        }
    }
}

/// `pages` pages of one text-less paragraph of links, each to the page
/// after next (`#page=N`, a page not written yet when the link is).
fn forward_links(pages: usize) -> Document {
    let mut structure = Structure::new();
    let root = structure.root();
    let pages = (0..pages)
        .map(|p| {
            let para = structure.add(root, Role::P);
            let target = format!("#page={}", p + 3);
            let node = structure.add(
                para,
                Role::Link {
                    target: target.clone(),
                },
            );
            let item = Item {
                content: Content::Link {
                    x: 20.0,
                    y: 20.0,
                    w: 60.0,
                    h: 12.0,
                    target,
                },
                tag: Tag::Content(node),
            };
            Page {
                width: 200.0,
                // Each page of its own height: a destination's height is
                // that of the page it points at.
                height: 300.0 + p as f32,
                items: vec![item],
                footer: 0,
            }
        })
        .collect();
    Document {
        pages,
        structure,
        ..Document::default()
    }
}

/// A link to a page not written yet points at that page, at its top: the
/// prelude knows every page's size before the first is written.
#[test]
fn a_link_points_at_a_page_written_after_it() {
    let book = FontBook::builtin();
    let doc = forward_links(5);
    let bytes = export(&doc, &book, &Metadata::default(), &Options::default())
        .unwrap()
        .bytes;
    let back = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<ObjectId> = back.get_pages().into_values().collect();
    let mut seen = 0;
    for (p, page) in pages.iter().enumerate() {
        let annots = back.get_dictionary(*page).unwrap().get(b"Annots");
        let Ok(annots) = annots.and_then(Object::as_array) else {
            continue;
        };
        let link = back
            .get_dictionary(annots[0].as_reference().unwrap())
            .unwrap();
        let Ok(dest) = link.get(b"Dest").and_then(Object::as_array) else {
            // `#page=6` and `#page=7` point beyond the document: URI actions.
            assert!(p + 3 > pages.len(), "page {p}");
            continue;
        };
        assert_eq!(dest[0].as_reference().unwrap(), pages[p + 2]);
        let top = dest[3].as_float().unwrap();
        assert!((top - (302.0 + p as f32)).abs() < 0.01, "{top}");
        seen += 1;
    }
    assert_eq!(seen, 3);
}

/// The exporter refuses a page the prelude did not announce, rather than
/// write glyphs the fonts were not subset with, or a file whose pages
/// are missing.
#[test]
fn a_page_other_than_the_announced_one_is_refused() {
    let book = FontBook::builtin();
    let (meta, options) = (Metadata::default(), Options::default());
    let (doc, _) = documents().remove(0);
    let start = |pages: &[Page]| {
        Exporter::new(
            &book,
            &meta,
            &options,
            Prelude::of_pages(pages),
            &doc.images,
        )
        .unwrap()
    };
    // A glyph outside the subsets: the first page with one glyph changed.
    let prelude = Prelude::of_pages(&doc.pages[..1]);
    let mut foreign = doc.pages[0].clone();
    let run = (foreign.items.iter_mut())
        .find_map(|item| match &mut item.content {
            Content::Text(run) if !run.glyphs.is_empty() => Some(run),
            _ => None,
        })
        .unwrap();
    let unused = (1..u16::MAX)
        .find(|g| !prelude.glyphs().contains(run.font, *g))
        .unwrap();
    run.glyphs[0].id = unused;
    let mut exporter = start(&doc.pages[..1]);
    assert!(exporter.page(&foreign, &doc.structure).is_err());
    // Another size.
    let mut exporter = start(&doc.pages[..1]);
    let wider = Page {
        width: doc.pages[0].width + 1.0,
        ..doc.pages[0].clone()
    };
    assert!(exporter.page(&wider, &doc.structure).is_err());
    // A page too many, then too few.
    let mut exporter = start(&doc.pages[..1]);
    exporter.page(&doc.pages[0], &doc.structure).unwrap();
    assert!(exporter.page(&doc.pages[0], &doc.structure).is_err());
    let mut exporter = start(&doc.pages[..2]);
    exporter.page(&doc.pages[0], &doc.structure).unwrap();
    assert_eq!(exporter.pages_written(), 1);
    assert!(exporter.finish(&doc.structure, &doc.bookmarks).is_err());
}
