//! Diagnostics: located French messages with hints, collected across a whole run.
//!
//! Every stage pushes into a [`Diagnostics`] instead of stopping at the first
//! problem; the CLI renders them with [`render`] (or as JSON with [`to_json`]).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

use crate::source::{FileId, Sources};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something to know; the build goes on.
    #[serde(rename = "avertissement")]
    Warning,
    /// The materials cannot be used as they are.
    #[serde(rename = "erreur")]
    Error,
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Location {
    /// A byte range in a file whose text is known.
    Span {
        /// The file.
        file: FileId,
        /// The byte range.
        range: Range<usize>,
    },
    /// A file, possibly at a line and column computed elsewhere (undecodable files).
    File {
        /// The file.
        file: FileId,
        /// 1-based line and column, when known.
        line_col: Option<(usize, usize)>,
    },
}

/// One message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The main sentence, in French.
    pub message: String,
    /// Where it points, if anywhere.
    pub location: Option<Location>,
    /// Short text printed under the underlined source (what was found or expected).
    pub label: Option<String>,
    /// What to do about it; each printed as « aide : … ».
    pub hints: Vec<String>,
    /// The commune editions it concerns, by name, when the same problem can
    /// recur edition by edition (a sheet too long once the commune's box is
    /// added); printed after the message, see [`Diagnostic::headline`].
    pub editions: Vec<String>,
}

/// Editions named in a headline before « et N autres »: a regional build can
/// repeat one warning for thousands of communes, and three names are enough
/// to recognise the problem and find one edition to look at.
const EDITIONS_NAMED: usize = 3;

impl Diagnostic {
    /// An error with a message.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning with a message.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Self {
            severity,
            message: message.into(),
            location: None,
            label: None,
            hints: Vec::new(),
            editions: Vec::new(),
        }
    }

    /// Says which commune edition the diagnostic concerns.
    pub fn for_edition(mut self, name: impl Into<String>) -> Self {
        self.editions.push(name.into());
        self
    }

    /// The message, followed by the editions it concerns if any:
    /// « …, dans l’édition A », « …, dans les éditions A, B et C »,
    /// « …, dans les éditions A, B, C et 12 autres ».
    ///
    /// Names starting with [`BOOKLET`] are workshop booklets, said apart:
    /// « …, dans l’édition A et dans le livret « X » ».
    pub fn headline(&self) -> Cow<'_, str> {
        if self.editions.is_empty() {
            return Cow::Borrowed(&self.message);
        }
        let (booklets, editions): (Vec<&String>, Vec<&String>) = self
            .editions
            .iter()
            .partition(|name| name.starts_with(BOOKLET));
        let mut parts = Vec::new();
        if !editions.is_empty() {
            parts.push(named(&editions, "dans l’édition", "dans les éditions"));
        }
        if !booklets.is_empty() {
            let titles: Vec<&str> = booklets
                .iter()
                .map(|b| b.strip_prefix(BOOKLET).unwrap_or(b))
                .collect();
            parts.push(named(&titles, "dans le livret", "dans les livrets"));
        }
        Cow::Owned(format!("{}, {}", self.message, parts.join(" et ")))
    }

    /// Points the diagnostic at a byte range of a file.
    pub fn at(mut self, file: FileId, range: Range<usize>) -> Self {
        self.location = Some(Location::Span { file, range });
        self
    }

    /// Points the diagnostic at `range` of `file` when it is known, else at
    /// the whole file, without a line: never at a made-up byte 0.
    pub fn at_or_in(self, file: FileId, range: Option<Range<usize>>) -> Self {
        match range {
            Some(range) => self.at(file, range),
            None => self.in_file(file, None),
        }
    }

    /// Points the diagnostic at a whole file, optionally at a known line and column.
    pub fn in_file(mut self, file: FileId, line_col: Option<(usize, usize)>) -> Self {
        self.location = Some(Location::File { file, line_col });
        self
    }

    /// Sets the label printed under the source snippet.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a hint (what to do).
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Whether this is an error in `file`.
    pub fn is_error_in(&self, file: FileId) -> bool {
        self.severity == Severity::Error && self.file() == Some(file)
    }

    /// The file this diagnostic points into, if any.
    pub fn file(&self) -> Option<FileId> {
        match &self.location {
            Some(Location::Span { file, .. } | Location::File { file, .. }) => Some(*file),
            None => None,
        }
    }

    fn sort_key(&self, sources: &Sources) -> (String, usize) {
        match &self.location {
            Some(Location::Span { file, range }) => (sources.get(*file).name.clone(), range.start),
            Some(Location::File { file, .. }) => (sources.get(*file).name.clone(), 0),
            None => (String::new(), 0),
        }
    }
}

