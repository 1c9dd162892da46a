//! The lists of participants of the workshops (issue 22): each
//! `[participants] fichier` read beside its workshop file, by the import
//! machinery ([`crate::import::participants`]), its problems located in the
//! spreadsheet by row and column, never by name.

use super::{Materials, ParticipantList};
use crate::diag::{Diagnostic, Diagnostics};
use crate::import::participants::read_participants;
use crate::import::read_table;
use crate::source::SourceFile;

/// The folder of the workshop files, where their lists of participants lie.
const WORKSHOPS: &str = "ateliers";

/// Reads the list of participants of every workshop that names one, into
/// [`crate::resolve::WorkshopFile::participants`]; a list that cannot be
/// read is an error at its `fichier` key.
pub fn attach(materials: &mut Materials, diags: &mut Diagnostics) {
    for i in 0..materials.workshops.len() {
        let w = &materials.workshops[i];
        let Some(setting) = w.workshop.participants.clone() else {
            continue;
        };
        let key = materials
            .spans
            .get(&w.file)
            .and_then(|s| s.get("participants.fichier"))
            .cloned()
            .unwrap_or(0..0);
        let at_key = |d: Diagnostic| d.at(w.file, key.clone());
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
