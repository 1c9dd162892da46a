//! The content-stream interpreter: follows the graphics state, the text
//! state and the marked-content tags of one page, and records what it paints
//! in a [`Page`].

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Operation;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::{FontInfo, font_info};
use super::read::{Fill, Glyph, Mark, Page, Rect, Rgb, Run, Stroke, resolve};

/// The identity matrix.
const IDENTITY: [f32; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// The graphics state the interpreter follows.
#[derive(Clone)]
struct State {
    ctm: [f32; 6],
    fill: Rgb,
}

/// Text state of the interpreter.
struct Text {
    tm: [f32; 6],
    line: [f32; 6],
    font: Option<Rc<FontInfo>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
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

fn translate(x: f32, y: f32) -> [f32; 6] {
    [1.0, 0.0, 0.0, 1.0, x, y]
}

fn nums(ops: &[Object]) -> Vec<f32> {
    ops.iter().filter_map(|o| o.as_float().ok()).collect()
}

/// Interprets the operations of one page into `page`.
pub struct Interpreter<'a> {
    doc: &'a Document,
    fonts: Option<&'a Dictionary>,
    xobjects: Option<&'a Dictionary>,
    cache: &'a mut HashMap<ObjectId, Rc<FontInfo>>,
    /// Top-left corner of the trim box in device space.
    origin: (f32, f32),
    state: State,
    stack: Vec<State>,
    marks: Vec<Mark>,
    sequences: usize,
    path: Option<Rect>,
    /// The path's rectangles (`re`), while it has nothing else: one fill of
    /// many rectangles (a QR code written on its grid) paints each of them.
    boxes: Option<Vec<Rect>>,
    text: Text,
    order: usize,
    /// What was painted.
    pub page: Page,
}

impl<'a> Interpreter<'a> {
    /// An interpreter for a page whose trim box's top-left corner is at
    /// `origin` in device space, with its resources.
    pub fn new(
        doc: &'a Document,
        resources: Option<&'a Dictionary>,
        cache: &'a mut HashMap<ObjectId, Rc<FontInfo>>,
        origin: (f32, f32),
        page: Page,
    ) -> Self {
        let dict = |key: &[u8]| {
            resources
                .and_then(|r| r.get(key).ok())
                .map(|o| resolve(doc, o))
                .and_then(|o| o.as_dict().ok())
        };
        Interpreter {
            doc,
            fonts: dict(b"Font"),
            xobjects: dict(b"XObject"),
            cache,
            origin,
            state: State {
                ctm: IDENTITY,
                fill: [0.0; 3],
            },
            stack: Vec::new(),
            marks: Vec::new(),
            sequences: 0,
            path: None,
            boxes: Some(Vec::new()),
            text: Text {
                tm: IDENTITY,
                line: IDENTITY,
                font: None,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                scale: 1.0,
                leading: 0.0,
            },
            order: 0,
            page,
        }
    }

    /// Device space → page space: y flipped, origin at the trim's top left.
    fn to_page(&self, x: f32, y: f32) -> (f32, f32) {
        (x - self.origin.0, self.origin.1 - y)
    }

    /// The tag of what is painted now: an artifact anywhere up the stack
    /// makes the content an artifact; else the innermost tag.
    fn mark(&self) -> Mark {
        if let Some(a) = self.marks.iter().find(|m| m.artifact()) {
            return a.clone();
        }
        self.marks.last().cloned().unwrap_or_else(|| Mark {
            role: "Artifact".into(),
            mcid: None,
            sequence: 0,
        })
    }

    /// Interprets one operation.
    pub fn op(&mut self, op: &Operation) {
        let o = &op.operands;
        let name = op.operator.as_str();
        if !self.graphics(name, o) && !self.path_op(name, o) {
            self.text_op(name, o);
        }
    }

    /// Graphics state, colours, marked content, XObjects.
    fn graphics(&mut self, name: &str, o: &[Object]) -> bool {
        let v = nums(o);
        match name {
            "q" => self.stack.push(self.state.clone()),
            "Q" => {
                if let Some(s) = self.stack.pop() {
                    self.state = s;
                }
            }
            "cm" if v.len() == 6 => {
                self.state.ctm = mul([v[0], v[1], v[2], v[3], v[4], v[5]], self.state.ctm);
            }
            "rg" | "sc" | "scn" if v.len() == 3 => self.state.fill = [v[0], v[1], v[2]],
            "g" | "sc" | "scn" if v.len() == 1 => self.state.fill = [v[0]; 3],
            "k" if v.len() == 4 => {
                let k = 1.0 - v[3];
                self.state.fill = [(1.0 - v[0]) * k, (1.0 - v[1]) * k, (1.0 - v[2]) * k];
            }
            "BDC" | "BMC" => {
                self.sequences += 1;
                let role = o
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                let mcid = o
                    .get(1)
                    .map(|p| resolve(self.doc, p))
                    .and_then(|p| p.as_dict().ok())
                    .and_then(|d| d.get(b"MCID").ok())
                    .and_then(|m| m.as_i64().ok());
                self.marks.push(Mark {
                    role,
                    mcid,
                    sequence: self.sequences,
                });
            }
            "EMC" => {
                self.marks.pop();
            }
            "Do" => self.xobject(o),
            _ => return false,
        }
        true
    }

    /// Draws an XObject: an image's box is recorded; a form marks the page
    /// as an imposed sheet.
    fn xobject(&mut self, o: &[Object]) {
        let name = o.first().and_then(|n| n.as_name().ok()).unwrap_or(b"");
        let form = self
            .xobjects
            .and_then(|x| x.get(name).ok())
            .map(|x| resolve(self.doc, x))
            .and_then(|x| x.as_stream().ok())
            .and_then(|s| s.dict.get(b"Subtype").ok())
            .and_then(|s| s.as_name().ok())
            == Some(b"Form");
        if form {
            self.page.forms = true;
            return;
        }
        let mut r: Option<Rect> = None;
        for (x, y) in [(0.0, 0.0), (1.0, 1.0)] {
            let (x, y) = apply(self.state.ctm, x, y);
            grow(&mut r, self.to_page(x, y));
        }
        self.order += 1;
        self.page.images.push((r.unwrap_or_default(), self.order));
    }

    /// Path construction and painting.
    fn path_op(&mut self, name: &str, o: &[Object]) -> bool {
        let v = nums(o);
        match name {
            "m" | "l" | "c" | "v" | "y" => {
                self.boxes = None;
                for pair in v.chunks(2).filter(|p| p.len() == 2) {
                    let (x, y) = apply(self.state.ctm, pair[0], pair[1]);
                    let p = self.to_page(x, y);
                    grow(&mut self.path, p);
                }
            }
            "re" if v.len() == 4 => {
                let mut one = None;
                for (dx, dy) in [(0.0, 0.0), (v[2], v[3])] {
                    let (x, y) = apply(self.state.ctm, v[0] + dx, v[1] + dy);
                    let p = self.to_page(x, y);
                    grow(&mut self.path, p);
                    grow(&mut one, p);
                }
                if let (Some(boxes), Some(one)) = (self.boxes.as_mut(), one) {
                    boxes.push(one);
                }
            }
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                let boxes = self.boxes.replace(Vec::new()).unwrap_or_default();
                if let Some(rect) = self.path.take() {
                    self.order += 1;
                    let painted = if boxes.len() > 1 { boxes } else { vec![rect] };
                    for rect in painted {
                        self.page.fills.push(Fill {
                            rect,
                            color: self.state.fill,
                            mark: self.mark(),
                            order: self.order,
                        });
                    }
                    if name.starts_with(['B', 'b']) {
                        let order = self.order;
                        self.page.strokes.push(Stroke { rect, order });
                    }
                }
            }
            "S" | "s" => {
                self.boxes = Some(Vec::new());
                if let Some(rect) = self.path.take() {
                    self.order += 1;
                    let order = self.order;
                    self.page.strokes.push(Stroke { rect, order });
                }
            }
            "n" => {
                self.path = None;
                self.boxes = Some(Vec::new());
            }
            _ => return false,
        }
        true
    }

    /// Text objects, text state, text showing.
    fn text_op(&mut self, name: &str, o: &[Object]) {
        let v = nums(o);
        let first = v.first().copied();
        let t = &mut self.text;
        match name {
            "BT" => {
                t.tm = IDENTITY;
                t.line = IDENTITY;
            }
            "Tf" => {
                let font = o.first().and_then(|n| n.as_name().ok()).unwrap_or(b"");
                self.text.size = o.get(1).and_then(|s| s.as_float().ok()).unwrap_or(0.0);
                self.text.font = self.font(font);
            }
            "Tc" => t.char_spacing = first.unwrap_or(0.0),
            "Tw" => t.word_spacing = first.unwrap_or(0.0),
            "Tz" => t.scale = first.unwrap_or(100.0) / 100.0,
            "TL" => t.leading = first.unwrap_or(0.0),
            "Tm" if v.len() == 6 => {
                t.tm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                t.line = t.tm;
            }
            "Td" | "TD" if v.len() == 2 => {
                if name == "TD" {
                    t.leading = -v[1];
                }
                t.line = mul(translate(v[0], v[1]), t.line);
                t.tm = t.line;
            }
            "T*" => {
                t.line = mul(translate(0.0, -t.leading), t.line);
                t.tm = t.line;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if name == "'" || name == "\"" {
                    t.line = mul(translate(0.0, -t.leading), t.line);
                    t.tm = t.line;
                }
                let items: Vec<&Object> = match o.last() {
                    Some(Object::Array(a)) => a.iter().collect(),
                    Some(s) => vec![s],
                    None => Vec::new(),
                };
                self.order += 1;
                if let Some(run) = self.show(&items) {
                    self.page.runs.push(run);
                }
            }
            _ => {}
        }
    }

    /// The font resource `name`, read once per font object.
    fn font(&mut self, name: &[u8]) -> Option<Rc<FontInfo>> {
        let f = self.fonts?.get(name).ok()?;
        let dict = resolve(self.doc, f).as_dict().ok()?;
        let doc = self.doc;
        Some(match f.as_reference().ok() {
            Some(k) => self
                .cache
                .entry(k)
                .or_insert_with(|| Rc::new(font_info(doc, dict)))
                .clone(),
            None => Rc::new(font_info(doc, dict)),
        })
    }

    /// Shows the strings and adjustments of one `TJ` (or `Tj`), advancing
    /// the text matrix, and returns the run drawn.
    fn show(&mut self, items: &[&Object]) -> Option<Run> {
        let font = self.text.font.clone()?;
        let ctm = self.state.ctm;
        let start = mul(self.text.tm, ctm);
        // Effective size: the text matrix and CTM scale the font size.
        let scale_y = (start[2] * start[2] + start[3] * start[3]).sqrt();
        let size = self.text.size * scale_y;
        let (_, y) = self.to_page(start[4], start[5]);
        let (h, font_size) = (self.text.scale, self.text.size);
        let mut glyphs = Vec::new();
        for item in items {
            let Object::String(bytes, _) = item else {
                if let Ok(n) = item.as_float() {
                    let shift = -n / 1000.0 * font_size * h;
                    self.text.tm = mul(translate(shift, 0.0), self.text.tm);
                }
                continue;
            };
            for code in font.codes(bytes) {
                let w = font.width(code);
                let mut advance = (w / 1000.0 * font_size + self.text.char_spacing) * h;
                if !font.two_bytes && code == 32 {
                    advance += self.text.word_spacing * h;
                }
                let m = mul(self.text.tm, ctm);
                let (x0, _) = self.to_page(m[4], m[5]);
                let (x1, _) = self.to_page(apply(m, w / 1000.0 * font_size * h, 0.0).0, 0.0);
                let text = font.unicode.get(&code).cloned().unwrap_or_default();
                glyphs.push(Glyph { x0, x1, text });
                self.text.tm = mul(translate(advance, 0.0), self.text.tm);
            }
        }
        if glyphs.is_empty() {
            return None;
        }
        Some(Run {
            y,
            size,
            bold: font.bold,
            color: self.state.fill,
            glyphs,
            mark: self.mark(),
            order: self.order,
        })
    }
}

/// Grows the box `r` (none yet: a point) to hold `p`.
fn grow(r: &mut Option<Rect>, (x, y): (f32, f32)) {
    match r {
        Some(r) => {
            r.x0 = r.x0.min(x);
            r.x1 = r.x1.max(x);
            r.y0 = r.y0.min(y);
            r.y1 = r.y1.max(y);
        }
        None => {
            *r = Some(Rect {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            });
        }
    }
}
