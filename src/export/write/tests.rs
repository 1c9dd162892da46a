//! Tests of the file writer: same bytes as the whole-file writer, objects refused when missing or twice.

use super::*;
use lopdf::StringFormat;

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
    let expected = doc.get_object(root).unwrap().clone();
    let bytes = save(doc, Frozen::new(true)).unwrap();
    let back = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(back.get_object(root).unwrap(), &expected);
    let stream = back.get_object(s).unwrap().as_stream().unwrap();
    assert_eq!(stream.content, b"q Q");
    assert!(bytes.starts_with(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"));
    assert!(bytes.ends_with(b"%%EOF\n"));
}

/// The file as it was written before it was made as the document was
/// (session 13): from a document holding every object, at once.
fn written_at_once(pdf: &lopdf::Document, level: i32) -> Vec<u8> {
    #[derive(Clone, Copy)]
    enum Entry {
        Free,
        Direct(usize),
        Packed { stream: u32, index: u32 },
    }
    let mut out = Vec::new();
    header(&mut out, &pdf.version);
    let max_id = pdf.objects.keys().map(|id| id.0).max().unwrap_or(0);
    let mut entries = vec![Entry::Free; max_id as usize + 1];
    let mut packed = Vec::new();
    for (&(id, generation), object) in &pdf.objects {
        if matches!(object, Object::Stream(_)) || generation != 0 {
            entries[id as usize] = Entry::Direct(out.len());
            indirect(&mut out, id, generation, object);
        } else {
            packed.push((id, object));
        }
    }
    let mut next_id = max_id + 1;
    for chunk in packed.chunks(OBJECTS_PER_STREAM as usize) {
        let (mut header, mut body) = (Vec::new(), Vec::new());
        for (index, (id, object)) in chunk.iter().enumerate() {
            if index > 0 {
                body.push(b'\n');
            }
            push_int(&mut header, i64::from(*id));
            header.push(b' ');
            push_int(&mut header, body.len() as i64);
            header.push(b' ');
            object_bytes(&mut body, object);
            let index = index as u32;
            entries[*id as usize] = Entry::Packed {
                stream: next_id,
                index,
            };
        }
        let first = header.len();
        header.extend_from_slice(&body);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", Object::Integer(chunk.len() as i64));
        dict.set("First", Object::Integer(first as i64));
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        entries.push(Entry::Direct(out.len()));
        stream_object(
            &mut out,
            next_id,
            dict,
            &super::super::deflate(&header, level),
        );
        next_id += 1;
    }
    let xref_offset = out.len();
    entries.push(Entry::Direct(xref_offset));
    let largest = (entries.iter())
        .map(|e| match *e {
            Entry::Free => 0,
            Entry::Direct(offset) => offset,
            Entry::Packed { stream, index } => (stream as usize).max(index as usize),
        })
        .max()
        .unwrap_or(0);
    let width = (1..=8).find(|w| largest >> (8 * w) == 0).unwrap_or(8);
    let mut table = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        let (kind, field2, field3) = match *e {
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
    let w = [1, width as i64, 2].map(Object::Integer).to_vec();
    dict.set("W", Object::Array(w));
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let data = super::super::deflate(&table, level);
    stream_object(&mut out, next_id, dict, &data);
    out.extend_from_slice(b"startxref\n");
    push_int(&mut out, xref_offset as i64);
    out.extend_from_slice(b"\n%%EOF\n");
    out
}

/// An annotation-like dictionary, some large (one larger than the
/// compressor's reused buffer).
fn object(n: i64) -> Object {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Annot".to_vec()));
    dict.set("N", Object::Integer(n));
    let text = format!("é ({n})").into_bytes();
    dict.set("T", Object::String(text, StringFormat::Literal));
    let padding = match n {
        601 => 1 << 21,
        _ if n % 100 == 1 => 30_000,
        _ => 0,
    };
    if padding > 0 {
        let text = Object::String(vec![b'a'; padding], StringFormat::Literal);
        dict.set("P", text);
    }
    Object::Dictionary(dict)
}

/// A document made the way the exporter makes one: a skeleton whose
/// catalog and pages are written late, streams among the objects,
/// annotations put as they come, structure elements numbered before
/// they are put (in another order), objects added at the end, the
/// version set last. Returns it with the objects put beside it, and
/// how many object streams were compressed before the save. With `sent`,
/// the file so far is handed over there after each page, the version
/// final from the start.
fn made(
    freeze: bool,
    tail: usize,
    mut sent: Option<&mut Vec<u8>>,
) -> (lopdf::Document, Frozen, usize) {
    made_spilling(freeze, tail, sent.take(), None)
}

/// [`made`], the object streams kept in `scratch` once compressed when
/// given.
fn made_spilling(
    freeze: bool,
    tail: usize,
    mut sent: Option<&mut Vec<u8>>,
    scratch: Option<Box<dyn Scratch>>,
) -> (lopdf::Document, Frozen, usize) {
    let version = if sent.is_some() { "1.7" } else { "1.3" };
    let mut doc = lopdf::Document::with_version(version);
    let mut frozen = Frozen::new(freeze);
    if let Some(scratch) = scratch {
        frozen.spill_to(scratch);
    }
    let root = doc.add_object(object(0));
    doc.trailer.set("Root", Object::Reference(root));
    let pages: Vec<_> = (0..700).map(|p| doc.add_object(object(p))).collect();
    let font = lopdf::Stream::new(Dictionary::new(), b"font".to_vec());
    doc.add_object(font);
    for (p, page) in pages.iter().enumerate() {
        let content = format!("page {p}").into_bytes();
        doc.add_object(lopdf::Stream::new(Dictionary::new(), content));
        for k in 0..(p % 3) {
            let id = doc.new_object_id();
            frozen.put(&mut doc, id, object((p * 10 + k) as i64));
        }
        let dict = doc.objects.remove(page).unwrap();
        frozen.put(&mut doc, *page, dict);
        if let Some(to) = sent.as_deref_mut() {
            frozen.send(to).unwrap();
        }
    }
    let struct_root = doc.new_object_id();
    let elements: Vec<_> = (0..1200).map(|_| doc.new_object_id()).collect();
    for (k, id) in elements.iter().enumerate().rev() {
        if k % 7 == 0 {
            let wrapper = doc.new_object_id();
            frozen.put(&mut doc, wrapper, object(-(k as i64)));
        }
        frozen.put(&mut doc, *id, object(k as i64));
    }
    doc.objects.insert(struct_root, object(1));
    let metadata = lopdf::Stream::new(Dictionary::new(), b"xmp".to_vec());
    doc.add_object(metadata);
    doc.add_object(object(2));
    // Numbers given out at the end and never used: free, left out.
    for _ in 0..tail {
        doc.new_object_id();
    }
    // A header of another length moves every offset.
    doc.version = if tail == 0 { "1.7" } else { "1.10" }.into();
    let sealed = frozen.chunks.iter().filter(|c| c.sealed.is_some()).count();
    (doc, frozen, sealed)
}

/// Issue 20 §5 (memory of the territory's directory): the file made as
/// the objects come, its object streams compressed as soon as their
/// objects are known, is the one written at once from a document
/// holding them all.
#[test]
fn a_file_made_as_its_objects_come_is_the_file_written_at_once() {
    for tail in [0, 3] {
        let (all, frozen, _) = made(false, tail, None);
        assert!(frozen.chunks.is_empty());
        let expected = written_at_once(&all, super::super::TEXT_LEVEL);
        let plain: usize = (all.objects.values())
            .filter(|o| !matches!(o, Object::Stream(_)))
            .map(|o| {
                let mut bytes = Vec::new();
                object_bytes(&mut bytes, o);
                bytes.len()
            })
            .sum();
        assert_eq!(save(all, frozen).unwrap(), expected);
        let (doc, frozen, sealed) = made(true, tail, None);
        // Every object stream was compressed as it filled but three:
        // the catalog's (written last), the structure root's (inserted
        // late) and the last.
        assert_eq!(sealed + 3, frozen.chunks.len());
        assert!(doc.objects.len() < 10, "{} objects", doc.objects.len());
        // What is held until the save: a fraction of the objects' bytes
        // (three object streams of six are still open here; in a
        // directory, a handful of thousands).
        let held = frozen.held_bytes();
        assert!(held * 3 < plain, "{held} bytes held for {plain}");
        let bytes = save(doc, frozen).unwrap();
        assert!(
            bytes == expected,
            "{} and {} bytes",
            bytes.len(),
            expected.len()
        );
    }
}

/// Issue 20 §5 (the directory's file held whole until sealed): the file
/// handed over as it is made, then ended, is the one saved whole; a
/// version changed once the header was handed over is refused.
#[test]
fn a_file_handed_over_as_it_is_made_is_the_file_saved_whole() {
    let (all, frozen, _) = made(false, 0, None);
    let expected = save(all, frozen).unwrap();
    let mut sent = Vec::new();
    let (doc, frozen, _) = made(true, 0, Some(&mut sent));
    // Only what came after the last page is still held.
    assert!(frozen.out.len() < 100, "{} bytes held", frozen.out.len());
    let length = save_to(doc, frozen, &mut sent).unwrap();
    assert_eq!(length, sent.len() as u64);
    assert!(
        sent == expected,
        "{} and {} bytes",
        sent.len(),
        expected.len()
    );

    let mut sent = Vec::new();
    let (mut doc, frozen, _) = made(true, 0, Some(&mut sent));
    doc.version = "1.10".into();
    let Err(ExportError::Write(reason)) = save_to(doc, frozen, &mut sent) else {
        panic!("saved");
    };
    assert!(reason.contains("en-tête"), "{reason}");
}

/// Issue 20 §5 (the parent tree of a directory copied twice to be
/// sealed): objects put in number order are sealed in place, the header
/// put in front of them; the first object stream, whose first object
/// comes last, by a copy: the same file either way.
#[test]
fn objects_put_in_number_order_make_the_same_file() {
    let made = |freeze: bool| {
        let mut doc = lopdf::Document::with_version("1.7");
        let mut frozen = Frozen::new(freeze);
        let root = doc.add_object(object(0));
        doc.trailer.set("Root", Object::Reference(root));
        for k in 1..1300 {
            let id = doc.new_object_id();
            frozen.put(&mut doc, id, object(k));
        }
        let sealed = frozen.chunks.iter().filter(|c| c.sealed.is_some()).count();
        (doc, frozen, sealed)
    };
    let (all, frozen, _) = made(false);
    let expected = written_at_once(&all, super::super::TEXT_LEVEL);
    assert_eq!(save(all, frozen).unwrap(), expected);
    let (doc, frozen, sealed) = made(true);
    // The second (full) sealed as it filled; the first waits for the
    // root, the third for the end.
    assert_eq!((sealed, frozen.chunks.len()), (1, 3));
    assert!(save(doc, frozen).unwrap() == expected, "other bytes");
}

/// Issue 20 §5 (the directory's object streams held to its end): kept in
/// a scratch file once compressed, then read back, they make the same
/// file; a scratch file that refuses a write from some point on leaves the
/// rest in memory, the same file still; one that cannot be read back is an
/// error, never another file.
#[test]
fn object_streams_kept_in_a_scratch_file_make_the_same_file() {
    let (all, frozen, _) = made(false, 0, None);
    let expected = save(all, frozen).unwrap();
    // The file, and how many object streams were sealed and spilled before its end.
    let whole = |scratch: Box<dyn Scratch>| {
        let mut sent = Vec::new();
        let (doc, frozen, sealed) = made_spilling(true, 0, Some(&mut sent), Some(scratch));
        let spilled = frozen.chunks.iter().filter(|c| c.spilled.is_some()).count();
        let in_memory = frozen.chunks.iter().filter(|c| c.sealed.is_some());
        assert!(
            in_memory
                .clone()
                .all(|c| c.spilled.is_some() == c.bytes.is_empty())
        );
        let result = save_to(doc, frozen, &mut sent).map(|_| sent);
        (result, sealed, spilled)
    };
    let (sent, sealed, spilled) = whole(Box::new(std::io::Cursor::new(Vec::new())));
    assert!(sent.unwrap() == expected, "other bytes");
    assert!(sealed >= 3, "{sealed} object streams sealed before the end");
    assert_eq!(
        spilled, sealed,
        "each sealed object stream is in the scratch file"
    );
    // Full at once, or after some object streams but not all.
    for from in [0, 1, 2] {
        let refusing = Refusing {
            from,
            kept: std::io::Cursor::new(Vec::new()),
        };
        let (sent, _, kept) = whole(Box::new(refusing));
        assert_eq!(kept, from);
        assert!(
            sent.unwrap() == expected,
            "other bytes (refused from {from})"
        );
    }
    let (unread, ..) = whole(Box::new(Unreadable(std::io::Cursor::new(Vec::new()))));
    let Err(ExportError::Write(reason)) = unread else {
        panic!("saved");
    };
    assert!(reason.contains("fichier de travail"), "{reason}");
}

/// A scratch file full once it holds `from` object streams: it refuses
/// every write after those.
struct Refusing {
    from: usize,
    kept: std::io::Cursor<Vec<u8>>,
}

impl std::io::Write for Refusing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.from == 0 {
            return Err(std::io::ErrorKind::StorageFull.into());
        }
        self.from -= 1;
        self.kept.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::io::Read for Refusing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.kept.read(buf)
    }
}

