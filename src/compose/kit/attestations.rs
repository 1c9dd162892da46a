//! The certificates of attendance (`<id>-attestations.pdf`): one page per
//! participant marked present, with the workshop, its date and place, the
//! half-days attended and their duration in hours, the organiser's name and
//! a box for the signature and the stamp.

use super::{Kit, duration, half_day_line};
use crate::compose::mm;
use crate::compose::sheet::{GREY, INK, plain_style, readable_on_white};
use crate::compose::{Composed, Text, paragraph};
use crate::diag::Diagnostic;
use crate::layout::document::{Color, Role};
use crate::layout::flow::{Block, Panel};
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::layout::paragraph::TextStyle;
use crate::model::{Participant, Workshop};
use crate::resolve::ParticipantList;

/// What the document is, in its footer and title.
pub const WHAT: &str = "Attestation de présence";

/// Height of the box for the signature and the stamp (mm): a round
/// association or town-hall stamp is 40 mm across at most.
const STAMP_MM: f32 = 45.0;
/// Width of that box (mm).
const STAMP_WIDTH_MM: f32 = 80.0;
/// Frame of the box: light, a stamp goes over it.
const FRAME: Color = Color::rgb(0xAA, 0xAA, 0xAA);

/// The certificates of `kit`'s workshop: one page for each participant
/// present at least one half-day, in the order of the list, or for the one
/// at row `only` of the spreadsheet. `None` when nobody is.
pub fn compose_attestations(kit: &Kit<'_>, only: Option<usize>) -> Option<Composed> {
    let list = kit.workshop.participants.as_ref()?;
    let present: Vec<&Participant> = list
        .people
        .iter()
        .filter(|p| p.attended() && only.is_none_or(|line| p.line == line))
        .collect();
    if present.is_empty() {
        return None;
    }
    let mut text = Text::new(
        crate::model::Language::French,
        kit.materials.collection.french_typography(),
        &kit.materials.root,
        "atelier",
    );
    let mut warnings = Vec::new();
    if list.half_days.iter().any(|h| h.minutes().is_none()) {
        warnings.push(crate::compose::FieldWarning {
            field: "fin".to_string(),
            value: String::new(),
            diagnostic: Diagnostic::warning(
                "durée de l’atelier inconnue : les attestations de présence ne la donnent pas",
            )
            .with_hint(
                "indiquez l’heure de fin, par exemple fin = \"12 h 30\" (ou les heures de chaque demi-journée dans [[demi_journees]])",
            ),
        });
    }
    let mut blocks = Vec::new();
    for (k, person) in present.iter().enumerate() {
        if k > 0 {
            blocks.push(Block::PageBreak);
        }
        // A section each: a certificate stands on its own page, its title
        // the same as the others'.
        blocks.push(Block::Group {
            role: Role::Sect,
            blocks: certificate(kit, &mut text, person),
        });
    }
    text.warnings.extend(warnings);
    let mut composed = kit.composed(WHAT, blocks, text.warnings);
    // Each page is a certificate of its own: no « page 3 / 26 » on it.
    composed.template.page_word = "";
    Some(composed)
}

