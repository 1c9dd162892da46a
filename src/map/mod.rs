//! The world as data: French country names by ISO 3166-1 code and Natural
//! Earth's country shapes (Equal Earth projection), embedded from
//! `assets/monde/` (converted once by `tools/monde`; origin and licence there),
//! and the maps drawn from them.

use std::sync::{Arc, OnceLock};

use crate::layout::document::{Color, Content};
use crate::resolve::values;

pub mod choropleth;
pub mod locator;

/// The shapes: see `tools/monde/src/shapes.rs` for the format.
const WORLD_BIN: &[u8] = include_bytes!("../../assets/monde/monde.bin");

/// A closed ring of points.
pub type Ring = Vec<(f32, f32)>;

/// One country's shape, in grid units (y down).
#[derive(Debug, Clone)]
pub struct Shape {
    /// ISO 3166-1 numeric code (0 when Natural Earth gives none).
    pub numeric: u16,
    /// Closed rings.
    pub rings: Vec<Ring>,
}

/// The world map: its grid size and every country's shape.
#[derive(Debug, Clone)]
pub struct World {
    /// Grid width (units).
    pub width: f32,
    /// Grid height (units).
    pub height: f32,
    /// The countries, Antarctica left out.
    pub shapes: Vec<Shape>,
}

/// The embedded world, decoded once.
pub fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| decode(WORLD_BIN).expect("the embedded map is valid"))
}

fn decode(bytes: &[u8]) -> Option<World> {
    let mut at = 4;
    if bytes.get(..4)? != b"ANCM" {
        return None;
    }
    let u16_ = |at: &mut usize| -> Option<u16> {
        let v = u16::from_le_bytes([*bytes.get(*at)?, *bytes.get(*at + 1)?]);
        *at += 2;
        Some(v)
    };
    let (_version, width, height, count) = (
        u16_(&mut at)?,
        u16_(&mut at)?,
        u16_(&mut at)?,
        u16_(&mut at)?,
    );
    let varint = |at: &mut usize| -> Option<i64> {
        let (mut z, mut shift) = (0u64, 0);
        loop {
            let byte = *bytes.get(*at)?;
            *at += 1;
            z |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        Some((z >> 1) as i64 ^ -((z & 1) as i64))
    };
    let mut shapes = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let numeric = u16_(&mut at)?;
        let rings_count = u16_(&mut at)?;
        let mut rings = Vec::with_capacity(rings_count as usize);
        for _ in 0..rings_count {
            let n = u16_(&mut at)?;
            let (mut x, mut y) = (0i64, 0i64);
            let mut ring = Vec::with_capacity(n as usize);
            for _ in 0..n {
                x += varint(&mut at)?;
                y += varint(&mut at)?;
                ring.push((x as f32, y as f32));
            }
            rings.push(ring);
        }
        shapes.push(Shape { numeric, rings });
    }
    Some(World {
        width: f32::from(width),
        height: f32::from(height),
        shapes,
    })
}

/// Whether the map has a shape for this ISO numeric code (small island
/// states such as the Comoros are not in the 1:110m data).
pub fn has_shape(numeric: u16) -> bool {
    world().shapes.iter().any(|s| s.numeric == numeric)
}

/// Land with no partner: a light grey that a country filled with the
/// lightest step of a scale still stands out from (about 1.3:1).
pub const LAND: Color = Color::rgb(0xE4, 0xE4, 0xE0);

/// France, marked on every map: the house's ink, darkest on the page.
pub const FRANCE: Color = Color::rgb(0x33, 0x33, 0x33);

/// Map units per point: 4, a quarter of a point, below what print shows.
const UNITS_PER_POINT: f32 = 4.0;

/// ISO numeric code of France.
pub const FRANCE_NUMERIC: u16 = 250;

/// A rectangle of the map, in grid units (y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

impl Region {
    /// Width (units).
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height (units).
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// The whole map of `world`.
    fn whole(world: &World) -> Region {
        Region {
            x0: 0.0,
            y0: 0.0,
            x1: world.width,
            y1: world.height,
        }
    }

    /// Whether it holds the whole map (then nothing is clipped).
    fn is_whole(&self, world: &World) -> bool {
        self.x0 <= 0.0 && self.y0 <= 0.0 && self.x1 >= world.width && self.y1 >= world.height
    }
}

