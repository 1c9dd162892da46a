//! The output folder of `ancrage build`: checked before any work, written
//! atomically (a temporary renamed), and swept of the temporaries a killed
//! build left behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::interrupt;

/// The output folder may not be inside the materials (a build would then read its own files).
pub(super) fn check_output_folder(materials: &Path, output: &Path) -> Result<(), String> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // The output folder may not exist yet: resolve its closest existing parent.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut base = existing.canonicalize().unwrap_or(existing);
        for name in rest.into_iter().rev() {
            base.push(name);
        }
        base
    };
    let (m, o) = (absolute(materials), absolute(output));
    if o.starts_with(&m) {
        return Err(format!(
            "le dossier de sortie « {} » est à l’intérieur du dossier des matériaux « {} »",
            output.display(),
            materials.display()
        ));
    }
    Ok(())
}

/// Checks once, before any work, that the output folder takes files: a
/// read-only or full disk is then one clear error, not one per output.
pub(super) fn probe_output_folder(output: &Path) -> Result<(), String> {
    let probe = output.join(format!(".ancrage-essai.{}.tmp", std::process::id()));
    let written = std::fs::create_dir_all(output).and_then(|()| std::fs::write(&probe, b"ancrage"));
    // Only the probe this run just created is removed.
    let _ = std::fs::remove_file(&probe);
    written.map_err(|e| {
        format!(
            "impossible d’écrire dans le dossier de sortie « {} » : {}",
            output.display(),
            io_reason(&e)
        )
    })
}

/// Writes through a temporary file in the same folder, then renames: an
/// interrupted build never leaves a truncated PDF. The file is not synced to
/// the disk: after a crash of the system, the manifest finds it short and the
/// next build makes it again (see [`manifest`]).
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// Same, for a file written piece by piece by `write` (through a buffer).
pub(super) fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), String> {
    let mut file = Atomic::create(path)?;
    match write(file.buffer()) {
        Ok(()) => file.commit(),
        // Dropped: the temporary is removed.
        Err(e) => Err(unwritable(path, &e)),
    }
}

/// A file being written through a temporary in its folder, renamed once
/// complete ([`Atomic::commit`]), removed if dropped before (or on a second
/// Ctrl+C): see [`write_atomically`]. The build writes a territory's
/// directory into one as it is made, never holding it whole.
pub(super) struct Atomic {
    path: PathBuf,
    temp: PathBuf,
    /// The temporary, until it is renamed or removed.
    out: Option<std::io::BufWriter<std::fs::File>>,
}

impl Atomic {
    /// Creates the temporary of `path`, and its folder if need be.
    pub(super) fn create(path: &Path) -> Result<Atomic, String> {
        let folder = path.parent().unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = folder.join(temporary_name(&name));
        // Removed by a second Ctrl+C if it is still open then.
        interrupt::opening(&temp);
        // The folder is made only when the file cannot be opened in it, not
        // before every file: a build into an existing output made one `mkdir`
        // per file that found its folder there (1 304 in a 1 300-commune build,
        // measured at 270 µs each in issue 20 §5).
        let file = match std::fs::File::create(&temp) {
            Ok(file) => Ok(file),
            Err(_) => match std::fs::create_dir_all(folder) {
                Ok(()) => std::fs::File::create(&temp),
                Err(e) => {
                    interrupt::closed(&temp);
                    return Err(format!(
                        "impossible de créer le dossier « {} » : {}",
                        folder.display(),
                        io_reason(&e)
                    ));
                }
            },
        };
        match file {
            Ok(file) => Ok(Atomic {
                path: path.to_path_buf(),
                temp,
                out: Some(std::io::BufWriter::new(file)),
            }),
            Err(e) => {
                interrupt::closed(&temp);
                Err(unwritable(path, &e))
            }
        }
    }

    /// The temporary's buffer.
    fn buffer(&mut self) -> &mut std::io::BufWriter<std::fs::File> {
        self.out.as_mut().expect("open until renamed or removed")
    }

    /// Renames the temporary, now complete, to the file's name.
    pub(super) fn commit(mut self) -> Result<(), String> {
        let out = self.out.take().expect("open until renamed or removed");
        let written = out.into_inner().map_err(|e| e.into_error()).map(drop);
        let renamed = written.and_then(|()| std::fs::rename(&self.temp, &self.path));
        if renamed.is_err() {
            let _ = std::fs::remove_file(&self.temp);
        }
        interrupt::closed(&self.temp);
        renamed.map_err(|e| unwritable(&self.path, &e))
    }
}

