//! The logical structure of a document: a tree of roles (tagged PDF
//! standard structure types), held compactly, since a directory of
//! thousands of pages has a million nodes kept until its export (issue 20
//! §5, memory): 16 bytes a node, children chained as a linked list, the
//! texts (a figure's alternative text, a link's target) each once in one
//! buffer (a directory links to the same few sites tens of thousands of
//! times), found from the few nodes that have one in a side table, and the
//! languages in a small table, no heap allocation per node. A node does not
//! know its parent: the export walks the tree from its root.

use std::collections::HashMap;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Index of a node of the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// The structural role of a node (tagged PDF standard structure types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The whole document.
    Document,
    /// A section (one sheet, or one part of it).
    Sect,
    /// Heading of level 1–3.
    H(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// The label of a list item (bullet or number).
    Lbl,
    /// The body of a list item.
    LBody,
    /// A figure, with its alternative text.
    Figure {
        /// What the figure shows, for screen readers.
        alt: String,
    },
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell.
    TH,
    /// A data cell.
    TD,
    /// A link, with its target.
    Link {
        /// The URI or internal destination.
        target: String,
    },
    /// A passage inside a paragraph, heading or list body: text marked as in
    /// another language (its node's `lang`).
    Span,
    /// A table of contents: its entries are `TOCI`.
    TOC,
    /// An entry of a table of contents, holding the paragraphs and links of
    /// one line of it.
    TOCI,
}

impl Role {
    /// The PDF standard structure type name.
    pub fn pdf_name(&self) -> &'static str {
        let (kind, level) = Kind::of(self);
        kind.pdf_name(level)
    }
}

/// A role without its text: what a node stores (named as the PDF types are,
/// like [`Role`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
#[allow(clippy::upper_case_acronyms)]
enum Kind {
    Document,
    Sect,
    H,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Figure,
    Table,
    TR,
    TH,
    TD,
    Link,
    Span,
    TOC,
    TOCI,
}

impl Kind {
    /// The kind of `role`, with its heading level (0 for all but `H`).
    fn of(role: &Role) -> (Kind, u8) {
        let kind = match role {
            Role::Document => Kind::Document,
            Role::Sect => Kind::Sect,
            Role::H(level) => return (Kind::H, *level),
            Role::P => Kind::P,
            Role::L => Kind::L,
            Role::LI => Kind::LI,
            Role::Lbl => Kind::Lbl,
            Role::LBody => Kind::LBody,
            Role::Figure { .. } => Kind::Figure,
            Role::Table => Kind::Table,
            Role::TR => Kind::TR,
            Role::TH => Kind::TH,
            Role::TD => Kind::TD,
            Role::Link { .. } => Kind::Link,
            Role::Span => Kind::Span,
            Role::TOC => Kind::TOC,
            Role::TOCI => Kind::TOCI,
        };
        (kind, 0)
    }

    /// The PDF standard structure type name of this kind at heading `level`.
    fn pdf_name(self, level: u8) -> &'static str {
        match self {
            Kind::Document => "Document",
            Kind::Sect => "Sect",
            Kind::H => match level {
                1 => "H1",
                2 => "H2",
                _ => "H3",
            },
            Kind::P => "P",
            Kind::L => "L",
            Kind::LI => "LI",
            Kind::Lbl => "Lbl",
            Kind::LBody => "LBody",
            Kind::Figure => "Figure",
            Kind::Table => "Table",
            Kind::TR => "TR",
            Kind::TH => "TH",
            Kind::TD => "TD",
            Kind::Link => "Link",
            Kind::Span => "Span",
            Kind::TOC => "TOC",
            Kind::TOCI => "TOCI",
        }
    }
}

/// No node, no text, no language.
const NONE: u32 = u32::MAX;

/// One node: its links to the others, its kind and where its language is
/// (16 bytes; its text, if any, is in [`Structure::node_texts`]).
#[derive(Debug, Clone, Copy)]
struct Slot {
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    kind: Kind,
    /// Heading level (`H`), 0 otherwise.
    level: u8,
    /// Index of its language in [`Structure::langs`] plus one, 0 for none.
    lang: u16,
}

