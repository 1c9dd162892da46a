//! The demonstration page of issue 3: a French text holding every trap of the
//! typography pass (quotes, apostrophes, spaces before `; : ! ?`, numbers and
//! units, digit grouping and what must not be grouped, URLs, e-mail, code,
//! Markdown) set justified in a 60 mm column (page 1) and across the full
//! measure of an A4 page (page 2), with the statistics of each.
//!
//! ```sh
//! cargo run --release --example demonstration -- [demonstration.pdf]
//! ```
//!
//! `tests/demonstration.rs` runs the same page and checks it: no overfull
//! line, no loose line in the 60 mm column, the French spacing, and the exact
//! text read back from the PDF.

use ancrage::export::{self, Metadata, Options};
use ancrage::layout::Document;
use ancrage::layout::document::{Color, Quality};
use ancrage::layout::flow::{Block, Flow, PageTemplate, Rect};
use ancrage::layout::fonts::{FontBook, Weight};
use ancrage::layout::hyphen::Hyphenator;
use ancrage::layout::paragraph::{Setter, TextStyle};
use ancrage::layout::shape::Shaper;
use ancrage::layout::{inline, typo};

/// The text as an author types it, straight quotes and all. Exempleville is
/// fictitious; the laws and the article are real; the telephone number is
/// in the range ARCEP keeps for fiction (01 99 00 xx xx).
pub const SOURCE: &[&str] = &[
    "Depuis la loi n° 2014-773 du 7 juillet 2014, l'action extérieure des collectivités s'appuie sur l'art. L1115-1 du code général des collectivités territoriales (voir p. 12) : \"coopérer, c'est aussi apprendre\". Pourquoi ? Parce que l'internationalisation d'une politique locale commence par l'échange d'information entre élus, agents et associations!",
    "Exempleville compte 12500 habitants et consacre 1 % de son budget de 12,5 M€ à la solidarité internationale ; en 2026, ses 3 jumelages ont accueilli 140 jeunes... Réunion publique le 14 mars à 9 h 30 : durée 45 min, ouverte à tous ?",
    "Inscriptions sur https://exempleville.example/agenda?annee=2026&mois=3 ou par courriel à relations.internationales@exempleville.example, ou au 01 99 00 12 34. Le formulaire porte la référence `DOSSIER-123456` ; le décret n° 2019-768 du 24 juillet 2019 fixe les règles d'**accessibilité** des sites publics, et le [guide du RGAA](https://accessibilite.numerique.gouv.fr) les détaille *pas à pas*.",
];

/// A4 in points.
const A4: (f32, f32) = (595.28, 841.89);
/// Millimetres to points.
const MM: f32 = 72.0 / 25.4;
/// The narrow column of the issue.
pub const NARROW_MM: f32 = 60.0;
/// The full measure: A4 less the sheets' 13 mm side margins.
pub const FULL_MM: f32 = 210.0 - 2.0 * 13.0;

/// A4 pages with the sheets' margins and no running footer.
struct Template;

impl PageTemplate for Template {
    fn size(&self) -> (f32, f32) {
        A4
    }
    fn body(&self, _: usize) -> Rect {
        Rect {
            x: 13.0 * MM,
            y: 15.0 * MM,
            w: FULL_MM * MM,
            h: A4.1 - 30.0 * MM,
        }
    }
    fn footer(&self, _: usize, _: usize) -> Vec<(String, bool)> {
        Vec::new()
    }
    fn footer_baseline(&self) -> f32 {
        A4.1 - 8.0 * MM
    }
    fn footer_rule(&self) -> Option<(f32, Color)> {
        None
    }
}

/// The sheets' body style: 9.5 pt on 13 pt, justified and hyphenated.
fn body() -> TextStyle {
    TextStyle {
        size: 9.5,
        leading: 13.0,
        color: Color::rgb(0x22, 0x22, 0x22),
        link_color: Color::rgb(0x1F, 0x4E, 0x9A),
        weight: Weight::Regular,
        justify: true,
        hyphenate: true,
        display: false,
    }
}

/// The heading and paragraphs of the text set for one column.
fn blocks(label: &str) -> Vec<Block> {
    let mut blocks = vec![Block::Heading {
        level: 1,
        runs: inline::parse(label).paragraphs.remove(0),
        style: TextStyle {
            size: 14.0,
            leading: 18.0,
            weight: Weight::Bold,
            justify: false,
            ..body()
        },
        space_before: 0.0,
        space_after: 6.0,
        bookmark: Some(0),
    }];
    for source in SOURCE {
        let typeset = typo::apply(source, typo::Convention::French);
        for runs in inline::parse(&typeset).paragraphs {
            blocks.push(Block::Paragraph {
                runs,
                style: body(),
                space_before: 0.0,
                space_after: 6.0,
            });
        }
    }
    blocks
}

/// Lays out the text in columns of the given widths, one page each: a
/// narrower column is a one-cell row at the left margin.
pub fn lay_out(widths_mm: &[f32]) -> Document {
    let mut shaper = Shaper::new(FontBook::builtin());
    let hyphenator = Hyphenator::default();
    let mut setter = Setter::new(&mut shaper, &hyphenator, "fr");
    let mut all = Vec::new();
    for (i, &width) in widths_mm.iter().enumerate() {
        if i > 0 {
            all.push(Block::PageBreak);
        }
        let text = blocks(&format!("Colonne de {width} mm"));
        if width < FULL_MM {
            all.push(Block::Row {
                cells: vec![(width * MM, text)],
                gap: 0.0,
                space_after: 0.0,
            });
        } else {
            all.extend(text);
        }
    }
    Flow::new(&mut setter).run(&all, &Template)
}

/// The statistics of the text set in one column of `width_mm`.
pub fn quality(width_mm: f32) -> Quality {
    lay_out(&[width_mm]).quality
}

/// The two-page PDF: 60 mm column, then full measure.
pub fn pdf() -> Vec<u8> {
    pdf_with(true)
}

/// The same, its streams compressed or not (to read them as text).
pub fn pdf_with(compress: bool) -> Vec<u8> {
    let document = lay_out(&[NARROW_MM, FULL_MM]);
    let metadata = Metadata {
        title: "Démonstration typographique".into(),
        author: Some("ancrage".into()),
        lang: "fr-FR".into(),
        date: Some((2026, 11, 27)),
        ..Metadata::default()
    };
    export::export(
        &document,
        &FontBook::builtin(),
        &metadata,
        &Options {
            compress,
            ..Options::default()
        },
    )
    .expect("export")
    .bytes
}

#[allow(dead_code)]
fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "demonstration.pdf".into());
    for (name, width) in [("60 mm", NARROW_MM), ("pleine largeur", FULL_MM)] {
        let q = quality(width);
        println!(
            "{name:>15} : débordantes {}  lâches {}  courtes {}  césures {}  coupes forcées {}  paragraphes en drapeau {}",
            q.overfull, q.loose, q.short_lines, q.hyphenated, q.forced_breaks, q.ragged_paragraphs
        );
    }
    std::fs::write(&out, pdf()).expect("write the PDF");
    println!("écrit : {out}");
}
