//! Load stage: read the materials folder into [`Sources`] and parse each file as
//! TOML with spans ([`RawFile`]), reporting unreadable files and syntax errors.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::DeTable;

use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::FileKind;

pub mod hints;
use crate::source::{FileId, SourceFile, Sources, display_name};

/// Largest materials file read. Real sheets are 5–30 KB; 8 MiB leaves room for
/// pasted appendices while refusing, say, a video renamed `.toml`.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The optional glossary of acronyms, beside `collection.toml`.
pub const GLOSSARY_FILE: &str = "sigles.toml";

/// One materials file found on disk.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Which kind of file this is (from its folder).
    pub kind: FileKind,
    /// The id: the file stem (`jeunesse` for `domaines/jeunesse.toml`).
    pub id: String,
    /// Its text in [`Loaded::sources`].
    pub file: FileId,
    /// False when the file could not be read or decoded (already reported).
    pub readable: bool,
}

/// The product of the load stage: every file read, not yet parsed or validated.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The materials folder.
    pub root: PathBuf,
    /// The text of every file read.
    pub sources: Sources,
    /// The files, collection first, then the glossary, domains, communes,
    /// workshops and experience records by name.
    pub entries: Vec<Entry>,
    /// Problems met while reading (missing folders, undecodable files…).
    pub diagnostics: Diagnostics,
}

/// A parsed file: its TOML tree with the byte span of every key and value.
#[derive(Debug)]
pub struct RawFile<'s> {
    /// The entry it was parsed from.
    pub entry: &'s Entry,
    /// The tree (best effort when the file has syntax errors).
    pub table: Spanned<DeTable<'s>>,
}

/// A problem that prevents reading the materials at all (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    /// The materials folder does not exist or is not a folder.
    NotAFolder(PathBuf),
    /// The folder exists but cannot be listed.
    Io(PathBuf, io::Error),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotAFolder(path) => {
                write!(
                    f,
                    "le dossier des matériaux « {} » est introuvable",
                    path.display()
                )
            }
            LoadError::Io(path, err) => {
                write!(f, "lecture impossible de « {} » : {err}", path.display())
            }
        }
    }
}

impl LoadError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            LoadError::NotAFolder(_) => {
                "lancez la commande depuis le dossier du projet, ou indiquez le dossier avec --materials DOSSIER"
            }
            LoadError::Io(..) => "vérifiez les droits de lecture du dossier",
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads every materials file under `root`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, false)
}

/// Like [`load`], but the commune profiles are only listed: their text stays
/// on disk (not [`resident`](SourceFile::resident)) and is read by
/// [`crate::resolve::resolve_lean`], one file at a time, so that a collection
/// of thousands of communes is never held in memory at once. Problems reading
/// or decoding them are reported by the resolve stage instead.
pub fn load_lazily(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, true)
}

fn load_with(root: &Path, lazy: bool) -> Result<Loaded, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NotAFolder(root.to_path_buf()));
    }
    let mut loaded = Loaded {
        root: root.to_path_buf(),
        sources: Sources::default(),
        entries: Vec::new(),
        diagnostics: Diagnostics::default(),
    };

    // 1. The collection file, required.
    let collection = root.join("collection.toml");
    if collection.is_file() {
        loaded.read_entry(FileKind::Collection, "collection".into(), &collection);
    } else {
        loaded.diagnostics.push(
            Diagnostic::error(format!(
                "le fichier « collection.toml » est absent du dossier « {} »",
                root.display()
            ))
            .with_hint("créez-le avec au moins une ligne : titre = \"Titre de la collection\""),
        );
    }

    // 1b. The glossary of acronyms, optional.
    let glossary = root.join(GLOSSARY_FILE);
    if glossary.is_file() {
        loaded.read_entry(FileKind::Glossary, "sigles".into(), &glossary);
    }

    // 2. One folder per kind of file, read in name order for stable output.
    for kind in [
        FileKind::Domain,
        FileKind::Commune,
        FileKind::Workshop,
        FileKind::Experience,
    ] {
        let folder_name = kind.folder().expect("folder kinds");
        let folder = root.join(folder_name);
        if !folder.is_dir() {
            if kind == FileKind::Domain {
                loaded.diagnostics.push(
                    Diagnostic::error(format!(
                        "le dossier « {folder_name} » est absent : il n’y a aucune fiche à imprimer"
                    ))
                    .with_hint("créez une première fiche avec « ancrage new domaine mon-domaine »"),
                );
            }
            continue;
        }
        let listing = fs::read_dir(&folder).map_err(|e| LoadError::Io(folder.clone(), e))?;
        let mut paths: Vec<PathBuf> = listing.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let lazy = lazy && kind == FileKind::Commune;
        for path in paths {
            loaded.consider(kind, &path, lazy);
        }
    }
    Ok(loaded)
}

