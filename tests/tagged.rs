//! Accessibility (tagged PDF, PDF/UA-1) and archiving (PDF/A-2) checks on what
//! the export stage writes.
//!
//! [`check`] is a structural checker for the rules veraPDF would enforce and that
//! can be verified without it: marked content and the structure tree agree in
//! both directions (every MCID referenced exactly once, the parent tree maps it
//! back), nothing is painted outside marked content or artifacts, links are tagged
//! with their annotation, figures have alternative text, headings start at H1 and
//! never skip a level, `/Lang` is set, and the XMP packet parses, declares PDF/A-2
//! and PDF/UA-1 and agrees with the Info dictionary. It runs on every output of
//! the generic and one commune edition and on the workshop booklet; each rule has a
//! broken fixture that it must reject. `qpdf --check` and poppler (`pdfinfo`,
//! `pdftotext`) read the files back when installed (see `scripts/test`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use ancrage::build::{self, Selection, Target};
use ancrage::export::{self, Metadata, Options};
use ancrage::layout::document::{Document as Laid, Item, Page, Role, Structure, Tag};
use ancrage::render::Engine;
use ancrage::resolve::Materials;
use ancrage::{load, resolve};
use lopdf::{Dictionary, Document, Object, ObjectId};

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
        commune: None,
    }
}

// ---------------------------------------------------------------------------
// The checker

fn dict<'a>(pdf: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match obj {
        Object::Reference(id) => pdf.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).and_then(Object::as_name).ok()
}

/// A text string (UTF-16BE with BOM, or PDFDocEncoding taken as Latin-1).
fn text(obj: &Object) -> Option<String> {
    let bytes = obj.as_str().ok()?;
    Some(match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(rest) => String::from_utf16_lossy(
            &rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect::<Vec<_>>(),
        ),
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    })
}

fn as_list(obj: &Object) -> Vec<&Object> {
    match obj {
        Object::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

/// Operators that paint (must be inside marked content or an artifact).
const PAINTING: &[&str] = &[
    "Tj", "TJ", "'", "\"", "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "BI",
];

/// One structure element as the checker sees it.
struct Elem {
    id: ObjectId,
    role: String,
    /// Depth in the tree (the root's child is 0).
    depth: usize,
}

/// What the structure tree references.
#[derive(Default)]
struct Walk {
    /// Elements in tree (reading) order.
    elems: Vec<Elem>,
    /// Element of each (page, MCID), with how many times it was referenced.
    mcids: BTreeMap<(ObjectId, i64), Vec<ObjectId>>,
    /// Element of each annotation referenced by an OBJR.
    objrs: BTreeMap<ObjectId, Vec<ObjectId>>,
    problems: Vec<String>,
}

fn walk(pdf: &Document, id: ObjectId, depth: usize, w: &mut Walk) {
    let Ok(elem) = pdf.get_dictionary(id) else {
        w.problems.push(format!("élément {id:?} illisible"));
        return;
    };
    let role = String::from_utf8_lossy(name(elem, b"S").unwrap_or(b"?")).into_owned();
    if role == "Figure"
        && elem
            .get(b"Alt")
            .ok()
            .and_then(text)
            .is_none_or(|t| t.trim().is_empty())
    {
        w.problems.push(format!("Figure {id:?} sans /Alt"));
    }
    let pg = elem.get(b"Pg").and_then(Object::as_reference).ok();
    w.elems.push(Elem {
        id,
        role: role.clone(),
        depth,
    });
    let Ok(k) = elem.get(b"K") else { return };
    for kid in as_list(k) {
        match kid {
            Object::Integer(mcid) => match pg {
                Some(pg) => w.mcids.entry((pg, *mcid)).or_default().push(id),
                None => w.problems.push(format!("MCID {mcid} de {id:?} sans /Pg")),
            },
            Object::Reference(child) => {
                let is_elem = pdf
                    .get_dictionary(*child)
                    .is_ok_and(|d| d.get(b"S").is_ok() || name(d, b"Type") == Some(b"StructElem"));
                if is_elem {
                    walk(pdf, *child, depth + 1, w);
                } else {
                    w.problems
                        .push(format!("enfant {child:?} de {id:?} inconnu"));
                }
            }
            Object::Dictionary(d) => match name(d, b"Type") {
                Some(b"MCR") => {
                    let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(pg);
                    let mcid = d.get(b"MCID").and_then(Object::as_i64).ok();
                    match (page, mcid) {
                        (Some(p), Some(m)) => w.mcids.entry((p, m)).or_default().push(id),
                        _ => w.problems.push(format!("MCR incomplet dans {id:?}")),
                    }
                }
                Some(b"OBJR") => match d.get(b"Obj").and_then(Object::as_reference) {
                    Ok(annot) => {
                        if role != "Link" {
                            w.problems
                                .push(format!("OBJR hors d’un élément Link ({role})"));
                        }
                        w.objrs.entry(annot).or_default().push(id);
                    }
                    Err(_) => w.problems.push(format!("OBJR sans /Obj dans {id:?}")),
                },
                _ => w
                    .problems
                    .push(format!("enfant dictionnaire inconnu dans {id:?}")),
            },
            other => w
                .problems
                .push(format!("enfant {other:?} de {id:?} inattendu")),
        }
    }
}

/// The marked content of a page: its MCIDs, and painting outside marked content.
fn page_mcids(pdf: &Document, page: ObjectId) -> (Vec<i64>, usize) {
    let bytes = pdf.get_page_content(page).unwrap_or_default();
    let content = lopdf::content::Content::decode(&bytes).expect("content parses");
    let (mut depth, mut outside, mut mcids) = (0usize, 0, Vec::new());
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" => {
                depth += 1;
                if let Some(props) = op.operands.get(1).and_then(|o| dict(pdf, o))
                    && let Ok(m) = props.get(b"MCID").and_then(Object::as_i64)
                {
                    mcids.push(m);
                }
            }
            "BMC" => depth += 1,
            "EMC" => depth = depth.saturating_sub(1),
            op if PAINTING.contains(&op) && depth == 0 => outside += 1,
            _ => {}
        }
    }
    (mcids, outside)
}

