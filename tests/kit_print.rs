//! Issue 22: the workshop kit's evaluation form, table tents and badges,
//! laid out in the library (geometry) and read back from the PDFs of a
//! build (texts, pages).

mod common;

use std::path::{Path, PathBuf};

use ancrage::build::{self, KitDocument, Target};
use ancrage::compose::kit::tents::speakers;
use ancrage::layout::Document;
use ancrage::layout::document::{Content, Tag};
use ancrage::render::Engine;
use ancrage::{load, resolve};
use common::{pdftotext, tool};

const WORKSHOP: &str = "atelier-7-2010";
/// Points per millimetre.
const PT: f32 = 72.0 / 25.4;

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("materials")
}

fn materials() -> resolve::Materials {
    resolve::resolve(&load::load(&shipped()).expect("materials")).0
}

fn lay_out(materials: &resolve::Materials, document: KitDocument) -> Document {
    let mut engine = Engine::new(
        materials.font_book(),
        materials.collection.hyphenation_exceptions(),
    );
    let target = Target::Kit {
        workshop: WORKSHOP.into(),
        document,
    };
    let laid = build::lay_out(&mut engine, materials, &target, None);
    assert!(laid.diagnostics.is_empty(), "{:?}", laid.diagnostics);
    assert_eq!(laid.document.quality.overfull, 0, "{document:?}");
    assert!(
        laid.document.missing.is_empty(),
        "{:?}",
        laid.document.missing
    );
    laid.document
}

/// Builds the shipped workshop into a temporary folder.
fn build_workshop() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    common::build(&shipped(), &out, &["--atelier", WORKSHOP]);
    (tmp, out.join("ateliers"))
}

/// The horizontal and vertical crop-mark lines of a page: (x0, y0, x1, y1).
fn marks(doc: &Document, page: usize) -> Vec<(f32, f32, f32, f32)> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match &i.content {
            Content::Line {
                from, to, width, ..
            } if *width == 0.25 => Some((from.0, from.1, to.0, to.1)),
            _ => None,
        })
        .collect()
}

#[test]
fn badges_are_eight_per_page_of_90_by_55_mm_with_crop_marks_outside() {
    let materials = materials();
    let doc = lay_out(&materials, KitDocument::Badges);
    let workshop = materials
        .workshops
        .iter()
        .find(|w| w.id == WORKSHOP)
        .unwrap();
    let people = workshop.participants.as_ref().unwrap().people.len();
    assert_eq!(doc.pages.len(), people.div_ceil(8));
    let marks = marks(&doc, 0);
    // Vertical cuts: the x of the vertical marks; horizontal: the y of the others.
    let mut xs: Vec<f32> = marks.iter().filter(|m| m.0 == m.2).map(|m| m.0).collect();
    let mut ys: Vec<f32> = marks.iter().filter(|m| m.1 == m.3).map(|m| m.1).collect();
    for v in [&mut xs, &mut ys] {
        v.sort_by(f32::total_cmp);
        v.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    }
    assert_eq!(xs.len(), 3, "two columns: {xs:?}");
    assert_eq!(ys.len(), 5, "four rows: {ys:?}");
    for pair in xs.windows(2) {
        assert!(((pair[1] - pair[0]) / PT - 90.0).abs() < 0.01, "{xs:?}");
    }
    for pair in ys.windows(2) {
        assert!(((pair[1] - pair[0]) / PT - 55.0).abs() < 0.01, "{ys:?}");
    }
    let (left, right, top, bottom) = (xs[0], xs[2], ys[0], ys[4]);
    // Every mark lies outside the grid of badges, clear of it by 2 mm.
    for &(x0, y0, x1, y1) in &marks {
        let outside = x0.max(x1) <= left - 2.0 * PT + 0.01
            || x0.min(x1) >= right + 2.0 * PT - 0.01
            || y0.max(y1) <= top - 2.0 * PT + 0.01
            || y0.min(y1) >= bottom + 2.0 * PT - 0.01;
        assert!(outside, "mark {:?} inside the grid", (x0, y0, x1, y1));
        assert!(x0.min(x1) >= 0.0 && y0.min(y1) >= 0.0, "on the page");
    }
    // Every text of a page lies inside one badge, its 4 mm inset kept.
    for item in &doc.pages[0].items {
        if let (Content::Text(run), Tag::Content(_)) = (&item.content, item.tag) {
            let col = xs.iter().rposition(|&x| x <= run.x + 0.01).unwrap();
            assert!(col < 2, "{:?}", run.text);
            assert!(run.x >= xs[col] + 4.0 * PT - 0.5, "{:?}", run.text);
            assert!(
                run.x + run.width() <= xs[col + 1] - 4.0 * PT + 0.5,
                "{:?}",
                run.text
            );
            assert!(run.y > top && run.y < bottom, "{:?}", run.text);
        }
    }
}

