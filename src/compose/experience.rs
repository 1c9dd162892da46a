//! An experience record as a one- or two-page A4 sheet in the house style
//! (issue 21): band, summary, identity box, then context, actions, results,
//! lessons, contact and sources in two columns.

use super::sheet::{DEFAULT_ACCENT, GREY, INK, SheetComposer, SheetTemplate, paper_size};
use super::{Composed, Text, mm};
use crate::layout::document::{Color, Role};
use crate::layout::flow::{Block, Panel};
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::model::experience::{Authority, ExperiencePartner};
use crate::model::{Domain, ExampleNature, Nature, Paper};
use crate::resolve::{ExperienceRecord, Materials};

/// Gap between the two columns of the body, as on a domain sheet.
const COLUMN_GAP_MM: f32 = 7.0;

/// The kicker above an experience's title, and the footer's name of the series.
pub const SERIES: &str = "Fiche d’expérience";

/// Composes the sheet of one record on A4 (the collection's paper when A5 would
/// not hold the identity box beside the text, it keeps A4), in a typesetting
/// profile.
pub fn compose_experience(
    materials: &Materials,
    record: &ExperienceRecord,
    profile: super::profile::Profile,
) -> Composed {
    let collection = &materials.collection;
    let e = &record.experience;
    let language = collection.language;
    let paper = match collection.paper {
        Paper::Letter => Paper::Letter,
        Paper::A4 | Paper::A5 => Paper::A4,
    };
    let size = paper_size(paper);
    // The sheet takes the colour and pictogram of its first domain.
    let first = e.domains.iter().find_map(|id| materials.domain(id));
    let accent = first
        .and_then(|d| d.domain.color.as_deref())
        .and_then(Color::from_hex)
        .unwrap_or(DEFAULT_ACCENT);
    let mut text = Text::new(
        language,
        collection.french_typography(),
        &materials.root,
        &record.id,
    );
    let width = size.0 - 2.0 * mm(profile.side_margin_mm());
    let mut c = SheetComposer::new(
        &mut text,
        language,
        accent,
        (&materials.root, &materials.glossary),
        width,
    );
    // Lists a touch under the body's 9.5 pt, to hold a record on one page;
    // in large print at the body's size, which the profile sets at 14 pt,
    // the floor of its running text (9.3 pt would give 13.8).
    let list_size = match profile {
        super::profile::Profile::Standard => 9.3,
        super::profile::Profile::LargePrint => 9.5,
    };
    let kicker = match e.nature {
        ExampleNature::Real => SERIES.to_string(),
        ExampleNature::Type => format!("{SERIES} — exemple type"),
    };
    let domains: Vec<&str> = e
        .domains
        .iter()
        .filter_map(|id| materials.domain(id))
        .map(|d| d.domain.title.as_str())
        .collect();
    let band = Domain {
        title: e.title.clone(),
        subtitle: Some(format!("{kicker} · {}", domains.join(", "))),
        pictogram: first.and_then(|d| d.domain.pictogram.clone()),
        ..Domain::default()
    };
    let mut blocks = vec![c.band(&band), Block::Spacer(mm(5.0))];
    blocks.push(c.lead(e.summary.as_deref().unwrap_or(&e.context)));
    blocks.push(identity(&mut c, record, accent, width));
    blocks.push(Block::Columns {
        count: 2,
        gap: mm(COLUMN_GAP_MM),
        blocks: body(&mut c, record, accent, list_size),
    });
    // The series' name only: a one-page file's footer is on no other page,
    // and a footer that reads as prose would be read as text marked as
    // decoration (the collection's title is in the document title).
    let footer_left = SERIES.to_string();
    let mut composed = Composed {
        blocks: vec![Block::Group {
            role: Role::Sect,
            blocks,
        }],
        template: SheetTemplate::new(size, profile)
            .with_band(true)
            .with_edition_footer(footer_left, collection),
        title: e.title.clone(),
        document_title: super::document_title(&[
            Some(&e.title),
            Some(SERIES),
            Some(&collection.title),
        ]),
        subject: Some(super::plain(e.summary.as_deref().unwrap_or(&e.context))),
        author: e.authorities.first().map(|a| a.name.clone()),
        keywords: e.domains.clone(),
        language,
        warnings: std::mem::take(&mut text.warnings),
    };
    profile.apply(&mut composed);
    composed
}

