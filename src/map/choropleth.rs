//! A map of counts (a choropleth): the countries filled by a sequential
//! colour scale in a few classes, cropped to the region that holds them, and
//! their names set beside it in two columns, each joined to its country by a
//! leader line, so that no two labels ever collide.

use crate::layout::document::{Color, Content};
use crate::layout::flow::Block;
use crate::layout::inline::Run;
use crate::layout::paragraph::TextStyle;

use super::{FRANCE_NUMERIC, Region, extent, paths, world};

/// The sequential scale, light to dark: ColorBrewer's « Blues » from its
/// fourth step, so that the lightest class still stands out from the land
/// with no partner ([`super::LAND`], about 1.4:1), and the darkest stays
/// apart from France's dark grey in hue.
pub const STEPS: [Color; 5] = [
    Color::rgb(0x9E, 0xCA, 0xE1),
    Color::rgb(0x6B, 0xAE, 0xD6),
    Color::rgb(0x42, 0x92, 0xC6),
    Color::rgb(0x21, 0x71, 0xB5),
    Color::rgb(0x08, 0x51, 0x9C),
];

/// One class of the scale: the counts from `low` to `high`, in `color`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Class {
    /// Smallest count of the class.
    pub low: usize,
    /// Largest count of the class.
    pub high: usize,
    /// Its fill.
    pub color: Color,
}

/// The classes of a set of counts (zeros left out): one per distinct count
/// when there are at most [`STEPS`]' length of them, else that many classes
/// holding as equal a number of distinct counts as can be; coloured by steps
/// spread over the whole scale.
pub fn classes(counts: &[usize]) -> Vec<Class> {
    let mut distinct: Vec<usize> = counts.iter().copied().filter(|&n| n > 0).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let n = distinct.len().min(STEPS.len());
    (0..n)
        .map(|i| {
            let (from, to) = (i * distinct.len() / n, (i + 1) * distinct.len() / n - 1);
            let step = if n == 1 {
                STEPS.len() / 2
            } else {
                (i * (STEPS.len() - 1) + (n - 1) / 2) / (n - 1)
            };
            Class {
                low: distinct[from],
                high: distinct[to],
                color: STEPS[step],
            }
        })
        .collect()
}

/// The colour of a count in `classes`.
pub fn color_of(classes: &[Class], count: usize) -> Option<Color> {
    classes
        .iter()
        .find(|c| (c.low..=c.high).contains(&count))
        .map(|c| c.color)
}

/// Margin around the countries when the map is cropped: a tenth of the
/// region's size, so that a coast is not cut by the frame.
const ZOOM_MARGIN: f32 = 0.1;

/// Beyond this share of the world's width, a crop saves too little to be
/// worth it: the whole world is drawn.
const ZOOM_LIMIT: f32 = 0.6;

/// The region to draw: the main lands of `countries` and France with a
/// margin, or the whole world when they spread over most of it.
pub fn region(countries: &[u16]) -> Region {
    let world = world();
    let whole = Region::whole(world);
    let mut boxes = countries
        .iter()
        .chain([&FRANCE_NUMERIC])
        .filter_map(|&n| extent(n));
    let Some(first) = boxes.next() else {
        return whole;
    };
    let b = boxes.fold(first, |a, b| Region {
        x0: a.x0.min(b.x0),
        y0: a.y0.min(b.y0),
        x1: a.x1.max(b.x1),
        y1: a.y1.max(b.y1),
    });
    let (dx, dy) = (b.width() * ZOOM_MARGIN, b.height() * ZOOM_MARGIN);
    let r = Region {
        x0: (b.x0 - dx).max(0.0),
        y0: (b.y0 - dy).max(0.0),
        x1: (b.x1 + dx).min(world.width),
        y1: (b.y1 + dy).min(world.height),
    };
    if r.width() > world.width * ZOOM_LIMIT {
        whole
    } else {
        r
    }
}

