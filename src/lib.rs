//! ancrage: turns TOML materials into printable PDF fact sheets for French local authorities.
//!
//! The pipeline runs in one direction, one module per stage:
//! [`load`] (files → raw TOML with spans) → [`resolve`] (validated [`resolve::Materials`],
//! every diagnostic collected). The library never prints, never exits and never reads
//! the clock: it returns data plus [`diag::Diagnostics`]. [`import`] turns a spreadsheet
//! of communes into validated commune files, for the CLI to write.

pub mod build;
pub mod compose;
pub mod diag;
pub mod export;
pub mod import;
pub mod layout;
pub mod load;
pub mod map;
pub mod model;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod source;
pub mod templates;
