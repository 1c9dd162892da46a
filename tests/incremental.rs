//! Incremental and watch builds through the real binary, on a copy of the
//! shipped materials (generic and Exempleville editions): a changed file
//! rebuilds only the outputs that depend on it — checked by modification time
//! and by content — and `ancrage surveiller` does the same on every save,
//! keeps running after an error, and recovers when the file is fixed.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, SystemTime};

mod common;
use common::copy_tree;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");
const EDITIONS: [&str; 4] = ["--commune", "generique", "--commune", "exempleville"];

/// A copy of the shipped materials in a fresh folder, with an `out/` beside it.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(MANIFEST_DIR).join("materials"),
        &dir.path().join("materials"),
    );
    dir
}

fn ancrage(dir: &Path) -> Command {
    let mut command = common::ancrage();
    command.current_dir(dir).args(["--materials", "materials"]);
    command
}

fn build(dir: &Path, extra: &[&str]) -> Output {
    let output = ancrage(dir)
        .arg("build")
        .args(EDITIONS)
        .args(["--output", "out"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Every PDF under `out/`, with its modification time and bytes.
fn outputs(dir: &Path) -> BTreeMap<PathBuf, (SystemTime, Vec<u8>)> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.join("out")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
                let key = path.strip_prefix(dir.join("out")).unwrap().to_path_buf();
                found.insert(key, (modified, std::fs::read(&path).unwrap()));
            }
        }
    }
    found
}

/// The outputs whose modification time or content differ, as sorted paths.
fn changed(
    before: &BTreeMap<PathBuf, (SystemTime, Vec<u8>)>,
    after: &BTreeMap<PathBuf, (SystemTime, Vec<u8>)>,
) -> Vec<String> {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    before
        .iter()
        .filter(|(path, (time, bytes))| {
            let (t, b) = &after[*path];
            let (time_changed, content_changed) = (t != time, b != bytes);
            // A file rewritten with the same bytes, or changed in place without
            // a new time, would both be bugs of the incremental build.
            assert_eq!(
                time_changed,
                content_changed,
                "{}: time changed {time_changed}, content changed {content_changed}",
                path.display()
            );
            time_changed
        })
        .map(|(path, _)| path.display().to_string())
        .collect()
}

/// Changes one sentence of a file of the materials, the way an editor saves.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join("materials").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// File times have a coarse resolution on some file systems: wait long
/// enough that a rewrite gets a different time than the first write.
fn tick() {
    std::thread::sleep(Duration::from_millis(1100));
}

const JEUNESSE_OUTPUTS: [&str; 4] = [
    "exempleville/jeunesse.pdf",
    "exempleville/recueil.pdf",
    "generique/jeunesse.pdf",
    "generique/recueil.pdf",
];

#[test]
fn a_changed_domain_rebuilds_only_its_sheets_and_the_collections() {
    let dir = workspace();
    build(dir.path(), &[]);
    let first = outputs(dir.path());
    assert_eq!(first.len(), 27, "{:?}", first.keys());

    // Unchanged materials: nothing is laid out or written again.
    tick();
    let again = build(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("0 fichier écrit") && stderr.contains("27 fichiers déjà à jour"),
        "{stderr}"
    );
    assert!(changed(&first, &outputs(dir.path())).is_empty());

    // One domain edited: its sheet in each edition and each collection.
    edit(
        dir.path(),
        "domaines/jeunesse.toml",
        "Ouvrir les jeunes au monde",
        "Ouvrir les jeunes au vaste monde",
    );
    tick();
    build(dir.path(), &[]);
    let second = outputs(dir.path());
    assert_eq!(changed(&first, &second), JEUNESSE_OUTPUTS);

    // One commune edited: its edition only, not the generic one.
    edit(
        dir.path(),
        "communes/exempleville.toml",
        "nom        = \"Exempleville\"",
        "nom        = \"Exempleville-sur-Mer\"",
    );
    tick();
    build(dir.path(), &[]);
    let third = outputs(dir.path());
    let rebuilt = changed(&second, &third);
    assert!(!rebuilt.is_empty());
    assert!(
        rebuilt.iter().all(|p| p.starts_with("exempleville/")),
        "{rebuilt:?}"
    );

    // --force redoes everything, with the same bytes.
    tick();
    build(dir.path(), &["--force"]);
    let forced = outputs(dir.path());
    for (path, (time, bytes)) in &third {
        assert_ne!(&forced[path].0, time, "{}", path.display());
        assert_eq!(&forced[path].1, bytes, "{}", path.display());
    }
}

