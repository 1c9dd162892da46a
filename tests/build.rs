//! `ancrage build` on the shipped materials, through the real binary, into a
//! temporary folder: the PDFs are parsed back (lopdf) and, where installed,
//! checked with poppler (`pdftotext`, `pdffonts`) and `qpdf --check`.
//!
//! The builds are limited to one edition or a few sheets so the suite stays
//! quick; the whole default build is exercised by `docs/performance.md`'s
//! harness and by hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::{Document, Object};

mod common;
use common::tool;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `ancrage build <args> --output <out>` on the shipped materials.
fn build(out: &Path, args: &[&str]) -> Output {
    let output = common::ancrage()
        .current_dir(MANIFEST_DIR)
        .arg("build")
        .args(args)
        .arg("--output")
        .arg(out)
        .output()
        .expect("the ancrage binary runs");
    assert!(
        output.status.success(),
        "build {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

/// Text of a PDF as `pdftotext` gives it, in reading order (`-raw`).
fn pdftotext(path: &Path) -> Option<String> {
    tool("pdftotext").then(|| common::pdftotext(path, &["-raw", "-enc", "UTF-8"]))
}

/// Text with line breaks and hyphenation undone, spaces normalised, for
/// searching sentences.
fn flat(text: &str) -> String {
    // A hyphen ending a line is the line breaker's: join the word.
    let joined = text.replace("-\n", "").replace('\n', " ");
    joined
        .replace(['\u{202F}', '\u{00A0}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Info dictionary entry as a Rust string (UTF-16BE with BOM, or PDFDoc).
fn info(doc: &Document, key: &[u8]) -> Option<String> {
    let id = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let bytes = doc.get_dictionary(id).ok()?.get(key).ok()?.as_str().ok()?;
    Some(decode_text(bytes))
}

fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// The outline tree as (depth, title) in order.
fn outlines(doc: &Document) -> Vec<(usize, String)> {
    fn walk(
        doc: &Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let Ok(item) = doc.get_dictionary(id) else {
                break;
            };
            let title = item
                .get(b"Title")
                .and_then(Object::as_str)
                .map(decode_text)
                .unwrap_or_default();
            out.push((depth, title));
            let child = item.get(b"First").and_then(Object::as_reference).ok();
            walk(doc, child, depth + 1, out);
            next = item.get(b"Next").and_then(Object::as_reference).ok();
        }
    }
    let mut out = Vec::new();
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| o.as_reference().ok())
        .and_then(|id| doc.get_dictionary(id).ok());
    if let Some(root) = root {
        walk(
            doc,
            root.get(b"First").and_then(Object::as_reference).ok(),
            0,
            &mut out,
        );
    }
    out
}

/// URIs of the link annotations, page by page.
fn uris(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for page in doc.get_pages().into_values() {
        for annot in doc.get_page_annotations(page).unwrap_or_default() {
            if let Ok(action) = annot.get(b"A").and_then(|a| match a {
                Object::Reference(id) => doc.get_dictionary(*id),
                Object::Dictionary(d) => Ok(d),
                _ => Err(lopdf::Error::DictKey("A".into())),
            }) && let Ok(uri) = action.get(b"URI").and_then(Object::as_str)
            {
                out.push(String::from_utf8_lossy(uri).into_owned());
            }
        }
    }
    out
}

#[test]
fn a_commune_edition_builds_with_fonts_metadata_links_and_text() {
    let out = tempfile::tempdir().unwrap();
    build(
        out.path(),
        &["--commune", "exempleville", "--domaine", "jeunesse"],
    );
    let path = out.path().join("exempleville/jeunesse.pdf");
    let bytes = std::fs::read(&path).expect("the sheet is written");
    assert!(bytes.starts_with(b"%PDF-1.7"), "PDF 1.7 header");
    let doc = Document::load_mem(&bytes).unwrap();

    // Pages, metadata, language.
    let pages = doc.get_pages().len();
    assert!((2..=3).contains(&pages), "{pages} pages");
    assert_eq!(
        info(&doc, b"Title").as_deref(),
        Some("Jeunesse — Ancrer la solidarité internationale dans les territoires — Exempleville")
    );
    assert_eq!(info(&doc, b"Author").as_deref(), Some("Exempleville"));
    assert!(info(&doc, b"Creator").unwrap().starts_with("ancrage "));
    assert!(
        info(&doc, b"Keywords")
            .unwrap()
            .contains("mobilité internationale")
    );
    let catalog = doc.catalog().unwrap();
    let lang = catalog.get(b"Lang").and_then(Object::as_str).unwrap();
    assert_eq!(lang, b"fr-FR");

    // Bookmarks: the sheet, then its sections one level down.
    let outline = outlines(&doc);
    assert_eq!(outline.first(), Some(&(0, "Jeunesse".to_string())));
    assert!(
        outline.iter().any(|(d, t)| *d == 1 && t == "Les enjeux"),
        "{outline:?}"
    );

    // Every resource of « Pour aller plus loin » is a clickable link.
    let uris = uris(&doc);
    for url in [
        "https://www.service-civique.gouv.fr/comprendre-le-service-civique/organismes-agrees",
        "https://ofaj.org/les-axes-prioritaires-de-lofaj/les-jumelages-et-les-partenariats-regionaux-un-fondement-de-lofaj",
    ] {
        assert!(
            uris.iter().any(|u| u.trim_end_matches('/') == url),
            "{url} in {uris:?}"
        );
    }

    // The commune's customisation: its résumé override and its box.
    if let Some(text) = pdftotext(&path) {
        let text = flat(&text);
        assert!(
            text.contains("À Exempleville, la jeunesse est au cœur de la coopération"),
            "the résumé override is applied:\n{text}"
        );
        assert!(text.contains("À Exempleville"), "the commune box is there");
        assert!(
            text.contains("Mal préparée, elle peut conforter les clichés ou tourner au tourisme humanitaire : la qualité de l’accompagnement est décisive"),
            "a paragraph of « Les enjeux » comes back exactly:\n{text}"
        );
        assert!(
            text.contains("« ") || !text.contains('"'),
            "no straight quotes"
        );
    }

    // Fonts embedded, subset, with ToUnicode.
    if tool("pdffonts") {
        let listing = Command::new("pdffonts").arg(&path).output().unwrap();
        let listing = String::from_utf8(listing.stdout).unwrap();
        let rows: Vec<&str> = listing.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{listing}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
            assert!(cols[0].chars().nth(6) == Some('+'), "subset tag in {row}");
        }
    }
    if tool("qpdf") {
        let status = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stdout)
        );
    }
}

