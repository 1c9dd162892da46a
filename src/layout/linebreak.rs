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

use std::cmp::Ordering;

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
const INF_BAD: f64 = 10_000.0;

/// Line demerits used when `|line_penalty + badness|` reaches [`INF_BAD`]
/// instead of squaring it (TeX §859), so infinitely bad lines all cost the same.
const CAPPED_LINE_DEMERITS: f64 = 1.0e8;

/// Badness above which a stretched line is "very loose" (TeX §852; it is
/// Knuth & Plass's adjustment ratio r > 1, rounded).
const VERY_LOOSE_BADNESS: f64 = 99.0;

/// Badness above which a line is "loose" or "tight" rather than "decent"
/// (TeX §852–853; it is Knuth & Plass's |r| > 0.5, rounded).
const DECENT_BADNESS: f64 = 12.0;

/// Tolerance on lengths compared after summing: prefix-sum differences carry
/// rounding errors around 10⁻¹³ pt, and 10⁻⁹ pt is still far below anything
/// visible, so a line that fits exactly is never reported overfull.
const EPSILON: f64 = 1.0e-9;

/// A word space set wider than this multiple of its natural width makes a
/// line count as loose in [`Stats::loose`]: half a space again is where
/// justified text starts to show holes and rivers.
const LOOSE_SPACE_FACTOR: f64 = 1.5;

/// Font size (pt) whose em scales the default [`Params`]: TeX's em-based
/// defaults were set for its 10 pt Computer Modern, so 10 pt reproduces them.
const DEFAULT_FONT_SIZE: f64 = 10.0;

/// One element of a paragraph, in the Knuth–Plass model. Widths are in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Unbreakable material, e.g. a shaped word or word fragment.
    Box {
        /// Width of the material.
        width: f64,
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
    /// Lines whose positive-width glue is set wider than 1.5 times natural.
    pub loose: usize,
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

/// Settings of one optimising pass.
#[derive(Debug, Clone, Copy)]
struct Pass {
    /// Largest badness of a feasible line.
    threshold: f64,
    /// Whether flagged breaks are considered.
    hyphenate: bool,
    /// Stretchability added to every line (emergency stretch).
    extra_stretch: f64,
}

/// Fitness classes of TeX §817, in its order so that classes whose numbers
/// differ by more than one are not adjacent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fitness {
    VeryLoose = 0,
    Loose = 1,
    Decent = 2,
    Tight = 3,
}

impl Fitness {
    fn of(ratio: f64, badness: f64) -> Fitness {
        if ratio > 0.0 {
            if badness > VERY_LOOSE_BADNESS {
                Fitness::VeryLoose
            } else if badness > DECENT_BADNESS {
                Fitness::Loose
            } else {
                Fitness::Decent
            }
        } else if badness > DECENT_BADNESS {
            Fitness::Tight
        } else {
            Fitness::Decent
        }
    }

    fn adjacent(self, other: Fitness) -> bool {
        (self as i8 - other as i8).abs() <= 1
    }
}

/// What the breaker knows about a breakpoint once it is taken.
#[derive(Debug, Clone, Copy, PartialEq)]
struct State {
    /// The break item; `None` before the first line.
    pos: Option<usize>,
    /// Index of the next line, capped at the last entry of the widths (lines
    /// beyond all have the same width, so they need not be told apart).
    line: usize,
    /// Fitness of the line ending here.
    fitness: Fitness,
    /// Consecutive lines ending with a flagged break, this one included.
    hyphens: usize,
}

impl State {
    /// The paragraph start (TeX gives it the decent class, §864).
    const START: State = State {
        pos: None,
        line: 0,
        fitness: Fitness::Decent,
        hyphens: 0,
    };
}

/// A break item as it acts when taken.
#[derive(Debug, Clone, Copy)]
struct Break {
    penalty: f64,
    width: f64,
    flagged: bool,
    forced: bool,
}

/// Natural width, stretchability and shrinkability of a line.
#[derive(Debug, Clone, Copy)]
struct Measure {
    natural: f64,
    stretch: f64,
    shrink: f64,
}

/// Outcome of ending a line at a break.
#[derive(Debug, Clone, Copy)]
enum Trial {
    /// Too wide even fully shrunk, break width aside: no later break from
    /// the same start can fit.
    Overfull,
    /// Not acceptable on this pass.
    Infeasible,
    /// Acceptable, with the line's demerits and the state it leads to.
    Feasible { demerits: f64, next: State },
}

/// A candidate or active breakpoint of the total-fit search.
#[derive(Debug, Clone, Copy)]
struct Node {
    state: State,
    /// Total demerits from the paragraph start.
    demerits: f64,
    /// Index of the previous node in the arena.
    prev: Option<usize>,
}

/// A paragraph prepared for breaking.
struct Paragraph<'a> {
    items: &'a [Item],
    params: &'a Params,
    mode: Justify,
    /// Sanitised, never empty.
    widths: Vec<f64>,
    /// `natural[i]` sums the widths of boxes and glue in `items[..i]`.
    natural: Vec<f64>,
    /// Same for glue stretch.
    stretch: Vec<f64>,
    /// Same for glue shrink.
    shrink: Vec<f64>,
    /// `next_box[i]` is the first box at or after `i`, or `items.len()`.
    next_box: Vec<usize>,
    /// The last break: the final forced penalty, or `items.len()` when the
    /// items do not end with one.
    final_break: usize,
}

