//! Inputs that must WORK through `ancrage build` (real binary, output in a
//! temporary folder), from `tests/fixtures/build/<case>/`: image variants
//! that phones and print shops produce, a character no font has, a 300-letter
//! word, a 2 000-character URL, a 50 000-character field, 1 000 list items, a
//! 12-page sheet; plus the output-safety cases of issue 6 (files the build did
//! not create are never touched; one failing sheet does not stop the others).
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

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `ancrage --materials <materials> build --output <out>`, timing it.
fn build(materials: &Path, out: &Path) -> Output {
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_ancrage"))
        .env("NO_COLOR", "1")
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

// ---------------------------------------------------------------------------
// Output safety.

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
    let leftovers: Vec<_> = fs::read_dir(out.join("generique"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// CRC-32 (IEEE) as used by PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    chunk.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    chunk
}

/// A 16 × 16 PNG whose header and end are right (`check` accepts it) but
/// whose pixel data holds one byte: decoding fails at build time.
fn png_without_pixels() -> Vec<u8> {
    let mut ihdr = 16u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&16u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    let idat = [
        0x78, 0x01, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x01, 0x00, 0x01,
    ];
    png.extend(png_chunk(b"IDAT", &idat));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

#[test]
fn a_sheet_that_fails_does_not_stop_the_others() {
    let dir = two_sheets();
    let root = dir.path().join("materials");
    fs::write(root.join("images/abime.png"), png_without_pixels()).unwrap();
    fs::write(
        root.join("domaines/sante.toml"),
        "titre = \"Santé\"\npictogramme = \"images/abime.png\"\nresume = \"Un chapeau.\"\n\
         enjeux = [\"Un enjeu.\"]\n",
    )
    .unwrap();
    let out = dir.path().join("sortie");
    let output = build(&root, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("n’a pas pu être fabriqué"), "{stderr}");
    assert!(stderr.contains("images/abime.png"), "{stderr}");
    // The other sheet is written and whole; the failed one is absent, not half-written.
    lopdf::Document::load(out.join("generique/eau.pdf")).expect("eau.pdf parses");
    assert!(!out.join("generique/sante.pdf").exists());
}
