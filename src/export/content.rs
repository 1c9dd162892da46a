//! Content streams: writes the items of one page as PDF operators, y flipped to the
//! PDF's bottom-left origin, each item wrapped in marked content for the tagged PDF.
//!
//! Written by hand rather than through printpdf's operations so that the stream
//! holds exactly the glyph ids of the subset fonts, the MCIDs are ours, and the
//! numbers are short (two decimals for lengths, three for colours, zeros trimmed).

use std::fmt::Write as _;

mod grid;
use grid::Grid;

use super::fonts::{EmbeddedFont, FontSet};
use super::images::ImageSet;
use crate::layout::document::{
    Color, Content, GlyphRun, Item, NodeId, Page, PlacedGlyph, Structure, Tag,
};

/// Bézier control-point distance for a quarter circle of radius 1:
/// 4/3·(√2 − 1), the usual approximation (error below 0.03 %).
const KAPPA: f32 = 0.552_284_8;

/// Decimals for lengths: 0.01 pt is far below what a printer resolves.
const LENGTH_DECIMALS: usize = 2;

/// Decimals for colour components: 0.001 tells apart all 256 levels of a channel.
const COLOR_DECIMALS: usize = 3;

/// The content stream of one page and its marked-content record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageContent {
    /// The operators.
    pub stream: Vec<u8>,
    /// Structure node of each marked-content sequence, indexed by MCID.
    pub mcids: Vec<NodeId>,
    /// Whether some glyph was not in the embedded fonts (written as glyph
    /// 0): the fonts were subset for other pages than these.
    pub foreign_glyphs: bool,
}

/// Appends `v` with at most `decimals` (≤ 4) decimals, trailing zeros trimmed.
///
/// Integer arithmetic rather than `format!`: content streams hold thousands of
/// numbers and float formatting was a tenth of the export time.
pub fn num(out: &mut String, v: f32, decimals: usize) {
    let decimals = decimals.min(4);
    let factor = POWERS_OF_TEN[decimals];
    let scaled = round_half_away(f64::from(v) * factor as f64);
    // Written backwards into a buffer long enough for any i64 with four
    // decimals, a point and a sign (19 + 4 + 1 + 1 bytes), then appended once.
    let mut buf = [0u8; 32];
    let mut at = buf.len();
    let abs = scaled.unsigned_abs();
    let (mut whole, mut frac) = (abs / factor, abs % factor);
    if frac != 0 {
        let mut width = decimals;
        while frac.is_multiple_of(10) {
            frac /= 10;
            width -= 1;
        }
        for _ in 0..width {
            at -= 1;
            buf[at] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        at -= 1;
        buf[at] = b'.';
    }
    loop {
        at -= 1;
        buf[at] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if scaled < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// 10⁰ to 10⁴: the scale of [`num`]'s decimals.
const POWERS_OF_TEN: [u64; 5] = [1, 10, 100, 1_000, 10_000];

/// `t` rounded half away from zero, as `f64::round(t) as i64` gives it, but
/// without the call into libm that `round` compiles to on baseline x86-64
/// (it was a tenth of the cost of writing a number). Exact: `t` less its
/// truncation is representable for every `f64`; NaN gives 0 and the
/// infinities saturate, as the cast does.
fn round_half_away(t: f64) -> i64 {
    let whole = t as i64;
    let rest = t - whole as f64;
    if rest >= 0.5 {
        whole.saturating_add(1)
    } else if rest <= -0.5 {
        whole.saturating_sub(1)
    } else {
        whole
    }
}

/// `v` rounded half away from zero, as `f32::round` does (same value, same
/// sign of zero), without its call into libm: see [`round_half_away`].
fn round_f32(v: f32) -> f32 {
    // From 2²³ on, every f32 is a whole number; NaN stays NaN.
    if v.is_nan() || v.abs() >= 8_388_608.0 {
        return v;
    }
    let whole = v as i32;
    let rest = v - whole as f32;
    let rounded = if rest >= 0.5 {
        whole + 1
    } else if rest <= -0.5 {
        whole - 1
    } else {
        whole
    };
    (rounded as f32).copysign(v)
}

/// Decimals of the character spacing: 0.0001 pt, so that the value written is
/// the one the positions are computed with (a multiple of 1/1000 em at the
/// usual sizes is exact).
const SPACING_DECIMALS: usize = 4;

/// Decimals of a horizontal scaling (`Tz`, percent): a hundredth of a
/// percent moves the end of a 250 pt line by 0.025 pt, below what shows.
const SCALE_DECIMALS: usize = 2;

/// The spacing (pt) most glyphs of `glyphs` have after them beyond their
/// advance in the font (`/W`), in whole thousandths of the font size, as
/// written with [`SPACING_DECIMALS`]; 0 unless at least half of them share
/// it (kerning differs from pair to pair, letter spacing does not).
/// `gaps` is scratch space, reused from run to run.
fn common_spacing(
    glyphs: &[PlacedGlyph],
    per_unit: f32,
    font: &EmbeddedFont,
    gaps: &mut Vec<i32>,
) -> f32 {
    if glyphs.len() < 3 {
        return 0.0;
    }
    gaps.clear();
    gaps.extend(glyphs.windows(2).map(|pair| {
        let advance = font.width(font.cid(pair[0].id)) as f32 * per_unit;
        round_f32((pair[1].x - pair[0].x - advance) / per_unit) as i32
    }));
    gaps.sort_unstable();
    let (mut best, mut best_count) = (0, 0);
    for run in gaps.chunk_by(|a, b| a == b) {
        if run.len() > best_count {
            (best, best_count) = (run[0], run.len());
        }
    }
    if best == 0 || best_count * 2 < gaps.len() {
        return 0.0;
    }
    let scale = 10f64.powi(SPACING_DECIMALS as i32);
    ((f64::from(best) * f64::from(per_unit) * scale).round() / scale) as f32
}

/// Appends the decimal digits of `v`, zero-padded to `width`, without going
/// through `fmt` (its machinery is most of the cost for such short numbers).
fn digits(out: &mut String, v: u64, width: usize) {
    for &b in decimal(v, width, &mut [0; 20]) {
        out.push(char::from(b));
    }
}

/// The ASCII decimal digits of `v`, zero-padded to `width`, written at the
/// end of `buf`: shared by the content streams and the file writer.
pub(super) fn decimal(mut v: u64, width: usize, buf: &mut [u8; 20]) -> &[u8] {
    buf.fill(b'0');
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let start = i.min(buf.len() - width.min(buf.len()));
    &buf[start..]
}

/// Appends `v` as four uppercase hexadecimal digits (a CID in a hex string).
fn hex4(out: &mut String, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((v >> shift) & 0xF)]));
    }
}