/// The parent tree's entries by key.
fn parent_tree(pdf: &Document, root: &Dictionary) -> BTreeMap<i64, Object> {
    fn collect(pdf: &Document, node: &Dictionary, out: &mut BTreeMap<i64, Object>) {
        if let Ok(nums) = node.get(b"Nums").and_then(Object::as_array) {
            for pair in nums.chunks(2) {
                if let (Ok(k), Some(v)) = (pair[0].as_i64(), pair.get(1)) {
                    out.insert(k, v.clone());
                }
            }
        }
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                if let Some(d) = dict(pdf, kid) {
                    collect(pdf, d, out);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    if let Some(tree) = root.get(b"ParentTree").ok().and_then(|o| dict(pdf, o)) {
        collect(pdf, tree, &mut out);
    }
    out
}

/// Every problem found in `bytes`, in French; empty when the file passes.
fn check(bytes: &[u8]) -> Vec<String> {
    let pdf = match Document::load_mem(bytes) {
        Ok(pdf) => pdf,
        Err(e) => return vec![format!("PDF illisible : {e}")],
    };
    check_doc(&pdf)
}

fn check_doc(pdf: &Document) -> Vec<String> {
    let mut problems = Vec::new();
    let catalog = pdf.catalog().expect("catalog");
    if catalog
        .get(b"Lang")
        .ok()
        .and_then(text)
        .is_none_or(|l| l.is_empty())
    {
        problems.push("pas de /Lang dans le catalogue".to_string());
    }
    let marked = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|o| dict(pdf, o))
        .and_then(|d| d.get(b"Marked").ok()?.as_bool().ok());
    if marked != Some(true) {
        problems.push("/MarkInfo /Marked n’est pas true".to_string());
    }
    let display = catalog
        .get(b"ViewerPreferences")
        .ok()
        .and_then(|o| dict(pdf, o))
        .and_then(|d| d.get(b"DisplayDocTitle").ok()?.as_bool().ok());
    if display != Some(true) {
        problems.push("/DisplayDocTitle n’est pas true".to_string());
    }
    let Some(root) = catalog
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|o| dict(pdf, o))
    else {
        problems.push("pas de /StructTreeRoot".to_string());
        return problems;
    };

    // 1. The tree.
    let mut w = Walk::default();
    for kid in root.get(b"K").map(as_list).unwrap_or_default() {
        match kid.as_reference() {
            Ok(id) => walk(pdf, id, 0, &mut w),
            Err(_) => w.problems.push("racine : enfant non référencé".to_string()),
        }
    }
    problems.append(&mut w.problems);

    // 2. Content ↔ tree, and the parent tree.
    let parents = parent_tree(pdf, root);
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let mut in_content = BTreeSet::new();
    for (n, &page) in pages.iter().enumerate() {
        let (mcids, outside) = page_mcids(pdf, page);
        if outside > 0 {
            problems.push(format!(
                "page {} : {outside} opérations de dessin hors contenu marqué",
                n + 1
            ));
        }
        let page_dict = pdf.get_dictionary(page).unwrap();
        if name(page_dict, b"Tabs") != Some(b"S") {
            problems.push(format!("page {} : pas de /Tabs /S", n + 1));
        }
        let Ok(key) = page_dict.get(b"StructParents").and_then(Object::as_i64) else {
            problems.push(format!("page {} : pas de /StructParents", n + 1));
            continue;
        };
        let entries = parents
            .get(&key)
            .and_then(|o| match o {
                Object::Array(a) => Some(a.clone()),
                Object::Reference(id) => pdf.get_object(*id).ok()?.as_array().ok().cloned(),
                _ => None,
            })
            .unwrap_or_default();
        for m in mcids {
            if !in_content.insert((page, m)) {
                problems.push(format!("page {} : MCID {m} utilisé deux fois", n + 1));
            }
            let referenced = w.mcids.get(&(page, m)).cloned().unwrap_or_default();
            match referenced.as_slice() {
                [] => problems.push(format!(
                    "page {} : MCID {m} absent de l’arbre de structure",
                    n + 1
                )),
                [elem] => {
                    let mapped = entries.get(m as usize).and_then(|o| o.as_reference().ok());
                    if mapped != Some(*elem) {
                        problems.push(format!(
                            "page {} : /ParentTree ne renvoie pas le MCID {m} à son élément",
                            n + 1
                        ));
                    }
                }
                _ => problems.push(format!(
                    "page {} : MCID {m} référencé {} fois",
                    n + 1,
                    referenced.len()
                )),
            }
        }
    }
    for (page, m) in w.mcids.keys() {
        if !in_content.contains(&(*page, *m)) {
            problems.push(format!("MCID {m} de l’arbre absent du contenu de {page:?}"));
        }
    }

    // 3. Link annotations.
    for (n, &page) in pages.iter().enumerate() {
        for annot in pdf.get_page_annotations(page).unwrap_or_default() {
            if name(annot, b"Subtype") != Some(b"Link") {
                continue;
            }
            if annot
                .get(b"Contents")
                .ok()
                .and_then(text)
                .is_none_or(|t| t.is_empty())
            {
                problems.push(format!("page {} : lien sans /Contents", n + 1));
            }
            let Ok(key) = annot.get(b"StructParent").and_then(Object::as_i64) else {
                problems.push(format!("page {} : lien sans /StructParent", n + 1));
                continue;
            };
            let parent = parents.get(&key).and_then(|o| o.as_reference().ok());
            let linked = parent.is_some_and(|p| {
                pdf.get_dictionary(p)
                    .is_ok_and(|d| name(d, b"S") == Some(b"Link"))
                    && w.objrs.values().any(|elems| elems == &vec![p])
            });
            if !linked {
                problems.push(format!(
                    "page {} : lien dont /StructParent ne mène pas à un élément Link",
                    n + 1
                ));
            }
        }
    }
    for (annot, elems) in &w.objrs {
        if elems.len() != 1 {
            problems.push(format!(
                "annotation {annot:?} référencée {} fois",
                elems.len()
            ));
        }
    }

    // 4. Headings: the first is H1, levels never skip.
    let mut level = 0;
    for e in &w.elems {
        if let Some(l) = e.role.strip_prefix('H').and_then(|l| l.parse::<u32>().ok()) {
            if l > level + 1 {
                problems.push(format!("titre {} après un niveau {level}", e.role));
            }
            level = l;
        }
    }

    // 5. Metadata.
    problems.extend(check_xmp(pdf));
    problems
}

