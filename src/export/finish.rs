//! The document skeleton (built by printpdf) and the finish pass over it (lopdf):
//! outlines, catalog entries, Info dictionary and XMP packet, the PDF/A output
//! intent, header version and trailer `/ID`.
//!
//! printpdf 0.12 writes flat bookmarks, no `/Lang`, a `%PDF-1.3` header,
//! `/PageMode` as a string, an Info dictionary with 1970 dates and a stray
//! `/GTS_PDFXVersion`, and a random trailer `/ID`: all of that is replaced here.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::xmp::{self, Conformance, Fields};
use super::{ExportError, Metadata};
use crate::layout::document::Bookmark;

/// Version written in the header: 1.7 (ISO 32000-1), which every current viewer reads
/// and which tagged PDF/UA-1 builds upon.
const PDF_VERSION: &str = "1.7";

/// A stable content hash (BLAKE3), for the trailer `/ID` and the font subset
/// tags; the standard library's hasher is randomly seeded, so unusable.
#[derive(Debug, Clone)]
pub struct Hasher(blake3::Hasher);

impl Hasher {
    /// An empty hasher.
    pub fn new() -> Hasher {
        Hasher(blake3::Hasher::new())
    }

    /// Feeds bytes (prefixed with their length, so that concatenations differ).
    pub fn write(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The first 64 bits of the hash.
    pub fn finish64(&self) -> u64 {
        let mut out = [0; 8];
        out.copy_from_slice(&self.0.finalize().as_bytes()[..8]);
        u64::from_be_bytes(out)
    }

    /// The first 128 bits of the hash.
    pub fn finish128(&self) -> [u8; 16] {
        let mut out = [0; 16];
        out.copy_from_slice(&self.0.finalize().as_bytes()[..16]);
        out
    }
}

impl Default for Hasher {
    fn default() -> Hasher {
        Hasher::new()
    }
}

/// The pages of a file, known before the first is written: their objects
/// and their sizes (a link or a bookmark points at a place on any page).
#[derive(Debug, Clone, Default)]
pub struct Pages {
    /// The page objects, in page order.
    pub ids: Vec<ObjectId>,
    /// Each page's width and height (pt).
    pub sizes: Vec<(f32, f32)>,
    /// printpdf's page object for each size (in the order they first
    /// come), the start of every page object of that size
    /// ([`Pages::object`]).
    templates: Vec<((f32, f32), Dictionary)>,
}

impl Pages {
    /// The page object of page `index` as printpdf makes it (its boxes,
    /// its parent, `/Contents` and `/Resources` null), for the export to
    /// finish; `None` beyond the last page.
    pub fn object(&self, index: usize) -> Option<Dictionary> {
        let size = self.sizes.get(index)?;
        (self.templates.iter())
            .find(|(s, _)| s == size)
            .map(|(_, dict)| dict.clone())
    }
}

/// The document skeleton from printpdf, catalog and page tree, and its
/// [`Pages`] (width, height in pt).
///
/// printpdf makes one page object per distinct size only, the template of
/// every page of that size: the page tree lists each page, numbered as
/// printpdf numbers them (one after the other, after the tree's root), and
/// the objects printpdf numbered after its pages move up to make room. The
/// file is the one printpdf's page per page gave, byte for byte (test
/// `a_skeleton_of_templates_is_printpdfs_page_per_page`), without holding
/// its page objects from the first page to the last: 50 MB at the start of
/// the export, 22 MB of which until the pages were written, for the 7 622
/// pages of the territory's directory of 34 900 communes (issue 20 §5).
pub fn skeleton(sizes: Vec<(f32, f32)>, title: &str) -> (lopdf::Document, Pages) {
    // 1. printpdf's skeleton of one page per distinct size.
    let mut distinct: Vec<(f32, f32)> = Vec::new();
    for size in &sizes {
        if !distinct.contains(size) {
            distinct.push(*size);
        }
    }
    let mut pdf = printpdf_skeleton(&distinct, title);
    // 2. Its page objects become the templates, out of the document.
    let made = page_ids(&pdf);
    let first = made.first().map_or(pdf.max_id + 1, |id| id.0);
    let templates = (distinct.into_iter().zip(&made))
        .map(|(size, id)| match pdf.objects.remove(id) {
            Some(Object::Dictionary(dict)) => (size, dict),
            _ => (size, Dictionary::new()),
        })
        .collect();
    // 3. Room for every page, numbered one after the other from the first.
    let more = (sizes.len() - made.len()) as u32;
    shift_numbers(&mut pdf, first + made.len() as u32, more);
    let ids: Vec<ObjectId> = (0..sizes.len() as u32).map(|i| (first + i, 0)).collect();
    let root =
        (pdf.catalog().ok()).and_then(|catalog| catalog.get(b"Pages").ok()?.as_reference().ok());
    if let Some(tree) = root.and_then(|root| pdf.get_dictionary_mut(root).ok()) {
        tree.set("Count", Object::Integer(ids.len() as i64));
        tree.set(
            "Kids",
            ids.iter()
                .map(|&id| Object::Reference(id))
                .collect::<Vec<_>>(),
        );
    }
    let pages = Pages {
        ids,
        sizes,
        templates,
    };
    (pdf, pages)
}

/// Moves every object numbered `from` or above `by` numbers up, and every
/// reference to one (the trailer's too).
fn shift_numbers(pdf: &mut lopdf::Document, from: u32, by: u32) {
    if by == 0 {
        return;
    }
    fn shift(object: &mut Object, from: u32, by: u32) {
        match object {
            Object::Reference(id) if id.0 >= from => id.0 += by,
            Object::Array(items) => items.iter_mut().for_each(|o| shift(o, from, by)),
            Object::Dictionary(dict) => dict.iter_mut().for_each(|(_, o)| shift(o, from, by)),
            Object::Stream(stream) => {
                (stream.dict.iter_mut()).for_each(|(_, o)| shift(o, from, by))
            }
            _ => {}
        }
    }
    let objects = std::mem::take(&mut pdf.objects);
    pdf.objects = (objects.into_iter())
        .map(|((number, generation), mut object)| {
            shift(&mut object, from, by);
            let number = if number >= from { number + by } else { number };
            ((number, generation), object)
        })
        .collect();
    (pdf.trailer.iter_mut()).for_each(|(_, o)| shift(o, from, by));
    pdf.max_id += by;
}

/// printpdf's document of one empty page per size in `sizes`: catalog,
/// page tree, page objects with their boxes, numbered densely.
fn printpdf_skeleton(sizes: &[(f32, f32)], title: &str) -> lopdf::Document {
    use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect};
    let mut pdf = PdfDocument::new(title);
    let pages = sizes
        .iter()
        .map(|&(width, height)| {
            let bx = Rect::from_wh(Pt(width), Pt(height));
            PdfPage {
                media_box: bx.clone(),
                trim_box: bx.clone(),
                crop_box: bx,
                ops: Vec::new(),
            }
        })
        .collect();
    pdf.with_pages(pages);
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = pdf.to_lopdf_document(&options, &mut warnings);
    // Drop what the export replaces (printpdf's empty content streams and
    // resource dictionaries, its Info) and number the rest densely now, while
    // the document is a dozen objects: everything added later gets the next
    // numbers, so the finished file needs no pruning or renumbering pass.
    for id in page_ids(&pdf) {
        if let Ok(page) = pdf.get_dictionary_mut(id) {
            // Null placeholders keep the keys where printpdf put them.
            page.set("Contents", Object::Null);
            page.set("Resources", Object::Null);
        }
    }
    pdf.trailer.set("Info", Object::Null);
    pdf.prune_objects();
    pdf.renumber_objects();
    // The file's header is written with its first stream, before [`finish`]
    // sets the version again: a file handed over as it is made
    // (`write::Frozen::send`) cannot have it changed afterwards.
    pdf.version = PDF_VERSION.to_owned();
    pdf
}

