//! Generator for the pictograms and the fictitious commune logo used by `ancrage`.
//!
//! Every picture is drawn with `tiny-skia` in a 100 × 100 design space (one unit is
//! 1 % of the picture), then scaled to the output size. Pictograms are white line
//! icons on a transparent background, meant to sit on a coloured header band; the
//! logo is a two-colour emblem without any text.
//!
//! Usage: `ancrage-pictos <materials dir> [--planche <contact sheet.png>]`
//!
//! The output is deterministic: no randomness, no clock, no system font.

use std::path::{Path as FsPath, PathBuf};
use std::process::ExitCode;

use tiny_skia::{
    BlendMode, Color, FillRule, LineCap, LineJoin, Mask, Paint, Path, PathBuilder, Pixmap,
    PixmapPaint, Rect, Stroke, StrokeDash, Transform,
};

/// Side of a pictogram, in pixels.
const ICON_PX: u32 = 512;
/// Side of the logo, in pixels.
const LOGO_PX: u32 = 600;
/// Main stroke width, in design units (7 % of the picture).
const LINE: f32 = 7.0;
/// Secondary stroke width, for inner details.
const THIN: f32 = 5.0;
/// Gap left around a shape that overlaps another one.
const GAP: f32 = 4.0;

type Rgb = (u8, u8, u8);
const WHITE: Rgb = (0xFF, 0xFF, 0xFF);
const BLUE: Rgb = (0x1F, 0x4E, 0x79);
const ORANGE: Rgb = (0xE8, 0xA3, 0x3D);
const TEAL: Rgb = (0x0E, 0x4D, 0x57);
const PAPER: Rgb = (0xF4, 0xF1, 0xEA);

