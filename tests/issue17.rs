//! Issue 17, the printed side, on `tests/fixtures/build/issue-17/`: the
//! mark of a composite example and the sources of a real one, the « Sigles »
//! box, the update date in the footer, the draft band, no commune box nor
//! annuaire for a bare website, and the booklet's cover and programme.
//! Laid out in memory through the library, as `ancrage build` does.

use ancrage::build::{self, Target};
use ancrage::layout::Document;
use ancrage::layout::document::{Content, Role, Tag};
use ancrage::layout::fonts::FontBook;
use ancrage::model::Edition;
use ancrage::resolve::Materials;
use ancrage::{load, render, resolve};

fn materials() -> (Materials, render::Engine) {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build/issue-17");
    let loaded = load::load(&root).expect("the fixture loads");
    let (materials, diagnostics) = resolve::resolve(&loaded);
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let engine = render::Engine::new(
        FontBook::builtin(),
        materials.collection.hyphenation_exceptions(),
    );
    (materials, engine)
}

fn lay_out(target: Target) -> Document {
    let (materials, mut engine) = materials();
    build::lay_out(&mut engine, &materials, &target, None).document
}

fn sheet(domain: &str, commune: Option<&str>) -> Document {
    lay_out(Target::Sheet {
        domain: domain.into(),
        edition: Edition::of(commune),
    })
}

/// The text of each page, its runs joined, without spaces nor soft
/// hyphens: runs split a line at each change of font, and lines end
/// anywhere; compare with [`squash`]ed expectations.
fn page_texts(doc: &Document) -> Vec<String> {
    doc.pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|i| match &i.content {
                    Content::Text(r) => Some(r.text.as_str()),
                    _ => None,
                })
                .map(squash)
                .collect::<String>()
        })
        .collect()
}

/// `text` without whitespace (no-break spaces too) nor soft hyphens.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{AD}' | '\u{202F}' | '\u{A0}'))
        .collect()
}

/// Whether `haystack` (squashed) holds `needle`, spaces aside.
fn holds(haystack: &str, needle: &str) -> bool {
    haystack.contains(&squash(needle))
}

fn text(doc: &Document) -> String {
    page_texts(doc).join("\n")
}

/// Issue 17 § 3: 17 of 26 « Expériences » were composites printed as if real.
#[test]
fn issue_17_composite_example_is_marked_and_real_one_cites_its_sources() {
    let doc = sheet("jeunesse", None);
    let all = text(&doc);
    assert!(holds(&all, "Un cas composé Exemple type"), "{all}");
    assert_eq!(all.matches(&squash("Exemple type")).count(), 1, "{all}");
    assert!(
        holds(
            &all,
            "Sources : vie-publique.fr · Rapport annuel de l’Office franco-allemand pour la jeunesse, 2024"
        ),
        "{all}"
    );
    // The short form is a link to the page itself.
    let linked = doc.structure.ids().any(|n| {
        doc.structure.role(n)
            == Role::Link {
                target: "https://www.vie-publique.fr/rapport/123-jeunesse".into(),
            }
    });
    assert!(linked, "the source is not linked to its page");
}

/// Issue 17 § 5: PRA/OSIM, EPCI, FICOL… were expanded nowhere on the sheets
/// that use them: each sheet lists those its text does not expand.
#[test]
fn issue_17_sigles_box_lists_the_acronyms_the_sheet_leaves_unexpanded() {
    let all = text(&sheet("jeunesse", None));
    assert!(
        holds(
            &all,
            "Sigles. EPCI : établissement public de coopération intercommunale."
        ),
        "{all}"
    );
    // Expanded in the summary, « (AFD) »: not printed twice.
    assert!(!holds(&all, "AFD :"), "{all}");
    // A sheet using no acronym of the glossary has no box.
    assert!(!holds(&text(&sheet("brouillon", None)), "Sigles."));
}

/// Issue 17 § 5: each sheet carries its update date, in its footer.
#[test]
fn issue_17_mise_a_jour_is_printed_in_the_sheet_footer() {
    let doc = sheet("jeunesse", None);
    for page in &doc.pages {
        let footer: String = page.items[page.items.len() - page.footer..]
            .iter()
            .filter_map(|i| match &i.content {
                Content::Text(r) => Some(squash(&r.text)),
                _ => None,
            })
            .collect();
        assert!(holds(&footer, "Mise à jour : novembre 2026"), "{footer}");
    }
    // Without it, the edition's date as before.
    assert!(holds(
        &text(&sheet("brouillon", None)),
        "édition du 26 novembre 2026"
    ));
}

/// Issue 17 § 6: Nanterre's recueil had an « Annuaire » page holding one
/// address, and its sheets a box « À Nanterre » holding the same address.
#[test]
fn issue_17_a_bare_website_makes_no_commune_box_nor_annuaire() {
    let bare = text(&sheet("jeunesse", Some("site-seul")));
    assert!(!holds(&bare, "À Site-Seul"), "{bare}");
    let recueil = text(&lay_out(Target::Collection {
        edition: Edition::Commune("site-seul".into()),
    }));
    assert!(!recueil.contains("Annuaire"), "{recueil}");
    // A contact naming a service is an entry: box and annuaire, listed.
    let reachable = text(&sheet("jeunesse", Some("joignable")));
    assert!(holds(&reachable, "À Joignable"), "{reachable}");
    let recueil = text(&lay_out(Target::Collection {
        edition: Edition::Commune("joignable".into()),
    }));
    assert_eq!(recueil.matches("Annuaire").count(), 2, "{recueil}");
}

/// Issue 17 § 6: a draft printed as final. Every page of a draft (and of a
/// document holding one) carries the band, as decoration; others do not.
#[test]
fn issue_17_every_page_of_a_draft_carries_the_band_as_an_artifact() {
    let band = "Document de travail – non validé";
    for doc in [
        sheet("brouillon", None),
        lay_out(Target::Collection {
            edition: Edition::Generic,
        }),
    ] {
        assert!(!doc.pages.is_empty());
        for (n, page) in doc.pages.iter().enumerate() {
            let runs: Vec<_> = page
                .items
                .iter()
                .filter(
                    |i| matches!(&i.content, Content::Text(r) if squash(&r.text) == squash(band)),
                )
                .collect();
            assert_eq!(runs.len(), 1, "page {}", n + 1);
            assert_eq!(runs[0].tag, Tag::Artifact, "page {}", n + 1);
        }
    }
    assert!(!holds(&text(&sheet("jeunesse", None)), band));
    let handout = text(&lay_out(Target::Handout {
        workshop: "atelier".into(),
    }));
    assert!(!holds(&handout, band), "{handout}");
}

/// Issue 17 § 2: the booklet prints current law under a 2010 date, and its
/// timetable is the planned one.
#[test]
fn issue_17_booklet_cover_says_updated_materials_and_programme_indicatif() {
    let pages = page_texts(&lay_out(Target::Handout {
        workshop: "atelier".into(),
    }));
    assert!(
        holds(
            &pages[0],
            "supports actualisés – édition du 26 novembre 2026"
        ),
        "{}",
        pages[0]
    );
    assert!(holds(&pages[0], "Programme indicatif"), "{}", pages[0]);
}
