//! Import stage: a spreadsheet of communes (CSV, `.xlsx`, `.ods`) becomes commune
//! profiles, each row validated by the very rules of `ancrage check`.
//!
//! [`read_table`] decodes the file (encoding and separator detected for CSV, first
//! sheet for a workbook); [`import_communes`] turns each row into the TOML text of
//! `communes/<id>.toml`, runs every text through [`resolve::resolve`] beside the
//! existing materials, and maps the diagnostics back to « ligne N, colonne « X » »
//! of the spreadsheet. Nothing is written here: the caller writes the files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::Cursor;
use std::ops::Range;
use std::path::PathBuf;

use calamine::{Data, Reader};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::{Entry, Loaded};
use crate::resolve::values::{closest, slugify};
use crate::resolve::{self, SpanIndex, reserved_id};
use crate::schema::FileKind;
use crate::source::{FileId, SourceFile, Sources};

/// The columns understood, in the order of the keys of a commune file.
pub const COLUMNS: [&str; 12] = [
    "nom",
    "nature",
    "territoire",
    "logo",
    "couleur",
    "langue",
    "domaines",
    "service",
    "adresse",
    "telephone",
    "courriel",
    "site",
];

/// The columns that go into the `[contact]` table.
const CONTACT: [&str; 5] = ["service", "adresse", "telephone", "courriel", "site"];

/// The values of `nature`, as written in a commune file.
const NATURES: [&str; 5] = [
    "commune",
    "intercommunalite",
    "departement",
    "region",
    "association",
];

/// How the text of a CSV file was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a BOM (what Excel writes for « CSV UTF-8 »).
    Utf8Bom,
    /// UTF-16 with a BOM (Excel's « Texte Unicode »).
    Utf16,
    /// Windows-1252 (Excel's plain « CSV (séparateur : point-virgule) » in France).
    Windows1252,
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 avec BOM",
            TextEncoding::Utf16 => "UTF-16",
            TextEncoding::Windows1252 => "Windows-1252",
        })
    }
}

/// The separator between the cells of a CSV line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `;`, French Excel's default.
    Semicolon,
    /// `,`.
    Comma,
    /// A tab.
    Tab,
}

impl Separator {
    fn byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
            Separator::Tab => b'\t',
        }
    }
}

impl fmt::Display for Separator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Separator::Semicolon => "point-virgule",
            Separator::Comma => "virgule",
            Separator::Tab => "tabulation",
        })
    }
}

/// What kind of file the table came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableFormat {
    /// A CSV (or tab-separated) text file.
    Csv {
        /// The detected encoding.
        encoding: TextEncoding,
        /// The detected separator.
        separator: Separator,
    },
    /// A workbook (`.xlsx`, `.xls`, `.ods`): its first sheet was read.
    Workbook {
        /// The name of the sheet read.
        sheet: String,
    },
}

impl fmt::Display for TableFormat {
    /// « encodage détecté : Windows-1252, séparateur : point-virgule », for the summary.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableFormat::Csv {
                encoding,
                separator,
            } => write!(f, "encodage détecté : {encoding}, séparateur : {separator}"),
            TableFormat::Workbook { sheet } => write!(f, "feuille lue : « {sheet} »"),
        }
    }
}

/// One cell, trimmed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// The text of the cell.
    pub text: String,
    /// Whether the spreadsheet stored it as a number (a phone number loses its leading 0).
    pub number: bool,
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based line in the file (CSV) or row number in the sheet (workbook).
    pub line: usize,
    /// The cells, in column order.
    pub cells: Vec<Cell>,
}

/// A table read from a file: a header line and the rows under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Where it came from.
    pub format: TableFormat,
    /// The column headers, as written.
    pub headers: Vec<String>,
    /// The rows under the header line.
    pub rows: Vec<Row>,
}

/// Why a file cannot be read as a table (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// No header line.
    Empty,
    /// The CSV text is malformed.
    Csv(String),
    /// A zip or OLE file that is not a readable workbook.
    Workbook(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => f.write_str("le tableau est vide : aucune ligne d’en-tête"),
            ReadError::Csv(err) => write!(f, "fichier CSV illisible : {err}"),
            ReadError::Workbook(err) => write!(
                f,
                "classeur illisible ou de format inconnu (sont lus : .xlsx, .ods, .xls) ; détail technique : {err}"
            ),
        }
    }
}

