//! The build manifest in the output folder: the fingerprint of every file
//! `build` wrote, so that an output whose inputs did not change is not made
//! again (incremental build).
//!
//! A build for every French commune writes about 500 000 files, so the
//! manifest is held compactly: each folder and each file name is kept once,
//! and per file the numbers of its folder and name and its 16-byte seal
//! (24 bytes, instead of two `String`s in a `BTreeMap`, ≈ 180 bytes, or 40
//! bytes plus the path's own ≈ 35 when every path was kept end to end:
//! 38 MB for 34 900 communes, 21 MB with 32-byte seals, now 12 MB). It is
//! read and written entry by entry, never as one JSON text in memory.
//!
//! Outputs are not synced to the disk one by one (an `fsync` costs 0.3–4 ms,
//! as much as a tenth of a one-sheet build): what a crash can leave behind is
//! caught instead. Each file is recorded with a seal of its fingerprint and
//! the length it was written with ([`seal`]); a file the system had not
//! written out when it stopped is empty or short (ext4, XFS and Btrfs commit
//! a file's size with or after its data), so its seal differs and it is made
//! again. A lost or unreadable manifest only means a full build.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// Name of the manifest inside the output folder (hidden: it is not an output).
pub const FILE: &str = ".ancrage-manifeste.json";

/// Format version: a manifest of another version is ignored (full build).
/// Version 2 records seals ([`seal`]) where version 1 recorded fingerprints;
/// version 3 seals of 16 bytes instead of 32 (issue 20 §5: 8 MB of the
/// peak of a build for every French commune). A new program redoes every
/// output anyway (its identity is in each fingerprint).
const VERSION: u32 = 3;

/// A fingerprint (BLAKE3 hash of what an output is made from).
pub type Fingerprint = [u8; 32];

/// What the manifest records for a file ([`seal`]): 128 bits, so that a
/// changed fingerprint or length matches the old seal by chance once in
/// 2^128, never in practice.
pub type Seal = [u8; 16];

/// What the manifest records for a file: the hash of its fingerprint and of
/// the length (bytes) it was written with, its first 16 bytes.
pub fn seal(fingerprint: &Fingerprint, length: u64) -> Seal {
    let mut hasher = blake3::Hasher::new();
    hasher.update(fingerprint);
    hasher.update(&length.to_le_bytes());
    let mut seal = [0; 16];
    seal.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    seal
}

/// The lower-case hex digits of `seal`, as written.
fn hex(seal: &Seal) -> [u8; 32] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0; 32];
    for (i, byte) in seal.iter().enumerate() {
        out[2 * i] = DIGITS[usize::from(byte >> 4)];
        out[2 * i + 1] = DIGITS[usize::from(byte & 15)];
    }
    out
}

/// One recorded file: its path, `folder/name` (numbers in the manifest's
/// [`Strings`]), and seal.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The folder's number, or [`NO_FOLDER`] for a path without `/`.
    folder: u32,
    /// The file name's number, with [`FORGOTTEN`] set once the file is
    /// forgotten.
    name: u32,
    seal: Seal,
}

/// The folder of a path without `/` (one in the output folder itself).
const NO_FOLDER: u32 = u32::MAX;

/// Marks a forgotten entry: it stays in place (removing it from the middle
/// of the sorted entries would move all those after it, for every failed
/// output of a build whose disk is full), but is neither found nor written.
const FORGOTTEN: u32 = 1 << 31;

impl Entry {
    /// The path's bytes, in order: folder, `/`, name.
    fn bytes<'s>(&self, strings: &'s Strings) -> impl Iterator<Item = u8> + 's {
        let folder = (self.folder != NO_FOLDER).then(|| strings.get(self.folder));
        let name = strings.get(self.name & !FORGOTTEN);
        (folder.unwrap_or("").bytes())
            .chain(folder.map(|_| b'/'))
            .chain(name.bytes())
    }

    /// The path, written into `out` (emptied first).
    fn path_into(&self, strings: &Strings, out: &mut String) {
        out.clear();
        if self.folder != NO_FOLDER {
            out.push_str(strings.get(self.folder));
            out.push('/');
        }
        out.push_str(strings.get(self.name & !FORGOTTEN));
    }

    /// The order of the paths' bytes, as their strings compare.
    fn order(&self, other: &Entry, strings: &Strings) -> Ordering {
        self.bytes(strings).cmp(other.bytes(strings))
    }

    fn forgotten(&self) -> bool {
        self.name & FORGOTTEN != 0
    }
}

