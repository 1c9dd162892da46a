//! The « qui fait quoi » directory resolved: for each domain, the
//! collectivités acting in it, held as indices into the territory's
//! entries (shared with [`Materials::territory`]) and into the records it
//! cites, each read through a view when its entry is composed. A commune
//! acting in eight domains was cloned into each (issue 20 §5: 24 MB at
//! 10 000 communes); it is now four bytes in each.

use std::sync::Arc;

use crate::model::experience::PartnerKind;
use crate::model::{ExampleNature, Nature};
use crate::resolve::experience::folded;
use crate::resolve::{ExperienceRecord, Materials};

use super::{Interner, Reach, TerritoryEntry};

/// The directory: for each domain (in the collection's order) the
/// collectivités acting in it; domains where none acts are left out.
/// Made by [`who_does_what`], read through [`WhoDoesWhat::domain`].
#[derive(Debug, Clone, PartialEq)]
pub struct WhoDoesWhat {
    /// The communes whose profiles act: the territory's entries, or the
    /// one commune's.
    entries: Arc<[TerritoryEntry]>,
    /// The collectivités its records name without a profile acting in
    /// the domain.
    named: Vec<Named>,
    /// The records it may cite.
    records: Vec<Cited>,
    domains: Vec<Listed>,
}

/// A collectivité named by records: what they say of it.
#[derive(Debug, Clone, PartialEq)]
struct Named {
    name: String,
    nature: Nature,
    territory: Option<String>,
    /// The id of its commune profile, when it has one.
    commune: Option<String>,
}

/// A record the directory may cite: what it prints of it.
#[derive(Debug, Clone, PartialEq)]
struct Cited {
    record: RecordRef,
    /// Its partners: name, country, and whether an association or an NGO.
    partners: Vec<(String, String, bool)>,
    contact: Option<Reach>,
}

/// A domain's collectivités, as indices.
#[derive(Debug, Clone, PartialEq)]
struct Listed {
    /// The domain id.
    domain: String,
    /// Its title.
    title: String,
    /// Who acts, sorted by name: an index into `entries`, or with
    /// [`NAMED`] into `named`.
    actors: Box<[u32]>,
    /// The records of each actor: its position in `actors` and the
    /// record's index, by position then in the records' order.
    records: Box<[(u32, u32)]>,
}

/// The bit of an actor's index that points into [`WhoDoesWhat::named`].
const NAMED: u32 = 1 << 31;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partner<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its country, ISO 3166-1 alpha-2 (« FR » for a French one).
    pub country: &'a str,
    /// Its website, when the materials give one.
    pub website: Option<&'a str>,
}

/// One domain of the directory and the collectivités acting in it.
#[derive(Debug, Clone, Copy)]
pub struct DomainActors<'a> {
    of: &'a WhoDoesWhat,
    listed: &'a Listed,
}

/// A collectivité acting in a domain.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    who: Who<'a>,
    /// The domain's id.
    domain: &'a str,
    /// The records it may cite.
    records: &'a [Cited],
    /// Its records in the domain: `(position, record)`, `position` its own.
    cites: &'a [(u32, u32)],
}

