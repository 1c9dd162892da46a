//! The command line: French help and errors, one module per subcommand, and the
//! only place that talks to the terminal and writes files.

mod build_command;
mod check;
mod import;
mod interrupt;
mod list;
mod manifest;
mod new;
mod open;
mod output_folder;
mod report;
mod schema;
mod simulate;
mod watch;
mod written;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use ancrage::diag::{self, Diagnostics};
use ancrage::load::{self, Loaded};
use ancrage::resolve::{self, Materials};

/// The materials folder when `--materials` is not given.
const DEFAULT_MATERIALS: &str = "materials";

/// How a run ends: 0 all good (warnings allowed), 1 errors in the materials,
/// 2 a usage or input/output problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1.
    Errors,
    /// Exit 2.
    Failure,
    /// Stopped by Ctrl+C: exit 130.
    Interrupted,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        match outcome {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::Errors => ExitCode::from(1),
            Outcome::Failure => ExitCode::from(2),
            Outcome::Interrupted => ExitCode::from(interrupt::EXIT_STATUS),
        }
    }
}

/// Where the global options (`--materials`, `--help`, `--version`) sit in
/// every help page: after the command's own. Clap numbers each command's
/// arguments from 0 and sorts by (number, name), so without this the global
/// ones, numbered in the parent, were shuffled in among the first options.
const GLOBAL_ORDER: usize = 1000;

const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
Utilisation : {usage}

{all-args}{after-help}";

/// Fiches pédagogiques PDF sur l’action internationale des collectivités.
#[derive(Debug, Parser)]
#[command(
    name = "ancrage",
    version,
    about = "ancrage — fiches pédagogiques sur l’action internationale des collectivités, \
             à partir de fichiers TOML",
    after_help = "Pour commencer : « ancrage check » vérifie les fichiers du dossier materials/.\n\
                  Profils de communes depuis un tableur : « ancrage import communes tableau.csv --simulation ».\n\
                  Documentation du format : docs/format.md",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Commandes ",
    subcommand_value_name = "COMMANDE",
    override_usage = "ancrage [--materials DOSSIER] <COMMANDE> …",
    next_help_heading = "Options "
)]
struct Cli {
    /// Dossier des matériaux : collection.toml, domaines/, communes/, ateliers/ (par défaut : materials).
    #[arg(
        long,
        value_name = "DOSSIER",
        default_value = DEFAULT_MATERIALS,
        hide_default_value = true,
        global = true,
        display_order = GLOBAL_ORDER
    )]
    materials: PathBuf,

    /// Afficher l’aide.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, display_order = GLOBAL_ORDER + 1)]
    help: Option<bool>,

    /// Afficher la version.
    #[arg(short = 'V', long = "version", action = ArgAction::Version, display_order = GLOBAL_ORDER + 2)]
    version: Option<bool>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fabriquer les PDF : chaque fiche, les recueils, les livrets d’atelier, pour chaque commune (dans output/) (ou « fabriquer »).
    #[command(alias = "fabriquer")]
    #[command(
        override_usage = "ancrage build [--commune ID]… [--domaine ID]… [--atelier ID]… [--output DOSSIER] [--jobs N]\n       [--niveaux-de-gris] [--fond-perdu MM] [--traits-de-coupe] [--simulation] [--detail]"
    )]
    Build(build_command::Args),
    /// Fabriquer, puis refaire ce qui dépend de chaque fichier enregistré, jusqu’à Ctrl+C (= build --watch).
    #[command(
        override_usage = "ancrage surveiller [--commune ID]… [--domaine ID]… [--atelier ID]… [--output DOSSIER] [options de build]"
    )]
    Surveiller(build_command::Args),
    /// Ouvrir un PDF déjà fabriqué dans la visionneuse du poste : « ancrage ouvrir ma-ville jeunesse » (ou « open »).
    #[command(alias = "open")]
    #[command(override_usage = "ancrage ouvrir <EDITION> [FICHE] [--output DOSSIER]")]
    Ouvrir(open::Args),
    /// Vérifier tous les fichiers et signaler chaque problème, avec sa ligne et sa colonne (ou « verifier »).
    #[command(alias = "verifier", alias = "vérifier")]
    #[command(override_usage = "ancrage check [--format texte|json] [--materials DOSSIER]")]
    Check(check::Args),
    /// Lister les fiches, les communes et les ateliers (ou « lister »).
    #[command(alias = "lister")]
    #[command(override_usage = "ancrage list [--materials DOSSIER]")]
    List,
    /// Créer un fichier commenté, prêt à compléter : domaine, commune ou atelier (ou « nouveau »).
    #[command(alias = "nouveau")]
    #[command(
        override_usage = "ancrage new <domaine|commune|atelier> <IDENTIFIANT> [--titre TITRE]"
    )]
    New(new::Args),
    /// Écrire le schéma JSON des fichiers, pour la complétion dans l’éditeur (Taplo).
    #[command(
        override_usage = "ancrage schema [collection|domaine|commune|atelier] [--dossier DOSSIER]"
    )]
    Schema(schema::Args),
    /// Importer des communes depuis un tableur (.csv, .xlsx ou .ods) : un profil par ligne (ou « importer »).
    #[command(alias = "importer")]
    #[command(
        override_usage = "ancrage import communes <FICHIER> [--simulation] [--remplacer] [--materials DOSSIER]"
    )]
    Import(import::Args),
}