/// The countries inside `region`, drawn `width` points wide: one path per
/// colour, France in [`FRANCE`], the others in `fill`'s colour or [`LAND`];
/// clipped to the region unless it is the whole world.
pub fn paths(region: &Region, width: f32, fill: &dyn Fn(u16) -> Option<Color>) -> Vec<Content> {
    let world = world();
    let whole = region.is_whole(world);
    // Grid units merged k by k so that one is about a quarter of a point:
    // finer detail does not print, and costs bytes.
    let k = (region.width() / width / UNITS_PER_POINT).floor().max(1.0);
    let scale = width * k / region.width();
    let mut by_colour: Vec<(Color, Vec<Ring>)> = Vec::new();
    for shape in &world.shapes {
        let colour = if shape.numeric == FRANCE_NUMERIC {
            FRANCE
        } else {
            fill(shape.numeric).unwrap_or(LAND)
        };
        let rings = shape.rings.iter().filter_map(|ring| {
            let clipped;
            let ring = if whole {
                ring
            } else {
                clipped = clip(ring, region);
                &clipped
            };
            let mut coarse: Vec<(f32, f32)> = ring
                .iter()
                .map(|(x, y)| (((x - region.x0) / k).round(), ((y - region.y0) / k).round()))
                .collect();
            coarse.dedup();
            (coarse.len() >= 3).then_some(coarse)
        });
        match by_colour.iter_mut().find(|(c, _)| *c == colour) {
            Some((_, all)) => all.extend(rings),
            None => by_colour.push((colour, rings.collect())),
        }
    }
    if !whole {
        by_colour.retain(|(_, rings)| !rings.is_empty());
    }
    // One path per colour, the land first: fewer colour changes, and the
    // partners drawn over their neighbours' shared borders.
    by_colour.sort_by_key(|(c, _)| *c != LAND);
    by_colour
        .into_iter()
        .map(|(colour, rings)| Content::Path {
            x: 0.0,
            y: 0.0,
            scale,
            rings: Arc::new(rings),
            fill: Some(colour),
            stroke: Some((Color::WHITE, 0.25)),
        })
        .collect()
}

/// A ring cut to a rectangle (Sutherland–Hodgman): what lies outside is
/// moved onto the rectangle's sides, which a fill does not show.
pub fn clip(ring: &[(f32, f32)], r: &Region) -> Ring {
    type Inside = fn(&(f32, f32), &Region) -> bool;
    type Cross = fn((f32, f32), (f32, f32), &Region) -> (f32, f32);
    let sides: [(Inside, Cross); 4] = [
        (|p, r| p.0 >= r.x0, |a, b, r| cross_x(a, b, r.x0)),
        (|p, r| p.0 <= r.x1, |a, b, r| cross_x(a, b, r.x1)),
        (|p, r| p.1 >= r.y0, |a, b, r| cross_y(a, b, r.y0)),
        (|p, r| p.1 <= r.y1, |a, b, r| cross_y(a, b, r.y1)),
    ];
    let mut out: Ring = ring.to_vec();
    for (inside, cross) in sides {
        let input = std::mem::take(&mut out);
        let Some(&last) = input.last() else {
            break;
        };
        let mut previous = last;
        for &point in &input {
            match (inside(&point, r), inside(&previous, r)) {
                (true, true) => out.push(point),
                (true, false) => {
                    out.push(cross(previous, point, r));
                    out.push(point);
                }
                (false, true) => out.push(cross(previous, point, r)),
                (false, false) => {}
            }
            previous = point;
        }
    }
    out
}

/// Where segment a–b crosses the vertical line at `x`.
fn cross_x(a: (f32, f32), b: (f32, f32), x: f32) -> (f32, f32) {
    (x, a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0))
}

/// Where segment a–b crosses the horizontal line at `y`.
fn cross_y(a: (f32, f32), b: (f32, f32), y: f32) -> (f32, f32) {
    (a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1), y)
}

/// A country's main land: its largest ring (metropolitan France, not
/// French Guiana), in grid units.
fn main_ring(numeric: u16) -> Option<&'static Ring> {
    let shape = world().shapes.iter().find(|s| s.numeric == numeric)?;
    shape
        .rings
        .iter()
        .max_by(|a, b| area(a).abs().total_cmp(&area(b).abs()))
}

/// Signed area of a ring (shoelace).
fn area(ring: &[(f32, f32)]) -> f32 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum::<f32>()
        / 2.0
}

