//! One output from the validated materials: compose, then lay out (then export):
//! the library call behind each file `ancrage build` writes.

use std::ops::Range;
use std::sync::Arc;

use crate::compose::profile::Profile;
use crate::compose::sheet::paper_size;
use crate::compose::{self, Composed, FieldWarning};
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::Document;
use crate::layout::document::{Item, Page, Streamed, Structure};
use crate::layout::flow::{Flow, has_keeps, redraw_footers};
use crate::layout::fonts::FontBook;
use crate::layout::hyphen::Hyphenator;
use crate::layout::paragraph::{ParagraphMemo, Setter};
use crate::layout::shape::Shaper;
use crate::model::{Language, Paper};
use crate::resolve::{DomainSheet, LoadedEdition, Materials};
use crate::source::FileId;

/// A sheet longer than this many pages gets a warning: the design targets
/// two pages, printed recto–verso on one sheet of paper.
pub const SHEET_TARGET_PAGES: usize = 2;

/// The page target on a paper size: an A5 page holds about half an A4 one,
/// so a sheet re-flowed on A5 for a booklet targets four pages.
pub fn target_pages(paper: Paper) -> usize {
    match paper {
        Paper::A5 => 2 * SHEET_TARGET_PAGES,
        Paper::A4 | Paper::Letter => SHEET_TARGET_PAGES,
    }
}

/// Per-thread tools of the layout stage: the shaper (with its word cache) and
/// the hyphenator, sharing one font book.
pub struct Engine {
    /// Shapes text.
    pub shaper: Shaper,
    /// Hyphenation points.
    pub hyphenator: Hyphenator,
    /// The paragraphs this engine has set (with this shaper and this
    /// hyphenator only), by their inputs.
    memo: ParagraphMemo,
    /// Pages of each generic sheet laid out to tell whether a commune
    /// edition's extra page comes from the commune's profile, by sheet id
    /// and paper (the materials do not change within one build).
    generic_pages: std::collections::HashMap<String, usize>,
}

impl Engine {
    /// An engine over `book`, with the collection's hyphenation exceptions.
    pub fn new(book: Arc<FontBook>, exceptions: &[String]) -> Engine {
        Engine {
            shaper: Shaper::new(book),
            hyphenator: Hyphenator::new(exceptions).unwrap_or_default(),
            memo: ParagraphMemo::default(),
            generic_pages: std::collections::HashMap::new(),
        }
    }

    /// A setter of this engine's tools for a document in `lang`, keeping
    /// what it sets in the engine's memo.
    fn setter<'a>(&'a mut self, lang: &'a str) -> Setter<'a> {
        Setter {
            shaper: &mut self.shaper,
            hyphenator: &self.hyphenator,
            lang,
            memo: Some(&mut self.memo),
        }
    }

    /// Forgets the paragraphs this engine has set: the next layout sets
    /// each of them anew, as the first edition of a sheet does (the layout
    /// benchmark times that, not a layout answered from the memo).
    pub fn forget_paragraphs(&mut self) {
        self.memo = ParagraphMemo::default();
    }

    /// Forgets the paragraphs this engine has set, and keeps at most
    /// `bytes` of them in each of the memo's two generations until it
    /// forgets them again ([`Engine::forget_paragraphs`]).
    pub fn forget_paragraphs_keeping(&mut self, bytes: usize) {
        self.memo = ParagraphMemo::with_limit(bytes);
    }

    /// Lays out composed blocks on their template.
    ///
    /// Modules are kept whole (a key-figure grid, a lever, an experience),
    /// and so are panels up to half a column; when the holes that leaves
    /// push a sheet past its page target, it is laid out again with panels
    /// over a sixth of a column breakable (modules still whole), and the
    /// shorter layout is kept: a third page costs more than a box continued
    /// in the next column.
    pub fn layout(&mut self, composed: &Composed) -> Document {
        let mut setter = self.setter(composed.language.tag());
        let (strict, relaxable) =
            Flow::new(&mut setter).run_and_tell(&composed.blocks, &composed.template);
        let target = page_target(composed);
        // Without a panel the relaxed flow would break otherwise, its
        // layout is this one: not made, not held beside it.
        if strict.pages.len() <= target || !relaxable || !has_keeps(&composed.blocks) {
            return strict;
        }
        let relaxed = Flow::new(&mut setter)
            .relaxed()
            .run(&composed.blocks, &composed.template);
        if relaxed.pages.len() < strict.pages.len() {
            relaxed
        } else {
            strict
        }
    }

