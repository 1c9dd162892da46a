//! The product of layout: pages of positioned items in points, with the logical
//! structure (headings, paragraphs, lists, figures, tables, links, artifacts)
//! that the PDF writer turns into a tagged PDF.
//!
//! Coordinates: origin at the top-left corner of the page, y growing downwards,
//! in PostScript points (1/72 in). The export stage flips y for PDF.

use std::fmt::Write as _;

use super::fonts::FontId;

mod structure;

pub use structure::{Children, NodeId, Role, Structure};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

impl Color {
    /// Black text.
    pub const BLACK: Color = Color::rgb(0, 0, 0);
    /// White.
    pub const WHITE: Color = Color::rgb(255, 255, 255);

    /// A colour from its components.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b }
    }

    /// Parses `#RRGGBB` (already validated by `check`).
    pub fn from_hex(hex: &str) -> Option<Color> {
        let h = hex.strip_prefix('#')?;
        if h.len() != 6 {
            return None;
        }
        let c = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
        Some(Color::rgb(c(0)?, c(2)?, c(4)?))
    }

    /// WCAG 2 relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// Smallest WCAG 2 contrast ratio for body text at level AA: the one
    /// every text colour the sheets draw must reach on its ground.
    pub const WCAG_AA_TEXT: f64 = 4.5;

    /// WCAG 2 contrast ratio between two colours, 1 to 21.
    pub fn contrast(self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour darkened, step by step in its own hue, until it reads as
    /// text on `ground` (WCAG AA, 4.5:1); near-black if no step does.
    pub fn readable_on(self, ground: Color) -> Color {
        let mut c = self;
        for _ in 0..20 {
            if c.contrast(ground) >= Color::WCAG_AA_TEXT {
                return c;
            }
            c = Color::rgb(
                (f32::from(c.r) * 0.85) as u8,
                (f32::from(c.g) * 0.85) as u8,
                (f32::from(c.b) * 0.85) as u8,
            );
        }
        Color::rgb(0x22, 0x22, 0x22)
    }

    /// Mixes with white: `amount` 0 keeps the colour, 1 gives white (for tints).
    pub fn tint(self, amount: f32) -> Color {
        let mix = |c: u8| (f32::from(c) + (255.0 - f32::from(c)) * amount).round() as u8;
        Color::rgb(mix(self.r), mix(self.g), mix(self.b))
    }

    /// `#RRGGBB`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }
}

/// Which structure an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Content of a structure node.
    Content(NodeId),
    /// Decoration, running header or footer, page number: not read aloud.
    Artifact,
}

/// One glyph placed on a line, relative to its run's origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the run's font.
    pub id: u16,
    /// Horizontal position from the run's origin (pt).
    pub x: f32,
    /// Vertical offset from the baseline, up positive (pt).
    pub y_offset: f32,
    /// Advance (pt).
    pub advance: f32,
    /// Byte range of the run's `text` this glyph stands for (empty for the
    /// second and later glyphs of a cluster).
    pub text_start: u32,
    /// End of that byte range.
    pub text_end: u32,
}

/// A run of glyphs in one font, size and colour, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// Left end of the baseline (pt).
    pub x: f32,
    /// Baseline (pt from the top).
    pub y: f32,
    /// Font.
    pub font: FontId,
    /// Size (pt).
    pub size: f32,
    /// Fill colour.
    pub color: Color,
    /// Glyphs, in visual order.
    pub glyphs: Vec<PlacedGlyph>,
    /// The source text of the glyphs (what copy–paste gives back).
    pub text: String,
    /// Horizontal scale of the glyph shapes (font expansion of a justified
    /// line, PDF `Tz`); 1 for unscaled text. Glyph positions and advances
    /// are in page space and already include it.
    pub scale: f32,
}

impl GlyphRun {
    /// Total advance width (pt).
    pub fn width(&self) -> f32 {
        self.glyphs.last().map_or(0.0, |g| g.x + g.advance)
    }
}

