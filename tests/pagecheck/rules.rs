//! The rules of the page checker, over the pages read by [`super::read`].

use std::collections::BTreeMap;

use ancrage::compose::sheet::{BOTTOM_MARGIN_MM, SIDE_MARGIN_MM, TOP_MARGIN_MM};

use super::read::{Fill, Page, Rect, Rgb, Run, blank};
use super::{Finding, PT_PER_MM, Rule, mm};

/// Slack for positions (pt): the content stream rounds lengths to 0.01 pt,
/// widths are rounded to whole thousandths of an em; half a point is far
/// below what a reader sees and above what rounding accumulates on a line.
const SLACK: f32 = 0.5;

/// Two runs closer than this (pt) on one baseline are one line set in two
/// styles (the space belongs to the first run; kerning may pull them 0.1 pt
/// together), not two texts.
const JOINED: f32 = 0.3;

/// Widest word space (em) between two runs of one line: justification
/// stretches spaces to 1.4 × their natural 0.28 em at most; 0.6 em leaves
/// room for a stretched space plus its glyph.
const WORD_GAP: f32 = 0.6;

/// Smallest gap between two texts on one baseline: 2 mm (issue 16 B).
const MIN_GAP: f32 = 2.0 * PT_PER_MM;

/// A filled shape counts as a box holding text from this size on (pt): QR
/// modules, bars beside boxes and rules are smaller.
const MIN_BOX: (f32, f32) = (10.0, 8.0);

/// Largest gap between a column's end and the footer, except on a last page:
/// 25 mm (issue 16 A.3).
const MAX_HOLE: f32 = 25.0 * PT_PER_MM;

/// Smallest QR code, quiet zone of 4 modules included: 18 mm; smallest
/// module: 0.6 mm (issue 16 A.10: what phone cameras read at arm's length).
const MIN_QR: f32 = 18.0 * PT_PER_MM;
const MIN_MODULE: f32 = 0.6 * PT_PER_MM;
/// Quiet zone a QR code needs on each side, in modules (ISO/IEC 18004).
const QUIET_MODULES: f32 = 4.0;

/// A key figure is a paragraph set at least this large (pt) and bold (lever
/// numbers are as large, but tagged as list labels).
const FIGURE_SIZE: f32 = 14.0;
/// Below a grid's last figure lie only its tiles' labels and sources, at
/// most this share of the column's width (a grid has two tiles a row).
const TILE_SHARE: f32 = 0.55;

/// WCAG 2.x AA minimum contrast ratios: normal text, large text (≥ 18 pt,
/// or ≥ 14 pt bold).
const AA_NORMAL: f32 = 4.5;
const AA_LARGE: f32 = 3.0;

/// A shape edge closer than this to the trim (pt) touches it, and must reach
/// the bleed box: 2 mm of paper would show as a white sliver after cutting.
const TRIM_TOUCH: f32 = 2.0 * PT_PER_MM;

/// Pages narrower than this (pt) have one body column: the layout's
/// `TWO_COLUMNS_MIN_WIDTH` (A5 is 420 pt wide, A4 595 pt).
const TWO_COLUMNS_MIN_WIDTH: f32 = 500.0;

/// Runs all rules on the pages of one file.
pub fn check(file: &str, pages: &[Page]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut columns: Vec<Column> = Vec::new();
    // A large-print edition is set in one column: two key-figure tiles side
    // by side are one row of it, not two columns.
    let one_column = super::large::is_large_print(file);
    for (i, page) in pages.iter().enumerate() {
        if page.forms {
            continue;
        }
        let mut add = |rule: Rule, x: f32, y: f32, message: String| {
            out.push(Finding {
                file: file.into(),
                page: page.number,
                x_mm: x / PT_PER_MM,
                y_mm: y / PT_PER_MM,
                rule,
                message,
            });
        };
        let lines = lines(page, &mut add);
        boxes_and_margins(page, &lines, &mut add);
        headings(&lines, &mut add);
        // The last page of a part: the pages after it, up to the next
        // part, are blank (a verso left blank before a recto start).
        let last = pages[i + 1..]
            .iter()
            .take_while(|p| !p.part_start)
            .all(|p| p.runs.iter().all(|r| r.mark.artifact()));
        let page_columns = column_layout(page, one_column);
        short_columns(page, &page_columns, last, &mut add);
        lone_headings(page, &lines, &page_columns, &mut add);
        qr_codes(page, &mut add);
        contrast_rule(page, &mut add);
        bleed(page, &mut add);
        columns.extend(page_columns);
    }
    split_grids(file, &columns, &mut out);
    out
}

