//! Font embedding: subsets each used font with `subsetter` and writes it as a
//! `Type0` font over a CID font, with widths and a `ToUnicode` CMap.
//!
//! `subsetter` renumbers the kept glyphs densely (0, 1, 2…) and makes the CFF
//! CID-keyed with an identity CID↔GID mapping, so the new glyph id is the CID written
//! in the content streams (`Identity-H` encoding); TrueType fonts get
//! `/CIDToGIDMap /Identity` for the same reason.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use lopdf::{Dictionary, Object, ObjectId};
use subsetter::GlyphRemapper;

use super::finish::Hasher;
use super::{ExportError, make_stream};
use crate::layout::document::{Content, Document, GlyphRun, Page};
use crate::layout::fonts::{Font, FontBook, FontId, Outlines};

/// PDF text space: glyph widths and metrics are written per 1000 units of the em.
const PDF_UNITS: f32 = 1000.0;

/// One embedded font.
#[derive(Debug)]
pub struct EmbeddedFont {
    /// The font in the book.
    pub id: FontId,
    /// Resource name (`F1`…).
    pub resource: String,
    /// The `Type0` font object.
    pub object: ObjectId,
    /// Original glyph id → glyph id (= CID) in the subset, indexed by the
    /// original id (0, `.notdef`, for glyphs outside the subset).
    pub cids: Vec<u16>,
    /// Width written in `/W` for each subset glyph id, in 1/1000 em, indexed
    /// by the new id.
    pub widths: Vec<i32>,
}

impl EmbeddedFont {
    /// The CID of an original glyph id (0 when it is not in the subset).
    pub fn cid(&self, glyph: u16) -> u16 {
        self.cids.get(usize::from(glyph)).copied().unwrap_or(0)
    }

    /// The `/W` width of a CID, in 1/1000 em.
    pub fn width(&self, cid: u16) -> i32 {
        self.widths.get(usize::from(cid)).copied().unwrap_or(0)
    }
}

/// The fonts of a document.
#[derive(Debug, Default)]
pub struct FontSet {
    /// Embedded fonts, by resource name order.
    pub fonts: Vec<EmbeddedFont>,
}

impl FontSet {
    /// The embedded version of a font of the book.
    pub fn get(&self, id: FontId) -> Option<&EmbeddedFont> {
        self.fonts.iter().find(|f| f.id == id)
    }
}

/// The glyphs a document draws, per font, with the text each one stands for
/// (its first occurrence in page order wins): what the font subsets and their
/// `ToUnicode` maps are made of. Filled page by page ([`GlyphSet::add_page`]),
/// so that a document streamed to the export can give its subsets before its
/// first page is written (the content streams use the subsets' glyph ids).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GlyphSet {
    /// Per font, each glyph and its text.
    used: BTreeMap<FontId, BTreeMap<u16, String>>,
    /// Per font, a flag per glyph id set once its text is known: most
    /// glyphs repeat, and this skips the map look-up for them.
    known: HashMap<FontId, Vec<bool>>,
    /// Whether some glyph stands for no text of its run (the second glyph of
    /// a cluster): then only the finished maps tell whether every glyph has
    /// text ([`GlyphSet::unicode_complete`]).
    indirect: bool,
}

impl GlyphSet {
    /// The glyphs of every page of `doc`.
    pub fn of(doc: &Document) -> GlyphSet {
        let mut set = GlyphSet::default();
        for page in &doc.pages {
            set.add_page(page);
        }
        set
    }

    /// Adds the glyphs drawn on `page` (pages in document order).
    pub fn add_page(&mut self, page: &Page) {
        for item in &page.items {
            if let Content::Text(run) = &item.content {
                self.add_run(run);
            }
        }
    }

