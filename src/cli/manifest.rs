//! The build manifest in the output folder: the fingerprint of every file
//! `build` wrote, so that an output whose inputs did not change is not made
//! again (incremental build).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Name of the manifest inside the output folder (hidden: it is not an output).
pub const FILE: &str = ".ancrage-manifeste.json";

/// Format version: a manifest of another version is ignored (full build).
const VERSION: u32 = 1;

/// Fingerprints by output path (relative to the output folder, `/` separators).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    version: u32,
    files: BTreeMap<String, String>,
}

fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl Manifest {
    /// Reads the manifest of `output`; a missing or unreadable one is empty.
    pub fn read(output: &Path) -> Manifest {
        std::fs::read(output.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.version == VERSION)
            .unwrap_or_default()
    }

    /// Whether the files recorded for `paths` (the output and, for a booklet,
    /// its imposed file) all have this fingerprint and still exist.
    pub fn is_fresh(
        &self,
        output: &Path,
        main: &Path,
        extra: Option<&Path>,
        fingerprint: &str,
    ) -> bool {
        let recorded = |p: &Path| self.files.get(&key(p)).is_some_and(|f| f == fingerprint);
        if !recorded(main) || !output.join(main).is_file() {
            return false;
        }
        match extra {
            // The imposed file counts only if it was made (booklets).
            Some(extra) if self.files.contains_key(&key(extra)) => {
                recorded(extra) && output.join(extra).is_file()
            }
            _ => true,
        }
    }

    /// Records a written file.
    pub fn record(&mut self, path: &Path, fingerprint: &str) {
        self.files.insert(key(path), fingerprint.to_string());
    }

    /// Forgets a file (it failed, or was not made).
    pub fn forget(&mut self, path: &Path) {
        self.files.remove(&key(path));
    }

    /// The manifest as written to disk.
    pub fn to_bytes(&self) -> Vec<u8> {
        /// The manifest, borrowed: a copy of every entry would double its
        /// weight (hundreds of thousands of files for all French communes).
        #[derive(Serialize)]
        struct Written<'a> {
            version: u32,
            files: &'a BTreeMap<String, String>,
        }
        let manifest = Written {
            version: VERSION,
            files: &self.files,
        };
        let mut bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_only_when_recorded_and_present() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let (main, extra) = (Path::new("a/b.pdf"), Path::new("a/b-impression.pdf"));
        let mut m = Manifest::default();
        assert!(!m.is_fresh(out, main, Some(extra), "x"));
        m.record(main, "x");
        assert!(!m.is_fresh(out, main, Some(extra), "x"), "file missing");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join(main), b"%PDF").unwrap();
        assert!(m.is_fresh(out, main, Some(extra), "x"));
        assert!(
            !m.is_fresh(out, main, Some(extra), "y"),
            "fingerprint changed"
        );
        m.record(extra, "x");
        assert!(
            !m.is_fresh(out, main, Some(extra), "x"),
            "imposed file missing"
        );
        std::fs::write(out.join(extra), b"%PDF").unwrap();
        assert!(m.is_fresh(out, main, Some(extra), "x"));
        std::fs::write(out.join(FILE), m.to_bytes()).unwrap();
        let again = Manifest::read(out);
        assert!(again.is_fresh(out, main, Some(extra), "x"));
    }
}
