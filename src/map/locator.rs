//! A locator map (« carte de situation »): the partner countries filled in
//! a colour, framed on their region with their neighbours in light grey, so
//! that a West-African country is a shape the eye finds rather than a
//! speck on a world map; France in dark grey when the frame can hold it,
//! else a small world in a corner, the frame marked on it, which keeps the
//! reader's bearings.

use crate::layout::document::{Color, Content};
use crate::layout::flow::Block;

use super::{FRANCE, FRANCE_NUMERIC, Region, area, clip, extent, paths, world};

/// Width over height of the frame: 3:2, a landscape that sits beside the
/// identity lines without making their box much taller.
pub const ASPECT: f32 = 1.5;

/// The least width of a frame, in grid units (4 096 across the world): 420,
/// about 37° of longitude at the equator, the width of West Africa from
/// Dakar to Lake Chad. A small country (Togo, 1.5° wide) is then seen among
/// its neighbours, and Senegal is some 10 mm wide on a 60 mm map.
const MIN_SPAN: f32 = 420.0;

/// Room around the partner countries, as a share of their extent on each
/// side: their neighbours and a coast are seen around them.
const MARGIN: f32 = 0.3;

/// The least share of a frame holding France that the partner countries
/// keep, across or down: almost a third. Morocco is then seen with France,
/// some 13 mm high on a 60 mm map; Mali or Senegal would shrink to a few
/// millimetres: a world in a corner shows where they are.
const FRANCE_SHARE: f32 = 0.3;

/// Beyond this share of the world's width, the frame is the whole world.
const WHOLE_WORLD: f32 = 0.75;

/// Width of the world in a corner, as a share of the map's width: 0.3,
/// 18 mm on a 60 mm map, enough to tell the continents apart.
const INSET_SHARE: f32 = 0.3;

/// The land of the world in a corner: a mid grey, darker than the big
/// map's, so that continents a few millimetres wide, drawn without
/// borders, stand out from the sea.
const INSET_LAND: Color = Color::rgb(0xB4, 0xB4, 0xB0);

/// The sea inside the frame.
const SEA: Color = Color::WHITE;

/// The frame's line: a mid grey, as the collection's map.
const FRAME: (Color, f32) = (Color::rgb(0x99, 0x99, 0x99), 0.5);

/// What a locator map shows: its region, and whether France is in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The region drawn, in grid units.
    pub region: Region,
    /// France is inside the region (else the world in a corner shows it).
    pub france_inside: bool,
}

/// The box around the main lands of `countries` (those the map draws).
fn bounds(countries: &[u16]) -> Option<Region> {
    countries
        .iter()
        .filter_map(|&n| extent(n))
        .reduce(|a, b| Region {
            x0: a.x0.min(b.x0),
            y0: a.y0.min(b.y0),
            x1: a.x1.max(b.x1),
            y1: a.y1.max(b.y1),
        })
}

/// The share of `frame` that `b` spans, across or down, whichever is more.
fn share(b: &Region, frame: &Region) -> f32 {
    (b.width() / frame.width()).max(b.height() / frame.height())
}

/// The frame around `b`: [`MARGIN`] on each side, at least [`MIN_SPAN`]
/// wide, at the [`ASPECT`], centred on it (unclamped).
fn around(b: &Region) -> Region {
    let mut w = (b.width() * (1.0 + 2.0 * MARGIN)).max(MIN_SPAN);
    let mut h = b.height() * (1.0 + 2.0 * MARGIN);
    if w / h < ASPECT {
        w = h * ASPECT;
    } else {
        h = w / ASPECT;
    }
    let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
    Region {
        x0: cx - w / 2.0,
        y0: cy - h / 2.0,
        x1: cx + w / 2.0,
        y1: cy + h / 2.0,
    }
}