/// The part of [`Writer`] a `q` … `Q` pair saves and restores.
#[derive(Clone, Copy)]
struct Saved {
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f32>,
    char_spacing: f32,
    expansion: f32,
}

/// Graphics state already set in the stream, to skip repeated operators.
#[derive(Default)]
struct Writer {
    /// States saved by the turned groups open (`q`), innermost last.
    saved: Vec<Saved>,
    out: String,
    /// Write every colour as a gray level (`g`, `G`).
    gray: bool,
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f32>,
    /// Character spacing (`Tc`, pt) in force; text state outlives `BT`/`ET`.
    char_spacing: f32,
    /// Horizontal scaling (`Tz`) in force, less 1: 0 is the initial 100 %.
    expansion: f32,
    /// Scratch space of [`text`], reused from run to run rather than
    /// allocated for each: the glyphs of an expanded line in unscaled text
    /// space, and the gaps between glyphs ([`common_spacing`]).
    unscaled: Vec<PlacedGlyph>,
    gaps: Vec<i32>,
    /// Whether some glyph was not in the embedded fonts.
    foreign_glyphs: bool,
}

impl Writer {
    fn len(&mut self, v: f32) {
        num(&mut self.out, v, LENGTH_DECIMALS);
        self.out.push(' ');
    }

    fn color(&mut self, c: Color, op: &str) {
        if self.gray {
            num(&mut self.out, gray_level(c), COLOR_DECIMALS);
            self.out.push(' ');
            self.out.push_str(if op == "rg" { "g" } else { "G" });
            self.out.push('\n');
            return;
        }
        for v in [c.r, c.g, c.b] {
            num(&mut self.out, f32::from(v) / 255.0, COLOR_DECIMALS);
            self.out.push(' ');
        }
        self.out.push_str(op);
        self.out.push('\n');
    }

    fn set_fill(&mut self, c: Color) {
        if self.fill != Some(c) {
            self.fill = Some(c);
            self.color(c, "rg");
        }
    }

