//! The collection (« recueil »): cover, édito, contents with links, then the
//! sheets (each from an odd page), then a directory of partners and contacts.

use super::labels::long_date;
use super::profile::Profile;
use super::sheet::{
    GREY, INK, SheetTemplate, paper_size, plain_style, readable_on_white, white_or_ink_on,
};
use super::{Composed, Text, mm};
use crate::layout::document::{Color, ImageRef, Role};
use crate::layout::flow::{Block, Panel};
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::layout::paragraph::TextStyle;
use crate::model::{Collection, Commune, Contact, Editorial, Language, Partner};
use crate::resolve::Materials;

/// Cover colour of the generic edition: a deep blue, 9.6:1 against white.
pub(crate) const GENERIC_COVER: Color = Color::rgb(0x1F, 0x3A, 0x5F);

/// Colour below the last line of a cover's band (mm): without it the band
/// stopped at the descenders of the edition's name, which read as clipped;
/// 12 mm matches the white gap under the band.
pub(crate) const COVER_BAND_FOOT_MM: f32 = 12.0;

/// One line of the contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// Sheet title.
    pub title: String,
    /// First page of the sheet in the collection, 1-based.
    pub page: usize,
}

fn language(materials: &Materials, commune: Option<&Commune>) -> Language {
    commune
        .and_then(|c| c.language)
        .unwrap_or(materials.collection.language)
}

/// Cover, édito and contents, in a typesetting profile.
pub fn compose_front(
    materials: &Materials,
    commune: Option<&Commune>,
    toc: &[TocEntry],
    profile: Profile,
) -> Composed {
    let collection = &materials.collection;
    let language = language(materials, commune);
    let english = language == Language::English;
    let mut text = Text::new(
        language,
        collection.french_typography(),
        &materials.root,
        "collection",
    );
    let color = commune
        .and_then(|c| c.color.as_deref())
        .and_then(Color::from_hex)
        .unwrap_or(GENERIC_COVER);
    let on = white_or_ink_on(color);
    let (width, height) = paper_size(profile.paper(collection.paper));
    let body_w = width - 2.0 * mm(profile.side_margin_mm());

    // 1. Cover: a coloured block over the top 58 % of the page.
    let edition_name = match commune {
        Some(c) => c.name.clone(),
        None if english => "General edition".to_string(),
        None => "Édition générale".to_string(),
    };
    let cover = cover(materials, commune, &mut text, &edition_name, on);
    let mut blocks = cover_band(cover, color, height, profile).to_vec();
    let edition_of = if english { "Edition of" } else { "Édition du" };
    blocks.extend(cover_facts(collection, edition_of, language));
    blocks.push(Block::PageBreak);

    // 2. Édito.
    if let Some(edito) = commune.and_then(|c| c.editorial.as_ref()) {
        blocks.push(editorial(&mut text, edito, english, color, body_w, profile));
        blocks.push(Block::PageBreak);
        // The contents face the édito: their heading drops as far as its
        // own, so that the two headings of the spread align (its space
        // above counts once it is no longer at the top of the page).
        let drop = edito_margin(profile, body_w) - mm(CONTENTS_DROP_MM);
        if drop > 0.0 {
            blocks.push(Block::Spacer(drop));
        }
    }

    // 3. Contents, with links to each sheet.
    blocks.extend(contents(commune, toc, english, color));

    let mut composed = Composed {
        blocks,
        template: SheetTemplate::new((width, height), profile).with_band(true),
        title: collection.title.clone(),
        document_title: super::document_title(&[
            Some(&collection.title),
            commune.map(|c| c.name.as_str()),
        ]),
        subject: Some(edition_name),
        author: commune
            .map(|c| c.name.clone())
            .or_else(|| collection.publisher.clone()),
        keywords: Vec::new(),
        language,
        warnings: std::mem::take(&mut text.warnings),
    };
    profile.apply(&mut composed);
    composed
}

