//! Lays out and exports one shipped sheet to a PDF file, timing the export.
//! `cargo run --release --example export_sheet -- jeunesse out.pdf [commune] [--raw] [--text-only]`

use ancrage::export::{self, Metadata, Options};
use ancrage::layout::fonts::FontBook;
use ancrage::model::Language;
use ancrage::{load, render, resolve};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let raw = args.iter().any(|a| a == "--raw");
    let text_only = args.iter().any(|a| a == "--text-only");
    let mut args = args.into_iter().filter(|a| !a.starts_with("--"));
    let domain = args.next().unwrap_or_else(|| "jeunesse".into());
    let out = args.next().unwrap_or_else(|| "sheet.pdf".into());
    let commune = args.next();
    let loaded = load::load(std::path::Path::new("materials")).expect("materials");
    let (materials, _) = resolve::resolve(&loaded);
    let sheet = materials.domain(&domain).expect("domain");
    let book = FontBook::builtin();
    let mut engine = render::Engine::new(book.clone(), &[]);
    let mut laid = render::sheet(
        &mut engine,
        &materials,
        sheet,
        materials.edition_of(commune.as_deref()).unwrap(),
    );
    if text_only {
        for page in &mut laid.document.pages {
            page.items
                .retain(|i| !matches!(i.content, ancrage::layout::document::Content::Image { .. }));
        }
    }
    let c = &laid.composed;
    let meta = Metadata {
        title: c.title.clone(),
        author: c.author.clone(),
        subject: c.subject.clone(),
        keywords: c.keywords.clone(),
        lang: match c.language {
            Language::French => "fr-FR".into(),
            Language::English => "en".into(),
        },
        date: Some((2025, 1, 15)),
    };
    let options = Options {
        compress: !raw,
        ..Options::default()
    };
    let start = std::time::Instant::now();
    let mut result = None;
    let runs = 20;
    for _ in 0..runs {
        result = Some(export::export(&laid.document, &book, &meta, &options).expect("export"));
    }
    let elapsed = start.elapsed() / runs;
    let result = result.expect("one run");
    std::fs::write(&out, &result.bytes).expect("write");
    eprintln!(
        "{} pages, {} bytes, {:?} per export, warnings: {:?}",
        laid.document.pages.len(),
        result.bytes.len(),
        elapsed,
        result.warnings
    );
}