    /// Lays out composed blocks as [`Engine::layout`] does, handing each
    /// page to `sink` as soon as it is finished, its running footer drawn
    /// as one of `count` pages (the count a first layout gave): a document
    /// of thousands of pages (the territory's directory) is never held
    /// whole. The caller compares `count` with [`Streamed::pages`] and lays
    /// the blocks out again when they differ.
    ///
    /// `None` when [`Engine::layout`] may keep another layout than the
    /// strict one streamed: a document past its page target, with kept
    /// modules and a panel the relaxed flow would break otherwise
    /// ([`Flow::run_and_tell`]). The flow stops as soon as it finds such a
    /// panel; the pages handed over before (if any) are then not to be
    /// used, and the caller lays the document out with [`Engine::layout`].
    pub fn layout_streamed(
        &mut self,
        composed: &Composed,
        count: usize,
        sink: &mut dyn FnMut(Page, &Structure),
    ) -> Option<Streamed> {
        let target = page_target(composed);
        // Over its target with kept modules, a document is laid out relaxed
        // too when it holds such a panel: the flow gives up then. At or
        // under it (a wrong count, then: the caller lays out again) or
        // without kept modules, the strict layout is the one kept.
        let keeps = has_keeps(&composed.blocks);
        let choice = count > target && keeps;
        let mut setter = self.setter(composed.language.tag());
        let flow = Flow::new(&mut setter);
        let flow = if choice { flow.until_relaxable() } else { flow };
        let streamed = flow.run_streamed(&composed.blocks, &composed.template, count, sink);
        // Past the target, the relaxed flow is made when some panel may
        // break otherwise (whatever count was announced).
        if streamed.relaxable && keeps && (choice || streamed.pages > target) {
            return None;
        }
        Some(streamed)
    }

    /// Draws the band « Document de travail – non validé » across the top
    /// of every page of `document` (a draft), as decoration, under the
    /// running footer's items.
    pub fn stamp_draft(&mut self, document: &mut crate::layout::Document, language: Language) {
        // One layout per page size (a booklet's pages are all A5).
        let mut bands: Vec<((f32, f32), Vec<Item>)> = Vec::new();
        for page in &mut document.pages {
            let size = (page.width, page.height);
            if !bands.iter().any(|(s, _)| *s == size) {
                bands.push((size, self.draft_band(size, language)));
            }
            let items = &bands.iter().find(|(s, _)| *s == size).expect("laid out").1;
            stamp_page(page, items);
        }
    }

    /// The items of the band « Document de travail – non validé » for a
    /// page of `size`, to be drawn on each page with [`stamp_page`]: a
    /// document streamed page by page is stamped as its pages come.
    pub fn draft_band(&mut self, size: (f32, f32), language: Language) -> Vec<Item> {
        let mut setter = self.setter(language.tag());
        let blocks = compose::draft::band(language);
        let template = compose::draft::BandTemplate { size };
        let mut laid = Flow::new(&mut setter).run(&blocks, &template);
        let mut items = std::mem::take(&mut laid.pages[0].items);
        centre_texts(&mut items, size.0);
        items
    }

    /// Draws again the running footers of `document`, laid out from
    /// `composed`, after a change of its template's page numbering: the same
    /// pages as a new [`Engine::layout`] would give, without the layout.
    pub fn renumber(&mut self, document: &mut Document, composed: &Composed) {
        let mut setter = self.setter(composed.language.tag());
        redraw_footers(&mut setter, &mut document.pages, &composed.template);
    }
}

/// The page target of a composed document: its paper's (A5 pages are
/// about half A4 ones).
fn page_target(composed: &Composed) -> usize {
    if composed.template.size.0 < paper_size(Paper::A4).0 {
        target_pages(Paper::A5)
    } else {
        SHEET_TARGET_PAGES
    }
}

/// Draws a draft `band` ([`Engine::draft_band`]) on `page`, under its
/// running footer's items.
pub fn stamp_page(page: &mut Page, band: &[Item]) {
    let at = page.items.len() - page.footer;
    page.items.splice(at..at, band.iter().cloned());
}