/// The page objects, in page order.
fn page_ids(pdf: &lopdf::Document) -> Vec<ObjectId> {
    pdf.get_pages().into_values().collect()
}

/// A stream, compressed when asked.
pub fn stream(dict: Dictionary, data: Vec<u8>, compress: bool) -> lopdf::Stream {
    super::make_stream(dict, data, compress)
}

/// A text string: PDFDocEncoding (as ASCII) when possible, else UTF-16BE with BOM.
pub fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn real(v: f32) -> Object {
    // Two decimals, like the content streams: 0.01 pt is below what anyone sees.
    Object::Real((v * 100.0).round() / 100.0)
}

/// An `/XYZ` destination at `top` (pt from the page top) of page `index`.
fn destination(pages: &Pages, index: usize, top: f32) -> Option<Object> {
    let page = *pages.ids.get(index)?;
    let height = pages.sizes.get(index)?.1;
    Some(Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Integer(0),
        real(height - top),
        Object::Null,
    ]))
}

/// A link annotation over `(x, y, w, h)` (top-left origin) of a page `height` high.
pub fn link(
    pages: &Pages,
    height: f32,
    (x, y, w, h): (f32, f32, f32, f32),
    target: &str,
) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Annot".to_vec()));
    dict.set("Subtype", Object::Name(b"Link".to_vec()));
    dict.set(
        "Rect",
        Object::Array(vec![
            real(x),
            real(height - y - h),
            real(x + w),
            real(height - y),
        ]),
    );
    dict.set(
        "Border",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Integer(0),
        ]),
    );
    // Print flag: links are part of the page when printed (and PDF/A requires it).
    dict.set("F", Object::Integer(4));
    dict.set("Contents", text_string(target));
    let internal = target
        .strip_prefix("#page=")
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| destination(pages, n.checked_sub(1)?, 0.0));
    match internal {
        Some(dest) => dict.set("Dest", dest),
        None => {
            let mut action = Dictionary::new();
            action.set("S", Object::Name(b"URI".to_vec()));
            action.set(
                "URI",
                Object::String(target.as_bytes().to_vec(), StringFormat::Literal),
            );
            dict.set("A", action);
        }
    }
    dict
}