#[test]
fn badges_print_the_hard_names_and_never_an_address() {
    if !tool("pdftotext") {
        return;
    }
    let (_tmp, out) = build_workshop();
    let text = pdftotext(&out.join("atelier-7-2010-badges.pdf"), &[]);
    for name in [
        "Marie-Hélène",
        "d’Ornano",
        "N’Diaye",
        "Ðặng",
        "Nguyễn",
        "Thị Lan",
    ] {
        assert!(text.contains(name), "« {name} » in:\n{text}");
    }
    assert!(!text.contains('@') && !text.contains(".example"), "{text}");
    // The session's domain names the strip of a badge that has one.
    assert!(text.contains("Jeunesse"), "{text}");
    assert!(text.contains("Exemple – participants fictifs"));
}

#[test]
fn table_tents_read_from_both_sides_one_per_speaker() {
    let materials = materials();
    let workshop = &materials
        .workshops
        .iter()
        .find(|w| w.id == WORKSHOP)
        .unwrap()
        .workshop;
    let speakers = speakers(workshop);
    // Nine entries in the programme, « ; » apart, none invented.
    assert_eq!(speakers.len(), 9, "{speakers:?}");
    let revue = speakers
        .iter()
        .find(|s| s.name == "La revue Altermondes")
        .unwrap();
    assert_eq!(revue.function.as_deref(), Some("Animation"));
    let doc = lay_out(&materials, KitDocument::Chevalets);
    assert_eq!(doc.pages.len(), speakers.len());
    for page in &doc.pages {
        assert_eq!((page.width, page.height), (841.89, 595.28), "A4 landscape");
        // One turned group, about a point of the upper half.
        let turns: Vec<_> = page
            .items
            .iter()
            .filter_map(|i| match i.content {
                Content::Rotate { center, degrees } => Some((center, degrees)),
                _ => None,
            })
            .collect();
        assert_eq!(turns.len(), 1);
        let ((_, cy), degrees) = turns[0];
        assert_eq!(degrees, 180.0);
        assert!(cy < page.height / 2.0);
        // The fold: a line across the page at its middle.
        assert!(page.items.iter().any(|i| matches!(
            i.content,
            Content::Line { from, to, .. }
                if from.1 == to.1 && (from.1 - page.height / 2.0).abs() < 0.01
                    && from.0 <= 0.01 && to.0 >= page.width - 0.01
        )));
        // No text within 10 mm of the fold, on either face (the turned face
        // is drawn about its centre: its items mirror through it).
        let mut turned = false;
        for item in &page.items {
            match &item.content {
                Content::Rotate { .. } => turned = true,
                Content::EndRotate => turned = false,
                _ => {}
            }
            if let Content::Text(run) = &item.content {
                let (top, bottom) = (run.y - run.size, run.y + run.size * 0.3);
                let (top, bottom) = if turned {
                    (2.0 * cy - bottom, 2.0 * cy - top)
                } else {
                    (top, bottom)
                };
                let fold = page.height / 2.0;
                assert!(
                    bottom < fold - 10.0 * PT || top > fold + 10.0 * PT,
                    "{:?} at {top}–{bottom}",
                    run.text
                );
            }
        }
    }
}

#[test]
fn table_tents_and_evaluation_read_back() {
    if !tool("pdftotext") {
        return;
    }
    let (_tmp, out) = build_workshop();
    let tents = pdftotext(&out.join("atelier-7-2010-chevalets.pdf"), &[]);
    // Each name twice: the upright face and the turned one.
    for name in [
        "Cités Unies France",
        "La revue Altermondes",
        "Animation de l’atelier",
    ] {
        assert_eq!(tents.matches(name).count(), 2, "« {name} » in:\n{tents}");
    }
    let form = pdftotext(&out.join("atelier-7-2010-evaluation.pdf"), &[]);
    let pages: Vec<&str> = form
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 2, "one sheet, both sides:\n{form}");
    assert!(pages[0].contains("L’atelier a répondu à mes attentes."));
    assert!(pages[0].contains("L’action internationale des collectivités"));
    assert!(
        !pages[0].contains("Accueil des participants"),
        "a session without speakers is not rated"
    );
    assert!(pages[1].contains("Ce qui pourrait être amélioré"));
}

#[test]
fn the_evaluation_form_has_a_tick_box_per_degree_and_rated_line() {
    let materials = materials();
    let doc = lay_out(&materials, KitDocument::Evaluation);
    assert_eq!(doc.pages.len(), 2);
    let boxes = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| {
            matches!(i.content, Content::Rect { w, h, stroke: Some(_), .. }
                if (w / PT - 4.0).abs() < 0.01 && (h / PT - 4.0).abs() < 0.01)
        })
        .count();
    // Five questions and six sessions with speakers, four degrees each.
    assert_eq!(boxes, (5 + 6) * 4);
}
