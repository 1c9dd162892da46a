//! The structure tree of the tagged PDF (ISO 32000-1 § 14.7–14.8, PDF/UA-1).
//!
//! The content streams ([`super::content`]) already wrap each item in marked
//! content with a per-page MCID, and [`super::Exporter`] records which structure node
//! each MCID and each link annotation belongs to ([`PageRecord`]). This pass turns
//! [`Structure`] into `StructElem` objects whose `/K` lists, in logical
//! order, their marked content (an MCID, or a marked-content reference when on
//! another page than the element's `/Pg`), their link annotations (object
//! references) and their child elements; it writes the `/ParentTree` that maps each
//! page's MCIDs and each annotation back to its element, and the catalog's
//! `/StructTreeRoot` and `/MarkInfo`; each page's `/StructParents` and `/Tabs
//! /S` ([`page_entries`]) and each annotation's `/StructParent` are written
//! with the page.
//!
//! Languages: a node with a `lang` (a `Span` for a passage marked
//! `<span lang="en">` in the materials) gets `/Lang` on its element, so that
//! the text of its marked content is read in that language and the text around
//! it, owned by the parent element, in the document's (`/Lang` of the catalog).
//!
//! Ordering: children keep the order of [`Node::children`] (the reading order the
//! layout decided, column by column); a node's own marked content is merged between
//! its children by position in the content (page, then MCID), so that a link in
//! the middle of a paragraph sits between the paragraph's text before and after it.
//!
//! Robustness: content whose node is missing or unreachable from the root is
//! attached to the root `Document` element, so that no MCID is left unreferenced;
//! elements with no content at all are left out (a figure or link without content
//! would be announced with nothing behind it), except table rows and cells, which
//! keep the table's grid; a link annotation whose node is not a `Link` gets a
//! `Link` element of its own.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId};

use super::finish::{Hasher, text_string};
use super::write::Frozen;
use super::{ExportError, PageRecord};
use crate::layout::document::{Content, Node, NodeId, Page, Role, Structure, Tag};

/// Position of a piece of content: page index, then MCID (`usize::MAX` for the
/// page's annotations, which come after its content).
type Key = (usize, usize);

/// A piece of content owned by an element.
#[derive(Debug, Clone, Copy)]
enum Kid {
    /// Marked content `mcid` of page `page`.
    Mcid { page: usize, mcid: usize },
    /// The link annotation `annot` on page `page`.
    Annot { page: usize, annot: ObjectId },
}

/// Everything the element writer needs, indexed by node.
struct Tree<'a> {
    nodes: &'a [Node],
    /// Own content of each node, in content order.
    own: Vec<Vec<(Key, Kid)>>,
    /// First position of content in each node's subtree.
    first: Vec<Option<Key>>,
    /// Whether each node is written.
    kept: Vec<bool>,
    /// Object of each written node.
    ids: Vec<Option<ObjectId>>,
    /// Page objects.
    pages: Vec<ObjectId>,
    /// Parent tree entries of each page, indexed by MCID.
    page_parents: Vec<Vec<Option<ObjectId>>>,
    /// `/StructParent` key of each annotation.
    annot_keys: BTreeMap<ObjectId, i64>,
    /// Parent tree entries of annotations, by key.
    annot_parents: BTreeMap<i64, ObjectId>,
    /// Bounding box of each figure in PDF coordinates, when on one page.
    bboxes: Vec<Option<(usize, [f32; 4])>>,
}

impl Tree<'_> {
    fn role(&self, i: usize) -> &Role {
        self.nodes.get(i).map_or(&Role::Document, |n| &n.role)
    }

    fn children(&self, i: usize) -> &[NodeId] {
        self.nodes.get(i).map_or(&[], |n| n.children.as_slice())
    }
}

