//! `ancrage build`: check, then lay out and write every PDF of the selection.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use ancrage::build::{self, Event, Made, Schedule, Selection, Target};
use ancrage::diag::Diagnostics;
use ancrage::export::Options;
use ancrage::model::Edition;
use ancrage::resolve::Materials;

use super::manifest::{self, Manifest};
use super::output_folder::{
    Atomic, check_output_folder, probe_output_folder, sweep_orphans, write_atomically,
    write_atomically_with,
};
use super::report::{Progress, Status, Tally, report};
use super::{Outcome, interrupt, load_and_resolve_lean, plural, print_diagnostics};

/// The output folder when `--output` is not given.
pub const DEFAULT_OUTPUT: &str = "output";

/// Options of `build`.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Options ")]
pub struct Args {
    /// Édition à fabriquer : identifiant d’une commune, ou « generique » (répétable ; par défaut : toutes).
    #[arg(long = "commune", value_name = "ID", value_parser = edition)]
    editions: Vec<Edition>,
    /// Fiche à fabriquer (répétable ; par défaut : toutes, avec les recueils).
    #[arg(long = "domaine", value_name = "ID")]
    domains: Vec<String>,
    /// Livret d’atelier à fabriquer (répétable ; seul, il ne fabrique que les livrets).
    #[arg(long = "atelier", value_name = "ID")]
    workshops: Vec<String>,
    /// Avec --atelier : ne fabriquer que l’attestation de présence de ce participant (numéro de sa ligne dans le tableur, ou partie de son nom).
    #[arg(long = "participant", value_name = "LIGNE|NOM")]
    participant: Option<String>,
    /// Fiche d’expérience à fabriquer (répétable ; seule, elle ne fabrique que les fiches d’expérience) ; « recueil-experiences » fabrique le recueil des expériences.
    #[arg(long = "experience", value_name = "ID")]
    experiences: Vec<String>,
    /// Tout convertir en niveaux de gris (imprimante noir et blanc).
    #[arg(long = "niveaux-de-gris")]
    grayscale: bool,
    /// Fond perdu en millimètres, par exemple 3 (pour un imprimeur).
    #[arg(long = "fond-perdu", value_name = "MM", value_parser = millimetres)]
    bleed: Option<f32>,
    /// Traits de coupe aux coins des pages (demande --fond-perdu 3 ou plus).
    #[arg(long = "traits-de-coupe")]
    crop_marks: bool,
    /// Fabriquer aussi l’édition en gros caractères de chaque fichier (…-gros-caracteres.pdf), pour les lecteurs malvoyants.
    #[arg(long = "gros-caracteres")]
    large_print: bool,
    /// Dossier où écrire les PDF (par défaut : output).
    #[arg(
        long,
        value_name = "DOSSIER",
        default_value = DEFAULT_OUTPUT,
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// Tout refabriquer, même les fichiers dont les matériaux n’ont pas changé.
    #[arg(long)]
    pub force: bool,
    /// Nombre de fabrications en parallèle (par défaut : tous les cœurs).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Rester ouvert et refaire ce qui dépend de chaque fichier enregistré (ou --surveiller ; comme « ancrage surveiller »).
    #[arg(long = "watch", alias = "surveiller")]
    pub watch: bool,
    /// Fabriquer aussi les brouillons (statut = "brouillon"), chaque page barrée d’un bandeau « Document de travail – non validé ».
    #[arg(long = "brouillons")]
    pub drafts: bool,
    /// Le détail : chaque fichier écrit, la qualité typographique de chaque fiche.
    #[arg(long = "detail")]
    pub detail: bool,
    /// Montrer ce qui serait écrit ou refait, et pourquoi, sans rien écrire.
    #[arg(long = "simulation")]
    simulation: bool,
    /// Set by `surveiller` for every round: files already up to date are not listed.
    #[arg(skip)]
    pub watching: bool,
}

/// Whether every error is in a commune profile that the selection of
/// editions (`--commune`, not empty) leaves out: a colleague's unfinished
/// profile does not stop the others' build. An error anywhere else (the
/// collection, a domain, a workshop, no file) stops everything.
fn errors_outside(diagnostics: &Diagnostics, materials: &Materials, editions: &[Edition]) -> bool {
    !editions.is_empty()
        && diagnostics
            .iter()
            .filter(|d| d.severity == ancrage::diag::Severity::Error)
            .all(|d| {
                d.file().is_some_and(|file| {
                    let name = &materials.sources.get(file).name;
                    name.strip_prefix("communes/")
                        .and_then(|n| n.strip_suffix(".toml"))
                        .is_some_and(|id| !editions.iter().any(|e| e.commune() == Some(id)))
                })
            })
}

/// The edition `--commune` names: a commune id, or « generique ».
fn edition(text: &str) -> Result<Edition, String> {
    Ok(Edition::parse(text))
}

