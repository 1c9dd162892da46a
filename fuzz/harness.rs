//! The bodies of the fuzz targets, shared by `fuzz/fuzz_targets/*.rs` (run by
//! `cargo fuzz`) and `tests/fuzz_corpus.rs` (run by `cargo test` over the seed
//! corpus in `fuzz/corpus/<target>/`). Each function takes arbitrary bytes and
//! must never panic, whatever they are.
//!
//! `fixtures` is the `tests/fixtures` folder: its `images/` serve as materials
//! images for the sheet target.

#![allow(dead_code)]

use std::path::Path;

use ancrage::diag;
use ancrage::export::{self, Metadata, Options};
use ancrage::layout::document::{Color, Content, Document, ImageRef, Item, Page, Tag};
use ancrage::layout::fonts::{FontBook, Weight};
use ancrage::layout::hyphen::Hyphenator;
use ancrage::layout::inline;
use ancrage::layout::paragraph::{Setter, TextStyle};
use ancrage::layout::shape::Shaper;
use ancrage::layout::typo::{self, Convention};
use ancrage::load::Loaded;
use ancrage::model;
use ancrage::render;
use ancrage::resolve::values::check_image;
use ancrage::resolve::{self, DomainSheet, Materials};
use ancrage::schema::FileKind;
use ancrage::source::FileId;
use arbitrary::{Arbitrary, Unstructured};

/// A target's body: the input bytes and a scratch folder.
pub type Body = fn(&[u8], &Path);

/// The four targets, by name: the folder of their corpus and their body.
pub const TARGETS: &[(&str, Body)] = &[
    ("materials_file", materials_file),
    ("typesetting", typesetting),
    ("sheet", sheet),
    ("image", image),
];

/// A collection file for the other kinds.
const COLLECTION: &str = "titre = \"Collection\"\n";

/// (a) One materials file from arbitrary bytes: decoded, parsed, resolved, and
/// its diagnostics rendered (text and JSON). The first byte chooses the kind of
/// file; the others are its content.
pub fn materials_file(data: &[u8], fixtures: &Path) {
    let Some((&kind, content)) = data.split_first() else {
        return;
    };
    let kind = match kind % 4 {
        0 => FileKind::Domain,
        1 => FileKind::Commune,
        2 => FileKind::Workshop,
        _ => FileKind::Collection,
    };
    let mut files = Vec::new();
    if kind != FileKind::Collection {
        files.push((
            FileKind::Collection,
            "collection".to_string(),
            COLLECTION.as_bytes().to_vec(),
        ));
    }
    files.push((kind, "x".to_string(), content.to_vec()));
    let loaded = Loaded::from_memory(fixtures, files);
    let (materials, mut diagnostics) = resolve::resolve(&loaded);
    diagnostics.sort(&materials.sources);
    let text = diag::render(&diagnostics, &materials.sources, false);
    let _ = diag::render(&diagnostics, &materials.sources, true);
    let _ = diag::to_json(&diagnostics, &materials.sources);
    // Every message is located text: never an empty report for an error.
    assert!(!diagnostics.has_errors() || !text.is_empty());
}

/// (b) French typography, inline markup and line breaking on arbitrary text:
/// the first four bytes choose the options and three line widths (pt), the rest
/// is the text (invalid UTF-8 replaced).
pub fn typesetting(data: &[u8], _fixtures: &Path) {
    if data.len() < 4 {
        return;
    }
    let (head, text) = data.split_at(4);
    let text = String::from_utf8_lossy(text);
    let flags = head[0];
    let convention = if flags & 1 == 0 {
        Convention::French
    } else {
        Convention::Raw
    };
    let prepared = typo::apply(&text, convention);
    if convention == Convention::French {
        // Documented as idempotent.
        assert_eq!(typo::apply(&prepared, convention), prepared, "idempotence");
    }
    let parsed = inline::parse(&prepared);
    let _ = parsed.plain_text();
    let widths: Vec<f32> = head[1..]
        .iter()
        .map(|&w| f32::from(w) * if flags & 8 == 0 { 2.0 } else { 0.25 })
        .collect();
    let style = TextStyle {
        size: if flags & 16 == 0 { 9.5 } else { 24.0 },
        leading: 13.0,
        color: Color::BLACK,
        link_color: Color::rgb(0, 0, 200),
        weight: if flags & 32 == 0 {
            Weight::Regular
        } else {
            Weight::Bold
        },
        justify: flags & 2 == 0,
        hyphenate: flags & 4 == 0,
        display: flags & 64 != 0,
    };
    let mut shaper = Shaper::new(FontBook::builtin());
    let hyphenator = Hyphenator::new(&[]).unwrap_or_default();
    let mut setter = Setter::new(&mut shaper, &hyphenator, "fr");
    for runs in &parsed.paragraphs {
        let set = setter.set(runs, &style, &widths);
        assert!(set.height().is_finite(), "height {}", set.height());
    }
}