/// A pictogram: file name (without extension) and drawing function.
type Icon = (&'static str, fn(&mut Canvas));

/// The pictograms, in the order of the contact sheet.
const ICONS: [Icon; 16] = [
    ("developpement-durable", developpement_durable),
    ("developpement-economique", developpement_economique),
    ("jeunesse", jeunesse),
    (
        "education-citoyennete-mondiale",
        education_citoyennete_mondiale,
    ),
    ("culture-patrimoine", culture_patrimoine),
    ("sante", sante),
    ("eau-assainissement", eau_assainissement),
    ("dechets-economie-circulaire", dechets_economie_circulaire),
    ("energie", energie),
    ("agriculture-alimentation", agriculture_alimentation),
    ("egalite-femmes-hommes", egalite_femmes_hommes),
    ("migrations-participation", migrations_participation),
    ("urgence-humanitaire", urgence_humanitaire),
    ("mobilite-transports", mobilite_transports),
    ("gouvernance-locale", gouvernance_locale),
    ("europe-jumelages", europe_jumelages),
];

// ---------------------------------------------------------------------------
// Canvas and drawing helpers
// ---------------------------------------------------------------------------

/// A transparent pixmap plus the transform from design units to pixels.
struct Canvas {
    pixmap: Pixmap,
    ts: Transform,
    /// Optional clip applied to every drawing operation.
    clip: Option<Mask>,
}

impl Canvas {
    /// A transparent square canvas of `px` pixels mapped to 100 × 100 units.
    fn new(px: u32) -> Self {
        let s = px as f32 / 100.0;
        Canvas {
            pixmap: Pixmap::new(px, px).expect("non-zero size"),
            ts: Transform::from_scale(s, s),
            clip: None,
        }
    }

    /// Fills `path`, or strokes it when `stroke` is given, blending `color` by `mode`.
    fn draw(&mut self, path: &Path, stroke: Option<Stroke>, color: Rgb, mode: BlendMode) {
        let mut paint = Paint::default();
        paint.set_color_rgba8(color.0, color.1, color.2, 0xFF);
        paint.blend_mode = mode;
        let (ts, clip) = (self.ts, self.clip.as_ref());
        match stroke {
            Some(stroke) => self.pixmap.stroke_path(path, &paint, &stroke, ts, clip),
            None => self
                .pixmap
                .fill_path(path, &paint, FillRule::Winding, ts, clip),
        }
    }

    /// Fills a shape.
    fn fill(&mut self, path: &Path, color: Rgb) {
        self.draw(path, None, color, BlendMode::SourceOver);
    }

    /// Strokes a shape with round caps and joins.
    fn stroke(&mut self, path: &Path, width: f32, color: Rgb) {
        self.draw(path, Some(round(width)), color, BlendMode::SourceOver);
    }

    /// Strokes a shape with a dash pattern (lengths in design units).
    fn dashed(&mut self, path: &Path, width: f32, pattern: &[f32], color: Rgb) {
        let dash = StrokeDash::new(pattern.to_vec(), 0.0);
        let stroke = Stroke {
            dash,
            ..round(width)
        };
        self.draw(path, Some(stroke), color, BlendMode::SourceOver);
    }

    /// Makes a shape's area transparent again (cut-out).
    fn erase(&mut self, path: &Path) {
        self.draw(path, None, WHITE, BlendMode::DestinationOut);
    }

    /// Makes a stroke's area transparent again (cut-out line).
    fn erase_stroke(&mut self, path: &Path, width: f32) {
        self.draw(path, Some(round(width)), WHITE, BlendMode::DestinationOut);
    }

    /// Clears the surroundings of `path` by `GAP`, then fills it: the usual way
    /// to lay a shape in front of another one.
    fn fill_in_front(&mut self, path: &Path, color: Rgb) {
        self.erase_stroke(path, 2.0 * GAP);
        self.erase(path);
        self.fill(path, color);
    }

    /// Same as `fill_in_front`, for a stroked line.
    fn stroke_in_front(&mut self, path: &Path, width: f32, color: Rgb) {
        self.erase_stroke(path, width + 2.0 * GAP);
        self.stroke(path, width, color);
    }

    /// Restricts the following drawings to the inside of `path` (or lifts it).
    fn set_clip(&mut self, path: Option<&Path>) {
        self.clip = path.map(|p| {
            let mut mask = Mask::new(self.pixmap.width(), self.pixmap.height()).expect("size");
            mask.fill_path(p, FillRule::Winding, true, self.ts);
            mask
        });
    }
}

/// A stroke of `width` units with round caps and joins.
fn round(width: f32) -> Stroke {
    Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Stroke::default()
    }
}

/// Finishes a path builder; every shape drawn here is non-empty.
fn done(pb: PathBuilder) -> Path {
    pb.finish().expect("non-empty path")
}

/// Point at angle `deg` (clockwise on screen, 0° = east) on a circle.
fn polar(cx: f32, cy: f32, r: f32, deg: f32) -> (f32, f32) {
    let a = deg.to_radians();
    (cx + r * a.cos(), cy + r * a.sin())
}

/// Open (or closed) polyline through `points`.
fn poly(points: &[(f32, f32)], close: bool) -> Path {
    let mut pb = PathBuilder::new();
    pb.move_to(points[0].0, points[0].1);
    for &(x, y) in &points[1..] {
        pb.line_to(x, y);
    }
    if close {
        pb.close();
    }
    done(pb)
}

fn line(x0: f32, y0: f32, x1: f32, y1: f32) -> Path {
    poly(&[(x0, y0), (x1, y1)], false)
}

fn circle(cx: f32, cy: f32, r: f32) -> Path {
    PathBuilder::from_circle(cx, cy, r).expect("positive radius")
}

