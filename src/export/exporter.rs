//! The export fed page by page: what a document of thousands of pages needs
//! so that its pages need not all exist at once (issue 20 §5, memory of the
//! territory's directory).
//!
//! The content streams use the font subsets' glyph ids, and a link or a
//! bookmark may point at any page: so the fonts, the images and the page
//! sizes are known before the first page is written, from a [`Prelude`]
//! gathered over the pages ([`Prelude::add_page`], possibly in an earlier
//! pass whose pages were dropped as they came). Then each page is written as
//! it comes ([`Exporter::page`]): its content stream compressed, its link
//! annotations and its page object serialised at once ([`Frozen`]), its
//! record (the structure node of each marked-content sequence and link)
//! kept for the structure tree; the page itself is not kept. The structure
//! tree, the outline and the metadata are written at the end
//! ([`Exporter::finish`]), from the structure and the bookmarks.
//!
//! [`super::export`] goes through this too: there is one way of writing a
//! PDF, so a streamed document's file is byte for byte the one its whole
//! `Document` would give.

use lopdf::{Dictionary, Object, ObjectId};

use super::finish::{self, Hasher, Pages};
use super::fonts::{self, FontSet, GlyphSet};
use super::images::{self, ImageSet, PlacedSizes};
use super::tags::{self, Figures, Marks};
use super::write::{self, Frozen};
use super::{ExportError, Exported, ImageWarning, Metadata, Options, boxes, content, xmp};
use crate::layout::document::{
    Bookmark, Content, Document, ImageRef, NodeId, Page, Structure, Tag,
};
use crate::layout::fonts::FontBook;

/// What the export must know of a document's pages before it writes the
/// first: each page's size, the glyphs drawn per font (with their text) and
/// the size each image is placed at. Gathered page by page, in page order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prelude {
    /// Each page's width and height (pt).
    sizes: Vec<(f32, f32)>,
    /// The glyphs drawn, per font.
    glyphs: GlyphSet,
    /// The largest size each image is placed at.
    placed: PlacedSizes,
}

impl Prelude {
    /// The prelude of every page of `doc`.
    pub fn of(doc: &Document) -> Prelude {
        Prelude::of_pages(&doc.pages)
    }

    /// The prelude of `pages`.
    pub fn of_pages(pages: &[Page]) -> Prelude {
        let mut prelude = Prelude::default();
        for page in pages {
            prelude.add_page(page);
        }
        prelude
    }

    /// Adds the next page; the page need not be kept afterwards.
    pub fn add_page(&mut self, page: &Page) {
        self.sizes.push((page.width, page.height));
        self.glyphs.add_page(page);
        self.placed.add_page(page);
    }

    /// How many pages were added.
    pub fn page_count(&self) -> usize {
        self.sizes.len()
    }

    /// The glyphs drawn on the pages added.
    pub fn glyphs(&self) -> &GlyphSet {
        &self.glyphs
    }
}

/// What an [`Exporter`] holds, in bytes of the heap: estimates (a lopdf
/// object counts its size and what it owns, not the allocator's rounding
/// nor its map's nodes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    /// The lopdf objects: the skeleton, the fonts and images until the
    /// first page is written.
    pub objects: usize,
    /// The file so far (its streams: fonts, images, page contents) and the
    /// objects already serialised (pages, link annotations), in object
    /// streams compressed once complete.
    pub serialised: usize,
    /// The pages' records (the structure node of each marked-content
    /// sequence and annotation).
    pub records: usize,
}

impl Held {
    /// All of it.
    pub fn total(&self) -> usize {
        self.objects + self.serialised + self.records
    }
}

/// A PDF being written page by page: made from a [`Prelude`], fed each page
/// in order ([`Exporter::page`]), finished with the structure and the
/// bookmarks ([`Exporter::finish`]).
#[derive(Debug)]
pub struct Exporter {
    meta: Metadata,
    options: Options,
    pdf: lopdf::Document,
    /// Objects already serialised: link annotations, page objects, and
    /// at the end the structure elements.
    frozen: Frozen,
    pages: Pages,
    hasher: Hasher,
    fonts: FontSet,
    images: ImageSet,
    /// The resource dictionary every page shares.
    resources: ObjectId,
    /// The structure node of each marked-content sequence and link
    /// annotation of the pages written.
    marks: Marks,
    /// Link annotations written so far.
    annotations: usize,
    figures: Figures,
    /// Whether every glyph has Unicode text (PDF/A-2u rather than 2b).
    unicode_complete: bool,
}

