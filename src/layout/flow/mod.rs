//! Blocks and pages: headings, paragraphs, lists, panels, images, drawings,
//! rows and multi-column areas, cut into slices and paginated with
//! keep-with-next, widow and orphan control, and column balancing.

use super::document::{
    Bookmark, Color, Content, Document, ImageRef, Page, Quality, Role, Streamed, Structure,
};
use super::inline::Run;
use super::paragraph::{SetParagraph, Setter, TextStyle};

mod columns;
mod cutter;
mod fill;
mod fit;
mod footer;
mod generated;
mod keep;
mod leaders;
mod panels;
mod slices;

use footer::FOOTER_SIZE;
pub use footer::redraw_footers;
pub use generated::{BlockSource, Children, Generated};
use keep::RepeatHeader;
pub use panels::Panel;
use panels::PanelDecor;
use slices::{Slice, shift_item};

/// A rectangle on the page (pt, origin top-left).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// A piece of content to lay out, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading (level 1–3); kept with what follows; may make a bookmark.
    Heading {
        /// 1, 2 or 3.
        level: u8,
        /// The text.
        runs: Vec<Run>,
        /// How it is set.
        style: TextStyle,
        /// Space above (pt), dropped at the top of a column.
        space_before: f32,
        /// Space below (pt).
        space_after: f32,
        /// Bookmark level, if it gets one.
        bookmark: Option<u8>,
    },
    /// A paragraph.
    Paragraph {
        /// The text.
        runs: Vec<Run>,
        /// How it is set.
        style: TextStyle,
        /// Space above (pt).
        space_before: f32,
        /// Space below (pt).
        space_after: f32,
    },
    /// A bulleted or numbered list with hanging indents.
    List {
        /// Items: label (« • », « 1. ») and content.
        items: Vec<(String, Vec<Block>)>,
        /// Style of the labels.
        label_style: TextStyle,
        /// Indent of the item bodies (pt).
        indent: f32,
        /// Space between items (pt).
        gap: f32,
        /// Space below (pt).
        space_after: f32,
        /// Each item drawn in its own box spanning the list's width, its
        /// label hanging inside the box's padding; such an item is never
        /// split unless taller than a fresh column.
        boxed: Option<ItemBox>,
    },
    /// Blocks kept in one column: never broken inside unless taller than a
    /// fresh column (a key-figure grid, an experience box).
    Keep(Vec<Block>),
    /// Blocks read as one (a directory's entry): kept in one column as
    /// [`Block::Keep`] is, unless moving them to the next one leaves a hole
    /// where they would have started (more free space than its gaps can
    /// spread); then broken between two of its blocks, never inside one
    /// (wrap the parts that stay together in a [`Block::Keep`]). A first
    /// [`Block::Decoration`] is its continuation line, drawn only atop a
    /// column the entry goes on in (« Exempleville (suite) »).
    Entry(Vec<Block>),
    /// A module that, when it does not fit where it stands in a column,
    /// lets the content after it that fits there go first, and moves to the
    /// top of the next column (a key-figure grid): no hole is left where it
    /// would not fit. Its place in the structure does not change.
    Float(Box<Block>),
    /// A contents line: its title, dot leaders, and its number aligned on
    /// the right margin, on the title's last line.
    Leaders {
        /// The title.
        runs: Vec<Run>,
        /// The number (a page number).
        number: Run,
        /// How the title is set.
        style: TextStyle,
        /// How the number and the leaders are set.
        number_style: TextStyle,
        /// Space below (pt).
        space_after: f32,
    },
    /// A framed box with background and padding, kept whole unless taller
    /// than a column (then split, each part drawn with its own frame).
    Panel {
        /// Background.
        fill: Option<Color>,
        /// Border colour and width.
        stroke: Option<(Color, f32)>,
        /// Corner radius (pt).
        radius: f32,
        /// Inner padding (pt).
        padding: f32,
        /// A coloured bar on the left edge (pt wide), for callouts.
        left_bar: Option<(Color, f32)>,
        /// How far the background reaches beyond the column: at the sides,
        /// and above (pt) — a header band bleeding to the page edges.
        outset: (f32, f32),
        /// Content.
        blocks: Vec<Block>,
        /// Space above (pt).
        space_before: f32,
        /// Space below (pt).
        space_after: f32,
        /// Structure role of the panel (a section, usually).
        role: Option<Role>,
    },
    /// Side by side: each cell a column of blocks of the given width; never split.
    Row {
        /// Cells: width (pt) and content.
        cells: Vec<(f32, Vec<Block>)>,
        /// Gap between cells (pt).
        gap: f32,
        /// Space below (pt).
        space_after: f32,
    },
    /// A raster image fitted to `width`, aspect kept.
    Image {
        /// The image.
        image: ImageRef,
        /// Placed width (pt).
        width: f32,
        /// Alternative text (a Figure); `None` makes it decoration.
        alt: Option<String>,
        /// Space below (pt).
        space_after: f32,
    },
    /// Vector drawing (bars, rules, tiles backgrounds) of a fixed size.
    Drawing {
        /// Width (pt).
        width: f32,
        /// Height (pt).
        height: f32,
        /// Items relative to the drawing's top-left corner.
        content: Vec<Content>,
        /// Alternative text (a Figure); `None` makes it decoration.
        alt: Option<String>,
        /// Space below (pt).
        space_after: f32,
    },
    /// A group of blocks in a structure node (Sect, Table, TR…).
    Group {
        /// The role of the node.
        role: Role,
        /// Content.
        blocks: Vec<Block>,
    },
    /// A [`Block::Group`] whose blocks are made one at a time as the flow
    /// reaches them, and let go once cut (the entries of a domain of the
    /// territory's directory): laid out as the group of the same blocks.
    Generated {
        /// The role of the node.
        role: Role,
        /// Content, made on demand.
        blocks: Generated,
    },
    /// Blocks painted as decoration (artifacts): not read aloud, not in the
    /// structure, no bookmark — a heading repeated at the top of a continued
    /// page, a draft's band. Their text stays visible; a screen reader skips it.
    Decoration {
        /// Content.
        blocks: Vec<Block>,
    },
    /// Vertical space (pt).
    Spacer(f32),
    /// Content flowing in `count` columns, balanced on the last page.
    Columns {
        /// Number of columns.
        count: usize,
        /// Gap between columns (pt).
        gap: f32,
        /// Content.
        blocks: Vec<Block>,
    },
    /// Start a new page.
    PageBreak,
    /// A short text that must hold in its width (a name on a badge, a
    /// speaker on a table tent), set as display lines: on one line at
    /// `style`'s size if it can, else on one line at the largest size down
    /// to `min_size`, else on up to `max_lines` lines at the largest size
    /// from `style`'s down to `min_size`, else at `min_size` on as many
    /// lines as it takes (a word wider than the width broken). Never wider
    /// than its width; the leading keeps `style`'s ratio to the size.
    Fit {
        /// The text.
        runs: Vec<Run>,
        /// The largest size and the look.
        style: TextStyle,
        /// The smallest size it may shrink to (pt).
        min_size: f32,
        /// Most lines before it shrinks below the one-line sizes.
        max_lines: usize,
        /// Each line centred in the width (else flush left).
        centred: bool,
        /// Space below (pt).
        space_after: f32,
    },
    /// A box of a fixed size, never split (a badge, a face of a table
    /// tent): its blocks set in its width and centred in its height, drawn
    /// upside down when `turned` (a half turn about the box's centre).
    /// Content taller than the box starts at its top and counts as an
    /// overfull line.
    Frame {
        /// Width (pt).
        width: f32,
        /// Height (pt).
        height: f32,
        /// Content.
        blocks: Vec<Block>,
        /// Drawn upside down.
        turned: bool,
        /// Space below (pt).
        space_after: f32,
    },
}

