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

mod items;
mod memo;
mod place;
mod words;
use items::*;
pub use memo::ParagraphMemo;
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
    /// The settings of this shaper and hyphenator kept so far, if any
    /// ([`ParagraphMemo`]): a paragraph set before is copied from it.
    pub memo: Option<&'a mut ParagraphMemo>,
}

impl<'a> Setter<'a> {
    /// A setter without a memo: every paragraph is set anew (tests,
    /// examples, the fuzz harness; an engine's setter keeps its memo, see
    /// [`crate::render::Engine`]).
    pub fn new(shaper: &'a mut Shaper, hyphenator: &'a Hyphenator, lang: &'a str) -> Setter<'a> {
        Setter {
            shaper,
            hyphenator,
            lang,
            memo: None,
        }
    }
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
    /// Sets `runs` in lines of `widths` (one per line, the last repeated);
    /// from the memo when the same paragraph was set before.
    pub fn set(&mut self, runs: &[Run], style: &TextStyle, widths: &[f32]) -> SetParagraph {
        let Some(memo) = self.memo.take() else {
            return self.set_anew(runs, style, widths);
        };
        let input = memo::Input {
            runs,
            style,
            widths,
            lang: self.lang,
        };
        let set = memo.get(&input).unwrap_or_else(|| {
            let set = self.set_anew(runs, style, widths);
            memo.insert(&input, &set);
            set
        });
        self.memo = Some(memo);
        set
    }

    /// [`Setter::set`] without the memo.
    fn set_anew(&mut self, runs: &[Run], style: &TextStyle, widths: &[f32]) -> SetParagraph {
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

/// Hyphens that join the parts of a compound word.
const HYPHENS: [char; 2] = ['-', '\u{2010}'];

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
