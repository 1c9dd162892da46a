//! `ancrage check`: validate the materials and report every problem.

use std::path::Path;

use super::{Format, Outcome, load_and_resolve_lean, plural, print_diagnostics};

/// Options of `check`.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Options ")]
pub struct Args {
    /// Format des messages : texte (par défaut) ou json.
    #[arg(
        long,
        value_enum,
        default_value = "texte",
        value_name = "FORMAT",
        hide_default_value = true,
        hide_possible_values = true
    )]
    format: Format,
}

/// Loads, resolves and reports.
pub fn run(root: &Path, args: &Args) -> Outcome {
    let (materials, diagnostics) = match load_and_resolve_lean(root) {
        Ok(result) => result,
        Err(outcome) => return outcome,
    };
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    if args.format == Format::Json {
        super::out(&(ancrage::diag::to_json(&diagnostics, &materials.sources) + "\n"));
    } else {
        print_diagnostics(&diagnostics, &materials);
        let warnings_text = plural(warnings, "avertissement", "avertissements");
        if errors > 0 {
            eprintln!(
                "{} et {warnings_text} : corrigez les erreurs puis relancez « ancrage check »",
                plural(errors, "erreur", "erreurs")
            );
        } else {
            eprintln!(
                "matériaux valides : {}, {}, {} ({warnings_text})",
                plural(materials.domains.len(), "fiche", "fiches"),
                plural(materials.commune_count(), "commune", "communes"),
                plural(materials.workshops.len(), "atelier", "ateliers"),
            );
        }
    }
    if errors > 0 {
        Outcome::Errors
    } else {
        Outcome::Ok
    }
}