/// Appends a circular arc from `a0` to `a1` degrees (cubic Béziers, at most
/// 90° each), joined by a line to the current point if there is one.
fn push_arc(pb: &mut PathBuilder, cx: f32, cy: f32, r: f32, a0: f32, a1: f32) {
    let (x, y) = polar(cx, cy, r, a0);
    if pb.is_empty() {
        pb.move_to(x, y)
    } else {
        pb.line_to(x, y)
    }
    let n = ((a1 - a0).abs() / 90.0).ceil().max(1.0) as usize;
    let step = (a1 - a0) / n as f32;
    let k = 4.0 / 3.0 * (step.to_radians() / 4.0).tan() * r;
    for i in 0..n {
        // Each piece: end points on the circle, controls along the tangents.
        let s = (a0 + step * i as f32).to_radians();
        let e = s + step.to_radians();
        let (p0, p3) = (
            polar(cx, cy, r, s.to_degrees()),
            polar(cx, cy, r, e.to_degrees()),
        );
        let (c1, c2) = (
            (p0.0 - k * s.sin(), p0.1 + k * s.cos()),
            (p3.0 + k * e.sin(), p3.1 - k * e.cos()),
        );
        pb.cubic_to(c1.0, c1.1, c2.0, c2.1, p3.0, p3.1);
    }
}

fn arc(cx: f32, cy: f32, r: f32, a0: f32, a1: f32) -> Path {
    let mut pb = PathBuilder::new();
    push_arc(&mut pb, cx, cy, r, a0, a1);
    done(pb)
}

/// Rectangle with rounded corners of radius `r`.
fn rrect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Path {
    let mut pb = PathBuilder::new();
    push_arc(&mut pb, x + w - r, y + r, r, -90.0, 0.0);
    push_arc(&mut pb, x + w - r, y + h - r, r, 0.0, 90.0);
    push_arc(&mut pb, x + r, y + h - r, r, 90.0, 180.0);
    push_arc(&mut pb, x + r, y + r, r, 180.0, 270.0);
    pb.close();
    done(pb)
}

/// Ellipse centred on (`cx`, `cy`), rotated by `deg` degrees.
fn ellipse(cx: f32, cy: f32, rx: f32, ry: f32, deg: f32) -> Path {
    let oval = Rect::from_xywh(-rx, -ry, 2.0 * rx, 2.0 * ry).expect("positive radii");
    let ts = Transform::from_rotate(deg).post_translate(cx, cy);
    PathBuilder::from_oval(oval)
        .expect("oval")
        .transform(ts)
        .expect("finite")
}

/// Teardrop: a circle prolonged by two tangents up to a sharp apex at
/// (`cx`, `apex_y`), above or below the circle (water drop, map pin).
fn teardrop(cx: f32, cy: f32, r: f32, apex_y: f32) -> Path {
    let half = (r / (apex_y - cy).abs()).acos().to_degrees();
    let toward_apex = if apex_y < cy { -90.0 } else { 90.0 };
    let mut pb = PathBuilder::new();
    pb.move_to(cx, apex_y);
    let (a0, a1) = (toward_apex + half, toward_apex + 360.0 - half);
    push_arc(&mut pb, cx, cy, r, a0, a1);
    pb.close();
    done(pb)
}

/// Leaf (two symmetric arcs) from `a` to `b`; `bulge` sets its width.
fn leaf(a: (f32, f32), b: (f32, f32), bulge: f32) -> Path {
    let (mx, my) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let (nx, ny) = (-(b.1 - a.1) / len * bulge, (b.0 - a.0) / len * bulge);
    let mut pb = PathBuilder::new();
    pb.move_to(a.0, a.1);
    pb.quad_to(mx + nx, my + ny, b.0, b.1);
    pb.quad_to(mx - nx, my - ny, a.0, a.1);
    pb.close();
    done(pb)
}

/// One period of a wave starting at (`x`, `y`), `width` long: up, then down.
fn wave(x: f32, y: f32, width: f32, amplitude: f32) -> Path {
    let (q, a) = (width / 6.0, amplitude * 4.0 / 3.0);
    let mut pb = PathBuilder::new();
    pb.move_to(x, y);
    pb.cubic_to(x + q, y - a, x + 2.0 * q, y - a, x + 3.0 * q, y);
    pb.cubic_to(x + 4.0 * q, y + a, x + 5.0 * q, y + a, x + width, y);
    done(pb)
}

