//! The shipped experience records (issue 21): enough real, sourced cases
//! across domains and partner countries, and the links from domain sheets.

use std::collections::BTreeSet;
use std::path::Path;

use ancrage::model::ExampleNature;

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
