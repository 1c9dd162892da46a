//! The fact sheet: a domain (with a commune's customisation) as blocks on an
//! A4 page template with a coloured header band and a running footer.

use std::path::Path;

use super::labels::{Labels, labels, long_date};
use super::profile::Profile;
use super::qr::{qr_quiet, qr_rects, qr_side};
use super::{Composed, Text, mm};
use crate::layout::document::{Color, Content, ImageRef, Role};
use crate::layout::flow::{Block, ItemBox, PageTemplate, Panel, Rect};
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::layout::paragraph::TextStyle;
use crate::model::{Commune, Domain, Language, Paper};
use crate::resolve::{DomainSheet, LoadedEdition, Materials};

mod body;
mod boxes;
mod notes;
mod spacing;

pub(crate) use spacing::Spacing;

use boxes::{FIGURE_MAX_SIZE, figure_size};

/// Default accent when a sheet has no colour: a dark teal that passes WCAG AA
/// against white (5.9:1).
pub(crate) const DEFAULT_ACCENT: Color = Color::rgb(0x1B, 0x6B, 0x73);
/// Body text: not pure black, softer on the page, 15.3:1 on white.
pub(crate) const INK: Color = Color::rgb(0x22, 0x22, 0x22);
/// Secondary text (sources, captions, footer): 7:1 on white.
pub(crate) const GREY: Color = Color::rgb(0x55, 0x55, 0x55);

/// Body text size: the issue asks for at least 9.5 pt; 9.5 pt in Inter reads
/// like 10.5 pt in a classic serif thanks to its large x-height.
const BODY_SIZE: f32 = 9.5;

/// Page margins: 13 mm at the sides (the issue asks for at least 12 mm; office
/// printers cannot print the outer 4–5 mm), 12 mm at the top of pages 2+,
/// 15 mm at the bottom to hold the footer, whose baseline stays 8 mm above
/// the edge, clear of the printer's unprintable band.
pub const SIDE_MARGIN_MM: f32 = 13.0;
/// Top margin of pages without a header band.
pub const TOP_MARGIN_MM: f32 = 12.0;
/// Bottom margin, holding the footer.
pub const BOTTOM_MARGIN_MM: f32 = 15.0;

/// Inner padding of every box of the body columns (levers, experiences, key
/// figures, the commune's box): 3 mm keeps text clear of the tint's edge at
/// arm's length.
pub(crate) const BOX_PADDING_MM: f32 = 3.0;
/// Width of a lever's number, hanging in its box's left padding: room for
/// a digit in 15 pt bold (3.2 mm) and a gap to the text.
const LEVER_NUMBER_MM: f32 = 5.5;

/// Smallest side of a QR code, quiet zone included (mm).
const QR_MIN_MM: f32 = 18.0;
/// Smallest module of a QR code (mm): phones and 100 dpi scans resolve it.
const QR_MODULE_MM: f32 = 0.6;

/// Gap between the two body columns: 7 mm keeps the columns apart at 9.8 pt
/// without wasting width (about 2 em).
const COLUMN_GAP_MM: f32 = 7.0;

/// The page template of a sheet.
#[derive(Debug, Clone)]
pub struct SheetTemplate {
    /// Page size (pt).
    pub size: (f32, f32),
    /// Whether the first page's body starts at the top edge (a bleeding band).
    pub band: bool,
    /// Footer text on the left.
    pub footer_left: String,
    /// Footer text on the right, before the page number.
    pub footer_right: String,
    /// « page » or its translation; empty for no page number.
    pub page_word: &'static str,
    /// Page numbering inside a larger document (a collection, a handout).
    pub numbering: Numbering,
    /// The typesetting profile: large print has a larger footer and bottom
    /// margin (set by [`Profile::apply`]).
    pub profile: Profile,
}

impl SheetTemplate {
    /// A bare template of `size` for `profile`: no band, no footer, no page
    /// number, pages numbered on their own.
    pub fn new(size: (f32, f32), profile: Profile) -> SheetTemplate {
        SheetTemplate {
            size,
            band: false,
            footer_left: String::new(),
            footer_right: String::new(),
            page_word: "",
            numbering: Numbering::default(),
            profile,
        }
    }

    /// The same, its first page's body starting at the top edge when `band`.
    pub fn with_band(self, band: bool) -> SheetTemplate {
        SheetTemplate { band, ..self }
    }