/// A text field: short strings from the fuzzer, or a few shapes that matter.
#[derive(Debug, Arbitrary)]
enum Field {
    Text(String),
    Repeated(String, u16),
    Long(u16),
}

impl Field {
    fn text(&self) -> String {
        match self {
            Field::Text(s) => s.clone(),
            Field::Repeated(s, n) => s.repeat(usize::from(*n % 400)),
            Field::Long(n) => "anticonstitutionnellement".repeat(usize::from(*n % 200)),
        }
    }
}

/// The images a fuzzed sheet may use (under `tests/fixtures/`).
#[derive(Debug, Arbitrary)]
enum Picture {
    None,
    Photo,
    Alpha,
    Cmyk,
    Palette,
    Sixteen,
    Missing,
}

impl Picture {
    fn path(&self) -> Option<String> {
        let name = match self {
            Picture::None => return None,
            Picture::Photo => "photo.jpg",
            Picture::Alpha => "alpha.png",
            Picture::Cmyk => "cmyk.jpg",
            Picture::Palette => "palette.png",
            Picture::Sixteen => "sixteen.png",
            Picture::Missing => "absente.png",
        };
        Some(format!("images/{name}"))
    }
}

#[derive(Debug, Arbitrary)]
struct FuzzExample {
    title: Field,
    carriers: Vec<String>,
    country: Option<String>,
    text: Field,
    image: Picture,
    caption: Option<String>,
}

#[derive(Debug, Arbitrary)]
struct FuzzBar {
    label: String,
    value: f64,
}

/// A mirror of [`model::Domain`] whose every value the fuzzer picks; converted
/// to a domain that has passed `check` structurally (texts may be anything).
#[derive(Debug, Arbitrary)]
struct FuzzDomain {
    title: Field,
    subtitle: Option<String>,
    color: Option<(u8, u8, u8)>,
    pictogram: Picture,
    keywords: Vec<String>,
    summary: Field,
    stakes: Vec<Field>,
    benefits: Vec<Field>,
    legal_framework: Vec<String>,
    levers: Vec<(String, Field)>,
    examples: Vec<FuzzExample>,
    tools: Vec<(String, String, Option<String>)>,
    figures: Vec<(String, String, String)>,
    chart: Option<(String, Option<String>, String, Vec<FuzzBar>)>,
    resources: Vec<(String, String, Option<String>)>,
    english: bool,
    raw_typography: bool,
    paper: u8,
}

