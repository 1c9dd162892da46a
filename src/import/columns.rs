//! The header matching shared by every spreadsheet the program reads (the
//! communes of `ancrage import communes`, a workshop's participants): each
//! header compared case, accents and hyphens aside, through a table of the
//! synonyms spreadsheets commonly use, the others reported.

use std::collections::HashMap;

use super::{Row, Table};
use crate::diag::{Diagnostic, Diagnostics};
use crate::resolve::values::{closest, slugify};
use crate::source::FileId;

/// A header as [`map_columns`] compares it: lower case, no accent, no hyphen
/// nor space (« Après-midi » → `apresmidi`, « E-mail » → `email`).
pub fn header_key(header: &str) -> String {
    slugify(header).replace('-', "")
}

/// Matches the headers of `table` to the `known` columns, case and accents
/// aside, through `synonyms` (pairs of a [`header_key`] and the column it
/// stands for); reports, as warnings located in `sheet`, the unnamed columns
/// that hold values, the duplicates and the unknown headers. Returns each
/// column found with its index in the table.
pub fn map_columns<'k>(
    table: &Table,
    sheet: FileId,
    known: &[&'k str],
    synonyms: &[(&str, &str)],
    diags: &mut Diagnostics,
) -> HashMap<&'k str, usize> {
    let mut columns = HashMap::new();
    let listed = known.join(", ");
    for (i, header) in table.headers.iter().enumerate() {
        let wanted = header_key(header);
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
                        "donnez-lui un nom en première ligne ; colonnes reconnues : {listed}"
                    )),
                );
            }
            continue;
        }
        let wanted = synonyms
            .iter()
            .find(|(other, _)| *other == wanted)
            .map_or(wanted.as_str(), |(_, key)| key);
        match known.iter().find(|c| header_key(c) == wanted) {
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
                let hint = match closest(header, known.iter().copied()) {
                    Some(c) => format!(
                        "vouliez-vous dire « {c} » ? renommez l’en-tête pour lire cette colonne"
                    ),
                    None => format!("colonnes reconnues : {listed}"),
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

/// Whether a row is empty: every cell blank (a spreadsheet's trailing lines).
pub fn is_blank(row: &Row) -> bool {
    row.cells.iter().all(|c| c.text.is_empty())
}

/// The error for a row with values beyond the last header (a separator
/// inside a cell), located in `sheet` at the row's real line; `None` when
/// the row fits. `hint` says what to do in this kind of table.
pub fn overflowing_row(table: &Table, row: &Row, sheet: FileId, hint: &str) -> Option<Diagnostic> {
    let width = table.headers.len();
    let extra = row.cells.len().saturating_sub(width);
    let overflows = row.cells[width.min(row.cells.len())..]
        .iter()
        .any(|c| !c.text.is_empty());
    overflows.then(|| {
        Diagnostic::error(format!(
            "ligne {} : {} cellule{} de plus que de colonnes ({} en-têtes)",
            row.line,
            extra,
            if extra > 1 { "s" } else { "" },
            width
        ))
        .in_file(sheet, None)
        .with_hint(hint.to_string())
    })
}
