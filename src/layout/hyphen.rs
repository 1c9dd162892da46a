//! French hyphenation: where the line breaker may end a line inside a word with a hyphen.
//!
//! A [`Hyphenator`] applies the French TeX patterns shipped by `hypher` to the
//! alphabetic core of a word, after the author's exceptions (`[typographie]
//! cesures` in `collection.toml`). Words that must keep their shape are never
//! hyphenated: URLs, e-mail addresses, words with digits, words in capitals,
//! compounds that already carry hyphens and short words. [`url_breaks`] gives
//! the places where a URL may break without a hyphen.
//!
//! All positions are byte offsets `i` into the string given: the line ends
//! with `word[..i]` (followed by the drawn hyphen, for [`Hyphenator::breaks`])
//! and the next line starts with `word[i..]`.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::collections::hash_map::Entry;

use hypher::Lang;

/// Fewest letters before a hyphen. French typography never leaves a single
/// letter at the end of a line (`é-cole` is forbidden); two is the rule of the
/// Imprimerie nationale's *Lexique* and babel-french's `\lefthyphenmin`.
pub const MIN_BEFORE: usize = 2;

/// Fewest letters carried to the next line. French typography refuses to
/// carry fewer than three letters (a lone `-té` or `-me` reads as a
/// fragment); three is babel-french's `\righthyphenmin`.
pub const MIN_AFTER: usize = 3;

/// Shortest word, in letters, that is hyphenated by patterns. With the 2/3
/// minima a five-letter word could only split 2|3, moving two letters for the
/// price of a hyphen and an interrupted reading: never worth it, so
/// hyphenation starts at six letters.
pub const MIN_WORD: usize = 6;

/// Fewest characters of a URL kept before a break: a line ending with one or
/// two characters of an address (`ht`, `w.`) reads as a stray word.
pub const MIN_URL_HEAD: usize = 3;

/// Characters after which a URL may break without a hyphen: the separators
/// of its parts (path, host, query); `_` and `#` are left alone, a line
/// ending with them reads as a typo.
const URL_BREAK_AFTER: [char; 6] = ['/', '.', '-', '?', '&', '='];

/// Characters after which an e-mail address may break without a hyphen.
const EMAIL_BREAK_AFTER: [char; 2] = ['@', '.'];

/// Words whose breaks are remembered before the cache is emptied: a sheet
/// has a few thousand distinct words, the shipped collection about ten
/// thousand; at about 50 bytes an entry this caps the cache near 1.6 MB
/// per engine (it was 100 000, 5 MB, filled by the names of the communes
/// of a large build).
const CACHE_LIMIT: usize = 32_768;

/// Characters read as apostrophes: the typographic one, the straight one and
/// the modifier letter apostrophe (which Unicode counts as a letter).
const APOSTROPHES: [char; 3] = ['\u{2019}', '\'', '\u{2BC}'];

/// Characters that mark an allowed break in an exception entry.
const EXCEPTION_HYPHENS: [char; 2] = ['-', '\u{2010}'];

/// French hyphenation with the author's exceptions.
///
/// Build it once per collection with [`Hyphenator::new`]; [`Hyphenator::default`]
/// has no exceptions.
#[derive(Debug, Clone, Default)]
pub struct Hyphenator {
    /// Folded word (lowercase, apostrophes as `’`) to the allowed breaks, as
    /// counts of characters before each break.
    exceptions: HashMap<String, Vec<usize>>,
    /// Breaks of the words already seen (patterns are the costly part).
    cache: RefCell<HashMap<String, Vec<usize>>>,
}

