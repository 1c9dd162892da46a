//! `ancrage list`: a table of the domains, communes, workshops and experience records.

use std::path::Path;

use ancrage::model::{Nature, WorkshopLayout};
use ancrage::resolve::Materials;

use super::{Outcome, load_and_resolve, plural};

/// Prints the tables on stdout; errors are only counted (see `check`).
pub fn run(root: &Path) -> Outcome {
    let (materials, diagnostics) = match load_and_resolve(root) {
        Ok(result) => result,
        Err(outcome) => return outcome,
    };
    let mut out = String::new();
    for section in [domains, communes, workshops, experiences] {
        out.push_str(&section(&materials));
    }
    super::out(&out);

    if diagnostics.has_errors() {
        eprintln!(
            "{} : les fichiers concernés ne sont pas listés ; lancez « ancrage check » pour le détail",
            plural(diagnostics.error_count(), "erreur", "erreurs")
        );
        return Outcome::Errors;
    }
    Outcome::Ok
}

/// The domain sheets, by order: a heading with their count, then the table.
fn domains(materials: &Materials) -> String {
    let mut out = String::new();
    out.push_str(&format!("Fiches ({})\n", materials.domains.len()));
    let rows: Vec<Vec<String>> = materials
        .domains
        .iter()
        .map(|d| {
            vec![
                d.domain
                    .order
                    .map(|o| o.to_string())
                    .unwrap_or_else(|| "–".into()),
                d.id.clone(),
                d.domain.title.clone(),
            ]
        })
        .collect();
    out.push_str(&table(
        &["ordre", "identifiant", "titre"],
        &rows,
        &[true, false, false],
    ));
    out
}

/// The commune profiles in memory: a heading with their count, then the table.
fn communes(materials: &Materials) -> String {
    let mut out = String::new();
    out.push_str(&format!("\nCommunes ({})\n", materials.communes.len()));
    let rows: Vec<Vec<String>> = materials
        .communes
        .iter()
        .map(|c| {
            vec![
                c.id.clone(),
                c.commune.name.clone(),
                nature(c.commune.nature).into(),
                c.commune.territory.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.push_str(&table(
        &["identifiant", "nom", "nature", "territoire"],
        &rows,
        &[false; 4],
    ));
    out
}

/// The workshops: a heading with their count, then the table.
fn workshops(materials: &Materials) -> String {
    let mut out = String::new();
    out.push_str(&format!("\nAteliers ({})\n", materials.workshops.len()));
    let rows: Vec<Vec<String>> = materials
        .workshops
        .iter()
        .map(|w| {
            let layout = match w.workshop.layout {
                WorkshopLayout::A4 => "A4",
                WorkshopLayout::BookletA5 => "livret A5",
            };
            vec![
                w.id.clone(),
                w.workshop.date.to_string(),
                layout.into(),
                w.workshop.title.clone(),
            ]
        })
        .collect();
    out.push_str(&table(
        &["identifiant", "date", "mise en page", "titre"],
        &rows,
        &[false; 4],
    ));
    out
}

/// The experience records: a heading with their count, then the table.
fn experiences(materials: &Materials) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "\nExpériences ({})\n",
        materials.experiences.len()
    ));
    let rows: Vec<Vec<String>> = materials
        .experiences
        .iter()
        .map(|r| {
            let e = &r.experience;
            let countries: Vec<&str> = r.countries().into_iter().map(ancrage::map::name).collect();
            vec![
                r.id.clone(),
                e.period.map(|p| p.label()).unwrap_or_default(),
                countries.join(", "),
                e.title.clone(),
            ]
        })
        .collect();
    out.push_str(&table(
        &["identifiant", "période", "pays", "titre"],
        &rows,
        &[false; 4],
    ));
    out
}

fn nature(n: Nature) -> &'static str {
    match n {
        Nature::Commune => "commune",
        Nature::Intercommunality => "intercommunalité",
        Nature::Department => "département",
        Nature::Region => "région",
        Nature::Association => "association",
    }
}

/// Longest cell printed; longer titles end with « … » to keep one line per row.
const MAX_CELL: usize = 60;

/// A plain text table; widths count characters, not bytes (accents).
fn table(headers: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let cell = |s: &str| -> String {
        if s.chars().count() > MAX_CELL {
            s.chars().take(MAX_CELL - 1).chain(['…']).collect()
        } else {
            s.to_string()
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c)).collect())
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - c.chars().count());
                if right[i] {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                }
            })
            .collect();
        format!("  {}\n", parts.join("  ").trim_end())
    };
    let mut out = line(headers.to_vec());
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}