/// `r` moved inside the world, its size kept; `None` when it does not fit.
fn inside_world(r: Region) -> Option<Region> {
    let world = world();
    if r.width() > world.width * WHOLE_WORLD || r.height() > world.height {
        return None;
    }
    let dx = (-r.x0).max(0.0) - (r.x1 - world.width).max(0.0);
    let dy = (-r.y0).max(0.0) - (r.y1 - world.height).max(0.0);
    Some(Region {
        x0: r.x0 + dx,
        y0: r.y0 + dy,
        x1: r.x1 + dx,
        y1: r.y1 + dy,
    })
}

/// The frame of a locator map of `countries` (ISO numeric codes): their
/// region, with France when that costs little; the whole world when they
/// spread over most of it; `None` when the map draws none of them (the
/// Comoros, too small at this scale).
pub fn frame(countries: &[u16]) -> Option<Frame> {
    let partners = bounds(countries)?;
    let with_france = bounds(&[countries, &[FRANCE_NUMERIC]].concat())
        .map(|b| around(&b))
        .filter(|r| share(&partners, r) >= FRANCE_SHARE)
        .and_then(inside_world)
        .map(|region| Frame {
            region,
            france_inside: true,
        });
    let own = || {
        inside_world(around(&partners)).map(|region| Frame {
            region,
            france_inside: false,
        })
    };
    Some(with_france.or_else(own).unwrap_or(Frame {
        region: Region::whole(world()),
        france_inside: true,
    }))
}

/// Land drawn inside `r` (grid units²): every ring clipped to it.
fn land_in(r: &Region) -> f32 {
    world()
        .shapes
        .iter()
        .flat_map(|s| &s.rings)
        .map(|ring| area(&clip(ring, r)).abs())
        .sum()
}

/// Whether two regions overlap.
fn overlaps(a: &Region, b: &Region) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

