//! Reads the pages of a PDF as written: a small content-stream interpreter on
//! lopdf that records each text run (position, size, weight, colour, text,
//! marked-content tag), each filled shape and each stroke, in painting order.
//!
//! Coordinates are turned to points from the top-left corner of the trim box
//! (the finished page), y growing downwards, as the layout writes them.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// An sRGB colour, components in 0–1.
pub type Rgb = [f32; 3];

/// A rectangle in page points: left, top, right, bottom (y down).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl Rect {
    /// Width.
    pub fn w(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height.
    pub fn h(&self) -> f32 {
        self.y1 - self.y0
    }

    /// Whether the point lies inside (edges included).
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    fn grow(&mut self, x: f32, y: f32) {
        self.x0 = self.x0.min(x);
        self.x1 = self.x1.max(x);
        self.y0 = self.y0.min(y);
        self.y1 = self.y1.max(y);
    }

    fn point(x: f32, y: f32) -> Rect {
        Rect {
            x0: x,
            y0: y,
            x1: x,
            y1: y,
        }
    }
}

/// The marked-content tag a shape or run was painted in.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Structure type (`P`, `H2`, `Figure`…) or `Artifact`.
    pub role: String,
    /// Marked-content identifier (none for artifacts).
    pub mcid: Option<i64>,
    /// Index of the marked-content sequence in the page (one per `BDC`/`BMC`).
    pub sequence: usize,
}

impl Mark {
    /// Whether it is a heading (`H`, `H1`…`H6`).
    pub fn heading(&self) -> bool {
        self.role.starts_with('H') && self.role[1..].chars().all(|c| c.is_ascii_digit())
    }

    /// Whether it is running content (headers, footers, decoration).
    pub fn artifact(&self) -> bool {
        self.role == "Artifact"
    }

    /// Whether it is an inline element inside a line of another element.
    pub fn inline(&self) -> bool {
        matches!(self.role.as_str(), "Link" | "Span" | "Lbl")
    }
}

/// One glyph of a run: its horizontal extent and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Left edge (pen position).
    pub x0: f32,
    /// Right edge (pen position plus advance).
    pub x1: f32,
    /// Its text, from the font's `ToUnicode` map.
    pub text: String,
}

/// A text run: the glyphs of one text-showing operator.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Baseline (pt from the top of the trim box).
    pub y: f32,
    /// Font size (pt), the text matrix's scale included.
    pub size: f32,
    /// Whether the font is bold (its name says Bold, SemiBold, Black).
    pub bold: bool,
    /// Fill colour.
    pub color: Rgb,
    /// The glyphs, left to right.
    pub glyphs: Vec<Glyph>,
    /// Marked content it was painted in.
    pub mark: Mark,
    /// Painting order in the page (shared with fills and strokes).
    pub order: usize,
}

impl Run {
    /// The whole text.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    /// Left edge of the first glyph that is not a space.
    pub fn ink_x0(&self) -> f32 {
        self.glyphs
            .iter()
            .find(|g| !blank(&g.text))
            .or(self.glyphs.first())
            .map_or(0.0, |g| g.x0)
    }

    /// Right edge of the last glyph that is not a space.
    pub fn ink_x1(&self) -> f32 {
        self.glyphs
            .iter()
            .rev()
            .find(|g| !blank(&g.text))
            .or(self.glyphs.last())
            .map_or(0.0, |g| g.x1)
    }

    /// Right edge of the last glyph that is neither a space nor punctuation
    /// that may hang into the margin (character protrusion).
    pub fn core_x1(&self) -> f32 {
        self.glyphs
            .iter()
            .rev()
            .find(|g| !blank(&g.text) && !hanging(&g.text))
            .map_or_else(|| self.ink_x1(), |g| g.x1)
    }

    /// Left edge of the run (first glyph, spaces included).
    pub fn x0(&self) -> f32 {
        self.glyphs.first().map_or(0.0, |g| g.x0)
    }

    /// Right edge of the run (last glyph, spaces included).
    pub fn x1(&self) -> f32 {
        self.glyphs.last().map_or(0.0, |g| g.x1)
    }