/// One page: the certificate of `person`.
fn certificate(kit: &Kit<'_>, text: &mut Text, person: &Participant) -> Vec<Block> {
    let w = &kit.workshop.workshop;
    let list = kit.workshop.participants.as_ref().expect("a list");
    let size = |s: f32| kit.profile.size(s);
    let body = |after: f32| {
        (
            plain_style(size(11.5), size(11.5) * 1.45, Weight::Regular, INK),
            after,
        )
    };
    // No fallback on the collection's publisher: it organises nothing.
    let organiser = w.organiser.clone();
    let mut blocks = Vec::new();
    if let Some(name) = &organiser {
        blocks.push(paragraph(
            vec![Run::plain(name.clone())],
            plain_style(size(10.0), size(13.0), Weight::SemiBold, GREY),
            mm(18.0),
        ));
    } else {
        blocks.push(paragraph(Vec::new(), body(0.0).0, mm(18.0)));
    }
    blocks.push(Block::Heading {
        level: 1,
        runs: vec![Run::plain(WHAT)],
        style: plain_style(
            size(24.0),
            size(29.0),
            Weight::Bold,
            readable_on_white(kit.color),
        ),
        space_before: 0.0,
        space_after: mm(14.0),
        bookmark: Some(0),
    });
    let (style, _) = body(0.0);
    let signer = match &organiser {
        Some(name) => format!("L’organisateur de l’atelier, {name}, atteste que"),
        None => "L’organisateur de l’atelier atteste que".to_string(),
    };
    blocks.push(paragraph(vec![Run::plain(signer)], style.clone(), mm(5.0)));
    // The person's name is the certificate's subheading: its bookmark,
    // under « Attestation de présence », lets a reader find a person, and
    // makes each certificate a part of the file of its own.
    blocks.push(Block::Heading {
        level: 2,
        runs: vec![Run::plain(person.full_name())],
        style: plain_style(size(18.0), size(23.0), Weight::Bold, INK),
        space_before: 0.0,
        space_after: mm(1.5),
        bookmark: Some(1),
    });
    let role: Vec<&str> = [person.function.as_deref(), person.structure.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !role.is_empty() {
        blocks.push(paragraph(
            vec![Run::plain(role.join(", "))],
            plain_style(size(11.0), size(14.0), Weight::Regular, GREY),
            mm(5.0),
        ));
    } else {
        blocks.push(paragraph(Vec::new(), style.clone(), mm(3.5)));
    }
    let date = super::full_date(w.date, crate::model::Language::French);
    blocks.push(paragraph(took_part(text, w, &date), style.clone(), mm(5.0)));
    blocks.extend(attendance(list, person, &style));
    let place = w
        .place
        .as_deref()
        .map_or(String::new(), |p| format!("à {p}, "));
    blocks.push(paragraph(
        vec![Run::plain(
            "Attestation délivrée pour servir et valoir ce que de droit.",
        )],
        style.clone(),
        mm(4.0),
    ));
    // « Fait à …, le … » on its own line over the signature, as French
    // certificates set it (it used to run on after « ce que de droit »,
    // its year alone on the next line).
    blocks.push(paragraph(
        vec![Run::plain(format!("Fait {place}le {date}."))],
        style.clone(),
        mm(8.0),
    ));
    blocks.push(signature(kit, organiser.as_deref()));
    blocks
}

/// « a participé à l’atelier « titre » (sous-titre), tenu le `date` à lieu. »
fn took_part(text: &mut Text, w: &Workshop, date: &str) -> Vec<Run> {
    let mut runs = vec![Run::plain("a participé à l’atelier « ")];
    runs.extend(text.runs(&w.title, "titre"));
    runs.push(Run::plain(" »"));
    if let Some(subtitle) = &w.subtitle {
        runs.push(Run::plain(" ("));
        runs.extend(text.runs(subtitle, "sous_titre"));
        runs.push(Run::plain(")"));
    }
    runs.push(Run::plain(match &w.place {
        Some(place) => format!(", tenu le {date} à {place}."),
        None => format!(", tenu le {date}."),
    }));
    runs
}

/// The half-days `person` attended, and their length when every one is timed.
fn attendance(list: &ParticipantList, person: &Participant, style: &TextStyle) -> Vec<Block> {
    let attended: Vec<_> = list
        .half_days
        .iter()
        .zip(&person.present)
        .filter(|(_, p)| **p)
        .map(|(h, _)| h)
        .collect();
    let lines: Vec<String> = attended.iter().map(|h| half_day_line(h)).collect();
    let what = if attended.len() > 1 {
        "Demi-journées suivies"
    } else {
        "Demi-journée suivie"
    };
    let mut blocks = vec![paragraph(
        vec![
            Run::plain(format!("{what} : ")).bold(),
            Run::plain(lines.join(" ; ")),
        ],
        style.clone(),
        mm(1.5),
    )];
    let minutes: Option<u32> = attended.iter().map(|h| h.minutes().map(u32::from)).sum();
    if let Some(minutes) = minutes {
        blocks.push(paragraph(
            vec![Run::plain("Durée : ").bold(), Run::plain(duration(minutes))],
            style.clone(),
            mm(1.5),
        ));
    }
    blocks
}

/// The signature and stamp box, on the right half of the page.
fn signature(kit: &Kit<'_>, organiser: Option<&str>) -> Block {
    let width = kit.body_width();
    let boxed = mm(STAMP_WIDTH_MM).min(width / 2.0);
    let label = match organiser {
        Some(name) => format!("Pour {name} : signature et cachet"),
        None => "Signature et cachet de l’organisateur".to_string(),
    };
    let inner = boxed - 2.0 * mm(2.0);
    let stamp = Panel::new(vec![
        paragraph(
            vec![Run::plain(label)],
            plain_style(
                kit.profile.size(9.0),
                kit.profile.size(11.5),
                Weight::Regular,
                GREY,
            ),
            0.0,
        ),
        Block::Drawing {
            width: inner,
            height: mm(STAMP_MM),
            content: Vec::new(),
            alt: None,
            space_after: 0.0,
        },
    ])
    .stroke(FRAME, 0.6)
    .padding(mm(2.0))
    .role(Role::Sect)
    .block();
    Block::Row {
        cells: vec![(width - boxed - mm(4.0), Vec::new()), (boxed, vec![stamp])],
        gap: mm(4.0),
        space_after: 0.0,
    }
}
