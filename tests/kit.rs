//! Issue 22: the workshop kit made from a list of participants — the
//! attendance sheet and the certificates of attendance, read back from
//! the PDFs; the list's bad rows located without naming anyone.

mod common;

use std::path::{Path, PathBuf};

use ancrage::build::{self, KitDocument, Target};
use ancrage::model::participants::sort_key;
use ancrage::render::Engine;
use ancrage::{load, resolve};
use common::{ancrage, copy_tree, pdftotext, tool};

const WORKSHOP: &str = "atelier-7-2010";

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("materials")
}

fn materials() -> resolve::Materials {
    resolve::resolve(&load::load(&shipped()).expect("materials")).0
}

/// Builds the workshop of `materials` into `out` with `args`; panics on failure.
fn build_workshop(materials: &Path, out: &Path, args: &[&str]) -> String {
    let args: Vec<&str> = ["--atelier", WORKSHOP]
        .iter()
        .chain(args)
        .copied()
        .collect();
    common::build(materials, out, &args)
}

/// The lines of the shipped list: (last name, first name, present).
fn shipped_people() -> Vec<(String, String, bool)> {
    let text = std::fs::read_to_string(shipped().join("ateliers/atelier-7-2010.participants.csv"))
        .unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(';').collect();
            (
                cells[0].to_string(),
                cells[1].to_string(),
                cells[6] == "oui",
            )
        })
        .collect()
}

#[test]
fn the_kit_of_the_shipped_workshop_lists_and_certifies_its_participants() {
    if !tool("pdftotext") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_workshop(&shipped(), &out, &[]);
    let people = shipped_people();
    assert!(people.len() >= 30, "{}", people.len());

    // The attendance sheet: every participant, sorted by name.
    let sheet = pdftotext(&out.join("ateliers/atelier-7-2010-emargement.pdf"), &[]);
    let mut expected: Vec<&(String, String, bool)> = people.iter().collect();
    expected.sort_by_key(|(last, first, _)| (sort_key(last), sort_key(first)));
    let mut at = 0;
    for (last, first, _) in &expected {
        let found = sheet[at..]
            .find(last.as_str())
            .unwrap_or_else(|| panic!("« {last} » missing or out of order in:\n{sheet}"));
        at += found + last.len();
        assert!(sheet.contains(first.as_str()), "« {first} »");
    }
    // The hard names, extracted as written.
    for name in ["d’Ornano", "Marie-Hélène", "N’Diaye", "Ðặng", "Nguyễn"] {
        assert!(sheet.contains(name), "« {name} » in:\n{sheet}");
    }
    assert!(sheet.contains("Exemple – participants fictifs"));
    assert!(sheet.contains("page 1 / "), "{sheet}");
    assert!(!sheet.contains('@'), "no address is printed");

    // The certificates: one page per participant present, in the list's order.
    let certificates = pdftotext(&out.join("ateliers/atelier-7-2010-attestations.pdf"), &[])
        .replace(['\u{a0}', '\u{202f}'], " ");
    let pages: Vec<&str> = certificates
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let present: Vec<&&(String, String, bool)> = expected.iter().filter(|p| p.2).collect();
    assert_eq!(pages.len(), present.len(), "{certificates}");
    for (page, (last, first, _)) in pages.iter().zip(&present) {
        let full = format!("{first} {last}");
        assert!(page.contains(&full), "« {full} » in:\n{page}");
        assert!(page.contains("Attestation de présence"));
        assert!(
            page.contains("Durée : 4 h"),
            "the duration, 9 h 00 – 13 h 00:\n{page}"
        );
        assert!(page.contains("matin"));
        assert!(page.contains("Exemple – participants fictifs"));
        assert!(!page.contains('@'));
    }
    for (last, first, attended) in &people {
        let full = format!("{first} {last}");
        if !attended {
            assert!(!certificates.contains(&full), "« {full} » was absent");
        }
    }
}