/// The finish pass: outlines, catalog, Info and XMP, output intent, version, `/ID`.
pub fn finish(
    pdf: &mut lopdf::Document,
    bookmarks: &[Bookmark],
    meta: &Metadata,
    pages: &Pages,
    mut hasher: Hasher,
    conformance: Conformance,
) -> Result<(), ExportError> {
    let err = |e: lopdf::Error| ExportError::Write(e.to_string());
    pdf.version = PDF_VERSION.to_owned();

    let outlines = outlines(pdf, bookmarks, pages);
    let fields = Fields::new(meta);
    let packet = xmp::packet(&fields, &meta.lang, conformance);
    hasher.write(packet.as_bytes());
    let mut xmp_dict = Dictionary::new();
    xmp_dict.set("Type", Object::Name(b"Metadata".to_vec()));
    xmp_dict.set("Subtype", Object::Name(b"XML".to_vec()));
    // Never compressed: PDF/A wants the packet readable by tools that know no PDF.
    let metadata =
        pdf.add_object(lopdf::Stream::new(xmp_dict, packet.into_bytes()).with_compression(false));
    let intent = output_intent(pdf);

    let catalog = pdf.catalog_mut().map_err(err)?;
    catalog.set("Metadata", Object::Reference(metadata));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );
    catalog.remove(b"GTS_PDFXVersion");
    match outlines {
        Some(root) => {
            catalog.set("Outlines", Object::Reference(root));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    catalog.set("Lang", text_string(&meta.lang));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", prefs);

    let info = info(&fields);
    for (key, value) in info.iter() {
        hasher.write(key);
        if let Object::String(bytes, _) = value {
            hasher.write(bytes);
        }
    }
    for b in bookmarks {
        hasher.write(b.title.as_bytes());
        hasher.write(&[b.level]);
        hasher.write(&(b.page as u64).to_le_bytes());
        hasher.write(&b.y.to_le_bytes());
    }
    let info_id = pdf.add_object(info);
    pdf.trailer.set("Info", Object::Reference(info_id));
    let id = hasher.finish128().to_vec();
    pdf.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

/// The Info dictionary (the same values as the XMP packet).
fn info(fields: &Fields) -> Dictionary {
    let mut info = Dictionary::new();
    info.set("Title", text_string(&fields.title));
    if let Some(author) = &fields.author {
        info.set("Author", text_string(author));
    }
    if let Some(subject) = &fields.subject {
        info.set("Subject", text_string(subject));
    }
    if let Some(keywords) = &fields.keywords {
        info.set("Keywords", text_string(keywords));
    }
    info.set("Creator", text_string(&fields.creator));
    info.set("Producer", text_string(&fields.producer));
    if let Some(date) = fields.pdf_date() {
        info.set("CreationDate", text_string(&date));
        info.set("ModDate", text_string(&date));
    }
    info
}

/// The PDF/A output intent: colours are sRGB, described by the generated profile.
fn output_intent(pdf: &mut lopdf::Document) -> ObjectId {
    // The profile stream is the same in every file: compressed once per process.
    static PROFILE: std::sync::OnceLock<lopdf::Stream> = std::sync::OnceLock::new();
    let profile = PROFILE.get_or_init(|| {
        let mut dict = Dictionary::new();
        dict.set("N", Object::Integer(3));
        stream(dict, super::icc::srgb().to_vec(), true)
    });
    let profile = pdf.add_object(profile.clone());
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set(
        "OutputConditionIdentifier",
        text_string(super::icc::DESCRIPTION),
    );
    intent.set("Info", text_string(super::icc::DESCRIPTION));
    intent.set("RegistryName", text_string("http://www.color.org"));
    intent.set("DestOutputProfile", Object::Reference(profile));
    pdf.add_object(intent)
}

/// Writes the outline tree from the bookmarks' levels; `None` without bookmarks.
fn outlines(pdf: &mut lopdf::Document, marks: &[Bookmark], pages: &Pages) -> Option<ObjectId> {
    if marks.is_empty() {
        return None;
    }
    let root = pdf.new_object_id();
    let ids: Vec<ObjectId> = marks.iter().map(|_| pdf.new_object_id()).collect();
    // Parent of each bookmark (None: the root), from the levels.
    let mut parents = Vec::with_capacity(marks.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, b) in marks.iter().enumerate() {
        while stack.last().is_some_and(|&j| marks[j].level >= b.level) {
            stack.pop();
        }
        parents.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..marks.len()).filter(|&i| parents[i] == p).collect()
    };
    // Descendant counts (all items open).
    let mut descendants = vec![0i64; marks.len()];
    for i in (0..marks.len()).rev() {
        if let Some(p) = parents[i] {
            descendants[p] += 1 + descendants[i];
        }
    }
    for (i, b) in marks.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&b.title));
        dict.set(
            "Parent",
            Object::Reference(parents[i].map_or(root, |p| ids[p])),
        );
        if let Some(dest) = destination(pages, b.page, b.y) {
            dict.set("Dest", dest);
        }
        let siblings = children(parents[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if pos > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[*first]));
            dict.set("Last", Object::Reference(ids[*last]));
            dict.set("Count", Object::Integer(descendants[i]));
        }
        pdf.set_object(ids[i], dict);
    }
    let top = children(None);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        dict.set("First", Object::Reference(ids[*first]));
        dict.set("Last", Object::Reference(ids[*last]));
    }
    dict.set("Count", Object::Integer(marks.len() as i64));
    pdf.set_object(root, dict);
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The skeleton of one page object per size, each page's made from its
    /// size's template, is the document printpdf makes of every page: the
    /// same objects under the same numbers, byte for byte, whatever the
    /// sizes and their order.
    #[test]
    fn a_skeleton_of_templates_is_printpdfs_page_per_page() {
        let (a4, a5, letter) = ((595.28, 841.89), (419.53, 595.28), (612.0, 792.0));
        let cases: [&[(f32, f32)]; 6] = [
            &[],
            &[a4],
            &[a4, a4, a4],
            &[a5, a4, a5, a5, letter, a4, letter],
            &[letter; 40],
            &[a4, a5],
        ];
        for sizes in cases {
            let mut whole = printpdf_skeleton(sizes, "Fiches « ancrage »");
            let (mut made, pages) = skeleton(sizes.to_vec(), "Fiches « ancrage »");
            assert_eq!(pages.ids, page_ids(&whole), "{sizes:?}");
            assert_eq!(made.max_id, whole.max_id, "{sizes:?}");
            for (index, id) in pages.ids.iter().enumerate() {
                assert!(!made.objects.contains_key(id), "{sizes:?}");
                let object = pages.object(index).expect("a page object");
                made.objects.insert(*id, Object::Dictionary(object));
            }
            assert!(pages.object(sizes.len()).is_none());
            // printpdf's trailer `/ID` is random (`finish` replaces it).
            let bytes = |pdf: &mut lopdf::Document| {
                pdf.trailer.remove(b"ID");
                let mut out = Vec::new();
                pdf.save_to(&mut out).expect("saved");
                out
            };
            assert_eq!(bytes(&mut made), bytes(&mut whole), "{sizes:?}");
        }
    }

    #[test]
    fn accents_become_utf16_with_bom() {
        assert_eq!(
            text_string("Été"),
            Object::String(
                vec![0xFE, 0xFF, 0, 0xC9, 0, b't', 0, 0xE9],
                StringFormat::Hexadecimal
            )
        );
        assert_eq!(
            text_string("Youth"),
            Object::String(b"Youth".to_vec(), StringFormat::Literal)
        );
    }

    #[test]
    fn hasher_is_stable() {
        let mut h = Hasher::new();
        h.write(b"abc");
        let mut g = Hasher::new();
        g.write(b"abc");
        assert_eq!(h.finish128(), g.finish128());
        g.write(b"");
        assert_ne!(h.finish128(), g.finish128());
    }
}
