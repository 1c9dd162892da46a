//! Image embedding: JPEG files passed through unchanged (`DCTDecode`), other
//! formats decoded once per document, downsampled to [`MAX_DPI`] at their largest
//! printed size, and written losslessly with Flate, alpha as a `/SMask`.
//!
//! JPEG files are never re-encoded, even above [`MAX_DPI`]: a second lossy pass would
//! degrade them, and the shipped photographs are sized for print already.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use image::{DynamicImage, GenericImageView as _, imageops::FilterType};
use lopdf::{Dictionary, Object, ObjectId};

use super::finish::Hasher;
use fast_image_resize as fir;

use super::{ExportError, IMAGE_LEVEL, ImageWarning, make_stream_at};
use crate::layout::document::{Content, ImageRef, Page};

/// Resolution above which decoded images are downsampled: 300 dpi is what offset and
/// laser printing resolve; more only makes the file bigger.
pub const MAX_DPI: f32 = 300.0;

/// Resolution below which an image is reported: under 150 dpi, pixels show in print.
pub const MIN_DPI: f32 = 150.0;

/// Points per inch.
const PT_PER_INCH: f32 = 72.0;

/// One embedded image.
#[derive(Debug)]
pub struct EmbeddedImage {
    /// Resource name (`Im1`…).
    pub resource: String,
    /// The image XObject.
    pub object: ObjectId,
}

/// The images of a document, indexed like [`crate::layout::document::Document::images`] (`None` when unused).
#[derive(Debug, Default)]
pub struct ImageSet {
    /// Embedded images.
    pub images: Vec<Option<EmbeddedImage>>,
    /// Images printed below [`MIN_DPI`].
    pub warnings: Vec<ImageWarning>,
}

impl ImageSet {
    /// The resource name of an image of the document.
    pub fn resource(&self, index: usize) -> Option<&str> {
        self.images
            .get(index)?
            .as_ref()
            .map(|i| i.resource.as_str())
    }
}

/// The largest width and height (pt) at which each image of a document is
/// placed, indexed like [`crate::layout::document::Document::images`]: it fixes the downsampling and
/// the resolution warning. Filled page by page, so that a document streamed
/// to the export can give it before its first page is written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlacedSizes(Vec<Option<(f32, f32)>>);

impl PlacedSizes {
    /// Adds the images placed on `page`.
    pub fn add_page(&mut self, page: &Page) {
        for item in &page.items {
            if let Content::Image { image, w, h, .. } = item.content {
                if self.0.len() <= image {
                    self.0.resize(image + 1, None);
                }
                let (pw, ph): (f32, f32) = self.0[image].unwrap_or((0.0, 0.0));
                self.0[image] = Some((pw.max(w), ph.max(h)));
            }
        }
    }

    /// The size image `index` is placed at, `None` when it is not.
    pub fn get(&self, index: usize) -> Option<(f32, f32)> {
        self.0.get(index).copied().flatten()
    }
}

/// Embeds every image of `images` placed (`placed`).
pub fn embed(
    pdf: &mut lopdf::Document,
    images: &[ImageRef],
    placed: &PlacedSizes,
    hasher: &mut Hasher,
    grayscale: bool,
) -> Result<ImageSet, ExportError> {
    let mut set = ImageSet::default();
    let mut count = 0;
    for (index, image) in images.iter().enumerate() {
        let Some((w_pt, h_pt)) = placed.get(index) else {
            set.images.push(None);
            continue;
        };
        let bytes = std::fs::read(&image.path).map_err(|e| ExportError::Image {
            path: image.path.clone(),
            reason: format!("lecture impossible ({e})"),
        })?;
        hasher.write(&bytes);
        // In grayscale every image is decoded and written as DeviceGray, JPEGs too.
        let (object, px) = match jpeg_info(&bytes) {
            Some(info) if !grayscale => (write_jpeg(pdf, bytes, &info), (info.width, info.height)),
            _ => write_decoded(pdf, &image.path, &bytes, (w_pt, h_pt), grayscale)?,
        };
        let dpi = dpi(px, (w_pt, h_pt));
        if dpi < MIN_DPI {
            set.warnings.push(ImageWarning {
                path: image.path.clone(),
                dpi,
            });
        }
        count += 1;
        set.images.push(Some(EmbeddedImage {
            resource: format!("Im{count}"),
            object,
        }));
    }
    Ok(set)
}

/// Resolution of `px` pixels printed on `pt` points (the lower of both axes).
fn dpi(px: (u32, u32), pt: (f32, f32)) -> f32 {
    let axis = |p: u32, s: f32| {
        if s > 0.0 {
            p as f32 * PT_PER_INCH / s
        } else {
            f32::INFINITY
        }
    };
    axis(px.0, pt.0).min(axis(px.1, pt.1))
}

