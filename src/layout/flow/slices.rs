//! Blocks cut into slices: unbreakable horizontal strips with the rules for
//! breaking between them (keep-with-next, widows and orphans).

use super::super::document::{Content, GlyphRun, Item, NodeId, Role, Tag};
use super::super::inline::Run;
use super::super::paragraph::SetParagraph;
use super::panels::PanelDecor;
use super::{Block, Flow};

/// Can the page break after a slice?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Break {
    Allow,
    /// Keep with the next slice (heading, orphan or widow lines).
    Avoid,
    /// Keep with the next slice unless that leaves a hole: inside a small
    /// panel that is not a module, kept whole when moving it costs no more
    /// than the column's gaps can take, split at this point otherwise
    /// ([`super::columns::column_end`]).
    Soft,
    Force,
}

/// One unbreakable horizontal strip of content.
#[derive(Debug, Clone)]
pub(super) struct Slice {
    pub(super) height: f32,
    pub(super) space_before: f32,
    pub(super) space_after: f32,
    pub(super) items: Vec<Item>,
    pub(super) after: Break,
    /// Panel this slice belongs to, when panels are split.
    pub(super) panel: Option<usize>,
    pub(super) bookmarks: Vec<(String, u8, f32)>,
    /// Whether `Avoid` comes from widow/orphan control (for statistics).
    pub(super) widow_orphan: bool,
    /// Inside a section of a multi-column area, after its first slice:
    /// balanced columns do not break before it.
    pub(super) in_section: bool,
    /// A row of a table after its header row: a column starting with it
    /// repeats that header (an index into the flow's headers).
    pub(super) repeat: Option<usize>,
    /// Part of a [`Block::Float`]: its number in the flow.
    pub(super) float: Option<usize>,
    /// The last slice of a block (a paragraph, a list item, a panel, a
    /// kept module…): a float may be placed after it, never inside one.
    pub(super) block_end: bool,
}

impl Slice {
    pub(super) fn new(height: f32) -> Slice {
        Slice {
            height,
            space_before: 0.0,
            space_after: 0.0,
            items: Vec::new(),
            after: Break::Allow,
            panel: None,
            bookmarks: Vec::new(),
            widow_orphan: false,
            in_section: false,
            repeat: None,
            float: None,
            block_end: false,
        }
    }
}

impl Flow<'_, '_> {
    /// Cuts a block into slices of `width`, adding its structure under
    /// `parent`, its last slice marked as a block's end: a float goes
    /// between blocks, never inside a paragraph, a list item or a box.
    pub(super) fn slices(&mut self, block: &Block, width: f32, parent: NodeId) -> Vec<Slice> {
        let mut out = self.block_slices(block, width, parent);
        // A group's parts, and a list's items, are blocks of their own.
        if !matches!(
            block,
            Block::Group { .. }
                | Block::Generated { .. }
                | Block::Decoration { .. }
                | Block::Columns { .. }
                | Block::List { .. }
        ) {
            out.iter_mut().for_each(|s| s.block_end = false);
        }
        if let Some(last) = out.last_mut() {
            last.block_end = true;
        }
        out
    }