/// The cover's content, in `on` over the band: the commune's logo (or
/// room for one), the collection's title, `edition_name` and the territory.
fn cover(
    materials: &Materials,
    commune: Option<&Commune>,
    text: &mut Text,
    edition_name: &str,
    on: Color,
) -> Vec<Block> {
    let mut cover = Vec::new();
    if let Some(logo) = commune
        .and_then(|c| c.logo.as_deref())
        .and_then(|p| image(materials, p))
    {
        cover.push(Block::Image {
            image: logo,
            width: mm(28.0),
            alt: commune.map(|c| format!("Logo : {}", c.name)),
            space_after: mm(10.0),
        });
    } else {
        cover.push(Block::Spacer(mm(38.0)));
    }
    cover.push(Block::Heading {
        level: 1,
        runs: text.runs(&materials.collection.title, "titre"),
        style: plain_style(30.0, 35.0, Weight::Bold, on),
        space_before: 0.0,
        space_after: mm(6.0),
        bookmark: Some(0),
    });
    // A display line: a long real name (« Communauté d’agglomération Grand
    // Paris Sud Seine-Essonne-Sénart ») breaks into balanced lines, not
    // one full line and « Sénart » alone.
    cover.push(Block::Paragraph {
        runs: vec![Run::plain(edition_name)],
        style: TextStyle {
            display: true,
            ..plain_style(17.0, 21.0, Weight::SemiBold, on)
        },
        space_before: 0.0,
        space_after: mm(2.0),
    });
    if let Some(territory) = commune.and_then(|c| c.territory.as_deref()) {
        cover.push(Block::Paragraph {
            runs: vec![Run::plain(territory)],
            style: plain_style(12.0, 15.0, Weight::Regular, on),
            space_before: 0.0,
            space_after: 0.0,
        });
    }
    cover
}

/// A recueil's cover band: `cover` on `color`, bled to the page's sides,
/// and the space under it, on a page `height` high.
pub(crate) fn cover_band(
    cover: Vec<Block>,
    color: Color,
    height: f32,
    profile: Profile,
) -> [Block; 2] {
    // A fifth of the page above the logo and title: with them the band
    // covers a little over half the cover.
    let band = Panel::new(vec![
        Block::Spacer(height * 0.2),
        Block::Group {
            role: Role::Sect,
            blocks: cover,
        },
        Block::Spacer(mm(COVER_BAND_FOOT_MM)),
    ])
    .fill(color)
    .outset_sides(mm(profile.side_margin_mm()))
    .block();
    // The band is sized by its content; a spacer brings the rest below 58 %.
    [band, Block::Spacer(mm(12.0))]
}

/// The lines under a recueil's cover band: the edition's date and the
/// publisher, when the collection gives them.
/// `edition_of` is « Édition du » or its translation, the date is written
/// in `language`.
pub(crate) fn cover_facts(
    collection: &Collection,
    edition_of: &str,
    language: Language,
) -> Vec<Block> {
    let mut facts = Vec::new();
    if let Some(date) = collection.edition {
        facts.push(format!("{edition_of} {}", long_date(date, language)));
    }
    facts.extend(collection.publisher.clone());
    facts
        .into_iter()
        .map(|fact| Block::Paragraph {
            runs: vec![Run::plain(&fact)],
            style: plain_style(11.0, 15.0, Weight::Regular, GREY),
            space_before: 0.0,
            space_after: mm(1.0),
        })
        .collect()
}

/// Size of the édito's text (pt): a letter from the mayor, read at arm's
/// length, a step above the sheets' 9.5 pt body.
const EDITO_SIZE: f32 = 12.0;
/// Its line spacing (pt): 1.45 times the size, airy for a text set alone
/// on its page.
const EDITO_LEADING: f32 = 17.5;
/// Characters on an édito line: 66, the middle of the 55–75 a reader's eye
/// follows without losing the next line (Bringhurst's « 66 characters »).
const EDITO_CHARACTERS: f32 = 66.0;
/// Mean advance of a character of French text in Inter, in ems: measured,
/// 100 characters on a 184 mm line at 11.5 pt.
const INTER_MEAN_ADVANCE_EM: f32 = 0.4536;