/// A line: runs on one baseline that join up.
struct Line<'a> {
    runs: Vec<&'a Run>,
}

impl Line<'_> {
    fn first(&self) -> &Run {
        self.runs[0]
    }
    fn last(&self) -> &Run {
        self.runs[self.runs.len() - 1]
    }
    fn x0(&self) -> f32 {
        self.first().ink_x0()
    }
    fn y(&self) -> f32 {
        self.first().y
    }
    fn size(&self) -> f32 {
        self.runs.iter().map(|r| r.size).fold(0.0, f32::max)
    }
    fn text(&self) -> String {
        self.runs.iter().map(|r| r.text()).collect()
    }
    fn artifact(&self) -> bool {
        self.runs.iter().all(|r| r.mark.artifact())
    }
}

/// Whether run `b` continues run `a` on its line.
fn joined(a: &Run, b: &Run) -> bool {
    // Raw gap (the word space belongs to the run before it) and ink gap.
    let gap = b.x0() - a.x1();
    let ink = b.ink_x0() - a.ink_x1();
    if ink < -JOINED || ink > WORD_GAP * a.size.max(b.size) {
        return false;
    }
    let boundary = a.glyphs.last().is_some_and(|g| blank(&g.text))
        || b.glyphs
            .first()
            .is_some_and(|g| blank(&g.text) || g.text.chars().all(|c| c.is_ascii_punctuation()));
    // Runs with no space between them only join within one element; two
    // texts of different elements or artifacts read as one word when they
    // touch (« …territoiresédition… »).
    let same = a.mark.mcid.is_some() && a.mark.mcid == b.mark.mcid;
    let inline = a.mark.inline() || b.mark.inline();
    if gap.abs() <= JOINED {
        return boundary || same || inline;
    }
    // A wider gap is a (stretched or shrunk) word space inside one element.
    boundary && (same || inline || !(a.mark.artifact() && b.mark.artifact())) || same || inline
}

/// Groups the runs into lines, reporting runs on one baseline that collide.
fn lines<'a>(page: &'a Page, add: &mut impl FnMut(Rule, f32, f32, String)) -> Vec<Line<'a>> {
    let mut runs: Vec<&Run> = page.runs.iter().filter(|r| !blank(&r.text())).collect();
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0().total_cmp(&b.x0())));
    // Baselines within half a point are one baseline.
    let mut rows: Vec<Vec<&Run>> = Vec::new();
    for r in runs {
        match rows.last_mut() {
            Some(row) if (row[0].y - r.y).abs() <= SLACK => row.push(r),
            _ => rows.push(vec![r]),
        }
    }
    let mut out = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x0().total_cmp(&b.x0()));
        let mut line = Line { runs: vec![row[0]] };
        for pair in row.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if joined(a, b) {
                line.runs.push(b);
                continue;
            }
            let gap = b.ink_x0() - a.ink_x1();
            let bullet = (a.mark.role == "Lbl" || b.mark.role == "Lbl") && gap >= 0.0;
            if gap < MIN_GAP && !bullet {
                let what = if gap < 0.0 {
                    format!("se chevauchent sur {} mm", mm(-gap / PT_PER_MM))
                } else {
                    format!("ne sont séparés que de {} mm", mm(gap / PT_PER_MM))
                };
                add(
                    Rule::Collision,
                    b.ink_x0(),
                    b.y,
                    format!(
                        "« {} » et « {} » {what} sur la même ligne de base ; \
                         il faut au moins 2 mm : raccourcissez l’un des textes ou passez-le à la ligne",
                        tail(&a.text()),
                        head(&b.text())
                    ),
                );
            }
            out.push(line);
            line = Line { runs: vec![b] };
        }
        out.push(line);
    }
    out
}

