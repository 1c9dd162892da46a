//! The export stage: turns a laid-out [`Document`] into the bytes of a PDF file.
//!
//! # Who does what
//!
//! - **printpdf** builds the document skeleton: the catalog, the page tree, a page
//!   object with its media, trim and crop boxes for each page size (the template of
//!   every page of that size), and the [`lopdf::Document`] that everything
//!   else is written into (its serializer writes the cross-reference table). It is not
//!   asked for more because, as of 0.12, it subsets fonts itself with its own glyph
//!   numbering (our text is already shaped into glyph ids of the original font),
//!   re-encodes images, cannot write marked content with MCIDs the way a tagged PDF
//!   needs, writes flat bookmarks, and puts random bytes in the trailer `/ID`.
//! - **this module** then writes, through lopdf:
//!   - the content streams (`content`): glyph ids, paths, images, each item wrapped in
//!     marked content (`BDC` with an MCID per page, or `/Artifact BMC`);
//!   - the fonts (`fonts`), subset with `subsetter` and embedded as CID fonts with a
//!     deterministic subset tag and a `ToUnicode` CMap;
//!   - the images (`images`): JPEG passed through, the rest decoded once and
//!     written losslessly with Flate, alpha as `/SMask`;
//!   - the link annotations;
//!   - the structure tree of the tagged PDF (`tags`), from the per-page records
//!     of which structure node each MCID and link annotation belongs to;
//!   - the finish pass (`finish`): nested outlines, `/Lang`, viewer preferences,
//!     a clean Info dictionary and the matching XMP packet (`xmp`) declaring
//!     PDF/A-2 and PDF/UA-1, the sRGB output intent (`icc`), PDF 1.7 header, and
//!     a trailer `/ID` hashed from the content, so that identical input gives
//!     byte-identical output;
//!   - the file itself (`write`): streams as they are, every other object in
//!     compressed object streams, and a cross-reference stream.
//!
//! Nothing here reads the clock or draws random numbers: dates come only from
//! [`Metadata::date`].

pub(crate) mod content;
mod exporter;
pub(crate) mod finish;
pub(crate) mod fonts;
pub(crate) mod icc;
pub(crate) mod images;
pub mod impose;
mod syntax;
pub(crate) mod tags;
pub(crate) mod write;
pub(crate) mod xmp;

pub use exporter::{Exporter, Held, Prelude, Sent};
pub use fonts::GlyphSet;
pub use images::MIN_DPI;
pub use write::Scratch;

use std::fmt;
use std::path::PathBuf;

use lopdf::{Dictionary, Object, Stream};

use crate::layout::document::Document;
use crate::layout::fonts::FontBook;

/// Document metadata written into the Info dictionary and the catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    /// Document title (shown by viewers instead of the file name).
    pub title: String,
    /// Author: the commune or the publisher.
    pub author: Option<String>,
    /// Subject (a one-sentence summary).
    pub subject: Option<String>,
    /// Keywords, joined with ", " in the Info dictionary.
    pub keywords: Vec<String>,
    /// Language tag of the document (`fr-FR`, `en`).
    pub lang: String,
    /// Creation date (year, month, day); no date is written when absent.
    pub date: Option<(u16, u8, u8)>,
}

/// How to write the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Compress streams with Flate (turn off to read the PDF as text).
    pub compress: bool,
    /// Every colour as a gray level, images in DeviceGray (office printers).
    pub grayscale: bool,
    /// Bleed in millimetres: the media box grows by it on every side and
    /// shapes touching the page edge extend into it.
    pub bleed_mm: f32,
    /// Crop marks at the trim corners, outside the bleed.
    pub crop_marks: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            compress: true,
            grayscale: false,
            bleed_mm: 0.0,
            crop_marks: false,
        }
    }
}

impl Options {
    /// Everything in these options that changes a byte of the PDF, as text:
    /// hashed into each output's fingerprint for the incremental build. The
    /// destructuring is exhaustive, so a new option does not compile until
    /// it is taken into account here.
    pub fn identity(&self) -> String {
        let Options {
            compress,
            grayscale: _,
            bleed_mm: _,
            crop_marks: _,
        } = *self;
        format!("{} compress={compress}", self.drawn_identity())
    }