/// A label in bold followed by its value (through the typography), on one paragraph.
fn line(c: &mut SheetComposer<'_, '_>, label: &str, value: &str, field: &str) -> Block {
    let mut runs = vec![Run::plain(format!("{label}\u{a0}: ")).bold()];
    runs.extend(c.text.runs(value, field));
    Block::Paragraph {
        runs,
        style: c.style(9.2, 12.6, Weight::Regular, INK, false),
        space_before: 0.0,
        space_after: mm(0.8),
    }
}

fn nature(n: Nature) -> &'static str {
    match n {
        Nature::Commune => "commune",
        Nature::Intercommunality => "intercommunalité",
        Nature::Department => "département",
        Nature::Region => "région",
        Nature::Association => "association",
    }
}

fn authority(a: &Authority) -> String {
    match &a.territory {
        Some(t) => format!("{} ({}, {t})", a.name, nature(a.nature)),
        None => format!("{} ({})", a.name, nature(a.nature)),
    }
}

fn partner(p: &ExperiencePartner) -> String {
    format!(
        "{} ({}, {})",
        p.name,
        p.kind.label(),
        crate::map::name(&p.country)
    )
}

/// « Qui, avec qui, quand, combien » in a tinted box under the summary.
fn identity(
    c: &mut SheetComposer<'_, '_>,
    record: &ExperienceRecord,
    accent: Color,
    width: f32,
) -> Block {
    let e = &record.experience;
    let mut inner = Vec::new();
    let who: Vec<String> = e.authorities.iter().map(authority).collect();
    let label = if who.len() > 1 { "Porteurs" } else { "Porteur" };
    inner.push(line(c, label, &who.join(" ; "), "collectivites"));
    if !e.partners.is_empty() {
        let with: Vec<String> = e.partners.iter().map(partner).collect();
        inner.push(line(c, "Partenaires", &with.join(" ; "), "partenaires"));
    }
    let countries: Vec<&str> = record
        .countries()
        .into_iter()
        .map(crate::map::name)
        .collect();
    if !countries.is_empty() {
        inner.push(line(c, "Pays", &countries.join(", "), "partenaires"));
    }
    if let Some(period) = &e.period {
        inner.push(line(c, "Période", &period.label(), "periode"));
    }
    if let Some(budget) = &e.budget {
        if let Some(amount) = &budget.amount {
            inner.push(line(c, "Budget", amount, "budget.montant"));
        }
        if !budget.cofunders.is_empty() {
            let cofunders = budget.cofunders.join(" ; ");
            inner.push(line(c, "Cofinanceurs", &cofunders, "budget.cofinanceurs"));
        }
    }
    let identity = Block::Group {
        role: Role::Sect,
        blocks: inner,
    };
    // The locator map beside the identity lines, when there is a partner abroad.
    let content = match locator(record, accent) {
        Some(map) => {
            let text_width = width - 2.0 * mm(3.0) - mm(LOCATOR_WIDTH_MM) - mm(4.0);
            vec![Block::Row {
                cells: vec![
                    (text_width, vec![identity]),
                    (mm(LOCATOR_WIDTH_MM), vec![map]),
                ],
                gap: mm(4.0),
                space_after: 0.0,
            }]
        }
        None => vec![identity],
    };
    Panel::new(content)
        .fill(accent.tint(0.95))
        .radius(3.0)
        .padding(mm(3.0))
        .space_before(mm(1.0))
        .space_after(mm(1.0))
        .block()
}

/// A bulleted list of a field's items.
fn bullets(c: &mut SheetComposer<'_, '_>, items: &[String], field: &str, size: f32) -> Block {
    let style = c.style(size, 12.8, Weight::Regular, INK, false);
    let items = items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                "•".to_string(),
                c.paragraphs(t, &format!("{field}.{i}"), style.clone(), 0.0),
            )
        })
        .collect();
    Block::List {
        items,
        label_style: c.style(size, 12.8, Weight::Bold, c.ink_color(), false),
        indent: mm(3.5),
        gap: mm(1.2),
        space_after: 0.0,
        boxed: None,
    }
}

