//! Page composition on hand-made blocks: boxes around their text, modules
//! kept whole, floats, balancing by sections, repeated table headers and
//! footers (one test per defect of the page review, issue 16).

use ancrage::layout::Document;
use ancrage::layout::document::{Color, Content, Role, Tag};
use ancrage::layout::flow::{Block, Flow, ItemBox, PageTemplate, Rect};
use ancrage::layout::fonts::{FontBook, Weight};
use ancrage::layout::hyphen::Hyphenator;
use ancrage::layout::inline::Run;
use ancrage::layout::paragraph::{Setter, TextStyle};
use ancrage::layout::shape::Shaper;

/// A page of `w` × `h` points with 20 pt margins and the given footer.
struct Template {
    w: f32,
    h: f32,
    footer: Vec<(String, bool)>,
}

const MARGIN: f32 = 20.0;

fn page(w: f32, h: f32) -> Template {
    Template {
        w,
        h,
        footer: Vec::new(),
    }
}

impl PageTemplate for Template {
    fn size(&self) -> (f32, f32) {
        (self.w, self.h)
    }
    fn body(&self, _: usize) -> Rect {
        Rect {
            x: MARGIN,
            y: MARGIN,
            w: self.w - 2.0 * MARGIN,
            h: self.h - 2.0 * MARGIN,
        }
    }
    fn footer(&self, _: usize, _: usize) -> Vec<(String, bool)> {
        self.footer.clone()
    }
    fn footer_baseline(&self) -> f32 {
        self.h - 8.0
    }
    fn footer_rule(&self) -> Option<(f32, Color)> {
        None
    }
}

fn layout(blocks: &[Block], template: &Template) -> Document {
    run_flow(blocks, template, false)
}

/// Lays `blocks` out with a fresh setter, in the relaxed flow when `relaxed`.
fn run_flow(blocks: &[Block], template: &Template, relaxed: bool) -> Document {
    let mut shaper = Shaper::new(FontBook::builtin());
    let hyphenator = Hyphenator::default();
    let mut setter = Setter::new(&mut shaper, &hyphenator, "fr");
    let flow = Flow::new(&mut setter);
    let flow = if relaxed { flow.relaxed() } else { flow };
    flow.run(blocks, template)
}

fn style() -> TextStyle {
    TextStyle {
        size: 10.0,
        leading: 14.0,
        color: Color::BLACK,
        link_color: Color::BLACK,
        weight: Weight::Regular,
        justify: false,
        hyphenate: true,
        display: false,
    }
}

fn run(text: &str) -> Run {
    Run {
        text: text.into(),
        bold: false,
        italic: false,
        link: None,
        lang: None,
    }
}

/// A ragged paragraph of `n` one-word lines `tag0xx`, `tag1xx`…
fn lines(n: usize, tag: &str) -> Block {
    spaced(n, tag, 0.0)
}

/// The same with `space_after` below it.
fn spaced(n: usize, tag: &str, space_after: f32) -> Block {
    let words: Vec<String> = (0..n).map(|i| format!("{tag}{i}xx")).collect();
    Block::Paragraph {
        runs: vec![run(&words.join("\n"))],
        style: style(),
        space_before: 0.0,
        space_after,
    }
}

fn heading(text: &str) -> Block {
    Block::Heading {
        level: 2,
        runs: vec![run(text)],
        style: style(),
        space_before: 6.0,
        space_after: 2.0,
        bookmark: None,
    }
}

fn panel(blocks: Vec<Block>, padding: f32) -> Block {
    Block::Panel {
        fill: Some(Color::rgb(0xEE, 0xEE, 0xEE)),
        stroke: None,
        radius: 0.0,
        padding,
        left_bar: None,
        outset: (0.0, 0.0),
        blocks,
        space_before: 0.0,
        space_after: 0.0,
        role: None,
    }
}

/// Where the visible glyphs of a run end (spaces at a line end excluded).
fn visible_end(r: &ancrage::layout::document::GlyphRun) -> f32 {
    r.glyphs
        .iter()
        .rev()
        .find(|g| {
            r.text
                .get(g.text_start as usize..g.text_end as usize)
                .is_some_and(|t| !t.trim().is_empty())
        })
        .map_or(r.x, |g| r.x + g.x + g.advance)
}

