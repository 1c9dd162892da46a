//! The running footer: its texts on one baseline, or the first on two
//! lines when they would collide, drawn as artifacts once the page count is
//! known.

use super::super::document::{Color, Content, GlyphRun, Item, Page, Tag};
use super::super::inline::Run;
use super::super::paragraph::{SetLine, Setter, TextStyle};
use super::PageTemplate;

/// Footer text size: small enough to recede (7.5 pt), large enough to read.
pub(super) const FOOTER_SIZE: f32 = 7.5;

/// Draws (again) the running footer of every page, as artifacts after its
/// other items: the pages of a part of a larger document are numbered once
/// the whole is known, without laying the part out again.
pub fn redraw_footers(setter: &mut Setter, pages: &mut [Page], template: &dyn PageTemplate) {
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        redraw_footer(setter, page, index, count, template);
    }
}

/// Draws (again) the running footer of `page`, page `index` of `count`:
/// what [`redraw_footers`] does to each page, for a page handed over as
/// soon as it is finished, the count announced.
pub(super) fn redraw_footer(
    setter: &mut Setter,
    page: &mut Page,
    index: usize,
    count: usize,
    template: &dyn PageTemplate,
) {
    let kept = page.items.len().saturating_sub(page.footer);
    page.items.truncate(kept);
    draw_footer(setter, template, index, count, page);
    page.footer = page.items.len() - kept;
}

/// Draws the running footer of page `index` of `count` as artifacts.
///
/// Its texts never collide: when they do not fit side by side on one line,
/// the first one (a title, a name) wraps on two lines in the room the others
/// leave, shortened with « … » if even two are too few, and the others sit on
/// its last line.
fn draw_footer(
    setter: &mut Setter,
    template: &dyn PageTemplate,
    index: usize,
    count: usize,
    page: &mut Page,
) {
    let body = template.body(index);
    let texts = template.footer(index, count);
    // A page without footer text (a cover) gets no rule either.
    if texts.iter().all(|(text, _)| text.trim().is_empty()) {
        return;
    }
    if let Some((y, color)) = template.footer_rule() {
        page.items.push(Item {
            content: Content::Line {
                from: (body.x, y),
                to: (body.x + body.w, y),
                color,
                width: 0.5,
            },
            tag: Tag::Artifact,
        });
    }
    let size = template.footer_size();
    let style = TextStyle {
        size,
        leading: size * 1.15,
        color: Color::rgb(0x55, 0x55, 0x55),
        link_color: Color::rgb(0x55, 0x55, 0x55),
        weight: super::super::fonts::Weight::Regular,
        justify: false,
        hyphenate: false,
        display: false,
    };
    // Each text set on one very wide line: (lines, right-aligned).
    let mut set: Vec<(Vec<SetLine>, bool)> = texts
        .iter()
        .map(|(text, right)| {
            let lines = setter
                .set(&[Run::plain(text)], &style, &[body.w * 4.0])
                .lines;
            (lines, *right)
        })
        .collect();
    let width = |lines: &[SetLine]| lines.iter().map(|l| l.width).fold(0.0, f32::max);
    let others: f32 = set.iter().skip(1).map(|(l, _)| width(l) + FOOTER_GAP).sum();
    if let Some((first, _)) = set.first_mut()
        && width(first) + others > body.w
    {
        *first = wrap_footer(setter, &texts[0].0, &style, body.w - others);
    }
    let baseline = template.footer_baseline();
    // Two lines sit astride the one-line baseline.
    let lines = set.first().map_or(1, |(l, _)| l.len().max(1));
    let top = baseline - style.leading * (lines - 1) as f32 / 2.0;
    let last = top + style.leading * (lines - 1) as f32;
    for (k, (set_lines, right)) in set.iter().enumerate() {
        for (n, line) in set_lines.iter().enumerate() {
            let y = if k == 0 {
                top + style.leading * n as f32
            } else {
                last
            };
            let x = if *right {
                body.x + body.w - line.width
            } else {
                body.x
            };
            for r in &line.runs {
                page.items.push(Item {
                    content: Content::Text(GlyphRun {
                        x: x + r.x,
                        y,
                        font: r.font,
                        size: r.size,
                        color: r.color,
                        glyphs: r.glyphs.clone(),
                        text: r.text.clone(),
                        scale: r.scale,
                    }),
                    tag: Tag::Artifact,
                });
            }
        }
    }
}

/// Least space between two footer texts on one line (pt): 4 mm, so that
/// they never read as one.
const FOOTER_GAP: f32 = 11.34;
/// Most lines a footer text takes.
const FOOTER_LINES: usize = 2;

/// `text` set in `measure` on at most [`FOOTER_LINES`] lines, words dropped
/// from its end for « … » when it needs more.
fn wrap_footer(setter: &mut Setter, text: &str, style: &TextStyle, measure: f32) -> Vec<SetLine> {
    let measure = measure.max(style.size);
    let mut words: Vec<&str> = text.split(' ').collect();
    let mut current = text.to_string();
    loop {
        let lines = setter.set(&[Run::plain(&current)], style, &[measure]).lines;
        if lines.len() <= FOOTER_LINES || words.len() <= 1 {
            return lines;
        }
        words.pop();
        current = format!("{}…", words.join(" ").trim_end_matches([' ', '—', ',']));
    }
}