/// Whom an actor is.
#[derive(Debug, Clone, Copy)]
enum Who<'a> {
    /// A commune whose profile acts in the domain.
    Entry(&'a TerritoryEntry),
    /// A collectivité named by the domain's records only.
    Named(&'a Named),
}

impl WhoDoesWhat {
    /// How many domains it holds.
    pub fn len(&self) -> usize {
        self.domains.len()
    }

    /// Whether no domain has anyone acting.
    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// Its domain `index` (`< len`).
    pub fn domain(&self, index: usize) -> DomainActors<'_> {
        DomainActors {
            of: self,
            listed: &self.domains[index],
        }
    }

    /// Its domains, in order.
    pub fn domains(&self) -> impl ExactSizeIterator<Item = DomainActors<'_>> {
        (0..self.len()).map(|i| self.domain(i))
    }

    /// The same directory with each collectivité of each domain written
    /// `copies` times under numbered names (« Ville 0 », « Ville 1 »…), in
    /// turn: the shape of a large territory made from a small one, for
    /// tests and measures.
    pub fn repeated(&self, copies: usize) -> WhoDoesWhat {
        let (mut entries, mut named) = (Vec::new(), Vec::new());
        let mut domains = Vec::new();
        for d in self.domains() {
            let (mut actors, mut records) = (Vec::new(), Vec::new());
            for k in 0..copies {
                for i in 0..d.len() {
                    let a = d.actor(i);
                    let at = actors.len() as u32;
                    actors.push(match a.who {
                        Who::Entry(e) => {
                            let name = format!("{} {k}", e.name);
                            entries.push(TerritoryEntry {
                                name: name.into(),
                                ..e.clone()
                            });
                            (entries.len() - 1) as u32
                        }
                        Who::Named(n) => {
                            named.push(Named {
                                name: format!("{} {k}", n.name),
                                ..n.clone()
                            });
                            (named.len() - 1) as u32 | NAMED
                        }
                    });
                    records.extend(a.cites.iter().map(|&(_, r)| (at, r)));
                }
            }
            domains.push(Listed {
                domain: d.listed.domain.clone(),
                title: d.listed.title.clone(),
                actors: actors.into(),
                records: records.into(),
            });
        }
        WhoDoesWhat {
            entries: entries.into(),
            named,
            records: self.records.clone(),
            domains,
        }
    }

    fn who(&self, index: u32) -> Who<'_> {
        who(&self.entries, &self.named, index)
    }
}

fn who<'a>(entries: &'a [TerritoryEntry], named: &'a [Named], index: u32) -> Who<'a> {
    match index & NAMED {
        0 => Who::Entry(&entries[index as usize]),
        _ => Who::Named(&named[(index & !NAMED) as usize]),
    }
}

impl<'a> DomainActors<'a> {
    /// The domain id.
    pub fn id(&self) -> &'a str {
        &self.listed.domain
    }

    /// Its title.
    pub fn title(&self) -> &'a str {
        &self.listed.title
    }

    /// How many collectivités act in it.
    pub fn len(&self) -> usize {
        self.listed.actors.len()
    }

    /// Whether none acts in it.
    pub fn is_empty(&self) -> bool {
        self.listed.actors.is_empty()
    }

    /// Its collectivité `i` (`< len`), by name.
    pub fn actor(&self, i: usize) -> Actor<'a> {
        let records = &self.listed.records;
        let at = i as u32;
        let start = records.partition_point(|&(p, _)| p < at);
        let end = start + records[start..].partition_point(|&(p, _)| p == at);
        Actor {
            who: self.of.who(self.listed.actors[i]),
            domain: &self.listed.domain,
            records: &self.of.records,
            cites: &records[start..end],
        }
    }

    /// Its collectivités, by name.
    pub fn actors(&self) -> impl ExactSizeIterator<Item = Actor<'a>> + use<'a> {
        let d = *self;
        (0..d.len()).map(move |i| d.actor(i))
    }

    /// The distinct associations of the domain, by name.
    pub fn associations(&self) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for a in self.actors() {
            for p in a.associations() {
                if !out.contains(&p.name) {
                    out.push(p.name);
                }
            }
        }
        out.sort_by_key(|n| folded(n));
        out
    }

    /// The distinct partner countries of the domain outside France, by
    /// French name.
    pub fn countries(&self) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for code in self.actors().flat_map(|a| a.countries()) {
            if !out.contains(&code) {
                out.push(code);
            }
        }
        out.sort_by_key(|c| folded(crate::map::name(c)));
        out
    }
}