impl Loaded {
    /// Parses every readable file as TOML, reporting syntax errors in French.
    /// Files left on disk by [`load_lazily`] are skipped (see [`parse_file`]).
    pub fn parse(&self) -> (Vec<RawFile<'_>>, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let mut raw = Vec::new();
        for entry in self.entries.iter().filter(|e| e.readable) {
            let file = self.sources.get(entry.file);
            if file.resident {
                raw.push(parse_file(entry, &file.text, &mut diagnostics));
            }
        }
        (raw, diagnostics)
    }

    /// Decides what to do with one path found in a kind's folder.
    fn consider(&mut self, kind: FileKind, path: &Path, lazy: bool) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if name.starts_with('.') || name.starts_with("README") || name.ends_with('~') {
            return;
        }
        // A workshop's list of participants (`<id>.participants.csv`), read
        // by the resolve stage when the workshop names it (issue 22).
        if kind == FileKind::Workshop && name.contains(".participants.") {
            return;
        }
        let display = display_name(&self.root, path);
        if path.is_dir() {
            self.diagnostics.push(
                Diagnostic::warning(format!("dossier « {display} » ignoré"))
                    .with_hint("les fichiers doivent être placés directement dans le dossier, sans sous-dossier"),
            );
            return;
        }
        match name.strip_suffix(".toml") {
            Some(stem) if lazy => {
                let file = self.sources.add(SourceFile::on_disk(display, path));
                self.entries.push(Entry {
                    kind,
                    id: stem.to_string(),
                    file,
                    readable: true,
                });
            }
            Some(stem) => self.read_entry(kind, stem.to_string(), path),
            None => self.diagnostics.push(
                Diagnostic::warning(format!("fichier « {display} » ignoré"))
                    .with_hint("seuls les fichiers dont le nom finit par « .toml » sont lus"),
            ),
        }
    }

    /// Materials held in memory: `files` are (kind, id, content) as if read
    /// from `root/<folder>/<id>.toml` (`root/collection.toml` for the
    /// collection). Decoding problems are reported as for files on disk.
    /// For tests and fuzzing: the content never touches the disk.
    pub fn from_memory(root: &Path, files: Vec<(FileKind, String, Vec<u8>)>) -> Loaded {
        let mut loaded = Loaded {
            root: root.to_path_buf(),
            sources: Sources::default(),
            entries: Vec::new(),
            diagnostics: Diagnostics::default(),
        };
        for (kind, id, bytes) in files {
            let path = match (kind.folder(), kind) {
                (Some(folder), _) => root.join(folder).join(format!("{id}.toml")),
                (None, FileKind::Glossary) => root.join(GLOSSARY_FILE),
                (None, _) => root.join("collection.toml"),
            };
            loaded.add_entry(kind, id, &path, Ok(bytes));
        }
        loaded
    }

    /// Reads and decodes one file, registering it in the sources.
    fn read_entry(&mut self, kind: FileKind, id: String, path: &Path) {
        let bytes = read_limited(path);
        self.add_entry(kind, id, path, bytes);
    }

    /// Decodes the bytes of one file, registering it in the sources.
    fn add_entry(&mut self, kind: FileKind, id: String, path: &Path, bytes: io::Result<Vec<u8>>) {
        let name = display_name(&self.root, path);
        let (text, problem) = match bytes {
            Ok(bytes) => match decode(&bytes) {
                Ok(text) => (text, None),
                Err(problem) => (String::new(), Some(*problem)),
            },
            Err(err) => (
                String::new(),
                Some((Diagnostic::error(read_error_message(&err)), None)),
            ),
        };
        let file = self.sources.add(SourceFile::new(name, path, text));
        let readable = problem.is_none();
        if let Some((diagnostic, line_col)) = problem {
            self.diagnostics.push(diagnostic.in_file(file, line_col));
        }
        self.entries.push(Entry {
            kind,
            id,
            file,
            readable,
        });
    }
}

