//! Every warning a build raises after resolve (a text's markup, a character
//! no font has, an image too small for print) points at the value it is
//! about: a span of a file, never byte 0, whose text holds the offending
//! value (issue 20 §3). The page-count warnings are about a whole sheet and
//! point at its file.

use std::path::Path;

use ancrage::build::{self, Selection};
use ancrage::diag::{Diagnostic, Location, Severity};
use ancrage::export::{self, Options};
use ancrage::resolve::Materials;
use ancrage::{load, render, resolve};

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// The warnings of a full build of the materials at `root` (every edition,
/// collection, handout and experience sheet), as `ancrage build` raises them.
fn build_warnings(root: &Path) -> (Materials, Vec<Diagnostic>) {
    let loaded = load::load(root).expect("materials load");
    let (mut materials, checked) = resolve::resolve(&loaded);
    assert_eq!(checked.error_count(), 0, "{root:?}: {checked:?}");
    let ids: Vec<String> = materials.roster.iter().map(|l| l.id.clone()).collect();
    materials.load_communes(ids.iter().map(String::as_str));
    let targets = build::plan(&materials, &Selection::default()).expect("a plan");
    let book = materials.font_book();
    let exceptions = materials.collection.hyphenation_exceptions().to_vec();
    let mut engine = render::Engine::new(book.clone(), &exceptions);
    let mut warnings = Vec::new();
    for target in &targets {
        let laid = build::lay_out(&mut engine, &materials, target, None);
        warnings.extend(laid.diagnostics.iter().cloned());
        let out = export::export(&laid.document, &book, &laid.metadata, &Options::default())
            .expect("export");
        for w in &out.warnings {
            warnings.push(build::low_resolution(&materials, &w.path, w.dpi));
        }
    }
    (materials, warnings)
}

/// Whether `d` is about a sheet's page count (about the whole sheet).
fn page_count(d: &Diagnostic) -> bool {
    d.message.contains(" pages") && (d.message.contains(" fait ") || d.message.contains(" ferait "))
}

/// The file name and the text at the span of `d`; panics, naming the
/// warning, when it is not a real location.
fn located<'m>(materials: &'m Materials, d: &Diagnostic) -> (&'m str, &'m str) {
    let Some(Location::Span { file, range }) = &d.location else {
        panic!("not located at a span: {d:?}")
    };
    let source = materials.sources.get(*file);
    assert!(!range.is_empty(), "an empty span: {d:?}");
    let (line, column) = source.line_col(range.start);
    assert!(line >= 1 && column >= 1, "{line}:{column}: {d:?}");
    let text = source.text.get(range.clone()).expect("a span of the text");
    (source.name.as_str(), text)
}

/// Every warning of `warnings` is located at a non-empty span, except the
/// page counts (at their sheet's file).
fn assert_all_located(materials: &Materials, warnings: &[Diagnostic]) {
    for d in warnings {
        assert_eq!(d.severity, Severity::Warning, "{d:?}");
        if page_count(d) {
            assert!(matches!(d.location, Some(Location::File { .. })), "{d:?}");
        } else {
            located(materials, d);
        }
    }
}

#[test]
fn each_kind_of_build_warning_points_at_the_offending_value() {
    let root = Path::new(MANIFEST_DIR).join("tests/fixtures/build/located-warnings");
    let (materials, warnings) = build_warnings(&root);
    assert_all_located(&materials, &warnings);
    let found: Vec<(&str, &str)> = warnings.iter().map(|d| located(&materials, d)).collect();
    // (file, text at the span): one of each kind, in each kind of file.
    let expected = [
        // An unusable language tag: the tag itself, in a sheet's field, a
        // commune's box, override and édito, a workshop's cover and
        // programme, an experience record; the whole value of a key figure
        // written « + de … » (escaped before parsing, so not parsed again as
        // written).
        ("domaines/fiche.toml", "<span lang='zz!'>"),
        ("domaines/fiche.toml", "\"+ de <span lang='en'>mille\""),
        ("communes/ville.toml", "</span>"),
        ("communes/ville.toml", "<span lang='x y'>"),
        ("communes/ville.toml", "<span lang='??'>"),
        ("ateliers/atelier.toml", "<span lang='--'>"),
        ("ateliers/atelier.toml", "<span lang='_'>"),
        ("experiences/experience.toml", "<span lang='9'>"),
        // Markdown printed as typed: the value.
        (
            "domaines/fiche.toml",
            "\"\"\"\n> Une citation Markdown gardée telle quelle.\n\"\"\"",
        ),
        // A character no font has: the value holding it.
        (
            "domaines/fiche.toml",
            "\"Un crabe 🦀 que nulle police ne dessine.\"",
        ),
        // An image too small for print: the value naming it.
        ("domaines/fiche.toml", "\"images/minuscule.png\""),
    ];
    for (file, text) in expected {
        assert!(
            found.contains(&(file, text)),
            "no warning at « {text} » in {file}; found {found:#?}"
        );
    }
}

#[test]
fn every_warning_of_the_shipped_materials_and_the_fixtures_is_located() {
    let fixtures = Path::new(MANIFEST_DIR).join("tests/fixtures/build");
    let mut roots = vec![Path::new(MANIFEST_DIR).join("materials")];
    let mut cases: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("the build fixtures")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.join("collection.toml").is_file())
        .collect();
    cases.sort();
    roots.extend(cases);
    for root in roots {
        let (materials, warnings) = build_warnings(&root);
        assert_all_located(&materials, &warnings);
    }
}
