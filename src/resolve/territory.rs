//! « Qui fait quoi » (issue 21): who acts in each domain across the
//! territory, with which associations and in which countries, gathered
//! from the commune profiles (their `actions` and `partenaires`) and the
//! experience records. Only what the materials hold: nothing is inferred.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::diag::Diagnostics;
use crate::model::{Contact, Nature};

use super::{CommuneProfile, Materials};

/// A string met in many profiles (an association's name and site, a
/// territory, a domain id, an action's title), kept once
/// ([`Materials::territory`] of 34 900 communes).
pub type Shared = Arc<str>;

/// The strings of the entries being gathered, each kept once; shared by
/// rayon's threads, and let go with the gathering.
#[derive(Default)]
struct Interner(Mutex<HashSet<Shared>>);

impl Interner {
    /// `text`, shared with every other entry that holds it.
    fn get(&self, text: &str) -> Shared {
        // A panic elsewhere leaves the set whole: a poisoned lock is still used.
        let mut set = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(shared) = set.get(text) {
            return shared.clone();
        }
        let shared: Shared = text.into();
        set.insert(shared.clone());
        shared
    }

    fn some(&self, text: &Option<String>) -> Option<Shared> {
        text.as_deref().map(|t| self.get(t))
    }
}

/// A public contact as the directory prints it: service, telephone,
/// e-mail and site (not the postal address).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reach {
    /// Its service.
    pub service: Option<Shared>,
    /// Its telephone.
    pub phone: Option<Shared>,
    /// Its e-mail address.
    pub email: Option<Shared>,
    /// Its website.
    pub website: Option<Shared>,
}

impl Reach {
    fn of(contact: &Contact, interner: &Interner) -> Reach {
        Reach {
            service: interner.some(&contact.service),
            phone: interner.some(&contact.phone),
            email: interner.some(&contact.email),
            website: interner.some(&contact.website),
        }
    }

    /// Whether it holds anything printed.
    pub fn has_any(&self) -> bool {
        self.service.is_some()
            || self.phone.is_some()
            || self.email.is_some()
            || self.website.is_some()
    }
}

/// What the territory's « qui fait quoi » prints of one commune profile
/// that acts somewhere (local actions or partner associations): its name,
/// nature, territory and contact, the domain and title of each action, and
/// the name, website and domains of each association. Gathered from every
/// valid profile when the directory is first asked for
/// ([`Materials::territory`]), so that the directory of a territory needs
/// no profile in memory (a lean resolve lets them go), nor their texts,
/// descriptions, overrides and span indexes, and a build without the
/// directory does not hold them. Its strings are shared with the other
/// entries that hold the same (a domain id, an association, a territory),
/// and its lists hold no spare room.
#[derive(Debug, Clone, PartialEq)]
pub struct TerritoryEntry {
    /// The profile's id.
    pub id: Box<str>,
    /// Its name (typeset, as the profile's fields in memory are).
    name: Shared,
    /// Commune, intercommunalité…
    nature: Nature,
    /// A draft profile (left out with the drafts).
    draft: bool,
    /// Its territory, when written.
    territory: Option<Shared>,
    /// Its public contact, when written (kept even when it holds nothing
    /// printed: a record's contact does not stand in for it).
    contact: Option<Box<Reach>>,
    /// Its local actions: domain and title.
    actions: Box<[(Shared, Shared)]>,
    /// Its partner associations.
    partners: Box<[EntryPartner]>,
}

/// A partner association of a profile, as the directory prints it.
#[derive(Debug, Clone, PartialEq)]
struct EntryPartner {
    name: Shared,
    website: Option<Shared>,
    /// The domains it is named in; all without.
    domains: Option<Box<[Shared]>>,
}

impl TerritoryEntry {
    /// What the directory prints of `profile` (its plain text fields
    /// typeset, as every profile in memory is); `None` when it has neither
    /// local actions nor partner associations (it is then in no domain of
    /// the directory but through its records, which name it themselves).
    pub fn of(profile: &CommuneProfile) -> Option<TerritoryEntry> {
        TerritoryEntry::interned(profile, &Interner::default())
    }

