//! Issue 18: what a communications officer met in a first hour with the tool,
//! each defect guarded by a test named after it. The real binary runs on a
//! temporary copy of `tests/fixtures/valid/full-featured` (domains `jeunesse`
//! and `sante`, commune `ville`, workshop `atelier-1`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

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
        common::ancrage()
            .current_dir(cwd)
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
    // Every file listed is counted: the booklet, its imposed file and the
    // kit documents that need no list of participants.
    let listed = text.lines().filter(|l| l.starts_with("écrit : ")).count();
    assert!(listed >= 2, "{text}");
    assert!(
        text.contains(&format!("{listed} fichiers écrits")),
        "{text}"
    );
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
    assert!(
        project
            .output()
            .join("generique/sante-fond-perdu.pdf")
            .is_file()
    );
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

/// Runs `check` after replacing, in `file`, the line starting with `key` by
/// `line`; the transcript (exit 1 expected).
fn check_with_line(project: &Project, file: &str, key: &str, line: &str) -> String {
    let text = fs::read_to_string(project.file(file)).unwrap();
    let old = text
        .lines()
        .find(|l| l.starts_with(key))
        .unwrap_or_else(|| panic!("{file} has a {key} line"))
        .to_string();
    project.edit(file, &old, line);
    let result = transcript(&project.run(&["check"]), 1);
    project.edit(file, line, &old);
    result
}

/// The hints of `text`, one per line, without their « aide : ».
fn hints(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("= aide : "))
        .collect()
}

/// Point 8: an unquoted date, a number with a space and `vrai` were told
/// « entourez le texte de guillemets »; followed, that advice brought
/// « sans guillemets ». The hint now says what the key expects, with what
/// was typed converted when it can be read.
#[test]
fn unquoted_values_get_the_hint_their_key_expects() {
    let project = Project::new();
    let atelier = "ateliers/atelier-1.toml";
    let date = check_with_line(&project, atelier, "date", "date = 15 mars 2027");
    assert_eq!(
        hints(&date),
        ["une date s’écrit AAAA-MM-JJ, sans guillemets : date = 2027-03-15"],
        "{date}"
    );
    let unreadable = check_with_line(&project, atelier, "date", "date = bientôt");
    assert!(
        unreadable.contains("par exemple date = 2010-07-08"),
        "{unreadable}"
    );
    let quoted = check_with_line(&project, atelier, "date", "date = \"8 juillet 2010\"");
    assert!(quoted.contains(": date = 2010-07-08"), "{quoted}");
    let number = check_with_line(
        &project,
        atelier,
        "pages_de_notes",
        "pages_de_notes = 1 000",
    );
    assert!(number.contains(": pages_de_notes = 1000"), "{number}");
    project.edit(
        "collection.toml",
        "edition = 2026-11-26",
        "edition = 2026-11-26\n\n[impression]\nniveaux_de_gris = vrai",
    );
    let boolean = transcript(&project.run(&["check"]), 1);
    assert!(boolean.contains("niveaux_de_gris = true"), "{boolean}");
    let choice = check_with_line(&project, "communes/ville.toml", "nature", "nature = Ville");
    assert!(
        choice.contains("vouliez-vous dire nature = \"commune\" ?"),
        "{choice}"
    );
    for text in [&date, &number, &boolean, &choice] {
        assert!(!text.contains("guillemets droits"), "{text}");
    }
    // Nor does the message ask for quotes.
    for text in [&date, &number, &boolean] {
        assert!(!text.contains("doit être écrit entre guillemets"), "{text}");
    }
    assert!(date.contains("erreur : date mal écrite"), "{date}");
    // The advice followed, the file is valid.
    project.edit("collection.toml", "= vrai", "= true");
    project.edit(atelier, "date           = 2010-07-08", "date = 2027-03-15");
    transcript(&project.run(&["check"]), 0);
}

/// Point 9: backticks were mixed with « » (« attendu ici : un retour à la
/// ligne ou `#` »). The rule: a French message quotes code and values with
/// « », never with backticks; every message string of src/ keeps it.
#[test]
fn no_backticks_in_messages() {
    let project = Project::new();
    let text = check_with_line(
        &project,
        "ateliers/atelier-1.toml",
        "presentation",
        "presentation = \"Une \"belle\" présentation.\"",
    );
    assert!(!text.contains('`'), "{text}");
    assert!(text.contains("«\u{a0}#\u{a0}»"), "{text}");
    let mut found = Vec::new();
    scan_string_literals(&Path::new(MANIFEST_DIR).join("src"), &mut found);
    assert!(found.is_empty(), "backticks in messages: {found:#?}");
}

