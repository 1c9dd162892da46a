//! « Qui fait quoi ? » (issue 21): the territory's directory for
//! networking, a handout a regional network gives at a workshop. A band,
//! a short lead, the contents (one line a domain with its counts), then
//! for each domain its collectivités as compact entries in two columns:
//! what they do, with which associations, in which countries, and how to
//! reach them. Built from [`crate::resolve::territory::who_does_what`].
//! A domain's entries are made as the layout reaches them
//! ([`Block::Generated`]), from the domains shared with the composition:
//! the directory of thousands of pages is laid out three times, and its
//! entries were held composed throughout (issue 20 §5).

use std::sync::Arc;

use super::profile::Profile;
use super::sheet::{GREY, INK, SheetComposer, SheetTemplate, paper_size, plain_style};
use super::{Composed, Text, mm};
use crate::layout::document::{Color, Role};
use crate::layout::flow::{Block, BlockSource, Generated};
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;
use crate::layout::paragraph::TextStyle;
use crate::model::{Domain, Nature, Paper};
use crate::resolve::Materials;
use crate::resolve::territory::{Actor, DomainActors, Partner, Reach, WhoDoesWhat};

/// The document's title, on its band and in the contents of a viewer.
pub const TITLE: &str = "Qui fait quoi ?";

/// The file name of the directory, without `.pdf`.
pub const FILE_STEM: &str = "qui-fait-quoi";

/// Gap between the two columns of entries, as on a domain sheet.
const COLUMN_GAP_MM: f32 = 7.0;

/// Band colour: the generic collection's deep blue (9.6:1 against white),
/// the directory belonging to no one domain.
const ACCENT: Color = super::collection::GENERIC_COVER;

/// Composes the directory of `domains` (see
/// [`crate::resolve::territory::who_does_what`]) for the territory or, with
/// `commune`, for one commune; `pages` gives each domain's first page for
/// the contents (1 for each while not known yet). The blocks hold
/// `domains` (shared) to make each domain's entries from.
pub fn compose_who_does_what(
    materials: &Materials,
    commune: Option<&str>,
    domains: &Arc<WhoDoesWhat>,
    pages: &[usize],
    profile: Profile,
) -> Composed {
    let collection = &materials.collection;
    let language = collection.language;
    let paper = match collection.paper {
        Paper::Letter => Paper::Letter,
        Paper::A4 | Paper::A5 => Paper::A4,
    };
    let size = paper_size(profile.paper(paper));
    let width = size.0 - 2.0 * mm(profile.side_margin_mm());
    let mut text = Text::new(
        language,
        collection.french_typography(),
        &materials.root,
        FILE_STEM,
    );
    let mut c = SheetComposer::new(
        &mut text,
        language,
        ACCENT,
        (&materials.root, &materials.glossary),
        width,
    )
    .in_profile(profile);
    // Titles and names are printed as typed, through the typography.
    let french = collection.french_typography() && language == crate::model::Language::French;
    let name = commune
        .and_then(|id| materials.commune(id).ok())
        .map(|p| p.commune.name.clone());
    let subtitle = match &name {
        Some(name) => format!("{name} : ses actions internationales, ses partenaires, ses pays"),
        None => "La coopération internationale du territoire : qui agit, avec qui, où".to_string(),
    };
    let band = Domain {
        title: TITLE.to_string(),
        subtitle: Some(subtitle),
        ..Domain::default()
    };
    let mut blocks = vec![c.band(&band), Block::Spacer(mm(5.0))];
    blocks.push(c.lead(&lead(commune, domains)));
    blocks.push(contents(&mut c, domains, pages));
    // The domains flow in columns like a directory's pages: a heading is
    // kept with its first entry, an entry is kept whole, and the columns
    // are full down to the foot of every page but the last.
    let sections = (0..domains.len())
        .map(|index| Block::Generated {
            role: Role::Sect,
            blocks: Generated::new(DomainSection {
                domains: domains.clone(),
                index,
                commune: commune.is_some(),
                french,
                ink: c.ink_color(),
            }),
        })
        .collect();
    blocks.push(Block::Columns {
        count: profile.columns(2),
        gap: mm(COLUMN_GAP_MM),
        blocks: sections,
    });
    let footer_left = match &name {
        Some(name) => format!("{TITLE} — {name}"),
        None => format!("{TITLE} — {}", collection.title),
    };
    let mut composed = Composed {
        blocks: vec![Block::Group {
            role: Role::Sect,
            blocks,
        }],
        template: SheetTemplate::new(size, profile)
            .with_band(true)
            .with_edition_footer(footer_left, collection),
        title: TITLE.to_string(),
        document_title: super::document_title(&[
            Some(TITLE),
            Some(&collection.title),
            name.as_deref(),
        ]),
        subject: Some(
            "Annuaire de la coopération internationale : par domaine, les collectivités qui agissent, leurs associations partenaires et leurs pays partenaires".to_string(),
        ),
        author: name.or_else(|| collection.publisher.clone()),
        keywords: domains.domains().map(|d| d.id().to_string()).collect(),
        language,
        warnings: std::mem::take(&mut text.warnings),
    };
    profile.apply(&mut composed);
    composed
}

