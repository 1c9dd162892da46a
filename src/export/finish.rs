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
}

/// The document skeleton from printpdf: catalog, page tree, one empty page per
/// page size (width, height in pt) with its boxes.
pub fn skeleton(sizes: &[(f32, f32)], title: &str) -> lopdf::Document {
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
pub fn page_ids(pdf: &lopdf::Document) -> Vec<ObjectId> {
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
