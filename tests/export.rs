//! The export stage: a golden file of a tiny hand-built page, a shipped sheet parsed
//! back with lopdf and checked with poppler and qpdf when installed, determinism
//! across runs and threads, and image embedding.

use std::path::{Path, PathBuf};
use std::process::Command;

use ancrage::export::{self, Metadata, Options};
use ancrage::layout::document::{
    Bookmark, Color, Content, Document, GlyphRun, ImageRef, Item, Page, Role, Structure, Tag,
};
use ancrage::layout::fonts::{FontBook, Style};
use ancrage::model::Language;
use ancrage::{load, render, resolve};
use lopdf::Object;

mod common;
use common::{tool, words};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn meta(title: &str) -> Metadata {
    Metadata {
        title: title.into(),
        author: Some("Ville d’Exemple".into()),
        subject: None,
        keywords: vec!["jeunesse".into(), "mobilité".into()],
        lang: "fr-FR".into(),
        date: Some((2025, 3, 7)),
    }
}

/// A run of `text` in the regular font, shaped glyph per char (no kerning).
fn run(book: &FontBook, text: &str, x: f32, y: f32, size: f32) -> GlyphRun {
    common::glyph_run(
        book,
        Style::REGULAR,
        text,
        (x, y),
        size,
        Color::rgb(0x1B, 0x7F, 0x79),
    )
}

/// One page: a heading run, a rounded panel, a rule and a link.
fn tiny(book: &FontBook) -> Document {
    let mut structure = Structure::new();
    let root = structure.root();
    let p = structure.add(root, Role::P);
    let link = structure.add(
        p,
        Role::Link {
            target: "https://example.org/".into(),
        },
    );
    let items = vec![
        Item {
            content: Content::Rect {
                x: 10.0,
                y: 10.0,
                w: 180.0,
                h: 50.0,
                fill: Some(Color::rgb(0xEE, 0xF5, 0xF4)),
                stroke: Some((Color::rgb(0x1B, 0x7F, 0x79), 0.5)),
                radius: 4.0,
            },
            tag: Tag::Artifact,
        },
        Item {
            content: Content::Text(run(book, "Été ", 20.0, 30.0, 12.0)),
            tag: Tag::Content(p),
        },
        Item {
            content: Content::Text(run(book, "ok", 20.0, 45.0, 12.0)),
            tag: Tag::Content(link),
        },
        Item {
            content: Content::Line {
                from: (10.0, 70.0),
                to: (190.0, 70.0),
                color: Color::BLACK,
                width: 0.25,
            },
            tag: Tag::Artifact,
        },
        Item {
            content: Content::Link {
                x: 20.0,
                y: 36.0,
                w: 15.0,
                h: 12.0,
                target: "https://example.org/".into(),
            },
            tag: Tag::Content(link),
        },
    ];
    Document {
        pages: vec![Page {
            width: 200.0,
            height: 100.0,
            items,
            footer: 0,
        }],
        structure,
        bookmarks: vec![Bookmark {
            title: "Été".into(),
            page: 0,
            y: 20.0,
            level: 0,
        }],
        ..Document::default()
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01B3)
    })
}

/// The PDF as text, binary streams (font programs) replaced by their length and hash.
fn readable(pdf: &[u8]) -> String {
    let mut out = Vec::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream\n") {
        let (head, tail) = rest.split_at(start + 7);
        out.extend_from_slice(head);
        let end = find(tail, b"endstream").unwrap();
        let body = &tail[..end];
        if body
            .iter()
            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
        {
            out.extend_from_slice(body);
        } else {
            out.extend_from_slice(
                format!("<{} bytes, fnv {:016x}>\n", body.len(), fnv(body)).as_bytes(),
            );
        }
        rest = &tail[end..];
    }
    out.extend_from_slice(rest);
    String::from_utf8_lossy(&out).into_owned()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn tiny_page_golden() {
    let book = FontBook::builtin();
    let doc = tiny(&book);
    let out = export::export(
        &doc,
        &book,
        &meta("Été à Paris"),
        &Options {
            compress: false,
            ..Options::default()
        },
    )
    .unwrap();
    insta::assert_snapshot!(readable(&out.bytes));
}

