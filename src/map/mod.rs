//! The world as data: French country names by ISO 3166-1 code, embedded from
//! `assets/monde/` (converted once by `tools/monde`; origin and licence there).

use std::sync::OnceLock;

use crate::resolve::values;

/// The converted table of `i18n-iso-countries` (MIT): code, numeric code, French name.
const COUNTRIES_TSV: &str = include_str!("../../assets/monde/pays.tsv");

/// One country of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case: `SN`.
    pub code: &'static str,
    /// ISO 3166-1 numeric code, the key of Natural Earth's shapes: `686`.
    pub numeric: &'static str,
    /// French name: « Sénégal ».
    pub name: &'static str,
}

/// Every country, sorted by code.
pub fn countries() -> &'static [Country] {
    static TABLE: OnceLock<Vec<Country>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COUNTRIES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let mut cells = l.split('\t');
                Some(Country {
                    code: cells.next()?,
                    numeric: cells.next()?,
                    name: cells.next()?,
                })
            })
            .collect()
    })
}

/// The country with this alpha-2 code (exact, upper case).
pub fn country(code: &str) -> Option<&'static Country> {
    let table = countries();
    table
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .map(|i| &table[i])
}

/// The French name of a code, or the code itself when unknown.
pub fn name(code: &str) -> &str {
    country(code).map_or(code, |c| c.name)
}

/// The country a wrong `pays` value most likely means: the same code in
/// lower case, a French name written out (« Sénégal »), or a name one typo
/// away.
pub fn suggest(value: &str) -> Option<&'static Country> {
    if let Some(c) = country(&value.trim().to_uppercase()) {
        return Some(c);
    }
    let wanted = values::slugify(value.trim());
    let table = countries();
    if let Some(c) = table.iter().find(|c| values::slugify(c.name) == wanted) {
        return Some(c);
    }
    let best = values::closest(value, table.iter().map(|c| c.name))?;
    table.iter().find(|c| c.name == best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_suggestions() {
        assert_eq!(name("SN"), "Sénégal");
        assert_eq!(name("KM"), "Comores");
        assert_eq!(country("SN").unwrap().numeric, "686");
        assert!(country("sn").is_none());
        assert_eq!(suggest("sn").unwrap().code, "SN");
        assert_eq!(suggest("Senegal").unwrap().code, "SN");
        assert_eq!(suggest("Cameroon").unwrap().code, "CM");
        assert!(suggest("XQ").is_none());
        assert!(countries().len() > 240);
    }
}
