//! The participants' name badges (`<id>-badges.pdf`): 90 × 55 mm (or the
//! `[badges]` size), as many per A4 sheet as its margins hold (eight at the
//! default size), abutting so that one cut separates two, with crop marks
//! in the margins in line with every cut.
//!
//! A badge: a strip in the colour of the participant's session (a domain of
//! the workshop) or of the workshop, carrying the collection's title (its
//! mark); the first name large, the last name, the structure and the
//! commune, each fitted to the width (smaller, then on two lines). The
//! e-mail address is never printed.

use super::super::sheet::{
    BOTTOM_MARGIN_MM, DEFAULT_ACCENT, GREY, INK, SIDE_MARGIN_MM, TOP_MARGIN_MM, plain_style,
    white_or_ink_on,
};
use super::super::{Composed, FieldWarning, Text, mm};
use super::{FICTITIOUS, Kit};
use crate::diag::Diagnostic;
use crate::layout::document::{Color, Content, Role};
use crate::layout::flow::{Block, Panel};
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::model::Participant;

/// What a badge prints of a participant (never the e-mail address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadgePerson<'a> {
    /// First name.
    pub first_name: &'a str,
    /// Last name, particle included.
    pub last_name: &'a str,
    /// Organisation.
    pub structure: Option<&'a str>,
    /// Commune.
    pub commune: Option<&'a str>,
    /// Session: a domain of the workshop, by id or title.
    pub session: Option<&'a str>,
}

/// Inner margin of a badge's text from its cut edges: 4 mm, so that an
/// imprecise cut never touches a letter.
const INSET_MM: f32 = 4.0;
/// Height of the strip at the top of a badge.
const STRIP_MM: f32 = 8.0;
/// Length of a crop mark.
const MARK_MM: f32 = 5.0;
/// Gap between a crop mark and the badge edge it continues: 2 mm, so the
/// mark never prints on a neighbouring badge or shows after the cut.
const MARK_GAP_MM: f32 = 2.0;
/// Crop marks: a hairline in black, the usual for marks.
const MARK_WIDTH: f32 = 0.25;
/// The first name: 24 pt reads at arm's length and across a table; it may
/// shrink to 16 pt, then take two lines.
const FIRST_NAME_SIZE: f32 = 24.0;
/// Smallest first name.
const FIRST_NAME_MIN: f32 = 16.0;
/// The last name.
const LAST_NAME_SIZE: f32 = 15.0;
/// Smallest last name.
const LAST_NAME_MIN: f32 = 11.0;
/// Structure and commune.
const DETAIL_SIZE: f32 = 9.5;
/// The strip's text: a label, read after the name.
const STRIP_SIZE: f32 = 8.5;
/// Smallest strip text: the collection's title at this size fits 82 mm.
const STRIP_MIN: f32 = 6.5;
/// The collection's title under the names of a badge whose strip names the
/// session: a signature, the smallest text of the badge.
const MARK_SIZE: f32 = 6.5;
/// Smallest structure and commune: 7.5 pt, the size of the running footers.
const DETAIL_MIN: f32 = 7.5;

/// The badges of the workshop's participants, in the list's order (by
/// name); `None` without a list or with nobody on it.
pub fn compose_badges(kit: &Kit<'_>) -> Option<Composed> {
    let list = kit.workshop.participants.as_ref()?;
    if list.people.is_empty() {
        return None;
    }
    let people: Vec<BadgePerson<'_>> = list.people.iter().map(BadgePerson::of).collect();
    Some(compose_badges_of(kit, &people))
}

