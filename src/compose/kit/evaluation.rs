//! The evaluation form (`<id>-evaluation.pdf`): one A4 sheet printed on
//! both sides. The front holds the questions rated on the scale, then each
//! session of the programme rated the same way; the back holds the open
//! questions, each with ruled lines sharing the page's height.

use super::super::labels::full_date;
use super::super::sheet::{
    GREY, INK, TOP_MARGIN_MM, plain_style, readable_on_white, white_or_ink_on,
};
use super::super::{Composed, FieldWarning, Text, mm, paragraph};
use super::Kit;
use crate::diag::Diagnostic;
use crate::layout::document::{Color, Content, Role};
use crate::layout::flow::{Block, Panel};
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::layout::paragraph::TextStyle;
use crate::model::evaluation::MAX_SCALE;
use crate::model::{Evaluation, Language};

/// Side of a tick box: 4 mm, the box of printed forms, easy to tick with a pen.
const BOX_MM: f32 = 4.0;
/// Line weight of a tick box: dark enough to survive a photocopy.
const BOX_STROKE: f32 = 0.8;
/// Rules of the answer areas: light enough to write over (as the booklet's notes pages).
const RULE: Color = Color::rgb(0xB8, 0xB8, 0xB8);
/// Space between ruled lines: 8 mm, as the booklet's notes pages (French
/// « grands carreaux »), comfortable for handwriting.
const RULE_SPACING_MM: f32 = 8.0;
/// Fewest ruled lines under an open question: fewer leave no room for a sentence.
const MIN_RULES: usize = 3;
/// Inner padding of a table row: 2.4 mm, more than the booklet's
/// programme table (1.6 mm), so that a hand ticking a box has room and the
/// front fills its page.
const CELL_PADDING_MM: f32 = 2.4;
/// Gap between the cells of a row.
const CELL_GAP_MM: f32 = 2.0;
/// Body text size of the form.
const SIZE: f32 = 9.6;
/// Size of an open question's text.
const QUESTION_SIZE: f32 = 10.5;
/// Height kept free on the back for an open question's text: two lines of
/// [`QUESTION_SIZE`] at 1.35 leading and the space below it (a question of
/// more than two lines takes one ruled line less than its share).
const QUESTION_TEXT_MM: f32 = 12.0;
/// Space below each open question's ruled lines.
const AFTER_ANSWER_MM: f32 = 5.0;
/// Height of the back's heading and closing line, with their spaces.
const BACK_FURNITURE_MM: f32 = 24.0;

/// The evaluation form of `workshop` (its `[evaluation]`, or the default
/// questionnaire: the scale, the sessions, no open question).
pub fn compose_evaluation(kit: &Kit<'_>) -> Composed {
    let workshop = &kit.workshop.workshop;
    let mut text = kit.text();
    let default = Evaluation::default();
    let evaluation = workshop.evaluation.as_ref().unwrap_or(&default);
    let degrees = degrees(&mut text, evaluation);
    let width = kit.body_width();
    let table = Table::new(kit, &degrees, width);

    let mut blocks = vec![header(kit, &mut text)];
    blocks.push(paragraph(
        vec![Run::plain(
            "Votre avis nous aide à préparer les prochains ateliers. \
             Cochez une case par ligne ; le questionnaire est anonyme.",
        )],
        plain_style(SIZE, SIZE * 1.4, Weight::Regular, INK),
        mm(4.0),
    ));
    if !evaluation.questions.is_empty() {
        blocks.push(heading(kit, "Votre avis sur l’atelier"));
        let rows = evaluation
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| text.runs(q, &format!("evaluation.questions.{i}")))
            .map(|runs| vec![paragraph(runs, table.cell_style(Weight::Regular), 0.0)])
            .collect();
        blocks.push(table.block(rows));
    }
    blocks.extend(sessions(kit, &mut text, evaluation, &table));
    if !evaluation.open_questions.is_empty() {
        blocks.push(paragraph(
            vec![Run::plain("Suite au verso →")],
            plain_style(
                SIZE,
                SIZE * 1.3,
                Weight::SemiBold,
                readable_on_white(kit.color),
            ),
            0.0,
        ));
        blocks.push(Block::PageBreak);
        blocks.extend(back(kit, &mut text, evaluation, width));
    }
    blocks.push(paragraph(
        vec![Run::plain(
            "Merci ! Remettez ce questionnaire à l’accueil en partant.",
        )],
        plain_style(SIZE, SIZE * 1.4, Weight::SemiBold, INK),
        0.0,
    ));
    let mut composed = kit.composed(WHAT, blocks, text.warnings);
    // The front's band starts at the top edge; the form is filled in
    // anonymously: no mention of a list of participants.
    composed.template.band = true;
    composed.template.footer_right = String::new();
    composed
}

