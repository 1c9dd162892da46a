//! French typography pass: corrects the Markdown source of a text field (guillemets,
//! apostrophes, no-break spaces, digit grouping) before inline Markdown is parsed,
//! leaving URLs, e-mail addresses, link destinations and code spans untouched.
//!
//! The pass works on characters tagged « protected » or not. Protected zones are
//! copied verbatim; every rule below only rewrites unprotected characters, though
//! it may look at protected neighbours for context. Three stages run in order:
//!
//! 1. substitutions: `"…"` → `«…»`, `'` → `’`, `...` → `…`;
//! 2. digit grouping: `34955` → `34 955` with U+202F;
//! 3. spacing: every gap between two non-space characters (an empty gap, or a run
//!    of horizontal spaces) that a rule governs is set to exactly the space the rule
//!    asks for — a space the author typed is replaced, a missing one inserted.
//!
//! Each stage leaves text that it, and the stages before it, would not change
//! again, so the pass is idempotent.

mod digits;
mod protect;
mod spacing;
mod substitute;

use digits::*;
use protect::*;
use spacing::*;
use substitute::*;

/// No-break space (U+00A0): before `:`, after `n°`, `p.`, `art.`, between a
/// number and its unit.
pub const NBSP: char = '\u{A0}';

/// Narrow no-break space (U+202F): before `;` `!` `?` `»`, after `«`, and between
/// groups of three digits.
pub const NNBSP: char = '\u{202F}';

/// Unit symbols bound to the number before them by a no-break space (`12,5 M€`,
/// `3 km`, `9 h`). Words that count (`20 000 habitants`) are in [`UNIT_WORDS`].
///
/// A symbol starting with a letter only binds a space the author typed; a symbol
/// starting with a sign (`%`, `€`, `°C`…) also gets the space inserted when the
/// author glued it to the number (`1%` → `1 %`). A letter glued to a number is
/// too often not a unit at all (`3D`, `4G`, `2e`, `8A`) to insert anything there.
#[rustfmt::skip] // one line per family of units, each with its comment
pub const UNITS: &[&str] = &[
    // Shares and money, the most frequent in the sheets.
    "%", "‰", "€", "k€", "M€", "Md€", "Mds€", "$", "£",
    // Amounts in millions and billions (`2,6 M`, `3 Mds d’euros`).
    "M", "Md", "Mds",
    // Length, area, volume.
    "km", "m", "cm", "mm", "km²", "m²", "m³", "ha", "L",
    // Mass, including the greenhouse-gas figures of the energy and waste sheets.
    "g", "kg", "t", "kt", "Mt", "tCO2", "tCO2e", "MtCO2", "MtCO2e", "tCO₂", "MtCO₂",
    // Time (`9 h 30`, `45 min`).
    "h", "min", "s",
    // Temperature (`2 °C` of warming).
    "°C",
    // Power and energy, including peak power of solar panels (`kWc`).
    "W", "kW", "MW", "GW", "kWc", "MWc", "Wh", "kWh", "MWh", "GWh", "TWh",
];

/// Words counting what the number before them counts, bound to it by a
/// no-break space the author typed (`30 ans`, `20 000 habitants`, `15 jours`):
/// a line must not end with a bare number whose unit waits on the next one
/// (issue 16, A.8). Only plural or invariable nouns that follow a count in
/// the sheets; a year before them is rare enough (`en 2015 communes` is not
/// French) to accept the tie.
#[rustfmt::skip] // one line per family of counted things, each with its comment
pub const UNIT_WORDS: &[&str] = &[
    // Durations.
    "an", "ans", "année", "années", "mois", "semaine", "semaines", "jour", "jours",
    "heure", "heures", "minute", "minutes", "siècle", "siècles",
    // Money and measures written out.
    "euro", "euros", "kilomètre", "kilomètres", "mètre", "mètres", "hectare", "hectares",
    "tonne", "tonnes", "litre", "litres",
    // People and places counted in the sheets.
    "habitant", "habitants", "habitante", "habitantes", "personne", "personnes",
    "jeune", "jeunes", "enfant", "enfants", "élève", "élèves", "élu", "élus",
    "salarié", "salariés", "emploi", "emplois", "bénévole", "bénévoles",
    "membre", "membres", "participant", "participants", "partenaire", "partenaires",
    "famille", "familles", "commune", "communes", "ville", "villes", "pays",
    "collectivité", "collectivités", "association", "associations", "projet", "projets",
];

/// Months, bound to the day before them by a no-break space (`9 février`,
/// `1er janvier`): a line ending with « du 9 » reads as a number lost at the
/// margin (issue 16, A.8). Month and year may still part. Also the names
/// dates are written out with (`compose::labels::long_date`).
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Abbreviations of references followed by a no-break space when a number comes
/// next: a page (`p. 12`, `pp. 12-15`) or an article of a code or law
/// (`art. L1115-1`), which must never be separated from its number at a line end.
const REFERENCE_ABBREVIATIONS: &[&str] = &["p", "pp", "art", "Art"];

/// Which typographic conventions to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// French typography: guillemets, apostrophes, no-break spaces, digit grouping.
    French,
    /// No change at all: `typographie = "brute"`, or a sheet in English (`langue = "en"`).
    Raw,
}

/// Whether `c` is a space that must not be broken at: no-break space, narrow
/// no-break space, figure space, word joiner.
pub fn is_non_breaking(c: char) -> bool {
    matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}' | '\u{2060}')
}

/// Applies `convention` to the Markdown source of one text field and returns the
/// corrected source. Idempotent: applying it to its own output changes nothing.
pub fn apply(text: &str, convention: Convention) -> String {
    match convention {
        Convention::Raw => text.to_owned(),
        Convention::French => french(text),
    }
}

/// One character of the text, with whether it lies in a protected zone.
#[derive(Debug, Clone, Copy)]
struct Ch {
    c: char,
    protected: bool,
}

impl Ch {
    fn free(c: char) -> Self {
        Ch {
            c,
            protected: false,
        }
    }
}

/// The French pass: protected zones, then the three stages of the module doc.
fn french(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mask = protected_mask(&chars);
    let tagged: Vec<Ch> = chars
        .iter()
        .zip(mask)
        .map(|(&c, protected)| Ch { c, protected })
        .collect();
    let substituted = ordinals::set(&substitute(&tagged));
    let grouped = group_digits(&substituted);
    let spaced = set_spaces(&grouped);
    spaced.iter().map(|ch| ch.c).collect()
}

/// Spaces that may stand between two words on one line; a run of them is a gap
/// the spacing rules may rewrite. Line breaks and other vertical whitespace are
/// not: a rule never joins two lines.
fn is_hspace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}'
    )
}

/// The character at `i`, if any.
fn char_at(s: &[Ch], i: usize) -> Option<char> {
    s.get(i).map(|ch| ch.c)
}

/// Whether the character at `i` is an unprotected `c`.
fn is_free(s: &[Ch], i: usize, c: char) -> bool {
    s.get(i).is_some_and(|ch| !ch.protected && ch.c == c)
}

mod ordinals;
pub use ordinals::plain as plain_superscript;

#[cfg(test)]
mod tests;
