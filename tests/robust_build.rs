//! Inputs that must WORK through `ancrage build` (real binary, output in a
//! temporary folder), from `tests/fixtures/build/<case>/`: image variants
//! that phones and print shops produce, a character no font has, a 300-letter
//! word, a 2 000-character URL, a 50 000-character field, 1 000 list items, a
//! 12-page sheet, and the 40-page cap; plus the output-safety cases of issue 6
//! (files the build did not create are never touched; one failing sheet does
//! not stop the others; a build killed midway leaves only whole PDFs; two
//! builds at once into one folder; a read-only or full output folder).
//!
//! Every PDF written is parsed back with lopdf. Each case prints its duration
//! (`cargo test --test robust_build -- --nocapture`); time is reported, never
//! asserted. Figures measured on the 2-core development machine, debug build
//! (`opt-level = 1`), all cases well under the 5 s budget of issue 6:
//! see `fuzz/README.md`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

mod common;
use common::png_declaring;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `ancrage --materials <materials> build --output <out>`, timing it.
fn build(materials: &Path, out: &Path) -> Output {
    let start = Instant::now();
    let output = common::ancrage()
        .arg("--materials")
        .arg(materials)
        .arg("build")
        .arg("--output")
        .arg(out)
        .output()
        .expect("the ancrage binary runs");
    eprintln!(
        "build {}: {:.2} s",
        materials.display(),
        start.elapsed().as_secs_f64()
    );
    output
}

/// Every PDF under `dir`, recursively.
fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).expect("output folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(pdfs(&path));
        } else if path.extension().is_some_and(|e| e == "pdf") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Builds `tests/fixtures/build/<case>`: exit 0, no panic, every PDF parses.
/// Returns stderr and the page count of the sheet `generique/<sheet>.pdf`.
fn case(name: &str, sheet: &str) -> (String, usize) {
    let materials = Path::new(MANIFEST_DIR)
        .join("tests/fixtures/build")
        .join(name);
    let out = tempfile::tempdir().expect("temporary folder");
    let output = build(&materials, out.path());
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{name}: panic\n{stderr}");
    assert_eq!(output.status.code(), Some(0), "{name}:\n{stderr}");
    let written = pdfs(out.path());
    assert!(!written.is_empty(), "{name}: no PDF\n{stderr}");
    let mut pages = None;
    for pdf in &written {
        let doc = lopdf::Document::load(pdf)
            .unwrap_or_else(|e| panic!("{}: unreadable PDF: {e}", pdf.display()));
        if pdf
            .file_name()
            .is_some_and(|n| n == format!("{sheet}.pdf").as_str())
        {
            pages = Some(doc.get_pages().len());
        }
    }
    let pages = pages.unwrap_or_else(|| panic!("{name}: no {sheet}.pdf in {written:?}"));
    (stderr, pages)
}

#[test]
fn cmyk_16_bit_palette_interlaced_and_progressive_images_build() {
    let (stderr, _) = case("image-variants", "images");
    assert!(!stderr.contains("erreur"), "{stderr}");
}

#[test]
fn a_character_no_font_has_is_a_warning_naming_file_field_and_code_point() {
    let (stderr, _) = case("missing-glyph", "glyphes");
    assert!(stderr.contains("U+1F980"), "{stderr}");
    assert!(stderr.contains("domaines/glyphes.toml"), "{stderr}");
    // Located at the field that holds it (the summary, line 2).
    assert!(stderr.contains("glyphes.toml:2:"), "{stderr}");
    // Tifinagh is covered by Noto Sans Tifinagh: no warning for it.
    assert!(!stderr.contains("U+2D63"), "{stderr}");
}

#[test]
fn a_300_letter_word_and_a_2000_character_url_build() {
    case("long-word-and-url", "longs");
}

#[test]
fn a_50000_character_field_builds() {
    case("huge-field", "champ");
}

#[test]
fn a_thousand_list_items_build() {
    case("thousand-items", "liste");
}