    fn add_run(&mut self, run: &GlyphRun) {
        let glyphs = self.used.entry(run.font).or_default();
        let known = self.known.entry(run.font).or_default();
        for g in &run.glyphs {
            self.indirect |= g.text_start >= g.text_end;
            let index = usize::from(g.id);
            if known.get(index).copied().unwrap_or(false) {
                continue;
            }
            let text = run
                .text
                .get(g.text_start as usize..g.text_end as usize)
                .unwrap_or("");
            // A glyph has one ToUnicode entry. The hyphen glyph also
            // stands for the hyphens the line breaker inserts (source text
            // U+00AD): map it to « - » so that real hyphens in words, URLs
            // and e-mail addresses copy back exactly.
            let text = if text == "\u{AD}" { "-" } else { text };
            // An ordinal's superscript letter (« 1ᵉʳ ») reads as the
            // letter typed (« 1er »).
            let plain;
            let text = match text
                .chars()
                .next()
                .and_then(crate::layout::typo::plain_superscript)
            {
                Some(c) if text.chars().count() == 1 => {
                    plain = c.to_string();
                    plain.as_str()
                }
                _ => text,
            };
            let entry = glyphs.entry(g.id).or_default();
            if !text.is_empty() {
                entry.push_str(text);
                if known.len() <= index {
                    known.resize(index + 1, false);
                }
                known[index] = true;
            }
        }
    }

    /// Whether every glyph drawn has Unicode text in the `ToUnicode` maps
    /// (PDF/A-2u).
    ///
    /// Fast path: when every glyph stands for a non-empty slice of its run's
    /// text, it is mapped. Otherwise the maps tell, since the same glyph may
    /// carry text elsewhere.
    pub fn unicode_complete(&self) -> bool {
        !self.indirect || (self.used.values()).all(|glyphs| glyphs.values().all(|t| !t.is_empty()))
    }

    /// Whether glyph `glyph` of `font` is drawn.
    pub fn contains(&self, font: FontId, glyph: u16) -> bool {
        self.used.get(&font).is_some_and(|g| g.contains_key(&glyph))
    }

    /// How many fonts, and how many glyphs of them in all: for the harnesses.
    pub fn counts(&self) -> (usize, usize) {
        (self.used.len(), self.used.values().map(BTreeMap::len).sum())
    }
}

/// Subsets and writes every font of `glyphs`.
pub fn embed(
    pdf: &mut lopdf::Document,
    glyphs: &GlyphSet,
    book: &FontBook,
    compress: bool,
    hasher: &mut Hasher,
) -> Result<FontSet, ExportError> {
    let mut set = FontSet::default();
    for (n, (&id, glyphs)) in glyphs.used.iter().enumerate() {
        let font = book.font(id);
        let embedded = embed_one(pdf, font, id, glyphs, format!("F{}", n + 1), compress)?;
        hasher.write(font.name.as_bytes());
        for (gid, text) in glyphs {
            hasher.write(&gid.to_be_bytes());
            hasher.write(text.as_bytes());
        }
        set.fonts.push(embedded);
    }
    Ok(set)
}

fn font_error(font: &Font, reason: impl ToString) -> ExportError {
    ExportError::Font {
        name: font.name.clone(),
        reason: reason.to_string(),
    }
}

/// A subset font program with what the PDF needs from it, kept in [`SUBSETS`]:
/// the same font with the same glyphs (a heading font across editions, the
/// same sheet for similar communes) is subset and compressed once per process.
#[derive(Debug)]
struct Subset {
    /// `FontFile3` or `FontFile2`.
    file_key: &'static str,
    /// The font program stream, compressed or not as asked.
    file: lopdf::Stream,
    /// `CIDFontType0` or `CIDFontType2`.
    cid_subtype: &'static str,
    /// `(original id, new id)` for every kept glyph, by original id.
    remap: Vec<(u16, u16)>,
    /// `/W` width of each new glyph id, in 1/1000 em.
    widths: Vec<i32>,
}

/// What a subset depends on: the font (its `'static` bytes, identified by
/// address and length: font data is interned and never freed, see
/// [`crate::layout::fonts`]), the glyph ids, and whether streams are compressed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SubsetKey {
    data: (usize, usize),
    glyphs: Vec<u16>,
    compress: bool,
}

