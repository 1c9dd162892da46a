//! The JSON Schemas printed by `ancrage schema <kind>` (the ones editors use)
//! accept every shipped materials file and reject the usual mistakes, as judged by
//! an independent validator (the `jsonschema` crate, draft 7).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

mod common;

const KINDS: [&str; 4] = ["collection", "domaine", "commune", "atelier"];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn ancrage(args: &[&str]) -> std::process::Output {
    common::ancrage()
        .current_dir(manifest_dir())
        .args(args)
        .output()
        .expect("the ancrage binary runs")
}

/// The schema of `kind` as printed by `ancrage schema <kind>`.
fn schema_json(kind: &str) -> Value {
    let output = ancrage(&["schema", kind]);
    assert_eq!(output.status.code(), Some(0), "schema {kind}");
    serde_json::from_slice(&output.stdout).expect("the schema is JSON")
}

/// The compiled draft-7 validator of `kind`.
fn validator(kind: &str) -> jsonschema::Validator {
    let schema = schema_json(kind);
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("schema {kind} compiles: {e}"))
}

/// TOML → JSON as an editor sees it: TOML dates become "YYYY-MM-DD" strings.
fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

/// Parses a TOML file (a UTF-8 BOM is allowed, as `ancrage` allows it) to JSON.
fn toml_file_to_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    to_json(toml::Value::Table(table))
}

/// The files of `kind` in a materials folder.
fn files_of(root: &Path, kind: &str) -> Vec<PathBuf> {
    let folder = match kind {
        "collection" => return vec![root.join("collection.toml")],
        "domaine" => "domaines",
        "commune" => "communes",
        "atelier" => "ateliers",
        _ => unreachable!("{kind}"),
    };
    let Ok(entries) = fs::read_dir(root.join(folder)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

/// Asserts that every file of every kind in `root` validates; returns how many.
fn assert_folder_validates(root: &Path) -> usize {
    let mut count = 0;
    for kind in KINDS {
        let validator = validator(kind);
        for path in files_of(root, kind) {
            let instance = toml_file_to_json(&path);
            let problems = errors(&validator, &instance);
            assert!(
                problems.is_empty(),
                "{}:\n{}",
                path.display(),
                problems.join("\n")
            );
            count += 1;
        }
    }
    count
}

#[test]
fn every_shipped_file_validates_against_its_schema() {
    let root = manifest_dir().join("materials");
    let count = assert_folder_validates(&root);
    // collection + 12 domains + 3 communes + 1 workshop
    assert!(count >= 17, "only {count} files checked");
}

#[test]
fn every_valid_fixture_validates_against_its_schema() {
    for case in ["minimal", "bom-crlf", "full-featured", "warnings-only"] {
        let root = manifest_dir().join("tests/fixtures/valid").join(case);
        assert!(assert_folder_validates(&root) >= 2, "{case}");
    }
}

/// A valid domain, as JSON, to break one way at a time.
fn good_domain() -> Value {
    json!({
        "titre": "Jeunesse",
        "resume": "Ouvrir les jeunes au monde.",
        "enjeux": ["La mobilité internationale."],
        "leviers": [{ "titre": "Volontariat", "texte": "Accueillir des volontaires." }],
    })
}

#[test]
fn domain_schema_rejects_an_unknown_key() {
    let validator = validator("domaine");
    assert!(validator.is_valid(&good_domain()));

    let mut domain = good_domain();
    domain["sous_titr"] = json!("Une coquille");
    assert!(
        !validator.is_valid(&domain),
        "unknown top-level key accepted"
    );

    let mut domain = good_domain();
    domain["leviers"][0]["texte_long"] = json!("…");
    assert!(
        !validator.is_valid(&domain),
        "unknown key in [[leviers]] accepted"
    );
}

#[test]
fn domain_schema_rejects_a_missing_title() {
    let validator = validator("domaine");
    let mut domain = good_domain();
    domain.as_object_mut().unwrap().remove("titre");
    let problems = errors(&validator, &domain);
    assert!(
        problems.iter().any(|p| p.contains("titre")),
        "missing titre accepted: {problems:?}"
    );
}

#[test]
fn schemas_reject_wrong_types_and_values() {
    let domain = validator("domaine");
    let mut bad = good_domain();
    bad["couleur"] = json!("#abc");
    assert!(!domain.is_valid(&bad), "short colour accepted");
    let mut bad = good_domain();
    bad["ordre"] = json!("10");
    assert!(!domain.is_valid(&bad), "string ordre accepted");

    let collection = validator("collection");
    assert!(collection.is_valid(&json!({ "titre": "C", "papier": "A5", "edition": "2026-11-26" })));
    assert!(!collection.is_valid(&json!({ "titre": "C", "papier": "A3" })));

    let workshop = validator("atelier");
    let good = json!({ "titre": "A", "date": "2010-07-08", "domaines": ["jeunesse"] });
    assert!(workshop.is_valid(&good));
    let mut bad = good.clone();
    bad["mise_en_page"] = json!("livret");
    assert!(!workshop.is_valid(&bad), "unknown layout accepted");
    let mut bad = good.clone();
    bad.as_object_mut().unwrap().remove("date");
    assert!(!workshop.is_valid(&bad), "workshop without date accepted");
    let mut bad = good.clone();
    bad["date"] = json!("8 juillet 2010");
    assert!(
        !workshop.is_valid(&bad),
        "date in words accepted (format: date)"
    );

    let commune = validator("commune");
    assert!(
        commune.is_valid(&json!({ "nom": "V", "surcharges": { "jeunesse": { "resume": "R" } } }))
    );
    assert!(
        !commune.is_valid(&json!({ "nom": "V", "surcharges": { "jeunesse": { "resumé": "R" } } })),
        "unknown key in [surcharges.<id>] accepted"
    );
}

#[test]
fn schema_without_kind_is_the_domain_schema() {
    let output = ancrage(&["schema"]);
    assert_eq!(output.status.code(), Some(0));
    let schema: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema, schema_json("domaine"));
}

#[test]
fn schema_dossier_writes_the_four_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("schemas");
    let output = ancrage(&["schema", "--dossier", folder.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for kind in KINDS {
        let text = fs::read_to_string(folder.join(format!("{kind}.schema.json"))).unwrap();
        let written: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(written, schema_json(kind), "{kind}");
    }
}