impl Exporter {
    /// Starts a PDF of the pages `prelude` announces: the skeleton with its
    /// page tree, the font subsets, the images (`images`, indexed as the
    /// pages' [`Content::Image`] items) and the shared resources.
    pub fn new(
        book: &FontBook,
        meta: &Metadata,
        options: &Options,
        prelude: Prelude,
        images: &[ImageRef],
    ) -> Result<Exporter, ExportError> {
        let Prelude {
            sizes,
            glyphs,
            placed,
        } = prelude;
        let (mut pdf, pages) = finish::skeleton(sizes, &meta.title);
        let mut hasher = Hasher::new();
        let fonts = fonts::embed(&mut pdf, &glyphs, book, options.compress, &mut hasher)?;
        let unicode_complete = glyphs.unicode_complete();
        drop(glyphs);
        let images = images::embed(&mut pdf, images, &placed, &mut hasher, options.grayscale)?;
        // Boxes and marks are part of the file: they take part in its identity.
        hasher.write(options.drawn_identity().as_bytes());
        let resources = shared_resources(&mut pdf, &fonts, &images);
        Ok(Exporter {
            meta: meta.clone(),
            options: options.clone(),
            pdf,
            frozen: Frozen::new(options.compress),
            marks: Marks::default(),
            pages,
            hasher,
            fonts,
            images,
            resources,
            annotations: 0,
            figures: Figures::default(),
            unicode_complete,
        })
    }

    /// Writes the next page, whose structure nodes are in `structure` (the
    /// document's, or as much of it as exists yet): its content stream, its
    /// link annotations and its page object. The exporter keeps none of the
    /// page's items.
    ///
    /// An error when the page is not the one the prelude announced: beyond
    /// the page count, of another size, or drawing glyphs the fonts were not
    /// subset with.
    pub fn page(&mut self, page: &Page, structure: &Structure) -> Result<(), ExportError> {
        let index = self.marks.pages();
        let mismatch = |what: &str| {
            ExportError::Write(format!(
                "la page {} n’est pas celle annoncée avant la première ({what})",
                index + 1
            ))
        };
        match self.pages.sizes.get(index) {
            None => return Err(mismatch("page en trop")),
            Some(&size) if size != (page.width, page.height) => {
                return Err(mismatch("autre format"));
            }
            Some(_) => {}
        }
        let page_id = self.pages.ids[index];
        let print = self.options.print();
        let written = content::page(structure, page, &self.fonts, &self.images, print);
        if written.foreign_glyphs {
            return Err(mismatch("glyphes absents des polices incorporées"));
        }
        self.figures.add_page(index, page, structure);
        self.hasher.write(&written.stream);
        let stream = finish::stream(Dictionary::new(), written.stream, self.options.compress);
        let contents = self.pdf.add_object(stream);
        let (annots, annotations) = self.links(page);
        let err = |e: lopdf::Error| ExportError::Write(e.to_string());
        let mut dict =
            (self.pages.object(index)).ok_or_else(|| err(lopdf::Error::ObjectNotFound(page_id)))?;
        dict.set("Contents", Object::Reference(contents));
        if print.bleed > 0.0 || print.crop_marks {
            let [media, bleed, trim] = boxes(page.width, page.height, print);
            let array = |b: [f32; 4]| Object::Array(b.iter().map(|v| Object::Real(*v)).collect());
            dict.set("MediaBox", array(media));
            dict.set("CropBox", array(media));
            dict.set("BleedBox", array(bleed));
            dict.set("TrimBox", array(trim));
        }
        dict.set("Resources", Object::Reference(self.resources));
        if annots.is_empty() {
            dict.remove(b"Annots");
        } else {
            dict.set("Annots", Object::Array(annots));
        }
        tags::page_entries(&mut dict, index);
        // The page object is finished: serialised now.
        self.frozen
            .put(&mut self.pdf, page_id, Object::Dictionary(dict));
        self.marks.add_page(&written.mcids, &annotations);
        Ok(())
    }

