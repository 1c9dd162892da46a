//! `ancrage ouvrir <édition> [fiche]`: opens a PDF already made with the
//! desktop's viewer, or prints its absolute path when there is none
//! (issue 18, point 14).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{Outcome, out};

/// Options of `ouvrir`.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Options ")]
pub struct Args {
    /// L’édition : identifiant d’une commune, « generique » ou « ateliers ».
    #[arg(value_name = "EDITION", display_order = 0, help_heading = "Arguments ")]
    edition: String,
    /// La fiche (identifiant du domaine), « recueil » (par défaut) ou, pour « ateliers », l’atelier.
    #[arg(value_name = "FICHE", display_order = 1, help_heading = "Arguments ")]
    sheet: Option<String>,
    /// Dossier où sont les PDF (par défaut : output).
    #[arg(
        long,
        value_name = "DOSSIER",
        default_value = super::build_command::DEFAULT_OUTPUT,
        hide_default_value = true
    )]
    pub output: PathBuf,
}

/// Opens the PDF, or says where it is.
pub fn run(args: &Args) -> Outcome {
    let edition = match args.edition.as_str() {
        "atelier" => "ateliers",
        "générique" => "generique",
        other => other,
    };
    let name = args.sheet.as_deref().unwrap_or("recueil");
    let name = name.strip_suffix(".pdf").unwrap_or(name);
    let path = args.output.join(edition).join(format!("{name}.pdf"));
    if !path.is_file() {
        eprintln!("erreur : « {} » n’existe pas", path.display());
        eprintln!("  aide : {}", missing_hint(&args.output, edition, name));
        return Outcome::Failure;
    }
    let absolute = std::path::absolute(&path).unwrap_or(path);
    if open_with_viewer(&absolute) {
        eprintln!("ouvert : {}", absolute.display());
    } else {
        eprintln!("aucune visionneuse de PDF trouvée : ouvrez ce fichier vous-même");
        out(&format!("{}\n", absolute.display()));
    }
    Outcome::Ok
}

/// What to do when the PDF is not there: the closest PDF of the folder, or
/// the build that makes it.
fn missing_hint(output: &Path, edition: &str, name: &str) -> String {
    let folder = output.join(edition);
    let stems: Vec<String> = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let file = e.file_name().to_string_lossy().into_owned();
                    file.strip_suffix(".pdf").map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(close) = ancrage::resolve::values::closest(name, &stems) {
        return format!("vouliez-vous dire « ancrage ouvrir {edition} {close} » ?");
    }
    let build = match (edition, name) {
        ("ateliers", workshop) => format!("--atelier {workshop}"),
        (edition, "recueil") => format!("--commune {edition}"),
        (edition, sheet) => format!("--commune {edition} --domaine {sheet}"),
    };
    format!("fabriquez-le d’abord : « ancrage fabriquer {build} »")
}

/// Hands the file to the desktop's viewer; false when there is none (or it
/// refused the file).
fn open_with_viewer(path: &Path) -> bool {
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut start = Command::new("cmd");
        start.args(["/C", "start", ""]);
        start
    } else {
        Command::new("xdg-open")
    };
    command
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
