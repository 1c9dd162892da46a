//! Compose stage: a sheet, a collection or a handout as blocks on a page
//! template, with every text field through French typography and inline markup.

pub mod collection;
pub mod draft;
pub mod experience;
pub mod experience_collection;
pub mod handout;
pub mod kit;
pub mod labels;
pub mod local_title;
pub mod plain;
pub mod profile;
pub mod qr;
pub mod sheet;
pub mod who_does_what;

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::layout::document::Role;
use crate::layout::flow::{Block, Panel};
use crate::layout::inline::{self, Run};
use crate::layout::typo::{self, Convention};
use crate::model::Language;

pub use sheet::{SheetTemplate, compose_sheet};

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// A paragraph of `runs` in `style`, with `space_after` below it and no
/// space above.
pub(crate) fn paragraph(
    runs: Vec<Run>,
    style: crate::layout::paragraph::TextStyle,
    space_after: f32,
) -> Block {
    Block::Paragraph {
        runs,
        style,
        space_before: 0.0,
        space_after,
    }
}

/// A row of a table: its cells side by side, each `(width, role, content)`
/// in a group of its role (header or data cell), `gap` apart, as a
/// table-row panel that the caller fills, rules and pads.
pub(crate) fn table_row(cells: Vec<(f32, Role, Block)>, gap: f32) -> Panel {
    let cells = cells
        .into_iter()
        .map(|(w, role, block)| {
            let group = Block::Group {
                role,
                blocks: vec![block],
            };
            (w, vec![group])
        })
        .collect();
    Panel::new(vec![Block::Row {
        cells,
        gap,
        space_after: 0.0,
    }])
    .role(Role::TR)
}

/// The product of composition: blocks, the page template and metadata.
#[derive(Debug, Clone)]
pub struct Composed {
    /// Content, in reading order.
    pub blocks: Vec<Block>,
    /// Page size, margins, footer.
    pub template: SheetTemplate,
    /// Title of the content (a sheet's domain, a workshop's title): its
    /// entry in a collection's contents.
    pub title: String,
    /// The title a viewer shows for the file (Info `/Title`, XMP `dc:title`):
    /// the content's title with the collection's and, in a commune's edition,
    /// the commune's name, so that a screen-reader user hears more than a
    /// bare « Jeunesse » (PDF/UA checkers flag a title that only repeats the
    /// file name).
    pub document_title: String,
    /// Subject (the summary, without markup).
    pub subject: Option<String>,
    /// Author: the commune or the collection's publisher.
    pub author: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Language of the labels and the text.
    pub language: Language,
    /// Problems met in the texts, not yet located.
    pub warnings: Vec<FieldWarning>,
}

/// A problem met in one field's text, not yet located: the field's path in
/// its file and the value as written there, so that the warning can point at
/// the very value (see [`crate::render::locate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldWarning {
    /// The field's path in its file (`exemples.2.texte`).
    pub field: String,
    /// The field's value, as composed (before typography).
    pub value: String,
    /// The warning, in French.
    pub diagnostic: Diagnostic,
}

/// The title a viewer shows for a file: `parts` that are present, joined
/// by « — » (the content, the collection, the commune).
pub fn document_title(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" — ")
}

/// Whether a commune's contact says how to reach someone: a service, an
/// address, a phone number or an email address. A bare website is not an
/// entry of a directory, nor a reason to print a commune's box (issue 17
/// § 6: Nanterre's recueil had an « Annuaire » page holding one address).
pub fn reachable(contact: Option<&crate::model::Contact>) -> bool {
    contact.is_some_and(|c| {
        c.service.is_some() || c.address.is_some() || c.phone.is_some() || c.email.is_some()
    })
}

/// Text preparation for one source file: typography, then inline markup.
#[derive(Debug)]
pub struct Text {
    convention: Convention,
    /// The id of the sheet being composed.
    pub sheet_id: String,
    /// The materials folder.
    pub root: PathBuf,
    /// Markdown kept as typed and unusable language spans, by field.
    pub warnings: Vec<FieldWarning>,
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
        let parsed = prepare(source, self.convention);
        let warning = |diagnostic| FieldWarning {
            field: field.to_string(),
            value: source.to_string(),
            diagnostic,
        };
        for construct in parsed.passed_through {
            self.warnings.push(warning(Diagnostic::warning(format!(
                "{construct} non prise en charge : le texte est imprimé tel quel"
            ))));
        }
        for problem in parsed.problems {
            self.warnings.push(warning(
                Diagnostic::warning(problem.message).with_hint(problem.hint),
            ));
        }
        parsed.paragraphs
    }

    /// A field as one paragraph (several are joined by a space).
    ///
    /// A leading `+ `, `- `, `* ` or `1. ` is text here, not a Markdown list
    /// (« + de 4 400 » in a key figure): it is escaped before parsing.
    pub fn runs(&mut self, written: &str, field: &str) -> Vec<Run> {
        let escaped;
        let source = match list_marker_len(written) {
            Some(n) => {
                let (marker, rest) = written.split_at(n);
                let (digits, punct) = marker.split_at(marker.len() - 1);
                escaped = format!("{digits}\\{punct}{rest}");
                escaped.as_str()
            }
            None => written,
        };
        let before = self.warnings.len();
        let mut paragraphs = self.paragraphs(source, field).into_iter();
        // The warnings hold the value as written, without the escape.
        if source.len() != written.len() {
            for w in &mut self.warnings[before..] {
                w.value = written.to_string();
            }
        }
        let mut runs = paragraphs.next().unwrap_or_default();
        for p in paragraphs {
            runs.push(Run::plain(" "));
            runs.extend(p);
        }
        runs
    }
}

