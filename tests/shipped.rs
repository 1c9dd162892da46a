//! The shipped `materials/` folder and the commands around it (`check`, `list`,
//! `new`, `check --format json`), run through the real binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::copy_tree;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `ancrage --materials <materials> <args…>`, colours off.
fn ancrage(materials: &Path, args: &[&str]) -> Output {
    common::ancrage()
        .current_dir(manifest_dir())
        .arg("--materials")
        .arg(materials)
        .args(args)
        .output()
        .expect("the ancrage binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A temporary copy of `tests/fixtures/valid/minimal` (one domain: `jeunesse`).
fn minimal_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("materials");
    copy_tree(&manifest_dir().join("tests/fixtures/valid/minimal"), &root);
    (dir, root)
}

#[test]
fn shipped_materials_pass_check() {
    let output = ancrage(&manifest_dir().join("materials"), &["check"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(!text.contains("erreur"), "{text}");
    assert!(text.contains("matériaux valides"), "{text}");
}

/// The rows of one section of `list` (« Fiches (12) » …): its count and its
/// data rows, without the column header line.
fn list_section<'a>(out: &'a str, title: &str) -> (usize, Vec<&'a str>) {
    let mut lines = out
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{title} (")));
    let heading = lines
        .next()
        .unwrap_or_else(|| panic!("no section {title}:\n{out}"));
    let count = heading[title.len() + 2..heading.len() - 1]
        .parse()
        .unwrap_or_else(|_| panic!("bad heading {heading:?}"));
    let rows = lines.skip(1).take_while(|l| !l.trim().is_empty()).collect();
    (count, rows)
}

#[test]
fn shipped_materials_list_domains_communes_and_workshop() {
    let output = ancrage(&manifest_dir().join("materials"), &["list"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);

    let (domains, rows) = list_section(&out, "Fiches");
    assert!(domains >= 12, "{out}");
    assert_eq!(rows.len(), domains, "{out}");
    assert!(rows.iter().any(|r| r.contains("jeunesse")), "{out}");

    let (communes, rows) = list_section(&out, "Communes");
    assert_eq!(communes, 3, "{out}");
    assert_eq!(rows.len(), 3, "{out}");
    for id in ["exempleville", "nanterre", "rosny-sous-bois"] {
        assert!(
            rows.iter().any(|r| r.split_whitespace().next() == Some(id)),
            "{id}\n{out}"
        );
    }

    let (workshops, rows) = list_section(&out, "Ateliers");
    assert_eq!(workshops, 1, "{out}");
    assert!(
        rows[0].contains("atelier-7-2010") && rows[0].contains("2010-07-08"),
        "{out}"
    );
}

#[test]
fn new_domain_commune_and_workshop_then_check_passes() {
    let (_dir, root) = minimal_copy();
    for (kind, id, file) in [
        ("domaine", "x", "domaines/x.toml"),
        ("commune", "y", "communes/y.toml"),
        ("atelier", "z", "ateliers/z.toml"),
    ] {
        let output = ancrage(&root, &["new", kind, id]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "new {kind} {id}: {}",
            stderr(&output)
        );
        assert!(root.join(file).is_file(), "{file} not written");
        assert!(
            stderr(&output).contains("fichier créé"),
            "{}",
            stderr(&output)
        );
    }
    // The workshop template offers the domains that exist.
    let workshop = fs::read_to_string(root.join("ateliers/z.toml")).unwrap();
    assert!(
        workshop.contains(r#"domaines     = ["jeunesse", "x"]"#),
        "{workshop}"
    );

    let output = ancrage(&root, &["check"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("2 fiches, 1 commune, 1 atelier"), "{text}");
    // Issue 17 § 6: the placeholder text of a template is warned about.
    assert!(
        text.contains("texte laissé du modèle « ancrage new »"),
        "{text}"
    );
    assert!(!text.contains("erreur"), "{text}");
}

#[test]
fn new_refuses_to_overwrite_an_existing_file() {
    let (_dir, root) = minimal_copy();
    let path = root.join("domaines/jeunesse.toml");
    let before = fs::read(&path).unwrap();

    let output = ancrage(&root, &["new", "domaine", "jeunesse"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("existe déjà"), "{text}");
    assert_eq!(fs::read(&path).unwrap(), before, "file changed");
}

#[test]
fn new_rejects_an_invalid_id() {
    let (_dir, root) = minimal_copy();
    let output = ancrage(&root, &["new", "domaine", "Santé Publique"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(
        text.contains("identifiant « Santé Publique » invalide"),
        "{text}"
    );
    assert!(
        text.contains("ancrage new domaine sante-publique"),
        "{text}"
    );
    let names: Vec<_> = fs::read_dir(root.join("domaines"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["jeunesse.toml"], "nothing written");
}

#[test]
fn new_workshop_needs_a_domain() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("collection.toml"), "titre = \"C\"\n").unwrap();
    let output = ancrage(dir.path(), &["new", "atelier", "z"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!dir.path().join("ateliers/z.toml").exists());
}

#[test]
fn check_json_lists_located_diagnostics() {
    let fixture = manifest_dir().join("tests/fixtures/invalid/three-mistakes");
    let output = ancrage(&fixture, &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "JSON mode writes on stdout only");

    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let items = json.as_array().expect("a JSON array");
    let located: Vec<(&str, u64, u64)> = items
        .iter()
        .map(|d| {
            assert_eq!(d["gravite"], "erreur", "{d}");
            assert!(d["message"].is_string() && d["aide"].is_array(), "{d}");
            (
                d["fichier"].as_str().expect("fichier"),
                d["ligne"].as_u64().expect("ligne"),
                d["colonne"].as_u64().expect("colonne"),
            )
        })
        .collect();
    assert_eq!(
        located,
        [
            ("domaines/jeunesse.toml", 2, 1),
            ("domaines/jeunesse.toml", 3, 13),
            ("domaines/jeunesse.toml", 10, 9),
        ]
    );
}

#[test]
fn check_json_on_valid_materials_is_an_empty_array() {
    let fixture = manifest_dir().join("tests/fixtures/valid/minimal");
    let output = ancrage(&fixture, &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json, serde_json::json!([]));
}

#[test]
fn check_json_on_a_windows_1252_file_gives_line_and_column() {
    let fixture = manifest_dir().join("tests/fixtures/invalid/windows-1252");
    let output = ancrage(&fixture, &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let first = &json[0];
    assert_eq!(first["fichier"], "domaines/sante.toml");
    assert_eq!(
        (first["ligne"].as_u64(), first["colonne"].as_u64()),
        (Some(1), Some(15))
    );
}

/// Issue 17 § 6: a draft sheet is left out of the default build, and built
/// with `--brouillons`, with a warning.
#[test]
fn issue_17_drafts_are_left_out_unless_brouillons() {
    let (dir, root) = minimal_copy();
    let sheet = root.join("domaines/jeunesse.toml");
    let text = fs::read_to_string(&sheet).unwrap();
    fs::write(&sheet, format!("statut = \"brouillon\"\n{text}")).unwrap();

    let out = dir.path().join("sans");
    let output = ancrage(&root, &["build", "--output", out.to_str().unwrap()]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("brouillons laissés de côté : fiche « jeunesse »"),
        "{text}"
    );
    assert!(!out.join("generique/jeunesse.pdf").exists(), "{text}");

    let out = dir.path().join("avec");
    let output = ancrage(
        &root,
        &["build", "--brouillons", "--output", out.to_str().unwrap()],
    );
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("avertissement : brouillons fabriqués"),
        "{text}"
    );
    // It was printed but left out of the count (« 0 avertissement »).
    assert!(text.contains(", 1 avertissement, "), "{text}");
    assert!(out.join("generique/jeunesse.pdf").is_file(), "{text}");
}
