//! Ctrl+C during a build: the first stops it between two files (the files
//! made so far are recorded in the manifest, which is written as usual); a
//! second, or one while no build runs, quits at once after removing the
//! temporaries the build has open. Either way no truncated PDF is left, and
//! the manifest on disk is one a build wrote whole.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once};

/// Ctrl+C was pressed during the current build.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// A build is running (else Ctrl+C quits at once, as without a handler).
static BUILDING: AtomicBool = AtomicBool::new(false);

/// The temporaries being written, removed if the program quits at once.
static OPEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The exit status of a program stopped by SIGINT (128 + 2), as shells expect.
pub(super) const EXIT_STATUS: u8 = 130;

/// While it lives, Ctrl+C stops the build instead of the program.
pub(super) struct Building;

impl Building {
    /// Installs the handler (once per process) and marks a build as running.
    pub(super) fn start() -> Building {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            // Without a handler, Ctrl+C still ends the program (leaving at
            // most a temporary, swept by the next build).
            let _ = ctrlc::set_handler(on_signal);
        });
        INTERRUPTED.store(false, Ordering::SeqCst);
        BUILDING.store(true, Ordering::SeqCst);
        Building
    }
}

impl Drop for Building {
    fn drop(&mut self) {
        BUILDING.store(false, Ordering::SeqCst);
    }
}

/// Whether Ctrl+C was pressed during the current build.
pub(super) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

fn open() -> MutexGuard<'static, Vec<PathBuf>> {
    OPEN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Records `temp` as being written (before it is created).
pub(super) fn opening(temp: &Path) {
    open().push(temp.to_path_buf());
}

/// `temp` is renamed or removed.
pub(super) fn closed(temp: &Path) {
    let mut open = open();
    if let Some(at) = open.iter().position(|p| p == temp) {
        open.swap_remove(at);
    }
}

fn on_signal() {
    let building = BUILDING.load(Ordering::SeqCst);
    if building && !INTERRUPTED.swap(true, Ordering::SeqCst) {
        eprintln!(
            "\ninterruption demandée : la fabrication s’arrête après les fichiers en cours (appuyez de nouveau sur Ctrl+C pour quitter tout de suite)"
        );
        return;
    }
    // The lock is held until the end: no temporary is created meanwhile.
    let open = open();
    for temp in open.iter() {
        let _ = std::fs::remove_file(temp);
    }
    std::process::exit(i32::from(EXIT_STATUS));
}