/// Filled arrow head whose base is centred on `at`, pointing towards `deg`.
fn arrow_head(c: &mut Canvas, at: (f32, f32), deg: f32, size: f32) {
    let tip = polar(at.0, at.1, size, deg);
    let left = polar(at.0, at.1, size * 0.75, deg - 90.0);
    let right = polar(at.0, at.1, size * 0.75, deg + 90.0);
    let head = poly(&[tip, left, right], true);
    c.fill(&head, WHITE);
    c.stroke(&head, 3.0, WHITE); // softens the corners
}

/// Head and shoulders of a person: head radius `r`, body down to `bottom`.
fn bust(cx: f32, head_y: f32, r: f32, bottom: f32) -> (Path, Path) {
    let hw = r * 1.9;
    let top = head_y + r * 1.45;
    let mut pb = PathBuilder::new();
    push_arc(&mut pb, cx, top + hw, hw, 180.0, 360.0);
    pb.line_to(cx + hw, bottom);
    pb.line_to(cx - hw, bottom);
    pb.close();
    (circle(cx, head_y, r), done(pb))
}

// ---------------------------------------------------------------------------
// Pictograms (white on transparent, design units 0..100, margin 10)
// ---------------------------------------------------------------------------

/// A sprout inside a circular arrow.
fn developpement_durable(c: &mut Canvas) {
    c.stroke(&arc(50.0, 50.0, 35.0, -48.0, 228.0), LINE, WHITE);
    arrow_head(c, polar(50.0, 50.0, 35.0, 228.0), 318.0, 11.0);
    // A sprout: a stem and two leaves.
    c.stroke(&line(50.0, 70.0, 50.0, 54.0), THIN, WHITE);
    c.fill(&leaf((50.0, 56.0), (28.0, 44.0), 17.0), WHITE);
    c.fill(&leaf((50.0, 56.0), (70.0, 34.0), 20.0), WHITE);
}

/// Three rising bars and an upward trend arrow.
fn developpement_economique(c: &mut Canvas) {
    for (x, top) in [(16.0, 66.0), (42.0, 54.0), (68.0, 40.0)] {
        c.fill(&rrect(x, top, 16.0, 86.0 - top, 3.0), WHITE);
    }
    let trend = [(14.0, 46.0), (34.0, 28.0), (50.0, 38.0), (72.0, 19.0)];
    c.stroke(&poly(&trend, false), LINE, WHITE);
    arrow_head(c, (72.0, 19.0), -40.8, 12.0);
}

/// Three young people, the middle one in front.
fn jeunesse(c: &mut Canvas) {
    for cx in [25.0, 75.0] {
        let (head, body) = bust(cx, 34.0, 8.0, 82.0);
        c.fill(&head, WHITE);
        c.fill(&body, WHITE);
    }
    let (head, body) = bust(50.0, 26.0, 10.5, 86.0);
    c.fill_in_front(&body, WHITE);
    c.fill_in_front(&head, WHITE);
}

/// An open book with a globe above it.
fn education_citoyennete_mondiale(c: &mut Canvas) {
    c.stroke(&circle(50.0, 30.0, 17.0), LINE, WHITE);
    c.stroke(&ellipse(50.0, 30.0, 7.0, 17.0, 0.0), THIN, WHITE);
    c.stroke(&line(33.0, 30.0, 67.0, 30.0), THIN, WHITE);
    for side in [-1.0, 1.0] {
        let x = |dx: f32| 50.0 + side * dx;
        let mut pb = PathBuilder::new();
        pb.move_to(50.0, 63.0);
        pb.quad_to(x(19.0), 53.0, x(36.0), 58.0);
        pb.line_to(x(36.0), 82.0);
        pb.quad_to(x(19.0), 77.0, 50.0, 87.0);
        pb.close();
        c.stroke(&done(pb), LINE, WHITE);
    }
}

