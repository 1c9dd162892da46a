//! `ancrage check` on every fixture folder of `tests/fixtures/`, run through the real
//! binary: the exit code and the French diagnostics on stderr are snapshotted.
//!
//! - `valid/<case>/` must pass (exit 0, warnings allowed);
//! - `invalid/<case>/` must fail (exit 1) with located diagnostics;
//! - a few cases need special files (a symlink, a huge PNG header) and are built
//!   in a temporary folder at run time instead of being committed.
//!
//! Snapshots live in `tests/snapshots/fixtures__<valid|invalid|runtime>-<case>.snap`.

use std::fs;
use std::path::Path;
use std::process::Output;

mod common;
use common::{crc32, png_declaring};

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `ancrage --materials <materials> check` from `cwd`, colours off.
fn check(cwd: &Path, materials: &str) -> Output {
    common::ancrage()
        .current_dir(cwd)
        .args(["--materials", materials, "check"])
        .output()
        .expect("the ancrage binary runs")
}

/// What is snapshotted: the exit code, then stderr.
fn transcript(output: &Output) -> String {
    let code = output
        .status
        .code()
        .expect("exited normally, not by a signal");
    format!("exit: {code}\n{}", String::from_utf8_lossy(&output.stderr))
}

/// Checks `tests/fixtures/<group>/<case>`: exit code, empty stdout, snapshot.
fn fixture(group: &str, case: &str) {
    let folder = format!("tests/fixtures/{group}/{case}");
    assert!(
        Path::new(MANIFEST_DIR).join(&folder).is_dir(),
        "missing fixture folder {folder}"
    );
    // Relative path from the crate root: messages that name the folder stay stable.
    let output = check(Path::new(MANIFEST_DIR), &folder);
    let expected = if group == "valid" { 0 } else { 1 };
    let text = transcript(&output);
    assert_eq!(output.status.code(), Some(expected), "{folder}:\n{text}");
    assert!(
        output.stdout.is_empty(),
        "{folder}: check writes to stderr only"
    );
    snapshot(&format!("{group}-{case}"), &folder, &text);
}

