//! The flow cutting its content as the pages need it (issue 20 §5): the
//! same pages whatever the window, and a window that does not grow with
//! the content.

use super::*;
use crate::compose::Composed;
use crate::compose::profile::Profile;
use crate::layout::fonts::{FontBook, Weight};
use crate::layout::hyphen::Hyphenator;
use crate::layout::shape::Shaper;
use crate::model::Paper;

/// `blocks` laid out on `template` with the window cut `ahead` (see
/// [`fill::AHEAD`]), and the most slices the window held.
fn laid(blocks: &[Block], template: &dyn PageTemplate, ahead: f32) -> (Document, usize) {
    let mut shaper = Shaper::new(FontBook::builtin());
    let hyphenator = Hyphenator::default();
    let mut setter = Setter::new(&mut shaper, &hyphenator, "fr");
    let mut flow = Flow::new(&mut setter);
    flow.ahead = ahead;
    let mut pages = Vec::new();
    let (count, bookmarks) = flow.fill(blocks, template, None, &mut |page, _| pages.push(page));
    assert_eq!(count, pages.len());
    redraw_footers(flow.setter, &mut pages, template);
    let peak = flow.window_peak;
    (flow.finish(count, bookmarks).into_document(pages), peak)
}

/// Asserts that the smallest window (one slice ahead, every answer that
/// needs more asking for it), the default one and the whole content cut
/// before the first page lay `blocks` out alike.
fn assert_any_window_lays_out_alike(blocks: &[Block], template: &dyn PageTemplate, label: &str) {
    let (whole, _) = laid(blocks, template, f32::INFINITY);
    for ahead in [0.0, AHEAD_FOR_TESTS, fill::AHEAD] {
        let (document, _) = laid(blocks, template, ahead);
        assert_eq!(document.pages.len(), whole.pages.len(), "{label}, {ahead}");
        for (k, (a, b)) in document.pages.iter().zip(&whole.pages).enumerate() {
            assert!(a == b, "{label}, ahead {ahead}: page {} differs", k + 1);
        }
        assert!(document == whole, "{label}, ahead {ahead}");
    }
}

/// Less than a page of columns ahead: balancing always asks for more.
const AHEAD_FOR_TESTS: f32 = 0.3;

fn shipped() -> crate::resolve::Materials {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let loaded = crate::load::load(&root).expect("materials");
    crate::resolve::resolve(&loaded).0
}

/// The territory's directory, each collectivité written `copies` times.
fn directory(materials: &crate::resolve::Materials, copies: usize) -> Composed {
    let domains = crate::resolve::territory::who_does_what(materials, None).repeated(copies);
    crate::compose::who_does_what::compose_who_does_what(
        materials,
        None,
        &domains.into(),
        &[],
        Profile::Standard,
    )
}

#[test]
fn shipped_sheets_and_the_directory_are_laid_out_alike_whatever_the_window() {
    let materials = shipped();
    for sheet in &materials.domains {
        for (profile, paper) in [
            (Profile::Standard, Paper::A4),
            (Profile::Standard, Paper::A5),
            (Profile::LargePrint, Paper::A4),
        ] {
            let composed = crate::compose::sheet::compose_sheet_as(
                &materials,
                sheet,
                crate::resolve::LoadedEdition::Generic,
                paper,
                profile,
            );
            let label = format!("{} {profile:?} {paper:?}", sheet.id);
            assert_any_window_lays_out_alike(&composed.blocks, &composed.template, &label);
        }
    }
    for copies in [1, 6] {
        let composed = directory(&materials, copies);
        let label = format!("directory ×{copies}");
        assert_any_window_lays_out_alike(&composed.blocks, &composed.template, &label);
    }
}

/// A page of 300 × 400 pt with a footer « i / n ».
struct Small;

impl PageTemplate for Small {
    fn size(&self) -> (f32, f32) {
        (300.0, 400.0)
    }
    fn body(&self, index: usize) -> Rect {
        // The first page has a band.
        let top = if index == 0 { 60.0 } else { 20.0 };
        Rect {
            x: 20.0,
            y: top,
            w: 260.0,
            h: 360.0 - top,
        }
    }
    fn footer(&self, index: usize, count: usize) -> Vec<(String, bool)> {
        vec![(format!("{} / {count}", index + 1), true)]
    }
    fn footer_baseline(&self) -> f32 {
        390.0
    }
    fn footer_rule(&self) -> Option<(f32, Color)> {
        None
    }
}

