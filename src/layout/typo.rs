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

use super::inline::{self, SpanTag};

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

// ---------------------------------------------------------------------------
// Protected zones
// ---------------------------------------------------------------------------

/// Marks the characters no rule may change: backslash escapes, code spans,
/// autolinks, link destinations, HTML entities, language spans, bare URLs and
/// e-mail addresses.
fn protected_mask(chars: &[char]) -> Vec<bool> {
    let n = chars.len();
    let mut mask = vec![false; n];
    let mut i = 0;
    while i < n {
        let zone = escape(chars, i)
            .or_else(|| code_span(chars, i))
            .or_else(|| autolink(chars, i))
            .or_else(|| link_destination(chars, &mask, i))
            .or_else(|| entity(chars, i))
            .or_else(|| language_span(chars, i))
            .or_else(|| bare_url(chars, i));
        match zone {
            Some(Zone { end, protect }) => {
                if protect {
                    mask[i..end].fill(true);
                }
                i = end;
            }
            None => i += 1,
        }
    }
    mark_emails(chars, &mut mask);
    mask
}

/// A stretch recognised at the scan position: it ends at `end` (exclusive) and
/// is protected, or only skipped (a backtick run that closes nothing is literal
/// text, yet its backticks must not open a shorter code span).
struct Zone {
    end: usize,
    protect: bool,
}

/// `\` before ASCII punctuation: the author asked for that character literally
/// (`\"` stays a straight quote, `\*` a star).
fn escape(chars: &[char], i: usize) -> Option<Zone> {
    (chars[i] == '\\' && chars.get(i + 1).is_some_and(char::is_ascii_punctuation)).then_some(Zone {
        end: i + 2,
        protect: true,
    })
}

/// A code span: a backtick run closed by the next run of the same length.
fn code_span(chars: &[char], i: usize) -> Option<Zone> {
    if chars[i] != '`' {
        return None;
    }
    let run_end = |from: usize| {
        let mut j = from;
        while chars.get(j) == Some(&'`') {
            j += 1;
        }
        j
    };
    let open_end = run_end(i);
    let len = open_end - i;
    let mut j = open_end;
    while j < chars.len() {
        if chars[j] == '`' {
            let close_end = run_end(j);
            if close_end - j == len {
                return Some(Zone {
                    end: close_end,
                    protect: true,
                });
            }
            j = close_end;
        } else {
            j += 1;
        }
    }
    Some(Zone {
        end: open_end,
        protect: false,
    })
}

/// An autolink `<https://…>` or `<nom@domaine.fr>`: no space inside, and a
/// scheme or an `@`.
fn autolink(chars: &[char], i: usize) -> Option<Zone> {
    if chars[i] != '<' {
        return None;
    }
    let mut j = i + 1;
    while j < chars.len() && !chars[j].is_whitespace() && chars[j] != '<' && chars[j] != '>' {
        j += 1;
    }
    if chars.get(j) != Some(&'>') || j == i + 1 {
        return None;
    }
    let inner = &chars[i + 1..j];
    let scheme_len = inner
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
        .unwrap_or(inner.len());
    let has_scheme = inner[0].is_ascii_alphabetic()
        && (2..=32).contains(&scheme_len)
        && inner.get(scheme_len) == Some(&':');
    (has_scheme || inner.contains(&'@')).then_some(Zone {
        end: j + 1,
        protect: true,
    })
}

