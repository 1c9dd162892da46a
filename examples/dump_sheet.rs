//! Lays out one shipped sheet and prints its layout dump and statistics.
//! `cargo run --example dump_sheet -- jeunesse [commune]`

use ancrage::layout::fonts::FontBook;
use ancrage::{load, render, resolve};

fn main() {
    let mut args = std::env::args().skip(1);
    let domain = args.next().unwrap_or_else(|| "jeunesse".into());
    let commune = args.next();
    let loaded = load::load(std::path::Path::new("materials")).expect("materials");
    let (materials, _) = resolve::resolve(&loaded);
    let sheet = materials.domain(&domain).expect("domain");
    let mut engine = render::Engine::new(FontBook::builtin(), &[]);
    let out = render::sheet(
        &mut engine,
        &materials,
        sheet,
        materials.edition_of(commune.as_deref()).unwrap(),
    );
    print!("{}", out.document.dump());
    eprintln!(
        "pages: {} quality: {:?}",
        out.document.pages.len(),
        out.document.quality
    );
}
