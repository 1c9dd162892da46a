//! Pages handed over as they are finished (issue 20 §5, memory of the
//! territory's directory): a streamed layout gives the pages of
//! [`Engine::layout`], one after the other, with the announced page count
//! in their footers, or says that it cannot.

use ancrage::compose::Composed;
use ancrage::compose::profile::Profile;
use ancrage::compose::sheet::compose_sheet_as;
use ancrage::compose::who_does_what::compose_who_does_what;
use ancrage::layout::Document;
use ancrage::layout::document::Color;
use ancrage::layout::document::{Content, Page, Streamed};
use ancrage::layout::flow::{Block, Flow, Panel};
use ancrage::layout::fonts::FontBook;
use ancrage::layout::fonts::Weight;
use ancrage::layout::hyphen::Hyphenator;
use ancrage::layout::inline::Run;
use ancrage::layout::paragraph::{Setter, TextStyle};
use ancrage::layout::shape::Shaper;
use ancrage::model::Paper;
use ancrage::render::Engine;
use ancrage::resolve::territory::who_does_what;
use ancrage::resolve::{LoadedEdition, Materials};
use ancrage::{load, resolve};

/// The shipped materials and an engine for them.
fn shipped() -> (Materials, Engine) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let (materials, diagnostics) = resolve::resolve(&load::load(&root).expect("materials"));
    assert!(!diagnostics.has_errors());
    let engine = Engine::new(
        FontBook::builtin(),
        materials.collection.hyphenation_exceptions(),
    );
    (materials, engine)
}

/// The territory's directory, each collectivité of each domain written
/// `copies` times (under numbered names): the shape of a large territory.
fn directory(materials: &Materials, copies: usize) -> Composed {
    let domains = who_does_what(materials, None).repeated(copies);
    compose_who_does_what(materials, None, &domains.into(), &[], Profile::Standard)
}

/// The pages `engine` hands over for `composed` announced as `count`, and
/// what it returns.
fn stream(engine: &mut Engine, composed: &Composed, count: usize) -> (Vec<Page>, Option<Streamed>) {
    let mut pages = Vec::new();
    let streamed = engine.layout_streamed(composed, count, &mut |page, structure| {
        // Each page's content is tagged with nodes already made.
        for item in &page.items {
            if let ancrage::layout::document::Tag::Content(id) = item.tag {
                assert!(structure.contains(id), "node {id:?} not made yet");
            }
        }
        pages.push(page);
    });
    (pages, streamed)
}

/// Asserts that the streamed layout is `document`, pages and all.
fn assert_same(document: &Document, pages: Vec<Page>, streamed: Streamed, label: &str) {
    assert_eq!(streamed.pages, document.pages.len(), "{label}");
    assert!(pages == document.pages, "{label}: the pages differ");
    let Streamed {
        structure,
        images,
        bookmarks,
        quality,
        missing,
        ..
    } = streamed;
    let rebuilt = Document {
        pages,
        structure,
        images,
        bookmarks,
        quality,
        missing,
    };
    assert!(&rebuilt == document, "{label}: the documents differ");
}