/// Collects, from every `.rs` file under `dir` (tests aside), the string
/// literals holding a backtick.
fn scan_string_literals(dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scan_string_literals(&path, found);
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".rs") || name == "tests.rs" {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        // Unit tests hold data, not messages.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for literal in string_literals(code) {
            if literal.contains('`') {
                found.push(format!("{}: {literal}", path.display()));
            }
        }
    }
}

/// The string literals of Rust source, comments and characters skipped.
fn string_literals(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut literals = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\'' => {
                // A character ('"', '\'', '`') or a lifetime.
                if chars.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 2;
                }
            }
            '"' => {
                let mut literal = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        literal.push(chars[i]);
                        i += 1;
                    }
                    literal.push(chars[i]);
                    i += 1;
                }
                literals.push(literal);
            }
            _ => {}
        }
        i += 1;
    }
    literals
}

/// Point 10: the commonest mistakes had no hint, or a misleading one.
#[test]
fn commonest_mistakes_get_their_hint() {
    let project = Project::new();
    let atelier = "ateliers/atelier-1.toml";
    // Straight quotes inside a text: the line with French quotes.
    let quotes = check_with_line(
        &project,
        atelier,
        "presentation",
        "presentation = \"Une \"belle\" présentation.\"",
    );
    assert!(
        quotes.contains("presentation = \"Une «\u{a0}belle\u{a0}» présentation.\""),
        "{quotes}"
    );
    // A text continued on the next line: one error, and the triple quotes.
    let continued = check_with_line(
        &project,
        atelier,
        "presentation",
        "presentation = \"Une présentation\nsur deux lignes.\"",
    );
    assert!(
        continued.contains("presentation = \"\"\"…\"\"\""),
        "{continued}"
    );
    assert!(continued.contains("\n1 erreur"), "{continued}");
    // A decimal comma.
    let comma = check_with_line(&project, atelier, "pages_de_notes", "pages_de_notes = 12,5");
    assert!(
        comma.contains("un nombre entier est attendu ici, sans virgule : pages_de_notes = 12"),
        "{comma}"
    );
    // A Windows path: one error, the path with slashes.
    let path = check_with_line(
        &project,
        "communes/ville.toml",
        "logo",
        "logo = \"images\\logos\\ville.png\"",
    );
    assert!(path.contains("logo = \"images/logos/ville.png\""), "{path}");
    assert!(path.contains("\n1 erreur"), "{path}");
    // An accented key: one error, the key offered without accents.
    let key = check_with_line(
        &project,
        "domaines/sante.toml",
        "resume",
        "résumé = \"Un chapeau.\"",
    );
    assert!(key.contains("vouliez-vous dire « resume » ?"), "{key}");
    assert!(key.contains("\n1 erreur"), "{key}");
}

/// Point 10: a text on several lines between triple quotes works, as
/// docs/format.md now says.
#[test]
fn triple_quoted_text_on_several_lines_is_accepted() {
    let project = Project::new();
    project.edit(
        "ateliers/atelier-1.toml",
        "presentation   = \"Une présentation.\"",
        "presentation = \"\"\"Une présentation\nsur deux lignes.\"\"\"",
    );
    transcript(&project.run(&["check"]), 0);
}

/// Point 11: for a key written after a `[[table]]` and already defined at
/// the top, « déplacez la ligne au début du fichier » led to a duplicate key.
#[test]
fn trapped_key_already_defined_at_the_top_is_not_moved_there() {
    let project = Project::new();
    project.edit(
        "communes/ville.toml",
        "texte   = \"Ce que la ville fait déjà.\"",
        "texte   = \"Ce que la ville fait déjà.\"\nnom = \"Autre nom\"",
    );
    let text = transcript(&project.run(&["check"]), 1);
    assert!(
        text.contains("« nom » est déjà défini au début du fichier (ligne 2)"),
        "{text}"
    );
    assert!(!text.contains("déplacez la ligne « nom"), "{text}");
}

/// Point 11: « ancrage verifier » suggested « surveiller »; a typo or the
/// accented spelling now reaches « verifier ».
#[test]
fn verifier_typed_with_accent_or_typo_is_not_sent_to_surveiller() {
    let project = Project::new();
    let accented = transcript(&project.run(&["vérifier"]), 0);
    assert!(accented.contains("matériaux valides"), "{accented}");
    let typo = transcript(&project.run(&["verifer"]), 2);
    assert!(typo.contains("vouliez-vous dire « verifier » ?"), "{typo}");
    assert!(!typo.contains("surveiller"), "{typo}");
}

