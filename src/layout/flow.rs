//! Blocks and pages: headings, paragraphs, lists, panels, images, drawings,
//! rows and multi-column areas, cut into slices and paginated with
//! keep-with-next, widow and orphan control, and column balancing.

use super::document::{
    Bookmark, Color, Content, Document, GlyphRun, ImageRef, Item, NodeId, Page, Quality, Role,
    Structure, Tag,
};
use super::inline::Run;
use super::paragraph::{SetParagraph, Setter, TextStyle};

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
}

/// Can the page break after a slice?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    Allow,
    /// Keep with the next slice (heading, orphan or widow lines).
    Avoid,
    Force,
}

/// One unbreakable horizontal strip of content.
#[derive(Debug, Clone)]
struct Slice {
    height: f32,
    space_before: f32,
    space_after: f32,
    items: Vec<Item>,
    after: Break,
    /// Panel this slice belongs to, when panels are split.
    panel: Option<usize>,
    bookmarks: Vec<(String, u8, f32)>,
    /// Whether `Avoid` comes from widow/orphan control (for statistics).
    widow_orphan: bool,
}

impl Slice {
    fn new(height: f32) -> Slice {
        Slice {
            height,
            space_before: 0.0,
            space_after: 0.0,
            items: Vec::new(),
            after: Break::Allow,
            panel: None,
            bookmarks: Vec::new(),
            widow_orphan: false,
        }
    }
}

#[derive(Debug, Clone)]
struct PanelDecor {
    fill: Option<Color>,
    stroke: Option<(Color, f32)>,
    radius: f32,
    left_bar: Option<(Color, f32)>,
    /// Horizontal offset and width relative to the column.
    x: f32,
    w: f32,
    /// How far the background reaches above the panel's top.
    top: f32,
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
}

/// Footer text size: small enough to recede (7.5 pt), large enough to read.
const FOOTER_SIZE: f32 = 7.5;

/// Lays out blocks into pages.
pub struct Flow<'s, 'a> {
    setter: &'s mut Setter<'a>,
    structure: Structure,
    images: Vec<ImageRef>,
    panels: Vec<PanelDecor>,
    quality: Quality,
    missing: Vec<char>,
}

impl<'s, 'a> Flow<'s, 'a> {
    /// A flow using this paragraph setter.
    pub fn new(setter: &'s mut Setter<'a>) -> Self {
        Flow {
            setter,
            structure: Structure::new(),
            images: Vec::new(),
            panels: Vec::new(),
            quality: Quality::default(),
            missing: Vec::new(),
        }
    }

    /// Lays out `blocks` (children of a `Sect` under the document root) on pages.
    pub fn run(mut self, blocks: &[Block], template: &dyn PageTemplate) -> Document {
        let root = self.structure.root();
        // 1. Cut the content into segments: full width, or in columns.
        let mut segments: Vec<Segment> = Vec::new();
        let full_width = template.body(0).w;
        self.segments(blocks, full_width, root, &mut segments);

        // 2. Fill pages.
        let (width, height) = template.size();
        let mut pages: Vec<Page> = vec![Page {
            width,
            height,
            items: Vec::new(),
        }];
        let mut bookmarks = Vec::new();
        let mut y = template.body(0).y;
        for Segment { count, gap, slices } in segments {
            let mut queue: std::collections::VecDeque<Slice> = slices.into();
            while !queue.is_empty() {
                let page_index = pages.len() - 1;
                let body = template.body(page_index);
                let avail = body.y + body.h - y;
                let col_w = (body.w - gap * (count as f32 - 1.0)) / count as f32;
                // Balance the last page of a multi-column segment.
                let col_h = if count > 1 {
                    balanced_height(&queue, avail, count).unwrap_or(avail)
                } else {
                    avail
                };
                let mut bottom = y;
                for c in 0..count {
                    let x = body.x + c as f32 * (col_w + gap);
                    // At the top of a page the first slice is placed even if too tall
                    // (it could fit nowhere else); lower down it waits for the next page.
                    let at_top = y <= body.y + 0.01;
                    let placed = fill_column(&mut queue, col_h, at_top, &mut self.quality);
                    let used = self.place(
                        &placed,
                        x,
                        y,
                        &mut pages[page_index],
                        page_index,
                        &mut bookmarks,
                    );
                    bottom = bottom.max(y + used);
                    if queue.is_empty() {
                        break;
                    }
                }
                if queue.is_empty() {
                    y = bottom;
                } else {
                    pages.push(Page {
                        width,
                        height,
                        items: Vec::new(),
                    });
                    y = template.body(pages.len() - 1).y;
                }
            }
        }

        // 3. Running headers and footers, now that the page count is known.
        let count = pages.len();
        for (i, page) in pages.iter_mut().enumerate() {
            self.footer(template, i, count, page);
        }
        Document {
            pages,
            structure: self.structure,
            images: self.images,
            bookmarks,
            quality: self.quality,
            missing: self.missing,
        }
    }