impl<'a> Paragraph<'a> {
    fn new(items: &'a [Item], line_widths: &[f64], params: &'a Params, mode: Justify) -> Self {
        let n = items.len();
        let mut widths: Vec<f64> = line_widths
            .iter()
            .map(|&w| if w > 0.0 { w } else { 0.0 })
            .collect();
        if widths.is_empty() {
            widths.push(0.0);
        }
        let mut natural = Vec::with_capacity(n + 1);
        let mut stretch = Vec::with_capacity(n + 1);
        let mut shrink = Vec::with_capacity(n + 1);
        let (mut w, mut y, mut z) = (0.0, 0.0, 0.0);
        for item in items {
            natural.push(w);
            stretch.push(y);
            shrink.push(z);
            match *item {
                Item::Box { width } => w += width,
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += width;
                    y += stretch;
                    z += shrink;
                }
                Item::Penalty { .. } => {}
            }
        }
        natural.push(w);
        stretch.push(y);
        shrink.push(z);
        let mut next_box = vec![n; n + 1];
        for i in (0..n).rev() {
            next_box[i] = if matches!(items[i], Item::Box { .. }) {
                i
            } else {
                next_box[i + 1]
            };
        }
        let final_break = match items.last() {
            Some(Item::Penalty { penalty, .. }) if *penalty <= -INFINITY => n - 1,
            _ => n,
        };
        Paragraph {
            items,
            params,
            mode,
            widths,
            natural,
            stretch,
            shrink,
            next_box,
            final_break,
        }
    }

    /// How item `i` acts as a break (the end of the list acts as a forced one).
    fn break_info(&self, i: usize) -> Break {
        match self.items.get(i) {
            Some(&Item::Penalty {
                width,
                penalty,
                flagged,
            }) => {
                let forced = penalty <= -INFINITY;
                Break {
                    penalty,
                    width,
                    flagged: flagged && !forced,
                    forced,
                }
            }
            Some(_) => Break {
                penalty: 0.0,
                width: 0.0,
                flagged: false,
                forced: false,
            },
            None => Break {
                penalty: -INFINITY,
                width: 0.0,
                flagged: false,
                forced: true,
            },
        }
    }

    /// Item `i` as a legal break, flagged ones only when `hyphenate`.
    fn break_at(&self, i: usize, hyphenate: bool) -> Option<Break> {
        let legal = match self.items.get(i) {
            Some(Item::Box { .. }) => false,
            Some(Item::Glue { .. }) => {
                i > 0 && matches!(self.items.get(i - 1), Some(Item::Box { .. }))
            }
            Some(&Item::Penalty {
                penalty, flagged, ..
            }) => penalty < INFINITY && (hyphenate || !flagged || penalty <= -INFINITY),
            None => i == self.final_break,
        };
        legal.then(|| self.break_info(i))
    }

    /// Width of line `line` (already capped, or not).
    fn line_width(&self, line: usize) -> f64 {
        self.widths[line.min(self.widths.len() - 1)]
    }

    /// Index of the line after `line`, capped at the last width.
    fn next_line(&self, line: usize) -> usize {
        (line + 1).min(self.widths.len() - 1)
    }

    /// First item set on the line following a break at `pos`.
    fn content_after(&self, pos: Option<usize>) -> usize {
        match pos {
            None => 0,
            Some(p) => self.next_box[(p + 1).min(self.items.len())],
        }
    }

    /// Whether a line whose content starts at `content` and ends at `b` holds
    /// a box.
    fn has_box(&self, content: usize, b: usize) -> bool {
        self.next_box[content.min(self.items.len())] < b
    }

    /// Natural width, stretch and shrink of the line `content..b` broken at `brk`.
    fn measure(&self, content: usize, b: usize, brk: &Break) -> Measure {
        let b = b.min(self.items.len());
        let s = content.min(b);
        Measure {
            natural: self.natural[b] - self.natural[s] + brk.width,
            stretch: self.stretch[b] - self.stretch[s],
            shrink: self.shrink[b] - self.shrink[s],
        }
    }

    /// Stretch every line gets for choosing breaks beyond its glue.
    fn background_stretch(&self, pass: &Pass) -> f64 {
        match self.mode {
            Justify::Justified => pass.extra_stretch,
            Justify::RaggedRight => pass.extra_stretch + self.params.ragged_stretch,
        }
    }

    /// Ends a line started after `from` at the legal break `b`.
    fn try_line(&self, pass: &Pass, from: &State, b: usize, brk: &Break) -> Trial {
        let params = self.params;
        let content = self.content_after(from.pos);
        let m = self.measure(content, b, brk);
        let width = self.line_width(from.line);
        let ratio = adjustment_ratio(
            width - m.natural,
            m.stretch + self.background_stretch(pass),
            m.shrink,
        );
        if ratio < -1.0 {
            return if overflows(width, &m, brk) {
                Trial::Overfull
            } else {
                Trial::Infeasible
            };
        }
        if !brk.forced && !self.has_box(content, b) {
            return Trial::Infeasible;
        }
        if brk.flagged && from.hyphens >= params.max_consecutive_hyphens {
            return Trial::Infeasible;
        }
        let last = b == self.final_break;
        let badness = if last && ratio > 0.0 {
            0.0
        } else {
            badness(ratio)
        };
        // A NaN threshold accepts nothing.
        if badness
            .partial_cmp(&pass.threshold)
            .is_none_or(Ordering::is_gt)
        {
            return Trial::Infeasible;
        }
        let fitness = Fitness::of(ratio, badness);
        // TeX §859.
        let base = params.line_penalty + badness;
        let mut demerits = if base.abs() >= INF_BAD {
            CAPPED_LINE_DEMERITS
        } else {
            base * base
        };
        if brk.penalty > 0.0 {
            demerits += brk.penalty * brk.penalty;
        } else if !brk.forced {
            demerits -= brk.penalty * brk.penalty;
        }
        if from.hyphens > 0 {
            if last {
                demerits += params.final_hyphen_demerits;
            } else if brk.flagged {
                demerits += params.double_hyphen_demerits;
            }
        }
        if !fitness.adjacent(from.fitness) {
            demerits += params.adj_demerits;
        }
        Trial::Feasible {
            demerits,
            next: State {
                pos: Some(b),
                line: self.next_line(from.line),
                fitness,
                hyphens: if brk.flagged {
                    from.hyphens.saturating_add(1)
                } else {
                    0
                },
            },
        }
    }

    /// The optimal breaks of one pass, or `None` if no breaking is feasible.
    fn total_fit(&self, pass: &Pass) -> Option<Vec<usize>> {
        // Dominance slack: a node worse than another by more than this can
        // never catch up, since the only cost depending on the fitness of the
        // last line is the adjacency demerit (TeX §836).
        let slack = self.params.adj_demerits.abs();
        let mut nodes = vec![Node {
            state: State::START,
            demerits: 0.0,
            prev: None,
        }];
        let mut active = vec![0];
        let mut candidates: Vec<Node> = Vec::new();
        for b in 0..=self.final_break {
            let Some(brk) = self.break_at(b, pass.hyphenate) else {
                continue;
            };
            candidates.clear();
            active.retain(|&a| {
                let node = &nodes[a];
                match self.try_line(pass, &node.state, b, &brk) {
                    Trial::Overfull => false,
                    Trial::Infeasible => !brk.forced,
                    Trial::Feasible { demerits, next } => {
                        let total = node.demerits + demerits;
                        match candidates.iter_mut().find(|c| c.state == next) {
                            Some(c) => {
                                if total < c.demerits {
                                    c.demerits = total;
                                    c.prev = Some(a);
                                }
                            }
                            None => candidates.push(Node {
                                state: next,
                                demerits: total,
                                prev: Some(a),
                            }),
                        }
                        !brk.forced
                    }
                }
            });
            // Keep a candidate unless another at the same break, for the same
            // line width, with no more consecutive hyphens (so every
            // continuation of this one is open to it) is better by more than
            // the slack, or as good with the same fitness.
            for (i, c) in candidates.iter().enumerate() {
                let dominated = candidates.iter().enumerate().any(|(j, o)| {
                    j != i
                        && o.state.line == c.state.line
                        && o.state.hyphens <= c.state.hyphens
                        && (o.demerits + slack < c.demerits
                            || (o.state.fitness == c.state.fitness && o.demerits <= c.demerits))
                });
                if !dominated {
                    active.push(nodes.len());
                    nodes.push(*c);
                }
            }
            if active.is_empty() {
                return None;
            }
        }
        // The final break is forced, so only nodes created there are left.
        let best = active
            .iter()
            .copied()
            .filter(|&a| nodes[a].state.pos == Some(self.final_break))
            .min_by(|&x, &y| nodes[x].demerits.total_cmp(&nodes[y].demerits))?;
        let mut breaks = Vec::new();
        let mut cursor = Some(best);
        while let Some(i) = cursor {
            if let Some(pos) = nodes[i].state.pos {
                breaks.push(pos);
            }
            cursor = nodes[i].prev;
        }
        breaks.reverse();
        Some(breaks)
    }

    /// Greedy first fit: each line takes as much as fits with its glue fully
    /// shrunk; what cannot fit at all goes alone on an overfull line. Forced
    /// breaks are honoured, the hyphen limit too unless only a hyphenation
    /// beyond it avoids an overfull line. Always succeeds.
    fn first_fit(&self) -> Vec<usize> {
        let mut breaks = Vec::new();
        let mut from = State::START;
        loop {
            let start = from.pos.map_or(0, |p| p + 1);
            let content = self.content_after(from.pos);
            let width = self.line_width(from.line);
            // The last break that fits, and the first that does not, which
            // makes the least overfull line when none fits.
            let mut fitting = None;
            let mut unfit = None;
            // A hyphenation beyond the limit that fits: better than an
            // overfull line, so the limit gives way when nothing else fits.
            let mut over_limit = None;
            let mut chosen = self.final_break;
            for b in start..=self.final_break {
                let Some(brk) = self.break_at(b, true) else {
                    continue;
                };
                let m = self.measure(content, b, &brk);
                let fits = m.natural - m.shrink <= width + EPSILON;
                if brk.flagged && from.hyphens >= self.params.max_consecutive_hyphens {
                    if fits && self.has_box(content, b) {
                        over_limit = Some(b);
                    } else if overflows(width, &m, &brk) {
                        chosen = fitting.or(over_limit).or(unfit).unwrap_or(b);
                        break;
                    }
                    continue;
                }
                if brk.forced {
                    chosen = if fits {
                        b
                    } else {
                        fitting.or(over_limit).or(unfit).unwrap_or(b)
                    };
                    break;
                }
                if !self.has_box(content, b) {
                    continue;
                }
                if fits {
                    fitting = Some(b);
                } else if overflows(width, &m, &brk) {
                    chosen = fitting.or(over_limit).or(unfit).unwrap_or(b);
                    break;
                } else {
                    // Only the hyphen overflows: a later break may still fit.
                    unfit = unfit.or(Some(b));
                }
            }
            breaks.push(chosen);
            if chosen >= self.final_break {
                return breaks;
            }
            let flagged = self.break_info(chosen).flagged;
            from = State {
                pos: Some(chosen),
                line: self.next_line(from.line),
                fitness: Fitness::Decent,
                hyphens: if flagged { from.hyphens + 1 } else { 0 },
            };
        }
    }

    /// Lines and statistics for the chosen breaks.
    fn breaking(&self, breaks: &[usize], passes: u8, fallback: bool) -> Breaking {
        let mut lines = Vec::with_capacity(breaks.len());
        let mut stats = Stats {
            passes,
            fallback_first_fit: fallback,
            ..Stats::default()
        };
        let mut prev = None;
        let mut run = 0;
        for (line_index, &b) in breaks.iter().enumerate() {
            let brk = self.break_info(b);
            let start = prev.map_or(0, |p: usize| p + 1);
            let content_start = self.content_after(prev).min(b);
            let m = self.measure(content_start, b, &brk);
            let r = adjustment_ratio(self.line_width(line_index) - m.natural, m.stretch, m.shrink);
            let overfull = r < -1.0;
            let mut ratio = if overfull {
                if m.shrink > 0.0 { -1.0 } else { 0.0 }
            } else if r.is_finite() {
                r
            } else {
                0.0
            };
            if b == self.final_break || self.mode == Justify::RaggedRight {
                ratio = ratio.min(0.0);
            }
            let hyphenated = brk.flagged;
            let loose = ratio > 0.0
                && self.items[content_start..b.min(self.items.len())]
                    .iter()
                    .any(|item| match *item {
                        Item::Glue { width, stretch, .. } => {
                            width > 0.0 && ratio * stretch > (LOOSE_SPACE_FACTOR - 1.0) * width
                        }
                        _ => false,
                    });
            stats.overfull += usize::from(overfull);
            stats.loose += usize::from(loose);
            stats.hyphenated += usize::from(hyphenated);
            run = if hyphenated { run + 1 } else { 0 };
            stats.max_consecutive_hyphens = stats.max_consecutive_hyphens.max(run);
            lines.push(Line {
                start,
                content_start,
                end: b,
                ratio,
                hyphenated,
                overfull,
                width: m.natural,
            });
            prev = Some(b);
        }
        Breaking { lines, stats }
    }
}

