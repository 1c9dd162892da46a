//! Stage 1 of the typography pass: substitutions (`"…"` → `«…»`, `'` → `’`,
//! `...` → `…`).

use super::*;

/// The nearest character before `i`, emphasis markers (`*`, `_`) skipped.
pub(super) fn before_markers(s: &[Ch], i: usize) -> Option<char> {
    s[..i]
        .iter()
        .rev()
        .find(|ch| ch.protected || !matches!(ch.c, '*' | '_'))
        .map(|ch| ch.c)
}

/// The nearest character after `i`, emphasis markers (`*`, `_`) skipped.
pub(super) fn after_markers(s: &[Ch], i: usize) -> Option<char> {
    s[i + 1..]
        .iter()
        .find(|ch| ch.protected || !matches!(ch.c, '*' | '_'))
        .map(|ch| ch.c)
}

/// Straight quotes, apostrophes and three-dot ellipses.
pub(super) fn substitute(s: &[Ch]) -> Vec<Ch> {
    let mut out = Vec::with_capacity(s.len());
    let mut open_quotes = 0usize;
    let mut i = 0;
    while i < s.len() {
        let ch = s[i];
        if ch.protected {
            out.push(ch);
            i += 1;
            continue;
        }
        match ch.c {
            // An opening single quote (`'simples'`) is `‘`, not an apostrophe.
            '\'' if single_quote_opens(s, i) => out.push(Ch::free('‘')),
            '\'' => out.push(Ch::free('’')),
            // A time glued together (`9h30`) is spaced like `10 h 00`.
            'h' if glued_time(s, i) => {
                out.extend([Ch::free(' '), ch, Ch::free(' ')]);
            }
            '"' => {
                let opens = quote_opens(s, i, open_quotes);
                if opens {
                    open_quotes += 1;
                } else {
                    open_quotes = open_quotes.saturating_sub(1);
                }
                out.push(Ch::free(if opens { '«' } else { '»' }));
            }
            '.' if i == 0 || s[i - 1].c != '.' => {
                // Only a run of exactly three dots is an ellipsis: `....` or `..`
                // are left as typed rather than guessed at.
                let run = s[i..].iter().take_while(|ch| ch.c == '.').count();
                if run == 3 && s[i..i + 3].iter().all(|ch| !ch.protected) {
                    out.push(Ch::free('…'));
                } else {
                    out.extend_from_slice(&s[i..i + run]);
                }
                i += run;
                continue;
            }
            _ => out.push(ch),
        }
        i += 1;
    }
    out
}

/// Whether the straight single quote at `i` opens a quotation: after the
/// start, a space or an opening bracket, before a letter, and closed by
/// another `'` after a letter in the same line (`'simples'`, not `l' école`).
pub(super) fn single_quote_opens(s: &[Ch], i: usize) -> bool {
    let after_space = i == 0
        || s[i - 1].c.is_whitespace()
        || matches!(s[i - 1].c, '(' | '[' | '«' | '"' | '–' | '—');
    let before_letter = s.get(i + 1).is_some_and(|ch| ch.c.is_alphanumeric());
    let closed = s[i + 1..]
        .iter()
        .take_while(|ch| ch.c != '\n')
        .zip(&s[i..])
        .any(|(ch, prev)| ch.c == '\'' && prev.c.is_alphanumeric());
    after_space && before_letter && closed
}

/// Whether the `h` at `i` joins hours and minutes typed without spaces
/// (`9h30`, `14h05`): one or two digits standing alone before it, two after,
/// a time of day.
pub(super) fn glued_time(s: &[Ch], i: usize) -> bool {
    let digit = |k: usize| s.get(k).filter(|ch| !ch.protected && ch.c.is_ascii_digit());
    let hours = (1..=2)
        .take_while(|&n| i >= n && digit(i - n).is_some())
        .count();
    if hours == 0 || (i > hours && s[i - hours - 1].c.is_alphanumeric()) {
        return false;
    }
    let (Some(m1), Some(m2)) = (digit(i + 1), digit(i + 2)) else {
        return false;
    };
    let value = |chs: &[Ch]| {
        chs.iter()
            .fold(0, |v, ch| v * 10 + ch.c.to_digit(10).unwrap_or(0))
    };
    !s.get(i + 3).is_some_and(|ch| ch.c.is_alphanumeric())
        && value(&s[i - hours..i]) <= 24
        && value(&[*m1, *m2]) < 60
}

/// Whether the straight quote at `i` opens: after the start, a space or an opening
/// bracket, and before a word, it opens; after a word and before a space or
/// punctuation, it closes. When both or neither hold (`" mot "`, `a"b`), it closes
/// a pending opening quote, else opens.
pub(super) fn quote_opens(s: &[Ch], i: usize, open_quotes: usize) -> bool {
    let opening_context = match before_markers(s, i) {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '«' | '–' | '—'),
    };
    let closing_context = match after_markers(s, i) {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…' | '»'
                )
        }
    };
    match (opening_context, closing_context) {
        (true, false) => true,
        (false, true) => false,
        _ => open_quotes == 0,
    }
}