/// Lays out a shipped sheet with its metadata.
fn shipped(domain: &str) -> (Document, Metadata) {
    let loaded = load::load(&manifest_dir().join("materials")).expect("materials");
    let (materials, _) = resolve::resolve(&loaded);
    let sheet = materials.domain(domain).expect("domain");
    let mut engine = render::Engine::new(FontBook::builtin(), &[]);
    let laid = render::sheet(
        &mut engine,
        &materials,
        sheet,
        ancrage::resolve::LoadedEdition::Generic,
    );
    let c = laid.composed;
    let meta = Metadata {
        title: c.title,
        author: c.author,
        subject: c.subject,
        keywords: c.keywords,
        lang: match c.language {
            Language::French => "fr-FR".into(),
            Language::English => "en".into(),
        },
        date: Some((2025, 1, 15)),
    };
    (laid.document, meta)
}

fn dict<'a>(pdf: &'a lopdf::Document, obj: &'a Object) -> &'a lopdf::Dictionary {
    match obj {
        Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn utf16(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(rest) => String::from_utf16(
            &rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        None => String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

#[test]
fn shipped_sheet_parses_back() {
    let (mut doc, meta) = shipped("dechets-economie-circulaire");
    // A sheet's headings are bookmarks of level 1; the collection puts the sheet
    // title above them at level 0, as done here.
    doc.bookmarks.insert(
        0,
        Bookmark {
            title: meta.title.clone(),
            page: 0,
            y: 0.0,
            level: 0,
        },
    );
    let book = FontBook::builtin();
    let out = export::export(&doc, &book, &meta, &Options::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    assert!(out.bytes.starts_with(b"%PDF-1.7"));
    assert_eq!(pdf.get_pages().len(), doc.pages.len());

    // Fonts: subset tag, font program, ToUnicode.
    let mut fonts = 0;
    for obj in pdf.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        fonts += 1;
        let name = d.get(b"BaseFont").unwrap().as_name().unwrap();
        assert_eq!(name[6], b'+', "{}", String::from_utf8_lossy(name));
        assert!(name[..6].iter().all(u8::is_ascii_uppercase));
        assert!(d.has(b"ToUnicode"));
        let kids = d.get(b"DescendantFonts").unwrap().as_array().unwrap();
        let cid = dict(&pdf, &kids[0]);
        let descriptor = dict(&pdf, cid.get(b"FontDescriptor").unwrap());
        assert!(descriptor.has(b"FontFile3") || descriptor.has(b"FontFile2"));
    }
    assert!(fonts >= 2);

    // Catalog and Info.
    let catalog = pdf.catalog().unwrap();
    assert_eq!(
        catalog.get(b"Lang").unwrap().as_str().unwrap(),
        b"fr-FR".as_slice()
    );
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines".as_slice()
    );
    let info = dict(&pdf, pdf.trailer.get(b"Info").unwrap());
    let title = utf16(info.get(b"Title").unwrap().as_str().unwrap());
    assert_eq!(title, meta.title);
    assert!(!title.is_ascii(), "{title}");
    assert!(!info.has(b"GTS_PDFXVersion"));

    // Outlines nest as the bookmark levels do.
    assert!(doc.bookmarks.iter().any(|b| b.level > 0));
    let outlines = dict(&pdf, catalog.get(b"Outlines").unwrap());
    let mut item = Some(dict(&pdf, outlines.get(b"First").unwrap()));
    let mut nested = 0;
    while let Some(d) = item {
        if d.has(b"First") {
            nested += 1;
            assert!(d.get(b"Count").unwrap().as_i64().unwrap() > 0);
        }
        item = d.get(b"Next").ok().map(|n| dict(&pdf, n));
    }
    assert_eq!(nested, 1, "the title holds the headings");
    assert_eq!(
        outlines.get(b"Count").unwrap().as_i64().unwrap(),
        doc.bookmarks.len() as i64
    );

    // URI links with their /Contents.
    let mut uris = 0;
    for page in pdf.get_pages().values() {
        for annot in pdf.get_page_annotations(*page).unwrap_or_default() {
            assert!(annot.has(b"Contents"));
            if let Ok(a) = annot.get(b"A") {
                let a = dict(&pdf, a);
                assert_eq!(a.get(b"S").unwrap().as_name().unwrap(), b"URI".as_slice());
                uris += 1;
            }
        }
    }
    assert!(uris > 0);
}

#[test]
fn exports_are_byte_identical_across_runs_and_threads() {
    let (doc, meta) = shipped("jeunesse");
    let book = FontBook::builtin();
    let once = export::export(&doc, &book, &meta, &Options::default()).unwrap();
    let again = export::export(&doc, &book, &meta, &Options::default()).unwrap();
    assert!(once.bytes == again.bytes);
    let (other_doc, other_meta) = shipped("sante");
    std::thread::scope(|s| {
        let a = s.spawn(|| export::export(&doc, &book, &meta, &Options::default()).unwrap());
        let b = s
            .spawn(|| export::export(&other_doc, &book, &other_meta, &Options::default()).unwrap());
        let c = s.spawn(|| export::export(&doc, &book, &meta, &Options::default()).unwrap());
        let (a, b, c) = (a.join().unwrap(), b.join().unwrap(), c.join().unwrap());
        assert!(a.bytes == once.bytes);
        assert!(c.bytes == once.bytes);
        assert!(b.bytes != once.bytes);
    });
}

#[test]
fn poppler_and_qpdf_accept_the_sheet() {
    let (doc, meta) = shipped("jeunesse");
    let book = FontBook::builtin();
    let out = export::export(&doc, &book, &meta, &Options::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jeunesse.pdf");
    std::fs::write(&file, &out.bytes).unwrap();

    if tool("qpdf") {
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
    if tool("pdffonts") {
        let fonts = Command::new("pdffonts").arg(&file).output().unwrap();
        let listing = String::from_utf8_lossy(&fonts.stdout).into_owned();
        let rows: Vec<&str> = listing.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{listing}");
        for row in rows {
            assert!(row.contains("yes yes yes"), "{listing}");
        }
    }
    if tool("pdftotext") {
        let text = words(&common::pdftotext(&file, &[]));
        for sentence in [
            "Beaucoup de jeunes aspirent à une expérience à l’étranger, mais l’accès à la mobilité reste inégal",
            "L’appel à projets annuel « Jeunesse » de la DCTCIV, créé en 2015,",
        ] {
            assert!(
                text.contains(&words(sentence)),
                "{sentence}\nnot in\n{text}"
            );
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures/images").join(name)
}

/// A page showing each fixture image at 1 inch.
fn gallery(names: &[&str]) -> Document {
    let images: Vec<ImageRef> = names
        .iter()
        .map(|n| {
            let path = fixture(n);
            let (width, height) = image::image_dimensions(&path).unwrap();
            ImageRef {
                path,
                width,
                height,
            }
        })
        .collect();
    let items = (0..images.len())
        .map(|i| Item {
            content: Content::Image {
                image: i,
                x: 10.0,
                y: 10.0 + 80.0 * i as f32,
                w: 72.0,
                h: 72.0,
            },
            tag: Tag::Artifact,
        })
        .collect();
    Document {
        pages: vec![Page {
            width: 200.0,
            height: 80.0 * images.len() as f32 + 20.0,
            items,
            footer: 0,
        }],
        structure: Structure::new(),
        images,
        ..Document::default()
    }
}

/// The image XObjects, by resource name.
fn image_objects(pdf: &lopdf::Document) -> Vec<(String, lopdf::Stream)> {
    let page = *pdf.get_pages().values().next().unwrap();
    let resources = dict(
        pdf,
        pdf.get_dictionary(page).unwrap().get(b"Resources").unwrap(),
    );
    let xobjects = dict(pdf, resources.get(b"XObject").unwrap());
    let mut out: Vec<_> = xobjects
        .iter()
        .map(|(k, v)| {
            let id = v.as_reference().unwrap();
            (
                String::from_utf8_lossy(k).into_owned(),
                pdf.get_object(id).unwrap().as_stream().unwrap().clone(),
            )
        })
        .collect();
    out.sort_by_key(|(k, _)| k[2..].parse::<u32>().unwrap());
    out
}

#[test]
fn images_are_embedded() {
    let names = [
        "photo.jpg",
        "progressive.jpg",
        "cmyk.jpg",
        "alpha.png",
        "palette.png",
        "sixteen.png",
        "interlaced.png",
    ];
    let doc = gallery(&names);
    let book = FontBook::builtin();
    let out = export::export(&doc, &book, &meta("Images"), &Options::default()).unwrap();
    // 16 px on one inch: far below 150 dpi, each image is reported.
    assert_eq!(out.warnings.len(), names.len());
    assert!(out.warnings.iter().all(|w| w.dpi < 20.0));
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    let objects = image_objects(&pdf);
    assert_eq!(objects.len(), names.len());
    let name = |s: &lopdf::Stream, key: &[u8]| {
        String::from_utf8_lossy(s.dict.get(key).unwrap().as_name().unwrap()).into_owned()
    };
    for (i, file) in names.iter().enumerate() {
        let (_, stream) = &objects[i];
        if file.ends_with(".jpg") {
            assert_eq!(
                stream.content,
                std::fs::read(fixture(file)).unwrap(),
                "{file}"
            );
            assert_eq!(name(stream, b"Filter"), "DCTDecode");
        } else {
            assert_eq!(name(stream, b"Filter"), "FlateDecode");
            assert_eq!(
                stream
                    .dict
                    .get(b"BitsPerComponent")
                    .unwrap()
                    .as_i64()
                    .unwrap(),
                8
            );
        }
    }
    assert_eq!(name(&objects[2].1, b"ColorSpace"), "DeviceCMYK");
    assert!(objects[3].1.dict.has(b"SMask"), "PNG alpha becomes /SMask");
    assert!(!objects[4].1.dict.has(b"SMask"));
    assert_eq!(name(&objects[4].1, b"ColorSpace"), "DeviceRGB");
    assert_eq!(name(&objects[6].1, b"ColorSpace"), "DeviceGray");
}

#[test]
fn large_images_are_downsampled_to_300_dpi() {
    let mut doc = gallery(&["alpha.png"]);
    // 8 px shown on 1/100 inch: 800 dpi, brought down to 300 dpi (3 px).
    if let Content::Image { w, h, .. } = &mut doc.pages[0].items[0].content {
        *w = 0.72;
        *h = 0.72;
    }
    let book = FontBook::builtin();
    let out = export::export(&doc, &book, &meta("Images"), &Options::default()).unwrap();
    assert!(out.warnings.is_empty());
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    let (_, stream) = &image_objects(&pdf)[0];
    let width = stream.dict.get(b"Width").unwrap().as_i64().unwrap();
    assert!((3..=4).contains(&width), "{width}");
}

#[test]
fn a_missing_image_is_an_error_in_french() {
    let mut doc = gallery(&["alpha.png"]);
    doc.images[0].path = fixture("absente.png");
    let book = FontBook::builtin();
    let err = export::export(&doc, &book, &meta("Images"), &Options::default()).unwrap_err();
    assert!(err.to_string().contains("lecture impossible"), "{err}");
}