/// A classical facade: pediment, four columns, steps.
fn culture_patrimoine(c: &mut Canvas) {
    let pediment = poly(&[(15.0, 33.0), (50.0, 13.0), (85.0, 33.0)], true);
    c.stroke(&pediment, LINE, WHITE);
    for x in [24.0, 41.0, 59.0, 76.0] {
        c.fill(&rrect(x - 4.5, 39.0, 9.0, 34.0, 1.5), WHITE);
    }
    c.stroke(&line(18.0, 79.0, 82.0, 79.0), LINE, WHITE);
    c.stroke(&line(13.0, 87.0, 87.0, 87.0), LINE, WHITE);
}

/// A heart with a medical cross cut out of it.
fn sante(c: &mut Canvas) {
    let mut pb = PathBuilder::new();
    pb.move_to(50.0, 87.0);
    pb.cubic_to(34.0, 76.0, 11.0, 60.0, 11.0, 38.0);
    pb.cubic_to(11.0, 24.0, 21.0, 14.0, 33.0, 14.0);
    pb.cubic_to(41.0, 14.0, 47.0, 19.0, 50.0, 25.0);
    pb.cubic_to(53.0, 19.0, 59.0, 14.0, 67.0, 14.0);
    pb.cubic_to(79.0, 14.0, 89.0, 24.0, 89.0, 38.0);
    pb.cubic_to(89.0, 60.0, 66.0, 76.0, 50.0, 87.0);
    pb.close();
    c.fill(&done(pb), WHITE);
    c.erase(&rrect(44.0, 29.0, 12.0, 38.0, 2.0));
    c.erase(&rrect(31.0, 42.0, 38.0, 12.0, 2.0));
}

/// A water drop holding two wave lines.
fn eau_assainissement(c: &mut Canvas) {
    c.stroke(&teardrop(50.0, 61.0, 26.0, 14.0), LINE, WHITE);
    for (y, half, amplitude) in [(61.0, 15.0, 3.8), (71.5, 10.0, 2.6)] {
        c.stroke(&wave(50.0 - half, y, 2.0 * half, amplitude), THIN, WHITE);
    }
}

/// Three chasing arrows around a triangle (recycling).
fn dechets_economie_circulaire(c: &mut Canvas) {
    let v: Vec<(f32, f32)> = [-90.0, 30.0, 150.0]
        .iter()
        .map(|&a| polar(50.0, 56.0, 42.0, a))
        .collect();
    let at = |i: usize, j: usize, t: f32| {
        let (p, q) = (v[i % 3], v[j % 3]);
        (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t)
    };
    for i in 0..3 {
        // From the middle of side (i-1 → i), around corner i, along side (i → i+1).
        let (p, i0, corner) = (i + 2, i + 3, i);
        let start = at(p, i0, 0.60);
        let before = at(p, i0, 0.86);
        let after = at(corner, i + 1, 0.14);
        let end = at(corner, i + 1, 0.36);
        let mut pb = PathBuilder::new();
        pb.move_to(start.0, start.1);
        pb.line_to(before.0, before.1);
        pb.quad_to(v[corner].0, v[corner].1, after.0, after.1);
        pb.line_to(end.0, end.1);
        c.stroke(&done(pb), LINE, WHITE);
        let dir = (end.1 - after.1).atan2(end.0 - after.0).to_degrees();
        arrow_head(c, end, dir, 11.0);
    }
}

/// A lightning bolt.
fn energie(c: &mut Canvas) {
    // Down the left edge to the bottom tip, then back up the right edge.
    let down = [(57.0, 14.0), (28.0, 54.0), (47.0, 54.0), (41.0, 86.0)];
    let up = [(72.0, 44.0), (53.0, 44.0), (61.0, 14.0)];
    let bolt = poly(&[&down[..], &up[..]].concat(), true);
    c.fill(&bolt, WHITE);
    c.stroke(&bolt, LINE, WHITE);
}

