//! Serialises the finished document with object streams and a cross-reference
//! stream (PDF 1.5, allowed by PDF/A-2, ISO 19005-2, 6.1.3).
//!
//! Every dictionary and array of a sheet (structure tree, fonts, annotations,
//! outlines, Info) is a third of a text-only file when written as plain
//! objects; in Flate-compressed object streams it shrinks about fivefold.
//! lopdf 0.44 can write object streams too, but serialises each object twice,
//! clones it, and compresses with a new compressor per stream: writing them
//! here, in one pass with [`super::deflate`], takes a fraction of the time.
//!
//! The syntax is lopdf's (same separators, name and string escapes), so that
//! the objects read back identically.

use std::io::Write as _;

use lopdf::{Dictionary, Object, StringFormat};

/// Objects per object stream: a sheet has about 200 and a collection a few
/// thousand; a reader decompresses a whole stream to reach one of its objects,
/// so streams of at most 500 keep that cheap while compressing as well as one.
const OBJECTS_PER_STREAM: usize = 500;

/// Bytes after `%` on the second line: four bytes above 127 tell transfer
/// programs the file is binary (ISO 32000-1, 7.5.2; required by PDF/A).
const BINARY_MARK: &[u8] = b"%\xE2\xE3\xCF\xD3\n";

/// Where an object is in the file.
#[derive(Clone, Copy)]
enum Entry {
    /// Not in use (object 0, or a gap in the numbering).
    Free,
    /// A plain object at this byte offset.
    Direct(usize),
    /// Object `index` of the object stream numbered `stream`.
    Packed { stream: u32, index: u32 },
}

/// Objects of a document already serialised, kept out of the
/// [`lopdf::Document`] until the file is written: a finished object (a link
/// annotation, a structure element) weighs about a tenth as its bytes as it
/// does as a lopdf dictionary, and a directory of thousands of pages has
/// tens of thousands of them (issue 20 §5, memory).
///
/// Disabled (`Frozen::new(false)`), it puts every object into the document
/// instead: uncompressed output is written by lopdf, which knows only its own
/// objects.
#[derive(Debug, Default)]
pub struct Frozen {
    enabled: bool,
    /// The objects' bytes, one after the other, in chunks of at most
    /// [`CHUNK`] bytes (but for an object larger than that).
    chunks: Vec<Vec<u8>>,
    /// Each object's number, its chunk and the range of its bytes there.
    spans: Vec<(u32, u32, u32, u32)>,
    /// An object's bytes before they go into a chunk.
    scratch: Vec<u8>,
}

/// Bytes of serialised objects in one chunk of [`Frozen`]: past it, a new
/// chunk is started rather than the buffer doubled. A sheet's objects
/// (tens of kilobytes) fit in the first chunk, which grows as a vector does;
/// a directory of thousands of pages serialises a hundred megabytes, whose
/// doubling would leave up to half unused and copy it all each time, the
/// old and the new buffer alive together. 1 MB chunks bound the unused part
/// to about 1 MB, for a hundred allocations.
const CHUNK: usize = 1 << 20;

impl Frozen {
    /// An empty store; `enabled` false sends every object to the document.
    pub fn new(enabled: bool) -> Frozen {
        Frozen {
            enabled,
            ..Frozen::default()
        }
    }

    /// Keeps `object` (never a stream) as object `id` of the file: written
    /// now, as [`save`] would write it, or put into `pdf` when disabled.
    pub fn put(&mut self, pdf: &mut lopdf::Document, id: lopdf::ObjectId, object: Object) {
        if !self.enabled || id.1 != 0 || matches!(object, Object::Stream(_)) {
            pdf.objects.insert(id, object);
            return;
        }
        // Written aside first, so that it goes whole into a chunk with room.
        self.scratch.clear();
        object_bytes(&mut self.scratch, &object);
        self.keep(id.0);
    }

    /// Keeps the bytes in `scratch` as object `number`.
    fn keep(&mut self, number: u32) {
        let n = self.scratch.len();
        if n > CHUNK {
            // The parent tree of a large document: a chunk of its own.
            let mut bytes = std::mem::take(&mut self.scratch);
            bytes.shrink_to_fit();
            self.spans
                .push((number, self.chunks.len() as u32, 0, bytes.len() as u32));
            self.chunks.push(bytes);
            return;
        }
        if self.chunks.last().is_none_or(|c| c.len() + n > CHUNK) {
            // The first chunk grows from empty; later ones are made whole.
            let capacity = if self.chunks.is_empty() { 0 } else { CHUNK };
            self.chunks.push(Vec::with_capacity(capacity));
        }
        let at = self.chunks.len() - 1;
        let chunk = &mut self.chunks[at];
        let start = chunk.len();
        chunk.extend_from_slice(&self.scratch);
        self.spans
            .push((number, at as u32, start as u32, chunk.len() as u32));
    }