/// What the directory gathers and how to use it.
fn lead(commune: Option<&str>, domains: &WhoDoesWhat) -> String {
    let mut actors: Vec<&str> = Vec::new();
    let mut records: Vec<&str> = Vec::new();
    for a in domains.domains().flat_map(|d| d.actors()) {
        if !actors.contains(&a.name()) {
            actors.push(a.name());
        }
        for r in a.records() {
            if !records.contains(&r.id.as_str()) {
                records.push(&r.id);
            }
        }
    }
    // Counting the one commune of a commune edition says nothing, and « 0
    // fiche d’expérience » reads as a defect: both are left out.
    let scope = match (commune, actors.len()) {
        (Some(_), _) => "ce qui concerne la collectivité, d’après son profil".to_string(),
        (None, 1) => "ce que fait la collectivité du territoire, d’après son profil".to_string(),
        (None, n) => {
            format!("ce que font les {n} collectivités du territoire, d’après leurs profils")
        }
    };
    let records = match records.len() {
        0 => String::new(),
        n => format!(
            " et {}",
            plural(n, "fiche d’expérience", "fiches d’expérience")
        ),
    };
    format!(
        "Cet annuaire rassemble, domaine par domaine, {scope}{records}. Pour trouver un partenaire, cherchez le domaine, puis écrivez à la collectivité ou à l’association : seules des coordonnées publiques figurent ici."
    )
}

/// « 1 fiche », « 3 fiches »: none and one take the singular in French.
fn plural(n: usize, one: &str, many: &str) -> String {
    if n <= 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The counts of a domain: « 3 collectivités · 2 associations · 4 pays ».
fn counts(d: &DomainActors) -> String {
    let countries = d.countries().len();
    let mut parts = vec![plural(d.len(), "collectivité", "collectivités")];
    let associations = d.associations().len();
    if associations > 0 {
        parts.push(plural(associations, "association", "associations"));
    }
    if countries > 0 {
        parts.push(format!("{countries} pays"));
    }
    parts.join(" · ")
}

/// The contents: each domain with its counts, linked to its first page.
fn contents(c: &mut SheetComposer<'_, '_>, domains: &WhoDoesWhat, pages: &[usize]) -> Block {
    let ink = c.ink_color();
    let mut items = vec![c.heading("Sommaire")];
    let mut entries = Vec::new();
    for (i, d) in domains.domains().enumerate() {
        let page = pages.get(i).copied().unwrap_or(1);
        let target = format!("#page={page}");
        let line = Block::Leaders {
            runs: vec![
                Run::plain(d.title()).bold().linked(target.clone()),
                // Linked too: a line whose text is part link, part not,
                // is read out of order (outloud ORD-001: a paragraph's own
                // text before its links).
                Run::plain(format!(" — {}", counts(&d))).linked(target.clone()),
            ],
            number: Run::plain(page.to_string()).bold().linked(target),
            style: plain_style(10.0, 13.5, Weight::Regular, INK),
            number_style: plain_style(10.0, 13.5, Weight::Bold, ink),
            space_after: mm(1.2),
        };
        entries.push(Block::Group {
            role: Role::TOCI,
            blocks: vec![line],
        });
    }
    items.push(Block::Group {
        role: Role::TOC,
        blocks: entries,
    });
    items.push(Block::Spacer(mm(3.0)));
    Block::Group {
        role: Role::Sect,
        blocks: items,
    }
}

/// A domain's blocks: its heading with a bookmark, the line of its counts
/// and countries, then its collectivités; made one at a time.
struct DomainSection {
    domains: Arc<WhoDoesWhat>,
    /// The domain's index in `domains`.
    index: usize,
    /// The directory is a commune's.
    commune: bool,
    /// Names and actions are set in French typography.
    french: bool,
    ink: Color,
}

impl DomainSection {
    fn domain(&self) -> DomainActors<'_> {
        self.domains.domain(self.index)
    }

    /// The heading and the line of counts and countries.
    fn head(&self) -> [Block; 2] {
        let (d, ink) = (self.domain(), self.ink);
        let heading = Block::Heading {
            level: 2,
            runs: vec![Run::plain(d.title())],
            style: TextStyle {
                hyphenate: false,
                ..plain_style(14.0, 17.5, Weight::Bold, ink)
            },
            space_before: if self.index == 0 { 0.0 } else { mm(5.0) },
            space_after: mm(0.8),
            bookmark: Some(1),
        };
        let countries: Vec<&str> = d.countries().into_iter().map(crate::map::name).collect();
        let mut summary = vec![Run::plain(counts(&d)).bold()];
        if !countries.is_empty() {
            summary.push(Run::plain(format!(" — {}", countries.join(", "))));
        }
        let summary = Block::Paragraph {
            runs: summary,
            style: plain_style(9.0, 12.2, Weight::Regular, GREY),
            space_before: 0.0,
            space_after: mm(1.5),
        };
        [heading, summary]
    }

    /// The entry of actor `i`.
    fn entry(&self, i: usize) -> Block {
        entry(
            &self.domain().actor(i),
            (self.commune, self.french),
            self.ink,
        )
    }
}

