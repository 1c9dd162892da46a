//! The structure tree of the tagged PDF (ISO 32000-1 § 14.7–14.8, PDF/UA-1).
//!
//! The content streams ([`super::content`]) already wrap each item in marked
//! content with a per-page MCID, and [`super::Exporter`] records which structure node
//! each MCID and each link annotation belongs to ([`Marks`]). This pass turns
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

use std::borrow::Borrow;
use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId};

use super::ExportError;
use super::finish::{Hasher, text_string};
use super::syntax::push_int;
use super::write::Frozen;
use crate::layout::document::{Content, NodeId, Page, Structure, Tag};

/// What the pages written tell the structure tree, kept page after page in
/// flat arrays (a directory has millions of marked-content sequences: no
/// vector per page, 4 bytes each): the structure node of each MCID and of
/// each link annotation.
#[derive(Debug, Clone)]
pub struct Marks {
    /// Where each page's MCIDs start in `nodes` (one more entry at the end).
    mcid_at: Vec<u32>,
    /// The node of each MCID, page after page.
    nodes: Vec<u32>,
    /// Where each page's annotations start in `annotations` (one more entry at the end).
    annot_at: Vec<u32>,
    /// The object number of each link annotation, page after page.
    annotations: Vec<u32>,
    /// The node of each link annotation ([`NO_NODE`] for none).
    annot_nodes: Vec<u32>,
}

/// An annotation without a structure node.
const NO_NODE: u32 = u32::MAX;

impl Default for Marks {
    fn default() -> Marks {
        Marks {
            mcid_at: vec![0],
            nodes: Vec::new(),
            annot_at: vec![0],
            annotations: Vec::new(),
            annot_nodes: Vec::new(),
        }
    }
}

impl Marks {
    /// Records the next page: the node of each of its MCIDs, its link
    /// annotations and their nodes.
    pub fn add_page(&mut self, mcids: &[NodeId], annotations: &[(ObjectId, Option<NodeId>)]) {
        self.nodes.extend(mcids.iter().map(|n| n.0));
        self.mcid_at.push(self.nodes.len() as u32);
        for (id, node) in annotations {
            self.annotations.push(id.0);
            self.annot_nodes.push(node.map_or(NO_NODE, |n| n.0));
        }
        self.annot_at.push(self.annotations.len() as u32);
    }

    /// How many pages were recorded.
    pub fn pages(&self) -> usize {
        self.mcid_at.len() - 1
    }

    /// About how many heap bytes the marks hold.
    pub fn held(&self) -> usize {
        4 * (self.mcid_at.capacity()
            + self.nodes.capacity()
            + self.annot_at.capacity()
            + self.annotations.capacity()
            + self.annot_nodes.capacity())
    }
}

/// A piece of content owned by an element, in 4 bytes: the index of an
/// MCID among the document's, or [`ANNOT`] and the index of a link
/// annotation among the document's.
type Kid = u32;

/// The bit of a [`Kid`] that makes it an annotation.
const ANNOT: u32 = 1 << 31;

/// No content: the position of a subtree without any.
const NO_KEY: u32 = u32::MAX;

/// Everything the element writer needs, in flat arrays indexed by node, by
/// content or by annotation (a directory has a million nodes and millions
/// of marked-content sequences: no vector per node or per page).
struct Tree<'a> {
    structure: &'a Structure,
    /// The page objects, in page order.
    pages: &'a [ObjectId],
    /// Where each node's own content starts in `kids` (one more entry at the end).
    own_at: Vec<u32>,
    /// The own content of each node after the other, each in content order.
    kids: Vec<Kid>,
    /// First position of content in each node's subtree ([`NO_KEY`] for none).
    first: Vec<u32>,
    /// Object number of each written node (0 until given one).
    ids: Vec<u32>,
    /// Where each page's MCIDs start in `parents` (one more entry at the end).
    mcid_at: Vec<u32>,
    /// Parent tree entry (an object number, 0 for none) of each MCID, page after page.
    parents: Vec<u32>,
    /// Where each page's annotations start (one more entry at the end).
    annot_at: Vec<u32>,
    /// The object number of each annotation.
    annotations: Vec<u32>,
    /// Parent tree entry (an object number, 0 for none) of each annotation.
    annot_parents: Vec<u32>,
    /// Page and bounding box of each figure in PDF coordinates, when on one page.
    bboxes: BTreeMap<u32, (usize, [f32; 4])>,
}