/// Subsets shared by every document of the process (and every thread); the
/// value is a pure function of the key, so the output never depends on which
/// thread filled an entry.
static SUBSETS: OnceLock<Mutex<HashMap<SubsetKey, Arc<Subset>>>> = OnceLock::new();

/// Entries kept in [`SUBSETS`] before it is emptied: a sheet uses about five
/// fonts and a build a few hundred distinct subsets of a few kilobytes each
/// (tens for a collection), so 512 entries keep every subset of the shipped
/// build within a few megabytes (2 048, before, let the glyphs of thousands
/// of commune names hold some 10 MB).
const SUBSET_CAPACITY: usize = 512;

/// The subset of `font` with `glyphs`, from the cache or made now.
fn subset(font: &Font, glyphs: &[u16], compress: bool) -> Result<Arc<Subset>, ExportError> {
    let key = SubsetKey {
        data: (font.data.as_ptr() as usize, font.data.len()),
        glyphs: glyphs.to_vec(),
        compress,
    };
    let cache = SUBSETS.get_or_init(Mutex::default);
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return Ok(Arc::clone(hit));
    }
    // Made outside the lock: two threads may both make the same subset, and
    // then insert equal values.
    let made = Arc::new(make_subset(font, glyphs, compress)?);
    let mut map = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if map.len() >= SUBSET_CAPACITY {
        map.clear();
    }
    map.insert(key, Arc::clone(&made));
    Ok(made)
}

/// Subsets `font` to `glyphs` (sorted original ids) and measures the kept glyphs.
fn make_subset(font: &Font, glyphs: &[u16], compress: bool) -> Result<Subset, ExportError> {
    let face = ttf_parser::Face::parse(font.data, 0).map_err(|e| font_error(font, e))?;
    let mut remapper = GlyphRemapper::new();
    for gid in glyphs {
        remapper.remap(*gid);
    }
    let subset = subsetter::subset(font.data, 0, &remapper)
        .map_err(|e| font_error(font, format!("{e:?}")))?;
    let remap: Vec<(u16, u16)> = glyphs
        .iter()
        .filter_map(|g| Some((*g, remapper.get(*g)?)))
        .collect();

    let scale = PDF_UNITS / f32::from(font.units_per_em);
    let count = remap.iter().map(|(_, new)| usize::from(*new) + 1).max();
    let mut widths = vec![0; count.unwrap_or(0)];
    for (old, new) in &remap {
        let adv = face
            .glyph_hor_advance(ttf_parser::GlyphId(*old))
            .unwrap_or(0);
        widths[usize::from(*new)] = (f32::from(adv) * scale).round() as i32;
    }

    let (file_key, file, cid_subtype) = match font.outlines {
        Outlines::Cff => {
            let raw = ttf_parser::RawFace::parse(&subset, 0).map_err(|e| font_error(font, e))?;
            let cff = raw
                .table(ttf_parser::Tag::from_bytes(b"CFF "))
                .ok_or_else(|| font_error(font, "table CFF absente du sous-ensemble"))?;
            let mut dict = Dictionary::new();
            dict.set("Subtype", Object::Name(b"CIDFontType0C".to_vec()));
            (
                "FontFile3",
                make_stream(dict, cff.to_vec(), compress),
                "CIDFontType0",
            )
        }
        Outlines::TrueType => {
            let mut dict = Dictionary::new();
            dict.set("Length1", Object::Integer(subset.len() as i64));
            (
                "FontFile2",
                make_stream(dict, subset, compress),
                "CIDFontType2",
            )
        }
    };
    Ok(Subset {
        file_key,
        file,
        cid_subtype,
        remap,
        widths,
    })
}