    /// [`TerritoryEntry::of`], its strings taken from `interner`.
    fn interned(profile: &CommuneProfile, interner: &Interner) -> Option<TerritoryEntry> {
        let c = &profile.commune;
        if c.actions.is_empty() && c.partners.is_empty() {
            return None;
        }
        let partners = (c.partners.iter())
            .map(|p| EntryPartner {
                name: interner.get(&p.name),
                website: interner.some(&p.website),
                domains: (p.domains.as_ref())
                    .map(|ds| ds.iter().map(|d| interner.get(d)).collect()),
            })
            .collect();
        Some(TerritoryEntry {
            id: profile.id.as_str().into(),
            name: interner.get(&c.name),
            nature: c.nature,
            draft: c.status.is_draft(),
            territory: interner.some(&c.territory),
            contact: (c.contact.as_ref()).map(|x| Box::new(Reach::of(x, interner))),
            actions: (c.actions.iter())
                .map(|a| (interner.get(&a.domain), interner.get(&a.title)))
                .collect(),
            partners,
        })
    }

    /// Whether its profile is a draft.
    pub fn is_draft(&self) -> bool {
        self.draft
    }

    /// Whether it acts in domain `d`: an action there, or an association
    /// named there.
    fn acts_in(&self, d: &str) -> bool {
        self.actions.iter().any(|(domain, _)| &**domain == d)
            || self.partners.iter().any(|p| p.named_in(d))
    }
}

impl EntryPartner {
    fn named_in(&self, d: &str) -> bool {
        (self.domains.as_ref()).is_none_or(|ds| ds.iter().any(|x| &**x == d))
    }
}

impl Materials {
    /// What the territory's « qui fait quoi » prints of every valid commune
    /// profile that acts somewhere, in [`Materials::roster`]'s order:
    /// gathered at the first call (see [`Materials::gather_territory`]; a
    /// profile whose file changed since it was checked is left out here).
    pub fn territory(&self) -> &[TerritoryEntry] {
        self.shared_territory()
    }

    /// [`Materials::territory`], shared with the directory made from it.
    fn shared_territory(&self) -> &Arc<[TerritoryEntry]> {
        self.territory.get_or_init(|| self.gathered().0)
    }

    /// Gathers [`Materials::territory`] unless it was, reading again the
    /// profiles not in memory; the errors of those whose file changed since
    /// it was checked (left out of the directory).
    pub fn gather_territory(&mut self) -> Diagnostics {
        if self.territory.get().is_some() {
            return Diagnostics::default();
        }
        let (entries, problems) = self.gathered();
        // Unset just above, and `&mut self` keeps anyone else from setting it.
        let _ = self.territory.set(entries);
        problems
    }

    /// The entries of every listed profile, those in memory as they are,
    /// the others read again (on rayon's pool, in order), and the problems
    /// met reading them.
    fn gathered(&self) -> (Arc<[TerritoryEntry]>, Diagnostics) {
        use rayon::prelude::*;
        let in_memory: std::collections::HashMap<&str, &CommuneProfile> =
            self.communes.iter().map(|p| (p.id.as_str(), p)).collect();
        let what = "l’annuaire du territoire est fabriqué sans la commune « {} »";
        let interner = Interner::default();
        let of = |profile: &CommuneProfile| TerritoryEntry::interned(profile, &interner);
        let each: Vec<Result<TerritoryEntry, Box<crate::diag::Diagnostic>>> = (self.roster)
            .par_iter()
            .filter_map(|listed| match in_memory.get(listed.id.as_str()) {
                Some(profile) => of(profile).map(Ok),
                None if listed.checked.is_some() => match self.read_again(listed, what) {
                    Ok(profile) => profile.as_ref().and_then(of).map(Ok),
                    Err(problem) => Some(Err(problem)),
                },
                None => None,
            })
            .collect();
        let mut entries = Vec::with_capacity(each.len());
        let mut problems = Diagnostics::default();
        for one in each {
            match one {
                Ok(entry) => entries.push(entry),
                Err(problem) => problems.push(*problem),
            }
        }
        (entries.into(), problems)
    }

