//! A workshop's list of participants (issue 22), read by the machinery of
//! `ancrage import communes`: any [`super::Table`], the same header
//! matching, every bad row reported at its real line. Names never appear in
//! a diagnostic: a row is named by its number, a cell by its column.

use std::collections::HashMap;

use super::columns::{header_key, is_blank, map_columns, overflowing_row};
use super::{Cell, Row, Table};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{HalfDay, Participant};
use crate::source::FileId;

/// The columns of a list of participants, besides the presence columns.
pub const COLUMNS: [&str; 7] = [
    "nom",
    "prénom",
    "structure",
    "fonction",
    "commune",
    "courriel",
    "session",
];

/// The column of a presence that holds for every half-day (« présence »,
/// « présent »), when the list has no column per half-day.
pub const PRESENCE: &str = "présence";

/// Headers spreadsheets and registration forms commonly use, as
/// [`header_key`] writes them, and the column they stand for.
const SYNONYMS: [(&str, &str); 21] = [
    ("table", "session"),
    ("groupe", "session"),
    ("nomdefamille", "nom"),
    ("nomdusage", "nom"),
    ("organisme", "structure"),
    ("organisation", "structure"),
    ("employeur", "structure"),
    ("etablissement", "structure"),
    ("collectivite", "structure"),
    ("poste", "fonction"),
    ("qualite", "fonction"),
    ("ville", "commune"),
    ("email", "courriel"),
    ("mail", "courriel"),
    ("adressemail", "courriel"),
    ("adresseelectronique", "courriel"),
    ("present", "présence"),
    ("presente", "présence"),
    ("presents", "présence"),
    ("emargement", "présence"),
    ("presentee", "présence"),
];

/// What to do about a row with too many cells, in a list of participants.
const OVERFLOW_HINT: &str = "une cellule contient sans doute le séparateur (une virgule dans le nom \
     d’une structure) : mettez-la entre guillemets, ou réenregistrez le tableau depuis votre tableur";

/// Reads the participants of `table` (located as `sheet` in messages), with
/// one presence per half-day of `half_days`. Rows without a name are left
/// out with a warning; a list without a « nom » column is an error.
pub fn read_participants(
    table: &Table,
    sheet: FileId,
    half_days: &[HalfDay],
) -> (Vec<Participant>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let labels: Vec<String> = half_days.iter().map(|h| h.label.clone()).collect();
    let mut known: Vec<&str> = COLUMNS.to_vec();
    known.push(PRESENCE);
    known.extend(labels.iter().map(String::as_str));
    let columns = map_columns(table, sheet, &known, &SYNONYMS, &mut diags);
    let header = |key: &str| columns.get(key).map(|&i| table.headers[i].as_str());
    if !columns.contains_key("nom") {
        diags.push(
            Diagnostic::error("colonne « nom » absente : impossible de lire les participants")
                .in_file(sheet, None)
                .with_hint(format!(
                    "la première ligne du tableau doit donner le nom des colonnes : {}",
                    known.join(", ")
                )),
        );
        return (Vec::new(), diags);
    }
    // Presence: a column per half-day, else one column for all of them.
    let per_half_day: Vec<Option<usize>> = labels
        .iter()
        .map(|l| columns.get(l.as_str()).copied())
        .collect();
    let shared = columns.get(PRESENCE).copied();
    let mut people = Vec::new();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for row in &table.rows {
        if is_blank(row) {
            continue;
        }
        if let Some(d) = overflowing_row(table, row, sheet, OVERFLOW_HINT) {
            diags.push(d);
            continue;
        }
        let cell = |key: &str| -> Option<&Cell> {
            columns
                .get(key)
                .and_then(|&i| row.cells.get(i))
                .filter(|c| !c.text.is_empty())
        };
        let text = |key: &str| cell(key).map(|c| c.text.clone());
        let last_name = text("nom").unwrap_or_default();
        let first_name = text("prénom").unwrap_or_default();
        if last_name.is_empty() {
            diags.push(nameless(sheet, row.line, header("nom")));
            continue;
        }
        let present = presences(
            table,
            sheet,
            row,
            &labels,
            &per_half_day,
            shared,
            &mut diags,
        );
        let email = text("courriel");
        if email.as_deref().is_some_and(|a| !plausible_email(a)) {
            diags.push(bad_email(sheet, row.line, header("courriel")));
        }
        let structure = text("structure");
        let identity = identity(&last_name, &first_name, structure.as_deref());
        match seen.get(&identity) {
            Some(&first) => diags.push(twice(sheet, row.line, first)),
            None => {
                seen.insert(identity, row.line);
            }
        }
        people.push(Participant {
            line: row.line,
            last_name,
            first_name,
            structure,
            function: text("fonction"),
            commune: text("commune"),
            email,
            session: text("session"),
            present,
        });
    }
    people.sort_by_cached_key(Participant::sort_key);
    (people, diags)
}

