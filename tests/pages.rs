//! The page checker (tests/pagecheck) on written PDFs: each rule shown able
//! to fail on a small page built to break it (and to pass once mended), then
//! every file of the default build and of five variant editions (A5, a
//! commune with a long real name, bleed and crop marks, grey levels, large
//! print with its own rules).

mod common;
use common::{build, run_build};
mod pagecheck;

use std::collections::BTreeMap;
use std::path::Path;

use ancrage::export::{self, Metadata, Options};
use ancrage::layout::document::{
    Bookmark, Color, Content, Document, GlyphRun, Item, Page, Role, Structure, Tag,
};
use ancrage::layout::fonts::{FontBook, Style, Weight};
use pagecheck::{Finding, PT_PER_MM, Rule, check_bytes, check_file, pdfs};

/// A4 portrait (pt).
const A4: (f32, f32) = (595.28, 841.89);

/// A run of `text`, shaped glyph per char, regular or bold.
fn run(
    book: &FontBook,
    text: &str,
    at: (f32, f32),
    size: f32,
    bold: bool,
    color: Color,
) -> GlyphRun {
    let style = Style {
        weight: if bold { Weight::Bold } else { Weight::Regular },
        italic: false,
    };
    common::glyph_run(book, style, text, at, size, color)
}

/// A text of a test page: role, text, position, size, bold, colour.
type Text = (Role, &'static str, (f32, f32), f32, bool, Color);

/// What a test page holds: text (role, text, position, size, bold, colour)
/// and filled rectangles (x, y, w, h, colour), drawn rectangles first.
#[derive(Default, Clone)]
struct Sketch {
    rects: Vec<(f32, f32, f32, f32, Color)>,
    texts: Vec<Text>,
    extra: Vec<Content>,
}

const INK: Color = Color::rgb(0x22, 0x22, 0x22);

/// Exports the sketched pages (A4) and checks them.
fn check_pages(pages: &[Sketch], options: &Options) -> Vec<Finding> {
    check_outlined(pages, Vec::new(), options)
}

/// Exports the sketched pages with an outline and checks them.
fn check_outlined(pages: &[Sketch], bookmarks: Vec<Bookmark>, options: &Options) -> Vec<Finding> {
    check_bytes("essai.pdf", &export_sketch(pages, bookmarks, options))
}

/// The sketched pages (A4) as a PDF, with an outline.
fn export_sketch(pages: &[Sketch], bookmarks: Vec<Bookmark>, options: &Options) -> Vec<u8> {
    let book = FontBook::builtin();
    let mut structure = Structure::new();
    let root = structure.root();
    let mut doc_pages = Vec::new();
    for sketch in pages {
        let mut items = Vec::new();
        for &(x, y, w, h, fill) in &sketch.rects {
            items.push(Item {
                content: Content::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: Some(fill),
                    stroke: None,
                    radius: 0.0,
                },
                tag: Tag::Artifact,
            });
        }
        // One figure node for the extra shapes (a QR code's modules).
        let node = structure.add(
            root,
            Role::Figure {
                alt: "code QR".into(),
            },
        );
        for content in &sketch.extra {
            items.push(Item {
                content: content.clone(),
                tag: Tag::Content(node),
            });
        }
        for (role, text, at, size, bold, color) in &sketch.texts {
            let node = structure.add(root, role.clone());
            items.push(Item {
                content: Content::Text(run(&book, text, *at, *size, *bold, *color)),
                tag: Tag::Content(node),
            });
        }
        doc_pages.push(Page {
            width: A4.0,
            height: A4.1,
            items,
            footer: 0,
        });
    }
    let doc = Document {
        pages: doc_pages,
        structure,
        bookmarks,
        ..Document::default()
    };
    let meta = Metadata {
        title: "Essai".into(),
        author: None,
        subject: None,
        keywords: Vec::new(),
        lang: "fr-FR".into(),
        date: None,
    };
    export::export(&doc, &book, &meta, options).unwrap().bytes
}

/// The rules found on the sketched pages of a file named as a large-print
/// edition (whose rules apply by its name), and of the same file named as
/// a standard one.
fn large_rules(pages: &[Sketch]) -> (Vec<Rule>, Vec<Rule>) {
    let bytes = export_sketch(pages, Vec::new(), &Options::default());
    let rules = |name: &str| {
        let mut r: Vec<Rule> = check_bytes(name, &bytes).iter().map(|f| f.rule).collect();
        r.sort();
        r.dedup();
        r
    };
    (rules("essai-gros-caracteres.pdf"), rules("essai.pdf"))
}

