//! What an output depends on, hashed: the materials files, images and fonts
//! it is made from, the print settings and the program's build identity. Two builds
//! with the same fingerprint for a target make the same bytes, so the CLI can
//! skip it (incremental build).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use super::{Target, edition_sheets};
use crate::resolve::{LoadedEdition, Materials};
use crate::source::FileId;

/// The inputs of one target.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Materials files (TOML), in a stable order.
    pub files: Vec<FileId>,
    /// Image files, and the lists of participants of a workshop's kit,
    /// absolute, in a stable order: hashed by their bytes.
    pub images: Vec<PathBuf>,
    /// The parts of files an output uses when it does not use the rest
    /// (a domain's id and title in the « qui fait quoi »), so that an edit
    /// elsewhere in the file does not rewrite it with the same bytes.
    pub parts: Vec<String>,
}

impl Inputs {
    fn file(&mut self, id: Option<FileId>) {
        if let Some(id) = id
            && !self.files.contains(&id)
        {
            self.files.push(id);
        }
    }

    fn image(&mut self, materials: &Materials, path: Option<&str>) {
        if let Some(path) = path {
            let full = materials.root.join(path);
            if !self.images.contains(&full) {
                self.images.push(full);
            }
        }
    }

    /// An experience record's file, and its domains' (their colour,
    /// pictogram and titles).
    fn record(&mut self, materials: &Materials, record: Option<&crate::resolve::ExperienceRecord>) {
        let Some(record) = record else {
            return;
        };
        self.file(Some(record.file));
        for domain in &record.experience.domains {
            if let Some(sheet) = materials.domain(domain) {
                self.file(Some(sheet.file));
                self.image(materials, sheet.domain.pictogram.as_deref());
            }
        }
    }

    /// A sheet's own files and images.
    fn sheet(&mut self, materials: &Materials, domain: &str, edition: LoadedEdition) {
        let Some(sheet) = materials.domain(domain) else {
            return;
        };
        self.file(Some(sheet.file));
        let profile = edition.profile();
        self.file(profile.map(|p| p.file));
        let domain = materials.domain_for(sheet, profile.map(|p| &p.commune));
        self.image(materials, domain.pictogram.as_deref());
        for example in &domain.examples {
            self.image(materials, example.image.as_deref());
            // An example citing a record prints the record's short form.
            let cited = example.experience.as_deref();
            self.file(
                cited
                    .and_then(|id| materials.experience(id))
                    .map(|r| r.file),
            );
        }
        self.image(materials, profile.and_then(|p| p.commune.logo.as_deref()));
        // The commune's box cites its records in the domain.
        for record in (edition.id())
            .map(|id| materials.experiences_of(id))
            .unwrap_or_default()
        {
            if record.experience.domains.contains(&sheet.id) {
                self.file(Some(record.file));
            }
        }
    }
}

/// The files and images `target` is made from (always with `collection.toml`).
pub fn inputs(materials: &Materials, target: &Target) -> Inputs {
    let mut inputs = Inputs::default();
    inputs.file(materials.sources.find("collection.toml"));
    // The « Sigles » box of every sheet comes from the glossary.
    inputs.file(materials.sources.find(crate::load::GLOSSARY_FILE));
    // The commune profile it is made from. One not in memory makes the
    // target refused (see `super::loaded_edition`): what it would hash
    // without it is never recorded as made.
    let edition = super::loaded_edition(materials, target).unwrap_or(LoadedEdition::Generic);
    let profile = edition.profile();
    // A variant is made from what its standard edition is made from.
    match target.standard().0 {
        Target::Sheet { domain, .. } => inputs.sheet(materials, domain, edition),
        Target::Collection { .. } => {
            for sheet in edition_sheets(materials, edition) {
                inputs.sheet(materials, &sheet.id, edition);
            }
            inputs.file(profile.map(|p| p.file));
        }
        Target::Handout { workshop } => {
            if let Some(w) = materials.workshops.iter().find(|w| &w.id == workshop) {
                inputs.file(Some(w.file));
                for domain in &w.workshop.domains {
                    inputs.sheet(materials, domain, edition);
                }
                inputs.file(profile.map(|p| p.file));
                inputs.image(materials, profile.and_then(|p| p.commune.logo.as_deref()));
            }
        }
        Target::Kit { workshop, .. } | Target::Certificate { workshop, .. } => {
            if let Some(w) = materials.workshops.iter().find(|w| &w.id == workshop) {
                inputs.file(Some(w.file));
                if let Some(list) = &w.workshop.participants {
                    inputs
                        .images
                        .push(materials.root.join("ateliers").join(&list.file));
                }
                inputs.file(profile.map(|p| p.file));
            }
        }
        Target::Experience { id } => inputs.record(materials, materials.experience(id)),
        Target::ExperienceCollection { commune } => {
            // A commune's profile may list records of its own.
            inputs.file(profile.map(|p| p.file));
            for record in super::collection_records(materials, commune.as_deref()) {
                inputs.record(materials, Some(record));
            }
        }
        Target::Directory { commune } => {
            // The commune's profile, or what the territory's prints of every
            // profile (their files are not in memory), every record it
            // gathers, and the domains for their titles and order.
            match commune {
                Some(_) => inputs.file(profile.map(|p| p.file)),
                None => {
                    let mut hasher = blake3::Hasher::new();
                    for entry in materials.territory() {
                        hasher.update(format!("{entry:?}").as_bytes());
                    }
                    let hash = hasher.finalize();
                    inputs.parts.push(format!("communes\t{}", hash.to_hex()));
                }
            }
            for record in super::territory::records(materials, commune.as_deref()) {
                inputs.file(Some(record.file));
            }
            // Of the domains, the ids and titles of those it prints, in
            // their order.
            let commune = commune.as_deref();
            let directory = crate::resolve::territory::who_does_what(materials, commune);
            for domain in directory.domains() {
                inputs
                    .parts
                    .push(format!("{}\t{}", domain.id(), domain.title()));
            }
        }
        Target::Variant { .. } => unreachable!("a standard target is no variant"),
    }
    inputs.files.sort();
    inputs.images.sort();
    inputs
}