fn style() -> TextStyle {
    TextStyle {
        size: 9.0,
        leading: 11.0,
        color: Color::BLACK,
        link_color: Color::BLACK,
        weight: Weight::Regular,
        justify: true,
        hyphenate: true,
        display: false,
    }
}

fn paragraph(words: usize, seed: usize) -> Block {
    let text: Vec<String> = (0..words)
        .map(|k| ["coopération", "eau", "jumelage", "école", "partenaires"][(k + seed) % 5].into())
        .collect();
    Block::Paragraph {
        runs: vec![Run::plain(text.join(" "))],
        style: style(),
        space_before: 2.0,
        space_after: 4.0,
    }
}

fn heading(text: &str, bookmark: Option<u8>) -> Block {
    Block::Heading {
        level: 2,
        runs: vec![Run::plain(text)],
        style: style(),
        space_before: 6.0,
        space_after: 2.0,
        bookmark,
    }
}

/// Content of every kind the window must see through: sections of a
/// multi-column area cut part by part, nested groups, entries, floats,
/// panels, forced breaks inside and between the areas, a table with its
/// header row at full width. (A table or an entry with a continuation line
/// continued atop the balanced last page of an area can leave its columns
/// empty: balancing does not count the repeated header, and the flow then
/// starts page after page; the directory's are tested above.)
fn mixed(n: usize) -> Vec<Block> {
    let entry = |k: usize| Block::Group {
        role: Role::Sect,
        blocks: vec![Block::Entry(vec![
            Block::Keep(vec![heading(&format!("Entrée {k}"), None), paragraph(8, k)]),
            paragraph(10 + k % 17, k),
            paragraph(5 + k % 7, k + 1),
        ])],
    };
    let table = |k: usize| Block::Group {
        role: Role::Table,
        blocks: (0..6).map(|r| paragraph(4 + r, k + r)).collect(),
    };
    let mut sections = Vec::new();
    for s in 0..n {
        let mut blocks = vec![heading(&format!("Section {s}"), Some(1))];
        for k in 0..12 {
            let k = s * 12 + k;
            blocks.push(match k % 9 {
                0 => paragraph(12, k),
                3 => Block::Float(Box::new(Block::Keep(vec![paragraph(30, k)]))),
                4 => Panel::new(vec![paragraph(20 + k % 40, k)])
                    .padding(4.0)
                    .block(),
                5 => Block::Group {
                    role: Role::Sect,
                    blocks: vec![entry(k), paragraph(25, k), entry(k + 1)],
                },
                7 if s % 3 == 2 => Block::PageBreak,
                _ => entry(k),
            });
        }
        sections.push(Block::Group {
            role: Role::Sect,
            blocks,
        });
    }
    let half = sections.split_off(n / 2);
    vec![Block::Group {
        role: Role::Sect,
        blocks: vec![
            heading("Annuaire", Some(0)),
            paragraph(60, 0),
            Block::Columns {
                count: 2,
                gap: 8.0,
                blocks: sections,
            },
            paragraph(40, 1),
            Block::Group {
                role: Role::Sect,
                blocks: vec![
                    paragraph(30, 2),
                    table(2),
                    Block::PageBreak,
                    paragraph(30, 3),
                ],
            },
            Block::Columns {
                count: 3,
                gap: 6.0,
                blocks: half,
            },
            paragraph(20, 4),
        ],
    }]
}

#[test]
fn mixed_content_is_laid_out_alike_whatever_the_window() {
    for n in [1, 2, 7] {
        let blocks = mixed(n);
        assert_any_window_lays_out_alike(&blocks, &Small, &format!("mixed {n}"));
    }
    let (document, _) = laid(&mixed(7), &Small, fill::AHEAD);
    assert!(document.pages.len() > 20, "{} pages", document.pages.len());
}

#[test]
fn the_flow_holds_a_window_of_slices_not_the_whole_content() {
    let materials = shipped();
    let small = directory(&materials, 20);
    let large = directory(&materials, 80);
    let (small_doc, small_peak) = laid(&small.blocks, &small.template, fill::AHEAD);
    let (large_doc, large_peak) = laid(&large.blocks, &large.template, fill::AHEAD);
    let (_, whole) = laid(&large.blocks, &large.template, f32::INFINITY);
    assert!(large_doc.pages.len() >= 3 * small_doc.pages.len());
    assert!(
        large_doc.pages.len() > 20,
        "{} pages",
        large_doc.pages.len()
    );
    // A few pages of slices, whatever the length: the window does not
    // grow with the content.
    assert!(large_peak * 8 < whole, "{large_peak} of {whole} slices");
    assert!(
        large_peak < small_peak * 3 / 2,
        "{large_peak} slices held for {} pages, {small_peak} for {}",
        large_doc.pages.len(),
        small_doc.pages.len()
    );
}

