//! The structural checker of `tests/tagged.rs`: the tagged PDF (PDF/UA-1) and
//! PDF/A-2 rules that can be verified without veraPDF, reported in French.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

pub fn dict<'a>(pdf: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match obj {
        Object::Reference(id) => pdf.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

pub fn name<'a>(d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).and_then(Object::as_name).ok()
}

/// A text string (UTF-16BE with BOM, or PDFDocEncoding taken as Latin-1).
pub fn text(obj: &Object) -> Option<String> {
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

pub fn as_list(obj: &Object) -> Vec<&Object> {
    match obj {
        Object::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

/// Whether `tag` is a well-formed BCP 47 language tag, as far as the files
/// need: a language of 2 to 8 letters, then subtags of 1 to 8 letters or
/// digits separated by `-`. An empty `/Lang` (« unknown ») is refused too:
/// an element only carries one to say what its language is.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    (2..=8).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Operators that paint (must be inside marked content or an artifact).
pub const PAINTING: &[&str] = &[
    "Tj", "TJ", "'", "\"", "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "BI",
];

/// One structure element as the checker sees it.
pub struct Elem {
    /// The element object.
    pub id: ObjectId,
    /// Its structure type.
    pub role: String,
    /// The element holding it (none for the top of the tree).
    pub parent: Option<ObjectId>,
    /// Its own marked content: (page, MCID).
    pub mcids: Vec<(ObjectId, i64)>,
}

/// What the structure tree references.
#[derive(Default)]
pub struct Walk {
    /// Elements in tree (reading) order.
    pub elems: Vec<Elem>,
    /// Element of each (page, MCID), with how many times it was referenced.
    pub mcids: BTreeMap<(ObjectId, i64), Vec<ObjectId>>,
    /// Element of each annotation referenced by an OBJR.
    pub objrs: BTreeMap<ObjectId, Vec<ObjectId>>,
    /// Problems met while walking.
    pub problems: Vec<String>,
    /// The elements being walked, innermost last.
    stack: Vec<ObjectId>,
}

pub fn walk(pdf: &Document, id: ObjectId, w: &mut Walk) {
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
    if let Ok(lang) = elem.get(b"Lang") {
        match text(lang) {
            Some(l) if is_language_tag(&l) => {}
            Some(l) => w
                .problems
                .push(format!("{role} {id:?} : /Lang « {l} » mal formé")),
            None => w
                .problems
                .push(format!("{role} {id:?} : /Lang n’est pas une chaîne")),
        }
        // A passage in another language holds the text it marks.
        let empty = elem.get(b"K").map(as_list).unwrap_or_default().is_empty();
        if role == "Span" && empty {
            w.problems
                .push(format!("Span {id:?} en langue étrangère sans contenu"));
        }
    }
    let pg = elem.get(b"Pg").and_then(Object::as_reference).ok();
    let index = w.elems.len();
    w.elems.push(Elem {
        id,
        role: role.clone(),
        parent: w.stack.last().copied(),
        mcids: Vec::new(),
    });
    let Ok(k) = elem.get(b"K") else { return };
    w.stack.push(id);
    for kid in as_list(k) {
        match kid {
            Object::Integer(mcid) => match pg {
                Some(pg) => {
                    w.mcids.entry((pg, *mcid)).or_default().push(id);
                    w.elems[index].mcids.push((pg, *mcid));
                }
                None => w.problems.push(format!("MCID {mcid} de {id:?} sans /Pg")),
            },
            Object::Reference(child) => {
                let child_role = pdf
                    .get_dictionary(*child)
                    .ok()
                    .filter(|d| d.get(b"S").is_ok() || name(d, b"Type") == Some(b"StructElem"))
                    .map(|d| String::from_utf8_lossy(name(d, b"S").unwrap_or(b"?")).into_owned());
                if let Some(child_role) = child_role {
                    if let Some(allowed) = crate::reading::allowed_children(&role)
                        && !allowed.contains(&child_role.as_str())
                    {
                        w.problems.push(format!(
                            "enfant {child_role} d’un élément {role} : seuls {} y sont permis",
                            allowed.join(", ")
                        ));
                    }
                    walk(pdf, *child, w);
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
                        (Some(p), Some(m)) => {
                            w.mcids.entry((p, m)).or_default().push(id);
                            w.elems[index].mcids.push((p, m));
                        }
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
    w.stack.pop();
}

/// The marked content of a page: its MCIDs, and painting outside marked content.
pub fn page_mcids(pdf: &Document, page: ObjectId) -> (Vec<i64>, usize) {
    let bytes = pdf.get_page_content(page);
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
pub fn parent_tree(pdf: &Document, root: &Dictionary) -> BTreeMap<i64, Object> {
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
pub fn check(bytes: &[u8]) -> Vec<String> {
    let pdf = match Document::load_mem(bytes) {
        Ok(pdf) => pdf,
        Err(e) => return vec![format!("PDF illisible : {e}")],
    };
    check_doc(&pdf)
}

pub fn check_doc(pdf: &Document) -> Vec<String> {
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
            Ok(id) => walk(pdf, id, &mut w),
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

    // 5. What the pages say: no prose hidden in an artifact, no heading
    // repeated in its section.
    let texts: Vec<crate::reading::PageText> = pages
        .iter()
        .map(|&page| crate::reading::page_text(pdf, page))
        .collect();
    problems.extend(crate::reading::artifact_prose(&texts));
    let mut sections: BTreeMap<ObjectId, Vec<(String, String)>> = BTreeMap::new();
    for e in w.elems.iter().filter(|e| e.role.starts_with('H')) {
        let text: String = e
            .mcids
            .iter()
            .filter_map(|(page, m)| {
                let n = pages.iter().position(|p| p == page)?;
                texts[n].mcids.get(m).cloned()
            })
            .collect();
        if let Some(parent) = e.parent {
            sections
                .entry(parent)
                .or_default()
                .push((e.role.clone(), text));
        }
    }
    problems.extend(crate::reading::repeated_headings(&sections));

    // 6. Metadata.
    problems.extend(check_xmp(pdf));
    problems
}

/// The XMP packet of the catalog.
pub fn xmp(pdf: &Document) -> Option<String> {
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
pub fn xmp_properties(packet: &str) -> Result<BTreeMap<String, String>, String> {
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
            Event::Start(e) => stack.push(e.name().as_ref().to_string()),
            Event::End(e) => {
                let n = e.name().as_ref().to_string();
                if stack.pop().as_deref() != Some(n.as_str()) {
                    return Err(format!("balise fermante </{n}> inattendue"));
                }
            }
            Event::Text(t) => {
                push_text(&t, &stack);
            }
            Event::GeneralRef(r) => {
                let c = match &*r {
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

pub fn info(pdf: &Document, key: &[u8]) -> Option<String> {
    let id = pdf.trailer.get(b"Info").ok()?.as_reference().ok()?;
    pdf.get_dictionary(id).ok()?.get(key).ok().and_then(text)
}

pub fn check_xmp(pdf: &Document) -> Vec<String> {
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
    if !props.contains_key("dc:language") {
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
pub fn tree_dump(pdf: &Document) -> String {
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
        if let Some(lang) = elem.get(b"Lang").ok().and_then(text) {
            out.push_str(&format!(" lang={lang}"));
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
