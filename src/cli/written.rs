//! The files a build wrote, kept for the list printed at the end (one a
//! line, or counted by folder): each as the numbers of its folder and its
//! name, 8 bytes a file. As a `PathBuf` each (about 100 bytes with its
//! allocation), they were the largest part of what a build for every French
//! commune (512 000 files) kept growing through its editions (issue 20 §5).

use std::ffi::{OsStr, OsString};
use std::path::{Component, Path, PathBuf};

use rustc_hash::FxHashMap;

/// Paths numbered in the order met, each kept once.
#[derive(Debug, Default)]
struct Interned {
    numbers: FxHashMap<OsString, u32>,
}

impl Interned {
    fn number(&mut self, path: &OsStr) -> u32 {
        if let Some(&n) = self.numbers.get(path) {
            return n;
        }
        let n = u32::try_from(self.numbers.len()).expect("fewer than 4 billion paths");
        self.numbers.insert(path.to_os_string(), n);
        n
    }

    /// The paths, by number.
    fn paths(&self) -> Vec<&OsStr> {
        let mut paths = vec![OsStr::new(""); self.numbers.len()];
        for (path, &n) in &self.numbers {
            paths[n as usize] = path;
        }
        paths
    }
}

/// The files written, in the order recorded.
#[derive(Debug, Default)]
pub(super) struct Written {
    folders: Interned,
    names: Interned,
    /// Folder and name of each file.
    files: Vec<(u32, u32)>,
    /// Paths that are not their folder joined with their name (none that
    /// a build writes; kept whole so that the list stays exact).
    odd: Vec<PathBuf>,
}

impl Written {
    /// Records a file written.
    pub(super) fn push(&mut self, path: &Path) {
        match (path.parent(), path.file_name()) {
            (Some(folder), Some(name)) if folder.join(name) == path => {
                let folder = self.folders.number(folder.as_os_str());
                let name = self.names.number(name);
                self.files.push((folder, name));
            }
            _ => self.odd.push(path.to_path_buf()),
        }
    }

    /// The files written, sorted as paths are (component by component).
    pub(super) fn sorted(self) -> Vec<PathBuf> {
        let Written {
            folders,
            names,
            mut files,
            odd,
        } = self;
        let (folder_paths, name_paths) = (folders.paths(), names.paths());
        let folder = |n: u32| Path::new(folder_paths[n as usize]);
        let name = |n: u32| name_paths[n as usize];
        // Two files of different folders compare as their folders do, unless
        // one folder holds the other (its files then compare with the
        // subfolder's name): the folders' ranks, else every component.
        let mut order: Vec<u32> = (0..folder_paths.len() as u32).collect();
        order.sort_by(|&a, &b| folder(a).cmp(folder(b)));
        let mut rank = vec![0; order.len()];
        for (r, &f) in order.iter().enumerate() {
            rank[f as usize] = r;
        }
        let nested = folder_paths.iter().any(|f| {
            (Path::new(f).ancestors().skip(1)).any(|a| folders.numbers.contains_key(a.as_os_str()))
        });
        let components = |(f, n): (u32, u32)| {
            folder(f)
                .components()
                .chain(std::iter::once(Component::Normal(name(n))))
        };
        files.sort_by(|&a, &b| match () {
            _ if a.0 == b.0 => name(a.1).cmp(name(b.1)),
            _ if !nested => rank[a.0 as usize].cmp(&rank[b.0 as usize]),
            _ => components(a).cmp(components(b)),
        });
        let mut paths: Vec<PathBuf> = (files.into_iter())
            .map(|(f, n)| folder(f).join(name(n)))
            .collect();
        if !odd.is_empty() {
            paths.extend(odd);
            paths.sort();
        }
        paths
    }

    /// How many files were recorded.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.files.len() + self.odd.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list is the one the paths themselves, sorted, made: with folders
    /// that hold others, names that sort between a folder's subfolders, and
    /// the same folder met again later.
    #[test]
    fn the_files_written_are_listed_in_the_order_of_their_paths() {
        let paths = [
            "out/b/x.pdf",
            "out/a/z.pdf",
            "out/a-b/c.pdf",
            "out/a/y.pdf",
            "out/b/a.pdf",
            "out/generique/recueil.pdf",
            "out/ateliers/l.pdf",
            "out/a/b/c.pdf",
            "out/a/c.pdf",
            "out/a.pdf",
            "x.pdf",
        ];
        for nested in [true, false] {
            let mut written = Written::default();
            let chosen: Vec<&str> = (paths.iter().copied())
                .filter(|p| nested || !p.starts_with("out/a/b/"))
                .collect();
            for p in &chosen {
                written.push(Path::new(p));
            }
            assert_eq!(written.len(), chosen.len());
            let mut expected: Vec<PathBuf> = chosen.iter().map(PathBuf::from).collect();
            expected.sort();
            assert_eq!(written.sorted(), expected, "nested folders: {nested}");
        }
    }

    /// 8 bytes a file, whatever its path, once its folder and name are known.
    #[test]
    fn a_file_written_costs_two_numbers() {
        let mut written = Written::default();
        for commune in 0..100 {
            for sheet in ["jeunesse.pdf", "eau.pdf", "recueil.pdf"] {
                written.push(
                    &Path::new("/tmp/sortie")
                        .join(format!("commune-{commune:05}"))
                        .join(sheet),
                );
            }
        }
        assert_eq!(written.files.len(), 300);
        assert_eq!(written.folders.numbers.len(), 100);
        assert_eq!(written.names.numbers.len(), 3);
        assert!(written.odd.is_empty());
    }
}
