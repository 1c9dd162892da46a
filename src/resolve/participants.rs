//! The lists of participants of the workshops (issue 22): each
//! `[participants] fichier` read beside its workshop file, by the import
//! machinery ([`crate::import::participants`]), its problems located in the
//! spreadsheet by row and column, never by name.

use super::{Materials, ParticipantList};
use crate::diag::{Diagnostic, Diagnostics};
use crate::import::participants::read_participants;
use crate::import::read_table;
use crate::model::participants::parse_time;
use crate::source::SourceFile;

/// The folder of the workshop files, where their lists of participants lie.
const WORKSHOPS: &str = "ateliers";

/// Reads the list of participants of every workshop that names one, into
/// [`crate::resolve::WorkshopFile::participants`]; a list that cannot be
/// read is an error at its `fichier` key.
pub fn attach(materials: &mut Materials, diags: &mut Diagnostics) {
    check_end(materials, diags);
    for i in 0..materials.workshops.len() {
        let w = &materials.workshops[i];
        let Some(setting) = w.workshop.participants.clone() else {
            continue;
        };
        let key = materials.key_span(w.file, "participants.fichier");
        let at_key = |d: Diagnostic| d.at_or_in(w.file, key.clone());
        let half_days = w.workshop.half_days();
        let name = format!("{WORKSHOPS}/{}", setting.file);
        let path = materials.root.join(WORKSHOPS).join(&setting.file);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound => "introuvable".to_string(),
                    _ => format!("illisible ({e})"),
                };
                diags.push(at_key(
                    Diagnostic::error(format!("liste des participants « {name} » {why}"))
                        .with_hint(format!(
                            "placez le tableau des participants dans le dossier « {WORKSHOPS} », à côté du fichier de l’atelier, ou corrigez son nom"
                        )),
                ));
                continue;
            }
        };
        let table = match read_table(&bytes) {
            Ok(table) => table,
            Err(e) => {
                diags.push(at_key(
                    Diagnostic::error(format!("liste des participants « {name} » : {e}"))
                        .with_hint(e.hint()),
                ));
                continue;
            }
        };
        let sheet = materials
            .sources
            .add(SourceFile::new(name, path, String::new()));
        let (people, found) = read_participants(&table, sheet, &half_days);
        diags.extend(found);
        materials.workshops[i].participants = Some(ParticipantList {
            file: sheet,
            people,
            half_days,
            fictitious: setting.fictitious,
        });
    }
}

/// A workshop's `fin` must be a time, after the last item of its programme:
/// otherwise the certificates would print a wrong duration.
fn check_end(materials: &Materials, diags: &mut Diagnostics) {
    for w in &materials.workshops {
        let Some(end) = w.workshop.end.as_deref() else {
            continue;
        };
        let at = materials.key_span(w.file, "fin");
        let last = w
            .workshop
            .programme
            .iter()
            .filter_map(|item| parse_time(&item.time).map(|t| (t, &item.time)))
            .max_by_key(|(t, _)| *t);
        match (parse_time(end), last) {
            (None, _) => diags.push(
                Diagnostic::warning(format!("heure de fin « {end} » illisible"))
                    .at_or_in(w.file, at.clone())
                    .with_hint("écrivez-la comme dans le programme, par exemple fin = \"12 h 30\""),
            ),
            (Some(end_time), Some((last_time, last_text))) if end_time <= last_time => diags.push(
                Diagnostic::warning(format!(
                    "l’atelier finit à « {end} », mais le dernier point du programme commence à « {last_text} »"
                ))
                .at_or_in(w.file, at.clone())
                .with_hint("donnez l’heure à laquelle le dernier point se termine : c’est d’elle que dépend la durée imprimée sur les attestations"),
            ),
            _ => {}
        }
    }
}
