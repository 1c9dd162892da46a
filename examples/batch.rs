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

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use ancrage::build::fingerprint::fingerprint;
use ancrage::build::{self, Schedule, Selection, Target};
use ancrage::export::{self, Options};
use ancrage::render::Engine;
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

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            let size = layout.size() as isize;
            let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
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

fn main() {
    let mut count = DEFAULT_COMMUNES;
    let mut jobs = 0;
    let mut write = false;
    let mut load_only = false;
    let mut keep: Option<PathBuf> = None;
    let mut sheets_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jobs" => jobs = args.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--write" => write = true,
            "--load-only" => load_only = true,
            "--sheets-only" => sheets_only = true,
            "--materials" => keep = args.next().map(PathBuf::from),
            n => {
                count = n
                    .parse()
                    .expect("usage: batch [N] [--jobs J] [--write] [--load-only] [--sheets-only] [--materials DIR]")
            }
        }
    }
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let work = tempfile::tempdir().expect("a temporary folder");
    let root = work.path().join("materials");
    let output = work.path().join("output");

    let start = Instant::now();
    copy_dir(&shipped, &root).expect("copy of the materials");
    synthesise(&shipped.join("communes"), &root.join("communes"), count);
    let synthesised = start.elapsed();
    if let Some(keep) = keep {
        copy_dir(&root, &keep).expect("copy of the synthetic materials");
        eprintln!("{count} communes synthesised in {}", keep.display());
        return;
    }

    let start = Instant::now();
    // Only what is allocated from here on is counted (and freed: a block
    // allocated before and freed after would make the count wrap).
    COUNTING.store(load_only, Ordering::Relaxed);
    let base = LIVE.load(Ordering::Relaxed);
    // As `ancrage build` does: the profiles stay on disk, read one at a time
    // to be checked, then again a batch of editions at a time to be built.
    let loaded = load::load_lazily(&root).expect("materials");
    let after_load = LIVE.load(Ordering::Relaxed);
    let (mut materials, diagnostics) = resolve::resolve_lean(&loaded);
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
        domains: if sheets_only {
            materials.domains.iter().map(|d| d.id.clone()).collect()
        } else {
            Vec::new()
        },
        ..Selection::default()
    };
    let schedule = build::schedule(&materials, &selection).expect("plan");
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
    if load_only {
        let per = |bytes: isize| bytes as f64 / count.max(1) as f64;
        let scheduled = LIVE.load(Ordering::Relaxed);
        eprintln!(
            "per commune: loaded listing {:.0} B; resolved materials {:.0} B; schedule {:.0} B; \
             peak while loading and resolving {:.0} B; {}",
            per(after_load - base),
            per(after_resolve - base),
            per(scheduled - after_resolve),
            per(PEAK.load(Ordering::Relaxed) - base),
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
        return;
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .expect("a thread pool");
    let threads = pool.current_num_threads();
    let date = materials
        .collection
        .edition
        .map(|d| (d.year, d.month, d.day));
    let settings = format!("batch date={date:?}");
    let book = materials.font_book();
    let exceptions = materials.collection.hyphenation_exceptions().to_vec();
    let options = Options::default();

    // 1. Full build: fingerprint, lay out, export every target.
    let sheet_bytes = AtomicUsize::new(0);
    let other_bytes = AtomicUsize::new(0);
    let pages = AtomicUsize::new(0);
    let (mut targets, mut sheets) = (0, 0);
    // One engine per thread for the whole build: its word cache stays warm
    // from one batch of editions to the next.
    let engines: Vec<Mutex<Option<Engine>>> = (0..threads).map(|_| Mutex::new(None)).collect();
    let mut fingerprints: Vec<[u8; 32]> = Vec::new();
    let start = Instant::now();
    let cpu_start = cpu_seconds();
    in_batches(&mut materials, &schedule, |materials, batch| {
        targets += batch.len();
        sheets += batch
            .iter()
            .filter(|t| matches!(t, Target::Sheet { .. }))
            .count();
        let prints: Vec<[u8; 32]> = pool.install(|| {
            batch
                .par_iter()
                .map(|target| {
                    let mut engine = engines[rayon::current_thread_index().unwrap_or(0)]
                        .lock()
                        .expect("an engine");
                    let engine =
                        engine.get_or_insert_with(|| Engine::new(book.clone(), &exceptions));
                    let print = fingerprint(materials, target, &settings);
                    let laid = build::lay_out(engine, materials, target, date);
                    let out = export::export(&laid.document, &book, &laid.metadata, &options)
                        .expect("export");
                    pages.fetch_add(laid.document.pages.len(), Ordering::Relaxed);
                    let counter = match target {
                        Target::Sheet { .. } => &sheet_bytes,
                        _ => &other_bytes,
                    };
                    counter.fetch_add(out.bytes.len(), Ordering::Relaxed);
                    if write {
                        let path = output.join(target.path());
                        std::fs::create_dir_all(path.parent().expect("a folder"))
                            .and_then(|()| std::fs::write(&path, &out.bytes))
                            .expect("write");
                    }
                    print
                })
                .collect()
        });
        fingerprints.extend(prints);
    });
    let full = start.elapsed().as_secs_f64();
    let full_cpu = cpu_seconds() - cpu_start;

    // 2. Unchanged second build: every fingerprint matches the first run's.
    let start = Instant::now();
    let mut rebuilt = 0;
    let mut seen = 0;
    in_batches(&mut materials, &schedule, |materials, batch| {
        let previous = &fingerprints[seen..seen + batch.len()];
        seen += batch.len();
        rebuilt += pool.install(|| {
            batch
                .par_iter()
                .zip(previous)
                .filter(|(t, print)| fingerprint(materials, t, &settings) != **print)
                .count()
        });
    });
    let second = start.elapsed().as_secs_f64();
    assert_eq!(rebuilt, 0, "an unchanged build rebuilt {rebuilt} targets");

    let sheet_bytes = sheet_bytes.into_inner();
    let other_bytes = other_bytes.into_inner();
    let per_second = targets as f64 / full;
    // Sheet-equivalents: collections hold every sheet of their edition again,
    // so sheets per second counts the sheets laid out, in editions and
    // collections alike (none with `--sheets-only`).
    let sheets_laid = if sheets_only { sheets } else { 2 * sheets };
    println!("threads                 {threads}");
    println!(
        "communes                {count} (+ generic edition), {} targets, {} pages",
        targets,
        pages.into_inner()
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
        "full build CPU time     {full_cpu:.2} s user+system ({:.1} ms per file, {:.1} ms per \
         sheet laid out; wall time is unreliable on a shared machine)",
        full_cpu * 1e3 / targets as f64,
        full_cpu * 1e3 / sheets_laid as f64
    );
    println!("unchanged second build  {second:.2} s ({rebuilt} rebuilt)");
    println!("peak RSS (VmHWM)        {}", peak_rss());
    let scale = FRENCH_COMMUNES / count as f64;
    println!(
        "extrapolated to {FRENCH_COMMUNES:.0} communes: full build {:.0} s, {:.1} GB of PDF, \
         unchanged rebuild {:.0} s",
        full * scale,
        (sheet_bytes + other_bytes) as f64 * scale / 1e9,
        second * scale
    );
}

/// Editions built at once, as `ancrage build` does.
const EDITIONS_AT_ONCE: usize = 64;

/// Runs `work` on the targets of every batch of editions, then on the
/// handouts, each time with the commune profiles they need read again.
fn in_batches(
    materials: &mut Materials,
    schedule: &Schedule,
    mut work: impl FnMut(&Materials, Vec<Target>),
) {
    for editions in schedule.editions.chunks(EDITIONS_AT_ONCE) {
        let problems = materials.load_communes(editions.iter().flatten().map(String::as_str));
        assert!(problems.is_empty(), "profiles changed during the build");
        work(materials, schedule.targets(materials, editions));
        materials.unload_communes(|_| false);
    }
    let communes: Vec<String> = schedule
        .handout_communes(materials)
        .into_iter()
        .map(str::to_string)
        .collect();
    materials.load_communes(communes.iter().map(String::as_str));
    work(materials, schedule.handouts(materials));
    materials.unload_communes(|_| false);
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
