//! The collection of experiences (« recueil des expériences », issue 21):
//! its cover and contents, the map of the partner countries filled by their
//! number of experiences, and its indexes by domain, by country and by
//! collectivité, each entry linked to its page. The records themselves are
//! the experience sheets ([`super::experience`]).

use super::collection::{GENERIC_COVER, TocEntry, cover_band, cover_facts};
use super::profile::Profile;
use super::sheet::{
    GREY, INK, SheetTemplate, edition_footer, paper_size, plain_style, readable_on_white,
    white_or_ink_on,
};
use super::{Composed, mm};
use crate::layout::document::{Color, Content, Role};
use crate::layout::flow::Block;
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::map::choropleth::{self, Class, Label};
use crate::resolve::{ExperienceRecord, Materials, values};

/// The collection's title, on its cover and in its file's title.
pub const TITLE: &str = "Recueil des expériences";

/// Measures a text's printed width (pt) in the regular weight at a size.
pub type Measure<'a> = &'a mut dyn FnMut(&str, f32) -> f32;

/// The accent of the collection: the generic edition's deep blue.
const ACCENT: Color = GENERIC_COVER;

/// A page of the collection on `profile`'s paper, with `blocks`; numbered
/// when `numbered`.
fn page(
    materials: &Materials,
    title: &str,
    blocks: Vec<Block>,
    profile: Profile,
    numbered: bool,
) -> Composed {
    let collection = &materials.collection;
    let language = collection.language;
    let (footer_left, footer_right, page_word) = if numbered {
        (
            TITLE.to_string(),
            edition_footer(collection, language),
            super::labels::labels(language).page,
        )
    } else {
        (String::new(), String::new(), "")
    };
    Composed {
        blocks,
        // The numbered pages have no band: their heading keeps to the top
        // margin.
        template: SheetTemplate::new(paper_size(profile.paper(collection.paper)), profile)
            .with_band(!numbered)
            .with_footer(footer_left, footer_right, page_word),
        title: title.to_string(),
        document_title: super::document_title(&[Some(TITLE), Some(&collection.title)]),
        subject: None,
        author: collection.publisher.clone(),
        keywords: Vec::new(),
        language,
        warnings: Vec::new(),
    }
}

/// A section's heading, in the outline under the collection's title.
fn heading(text: &str) -> Block {
    Block::Heading {
        level: 2,
        runs: vec![Run::plain(text)],
        style: plain_style(22.0, 27.0, Weight::Bold, readable_on_white(ACCENT)),
        space_before: mm(12.0),
        space_after: mm(6.0),
        bookmark: Some(1),
    }
}

/// One line of contents or index: its title and page, both linked to the page.
fn leaders(title: &str, page: usize, size: f32) -> Block {
    let target = format!("#page={}", page - 1);
    let leading = size * 1.36;
    Block::Group {
        role: Role::TOCI,
        blocks: vec![Block::Leaders {
            runs: vec![Run::plain(title).linked(target.clone())],
            number: Run::plain(page.to_string()).bold().linked(target),
            style: plain_style(size, leading, Weight::Regular, INK),
            number_style: plain_style(size, leading, Weight::Bold, readable_on_white(ACCENT)),
            space_after: mm(1.6),
        }],
    }
}

/// Cover and contents, in a typesetting profile.
pub fn compose_front(
    materials: &Materials,
    records: &[&ExperienceRecord],
    toc: &[TocEntry],
    profile: Profile,
) -> Composed {
    let collection = &materials.collection;
    let on = white_or_ink_on(ACCENT);
    let (_, height) = paper_size(profile.paper(collection.paper));
    let countries = count_by_country(records);
    let cover = vec![
        Block::Spacer(mm(38.0)),
        Block::Heading {
            level: 1,
            runs: vec![Run::plain(TITLE)],
            style: plain_style(30.0, 35.0, Weight::Bold, on),
            space_before: 0.0,
            space_after: mm(6.0),
            bookmark: Some(0),
        },
        Block::Paragraph {
            runs: vec![Run::plain(&collection.title)],
            style: plain_style(17.0, 21.0, Weight::SemiBold, on),
            space_before: 0.0,
            space_after: mm(2.0),
        },
        Block::Paragraph {
            runs: vec![Run::plain(format!(
                "{} expériences, {} pays partenaires",
                records.len(),
                countries.len()
            ))],
            style: plain_style(12.0, 15.0, Weight::Regular, on),
            space_before: 0.0,
            space_after: 0.0,
        },
    ];
    let mut blocks = cover_band(cover, ACCENT, height, profile).to_vec();
    blocks.extend(cover_facts(collection, "Édition du", collection.language));
    blocks.push(Block::PageBreak);
    blocks.push(heading("Sommaire"));
    let items = toc
        .iter()
        .map(|e| leaders(&e.title, e.page, 11.5))
        .collect();
    blocks.push(Block::Group {
        role: Role::TOC,
        blocks: items,
    });
    let mut composed = page(materials, TITLE, blocks, profile, false);
    composed.subject = Some(format!(
        "{} expériences de coopération décentralisée et de solidarité internationale",
        records.len()
    ));
    profile.apply(&mut composed);
    composed
}

