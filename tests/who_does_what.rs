//! « Qui fait quoi ? » and the commune side of the experience records
//! (issue 21): the directory read back from its PDF, a commune's restricted
//! one, and a commune's box citing its records.

use std::path::Path;

use ancrage::resolve::territory::who_does_what;
use ancrage::{load, resolve};

mod common;
use common::build;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Text compared without spaces, line breaks and hyphens: a name may be cut
/// at the end of a line, or at its own hyphen.
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '‐'))
        .collect()
}

fn materials(root: &Path) -> resolve::Materials {
    let (materials, diagnostics) = resolve::resolve(&load::load(root).unwrap());
    assert!(!diagnostics.has_errors());
    materials
}

#[test]
fn qui_fait_quoi_names_each_domains_collectivities_associations_and_countries() {
    if !common::tool("pdftotext") {
        return;
    }
    let root = Path::new(MANIFEST_DIR).join("materials");
    let tmp = tempfile::tempdir().unwrap();
    build(&root, tmp.path(), &[]);
    let file = tmp.path().join("experiences/qui-fait-quoi.pdf");
    let text = squeezed(&common::pdftotext(&file, &[]));
    let materials = materials(&root);
    let domains = who_does_what(&materials, None);
    // Every record and every profile with an action takes part.
    assert!(domains.len() >= 10, "{} domains", domains.len());
    let mut checked = 0;
    for d in domains.domains() {
        assert!(text.contains(&squeezed(d.title())), "{}", d.title());
        for a in d.actors() {
            assert!(
                text.contains(&squeezed(a.name())),
                "{} : {}",
                d.title(),
                a.name()
            );
            checked += 1;
        }
        for name in d.associations() {
            assert!(text.contains(&squeezed(name)), "{} : {name}", d.title());
        }
        for code in d.countries() {
            let name = ancrage::map::name(code);
            assert!(text.contains(&squeezed(name)), "{} : {name}", d.title());
        }
        // The counts line of the contents and of the domain.
        let collectivities = if d.len() == 1 {
            "1 collectivité".to_string()
        } else {
            format!("{} collectivités", d.len())
        };
        assert!(text.contains(&squeezed(&collectivities)), "{}", d.title());
    }
    assert!(checked >= 30, "{checked} entries");
    // Computed from the materials: a record's carrier, its partner
    // association and its country are under its domain.
    let migrations = domains
        .domains()
        .find(|d| d.id() == "migrations-participation")
        .expect("Montreuil–Yélimané is a migrations record");
    assert!(
        migrations
            .actors()
            .any(|a| a.name() == "Ville de Montreuil")
    );
    assert!(migrations.countries().contains(&"ML"));
    assert!(
        migrations
            .associations()
            .iter()
            .any(|a| a.contains("ADCYF"))
    );
    // The fictitious commune is there with its own actions, tied to no real record.
    let exempleville: Vec<_> = domains
        .domains()
        .flat_map(|d| d.actors())
        .filter(|a| a.commune() == Some("exempleville"))
        .collect();
    assert!(!exempleville.is_empty());
    assert!(exempleville.iter().all(|a| a.records().len() == 0));
    // The lead counts the territory's collectivités; Exempleville's edition
    // printed « 1 collectivité et 0 fiche d’expérience » (its own one, and
    // none): a commune edition counts neither, and no count is ever 0.
    let mut names: Vec<&str> = (domains.domains().flat_map(|d| d.actors()))
        .map(|a| a.name())
        .collect();
    names.sort_unstable();
    names.dedup();
    let territory = format!(
        "ce que font les {} collectivités du territoire",
        names.len()
    );
    assert!(text.contains(&squeezed(&territory)), "{territory}");
    let own = squeezed(&common::pdftotext(
        &tmp.path().join("exempleville/qui-fait-quoi.pdf"),
        &[],
    ));
    assert!(own.contains(&squeezed(
        "ce qui concerne la collectivité, d’après son profil."
    )));
    assert!(!own.contains(&squeezed("et 0 fiche")) && !text.contains(&squeezed("et 0 fiche")));
    // Nothing concerns the two real communes whose profiles are bare: no file.
    assert!(tmp.path().join("exempleville/qui-fait-quoi.pdf").is_file());
    assert!(!tmp.path().join("nanterre/qui-fait-quoi.pdf").exists());
    assert!(
        !tmp.path()
            .join("rosny-sous-bois/qui-fait-quoi.pdf")
            .exists()
    );
}

/// The profile lists a record it takes part in, another names it: the
/// commune's box cites both on the sheet of their domain, and its « qui
/// fait quoi » holds them, and nothing of the other commune.
#[test]
fn a_communes_records_are_in_its_box_and_its_qui_fait_quoi() {
    let root = Path::new(MANIFEST_DIR).join("tests/fixtures/valid/commune-experiences");
    let materials = materials(&root);
    let ids: Vec<&str> = materials
        .experiences_of("exempleville")
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    // Named by the record first, then listed by the profile; each once.
    assert_eq!(ids, ["echanges-scolaires", "syndicat-type"]);
    let nanterre: Vec<&str> = materials
        .experiences_of("nanterre")
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(nanterre, ["syndicat-type"]);
    if !common::tool("pdftotext") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    build(&root, tmp.path(), &["--commune", "exempleville"]);
    let sheet = squeezed(&common::pdftotext(
        &tmp.path().join("exempleville/jeunesse.pdf"),
        &[],
    ));
    assert!(sheet.contains(&squeezed("Fiches d’expérience")), "{sheet}");
    assert!(
        sheet.contains(&squeezed("Des échanges scolaires")),
        "{sheet}"
    );
    assert!(sheet.contains(&squeezed("Le 1 % d’un syndicat des eaux")));
    let directory = squeezed(&common::pdftotext(
        &tmp.path().join("exempleville/qui-fait-quoi.pdf"),
        &[],
    ));
    assert!(directory.contains(&squeezed("Ville d’Exempleville")));
    assert!(directory.contains(&squeezed("Des échanges scolaires")));
    assert!(directory.contains(&squeezed("Le 1 % d’un syndicat des eaux")));
    assert!(directory.contains(&squeezed("Sénégal")));
    // Its collection of experiences takes the same records.
    let collection = squeezed(&common::pdftotext(
        &tmp.path().join("exempleville/recueil-experiences.pdf"),
        &[],
    ));
    assert!(collection.contains(&squeezed("Des échanges scolaires")));
    assert!(collection.contains(&squeezed("Le 1 % d’un syndicat des eaux")));
    // Only what concerns Exempleville: not the territory's, not Nanterre's.
    assert!(!tmp.path().join("experiences/qui-fait-quoi.pdf").exists());
    assert!(!tmp.path().join("nanterre").exists());
}
