//! QR codes and other runs of filled rectangles on a square grid, written in
//! the grid's own units: small whole numbers under one `cm`, filled once.

use super::*;

/// Fewest filled rectangles written as a [`Grid`]: below it the `cm` and
/// its `q … Q` cost more bytes than whole numbers save.
const MIN_GRID_RUN: usize = 8;

/// How far (in cells) a rectangle may lie off its grid and still be written
/// on it: a hundredth of a QR module (about 0.02 pt) shows on no printer,
/// and layout arithmetic leaves far less (f32 rounding, about 1e-5).
const GRID_TOLERANCE: f32 = 0.01;

/// A run of plain filled rectangles of one colour and one structure node
/// whose corners all fall on a square grid: the modules of a QR code, one
/// rectangle per horizontal run of dark modules. Written under a `cm`
/// scaling the grid's cell to 1, each rectangle is four small whole
/// numbers (`3 17 5 1 re`), and the run is filled once: a third of the
/// bytes of page coordinates with decimals, the same shapes.
pub(super) struct Grid {
    /// Rectangles in the run, from the first item.
    pub(super) count: usize,
    /// Cell side (pt).
    cell: f32,
    /// Top-left corner of the grid (pt, top-left origin).
    origin: (f32, f32),
    /// The fill colour.
    fill: Color,
}

impl Grid {
    /// The grid starting at `items[0]`, if it opens a long enough run.
    pub(super) fn find(items: &[Item], page: &Page, print: Print) -> Option<Grid> {
        let first = items.first()?;
        let Content::Rect {
            h: cell,
            fill: Some(fill),
            ..
        } = first.content
        else {
            return None;
        };
        let plain = |item: &Item| {
            item.tag == first.tag
                && matches!(
                    item.content,
                    Content::Rect { x, y, w, h, fill: Some(f), stroke: None, radius }
                        if f == fill && radius <= 0.0 && w > 0.0 && h > 0.0
                            // A rectangle the bleed would grow is drawn as it is.
                            && bleed_edges((x, y, w, h), page, print.bleed) == (x, y, w, h)
                )
        };
        let count = items.iter().take_while(|item| plain(item)).count();
        if count < MIN_GRID_RUN || cell <= 0.0 {
            return None;
        }
        let run = &items[..count];
        let (mut left, mut top) = (f32::MAX, f32::MAX);
        for item in run {
            if let Content::Rect { x, y, .. } = item.content {
                left = left.min(x);
                top = top.min(y);
            }
        }
        let whole = |v: f32| (v / cell - round_f32(v / cell)).abs() <= GRID_TOLERANCE;
        let on_grid = run.iter().all(|item| match item.content {
            Content::Rect { x, y, w, h, .. } => {
                whole(x - left)
                    && whole(y - top)
                    && whole(w)
                    && (h - cell).abs() <= cell * GRID_TOLERANCE
            }
            _ => false,
        });
        on_grid.then_some(Grid {
            count,
            cell,
            origin: (left, top),
            fill,
        })
    }

    /// Writes the run `items` (those [`Grid::find`] counted) on a page
    /// `height` high.
    pub(super) fn write(&self, w: &mut Writer, items: &[Item], height: f32) {
        // The colour is set outside the saved state, so that the writer's
        // memory of it stays true after the `Q`.
        w.set_fill(self.fill);
        w.op("q");
        num(&mut w.out, self.cell, 4);
        w.out.push_str(" 0 0 ");
        num(&mut w.out, -self.cell, 4);
        w.out.push(' ');
        w.len(self.origin.0);
        w.len(height - self.origin.1);
        w.op("cm");
        let cells = |v: f32| round_f32(v / self.cell);
        for item in items {
            if let Content::Rect { x, y, w: rw, .. } = item.content {
                for v in [
                    cells(x - self.origin.0),
                    cells(y - self.origin.1),
                    cells(rw),
                ] {
                    num(&mut w.out, v, 0);
                    w.out.push(' ');
                }
                w.op("1 re");
            }
        }
        w.op("f");
        w.op("Q");
    }
}
