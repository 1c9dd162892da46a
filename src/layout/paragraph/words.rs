//! Where a word may break: the hyphenation points it gets in each setting
//! (normal, relaxed, emergency), never in titles, compounds, acronyms or
//! surnames, proper nouns only when the paragraph needs them.

use super::*;

/// Fewest letters carried to the next line by the hyphenation points a
/// paragraph gets when it needs more ([`Hyphenation::Relaxed`]): two, TeX's
/// default `\righthyphenmin`, one less than the French rule of the normal
/// setting (« socié-/té », « fonc-/tion-/ne »), a lesser evil than a loose line.
const RELAXED_MIN_AFTER: usize = 2;

/// Fewest letters kept on each side of the hyphen of a proper noun, which
/// is cut only when its paragraph needs more hyphenation points
/// ([`Hyphenation::Relaxed`]) or against an overfull line: three, so that each part still reads as the
/// name (« Kédou-/gou », never « Ké-/dougou » or « Mayot-/te »). The
/// Imprimerie nationale's *Lexique* asks to avoid cutting proper nouns;
/// this keeps it for the paragraphs that would otherwise have a loose line.
const PROPER_NOUN_MIN: usize = 3;

impl Setter<'_> {
    /// The items of one word (`word`, a byte range of the paragraph's text
    /// without its space): its fragments, split at style changes and at the
    /// break points [`Setter::cuts`] gives, with a penalty at each.
    pub(super) fn word(
        &mut self,
        at: &Context,
        word: Range<usize>,
        sink: &mut Sink,
        out: &mut SetParagraph,
    ) {
        let Context {
            text,
            spans,
            style,
            min_width,
            ..
        } = *at;
        let mut cuts = self.cuts(at, word.clone());
        for span in spans {
            if span.range.start > word.start && span.range.start < word.end {
                cuts.push((span.range.start, None));
            }
        }
        cuts.sort_by_key(|c| c.0);
        cuts.dedup_by_key(|c| c.0);

        let mut from = word.start;
        for (at, kind) in cuts.into_iter().chain([(word.end, None)]) {
            if at > from {
                self.fragment(text, from..at, spans, style, min_width, sink, out);
            }
            if let Some(hyphen) = kind {
                let s = span_at(spans, at.saturating_sub(1));
                let width = if hyphen {
                    let w = f64::from(self.shaper.hyphen_width(spans[s].style, style.size));
                    // The drawn hyphen hangs in the margin of a justified line.
                    if style.justify {
                        w * (1.0 - protrusion('-'))
                    } else {
                        w
                    }
                } else {
                    0.0
                };
                sink.push(
                    Item::Penalty {
                        width,
                        penalty: if hyphen {
                            Params::default().hyphen_penalty
                        } else {
                            URL_BREAK_PENALTY
                        },
                        flagged: hyphen,
                    },
                    Piece::Break {
                        hyphen: hyphen.then_some(s),
                    },
                );
            }
            from = at;
        }
    }

    /// Break points inside a word: (offset in the paragraph, whether a
    /// hyphen is drawn there), from its URL or e-mail separators or its
    /// hyphenation points in the paragraph's setting.
    fn cuts(&self, at: &Context, word: Range<usize>) -> Vec<(usize, Option<bool>)> {
        let Context {
            text,
            spans,
            style,
            hyphenation,
            ..
        } = *at;
        let w = &text[word.clone()];
        let mut cuts: Vec<(usize, Option<bool>)> = Vec::new();
        let at = |hyphen: bool| move |o: usize| (word.start + o, Some(hyphen));
        let lang = self.lang;
        // The hyphenator's patterns are French: no hyphen inside, or at the
        // edge of, text in another language (marked so, or in a document
        // whose own language is another).
        let french = |cut: &(usize, Option<bool>)| {
            spans
                .iter()
                .filter(|s| s.range.start <= cut.0 && cut.0 <= s.range.end)
                .all(|s| is_french(s.lang_or(lang)))
        };
        // A word that has a hyphen breaks only there (« multi-acteurs »,
        // never « multi-ac-teurs »): the parts of a compound, which the
        // Unicode rules cut after each hyphen, get no hyphenation of their own.
        let compound = w.ends_with(HYPHENS) || text[..word.start].ends_with(HYPHENS);
        // Bold words opening a paragraph are a title, a run-in title or a
        // name (« Maison des solidarités internationales d’Exempleville —
        // … »): never hyphenated, like display lines (issue 16, A.5).
        let bold = spans
            .first()
            .is_some_and(|s| s.style.weight == Weight::Bold && word.end <= s.range.end);
        // A word wholly in English (marked so, or in an English document)
        // takes the English patterns.
        let english = spans
            .iter()
            .filter(|s| s.range.start < word.end && word.start < s.range.end)
            .all(|s| is_language(s.lang_or(lang), "en"));
        // A proper noun (« Bamako », « Europe ») is cut only when the
        // paragraph cannot be justified otherwise, and never a surname.
        let proper = proper_noun(text, word.clone());
        match url_or_email(w) {
            Some(true) => cuts.extend(url_breaks(w).into_iter().map(at(false))),
            Some(false) => cuts.extend(email_breaks(w).into_iter().map(at(false))),
            None if compound || bold => {}
            None if proper.is_some_and(|surname| surname || hyphenation == Hyphenation::Normal) => {
            }
            None if style.hyphenate && english => {
                cuts.extend(english_breaks(w).into_iter().map(at(true)));
            }
            // Against an overfull line every pattern point, but a proper
            // noun keeps three letters on each side even then.
            None if style.hyphenate && hyphenation == Hyphenation::Emergency => {
                let mut points = self.hyphenator.emergency_breaks(w);
                if proper.is_some() {
                    keep_letters(w, &mut points, PROPER_NOUN_MIN, PROPER_NOUN_MIN);
                }
                cuts.extend(points.into_iter().map(at(true)).filter(french));
            }
            // Words in capitals (acronyms: « FONJEP ») keep their shape.
            None if style.hyphenate
                && hyphenation == Hyphenation::Relaxed
                && w.chars().any(char::is_lowercase) =>
            {
                let points = self.relaxed_breaks(w, proper.is_some());
                cuts.extend(points.into_iter().map(at(true)).filter(french));
            }
            None if style.hyphenate => self.hyphenator.each_break(w, |o| {
                let cut = at(true)(o);
                if french(&cut) {
                    cuts.push(cut);
                }
            }),
            None => {}
        }
        cuts
    }

    /// The hyphenation points of `w` for a paragraph that needs more
    /// ([`Hyphenation::Relaxed`]): every pattern point leaving two letters
    /// before and three after, two after in a word of six letters or more
    /// (« socié-/té », never « san-/té »), three on each side of a proper
    /// noun ([`PROPER_NOUN_MIN`]).
    fn relaxed_breaks(&self, w: &str, proper: bool) -> Vec<usize> {
        let (before, after) = if proper {
            (PROPER_NOUN_MIN, PROPER_NOUN_MIN)
        } else if letters(w) >= hyphen::MIN_WORD {
            (hyphen::MIN_BEFORE, RELAXED_MIN_AFTER)
        } else {
            (hyphen::MIN_BEFORE, hyphen::MIN_AFTER)
        };
        let mut points = self.hyphenator.emergency_breaks(w);
        keep_letters(w, &mut points, before, after);
        points
    }
}