impl FuzzDomain {
    fn domain(&self) -> model::Domain {
        model::Domain {
            title: self.title.text(),
            subtitle: self.subtitle.clone(),
            color: self
                .color
                .map(|(r, g, b)| format!("#{r:02X}{g:02X}{b:02X}")),
            pictogram: self.pictogram.path(),
            keywords: self.keywords.clone(),
            summary: self.summary.text(),
            stakes: self.stakes.iter().map(Field::text).collect(),
            benefits: self.benefits.iter().map(Field::text).collect(),
            legal_framework: self.legal_framework.clone(),
            levers: self
                .levers
                .iter()
                .map(|(title, text)| model::Lever {
                    title: title.clone(),
                    text: text.text(),
                })
                .collect(),
            examples: self
                .examples
                .iter()
                .map(|e| model::Example {
                    title: e.title.text(),
                    carriers: e.carriers.clone(),
                    country: e.country.clone(),
                    text: e.text.text(),
                    image: e.image.path(),
                    caption: e.caption.clone(),
                    alt: e.image.path().map(|_| "Une photo".to_string()),
                    ..model::Example::default()
                })
                .collect(),
            tools: self
                .tools
                .iter()
                .map(|(name, text, link)| model::Tool {
                    name: name.clone(),
                    text: text.clone(),
                    link: link.clone(),
                })
                .collect(),
            figures: self
                .figures
                .iter()
                .map(|(value, label, source)| model::KeyFigure {
                    value: value.clone(),
                    label: label.clone(),
                    source: source.clone(),
                    year: None,
                })
                .collect(),
            chart: self
                .chart
                .as_ref()
                .map(|(title, unit, source, bars)| model::Chart {
                    title: title.clone(),
                    unit: unit.clone(),
                    source: source.clone(),
                    bars: bars
                        .iter()
                        .map(|b| model::Bar {
                            label: b.label.clone(),
                            // `check` refuses NaN and infinities.
                            value: if b.value.is_finite() { b.value } else { 0.0 },
                        })
                        .collect(),
                }),
            resources: self
                .resources
                .iter()
                .map(|(title, url, description)| model::Resource {
                    title: title.clone(),
                    url: url.clone(),
                    description: description.clone(),
                })
                .collect(),
            ..model::Domain::default()
        }
    }
}

/// (c) A whole sheet from an arbitrary but structurally valid domain: compose,
/// lay out and export to PDF through the library.
pub fn sheet(data: &[u8], fixtures: &Path) {
    let Ok(fuzzed) = FuzzDomain::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let mut materials = Materials::default();
    materials.root = fixtures.to_path_buf();
    if fuzzed.english {
        materials.collection.language = model::Language::English;
    }
    if fuzzed.raw_typography {
        materials.collection.typography =
            Some(model::TypographySetting::Mode(model::TypographyMode::Raw));
    }
    materials.collection.paper = match fuzzed.paper % 3 {
        0 => model::Paper::A4,
        1 => model::Paper::A5,
        _ => model::Paper::Letter,
    };
    let sheet = DomainSheet::new("x".into(), FileId(0), fuzzed.domain());
    let book = FontBook::builtin();
    let mut engine = render::Engine::new(book.clone(), &[]);
    let laid = render::sheet(
        &mut engine,
        &materials,
        &sheet,
        ancrage::resolve::LoadedEdition::Generic,
    );
    let meta = Metadata {
        title: laid.composed.title.clone(),
        lang: "fr-FR".into(),
        ..Metadata::default()
    };
    export::export(&laid.document, &book, &meta, &Options::default()).expect("export");
}

/// Largest image the image target decodes: the real cap (40 Mpx) is checked
/// by `check_image`, but decoding that many pixels takes seconds and would
/// slow the fuzzer down to a crawl.
const FUZZ_DECODE_PIXELS: u64 = 4_000_000;

/// (d) Image header checks and decoding on arbitrary bytes: the bytes are
/// written as `images/x.png` of a temporary materials folder and checked as
/// `check` does; an image that passes is embedded in a one-page PDF as
/// `build` does (decoding errors are fine, panics are not).
pub fn image(data: &[u8], _fixtures: &Path) {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("images")).expect("images folder");
    std::fs::write(dir.path().join("images/x.png"), data).expect("image file");
    let Ok((path, info)) = check_image(dir.path(), "images/x.png") else {
        return;
    };
    if u64::from(info.width) * u64::from(info.height) > FUZZ_DECODE_PIXELS {
        return;
    }
    let mut document = Document::default();
    document.images.push(ImageRef {
        path,
        width: info.width,
        height: info.height,
    });
    let mut page = Page {
        width: 595.0,
        height: 842.0,
        ..Page::default()
    };
    page.items.push(Item {
        content: Content::Image {
            image: 0,
            x: 50.0,
            y: 50.0,
            w: 200.0,
            h: 150.0,
        },
        tag: Tag::Artifact,
    });
    document.pages.push(page);
    let _ = export::export(
        &document,
        &FontBook::builtin(),
        &Metadata::default(),
        &Options::default(),
    );
}