/// Output format for diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages lisibles, avec extraits du fichier.
    Texte,
    /// Tableau JSON, pour les éditeurs et les scripts.
    Json,
}

/// The command line as clap sees it, with the French help layout on every
/// subcommand.
fn command() -> clap::Command {
    Cli::command()
        .help_template(HELP_TEMPLATE)
        .mut_subcommands(|s| s.help_template(HELP_TEMPLATE).next_help_heading("Options "))
}

/// Parses the command line and runs the chosen command.
pub fn run() -> ExitCode {
    let matches = match command().try_get_matches() {
        Ok(m) => m,
        Err(err) => return usage_error(&err).into(),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err).into(),
    };
    let mut cli = cli;
    let found_here = cli.materials == Path::new(DEFAULT_MATERIALS)
        && !cli.materials.exists()
        && Path::new("collection.toml").is_file();
    if found_here {
        // Run from inside the materials folder: it is the current one, and
        // the PDF go beside it, as from the project folder.
        cli.materials = PathBuf::from(".");
        if let Command::Build(args) | Command::Surveiller(args) = &mut cli.command
            && args.output == Path::new(build_command::DEFAULT_OUTPUT)
        {
            args.output = Path::new("..").join(build_command::DEFAULT_OUTPUT);
        }
        if let Command::Ouvrir(args) = &mut cli.command
            && args.output == Path::new(build_command::DEFAULT_OUTPUT)
        {
            args.output = Path::new("..").join(build_command::DEFAULT_OUTPUT);
        }
        eprintln!(
            "collection.toml trouvé dans le dossier courant : il sert de dossier des matériaux"
        );
    }
    let outcome = match cli.command {
        Command::Build(args) if args.watch => watch::run(&cli.materials, &args),
        Command::Build(args) => build_command::run(&cli.materials, &args),
        Command::Surveiller(args) => watch::run(&cli.materials, &args),
        Command::Ouvrir(args) => open::run(&args),
        Command::Check(args) => check::run(&cli.materials, &args),
        Command::List => list::run(&cli.materials),
        Command::New(args) => new::run(&cli.materials, &args),
        Command::Schema(args) => schema::run(&args),
        Command::Import(args) => import::run(&cli.materials, &args),
    };
    outcome.into()
}

/// Prints help or version as clap would, and any other parse error in French.
fn usage_error(err: &clap::Error) -> Outcome {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            out(&err.render().to_string());
            return Outcome::Ok;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            eprint!("{}", err.render());
            return Outcome::Failure;
        }
        _ => {}
    }
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let message = match err.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue « {} »",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => format!("option inconnue « {arg} »"),
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {arg}"),
        ErrorKind::InvalidValue if value.is_empty() => format!("valeur manquante pour « {arg} »"),
        ErrorKind::InvalidValue => format!("valeur « {value} » invalide pour « {arg} »"),
        ErrorKind::ValueValidation => format!("valeur « {value} » invalide pour « {arg} »"),
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!("argument en trop ou incompatible : « {arg}{value} »")
        }
        _ => "ligne de commande invalide".to_string(),
    };
    eprintln!("erreur : {message}");
    let valid = context(ContextKind::ValidValue);
    if !valid.is_empty() {
        eprintln!("  aide : valeurs possibles : {valid}");
    }
    // clap may offer several names: keep the closest to what was typed.
    let typed = [context(ContextKind::InvalidSubcommand), arg.clone()].concat();
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .find_map(|kind| match err.get(kind) {
            Some(ContextValue::String(s)) => Some(s.clone()),
            Some(ContextValue::Strings(v)) => v
                .iter()
                .min_by_key(|s| strsim::osa_distance(s, &typed))
                .cloned(),
            _ => None,
        });
    if let Some(s) = suggested {
        eprintln!("  aide : vouliez-vous dire « {s} » ?");
    }
    eprintln!("  aide : « ancrage --help » liste les commandes et leurs options");
    Outcome::Failure
}

