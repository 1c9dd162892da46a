//! The content cut into slices as the pages need them, one block at a time,
//! the groups looked through (a section of a multi-column area, a domain of
//! the territory's directory, is cut entry by entry): a window of slices a
//! few columns ahead of the page being filled, never the whole content
//! (the directory of 34 900 communes held the glyphs of its 7 622 pages at
//! once, issue 20 §5).
//!
//! The blocks are cut in the same order as ever, so that structure nodes,
//! images, panels, repeated headers and floats are numbered alike; a group
//! is cut child by child exactly as [`Flow::slices`] cuts it whole (its
//! node first, then its children's slices one after the other), but for a
//! table, whose header row is kept with its rows: a table is cut whole.
//! The blocks of a [`Block::Generated`] are made as they are reached, and
//! let go once cut.

use super::super::document::{NodeId, Role};
use super::slices::Slice;
use super::{Block, Children, Flow, contains_columns, panels};

/// A segment's slices cut so far, from the first not yet placed.
#[derive(Default)]
pub(super) struct Window {
    /// The slices.
    pub(super) slices: Vec<Slice>,
    /// More slices of the segment may follow (it is not all cut yet).
    pub(super) open: bool,
}

/// Where the cutting stands in the blocks.
enum Frame<'b> {
    /// Blocks at full width under `parent`: the top level, or a group.
    Full {
        blocks: Children<'b>,
        parent: NodeId,
    },
    /// The blocks of a multi-column area of columns `width` wide.
    Columns {
        blocks: Children<'b>,
        parent: NodeId,
        width: f32,
    },
    /// A group inside a multi-column area, its node `node`.
    Section {
        blocks: Children<'b>,
        node: NodeId,
        width: f32,
    },
}

/// What cutting one more block gave.
enum Cut {
    /// Slices of the segment being cut.
    Slices(Vec<Slice>),
    /// A new segment starts, in this many columns this far apart.
    Segment(usize, f32),
    /// Nothing is left.
    End,
}

/// The blocks of a document, cut on demand.
pub(super) struct Cutter<'b> {
    stack: Vec<Frame<'b>>,
    /// Width of the page body (pt).
    full_width: f32,
    /// Columns of the segment being cut, once one has started.
    columns: Option<usize>,
    /// Slices cut for a segment not started yet.
    pending: Option<Vec<Slice>>,
    /// The segment that follows the one being filled, once met.
    upcoming: Option<(usize, f32)>,
    /// Inside a group that is one block of a multi-column area: the depth
    /// of its frame, and whether its first slice was cut (the others are
    /// inside its section: balanced columns do not break before them).
    section: Option<(usize, bool)>,
}

impl<'b> Cutter<'b> {
    /// Cuts `blocks`, children of `root`, on a body `full_width` wide.
    pub(super) fn new(blocks: &'b [Block], root: NodeId, full_width: f32) -> Self {
        Cutter {
            stack: vec![Frame::Full {
                blocks: Children::Held(blocks.iter()),
                parent: root,
            }],
            full_width,
            columns: None,
            pending: None,
            upcoming: None,
            section: None,
        }
    }

    /// The next segment (its columns and gap), once the slices of the one
    /// before are all cut; `None` at the end of the content.
    pub(super) fn segment(&mut self, flow: &mut Flow) -> Option<(usize, f32)> {
        if let Some(segment) = self.upcoming.take() {
            return Some(segment);
        }
        loop {
            match self.cut(flow) {
                Cut::Segment(count, gap) => return Some((count, gap)),
                Cut::End => return None,
                // (Never: a segment's slices were all cut before the next.)
                Cut::Slices(_) => {}
            }
        }
    }

    /// Cuts the next block of the segment of `window` into it, its small
    /// panels kept whole; closes the window at the segment's end. Returns
    /// whether the window grew or was closed.
    pub(super) fn more(&mut self, flow: &mut Flow, window: &mut Window) -> bool {
        if !window.open {
            return false;
        }
        loop {
            match self.cut(flow) {
                Cut::Slices(mut slices) => {
                    if slices.is_empty() {
                        continue;
                    }
                    flow.relaxable |=
                        panels::keep_small_panels_whole(&mut slices, flow.fresh, flow.strict);
                    window.slices.extend(slices);
                }
                Cut::Segment(count, gap) => {
                    self.upcoming = Some((count, gap));
                    window.open = false;
                }
                Cut::End => window.open = false,
            }
            return true;
        }
    }