    /// Whether objects are kept as their bytes (else they go to the document).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Keeps `bytes`, an object (never a stream) already written as
    /// [`save`] would write it, as object `id` of the file, like [`Self::put`]:
    /// for a large object made without its lopdf form (the parent tree of a
    /// directory). Only when [`Self::enabled`] and `id` of generation 0.
    pub fn put_bytes(&mut self, id: lopdf::ObjectId, bytes: Vec<u8>) {
        debug_assert!(self.enabled && id.1 == 0);
        self.scratch = bytes;
        self.keep(id.0);
    }

    /// The heap bytes held: the objects' bytes and their spans.
    pub fn held_bytes(&self) -> usize {
        let chunks: usize = self.chunks.iter().map(Vec::capacity).sum();
        let spans = self.spans.capacity() * std::mem::size_of::<(u32, u32, u32, u32)>();
        chunks + spans + self.scratch.capacity()
    }

    /// The frozen objects by number.
    fn sorted(&self) -> Vec<(u32, &[u8])> {
        let mut out: Vec<(u32, &[u8])> = (self.spans.iter())
            .map(|&(id, chunk, a, b)| (id, &self.chunks[chunk as usize][a as usize..b as usize]))
            .collect();
        out.sort_unstable_by_key(|(id, _)| *id);
        out
    }
}

/// An object of an object stream: still a lopdf object, or already its bytes.
enum Packed<'a> {
    Object(&'a Object),
    Bytes(&'a [u8]),
}

/// The file bytes of `pdf` and the objects `frozen` beside it: streams
/// written directly, every other object in compressed object streams, then a
/// compressed cross-reference stream whose dictionary carries the trailer
/// entries.
pub fn save(pdf: &lopdf::Document, frozen: &Frozen, level: i32) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(pdf.version.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(BINARY_MARK);

    let frozen = frozen.sorted();
    let max_id = (pdf.objects.keys().map(|id| id.0))
        .chain(frozen.last().map(|(id, _)| *id))
        .max()
        .unwrap_or(0);
    let mut entries = vec![Entry::Free; max_id as usize + 1];
    let mut packed: Vec<(u32, Packed)> = Vec::with_capacity(pdf.objects.len() + frozen.len());
    for (&(id, generation), object) in &pdf.objects {
        if matches!(object, Object::Stream(_)) || generation != 0 {
            entries[id as usize] = Entry::Direct(out.len());
            indirect(&mut out, id, generation, object);
        } else {
            packed.push((id, Packed::Object(object)));
        }
    }
    if !frozen.is_empty() {
        packed.extend(frozen.into_iter().map(|(id, b)| (id, Packed::Bytes(b))));
        // Object streams list their objects by number, as without frozen ones.
        packed.sort_by_key(|(id, _)| *id);
    }

    let mut next_id = max_id + 1;
    let mut body = Vec::new();
    let mut header = Vec::new();
    for chunk in packed.chunks(OBJECTS_PER_STREAM) {
        let stream_id = next_id;
        next_id += 1;
        body.clear();
        header.clear();
        for (index, (id, object)) in chunk.iter().enumerate() {
            if index > 0 {
                body.push(b'\n');
            }
            push_int(&mut header, i64::from(*id));
            header.push(b' ');
            push_int(&mut header, body.len() as i64);
            header.push(b' ');
            match object {
                Packed::Object(object) => object_bytes(&mut body, object),
                Packed::Bytes(bytes) => body.extend_from_slice(bytes),
            }
            entries[*id as usize] = Entry::Packed {
                stream: stream_id,
                index: index as u32,
            };
        }
        let first = header.len();
        header.extend_from_slice(&body);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", Object::Integer(chunk.len() as i64));
        dict.set("First", Object::Integer(first as i64));
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let data = super::deflate(&header, level);
        entries.push(Entry::Direct(out.len()));
        stream_object(&mut out, stream_id, dict, &data);
    }

    // The cross-reference stream lists itself too.
    cross_references(&mut out, pdf, entries, next_id, level);
    out
}

/// Writes the cross-reference stream of `entries` as object `xref_id`
/// (it lists itself too), its dictionary carrying `pdf`'s trailer entries,
/// then `startxref` and the end of the file.
fn cross_references(
    out: &mut Vec<u8>,
    pdf: &lopdf::Document,
    mut entries: Vec<Entry>,
    xref_id: u32,
    level: i32,
) {
    let xref_offset = out.len();
    entries.push(Entry::Direct(xref_offset));
    // Field widths: type (1 byte), offset or stream number, generation or index.
    let largest = entries
        .iter()
        .map(|e| match *e {
            Entry::Free => 0,
            Entry::Direct(offset) => offset,
            Entry::Packed { stream, index } => (stream as usize).max(index as usize),
        })
        .max()
        .unwrap_or(0);
    let width = (1..=8).find(|w| largest >> (8 * w) == 0).unwrap_or(8);
    let mut table = Vec::with_capacity(entries.len() * (width + 3));
    for (n, e) in entries.iter().enumerate() {
        let (kind, field2, field3) = match *e {
            // Object 0 heads the free list with generation 65535.
            Entry::Free if n == 0 => (0u8, 0usize, 0xFFFFu16),
            Entry::Free => (0, 0, 0),
            Entry::Direct(offset) => (1, offset, 0),
            Entry::Packed { stream, index } => (2, stream as usize, index as u16),
        };
        table.push(kind);
        table.extend_from_slice(&field2.to_be_bytes()[8 - width..]);
        table.extend_from_slice(&field3.to_be_bytes());
    }
    let mut dict = pdf.trailer.clone();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(entries.len() as i64));
    dict.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(width as i64),
            Object::Integer(2),
        ]),
    );
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let data = super::deflate(&table, level);
    stream_object(out, xref_id, dict, &data);
    out.extend_from_slice(b"startxref\n");
    push_int(out, xref_offset as i64);
    out.extend_from_slice(b"\n%%EOF\n");
}