/// What the PDF needs from a JPEG header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JpegInfo {
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Colour components (1, 3 or 4).
    pub components: u8,
    /// Bits per component.
    pub bits: u8,
    /// Whether an Adobe APP14 marker is present (CMYK then stored inverted).
    pub adobe: bool,
}

/// Reads the frame header of a JPEG file, `None` if it is not one.
pub fn jpeg_info(data: &[u8]) -> Option<JpegInfo> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut adobe = false;
    let mut i = 2;
    while i + 4 <= data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let marker = data[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        let body = data.get(i + 4..i + 2 + len)?;
        match marker {
            0xEE if body.starts_with(b"Adobe") => adobe = true,
            // Start of frame: baseline, extended, progressive, lossless (not DHT C4,
            // JPG C8, DAC CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if body.len() < 6 {
                    return None;
                }
                return Some(JpegInfo {
                    bits: body[0],
                    height: u32::from(u16::from_be_bytes([body[1], body[2]])),
                    width: u32::from(u16::from_be_bytes([body[3], body[4]])),
                    components: body[5],
                    adobe,
                });
            }
            _ => {}
        }
        i += 2 + len;
    }
    None
}

fn write_jpeg(pdf: &mut lopdf::Document, bytes: Vec<u8>, info: &JpegInfo) -> ObjectId {
    let mut dict = image_dict(info.width, info.height);
    let space: &[u8] = match info.components {
        1 => b"DeviceGray",
        4 => b"DeviceCMYK",
        _ => b"DeviceRGB",
    };
    dict.set("ColorSpace", Object::Name(space.to_vec()));
    dict.set("BitsPerComponent", Object::Integer(i64::from(info.bits)));
    if info.components == 4 && info.adobe {
        dict.set(
            "Decode",
            Object::Array([1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec()),
        );
    }
    dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
    pdf.add_object(lopdf::Stream::new(dict, bytes).with_compression(false))
}

fn image_dict(width: u32, height: u32) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(i64::from(width)));
    dict.set("Height", Object::Integer(i64::from(height)));
    dict
}

/// A decoded image ready to embed: what [`write_decoded`] writes, kept in
/// [`PREPARED`] so that a pictogram or logo placed in many documents is decoded,
/// resized, predicted and compressed once per process.
#[derive(Debug)]
struct Prepared {
    /// Pixel size as embedded (after downsampling).
    width: u32,
    height: u32,
    /// Pixel size of the file (for the resolution warning).
    original: (u32, u32),
    /// `DeviceGray` or `DeviceRGB`.
    space: &'static [u8],
    /// The colour samples: the predicted, compressed stream.
    samples: lopdf::Stream,
    /// The alpha channel, when not fully opaque.
    smask: Option<lopdf::Stream>,
}

/// What a prepared image depends on: the file (its path for the error messages,
/// a hash of its bytes so an edited file is decoded again), the size it is
/// placed at (which fixes the downsampling) and the colour mode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PreparedKey {
    path: PathBuf,
    hash: [u8; 32],
    placed: (u32, u32),
    grayscale: bool,
}

/// Prepared images shared by every document of the process (and every thread).
///
/// The value is a pure function of the key, so which thread fills an entry
/// first never changes the output.
static PREPARED: OnceLock<Mutex<HashMap<PreparedKey, Arc<Prepared>>>> = OnceLock::new();

/// Entries kept in [`PREPARED`] before it is emptied: a build uses one
/// pictogram per domain, one logo per commune and the example photographs
/// (a few hundred images at most); each entry holds the compressed samples
/// (tens of kilobytes), so 512 entries stay far below the memory target.
const PREPARED_CAPACITY: usize = 512;

/// Prepares images for a later export (decoded, reduced, compressed) and
/// keeps them for it: `placed` as [`crate::layout::flow::placed_images`]
/// gives them, `grayscale` as the export will be. Meant for a core that would
/// otherwise idle while the text is laid out; the export then finds them
/// ready, and writes the same bytes as without. An image that cannot be read
/// or decoded is left to the export, which reports it.
pub fn prepare_ahead(placed: &[(ImageRef, (f32, f32))], grayscale: bool) {
    for (image, size) in placed {
        let Ok(bytes) = std::fs::read(&image.path) else {
            continue;
        };
        // JPEG files are written as they are, unless in grayscale.
        if grayscale || jpeg_info(&bytes).is_none() {
            let _ = prepared(&image.path, &bytes, *size, grayscale);
        }
    }
}

