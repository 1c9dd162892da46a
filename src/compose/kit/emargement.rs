//! The attendance sheet (`<id>-emargement.pdf`): for each half-day, the
//! workshop's title, date, place and funder line, then a table of the
//! participants sorted by name, one row tall enough to sign each, and blank
//! rows for walk-ins; the header row repeats on each page.

use super::{Kit, half_day_line};
use crate::compose::mm;
use crate::compose::sheet::{GREY, INK, plain_style, white_or_ink_on};
use crate::compose::{Composed, Text};
use crate::layout::document::{Color, Role};
use crate::layout::flow::Block;
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::layout::paragraph::TextStyle;
use crate::model::Participant;

/// What the document is, in its footer and title.
pub const WHAT: &str = "Feuille d’émargement";

/// Height of a row (mm): the 10 mm a signature needs (issue 22), and half
/// a millimetre so that the rounding of the PDF's coordinates never takes
/// a row under it; the signature box inside is this minus the row's padding.
pub const ROW_MM: f32 = 10.5;
/// Padding of a row (mm), around its cells.
const ROW_PADDING_MM: f32 = 1.2;
/// Blank rows for walk-ins: at least this many…
const WALK_INS_MIN: usize = 5;
/// …or one for this many registered, whichever is more: registrations
/// undercount a public workshop by about a tenth.
const WALK_INS_PER: usize = 10;
/// Text size of the cells (pt): a name read at arm's length on a table.
const CELL_SIZE: f32 = 10.0;
/// Rules of the table: dark enough to survive a photocopy.
const RULE: Color = Color::rgb(0x88, 0x88, 0x88);

/// The attendance sheet of `kit`'s workshop; `None` without a list of participants.
pub fn compose_emargement(kit: &Kit<'_>) -> Option<Composed> {
    let list = kit.workshop.participants.as_ref()?;
    let mut text = Text::new(
        crate::model::Language::French,
        kit.materials.collection.french_typography(),
        &kit.materials.root,
        "atelier",
    );
    let mut blocks = Vec::new();
    for (k, half_day) in list.half_days.iter().enumerate() {
        if k > 0 {
            blocks.push(Block::PageBreak);
        }
        let mut part = heading(kit, &mut text, &half_day_line(half_day));
        part.push(table(kit, &list.people));
        blocks.push(Block::Group {
            role: Role::Sect,
            blocks: part,
        });
    }
    Some(kit.composed(WHAT, blocks, text.warnings))
}

/// The lines above a table: what, the title, date, half-day, place, funder.
fn heading(kit: &Kit<'_>, text: &mut Text, half_day: &str) -> Vec<Block> {
    let w = &kit.workshop.workshop;
    let ink = crate::compose::sheet::readable_on_white(kit.color);
    let line = |runs: Vec<Run>, style: TextStyle, after: f32| Block::Paragraph {
        runs,
        style,
        space_before: 0.0,
        space_after: after,
    };
    let mut blocks = vec![Block::Heading {
        level: 1,
        runs: vec![Run::plain(format!("{WHAT} — {half_day}"))],
        style: plain_style(15.0, 19.0, Weight::Bold, ink),
        space_before: 0.0,
        space_after: mm(2.0),
        bookmark: Some(0),
    }];
    blocks.push(line(
        text.runs(&w.title, "titre"),
        plain_style(11.0, 14.0, Weight::SemiBold, INK),
        mm(1.5),
    ));
    let mut when = kit.date();
    if let Some(place) = &w.place {
        when = format!("{when} — {place}");
    }
    blocks.push(line(
        vec![Run::plain(when)],
        plain_style(10.0, 13.0, Weight::Regular, INK),
        mm(1.0),
    ));
    if let Some(funder) = &w.funder {
        blocks.push(line(
            text.runs(funder, "financeur"),
            plain_style(9.0, 12.0, Weight::Regular, GREY),
            mm(1.0),
        ));
    }
    blocks.push(line(
        vec![Run::plain(
            "Chaque participant signe en face de son nom ; les personnes non inscrites \
             écrivent le leur sur une ligne libre.",
        )],
        plain_style(8.5, 11.0, Weight::Regular, GREY),
        mm(3.0),
    ));
    blocks
}