/// Keeps the break offsets of `w` that leave at least `before` letters
/// before them and `after` letters after; the letters before are counted
/// from the last elision (« l’Eu-/rope » keeps two, not three).
fn keep_letters(w: &str, points: &mut Vec<usize>, before: usize, after: usize) {
    points.retain(|&o| {
        let head = w[..o].rsplit(APOSTROPHES).next().unwrap_or_default();
        letters(head) >= before && letters(&w[o..]) >= after
    });
}

/// Letters in `s`.
fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

/// Whether the word at `word` of `text` reads as a proper noun: capitalised
/// but not in capitals, after an elision (« l’Europe ») or inside a
/// sentence (not after « . », « ! », « ? », « … », « — » or at the start of
/// the paragraph, where a common word takes a capital too). `Some(true)`
/// when it follows another capitalised word inside the sentence, which may
/// be a given name: a surname, never cut.
fn proper_noun(text: &str, word: Range<usize>) -> Option<bool> {
    let w = &text[word.clone()];
    let elided = w.rfind(APOSTROPHES);
    let core = elided.map_or(w, |i| &w[i..]);
    let core = core.trim_start_matches(|c: char| !c.is_alphabetic());
    let capitalised =
        core.chars().next().is_some_and(char::is_uppercase) && core.chars().any(char::is_lowercase);
    if !capitalised {
        return None;
    }
    if elided.is_none() && opens_sentence(&text[..word.start]) {
        return None;
    }
    // The word before, when it is capitalised inside the sentence too and
    // ends without punctuation: a given name (« Jean Dupont »), or a name
    // of several words, which is left whole as well.
    let before = text[..word.start].trim_end();
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let previous = &before[start..];
    let given_name = elided.is_none()
        && previous.chars().next().is_some_and(char::is_uppercase)
        && previous
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
        && previous.chars().any(char::is_lowercase)
        && !opens_sentence(&before[..start]);
    Some(given_name)
}

/// Whether a word after `before` opens a sentence: `before` is empty or
/// ends with one of [`SENTENCE_ENDS`], spaces and opening marks aside.
fn opens_sentence(before: &str) -> bool {
    let before = before.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '«' | '(' | '“' | '‘' | '"' | '[')
    });
    before.is_empty() || before.ends_with(SENTENCE_ENDS)
}

/// Apostrophes of an elision (« l’Europe », « d'Italie »).
const APOSTROPHES: [char; 2] = ['\u{2019}', '\''];

/// Marks after which a capitalised word opens a sentence (or follows a
/// run-in title) rather than names something.
const SENTENCE_ENDS: [char; 5] = ['.', '!', '?', '…', '—'];