fn snapshot(name: &str, description: &str, text: &str) {
    insta::with_settings!({ description => description, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

/// One `#[test]` per fixture folder, plus the list of folders for the
/// completeness test below.
macro_rules! fixtures {
    ($group:literal, $list:ident: $($test:ident => $case:literal,)+) => {
        const $list: &[&str] = &[$($case),+];
        $(
            #[test]
            fn $test() {
                fixture($group, $case);
            }
        )+
    };
}

fixtures! { "valid", VALID:
    valid_minimal_collection_and_one_domain => "minimal",
    valid_bom_and_crlf_are_accepted_silently => "bom-crlf",
    valid_every_field_of_every_file_kind => "full-featured",
    valid_warnings_only_exit_zero => "warnings-only",
    valid_an_example_cites_an_experience_record => "experience-cited",
    valid_issue_17_editorial_checks_warn => "editorial-checks",
    valid_commune_experiences_listed_twice_or_linked_to_another_name_warn => "commune-experiences",
}

fixtures! { "invalid", INVALID:
    invalid_key_after_table_header_is_the_toml_trap => "toml-trap",
    invalid_three_mistakes_reported_in_one_run => "three-mistakes",
    invalid_toml_syntax_error => "syntax-error",
    invalid_windows_1252_bytes_located => "windows-1252",
    invalid_utf16_file => "utf16",
    invalid_bom_and_crlf_keep_columns_right => "bom-crlf-located",
    invalid_empty_files => "empty-file",
    invalid_duplicate_keys => "duplicate-keys",
    invalid_table_header_instead_of_array_of_tables => "table-instead-of-array",
    invalid_array_of_tables_instead_of_table => "array-instead-of-table",
    invalid_wrong_value_types => "wrong-types",
    invalid_date_that_does_not_exist => "invalid-date",
    invalid_colours => "colours",
    invalid_file_names_as_ids => "bad-ids",
    invalid_reserved_ids => "reserved-ids",
    invalid_missing_references_with_suggestions => "missing-references",
    invalid_urls_and_emails => "bad-urls-emails",
    invalid_key_figure_without_source => "chiffre-without-source",
    invalid_image_without_alt_text => "image-without-alt",
    invalid_image_paths_and_files => "image-problems",
    invalid_truncated_png_and_jpeg_refused_by_check => "truncated-images",
    invalid_missing_collection_file => "missing-collection",
    invalid_unknown_enum_values => "unknown-enum-values",
    invalid_experience_records_bad_country_unsourced_unknown_references => "experience-records",
    invalid_commune_lists_an_unknown_experience => "commune-experiences",
}

/// A fixture folder without its test would never run: list them all.
#[test]
fn every_fixture_folder_has_a_test() {
    for (group, listed) in [("valid", VALID), ("invalid", INVALID)] {
        let folder = Path::new(MANIFEST_DIR).join("tests/fixtures").join(group);
        let mut found: Vec<String> = fs::read_dir(&folder)
            .expect("fixture group folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        found.sort();
        let mut listed: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
        listed.sort();
        assert_eq!(found, listed, "tests/fixtures/{group}");
    }
}

// ---------------------------------------------------------------------------
// Cases built at run time: they need files that are awkward to commit.

/// A valid materials folder `materials/` in a new temporary folder.
fn temp_materials() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("materials");
    fs::create_dir_all(root.join("domaines")).unwrap();
    fs::create_dir_all(root.join("images")).unwrap();
    fs::write(root.join("collection.toml"), "titre = \"Collection\"\n").unwrap();
    dir
}

/// A domain whose pictogram is `path`.
fn domain_with_pictogram(path: &str) -> String {
    format!(
        "titre       = \"Santé\"\npictogramme = \"{path}\"\nresume      = \"Un chapeau.\"\n\
         enjeux      = [\"Un enjeu.\"]\n"
    )
}

#[test]
fn crc32_matches_the_png_reference_value() {
    // The IEND chunk of every PNG ends with AE 42 60 82.
    assert_eq!(crc32(b"IEND"), 0xAE42_6082);
}

#[cfg(unix)]
#[test]
fn runtime_symlink_leading_outside_the_materials_is_refused() {
    let dir = temp_materials();
    let outside = dir.path().join("ailleurs");
    fs::create_dir_all(&outside).unwrap();
    let png =
        Path::new(MANIFEST_DIR).join("tests/fixtures/valid/full-featured/images/pictos/sante.png");
    fs::copy(png, outside.join("secret.png")).unwrap();
    std::os::unix::fs::symlink(
        "../../ailleurs/secret.png",
        dir.path().join("materials/images/x.png"),
    )
    .unwrap();
    fs::write(
        dir.path().join("materials/domaines/sante.toml"),
        domain_with_pictogram("images/x.png"),
    )
    .unwrap();

    let output = check(dir.path(), "materials");
    assert_eq!(output.status.code(), Some(1));
    snapshot(
        "runtime-symlink-outside",
        "images/x.png -> ../../ailleurs/secret.png",
        &transcript(&output),
    );
}

#[test]
fn runtime_huge_png_is_refused_from_its_header() {
    let dir = temp_materials();
    let png = png_declaring(100_000, 100_000);
    fs::write(dir.path().join("materials/images/immense.png"), png).unwrap();
    fs::write(
        dir.path().join("materials/domaines/sante.toml"),
        domain_with_pictogram("images/immense.png"),
    )
    .unwrap();

    let output = check(dir.path(), "materials");
    assert_eq!(output.status.code(), Some(1));
    let text = transcript(&output);
    // Decoding would have failed with « illisible ou tronquée »: one byte of pixels.
    assert!(text.contains("100\u{202F}000 × 100\u{202F}000"), "{text}");
    snapshot(
        "runtime-huge-png",
        "IHDR 100000 × 100000, one byte of pixel data",
        &text,
    );
}

/// Built at run time: on a case-insensitive file system (macOS, Windows) the two
/// files cannot both exist, and the test has nothing to check.
#[test]
fn runtime_ids_differing_only_by_case_are_duplicates() {
    let dir = temp_materials();
    let domains = dir.path().join("materials/domaines");
    let domain = "titre = \"Jeunesse\"\nresume = \"Un chapeau.\"\nenjeux = [\"Un enjeu.\"]\n";
    fs::write(domains.join("jeunesse.toml"), domain).unwrap();
    fs::write(domains.join("Jeunesse.toml"), domain).unwrap();
    if fs::read_dir(&domains).unwrap().count() < 2 {
        eprintln!("case-insensitive file system: test skipped");
        return;
    }
    let output = check(dir.path(), "materials");
    assert_eq!(output.status.code(), Some(1));
    snapshot(
        "runtime-ids-differing-by-case",
        "domaines/Jeunesse.toml and domaines/jeunesse.toml",
        &transcript(&output),
    );
}

#[test]
fn runtime_missing_materials_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = check(dir.path(), "materiaux-absents");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    snapshot(
        "runtime-missing-folder",
        "--materials materiaux-absents",
        &transcript(&output),
    );
}