/// Moves the texts among `items` to the middle of a page `width` wide,
/// together.
fn centre_texts(items: &mut [Item], width: f32) {
    use crate::layout::document::Content;
    let (mut left, mut right) = (f32::INFINITY, f32::NEG_INFINITY);
    for item in items.iter() {
        if let Content::Text(run) = &item.content {
            left = left.min(run.x);
            right = right.max(run.x + run.width());
        }
    }
    if left > right {
        return;
    }
    let shift = (width - (right - left)) / 2.0 - left;
    for item in items.iter_mut() {
        if let Content::Text(run) = &mut item.content {
            run.x += shift;
        }
    }
}

/// A value of the materials: its file, its path there and its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub file: FileId,
    /// The value's path in the file (`exemples.2.texte`).
    pub path: String,
    /// The value's byte range in the file's text, as written.
    pub range: Range<usize>,
}

/// The innermost value whose text, as written, satisfies `holds`: the
/// shortest in the first of `files` that has one, else in any file of the
/// materials (a commune's override, the glossary, the collection's édito).
/// Ties go to the earlier value, so that a report is stable.
pub fn innermost(
    materials: &Materials,
    files: &[FileId],
    holds: impl Fn(&str) -> bool,
) -> Option<Place> {
    let in_file = |file: FileId| {
        let text = &materials.sources.try_get(file)?.text;
        materials
            .spans
            .get(&file)?
            .iter()
            .filter(|(_, r)| text.get((*r).clone()).is_some_and(&holds))
            .min_by(|(pa, a), (pb, b)| (a.len(), a.start, pa).cmp(&(b.len(), b.start, pb)))
            .map(|(path, range)| Place {
                file,
                path: path.clone(),
                range: range.clone(),
            })
    };
    if let Some(place) = files.iter().find_map(|f| in_file(*f)) {
        return Some(place);
    }
    let mut others: Vec<FileId> = materials
        .spans
        .keys()
        .filter(|f| !files.contains(f))
        .copied()
        .collect();
    others.sort_by_key(|f| f.0);
    others
        .into_iter()
        .filter_map(in_file)
        .min_by(|a, b| (a.range.len(), a.file.0).cmp(&(b.range.len(), b.file.0)))
}

/// Points a warning about a field's text at the value itself:
///
/// 1. the span of its field in the first of `files` (the sheet's, then the
///    commune's) where that span holds the value as written;
/// 2. else the innermost value holding it, in `files` then in any file (a
///    field named after the sheet's path but written in another file: a
///    commune's override or box, the glossary);
/// 3. else the field's span, for a value composed from several (an
///    example's carriers, joined);
/// 4. else, when the field exists nowhere, the first of `files` without a
///    line, the field named: never byte 0 of a file.
///
/// A markup warning is then narrowed to its faulty tag (see `pinpoint`).
pub fn locate(materials: &Materials, files: &[FileId], warning: &FieldWarning) -> Diagnostic {
    let value = warning.value.trim();
    let holds = |text: &str| !value.is_empty() && text.contains(value);
    let span_of = |file: &FileId| {
        let range = materials.spans.get(file)?.get(&warning.field)?;
        Some((*file, range.clone()))
    };
    let written = |(file, range): &(FileId, Range<usize>)| {
        materials
            .sources
            .try_get(*file)
            .and_then(|s| s.text.get(range.clone()))
            .is_some_and(holds)
    };
    let place = files
        .iter()
        .filter_map(span_of)
        .find(written)
        .or_else(|| innermost(materials, files, holds).map(|p| (p.file, p.range)))
        .or_else(|| files.iter().find_map(span_of));
    let d = warning.diagnostic.clone();
    match (place, files.first()) {
        (Some((file, range)), _) => {
            let range = pinpoint(materials, file, &range, &d).unwrap_or(range);
            d.at(file, range)
        }
        (None, Some(file)) => {
            let message = format!("{} (champ « {} »)", d.message, warning.field);
            Diagnostic {
                message,
                ..d.in_file(*file, None)
            }
        }
        (None, None) => d,
    }
}

