//! The band across the top of every page of a draft (issue 17 § 6):
//! « Document de travail – non validé », drawn as decoration (an artifact:
//! seen on every page, not read as content).

use super::labels::labels;
use super::mm;
use super::sheet::{INK, SIDE_MARGIN_MM, plain_style};
use crate::layout::document::Color;
use crate::layout::flow::{Block, PageTemplate, Panel, Rect};
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::model::Language;

/// Top of the band (mm from the page's top edge): clear of the 3 mm an
/// office printer may not print, and its 5.5 mm end above the 9 mm where a
/// sheet's title band starts its pictogram and the 12 mm top margin of the
/// other pages.
pub const BAND_TOP_MM: f32 = 3.0;
/// Padding above and below the band's text (mm): a 5.5 mm band.
const BAND_PADDING_MM: f32 = 1.2;
/// Text size of the band (pt): bold, larger than the footer's 7.5 pt.
const BAND_SIZE: f32 = 8.5;
/// Ground of the band: a warning amber; the near-black text reads on it at
/// 11:1, and it stays a distinct mid grey in a grey-scale edition.
const BAND_GROUND: Color = Color::rgb(0xF5, 0xC2, 0x1B);

/// The band's blocks: a panel as wide as the page, its text decoration.
pub fn band(language: Language) -> Vec<Block> {
    let text = Block::Paragraph {
        runs: vec![Run::plain(labels(language).draft)],
        style: plain_style(BAND_SIZE, BAND_SIZE * 1.2, Weight::Bold, INK),
        space_before: 0.0,
        space_after: 0.0,
    };
    vec![Block::Decoration {
        blocks: vec![
            Panel::new(vec![text])
                .fill(BAND_GROUND)
                .padding(mm(BAND_PADDING_MM))
                .outset_sides(mm(SIDE_MARGIN_MM))
                .block(),
        ],
    }]
}

/// Where the band is laid out: a page of the given size whose body starts
/// [`BAND_TOP_MM`] from the top, between the side margins, without footer.
#[derive(Debug, Clone, Copy)]
pub struct BandTemplate {
    /// Page size (pt).
    pub size: (f32, f32),
}

impl PageTemplate for BandTemplate {
    fn size(&self) -> (f32, f32) {
        self.size
    }

    fn body(&self, _: usize) -> Rect {
        let side = mm(SIDE_MARGIN_MM);
        Rect {
            x: side,
            y: mm(BAND_TOP_MM),
            w: self.size.0 - 2.0 * side,
            h: self.size.1 - mm(BAND_TOP_MM),
        }
    }

    fn footer(&self, _: usize, _: usize) -> Vec<(String, bool)> {
        Vec::new()
    }

    fn footer_baseline(&self) -> f32 {
        self.size.1
    }

    fn footer_rule(&self) -> Option<(f32, Color)> {
        None
    }
}
