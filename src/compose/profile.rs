//! Typesetting profiles: the standard edition, and the large-print one
//! (« gros caractères ») for readers with low vision, after the RNIB's Clear
//! Print guidance and that of the French associations for the visually
//! impaired.
//!
//! The composers write every text in the standard typographic scale; a
//! profile then restyles the composition as a whole ([`Profile::apply`]):
//! sizes taken up to the large-print scale (body 14 pt, nothing under
//! 12 pt, headings clearly larger), line spacing of at least 1.4, ragged
//! right without hyphenation, and every text at 7:1 against the colour
//! painted beneath it. What depends on the page's geometry (one column on
//! A4, the tiles' figure size, a table's time column, the footer) asks the
//! profile while it is composed. The layout engine then reflows the same
//! content on as many pages as it needs: nothing is scaled.

use super::Composed;
use crate::layout::document::Color;
use crate::layout::flow::Block;
use crate::layout::paragraph::TextStyle;
use crate::model::Paper;

/// How the texts of an output are set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Profile {
    /// The standard edition: two columns on A4, justified and hyphenated
    /// body text at 9.5 pt.
    #[default]
    Standard,
    /// The large-print edition (« gros caractères »).
    LargePrint,
}

/// Large print: the body size. RNIB Clear Print asks for 12 pt at least and
/// recommends 14 pt for a wide readership; large print starts there.
pub const LARGE_BODY: f32 = 14.0;
/// Large print: no text is smaller (sources, captions, footers, labels),
/// the RNIB's floor for any printed text.
pub const LARGE_MIN: f32 = 12.0;
/// Large print: the least line spacing, as a multiple of the size (1.4:
/// the French associations' and WCAG 1.4.12's 1.5 for body text reads
/// generously at 14 pt, 1.4 keeps headings together).
pub const LARGE_LINE_SPACING: f32 = 1.4;
/// Large print: the least contrast of any text with what lies beneath it,
/// WCAG's enhanced level (AAA) for body text.
pub const LARGE_CONTRAST: f64 = 7.0;

/// Large print: the least space after a paragraph followed by another, as a
/// share of its line spacing (Clear Print: leave a space between
/// paragraphs).
const PARAGRAPH_SPACE: f32 = 0.4;
/// The least space (pt) after a paragraph that the standard edition sets
/// apart from the next one (1.4 mm; a title over its text has less).
const PARAGRAPH_GAP: f32 = 1.4 * 72.0 / 25.4;

/// The large-print scale: standard sizes (pt) and their large-print sizes,
/// interpolated between. Footers and sources (7.5 pt) rise to the 12 pt
/// floor, body text (9.5) to 14, section headings (12) to 18, a sheet's
/// title (25) to 30, the collection's cover title (30) to 34: every step
/// of the standard hierarchy stays a step, headings clearly above the body.
const SCALE: [(f32, f32); 5] = [
    (7.5, LARGE_MIN),
    (9.5, LARGE_BODY),
    (12.0, 18.0),
    (25.0, 30.0),
    (30.0, 34.0),
];

/// The running footer's size in the standard edition: small enough to
/// recede (the layout's default).
const STANDARD_FOOTER: f32 = 7.5;

impl Profile {
    /// The size (pt) of a text written at `standard` pt in the standard
    /// scale.
    pub fn size(self, standard: f32) -> f32 {
        match self {
            Profile::Standard => standard,
            Profile::LargePrint => large_size(standard),
        }
    }

    /// The paper its pages are set on, for an edition on `paper`: large
    /// print stays on A4 (or Letter), never on the A5 of a booklet, whose
    /// lines would hold too few words at 14 pt.
    pub fn paper(self, paper: Paper) -> Paper {
        match (self, paper) {
            (Profile::LargePrint, Paper::A5) => Paper::A4,
            _ => paper,
        }
    }