/// The presences of `row`, one per half-day of `labels`: its own column
/// (`per_half_day`), else the `shared` one; an unreadable cell counts absent,
/// with a warning.
fn presences(
    table: &Table,
    sheet: FileId,
    row: &Row,
    labels: &[String],
    per_half_day: &[Option<usize>],
    shared: Option<usize>,
    diags: &mut Diagnostics,
) -> Vec<bool> {
    let mut present = Vec::with_capacity(labels.len());
    for (i, label) in labels.iter().enumerate() {
        let column = per_half_day[i].or(shared);
        let value = column
            .and_then(|c| row.cells.get(c))
            .map(|c| c.text.as_str());
        match value.map(presence) {
            None => present.push(false),
            Some(Some(p)) => present.push(p),
            Some(None) => {
                let column = column.map_or(label.as_str(), |c| table.headers[c].as_str());
                diags.push(
                    Diagnostic::warning(format!(
                        "ligne {}, colonne « {column} » : présence illisible : la personne est comptée absente",
                        row.line
                    ))
                    .in_file(sheet, None)
                    .with_hint("écrivez « oui » (ou « x ») pour une personne présente, laissez vide ou écrivez « non » sinon"),
                );
                present.push(false);
            }
        }
    }
    present
}

/// The warning for a malformed e-mail address at `line`, in column `header`.
fn bad_email(sheet: FileId, line: usize, header: Option<&str>) -> Diagnostic {
    Diagnostic::warning(format!(
        "ligne {line}, colonne « {} » : adresse électronique mal formée",
        header.unwrap_or("courriel")
    ))
    .in_file(sheet, None)
    .with_hint("une adresse a la forme nom@domaine.fr ; elle n’est imprimée sur aucun document")
}

/// The warning for a row at `line` without a name, in column `header`.
fn nameless(sheet: FileId, line: usize, header: Option<&str>) -> Diagnostic {
    Diagnostic::warning(format!(
        "ligne {line}, colonne « {} » : nom manquant : la ligne est ignorée",
        header.unwrap_or("nom")
    ))
    .in_file(sheet, None)
    .with_hint("écrivez le nom de la personne, ou supprimez la ligne")
}

/// The warning for the row at `line`, the same person as at line `first`.
fn twice(sheet: FileId, line: usize, first: usize) -> Diagnostic {
    Diagnostic::warning(format!(
        "ligne {line} : même nom, prénom et structure qu’à la ligne {first} : la personne est inscrite deux fois"
    ))
    .in_file(sheet, None)
    .with_hint("supprimez l’une des deux lignes (les deux sont imprimées)")
}

/// What makes two rows the same person: name, first name and structure,
/// folded (lower case, no accent, only letters and digits).
fn identity(
    last_name: &str,
    first_name: &str,
    structure: Option<&str>,
) -> (String, String, String) {
    use crate::model::participants::fold;
    (
        fold(last_name),
        fold(first_name),
        structure.map(fold).unwrap_or_default(),
    )
}

