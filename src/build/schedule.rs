//! What a selection builds, edition by edition ([`Schedule`]): the editions,
//! the handouts and the experience sheets, in a stable order, and the
//! targets of each edition once its commune profile is in memory.

use super::{
    DIRECTORY_FILE, EXPERIENCE_COLLECTION, EXPERIENCES, Edition, GENERIC, KitDocument,
    LARGE_PRINT_SUFFIX, Selection, Target, Variant, edition_sheets, kit, workshop,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::resolve::{LoadedEdition, Materials};

/// What a selection builds, edition by edition: the targets of an edition
/// are only listed when it is built, its commune profile then in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// The editions, in order: the generic one first, then the communes'.
    pub editions: Vec<Edition>,
    /// Only these domains (empty: every sheet, with the collections).
    domains: Vec<String>,
    /// The workshops whose handouts are made, before the editions.
    pub workshops: Vec<String>,
    /// The experience records whose sheets are made, with the handouts.
    pub experiences: Vec<String>,
    /// Whether the territory's « qui fait quoi » is made, with the handouts
    /// (from [`Materials::territory`]: no commune profile read back).
    pub directory: bool,
    /// The collection of experiences is made, after the records' sheets
    /// (a build with no filter).
    pub experience_collection: bool,
    /// How every file is printed (grey levels, bleed): see [`Schedule::in_variant`].
    print: Variant,
    /// Every edition and handout is also made in large print (the
    /// collection's `[impression] gros_caracteres`, or `--gros-caracteres`);
    /// else only those of the communes whose profile asks for it.
    large_print: bool,
    /// Only the certificate of the participant at this row of the one
    /// workshop's list (`--participant`): see [`Schedule::for_participant`].
    participant: Option<usize>,
}

impl Schedule {
    /// The same schedule with every file in the print variant `print` (grey
    /// levels, bleed), and, when `print.large_print`, every edition and
    /// handout in large print too, next to its standard edition.
    pub fn in_variant(mut self, print: Variant) -> Schedule {
        self.large_print |= print.large_print;
        self.print = Variant {
            large_print: false,
            ..print
        };
        self
    }

    /// The same schedule making only the certificate of attendance of the
    /// participant `query` names (a row number or a part of a name, see
    /// [`kit::find_participant`]) in its one workshop; an error names no one.
    pub fn for_participant(
        mut self,
        materials: &Materials,
        query: &str,
    ) -> Result<Schedule, Diagnostics> {
        let only = match self.workshops.as_slice() {
            [id] => workshop(materials, id).expect("scheduled workshops exist"),
            _ => {
                let mut problems = Diagnostics::default();
                problems.push(
                    Diagnostic::error("--participant demande un atelier, et un seul")
                        .with_hint("ajoutez --atelier <identifiant de l’atelier>"),
                );
                return Err(problems);
            }
        };
        match kit::find_participant(only, query) {
            Ok(line) => {
                self.participant = Some(line);
                self.editions.clear();
                self.experiences.clear();
                Ok(self)
            }
            Err(d) => {
                let mut problems = Diagnostics::default();
                problems.push(*d);
                Err(problems)
            }
        }
    }

    /// Whether the large-print edition of `edition` is made too.
    fn large_print_of(&self, edition: LoadedEdition) -> bool {
        self.large_print || edition.commune().is_some_and(|c| c.large_print())
    }

    /// `standard` targets in this schedule's print variant, then, when
    /// `large`, the same in large print.
    fn with_variants(&self, standard: Vec<Target>, large: bool, out: &mut Vec<Target>) {
        let large_print = Variant {
            large_print: true,
            ..self.print
        };
        if large {
            // The workshop kit has no large-print edition: its badges and
            // table tents have fixed sizes, and its attendance sheet and
            // certificates overflow their tables and frames at 14 pt.
            let again: Vec<Target> = standard
                .iter()
                .filter(|t| !matches!(t, Target::Kit { .. } | Target::Certificate { .. }))
                .map(|t| t.clone().in_variant(large_print))
                .collect();
            out.extend(standard.into_iter().map(|t| t.in_variant(self.print)));
            out.extend(again);
        } else {
            out.extend(standard.into_iter().map(|t| t.in_variant(self.print)));
        }
    }

    /// At most how many targets the schedule makes: with a list of domains,
    /// that many sheets per edition, plus the handouts; without, no useful
    /// bound (every sheet and the collections).
    pub fn most_targets(&self) -> usize {
        if self.domains.is_empty() {
            return usize::MAX;
        }
        // A commune's profile may ask for its large-print edition too.
        self.editions
            .len()
            .saturating_mul(self.domains.len())
            .saturating_add(self.workshops.len() * (1 + KitDocument::ALL.len()))
            .saturating_add(self.experiences.len())
            .saturating_add(usize::from(self.experience_collection))
            .saturating_mul(2)
    }