impl Slot {
    fn new(kind: Kind, level: u8) -> Slot {
        Slot {
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            kind,
            level,
            lang: 0,
        }
    }
}

/// The logical structure of a document: node 0 is the root (`Document`)
/// once one is added; children are in logical reading order.
#[derive(Clone, Default)]
pub struct Structure {
    nodes: Vec<Slot>,
    /// The node of each figure and link, in increasing order, and the index
    /// of its text in `text_ends` (a directory has a few links for dozens of
    /// other nodes: no text field in every node).
    node_texts: Vec<(u32, u32)>,
    /// The texts of the figures and links, one after the other.
    texts: String,
    /// Where each text ends in `texts`.
    text_ends: Vec<u32>,
    /// The index of each text by its hash (a text whose hash is another's
    /// is stored again).
    text_index: HashMap<u64, u32>,
    /// The languages of the nodes that have one, each once.
    langs: Vec<Box<str>>,
}

impl Structure {
    /// A structure with its `Document` root.
    pub fn new() -> Structure {
        Structure {
            nodes: vec![Slot::new(Kind::Document, 0)],
            ..Structure::default()
        }
    }

    /// The root node.
    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// How many nodes there are.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there is no node at all (not even a root).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Whether `id` is a node of this structure.
    pub fn contains(&self, id: NodeId) -> bool {
        (id.0 as usize) < self.nodes.len()
    }

    /// Every node, in the order they were added (a parent before its children).
    pub fn ids(&self) -> impl Iterator<Item = NodeId> + use<> {
        (0..self.nodes.len() as u32).map(NodeId)
    }

    /// Gives back the room kept for nodes and texts to come: a finished
    /// directory's tree would otherwise hold up to twice its nodes' bytes
    /// until its export ends.
    pub fn shrink_to_fit(&mut self) {
        self.nodes.shrink_to_fit();
        self.node_texts.shrink_to_fit();
        self.texts.shrink_to_fit();
        self.text_ends.shrink_to_fit();
    }

    /// Appends a child to `parent` and returns it.
    pub fn add(&mut self, parent: NodeId, role: Role) -> NodeId {
        let (kind, level) = Kind::of(&role);
        let id = self.push(parent, Slot::new(kind, level));
        if let Role::Figure { alt: text } | Role::Link { target: text } = &role {
            let text = self.push_text(text);
            self.node_texts.push((id.0, text));
        }
        id
    }

    /// Appends to `parent` a `Span` in language `lang` and returns it.
    pub fn add_span(&mut self, parent: NodeId, lang: &str) -> NodeId {
        let mut slot = Slot::new(Kind::Span, 0);
        slot.lang = self.lang_index(lang);
        self.push(parent, slot)
    }

    /// Appends `slot` as the last child of `parent`.
    fn push(&mut self, parent: NodeId, slot: Slot) -> NodeId {
        let id = self.nodes.len() as u32;
        self.hang(parent.0, id, id);
        self.nodes.push(slot);
        NodeId(id)
    }

    /// Links the siblings `first` to `last` (already chained) after the
    /// last child of `parent`.
    fn hang(&mut self, parent: u32, first: u32, last: u32) {
        let parent = &mut self.nodes[parent as usize];
        let previous = std::mem::replace(&mut parent.last_child, last);
        if previous == NONE {
            parent.first_child = first;
        } else {
            self.nodes[previous as usize].next_sibling = first;
        }
    }

    /// Keeps `text` unless it is already, and returns its index.
    fn push_text(&mut self, text: &str) -> u32 {
        // Fixed keys: the same texts are stored the same way in every run.
        let mut hasher = DefaultHasher::new();
        text.hash(&mut hasher);
        let hash = hasher.finish();
        if let Some(&i) = self.text_index.get(&hash)
            && self.text_at(i) == text
        {
            return i;
        }
        self.texts.push_str(text);
        self.text_ends.push(self.texts.len() as u32);
        let i = self.text_ends.len() as u32 - 1;
        self.text_index.entry(hash).or_insert(i);
        i
    }

    /// The index (plus one) of `lang` in the table, added if new.
    fn lang_index(&mut self, lang: &str) -> u16 {
        let at = match self.langs.iter().position(|l| &**l == lang) {
            Some(at) => at,
            None => {
                self.langs.push(lang.into());
                self.langs.len() - 1
            }
        };
        at as u16 + 1
    }