/// A presence cell: `Some(true)` for « oui », « x », « 1 », « présent(e) »,
/// « P », a tick; `Some(false)` for an empty cell, « non », « 0 »,
/// « absent(e) », « excusé(e) »; `None` for anything else.
pub fn presence(text: &str) -> Option<bool> {
    let key = header_key(text);
    match key.as_str() {
        "oui" | "x" | "1" | "p" | "present" | "presente" | "vrai" | "true" => Some(true),
        "" if text.trim().is_empty() => Some(false),
        "" if matches!(text.trim(), "✓" | "✔" | "☑" | "✗") => Some(text.trim() != "✗"),
        "non" | "0" | "absent" | "absente" | "excuse" | "excusee" | "faux" | "false" => Some(false),
        _ => None,
    }
}

/// Whether an address looks like one: one `@`, something before it, a dot
/// in the domain, no space.
fn plausible_email(address: &str) -> bool {
    match address.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !address.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read_table;

    fn morning() -> Vec<HalfDay> {
        vec![HalfDay {
            label: "matin".into(),
            start: Some(540),
            end: Some(750),
        }]
    }

    #[test]
    fn headers_of_a_registration_form_are_understood() {
        let csv = "Nom;Prénom;Organisme;Fonction;Ville;E-mail;Matin\r\n\
                   N’Diaye;Awa;Asso;Chargée;Exempleville;a@b.example;oui\r\n\
                   d’Ornano;Marie-Hélène;;;;;\r\n";
        let table = read_table(csv.as_bytes()).unwrap();
        let (people, diags) = read_participants(&table, FileId(0), &morning());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(people.len(), 2);
        // « N’Diaye » sorts as « ndiaye », before « d’Ornano » under O.
        assert_eq!(people[0].last_name, "N’Diaye");
        assert_eq!(people[0].structure.as_deref(), Some("Asso"));
        assert_eq!(people[0].commune.as_deref(), Some("Exempleville"));
        assert_eq!(people[0].present, [true]);
        assert_eq!(people[1].line, 3);
        assert_eq!(people[1].present, [false]);
    }

    #[test]
    fn bad_rows_are_located_and_never_named() {
        let csv = "nom,prénom,courriel,présence\n\
                   Secret,Anne,pas-une-adresse,oui\n\
                   ,Bob,,\n\
                   Caché,Luc,,peut-être\n\
                   Trop,Plein,a@b.example,oui,x\n";
        let table = read_table(csv.as_bytes()).unwrap();
        let (people, diags) = read_participants(&table, FileId(0), &morning());
        assert_eq!(people.len(), 2);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages[0].starts_with("ligne 2, colonne « courriel »"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("ligne 3, colonne « nom »"),
            "{messages:?}"
        );
        assert!(
            messages[2].starts_with("ligne 4, colonne « présence »"),
            "{messages:?}"
        );
        assert!(
            messages[3].starts_with("ligne 5 : 1 cellule de plus"),
            "{messages:?}"
        );
        for d in diags.iter() {
            let text = format!("{} {:?}", d.message, d.hints);
            for name in [
                "Secret", "Anne", "Bob", "Caché", "Luc", "Trop", "Plein", "pas-une",
            ] {
                assert!(!text.contains(name), "{text}");
            }
        }
    }

    #[test]
    fn a_list_without_names_is_an_error() {
        let table = read_table(b"prenom;structure\nAnne;X\n").unwrap();
        let (people, diags) = read_participants(&table, FileId(0), &morning());
        assert!(people.is_empty());
        assert!(diags.has_errors());
    }

    #[test]
    fn presence_values() {
        for yes in ["oui", "OUI", "x", "X", "1", "Présente", "✓"] {
            assert_eq!(presence(yes), Some(true), "{yes}");
        }
        for no in ["", "non", "0", "absent", "Excusée"] {
            assert_eq!(presence(no), Some(false), "{no}");
        }
        assert_eq!(presence("peut-être"), None);
    }
}