/// The width (pt) of an édito's column at `size` pt on a body `body_w`
/// wide: [`EDITO_CHARACTERS`] of text, the whole body when it holds fewer
/// (large print's 18 pt).
fn edito_measure(size: f32, body_w: f32) -> f32 {
    (EDITO_CHARACTERS * INTER_MEAN_ADVANCE_EM * size).min(body_w)
}

/// Space above the contents' heading (mm), dropped at the top of a page.
const CONTENTS_DROP_MM: f32 = 20.0;

/// The white on either side of the édito's column (and above it) on a
/// body `body_w` wide.
fn edito_margin(profile: Profile, body_w: f32) -> f32 {
    (body_w - edito_measure(profile.size(EDITO_SIZE), body_w)) / 2.0
}

/// The édito's page: its heading, its text justified, then the signatory
/// and their role on the right; all in one column of about
/// [`EDITO_CHARACTERS`] characters centred in the `body_w` wide body, the
/// white on either side its margin. The column flows onto the next page
/// when the text is longer than one (a panel split at its lines).
fn editorial(
    text: &mut Text,
    edito: &Editorial,
    english: bool,
    color: Color,
    body_w: f32,
    profile: Profile,
) -> Block {
    let margin = edito_margin(profile, body_w);
    let measure = body_w - 2.0 * margin;
    let mut blocks = vec![Block::Heading {
        level: 2,
        runs: vec![Run::plain(if english { "Editorial" } else { "Édito" })],
        style: plain_style(22.0, 27.0, Weight::Bold, readable_on_white(color)),
        // At the top of the page: the panel's padding is the white above.
        space_before: 0.0,
        space_after: mm(6.0),
        bookmark: Some(1),
    }];
    for runs in text.paragraphs(&edito.text, "edito.texte") {
        blocks.push(Block::Paragraph {
            runs,
            style: TextStyle {
                justify: true,
                hyphenate: true,
                ..plain_style(EDITO_SIZE, EDITO_LEADING, Weight::Regular, INK)
            },
            space_before: 0.0,
            space_after: mm(3.0),
        });
    }
    let mut signature = Vec::new();
    if let Some(s) = &edito.signatory {
        signature.push(Block::Paragraph {
            runs: vec![Run::plain(s)],
            style: plain_style(11.5, 15.0, Weight::Bold, INK),
            space_before: mm(4.0),
            space_after: 0.0,
        });
    }
    if let Some(r) = &edito.role {
        signature.push(Block::Paragraph {
            runs: vec![Run::plain(r)],
            style: plain_style(10.5, 14.0, Weight::Regular, GREY),
            space_before: 0.0,
            space_after: 0.0,
        });
    }
    if !signature.is_empty() {
        let signature = Block::Row {
            cells: vec![(measure * 0.5, vec![]), (measure * 0.5, signature)],
            gap: 0.0,
            space_after: 0.0,
        };
        // The signature is never alone at the top of a page: it keeps the
        // last paragraph with it (a letter is signed under its text).
        let last = match blocks.last() {
            Some(Block::Paragraph { .. }) => blocks.pop(),
            _ => None,
        };
        blocks.push(Block::Keep(last.into_iter().chain([signature]).collect()));
    }
    // The padding is the column's margin, the same above the heading.
    Panel::new(blocks).padding(margin).block()
}

