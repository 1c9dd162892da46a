//! The workshop handout (« livret d’atelier »): a cover with the date, place,
//! presentation and programme table, ruled notes pages and a back cover with
//! the contact block. The sheets go between them (assembled in `build`).

use super::collection::GENERIC_COVER;
use super::labels::{full_date, labels, long_date};
use super::profile::{LARGE_LINE_SPACING, Profile};
use super::sheet::{
    BOTTOM_MARGIN_MM, GREY, INK, SheetTemplate, TOP_MARGIN_MM, paper_size, plain_style,
    readable_on_white, white_or_ink_on,
};
use super::{Composed, Text, mm, paragraph};
use crate::layout::document::{Color, Content, Role};
use crate::layout::flow::{Block, Panel};
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::layout::paragraph::TextStyle;
use crate::model::{Commune, Contact, Language, Paper, Workshop};
use crate::resolve::Materials;

/// Rules of the notes pages: light enough to write over, dark enough to
/// survive a photocopy.
const RULE: Color = Color::rgb(0xB8, 0xB8, 0xB8);
/// Space between the ruled lines: 8 mm, the ruling of French "grands carreaux"
/// paper, comfortable for handwriting.
const RULE_SPACING_MM: f32 = 8.0;
/// Body height lost to the top and bottom margins of a page without a
/// header band, as in the sheet template.
const VERTICAL_MARGINS_MM: f32 = TOP_MARGIN_MM + BOTTOM_MARGIN_MM;

/// Everything the three parts share: language, colours, footer.
struct Handout<'m> {
    materials: &'m Materials,
    workshop: &'m Workshop,
    commune: Option<&'m Commune>,
    language: Language,
    color: Color,
    size: (f32, f32),
    profile: Profile,
}

impl<'m> Handout<'m> {
    fn new(
        materials: &'m Materials,
        workshop: &'m Workshop,
        paper: Paper,
        profile: Profile,
    ) -> Handout<'m> {
        let commune = workshop
            .commune
            .as_deref()
            .and_then(|id| materials.commune(id).ok())
            .map(|p| &p.commune);
        Handout {
            materials,
            workshop,
            commune,
            language: commune
                .and_then(|c| c.language)
                .unwrap_or(materials.collection.language),
            color: commune
                .and_then(|c| c.color.as_deref())
                .and_then(Color::from_hex)
                .unwrap_or(GENERIC_COVER),
            size: paper_size(profile.paper(paper)),
            profile,
        }
    }

    fn english(&self) -> bool {
        self.language == Language::English
    }

    fn text(&self) -> Text {
        Text::new(
            self.language,
            self.materials.collection.french_typography(),
            &self.materials.root,
            "atelier",
        )
    }

    /// Whether the page is A5-sized: smaller type on the cover.
    fn small(&self) -> bool {
        self.size.0 < 500.0
    }

    fn body_width(&self) -> f32 {
        self.size.0 - 2.0 * mm(self.profile.side_margin_mm())
    }

    fn template(&self, band: bool) -> SheetTemplate {
        let short = self
            .workshop
            .subtitle
            .clone()
            .unwrap_or_else(|| self.workshop.title.clone());
        SheetTemplate::new(self.size, self.profile)
            .with_band(band)
            .with_footer(
                format!("{short} — {}", full_date(self.workshop.date, self.language)),
                String::new(),
                labels(self.language).page,
            )
    }

    fn composed(&self, blocks: Vec<Block>, band: bool, text: Text) -> Composed {
        let mut composed = Composed {
            blocks: vec![Block::Group {
                role: Role::Sect,
                blocks,
            }],
            template: self.template(band),
            title: self.workshop.title.clone(),
            document_title: super::document_title(&[
                Some(&self.workshop.title),
                Some(&self.materials.collection.title),
                self.commune.map(|c| c.name.as_str()),
            ]),
            subject: self.workshop.presentation.as_deref().map(super::plain),
            author: self
                .commune
                .map(|c| c.name.clone())
                .or_else(|| self.materials.collection.publisher.clone()),
            keywords: Vec::new(),
            language: self.language,
            warnings: text.warnings,
        };
        self.profile.apply(&mut composed);
        composed
    }
}