    /// Cuts one more block (a leaf, or a block that is not looked through).
    fn cut(&mut self, flow: &mut Flow) -> Cut {
        if let Some(slices) = self.pending.take() {
            return Cut::Slices(slices);
        }
        loop {
            let depth = self.stack.len();
            let Some(frame) = self.stack.last_mut() else {
                return Cut::End;
            };
            match frame {
                Frame::Full { blocks, parent } => {
                    let parent = *parent;
                    let Some(block) = blocks.next() else {
                        self.stack.pop();
                        continue;
                    };
                    match look(&block, true) {
                        Look::Columns(count, gap) => {
                            let count = count.max(1);
                            let width =
                                (self.full_width - gap * (count as f32 - 1.0)) / count as f32;
                            self.stack.push(Frame::Columns {
                                blocks: Block::children(block),
                                parent,
                                width,
                            });
                            self.columns = Some(count);
                            return Cut::Segment(count, gap);
                        }
                        // A group holding columns, or any but a table: its
                        // node, then its blocks as if at the top.
                        Look::Through(role) => {
                            let node = flow.structure.add(parent, role);
                            self.stack.push(Frame::Full {
                                blocks: Block::children(block),
                                parent: node,
                            });
                        }
                        Look::Whole => {
                            let slices = flow.slices(&block, self.full_width, parent);
                            // Full-width blocks go on in a segment of one
                            // column, else start one.
                            if self.columns == Some(1) {
                                return Cut::Slices(slices);
                            }
                            self.columns = Some(1);
                            self.pending = Some(slices);
                            return Cut::Segment(1, 0.0);
                        }
                    }
                }
                Frame::Columns {
                    blocks,
                    parent,
                    width,
                }
                | Frame::Section {
                    blocks,
                    node: parent,
                    width,
                } => {
                    let (parent, width) = (*parent, *width);
                    let Some(block) = blocks.next() else {
                        self.stack.pop();
                        if self.section.is_some_and(|(d, _)| d == depth) {
                            self.section = None;
                        }
                        continue;
                    };
                    match look(&block, false) {
                        Look::Through(role) => {
                            let node = flow.structure.add(parent, role);
                            self.stack.push(Frame::Section {
                                blocks: Block::children(block),
                                node,
                                width,
                            });
                            // A block of the area: a section.
                            if self.section.is_none() {
                                self.section = Some((depth + 1, false));
                            }
                        }
                        Look::Columns(..) | Look::Whole => {
                            let mut slices = flow.slices(&block, width, parent);
                            self.mark_section(&block, &mut slices);
                            return Cut::Slices(slices);
                        }
                    }
                }
            }
        }
    }

    /// Marks the slices of a section after its first (see
    /// [`Slice::in_section`]): a block of a multi-column area that is a
    /// group, a panel or a kept module, or a part of one.
    fn mark_section(&mut self, block: &Block, slices: &mut [Slice]) {
        let skip = match &mut self.section {
            Some((_, started)) => {
                let skip = usize::from(!*started);
                *started |= !slices.is_empty();
                skip
            }
            None if matches!(
                block,
                Block::Group { .. }
                    | Block::Generated { .. }
                    | Block::Panel { .. }
                    | Block::Keep(_)
                    | Block::Entry(_)
                    | Block::Float(_)
            ) =>
            {
                1
            }
            None => slices.len(),
        };
        slices
            .iter_mut()
            .skip(skip)
            .for_each(|s| s.in_section = true);
    }
}

/// How the cutter takes a block.
enum Look {
    /// A multi-column area (at full width): a new segment of this many
    /// columns this far apart.
    Columns(usize, f32),
    /// A group looked through: its node of this role, then its blocks.
    Through(Role),
    /// Cut whole.
    Whole,
}

/// How `block` is cut, at full width or in a multi-column area: a group
/// but a table is looked through, and at full width a table holding
/// columns too (nested columns are laid out in one column).
fn look(block: &Block, full: bool) -> Look {
    match block {
        Block::Columns { count, gap, .. } if full => Look::Columns(*count, *gap),
        Block::Group { role, .. } | Block::Generated { role, .. } if *role != Role::Table => {
            Look::Through(role.clone())
        }
        Block::Group { role, .. } | Block::Generated { role, .. }
            if full && contains_columns(std::slice::from_ref(block)) =>
        {
            Look::Through(role.clone())
        }
        _ => Look::Whole,
    }
}