    /// Writes the link annotations of `page`: their references for its
    /// `/Annots`, and each with its structure node for its record.
    fn links(&mut self, page: &Page) -> (Vec<Object>, Vec<(ObjectId, Option<NodeId>)>) {
        let mut annots = Vec::new();
        let mut annotations = Vec::new();
        for item in &page.items {
            let Content::Link { x, y, w, h, target } = &item.content else {
                continue;
            };
            let mut dict = finish::link(&self.pages, page.height, (*x, *y, *w, *h), target);
            self.hasher.write(target.as_bytes());
            // Its key in the parent tree, as `tags::write` numbers them:
            // after one per page, the annotations in page order. Set now,
            // the annotation is finished and written at once.
            let key = self.pages.ids.len() + self.annotations;
            self.annotations += 1;
            dict.set("StructParent", Object::Integer(key as i64));
            let id = self.pdf.new_object_id();
            self.frozen.put(&mut self.pdf, id, Object::Dictionary(dict));
            annots.push(Object::Reference(id));
            let node = match item.tag {
                Tag::Content(n) => Some(n),
                Tag::Artifact => None,
            };
            annotations.push((id, node));
        }
        (annots, annotations)
    }

    /// Keeps the file's object streams, once compressed, in `scratch`
    /// until its end is written, rather than in memory (see
    /// [`super::write::Frozen::spill_to`]): the same bytes.
    pub fn spill_to(&mut self, scratch: Box<dyn super::Scratch>) {
        self.frozen.spill_to(scratch);
    }

    /// How many pages were written.
    pub fn pages_written(&self) -> usize {
        self.marks.pages()
    }

    /// About how many bytes of the heap the exporter holds, by kind: for
    /// the harnesses, and the tests that check that a page's items are not
    /// kept.
    pub fn held(&self) -> Held {
        let objects = (self.pdf.objects.values())
            .map(|o| weight(o) + std::mem::size_of::<(ObjectId, Object)>())
            .sum();
        let records = self.marks.held();
        Held {
            objects,
            serialised: self.frozen.held_bytes(),
            records,
        }
    }

    /// Writes the structure tree of `structure`, the outline of `bookmarks`
    /// and the metadata, and returns the file. An error when fewer pages
    /// were written than announced.
    ///
    /// A structure given by value is let go once its elements are written,
    /// before the parent tree is and the file sealed: a directory's tree
    /// (a million nodes at 34 900 communes) no longer weighs on the peak of
    /// its export.
    pub fn finish(
        self,
        structure: impl std::borrow::Borrow<Structure>,
        bookmarks: &[Bookmark],
    ) -> Result<Exported, ExportError> {
        let (bytes, _, warnings) = self.end(structure, bookmarks, None)?;
        Ok(Exported { bytes, warnings })
    }

    /// Hands the file made so far (the streams of the pages written: their
    /// contents, and the fonts and images before them) to `to`, keeping none
    /// of it: then [`Exporter::finish_into`] writes the rest there. A
    /// directory of thousands of pages is never held whole.
    pub fn send(&mut self, to: &mut dyn std::io::Write) -> Result<(), ExportError> {
        (self.frozen.send(to)).map_err(|e| ExportError::Write(e.to_string()))
    }

    /// Writes the rest of the file to `to`, as [`Exporter::finish`] makes
    /// it, after what [`Exporter::send`] handed over there: the same bytes.
    pub fn finish_into(
        self,
        structure: impl std::borrow::Borrow<Structure>,
        bookmarks: &[Bookmark],
        to: &mut dyn std::io::Write,
    ) -> Result<Sent, ExportError> {
        let (_, length, warnings) = self.end(structure, bookmarks, Some(to))?;
        Ok(Sent { length, warnings })
    }

