//! Knuth–Plass total-fit line breaking over abstract boxes, glue and penalties.
//!
//! The module knows nothing about fonts or text: the caller shapes a paragraph
//! into [`Item`]s, ends it with [`finish_paragraph`] and calls [`break_lines`],
//! which chooses the breakpoints minimising the total demerits of the whole
//! paragraph, as described by D. E. Knuth and M. F. Plass, "Breaking paragraphs
//! into lines", *Software—Practice and Experience* 11 (1981), 1119–1184, and as
//! implemented by TeX's `line_break` (*TeX: The Program*, §813–890).
//!
//! All lengths are points stored as `f64`: a paragraph sums thousands of widths
//! into prefix sums, and `f64` keeps that rounding far below anything visible.
//!
//! # Passes
//!
//! Like TeX, [`break_lines`] tries successively more permissive passes and
//! keeps the first that finds a feasible breaking:
//!
//! 1. badness ≤ [`Params::pretolerance`], hyphenation breaks (flagged
//!    penalties) ignored; skipped when the pretolerance is negative;
//! 2. badness ≤ [`Params::tolerance`], hyphenation breaks allowed;
//! 3. as 2, with [`Params::emergency_stretch`] added to the stretchability of
//!    every line; skipped when the emergency stretch is not positive;
//! 4. a first-fit greedy fallback that always succeeds, setting overfull lines
//!    where nothing else is possible (e.g. one box wider than the line).
//!
//! # Differences from TeX
//!
//! * The number of consecutive hyphenated lines is a hard limit
//!   ([`Params::max_consecutive_hyphens`]), not only a demerit: the count is
//!   part of each active node, so the optimum under the limit is exact. Only
//!   the first-fit fallback exceeds it, and only where a hyphenation beyond
//!   it is the one way to avoid an overfull line.
//! * The last line of a paragraph is never stretched: its badness is zero when
//!   it is short, whether or not it ends with [`FIL`] glue (it still counts
//!   when it must shrink). With [`finish_paragraph`] this is what TeX's
//!   `\parfillskip` gives; without it the paragraph still ends sensibly.
//! * A line that holds no box can only end at a forced break.
//! * `\looseness` is not supported.

mod fallback;
mod knuth_plass;
#[cfg(test)]
mod tests;

use knuth_plass::{Paragraph, Pass};

/// Penalty of a break that is never taken (TeX's `inf_penalty`, §157): a
/// penalty at or above it forbids the break, one at or below `-INFINITY`
/// forces it.
pub const INFINITY: f64 = 10_000.0;

/// Stretchability standing in for TeX's `fil` glue (the infinite glue of
/// `\parfillskip`). One million points dwarfs any line (a page is about
/// 600 pt wide), so such a line has badness below 10⁻⁷ and an adjustment
/// ratio below 10⁻³, which leaves the finite glue beside it at its natural
/// width to within a thousandth of its stretch.
pub const FIL: f64 = 1.0e6;

/// TeX's `inf_bad` (§108): the badness of a line that cannot stretch enough,
/// and the cap of every badness.
pub(super) const INF_BAD: f64 = 10_000.0;

/// Line demerits used when `|line_penalty + badness|` reaches [`INF_BAD`]
/// instead of squaring it (TeX §859), so infinitely bad lines all cost the same.
pub(super) const CAPPED_LINE_DEMERITS: f64 = 1.0e8;

/// Badness above which a stretched line is "very loose" (TeX §852; it is
/// Knuth & Plass's adjustment ratio r > 1, rounded).
pub(super) const VERY_LOOSE_BADNESS: f64 = 99.0;

/// Badness above which a line is "loose" or "tight" rather than "decent"
/// (TeX §852–853; it is Knuth & Plass's |r| > 0.5, rounded).
pub(super) const DECENT_BADNESS: f64 = 12.0;

/// Tolerance on lengths compared after summing: prefix-sum differences carry
/// rounding errors around 10⁻¹³ pt, and 10⁻⁹ pt is still far below anything
/// visible, so a line that fits exactly is never reported overfull.
pub(super) const EPSILON: f64 = 1.0e-9;

/// A word space set wider than this multiple of its natural width makes a
/// line count as loose in [`Stats::loose`]: 1.4, the upper end of the word
/// spaces issue 16 (A.4) accepts, short of the half space again where
/// justified text starts to show holes and rivers.
pub(super) const LOOSE_SPACE_FACTOR: f64 = 1.4;

/// A word space set wider than this multiple of its natural width leaves a
/// hole a reader sees at arm's length, so the line counts in
/// [`Stats::gappy`] and the build report names its sheet: twice the natural
/// space, where a space reads as a missing word rather than an airy line.
pub(super) const GAPPY_SPACE_FACTOR: f64 = 2.0;

/// Font size (pt) whose em scales the default [`Params`]: TeX's em-based
/// defaults were set for its 10 pt Computer Modern, so 10 pt reproduces them.
pub(super) const DEFAULT_FONT_SIZE: f64 = 10.0;