    /// How many body columns a page `fit` columns wide gets.
    pub fn columns(self, fit: usize) -> usize {
        match self {
            Profile::Standard => fit,
            // One column: the eye never jumps to the top of another one.
            Profile::LargePrint => 1,
        }
    }

    /// The running footer's size (pt).
    pub fn footer_size(self) -> f32 {
        self.size(STANDARD_FOOTER)
    }

    /// The side margins (mm).
    pub fn side_margin_mm(self) -> f32 {
        match self {
            Profile::Standard => super::sheet::SIDE_MARGIN_MM,
            // 170 mm of text on A4: some 65–70 characters a line at 14 pt
            // in Inter, the Clear Print line (60 to 70).
            Profile::LargePrint => 20.0,
        }
    }

    /// The bottom margin (mm), which holds the footer.
    pub fn bottom_margin_mm(self) -> f32 {
        match self {
            Profile::Standard => super::sheet::BOTTOM_MARGIN_MM,
            // Two 12 pt footer lines stay below the rule and 8 mm clear of
            // the edge, out of an office printer's unprintable band.
            Profile::LargePrint => 22.0,
        }
    }

    /// The footer's baseline below the body's foot (mm).
    pub fn footer_drop_mm(self) -> f32 {
        match self {
            Profile::Standard => 7.0,
            // 12 pt lines set astride it, their tops below the rule at 3 mm.
            Profile::LargePrint => 11.0,
        }
    }

    /// How many times the standard page limits a sheet may take: large
    /// print holds about a third of a standard page's text on a page
    /// ((14 / 9.5)² × the wider leading, one column, ragged).
    pub fn pages_factor(self) -> usize {
        match self {
            Profile::Standard => 1,
            Profile::LargePrint => 3,
        }
    }

    /// Restyles a composition written in the standard scale: nothing for
    /// the standard profile; for large print, every text style and the
    /// colours beneath them (see the module's documentation).
    pub fn apply(self, composed: &mut Composed) {
        composed.template.profile = self;
        if self == Profile::LargePrint {
            large_blocks(&mut composed.blocks, Color::WHITE);
        }
    }
}

/// [`SCALE`], interpolated; above its top, sizes grow as in the standard
/// scale; below its foot, [`LARGE_MIN`].
fn large_size(standard: f32) -> f32 {
    let (first, last) = (SCALE[0], SCALE[SCALE.len() - 1]);
    if standard <= first.0 {
        return first.1;
    }
    if standard >= last.0 {
        return last.1 + (standard - last.0);
    }
    let k = SCALE
        .windows(2)
        .position(|w| standard <= w[1].0)
        .unwrap_or(SCALE.len() - 2);
    let ((s0, l0), (s1, l1)) = (SCALE[k], SCALE[k + 1]);
    l0 + (standard - s0) / (s1 - s0) * (l1 - l0)
}

/// A text style in large print on `ground`.
fn large_style(style: &mut TextStyle, ground: Color) {
    let size = large_size(style.size);
    let spacing = (style.leading / style.size.max(0.1)).max(LARGE_LINE_SPACING);
    style.size = size;
    style.leading = size * spacing;
    // Ragged right, words whole: even spaces and no word cut in two.
    style.justify = false;
    style.hyphenate = false;
    style.color = contrasting(style.color, ground);
    style.link_color = contrasting(style.link_color, ground);
    // A link colour lighter than a dark ground takes the text's colour:
    // reading it comes first.
    if style.link_color.contrast(ground) < LARGE_CONTRAST {
        style.link_color = style.color;
    }
}

/// `color` darkened until it reads at [`LARGE_CONTRAST`] on `ground` (a
/// light text on a dark ground is left: its ground is darkened instead, see
/// [`ground_for`]).
fn contrasting(color: Color, ground: Color) -> Color {
    if color.contrast(ground) >= LARGE_CONTRAST || color.luminance() > ground.luminance() {
        return color;
    }
    let mut c = color;
    // Each step takes a tenth off every channel: 30 steps reach black.
    for _ in 0..30 {
        if c.contrast(ground) >= LARGE_CONTRAST {
            break;
        }
        c = scale(c, 0.9);
    }
    c
}