impl Tree<'_> {
    /// The parent tree, once every element is written; the rest is let go.
    fn into_parent_tree(self) -> ParentTree {
        ParentTree {
            mcid_at: self.mcid_at,
            parents: self.parents,
            annot_base: self.pages.len(),
            annot_parents: self.annot_parents,
        }
    }

    /// The page of `kid` and its index among its page's MCIDs or annotations.
    fn place_of(&self, kid: Kid) -> (usize, usize) {
        let (starts, index) = if kid & ANNOT != 0 {
            (&self.annot_at, kid & !ANNOT)
        } else {
            (&self.mcid_at, kid)
        };
        // The last page starting at or before it: the one holding it (the
        // empty pages before it start there too).
        let page = starts.partition_point(|&at| at <= index) - 1;
        (page, (index - starts[page]) as usize)
    }

    /// The position of `kid` in the content: page, then MCID, the page's
    /// annotations after all its MCIDs (each at the same position), the
    /// next page's after: the MCIDs before it and one place per page before it.
    fn key(&self, kid: Kid) -> u32 {
        let (page, index) = self.place_of(kid);
        if kid & ANNOT != 0 {
            self.mcid_at[page + 1] + page as u32
        } else {
            self.mcid_at[page] + index as u32 + page as u32
        }
    }

    /// Whether node `i` is written: the root, a node with content in its
    /// subtree, and table rows and cells (the table's grid).
    fn kept(&self, i: usize) -> bool {
        i == 0 || self.first[i] != NO_KEY || matches!(self.name(i), "TR" | "TH" | "TD")
    }

    /// The children of node `i`.
    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let id = NodeId(i as u32);
        let known = self.structure.contains(id);
        (known.then(|| self.structure.children(id)))
            .into_iter()
            .flatten()
            .map(|c| c.0 as usize)
    }

    /// The type name of node `i`'s element.
    fn name(&self, i: usize) -> &'static str {
        let id = NodeId(i as u32);
        if self.structure.contains(id) {
            self.structure.pdf_name(id)
        } else {
            "Document"
        }
    }

    /// The page object of page `page`.
    fn page(&self, page: usize) -> ObjectId {
        self.pages[page]
    }
}

