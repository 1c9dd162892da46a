//! Blocks made one at a time as the flow reaches them
//! ([`super::Block::Generated`]): the entries of a domain of the
//! territory's directory, which were all composed up front and held
//! through its three layouts (≈ 60 MB at 5 200 communes, issue 20 §5).
//! Each child is made again whenever it is asked for, so that what is
//! held does not grow with them: a source gives the same block for the
//! same index every time.

use std::borrow::Cow;
use std::sync::Arc;

use super::Block;

/// What makes the children of a [`super::Block::Generated`], by index.
pub trait BlockSource: Send + Sync {
    /// How many children there are.
    fn len(&self) -> usize;
    /// Whether there is none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Child `index` (`< len`), the same block each time it is asked for.
    fn block(&self, index: usize) -> Block;
}

/// A change applied to each block a source makes (a typesetting profile).
type Change = Arc<dyn Fn(&mut Block) + Send + Sync>;

/// The children of a [`super::Block::Generated`]: a shared source, cheap
/// to clone; compared and printed as the blocks it makes.
#[derive(Clone)]
pub struct Generated {
    source: Arc<dyn BlockSource>,
    /// Changes made to each block once made, in order.
    changes: Vec<Change>,
}

impl Generated {
    /// Children made by `source`.
    pub fn new(source: impl BlockSource + 'static) -> Self {
        Generated {
            source: Arc::new(source),
            changes: Vec::new(),
        }
    }

    /// How many children there are.
    pub fn len(&self) -> usize {
        self.source.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.source.is_empty()
    }

    /// Child `index`, made now, with the changes given so far.
    pub fn block(&self, index: usize) -> Block {
        let mut block = self.source.block(index);
        for change in &self.changes {
            change(&mut block);
        }
        block
    }

    /// The children, each made as it is reached and let go after.
    pub fn iter(&self) -> impl Iterator<Item = Block> + '_ {
        (0..self.len()).map(|i| self.block(i))
    }

    /// Applies `change` to every child from now on, as a walk changing
    /// owned blocks would (a large-print profile).
    pub fn change(&mut self, change: impl Fn(&mut Block) + Send + Sync + 'static) {
        self.changes.push(Arc::new(change));
    }
}

impl std::fmt::Debug for Generated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Generated {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

/// The children of a block that holds some, borrowed or made (see
/// [`Block::children`]).
pub enum Children<'b> {
    /// Blocks held by the block.
    Held(std::slice::Iter<'b, Block>),
    /// Blocks taken from an owned block.
    Owned(std::vec::IntoIter<Block>),
    /// Blocks made one at a time: the next one's index.
    Made(Cow<'b, Generated>, usize),
}

impl<'b> Iterator for Children<'b> {
    type Item = Cow<'b, Block>;

    fn next(&mut self) -> Option<Cow<'b, Block>> {
        match self {
            Children::Held(blocks) => blocks.next().map(Cow::Borrowed),
            Children::Owned(blocks) => blocks.next().map(Cow::Owned),
            Children::Made(source, next) => {
                let block = (*next < source.len()).then(|| source.block(*next))?;
                *next += 1;
                Some(Cow::Owned(block))
            }
        }
    }
}

impl Block {
    /// The children of a group, a generated group or a multi-column area
    /// (none for any other block), in order; those of an owned block are
    /// taken from it, those of a generated group made as they are reached.
    pub fn children(block: Cow<'_, Block>) -> Children<'_> {
        match block {
            Cow::Borrowed(Block::Group { blocks, .. } | Block::Columns { blocks, .. }) => {
                Children::Held(blocks.iter())
            }
            Cow::Borrowed(Block::Generated { blocks, .. }) => {
                Children::Made(Cow::Borrowed(blocks), 0)
            }
            Cow::Owned(Block::Group { blocks, .. } | Block::Columns { blocks, .. }) => {
                Children::Owned(blocks.into_iter())
            }
            Cow::Owned(Block::Generated { blocks, .. }) => Children::Made(Cow::Owned(blocks), 0),
            _ => Children::Held([].iter()),
        }
    }
}
