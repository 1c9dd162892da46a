//! Stage 2 of the typography pass: digit grouping (`34955` → `34 955` with
//! U+202F), outside postal codes, years, references and the like.

use super::*;

pub(super) fn is_free_digit(s: &[Ch], i: usize) -> bool {
    s.get(i)
        .is_some_and(|ch| !ch.protected && ch.c.is_ascii_digit())
}

/// Groups the digits of numbers of five digits or more by three with U+202F
/// (`34955` → `34 955`, `12345,5` → `12 345,5`), and sets the separators of a
/// number the author grouped (`34 955`) to U+202F.
///
/// A number is a sequence of digit runs separated by horizontal spaces. It is
/// grouped only when it reads as a quantity: standing on its own (see
/// [`number_prefix_ok`], [`number_suffix_ok`]), not starting with `0` (phone
/// numbers, codes), and either one run of five digits or more that is not a
/// postal code, or runs of 1–3 then exactly 3 digits. Anything else — `2007-147`,
/// `L1115-1`, `01 99 00 12 34`, `+33 1 …`, `2015 100` — is left as typed.
pub(super) fn group_digits(s: &[Ch]) -> Vec<Ch> {
    let mut out = Vec::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < s.len() {
        if !is_free_digit(s, i) || (i > 0 && s[i - 1].c.is_ascii_digit()) {
            out.push(s[i]);
            i += 1;
            continue;
        }
        // Digit runs separated by horizontal spaces.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut start = i;
        let end = loop {
            let mut run_end = start;
            while is_free_digit(s, run_end) {
                run_end += 1;
            }
            runs.push((start, run_end));
            let mut next = run_end;
            while s
                .get(next)
                .is_some_and(|ch| !ch.protected && is_hspace(ch.c))
            {
                next += 1;
            }
            if next > run_end && is_free_digit(s, next) {
                start = next;
            } else {
                break run_end;
            }
        };
        let digits: Vec<char> = runs
            .iter()
            .flat_map(|&(a, b)| s[a..b].iter().map(|ch| ch.c))
            .collect();
        let run_len = |k: usize| runs[k].1 - runs[k].0;
        let shape_ok = if runs.len() == 1 {
            digits.len() >= 5 && !looks_like_postal_code(s, end, digits.len())
        } else {
            (1..=3).contains(&run_len(0)) && (1..runs.len()).all(|k| run_len(k) == 3)
        };
        if shape_ok && digits[0] != '0' && number_prefix_ok(s, i) && number_suffix_ok(s, end) {
            let first = match digits.len() % 3 {
                0 => 3,
                r => r,
            };
            for (k, &d) in digits.iter().enumerate() {
                if k >= first && (k - first) % 3 == 0 {
                    out.push(Ch::free(NNBSP));
                }
                out.push(Ch::free(d));
            }
        } else {
            out.extend_from_slice(&s[i..end]);
        }
        i = end;
    }
    out
}

/// A postal code: exactly five digits, then a space and a capitalised word that is
/// not a unit (`92000 Nanterre`, `75001 PARIS`, but not `12345 MWh`). A quantity
/// before a capitalised word is rare enough to leave ungrouped.
pub(super) fn looks_like_postal_code(s: &[Ch], end: usize, len: usize) -> bool {
    let mut j = end;
    while s.get(j).is_some_and(|ch| is_hspace(ch.c)) {
        j += 1;
    }
    len == 5 && j > end && char_at(s, j).is_some_and(char::is_uppercase) && unit_at(s, j).is_none()
}

/// Whether what comes before a number lets it be a quantity: the start, a space,
/// an opening bracket or guillemet, a dash, emphasis markers. Not a letter (`L1115`),
/// `-`, `/`, `.`, `,` (decimals), `+` (phone numbers) or `°`; and, through spaces,
/// not `n°` or a reference abbreviation (`p. 12345`, `art. 10234`), which number
/// things rather than count them.
pub(super) fn number_prefix_ok(s: &[Ch], i: usize) -> bool {
    let mut j = i;
    while j > 0 && !s[j - 1].protected && matches!(s[j - 1].c, '*' | '_') {
        j -= 1;
    }
    let Some(prev) = j.checked_sub(1).map(|p| s[p]) else {
        return true;
    };
    if prev.protected {
        return false;
    }
    if prev.c.is_whitespace() {
        let mut k = j - 1;
        while k > 0 && is_hspace(s[k - 1].c) {
            k -= 1;
        }
        return match k.checked_sub(1).map(|p| s[p].c) {
            Some('°' | 'º') => false,
            Some('.') => !is_reference_abbreviation(s, k - 1),
            _ => true,
        };
    }
    matches!(prev.c, '(' | '[' | '{' | '«' | '"' | '“' | '–' | '—')
}

/// Whether what follows a number lets it be a quantity: the end, a space, closing
/// punctuation, a unit sign, a decimal comma. Not a letter (`34955e`), `-` (law
/// numbers), `/`, `@`, or a `.` or `:` followed by a digit (`12345.5`, `10234:2`).
pub(super) fn number_suffix_ok(s: &[Ch], end: usize) -> bool {
    let mut j = end;
    while s
        .get(j)
        .is_some_and(|ch| !ch.protected && matches!(ch.c, '*' | '_'))
    {
        j += 1;
    }
    let Some(next) = s.get(j) else {
        return true;
    };
    if next.protected {
        return false;
    }
    match next.c {
        c if c.is_whitespace() => true,
        ')' | ']' | '}' | '»' | '”' | '"' | ',' | ';' | '!' | '?' | '…' | '–' | '—' => {
            true
        }
        '%' | '‰' | '€' | '$' | '£' | '°' => true,
        // After emphasis markers (`12345**:0`) the colon gets its space, so only a
        // sign glued to the digits joins them to what follows.
        '.' | ':' => j > end || !char_at(s, j + 1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Whether the `.` at `dot` ends a reference abbreviation (`p.`, `pp.`, `art.`)
/// standing as a word of its own.
pub(super) fn is_reference_abbreviation(s: &[Ch], dot: usize) -> bool {
    let mut start = dot;
    while start > 0 && !s[start - 1].protected && s[start - 1].c.is_ascii_alphabetic() {
        start -= 1;
    }
    let word: String = s[start..dot].iter().map(|ch| ch.c).collect();
    let standalone = start == 0 || !s[start - 1].c.is_alphanumeric();
    standalone && REFERENCE_ABBREVIATIONS.contains(&word.as_str())
}
