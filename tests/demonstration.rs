//! The demonstration page of issue 3 (`examples/demonstration.rs`): the traps
//! of the French typography pass set in a 60 mm justified column and across
//! the full measure — no overfull line, the French spacing of each trap, and
//! the exact text read back from the PDF.

#[path = "../examples/demonstration.rs"]
mod demonstration;

use ancrage::layout::{inline, typo};
use demonstration::{FULL_MM, NARROW_MM, SOURCE};

mod common;

/// The text after the typography pass and the Markdown, paragraphs joined by a space.
fn typeset() -> String {
    SOURCE
        .iter()
        .map(|s| inline::parse(&typo::apply(s, typo::Convention::French)).plain_text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Issue 16 (A.4): justified paragraphs fell back to ragged right. They stay
/// justified now; across the full measure every space is within 1.4×, and
/// the 60 mm column (about 30 characters) keeps its few loose lines counted.
#[test]
fn no_line_overflows_and_no_paragraph_goes_ragged_in_the_60_mm_column_or_the_full_measure() {
    for width in [NARROW_MM, FULL_MM] {
        let q = demonstration::quality(width);
        assert_eq!(q.overfull, 0, "{width} mm: {q:?}");
        assert_eq!(q.forced_breaks, 0, "{width} mm: {q:?}");
        assert_eq!(q.ragged_paragraphs, 0, "{width} mm: {q:?}");
        assert_eq!(q.short_lines, 0, "{width} mm: {q:?}");
        let most = if width == FULL_MM { 0 } else { 5 };
        assert!(q.loose <= most, "{width} mm: {q:?}");
    }
    // The hyphenator works after elisions in the narrow column.
    assert!(demonstration::quality(NARROW_MM).hyphenated > 0);
}

#[test]
fn every_trap_gets_its_french_spacing() {
    let text = typeset();
    for expected in [
        "la loi n°\u{A0}2014-773 du 7\u{A0}juillet 2014, l’action",
        "l’art.\u{A0}L1115-1 du code",
        "(voir p.\u{A0}12)\u{A0}: «\u{202F}coopérer, c’est aussi apprendre\u{202F}».",
        "Pourquoi\u{202F}? Parce que l’internationalisation d’une",
        "d’information entre élus, agents et associations\u{202F}!",
        "compte 12\u{202F}500\u{A0}habitants et consacre 1\u{A0}% de son budget de 12,5\u{A0}M€",
        "internationale\u{202F}; en 2026, ses 3 jumelages",
        "140\u{A0}jeunes… Réunion",
        "à 9\u{A0}h\u{A0}30\u{A0}: durée 45\u{A0}min, ouverte à tous\u{202F}?",
        "sur https://exempleville.example/agenda?annee=2026&mois=3 ou par",
        "à relations.internationales@exempleville.example, ou au 01 99 00 12 34.",
        "la référence DOSSIER-123456\u{202F}; le décret n°\u{A0}2019-768 du 24\u{A0}juillet 2019",
        "règles d’accessibilité des sites publics, et le guide du RGAA les détaille pas à pas.",
    ] {
        assert!(text.contains(expected), "{expected:?}\nnot in\n{text:?}");
    }
    // Typed spaces before `:`, `?` and `;` were replaced, never doubled.
    assert!(!text.contains(" \u{A0}") && !text.contains(" \u{202F}"));
    assert!(!text.contains('\'') && !text.contains('"') && !text.contains("..."));
}

/// The characters of a text without its spaces (of every kind) and with the
/// line-end hyphens of hyphenation removed: what must come back, in order,
/// nothing added or lost. (This text has no explicit hyphen at a line end;
/// addresses break after `/` or `.` without a hyphen, so their pieces simply
/// join.)
fn compact(text: &str) -> String {
    text.replace("-\n", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{A0}' && *c != '\u{202F}')
        .collect()
}

#[test]
fn the_pdf_gives_back_the_exact_text() {
    if !common::tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demonstration.pdf");
    std::fs::write(&file, demonstration::pdf()).unwrap();
    let extracted = common::pdftotext(&file, &[]);
    let expected = compact(&typeset());
    // Page 1 (60 mm), then page 2 (full measure): the same text twice, each
    // after its heading.
    let pages: Vec<&str> = extracted
        .split('\u{C}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 2, "{extracted}");
    for (page, width) in pages.iter().zip(["60", "184"]) {
        assert_eq!(
            compact(page),
            format!("Colonnede{width}mm{expected}"),
            "{page}"
        );
    }
    // pdftotext prints every kind of space as a plain one, but the PDF maps
    // the no-break spaces to their own code points: a copy–paste keeps them.
    let uncompressed = demonstration::pdf_with(false);
    for code in ["<00A0>", "<202F>", "<2019>", "<00AB>", "<00BB>", "<2026>"] {
        assert!(
            uncompressed
                .windows(code.len())
                .any(|w| w == code.as_bytes()),
            "{code} absent from the ToUnicode maps"
        );
    }
}
