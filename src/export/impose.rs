//! Saddle-stitch imposition: the A5 pages of a finished booklet PDF placed two
//! by two on A4 landscape sheets, as Form XObjects (vectors and fonts kept,
//! nothing rasterised), in the order that reads 1, 2, 3… once the stack is
//! printed duplex (flip on the short edge), folded and stapled; fold marks
//! outside the trim, and creep made up for from eight sheets on.

use std::fmt;

use lopdf::{Dictionary, Object, ObjectId, Stream};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;
/// A4 landscape, in points: the sheet the booklet is printed on, and the
/// trim box of each side of the imposed file.
const SHEET: (f32, f32) = (841.89, 595.28);
/// Length of the fold marks above and below the fold line: 4 mm, enough to
/// lay a ruler on.
const FOLD_MARK: f32 = 4.0 * PT_PER_MM;
/// Gap between the trim and a fold mark: 3 mm, the usual bleed, so that the
/// marks never print on the paper that is kept (they used to run 4 mm into
/// the pages, on the spine).
const FOLD_MARK_GAP: f32 = 3.0 * PT_PER_MM;
/// Paper above and below the trim holding the fold marks (the media box is
/// this much taller than the sheet; the crop box stays the A4 sheet, so
/// viewers and office printers see and print A4 as before).
const SLUG: f32 = FOLD_MARK_GAP + FOLD_MARK;
/// Thickness of one sheet of office paper (80 g/m²): about 0.1 mm. Each
/// sheet folded around the inner ones pushes them out by about that much at
/// the fore-edge (creep): about 0.5 mm for the innermost of 5 sheets.
const PAPER_THICKNESS: f32 = 0.1 * PT_PER_MM;
/// From this many sheets on, the pages of the inner sheets are moved toward
/// the fold by their creep: below it the shift stays under 0.7 mm, less than
/// the folding itself varies; from 8 sheets on the fore-edge margins of the
/// middle pages would visibly shrink once trimmed.
const CREEP_FROM_SHEETS: usize = 8;

/// Why a booklet could not be imposed.
#[derive(Debug)]
pub enum ImposeError {
    /// The booklet PDF does not parse (a bug: it was just written).
    Unreadable(String),
    /// The booklet has no pages.
    Empty,
}

impl fmt::Display for ImposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImposeError::Unreadable(e) => {
                write!(
                    f,
                    "imposition impossible : le livret n’a pas pu être relu ({e})"
                )
            }
            ImposeError::Empty => write!(f, "imposition impossible : le livret n’a aucune page"),
        }
    }
}

impl std::error::Error for ImposeError {}

/// One side of a printed sheet: the page shown on the left and on the right
/// (0-based indexes into the booklet; `None` for a blank slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// Page on the left half.
    pub left: Option<usize>,
    /// Page on the right half.
    pub right: Option<usize>,
}

/// Saddle-stitch order for `pages` pages: two sides (front, back) per sheet.
///
/// With `n` pages rounded up to a multiple of four, sheet `k` (from 0) shows
/// `n−2k | 2k+1` on its front and `2k+2 | n−2k−1` on its back (1-based page
/// numbers); pages past `pages` are blank slots.
pub fn saddle_stitch(pages: usize) -> Vec<Side> {
    let n = pages.div_ceil(4) * 4;
    let page = |i: usize| (i < pages).then_some(i);
    let mut sides = Vec::with_capacity(n / 2);
    for k in 0..n / 4 {
        sides.push(Side {
            left: page(n - 1 - 2 * k),
            right: page(2 * k),
        });
        sides.push(Side {
            left: page(2 * k + 1),
            right: page(n - 2 - 2 * k),
        });
    }
    sides
}

/// How far (pt) the pages of sheet `sheet` (0: the outer one) of a booklet
/// of `sheets` sheets are moved toward the fold to make up for creep: one
/// paper thickness per sheet folded around it, from `CREEP_FROM_SHEETS`
/// sheets on; none below.
pub fn creep_shift(sheet: usize, sheets: usize) -> f32 {
    if sheets < CREEP_FROM_SHEETS {
        return 0.0;
    }
    sheet.min(sheets.saturating_sub(1)) as f32 * PAPER_THICKNESS
}