/// Point 11: « Site web », « E-mail », « Tél. » were dropped as unknown
/// columns, and a phone number that lost its leading 0 was imported as is.
#[test]
fn import_maps_usual_column_names_and_restores_a_lost_leading_zero() {
    let project = Project::new();
    let csv = project.dir.path().join("liste.csv");
    fs::write(
        &csv,
        "Nom;Site web;E-mail;Tél.\nBourg-Test;https://bourg.example;ri@bourg.example;199001234\n",
    )
    .unwrap();
    let output = project.run(&["import", "communes", csv.to_str().unwrap()]);
    let text = transcript(&output, 0);
    assert!(!text.contains("inconnue"), "{text}");
    assert!(text.contains("ligne 2, colonne « Tél. »"), "{text}");
    assert!(text.contains("01 99 00 12 34"), "{text}");
    let profile = fs::read_to_string(project.file("communes/bourg-test.toml")).unwrap();
    assert!(
        profile.contains("site = \"https://bourg.example\""),
        "{profile}"
    );
    assert!(
        profile.contains("courriel = \"ri@bourg.example\""),
        "{profile}"
    );
    assert!(
        profile.contains("telephone = \"01 99 00 12 34\""),
        "{profile}"
    );
}

/// Point 11: the page-overflow warning of a commune edition ended with the
/// placeholder « communes/<identifiant>.toml » and pointed at the domain,
/// although the commune's box made the sheet longer.
#[test]
fn page_overflow_caused_by_a_commune_points_at_its_profile() {
    let project = Project::new();
    let actions: String = (1..=40)
        .map(|i| {
            format!(
                "\n[[actions]]\ndomaine = \"sante\"\ntitre = \"Action locale n° {i}\"\ntexte = \"{}\"\n",
                "Une action de la ville, décrite longuement pour remplir l’encadré. ".repeat(4)
            )
        })
        .collect();
    let profile = fs::read_to_string(project.file("communes/ville.toml")).unwrap();
    project.write("communes/ville.toml", &(profile + &actions));
    let text = transcript(
        &project.run(&["build", "--domaine", "sante", "--commune", "ville"]),
        0,
    );
    assert!(text.contains("pages"), "{text}");
    assert!(!text.contains("<identifiant>"), "{text}");
    assert!(text.contains("--> communes/ville.toml"), "{text}");
    assert!(
        text.contains("raccourcissez-le dans communes/ville.toml"),
        "{text}"
    );
}

/// Point 13: the build printed a 50-line « Qualité typographique » table;
/// by default it now lists what it wrote (by folder beyond 20 files), the
/// warnings naming their edition, one line on the composition and the
/// totals; the table comes with --detail.
#[test]
fn calm_build_report_lists_files_and_one_composition_line() {
    let project = Project::new();
    project.edit(
        "communes/ville.toml",
        "texte   = \"Ce que la ville fait déjà.\"",
        "texte   = \"Ce que la ville fait déjà 🦜.\"",
    );
    let args = ["build", "--commune", "ville", "--domaine", "jeunesse"];
    let text = transcript(&project.run(&args), 0);
    assert!(text.contains("écrit : output/ville/jeunesse.pdf"), "{text}");
    assert!(text.contains("dans l’édition Ville"), "{text}");
    assert!(text.contains("\ncomposition : "), "{text}");
    assert!(!text.contains("Qualité typographique"), "{text}");
    let detail = transcript(
        &project.run(&[&args[..], &["--force", "--detail"]].concat()),
        0,
    );
    assert!(detail.contains("Qualité typographique"), "{detail}");
    // Beyond 20 files, counted by folder.
    for name in ["Aube", "Brie", "Cergy", "Dax", "Eze", "Fay"] {
        project.write(
            &format!("communes/{}.toml", name.to_lowercase()),
            &format!("nom = \"{name}\"\n"),
        );
    }
    let many = transcript(&project.run(&["build", "--force"]), 0);
    assert!(
        many.contains("\noutput/aube/ : 3 fichiers écrits\n"),
        "{many}"
    );
    assert!(!many.contains("écrit : output/aube/sante.pdf"), "{many}");
}

/// Point 14: `ancrage ouvrir <édition> <fiche>` opens the PDF with the
/// desktop's viewer, and prints its absolute path when there is none.
#[test]
fn ouvrir_opens_the_pdf_or_prints_its_path() {
    let project = Project::new();
    transcript(
        &project.run(&["build", "--commune", "generique", "--domaine", "sante"]),
        0,
    );
    let pdf = fs::canonicalize(project.output().join("generique/sante.pdf")).unwrap();
    // A viewer that notes what it was given.
    let bin = project.dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let seen = project.dir.path().join("seen.txt");
    let viewer = bin.join("xdg-open");
    fs::write(
        &viewer,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", seen.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&viewer, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let open = |path: &Path| {
        common::ancrage()
            .current_dir(project.dir.path())
            .env("PATH", path)
            .args(["ouvrir", "generique", "sante"])
            .output()
            .expect("the ancrage binary runs")
    };
    transcript(&open(&bin), 0);
    let given = fs::read_to_string(&seen).expect("the viewer ran");
    assert_eq!(fs::canonicalize(given).unwrap(), pdf);
    // No viewer: the absolute path, to open by hand.
    let empty = project.dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let none = open(&empty);
    let text = transcript(&none, 0);
    assert!(text.contains("aucune visionneuse"), "{text}");
    let printed = String::from_utf8_lossy(&none.stdout).trim().to_string();
    assert!(Path::new(&printed).is_absolute(), "{printed}");
    assert_eq!(fs::canonicalize(&printed).unwrap(), pdf);
    // A sheet not made yet: the closest one, or the build to run.
    let missing = transcript(&project.run(&["ouvrir", "generique", "sant"]), 2);
    assert!(
        missing.contains("vouliez-vous dire « ancrage ouvrir generique sante » ?"),
        "{missing}"
    );
}