#[test]
fn the_generic_edition_has_no_commune_box() {
    let out = tempfile::tempdir().unwrap();
    build(
        out.path(),
        &["--commune", "generique", "--domaine", "jeunesse"],
    );
    let path = out.path().join("generique/jeunesse.pdf");
    if let Some(text) = pdftotext(&path) {
        let text = flat(&text);
        assert!(!text.contains("Exempleville"), "{text}");
        assert!(text.contains("Une expérience internationale bien préparée"));
    }
    let doc = Document::load_mem(&std::fs::read(&path).unwrap()).unwrap();
    assert!(info(&doc, b"Author").is_none_or(|a| a != "Exempleville"));
}

#[test]
fn output_is_byte_identical_across_builds_and_job_counts() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build(a.path(), &["--commune", "exempleville", "--jobs", "1"]);
    build(b.path(), &["--commune", "exempleville", "--jobs", "2"]);
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "same files"
    );
    assert!(
        fa.len() >= 9,
        "every sheet of the edition and its collection: {:?}",
        fa.keys()
    );
    for (name, bytes) in &fa {
        assert!(
            bytes == &fb[name],
            "{} differs between --jobs 1 and 2",
            name.display()
        );
    }
}

#[test]
fn the_collection_nests_bookmarks_and_starts_sheets_on_odd_pages() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), &["--commune", "exempleville"]);
    let path = out.path().join("exempleville/recueil.pdf");
    let doc = Document::load_mem(&std::fs::read(&path).unwrap()).unwrap();
    let outline = outlines(&doc);
    // Sheets one level under the collection, their sections one more.
    assert!(
        outline.iter().any(|(d, t)| *d == 1 && t == "Jeunesse"),
        "{outline:?}"
    );
    assert!(
        outline.iter().any(|(d, t)| *d == 2 && t == "Les enjeux"),
        "{outline:?}"
    );
    if let Some(text) = pdftotext(&path) {
        // Each sheet's first page: odd numbers only in the running footers.
        for page in text.split('\u{c}') {
            if page.contains("Les enjeux")
                && let Some(n) = page
                    .split("page ")
                    .filter_map(|s| s.split(" / ").next()?.trim().parse::<usize>().ok())
                    .next()
            {
                assert_eq!(n % 2, 1, "a sheet starts on page {n}");
            }
        }
    }
}

