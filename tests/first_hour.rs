//! Issue 18: what a communications officer met in a first hour with the tool,
//! each defect guarded by a test named after it. The real binary runs on a
//! temporary copy of `tests/fixtures/valid/full-featured` (domains `jeunesse`
//! and `sante`, commune `ville`, workshop `atelier-1`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::copy_tree;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// A temporary project folder holding `materials/`.
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

    /// A path inside the materials.
    fn file(&self, relative: &str) -> PathBuf {
        self.dir.path().join("materials").join(relative)
    }

    /// Writes a file inside the materials.
    fn write(&self, relative: &str, text: &str) {
        fs::write(self.file(relative), text).expect("file written");
    }

    /// Replaces `from` by `to` in a file of the materials.
    fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.file(relative)).expect("file read");
        assert!(text.contains(from), "{relative} has no {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    /// Runs `ancrage --materials materials <args…>` from the project folder.
    fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.dir.path(), &["--materials", "materials"], args)
    }

    /// Runs `ancrage <global…> <args…>` from `cwd`, colours off.
    fn run_in(&self, cwd: &Path, global: &[&str], args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ancrage"))
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .args(global)
            .args(args)
            .output()
            .expect("the ancrage binary runs")
    }

    /// The output folder of `build`.
    fn output(&self) -> PathBuf {
        self.dir.path().join("output")
    }
}