/// Parses the text of one file as TOML, reporting syntax errors in French.
pub fn parse_file<'s>(
    entry: &'s Entry,
    text: &'s str,
    diagnostics: &mut Diagnostics,
) -> RawFile<'s> {
    let (table, mut errors) = DeTable::parse_recoverable(text);
    errors.sort_by_key(|e| e.span().map_or(0, |r| r.start));
    // The parser goes on after an error and often trips again on the same
    // line (a second `\` of a path, the second accent of a key) or on the
    // rest of a text continued on the next line: those say nothing more.
    let mut quiet_until = 0;
    for error in errors {
        let start = error.span().map_or(0, |r| r.start);
        if start < quiet_until {
            continue;
        }
        let (diagnostic, quiet) = syntax_diagnostic(entry.kind, entry.file, text, &error);
        diagnostics.push(diagnostic);
        quiet_until = quiet;
    }
    RawFile { entry, table }
}

/// Reads and decodes one file as the load stage does; on failure, the
/// diagnostic the load stage would have given, located in `file`.
pub fn read_text(path: &Path, file: FileId) -> Result<String, Box<Diagnostic>> {
    let problem = match read_limited(path) {
        Ok(bytes) => match decode(&bytes) {
            Ok(text) => return Ok(text),
            Err(problem) => *problem,
        },
        Err(err) => (Diagnostic::error(read_error_message(&err)), None),
    };
    let (diagnostic, line_col) = problem;
    Err(Box::new(diagnostic.in_file(file, line_col)))
}

fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
    let size = fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "trop gros"));
    }
    fs::read(path)
}

fn read_error_message(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::InvalidData => format!(
            "fichier trop gros : plus de {} Mio (un fichier de matériaux fait d’ordinaire quelques Kio)",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        io::ErrorKind::PermissionDenied => "lecture refusée : droits insuffisants".to_string(),
        _ => format!("lecture impossible : {err}"),
    }
}

/// Decodes a file as UTF-8 (a BOM is dropped; CRLF is left to the TOML parser,
/// which accepts it). On failure, says where and the likely cause.
/// Why a file could not be decoded, and where (line, column) when known.
type DecodeError = Box<(Diagnostic, Option<(usize, usize)>)>;

fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Box::new((
            Diagnostic::error("fichier enregistré en UTF-16 : il doit être en UTF-8")
                .with_hint(REENCODE_HINT),
            None,
        )));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(err) => {
            let offset = err.valid_up_to();
            let before = &bytes[..offset];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            let byte = bytes[offset];
            let zeros = bytes.iter().take(200).filter(|&&b| b == 0).count();
            let cause = if zeros > 10 {
                "fichier enregistré en UTF-16 ?".to_string()
            } else {
                match windows_1252(byte) {
                    Some(c) => format!(
                        "fichier enregistré en Windows-1252 (ANSI) ? cet octet y code « {c} »"
                    ),
                    None => "fichier enregistré dans un autre codage ?".to_string(),
                }
            };
            Err(Box::new((
                Diagnostic::error(format!(
                    "ce fichier n’est pas en UTF-8 : octet 0x{byte:02X} invalide (ligne {line}, \
                     colonne {column}) ; {cause}"
                ))
                .with_hint(REENCODE_HINT),
                Some((line, column)),
            )))
        }
    }
}

const REENCODE_HINT: &str = "réenregistrez le fichier en UTF-8 : dans le Bloc-notes, « Fichier › \
     Enregistrer sous », puis Codage : « UTF-8 » ; dans LibreOffice ou VS Code, choisissez aussi UTF-8";