/// What is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Text.
    Text(GlyphRun),
    /// A rectangle, filled and/or stroked, optionally with rounded corners.
    Rect {
        /// Left (pt).
        x: f32,
        /// Top (pt).
        y: f32,
        /// Width (pt).
        w: f32,
        /// Height (pt).
        h: f32,
        /// Fill colour.
        fill: Option<Color>,
        /// Stroke colour and width (pt).
        stroke: Option<(Color, f32)>,
        /// Corner radius (pt).
        radius: f32,
    },
    /// A straight line.
    Line {
        /// Start (pt).
        from: (f32, f32),
        /// End (pt).
        to: (f32, f32),
        /// Colour.
        color: Color,
        /// Width (pt).
        width: f32,
    },
    /// A raster image, fitted to its box.
    Image {
        /// Index into [`Document::images`].
        image: usize,
        /// Left (pt).
        x: f32,
        /// Top (pt).
        y: f32,
        /// Width (pt).
        w: f32,
        /// Height (pt).
        h: f32,
    },
    /// Filled polygons (a map's countries): `rings` of points drawn at
    /// (x + px × scale, y + py × scale), filled by the even-odd rule. The
    /// points are shared (a map drawn on many pages keeps one copy).
    Path {
        /// Left of the points' origin (pt).
        x: f32,
        /// Top of the points' origin (pt).
        y: f32,
        /// Points to points (pt per unit).
        scale: f32,
        /// Closed rings, in the points' units.
        rings: std::sync::Arc<Vec<Vec<(f32, f32)>>>,
        /// Fill colour.
        fill: Option<Color>,
        /// Stroke colour and width (pt).
        stroke: Option<(Color, f32)>,
    },
    /// Starts a turned group: the items up to the matching
    /// [`Content::EndRotate`] are given in page coordinates as if upright,
    /// and drawn turned by `degrees` (counter-clockwise as seen on the page)
    /// about `center` (the far face of a table tent: 180°). Groups nest.
    Rotate {
        /// The point turned about (pt, from the top-left corner).
        center: (f32, f32),
        /// The angle, counter-clockwise as seen on the page.
        degrees: f32,
    },
    /// Ends the innermost turned group.
    EndRotate,
    /// A clickable area (the PDF writer makes a link annotation).
    Link {
        /// Left (pt).
        x: f32,
        /// Top (pt).
        y: f32,
        /// Width (pt).
        w: f32,
        /// Height (pt).
        h: f32,
        /// URI, or `#dest` for an internal destination.
        target: String,
    },
}

/// An item on a page, with its structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What is drawn.
    pub content: Content,
    /// Which structure node it belongs to.
    pub tag: Tag,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Width (pt).
    pub width: f32,
    /// Height (pt).
    pub height: f32,
    /// Items in drawing order.
    pub items: Vec<Item>,
    /// How many of the last items are the running footer, which a document
    /// joining a larger one redraws with the page numbers of the whole
    /// ([`crate::layout::flow::redraw_footers`]).
    pub footer: usize,
}

/// An image used by the document (decoded by the export stage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Path on disk.
    pub path: std::path::PathBuf,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
}

/// Typographic statistics, per document (summed over its pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quality {
    /// Lines wider than their box (must stay 0).
    pub overfull: usize,
    /// Lines whose word spaces are stretched beyond 1.4× their natural width.
    pub loose: usize,
    /// Loose lines whose word spaces go beyond twice their natural width:
    /// holes a reader sees, so the build report names their sheets.
    pub gappy: usize,
    /// Justified lines beyond the stretch of their spaces, letter spacing
    /// and font expansion with no word space to take the rest (one word or
    /// a piece of an address), which stop short of the margin.
    pub short_lines: usize,
    /// Lines ending with a hyphenation.
    pub hyphenated: usize,
    /// Justified paragraphs set ragged right among justified ones (a
    /// paragraph count). The setter no longer does it (issue 16, A.4: one
    /// alignment per text style): a paragraph that cannot keep its spaces
    /// within 1.4× stays justified and its lines count as `loose`. Kept so
    /// that the build report shows it stays 0.
    pub ragged_paragraphs: usize,
    /// Longest run of consecutive hyphenated lines.
    pub max_consecutive_hyphens: usize,
    /// Widows and orphans avoided by moving lines.
    pub widows_orphans_avoided: usize,
    /// Words broken by force because wider than their column.
    pub forced_breaks: usize,
}