/// Every channel multiplied by `k` (below 1: darker).
fn scale(c: Color, k: f32) -> Color {
    let f = |v: u8| (f32::from(v) * k).round().clamp(0.0, 255.0) as u8;
    Color::rgb(f(c.r), f(c.g), f(c.b))
}

/// The colour of a box's ground such that each of its texts can read at
/// [`LARGE_CONTRAST`]: darkened under light text (white on a band), made
/// lighter under dark text the darkest ink would not clear.
fn ground_for(fill: Color, texts: &[Color]) -> Color {
    let mut ground = fill;
    for &text in texts {
        if text.luminance() > ground.luminance() {
            for _ in 0..30 {
                if text.contrast(ground) >= LARGE_CONTRAST {
                    break;
                }
                ground = scale(ground, 0.9);
            }
        } else {
            let mut lighter = 0.0;
            while Color::BLACK.contrast(ground) < LARGE_CONTRAST && lighter < 1.0 {
                lighter += 0.1;
                ground = fill.tint(lighter);
            }
        }
    }
    ground
}

/// The text colours of `blocks` painted straight on their ground (not in
/// a box of their own).
fn texts_on(blocks: &[Block], out: &mut Vec<Color>) {
    for block in blocks {
        match block {
            Block::Heading { style, .. }
            | Block::Paragraph { style, .. }
            | Block::Fit { style, .. } => {
                out.push(style.color);
            }
            Block::Leaders {
                style,
                number_style,
                ..
            } => out.extend([style.color, number_style.color]),
            Block::List {
                items,
                label_style,
                boxed,
                ..
            } if boxed.is_none_or(|b| b.fill.is_none()) => {
                out.push(label_style.color);
                for (_, item) in items {
                    texts_on(item, out);
                }
            }
            Block::Panel {
                fill: None, blocks, ..
            }
            | Block::Group { blocks, .. }
            | Block::Decoration { blocks }
            | Block::Keep(blocks)
            | Block::Entry(blocks)
            | Block::Frame { blocks, .. }
            | Block::Columns { blocks, .. } => texts_on(blocks, out),
            Block::Float(block) => texts_on(std::slice::from_ref(block), out),
            Block::Generated { blocks, .. } => {
                blocks.iter().for_each(|b| texts_on(&[b], out));
            }
            Block::Row { cells, .. } => {
                for (_, cell) in cells {
                    texts_on(cell, out);
                }
            }
            _ => {}
        }
    }
}