    fn set_stroke(&mut self, c: Color, width: f32) {
        if self.stroke != Some(c) {
            self.stroke = Some(c);
            self.color(c, "RG");
        }
        if self.line_width != Some(width) {
            self.line_width = Some(width);
            self.len(width);
            self.out.push_str("w\n");
        }
    }

    fn op(&mut self, op: &str) {
        self.out.push_str(op);
        self.out.push('\n');
    }

    /// Opens a turned group: `q`, then the rotation by `degrees`
    /// (counter-clockwise) about `(cx, cy)` in PDF coordinates as `cm`.
    fn rotate(&mut self, (cx, cy): (f32, f32), degrees: f32) {
        self.saved.push(Saved {
            fill: self.fill,
            stroke: self.stroke,
            line_width: self.line_width,
            char_spacing: self.char_spacing,
            expansion: self.expansion,
        });
        let (sin, cos) = f64::from(degrees).to_radians().sin_cos();
        let (cx, cy) = (f64::from(cx), f64::from(cy));
        // Translate the centre to the origin, turn, translate back.
        let e = cx - cos * cx + sin * cy;
        let f = cy - sin * cx - cos * cy;
        self.op("q");
        for v in [cos, sin, -sin, cos] {
            num(&mut self.out, v as f32, 4);
            self.out.push(' ');
        }
        self.len(e as f32);
        self.len(f as f32);
        self.op("cm");
    }

    /// Closes the innermost turned group (`Q`): the state set inside it is
    /// forgotten, the one before it is in force again.
    fn end_rotate(&mut self) {
        if let Some(saved) = self.saved.pop() {
            self.op("Q");
            self.fill = saved.fill;
            self.stroke = saved.stroke;
            self.line_width = saved.line_width;
            self.char_spacing = saved.char_spacing;
            self.expansion = saved.expansion;
        }
    }
}

/// The gray level (0 black, 1 white) with the colour's luminance: its WCAG
/// relative luminance, encoded back with the sRGB transfer curve so that
/// contrasts between text and background are kept.
pub fn gray_level(c: Color) -> f32 {
    let l = c.luminance();
    let v = if l <= 0.003_130_8 {
        12.92 * l
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    v.clamp(0.0, 1.0) as f32
}

/// Print settings that change what is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Print {
    /// Colours as gray levels.
    pub grayscale: bool,
    /// Bleed (pt): shapes touching the page edge extend this far beyond it.
    pub bleed: f32,
    /// Crop marks at the trim corners, outside the bleed.
    pub crop_marks: bool,
}

/// A shape closer than this to the page edge (pt) is taken to touch it and
/// extended into the bleed: layout rounding leaves at most hundredths of a point.
const EDGE_TOLERANCE: f32 = 0.5;

/// Length of a crop mark (pt): 5 mm, the usual length, clear of the bleed.
pub const CROP_MARK_LENGTH: f32 = 5.0 * 72.0 / 25.4;

/// Bytes reserved for a page's content stream: a domain sheet's pages
/// write 25–55 KB, which grown from empty took six reallocations and copies
/// each.
const STREAM_CAPACITY: usize = 64 * 1024;

/// Writes the items of `page`, whose structure nodes are in `structure`.
pub fn page(
    structure: &Structure,
    page: &Page,
    fonts: &FontSet,
    images: &ImageSet,
    print: Print,
) -> PageContent {
    let mut w = Writer {
        gray: print.grayscale,
        out: String::with_capacity(STREAM_CAPACITY),
        ..Writer::default()
    };
    let mut marks = Marks::default();
    let items = page.items.as_slice();
    let mut i = 0;
    while i < items.len() {
        let item = &items[i];
        i += 1;
        // A turned group's `q` and `Q` stand between marked-content
        // sequences, never inside one: the two nest properly.
        match item.content {
            // Links are annotations, not drawn content.
            Content::Link { .. } => continue,
            Content::Rotate { center, degrees } => {
                marks.close(&mut w);
                w.rotate((center.0, page.height - center.1), degrees);
                continue;
            }
            Content::EndRotate => {
                marks.close(&mut w);
                w.end_rotate();
                continue;
            }
            _ => {}
        }
        marks.open(&mut w, structure, item.tag);
        if let Some(grid) = Grid::find(&items[i - 1..], page, print) {
            grid.write(&mut w, &items[i - 1..i - 1 + grid.count], page.height);
            i += grid.count - 1;
            continue;
        }
        draw(&mut w, &item.content, page, fonts, images, print);
    }
    marks.close(&mut w);
    // A group left open is closed: `q` and `Q` balance in every stream.
    while !w.saved.is_empty() {
        w.end_rotate();
    }
    if print.crop_marks {
        crop_marks(&mut w, page, print.bleed);
    }
    PageContent {
        stream: w.out.into_bytes(),
        mcids: marks.mcids,
        foreign_glyphs: w.foreign_glyphs,
    }
}

