//! The text of every materials file, addressed by a small id, with line/column lookup.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One file of the materials folder, as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the materials folder, with `/` separators (what users see).
    pub name: String,
    /// Absolute or caller-given path on disk.
    pub path: PathBuf,
    /// The decoded text (UTF-8, without BOM); empty when the file could not be
    /// decoded, or when it is not [`resident`](Self::resident).
    pub text: String,
    /// Whether `text` is held in memory. A commune profile of a large
    /// collection is left on disk until its edition is built (see
    /// [`crate::load::load_lazily`] and [`crate::resolve::resolve_lean`]).
    pub resident: bool,
}

impl SourceFile {
    /// Makes a source file from its display name, disk path and decoded text.
    pub fn new(name: impl Into<String>, path: impl Into<PathBuf>, text: String) -> Self {
        Self {
            name: name.into(),
            path: path.into(),
            text,
            resident: true,
        }
    }

    /// A file whose text stays on disk for now.
    pub fn on_disk(name: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        Self {
            resident: false,
            ..Self::new(name, path, String::new())
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        // Counted when asked (diagnostics only): an index of line starts kept
        // for every file would weigh more than the text of a short profile.
        let offset = offset.min(self.text.len());
        let before = &self.text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count();
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// All files read during a run. Diagnostics refer to them by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).expect("fewer than 4 billion files"))
    }

    /// The file behind an id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Finds a file by its display name.
    /// The file behind an id, if this set has it (ids from another set, or
    /// made up by a caller, give `None` instead of a panic).
    pub fn try_get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.name == name)
            .map(|i| FileId(i as u32))
    }

    /// Keeps `text` as the text of `id` (read again from disk).
    pub fn restore(&mut self, id: FileId, text: String) {
        let file = &mut self.files[id.0 as usize];
        file.text = text;
        file.resident = true;
    }

    /// Lets go of the text of `id`; its name and path stay.
    pub fn release(&mut self, id: FileId) {
        let file = &mut self.files[id.0 as usize];
        file.text = String::new();
        file.resident = false;
    }

    /// Every file, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

/// A byte range inside one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte range in the file's text.
    pub range: Range<usize>,
}

/// Display name of `path` relative to `root`, with `/` separators.
pub fn display_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The text between the quotes of a TOML string as written in a file
/// (`raw`, quotes included), with its byte offset in `raw`, when that text
/// is the string's value byte for byte: a literal string (`'…'`, `'''…'''`),
/// or a basic one without escape sequences. Lets a message point inside a
/// value (at a faulty tag) rather than at the whole value.
pub fn string_body(raw: &str) -> Option<(usize, &str)> {
    let quote = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|q| raw.starts_with(q) && raw.len() >= 2 * q.len() && raw.ends_with(q))?;
    let body = &raw[quote.len()..raw.len() - quote.len()];
    if quote.starts_with('"') && body.contains('\\') {
        return None;
    }
    // A multi-line string drops the line break right after its quotes.
    let multi_line = quote.len() == 3;
    let skip = if multi_line && body.starts_with("\r\n") {
        2
    } else if multi_line && body.starts_with('\n') {
        1
    } else {
        0
    };
    Some((quote.len() + skip, body.get(skip..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a.toml", "a.toml", "titre = \"é\"\nx = 1\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        // `"` after é: byte 11, char column 11.
        assert_eq!(f.line_col(11), (1, 11));
        assert_eq!(f.line_col(13), (2, 1));
        assert_eq!(f.line_col(999), (3, 1));
    }

    #[test]
    fn a_string_body_is_given_only_when_it_is_the_value_as_written() {
        assert_eq!(string_body("\"a <span>\""), Some((1, "a <span>")));
        assert_eq!(string_body("'a \\ b'"), Some((1, "a \\ b")));
        assert_eq!(string_body("\"\"\"\nab\"\"\""), Some((4, "ab")));
        assert_eq!(string_body("'''\r\nab'''"), Some((5, "ab")));
        // An escape: the text in the file is not the value.
        assert_eq!(string_body("\"a \\\" b\""), None);
        assert_eq!(string_body("12"), None);
        assert_eq!(string_body("\""), None);
    }
}