/// A country's name beside the map.
#[derive(Debug, Clone)]
pub struct Label {
    /// What is printed: « Sénégal (4) ».
    pub text: String,
    /// The point it names, in grid units.
    pub anchor: (f32, f32),
    /// Its printed width (pt), measured by the caller in `style`.
    pub width: f32,
}

/// Blank between a label and the end of its leader line (pt).
const LEADER_GAP: f32 = 2.5;

/// Margin between the map's frame and the label columns (pt): room for the
/// leader lines to leave the frame before they reach the text.
const MAP_MARGIN: f32 = 10.0;

/// Leader lines: thin, dark grey, over land and sea alike.
const LEADER: (Color, f32) = (Color::rgb(0x33, 0x33, 0x33), 0.5);

/// Side of the square marking a label's anchor (pt).
const DOT: f32 = 2.2;

/// The tops of labels `height` tall wanted at `wanted` (sorted), moved apart
/// so that none overlaps the next, and kept within `0..=room - height`.
pub fn spread(wanted: &[f32], height: f32, room: f32) -> Vec<f32> {
    let mut tops: Vec<f32> = Vec::with_capacity(wanted.len());
    for &y in wanted {
        let floor = tops.last().map_or(0.0, |t| t + height);
        tops.push(y.max(floor).max(0.0));
    }
    let mut ceiling = room;
    for top in tops.iter_mut().rev() {
        *top = top.min(ceiling - height);
        ceiling = *top;
    }
    // When they do not fit, they start at the top and run over the foot.
    if tops.first().is_some_and(|&t| t < 0.0) {
        for (i, top) in tops.iter_mut().enumerate() {
            *top = i as f32 * height;
        }
    }
    tops
}

/// The map of `region`, `map_width` points wide and framed, filled by
/// `fill`, with `labels` set in `style` in a column on each side (those
/// whose anchor is left of the centre on the left), each joined to its
/// anchor. The drawing is a tagged figure with `alt`; the labels, which say
/// the same, are decoration.
pub fn labelled_map(
    region: &Region,
    map_width: f32,
    fill: &dyn Fn(u16) -> Option<Color>,
    labels: &[Label],
    style: &TextStyle,
    alt: String,
) -> Block {
    let scale = map_width / region.width();
    let map_height = region.height() * scale;
    let to_pt = |(x, y): (f32, f32)| {
        (
            MAP_MARGIN + (x - region.x0) * scale,
            (y - region.y0) * scale,
        )
    };
    let width = map_width + 2.0 * MAP_MARGIN;
    let column = labels.iter().map(|l| l.width).fold(0.0, f32::max) + LEADER_GAP;
    let mut content: Vec<Content> = paths(region, map_width, fill)
        .into_iter()
        .map(|mut c| {
            if let Content::Path { x, .. } = &mut c {
                *x = MAP_MARGIN;
            }
            c
        })
        .collect();
    content.push(Content::Rect {
        x: MAP_MARGIN,
        y: 0.0,
        w: map_width,
        h: map_height,
        fill: None,
        stroke: Some((Color::rgb(0x99, 0x99, 0x99), 0.5)),
        radius: 0.0,
    });
    let mut cells = Vec::new();
    for left in [true, false] {
        let mut side: Vec<(&Label, (f32, f32))> = labels
            .iter()
            .map(|l| (l, to_pt(l.anchor)))
            .filter(|(_, p)| (p.0 < width / 2.0) == left)
            .collect();
        side.sort_by(|a, b| a.1.1.total_cmp(&b.1.1));
        let height = style.leading;
        let wanted: Vec<f32> = side.iter().map(|(_, p)| p.1 - height / 2.0).collect();
        let tops = spread(&wanted, height, map_height);
        let mut blocks = Vec::new();
        let mut y = 0.0;
        for ((label, at), top) in side.iter().zip(&tops) {
            if *top > y {
                blocks.push(Block::Spacer(top - y));
            }
            blocks.push(Block::Paragraph {
                runs: vec![Run::plain(&label.text)],
                style: style.clone(),
                space_before: 0.0,
                space_after: 0.0,
            });
            y = top + height;
            let end = if left {
                -column + label.width + LEADER_GAP
            } else {
                width - LEADER_GAP
            };
            let mid = top + height / 2.0;
            content.push(Content::Line {
                from: *at,
                to: (end, mid),
                color: LEADER.0,
                width: LEADER.1,
            });
            content.push(Content::Rect {
                x: at.0 - DOT / 2.0,
                y: at.1 - DOT / 2.0,
                w: DOT,
                h: DOT,
                fill: Some(LEADER.0),
                stroke: Some((Color::WHITE, 0.4)),
                radius: DOT / 2.0,
            });
        }
        cells.push((column, vec![Block::Decoration { blocks }]));
    }
    let right = cells.pop().expect("two sides");
    let left = cells.pop().expect("two sides");
    let drawing = Block::Drawing {
        width,
        height: map_height,
        content,
        alt: Some(alt),
        space_after: 0.0,
    };
    Block::Row {
        cells: vec![left, (width, vec![drawing]), right],
        gap: 0.0,
        space_after: 0.0,
    }
}

