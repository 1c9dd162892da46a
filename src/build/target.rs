//! The output files of a build: each [`Target`], in its standard colour
//! edition or in a [`Variant`] (large print, grey levels, bleed), and the
//! paths they are written to.

use std::path::PathBuf;

use crate::model::Edition;

/// One output file (and, for a booklet, its imposed print file).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// One sheet, in the generic edition or a commune's.
    Sheet {
        /// Domain id.
        domain: String,
        /// Its edition.
        edition: Edition,
    },
    /// The collection of all the sheets of an edition.
    Collection {
        /// Its edition.
        edition: Edition,
    },
    /// A workshop handout.
    Handout {
        /// Workshop id.
        workshop: String,
    },
    /// A document of a workshop's kit (`output/ateliers/<id>-<suffix>.pdf`,
    /// see [`KitDocument::suffix`]).
    Kit {
        /// Workshop id.
        workshop: String,
        /// Which document.
        document: KitDocument,
    },
    /// The certificate of attendance of one participant, asked for with
    /// `--participant` (`output/ateliers/<id>-attestation-ligne-<n>.pdf`:
    /// named by the row of the spreadsheet, never by the person).
    Certificate {
        /// Workshop id.
        workshop: String,
        /// The participant's row in the spreadsheet.
        line: usize,
    },
    /// An experience record's sheet (`output/experiences/<id>.pdf`).
    Experience {
        /// Record id.
        id: String,
    },
    /// « Qui fait quoi ? », the directory of who acts where and with whom:
    /// the territory's (`output/experiences/qui-fait-quoi.pdf`) or, for a
    /// commune, what concerns it (`output/<commune>/qui-fait-quoi.pdf`).
    Directory {
        /// Commune id.
        commune: Option<String>,
    },
    /// The collection of experiences (`output/experiences/recueil-experiences.pdf`;
    /// for a commune, in its folder).
    ExperienceCollection {
        /// Commune id.
        commune: Option<String>,
    },
    /// Another edition of a target: large print, grey levels, bleed. Its
    /// files take the variant's suffix, next to the colour edition's, and
    /// the manifest tracks them apart. Made by [`Target::in_variant`].
    Variant {
        /// The target in its standard colour edition.
        of: Box<Target>,
        /// What sets it apart.
        variant: Variant,
    },
}

/// The documents of a workshop's kit (issue 22), printed for the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KitDocument {
    /// The signed attendance list, a table per half-day.
    Emargement,
    /// Name badges, 8 per A4.
    Badges,
    /// Table tents of the speakers, A4 landscape folded in two.
    Chevalets,
    /// The evaluation questionnaire.
    Evaluation,
    /// The certificates of attendance, one page per participant present.
    Attestations,
}

impl KitDocument {
    /// Every document, in the order of the build.
    pub const ALL: [KitDocument; 5] = [
        KitDocument::Emargement,
        KitDocument::Badges,
        KitDocument::Chevalets,
        KitDocument::Evaluation,
        KitDocument::Attestations,
    ];

    /// The suffix of its file after the workshop's id (`-emargement`).
    pub fn suffix(self) -> &'static str {
        match self {
            KitDocument::Emargement => "-emargement",
            KitDocument::Badges => "-badges",
            KitDocument::Chevalets => "-chevalets",
            KitDocument::Evaluation => "-evaluation",
            KitDocument::Attestations => "-attestations",
        }
    }

    /// Whether it is made from the list of participants (the table tents
    /// and the questionnaire come from the programme alone).
    pub fn needs_participants(self) -> bool {
        matches!(
            self,
            KitDocument::Emargement | KitDocument::Badges | KitDocument::Attestations
        )
    }
}

/// What sets the files of an edition apart from the standard colour
/// edition, in this order in their names: `-gros-caracteres`, `-gris`,
/// `-fond-perdu` (`jeunesse-gros-caracteres-gris.pdf`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Variant {
    /// The large-print edition: its own typesetting profile
    /// ([`crate::compose::profile::Profile::LargePrint`]).
    pub large_print: bool,
    /// Every colour converted to grey levels.
    pub grayscale: bool,
    /// Pages grown by a bleed (with or without crop marks), for a print shop.
    pub bleed: bool,
}