#[test]
fn a_twelve_page_sheet_builds_with_a_warning_naming_it() {
    let (stderr, pages) = case("twelve-pages", "longue");
    assert!(pages >= 12, "{pages} pages\n{stderr}");
    assert!(stderr.contains("domaines/longue.toml"), "{stderr}");
    assert!(stderr.contains(&format!("fait {pages} pages")), "{stderr}");
}

#[test]
fn a_warning_repeated_for_every_commune_is_printed_once_naming_them() {
    // The 34 900-commune build printed « fait 3 pages » 2 427 times, once
    // per edition.
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("materials");
    let fixture = Path::new(MANIFEST_DIR).join("tests/fixtures/build/twelve-pages");
    fs::create_dir_all(root.join("domaines")).unwrap();
    fs::create_dir_all(root.join("communes")).unwrap();
    for file in ["collection.toml", "domaines/longue.toml"] {
        fs::copy(fixture.join(file), root.join(file)).unwrap();
    }
    for name in ["Aube", "Brie", "Cergy", "Dax", "Eze"] {
        let id = name.to_lowercase();
        fs::write(
            root.join(format!("communes/{id}.toml")),
            format!("nom = \"{name}\"\n"),
        )
        .unwrap();
    }
    let output = build(&root, &dir.path().join("output"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let warnings: Vec<_> = stderr
        .lines()
        .filter(|l| l.starts_with("avertissement"))
        .collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    // The generic edition apart; the five communes in one warning.
    assert!(!warnings[0].contains("édition"), "{stderr}");
    assert!(
        warnings[1].ends_with("dans les éditions Aube, Brie, Cergy et 2 autres"),
        "{stderr}"
    );
    assert!(stderr.contains(", 2 avertissements,"), "{stderr}");
}

/// `build` pointed a broken `<span>` at the start of the whole value, where
/// `check` points at the tag.
#[test]
fn a_broken_span_is_pointed_at_as_check_points_at_it() {
    let dir = two_sheets();
    let root = dir.path().join("materials");
    fs::write(
        root.join("domaines/eau.toml"),
        "titre = \"Eau\"\nresume = \"Un chapeau avec <span lang='en'>One Health sans fin.\"\n\
         enjeux = [\"Un enjeu <span>sans langue</span>.\"]\n",
    )
    .unwrap();
    let check = common::ancrage()
        .arg("--materials")
        .arg(&root)
        .arg("check")
        .output()
        .unwrap();
    let checked = String::from_utf8_lossy(&check.stderr);
    let output = build(&root, &dir.path().join("sortie"));
    let built = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{built}");
    for place in ["domaines/eau.toml:2:27", "domaines/eau.toml:3:21"] {
        assert!(checked.contains(place), "check: {checked}");
        assert!(built.contains(place), "build: {built}");
    }
}

// ---------------------------------------------------------------------------
// Output safety.

/// Builds `root` into `out`, expecting exit 1 (an output refused) and no
/// panic; returns stderr.
fn failed_build(root: &Path, out: &Path) -> String {
    let output = build(root, out);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    stderr
}

/// An interrupted or failed write leaves no `.tmp` file in `folder`.
fn assert_no_temporary_file(folder: &Path) {
    let leftovers: Vec<_> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A valid materials folder with two sheets in a new temporary folder.
fn two_sheets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("materials");
    fs::create_dir_all(root.join("domaines")).unwrap();
    fs::create_dir_all(root.join("images")).unwrap();
    fs::write(root.join("collection.toml"), "titre = \"Collection\"\n").unwrap();
    for (id, title) in [("eau", "Eau"), ("sante", "Santé")] {
        fs::write(
            root.join(format!("domaines/{id}.toml")),
            format!("titre = \"{title}\"\nresume = \"Un chapeau.\"\nenjeux = [\"Un enjeu.\"]\n"),
        )
        .unwrap();
    }
    dir
}

#[test]
fn files_the_build_did_not_create_are_never_touched() {
    let dir = two_sheets();
    let out = dir.path().join("sortie");
    fs::create_dir_all(out.join("generique")).unwrap();
    let foreign = [
        (out.join("notes.txt"), b"mes notes".to_vec()),
        (
            out.join("ancienne-fiche.pdf"),
            b"%PDF-1.7 pas a nous".to_vec(),
        ),
        (out.join("generique/brouillon.pdf"), b"brouillon".to_vec()),
    ];
    for (path, bytes) in &foreign {
        fs::write(path, bytes).unwrap();
    }
    let before: Vec<_> = foreign
        .iter()
        .map(|(p, _)| fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    for _ in 0..2 {
        let output = build(&dir.path().join("materials"), &out);
        assert!(output.status.success(), "{output:?}");
    }
    for ((path, bytes), modified) in foreign.iter().zip(before) {
        assert_eq!(&fs::read(path).unwrap(), bytes, "{}", path.display());
        assert_eq!(fs::metadata(path).unwrap().modified().unwrap(), modified);
    }
    assert!(out.join("generique/eau.pdf").is_file());
    // No temporary file is left behind.
    assert_no_temporary_file(&out.join("generique"));
}

#[test]
fn a_sheet_that_fails_does_not_stop_the_others() {
    let dir = two_sheets();
    let root = dir.path().join("materials");
    fs::write(root.join("images/abime.png"), png_declaring(16, 16)).unwrap();
    fs::write(
        root.join("domaines/sante.toml"),
        "titre = \"Santé\"\npictogramme = \"images/abime.png\"\nresume = \"Un chapeau.\"\n\
         enjeux = [\"Un enjeu.\"]\n",
    )
    .unwrap();
    let out = dir.path().join("sortie");
    let stderr = failed_build(&root, &out);
    assert!(stderr.contains("n’a pas pu être fabriqué"), "{stderr}");
    assert!(stderr.contains("images/abime.png"), "{stderr}");
    // The other sheet is written and whole; the failed one is absent, not half-written.
    lopdf::Document::load(out.join("generique/eau.pdf")).expect("eau.pdf parses");
    assert!(!out.join("generique/sante.pdf").exists());
}

#[test]
fn a_sheet_beyond_forty_pages_is_an_error_and_is_not_written() {
    let dir = two_sheets();
    let root = dir.path().join("materials");
    // 4 000 list items: about 48 pages (the 1 000 items of the catalogue take 12).
    let items: Vec<String> = (1..=4000)
        .map(|i| format!("  \"Enjeu numéro {i}.\",\n"))
        .collect();
    fs::write(
        root.join("domaines/enorme.toml"),
        format!(
            "titre = \"Énorme\"\nresume = \"Une liste sans fin.\"\nenjeux = [\n{}]\n",
            items.concat()
        ),
    )
    .unwrap();
    let out = dir.path().join("sortie");
    let stderr = failed_build(&root, &out);
    assert!(stderr.contains("au-delà de 40 pages"), "{stderr}");
    assert!(stderr.contains("domaines/enorme.toml"), "{stderr}");
    assert!(!out.join("generique/enorme.pdf").exists());
    // The collection holds the sheet: refused too. The other sheets are made.
    assert!(!out.join("generique/recueil.pdf").exists());
    lopdf::Document::load(out.join("generique/eau.pdf")).expect("eau.pdf parses");
}

/// `ancrage build` of the shipped materials, started in the background.
fn spawn_shipped_build(out: &Path, extra: &[&str]) -> std::process::Child {
    common::ancrage()
        .current_dir(MANIFEST_DIR)
        .arg("build")
        .args(extra)
        .arg("--output")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the ancrage binary runs")
}

#[test]
fn a_build_killed_midway_leaves_only_whole_pdfs() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sortie");
    // One thread, so that the kill lands while most files are still to come.
    // With --detail, each file is listed as it is written.
    let mut child = spawn_shipped_build(&out, &["--jobs", "1", "--detail"]);
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut written = 0;
    for line in stderr.lines() {
        if line.unwrap().starts_with("écrit :") {
            written += 1;
            if written == 3 {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let found = pdfs(&out);
    assert!(found.len() >= 3, "{found:?}");
    assert!(
        found.len() < 81,
        "the build finished before the kill: {found:?}"
    );
    for pdf in &found {
        lopdf::Document::load(pdf)
            .unwrap_or_else(|e| panic!("{}: truncated or corrupt: {e}", pdf.display()));
    }
    // The next build completes what was interrupted.
    let output = spawn_shipped_build(&out, &[]).wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(pdfs(&out).len(), 86);
}

/// A build killed while writing left `.<name>.<pid>.tmp` files behind for
/// good.
#[test]
fn temporaries_left_by_a_killed_build_are_removed_by_the_next() {
    let dir = two_sheets();
    let (root, out) = (dir.path().join("materials"), dir.path().join("sortie"));
    let folder = out.join("generique");
    fs::create_dir_all(&folder).unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let orphan = folder.join(".eau.pdf.4242.tmp");
    let manifest_orphan = out.join("..ancrage-manifeste.json.4242.tmp");
    for path in [&orphan, &manifest_orphan] {
        let file = fs::File::create(path).unwrap();
        file.set_modified(an_hour_ago).unwrap();
    }
    // Being written by another build right now: young, kept.
    let live = folder.join(".sante.pdf.4343.tmp");
    fs::write(&live, b"%PDF-").unwrap();
    // Not the build's: kept whatever its age.
    let theirs = folder.join(".brouillon.tmp");
    fs::File::create(&theirs)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    let output = build(&root, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!orphan.exists() && !manifest_orphan.exists(), "{stderr}");
    assert!(live.exists() && theirs.exists());
    assert!(
        stderr.contains("note : 2 fichiers temporaires d’une fabrication interrompue supprimés"),
        "{stderr}"
    );
}

#[test]
fn two_builds_at_once_into_one_folder_write_whole_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let (shared, alone) = (dir.path().join("commun"), dir.path().join("seul"));
    let args = ["--commune", "generique", "--force"];
    let first = spawn_shipped_build(&shared, &args);
    let second = spawn_shipped_build(&shared, &args);
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let output = spawn_shipped_build(&alone, &args)
        .wait_with_output()
        .unwrap();
    assert!(output.status.success());
    let (together, reference) = (pdfs(&shared), pdfs(&alone));
    assert_eq!(together.len(), reference.len());
    for (a, b) in together.iter().zip(&reference) {
        assert_eq!(
            fs::read(a).unwrap(),
            fs::read(b).unwrap(),
            "{} differs from a build run alone",
            a.display()
        );
    }
    let manifest = fs::read(shared.join(".ancrage-manifeste.json")).unwrap();
    serde_json::from_slice::<serde_json::Value>(&manifest).expect("the manifest is whole JSON");
    assert_no_temporary_file(&shared.join("generique"));
}

/// A small tmpfs mounted for one test, unmounted when dropped; `None` where
/// mounting is not allowed (not root, or a container without the right).
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, options: &str) -> Option<Mount> {
        fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("mount -t tmpfs impossible ici : vérification sautée");
        }
        ok.then(|| Mount(at.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
    }
}

#[test]
fn a_read_only_or_full_output_folder_is_a_clear_error_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let Some(read_only) = Mount::tmpfs(&dir.path().join("ro"), "size=1m,ro") else {
        return;
    };
    let args = ["--commune", "generique", "--domaine", "jeunesse"];
    let output = spawn_shipped_build(&read_only.0.join("sortie"), &args)
        .wait_with_output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("lecture seule"), "{stderr}");
    assert!(stderr.contains("--output"), "{stderr}");

    // Room for one sheet (about 40 KB) but not two.
    let Some(full) = Mount::tmpfs(&dir.path().join("plein"), "size=60k") else {
        return;
    };
    let args = [
        "--commune",
        "generique",
        "--domaine",
        "jeunesse",
        "--domaine",
        "sante",
        "--jobs",
        "1",
    ];
    let out = full.0.join("sortie");
    let output = spawn_shipped_build(&out, &args).wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("le disque est plein"), "{stderr}");
    for pdf in pdfs(&out) {
        lopdf::Document::load(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
    }
    assert_no_temporary_file(&out.join("generique"));
}