/// Every file under `dir`, with its bytes.
fn snapshot_folder(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Point 15: `build --simulation` lists what would be written or made
/// again, and why, and writes nothing.
#[test]
fn simulation_lists_what_would_be_made_and_writes_nothing() {
    let project = Project::new();
    let args = ["build", "--commune", "generique", "--domaine", "sante"];
    let simulation = [&args[..], &["--simulation"]].concat();
    let first = project.run(&simulation);
    transcript(&first, 0);
    let listed = String::from_utf8_lossy(&first.stdout);
    assert!(
        listed.contains("à écrire : output/generique/sante.pdf (nouveau)"),
        "{listed}"
    );
    assert!(!project.output().exists());
    transcript(&project.run(&args), 0);
    let before = snapshot_folder(&project.output());
    // Up to date: nothing to make.
    let fresh = project.run(&simulation);
    assert!(transcript(&fresh, 0).contains("0 fichier serait écrit, 1 déjà à jour"));
    // A later edit of the domain.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    project.edit(
        "domaines/sante.toml",
        "Premier enjeu.",
        "Premier enjeu, revu.",
    );
    let second = project.run(&simulation);
    let text = transcript(&second, 0);
    let listed = String::from_utf8_lossy(&second.stdout);
    assert!(
        listed.contains("à refaire : output/generique/sante.pdf (domaines/sante.toml modifié)"),
        "{listed}\n{text}"
    );
    assert!(text.contains("rien n’a été écrit"), "{text}");
    assert_eq!(snapshot_folder(&project.output()), before);
}

/// Point 5: « 1er », « XXIe » were printed on the line; they are set in
/// superscript, and the PDF's text still reads « 1er », « XXIe ».
#[test]
fn ordinals_in_superscript_and_readable_text() {
    let project = Project::new();
    project.edit("collection.toml", "langue  = \"en\"", "langue  = \"fr\"");
    project.edit(
        "domaines/sante.toml",
        "Premier enjeu.",
        "Au XXIe siècle, le 1er enjeu.",
    );
    let args = ["build", "--commune", "generique", "--domaine", "sante"];
    transcript(&project.run(&args), 0);
    let pdf = project.output().join("generique/sante.pdf");
    let text = common::pdftotext(&pdf, &[]);
    assert!(text.contains("Au XXIe siècle, le 1er enjeu."), "{text}");
    // Drawn with other glyphs than the same letters on the line: the font
    // maps two glyphs to « e ».
    let document = lopdf::Document::load(&pdf).unwrap();
    let maps: Vec<String> = document
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter_map(|s| String::from_utf8(s.decompressed_content().ok()?).ok())
        .filter(|s| s.contains("beginbfchar"))
        .collect();
    let twice = maps.iter().any(|m| {
        m.lines()
            .filter(|l| l.trim_end().ends_with("<0065>"))
            .count()
            >= 2
    });
    assert!(twice, "{maps:?}");
}

/// A commune profile made by `ancrage new` whose example lines were
/// uncommented but not rewritten: `check` and `build` said nothing, because
/// the lean resolve let each profile go before the editorial checks ran,
/// and the template's « Le mot de l’élu·e… » would have printed on the
/// recueil's cover as final text.
#[test]
fn template_text_left_in_a_commune_profile_is_warned() {
    let project = Project::new();
    transcript(&project.run(&["new", "commune", "villetest"]), 0);
    let profile = "communes/villetest.toml";
    let text = fs::read_to_string(project.file(profile)).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("# texte ") && l.contains("Le mot de l’élu"))
        .expect("the template offers an édito")
        + 1;
    project.edit(profile, "# [edito]", "[edito]");
    project.edit(profile, "# texte      = \"Le mot", "texte      = \"Le mot");
    for command in [&["check"][..], &["build", "--commune", "villetest"]] {
        let out = project.run(command);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("texte laissé du modèle « ancrage new » : « Le mot de l’élu"),
            "{command:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("communes/villetest.toml:{line}:")),
            "{command:?}: {stderr}"
        );
    }
}