    /// The slices of one block (see [`Flow::slices`]).
    fn block_slices(&mut self, block: &Block, width: f32, parent: NodeId) -> Vec<Slice> {
        match block {
            Block::Heading { .. } => self.heading(block, width, parent),
            Block::Paragraph {
                runs,
                style,
                space_before,
                space_after,
            } => {
                let node = self.structure.add(parent, Role::P);
                let set = self.set(runs, style, width);
                let mut slices = self.lines(set, node, false);
                if let Some(first) = slices.first_mut() {
                    first.space_before = *space_before;
                }
                if let Some(last) = slices.last_mut() {
                    last.space_after = *space_after;
                }
                slices
            }
            Block::List { .. } => self.list(block, width, parent),
            Block::Keep(blocks) => {
                let mut out = self.all_slices(blocks, width, parent);
                self.keep_whole(&mut out);
                out
            }
            Block::Entry(blocks) => self.entry(blocks, width, parent),
            Block::Leaders { .. } => self.leaders(block, width, parent),
            Block::Float(inner) => {
                let mut out = self.slices(inner, width, parent);
                self.floats += 1;
                out.iter_mut().for_each(|s| s.float = Some(self.floats));
                out
            }
            Block::Panel { .. } => self.panel(block, width, parent),
            Block::Row {
                cells,
                gap,
                space_after,
            } => {
                let mut slice = self.row(cells, *gap, parent);
                slice.space_after = *space_after;
                vec![slice]
            }
            Block::Image { .. } | Block::Drawing { .. } => self.figure(block, parent),
            Block::Group { role, .. } | Block::Generated { role, .. } => {
                let blocks = Block::children(std::borrow::Cow::Borrowed(block));
                self.group(role, blocks, width, parent)
            }
            Block::Decoration { blocks } => {
                // Laid out as any content, then retagged: the structure nodes
                // made on the way hold no content and the export leaves them out.
                let mut out = self.all_slices(blocks, width, parent);
                for slice in &mut out {
                    slice.bookmarks.clear();
                    for item in &mut slice.items {
                        item.tag = Tag::Artifact;
                    }
                }
                out
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
            Block::Fit { .. } => self.fit(block, width, parent),
            Block::Frame { .. } => self.frame_box(block, parent),
            // Nested columns are laid out in one column.
            Block::Columns { blocks, .. } => self.all_slices(blocks, width, parent),
        }
    }

    /// The slices of `blocks`, one after the other.
    pub(super) fn all_slices(
        &mut self,
        blocks: &[Block],
        width: f32,
        parent: NodeId,
    ) -> Vec<Slice> {
        blocks
            .iter()
            .flat_map(|b| self.slices(b, width, parent))
            .collect()
    }

    /// The slices of a [`Block::Heading`]: its lines, kept with what follows.
    fn heading(&mut self, block: &Block, width: f32, parent: NodeId) -> Vec<Slice> {
        let Block::Heading {
            level,
            runs,
            style,
            space_before,
            space_after,
            bookmark,
        } = block
        else {
            return Vec::new();
        };
        let node = self.structure.add(parent, Role::H(*level));
        // A heading is a display line whatever style it was given:
        // never hyphenated, balanced (issue 16, A.5).
        let display = style.clone().as_display();
        let set = self.set(runs, &display, width);
        let mut slices = self.lines(set, node, true);
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

    /// The slices of a [`Block::List`]: its items, each in its box if boxed.
    fn list(&mut self, block: &Block, width: f32, parent: NodeId) -> Vec<Slice> {
        let Block::List {
            items,
            label_style,
            indent,
            gap,
            space_after,
            boxed,
        } = block
        else {
            return Vec::new();
        };
        let list = self.structure.add(parent, Role::L);
        let mut out = Vec::new();
        for (n, (label, body)) in items.iter().enumerate() {
            let pad = boxed.map_or(0.0, |b| b.padding);
            let inner = width - 2.0 * pad;
            let mut item = self.list_item(label, body, label_style, *indent, inner, list);
            let before = if n > 0 { *gap } else { 0.0 };
            match boxed {
                Some(b) => {
                    self.shift_slices(&mut item, pad);
                    let decor = PanelDecor {
                        fill: b.fill,
                        stroke: b.stroke,
                        radius: b.radius,
                        left_bar: None,
                        x: 0.0,
                        w: width,
                        top: 0.0,
                    };
                    self.frame(&mut item, decor, b.padding_y, before, 0.0);
                    self.keep_whole(&mut item);
                }
                None => {
                    if let Some(first) = item.first_mut() {
                        first.space_before = first.space_before.max(before);
                    }
                }
            }
            // An item is one block: a float goes after it, never inside.
            item.iter_mut().for_each(|s| s.block_end = false);
            if let Some(last) = item.last_mut() {
                last.block_end = true;
            }
            out.extend(item);
        }
        if let Some(last) = out.last_mut() {
            last.space_after = *space_after;
        }
        out
    }

    /// The one slice of a [`Block::Row`]: its cells side by side, `gap`
    /// apart, the boxes inside them drawn below their text.
    fn row(&mut self, cells: &[(f32, Vec<Block>)], gap: f32, parent: NodeId) -> Slice {
        let mut slice = Slice::new(0.0);
        let mut x = 0.0;
        // Frames of the boxes inside the cells: (panel, x, top, bottom).
        let mut frames: Vec<(usize, f32, f32, f32)> = Vec::new();
        for (w, blocks) in cells {
            let mut y = 0.0;
            for b in blocks {
                for (k, s) in self.slices(b, *w, parent).into_iter().enumerate() {
                    if k > 0 || y > 0.0 {
                        y += s.space_before;
                    }
                    if let Some(p) = s.panel {
                        match frames.iter_mut().find(|f| f.0 == p) {
                            Some(f) => f.3 = y + s.height,
                            None => frames.push((p, x, y, y + s.height)),
                        }
                    }
                    let h = s.height + s.space_after;
                    for mut item in s.items {
                        shift_item(&mut item, x, y);
                        slice.items.push(item);
                    }
                    // Headings inside a cell (the title beside the
                    // pictogram) keep their bookmarks.
                    for (title, level, dy) in s.bookmarks {
                        slice.bookmarks.push((title, level, dy + y));
                    }
                    y += h;
                }
            }
            slice.height = slice.height.max(y);
            x += w + gap;
        }
        // The boxes of the cells are drawn below their text.
        let mut items: Vec<Item> = frames
            .iter()
            .flat_map(|&(p, x, top, bottom)| self.panels[p].items(x, top, bottom - top))
            .collect();
        items.append(&mut slice.items);
        slice.items = items;
        slice
    }

    /// The one slice of a [`Block::Image`] or a [`Block::Drawing`]: a figure
    /// with its alternative text, or an artifact without.
    fn figure(&mut self, block: &Block, parent: NodeId) -> Vec<Slice> {
        let mut tag = |alt: &Option<String>| match alt {
            Some(alt) => Tag::Content(
                self.structure
                    .add(parent, Role::Figure { alt: alt.clone() }),
            ),
            None => Tag::Artifact,
        };
        let slice = match block {
            Block::Image {
                image,
                width: w,
                alt,
                space_after,
            } => {
                let h = super::image_height(image, *w);
                let tag = tag(alt);
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
                slice
            }
            Block::Drawing {
                height,
                content,
                alt,
                space_after,
                ..
            } => {
                let tag = tag(alt);
                let mut slice = Slice::new(*height);
                slice.items = content
                    .iter()
                    .map(|c| Item {
                        content: c.clone(),
                        tag,
                    })
                    .collect();
                slice.space_after = *space_after;
                slice
            }
            _ => return Vec::new(),
        };
        vec![slice]
    }

    /// The slices of a [`Block::Group`] under a node of its `role`; a
    /// table's first part is its header row, repeated atop each column.
    fn group<'b>(
        &mut self,
        role: &Role,
        blocks: impl Iterator<Item = std::borrow::Cow<'b, Block>>,
        width: f32,
        parent: NodeId,
    ) -> Vec<Slice> {
        let node = self.structure.add(parent, role.clone());
        let mut out = Vec::new();
        let mut header = None;
        let mut blocks = blocks.enumerate().peekable();
        while let Some((k, b)) = blocks.next() {
            let mut part = self.slices(&b, width, node);
            if *role == Role::Table && k == 0 && blocks.peek().is_some() {
                header = Some(self.repeat_header(&mut part));
            } else if header.is_some() {
                part.iter_mut().for_each(|s| s.repeat = header);
            }
            out.extend(part);
        }
        out
    }

    /// The slices of one list item `indent` + `pad` from the left of `width`
    /// (the padding of its box, if boxed), its label hanging in the indent
    /// on the first baseline of its body.
    fn list_item(
        &mut self,
        label: &str,
        body: &[Block],
        label_style: &super::super::paragraph::TextStyle,
        indent: f32,
        width: f32,
        list: NodeId,
    ) -> Vec<Slice> {
        let li = self.structure.add(list, Role::LI);
        let lbl = self.structure.add(li, Role::Lbl);
        let lbody = self.structure.add(li, Role::LBody);
        let mut body_slices: Vec<Slice> = Vec::new();
        for b in body {
            body_slices.extend(self.slices(b, width - indent, lbody));
        }
        self.shift_slices(&mut body_slices, indent);
        let label_set = self.set(&[Run::plain(label.to_string())], label_style, indent);
        if let Some(first) = body_slices.first_mut() {
            let baseline = first_baseline(first).unwrap_or(label_set.ascent);
            let ascent = label_set.ascent;
            let label_slices = self.lines(label_set, lbl, false);
            if let Some(ls) = label_slices.into_iter().next() {
                let shift = baseline - first_baseline(&ls).unwrap_or(ascent);
                let mut label_items = ls.items;
                for item in &mut label_items {
                    shift_item(item, 0.0, shift);
                }
                // Painted before the body's first line, as the structure
                // reads them (Lbl, then LBody): painting the label after the
                // line put a list's content out of tag order for checkers
                // (issue 19).
                first.items.splice(0..0, label_items);
            }
        }
        body_slices
    }

    /// One slice per line, with widow and orphan control (`keep` for headings).
    pub(super) fn lines(&mut self, set: SetParagraph, node: NodeId, keep: bool) -> Vec<Slice> {
        let n = set.lines.len();
        let mut out = Vec::with_capacity(n);
        // Baseline placed so that the line box is `leading` high with the
        // text's ascent and descent centred in it.
        let baseline = set.ascent + (set.leading - set.ascent - set.descent) / 2.0;
        // The `Span` of the passage in another language being set, with its
        // parent and language: a passage cut by a line end stays one element.
        let mut span: Option<(NodeId, String, NodeId)> = None;
        for (i, line) in set.lines.into_iter().enumerate() {
            let hyphenated = line.hyphenated;
            let mut slice = Slice::new(set.leading);
            // A run's text, and its annotation when linked: room for them
            // exactly (a first push makes room for four items, ≈ 300 bytes
            // lost on most lines, ≈ 10 % of a directory's layout).
            let links = line.runs.iter().filter(|r| r.link.is_some()).count();
            slice.items.reserve_exact(line.runs.len() + links);
            for run in line.runs {
                let link_node = run.link.as_ref().map(|target| {
                    self.structure.add(
                        node,
                        Role::Link {
                            target: target.clone(),
                        },
                    )
                });
                let parent = link_node.unwrap_or(node);
                // Text in another language is a `Span` element with `/Lang`
                // (inside the link when linked), holding the marked content of
                // its glyphs; the text around it stays in `parent`, in reading
                // order. A structure element rather than `/Lang` in the
                // marked-content property list: both are valid PDF, but screen
                // readers and PDF/UA checkers read the language of elements
                // more reliably, and the export already writes `/Lang` on them.
                let text_node = match run.lang {
                    Some(lang) => match &span {
                        Some((p, l, id)) if *p == parent && *l == lang => *id,
                        _ => {
                            let id = self.structure.add_span(parent, &lang);
                            span = Some((parent, lang, id));
                            id
                        }
                    },
                    None => {
                        span = None;
                        parent
                    }
                };
                let tag = Tag::Content(text_node);
                // The annotation belongs to the `Link` element itself.
                let link = run.link.map(|target| Item {
                    content: Content::Link {
                        x: run.x,
                        y: baseline - set.ascent,
                        w: run.glyphs.last().map_or(0.0, |g| g.x + g.advance),
                        h: set.ascent + set.descent,
                        target,
                    },
                    tag: Tag::Content(parent),
                });
                slice.items.push(Item {
                    content: Content::Text(GlyphRun {
                        x: run.x,
                        y: baseline,
                        font: run.font,
                        size: run.size,
                        color: run.color,
                        glyphs: run.glyphs,
                        text: run.text,
                        scale: run.scale,
                    }),
                    tag,
                });
                slice.items.extend(link);
            }
            // Break after line i leaves i + 1 lines above and n − i − 1 below:
            // both must be at least 2 (no orphan, no widow). A hyphenated
            // line never ends a column: the word would be cut across it.
            slice.after = if keep || (i + 1 < n && !(1..=n.saturating_sub(3)).contains(&i)) {
                slice.widow_orphan = !keep;
                Break::Avoid
            } else if hyphenated && i + 1 < n {
                Break::Avoid
            } else {
                Break::Allow
            };
            out.push(slice);
        }
        out
    }
}

pub(super) fn first_baseline(slice: &Slice) -> Option<f32> {
    slice.items.iter().find_map(|i| match &i.content {
        Content::Text(run) => Some(run.y),
        _ => None,
    })
}

/// Moves an item by (dx, dy).
pub(super) fn shift_item(item: &mut Item, dx: f32, dy: f32) {
    match &mut item.content {
        Content::Text(run) => {
            run.x += dx;
            run.y += dy;
        }
        Content::Rect { x, y, .. }
        | Content::Image { x, y, .. }
        | Content::Link { x, y, .. }
        | Content::Path { x, y, .. } => {
            *x += dx;
            *y += dy;
        }
        Content::Line { from, to, .. } => {
            from.0 += dx;
            from.1 += dy;
            to.0 += dx;
            to.1 += dy;
        }
        Content::Rotate { center, .. } => {
            center.0 += dx;
            center.1 += dy;
        }
        Content::EndRotate => {}
    }
}
