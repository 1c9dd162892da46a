//! Natural Earth's country shapes (TopoJSON, `world-atlas`) to `monde.bin`.
//!
//! Format (little-endian): `ANCM` magic, u16 version (1), u16 width and u16
//! height of the grid, u16 country count; per country its u16 ISO numeric
//! code (0 when Natural Earth gives none), u16 ring count, then per ring a u16
//! point count and its points as zigzag LEB128 varints, x then y, each the
//! difference from the previous point (the first from 0, 0). Grid units: the
//! Equal Earth projection of the world (Antarctica left out) scaled to
//! [`GRID`] units wide, y downwards.

use std::fs;
use std::path::Path;

use serde_json::Value;

/// Grid width: 4 096 units over a map printed at most 18 cm wide is 0.04 mm
/// a unit, finer than print; the numbers stay small enough for 1–2 byte deltas.
const GRID: f64 = 4096.0;

/// Douglas–Peucker tolerance, in grid units: 2.5 units is 0.1 mm on a 17 cm
/// map, below what the eye resolves, and halves the point count.
const TOLERANCE: f64 = 2.5;

/// Antarctica's ISO numeric code: left out, it takes a fifth of the map's
/// height and holds no partner.
const ANTARCTICA: u16 = 10;

/// A closed ring of projected points.
type Ring = Vec<(f64, f64)>;

/// Equal Earth (Šavrič, Patterson, Jenny 2018): (x, y) with y up, from degrees.
fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let (lambda, phi) = (lon.to_radians(), lat.to_radians());
    let theta = (m * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = lambda * theta.cos() / (m * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// Converts `countries-110m.json` to the bytes of `monde.bin`.
pub fn convert(path: &Path) -> Vec<u8> {
    let topo: Value = serde_json::from_str(&fs::read_to_string(path).expect("fichier world-atlas"))
        .expect("JSON valide");
    let scale = &topo["transform"]["scale"];
    let translate = &topo["transform"]["translate"];
    let (sx, sy) = (scale[0].as_f64().unwrap(), scale[1].as_f64().unwrap());
    let (tx, ty) = (
        translate[0].as_f64().unwrap(),
        translate[1].as_f64().unwrap(),
    );
    // 1. Arcs: delta-decoded, to degrees, projected.
    let arcs: Vec<Vec<(f64, f64)>> = topo["arcs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    x += p[0].as_i64().unwrap();
                    y += p[1].as_i64().unwrap();
                    equal_earth(x as f64 * sx + tx, y as f64 * sy + ty)
                })
                .collect()
        })
        .collect();
    // 2. Countries: rings of projected points.
    let mut countries: Vec<(u16, Vec<Ring>)> = Vec::new();
    for g in topo["objects"]["countries"]["geometries"]
        .as_array()
        .unwrap()
    {
        let id: u16 = g["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0);
        if id == ANTARCTICA {
            continue;
        }
        let polygons: Vec<&Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["arcs"]],
            Some("MultiPolygon") => g["arcs"].as_array().unwrap().iter().collect(),
            _ => continue,
        };
        let mut rings = Vec::new();
        for polygon in polygons {
            for ring in polygon.as_array().unwrap() {
                let mut points: Vec<(f64, f64)> = Vec::new();
                for index in ring.as_array().unwrap() {
                    let i = index.as_i64().unwrap();
                    let mut arc = if i >= 0 {
                        arcs[i as usize].clone()
                    } else {
                        let mut a = arcs[(!i) as usize].clone();
                        a.reverse();
                        a
                    };
                    if !points.is_empty() {
                        arc.remove(0);
                    }
                    points.extend(arc);
                }
                rings.push(points);
            }
        }
        countries.push((id, rings));
    }
    // 3. The grid: the projected bounds scaled to GRID units wide, y down.
    let all = countries.iter().flat_map(|(_, r)| r.iter().flatten());
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in all {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let k = GRID / (x1 - x0);
    let height = ((y1 - y0) * k).ceil();
    let mut out = b"ANCM".to_vec();
    for v in [1u16, GRID as u16, height as u16, countries.len() as u16] {
        out.extend(v.to_le_bytes());
    }
    let mut points_kept = 0;
    for (id, rings) in &countries {
        let rings: Vec<Vec<(i64, i64)>> = rings
            .iter()
            .map(|ring| {
                let grid: Vec<(f64, f64)> = ring
                    .iter()
                    .map(|&(x, y)| ((x - x0) * k, (y1 - y) * k))
                    .collect();
                let mut kept: Vec<(i64, i64)> = simplify(&grid)
                    .into_iter()
                    .map(|(x, y)| (x.round() as i64, y.round() as i64))
                    .collect();
                kept.dedup();
                kept
            })
            .filter(|r| r.len() >= 4)
            // A ring crossing the antimeridian (Fiji's, Chukotka's islands)
            // would be drawn as a stripe across the whole map: left out.
            .filter(|r| {
                r.windows(2)
                    .all(|w| (w[1].0 - w[0].0).abs() < (GRID / 2.0) as i64)
            })
            .collect();
        out.extend(id.to_le_bytes());
        out.extend((rings.len() as u16).to_le_bytes());
        for ring in &rings {
            out.extend((ring.len() as u16).to_le_bytes());
            let mut last = (0, 0);
            for &p in ring {
                varint(&mut out, p.0 - last.0);
                varint(&mut out, p.1 - last.1);
                last = p;
            }
            points_kept += ring.len();
        }
    }
    eprintln!("{} pays, {points_kept} points", countries.len());
    out
}

fn varint(out: &mut Vec<u8>, v: i64) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    loop {
        let byte = (z & 0x7F) as u8;
        z >>= 7;
        if z == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Douglas–Peucker on a closed ring (its first and last points kept).
fn simplify(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (pa, pb) = (points[a], points[b]);
        let (mut best, mut at) = (0.0, a);
        for (i, &p) in points.iter().enumerate().take(b).skip(a + 1) {
            let d = distance(p, pa, pb);
            if d > best {
                best = d;
                at = i;
            }
        }
        if best > TOLERANCE {
            keep[at] = true;
            stack.push((a, at));
            stack.push((at, b));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// Distance from `p` to the segment `a`–`b`.
fn distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return ((p.0 - a.0).powi(2) + (p.1 - a.1).powi(2)).sqrt();
    }
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0);
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}