/// The image prepared for `placed` (pt): from the cache shared by the
/// process, or decoded, reduced and compressed now and kept there.
fn prepared(
    path: &Path,
    bytes: &[u8],
    placed: (f32, f32),
    grayscale: bool,
) -> Result<Arc<Prepared>, ExportError> {
    let key = PreparedKey {
        path: path.to_path_buf(),
        hash: *blake3::hash(bytes).as_bytes(),
        placed: (placed.0.to_bits(), placed.1.to_bits()),
        grayscale,
    };
    let cache = PREPARED.get_or_init(Mutex::default);
    let cached = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    if let Some(p) = cached {
        return Ok(p);
    }
    // Prepared outside the lock: two threads may both prepare the same
    // image, and then insert equal values.
    let p = Arc::new(prepare(path, bytes, placed, grayscale)?);
    let mut map = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if map.len() >= PREPARED_CAPACITY {
        map.clear();
    }
    map.insert(key, Arc::clone(&p));
    Ok(p)
}

/// Decodes, downsamples and writes a non-JPEG image; returns the object and the
/// original pixel size.
fn write_decoded(
    pdf: &mut lopdf::Document,
    path: &Path,
    bytes: &[u8],
    placed: (f32, f32),
    grayscale: bool,
) -> Result<(ObjectId, (u32, u32)), ExportError> {
    let prepared = prepared(path, bytes, placed, grayscale)?;
    let smask = prepared.smask.as_ref().map(|s| pdf.add_object(s.clone()));
    let mut dict = image_dict(prepared.width, prepared.height);
    dict.set("ColorSpace", Object::Name(prepared.space.to_vec()));
    dict.set("BitsPerComponent", Object::Integer(8));
    if let Some(mask) = smask {
        dict.set("SMask", Object::Reference(mask));
    }
    // The image entries first, then the stream's own (`DecodeParms`, `Filter`,
    // `Length`), in the order they were written before the cache existed.
    for (k, v) in prepared.samples.dict.iter() {
        dict.set(k.clone(), v.clone());
    }
    let samples = lopdf::Stream {
        dict,
        ..prepared.samples.clone()
    };
    let object = pdf.add_object(samples);
    Ok((object, prepared.original))
}

/// Decodes, downsamples, predicts and compresses an image.
fn prepare(
    path: &Path,
    bytes: &[u8],
    placed: (f32, f32),
    grayscale: bool,
) -> Result<Prepared, ExportError> {
    let img = image::load_from_memory(bytes).map_err(|e| ExportError::Image {
        path: path.to_path_buf(),
        reason: format!("décodage impossible ({e})"),
    })?;
    let original = img.dimensions();
    let img = downsample(img, placed);
    let (width, height) = img.dimensions();
    let color = img.color();
    let gray = grayscale || matches!(color.channel_count(), 1 | 2);

    let smask = if color.has_alpha() {
        let alpha: Vec<u8> = img.to_rgba8().pixels().map(|p| p.0[3]).collect();
        if alpha.iter().all(|a| *a == u8::MAX) {
            None
        } else {
            let mut dict = image_dict(width, height);
            dict.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
            dict.set("BitsPerComponent", Object::Integer(8));
            Some(predicted(dict, &alpha, width, 1))
        }
    } else {
        None
    };
    let (space, data, colors): (&'static [u8], Vec<u8>, usize) = if gray {
        (b"DeviceGray", img.to_luma8().into_raw(), 1)
    } else {
        (b"DeviceRGB", img.to_rgb8().into_raw(), 3)
    };
    Ok(Prepared {
        width,
        height,
        original,
        space,
        samples: predicted(Dictionary::new(), &data, width, colors),
        smask,
    })
}

/// A Flate stream of 8-bit samples with PNG row predictors (`/Predictor 15`).
///
/// Image data is always compressed: raw pixels are large and the `compress` option
/// only exists to read content streams as text. The predictors make flat-colour
/// pictograms several times smaller than plain Flate.
fn predicted(mut dict: Dictionary, data: &[u8], width: u32, colors: usize) -> lopdf::Stream {
    let row = width as usize * colors;
    let mut out = Vec::with_capacity(data.len() + data.len() / row.max(1) + 1);
    let zero = vec![0u8; row];
    let mut prev: &[u8] = &zero;
    let mut sub = vec![0u8; row];
    let mut up = vec![0u8; row];
    for line in data.chunks(row.max(1)) {
        // Written as zips over slices so that the compiler vectorises them
        // (indexing each byte cost some 30 instructions per sample).
        let n = line.len();
        let head = colors.min(n);
        sub[..head].copy_from_slice(&line[..head]);
        for ((s, &x), &left) in sub[head..n].iter_mut().zip(&line[head..]).zip(line) {
            *s = x.wrapping_sub(left);
        }
        for ((u, &x), &above) in up[..n].iter_mut().zip(line).zip(prev) {
            *u = x.wrapping_sub(above);
        }
        // The usual heuristic: the filter whose output has the smallest sum of
        // absolute values (as signed bytes) compresses best.
        let cost = |v: &[u8]| -> u64 {
            v.iter()
                .map(|&b| u32::from((b as i8).unsigned_abs()))
                .sum::<u32>()
                .into()
        };
        let candidates = [(0u8, line), (1, &sub[..line.len()]), (2, &up[..line.len()])];
        let (filter, bytes) = candidates
            .iter()
            .min_by_key(|(_, v)| cost(v))
            .copied()
            .unwrap_or((0, line));
        out.push(filter);
        out.extend_from_slice(bytes);
        prev = line;
    }
    let mut parms = Dictionary::new();
    // 15: PNG predictors, chosen per row (the filter byte leads each row).
    parms.set("Predictor", Object::Integer(15));
    parms.set("Colors", Object::Integer(colors as i64));
    parms.set("BitsPerComponent", Object::Integer(8));
    parms.set("Columns", Object::Integer(i64::from(width)));
    dict.set("DecodeParms", parms);
    make_stream_at(dict, out, Some(IMAGE_LEVEL))
}

