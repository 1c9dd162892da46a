//! (being written)

/// Index of a font in the font book.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct FontId(pub u16);