impl ReadError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::Empty => {
                "la première ligne doit donner le nom des colonnes : nom, nature, territoire, couleur…"
            }
            ReadError::Csv(_) => {
                "ouvrez le fichier dans votre tableur et réenregistrez-le au format CSV"
            }
            ReadError::Workbook(_) => {
                "ouvrez le fichier dans votre tableur et réenregistrez-le au format .xlsx, .ods ou .csv"
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads the bytes of a CSV file or a workbook (recognised by its content, not its name).
pub fn read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    // Zip (xlsx, ods) and OLE (xls) signatures.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        read_workbook(bytes)
    } else {
        read_csv(bytes)
    }
}

fn read_workbook(bytes: &[u8]) -> Result<Table, ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|err| ReadError::Workbook(err.to_string()))?;
    let sheet = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(ReadError::Empty)?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|err| ReadError::Workbook(err.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut rows = range.rows().enumerate().map(|(i, cells)| Row {
        line: first_row + i + 1,
        cells: cells.iter().map(workbook_cell).collect(),
    });
    let header = rows.next().ok_or(ReadError::Empty)?;
    Ok(Table {
        format: TableFormat::Workbook { sheet },
        headers: header.cells.into_iter().map(|c| c.text).collect(),
        rows: rows.collect(),
    })
}

fn workbook_cell(data: &Data) -> Cell {
    match data {
        Data::Int(i) => Cell {
            text: i.to_string(),
            number: true,
        },
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Cell {
            text: (*f as i64).to_string(),
            number: true,
        },
        Data::Float(f) => Cell {
            text: f.to_string(),
            number: true,
        },
        Data::Empty => Cell::default(),
        other => Cell {
            text: other.to_string().trim().to_string(),
            number: false,
        },
    }
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
        return (text.into_owned(), TextEncoding::Utf8Bom);
    }
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = encoding.decode(bytes);
        return (text.into_owned(), TextEncoding::Utf16);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), TextEncoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), TextEncoding::Windows1252)
        }
    }
}

/// The separator of the header line: the most frequent of `;`, `,` and tab outside
/// quotes; `;` on a tie (French Excel's choice).
pub fn detect_separator(header_line: &str) -> Separator {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let separators = [Separator::Semicolon, Separator::Comma, Separator::Tab];
    let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    separators[best]
}

fn read_csv(bytes: &[u8]) -> Result<Table, ReadError> {
    let (text, encoding) = decode(bytes);
    let mut body = text.as_str();
    let mut skipped_lines = 0;
    // Excel's « sep=; » first line names the separator.
    let first_line = body.lines().next().unwrap_or("");
    let hinted = match first_line.trim().strip_prefix("sep=") {
        Some(";") => Some(Separator::Semicolon),
        Some(",") => Some(Separator::Comma),
        Some("") if first_line.contains('\t') => Some(Separator::Tab),
        _ => None,
    };
    if hinted.is_some() {
        body = body.split_once('\n').map_or("", |(_, rest)| rest);
        skipped_lines = 1;
    }
    let separator = hinted.unwrap_or_else(|| detect_separator(body.lines().next().unwrap_or("")));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| ReadError::Csv(err.to_string()))?;
        let line = record.position().map_or(0, |p| p.line() as usize) + skipped_lines;
        rows.push(Row {
            line,
            cells: record
                .iter()
                .map(|s| Cell {
                    text: s.trim().to_string(),
                    number: false,
                })
                .collect(),
        });
    }
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    let header = rows.remove(0);
    Ok(Table {
        format: TableFormat::Csv {
            encoding,
            separator,
        },
        headers: header.cells.into_iter().map(|c| c.text).collect(),
        rows,
    })
}

/// A commune profile ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFile {
    /// The id, and file stem.
    pub id: String,
    /// The row it comes from.
    pub line: usize,
    /// `<materials>/communes/<id>.toml`.
    pub path: PathBuf,
    /// The TOML text, header comment included.
    pub text: String,
    /// Whether it replaces an existing profile of the same commune (`--remplacer`).
    pub replaces: bool,
}

