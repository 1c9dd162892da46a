//! An edition of the collection: the generic one, or a commune's, named by
//! its id from `--commune` to the composer (see
//! [`crate::resolve::LoadedEdition`] for the form with its profile).

use std::fmt;

/// The id naming the generic edition on the command line and in `output/`.
pub const GENERIC: &str = "generique";

/// An edition, by id: what a selection asks for, what a target is made in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edition {
    /// The generic edition, without customisation (`output/generique/`).
    Generic,
    /// A commune's edition, by the id of its profile (`output/<id>/`).
    Commune(String),
}

impl Edition {
    /// The edition a command-line argument names: [`GENERIC`] or a commune id.
    pub fn parse(arg: &str) -> Edition {
        if arg == GENERIC {
            Edition::Generic
        } else {
            Edition::Commune(arg.to_string())
        }
    }

    /// The edition of a commune, or the generic one for `None` (a workshop
    /// without a commune).
    pub fn of(commune: Option<&str>) -> Edition {
        commune.map_or(Edition::Generic, |id| Edition::Commune(id.to_string()))
    }

    /// The commune's id, `None` for the generic edition.
    pub fn commune(&self) -> Option<&str> {
        match self {
            Edition::Generic => None,
            Edition::Commune(id) => Some(id),
        }
    }

    /// Its folder in `output/` (and its name on the command line).
    pub fn folder(&self) -> &str {
        self.commune().unwrap_or(GENERIC)
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.folder())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generic_edition_is_named_generique_and_nothing_else() {
        assert_eq!(Edition::parse("generique"), Edition::Generic);
        assert_eq!(
            Edition::parse("exempleville"),
            Edition::Commune("exempleville".into())
        );
        assert_eq!(Edition::Generic.folder(), "generique");
        assert_eq!(Edition::of(Some("x")).folder(), "x");
        assert_eq!(Edition::of(None), Edition::Generic);
        // The generic edition sorts first, as `None` did before `Some`.
        assert!(Edition::Generic < Edition::Commune(String::new()));
    }
}
