//! Panels: framed boxes with padding, kept whole when small enough to move
//! to the next column without leaving a large gap, otherwise split at their
//! content's legal breaks with a frame on each part.

use super::super::document::{Color, Content, Item, Role, Tag};
use super::slices::{Break, Slice, shift_item};
use super::{Block, Flow};
use crate::layout::document::NodeId;

/// A [`Block::Panel`] being built: every field starts empty (no fill, no
/// frame, no padding, no space around) and is set by name, then
/// [`Panel::block`] gives the block.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    fill: Option<Color>,
    stroke: Option<(Color, f32)>,
    radius: f32,
    padding: f32,
    left_bar: Option<(Color, f32)>,
    outset: (f32, f32),
    blocks: Vec<Block>,
    space_before: f32,
    space_after: f32,
    role: Option<Role>,
}

impl Panel {
    /// A bare panel around `blocks`.
    pub fn new(blocks: Vec<Block>) -> Self {
        Panel {
            fill: None,
            stroke: None,
            radius: 0.0,
            padding: 0.0,
            left_bar: None,
            outset: (0.0, 0.0),
            blocks,
            space_before: 0.0,
            space_after: 0.0,
            role: None,
        }
    }

    /// Background colour (`None` for none).
    pub fn fill(mut self, fill: impl Into<Option<Color>>) -> Self {
        self.fill = fill.into();
        self
    }

    /// Border colour and width (pt).
    pub fn stroke(mut self, color: Color, width: f32) -> Self {
        self.stroke = Some((color, width));
        self
    }

    /// Corner radius (pt).
    pub fn radius(mut self, radius: f32) -> Self {
        self.radius = radius;
        self
    }

    /// Inner padding (pt).
    pub fn padding(mut self, padding: f32) -> Self {
        self.padding = padding;
        self
    }

    /// A coloured bar on the left edge, `width` pt wide.
    pub fn left_bar(mut self, color: Color, width: f32) -> Self {
        self.left_bar = Some((color, width));
        self
    }

    /// How far the background reaches beyond the column at the sides (pt).
    pub fn outset_sides(mut self, sides: f32) -> Self {
        self.outset.0 = sides;
        self
    }

    /// Space above (pt).
    pub fn space_before(mut self, space: f32) -> Self {
        self.space_before = space;
        self
    }

    /// Space below (pt).
    pub fn space_after(mut self, space: f32) -> Self {
        self.space_after = space;
        self
    }

    /// Structure role of the panel.
    pub fn role(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }

    /// The block.
    pub fn block(self) -> Block {
        Block::Panel {
            fill: self.fill,
            stroke: self.stroke,
            radius: self.radius,
            padding: self.padding,
            left_bar: self.left_bar,
            outset: self.outset,
            blocks: self.blocks,
            space_before: self.space_before,
            space_after: self.space_after,
            role: self.role,
        }
    }
}

/// How a panel is drawn.
#[derive(Debug, Clone)]
pub(super) struct PanelDecor {
    pub fill: Option<Color>,
    pub stroke: Option<(Color, f32)>,
    pub radius: f32,
    pub left_bar: Option<(Color, f32)>,
    /// Horizontal offset and width relative to the column.
    pub x: f32,
    pub w: f32,
    /// How far the background reaches above the panel's top.
    pub top: f32,
}

/// Panels at most this fraction of a fresh column high are kept whole: they
/// read as one unit, and moving one to the next column leaves at most half
/// a column blank. A taller panel (one that does not fit in a fresh column
/// at all, or would leave more than half a column empty when moved) is split
/// at its content's legal breaks, widows and orphans avoided.
const KEEP_WHOLE_FRACTION: f32 = 0.5;
/// The same fraction in a relaxed flow (content that would overflow its
/// page target otherwise): a panel over a sixth of a column may continue in
/// the next one rather than leave its height blank.
const RELAXED_KEEP_WHOLE_FRACTION: f32 = 1.0 / 6.0;

impl PanelDecor {
    /// The background (and bar) of the part of the panel from `start` to
    /// `start + h` of a column at `x` (pt).
    pub(super) fn items(&self, x: f32, start: f32, h: f32) -> Vec<Item> {
        let (top, h) = (start - self.top, h + self.top);
        let mut out = vec![Item {
            content: Content::Rect {
                x: x + self.x,
                y: top,
                w: self.w,
                h,
                fill: self.fill,
                stroke: self.stroke,
                radius: self.radius,
            },
            tag: Tag::Artifact,
        }];
        if let Some((color, bar)) = self.left_bar {
            out.push(Item {
                content: Content::Rect {
                    x: x + self.x,
                    y: top,
                    w: bar,
                    h,
                    fill: Some(color),
                    stroke: None,
                    radius: 0.0,
                },
                tag: Tag::Artifact,
            });
        }
        out
    }
}

