//! The independent PDF/UA checker outloud 0.2.1 (PyPI: pikepdf and PyMuPDF,
//! with rules from the Matterhorn protocol) on every PDF of the default build
//! and of the variant editions: grey levels, bleed with crop marks, the
//! large-print edition of a commune and of the booklet, and a commune's
//! edition on A5 paper (issue 19).
//!
//! Any error fails the test; so does any warning but those explained, one by
//! one, in `docs/accessibilite.md` ([`EXPLAINED`]). `scripts/test` installs
//! outloud in a Python virtual environment and gives its path in `OUTLOUD`;
//! without it the test looks for `outloud` on the `PATH`, and skips (fails
//! under `CI=true`) when there is none. The imposed files
//! (`*-impression.pdf`) are print sheets, untagged by design, and left out.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{build, tool};

/// outloud's warnings that stay, each a false positive explained in
/// `docs/accessibilite.md` (§ « outloud »).
const EXPLAINED: &[&str] = &["PAG-001"];

/// outloud's warnings explained for some files only: (rule, part of the
/// file name). Also explained in `docs/accessibilite.md`.
const EXPLAINED_IN: &[(&str, &str)] = &[("ORD-001", "-gros-caracteres")];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The outloud command, when it can be started.
fn outloud() -> Option<PathBuf> {
    let path = std::env::var_os("OUTLOUD").map_or_else(|| PathBuf::from("outloud"), PathBuf::from);
    tool(path.to_str()?).then_some(path)
}

/// Every tagged PDF under `dir`.
fn pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pdfs(&path, out);
        } else if path.extension().is_some_and(|e| e == "pdf")
            && !path.to_string_lossy().ends_with("-impression.pdf")
        {
            out.push(path);
        }
    }
}

/// outloud's errors and unexplained warnings on `files`, one line each.
fn findings(outloud: &Path, files: &[PathBuf], report: &Path) -> Vec<String> {
    let output = Command::new(outloud)
        .arg("--json")
        .arg(report)
        .args(["--fail-on", "never", "--quiet"])
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "outloud : {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(report).unwrap()).expect("outloud's JSON report");
    let results = json["results"].as_array().expect("results");
    assert_eq!(results.len(), files.len(), "one result per file");
    let mut problems = Vec::new();
    for result in results {
        let path = result["path"].as_str().unwrap_or("?");
        if let Some(error) = result["error"].as_str() {
            problems.push(format!("{path} : illisible pour outloud : {error}"));
        }
        for f in result["findings"].as_array().into_iter().flatten() {
            let rule = f["rule"].as_str().unwrap_or("?");
            let severity = f["severity"].as_str().unwrap_or("?");
            let explained = severity == "warning"
                && (EXPLAINED.contains(&rule)
                    || EXPLAINED_IN
                        .iter()
                        .any(|&(r, file)| r == rule && path.contains(file)));
            if matches!(severity, "error" | "warning") && !explained {
                problems.push(format!(
                    "{path} : {severity} {rule} page {} : {} ({})",
                    f["page"],
                    f["message"].as_str().unwrap_or(""),
                    f["evidence"].as_str().unwrap_or("")
                ));
            }
        }
    }
    problems
}

#[test]
fn outloud_finds_no_error_in_the_default_build_and_its_variants() {
    let Some(outloud) = outloud() else {
        return;
    };
    let docs = std::fs::read_to_string(manifest_dir().join("docs/accessibilite.md")).unwrap();
    for rule in EXPLAINED.iter().chain(EXPLAINED_IN.iter().map(|(r, _)| r)) {
        assert!(
            docs.contains(rule),
            "{rule} is not explained in docs/accessibilite.md"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let materials = manifest_dir().join("materials");
    build(&materials, &tmp.path().join("defaut"), &[]);
    build(&materials, &tmp.path().join("gris"), &["--niveaux-de-gris"]);
    build(
        &materials,
        &tmp.path().join("coupe"),
        &["--fond-perdu", "3", "--traits-de-coupe"],
    );
    // The large-print edition (issue 19 §4) of Exempleville and the booklet.
    build(
        &materials,
        &tmp.path().join("gros"),
        &[
            "--commune",
            "exempleville",
            "--atelier",
            "atelier-7-2010",
            "--experience",
            "recueil-experiences",
            "--gros-caracteres",
        ],
    );
    // A commune's edition on A5 paper: the collection's paper changed in a copy.
    let a5 = tmp.path().join("materiaux-a5");
    common::copy_as_a5(&materials, &a5);
    build(&a5, &tmp.path().join("a5"), &["--commune", "exempleville"]);

    let mut files = Vec::new();
    for edition in ["defaut", "gris", "coupe", "gros", "a5"] {
        pdfs(&tmp.path().join(edition), &mut files);
    }
    files.sort();
    assert!(files.len() > 60, "{} files", files.len());
    let problems = findings(&outloud, &files, &tmp.path().join("outloud.json"));
    assert!(problems.is_empty(), "outloud :\n{}", problems.join("\n"));
}