/// Outputs are not synced to the disk one by one: after a crash of the
/// system, a file may be left empty or short. The manifest holds the length
/// each file was written with, so such a file is made again, and only it.
#[test]
fn an_output_cut_short_by_a_system_crash_is_made_again() {
    let dir = workspace();
    build(dir.path(), &[]);
    let first = outputs(dir.path());
    let (emptied, shortened) = ("generique/sante.pdf", "exempleville/recueil.pdf");
    let out = dir.path().join("out");
    std::fs::write(out.join(emptied), b"").unwrap();
    let bytes = &first[Path::new(shortened)].1;
    std::fs::write(out.join(shortened), &bytes[..bytes.len() / 2]).unwrap();
    let cut = outputs(dir.path());
    tick();
    let again = build(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("2 fichiers écrits") && stderr.contains("25 fichiers déjà à jour"),
        "{stderr}"
    );
    let after = outputs(dir.path());
    assert_eq!(changed(&cut, &after), [shortened, emptied]);
    for path in [emptied, shortened] {
        assert_eq!(after[Path::new(path)].1, first[Path::new(path)].1, "{path}");
    }
}

/// `ancrage surveiller` running in the background, its stderr as lines.
struct Watcher {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watcher {
    fn start(dir: &Path) -> Watcher {
        let mut child = ancrage(dir)
            .arg("surveiller")
            .args(EDITIONS)
            .args(["--output", "out"])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                if sender.send(line.unwrap_or_default()).is_err() {
                    break;
                }
            }
        });
        Watcher {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Reads lines until one contains `needle`; returns the lines read.
    fn wait_for(&mut self, needle: &str) -> Vec<String> {
        let mut read = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(120)) {
                Ok(line) => {
                    let found = line.contains(needle);
                    read.push(line.clone());
                    self.seen.push(line);
                    if found {
                        return read;
                    }
                }
                Err(_) => panic!(
                    "« {needle} » never came; the watcher printed:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const READY: &str = "Ctrl+C pour arrêter";

#[test]
fn the_watcher_rebuilds_what_a_saved_file_affects_and_survives_errors() {
    let dir = workspace();
    let mut watcher = Watcher::start(dir.path());
    let first_round = watcher.wait_for(READY);
    assert!(
        first_round.iter().any(|l| l.contains("27 fichiers écrits")),
        "{first_round:?}"
    );
    let first = outputs(dir.path());
    tick();

    // A saved domain: one round, with the file named, rebuilding its outputs.
    edit(
        dir.path(),
        "domaines/jeunesse.toml",
        "Ouvrir les jeunes au monde",
        "Ouvrir les jeunes au vaste monde",
    );
    let round = watcher.wait_for(READY);
    assert!(
        round
            .iter()
            .any(|l| l.contains("1 fichier modifié : domaines/jeunesse.toml")),
        "{round:?}"
    );
    assert!(
        round.iter().any(|l| l.contains("4 fichiers écrits")),
        "{round:?}"
    );
    let second = outputs(dir.path());
    assert_eq!(changed(&first, &second), JEUNESSE_OUTPUTS);
    tick();

    // An error: reported with its place, nothing written, still watching.
    let sante = dir.path().join("materials/domaines/sante.toml");
    let good = std::fs::read_to_string(&sante).unwrap();
    std::fs::write(&sante, format!("{good}\ntitre = \n")).unwrap();
    let round = watcher.wait_for(READY);
    let text = round.join("\n");
    assert!(text.contains("--> domaines/sante.toml:"), "{text}");
    assert!(text.contains("aucun fichier n’a été écrit"), "{text}");
    assert!(changed(&second, &outputs(dir.path())).is_empty());
    assert!(watcher.child.try_wait().unwrap().is_none());

    // Fixed: the round builds what the fix affects.
    let fixed = good.replacen(
        "titre       = \"Santé\"",
        "titre       = \"Santé publique\"",
        1,
    );
    assert_ne!(fixed, good);
    std::fs::write(&sante, fixed).unwrap();
    let round = watcher.wait_for(READY);
    let text = round.join("\n");
    assert!(text.contains("fichiers écrits"), "{text}");
    let third = outputs(dir.path());
    let rebuilt = changed(&second, &third);
    assert!(
        rebuilt.contains(&"generique/sante.pdf".to_string()),
        "{rebuilt:?}"
    );
    assert!(
        !rebuilt.contains(&"generique/jeunesse.pdf".to_string()),
        "{rebuilt:?}"
    );
}

/// Issue 18, point 7: `--niveaux-de-gris`, `--fond-perdu` and
/// `--traits-de-coupe` wrote under the colour edition's names, overwriting
/// it. Each variant now has its suffix, and the manifest tracks it apart:
/// a variant build leaves the colour edition as it was, and each is up to
/// date on its own.
#[test]
fn print_variants_overwrite_the_colour_edition() {
    let dir = workspace();
    let jeunesse = ["--domaine", "jeunesse"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        jeunesse.iter().chain(extra).copied().collect()
    };
    build(dir.path(), &jeunesse);
    let colour = outputs(dir.path());
    assert_eq!(
        colour
            .keys()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>(),
        ["exempleville/jeunesse.pdf", "generique/jeunesse.pdf"]
    );
    tick();
    let grey = build(dir.path(), &with(&["--niveaux-de-gris"]));
    let stderr = String::from_utf8_lossy(&grey.stderr);
    assert!(stderr.contains("2 fichiers écrits"), "{stderr}");
    let after = outputs(dir.path());
    for (path, (time, bytes)) in &colour {
        let (t, b) = &after[path];
        assert!(t == time && b == bytes, "{} was touched", path.display());
    }
    for path in [
        "exempleville/jeunesse-gris.pdf",
        "generique/jeunesse-gris.pdf",
    ] {
        let (_, bytes) = &after[Path::new(path)];
        assert_ne!(bytes, &colour[Path::new(&path.replace("-gris", ""))].1);
    }
    // Each edition is up to date on its own: the grey build again, then
    // the colour one, make nothing.
    for extra in [&["--niveaux-de-gris"][..], &[]] {
        let again = build(dir.path(), &with(extra));
        let stderr = String::from_utf8_lossy(&again.stderr);
        assert!(
            stderr.contains("0 fichier écrit") && stderr.contains("2 fichiers déjà à jour"),
            "{extra:?}: {stderr}"
        );
    }
    assert!(changed(&after, &outputs(dir.path())).is_empty());
    // Combined, in the order of the issue; the large-print edition first.
    build(
        dir.path(),
        &with(&[
            "--niveaux-de-gris",
            "--fond-perdu",
            "3",
            "--traits-de-coupe",
            "--gros-caracteres",
        ]),
    );
    let all = outputs(dir.path());
    for path in [
        "generique/jeunesse-gris-fond-perdu.pdf",
        "generique/jeunesse-gros-caracteres-gris-fond-perdu.pdf",
        "exempleville/jeunesse-gros-caracteres-gris-fond-perdu.pdf",
    ] {
        assert!(
            all.contains_key(Path::new(path)),
            "{path}: {:?}",
            all.keys()
        );
    }
    assert_eq!(all.len(), 8, "{:?}", all.keys());
}

/// Issue 19 §4: `[impression] gros_caracteres = true` in a commune's profile
/// makes its editions in large print too, next to the standard ones; the
/// other editions are left as they are.
#[test]
fn a_commune_profile_asks_for_its_large_print_edition() {
    let dir = workspace();
    let profile = dir.path().join("materials/communes/exempleville.toml");
    let mut text = std::fs::read_to_string(&profile).unwrap();
    text.push_str("\n[impression]\ngros_caracteres = true\n");
    std::fs::write(&profile, text).unwrap();
    let done = build(dir.path(), &["--domaine", "jeunesse"]);
    // Large print takes the pages it needs: no page-count warning for it.
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(!stderr.contains("la mise en page vise"), "{stderr}");
    let found: Vec<String> = outputs(dir.path())
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        found,
        [
            "exempleville/jeunesse-gros-caracteres.pdf",
            "exempleville/jeunesse.pdf",
            "generique/jeunesse.pdf"
        ]
    );
}

/// Every file under `folder`, relative to it, recursively.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(folder).unwrap().to_path_buf());
            }
        }
    }
    found
}