/// The page's box to place: its trim box (without bleed), else its media box.
fn trim_box(doc: &lopdf::Document, page: ObjectId) -> [f32; 4] {
    let dict = doc.get_dictionary(page).ok();
    let read = |key: &[u8]| -> Option<[f32; 4]> {
        let array = dict?.get(key).ok()?.as_array().ok()?;
        let v: Vec<f32> = array.iter().filter_map(|o| o.as_float().ok()).collect();
        (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
    };
    read(b"TrimBox")
        .or_else(|| read(b"MediaBox"))
        .unwrap_or([0.0, 0.0, 419.53, 595.28])
}

/// The page's resources, inherited from the page tree when not on the page.
fn resources(doc: &lopdf::Document, page: ObjectId) -> Object {
    let mut node = doc.get_dictionary(page).ok();
    while let Some(dict) = node {
        if let Ok(resources) = dict.get(b"Resources") {
            return resources.clone();
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    Object::Dictionary(Dictionary::new())
}

/// Writes a number with at most three decimals, without trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Imposes a finished A5 booklet (`pdf`) on A4 landscape sheets.
///
/// The result is meant for printing only: it keeps the document's metadata
/// but drops bookmarks, links and the structure tree, and says so in its
/// subject.
pub fn impose(pdf: &[u8], compress: bool) -> Result<Vec<u8>, ImposeError> {
    let mut doc =
        lopdf::Document::load_mem(pdf).map_err(|e| ImposeError::Unreadable(e.to_string()))?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.is_empty() {
        return Err(ImposeError::Empty);
    }

    // 1. Every page becomes a Form XObject clipped to its trim box.
    let mut forms = Vec::with_capacity(pages.len());
    for &page in &pages {
        let bbox = trim_box(&doc, page);
        let content = doc.get_page_content(page);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", Object::Name(b"Form".to_vec()));
        dict.set(
            "BBox",
            bbox.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
        );
        dict.set("Resources", resources(&doc, page));
        let id = doc.add_object(Stream::new(dict, content));
        forms.push((id, bbox));
    }

    // 2. Sheets: two forms side by side, meeting at the fold, plus fold marks.
    let pages_id = doc.new_object_id();
    let kids = sides(&mut doc, &forms, pages_id);
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Count", Object::Integer(kids.len() as i64));
    tree.set("Kids", kids);
    doc.objects.insert(pages_id, Object::Dictionary(tree));

    // 3. The catalog points at the sheets; what served reading on screen goes.
    let catalog = doc
        .catalog_mut()
        .map_err(|e| ImposeError::Unreadable(e.to_string()))?;
    catalog.set("Pages", Object::Reference(pages_id));
    // Print dialogs open on duplex, flipped on the short edge, at 100 %.
    // (Added to the booklet's own preferences: its title stays displayed.)
    let mut preferences = catalog
        .get(b"ViewerPreferences")
        .and_then(Object::as_dict)
        .cloned()
        .unwrap_or_default();
    preferences.set("Duplex", Object::Name(b"DuplexFlipShortEdge".to_vec()));
    preferences.set("PrintScaling", Object::Name(b"None".to_vec()));
    catalog.set("ViewerPreferences", Object::Dictionary(preferences));
    for key in [
        &b"Outlines"[..],
        b"StructTreeRoot",
        b"MarkInfo",
        b"PageMode",
        b"Names",
        b"Dests",
        b"Metadata",
        b"OpenAction",
    ] {
        catalog.remove(key);
    }
    retitle(&mut doc);
    new_id(&mut doc);
    doc.prune_objects();
    doc.renumber_objects();
    if compress {
        doc.compress();
    }
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| ImposeError::Unreadable(e.to_string()))?;
    Ok(out)
}

/// The sides of the imposed file, as page objects under `pages_id`: two
/// forms side by side meeting at the fold, plus fold marks; the media box
/// holds the slug, the crop and trim boxes are the A4 sheet.
fn sides(
    doc: &mut lopdf::Document,
    forms: &[(ObjectId, [f32; 4])],
    pages_id: ObjectId,
) -> Vec<Object> {
    let mut kids = Vec::new();
    let sides = saddle_stitch(forms.len());
    let sheets = sides.len() / 2;
    for (i, side) in sides.into_iter().enumerate() {
        let content = doc.add_object(Stream::new(
            Dictionary::new(),
            side_content(side, forms, creep_shift(i / 2, sheets)).into_bytes(),
        ));
        let mut xobjects = Dictionary::new();
        for (slot, index) in [(0, side.left), (1, side.right)] {
            if let Some(index) = index {
                xobjects.set(
                    format!("P{slot}").as_bytes(),
                    Object::Reference(forms[index].0),
                );
            }
        }
        let mut resources = Dictionary::new();
        resources.set("XObject", Object::Dictionary(xobjects));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        let real = |v: [f32; 4]| Object::Array(v.iter().map(|x| Object::Real(*x)).collect());
        let trim = [0.0, SLUG, SHEET.0, SLUG + SHEET.1];
        page.set("MediaBox", real([0.0, 0.0, SHEET.0, SHEET.1 + 2.0 * SLUG]));
        page.set("CropBox", real(trim));
        page.set("TrimBox", real(trim));
        page.set("Resources", Object::Dictionary(resources));
        page.set("Contents", Object::Reference(content));
        kids.push(Object::Reference(doc.add_object(page)));
    }
    kids
}

/// The content of one side: each page's form in its half of the sheet,
/// moved `shift` points toward the fold and clipped to its half (so that a
/// page moved for creep never runs onto its neighbour), then the fold marks
/// above and below the trim.
fn side_content(side: Side, forms: &[(ObjectId, [f32; 4])], shift: f32) -> String {
    let mut ops = String::new();
    let fold = SHEET.0 / 2.0;
    for (slot, index) in [(0, side.left), (1, side.right)] {
        let Some(index) = index else { continue };
        let (_, [x0, y0, x1, y1]) = forms[index];
        let (w, h) = (x1 - x0, y1 - y0);
        // Left page ends at the fold, right page starts there.
        let (x, toward_fold, clip_x) = if slot == 0 {
            (fold - w, shift, fold - w)
        } else {
            (fold, -shift, fold)
        };
        let y = SLUG + (SHEET.1 - h) / 2.0;
        ops.push_str(&format!(
            "q {} {} {} {} re W n 1 0 0 1 {} {} cm /P{slot} Do Q\n",
            num(clip_x),
            num(y),
            num(w),
            num(h),
            num(x + toward_fold - x0),
            num(y - y0)
        ));
    }
    let (below, above) = (SLUG - FOLD_MARK_GAP, SLUG + SHEET.1 + FOLD_MARK_GAP);
    ops.push_str(&format!(
        "q 0 G 0.3 w {f} {b0} m {f} {b1} l S {f} {a0} m {f} {a1} l S Q\n",
        f = num(fold),
        b0 = num(below - FOLD_MARK),
        b1 = num(below),
        a0 = num(above),
        a1 = num(above + FOLD_MARK)
    ));
    ops
}

/// The Info subject says what the file is, and that it is not the one to publish.
fn retitle(doc: &mut lopdf::Document) {
    let Ok(info) = doc.trailer.get(b"Info").and_then(Object::as_reference) else {
        return;
    };
    if let Ok(dict) = doc.get_dictionary_mut(info) {
        let subject = "Livret imposé pour l’impression recto verso (bord court), à plier et agrafer. \
                       Fichier non balisé : publiez plutôt le livret page par page.";
        dict.set(
            "Subject",
            Object::String(utf16(subject), lopdf::StringFormat::Hexadecimal),
        );
    }
}

/// A text string in UTF-16BE with its byte-order mark.
fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

/// A file identifier derived from the booklet's, so both files differ but
/// stay reproducible.
fn new_id(doc: &mut lopdf::Document) {
    let mut seed: Vec<u8> = match doc.trailer.get(b"ID").and_then(Object::as_array) {
        Ok(ids) => ids
            .iter()
            .filter_map(|o| o.as_str().ok())
            .flatten()
            .copied()
            .collect(),
        Err(_) => Vec::new(),
    };
    seed.extend_from_slice(b"imposition");
    // FNV-1a, twice with different offsets, for 16 bytes.
    let fnv = |offset: u64| {
        seed.iter().fold(offset, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3)
        })
    };
    let mut id = fnv(0xCBF2_9CE4_8422_2325).to_be_bytes().to_vec();
    id.extend_from_slice(&fnv(0x8422_2325_CBF2_9CE4).to_be_bytes());
    let id = Object::String(id, lopdf::StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(sides: &[Side]) -> Vec<(usize, usize)> {
        sides
            .iter()
            .map(|s| (s.left.map_or(0, |p| p + 1), s.right.map_or(0, |p| p + 1)))
            .collect()
    }

    #[test]
    fn saddle_stitch_orders() {
        assert_eq!(numbers(&saddle_stitch(4)), [(4, 1), (2, 3)]);
        assert_eq!(numbers(&saddle_stitch(8)), [(8, 1), (2, 7), (6, 3), (4, 5)]);
        assert_eq!(
            numbers(&saddle_stitch(12)),
            [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
        );
        let sixteen = numbers(&saddle_stitch(16));
        assert_eq!(sixteen.len(), 8);
        assert_eq!(sixteen[0], (16, 1));
        assert_eq!(sixteen[7], (8, 9));
    }

    #[test]
    fn saddle_stitch_pads_with_blank_slots() {
        // 6 pages: two sheets, pages 7 and 8 left blank.
        assert_eq!(numbers(&saddle_stitch(6)), [(0, 1), (2, 0), (6, 3), (4, 5)]);
        assert_eq!(numbers(&saddle_stitch(1)), [(0, 1), (0, 0)]);
        assert!(saddle_stitch(0).is_empty());
    }

    #[test]
    fn every_page_is_placed_once() {
        for n in 1..=40 {
            let mut seen: Vec<usize> = saddle_stitch(n)
                .iter()
                .flat_map(|s| [s.left, s.right])
                .flatten()
                .collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "{n} pages");
        }
    }

    #[test]
    fn folded_sheets_read_in_order() {
        // Stack the sheets (sheet 0 outside), fold, and turn the leaves: the
        // reader meets each sheet's front-right then back-left going in, and
        // its back-right then front-left coming out.
        for n in [4, 8, 12, 16, 24] {
            let sides = saddle_stitch(n);
            let sheets: Vec<(Side, Side)> = sides.chunks(2).map(|c| (c[0], c[1])).collect();
            let mut read = Vec::new();
            for (front, back) in &sheets {
                read.push(front.right);
                read.push(back.left);
            }
            for (front, back) in sheets.iter().rev() {
                read.push(back.right);
                read.push(front.left);
            }
            let expected: Vec<Option<usize>> = (0..n).map(Some).collect();
            assert_eq!(read, expected, "{n} pages");
        }
    }

    /// A booklet of `n` empty A5 pages.
    fn booklet(n: usize) -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let mut kids = Vec::new();
        for _ in 0..n {
            let content = doc.add_object(Stream::new(Dictionary::new(), b"0 g".to_vec()));
            let mut page = Dictionary::new();
            page.set("Type", Object::Name(b"Page".to_vec()));
            page.set("Parent", Object::Reference(pages_id));
            page.set(
                "MediaBox",
                vec![
                    0.into(),
                    0.into(),
                    Object::Real(419.53),
                    Object::Real(595.28),
                ],
            );
            page.set("Contents", Object::Reference(content));
            kids.push(Object::Reference(doc.add_object(page)));
        }
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set("Count", Object::Integer(n as i64));
        tree.set("Kids", kids);
        doc.objects.insert(pages_id, Object::Dictionary(tree));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages_id));
        let mut preferences = Dictionary::new();
        preferences.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(preferences));
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", Object::Reference(catalog));
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    /// The numbers of the operators `op` in a content stream, in order.
    fn operands(content: &str, op: &str) -> Vec<Vec<f32>> {
        let mut out = Vec::new();
        let mut stack: Vec<f32> = Vec::new();
        for token in content.split_whitespace() {
            if let Ok(v) = token.parse::<f32>() {
                stack.push(v);
            } else {
                if token == op {
                    out.push(stack.clone());
                }
                stack.clear();
            }
        }
        out
    }

    fn float_box(dict: &Dictionary, key: &[u8]) -> Vec<f32> {
        dict.get(key)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect()
    }

    /// Each side of the imposed file: its page dictionary and content.
    fn sides(imposed: &[u8]) -> Vec<(Dictionary, String)> {
        let doc = lopdf::Document::load_mem(imposed).unwrap();
        doc.get_pages()
            .into_values()
            .map(|id| {
                let content = String::from_utf8(doc.get_page_content(id)).unwrap();
                (doc.get_dictionary(id).unwrap().clone(), content)
            })
            .collect()
    }

    #[test]
    fn imposed_file_opens_its_print_dialog_on_short_edge_duplex() {
        let imposed = impose(&booklet(8), false).unwrap();
        let doc = lopdf::Document::load_mem(&imposed).unwrap();
        let prefs = doc
            .catalog()
            .unwrap()
            .get(b"ViewerPreferences")
            .unwrap()
            .as_dict()
            .unwrap();
        assert_eq!(
            prefs.get(b"Duplex").unwrap().as_name().unwrap(),
            b"DuplexFlipShortEdge"
        );
        assert_eq!(
            prefs.get(b"PrintScaling").unwrap().as_name().unwrap(),
            b"None"
        );
    }

    #[test]
    fn fold_marks_sit_outside_the_trim() {
        for (page, content) in sides(&impose(&booklet(8), false).unwrap()) {
            let trim = float_box(&page, b"TrimBox");
            let crop = float_box(&page, b"CropBox");
            assert_eq!(trim, crop, "viewers and office printers show the A4 sheet");
            assert!((trim[2] - trim[0] - SHEET.0).abs() < 0.01);
            assert!((trim[3] - trim[1] - SHEET.1).abs() < 0.01);
            let media = float_box(&page, b"MediaBox");
            let (moves, lines) = (operands(&content, "m"), operands(&content, "l"));
            assert_eq!(moves.len(), 2, "{content}");
            for (m, l) in moves.iter().zip(&lines) {
                assert!(
                    (m[0] - SHEET.0 / 2.0).abs() < 0.01,
                    "on the fold line: {content}"
                );
                let (lo, hi) = (m[1].min(l[1]), m[1].max(l[1]));
                let outside =
                    hi <= trim[1] - FOLD_MARK_GAP + 0.01 || lo >= trim[3] + FOLD_MARK_GAP - 0.01;
                assert!(outside, "mark {lo}–{hi} outside trim {trim:?}");
                assert!(
                    lo >= media[1] - 0.01 && hi <= media[3] + 0.01,
                    "inside the media box"
                );
            }
        }
    }

    /// The horizontal offsets of the pages placed on a side (`cm`).
    fn offsets(content: &str) -> Vec<f32> {
        operands(content, "cm").iter().map(|v| v[4]).collect()
    }

    #[test]
    fn creep_is_compensated_from_eight_sheets_on() {
        // 5 sheets (20 pages): about 0.5 mm of creep, left as it is.
        assert_eq!(creep_shift(4, 5), 0.0);
        let five = sides(&impose(&booklet(20), false).unwrap());
        assert_eq!(offsets(&five[0].1), offsets(&five[8].1));
        // 8 sheets (32 pages): the innermost sheet's pages move 0.7 mm
        // toward the fold, the outer sheet's not at all.
        assert_eq!(creep_shift(0, 8), 0.0);
        assert!((creep_shift(7, 8) - 0.7 * PT_PER_MM).abs() < 1e-4);
        let eight = sides(&impose(&booklet(32), false).unwrap());
        let (outer, inner) = (offsets(&eight[0].1), offsets(&eight[14].1));
        let shift = 0.7 * PT_PER_MM;
        assert!(
            (inner[0] - (outer[0] + shift)).abs() < 0.01,
            "{outer:?} {inner:?}"
        );
        assert!(
            (inner[1] - (outer[1] - shift)).abs() < 0.01,
            "{outer:?} {inner:?}"
        );
        // Each page is clipped to its half, so it never runs past the fold.
        let clips = operands(&eight[14].1, "re");
        assert_eq!(clips.len(), 2);
        assert!((clips[0][0] + clips[0][2] - SHEET.0 / 2.0).abs() < 0.01);
        assert!((clips[1][0] - SHEET.0 / 2.0).abs() < 0.01);
    }
}
