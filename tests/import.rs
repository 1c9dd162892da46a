//! `ancrage import communes` run through the real binary on spreadsheets written in
//! a temporary copy of `tests/fixtures/valid/full-featured` (domains `jeunesse` and
//! `sante`, commune `ville`, logo `images/logos/ville.png`).
//!
//! The exit code and stderr are snapshotted in `tests/snapshots/import__<case>.snap`;
//! the files written must pass `ancrage check`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::copy_tree;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// A temporary project: `materials/` (a copy of the full-featured fixture) and
/// the spreadsheet beside it.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_tree(
            &Path::new(MANIFEST_DIR).join("tests/fixtures/valid/full-featured"),
            &dir.path().join("materials"),
        );
        Self { dir }
    }

    /// Writes a spreadsheet in the project folder.
    fn with_file(self, name: &str, bytes: &[u8]) -> Self {
        fs::write(self.dir.path().join(name), bytes).expect("spreadsheet written");
        self
    }

    /// Runs `ancrage --materials materials <args…>` from the project folder, colours off.
    fn run(&self, args: &[&str]) -> Output {
        common::ancrage()
            .current_dir(self.dir.path())
            .args(["--materials", "materials"])
            .args(args)
            .output()
            .expect("the ancrage binary runs")
    }

    fn import(&self, file: &str, options: &[&str]) -> Output {
        let mut args = vec!["import", "communes", file];
        args.extend_from_slice(options);
        self.run(&args)
    }

    fn commune(&self, id: &str) -> PathBuf {
        self.dir
            .path()
            .join("materials/communes")
            .join(format!("{id}.toml"))
    }

    fn communes(&self) -> Vec<String> {
        let mut ids: Vec<String> = fs::read_dir(self.dir.path().join("materials/communes"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        ids.sort();
        ids
    }

    /// `ancrage check` passes on the materials as they are now.
    fn assert_check_passes(&self) {
        let output = self.run(&["check"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The exit code, then stderr; checks the expected code.
fn transcript(output: &Output, expected: i32) -> String {
    let code = output.status.code().expect("exited normally");
    let text = format!("exit: {code}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(code, expected, "{text}");
    text
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn semicolon_utf8_csv_with_bom_and_quoted_lists() {
    let csv = "\u{FEFF}NOM;Nature;Téléphone;Domaines;Couleur;Logo;Courriel;Site;Adresse\n\
               Exempleville-sur-Mer;Intercommunalité;01 00 00 00 00;\"jeunesse;sante\";#1B7F79;images/logos/ville.png;contact@exempleville-sur-mer.example;https://exempleville-sur-mer.example;\"1 quai de l’Exemple\n00000 Exempleville-sur-Mer\"\n\
               L’Haÿ-lès-Exemples;;;Santé;;;;;\n";
    let project = Project::new().with_file("communes.csv", csv.as_bytes());
    let output = project.import("communes.csv", &[]);
    snapshot("semicolon-utf8", &transcript(&output, 0));
    let text = fs::read_to_string(project.commune("exempleville-sur-mer")).unwrap();
    assert!(text.starts_with(
        "# Profil « Exempleville-sur-Mer », importé du tableau « communes.csv » (ligne 2)"
    ));
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
        .collect();
    assert_eq!(
        keys,
        [
            "nom",
            "nature",
            "logo",
            "couleur",
            "domaines",
            "adresse",
            "telephone",
            "courriel",
            "site"
        ]
    );
    assert!(text.contains("nature = \"intercommunalite\""), "{text}");
    assert!(
        text.contains("domaines = [\"jeunesse\", \"sante\"]"),
        "{text}"
    );
    let other = fs::read_to_string(project.commune("l-hay-les-exemples")).unwrap();
    assert!(other.contains("nom = \"L’Haÿ-lès-Exemples\""), "{other}");
    assert!(other.contains("domaines = [\"sante\"]"), "{other}");
    project.assert_check_passes();
}

#[test]
fn windows_1252_csv_is_detected_and_said() {
    // « Téléphone » and « Saint-Étienne-Exemple » as French Excel writes them.
    let bytes = b"nom;t\xE9l\xE9phone;courriel\nSaint-\xC9tienne-Exemple;01 00 00 00 00;mairie@saint-etienne-exemple.example\n";
    let project = Project::new().with_file("communes.csv", bytes);
    let output = project.import("communes.csv", &[]);
    snapshot("windows-1252", &transcript(&output, 0));
    let text = fs::read_to_string(project.commune("saint-etienne-exemple")).unwrap();
    assert!(text.contains("nom = \"Saint-Étienne-Exemple\""), "{text}");
    project.assert_check_passes();
}

#[test]
fn comma_csv_with_quoted_commas() {
    let csv = "nom,adresse,domaines,site\n\
               Saint-Exemple,\"2 rue des Exemples, 00000 Saint-Exemple\",jeunesse;sante,https://saint-exemple.example\n";
    let project = Project::new().with_file("communes.csv", csv.as_bytes());
    let output = project.import("communes.csv", &[]);
    snapshot("comma", &transcript(&output, 0));
    let text = fs::read_to_string(project.commune("saint-exemple")).unwrap();
    assert!(
        text.contains("adresse = \"2 rue des Exemples, 00000 Saint-Exemple\""),
        "{text}"
    );
    project.assert_check_passes();
}

#[test]
fn xlsx_workbook() {
    let bytes = fs::read(Path::new(MANIFEST_DIR).join("tests/fixtures/import/communes.xlsx"))
        .expect("run tests/fixtures/import/make_xlsx.py");
    let project = Project::new().with_file("communes.xlsx", &bytes);
    let output = project.import("communes.xlsx", &[]);
    snapshot("xlsx", &transcript(&output, 1));
    assert!(project.commune("exempleville-sur-mer").is_file());
    assert!(!project.commune("saint-exemple").exists());
    project.assert_check_passes();
}

#[test]
fn bad_rows_are_refused_and_located() {
    let csv = "nom;couleur;domaines;courriel;site\n\
               Bonneville-Exemple;#1B7F79;jeunesse;contact@bonneville.example;https://bonneville.example\n\
               Rougeville-Exemple;rouge;;;\n\
               Jeuneville-Exemple;;\"jeunese;sante\";;\n\
               Courrielville-Exemple;;;mailto:contact@courrielville.example;\n\
               ;#000000;;;\n\
               Siteville-Exemple;;;;www.siteville.example\n\
               Débordville-Exemple;#000000;jeunesse;sante;contact@x.example;https://x.example\n";
    let project = Project::new().with_file("communes.csv", csv.as_bytes());
    let output = project.import("communes.csv", &[]);
    snapshot("bad-rows", &transcript(&output, 1));
    assert_eq!(
        project.communes(),
        ["bonneville-exemple.toml", "ville.toml"]
    );
    project.assert_check_passes();
}

/// Issue 18, point 2: Excel on Windows ends its lines with CRLF; the faulty row on
/// line 3 was reported at line 2, the first (valid) data row.
#[test]
fn crlf_csv_line_numbers_are_not_one_too_low() {
    let bytes =
        b"sep=;\r\nnom;couleur\r\nBonneville-Exemple;#1B7F79\r\nRougeville-Exemple;rouge\r\n";
    let project = Project::new().with_file("communes.csv", bytes);
    let output = project.import("communes.csv", &[]);
    let text = transcript(&output, 1);
    assert!(text.contains("erreur : ligne 4, "), "{text}");
    assert!(!text.contains("ligne 3,"), "{text}");
    let written = fs::read_to_string(project.commune("bonneville-exemple")).unwrap();
    assert!(written.contains("(ligne 3)"), "{written}");
}

#[test]
fn unknown_columns_are_reported_with_suggestions() {
    let csv = "nom;Couleurs;Population;;Courriel\nSaint-Exemple;#1B7F79;1200;;\n";
    let project = Project::new().with_file("communes.csv", csv.as_bytes());
    let output = project.import("communes.csv", &[]);
    snapshot("unknown-columns", &transcript(&output, 0));
    let text = fs::read_to_string(project.commune("saint-exemple")).unwrap();
    assert!(!text.contains("couleur"), "{text}");
}

#[test]
fn missing_name_column_is_an_error() {
    let csv = "commune;couleur\nSaint-Exemple;#1B7F79\n";
    let project = Project::new().with_file("communes.csv", csv.as_bytes());
    let output = project.import("communes.csv", &[]);
    snapshot("missing-name-column", &transcript(&output, 1));
    assert_eq!(project.communes(), ["ville.toml"]);
}

#[test]
fn id_collisions_get_a_suffix() {
    // « Villé » is not « Ville » (communes/ville.toml) but has the same id;
    // « Générique » is a reserved id; Saint-Exemple comes twice.
    let csv = "nom;territoire\nVillé;Vallée A\nGénérique;Vallée B\nSaint-Exemple;Vallée C\nSaint-Exemple;Vallée D\n";
    let project = Project::new().with_file("communes.csv", csv.as_bytes());
    let output = project.import("communes.csv", &[]);
    snapshot("collisions", &transcript(&output, 0));
    assert_eq!(
        project.communes(),
        [
            "generique-2.toml",
            "saint-exemple-2.toml",
            "saint-exemple.toml",
            "ville-2.toml",
            "ville.toml"
        ]
    );
    let second = fs::read_to_string(project.commune("saint-exemple-2")).unwrap();
    assert!(second.contains("Vallée D"), "{second}");
    project.assert_check_passes();
}

#[test]
fn simulation_writes_nothing() {
    let csv = "nom;couleur\nSaint-Exemple;#1B7F79\n";
    let project = Project::new().with_file("communes.csv", csv.as_bytes());
    let output = project.import("communes.csv", &["--simulation"]);
    snapshot("simulation", &transcript(&output, 0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("couleur = \"#1B7F79\""), "{stdout}");
    assert_eq!(project.communes(), ["ville.toml"]);
}

#[test]
fn existing_profiles_are_kept_unless_replace() {
    let project = Project::new().with_file("communes.csv", b"nom;couleur\nVille;#123456\n");
    let before = fs::read_to_string(project.commune("ville")).unwrap();
    let output = project.import("communes.csv", &[]);
    snapshot("kept", &transcript(&output, 0));
    assert_eq!(
        fs::read_to_string(project.commune("ville")).unwrap(),
        before
    );
    assert_eq!(project.communes(), ["ville.toml"]);

    let output = project.import("communes.csv", &["--remplacer"]);
    snapshot("replaced", &transcript(&output, 0));
    let after = fs::read_to_string(project.commune("ville")).unwrap();
    assert!(after.contains("couleur = \"#123456\""), "{after}");
    project.assert_check_passes();
}

#[test]
fn unreadable_files_are_usage_errors() {
    let project = Project::new().with_file("faux.xlsx", b"PK\x03\x04 pas un classeur");
    let missing = project.import("absent.csv", &[]);
    let broken = project.import("faux.xlsx", &[]);
    let empty = project.with_file("vide.csv", b"").import("vide.csv", &[]);
    let text = [
        transcript(&missing, 2),
        transcript(&broken, 2),
        transcript(&empty, 2),
    ]
    .join("\n");
    snapshot("unreadable", &text);
}

#[test]
fn shipped_example_imports_cleanly() {
    let materials = Path::new(MANIFEST_DIR).join("materials");
    let output = common::ancrage()
        .arg("--materials")
        .arg(&materials)
        .args(["import", "communes", "--simulation"])
        .arg(materials.join("exemples/communes.csv"))
        .output()
        .unwrap();
    transcript(&output, 0);
    // `check` does not read `materials/exemples/`.
    let check = common::ancrage()
        .arg("--materials")
        .arg(&materials)
        .arg("check")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{text}");
    assert!(!text.contains("exemples"), "{text}");
}