/// Scales an image down to [`MAX_DPI`] at its placed size (never up).
fn downsample(img: DynamicImage, placed: (f32, f32)) -> DynamicImage {
    let (w, h) = img.dimensions();
    let target_w = (placed.0 / PT_PER_INCH * MAX_DPI).ceil().max(1.0);
    let target_h = (placed.1 / PT_PER_INCH * MAX_DPI).ceil().max(1.0);
    let scale = (target_w / w as f32).max(target_h / h as f32);
    if scale >= 1.0 {
        return img;
    }
    let nw = ((w as f32 * scale).round() as u32).max(1);
    let nh = ((h as f32 * scale).round() as u32).max(1);
    // Each printed pixel of a reduction by 2 or more averages a block of
    // source pixels: a box filter (area averaging) is the right one there.
    // Smaller reductions would alias with it: bilinear rather than Lanczos3,
    // whose sharper result is invisible in print.
    let filter = if scale <= MAX_AREA_AVERAGE_SCALE {
        fir::FilterType::Box
    } else {
        fir::FilterType::Bilinear
    };
    let options = fir::ResizeOptions::new().resize_alg(fir::ResizeAlg::Convolution(filter));
    let mut reduced = DynamicImage::new(nw, nh, img.color());
    match fir::Resizer::new().resize(&img, &mut reduced, &options) {
        Ok(()) => reduced,
        // A pixel format the resizer does not take: `image`'s own filters.
        Err(_) if scale <= MAX_AREA_AVERAGE_SCALE => img.thumbnail_exact(nw, nh),
        Err(_) => img.resize_exact(nw, nh, FilterType::Triangle),
    }
}

/// Largest scale (target / source) at which [`downsample`] averages areas:
/// from a reduction by 2 on, every target pixel covers whole source pixels
/// enough that averaging them does not alias.
const MAX_AREA_AVERAGE_SCALE: f32 = 0.5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dpi_takes_the_lower_axis() {
        assert!((dpi((300, 600), (72.0, 72.0)) - 300.0).abs() < 1e-3);
    }

    #[test]
    fn not_a_jpeg() {
        assert_eq!(jpeg_info(b"\x89PNG\r\n"), None);
    }

    /// Images prepared ahead take their sizes from the blocks, before the
    /// layout; the export looks them up by the sizes on the pages. Were they
    /// to differ, the export would prepare every image again, and the
    /// preparation beside the layout would be lost without a trace.
    #[test]
    fn images_are_prepared_ahead_at_the_size_the_export_looks_for() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let materials = crate::resolve::resolve(&crate::load::load(&root).unwrap()).0;
        let exceptions = materials.collection.hyphenation_exceptions().to_vec();
        let mut engine = crate::render::Engine::new(materials.font_book(), &exceptions);
        for (domain, commune) in [("jeunesse", Some("exempleville")), ("sante", None)] {
            let sheet = materials.domain(domain).unwrap();
            let edition = materials.edition_of(commune).unwrap();
            let laid = crate::render::sheet(&mut engine, &materials, sheet, edition);
            let ahead = crate::layout::flow::placed_images(&laid.composed.blocks);
            let doc = &laid.document;
            let mut sizes = PlacedSizes::default();
            for page in &doc.pages {
                sizes.add_page(page);
            }
            let looked_up: Vec<_> = doc
                .images
                .iter()
                .enumerate()
                .filter_map(|(i, image)| Some((image.clone(), sizes.get(i)?)))
                .collect();
            assert!(!looked_up.is_empty(), "{domain}: no image placed");
            for placed in &looked_up {
                assert!(
                    ahead.contains(placed),
                    "{domain}: {placed:?} not in {ahead:?}"
                );
            }
            assert_eq!(ahead.len(), looked_up.len(), "{domain}: {ahead:?}");
        }
    }
}
