//! French typography for the plain text fields of a commune profile (name,
//! address, contact…), which are printed as typed, without Markdown: they go
//! through the same normaliser as the text fields (`L'Haÿ` → `L’Haÿ`).

use crate::layout::typo::{self, Convention};
use crate::model::{Collection, Commune, Language};

/// Applies the collection's typography to the plain text fields of
/// `commune`, in the language of its edition: French rules unless it is in
/// English or the collection says `typographie = "brute"`.
pub fn typeset_commune(commune: &mut Commune, collection: &Collection) {
    let language = commune.language.unwrap_or(collection.language);
    if language != Language::French || !collection.french_typography() {
        return;
    }
    let set = |text: &mut String| {
        let typeset = typo::apply(text, Convention::French);
        if typeset != *text {
            *text = typeset;
        }
    };
    set(&mut commune.name);
    for field in [&mut commune.territory, &mut commune.title] {
        field.as_mut().map(set);
    }
    if let Some(contact) = &mut commune.contact {
        for field in [
            &mut contact.service,
            &mut contact.address,
            &mut contact.phone,
        ] {
            field.as_mut().map(set);
        }
    }
    if let Some(editorial) = &mut commune.editorial {
        for field in [&mut editorial.signatory, &mut editorial.role] {
            field.as_mut().map(set);
        }
    }
    for partner in &mut commune.partners {
        set(&mut partner.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Contact;

    /// Issue 18, point 5: `nom` and `adresse` kept `'` on covers, footers and
    /// the commune box.
    #[test]
    fn straight_apostrophes_in_names_and_addresses() {
        let mut commune = Commune {
            name: "L'Haÿ-les-Roses".to_string(),
            contact: Some(Contact {
                address: Some("1 place de l'Église\n94240 L'Haÿ-les-Roses".to_string()),
                phone: Some("01 46 15 33 33".to_string()),
                ..Contact::default()
            }),
            ..Commune::default()
        };
        typeset_commune(&mut commune, &Collection::default());
        assert_eq!(commune.name, "L’Haÿ-les-Roses");
        let contact = commune.contact.expect("contact");
        assert_eq!(
            contact.address.as_deref(),
            Some("1 place de l’Église\n94240 L’Haÿ-les-Roses")
        );
        assert_eq!(contact.phone.as_deref(), Some("01 46 15 33 33"));
    }

    /// Issue 18, point 5: `'simples'` became `’simples’`, and `9h30` stayed
    /// glued next to `10 h 00`.
    #[test]
    fn normaliser_misses_single_quotes_and_glued_times() {
        let french = |text: &str| typo::apply(text, Convention::French);
        assert_eq!(french("des 'simples' mots"), "des ‘simples’ mots");
        assert_eq!(french("l'école d'été"), "l’école d’été");
        assert_eq!(french("l' école"), "l’ école");
        assert_eq!(
            french("de 9h30 à 10 h 00"),
            "de 9\u{A0}h\u{A0}30 à 10\u{A0}h\u{A0}00"
        );
        assert_eq!(french("à 14h05."), "à 14\u{A0}h\u{A0}05.");
        assert_eq!(french("le 4x4h30 et 25h99"), "le 4x4h30 et 25h99");
        let once = french("de 9h30 'à' 10h");
        assert_eq!(french(&once), once, "idempotent");
    }
}
