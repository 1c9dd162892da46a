//! `ancrage schema`: the JSON Schemas of the five file kinds, for editors.

use std::fs;
use std::path::PathBuf;

use ancrage::schema::{FileKind, schema_json};

use super::Outcome;

/// Options of `schema`.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Options ")]
pub struct Args {
    /// Type de fichier : collection, domaine, commune, atelier ou sigles (par défaut : domaine).
    #[arg(value_name = "TYPE", value_parser = ["collection", "domaine", "commune", "atelier", "sigles"], hide_possible_values = true)]
    kind: Option<String>,
    /// Écrire les cinq schémas (<type>.schema.json) dans ce dossier au lieu de la sortie standard.
    #[arg(long, value_name = "DOSSIER", conflicts_with = "kind")]
    dossier: Option<PathBuf>,
}

/// Prints one schema or writes all five.
pub fn run(args: &Args) -> Outcome {
    let Some(folder) = &args.dossier else {
        let kind = args
            .kind
            .as_deref()
            .and_then(FileKind::from_name)
            .unwrap_or(FileKind::Domain);
        super::out(&schema_json(kind));
        return Outcome::Ok;
    };
    if let Err(err) = fs::create_dir_all(folder) {
        eprintln!(
            "erreur : impossible de créer le dossier « {} » : {err}",
            folder.display()
        );
        return Outcome::Failure;
    }
    for kind in FileKind::ALL {
        let path = folder.join(format!("{}.schema.json", kind.name()));
        if let Err(err) = fs::write(&path, schema_json(kind)) {
            eprintln!(
                "erreur : écriture impossible de « {} » : {err}",
                path.display()
            );
            return Outcome::Failure;
        }
        eprintln!("schéma écrit : {}", path.display());
    }
    Outcome::Ok
}