/// The box drawn around each item of a boxed list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemBox {
    /// Background.
    pub fill: Option<Color>,
    /// Border colour and width.
    pub stroke: Option<(Color, f32)>,
    /// Corner radius (pt).
    pub radius: f32,
    /// Inner padding at the sides (pt); the label hangs inside the left one.
    pub padding: f32,
    /// Inner padding above and below (pt).
    pub padding_y: f32,
}

/// Where content goes on each page.
pub trait PageTemplate {
    /// Page size (pt).
    fn size(&self) -> (f32, f32);
    /// The content area of page `index` (0-based).
    fn body(&self, index: usize) -> Rect;
    /// Running footer of page `index` of `count`: texts, each left- or right-aligned (`true`).
    fn footer(&self, index: usize, count: usize) -> Vec<(String, bool)>;
    /// Baseline of the footer (pt from the top).
    fn footer_baseline(&self) -> f32;
    /// A rule above the footer: its y and colour.
    fn footer_rule(&self) -> Option<(f32, Color)>;
    /// The footer's text size (pt).
    fn footer_size(&self) -> f32 {
        FOOTER_SIZE
    }
}

/// Lays out blocks into pages.
pub struct Flow<'s, 'a> {
    setter: &'s mut Setter<'a>,
    structure: Structure,
    images: Vec<ImageRef>,
    panels: Vec<PanelDecor>,
    /// Header rows of tables, repeated at the top of each column a table
    /// continues in.
    headers: Vec<RepeatHeader>,
    /// The headers before this one are let go: no slice left refers to them.
    headers_released: usize,
    /// Height of the body of a page after the first: what "kept whole"
    /// blocks are compared with (a taller one could fit nowhere).
    fresh: f32,
    /// Floats met so far (their numbers).
    floats: usize,
    /// Whether small panels are kept whole up to half a column (else a
    /// sixth); kept modules ([`Block::Keep`], boxed list items) are never
    /// broken either way.
    strict: bool,
    quality: Quality,
    missing: Vec<char>,
    /// Some panel is kept whole by one of the strict and relaxed flows
    /// and not by the other: the two may lay the blocks out differently.
    relaxable: bool,
    /// No page is laid out nor handed over once `relaxable` is found
    /// ([`Flow::until_relaxable`]).
    stop_when_relaxable: bool,
    /// How far ahead of the page being filled its content is cut (see
    /// [`fill::AHEAD`]); tests cut as little, or as much, as can be.
    ahead: f32,
    /// The most slices cut and not yet placed held at once.
    window_peak: usize,
}

