//! Paragraph setting: styled runs → shaped boxes, glue and penalties at the
//! Unicode line-break opportunities and French hyphenation points → optimal
//! lines (Knuth–Plass) → positioned glyph runs.

use std::ops::Range;
use std::sync::Arc;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::document::{Color, PlacedGlyph, Quality};
use super::fonts::{FontId, Style, Weight};
use super::hyphen::{self, Hyphenator, email_breaks, english_breaks, url_breaks, url_or_email};
use super::inline::{Run, is_french, is_language};
use super::linebreak::{self, Item, Justify, Params};
use super::shape::{Glyph, ShapedRun, Shaper};

mod place;
use place::spaced_glyphs;

/// How a paragraph is set.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// Font size (pt).
    pub size: f32,
    /// Distance between baselines (pt).
    pub leading: f32,
    /// Text colour.
    pub color: Color,
    /// Colour of link text.
    pub link_color: Color,
    /// Weight of plain text (headings are bold); `**…**` makes it bold.
    pub weight: Weight,
    /// Justified (body text) or ragged right (narrow boxes, captions, tiles).
    pub justify: bool,
    /// Whether words may be hyphenated.
    pub hyphenate: bool,
    /// A display line (heading, title, lever title, key-figure label): set
    /// ragged, never hyphenated whatever `hyphenate` says, its lines
    /// balanced so that the last one is no runt (« …et / emploi »).
    pub display: bool,
}

impl TextStyle {
    /// The same style for display lines (see [`TextStyle::display`]).
    #[must_use]
    pub fn as_display(self) -> TextStyle {
        TextStyle {
            display: true,
            justify: false,
            hyphenate: false,
            ..self
        }
    }
}

/// A run of glyphs on a set line; positions relative to the line's left end.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRun {
    /// Start of the run (pt from the line's left end).
    pub x: f32,
    /// Font.
    pub font: FontId,
    /// Size (pt).
    pub size: f32,
    /// Colour.
    pub color: Color,
    /// Glyphs, `x` relative to the run start.
    pub glyphs: Vec<PlacedGlyph>,
    /// Source text of the glyphs.
    pub text: String,
    /// Link target, if the run is part of a link.
    pub link: Option<String>,
    /// Language of the text when marked as another one (`<span lang="en">`).
    pub lang: Option<String>,
    /// Horizontal scale of the glyphs (font expansion of a justified line,
    /// within 1 ± [`EXPANSION`]; 1 elsewhere). Advances already include it.
    pub scale: f32,
}

impl LineRun {
    /// Advance width (pt).
    pub fn width(&self) -> f32 {
        self.glyphs.last().map_or(0.0, |g| g.x + g.advance)
    }
}

/// One set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetLine {
    /// Glyph runs, left to right.
    pub runs: Vec<LineRun>,
    /// Width actually used (pt).
    pub width: f32,
    /// Ends with an inserted hyphen.
    pub hyphenated: bool,
}

/// A set paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetParagraph {
    /// Lines, top to bottom, `leading` apart.
    pub lines: Vec<SetLine>,
    /// Distance between baselines (pt).
    pub leading: f32,
    /// Height above the first baseline (pt): the font's ascent at this size.
    pub ascent: f32,
    /// Depth below the last baseline (pt): the font's descent at this size.
    pub descent: f32,
    /// Statistics of the lines.
    pub quality: Quality,
    /// Characters no shipped font covers.
    pub missing: Vec<char>,
}

impl SetParagraph {
    /// Height from the top of the first line to the last baseline plus descent.
    pub fn height(&self) -> f32 {
        if self.lines.is_empty() {
            return 0.0;
        }
        self.leading * self.lines.len() as f32
    }
}

/// What the paragraph setter needs besides the text.
pub struct Setter<'a> {
    /// Shapes text (with its cache).
    pub shaper: &'a mut Shaper,
    /// Hyphenation points.
    pub hyphenator: &'a Hyphenator,
    /// Language tag of the document (`fr`, `en`): that of every word not
    /// marked as in another one, which decides the patterns it is hyphenated
    /// with.
    pub lang: &'a str,
}

/// Penalty for a break after an explicit hyphen (`Île-de-`): TeX's
/// `\exhyphenpenalty` is 50, the same as an inserted hyphen.
const EXPLICIT_HYPHEN_PENALTY: f64 = 50.0;