#[test]
fn the_workshop_booklet_and_its_imposed_file() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), &["--atelier", "atelier-7-2010"]);
    let booklet = out.path().join("ateliers/atelier-7-2010.pdf");
    let imposed = out.path().join("ateliers/atelier-7-2010-impression.pdf");
    let doc = Document::load_mem(&std::fs::read(&booklet).unwrap()).unwrap();
    let pages = doc.get_pages();
    let n = pages.len();
    assert_eq!(n % 4, 0, "{n} pages: a multiple of four");
    // A5 pages.
    let first = doc.get_dictionary(pages[&1]).unwrap();
    let media = first.get(b"MediaBox").unwrap().as_array().unwrap();
    let width = media[2].as_float().unwrap();
    assert!((width - 419.53).abs() < 1.0, "A5 width, got {width}");

    let sheets = Document::load_mem(&std::fs::read(&imposed).unwrap()).unwrap();
    assert_eq!(sheets.get_pages().len(), n / 2, "two A5 pages per A4 side");
    if let Some(text) = pdftotext(&booklet) {
        let text = flat(&text);
        assert!(text.contains("jeudi 8 juillet 2010"), "{text}");
        assert!(text.contains("Intervenants"));
    }
    // Side 1 of the imposed file holds the last page on the left and the
    // cover on the right: pdftotext reads the left half first.
    if let Some(text) = pdftotext(&imposed) {
        let first_side = text.split('\u{c}').next().unwrap();
        let cover = first_side.find("jeudi 8 juillet 2010");
        assert!(
            cover.is_some(),
            "the cover is on the first side:\n{first_side}"
        );
        let second_side = text.split('\u{c}').nth(1).unwrap();
        assert!(
            second_side.contains(&format!("page 2 / {n}")),
            "{second_side}"
        );
        assert!(
            second_side.contains(&format!("page {} / {n}", n - 1)),
            "{second_side}"
        );
    }
}

#[test]
fn build_refuses_materials_with_errors_and_writes_nothing() {
    let materials = tempfile::tempdir().unwrap();
    std::fs::write(materials.path().join("collection.toml"), "titre = 3\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = common::ancrage()
        .arg("--materials")
        .arg(materials.path())
        .arg("build")
        .arg("--output")
        .arg(out.path().join("pdf"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("aucun fichier n’a été écrit"), "{stderr}");
    assert!(!out.path().join("pdf").exists());
}

#[test]
fn an_unknown_commune_is_named_with_a_suggestion() {
    let out = tempfile::tempdir().unwrap();
    let output = common::ancrage()
        .current_dir(MANIFEST_DIR)
        .args(["build", "--commune", "exempelville", "--output"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("« exempleville »"), "{stderr}");
}

#[test]
fn grayscale_output_has_no_rgb_colour() {
    let out = tempfile::tempdir().unwrap();
    build(
        out.path(),
        &[
            "--commune",
            "exempleville",
            "--domaine",
            "jeunesse",
            "--niveaux-de-gris",
        ],
    );
    let doc = Document::load_mem(
        &std::fs::read(out.path().join("exempleville/jeunesse-gris.pdf")).unwrap(),
    )
    .unwrap();
    for page in doc.get_pages().into_values() {
        let content = doc.get_page_content(page);
        let ops = lopdf::content::Content::decode(&content)
            .unwrap()
            .operations;
        for op in ops {
            assert!(
                !["rg", "RG", "sc", "SC", "scn", "SCN", "k", "K"].contains(&op.operator.as_str()),
                "colour operator {} in grayscale output",
                op.operator
            );
        }
    }
    for object in doc.objects.values() {
        if let Ok(stream) = object.as_stream()
            && stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
        {
            let space = stream
                .dict
                .get(b"ColorSpace")
                .and_then(Object::as_name)
                .unwrap();
            assert_eq!(space, b"DeviceGray");
        }
    }
}

#[test]
fn bleed_grows_the_media_box_around_the_trim_box() {
    let out = tempfile::tempdir().unwrap();
    build(
        out.path(),
        &[
            "--commune",
            "generique",
            "--domaine",
            "jeunesse",
            "--fond-perdu",
            "3",
            "--traits-de-coupe",
        ],
    );
    let doc = Document::load_mem(
        &std::fs::read(out.path().join("generique/jeunesse-fond-perdu.pdf")).unwrap(),
    )
    .unwrap();
    let page = doc.get_dictionary(doc.get_pages()[&1]).unwrap();
    let read = |key: &[u8]| -> Vec<f32> {
        page.get(key)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect()
    };
    let (media, bleed, trim) = (read(b"MediaBox"), read(b"BleedBox"), read(b"TrimBox"));
    let bleed_pt = 3.0 * 72.0 / 25.4;
    assert!((trim[2] - trim[0] - 595.28).abs() < 0.1, "A4 trim {trim:?}");
    assert!(
        (bleed[0] - (trim[0] - bleed_pt)).abs() < 0.05,
        "{bleed:?} {trim:?}"
    );
    assert!(
        (bleed[3] - (trim[3] + bleed_pt)).abs() < 0.05,
        "{bleed:?} {trim:?}"
    );
    // Crop marks live outside the bleed: the media box is larger still.
    assert!(
        media[0] < bleed[0] && media[2] > bleed[2],
        "{media:?} {bleed:?}"
    );
}