impl Variant {
    /// The print variant the export options make (grey levels, bleed or
    /// crop marks), in the standard typesetting.
    pub fn of_print(options: &crate::export::Options) -> Variant {
        Variant {
            large_print: false,
            grayscale: options.grayscale,
            bleed: options.bleed_mm > 0.0 || options.crop_marks,
        }
    }

    /// The suffix of its files' names, before `.pdf` (empty for the
    /// standard colour edition).
    pub fn suffix(&self) -> String {
        let mut suffix = String::new();
        for (on, part) in [
            (self.large_print, LARGE_PRINT_SUFFIX),
            (self.grayscale, "-gris"),
            (self.bleed, "-fond-perdu"),
        ] {
            if on {
                suffix.push_str(part);
            }
        }
        suffix
    }

    /// The typesetting profile of its files.
    pub fn profile(&self) -> crate::compose::profile::Profile {
        if self.large_print {
            crate::compose::profile::Profile::LargePrint
        } else {
            crate::compose::profile::Profile::Standard
        }
    }
}

/// The file name (without `.pdf`) of the collection of experiences.
pub const EXPERIENCE_COLLECTION: &str = "recueil-experiences";

/// The suffix of the large-print edition's files.
pub const LARGE_PRINT_SUFFIX: &str = "-gros-caracteres";

/// Every suffix a variant adds to a file name: an id ending with one would
/// name another file's variant (see [`crate::resolve::reserved_id`]).
pub const VARIANT_SUFFIXES: [&str; 3] = [LARGE_PRINT_SUFFIX, "-gris", "-fond-perdu"];

impl Target {
    /// The files whose values this target prints beyond its sheets, where a
    /// warning about its text is looked for first: the collection's file
    /// (a recueil's cover) and the edition's commune, a workshop's file, an
    /// experience record's.
    pub fn files(
        &self,
        materials: &crate::resolve::Materials,
        edition: crate::resolve::LoadedEdition,
    ) -> Vec<crate::source::FileId> {
        let workshop = |id: &str| materials.workshops.iter().find(|w| w.id == id);
        let own = match self.standard().0 {
            Target::Handout { workshop: id }
            | Target::Kit { workshop: id, .. }
            | Target::Certificate { workshop: id, .. } => workshop(id).map(|w| w.file),
            Target::Experience { id } => materials.experience(id).map(|r| r.file),
            _ => None,
        };
        own.into_iter()
            .chain(edition.profile().map(|p| p.file))
            .chain(materials.sources.find("collection.toml"))
            .collect()
    }

    /// Path of the file relative to the output folder.
    pub fn path(&self) -> PathBuf {
        self.path_with("")
    }

    /// The path with `suffix` before `.pdf`.
    fn path_with(&self, suffix: &str) -> PathBuf {
        match self {
            Target::Sheet { domain, edition } => {
                PathBuf::from(edition.folder()).join(format!("{domain}{suffix}.pdf"))
            }
            Target::Collection { edition } => {
                PathBuf::from(edition.folder()).join(format!("recueil{suffix}.pdf"))
            }
            Target::Handout { workshop } => {
                PathBuf::from("ateliers").join(format!("{workshop}{suffix}.pdf"))
            }
            Target::Kit { workshop, document } => PathBuf::from("ateliers")
                .join(format!("{workshop}{}{suffix}.pdf", document.suffix())),
            Target::Certificate { workshop, line } => PathBuf::from("ateliers")
                .join(format!("{workshop}-attestation-ligne-{line}{suffix}.pdf")),
            Target::Experience { id } => {
                PathBuf::from(super::EXPERIENCES).join(format!("{id}{suffix}.pdf"))
            }
            Target::Directory { commune } => {
                let folder = commune.as_deref().unwrap_or(super::EXPERIENCES);
                let stem = crate::compose::who_does_what::FILE_STEM;
                PathBuf::from(folder).join(format!("{stem}{suffix}.pdf"))
            }
            Target::ExperienceCollection { commune } => {
                let folder = commune.as_deref().unwrap_or(super::EXPERIENCES);
                PathBuf::from(folder).join(format!("{EXPERIENCE_COLLECTION}{suffix}.pdf"))
            }
            Target::Variant { of, variant } => {
                of.path_with(&format!("{}{suffix}", variant.suffix()))
            }
        }
    }

