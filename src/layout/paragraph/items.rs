//! Breaker items of a paragraph: its words, spaces and break opportunities
//! (Unicode line breaks, hanging punctuation, ties, URLs) as boxes, glue and
//! penalties, with the pieces of text they stand for.

use super::*;

/// The items of a paragraph being built, and the piece of text each stands
/// for (two lists of the same length).
pub(super) struct Sink {
    pub(super) items: Vec<Item>,
    pub(super) pieces: Vec<Piece>,
}

impl Sink {
    /// Appends an item and what it stands for.
    pub(super) fn push(&mut self, item: Item, piece: Piece) {
        self.items.push(item);
        self.pieces.push(piece);
    }
}

/// What every word of a paragraph is set with.
pub(super) struct Context<'t> {
    /// The paragraph's text.
    pub(super) text: &'t str,
    /// Its styled spans.
    pub(super) spans: &'t [Span],
    /// Its style.
    pub(super) style: &'t TextStyle,
    /// The narrowest line width (pt): a word wider is cut by force.
    pub(super) min_width: f32,
    /// The hyphenation points its words get.
    pub(super) hyphenation: Hyphenation,
}

impl Setter<'_> {
    /// The breaker items of `text` and the pieces of text they stand for,
    /// with the hyphenation points of `hyphenation`.
    pub(super) fn items(
        &mut self,
        text: &str,
        spans: &[Span],
        style: &TextStyle,
        min_width: f32,
        hyphenation: Hyphenation,
        out: &mut SetParagraph,
    ) -> (Vec<Item>, Vec<Piece>) {
        // About one item per 3 bytes of French text (a word, its space and
        // a hyphenation point or two): reserved once rather than grown.
        let mut sink = Sink {
            items: Vec::with_capacity(text.len() / 3 + 4),
            pieces: Vec::with_capacity(text.len() / 3 + 4),
        };
        let tokens = url_tokens(text);
        let mut start = 0;
        for (end, opportunity) in linebreaks(text) {
            // A URL or an e-mail address is one word: it breaks only at its
            // own separators (`word`), not at the Unicode opportunities.
            if tokens.iter().any(|t| t.start <= start && end < t.end) {
                continue;
            }
            // A numeric range (« 16–25 ans », « 2022–2024 ») is read as one
            // quantity: no line ends on its dash.
            if ends_a_range_dash(text, end) {
                continue;
            }
            let segment = &text[start..end];
            let word_len = segment.trim_end_matches(is_breaking_space).len();
            let word = start..start + word_len;
            let space = start + word_len..end;

            // Word: fragments split at style changes and hyphenation points.
            if !word.is_empty() {
                let at = Context {
                    text,
                    spans,
                    style,
                    min_width,
                    hyphenation,
                };
                self.word(&at, word.clone(), &mut sink, out);
            }
            if !space.is_empty() {
                self.space(text, spans, style, word.end, space, &mut sink);
            } else if opportunity == BreakOpportunity::Allowed && end < text.len() {
                self.joint(text, spans, style, end, hyphenation, &mut sink);
            }
            if opportunity == BreakOpportunity::Mandatory && end < text.len() {
                sink.push(
                    Item::Penalty {
                        width: 0.0,
                        penalty: -linebreak::INFINITY,
                        flagged: false,
                    },
                    Piece::Break { hyphen: None },
                );
            }
            start = end;
        }
        let Sink {
            mut items,
            mut pieces,
        } = sink;
        linebreak::finish_paragraph(&mut items);
        while pieces.len() < items.len() {
            pieces.push(Piece::Break { hyphen: None });
        }
        (items, pieces)
    }

    /// A word space (`space`, after a word ending at `word_end`): glue that
    /// stretches in justified text, after a break for hanging punctuation,
    /// or no break at all before a dash.
    fn space(
        &mut self,
        text: &str,
        spans: &[Span],
        style: &TextStyle,
        word_end: usize,
        space: Range<usize>,
        sink: &mut Sink,
    ) {
        let s = span_at(spans, space.start);
        let w = f64::from(self.shaper.space_width(spans[s].style, style.size));
        // Ragged-right spaces keep their width: the breaker's ragged
        // stretch stands for the flexible right margin instead.
        let stretch = if style.justify {
            w * SPACE_STRETCH
        } else {
            0.0
        };
        // A dash opening an incise or following a run-in title holds to
        // the word before it: no line starts with « — » (issue 16, A.8).
        // The penalty makes the space no break.
        if starts_with_dash(&text[space.end..]) {
            sink.push(
                Item::Penalty {
                    width: 0.0,
                    penalty: linebreak::INFINITY,
                    flagged: false,
                },
                Piece::Break { hyphen: None },
            );
        } else if style.justify
            && let Some(hang) = self.hang(text, spans, word_end, style)
        {
            // Hanging punctuation: the break is moved before the space onto
            // a penalty of negative width, so that a line ending here may
            // hold that much more and its last mark sticks out into the
            // margin.
            sink.push(
                Item::Penalty {
                    width: -hang,
                    penalty: 0.0,
                    flagged: false,
                },
                Piece::Break { hyphen: None },
            );
        }
        sink.push(
            Item::Glue {
                width: w,
                stretch,
                shrink: w * SPACE_SHRINK,
            },
            Piece::Space { style: s },
        );
    }

    /// A break without a space at `end`: after an explicit hyphen (never
    /// in a title but against an overfull line) or a slash.
    fn joint(
        &mut self,
        text: &str,
        spans: &[Span],
        style: &TextStyle,
        end: usize,
        hyphenation: Hyphenation,
        sink: &mut Sink,
    ) {
        let hyphen = text[..end].ends_with(HYPHENS);
        let hang = if style.justify && hyphen {
            self.hang(text, spans, end, style).unwrap_or(0.0)
        } else {
            0.0
        };
        // A title (display line, or bold: a run-in title, a name) breaks at
        // its own hyphen only against an overfull line.
        let title = style.display || spans[span_at(spans, end - 1)].style.weight == Weight::Bold;
        sink.push(
            Item::Penalty {
                width: -hang,
                penalty: match (hyphen, title) {
                    (true, true) if hyphenation != Hyphenation::Emergency => linebreak::INFINITY,
                    (true, true) => TITLE_HYPHEN_PENALTY,
                    (true, false) => EXPLICIT_HYPHEN_PENALTY,
                    _ => 0.0,
                },
                flagged: hyphen,
            },
            Piece::Break { hyphen: None },
        );
    }

    /// How far (pt) the character ending at byte `end` may hang past the
    /// right margin ([`protrusion`]), if at all.
    pub(super) fn hang(
        &mut self,
        text: &str,
        spans: &[Span],
        end: usize,
        style: &TextStyle,
    ) -> Option<f64> {
        let c = text[..end].chars().next_back()?;
        let share = protrusion(c);
        if share == 0.0 {
            return None;
        }
        let s = span_at(spans, end - c.len_utf8());
        let mut buf = [0u8; 4];
        let shaped = self
            .shaper
            .shape_unit(c.encode_utf8(&mut buf), spans[s].style);
        Some(share * f64::from(shaped.width * style.size))
    }

    /// One shaped box; split by force when wider than the narrowest line.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn fragment(
        &mut self,
        text: &str,
        range: Range<usize>,
        spans: &[Span],
        style: &TextStyle,
        min_width: f32,
        sink: &mut Sink,
        out: &mut SetParagraph,
    ) {
        let Sink { items, pieces } = sink;
        let s = span_at(spans, range.start);
        let shaped = self.shaper.shape_unit(&text[range.clone()], spans[s].style);
        for c in &shaped.missing {
            if !out.missing.contains(c) {
                out.missing.push(*c);
            }
        }
        if shaped.width * style.size <= min_width || range.len() <= 1 {
            items.push(tracked_box(&shaped, style));
            pieces.push(Piece::Text {
                range,
                style: s,
                shaped,
            });
            return;
        }
        // Too wide for any line: cut between characters where the width fits.
        out.quality.forced_breaks += 1;
        let mut from = range.start;
        let mut acc = 0.0f32;
        for g in &shaped.glyphs {
            let g_end = range.start + g.text.end;
            let advance = g.x_advance * style.size;
            if acc + advance > min_width && g_end > from && range.start + g.text.start > from {
                let cut = range.start + g.text.start;
                let part = self.shaper.shape_unit(&text[from..cut], spans[s].style);
                items.push(tracked_box(&part, style));
                pieces.push(Piece::Text {
                    range: from..cut,
                    style: s,
                    shaped: part,
                });
                items.push(Item::Penalty {
                    width: 0.0,
                    penalty: FORCED_BREAK_PENALTY,
                    flagged: false,
                });
                pieces.push(Piece::Break { hyphen: None });
                from = cut;
                acc = 0.0;
            }
            acc += advance;
        }
        let part = self
            .shaper
            .shape_unit(&text[from..range.end], spans[s].style);
        items.push(tracked_box(&part, style));
        pieces.push(Piece::Text {
            range: from..range.end,
            style: s,
            shaped: part,
        });
    }
}