impl BlockSource for DomainSection {
    /// One block for each actor, the first holding the heading; the
    /// heading and the line of counts when none acts.
    fn len(&self) -> usize {
        match self.domain().len() {
            0 => 2,
            n => n,
        }
    }

    fn block(&self, index: usize) -> Block {
        if self.domain().is_empty() {
            let [heading, summary] = self.head();
            return if index == 0 { heading } else { summary };
        }
        if index > 0 {
            return self.entry(index);
        }
        // The heading and counts line keep with the first entry (the
        // counts line stayed alone at a column's foot, issue 16 A.3).
        let mut first = Vec::from(self.head());
        first.push(self.entry(0));
        Block::Keep(first)
    }
}

/// The style of an entry's lines.
fn line_style(ink: Color) -> TextStyle {
    TextStyle {
        link_color: ink,
        ..plain_style(9.5, 12.8, Weight::Regular, INK)
    }
}

/// A labelled line: « Associations : A, B ».
fn labelled(label: &str, mut value: Vec<Run>, ink: Color) -> Block {
    let mut runs = vec![Run::plain(format!("{label}\u{a0}: ")).bold()];
    runs.append(&mut value);
    Block::Paragraph {
        runs,
        style: line_style(ink),
        space_before: 0.0,
        space_after: mm(0.6),
    }
}

/// Runs joined by « ; ».
fn joined(parts: Vec<Vec<Run>>) -> Vec<Run> {
    let mut out = Vec::new();
    for (i, mut part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(Run::plain(" ; "));
        }
        out.append(&mut part);
    }
    out
}

