//! Helpers shared by the integration tests (each test file includes this
//! module with `mod common;` and uses what it needs).

#![allow(dead_code)]

use std::fs;
use std::path::Path;

/// Copies the folder `from` into `to`, recursively (a fixture into a
/// temporary folder the test may change).
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