/// The last 30 characters of a text, for messages.
fn tail(text: &str) -> String {
    let t = text.trim();
    let n = t.chars().count();
    if n <= 30 {
        return t.into();
    }
    format!("…{}", t.chars().skip(n - 30).collect::<String>())
}

/// The first 30 characters of a text, for messages.
pub(super) fn head(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() <= 30 {
        return t.into();
    }
    format!("{}…", t.chars().take(30).collect::<String>())
}

/// The innermost box (filled shape) painted under the point before `order`.
pub(super) fn box_under(
    page: &Page,
    x: f32,
    y: f32,
    order: usize,
    min: (f32, f32),
) -> Option<&Fill> {
    page.fills.iter().rfind(|f| {
        f.order < order && f.rect.w() >= min.0 && f.rect.h() >= min.1 && f.rect.contains(x, y)
    })
}

/// Lines past their box (one finding per box, at its first line past it)
/// or past the page's text area.
fn boxes_and_margins(page: &Page, lines: &[Line], add: &mut impl FnMut(Rule, f32, f32, String)) {
    let side = SIDE_MARGIN_MM * PT_PER_MM;
    let (left, right) = (side, page.width - side);
    let top = TOP_MARGIN_MM * PT_PER_MM;
    let bottom = page.height - BOTTOM_MARGIN_MM * PT_PER_MM;
    // Per box (its painting order): first line past it, lines, widest overflow.
    let mut past: BTreeMap<usize, (f32, f32, String, usize, f32)> = BTreeMap::new();
    for line in lines {
        let (x0, x1, y) = (line.x0(), line.last().core_x1(), line.y());
        let start = (x0 + SLACK, y - 0.3 * line.first().size);
        let boxed = box_under(page, start.0, start.1, line.first().order, MIN_BOX);
        if let Some(b) = boxed {
            let over = (x1 - b.rect.x1).max(y - b.rect.y1);
            if over > SLACK {
                let e = past.entry(b.order).or_insert((
                    x1.min(b.rect.x1),
                    y,
                    tail(&line.text()),
                    0,
                    0.0,
                ));
                e.3 += 1;
                e.4 = e.4.max(over);
            }
        }
        let outside = if x0 < left - SLACK {
            Some((x0, format!("à {} mm du bord gauche", mm(x0 / PT_PER_MM))))
        } else if x1 > right + SLACK {
            Some((
                x1,
                format!("à {} mm du bord droit", mm((page.width - x1) / PT_PER_MM)),
            ))
        } else if !line.artifact() && boxed.is_none() && y - 0.73 * line.size() < top - SLACK {
            // Text in a box (the title in its band) follows the box, not the margin.
            Some((x0, "dans la marge du haut".to_string()))
        } else if !line.artifact() && y > bottom + SLACK {
            Some((x0, "dans la marge du bas".to_string()))
        } else {
            None
        };
        if let Some((x, where_)) = outside {
            add(
                Rule::Margin,
                x,
                y,
                format!(
                    "la ligne « {} » sort de la zone de texte ({where_}, marges de {} mm) ; \
                     elle doit tenir entre les marges",
                    head(&line.text()),
                    mm(SIDE_MARGIN_MM)
                ),
            );
        }
    }
    for (x, y, sample, count, over) in past.into_values() {
        add(
            Rule::BoxOverflow,
            x,
            y,
            format!(
                "{count} ligne(s) dépassent de {} mm au plus le cadre où elles commencent, \
                 dont « {sample} » ; composez le texte dans la mesure intérieure du cadre",
                mm(over / PT_PER_MM)
            ),
        );
    }
}