/// Writes the structure tree of `structure` and links it from the catalog
/// and the annotations (`marks`, of the pages whose objects are `pages`);
/// the figures' boxes (`figures`) were gathered from the pages as they were
/// written, and each page got its `/StructParents` (its index) then.
///
/// A structure given by value is let go once the elements are written,
/// before the parent tree (one entry per marked-content sequence of the
/// document) is: the two are never held together.
pub fn write(
    pdf: &mut lopdf::Document,
    frozen: &mut Frozen,
    (structure, figures): (impl Borrow<Structure>, Figures),
    (marks, pages): (Marks, &[ObjectId]),
    hasher: &mut Hasher,
) -> Result<(), ExportError> {
    // Content is counted in the low 31 bits of a kid, positions in 32.
    if (marks.nodes.len() + marks.pages()) as u64 >= u64::from(ANNOT)
        || marks.annotations.len() as u64 >= u64::from(ANNOT)
    {
        return Err(ExportError::Write(
            "trop de contenus balisés pour l’arbre de structure".into(),
        ));
    }
    let mut tree = prepare(structure.borrow(), figures, marks, pages);
    let root_id = pdf.new_object_id();
    assign_ids(pdf, &mut tree, 0);
    emit(pdf, &mut tree, 0, root_id, frozen, hasher);
    let top = tree.ids[0];

    // What only the elements needed is let go before the parent tree is
    // written: one entry per marked-content sequence of the document.
    let parent_tree = tree.into_parent_tree();
    drop(structure);
    let annotations = parent_tree.annot_parents.len();
    let parent_tree_id = pdf.new_object_id();
    if frozen.enabled() {
        frozen.put_with(pdf, parent_tree_id, |out| parent_tree.write(out));
    } else {
        frozen.put(pdf, parent_tree_id, parent_tree.object());
    }

    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    let top = if top == 0 { root_id } else { (top, 0) };
    root.set("K", Object::Array(vec![Object::Reference(top)]));
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set(
        "ParentTreeNextKey",
        Object::Integer((pages.len() + annotations) as i64),
    );
    pdf.objects.insert(root_id, Object::Dictionary(root));

    let err = |e: lopdf::Error| ExportError::Write(e.to_string());
    // Each annotation got its `/StructParent` (its key: after one per page,
    // its index among the document's) when it was made (`Exporter::page`),
    // and was frozen then.
    let catalog = pdf.catalog_mut().map_err(err)?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut mark = Dictionary::new();
    mark.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", mark);
    Ok(())
}

/// The `/ParentTree` of the document: for each page (key: its index) the
/// element of each of its MCIDs, then for each annotation (key: after the
/// pages') its element.
struct ParentTree {
    /// Where each page's MCIDs start in `parents` (one more entry at the end).
    mcid_at: Vec<u32>,
    /// The element of each MCID (object number, 0 for none), page after page.
    parents: Vec<u32>,
    /// The key of the first annotation.
    annot_base: usize,
    /// The element of each annotation (object number, 0 for none).
    annot_parents: Vec<u32>,
}

impl ParentTree {
    /// The number tree's entries, in key order: a page's array or an annotation's element.
    fn entries(&self) -> impl Iterator<Item = (usize, Entry<'_>)> {
        let pages = self.mcid_at.windows(2).enumerate().map(|(p, w)| {
            let slice = &self.parents[w[0] as usize..w[1] as usize];
            (p, Entry::Page(slice))
        });
        let annots = (self.annot_parents.iter().enumerate())
            .filter(|(_, e)| **e != 0)
            .map(|(a, e)| (self.annot_base + a, Entry::Annot(*e)));
        pages.chain(annots)
    }

    /// The dictionary as a lopdf object (uncompressed output).
    fn object(&self) -> Object {
        let reference = |e: u32| match e {
            0 => Object::Null,
            e => Object::Reference((e, 0)),
        };
        let mut nums = Vec::new();
        for (key, entry) in self.entries() {
            nums.push(Object::Integer(key as i64));
            nums.push(match entry {
                Entry::Page(elements) => {
                    Object::Array(elements.iter().map(|e| reference(*e)).collect())
                }
                Entry::Annot(e) => reference(e),
            });
        }
        let mut dict = Dictionary::new();
        dict.set("Nums", Object::Array(nums));
        Object::Dictionary(dict)
    }

    /// The length of [`Self::write`]'s bytes.
    fn length(&self) -> usize {
        let digits = |v: usize| v.checked_ilog10().map_or(1, |d| d as usize + 1);
        let reference = |e: u32| match e {
            0 => "null".len(),
            e => digits(e as usize) + " 0 R".len(),
        };
        let entries: usize = (self.entries())
            .map(|(key, entry)| {
                digits(key)
                    + match entry {
                        Entry::Page(elements) => {
                            let refs: usize = elements.iter().map(|e| reference(*e)).sum();
                            "[]".len() + refs + elements.len().saturating_sub(1)
                        }
                        Entry::Annot(e) => 1 + reference(e),
                    }
            })
            .sum();
        let separators = self.entries().count().saturating_sub(1);
        "<</Nums[".len() + entries + separators + "]>>".len()
    }

