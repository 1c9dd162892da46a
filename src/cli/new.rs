//! `ancrage new`: write a commented template for a new domain, commune, workshop
//! or experience record.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use ancrage::model::Date;
use ancrage::resolve::reserved_id;
use ancrage::resolve::values::{is_valid_id, slugify};
use ancrage::schema::FileKind;
use ancrage::templates;

use super::Outcome;

/// Options of `new`.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Options ")]
pub struct Args {
    /// Type de fichier : domaine, commune, atelier ou experience.
    #[arg(value_name = "TYPE", display_order = 0, value_parser = ["domaine", "commune", "atelier", "experience"], hide_possible_values = true, help_heading = "Arguments ")]
    kind: String,
    /// Identifiant, qui devient le nom du fichier : minuscules sans accent, chiffres et tirets.
    #[arg(
        value_name = "IDENTIFIANT",
        display_order = 1,
        help_heading = "Arguments "
    )]
    id: String,
    /// Titre (ou nom, pour une commune) écrit dans le fichier ; par défaut, tiré de l’identifiant.
    #[arg(long, value_name = "TITRE")]
    titre: Option<String>,
    /// Pour un atelier : ne pas écrire le .gitignore qui exclut les listes de participants (*.participants.*) du dépôt.
    #[arg(long = "versionner-participants")]
    versionner_participants: bool,
}

/// Writes the template, refusing to overwrite an existing file.
pub fn run(root: &Path, args: &Args) -> Outcome {
    let kind = FileKind::from_name(&args.kind).expect("clap checked the kind");
    if !is_valid_id(&args.id) {
        eprintln!(
            "erreur : identifiant « {} » invalide : lettres minuscules sans accent, chiffres et tirets seulement",
            args.id
        );
        eprintln!(
            "  aide : par exemple « ancrage new {} {} »",
            args.kind,
            slugify(&args.id)
        );
        return Outcome::Failure;
    }
    if let Some(reason) = reserved_id(kind, &args.id) {
        eprintln!(
            "erreur : l’identifiant « {} » est réservé : {reason}",
            args.id
        );
        eprintln!("  aide : choisissez un autre identifiant");
        return Outcome::Failure;
    }
    if !root.is_dir() {
        eprintln!(
            "erreur : le dossier des matériaux « {} » est introuvable",
            root.display()
        );
        eprintln!(
            "  aide : lancez la commande depuis le dossier du projet ou indiquez --materials DOSSIER"
        );
        return Outcome::Failure;
    }
    let folder = root.join(kind.folder().expect("new makes folder kinds only"));
    let domains = existing_domains(&root.join("domaines"));
    if matches!(kind, FileKind::Workshop | FileKind::Experience) && domains.is_empty() {
        let what = if kind == FileKind::Workshop {
            "un atelier distribue des fiches"
        } else {
            "une expérience se range sous des fiches domaine"
        };
        eprintln!("erreur : {what}, et il n’y en a encore aucune");
        eprintln!("  aide : créez d’abord une fiche avec « ancrage new domaine mon-domaine »");
        return Outcome::Failure;
    }
    let text = templates::render(kind, &args.id, args.titre.as_deref(), &domains, today());
    let path = folder.join(format!("{}.toml", args.id));
    let written = fs::create_dir_all(&folder).and_then(|()| {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?
            .write_all(text.as_bytes())
    });
    match written {
        Ok(()) => {
            eprintln!("fichier créé : {}", path.display());
            if kind == FileKind::Workshop && !args.versionner_participants {
                ignore_participants(&folder);
            }
            eprintln!("  complétez-le, puis vérifiez-le avec « ancrage check »");
            Outcome::Ok
        }
        Err(err) if err.kind() == ErrorKind::AlreadyExists => {
            eprintln!(
                "erreur : « {} » existe déjà : il n’a pas été modifié",
                path.display()
            );
            eprintln!("  aide : choisissez un autre identifiant, ou modifiez le fichier existant");
            Outcome::Failure
        }
        Err(err) => {
            eprintln!(
                "erreur : écriture impossible de « {} » : {err}",
                path.display()
            );
            Outcome::Failure
        }
    }
}

/// Writes `ateliers/.gitignore` excluding the lists of participants
/// (personal data, issue 22), unless one exists: an author's own rules win.
fn ignore_participants(folder: &Path) {
    let path = folder.join(".gitignore");
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(templates::PARTICIPANTS_GITIGNORE.as_bytes()));
    match written {
        Ok(()) => eprintln!(
            "fichier créé : {} (les listes de participants, *.participants.*, restent hors du dépôt)",
            path.display()
        ),
        Err(err) if err.kind() == ErrorKind::AlreadyExists => {}
        Err(err) => eprintln!(
            "avertissement : écriture impossible de « {} » : {err}\n  aide : ajoutez vous-même la ligne « *.participants.* » au .gitignore du dossier",
            path.display()
        ),
    }
}

fn existing_domains(folder: &Path) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".toml")
                .map(str::to_string)
        })
        .filter(|id| is_valid_id(id))
        .collect();
    ids.sort();
    ids
}

/// Today's date (UTC) for a new workshop; the CLI may read the clock, the library never does.
fn today() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch((secs / 86_400) as i64)
}