/// Knuth & Plass's adjustment ratio for a line `diff` points short (negative:
/// too long): positive stretches, negative shrinks, `+∞` when the line is
/// short with nothing to stretch, `−∞` when it cannot shrink enough (overfull).
fn adjustment_ratio(diff: f64, stretch: f64, shrink: f64) -> f64 {
    if diff.abs() <= EPSILON {
        0.0
    } else if diff > 0.0 {
        if stretch > 0.0 {
            diff / stretch
        } else {
            f64::INFINITY
        }
    } else if -diff <= shrink + EPSILON {
        (diff / shrink).max(-1.0)
    } else {
        f64::NEG_INFINITY
    }
}

/// Whether the material of a line, without the width its break adds (a
/// hyphen), is too wide even fully shrunk. Widths being non-negative, every
/// later break from the same start is then too wide as well; a line too wide
/// only because of its hyphen may still be followed by one that fits.
fn overflows(width: f64, m: &Measure, brk: &Break) -> bool {
    m.natural - brk.width - m.shrink > width + EPSILON
}

/// Badness 100·|r|³ capped at [`INF_BAD`] (TeX §108), `INF_BAD + 1` when
/// overfull (TeX's `awful_bad` class of lines, never feasible).
fn badness(ratio: f64) -> f64 {
    if ratio < -1.0 {
        INF_BAD + 1.0
    } else {
        (100.0 * ratio.abs().powi(3)).min(INF_BAD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An interword space for the hand-made examples: 10 pt, stretching by 5
    /// and shrinking by 3 (the proportions of Computer Modern's space).
    const SPACE: Item = Item::Glue {
        width: 10.0,
        stretch: 5.0,
        shrink: 3.0,
    };

    fn word(width: f64) -> Item {
        Item::Box { width }
    }

    /// Boxes of the given widths separated by `space`, finished.
    fn words_with(widths: &[f64], space: Item) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(space);
            }
            items.push(word(w));
        }
        finish_paragraph(&mut items);
        items
    }

    /// Words made of fragments joined by hyphenation breaks (hyphen 5 pt),
    /// separated by `space`, finished.
    fn hyphenated_words(words: &[Vec<f64>], space: Item, params: &Params) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, fragments) in words.iter().enumerate() {
            if i > 0 {
                items.push(space);
            }
            for (j, &w) in fragments.iter().enumerate() {
                if j > 0 {
                    items.push(params.hyphen_break(5.0));
                }
                items.push(word(w));
            }
        }
        finish_paragraph(&mut items);
        items
    }

    fn ends(breaking: &Breaking) -> Vec<usize> {
        breaking.lines.iter().map(|l| l.end).collect()
    }

    fn first_fit(items: &[Item], widths: &[f64], params: &Params, mode: Justify) -> Breaking {
        if items.is_empty() {
            return Breaking::default();
        }
        let par = Paragraph::new(items, widths, params, mode);
        par.breaking(&par.first_fit(), 1, true)
    }

    #[test]
    fn total_fit_avoids_the_very_loose_line_of_first_fit() {
        let items = words_with(
            &[10., 25., 20., 30., 15., 15., 30., 55., 15., 30., 30.],
            SPACE,
        );
        let params = Params::default();
        let greedy = first_fit(&items, &[150.0], &params, Justify::Justified);
        // First fit crams six words on the first line (fully shrunk), leaving
        // three words to stretch three times their stretchability.
        assert_eq!(ends(&greedy), [11, 17, 23]);
        assert_eq!(greedy.lines[0].ratio, -1.0);
        assert_eq!(greedy.lines[1].ratio, 3.0);
        assert_eq!(greedy.stats.loose, 1);

        let best = break_lines(&items, &[150.0], &params, Justify::Justified);
        assert_eq!(ends(&best), [9, 17, 23]);
        assert_eq!(best.lines[0].ratio, 0.5);
        assert!((best.lines[1].ratio - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(best.lines[2].ratio, 0.0);
        assert_eq!(best.stats.loose, 0);
        assert_eq!(best.stats.passes, 1);
        assert!(!best.stats.fallback_first_fit);
        assert!(best.lines.iter().all(|l| !l.overfull && !l.hyphenated));
    }

    #[test]
    fn lines_partition_the_items_and_discard_leading_glue() {
        // A break at the first glue discards the glue and the (forbidden)
        // penalty after it, up to the next box.
        let mut items = vec![
            word(60.0),
            SPACE,
            Item::Penalty {
                width: 0.0,
                penalty: INFINITY,
                flagged: false,
            },
            SPACE,
            word(60.0),
        ];
        finish_paragraph(&mut items);
        let breaking = break_lines(&items, &[70.0], &Params::default(), Justify::Justified);
        let spans: Vec<_> = breaking
            .lines
            .iter()
            .map(|l| (l.start, l.content_start, l.end))
            .collect();
        assert_eq!(spans, [(0, 0, 1), (2, 4, 7)]);
        assert_eq!(breaking.lines[1].width, 60.0);
    }

    #[test]
    fn forced_breaks_are_taken() {
        let mut items = words_with(&[20.0, 20.0], SPACE);
        let forced_at = items.len() - 1;
        items.push(word(20.0));
        items.push(SPACE);
        items.push(word(20.0));
        finish_paragraph(&mut items);
        let breaking = break_lines(&items, &[500.0], &Params::default(), Justify::Justified);
        assert_eq!(ends(&breaking), [forced_at, items.len() - 1]);
        // The line before the forced break ends with fil glue: flush left.
        assert!(breaking.lines[0].ratio < 1e-3);
        assert!(!breaking.stats.fallback_first_fit);
    }

    #[test]
    fn the_hyphen_limit_is_exact() {
        // Only cheap consecutive hyphens tempt the optimiser here.
        let loose = Params {
            double_hyphen_demerits: 0.0,
            max_consecutive_hyphens: usize::MAX,
            ..Params::default()
        };
        let words = [
            vec![30.],
            vec![10., 40.],
            vec![10., 25.],
            vec![25.],
            vec![20.],
            vec![15., 10., 30.],
            vec![15.],
            vec![40., 10.],
        ];
        let items = hyphenated_words(&words, SPACE, &loose);
        let free = break_lines(&items, &[120.0], &loose, Justify::Justified);
        assert_eq!(ends(&free), [7, 15, 23, 27]);
        assert_eq!(free.stats.max_consecutive_hyphens, 3);

        let strict = Params {
            max_consecutive_hyphens: 2,
            ..loose
        };
        let limited = break_lines(&items, &[120.0], &strict, Justify::Justified);
        assert_eq!(ends(&limited), [7, 15, 27]);
        assert_eq!(limited.stats.max_consecutive_hyphens, 2);
        assert_eq!(limited.stats.passes, 2);
        assert!(!limited.stats.fallback_first_fit);

        let none = Params {
            max_consecutive_hyphens: 0,
            ..strict
        };
        let unhyphenated = break_lines(&items, &[120.0], &none, Justify::Justified);
        assert_eq!(unhyphenated.stats.hyphenated, 0);
    }

    #[test]
    fn a_hyphen_too_wide_does_not_end_the_search() {
        // Broken after "40", the 5 pt hyphen overflows; the whole word (2 pt
        // narrower than the hyphen) fits. The start must stay active.
        let params = Params {
            pretolerance: -1.0,
            ..Params::default()
        };
        let items = hyphenated_words(&[vec![50.], vec![40., 2.], vec![60.]], SPACE, &params);
        let breaking = break_lines(&items, &[100.0], &params, Justify::Justified);
        assert_eq!(ends(&breaking), [5, 9]);
        assert_eq!(breaking.stats.passes, 1);
        assert!(!breaking.stats.fallback_first_fit);
        let greedy = first_fit(&items, &[100.0], &params, Justify::Justified);
        assert_eq!(ends(&greedy), [5, 9]);
    }

    #[test]
    fn the_emergency_pass_rescues_stiff_paragraphs() {
        // Two words leave 15 pt to fill with 0.5 pt of stretch; three overflow.
        let stiff = Item::Glue {
            width: 5.0,
            stretch: 0.5,
            shrink: 0.0,
        };
        let items = words_with(&[40.0; 4], stiff);
        let params = Params {
            emergency_stretch: 30.0,
            ..Params::default()
        };
        let breaking = break_lines(&items, &[100.0], &params, Justify::Justified);
        assert_eq!(breaking.stats.passes, 3);
        assert!(!breaking.stats.fallback_first_fit);
        assert_eq!(ends(&breaking), [3, items.len() - 1]);
        // The glue really is stretched thirty times: a loose line.
        assert_eq!(breaking.lines[0].ratio, 30.0);
        assert_eq!(breaking.stats.loose, 1);

        let without = Params {
            emergency_stretch: 0.0,
            ..params
        };
        let fallback = break_lines(&items, &[100.0], &without, Justify::Justified);
        assert_eq!(fallback.stats.passes, 3);
        assert!(fallback.stats.fallback_first_fit);
        assert_eq!(ends(&fallback), ends(&breaking));
    }

    #[test]
    fn a_box_wider_than_the_line_goes_alone_and_overfull() {
        let items = words_with(&[30.0, 30.0, 300.0, 30.0], SPACE);
        let breaking = break_lines(&items, &[100.0], &Params::default(), Justify::Justified);
        assert!(breaking.stats.fallback_first_fit);
        assert_eq!(breaking.stats.passes, 4);
        let spans: Vec<_> = breaking
            .lines
            .iter()
            .map(|l| (l.content_start, l.end, l.overfull))
            .collect();
        assert_eq!(spans, [(0, 3, false), (4, 5, true), (6, 9, false)]);
        assert_eq!(breaking.lines[1].width, 300.0);
        assert_eq!(breaking.stats.overfull, 1);
    }

    #[test]
    fn line_widths_vary_and_the_last_repeats() {
        let items = words_with(&[20.0; 24], SPACE);
        let widths = [70.0, 130.0, 100.0];
        let breaking = break_lines(&items, &widths, &Params::default(), Justify::Justified);
        assert!(!breaking.stats.fallback_first_fit);
        assert!(breaking.lines.len() > widths.len());
        let last = breaking.lines.len() - 1;
        for (i, line) in breaking.lines[..last].iter().enumerate() {
            let target = widths[i.min(widths.len() - 1)];
            let gaps = (line.end - line.content_start) / 2;
            let set = line.width
                + gaps as f64
                    * if line.ratio > 0.0 {
                        5.0 * line.ratio
                    } else {
                        3.0 * line.ratio
                    };
            assert!((set - target).abs() < 1e-9, "line {i}: {set} ≠ {target}");
        }
        // The narrow first line holds fewer words than the wide second one.
        let count = |l: &Line| (l.end - l.content_start).div_ceil(2);
        assert!(count(&breaking.lines[0]) < count(&breaking.lines[1]));
    }

    #[test]
    fn ragged_right_balances_lines_without_stretching_them() {
        // The classic "aaa bb cc ddddd" at 10 pt per letter on 60 pt lines.
        let space = Item::Glue {
            width: 10.0,
            stretch: 0.0,
            shrink: 0.0,
        };
        let items = words_with(&[30.0, 20.0, 20.0, 50.0], space);
        let params = Params {
            ragged_stretch: 30.0,
            ..Params::default()
        };
        let greedy = first_fit(&items, &[60.0], &params, Justify::RaggedRight);
        assert_eq!(ends(&greedy), [3, 5, 9]);
        let breaking = break_lines(&items, &[60.0], &params, Justify::RaggedRight);
        assert_eq!(ends(&breaking), [1, 5, 9]);
        assert!(breaking.lines.iter().all(|l| l.ratio == 0.0));
        let widths: Vec<_> = breaking.lines.iter().map(|l| l.width).collect();
        assert_eq!(widths, [30.0, 50.0, 50.0]);
    }

    #[test]
    fn empty_input_gives_no_line() {
        let breaking = break_lines(&[], &[100.0], &Params::default(), Justify::Justified);
        assert_eq!(breaking, Breaking::default());
        let mut items = vec![SPACE];
        finish_paragraph(&mut items);
        assert!(items.is_empty());
    }

    #[test]
    fn a_single_word_is_one_flush_left_line() {
        let items = words_with(&[30.0], SPACE);
        assert_eq!(items.len(), 4);
        let breaking = break_lines(&items, &[100.0], &Params::default(), Justify::Justified);
        assert_eq!(
            breaking.lines,
            [Line {
                start: 0,
                content_start: 0,
                end: 3,
                ratio: 0.0,
                hyphenated: false,
                overfull: false,
                width: 30.0,
            }]
        );
        assert_eq!(breaking.stats.passes, 1);
    }

    #[test]
    fn an_unfinished_paragraph_ends_at_the_end_of_the_items() {
        let items = [word(50.0), SPACE, word(50.0), SPACE, word(50.0)];
        let breaking = break_lines(&items, &[120.0], &Params::default(), Justify::Justified);
        assert_eq!(ends(&breaking), [3, 5]);
        assert_eq!(breaking.lines[1].ratio, 0.0);
        assert!(!breaking.stats.fallback_first_fit);
    }

    #[test]
    fn degenerate_widths_do_not_panic() {
        let items = words_with(&[30.0, 30.0], SPACE);
        for widths in [&[][..], &[f64::NAN], &[-5.0], &[f64::INFINITY]] {
            let breaking = break_lines(&items, widths, &Params::default(), Justify::Justified);
            assert_eq!(breaking.lines.last().map(|l| l.end), Some(items.len() - 1));
        }
        let unbounded = break_lines(
            &items,
            &[f64::INFINITY],
            &Params::default(),
            Justify::Justified,
        );
        assert_eq!(ends(&unbounded), [items.len() - 1]);
    }

    /// A random paragraph: words of 1–4 fragments joined by hyphenation breaks.
    #[derive(Debug, Clone)]
    struct Case {
        words: Vec<Vec<f64>>,
        widths: Vec<f64>,
        max_hyphens: usize,
        ragged: bool,
    }

    fn cases(
        max_words: usize,
        max_fragments: usize,
        fragments: std::ops::Range<f64>,
        widths: std::ops::Range<f64>,
    ) -> impl Strategy<Value = Case> {
        (
            prop::collection::vec(
                prop::collection::vec(fragments, 1..=max_fragments),
                0..=max_words,
            ),
            prop::collection::vec(widths, 1..=3),
            0usize..=3,
            any::<bool>(),
        )
            .prop_map(|(words, widths, max_hyphens, ragged)| Case {
                words,
                widths,
                max_hyphens,
                ragged,
            })
    }

    impl Case {
        fn params(&self) -> Params {
            Params {
                max_consecutive_hyphens: self.max_hyphens,
                ..Params::default()
            }
        }

        fn mode(&self) -> Justify {
            if self.ragged {
                Justify::RaggedRight
            } else {
                Justify::Justified
            }
        }

        /// Interword glue of a 10 pt font (a third of an em, stretching by a
        /// sixth and shrinking by a ninth), without stretch when ragged.
        fn items(&self) -> Vec<Item> {
            let space = Item::Glue {
                width: 3.33,
                stretch: if self.ragged { 0.0 } else { 1.67 },
                shrink: 1.11,
            };
            hyphenated_words(&self.words, space, &self.params())
        }
    }

    /// Checks every documented property of a breaking.
    fn check(items: &[Item], widths: &[f64], params: &Params, mode: Justify, out: &Breaking) {
        const TOL: f64 = 1e-6;
        let lines = &out.lines;
        if items.is_empty() {
            assert!(lines.is_empty());
            return;
        }
        assert_eq!(lines[0].start, 0);
        assert_eq!(lines.last().map(|l| l.end), Some(items.len() - 1));
        let mut run = 0;
        let mut stats = Stats {
            passes: out.stats.passes,
            fallback_first_fit: out.stats.fallback_first_fit,
            ..Stats::default()
        };
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                assert_eq!(line.start, lines[i - 1].end + 1, "lines are contiguous");
                assert!(
                    items[line.start..line.content_start]
                        .iter()
                        .all(|item| !matches!(item, Item::Box { .. }))
                );
            } else {
                assert_eq!(line.content_start, 0);
            }
            assert!(line.start <= line.content_start && line.content_start <= line.end);
            let (mut natural, mut stretch, mut shrink) = (0.0, 0.0, 0.0);
            for item in &items[line.content_start..line.end] {
                match *item {
                    Item::Box { width } => natural += width,
                    Item::Glue {
                        width,
                        stretch: y,
                        shrink: z,
                    } => {
                        natural += width;
                        stretch += y;
                        shrink += z;
                    }
                    Item::Penalty { .. } => {}
                }
            }
            let mut hyphenated = false;
            if let Item::Penalty { width, flagged, .. } = items[line.end] {
                natural += width;
                hyphenated = flagged;
            }
            assert!((natural - line.width).abs() < TOL);
            assert_eq!(line.hyphenated, hyphenated);
            let target = widths[i.min(widths.len() - 1)];
            let last = i == lines.len() - 1;
            assert!(line.ratio >= -1.0 && line.ratio.is_finite());
            if last || mode == Justify::RaggedRight {
                assert!(line.ratio <= 0.0, "line {i} is stretched");
            }
            if line.overfull {
                assert!(natural - shrink > target - TOL);
                assert!(out.stats.fallback_first_fit);
                // Nothing inside could have been broken: no glue after a box,
                // no allowed penalty, no hyphen break the limit left open.
                let hyphen_open = i < params.max_consecutive_hyphens
                    || !lines[i - params.max_consecutive_hyphens..i]
                        .iter()
                        .all(|l| l.hyphenated);
                for j in line.content_start..line.end {
                    let breakable = match items[j] {
                        Item::Box { .. } => false,
                        Item::Glue { .. } => matches!(items[j - 1], Item::Box { .. }),
                        Item::Penalty {
                            penalty, flagged, ..
                        } => penalty < INFINITY && (!flagged || hyphen_open),
                    };
                    assert!(!breakable, "overfull line {i} could break at {j}");
                }
            } else {
                assert!(natural - shrink <= target + TOL, "line {i} too wide");
                let set = natural
                    + if line.ratio > 0.0 {
                        line.ratio * stretch
                    } else {
                        line.ratio * shrink
                    };
                assert!(set <= target + TOL, "line {i} set wider than its width");
                if !last && mode == Justify::Justified {
                    assert!(
                        (set - target).abs() < TOL || (line.ratio == 0.0 && stretch == 0.0),
                        "line {i} not justified: {set} vs {target}"
                    );
                }
            }
            run = if hyphenated { run + 1 } else { 0 };
            // Only the fallback may exceed the limit, to avoid an overfull line.
            assert!(run <= params.max_consecutive_hyphens || out.stats.fallback_first_fit);
            stats.overfull += usize::from(line.overfull);
            stats.hyphenated += usize::from(hyphenated);
            stats.max_consecutive_hyphens = stats.max_consecutive_hyphens.max(run);
        }
        stats.loose = out.stats.loose;
        assert_eq!(stats, out.stats);
        assert!(out.stats.passes >= 1 && out.stats.passes <= 4);
    }

    /// The least total demerits of a pass, by trying every breaking.
    fn exhaustive(par: &Paragraph<'_>, pass: &Pass, from: State) -> Option<f64> {
        let mut best: Option<f64> = None;
        for b in from.pos.map_or(0, |p| p + 1)..=par.final_break {
            let Some(brk) = par.break_at(b, pass.hyphenate) else {
                continue;
            };
            match par.try_line(pass, &from, b, &brk) {
                Trial::Overfull => break,
                Trial::Infeasible => {}
                Trial::Feasible { demerits, next } => {
                    let total = if b == par.final_break {
                        Some(demerits)
                    } else {
                        exhaustive(par, pass, next).map(|rest| demerits + rest)
                    };
                    if let Some(t) = total {
                        best = Some(best.map_or(t, |x| x.min(t)));
                    }
                }
            }
            if brk.forced {
                break;
            }
        }
        best
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn breakings_are_well_formed(case in cases(60, 4, 1.0..80.0, 100.0..500.0)) {
            let items = case.items();
            let params = case.params();
            let out = break_lines(&items, &case.widths, &params, case.mode());
            check(&items, &case.widths, &params, case.mode(), &out);
        }

        /// Syllable-sized fragments, so that the optimising passes succeed
        /// more often than with the fragments above.
        #[test]
        fn prose_breakings_are_well_formed(case in cases(80, 4, 1.0..25.0, 100.0..500.0)) {
            let items = case.items();
            let params = case.params();
            let out = break_lines(&items, &case.widths, &params, case.mode());
            check(&items, &case.widths, &params, case.mode(), &out);
        }

        #[test]
        fn first_fit_is_well_formed(case in cases(40, 4, 1.0..80.0, 100.0..300.0)) {
            let items = case.items();
            let params = case.params();
            let out = first_fit(&items, &case.widths, &params, case.mode());
            check(&items, &case.widths, &params, case.mode(), &out);
        }

        #[test]
        fn total_fit_is_optimal(
            case in cases(7, 3, 1.0..40.0, 60.0..160.0),
            tolerance in prop::sample::select(vec![100.0, 1000.0, 10_000.0]),
            adj_demerits in prop::sample::select(vec![0.0, 300.0, 10_000.0]),
            double_hyphen_demerits in prop::sample::select(vec![0.0, 10_000.0]),
        ) {
            let items = case.items();
            let params = Params {
                tolerance,
                adj_demerits,
                double_hyphen_demerits,
                ..case.params()
            };
            let pass = Pass { threshold: tolerance, hyphenate: true, extra_stretch: 0.0 };
            let par = Paragraph::new(&items, &case.widths, &params, case.mode());
            let expected = exhaustive(&par, &pass, State::START);
            let found = par.total_fit(&pass).map(|breaks| {
                let mut from = State::START;
                let mut total = 0.0;
                for b in breaks {
                    let brk = par.break_info(b);
                    match par.try_line(&pass, &from, b, &brk) {
                        Trial::Feasible { demerits, next } => {
                            total += demerits;
                            from = next;
                        }
                        other => panic!("infeasible line to {b}: {other:?}"),
                    }
                }
                total
            });
            match (expected, found) {
                (None, None) => {}
                (Some(e), Some(f)) => prop_assert!((e - f).abs() <= 1e-6 * e.abs().max(1.0), "{e} vs {f}"),
                other => prop_assert!(false, "{other:?}"),
            }
        }
    }
}
