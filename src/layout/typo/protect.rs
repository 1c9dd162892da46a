//! Protected zones of the typography pass: the characters no rule may change
//! (escapes, code spans, autolinks, link destinations, entities, language
//! spans, bare URLs and e-mail addresses).

use super::super::inline::{self, SpanTag};

/// Marks the characters no rule may change: backslash escapes, code spans,
/// autolinks, link destinations, HTML entities, language spans, bare URLs and
/// e-mail addresses.
pub(super) fn protected_mask(chars: &[char]) -> Vec<bool> {
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
pub(super) struct Zone {
    end: usize,
    protect: bool,
}

/// `\` before ASCII punctuation: the author asked for that character literally
/// (`\"` stays a straight quote, `\*` a star).
pub(super) fn escape(chars: &[char], i: usize) -> Option<Zone> {
    (chars[i] == '\\' && chars.get(i + 1).is_some_and(char::is_ascii_punctuation)).then_some(Zone {
        end: i + 2,
        protect: true,
    })
}

/// A code span: a backtick run closed by the next run of the same length.
pub(super) fn code_span(chars: &[char], i: usize) -> Option<Zone> {
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
pub(super) fn autolink(chars: &[char], i: usize) -> Option<Zone> {
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
pub(super) fn link_destination(chars: &[char], mask: &[bool], i: usize) -> Option<Zone> {
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
pub(super) fn entity(chars: &[char], i: usize) -> Option<Zone> {
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
/// pairing are read as [`inline::parse`](super::super::inline::parse) reads them.
pub(super) fn language_span(chars: &[char], i: usize) -> Option<Zone> {
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
pub(super) fn blank_line_follows(chars: &[char], from: usize) -> bool {
    chars[from.min(chars.len())..]
        .iter()
        .take_while(|&&c| c != '\n')
        .all(|c| c.is_whitespace())
}

/// A `<span …>` or `</span>` tag at `i`: its end and what it is.
pub(super) fn span_tag_at(chars: &[char], i: usize) -> Option<(usize, SpanTag)> {
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
pub(super) fn starts_with_ignore_case(chars: &[char], i: usize, prefix: &str) -> bool {
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
pub(super) fn bare_url(chars: &[char], i: usize) -> Option<Zone> {
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
pub(super) fn mark_emails(chars: &[char], mask: &mut [bool]) {
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