    /// Top of the run's capitals: 0.73 em above the baseline (Inter's
    /// cap height; enough to place a run in a box).
    pub fn top(&self) -> f32 {
        self.y - 0.73 * self.size
    }
}

/// Whether `text` is only white space.
pub fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Punctuation a justified line may let hang past its measure.
fn hanging(text: &str) -> bool {
    matches!(
        text,
        "." | "," | "-" | "\u{2010}" | "\u{2011}" | "’" | "'" | "»" | "\u{201D}" | ":" | ";"
    )
}

/// A filled shape: its bounding box and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    /// Bounding box.
    pub rect: Rect,
    /// Fill colour.
    pub color: Rgb,
    /// Marked content it was painted in.
    pub mark: Mark,
    /// Painting order.
    pub order: usize,
}

/// A stroked path: its bounding box.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// Bounding box.
    pub rect: Rect,
    /// Painting order.
    pub order: usize,
}

/// One page as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Page number, from 1.
    pub number: usize,
    /// Trim width (pt).
    pub width: f32,
    /// Trim height (pt).
    pub height: f32,
    /// Bleed box relative to the trim box, when one is declared larger.
    pub bleed: Option<Rect>,
    /// Text runs, in painting order.
    pub runs: Vec<Run>,
    /// Filled shapes, in painting order.
    pub fills: Vec<Fill>,
    /// Stroked paths, in painting order.
    pub strokes: Vec<Stroke>,
    /// Images placed (their boxes), in painting order.
    pub images: Vec<(Rect, usize)>,
    /// Whether the page draws Form XObjects (an imposed sheet).
    pub forms: bool,
    /// Whether a part of the document starts here (see [`part_starts`]).
    pub part_start: bool,
}

/// What the interpreter needs of a font resource.
#[derive(Debug, Default)]
struct FontInfo {
    widths: HashMap<u32, f32>,
    default_width: f32,
    unicode: HashMap<u32, String>,
    bold: bool,
    two_bytes: bool,
}

/// Reads every page of the PDF at `bytes`.
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, String> {
    let doc = Document::load_mem(bytes).map_err(|e| format!("PDF illisible : {e}"))?;
    let mut out = Vec::new();
    let mut fonts: HashMap<ObjectId, std::rc::Rc<FontInfo>> = HashMap::new();
    let numbers: HashMap<ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(n, id)| (id, n as usize))
        .collect();
    let starts = part_starts(&doc, &numbers);
    for (number, id) in doc.get_pages() {
        let mut p = page(&doc, number as usize, id, &mut fonts)?;
        p.part_start = number == 1 || starts.contains(&(number as usize));
        out.push(p);
    }
    Ok(out)
}

/// The pages where the document's parts start, from its outline: the
/// entries of every outline level where one entry has children of its own
/// (a collection's sheets, with its contents and directory beside them; not
/// the sections of a lone sheet, which have no children).
fn part_starts(doc: &Document, numbers: &HashMap<ObjectId, usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let first = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Outlines").ok())
        .map(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| d.get(b"First").ok())
        .and_then(|f| f.as_reference().ok());
    let mut levels = vec![first];
    // Bounded walk: an outline has at most a few hundred entries; the cap
    // guards against a cycle in a damaged file.
    let mut budget = 10_000;
    while let Some(level) = levels.pop() {
        let mut siblings = Vec::new();
        let mut next = level;
        while let Some(id) = next {
            budget -= 1;
            if budget == 0 {
                return out;
            }
            let Ok(entry) = doc.get_dictionary(id) else {
                break;
            };
            let child = entry.get(b"First").and_then(Object::as_reference).ok();
            let page = entry
                .get(b"Dest")
                .map(|d| resolve(doc, d))
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|p| p.as_reference().ok())
                .and_then(|p| numbers.get(&p).copied());
            siblings.push((page, child));
            next = entry.get(b"Next").and_then(Object::as_reference).ok();
        }
        if siblings.iter().any(|(_, c)| c.is_some()) {
            out.extend(siblings.iter().filter_map(|(p, _)| *p));
        }
        levels.extend(siblings.iter().filter_map(|(_, c)| c.map(Some)));
    }
    out
}