/// How an edition name marks a workshop booklet: `livret ` then its title.
pub const BOOKLET: &str = "livret ";

/// « dans l’édition A », « dans les éditions A, B et C », « … A, B, C et
/// 12 autres ».
fn named<S: AsRef<str>>(names: &[S], one: &str, several: &str) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    match names.len() {
        1 => format!("{one} {}", names[0]),
        n => {
            let (listed, last) = if n <= EDITIONS_NAMED + 1 {
                (&names[..n - 1], names[n - 1].to_string())
            } else {
                (
                    &names[..EDITIONS_NAMED],
                    format!("{} autres", n - EDITIONS_NAMED),
                )
            };
            format!("{several} {} et {last}", listed.join(", "))
        }
    }
}

/// A growing list of diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds every diagnostic of another list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether any error was reported.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Whether any error was reported in `file`.
    pub fn has_errors_in(&self, file: FileId) -> bool {
        self.items.iter().any(|d| d.is_error_in(file))
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The last diagnostic pushed, to complete it.
    pub fn last_mut(&mut self) -> Option<&mut Diagnostic> {
        self.items.last_mut()
    }

    /// Every diagnostic, in the order pushed.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Every diagnostic, in the order pushed, to complete them.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Says each problem once: diagnostics that differ only by the editions
    /// they concern become one naming them all (in first-seen order, each
    /// once), and exact repeats (a sheet warned about in its own file and
    /// again in the collection holding it) are dropped. Keeps the order of
    /// first appearance.
    pub fn merge_repeats(&mut self) {
        // Whether editions are named is part of the key: the generic
        // edition's warning stays apart from the communes' same one.
        type Key = (
            Severity,
            String,
            Option<Location>,
            Option<String>,
            Vec<String>,
            bool,
        );
        let mut first: HashMap<Key, usize> = HashMap::new();
        let mut kept: Vec<Diagnostic> = Vec::with_capacity(self.items.len());
        for d in std::mem::take(&mut self.items) {
            let key = (
                d.severity,
                d.message.clone(),
                d.location.clone(),
                d.label.clone(),
                d.hints.clone(),
                d.editions.is_empty(),
            );
            match first.get(&key) {
                Some(&at) => kept[at].editions.extend(d.editions),
                None => {
                    first.insert(key, kept.len());
                    kept.push(d);
                }
            }
        }
        // Each edition once (a sheet is warned about in its own file and in
        // the collection holding it), in a pass that stays linear when one
        // warning concerns every commune of a region.
        for d in &mut kept {
            if d.editions.len() > 1 {
                let mut seen = HashSet::new();
                d.editions.retain(|name| seen.insert(name.clone()));
            }
        }
        self.items = kept;
    }

    /// Sorts by file name, then position, so output is stable whatever the discovery order.
    pub fn sort(&mut self, sources: &Sources) {
        self.items.sort_by_cached_key(|d| d.sort_key(sources));
    }
}

/// Renders diagnostics for a terminal (`styled`) or a pipe, in French.
pub fn render(diagnostics: &Diagnostics, sources: &Sources, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics.iter() {
        out.push_str(&renderer.render(&[group(diagnostic, sources)]));
        out.push_str("\n\n");
    }
    out
}

fn group<'a>(d: &'a Diagnostic, sources: &'a Sources) -> Group<'a> {
    // Names end with a space: French puts one before the colon the renderer adds.
    let level = match d.severity {
        Severity::Error => Level::ERROR.with_name("erreur "),
        Severity::Warning => Level::WARNING.with_name("avertissement "),
    };
    let mut group = Group::with_title(level.primary_title(d.headline()));
    match &d.location {
        Some(Location::Span { file, range }) => {
            let source = sources.get(*file);
            let mut annotation = AnnotationKind::Primary.span(clamp(range, &source.text));
            if let Some(label) = &d.label {
                annotation = annotation.label(label.as_str());
            }
            group = group.element(
                Snippet::source(source.text.as_str())
                    .path(source.name.as_str())
                    .fold(true)
                    .annotation(annotation),
            );
        }
        Some(Location::File { file, line_col }) => {
            let mut origin = Origin::path(sources.get(*file).name.as_str());
            if let Some((line, col)) = line_col {
                origin = origin.line(*line).char_column(*col);
            }
            group = group.element(origin);
        }
        None => {}
    }
    for hint in &d.hints {
        group = group.element(Level::HELP.with_name("aide ").message(hint.as_str()));
    }
    group
}

