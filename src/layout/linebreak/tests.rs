//! Unit and property tests of the line breaker.

use super::knuth_plass::{State, Trial};
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
    Item::Box {
        width,
        stretch: 0.0,
        shrink: 0.0,
    }
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
    // Spaces of 10 pt set at 10 + 3 × 5 = 25 pt: a hole, not only air.
    assert_eq!(greedy.stats.gappy, 1);

    let best = break_lines(&items, &[150.0], &params, Justify::Justified);
    assert_eq!(ends(&best), [9, 17, 23]);
    assert_eq!(best.lines[0].ratio, 0.5);
    assert!((best.lines[1].ratio - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(best.lines[2].ratio, 0.0);
    assert_eq!(best.stats.loose, 0);
    assert_eq!(best.stats.gappy, 0);
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
    assert_eq!(breaking.stats.gappy, 1);

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
    /// sixth and shrinking by a ninth), without stretch when ragged; when
    /// justified, boxes stretch and shrink a little too (letter spacing).
    fn items(&self) -> Vec<Item> {
        let space = Item::Glue {
            width: 3.33,
            stretch: if self.ragged { 0.0 } else { 1.67 },
            shrink: 1.11,
        };
        let mut items = hyphenated_words(&self.words, space, &self.params());
        if !self.ragged {
            // Letter spacing: justified boxes stretch by 4 % and shrink by
            // 2 % of their width, as tracked words do.
            for item in &mut items {
                if let Item::Box { width, .. } = *item {
                    *item = Item::Box {
                        width,
                        stretch: 0.04 * width,
                        shrink: 0.02 * width,
                    };
                }
            }
        }
        items
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
                Item::Box {
                    width,
                    stretch: y,
                    shrink: z,
                }
                | Item::Glue {
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
    stats.gappy = out.stats.gappy;
    assert!(stats.gappy <= stats.loose, "gappy lines are loose lines");
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