    /// Cuts top-level blocks into segments; groups are looked through so that a
    /// section can hold a multi-column area.
    fn segments(
        &mut self,
        blocks: &[Block],
        full_width: f32,
        parent: NodeId,
        out: &mut Vec<Segment>,
    ) {
        for block in blocks {
            match block {
                Block::Columns { count, gap, blocks } => {
                    let count = (*count).max(1);
                    let width = (full_width - gap * (count as f32 - 1.0)) / count as f32;
                    let mut slices = Vec::new();
                    for b in blocks {
                        slices.extend(self.slices(b, width, parent));
                    }
                    out.push(Segment {
                        count,
                        gap: *gap,
                        slices,
                    });
                }
                Block::Group { role, blocks } if contains_columns(blocks) => {
                    let node = self.structure.add(parent, role.clone());
                    self.segments(blocks, full_width, node, out);
                }
                other => {
                    let slices = self.slices(other, full_width, parent);
                    match out.last_mut() {
                        Some(last) if last.count == 1 => last.slices.extend(slices),
                        _ => out.push(Segment {
                            count: 1,
                            gap: 0.0,
                            slices,
                        }),
                    }
                }
            }
        }
    }

    /// Draws the running footer as artifacts.
    fn footer(&mut self, template: &dyn PageTemplate, index: usize, count: usize, page: &mut Page) {
        let body = template.body(index);
        let texts = template.footer(index, count);
        // A page without footer text (a cover) gets no rule either.
        if texts.iter().all(|(text, _)| text.trim().is_empty()) {
            return;
        }
        if let Some((y, color)) = template.footer_rule() {
            page.items.push(Item {
                content: Content::Line {
                    from: (body.x, y),
                    to: (body.x + body.w, y),
                    color,
                    width: 0.5,
                },
                tag: Tag::Artifact,
            });
        }
        let style = TextStyle {
            size: FOOTER_SIZE,
            leading: FOOTER_SIZE * 1.3,
            color: Color::rgb(0x55, 0x55, 0x55),
            link_color: Color::rgb(0x55, 0x55, 0x55),
            weight: super::fonts::Weight::Regular,
            justify: false,
            hyphenate: false,
        };
        let baseline = template.footer_baseline();
        for (text, right) in texts {
            let run = Run {
                text,
                bold: false,
                italic: false,
                link: None,
            };
            // Set on one very wide line: a footer never wraps.
            let set = self.setter.set(&[run], &style, &[body.w * 4.0]);
            let Some(line) = set.lines.first() else {
                continue;
            };
            let x = if right {
                body.x + body.w - line.width
            } else {
                body.x
            };
            for r in &line.runs {
                page.items.push(Item {
                    content: Content::Text(GlyphRun {
                        x: x + r.x,
                        y: baseline,
                        font: r.font,
                        size: r.size,
                        color: r.color,
                        glyphs: r.glyphs.clone(),
                        text: r.text.clone(),
                    }),
                    tag: Tag::Artifact,
                });
            }
        }
    }

