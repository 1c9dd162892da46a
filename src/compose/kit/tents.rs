//! The speakers' table tents (`<id>-chevalets.pdf`): one A4 landscape page
//! per speaker of the programme, folded in two along its long middle. The
//! lower half faces the room; the upper half, upside down, faces the
//! speaker once folded, so both sides read the same.
//!
//! Speakers come from the programme's `intervenants`, split on « ; »: in the
//! shipped workshop they are roles and organisations, never invented names.
//! « Animation : la revue Altermondes » is the function « Animation » of
//! « La revue Altermondes ».

use super::super::labels::full_date;
use super::super::sheet::{GREY, INK, SIDE_MARGIN_MM, TOP_MARGIN_MM, plain_style};
use super::super::{Composed, Text, mm};
use super::{Kit, capitalised};
use crate::layout::document::{Color, Content, Role};
use crate::layout::flow::Block;
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::model::{Language, Workshop};

/// A4 landscape (pt).
const LANDSCAPE: (f32, f32) = (841.89, 595.28);
/// Height of each face's text area: the half page (105 mm) less 15 mm
/// towards the page edge (the top margin and 3 mm more, matching the bottom
/// margin) and 10 mm towards the fold, where the paper bends.
const FACE_MM: f32 = 80.0;
/// Room at the foot of a face for the workshop's line: one line of 12 pt
/// and a little air above it.
const FOOT_MM: f32 = 8.0;
/// Room between the two faces' text areas, the fold in its middle.
const FOLD_GAP_MM: f32 = 20.0;
/// Room above the upper face below the top margin: 3 mm, so both faces
/// stand 15 mm from their page edge (the bottom margin is 15 mm).
const TOP_EXTRA_MM: f32 = 3.0;
/// The name: 48 pt reads from the back of a meeting room (about 8 m for
/// capitals 12 mm high); it may shrink to 30 pt, then take two lines.
const NAME_SIZE: f32 = 48.0;
/// Smallest size of the name before it takes a second line.
const NAME_MIN: f32 = 30.0;
/// The function, under the name.
const FUNCTION_SIZE: f32 = 24.0;
/// Smallest size of the function.
const FUNCTION_MIN: f32 = 16.0;
/// Width of the colour rule above the name.
const RULE_MM: f32 = 40.0;
/// Length of the fold marks in the side margins.
const FOLD_MARK_MM: f32 = 8.0;
/// The fold line across the page: light, so that it recedes once folded.
const FOLD_LINE: Color = Color::rgb(0xC8, 0xC8, 0xC8);

/// One speaker: who (a name, a role or an organisation), and the function
/// in the session when the programme gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// « Cités Unies France », « La revue Altermondes ».
    pub name: String,
    /// « Animation ».
    pub function: Option<String>,
}

/// The speakers of the programme, in order of first appearance, each once.
pub fn speakers(workshop: &Workshop) -> Vec<Speaker> {
    let mut out: Vec<Speaker> = Vec::new();
    for session in &workshop.programme {
        let Some(list) = &session.speakers else {
            continue;
        };
        for entry in list.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let speaker = match entry.split_once(" : ") {
                Some((function, name)) if !name.trim().is_empty() => Speaker {
                    name: capitalised(name.trim()),
                    function: Some(capitalised(function.trim())),
                },
                _ => Speaker {
                    name: capitalised(entry),
                    function: None,
                },
            };
            if !out.contains(&speaker) {
                out.push(speaker);
            }
        }
    }
    out
}

