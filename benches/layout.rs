//! Layout of one shipped two-page sheet (`jeunesse`), generic and customised
//! for the commune `exempleville`: composition is done once, the benchmark
//! times `Engine::layout` (line breaking, shaping from a warm cache,
//! hyphenation, pagination), with its paragraph memo emptied, then warm.

use criterion::{Criterion, criterion_group, criterion_main};

use ancrage::layout::fonts::FontBook;
use ancrage::{load, render, resolve};

fn layout(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let loaded = load::load(&root).expect("materials");
    let (materials, _) = resolve::resolve(&loaded);
    let sheet = materials.domain("jeunesse").expect("jeunesse");
    let mut engine = render::Engine::new(
        FontBook::builtin(),
        materials.collection.hyphenation_exceptions(),
    );
    for commune in [None, Some("exempleville")] {
        let composed = render::sheet(
            &mut engine,
            &materials,
            sheet,
            materials.edition_of(commune).unwrap(),
        )
        .composed;
        // The budget (issue 3: ≤ 1 ms per two-page sheet) is for a sheet
        // laid out for the first time: the engine's paragraph memo is
        // emptied before each layout. The second figure is a layout the
        // memo answers, as every edition after the first of a domain is.
        let edition = commune.unwrap_or("générique");
        c.bench_function(&format!("layout jeunesse {edition}"), |b| {
            b.iter(|| {
                engine.forget_paragraphs();
                engine.layout(&composed)
            })
        });
        c.bench_function(&format!("layout jeunesse {edition}, memo chaud"), |b| {
            b.iter(|| engine.layout(&composed))
        });
    }
}

criterion_group!(benches, layout);
criterion_main!(benches);
