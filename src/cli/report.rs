//! What a build tells as it goes and at the end: a progress bar on a
//! terminal, then what it wrote (grouped by folder beyond
//! [`FILES_LISTED`]), the warnings, each naming its edition, the failures,
//! one line on the composition (the typographic quality table with
//! `--detail`) and the totals.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ancrage::diag::Diagnostics;
use ancrage::layout::document::Quality;

use super::written::Written;
use super::{Outcome, number, plural};
use ancrage::build::Made;

/// What the report needs of the outputs made so far, gathered batch by
/// batch: the outputs themselves are not kept (a build for thousands of
/// communes makes hundreds of thousands of files).
#[derive(Default)]
pub(super) struct Tally {
    written: usize,
    fresh: usize,
    pages: usize,
    bytes: usize,
    /// Quality summed over the written sheets.
    total: Quality,
    /// Written sheets.
    sheet_count: usize,
    /// Written sheets with an overfull line or a space that makes a hole
    /// (over twice its width): worth a look.
    to_look: usize,
    /// The first few of them, named in the composition line.
    to_look_names: Vec<String>,
    /// Written sheets for the quality table: all of them up to
    /// [`QUALITY_LINES`], else (at most twice that many between two
    /// prunings) the worst composed.
    sheets: Vec<SheetLine>,
    /// Each output not made: its path, why, and whether the output folder
    /// refused it.
    failures: Vec<(PathBuf, String, bool)>,
    /// Warnings about the texts.
    pub(super) diagnostics: Diagnostics,
    /// Temporaries of killed builds removed from the folders written to.
    pub(super) swept: usize,
    /// Warnings of the outputs that were up to date, as recorded when they
    /// were made.
    pub(super) unchanged: Vec<String>,
}

/// Files listed one by one at the end of a build: beyond, they are counted
/// by folder (a whole collection is 62 files, one screen and more).
pub(super) const FILES_LISTED: usize = 20;

/// Sheets to look at named in the composition line: three say where to
/// start; the table of `--detail` has them all.
const SHEETS_NAMED: usize = 3;

/// Sheets listed one by one in the quality table: beyond, only the worst
/// composed are (a build for every commune writes hundreds of thousands).
const QUALITY_LINES: usize = 200;

/// A written sheet in the quality table.
struct SheetLine {
    /// Its rank among the written sheets (the table keeps that order).
    order: usize,
    path: Box<str>,
    pages: u32,
    /// Overfull, loose, short and hyphenated lines, ragged paragraphs.
    counts: [u32; 5],
}

impl SheetLine {
    /// Worse first: more overfull lines, then loose lines, ragged
    /// paragraphs, short lines, hyphens; then the first written.
    fn rank(&self) -> (std::cmp::Reverse<[u32; 5]>, usize) {
        let [overfull, loose, short, hyphenated, ragged] = self.counts;
        (
            std::cmp::Reverse([overfull, loose, ragged, short, hyphenated]),
            self.order,
        )
    }
}

impl Tally {
    /// The sheets of the quality table, in the order they were written: all
    /// of them, or the [`QUALITY_LINES`] worst composed.
    fn quality_lines(&mut self) -> &[SheetLine] {
        self.prune();
        self.sheets.sort_by_key(|s| s.order);
        &self.sheets
    }

    /// Keeps the [`QUALITY_LINES`] worst composed sheets.
    fn prune(&mut self) {
        if self.sheets.len() > QUALITY_LINES {
            self.sheets.sort_by_key(SheetLine::rank);
            self.sheets.truncate(QUALITY_LINES);
        }
    }

    /// Files written so far.
    pub(super) fn written_count(&self) -> usize {
        self.written
    }