/// The program's build identity: a hash of its sources, built-in fonts and
/// locked dependencies, computed by `build.rs`. Unlike the package version,
/// it changes with every change of the program that can change an output.
pub const BUILD_ID: &str = env!("ANCRAGE_BUILD_ID");

/// The fingerprint of `target`: a BLAKE3 hash of the program's [`BUILD_ID`],
/// `settings` (print options, in any stable textual form), the text of its
/// materials files, the bytes of its images and of the font family named by
/// `[polices]`. A missing or unreadable image hashes as such, so a later fix
/// changes the fingerprint.
pub fn fingerprint(materials: &Materials, target: &Target, settings: &str) -> [u8; 32] {
    fingerprint_with(materials, target, settings, &Digests::default())
}

/// [`fingerprint`], the image and font files read and hashed once for all
/// the targets `digests` serves (one build).
pub fn fingerprint_with(
    materials: &Materials,
    target: &Target,
    settings: &str,
    digests: &Digests,
) -> [u8; 32] {
    fingerprint_of(BUILD_ID, materials, target, settings, digests)
}

/// The digests of the image and font files of one build, each file read
/// once: every sheet of a domain read and hashed its pictogram, every
/// commune's its logo, and every target the font family, again (two reads
/// per sheet; with the copy of the domain [`Materials::domain_for`] no
/// longer makes, 40 % of the fingerprints' instructions on 1 300 communes ×
/// 1 domain, issue 20 §5). A file edited during the build is seen by the
/// next one.
#[derive(Debug, Default)]
pub struct Digests {
    /// By absolute path: the BLAKE3 hash of the bytes, `None` when unreadable.
    files: Mutex<HashMap<PathBuf, Option<[u8; 32]>>>,
    /// The font files of the family named by `[polices]`, by name.
    fonts: OnceLock<Vec<PathBuf>>,
}

impl Digests {
    /// The hash of the bytes of `path`, `None` when it cannot be read.
    fn of(&self, path: &Path) -> Option<[u8; 32]> {
        let lock = || self.files.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = lock().get(path) {
            return *known;
        }
        // Read outside the lock: two threads may both read a file, and then
        // insert the same digest.
        let digest = std::fs::read(path)
            .ok()
            .map(|b| *blake3::hash(&b).as_bytes());
        lock().insert(path.to_path_buf(), digest);
        digest
    }

    /// The files of the font family `family` in `folder`, sorted.
    fn fonts(&self, folder: &Path, family: &str) -> &[PathBuf] {
        self.fonts.get_or_init(|| {
            let mut names: Vec<PathBuf> = std::fs::read_dir(folder)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(family))
                })
                .collect();
            names.sort();
            names
        })
    }
}

