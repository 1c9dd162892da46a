//! Experience records in the resolved materials, and the links between them
//! and the domain sheets: an example that cites a record (`experience = "<id>"`)
//! takes its short form from it.

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

    /// The records that concern a commune profile: those naming it among
    /// their `collectivites`.
    pub fn experiences_of(&self, commune: &str) -> Vec<&ExperienceRecord> {
        self.experiences
            .iter()
            .filter(|r| {
                r.experience
                    .authorities
                    .iter()
                    .any(|a| a.commune.as_deref() == Some(commune))
            })
            .collect()
    }
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
