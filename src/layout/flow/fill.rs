//! Filling pages: the segments' slices, cut as the pages need them, set in
//! columns page after page, each page handed over once finished.
//!
//! Every decision looks at the slices from the first one not placed on:
//! balancing at most the columns of one page ahead, a column one column
//! ahead, a float the rest of a column and of the block it cuts. Those
//! functions ask for [`More`] when they reach the end of a window still
//! open, before changing anything; the window is then cut further and the
//! question asked again, so that the answers are those of the whole
//! content. Placed slices are let go at the end of each page.

use super::super::document::{Bookmark, Page, Structure};
use super::columns::{self, More};
use super::cutter::{Cutter, Window};
use super::slices::Slice;
use super::{Block, Flow, PageTemplate, footer};

/// How far ahead the window is cut, in heights of the columns of a page
/// from the first slice not placed: a page of columns more than balancing
/// reads (the columns of one page), so that [`More`] is seldom asked for,
/// each time at the cost of asking again; a few pages of slices held.
pub(super) const AHEAD: f32 = 2.0;

/// What is being filled: the page, its index, and where the content stands.
struct Cursor {
    page: Page,
    index: usize,
    /// The top of the next content (pt).
    y: f32,
    /// Space below the last slice placed on the page, if any.
    carry: Option<f32>,
    /// A forced break was met: the next content starts a new page.
    break_pending: bool,
}

impl Flow<'_, '_> {
    /// Fills pages with `blocks`, handing each to `sink` once finished,
    /// its footer drawn as one of `count` pages when given (else left to
    /// the caller); returns the number of pages and the bookmarks.
    pub(super) fn fill(
        &mut self,
        blocks: &[Block],
        template: &dyn PageTemplate,
        count: Option<usize>,
        sink: &mut dyn FnMut(Page, &Structure),
    ) -> (usize, Vec<Bookmark>) {
        // Small panels are kept whole; "fresh column" is the body of a page
        // after the first (the first may have a header band).
        self.fresh = template.body(1).h.min(template.body(0).h);
        let mut cutter = Cutter::new(blocks, self.structure.root(), template.body(0).w);
        let (width, height) = template.size();
        let new_page = || Page {
            width,
            height,
            items: Vec::new(),
            footer: 0,
        };
        let mut at = Cursor {
            page: new_page(),
            index: 0,
            y: template.body(0).y,
            carry: None,
            break_pending: false,
        };
        let mut finished = |flow: &mut Self, page: Page, index: usize| {
            let mut page = page;
            if let Some(count) = count {
                footer::redraw_footer(flow.setter, &mut page, index, count, template);
            }
            sink(page, &flow.structure);
        };
        let mut bookmarks = Vec::new();
        while let Some((count, gap)) = cutter.segment(self) {
            let mut window = Window {
                slices: Vec::new(),
                open: true,
            };
            let mut next = 0;
            loop {
                let body = template.body(at.index);
                self.look_ahead(&mut cutter, &mut window, next, count as f32 * body.h);
                if next >= window.slices.len() {
                    break;
                }
                if self.stop_when_relaxable && self.relaxable {
                    return (at.index, bookmarks);
                }
                if at.break_pending {
                    finished(self, std::mem::replace(&mut at.page, new_page()), at.index);
                    at.index += 1;
                    at.y = template.body(at.index).y;
                    at.carry = None;
                    at.break_pending = false;
                }
                let placed = self.page_of_columns(
                    (&mut cutter, &mut window),
                    next,
                    (count, gap),
                    (&mut at, template),
                    &mut bookmarks,
                );
                next = placed;
                self.ensure(&mut cutter, &mut window, next + 1);
                if next < window.slices.len() && !at.break_pending {
                    finished(self, std::mem::replace(&mut at.page, new_page()), at.index);
                    at.index += 1;
                    at.y = template.body(at.index).y;
                    at.carry = None;
                }
                // What is placed is let go, and the headers no slice left
                // repeats (the directory lays one out for each entry).
                window.slices.drain(..next);
                self.release_headers(&window.slices);
                next = 0;
            }
        }
        if self.stop_when_relaxable && self.relaxable {
            return (at.index, bookmarks);
        }
        finished(self, at.page, at.index);
        (at.index + 1, bookmarks)
    }

    /// Lets go of the items of the repeated headers older than any `kept`
    /// slice repeats: the slices of a block are cut with its header, so no
    /// slice cut later repeats an older one.
    fn release_headers(&mut self, kept: &[Slice]) {
        let low = (kept.iter().filter_map(|s| s.repeat).min()).unwrap_or(self.headers.len());
        if low > self.headers_released {
            for header in &mut self.headers[self.headers_released..low] {
                header.items = Vec::new();
            }
            self.headers_released = low;
        }
    }