/// The contents: a heading, then a line for the édito and each entry of
/// `toc`, its title and page linked to that page.
fn contents(
    commune: Option<&Commune>,
    toc: &[TocEntry],
    english: bool,
    color: Color,
) -> Vec<Block> {
    let mut blocks = vec![Block::Heading {
        level: 2,
        runs: vec![Run::plain(if english { "Contents" } else { "Sommaire" })],
        style: plain_style(22.0, 27.0, Weight::Bold, readable_on_white(color)),
        space_before: mm(CONTENTS_DROP_MM),
        space_after: mm(8.0),
        bookmark: Some(1),
    }];
    let mut items = Vec::new();
    // Every part is listed: the édito (right after the cover) and, from
    // `toc`, the sheets and the directory.
    let edito = commune
        .and_then(|c| c.editorial.as_ref())
        .map(|_| TocEntry {
            title: if english { "Editorial" } else { "Édito" }.to_string(),
            page: 2,
        });
    for entry in edito.iter().chain(toc) {
        let target = format!("#page={}", entry.page - 1);
        // Each line is a TOCI of the TOC (not a list item), holding the
        // paragraph of its title and page number, each linked to the sheet.
        let line = Block::Leaders {
            runs: vec![Run::plain(entry.title.clone()).linked(target.clone())],
            number: Run::plain(entry.page.to_string()).bold().linked(target),
            style: plain_style(12.5, 17.0, Weight::Regular, INK),
            number_style: plain_style(12.5, 17.0, Weight::Bold, readable_on_white(color)),
            space_after: mm(2.5),
        };
        items.push(Block::Group {
            role: Role::TOCI,
            blocks: vec![line],
        });
    }
    blocks.push(Block::Group {
        role: Role::TOC,
        blocks: items,
    });
    blocks
}

/// The directory of partner associations and the contact, if the commune
/// has any, in a typesetting profile: a contact with only a website makes
/// no directory (see [`super::reachable`]).
pub fn compose_directory(
    materials: &Materials,
    commune: &Commune,
    profile: Profile,
) -> Option<Composed> {
    if commune.partners.is_empty() && !super::reachable(commune.contact.as_ref()) {
        return None;
    }
    let collection = &materials.collection;
    let language = language(materials, Some(commune));
    let english = language == Language::English;
    let mut text = Text::new(
        language,
        collection.french_typography(),
        &materials.root,
        "annuaire",
    );
    let color = commune
        .color
        .as_deref()
        .and_then(Color::from_hex)
        .unwrap_or(GENERIC_COVER);
    let ink = readable_on_white(color);
    let mut blocks = vec![Block::Heading {
        level: 2,
        runs: vec![Run::plain(if english { "Directory" } else { "Annuaire" })],
        style: plain_style(22.0, 27.0, Weight::Bold, ink),
        space_before: mm(6.0),
        space_after: mm(6.0),
        bookmark: Some(1),
    }];
    if !commune.partners.is_empty() {
        blocks.push(Block::Heading {
            level: 3,
            runs: vec![Run::plain(if english {
                "Partner associations"
            } else {
                "Associations partenaires"
            })],
            style: plain_style(13.0, 17.0, Weight::Bold, ink),
            space_before: 0.0,
            space_after: mm(2.0),
            bookmark: None,
        });
        for (i, p) in commune.partners.iter().enumerate() {
            blocks.push(partner(&mut text, i, p, color));
        }
    }
    if let Some(contact) = &commune.contact {
        blocks.extend(contact_lines(contact, ink));
    }
    let (width, height) = paper_size(profile.paper(collection.paper));
    let mut composed = Composed {
        blocks: vec![Block::Group {
            role: Role::Sect,
            blocks,
        }],
        // The footer of the sheets before it: a running footer, the same
        // line on every numbered page (issue 19: alone of its form, it read
        // as prose marked as an artifact).
        template: SheetTemplate::new((width, height), profile).with_footer(
            format!("{} — {}", collection.title, commune.name),
            super::sheet::edition_footer(collection, language),
            "",
        ),
        title: if english {
            "Directory".into()
        } else {
            "Annuaire".into()
        },
        document_title: super::document_title(&[
            Some(if english { "Directory" } else { "Annuaire" }),
            Some(&collection.title),
            Some(&commune.name),
        ]),
        subject: None,
        author: Some(commune.name.clone()),
        keywords: Vec::new(),
        language,
        warnings: std::mem::take(&mut text.warnings),
    };
    profile.apply(&mut composed);
    Some(composed)
}

