//! Batch harness (issue 8): synthesises N communes from the shipped profiles,
//! builds every sheet and collection of every edition in parallel, then runs an
//! unchanged second build that skips everything by fingerprint.
//!
//! ```sh
//! cargo run --release --example batch -- [N] [--jobs J] [--write] [--load-only] [--sheets-only]
//! /usr/bin/time -v target/release/examples/batch 1300   # peak RSS from the OS too
//! cargo run --release --example batch -- 1300 --materials /tmp/m  # for `ancrage build`
//! ```
//!
//! The shipped materials are copied to a temporary folder, `communes/` is
//! replaced by N profiles cloned from the shipped ones (new file names, names
//! and colours), and the copy is loaded as `ancrage build` loads it: the
//! profiles are checked one at a time and let go, then read again a batch of
//! editions at a time to be built. PDFs are kept in memory only long enough
//! to count their bytes, unless `--write` asks for them to be written to a
//! temporary output folder. `--load-only` stops after loading, checking and
//! scheduling, and says what the materials weigh on the heap, part by part.
//! `--sheets-only` builds every customised sheet but no collection or
//! handout (issue 8's "sheets per second" on sheet files alone).
//! `--materials DIR` only writes the synthetic materials to `DIR` (which must
//! not exist), for `ancrage build --materials DIR` to be measured on them.