/// A partner's name, linked to its site, with its country when abroad.
fn partner(p: &Partner) -> Vec<Run> {
    let mut runs = vec![Run::plain(p.name).linked(p.website.map(str::to_string))];
    if p.country != "FR" {
        runs.push(Run::plain(format!(" ({})", crate::map::name(p.country))));
    }
    runs
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

/// Space under a continued entry's repeated name (mm): the 0.6 mm the name
/// line's territory line leaves before the entry's first labelled line.
const CONTINUED_SPACE_MM: f32 = 0.6;

/// One collectivité in a domain: name and territory, then what it does,
/// with whom, where, and its public contact, as one [`Block::Entry`].
fn entry(a: &Actor, (commune, french): (bool, bool), ink: Color) -> Block {
    let set = |text: &str| {
        if french {
            crate::layout::typo::apply(text, crate::layout::typo::Convention::French)
        } else {
            text.to_string()
        }
    };
    let name_style = TextStyle {
        hyphenate: false,
        ..plain_style(10.5, 13.5, Weight::Bold, ink)
    };
    // Atop the column an entry goes on in, its name again, as a table
    // repeats its header row: decoration, read once.
    let continued = Block::Decoration {
        blocks: vec![
            Block::Paragraph {
                runs: vec![Run::plain(set(&format!("{} (suite)", a.name())))],
                style: name_style.clone(),
                space_before: 0.0,
                space_after: 0.0,
            },
            Block::Spacer(mm(CONTINUED_SPACE_MM)),
        ],
    };
    let mut inner = vec![Block::Heading {
        level: 3,
        runs: vec![Run::plain(set(a.name()))],
        style: name_style,
        space_before: mm(2.5),
        space_after: 0.0,
        bookmark: None,
    }];
    let mut about = nature(a.nature()).to_string();
    if let Some(t) = a.territory() {
        about.push_str(&format!(" · {t}"));
    }
    inner.push(Block::Paragraph {
        runs: vec![Run::plain(about)],
        style: plain_style(8.4, 11.0, Weight::Regular, GREY),
        space_before: 0.0,
        space_after: mm(0.6),
    });
    let mut done: Vec<Vec<Run>> = a.actions().map(|t| vec![Run::plain(set(t))]).collect();
    // The record's sheet is in `output/experiences/`: beside the territory's
    // directory, one folder up from a commune's.
    let folder = if commune {
        format!("../{}/", crate::build::EXPERIENCES)
    } else {
        String::new()
    };
    for r in a.records() {
        let mut runs = vec![Run::plain(set(&r.title)).linked(format!("{folder}{}.pdf", r.id))];
        let mut notes = Vec::new();
        if let Some(p) = &r.period {
            notes.push(p.clone());
        }
        if r.composite {
            notes.push("exemple type".to_string());
        }
        notes.push("fiche d’expérience".to_string());
        runs.push(Run::plain(format!(" ({})", notes.join(", "))).italic());
        done.push(runs);
    }
    if !done.is_empty() {
        inner.push(labelled("Actions", joined(done), ink));
    }
    let (associations, partners) = (a.associations(), a.partners());
    if !associations.is_empty() {
        let names = associations.iter().map(partner).collect();
        inner.push(labelled("Associations", joined(names), ink));
    }
    if !partners.is_empty() {
        let names = partners.iter().map(partner).collect();
        inner.push(labelled("Partenaires", joined(names), ink));
    }
    let countries: Vec<&str> = a.countries().into_iter().map(crate::map::name).collect();
    if !countries.is_empty() {
        inner.push(labelled(
            "Pays",
            vec![Run::plain(countries.join(", "))],
            ink,
        ));
    }
    if let Some(contact) = a.contact().filter(|c| c.has_any()) {
        inner.push(labelled("Contact", contact_runs(contact), ink));
    }
    // An entry stays in one column; where that would leave a hole, it
    // breaks between two of its lines, its name kept with its first one.
    let rest = inner.split_off(inner.len().min(3));
    let mut blocks = vec![continued, Block::Keep(inner)];
    blocks.extend(rest);
    Block::Group {
        role: Role::Sect,
        blocks: vec![Block::Entry(blocks)],
    }
}

/// A contact on one line: service, telephone, e-mail and site, linked.
fn contact_runs(c: &Reach) -> Vec<Run> {
    let mut parts: Vec<Vec<Run>> = Vec::new();
    for part in [&c.service, &c.phone].into_iter().flatten() {
        parts.push(vec![Run::plain(&**part)]);
    }
    if let Some(mail) = &c.email {
        parts.push(vec![Run::plain(&**mail).linked(format!("mailto:{mail}"))]);
    }
    if let Some(site) = &c.website {
        // The site's name only, linked to the page: a record's contact is
        // often a deep page, and a handout is read, not typed from.
        let shown = site
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or(site);
        parts.push(vec![Run::plain(shown).linked(site.to_string())]);
    }
    let mut out = Vec::new();
    for (i, mut part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(Run::plain(" · "));
        }
        out.append(&mut part);
    }
    out
}