/// A large-print page: body lines at `body` pt from `y`, and a footer line
/// at `footer` pt.
fn large_page(body: f32, footer: f32) -> Sketch {
    let line = |y: f32| {
        (
            Role::P,
            "Les collectivités sont reconnues comme actrices.",
            (40.0, y),
            body,
            false,
            INK,
        )
    };
    let mut texts: Vec<Text> = (0..40).map(|k| line(80.0 + 18.0 * k as f32)).collect();
    texts.push((
        Role::P,
        "Source : Insee, 2024",
        (40.0, 100.0 + 18.0 * 40.0),
        footer,
        false,
        INK,
    ));
    Sketch {
        texts,
        ..Sketch::default()
    }
}

#[test]
fn text_under_12_pt_in_large_print_is_found() {
    let (large, standard) = large_rules(&[large_page(14.0, 9.0)]);
    assert!(large.contains(&Rule::SmallText), "{large:?}");
    assert!(!standard.contains(&Rule::SmallText), "{standard:?}");
    let (large, _) = large_rules(&[large_page(14.0, 12.0)]);
    assert!(!large.contains(&Rule::SmallText), "{large:?}");
}

#[test]
fn body_under_14_pt_in_large_print_is_found() {
    let (large, standard) = large_rules(&[large_page(12.5, 12.0)]);
    assert!(large.contains(&Rule::SmallBody), "{large:?}");
    assert!(!standard.contains(&Rule::SmallBody), "{standard:?}");
    let (large, _) = large_rules(&[large_page(14.0, 12.0)]);
    assert!(!large.contains(&Rule::SmallBody), "{large:?}");
}

#[test]
fn contrast_under_7_to_1_in_large_print_is_found() {
    // Grey #555555 reads at 7.5:1 on white, 6.5:1 on a light mauve tint:
    // enough for the standard edition (4.5:1), not for large print.
    let grey = Color::rgb(0x55, 0x55, 0x55);
    let page = |tint: Color| {
        let mut page = large_page(14.0, 12.0);
        page.rects.push((40.0, 380.0, 400.0, 60.0, tint));
        page.texts
            .push((Role::P, "Source : Insee", (45.0, 410.0), 14.0, false, grey));
        page
    };
    let (large, standard) = large_rules(&[page(Color::rgb(0xF4, 0xEE, 0xF2))]);
    assert!(large.contains(&Rule::LargeContrast), "{large:?}");
    assert!(!standard.contains(&Rule::Contrast), "{standard:?}");
    let (large, _) = large_rules(&[page(Color::WHITE)]);
    assert!(!large.contains(&Rule::LargeContrast), "{large:?}");
}

/// The rules found on the sketched pages.
fn rules(pages: &[Sketch]) -> Vec<Rule> {
    let mut r: Vec<Rule> = check_pages(pages, &Options::default())
        .iter()
        .map(|f| f.rule)
        .collect();
    r.dedup();
    r
}

/// A body paragraph line at `y` in the left column.
fn body(y: f32) -> Text {
    (
        Role::P,
        "Les collectivités sont reconnues.",
        (40.0, y),
        9.5,
        false,
        INK,
    )
}

#[test]
fn box_overflow_is_found() {
    let tint = Color::rgb(0xEE, 0xF5, 0xF4);
    let page = |text: &'static str| Sketch {
        rects: vec![(40.0, 100.0, 150.0, 40.0, tint)],
        texts: vec![(Role::P, text, (45.0, 120.0), 9.5, false, INK)],
        ..Sketch::default()
    };
    let long = page("Réunir services, associations et réseau régional");
    assert!(rules(&[long]).contains(&Rule::BoxOverflow));
    assert!(!rules(&[page("Réunir services")]).contains(&Rule::BoxOverflow));
}

#[test]
fn text_past_the_margin_is_found() {
    let page = |x: f32| Sketch {
        texts: vec![(Role::P, "Hors marge", (x, 120.0), 9.5, false, INK)],
        ..Sketch::default()
    };
    assert!(rules(&[page(20.0)]).contains(&Rule::Margin));
    assert!(!rules(&[page(40.0)]).contains(&Rule::Margin));
}

