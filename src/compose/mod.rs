//! Compose stage: a sheet, a collection or a handout as blocks on a page
//! template, with every text field through French typography and inline markup.

pub mod collection;
pub mod handout;
pub mod labels;
pub mod qr;
pub mod sheet;

use std::path::{Path, PathBuf};

use crate::layout::flow::Block;
use crate::layout::inline::{self, Run};
use crate::layout::typo::{self, Convention};
use crate::model::Language;

pub use sheet::{SheetTemplate, compose_sheet};

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// The product of composition: blocks, the page template and metadata.
#[derive(Debug, Clone)]
pub struct Composed {
    /// Content, in reading order.
    pub blocks: Vec<Block>,
    /// Page size, margins, footer.
    pub template: SheetTemplate,
    /// Document title.
    pub title: String,
    /// Subject (the summary, without markup).
    pub subject: Option<String>,
    /// Author: the commune or the collection's publisher.
    pub author: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Language of the labels and the text.
    pub language: Language,
    /// Problems met in the texts: (field, message in French).
    pub warnings: Vec<(String, String)>,
}

/// Text preparation for one source file: typography, then inline markup.
#[derive(Debug)]
pub struct Text {
    convention: Convention,
    /// The id of the sheet being composed.
    pub sheet_id: String,
    /// The materials folder.
    pub root: PathBuf,
    /// (field, message) for Markdown kept as typed.
    pub warnings: Vec<(String, String)>,
}

impl Text {
    /// Text preparation for a language: French typography unless the text is
    /// English or the collection says `typographie = "brute"`.
    pub fn new(language: Language, french_rules: bool, root: &Path, sheet_id: &str) -> Text {
        Text {
            convention: match language {
                Language::French if french_rules => Convention::French,
                _ => Convention::Raw,
            },
            sheet_id: sheet_id.to_string(),
            root: root.to_path_buf(),
            warnings: Vec::new(),
        }
    }

    /// Every paragraph of a field.
    pub fn paragraphs(&mut self, source: &str, field: &str) -> Vec<Vec<Run>> {
        let prepared = typo::apply(source, self.convention);
        let parsed = inline::parse(&prepared);
        for construct in parsed.passed_through {
            self.warnings.push((
                field.to_string(),
                format!("{construct} non prise en charge : le texte est imprimé tel quel"),
            ));
        }
        parsed.paragraphs
    }

    /// A field as one paragraph (several are joined by a space).
    pub fn runs(&mut self, source: &str, field: &str) -> Vec<Run> {
        let mut paragraphs = self.paragraphs(source, field).into_iter();
        let mut runs = paragraphs.next().unwrap_or_default();
        for p in paragraphs {
            runs.push(Run {
                text: " ".into(),
                bold: false,
                italic: false,
                link: None,
            });
            runs.extend(p);
        }
        runs
    }
}

/// A field's text without markup (for metadata).
pub fn plain(source: &str) -> String {
    inline::parse(source).plain_text().replace("\n\n", " ")
}