    /// Puts placed slices on the page at (x, y); returns the height used.
    fn place(
        &mut self,
        slices: &[(Slice, f32)],
        x: f32,
        y: f32,
        page: &mut Page,
        page_index: usize,
        bookmarks: &mut Vec<Bookmark>,
    ) -> f32 {
        // Panel backgrounds first, one per contiguous run of slices of a panel.
        let mut i = 0;
        while i < slices.len() {
            if let Some(p) = slices[i].0.panel {
                let start = slices[i].1;
                let mut j = i;
                while j + 1 < slices.len() && slices[j + 1].0.panel == Some(p) {
                    j += 1;
                }
                let end = slices[j].1 + slices[j].0.height;
                let d = &self.panels[p];
                let (top, h) = (y + start - d.top, end - start + d.top);
                page.items.push(Item {
                    content: Content::Rect {
                        x: x + d.x,
                        y: top,
                        w: d.w,
                        h,
                        fill: d.fill,
                        stroke: d.stroke,
                        radius: d.radius,
                    },
                    tag: Tag::Artifact,
                });
                if let Some((color, bar)) = d.left_bar {
                    page.items.push(Item {
                        content: Content::Rect {
                            x: x + d.x,
                            y: top,
                            w: bar,
                            h,
                            fill: Some(color),
                            stroke: None,
                            radius: 0.0,
                        },
                        tag: Tag::Artifact,
                    });
                }
                i = j + 1;
            } else {
                i += 1;
            }
        }
        let mut used: f32 = 0.0;
        for (slice, top) in slices {
            for item in &slice.items {
                page.items.push(translate(item, x, y + top));
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

    /// Cuts a block into slices of `width`, adding its structure under `parent`.
    fn slices(&mut self, block: &Block, width: f32, parent: NodeId) -> Vec<Slice> {
        match block {
            Block::Heading {
                level,
                runs,
                style,
                space_before,
                space_after,
                bookmark,
            } => {
                let node = self.structure.add(parent, Role::H(*level));
                let set = self.set(runs, style, width);
                let mut slices = self.lines(&set, node, true);
                if let Some(first) = slices.first_mut() {
                    first.space_before = *space_before;
                    if let Some(level) = bookmark {
                        let title: String = runs.iter().map(|r| r.text.as_str()).collect();
                        first.bookmarks.push((title, *level, 0.0));
                    }
                }
                if let Some(last) = slices.last_mut() {
                    last.space_after = *space_after;
                    last.after = Break::Avoid;
                }
                slices
            }
            Block::Paragraph {
                runs,
                style,
                space_before,
                space_after,
            } => {
                let node = self.structure.add(parent, Role::P);
                let set = self.set(runs, style, width);
                let mut slices = self.lines(&set, node, false);
                if let Some(first) = slices.first_mut() {
                    first.space_before = *space_before;
                }
                if let Some(last) = slices.last_mut() {
                    last.space_after = *space_after;
                }
                slices
            }
            Block::List {
                items,
                label_style,
                indent,
                gap,
                space_after,
            } => {
                let list = self.structure.add(parent, Role::L);
                let mut out = Vec::new();
                for (n, (label, body)) in items.iter().enumerate() {
                    let li = self.structure.add(list, Role::LI);
                    let lbl = self.structure.add(li, Role::Lbl);
                    let lbody = self.structure.add(li, Role::LBody);
                    let mut body_slices: Vec<Slice> = Vec::new();
                    for b in body {
                        body_slices.extend(self.slices(b, width - indent, lbody));
                    }
                    for s in &mut body_slices {
                        for item in &mut s.items {
                            *item = translate(item, *indent, 0.0);
                        }
                    }
                    // The label sits on the first baseline of the body.
                    let label_set = self.set(
                        &[Run {
                            text: label.clone(),
                            bold: false,
                            italic: false,
                            link: None,
                        }],
                        label_style,
                        *indent,
                    );
                    if let Some(first) = body_slices.first_mut() {
                        let baseline = first_baseline(first).unwrap_or(label_set.ascent);
                        let label_slices = self.lines(&label_set, lbl, false);
                        if let Some(ls) = label_slices.first() {
                            let shift = baseline - first_baseline(ls).unwrap_or(label_set.ascent);
                            for item in &ls.items {
                                first.items.push(translate(item, 0.0, shift));
                            }
                        }
                        if n > 0 {
                            first.space_before = first.space_before.max(*gap);
                        }
                    }
                    out.extend(body_slices);
                }
                if let Some(last) = out.last_mut() {
                    last.space_after = *space_after;
                }
                out
            }
            Block::Panel {
                fill,
                stroke,
                radius,
                padding,
                left_bar,
                outset,
                blocks,
                space_before,
                space_after,
                role,
            } => {
                let node = match role {
                    Some(role) => self.structure.add(parent, role.clone()),
                    None => parent,
                };
                let inner = width - 2.0 * padding;
                let mut inner_slices: Vec<Slice> = Vec::new();
                for b in blocks {
                    inner_slices.extend(self.slices(b, inner, node));
                }
                // The padding replaces the outer spacing of the first and last blocks.
                if let Some(first) = inner_slices.first_mut() {
                    first.space_before = 0.0;
                }
                if let Some(last) = inner_slices.last_mut() {
                    last.space_after = 0.0;
                }
                for s in &mut inner_slices {
                    for item in &mut s.items {
                        *item = translate(item, *padding, 0.0);
                    }
                }
                let decor = PanelDecor {
                    fill: *fill,
                    stroke: *stroke,
                    radius: *radius,
                    left_bar: *left_bar,
                    x: -outset.0,
                    w: width + 2.0 * outset.0,
                    top: outset.1,
                };
                let id = self.panels.len();
                self.panels.push(decor);
                let mut top = Slice::new(*padding);
                top.space_before = *space_before;
                top.after = Break::Avoid;
                top.panel = Some(id);
                let mut bottom = Slice::new(*padding);
                bottom.space_after = *space_after;
                bottom.panel = Some(id);
                let mut out = vec![top];
                let n = inner_slices.len();
                for (i, mut s) in inner_slices.into_iter().enumerate() {
                    s.panel = Some(id);
                    // Inside a panel, space collapses into the panel's own flow.
                    if i == n - 1 {
                        s.after = Break::Avoid;
                    }
                    out.push(s);
                }
                out.push(bottom);
                // Kept whole: no break inside unless the panel outgrows a column,
                // which the column filler handles by breaking at `Allow` points.
                let total: f32 = out.iter().map(|s| s.height + s.space_before).sum();
                if total < KEEP_WHOLE_LIMIT {
                    for s in out.iter_mut().rev().skip(1) {
                        if s.after == Break::Allow {
                            s.after = Break::Avoid;
                        }
                    }
                }
                out
            }
            Block::Row {
                cells,
                gap,
                space_after,
            } => {
                let mut slice = Slice::new(0.0);
                let mut x = 0.0;
                for (w, blocks) in cells {
                    let mut y = 0.0;
                    for b in blocks {
                        for (k, s) in self.slices(b, *w, parent).into_iter().enumerate() {
                            if k > 0 || y > 0.0 {
                                y += s.space_before;
                            }
                            for item in &s.items {
                                slice.items.push(translate(item, x, y));
                            }
                            y += s.height + s.space_after;
                        }
                    }
                    slice.height = slice.height.max(y);
                    x += w + gap;
                }
                slice.space_after = *space_after;
                vec![slice]
            }
            Block::Image {
                image,
                width: w,
                alt,
                space_after,
            } => {
                let h = w * image.height as f32 / image.width.max(1) as f32;
                let tag = match alt {
                    Some(alt) => Tag::Content(
                        self.structure
                            .add(parent, Role::Figure { alt: alt.clone() }),
                    ),
                    None => Tag::Artifact,
                };
                self.images.push(image.clone());
                let mut slice = Slice::new(h);
                slice.items.push(Item {
                    content: Content::Image {
                        image: self.images.len() - 1,
                        x: 0.0,
                        y: 0.0,
                        w: *w,
                        h,
                    },
                    tag,
                });
                slice.space_after = *space_after;
                vec![slice]
            }
            Block::Drawing {
                height,
                content,
                alt,
                space_after,
                ..
            } => {
                let tag = match alt {
                    Some(alt) => Tag::Content(
                        self.structure
                            .add(parent, Role::Figure { alt: alt.clone() }),
                    ),
                    None => Tag::Artifact,
                };
                let mut slice = Slice::new(*height);
                slice.items = content
                    .iter()
                    .map(|c| Item {
                        content: c.clone(),
                        tag,
                    })
                    .collect();
                slice.space_after = *space_after;
                vec![slice]
            }
            Block::Group { role, blocks } => {
                let node = self.structure.add(parent, role.clone());
                blocks
                    .iter()
                    .flat_map(|b| self.slices(b, width, node))
                    .collect()
            }
            Block::Spacer(h) => {
                let mut s = Slice::new(*h);
                s.after = Break::Allow;
                vec![s]
            }
            Block::PageBreak => {
                let mut s = Slice::new(0.0);
                s.after = Break::Force;
                vec![s]
            }
            Block::Columns { blocks, .. } => {
                // Nested columns are laid out in one column.
                blocks
                    .iter()
                    .flat_map(|b| self.slices(b, width, parent))
                    .collect()
            }
        }
    }

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

    /// One slice per line, with widow and orphan control (`keep` for headings).
    fn lines(&mut self, set: &SetParagraph, node: NodeId, keep: bool) -> Vec<Slice> {
        let n = set.lines.len();
        let mut out = Vec::with_capacity(n);
        // Baseline placed so that the line box is `leading` high with the
        // text's ascent and descent centred in it.
        let baseline = set.ascent + (set.leading - set.ascent - set.descent) / 2.0;
        for (i, line) in set.lines.iter().enumerate() {
            let mut slice = Slice::new(set.leading);
            for run in &line.runs {
                let link_node = run.link.as_ref().map(|target| {
                    self.structure.add(
                        node,
                        Role::Link {
                            target: target.clone(),
                        },
                    )
                });
                let tag = Tag::Content(link_node.unwrap_or(node));
                slice.items.push(Item {
                    content: Content::Text(GlyphRun {
                        x: run.x,
                        y: baseline,
                        font: run.font,
                        size: run.size,
                        color: run.color,
                        glyphs: run.glyphs.clone(),
                        text: run.text.clone(),
                    }),
                    tag,
                });
                if let Some(target) = &run.link {
                    slice.items.push(Item {
                        content: Content::Link {
                            x: run.x,
                            y: baseline - set.ascent,
                            w: run.width(),
                            h: set.ascent + set.descent,
                            target: target.clone(),
                        },
                        tag,
                    });
                }
            }
            // Break after line i leaves i + 1 lines above and n − i − 1 below:
            // both must be at least 2 (no orphan, no widow).
            slice.after = if keep || (i + 1 < n && !(1..=n.saturating_sub(3)).contains(&i)) {
                slice.widow_orphan = !keep;
                Break::Avoid
            } else {
                Break::Allow
            };
            out.push(slice);
        }
        out
    }
}

/// A run of slices laid out in `count` columns.
struct Segment {
    count: usize,
    gap: f32,
    slices: Vec<Slice>,
}

fn contains_columns(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Columns { .. } => true,
        Block::Group { blocks, .. } => contains_columns(blocks),
        _ => false,
    })
}

/// Panels shorter than this are never split (pt): about two thirds of an A4
/// body; a taller panel may break at its paragraphs' legal points.
const KEEP_WHOLE_LIMIT: f32 = 500.0;

fn first_baseline(slice: &Slice) -> Option<f32> {
    slice.items.iter().find_map(|i| match &i.content {
        Content::Text(run) => Some(run.y),
        _ => None,
    })
}

fn translate(item: &Item, dx: f32, dy: f32) -> Item {
    let content = match &item.content {
        Content::Text(run) => {
            let mut run = run.clone();
            run.x += dx;
            run.y += dy;
            Content::Text(run)
        }
        Content::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
            radius,
        } => Content::Rect {
            x: x + dx,
            y: y + dy,
            w: *w,
            h: *h,
            fill: *fill,
            stroke: *stroke,
            radius: *radius,
        },
        Content::Line {
            from,
            to,
            color,
            width,
        } => Content::Line {
            from: (from.0 + dx, from.1 + dy),
            to: (to.0 + dx, to.1 + dy),
            color: *color,
            width: *width,
        },
        Content::Image { image, x, y, w, h } => Content::Image {
            image: *image,
            x: x + dx,
            y: y + dy,
            w: *w,
            h: *h,
        },
        Content::Link { x, y, w, h, target } => Content::Link {
            x: x + dx,
            y: y + dy,
            w: *w,
            h: *h,
            target: target.clone(),
        },
    };
    Item {
        content,
        tag: item.tag,
    }
}