/// An ear of wheat.
fn agriculture_alimentation(c: &mut Canvas) {
    // Grains from the top down, each one slightly detached from the one above.
    c.fill(&ellipse(50.0, 21.0, 6.0, 11.0, 0.0), WHITE);
    for y in [37.0, 53.0, 69.0] {
        c.fill_in_front(&ellipse(40.0, y, 6.5, 12.0, -38.0), WHITE);
        c.fill_in_front(&ellipse(60.0, y, 6.5, 12.0, 38.0), WHITE);
    }
    c.stroke_in_front(&line(50.0, 38.0, 50.0, 88.0), THIN, WHITE); // stalk
}

/// A woman and a man separated by an equal sign.
fn egalite_femmes_hommes(c: &mut Canvas) {
    // Woman: head, A-line dress, legs.
    c.fill(&circle(25.0, 21.0, 8.0), WHITE);
    let dress = [(20.0, 35.0), (30.0, 35.0), (37.0, 64.0), (13.0, 64.0)];
    let dress = poly(&dress, true);
    c.fill(&dress, WHITE);
    c.stroke(&dress, THIN, WHITE);
    for x in [21.0, 29.0] {
        c.stroke(&line(x, 64.0, x, 85.0), THIN + 1.0, WHITE);
    }
    // Man: head, torso, legs.
    c.fill(&circle(78.0, 21.0, 8.0), WHITE);
    c.fill(&rrect(68.0, 33.0, 20.0, 30.0, 5.0), WHITE);
    for x in [73.5, 82.5] {
        c.stroke(&line(x, 60.0, x, 85.0), THIN + 2.0, WHITE);
    }
    // Equal sign.
    c.stroke(&line(46.5, 46.0, 56.5, 46.0), LINE, WHITE);
    c.stroke(&line(46.5, 58.0, 56.5, 58.0), LINE, WHITE);
}

/// Two map pins linked by a dashed travel arrow.
fn migrations_participation(c: &mut Canvas) {
    for cx in [24.0, 76.0] {
        c.fill(&teardrop(cx, 58.0, 13.0, 88.0), WHITE);
        c.erase(&circle(cx, 58.0, 5.0));
    }
    let mut pb = PathBuilder::new();
    pb.move_to(26.0, 36.0);
    pb.quad_to(47.0, 3.0, 68.0, 31.0);
    c.dashed(&done(pb), THIN + 1.0, &[5.0, 8.0], WHITE);
    // The head follows the curve's end tangent, from its control point.
    arrow_head(c, (68.0, 31.0), 28.0f32.atan2(21.0).to_degrees(), 11.0);
}

/// An emergency tent on the ground, its door open.
fn urgence_humanitaire(c: &mut Canvas) {
    let tent = poly(&[(50.0, 20.0), (86.0, 76.0), (14.0, 76.0)], true);
    c.fill(&tent, WHITE);
    c.stroke(&tent, LINE, WHITE);
    // The door: a dark triangle from the ridge down to the ground.
    c.erase(&poly(&[(50.0, 42.0), (62.0, 77.0), (38.0, 77.0)], true));
    c.stroke(&line(50.0, 20.0, 50.0, 11.0), THIN, WHITE); // pole tip
    c.stroke(&line(8.0, 86.0, 92.0, 86.0), LINE, WHITE); // ground
}

/// A bus seen from the front: windscreen, headlights and wheels.
fn mobilite_transports(c: &mut Canvas) {
    c.fill(&rrect(22.0, 12.0, 56.0, 66.0, 9.0), WHITE);
    c.erase(&rrect(29.0, 24.0, 42.0, 26.0, 3.0)); // windscreen
    c.erase(&rrect(36.0, 16.0, 28.0, 4.0, 2.0)); // destination sign
    for x in [33.0, 67.0] {
        c.erase(&circle(x, 64.0, 4.5)); // headlights
        c.fill(&rrect(x - 6.0, 76.0, 12.0, 12.0, 3.0), WHITE); // wheels
    }
    // Mirrors on both sides of the windscreen.
    c.stroke(&line(22.0, 30.0, 14.0, 30.0), THIN, WHITE);
    c.stroke(&line(78.0, 30.0, 86.0, 30.0), THIN, WHITE);
}

