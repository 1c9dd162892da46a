//! Helpers shared by the integration tests (each test file includes this
//! module with `mod common;` and uses what it needs).

#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::Command;

/// The `ancrage` binary under test, as a command to complete, colours off
/// (`NO_COLOR`; they are off anyway when stderr is not a terminal).
pub fn ancrage() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ancrage"));
    command.env("NO_COLOR", "1");
    command
}

/// Runs `ancrage build --materials <materials> --output <out> <args>` and
/// returns how it went.
pub fn run_build(materials: &Path, out: &Path, args: &[&str]) -> std::process::Output {
    ancrage()
        .arg("build")
        .arg("--materials")
        .arg(materials)
        .arg("--output")
        .arg(out)
        .args(args)
        .output()
        .unwrap()
}

/// [`run_build`], which must succeed; its standard error.
pub fn build(materials: &Path, out: &Path, args: &[&str]) -> String {
    let output = run_build(materials, out, args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "build {args:?} : {stderr}");
    stderr
}

/// The text of the PDF at `path` as `pdftotext <options> <path> -` gives it
/// (check first that the tool is there, with [`tool`]).
pub fn pdftotext(path: &Path, options: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(options)
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext {}", path.display());
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// Copies the folder `from` into `to`, recursively (a fixture into a
/// temporary folder the test may change).
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Whether the command-line tool `name` can be started; says so when it
/// cannot (`scripts/test` installs the PDF tools the tests read back with).
/// Under `CI=true` a missing tool fails the test instead, with the command
/// that installs it: a check that silently skips is not a check.
pub fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("--version").output().is_ok();
    if !found {
        missing(name, install_command(name));
    }
    found
}

/// Whether the tests run in continuous integration (`CI=true`), where every
/// checking tool must be installed.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Reports a missing checking tool: fails under `CI=true`, else says the
/// check is skipped.
pub fn missing(name: &str, install: &str) {
    assert!(
        !ci(),
        "{name} absent alors que CI=true : installez-le avec « {install} » (ou lancez scripts/test, qui le fait)"
    );
    eprintln!(
        "{name} absent : vérification sautée (installez-le avec « {install} », ou lancez scripts/test)"
    );
}

/// The command that installs the checking tool `name`.
fn install_command(name: &str) -> &'static str {
    match name {
        "pdftotext" | "pdfinfo" | "pdffonts" | "pdftoppm" => "apt-get install poppler-utils",
        "qpdf" => "apt-get install qpdf",
        "mutool" => "apt-get install mupdf-tools",
        "zbarimg" => "apt-get install zbar-tools",
        "java" => "apt-get install default-jre-headless",
        n if n.ends_with("outloud") => {
            "python3 -m venv ~/.cache/ancrage/outloud-0.2.1 && ~/.cache/ancrage/outloud-0.2.1/bin/pip install outloud==0.2.1"
        }
        _ => "scripts/test",
    }
}

/// Collapses whitespace (line ends, no-break spaces) to single spaces.
pub fn words(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{202F}' || c == '\u{A0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// CRC-32 (IEEE) as used by PNG chunks.
pub fn crc32(bytes: &[u8]) -> u32 {
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

/// One PNG chunk: length, kind, data and CRC.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    chunk.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    chunk
}

/// A PNG whose IHDR declares `width × height` RGB pixels, followed by an IDAT
/// holding one byte of pixel data (a complete zlib stream) and IEND: the header
/// is valid (`check` accepts it), but any attempt to decode the pixels fails.
pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    // zlib header, one stored block of 1 byte (0x00), Adler-32 of that byte.
    let idat = [
        0x78, 0x01, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x01, 0x00, 0x01,
    ];
    png.extend(png_chunk(b"IDAT", &idat));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

/// A run of `text` in `style`, shaped glyph per char (no kerning), so a test
/// page knows exactly where each glyph stands.
pub fn glyph_run(
    book: &ancrage::layout::fonts::FontBook,
    style: ancrage::layout::fonts::Style,
    text: &str,
    (x, y): (f32, f32),
    size: f32,
    color: ancrage::layout::document::Color,
) -> ancrage::layout::document::GlyphRun {
    let font_id = book.primary(style);
    let font = book.font(font_id);
    let face = ttf_parser::Face::parse(font.data, 0).unwrap();
    let scale = size / f32::from(font.units_per_em);
    let mut glyphs = Vec::new();
    let mut pen = 0.0;
    for (i, c) in text.char_indices() {
        let id = face.glyph_index(c).unwrap();
        let advance = f32::from(face.glyph_hor_advance(id).unwrap()) * scale;
        glyphs.push(ancrage::layout::document::PlacedGlyph {
            id: id.0,
            x: pen,
            y_offset: 0.0,
            advance,
            text_start: i as u32,
            text_end: (i + c.len_utf8()) as u32,
        });
        pen += advance;
    }
    ancrage::layout::document::GlyphRun {
        x,
        y,
        font: font_id,
        size,
        color,
        glyphs,
        text: text.into(),
        scale: 1.0,
    }
}

/// The shipped materials resolved, and an engine with their hyphenation
/// exceptions, as `ancrage build` lays them out.
pub fn shipped_materials_and_engine() -> (ancrage::resolve::Materials, ancrage::render::Engine) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let loaded = ancrage::load::load(&root).expect("shipped materials load");
    let (materials, _) = ancrage::resolve::resolve(&loaded);
    let engine = ancrage::render::Engine::new(
        ancrage::layout::fonts::FontBook::builtin(),
        materials.collection.hyphenation_exceptions(),
    );
    (materials, engine)
}

/// A copy of the materials `from` in `to`, printed on A5: the collection's
/// `papier = "A4"` (as shipped) turned to A5.
pub fn copy_as_a5(from: &Path, to: &Path) {
    copy_tree(from, to);
    let path = to.join("collection.toml");
    let collection = fs::read_to_string(&path).unwrap();
    assert!(collection.contains("papier  = \"A4\""));
    fs::write(
        &path,
        collection.replace("papier  = \"A4\"", "papier  = \"A5\""),
    )
    .unwrap();
}

/// The collection of commune `id`'s edition, laid out without a date.
pub fn commune_collection(
    engine: &mut ancrage::render::Engine,
    materials: &ancrage::resolve::Materials,
    id: &str,
) -> ancrage::build::Laid {
    let target = ancrage::build::Target::Collection {
        edition: ancrage::model::Edition::Commune(id.into()),
    };
    ancrage::build::lay_out(engine, materials, &target, None)
}