fn embed_one(
    pdf: &mut lopdf::Document,
    font: &Font,
    id: FontId,
    glyphs: &BTreeMap<u16, String>,
    resource: String,
    compress: bool,
) -> Result<EmbeddedFont, ExportError> {
    let ids: Vec<u16> = glyphs.keys().copied().collect();
    let subset = subset(font, &ids, compress)?;

    let tag = subset_tag(&font.name, ids.iter().copied());
    let base_font = format!("{tag}+{}", font.name);

    let mut cids = vec![0; ids.last().map_or(0, |g| usize::from(*g) + 1)];
    for (old, new) in &subset.remap {
        cids[usize::from(*old)] = *new;
    }
    let file_id = pdf.add_object(subset.file.clone());
    let descriptor_id = pdf.add_object(descriptor(font, &base_font, subset.file_key, file_id));
    let cid_id = pdf.add_object(cid_font(font, &base_font, &subset, descriptor_id));

    let mut entries: Vec<(u16, &str)> = glyphs
        .iter()
        .filter(|(_, t)| !t.is_empty())
        .filter_map(|(old, t)| {
            let at = subset.remap.binary_search_by_key(old, |(o, _)| *o).ok()?;
            Some((subset.remap[at].1, t.as_str()))
        })
        .collect();
    entries.sort_unstable();
    let cmap_id = pdf.add_object(to_unicode_stream(&entries, compress));

    let mut type0 = Dictionary::new();
    type0.set("Type", Object::Name(b"Font".to_vec()));
    type0.set("Subtype", Object::Name(b"Type0".to_vec()));
    type0.set("BaseFont", Object::Name(base_font.into_bytes()));
    type0.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    type0.set(
        "DescendantFonts",
        Object::Array(vec![Object::Reference(cid_id)]),
    );
    type0.set("ToUnicode", Object::Reference(cmap_id));
    let object = pdf.add_object(type0);

    Ok(EmbeddedFont {
        id,
        resource,
        object,
        cids,
        widths: subset.widths.clone(),
    })
}

/// A font's metrics in PDF units (1/1000 em).
fn to_pdf(font: &Font, v: i16) -> i64 {
    let scale = PDF_UNITS / f32::from(font.units_per_em);
    (f32::from(v) * scale).round() as i64
}

/// The `FontDescriptor` of `font` subset as `base_font`, its program in
/// `file_id` under `file_key`.
fn descriptor(font: &Font, base_font: &str, file_key: &str, file_id: ObjectId) -> Dictionary {
    // Symbolic (4): the glyphs are addressed by CID, not by a standard encoding;
    // italic (64) when the font slants.
    let flags = 4 | if font.italic_angle != 0.0 { 64 } else { 0 };
    // StemV is not stored in OpenType fonts; this linear estimate from the weight
    // class (the one krilla uses) is what viewers need for substitution only.
    let stem_v = (10.0 + 0.244 * (f32::from(font.weight_class) - 50.0)).round() as i64;
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    descriptor.set("FontName", Object::Name(base_font.as_bytes().to_vec()));
    descriptor.set("Flags", Object::Integer(flags));
    descriptor.set(
        "FontBBox",
        Object::Array(
            font.bbox
                .iter()
                .map(|v| Object::Integer(to_pdf(font, *v)))
                .collect(),
        ),
    );
    descriptor.set("ItalicAngle", Object::Real(font.italic_angle));
    descriptor.set("Ascent", Object::Integer(to_pdf(font, font.ascender)));
    descriptor.set("Descent", Object::Integer(to_pdf(font, font.descender)));
    descriptor.set("CapHeight", Object::Integer(to_pdf(font, font.cap_height)));
    descriptor.set("StemV", Object::Integer(stem_v));
    descriptor.set(file_key, Object::Reference(file_id));
    descriptor
}

/// The CID font of `subset`, with its widths (`/W`).
fn cid_font(font: &Font, base_font: &str, subset: &Subset, descriptor_id: ObjectId) -> Dictionary {
    let mut system_info = Dictionary::new();
    system_info.set("Registry", Object::string_literal("Adobe"));
    system_info.set("Ordering", Object::string_literal("Identity"));
    system_info.set("Supplement", Object::Integer(0));
    let mut cid_font = Dictionary::new();
    cid_font.set("Type", Object::Name(b"Font".to_vec()));
    cid_font.set(
        "Subtype",
        Object::Name(subset.cid_subtype.as_bytes().to_vec()),
    );
    cid_font.set("BaseFont", Object::Name(base_font.as_bytes().to_vec()));
    cid_font.set("CIDSystemInfo", system_info);
    cid_font.set("FontDescriptor", Object::Reference(descriptor_id));
    cid_font.set("DW", Object::Integer(0));
    cid_font.set("W", Object::Array(widths_array(subset)));
    if font.outlines == Outlines::TrueType {
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }
    cid_font
}