impl Quality {
    /// Adds another set of statistics.
    pub fn add(&mut self, other: Quality) {
        self.overfull += other.overfull;
        self.loose += other.loose;
        self.gappy += other.gappy;
        self.short_lines += other.short_lines;
        self.hyphenated += other.hyphenated;
        self.ragged_paragraphs += other.ragged_paragraphs;
        self.max_consecutive_hyphens = self
            .max_consecutive_hyphens
            .max(other.max_consecutive_hyphens);
        self.widows_orphans_avoided += other.widows_orphans_avoided;
        self.forced_breaks += other.forced_breaks;
    }
}

/// A bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    /// Title shown in the viewer.
    pub title: String,
    /// Page index (0-based).
    pub page: usize,
    /// Top of the target (pt from the page top).
    pub y: f32,
    /// Nesting level, 0 for the top.
    pub level: u8,
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Pages, in order.
    pub pages: Vec<Page>,
    /// Logical structure.
    pub structure: Structure,
    /// Images referenced by [`Content::Image`].
    pub images: Vec<ImageRef>,
    /// Bookmarks in document order.
    pub bookmarks: Vec<Bookmark>,
    /// Typographic statistics.
    pub quality: Quality,
    /// Characters no shipped font has, each once.
    pub missing: Vec<char>,
}

/// A document laid out page by page, each page handed over as soon as it
/// was finished ([`crate::layout::flow::Flow::run_streamed`]): everything
/// of a [`Document`] but its pages, so that a document of thousands of
/// pages never holds them all at once (issue 20 §5).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Streamed {
    /// How many pages were handed over: the page count the footers should
    /// have said. When it is not the count they were drawn with, the pages
    /// are to be laid out again with this one.
    pub pages: usize,
    /// Logical structure.
    pub structure: Structure,
    /// Images referenced by [`Content::Image`].
    pub images: Vec<ImageRef>,
    /// Bookmarks in document order.
    pub bookmarks: Vec<Bookmark>,
    /// Typographic statistics.
    pub quality: Quality,
    /// Characters no shipped font has, each once.
    pub missing: Vec<char>,
    /// Whether the other flow (strict or relaxed) could lay the blocks out
    /// otherwise (see [`crate::layout::flow::Flow::run_and_tell`]).
    pub relaxable: bool,
}

impl Streamed {
    /// The document of `pages`, the ones this layout handed over.
    pub fn into_document(self, pages: Vec<Page>) -> Document {
        Document {
            pages,
            structure: self.structure,
            images: self.images,
            bookmarks: self.bookmarks,
            quality: self.quality,
            missing: self.missing,
        }
    }
}

