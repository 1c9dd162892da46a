//! Ordinals set in superscript (issue 18, point 5): « 1er », « 2e », « XXIe »
//! are printed « 1ᵉʳ », « 2ᵉ », « XXIᵉ ». The suffix letters become the
//! Unicode modifier letters, which the shipped fonts draw small and raised;
//! the PDF maps them back to plain letters, so that copied or read-aloud text
//! says « 1er » (see [`crate::export::fonts::used_glyphs`]).

use super::Ch;

/// The suffixes of an ordinal written with digits: premier, première(s),
/// deuxième(s), second(e)(s).
const DIGIT_SUFFIXES: &[&str] = &[
    "er", "ers", "re", "res", "e", "es", "nd", "nds", "nde", "ndes", "d", "ds", "de", "des",
];

/// The superscript form of a letter of a suffix.
pub fn superscript(c: char) -> Option<char> {
    match c {
        'e' => Some('\u{1D49}'),
        'r' => Some('\u{2B3}'),
        's' => Some('\u{2E2}'),
        'd' => Some('\u{1D48}'),
        'n' => Some('\u{207F}'),
        _ => None,
    }
}

/// The letter a superscript letter of `superscript` stands for.
pub fn plain(c: char) -> Option<char> {
    ['e', 'r', 's', 'd', 'n']
        .into_iter()
        .find(|&p| superscript(p) == Some(c))
}

/// Sets every ordinal suffix of `s` in superscript.
pub(super) fn set(s: &[Ch]) -> Vec<Ch> {
    let mut out = s.to_vec();
    let mut i = 0;
    while i < s.len() {
        let Some((number_end, roman)) = number_at(s, i) else {
            i += 1;
            continue;
        };
        let suffix_end = (number_end..s.len())
            .find(|&j| s[j].protected || !s[j].c.is_ascii_lowercase())
            .unwrap_or(s.len());
        let suffix: String = s[number_end..suffix_end].iter().map(|ch| ch.c).collect();
        let ends_word = s.get(suffix_end).is_none_or(|ch| !ch.c.is_alphanumeric());
        let number: String = s[i..number_end].iter().map(|ch| ch.c).collect();
        let ordinal = ends_word
            && if roman {
                // « Ier » (premier); « Le », « Ce », « De », « Me » are words.
                (suffix == "e" && !matches!(number.as_str(), "L" | "C" | "D" | "M"))
                    || (suffix == "er" && number == "I")
            } else {
                DIGIT_SUFFIXES.contains(&suffix.as_str())
            };
        if ordinal {
            for ch in &mut out[number_end..suffix_end] {
                ch.c = superscript(ch.c).unwrap_or(ch.c);
            }
        }
        i = suffix_end.max(i + 1);
    }
    out
}

/// Where a number starting at `i` ends, and whether it is a Roman numeral:
/// free digits or capital Roman letters, starting a word.
fn number_at(s: &[Ch], i: usize) -> Option<(usize, bool)> {
    if !starts_word(s, i) {
        return None;
    }
    let run = |ok: fn(char) -> bool| {
        (i..s.len())
            .find(|&j| s[j].protected || !ok(s[j].c))
            .unwrap_or(s.len())
    };
    let digits = run(|c| c.is_ascii_digit());
    if digits > i {
        return Some((digits, false));
    }
    let roman = run(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'));
    let text: String = s[i..roman].iter().map(|ch| ch.c).collect();
    (roman > i && is_roman(&text)).then_some((roman, true))
}

/// Whether a word may start at `i`: at the start, or after a character that
/// is neither a letter nor a digit, nor the separator of a decimal number
/// or a range (`1,5e`, `2-3e` are not ordinals).
fn starts_word(s: &[Ch], i: usize) -> bool {
    if s[i].protected {
        return false;
    }
    let Some(before) = i.checked_sub(1).map(|b| s[b].c) else {
        return true;
    };
    let joined_to_a_number = matches!(before, ',' | '.' | '-' | '/' | ':')
        && i.checked_sub(2).is_some_and(|b| s[b].c.is_ascii_digit());
    !before.is_alphanumeric() && !joined_to_a_number
}

/// Whether `text` is a Roman numeral as written (I to MMMCMXCIX, each
/// thousand, hundred, ten and unit in its usual form).
fn is_roman(text: &str) -> bool {
    const UNITS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    const TENS: [&str; 10] = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"];
    const HUNDREDS: [&str; 10] = ["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"];
    let value = |c: char| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => 0,
    };
    let digits: Vec<usize> = text.chars().map(value).collect();
    let n: usize = digits
        .iter()
        .enumerate()
        .map(|(k, &v)| {
            if digits.get(k + 1).is_some_and(|&next| next > v) {
                0usize.wrapping_sub(v)
            } else {
                v
            }
        })
        .fold(0usize, usize::wrapping_add);
    (1..4000).contains(&n)
        && format!(
            "{}{}{}{}",
            "M".repeat(n / 1000),
            HUNDREDS[n / 100 % 10],
            TENS[n / 10 % 10],
            UNITS[n % 10]
        ) == text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_text(text: &str) -> String {
        let chars: Vec<Ch> = text.chars().map(Ch::free).collect();
        set(&chars).iter().map(|ch| ch.c).collect()
    }

    #[test]
    fn ordinals_are_set_in_superscript() {
        assert_eq!(set_text("le 1er mai"), "le 1\u{1D49}\u{2B3} mai");
        assert_eq!(set_text("la 2e fois"), "la 2\u{1D49} fois");
        assert_eq!(set_text("au XXIe siècle"), "au XXI\u{1D49} siècle");
        assert_eq!(set_text("François Ier"), "François I\u{1D49}\u{2B3}");
        assert_eq!(set_text("(3es)"), "(3\u{1D49}\u{2E2})");
    }

    #[test]
    fn the_french_pass_sets_them() {
        let text = super::super::apply(
            "Le 1er mai du XXIe siècle",
            super::super::Convention::French,
        );
        // The day keeps its month (issue 16, A.8): a no-break space.
        assert_eq!(text, "Le 1\u{1D49}\u{2B3}\u{A0}mai du XXI\u{1D49} siècle");
    }

    #[test]
    fn words_and_numbers_that_are_not_ordinals_stay() {
        for text in [
            "Le Ce De Me",
            "Vie",
            "Mali",
            "IIIer",
            "1,5e",
            "3D",
            "2ème",
            "12 km",
            "A4e",
            "v2e",
            "1e5",
        ] {
            assert_eq!(set_text(text), text);
        }
        assert!(is_roman("XXI") && is_roman("MCMXCIV") && is_roman("IV"));
        assert!(!is_roman("IIII") && !is_roman("VX") && !is_roman("IL"));
    }
}