#[cfg(target_env = "msvc")]
use std::alloc::System;
use std::alloc::{GlobalAlloc, Layout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use ancrage::build::fingerprint::fingerprint;
use ancrage::build::{self, Selection, Target};
use ancrage::export::Options;
use ancrage::resolve::Materials;
use ancrage::{load, resolve};

/// Default number of synthetic communes: about the communes of Île-de-France.
const DEFAULT_COMMUNES: usize = 1300;

/// French communes, for the extrapolation printed at the end (INSEE, 2025).
const FRENCH_COMMUNES: f64 = 34_900.0;

/// Place-name parts combined into commune names, so that names (and the glyph
/// sets of the subset fonts) vary like real ones do.
const STEMS: [&str; 12] = [
    "Villeneuve",
    "Saint-Aubin",
    "Beaulieu",
    "Fontaine",
    "Montreuil",
    "Châteauneuf",
    "Sainte-Hélène",
    "Bourg",
    "Neuilly",
    "Roche",
    "Étréchy",
    "Plessis",
];
const SUFFIXES: [&str; 8] = [
    "sur-Loire",
    "lès-Bains",
    "en-Forêt",
    "d’Oise",
    "le-Château",
    "sous-Bois",
    "la-Rivière",
    "du-Lac",
];

/// Counts the bytes the program holds on the heap, and the most it held, so
/// that `--load-only` can say what the materials weigh, stage by stage.
struct Counting;

/// Counting is on for `--load-only` only: two shared atomics per allocation
/// would slow the build's threads down.
static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

/// The allocator counted: the command's (see `Cargo.toml`), so that the
/// harness measures the memory the build would take.
#[cfg(not(target_env = "msvc"))]
static INNER: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
#[cfg(target_env = "msvc")]
static INNER: System = System;

// SAFETY: forwards every call to the command's allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { INNER.alloc(layout) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            let size = layout.size() as isize;
            let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { INNER.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes held now, and the most held so far, in MB.
fn heap() -> String {
    format!(
        "heap {:.1} MB (peak {:.1} MB)",
        LIVE.load(Ordering::Relaxed) as f64 / 1e6,
        PEAK.load(Ordering::Relaxed) as f64 / 1e6
    )
}

/// The harness's command line.
struct Args {
    /// Synthetic communes.
    count: usize,
    /// Threads (0: every core).
    jobs: usize,
    /// `--write`: write the PDFs to a temporary output folder.
    write: bool,
    /// `--load-only`: stop after loading, checking and scheduling.
    load_only: bool,
    /// `--materials DIR`: only write the synthetic materials there.
    keep: Option<PathBuf>,
    /// `--sheets-only`: every sheet, no collection nor handout.
    sheets_only: bool,
}

/// Reads the command line; panics with the usage on a word it does not know.
fn parse_args() -> Args {
    let mut parsed = Args {
        count: DEFAULT_COMMUNES,
        jobs: 0,
        write: false,
        load_only: false,
        keep: None,
        sheets_only: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jobs" => parsed.jobs = args.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--write" => parsed.write = true,
            "--load-only" => parsed.load_only = true,
            "--sheets-only" => parsed.sheets_only = true,
            "--materials" => parsed.keep = args.next().map(PathBuf::from),
            n => {
                parsed.count = n
                    .parse()
                    .expect("usage: batch [N] [--jobs J] [--write] [--load-only] [--sheets-only] [--materials DIR]")
            }
        }
    }
    parsed
}

fn main() {
    let args = parse_args();
    let count = args.count;
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let work = tempfile::tempdir().expect("a temporary folder");
    let root = work.path().join("materials");
    let output = work.path().join("output");

    // 1. Synthetic materials.
    let start = Instant::now();
    copy_dir(&shipped, &root).expect("copy of the materials");
    synthesise(&shipped.join("communes"), &root.join("communes"), count);
    let synthesised = start.elapsed();
    if let Some(keep) = args.keep {
        copy_dir(&root, &keep).expect("copy of the synthetic materials");
        eprintln!("{count} communes synthesised in {}", keep.display());
        return;
    }

    // 2. Loaded, checked and scheduled.
    let start = Instant::now();
    let (mut materials, schedule, marks) = load_and_schedule(&root, &args);
    let loaded_in = start.elapsed();
    eprintln!(
        "{count} communes synthesised in {:.2} s; loaded, checked and scheduled in {:.2} s: \
         {} editions, {} handouts; peak RSS so far {}",
        synthesised.as_secs_f64(),
        loaded_in.as_secs_f64(),
        schedule.editions.len(),
        schedule.workshops.len(),
        peak_rss()
    );
    if args.load_only {
        report_weight(materials, schedule, count, &marks);
        return;
    }

    // 3. Full build, by the library's driver as `ancrage build` runs it,
    //    into a sink that counts the bytes (and writes them with `--write`).
    let options = build_options(&materials, args.jobs);
    let threads = options
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let mut sink = Tallying::new(args.write.then_some(output.as_path()));
    let start = Instant::now();
    let cpu_start = cpu_seconds();
    let summary = build::run(&mut materials, &schedule, &options, &mut sink, |_| false);
    assert!(
        summary.unreadable.is_empty(),
        "profiles changed during the build"
    );
    let full = start.elapsed().as_secs_f64();
    let full_cpu = cpu_seconds() - cpu_start;

    // 4. Unchanged second build: every fingerprint matches the first run's.
    let start = Instant::now();
    let settings = options.identity();
    let rebuilt = rebuild_unchanged(
        &mut materials,
        &schedule,
        &sink.fingerprints,
        &settings,
        threads,
    );
    let second = start.elapsed().as_secs_f64();
    assert_eq!(rebuilt, 0, "an unchanged build rebuilt {rebuilt} targets");

    report_speed(&Timings {
        threads,
        count,
        sheets_only: args.sheets_only,
        full,
        full_cpu,
        second,
        rebuilt,
        made: &sink,
    });
}

/// Loads the materials in `root` as `ancrage build` does and schedules
/// their build (every sheet only, with `--sheets-only`); with `--load-only`,
/// counts the heap from here on.
fn load_and_schedule(root: &Path, args: &Args) -> (Materials, build::Schedule, HeapMarks) {
    // Only what is allocated from here on is counted (and freed: a block
    // allocated before and freed after would make the count wrap).
    COUNTING.store(args.load_only, Ordering::Relaxed);
    let base = LIVE.load(Ordering::Relaxed);
    // As `ancrage build` does: the profiles stay on disk, read one at a time
    // to be checked, then again a batch of editions at a time to be built.
    let loaded = load::load_lazily(root).expect("materials");
    let after_load = LIVE.load(Ordering::Relaxed);
    let (materials, diagnostics) = resolve::resolve_lean(&loaded);
    drop(loaded);
    let after_resolve = LIVE.load(Ordering::Relaxed);
    assert!(
        !diagnostics.has_errors(),
        "synthetic materials have {} errors",
        diagnostics.error_count()
    );
    // `--sheets-only`: every sheet of every edition, as `ancrage build
    // --domaine …` with all the domains: no collections, no handouts.
    let selection = Selection {
        domains: if args.sheets_only {
            materials.domains.iter().map(|d| d.id.clone()).collect()
        } else {
            Vec::new()
        },
        ..Selection::default()
    };
    let schedule = build::schedule(&materials, &selection).expect("plan");
    let marks = HeapMarks {
        base,
        after_load,
        after_resolve,
    };
    (materials, schedule, marks)
}

/// The options of `ancrage build --force` with the default export, dated
/// by the collection's edition, on `jobs` threads (0: every core).
fn build_options(materials: &Materials, jobs: usize) -> build::Options {
    build::Options {
        export: Options::default(),
        date: materials
            .collection
            .edition
            .map(|d| (d.year, d.month, d.day)),
        force: true,
        jobs: (jobs > 0).then_some(jobs),
    }
}

/// The heap in use at each stage of loading, in bytes.
struct HeapMarks {
    /// Before loading.
    base: isize,
    /// After the listing of the materials.
    after_load: isize,
    /// After resolving them.
    after_resolve: isize,
}

/// `--load-only`: what the materials weigh on the heap per commune, stage by
/// stage and part by part (each part is dropped to see what it held).
fn report_weight(
    mut materials: Materials,
    schedule: build::Schedule,
    count: usize,
    marks: &HeapMarks,
) {
    let per = |bytes: isize| bytes as f64 / count.max(1) as f64;
    let scheduled = LIVE.load(Ordering::Relaxed);
    eprintln!(
        "per commune: loaded listing {:.0} B; resolved materials {:.0} B; schedule {:.0} B; \
         peak while loading and resolving {:.0} B; {}",
        per(marks.after_load - marks.base),
        per(marks.after_resolve - marks.base),
        per(scheduled - marks.after_resolve),
        per(PEAK.load(Ordering::Relaxed) - marks.base),
        heap()
    );
    let part = |name: &str, take: &mut dyn FnMut()| {
        let before = LIVE.load(Ordering::Relaxed);
        take();
        let freed = before - LIVE.load(Ordering::Relaxed);
        eprintln!("  of which {name:<28} {:>7.0} B per commune", per(freed));
    };
    part("span indexes", &mut || {
        drop(std::mem::take(&mut materials.spans))
    });
    part("commune profiles", &mut || {
        drop(std::mem::take(&mut materials.communes))
    });
    part("roster (ids, hashes)", &mut || {
        drop(std::mem::take(&mut materials.roster))
    });
    part("sources (names, paths)", &mut || {
        drop(std::mem::take(&mut materials.sources))
    });
    drop(schedule);
}

/// The targets of `schedule` whose fingerprint differs from the first
/// build's `fingerprints` (in the same order), on `threads` threads.
fn rebuild_unchanged(
    materials: &mut Materials,
    schedule: &build::Schedule,
    fingerprints: &[[u8; 32]],
    settings: &str,
    threads: usize,
) -> usize {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let mut rebuilt = 0;
    let mut seen = 0;
    for batch in schedule.batches() {
        let mut problems = ancrage::diag::Diagnostics::default();
        let batch = batch.load(materials, &mut problems);
        assert!(problems.is_empty(), "profiles changed during the build");
        let previous = &fingerprints[seen..seen + batch.len()];
        seen += batch.len();
        let loaded = &*materials;
        rebuilt += pool.install(|| {
            batch
                .par_iter()
                .zip(previous)
                .filter(|(t, print)| fingerprint(loaded, t, settings) != **print)
                .count()
        });
        materials.unload_communes(|_| false);
    }
    rebuilt
}

/// What the two builds measured.
struct Timings<'a> {
    /// Threads used.
    threads: usize,
    /// Synthetic communes.
    count: usize,
    /// `--sheets-only`.
    sheets_only: bool,
    /// Wall time of the full build, in seconds.
    full: f64,
    /// CPU time of the full build (user and system), in seconds.
    full_cpu: f64,
    /// Wall time of the unchanged second build, in seconds.
    second: f64,
    /// Targets the second build found changed.
    rebuilt: usize,
    /// What the full build made.
    made: &'a Tallying<'a>,
}