    /// [`Exporter::finish`] (`to` none: the file returned whole) and
    /// [`Exporter::finish_into`] (the file's end written to `to`): the file,
    /// or nothing when written to `to`, its length and the image warnings.
    /// The structure, given by value, is let go inside
    /// [`Exporter::into_document`], before the parent tree is written.
    fn end(
        self,
        structure: impl std::borrow::Borrow<Structure>,
        bookmarks: &[Bookmark],
        to: Option<&mut dyn std::io::Write>,
    ) -> Result<(Vec<u8>, u64, Vec<ImageWarning>), ExportError> {
        let compress = self.options.compress;
        let (mut pdf, frozen, warnings) = self.into_document(structure, bookmarks)?;
        let io = |e: std::io::Error| ExportError::Write(e.to_string());
        let (bytes, length) = match (compress, to) {
            (true, None) => {
                let bytes = write::save(pdf, frozen)?;
                let length = bytes.len() as u64;
                (bytes, length)
            }
            (true, Some(to)) => (Vec::new(), write::save_to(pdf, frozen, to)?),
            // Uncompressed output is meant to be read as text: plain objects
            // and a classic cross-reference table, as lopdf writes them
            // (nothing was handed over before: the objects are all in the
            // document).
            (false, to) => {
                let mut bytes = Vec::new();
                let mut counted = Counted {
                    to: to.unwrap_or(&mut bytes),
                    length: 0,
                };
                pdf.save_to(&mut counted).map_err(io)?;
                let length = counted.length;
                (bytes, length)
            }
        };
        Ok((bytes, length, warnings))
    }

    /// The finished lopdf document, tagged, with its metadata, and beside it
    /// the objects already serialised (none when the output is not
    /// compressed, see [`Frozen`]).
    pub(super) fn into_document(
        mut self,
        structure: impl std::borrow::Borrow<Structure>,
        bookmarks: &[Bookmark],
    ) -> Result<(lopdf::Document, Frozen, Vec<ImageWarning>), ExportError> {
        let (written, announced) = (self.marks.pages(), self.pages.ids.len());
        if written != announced {
            return Err(ExportError::Write(format!(
                "{written} pages écrites sur les {announced} annoncées"
            )));
        }
        let figures = std::mem::take(&mut self.figures);
        let marks = std::mem::take(&mut self.marks);
        let (pdf, frozen, hasher) = (&mut self.pdf, &mut self.frozen, &mut self.hasher);
        let marks = (marks, &self.pages.ids[..]);
        tags::write(pdf, frozen, (structure, figures), marks, hasher)?;
        let conformance = if self.unicode_complete {
            xmp::Conformance::U
        } else {
            xmp::Conformance::B
        };
        let hasher = std::mem::take(&mut self.hasher);
        finish::finish(
            &mut self.pdf,
            bookmarks,
            &self.meta,
            &self.pages,
            hasher,
            conformance,
        )?;
        Ok((self.pdf, self.frozen, self.images.warnings))
    }
}

/// A file written by [`Exporter::finish_into`].
#[derive(Debug)]
pub struct Sent {
    /// Its length in bytes.
    pub length: u64,
    /// Images printed below [`super::MIN_DPI`].
    pub warnings: Vec<ImageWarning>,
}

/// A writer that counts the bytes it passes on.
struct Counted<'a> {
    to: &'a mut dyn std::io::Write,
    length: u64,
}

impl std::io::Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.to.write(buf)?;
        self.length += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.to.flush()
    }
}

/// The resource dictionary shared by all pages: every font and image.
fn shared_resources(pdf: &mut lopdf::Document, fonts: &FontSet, images: &ImageSet) -> ObjectId {
    let mut font_dict = Dictionary::new();
    for f in &fonts.fonts {
        font_dict.set(f.resource.as_bytes(), Object::Reference(f.object));
    }
    let mut xobjects = Dictionary::new();
    for im in images.images.iter().flatten() {
        xobjects.set(im.resource.as_bytes(), Object::Reference(im.object));
    }
    let mut resources = Dictionary::new();
    if !font_dict.is_empty() {
        resources.set("Font", font_dict);
    }
    if !xobjects.is_empty() {
        resources.set("XObject", xobjects);
    }
    pdf.add_object(resources)
}

/// About how many heap bytes `object` holds beyond its own size.
fn weight(object: &Object) -> usize {
    let entry = std::mem::size_of::<Object>();
    let dict = |d: &Dictionary| -> usize {
        d.iter()
            .map(|(k, v)| k.capacity() + entry + weight(v) + 2 * std::mem::size_of::<usize>())
            .sum()
    };
    match object {
        Object::Name(b) | Object::String(b, _) => b.capacity(),
        Object::Array(items) => items.iter().map(|o| entry + weight(o)).sum(),
        Object::Dictionary(d) => dict(d),
        Object::Stream(s) => s.content.capacity() + dict(&s.dict),
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