/// Writes the structure tree of `structure` and links it from the catalog
/// and the annotations; the figures' boxes (`figures`) were gathered from
/// the pages as they were written, and each page got its `/StructParents`
/// (its index) then.
pub fn write(
    pdf: &mut lopdf::Document,
    frozen: &mut Frozen,
    (structure, figures): (&Structure, Figures),
    records: &[PageRecord],
    hasher: &mut Hasher,
) -> Result<(), ExportError> {
    let mut tree = prepare(structure, figures, records);
    let root_id = pdf.new_object_id();
    assign_ids(pdf, &mut tree, 0);
    emit(pdf, &mut tree, 0, root_id, frozen, hasher);

    let mut nums = Vec::new();
    for (p, entries) in std::mem::take(&mut tree.page_parents)
        .into_iter()
        .enumerate()
    {
        nums.push(Object::Integer(p as i64));
        let entries = entries
            .into_iter()
            .map(|e| e.map_or(Object::Null, Object::Reference));
        nums.push(Object::Array(entries.collect()));
    }
    for (key, elem) in &tree.annot_parents {
        nums.push(Object::Integer(*key));
        nums.push(Object::Reference(*elem));
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    // One entry per marked-content sequence of the document: finished now.
    let parent_tree_id = pdf.new_object_id();
    frozen.put(pdf, parent_tree_id, Object::Dictionary(parent_tree));
    let parent_tree = parent_tree_id;

    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set(
        "K",
        Object::Array(vec![Object::Reference(tree.ids[0].unwrap_or(root_id))]),
    );
    root.set("ParentTree", Object::Reference(parent_tree));
    root.set(
        "ParentTreeNextKey",
        Object::Integer(records.len() as i64 + tree.annot_keys.len() as i64),
    );
    pdf.objects.insert(root_id, Object::Dictionary(root));

    let err = |e: lopdf::Error| ExportError::Write(e.to_string());
    // Each annotation got its `/StructParent` (its key in `annot_keys`)
    // when it was made (`Exporter::page`), and was frozen then.
    let catalog = pdf.catalog_mut().map_err(err)?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut mark = Dictionary::new();
    mark.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", mark);
    Ok(())
}

/// Collects each node's content, subtree positions and whether it is written.
fn prepare<'a>(structure: &'a Structure, figures: Figures, records: &[PageRecord]) -> Tree<'a> {
    let nodes = structure.nodes.as_slice();
    let n = nodes.len().max(1);
    let mut reachable = vec![false; n];
    reachable[0] = true;
    let mut stack = vec![0usize];
    while let Some(i) = stack.pop() {
        for c in nodes.get(i).map_or(&[][..], |n| n.children.as_slice()) {
            let c = c.0 as usize;
            if c < n && !reachable[c] {
                reachable[c] = true;
                stack.push(c);
            }
        }
    }
    let slot = |node: NodeId| {
        let i = node.0 as usize;
        if i < n && reachable[i] { i } else { 0 }
    };

    let mut own: Vec<Vec<(Key, Kid)>> = vec![Vec::new(); n];
    let mut annot_keys = BTreeMap::new();
    for (page, rec) in records.iter().enumerate() {
        for (mcid, node) in rec.mcids.iter().enumerate() {
            own[slot(*node)].push(((page, mcid), Kid::Mcid { page, mcid }));
        }
        for (annot, node) in &rec.annotations {
            let i = node.map_or(0, slot);
            own[i].push((
                (page, usize::MAX),
                Kid::Annot {
                    page,
                    annot: *annot,
                },
            ));
            let key = (records.len() + annot_keys.len()) as i64;
            annot_keys.insert(*annot, key);
        }
    }

    // Children are always created after their parent, so a reverse sweep sees
    // every child before its parent.
    let mut first: Vec<Option<Key>> = own.iter().map(|o| o.first().map(|(k, _)| *k)).collect();
    for i in (0..n).rev() {
        if !reachable[i] {
            continue;
        }
        for c in nodes.get(i).map_or(&[][..], |n| n.children.as_slice()) {
            let c = c.0 as usize;
            if c > i && c < n {
                first[i] = match (first[i], first[c]) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
        }
    }
    let kept: Vec<bool> = (0..n)
        .map(|i| {
            i == 0
                || (reachable[i]
                    && (first[i].is_some()
                        || matches!(
                            nodes.get(i).map(|n| &n.role),
                            Some(Role::TR | Role::TH | Role::TD)
                        )))
        })
        .collect();

    Tree {
        nodes,
        bboxes: figures.boxes(n),
        own,
        first,
        kept,
        ids: vec![None; n],
        pages: records.iter().map(|r| r.page).collect(),
        page_parents: records.iter().map(|r| vec![None; r.mcids.len()]).collect(),
        annot_keys,
        annot_parents: BTreeMap::new(),
    }
}