/// The width a map may take between two label columns `column` wide in
/// `room` points, and no taller than `max_height`.
pub fn fit(region: &Region, room: f32, column: f32, max_height: f32) -> f32 {
    let by_width = room - 2.0 * (column + LEADER_GAP + MAP_MARGIN);
    let by_height = max_height * region.width() / region.height();
    by_width.min(by_height).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_take_one_distinct_count_each_up_to_five() {
        let c = classes(&[1, 4, 3, 1, 2, 3, 0]);
        let ranges: Vec<(usize, usize)> = c.iter().map(|c| (c.low, c.high)).collect();
        assert_eq!(ranges, [(1, 1), (2, 2), (3, 3), (4, 4)]);
        assert_eq!(c[0].color, STEPS[0]);
        assert_eq!(c[3].color, STEPS[4]);
        let many = classes(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(many.len(), 5);
        assert_eq!((many[0].low, many[0].high), (1, 2));
        assert_eq!((many[4].low, many[4].high), (9, 10));
        assert_eq!(color_of(&many, 6), Some(STEPS[2]));
        assert_eq!(color_of(&many, 11), None);
    }

    #[test]
    fn spread_labels_never_overlap_and_stay_in_the_room() {
        let tops = spread(&[10.0, 11.0, 12.0, 95.0], 10.0, 100.0);
        for pair in tops.windows(2) {
            assert!(pair[1] >= pair[0] + 10.0 - 1e-3, "{tops:?}");
        }
        assert!(tops[3] <= 90.0, "{tops:?}");
        assert_eq!(tops[0], 10.0);
    }

    #[test]
    fn clip_keeps_what_is_inside() {
        let square = vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        let r = Region {
            x0: 5.0,
            y0: -1.0,
            x1: 20.0,
            y1: 20.0,
        };
        let cut = super::super::clip(&square, &r);
        assert!(cut.iter().all(|p| p.0 >= 5.0), "{cut:?}");
        assert!(cut.contains(&(10.0, 10.0)), "{cut:?}");
        assert!((super::super::area(&cut).abs() - 50.0).abs() < 1e-3);
    }

    #[test]
    fn the_region_of_west_africa_and_europe_is_a_crop() {
        let countries: Vec<u16> = ["SN", "ML", "RO", "MG"]
            .iter()
            .filter_map(|c| super::super::numeric(c))
            .collect();
        let r = region(&countries);
        assert!(r.width() < world().width * ZOOM_LIMIT, "{r:?}");
        let far = ["BR", "JP"].iter().filter_map(|c| super::super::numeric(c));
        let wide: Vec<u16> = countries.iter().copied().chain(far).collect();
        assert_eq!(region(&wide).width(), world().width);
    }
}
