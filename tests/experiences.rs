//! The shipped experience records (issue 21): enough real, sourced cases
//! across domains and partner countries, and the links from domain sheets.

use std::collections::BTreeSet;
use std::path::Path;

use ancrage::model::ExampleNature;

mod common;

fn shipped() -> ancrage::resolve::Materials {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let (materials, diagnostics) = ancrage::resolve::resolve(&ancrage::load::load(&root).unwrap());
    assert!(!diagnostics.has_errors());
    materials
}

#[test]
fn shipped_records_are_real_sourced_and_cover_six_domains_and_eight_countries() {
    let materials = shipped();
    let real: Vec<_> = materials
        .experiences
        .iter()
        .filter(|r| r.experience.nature == ExampleNature::Real && !r.experience.sources.is_empty())
        .collect();
    assert!(real.len() >= 12, "{} real sourced records", real.len());
    let domains: BTreeSet<&str> = real
        .iter()
        .flat_map(|r| r.experience.domains.iter().map(String::as_str))
        .collect();
    assert!(domains.len() >= 6, "{domains:?}");
    let countries: BTreeSet<&str> = real.iter().flat_map(|r| r.countries()).collect();
    assert!(countries.len() >= 8, "{countries:?}");
    assert!(
        !countries.contains("FR"),
        "France is home, not a partner country"
    );
    assert!(
        real.iter().any(|r| r
            .experience
            .authorities
            .iter()
            .any(|a| a.name.contains("Seine-Saint-Denis"))),
        "the issue asks for a record of the Département de la Seine-Saint-Denis"
    );
}

#[test]
fn a_domain_example_citing_a_record_prints_its_short_form() {
    let materials = shipped();
    let mut cited = 0;
    for sheet in &materials.domains {
        for example in &sheet.domain.examples {
            let Some(id) = &example.experience else {
                continue;
            };
            let record = materials
                .experience(id)
                .expect("check resolved the reference");
            assert_eq!(example.title, record.experience.title);
            assert_eq!(example.sources, record.experience.sources);
            assert!(!example.text.is_empty());
            cited += 1;
        }
    }
    assert!(cited >= 3, "{cited} examples cite a record");
}

/// The collection of experiences, laid out and exported in the process.
fn collection(materials: &ancrage::resolve::Materials) -> (ancrage::layout::Document, Vec<u8>) {
    use ancrage::build::{self, Target};
    let book = materials.font_book();
    let mut engine =
        ancrage::render::Engine::new(book.clone(), materials.collection.hyphenation_exceptions());
    let target = Target::ExperienceCollection { commune: None };
    let laid = build::lay_out(&mut engine, materials, &target, Some((2026, 11, 26)));
    let options = ancrage::export::Options::default();
    let out = ancrage::export::export(&laid.document, &book, &laid.metadata, &options).unwrap();
    (laid.document, out.bytes)
}

/// The text of a page's glyph runs, words joined by single spaces.
fn page_text(page: &ancrage::layout::document::Page) -> String {
    use ancrage::layout::document::Content;
    let runs: Vec<&str> = page
        .items
        .iter()
        .filter_map(|i| match &i.content {
            Content::Text(run) => Some(run.text.as_str()),
            _ => None,
        })
        .collect();
    runs.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The records' count per partner country abroad, from the materials: a
/// country counts once per record naming it.
fn counts_by_country(materials: &ancrage::resolve::Materials) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for record in &materials.experiences {
        let countries: BTreeSet<&str> = record
            .experience
            .partners
            .iter()
            .map(|p| p.country.as_str())
            .filter(|c| *c != "FR")
            .collect();
        for c in countries {
            *counts.entry(c.to_string()).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// Issue 21 §2: the collection holds every record, its index entries lead
/// to the page of their record (the printed number and the link alike), and
/// the map's alternative text says each country's count.
#[test]
fn the_collection_indexes_link_to_every_record_and_the_map_says_the_counts() {
    use ancrage::layout::document::{Content, Role};
    let materials = shipped();
    let (document, bytes) = collection(&materials);
    let texts: Vec<String> = document.pages.iter().map(page_text).collect();
    // Every record opens one page of its own: its title under the series name.
    let mut first_pages = Vec::new();
    for record in &materials.experiences {
        let title = common::words(&record.experience.title);
        let page = texts
            .iter()
            .position(|t| t.contains("Fiche d’expérience") && common::words(t).contains(&title));
        let page = page.unwrap_or_else(|| panic!("no page for « {title} »"));
        first_pages.push(page);
    }
    // The index pages: each link's text is its record's title or its page
    // number, and leads to that record's page.
    let mut destinations = BTreeSet::new();
    let mut links = 0;
    for (i, page) in document.pages.iter().enumerate() {
        if !texts[i].contains("Index par") || texts[i].contains("Sommaire") {
            continue;
        }
        for item in &page.items {
            let Content::Link { x, y, w, h, target } = &item.content else {
                continue;
            };
            let Some(to) = target.strip_prefix("#page=") else {
                continue;
            };
            let to: usize = to.parse().unwrap();
            let inside: Vec<&str> = page
                .items
                .iter()
                .filter_map(|i| match &i.content {
                    Content::Text(run)
                        if run.y >= *y && run.y <= y + h && run.x >= x - 0.5 && run.x < x + w =>
                    {
                        Some(run.text.as_str())
                    }
                    _ => None,
                })
                .collect();
            let shown = common::words(&inside.join(" "));
            assert!(!shown.is_empty(), "link to page {to} without text");
            match shown.parse::<usize>() {
                Ok(number) => assert_eq!(number, to + 1, "printed number of a link to {to}"),
                Err(_) => assert!(
                    common::words(&texts[to]).contains(&shown),
                    "« {shown} » leads to page {} which does not hold it",
                    to + 1
                ),
            }
            assert!(
                first_pages.contains(&to),
                "link to page {} is no record",
                to + 1
            );
            destinations.insert(to);
            links += 1;
        }
    }
    assert_eq!(
        destinations,
        first_pages.iter().copied().collect::<BTreeSet<_>>(),
        "every record is listed in the indexes"
    );
    assert!(
        links >= 3 * 2 * materials.experiences.len(),
        "{links} links"
    );
    // The map's alternative text: each country with its count.
    let alt = (document.structure.ids())
        .find_map(|n| match document.structure.role(n) {
            Role::Figure { alt } if alt.starts_with("Carte des pays partenaires") => Some(alt),
            _ => None,
        })
        .expect("the map is a tagged figure");
    let counts = counts_by_country(&materials);
    assert!(counts.len() >= 8, "{counts:?}");
    for (code, n) in &counts {
        let name = ancrage::map::name(code);
        let plural = if *n > 1 { "s" } else { "" };
        let said = format!("{name} : {n} expérience{plural}");
        assert!(alt.contains(&said), "« {said} » missing from: {alt}");
    }
    assert_eq!(
        alt.matches(" expérience").count(),
        counts.len() + 1,
        "{alt}"
    );
    // Read back from the file: every title is there.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("recueil-experiences.pdf");
    std::fs::write(&file, bytes).unwrap();
    let text = common::words(&common::pdftotext(&file, &[]));
    for record in &materials.experiences {
        let title = common::words(&record.experience.title);
        assert!(
            text.contains(&title),
            "« {title} » missing from the PDF text"
        );
    }
}
