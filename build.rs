//! Build script: computes the program's build identity, a hash of everything
//! that can change a byte of output (the sources, the built-in fonts, the
//! locked dependency versions), and hands it to the crate as
//! `ANCRAGE_BUILD_ID`. The incremental build puts it in every output's
//! fingerprint, so a new program redoes what it would print differently,
//! whereas the package version (0.1.0) never moved.

use std::fs;
use std::path::{Path, PathBuf};

/// What the output depends on besides the materials, relative to the crate.
/// `Cargo.lock` stands for the dependencies: a new hyphenation pattern set or
/// shaper changes the pages as surely as our own code does.
const INPUTS: [&str; 3] = ["src", "fonts", "Cargo.lock"];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo::rerun-if-changed={input}");
        collect(&root.join(input), &mut files);
    }
    files.sort();
    let mut hash = Fnv128::new();
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        // Separators are hashed as '/', so the identity does not depend on the host.
        let name = relative.to_string_lossy().replace('\\', "/");
        let bytes = fs::read(file).unwrap_or_default();
        hash.field(name.as_bytes());
        hash.field(&bytes);
    }
    println!("cargo::rustc-env=ANCRAGE_BUILD_ID={:032x}", hash.finish());
}

/// Every regular file under `path` (or `path` itself), recursively.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}

/// 128-bit FNV-1a: a build script cannot use the crate's dependencies, and
/// this identity needs to be stable and well spread, not cryptographic.
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;

    fn new() -> Self {
        Self(Self::OFFSET)
    }

    /// Hashes the length first, so that two fields cannot run into each other.
    fn field(&mut self, bytes: &[u8]) {
        for &byte in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u128::from(byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u128 {
        self.0
    }
}
