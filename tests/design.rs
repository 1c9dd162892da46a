//! Issue 16: the design decisions a graphic designer makes on the pages
//! that are not sheets (the recueil's édito, the experience sheets'
//! locator maps), and the warnings a page that overflows or a character no
//! font has must give, located in the file to change.

mod common;

use ancrage::build::{self, Target};
use ancrage::compose::mm;
use ancrage::layout::Document;
use ancrage::layout::document::Content;
use ancrage::layout::fonts::FontBook;
use ancrage::model::Edition;
use ancrage::resolve::Materials;
use ancrage::{load, render, resolve};

fn materials() -> (Materials, render::Engine) {
    common::shipped_materials_and_engine()
}

/// The text lines of page `p` set at `size` pt: (left, right, text), one
/// per baseline, in reading order.
fn lines_at(doc: &Document, p: usize, size: f32) -> Vec<(f32, f32, String)> {
    let mut lines: Vec<(f32, f32, f32, String)> = Vec::new();
    for item in &doc.pages[p].items {
        let Content::Text(r) = &item.content else {
            continue;
        };
        if (r.size - size).abs() > 0.05 {
            continue;
        }
        match lines.iter_mut().find(|l| (l.0 - r.y).abs() < 0.5) {
            Some(l) => {
                l.1 = l.1.min(r.x);
                l.2 = l.2.max(r.x + r.width());
                l.3.push_str(&r.text);
            }
            None => lines.push((r.y, r.x, r.x + r.width(), r.text.clone())),
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines.into_iter().map(|(_, l, r, t)| (l, r, t)).collect()
}

fn page_text(doc: &Document, p: usize) -> String {
    doc.pages[p]
        .items
        .iter()
        .filter_map(|i| match &i.content {
            Content::Text(r) => Some(r.text.as_str()),
            _ => None,
        })
        .collect()
}

/// Issue 16: the édito was set across the whole text width, about 100
/// characters a line. It is set at 55–75, at any length: here five
/// paragraphs, over a page, and its signature never alone on a page.
#[test]
fn the_edito_is_set_at_55_to_75_characters_a_line_at_any_length() {
    let (mut materials, mut engine) = materials();
    let profile = materials
        .communes
        .iter_mut()
        .find(|c| c.id == "exempleville")
        .expect("Exempleville");
    let edito = profile.commune.editorial.as_mut().expect("an édito");
    let paragraph = edito.text.clone();
    edito.text = vec![paragraph; 5].join("\n\n");
    let signatory = edito.signatory.clone().expect("a signatory");
    let laid = common::commune_collection(&mut engine, &materials, "exempleville");
    let doc = laid.document;
    let first = (0..doc.pages.len())
        .find(|&p| page_text(&doc, p).contains("Édito"))
        .expect("an édito page");
    let contents = (0..doc.pages.len())
        .find(|&p| page_text(&doc, p).contains("Sommaire"))
        .expect("a contents page");
    assert!(contents > first + 1, "five paragraphs hold on one page");
    // The headings of the édito and of the contents are at one height.
    let heading_y = |p: usize, text: &str| {
        doc.pages[p].items.iter().find_map(|i| match &i.content {
            Content::Text(r) if r.text.trim() == text => Some(r.y),
            _ => None,
        })
    };
    let (edito_y, contents_y) = (heading_y(first, "Édito"), heading_y(contents, "Sommaire"));
    assert!(
        (edito_y.unwrap() - contents_y.unwrap()).abs() < 0.5,
        "{edito_y:?} against {contents_y:?}"
    );
    let mut full = 0;
    for p in first..contents {
        let lines = lines_at(&doc, p, 12.0);
        // A full line reaches the column's right edge (give or take a mark
        // hanging in the margin); a paragraph's last line is short by nature.
        let edge = lines.iter().map(|l| l.1).fold(0.0, f32::max);
        for (left, right, text) in &lines {
            let n = text.trim().chars().count();
            if *right > edge - 6.0 {
                full += 1;
                assert!(
                    (55..=75).contains(&n),
                    "page {}: {n} characters: « {text} »",
                    p + 1
                );
            }
            assert!(*left >= mm(13.0) && *right <= doc.pages[p].width - mm(13.0));
        }
        if page_text(&doc, p).contains(&signatory) {
            assert!(
                !lines.is_empty(),
                "the signature is alone on page {}",
                p + 1
            );
        }
    }
    assert!(full > 40, "{full} full lines");
}

/// The text of `file` at a diagnostic's span, which must be one.
fn located<'m>(
    materials: &'m Materials,
    d: &ancrage::diag::Diagnostic,
) -> (ancrage::source::FileId, &'m str) {
    match &d.location {
        Some(ancrage::diag::Location::Span { file, range }) => {
            assert!(range.start > 0, "« {} » at byte 0", d.message);
            let text = &materials.sources.get(*file).text;
            (*file, &text[range.clone()])
        }
        other => panic!("« {} » is not located at a value: {other:?}", d.message),
    }
}

/// Issue 16: the evaluation form spilled onto a third page without a word.
/// Now a warning says so, in French, at the workshop's `[evaluation]`.
#[test]
fn an_evaluation_form_over_two_pages_is_a_located_warning() {
    let (mut materials, mut engine) = materials();
    let workshop = &mut materials.workshops[0];
    let id = workshop.id.clone();
    let evaluation = workshop.workshop.evaluation.as_mut().expect("[evaluation]");
    let question = evaluation.questions[0].clone();
    evaluation.questions = vec![question; 40];
    let laid = build::lay_out(
        &mut engine,
        &materials,
        &Target::Kit {
            workshop: id.clone(),
            document: build::KitDocument::Evaluation,
        },
        None,
    );
    assert!(laid.document.pages.len() > 2);
    let warning = laid
        .diagnostics
        .iter()
        .find(|d| d.message.contains("questionnaire d’évaluation"))
        .expect("a warning for the third page");
    assert!(
        warning.message.contains("recto verso"),
        "{}",
        warning.message
    );
    let (file, text) = located(&materials, warning);
    assert_eq!(file, materials.workshops[0].file);
    // At the table: its header, or its first key.
    let whole = &materials.sources.get(file).text;
    let table = whole.find("[evaluation]").expect("the table");
    let at = text.as_ptr() as usize - whole.as_ptr() as usize;
    assert!(
        (table..table + 40).contains(&at),
        "at byte {at}, the table at {table}: « {text} »"
    );
    // The shipped form holds on its sheet: no warning.
    let (materials, mut engine) = self::materials();
    let laid = build::lay_out(
        &mut engine,
        &materials,
        &Target::Kit {
            workshop: id,
            document: build::KitDocument::Evaluation,
        },
        None,
    );
    assert_eq!(laid.document.pages.len(), 2);
    assert!(laid.diagnostics.is_empty());
}

/// Issue 16: a character no font has was reported on a sheet, but not on a
/// workshop's cover, a recueil's front pages nor an experience sheet. Each
/// is now reported at the value that holds it.
#[test]
fn a_missing_glyph_is_reported_on_covers_and_experience_sheets_at_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    common::copy_tree(&shipped, dir.path());
    let edit = |path: &str, from: &str, to: &str| {
        let path = dir.path().join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "ateliers/atelier-7-2010.toml",
        "université d’été du CRID",
        "université d’été du CRID 🦜",
    );
    edit(
        "communes/exempleville.toml",
        "dans nos quartiers.",
        "dans nos quartiers 🦋.",
    );
    edit(
        "experiences/isere-kedougou.toml",
        "Fin 2017,",
        "Fin 2017 🦀,",
    );
    let loaded = load::load(dir.path()).expect("materials load");
    let (materials, _) = resolve::resolve(&loaded);
    let mut engine = render::Engine::new(
        FontBook::builtin(),
        materials.collection.hyphenation_exceptions(),
    );
    let cases = [
        (
            Target::Handout {
                workshop: "atelier-7-2010".into(),
            },
            '🦜',
            "atelier-7-2010.toml",
        ),
        (
            Target::Collection {
                edition: Edition::Commune("exempleville".into()),
            },
            '🦋',
            "exempleville.toml",
        ),
        (
            Target::Experience {
                id: "isere-kedougou".into(),
            },
            '🦀',
            "isere-kedougou.toml",
        ),
    ];
    for (target, c, file) in cases {
        let laid = build::lay_out(&mut engine, &materials, &target, None);
        let code = format!("U+{:04X}", u32::from(c));
        let warning = laid
            .diagnostics
            .iter()
            .find(|d| d.message.contains(&code))
            .unwrap_or_else(|| panic!("{target:?}: {code} not reported"));
        let (at, text) = located(&materials, warning);
        assert!(materials.sources.get(at).name.ends_with(file), "{target:?}");
        assert!(text.contains(c), "{target:?}: at « {text} »");
    }
}

