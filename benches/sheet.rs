//! One customised sheet end to end (`jeunesse` for `exempleville`): compose,
//! lay out and export to PDF bytes, as `ancrage build` does for each file
//! (warm caches: the engine and the export caches are reused across
//! iterations, as in a build); and the export alone, from the laid-out pages,
//! with and without the pictogram.

use criterion::{Criterion, criterion_group, criterion_main};

use ancrage::build::{self, Target};
use ancrage::export::{self, Options};
use ancrage::layout::document::Content;
use ancrage::render::Engine;
use ancrage::{load, resolve};

fn sheet(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let loaded = load::load(&root).expect("materials");
    let (materials, _) = resolve::resolve(&loaded);
    let book = materials.font_book();
    let mut engine = Engine::new(book.clone(), materials.collection.hyphenation_exceptions());
    let target = Target::Sheet {
        domain: "jeunesse".into(),
        edition: ancrage::model::Edition::Commune("exempleville".into()),
    };
    let date = Some((2026, 11, 26));
    let options = Options::default();

    c.bench_function("end-to-end jeunesse exempleville", |b| {
        b.iter(|| {
            let laid = build::lay_out(&mut engine, &materials, &target, date);
            export::export(&laid.document, &book, &laid.metadata, &options).expect("export")
        })
    });

    let laid = build::lay_out(&mut engine, &materials, &target, date);
    c.bench_function("export jeunesse exempleville", |b| {
        b.iter(|| export::export(&laid.document, &book, &laid.metadata, &options).expect("export"))
    });
    let mut text_only = laid.document.clone();
    for page in &mut text_only.pages {
        page.items
            .retain(|i| !matches!(i.content, Content::Image { .. }));
    }
    c.bench_function("export jeunesse exempleville, text only", |b| {
        b.iter(|| export::export(&text_only, &book, &laid.metadata, &options).expect("export"))
    });
}

criterion_group!(benches, sheet);
criterion_main!(benches);