/// The product of an import: files to write, and what to tell the user.
#[derive(Debug, Clone, Default)]
pub struct Import {
    /// Holds the spreadsheet itself, for rendering the diagnostics.
    pub sources: Sources,
    /// Problems, row by row, located in the spreadsheet.
    pub diagnostics: Diagnostics,
    /// The profiles of the rows without errors.
    pub files: Vec<ImportedFile>,
    /// Rows refused because of errors.
    pub refused: usize,
    /// Rows whose commune already has a profile, left untouched.
    pub kept: usize,
}

/// Turns the rows of `table` into validated commune profiles for the materials in `loaded`.
///
/// `source_name` names the spreadsheet in messages and in the header comment of each
/// file; with `replace`, a row whose commune (same `nom`) already has a profile
/// replaces it instead of being skipped.
pub fn import_communes(loaded: &Loaded, source_name: &str, table: &Table, replace: bool) -> Import {
    let mut import = Import::default();
    let sheet = import
        .sources
        .add(SourceFile::new(source_name, source_name, String::new()));
    let columns = map_columns(table, sheet, &mut import.diagnostics);
    let Some(&name_column) = columns.get("nom") else {
        import.diagnostics.push(
            Diagnostic::error("colonne « nom » absente : impossible de nommer les communes")
                .in_file(sheet, None)
                .with_hint(format!(
                    "la première ligne du tableau doit donner le nom des colonnes ; colonnes reconnues : {}",
                    COLUMNS.join(", ")
                )),
        );
        import.refused = table.rows.len();
        return import;
    };
    let headers: HashMap<&str, &str> = columns
        .iter()
        .map(|(key, &i)| (*key, table.headers[i].as_str()))
        .collect();
    let domain_ids: Vec<&str> = loaded
        .entries
        .iter()
        .filter(|e| e.kind == FileKind::Domain)
        .map(|e| e.id.as_str())
        .collect();
    let existing: HashMap<&str, Option<String>> = loaded
        .entries
        .iter()
        .filter(|e| e.kind == FileKind::Commune)
        .map(|e| {
            (
                e.id.as_str(),
                existing_name(&loaded.sources.get(e.file).text),
            )
        })
        .collect();

    // 1. Each row: checks of the spreadsheet itself, an id, the TOML text.
    let mut candidates = loaded.clone();
    let mut taken: HashSet<String> = existing.keys().map(|id| id.to_string()).collect();
    let mut pending: Vec<Pending> = Vec::new();
    let file_name = std::path::Path::new(source_name).file_name().map_or_else(
        || source_name.to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut by_row: Vec<(usize, Diagnostic)> = Vec::new();
    let mut report = |line: usize, d: Diagnostic| by_row.push((line, d));
    for row in &table.rows {
        if row.cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        let at_row = |message: String| Diagnostic::error(message).in_file(sheet, None);
        let extra = row.cells.len().saturating_sub(table.headers.len());
        if row.cells[table.headers.len().min(row.cells.len())..]
            .iter()
            .any(|c| !c.text.is_empty())
        {
            report(
                row.line,
                at_row(format!(
                    "ligne {} : {} cellule{} de plus que de colonnes ({} en-têtes)",
                    row.line,
                    extra,
                    if extra > 1 { "s" } else { "" },
                    table.headers.len()
                ))
                .with_hint(
                    "une cellule contient sans doute le séparateur ; une liste de domaines \
                     doit être entre guillemets : \"jeunesse;sante\" (votre tableur le fait \
                     tout seul à l’enregistrement)",
                ),
            );
            import.refused += 1;
            continue;
        }
        let cell = |key: &str| {
            columns
                .get(key)
                .and_then(|&i| row.cells.get(i))
                .filter(|c| !c.text.is_empty())
        };
        let name = row.cells.get(name_column).map_or("", |c| c.text.as_str());
        let base = slugify(name);
        if base.is_empty() {
            report(row.line,
                at_row(if name.is_empty() {
                    format!("ligne {}, colonne « {} » : nom manquant", row.line, headers["nom"])
                } else {
                    format!(
                        "ligne {}, colonne « {} » : le nom « {name} » ne contient aucune lettre ni chiffre",
                        row.line, headers["nom"]
                    )
                })
                .with_hint("chaque ligne doit donner le nom de la commune, qui sert aussi à nommer son fichier"),
            );
            import.refused += 1;
            continue;
        }
        // The same commune already has a profile: replaced or kept, never doubled.
        let same = existing
            .get(base.as_str())
            .is_some_and(|n| n.as_deref().map(str::to_lowercase) == Some(name.to_lowercase()));
        let (id, replaces) = if same && replace {
            (base.clone(), true)
        } else if same {
            report(row.line,
                Diagnostic::warning(format!(
                    "ligne {} : « {name} » a déjà un profil, « communes/{base}.toml » : il n’a pas été modifié",
                    row.line
                ))
                .in_file(sheet, None)
                .with_hint("pour le remplacer par cette ligne du tableau, relancez la commande avec --remplacer"),
            );
            import.kept += 1;
            continue;
        } else {
            let mut id = base.clone();
            let mut n = 2;
            while taken.contains(&id) || reserved_id(FileKind::Commune, &id).is_some() {
                id = format!("{base}-{n}");
                n += 1;
            }
            if id != base {
                let (why, hint) = if let Some(reason) = reserved_id(FileKind::Commune, &base) {
                    (
                        "est réservé".to_string(),
                        format!("{reason} ; vous pouvez renommer le fichier créé"),
                    )
                } else if let Some(other) = existing.get(base.as_str()) {
                    (
                        format!("est déjà pris par « communes/{base}.toml »"),
                        format!(
                            "ce fichier est le profil de « {} » : s’il s’agit de la même commune, écrivez son nom à l’identique dans le tableau",
                            other.as_deref().unwrap_or("?")
                        ),
                    )
                } else {
                    (
                        "est déjà pris par une ligne précédente du tableau".to_string(),
                        "s’il s’agit de la même commune, supprimez la ligne en double".to_string(),
                    )
                };
                report(row.line,
                    Diagnostic::warning(format!(
                        "ligne {} : l’identifiant « {base} » {why} : le profil de « {name} » sera enregistré sous « communes/{id}.toml »",
                        row.line
                    ))
                    .in_file(sheet, None)
                    .with_hint(hint),
                );
            }
            (id, false)
        };
        taken.insert(id.clone());
        if let Some(phone) = cell("telephone").filter(|c| c.number) {
            report(row.line,
                Diagnostic::warning(format!(
                    "ligne {}, colonne « {} » : le numéro {} est enregistré comme un nombre dans le classeur : un zéro initial a pu disparaître",
                    row.line, headers["telephone"], phone.text
                ))
                .in_file(sheet, None)
                .with_hint("dans le tableur, mettez la colonne au format « Texte » et retapez les numéros, par exemple 01 00 00 00 00"),
            );
        }
        let text = profile_text(name, &file_name, row.line, &cell, &domain_ids);
        let file = candidates.sources.add(SourceFile::new(
            format!("communes/{id}.toml"),
            loaded.root.join("communes").join(format!("{id}.toml")),
            text.clone(),
        ));
        if replaces {
            candidates
                .entries
                .retain(|e| !(e.kind == FileKind::Commune && e.id == id));
        }
        candidates.entries.push(Entry {
            kind: FileKind::Commune,
            id: id.clone(),
            file,
            readable: true,
        });
        pending.push(Pending {
            file,
            line: row.line,
            id,
            text,
            replaces,
        });
    }

    // 2. Every profile checked at once, beside the existing materials.
    let (materials, diagnostics) = resolve::resolve(&candidates);
    let mut by_file: BTreeMap<FileId, Vec<Diagnostic>> = BTreeMap::new();
    for d in diagnostics.iter() {
        if let Some(file) = d.file()
            && pending.iter().any(|p| p.file == file)
        {
            by_file.entry(file).or_default().push(d.clone());
        }
    }
    for p in pending {
        let found = by_file.remove(&p.file).unwrap_or_default();
        let spans = materials.spans.get(&p.file);
        let mut refused = false;
        for d in found {
            refused |= d.severity == crate::diag::Severity::Error;
            by_row.push((p.line, relocate(d, sheet, p.line, spans, &headers)));
        }
        if refused {
            import.refused += 1;
        } else {
            import.files.push(ImportedFile {
                path: loaded.root.join("communes").join(format!("{}.toml", p.id)),
                id: p.id,
                line: p.line,
                text: p.text,
                replaces: p.replaces,
            });
        }
    }
    // Row by row, in the order of the table.
    by_row.sort_by_key(|(line, _)| *line);
    for (_, d) in by_row {
        import.diagnostics.push(d);
    }
    import
}

/// A row turned into a profile, waiting for validation.
struct Pending {
    file: FileId,
    line: usize,
    id: String,
    text: String,
    replaces: bool,
}

/// Matches the headers to [`COLUMNS`], case and accents aside; reports the others.
fn map_columns(
    table: &Table,
    sheet: FileId,
    diags: &mut Diagnostics,
) -> HashMap<&'static str, usize> {
    let mut columns = HashMap::new();
    for (i, header) in table.headers.iter().enumerate() {
        let wanted = slugify(header).replace('-', "");
        if wanted.is_empty() {
            let used = table
                .rows
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| !c.text.is_empty()));
            if used {
                diags.push(
                    Diagnostic::warning(format!(
                        "la colonne n° {} n’a pas d’en-tête : elle est ignorée",
                        i + 1
                    ))
                    .in_file(sheet, None)
                    .with_hint(format!(
                        "donnez-lui un nom en première ligne ; colonnes reconnues : {}",
                        COLUMNS.join(", ")
                    )),
                );
            }
            continue;
        }
        match COLUMNS.iter().find(|c| **c == wanted) {
            Some(key) if columns.contains_key(key) => diags.push(
                Diagnostic::warning(format!(
                    "colonne « {header} » en double (n° {}) : seule la première est lue",
                    i + 1
                ))
                .in_file(sheet, None)
                .with_hint("supprimez ou renommez l’une des deux colonnes"),
            ),
            Some(key) => {
                columns.insert(*key, i);
            }
            None => {
                let hint = match closest(header, COLUMNS) {
                    Some(c) => format!(
                        "vouliez-vous dire « {c} » ? renommez l’en-tête pour importer cette colonne"
                    ),
                    None => format!("colonnes reconnues : {}", COLUMNS.join(", ")),
                };
                diags.push(
                    Diagnostic::warning(format!(
                        "colonne « {header} » inconnue : elle est ignorée"
                    ))
                    .in_file(sheet, None)
                    .with_hint(hint),
                );
            }
        }
    }
    columns
}

