//! Lays out and exports the territory's « qui fait quoi » alone, printing
//! the process's resident memory after each step: where the peak of a
//! large build goes (issue 20 §5, memory at 34 900 communes).
//!
//! By default the pages go to the export one by one (`export::Exporter`),
//! each let go once written; `--whole` exports the whole document as it
//! stands (`export::export`), the pages kept to the end.
//!
//! cargo run --release --example directory_peak -- MATERIALS [OUT.pdf] [--whole | --streamed | --produce]
//!
//! With `--produce`, the directory is made as the build makes it
//! ([`build::produce`]: three streamed layouts, the last one into the
//! export page by page), its file written to OUT.pdf as it is made when
//! given (as the build writes it, its object streams waiting in a
//! temporary file), else kept whole.
//!
//! With `--streamed`, the directory is laid out twice
//! through [`Engine::layout_streamed`], its pages dropped as they are
//! handed over (what the layout alone holds, without the export): the
//! first pass for the contents' page numbers and the count, the second
//! with them. The build itself streams it into the export
//! (`build::produce`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;

use ancrage::build::{self, Target};
use ancrage::export::{Exporter, Options, Prelude, export};
use ancrage::render::Engine;
use ancrage::{load, resolve};

/// The command's allocator (see `Cargo.toml`): the memory measured is the
/// memory the build would take.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// `VmRSS` and `VmHWM` of this process, in MB (Linux only; 0 elsewhere).
fn rss() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn step(name: &str) {
    let (now, peak) = rss();
    eprintln!("{name:<28} RSS {now:7.1} MB   peak {peak:7.1} MB");
}

fn main() {
    let (flags, mut args): (Vec<String>, Vec<String>) =
        std::env::args().skip(1).partition(|a| a.starts_with("--"));
    let whole = flags.iter().any(|f| f == "--whole");
    let streamed_only = flags.iter().any(|f| f == "--streamed");
    args.reverse();
    let root = PathBuf::from(
        args.pop()
            .expect("usage: directory_peak MATERIALS [OUT.pdf] [--whole]"),
    );
    let out = args.pop();
    step("start");
    let loaded = load::load_lazily(&root).expect("materials");
    let (materials, _) = resolve::resolve_lean(&loaded);
    drop(loaded);
    step("resolved (lean)");
    let exceptions = materials.collection.hyphenation_exceptions().to_vec();
    let book: Arc<_> = materials.font_book();
    let mut engine = Engine::new(book.clone(), &exceptions);
    if streamed_only {
        streamed(&mut engine, &materials);
        return;
    }
    let target = Target::Directory { commune: None };
    if flags.iter().any(|f| f == "--produce") {
        produce(&mut engine, &materials, &book, out);
        return;
    }
    let laid = build::lay_out(&mut engine, &materials, &target, None);
    step("laid out");
    eprintln!("pages: {}", laid.document.pages.len());
    {
        use ancrage::layout::document::Content;
        let (mut items, mut glyphs, mut text, mut glyph_cap) = (0usize, 0usize, 0usize, 0usize);
        for page in &laid.document.pages {
            items += page.items.capacity();
            for item in &page.items {
                if let Content::Text(run) = &item.content {
                    glyphs += run.glyphs.len();
                    glyph_cap += run.glyphs.capacity();
                    text += run.text.capacity();
                }
            }
        }
        eprintln!(
            "items {items} ({} MB), glyphs {glyphs} (cap {glyph_cap}, {} MB), text {} MB",
            items * std::mem::size_of::<ancrage::layout::document::Item>() / 1_000_000,
            glyph_cap * std::mem::size_of::<ancrage::layout::document::PlacedGlyph>() / 1_000_000,
            text / 1_000_000
        );
    }
    let options = Options::default();
    let pdf = if whole {
        export(&laid.document, &book, &laid.metadata, &options).expect("export")
    } else {
        let doc = laid.document;
        let prelude = Prelude::of(&doc);
        let (fonts, glyphs) = prelude.glyphs().counts();
        eprintln!(
            "prelude: {} pages, {glyphs} glyphs of {fonts} fonts",
            prelude.page_count()
        );
        let mut exporter =
            Exporter::new(&book, &laid.metadata, &options, prelude, &doc.images).expect("export");
        step("exporter started");
        let held = exporter.held();
        let count = doc.pages.len();
        for (i, page) in doc.pages.into_iter().enumerate() {
            exporter.page(&page, &doc.structure).expect("page");
            if (i + 1) % (count / 4).max(1) == 0 {
                step(&format!("{} pages written", i + 1));
            }
        }
        let now = exporter.held();
        let per_page = |a: usize, b: usize| (a - b) / count.max(1);
        eprintln!(
            "held by the exporter a page (estimates): {} B, of which objects {} B, \
             serialised {} B, records {} B",
            per_page(now.total(), held.total()),
            per_page(now.objects, held.objects),
            per_page(now.serialised, held.serialised),
            per_page(now.records, held.records),
        );
        exporter
            .finish(&doc.structure, &doc.bookmarks)
            .expect("finish")
    };
    step("exported");
    eprintln!("bytes: {}", pdf.bytes.len());
    if let Some(out) = out {
        std::fs::write(out, &pdf.bytes).expect("write");
    }
}