/// The cover: a coloured band with the title and date, the presentation,
/// then the programme as a table.
pub fn compose_cover(
    materials: &Materials,
    workshop: &Workshop,
    paper: Paper,
    profile: Profile,
) -> Composed {
    let h = Handout::new(materials, workshop, paper, profile);
    let mut text = h.text();
    let small = h.small();
    let width = h.body_width();

    // 1. The band: subtitle as a kicker, title, date and place.
    let mut blocks = vec![
        cover_band(&h, &mut text),
        Block::Spacer(mm(if small { 5.0 } else { 8.0 })),
    ];

    // 2. The presentation.
    let body = TextStyle {
        justify: true,
        hyphenate: true,
        ..plain_style(
            if small { 9.6 } else { 10.5 },
            if small { 13.4 } else { 14.8 },
            Weight::Regular,
            INK,
        )
    };
    if let Some(presentation) = &workshop.presentation {
        for runs in text.paragraphs(presentation, "presentation") {
            blocks.push(paragraph(runs, body.clone(), mm(2.0)));
        }
    }

    // 3. The programme, a table with a header row.
    if !workshop.programme.is_empty() {
        let ink = readable_on_white(h.color);
        blocks.push(Block::Heading {
            level: 2,
            // The timetable is the planned one: no record gives the day's.
            runs: vec![Run::plain(match h.language {
                Language::English => "Provisional programme",
                Language::French => "Programme indicatif",
            })],
            style: plain_style(if small { 12.0 } else { 14.0 }, 18.0, Weight::Bold, ink),
            space_before: mm(4.0),
            space_after: mm(2.5),
            bookmark: Some(1),
        });
        blocks.push(programme(&h, &mut text, width));
    }
    h.composed(blocks, true, text)
}

/// The cover's coloured band, bled to the page's sides: the subtitle as a
/// kicker, the title, date and place, the commune and the edition of the
/// materials.
fn cover_band(h: &Handout<'_>, text: &mut Text) -> Block {
    let small = h.small();
    let on = white_or_ink_on(h.color);
    let mut band = vec![Block::Spacer(mm(if small { 9.0 } else { 14.0 }))];
    if let Some(subtitle) = &h.workshop.subtitle {
        band.push(paragraph(
            text.runs(subtitle, "sous_titre"),
            plain_style(if small { 10.0 } else { 12.0 }, 15.0, Weight::SemiBold, on),
            mm(2.0),
        ));
    }
    let title_size = if small { 16.0 } else { 22.0 };
    band.push(Block::Heading {
        level: 1,
        runs: text.runs(&h.workshop.title, "titre"),
        style: plain_style(title_size, title_size * 1.2, Weight::Bold, on),
        space_before: 0.0,
        space_after: mm(4.0),
        bookmark: Some(0),
    });
    let mut when = full_date(h.workshop.date, h.language);
    if let Some(place) = &h.workshop.place {
        when = format!("{when} — {place}");
    }
    band.push(paragraph(
        text.runs(&when, "date"),
        plain_style(if small { 10.5 } else { 12.5 }, 16.0, Weight::Regular, on),
        0.0,
    ));
    if let Some(commune) = h.commune {
        band.push(paragraph(
            vec![Run::plain(&commune.name)],
            plain_style(if small { 10.5 } else { 12.5 }, 16.0, Weight::SemiBold, on),
            0.0,
        ));
    }
    // The sheets print the law of the collection's edition under the
    // workshop's (older) date: the cover says so (issue 17 § 2).
    if let Some(edition) = h.materials.collection.edition {
        let line = match h.language {
            Language::English => format!(
                "updated materials – {} edition",
                long_date(edition, h.language)
            ),
            Language::French => format!(
                "supports actualisés – édition du {}",
                long_date(edition, h.language)
            ),
        };
        band.push(paragraph(
            vec![Run::plain(&line)],
            plain_style(if small { 9.0 } else { 10.5 }, 14.0, Weight::Regular, on),
            0.0,
        ));
    }
    band.push(Block::Spacer(mm(if small { 7.0 } else { 10.0 })));
    Panel::new(band)
        .fill(h.color)
        .outset_sides(mm(h.profile.side_margin_mm()))
        .block()
}