/// Heading lines (and lines all in bold: titles of levers, experiences)
/// that end with a hyphen.
fn headings(lines: &[Line], add: &mut impl FnMut(Rule, f32, f32, String)) {
    for line in lines {
        let heading = line.runs.iter().any(|r| r.mark.heading())
            || (!line.artifact() && line.runs.iter().all(|r| r.bold));
        if !heading {
            continue;
        }
        let text = line.text();
        let end = text.trim_end();
        if end.ends_with(['-', '\u{2010}', '\u{AD}']) && !compound_break(line, lines) {
            add(
                Rule::HeadingHyphen,
                line.last().ink_x1(),
                line.y(),
                format!(
                    "le titre « {} » est coupé en fin de ligne ; \
                     un titre ne se coupe pas : renvoyez le mot entier à la ligne",
                    tail(end)
                ),
            );
        }
    }
}

/// Whether a line ending with a hyphen breaks a compound at its own hyphen
/// (« Seine-Essonne-/Sénart ») rather than a word: its element's next line
/// starts with a capital, which a word's inner letters never are.
fn compound_break(line: &Line, lines: &[Line]) -> bool {
    // The next line of the same element: same role, same left edge, within
    // two line heights below.
    let (role, size) = (&line.first().mark.role, line.size());
    lines
        .iter()
        .filter(|l| {
            l.y() > line.y() + SLACK
                && l.y() < line.y() + 2.0 * size
                && (l.x0() - line.x0()).abs() < 2.0
                && &l.first().mark.role == role
        })
        .min_by(|a, b| a.y().total_cmp(&b.y()))
        .and_then(|next| next.text().trim_start().chars().next())
        .is_some_and(char::is_uppercase)
}

/// What a column holds: its extent and its first and last items.
#[derive(Debug, Clone)]
pub struct Column {
    page: usize,
    x0: f32,
    x1: f32,
    /// Top of its first item and bottom of its last (none when empty).
    extent: Option<(f32, f32)>,
    /// Whether its first and its last item are key-figure tiles.
    first_tile: bool,
    last_tile: bool,
}

/// An item of the body: its box and whether it is a key-figure tile.
struct Item {
    rect: Rect,
    tile: bool,
    heading: bool,
}

/// The body items of a page: content text, boxes, images, rules; not the
/// running footer, not what lies in the bottom margin, not page-wide bands.
fn items(page: &Page) -> Vec<Item> {
    let bottom = page.height - BOTTOM_MARGIN_MM * PT_PER_MM;
    let mut out = Vec::new();
    for r in &page.runs {
        if r.mark.artifact() || blank(&r.text()) {
            continue;
        }
        let rect = Rect {
            x0: r.ink_x0(),
            y0: r.top(),
            x1: r.ink_x1(),
            y1: r.y,
        };
        out.push(Item {
            rect,
            tile: r.bold && r.size >= FIGURE_SIZE && r.mark.role == "P",
            heading: r.mark.heading() && r.mark.role != "H1",
        });
    }
    for f in &page.fills {
        if f.rect.w() >= page.width * 0.9 {
            continue;
        }
        out.push(Item {
            rect: f.rect,
            tile: false,
            heading: false,
        });
    }
    for (rect, _) in &page.images {
        out.push(Item {
            rect: *rect,
            tile: false,
            heading: false,
        });
    }
    for s in &page.strokes {
        out.push(Item {
            rect: s.rect,
            tile: false,
            heading: false,
        });
    }
    out.retain(|i| i.rect.y0 < bottom - SLACK && i.rect.y1 > 0.0);
    out
}