/// Takes from `queue` the slices that fit in one column of height `avail`,
/// breaking only where allowed; returns them with their top offsets.
fn fill_column(
    queue: &mut std::collections::VecDeque<Slice>,
    avail: f32,
    at_page_top: bool,
    quality: &mut Quality,
) -> Vec<(Slice, f32)> {
    let mut placed: Vec<(Slice, f32)> = Vec::new();
    let mut y = 0.0f32;
    let mut prev_after = 0.0f32;
    while let Some(slice) = queue.pop_front() {
        let space = if placed.is_empty() {
            0.0
        } else {
            prev_after.max(slice.space_before)
        };
        if (placed.is_empty() && at_page_top) || y + space + slice.height <= avail + 0.01 {
            let top = y + space;
            y = top + slice.height;
            prev_after = slice.space_after;
            let force = slice.after == Break::Force;
            placed.push((slice, top));
            if force {
                break;
            }
            continue;
        }
        // Does not fit: break at the last allowed point.
        queue.push_front(slice);
        let last_allowed = placed.iter().rposition(|(s, _)| s.after != Break::Avoid);
        match last_allowed {
            Some(k) if k + 1 < placed.len() => {
                let moved = placed.split_off(k + 1);
                if moved.iter().any(|(s, _)| s.widow_orphan) || placed[k].0.widow_orphan {
                    quality.widows_orphans_avoided += 1;
                }
                for (s, _) in moved.into_iter().rev() {
                    queue.push_front(s);
                }
            }
            Some(_) => {}
            // Nothing may break here: keep what is placed (content taller
            // than a column cannot be kept together).
            None => {}
        }
        break;
    }
    placed
}

/// The smallest column height at which `count` columns take every slice, if
/// they all fit in `avail`: balanced columns on the last page of a segment.
fn balanced_height(
    queue: &std::collections::VecDeque<Slice>,
    avail: f32,
    count: usize,
) -> Option<f32> {
    let fits = |h: f32| {
        let mut q = queue.clone();
        let mut scratch = Quality::default();
        for _ in 0..count {
            fill_column(&mut q, h, true, &mut scratch);
            if q.is_empty() {
                return true;
            }
        }
        false
    };
    if !fits(avail) {
        return None;
    }
    // Below the tallest slice, forced placement would make anything "fit".
    let tallest = queue.iter().map(|s| s.height).fold(0.0f32, f32::max);
    let (mut lo, mut hi) = (tallest, avail);
    // Twelve halvings bring the height within avail / 4096 (< 0.2 pt on A4).
    for _ in 0..12 {
        let mid = (lo + hi) / 2.0;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}