/// The number of records per partner country abroad (alpha-2 code), the
/// largest first, then by French name.
pub fn count_by_country(records: &[&ExperienceRecord]) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for record in records {
        for code in record.countries() {
            let code = crate::map::country(code).map_or("", |c| c.code);
            match counts.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => counts.push((code, 1)),
            }
        }
    }
    counts.retain(|(c, _)| !c.is_empty());
    counts.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| {
            values::slugify(crate::map::name(a.0)).cmp(&values::slugify(crate::map::name(b.0)))
        })
    });
    counts
}

/// « 1 expérience », « 3 expériences ».
fn experiences(n: usize) -> String {
    format!("{n} expérience{}", if n > 1 { "s" } else { "" })
}

/// The map's alternative text: every partner country with its count, then
/// France, then the countries too small to be drawn.
pub fn map_alt(counts: &[(&str, usize)], without: usize) -> String {
    let listed: Vec<String> = counts
        .iter()
        .map(|(code, n)| format!("{} : {}", crate::map::name(code), experiences(*n)))
        .collect();
    let mut alt = format!(
        "Carte des pays partenaires, colorés selon leur nombre d’expériences, du bleu clair au bleu foncé : {}. La France, où sont les collectivités porteuses, en gris foncé.",
        listed.join(" ; ")
    );
    let small: Vec<&str> = counts
        .iter()
        .filter(|(code, _)| !crate::map::numeric(code).is_some_and(crate::map::has_shape))
        .map(|(code, _)| crate::map::name(code))
        .collect();
    if !small.is_empty() {
        alt.push_str(&format!(
            " Trop petits pour être dessinés à cette échelle : {}.",
            small.join(", ")
        ));
    }
    if without > 0 {
        alt.push_str(&format!(
            " {} sans partenaire à l’étranger.",
            experiences(without)
        ));
    }
    alt
}

/// The legend: a swatch and its meaning per class, France and the land
/// with no experience.
fn legend(classes: &[Class], counts: &[(&str, usize)], size: f32) -> Block {
    let swatch = |fill: Color| Block::Drawing {
        width: mm(7.0),
        height: size * 1.3,
        content: vec![Content::Rect {
            x: 0.0,
            y: size * 0.15,
            w: mm(6.0),
            h: size,
            fill: Some(fill),
            stroke: Some((Color::rgb(0x99, 0x99, 0x99), 0.3)),
            radius: 0.0,
        }],
        alt: None,
        space_after: 0.0,
    };
    let mut lines: Vec<(Color, String)> = classes
        .iter()
        .map(|c| {
            let countries = counts
                .iter()
                .filter(|(_, n)| (c.low..=c.high).contains(n))
                .count();
            let range = if c.low == c.high {
                experiences(c.low)
            } else {
                format!("{} à {}", c.low, experiences(c.high))
            };
            (c.color, format!("{range} : {countries} pays"))
        })
        .collect();
    lines.push((
        crate::map::FRANCE,
        "France : collectivités porteuses".into(),
    ));
    lines.push((crate::map::LAND, "sans expérience recensée".into()));
    let mut blocks = vec![Block::Paragraph {
        runs: vec![Run::plain("Nombre d’expériences par pays").bold()],
        style: plain_style(size, size * 1.35, Weight::Bold, INK),
        space_before: 0.0,
        space_after: mm(1.5),
    }];
    for (color, text) in lines {
        blocks.push(Block::Row {
            cells: vec![
                (mm(8.0), vec![swatch(color)]),
                (
                    mm(70.0),
                    vec![Block::Paragraph {
                        runs: vec![Run::plain(text)],
                        style: plain_style(size, size * 1.3, Weight::Regular, INK),
                        space_before: 0.0,
                        space_after: 0.0,
                    }],
                ),
            ],
            gap: 0.0,
            space_after: mm(1.0),
        });
    }
    Block::Group {
        role: Role::Sect,
        blocks,
    }
}