/// The folders and file names of the recorded paths, each kept once and
/// numbered in the order they came: 34 900 communes have as many folders,
/// but their 500 000 files only a few dozen names.
#[derive(Debug, Default)]
struct Strings {
    all: Vec<Arc<str>>,
    numbers: HashMap<Arc<str>, u32>,
}

impl Strings {
    /// The number of `text`, given it if new; `None` past [`FORGOTTEN`]
    /// strings (never: a build has about one folder per commune).
    fn number(&mut self, text: &str) -> Option<u32> {
        if let Some(&n) = self.numbers.get(text) {
            return Some(n);
        }
        let n = u32::try_from(self.all.len())
            .ok()
            .filter(|&n| n < FORGOTTEN)?;
        let text: Arc<str> = text.into();
        self.all.push(text.clone());
        self.numbers.insert(text, n);
        Some(n)
    }

    fn get(&self, n: u32) -> &str {
        &self.all[n as usize]
    }

    /// The entry of `path`, numbering its parts; `None` when they cannot be.
    fn entry(&mut self, path: &str, seal: Seal) -> Option<Entry> {
        let (folder, name) = match path.rfind('/') {
            Some(at) => (self.number(&path[..at])?, &path[at + 1..]),
            None => (NO_FOLDER, path),
        };
        Some(Entry {
            folder,
            name: self.number(name)?,
            seal,
        })
    }
}

/// Seals by output path (relative to the output folder, `/` separators).
///
/// On disk: `{"version": 2, "files": {path: hex seal, …}}`, pretty-printed,
/// paths in byte order.
#[derive(Debug, Default)]
pub struct Manifest {
    /// The recorded paths' folders and names.
    strings: Strings,
    /// Sorted by path, no path twice.
    entries: Vec<Entry>,
    /// Recorded since the last [`Manifest::settle`], paths not in `entries`:
    /// merged into `entries` then (a build settles after each batch).
    pending: Vec<Entry>,
    /// The warnings of each output that had some, as printed (plain text),
    /// by path: an up-to-date output is not made again, and its warnings
    /// are repeated from here, since nothing fixed them.
    warnings: BTreeMap<String, Vec<String>>,
}

fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Lower-case hex digits only, as written: anything else never matches.
fn parse_hex(hex: &str) -> Option<Seal> {
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let bytes = hex.as_bytes();
    if bytes.len() != 32 {
        return None;
    }
    let mut out = [0; 16];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

impl Manifest {
    /// Reads the manifest of `output`; a missing or unreadable one is empty.
    pub fn read(output: &Path) -> Manifest {
        let Ok(file) = std::fs::File::open(output.join(FILE)) else {
            return Manifest::default();
        };
        Manifest::from_reader(io::BufReader::new(file)).unwrap_or_default()
    }

    /// Parses a manifest entry by entry; `None` if it is not one of this
    /// version.
    fn from_reader(reader: impl io::Read) -> Option<Manifest> {
        let read: Read = serde_json::from_reader(reader).ok()?;
        if read.version != Some(VERSION) {
            return None;
        }
        let mut manifest = read.files.unwrap_or_default();
        manifest.warnings = read.warnings;
        manifest.sort_entries();
        Some(manifest)
    }

    /// Sorts `entries` by path; of a path given twice, the last stays (as a
    /// map read from JSON keeps it).
    fn sort_entries(&mut self) {
        let strings = &self.strings;
        let order = |a: &Entry, b: &Entry| a.order(b, strings);
        // As written: sorted, no path twice (and the sort's buffer, a fifth
        // of the entries, is not needed).
        if self.entries.is_sorted_by(|a, b| order(a, b).is_lt()) {
            return;
        }
        // Stable: equal paths stay in the order they came.
        self.entries.sort_by(order);
        // In place: a copy would weigh as much again at the peak.
        let mut kept = 0;
        for i in 0..self.entries.len() {
            let e = self.entries[i];
            if kept > 0 && order(&self.entries[kept - 1], &e).is_eq() {
                self.entries[kept - 1] = e;
            } else {
                self.entries[kept] = e;
                kept += 1;
            }
        }
        self.entries.truncate(kept);
    }

    /// Merges the entries recorded since the last call into the sorted ones,
    /// in place from the end: one pass over the manifest, no buffer.
    pub fn settle(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let strings = &self.strings;
        let order = |a: &Entry, b: &Entry| a.order(b, strings);
        let pending = &mut self.pending;
        pending.sort_by(order);
        let entries = &mut self.entries;
        let (mut i, mut j) = (entries.len(), pending.len());
        entries.resize(i + j, pending[0]);
        // No path is in both (`record` updates those of `entries`).
        while j > 0 {
            if i > 0 && order(&entries[i - 1], &pending[j - 1]).is_gt() {
                entries[i + j - 1] = entries[i - 1];
                i -= 1;
            } else {
                entries[i + j - 1] = pending[j - 1];
                j -= 1;
            }
        }
        self.pending = Vec::new();
    }

    /// Makes room for `files` paths, those recorded already included.
    /// Grown batch by batch instead, the entries were copied at each
    /// doubling, and the copies left behind in the heap stayed resident.
    pub fn reserve(&mut self, files: usize) {
        self.entries
            .reserve_exact(files.saturating_sub(self.entries.len()));
    }

    /// Where `key` is in `entries`, or would go.
    fn find(&self, key: &str) -> Result<usize, usize> {
        (self.entries).binary_search_by(|e| e.bytes(&self.strings).cmp(key.bytes()))
    }

    /// Whether `entry` is the entry of `key`.
    fn is(&self, entry: &Entry, key: &str) -> bool {
        entry.bytes(&self.strings).eq(key.bytes())
    }

    fn lookup(&self, key: &str) -> Option<&Seal> {
        match self.find(key) {
            Ok(at) => {
                let e = &self.entries[at];
                (!e.forgotten()).then_some(&e.seal)
            }
            Err(_) => self
                .pending
                .iter()
                .find(|e| self.is(e, key))
                .map(|e| &e.seal),
        }
    }

    /// Whether the files recorded for `paths` (the output and, for a booklet,
    /// its imposed file) were all made with this fingerprint and are still
    /// there, as long as they were written.
    pub fn is_fresh(
        &self,
        output: &Path,
        main: &Path,
        extra: Option<&Path>,
        fingerprint: &Fingerprint,
    ) -> bool {
        let intact = |p: &Path, recorded: &Seal| {
            std::fs::metadata(output.join(p))
                .is_ok_and(|m| m.is_file() && seal(fingerprint, m.len()) == *recorded)
        };
        if !self.lookup(&key(main)).is_some_and(|r| intact(main, r)) {
            return false;
        }
        match extra.and_then(|p| Some((p, self.lookup(&key(p))?))) {
            // The imposed file counts only if it was made (booklets).
            Some((extra, recorded)) => intact(extra, recorded),
            None => true,
        }
    }

    /// Records a file written `length` bytes long from inputs of this
    /// fingerprint.
    pub fn record(&mut self, path: &Path, fingerprint: &Fingerprint, length: u64) {
        let sealed = seal(fingerprint, length);
        let key = key(path);
        if let Ok(at) = self.find(&key) {
            let e = &mut self.entries[at];
            e.seal = sealed;
            e.name &= !FORGOTTEN;
            return;
        }
        if let Some(e) = self.pending.iter().position(|e| self.is(e, &key)) {
            self.pending[e].seal = sealed;
            return;
        }
        self.push(&key, sealed);
    }

    /// Adds a path not recorded yet to `pending`. Past 2 147 483 648
    /// folders and names (never: about 35 000 for every French commune) it
    /// is not recorded, and the next build makes the file again.
    fn push(&mut self, key: &str, seal: Seal) {
        if let Some(entry) = self.strings.entry(key, seal) {
            self.pending.push(entry);
        }
    }

    /// Records the warnings an output was made with (none: forgets them).
    pub fn set_warnings(&mut self, path: &Path, texts: Vec<String>) {
        if texts.is_empty() {
            self.warnings.remove(&key(path));
        } else {
            self.warnings.insert(key(path), texts);
        }
    }

    /// The warnings recorded for an output, as printed when it was made.
    pub fn warnings(&self, path: &Path) -> &[String] {
        self.warnings.get(&key(path)).map_or(&[], Vec::as_slice)
    }

    /// Forgets a file (it failed, or was not made).
    pub fn forget(&mut self, path: &Path) {
        let key = key(path);
        self.warnings.remove(&key);
        match self.find(&key) {
            Ok(at) => self.entries[at].name |= FORGOTTEN,
            Err(_) => {
                let strings = &self.strings;
                (self.pending).retain(|e| !e.bytes(strings).eq(key.bytes()));
            }
        }
    }

    /// Writes the manifest as it is on disk to `out`, entry by entry.
    pub fn write_to(&mut self, out: &mut impl Write) -> io::Result<()> {
        self.settle();
        let written = Written {
            version: VERSION,
            files: Files(self),
            warnings: &self.warnings,
        };
        serde_json::to_writer_pretty(&mut *out, &written)?;
        out.write_all(b"\n")
    }

    /// The manifest as written to disk (tests).
    #[cfg(test)]
    pub fn written_bytes(&mut self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.write_to(&mut bytes).expect("writing to memory");
        bytes
    }
}

/// The manifest as written: `files` serialised from the entries, without
/// a copy of them.
#[derive(Serialize)]
struct Written<'a> {
    version: u32,
    files: Files<'a>,
    #[serde(rename = "avertissements", skip_serializing_if = "BTreeMap::is_empty")]
    warnings: &'a BTreeMap<String, Vec<String>>,
}