impl Hyphenator {
    /// A hyphenator with the author's exceptions.
    ///
    /// `exceptions` are words written with hyphens at the allowed breaks, e.g.
    /// `"co-opé-ra-tion"` (from `[typographie] cesures = [...]` in
    /// `collection.toml`). An entry without hyphen forbids hyphenating that
    /// word. Exceptions match whatever the case of the word in the text and
    /// whichever apostrophe it uses (`aujourd’hui` and `aujourd'hui`).
    ///
    /// An entry is made of letters, with hyphens (`-` or U+2010) at the breaks
    /// and apostrophes where the word has them; it starts and ends with a
    /// letter and never has two hyphens or apostrophes side by side. Every
    /// entry that is not so, or that contradicts an earlier entry for the same
    /// word, is rejected: the error holds one French message per rejected
    /// entry, in the order of `exceptions`, each quoting the entry.
    pub fn new(exceptions: &[String]) -> Result<Hyphenator, Vec<String>> {
        let mut map: HashMap<String, Vec<usize>> = HashMap::default();
        let mut originals: HashMap<String, &str> = HashMap::default();
        let mut errors = Vec::new();
        for entry in exceptions {
            let (key, breaks) = match parse_exception(entry) {
                Ok(parsed) => parsed,
                Err(message) => {
                    errors.push(message);
                    continue;
                }
            };
            match map.entry(key) {
                Entry::Vacant(slot) => {
                    originals.insert(slot.key().clone(), entry);
                    slot.insert(breaks);
                }
                Entry::Occupied(slot) => {
                    if *slot.get() != breaks {
                        let earlier = originals.get(slot.key()).copied().unwrap_or_default();
                        errors.push(format!(
                            "césure « {entry} » : contredit « {earlier} », donnée plus haut pour le même mot"
                        ));
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(Hyphenator {
                exceptions: map,
                cache: RefCell::default(),
            })
        } else {
            Err(errors)
        }
    }

    /// Byte offsets inside `word` where a hyphen may be inserted: at offset
    /// `i` the line ends with `word[..i]` and a drawn hyphen.
    ///
    /// `word` is a run of text between break opportunities: it may carry
    /// punctuation before or after its letters and elisions (`l’`, `qu'`).
    /// Offsets are strictly increasing char boundaries strictly inside `word`.
    ///
    /// - URLs (with `://` or starting with `www.`), e-mail addresses (with
    ///   `@`) and words with digits get no offset, even when an exception
    ///   matches.
    /// - The core of the word is its letters, from the first to the last,
    ///   with the apostrophes between them. A core holding anything else (the
    ///   hyphens of `Île-de-France` or `peut-être`, a dot, a middle dot, a
    ///   soft hyphen, a combining accent) gets no offset: compounds break
    ///   after their own hyphens, which is the line breaker's business.
    /// - The core is split at its apostrophes into words, hyphenated from
    ///   left to right; at each word, an exception matching the rest of the
    ///   core from there (`aujourd’hui` in `qu’aujourd’hui`) gives the breaks
    ///   for all that rest and ends the search. Nothing is ever placed next
    ///   to an apostrophe.
    /// - Otherwise each word is hyphenated with the French patterns, keeping
    ///   [`MIN_BEFORE`] letters before and [`MIN_AFTER`] letters after each
    ///   break, unless it is shorter than [`MIN_WORD`] letters, has no
    ///   lowercase letter (`ONU`, `AGENDA`), or is longer than
    ///   [`hypher::MAX_INLINE_SIZE`] bytes (the patterns are built without
    ///   allocation here; no French word in use is that long).
    ///
    /// Exceptions are the author's choice and are taken as they are: they
    /// apply to words in capitals and short words, and ignore the minima.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        let mut offsets = Vec::new();
        self.each_break(word, |o| offsets.push(o));
        offsets
    }

    /// Calls `f` with each of [`Hyphenator::breaks`]' offsets, in order,
    /// without copying them out of the cache (the paragraph setter asks for
    /// every word).
    pub fn each_break(&self, word: &str, mut f: impl FnMut(usize)) {
        if let Some(hit) = self.cache.borrow().get(word) {
            hit.iter().copied().for_each(f);
            return;
        }
        let offsets = self.breaks_uncached(word);
        offsets.iter().copied().for_each(&mut f);
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(word.to_owned(), offsets);
    }

    /// Every break the French patterns allow in `word`, for the emergency
    /// setting of a paragraph that cannot be set otherwise: the 2/3 letter
    /// minima and the shortest-word rule are dropped (one letter stays on
    /// each side), the author's exceptions still apply. Same offsets as
    /// [`Hyphenator::breaks`] otherwise.
    pub fn emergency_breaks(&self, word: &str) -> Vec<usize> {
        if is_url_or_email(word) || word.chars().any(char::is_numeric) {
            return Vec::new();
        }
        let Some((start, core)) = letter_core(word) else {
            return Vec::new();
        };
        if !core.chars().all(is_letter) || core.len() > hypher::MAX_INLINE_SIZE {
            return self.breaks(word);
        }
        if let Some(breaks) = self.exception(core) {
            return breaks.into_iter().map(|b| start + b).collect();
        }
        let mut offsets = Vec::new();
        let mut at = start;
        for syllable in hypher::hyphenate_bounded(core, Lang::French, 1, 1) {
            at += syllable.len();
            offsets.push(at);
        }
        offsets.pop();
        offsets
    }

    fn breaks_uncached(&self, word: &str) -> Vec<usize> {
        if is_url_or_email(word) || word.chars().any(char::is_numeric) {
            return Vec::new();
        }
        let Some((start, core)) = letter_core(word) else {
            return Vec::new();
        };
        if !core.chars().all(|c| is_letter(c) || is_apostrophe(c)) {
            return Vec::new();
        }

        let mut offsets = Vec::new();
        let mut from = 0;
        loop {
            let rest = &core[from..];
            if let Some(breaks) = self.exception(rest) {
                offsets.extend(breaks.into_iter().map(|b| start + from + b));
                break;
            }
            let (part, next) = match rest.char_indices().find(|&(_, c)| is_apostrophe(c)) {
                Some((i, c)) => (&rest[..i], Some(from + i + c.len_utf8())),
                None => (rest, None),
            };
            offsets.extend(pattern_breaks(part).into_iter().map(|b| start + from + b));
            match next {
                Some(next) => from = next,
                None => break,
            }
        }
        offsets
    }

    /// The breaks of the exception matching `text`, as byte offsets into it.
    fn exception(&self, text: &str) -> Option<Vec<usize>> {
        if self.exceptions.is_empty() {
            return None;
        }
        let key: String = text.chars().map(fold).collect();
        let counts = self.exceptions.get(&key)?;
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        Some(
            counts
                .iter()
                .filter_map(|&n| starts.get(n).copied())
                .collect(),
        )
    }
}

/// Byte offsets after which `url` may break without a hyphen: after `/`, `.`,
/// `-`, `?`, `&`, `=`, `_` and `#`.
///
/// A run of such characters stays whole and breaks after its last one, so
/// nothing breaks inside `://` or `//` but a line may end with `https://`.
/// No break leaves fewer than [`MIN_URL_HEAD`] characters before it, and none
/// leaves nothing but punctuation after it (so never after the last
/// character). Offsets are strictly increasing char boundaries.
pub fn url_breaks(url: &str) -> Vec<usize> {
    breaks_after(url, &URL_BREAK_AFTER)
}

/// Byte offsets after which an e-mail address may break without a hyphen:
/// after `@` and `.`, with the rules of [`url_breaks`].
pub fn email_breaks(address: &str) -> Vec<usize> {
    breaks_after(address, &EMAIL_BREAK_AFTER)
}

/// Whether a space-delimited token is a bare URL (`http://`, `https://`,
/// `www.`) or an e-mail address, punctuation around it aside.
pub fn url_or_email(token: &str) -> Option<bool> {
    let core = token.trim_start_matches(|c: char| !c.is_alphanumeric());
    let starts = |prefix: &str| {
        core.as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if starts("http://") || starts("https://") || starts("www.") {
        return Some(true);
    }
    // A byte scan: this runs for every word of every paragraph, and almost
    // none has an `@` (`str::split_once` sets up a searcher per call).
    let at = core.bytes().position(|b| b == b'@')?;
    let (user, host) = (&core[..at], &core[at + 1..]);
    (!user.is_empty() && host.bytes().any(|b| b == b'.') && !host.bytes().any(|b| b == b'@'))
        .then_some(false)
}

/// Breaks after the characters of `set`, as [`url_breaks`] describes.
fn breaks_after(url: &str, set: &[char]) -> Vec<usize> {
    let chars: Vec<(usize, char)> = url.char_indices().collect();
    let mut offsets = Vec::new();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !set.contains(&c) || i + 1 < MIN_URL_HEAD {
            continue;
        }
        let Some(&(after, next)) = chars.get(i + 1) else {
            continue;
        };
        if set.contains(&next) {
            continue;
        }
        debug_assert_eq!(after, at + c.len_utf8());
        if url[after..].chars().any(char::is_alphanumeric) {
            offsets.push(after);
        }
    }
    offsets
}

/// Whether `word` is (or holds) a URL or an e-mail address.
fn is_url_or_email(word: &str) -> bool {
    let from_first = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    word.contains("://")
        || word.contains('@')
        || from_first
            .get(..4)
            .is_some_and(|head| head.eq_ignore_ascii_case("www."))
}

/// Whether `c` is an apostrophe of an elision.
fn is_apostrophe(c: char) -> bool {
    APOSTROPHES.contains(&c)
}

/// Whether `c` is a letter of a word (the modifier apostrophe is not).
fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !is_apostrophe(c)
}

/// `c` as exceptions are matched: lowercase when that is a single character,
/// apostrophes as `’`. One character for one keeps counts of characters valid.
fn fold(c: char) -> char {
    if is_apostrophe(c) {
        return '\u{2019}';
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Pattern breaks of one word without apostrophes, as byte offsets into it.
fn pattern_breaks(word: &str) -> Vec<usize> {
    patterns(word, Lang::French)
}

/// Break offsets of a word in a passage marked as English (`<span
/// lang="en">`), with the English patterns and the same minima as French
/// words: none in words with digits, apostrophes or no lowercase letter.
/// Other languages get no hyphenation (no patterns shipped for them).
pub fn english_breaks(word: &str) -> Vec<usize> {
    if is_url_or_email(word) {
        return Vec::new();
    }
    let Some((start, core)) = letter_core(word) else {
        return Vec::new();
    };
    if !core.chars().all(is_letter) {
        return Vec::new();
    }
    patterns(core, Lang::English)
        .into_iter()
        .map(|b| start + b)
        .collect()
}

/// The word without what leads and trails its letters (quotes, brackets,
/// punctuation), with the byte offset where it starts; `None` without a
/// letter.
fn letter_core(word: &str) -> Option<(usize, &str)> {
    let start = word.len() - word.trim_start_matches(|c| !is_letter(c)).len();
    let end = word.trim_end_matches(|c| !is_letter(c)).len();
    (start < end).then(|| (start, &word[start..end]))
}

fn patterns(word: &str, lang: Lang) -> Vec<usize> {
    let letters = word.chars().count();
    let has_lowercase = word.chars().any(char::is_lowercase);
    if letters < MIN_WORD || !has_lowercase || word.len() > hypher::MAX_INLINE_SIZE {
        return Vec::new();
    }
    let mut offsets = Vec::new();
    let mut at = 0;
    for syllable in hypher::hyphenate_bounded(word, lang, MIN_BEFORE, MIN_AFTER) {
        at += syllable.len();
        offsets.push(at);
    }
    // The last syllable ends the word: no break there.
    offsets.pop();
    offsets
}

/// Parses one exception entry into its folded word and its breaks (counts of
/// characters before each), or a French message saying what is wrong.
fn parse_exception(entry: &str) -> Result<(String, Vec<usize>), String> {
    if entry.is_empty() {
        return Err(
            "césure vide : chaque entrée de « cesures » doit être un mot, \
                    avec des traits d’union aux coupures permises"
                .to_owned(),
        );
    }
    if entry.chars().any(char::is_whitespace) {
        return Err(format!(
            "césure « {entry} » : contient une espace ; une entrée est un seul mot"
        ));
    }
    if let Some(c) = entry
        .chars()
        .find(|&c| !(is_letter(c) || is_apostrophe(c) || EXCEPTION_HYPHENS.contains(&c)))
    {
        return Err(format!(
            "césure « {entry} » : le caractère « {c} » n’est pas permis \
             (lettres, traits d’union aux coupures, apostrophes)"
        ));
    }
    let first = entry.chars().next().is_some_and(is_letter);
    let last = entry.chars().next_back().is_some_and(is_letter);
    if !first || !last {
        return Err(format!(
            "césure « {entry} » : doit commencer et finir par une lettre"
        ));
    }
    let mut key = String::with_capacity(entry.len());
    let mut breaks = Vec::new();
    let mut chars = 0;
    let mut previous_was_mark = false;
    for c in entry.chars() {
        let mark = !is_letter(c);
        if mark && previous_was_mark {
            return Err(format!(
                "césure « {entry} » : deux traits d’union ou apostrophes se suivent ; \
                 une coupure ne se place pas contre une apostrophe"
            ));
        }
        previous_was_mark = mark;
        if EXCEPTION_HYPHENS.contains(&c) {
            breaks.push(chars);
        } else {
            key.push(fold(c));
            chars += 1;
        }
    }
    Ok((key, breaks))
}

#[cfg(test)]
mod tests;
