//! The build driver: every target of a [`Schedule`] fingerprinted, laid out,
//! exported and handed to a [`Sink`], in parallel, a batch of editions at a
//! time (only their commune profiles are in memory).
//!
//! The driver owns the thread pool, one engine (shaper cache) per thread,
//! the batches, the loading and unloading of commune profiles, the
//! fingerprints, the export and the imposition. The sink does the file
//! system's and the terminal's part: it says which outputs are up to date
//! ([`Freshness`]), writes the bytes it is given (a territory's directory
//! as they are made, [`Sink::create`]), shows the progress and records what
//! each batch made. The driver never prints, exits or reads
//! the clock.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::fingerprint::{Digests, fingerprint_with};
use super::{Edition, Schedule, Target};
use crate::diag::Diagnostics;
use crate::export;
use crate::layout::document::Quality;
use crate::layout::fonts::FontBook;
use crate::render::Engine;
use crate::resolve::{LoadedEdition, Materials, ReadCommunes};

/// Editions built at once: enough to keep every core busy, few enough that
/// their commune profiles weigh nothing next to the fonts and the engines
/// (256 profiles of about 9 KB each: 2.4 MB). Each batch ends on a barrier:
/// a core idles until the other finishes its last target, then both wait
/// while the calling thread settles the batch and loads the next: a
/// 1 300-commune, one-domain build had 21 of them at 64, 6 at 256 (issue
/// 20 §5).
pub const EDITIONS_AT_ONCE: usize = 256;

/// A target's fingerprint (see [`super::fingerprint`]).
pub type Fingerprint = [u8; 32];

/// How every target of a build is made.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How the PDFs are written (grey levels, bleed, crop marks…).
    pub export: export::Options,
    /// The edition date written in the metadata.
    pub date: Option<(u16, u8, u8)>,
    /// Make every target again, even those up to date.
    pub force: bool,
    /// Threads (`None`: one per core).
    pub jobs: Option<usize>,
}

impl Options {
    /// Everything besides the materials that changes a byte of output, for
    /// the fingerprint: the export options' own identity and the date.
    pub fn identity(&self) -> String {
        format!("{} date={:?}", self.export.identity(), self.date)
    }
}

/// Whether an output is up to date: the incremental build's memory (the
/// CLI's manifest).
pub trait Freshness {
    /// Whether the files of `target` (its path and imposed path, relative to
    /// the output) were made with `fingerprint` and are still as written.
    fn is_fresh(&self, target: &Target, fingerprint: &Fingerprint) -> bool;
}

/// Never fresh: every target is made (the batch harness, tests).
pub struct Never;

impl Freshness for Never {
    fn is_fresh(&self, _: &Target, _: &Fingerprint) -> bool {
        false
    }
}