    /// What in these options changes what is drawn (grey levels, boxes and
    /// marks), as text: hashed into the trailer `/ID`, which names the
    /// content, whatever its encoding (compressed or not).
    fn drawn_identity(&self) -> String {
        format!("{:?}", self.print())
    }

    fn print(&self) -> content::Print {
        content::Print {
            grayscale: self.grayscale,
            bleed: self.bleed_mm.max(0.0) * 72.0 / 25.4,
            crop_marks: self.crop_marks,
        }
    }
}

/// Room beyond the crop marks (pt): 1 mm keeps their ends inside the media box.
const MARK_MARGIN: f32 = 72.0 / 25.4;

/// The page boxes `(media, bleed, trim)` of a `width` × `height` page, in PDF
/// coordinates: the trim box is the page; bleed and marks lie at negative
/// coordinates and beyond the page size, so content positions never move.
fn boxes(width: f32, height: f32, print: content::Print) -> [[f32; 4]; 3] {
    let b = print.bleed;
    let m = if print.crop_marks {
        b + content::CROP_MARK_LENGTH + MARK_MARGIN
    } else {
        b
    };
    [
        [-m, -m, width + m, height + m],
        [-b, -b, width + b, height + b],
        [0.0, 0.0, width, height],
    ]
}

/// An image printed at a resolution too low for print.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageWarning {
    /// The image file.
    pub path: PathBuf,
    /// Its resolution at the largest size it is printed, in dots per inch.
    pub dpi: f32,
}

/// The written PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    /// The file contents.
    pub bytes: Vec<u8>,
    /// Images printed below [`MIN_DPI`].
    pub warnings: Vec<ImageWarning>,
}