/// Prints the figures of both builds, and their extrapolation to every
/// French commune.
fn report_speed(t: &Timings) {
    let Tallying {
        sheet_bytes,
        other_bytes,
        pages,
        targets,
        sheets,
        ..
    } = *t.made;
    let (full, second) = (t.full, t.second);
    let per_second = targets as f64 / full;
    // Sheet-equivalents: collections hold every sheet of their edition again,
    // so sheets per second counts the sheets laid out, in editions and
    // collections alike (none with `--sheets-only`).
    let sheets_laid = if t.sheets_only { sheets } else { 2 * sheets };
    println!("threads                 {}", t.threads);
    println!(
        "communes                {} (+ generic edition), {} targets, {} pages",
        t.count, targets, pages
    );
    println!(
        "full build              {full:.2} s ({per_second:.0} files/s, {:.0} sheets/s counting the \
         sheets inside collections, {:.0} sheet files/s)",
        sheets_laid as f64 / full,
        sheets as f64 / full
    );
    println!(
        "bytes per sheet         {:.0} (collections: {:.0} each)",
        sheet_bytes as f64 / sheets as f64,
        other_bytes as f64 / (targets - sheets).max(1) as f64
    );
    println!(
        "output total            {:.1} MB",
        (sheet_bytes + other_bytes) as f64 / 1e6
    );
    println!(
        "full build CPU time     {:.2} s user+system ({:.1} ms per file, {:.1} ms per \
         sheet laid out; wall time is unreliable on a shared machine)",
        t.full_cpu,
        t.full_cpu * 1e3 / targets as f64,
        t.full_cpu * 1e3 / sheets_laid as f64
    );
    println!(
        "unchanged second build  {second:.2} s ({} rebuilt)",
        t.rebuilt
    );
    println!("peak RSS (VmHWM)        {}", peak_rss());
    let scale = FRENCH_COMMUNES / t.count as f64;
    println!(
        "extrapolated to {FRENCH_COMMUNES:.0} communes: full build {:.0} s, {:.1} GB of PDF, \
         unchanged rebuild {:.0} s",
        full * scale,
        (sheet_bytes + other_bytes) as f64 * scale / 1e9,
        second * scale
    );
}