/// What happened to one target, as it happens (on any thread).
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// This many more targets are about to be made (a batch starts).
    Planned(usize),
    /// Up to date: not made again.
    Fresh(&'a Target),
    /// Written: its file, and its imposed booklet when `imposed`.
    Written {
        /// The target.
        target: &'a Target,
        /// Whether its imposed booklet was written too.
        imposed: bool,
    },
    /// Not made (see its [`Made::result`]).
    Failed(&'a Target),
}

/// Where the outputs go: the file system and the terminal for the CLI,
/// memory for the harness and the tests.
pub trait Sink: Freshness + Sync {
    /// Stores one file (`path` relative to the output folder), completely or
    /// not at all; the error is French, for the report. Called from any
    /// thread of the build.
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), String>;

    /// Opens `path` (relative to the output folder) to be written piece by
    /// piece as it is made, stored only once [`SinkFile::commit`]ted, not at
    /// all if dropped before; the error is French, for the report. Called
    /// from any thread of the build, for a territory's directory (61.6 MB
    /// at 34 900 communes), not held whole where the sink writes it as it
    /// comes.
    ///
    /// By default, the bytes are kept and handed to [`Sink::write`] whole
    /// on commit.
    fn create(&self, path: &Path) -> Result<Box<dyn SinkFile + '_>, String> {
        Ok(Box::new(Kept {
            sink: self,
            path: path.to_path_buf(),
            bytes: Vec::new(),
        }))
    }

    /// A scratch file, written and read back, where a territory's
    /// directory keeps what waits for its end (its object streams, 29 MB
    /// at 34 900 communes) while it is made; removed once dropped. Called
    /// from any thread of the build.
    ///
    /// By default none: that is held in memory.
    fn scratch(&self) -> Option<Box<dyn export::Scratch>> {
        None
    }

    /// Progress, from any thread of the build.
    fn event(&self, event: Event);

    /// Every target of a batch, once it is made, in schedule order (on the
    /// calling thread). The texts its warnings point into are still in
    /// `materials`.
    fn settle(&mut self, made: Vec<Made>, materials: &Materials);

    /// Whether the build is to stop (Ctrl+C): the targets not started yet
    /// are left out, the batch is settled with those made, and [`run`]
    /// returns.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A file a [`Sink`] writes as it is made ([`Sink::create`]).
pub trait SinkFile: Write {
    /// Stores the file, now complete; the error is French, for the report
    /// (its write errors say so too).
    fn commit(self: Box<Self>) -> Result<(), String>;
}

/// The default [`SinkFile`]: the bytes kept, written whole on commit.
struct Kept<'s, S: Sink + ?Sized> {
    sink: &'s S,
    path: PathBuf,
    bytes: Vec<u8>,
}

impl<S: Sink + ?Sized> Write for Kept<'_, S> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<S: Sink + ?Sized> SinkFile for Kept<'_, S> {
    fn commit(self: Box<Self>) -> Result<(), String> {
        self.sink.write(&self.path, &self.bytes)
    }
}

/// A target's file opened in its sink when its first bytes come: a
/// directory is laid out twice before any (a file left empty that long
/// would look abandoned, see the CLI's temporaries).
struct Opening<'s, S: Sink + ?Sized> {
    sink: &'s S,
    path: PathBuf,
    file: Option<Box<dyn SinkFile + 's>>,
    /// The first error of the sink (French, for the report).
    refused: Option<String>,
}

impl<'s, S: Sink + ?Sized> Opening<'s, S> {
    fn new(sink: &'s S, path: PathBuf) -> Self {
        Opening {
            sink,
            path,
            file: None,
            refused: None,
        }
    }

    /// Stores the file, all of it sent.
    fn commit(mut self) -> Result<(), String> {
        match self.file.take() {
            Some(file) => file.commit(),
            None => self.sink.write(&self.path, &[]),
        }
    }
}

impl<S: Sink + ?Sized> super::Destination for Opening<'_, S> {
    fn scratch(&mut self) -> Option<Box<dyn export::Scratch>> {
        self.sink.scratch()
    }
}

impl<S: Sink + ?Sized> Write for Opening<'_, S> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = match &mut self.file {
            Some(file) => file.write(buf),
            None => match self.sink.create(&self.path) {
                Ok(file) => self.file.insert(file).write(buf),
                Err(message) => Err(std::io::Error::other(message)),
            },
        };
        if let Err(e) = &written {
            self.refused.get_or_insert_with(|| e.to_string());
        }
        written
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().map_or(Ok(()), |file| file.flush())
    }
}

/// What one target gave.
pub struct Made {
    /// The target.
    pub target: Target,
    /// Its fingerprint (for the manifest).
    pub fingerprint: Fingerprint,
    /// Up to date: not made again.
    pub fresh: bool,
    /// Pages, bytes written (the file and its imposed booklet), quality.
    pub result: Result<(usize, usize, Quality), Failure>,
    /// The lengths of the file and of its imposed booklet, as written.
    pub lengths: (u64, Option<u64>),
    /// Warnings about its texts, each naming its edition.
    pub diagnostics: Diagnostics,
}

