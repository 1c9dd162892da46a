//! Layout stage: fonts, shaping, French typography, hyphenation, optimal line
//! breaking and pagination, turning composed blocks into pages of positioned items.
//!
//! Nothing here knows about PDF: the product is a [`Document`] of pages whose
//! items are in points, which the export stage writes.

pub mod document;
pub mod flow;
pub mod fonts;
pub mod hyphen;
pub mod inline;
pub mod linebreak;
pub mod paragraph;
pub mod shape;
pub mod typo;

pub use document::Document;
