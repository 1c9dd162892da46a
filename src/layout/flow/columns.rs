//! Filling columns with slices, breaking only where allowed, and balancing
//! the columns of the last page of a multi-column segment.
//!
//! Everything works on indices into the segment's slices: balancing tries a
//! dozen heights without copying anything.

use super::slices::{Break, Slice};

/// Slack on heights compared after summing (pt): rounding of `f32` sums
/// stays far below it, and it is far below anything visible.
const EPSILON: f32 = 0.01;

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
pub(super) fn column_end(slices: &[Slice], start: usize, avail: f32, fresh: bool) -> ColumnEnd {
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
                return done(i, true);
            }
            continue;
        }
        // Does not fit: break at the last allowed point.
        return match (start..i).rev().find(|&k| slices[k].after != Break::Avoid) {
            Some(k) => ColumnEnd {
                end: k + 1,
                forced: false,
                widow_orphan: k + 1 < i
                    && (slices[k].widow_orphan || slices[k + 1..i].iter().any(|s| s.widow_orphan)),
            },
            None if fresh => done(i, false),
            None => done(start, false),
        };
    }
    done(slices.len(), false)
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
/// `avail`: balanced columns on the last page of a segment, or before a page
/// break.
pub(super) fn balanced_height(
    slices: &[Slice],
    start: usize,
    avail: f32,
    count: usize,
) -> Option<f32> {
    let limit = slices[start..]
        .iter()
        .position(|s| s.after == Break::Force)
        .map_or(slices.len(), |p| start + p + 1);
    let fits = |h: f32| {
        let mut next = start;
        for _ in 0..count {
            let col = column_end(slices, next, h, false);
            next = col.end;
            if next >= limit || col.forced {
                return true;
            }
        }
        false
    };
    if !fits(avail) {
        return None;
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
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}