/// Where in the value at `range` of `file` a markup warning of the texts
/// points (the faulty `<span>` tag), as `ancrage check` says it: the value is
/// parsed again as written, and its problem with the same message found.
/// `None` (the whole value, then) when the value holds escape sequences or
/// the typography changed the message.
fn pinpoint(
    materials: &Materials,
    file: FileId,
    range: &Range<usize>,
    warning: &Diagnostic,
) -> Option<Range<usize>> {
    let raw = materials.sources.try_get(file)?.text.get(range.clone())?;
    let (offset, body) = crate::source::string_body(raw)?;
    let problem = crate::layout::inline::parse(body)
        .problems
        .into_iter()
        .find(|p| p.message == warning.message)?;
    let start = range.start + offset;
    Some(start + problem.range.start..start + problem.range.end)
}

/// The message of a character no font has, `U+` code first (what
/// [`missing_glyphs`] and a check for one already reported look for).
pub fn missing_glyph_message(c: char) -> String {
    format!(
        "caractère U+{:04X} « {c} » absent de toutes les polices livrées : il sera imprimé comme un carré vide",
        u32::from(c)
    )
}

/// A warning for each character of `missing` (none of the fonts has it),
/// located at the innermost value that holds it, in `files` first, then in
/// any file of the materials; else in the first of `files`, without a line
/// (never byte 0). Nothing without a file to point at.
pub fn missing_glyphs(
    materials: &Materials,
    files: &[FileId],
    missing: &[char],
) -> Vec<Diagnostic> {
    let Some(&first) = files.first() else {
        return Vec::new();
    };
    missing
        .iter()
        .map(|c| {
            let message = missing_glyph_message(*c);
            let d = match innermost(materials, files, |text| text.contains(*c)) {
                Some(Place { file, path, range }) => {
                    Diagnostic::warning(format!("{message} (champ « {path} »)")).at(file, range)
                }
                None => Diagnostic::warning(message).in_file(first, None),
            };
            d.with_hint("remplacez ce caractère, ou ajoutez dans fonts/ une police qui le contient")
        })
        .collect()
}

/// Most pages a sheet may take before it is refused. A sheet aims at two (A4)
/// or four (A5) pages; forty is a report pasted into a field or a runaway list,
/// not a sheet, and a build for hundreds of communes would print it hundreds of
/// times. The catalogue's longest valid case (1 000 list items) takes 12.
pub const MAX_SHEET_PAGES: usize = 40;

/// The pages of the generic edition of `sheet` on `paper`, laid out once
/// per engine.
fn generic_pages(
    engine: &mut Engine,
    materials: &Materials,
    sheet: &DomainSheet,
    paper: Paper,
) -> usize {
    let key = format!("{}:{paper:?}", sheet.id);
    if let Some(&pages) = engine.generic_pages.get(&key) {
        return pages;
    }
    let composed =
        compose::sheet::compose_sheet_on(materials, sheet, LoadedEdition::Generic, paper);
    let pages = engine.layout(&composed).pages.len();
    engine.generic_pages.insert(key, pages);
    pages
}

/// A laid-out sheet with what the user should know about it.
pub struct LaidOut {
    /// The pages.
    pub document: Document,
    /// The composition (title, metadata).
    pub composed: Composed,
    /// Warnings located in the sheet's file (and the commune's).
    pub diagnostics: Diagnostics,
}

/// Composes and lays out one sheet in `edition` on the collection's paper.
pub fn sheet(
    engine: &mut Engine,
    materials: &Materials,
    sheet: &DomainSheet,
    edition: LoadedEdition,
) -> LaidOut {
    sheet_on(
        engine,
        materials,
        sheet,
        edition,
        materials.collection.paper,
    )
}

/// Composes and lays out one sheet on the given paper.
pub fn sheet_on(
    engine: &mut Engine,
    materials: &Materials,
    sheet: &DomainSheet,
    edition: LoadedEdition,
    paper: Paper,
) -> LaidOut {
    sheet_with(
        engine,
        materials,
        sheet,
        edition,
        paper,
        Profile::Standard,
        None,
    )
}

/// Composes and lays out one sheet on the given paper in a typesetting
/// profile: in large print, on as many pages as its text needs (no page
/// target, no warning for a long sheet).
pub fn sheet_as(
    engine: &mut Engine,
    materials: &Materials,
    sheet: &DomainSheet,
    edition: LoadedEdition,
    paper: Paper,
    profile: Profile,
) -> LaidOut {
    sheet_with(engine, materials, sheet, edition, paper, profile, None)
}

