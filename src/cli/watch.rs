//! `ancrage surveiller` (or `build --watch`): build, then build again each time
//! a file of the materials is saved, until interrupted.
//!
//! Each round is an ordinary incremental `build`: the fingerprints of the
//! manifest decide what a change affects (one domain → its sheets in every
//! edition and the collections; a commune → its edition; an image → what shows
//! it), so a round does the least work and writes only what changed.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebouncedEvent, new_debouncer};

use super::{Outcome, build_command, plural};

/// How long the folder must stay quiet before a round starts. Editors save by
/// writing a temporary file and renaming it, a spreadsheet export writes many
/// files: their events come within about 100 ms. 300 ms groups them into one
/// round and still feels immediate.
const QUIET: Duration = Duration::from_millis(300);

/// Watches the materials (and a font folder outside them) and rebuilds on
/// every change. Returns only when watching cannot start or stops.
pub fn run(root: &Path, args: &build_command::Args) -> Outcome {
    // 1. Watch before the first build, so a file saved meanwhile is not missed.
    let (sender, events) = mpsc::channel();
    let mut debouncer = match new_debouncer(QUIET, None, sender) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("erreur : impossible de surveiller les fichiers : {e}");
            return Outcome::Failure;
        }
    };
    // The materials, and the font folder a `[polices]` family may come from
    // when it lies outside them.
    let mut folders = vec![root.to_path_buf()];
    folders.extend(
        ancrage::resolve::font_folders(root)
            .into_iter()
            .filter(|f| f.is_dir() && !f.starts_with(root)),
    );
    for folder in &folders {
        if let Err(e) = debouncer.watch(folder, RecursiveMode::Recursive) {
            eprintln!(
                "erreur : impossible de surveiller « {} » : {e}",
                folder.display()
            );
            eprintln!("  aide : vérifiez que le dossier existe (option --materials)");
            return Outcome::Failure;
        }
    }

    // 2. The first round builds what is not up to date.
    let mut args = args.clone();
    args.watching = true;
    if let Outcome::Interrupted = build_command::run(root, &args) {
        return Outcome::Interrupted;
    }
    ready(root);
    // `--force` redoes everything once, not at every save.
    args.force = false;

    // 3. Each batch of saved files starts a round; errors never stop the loop.
    let shown_from = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for batch in events {
        let changed = match batch {
            Ok(events) => relevant(&events, &args.output),
            Err(errors) => {
                for e in errors {
                    eprintln!("attention : surveillance des fichiers : {e}");
                }
                continue;
            }
        };
        if changed.is_empty() {
            continue;
        }
        eprintln!();
        eprintln!(
            "{} : {}",
            plural(changed.len(), "fichier modifié", "fichiers modifiés"),
            changed
                .iter()
                .map(|p| p
                    .strip_prefix(&shown_from)
                    .unwrap_or(p)
                    .display()
                    .to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Outcome::Interrupted = build_command::run(root, &args) {
            return Outcome::Interrupted;
        }
        ready(root);
    }
    eprintln!("erreur : la surveillance des fichiers s’est arrêtée");
    Outcome::Failure
}

/// The line that ends every round: the user knows the tool is waiting.
fn ready(root: &Path) {
    eprintln!(
        "surveillance de « {} » : enregistrez un fichier pour refaire ce qui en dépend (Ctrl+C pour arrêter)",
        root.display()
    );
}

/// The changed paths worth a round, sorted and once each: files created,
/// written, renamed or removed — not merely opened or read (a build reads
/// them all), not in the output folder, not hidden files, editors' swap and
/// backup files, or temporary files.
fn relevant(events: &[DebouncedEvent], output: &Path) -> Vec<PathBuf> {
    let output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let mut paths: Vec<PathBuf> = events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
        .flat_map(|e| e.paths.iter().cloned())
        .filter(|p| !p.starts_with(&output))
        .filter(|p| !is_scratch(p))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Files editors and tools write beside the real one while saving.
fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    // Vim checks that it may write in a folder by creating a file named 4913.
    name == "4913"
        || name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".bak", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_files_of_editors_are_ignored() {
        for name in [
            ".jeunesse.toml.swp",
            "jeunesse.toml~",
            "#jeunesse.toml#",
            "~$communes.xlsx",
            "jeunesse.toml.tmp",
            "4913",
        ] {
            assert!(is_scratch(Path::new(name)), "{name}");
        }
        assert!(!is_scratch(Path::new("domaines/jeunesse.toml")));
        assert!(!is_scratch(Path::new("images/logo.png")));
    }

    #[test]
    fn reads_and_changes_in_the_output_folder_start_no_round() {
        use notify_debouncer_full::notify::event::{AccessKind, CreateKind, Event, ModifyKind};
        let event = |kind: EventKind, p: &str| {
            DebouncedEvent::new(
                Event::new(kind).add_path(PathBuf::from(p)),
                std::time::Instant::now(),
            )
        };
        let write = EventKind::Modify(ModifyKind::Any);
        let events = [
            event(write, "/m/domaines/eau.toml"),
            event(
                EventKind::Create(CreateKind::File),
                "/out/generique/eau.pdf",
            ),
            event(write, "/m/domaines/eau.toml"),
            event(write, "/m/domaines/.eau.toml.swp"),
            event(EventKind::Access(AccessKind::Any), "/m/domaines/sante.toml"),
        ];
        assert_eq!(
            relevant(&events, Path::new("/out")),
            vec![PathBuf::from("/m/domaines/eau.toml")]
        );
    }
}