/// Laid out in the library: no line of either document overflows, and the
/// rows of the attendance sheet are tall enough to sign.
#[test]
fn the_kit_has_no_overflow() {
    let materials = materials();
    let workshop = materials
        .workshops
        .iter()
        .find(|w| w.id == WORKSHOP)
        .unwrap();
    let documents = build::kit::documents(workshop);
    assert!(documents.contains(&KitDocument::Emargement));
    assert!(documents.contains(&KitDocument::Attestations));
    let mut engine = Engine::new(
        materials.font_book(),
        materials.collection.hyphenation_exceptions(),
    );
    for document in documents {
        let target = Target::Kit {
            workshop: WORKSHOP.into(),
            document,
        };
        let laid = build::lay_out(&mut engine, &materials, &target, None);
        assert_eq!(laid.document.quality.overfull, 0, "{document:?}");
        assert!(
            laid.document.missing.is_empty(),
            "{:?}",
            laid.document.missing
        );
        assert!(laid.diagnostics.is_empty(), "{:?}", laid.diagnostics);
    }
}

#[test]
fn participant_option_builds_a_single_certificate() {
    if !tool("pdftotext") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_workshop(&shipped(), &out, &["--participant", "ornano"]);
    let files: Vec<String> = std::fs::read_dir(out.join("ateliers"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    assert_eq!(files, ["atelier-7-2010-attestation-ligne-2.pdf"]);
    let text = pdftotext(&out.join("ateliers").join(&files[0]), &[]);
    let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert_eq!(pages, 1, "{text}");
    assert!(text.contains("Marie-Hélène d’Ornano"), "{text}");

    // Nobody matches, or somebody absent: an error naming no one.
    for query in ["Personne-Inconnue", "14"] {
        let output = ancrage()
            .arg("build")
            .arg("--materials")
            .arg(shipped())
            .arg("--output")
            .arg(tmp.path().join("rien"))
            .args(["--atelier", WORKSHOP, "--participant", query])
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--participant"), "{stderr}");
        assert!(!stderr.contains("Lemodèle"), "{stderr}");
    }
}

#[test]
fn bad_rows_are_located_and_never_named() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("materiaux");
    copy_tree(&shipped(), &copy);
    // Windows-1252, CRLF, commas: what a French Excel may save.
    let csv = "Nom,Prénom,E-mail,Matin\r\n\
               Secretnom,Anne,pas-une-adresse,oui\r\n\
               ,Bobsecret,,oui\r\n\
               Cachénom,Luc,,peut-être\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(csv);
    std::fs::write(
        copy.join("ateliers/atelier-7-2010.participants.csv"),
        &bytes[..],
    )
    .unwrap();
    let output = ancrage()
        .arg("check")
        .arg("--materials")
        .arg(&copy)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    for located in [
        "ligne 2, colonne « E-mail »",
        "ligne 3, colonne « Nom »",
        "ligne 4, colonne « Matin »",
    ] {
        assert!(stderr.contains(located), "« {located} » in:\n{stderr}");
    }
    for name in [
        "Secretnom",
        "Anne",
        "Bobsecret",
        "Cachénom",
        "Luc",
        "pas-une",
    ] {
        assert!(!stderr.contains(name), "« {name} » in:\n{stderr}");
    }
    assert!(
        stderr.contains("ateliers/atelier-7-2010.participants.csv"),
        "{stderr}"
    );
}

/// The shipped workshop once ended (`fin`) at the time its last item
/// starts, so its certificates printed half an hour too little.
#[test]
fn an_end_before_the_last_item_of_the_programme_is_a_located_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("materiaux");
    copy_tree(&shipped(), &copy);
    let file = copy.join("ateliers/atelier-7-2010.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let (from, to) = ("fin            = \"13 h 00\"", "fin = \"12 h 30\"");
    assert!(text.contains(from));
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    let output = ancrage()
        .arg("check")
        .arg("--materials")
        .arg(&copy)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("l’atelier finit à « 12 h 30 », mais le dernier point du programme commence à « 12 h 30 »"),
        "{stderr}"
    );
    let line = text[..text.find(from).unwrap()].lines().count() + 1;
    assert!(
        stderr.contains(&format!("ateliers/atelier-7-2010.toml:{line}:7")),
        "line {line} in:\n{stderr}"
    );
}