/// The XMP packet of the catalog.
fn xmp(pdf: &Document) -> Option<String> {
    let id = pdf
        .catalog()
        .ok()?
        .get(b"Metadata")
        .ok()?
        .as_reference()
        .ok()?;
    let stream = pdf.get_object(id).ok()?.as_stream().ok()?;
    String::from_utf8(stream.content.clone()).ok()
}

/// Text content of each element of `packet`, by element name (`dc:title/rdf:Alt/rdf:li`
/// gives `rdf:li` under `dc:title`, keyed by the property: the first-level name).
fn xmp_properties(packet: &str) -> Result<BTreeMap<String, String>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(packet);
    let mut stack: Vec<String> = Vec::new();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let mut push_text = |s: &str, stack: &[String]| {
            // Property = the element under rdf:Description.
            if let Some(i) = stack.iter().position(|n| n == "rdf:Description")
                && let Some(prop) = stack.get(i + 1)
            {
                out.entry(prop.clone()).or_default().push_str(s);
            }
        };
        match event {
            Event::Start(e) => stack.push(String::from_utf8_lossy(e.name().as_ref()).into_owned()),
            Event::End(e) => {
                let n = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if stack.pop().as_deref() != Some(n.as_str()) {
                    return Err(format!("balise fermante </{n}> inattendue"));
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| e.to_string())?;
                if !s.trim().is_empty() {
                    push_text(&s, &stack);
                }
            }
            Event::GeneralRef(r) => {
                let n = r.decode().map_err(|e| e.to_string())?;
                let c = match n.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => return Err(format!("entité inconnue &{other};")),
                };
                push_text(c, &stack);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(format!("balises non fermées : {stack:?}"));
    }
    Ok(out)
}