    pub(super) fn add(&mut self, d: Made) {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        match d.result {
            // Its imposed booklet is a file up to date too, as it is a file
            // written (`build --simuler` counts them so).
            Ok(_) if d.fresh => self.fresh += 1 + usize::from(d.target.imposed_path().is_some()),
            Ok((p, b, q)) => {
                // The imposed booklet (`-impression.pdf`) is a file written too.
                self.written += 1 + usize::from(d.lengths.1.is_some());
                self.pages += p;
                self.bytes += b;
                if d.target.is_sheet() {
                    self.total.add(q);
                    let counts = [
                        q.overfull,
                        q.loose,
                        q.short_lines,
                        q.hyphenated,
                        q.ragged_paragraphs,
                    ];
                    let path = d.target.path().display().to_string();
                    if q.overfull > 0 || q.gappy > 0 {
                        self.to_look += 1;
                        if self.to_look_names.len() < SHEETS_NAMED {
                            self.to_look_names.push(path.clone());
                        }
                    }
                    self.sheets.push(SheetLine {
                        order: self.sheet_count,
                        path: path.into(),
                        pages: narrow(p),
                        counts: counts.map(narrow),
                    });
                    self.sheet_count += 1;
                    if self.sheets.len() >= 2 * QUALITY_LINES {
                        self.prune();
                    }
                }
            }
            Err(failure) => {
                self.failures
                    .push((d.target.path(), failure.message, failure.io));
            }
        }
        self.diagnostics.extend(d.diagnostics);
    }
}

/// Prints the account of the build; the exit it calls for.
pub(super) fn report(
    tally: &mut Tally,
    detail: bool,
    output: &Path,
    warnings: usize,
    seconds: f64,
) -> Outcome {
    let (written, fresh, pages, bytes) = (tally.written, tally.fresh, tally.pages, tally.bytes);
    use std::fmt::Write as _;
    // The report is written to stderr at once: unbuffered, the padding of
    // the quality table went out one space per system call.
    let mut text = String::new();
    let failures = tally.failures.len();
    let refused = tally.failures.iter().filter(|f| f.2).count();
    for (path, message, _) in &tally.failures {
        let _ = writeln!(
            text,
            "erreur : {} n’a pas pu être fabriqué : {message}",
            path.display()
        );
    }
    let sheet_count = tally.sheet_count;
    if sheet_count > 0 && !detail {
        let _ = writeln!(text, "{}", composition_line(tally));
    }
    if sheet_count > 0 && detail {
        quality_table(&mut text, tally);
    }
    let mut summary = format!(
        "{} dans {} : {}, {} Kio",
        plural(written, "fichier écrit", "fichiers écrits"),
        output.display(),
        plural(pages, "page", "pages"),
        number(bytes / 1024),
    );
    if fresh > 0 {
        summary.push_str(&format!(
            ", {} (matériaux inchangés ; --force pour tout refaire)",
            plural(fresh, "fichier déjà à jour", "fichiers déjà à jour")
        ));
    }
    let _ = writeln!(
        text,
        "{summary}, {}, {:.1} s",
        plural(warnings, "avertissement", "avertissements"),
        seconds
    );
    if tally.swept > 0 {
        let _ = writeln!(
            text,
            "  note : {} d’une fabrication interrompue {}",
            plural(tally.swept, "fichier temporaire", "fichiers temporaires"),
            if tally.swept == 1 {
                "supprimé"
            } else {
                "supprimés"
            }
        );
    }
    let outcome = if refused > 0 {
        let _ = writeln!(
            text,
            "  aide : le dossier de sortie refuse les fichiers ; libérez de la place, ou choisissez un dossier où vous pouvez écrire avec --output"
        );
        Outcome::Failure
    } else if failures > 0 {
        Outcome::Errors
    } else {
        Outcome::Ok
    };
    eprint!("{text}");
    outcome
}