/// The table tents of `workshop`, one page per speaker; `None` when its
/// programme names no speaker.
pub fn compose_tents(kit: &Kit<'_>) -> Option<Composed> {
    let speakers = speakers(&kit.workshop.workshop);
    if speakers.is_empty() {
        return None;
    }
    let mut text = kit.text();
    let width = LANDSCAPE.0 - 2.0 * mm(SIDE_MARGIN_MM);
    let mut blocks = Vec::new();
    for (i, speaker) in speakers.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::PageBreak);
        }
        let face = face(kit, &mut text, speaker, width);
        blocks.push(Block::Group {
            role: Role::Sect,
            blocks: vec![
                Block::Spacer(mm(TOP_EXTRA_MM)),
                // The far face repeats the near one: decoration, so that a
                // screen reader reads each speaker once.
                Block::Decoration {
                    blocks: vec![Block::Frame {
                        width,
                        height: mm(FACE_MM),
                        blocks: face.clone(),
                        turned: true,
                        space_after: 0.0,
                    }],
                },
                fold(width),
                Block::Frame {
                    width,
                    // Half a point short: the four parts fill the body
                    // exactly, and rounding must not push one to a new page.
                    height: mm(FACE_MM) - 0.5,
                    blocks: face,
                    turned: false,
                    space_after: 0.0,
                },
            ],
        });
    }
    let mut composed = kit.composed(WHAT, blocks, text.warnings);
    // No footer: a tent shows nothing but its faces.
    let template = &mut composed.template;
    template.size = LANDSCAPE;
    template.footer_left = String::new();
    template.footer_right = String::new();
    template.page_word = "";
    Some(composed)
}

/// The document's name, in its title.
pub const WHAT: &str = "Chevalets des intervenants";

/// One face: a colour rule, the name, the function, the workshop.
fn face(kit: &Kit<'_>, text: &mut Text, speaker: &Speaker, width: f32) -> Vec<Block> {
    let accent = super::super::sheet::readable_on_white(kit.color);
    let rule = mm(RULE_MM);
    let mut blocks = vec![
        Block::Drawing {
            width,
            height: mm(1.5),
            content: vec![Content::Rect {
                x: (width - rule) / 2.0,
                y: 0.0,
                w: rule,
                h: mm(1.5),
                fill: Some(kit.color),
                stroke: None,
                radius: 0.0,
            }],
            alt: None,
            space_after: mm(5.0),
        },
        Block::Fit {
            runs: text.runs(&speaker.name, "programme.intervenants"),
            style: plain_style(NAME_SIZE, NAME_SIZE * 1.1, Weight::Bold, INK),
            min_size: NAME_MIN,
            max_lines: 2,
            centred: true,
            space_after: mm(3.0),
        },
    ];
    if let Some(function) = &speaker.function {
        blocks.push(Block::Fit {
            runs: text.runs(function, "programme.intervenants"),
            style: plain_style(
                FUNCTION_SIZE,
                FUNCTION_SIZE * 1.15,
                Weight::SemiBold,
                accent,
            ),
            min_size: FUNCTION_MIN,
            max_lines: 2,
            centred: true,
            space_after: mm(3.0),
        });
    }
    // The speaker centred in the face, the workshop at its foot (where the
    // tent stands on the table).
    vec![
        Block::Frame {
            width,
            height: mm(FACE_MM - FOOT_MM),
            blocks,
            turned: false,
            space_after: 0.0,
        },
        // Content, though repeated on every tent (outloud PAG-001, a
        // warning explained in tests/outloud.rs): as decoration, the page
        // checker would see each face end short of its foot.
        Block::Fit {
            runs: vec![Run::plain(format!(
                "{} — {}",
                kit.short_title(),
                full_date(kit.workshop.workshop.date, Language::French)
            ))],
            style: plain_style(12.0, 14.0, Weight::Regular, GREY),
            min_size: 9.0,
            max_lines: 1,
            centred: true,
            space_after: 0.0,
        },
    ]
}

/// The fold: a light line across the whole page at its middle, and a
/// darker mark in each side margin, outside the faces' text.
fn fold(width: f32) -> Block {
    let side = mm(SIDE_MARGIN_MM);
    let y = mm(FOLD_GAP_MM) / 2.0;
    let mark = |from: f32, to: f32| Content::Line {
        from: (from, y),
        to: (to, y),
        color: INK,
        width: 0.5,
    };
    debug_assert!(
        (mm(TOP_MARGIN_MM + TOP_EXTRA_MM + FACE_MM) + y - LANDSCAPE.1 / 2.0).abs() < 0.01,
        "the fold is the page's middle"
    );
    Block::Drawing {
        width,
        height: mm(FOLD_GAP_MM),
        content: vec![
            Content::Line {
                from: (-side, y),
                to: (width + side, y),
                color: FOLD_LINE,
                width: 0.4,
            },
            mark(-side, -side + mm(FOLD_MARK_MM)),
            mark(width + side - mm(FOLD_MARK_MM), width + side),
        ],
        alt: None,
        space_after: 0.0,
    }
}