/// The exit code, then stderr; checks the expected code.
fn transcript(output: &Output, expected: i32) -> String {
    let code = output.status.code().expect("exited normally");
    let text = format!("exit: {code}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(code, expected, "{text}");
    text
}

/// Point 3: an action of a domain the profile does not print, and an ignored
/// file, were said by `check` but not by `build`.
#[test]
fn build_shows_the_warnings_check_gives() {
    let project = Project::new();
    project.write("communes/notes.txt", "à faire");
    project.edit(
        "communes/ville.toml",
        "domaines   = [\"sante\", \"jeunesse\"]",
        "domaines   = [\"sante\"]",
    );
    let check = transcript(&project.run(&["check"]), 0);
    assert!(check.contains("imprimée nulle part"), "{check}");
    assert!(check.contains("notes.txt"), "{check}");
    let build = transcript(
        &project.run(&["build", "--commune", "ville", "--domaine", "sante"]),
        0,
    );
    assert!(build.contains("imprimée nulle part"), "{build}");
    assert!(build.contains("notes.txt » ignoré"), "{build}");
    assert!(project.output().join("ville").is_dir());
}

/// Point 3: an up-to-date rebuild said « 0 avertissement » although nothing
/// was fixed; each output's warnings are kept in the manifest and repeated.
#[test]
fn up_to_date_rebuild_repeats_the_warnings_unchanged() {
    let project = Project::new();
    project.edit("domaines/sante.toml", "Premier enjeu.", "Premier enjeu 🦜.");
    let args = ["build", "--domaine", "sante", "--commune", "generique"];
    let first = transcript(&project.run(&args), 0);
    assert!(
        first.contains("avertissement : caractère U+1F99C"),
        "{first}"
    );
    let second = transcript(&project.run(&args), 0);
    assert!(
        second.contains("avertissement (inchangé) : caractère U+1F99C"),
        "{second}"
    );
    assert!(!second.contains("0 avertissement"), "{second}");
    // Fixed: the warning goes.
    project.edit("domaines/sante.toml", "Premier enjeu 🦜.", "Premier enjeu.");
    let third = transcript(&project.run(&args), 0);
    assert!(!third.contains("U+1F99C"), "{third}");
}

/// Point 6: the imposed booklet `*-impression.pdf` was neither listed nor
/// counted (« 1 fichier écrit » when 2 were).
#[test]
fn impression_pdf_is_listed_and_counted() {
    let project = Project::new();
    let text = transcript(&project.run(&["build", "--atelier", "atelier-1"]), 0);
    let imposed = project.output().join("ateliers/atelier-1-impression.pdf");
    assert!(imposed.is_file(), "{text}");
    assert!(
        text.contains("écrit : output/ateliers/atelier-1-impression.pdf"),
        "{text}"
    );
    assert!(text.contains("2 fichiers écrits"), "{text}");
}

/// Point 16: French command names; « ancrage verifier » suggested
/// « surveiller ».
#[test]
fn french_command_aliases_run_and_show_in_help() {
    let project = Project::new();
    let check = transcript(&project.run(&["verifier"]), 0);
    assert!(check.contains("matériaux valides"), "{check}");
    let list = project.run(&["lister"]);
    assert_eq!(list.status.code(), Some(0));
    let help = project.run(&["--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for name in ["fabriquer", "verifier", "lister", "nouveau", "importer"] {
        assert!(help.contains(&format!("«\u{a0}{name}\u{a0}»")), "{help}");
    }
}

/// Point 18: `langue = "en"` printed English headings over French text, with
/// no warning.
#[test]
fn english_profile_over_french_texts_is_warned() {
    let project = Project::new();
    project.edit("collection.toml", "langue  = \"en\"", "langue  = \"fr\"");
    project.edit(
        "communes/ville.toml",
        "langue     = \"fr\"",
        "langue     = \"en\"",
    );
    let text = transcript(&project.run(&["check"]), 0);
    assert!(text.contains("avertissement : langue = \"en\""), "{text}");
    assert!(text.contains("communes/ville.toml:7"), "{text}");
}

/// Point 9: English leaked from the TOML parser (« a two-digit month
/// (MM) »), « erreur : erreur de syntaxe TOML » repeated its word, and a
/// single error was followed by « corrigez-les ».
#[test]
fn parser_messages_in_french_and_singular() {
    let project = Project::new();
    let date = fs::read_to_string(project.file("ateliers/atelier-1.toml")).unwrap();
    let line = date
        .lines()
        .find(|l| l.starts_with("date"))
        .expect("a date line");
    project.edit("ateliers/atelier-1.toml", line, "date = 2010-7-08");
    let text = transcript(&project.run(&["build"]), 1);
    assert!(text.contains("un mois à deux chiffres (MM)"), "{text}");
    assert!(!text.contains("two-digit"), "{text}");
    assert!(!text.contains("erreur : erreur"), "{text}");
    assert!(
        text.contains("1 erreur : aucun fichier n’a été écrit ; corrigez-la"),
        "{text}"
    );
}

/// Point 17: run from inside the materials folder, the tool looked for
/// `materials/` there and gave up.
#[test]
fn found_from_inside_the_materials_folder() {
    let project = Project::new();
    let inside = project.file("");
    let check = transcript(&project.run_in(&inside, &[], &["check"]), 0);
    assert!(check.contains("matériaux valides"), "{check}");
    let build = project.run_in(
        &inside,
        &[],
        &["build", "--domaine", "sante", "--commune", "generique"],
    );
    let text = transcript(&build, 0);
    assert!(
        project.output().join("generique/sante.pdf").is_file(),
        "{text}"
    );
    assert!(!inside.join("output").exists(), "{text}");
}

/// Point 11: an SVG logo was told « le fichier a peut-être été renommé ».
#[test]
fn svg_logo_is_said_to_be_svg() {
    let project = Project::new();
    project.write(
        "images/logos/ville.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    );
    project.edit(
        "communes/ville.toml",
        "images/logos/ville.png",
        "images/logos/ville.svg",
    );
    let text = transcript(&project.run(&["check"]), 1);
    assert!(text.contains("est au format SVG"), "{text}");
    assert!(text.contains("exportez-la en PNG"), "{text}");
    assert!(!text.contains("renommé"), "{text}");
}

/// Point 11: `nature = "Ville"` got no « commune ? ».
#[test]
fn nature_ville_suggests_commune() {
    let project = Project::new();
    project.edit(
        "communes/ville.toml",
        "nature     = \"intercommunalite\"",
        "nature     = \"Ville\"",
    );
    let text = transcript(&project.run(&["check"]), 1);
    assert!(text.contains("vouliez-vous dire « commune » ?"), "{text}");
}

/// Point 11: `--fond-perdu 3,5` was refused with a generic message.
#[test]
fn bleed_accepts_a_decimal_comma() {
    let project = Project::new();
    let args = [
        "build",
        "--domaine",
        "sante",
        "--commune",
        "generique",
        "--fond-perdu",
        "3,5",
    ];
    transcript(&project.run(&args), 0);
    assert!(project.output().join("generique/sante.pdf").is_file());
}

/// Point 12: a colleague's half-finished profile stopped every build, even
/// of another commune; it now stops only the builds that would use it.
#[test]
fn a_bad_profile_the_selection_does_not_use_does_not_block_the_build() {
    let project = Project::new();
    project.write(
        "communes/brouillon.toml",
        "nom = \"Brouillon\"\ncouleur = \"rouge\n",
    );
    let args = ["build", "--commune", "ville", "--domaine", "sante"];
    let text = transcript(&project.run(&args), 1);
    assert!(project.output().join("ville/sante.pdf").is_file(), "{text}");
    assert!(text.contains("communes/brouillon.toml"), "{text}");
    assert!(
        text.contains(
            "1 erreur dans des profils que cette fabrication n’utilise pas : corrigez-la"
        ),
        "{text}"
    );
    // Building everything, or that commune, still stops.
    let all = transcript(&project.run(&["build", "--domaine", "sante"]), 1);
    assert!(
        !project.output().join("generique/sante.pdf").exists(),
        "{all}"
    );
    let itself = ["build", "--commune", "brouillon", "--domaine", "sante"];
    transcript(&project.run(&itself), 1);
    assert!(!project.output().join("brouillon").exists());
    // An error in a shared file (a domain) stops everything.
    project.write("communes/brouillon.toml", "nom = \"Brouillon\"\n");
    project.edit(
        "domaines/sante.toml",
        "ordre       = 10",
        "ordre       = dix",
    );
    fs::remove_dir_all(project.output()).unwrap();
    let shared = transcript(&project.run(&args), 1);
    assert!(
        !project.output().join("ville/sante.pdf").exists(),
        "{shared}"
    );
}