    /// Leaves the draft profiles out of [`Materials::territory`], once
    /// gathered.
    pub(super) fn leave_out_draft_entries(&mut self) {
        if let Some(entries) = self.territory.get_mut()
            && entries.iter().any(TerritoryEntry::is_draft)
        {
            let kept: Vec<TerritoryEntry> = (entries.iter())
                .filter(|e| !e.is_draft())
                .cloned()
                .collect();
            *entries = kept.into();
        }
    }
}

mod directory;
pub use directory::{Actor, DomainActors, Partner, RecordRef, WhoDoesWhat, who_does_what};

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 20 §5: the territory's « qui fait quoi » read every commune
    /// profile back into memory at once (300 MB for 1 300 communes). It now
    /// reads what it prints of them, kept at resolve: a lean resolve, with
    /// no profile in memory, gives the same directory as a full one.
    #[test]
    fn the_territory_directory_needs_no_profile_in_memory() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let full = crate::resolve::resolve(&crate::load::load(&root).unwrap()).0;
        let lean = crate::resolve::resolve_lean(&crate::load::load_lazily(&root).unwrap()).0;
        assert!(lean.communes.is_empty(), "profiles let go");
        let directory = who_does_what(&lean, None);
        assert_eq!(directory, who_does_what(&full, None));
        // The shipped profiles that act are in it, under their own names.
        let named = |id: &str| {
            let name = &full.commune(id).unwrap().commune.name;
            (directory.domains().flat_map(|d| d.actors()))
                .any(|a| a.commune() == Some(id) && a.name() == name)
        };
        assert!(!full.territory().is_empty());
        assert!(full.territory().iter().all(|e| named(&e.id)));
    }

    /// Issue 20 §5 (memory at 34 900 communes): the entries of every
    /// profile that acts were kept from resolve on, about 2.4 KB each, in
    /// builds without the territory's directory too (`--domaine`: a third of
    /// the resolved materials). They are gathered when the directory is
    /// made, its profiles read again, and a profile changed since its check
    /// is an error, as for an edition.
    #[test]
    fn the_territory_s_entries_are_gathered_only_for_its_directory() {
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let dir = tempfile::tempdir().unwrap();
        for entry in walk(&shipped) {
            let to = dir.path().join(entry.strip_prefix(&shipped).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&entry, &to).unwrap();
        }
        let lean =
            || crate::resolve::resolve_lean(&crate::load::load_lazily(dir.path()).unwrap()).0;
        let full = crate::resolve::resolve(&crate::load::load(dir.path()).unwrap()).0;
        let mut materials = lean();
        assert!(
            materials.territory.get().is_none(),
            "not gathered at resolve"
        );
        assert!(materials.gather_territory().is_empty());
        assert_eq!(materials.territory(), full.territory());
        // A profile that acts, changed after its check: left out, an error.
        let mut materials = lean();
        let changed = dir.path().join("communes/exempleville.toml");
        let text = std::fs::read_to_string(&changed).unwrap();
        std::fs::write(&changed, text.replace("Exempleville", "Autreville")).unwrap();
        let problems = materials.gather_territory();
        assert_eq!(problems.error_count(), 1);
        let message = &problems.iter().next().unwrap().message;
        assert!(
            message.contains("exempleville.toml") && message.contains("annuaire"),
            "{message}"
        );
        assert!(
            materials
                .territory()
                .iter()
                .all(|e| &*e.id != "exempleville")
        );
        assert_eq!(materials.territory().len() + 1, full.territory().len());
    }

    /// Every file under `root`.
    fn walk(root: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
        files
    }
}
