//! `ancrage import communes`: create commune profiles from a spreadsheet.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, IsTerminal, Write};
use std::path::{Path, PathBuf};

use ancrage::diag;
use ancrage::import::{self, ImportedFile};
use ancrage::load::{self, MAX_FILE_BYTES};

use super::{Outcome, out, plural};

/// Options of `import`.
#[derive(Debug, clap::Args)]
#[command(
    next_help_heading = "Options ",
    after_help = "Le tableau a une ligne d’en-tête, puis une ligne par commune. Colonnes reconnues \
                  (majuscules et accents indifférents) : nom (obligatoire), nature, territoire, \
                  logo, couleur, langue, domaines (séparés par des « ; »), service, adresse, \
                  telephone, courriel, site.\n\
                  Chaque ligne est vérifiée comme par « ancrage check » ; les lignes en erreur \
                  ne sont pas importées. Détails : docs/format.md, section 8."
)]
pub struct Args {
    /// Ce qu’on importe : communes.
    #[arg(value_name = "QUOI", display_order = 0, value_parser = ["communes"], hide_possible_values = true, help_heading = "Arguments ")]
    what: String,
    /// Tableau à importer : .csv (séparé par « ; » ou « , »), .xlsx ou .ods.
    #[arg(value_name = "FICHIER", display_order = 1, help_heading = "Arguments ")]
    file: PathBuf,
    /// Remplacer le profil d’une commune qui en a déjà un (même nom).
    #[arg(long)]
    remplacer: bool,
    /// Afficher les fichiers qui seraient écrits, sans rien écrire.
    #[arg(long)]
    simulation: bool,
}

/// Reads the spreadsheet, validates each row and writes the profiles.
pub fn run(root: &Path, args: &Args) -> Outcome {
    let shown = args.file.display().to_string();
    let bytes = match read(&args.file) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("erreur : lecture impossible de « {shown} » : {message}");
            eprintln!("  aide : vérifiez le chemin du fichier, relatif au dossier courant");
            return Outcome::Failure;
        }
    };
    let table = match import::read_table(&bytes) {
        Ok(table) => table,
        Err(err) => {
            eprintln!("erreur : « {shown} » : {err}");
            eprintln!("  aide : {}", err.hint());
            return Outcome::Failure;
        }
    };
    let loaded = match load::load(root) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("erreur : {err}");
            eprintln!("  aide : {}", err.hint());
            return Outcome::Failure;
        }
    };
    let result = import::import_communes(&loaded, &shown, &table, args.remplacer);
    if !result.diagnostics.is_empty() {
        let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        eprint!(
            "{}",
            diag::render(&result.diagnostics, &result.sources, styled)
        );
    }
    let mut outcome = if result.diagnostics.has_errors() {
        Outcome::Errors
    } else {
        Outcome::Ok
    };
    for file in &result.files {
        if args.simulation {
            out(&format!(
                "――― {} (ligne {}) ―――\n{}\n",
                file.path.display(),
                file.line,
                file.text
            ));
        } else if let Err(message) = write(file) {
            eprintln!("erreur : {message}");
            outcome = Outcome::Failure;
        } else {
            let verb = if file.replaces { "remplacé" } else { "créé" };
            eprintln!(
                "fichier {verb} : {} (ligne {})",
                file.path.display(),
                file.line
            );
        }
    }
    let count = result.files.len();
    let mut summary = if args.simulation {
        format!(
            "simulation, aucun fichier écrit : {} {}",
            count_of(count, "commune", "communes"),
            match count {
                0 => "ne serait importée",
                1 => "serait importée",
                _ => "seraient importées",
            }
        )
    } else {
        count_of(count, "commune importée", "communes importées")
    };
    summary += &format!(
        ", {}",
        count_of(result.refused, "ligne refusée", "lignes refusées")
    );
    if result.kept > 0 {
        summary += &format!(
            ", {}",
            plural(
                result.kept,
                "profil existant conservé",
                "profils existants conservés"
            )
        );
    }
    eprintln!("{summary}, {}", table.format);
    if count > 0 && !args.simulation && outcome != Outcome::Failure {
        eprintln!("  complétez les profils au besoin, puis vérifiez-les avec « ancrage check »");
    }
    outcome
}

/// « aucune commune », « 1 commune », « 3 communes ».
fn count_of(count: usize, singular: &str, plural_form: &str) -> String {
    if count == 0 {
        format!("aucune {singular}")
    } else {
        plural(count, singular, plural_form)
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    let size = fs::metadata(path).map_err(|e| io_message(&e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "fichier trop gros (plus de {} Mio)",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    fs::read(path).map_err(|e| io_message(&e))
}

fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        ErrorKind::NotFound => "fichier introuvable".to_string(),
        ErrorKind::PermissionDenied => "droits insuffisants".to_string(),
        ErrorKind::IsADirectory => "c’est un dossier".to_string(),
        _ => err.to_string(),
    }
}

/// Writes a profile: a new file, or over the old one with `--remplacer`.
fn write(file: &ImportedFile) -> Result<(), String> {
    let folder = file.path.parent().expect("communes/<id>.toml has a parent");
    let mut options = OpenOptions::new();
    options.write(true);
    if file.replaces {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    fs::create_dir_all(folder)
        .and_then(|()| options.open(&file.path)?.write_all(file.text.as_bytes()))
        .map_err(|err| match err.kind() {
            ErrorKind::AlreadyExists => format!(
                "« {} » existe déjà : il n’a pas été modifié (ligne {})",
                file.path.display(),
                file.line
            ),
            _ => format!(
                "écriture impossible de « {} » : {}",
                file.path.display(),
                io_message(&err)
            ),
        })
}