/// The locator map of a composed experience sheet: (width, height) of the
/// drawing and of what it fills with the partner's colour on the big map.
fn locator_of(blocks: &[ancrage::layout::flow::Block]) -> Option<((f32, f32), (f32, f32))> {
    use ancrage::layout::flow::Block;
    for block in blocks {
        let found = match block {
            Block::Drawing {
                width,
                height,
                content,
                alt: Some(alt),
                ..
            } if alt.starts_with("Carte de situation") => {
                let (mut x0, mut x1, mut y0, mut y1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
                for c in content {
                    let Content::Path {
                        scale,
                        rings,
                        fill: Some(fill),
                        stroke: Some(_),
                        ..
                    } = c
                    else {
                        continue;
                    };
                    if [ancrage::map::LAND, ancrage::map::FRANCE].contains(fill) {
                        continue;
                    }
                    for &(x, y) in rings.iter().flatten() {
                        (x0, x1) = (x0.min(x * scale), x1.max(x * scale));
                        (y0, y1) = (y0.min(y * scale), y1.max(y * scale));
                    }
                }
                Some(((*width, *height), (x1 - x0, y1 - y0)))
            }
            Block::Group { blocks, .. }
            | Block::Keep(blocks)
            | Block::Columns { blocks, .. }
            | Block::Panel { blocks, .. } => locator_of(blocks),
            Block::Row { cells, .. } => cells.iter().find_map(|(_, b)| locator_of(b)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Issue 16: the experience sheets' locator showed the whole world, where
/// Senegal was about 1 mm wide. It is framed on the partner's region: the
/// country some 10 mm across; none for the Comoros, which the map does not
/// draw (a map locating nothing).
#[test]
fn a_locator_map_shows_the_partner_country_at_a_legible_size() {
    let (materials, _) = materials();
    let compose = |id: &str| {
        let record = materials.experience(id).expect(id);
        ancrage::compose::experience::compose_experience(
            &materials,
            record,
            ancrage::compose::profile::Profile::Standard,
        )
    };
    for id in [
        "isere-kedougou",
        "lille-saint-louis",
        "ille-et-vilaine-mopti",
        "sybert-dapaong",
        "orleans-parakou",
        "siege27-kribi",
        "strasbourg-kairouan",
        "manche-siret",
    ] {
        let composed = compose(id);
        let ((w, h), (cw, ch)) = locator_of(&composed.blocks).expect(id);
        assert!(
            (w - mm(60.0)).abs() < 0.1 && h <= mm(41.0),
            "{id}: {w} × {h}"
        );
        assert!(
            cw.max(ch) >= mm(9.0),
            "{id}: the country is {cw:.1} × {ch:.1} pt"
        );
        assert!(cw < w && ch < h, "{id}: the country fills the frame");
    }
    assert!(locator_of(&compose("reunion-grande-comore").blocks).is_none());
}
