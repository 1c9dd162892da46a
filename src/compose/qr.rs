//! QR codes drawn as vectors: one rectangle per horizontal run of dark modules.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use fast_qr::{ECL, QRBuilder};

use crate::layout::document::{Color, Content};

/// Most QR matrices kept by [`modules`]. A collection cites a few dozen
/// addresses, repeated in every edition; a batch of communes with their own
/// web sites adds one each. Past the bound the cache is simply emptied.
/// 1 024 matrices of up to 2 KB keep a collection's codes and those of the
/// editions being built within 2 MB.
const CACHE_LIMIT: usize = 1024;

/// A QR code's width in modules and its modules (dark: `true`), row by row.
type Matrix = (usize, Vec<bool>);

/// The modules of the QR code of `data` (width, dark or light row by row),
/// computed once per process: choosing the mask scores eight candidate
/// matrices, which cost more than laying out the rest of a sheet, and the
/// same addresses come back in every edition of every sheet.
fn modules(data: &str) -> Option<Arc<Matrix>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Matrix>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    // A panic elsewhere while the lock was held leaves the map intact: go on.
    let lock = || {
        cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(hit) = lock().get(data) {
        return Some(hit.clone());
    }
    // Level M (15 % recovery) survives a fold or a coffee stain on print.
    let code = QRBuilder::new(data).ecl(ECL::M).build().ok()?;
    let n = code.size;
    let dark = code.data.get(..n * n)?.iter().map(|m| m.value()).collect();
    let made = Arc::new((n, dark));
    let mut cache = lock();
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(data.to_owned(), made.clone());
    Some(made)
}

/// The light margin a reader needs around a code, in modules: the 4 of
/// ISO 18004 (with 2, codes stacked in a column were read as one blur).
/// It is left around the drawn square by the caller (the space beside and
/// between codes), not drawn.
pub const QUIET_ZONE: usize = 4;

/// The side (pt) of the code of `data`, quiet zone excluded: at least
/// `min_side`, and large enough for modules of `min_module`.
pub fn qr_side(data: &str, min_side: f32, min_module: f32) -> Option<f32> {
    let n = modules(data)?.0;
    Some(min_side.max(n as f32 * min_module))
}

/// The width (pt) of the quiet zone of the code of `data` drawn `size` wide.
pub fn qr_quiet(data: &str, size: f32) -> Option<f32> {
    let n = modules(data)?.0;
    Some(size / n as f32 * QUIET_ZONE as f32)
}

/// The dark modules of a QR code for `data` as rectangles filling a square
/// of `size` points; the caller keeps [`QUIET_ZONE`] modules of light
/// around it.
pub fn qr_rects(data: &str, size: f32, color: Color) -> Option<Vec<Content>> {
    let code = modules(data)?;
    let (n, modules) = (code.0, &code.1);
    let unit = size / n as f32;
    let mut out = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if modules[row * n + col] {
                let start = col;
                while col < n && modules[row * n + col] {
                    col += 1;
                }
                out.push(Content::Rect {
                    x: start as f32 * unit,
                    y: row as f32 * unit,
                    w: (col - start) as f32 * unit,
                    h: unit,
                    fill: Some(color),
                    stroke: None,
                    radius: 0.0,
                });
            } else {
                col += 1;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rectangles drawn, rasterised at 4 pixels per module, read back
    /// by a QR decoder: they must give the address.
    #[test]
    fn drawn_codes_decode_to_their_address() {
        for url in [
            "https://www.pseau.org",
            "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000809647",
            "https://www.exempleville.example/international?onglet=cooperation&page=2",
        ] {
            let code = modules(url).unwrap();
            let px = (code.0 + 2 * QUIET_ZONE) * 4;
            let margin = (QUIET_ZONE * 4) as f32;
            let rects = qr_rects(url, (code.0 * 4) as f32, Color::BLACK).unwrap();
            let mut pixels = vec![255u8; px * px];
            for r in rects {
                if let Content::Rect { x, y, w, h, .. } = r {
                    let (x, y) = (x + margin, y + margin);
                    let (x0, y0) = (x.round() as usize, y.round() as usize);
                    let (x1, y1) = ((x + w).round() as usize, (y + h).round() as usize);
                    for row in y0..y1 {
                        pixels[row * px + x0..row * px + x1].fill(0);
                    }
                }
            }
            let mut image =
                rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| pixels[y * px + x]);
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            let (_, content) = grids[0].decode().expect("a readable code");
            assert_eq!(content, url);
        }
    }

    #[test]
    fn a_url_gives_modules_inside_the_square() {
        let rects = qr_rects("https://www.pseau.org", 60.0, Color::BLACK).unwrap();
        assert!(rects.len() > 50);
        for r in rects {
            if let Content::Rect { x, y, w, h, .. } = r {
                assert!(x >= 0.0 && y >= 0.0 && x + w <= 60.001 && y + h <= 60.001);
            }
        }
    }
}
