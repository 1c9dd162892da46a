//! The fuzz targets of `fuzz/` as ordinary tests: each target's body
//! (`fuzz/harness.rs`) runs on every file of its seed corpus
//! `fuzz/corpus/<target>/` and of its regression inputs
//! `fuzz/regressions/<target>/` (crashes found by fuzzing, once fixed), so CI
//! exercises them without a fuzzer.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "../fuzz/harness.rs"]
mod harness;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Every committed input of a target, sorted.
fn inputs(target: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for group in ["corpus", "regressions"] {
        let folder = Path::new(MANIFEST_DIR)
            .join("fuzz")
            .join(group)
            .join(target);
        let Ok(listing) = fs::read_dir(&folder) else {
            continue;
        };
        files.extend(listing.map(|e| e.expect("entry").path()).filter(|p| {
            p.is_file()
                && p.file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        }));
    }
    files.sort();
    files
}

fn run(target: &str) {
    let (_, body) = harness::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("known target");
    let fixtures = Path::new(MANIFEST_DIR).join("tests/fixtures");
    let files = inputs(target);
    assert!(!files.is_empty(), "no seed corpus for {target}");
    for file in files {
        let data = fs::read(&file).expect("corpus file");
        eprintln!("{}", file.display());
        body(&data, &fixtures);
    }
}

#[test]
fn fuzz_corpus_materials_file() {
    run("materials_file");
}

#[test]
fn fuzz_corpus_typesetting() {
    run("typesetting");
}

#[test]
fn fuzz_corpus_sheet() {
    run("sheet");
}

#[test]
fn fuzz_corpus_image() {
    run("image");
}