/// Visible text runs: (page, x, end, baseline, text, is content).
fn texts(doc: &Document) -> Vec<(usize, f32, f32, f32, String, bool)> {
    let mut out = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            if let Content::Text(r) = &item.content
                && !r.text.trim().is_empty()
            {
                let content = matches!(item.tag, Tag::Content(_));
                out.push((p, r.x, visible_end(r), r.y, r.text.clone(), content));
            }
        }
    }
    out
}

/// Filled rectangles: (page, x, y, w, h).
fn boxes(doc: &Document) -> Vec<(usize, f32, f32, f32, f32)> {
    let mut out = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            if let Content::Rect {
                x,
                y,
                w,
                h,
                fill: Some(_),
                ..
            } = item.content
            {
                out.push((p, x, y, w, h));
            }
        }
    }
    out
}

fn pages_of(doc: &Document, tag: &str) -> Vec<usize> {
    let mut out: Vec<usize> = texts(doc)
        .into_iter()
        .filter(|t| t.4.starts_with(tag) && t.5)
        .map(|t| t.0)
        .collect();
    out.dedup();
    out
}

/// Issue 16 A.1: a box in a list item was drawn where the item started
/// (6.5 mm short of the column edge) while its text, moved by the indent,
/// overhung it by 3.9 mm. A box follows its text into its container.
#[test]
fn a_box_in_a_list_item_holds_its_text() {
    let template = page(300.0, 400.0);
    let blocks = vec![Block::List {
        items: vec![(
            "1".into(),
            vec![panel(
                vec![Block::Paragraph {
                    runs: vec![run(&"mot ".repeat(60))],
                    style: TextStyle {
                        justify: true,
                        ..style()
                    },
                    space_before: 0.0,
                    space_after: 0.0,
                }],
                8.0,
            )],
        )],
        label_style: style(),
        indent: 20.0,
        gap: 0.0,
        space_after: 0.0,
        boxed: None,
    }];
    let doc = layout(&blocks, &template);
    let (_, x, _, w, _) = boxes(&doc)[0];
    assert!((x - (MARGIN + 20.0)).abs() < 0.01, "box at {x}");
    assert!(
        (x + w - (template.w - MARGIN)).abs() < 0.01,
        "box ends at {}",
        x + w
    );
    for t in texts(&doc).iter().filter(|t| t.4.contains("mot")) {
        assert!(t.1 >= x + 8.0 - 0.01 && t.2 <= x + w - 8.0 + 0.05, "{t:?}");
    }
}

/// Issue 16 A.1: a boxed list (the « Leviers d’action ») spans the column,
/// its number hangs inside the box's padding, its text keeps clear of both
/// edges by the padding.
#[test]
fn a_boxed_list_item_spans_the_column_with_its_number_inside() {
    let template = page(300.0, 400.0);
    let pad = 9.0;
    let blocks = vec![Block::List {
        items: vec![(
            "4".into(),
            vec![Block::Paragraph {
                runs: vec![run(&"levier ".repeat(40))],
                style: style(),
                space_before: 0.0,
                space_after: 0.0,
            }],
        )],
        label_style: style(),
        indent: 16.0,
        gap: 0.0,
        space_after: 0.0,
        boxed: Some(ItemBox {
            fill: Some(Color::rgb(0xEE, 0xEE, 0xEE)),
            stroke: None,
            radius: 3.0,
            padding: pad,
            padding_y: 6.0,
        }),
    }];
    let doc = layout(&blocks, &template);
    let (_, x, _, w, _) = boxes(&doc)[0];
    assert!((x - MARGIN).abs() < 0.01 && (w - (template.w - 2.0 * MARGIN)).abs() < 0.01);
    let t = texts(&doc);
    let number = t.iter().find(|t| t.4 == "4").expect("the number");
    assert!(
        (number.1 - (x + pad)).abs() < 0.01,
        "number at {}",
        number.1
    );
    for line in t.iter().filter(|t| t.4.contains("levier")) {
        assert!(line.1 >= x + pad + 16.0 - 0.01, "{line:?}");
        assert!(line.2 <= x + w - pad + 0.05, "{line:?}");
    }
}