/// Penalty for a break after the hyphen of a compound in a title (display
/// line or bold text) in the emergency setting, against an overfull line:
/// half of TeX's `inf_penalty`, so that its demerits (25 million) outweigh
/// any other line. Otherwise a title never breaks there (« égalité femmes- /
/// hommes » reads as a cut title, issue 16, A.5).
const TITLE_HYPHEN_PENALTY: f64 = 5000.0;

/// Penalty for a break inside a URL after `/`, `.`…: mild, so that a long
/// address breaks rather than leaves a very loose line, but not for free.
const URL_BREAK_PENALTY: f64 = 30.0;

/// Penalty for a forced break inside a word too wide for its column: high, but
/// finite so that the breaker can still use it.
const FORCED_BREAK_PENALTY: f64 = 1000.0;

/// Badness accepted on the first pass, without hyphenation: TeX's
/// `\pretolerance` of 100, spaces stretched at most to 1.4× their width.
const PRETOLERANCE: f64 = 100.0;

/// Badness accepted on the second pass, with hyphenation: 100 too, so no
/// accepted line has word spaces beyond 1.4× (ratio 1). Font expansion
/// ([`EXPANSION`]), letter spacing and hanging punctuation add to a line's
/// stretch, which makes this reachable in the 75–90 mm columns; a paragraph
/// that still has no such breaking gets more hyphenation points, then the
/// least loose breaking (counted as loose lines), never a ragged right.
const TOLERANCE: f64 = 100.0;

/// Badness accepted on the second pass of ragged-right text, where it
/// measures how far line ends vary: 300 (right margins up to 1.44 times the
/// ragged stretch short), the value the ragged captions and tiles were
/// tuned with.
const RAGGED_TOLERANCE: f64 = 300.0;

/// Emergency stretch of the third pass, in em. It is added to every line of
/// the paragraph, so a large value (LaTeX's `\sloppy` uses 3 em) lets the
/// breaker leave lines short everywhere; half an em only rescues the
/// paragraphs that are really stiff.
const EMERGENCY_STRETCH_EM: f64 = 0.5;

/// Badness accepted by the last breaking of a justified paragraph that
/// cannot keep its spaces within 1.4× ([`Setter::break_relaxed`]): just
/// under TeX's `inf_bad`, as with TeX's `\tolerance=9999`. Badness grows
/// with the cube of the stretch, so the demerits then choose the breaking
/// whose loosest line is the least loose, and leave every other line
/// within 1.4× when they can.
const LOOSE_TOLERANCE: f64 = linebreak::INF_BAD - 1.0;

/// Emergency stretch of that last breaking, in em, for a paragraph with a
/// line beyond even that badness (spaces over 2.8×): LaTeX's `\sloppy`
/// (3 em), so that badness still tells such lines apart.
const LOOSE_EMERGENCY_STRETCH_EM: f64 = 3.0;

/// Glue of a word space, relative to the space's natural width: stretch
/// 0.4, shrink 1/4, so that at the adjustment ratios accepted (|r| ≤ 1) a
/// word space stays within [0.75, 1.4] of its natural width (issue 16, A.4).
const SPACE_STRETCH: f64 = 0.4;
const SPACE_SHRINK: f64 = 0.25;

/// Letter spacing a justified line may add after each glyph, in em, at
/// adjustment ratio 1: half a percent of the em, the cap of issue 16 (A.4):
/// at 2 % neighbouring lines swung from −1.35 % to +1.9 % and the text
/// looked blotchy; font expansion ([`EXPANSION`]) now does most of the work.
const TRACK_STRETCH_EM: f64 = 0.005;

/// Letter spacing a justified line may remove after each glyph, in em, at
/// adjustment ratio −1: the same half percent.
const TRACK_SHRINK_EM: f64 = 0.005;

/// Font expansion of a justified line at adjustment ratio ±1: glyphs are
/// drawn up to 2 % wider or narrower (PDF horizontal scaling, `Tz`), the
/// range pdfTeX's microtype and InDesign's glyph scaling use by default,
/// below what a reader notices on neighbouring lines.
pub const EXPANSION: f64 = 0.02;

