//! Import stage: a spreadsheet of communes (CSV, `.xlsx`, `.ods`) becomes commune
//! profiles, each row validated by the very rules of `ancrage check`.
//!
//! [`read_table`] decodes the file (encoding and separator detected for CSV, first
//! sheet for a workbook); [`import_communes`] turns each row into the TOML text of
//! `communes/<id>.toml`, runs every text through [`resolve::resolve`] beside the
//! existing materials, and maps the diagnostics back to « ligne N, colonne « X » »
//! of the spreadsheet. Nothing is written here: the caller writes the files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::{Entry, Loaded};
use crate::resolve::values::slugify;
use crate::resolve::{self, SpanIndex, reserved_id};
use crate::schema::FileKind;
use crate::source::{FileId, SourceFile, Sources};

pub mod columns;
pub mod participants;
mod read;
use columns::{is_blank, map_columns, overflowing_row};
pub use read::{
    Cell, ReadError, Row, Separator, Table, TableFormat, TextEncoding, decode, detect_separator,
    read_table,
};

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

/// Headers spreadsheets commonly use for a column, as [`map_columns`]
/// compares them (lower case, no accent, no hyphen), and the column they
/// stand for: « Site web », « E-mail », « Tél. »… were dropped as unknown.
const COLUMN_SYNONYMS: [(&str, &str); 11] = [
    ("siteweb", "site"),
    ("siteinternet", "site"),
    ("internet", "site"),
    ("web", "site"),
    ("email", "courriel"),
    ("mail", "courriel"),
    ("adressemail", "courriel"),
    ("adresseelectronique", "courriel"),
    ("tel", "telephone"),
    ("telephonefixe", "telephone"),
    ("numerodetelephone", "telephone"),
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
    let columns = map_columns(
        table,
        sheet,
        &COLUMNS,
        &COLUMN_SYNONYMS,
        &mut import.diagnostics,
    );
    if !columns.contains_key("nom") {
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
    }
    let context = Context::new(loaded, source_name, table, sheet, columns, replace);

    // 1. Each row: checks of the spreadsheet itself, an id, the TOML text.
    let mut rows = Rows {
        candidates: loaded.clone(),
        taken: context.existing.keys().map(|id| id.to_string()).collect(),
        pending: Vec::new(),
        by_row: Vec::new(),
    };
    for row in table.rows.iter().filter(|row| !is_blank(row)) {
        match context.read_row(row, &mut rows) {
            Ok(()) => {}
            Err(Skipped::Refused) => import.refused += 1,
            Err(Skipped::Kept) => import.kept += 1,
        }
    }

    // 2. Every profile checked at once, beside the existing materials.
    let mut by_row = context.validate(rows, &mut import);

    // 3. Row by row, in the order of the table.
    by_row.sort_by_key(|(line, _)| *line);
    for (_, d) in by_row {
        import.diagnostics.push(d);
    }
    import
}

/// What every row of one import is checked against.
struct Context<'t> {
    /// The materials the profiles join.
    loaded: &'t Loaded,
    /// The spreadsheet.
    table: &'t Table,
    /// The spreadsheet, as the file diagnostics point at.
    sheet: FileId,
    /// Each known column's index in the rows.
    columns: HashMap<&'static str, usize>,
    /// Each known column's header, as written in the spreadsheet.
    headers: HashMap<&'static str, &'t str>,
    /// The ids of the domains, for the `domaines` column.
    domain_ids: Vec<&'t str>,
    /// The existing commune profiles: id, and `nom` when readable.
    existing: HashMap<&'t str, Option<String>>,
    /// The spreadsheet's file name, for the header comment of each profile.
    file_name: String,
    /// Whether a row replaces the existing profile of the same commune.
    replace: bool,
}

/// The rows read so far.
struct Rows {
    /// The materials, with the profiles of the rows read so far.
    candidates: Loaded,
    /// The ids given, existing profiles included.
    taken: HashSet<String>,
    /// The profiles waiting for validation.
    pending: Vec<Pending>,
    /// Every diagnostic, with the line of its row.
    by_row: Vec<(usize, Diagnostic)>,
}

/// Why a row gives no profile.
enum Skipped {
    /// An error in the row itself.
    Refused,
    /// Its commune already has a profile, kept (no `--remplacer`).
    Kept,
}