fn info(pdf: &Document, key: &[u8]) -> Option<String> {
    let id = pdf.trailer.get(b"Info").ok()?.as_reference().ok()?;
    pdf.get_dictionary(id).ok()?.get(key).ok().and_then(text)
}

fn check_xmp(pdf: &Document) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(packet) = xmp(pdf) else {
        return vec!["pas de flux XMP /Metadata lisible".to_string()];
    };
    let props = match xmp_properties(&packet) {
        Ok(p) => p,
        Err(e) => return vec![format!("XMP mal formé : {e}")],
    };
    for (prop, want) in [
        ("pdfuaid:part", "1"),
        ("pdfaid:part", "2"),
        ("pdfaid:conformance", "U"),
    ] {
        if props.get(prop).map(String::as_str) != Some(want) {
            problems.push(format!("XMP : {prop} ≠ {want}"));
        }
    }
    if !packet.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>") {
        problems.push("XMP : pas de schéma d’extension pour pdfuaid".to_string());
    }
    for (key, prop) in [
        (&b"Title"[..], "dc:title"),
        (b"Author", "dc:creator"),
        (b"Subject", "dc:description"),
        (b"Keywords", "pdf:Keywords"),
        (b"Producer", "pdf:Producer"),
        (b"Creator", "xmp:CreatorTool"),
    ] {
        if info(pdf, key) != props.get(prop).cloned() {
            problems.push(format!(
                "Info /{} ≠ XMP {prop}",
                String::from_utf8_lossy(key)
            ));
        }
    }
    let date = info(pdf, b"CreationDate").map(|d| {
        let d = d.trim_start_matches("D:");
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            &d[0..4],
            &d[4..6],
            &d[6..8],
            &d[8..10],
            &d[10..12],
            &d[12..14]
        )
    });
    if date != props.get("xmp:CreateDate").cloned() {
        problems.push("Info /CreationDate ≠ XMP xmp:CreateDate".to_string());
    }
    if props.get("dc:language").is_none() {
        problems.push("XMP : pas de dc:language".to_string());
    }
    let catalog = pdf.catalog().unwrap();
    let intent = catalog
        .get(b"OutputIntents")
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| dict(pdf, a.first()?));
    let profile_ok = intent.is_some_and(|i| {
        name(i, b"S") == Some(b"GTS_PDFA1")
            && i.get(b"DestOutputProfile")
                .and_then(Object::as_reference)
                .ok()
                .and_then(|id| pdf.get_object(id).ok()?.as_stream().ok())
                .is_some_and(|s| s.dict.get(b"N").and_then(Object::as_i64).ok() == Some(3))
    });
    if !profile_ok {
        problems.push("pas d’OutputIntent PDF/A sRGB avec son profil ICC".to_string());
    }
    if pdf.trailer.get(b"Encrypt").is_ok() {
        problems.push("fichier chiffré".to_string());
    }
    if pdf.trailer.get(b"ID").is_err() {
        problems.push("pas d’/ID".to_string());
    }
    problems
}