/// The `i`th partner association of the directory, in a tinted box: its
/// name (linked to its site), its description, its site's address.
fn partner(text: &mut Text, i: usize, p: &Partner, color: Color) -> Block {
    let ink = readable_on_white(color);
    let mut inner = vec![Block::Paragraph {
        runs: vec![Run::plain(p.name.clone()).bold().linked(p.website.clone())],
        style: plain_style(11.0, 14.5, Weight::Regular, INK),
        space_before: 0.0,
        space_after: mm(0.5),
    }];
    for runs in text.paragraphs(&p.description, &format!("partenaires.{i}.description")) {
        inner.push(Block::Paragraph {
            runs,
            style: plain_style(10.0, 13.5, Weight::Regular, INK),
            space_before: 0.0,
            space_after: 0.0,
        });
    }
    if let Some(site) = &p.website {
        inner.push(Block::Paragraph {
            runs: vec![
                Run::plain(
                    site.trim_start_matches("https://")
                        .trim_start_matches("http://")
                        .trim_end_matches('/'),
                )
                .linked(site.clone()),
            ],
            style: plain_style(9.0, 12.0, Weight::Regular, ink),
            space_before: mm(0.5),
            space_after: 0.0,
        });
    }
    Panel::new(inner)
        .fill(color.tint(0.93))
        .radius(3.0)
        .padding(mm(3.0))
        .left_bar(color, 2.5)
        .space_before(mm(2.5))
        .block()
}

/// The directory's contact: a heading in `ink`, then one line for each of
/// the service, address, phone, e-mail and website (the last two linked).
fn contact_lines(contact: &Contact, ink: Color) -> Vec<Block> {
    let mut blocks = vec![Block::Heading {
        level: 3,
        runs: vec![Run::plain("Contact")],
        style: plain_style(13.0, 17.0, Weight::Bold, ink),
        space_before: mm(7.0),
        space_after: mm(2.0),
        bookmark: None,
    }];
    let mut lines: Vec<Run> = Vec::new();
    for part in [&contact.service, &contact.address, &contact.phone]
        .into_iter()
        .flatten()
    {
        lines.push(Run::plain(part));
    }
    if let Some(mail) = &contact.email {
        lines.push(Run::plain(mail.clone()).linked(format!("mailto:{mail}")));
    }
    // The site as the partners' above show theirs: without its scheme, in
    // the links' colour.
    if let Some(site) = &contact.website {
        lines.push(
            Run::plain(
                site.trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .trim_end_matches('/'),
            )
            .linked(site.clone()),
        );
    }
    for line in lines {
        blocks.push(Block::Paragraph {
            runs: vec![line],
            style: TextStyle {
                link_color: ink,
                ..plain_style(11.0, 15.0, Weight::Regular, INK)
            },
            space_before: 0.0,
            space_after: 0.0,
        });
    }
    blocks
}

fn image(materials: &Materials, path: &str) -> Option<ImageRef> {
    let full = materials.root.join(path);
    let (width, height) = image::image_dimensions(&full).ok()?;
    Some(ImageRef {
        path: full,
        width,
        height,
    })
}

/// The verso left blank so that the next part starts on a recto: it says
/// so, discreetly, half-way down (the footer is added with the part's).
pub fn compose_blank(part: &Composed) -> Composed {
    let english = part.language == Language::English;
    let text = if english {
        "This page is intentionally left blank."
    } else {
        "Page laissée blanche intentionnellement"
    };
    let (_, height) = part.template.size;
    let mut blank = Composed {
        blocks: vec![
            Block::Spacer(height * 0.42),
            Block::Paragraph {
                runs: vec![Run::plain(text).italic()],
                style: plain_style(8.5, 11.0, Weight::Regular, GREY),
                space_before: 0.0,
                space_after: 0.0,
            },
        ],
        template: SheetTemplate::new(part.template.size, part.template.profile),
        title: text.to_string(),
        document_title: part.document_title.clone(),
        subject: None,
        author: None,
        keywords: Vec::new(),
        language: part.language,
        warnings: Vec::new(),
    };
    part.template.profile.apply(&mut blank);
    blank
}