/// Issue 16 A.2: a key-figure grid was split across columns and pages. A
/// kept block that fits a fresh page moves whole, its heading with it.
#[test]
fn a_kept_block_moves_whole_with_its_heading() {
    let template = page(200.0, 300.0);
    let blocks = vec![
        lines(14, "f"),
        heading("Titre"),
        Block::Keep(vec![lines(3, "a"), lines(3, "b"), lines(3, "c")]),
    ];
    let doc = layout(&blocks, &template);
    let kept: Vec<usize> = ["Titre", "a", "b", "c"]
        .iter()
        .flat_map(|tag| pages_of(&doc, tag))
        .collect();
    assert!(kept.iter().all(|&p| p == kept[0]), "split: {kept:?}");
    assert_eq!(kept[0], 1, "it should have moved to page 2");
}

/// Issue 16 A.2: a boxed item (a lever) is never split, even when small
/// panels are no longer kept whole by their size alone.
#[test]
fn a_boxed_item_is_never_split() {
    let template = page(200.0, 300.0);
    let item = |tag: &str| (String::from("1"), vec![lines(8, tag)]);
    let blocks = vec![
        lines(10, "f"),
        Block::List {
            items: vec![item("x"), item("y")],
            label_style: style(),
            indent: 12.0,
            gap: 4.0,
            space_after: 0.0,
            boxed: Some(ItemBox {
                fill: Some(Color::rgb(0xEE, 0xEE, 0xEE)),
                stroke: None,
                radius: 0.0,
                padding: 8.0,
                padding_y: 6.0,
            }),
        },
    ];
    let doc = layout(&blocks, &template);
    for tag in ["x", "y"] {
        let pages = pages_of(&doc, tag);
        assert_eq!(pages.len(), 1, "item {tag} split over pages {pages:?}");
    }
}

/// Issue 16 A.2: a table split across pages repeats its header row (the
/// booklet's programme ran onto page 2 without it), as decoration.
#[test]
fn a_table_repeats_its_header_row_where_it_continues() {
    let template = page(300.0, 200.0);
    let row = |text: &str, fill| Block::Panel {
        fill,
        stroke: None,
        radius: 0.0,
        padding: 3.0,
        left_bar: None,
        outset: (0.0, 0.0),
        blocks: vec![Block::Paragraph {
            runs: vec![run(text)],
            style: style(),
            space_before: 0.0,
            space_after: 0.0,
        }],
        space_before: 0.0,
        space_after: 0.0,
        role: Some(Role::TR),
    };
    let mut rows = vec![row("Entête", Some(Color::rgb(0x20, 0x30, 0x50)))];
    rows.extend((0..14).map(|i| row(&format!("ligne{i}"), None)));
    let blocks = vec![Block::Group {
        role: Role::Table,
        blocks: rows,
    }];
    let doc = layout(&blocks, &template);
    assert!(doc.pages.len() >= 2);
    let t = texts(&doc);
    for p in 0..doc.pages.len() {
        let header = t.iter().find(|t| t.0 == p && t.4 == "Entête");
        let first_row = t
            .iter()
            .filter(|t| t.0 == p && t.4.starts_with("ligne"))
            .map(|t| t.3)
            .fold(f32::MAX, f32::min);
        let header = header.unwrap_or_else(|| panic!("no header on page {}", p + 1));
        assert!(
            header.3 < first_row,
            "header below the rows on page {}",
            p + 1
        );
        // Read once: the copies are decoration.
        assert_eq!(header.5, p == 0, "page {}", p + 1);
    }
}