/// The `nom` of an existing commune file, if it can be read.
fn existing_name(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    Some(table.get("nom")?.as_str()?.trim().to_string())
}

/// The TOML text of a row: a header comment, then the keys in the documented order.
fn profile_text<'c>(
    name: &str,
    source: &str,
    line: usize,
    cell: &dyn Fn(&str) -> Option<&'c Cell>,
    domain_ids: &[&str],
) -> String {
    let mut root = toml::Table::new();
    let mut contact = toml::Table::new();
    for key in COLUMNS {
        let Some(cell) = cell(key) else { continue };
        let text = cell.text.as_str();
        let value = match key {
            "nature" => {
                let slug = slugify(text);
                let known = NATURES.contains(&slug.as_str());
                toml::Value::String(if known { slug } else { text.to_string() })
            }
            "langue" => toml::Value::String(text.to_lowercase()),
            "domaines" => toml::Value::Array(
                text.split([';', ',', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        let slug = slugify(s);
                        let id = if domain_ids.contains(&slug.as_str()) {
                            slug
                        } else {
                            s.to_string()
                        };
                        toml::Value::String(id)
                    })
                    .collect(),
            ),
            _ => toml::Value::String(text.to_string()),
        };
        if CONTACT.contains(&key) {
            contact.insert(key.to_string(), value);
        } else {
            root.insert(key.to_string(), value);
        }
    }
    if !contact.is_empty() {
        root.insert("contact".to_string(), toml::Value::Table(contact));
    }
    let one_line = |s: &str| s.replace(|c: char| c.is_control(), " ");
    format!(
        "# Profil « {} », importé du tableau « {} » (ligne {line})\n\
         # par « ancrage import communes ». Complétez-le au besoin (éditorial,\n\
         # partenaires, actions : voir docs/format.md), puis vérifiez-le avec\n\
         # « ancrage check ».\n\n{}",
        one_line(name),
        one_line(source),
        toml::to_string(&root).expect("a table of strings serialises")
    )
}