impl std::io::Seek for Refusing {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.kept.seek(to)
    }
}

/// A scratch file that takes every write and gives nothing back.
struct Unreadable(std::io::Cursor<Vec<u8>>);

impl std::io::Write for Unreadable {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::io::Read for Unreadable {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::UnexpectedEof.into())
    }
}

impl std::io::Seek for Unreadable {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.0.seek(to)
    }
}

/// A number given out, passed over and never used, or an object put
/// twice, would change the numbering of object streams already
/// compressed: the file is refused, never written otherwise.
#[test]
fn an_object_missing_or_twice_is_refused() {
    let mut doc = lopdf::Document::with_version("1.7");
    let mut frozen = Frozen::new(true);
    let lost = doc.new_object_id();
    for k in 0..10 {
        let id = doc.new_object_id();
        frozen.put(&mut doc, id, object(k));
    }
    assert!(!doc.objects.contains_key(&lost));
    let Err(ExportError::Write(reason)) = save(doc, frozen) else {
        panic!("saved");
    };
    assert!(reason.contains("jamais écrit"), "{reason}");

    let mut doc = lopdf::Document::with_version("1.7");
    let mut frozen = Frozen::new(true);
    let id = doc.new_object_id();
    frozen.put(&mut doc, id, object(1));
    frozen.put(&mut doc, id, object(1));
    assert!(save(doc, frozen).is_err());

    let mut doc = lopdf::Document::with_version("1.7");
    let mut frozen = Frozen::new(true);
    let id = doc.add_object(lopdf::Stream::new(Dictionary::new(), vec![]));
    frozen.put(&mut doc, (id.0 + 1, 0), object(1));
    frozen.put(&mut doc, id, object(2));
    assert!(save(doc, frozen).is_err());
}