/// The breaker box of a shaped fragment: in justified text it stretches and
/// shrinks by the letter spacing of its glyphs and by font expansion.
pub(super) fn tracked_box(shaped: &ShapedRun, style: &TextStyle) -> Item {
    let width = f64::from(shaped.width * style.size);
    let (stretch, shrink) = if style.justify {
        let per_em = spaced_glyphs(shaped) as f64 * f64::from(style.size);
        (
            per_em * TRACK_STRETCH_EM + width * EXPANSION,
            per_em * TRACK_SHRINK_EM + width * EXPANSION,
        )
    } else {
        (0.0, 0.0)
    };
    Item::Box {
        width,
        stretch,
        shrink,
    }
}

/// Byte ranges of the bare URLs and e-mail addresses of `text`: whole
/// tokens between breaking spaces.
pub(super) fn url_tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (is_breaking_space(c), start) {
            (true, Some(s)) => {
                if url_or_email(&text[s..i]).is_some() {
                    out.push(s..i);
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// Whether `rest` starts with a dash used as punctuation: an em dash, or an
/// en dash standing as a word (`–` then a space or the end, not `2015–2020`).
pub(super) fn starts_with_dash(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        Some('\u{2014}') => true,
        Some('\u{2013}') => chars.next().is_none_or(char::is_whitespace),
        _ => false,
    }
}

/// Whether the break opportunity at `end` falls right after the en dash of a
/// numeric range: a digit, « – », then a digit.
pub(super) fn ends_a_range_dash(text: &str, end: usize) -> bool {
    let mut before = text[..end].chars().rev();
    before.next() == Some('–')
        && before.next().is_some_and(|c| c.is_ascii_digit())
        && text[end..].starts_with(|c: char| c.is_ascii_digit())
}

/// Spaces at which lines break (not the no-break spaces of French typography).
pub(super) fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !super::super::typo::is_non_breaking(c)
}