    /// Fills the columns of the page at `at` from `next`: returns the first
    /// slice not placed. At the end of the segment (all of its slices
    /// placed) the page goes on below them; at a forced break, a new page
    /// is pending.
    fn page_of_columns(
        &mut self,
        (cutter, window): (&mut Cutter, &mut Window),
        mut next: usize,
        (count, gap): (usize, f32),
        (at, template): (&mut Cursor, &dyn PageTemplate),
        bookmarks: &mut Vec<Bookmark>,
    ) -> usize {
        let body = template.body(at.index);
        let at_top = at.y <= body.y + 0.01;
        // The space between the previous segment and this one.
        let top = match at.carry {
            Some(after) if !at_top => at.y + after.max(window.slices[next].space_before),
            _ => at.y,
        };
        let col_w = (body.w - gap * (count as f32 - 1.0)) / count as f32;
        let avail = body.y + body.h - top;
        let (col_h, balanced, fresh) = self.answer(cutter, window, |w| {
            columns::column_height(&w.slices, next, count, avail, (at_top, w.open))
        });
        let mut bottom = top;
        let mut forced = false;
        let mut last_after = 0.0;
        for c in 0..count {
            let fill = columns::Fill {
                x: body.x + c as f32 * (col_w + gap),
                top,
                height: col_h,
                fresh,
                balanced,
            };
            let column = self.column(
                (cutter, window),
                next,
                fill,
                (&mut at.page, at.index),
                bookmarks,
            );
            if let Some(after) = column.last_after {
                last_after = after;
            }
            bottom = bottom.max(top + column.used);
            next = column.end;
            if column.forced {
                forced = true;
                break;
            }
            self.ensure(cutter, window, next + 1);
            if next >= window.slices.len() {
                break;
            }
        }
        if forced {
            at.break_pending = true;
            at.y = bottom;
        } else {
            self.ensure(cutter, window, next + 1);
            if next >= window.slices.len() {
                at.y = bottom;
                at.carry = Some(last_after);
            }
        }
        next
    }

    /// Fills one column from `slices[next]` on `page` (with its index):
    /// the table header it repeats, the slices that fit, their free space
    /// spread between them when more content follows elsewhere.
    fn column(
        &mut self,
        (cutter, window): (&mut Cutter, &mut Window),
        next: usize,
        fill: columns::Fill,
        (page, page_index): (&mut Page, usize),
        bookmarks: &mut Vec<Bookmark>,
    ) -> columns::Column {
        let columns::Fill {
            x,
            top,
            height: col_h,
            fresh,
            balanced,
        } = fill;
        let header = window.slices[next].repeat;
        let head_h = header.map_or(0.0, |h| self.headers[h].height);
        let mut col = self.answer(cutter, window, |w| {
            columns::column_end(&w.slices, next, col_h - head_h, fresh, balanced, w.open)
        });
        if col.widow_orphan {
            self.quality.widows_orphans_avoided += 1;
        }
        if !balanced && !col.forced && col.end > next {
            let end = col.end;
            col.end = self.answer(cutter, window, |w| {
                columns::float_down(&mut w.slices, next, end, col_h - head_h, w.open)
            });
        }
        // Whether more content follows this column.
        self.ensure(cutter, window, col.end + 1);
        let slices = &mut window.slices;
        let mut tops = columns::tops(&slices[next..col.end]);
        // A column followed by more content on another column
        // reaches the foot of its page: its free space goes
        // between its modules, not below the last one.
        if !balanced && !col.forced && col.end < slices.len() {
            columns::stretch(&slices[next..col.end], &mut tops, col_h - head_h);
        }
        if let Some(h) = header
            && col.end > next
        {
            self.headers[h].draw(x, top, page);
        }
        let placed = &mut slices[next..col.end];
        let used = head_h + self.place(placed, &tops, x, top + head_h, page, page_index, bookmarks);
        columns::Column {
            end: col.end,
            used,
            forced: col.forced,
            last_after: placed.last().map(|last| last.space_after),
        }
    }

    /// The answer of `ask` on the window, cut further while it asks for
    /// [`More`].
    fn answer<T>(
        &mut self,
        cutter: &mut Cutter,
        window: &mut Window,
        mut ask: impl FnMut(&mut Window) -> Result<T, More>,
    ) -> T {
        loop {
            match ask(window) {
                Ok(answer) => return answer,
                // A closed window never asks for more (it holds the rest of
                // the segment): this cuts more, or closes the window.
                Err(More) => {
                    cutter.more(self, window);
                }
            }
        }
    }

    /// Cuts until the window holds `len` slices, or the whole segment.
    fn ensure(&mut self, cutter: &mut Cutter, window: &mut Window, len: usize) {
        while window.slices.len() < len && cutter.more(self, window) {}
        self.note_window(window);
    }

    /// Cuts until the slices of the window from `next` are more than
    /// `height` (pt) times the flow's `ahead` ([`AHEAD`]) high, and at least
    /// one, or the whole segment is cut.
    fn look_ahead(&mut self, cutter: &mut Cutter, window: &mut Window, next: usize, height: f32) {
        let goal = height * self.ahead;
        let mut held: f32 = window.slices[next.min(window.slices.len())..]
            .iter()
            .map(|s| s.height)
            .sum();
        let mut len = window.slices.len();
        while (held <= goal || window.slices.len() <= next) && cutter.more(self, window) {
            held += window.slices[len..].iter().map(|s| s.height).sum::<f32>();
            len = window.slices.len();
        }
        self.note_window(window);
    }

    /// Records how many slices the window holds (tests bound it).
    fn note_window(&mut self, window: &Window) {
        self.window_peak = self.window_peak.max(window.slices.len());
    }
}