/// A page box (`TrimBox`, `BleedBox`, `MediaBox`), inherited or not.
fn page_box(doc: &Document, page: ObjectId, key: &[u8]) -> Option<[f32; 4]> {
    let mut node = doc.get_dictionary(page).ok();
    while let Some(dict) = node {
        if let Ok(obj) = dict.get(key) {
            let obj = match obj {
                Object::Reference(id) => doc.get_object(*id).ok()?,
                o => o,
            };
            let v: Vec<f32> = obj
                .as_array()
                .ok()?
                .iter()
                .filter_map(|o| o.as_float().ok())
                .collect();
            return (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]]);
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    None
}

fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        o => o,
    }
}

/// The page's resource dictionary (inherited when not on the page).
fn resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(page).ok();
    while let Some(dict) = node {
        if let Ok(r) = dict.get(b"Resources") {
            return resolve(doc, r).as_dict().ok();
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    None
}

/// Reads a font: widths (`/W` of the descendant font, or `/Widths`), its
/// `ToUnicode` map and whether it is bold.
fn font_info(doc: &Document, font: &Dictionary) -> FontInfo {
    let mut info = FontInfo {
        default_width: 1000.0,
        ..FontInfo::default()
    };
    let name = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    info.bold = ["Bold", "Semi", "Black", "Heavy"]
        .iter()
        .any(|w| name.contains(w));
    let subtype = font
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    if subtype == b"Type0" {
        info.two_bytes = true;
        let descendant = font
            .get(b"DescendantFonts")
            .map(|o| resolve(doc, o))
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok());
        if let Some(d) = descendant {
            if let Ok(dw) = d.get(b"DW").and_then(Object::as_float) {
                info.default_width = dw;
            }
            if let Ok(w) = d
                .get(b"W")
                .map(|o| resolve(doc, o))
                .and_then(Object::as_array)
            {
                cid_widths(doc, w, &mut info.widths);
            }
        }
    } else {
        let first = font.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0);
        if let Ok(w) = font
            .get(b"Widths")
            .map(|o| resolve(doc, o))
            .and_then(Object::as_array)
        {
            for (i, v) in w.iter().enumerate() {
                if let Ok(v) = resolve(doc, v).as_float() {
                    info.widths.insert((first + i as i64) as u32, v);
                }
            }
        }
        info.default_width = 500.0;
    }
    if let Ok(Object::Stream(s)) = font.get(b"ToUnicode").map(|o| resolve(doc, o)) {
        let data = s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone());
        to_unicode(&String::from_utf8_lossy(&data), &mut info.unicode);
    }
    info
}