impl Document {
    /// A readable text dump, stable across runs, for golden tests.
    ///
    /// Coordinates are rounded to 0.01 pt; glyph ids are left out, the text
    /// of each run is shown instead.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (i, page) in self.pages.iter().enumerate() {
            let _ = writeln!(
                out,
                "page {} ({:.2} × {:.2})",
                i + 1,
                page.width,
                page.height
            );
            for item in &page.items {
                let tag = match item.tag {
                    Tag::Artifact => "artifact".to_string(),
                    Tag::Content(id) => {
                        format!("{}#{}", self.structure.pdf_name(id), id.0)
                    }
                };
                let line = match &item.content {
                    Content::Text(run) => format!(
                        "text {:.2},{:.2} w{:.2} f{} {:.1}pt {} {:?}",
                        run.x,
                        run.y,
                        run.width(),
                        run.font.0,
                        run.size,
                        run.color.hex(),
                        run.text
                    ),
                    Content::Rect {
                        x,
                        y,
                        w,
                        h,
                        fill,
                        stroke,
                        radius,
                    } => format!(
                        "rect {x:.2},{y:.2} {w:.2}×{h:.2} fill={} stroke={} r={radius:.1}",
                        fill.map_or("-".into(), Color::hex),
                        stroke.map_or("-".into(), |(c, w)| format!("{}/{w:.2}", c.hex()))
                    ),
                    Content::Path {
                        x, y, scale, rings, ..
                    } => format!("path {x:.2},{y:.2} ×{scale:.4} {} rings", rings.len()),
                    Content::Line {
                        from,
                        to,
                        color,
                        width,
                    } => format!(
                        "line {:.2},{:.2} → {:.2},{:.2} {} {width:.2}",
                        from.0,
                        from.1,
                        to.0,
                        to.1,
                        color.hex()
                    ),
                    Content::Image { image, x, y, w, h } => {
                        format!("image #{image} {x:.2},{y:.2} {w:.2}×{h:.2}")
                    }
                    Content::Link { x, y, w, h, target } => {
                        format!("link {x:.2},{y:.2} {w:.2}×{h:.2} → {target}")
                    }
                    Content::Rotate { center, degrees } => {
                        format!("rotate {degrees:.1}° about {:.2},{:.2}", center.0, center.1)
                    }
                    Content::EndRotate => "end rotate".to_string(),
                };
                let _ = writeln!(out, "  [{tag}] {line}");
            }
        }
        out.push_str("structure\n");
        self.dump_node(self.structure.root(), 1, &mut out);
        out
    }

    /// Appends the pages of `other`, its structure as a child of this root,
    /// its images and bookmarks (shifted by `bookmark_level`).
    pub fn append(&mut self, other: Document, bookmark_level: u8) {
        let page_offset = self.pages.len();
        let image_offset = self.images.len();
        if self.structure.is_empty() {
            self.structure = Structure::new();
        }
        let node_offset = self.structure.len() as u32 - 1;
        // Other's root is dropped: its children hang from this root.
        let map = |id: NodeId| NodeId(id.0 + node_offset);
        self.structure.append(&other.structure);
        for mut page in other.pages {
            for item in &mut page.items {
                if let Tag::Content(id) = item.tag {
                    item.tag = Tag::Content(if id.0 == 0 { NodeId(0) } else { map(id) });
                }
                if let Content::Image { image, .. } = &mut item.content {
                    *image += image_offset;
                }
            }
            self.pages.push(page);
        }
        self.images.extend(other.images);
        for mut b in other.bookmarks {
            b.page += page_offset;
            b.level += bookmark_level;
            self.bookmarks.push(b);
        }
        self.quality.add(other.quality);
        for c in other.missing {
            if !self.missing.contains(&c) {
                self.missing.push(c);
            }
        }
    }

    fn dump_node(&self, id: NodeId, depth: usize, out: &mut String) {
        let structure = &self.structure;
        if structure.is_empty() {
            return;
        }
        let mut extra = match structure.role(id) {
            Role::Figure { alt } => format!(" alt={alt:?}"),
            Role::Link { target } => format!(" → {target}"),
            _ => String::new(),
        };
        if let Some(lang) = structure.lang(id) {
            let _ = write!(extra, " lang={lang}");
        }
        let _ = writeln!(
            out,
            "{}{}#{}{extra}",
            "  ".repeat(depth),
            structure.pdf_name(id),
            id.0
        );
        for child in structure.children(id) {
            self.dump_node(child, depth + 1, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        assert!((Color::BLACK.contrast(Color::WHITE) - 21.0).abs() < 1e-9);
        let teal = Color::from_hex("#1B7F79").unwrap();
        assert!(teal.contrast(Color::WHITE) > 4.5 && teal.contrast(Color::WHITE) < 5.0);
        assert_eq!(Color::from_hex("#1b7f79"), Some(teal));
        assert_eq!(teal.tint(1.0), Color::WHITE);
    }
}