    /// Appends the dictionary's bytes to `out`, as [`Self::object`] would be written
    /// ([`super::write`]'s syntax): without the array of millions of lopdf
    /// objects in between.
    ///
    /// `out` (the object stream it goes into) gets room for them at once,
    /// and for [`ROOM_AFTER`]: grown as they come, a directory's 17.3 MB
    /// were copied at each doubling, and its stream sealed by a copy.
    fn write(&self, out: &mut Vec<u8>) {
        out.reserve_exact(self.length() + ROOM_AFTER);
        out.extend_from_slice(b"<</Nums[");
        let reference = |out: &mut Vec<u8>, e: u32| match e {
            0 => out.extend_from_slice(b"null"),
            e => {
                push_int(out, i64::from(e));
                out.extend_from_slice(b" 0 R");
            }
        };
        for (n, (key, entry)) in self.entries().enumerate() {
            if n > 0 {
                out.push(b' ');
            }
            push_int(out, key as i64);
            match entry {
                Entry::Page(elements) => {
                    out.push(b'[');
                    for (i, e) in elements.iter().enumerate() {
                        if i > 0 {
                            out.push(b' ');
                        }
                        reference(out, *e);
                    }
                    out.push(b']');
                }
                Entry::Annot(e) => {
                    out.push(b' ');
                    reference(out, e);
                }
            }
        }
        out.extend_from_slice(b"]>>");
    }
}

/// Room left behind the parent tree in its object stream's bytes: for the
/// stream's header, put in front of them when it is sealed (at most 500
/// numbers and offsets, 11 KB), and the few objects numbered after it (the
/// outline and the document's information, a few kilobytes).
const ROOM_AFTER: usize = 64 << 10;

/// A value of the parent tree.
enum Entry<'a> {
    /// The elements of a page's MCIDs.
    Page(&'a [u32]),
    /// The element of an annotation.
    Annot(u32),
}

/// Collects each node's own content and the first position of content in
/// each subtree; the marks' nodes become the parent tree's entries (the
/// same number of them, each 0 until its element is written).
fn prepare<'a>(
    structure: &'a Structure,
    figures: Figures,
    marks: Marks,
    pages: &'a [ObjectId],
) -> Tree<'a> {
    let n = structure.len().max(1);
    // Every node of a structure hangs from its root; content of a node
    // that is not one goes to the root.
    let slot = |node: u32| {
        let i = node as usize;
        if i < n { i } else { 0 }
    };
    let Marks {
        mcid_at,
        nodes: mut parents,
        annot_at,
        annotations,
        annot_nodes: mut annot_parents,
    } = marks;
    // How much content each node owns, then where it ends, counted down
    // to where it starts as the content is placed from the last.
    let mut own_at = vec![0u32; n + 1];
    for node in parents.iter().chain(&annot_parents) {
        own_at[slot(*node)] += 1;
    }
    let mut end = 0;
    for at in own_at.iter_mut() {
        end += *at;
        *at = end;
    }
    // Content in content order: each page's MCIDs, then its annotations.
    let mut kids = vec![0; end as usize];
    for page in (0..mcid_at.len() - 1).rev() {
        let annots = annot_at[page]..annot_at[page + 1];
        for a in annots.rev() {
            let i = slot(annot_parents[a as usize]);
            own_at[i] -= 1;
            kids[own_at[i] as usize] = ANNOT | a;
        }
        for g in (mcid_at[page]..mcid_at[page + 1]).rev() {
            let i = slot(parents[g as usize]);
            own_at[i] -= 1;
            kids[own_at[i] as usize] = g;
        }
    }
    parents.fill(0);
    annot_parents.fill(0);

    let mut tree = Tree {
        structure,
        pages,
        own_at,
        kids,
        first: Vec::new(),
        ids: vec![0; n],
        mcid_at,
        parents,
        annot_at,
        annotations,
        annot_parents,
        bboxes: figures.boxes(),
    };
    let mut first: Vec<u32> = (0..n)
        .map(|i| {
            let (a, b) = (tree.own_at[i] as usize, tree.own_at[i + 1] as usize);
            if a < b {
                tree.key(tree.kids[a])
            } else {
                NO_KEY
            }
        })
        .collect();
    // Children are always created after their parent, so a reverse sweep sees
    // every child before its parent.
    for i in (0..n).rev() {
        let below = (tree.children(i))
            .filter(|&c| c > i && c < n)
            .map(|c| first[c])
            .min()
            .unwrap_or(NO_KEY);
        first[i] = first[i].min(below);
    }
    tree.first = first;
    tree
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
    /// Page and box of each figure node seen so far, by node index; `None`
    /// for a figure seen on several pages (then no box).
    boxes: BTreeMap<u32, Option<(usize, [f32; 4])>>,
}

