//! Rules of the structure checker that read the text of the pages, learnt
//! from the independent PDF/UA checker outloud (issue 19): a list holds only
//! list items and a table of contents only its entries, no line of prose is
//! hidden in an artifact, and a heading repeated at the top of a continued
//! page is not tagged as a new heading of its section.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object, ObjectId};

/// Children a structure element of type `parent` may hold, when it is one
/// whose children are constrained (ISO 32000-1 table 333, ISO 32000-2 annex L).
pub fn allowed_children(parent: &str) -> Option<&'static [&'static str]> {
    match parent {
        "L" => Some(&["LI", "L", "Caption"]),
        "LI" => Some(&["Lbl", "LBody"]),
        "TOC" => Some(&["TOCI", "TOC", "Caption"]),
        _ => None,
    }
}

/// The text of a page: that of each MCID, and the lines of its artifacts.
#[derive(Default)]
pub struct PageText {
    /// Text of each marked-content sequence with an MCID.
    pub mcids: BTreeMap<i64, String>,
    /// Artifact text, joined line by line (one baseline, rounded to the point).
    pub artifact_lines: BTreeMap<i64, String>,
}

/// Decodes the text painted on `page`, sorted by marked content.
pub fn page_text(pdf: &Document, page: ObjectId) -> PageText {
    let fonts = pdf.get_page_fonts(page).unwrap_or_default();
    let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
        .into_iter()
        .filter_map(|(name, font)| Some((name, font.get_font_encoding(pdf).ok()?)))
        .collect();
    let content = Content::decode(&pdf.get_page_content(page)).expect("content parses");
    let mut out = PageText::default();
    // Each open marked-content sequence: its MCID, or `None` for an artifact
    // (`Some(-1)` for other marked content without an MCID).
    let mut stack: Vec<Option<i64>> = Vec::new();
    let mut font: Option<&Encoding> = None;
    let mut baseline = 0i64;
    for op in &content.operations {
        match op.operator.as_str() {
            "BMC" | "BDC" => {
                let tag = op.operands.first().and_then(|o| o.as_name().ok());
                let mcid = op
                    .operands
                    .get(1)
                    .and_then(|o| super::check::dict(pdf, o))
                    .and_then(|d| d.get(b"MCID").ok()?.as_i64().ok());
                stack.push(match (tag, mcid) {
                    (Some(b"Artifact"), _) => None,
                    (_, m) => Some(m.unwrap_or(-1)),
                });
            }
            "EMC" => {
                stack.pop();
            }
            "Tf" => {
                font = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| encodings.get(n));
            }
            "Tm" => {
                baseline = op
                    .operands
                    .get(5)
                    .and_then(|o| o.as_float().ok())
                    .map_or(0, |y| y.round() as i64);
            }
            "Tj" | "TJ" => {
                let Some(encoding) = font else { continue };
                let text = shown(encoding, &op.operands);
                let artifact = stack.iter().any(Option::is_none);
                let target = if artifact {
                    out.artifact_lines.entry(baseline).or_default()
                } else {
                    match stack.iter().rev().flatten().find(|m| **m >= 0) {
                        Some(m) => out.mcids.entry(*m).or_default(),
                        None => continue,
                    }
                };
                if !target.is_empty() && !target.ends_with(' ') && artifact {
                    target.push(' ');
                }
                target.push_str(&text);
            }
            _ => {}
        }
    }
    out
}

/// The text of a `Tj` or `TJ`: an adjustment that moves the pen right by a
/// quarter of an em or more is a word space.
fn shown(encoding: &Encoding, operands: &[Object]) -> String {
    let mut text = String::new();
    let push = |o: &Object, text: &mut String| match o {
        Object::String(bytes, _) => {
            text.push_str(&Document::decode_text(encoding, bytes).unwrap_or_default());
        }
        // Negative: the pen moves right, a gap between glyphs.
        Object::Integer(_) | Object::Real(_) if o.as_float().is_ok_and(|v| v <= -250.0) => {
            text.push(' ');
        }
        _ => {}
    };
    for o in operands {
        match o {
            Object::Array(items) => items.iter().for_each(|i| push(i, &mut text)),
            other => push(other, &mut text),
        }
    }
    text
}

/// The key under which a line counts as the same on every page: its words,
/// lower-cased, without digits (page numbers change).
fn line_key(line: &str) -> String {
    line.to_lowercase()
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a line reads as prose: eight words or more, at least four of them
/// starting with a lower-case letter (outloud's TAG-002 threshold: a title or
/// a name in capitals is not prose).
fn is_prose(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let lower = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    words.len() >= 8 && lower >= 4
}

/// Lines of prose marked as artifacts, which every reader skips: a line of
/// artifact text is allowed when it is running furniture, the same line (but
/// for its digits) on three pages or more, or on every page of a shorter file.
pub fn artifact_prose(pages: &[PageText]) -> Vec<String> {
    let mut seen: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (n, page) in pages.iter().enumerate() {
        for line in page.artifact_lines.values() {
            seen.entry(line_key(line)).or_default().insert(n);
        }
    }
    let need = if pages.len() >= 6 {
        3
    } else {
        pages.len().max(2)
    };
    let mut problems = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        for line in page.artifact_lines.values() {
            let running = seen.get(&line_key(line)).is_some_and(|p| p.len() >= need);
            if is_prose(line) && !running {
                problems.push(format!(
                    "page {} : ligne de texte marquée comme décor (Artifact), qu’aucun lecteur ne lira : « {} »",
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    problems
}

/// Headings tagged twice in one section with the same level and text: a
/// heading repeated at the top of a continued page must be an artifact.
/// `sections` gives, for each element holding headings, its headings in
/// order: (role, text).
pub fn repeated_headings(sections: &BTreeMap<ObjectId, Vec<(String, String)>>) -> Vec<String> {
    let mut problems = Vec::new();
    for headings in sections.values() {
        let mut seen = BTreeSet::new();
        for (role, text) in headings {
            let key = (role.clone(), line_key(text));
            if !key.1.is_empty() && !seen.insert(key) {
                problems.push(format!(
                    "titre {role} « {} » répété dans la même section : un titre repris en haut d’une page suivante doit être un décor (Artifact)",
                    text.trim()
                ));
            }
        }
    }
    problems
}
