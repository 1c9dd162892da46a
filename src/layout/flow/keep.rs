//! Content kept together: blocks never broken inside when they fit in a
//! fresh column, and table header rows (a directory entry's name) repeated
//! where a table (the entry) continues.

use super::super::document::{Content, Item, NodeId, Page, Tag};
use super::columns::tops;
use super::slices::{Break, Slice, shift_item};
use super::{Block, Flow};

/// Slack on heights compared after summing (pt), as in the columns.
const EPSILON: f32 = 0.01;

/// A table's header row, drawn again at the top of each column the table
/// continues in: decoration only (the structure has it once).
#[derive(Debug, Clone)]
pub(super) struct RepeatHeader {
    /// Height of the row (pt).
    pub height: f32,
    /// Its background and text, relative to its top-left corner.
    pub items: Vec<Item>,
}

impl RepeatHeader {
    /// Draws the header with its top-left corner at (x, y).
    pub(super) fn draw(&self, x: f32, y: f32, page: &mut Page) {
        for item in &self.items {
            let mut item = item.clone();
            shift_item(&mut item, x, y);
            page.items.push(item);
        }
    }
}

/// The height of slices stacked in one column.
pub(super) fn stacked_height(slices: &[Slice]) -> f32 {
    match (tops(slices).last(), slices.last()) {
        (Some(top), Some(last)) => top + last.height,
        _ => 0.0,
    }
}

impl Flow<'_, '_> {
    /// Forbids every break inside `slices` when they fit in a fresh column,
    /// in a relaxed flow too: a module is never split (an experience box
    /// split 3 + 3 lines across the énergie sheet's pages, issue 16 A.2); a
    /// taller group keeps the breaks of its content (it fits nowhere whole).
    pub(super) fn keep_whole(&self, slices: &mut [Slice]) {
        if stacked_height(slices) > self.fresh + EPSILON {
            return;
        }
        if let Some((_, inside)) = slices.split_last_mut() {
            for s in inside {
                if s.after == Break::Allow {
                    s.after = Break::Avoid;
                }
            }
        }
    }

    /// Keeps the slices of a [`Block::Entry`] together as [`Flow::keep_whole`]
    /// does, but for the ends of its blocks, where a break is only soft
    /// (taken when keeping it would leave a hole, see `Break::Soft`).
    pub(super) fn keep_loosely(&self, slices: &mut [Slice]) {
        if stacked_height(slices) > self.fresh + EPSILON {
            return;
        }
        if let Some((_, inside)) = slices.split_last_mut() {
            for s in inside {
                if s.after == Break::Allow {
                    s.after = if s.block_end {
                        Break::Soft
                    } else {
                        Break::Avoid
                    };
                }
            }
        }
    }

    /// The slices of a [`Block::Entry`], kept loosely together. A first
    /// [`Block::Decoration`] is its continuation line (« Exempleville
    /// (suite) »): not placed where it stands, but drawn atop each column
    /// the entry goes on in, as a table's header row is, and as one an
    /// artifact: a screen reader reads the name once.
    pub(super) fn entry(&mut self, blocks: &[Block], width: f32, parent: NodeId) -> Vec<Slice> {
        let (continued, blocks) = match blocks.split_first() {
            Some((line @ Block::Decoration { .. }, rest)) => (Some(line), rest),
            _ => (None, blocks),
        };
        let mut out = self.all_slices(blocks, width, parent);
        self.keep_loosely(&mut out);
        if let Some(line) = continued
            && out.len() > 1
        {
            let mut line = self.slices(line, width, parent);
            let header = self.repeat_header(&mut line);
            // Its first slice opens the entry with the name itself.
            out[1..].iter_mut().for_each(|s| s.repeat = Some(header));
        }
        out
    }

    /// Records the header row of a table (its first row's `slices`) to be
    /// repeated, keeps it with the first data row, and returns its index.
    pub(super) fn repeat_header(&mut self, slices: &mut [Slice]) -> usize {
        let height = stacked_height(slices);
        let mut items = Vec::new();
        if let Some(p) = slices.first().and_then(|s| s.panel) {
            items.extend(self.panels[p].items(0.0, 0.0, height));
        }
        for (s, top) in slices.iter().zip(tops(slices)) {
            for item in &s.items {
                // Links stay with the first header; its copies are not read.
                if matches!(item.content, Content::Link { .. }) {
                    continue;
                }
                let mut copy = Item {
                    content: item.content.clone(),
                    tag: Tag::Artifact,
                };
                shift_item(&mut copy, 0.0, top);
                items.push(copy);
            }
        }
        if let Some(last) = slices.last_mut() {
            last.after = Break::Avoid;
        }
        self.headers.push(RepeatHeader { height, items });
        self.headers.len() - 1
    }
}