/// `id generation obj … endobj`.
fn indirect(out: &mut Vec<u8>, id: u32, generation: u16, object: &Object) {
    push_int(out, i64::from(id));
    out.push(b' ');
    push_int(out, i64::from(generation));
    out.extend_from_slice(b" obj\n");
    object_bytes(out, object);
    out.extend_from_slice(b"\nendobj\n");
}

/// A stream object with `dict` (its `/Length` set here) and `data`.
fn stream_object(out: &mut Vec<u8>, id: u32, mut dict: Dictionary, data: &[u8]) {
    dict.set("Length", Object::Integer(data.len() as i64));
    push_int(out, i64::from(id));
    out.extend_from_slice(b" 0 obj\n");
    dictionary(out, &dict);
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
}

/// Whether a separator is needed before `object` after another token.
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// Appends an integer without going through `fmt`.
fn push_int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(super::content::decimal(v.unsigned_abs(), 0, &mut [0; 20]));
}

/// Appends `object` in PDF syntax.
pub(super) fn object_bytes(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(v) => push_int(out, *v),
        Object::Real(v) => {
            let _ = write!(out, "{v}");
        }
        Object::Name(name) => push_name(out, name),
        Object::String(text, StringFormat::Literal) => literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push(b'<');
            for b in text {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                object_bytes(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => dictionary(out, dict),
        Object::Stream(stream) => {
            dictionary(out, &stream.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            push_int(out, i64::from(*id));
            out.push(b' ');
            push_int(out, i64::from(*generation));
            out.extend_from_slice(b" R");
        }
    }
}

fn dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        push_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        object_bytes(out, value);
    }
    out.extend_from_slice(b">>");
}

/// The bytes written as themselves in a name: `!`..`~` except the
/// delimiters and `#` (ISO 32000-1, 7.3.5). A table rather than a search of
/// the delimiters for every byte: a sheet writes some 6 000 names.
const NAME_REGULAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 33;
    while b <= 126 {
        table[b] = true;
        b += 1;
    }
    let special = b" \t\n\r\x0C()<>[]{}/%#";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = false;
        i += 1;
    }
    table
};

/// A name, with white space, delimiters, `#` and bytes outside `!`..`~` as `#xx`.
fn push_name(out: &mut Vec<u8>, name: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'/');
    if name.iter().all(|&b| NAME_REGULAR[usize::from(b)]) {
        out.extend_from_slice(name);
        return;
    }
    for &b in name {
        if !NAME_REGULAR[usize::from(b)] {
            out.push(b'#');
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xF)]);
        } else {
            out.push(b);
        }
    }
}