/// The page's columns: on a page wide enough for two (and not set in
/// `one_column`), two when body items sit wholly in each half of the page,
/// else one; items across the middle belong to both.
fn column_layout(page: &Page, one_column: bool) -> Vec<Column> {
    let items = items(page);
    let mid = page.width / 2.0;
    let left = |i: &Item| i.rect.x1 <= mid + SLACK;
    let right = |i: &Item| i.rect.x0 >= mid - SLACK;
    let two = !one_column
        && page.width >= TWO_COLUMNS_MIN_WIDTH
        && items.iter().any(left)
        && items.iter().any(right);
    let halves: Vec<(f32, f32)> = if two {
        vec![(0.0, mid), (mid, page.width)]
    } else {
        vec![(0.0, page.width)]
    };
    halves
        .into_iter()
        .map(|(x0, x1)| {
            let mine: Vec<&Item> = items
                .iter()
                .filter(|i| i.rect.x0 < x1 - SLACK && i.rect.x1 > x0 + SLACK)
                .collect();
            let own: Vec<&&Item> = mine
                .iter()
                .filter(|i| i.rect.x0 >= x0 - SLACK && i.rect.x1 <= x1 + SLACK)
                .collect();
            let extent = mine.iter().fold(None, |acc: Option<(f32, f32)>, i| {
                Some(acc.map_or((i.rect.y0, i.rect.y1), |(a, b)| {
                    (a.min(i.rect.y0), b.max(i.rect.y1))
                }))
            });
            // The column opens on a grid when a figure has nothing of the
            // column above it, and ends on one when below its last figure
            // lie only narrow tile texts.
            let figures = || own.iter().filter(|i| i.tile);
            let first_tile = figures().any(|f| own.iter().all(|i| i.rect.y1 > f.rect.y0 - SLACK));
            let narrow = (x1 - x0) * TILE_SHARE;
            let last_tile = figures()
                .max_by(|a, b| a.rect.y1.total_cmp(&b.rect.y1))
                .is_some_and(|f| {
                    own.iter()
                        .filter(|i| i.rect.y0 > f.rect.y1 - SLACK)
                        .all(|i| i.rect.w() <= narrow)
                });
            Column {
                page: page.number,
                x0,
                x1,
                extent,
                first_tile,
                last_tile,
            }
        })
        .collect()
}

/// The top of the running footer: its highest artifact line in the bottom
/// margin, else the bottom margin itself.
fn footer_top(page: &Page) -> f32 {
    let bottom = page.height - BOTTOM_MARGIN_MM * PT_PER_MM;
    page.runs
        .iter()
        .filter(|r| r.mark.artifact() && r.y > bottom && !blank(&r.text()))
        .map(Run::top)
        .fold(bottom, f32::min)
        .min(bottom)
}

/// Columns ending more than 25 mm above the footer, except on a last page.
fn short_columns(
    page: &Page,
    columns: &[Column],
    last: bool,
    add: &mut impl FnMut(Rule, f32, f32, String),
) {
    if last {
        return;
    }
    let footer = footer_top(page);
    for c in columns {
        let end = c.extent.map_or(0.0, |(_, b)| b);
        if footer - end > MAX_HOLE {
            add(
                Rule::ShortColumn,
                c.x0.max(SIDE_MARGIN_MM * PT_PER_MM),
                end,
                format!(
                    "la colonne s’arrête {} mm au-dessus du pied de page (25 mm au plus, \
                     sauf en dernière page) ; remplissez-la avec la suite du texte",
                    mm((footer - end) / PT_PER_MM)
                ),
            );
        }
    }
}

/// Headings (below level 1) that are the last thing of their column.
fn lone_headings(
    page: &Page,
    lines: &[Line],
    columns: &[Column],
    add: &mut impl FnMut(Rule, f32, f32, String),
) {
    let items = items(page);
    for line in lines {
        if !line
            .runs
            .iter()
            .any(|r| r.mark.heading() && r.mark.role != "H1")
        {
            continue;
        }
        let (x0, y) = (line.x0(), line.y());
        let Some(c) = columns.iter().find(|c| x0 >= c.x0 - SLACK && x0 < c.x1) else {
            continue;
        };
        let below = items
            .iter()
            .any(|i| !i.heading && i.rect.y0 > y + SLACK && i.rect.x0 < c.x1 && i.rect.x1 > c.x0);
        if !below {
            add(
                Rule::LoneHeading,
                x0,
                y,
                format!(
                    "le titre « {} » finit sa colonne, séparé de ce qu’il annonce ; \
                     un titre reste avec son premier module",
                    head(&line.text())
                ),
            );
        }
    }
}