/// How far a character may hang past the right margin of a justified line,
/// as a fraction of its advance (character protrusion): the values of
/// microtype's defaults for text fonts, so that the margin looks straight
/// to the eye although the light marks stick out.
pub fn protrusion(c: char) -> f64 {
    match c {
        '-' | '\u{2010}' | '\u{AD}' | '.' | ',' => 0.7,
        ':' | ';' => 0.5,
        '!' | '?' | '»' | '’' | ')' => 0.2,
        _ => 0.0,
    }
}

/// Right-margin flexibility for ragged-right text, in em: enough for varied
/// line ends without holes (TeX's `\raggedright` uses 2 em of fil-less stretch).
const RAGGED_STRETCH_EM: f64 = 3.0;

/// Which hyphenation points a paragraph's words get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hyphenation {
    /// The French rules: 2 letters before, 3 after, words of 6 letters.
    Normal,
    /// For a justified paragraph that cannot be filled otherwise: every
    /// pattern point in words of any length in lower case, leaving two
    /// letters before and three after (« pro-jet », « ré-seau »), or two
    /// after in words of six letters or more (« socié-té »).
    Relaxed,
    /// Against an overfull line: every pattern point.
    Emergency,
}

/// Fewest letters carried to the next line by the hyphenation points a
/// paragraph gets when it needs more ([`Hyphenation::Relaxed`]): two, TeX's
/// default `\righthyphenmin`, one less than the French rule of the normal
/// setting (« socié-/té », « fonc-/tion-/ne »), a lesser evil than a loose line.
const RELAXED_MIN_AFTER: usize = 2;

/// Consecutive hyphenated lines allowed when a paragraph needs more
/// hyphenation points: three, what French house rules tolerate at most.
const RELAXED_CONSECUTIVE_HYPHENS: usize = 3;

/// Precision (pt) of the width of a balanced display paragraph: a tenth of
/// a point is invisible, and bisecting a 250 pt column to it takes about
/// eleven breakings of a few words each.
const BALANCE_PRECISION: f64 = 0.1;

/// What one breaker item stands for.
#[derive(Debug, Clone)]
enum Piece {
    /// Shaped text: byte range of the paragraph text, style, and the glyphs
    /// at unit size, shared with the shaper's cache (shaped once, for
    /// breaking and for placing; lengths times the font size give points).
    Text {
        range: Range<usize>,
        style: usize,
        shaped: Arc<ShapedRun>,
    },
    /// A word space, in a style.
    Space { style: usize },
    /// A break point; `hyphen` when a hyphen is drawn if broken here.
    Break { hyphen: Option<usize> },
}

#[derive(Debug, Clone, PartialEq)]
struct Span {
    range: Range<usize>,
    style: Style,
    color: Color,
    link: Option<String>,
    lang: Option<String>,
}

impl Span {
    /// The language of the text: as marked (`<span lang="en">`), else the
    /// document's.
    fn lang_or<'a>(&'a self, document: &'a str) -> &'a str {
        self.lang.as_deref().unwrap_or(document)
    }
}