/// The widths of the columns (pt): N°, Nom, Prénom, Structure, Signature.
fn widths(kit: &Kit<'_>) -> [f32; 5] {
    let inner = kit.body_width() - 2.0 * mm(ROW_PADDING_MM) - 4.0 * gap();
    // Room for « 300 », two names and a structure; the signature takes the rest.
    let scale = kit.profile.size(CELL_SIZE) / CELL_SIZE;
    let number = mm(7.0) * scale;
    let last = mm(36.0) * scale;
    let first = mm(28.0) * scale;
    let structure = mm(46.0) * scale;
    let signature = inner - number - last - first - structure;
    [number, last, first, structure, signature]
}

/// The gap between cells (pt).
fn gap() -> f32 {
    mm(2.0)
}

/// The table: the header row, a row per participant, blank rows.
fn table(kit: &Kit<'_>, people: &[Participant]) -> Block {
    let widths = widths(kit);
    let size = kit.profile.size(CELL_SIZE);
    let on = white_or_ink_on(kit.color);
    let header_style = plain_style(size, size * 1.3, Weight::Bold, on);
    let header = ["N°", "Nom", "Prénom", "Structure", "Signature"]
        .iter()
        .zip(widths)
        .map(|(label, width)| {
            (
                width,
                Role::TH,
                Block::Paragraph {
                    runs: vec![Run::plain(*label)],
                    style: header_style.clone(),
                    space_before: 0.0,
                    space_after: 0.0,
                },
            )
        })
        .collect();
    let mut rows = vec![row(header, Some(kit.color))];
    let walk_ins = WALK_INS_MIN.max(people.len().div_ceil(WALK_INS_PER));
    let blank = Participant::default();
    let all = people.iter().chain(std::iter::repeat_n(&blank, walk_ins));
    for (i, person) in all.enumerate() {
        let cell = |text: &str, weight, color, width: f32| {
            (
                width,
                Role::TD,
                Block::Paragraph {
                    runs: vec![Run::plain(text)],
                    style: plain_style(size, size * 1.25, weight, color),
                    space_before: 0.0,
                    space_after: 0.0,
                },
            )
        };
        let structure = person.structure.as_deref().unwrap_or("");
        let small = plain_style(size * 0.85, size * 0.85 * 1.2, Weight::Regular, GREY);
        let cells = vec![
            cell(&(i + 1).to_string(), Weight::Regular, GREY, widths[0]),
            cell(&person.last_name, Weight::Bold, INK, widths[1]),
            cell(&person.first_name, Weight::Regular, INK, widths[2]),
            (
                widths[3],
                Role::TD,
                Block::Paragraph {
                    runs: vec![Run::plain(structure)],
                    style: small,
                    space_before: 0.0,
                    space_after: 0.0,
                },
            ),
            (widths[4], Role::TD, signature_box(widths[4])),
        ];
        rows.push(row(cells, None));
    }
    Block::Group {
        role: Role::Table,
        blocks: rows,
    }
}

/// The box a participant signs in: [`ROW_MM`] tall with the row's padding.
fn signature_box(width: f32) -> Block {
    Block::Drawing {
        width,
        height: mm(ROW_MM - 2.0 * ROW_PADDING_MM),
        content: vec![crate::layout::document::Content::Line {
            from: (0.0, 0.0),
            to: (0.0, mm(ROW_MM - 2.0 * ROW_PADDING_MM)),
            color: RULE,
            width: 0.5,
        }],
        alt: None,
        space_after: 0.0,
    }
}

/// A row of the table: its cells side by side in a ruled panel.
fn row(cells: Vec<(f32, Role, Block)>, fill: Option<Color>) -> Block {
    crate::compose::table_row(cells, gap())
        .fill(fill)
        .stroke(RULE, 0.5)
        .padding(mm(ROW_PADDING_MM))
        .block()
}