/// `/W` as `first [w w w…]` per run of consecutive ids (one run, as the
/// subset ids are dense).
fn widths_array(subset: &Subset) -> Vec<Object> {
    let mut by_new: Vec<u16> = subset.remap.iter().map(|(_, new)| *new).collect();
    by_new.sort_unstable();
    let mut w = Vec::new();
    let mut group: Vec<Object> = Vec::new();
    let mut next = None;
    for new in by_new {
        if next != Some(new) {
            if !group.is_empty() {
                w.push(Object::Array(std::mem::take(&mut group)));
            }
            w.push(Object::Integer(i64::from(new)));
        }
        group.push(Object::Integer(i64::from(subset.widths[usize::from(new)])));
        next = Some(new + 1);
    }
    if !group.is_empty() {
        w.push(Object::Array(group));
    }
    w
}

/// A `ToUnicode` CMap's text: `(CID, text)` pairs sorted by CID.
type CmapKey = (Vec<(u16, String)>, bool);

/// `ToUnicode` streams shared by every document of the process, by their
/// entries: the same subset nearly always maps its glyphs to the same text,
/// and writing and compressing the CMap was a third of embedding a font.
/// The value is a pure function of the key.
static CMAPS: OnceLock<Mutex<HashMap<CmapKey, Arc<lopdf::Stream>>>> = OnceLock::new();

/// The `ToUnicode` stream of `entries` (sorted by CID), from [`CMAPS`] or
/// made now; the cache is emptied past [`SUBSET_CAPACITY`] entries (one
/// per subset, of a kilobyte or two each).
fn to_unicode_stream(entries: &[(u16, &str)], compress: bool) -> lopdf::Stream {
    let key: CmapKey = (
        entries.iter().map(|(c, t)| (*c, (*t).to_owned())).collect(),
        compress,
    );
    let cache = CMAPS.get_or_init(Mutex::default);
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return (**hit).clone();
    }
    let cmap = to_unicode_cmap(entries);
    let made = Arc::new(make_stream(Dictionary::new(), cmap.into_bytes(), compress));
    let mut map = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if map.len() >= SUBSET_CAPACITY {
        map.clear();
    }
    map.insert(key, Arc::clone(&made));
    (*made).clone()
}

/// The six-letter subset tag, derived from the font name and the glyph set so that
/// the same subset always gets the same tag.
pub fn subset_tag(name: &str, glyphs: impl Iterator<Item = u16>) -> String {
    let mut h = Hasher::new();
    h.write(name.as_bytes());
    for g in glyphs {
        h.write(&g.to_be_bytes());
    }
    let mut v = h.finish64();
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (v % 26) as u8);
            v /= 26;
            c
        })
        .collect()
}

/// A `ToUnicode` CMap mapping each CID to the UTF-16 of its source text.
pub fn to_unicode_cmap(entries: &[(u16, &str)]) -> String {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // The PostScript CMap syntax allows at most 100 entries per bfchar block.
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (cid, text) in chunk {
            let _ = write!(out, "<{cid:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tag_is_stable_and_depends_on_glyphs() {
        let a = subset_tag("Inter-Regular", [1, 2, 3].into_iter());
        assert_eq!(a, subset_tag("Inter-Regular", [1, 2, 3].into_iter()));
        assert_ne!(a, subset_tag("Inter-Regular", [1, 2, 4].into_iter()));
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
    }

    #[test]
    fn cmap_maps_ligatures_to_several_chars() {
        let cmap = to_unicode_cmap(&[(3, "fi"), (4, "é")]);
        assert!(cmap.contains("<0003> <00660069>"));
        assert!(cmap.contains("<0004> <00E9>"));
        assert!(cmap.contains("2 beginbfchar"));
    }
}