/// A length in millimetres, with a decimal comma as French writes it
/// (`3,5`) or a point.
fn millimetres(text: &str) -> Result<f32, String> {
    text.trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("« {text} » n’est pas un nombre de millimètres, par exemple 3 ou 3,5"))
}

/// Runs the build: check the materials, plan the selection, make it with
/// the library's driver into the output folder ([`Files`]), report.
pub fn run(root: &Path, args: &Args) -> Outcome {
    let start = Instant::now();
    // 1. Check: nothing is written when the materials have errors, unless
    //    they are all in commune profiles the selection does not build.
    let (mut materials, checks) = match check(root, args) {
        Ok(checked) => checked,
        Err(outcome) => return outcome,
    };
    let drafts_warning = announce_drafts(&mut materials, args);
    let (schedule, options) = match plan(&materials, args) {
        Ok(plan) => plan,
        Err(outcome) => return outcome,
    };
    if args.simulation {
        print_diagnostics(&checks.warnings, &materials);
        return super::simulate::run(&mut materials, &schedule, &args.output, &options);
    }
    // 2. Lay out and write in parallel (the library's driver), into the
    //    output folder, keeping the manifest.
    let (summary, tally) = make(&mut materials, &schedule, &options, args, &checks);
    if summary.interrupted {
        eprintln!(
            "fabrication interrompue : {} ; la prochaine fabrication reprendra les autres",
            plural(tally.written_count(), "fichier écrit", "fichiers écrits")
        );
        return Outcome::Interrupted;
    }
    // 3. Report: warnings, failures, typographic quality, totals.
    let elapsed = start.elapsed().as_secs_f64();
    report_build(
        &materials,
        checks,
        summary,
        tally,
        args,
        drafts_warning,
        elapsed,
    )
}

/// What the check of the materials leaves for the build's report.
struct Checks {
    /// The warnings `check` gives (an action printed nowhere, an ignored
    /// file): the build's too, reported with those of the outputs.
    warnings: Diagnostics,
    /// The errors of commune profiles the selection does not build.
    set_aside: Diagnostics,
}

/// Loads and checks the materials, and the output folder; an error is
/// printed, and its outcome returned.
fn check(root: &Path, args: &Args) -> Result<(Materials, Checks), Outcome> {
    let (materials, mut diagnostics) = load_and_resolve_lean(root)?;
    let mut set_aside = Diagnostics::default();
    if diagnostics.has_errors() && errors_outside(&diagnostics, &materials, &args.editions) {
        // Reported with the build's warnings; the exit code says 1.
        std::mem::swap(&mut set_aside, &mut diagnostics);
    }
    if diagnostics.has_errors() {
        print_diagnostics(&diagnostics, &materials);
        eprintln!(
            "{} : aucun fichier n’a été écrit ; {} (voir « ancrage check »)",
            plural(diagnostics.error_count(), "erreur", "erreurs"),
            fix_them(diagnostics.error_count())
        );
        return Err(Outcome::Errors);
    }
    if let Err(message) = check_output_folder(root, &args.output) {
        eprintln!("erreur : {message}");
        return Err(Outcome::Failure);
    }
    if !args.simulation
        && let Err(message) = probe_output_folder(&args.output)
    {
        eprintln!("erreur : {message}");
        eprintln!(
            "  aide : choisissez un dossier où vous pouvez écrire avec --output, ou libérez de la place"
        );
        return Err(Outcome::Failure);
    }
    let warnings = diagnostics;
    Ok((
        materials,
        Checks {
            warnings,
            set_aside,
        },
    ))
}

/// « corrigez-la » or « corrigez-les », after a count of errors.
fn fix_them(errors: usize) -> &'static str {
    if errors == 1 {
        "corrigez-la"
    } else {
        "corrigez-les"
    }
}

/// Says which drafts are built (`--brouillons`) or left out, and leaves
/// them out of `materials` unless asked for; the count of warnings printed
/// (the « brouillons fabriqués » one counts in the report's
/// « N avertissements » like every other).
fn announce_drafts(materials: &mut Materials, args: &Args) -> usize {
    let drafts = materials.drafts();
    let shown = !drafts.is_empty() && !args.watching;
    if !args.drafts {
        materials.leave_out_drafts();
    }
    match (shown, args.drafts) {
        (false, _) => 0,
        (true, true) => {
            eprintln!(
                "avertissement : brouillons fabriqués, chaque page barrée « Document de travail – non validé » : {}",
                drafts.join(", ")
            );
            eprintln!(
                "  aide : ne diffusez pas ces fichiers ; écrivez statut = \"valide\" une fois le contenu validé"
            );
            1
        }
        (true, false) => {
            eprintln!(
                "note : brouillons laissés de côté : {} (ajoutez --brouillons pour les fabriquer)",
                drafts.join(", ")
            );
            0
        }
    }
}