/// The `/StructParents` entries of the page `index`: its key in the parent
/// tree, and the tab order of its annotations (the structure's).
pub fn page_entries(dict: &mut Dictionary, index: usize) {
    dict.set("StructParents", Object::Integer(index as i64));
    dict.set("Tabs", Object::Name(b"S".to_vec()));
}

/// The bounding box of each figure's drawn content, in PDF coordinates, when it
/// lies on a single page (PDF 1.7 asks for `/BBox` on such figures), gathered
/// page by page.
#[derive(Debug, Default)]
pub struct Figures {
    /// Page and box of each figure node seen so far, by node index.
    boxes: Vec<Option<(usize, [f32; 4])>>,
    /// Whether each figure node was seen on several pages (then no box).
    split: Vec<bool>,
}

impl Figures {
    /// Adds the figures' content drawn on page `p`, whose nodes are in `structure`.
    pub fn add_page(&mut self, p: usize, page: &Page, structure: &Structure) {
        let nodes = &structure.nodes;
        for item in &page.items {
            let Tag::Content(node) = item.tag else {
                continue;
            };
            let i = node.0 as usize;
            if !matches!(nodes.get(i).map(|n| &n.role), Some(Role::Figure { .. })) {
                continue;
            }
            let Some((x0, y0, x1, y1)) = extent(&item.content) else {
                continue;
            };
            if self.boxes.len() <= i {
                self.boxes.resize(i + 1, None);
                self.split.resize(i + 1, false);
            }
            let b = [x0, page.height - y1, x1, page.height - y0];
            self.boxes[i] = match self.boxes[i] {
                None => Some((p, b)),
                Some((q, a)) if q == p => Some((
                    p,
                    [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ],
                )),
                Some(other) => {
                    self.split[i] = true;
                    Some(other)
                }
            };
        }
    }

    /// The box of each of `n` nodes: `None` for all but the figures drawn on
    /// one page.
    fn boxes(self, n: usize) -> Vec<Option<(usize, [f32; 4])>> {
        let mut boxes = self.boxes;
        boxes.resize(n.max(boxes.len()), None);
        for (b, s) in boxes.iter_mut().zip(self.split) {
            if s {
                *b = None;
            }
        }
        boxes
    }
}

/// The extent `(x0, y0, x1, y1)` of drawn content (top-left origin), `None`
/// for what is not drawn or has no points.
fn extent(content: &Content) -> Option<(f32, f32, f32, f32)> {
    Some(match content {
        Content::Image { x, y, w, h, .. } | Content::Rect { x, y, w, h, .. } => {
            (*x, *y, x + w, y + h)
        }
        Content::Line {
            from, to, width, ..
        } => {
            let half = width / 2.0;
            (
                from.0.min(to.0) - half,
                from.1.min(to.1) - half,
                from.0.max(to.0) + half,
                from.1.max(to.1) + half,
            )
        }
        Content::Text(run) => (run.x, run.y - run.size, run.x + run.width(), run.y),
        Content::Path {
            x, y, scale, rings, ..
        } => {
            let points = rings.iter().flatten();
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for &(px, py) in points {
                x0 = x0.min(x + px * scale);
                x1 = x1.max(x + px * scale);
                y0 = y0.min(y + py * scale);
                y1 = y1.max(y + py * scale);
            }
            if x0 > x1 {
                return None;
            }
            (x0, y0, x1, y1)
        }
        Content::Link { .. } | Content::Rotate { .. } | Content::EndRotate => return None,
    })
}