struct Files<'a>(&'a Manifest);

impl Serialize for Files<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let manifest = self.0;
        let live = || manifest.entries.iter().filter(|e| !e.forgotten());
        let mut map = serializer.serialize_map(Some(live().count()))?;
        let mut path = String::new();
        for e in live() {
            let hex = hex(&e.seal);
            e.path_into(&manifest.strings, &mut path);
            // Hex digits only: always UTF-8.
            let hex = std::str::from_utf8(&hex).unwrap_or_default();
            map.serialize_entry(path.as_str(), hex)?;
        }
        map.end()
    }
}

/// The manifest as read: other fields are ignored, as they always were.
#[derive(Deserialize)]
struct Read {
    version: Option<u32>,
    files: Option<Manifest>,
    #[serde(default, rename = "avertissements")]
    warnings: BTreeMap<String, Vec<String>>,
}

impl<'de> Deserialize<'de> for Manifest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Manifest, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Manifest;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("output paths and their fingerprints")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Manifest, A::Error> {
                let mut manifest = Manifest::default();
                while let Some(path) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let hex = map.next_value::<std::borrow::Cow<'de, str>>()?;
                    // A value that is no fingerprint of ours never matched:
                    // the file is made again, as before.
                    if let Some(seal) = parse_hex(&hex) {
                        let Some(entry) = manifest.strings.entry(&path, seal) else {
                            return Err(de::Error::custom("manifest too large"));
                        };
                        manifest.entries.push(entry);
                    }
                }
                Ok(manifest)
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(byte: u8) -> Fingerprint {
        [byte; 32]
    }

    #[test]
    fn fresh_only_when_recorded_and_present() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let (main, extra) = (Path::new("a/b.pdf"), Path::new("a/b-impression.pdf"));
        let (x, y) = (print(1), print(2));
        let mut m = Manifest::default();
        assert!(!m.is_fresh(out, main, Some(extra), &x));
        m.record(main, &x, 4);
        assert!(!m.is_fresh(out, main, Some(extra), &x), "file missing");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join(main), b"%PDF").unwrap();
        assert!(m.is_fresh(out, main, Some(extra), &x), "pending entry");
        m.settle();
        assert!(m.is_fresh(out, main, Some(extra), &x));
        assert!(
            !m.is_fresh(out, main, Some(extra), &y),
            "fingerprint changed"
        );
        m.record(extra, &x, 4);
        assert!(
            !m.is_fresh(out, main, Some(extra), &x),
            "imposed file missing"
        );
        std::fs::write(out.join(extra), b"%PDF").unwrap();
        assert!(m.is_fresh(out, main, Some(extra), &x));
        std::fs::write(out.join(FILE), m.written_bytes()).unwrap();
        let again = Manifest::read(out);
        assert!(again.is_fresh(out, main, Some(extra), &x));
    }

    /// Outputs are not synced one by one: a file the system had not written
    /// out when it stopped is empty or short, and is made again.
    #[test]
    fn a_file_cut_short_by_a_crash_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let (main, extra) = (Path::new("b.pdf"), Path::new("b-impression.pdf"));
        let x = print(1);
        let mut m = Manifest::default();
        std::fs::write(out.join(main), b"%PDF-1.7").unwrap();
        std::fs::write(out.join(extra), b"%PDF-1.7").unwrap();
        m.record(main, &x, 8);
        m.record(extra, &x, 8);
        assert!(m.is_fresh(out, main, Some(extra), &x));
        std::fs::write(out.join(extra), b"").unwrap();
        assert!(
            !m.is_fresh(out, main, Some(extra), &x),
            "empty imposed file"
        );
        std::fs::write(out.join(extra), b"%PDF-1.7").unwrap();
        std::fs::write(out.join(main), b"%PDF").unwrap();
        assert!(!m.is_fresh(out, main, Some(extra), &x), "short file");
    }

    /// The hex seal of `print(byte)` for a file of length 0, as written.
    fn sealed_hex(byte: u8) -> String {
        String::from_utf8(hex(&seal(&print(byte), 0)).to_vec()).unwrap()
    }

    /// Checks that `m` writes the file `old_format` writes for `old`, and
    /// that it reads back into a manifest writing it again; returns that one.
    fn written_as(m: &mut Manifest, old: &std::collections::BTreeMap<String, String>) -> Manifest {
        let (bytes, expected) = (m.written_bytes(), old_format(old));
        assert!(
            bytes == expected,
            "{}\n--- expected ---\n{}",
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&expected)
        );
        let mut again = Manifest::from_reader(&bytes[..]).expect("its own manifest");
        assert_eq!(again.written_bytes(), bytes);
        again
    }

    /// The format written before the manifest was compact, byte for byte
    /// (version 1 then):
    /// `serde_json::to_vec_pretty` of a `BTreeMap<String, String>`.
    fn old_format(files: &std::collections::BTreeMap<String, String>) -> Vec<u8> {
        #[derive(Serialize)]
        struct Old<'a> {
            version: u32,
            files: &'a std::collections::BTreeMap<String, String>,
        }
        let mut bytes = serde_json::to_vec_pretty(&Old {
            version: VERSION,
            files,
        })
        .unwrap();
        bytes.push(b'\n');
        bytes
    }

    #[test]
    fn written_as_before_and_read_back() {
        let mut m = Manifest::default();
        let mut old = std::collections::BTreeMap::new();
        assert_eq!(m.written_bytes(), old_format(&old), "empty");
        // Recorded out of order, some before a settle, one twice, one forgotten.
        for (i, path) in ["z/b.pdf", "a.pdf", "m/é.pdf", "m/e.pdf", "b/x.pdf"]
            .iter()
            .enumerate()
        {
            m.record(Path::new(path), &print(i as u8), 0);
            if i == 2 {
                m.settle();
            }
        }
        m.record(Path::new("a.pdf"), &print(9), 0);
        m.record(Path::new("gone.pdf"), &print(7), 0);
        m.forget(Path::new("gone.pdf"));
        m.forget(Path::new("z/b.pdf"));
        m.settle();
        m.forget(Path::new("a.pdf"));
        assert!(m.lookup("a.pdf").is_none(), "forgotten in place");
        m.record(Path::new("a.pdf"), &print(9), 0);
        m.forget(Path::new("b/x.pdf"));
        assert!(m.lookup("b/x.pdf").is_none(), "forgotten");
        m.record(Path::new("b/x.pdf"), &print(4), 0);
        for (path, byte) in [("a.pdf", 9), ("m/é.pdf", 2), ("m/e.pdf", 3), ("b/x.pdf", 4)] {
            old.insert(path.to_string(), sealed_hex(byte));
        }
        written_as(&mut m, &old);
        // Other versions, other JSON and values that are no fingerprint.
        assert!(Manifest::from_reader(&b"{\"version\": 1, \"files\": {}}"[..]).is_none());
        // Version 2's seals were 32 bytes: a full build, once.
        let version_2 = format!(
            r#"{{"version": 2, "files": {{"a.pdf": "{}"}}}}"#,
            "1".repeat(64)
        );
        assert!(Manifest::from_reader(version_2.as_bytes()).is_none());
        assert!(Manifest::from_reader(&b"[1, 2]"[..]).is_none());
        let odd = br#"{"version": 3, "extra": [1], "files": {"a.pdf": "xyz", "b.pdf": "000000000000000000000000000000AA", "c.pdf": "0000000000000000000000000000000000000000000000000000000000000000"}}"#;
        let mut odd = Manifest::from_reader(&odd[..]).expect("a manifest");
        assert_eq!(odd.written_bytes(), old_format(&Default::default()));
        // A path given twice: the last one counts, as in a map.
        let twice = format!(
            r#"{{"version": 3, "files": {{"b.pdf": "{}", "a.pdf": "{}", "b.pdf": "{}"}}}}"#,
            "1".repeat(32),
            "2".repeat(32),
            "3".repeat(32)
        );
        let mut twice = Manifest::from_reader(twice.as_bytes()).expect("a manifest");
        let mut expected = std::collections::BTreeMap::new();
        expected.insert("a.pdf".to_string(), "2".repeat(32));
        expected.insert("b.pdf".to_string(), "3".repeat(32));
        assert_eq!(twice.written_bytes(), old_format(&expected));
    }

    /// Issue 20 §5: 24 bytes a file (511 904 files for every French
    /// commune: 12 MB, 20 MB with 32-byte seals).
    #[test]
    fn an_entry_is_24_bytes() {
        assert_eq!(std::mem::size_of::<Entry>(), 24);
    }

    /// Paths are kept as a folder and a name: they must come back as they
    /// were, in the order of their strings, whatever their slashes.
    #[test]
    fn paths_split_into_folder_and_name_come_back_whole_and_in_order() {
        let (mut m, mut old) = (Manifest::default(), std::collections::BTreeMap::new());
        let paths = [
            "a-b/c.pdf",
            "a/b.pdf",
            "a.b/c.pdf",
            "x.pdf",
            "/x.pdf",
            "a//b.pdf",
            "a/b/c.pdf",
            "a/",
            "a/b-c.pdf",
            "ab.pdf",
            "a",
            "é/b.pdf",
        ];
        for (i, path) in paths.iter().enumerate() {
            m.record(Path::new(path), &print(i as u8), 0);
            if i == 5 {
                m.settle();
            }
            old.insert(path.to_string(), sealed_hex(i as u8));
        }
        for path in paths {
            assert!(m.lookup(path).is_some(), "{path}");
        }
        assert!(m.lookup("a/b").is_none() && m.lookup("b.pdf").is_none());
        let again = written_as(&mut m, &old);
        // Folders and names are kept once each.
        assert_eq!(again.strings.all.len(), m.strings.all.len());
    }

    #[test]
    fn batches_merged_in_any_order_make_the_same_file() {
        let (mut m, mut old) = (Manifest::default(), std::collections::BTreeMap::new());
        for n in 0..1000u32 {
            // A fixed shuffle of the paths, a settle every 37 of them.
            let i = (n * 389) % 1000;
            let path = format!("c{}/f{}.pdf", i % 17, i);
            m.record(Path::new(&path), &print(i as u8), 0);
            old.insert(path, sealed_hex(i as u8));
            if n % 37 == 0 {
                m.settle();
            }
        }
        written_as(&mut m, &old);
    }
}