    /// Path of the imposed print file of a booklet, relative to the output
    /// folder. A large-print handout is no booklet: it stays on A4.
    pub fn imposed_path(&self) -> Option<PathBuf> {
        match self {
            Target::Handout { .. } => Some(self.path_with("-impression")),
            Target::Variant { variant, .. } if variant.large_print => None,
            Target::Variant { of, variant } => of
                .imposed_path()
                .map(|_| of.path_with(&format!("{}-impression", variant.suffix()))),
            _ => None,
        }
    }

    /// This target in `variant`: itself for the standard colour edition.
    pub fn in_variant(self, variant: Variant) -> Target {
        let (of, variant) = match self {
            Target::Variant { of, variant: own } => (
                of,
                Variant {
                    large_print: own.large_print || variant.large_print,
                    grayscale: own.grayscale || variant.grayscale,
                    bleed: own.bleed || variant.bleed,
                },
            ),
            other => (Box::new(other), variant),
        };
        if variant == Variant::default() {
            *of
        } else {
            Target::Variant { of, variant }
        }
    }

    /// The target in its standard colour edition, and its variant.
    pub fn standard(&self) -> (&Target, Variant) {
        match self {
            Target::Variant { of, variant } => (of, *variant),
            other => (other, Variant::default()),
        }
    }

    /// Whether it is a sheet (in any variant).
    pub fn is_sheet(&self) -> bool {
        matches!(self.standard().0, Target::Sheet { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_paths() {
        let sheet = Target::Sheet {
            domain: "eau".into(),
            edition: Edition::Generic,
        };
        assert_eq!(sheet.path(), PathBuf::from("generique/eau.pdf"));
        let handout = Target::Handout {
            workshop: "atelier-7".into(),
        };
        assert_eq!(handout.path(), PathBuf::from("ateliers/atelier-7.pdf"));
        assert_eq!(
            handout.imposed_path(),
            Some(PathBuf::from("ateliers/atelier-7-impression.pdf"))
        );
        assert_eq!(sheet.imposed_path(), None);
        let kit = Target::Kit {
            workshop: "atelier-7".into(),
            document: KitDocument::Emargement,
        };
        assert_eq!(
            kit.path(),
            PathBuf::from("ateliers/atelier-7-emargement.pdf")
        );
        assert_eq!(kit.imposed_path(), None);
        let grey = Variant {
            grayscale: true,
            ..Variant::default()
        };
        assert_eq!(
            kit.in_variant(grey).path(),
            PathBuf::from("ateliers/atelier-7-emargement-gris.pdf")
        );
    }

    /// Issue 18, point 7: each variant has its own name, suffixes in the
    /// order large print, grey, bleed; the standard edition keeps its own.
    #[test]
    fn variant_paths_never_name_the_colour_edition() {
        let sheet = Target::Sheet {
            domain: "eau".into(),
            edition: Edition::Commune("exempleville".into()),
        };
        let handout = Target::Handout {
            workshop: "atelier-7".into(),
        };
        let grey = Variant {
            grayscale: true,
            ..Variant::default()
        };
        let all = Variant {
            large_print: true,
            grayscale: true,
            bleed: true,
        };
        assert_eq!(sheet.clone().in_variant(Variant::default()), sheet);
        assert_eq!(
            sheet.clone().in_variant(grey).path(),
            PathBuf::from("exempleville/eau-gris.pdf")
        );
        assert_eq!(
            sheet.clone().in_variant(all).path(),
            PathBuf::from("exempleville/eau-gros-caracteres-gris-fond-perdu.pdf")
        );
        let grey_handout = handout.clone().in_variant(grey);
        assert_eq!(
            grey_handout.imposed_path(),
            Some(PathBuf::from("ateliers/atelier-7-gris-impression.pdf"))
        );
        // Large print is no booklet: no imposed file.
        assert_eq!(handout.clone().in_variant(all).imposed_path(), None);
        // A variant of a variant is one variant.
        let twice = grey_handout.in_variant(Variant {
            bleed: true,
            ..Variant::default()
        });
        assert_eq!(
            twice.path(),
            PathBuf::from("ateliers/atelier-7-gris-fond-perdu.pdf")
        );
        assert_eq!(
            twice.standard(),
            (
                &handout,
                Variant {
                    bleed: true,
                    ..grey
                }
            )
        );
    }
}