/// Parses a CID font's `/W` array: `c [w1 w2 …]` and `c_first c_last w`.
fn cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() {
        let Ok(first) = resolve(doc, &w[i]).as_i64() else {
            break;
        };
        match w.get(i + 1).map(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, v) in list.iter().enumerate() {
                    if let Ok(v) = v.as_float() {
                        out.insert(first as u32 + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = o.as_i64().unwrap_or(first);
                let v = w
                    .get(i + 2)
                    .and_then(|o| resolve(doc, o).as_float().ok())
                    .unwrap_or(0.0);
                for c in first..=last {
                    out.insert(c as u32, v);
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// Parses the `bfchar` and `bfrange` entries of a `ToUnicode` CMap.
fn to_unicode(cmap: &str, out: &mut HashMap<u32, String>) {
    let hex = |s: &str| -> Vec<u8> {
        let s: String = s.chars().filter(char::is_ascii_hexdigit).collect();
        (0..s.len() / 2)
            .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
            .collect()
    };
    let code = |b: &[u8]| b.iter().fold(0u32, |a, &x| (a << 8) | u32::from(x));
    let text = |b: &[u8]| {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let tokens: Vec<&str> = cmap
        .split(|c: char| c == '<' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let mut section = "";
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        match t {
            "beginbfchar" | "beginbfrange" => section = t,
            "endbfchar" | "endbfrange" => section = "",
            _ if section == "beginbfchar" && i + 1 < tokens.len() => {
                out.insert(code(&hex(t)), text(&hex(tokens[i + 1])));
                i += 2;
                continue;
            }
            _ if section == "beginbfrange" && i + 2 < tokens.len() => {
                let (lo, hi) = (code(&hex(t)), code(&hex(tokens[i + 1])));
                let start = hex(tokens[i + 2]);
                let base = code(&start);
                for c in lo..=hi.min(lo + 0xFFFF) {
                    let v = base + (c - lo);
                    let bytes = v.to_be_bytes();
                    out.insert(c, text(&bytes[4 - start.len().max(2)..]));
                }
                i += 3;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// The graphics state the interpreter follows.
#[derive(Clone)]
struct State {
    ctm: [f32; 6],
    fill: Rgb,
}

/// Multiplies two affine matrices `a × b` (PDF order: `a` applied first).
fn mul(a: [f32; 6], b: [f32; 6]) -> [f32; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: [f32; 6], x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn nums(ops: &[Object]) -> Vec<f32> {
    ops.iter().filter_map(|o| o.as_float().ok()).collect()
}

/// Text state of the interpreter.
struct Text {
    tm: [f32; 6],
    line: [f32; 6],
    font: Option<std::rc::Rc<FontInfo>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
}

/// Interprets one page.
fn page(
    doc: &Document,
    number: usize,
    id: ObjectId,
    cache: &mut HashMap<ObjectId, std::rc::Rc<FontInfo>>,
) -> Result<Page, String> {
    let media = page_box(doc, id, b"MediaBox").unwrap_or([0.0, 0.0, 595.28, 841.89]);
    let trim = page_box(doc, id, b"TrimBox").unwrap_or(media);
    let bleed = page_box(doc, id, b"BleedBox");
    // Device space → page space: y flipped, origin at the trim's top left.
    let to_page = |x: f32, y: f32| (x - trim[0], trim[3] - y);
    let mut out = Page {
        number,
        width: trim[2] - trim[0],
        height: trim[3] - trim[1],
        ..Page::default()
    };
    if let Some(b) = bleed {
        let (x0, y0) = to_page(b[0], b[3]);
        let (x1, y1) = to_page(b[2], b[1]);
        if x0 < -0.01 || y0 < -0.01 || x1 > out.width + 0.01 || y1 > out.height + 0.01 {
            out.bleed = Some(Rect { x0, y0, x1, y1 });
        }
    }
    let res = resources(doc, id);
    let font_dict = res
        .and_then(|r| r.get(b"Font").ok())
        .map(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok());
    let xobjects = res
        .and_then(|r| r.get(b"XObject").ok())
        .map(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok());
    let content = Content::decode(&doc.get_page_content(id))
        .map_err(|e| format!("page {number} : flux de contenu illisible ({e})"))?;

    let mut state = State {
        ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        fill: [0.0; 3],
    };
    let mut stack: Vec<State> = Vec::new();
    let mut marks: Vec<Mark> = Vec::new();
    let mut sequences = 0usize;
    let mut path: Option<Rect> = None;
    let mut text = Text {
        tm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        line: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        font: None,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scale: 1.0,
        leading: 0.0,
    };
    let mut order = 0usize;
    let artifact = Mark {
        role: "Artifact".into(),
        mcid: None,
        sequence: 0,
    };
    let current = |marks: &[Mark]| -> Mark {
        // The innermost tag that is not a plain span gives the role; an
        // artifact anywhere up the stack makes the content an artifact.
        if let Some(a) = marks.iter().find(|m| m.artifact()) {
            return a.clone();
        }
        marks.last().cloned().unwrap_or_else(|| artifact.clone())
    };
    for op in &content.operations {
        let o = &op.operands;
        match op.operator.as_str() {
            "q" => stack.push(state.clone()),
            "Q" => {
                if let Some(s) = stack.pop() {
                    state = s;
                }
            }
            "cm" => {
                let v = nums(o);
                if v.len() == 6 {
                    state.ctm = mul([v[0], v[1], v[2], v[3], v[4], v[5]], state.ctm);
                }
            }
            "rg" | "sc" | "scn" => {
                let v = nums(o);
                if v.len() == 3 {
                    state.fill = [v[0], v[1], v[2]];
                } else if v.len() == 1 {
                    state.fill = [v[0]; 3];
                }
            }
            "g" => {
                let v = nums(o);
                if let Some(&g) = v.first() {
                    state.fill = [g; 3];
                }
            }
            "k" => {
                let v = nums(o);
                if v.len() == 4 {
                    let k = 1.0 - v[3];
                    state.fill = [(1.0 - v[0]) * k, (1.0 - v[1]) * k, (1.0 - v[2]) * k];
                }
            }
            "BDC" | "BMC" => {
                sequences += 1;
                let role = o
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                let mcid = o
                    .get(1)
                    .map(|p| resolve(doc, p))
                    .and_then(|p| p.as_dict().ok())
                    .and_then(|d| d.get(b"MCID").ok())
                    .and_then(|m| m.as_i64().ok());
                marks.push(Mark {
                    role,
                    mcid,
                    sequence: sequences,
                });
            }
            "EMC" => {
                marks.pop();
            }
            "m" | "l" => {
                let v = nums(o);
                if v.len() == 2 {
                    let (x, y) = apply(state.ctm, v[0], v[1]);
                    let (x, y) = to_page(x, y);
                    match &mut path {
                        Some(r) => r.grow(x, y),
                        None => path = Some(Rect::point(x, y)),
                    }
                }
            }
            "c" | "v" | "y" => {
                let v = nums(o);
                for pair in v.chunks(2).filter(|p| p.len() == 2) {
                    let (x, y) = apply(state.ctm, pair[0], pair[1]);
                    let (x, y) = to_page(x, y);
                    match &mut path {
                        Some(r) => r.grow(x, y),
                        None => path = Some(Rect::point(x, y)),
                    }
                }
            }
            "re" => {
                let v = nums(o);
                if v.len() == 4 {
                    for (dx, dy) in [(0.0, 0.0), (v[2], v[3])] {
                        let (x, y) = apply(state.ctm, v[0] + dx, v[1] + dy);
                        let (x, y) = to_page(x, y);
                        match &mut path {
                            Some(r) => r.grow(x, y),
                            None => path = Some(Rect::point(x, y)),
                        }
                    }
                }
            }
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                if let Some(rect) = path.take() {
                    order += 1;
                    out.fills.push(Fill {
                        rect,
                        color: state.fill,
                        mark: current(&marks),
                        order,
                    });
                    if op.operator.starts_with(['B', 'b']) {
                        out.strokes.push(Stroke { rect, order });
                    }
                }
            }
            "S" | "s" => {
                if let Some(rect) = path.take() {
                    order += 1;
                    out.strokes.push(Stroke { rect, order });
                }
            }
            "n" => path = None,
            "Do" => {
                let name = o.first().and_then(|n| n.as_name().ok()).unwrap_or(b"");
                let form = xobjects
                    .and_then(|x| x.get(name).ok())
                    .map(|x| resolve(doc, x))
                    .and_then(|x| x.as_stream().ok())
                    .and_then(|s| s.dict.get(b"Subtype").ok())
                    .and_then(|s| s.as_name().ok())
                    == Some(b"Form");
                if form {
                    out.forms = true;
                } else {
                    let mut r: Option<Rect> = None;
                    for (x, y) in [(0.0, 0.0), (1.0, 1.0)] {
                        let (x, y) = apply(state.ctm, x, y);
                        let (x, y) = to_page(x, y);
                        match &mut r {
                            Some(r) => r.grow(x, y),
                            None => r = Some(Rect::point(x, y)),
                        }
                    }
                    order += 1;
                    out.images.push((r.unwrap_or_default(), order));
                }
            }
            "BT" => {
                text.tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                text.line = text.tm;
            }
            "Tf" => {
                let name = o.first().and_then(|n| n.as_name().ok()).unwrap_or(b"");
                text.size = o.get(1).and_then(|s| s.as_float().ok()).unwrap_or(0.0);
                text.font = font_dict.and_then(|d| d.get(name).ok()).and_then(|f| {
                    let key = f.as_reference().ok();
                    let dict = resolve(doc, f).as_dict().ok()?;
                    Some(match key {
                        Some(k) => cache
                            .entry(k)
                            .or_insert_with(|| std::rc::Rc::new(font_info(doc, dict)))
                            .clone(),
                        None => std::rc::Rc::new(font_info(doc, dict)),
                    })
                });
            }
            "Tc" => text.char_spacing = nums(o).first().copied().unwrap_or(0.0),
            "Tw" => text.word_spacing = nums(o).first().copied().unwrap_or(0.0),
            "Tz" => text.scale = nums(o).first().copied().unwrap_or(100.0) / 100.0,
            "TL" => text.leading = nums(o).first().copied().unwrap_or(0.0),
            "Tm" => {
                let v = nums(o);
                if v.len() == 6 {
                    text.tm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                    text.line = text.tm;
                }
            }
            "Td" | "TD" => {
                let v = nums(o);
                if v.len() == 2 {
                    if op.operator == "TD" {
                        text.leading = -v[1];
                    }
                    text.line = mul([1.0, 0.0, 0.0, 1.0, v[0], v[1]], text.line);
                    text.tm = text.line;
                }
            }
            "T*" => {
                text.line = mul([1.0, 0.0, 0.0, 1.0, 0.0, -text.leading], text.line);
                text.tm = text.line;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    text.line = mul([1.0, 0.0, 0.0, 1.0, 0.0, -text.leading], text.line);
                    text.tm = text.line;
                }
                let items: Vec<&Object> = match o.last() {
                    Some(Object::Array(a)) => a.iter().collect(),
                    Some(s) => vec![s],
                    None => Vec::new(),
                };
                order += 1;
                if let Some(run) = show(&mut text, &state, &items, to_page, current(&marks), order)
                {
                    out.runs.push(run);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Shows the strings and adjustments of one `TJ` (or `Tj`), advancing the
/// text matrix, and returns the run drawn.
fn show(
    text: &mut Text,
    state: &State,
    items: &[&Object],
    to_page: impl Fn(f32, f32) -> (f32, f32),
    mark: Mark,
    order: usize,
) -> Option<Run> {
    let font = text.font.clone()?;
    let start = mul(text.tm, state.ctm);
    // Effective size: the text matrix and CTM scale the font size.
    let scale_y = (start[2] * start[2] + start[3] * start[3]).sqrt();
    let size = text.size * scale_y;
    let (_, y) = to_page(start[4], start[5]);
    let mut glyphs = Vec::new();
    let h = text.scale;
    for item in items {
        match item {
            Object::String(bytes, _) => {
                let codes: Vec<u32> = if font.two_bytes {
                    bytes
                        .chunks(2)
                        .map(|c| (u32::from(c[0]) << 8) | u32::from(*c.get(1).unwrap_or(&0)))
                        .collect()
                } else {
                    bytes.iter().map(|&b| u32::from(b)).collect()
                };
                for code in codes {
                    let w = font
                        .widths
                        .get(&code)
                        .copied()
                        .unwrap_or(font.default_width);
                    let s = font.unicode.get(&code).cloned().unwrap_or_default();
                    let mut advance = (w / 1000.0 * text.size + text.char_spacing) * h;
                    if !font.two_bytes && code == 32 {
                        advance += text.word_spacing * h;
                    }
                    let m = mul(text.tm, state.ctm);
                    let (x0, _) = to_page(m[4], m[5]);
                    let glyph_end = (w / 1000.0 * text.size) * h;
                    let (x1, _) = to_page(apply(m, glyph_end, 0.0).0, 0.0);
                    glyphs.push(Glyph { x0, x1, text: s });
                    text.tm = mul([1.0, 0.0, 0.0, 1.0, advance, 0.0], text.tm);
                }
            }
            o => {
                if let Ok(n) = o.as_float() {
                    let shift = -n / 1000.0 * text.size * h;
                    text.tm = mul([1.0, 0.0, 0.0, 1.0, shift, 0.0], text.tm);
                }
            }
        }
    }
    if glyphs.is_empty() {
        return None;
    }
    Some(Run {
        y,
        size,
        bold: font.bold,
        color: state.fill,
        glyphs,
        mark,
        order,
    })
}