/// Large print over `blocks`, painted on `ground`.
fn large_blocks(blocks: &mut [Block], ground: Color) {
    for block in blocks.iter_mut() {
        match block {
            Block::Heading { style, .. } => large_style(style, ground),
            Block::Fit {
                style, min_size, ..
            } => {
                large_style(style, ground);
                *min_size = large_size(*min_size);
            }
            Block::Paragraph {
                style, space_after, ..
            } => {
                large_style(style, ground);
                // Paragraphs set apart by a clear space, not a sliver (a
                // title's smaller space to its text stays).
                if *space_after >= PARAGRAPH_GAP {
                    *space_after = space_after.max(PARAGRAPH_SPACE * style.leading);
                }
            }
            Block::Leaders {
                style,
                number_style,
                ..
            } => {
                large_style(style, ground);
                large_style(number_style, ground);
            }
            Block::List {
                items,
                label_style,
                boxed,
                ..
            } => {
                let ground = match boxed.as_mut().and_then(|b| b.fill.as_mut()) {
                    Some(fill) => {
                        let mut texts = vec![label_style.color];
                        for (_, item) in items.iter() {
                            texts_on(item, &mut texts);
                        }
                        *fill = ground_for(*fill, &texts);
                        *fill
                    }
                    None => ground,
                };
                large_style(label_style, ground);
                for (_, item) in items {
                    large_blocks(item, ground);
                }
            }
            Block::Panel { fill, blocks, .. } => {
                let ground = match fill {
                    Some(fill) => {
                        let mut texts = Vec::new();
                        texts_on(blocks, &mut texts);
                        *fill = ground_for(*fill, &texts);
                        *fill
                    }
                    None => ground,
                };
                large_blocks(blocks, ground);
            }
            Block::Group { blocks, .. }
            | Block::Decoration { blocks }
            | Block::Keep(blocks)
            | Block::Entry(blocks)
            | Block::Frame { blocks, .. }
            | Block::Columns { blocks, .. } => large_blocks(blocks, ground),
            Block::Float(block) => large_blocks(std::slice::from_mut(block.as_mut()), ground),
            // Made later: each block as it is made.
            Block::Generated { blocks, .. } => {
                blocks.change(move |b| large_blocks(std::slice::from_mut(b), ground));
            }
            Block::Row { cells, .. } => {
                for (_, cell) in cells {
                    large_blocks(cell, ground);
                }
            }
            Block::Image { .. } | Block::Drawing { .. } | Block::Spacer(_) | Block::PageBreak => {}
        }
    }
    // One column: the eye never has to find the top of the next one.
    for block in blocks.iter_mut() {
        if let Block::Columns { count, .. } = block {
            *count = 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::flow::Panel;
    use crate::layout::fonts::Weight;

    #[test]
    fn the_large_print_scale_keeps_the_hierarchy_above_its_floors() {
        let p = Profile::LargePrint;
        assert_eq!(p.size(9.5), LARGE_BODY);
        assert_eq!(p.size(7.5), LARGE_MIN);
        assert_eq!(p.size(5.0), LARGE_MIN);
        assert_eq!(p.size(12.0), 18.0);
        assert!(p.size(8.6) >= LARGE_MIN && p.size(8.6) < LARGE_BODY);
        let mut last = 0.0;
        for tenth in 75..400 {
            let s = p.size(tenth as f32 / 10.0);
            assert!(s >= last, "{tenth}");
            last = s;
        }
        assert_eq!(Profile::Standard.size(9.5), 9.5);
    }

    #[test]
    fn large_print_texts_read_at_7_to_1_on_their_ground() {
        let grey = Color::rgb(0x55, 0x55, 0x55);
        let tint = Color::rgb(0xF4, 0xEE, 0xF2);
        let teal = Color::rgb(0x1B, 0x6B, 0x73);
        let style = |color| TextStyle {
            size: 7.6,
            leading: 10.2,
            color,
            link_color: teal,
            weight: Weight::Regular,
            justify: true,
            hyphenate: true,
            display: false,
        };
        let paragraph = |color| Block::Paragraph {
            runs: Vec::new(),
            style: style(color),
            space_before: 0.0,
            space_after: 0.0,
        };
        let mut blocks = vec![
            Panel::new(vec![paragraph(grey)]).fill(tint).block(),
            // White on the teal band (5.9:1): the band darkens.
            Panel::new(vec![paragraph(Color::WHITE)]).fill(teal).block(),
        ];
        large_blocks(&mut blocks, Color::WHITE);
        for block in &blocks {
            let Block::Panel {
                fill: Some(fill),
                blocks,
                ..
            } = block
            else {
                panic!()
            };
            let Block::Paragraph { style, .. } = &blocks[0] else {
                panic!()
            };
            assert!(style.color.contrast(*fill) >= LARGE_CONTRAST, "{style:?}");
            assert!(style.link_color.contrast(*fill) >= LARGE_CONTRAST);
            assert!(style.size >= LARGE_MIN && style.size < LARGE_BODY);
            assert!(style.leading >= LARGE_LINE_SPACING * style.size);
            assert!(!style.justify && !style.hyphenate);
        }
    }
}