/// Writes to standard output; a closed pipe (`ancrage list | head`) is not an error.
pub fn out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Loads and resolves the materials, or reports why the folder cannot be read.
pub fn load_and_resolve(root: &Path) -> Result<(Materials, Diagnostics), Outcome> {
    let loaded: Loaded = load::load(root).map_err(unreadable)?;
    Ok(resolve::resolve(&loaded))
}

/// Like [`load_and_resolve`], but the commune profiles are read one at a time
/// and let go once checked (same diagnostics, memory flat in the number of
/// communes): `build` reads them again edition by edition.
pub fn load_and_resolve_lean(root: &Path) -> Result<(Materials, Diagnostics), Outcome> {
    let loaded: Loaded = load::load_lazily(root).map_err(unreadable)?;
    Ok(resolve::resolve_lean(&loaded))
}

/// Reports why the materials folder cannot be read.
fn unreadable(err: load::LoadError) -> Outcome {
    eprintln!("erreur : {err}");
    eprintln!("  aide : {}", err.hint());
    Outcome::Failure
}

/// Prints diagnostics on stderr, in colour on a terminal unless NO_COLOR is set.
pub fn print_diagnostics(diagnostics: &Diagnostics, materials: &Materials) {
    if diagnostics.is_empty() {
        return;
    }
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", diag::render(diagnostics, &materials.sources, styled));
}

/// A count as French typography writes it: five digits or more grouped by
/// three (« 13 676 »), as the sheets do.
pub fn number(count: usize) -> String {
    if count >= 10_000 {
        ancrage::resolve::values::group_digits(count as u64)
    } else {
        count.to_string()
    }
}

/// « 1 erreur », « 3 erreurs »: a count with its noun, in French.
pub fn plural(count: usize, singular: &str, plural: &str) -> String {
    let number = number(count);
    if count <= 1 {
        format!("{number} {singular}")
    } else {
        format!("{number} {plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::{command, number, plural};

    /// The help of `name`, as `ancrage name --help` prints it, from its
    /// first heading on (the usage line names the arguments too).
    fn help(name: &str) -> String {
        let mut root = command();
        root.build();
        let sub = root
            .find_subcommand_mut(name)
            .expect("the subcommand exists");
        let text = sub.render_help().to_string();
        let start = text.find(" :\n").expect("the help has headings");
        text[start..].to_string()
    }

    /// Where each needle first appears in `text`, in the order given.
    fn positions(text: &str, needles: &[&str]) -> Vec<usize> {
        needles
            .iter()
            .map(|n| text.find(n).unwrap_or_else(|| panic!("{n} is in:\n{text}")))
            .collect()
    }

    #[test]
    fn help_lists_arguments_in_the_order_of_the_usage_line() {
        // Under a custom heading clap sorted positionals by name, so
        // `new --help` explained <IDENTIFIANT> before <TYPE>.
        let new = positions(&help("new"), &["<TYPE>", "<IDENTIFIANT>", "--titre"]);
        assert!(new.is_sorted(), "{}", help("new"));
        let import = positions(&help("import"), &["<QUOI>", "<FICHIER>", "--remplacer"]);
        assert!(import.is_sorted(), "{}", help("import"));
    }

    #[test]
    fn global_options_come_after_the_commands_own() {
        // They used to be shuffled in: --commune, --materials, --domaine, -h…
        let text = help("build");
        let order = positions(
            &text,
            &[
                "--commune",
                "--domaine",
                "--atelier",
                "--watch",
                "--materials",
                "--help",
            ],
        );
        assert!(order.is_sorted(), "{text}");
    }

    #[test]
    fn counts_of_five_digits_or_more_are_grouped() {
        assert_eq!(plural(1, "fiche", "fiches"), "1 fiche");
        assert_eq!(plural(9999, "fiche", "fiches"), "9999 fiches");
        assert_eq!(plural(13676, "fiche", "fiches"), "13\u{202F}676 fiches");
        // The sizes and counts of the report too (« 26 345 454 Kio »).
        assert_eq!(number(26_345_454), "26\u{202F}345\u{202F}454");
        assert_eq!(number(372), "372");
    }
}