/// A diagnostic of a generated file, pointed at the row and column it came from.
fn relocate(
    d: Diagnostic,
    sheet: FileId,
    line: usize,
    spans: Option<&SpanIndex>,
    headers: &HashMap<&str, &str>,
) -> Diagnostic {
    let range = match &d.location {
        Some(Location::Span { range, .. }) => Some(range.clone()),
        _ => None,
    };
    let key = range.and_then(|r| spans.and_then(|s| column_of(s, &r)));
    let header = key.as_ref().and_then(|k| headers.get(k.as_str()));
    let place = match header {
        Some(h) => format!("ligne {line}, colonne « {h} »"),
        None => format!("ligne {line}"),
    };
    // « contact › courriel : … » repeats the column.
    let text = d.message.strip_prefix("contact › ").unwrap_or(&d.message);
    let text = match &key {
        Some(k) => text.strip_prefix(&format!("{k} : ")).unwrap_or(text),
        None => text,
    };
    let mut message = format!("{place} : {text}");
    if let Some(label) = &d.label {
        message = format!("{message} ({label})");
    }
    Diagnostic {
        severity: d.severity,
        message,
        location: Some(Location::File {
            file: sheet,
            line_col: None,
        }),
        label: None,
        // Hints speak TOML (`couleur = "#AABBCC"`); in a spreadsheet, the value alone.
        hints: d
            .hints
            .iter()
            .map(|h| match &key {
                Some(k) => h.replace(&format!("{k} = "), ""),
                None => h.clone(),
            })
            .collect(),
    }
}

