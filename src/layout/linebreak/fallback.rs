//! The first-fit fallback that always succeeds, and the lines and
//! statistics of a chosen breaking.

use super::knuth_plass::{Fitness, Paragraph, State, adjustment_ratio, overflows};
use super::*;

impl Paragraph<'_> {
    /// Greedy first fit: each line takes as much as fits with its glue fully
    /// shrunk; what cannot fit at all goes alone on an overfull line. Forced
    /// breaks are honoured, the hyphen limit too unless only a hyphenation
    /// beyond it avoids an overfull line. Always succeeds.
    pub(super) fn first_fit(&self) -> Vec<usize> {
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
    pub(super) fn breaking(&self, breaks: &[usize], passes: u8, fallback: bool) -> Breaking {
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
            let stretched_beyond = |factor: f64| {
                ratio > 0.0
                    && self.items[content_start..b.min(self.items.len())]
                        .iter()
                        .any(|item| match *item {
                            Item::Glue { width, stretch, .. } => {
                                width > 0.0 && ratio * stretch > (factor - 1.0) * width
                            }
                            _ => false,
                        })
            };
            let loose = stretched_beyond(LOOSE_SPACE_FACTOR);
            let gappy = loose && stretched_beyond(GAPPY_SPACE_FACTOR);
            stats.overfull += usize::from(overfull);
            stats.loose += usize::from(loose);
            stats.gappy += usize::from(gappy);
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