/// Like [`sheet_on`], with `beside` given the composition while the sheet is
/// laid out: on another thread of the current rayon pool when one is free
/// (see [`rayon::join`]), else after the layout on this one.
pub fn sheet_beside(
    engine: &mut Engine,
    materials: &Materials,
    sheet: &DomainSheet,
    edition: LoadedEdition,
    paper: Paper,
    beside: &(dyn Fn(&Composed) + Sync),
    typesetting: Profile,
) -> LaidOut {
    sheet_with(
        engine,
        materials,
        sheet,
        edition,
        paper,
        typesetting,
        Some(beside),
    )
}

fn sheet_with(
    engine: &mut Engine,
    materials: &Materials,
    sheet: &DomainSheet,
    edition: LoadedEdition,
    paper: Paper,
    typesetting: Profile,
    beside: Option<&(dyn Fn(&Composed) + Sync)>,
) -> LaidOut {
    let profile = edition.profile();
    let composed = compose::sheet::compose_sheet_as(materials, sheet, edition, paper, typesetting);
    let document = match beside {
        Some(beside) => rayon::join(|| engine.layout(&composed), || beside(&composed)).0,
        None => engine.layout(&composed),
    };
    let mut diagnostics = Diagnostics::default();
    let files: Vec<FileId> = [Some(sheet.file), profile.map(|p| p.file)]
        .into_iter()
        .flatten()
        .collect();
    for warning in &composed.warnings {
        diagnostics.push(locate(materials, &files, warning));
    }
    for d in missing_glyphs(materials, &files, &document.missing) {
        diagnostics.push(d);
    }
    let target = target_pages(paper);
    let paper_name = match paper {
        Paper::A5 => " A5",
        _ => "",
    };
    // A page count is the edition's own: the commune's box (or its
    // overrides) can make its sheet longer than the generic one. Then the
    // warning points at the commune's profile; when the generic sheet is too
    // long too, at the domain, naming the editions.
    let too_long = |pages: usize| pages > target;
    // (Large print has no page target: no generic layout for it.)
    let generic = match profile {
        Some(_) if too_long(document.pages.len()) && typesetting == Profile::Standard => {
            Some(generic_pages(engine, materials, sheet, paper))
        }
        _ => None,
    };
    let edition = |d: Diagnostic| match (profile, generic) {
        (Some(p), Some(generic)) if !too_long(generic) => {
            let file = &materials.sources.get(p.file).name;
            let mut d = d.for_edition(p.commune.name.as_str()).in_file(p.file, None);
            d.hints = vec![format!(
                "sans ce que le profil de la commune ajoute (son encadré : actions, partenaires, contact ; ses surcharges), la fiche tient en {generic} pages : raccourcissez-le dans {file}"
            )];
            d
        }
        (Some(p), _) => d.for_edition(p.commune.name.as_str()),
        (None, _) => d,
    };
    let max_pages = MAX_SHEET_PAGES * typesetting.pages_factor();
    if document.pages.len() > max_pages {
        diagnostics.push(edition(
            Diagnostic::error(format!(
                "la fiche « {} » ferait {} pages{paper_name} : au-delà de {max_pages} pages, elle n’est pas fabriquée",
                sheet.id,
                document.pages.len()
            ))
            .in_file(sheet.file, None)
            .with_hint(format!(
                "une fiche vise {target} pages : gardez l’essentiel et renvoyez le reste vers « Pour aller plus loin » (un lien vers le document complet)"
            )),
        ));
    } else if document.pages.len() > target && typesetting == Profile::Standard {
        // Large print takes as many pages as its text needs.
        diagnostics.push(edition(
            Diagnostic::warning(format!(
                "la fiche « {} » fait {} pages{paper_name} (la mise en page vise {target} pages recto verso)",
                sheet.id,
                document.pages.len()
            ))
            .in_file(sheet.file, None)
            .with_hint("raccourcissez les textes les plus longs, ou retirez un exemple ou une ressource"),
        ));
    }
    LaidOut {
        document,
        composed,
        diagnostics,
    }
}