/// The corner of `frame` where the world in a corner, `w` × `h` grid units
/// of it, hides the least: off the partner countries `partners`, then over
/// the least land (the sea, ideally). Its top-left corner, in grid units.
fn inset_corner(frame: &Region, partners: &Region, w: f32, h: f32) -> (f32, f32) {
    let corners = [
        (frame.x0, frame.y1 - h),
        (frame.x1 - w, frame.y1 - h),
        (frame.x0, frame.y0),
        (frame.x1 - w, frame.y0),
    ];
    let cost = |&(x, y): &(f32, f32)| {
        let r = Region {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        };
        (overlaps(&r, partners), land_in(&r))
    };
    corners
        .into_iter()
        .map(|c| (cost(&c), c))
        .min_by(|(a, _), (b, _)| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map_or(corners[0], |(_, c)| c)
}

/// A locator map of `countries` `width` points wide (its height by
/// [`ASPECT`]): each filled in `accent`, their neighbours in [`super::LAND`] on a
/// white sea, France in [`FRANCE`]; framed. A tagged figure with `alt`;
/// `None` when the map draws none of the countries.
pub fn locator_map(countries: &[u16], width: f32, accent: Color, alt: String) -> Option<Block> {
    let frame = frame(countries)?;
    let region = frame.region;
    let height = region.height() * width / region.width();
    let fill = |n: u16| countries.contains(&n).then_some(accent);
    let mut content = vec![rect(0.0, 0.0, width, height, Some(SEA), None)];
    content.extend(paths(&region, width, &fill));
    if !frame.france_inside {
        let partners = bounds(countries)?;
        content.extend(inset(&region, &partners, width, &fill));
    }
    content.push(rect(0.0, 0.0, width, height, None, Some(FRAME)));
    Some(Block::Drawing {
        width,
        height,
        content,
        alt: Some(alt),
        space_after: 0.0,
    })
}

/// The world in a corner of a map of `region` `width` points wide, with
/// the region marked on it.
fn inset(
    region: &Region,
    partners: &Region,
    width: f32,
    fill: &dyn Fn(u16) -> Option<Color>,
) -> Vec<Content> {
    let whole = Region::whole(world());
    let scale = width / region.width();
    let (w, h) = (
        width * INSET_SHARE,
        width * INSET_SHARE * whole.height() / whole.width(),
    );
    let (gx, gy) = inset_corner(region, partners, w / scale, h / scale);
    let (x, y) = ((gx - region.x0) * scale, (gy - region.y0) * scale);
    let mut out = vec![rect(x, y, w, h, Some(SEA), Some(FRAME))];
    // Without the borders, which would eat countries this small.
    out.extend(paths(&whole, w, fill).into_iter().map(|mut c| {
        if let Content::Path {
            x: px,
            y: py,
            fill,
            stroke,
            ..
        } = &mut c
        {
            (*px, *py) = (x, y);
            *stroke = None;
            if *fill == Some(super::LAND) {
                *fill = Some(INSET_LAND);
            }
        }
        c
    }));
    // Where the big map is, on the small world: a dark outline.
    let k = w / whole.width();
    out.push(rect(
        x + region.x0 * k,
        y + region.y0 * k,
        region.width() * k,
        region.height() * k,
        None,
        Some((FRANCE, 0.6)),
    ));
    out
}

fn rect(
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    fill: Option<Color>,
    stroke: Option<(Color, f32)>,
) -> Content {
    Content::Rect {
        x,
        y,
        w,
        h,
        fill,
        stroke,
        radius: 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::numeric;

    fn codes(list: &[&str]) -> Vec<u16> {
        list.iter().map(|c| numeric(c).unwrap()).collect()
    }

    /// Issue 16: the experience sheets' locator showed the whole world, where
    /// Senegal was 1 mm wide. Framed on its region, it is a tenth of the
    /// frame at least, with room around it, and France is in the corner.
    #[test]
    fn a_locator_frames_the_partner_region_not_the_world() {
        let world = world();
        for list in [
            &["SN"][..],
            &["ML"],
            &["BF", "ML"],
            &["TG"],
            &["CM"],
            &["MG"],
            &["VN"],
            &["HT"],
        ] {
            let countries = codes(list);
            let f = frame(&countries).expect("drawn");
            let b = bounds(&countries).unwrap();
            let r = f.region;
            assert!(r.width() < world.width * 0.2, "{list:?}: {r:?}");
            let least = if list == ["HT"] { 0.08 } else { 0.2 };
            assert!(share(&b, &r) > least, "{list:?}: too small");
            assert!(b.x0 > r.x0 && b.x1 < r.x1 && b.y0 > r.y0 && b.y1 < r.y1);
            assert!((r.width() / r.height() - ASPECT).abs() < 0.01);
            assert!(r.x0 >= 0.0 && r.x1 <= world.width && r.y0 >= 0.0);
        }
        assert!(!frame(&codes(&["SN"])).unwrap().france_inside);
        assert!(frame(&codes(&["MA"])).unwrap().france_inside);
    }

    #[test]
    fn a_country_over_a_continent_is_framed_whole_and_a_small_state_not_at_all() {
        let world = world();
        for big in [&["BR"][..], &["CN"], &["AU"], &["DZ"], &["SN", "MG"]] {
            let countries = codes(big);
            let r = frame(&countries).unwrap().region;
            let b = bounds(&countries).unwrap();
            assert!(b.x0 >= r.x0 && b.x1 <= r.x1 && b.y0 >= r.y0 && b.y1 <= r.y1);
            assert!(r.x0 >= 0.0 && r.x1 <= world.width && r.y1 <= world.height);
            assert!(r.width() < world.width * WHOLE_WORLD, "{big:?}: the world");
        }
        // The Comoros are not drawn at this scale: no map rather than one
        // that shows no partner.
        assert!(frame(&codes(&["KM"])).is_none());
        let block = locator_map(&codes(&["KM"]), 170.0, FRANCE, String::new());
        assert!(block.is_none());
    }

    #[test]
    fn the_world_in_a_corner_stays_off_the_partner_country() {
        let countries = codes(&["SN"]);
        let f = frame(&countries).unwrap();
        let b = bounds(&countries).unwrap();
        let whole = Region::whole(world());
        let w = f.region.width() * INSET_SHARE;
        let h = w * whole.height() / whole.width();
        let (x, y) = inset_corner(&f.region, &b, w, h);
        let corner = Region {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        };
        assert!(!overlaps(&corner, &b));
    }
}
