//! Contents lines: a title, dot leaders, and a number aligned on the right
//! margin, on the title's last line.

use super::super::document::{Content, GlyphRun, NodeId, PlacedGlyph, Role, Tag};
use super::super::inline::Run;
use super::slices::{Slice, first_baseline, shift_item};
use super::{Block, Flow};

/// Leader dots every 0.5 em of the number's size: the usual spacing of
/// « . . . . » leaders, open enough to read as a guide, not as a rule.
const DOT_PITCH_EM: f32 = 0.5;
/// Room kept between the title and its number for at least three dots.
const MIN_LEADER_EM: f32 = 3.0;

impl Flow<'_, '_> {
    /// The slices of a `Block::Leaders` of `width`.
    pub(super) fn leaders(&mut self, block: &Block, width: f32, parent: NodeId) -> Vec<Slice> {
        let Block::Leaders {
            runs,
            number,
            style,
            number_style,
            space_after,
        } = block
        else {
            return Vec::new();
        };
        let node = self.structure.add(parent, Role::P);
        let em = number_style.size;
        let number_set = self.set(std::slice::from_ref(number), number_style, width);
        let number_w = number_set.lines.first().map_or(0.0, |l| l.width);
        let set = self.set(runs, style, width - number_w - MIN_LEADER_EM * em);
        let title_end = set.lines.last().map_or(0.0, |l| l.width);
        let mut slices = self.lines(set, node, false);
        let Some(last) = slices.last_mut() else {
            return slices;
        };
        last.space_after = *space_after;
        let Some(baseline) = first_baseline(last) else {
            return slices;
        };
        // The number, right-aligned on the title's last baseline.
        let number_lines = self.lines(number_set, node, false);
        if let Some(line) = number_lines.into_iter().next() {
            let dy = baseline - first_baseline(&line).unwrap_or(baseline);
            for mut item in line.items {
                shift_item(&mut item, width - number_w, dy);
                last.items.push(item);
            }
        }
        // The dots, on a grid from the column's left edge so that they line
        // up from one line of the contents to the next.
        let dot = self.set(&[Run::plain(".")], style, width);
        let Some(glyph) = dot
            .lines
            .first()
            .and_then(|l| l.runs.first())
            .and_then(|r| r.glyphs.first().map(|g| (r.font, r.size, r.color, *g)))
        else {
            return slices;
        };
        let (font, size, color, g) = glyph;
        let pitch = DOT_PITCH_EM * em;
        let first = ((title_end + pitch) / pitch).ceil() as usize;
        let stop = width - number_w - pitch;
        let mut glyphs = Vec::new();
        let mut text = String::new();
        let mut k = first;
        while (k as f32) * pitch + g.advance <= stop {
            let at = text.len() as u32;
            text.push('.');
            glyphs.push(PlacedGlyph {
                x: k as f32 * pitch,
                text_start: at,
                text_end: at + 1,
                ..g
            });
            k += 1;
        }
        if !glyphs.is_empty() {
            let x0 = glyphs[0].x;
            glyphs.iter_mut().for_each(|d| d.x -= x0);
            last.items.push(super::super::document::Item {
                content: Content::Text(GlyphRun {
                    x: x0,
                    y: baseline,
                    font,
                    size,
                    color,
                    glyphs,
                    text,
                    scale: 1.0,
                }),
                tag: Tag::Artifact,
            });
        }
        slices
    }
}
