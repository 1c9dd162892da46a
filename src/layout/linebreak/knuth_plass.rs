//! The total-fit search of Knuth and Plass over a prepared paragraph:
//! measures, badness, demerits and the active-node loop (TeX §813–890).

use std::cmp::Ordering;

use super::*;

/// Settings of one optimising pass.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pass {
    /// Largest badness of a feasible line.
    pub(super) threshold: f64,
    /// Whether flagged breaks are considered.
    pub(super) hyphenate: bool,
    /// Stretchability added to every line (emergency stretch).
    pub(super) extra_stretch: f64,
}

/// Fitness classes of TeX §817, in its order so that classes whose numbers
/// differ by more than one are not adjacent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fitness {
    VeryLoose = 0,
    Loose = 1,
    Decent = 2,
    Tight = 3,
}

impl Fitness {
    pub(super) fn of(ratio: f64, badness: f64) -> Fitness {
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

    pub(super) fn adjacent(self, other: Fitness) -> bool {
        (self as i8 - other as i8).abs() <= 1
    }
}

/// What the breaker knows about a breakpoint once it is taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct State {
    /// The break item; `None` before the first line.
    pub(super) pos: Option<usize>,
    /// Index of the next line, capped at the last entry of the widths (lines
    /// beyond all have the same width, so they need not be told apart).
    pub(super) line: usize,
    /// Fitness of the line ending here.
    pub(super) fitness: Fitness,
    /// Consecutive lines ending with a flagged break, this one included.
    pub(super) hyphens: usize,
}

impl State {
    /// The paragraph start (TeX gives it the decent class, §864).
    pub(super) const START: State = State {
        pos: None,
        line: 0,
        fitness: Fitness::Decent,
        hyphens: 0,
    };
}

/// A break item as it acts when taken.
#[derive(Debug, Clone, Copy)]
pub(super) struct Break {
    pub(super) penalty: f64,
    pub(super) width: f64,
    pub(super) flagged: bool,
    pub(super) forced: bool,
}

/// Natural width, stretchability and shrinkability of a line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Measure {
    pub(super) natural: f64,
    pub(super) stretch: f64,
    pub(super) shrink: f64,
}

/// Outcome of ending a line at a break.
#[derive(Debug, Clone, Copy)]
pub(super) enum Trial {
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
pub(super) struct Node {
    pub(super) state: State,
    /// Total demerits from the paragraph start.
    pub(super) demerits: f64,
    /// Index of the previous node in the arena.
    pub(super) prev: Option<usize>,
}

/// A paragraph prepared for breaking.
pub(super) struct Paragraph<'a> {
    pub(super) items: &'a [Item],
    pub(super) params: &'a Params,
    pub(super) mode: Justify,
    /// Sanitised, never empty.
    pub(super) widths: Vec<f64>,
    /// `natural[i]` sums the widths of boxes and glue in `items[..i]`.
    pub(super) natural: Vec<f64>,
    /// Same for the stretch of boxes and glue.
    pub(super) stretch: Vec<f64>,
    /// Same for the shrink of boxes and glue.
    pub(super) shrink: Vec<f64>,
    /// `next_box[i]` is the first box at or after `i`, or `items.len()`.
    pub(super) next_box: Vec<usize>,
    /// The last break: the final forced penalty, or `items.len()` when the
    /// items do not end with one.
    pub(super) final_break: usize,
}

impl<'a> Paragraph<'a> {
    pub(super) fn new(
        items: &'a [Item],
        line_widths: &[f64],
        params: &'a Params,
        mode: Justify,
    ) -> Self {
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
                Item::Box {
                    width,
                    stretch,
                    shrink,
                }
                | Item::Glue {
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
    pub(super) fn break_info(&self, i: usize) -> Break {
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
    pub(super) fn break_at(&self, i: usize, hyphenate: bool) -> Option<Break> {
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
    pub(super) fn line_width(&self, line: usize) -> f64 {
        self.widths[line.min(self.widths.len() - 1)]
    }

    /// Index of the line after `line`, capped at the last width.
    pub(super) fn next_line(&self, line: usize) -> usize {
        (line + 1).min(self.widths.len() - 1)
    }

    /// First item set on the line following a break at `pos`.
    pub(super) fn content_after(&self, pos: Option<usize>) -> usize {
        match pos {
            None => 0,
            Some(p) => self.next_box[(p + 1).min(self.items.len())],
        }
    }

    /// Whether a line whose content starts at `content` and ends at `b` holds
    /// a box.
    pub(super) fn has_box(&self, content: usize, b: usize) -> bool {
        self.next_box[content.min(self.items.len())] < b
    }

    /// Natural width, stretch and shrink of the line `content..b` broken at `brk`.
    pub(super) fn measure(&self, content: usize, b: usize, brk: &Break) -> Measure {
        let b = b.min(self.items.len());
        let s = content.min(b);
        Measure {
            natural: self.natural[b] - self.natural[s] + brk.width,
            stretch: self.stretch[b] - self.stretch[s],
            shrink: self.shrink[b] - self.shrink[s],
        }
    }

    /// Stretch every line gets for choosing breaks beyond its glue.
    pub(super) fn background_stretch(&self, pass: &Pass) -> f64 {
        match self.mode {
            Justify::Justified => pass.extra_stretch,
            Justify::RaggedRight => pass.extra_stretch + self.params.ragged_stretch,
        }
    }

    /// Ends a line started after `from` at the legal break `b`.
    pub(super) fn try_line(&self, pass: &Pass, from: &State, b: usize, brk: &Break) -> Trial {
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
    pub(super) fn total_fit(&self, pass: &Pass) -> Option<Vec<usize>> {
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
}

/// Knuth & Plass's adjustment ratio for a line `diff` points short (negative:
/// too long): positive stretches, negative shrinks, `+∞` when the line is
/// short with nothing to stretch, `−∞` when it cannot shrink enough (overfull).
pub(super) fn adjustment_ratio(diff: f64, stretch: f64, shrink: f64) -> f64 {
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
pub(super) fn overflows(width: f64, m: &Measure, brk: &Break) -> bool {
    m.natural - brk.width - m.shrink > width + EPSILON
}

/// Badness 100·|r|³ capped at [`INF_BAD`] (TeX §108), `INF_BAD + 1` when
/// overfull (TeX's `awful_bad` class of lines, never feasible).
pub(super) fn badness(ratio: f64) -> f64 {
    if ratio < -1.0 {
        INF_BAD + 1.0
    } else {
        (100.0 * ratio.abs().powi(3)).min(INF_BAD)
    }
}
