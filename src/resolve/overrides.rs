//! A commune profile's rules across files: its `[surcharges]` applied to
//! the domains they name, and what it lists for sheets it does not print.

use super::{CommuneProfile, Materials};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Domain;

/// Applies a `[surcharges.<id>]` table to a domain.
pub fn apply_override(domain: &Domain, patch: &toml::Table) -> Result<Domain, toml::de::Error> {
    let mut value = toml::Table::try_from(domain).expect("a domain serialises to TOML");
    for (key, v) in patch {
        value.insert(key.clone(), v.clone());
    }
    value.try_into()
}

pub(super) fn check_overrides(
    materials: &Materials,
    profile: &CommuneProfile,
    diags: &mut Diagnostics,
) {
    {
        for (id, patch) in &profile.commune.overrides {
            let Some(sheet) = materials.domain(id) else {
                continue;
            };
            let range = materials.key_span(profile.file, &format!("surcharges.{id}"));
            match apply_override(&sheet.domain, patch) {
                Err(err) => diags.push(
                    Diagnostic::error(format!("surcharge de « {id} » inapplicable : {}", err.message()))
                        .at_or_in(profile.file, range.clone()),
                ),
                Ok(merged) if merged.stakes.is_empty() && merged.levers.is_empty() => diags.push(
                    Diagnostic::error(format!(
                        "avec cette surcharge, la fiche « {id} » n’a plus ni « enjeux » ni « leviers »"
                    ))
                    .at_or_in(profile.file, range.clone())
                    .with_hint("une fiche a besoin d’au moins l’un des deux : ne remplacez pas « enjeux » par une liste vide"),
                ),
                Ok(_) => {}
            }
        }
    }
}

pub(super) fn warn_unused_actions(
    materials: &Materials,
    profile: &CommuneProfile,
    diags: &mut Diagnostics,
) {
    {
        let Some(chosen) = &profile.commune.domains else {
            return;
        };
        for (i, partner) in profile.commune.partners.iter().enumerate() {
            for (j, domain) in partner.domains.iter().flatten().enumerate() {
                if chosen.contains(domain) {
                    continue;
                }
                let range =
                    materials.key_span(profile.file, &format!("partenaires.{i}.domaines.{j}"));
                diags.push(
                    Diagnostic::warning(format!(
                        "l’association « {} » n’apparaîtra pas sur la fiche « {domain} » : cette fiche n’est pas dans « domaines »",
                        partner.name
                    ))
                    .at_or_in(profile.file, range)
                    .with_hint(format!("ajoutez \"{domain}\" à la liste domaines du début du fichier, ou retirez-la ici")),
                );
            }
        }
        for (i, action) in profile.commune.actions.iter().enumerate() {
            if chosen.contains(&action.domain) {
                continue;
            }
            let range = materials.key_span(profile.file, &format!("actions.{i}.domaine"));
            diags.push(
                Diagnostic::warning(format!(
                    "l’action « {} » ne sera imprimée nulle part : la fiche « {} » n’est pas dans « domaines »",
                    action.title, action.domain
                ))
                .at_or_in(profile.file, range)
                .with_hint(format!("ajoutez \"{}\" à la liste domaines du début du fichier", action.domain)),
            );
        }
    }
}