/// The detail's table of typographic quality, a line per sheet (the
/// [`QUALITY_LINES`] worst of many), then the totals.
fn quality_table(text: &mut String, tally: &mut Tally) {
    use std::fmt::Write as _;
    let (sheet_count, total) = (tally.sheet_count, tally.total);
    let legend = "nombre de lignes ; paragraphes en drapeau : alignés à gauche faute de pouvoir les justifier sans espaces trop larges";
    if sheet_count <= QUALITY_LINES {
        let _ = writeln!(text, "Qualité typographique par fiche ({legend}) :");
    } else {
        let _ = writeln!(
            text,
            "Qualité typographique des {QUALITY_LINES} fiches les moins bien composées sur les {} écrites ({legend}) :",
            number(sheet_count)
        );
    }
    for line in tally.quality_lines() {
        let (path, p) = (&line.path, line.pages);
        let [overfull, loose, short, hyphenated, ragged] = line.counts;
        let _ = writeln!(
            text,
            "  {path:<50} {p:>2} p.  débordantes {overfull:>2}  lâches {loose:>2}  courtes {short:>2}  césures {hyphenated:>2}  paragraphes en drapeau {ragged:>2}"
        );
    }
    if sheet_count > QUALITY_LINES {
        let _ = writeln!(
            text,
            "  … et {} (détail d’une édition : « ancrage build --commune ID --force »)",
            plural(
                sheet_count - QUALITY_LINES,
                "autre fiche aussi bien ou mieux composée",
                "autres fiches aussi bien ou mieux composées"
            )
        );
    }
    let _ = writeln!(
        text,
        "  {:<50}       débordantes {:>2}  lâches {:>2}  courtes {:>2}  césures {:>2}  paragraphes en drapeau {:>2}",
        if sheet_count > QUALITY_LINES {
            "total, toutes fiches comprises"
        } else {
            "total"
        },
        total.overfull,
        total.loose,
        total.short_lines,
        total.hyphenated,
        total.ragged_paragraphs
    );
}

/// The composition in one line: « rien à signaler », or how many sheets to
/// look at, the first named.
fn composition_line(tally: &Tally) -> String {
    if tally.to_look == 0 {
        return "composition : rien à signaler".to_string();
    }
    let mut names = tally.to_look_names.join(", ");
    if tally.to_look > tally.to_look_names.len() {
        names.push_str(", …");
    }
    format!(
        "composition : {} ({names}) : des lignes débordent ou ont des espaces qui font des trous ; le détail avec --detail",
        plural(tally.to_look, "fiche à regarder", "fiches à regarder")
    )
}

/// What became of one file.
#[derive(Clone, Copy)]
pub(super) enum Status {
    Written,
    Fresh,
    Failed,
}

/// A progress bar on a terminal, plain lines when piped.
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    lines: Mutex<()>,
    /// Plain lines leave out files already up to date (a watch round).
    hide_fresh: bool,
    /// `--detail`: each file is listed as it is done, when piped.
    detail: bool,
    /// The files written, for the list at the end.
    written: Mutex<Written>,
}

impl Progress {
    pub(super) fn new(count: usize, hide_fresh: bool, detail: bool) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(count as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40.cyan/blue} {pos}/{len} fichiers {msg}",
                )
                .expect("a valid template"),
            );
            bar
        });
        Progress {
            bar,
            lines: Mutex::new(()),
            hide_fresh,
            detail,
            written: Mutex::new(Written::default()),
        }
    }

    /// More files to come.
    pub(super) fn grow(&self, count: usize) {
        if let Some(bar) = &self.bar {
            bar.inc_length(count as u64);
        }
    }

    pub(super) fn step(&self, path: &Path, status: Status) {
        if let Status::Written = status {
            self.record(path);
        }
        match &self.bar {
            Some(bar) => {
                bar.set_message(path.display().to_string());
                bar.inc(1);
            }
            None if !self.detail => {}
            None if self.hide_fresh && matches!(status, Status::Fresh) => {}
            None => {
                let line = format!(
                    "{} {}\n",
                    match status {
                        Status::Written => "écrit :",
                        Status::Fresh => "à jour :",
                        Status::Failed => "échec :",
                    },
                    path.display()
                );
                // One write per line (stderr is unbuffered: `eprintln!`
                // writes each piece on its own).
                let _guard = self.lines.lock();
                eprint!("{line}");
            }
        }
    }

    /// Lists a second file written for the same output (the imposed
    /// booklet), when the files are listed line by line.
    pub(super) fn also_written(&self, path: &Path) {
        self.record(path);
        if self.bar.is_none() && self.detail {
            let line = format!("écrit : {}\n", path.display());
            let _guard = self.lines.lock();
            eprint!("{line}");
        }
    }

    fn record(&self, path: &Path) {
        if let Ok(mut written) = self.written.lock() {
            written.push(path);
        }
    }

    /// Ends the bar, then lists what was written (unless each file was
    /// listed as it was done).
    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.detail && self.bar.is_none() {
            return;
        }
        let written = (self.written.lock())
            .map(|mut w| std::mem::take(&mut *w).sorted())
            .unwrap_or_default();
        let text = listing(&written, self.detail);
        let _guard = self.lines.lock();
        eprint!("{text}");
    }
}