/// Issue 16 A.3: balancing the last page cut « Outils et dispositifs »
/// between two columns. Sections stay whole; columns fill in order when
/// they cannot be balanced that way.
#[test]
fn balancing_never_cuts_a_section() {
    let template = page(300.0, 600.0);
    let section = |tag: &str, n| Block::Group {
        role: Role::Sect,
        blocks: vec![heading(tag), lines(n, tag)],
    };
    let blocks = vec![Block::Columns {
        count: 2,
        gap: 20.0,
        blocks: vec![section("a", 12), section("b", 4)],
    }];
    let doc = layout(&blocks, &template);
    let t = texts(&doc);
    for tag in ["a", "b"] {
        let xs: Vec<f32> = t
            .iter()
            .filter(|t| t.4.starts_with(tag))
            .map(|t| t.1)
            .collect();
        assert!(
            xs.iter().all(|x| (x - xs[0]).abs() < 1.0),
            "section {tag} cut between columns: {xs:?}"
        );
    }
}

/// Issue 16 A.3: a column that content continues after ends near the foot
/// of its page (its free space spread between its modules, each gap
/// growing by a line at most unless more than 15 mm would stay free), not
/// 50 mm above it: within the page checker's 25 mm.
#[test]
fn a_column_followed_by_more_content_reaches_the_foot() {
    let template = page(200.0, 300.0);
    let blocks = vec![
        spaced(4, "a", 6.0),
        spaced(4, "b", 4.0),
        Block::Keep(vec![lines(10, "k")]),
    ];
    let doc = layout(&blocks, &template);
    assert_eq!(pages_of(&doc, "k"), vec![1]);
    let bottom = texts(&doc)
        .iter()
        .filter(|t| t.0 == 0)
        .map(|t| t.3)
        .fold(0.0, f32::max);
    let foot = template.h - MARGIN;
    // 25 mm: the page checker's bound on a column that is not the last.
    assert!(
        foot - bottom < 25.0 * 72.0 / 25.4,
        "page 1 ends {:.1} pt above its foot",
        foot - bottom
    );
}

/// Issue 16 A.3: a grid that does not fit where it stands lets the text
/// after it fill the column; it goes to the next one after the end of the
/// paragraph that text cut, never inside it.
#[test]
fn a_float_lets_the_text_after_it_fill_the_column() {
    let template = page(200.0, 300.0);
    let blocks = vec![
        lines(12, "a"),
        Block::Float(Box::new(Block::Keep(vec![lines(10, "g")]))),
        lines(8, "z"),
    ];
    let doc = layout(&blocks, &template);
    assert_eq!(pages_of(&doc, "g"), vec![1]);
    assert!(pages_of(&doc, "z").contains(&0), "no text moved up");
    let t = texts(&doc);
    let grid_top = t
        .iter()
        .filter(|t| t.4.starts_with('g'))
        .map(|t| t.3)
        .fold(f32::MAX, f32::min);
    let after = t
        .iter()
        .filter(|t| t.0 == 1 && t.4.starts_with('z'))
        .map(|t| t.3);
    assert!(
        after.clone().all(|y| y < grid_top),
        "the grid cuts the paragraph"
    );
}

/// Issue 16 A.7 and issue 18.1: footers overlapped with long names. The
/// first text wraps (or is shortened) in the room the second leaves.
#[test]
fn footers_never_collide_whatever_the_names() {
    let long = "Ancrer la solidarité internationale dans les territoires — Communauté d’agglomération Grand Paris Sud Seine-Essonne-Sénart";
    for width in [420.0, 595.0] {
        let template = Template {
            footer: vec![
                (long.to_string(), false),
                (
                    "édition du 26 novembre 2026 — page 12 / 24".to_string(),
                    true,
                ),
            ],
            ..page(width, 300.0)
        };
        let doc = layout(&[lines(2, "a")], &template);
        let runs: Vec<_> = texts(&doc).into_iter().filter(|t| !t.5).collect();
        for (i, a) in runs.iter().enumerate() {
            assert!(
                a.1 >= MARGIN - 0.01 && a.2 <= width - MARGIN + 0.05,
                "{a:?}"
            );
            for b in &runs[i + 1..] {
                if (a.3 - b.3).abs() < 0.5 {
                    let gap = (b.1 - a.2).max(a.1 - b.2);
                    assert!(
                        gap >= 2.0 * 72.0 / 25.4,
                        "{a:?} and {b:?} {gap:.1} pt apart"
                    );
                }
            }
        }
        assert!(
            runs.iter().any(|t| t.4.contains("page 12 / 24")),
            "{runs:?}"
        );
    }
}