impl Write for Atomic {
    /// Its errors say, in French, which file could not be written.
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.buffer().write(buf);
        written.map_err(|e| std::io::Error::new(e.kind(), unwritable(&self.path, &e)))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let flushed = self.buffer().flush();
        flushed.map_err(|e| std::io::Error::new(e.kind(), unwritable(&self.path, &e)))
    }
}

impl ancrage::build::SinkFile for Atomic {
    fn commit(self: Box<Self>) -> Result<(), String> {
        Atomic::commit(*self)
    }
}

impl Drop for Atomic {
    /// Not renamed: the temporary is removed.
    fn drop(&mut self) {
        if let Some(out) = self.out.take() {
            drop(out);
            let _ = std::fs::remove_file(&self.temp);
            interrupt::closed(&self.temp);
        }
    }
}

/// Why `path` could not be written, in French.
fn unwritable(path: &Path, e: &std::io::Error) -> String {
    format!(
        "écriture impossible de « {} » : {}",
        path.display(),
        io_reason(e)
    )
}

/// Age from which a temporary output (`.<name>.<pid>.tmp`) is an orphan: a
/// live build renames each of its temporaries within milliseconds of
/// creating it, or writes it as it is made (a territory's directory: opened
/// with its first page, its writes seconds apart at most, the longest its
/// structure tree after its last page, 4 s at 34 900 communes). So one
/// untouched for a minute was left by a build killed while writing, never
/// one another build is still writing.
const ORPHAN_AGE: Duration = Duration::from_secs(60);

/// Removes from `folder` the temporaries of killed builds (see
/// [`ORPHAN_AGE`]); how many. Other files are never touched.
pub(super) fn sweep_orphans(folder: &Path, now: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if !is_temporary_name(name) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age >= ORPHAN_AGE));
        if old
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// The hidden name under which [`write_atomically_with`] writes `name`
/// before renaming it: `.<name>.<process id>.tmp`, one per process so that
/// two builds into one folder never share one.
fn temporary_name(name: &str) -> String {
    format!(".{name}.{}.tmp", std::process::id())
}

/// Whether `name` is one of [`temporary_name`]'s, of any process.
fn is_temporary_name(name: &str) -> bool {
    let Some(middle) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    match middle.rsplit_once('.') {
        Some((output, pid)) => {
            !output.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// An input/output error in French, the OS's own words kept in parentheses.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let reason = match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "le disque est plein",
        ErrorKind::ReadOnlyFilesystem => "le disque est en lecture seule",
        ErrorKind::PermissionDenied => "accès refusé (droits insuffisants)",
        ErrorKind::NotADirectory => "un fichier porte déjà ce nom de dossier",
        ErrorKind::NotFound => "dossier introuvable",
        _ => "erreur du système",
    };
    format!("{reason} ({e})")
}

#[cfg(test)]
mod tests {
    use super::{Atomic, is_temporary_name, temporary_name};
    use std::io::Write;

    /// A file written as it is made (a territory's directory) appears
    /// whole once committed, and not at all when dropped before: no
    /// temporary is left either way.
    #[test]
    fn a_file_written_as_it_is_made_appears_only_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("experiences/qui-fait-quoi.pdf");
        let mut file = Atomic::create(&path).unwrap();
        file.write_all(b"%PDF-1.7\n").unwrap();
        file.write_all(b"%%EOF\n").unwrap();
        assert!(!path.exists());
        file.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7\n%%EOF\n");
        let mut file = Atomic::create(&path).unwrap();
        file.write_all(b"%PDF-1.7\n").unwrap();
        drop(file);
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7\n%%EOF\n");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["qui-fait-quoi.pdf"]);
    }

    #[test]
    fn only_the_builds_own_temporaries_are_recognised() {
        assert!(is_temporary_name(&temporary_name("jeunesse.pdf")));
        assert!(is_temporary_name(".jeunesse.pdf.4242.tmp"));
        assert!(is_temporary_name("..ancrage-manifeste.json.7.tmp"));
        for name in [
            "jeunesse.pdf",
            ".jeunesse.pdf.tmp",
            ".jeunesse.pdf.42a.tmp",
            "..4242.tmp",
            "jeunesse.pdf.4242.tmp",
            ".notes.tmp",
        ] {
            assert!(!is_temporary_name(name), "{name}");
        }
    }
}
