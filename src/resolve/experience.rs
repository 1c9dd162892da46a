//! Experience records in the resolved materials, and the links between them
//! and the domain sheets: an example that cites a record (`experience = "<id>"`)
//! takes its short form from it.

use std::ops::Range;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Example, Experience};
use crate::source::FileId;

use super::Materials;

/// An experience record with its id and origin.
#[derive(Debug, Clone)]
pub struct ExperienceRecord {
    /// The id (file stem).
    pub id: String,
    /// The file it comes from.
    pub file: FileId,
    /// Its content.
    pub experience: Experience,
}

impl ExperienceRecord {
    /// The distinct partner countries outside France, in the order first met
    /// (alpha-2 codes).
    pub fn countries(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for partner in &self.experience.partners {
            let code = partner.country.as_str();
            if code != "FR" && !out.contains(&code) {
                out.push(code);
            }
        }
        out
    }

    /// The short form printed by a domain sheet whose example cites it.
    pub fn short_form(&self) -> Example {
        let e = &self.experience;
        let carriers = e
            .authorities
            .iter()
            .map(|a| a.name.clone())
            // Partners named together (« Associations… au Sénégal ») are
            // for the full record: the short form names actors.
            .chain(
                e.partners
                    .iter()
                    .filter(|p| p.kind != crate::model::experience::PartnerKind::Various)
                    .map(|p| p.name.clone()),
            )
            .collect();
        let countries: Vec<&str> = self.countries().into_iter().map(crate::map::name).collect();
        Example {
            title: e.title.clone(),
            experience: Some(self.id.clone()),
            carriers,
            country: (!countries.is_empty()).then(|| countries.join(", ")),
            nature: e.nature,
            sources: e.sources.clone(),
            text: e.summary.clone().unwrap_or_else(|| e.context.clone()),
            ..Example::default()
        }
    }
}

impl Materials {
    /// The experience record with this id.
    pub fn experience(&self, id: &str) -> Option<&ExperienceRecord> {
        self.experiences.iter().find(|e| e.id == id)
    }

    /// The records that concern commune `commune`: first those naming it
    /// among their `collectivites` (`commune = "<id>"`: the record is the
    /// source of truth, the profile need not repeat it), then those its
    /// profile lists in `experiences` (records it takes part in without
    /// carrying them), each once, in the records' order. The profile must be
    /// in memory for the second part (see [`Materials::load_communes`]).
    ///
    /// This is the one selection of « the records concerning commune X »:
    /// its sheets' local box, its « qui fait quoi » and its collection of
    /// experiences all take it from here.
    pub fn experiences_of(&self, commune: &str) -> Vec<&ExperienceRecord> {
        let listed = self
            .commune(commune)
            .map(|p| p.commune.experiences.as_slice())
            .unwrap_or_default();
        self.experiences
            .iter()
            .filter(|r| names(r, commune) || listed.contains(&r.id))
            .collect()
    }
}

/// Whether a record names commune profile `commune` among its carriers.
fn names(record: &ExperienceRecord, commune: &str) -> bool {
    record
        .experience
        .authorities
        .iter()
        .any(|a| a.commune.as_deref() == Some(commune))
}

/// What the checks across files need of a commune profile, kept while the
/// records may not all be read yet (and the profile may be let go).
#[derive(Debug, Clone)]
pub(super) struct ProfileLinks {
    id: String,
    file: FileId,
    name: String,
    /// The ids of its `experiences` list, each with its span, else that of
    /// the list (see [`Materials::key_span`]).
    listed: Vec<(String, Option<Range<usize>>)>,
}

impl ProfileLinks {
    /// The file of the profile.
    pub(super) fn file(&self) -> FileId {
        self.file
    }

    /// Whether its profile lists records.
    pub(super) fn lists(&self) -> bool {
        !self.listed.is_empty()
    }

    /// The links of a profile just read.
    pub(super) fn of(materials: &Materials, profile: &super::CommuneProfile) -> ProfileLinks {
        let listed = (profile.commune.experiences.iter().enumerate())
            .map(|(i, id)| {
                let span = materials.key_span(profile.file, &format!("experiences.{i}"));
                (id.clone(), span)
            })
            .collect();
        ProfileLinks {
            id: profile.id.clone(),
            file: profile.file,
            name: profile.commune.name.clone(),
            listed,
        }
    }
}