/// The files written, one a line up to [`FILES_LISTED`] (or with
/// `detail`), else counted by folder.
fn listing(written: &[PathBuf], detail: bool) -> String {
    if detail || written.len() <= FILES_LISTED {
        return written
            .iter()
            .map(|p| format!("écrit : {}\n", p.display()))
            .collect();
    }
    let mut folders: Vec<(PathBuf, usize)> = Vec::new();
    for path in written {
        let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
        match folders.last_mut() {
            Some((last, count)) if *last == folder => *count += 1,
            _ => folders.push((folder, 1)),
        }
    }
    folders
        .iter()
        .map(|(folder, count)| {
            format!(
                "{}/ : {}\n",
                folder.display(),
                plural(*count, "fichier écrit", "fichiers écrits")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workshop's booklet up to date is two files up to date, the booklet
    /// and its imposed copy, as it is two files written: the count had said
    /// one, so a build stopped by Ctrl+C after a booklet announced one file
    /// fewer up to date than it had written.
    #[test]
    fn a_fresh_booklet_counts_its_imposed_copy_up_to_date() {
        let fresh = |target: ancrage::build::Target| Made {
            target,
            fingerprint: [0; 32],
            fresh: true,
            result: Ok((0, 0, Quality::default())),
            lengths: (0, None),
            diagnostics: Diagnostics::default(),
        };
        let mut tally = Tally::default();
        tally.add(fresh(ancrage::build::Target::Handout {
            workshop: "atelier".into(),
        }));
        tally.add(fresh(ancrage::build::Target::Experience { id: "x".into() }));
        assert_eq!(tally.fresh, 3);
    }

    fn sheet(tally: &mut Tally, overfull: u32, loose: u32) {
        tally.sheets.push(SheetLine {
            order: tally.sheet_count,
            path: format!("f{}", tally.sheet_count).into(),
            pages: 2,
            counts: [overfull, loose, 0, 0, 0],
        });
        tally.sheet_count += 1;
        if tally.sheets.len() >= 2 * QUALITY_LINES {
            tally.prune();
        }
    }

    #[test]
    fn the_quality_table_keeps_every_sheet_up_to_its_limit() {
        let mut tally = Tally::default();
        for i in 0..QUALITY_LINES {
            sheet(&mut tally, (i % 3) as u32, 0);
        }
        let paths: Vec<&str> = tally.quality_lines().iter().map(|s| &*s.path).collect();
        assert_eq!(paths.len(), QUALITY_LINES);
        assert_eq!(paths[..3], ["f0", "f1", "f2"], "in the order written");
    }

    #[test]
    fn beyond_it_the_worst_composed_sheets_in_the_order_written() {
        let mut tally = Tally::default();
        for i in 0..10 * QUALITY_LINES {
            // One sheet in 20 has an overfull line, one in 7 a loose one.
            sheet(&mut tally, u32::from(i % 20 == 5), u32::from(i % 7 == 0));
        }
        let overfull = (0..10 * QUALITY_LINES).filter(|i| i % 20 == 5).count();
        let lines = tally.quality_lines();
        assert_eq!(lines.len(), QUALITY_LINES);
        assert!(lines.windows(2).all(|w| w[0].order < w[1].order));
        assert_eq!(lines.iter().filter(|s| s.counts[0] == 1).count(), overfull);
        // The rest: loose lines, the first written first.
        let loose: Vec<usize> = lines
            .iter()
            .filter(|s| s.counts[0] == 0)
            .map(|s| s.order)
            .collect();
        assert!(loose.iter().all(|o| o % 7 == 0), "{loose:?}");
        assert_eq!(loose[0], 0);
        assert_eq!(tally.sheet_count, 10 * QUALITY_LINES);
    }
}