/// Where a country's label points: the centroid of its main land, in grid
/// units; none for a country the map does not draw.
pub fn anchor(numeric: u16) -> Option<(f32, f32)> {
    let ring = main_ring(numeric)?;
    let a = area(ring);
    if a.abs() < f32::EPSILON {
        return ring.first().copied();
    }
    let n = ring.len();
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..n {
        let (p, q) = (ring[i], ring[(i + 1) % n]);
        let cross = p.0 * q.1 - q.0 * p.1;
        cx += (p.0 + q.0) * cross;
        cy += (p.1 + q.1) * cross;
    }
    Some((cx / (6.0 * a), cy / (6.0 * a)))
}

/// The box of a country's main land, in grid units.
pub fn extent(numeric: u16) -> Option<Region> {
    let ring = main_ring(numeric)?;
    let mut r = Region {
        x0: f32::MAX,
        y0: f32::MAX,
        x1: f32::MIN,
        y1: f32::MIN,
    };
    for &(x, y) in ring {
        r.x0 = r.x0.min(x);
        r.y0 = r.y0.min(y);
        r.x1 = r.x1.max(x);
        r.y1 = r.y1.max(y);
    }
    Some(r)
}

/// The converted table of `i18n-iso-countries` (MIT): code, numeric code, French name.
const COUNTRIES_TSV: &str = include_str!("../../assets/monde/pays.tsv");

/// One country of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case: `SN`.
    pub code: &'static str,
    /// ISO 3166-1 numeric code, the key of Natural Earth's shapes: `686`.
    pub numeric: &'static str,
    /// French name: « Sénégal ».
    pub name: &'static str,
}

/// The ISO numeric code of an alpha-2 code, if known.
pub fn numeric(code: &str) -> Option<u16> {
    country(code).and_then(|c| c.numeric.parse().ok())
}

/// Every country, sorted by code.
pub fn countries() -> &'static [Country] {
    static TABLE: OnceLock<Vec<Country>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COUNTRIES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let mut cells = l.split('\t');
                Some(Country {
                    code: cells.next()?,
                    numeric: cells.next()?,
                    name: cells.next()?,
                })
            })
            .collect()
    })
}

/// The country with this alpha-2 code (exact, upper case).
pub fn country(code: &str) -> Option<&'static Country> {
    let table = countries();
    table
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .map(|i| &table[i])
}

/// The French name of a code, or the code itself when unknown.
pub fn name(code: &str) -> &str {
    country(code).map_or(code, |c| c.name)
}

/// The country a wrong `pays` value most likely means: the same code in
/// lower case, a French name written out (« Sénégal »), or a name one typo
/// away.
pub fn suggest(value: &str) -> Option<&'static Country> {
    if let Some(c) = country(&value.trim().to_uppercase()) {
        return Some(c);
    }
    let wanted = values::slugify(value.trim());
    let table = countries();
    if let Some(c) = table.iter().find(|c| values::slugify(c.name) == wanted) {
        return Some(c);
    }
    let best = values::closest(value, table.iter().map(|c| c.name))?;
    table.iter().find(|c| c.name == best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_suggestions() {
        assert_eq!(name("SN"), "Sénégal");
        assert_eq!(name("KM"), "Comores");
        assert_eq!(country("SN").unwrap().numeric, "686");
        assert!(country("sn").is_none());
        assert_eq!(suggest("sn").unwrap().code, "SN");
        assert_eq!(suggest("Senegal").unwrap().code, "SN");
        assert_eq!(suggest("Cameroon").unwrap().code, "CM");
        assert!(suggest("XQ").is_none());
        assert!(countries().len() > 240);
    }

    #[test]
    fn the_embedded_world_decodes_with_france_and_the_partner_countries() {
        let world = world();
        assert!(world.shapes.len() > 170, "{}", world.shapes.len());
        // The Comoros are too small for Natural Earth's 1:110m countries.
        assert!(!has_shape(numeric("KM").unwrap()));
        for code in [
            "FR", "SN", "ML", "TN", "BJ", "TG", "CM", "MG", "BF", "RO", "MA",
        ] {
            let n = numeric(code).unwrap();
            let shape = world.shapes.iter().find(|s| s.numeric == n);
            assert!(shape.is_some_and(|s| !s.rings.is_empty()), "{code}");
        }
        let inside = |&(x, y): &(f32, f32)| {
            (0.0..=world.width).contains(&x) && (0.0..=world.height).contains(&y)
        };
        assert!(
            world
                .shapes
                .iter()
                .flat_map(|s| s.rings.iter().flatten())
                .all(inside)
        );
    }
}