/// Key-figure grids running from one column (or page) into the next.
fn split_grids(file: &str, columns: &[Column], out: &mut Vec<Finding>) {
    let filled: Vec<&Column> = columns.iter().filter(|c| c.extent.is_some()).collect();
    for pair in filled.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.last_tile && b.first_tile {
            let (x, y) = (
                b.x0.max(SIDE_MARGIN_MM * PT_PER_MM),
                b.extent.map_or(0.0, |e| e.0),
            );
            out.push(Finding {
                file: file.into(),
                page: b.page,
                x_mm: x / PT_PER_MM,
                y_mm: y / PT_PER_MM,
                rule: Rule::SplitGrid,
                message: if a.page == b.page {
                    "la grille des chiffres clés est coupée entre deux colonnes ; \
                     une grille reste entière"
                        .into()
                } else {
                    format!(
                        "la grille des chiffres clés commencée page {} continue ici ; \
                         une grille reste entière",
                        a.page
                    )
                },
            });
        }
    }
}

/// QR codes: many small squares of one marked-content sequence.
fn qr_codes(page: &Page, add: &mut impl FnMut(Rule, f32, f32, String)) {
    // A module is drawn as a row run at most this tall (pt): far larger than
    // any module, far smaller than any box.
    const MODULE_MAX: f32 = 5.0;
    // Fewest row runs of a QR code: version 1 has 21 rows.
    const MIN_RUNS: usize = 21;
    let mut groups: BTreeMap<usize, Vec<&Fill>> = BTreeMap::new();
    for f in &page.fills {
        if f.rect.h() > 0.0 && f.rect.h() <= MODULE_MAX {
            groups.entry(f.mark.sequence).or_default().push(f);
        }
    }
    for fills in groups.values().filter(|g| g.len() >= MIN_RUNS) {
        let module = fills.iter().map(|f| f.rect.h()).fold(f32::MAX, f32::min);
        let mut r = fills[0].rect;
        for f in fills {
            r.x0 = r.x0.min(f.rect.x0);
            r.y0 = r.y0.min(f.rect.y0);
            r.x1 = r.x1.max(f.rect.x1);
            r.y1 = r.y1.max(f.rect.y1);
        }
        let quiet = QUIET_MODULES * module;
        let total = r.w().max(r.h()) + 2.0 * quiet;
        if total < MIN_QR - 0.1 || module < MIN_MODULE - 0.01 {
            add(
                Rule::SmallQr,
                r.x0,
                r.y0,
                format!(
                    "code QR de {} mm avec sa marge de 4 modules, modules de {} mm \
                     (au moins 18 mm et 0,6 mm pour qu’un téléphone le lise) ; agrandissez-le",
                    mm(total / PT_PER_MM),
                    format!("{:.2}", module / PT_PER_MM).replace('.', ",")
                ),
            );
        }
        let zone = Rect {
            x0: r.x0 - quiet,
            y0: r.y0 - quiet,
            x1: r.x1 + quiet,
            y1: r.y1 + quiet,
        };
        if let Some(run) = page.runs.iter().find(|t| {
            !blank(&t.text())
                && t.ink_x0() < zone.x1
                && t.ink_x1() > zone.x0
                && t.top() < zone.y1
                && t.y > zone.y0
        }) {
            add(
                Rule::SmallQr,
                run.ink_x0(),
                run.y,
                format!(
                    "« {} » empiète sur la marge de 4 modules autour du code QR ; \
                     éloignez le texte du code",
                    head(&run.text())
                ),
            );
        }
    }
}

