//! How full each shipped sheet is: its page count and how far down its last
//! page the text goes, for the generic edition and every commune.
//! `cargo run --release --example page_fill` — a tool for editing content to
//! the two-page target.

use ancrage::layout::document::Content;
use ancrage::layout::fonts::FontBook;
use ancrage::{load, render, resolve};

fn main() {
    let loaded = load::load(std::path::Path::new("materials")).expect("materials");
    let (materials, _) = resolve::resolve(&loaded);
    let mut engine = render::Engine::new(FontBook::builtin(), &[]);
    let mut editions = vec![resolve::LoadedEdition::Generic];
    editions.extend(
        materials
            .communes
            .iter()
            .map(resolve::LoadedEdition::Commune),
    );
    for &edition in &editions {
        let sheets = ancrage::build::edition_sheets(&materials, edition);
        for sheet in sheets {
            let out = render::sheet(&mut engine, &materials, sheet, edition);
            let last = out.document.pages.last().expect("a page");
            // Lowest baseline of body text on the last page (the footer excluded).
            let bottom = last
                .items
                .iter()
                .filter_map(|i| match &i.content {
                    Content::Text(r) if r.y < last.height - 60.0 => Some(r.y),
                    _ => None,
                })
                .fold(0.0f32, f32::max);
            println!(
                "{:<16} {:<32} {} pages, last page filled to {:>3.0} % ",
                edition.id().unwrap_or("generique"),
                sheet.id,
                out.document.pages.len(),
                100.0 * bottom / last.height
            );
        }
    }
}