/// The programme table: « Heure », « Intitulé », « Intervenants ».
fn programme(h: &Handout<'_>, text: &mut Text, width: f32) -> Block {
    let small = h.small();
    let padding = mm(1.6);
    let gap = mm(3.0);
    let inner = width - 2.0 * padding;
    let size = if small { 8.8 } else { 9.6 };
    // Room for « 14 h 30 » at the size the profile sets.
    let time_w = mm(if small { 14.0 } else { 17.0 }) * (h.profile.size(size) / size);
    let has_speakers = h.workshop.programme.iter().any(|s| s.speakers.is_some());
    let speakers_w = if has_speakers {
        (inner - time_w - 2.0 * gap) * 0.4
    } else {
        0.0
    };
    let title_w = inner - time_w - speakers_w - gap * if has_speakers { 2.0 } else { 1.0 };
    let cell_style = |weight| plain_style(size, size * 1.35, weight, INK);
    let row = |cells, fill| table_row(cells, fill, gap, padding);
    let widths = [time_w, title_w, speakers_w];
    let header = header_cells(h, size, widths, has_speakers);
    let mut rows = vec![row(header, Some(h.color))];
    for (i, session) in h.workshop.programme.iter().enumerate() {
        let mut cells = vec![
            (
                time_w,
                Role::TD,
                paragraph(
                    text.runs(&session.time, &format!("programme.{i}.heure")),
                    cell_style(Weight::SemiBold),
                    0.0,
                ),
            ),
            (
                title_w,
                Role::TD,
                paragraph(
                    text.runs(&session.title, &format!("programme.{i}.intitule")),
                    cell_style(Weight::Regular),
                    0.0,
                ),
            ),
        ];
        if has_speakers {
            let who = session.speakers.as_deref().unwrap_or("");
            cells.push((
                speakers_w,
                Role::TD,
                paragraph(
                    text.runs(who, &format!("programme.{i}.intervenants")),
                    plain_style(size - 0.6, (size - 0.6) * 1.35, Weight::Regular, GREY),
                    0.0,
                ),
            ));
        }
        // Every other row tinted: the eye follows a line across three columns.
        let fill = (i % 2 == 1).then(|| h.color.tint(0.92));
        rows.push(row(cells, fill));
    }
    Block::Group {
        role: Role::Table,
        blocks: rows,
    }
}

/// One row of the programme table, with a `padding` around its cells and a
/// `gap` between them: each cell has its width and role.
fn table_row(cells: Vec<(f32, Role, Block)>, fill: Option<Color>, gap: f32, padding: f32) -> Block {
    super::table_row(cells, gap)
        .fill(fill)
        .padding(padding)
        .block()
}

/// The header cells of the programme table, at type `size`, `widths` wide
/// (time, title, speakers), in the handout's colour.
fn header_cells(
    h: &Handout<'_>,
    size: f32,
    [time_w, title_w, speakers_w]: [f32; 3],
    has_speakers: bool,
) -> Vec<(f32, Role, Block)> {
    let on = white_or_ink_on(h.color);
    let header_style = plain_style(size, size * 1.35, Weight::Bold, on);
    let (time, title, speakers) = if h.english() {
        ("Time", "Session", "Speakers")
    } else {
        ("Heure", "Intitulé", "Intervenants")
    };
    let mut header = vec![
        (
            time_w,
            Role::TH,
            paragraph(vec![Run::plain(time)], header_style.clone(), 0.0),
        ),
        (
            title_w,
            Role::TH,
            paragraph(vec![Run::plain(title)], header_style.clone(), 0.0),
        ),
    ];
    if has_speakers {
        header.push((
            speakers_w,
            Role::TH,
            paragraph(vec![Run::plain(speakers)], header_style, 0.0),
        ));
    }
    header
}

/// `pages` ruled notes pages, each headed « Notes ».
pub fn compose_notes(
    materials: &Materials,
    workshop: &Workshop,
    pages: usize,
    paper: Paper,
    profile: Profile,
) -> Composed {
    let h = Handout::new(materials, workshop, paper, profile);
    let text = h.text();
    let width = h.body_width();
    let ink = readable_on_white(h.color);
    let heading_size = if h.small() { 12.0 } else { 14.0 };
    // The heading takes its leading (as the profile sets it) plus the space
    // below it; the ruled area fills the rest of the body, minus a point of
    // slack against rounding.
    let heading_space = mm(4.0);
    let heading_leading = match profile {
        Profile::Standard => heading_size * 1.3,
        Profile::LargePrint => profile.size(heading_size) * LARGE_LINE_SPACING,
    };
    let margins = mm(TOP_MARGIN_MM + profile.bottom_margin_mm());
    let ruled = h.size.1 - margins - heading_leading - heading_space - 1.0;
    let spacing = mm(RULE_SPACING_MM);
    let lines = (ruled / spacing).floor() as usize;
    let mut blocks = Vec::new();
    for page in 0..pages {
        if page > 0 {
            blocks.push(Block::PageBreak);
        }
        let heading = Block::Heading {
            level: 2,
            runs: vec![Run::plain("Notes")],
            style: plain_style(heading_size, heading_size * 1.3, Weight::Bold, ink),
            space_before: 0.0,
            space_after: heading_space,
            bookmark: (page == 0).then_some(0),
        };
        // One heading for the notes: on the following pages it is a running
        // header, decoration that a screen reader does not announce again.
        blocks.push(if page == 0 {
            heading
        } else {
            Block::Decoration {
                blocks: vec![heading],
            }
        });
        let content = (1..=lines)
            .map(|k| Content::Line {
                from: (0.0, k as f32 * spacing),
                to: (width, k as f32 * spacing),
                color: RULE,
                width: 0.5,
            })
            .collect();
        blocks.push(Block::Drawing {
            width,
            height: lines as f32 * spacing + 1.0,
            content,
            alt: None,
            space_after: 0.0,
        });
    }
    h.composed(blocks, false, text)
}

