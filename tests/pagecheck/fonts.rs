//! The fonts of a page as the checker needs them: glyph widths, the text of
//! each character code (`ToUnicode`), and whether the face is bold.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::read::resolve;

/// What the interpreter needs of a font resource.
#[derive(Debug, Default)]
pub struct FontInfo {
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Text of each character code, from the `ToUnicode` map.
    pub unicode: HashMap<u32, String>,
    /// Whether the font is bold (its name says Bold, SemiBold, Black).
    pub bold: bool,
    /// Whether its codes take two bytes (a `Type0` font).
    pub two_bytes: bool,
}

impl FontInfo {
    /// The character codes of a string shown with this font.
    pub fn codes(&self, bytes: &[u8]) -> Vec<u32> {
        if self.two_bytes {
            bytes
                .chunks(2)
                .map(|c| (u32::from(c[0]) << 8) | u32::from(*c.get(1).unwrap_or(&0)))
                .collect()
        } else {
            bytes.iter().map(|&b| u32::from(b)).collect()
        }
    }

    /// The advance of a code, in thousandths of the font size.
    pub fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }
}

/// Reads a font: widths (`/W` of the descendant font, or `/Widths`), its
/// `ToUnicode` map and whether it is bold.
pub fn font_info(doc: &Document, font: &Dictionary) -> FontInfo {
    let mut info = FontInfo {
        default_width: 1000.0,
        ..FontInfo::default()
    };
    let name = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    info.bold = ["Bold", "Semi", "Black", "Heavy"]
        .iter()
        .any(|w| name.contains(w));
    let subtype = font
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    if subtype == b"Type0" {
        info.two_bytes = true;
        let descendant = font
            .get(b"DescendantFonts")
            .map(|o| resolve(doc, o))
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok());
        if let Some(d) = descendant {
            if let Ok(dw) = d.get(b"DW").and_then(Object::as_float) {
                info.default_width = dw;
            }
            if let Ok(w) = d
                .get(b"W")
                .map(|o| resolve(doc, o))
                .and_then(Object::as_array)
            {
                cid_widths(doc, w, &mut info.widths);
            }
        }
    } else {
        let first = font.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0);
        if let Ok(w) = font
            .get(b"Widths")
            .map(|o| resolve(doc, o))
            .and_then(Object::as_array)
        {
            for (i, v) in w.iter().enumerate() {
                if let Ok(v) = resolve(doc, v).as_float() {
                    info.widths.insert((first + i as i64) as u32, v);
                }
            }
        }
        info.default_width = 500.0;
    }
    if let Ok(Object::Stream(s)) = font.get(b"ToUnicode").map(|o| resolve(doc, o)) {
        let data = s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone());
        to_unicode(&String::from_utf8_lossy(&data), &mut info.unicode);
    }
    info
}

/// Parses a CID font's `/W` array: `c [w1 w2 …]` and `c_first c_last w`.
fn cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() {
        let Ok(first) = resolve(doc, &w[i]).as_i64() else {
            break;
        };
        match w.get(i + 1).map(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, v) in list.iter().enumerate() {
                    if let Ok(v) = v.as_float() {
                        out.insert(first as u32 + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = o.as_i64().unwrap_or(first);
                let v = w
                    .get(i + 2)
                    .and_then(|o| resolve(doc, o).as_float().ok())
                    .unwrap_or(0.0);
                for c in first..=last {
                    out.insert(c as u32, v);
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// Parses the `bfchar` and `bfrange` entries of a `ToUnicode` CMap.
fn to_unicode(cmap: &str, out: &mut HashMap<u32, String>) {
    let hex = |s: &str| -> Vec<u8> {
        let s: String = s.chars().filter(char::is_ascii_hexdigit).collect();
        (0..s.len() / 2)
            .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
            .collect()
    };
    let code = |b: &[u8]| b.iter().fold(0u32, |a, &x| (a << 8) | u32::from(x));
    let text = |b: &[u8]| {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let tokens: Vec<&str> = cmap
        .split(|c: char| c == '<' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let mut section = "";
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        match t {
            "beginbfchar" | "beginbfrange" => section = t,
            "endbfchar" | "endbfrange" => section = "",
            _ if section == "beginbfchar" && i + 1 < tokens.len() => {
                out.insert(code(&hex(t)), text(&hex(tokens[i + 1])));
                i += 2;
                continue;
            }
            _ if section == "beginbfrange" && i + 2 < tokens.len() => {
                let (lo, hi) = (code(&hex(t)), code(&hex(tokens[i + 1])));
                let start = hex(tokens[i + 2]);
                let base = code(&start);
                for c in lo..=hi.min(lo + 0xFFFF) {
                    let v = base + (c - lo);
                    let bytes = v.to_be_bytes();
                    out.insert(c, text(&bytes[4 - start.len().max(2)..]));
                }
                i += 3;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}