/// The checks between records and commune profiles, once every file is read:
/// a profile listing a record that names it already (written twice), and a
/// record linking a collectivité to a profile of another name (a record
/// attached to the wrong commune, a real record to the fictitious one).
pub(super) fn check_links(materials: &Materials, links: &[ProfileLinks], diags: &mut Diagnostics) {
    for profile in links {
        for (id, range) in &profile.listed {
            let Some(record) = materials.experience(id) else {
                continue;
            };
            if names(record, &profile.id) {
                diags.push(
                    Diagnostic::warning(format!(
                        "l’expérience « {id} » nomme déjà cette collectivité (commune = \"{}\" dans ses collectivites) : inutile de la lister ici",
                        profile.id
                    ))
                    .at_or_in(profile.file, range.clone())
                    .with_hint(format!(
                        "retirez \"{id}\" de la liste experiences : la fiche d’expérience fait foi"
                    )),
                );
            }
        }
    }
    for record in &materials.experiences {
        for (i, authority) in record.experience.authorities.iter().enumerate() {
            let Some(id) = authority.commune.as_deref() else {
                continue;
            };
            let Some(profile) = links.iter().find(|p| p.id == id) else {
                continue;
            };
            if folded(&authority.name).contains(&folded(&profile.name)) {
                continue;
            }
            let range = materials.key_span(record.file, &format!("collectivites.{i}.commune"));
            diags.push(
                Diagnostic::warning(format!(
                    "la collectivité « {} » est reliée au profil « {id} », qui s’appelle « {} » : est-ce bien la même ?",
                    authority.name, profile.name
                ))
                .at_or_in(record.file, range)
                .with_hint(format!(
                    "corrigez commune = \"{id}\", ou retirez la ligne si la collectivité n’a pas de profil dans communes/"
                )),
            );
        }
    }
}

/// A name compared (or sorted) without case, accents, hyphens or
/// apostrophes (« Rosny-sous-Bois » in « Ville de Rosny sous Bois »).
pub(super) fn folded(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ÿ' => 'y',
            'ç' => 'c',
            '-' | '\'' | '’' => ' ',
            c => c,
        };
        if base != ' ' || !out.ends_with(' ') {
            out.push(base);
        }
    }
    out
}

/// Gives every domain example that cites a record the record's short form
/// (an unknown id was reported by the check, and the example is left as is).
pub fn link(materials: &mut Materials) {
    let mut domains = std::mem::take(&mut materials.domains);
    for sheet in &mut domains {
        for example in &mut sheet.domain.examples {
            let cited = example.experience.as_deref();
            if let Some(record) = cited.and_then(|id| materials.experience(id)) {
                *example = record.short_form();
            }
        }
    }
    materials.domains = domains;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Commune;
    use crate::resolve::CommuneProfile;

    /// Issue 20 §3: an id of a profile's `experiences` list whose own span
    /// was not indexed was located at byte 0 (`unwrap_or(0..0)`); it is at
    /// the list, else in the file.
    #[test]
    fn a_listed_record_without_its_span_is_located_at_its_list_not_byte_0() {
        let file = FileId(3);
        let profile = CommuneProfile {
            id: "ville".into(),
            file,
            commune: Commune {
                experiences: vec!["a".into(), "b".into()],
                ..Commune::default()
            },
        };
        let mut materials = Materials::default();
        let no_index = ProfileLinks::of(&materials, &profile);
        assert_eq!(no_index.listed[0], ("a".into(), None));
        let spans = [
            ("experiences".to_string(), 40..52),
            ("experiences.1".into(), 47..50),
        ];
        materials.spans.insert(file, spans.into_iter().collect());
        let links = ProfileLinks::of(&materials, &profile);
        assert_eq!(links.listed[0], ("a".into(), Some(40..52)));
        assert_eq!(links.listed[1], ("b".into(), Some(47..50)));
    }
}