impl Setter<'_> {
    /// Sets `runs` in lines of `widths` (one per line, the last repeated).
    pub fn set(&mut self, runs: &[Run], style: &TextStyle, widths: &[f32]) -> SetParagraph {
        // 1. One string, with the style of each byte range.
        let (text, spans) = flatten(runs, style);
        let (ascent, descent) =
            self.metrics(spans.first().map_or(plain(style), |s| s.style), style.size);
        let mut out = SetParagraph {
            leading: style.leading,
            ascent,
            descent,
            ..SetParagraph::default()
        };
        if text.trim().is_empty() {
            return out;
        }
        let min_width = widths
            .iter()
            .copied()
            .fold(f32::INFINITY, f32::min)
            .max(1.0);

        // 2–3. Boxes, glue and penalties, then optimal breaks.
        let widths64: Vec<f64> = widths.iter().map(|w| f64::from(*w)).collect();
        let mut style = std::borrow::Cow::Borrowed(style);
        // (`Cow`: only a display style is rewritten.)
        if style.display && (style.justify || style.hyphenate) {
            style = std::borrow::Cow::Owned(style.into_owned().as_display());
        }
        let (mut items, mut pieces, mut breaking) = if style.display {
            self.break_balanced(&text, &spans, &style, min_width, &widths64, &mut out)
        } else {
            self.break_paragraph(&text, &spans, &style, min_width, &widths64, &mut out)
        };
        if style.justify && strain(&breaking).1 > 0 {
            // A space beyond 1.4× is left: more hyphenation points, then
            // the least loose breaking there is. The paragraph stays
            // justified whatever it takes: one alignment per text style
            // (issue 16, A.4); a loose line is counted, never hidden.
            let saved = (out.quality, out.missing.clone());
            let (i, p, b) =
                self.break_relaxed(&text, &spans, &style, min_width, &widths64, &mut out);
            if b.stats.overfull == 0 && strain(&b) < strain(&breaking) {
                (items, pieces, breaking) = (i, p, b);
            } else {
                (out.quality, out.missing) = saved;
            }
        }
        out.quality.overfull += breaking.stats.overfull;
        // Lines with nothing but expansion to stretch (one word) that
        // stop short of the margin (`place_line`); the others stretched
        // beyond 1.4× spaces are loose.
        let short = breaking
            .lines
            .iter()
            .filter(|l| l.ratio > 1.0 && !has_space(&items, l))
            .count();
        out.quality.short_lines += short;
        let loose = breaking.stats.loose.saturating_sub(short);
        out.quality.loose += loose;
        out.quality.gappy += breaking.stats.gappy.min(loose);
        out.quality.hyphenated += breaking.stats.hyphenated;
        out.quality.max_consecutive_hyphens = breaking.stats.max_consecutive_hyphens;
        let style: &TextStyle = &style;

        // 4. Glyphs placed on each line.
        for line in &breaking.lines {
            out.lines
                .push(self.place_line(&text, &spans, &items, &pieces, line, style));
        }
        out
    }

    /// Items of the paragraph and their optimal breaking in `style`'s mode;
    /// if a line would be overfull, again with every hyphenation point and no
    /// limit on consecutive hyphens. The statistics of the items (forced
    /// breaks, missing characters) replace those in `out`.
    fn break_paragraph(
        &mut self,
        text: &str,
        spans: &[Span],
        style: &TextStyle,
        min_width: f32,
        widths: &[f64],
        out: &mut SetParagraph,
    ) -> (Vec<Item>, Vec<Piece>, linebreak::Breaking) {
        let (items, pieces, breaking, _) =
            self.break_paragraph_with(text, spans, style, min_width, widths, out);
        (items, pieces, breaking)
    }

    /// [`Setter::break_paragraph`], also returning the breaker's settings
    /// that made the lines, so that the same items can be broken again at
    /// other widths ([`Setter::break_balanced`]).
    fn break_paragraph_with(
        &mut self,
        text: &str,
        spans: &[Span],
        style: &TextStyle,
        min_width: f32,
        widths: &[f64],
        out: &mut SetParagraph,
    ) -> (Vec<Item>, Vec<Piece>, linebreak::Breaking, Params) {
        let params = Params {
            ragged_stretch: if style.justify {
                0.0
            } else {
                RAGGED_STRETCH_EM * f64::from(style.size)
            },
            tolerance: if style.justify {
                TOLERANCE
            } else {
                RAGGED_TOLERANCE
            },
            pretolerance: PRETOLERANCE,
            emergency_stretch: EMERGENCY_STRETCH_EM * f64::from(style.size),
            ..Params::for_font_size(f64::from(style.size))
        };
        let mode = if style.justify {
            Justify::Justified
        } else {
            Justify::RaggedRight
        };
        out.quality = Quality::default();
        out.missing.clear();
        let (mut items, mut pieces) =
            self.items(text, spans, style, min_width, Hyphenation::Normal, out);
        let mut breaking = linebreak::break_lines(&items, widths, &params, mode);
        if breaking.stats.overfull > 0 {
            // Emergency setting: every pattern point, and the limit on
            // consecutive hyphens lifted, rather than an overfull line.
            out.quality = Quality::default();
            out.missing.clear();
            (items, pieces) =
                self.items(text, spans, style, min_width, Hyphenation::Emergency, out);
            let relaxed = Params {
                max_consecutive_hyphens: usize::MAX,
                ..params
            };
            breaking = linebreak::break_lines(&items, widths, &relaxed, mode);
            return (items, pieces, breaking, relaxed);
        }
        (items, pieces, breaking, params)
    }

    /// A justified paragraph broken with more hyphenation points
    /// ([`Hyphenation::Relaxed`]) and up to three hyphenated lines in a row;
    /// if a space must still go beyond 1.4×, broken again accepting any
    /// badness with TeX's emergency stretch, which spreads what cannot be
    /// avoided over the lines instead of leaving one with holes. The less
    /// strained of the two ([`strain`]) is returned.
    fn break_relaxed(
        &mut self,
        text: &str,
        spans: &[Span],
        style: &TextStyle,
        min_width: f32,
        widths: &[f64],
        out: &mut SetParagraph,
    ) -> (Vec<Item>, Vec<Piece>, linebreak::Breaking) {
        let size = f64::from(style.size);
        let params = Params {
            ragged_stretch: 0.0,
            tolerance: TOLERANCE,
            pretolerance: -1.0,
            emergency_stretch: EMERGENCY_STRETCH_EM * size,
            max_consecutive_hyphens: RELAXED_CONSECUTIVE_HYPHENS,
            ..Params::for_font_size(size)
        };
        out.quality = Quality::default();
        out.missing.clear();
        let (items, pieces) = self.items(text, spans, style, min_width, Hyphenation::Relaxed, out);
        let mut breaking = linebreak::break_lines(&items, widths, &params, Justify::Justified);
        if strain(&breaking).1 > 0 {
            let loose = Params {
                tolerance: LOOSE_TOLERANCE,
                emergency_stretch: LOOSE_EMERGENCY_STRETCH_EM * size,
                ..params
            };
            let spread = linebreak::break_lines(&items, widths, &loose, Justify::Justified);
            if spread.stats.overfull == 0 && strain(&spread) < strain(&breaking) {
                breaking = spread;
            }
        }
        (items, pieces, breaking)
    }

    /// A display paragraph broken in as few lines as its width allows, at
    /// the narrowest width that keeps that count: the lines come out of
    /// even length and the last is no runt. One width only (display lines
    /// never wrap around anything).
    fn break_balanced(
        &mut self,
        text: &str,
        spans: &[Span],
        style: &TextStyle,
        min_width: f32,
        widths: &[f64],
        out: &mut SetParagraph,
    ) -> (Vec<Item>, Vec<Piece>, linebreak::Breaking) {
        let (items, pieces, mut best, params) =
            self.break_paragraph_with(text, spans, style, min_width, widths, out);
        let count = best.lines.len();
        if count < 2 || widths.len() != 1 {
            return (items, pieces, best);
        }
        // The narrowest width keeping `count` lines lies between the full
        // width and its `count`th part: bisected to a tenth of a point. The
        // items are those of the full width, broken again at each trial
        // width (shaping and break points do not depend on it): a trial
        // that would need a word cut or a title broken at its hyphen is
        // overfull, hence too narrow.
        let mode = if style.justify {
            Justify::Justified
        } else {
            Justify::RaggedRight
        };
        let (mut lo, mut hi) = (widths[0] / count as f64, widths[0]);
        while hi - lo > BALANCE_PRECISION {
            let mid = 0.5 * (lo + hi);
            let trial = linebreak::break_lines(&items, &[mid], &params, mode);
            if trial.lines.len() == count && trial.stats.overfull == 0 {
                hi = mid;
                best = trial;
            } else {
                lo = mid;
            }
        }
        (items, pieces, best)
    }

    /// Ascent and descent (pt, both positive) of the primary font of a style.
    fn metrics(&self, style: Style, size: f32) -> (f32, f32) {
        let book = self.shaper.book();
        let font = book.font(book.primary(style));
        let scale = size / f32::from(font.units_per_em);
        (
            f32::from(font.ascender) * scale,
            -f32::from(font.descender) * scale,
        )
    }

    fn items(
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
        let mut items = Vec::with_capacity(text.len() / 3 + 4);
        let mut pieces = Vec::with_capacity(text.len() / 3 + 4);
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
                self.word(
                    text,
                    word.clone(),
                    spans,
                    style,
                    min_width,
                    hyphenation,
                    &mut items,
                    &mut pieces,
                    out,
                );
            }
            if !space.is_empty() {
                let s = span_at(spans, space.start);
                let w = f64::from(self.shaper.space_width(spans[s].style, style.size));
                // Ragged-right spaces keep their width: the breaker's ragged
                // stretch stands for the flexible right margin instead.
                let stretch = if style.justify {
                    w * SPACE_STRETCH
                } else {
                    0.0
                };
                // A dash opening an incise or following a run-in title
                // holds to the word before it: no line starts with « — »
                // (issue 16, A.8). The penalty makes the space no break.
                if starts_with_dash(&text[end..]) {
                    items.push(Item::Penalty {
                        width: 0.0,
                        penalty: linebreak::INFINITY,
                        flagged: false,
                    });
                    pieces.push(Piece::Break { hyphen: None });
                } else if style.justify
                    && let Some(hang) = self.hang(text, spans, word.end, style)
                {
                    // Hanging punctuation: the break is moved before the
                    // space onto a penalty of negative width, so that a
                    // line ending here may hold that much more and its last
                    // mark sticks out into the margin.
                    items.push(Item::Penalty {
                        width: -hang,
                        penalty: 0.0,
                        flagged: false,
                    });
                    pieces.push(Piece::Break { hyphen: None });
                }
                items.push(Item::Glue {
                    width: w,
                    stretch,
                    shrink: w * SPACE_SHRINK,
                });
                pieces.push(Piece::Space { style: s });
            } else if opportunity == BreakOpportunity::Allowed && end < text.len() {
                // A break without a space: after an explicit hyphen or a slash.
                let hyphen = text[..end].ends_with(HYPHENS);
                let hang = if style.justify && hyphen {
                    self.hang(text, spans, end, style).unwrap_or(0.0)
                } else {
                    0.0
                };
                // A title (display line, or bold: a run-in title, a name)
                // breaks at its own hyphen only against an overfull line.
                let title =
                    style.display || spans[span_at(spans, end - 1)].style.weight == Weight::Bold;
                items.push(Item::Penalty {
                    width: -hang,
                    penalty: match (hyphen, title) {
                        (true, true) if hyphenation != Hyphenation::Emergency => {
                            linebreak::INFINITY
                        }
                        (true, true) => TITLE_HYPHEN_PENALTY,
                        (true, false) => EXPLICIT_HYPHEN_PENALTY,
                        _ => 0.0,
                    },
                    flagged: hyphen,
                });
                pieces.push(Piece::Break { hyphen: None });
            }
            if opportunity == BreakOpportunity::Mandatory && end < text.len() {
                items.push(Item::Penalty {
                    width: 0.0,
                    penalty: -linebreak::INFINITY,
                    flagged: false,
                });
                pieces.push(Piece::Break { hyphen: None });
            }
            start = end;
        }
        linebreak::finish_paragraph(&mut items);
        while pieces.len() < items.len() {
            pieces.push(Piece::Break { hyphen: None });
        }
        (items, pieces)
    }

    #[allow(clippy::too_many_arguments)]
    fn word(
        &mut self,
        text: &str,
        word: Range<usize>,
        spans: &[Span],
        style: &TextStyle,
        min_width: f32,
        hyphenation: Hyphenation,
        items: &mut Vec<Item>,
        pieces: &mut Vec<Piece>,
        out: &mut SetParagraph,
    ) {
        let w = &text[word.clone()];
        // Break points inside the word: (offset in paragraph, hyphen drawn?),
        // or no break at all for a style change (which cuts a fragment too).
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
        // A word wholly in English (marked so, or in an English document)
        // takes the English patterns.
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
        let english = spans
            .iter()
            .filter(|s| s.range.start < word.end && word.start < s.range.end)
            .all(|s| is_language(s.lang_or(lang), "en"));
        match url_or_email(w) {
            Some(true) => cuts.extend(url_breaks(w).into_iter().map(at(false))),
            Some(false) => cuts.extend(email_breaks(w).into_iter().map(at(false))),
            None if compound || bold => {}
            None if style.hyphenate && english => {
                cuts.extend(english_breaks(w).into_iter().map(at(true)));
            }
            None if style.hyphenate && hyphenation == Hyphenation::Emergency => {
                let points = self.hyphenator.emergency_breaks(w);
                cuts.extend(points.into_iter().map(at(true)).filter(french));
            }
            // Words in capitals (acronyms: « FONJEP ») keep their shape.
            None if style.hyphenate
                && hyphenation == Hyphenation::Relaxed
                && w.chars().any(char::is_lowercase) =>
            {
                let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
                let points = self.hyphenator.emergency_breaks(w).into_iter();
                // Two letters carried only from a word of six letters or
                // more (« socié-/té », never « san-/té »).
                let after = if letters(w) >= hyphen::MIN_WORD {
                    RELAXED_MIN_AFTER
                } else {
                    hyphen::MIN_AFTER
                };
                let kept = points.filter(|&o| {
                    letters(&w[..o]) >= hyphen::MIN_BEFORE && letters(&w[o..]) >= after
                });
                cuts.extend(kept.map(at(true)).filter(french));
            }
            None if style.hyphenate => self.hyphenator.each_break(w, |o| {
                let cut = at(true)(o);
                if french(&cut) {
                    cuts.push(cut);
                }
            }),
            None => {}
        }
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
                self.fragment(text, from..at, spans, style, min_width, items, pieces, out);
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
                items.push(Item::Penalty {
                    width,
                    penalty: if hyphen {
                        Params::default().hyphen_penalty
                    } else {
                        URL_BREAK_PENALTY
                    },
                    flagged: hyphen,
                });
                pieces.push(Piece::Break {
                    hyphen: hyphen.then_some(s),
                });
            }
            from = at;
        }
    }

    /// How far (pt) the character ending at byte `end` may hang past the
    /// right margin ([`protrusion`]), if at all.
    fn hang(&mut self, text: &str, spans: &[Span], end: usize, style: &TextStyle) -> Option<f64> {
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
    fn fragment(
        &mut self,
        text: &str,
        range: Range<usize>,
        spans: &[Span],
        style: &TextStyle,
        min_width: f32,
        items: &mut Vec<Item>,
        pieces: &mut Vec<Piece>,
        out: &mut SetParagraph,
    ) {
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
fn tracked_box(shaped: &ShapedRun, style: &TextStyle) -> Item {
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

/// How far a justified breaking is from word spaces within 1.4×: the sum
/// of the squares of the excess of every line beyond adjustment ratio 1
/// (one line with holes weighs more than two slightly loose ones), then the
/// count of such lines.
fn strain(breaking: &linebreak::Breaking) -> (f64, usize) {
    breaking
        .lines
        .iter()
        .filter(|l| l.ratio > 1.0)
        .fold((0.0, 0), |(sum, n), l| {
            (sum + (l.ratio - 1.0) * (l.ratio - 1.0), n + 1)
        })
}

/// Whether a line holds a stretchable word space.
fn has_space(items: &[Item], line: &linebreak::Line) -> bool {
    items[line.content_start..line.end.min(items.len())]
        .iter()
        .any(|i| matches!(i, Item::Glue { stretch, .. } if *stretch > 0.0))
}

/// Byte ranges of the bare URLs and e-mail addresses of `text`: whole
/// tokens between breaking spaces.
fn url_tokens(text: &str) -> Vec<Range<usize>> {
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

/// Hyphens that join the parts of a compound word.
const HYPHENS: [char; 2] = ['-', '\u{2010}'];

/// Whether `rest` starts with a dash used as punctuation: an em dash, or an
/// en dash standing as a word (`–` then a space or the end, not `2015–2020`).
fn starts_with_dash(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        Some('\u{2014}') => true,
        Some('\u{2013}') => chars.next().is_none_or(char::is_whitespace),
        _ => false,
    }
}

/// Whether the break opportunity at `end` falls right after the en dash of a
/// numeric range: a digit, « – », then a digit.
fn ends_a_range_dash(text: &str, end: usize) -> bool {
    let mut before = text[..end].chars().rev();
    before.next() == Some('–')
        && before.next().is_some_and(|c| c.is_ascii_digit())
        && text[end..].starts_with(|c: char| c.is_ascii_digit())
}

/// Spaces at which lines break (not the no-break spaces of French typography).
fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !super::typo::is_non_breaking(c)
}

fn plain(style: &TextStyle) -> Style {
    Style {
        weight: style.weight,
        italic: false,
    }
}

fn flatten(runs: &[Run], style: &TextStyle) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for run in runs {
        let start = text.len();
        text.push_str(&run.text);
        spans.push(Span {
            range: start..text.len(),
            style: Style {
                weight: if run.bold { Weight::Bold } else { style.weight },
                italic: run.italic,
            },
            color: style.color,
            link: run.link.clone(),
            lang: run.lang.clone(),
        });
    }
    (text, spans)
}

fn span_at(spans: &[Span], offset: usize) -> usize {
    spans
        .iter()
        .position(|s| s.range.contains(&offset))
        .unwrap_or(spans.len().saturating_sub(1))
}