/// The back cover: where the sheets come from and whom to contact.
pub fn compose_back(
    materials: &Materials,
    workshop: &Workshop,
    paper: Paper,
    profile: Profile,
) -> Composed {
    let h = Handout::new(materials, workshop, paper, profile);
    let mut text = h.text();
    let collection = &materials.collection;
    let ink = readable_on_white(h.color);
    let small = h.small();
    let size = if small { 9.6 } else { 10.5 };
    let line = plain_style(size, size * 1.45, Weight::Regular, INK);
    // Push the block to the lower half of the page, where a back cover
    // carries its colophon.
    let mut blocks = vec![Block::Spacer((h.size.1 - mm(VERTICAL_MARGINS_MM)) * 0.5)];
    let contact = h.commune.and_then(|c| c.contact.as_ref().map(|k| (c, k)));
    let mut inner = match contact {
        Some((commune, contact)) => contact_lines(&mut text, commune, contact, size, ink),
        None => {
            let mut inner = vec![Block::Heading {
                level: 2,
                runs: text.runs(&collection.title, "titre"),
                style: plain_style(size + 2.5, (size + 2.5) * 1.3, Weight::Bold, ink),
                space_before: 0.0,
                space_after: mm(2.0),
                bookmark: None,
            }];
            if let Some(publisher) = &collection.publisher {
                inner.push(paragraph(
                    text.runs(publisher, "editeur"),
                    line.clone(),
                    0.0,
                ));
            }
            inner
        }
    };
    let provenance = if h.english() {
        format!(
            "The sheets in this booklet come from “{}”.",
            collection.title
        )
    } else {
        format!(
            "Les fiches de ce livret sont extraites de « {} ».",
            collection.title
        )
    };
    inner.push(paragraph(
        text.runs(&provenance, "titre"),
        plain_style(size - 1.0, (size - 1.0) * 1.45, Weight::Regular, GREY),
        0.0,
    ));
    blocks.push(
        Panel::new(inner)
            .fill(h.color.tint(0.93))
            .radius(3.0)
            .padding(mm(5.0))
            .left_bar(h.color, 3.0)
            .role(Role::Sect)
            .block(),
    );
    h.composed(blocks, false, text)
}

/// The contact block of the back cover: « Contact », the commune's name,
/// service, address, phone, then its e-mail and website as links, at type
/// `size`, headings and links in `ink`.
fn contact_lines(
    text: &mut Text,
    commune: &Commune,
    contact: &Contact,
    size: f32,
    ink: Color,
) -> Vec<Block> {
    let line = plain_style(size, size * 1.45, Weight::Regular, INK);
    let link = TextStyle {
        color: ink,
        link_color: ink,
        ..line.clone()
    };
    let mut inner = vec![
        Block::Heading {
            level: 2,
            runs: vec![Run::plain("Contact")],
            style: plain_style(size + 2.5, (size + 2.5) * 1.3, Weight::Bold, ink),
            space_before: 0.0,
            space_after: mm(2.0),
            bookmark: None,
        },
        paragraph(
            vec![Run::plain(&commune.name)],
            plain_style(size, size * 1.45, Weight::SemiBold, INK),
            0.0,
        ),
    ];
    for (part, field) in [
        (&contact.service, "contact.service"),
        (&contact.address, "contact.adresse"),
        (&contact.phone, "contact.telephone"),
    ] {
        if let Some(part) = part {
            inner.push(paragraph(text.runs(part, field), line.clone(), 0.0));
        }
    }
    if let Some(mail) = &contact.email {
        inner.push(paragraph(
            vec![Run::plain(mail).linked(format!("mailto:{mail}"))],
            link.clone(),
            0.0,
        ));
    }
    if let Some(site) = &contact.website {
        inner.push(paragraph(
            vec![
                Run::plain(site.trim_start_matches("https://").trim_end_matches('/'))
                    .linked(site.clone()),
            ],
            link,
            0.0,
        ));
    }
    inner
}