    /// [`SheetTemplate::with_footer`] for a numbered document of the
    /// collection: `left`, the edition's date on the right, folios in the
    /// collection's language.
    pub fn with_edition_footer(
        self,
        left: String,
        collection: &crate::model::Collection,
    ) -> SheetTemplate {
        let language = collection.language;
        self.with_footer(
            left,
            edition_footer(collection, language),
            labels(language).page,
        )
    }

    /// The same, with a footer: `left`, `right` before the page number, and
    /// `page_word` (« page »; empty for no page number).
    pub fn with_footer(
        self,
        left: String,
        right: String,
        page_word: &'static str,
    ) -> SheetTemplate {
        SheetTemplate {
            footer_left: left,
            footer_right: right,
            page_word,
            ..self
        }
    }
}

/// How the footer numbers pages: on its own (« page 1 / 2 ») or as part of a
/// larger document whose page numbers the contents list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Numbering {
    /// Pages before this part in the whole document.
    pub offset: usize,
    /// Pages of the whole document; `None` when the part stands alone.
    pub total: Option<usize>,
    /// The part's first page carries no footer (a cover).
    pub bare_first: bool,
    /// Pages face each other (a booklet): the page number sits on the
    /// outer edge, on the left of even pages.
    pub mirrored: bool,
}

impl PageTemplate for SheetTemplate {
    fn size(&self) -> (f32, f32) {
        self.size
    }

    fn body(&self, index: usize) -> Rect {
        let (w, h) = self.size;
        let side = mm(self.profile.side_margin_mm());
        // The first page starts at the very top: the header band bleeds.
        let top = if index == 0 && self.band {
            0.0
        } else {
            mm(TOP_MARGIN_MM)
        };
        Rect {
            x: side,
            y: top,
            w: w - 2.0 * side,
            h: h - top - mm(self.profile.bottom_margin_mm()),
        }
    }

    fn footer(&self, index: usize, count: usize) -> Vec<(String, bool)> {
        if index == 0 && self.numbering.bare_first {
            return Vec::new();
        }
        let folio = self.numbering.offset + index + 1;
        let number = if self.page_word.is_empty() {
            String::new()
        } else {
            let total = self.numbering.total.unwrap_or(count);
            format!("{} {folio} / {total}", self.page_word)
        };
        let outer_left = self.numbering.mirrored && folio.is_multiple_of(2);
        vec![
            (self.footer_left.clone(), outer_left),
            (right_footer(&self.footer_right, &number), !outer_left),
        ]
    }

    fn footer_baseline(&self) -> f32 {
        self.size.1 - mm(self.profile.bottom_margin_mm()) + mm(self.profile.footer_drop_mm())
    }

    fn footer_rule(&self) -> Option<(f32, Color)> {
        Some((
            self.size.1 - mm(self.profile.bottom_margin_mm()) + mm(3.0),
            Color::rgb(0xCC, 0xCC, 0xCC),
        ))
    }

    fn footer_size(&self) -> f32 {
        self.profile.footer_size()
    }
}

/// A left-aligned, unhyphenated style whose links take the text colour:
/// covers, contents, directory and handout pages.
pub(crate) fn plain_style(size: f32, leading: f32, weight: Weight, color: Color) -> TextStyle {
    TextStyle {
        size,
        leading,
        color,
        link_color: color,
        weight,
        justify: false,
        hyphenate: false,
        display: false,
    }
}

/// Page size in points.
pub fn paper_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::A4 => (595.28, 841.89),
        Paper::A5 => (419.53, 595.28),
        Paper::Letter => (612.0, 792.0),
    }
}

/// Leading of the sheet title, in its size: bold display lines need less
/// than body text's 1.35.
const TITLE_LEADING: f32 = 1.16;

/// Leading (pt) of the subtitle under the title in the band, set at 12.5 pt.
const SUBTITLE_LEADING: f32 = 16.0;

/// Pages narrower than this get one body column instead of two: on A5
/// (420 pt) two columns would hold about 30 characters a line, too few for
/// justified French text.
const TWO_COLUMNS_MIN_WIDTH: f32 = 500.0;

/// Composes one sheet on the collection's paper, customised for a commune's `edition`.
pub fn compose_sheet(
    materials: &Materials,
    sheet: &DomainSheet,
    edition: LoadedEdition,
) -> Composed {
    compose_sheet_on(materials, sheet, edition, materials.collection.paper)
}