/// The marked-content sequences of a page: the one left open, and the
/// structure node of each MCID given so far.
#[derive(Default)]
struct Marks {
    /// The tag of the sequence left open: consecutive items of the same
    /// structure node (the lines of a paragraph, the modules of a QR code)
    /// or consecutive artifacts share one sequence, hence one MCID.
    open: Option<Tag>,
    /// Structure node of each MCID.
    mcids: Vec<NodeId>,
}

impl Marks {
    /// Opens the sequence of `tag` (`BDC` with the next MCID, or an
    /// artifact's `BMC`), closing the one open unless it is the same.
    fn open(&mut self, w: &mut Writer, structure: &Structure, tag: Tag) {
        if self.open == Some(tag) {
            return;
        }
        self.close(w);
        self.open = Some(tag);
        match tag {
            Tag::Content(node) => {
                let role = if structure.contains(node) {
                    structure.pdf_name(node)
                } else {
                    "Span"
                };
                w.out.push('/');
                w.out.push_str(role);
                w.out.push_str(" <</MCID ");
                digits(&mut w.out, self.mcids.len() as u64, 0);
                w.op(">> BDC");
                self.mcids.push(node);
            }
            Tag::Artifact => w.op("/Artifact BMC"),
        }
    }

    /// Closes the sequence left open, if any (`EMC`).
    fn close(&mut self, w: &mut Writer) {
        if self.open.take().is_some() {
            w.op("EMC");
        }
    }
}

/// Draws one item (not a link, a turn or its end).
fn draw(
    w: &mut Writer,
    content: &Content,
    page: &Page,
    fonts: &FontSet,
    images: &ImageSet,
    print: Print,
) {
    let height = page.height;
    match content {
        Content::Text(run) => text(w, run, height, fonts),
        Content::Rect {
            x,
            y,
            w: rw,
            h: rh,
            fill,
            stroke,
            radius,
        } => {
            let (x, y, rw, rh) = bleed_edges((*x, *y, *rw, *rh), page, print.bleed);
            rect(w, (x, height - y - rh, rw, rh), *fill, *stroke, *radius);
        }
        Content::Path {
            x,
            y,
            scale,
            rings,
            fill,
            stroke,
        } => path(w, (*x, height - *y, *scale), rings, *fill, *stroke),
        Content::Line {
            from,
            to,
            color,
            width,
        } => {
            w.set_stroke(*color, *width);
            w.len(from.0);
            w.len(height - from.1);
            w.op("m");
            w.len(to.0);
            w.len(height - to.1);
            w.op("l S");
        }
        Content::Image {
            image,
            x,
            y,
            w: iw,
            h: ih,
        } => {
            if let Some(name) = images.resource(*image) {
                w.op("q");
                w.len(*iw);
                w.out.push_str("0 0 ");
                w.len(*ih);
                w.len(*x);
                w.len(height - y - ih);
                let _ = writeln!(w.out, "cm /{name} Do Q");
            }
        }
        Content::Link { .. } | Content::Rotate { .. } | Content::EndRotate => {}
    }
}

/// A rectangle `(x, y, w, h)` (top-left origin) grown into the bleed on every
/// side where it touches the page edge: colour bands then print to the cut.
fn bleed_edges(
    (mut x, mut y, mut w, mut h): (f32, f32, f32, f32),
    page: &Page,
    bleed: f32,
) -> (f32, f32, f32, f32) {
    if bleed <= 0.0 {
        return (x, y, w, h);
    }
    if x <= EDGE_TOLERANCE {
        x -= bleed;
        w += bleed;
    }
    if x + w >= page.width - EDGE_TOLERANCE {
        w += bleed;
    }
    if y <= EDGE_TOLERANCE {
        y -= bleed;
        h += bleed;
    }
    if y + h >= page.height - EDGE_TOLERANCE {
        h += bleed;
    }
    (x, y, w, h)
}