/// The structure tree as indented text: role, alternative text, number of marked
/// content pieces and annotations of each element.
fn tree_dump(pdf: &Document) -> String {
    fn go(pdf: &Document, id: ObjectId, depth: usize, out: &mut String) {
        let elem = pdf.get_dictionary(id).unwrap();
        let role = String::from_utf8_lossy(name(elem, b"S").unwrap_or(b"?")).into_owned();
        let (mut mcids, mut objrs, mut kids) = (0, 0, Vec::new());
        for kid in elem.get(b"K").map(as_list).unwrap_or_default() {
            match kid {
                Object::Integer(_) => mcids += 1,
                Object::Dictionary(d) if name(d, b"Type") == Some(b"OBJR") => objrs += 1,
                Object::Dictionary(_) => mcids += 1,
                Object::Reference(c) => kids.push(*c),
                _ => {}
            }
        }
        out.push_str(&"  ".repeat(depth));
        out.push_str(&role);
        if let Some(alt) = elem.get(b"Alt").ok().and_then(text) {
            out.push_str(&format!(" alt={alt:?}"));
        }
        if mcids > 0 {
            out.push_str(&format!(" [{mcids}]"));
        }
        if objrs > 0 {
            out.push_str(" +lien");
        }
        out.push('\n');
        for c in kids {
            go(pdf, c, depth + 1, out);
        }
    }
    let root = pdf.catalog().unwrap().get(b"StructTreeRoot").unwrap();
    let root = dict(pdf, root).unwrap();
    let mut out = String::new();
    for kid in as_list(root.get(b"K").unwrap()) {
        go(pdf, kid.as_reference().unwrap(), 0, &mut out);
    }
    out
}

// ---------------------------------------------------------------------------
// Shipped outputs

#[test]
fn every_output_of_two_editions_and_the_booklet_passes() {
    let materials = materials();
    let selection = Selection {
        communes: vec![build::GENERIC.into(), "exempleville".into()],
        domains: Vec::new(),
        workshops: vec!["atelier-7-2010".into()],
    };
    let targets = build::plan(&materials, &selection).unwrap();
    assert!(
        targets
            .iter()
            .any(|t| matches!(t, Target::Collection { .. }))
    );
    assert!(targets.iter().any(|t| matches!(t, Target::Handout { .. })));
    let mut failures = Vec::new();
    for target in &targets {
        let (_, _, bytes) = export_target(&materials, target);
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
            items: vec![Item {
                content: Content::Text(GlyphRun {
                    x: 10.0,
                    y: 30.0,
                    font,
                    size: 12.0,
                    color: Color::BLACK,
                    glyphs,
                    text: "Eau".into(),
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
        let mut options = Options::default();
        // Uncompressed: content streams can be edited as text.
        options.compress = false;
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
        walk(pdf, kid.as_reference().unwrap(), 0, &mut w);
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
    let mut content = pdf.get_page_content(page).unwrap();
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
            packet.replace("Jeunesse", "Jeunesses"),
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

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok();
    if !found {
        eprintln!("{name} absent : vérification sautée (voir scripts/test)");
    }
    found
}

fn words(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{202F}' || c == '\u{A0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

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

    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = words(&String::from_utf8_lossy(&out.stdout));
    for sentence in [
        "Beaucoup de jeunes aspirent à vivre une expérience à l’étranger ou à s’engager pour une cause solidaire.",
        "L’appel à projets annuel « Jeunesse » de la DAECT, créé en 2015,",
    ] {
        assert!(
            text.contains(&words(sentence)),
            "{sentence}\nnot in\n{text}"
        );
    }
}