/// What the arguments select, in which print variant, and how it is made;
/// an error is printed, and its outcome returned.
fn plan(materials: &Materials, args: &Args) -> Result<(Schedule, build::Options), Outcome> {
    let selection = Selection {
        editions: args.editions.clone(),
        domains: args.domains.clone(),
        workshops: args.workshops.clone(),
        experiences: args.experiences.clone(),
    };
    let export = print_options(materials, args).map_err(|message| {
        eprintln!("erreur : {message}");
        Outcome::Failure
    })?;
    // Variants take their own file names: a grey build never overwrites the
    // colour edition (issue 18, point 7).
    let variant = build::Variant {
        large_print: args.large_print,
        ..build::Variant::of_print(&export)
    };
    let scheduled = build::schedule(materials, &selection).and_then(|s| match &args.participant {
        Some(query) => s.for_participant(materials, query),
        None => Ok(s),
    });
    let schedule = scheduled.map_err(|problems| {
        print_diagnostics(&problems, materials);
        Outcome::Failure
    })?;
    let options = build::Options {
        export,
        date: edition_date(materials),
        force: args.force,
        jobs: args.jobs,
    };
    Ok((schedule.in_variant(variant), options))
}

/// Makes the schedule with the library's driver into [`Files`], then
/// writes the manifest; Ctrl+C stops it between files.
fn make(
    materials: &mut Materials,
    schedule: &Schedule,
    options: &build::Options,
    args: &Args,
    checks: &Checks,
) -> (build::Summary, Tally) {
    let mut files = Files::new(&args.output, args.watching, args.detail);
    let (count, _) = schedule.paths_bound(materials);
    files.manifest.reserve(count);
    // The manifest's own temporary, if a build was killed writing it.
    files.tally.swept += sweep_orphans(&args.output, SystemTime::now());
    let building = interrupt::Building::start();
    let summary = build::run(materials, schedule, options, &mut files, |file| {
        checks.warnings.iter().any(|w| w.file() == Some(file))
    });
    let Files {
        mut manifest,
        progress,
        tally,
        ..
    } = files;
    progress.finish();
    if let Err(message) = write_atomically_with(&args.output.join(manifest::FILE), |out| {
        manifest.write_to(out)
    }) {
        eprintln!("attention : {message} ; la prochaine fabrication refera tout");
    }
    drop(building);
    (summary, tally)
}

/// Prints every warning and failure, sorted, then the report; the outcome
/// counts the editions left out and the errors set aside.
fn report_build(
    materials: &Materials,
    checks: Checks,
    summary: build::Summary,
    mut tally: Tally,
    args: &Args,
    drafts_warning: usize,
    elapsed: f64,
) -> Outcome {
    let mut all = Diagnostics::default();
    let failed_editions = summary.unreadable.error_count();
    all.extend(summary.unreadable);
    let set_aside_errors = checks.set_aside.error_count();
    all.extend(checks.warnings);
    all.extend(checks.set_aside);
    all.extend(std::mem::take(&mut tally.diagnostics));
    all.sort(&materials.sources);
    all.merge_repeats();
    print_diagnostics(&all, materials);
    let unchanged = print_unchanged(&mut tally.unchanged);
    let warnings = all.warning_count() + unchanged + drafts_warning;
    let outcome = report(&mut tally, args.detail, &args.output, warnings, elapsed);
    if set_aside_errors > 0 {
        eprintln!(
            "{} dans des profils que cette fabrication n’utilise pas : {} avant de tout fabriquer",
            plural(set_aside_errors, "erreur", "erreurs"),
            fix_them(set_aside_errors)
        );
    }
    match outcome {
        Outcome::Ok if failed_editions + set_aside_errors > 0 => Outcome::Errors,
        outcome => outcome,
    }
}

/// Each warning of an output, as printed without colours, for the manifest.
fn warning_texts(diagnostics: &Diagnostics, materials: &Materials) -> Vec<String> {
    diagnostics
        .iter()
        .map(|warning| {
            let mut one = Diagnostics::default();
            one.push(warning.clone());
            ancrage::diag::render(&one, &materials.sources, false)
        })
        .collect()
}

/// Prints the warnings of the outputs that were up to date, as recorded
/// when they were made, each once and marked « (inchangé) »; returns their
/// count.
fn print_unchanged(texts: &mut Vec<String>) -> usize {
    texts.sort();
    texts.dedup();
    let marked: String = texts
        .iter()
        .map(|t| t.replacen("avertissement : ", "avertissement (inchangé) : ", 1))
        .collect();
    if !marked.is_empty() {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(marked.as_bytes());
    }
    texts.len()
}

/// The CLI's sink: writes each file atomically into the output folder,
/// keeps the manifest (what is up to date), shows the progress and tallies
/// the report.
struct Files<'a> {
    output: &'a Path,
    manifest: Manifest,
    progress: Progress,
    tally: Tally,
}

