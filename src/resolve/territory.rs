//! « Qui fait quoi » (issue 21): who acts in each domain across the
//! territory, with which associations and in which countries, gathered
//! from the commune profiles (their `actions` and `partenaires`) and the
//! experience records. Only what the materials hold: nothing is inferred.

use crate::diag::Diagnostics;
use crate::model::experience::PartnerKind;
use crate::model::{Commune, Contact, Nature};

use super::experience::folded;
use super::{CommuneProfile, ExperienceRecord, Materials};

/// What the territory's « qui fait quoi » prints of one commune profile
/// that acts somewhere (local actions or partner associations): its name,
/// nature, territory and contact, the domain and title of each action, and
/// the name, website and domains of each association. Gathered from every
/// valid profile when the directory is first asked for
/// ([`Materials::territory`]), so that the directory of a territory needs
/// no profile in memory (a lean resolve lets them go), nor their texts,
/// descriptions, overrides and span indexes, and a build without the
/// directory does not hold them (about 2.4 KB a commune that acts).
#[derive(Debug, Clone, PartialEq)]
pub struct TerritoryEntry {
    /// The profile's id.
    pub id: String,
    /// Its name, nature, language, territory, contact and associations
    /// (without their descriptions): the fields the directory prints, so
    /// that they are typeset as the profile's are.
    commune: Commune,
    /// Its local actions: domain and title.
    actions: Vec<(String, String)>,
    /// A draft profile (left out with the drafts).
    draft: bool,
}

impl TerritoryEntry {
    /// What the directory prints of `profile` (its plain text fields
    /// typeset, as every profile in memory is); `None` when it has neither
    /// local actions nor partner associations (it is then in no domain of
    /// the directory but through its records, which name it themselves).
    pub fn of(profile: &CommuneProfile) -> Option<TerritoryEntry> {
        let c = &profile.commune;
        if c.actions.is_empty() && c.partners.is_empty() {
            return None;
        }
        let partners = (c.partners.iter())
            .map(|p| crate::model::Partner {
                name: p.name.clone(),
                description: String::new(),
                website: p.website.clone(),
                domains: p.domains.clone(),
            })
            .collect();
        Some(TerritoryEntry {
            id: profile.id.clone(),
            commune: Commune {
                name: c.name.clone(),
                nature: c.nature,
                language: c.language,
                territory: c.territory.clone(),
                contact: c.contact.clone(),
                partners,
                ..Commune::default()
            },
            actions: (c.actions.iter())
                .map(|a| (a.domain.clone(), a.title.clone()))
                .collect(),
            draft: c.status.is_draft(),
        })
    }

    /// Whether its profile is a draft.
    pub fn is_draft(&self) -> bool {
        self.draft
    }
}

