//! Stage 3 of the typography pass: spacing, every gap a rule governs set to the
//! space the rule asks for (no-break spaces of French punctuation, numbers and
//! their units, days and months).

use super::*;

/// Sets every gap a rule governs to the space it asks for (see [`required_space`]).
pub(super) fn set_spaces(s: &[Ch]) -> Vec<Ch> {
    let is_gap_space = |ch: &Ch| !ch.protected && is_hspace(ch.c);
    let mut out = Vec::with_capacity(s.len() + 16);
    let mut i = 0;
    while i < s.len() {
        if is_gap_space(&s[i]) {
            let mut j = i;
            while j < s.len() && is_gap_space(&s[j]) {
                j += 1;
            }
            let (left, right) = (i.checked_sub(1), (j < s.len()).then_some(j));
            match required_space(s, left, right, false) {
                Some(space) => out.push(Ch::free(space)),
                None => out.extend_from_slice(&s[i..j]),
            }
            i = j;
        } else {
            out.push(s[i]);
            if s.get(i + 1).is_some_and(|ch| !is_gap_space(ch))
                && let Some(space) = required_space(s, Some(i), Some(i + 1), true)
            {
                out.push(Ch::free(space));
            }
            i += 1;
        }
    }
    out
}

/// The space the gap between the characters at `l` and `r` must hold, if a rule
/// governs it; `empty` tells whether the author typed no space there.
pub(super) fn required_space(
    s: &[Ch],
    l: Option<usize>,
    r: Option<usize>,
    empty: bool,
) -> Option<char> {
    // Nothing to bind at the start or end of the text, or across a line break.
    let (l, r) = (l?, r?);
    let (left, right) = (s[l], s[r]);
    if left.c.is_whitespace() || right.c.is_whitespace() {
        return None;
    }
    let left_free = |c: char| !left.protected && left.c == c;
    let opening_bracket_or_punct =
        !left.protected && matches!(left.c, ';' | '!' | '?' | ':' | '(' | '[' | '{');

    if is_free(s, r, '»') || left_free('«') {
        return Some(NNBSP);
    }
    if !right.protected && matches!(right.c, ';' | '!' | '?') {
        // `![alt](image)` is Markdown, not an exclamation; in `?!` or `(?)` the
        // group is spaced once, before its first sign.
        let image = right.c == '!' && char_at(s, r + 1) == Some('[');
        return (!image && !opening_bracket_or_punct).then_some(NNBSP);
    }
    if is_free(s, r, ':') {
        let scheme = char_at(s, r + 1) == Some('/') && char_at(s, r + 2) == Some('/');
        // `9:30`, `3:2`: a colon between two digits is a time or a ratio.
        let between_digits = empty
            && left.c.is_ascii_digit()
            && char_at(s, r + 1).is_some_and(|c| c.is_ascii_digit());
        return (!scheme && !between_digits && !opening_bracket_or_punct).then_some(NBSP);
    }
    if (left_free('°') || left_free('º'))
        && l >= 1
        && matches!(s[l - 1].c, 'n' | 'N')
        && !s[l - 1].protected
        && (l < 2 || !s[l - 2].c.is_alphanumeric())
        && right.c.is_alphanumeric()
    {
        return Some(NBSP);
    }
    if left_free('.') && is_reference_abbreviation(s, l) {
        let reference = right.c.is_ascii_digit()
            || (right.c.is_ascii_uppercase()
                && char_at(s, r + 1).is_some_and(|c| c.is_ascii_digit() || c == '.'));
        if reference {
            return Some(NBSP);
        }
    }
    if !empty && left_free('h') && is_time_hour(s, l) && is_time_minutes(s, r) {
        return Some(NBSP);
    }
    if !left.protected
        && left.c.is_ascii_digit()
        && number_stands_alone(s, l)
        && let Some(unit) = unit_at(s, r)
    {
        let sign_first = !unit.starts_with(char::is_alphabetic);
        return (!empty || sign_first).then_some(NBSP);
    }
    if !empty && ends_day(s, l) && word_at(s, r, &MONTHS) {
        return Some(NBSP);
    }
    if !empty
        && !left.protected
        && left.c.is_ascii_digit()
        && number_stands_alone(s, l)
        && word_at(s, r, UNIT_WORDS)
    {
        return Some(NBSP);
    }
    None
}

/// Whether the character at `l` ends a day of the month standing as a word:
/// one or two digits (`9`, `27`) or `1er`, its suffix in superscript
/// (`1ᵉʳ`, set so by [`ordinals`]) or not.
pub(super) fn ends_day(s: &[Ch], l: usize) -> bool {
    let free = |i: usize| !s[i].protected;
    let starts_word = |i: usize| i == 0 || !s[i - 1].c.is_alphanumeric();
    if l >= 2
        && matches!(s[l].c, 'r' | '\u{2B3}')
        && matches!(s[l - 1].c, 'e' | '\u{1D49}')
        && s[l - 2].c == '1'
    {
        return (l - 2..=l).all(free) && starts_word(l - 2);
    }
    let mut start = l + 1;
    while start > 0 && is_free_digit(s, start - 1) {
        start -= 1;
    }
    (1..=2).contains(&(l + 1 - start)) && starts_word(start)
}

/// Whether one of `words` is written at `r` as a word of its own, unprotected
/// and followed by neither a letter, a digit nor an apostrophe.
pub(super) fn word_at(s: &[Ch], r: usize, words: &[&str]) -> bool {
    words.iter().any(|word| {
        let mut j = r;
        for w in word.chars() {
            if !is_free(s, j, w) {
                return false;
            }
            j += 1;
        }
        !char_at(s, j).is_some_and(|c| c.is_alphanumeric() || matches!(c, '\'' | '’'))
    })
}

/// Whether the `h` at `h` follows a number, as in `9 h 30`.
pub(super) fn is_time_hour(s: &[Ch], h: usize) -> bool {
    let mut k = h;
    while k > 0 && is_hspace(s[k - 1].c) {
        k -= 1;
    }
    k > 0 && s[k - 1].c.is_ascii_digit() && !s[k - 1].protected
}

/// Whether exactly two digits start at `r`, the minutes of `9 h 30`.
pub(super) fn is_time_minutes(s: &[Ch], r: usize) -> bool {
    is_free_digit(s, r)
        && is_free_digit(s, r + 1)
        && !char_at(s, r + 2).is_some_and(char::is_alphanumeric)
}

/// Whether the number ending with the digit at `last` is not glued to a word
/// (`L1115 m` is no quantity).
pub(super) fn number_stands_alone(s: &[Ch], last: usize) -> bool {
    let mut k = last;
    while k > 0 {
        let decimal_sign = matches!(s[k - 1].c, ',' | '.') && k >= 2 && s[k - 2].c.is_ascii_digit();
        if s[k - 1].c.is_ascii_digit() || decimal_sign {
            k -= 1;
        } else {
            break;
        }
    }
    k == 0 || !s[k - 1].c.is_alphabetic()
}

/// The longest unit of [`UNITS`] written at `r` as a word of its own: not followed
/// by a letter, a digit or an apostrophe (`3 s’applique`, `2005 l’Unesco`).
pub(super) fn unit_at(s: &[Ch], r: usize) -> Option<&'static str> {
    UNITS
        .iter()
        .filter(|unit| {
            let mut j = r;
            for u in unit.chars() {
                if !is_free(s, j, u) {
                    return false;
                }
                j += 1;
            }
            !char_at(s, j).is_some_and(|c| c.is_alphanumeric() || matches!(c, '\'' | '’'))
        })
        .max_by_key(|unit| unit.chars().count())
        .copied()
}