/// Why a document could not be written.
#[derive(Debug)]
pub enum ExportError {
    /// An image file could not be read or decoded.
    Image {
        /// The file.
        path: PathBuf,
        /// What went wrong (in French).
        reason: String,
    },
    /// A font could not be subset.
    Font {
        /// PostScript name of the font.
        name: String,
        /// What went wrong.
        reason: String,
    },
    /// The PDF could not be serialized.
    Write(String),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Image { path, reason } => {
                write!(f, "image « {} » inutilisable : {reason}", path.display())
            }
            ExportError::Font { name, reason } => {
                write!(f, "impossible d’incorporer la police « {name} » : {reason}")
            }
            ExportError::Write(reason) => write!(f, "écriture du PDF impossible : {reason}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// Writes `doc` as a PDF.
pub fn export(
    doc: &Document,
    book: &FontBook,
    meta: &Metadata,
    options: &Options,
) -> Result<Exported, ExportError> {
    let mut exporter = Exporter::new(book, meta, options, Prelude::of(doc), &doc.images)?;
    for page in &doc.pages {
        exporter.page(page, &doc.structure)?;
    }
    exporter.finish(&doc.structure, &doc.bookmarks)
}

/// Writes `doc` as a PDF, as [`export`] does, letting each page go once it
/// is written: for a document of many pages, what the export adds grows as
/// the pages shrink.
pub fn export_owned(
    doc: Document,
    book: &FontBook,
    meta: &Metadata,
    options: &Options,
) -> Result<Exported, ExportError> {
    let Document {
        pages,
        structure,
        images,
        bookmarks,
        ..
    } = doc;
    let prelude = Prelude::of_pages(&pages);
    let mut exporter = Exporter::new(book, meta, options, prelude, &images)?;
    drop(images);
    for page in pages {
        exporter.page(&page, &structure)?;
    }
    exporter.finish(structure, &bookmarks)
}

/// Flate level for text, fonts and content streams (libdeflate's scale).
/// Measured on the pieces of the uncompressed text-only jeunesse/exempleville
/// sheet (callgrind, bytes / relative instructions): zlib-rs level 4, used
/// until then, 39.4 KB / 3.3; libdeflate 1 41.6 KB / 1.08, 3 39.3 KB / 1.0,
/// 4 38.9 KB / 1.0, 6 37.6 KB / 1.5. Level 4: smaller than before for a
/// third of the work.
///
/// Level 1 since session 11 (issue 20 §5): with layout memoised, deflate
/// was 29 % of a jeunesse sheet's instructions. Measured then on 100
/// communes × jeunesse (helper P3, docs/performance.md « Session 11 »):
/// level 1 takes 42 % fewer deflate instructions (12 % of the whole build)
/// for 6.2 % more bytes; levels 2 and 3 save about as much work as they add
/// bytes. The text-only sheet stays under issue 4's 45 KB (41.6 KB), and
/// `ancrage build` needs the work back to write 800 sheets a second.
const TEXT_LEVEL: i32 = 1;

/// Flate level for image samples: hundreds of kilobytes of pixels, where the
/// highest levels take several times longer for about 1 % less output.
const IMAGE_LEVEL: i32 = 6;

/// Largest output buffer [`deflate`] keeps for its thread: a sheet's streams
/// are tens of kilobytes; a large image (compressed once per process) gets
/// a buffer of its own rather than pinning megabytes to every thread.
const REUSED_BUFFER_LIMIT: usize = 1 << 20;

/// Flate-compresses `data` (deterministic: fixed level, no timestamps).
///
/// One compressor of each level is kept per thread: setting one up allocates
/// its tables, which costs more than compressing a small stream. So is one
/// output buffer: a fresh one would be zeroed to the compressor's bound (more
/// than the input) for every stream, where copying out the compressed bytes
/// touches a fraction of that.
pub(crate) fn deflate(data: &[u8], level: i32) -> Vec<u8> {
    compress(data, level, None)
}

/// At least how many times smaller the PDF's own syntax gets in Flate
/// (object streams, cross-reference tables): four- to fivefold at level 1,
/// a sheet's object streams as the parent tree of a directory (7 622
/// pages: 17.3 MB of references in 4.1 MB).
const TEXT_RATIO: usize = 3;

/// [`deflate`] for the PDF's own syntax, which shrinks [`TEXT_RATIO`]-fold
/// at least: a large one is first given room for that, then the
/// compressor's bound (more than the input) only if it did not suffice.
/// The object stream holding the parent tree of a directory of 34 900
/// communes is 17.3 MB: its bound, zeroed, weighed at the peak of the
/// build (issue 20 §5). The bytes are the same either way: libdeflate
/// writes the same output whatever room it is given, or none.
pub(crate) fn deflate_text(data: &[u8], level: i32) -> Vec<u8> {
    compress(data, level, Some(TEXT_RATIO))
}

/// [`deflate`], a large output first given room for `data` shrunk
/// `ratio`-fold when given, else the compressor's bound at once (image
/// samples may not shrink: a try with less room would be work lost).
fn compress(data: &[u8], level: i32, ratio: Option<usize>) -> Vec<u8> {
    use libdeflater::{CompressionLvl, Compressor};
    use std::cell::RefCell;
    thread_local! {
        static COMPRESSORS: RefCell<Vec<(i32, Compressor)>> = const { RefCell::new(Vec::new()) };
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    COMPRESSORS.with_borrow_mut(|compressors| {
        let at = match compressors.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                let lvl = CompressionLvl::new(level).unwrap_or_default();
                compressors.push((level, Compressor::new(lvl)));
                compressors.len() - 1
            }
        };
        let compressor = &mut compressors[at].1;
        let bound = compressor.zlib_compress_bound(data.len());
        if bound > REUSED_BUFFER_LIMIT {
            let mut room = ratio.map_or(bound, |ratio| (data.len() / ratio).min(bound));
            loop {
                let mut out = vec![0; room];
                match compressor.zlib_compress(data, &mut out) {
                    Ok(written) => {
                        out.truncate(written);
                        // Kept until the file is written: not at the room's size.
                        out.shrink_to_fit();
                        return out;
                    }
                    Err(_) if room < bound => room = bound,
                    // The bound always suffices, so this cannot happen.
                    Err(_) => return Vec::new(),
                }
            }
        }
        BUFFER.with_borrow_mut(|out| {
            if out.len() < bound {
                out.resize(bound, 0);
            }
            // The bound always suffices, so this cannot fail.
            let written = compressor
                .zlib_compress(data, &mut out[..bound])
                .unwrap_or(0);
            out[..written].to_vec()
        })
    })
}

/// A stream with `dict`, Flate-compressed when `compress` is set.
fn make_stream(dict: Dictionary, data: Vec<u8>, compress: bool) -> Stream {
    make_stream_at(dict, data, compress.then_some(TEXT_LEVEL))
}

/// A stream with `dict`, Flate-compressed at `level` if any.
fn make_stream_at(mut dict: Dictionary, data: Vec<u8>, level: Option<i32>) -> Stream {
    if let Some(level) = level {
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        Stream::new(dict, deflate(&data, level)).with_compression(false)
    } else {
        Stream::new(dict, data).with_compression(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::document::{Content, Item, Page, Role, Structure, Tag};

    /// The lopdf document `export` would write, and the objects beside it.
    fn build(
        doc: &Document,
        book: &FontBook,
        meta: &Metadata,
        options: &Options,
    ) -> Result<(lopdf::Document, write::Frozen, Vec<ImageWarning>), ExportError> {
        let mut exporter = Exporter::new(book, meta, options, Prelude::of(doc), &doc.images)?;
        for page in &doc.pages {
            exporter.page(page, &doc.structure)?;
        }
        exporter.into_document(&doc.structure, &doc.bookmarks)
    }

    /// `pages` pages, each with a paragraph of `links` links (annotations
    /// and nothing else): the shape of a directory's pages.
    fn linked_pages(pages: usize, links: usize) -> Document {
        let mut structure = Structure::new();
        let root = structure.root();
        let pages = (0..pages)
            .map(|p| {
                let para = structure.add(root, Role::P);
                let items = (0..links)
                    .map(|k| {
                        let target = format!("https://example.org/{p}/{k}");
                        let node = structure.add(
                            para,
                            Role::Link {
                                target: target.clone(),
                            },
                        );
                        Item {
                            content: Content::Link {
                                x: 20.0,
                                y: 20.0 + 14.0 * k as f32,
                                w: 60.0,
                                h: 12.0,
                                target,
                            },
                            tag: Tag::Content(node),
                        }
                    })
                    .collect();
                Page {
                    width: 200.0,
                    height: 300.0,
                    items,
                    footer: 0,
                }
            })
            .collect();
        Document {
            pages,
            structure,
            ..Document::default()
        }
    }

    /// Issue 20 §5 (memory of the territory's directory): its link
    /// annotations and structure elements were held as lopdf dictionaries
    /// until the file was written, about 3 KB each, 120 MB for the 289 pages
    /// of 1 300 communes. They are serialised as they are finished: the
    /// document holds about two objects a page (the page, its content
    /// stream), whatever the number of links on it; since the export takes
    /// pages one by one, one (the content stream): the page object is
    /// serialised once written.
    #[test]
    fn a_directory_s_links_and_elements_are_not_held_as_lopdf_objects() {
        let book = FontBook::builtin();
        let (pages, links) = (50, 12);
        let doc = linked_pages(pages, links);
        let meta = Metadata::default();
        let (pdf, _, _) = build(&doc, &book, &meta, &Options::default()).unwrap();
        assert!(
            pdf.objects.len() < pages + 30,
            "{} objects held for {pages} pages of {links} links",
            pdf.objects.len()
        );
        // Uncompressed output is written by lopdf: everything stays in it.
        let plain = Options {
            compress: false,
            ..Options::default()
        };
        let (pdf, _, _) = build(&doc, &book, &meta, &plain).unwrap();
        assert!(pdf.objects.len() > 2 * pages * links);
        // Each annotation points at its `Link` element through the parent
        // tree, under the key the structure tree gives it.
        let bytes = export(&doc, &book, &meta, &Options::default())
            .unwrap()
            .bytes;
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        let mut seen = 0;
        for object in back.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link") {
                let key = dict.get(b"StructParent").unwrap().as_i64().unwrap();
                assert!(key >= pages as i64, "{key}");
                seen += 1;
            }
        }
        assert_eq!(seen, pages * links);
    }
}
