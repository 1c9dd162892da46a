//! Filling columns with slices, breaking only where allowed, and balancing
//! the columns of the last page of a multi-column segment.
//!
//! Everything works on indices into the segment's slices: balancing tries a
//! dozen heights without copying anything.

use super::slices::{Break, Slice};

/// Slack on heights compared after summing (pt): rounding of `f32` sums
/// stays far below it, and it is far below anything visible.
const EPSILON: f32 = 0.01;

/// The slices cut so far do not tell: the answer depends on slices not cut
/// yet (the window of a segment is `open`, and its end was reached). The
/// caller cuts more and asks again; nothing was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct More;

/// Where a column filled from a given slice ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ColumnEnd {
    /// One past the last slice of the column.
    pub end: usize,
    /// The column ends with a forced (page) break.
    pub forced: bool,
    /// Lines were moved to the next column to avoid a widow or an orphan.
    pub widow_orphan: bool,
}

/// The slices from `start` that fit in one column of height `avail`,
/// breaking only where allowed.
///
/// In a `fresh` column (full height, at the top of a page) content that
/// cannot break anywhere and does not fit is placed all the same, cut where
/// it overflows: it would fit nowhere else. In any other column it is left
/// for the next one, and the column may end empty.
///
/// With `sections`, the column also never ends inside a section: balanced
/// columns keep their sections whole.
///
/// `open`: more slices of the segment may follow `slices` ([`More`] when
/// the column would reach their end).
pub(super) fn column_end(
    slices: &[Slice],
    start: usize,
    avail: f32,
    fresh: bool,
    sections: bool,
    open: bool,
) -> Result<ColumnEnd, More> {
    let mut y = 0.0f32;
    let mut prev_after = 0.0f32;
    let mut i = start;
    let done = |end, forced| ColumnEnd {
        end,
        forced,
        widow_orphan: false,
    };
    while i < slices.len() {
        let s = &slices[i];
        let space = if i == start {
            0.0
        } else {
            prev_after.max(s.space_before)
        };
        if (i == start && fresh) || y + space + s.height <= avail + EPSILON {
            y += space + s.height;
            prev_after = s.space_after;
            i += 1;
            if s.after == Break::Force {
                return Ok(done(i, true));
            }
            continue;
        }
        // Does not fit: break at the last allowed point.
        let allowed = |k: usize, soft: bool| {
            let open = match slices[k].after {
                Break::Avoid => false,
                Break::Soft => soft,
                Break::Allow | Break::Force => true,
            };
            open && !(sections && slices[k + 1].in_section)
        };
        let hard = (start..i).rev().find(|&k| allowed(k, false));
        // A small panel moved whole to the next column leaves its room
        // here; when that is more than this column's gaps and foot can take
        // without holes, it is split at its last legal break that fits
        // instead (a commune box left p. 1 with its levers spread 30 mm
        // apart, issue 16 A.3). Balanced columns keep it whole.
        let soft = (start..i).rev().find(|&k| allowed(k, true));
        let k = match (hard, soft) {
            (_, Some(j))
                if !sections
                    && hard.is_none_or(|k| j > k && leaves_a_hole(slices, start, k, avail)) =>
            {
                Some(j)
            }
            _ => hard,
        };
        return Ok(match k {
            Some(k) => ColumnEnd {
                end: k + 1,
                forced: false,
                widow_orphan: k + 1 < i
                    && (slices[k].widow_orphan || slices[k + 1..i].iter().any(|s| s.widow_orphan)),
            },
            None if fresh => done(i, false),
            None => done(start, false),
        });
    }
    if open {
        return Err(More);
    }
    Ok(done(slices.len(), false))
}

/// Whether a column of height `avail` holding `slices[start..=last]`
/// keeps more free space than [`stretch`] can spread without growing a gap
/// past [`MAX_GAP_GROWTH`] nor leaving more than [`MAX_FOOT_SPACE`] at its
/// foot: a hole.
fn leaves_a_hole(slices: &[Slice], start: usize, last: usize, avail: f32) -> bool {
    let column = &slices[start..=last];
    let used = tops(column)
        .last()
        .map_or(0.0, |top| top + slices[last].height);
    let growing = (1..column.len())
        .filter(|&k| {
            column[k - 1].after == Break::Allow
                && column[k - 1].space_after.max(column[k].space_before) > 0.0
        })
        .count();
    avail - used > MAX_FOOT_SPACE + MAX_GAP_GROWTH * growing as f32 + EPSILON
}

/// Top offsets of consecutive slices stacked in one column.
pub(super) fn tops(slices: &[Slice]) -> Vec<f32> {
    let mut out = Vec::with_capacity(slices.len());
    let mut y = 0.0f32;
    for (i, s) in slices.iter().enumerate() {
        if i > 0 {
            y += slices[i - 1].space_after.max(s.space_before);
        }
        out.push(y);
        y += s.height;
    }
    out
}

