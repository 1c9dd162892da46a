//! Fixed-size content: a short text fitted to its width ([`Block::Fit`]:
//! shrink within limits, then more lines) and a box of fixed size, its
//! content centred in it and possibly turned upside down ([`Block::Frame`]).

use super::super::document::{Content, Item, NodeId, Role, Tag};
use super::super::inline::Run;
use super::super::paragraph::{SetParagraph, TextStyle};
use super::slices::{Break, Slice, shift_item};
use super::{Block, Flow};

/// Sizes are tried to a tenth of a point: finer steps change nothing a
/// reader sees, and a whole-point step would leave up to 5 % of the width
/// unused on a large name.
const SIZE_STEP: f32 = 0.1;

/// Halvings of the size interval when searching the largest size that
/// holds a text on its lines: 7 bring a 40 pt interval under 0.35 pt,
/// then the result is rounded down to [`SIZE_STEP`].
const SEARCH_STEPS: usize = 7;

/// Slack (pt) on a line's width against its measure: the setter's sums of
/// advances round to hundredths.
const WIDTH_SLACK: f32 = 0.01;

/// Trials of one-line sizes below the estimate before giving up on one
/// line: the width scales with the size but kerning and rounding do not
/// exactly, so the estimate may be a step or two too large.
const ONE_LINE_TRIALS: usize = 12;

impl Flow<'_, '_> {
    /// The slices of a [`Block::Fit`]: one per line, kept together.
    pub(super) fn fit(&mut self, block: &Block, width: f32, parent: NodeId) -> Vec<Slice> {
        let Block::Fit {
            runs,
            style,
            min_size,
            max_lines,
            centred,
            space_after,
        } = block
        else {
            return Vec::new();
        };
        let node = self.structure.add(parent, Role::P);
        let size = self.fitting_size(runs, style, *min_size, *max_lines, width);
        let mut set = self.set(runs, &sized(style, size), width);
        if *centred {
            centre_lines(&mut set, width);
        }
        let mut slices = self.lines(set, node, true);
        if let Some(last) = slices.last_mut() {
            last.space_after = *space_after;
            last.after = Break::Allow;
        }
        slices
    }