    /// The role of node `id`.
    pub fn role(&self, id: NodeId) -> Role {
        let slot = &self.nodes[id.0 as usize];
        match slot.kind {
            Kind::Document => Role::Document,
            Kind::Sect => Role::Sect,
            Kind::H => Role::H(slot.level),
            Kind::P => Role::P,
            Kind::L => Role::L,
            Kind::LI => Role::LI,
            Kind::Lbl => Role::Lbl,
            Kind::LBody => Role::LBody,
            Kind::Figure => Role::Figure {
                alt: self.text(id.0).to_string(),
            },
            Kind::Table => Role::Table,
            Kind::TR => Role::TR,
            Kind::TH => Role::TH,
            Kind::TD => Role::TD,
            Kind::Link => Role::Link {
                target: self.text(id.0).to_string(),
            },
            Kind::Span => Role::Span,
            Kind::TOC => Role::TOC,
            Kind::TOCI => Role::TOCI,
        }
    }

    /// The PDF standard structure type name of node `id`'s role.
    pub fn pdf_name(&self, id: NodeId) -> &'static str {
        let slot = &self.nodes[id.0 as usize];
        slot.kind.pdf_name(slot.level)
    }

    /// The alternative text of node `id` when it is a figure.
    pub fn alt(&self, id: NodeId) -> Option<&str> {
        let slot = &self.nodes[id.0 as usize];
        (slot.kind == Kind::Figure).then(|| self.text(id.0))
    }

    /// The text of node `node` when a figure or link (empty for the others).
    fn text(&self, node: u32) -> &str {
        match (self.node_texts).binary_search_by_key(&node, |&(n, _)| n) {
            Ok(at) => self.text_at(self.node_texts[at].1),
            Err(_) => "",
        }
    }

    /// The text of index `i`.
    fn text_at(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.text_ends[i - 1] };
        &self.texts[start as usize..self.text_ends[i] as usize]
    }

    /// The language of node `id` when it differs from the document's (`en`, `fr`).
    pub fn lang(&self, id: NodeId) -> Option<&str> {
        let lang = self.nodes[id.0 as usize].lang;
        (lang != 0).then(|| &*self.langs[usize::from(lang) - 1])
    }

    /// The parent of node `id` (none for the root), found by looking
    /// through the nodes (a node does not keep its parent): for tests and
    /// dumps, not for walking a large tree.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        // A child is always added after its parent.
        (0..id.0)
            .map(NodeId)
            .find(|&p| self.children(p).any(|c| c == id))
    }

    /// The children of node `id`, in reading order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            nodes: &self.nodes,
            next: self.nodes[id.0 as usize].first_child,
        }
    }

    /// Hangs the nodes of `other` but its root under this root, after its
    /// children; `other`'s node `i` becomes node `i + len() - 1`.
    pub fn append(&mut self, other: &Structure) {
        if self.nodes.is_empty() {
            *self = Structure::new();
        }
        if other.nodes.is_empty() {
            return;
        }
        let offset = self.nodes.len() as u32 - 1;
        let map = |i: u32| match i {
            NONE => NONE,
            0 => 0,
            i => i + offset,
        };
        self.nodes.reserve(other.nodes.len() - 1);
        for &(node, text) in &other.node_texts {
            let text = self.push_text(other.text_at(text));
            self.node_texts.push((map(node), text));
        }
        for (i, slot) in other.nodes.iter().enumerate().skip(1) {
            let mut mapped = Slot {
                first_child: map(slot.first_child),
                last_child: map(slot.last_child),
                next_sibling: map(slot.next_sibling),
                ..*slot
            };
            if let Some(lang) = other.lang(NodeId(i as u32)) {
                mapped.lang = self.lang_index(lang);
            }
            self.nodes.push(mapped);
        }
        let (first, last) = (other.nodes[0].first_child, other.nodes[0].last_child);
        if first != NONE {
            self.hang(0, map(first), map(last));
        }
    }
}