/// The smallest column height at which `count` columns take every slice from
/// `start` up to the next forced break (or the end), if they all fit in
/// `avail` without a section cut between two columns: balanced columns on
/// the last page of a segment, or before a page break.
///
/// In an `open` window no forced break may be in sight: the columns then
/// reach its end only when [`column_end`] asks for [`More`].
pub(super) fn balanced_height(
    slices: &[Slice],
    start: usize,
    avail: f32,
    count: usize,
    open: bool,
) -> Result<Option<f32>, More> {
    let limit = slices[start..]
        .iter()
        .position(|s| s.after == Break::Force)
        .map_or(slices.len(), |p| start + p + 1);
    let fits = |h: f32| {
        let mut next = start;
        for _ in 0..count {
            let col = column_end(slices, next, h, false, true, open)?;
            next = col.end;
            if next >= limit || col.forced {
                return Ok(true);
            }
        }
        Ok(false)
    };
    if !fits(avail)? {
        return Ok(None);
    }
    // No column can be lower than the tallest slice.
    let tallest = slices[start..limit]
        .iter()
        .map(|s| s.height)
        .fold(0.0f32, f32::max);
    let (mut lo, mut hi) = (tallest - EPSILON, avail);
    // Twelve halvings bring the height within avail / 4096 (< 0.2 pt on A4).
    for _ in 0..12 {
        let mid = (lo + hi) / 2.0;
        if fits(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(Some(hi))
}

/// Most a gap between two modules grows when a column's free space is
/// spread (pt): about one line of body text (9.5 pt on 12.5 pt of leading),
/// the most a reader takes for air between paragraphs; beyond it a gap reads
/// as a hole (8–10 mm gaps opened between paragraphs and lever boxes on some
/// first pages, issue 16). What the gaps cannot take stays below the last
/// line: a ragged foot a few lines short, which the page checker bounds at
/// 25 mm, reads better than holes in the text.
const MAX_GAP_GROWTH: f32 = 12.0;

/// Most free space left under a column's last line when its gaps are
/// capped (pt): 15 mm, so that a column stays well within the page rule of
/// issue 16 (A.3: no column but on the last page ends more than 25 mm above
/// the footer). Beyond it the gaps grow past their cap after all, by the
/// same proportions: an even column foot matters more than the cap.
const MAX_FOOT_SPACE: f32 = 15.0 * 72.0 / 25.4;

/// Spreads the free space of a column of `height` (pt) over the gaps between
/// its modules, in proportion to each gap (a section's space before its
/// heading grows more than the space between two paragraphs, so section
/// boundaries take the space first), each gap growing by at most
/// [`MAX_GAP_GROWTH`], so that the column's last line reaches the foot of the
/// column when that is possible without holes; when the capped gaps would
/// leave more than [`MAX_FOOT_SPACE`] under it, they grow past the cap to
/// bring that down to it. Lines of a paragraph, and a
/// heading and what it keeps with, stay together: only gaps at allowed breaks
/// grow. `tops` are those of [`tops`], moved down.
pub(super) fn stretch(slices: &[Slice], tops: &mut [f32], height: f32) {
    let (Some(last), Some(&last_top)) = (slices.last(), tops.last()) else {
        return;
    };
    let slack = height - (last_top + last.height);
    if slack <= EPSILON {
        return;
    }
    let gaps: Vec<f32> = (1..slices.len())
        .map(|k| {
            let before = &slices[k - 1];
            if before.after == Break::Allow {
                before.space_after.max(slices[k].space_before)
            } else {
                0.0
            }
        })
        .collect();
    let mut extra = spread(&gaps, slack, MAX_GAP_GROWTH);
    let left = slack - extra.iter().sum::<f32>();
    if left > MAX_FOOT_SPACE {
        let more = spread(&gaps, left - MAX_FOOT_SPACE, f32::INFINITY);
        for (e, m) in extra.iter_mut().zip(more) {
            *e += m;
        }
    }
    let mut moved = 0.0;
    for (top, grow) in tops.iter_mut().skip(1).zip(extra) {
        moved += grow;
        *top += moved;
    }
}

/// How much each gap of natural size `gaps[k]` grows to share `slack`:
/// in proportion to its size, none beyond `cap`; the share of a capped gap
/// goes to the others in the same proportion (water filling), and what no
/// gap can take is left out.
fn spread(gaps: &[f32], slack: f32, cap: f32) -> Vec<f32> {
    let mut extra = vec![0.0f32; gaps.len()];
    let mut left = slack;
    // Each round caps at least one more gap or hands out everything left,
    // so it ends within one round per gap.
    for _ in 0..=gaps.len() {
        let open: f32 = gaps
            .iter()
            .zip(&extra)
            .filter(|&(&g, &e)| g > 0.0 && e < cap - EPSILON)
            .map(|(&g, _)| g)
            .sum();
        if left <= EPSILON || open <= EPSILON {
            break;
        }
        let mut given = 0.0;
        for (e, &g) in extra.iter_mut().zip(gaps) {
            if g > 0.0 && *e < cap - EPSILON {
                let share = (left * g / open).min(cap - *e);
                *e += share;
                given += share;
            }
        }
        left -= given;
    }
    extra
}

/// When the column from `start` ends at `end` before a float that does not
/// fit, moves the content after the float that fits in the rest of the
/// column (of `height`, broken where allowed) before it, with the rest of
/// the block that this cuts, and returns the column's new end: the float
/// goes to the next column after that block, the text flowing on below it.
/// In an `open` window, [`More`] when that depends on slices not cut yet;
/// nothing is moved then.
pub(super) fn float_down(
    slices: &mut [Slice],
    start: usize,
    end: usize,
    height: f32,
    open: bool,
) -> Result<usize, More> {
    if open && end >= slices.len() {
        return Err(More);
    }
    let Some(float) = slices.get(end).and_then(|s| s.float) else {
        return Ok(end);
    };
    // The float starts here (a column never ends inside it: it is kept).
    if end > 0 && slices[end - 1].float == Some(float) {
        return Ok(end);
    }
    let float_end = (end + 1..slices.len())
        .find(|&k| slices[k].float != Some(float))
        .unwrap_or(slices.len());
    if float_end >= slices.len() {
        return if open { Err(More) } else { Ok(end) };
    }
    let used = tops(&slices[start..end])
        .last()
        .map_or(0.0, |top| top + slices[end - 1].height);
    let space = slices[end - 1]
        .space_after
        .max(slices[float_end].space_before);
    let rest = height - used - space;
    if rest <= EPSILON {
        return Ok(end);
    }
    let fit = column_end(slices, float_end, rest, false, false, open)?.end;
    if fit <= float_end {
        return Ok(end);
    }
    // The float goes between blocks: the rest of a block cut at the
    // column's foot goes before it too, at the top of the next column,
    // never after it (a grid cut a list item mid-sentence, issue 16 A.3).
    let tail = (fit..=slices.len())
        .find(|&k| slices[k - 1].block_end && slices[k - 1].after != Break::Avoid);
    let tail = match tail {
        Some(tail) => tail,
        None if open => return Err(More),
        None => slices.len(),
    };
    if slices[float_end..tail].iter().any(|s| s.float.is_some()) {
        return Ok(end);
    }
    slices[end..tail].rotate_left(float_end - end);
    Ok(end + (fit - float_end))
}

/// Where and how a column is filled (see [`super::Flow::column`]).
#[derive(Clone, Copy)]
pub(super) struct Fill {
    /// Left of the column (pt).
    pub(super) x: f32,
    /// Top of the column (pt).
    pub(super) top: f32,
    /// Height the column may take (pt).
    pub(super) height: f32,
    /// The column starts a fresh page body.
    pub(super) fresh: bool,
    /// The columns are balanced (the last page of a multi-column segment).
    pub(super) balanced: bool,
}

/// What filling a column gave.
pub(super) struct Column {
    /// The first slice not placed.
    pub(super) end: usize,
    /// Height used (pt).
    pub(super) used: f32,
    /// A forced break ends the column.
    pub(super) forced: bool,
    /// Space after its last slice, if it placed any.
    pub(super) last_after: Option<f32>,
}

/// The height of the columns of a segment from `slices[next]` on a page
/// with `avail` points left, whether they are balanced, and whether they
/// start a fresh page body (`at_top` and the whole height). The last page
/// of a multi-column segment is balanced, its columns broken only between
/// sections; when its sections cannot be balanced, its columns are filled
/// in order. In an `open` window, [`More`] when that depends on slices
/// not cut yet.
pub(super) fn column_height(
    slices: &[Slice],
    next: usize,
    count: usize,
    avail: f32,
    (at_top, open): (bool, bool),
) -> Result<(f32, bool, bool), More> {
    let balanced = if count > 1 {
        balanced_height(slices, next, avail, count, open)?
    } else {
        None
    };
    let col_h = balanced.unwrap_or(avail);
    Ok((col_h, balanced.is_some(), at_top && col_h >= avail - 0.01))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_proportional_below_the_cap() {
        let extra = spread(&[2.0, 2.0, 6.0, 0.0], 10.0, MAX_GAP_GROWTH);
        let want = [2.0, 2.0, 6.0, 0.0];
        for (e, w) in extra.iter().zip(want) {
            assert!((e - w).abs() < 1e-4, "{extra:?}");
        }
    }

    /// Issue 16: flush-bottom columns opened 8–10 mm gaps between
    /// paragraphs and lever boxes; a gap now grows by at most
    /// `MAX_GAP_GROWTH`, a capped gap's share going to the others first.
    #[test]
    fn issue16_column_gaps_never_open_into_holes() {
        let extra = spread(&[2.0, 2.0, 8.0], 30.0, 12.0);
        assert!((extra[2] - 12.0).abs() < 1e-4, "{extra:?}");
        assert!((extra[0] - 9.0).abs() < 1e-4, "{extra:?}");
        assert!((extra[1] - 9.0).abs() < 1e-4, "{extra:?}");
        let extra = spread(&[2.0, 2.0, 8.0], 100.0, 12.0);
        assert!(extra.iter().all(|e| (e - 12.0).abs() < 1e-4), "{extra:?}");
    }
}