/// A register page with written lines and a round official stamp.
fn gouvernance_locale(c: &mut Canvas) {
    c.stroke(&rrect(18.0, 11.0, 50.0, 70.0, 4.0), LINE, WHITE);
    for (y, w) in [(26.0, 30.0), (38.0, 30.0), (50.0, 22.0)] {
        c.stroke(&line(29.0, y, 29.0 + w, y), THIN, WHITE);
    }
    // The stamp overlaps the page's lower right corner.
    c.fill_in_front(&circle(67.0, 71.0, 17.0), WHITE);
    c.erase(&circle(67.0, 71.0, 11.0));
    c.fill(&circle(67.0, 71.0, 6.0), WHITE);
}

/// A five-pointed star centred on (`cx`, `cy`), outer radius `r`.
fn star(cx: f32, cy: f32, r: f32) -> Path {
    let points: Vec<(f32, f32)> = (0..10)
        .map(|i| {
            // Inner radius of a regular star: r · sin 18° / sin 54°.
            let radius = if i % 2 == 0 { r } else { r * 0.382 };
            polar(cx, cy, radius, -90.0 + 36.0 * i as f32)
        })
        .collect();
    poly(&points, true)
}

/// The circle of twelve stars around two linked rings (twinned towns).
fn europe_jumelages(c: &mut Canvas) {
    for i in 0..12 {
        let (x, y) = polar(50.0, 50.0, 36.0, 30.0 * i as f32);
        c.fill(&star(x, y, 7.0), WHITE);
    }
    // The rings cross at (50, 43) and (50, 57): each passes in front once.
    let ring = THIN + 1.0;
    c.stroke(&circle(41.5, 50.0, 11.0), ring, WHITE);
    c.stroke(&circle(58.5, 50.0, 11.0), ring, WHITE);
    c.stroke_in_front(&arc(58.5, 50.0, 11.0, 120.0, 160.0), ring, WHITE);
    c.stroke_in_front(&arc(41.5, 50.0, 11.0, 300.0, 340.0), ring, WHITE);
}

// ---------------------------------------------------------------------------
// Logo of the fictitious commune « Exempleville »
// ---------------------------------------------------------------------------