/// Keeps a range inside the text and on character boundaries, non-empty where possible.
fn clamp(range: &Range<usize>, text: &str) -> Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if start == end && end < text.len() {
        end += text[end..].chars().next().map_or(0, char::len_utf8);
    }
    start..end
}

/// One diagnostic as written by `check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// `erreur` or `avertissement`.
    pub gravite: Severity,
    /// The main sentence, with the editions it concerns.
    pub message: Cow<'a, str>,
    /// File name relative to the materials folder.
    pub fichier: Option<&'a str>,
    /// 1-based line.
    pub ligne: Option<usize>,
    /// 1-based column, in characters.
    pub colonne: Option<usize>,
    /// Label under the source.
    pub precision: Option<&'a str>,
    /// What to do.
    pub aide: &'a [String],
}

/// Diagnostics as a JSON array (for editors and scripts).
pub fn to_json(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| {
            let (fichier, line_col) = match &d.location {
                Some(Location::Span { file, range }) => {
                    let f = sources.get(*file);
                    (Some(f.name.as_str()), Some(f.line_col(range.start)))
                }
                Some(Location::File { file, line_col }) => {
                    (Some(sources.get(*file).name.as_str()), *line_col)
                }
                None => (None, None),
            };
            JsonDiagnostic {
                gravite: d.severity,
                message: d.headline(),
                fichier,
                ligne: line_col.map(|(l, _)| l),
                colonne: line_col.map(|(_, c)| c),
                precision: d.label.as_deref(),
                aide: &d.hints,
            }
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("diagnostics serialise")
}

#[cfg(test)]
mod tests {
    use super::{Diagnostic, Diagnostics};
    use crate::source::FileId;

    fn too_long(edition: Option<&str>) -> Diagnostic {
        let d = Diagnostic::warning("la fiche « eau » fait 3 pages")
            .in_file(FileId(0), None)
            .with_hint("raccourcissez");
        match edition {
            Some(name) => d.for_edition(name),
            None => d,
        }
    }

    fn headlines(list: &Diagnostics) -> Vec<String> {
        list.iter().map(|d| d.headline().into_owned()).collect()
    }

    #[test]
    fn one_warning_repeated_edition_by_edition_is_said_once_naming_them() {
        // A regional build printed « fait 3 pages » 2 427 times, once per
        // commune.
        let mut list = Diagnostics::default();
        list.push(too_long(None));
        for name in ["Aube", "Brie", "Cergy", "Dax", "Eze", "Aube"] {
            list.push(too_long(Some(name)));
        }
        list.push(too_long(None));
        list.merge_repeats();
        assert_eq!(
            headlines(&list),
            [
                "la fiche « eau » fait 3 pages",
                "la fiche « eau » fait 3 pages, dans les éditions Aube, Brie, Cergy et 2 autres",
            ]
        );
        assert_eq!(list.warning_count(), 2);
    }

    #[test]
    fn up_to_four_editions_are_all_named() {
        let mut list = Diagnostics::default();
        for name in ["Aube", "Brie", "Cergy", "Dax"] {
            list.push(too_long(Some(name)));
        }
        list.merge_repeats();
        assert_eq!(
            headlines(&list),
            ["la fiche « eau » fait 3 pages, dans les éditions Aube, Brie, Cergy et Dax"]
        );
        let mut one = Diagnostics::default();
        one.push(too_long(Some("Aube")));
        one.merge_repeats();
        assert_eq!(
            headlines(&one),
            ["la fiche « eau » fait 3 pages, dans l’édition Aube"]
        );
    }

    #[test]
    fn different_problems_stay_apart_in_their_order() {
        let mut list = Diagnostics::default();
        list.push(too_long(Some("Aube")));
        list.push(Diagnostic::warning("autre chose").in_file(FileId(0), None));
        list.push(too_long(Some("Brie")).with_hint("autre aide"));
        list.push(too_long(Some("Cergy")));
        list.merge_repeats();
        assert_eq!(
            headlines(&list),
            [
                "la fiche « eau » fait 3 pages, dans les éditions Aube et Cergy",
                "autre chose",
                "la fiche « eau » fait 3 pages, dans l’édition Brie",
            ]
        );
    }
}