/// Composes one sheet on the given paper (a handout re-flows its sheets on A5).
pub fn compose_sheet_on(
    materials: &Materials,
    sheet: &DomainSheet,
    edition: LoadedEdition,
    paper: Paper,
) -> Composed {
    compose_sheet_as(materials, sheet, edition, paper, Profile::Standard)
}

/// Composes one sheet on the given paper in a typesetting profile (large
/// print: one column, then restyled by [`Profile::apply`]).
pub fn compose_sheet_as(
    materials: &Materials,
    sheet: &DomainSheet,
    edition: LoadedEdition,
    paper: Paper,
    profile: Profile,
) -> Composed {
    let commune = edition.commune();
    let collection = &materials.collection;
    let size = paper_size(paper);
    let language = commune
        .and_then(|c| c.language)
        .unwrap_or(collection.language);
    let l = labels(language);
    let domain = materials.domain_for(sheet, commune);
    let accent = domain
        .color
        .as_deref()
        .and_then(Color::from_hex)
        .unwrap_or(DEFAULT_ACCENT);
    let mut text = Text::new(
        language,
        collection.french_typography(),
        &materials.root,
        &sheet.id,
    );
    let count = profile.columns(if size.0 >= TWO_COLUMNS_MIN_WIDTH {
        2
    } else {
        1
    });
    // One column of standard print is an A5 page: its rhythm is tighter.
    let spacing = if count == 1 && profile == Profile::Standard {
        Spacing::COMPACT
    } else {
        Spacing::STANDARD
    };
    let mut c = SheetComposer {
        text: &mut text,
        l,
        accent,
        ink: readable_on_white(accent),
        root: &materials.root,
        width: size.0 - 2.0 * mm(profile.side_margin_mm()),
        profile,
        spacing,
        glossary: &materials.glossary,
        // A commune's override may change the text: its domain is read again.
        domain_acronyms: commune
            .is_none_or(|c| !c.overrides.contains_key(&sheet.id))
            .then(|| materials.domain_acronyms(sheet)),
        records: (edition.id())
            .map(|id| materials.experiences_of(id))
            .unwrap_or_default(),
    };
    let mut blocks = vec![c.band(&domain)];
    blocks.push(Block::Spacer(mm(5.0)));
    blocks.push(c.lead(&domain.summary));
    let column_width = (c.width - mm(COLUMN_GAP_MM) * (count - 1) as f32) / count as f32;
    let body = c.body(&domain, commune, column_width);
    blocks.push(Block::Columns {
        count,
        gap: mm(COLUMN_GAP_MM),
        blocks: body,
    });

    // A sheet dated by its own update says so; others, the edition's date.
    let footer_right = notes::updated_footer(domain.updated, l, language)
        .unwrap_or_else(|| edition_footer(collection, language));
    let footer_left = match commune {
        Some(commune) => format!("{} — {}", collection.title, commune.name),
        None => collection.title.clone(),
    };
    let warnings = std::mem::take(&mut text.warnings);
    let mut composed = Composed {
        blocks: vec![Block::Group {
            role: Role::Sect,
            blocks,
        }],
        template: SheetTemplate::new(size, profile)
            .with_band(true)
            .with_footer(footer_left, footer_right, l.page),
        title: domain.title.clone(),
        document_title: super::document_title(&[
            Some(&domain.title),
            Some(&collection.title),
            commune.map(|c| c.name.as_str()),
        ]),
        subject: Some(super::plain(&domain.summary)),
        author: commune
            .map(|c| c.name.clone())
            .or_else(|| collection.publisher.clone()),
        keywords: domain.keywords.clone(),
        language,
        warnings,
    };
    profile.apply(&mut composed);
    composed
}

/// The right part of a running footer before the page number: the edition's
/// date when the collection gives one. Every numbered page of a collection
/// carries the same footer, so that checkers (and readers) recognise it as
/// running furniture, not as a line of prose left out of the reading.
pub(crate) fn edition_footer(collection: &crate::model::Collection, language: Language) -> String {
    match collection.edition {
        Some(date) => {
            let word = if language == Language::English {
                "edition of"
            } else {
                "édition du"
            };
            format!("{word} {} — ", long_date(date, language))
        }
        None => String::new(),
    }
}