/// Crop marks: at each trim corner, a horizontal and a vertical stroke in the
/// line of the trim edge, starting outside the bleed, in black (as artifacts).
fn crop_marks(w: &mut Writer, page: &Page, bleed: f32) {
    w.op("/Artifact BMC q");
    // Registration-like black: full black in gray, the one colour every plate
    // or toner prints; 0.25 pt is the usual hairline for marks.
    w.out.push_str("0 G 0.25 w\n");
    let (pw, ph) = (page.width, page.height);
    let (near, far) = (bleed, bleed + CROP_MARK_LENGTH);
    for (cx, cy, sx, sy) in [
        (0.0, 0.0, -1.0, -1.0),
        (pw, 0.0, 1.0, -1.0),
        (0.0, ph, -1.0, 1.0),
        (pw, ph, 1.0, 1.0),
    ] {
        // Horizontal mark, along the trim's horizontal edge.
        for (x0, y0, x1, y1) in [
            (cx + sx * near, cy, cx + sx * far, cy),
            (cx, cy + sy * near, cx, cy + sy * far),
        ] {
            w.len(x0);
            w.len(y0);
            w.op("m");
            w.len(x1);
            w.len(y1);
            w.op("l S");
        }
    }
    w.op("Q EMC");
}

/// A rectangle `(left, bottom, width, height)` in PDF coordinates.
/// Closed rings at (x, top) scaled by `scale`, y downwards in their units
/// (`top` in PDF coordinates, y upwards), filled by the even-odd rule. The
/// points are whole units (a map's grid), written as integers under a `cm`
/// transform: a third of the bytes of page coordinates with decimals.
fn path(
    w: &mut Writer,
    (x, top, scale): (f32, f32, f32),
    rings: &[Vec<(f32, f32)>],
    fill: Option<Color>,
    stroke: Option<(Color, f32)>,
) {
    let paint = match (fill, stroke) {
        (Some(_), Some(_)) => "B*",
        (Some(_), None) => "f*",
        (None, Some(_)) => "S",
        (None, None) => return,
    };
    // Colours and width set outside the saved state, so that the writer's
    // memory of them stays true after it; the width is in the scaled units.
    if let Some(c) = fill {
        w.set_fill(c);
    }
    if let Some((c, width)) = stroke {
        w.set_stroke(c, width / scale);
    }
    w.op("q");
    for v in [scale, 0.0, 0.0, -scale] {
        num(&mut w.out, v, 4);
        w.out.push(' ');
    }
    w.len(x);
    w.len(top);
    w.op("cm");
    for ring in rings {
        for (i, (px, py)) in ring.iter().enumerate() {
            num(&mut w.out, px.round(), 0);
            w.out.push(' ');
            num(&mut w.out, py.round(), 0);
            w.out.push(' ');
            w.op(if i == 0 { "m" } else { "l" });
        }
        w.op("h");
    }
    w.op(paint);
    w.op("Q");
}

fn rect(
    w: &mut Writer,
    (x0, y0, rw, rh): (f32, f32, f32, f32),
    fill: Option<Color>,
    stroke: Option<(Color, f32)>,
    radius: f32,
) {
    let paint = match (fill, stroke) {
        (Some(_), Some(_)) => "B",
        (Some(_), None) => "f",
        (None, Some(_)) => "S",
        (None, None) => return,
    };
    if let Some(c) = fill {
        w.set_fill(c);
    }
    if let Some((c, width)) = stroke {
        w.set_stroke(c, width);
    }
    let r = radius.min(rw / 2.0).min(rh / 2.0).max(0.0);
    if r <= 0.0 {
        for v in [x0, y0, rw, rh] {
            w.len(v);
        }
        w.out.push_str("re ");
        w.op(paint);
        return;
    }
    let (x1, y1) = (x0 + rw, y0 + rh);
    let k = r * KAPPA;
    let mut pts = |coords: &[f32], op: &str| {
        for v in coords {
            w.len(*v);
        }
        w.op(op);
    };
    pts(&[x0 + r, y0], "m");
    pts(&[x1 - r, y0], "l");
    pts(&[x1 - r + k, y0, x1, y0 + r - k, x1, y0 + r], "c");
    pts(&[x1, y1 - r], "l");
    pts(&[x1, y1 - r + k, x1 - r + k, y1, x1 - r, y1], "c");
    pts(&[x0 + r, y1], "l");
    pts(&[x0 + r - k, y1, x0, y1 - r + k, x0, y1 - r], "c");
    pts(&[x0, y0 + r], "l");
    pts(&[x0, y0 + r - k, x0 + r - k, y0, x0 + r, y0], "c");
    w.out.push_str("h ");
    w.op(paint);
}