    /// The targets of these editions (taken from [`Schedule::editions`],
    /// their profiles in memory), in order: each edition's sheets, then its
    /// collection.
    pub fn targets(&self, materials: &Materials, editions: &[LoadedEdition]) -> Vec<Target> {
        let mut targets = Vec::new();
        for &loaded in editions {
            let edition = Edition::of(loaded.id());
            let mut standard = Vec::new();
            for sheet in edition_sheets(materials, loaded) {
                if self.domains.is_empty() || self.domains.contains(&sheet.id) {
                    standard.push(Target::Sheet {
                        domain: sheet.id.clone(),
                        edition: edition.clone(),
                    });
                }
            }
            if self.domains.is_empty() {
                standard.push(Target::Collection {
                    edition: edition.clone(),
                });
                // A commune's collection of experiences, when records
                // concern it, and its « qui fait quoi », when anything does.
                if let Some(id) = loaded.id()
                    && !materials.experiences_of(id).is_empty()
                {
                    standard.push(Target::ExperienceCollection {
                        commune: Some(id.to_string()),
                    });
                }
                // A commune's « qui fait quoi », when something concerns it.
                if let Some(id) = loaded.id()
                    && !crate::resolve::territory::who_does_what(materials, Some(id)).is_empty()
                {
                    standard.push(Target::Directory {
                        commune: Some(id.to_string()),
                    });
                }
            }
            self.with_variants(standard, self.large_print_of(loaded), &mut targets);
        }
        targets
    }

    /// At most how many files the schedule writes, and how many bytes their
    /// paths take (relative to the output folder): every domain's sheet in
    /// each edition unless a list of domains was given, its collection, and
    /// each handout with its imposed booklet. For the build's manifest to
    /// make room for them at once.
    pub fn paths_bound(&self, materials: &Materials) -> (usize, usize) {
        let names: Vec<usize> = if self.domains.is_empty() {
            materials.domains.iter().map(|d| d.id.len() + 4).collect()
        } else {
            self.domains.iter().map(|d| d.len() + 4).collect()
        };
        // The collection and the commune's « qui fait quoi ».
        let per_edition = names.len() + 2 * usize::from(self.domains.is_empty());
        let name_bytes = names.iter().sum::<usize>()
            + if self.domains.is_empty() {
                "recueil.pdf".len() + DIRECTORY_FILE.len()
            } else {
                0
            };
        let (mut files, mut bytes) = (0usize, 0usize);
        let suffix = self.print.suffix().len();
        for edition in &self.editions {
            let folder = edition.folder().len() + 1;
            files = files.saturating_add(per_edition);
            bytes = bytes.saturating_add((folder + suffix) * per_edition + name_bytes);
        }
        for id in &self.workshops {
            files = files.saturating_add(2);
            let stem = "ateliers/".len() + id.len() + suffix;
            bytes = bytes.saturating_add(2 * stem + ".pdf".len() + "-impression.pdf".len());
            // Its kit's documents.
            for target in workshop(materials, id)
                .map(kit::targets)
                .unwrap_or_default()
            {
                files = files.saturating_add(1);
                bytes = bytes.saturating_add(target.path().to_string_lossy().len() + suffix);
            }
        }
        if self.directory {
            files = files.saturating_add(1);
            let path = EXPERIENCES.len() + 1 + DIRECTORY_FILE.len() + suffix;
            bytes = bytes.saturating_add(path);
        }
        let collection = self.experience_collection.then_some(EXPERIENCE_COLLECTION);
        for id in self
            .experiences
            .iter()
            .map(String::as_str)
            .chain(collection)
        {
            files = files.saturating_add(1);
            let path = EXPERIENCES.len() + 1 + id.len() + suffix + ".pdf".len();
            bytes = bytes.saturating_add(path);
        }
        // Every file again in large print (a commune's own request is not
        // known before its profile is read: the manifest grows then).
        if self.large_print {
            let large = LARGE_PRINT_SUFFIX.len();
            bytes = bytes.saturating_mul(2).saturating_add(files * large);
            files = files.saturating_mul(2);
        }
        (files, bytes)
    }

    /// The handouts (made first), each in large print too when the schedule or the
    /// profile of the workshop's commune asks for it (the profile must be
    /// in memory: see [`Schedule::handout_communes`]).
    pub fn handouts(&self, materials: &Materials) -> Vec<Target> {
        let mut targets = Vec::new();
        for id in &self.workshops {
            let w = workshop(materials, id);
            let commune = w.and_then(|w| w.workshop.commune.as_deref());
            // A profile not in memory (not listed by `handout_communes`)
            // asks for nothing more; its handout then reports it.
            let edition = materials.edition_of(commune);
            let large = self.large_print_of(edition.unwrap_or(LoadedEdition::Generic));
            let standard = match self.participant {
                Some(line) => vec![Target::Certificate {
                    workshop: id.clone(),
                    line,
                }],
                None => {
                    // The booklet, then its kit (issue 22).
                    let mut standard = vec![Target::Handout {
                        workshop: id.clone(),
                    }];
                    standard.extend(w.map(kit::targets).unwrap_or_default());
                    standard
                }
            };
            self.with_variants(standard, large, &mut targets);
        }
        // Then the experience sheets and their collection (no commune
        // profile needed), in the print variant, and in large print when
        // every output is.
        let mut standard: Vec<Target> = self
            .experiences
            .iter()
            .map(|id| Target::Experience { id: id.clone() })
            .collect();
        if self.experience_collection {
            standard.push(Target::ExperienceCollection { commune: None });
        }
        self.with_variants(standard, self.large_print, &mut targets);
        // Then the territory's « qui fait quoi ».
        if self.directory {
            let standard = vec![Target::Directory { commune: None }];
            self.with_variants(standard, self.large_print, &mut targets);
        }
        targets
    }