#[test]
fn runs_closer_than_2_mm_on_a_baseline_are_found() {
    // Two footers on one baseline, as in the A5 booklet (« …territoiresédition… »).
    let page = |gap_mm: f32| {
        let book = FontBook::builtin();
        let left = run(
            &book,
            "dans les territoires",
            (40.0, 800.0),
            7.0,
            false,
            INK,
        );
        let end = 40.0 + left.glyphs.iter().map(|g| g.advance).sum::<f32>();
        Sketch {
            texts: vec![
                (
                    Role::P,
                    "dans les territoires",
                    (40.0, 800.0),
                    7.0,
                    false,
                    INK,
                ),
                (
                    Role::P,
                    "édition du 26",
                    (end + gap_mm * PT_PER_MM, 800.0),
                    7.0,
                    false,
                    INK,
                ),
            ],
            ..Sketch::default()
        }
    };
    assert!(rules(&[page(0.5)]).contains(&Rule::Collision));
    assert!(rules(&[page(-1.0)]).contains(&Rule::Collision));
    assert!(!rules(&[page(3.0)]).contains(&Rule::Collision));
}

#[test]
fn hyphenated_heading_is_found() {
    let page = |text: &'static str| Sketch {
        texts: vec![
            (Role::H(2), text, (40.0, 100.0), 13.0, true, INK),
            body(115.0),
        ],
        ..Sketch::default()
    };
    assert!(rules(&[page("Rendre compte développe-")]).contains(&Rule::HeadingHyphen));
    assert!(!rules(&[page("Rendre compte")]).contains(&Rule::HeadingHyphen));
    // A compound broken at its own hyphen is not a hyphenated word.
    let compound = Sketch {
        texts: vec![
            (
                Role::H(2),
                "Grand Paris Sud Seine-",
                (40.0, 100.0),
                13.0,
                true,
                INK,
            ),
            body(160.0),
        ],
        ..Sketch::default()
    };
    let mut found = rules(std::slice::from_ref(&compound));
    assert!(
        found.contains(&Rule::HeadingHyphen),
        "a lone line is still caught"
    );
    let mut two = compound;
    two.texts
        .push((Role::H(2), "Essonne-Sénart", (40.0, 116.0), 13.0, true, INK));
    found = rules(&[two]);
    assert!(!found.contains(&Rule::HeadingHyphen), "{found:?}");
}

#[test]
fn heading_alone_at_a_column_foot_is_found() {
    let page = |heading_y: f32| Sketch {
        texts: vec![
            body(100.0),
            (
                Role::H(2),
                "Expériences",
                (40.0, heading_y),
                13.0,
                true,
                INK,
            ),
        ],
        ..Sketch::default()
    };
    assert!(rules(&[page(700.0)]).contains(&Rule::LoneHeading));
    assert!(!rules(&[page(80.0)]).contains(&Rule::LoneHeading));
}

#[test]
fn key_figure_grid_split_across_pages_is_found() {
    let green = Color::rgb(0x2E, 0x7D, 0x32);
    let figure = |y: f32| (Role::P, "17", (40.0, y), 21.0, true, green);
    let label = |y: f32| (Role::P, "objectifs", (40.0, y), 8.8, false, INK);
    let first = Sketch {
        texts: vec![body(100.0), figure(720.0), label(735.0)],
        ..Sketch::default()
    };
    let second = |texts| Sketch {
        texts,
        ..Sketch::default()
    };
    let split = [
        first.clone(),
        second(vec![figure(60.0), label(75.0), body(100.0)]),
    ];
    assert!(rules(&split).contains(&Rule::SplitGrid));
    let whole = [first, second(vec![body(60.0), figure(100.0), label(115.0)])];
    assert!(!rules(&whole).contains(&Rule::SplitGrid));
}

#[test]
fn short_column_is_found_except_on_the_last_page() {
    let short = Sketch {
        texts: vec![body(100.0)],
        ..Sketch::default()
    };
    let full = Sketch {
        texts: vec![body(100.0), body(780.0)],
        ..Sketch::default()
    };
    assert!(rules(&[short.clone(), full.clone()]).contains(&Rule::ShortColumn));
    assert!(!rules(&[full, short]).contains(&Rule::ShortColumn));
}