/// A blue rounded shield holding an orange tower on an arched bridge over a river.
fn logo(c: &mut Canvas) {
    let mut pb = PathBuilder::new();
    push_arc(&mut pb, 82.0, 16.0, 8.0, -90.0, 0.0);
    pb.line_to(90.0, 52.0);
    pb.cubic_to(90.0, 74.0, 72.0, 88.0, 50.0, 96.0);
    pb.cubic_to(28.0, 88.0, 10.0, 74.0, 10.0, 52.0);
    push_arc(&mut pb, 18.0, 16.0, 8.0, 180.0, 270.0);
    pb.close();
    let shield = done(pb);
    c.fill(&shield, BLUE);
    let inset = Transform::from_scale(0.9, 0.9).post_translate(5.0, 5.4);
    let inner = shield.transform(inset).expect("finite");
    c.stroke(&inner, 1.6, ORANGE);

    // Tower with three merlons and an arched window.
    c.fill(&rrect(41.0, 26.0, 18.0, 24.0, 1.0), ORANGE);
    for x in [39.0, 47.0, 55.0] {
        c.fill(&rrect(x, 19.0, 6.0, 9.0, 1.0), ORANGE);
    }
    let mut win = PathBuilder::new();
    push_arc(&mut win, 50.0, 34.0, 3.5, 180.0, 360.0);
    win.line_to(53.5, 42.0);
    win.line_to(46.5, 42.0);
    win.close();
    c.fill(&done(win), BLUE);

    // Bridge: deck and parapet over three arches (a wide one between two small).
    c.set_clip(Some(&inner));
    c.fill(&rrect(12.0, 50.0, 76.0, 21.0, 0.0), ORANGE);
    for (cx, r) in [(22.0, 8.0), (50.0, 13.0), (78.0, 8.0)] {
        let mut opening = PathBuilder::new();
        push_arc(&mut opening, cx, 71.0 - r * 0.15, r, 180.0, 360.0);
        opening.line_to(cx + r, 72.0);
        opening.line_to(cx - r, 72.0);
        opening.close();
        c.fill(&done(opening), BLUE);
    }
    c.stroke(&line(12.0, 54.5, 88.0, 54.5), 1.6, BLUE);

    // River: two waves under the bridge.
    for y in [76.0, 83.0] {
        for i in 0..4 {
            c.stroke(&wave(18.0 + 16.0 * i as f32, y, 16.0, 2.0), 2.6, ORANGE);
        }
    }
    c.set_clip(None);
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

fn render(px: u32, draw: fn(&mut Canvas)) -> Pixmap {
    let mut c = Canvas::new(px);
    draw(&mut c);
    c.pixmap
}

fn save(pixmap: &Pixmap, path: &FsPath) -> Result<(), String> {
    pixmap
        .save_png(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    println!("écrit : {}", path.display());
    Ok(())
}

/// Draws `src` onto `dst` with its top-left corner at (`x`, `y`).
fn blit(dst: &mut Pixmap, src: &Pixmap, x: u32, y: u32) {
    let paint = PixmapPaint::default();
    dst.draw_pixmap(
        x as i32,
        y as i32,
        src.as_ref(),
        &paint,
        Transform::identity(),
        None,
    );
}

/// Contact sheet for visual checks: icons at 160 px on dark teal, the same
/// icons at 48 px (about 15 mm on screen), and the logo on paper.
fn contact_sheet() -> Pixmap {
    const CELL: u32 = 200;
    let rows = ICONS.len() as u32 / 4;
    let mut sheet = Pixmap::new(4 * CELL, rows * CELL + 320).expect("size");
    sheet.fill(Color::from_rgba8(TEAL.0, TEAL.1, TEAL.2, 0xFF));
    for (i, (_, draw)) in (0u32..).zip(ICONS) {
        blit(
            &mut sheet,
            &render(160, draw),
            i % 4 * CELL + 20,
            i / 4 * CELL + 20,
        );
        blit(&mut sheet, &render(48, draw), 16 + 49 * i, rows * CELL + 16);
    }
    let band = Rect::from_xywh(0.0, (rows * CELL + 80) as f32, (4 * CELL) as f32, 240.0);
    let mut paper = Paint::default();
    paper.set_color_rgba8(PAPER.0, PAPER.1, PAPER.2, 0xFF);
    sheet.fill_rect(band.expect("rect"), &paper, Transform::identity(), None);
    blit(&mut sheet, &render(220, logo), 140, rows * CELL + 90);
    blit(&mut sheet, &render(60, logo), 480, rows * CELL + 170);
    sheet
}

const USAGE: &str = "usage : ancrage-pictos <dossier materials> [--planche <planche.png>]";

/// Parses the command line, then writes the pictograms, the logo and, on
/// request, the contact sheet.
fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut materials, mut sheet) = (None::<PathBuf>, None::<PathBuf>);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--planche" => sheet = Some(args.next().ok_or("--planche attend un chemin")?.into()),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ if materials.is_none() => materials = Some(arg.into()),
            _ => return Err(format!("argument inattendu : {arg}")),
        }
    }
    let materials = materials.ok_or(USAGE)?;
    let pictos = materials.join("images/pictos");
    let logos = materials.join("images/logos");
    for dir in [&pictos, &logos] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    for (id, draw) in ICONS {
        save(&render(ICON_PX, draw), &pictos.join(format!("{id}.png")))?;
    }
    save(&render(LOGO_PX, logo), &logos.join("exempleville.png"))?;
    if let Some(path) = sheet {
        save(&contact_sheet(), &path)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("erreur : {e}");
            ExitCode::FAILURE
        }
    }
}
