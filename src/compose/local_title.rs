//! The title of a commune's box on a sheet, in correct French: « Au
//! Kremlin-Bicêtre », « Au conseil départemental de l’Essonne », or the
//! profile's own `intitule`.

use crate::compose::labels::{self, Labels};
use crate::model::{Commune, Language, Nature};

/// The title of a commune's box on a sheet: the profile's `intitule` when it
/// has one; in French, « À » before a commune's name, contracted with its
/// article (« Au Kremlin-Bicêtre », « Aux Lilas »), and for other natures
/// a phrase its name's first word calls for (« Au conseil départemental de
/// l’Essonne », « Dans la communauté d’agglomération… », « En Essonne »);
/// in English, « In ‹name› ».
pub fn local_title(commune: &Commune, labels: &Labels) -> String {
    if let Some(title) = commune
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return title.to_string();
    }
    let name = commune.name.trim();
    if labels.at != labels::labels(Language::French).at {
        return format!("{} {name}", labels.at);
    }
    let institution = match commune.nature {
        Nature::Commune => None,
        _ => institution_title(name),
    };
    institution.unwrap_or_else(|| match commune.nature {
        // A department or region named bare: « En Essonne », « Dans le Nord ».
        Nature::Department | Nature::Region => with_article(name, "En", "Dans"),
        Nature::Association => format!("Avec {name}"),
        Nature::Commune | Nature::Intercommunality => with_article(name, "À", "À"),
    })
}

/// Common nouns an institution's name starts with, and the words put before
/// it once lowered: « Conseil départemental de l’Essonne » → « Au conseil
/// départemental de l’Essonne ».
const INSTITUTIONS: [(&str, &str); 12] = [
    ("Conseil", "Au"),
    ("Communauté", "Dans la"),
    ("Métropole", "Dans la"),
    ("Établissement", "Dans l’"),
    ("Syndicat", "Au"),
    ("Pôle", "Au"),
    ("Pays", "Au"),
    ("Département", "Dans le"),
    ("Région", "Dans la"),
    ("Collectivité", "Dans la"),
    ("Association", "Avec l’"),
    ("Mairie", "À la"),
];

/// « Au conseil départemental… » when the name starts with a common noun of
/// [`INSTITUTIONS`], lowered.
fn institution_title(name: &str) -> Option<String> {
    let first = name.split([' ', '-']).next()?;
    let (noun, before) = INSTITUTIONS.iter().find(|(noun, _)| *noun == first)?;
    let mut lowered: String = noun.chars().flat_map(char::to_lowercase).collect();
    lowered.push_str(&name[noun.len()..]);
    Some(if before.ends_with('’') {
        format!("{before}{lowered}")
    } else {
        format!("{before} {lowered}")
    })
}

/// A place name after a preposition, its leading article contracted or
/// lowered: « À Le Kremlin-Bicêtre » → « Au Kremlin-Bicêtre », « Les Lilas »
/// → « Aux Lilas », « La Rochelle » → « À La Rochelle » (the article of a
/// commune's name keeps its capital); a bare name takes `bare`, one with an
/// article `before`.
fn with_article(name: &str, bare: &str, before: &str) -> String {
    let commune = bare == "À";
    if let Some(rest) = name.strip_prefix("Le ") {
        return if commune || before == "À" {
            format!("Au {rest}")
        } else {
            format!("{before} le {rest}")
        };
    }
    if let Some(rest) = name.strip_prefix("Les ") {
        return if commune || before == "À" {
            format!("Aux {rest}")
        } else {
            format!("{before} les {rest}")
        };
    }
    let elided = ["L’", "L'"].iter().find_map(|a| name.strip_prefix(a));
    match (name.strip_prefix("La "), elided) {
        (Some(rest), _) if !commune => format!("{before} la {rest}"),
        (_, Some(rest)) if !commune => format!("{before} l’{rest}"),
        (Some(_), _) | (_, Some(_)) => format!("{before} {name}"),
        _ => format!("{bare} {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::labels::labels;

    fn title(name: &str, nature: Nature) -> String {
        let commune = Commune {
            name: name.to_string(),
            nature,
            ..Commune::default()
        };
        local_title(&commune, labels(Language::French))
    }

    /// Issue 18, point 4: « À Le Kremlin-Bicêtre », « À Conseil départemental
    /// de l’Essonne », « À Communauté d’agglomération… ».
    #[test]
    fn commune_box_title_in_correct_french() {
        assert_eq!(
            title("Le Kremlin-Bicêtre", Nature::Commune),
            "Au Kremlin-Bicêtre"
        );
        assert_eq!(title("Les Lilas", Nature::Commune), "Aux Lilas");
        assert_eq!(title("La Rochelle", Nature::Commune), "À La Rochelle");
        assert_eq!(
            title("L’Haÿ-les-Roses", Nature::Commune),
            "À L’Haÿ-les-Roses"
        );
        assert_eq!(title("Exempleville", Nature::Commune), "À Exempleville");
        assert_eq!(
            title("Conseil départemental de l’Essonne", Nature::Department),
            "Au conseil départemental de l’Essonne"
        );
        assert_eq!(
            title(
                "Communauté d’agglomération Grand Paris Sud",
                Nature::Intercommunality
            ),
            "Dans la communauté d’agglomération Grand Paris Sud"
        );
        assert_eq!(title("Essonne", Nature::Department), "En Essonne");
        assert_eq!(title("Le Nord", Nature::Department), "Dans le Nord");
        assert_eq!(title("Les Landes", Nature::Department), "Dans les Landes");
        assert_eq!(
            title(
                "Établissement public territorial Grand-Orly",
                Nature::Intercommunality
            ),
            "Dans l’établissement public territorial Grand-Orly"
        );
        assert_eq!(
            title("Amis du Sahel", Nature::Association),
            "Avec Amis du Sahel"
        );
    }

    #[test]
    fn commune_box_title_set_by_intitule() {
        let commune = Commune {
            name: "Conseil départemental de l’Essonne".to_string(),
            title: Some("En Essonne".to_string()),
            ..Commune::default()
        };
        assert_eq!(
            local_title(&commune, labels(Language::French)),
            "En Essonne"
        );
        let plain = Commune {
            name: "Le Kremlin-Bicêtre".to_string(),
            ..Commune::default()
        };
        assert_eq!(
            local_title(&plain, labels(Language::English)),
            "In Le Kremlin-Bicêtre"
        );
    }
}