#[test]
fn the_last_page_of_each_part_of_a_collection_may_end_early() {
    let short = Sketch {
        texts: vec![body(100.0)],
        ..Sketch::default()
    };
    let full = Sketch {
        texts: vec![body(100.0), body(780.0)],
        ..Sketch::default()
    };
    // Two sheets of a collection: pages 1–2 and page 3, each with a section.
    let mark = |title: &str, page: usize, level: u8| Bookmark {
        title: title.into(),
        page,
        y: 0.0,
        level,
    };
    let outline = vec![
        mark("Eau", 0, 0),
        mark("Les enjeux", 0, 1),
        mark("Santé", 2, 0),
        mark("Les enjeux", 2, 1),
    ];
    let pages = [full.clone(), short.clone(), full.clone()];
    let found = check_outlined(&pages, outline.clone(), &Options::default());
    assert!(
        !found.iter().any(|f| f.rule == Rule::ShortColumn),
        "{found:?}"
    );
    // Without the outline, page 2 is not the end of anything.
    let found = check_outlined(&pages, Vec::new(), &Options::default());
    assert!(
        found
            .iter()
            .any(|f| f.rule == Rule::ShortColumn && f.page == 2)
    );
    // A lone sheet's sections are not parts: its first page must be full.
    let sections = vec![
        mark("Eau", 0, 0),
        mark("Les enjeux", 0, 1),
        mark("Cadre", 1, 1),
    ];
    let found = check_outlined(&[short, full], sections, &Options::default());
    assert!(
        found
            .iter()
            .any(|f| f.rule == Rule::ShortColumn && f.page == 1)
    );
}

#[test]
fn small_qr_code_is_found() {
    let qr = |size_mm: f32| {
        let rects =
            ancrage::compose::qr::qr_rects("https://www.agenda-2030.fr/", size_mm * PT_PER_MM, INK)
                .unwrap();
        let extra = rects
            .into_iter()
            .map(|r| match r {
                Content::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                    radius,
                } => Content::Rect {
                    x: x + 300.0,
                    y: y + 300.0,
                    w,
                    h,
                    fill,
                    stroke,
                    radius,
                },
                other => other,
            })
            .collect();
        Sketch {
            extra,
            texts: vec![body(100.0)],
            ..Sketch::default()
        }
    };
    let found = check_pages(&[qr(13.0)], &Options::default());
    assert!(found.iter().any(|f| f.rule == Rule::SmallQr), "{found:?}");
    assert!(!rules(&[qr(24.0)]).contains(&Rule::SmallQr));
}

#[test]
fn contrast_ratios_are_wcag_ones() {
    let rgb = |c: u32| {
        let b = |s: u32| ((c >> s) & 0xFF) as f32 / 255.0;
        [b(16), b(8), b(0)]
    };
    assert!((pagecheck::contrast(rgb(0), rgb(0xFFFFFF)) - 21.0).abs() < 0.01);
    let r = pagecheck::contrast(rgb(0x2E7D32), rgb(0xF4EEF2));
    assert!((r - 4.48).abs() < 0.005, "{r}");
}

#[test]
fn green_on_exempleville_mauve_fails_contrast() {
    // Issue 19 §3: green #2e7d32 on the commune's tint #f4eef2 is 4.48:1.
    let green = Color::rgb(0x2E, 0x7D, 0x32);
    let page = |tint: Color| Sketch {
        rects: vec![(40.0, 100.0, 200.0, 60.0, tint)],
        texts: vec![(
            Role::P,
            "Maison des solidarités",
            (45.0, 120.0),
            9.5,
            true,
            green,
        )],
        ..Sketch::default()
    };
    let found = check_pages(&[page(Color::rgb(0xF4, 0xEE, 0xF2))], &Options::default());
    let contrast: Vec<&Finding> = found.iter().filter(|f| f.rule == Rule::Contrast).collect();
    assert_eq!(contrast.len(), 1, "{found:?}");
    assert!(contrast[0].message.contains("4,48:1"), "{}", contrast[0]);
    assert!(!rules(&[page(Color::WHITE)]).contains(&Rule::Contrast));
    // Large text needs only 3:1: 18 pt green on the same tint passes.
    let large = Sketch {
        rects: vec![(40.0, 100.0, 200.0, 60.0, Color::rgb(0xF4, 0xEE, 0xF2))],
        texts: vec![(Role::P, "Maison", (45.0, 130.0), 18.0, false, green)],
        ..Sketch::default()
    };
    assert!(!rules(&[large]).contains(&Rule::Contrast));
}

#[test]
fn band_stopping_at_the_trim_is_found_with_bleed() {
    let band = |y: f32| Sketch {
        rects: vec![(0.0, y, A4.0, 100.0, Color::rgb(0x2E, 0x7D, 0x32))],
        texts: vec![body(200.0)],
        ..Sketch::default()
    };
    let bleed = Options {
        bleed_mm: 3.0,
        crop_marks: true,
        ..Options::default()
    };
    // A band 1 pt below the top edge is not carried into the bleed: it would
    // leave a white sliver at the cut.
    let found = check_pages(&[band(1.0)], &bleed);
    assert!(found.iter().any(|f| f.rule == Rule::Bleed), "{found:?}");
    let found = check_pages(&[band(0.0)], &bleed);
    assert!(!found.iter().any(|f| f.rule == Rule::Bleed), "{found:?}");
}