    /// The communes whose profiles the handouts need: those of the
    /// workshops. The territory's « qui fait quoi » needs none
    /// ([`Materials::territory`]).
    pub fn handout_communes<'m>(&self, materials: &'m Materials) -> Vec<&'m str> {
        self.workshops
            .iter()
            .filter_map(|id| workshop(materials, id))
            .filter_map(|w| w.workshop.commune.as_deref())
            .collect()
    }
}

/// The editions and handouts of a selection, in a stable order; unknown ids
/// are errors.
pub fn schedule(materials: &Materials, selection: &Selection) -> Result<Schedule, Diagnostics> {
    // 1. Every id asked for must exist.
    let mut problems = Diagnostics::default();
    for id in selection.editions.iter().filter_map(Edition::commune) {
        if !materials.has_commune(id) {
            let known = materials.roster.iter().map(|c| c.id.as_str());
            problems.push(unknown("commune", id, known.chain([GENERIC])));
        }
    }
    for id in &selection.domains {
        if materials.domain(id).is_none() {
            problems.push(unknown(
                "fiche",
                id,
                materials.domains.iter().map(|d| d.id.as_str()),
            ));
        }
    }
    for id in &selection.experiences {
        // The collection's name is reserved (no record takes it): it asks
        // for the collection alone.
        if materials.experience(id).is_none() && id != EXPERIENCE_COLLECTION {
            problems.push(unknown(
                "expérience",
                id,
                materials.experiences.iter().map(|e| e.id.as_str()),
            ));
        }
    }
    for id in &selection.workshops {
        if workshop(materials, id).is_none() {
            problems.push(unknown(
                "atelier",
                id,
                materials.workshops.iter().map(|w| w.id.as_str()),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // 2. Editions, unless only workshops are asked for.
    let only_workshops = !(selection.workshops.is_empty() && selection.experiences.is_empty())
        && selection.editions.is_empty()
        && selection.domains.is_empty();
    let mut schedule = Schedule {
        domains: selection.domains.clone(),
        large_print: materials
            .collection
            .printing
            .as_ref()
            .is_some_and(|p| p.large_print),
        ..Schedule::default()
    };
    if !only_workshops {
        let asked = |edition: &Edition| {
            selection.editions.is_empty() || selection.editions.contains(edition)
        };
        if asked(&Edition::Generic) {
            schedule.editions.push(Edition::Generic);
        }
        for listed in &materials.roster {
            let edition = Edition::Commune(listed.id.clone());
            if asked(&edition) {
                schedule.editions.push(edition);
            }
        }
    }
    // 3. Handouts: all of them with no filter, else the ones asked for.
    let all = selection.editions.is_empty() && selection.domains.is_empty();
    let none_named = selection.workshops.is_empty() && selection.experiences.is_empty();
    for w in &materials.workshops {
        if selection.workshops.contains(&w.id) || (all && none_named) {
            schedule.workshops.push(w.id.clone());
        }
    }
    // 4. The territory's « qui fait quoi », in a build of everything.
    schedule.directory = all && none_named;
    // 5. Experience sheets: every one with no filter (the drafts are left
    //    out of the materials unless `--brouillons`), and their collection;
    //    else the ones asked for.
    for e in &materials.experiences {
        if selection.experiences.contains(&e.id) || (all && none_named) {
            schedule.experiences.push(e.id.clone());
        }
    }
    let named = selection
        .experiences
        .iter()
        .any(|id| id == EXPERIENCE_COLLECTION);
    schedule.experience_collection =
        !materials.experiences.is_empty() && (named || (all && none_named));
    Ok(schedule)
}

fn unknown<'a>(what: &str, id: &str, known: impl Iterator<Item = &'a str>) -> Diagnostic {
    let known: Vec<&str> = known.collect();
    let d = Diagnostic::error(format!("{what} « {id} » inconnue"));
    match crate::resolve::values::closest(id, known.iter().copied()) {
        Some(s) => d.with_hint(format!("vouliez-vous dire « {s} » ?")),
        None => d.with_hint(format!("identifiants possibles : {}", known.join(", "))),
    }
}