/// Gives every written node an object id, in pre-order.
fn assign_ids(pdf: &mut lopdf::Document, tree: &mut Tree, i: usize) {
    tree.ids[i] = Some(pdf.new_object_id());
    let children: Vec<usize> = tree.children(i).iter().map(|c| c.0 as usize).collect();
    for c in children {
        if c > i && c < tree.kept.len() && tree.kept[c] {
            assign_ids(pdf, tree, c);
        }
    }
}

/// Two decimals, like the rest of the file.
fn real(v: f32) -> Object {
    Object::Real((v * 100.0).round() / 100.0)
}

/// Builds the element of node `i` (child of `parent`) and, recursively, its
/// descendants, each finished one kept in `out`.
fn emit(
    pdf: &mut lopdf::Document,
    tree: &mut Tree,
    i: usize,
    parent: ObjectId,
    out: &mut Frozen,
    hasher: &mut Hasher,
) {
    let Some(id) = tree.ids[i] else { return };
    let role = tree.role(i).clone();
    let name = role.pdf_name();
    hasher.write(name.as_bytes());
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"StructElem".to_vec()));
    dict.set("S", Object::Name(name.as_bytes().to_vec()));
    dict.set("P", Object::Reference(parent));
    let own = std::mem::take(&mut tree.own[i]);
    let home = own.first().map(|(_, k)| match k {
        Kid::Mcid { page, .. } | Kid::Annot { page, .. } => *page,
    });
    if let Some(page) = home {
        dict.set("Pg", Object::Reference(tree.pages[page]));
    }
    attributes(tree, i, &role, &mut dict, hasher);

    // Own content merged with the children by position.
    let children: Vec<usize> = tree
        .children(i)
        .iter()
        .map(|c| c.0 as usize)
        .filter(|&c| c > i && c < tree.kept.len() && tree.kept[c])
        .collect();
    let mut kids = Vec::new();
    // An element whose text runs between child elements (a « Sources : »
    // line between its links) holds each run in a `Span`: its `/K` is then
    // elements only, and a reader that takes an element's own content
    // before its children's (outloud's ORD-001 does) still reads the line
    // in order.
    let mixed = !children.is_empty() && own.iter().any(|(_, k)| matches!(k, Kid::Mcid { .. }));
    let mut pending = own.into_iter().peekable();
    let element = Element {
        id,
        home,
        is_link: matches!(role, Role::Link { .. }),
        spans: mixed,
    };
    for c in children {
        if let Some(k) = tree.first[c] {
            while let Some((_, kid)) = pending.next_if(|(key, _)| *key < k) {
                element.place(tree, &mut kids, kid, (pdf, out));
            }
        }
        kids.push(Object::Reference(tree.ids[c].unwrap_or(id)));
        emit(pdf, tree, c, id, out, hasher);
    }
    for (_, kid) in pending {
        element.place(tree, &mut kids, kid, (pdf, out));
    }
    if !kids.is_empty() {
        dict.set("K", Object::Array(kids));
    }
    out.put(pdf, id, Object::Dictionary(dict));
}