/// The directory laid out twice through `layout_streamed`, pages dropped.
fn streamed(engine: &mut Engine, materials: &resolve::Materials) {
    use ancrage::compose::profile::Profile;
    use ancrage::compose::who_does_what::compose_who_does_what;
    let domains = std::sync::Arc::new(resolve::territory::who_does_what(materials, None));
    let mut glyphs = 0usize;
    let mut drop_page = |page: ancrage::layout::document::Page, _: &_| {
        glyphs += page.items.len();
    };
    let first = compose_who_does_what(materials, None, &domains, &[], Profile::Standard);
    let pass1 = engine
        .layout_streamed(&first, 0, &mut drop_page)
        .expect("streamed");
    drop(first);
    step("streamed, pass 1");
    let pages: Vec<usize> = (pass1.bookmarks.iter())
        .filter(|b| b.level == 1)
        .skip(1)
        .map(|b| b.page + 1)
        .collect();
    let count = pass1.pages;
    drop(pass1);
    let second = compose_who_does_what(materials, None, &domains, &pages, Profile::Standard);
    let pass2 = engine
        .layout_streamed(&second, count, &mut drop_page)
        .expect("streamed");
    step("streamed, pass 2");
    eprintln!(
        "pages: {} (announced {count}), structure nodes {}, items handed over {glyphs}",
        pass2.pages,
        pass2.structure.len()
    );
}

/// `--produce`: the directory made as the build makes it, written to `out`
/// as it is made when given.
fn produce(
    engine: &mut Engine,
    materials: &resolve::Materials,
    book: &Arc<ancrage::layout::fonts::FontBook>,
    out: Option<String>,
) {
    let target = Target::Directory { commune: None };
    let options = Options::default();
    let mut file =
        (out.as_ref()).map(|out| Spilling(BufWriter::new(File::create(out).expect("OUT.pdf"))));
    let produced = build::produce(
        engine,
        materials,
        &target,
        (book, &options, false),
        None,
        file.as_mut().map(|f| f as &mut dyn build::Destination),
    );
    step("produced");
    let output = produced.file.expect("export");
    eprintln!("pages: {}, bytes: {}", produced.pages, output.length());
    match (output, file) {
        (build::Output::Sent(_), Some(mut file)) => file.0.flush().expect("write"),
        (build::Output::Whole(whole), Some(file)) => {
            // Laid out whole after all: what was sent is not the file.
            drop(file);
            std::fs::write(out.expect("OUT.pdf"), &whole.bytes).expect("write");
        }
        _ => {}
    }
}

/// OUT.pdf written as it is made, its object streams waiting in an unnamed
/// temporary file, as the CLI writes a directory.
struct Spilling(BufWriter<File>);

impl Write for Spilling {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl build::Destination for Spilling {
    fn scratch(&mut self) -> Option<Box<dyn ancrage::export::Scratch>> {
        Some(Box::new(tempfile::tempfile().ok()?))
    }
}
