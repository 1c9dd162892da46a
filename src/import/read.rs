//! Reading a spreadsheet: CSV (encoding and separator detected), `.xlsx` and
//! `.ods` (first sheet), as a table of text cells with their row numbers.

use std::fmt;
use std::io::Cursor;

use calamine::{Data, Reader};

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
    // Lines are counted from the record's byte offset, past any line ending it starts
    // on: after a CRLF line, the ending Excel on Windows writes, the csv crate starts
    // the next record on the `\n`, and its own line count was one too low.
    let mut counted = LineCounter::default();
    for record in reader.records() {
        let record = record.map_err(|err| ReadError::Csv(err.to_string()))?;
        let mut offset = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(body.as_bytes().get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        let line = counted.line_at(body.as_bytes(), offset) + skipped_lines;
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

/// Counts newlines up to increasing byte offsets, each byte read once.
#[derive(Default)]
struct LineCounter {
    /// Offset up to which newlines are counted.
    offset: usize,
    /// Newlines before `offset`.
    newlines: usize,
}

impl LineCounter {
    /// The 1-based line holding byte `offset` of `text`; offsets must not decrease.
    fn line_at(&mut self, text: &[u8], offset: usize) -> usize {
        let end = offset.min(text.len()).max(self.offset);
        self.newlines += text[self.offset..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = end;
        self.newlines + 1
    }
}
