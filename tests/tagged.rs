//! Accessibility (tagged PDF, PDF/UA-1) and archiving (PDF/A-2) checks on what
//! the export stage writes.
//!
//! [`check`] is a structural checker for the rules veraPDF would enforce and that
//! can be verified without it: marked content and the structure tree agree in
//! both directions (every MCID referenced exactly once, the parent tree maps it
//! back), nothing is painted outside marked content or artifacts, links are tagged
//! with their annotation, figures have alternative text, headings start at H1 and
//! never skip a level, `/Lang` is set on the catalog and well formed on every
//! element that has one (a `Span` in another language holds content), and the
//! XMP packet parses, declares PDF/A-2 and PDF/UA-1 and agrees with the Info
//! dictionary. It runs on every output of the generic and one commune edition
//! and on the workshop booklet; each rule has a broken fixture that it must
//! reject. `qpdf --check` and poppler (`pdfinfo`,
//! `pdftotext`) read the files back when installed (see `scripts/test`).

use std::path::Path;
use std::process::Command;

use ancrage::build::{self, Selection, Target};
use ancrage::export::{self, Metadata, Options};
use ancrage::layout::document::{Document as Laid, Item, Page, Role, Structure, Tag};
use ancrage::model::Edition;
use ancrage::render::Engine;
use ancrage::resolve::Materials;
use ancrage::{load, resolve};
use lopdf::{Document, Object, ObjectId};

#[path = "tagged/check.rs"]
mod check;
use check::*;
#[path = "tagged/reading.rs"]
mod reading;

mod common;
use common::{tool, words};

fn materials() -> Materials {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    resolve::resolve(&load::load(&root).expect("materials")).0
}

/// Lays out and exports one target; also returns the laid-out document.
fn export_target(materials: &Materials, target: &Target) -> (Laid, Metadata, Vec<u8>) {
    let book = materials.font_book();
    let mut engine = Engine::new(book.clone(), materials.collection.hyphenation_exceptions());
    let laid = build::lay_out(&mut engine, materials, target, Some((2025, 1, 15)));
    let out = export::export(&laid.document, &book, &laid.metadata, &Options::default()).unwrap();
    (laid.document, laid.metadata, out.bytes)
}

fn sheet(domain: &str) -> Target {
    Target::Sheet {
        domain: domain.into(),
        edition: Edition::Generic,
    }
}

// ---------------------------------------------------------------------------
// Shipped outputs

#[test]
fn every_output_of_two_editions_and_the_booklet_passes() {
    let materials = materials();
    let selection = Selection {
        editions: vec![Edition::Generic, Edition::Commune("exempleville".into())],
        domains: Vec::new(),
        workshops: vec!["atelier-7-2010".into()],
        experiences: vec![
            "montreuil-yelimane".into(),
            build::EXPERIENCE_COLLECTION.into(),
        ],
    };
    let mut targets = build::plan(&materials, &selection).unwrap();
    // Issue 21: the territory's « qui fait quoi » (every profile is in
    // memory here), next to Exempleville's, which the plan holds.
    assert!(targets.contains(&Target::Directory {
        commune: Some("exempleville".into())
    }));
    targets.push(Target::Directory { commune: None });
    assert!(
        targets
            .iter()
            .any(|t| matches!(t, Target::Collection { .. }))
    );
    assert!(targets.iter().any(|t| matches!(t, Target::Handout { .. })));
    // Issue 22: the workshop's kit (attendance sheet, certificates).
    assert!(targets.iter().any(|t| matches!(t, Target::Kit { .. })));
    assert!(
        targets
            .iter()
            .any(|t| matches!(t, Target::Experience { .. }))
    );
    assert!(
        targets
            .iter()
            .any(|t| matches!(t, Target::ExperienceCollection { .. }))
    );
    assert_every_target_passes(&materials, &targets);
}