impl Materials {
    /// What the territory's « qui fait quoi » prints of every valid commune
    /// profile that acts somewhere, in [`Materials::roster`]'s order:
    /// gathered at the first call (see [`Materials::gather_territory`]; a
    /// profile whose file changed since it was checked is left out here).
    pub fn territory(&self) -> &[TerritoryEntry] {
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
    fn gathered(&self) -> (Vec<TerritoryEntry>, Diagnostics) {
        use rayon::prelude::*;
        let in_memory: std::collections::HashMap<&str, &CommuneProfile> =
            self.communes.iter().map(|p| (p.id.as_str(), p)).collect();
        let what = "l’annuaire du territoire est fabriqué sans la commune « {} »";
        let each: Vec<Result<TerritoryEntry, Box<crate::diag::Diagnostic>>> = (self.roster)
            .par_iter()
            .filter_map(|listed| match in_memory.get(listed.id.as_str()) {
                Some(profile) => TerritoryEntry::of(profile).map(Ok),
                None if listed.checked.is_some() => match self.read_again(listed, what) {
                    Ok(profile) => profile.as_ref().and_then(TerritoryEntry::of).map(Ok),
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
        (entries, problems)
    }
}

/// One commune as the directory reads it: a profile in memory, or an entry
/// of [`Materials::territory`].
struct Acting<'a> {
    id: &'a str,
    commune: &'a Commune,
    actions: Vec<(&'a str, &'a str)>,
}

/// One domain of the directory and the collectivités acting in it.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainActors {
    /// The domain id.
    pub domain: String,
    /// Its title.
    pub title: String,
    /// The collectivités acting in it, by name.
    pub actors: Vec<Actor>,
}

/// A collectivité acting in a domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Its name (a profile's `nom`, a record's `collectivites.nom`).
    pub name: String,
    /// Commune, intercommunalité, département…
    pub nature: Nature,
    /// Its territory, when written.
    pub territory: Option<String>,
    /// The id of its commune profile, when it has one.
    pub commune: Option<String>,
    /// The titles of its local actions in the domain (from its profile).
    pub actions: Vec<String>,
    /// Its experience records in the domain: id, title, whether it is a
    /// composite (« type ») one.
    pub records: Vec<RecordRef>,
    /// The associations it works with: its profile's partner associations
    /// for the domain and its records' association and NGO partners.
    pub associations: Vec<Partner>,
    /// Its other partners (collectivités, States, networks…), from its records.
    pub partners: Vec<Partner>,
    /// Its public contact: its profile's, else its first record's.
    pub contact: Option<Contact>,
}

/// A record cited by the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    /// The record id (its sheet is `experiences/<id>.pdf`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its period, printed (« 2010–2012 »), when written.
    pub period: Option<String>,
    /// A composite example (`nature = "type"`), not a real action.
    pub composite: bool,
}

/// A partner of an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// Its name.
    pub name: String,
    /// Its country, ISO 3166-1 alpha-2 (« FR » for a French one).
    pub country: String,
    /// Its website, when the materials give one.
    pub website: Option<String>,
}

impl Actor {
    /// The countries of its partners outside France, in the order first met.
    pub fn countries(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in self.associations.iter().chain(&self.partners) {
            if p.country != "FR" && !out.contains(&p.country.as_str()) {
                out.push(&p.country);
            }
        }
        out
    }

    fn new(name: &str, nature: Nature, territory: Option<&String>) -> Actor {
        Actor {
            name: name.to_string(),
            nature,
            territory: territory.cloned(),
            commune: None,
            actions: Vec::new(),
            records: Vec::new(),
            associations: Vec::new(),
            partners: Vec::new(),
            contact: None,
        }
    }
}

impl DomainActors {
    /// The distinct associations of the domain, by name.
    pub fn associations(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for a in self.actors.iter().flat_map(|a| &a.associations) {
            if !out.contains(&a.name.as_str()) {
                out.push(&a.name);
            }
        }
        out.sort_by_key(|n| folded(n));
        out
    }

    /// The distinct partner countries of the domain outside France, by
    /// French name.
    pub fn countries(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for code in self.actors.iter().flat_map(Actor::countries) {
            if !out.contains(&code) {
                out.push(code);
            }
        }
        out.sort_by_key(|c| folded(crate::map::name(c)));
        out
    }
}