/// The text of the running footer of `page`.
fn footer_text(page: &Page) -> String {
    let items = &page.items[page.items.len() - page.footer..];
    items
        .iter()
        .filter_map(|item| match &item.content {
            Content::Text(run) => Some(run.text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_streamed_directory_is_the_one_laid_out_page_for_page() {
    let (materials, mut engine) = shipped();
    for copies in [1, 30] {
        let composed = directory(&materials, copies);
        let document = engine.layout(&composed);
        if copies > 1 {
            assert!(document.pages.len() >= 8, "{} pages", document.pages.len());
        }
        let (pages, streamed) = stream(&mut engine, &composed, document.pages.len());
        let streamed = streamed.expect("the directory can be streamed");
        assert!(!streamed.relaxable);
        assert_same(&document, pages, streamed, &format!("×{copies}"));
    }
}

#[test]
fn pages_are_handed_over_in_order_with_the_announced_count_in_their_footers() {
    let (materials, mut engine) = shipped();
    let composed = directory(&materials, 12);
    let document = engine.layout(&composed);
    let real = document.pages.len();
    assert!(real > 3, "{real} pages");
    let announced = real + 2;
    let (pages, streamed) = stream(&mut engine, &composed, announced);
    let streamed = streamed.expect("streamed");
    // The caller learns the real count, and that the footers are wrong.
    assert_eq!(streamed.pages, real);
    assert_eq!(pages.len(), real);
    for (i, (page, laid)) in pages.iter().zip(&document.pages).enumerate() {
        let footer = footer_text(page);
        assert!(
            footer.contains(&format!("{} / {announced}", i + 1)),
            "page {}: « {footer} »",
            i + 1
        );
        assert!(
            footer_text(laid).contains(&format!("{} / {real}", i + 1)),
            "page {}",
            i + 1
        );
        // The same content, in the same order, but for the footer.
        let body = |p: &Page| p.items[..p.items.len() - p.footer].to_vec();
        assert!(body(page) == body(laid), "page {}", i + 1);
    }
}

/// Whether the strict flow finds a panel the relaxed one would break
/// otherwise.
fn relaxable(composed: &Composed) -> bool {
    let mut shaper = Shaper::new(FontBook::builtin());
    let hyphenator = Hyphenator::default();
    let mut setter = Setter::new(&mut shaper, &hyphenator, composed.language.tag());
    Flow::new(&mut setter)
        .run_and_tell(&composed.blocks, &composed.template)
        .1
}

#[test]
fn shipped_sheets_are_streamed_as_laid_out_unless_they_may_be_laid_out_relaxed() {
    let (materials, mut engine) = shipped();
    let (mut streamed_sheets, mut refused) = (0, 0);
    for sheet in &materials.domains {
        for profile in [Profile::Standard, Profile::LargePrint] {
            let composed = compose_sheet_as(
                &materials,
                sheet,
                LoadedEdition::Generic,
                Paper::A4,
                profile,
            );
            let document = engine.layout(&composed);
            let label = format!("{} {profile:?}", sheet.id);
            let (pages, streamed) = stream(&mut engine, &composed, document.pages.len());
            match streamed {
                Some(streamed) => {
                    streamed_sheets += 1;
                    assert_same(&document, pages, streamed, &label);
                }
                // Past its target (large print), with a panel the relaxed
                // flow breaks: the engine lays it out twice.
                None => {
                    refused += 1;
                    assert!(document.pages.len() > 2, "{label}");
                    assert!(relaxable(&composed), "{label}");
                }
            }
        }
    }
    assert!(
        streamed_sheets >= materials.domains.len(),
        "{streamed_sheets}"
    );
    assert!(refused > 0);
}

/// A paragraph of `words` words in 9.5 pt body text.
fn paragraph(words: usize) -> Block {
    let text = (0..words).map(|k| format!("mot{k}")).collect::<Vec<_>>();
    Block::Paragraph {
        runs: vec![Run::plain(text.join(" "))],
        style: TextStyle {
            size: 9.5,
            leading: 12.5,
            color: Color::BLACK,
            link_color: Color::BLACK,
            weight: Weight::Regular,
            justify: false,
            hyphenate: false,
            display: false,
        },
        space_before: 0.0,
        space_after: 4.0,
    }
}

#[test]
fn a_document_that_may_be_laid_out_relaxed_is_not_streamed() {
    let (materials, mut engine) = shipped();
    let sheet = materials.domain("jeunesse").expect("jeunesse");
    let mut composed = compose_sheet_as(
        &materials,
        sheet,
        LoadedEdition::Generic,
        Paper::A4,
        Profile::Standard,
    );
    // Kept modules over many pages, the directory's shape.
    let entries: Vec<Block> = (0..150)
        .map(|_| Block::Keep(vec![paragraph(30), paragraph(20)]))
        .collect();
    composed.blocks = entries.clone();
    let document = engine.layout(&composed);
    assert!(document.pages.len() > 4, "{} pages", document.pages.len());
    let (pages, streamed) = stream(&mut engine, &composed, document.pages.len());
    assert_same(&document, pages, streamed.expect("streamed"), "entries");
    // A panel of about a third of a page after the first few: kept whole
    // strict, breakable relaxed; the engine lays the document out both
    // ways and keeps the shorter, which a stream cannot.
    let panel = Panel::new(vec![paragraph(250)]).padding(6.0).block();
    composed.blocks.insert(10, panel);
    let document = engine.layout(&composed);
    let (pages, streamed) = stream(&mut engine, &composed, document.pages.len());
    assert!(streamed.is_none());
    assert!(pages.len() < document.pages.len(), "{} pages", pages.len());
    // Announced at the page target, the same is laid out strict, and told.
    let (_, streamed) = stream(&mut engine, &composed, 2);
    assert!(streamed.is_none());
}