impl Flow<'_, '_> {
    /// The slices of a `Block::Panel` of `width`. The padding is part of the
    /// first and last content slices, so that no part of a split panel is
    /// only padding.
    pub(super) fn panel(&mut self, block: &Block, width: f32, parent: NodeId) -> Vec<Slice> {
        let Block::Panel {
            fill,
            stroke,
            radius,
            padding,
            left_bar,
            outset,
            blocks,
            space_before,
            space_after,
            role,
        } = block
        else {
            return Vec::new();
        };
        let node = match role {
            Some(role) => self.structure.add(parent, role.clone()),
            None => parent,
        };
        let inner = width - 2.0 * padding;
        let mut out: Vec<Slice> = Vec::new();
        for b in blocks {
            out.extend(self.slices(b, inner, node));
        }
        self.shift_slices(&mut out, *padding);
        let decor = PanelDecor {
            fill: *fill,
            stroke: *stroke,
            radius: *radius,
            left_bar: *left_bar,
            x: -outset.0,
            w: width + 2.0 * outset.0,
            top: outset.1,
        };
        self.frame(&mut out, decor, *padding, *space_before, *space_after);
        out
    }

    /// Draws `decor` around `out`, content already laid out in the frame's
    /// inner measure: the padding replaces the outer spacing of the first
    /// and last slices and is part of them, so that no part of a split frame
    /// is only padding.
    pub(super) fn frame(
        &mut self,
        out: &mut Vec<Slice>,
        decor: PanelDecor,
        padding: f32,
        space_before: f32,
        space_after: f32,
    ) {
        let id = self.panels.len();
        self.panels.push(decor);
        if out.is_empty() {
            out.push(Slice::new(0.0));
        }
        let first = &mut out[0];
        first.height += padding;
        first.space_before = space_before;
        for item in &mut first.items {
            shift_item(item, 0.0, padding);
        }
        for b in &mut first.bookmarks {
            b.2 += padding;
        }
        let last = out.last_mut().expect("a slice");
        last.height += padding;
        last.space_after = space_after;
        last.after = Break::Allow;
        for s in out {
            s.panel = Some(id);
        }
    }

    /// Moves slices `dx` to the right, with the frames drawn around them:
    /// a box follows its text into its container's inner measure.
    pub(super) fn shift_slices(&mut self, slices: &mut [Slice], dx: f32) {
        let mut moved: Vec<usize> = Vec::new();
        for s in slices {
            for item in &mut s.items {
                shift_item(item, dx, 0.0);
            }
            if let Some(p) = s.panel
                && !moved.contains(&p)
            {
                moved.push(p);
                self.panels[p].x += dx;
            }
        }
    }
}

/// Keeps whole (no break inside) every panel of `slices` at most
/// [`KEEP_WHOLE_FRACTION`] of `column_height` high (or
/// [`RELAXED_KEEP_WHOLE_FRACTION`] when not `strict`); other panels keep the
/// breaks of their content.
///
/// Returns whether the other fraction would have kept some panel whole
/// where this one does not, or the reverse: when it does not, a strict and a
/// relaxed flow of these slices lay them out alike.
pub(super) fn keep_small_panels_whole(
    slices: &mut [Slice],
    column_height: f32,
    strict: bool,
) -> bool {
    let fraction = if strict {
        KEEP_WHOLE_FRACTION
    } else {
        RELAXED_KEEP_WHOLE_FRACTION
    };
    let mut differs = false;
    let mut i = 0;
    while i < slices.len() {
        let Some(p) = slices[i].panel else {
            i += 1;
            continue;
        };
        let mut j = i;
        let mut height = slices[i].height;
        while j + 1 < slices.len() && slices[j + 1].panel == Some(p) {
            j += 1;
            height += slices[j].height + slices[j - 1].space_after.max(slices[j].space_before);
        }
        // Only a panel of several slices is treated by either branch.
        differs |= i < j
            && (height <= column_height * KEEP_WHOLE_FRACTION)
                != (height <= column_height * RELAXED_KEEP_WHOLE_FRACTION);
        if height <= column_height * fraction {
            // Kept whole unless moving it would leave a hole (see
            // `Break::Soft`); its opening line stays with what follows.
            for (k, s) in slices[i..j].iter_mut().enumerate() {
                if s.after == Break::Allow {
                    s.after = if k == 0 { Break::Avoid } else { Break::Soft };
                }
            }
        } else if i < j && slices[i].after == Break::Allow {
            // A panel split anyway still keeps its opening line (its title,
            // « À Exempleville ») with what follows: a title alone at a
            // column foot was found on the A5 edition.
            slices[i].after = Break::Avoid;
        }
        i = j + 1;
    }
    differs
}