/// The harness's sink: counts what the build makes, keeps each target's
/// fingerprint for the second build, writes the files only with `--write`.
struct Tallying<'a> {
    output: Option<&'a Path>,
    sheet_bytes: usize,
    other_bytes: usize,
    pages: usize,
    targets: usize,
    sheets: usize,
    fingerprints: Vec<[u8; 32]>,
}

impl<'a> Tallying<'a> {
    /// A sink that has counted nothing yet, writing into `output` if given.
    fn new(output: Option<&'a Path>) -> Self {
        Tallying {
            output,
            sheet_bytes: 0,
            other_bytes: 0,
            pages: 0,
            targets: 0,
            sheets: 0,
            fingerprints: Vec::new(),
        }
    }
}

impl build::Freshness for Tallying<'_> {
    fn is_fresh(&self, _: &Target, _: &build::Fingerprint) -> bool {
        false
    }
}

impl build::Sink for Tallying<'_> {
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        if let Some(output) = self.output {
            let path = output.join(path);
            std::fs::create_dir_all(path.parent().expect("a folder"))
                .and_then(|()| std::fs::write(&path, bytes))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn event(&self, _: build::Event) {}

    fn settle(&mut self, made: Vec<build::Made>, _: &Materials) {
        for made in made {
            let (pages, bytes, _) = made.result.as_ref().expect("every target is made");
            self.pages += pages;
            self.targets += 1;
            if matches!(made.target, Target::Sheet { .. }) {
                self.sheets += 1;
                self.sheet_bytes += bytes;
            } else {
                self.other_bytes += bytes;
            }
            self.fingerprints.push(made.fingerprint);
        }
    }
}

/// Writes `count` commune profiles into `to`, cloned in turn from the shipped
/// profiles in `from` with a new file name, `nom` and `couleur`.
fn synthesise(from: &Path, to: &Path, count: usize) {
    let mut models: Vec<PathBuf> = std::fs::read_dir(from)
        .expect("shipped communes")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    models.sort();
    let models: Vec<String> = models
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a shipped profile"))
        .collect();
    std::fs::remove_dir_all(to).expect("clear communes/");
    std::fs::create_dir_all(to).expect("communes/");
    for i in 0..count {
        let model = &models[i % models.len()];
        let name = format!(
            "{}-{} {}",
            STEMS[i % STEMS.len()],
            SUFFIXES[(i / STEMS.len()) % SUFFIXES.len()],
            i + 1
        );
        // Dark colours (channels below 0x80) keep white header text readable.
        let colour = format!(
            "#{:02X}{:02X}{:02X}",
            (i * 37) % 0x80,
            (i * 71 + 20) % 0x80,
            (i * 113 + 40) % 0x80
        );
        let mut text = String::with_capacity(model.len() + 64);
        let mut named = false;
        for line in model.lines() {
            let key = line.split('=').next().unwrap_or("").trim();
            if !named && key == "nom" {
                text.push_str(&format!("nom = \"{name}\"\ncouleur = \"{colour}\"\n"));
                named = true;
            } else if key == "couleur" && !line.starts_with(' ') {
                // Replaced above, with the name.
            } else {
                text.push_str(line);
                text.push('\n');
            }
        }
        std::fs::write(to.join(format!("commune-{:05}.toml", i + 1)), text).expect("a profile");
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// User and system CPU time of the process so far, from `/proc/self/stat`
/// (Linux; clock ticks assumed to be the usual 100 per second), 0 elsewhere.
fn cpu_seconds() -> f64 {
    /// `sysconf(_SC_CLK_TCK)` on every Linux platform Rust supports.
    const TICKS_PER_SECOND: f64 = 100.0;
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the line, the 12th and 13th after the name.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / TICKS_PER_SECOND
}

/// The process's peak resident set size, from `/proc/self/status` (Linux).
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