/// A glyph run: one `TJ` per stretch of glyphs on the same vertical offset, with
/// kerning adjustments wherever the laid-out position differs from the advance the
/// viewer computes from `/W` and the character spacing.
///
/// A justified line is letter-spaced: every glyph but the word spaces is
/// moved by the same amount. That amount, when most glyphs share it, is set
/// once as `Tc` instead of an adjustment between every two glyphs, which
/// shortens the content stream by about a third.
fn text(w: &mut Writer, run: &GlyphRun, height: f32, fonts: &FontSet) {
    let Some(font) = fonts.get(run.font) else {
        w.foreign_glyphs |= !run.glyphs.is_empty();
        return;
    };
    if run.glyphs.is_empty() || run.size <= 0.0 {
        return;
    }
    w.set_fill(run.color);
    w.out.push_str("BT /");
    w.out.push_str(&font.resource);
    w.out.push(' ');
    w.len(run.size);
    w.op("Tf");
    let per_unit = run.size / 1000.0;
    // An expanded line (font expansion) is drawn with `Tz`, which scales
    // glyphs, character spacing and `TJ` adjustments alike: the positions
    // are written in the unscaled text space, divided by the scale.
    // Rounded as written, so that the viewer and the positions agree.
    let expansion = if run.scale > 0.0 {
        ((run.scale * 10_000.0).round() / 10_000.0) - 1.0
    } else {
        0.0
    };
    if (expansion - w.expansion).abs() > 1e-6 {
        num(&mut w.out, 100.0 * (1.0 + expansion), SCALE_DECIMALS);
        w.op(" Tz");
        w.expansion = expansion;
    }
    let mut unscaled = std::mem::take(&mut w.unscaled);
    let mut gaps = std::mem::take(&mut w.gaps);
    let glyphs = if expansion == 0.0 {
        &run.glyphs
    } else {
        let scale = 1.0 + expansion;
        unscaled.clear();
        unscaled.extend(run.glyphs.iter().map(|g| PlacedGlyph {
            x: g.x / scale,
            advance: g.advance / scale,
            ..*g
        }));
        &unscaled
    };
    let mut i = 0;
    while i < glyphs.len() {
        let start = glyphs[i];
        let offset = start.y_offset;
        w.out.push_str("1 0 0 1 ");
        w.len(run.x + start.x * (1.0 + expansion));
        w.len(height - run.y + offset);
        w.op("Tm");
        let end = i + glyphs[i..]
            .iter()
            .take_while(|g| g.y_offset == offset)
            .count();
        let spacing = common_spacing(&glyphs[i..end], per_unit, font, &mut gaps);
        if spacing != w.char_spacing {
            num(&mut w.out, spacing, SPACING_DECIMALS);
            w.op(" Tc");
            w.char_spacing = spacing;
        }
        w.out.push('[');
        let mut open = false;
        let mut pen = 0.0f32;
        while i < end {
            let g = glyphs[i];
            let target = g.x - start.x;
            let adjust = round_f32(-(target - pen) / per_unit);
            if adjust != 0.0 {
                if open {
                    w.out.push('>');
                    open = false;
                }
                num(&mut w.out, adjust, 0);
                pen -= adjust * per_unit;
            }
            let cid = font.cid(g.id);
            // Every glyph but `.notdef` gets a subset id from 1 on.
            w.foreign_glyphs |= cid == 0 && g.id != 0;
            if !open {
                w.out.push('<');
                open = true;
            }
            hex4(&mut w.out, cid);
            pen += font.width(cid) as f32 * per_unit + spacing;
            i += 1;
        }
        if open {
            w.out.push('>');
        }
        w.op("] TJ");
    }
    w.op("ET");
    (w.unscaled, w.gaps) = (unscaled, gaps);
}

#[cfg(test)]
mod tests;