/// Issue 16 A.12: a contents line puts its number on the right margin with
/// dot leaders from its title.
#[test]
fn a_contents_line_has_leaders_and_its_number_on_the_margin() {
    let template = page(400.0, 300.0);
    let blocks = vec![Block::Leaders {
        runs: vec![run("Développement durable et climat")],
        number: run("17"),
        style: style(),
        number_style: style(),
        space_after: 0.0,
    }];
    let doc = layout(&blocks, &template);
    let t = texts(&doc);
    let number = t.iter().find(|t| t.4 == "17").expect("the number");
    assert!(
        (number.2 - (template.w - MARGIN)).abs() < 0.05,
        "{number:?}"
    );
    let title = t
        .iter()
        .find(|t| t.4.starts_with("Dév"))
        .expect("the title");
    let dots = t.iter().find(|t| t.4.starts_with("...")).expect("leaders");
    assert!(dots.1 > title.2 && dots.2 < number.1, "{dots:?}");
    assert!((dots.3 - number.3).abs() < 0.01 && !dots.5);
}

/// A bulleted list of `items`, each a [`lines`] paragraph of (count, tag).
fn bullets(items: &[(usize, &str)]) -> Block {
    Block::List {
        items: items
            .iter()
            .map(|&(n, tag)| ("•".to_string(), vec![lines(n, tag)]))
            .collect(),
        label_style: style(),
        indent: 10.0,
        gap: 0.0,
        space_after: 0.0,
        boxed: None,
    }
}

/// Issue 16 A.3: a key-figure grid that did not fit let the text after it
/// fill the column up to the foot, cutting a list item mid-sentence, the
/// grid in between (Exempleville eau p. 2). The rest of the item goes
/// before the grid too, at the top of the next column.
#[test]
fn issue16_a_float_never_cuts_a_list_item() {
    let template = page(200.0, 300.0);
    let blocks = vec![
        lines(12, "a"),
        Block::Float(Box::new(Block::Keep(vec![lines(10, "g")]))),
        bullets(&[(3, "y"), (8, "z")]),
    ];
    let doc = layout(&blocks, &template);
    assert_eq!(pages_of(&doc, "g"), vec![1]);
    assert_eq!(pages_of(&doc, "y"), vec![0], "the short item moves up");
    let t = texts(&doc);
    let grid_top = t
        .iter()
        .filter(|t| t.4.starts_with('g'))
        .map(|t| t.3)
        .fold(f32::MAX, f32::min);
    let below: Vec<_> = t
        .iter()
        .filter(|t| t.0 == 1 && t.4.starts_with('z') && t.3 > grid_top)
        .collect();
    assert!(
        below.is_empty(),
        "the item goes on below the grid: {below:?}"
    );
}

/// A float is not placed after a heading either: the heading stays with
/// its section (égalité p. 2, where « Outils et dispositifs » ended a
/// column, its text after the grid).
#[test]
fn issue16_a_float_never_parts_a_heading_from_its_text() {
    let template = page(200.0, 300.0);
    let blocks = vec![
        lines(12, "a"),
        Block::Float(Box::new(Block::Keep(vec![lines(10, "g")]))),
        heading("hh"),
        lines(8, "z"),
    ];
    let doc = layout(&blocks, &template);
    assert_eq!(pages_of(&doc, "hh"), pages_of(&doc, "z")[..1].to_vec());
}

fn layout_relaxed(blocks: &[Block], template: &Template) -> Document {
    run_flow(blocks, template, true)
}

/// Issue 16 A.2: the énergie sheet's experience box was split 3 + 3 lines
/// across its pages by the relaxed flow (tried when a sheet overflows its
/// page target). A kept module is never split, in a relaxed flow either.
#[test]
fn issue16_an_experience_box_is_never_split_in_a_relaxed_flow() {
    let template = page(200.0, 300.0);
    let blocks = vec![
        lines(12, "a"),
        Block::Keep(vec![panel(vec![lines(8, "k")], 4.0)]),
        lines(4, "z"),
    ];
    let doc = layout_relaxed(&blocks, &template);
    assert_eq!(pages_of(&doc, "k"), vec![1]);
}