/// The degrees of the scale, at most [`MAX_SCALE`] (with a warning
/// for those left out).
fn degrees(text: &mut Text, evaluation: &Evaluation) -> Vec<String> {
    let mut degrees = evaluation.degrees();
    if degrees.len() > MAX_SCALE {
        text.warnings.push(FieldWarning {
            field: "evaluation.echelle".into(),
            value: String::new(),
            diagnostic: Diagnostic::warning(format!(
                "l’échelle a {} degrés : seuls les {MAX_SCALE} premiers sont imprimés",
                degrees.len()
            ))
            .with_hint(format!(
                "gardez au plus {MAX_SCALE} libellés courts dans « echelle »"
            )),
        });
        degrees.truncate(MAX_SCALE);
    }
    degrees
}

/// The sessions of the programme that have speakers, rated on the scale of
/// `table` under their question; nothing without such sessions or question.
fn sessions(kit: &Kit<'_>, text: &mut Text, evaluation: &Evaluation, table: &Table) -> Vec<Block> {
    let sessions: Vec<_> = kit
        .workshop
        .workshop
        .programme
        .iter()
        .enumerate()
        .filter(|(_, s)| s.speakers.as_deref().is_some_and(|w| !w.trim().is_empty()))
        .collect();
    let (Some(question), false) = (evaluation.sessions_question(), sessions.is_empty()) else {
        return Vec::new();
    };
    let mut blocks = vec![heading(kit, "Les séquences du programme")];
    blocks.push(paragraph(
        text.runs(question, "evaluation.question_sequences"),
        plain_style(SIZE, SIZE * 1.4, Weight::Regular, INK),
        mm(2.0),
    ));
    let rows = sessions
        .iter()
        .map(|(i, s)| {
            let mut title = vec![Run::plain(format!("{} · ", s.time))];
            title.extend(text.runs(&s.title, &format!("programme.{i}.intitule")));
            let mut cell = vec![paragraph(title, table.cell_style(Weight::Regular), 0.0)];
            if let Some(who) = &s.speakers {
                cell.push(paragraph(
                    text.runs(who, &format!("programme.{i}.intervenants")),
                    plain_style(SIZE - 1.2, (SIZE - 1.2) * 1.3, Weight::Regular, GREY),
                    0.0,
                ));
            }
            cell
        })
        .collect();
    blocks.push(table.block(rows));
    blocks
}

/// The document's name, in its title and footer.
pub const WHAT: &str = "Questionnaire d’évaluation";

/// The coloured band at the top of the front: what the form is, the
/// workshop's title, date and place.
fn header(kit: &Kit<'_>, text: &mut Text) -> Block {
    let on = white_or_ink_on(kit.color);
    let mut when = full_date(kit.workshop.workshop.date, Language::French);
    if let Some(place) = &kit.workshop.workshop.place {
        when = format!("{when} — {place}");
    }
    let band = vec![
        Block::Spacer(mm(8.0)),
        paragraph(
            vec![Run::plain("Questionnaire d’évaluation")],
            plain_style(11.0, 14.0, Weight::SemiBold, on),
            mm(1.5),
        ),
        Block::Heading {
            level: 1,
            runs: text.runs(&kit.workshop.workshop.title, "titre"),
            style: plain_style(15.0, 18.5, Weight::Bold, on),
            space_before: 0.0,
            space_after: mm(2.0),
            bookmark: Some(0),
        },
        paragraph(
            text.runs(&when, "date"),
            plain_style(10.5, 14.0, Weight::Regular, on),
            0.0,
        ),
        Block::Spacer(mm(6.0)),
    ];
    Panel::new(band)
        .fill(kit.color)
        .outset_sides(mm(kit.profile.side_margin_mm()))
        .space_after(mm(5.0))
        .block()
}

fn heading(kit: &Kit<'_>, title: &str) -> Block {
    Block::Heading {
        level: 2,
        runs: vec![Run::plain(title)],
        style: plain_style(12.5, 16.0, Weight::Bold, readable_on_white(kit.color)),
        space_before: mm(4.0),
        space_after: mm(2.0),
        bookmark: Some(1),
    }
}

/// A table of rated lines: the text, then one tick box per degree of the
/// scale, under a header row naming the degrees.
struct Table {
    degrees: Vec<String>,
    color: Color,
    /// Width of the text column (pt).
    text_w: f32,
    /// Width of each box column (pt).
    box_w: f32,
}

impl Table {
    fn new(kit: &Kit<'_>, degrees: &[String], width: f32) -> Table {
        // Box columns wide enough for a two-word label on two lines: 20 mm
        // up to four degrees, narrower beyond so the text keeps half the row.
        let box_w = mm(match degrees.len() {
            0..=4 => 20.0,
            5 => 17.0,
            _ => 15.0,
        });
        let n = degrees.len() as f32;
        let inner = width - 2.0 * mm(CELL_PADDING_MM);
        Table {
            degrees: degrees.to_vec(),
            color: kit.color,
            text_w: inner - n * (box_w + mm(CELL_GAP_MM)),
            box_w,
        }
    }