/// The attributes of node `i`'s element besides its type, role, parent and
/// page: a figure's alternative text and box, a header cell's scope, a
/// passage's language.
fn attributes(tree: &Tree, i: usize, role: &Role, dict: &mut Dictionary, hasher: &mut Hasher) {
    match role {
        Role::Figure { alt } => {
            hasher.write(alt.as_bytes());
            dict.set("Alt", text_string(alt));
            if let Some((_, b)) = tree.bboxes.get(i).copied().flatten() {
                let mut attr = Dictionary::new();
                attr.set("O", Object::Name(b"Layout".to_vec()));
                attr.set("Placement", Object::Name(b"Block".to_vec()));
                attr.set("BBox", Object::Array(b.iter().map(|v| real(*v)).collect()));
                dict.set("A", attr);
            }
        }
        Role::TH => {
            // Header cells head their column: the programme's only header row.
            let mut attr = Dictionary::new();
            attr.set("O", Object::Name(b"Table".to_vec()));
            attr.set("Scope", Object::Name(b"Column".to_vec()));
            dict.set("A", attr);
        }
        _ => {}
    }
    if let Some(lang) = tree.nodes.get(i).and_then(|n| n.lang.as_deref()) {
        hasher.write(lang.as_bytes());
        dict.set("Lang", text_string(lang));
    }
}

/// The element being written, as its own content is placed in its `/K`.
struct Element {
    /// Its object.
    id: ObjectId,
    /// Its page (`/Pg`): that of its first own content.
    home: Option<usize>,
    /// Whether it is a `Link` (its annotations are its own).
    is_link: bool,
    /// Whether its marked content goes in a `Span` each (mixed content).
    spans: bool,
}

impl Element {
    /// Appends `kid` to the element's `/K` (`kids`) and records the element
    /// as its parent in the parent tree.
    fn place(
        &self,
        tree: &mut Tree,
        kids: &mut Vec<Object>,
        kid: Kid,
        (pdf, out): (&mut lopdf::Document, &mut Frozen),
    ) {
        let id = self.id;
        match kid {
            Kid::Mcid { page, mcid } if self.spans => {
                let k = Object::Integer(mcid as i64);
                let span = wrapper(b"Span", id, tree.pages[page], k, (pdf, out));
                tree.page_parents[page][mcid] = Some(span);
                kids.push(Object::Reference(span));
            }
            Kid::Mcid { page, mcid } => {
                tree.page_parents[page][mcid] = Some(id);
                if Some(page) == self.home {
                    kids.push(Object::Integer(mcid as i64));
                } else {
                    let mut mcr = Dictionary::new();
                    mcr.set("Type", Object::Name(b"MCR".to_vec()));
                    mcr.set("Pg", Object::Reference(tree.pages[page]));
                    mcr.set("MCID", Object::Integer(mcid as i64));
                    kids.push(Object::Dictionary(mcr));
                }
            }
            Kid::Annot { page, annot } => {
                let mut objr = Dictionary::new();
                objr.set("Type", Object::Name(b"OBJR".to_vec()));
                objr.set("Pg", Object::Reference(tree.pages[page]));
                objr.set("Obj", Object::Reference(annot));
                let key = tree.annot_keys.get(&annot).copied().unwrap_or(0);
                if self.is_link {
                    tree.annot_parents.insert(key, id);
                    kids.push(Object::Dictionary(objr));
                } else {
                    // An annotation outside a Link element gets one of its own.
                    let k = Object::Dictionary(objr);
                    let link = wrapper(b"Link", id, tree.pages[page], k, (pdf, out));
                    tree.annot_parents.insert(key, link);
                    kids.push(Object::Reference(link));
                }
            }
        }
    }
}

/// A structure element of `role` (`Span`, `Link`) written out under
/// `parent`, on the page `page`, holding the one kid `k`: the wrapper of a
/// marked-content sequence between an element's children, or of an
/// annotation outside a `Link` element.
fn wrapper(
    role: &[u8],
    parent: ObjectId,
    page: ObjectId,
    k: Object,
    (pdf, out): (&mut lopdf::Document, &mut Frozen),
) -> ObjectId {
    let id = pdf.new_object_id();
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"StructElem".to_vec()));
    d.set("S", Object::Name(role.to_vec()));
    d.set("P", Object::Reference(parent));
    d.set("Pg", Object::Reference(page));
    d.set("K", Object::Array(vec![k]));
    out.put(pdf, id, Object::Dictionary(d));
    id
}