/// A literal string: backslashes, carriage returns and unbalanced parentheses
/// escaped (a raw CR would read back as a line feed).
fn literal(out: &mut Vec<u8>, text: &[u8]) {
    // Parentheses are balanced when every `)` closes an earlier `(`; otherwise
    // escape them all, which is always valid.
    let mut depth = 0i64;
    let mut balanced = true;
    for &b in text {
        match b {
            b'(' => depth += 1,
            b')' if depth == 0 => balanced = false,
            b')' => depth -= 1,
            _ => {}
        }
    }
    balanced &= depth == 0;
    out.push(b'(');
    for &b in text {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'(' | b')' if !balanced => {
                out.push(b'\\');
                out.push(b);
            }
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_escape_exactly_the_delimiters_and_the_irregular_bytes() {
        for b in 0..=255u8 {
            let escaped = b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b);
            let mut out = Vec::new();
            push_name(&mut out, &[b'A', b]);
            let expected = if escaped {
                format!("/A#{b:02X}").into_bytes()
            } else {
                vec![b'/', b'A', b]
            };
            assert_eq!(out, expected, "byte {b}");
        }
    }

    #[test]
    fn objects_read_back() {
        let mut doc = lopdf::Document::with_version("1.7");
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Catalog".to_vec()));
        dict.set(
            "T",
            Object::String(b"a (b) \\ c) \r".to_vec(), StringFormat::Literal),
        );
        dict.set(
            "H",
            Object::String(vec![0xFE, 0xFF], StringFormat::Hexadecimal),
        );
        dict.set("N", Object::Name(b"a b#".to_vec()));
        dict.set(
            "A",
            Object::Array(vec![
                Object::Integer(-12),
                Object::Real(0.5),
                Object::Null,
                Object::Boolean(true),
                Object::Reference((2, 0)),
            ]),
        );
        let root = doc.add_object(dict);
        let stream = lopdf::Stream::new(Dictionary::new(), b"q Q".to_vec());
        let s = doc.add_object(stream);
        doc.trailer.set("Root", Object::Reference(root));
        let bytes = save(&doc, &Frozen::new(true), 6);
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        assert_eq!(
            back.get_object(root).unwrap(),
            doc.get_object(root).unwrap()
        );
        let stream = back.get_object(s).unwrap().as_stream().unwrap();
        assert_eq!(stream.content, b"q Q");
        assert!(bytes.starts_with(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"));
        assert!(bytes.ends_with(b"%%EOF\n"));
    }

    /// Objects frozen as they are made (issue 20 §5, memory of the
    /// territory's directory) are written where and as they would have been.
    #[test]
    fn frozen_objects_are_written_as_the_same_bytes() {
        let objects = |n: i64| {
            let mut dict = Dictionary::new();
            dict.set("Type", Object::Name(b"Annot".to_vec()));
            dict.set("N", Object::Integer(n));
            dict.set(
                "T",
                Object::String(format!("é ({n})").into_bytes(), StringFormat::Literal),
            );
            // Some large objects, one larger than a chunk: several chunks.
            let padding = match n {
                601 => CHUNK + CHUNK / 2,
                _ if n % 100 == 1 => 300_000,
                _ => 0,
            };
            if padding > 0 {
                let text = Object::String(vec![b'a'; padding], StringFormat::Literal);
                dict.set("P", text);
            }
            dict
        };
        let make = |freeze: bool| {
            let mut doc = lopdf::Document::with_version("1.7");
            let mut frozen = Frozen::new(freeze);
            let root = doc.add_object(objects(0));
            doc.trailer.set("Root", Object::Reference(root));
            // More than one object stream, frozen in no particular order.
            let ids: Vec<_> = (0..1200).map(|_| doc.new_object_id()).collect();
            for (k, id) in ids.iter().enumerate().rev() {
                if k % 3 == 0 {
                    doc.objects
                        .insert(*id, Object::Dictionary(objects(k as i64)));
                } else {
                    frozen.put(&mut doc, *id, Object::Dictionary(objects(k as i64)));
                }
            }
            let stream = lopdf::Stream::new(Dictionary::new(), b"q Q".to_vec());
            doc.add_object(stream);
            if freeze {
                assert!(frozen.chunks.len() > 3, "{} chunks", frozen.chunks.len());
                let largest = frozen.chunks.iter().map(Vec::capacity).max();
                assert!(largest < Some(2 * CHUNK), "{largest:?}");
            }
            (doc.objects.len(), save(&doc, &frozen, 6))
        };
        let (kept, frozen) = make(true);
        let (all, plain) = make(false);
        assert!(kept < all / 2, "{kept} objects left in the document");
        assert_eq!(frozen, plain);
    }
}