/// Why a target was not made.
#[derive(Debug)]
pub struct Failure {
    /// In French, for the report.
    pub message: String,
    /// The sink refused the file (read-only folder, disk full…), not a
    /// problem of the materials.
    pub io: bool,
}

/// What the whole build says besides each target's [`Made`].
#[derive(Default)]
pub struct Summary {
    /// Commune profiles that could not be read again: their editions were
    /// left out (and they from the territory's « qui fait quoi »).
    pub unreadable: Diagnostics,
    /// The sink cancelled the build ([`Sink::cancelled`]) before its end.
    pub interrupted: bool,
}

/// A batch of a schedule: the handouts (first), or some editions.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'s> {
    schedule: &'s Schedule,
    /// The editions of this batch (none for the handouts).
    editions: &'s [Edition],
    handouts: bool,
}

impl Batch<'_> {
    /// Reads the commune profiles this batch needs into `materials` and
    /// lists its targets; an edition whose profile could not be read again
    /// is left out, the error in `unreadable`.
    pub fn load(&self, materials: &mut Materials, unreadable: &mut Diagnostics) -> Vec<Target> {
        let read = self.read(materials);
        self.insert(materials, read, unreadable)
    }

    /// The first half of [`Batch::load`], which only reads `materials`:
    /// the profiles of the batch's communes read from their files, on any
    /// thread (the build reads a batch's while the previous one is made).
    pub fn read(&self, materials: &Materials) -> ReadCommunes {
        if self.handouts {
            materials.read_communes(self.schedule.handout_communes(materials))
        } else {
            materials.read_communes(self.editions.iter().filter_map(Edition::commune))
        }
    }

    /// The second half of [`Batch::load`]: the profiles `read` put in
    /// `materials`, and the batch's targets.
    pub fn insert(
        &self,
        materials: &mut Materials,
        read: ReadCommunes,
        unreadable: &mut Diagnostics,
    ) -> Vec<Target> {
        unreadable.extend(materials.insert_communes(read));
        if self.handouts {
            let targets = self.schedule.handouts(materials);
            // The territory's directory reads every profile that acts
            // (those not in memory again), only when it is made: a build
            // without it does not hold them.
            let directory =
                |t: &Target| matches!(t.standard().0, Target::Directory { commune: None });
            if targets.iter().any(directory) {
                unreadable.extend(materials.gather_territory());
            }
            return targets;
        }
        // The editions whose profile could not be read again are left out:
        // `unreadable` says why.
        let editions: Vec<LoadedEdition> = (self.editions.iter())
            .filter_map(|e| materials.edition(e).ok())
            .collect();
        self.schedule.targets(materials, &editions)
    }
}

impl Schedule {
    /// The batches of this schedule, in order: the handouts, then
    /// [`EDITIONS_AT_ONCE`] editions at a time.
    ///
    /// The handouts come first for the territory's « qui fait quoi », the
    /// largest file of a build (7 622 pages at 34 900 communes): made first,
    /// it is made while the build holds the least, before the manifest
    /// records the editions' files (12 MB at 34 900 communes) and before
    /// the editions' targets leave the allocator's pages fragmented: the
    /// full build's peak at 34 900 communes was the directory's, made last
    /// (issue 20 §5; the figures in `docs/performance.md`, « Session 17 »).
    pub fn batches(&self) -> impl Iterator<Item = Batch<'_>> {
        let editions = self
            .editions
            .chunks(EDITIONS_AT_ONCE)
            .map(|editions| Batch {
                schedule: self,
                editions,
                handouts: false,
            });
        let handouts = Batch {
            schedule: self,
            editions: &[],
            handouts: true,
        };
        std::iter::once(handouts).chain(editions)
    }
}