    fn cell_style(&self, weight: Weight) -> TextStyle {
        plain_style(SIZE, SIZE * 1.35, weight, INK)
    }

    /// One line of the grid: its cells side by side, tinted or not; a
    /// structure node of `role` when given.
    fn row(&self, cells: Vec<(f32, Vec<Block>)>, fill: Option<Color>, role: Option<Role>) -> Block {
        let panel = Panel::new(vec![Block::Row {
            cells,
            gap: mm(CELL_GAP_MM),
            space_after: 0.0,
        }])
        .fill(fill)
        .padding(mm(CELL_PADDING_MM));
        match role {
            Some(role) => panel.role(role).block(),
            None => panel.block(),
        }
    }

    /// The grid: a band naming the degrees, then one line per entry of
    /// `rows` (the blocks of its text), every other one tinted.
    ///
    /// Tagged as a list, not a table: each line (`LI`) holds its text and
    /// its boxes, each box a figure whose alternative text names its degree
    /// (« case à cocher « Plutôt oui » »); the band of degrees, read before
    /// the list, names the scale (as decoration, it was prose a reader
    /// skips: outloud TAG-002).
    /// As a table, its box cells read as empty cells to checkers (outloud
    /// TBL-012: « this may not be a table »).
    fn block(&self, rows: Vec<Vec<Block>>) -> Block {
        let on = white_or_ink_on(self.color);
        let label = plain_style(7.8, 9.4, Weight::SemiBold, on);
        let mut header = vec![(self.text_w, Vec::new())];
        for degree in &self.degrees {
            header.push((
                self.box_w,
                vec![Block::Fit {
                    runs: vec![Run::plain(degree)],
                    style: label.clone(),
                    min_size: 6.5,
                    max_lines: 2,
                    centred: true,
                    space_after: 0.0,
                }],
            ));
        }
        let band = self.row(header, Some(self.color), None);
        let mut out = Vec::new();
        for (i, text) in rows.into_iter().enumerate() {
            let mut cells = vec![(self.text_w, text)];
            for degree in &self.degrees {
                cells.push((self.box_w, vec![self.tick_box(degree)]));
            }
            // Every other line tinted: the eye follows a line to its boxes.
            let fill = (i % 2 == 1).then(|| self.color.tint(0.9));
            out.push(Block::Group {
                role: Role::LI,
                blocks: vec![self.row(cells, fill, Some(Role::LBody))],
            });
        }
        Block::Group {
            role: Role::Sect,
            blocks: vec![
                band,
                Block::Group {
                    role: Role::L,
                    blocks: out,
                },
            ],
        }
    }

    /// A tick box centred in its column, on the first line of the text.
    fn tick_box(&self, degree: &str) -> Block {
        let side = mm(BOX_MM);
        Block::Drawing {
            width: self.box_w,
            height: side + 2.0,
            content: vec![Content::Rect {
                x: (self.box_w - side) / 2.0,
                y: 1.0,
                w: side,
                h: side,
                fill: Some(Color::WHITE),
                stroke: Some((INK, BOX_STROKE)),
                radius: 0.0,
            }],
            alt: Some(format!("case à cocher « {degree} »")),
            space_after: 0.0,
        }
    }
}

/// The back: the open questions, each followed by ruled lines; the lines
/// share the page's height so that the form stays on one sheet.
fn back(kit: &Kit<'_>, text: &mut Text, evaluation: &Evaluation, width: f32) -> Vec<Block> {
    let mut blocks = vec![heading(kit, "Vos remarques")];
    let body =
        kit.size().1 - mm(TOP_MARGIN_MM + kit.profile.bottom_margin_mm() + BACK_FURNITURE_MM);
    let count = evaluation.open_questions.len().max(1) as f32;
    let share = body / count - mm(QUESTION_TEXT_MM + AFTER_ANSWER_MM);
    let spacing = mm(RULE_SPACING_MM);
    let lines = ((share / spacing).floor() as usize).max(MIN_RULES);
    for (i, question) in evaluation.open_questions.iter().enumerate() {
        blocks.push(Block::Keep(vec![
            paragraph(
                text.runs(question, &format!("evaluation.questions_ouvertes.{i}")),
                plain_style(QUESTION_SIZE, QUESTION_SIZE * 1.35, Weight::SemiBold, INK),
                0.0,
            ),
            Block::Drawing {
                width,
                height: lines as f32 * spacing + 1.0,
                content: (1..=lines)
                    .map(|k| Content::Line {
                        from: (0.0, k as f32 * spacing),
                        to: (width, k as f32 * spacing),
                        color: RULE,
                        width: 0.5,
                    })
                    .collect(),
                alt: None,
                space_after: mm(AFTER_ANSWER_MM),
            },
        ]));
    }
    blocks
}