/// One element of a paragraph, in the Knuth–Plass model. Widths are in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Unbreakable material, e.g. a shaped word or word fragment.
    Box {
        /// Width of the material.
        width: f64,
        /// How much it may grow (at adjustment ratio 1), e.g. by letter
        /// spacing; 0 for rigid material.
        stretch: f64,
        /// How much it may shrink (at adjustment ratio −1); 0 for rigid
        /// material.
        shrink: f64,
    },
    /// Flexible space. It is a legal break when the item before it is a box;
    /// a break there discards it, as well as every glue and penalty that
    /// follows up to the next box.
    Glue {
        /// Natural width.
        width: f64,
        /// How much it may grow (at adjustment ratio 1).
        stretch: f64,
        /// How much it may shrink (at adjustment ratio −1, its limit).
        shrink: f64,
    },
    /// A break opportunity with a cost; invisible unless the line breaks here.
    Penalty {
        /// Width added at the end of the line when broken here (a hyphen).
        width: f64,
        /// Cost of breaking: ≥ [`INFINITY`] forbids the break, ≤ −[`INFINITY`]
        /// forces it, negative values encourage it.
        penalty: f64,
        /// Marks a hyphenation break: consecutive flagged breaks are
        /// penalised and limited. Ignored on forced breaks.
        flagged: bool,
    },
}

/// Tuning of the line breaker. The defaults are plain TeX's (*The TeXbook*,
/// appendix B) unless stated otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Largest badness accepted on the second and third passes (TeX's
    /// `\tolerance`).
    pub tolerance: f64,
    /// Largest badness accepted on the first pass, which ignores flagged
    /// breaks (TeX's `\pretolerance`); a negative value skips that pass.
    pub pretolerance: f64,
    /// Demerits added to every line, favouring fewer lines (TeX's
    /// `\linepenalty`).
    pub line_penalty: f64,
    /// Penalty the caller should give hyphenation breaks (TeX's
    /// `\hyphenpenalty`). The breaker reads penalties from the items; build
    /// them with [`Params::hyphen_break`].
    pub hyphen_penalty: f64,
    /// Demerits for two consecutive lines ending with flagged breaks (TeX's
    /// `\doublehyphendemerits`).
    pub double_hyphen_demerits: f64,
    /// Demerits when the second-last line ends with a flagged break (TeX's
    /// `\finalhyphendemerits`).
    pub final_hyphen_demerits: f64,
    /// Demerits for adjacent lines whose fitness classes are not adjacent,
    /// e.g. a very loose line after a decent one (TeX's `\adjdemerits`).
    pub adj_demerits: f64,
    /// Hard limit on consecutive lines ending with a flagged break; 0 forbids
    /// hyphenation altogether.
    pub max_consecutive_hyphens: usize,
    /// Stretchability (pt) added to every line on the third pass, run only
    /// when the second finds nothing and this is positive (TeX's
    /// `\emergencystretch`).
    pub emergency_stretch: f64,
    /// Stretchability (pt) of the right margin in [`Justify::RaggedRight`],
    /// like plain TeX's `\rightskip` in `\raggedright`.
    pub ragged_stretch: f64,
}

impl Params {
    /// The defaults with em-based lengths scaled to a font of `size` points.
    #[must_use]
    pub fn for_font_size(size: f64) -> Self {
        Params {
            // Plain TeX's \tolerance.
            tolerance: 200.0,
            // Plain TeX's \pretolerance.
            pretolerance: 100.0,
            // Plain TeX's \linepenalty.
            line_penalty: 10.0,
            // Plain TeX's \hyphenpenalty.
            hyphen_penalty: 50.0,
            // Plain TeX's \doublehyphendemerits.
            double_hyphen_demerits: 10_000.0,
            // Plain TeX's \finalhyphendemerits.
            final_hyphen_demerits: 5_000.0,
            // Plain TeX's \adjdemerits.
            adj_demerits: 10_000.0,
            // TeX has no hard limit; French house rules commonly allow two or
            // three hyphenated lines in a row, and we keep the stricter two.
            max_consecutive_hyphens: 2,
            // LaTeX's \sloppy sets \emergencystretch to 3em.
            emergency_stretch: 3.0 * size,
            // Plain TeX's \raggedright sets \rightskip to 0pt plus 2em.
            ragged_stretch: 2.0 * size,
        }
    }

    /// A hyphenation break: a flagged penalty of [`Params::hyphen_penalty`]
    /// that adds a hyphen of `hyphen_width` points when taken.
    #[must_use]
    pub fn hyphen_break(&self, hyphen_width: f64) -> Item {
        Item::Penalty {
            width: hyphen_width,
            penalty: self.hyphen_penalty,
            flagged: true,
        }
    }
}

impl Default for Params {
    fn default() -> Self {
        Params::for_font_size(DEFAULT_FONT_SIZE)
    }
}