impl<'t> Context<'t> {
    /// The context of `table`, whose `columns` hold a `nom`.
    fn new(
        loaded: &'t Loaded,
        source_name: &str,
        table: &'t Table,
        sheet: FileId,
        columns: HashMap<&'static str, usize>,
        replace: bool,
    ) -> Self {
        let headers = columns
            .iter()
            .map(|(key, &i)| (*key, table.headers[i].as_str()))
            .collect();
        let domain_ids = loaded
            .entries
            .iter()
            .filter(|e| e.kind == FileKind::Domain)
            .map(|e| e.id.as_str())
            .collect();
        let existing = loaded
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
        let file_name = std::path::Path::new(source_name).file_name().map_or_else(
            || source_name.to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Context {
            loaded,
            table,
            sheet,
            columns,
            headers,
            domain_ids,
            existing,
            file_name,
            replace,
        }
    }

    /// The non-empty cell of column `key` in `row`.
    fn cell<'r>(&self, row: &'r Row, key: &str) -> Option<&'r Cell> {
        self.columns
            .get(key)
            .and_then(|&i| row.cells.get(i))
            .filter(|c| !c.text.is_empty())
    }

    /// Reads one row into `rows`: the checks of the spreadsheet itself, an id,
    /// the TOML text of its profile.
    fn read_row(&self, row: &Row, rows: &mut Rows) -> Result<(), Skipped> {
        if let Some(d) = overflowing_row(
            self.table,
            row,
            self.sheet,
            "une cellule contient sans doute le séparateur ; une liste de domaines \
             doit être entre guillemets : \"jeunesse;sante\" (votre tableur le fait \
             tout seul à l’enregistrement)",
        ) {
            rows.by_row.push((row.line, d));
            return Err(Skipped::Refused);
        }
        let name = row
            .cells
            .get(self.columns["nom"])
            .map_or("", |c| c.text.as_str());
        let base = slugify(name);
        if base.is_empty() {
            rows.by_row.push((row.line, self.nameless(row.line, name)));
            return Err(Skipped::Refused);
        }
        let (id, replaces) = self.row_id(row.line, name, &base, rows)?;
        rows.taken.insert(id.clone());
        let fixed_cell = self.phone(row, &id, &mut rows.by_row);
        let cell = |key: &str| match (key, &fixed_cell) {
            ("telephone", Some(fixed)) => Some(fixed),
            _ => self.cell(row, key),
        };
        let text = profile_text(name, &self.file_name, row.line, &cell, &self.domain_ids);
        let file = rows.candidates.sources.add(SourceFile::new(
            format!("communes/{id}.toml"),
            self.loaded.root.join("communes").join(format!("{id}.toml")),
            text.clone(),
        ));
        if replaces {
            rows.candidates
                .entries
                .retain(|e| !(e.kind == FileKind::Commune && e.id == id));
        }
        rows.candidates.entries.push(Entry {
            kind: FileKind::Commune,
            id: id.clone(),
            file,
            readable: true,
        });
        rows.pending.push(Pending {
            file,
            line: row.line,
            id,
            text,
            replaces,
        });
        Ok(())
    }

    /// The error for a row whose `nom` gives no id (empty, or no letter nor digit).
    fn nameless(&self, line: usize, name: &str) -> Diagnostic {
        let column = self.headers["nom"];
        Diagnostic::error(if name.is_empty() {
            format!("ligne {line}, colonne « {column} » : nom manquant")
        } else {
            format!(
                "ligne {line}, colonne « {column} » : le nom « {name} » ne contient aucune lettre ni chiffre"
            )
        })
        .in_file(self.sheet, None)
        .with_hint(
            "chaque ligne doit donner le nom de la commune, qui sert aussi à nommer son fichier",
        )
    }

    /// The id of the row's profile, from its slug `base`, and whether it
    /// replaces an existing profile: the same commune is replaced or kept,
    /// never doubled; another one with the same slug gets `base-2`, `base-3`…
    fn row_id(
        &self,
        line: usize,
        name: &str,
        base: &str,
        rows: &mut Rows,
    ) -> Result<(String, bool), Skipped> {
        let same = self
            .existing
            .get(base)
            .is_some_and(|n| n.as_deref().map(str::to_lowercase) == Some(name.to_lowercase()));
        if same && self.replace {
            return Ok((base.to_string(), true));
        }
        if same {
            rows.by_row.push((line,
                Diagnostic::warning(format!(
                    "ligne {line} : « {name} » a déjà un profil, « communes/{base}.toml » : il n’a pas été modifié"
                ))
                .in_file(self.sheet, None)
                .with_hint("pour le remplacer par cette ligne du tableau, relancez la commande avec --remplacer"),
            ));
            return Err(Skipped::Kept);
        }
        let mut id = base.to_string();
        let mut n = 2;
        while rows.taken.contains(&id) || reserved_id(FileKind::Commune, &id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        if id != base {
            rows.by_row
                .push((line, self.renamed(line, name, base, &id)));
        }
        Ok((id, false))
    }

    /// The warning for a row whose slug `base` was taken, saved as `id` instead.
    fn renamed(&self, line: usize, name: &str, base: &str, id: &str) -> Diagnostic {
        let (why, hint) = if let Some(reason) = reserved_id(FileKind::Commune, base) {
            (
                "est réservé".to_string(),
                format!("{reason} ; vous pouvez renommer le fichier créé"),
            )
        } else if let Some(other) = self.existing.get(base) {
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
        Diagnostic::warning(format!(
            "ligne {line} : l’identifiant « {base} » {why} : le profil de « {name} » sera enregistré sous « communes/{id}.toml »"
        ))
        .in_file(self.sheet, None)
        .with_hint(hint)
    }

    /// The row's phone number with the leading zero a spreadsheet dropped
    /// written back, if it was dropped; warns about it, and about a number
    /// stored as a number.
    fn phone(&self, row: &Row, id: &str, by_row: &mut Vec<(usize, Diagnostic)>) -> Option<Cell> {
        let phone = self.cell(row, "telephone")?;
        let restored = lost_leading_zero(&phone.text);
        let column = self.headers["telephone"];
        let line = row.line;
        if phone.number && restored.is_none() {
            by_row.push((line,
                Diagnostic::warning(format!(
                    "ligne {line}, colonne « {column} » : le numéro {} est enregistré comme un nombre dans le classeur : un zéro initial a pu disparaître",
                    phone.text
                ))
                .in_file(self.sheet, None)
                .with_hint("dans le tableur, mettez la colonne au format « Texte » et retapez les numéros, par exemple 01 00 00 00 00"),
            ));
        }
        if let Some(fixed) = &restored {
            by_row.push((line,
                Diagnostic::warning(format!(
                    "ligne {line}, colonne « {column} » : le numéro {} n’a que 9 chiffres : le tableur a sans doute supprimé son zéro initial ; il est importé sous la forme {fixed}",
                    phone.text
                ))
                .in_file(self.sheet, None)
                .with_hint(format!("vérifiez-le dans communes/{id}.toml ; dans le tableur, mettez la colonne au format « Texte » pour garder le zéro")),
            ));
        }
        restored.map(|text| Cell {
            text,
            number: false,
        })
    }

    /// Checks every pending profile at once, beside the existing materials:
    /// those without errors go into `import.files`. Returns every diagnostic
    /// with the line of its row, relocated into the spreadsheet.
    fn validate(&self, rows: Rows, import: &mut Import) -> Vec<(usize, Diagnostic)> {
        let Rows {
            candidates,
            pending,
            mut by_row,
            ..
        } = rows;
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
                by_row.push((
                    p.line,
                    relocate(d, self.sheet, p.line, spans, &self.headers),
                ));
            }
            if refused {
                import.refused += 1;
            } else {
                import.files.push(ImportedFile {
                    path: self
                        .loaded
                        .root
                        .join("communes")
                        .join(format!("{}.toml", p.id)),
                    id: p.id,
                    line: p.line,
                    text: p.text,
                    replaces: p.replaces,
                });
            }
        }
        by_row
    }
}

/// A row turned into a profile, waiting for validation.
struct Pending {
    file: FileId,
    line: usize,
    id: String,
    text: String,
    replaces: bool,
}

/// A French phone number that lost its leading zero in a spreadsheet
/// (`199001234`, `1 99 00 12 34`), written back with it: `01 99 00 12 34`.
fn lost_leading_zero(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}'))
        .collect();
    let lost =
        digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    lost.then(|| {
        let full = format!("0{digits}");
        full.as_bytes()
            .chunks(2)
            .map(|pair| String::from_utf8_lossy(pair).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    })
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
        editions: Vec::new(),
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