impl<'a> Actor<'a> {
    /// Its name (a profile's `nom`, a record's `collectivites.nom`).
    pub fn name(&self) -> &'a str {
        match self.who {
            Who::Entry(e) => &e.name,
            Who::Named(n) => &n.name,
        }
    }

    /// Commune, intercommunalité, département…
    pub fn nature(&self) -> Nature {
        match self.who {
            Who::Entry(e) => e.nature,
            Who::Named(n) => n.nature,
        }
    }

    /// Its territory, when written.
    pub fn territory(&self) -> Option<&'a str> {
        match self.who {
            Who::Entry(e) => e.territory.as_deref(),
            Who::Named(n) => n.territory.as_deref(),
        }
    }

    /// The id of its commune profile, when it has one.
    pub fn commune(&self) -> Option<&'a str> {
        match self.who {
            Who::Entry(e) => Some(&e.id),
            Who::Named(n) => n.commune.as_deref(),
        }
    }

    /// The titles of its local actions in the domain (from its profile).
    pub fn actions(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let actions: &'a [_] = match self.who {
            Who::Entry(e) => &e.actions[..],
            Who::Named(_) => &[],
        };
        let domain = self.domain;
        (actions.iter())
            .filter(move |(d, _)| &**d == domain)
            .map(|(_, title)| &**title)
    }

    /// Its experience records in the domain.
    pub fn records(&self) -> impl ExactSizeIterator<Item = &'a RecordRef> + use<'a> {
        let records = self.records;
        (self.cites.iter()).map(move |&(_, r)| &records[r as usize].record)
    }

    /// The associations it works with: its profile's partner associations
    /// for the domain, then its records' association and NGO partners.
    pub fn associations(&self) -> Vec<Partner<'a>> {
        self.partnered().0
    }

    /// Its other partners (collectivités, States, networks…), from its records.
    pub fn partners(&self) -> Vec<Partner<'a>> {
        self.partnered().1
    }

    /// Its associations and its other partners, each named once.
    fn partnered(&self) -> (Vec<Partner<'a>>, Vec<Partner<'a>>) {
        let mut associations: Vec<Partner> = match self.who {
            Who::Entry(e) => (e.partners.iter())
                .filter(|p| p.named_in(self.domain))
                .map(|p| Partner {
                    name: &p.name,
                    country: "FR",
                    website: p.website.as_deref(),
                })
                .collect(),
            Who::Named(_) => Vec::new(),
        };
        let mut others = Vec::new();
        for &(_, r) in self.cites {
            for (name, country, association) in &self.records[r as usize].partners {
                let list = if *association {
                    &mut associations
                } else {
                    &mut others
                };
                if !list.iter().any(|x| x.name == name) {
                    list.push(Partner {
                        name,
                        country,
                        website: None,
                    });
                }
            }
        }
        (associations, others)
    }

    /// The countries of its partners outside France, in the order first met.
    pub fn countries(&self) -> Vec<&'a str> {
        let (associations, others) = self.partnered();
        let mut out: Vec<&str> = Vec::new();
        for p in associations.iter().chain(&others) {
            if p.country != "FR" && !out.contains(&p.country) {
                out.push(p.country);
            }
        }
        out
    }

    /// Its public contact: its profile's, else its first record's.
    pub fn contact(&self) -> Option<&'a Reach> {
        let own = match self.who {
            Who::Entry(e) => e.contact.as_deref(),
            Who::Named(_) => None,
        };
        let records = self.records;
        own.or_else(|| (self.cites.iter()).find_map(|&(_, r)| records[r as usize].contact.as_ref()))
    }
}