    /// The size a [`Block::Fit`] is set at (see there).
    fn fitting_size(
        &mut self,
        runs: &[Run],
        style: &TextStyle,
        min_size: f32,
        max_lines: usize,
        width: f32,
    ) -> f32 {
        let max = style.size;
        let min = min_size.clamp(SIZE_STEP, max);
        // 1. One line: the natural width at the largest size says which
        // size should just hold it (a width is proportional to the size).
        let natural = self.trial(runs, style, max, f32::INFINITY);
        let natural_width = natural.lines.iter().map(|l| l.width).fold(0.0, f32::max);
        if natural.lines.len() <= 1 && natural_width <= width + WIDTH_SLACK {
            return max;
        }
        if natural.lines.len() <= 1 && natural_width > 0.0 {
            let mut size = floor_step((max * width / natural_width).min(max));
            for _ in 0..ONE_LINE_TRIALS {
                if size < min {
                    break;
                }
                if holds(&self.trial(runs, style, size, width), 1, width) {
                    return size;
                }
                size = floor_step(size - SIZE_STEP);
            }
        }
        // 2. More lines: the largest size that holds it on `max_lines`.
        if !holds(&self.trial(runs, style, min, width), max_lines, width) {
            return min;
        }
        let (mut lo, mut hi) = (min, max);
        for _ in 0..SEARCH_STEPS {
            let mid = (lo + hi) / 2.0;
            if holds(&self.trial(runs, style, mid, width), max_lines, width) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let size = floor_step(lo).max(min);
        if holds(&self.trial(runs, style, size, width), max_lines, width) {
            size
        } else {
            min
        }
    }

    /// `runs` set at `size` in `width`, its statistics not counted.
    fn trial(&mut self, runs: &[Run], style: &TextStyle, size: f32, width: f32) -> SetParagraph {
        self.setter.set(runs, &sized(style, size), &[width])
    }

    /// The one slice of a [`Block::Frame`].
    pub(super) fn frame_box(&mut self, block: &Block, parent: NodeId) -> Vec<Slice> {
        let Block::Frame {
            width,
            height,
            blocks,
            turned,
            space_after,
        } = block
        else {
            return Vec::new();
        };
        let mut slice = Slice::new(*height);
        let mut y = 0.0f32;
        let mut bottom = 0.0f32;
        // Boxes inside: (panel, top, bottom), drawn below the text.
        let mut frames: Vec<(usize, f32, f32)> = Vec::new();
        let mut items = Vec::new();
        for b in blocks {
            for s in self.slices(b, *width, parent) {
                if bottom > 0.0 {
                    y += s.space_before;
                }
                if let Some(p) = s.panel {
                    match frames.iter_mut().find(|f| f.0 == p) {
                        Some(f) => f.2 = y + s.height,
                        None => frames.push((p, y, y + s.height)),
                    }
                }
                for mut item in s.items {
                    shift_item(&mut item, 0.0, y);
                    items.push(item);
                }
                for (title, level, dy) in s.bookmarks {
                    slice.bookmarks.push((title, level, dy + y));
                }
                bottom = bottom.max(y + s.height);
                y += s.height + s.space_after;
            }
        }
        let mut all: Vec<Item> = frames
            .iter()
            .flat_map(|&(p, top, end)| self.panels[p].items(0.0, top, end - top))
            .collect();
        all.append(&mut items);
        if bottom > *height + WIDTH_SLACK {
            self.quality.overfull += 1;
        }
        let offset = ((*height - bottom) / 2.0).max(0.0);
        for item in &mut all {
            shift_item(item, 0.0, offset);
        }
        if *turned {
            all.insert(
                0,
                Item {
                    content: Content::Rotate {
                        center: (width / 2.0, height / 2.0),
                        degrees: 180.0,
                    },
                    tag: Tag::Artifact,
                },
            );
            all.push(Item {
                content: Content::EndRotate,
                tag: Tag::Artifact,
            });
        }
        slice.items = all;
        slice.space_after = *space_after;
        vec![slice]
    }
}

/// `style` at `size`, as display lines, its leading in proportion.
fn sized(style: &TextStyle, size: f32) -> TextStyle {
    let ratio = if style.size > 0.0 {
        style.leading / style.size
    } else {
        1.2
    };
    TextStyle {
        size,
        leading: size * ratio,
        ..style.clone().as_display()
    }
}

/// Whether a set text holds on at most `lines` lines of `width`, no word broken.
fn holds(set: &SetParagraph, lines: usize, width: f32) -> bool {
    set.lines.len() <= lines
        && set.quality.forced_breaks == 0
        && set.lines.iter().all(|l| l.width <= width + WIDTH_SLACK)
}

/// `size` rounded down to [`SIZE_STEP`].
fn floor_step(size: f32) -> f32 {
    ((size / SIZE_STEP) + 1e-3).floor() * SIZE_STEP
}

/// Each line moved to the middle of `width`.
fn centre_lines(set: &mut SetParagraph, width: f32) {
    for line in &mut set.lines {
        let shift = ((width - line.width) / 2.0).max(0.0);
        for run in &mut line.runs {
            run.x += shift;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::document::{Color, Document};
    use super::super::super::fonts::{FontBook, Weight};
    use super::super::super::hyphen::Hyphenator;
    use super::super::super::paragraph::Setter;
    use super::super::super::shape::Shaper;
    use super::super::{PageTemplate, Rect};
    use super::*;

    /// An A4 page with 20 pt margins and no footer.
    struct Page;

    impl PageTemplate for Page {
        fn size(&self) -> (f32, f32) {
            (595.0, 842.0)
        }
        fn body(&self, _: usize) -> Rect {
            Rect {
                x: 20.0,
                y: 20.0,
                w: 555.0,
                h: 802.0,
            }
        }
        fn footer(&self, _: usize, _: usize) -> Vec<(String, bool)> {
            Vec::new()
        }
        fn footer_baseline(&self) -> f32 {
            830.0
        }
        fn footer_rule(&self) -> Option<(f32, Color)> {
            None
        }
    }

    fn layout(blocks: &[Block]) -> Document {
        let mut shaper = Shaper::new(FontBook::builtin());
        let hyphenator = Hyphenator::default();
        let mut setter = Setter::new(&mut shaper, &hyphenator, "fr");
        Flow::new(&mut setter).run(blocks, &Page)
    }

    fn fit(text: &str, width: f32) -> Block {
        Block::Frame {
            width,
            height: 200.0,
            blocks: vec![Block::Fit {
                runs: vec![Run::plain(text)],
                style: TextStyle {
                    size: 40.0,
                    leading: 44.0,
                    color: Color::BLACK,
                    link_color: Color::BLACK,
                    weight: Weight::Bold,
                    justify: false,
                    hyphenate: false,
                    display: true,
                },
                min_size: 20.0,
                max_lines: 2,
                centred: true,
                space_after: 0.0,
            }],
            turned: false,
            space_after: 0.0,
        }
    }

    /// (size, left, right, baseline) of each text run.
    fn runs(doc: &Document) -> Vec<(f32, f32, f32, f32)> {
        doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match &i.content {
                Content::Text(r) => Some((r.size, r.x, r.x + r.width(), r.y)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_short_text_keeps_its_size_and_is_centred() {
        let doc = layout(&[fit("Ana", 300.0)]);
        let runs = runs(&doc);
        assert_eq!(runs.len(), 1, "{runs:?}");
        let (size, left, right, _) = runs[0];
        assert_eq!(size, 40.0);
        // Centred in the 300 pt frame placed at x = 20.
        assert!(((left - 20.0) - (320.0 - right)).abs() < 0.5, "{runs:?}");
    }

    #[test]
    fn a_long_text_shrinks_then_takes_two_lines_never_wider_than_its_box() {
        // Shrinks: one line, smaller than 40 pt, no wider than the box.
        let doc = layout(&[fit("Marie-Hélène d’Ornano", 300.0)]);
        let one = runs(&doc);
        let baselines: Vec<f32> = one.iter().map(|r| r.3).collect();
        assert!(baselines.windows(2).all(|w| w[0] == w[1]), "{one:?}");
        assert!(one.iter().all(|r| r.0 < 40.0 && r.0 >= 20.0), "{one:?}");
        let (left, right) = (one[0].1, one.last().unwrap().2);
        assert!(left >= 20.0 - 0.01 && right <= 320.01, "{one:?}");
        // Too long for one line at 20 pt: two lines, each within the box.
        let line_count = |doc: &Document| {
            let mut lines: Vec<f32> = runs(doc).iter().map(|r| r.3).collect();
            lines.dedup();
            lines.len()
        };
        let doc = layout(&[fit("Association pour la coopération décentralisée", 300.0)]);
        let two = runs(&doc);
        assert_eq!(line_count(&doc), 2, "{two:?}");
        assert!(two.iter().all(|r| r.0 > 20.0 && r.0 < 40.0), "{two:?}");
        assert!(two.iter().all(|r| r.1 >= 19.99 && r.2 <= 320.01), "{two:?}");
        // Too long for two lines at the smallest size: more lines at it,
        // still within the box.
        let doc = layout(&[fit(
            "Association pour la coopération décentralisée des territoires ruraux",
            300.0,
        )]);
        let three = runs(&doc);
        assert_eq!(line_count(&doc), 3, "{three:?}");
        assert!(
            three
                .iter()
                .all(|r| r.0 == 20.0 && r.1 >= 19.99 && r.2 <= 320.01),
            "{three:?}"
        );
        assert_eq!(doc.quality.overfull, 0);
    }

    #[test]
    fn a_frame_centres_its_content_and_a_turned_one_is_drawn_upside_down() {
        let upright = layout(&[fit("Ana", 300.0)]);
        let (_, _, _, baseline) = runs(&upright)[0];
        // One 44 pt line centred in the 200 pt frame at y = 20.
        assert!(
            baseline > 20.0 + 78.0 && baseline < 20.0 + 122.0,
            "{baseline}"
        );
        let Block::Frame {
            width,
            height,
            blocks,
            ..
        } = fit("Ana", 300.0)
        else {
            unreachable!()
        };
        let turned = layout(&[Block::Frame {
            width,
            height,
            blocks,
            turned: true,
            space_after: 0.0,
        }]);
        let items = &turned.pages[0].items;
        assert!(matches!(
            items.first().map(|i| &i.content),
            Some(Content::Rotate { center, degrees }) if *center == (170.0, 120.0) && *degrees == 180.0
        ));
        assert!(matches!(
            items.last().map(|i| &i.content),
            Some(Content::EndRotate)
        ));
        // The same text, at the same place before the turn.
        assert_eq!(runs(&turned), runs(&upright));
    }
}
