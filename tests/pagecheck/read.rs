//! Reads the pages of a PDF as written, through a small content-stream
//! interpreter on lopdf ([`super::interp`]): each text run (position, size,
//! weight, colour, text, marked-content tag), each filled shape and each
//! stroke, in painting order; and where the document's parts start.
//!
//! Coordinates are turned to points from the top-left corner of the trim box
//! (the finished page), y growing downwards, as the layout writes them.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::FontInfo;
use super::interp::Interpreter;

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

/// Punctuation a justified line may let hang past its measure (the marks
/// of `ancrage::layout::paragraph::protrusion`, and a few more).
fn hanging(text: &str) -> bool {
    matches!(
        text,
        "." | ","
            | "-"
            | "\u{2010}"
            | "\u{2011}"
            | "’"
            | "'"
            | "»"
            | "\u{201D}"
            | ":"
            | ";"
            | ")"
            | "!"
            | "?"
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

/// Reads every page of the PDF at `bytes`.
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, String> {
    let doc = Document::load_mem(bytes).map_err(|e| format!("PDF illisible : {e}"))?;
    let mut out = Vec::new();
    let mut fonts: HashMap<ObjectId, Rc<FontInfo>> = HashMap::new();
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

/// The object itself, or the one a reference points at.
pub fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
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

/// Interprets one page.
fn page(
    doc: &Document,
    number: usize,
    id: ObjectId,
    cache: &mut HashMap<ObjectId, Rc<FontInfo>>,
) -> Result<Page, String> {
    let media = page_box(doc, id, b"MediaBox").unwrap_or([0.0, 0.0, 595.28, 841.89]);
    let trim = page_box(doc, id, b"TrimBox").unwrap_or(media);
    let mut out = Page {
        number,
        width: trim[2] - trim[0],
        height: trim[3] - trim[1],
        ..Page::default()
    };
    if let Some(b) = page_box(doc, id, b"BleedBox") {
        let (x0, y0) = (b[0] - trim[0], trim[3] - b[3]);
        let (x1, y1) = (b[2] - trim[0], trim[3] - b[1]);
        if x0 < -0.01 || y0 < -0.01 || x1 > out.width + 0.01 || y1 > out.height + 0.01 {
            out.bleed = Some(Rect { x0, y0, x1, y1 });
        }
    }
    let content = Content::decode(&doc.get_page_content(id))
        .map_err(|e| format!("page {number} : flux de contenu illisible ({e})"))?;
    let mut interpreter = Interpreter::new(doc, resources(doc, id), cache, (trim[0], trim[3]), out);
    for op in &content.operations {
        interpreter.op(op);
    }
    Ok(interpreter.page)
}