/// The sections of the body, in reading order.
fn body(
    c: &mut SheetComposer<'_, '_>,
    record: &ExperienceRecord,
    accent: Color,
    list_size: f32,
) -> Vec<Block> {
    let e = &record.experience;
    let mut out: Vec<Block> = Vec::new();
    let body = c.body_style();
    let mut section = |blocks: Vec<Block>| {
        out.push(Block::Group {
            role: Role::Sect,
            blocks,
        })
    };
    let mut context = vec![c.heading("Contexte")];
    context.extend(c.paragraphs(&e.context, "contexte", body.clone(), mm(1.5)));
    section(context);
    for (label, field, items) in [
        ("Actions menées", "actions", &e.actions),
        ("Résultats", "resultats", &e.results),
    ] {
        if !items.is_empty() {
            let list = bullets(c, items, field, list_size);
            section(vec![c.heading(label), list]);
        }
    }
    if !e.lessons.is_empty() {
        let list = bullets(c, &e.lessons, "enseignements", list_size);
        section(vec![
            c.heading("Enseignements"),
            Panel::new(vec![list])
                .fill(accent.tint(0.9))
                .radius(3.0)
                .padding(mm(3.0))
                .left_bar(accent, 3.0)
                .block(),
        ]);
    }
    if let Some(contact) = &e.contact {
        let mut blocks = vec![c.heading("Contact")];
        let style = c.style(9.2, 12.6, Weight::Regular, INK, false);
        for part in [&contact.service, &contact.address, &contact.phone]
            .into_iter()
            .flatten()
        {
            blocks.push(Block::Paragraph {
                runs: vec![Run::plain(part)],
                style: style.clone(),
                space_before: 0.0,
                space_after: 0.0,
            });
        }
        for (link, shown) in [
            (
                contact.email.as_ref().map(|m| format!("mailto:{m}")),
                contact.email.clone(),
            ),
            (
                contact.website.clone(),
                contact.website.as_deref().map(display_url),
            ),
        ] {
            if let (Some(link), Some(shown)) = (link, shown) {
                blocks.push(Block::Paragraph {
                    runs: vec![Run::plain(&shown).linked(link)],
                    style: style.clone(),
                    space_before: 0.0,
                    space_after: 0.0,
                });
            }
        }
        section(blocks);
    }
    if !e.sources.is_empty() {
        let mut blocks = vec![c.heading("Sources")];
        let style = c.small_style(GREY);
        for source in &e.sources {
            let is_url = source.starts_with("https://") || source.starts_with("http://");
            let run = if is_url {
                Run::plain(display_url(source)).linked(source.clone())
            } else {
                Run::plain(source)
            };
            blocks.push(Block::Paragraph {
                runs: vec![run],
                style: style.clone(),
                space_before: 0.0,
                space_after: mm(0.8),
            });
        }
        section(blocks);
    }
    out
}

/// Width of the locator map: 60 mm, 40 mm high at its 3:2 frame, the height
/// of the identity lines it stands beside; a partner country some 10 mm
/// across, and within the 15 KB a sheet's map may add.
const LOCATOR_WIDTH_MM: f32 = 60.0;

/// The locator map of the partner countries, framed on their region (see
/// [`crate::map::locator`]); none without a partner abroad the map draws.
fn locator(record: &ExperienceRecord, accent: Color) -> Option<Block> {
    let countries = record.countries();
    let numbers: Vec<u16> = countries
        .iter()
        .filter_map(|c| crate::map::numeric(c))
        .filter(|&n| crate::map::has_shape(n))
        .collect();
    let frame = crate::map::locator::frame(&numbers)?;
    let names: Vec<&str> = countries
        .iter()
        .filter(|c| crate::map::numeric(c).is_some_and(|n| numbers.contains(&n)))
        .map(|c| crate::map::name(c))
        .collect();
    let france = if frame.france_inside {
        "la France en gris foncé"
    } else {
        "en médaillon, le monde, la France en gris foncé et le cadre de la carte"
    };
    let (plural, their) = if names.len() > 1 {
        ("s", "leurs")
    } else {
        ("", "ses")
    };
    let alt = format!(
        "Carte de situation : {} en couleur, pays partenaire{plural}, {their} voisins en gris clair ; {france}",
        names.join(", ")
    );
    crate::map::locator::locator_map(&numbers, mm(LOCATOR_WIDTH_MM), accent, alt)
}

/// An address as printed: without its scheme and final slash.
fn display_url(url: &str) -> String {
    url.trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}