impl Files<'_> {
    fn new(output: &Path, watching: bool, detail: bool) -> Files<'_> {
        Files {
            output,
            manifest: Manifest::read(output),
            progress: Progress::new(0, watching, detail),
            tally: Tally::default(),
        }
    }
}

impl build::Freshness for Files<'_> {
    fn is_fresh(&self, target: &Target, fingerprint: &build::Fingerprint) -> bool {
        let imposed = target.imposed_path();
        self.manifest
            .is_fresh(self.output, &target.path(), imposed.as_deref(), fingerprint)
    }
}

impl build::Sink for Files<'_> {
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        write_atomically(&self.output.join(path), bytes)
    }

    fn create(&self, path: &Path) -> Result<Box<dyn build::SinkFile + '_>, String> {
        Ok(Box::new(Atomic::create(&self.output.join(path))?))
    }

    /// An unnamed file in the output folder, gone when closed, even on a
    /// crash (`None` where one cannot be made: memory instead).
    fn scratch(&self) -> Option<Box<dyn ancrage::export::Scratch>> {
        let file = tempfile::tempfile_in(self.output).ok()?;
        Some(Box::new(file))
    }

    fn event(&self, event: Event) {
        let progress = &self.progress;
        match event {
            Event::Planned(count) => progress.grow(count),
            Event::Fresh(target) => progress.step(&self.output.join(target.path()), Status::Fresh),
            Event::Failed(target) => {
                progress.step(&self.output.join(target.path()), Status::Failed)
            }
            Event::Written { target, imposed } => {
                progress.step(&self.output.join(target.path()), Status::Written);
                if let (true, Some(path)) = (imposed, target.imposed_path()) {
                    progress.also_written(&self.output.join(path));
                }
            }
        }
    }

    fn settle(&mut self, made: Vec<Made>, materials: &Materials) {
        // Temporaries a killed build left in the batch's folders (up to
        // date ones too: a build rerun at once finds them too young).
        let mut folders: Vec<PathBuf> = made
            .iter()
            .filter_map(|d| d.target.path().parent().map(|f| self.output.join(f)))
            .collect();
        folders.sort();
        folders.dedup();
        let now = SystemTime::now();
        self.tally.swept += folders.iter().map(|f| sweep_orphans(f, now)).sum::<usize>();
        let manifest = &mut self.manifest;
        for d in made {
            let (main, imposed) = (d.target.path(), d.target.imposed_path());
            match (&d.result, d.lengths) {
                // Recorded already, as it is, with its warnings.
                (Ok(_), _) if d.fresh => {
                    self.tally
                        .unchanged
                        .extend(manifest.warnings(&main).iter().cloned());
                }
                (Ok(_), (length, booklet)) => {
                    manifest.set_warnings(&main, warning_texts(&d.diagnostics, materials));
                    manifest.record(&main, &d.fingerprint, length);
                    if let (Some(imposed), Some(length)) = (imposed, booklet) {
                        manifest.record(&imposed, &d.fingerprint, length);
                    }
                }
                (Err(_), _) => manifest.forget(&main),
            }
            self.tally.add(d);
        }
        manifest.settle();
    }

    fn cancelled(&self) -> bool {
        interrupt::interrupted()
    }
}

/// Print options: the collection's `[impression]`, then the command line.
fn print_options(materials: &Materials, args: &Args) -> Result<Options, String> {
    let settings = materials.collection.printing.clone().unwrap_or_default();
    let bleed_mm = args.bleed.unwrap_or(settings.bleed_mm);
    if !(0.0..=10.0).contains(&bleed_mm) {
        return Err(format!(
            "--fond-perdu {bleed_mm} : le fond perdu doit être compris entre 0 et 10 mm (3 mm est l’usage courant)"
        ));
    }
    let crop_marks = args.crop_marks || settings.crop_marks;
    if crop_marks && bleed_mm < ancrage::resolve::MIN_BLEED_FOR_CROP_MARKS_MM {
        return Err(
            "--traits-de-coupe : les traits de coupe se dessinent dans le fond perdu ; ajoutez --fond-perdu 3"
                .into(),
        );
    }
    Ok(Options {
        grayscale: args.grayscale || settings.grayscale,
        bleed_mm,
        crop_marks,
        ..Options::default()
    })
}

/// The date printed in metadata: the collection's edition, else `SOURCE_DATE_EPOCH`.
fn edition_date(materials: &ancrage::resolve::Materials) -> Option<(u16, u8, u8)> {
    if let Some(d) = materials.collection.edition {
        return Some((d.year, d.month, d.day));
    }
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let d = ancrage::model::Date::from_days_since_epoch(secs.div_euclid(86_400));
    Some((d.year, d.month, d.day))
}