/// How lines are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Justify {
    /// Glue stretches or shrinks so that every line but the last fills its
    /// width.
    #[default]
    Justified,
    /// TeX's ragged right: every line gets an extra right-margin stretch of
    /// [`Params::ragged_stretch`] for choosing breaks, but lines are set at
    /// their natural width (ratio 0), shrunk only if they must. Interword
    /// glue should then have no stretch (its stretch would count for the
    /// choice, not be applied).
    RaggedRight,
}

/// One line of a breaking.
///
/// The line spans `items[start..=end]` (`end` may equal `items.len()` when the
/// items do not end with a forced break: the end of the list then acts as
/// one). What is set is `items[content_start..end]`, glue adjusted by `ratio`
/// and penalties invisible, followed by the width of `items[end]` when that is
/// a penalty (a hyphen). Glue and penalties in `start..content_start`, left
/// over from the previous break, are discarded, and a glue break item is not
/// set.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// First item of the line (the one after the previous break).
    pub start: usize,
    /// First item actually set: `start`, or on every line but the first the
    /// first box after `start` (at most `end`).
    pub content_start: usize,
    /// Index of the break item ending the line.
    pub end: usize,
    /// Adjustment ratio applied to the glue: a glue is set at
    /// `width + ratio·stretch` when positive, `width + ratio·shrink` when
    /// negative. Never below −1; 0 on the last line unless it shrinks, on
    /// ragged-right lines unless they shrink, and on lines with nothing to
    /// stretch.
    pub ratio: f64,
    /// The line ends with a flagged (hyphenation) break.
    pub hyphenated: bool,
    /// The line is wider than its width even with its glue fully shrunk.
    pub overfull: bool,
    /// Natural width of what is set, hyphen included.
    pub width: f64,
}

/// Quality figures of a breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Lines wider than their width.
    pub overfull: usize,
    /// Lines whose positive-width glue is set wider than 1.4 times natural.
    pub loose: usize,
    /// Lines whose positive-width glue is set wider than 2 times natural
    /// (a subset of `loose`).
    pub gappy: usize,
    /// Lines ending with a hyphenation break.
    pub hyphenated: usize,
    /// Longest run of consecutive hyphenated lines.
    pub max_consecutive_hyphens: usize,
    /// Passes run, the successful one included (see the module docs); 0 for
    /// an empty paragraph.
    pub passes: u8,
    /// The first-fit fallback produced the lines.
    pub fallback_first_fit: bool,
}

/// The result of [`break_lines`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Breaking {
    /// The lines, in order; together they cover every item exactly once.
    pub lines: Vec<Line>,
    /// Quality figures.
    pub stats: Stats,
}

/// Ends a paragraph the TeX way (§816): trailing glue is removed, then an
/// unbreakable penalty, glue of natural width 0 and [`FIL`] stretch, and a
/// forced break are appended, so the last line is set flush left. An empty
/// list stays empty (no paragraph, no line).
pub fn finish_paragraph(items: &mut Vec<Item>) {
    while matches!(items.last(), Some(Item::Glue { .. })) {
        items.pop();
    }
    if items.is_empty() {
        return;
    }
    items.extend([
        Item::Penalty {
            width: 0.0,
            penalty: INFINITY,
            flagged: false,
        },
        Item::Glue {
            width: 0.0,
            stretch: FIL,
            shrink: 0.0,
        },
        Item::Penalty {
            width: 0.0,
            penalty: -INFINITY,
            flagged: false,
        },
    ]);
}

/// Breaks a paragraph into lines with the Knuth–Plass total-fit algorithm.
///
/// `line_widths[i]` is the width of line `i`, the last value repeating for the
/// following lines, so a first-line indent or a wrap around a picture can be
/// expressed; an empty slice means width 0, negative or NaN widths count as
/// 0, and an infinite width takes everything up to the next forced break. Items should be finite with non-negative widths; anything else
/// gives unspecified lines, but the function never panics nor loops. Each pass
/// takes time proportional to the number of items times the number of active
/// breakpoints, which deactivating those that start overfull lines keeps to
/// about one line's worth.
#[must_use]
pub fn break_lines(
    items: &[Item],
    line_widths: &[f64],
    params: &Params,
    mode: Justify,
) -> Breaking {
    if items.is_empty() {
        return Breaking::default();
    }
    let par = Paragraph::new(items, line_widths, params, mode);
    let mut passes = 0u8;
    let plan = [
        (params.pretolerance >= 0.0).then_some(Pass {
            threshold: params.pretolerance,
            hyphenate: false,
            extra_stretch: 0.0,
        }),
        Some(Pass {
            threshold: params.tolerance,
            hyphenate: true,
            extra_stretch: 0.0,
        }),
        (params.emergency_stretch > 0.0).then_some(Pass {
            threshold: params.tolerance,
            hyphenate: true,
            extra_stretch: params.emergency_stretch,
        }),
    ];
    for pass in plan.into_iter().flatten() {
        passes += 1;
        if let Some(breaks) = par.total_fit(&pass) {
            return par.breaking(&breaks, passes, false);
        }
    }
    passes += 1;
    par.breaking(&par.first_fit(), passes, true)
}