/// Exports each target and runs the structure checks on it; fails with
/// every problem of every file.
fn assert_every_target_passes(materials: &Materials, targets: &[Target]) {
    let mut failures = Vec::new();
    for target in targets {
        let (_, _, bytes) = export_target(materials, target);
        let problems = check(&bytes);
        if !problems.is_empty() {
            failures.push(format!(
                "{} :\n  {}",
                target.path().display(),
                problems.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 19 §4: the large-print edition is tagged like the others: every
/// sheet, the collection and the handout of Exempleville pass the same
/// structure checks.
#[test]
fn every_large_print_output_passes() {
    let mut materials = materials();
    let selection = Selection {
        editions: vec![Edition::Commune("exempleville".into())],
        domains: Vec::new(),
        workshops: vec!["atelier-7-2010".into()],
        experiences: vec![
            "montreuil-yelimane".into(),
            build::EXPERIENCE_COLLECTION.into(),
        ],
    };
    let large = build::Variant {
        large_print: true,
        ..build::Variant::default()
    };
    let schedule = build::schedule(&materials, &selection)
        .unwrap()
        .in_variant(large);
    let communes = schedule.editions.iter().filter_map(Edition::commune);
    assert!(materials.load_communes(communes).is_empty());
    let editions: Vec<_> = (schedule.editions.iter())
        .map(|e| materials.edition(e).unwrap())
        .collect();
    let mut targets = schedule.targets(&materials, &editions);
    targets.extend(schedule.handouts(&materials));
    targets.retain(|t| t.standard().1.large_print);
    assert!(targets.iter().any(|t| t.standard().0
        == &Target::Collection {
            edition: Edition::Commune("exempleville".into()),
        }));
    assert!(targets.iter().any(|t| t.standard().0
        == &Target::Directory {
            commune: Some("exempleville".into())
        }));
    assert!(
        targets
            .iter()
            .any(|t| matches!(t.standard().0, Target::Handout { .. }))
    );
    assert!(
        targets
            .iter()
            .any(|t| matches!(t.standard().0, Target::ExperienceCollection { .. }))
    );
    assert_every_target_passes(&materials, &targets);
}

#[test]
fn a_sheet_has_headings_figures_links_and_lists_in_its_tree() {
    let (_, _, bytes) = export_target(&materials(), &sheet("jeunesse"));
    let pdf = Document::load_mem(&bytes).unwrap();
    let dump = tree_dump(&pdf);
    for role in [
        "Document", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Figure", "Link",
    ] {
        assert!(
            dump.lines()
                .any(|l| l.trim_start().split(' ').next() == Some(role)),
            "{role} absent :\n{dump}"
        );
    }
    assert!(dump.contains("alt=\"Code QR : http"), "{dump}");
    let h1 = dump
        .lines()
        .position(|l| l.trim_start().starts_with("H1"))
        .unwrap();
    let h2 = dump
        .lines()
        .position(|l| l.trim_start().starts_with("H2"))
        .unwrap();
    assert!(h1 < h2);
    insta::assert_snapshot!(dump);
}

#[test]
fn the_booklet_programme_is_a_table_with_column_headers() {
    let materials = materials();
    let target = Target::Handout {
        workshop: "atelier-7-2010".into(),
    };
    let (_, _, bytes) = export_target(&materials, &target);
    let pdf = Document::load_mem(&bytes).unwrap();
    let mut th = 0;
    for obj in pdf.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if name(d, b"S") == Some(b"TH") {
            th += 1;
            let attr = dict(&pdf, d.get(b"A").unwrap()).unwrap();
            assert_eq!(name(attr, b"Scope"), Some(b"Column".as_slice()));
        }
    }
    assert!(th >= 2);
    let dump = tree_dump(&pdf);
    assert!(dump.contains("Table\n"), "{dump}");
    assert!(dump.contains("TR\n"), "{dump}");
}

#[test]
fn the_imposed_file_claims_nothing() {
    let materials = materials();
    let target = Target::Handout {
        workshop: "atelier-7-2010".into(),
    };
    let (_, _, bytes) = export_target(&materials, &target);
    let imposed = export::impose::impose(&bytes, true).unwrap();
    let pdf = Document::load_mem(&imposed).unwrap();
    let catalog = pdf.catalog().unwrap();
    for key in [&b"StructTreeRoot"[..], b"MarkInfo", b"Metadata"] {
        assert!(!catalog.has(key), "{}", String::from_utf8_lossy(key));
    }
    assert!(info(&pdf, b"Subject").unwrap().contains("non balisé"));
}

// ---------------------------------------------------------------------------
// Metadata

/// A one-page document: a heading and a paragraph.
fn small(book: &ancrage::layout::fonts::FontBook) -> Laid {
    use ancrage::layout::document::{Color, Content, GlyphRun, PlacedGlyph};
    let mut structure = Structure::new();
    let root = structure.root();
    let h = structure.add(root, Role::H(1));
    let font = book.primary(ancrage::layout::fonts::Style::REGULAR);
    let data = book.font(font);
    let face = ttf_parser::Face::parse(data.data, 0).unwrap();
    let glyphs = "Eau"
        .char_indices()
        .map(|(i, c)| PlacedGlyph {
            id: face.glyph_index(c).unwrap().0,
            x: i as f32 * 7.0,
            y_offset: 0.0,
            advance: 7.0,
            text_start: i as u32,
            text_end: i as u32 + 1,
        })
        .collect();
    Laid {
        pages: vec![Page {
            width: 200.0,
            height: 100.0,
            footer: 0,
            items: vec![Item {
                content: Content::Text(GlyphRun {
                    x: 10.0,
                    y: 30.0,
                    font,
                    size: 12.0,
                    color: Color::BLACK,
                    glyphs,
                    text: "Eau".into(),
                    scale: 1.0,
                }),
                tag: Tag::Content(h),
            }],
        }],
        structure,
        ..Laid::default()
    }
}

#[test]
fn a_title_with_markup_characters_gives_valid_xmp() {
    let book = ancrage::layout::fonts::FontBook::builtin();
    let title = "Eau & <assainissement> : « l'accès » \"pour tous\"";
    let meta = Metadata {
        title: title.into(),
        author: Some("Ville d’Exemple & Co".into()),
        subject: Some("a < b > c".into()),
        keywords: vec!["eau".into(), "R&D".into()],
        lang: "fr-FR".into(),
        date: None,
    };
    let out = export::export(&small(&book), &book, &meta, &Options::default()).unwrap();
    assert_eq!(check(&out.bytes), Vec::<String>::new());
    let pdf = Document::load_mem(&out.bytes).unwrap();
    let props = xmp_properties(&xmp(&pdf).unwrap()).unwrap();
    assert_eq!(props["dc:title"], title);
    assert_eq!(props["dc:creator"], "Ville d’Exemple & Co");
    assert_eq!(props["pdf:Keywords"], "eau, R&D");
    assert!(
        !props.contains_key("xmp:CreateDate"),
        "no date without one set"
    );
    assert!(info(&pdf, b"CreationDate").is_none());
}

// ---------------------------------------------------------------------------
// Broken fixtures: each rule must reject its own breakage.

/// The jeunesse sheet, loaded for mutation.
fn fixture() -> Document {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let bytes = BYTES.get_or_init(|| {
        // Uncompressed: content streams can be edited as text.
        let options = Options {
            compress: false,
            ..Options::default()
        };
        let materials = materials();
        let book = materials.font_book();
        let mut engine = Engine::new(book.clone(), materials.collection.hyphenation_exceptions());
        let laid = build::lay_out(
            &mut engine,
            &materials,
            &sheet("jeunesse"),
            Some((2025, 1, 15)),
        );
        export::export(&laid.document, &book, &laid.metadata, &options)
            .unwrap()
            .bytes
    });
    let pdf = Document::load_mem(bytes).unwrap();
    assert_eq!(check_doc(&pdf), Vec::<String>::new());
    pdf
}

/// The first element with role `role`.
fn find(pdf: &Document, role: &[u8]) -> ObjectId {
    let mut w = Walk::default();
    let root = dict(pdf, pdf.catalog().unwrap().get(b"StructTreeRoot").unwrap()).unwrap();
    for kid in as_list(root.get(b"K").unwrap()) {
        walk(pdf, kid.as_reference().unwrap(), &mut w);
    }
    w.elems
        .iter()
        .find(|e| e.role.as_bytes() == role)
        .map(|e| e.id)
        .unwrap()
}

fn rejects(pdf: &Document, expected: &str) {
    let problems = check_doc(pdf);
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "« {expected} » attendu, trouvé : {problems:?}"
    );
}

fn kids_mut(pdf: &mut Document, id: ObjectId) -> &mut Vec<Object> {
    pdf.get_dictionary_mut(id)
        .unwrap()
        .get_mut(b"K")
        .unwrap()
        .as_array_mut()
        .unwrap()
}

#[test]
fn rejects_an_mcid_missing_from_the_tree() {
    let mut pdf = fixture();
    let p = find(&pdf, b"P");
    let kids = kids_mut(&mut pdf, p);
    let i = kids.iter().position(|k| k.as_i64().is_ok()).unwrap();
    kids.remove(i);
    rejects(&pdf, "absent de l’arbre");
}

#[test]
fn rejects_an_mcid_referenced_twice() {
    let mut pdf = fixture();
    let p = find(&pdf, b"P");
    let mcid = kids_mut(&mut pdf, p)
        .iter()
        .find(|k| k.as_i64().is_ok())
        .cloned()
        .unwrap();
    kids_mut(&mut pdf, p).push(mcid);
    rejects(&pdf, "référencé 2 fois");
}

#[test]
fn rejects_an_mcid_of_the_tree_not_in_the_content() {
    let mut pdf = fixture();
    let p = find(&pdf, b"P");
    kids_mut(&mut pdf, p).push(Object::Integer(99_999));
    rejects(&pdf, "absent du contenu");
}

#[test]
fn rejects_a_wrong_parent_tree() {
    let mut pdf = fixture();
    let h1 = find(&pdf, b"H1");
    let p = find(&pdf, b"P");
    let root = pdf
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let tree = pdf
        .get_dictionary(root)
        .unwrap()
        .get(b"ParentTree")
        .unwrap()
        .as_reference()
        .unwrap();
    let nums = pdf
        .get_dictionary_mut(tree)
        .unwrap()
        .get_mut(b"Nums")
        .unwrap()
        .as_array_mut()
        .unwrap();
    let entries = nums[1].as_array_mut().unwrap();
    for e in entries.iter_mut() {
        if e.as_reference().ok() == Some(h1) {
            *e = Object::Reference(p);
        }
    }
    rejects(&pdf, "/ParentTree ne renvoie pas");
}

#[test]
fn rejects_painting_outside_marked_content() {
    let mut pdf = fixture();
    let page = *pdf.get_pages().get(&1).unwrap();
    let mut content = pdf.get_page_content(page);
    content.extend_from_slice(b"\n0 0 m 10 10 l S\n");
    let id = pdf
        .get_dictionary(page)
        .unwrap()
        .get(b"Contents")
        .unwrap()
        .as_reference()
        .unwrap();
    pdf.get_object_mut(id)
        .unwrap()
        .as_stream_mut()
        .unwrap()
        .set_plain_content(content);
    rejects(&pdf, "hors contenu marqué");
}

#[test]
fn rejects_a_figure_without_alt() {
    let mut pdf = fixture();
    let fig = find(&pdf, b"Figure");
    pdf.get_dictionary_mut(fig).unwrap().remove(b"Alt");
    rejects(&pdf, "sans /Alt");
}

#[test]
fn rejects_a_link_without_struct_parent() {
    let mut pdf = fixture();
    let link = find(&pdf, b"Link");
    let annot = pdf
        .get_dictionary(link)
        .unwrap()
        .get(b"K")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .find_map(|k| k.as_dict().ok()?.get(b"Obj").ok()?.as_reference().ok())
        .unwrap();
    pdf.get_dictionary_mut(annot)
        .unwrap()
        .remove(b"StructParent");
    rejects(&pdf, "lien sans /StructParent");
}

#[test]
fn rejects_a_link_annotation_outside_a_link_element() {
    let mut pdf = fixture();
    let link = find(&pdf, b"Link");
    pdf.get_dictionary_mut(link)
        .unwrap()
        .set("S", Object::Name(b"Span".to_vec()));
    rejects(&pdf, "OBJR hors d’un élément Link");
}

#[test]
fn rejects_a_skipped_heading_level() {
    let mut pdf = fixture();
    let h2 = find(&pdf, b"H2");
    pdf.get_dictionary_mut(h2)
        .unwrap()
        .set("S", Object::Name(b"H3".to_vec()));
    rejects(&pdf, "titre H3 après un niveau 1");
}

#[test]
fn rejects_a_missing_lang() {
    let mut pdf = fixture();
    pdf.catalog_mut().unwrap().remove(b"Lang");
    rejects(&pdf, "pas de /Lang");
}

#[test]
fn rejects_an_ill_formed_or_empty_element_lang() {
    for bad in ["", "en_GB", "e", "en-", "français"] {
        let mut pdf = fixture();
        let p = find(&pdf, b"P");
        pdf.get_dictionary_mut(p)
            .unwrap()
            .set("Lang", Object::string_literal(bad));
        rejects(&pdf, "mal formé");
    }
    let mut pdf = fixture();
    let p = find(&pdf, b"P");
    pdf.get_dictionary_mut(p)
        .unwrap()
        .set("Lang", Object::Integer(1));
    rejects(&pdf, "/Lang n’est pas une chaîne");
}

#[test]
fn rejects_an_empty_span_in_another_language() {
    let mut pdf = fixture();
    let p = find(&pdf, b"P");
    let mut span = lopdf::Dictionary::new();
    span.set("Type", Object::Name(b"StructElem".to_vec()));
    span.set("S", Object::Name(b"Span".to_vec()));
    span.set("P", Object::Reference(p));
    span.set("Lang", Object::string_literal("en"));
    let span = pdf.add_object(span);
    kids_mut(&mut pdf, p).push(Object::Reference(span));
    rejects(&pdf, "en langue étrangère sans contenu");
}

/// The content stream of page `n` (1-based) of an uncompressed fixture, as
/// text, and the object holding it.
fn page_content(pdf: &Document, n: u32) -> (ObjectId, ObjectId, String) {
    let page = *pdf.get_pages().get(&n).unwrap();
    let id = pdf
        .get_dictionary(page)
        .unwrap()
        .get(b"Contents")
        .unwrap()
        .as_reference()
        .unwrap();
    let text = String::from_utf8(pdf.get_page_content(page)).unwrap();
    (page, id, text)
}

fn set_content(pdf: &mut Document, id: ObjectId, text: String) {
    pdf.get_object_mut(id)
        .unwrap()
        .as_stream_mut()
        .unwrap()
        .set_plain_content(text.into_bytes());
}

/// outloud's LST-003: the recueil's contents were an `L` holding `P`s.
#[test]
fn rejects_a_list_holding_something_else_than_items() {
    let mut pdf = fixture();
    let li = find(&pdf, b"LI");
    pdf.get_dictionary_mut(li)
        .unwrap()
        .set("S", Object::Name(b"P".to_vec()));
    rejects(&pdf, "enfant P d’un élément L");
}

/// outloud's TAG-002: a footer alone of its form (the recueil's directory)
/// read as a line of prose hidden from every reader.
#[test]
fn rejects_prose_marked_as_an_artifact() {
    let mut pdf = fixture();
    let (_, id, mut text) = page_content(&pdf, 1);
    // Every paragraph of the first page becomes decoration.
    while let Some(start) = text.find("/P <</MCID ") {
        let end = start + text[start..].find("BDC").unwrap() + 3;
        text.replace_range(start..end, "/Artifact BMC");
    }
    set_content(&mut pdf, id, text);
    rejects(&pdf, "marquée comme décor (Artifact)");
}

/// outloud's PAG-001, in the form that is a fault: a section's heading
/// painted again (at the top of a continued page) and tagged as a second
/// heading of the same section.
#[test]
fn rejects_a_heading_repeated_in_its_section() {
    let mut pdf = fixture();
    let h2 = find(&pdf, b"H2");
    let h2_dict = pdf.get_dictionary(h2).unwrap().clone();
    let parent = h2_dict.get(b"P").unwrap().as_reference().unwrap();
    let mcid = h2_dict.get(b"K").unwrap().as_array().unwrap()[0]
        .as_i64()
        .unwrap();
    let page_of_h2 = h2_dict.get(b"Pg").unwrap().as_reference().unwrap();
    let n = pdf
        .get_pages()
        .into_iter()
        .find(|(_, p)| *p == page_of_h2)
        .unwrap()
        .0;
    let (_, id, mut text) = page_content(&pdf, n);
    // The heading's marked content, painted again with a new MCID.
    let open = format!("/H2 <</MCID {mcid}>> BDC");
    let start = text.find(&open).unwrap();
    let end = start + text[start..].find("EMC").unwrap() + 3;
    let next = text.matches("<</MCID ").count();
    let copy = text[start..end].replacen(&open, &format!("/H2 <</MCID {next}>> BDC"), 1);
    text.push('\n');
    text.push_str(&copy);
    set_content(&mut pdf, id, text);
    let mut again = lopdf::Dictionary::new();
    again.set("Type", Object::Name(b"StructElem".to_vec()));
    again.set("S", Object::Name(b"H2".to_vec()));
    again.set("P", Object::Reference(parent));
    again.set("Pg", Object::Reference(page_of_h2));
    again.set("K", Object::Array(vec![Object::Integer(next as i64)]));
    let again = pdf.add_object(again);
    kids_mut(&mut pdf, parent).push(Object::Reference(again));
    rejects(&pdf, "répété dans la même section");
}

#[test]
fn rejects_broken_or_incomplete_xmp() {
    let pdf = fixture();
    let id = pdf
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let packet = xmp(&pdf).unwrap();
    for (broken, expected) in [
        (packet.replace("</dc:title>", ""), "XMP mal formé"),
        (
            packet.replace("<pdfuaid:part>1</pdfuaid:part>", ""),
            "pdfuaid:part",
        ),
        (
            packet.replace("<pdfaid:part>2</pdfaid:part>", ""),
            "pdfaid:part",
        ),
        (
            packet.replacen("xml:lang=\"x-default\">", "xml:lang=\"x-default\">X", 1),
            "Info /Title ≠ XMP dc:title",
        ),
    ] {
        let mut pdf = pdf.clone();
        pdf.get_object_mut(id)
            .unwrap()
            .as_stream_mut()
            .unwrap()
            .set_plain_content(broken.into_bytes());
        rejects(&pdf, expected);
    }
}

// ---------------------------------------------------------------------------
// External tools

#[test]
fn qpdf_and_poppler_read_the_tagged_sheet() {
    let (doc, _, bytes) = export_target(&materials(), &sheet("jeunesse"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jeunesse.pdf");
    std::fs::write(&file, &bytes).unwrap();
    if tool("qpdf") {
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if !tool("pdfinfo") {
        return;
    }
    let out = Command::new("pdfinfo").arg(&file).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |key: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_string())
    };
    assert_eq!(field("Tagged:").as_deref(), Some("yes"), "{info}");
    assert_eq!(field("Form:").as_deref(), Some("none"), "{info}");

    // The structure, in reading order: the headings come as the bookmarks do.
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&file)
        .output()
        .unwrap();
    let structure = words(&String::from_utf8_lossy(&out.stdout));
    let mut from = 0;
    for b in &doc.bookmarks {
        let title = words(&b.title);
        let at = structure[from..]
            .find(&title)
            .unwrap_or_else(|| panic!("« {title} » absent ou déplacé dans\n{structure}"));
        from += at + title.len();
    }
    assert!(structure.contains("Figure"), "{structure}");

    let text = words(&common::pdftotext(&file, &[]));
    for sentence in [
        "Beaucoup de jeunes aspirent à une expérience à l’étranger, mais l’accès à la mobilité reste inégal",
        "L’appel à projets annuel « Jeunesse » de la DCTCIV, créé en 2015,",
    ] {
        assert!(
            text.contains(&words(sentence)),
            "{sentence}\nnot in\n{text}"
        );
    }
}

#[test]
fn a_foreign_expression_is_a_span_with_its_lang() {
    // In the laid-out document: the passage is a `Span` node in English
    // holding exactly the glyphs of « One Health ».
    let (doc, _, bytes) = export_target(&materials(), &sheet("sante"));
    let first_span = (doc.structure.ids())
        .position(|n| doc.structure.role(n) == Role::Span)
        .expect("a Span node");
    let span = ancrage::layout::document::NodeId(first_span as u32);
    assert_eq!(doc.structure.lang(span), Some("en"));
    let glyphs: String = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| i.tag == Tag::Content(ancrage::layout::document::NodeId(first_span as u32)))
        .filter_map(|i| match &i.content {
            ancrage::layout::document::Content::Text(run) => Some(run.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(glyphs, "One Health");

    // In the file: every `Span` element with a language carries `/Lang
    // (en)` (the others hold the French text between a paragraph's child
    // elements, see `export::tags`), the checker finds nothing, and poppler
    // reads « One Health » as the first one's text, between the paragraph's
    // text before and after it.
    assert_eq!(check(&bytes), Vec::<String>::new());
    let pdf = Document::load_mem(&bytes).unwrap();
    let mut w = Walk::default();
    let root = dict(&pdf, pdf.catalog().unwrap().get(b"StructTreeRoot").unwrap()).unwrap();
    for kid in as_list(root.get(b"K").unwrap()) {
        walk(&pdf, kid.as_reference().unwrap(), &mut w);
    }
    let langs: Vec<String> = w
        .elems
        .iter()
        .filter(|e| e.role == "Span")
        .filter_map(|e| {
            let d = pdf.get_dictionary(e.id).unwrap();
            d.get(b"Lang").ok().and_then(text)
        })
        .collect();
    assert!(langs.len() >= 2, "{langs:?}");
    assert!(langs.iter().all(|l| l == "en"), "{langs:?}");
    let dump = tree_dump(&pdf);
    assert!(dump.contains("\n        Span lang=en [1]\n"), "{dump}");

    if !tool("pdfinfo") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sante.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&file)
        .output()
        .unwrap();
    let structure = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = structure.lines().map(str::trim).collect();
    let at = (1..lines.len())
        .find(|&i| lines[i - 1].starts_with("Span") && lines[i] == "\"One Health\"")
        .expect(&structure);
    // The paragraph's text before and after it, in their own spans.
    let text = |i: &usize| lines[*i].starts_with('"');
    let before = (0..at).rev().find(text).expect(&structure);
    let after = (at + 1..lines.len()).find(text).expect(&structure);
    assert!(
        words(lines[before]).ends_with("« Une seule santé » (\""),
        "{structure}"
    );
    assert_eq!(lines[after], "\").\"", "{structure}");
}

/// The jars of Debian's `libpdfbox2-java` (Preflight) and what it needs on a
/// Java 11+ runtime, when all are installed (`scripts/test` installs them).
fn preflight_classpath() -> Option<String> {
    let dir = Path::new("/usr/share/java");
    let jars = [
        "preflight.jar",
        "pdfbox2.jar",
        "fontbox2.jar",
        "xmpbox.jar",
        "commons-logging.jar",
        "javax.activation.jar",
        "jaxb-api.jar",
    ];
    let missing: Vec<&str> = jars
        .iter()
        .copied()
        .filter(|j| !dir.join(j).is_file())
        .collect();
    if !missing.is_empty() || !tool("java") {
        common::missing(
            &format!("Preflight ({})", missing.join(", ")),
            "apt-get install libpdfbox2-java libactivation-java libjaxb-api-java",
        );
        return None;
    }
    Some(
        jars.iter()
            .map(|j| dir.join(j).display().to_string())
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// Preflight implements PDF/A-1b; these of its findings are PDF/A-1 rules that
/// PDF/A-2 relaxed, so they do not apply to our files (docs/accessibilite.md).
fn applies_to_pdf_a2(code: &str, details: &str) -> bool {
    match code {
        // PDF/A-2 allows transparency (ISO 19005-2, 6.4): our PNG logos and
        // pictograms keep their alpha channel as a soft mask.
        "2.2.2" => !details.contains("Soft Mask"),
        // The CIDSet of a subset font is optional in PDF/A-2 (6.2.11.4.2).
        "3.1.11" => !details.contains("CIDSet entry is missing"),
        // The identification schema says part 2, conformance U: PDF/A-1 wants
        // part 1 and level A or B.
        "7.11.1" => !details.contains("conformance level must be A or B"),
        "7.11.2" => !details.contains("part must be 1"),
        // PDF/A-1 is based on PDF 1.4 and forbids cross-reference streams;
        // PDF/A-2 (PDF 1.7) allows them and object streams (ISO 19005-2,
        // 6.1.3): the export writes both (src/export/write.rs).
        "1.4" => !details.contains("cross reference streams are not allowed"),
        _ => true,
    }
}

#[test]
fn preflight_finds_nothing_that_applies_to_pdf_a2() {
    let Some(classpath) = preflight_classpath() else {
        return;
    };
    let materials = materials();
    let selection = Selection {
        editions: vec![Edition::Generic, Edition::Commune("exempleville".into())],
        domains: Vec::new(),
        workshops: vec!["atelier-7-2010".into()],
        experiences: vec!["montreuil-yelimane".into()],
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for target in build::plan(&materials, &selection).unwrap() {
        let (_, _, bytes) = export_target(&materials, &target);
        let file = dir
            .path()
            .join(target.path().to_string_lossy().replace('/', "_"));
        std::fs::write(&file, bytes).unwrap();
        files.push(file);
    }
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/preflight/Preflight.java");
    let out = Command::new("java")
        .arg("-cp")
        .arg(&classpath)
        .arg(&program)
        .args(&files)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut applicable = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        let lines: Vec<Vec<&str>> = report
            .lines()
            .map(|l| l.splitn(3, '\t').collect::<Vec<_>>())
            .filter(|f| f[0] == name)
            .collect();
        // Preflight read the whole file, metadata included: the PDF/A-2
        // identification it does not accept is there.
        assert!(lines.iter().any(|f| f[1] == "fin"), "{name}\n{report}");
        assert!(
            lines.iter().any(|f| f.len() == 3 && f[1] == "7.11.2"),
            "{name}\n{report}"
        );
        for f in lines.iter().filter(|f| f.len() == 3) {
            if applies_to_pdf_a2(f[1], f[2]) {
                applicable.push(format!("{name} : {} {}", f[1], f[2]));
            }
        }
    }
    assert!(applicable.is_empty(), "{}", applicable.join("\n"));
}