/// Fields whose prepared text is remembered per thread before the memory is
/// emptied: the shipped sheets have some 1 500 text fields, and a commune
/// adds a few dozen, never asked for again once its edition is made; 2 048
/// keeps every shared field and those of the editions being built, at
/// about 3 KB each some 6 MB per thread (8 192, before, let a build of
/// thousands of communes hold 25 MB per thread of their fields).
const PREPARED_CAPACITY: usize = 2048;

/// Typography then inline Markdown of one field, remembered per thread: a
/// build composes every sheet once per edition (and again in its
/// collection), and the French typography and the Markdown parsing of the
/// same texts were a tenth of a batch build. A pure function of its key,
/// so the cache never changes an output.
fn prepare(source: &str, convention: typo::Convention) -> inline::Inline {
    use std::cell::RefCell;
    thread_local! {
        /// One map per convention, by source text.
        static PREPARED: RefCell<[rustc_hash::FxHashMap<String, inline::Inline>; 2]> =
            RefCell::default();
    }
    let which = match convention {
        typo::Convention::French => 0,
        typo::Convention::Raw => 1,
    };
    if let Some(hit) = PREPARED.with_borrow(|cache| cache[which].get(source).cloned()) {
        return hit;
    }
    let parsed = inline::parse(&typo::apply(source, convention));
    PREPARED.with_borrow_mut(|cache| {
        if cache[which].len() >= PREPARED_CAPACITY {
            cache[which].clear();
        }
        cache[which].insert(source.to_owned(), parsed.clone());
    });
    parsed
}

/// Length of a Markdown list marker at the start of `text` (`-`, `+`, `*`, or
/// digits then `.` or `)`), when followed by a space.
fn list_marker_len(text: &str) -> Option<usize> {
    let t = text.trim_start_matches(' ');
    let indent = text.len() - t.len();
    let marker = if t.starts_with(['-', '+', '*']) {
        1
    } else {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let punct = t.as_bytes().get(digits).copied();
        if digits == 0 || digits > 9 || !matches!(punct, Some(b'.' | b')')) {
            return None;
        }
        digits + 1
    };
    t[marker..]
        .starts_with([' ', '\t'])
        .then_some(indent + marker)
}

/// A field's text without markup (for metadata).
pub fn plain(source: &str) -> String {
    inline::parse(source).plain_text().replace("\n\n", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(runs: &[Run]) -> String {
        runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn a_leading_plus_in_a_key_figure_is_text_not_a_list() {
        let mut text = Text::new(Language::French, true, Path::new("."), "x");
        let runs = text.runs("+ de 4 400", "chiffres.0.valeur");
        assert!(text.warnings.is_empty(), "{:?}", text.warnings);
        assert_eq!(text_of(&runs), "+ de 4\u{202F}400");
        for (source, expected) in [
            ("- 12 %", "- 12"),
            ("1. premier", "1. premier"),
            ("3) trois", "3) trois"),
        ] {
            let runs = text.runs(source, "f");
            assert!(
                text_of(&runs).starts_with(expected),
                "{source} → {:?}",
                text_of(&runs)
            );
        }
        assert!(text.warnings.is_empty(), "{:?}", text.warnings);
        assert_eq!(list_marker_len("+5 %"), None);
        assert_eq!(list_marker_len("2026. Bilan"), Some(5));
    }

    #[test]
    fn a_passage_in_another_language_escapes_french_typography() {
        let mut text = Text::new(Language::French, true, Path::new("."), "x");
        let runs = text.runs(
            r#"Vraiment? <span lang="en">Really? It's "fine": 12345</span>!"#,
            "f",
        );
        assert!(text.warnings.is_empty(), "{:?}", text.warnings);
        let pieces: Vec<_> = runs
            .iter()
            .map(|r| (r.text.as_str(), r.lang.as_deref()))
            .collect();
        assert_eq!(
            pieces,
            [
                ("Vraiment\u{202F}? ", None),
                ("Really? It's \"fine\": 12345", Some("en")),
                ("\u{202F}!", None),
            ]
        );
    }

    #[test]
    fn a_broken_language_span_is_a_warning_with_a_hint() {
        let mut text = Text::new(Language::French, true, Path::new("."), "x");
        let runs = text.runs(r#"<span lang="anglais">One Health</span> ici"#, "enjeux.0");
        assert_eq!(text_of(&runs), "One Health ici");
        let [
            FieldWarning {
                field,
                value,
                diagnostic: warning,
            },
        ] = text.warnings.as_slice()
        else {
            panic!("{:?}", text.warnings)
        };
        assert_eq!(field, "enjeux.0");
        assert_eq!(value, r#"<span lang="anglais">One Health</span> ici"#);
        assert!(
            warning.message.contains("« anglais » non valide"),
            "{}",
            warning.message
        );
        assert!(
            warning.hints[0].contains("<span lang='en'>"),
            "{:?}",
            warning.hints
        );
    }
}