/// The children of a node, in reading order ([`Structure::children`]).
#[derive(Debug, Clone)]
pub struct Children<'a> {
    nodes: &'a [Slot],
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let id = self.next;
        let slot = self.nodes.get(id as usize)?;
        self.next = slot.next_sibling;
        Some(NodeId(id))
    }
}

/// Two structures are equal when their nodes are: the same roles (texts
/// included), parents, children and languages, whatever the order their
/// texts and languages were stored in.
impl PartialEq for Structure {
    fn eq(&self, other: &Structure) -> bool {
        self.nodes.len() == other.nodes.len()
            && self
                .nodes
                .iter()
                .zip(&other.nodes)
                .enumerate()
                .all(|(i, (a, b))| {
                    let id = NodeId(i as u32);
                    a.first_child == b.first_child
                        && a.last_child == b.last_child
                        && a.next_sibling == b.next_sibling
                        && a.kind == b.kind
                        && a.level == b.level
                        && self.text(id.0) == other.text(id.0)
                        && self.lang(id) == other.lang(id)
                })
    }
}

/// Node by node: id, role, parent, language and children.
impl fmt::Debug for Structure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parents = vec![None; self.nodes.len()];
        for id in self.ids() {
            for c in self.children(id) {
                parents[c.0 as usize] = Some(id.0);
            }
        }
        let mut list = f.debug_list();
        for id in self.ids() {
            let children: Vec<u32> = self.children(id).map(|c| c.0).collect();
            list.entry(&(
                id.0,
                self.role(id),
                parents[id.0 as usize],
                self.lang(id),
                children,
            ));
        }
        list.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_keep_their_roles_texts_languages_and_order() {
        let mut s = Structure::new();
        let p = s.add(s.root(), Role::P);
        let link = s.add(
            p,
            Role::Link {
                target: "https://example.org".into(),
            },
        );
        let span = s.add_span(p, "en");
        let h = s.add(s.root(), Role::H(2));
        let fig = s.add(
            h,
            Role::Figure {
                alt: "Carte".into(),
            },
        );
        let span2 = s.add_span(h, "en");
        assert_eq!(s.len(), 7);
        assert_eq!(s.children(s.root()).collect::<Vec<_>>(), [p, h]);
        assert_eq!(s.children(p).collect::<Vec<_>>(), [link, span]);
        assert_eq!(s.children(h).collect::<Vec<_>>(), [fig, span2]);
        assert_eq!(s.children(fig).count(), 0);
        assert_eq!(
            s.role(link),
            Role::Link {
                target: "https://example.org".into()
            }
        );
        assert_eq!(
            s.role(fig),
            Role::Figure {
                alt: "Carte".into()
            }
        );
        assert_eq!(s.alt(fig), Some("Carte"));
        assert_eq!(s.alt(link), None);
        assert_eq!(s.role(h), Role::H(2));
        assert_eq!(s.pdf_name(h), "H2");
        assert_eq!(
            (s.lang(span), s.lang(span2), s.lang(p)),
            (Some("en"), Some("en"), None)
        );
        assert_eq!((s.parent(fig), s.parent(s.root())), (Some(h), None));
        // A target linked again is stored once.
        let again = s.add(
            h,
            Role::Link {
                target: "https://example.org".into(),
            },
        );
        assert_eq!(s.role(again), s.role(link));
        assert_eq!(s.text_ends.len(), 2);
        assert_eq!(s.texts, "https://example.orgCarte");
    }

    #[test]
    fn an_appended_structure_equals_the_one_built_whole() {
        let build = |s: &mut Structure, alt: &str| {
            let sect = s.add(s.root(), Role::Sect);
            s.add(sect, Role::Figure { alt: alt.into() });
            let p = s.add(sect, Role::P);
            s.add_span(p, "de");
        };
        let mut whole = Structure::new();
        build(&mut whole, "a");
        build(&mut whole, "b");
        let (mut first, mut second) = (Structure::new(), Structure::new());
        build(&mut first, "a");
        build(&mut second, "b");
        let mut joined = Structure::default();
        joined.append(&first);
        joined.append(&second);
        assert_eq!(joined, whole);
        let mut other = whole.clone();
        other.add(NodeId(1), Role::P);
        assert_ne!(other, whole);
    }
}