/// Builds every target of `schedule` into `sink`, a batch of editions at a
/// time: their commune profiles are read, then let go after the batch is
/// settled, but for the texts its warnings point into and those `keep_text`
/// keeps (warnings the caller reports at the end).
pub fn run<S: Sink>(
    materials: &mut Materials,
    schedule: &Schedule,
    options: &Options,
    sink: &mut S,
    keep_text: impl Fn(crate::source::FileId) -> bool,
) -> Summary {
    let book = materials.font_book();
    let exceptions = materials.collection.hyphenation_exceptions().to_vec();
    let settings = options.identity();
    let digests = Digests::default();
    // No more threads than targets, but two for a single target: the second
    // prepares its images while the first lays it out (a quarter of a cold
    // one-sheet build).
    let threads = options
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .min(schedule.most_targets().max(2))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    // One engine per thread for the whole build: its word cache stays warm
    // from one batch of editions to the next.
    let engines: Vec<Mutex<Option<Engine>>> = (0..pool.current_num_threads())
        .map(|_| Mutex::new(None))
        .collect();
    let mut summary = Summary::default();
    let mut batches = schedule.batches().peekable();
    // The profiles of the next batch are read while a batch is made: the
    // pool no longer waits for them between batches (about 0.2 s of a
    // 1 300-commune build read on the calling thread alone).
    let mut read = batches.peek().map(|b| b.read(materials));
    while let Some(batch) = batches.next() {
        let this = read.take().unwrap_or_default();
        let targets = batch.insert(materials, this, &mut summary.unreadable);
        let next = batches.peek().copied();
        sink.event(Event::Planned(targets.len()));
        let making = Making {
            materials,
            book: &book,
            options,
            settings: &settings,
            digests: &digests,
            // Fewer targets than threads: a thread would idle; it prepares
            // the images of a sheet while its text is laid out.
            ahead: targets.len() < pool.current_num_threads(),
        };
        let shared: &S = sink;
        let make_all = || -> Vec<Made> {
            targets
                .par_iter()
                .filter_map(|target| {
                    let mut engine = engines[rayon::current_thread_index().unwrap_or(0)]
                        .lock()
                        .expect("an engine");
                    let engine =
                        engine.get_or_insert_with(|| Engine::new(book.clone(), &exceptions));
                    make_or_skip(engine, &making, shared, target)
                })
                .collect()
        };
        let read_next = || next.map(|b| b.read(making.materials));
        let made: Vec<Made>;
        (made, read) = pool.install(|| rayon::join(make_all, read_next));
        // The texts the warnings point into stay, for the report.
        materials.unload_communes(|file| {
            keep_text(file)
                || made
                    .iter()
                    .any(|d| d.diagnostics.iter().any(|w| w.file() == Some(file)))
        });
        sink.settle(made, materials);
        if sink.cancelled() {
            summary.interrupted = true;
            break;
        }
    }
    summary
}

/// What every target of a build is made with.
struct Making<'a> {
    materials: &'a Materials,
    book: &'a FontBook,
    options: &'a Options,
    /// [`Options::identity`], for the fingerprints.
    settings: &'a str,
    /// The image and font files' digests, for the fingerprints.
    digests: &'a Digests,
    /// A sheet's images are prepared while it is laid out.
    ahead: bool,
}

/// Skips `target` when the sink has it up to date, else makes it; `None`
/// once the sink cancelled the build.
fn make_or_skip(
    engine: &mut Engine,
    making: &Making,
    sink: &impl Sink,
    target: &Target,
) -> Option<Made> {
    if sink.cancelled() {
        return None;
    }
    let fingerprint = fingerprint_with(making.materials, target, making.settings, making.digests);
    if !making.options.force && sink.is_fresh(target, &fingerprint) {
        sink.event(Event::Fresh(target));
        return Some(Made {
            target: target.clone(),
            fingerprint,
            fresh: true,
            result: Ok((0, 0, Quality::default())),
            lengths: (0, None),
            diagnostics: Diagnostics::default(),
        });
    }
    let mut made = make(engine, making, sink, target);
    made.fingerprint = fingerprint;
    sink.event(match made.result {
        Ok(_) => Event::Written {
            target,
            imposed: made.lengths.1.is_some(),
        },
        Err(_) => Event::Failed(target),
    });
    Some(made)
}