impl<'s, 'a> Flow<'s, 'a> {
    /// A flow using this paragraph setter.
    pub fn new(setter: &'s mut Setter<'a>) -> Self {
        Flow {
            setter,
            structure: Structure::new(),
            images: Vec::new(),
            panels: Vec::new(),
            headers: Vec::new(),
            headers_released: 0,
            fresh: f32::INFINITY,
            strict: true,
            floats: 0,
            quality: Quality::default(),
            missing: Vec::new(),
            relaxable: false,
            stop_when_relaxable: false,
            ahead: fill::AHEAD,
            window_peak: 0,
        }
    }

    /// The same flow with panels over a sixth of a column breakable (kept
    /// modules are still never split): for content that overflows its page
    /// target when every panel is kept whole.
    pub fn relaxed(mut self) -> Self {
        self.strict = false;
        self
    }

    /// Lays out `blocks` (children of a `Sect` under the document root) on pages.
    pub fn run(self, blocks: &[Block], template: &dyn PageTemplate) -> Document {
        self.run_and_tell(blocks, template).0
    }

    /// Like [`Flow::run`], and whether the other flow (strict or
    /// [`Flow::relaxed`]) could lay the blocks out otherwise: false when no
    /// panel's height lies between the two flows' limits for keeping it
    /// whole, and then that other layout need not be made (the territory's
    /// directory of thousands of pages was laid out twice for nothing, and
    /// held twice, issue 20 §5).
    pub fn run_and_tell(
        mut self,
        blocks: &[Block],
        template: &dyn PageTemplate,
    ) -> (Document, bool) {
        let mut pages = Vec::new();
        let (_, bookmarks) = self.fill(blocks, template, None, &mut |page, _| pages.push(page));
        // Running footers, now that the page count is known.
        redraw_footers(self.setter, &mut pages, template);
        let streamed = self.finish(pages.len(), bookmarks);
        let relaxable = streamed.relaxable;
        (streamed.into_document(pages), relaxable)
    }

    /// Lays out `blocks` as [`Flow::run_and_tell`] does, but hands each page
    /// to `sink` (with the structure so far) as soon as it is finished, no
    /// later content landing on it, its running footer drawn as one of
    /// `count` pages: the count announced (a first layout's). The pages are
    /// those of [`Flow::run`] when the count is right; the caller compares
    /// it with [`Streamed::pages`], and lays the blocks out again with that
    /// one when they differ.
    pub fn run_streamed(
        mut self,
        blocks: &[Block],
        template: &dyn PageTemplate,
        count: usize,
        sink: &mut dyn FnMut(Page, &Structure),
    ) -> Streamed {
        let (pages, bookmarks) = self.fill(blocks, template, Some(count), sink);
        self.finish(pages, bookmarks)
    }

    /// What the flow made besides its pages: `pages` of them, `bookmarks`.
    fn finish(mut self, pages: usize, bookmarks: Vec<Bookmark>) -> Streamed {
        self.structure.shrink_to_fit();
        Streamed {
            pages,
            structure: self.structure,
            images: self.images,
            bookmarks,
            quality: self.quality,
            missing: self.missing,
            relaxable: self.relaxable,
        }
    }

    /// Stops handing pages over (and laying them out) once some panel is
    /// found that the other flow may break otherwise (see
    /// [`Flow::run_and_tell`]): for a caller that would then make both
    /// layouts and keep the shorter, which streaming cannot.
    pub(crate) fn until_relaxable(mut self) -> Self {
        self.stop_when_relaxable = true;
        self
    }