/// Findings of every PDF under `dir`, by rule.
fn check_dir(dir: &Path) -> BTreeMap<Rule, Vec<Finding>> {
    let mut out: BTreeMap<Rule, Vec<Finding>> = BTreeMap::new();
    for f in pdfs(dir) {
        for finding in check_file(&f) {
            out.entry(finding.rule).or_default().push(finding);
        }
    }
    out
}

/// With a bleed, every first page (a sheet's header band, a collection's
/// cover) paints a shape from the top of its bleed box: the bleed rule has
/// something to check, and the bands do reach the bleed.
fn bands_reach_the_bleed(out: &Path) {
    for file in pdfs(out) {
        let pages = pagecheck::read::pages(&std::fs::read(&file).unwrap()).unwrap();
        let first = &pages[0];
        let bleed = first.bleed.expect("a bleed box larger than the trim");
        assert!((bleed.y0 + 3.0 * PT_PER_MM).abs() < 0.1, "{bleed:?}");
        let band = first.fills.iter().find(|f| f.rect.y0 <= bleed.y0 + 0.1);
        let band = band.unwrap_or_else(|| panic!("{}: no band up to the bleed", file.display()));
        assert!(
            band.rect.x0 <= bleed.x0 + 0.1 && band.rect.x1 >= bleed.x1 - 0.1,
            "{}",
            file.display()
        );
    }
}

/// Rules today's output passes: they must stay at zero. Every rule counts
/// since hyphenated headings (« titre coupé ») were fixed by the display
/// lines of issue 16 (A.5); `ANCRAGE_PAGECHECK_STRICT=1` is kept for rules
/// added later.
const PASSING: [Rule; 13] = [
    Rule::BoxOverflow,
    Rule::Margin,
    Rule::Collision,
    Rule::HeadingHyphen,
    Rule::LoneHeading,
    Rule::SplitGrid,
    Rule::ShortColumn,
    Rule::SmallQr,
    Rule::Contrast,
    Rule::Bleed,
    Rule::SmallText,
    Rule::SmallBody,
    Rule::LargeContrast,
];