/// The directory: for each domain (in the collection's order) the
/// collectivités acting in it; domains where none acts are left out.
/// With `commune`, only what concerns that commune: its own profile (in
/// memory: see [`Materials::load_communes`]), and the records of
/// [`Materials::experiences_of`]. Without, every profile
/// ([`Materials::territory`], in memory or not, shared) and every record.
pub fn who_does_what(materials: &Materials, commune: Option<&str>) -> WhoDoesWhat {
    let entries: Arc<[TerritoryEntry]> = match commune {
        Some(id) => (materials.commune(id).into_iter())
            .filter_map(TerritoryEntry::of)
            .collect(),
        None => materials.shared_territory().clone(),
    };
    let records: Vec<&ExperienceRecord> = match commune {
        Some(id) => materials.experiences_of(id),
        None => materials.experiences.iter().collect(),
    };
    let interner = Interner::default();
    let mut named = Vec::new();
    let mut domains = Vec::new();
    for sheet in &materials.domains {
        let d = sheet.id.as_str();
        // Who acts, and the records of each.
        let mut actors: Vec<(u32, Vec<u32>)> = (entries.iter().enumerate())
            .filter(|(_, e)| e.acts_in(d))
            .map(|(i, _)| (i as u32, Vec::new()))
            .collect();
        for (r, record) in records.iter().enumerate() {
            if !record.experience.domains.iter().any(|x| x == d) {
                continue;
            }
            for a in &record.experience.authorities {
                let at = actors.iter().position(|&(x, _)| {
                    let x = Actor::bare(who(&entries, &named, x));
                    match (&a.commune, x.commune()) {
                        (Some(id), Some(other)) => id == other,
                        _ => x.name() == a.name,
                    }
                });
                let at = at.unwrap_or_else(|| {
                    named.push(Named {
                        name: a.name.clone(),
                        nature: a.nature,
                        territory: a.territory.clone(),
                        commune: a.commune.clone(),
                    });
                    actors.push(((named.len() - 1) as u32 | NAMED, Vec::new()));
                    actors.len() - 1
                });
                actors[at].1.push(r as u32);
            }
        }
        if actors.is_empty() {
            continue;
        }
        // Stable: actors of the same name stay in the order met.
        actors.sort_by_cached_key(|&(x, _)| folded(Actor::bare(who(&entries, &named, x)).name()));
        let cites = (actors.iter().enumerate())
            .flat_map(|(at, (_, rs))| rs.iter().map(move |&r| (at as u32, r)))
            .collect();
        domains.push(Listed {
            domain: sheet.id.clone(),
            title: sheet.domain.title.clone(),
            actors: actors.iter().map(|&(x, _)| x).collect(),
            records: cites,
        });
    }
    named.shrink_to_fit();
    WhoDoesWhat {
        entries,
        named,
        records: records.iter().map(|r| cited(r, &interner)).collect(),
        domains,
    }
}

impl<'a> Actor<'a> {
    /// `who`, read outside any domain (for its name and profile).
    fn bare(who: Who<'a>) -> Actor<'a> {
        Actor {
            who,
            domain: "",
            records: &[],
            cites: &[],
        }
    }
}

/// What the directory prints of record `r`.
fn cited(r: &ExperienceRecord, interner: &Interner) -> Cited {
    let e = &r.experience;
    Cited {
        record: RecordRef {
            id: r.id.clone(),
            title: e.title.clone(),
            period: e.period.as_ref().map(|p| p.label()),
            composite: e.nature == ExampleNature::Type,
        },
        partners: (e.partners.iter())
            .map(|p| {
                let association = matches!(p.kind, PartnerKind::Association | PartnerKind::Ngo);
                (p.name.clone(), p.country.clone(), association)
            })
            .collect(),
        contact: e.contact.as_ref().map(|c| Reach::of(c, interner)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::territory::Shared;

    /// Issue 20 §5 (24 MB at 10 000 communes): each actor of the
    /// territory's directory was a clone of its commune's name, actions,
    /// associations and contact, in every domain it acts in. The
    /// directory now holds the territory's entries themselves, shared, and
    /// an index into them for each domain a commune acts in; the strings
    /// of the entries are each kept once.
    #[test]
    fn a_commune_acting_in_many_domains_is_held_once() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let materials = crate::resolve::resolve(&crate::load::load(&root).unwrap()).0;
        let directory = who_does_what(&materials, None);
        assert!(Arc::ptr_eq(
            &directory.entries,
            materials.shared_territory()
        ));
        let exempleville = (directory.entries.iter())
            .position(|e| &*e.id == "exempleville")
            .expect("Exempleville acts") as u32;
        let held = (directory.domains.iter())
            .filter(|d| d.actors.contains(&exempleville))
            .count();
        assert!(held >= 3, "in {held} domains");
        // Its domains, named by its actions and its associations, are one
        // string each.
        let entry = &directory.entries[exempleville as usize];
        let ids = (entry.actions.iter().map(|(d, _)| d)).chain(
            entry
                .partners
                .iter()
                .flat_map(|p| p.domains.iter().flatten()),
        );
        let (mut seen, mut again): (Vec<&Shared>, usize) = (Vec::new(), 0);
        for id in ids {
            match seen.iter().find(|s| ***s == *id) {
                Some(same) => {
                    assert!(Arc::ptr_eq(same, id), "{id} held twice");
                    again += 1;
                }
                None => seen.push(id),
            }
        }
        assert!(again > 0, "a domain named twice");
    }
}