/// The destination of an inline link or image, `](…)`, parentheses balanced.
fn link_destination(chars: &[char], mask: &[bool], i: usize) -> Option<Zone> {
    if chars[i] != '(' || i == 0 || chars[i - 1] != ']' || mask[i - 1] {
        return None;
    }
    let mut depth = 0usize;
    let mut j = i;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 1,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(Zone {
                        end: j + 1,
                        protect: true,
                    });
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// An HTML entity, `&amp;`, `&#8239;` or `&#x202F;`: its `;` takes no space.
fn entity(chars: &[char], i: usize) -> Option<Zone> {
    if chars[i] != '&' {
        return None;
    }
    let count = |from: usize, ok: fn(&char) -> bool| {
        chars[from.min(chars.len())..]
            .iter()
            .take_while(|c| ok(c))
            .count()
    };
    let (body_start, body_len) = match chars.get(i + 1) {
        Some('#') if matches!(chars.get(i + 2), Some('x' | 'X')) => {
            (i + 3, count(i + 3, char::is_ascii_hexdigit))
        }
        Some('#') => (i + 2, count(i + 2, char::is_ascii_digit)),
        Some(c) if c.is_ascii_alphabetic() => (i + 1, count(i + 1, char::is_ascii_alphanumeric)),
        _ => return None,
    };
    let end = body_start + body_len;
    ((1..=32).contains(&body_len) && chars.get(end) == Some(&';')).then_some(Zone {
        end: end + 1,
        protect: true,
    })
}

/// A `<span lang="…">` tag and, when it gives a language other than French
/// and is closed in the same paragraph, everything up to its `</span>`: French
/// rules do not apply to a passage in another language (`<span
/// lang="en">Why?</span>` keeps its `?` glued), as they do not to a whole sheet
/// in English. A lone `<span …>` or `</span>` tag is protected on its own, so
/// that its quotes stay straight for the Markdown parser. The language and the
/// pairing are read as [`inline::parse`](super::inline::parse) reads them.
fn language_span(chars: &[char], i: usize) -> Option<Zone> {
    let (tag_end, tag) = span_tag_at(chars, i)?;
    let protect_tag = Some(Zone {
        end: tag_end,
        protect: true,
    });
    let SpanTag::Open(lang) = tag else {
        return protect_tag;
    };
    if inline::is_french(&lang) {
        return protect_tag;
    }
    // The matching `</span>`, nested spans counted, within the paragraph.
    let mut depth = 1usize;
    let mut j = tag_end;
    while j < chars.len() {
        if chars[j] == '\n' && blank_line_follows(chars, j + 1) {
            return protect_tag;
        }
        if let Some((end, tag)) = span_tag_at(chars, j) {
            match tag {
                SpanTag::Close => depth -= 1,
                _ => depth += 1,
            }
            if depth == 0 {
                return Some(Zone { end, protect: true });
            }
            j = end;
        } else {
            j += 1;
        }
    }
    protect_tag
}

/// Whether the line starting at `from` is blank (a paragraph break).
fn blank_line_follows(chars: &[char], from: usize) -> bool {
    chars[from.min(chars.len())..]
        .iter()
        .take_while(|&&c| c != '\n')
        .all(|c| c.is_whitespace())
}

/// A `<span …>` or `</span>` tag at `i`: its end and what it is.
fn span_tag_at(chars: &[char], i: usize) -> Option<(usize, SpanTag)> {
    if chars[i] != '<'
        || !(starts_with_ignore_case(chars, i + 1, "span")
            || starts_with_ignore_case(chars, i + 1, "/span"))
    {
        return None;
    }
    let close = chars[i + 1..].iter().position(|&c| c == '>' || c == '<')?;
    let end = i + 1 + close;
    if chars[end] != '>' {
        return None;
    }
    let tag: String = chars[i..=end].iter().collect();
    inline::span_tag(&tag).map(|t| (end + 1, t))
}

/// Whether `chars[i..]` starts with `prefix`, ASCII case ignored.
fn starts_with_ignore_case(chars: &[char], i: usize, prefix: &str) -> bool {
    let mut j = i;
    for p in prefix.chars() {
        match chars.get(j) {
            Some(c) if c.eq_ignore_ascii_case(&p) => j += 1,
            _ => return false,
        }
    }
    true
}

/// A bare URL: `http://`, `https://`, `ftp://`, `mailto:` or `www.`, at the start
/// of a word, up to a space or a character that cannot end a URL in prose (`<`,
/// `>`, `]`, quotes). Trailing punctuation belongs to the sentence, as in GFM
/// autolinks: `.,:;!?*_~`, apostrophes, `…`, and a `)` that closes nothing.
fn bare_url(chars: &[char], i: usize) -> Option<Zone> {
    if i > 0 && chars[i - 1].is_alphanumeric() {
        return None;
    }
    let prefix_len = ["https://", "http://", "ftp://", "www."]
        .iter()
        .find(|p| starts_with_ignore_case(chars, i, p))
        .map(|p| p.len())
        .or_else(|| {
            let mailto = "mailto:";
            chars[i..]
                .iter()
                .take(mailto.len())
                .copied()
                .eq(mailto.chars())
                .then_some(mailto.len())
        })?;
    let body_start = i + prefix_len;
    let mut end = body_start;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !matches!(chars[end], '<' | '>' | ']' | '"' | '«' | '»')
    {
        end += 1;
    }
    loop {
        if end == body_start {
            return None;
        }
        let last = chars[end - 1];
        let unbalanced_paren = last == ')' && {
            let body = &chars[i..end];
            body.iter().filter(|&&c| c == ')').count() > body.iter().filter(|&&c| c == '(').count()
        };
        if unbalanced_paren
            || matches!(
                last,
                '.' | ',' | ':' | ';' | '!' | '?' | '*' | '_' | '~' | '\'' | '’' | '…'
            )
        {
            end -= 1;
        } else {
            return Some(Zone { end, protect: true });
        }
    }
}

/// Protects e-mail addresses: `local@domain.tld`, local part and domain in the
/// usual ASCII characters, the domain holding a dot and not ending in `.` or `-`.
fn mark_emails(chars: &[char], mask: &mut [bool]) {
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let is_domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    for at in 0..chars.len() {
        if chars[at] != '@' || mask[at] {
            continue;
        }
        let mut start = at;
        while start > 0 && !mask[start - 1] && is_local(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && !mask[end] && is_domain(chars[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(chars[end - 1], '.' | '-') {
            end -= 1;
        }
        let domain = &chars[at + 1..end];
        let valid = start < at
            && domain.first().is_some_and(char::is_ascii_alphanumeric)
            && domain.contains(&'.');
        if valid {
            mask[start..end].fill(true);
        }
    }
}

// ---------------------------------------------------------------------------
// Stage 1: substitutions
// ---------------------------------------------------------------------------

/// The nearest character before `i`, emphasis markers (`*`, `_`) skipped.
fn before_markers(s: &[Ch], i: usize) -> Option<char> {
    s[..i]
        .iter()
        .rev()
        .find(|ch| ch.protected || !matches!(ch.c, '*' | '_'))
        .map(|ch| ch.c)
}

/// The nearest character after `i`, emphasis markers (`*`, `_`) skipped.
fn after_markers(s: &[Ch], i: usize) -> Option<char> {
    s[i + 1..]
        .iter()
        .find(|ch| ch.protected || !matches!(ch.c, '*' | '_'))
        .map(|ch| ch.c)
}

/// Straight quotes, apostrophes and three-dot ellipses.
fn substitute(s: &[Ch]) -> Vec<Ch> {
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
fn single_quote_opens(s: &[Ch], i: usize) -> bool {
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
fn glued_time(s: &[Ch], i: usize) -> bool {
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
fn quote_opens(s: &[Ch], i: usize, open_quotes: usize) -> bool {
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

// ---------------------------------------------------------------------------
// Stage 2: digit grouping
// ---------------------------------------------------------------------------

fn is_free_digit(s: &[Ch], i: usize) -> bool {
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
fn group_digits(s: &[Ch]) -> Vec<Ch> {
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
fn looks_like_postal_code(s: &[Ch], end: usize, len: usize) -> bool {
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
fn number_prefix_ok(s: &[Ch], i: usize) -> bool {
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
fn number_suffix_ok(s: &[Ch], end: usize) -> bool {
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
fn is_reference_abbreviation(s: &[Ch], dot: usize) -> bool {
    let mut start = dot;
    while start > 0 && !s[start - 1].protected && s[start - 1].c.is_ascii_alphabetic() {
        start -= 1;
    }
    let word: String = s[start..dot].iter().map(|ch| ch.c).collect();
    let standalone = start == 0 || !s[start - 1].c.is_alphanumeric();
    standalone && REFERENCE_ABBREVIATIONS.contains(&word.as_str())
}

// ---------------------------------------------------------------------------
// Stage 3: spacing
// ---------------------------------------------------------------------------

/// Sets every gap a rule governs to the space it asks for (see [`required_space`]).
fn set_spaces(s: &[Ch]) -> Vec<Ch> {
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
fn required_space(s: &[Ch], l: Option<usize>, r: Option<usize>, empty: bool) -> Option<char> {
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
fn ends_day(s: &[Ch], l: usize) -> bool {
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
fn word_at(s: &[Ch], r: usize, words: &[&str]) -> bool {
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
fn is_time_hour(s: &[Ch], h: usize) -> bool {
    let mut k = h;
    while k > 0 && is_hspace(s[k - 1].c) {
        k -= 1;
    }
    k > 0 && s[k - 1].c.is_ascii_digit() && !s[k - 1].protected
}

/// Whether exactly two digits start at `r`, the minutes of `9 h 30`.
fn is_time_minutes(s: &[Ch], r: usize) -> bool {
    is_free_digit(s, r)
        && is_free_digit(s, r + 1)
        && !char_at(s, r + 2).is_some_and(char::is_alphanumeric)
}

/// Whether the number ending with the digit at `last` is not glued to a word
/// (`L1115 m` is no quantity).
fn number_stands_alone(s: &[Ch], last: usize) -> bool {
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
fn unit_at(s: &[Ch], r: usize) -> Option<&'static str> {
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

mod ordinals;
pub use ordinals::plain as plain_superscript;

#[cfg(test)]
mod tests;