/// The character a Windows-1252 byte stands for, for the most likely culprits.
fn windows_1252(byte: u8) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => Some(HIGH[(byte - 0x80) as usize]).filter(|c| !c.is_control()),
        0xA0..=0xFF => char::from_u32(u32::from(byte)),
        _ => None,
    }
}

/// The bounds of the line holding byte `at` (without its line break).
fn line_bounds(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let end = text[at..].find('\n').map_or(text.len(), |p| at + p);
    let end = if text[start..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    (start, end)
}

/// The key and the value typed on a line `key = value # comment`.
fn key_and_value(line: &str) -> (&str, &str) {
    let Some((key, value)) = line.split_once('=') else {
        return (line.trim(), "");
    };
    let value = value.trim();
    let value = if value.starts_with('"') {
        value
    } else {
        value.split(" #").next().unwrap_or(value).trim()
    };
    (key.trim().trim_matches('"'), value)
}

/// Turns a TOML syntax error into a French diagnostic, with the end of the
/// text in which further errors are echoes of this one. An error the parser
/// gives no place for is located in the whole file, never at byte 0.
fn syntax_diagnostic(
    kind: FileKind,
    file: FileId,
    text: &str,
    error: &toml::de::Error,
) -> (Diagnostic, usize) {
    match error.span() {
        Some(range) => syntax_diagnostic_at(kind, file, text, error, range),
        None => {
            let (diagnostic, quiet) = syntax_diagnostic_at(kind, file, text, error, 0..0);
            (diagnostic.in_file(file, None), quiet)
        }
    }
}

/// [`syntax_diagnostic`] for an error at `range` of `text`.
fn syntax_diagnostic_at(
    kind: FileKind,
    file: FileId,
    text: &str,
    error: &toml::de::Error,
    range: std::ops::Range<usize>,
) -> (Diagnostic, usize) {
    let raw = error.message();
    let (what, expected) = match raw.split_once(", expected ") {
        Some((what, expected)) => (what, Some(expected)),
        None => (raw, None),
    };
    let (line_start, line_end) = line_bounds(text, range.start);
    let (key, value) = key_and_value(&text[line_start..line_end]);
    let quiet = line_end;
    if let Some(days) = expected.and_then(|e| e.strip_prefix("day between 01 and ")) {
        let date = text.get(range.clone()).unwrap_or("").trim();
        let d = Diagnostic::error(format!("date invalide : le {date} n’existe pas"))
            .at(file, range)
            .with_label(format!("ce mois-là ne compte que {days} jours"))
            .with_hint(
                "vérifiez le jour et le mois ; une date s’écrit AAAA-MM-JJ, sans guillemets",
            );
        return (d, quiet);
    }
    if expected == Some("month between 01 and 12") {
        let d = Diagnostic::error("date invalide : le mois doit être compris entre 01 et 12")
            .at(file, range)
            .with_hint("une date s’écrit AAAA-MM-JJ, sans guillemets, par exemple 2010-07-08");
        return (d, quiet);
    }
    if what == "invalid unquoted key"
        && let Some((message, hint)) = hints::accented_key(kind, key)
    {
        let at = line_start + text[line_start..line_end].find(key).unwrap_or(0);
        let d = Diagnostic::error(message)
            .at(file, at..at + key.len())
            .with_hint(hint);
        return (d, quiet);
    }
    let continued = what.contains("string")
        && value.starts_with('"')
        && !value.starts_with("\"\"\"")
        && value.matches('"').count() % 2 == 1
        && (range.start >= line_end || text.get(range.clone()).is_some_and(|t| t.contains('\n')));
    let unquoted = (what == "string values must be quoted")
        .then(|| hints::unquoted_message(kind, key))
        .flatten();
    let mut diagnostic = Diagnostic::error(if continued {
        "texte coupé par un retour à la ligne (syntaxe TOML)".to_string()
    } else if let Some(message) = unquoted {
        format!("{message} (syntaxe TOML)")
    } else {
        format!("{} (syntaxe TOML)", french_syntax(what))
    });
    if let Some(expected) = expected.filter(|_| unquoted.is_none()) {
        diagnostic = diagnostic.with_label(format!("attendu ici : {}", french_expected(expected)));
    }
    diagnostic = diagnostic.at(file, range.clone());
    let hints = if continued {
        vec![hints::continued_text(key)]
    } else {
        syntax_hints(kind, what, text, &range, (key, value))
    };
    for hint in hints {
        diagnostic = diagnostic.with_hint(hint);
    }
    // A text cut by a line break: the parser reads its next lines as keys,
    // up to the one that closes it.
    let quiet = if continued {
        let rest = &text[line_end.min(text.len())..];
        let mut end = line_end;
        for (i, line) in rest.split_inclusive('\n').enumerate() {
            end += line.len();
            if i > 0 && (line.trim_end().ends_with('"') || line.contains('=')) {
                break;
            }
        }
        end.max(range.end)
    } else {
        quiet
    };
    (diagnostic, quiet)
}

fn french_syntax(what: &str) -> String {
    let known = match what {
        "duplicate key" => "clé définie deux fois",
        "invalid basic string" | "invalid multi-line basic string" => {
            "texte entre guillemets mal formé"
        }
        "missing closing quote" | "invalid string" => "guillemet fermant manquant",
        "missing opening quote" => "guillemet ouvrant manquant",
        "string values must be quoted" => "un texte doit être écrit entre guillemets",
        "missing value" | "missing value for key" | "key with no value" => {
            "valeur manquante après « = »"
        }
        "missing assignment between key-value pairs" => "« = » manquant entre la clé et la valeur",
        "missing comma between array elements" => {
            "virgule manquante entre deux éléments de la liste"
        }
        "unclosed array" => "liste non fermée : « ] » manquant",
        "unclosed table" => "en-tête de table non fermé : « ] » manquant",
        "unclosed array table" => "en-tête de liste de tables non fermé : « ]] » manquant",
        "unclosed inline table" => "table en ligne non fermée : « } » manquant",
        "invalid unquoted key" => {
            "nom de clé invalide (lettres, chiffres, « _ » et « - » seulement)"
        }
        "unexpected content" | "unexpected key or value" => "contenu inattendu",
        "extra comma in array" => "virgule en trop dans la liste",
        "invalid escape sequence" | "missing escaped value" => {
            "séquence d’échappement invalide après « \\ »"
        }
        "invalid date" | "invalid time" | "invalid datetime" => "date invalide",
        "unexpected leading zero" => "zéro initial inattendu dans un nombre",
        "invalid boolean" => "valeur invalide : un oui/non s’écrit true ou false, sans guillemets",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    if what.contains("day between") || what.contains("month") {
        return format!("date invalide (ce jour n’existe pas dans ce mois) [{what}]");
    }
    format!("« {} »", what.replace('`', ""))
}

/// The parser's `x` as French messages quote code: « x ».
fn code_quotes(text: &str) -> String {
    let mut out = String::new();
    for (i, piece) in text.split('`').enumerate() {
        if i > 0 {
            out.push_str(if i % 2 == 1 { "«\u{a0}" } else { "\u{a0}»" });
        }
        out.push_str(piece);
    }
    out
}

fn french_expected(expected: &str) -> String {
    expected
        .split(", ")
        .map(|e| match e {
            "newline" => "un retour à la ligne".to_string(),
            "key" => "une clé".to_string(),
            "value" => "une valeur".to_string(),
            "nothing" => "rien".to_string(),
            "numbers" | "digits" => "des chiffres".to_string(),
            "letters" => "des lettres".to_string(),
            "basic string" | "literal string" => "un texte entre guillemets".to_string(),
            "a four-digit year (YYYY)" => "une année à quatre chiffres (AAAA)".to_string(),
            "a two-digit month (MM)" => "un mois à deux chiffres (MM)".to_string(),
            "a two-digit day (DD)" => "un jour à deux chiffres (JJ)".to_string(),
            "a two-digit hour (HH)" => "une heure à deux chiffres (HH)".to_string(),
            "a two-digit minute (MM)" => "des minutes à deux chiffres (MM)".to_string(),
            "a two-digit second (SS)" => "des secondes à deux chiffres (SS)".to_string(),
            // The parser's own words, backticks written as escapes.
            "\u{60}-\u{60} (YYYY-MM) or \u{60}:\u{60} (HH:MM)" => {
                "« - » (AAAA-MM) ou « : » (HH:MM)".to_string()
            }
            other => code_quotes(other),
        })
        .collect::<Vec<_>>()
        .join(" ou ")
}

fn syntax_hints(
    kind: FileKind,
    what: &str,
    text: &str,
    range: &std::ops::Range<usize>,
    (key, value): (&str, &str),
) -> Vec<String> {
    let mut hints = Vec::new();
    let line = text[..range.start.min(text.len())]
        .rsplit('\n')
        .next()
        .unwrap_or("");
    if what == "string values must be quoted" {
        hints.push(hints::unquoted(kind, key, value));
    }
    if what == "duplicate key" {
        let key = text
            .get(range.clone())
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        let first = text[..range.start.min(text.len())].lines().position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
        let place = first.map_or(String::new(), |l| {
            format!(" (elle apparaît déjà ligne {})", l + 1)
        });
        hints.push(format!(
            "chaque clé ne peut apparaître qu’une fois par table{place} : supprimez ou renommez l’une des deux"
        ));
    }
    if what == "unexpected content" || what == "unexpected key or value" {
        if let Some(hint) = hints::decimal_comma(kind, key, value) {
            hints.push(hint);
        } else if let Some(hint) = hints::inner_quotes(key, value) {
            hints.push(hint);
        }
    }
    if what == "invalid escape sequence" || what == "missing escaped value" {
        hints.push(hints::windows_path(key, value).unwrap_or_else(|| {
            "une barre oblique inverse \\ s’écrit doublée dans un texte : \\\\".to_string()
        }));
    }
    if what.contains("string") && hints.is_empty() && line.matches('"').count() % 2 == 1 {
        hints.push(
            "un guillemet droit \" à l’intérieur d’un texte doit s’écrire \\\" ; ou utilisez les \
             guillemets français « »"
                .to_string(),
        );
    }
    if hints.is_empty()
        && hints::expected(kind, key) == Some(hints::Want::Date)
        && let Some(date) = hints::french_date(value)
    {
        hints.push(format!("écrivez : {key} = {date}"));
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_crlf_kept() {
        let text = decode(b"\xEF\xBB\xBFtitre = \"x\"\r\n").unwrap();
        assert_eq!(text, "titre = \"x\"\r\n");
    }

    #[test]
    fn windows_1252_is_located_and_named() {
        let (d, at) = *decode(b"titre = \"x\"\nresume = \"d\xE9j\xE0\"\n").unwrap_err();
        assert_eq!(at, Some((2, 12)));
        assert!(d.message.contains("Windows-1252"), "{}", d.message);
        assert!(d.message.contains("« é »"), "{}", d.message);
        // Issue 18.9: the position is given as line and column, never as a byte offset.
        assert!(d.message.contains("ligne 2, colonne 12"), "{}", d.message);
        assert!(!d.message.contains("décalage"), "{}", d.message);
    }

    /// Issue 20 §3: a syntax error the parser gives no place for was
    /// located at byte 0 (`unwrap_or(0..0)`); it is in the whole file.
    #[test]
    fn a_syntax_error_without_a_span_is_in_its_file_not_at_byte_0() {
        let error = <toml::de::Error as serde::de::Error>::custom("invalid table header");
        assert_eq!(error.span(), None);
        let file = FileId(2);
        let (d, _) = syntax_diagnostic(FileKind::Domain, file, "titre = \"x\"\n", &error);
        assert_eq!(
            d.location,
            Some(crate::diag::Location::File {
                file,
                line_col: None
            })
        );
    }

    #[test]
    fn utf16_is_recognised() {
        let (d, _) = *decode(b"\xFF\xFEt\x00i\x00").unwrap_err();
        assert!(d.message.contains("UTF-16"));
    }
}
