//! The rules of the large-print edition (« gros caractères », issue 19 §4),
//! on the files whose name says they are one (`…-gros-caracteres….pdf`):
//! no text under 12 pt (footers, sources and labels included), body text
//! at 14 pt or more, every text at 7:1 against what is painted beneath it.

use std::collections::BTreeMap;

use super::read::{Page, Run, blank};
use super::rules::{box_under, contrast, head, hex};
use super::{Finding, PT_PER_MM, Rule};

/// The smallest text of a large-print page (pt): the RNIB Clear Print
/// floor.
const MIN_SIZE: f32 = 12.0;
/// The smallest body size of a large-print file (pt).
const MIN_BODY: f32 = 14.0;
/// The least contrast of a large-print text with its ground: WCAG AAA.
const MIN_CONTRAST: f32 = 7.0;
/// Sizes are read from the content stream rounded to the hundredth of a
/// point: a text set at 12 pt may read 11.995.
const SIZE_SLACK: f32 = 0.01;

/// Whether a file is a large-print edition, by its name.
pub fn is_large_print(file: &str) -> bool {
    file.contains(ancrage::build::LARGE_PRINT_SUFFIX)
}

/// The large-print rules over the pages of one file.
pub fn check(file: &str, pages: &[Page]) -> Vec<Finding> {
    let mut out = Vec::new();
    let finding = |page: usize, run: &Run, rule: Rule, message: String| Finding {
        file: file.into(),
        page,
        x_mm: run.ink_x0() / PT_PER_MM,
        y_mm: run.y / PT_PER_MM,
        rule,
        message,
    };
    // Characters of content text by size (in hundredths of a point), with
    // the first run at that size: the body is the size most text is set in.
    let mut by_size: BTreeMap<i64, (usize, usize, &Run)> = BTreeMap::new();
    for page in pages.iter().filter(|p| !p.forms) {
        // One finding per page and size for small text, at its first run.
        let mut small: BTreeMap<i64, (&Run, usize)> = BTreeMap::new();
        for run in page.runs.iter().filter(|r| !blank(&r.text())) {
            let key = (run.size * 100.0).round() as i64;
            if run.size < MIN_SIZE - SIZE_SLACK {
                small.entry(key).or_insert((run, 0)).1 += 1;
            }
            if !run.mark.artifact() {
                let chars = run.text().chars().count();
                by_size.entry(key).or_insert((0, page.number, run)).0 += chars;
            }
        }
        for (run, count) in small.into_values() {
            out.push(finding(
                page.number,
                run,
                Rule::SmallText,
                format!(
                    "texte de {} pt dans l’édition en gros caractères, dont « {} » \
                     ({count} ligne(s)) ; rien ne s’y imprime sous 12 pt, pieds de page, \
                     sources et libellés compris",
                    size(run.size),
                    head(&run.text())
                ),
            ));
        }
        out.extend(
            low_contrast(page)
                .into_iter()
                .map(|(run, message)| finding(page.number, run, Rule::LargeContrast, message)),
        );
    }
    if let Some((key, (_, page, run))) = by_size.iter().max_by_key(|(k, (chars, ..))| (*chars, *k))
        && (*key as f32) / 100.0 < MIN_BODY - SIZE_SLACK
    {
        out.push(finding(
            *page,
            run,
            Rule::SmallBody,
            format!(
                "le texte courant est composé en {} pt, dont « {} » ; \
                 l’édition en gros caractères le compose en 14 pt au moins",
                size(run.size),
                head(&run.text())
            ),
        ));
    }
    out
}

/// A size with a decimal comma.
fn size(v: f32) -> String {
    format!("{v:.1}").replace('.', ",")
}

/// Runs below 7:1 against the colour painted beneath them (white paper if
/// nothing), one per page and pair of colours, with its message.
fn low_contrast(page: &Page) -> Vec<(&Run, String)> {
    let mut seen: BTreeMap<(String, String), (&Run, f32, usize)> = BTreeMap::new();
    for run in page.runs.iter().filter(|r| !blank(&r.text())) {
        let (x, y) = ((run.ink_x0() + run.ink_x1()) / 2.0, run.y - 0.3 * run.size);
        let fill = box_under(page, x, y, run.order, (0.0, 0.0));
        let back = fill.map_or([1.0; 3], |f| f.color);
        let ratio = contrast(run.color, back);
        if ratio < MIN_CONTRAST {
            seen.entry((hex(run.color), hex(back)))
                .or_insert((run, ratio, 0))
                .2 += 1;
        }
    }
    seen.into_iter()
        .map(|((text, back), (run, ratio, count))| {
            (
                run,
                format!(
                    "texte {text} sur fond {back} : contraste {}:1, sous les 7:1 de l’édition \
                     en gros caractères, pour {count} ligne(s), dont « {} » ; \
                     foncez le texte ou éclaircissez le fond",
                    format!("{ratio:.2}").replace('.', ","),
                    head(&run.text())
                ),
            )
        })
        .collect()
}