/// The column whose value holds `range`: the innermost recorded value around it.
fn column_of(spans: &SpanIndex, range: &Range<usize>) -> Option<String> {
    let (path, _) = spans
        .iter()
        .filter(|(_, r)| r.start <= range.start && range.end <= r.end.max(r.start + 1))
        .min_by_key(|(_, r)| r.end - r.start)?;
    let mut parts = path.split('.');
    let first = parts.next()?;
    let key = if first == "contact" {
        parts.next()?
    } else {
        first
    };
    COLUMNS.contains(&key).then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names() {
        assert_eq!(slugify("Rosny-sous-Bois"), "rosny-sous-bois");
        assert_eq!(slugify("L’Haÿ-les-Roses"), "l-hay-les-roses");
        assert_eq!(slugify("Saint-Étienne"), "saint-etienne");
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"nom\n").1, TextEncoding::Utf8);
        assert_eq!(
            decode(b"\xEF\xBB\xBFnom\n"),
            ("nom\n".into(), TextEncoding::Utf8Bom)
        );
        assert_eq!(
            decode(b"T\xE9l\xE9phone"),
            ("Téléphone".into(), TextEncoding::Windows1252)
        );
        assert_eq!(
            decode(b"\xFF\xFEn\x00o\x00m\x00"),
            ("nom".into(), TextEncoding::Utf16)
        );
    }

    #[test]
    fn separators() {
        assert_eq!(detect_separator("nom;couleur"), Separator::Semicolon);
        assert_eq!(detect_separator("nom,couleur,site"), Separator::Comma);
        assert_eq!(detect_separator("\"a;b\",c"), Separator::Comma);
        assert_eq!(detect_separator("nom\tsite"), Separator::Tab);
        assert_eq!(detect_separator("nom"), Separator::Semicolon);
    }

    #[test]
    fn quoted_lists_survive_a_semicolon_csv() {
        let table = read_table(b"nom;domaines\nA;\"jeunesse;sante\"\n").unwrap();
        assert_eq!(table.headers, ["nom", "domaines"]);
        assert_eq!(table.rows[0].cells[1].text, "jeunesse;sante");
        assert_eq!(table.rows[0].line, 2);
    }

    #[test]
    fn excel_sep_line() {
        let table = read_table(b"sep=,\nnom,site\nA,b\n").unwrap();
        assert_eq!(
            table.format,
            TableFormat::Csv {
                encoding: TextEncoding::Utf8,
                separator: Separator::Comma
            }
        );
        assert_eq!(table.rows[0].line, 3);
    }
}