    /// Puts placed slices on the page at (x, y); returns the height used.
    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        slices: &mut [Slice],
        tops: &[f32],
        x: f32,
        y: f32,
        page: &mut Page,
        page_index: usize,
        bookmarks: &mut Vec<Bookmark>,
    ) -> f32 {
        // Panel backgrounds first, one per contiguous run of slices of a panel.
        let mut i = 0;
        while i < slices.len() {
            if let Some(p) = slices[i].panel {
                let start = tops[i];
                let mut j = i;
                while j + 1 < slices.len() && slices[j + 1].panel == Some(p) {
                    j += 1;
                }
                let end = tops[j] + slices[j].height;
                let items = self.panels[p].items(x, y + start, end - start);
                page.items.extend(items);
                i = j + 1;
            } else {
                i += 1;
            }
        }
        let mut used: f32 = 0.0;
        for (slice, &top) in slices.iter_mut().zip(tops) {
            // Each slice is placed once: its items move to the page.
            for mut item in std::mem::take(&mut slice.items) {
                shift_item(&mut item, x, y + top);
                page.items.push(item);
            }
            for (title, level, dy) in &slice.bookmarks {
                bookmarks.push(Bookmark {
                    title: title.clone(),
                    page: page_index,
                    y: y + top + dy,
                    level: *level,
                });
            }
            used = used.max(top + slice.height);
        }
        used
    }

    /// Sets a paragraph of `width`, keeping its statistics and missing characters.
    fn set(&mut self, runs: &[Run], style: &TextStyle, width: f32) -> SetParagraph {
        let set = self.setter.set(runs, style, &[width]);
        self.quality.add(set.quality);
        for c in &set.missing {
            if !self.missing.contains(c) {
                self.missing.push(*c);
            }
        }
        set
    }
}

/// The height (pt) of `image` placed `width` wide, its aspect kept.
pub fn image_height(image: &ImageRef, width: f32) -> f32 {
    width * image.height as f32 / image.width.max(1) as f32
}

/// Every image the blocks place, with its placed width and height (pt), in
/// reading order, each (image, size) once: the sizes at which [`Flow`] will
/// place them, known before the layout (an image is never scaled by it), so
/// that they can be prepared for export while the text is laid out.
pub fn placed_images(blocks: &[Block]) -> Vec<(ImageRef, (f32, f32))> {
    fn walk(blocks: &[Block], out: &mut Vec<(ImageRef, (f32, f32))>) {
        for block in blocks {
            match block {
                Block::Image { image, width, .. } => {
                    let placed = (*width, image_height(image, *width));
                    if !out.iter().any(|(i, s)| i == image && *s == placed) {
                        out.push((image.clone(), placed));
                    }
                }
                Block::List { items, .. } => {
                    for (_, item) in items {
                        walk(item, out);
                    }
                }
                Block::Row { cells, .. } => {
                    for (_, cell) in cells {
                        walk(cell, out);
                    }
                }
                Block::Panel { blocks, .. }
                | Block::Group { blocks, .. }
                | Block::Decoration { blocks }
                | Block::Keep(blocks)
                | Block::Entry(blocks)
                | Block::Frame { blocks, .. }
                | Block::Columns { blocks, .. } => walk(blocks, out),
                Block::Float(block) => walk(std::slice::from_ref(block), out),
                Block::Generated { blocks, .. } => {
                    blocks
                        .iter()
                        .for_each(|b| walk(std::slice::from_ref(&b), out));
                }
                Block::Heading { .. }
                | Block::Leaders { .. }
                | Block::Paragraph { .. }
                | Block::Fit { .. }
                | Block::Drawing { .. }
                | Block::Spacer(_)
                | Block::PageBreak => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(blocks, &mut out);
    out
}

/// Whether the blocks hold modules kept whole ([`Block::Keep`], boxed list
/// items): content (a sheet) whose layout a [`Flow::relaxed`] one may
/// shorten.
pub fn has_keeps(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Keep(_) | Block::Entry(_) | Block::List { boxed: Some(_), .. } => true,
        Block::Float(block) => has_keeps(std::slice::from_ref(block)),
        Block::Generated { blocks, .. } => blocks.iter().any(|b| has_keeps(&[b])),
        Block::Group { blocks, .. }
        | Block::Panel { blocks, .. }
        | Block::Frame { blocks, .. }
        | Block::Columns { blocks, .. } => has_keeps(blocks),
        Block::List { items, .. } => items.iter().any(|(_, b)| has_keeps(b)),
        Block::Row { cells, .. } => cells.iter().any(|(_, b)| has_keeps(b)),
        _ => false,
    })
}

fn contains_columns(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Columns { .. } => true,
        Block::Group { blocks, .. } => contains_columns(blocks),
        Block::Generated { blocks, .. } => blocks.iter().any(|b| contains_columns(&[b])),
        _ => false,
    })
}

#[cfg(test)]
mod tests;