/// Ctrl+C (SIGINT) during a build stops it between two files: exit 130, no
/// temporary left in the output folder, and the manifest records what was
/// written, so the next build makes only the rest.
#[test]
fn ctrl_c_during_a_build_leaves_no_temporary_and_a_consistent_manifest() {
    let dir = workspace();
    let out = dir.path().join("out");
    let mut child = ancrage(dir.path())
        .args(["build", "--output", "out"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The signal goes as soon as the first PDF is there: most of the build
    // (78 files, the collections among the last) is still to come.
    let started = SystemTime::now();
    while !files_under(&out)
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "pdf"))
    {
        assert!(
            started.elapsed().unwrap() < Duration::from_secs(120),
            "no PDF written"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("fabrication interrompue"), "{stderr}");
    let left = files_under(&out);
    let temporaries: Vec<_> = left
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(temporaries.is_empty(), "{temporaries:?}");
    let written = left
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .count();
    assert!(written < 78, "the build ended before the signal: {written}");

    // The next build finds the files of the interrupted one up to date.
    let again = ancrage(dir.path())
        .args(["build", "--output", "out"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{report}");
    let fresh = format!(", {written} fichier");
    assert!(
        report
            .lines()
            .any(|l| l.contains("déjà à jour") && l.contains(&fresh)),
        "{written} files were written before the signal:\n{report}"
    );
}