/// WCAG relative luminance of an sRGB colour.
pub fn luminance(c: Rgb) -> f32 {
    let lin = |v: f32| {
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

pub(super) fn hex(c: Rgb) -> String {
    let b = |v: f32| (v * 255.0).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", b(c[0]), b(c[1]), b(c[2]))
}

/// Runs of one pair of colours below their ratio, on a page: where the first
/// is, the ratio, how many, a sample of text.
struct LowContrast {
    x: f32,
    y: f32,
    ratio: f32,
    count: usize,
    sample: String,
}

/// Text below its WCAG AA ratio against the colour painted beneath it (the
/// last filled shape under the middle of its x-height; white paper if none).
/// One finding per page and pair of colours, at its first run.
fn contrast_rule(page: &Page, add: &mut impl FnMut(Rule, f32, f32, String)) {
    let mut seen: BTreeMap<(String, String, bool), LowContrast> = BTreeMap::new();
    for run in &page.runs {
        if blank(&run.text()) {
            continue;
        }
        let (x, y) = ((run.ink_x0() + run.ink_x1()) / 2.0, run.y - 0.3 * run.size);
        let fill = box_under(page, x, y, run.order, (0.0, 0.0));
        let under_image = page
            .images
            .iter()
            .any(|(r, o)| *o < run.order && fill.is_none_or(|f| f.order < *o) && r.contains(x, y));
        if under_image {
            continue;
        }
        let back = fill.map_or([1.0; 3], |f| f.color);
        let ratio = contrast(run.color, back);
        let large = run.size >= 18.0 - 0.01 || (run.bold && run.size >= 14.0 - 0.01);
        let need = if large { AA_LARGE } else { AA_NORMAL };
        if ratio < need {
            let key = (hex(run.color), hex(back), large);
            let e = seen.entry(key).or_insert(LowContrast {
                x: run.ink_x0(),
                y: run.y,
                ratio,
                count: 0,
                sample: head(&run.text()),
            });
            e.count += 1;
        }
    }
    for ((text, back, large), low) in seen {
        let LowContrast {
            x,
            y,
            ratio,
            count,
            sample,
        } = low;
        let need = if large { AA_LARGE } else { AA_NORMAL };
        add(
            Rule::Contrast,
            x,
            y,
            format!(
                "texte {text} sur fond {back} : contraste {}:1, sous le minimum de {}:1 \
                 (WCAG AA{}) pour {count} ligne(s), dont « {sample} » ; foncez le texte ou éclaircissez le fond",
                format!("{ratio:.2}").replace('.', ","),
                format!("{need}").replace('.', ","),
                if large { ", grand texte" } else { "" }
            ),
        );
    }
}

/// Shapes that touch the trim but stop short of the bleed box.
fn bleed(page: &Page, add: &mut impl FnMut(Rule, f32, f32, String)) {
    let Some(b) = page.bleed else {
        return;
    };
    for f in &page.fills {
        let r = f.rect;
        let sides = [
            (
                "gauche",
                r.x0 <= TRIM_TOUCH && r.x0 > b.x0 + SLACK,
                r.x0,
                r.y0,
            ),
            (
                "droit",
                r.x1 >= page.width - TRIM_TOUCH && r.x1 < b.x1 - SLACK,
                r.x1,
                r.y0,
            ),
            (
                "haut",
                r.y0 <= TRIM_TOUCH && r.y0 > b.y0 + SLACK,
                r.x0,
                r.y0,
            ),
            (
                "bas",
                r.y1 >= page.height - TRIM_TOUCH && r.y1 < b.y1 - SLACK,
                r.x0,
                r.y1,
            ),
        ];
        for (side, short, x, y) in sides {
            if short && r.w() > MIN_BOX.0 && r.h() > 1.0 {
                add(
                    Rule::Bleed,
                    x,
                    y,
                    format!(
                        "l’aplat {} touche le bord {side} du format mais s’arrête avant le fond perdu ; \
                         il doit déborder jusqu’au fond perdu pour ne pas laisser de liseré blanc à la coupe",
                        hex(f.color)
                    ),
                );
            }
        }
    }
}