#[test]
fn every_page_of_the_default_build_and_its_variants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let materials = root.join("materials");
    // An A5 collection (commune edition) and a long real commune name.
    let a5 = tmp.path().join("a5");
    common::copy_as_a5(&materials, &a5);
    let long = tmp.path().join("long");
    common::copy_tree(&materials, &long);
    let nanterre = std::fs::read_to_string(long.join("communes/nanterre.toml")).unwrap();
    std::fs::write(
        long.join("communes/nanterre.toml"),
        nanterre.replace(
            "nom        = \"Nanterre\"",
            "nom        = \"Communauté d’agglomération Grand Paris Sud Seine-Essonne-Sénart\"",
        ),
    )
    .unwrap();
    let editions: [(&str, &Path, &[&str]); 7] = [
        ("défaut", &materials, &[]),
        ("A5", &a5, &["--commune", "exempleville"]),
        ("nom long", &long, &["--commune", "nanterre"]),
        (
            "fond perdu",
            &materials,
            &[
                "--commune",
                "exempleville",
                "--fond-perdu",
                "3",
                "--traits-de-coupe",
            ],
        ),
        // Grey levels keep each colour's luminance, hence its contrasts.
        (
            "niveaux de gris",
            &materials,
            &["--commune", "exempleville", "--niveaux-de-gris"],
        ),
        // Issue 19 §4: the large-print files get their own rules too.
        (
            "gros caractères",
            &materials,
            &[
                "--commune",
                "exempleville",
                "--atelier",
                "atelier-7-2010",
                "--experience",
                "recueil-experiences",
                "--gros-caracteres",
            ],
        ),
        // Issue 21: the collection of experiences, its map and indexes.
        (
            "recueil des expériences",
            &materials,
            &[
                "--experience",
                "recueil-experiences",
                "--experience",
                "montreuil-yelimane",
            ],
        ),
    ];
    let strict = std::env::var_os("ANCRAGE_PAGECHECK_STRICT").is_some();
    let mut failures = Vec::new();
    for (i, (name, materials, args)) in editions.iter().enumerate() {
        let out = tmp.path().join(format!("out{i}"));
        build(materials, &out, args);
        let files = pdfs(&out).len();
        if args.contains(&"--fond-perdu") {
            bands_reach_the_bleed(&out);
        }
        let found = check_dir(&out);
        let counts: Vec<String> = found
            .iter()
            .map(|(r, f)| format!("{} {}", r.name(), f.len()))
            .collect();
        println!("édition {name} ({files} fichiers) : {}", counts.join(", "));
        for (rule, findings) in &found {
            if strict || PASSING.contains(rule) {
                failures.extend(findings.iter().map(ToString::to_string));
            }
        }
    }
    failures.extend(pale_commune_colour(tmp.path(), strict));
    assert!(
        failures.is_empty(),
        "{} constat(s) :\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A developer command: `ANCRAGE_PAGECHECK_DIR=output cargo test --test pages
/// page_check_report -- --nocapture` prints every finding on the PDFs of a
/// folder (nothing without the variable).
#[test]
fn page_check_report() {
    let Some(dir) = std::env::var_os("ANCRAGE_PAGECHECK_DIR") else {
        return;
    };
    let found = check_dir(Path::new(&dir));
    for finding in found.values().flatten() {
        println!("{finding}");
    }
    for (rule, findings) in &found {
        println!("{} : {}", rule.name(), findings.len());
    }
}

/// Issue 19 §3: a commune colour chosen too pale is darkened until its text
/// passes, or refused with a message about the colour. Returns the contrast
/// findings that count (all of them in strict mode; else they are printed).
fn pale_commune_colour(tmp: &Path, strict: bool) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pale = tmp.join("pale");
    common::copy_tree(&root.join("materials"), &pale);
    let file = pale.join("communes/exempleville.toml");
    let commune = std::fs::read_to_string(&file).unwrap();
    let changed = commune.replace("couleur    = \"#7A2E5C\"", "couleur    = \"#E8B4D0\"");
    assert_ne!(
        commune, changed,
        "the colour line of exempleville.toml moved"
    );
    std::fs::write(&file, changed).unwrap();
    let out = tmp.join("out-pale");
    let args = ["--commune", "exempleville", "--domaine", "jeunesse"];
    let done = run_build(&pale, &out, &args);
    if !done.status.success() {
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert!(
            stderr.contains("couleur"),
            "refused without saying why: {stderr}"
        );
        return Vec::new();
    }
    let found = check_dir(&out);
    let contrast = found.get(&Rule::Contrast).cloned().unwrap_or_default();
    println!("couleur claire #E8B4D0 : contraste {}", contrast.len());
    if strict || PASSING.contains(&Rule::Contrast) {
        contrast.iter().map(ToString::to_string).collect()
    } else {
        Vec::new()
    }
}

/// Issue 16 A.3: every sheet of an A5 commune edition (Exempleville) took
/// five pages, the fifth holding only the last resources and the « Sigles »
/// box, where a folded booklet needs four. The one column of an A5 page has
/// a tighter rhythm: no sheet takes more than five pages, and those whose
/// fifth page held least now hold in four. The others still need 15 to
/// 90 mm more than four pages hold (QR codes of 18 to 30 mm, the commune's
/// box): they are listed, so a sheet that comes back to four pages is seen.
#[test]
fn issue16_an_a5_commune_edition_keeps_sheets_to_four_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let a5 = tmp.path().join("a5");
    common::copy_as_a5(&root.join("materials"), &a5);
    let out = tmp.path().join("out");
    build(&a5, &out, &["--commune", "exempleville"]);
    let mut four = Vec::new();
    let mut sheets = 0;
    for file in pdfs(&out) {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        if ["recueil", "qui-fait-quoi"].contains(&name.as_str()) {
            continue;
        }
        sheets += 1;
        let pages = lopdf::Document::load(&file).unwrap().get_pages().len();
        assert!(pages <= 5, "{name} : {pages} pages");
        if pages <= 4 {
            four.push(name);
        }
    }
    four.sort();
    assert!(sheets >= 8, "{sheets} fiches");
    assert_eq!(four, A5_FOUR_PAGES, "fiches A5 en 4 pages");
}

/// The sheets of Exempleville's A5 edition that hold in four pages (all of
/// them took five before the A5 rhythm).
const A5_FOUR_PAGES: [&str; 2] = ["developpement-economique", "migrations-participation"];