impl<'a> BadgePerson<'a> {
    /// What a badge prints of `p`.
    pub fn of(p: &'a Participant) -> BadgePerson<'a> {
        BadgePerson {
            first_name: &p.first_name,
            last_name: &p.last_name,
            structure: p.structure.as_deref(),
            commune: p.commune.as_deref(),
            session: p.session.as_deref(),
        }
    }
}

/// The badges of `people`, in the order given.
pub fn compose_badges_of(kit: &Kit<'_>, people: &[BadgePerson<'_>]) -> Composed {
    let workshop = &kit.workshop.workshop;
    let mut text = kit.text();
    let size = workshop.badges.clone().unwrap_or_default();
    let (w, h) = (mm(f32::from(size.width_mm)), mm(f32::from(size.height_mm)));
    let page = kit.size();
    let body = (
        page.0 - 2.0 * mm(SIDE_MARGIN_MM),
        page.1 - mm(TOP_MARGIN_MM + BOTTOM_MARGIN_MM),
    );
    let cols = ((body.0 / w).floor() as usize).max(1);
    let rows = ((body.1 / h).floor() as usize).max(1);
    let grid = (cols as f32 * w, rows as f32 * h);
    // The grid in the middle of the page's body.
    let left = ((body.0 - grid.0) / 2.0).max(0.0);
    let top = ((body.1 - grid.1) / 2.0).max(0.0);
    let mut blocks = Vec::new();
    for (p, page) in people.chunks(cols * rows).enumerate() {
        if p > 0 {
            blocks.push(Block::PageBreak);
        }
        blocks.push(Block::Spacer(top));
        blocks.push(marks(cols, rows, (w, h), left));
        for row in page.chunks(cols) {
            let mut cells = vec![(left, Vec::new())];
            for person in row {
                cells.push((w, badge(kit, &mut text, person, (w, h))));
            }
            blocks.push(Block::Row {
                cells,
                gap: 0.0,
                space_after: 0.0,
            });
        }
    }
    // Sessions that name no domain of the workshop: said once each, by
    // their value (never a person's name).
    let mut unknown: Vec<&str> = people
        .iter()
        .filter_map(|p| p.session)
        .filter(|s| !s.trim().is_empty() && session_domain(kit, s).is_none())
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    for session in unknown {
        text.warnings.push(FieldWarning {
            field: "participants.fichier".into(),
            value: String::new(),
            diagnostic: Diagnostic::warning(format!(
                "colonne « session » : « {session} » ne nomme aucune fiche de l’atelier : ses badges ont la couleur de l’atelier"
            ))
            .with_hint("écrivez l’identifiant ou le titre d’une fiche de « domaines », par exemple « jeunesse »"),
        });
    }
    let mut composed = kit.composed("Badges", blocks, text.warnings);
    // No footer but, for a fictitious list, its mention.
    let template = &mut composed.template;
    template.footer_left = String::new();
    template.footer_right = if kit.fictitious() {
        FICTITIOUS.to_string()
    } else {
        String::new()
    };
    template.page_word = "";
    composed
}

/// One badge: its strip, then its names centred in the rest.
fn badge(
    kit: &Kit<'_>,
    text: &mut Text,
    person: &BadgePerson<'_>,
    (w, h): (f32, f32),
) -> Vec<Block> {
    let session = person.session.and_then(|s| session_domain(kit, s));
    let strip_color = session.map_or(kit.color, |(_, color)| color);
    let inner = w - 2.0 * mm(INSET_MM);
    // The strip names the session when there is one, else carries the
    // collection's title (its mark), which then closes the badge.
    let collection = kit.materials.collection.title.as_str();
    let mark = session.map_or(collection, |(title, _)| title).to_string();
    let strip_h = mm(STRIP_MM);
    let strip = strip(mark, strip_color, inner);
    let names = names(text, person, session.is_some().then_some(collection));
    vec![Block::Group {
        role: Role::Sect,
        blocks: vec![Block::Row {
            cells: vec![
                (mm(INSET_MM), Vec::new()),
                (
                    inner,
                    vec![
                        strip,
                        Block::Frame {
                            width: inner,
                            height: h - strip_h,
                            blocks: names,
                            turned: false,
                            space_after: 0.0,
                        },
                    ],
                ),
            ],
            gap: 0.0,
            space_after: 0.0,
        }],
    }]
}

/// A centred text of at most two lines, shrunk from `size` down to `min`
/// points to fit.
fn fit(runs: Vec<Run>, size: f32, min: f32, weight: Weight, color: Color, after: f32) -> Block {
    Block::Fit {
        runs,
        style: plain_style(size, size * 1.15, weight, color),
        min_size: min,
        max_lines: 2,
        centred: true,
        space_after: after,
    }
}