impl Figures {
    /// Adds the figures' content drawn on page `p`, whose nodes are in `structure`.
    pub fn add_page(&mut self, p: usize, page: &Page, structure: &Structure) {
        for item in &page.items {
            let Tag::Content(node) = item.tag else {
                continue;
            };
            if !structure.contains(node) || structure.alt(node).is_none() {
                continue;
            }
            let Some((x0, y0, x1, y1)) = extent(&item.content) else {
                continue;
            };
            let b = [x0, page.height - y1, x1, page.height - y0];
            let entry = self.boxes.entry(node.0).or_insert(Some((p, b)));
            *entry = match *entry {
                Some((q, a)) if q == p => Some((
                    p,
                    [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ],
                )),
                _ => None,
            };
        }
    }

    /// The box of each figure drawn on one page, by node index.
    fn boxes(self) -> BTreeMap<u32, (usize, [f32; 4])> {
        (self.boxes.into_iter())
            .filter_map(|(i, b)| Some((i, b?)))
            .collect()
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
    tree.ids[i] = pdf.new_object_id().0;
    let (structure, n) = (tree.structure, tree.ids.len());
    let id = NodeId(i as u32);
    if !structure.contains(id) {
        return;
    }
    for c in structure.children(id).map(|c| c.0 as usize) {
        if c > i && c < n && tree.kept(c) {
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
    let id = match tree.ids[i] {
        0 => return,
        number => (number, 0),
    };
    let name = tree.name(i);
    hasher.write(name.as_bytes());
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"StructElem".to_vec()));
    dict.set("S", Object::Name(name.as_bytes().to_vec()));
    dict.set("P", Object::Reference(parent));
    let own = tree.own_at[i] as usize..tree.own_at[i + 1] as usize;
    let home = (!own.is_empty()).then(|| tree.place_of(tree.kids[own.start]).0);
    if let Some(page) = home {
        dict.set("Pg", Object::Reference(tree.page(page)));
    }
    attributes(tree, i, name, &mut dict, hasher);

    // Own content merged with the children by position.
    let n = tree.ids.len();
    let children: Vec<usize> = (tree.children(i))
        .filter(|&c| c > i && c < n && tree.kept(c))
        .collect();
    let mut kids = Vec::new();
    // An element whose text runs between child elements (a « Sources : »
    // line between its links) holds each run in a `Span`: its `/K` is then
    // elements only, and a reader that takes an element's own content
    // before its children's (outloud's ORD-001 does) still reads the line
    // in order.
    let mixed = !children.is_empty() && tree.kids[own.clone()].iter().any(|k| k & ANNOT == 0);
    let mut pending = own.peekable();
    let element = Element {
        id,
        home,
        is_link: name == "Link",
        spans: mixed,
    };
    for c in children {
        let k = tree.first[c];
        if k != NO_KEY {
            while let Some(j) = pending.next_if(|&j| tree.key(tree.kids[j]) < k) {
                element.place(tree, &mut kids, tree.kids[j], (pdf, out));
            }
        }
        kids.push(Object::Reference(match tree.ids[c] {
            0 => id,
            number => (number, 0),
        }));
        emit(pdf, tree, c, id, out, hasher);
    }
    for j in pending {
        element.place(tree, &mut kids, tree.kids[j], (pdf, out));
    }
    if !kids.is_empty() {
        dict.set("K", Object::Array(kids));
    }
    out.put(pdf, id, Object::Dictionary(dict));
}

/// The attributes of node `i`'s element (of type `name`) besides its type,
/// role, parent and page: a figure's alternative text and box, a header
/// cell's scope, a passage's language.
fn attributes(tree: &Tree, i: usize, name: &str, dict: &mut Dictionary, hasher: &mut Hasher) {
    let id = NodeId(i as u32);
    let known = tree.structure.contains(id);
    if let Some(alt) = known.then(|| tree.structure.alt(id)).flatten() {
        hasher.write(alt.as_bytes());
        dict.set("Alt", text_string(alt));
        if let Some((_, b)) = tree.bboxes.get(&id.0) {
            let mut attr = Dictionary::new();
            attr.set("O", Object::Name(b"Layout".to_vec()));
            attr.set("Placement", Object::Name(b"Block".to_vec()));
            attr.set("BBox", Object::Array(b.iter().map(|v| real(*v)).collect()));
            dict.set("A", attr);
        }
    } else if name == "TH" {
        // Header cells head their column: the programme's only header row.
        let mut attr = Dictionary::new();
        attr.set("O", Object::Name(b"Table".to_vec()));
        attr.set("Scope", Object::Name(b"Column".to_vec()));
        dict.set("A", attr);
    }
    if let Some(lang) = known.then(|| tree.structure.lang(id)).flatten() {
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
        let (page, index) = tree.place_of(kid);
        let at = (kid & !ANNOT) as usize;
        if kid & ANNOT == 0 {
            let mcid = index;
            if self.spans {
                let k = Object::Integer(mcid as i64);
                let span = wrapper(b"Span", id, tree.page(page), k, (pdf, out));
                tree.parents[at] = span.0;
                kids.push(Object::Reference(span));
            } else {
                tree.parents[at] = id.0;
                if Some(page) == self.home {
                    kids.push(Object::Integer(mcid as i64));
                } else {
                    let mut mcr = Dictionary::new();
                    mcr.set("Type", Object::Name(b"MCR".to_vec()));
                    mcr.set("Pg", Object::Reference(tree.page(page)));
                    mcr.set("MCID", Object::Integer(mcid as i64));
                    kids.push(Object::Dictionary(mcr));
                }
            }
            return;
        }
        let annot = (tree.annotations[at], 0);
        let mut objr = Dictionary::new();
        objr.set("Type", Object::Name(b"OBJR".to_vec()));
        objr.set("Pg", Object::Reference(tree.page(page)));
        objr.set("Obj", Object::Reference(annot));
        if self.is_link {
            tree.annot_parents[at] = id.0;
            kids.push(Object::Dictionary(objr));
        } else {
            // An annotation outside a Link element gets one of its own.
            let k = Object::Dictionary(objr);
            let link = wrapper(b"Link", id, tree.page(page), k, (pdf, out));
            tree.annot_parents[at] = link.0;
            kids.push(Object::Reference(link));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parent_tree_bytes_are_those_of_its_object() {
        let tree = ParentTree {
            mcid_at: vec![0, 3, 3, 4],
            parents: vec![12, 0, 13, 7],
            annot_base: 3,
            annot_parents: vec![20, 0, 21],
        };
        let mut written = Vec::new();
        super::super::syntax::object_bytes(&mut written, &tree.object());
        let mut bytes = Vec::new();
        tree.write(&mut bytes);
        assert_eq!(bytes.len(), tree.length());
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            String::from_utf8(written).unwrap()
        );
        assert_eq!(
            bytes,
            b"<</Nums[0[12 0 R null 13 0 R] 1[] 2[7 0 R] 3 20 0 R 5 21 0 R]>>"
        );
    }
}