/// Issue 16 A.3: a small panel (not a module: the commune's box) that did
/// not fit moved whole to the next page, and the column it left was
/// stretched, its modules 30 mm apart (Exempleville migrations p. 1). When
/// moving it leaves more room than the gaps can take, it is split at a
/// legal break instead; with little room left, it still moves whole.
#[test]
fn issue16_a_small_panel_splits_rather_than_leave_a_hole() {
    let template = page(200.0, 300.0);
    let blocks = |filler| {
        vec![
            lines(filler, "a"),
            panel(vec![lines(8, "p")], 2.0),
            lines(14, "z"),
        ]
    };
    // 64 pt free under 14 lines: four of the panel's lines fit there.
    let doc = layout(&blocks(14), &template);
    assert_eq!(pages_of(&doc, "p"), vec![0, 1]);
    // 36 pt free under 16 lines: the panel moves whole.
    let doc = layout(&blocks(16), &template);
    assert_eq!(pages_of(&doc, "p"), vec![1]);
}

/// Issue 16 A.3: a directory's entry went on in the next column, cut in
/// the middle of a line of it; and a domain's counts line stayed at a
/// column's foot without its first entry. An entry moves whole when that
/// leaves little room, and otherwise breaks between its blocks only.
#[test]
fn issue16_an_entry_breaks_only_between_its_blocks() {
    let template = page(200.0, 300.0);
    let entry = Block::Entry(vec![
        Block::Keep(vec![heading("nn"), lines(1, "t")]),
        lines(5, "b"),
        lines(5, "c"),
        lines(5, "d"),
    ]);
    // 11 lines free: the entry's name, its first line and its first block
    // fit, the next block does not. It breaks between them.
    let doc = layout(&[lines(7, "a"), entry.clone(), lines(3, "z")], &template);
    assert_eq!(pages_of(&doc, "b"), vec![0]);
    assert_eq!(pages_of(&doc, "c"), vec![1], "a block is cut");
    // 2 lines free: it moves whole.
    let doc = layout(&[lines(16, "a"), entry, lines(3, "z")], &template);
    assert_eq!(pages_of(&doc, "nn"), vec![1]);
    assert_eq!(pages_of(&doc, "d"), vec![1]);
}

/// Issue 16 A.3: a directory entry that went on in the next column started
/// there without its name (« qui fait quoi », experiences p. 1–2). Its
/// continuation line, given first as decoration, is drawn atop that column
/// — as a table repeats its header row — as an artifact, so a screen
/// reader reads the name once; never where the entry is whole.
#[test]
fn issue16_a_continued_entry_repeats_its_name_atop_the_next_column() {
    let template = page(200.0, 300.0);
    let entry = Block::Entry(vec![
        Block::Decoration {
            blocks: vec![Block::Paragraph {
                runs: vec![run("nn (suite)")],
                style: style(),
                space_before: 0.0,
                space_after: 0.0,
            }],
        },
        Block::Keep(vec![heading("nn"), lines(1, "t")]),
        lines(5, "b"),
        lines(5, "c"),
        lines(5, "d"),
    ]);
    let doc = layout(&[lines(7, "a"), entry.clone(), lines(3, "z")], &template);
    let t = texts(&doc);
    let continued: Vec<_> = t.iter().filter(|t| t.4.contains("(suite)")).collect();
    assert_eq!(continued.len(), 1, "{continued:?}");
    let (page, _, _, baseline, _, content) = continued[0].clone();
    assert_eq!(page, 1);
    assert!(!content, "the repeated name is an artifact");
    let first_c = t
        .iter()
        .filter(|t| t.0 == 1 && t.4.starts_with('c'))
        .map(|t| t.3)
        .fold(f32::MAX, f32::min);
    assert!(baseline < first_c, "the name heads the column");
    // The name itself is read once, on the first page.
    assert_eq!(pages_of(&doc, "nn"), vec![0]);
    // Whole in one column: no continuation line.
    let doc = layout(&[lines(16, "a"), entry, lines(3, "z")], &template);
    assert!(texts(&doc).iter().all(|t| !t.4.contains("(suite)")));
}