/// The badge's coloured strip, `inner` wide, naming `mark` on one line.
fn strip(mark: String, color: Color, inner: f32) -> Block {
    let on = white_or_ink_on(color);
    Panel::new(vec![Block::Frame {
        width: inner,
        height: mm(STRIP_MM),
        blocks: vec![Block::Fit {
            runs: vec![Run::plain(mark)],
            style: plain_style(STRIP_SIZE, STRIP_SIZE * 1.15, Weight::SemiBold, on),
            min_size: STRIP_MIN,
            max_lines: 1,
            centred: true,
            space_after: 0.0,
        }],
        turned: false,
        space_after: 0.0,
    }])
    .fill(color)
    .outset_sides(mm(INSET_MM))
    .block()
}

/// The names under the strip: first name, last name, structure and
/// commune, then the collection's title (`mark`) when the strip names a
/// session instead.
fn names(text: &mut Text, person: &BadgePerson<'_>, mark: Option<&str>) -> Vec<Block> {
    let mut names = vec![fit(
        vec![Run::plain(person.first_name)],
        FIRST_NAME_SIZE,
        FIRST_NAME_MIN,
        Weight::Bold,
        INK,
        mm(0.5),
    )];
    names.push(fit(
        vec![Run::plain(person.last_name)],
        LAST_NAME_SIZE,
        LAST_NAME_MIN,
        Weight::SemiBold,
        INK,
        mm(1.5),
    ));
    for (part, color) in [(person.structure, INK), (person.commune, GREY)] {
        if let Some(part) = part.filter(|p| !p.trim().is_empty()) {
            names.push(fit(
                text.runs(part, "participants"),
                DETAIL_SIZE,
                DETAIL_MIN,
                Weight::Regular,
                color,
                0.0,
            ));
        }
    }
    if let Some(mark) = mark {
        names.push(Block::Fit {
            runs: vec![Run::plain(mark)],
            style: plain_style(MARK_SIZE, MARK_SIZE * 1.15, Weight::Regular, GREY),
            min_size: MARK_SIZE,
            max_lines: 2,
            centred: true,
            space_after: 0.0,
        });
        if let Some(Block::Fit { space_after, .. }) = names.iter_mut().rev().nth(1) {
            *space_after = space_after.max(mm(1.5));
        }
    }
    names
}

/// The title and colour of the workshop's domain a participant's session
/// names (by id or title, case and accents aside).
fn session_domain<'m>(kit: &Kit<'m>, session: &str) -> Option<(&'m str, Color)> {
    let wanted = fold(session);
    kit.workshop
        .workshop
        .domains
        .iter()
        .filter_map(|id| kit.materials.domain(id))
        .find(|d| fold(&d.id) == wanted || fold(&d.domain.title) == wanted)
        .map(|d| {
            let color = d
                .domain
                .color
                .as_deref()
                .and_then(Color::from_hex)
                .unwrap_or(DEFAULT_ACCENT);
            (d.domain.title.as_str(), color)
        })
}

/// Lower case, letters and digits only (accents kept: ids have none and
/// titles are compared with titles).
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The crop marks of a page's grid of `cols` × `rows` badges of `size`,
/// `left` from the body's left edge, from the grid's top: in the margins,
/// in line with every cut, clear of the badges by [`MARK_GAP_MM`].
fn marks(cols: usize, rows: usize, (w, h): (f32, f32), left: f32) -> Block {
    let (gap, len) = (mm(MARK_GAP_MM), mm(MARK_MM));
    let (right, bottom) = (left + cols as f32 * w, rows as f32 * h);
    let line = |from: (f32, f32), to: (f32, f32)| Content::Line {
        from,
        to,
        color: Color::BLACK,
        width: MARK_WIDTH,
    };
    let mut content = Vec::new();
    for c in 0..=cols {
        let x = left + c as f32 * w;
        content.push(line((x, -gap), (x, -gap - len)));
        content.push(line((x, bottom + gap), (x, bottom + gap + len)));
    }
    for r in 0..=rows {
        let y = r as f32 * h;
        content.push(line((left - gap, y), (left - gap - len, y)));
        content.push(line((right + gap, y), (right + gap + len, y)));
    }
    Block::Drawing {
        width: right,
        height: 0.0,
        content,
        alt: None,
        space_after: 0.0,
    }
}