pub(crate) struct SheetComposer<'t, 'r> {
    pub(crate) text: &'t mut Text,
    l: &'static Labels,
    accent: Color,
    /// The accent, darkened if needed to read as text on white (WCAG AA).
    ink: Color,
    root: &'r Path,
    width: f32,
    /// The acronyms of the collection (`sigles.toml`).
    glossary: &'r crate::model::Glossary,
    /// What the domain's own text gives the « Sigles » box, when the sheet
    /// prints it unchanged (no override); read from the domain otherwise.
    domain_acronyms: Option<&'r crate::resolve::editorial::DomainAcronyms>,
    /// The typesetting profile (the tiles' figure size depends on it).
    profile: Profile,
    /// The vertical rhythm: tighter on the one column of an A5 page.
    spacing: Spacing,
    /// The experience records concerning the commune of the edition, for
    /// its box (see [`Materials::experiences_of`]); none for the others.
    records: Vec<&'r crate::resolve::ExperienceRecord>,
}

impl<'t, 'r> SheetComposer<'t, 'r> {
    /// A composer of the house style's blocks (band, lead, headings) over
    /// `width` points, for the other kinds of sheet (an experience record).
    pub(crate) fn new(
        text: &'t mut Text,
        language: Language,
        accent: Color,
        (root, glossary): (&'r Path, &'r crate::model::Glossary),
        width: f32,
    ) -> Self {
        SheetComposer {
            text,
            l: labels(language),
            accent,
            ink: readable_on_white(accent),
            root,
            width,
            glossary,
            domain_acronyms: None,
            profile: Profile::Standard,
            spacing: Spacing::STANDARD,
            records: Vec::new(),
        }
    }

    /// The same composer for a typesetting profile (the band reaches the
    /// profile's page edges).
    pub(crate) fn in_profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    pub(crate) fn style(
        &self,
        size: f32,
        leading: f32,
        weight: Weight,
        color: Color,
        justify: bool,
    ) -> TextStyle {
        TextStyle {
            size,
            leading,
            color,
            link_color: self.ink,
            weight,
            justify,
            hyphenate: true,
            display: false,
        }
    }

    /// The accent as ink: readable on white.
    pub(crate) fn ink_color(&self) -> Color {
        self.ink
    }

    pub(crate) fn body_style(&self) -> TextStyle {
        self.style(
            BODY_SIZE,
            self.spacing.body_leading,
            Weight::Regular,
            INK,
            true,
        )
    }

    pub(crate) fn small_style(&self, color: Color) -> TextStyle {
        self.style(7.6, 10.2, Weight::Regular, color, false)
    }

    /// The coloured header band with pictogram, title and subtitle.
    pub(crate) fn band(&mut self, domain: &Domain) -> Block {
        // White text on the band when it reads (WCAG AA, 4.5:1), else near-black.
        let on_band = white_or_ink_on(self.accent);
        // On A5 the band shrinks with the page: a 25 pt title would take
        // three lines beside the pictogram.
        let narrow = self.width < TWO_COLUMNS_MIN_WIDTH - mm(2.0 * SIDE_MARGIN_MM);
        let (picto, title_size) = if narrow {
            (mm(16.0), 19.0)
        } else {
            (mm(21.0), 25.0)
        };
        let mut title_blocks = vec![Block::Heading {
            level: 1,
            runs: self.text.runs(&domain.title, "titre"),
            style: TextStyle {
                hyphenate: false,
                ..self.style(
                    title_size,
                    title_size * TITLE_LEADING,
                    Weight::Bold,
                    on_band,
                    false,
                )
            },
            space_before: 0.0,
            space_after: mm(1.5),
            bookmark: Some(0),
        }];
        if let Some(subtitle) = &domain.subtitle {
            title_blocks.push(Block::Paragraph {
                runs: self.text.runs(subtitle, "sous_titre"),
                style: TextStyle {
                    hyphenate: false,
                    ..self.style(12.5, SUBTITLE_LEADING, Weight::Regular, on_band, false)
                },
                space_before: 0.0,
                space_after: 0.0,
            });
        }
        let mut cells = Vec::new();
        let inner = self.width;
        if let Some(image) = domain.pictogram.as_deref().and_then(|p| self.image(p)) {
            cells.push((
                picto,
                vec![Block::Image {
                    image,
                    width: picto,
                    alt: None,
                    space_after: 0.0,
                }],
            ));
            cells.push((inner - picto - mm(6.0), title_blocks));
        } else {
            cells.push((inner, title_blocks));
        }
        // One band height across the collection (issue 16, A.5): the band
        // holds two balanced title lines and a subtitle line whether the
        // title takes one line or two, through an empty strut cell.
        let subtitle = if domain.subtitle.is_some() {
            SUBTITLE_LEADING
        } else {
            0.0
        };
        let strut = 2.0 * title_size * TITLE_LEADING + mm(1.5) + subtitle;
        cells.push((0.0, vec![Block::Spacer(strut)]));
        Panel::new(vec![
            Block::Spacer(mm(self.spacing.band_mm.0)),
            Block::Row {
                cells,
                gap: mm(6.0),
                space_after: 0.0,
            },
            Block::Spacer(mm(self.spacing.band_mm.1)),
        ])
        .fill(self.accent)
        .outset_sides(mm(self.profile.side_margin_mm()))
        .block()
    }

