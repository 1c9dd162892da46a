//! ancrage: turns TOML materials into printable PDF fact sheets for French local authorities.
//!
//! # The pipeline
//!
//! Stages run one way, one module each; every stage returns its product plus
//! [`diag::Diagnostics`] rather than stopping at the first problem.
//!
//! | Stage   | Module       | Product |
//! |---------|--------------|---------|
//! | load    | [`load`]     | [`load::Loaded`]: each file's text in [`source::Sources`], parsed as TOML with spans |
//! | resolve | [`resolve`]  | [`resolve::Materials`]: the validated [`model`], with each value's span (`ancrage check` stops here) |
//! | compose | [`compose`]  | [`compose::Composed`]: blocks of typeset-ready runs on a page template |
//! | layout  | [`layout`]   | [`layout::Document`]: pages of positioned glyphs, paths and images |
//! | export  | [`export`]   | [`export::Exported`]: the bytes of a tagged PDF/A, with its image warnings |
//! | write   | [`build`]    | [`build::Target`]s: which files a selection makes, each laid out by [`build::lay_out`]; the CLI writes them |
//!
//! [`render`] chains compose and layout for one sheet ([`render::Engine`] holds
//! a thread's shaper and hyphenator). Beside the pipeline: [`import`] turns a
//! spreadsheet of communes into commune files, [`schema`] gives the JSON
//! Schemas of the file kinds, [`templates`] the files `ancrage new` writes,
//! [`map`] the world map and its country names.
//!
//! An edition is a [`model::Edition`] (the generic one, or a commune's by
//! id) from `--commune` to a [`build::Target`]; the composer takes it as a
//! [`resolve::LoadedEdition`], with the commune's profile, which must be in
//! memory: [`resolve::Materials::commune`] answers an `Err` for one not read
//! back, so that no edition silently comes out generic.
//!
//! The library never prints, never exits and never reads the clock: the
//! command-line program (`src/main.rs`, `src/cli/`) does the terminal's and
//! the file system's part.
//!
//! Three things are called « build »:
//! - the subcommand `ancrage build`, a user contract;
//! - its command-line side, `src/cli/build_command.rs`: arguments, the sink
//!   that writes files and keeps the manifest, the report;
//! - the library's [`build`] module: what a selection makes and the driver
//!   that makes it ([`build::run`]), shared by the command, the batch harness
//!   and the watch mode.

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