/// The directory: for each domain (in the collection's order) the
/// collectivités acting in it; domains where none acts are left out.
/// With `commune`, only what concerns that commune: its own profile (in
/// memory: see [`Materials::load_communes`]), and the records of
/// [`Materials::experiences_of`]. Without, every profile
/// ([`Materials::territory`], in memory or not) and every record.
pub fn who_does_what(materials: &Materials, commune: Option<&str>) -> Vec<DomainActors> {
    let profiles: Vec<Acting> = match commune {
        Some(id) => (materials.commune(id).into_iter())
            .map(|p| Acting {
                id: &p.id,
                commune: &p.commune,
                actions: (p.commune.actions.iter())
                    .map(|a| (a.domain.as_str(), a.title.as_str()))
                    .collect(),
            })
            .collect(),
        None => (materials.territory().iter())
            .map(|e| Acting {
                id: &e.id,
                commune: &e.commune,
                actions: (e.actions.iter())
                    .map(|(d, t)| (d.as_str(), t.as_str()))
                    .collect(),
            })
            .collect(),
    };
    let records: Vec<&ExperienceRecord> = match commune {
        Some(id) => materials.experiences_of(id),
        None => materials.experiences.iter().collect(),
    };
    let mut out = Vec::new();
    for sheet in &materials.domains {
        let d = sheet.id.as_str();
        let mut actors: Vec<Actor> = Vec::new();
        for p in &profiles {
            let c = p.commune;
            let actions: Vec<String> = (p.actions.iter())
                .filter(|(domain, _)| *domain == d)
                .map(|(_, title)| title.to_string())
                .collect();
            let associations: Vec<Partner> = (c.partners.iter())
                .filter(|a| {
                    a.domains
                        .as_ref()
                        .is_none_or(|ds| ds.iter().any(|x| x == d))
                })
                .map(|a| Partner {
                    name: a.name.clone(),
                    country: "FR".into(),
                    website: a.website.clone(),
                })
                .collect();
            if actions.is_empty() && associations.is_empty() {
                continue;
            }
            let mut actor = Actor::new(&c.name, c.nature, c.territory.as_ref());
            actor.commune = Some(p.id.to_string());
            actor.actions = actions;
            actor.associations = associations;
            actor.contact = c.contact.clone();
            actors.push(actor);
        }
        for r in records
            .iter()
            .filter(|r| r.experience.domains.iter().any(|x| x == d))
        {
            for a in &r.experience.authorities {
                let at = actors.iter().position(|x| match (&a.commune, &x.commune) {
                    (Some(id), Some(other)) => id == other,
                    _ => x.name == a.name,
                });
                let actor = match at {
                    Some(i) => &mut actors[i],
                    None => {
                        let mut actor = Actor::new(&a.name, a.nature, a.territory.as_ref());
                        actor.commune = a.commune.clone();
                        actors.push(actor);
                        actors.last_mut().expect("just pushed")
                    }
                };
                add_record(actor, r);
            }
        }
        if actors.is_empty() {
            continue;
        }
        actors.sort_by_key(|a| folded(&a.name));
        // Held through the three layouts of the territory's directory,
        // whose entries are made from them (issue 20 §5): no spare room.
        for actor in &mut actors {
            actor.actions.shrink_to_fit();
            actor.records.shrink_to_fit();
            actor.associations.shrink_to_fit();
            actor.partners.shrink_to_fit();
        }
        actors.shrink_to_fit();
        out.push(DomainActors {
            domain: sheet.id.clone(),
            title: sheet.domain.title.clone(),
            actors,
        });
    }
    out
}

/// Adds a record, its partners and (for lack of another) its contact to an actor.
fn add_record(actor: &mut Actor, r: &ExperienceRecord) {
    let e = &r.experience;
    actor.records.push(RecordRef {
        id: r.id.clone(),
        title: e.title.clone(),
        period: e.period.as_ref().map(|p| p.label()),
        composite: e.nature == crate::model::ExampleNature::Type,
    });
    for p in &e.partners {
        let partner = Partner {
            name: p.name.clone(),
            country: p.country.clone(),
            website: None,
        };
        let list = match p.kind {
            PartnerKind::Association | PartnerKind::Ngo => &mut actor.associations,
            _ => &mut actor.partners,
        };
        if !list.iter().any(|x| x.name == partner.name) {
            list.push(partner);
        }
    }
    if actor.contact.is_none() {
        actor.contact = e.contact.clone();
    }
}

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
            (directory.iter().flat_map(|d| &d.actors))
                .any(|a| a.commune.as_deref() == Some(id) && &a.name == name)
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
        assert!(materials.territory().iter().all(|e| e.id != "exempleville"));
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