    /// The summary as a lead paragraph with an accent bar.
    pub(crate) fn lead(&mut self, summary: &str) -> Block {
        Panel::new(self.paragraphs(
            summary,
            "resume",
            self.style(
                self.spacing.lead.0,
                self.spacing.lead.1,
                Weight::Regular,
                INK,
                false,
            ),
            0.0,
        ))
        .fill(self.accent.tint(0.92))
        .padding(mm(3.5))
        .left_bar(self.accent, 3.0)
        .space_after(mm(2.0))
        .block()
    }

    pub(crate) fn heading(&mut self, label: &str) -> Block {
        Block::Heading {
            level: 2,
            runs: vec![Run::plain(label)],
            style: TextStyle {
                hyphenate: false,
                ..self.style(12.0, 15.0, Weight::Bold, self.ink, false)
            },
            space_before: mm(self.spacing.section_mm),
            space_after: mm(self.spacing.heading_after_mm),
            bookmark: Some(1),
        }
    }

    pub(crate) fn paragraphs(
        &mut self,
        source: &str,
        field: &str,
        style: TextStyle,
        gap: f32,
    ) -> Vec<Block> {
        self.text
            .paragraphs(source, field)
            .into_iter()
            .map(|runs| Block::Paragraph {
                runs,
                style: style.clone(),
                space_before: 0.0,
                space_after: gap,
            })
            .collect()
    }

    fn image(&mut self, path: &str) -> Option<ImageRef> {
        let full = self.root.join(path);
        let (w, h) = image::image_dimensions(&full).ok()?;
        Some(ImageRef {
            path: full,
            width: w,
            height: h,
        })
    }
}

/// The text colour on a `ground` colour: white when it reads there, else
/// near-black ink.
pub fn white_or_ink_on(ground: Color) -> Color {
    if ground.contrast(Color::WHITE) >= Color::WCAG_AA_TEXT {
        Color::WHITE
    } else {
        INK
    }
}

/// A colour darkened until it reads as text on white (WCAG AA, 4.5:1).
pub fn readable_on_white(color: Color) -> Color {
    readable_on(color, Color::WHITE)
}

/// A colour darkened until it reads as text on `ground` (WCAG AA, 4.5:1).
pub fn readable_on(color: Color, ground: Color) -> Color {
    color.readable_on(ground)
}

/// An address as printed: without `https://` and a final `/`.
fn display_url(url: &str) -> String {
    url.trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

/// A chart value in French style: « 12,5 », « 1 200 ».
fn format_number(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    let int = rounded.trunc() as i64;
    let frac = ((rounded.fract()).abs() * 10.0).round() as i64;
    let mut s = crate::resolve::values::group_digits(int.unsigned_abs());
    if int < 0 {
        s.insert(0, '−');
    }
    if frac != 0 {
        s.push_str(&format!(",{frac}"));
    }
    s
}

/// The right footer: its text then the folio. Without a folio (a
/// certificate, a badge), the « — » that would lead to it goes too.
fn right_footer(text: &str, number: &str) -> String {
    if number.is_empty() {
        text.trim_end().trim_end_matches('—').trim_end().to_string()
    } else {
        format!("{text}{number}")
    }
}