/// [`fingerprint`] as made by the program whose build identity is `program`.
fn fingerprint_of(
    program: &str,
    materials: &Materials,
    target: &Target,
    settings: &str,
    digests: &Digests,
) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    let mut field = |label: &str, bytes: &[u8]| {
        hasher.update(label.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field("program", program.as_bytes());
    field("settings", settings.as_bytes());
    field("target", format!("{target:?}").as_bytes());
    let inputs = inputs(materials, target);
    for id in inputs.files {
        let file = materials.sources.get(id);
        field("file", file.name.as_bytes());
        field("text", file.text.as_bytes());
    }
    for part in &inputs.parts {
        field("part", part.as_bytes());
    }
    for image in inputs.images {
        field("image", image.to_string_lossy().as_bytes());
        match digests.of(&image) {
            Some(digest) => field("digest", &digest),
            None => field("missing", &[]),
        }
    }
    if let (Some(folder), Some(fonts)) = (&materials.font_folder, &materials.collection.fonts) {
        for font in digests.fonts(folder, &fonts.family) {
            field("font", font.to_string_lossy().as_bytes());
            // An unreadable font hashes as zeros.
            field("digest", &digests.of(font).unwrap_or_default());
        }
    }
    *hasher.finalize().as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, resolve};

    fn shipped() -> Materials {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let loaded = load::load(&root).expect("shipped materials");
        resolve::resolve(&loaded).0
    }

    #[test]
    fn a_sheet_depends_on_its_domain_commune_collection_and_images() {
        let m = shipped();
        let target = Target::Sheet {
            domain: "jeunesse".into(),
            edition: crate::model::Edition::Commune("exempleville".into()),
        };
        let inputs = inputs(&m, &target);
        let names: Vec<&str> = inputs
            .files
            .iter()
            .map(|id| m.sources.get(*id).name.as_str())
            .collect();
        assert!(names.contains(&"collection.toml"), "{names:?}");
        assert!(names.contains(&"domaines/jeunesse.toml"), "{names:?}");
        assert!(names.contains(&"communes/exempleville.toml"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("sante")), "{names:?}");
        assert!(
            inputs
                .images
                .iter()
                .any(|p| p.ends_with("images/pictos/jeunesse.png")),
            "{:?}",
            inputs.images
        );
        assert!(
            inputs
                .images
                .iter()
                .any(|p| p.ends_with("images/logos/exempleville.png")),
            "{:?}",
            inputs.images
        );
    }

    #[test]
    fn fingerprints_change_with_settings_and_target_only() {
        let m = shipped();
        let sheet = |d: &str| Target::Sheet {
            domain: d.into(),
            edition: crate::model::Edition::Generic,
        };
        let a = fingerprint(&m, &sheet("jeunesse"), "");
        assert_eq!(a, fingerprint(&m, &sheet("jeunesse"), ""), "stable");
        assert_ne!(a, fingerprint(&m, &sheet("jeunesse"), "gris"));
        assert_ne!(a, fingerprint(&m, &sheet("sante"), ""));
    }

    /// The « qui fait quoi » took every domain file whole: an edited
    /// sentence of a sheet rewrote it with the same bytes. It takes their
    /// titles only, and a new title still redoes it.
    #[test]
    fn the_directory_depends_on_domain_titles_not_their_text() {
        let mut m = shipped();
        let directory = Target::Directory { commune: None };
        let before = fingerprint(&m, &directory, "");
        let sheet = m.domains.iter_mut().find(|d| d.id == "jeunesse").unwrap();
        sheet.domain.summary.push_str(" Une phrase de plus.");
        assert_eq!(before, fingerprint(&m, &directory, ""), "summary edited");
        let sheet = m.domains.iter_mut().find(|d| d.id == "jeunesse").unwrap();
        sheet.domain.title.push_str(" et sport");
        assert_ne!(before, fingerprint(&m, &directory, ""), "title edited");
    }

    #[test]
    fn an_upgraded_program_redoes_up_to_date_outputs() {
        // The fingerprint used to hash CARGO_PKG_VERSION, which stayed 0.1.0
        // across changes of the output (the English hyphenation fix).
        let m = shipped();
        let sheet = Target::Sheet {
            domain: "jeunesse".into(),
            edition: crate::model::Edition::Generic,
        };
        assert_eq!(BUILD_ID.len(), 32, "{BUILD_ID}");
        assert_ne!(BUILD_ID, env!("CARGO_PKG_VERSION"));
        assert_ne!(
            fingerprint(&m, &sheet, ""),
            fingerprint_of("another build", &m, &sheet, "", &Digests::default())
        );
    }

    #[test]
    fn a_collection_depends_on_every_sheet_of_its_edition() {
        let m = shipped();
        let inputs = inputs(
            &m,
            &Target::Collection {
                edition: crate::model::Edition::Generic,
            },
        );
        let domains = inputs
            .files
            .iter()
            .filter(|id| m.sources.get(**id).name.starts_with("domaines/"))
            .count();
        assert_eq!(domains, m.domains.len());
    }
}