/// Issue 20 §5: the continuation header laid out for each entry of the
/// directory was held to the end of its layout (≈ 110 MB at 34 900
/// communes); it is let go once no slice left repeats it.
#[test]
fn the_headers_of_entries_placed_are_let_go() {
    let materials = shipped();
    let large = directory(&materials, 80);
    let mut shaper = Shaper::new(FontBook::builtin());
    let hyphenator = Hyphenator::default();
    let mut setter = Setter::new(&mut shaper, &hyphenator, "fr");
    let mut flow = Flow::new(&mut setter);
    let (count, _) = flow.fill(&large.blocks, &large.template, None, &mut |_, _| {});
    assert!(count > 20, "{count} pages");
    let made = flow.headers.len();
    let held = flow.headers.iter().filter(|h| !h.items.is_empty()).count();
    assert!(made > 500, "{made} headers laid out");
    assert!(held * 20 < made, "{held} of {made} headers still held");
}

/// Blocks held, given as a [`BlockSource`] would make them.
struct Held(Vec<Block>);

impl BlockSource for Held {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn block(&self, index: usize) -> Block {
        self.0[index].clone()
    }
}

/// `blocks` with every group, at any depth, made generated.
fn generated(blocks: Vec<Block>) -> Vec<Block> {
    let generate = |block| match block {
        Block::Group { role, blocks } => Block::Generated {
            role,
            blocks: Generated::new(Held(generated(blocks))),
        },
        Block::Columns { count, gap, blocks } => Block::Columns {
            count,
            gap,
            blocks: generated(blocks),
        },
        other => other,
    };
    blocks.into_iter().map(generate).collect()
}

/// Issue 20 §5: a group whose blocks are made as the flow reaches them is
/// laid out as the group holding them, whatever the window: sections of a
/// multi-column area, tables at full width, nested groups.
#[test]
fn generated_groups_are_laid_out_as_the_groups_of_their_blocks() {
    for n in [1, 7] {
        let held = mixed(n);
        let made = generated(held.clone());
        assert!(made != held && made[0] == made[0].clone());
        let (expected, _) = laid(&held, &Small, fill::AHEAD);
        assert_any_window_lays_out_alike(&made, &Small, &format!("generated {n}"));
        let (document, _) = laid(&made, &Small, fill::AHEAD);
        assert!(document == expected, "generated {n}: another layout");
    }
}

/// Blocks made on demand, counting how far they were asked for.
struct Counted {
    blocks: usize,
    furthest: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl BlockSource for Counted {
    fn len(&self) -> usize {
        self.blocks
    }

    fn block(&self, index: usize) -> Block {
        self.furthest
            .fetch_max(index, std::sync::atomic::Ordering::Relaxed);
        paragraph(6 + index % 11, index)
    }
}

/// Issue 20 §5: the territory's directory composed every entry before its
/// layout and held them through its three passes; the blocks of a
/// generated group are made only as the pages need them.
#[test]
fn the_blocks_of_a_generated_group_are_made_as_the_pages_need_them() {
    let furthest = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let blocks = vec![Block::Columns {
        count: 2,
        gap: 8.0,
        blocks: vec![Block::Generated {
            role: Role::Sect,
            blocks: Generated::new(Counted {
                blocks: 3000,
                furthest: furthest.clone(),
            }),
        }],
    }];
    let mut shaper = Shaper::new(FontBook::builtin());
    let hyphenator = Hyphenator::default();
    let mut setter = Setter::new(&mut shaper, &hyphenator, "fr");
    let mut asked = Vec::new();
    let laid = Flow::new(&mut setter).run_streamed(&blocks, &Small, 0, &mut |_, _| {
        asked.push(furthest.load(std::sync::atomic::Ordering::Relaxed));
    });
    assert!(laid.pages > 100, "{} pages", laid.pages);
    assert_eq!(*asked.last().unwrap(), 2999);
    // A few pages ahead of the page handed over, never the whole content.
    assert!(
        asked[0] < 100,
        "{} blocks made for the first page",
        asked[0]
    );
}