/// Label size on the map (pt): 8 in the standard edition, the large-print
/// floor of 14 there.
fn label_size(profile: Profile) -> f32 {
    match profile {
        Profile::Standard => 8.0,
        Profile::LargePrint => 14.0,
    }
}

/// The map page: a heading, a sentence of counts, the legend, the map of
/// the region holding the partner countries and France with their names
/// beside it, and the countries too small to draw.
pub fn compose_map(
    materials: &Materials,
    records: &[&ExperienceRecord],
    profile: Profile,
    measure: Measure<'_>,
) -> Composed {
    let counts = count_by_country(records);
    let without = records.iter().filter(|r| r.countries().is_empty()).count();
    let numbers: Vec<(u16, usize)> = counts
        .iter()
        .filter_map(|(code, n)| crate::map::numeric(code).map(|k| (k, *n)))
        .collect();
    let classes = choropleth::classes(&counts.iter().map(|c| c.1).collect::<Vec<_>>());
    let fill = |k: u16| {
        numbers
            .iter()
            .find(|(n, _)| *n == k)
            .and_then(|(_, count)| choropleth::color_of(&classes, *count))
    };
    let shown: Vec<u16> = numbers
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| crate::map::has_shape(*k))
        .collect();
    let region = choropleth::region(&shown);
    let size = label_size(profile);
    let style = plain_style(size, size * 1.45, Weight::Regular, INK);
    let labels = map_labels(&counts, size, measure);
    let collection = &materials.collection;
    let (width, height) = paper_size(profile.paper(collection.paper));
    let room = width - 2.0 * mm(profile.side_margin_mm());
    let column = labels.iter().map(|l| l.width).fold(0.0, f32::max);
    // The map takes what the heading, the sentence, the legend and the
    // notes leave of the page: 60 % of its height, 50 % in large print
    // (a taller legend), so that the page never runs over.
    let share = match profile {
        Profile::Standard => 0.6,
        Profile::LargePrint => 0.5,
    };
    let map_width = choropleth::fit(&region, room, column, height * share);
    let map = choropleth::labelled_map(
        &region,
        map_width,
        &fill,
        &labels,
        &style,
        map_alt(&counts, without),
    );
    let body = plain_style(size + 2.5, (size + 2.5) * 1.4, Weight::Regular, INK);
    let mut blocks = vec![
        heading("Carte des pays partenaires"),
        Block::Paragraph {
            runs: vec![Run::plain(format!(
                "{} avec des partenaires dans {} pays ; {} sans partenaire à l’étranger. Un pays compte une fois par expérience.",
                experiences(records.len() - without),
                counts.len(),
                experiences(without)
            ))],
            style: body,
            space_before: 0.0,
            space_after: mm(4.0),
        },
        legend(&classes, &counts, size + 1.0),
        Block::Spacer(mm(5.0)),
        map,
    ];
    blocks.extend(map_notes(&counts, size));
    // Sizes are set for the profile here: the label columns are measured,
    // so the profile does not rescale this page.
    page(
        materials,
        "Carte des pays partenaires",
        vec![Block::Group {
            role: Role::Sect,
            blocks,
        }],
        profile,
        true,
    )
}

/// The names on the map: each partner country with its count of
/// experiences, and France, `measure`d at `size`.
fn map_labels(counts: &[(&str, usize)], size: f32, measure: Measure<'_>) -> Vec<Label> {
    let mut labels: Vec<Label> = counts
        .iter()
        .filter_map(|(code, n)| {
            let anchor = crate::map::anchor(crate::map::numeric(code)?)?;
            let text = format!("{} ({n})", crate::map::name(code));
            let width = measure(&text, size);
            Some(Label {
                text,
                anchor,
                width,
            })
        })
        .collect();
    if let Some(anchor) = crate::map::anchor(crate::map::FRANCE_NUMERIC) {
        let text = "France".to_string();
        let width = measure(&text, size);
        labels.push(Label {
            text,
            anchor,
            width,
        });
    }
    labels
}