/// Lays out, exports and writes one target (and its imposed booklet).
fn make(engine: &mut Engine, making: &Making, sink: &impl Sink, target: &Target) -> Made {
    let Making {
        materials,
        book,
        options,
        ahead,
        ..
    } = *making;
    // A directory's file goes to the sink as it is made.
    let mut opening = Opening::new(sink, target.path());
    let super::Produced {
        pages,
        quality,
        booklet,
        mut diagnostics,
        file,
    } = super::produce(
        engine,
        materials,
        target,
        (book, &options.export, ahead),
        options.date,
        Some(&mut opening),
    );
    let mut lengths = (0, None);
    let write = || -> Result<usize, Failure> {
        let fault = |message: String| Failure { message, io: false };
        let io = |message: String| Failure { message, io: true };
        let out = match file {
            Ok(out) => out,
            // The sink refused the bytes sent: its words, not the export's.
            Err(message) => return Err(opening.refused.take().map_or(fault(message), io)),
        };
        for w in out.warnings() {
            diagnostics.push(super::low_resolution(materials, &w.path, w.dpi));
        }
        lengths.0 = out.length();
        let mut bytes = out.length() as usize;
        let whole = match out {
            super::Output::Sent(_) => {
                opening.commit().map_err(io)?;
                None
            }
            super::Output::Whole(file) => {
                // Anything sent was not the file (a directory laid out whole
                // after all): its temporary goes before the file is written.
                drop(opening);
                sink.write(&target.path(), &file.bytes).map_err(io)?;
                Some(file.bytes)
            }
        };
        if let (true, Some(imposed)) = (booklet, target.imposed_path()) {
            // A booklet is never streamed: its file is whole.
            let whole = whole.ok_or_else(|| fault("livret sans fichier entier".into()))?;
            let sheets = export::impose::impose(&whole, options.export.compress)
                .map_err(|e| fault(e.to_string()))?;
            sink.write(&imposed, &sheets).map_err(io)?;
            bytes += sheets.len();
            lengths.1 = Some(sheets.len() as u64);
        }
        Ok(bytes)
    };
    let result = write().map(|bytes| (pages, bytes, quality));
    name_edition(&mut diagnostics, materials, target);
    Made {
        target: target.clone(),
        fingerprint: [0; 32],
        fresh: false,
        result,
        lengths,
        diagnostics,
    }
}

/// Names the edition (commune) or the workshop of each warning of an output
/// that does not name one yet: a build of several editions says where each
/// problem is. The generic edition is the one named by none.
pub fn name_edition(diagnostics: &mut Diagnostics, materials: &Materials, target: &Target) {
    // A variant (large print, grey) names the edition it is a variant of.
    let name = match target.standard().0 {
        Target::Sheet {
            edition: Edition::Commune(id),
            ..
        }
        | Target::Collection {
            edition: Edition::Commune(id),
        } => Some(
            materials
                .commune(id)
                .map_or_else(|_| id.clone(), |p| p.commune.name.clone()),
        ),
        Target::Handout { workshop } => Some(format!(
            "{}« {} »",
            crate::diag::BOOKLET,
            materials
                .workshops
                .iter()
                .find(|w| &w.id == workshop)
                .map_or(workshop.as_str(), |w| w.workshop.title.as_str())
        )),
        _ => None,
    };
    if let Some(name) = name {
        for d in diagnostics.iter_mut().filter(|d| d.editions.is_empty()) {
            d.editions.push(name.clone());
        }
    }
}