/// The notes under the map, at `size`: the countries too small to draw,
/// and the source of the base map.
fn map_notes(counts: &[(&str, usize)], size: f32) -> Vec<Block> {
    let mut blocks = Vec::new();
    let small: Vec<String> = counts
        .iter()
        .filter(|(code, _)| !crate::map::numeric(code).is_some_and(crate::map::has_shape))
        .map(|(code, n)| format!("{} ({n})", crate::map::name(code)))
        .collect();
    if !small.is_empty() {
        blocks.push(Block::Paragraph {
            runs: vec![Run::plain(format!(
                "Trop petit{} pour être dessiné{} à cette échelle : {}.",
                if small.len() > 1 { "s" } else { "" },
                if small.len() > 1 { "s" } else { "" },
                small.join(", ")
            ))],
            style: plain_style(size, size * 1.35, Weight::Regular, GREY),
            space_before: mm(3.0),
            space_after: 0.0,
        });
    }
    blocks.push(Block::Paragraph {
        runs: vec![Run::plain(
            "Fond de carte : Natural Earth (domaine public), projection Equal Earth.",
        )],
        style: plain_style(size, size * 1.35, Weight::Regular, GREY),
        space_before: mm(2.0),
        space_after: 0.0,
    });
    blocks
}

/// What an index sorts the records by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// Their domains.
    Domain,
    /// Their partner countries abroad.
    Country,
    /// Their collectivités (carriers).
    Authority,
}

impl IndexKind {
    /// Every index, in the collection's order.
    pub const ALL: [IndexKind; 3] = [IndexKind::Domain, IndexKind::Country, IndexKind::Authority];

    /// Its title.
    pub fn title(self) -> &'static str {
        match self {
            IndexKind::Domain => "Index par domaine",
            IndexKind::Country => "Index par pays",
            IndexKind::Authority => "Index par collectivité",
        }
    }

    /// The entries a record is listed under.
    fn keys(self, materials: &Materials, record: &ExperienceRecord) -> Vec<String> {
        let e = &record.experience;
        match self {
            IndexKind::Domain => e
                .domains
                .iter()
                .map(|id| {
                    materials
                        .domain(id)
                        .map_or(id.clone(), |d| d.domain.title.clone())
                })
                .collect(),
            IndexKind::Country => {
                let countries = record.countries();
                if countries.is_empty() {
                    vec![NO_COUNTRY.to_string()]
                } else {
                    countries
                        .into_iter()
                        .map(|c| crate::map::name(c).to_string())
                        .collect()
                }
            }
            IndexKind::Authority => e.authorities.iter().map(|a| a.name.clone()).collect(),
        }
    }
}

/// The country index's entry for records with no partner abroad.
const NO_COUNTRY: &str = "Sans partenaire à l’étranger";

/// The entries of an index: each key, in alphabetical order (the country
/// index's « Sans partenaire à l’étranger » last), with its records'
/// titles and pages in page order.
pub fn index_entries(
    materials: &Materials,
    records: &[&ExperienceRecord],
    pages: &[usize],
    kind: IndexKind,
) -> Vec<(String, Vec<(String, usize)>)> {
    let mut entries: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    for (record, &page) in records.iter().zip(pages) {
        let mut keys = kind.keys(materials, record);
        keys.dedup();
        for key in keys {
            let line = (record.experience.title.clone(), page);
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some((_, lines)) => lines.push(line),
                None => entries.push((key, vec![line])),
            }
        }
    }
    for (_, lines) in &mut entries {
        lines.sort_by_key(|l| l.1);
    }
    // Alphabetical, but the records without a country abroad come last:
    // not a country, they were filed between Roumanie and Sénégal.
    entries.sort_by_key(|(k, _)| (k == NO_COUNTRY, values::slugify(k)));
    entries
}

/// One index, each entry's records linked to their pages.
pub fn compose_index(
    materials: &Materials,
    records: &[&ExperienceRecord],
    pages: &[usize],
    kind: IndexKind,
    profile: Profile,
) -> Composed {
    let mut blocks = vec![heading(kind.title())];
    for (key, lines) in index_entries(materials, records, pages, kind) {
        let mut group = vec![Block::Heading {
            level: 3,
            runs: vec![Run::plain(format!("{key} ({})", lines.len()))],
            style: plain_style(12.0, 16.0, Weight::Bold, readable_on_white(ACCENT)),
            space_before: mm(3.0),
            space_after: mm(1.2),
            bookmark: None,
        }];
        let items = lines
            .iter()
            .map(|(title, page)| leaders(title, *page, 10.0))
            .collect();
        group.push(Block::Group {
            role: Role::TOC,
            blocks: items,
        });
        blocks.push(Block::Group {
            role: Role::Sect,
            blocks: group,
        });
    }
    let mut composed = page(
        materials,
        kind.title(),
        vec![Block::Group {
            role: Role::Sect,
            blocks,
        }],
        profile,
        true,
    );
    profile.apply(&mut composed);
    composed
}
