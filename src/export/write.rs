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
//! The file is made while the document is ([`Frozen`]): the streams (page
//! contents, fonts, images) go into it in object order, and each object
//! stream is compressed as soon as its objects are all known, so that a
//! document of thousands of pages never holds its objects both as lopdf
//! objects and as bytes, nor its objects' bytes uncompressed (issue 20 §5,
//! memory of the territory's directory).
//!
//! The file so far may be handed over as it grows ([`Frozen::send`]): the
//! territory's directory (61.6 MB at 34 900 communes) goes to its file page
//! by page instead of being held whole until it is sealed ([`save_to`]),
//! and its object streams, which come last, wait in a scratch file once
//! compressed ([`Frozen::spill_to`]).
//!
//! The layout of the file is fixed: the header, the streams (and any object
//! of a generation other than 0) by ascending number, then the other objects
//! by ascending number, [`OBJECTS_PER_STREAM`] to an object stream numbered
//! after the last object, then the cross-reference stream.

use lopdf::{Dictionary, Object, ObjectId};

use super::ExportError;
use super::syntax::{STREAM_END, indirect, object_bytes, push_int, stream_head, stream_object};

/// Objects per object stream: a sheet has about 200 and a collection a few
/// thousand; a reader decompresses a whole stream to reach one of its objects,
/// so streams of at most 500 keep that cheap while compressing as well as one.
const OBJECTS_PER_STREAM: u32 = 500;

/// Bytes after `%` on the second line: four bytes above 127 tell transfer
/// programs the file is binary (ISO 32000-1, 7.5.2; required by PDF/A).
const BINARY_MARK: &[u8] = b"%\xE2\xE3\xCF\xD3\n";

/// Largest scratch buffer kept for the next object stream: a stream of
/// annotations or structure elements is tens of kilobytes, one holding the
/// parent tree of a large document megabytes.
const SCRATCH_LIMIT: usize = 1 << 20;

/// Largest buffer kept for the file once handed over ([`Frozen::send`]):
/// the fonts and images before the first page are megabytes, a page's
/// content tens of kilobytes.
const SENT_LIMIT: usize = 1 << 20;

/// The offset of a number no object has, among the objects outside the
/// object streams.
const FREE: u64 = u64::MAX;

/// The objects of one object stream: consecutive numbers (but for those of
/// streams, which are written outside) from `first` to `last`.
#[derive(Debug, Default)]
struct Chunk {
    /// Its first and last objects' numbers.
    first: u32,
    last: u32,
    /// Its objects so far, at most [`OBJECTS_PER_STREAM`].
    members: u32,
    /// Those whose bytes are not here yet (still to be made, or still in
    /// the lopdf document).
    missing: u32,
    /// The objects' bytes one after the other as they came; once sealed,
    /// the compressed object stream.
    bytes: Vec<u8>,
    /// Each object here: its number and the range of its bytes.
    spans: Vec<(u32, u32, u32)>,
    /// Once sealed, the offset of the first object in the stream (`/First`).
    sealed: Option<u32>,
    /// Once sealed and spilled ([`Frozen::spill_to`]): where the compressed
    /// stream is in the scratch file, and its length (`bytes` is empty).
    spilled: Option<(u64, usize)>,
}

impl Chunk {
    /// The length of its bytes (compressed, once sealed), wherever they are.
    fn length(&self) -> usize {
        self.spilled.map_or(self.bytes.len(), |(_, length)| length)
    }

    /// Appends object `n`, whose bytes `write` appends, and notes where it
    /// is: after a line break, as in the object stream, so that objects
    /// that come in number order are already laid out as it has them.
    fn push(&mut self, n: u32, write: impl FnOnce(&mut Vec<u8>)) {
        if !self.spans.is_empty() {
            self.bytes.push(b'\n');
        }
        let start = self.bytes.len() as u32;
        write(&mut self.bytes);
        self.spans.push((n, start, self.bytes.len() as u32));
    }
}

/// The file being made beside a [`lopdf::Document`], and the objects already
/// serialised, kept out of the document: a finished object (a link
/// annotation, a structure element) weighs about a tenth as its bytes as it
/// does as a lopdf dictionary, and a directory of thousands of pages has a
/// million of them (issue 20 §5, memory).
///
/// Each [`Frozen::put`] places the objects the document has gained since the
/// last one: a stream is written to the file at once and leaves the
/// document (no object will take a lower number: lopdf numbers new objects
/// after the last); any other object takes the next place in an object
/// stream, and a stream whose objects are all there is compressed at once.
/// A number given out but not yet used there is taken as an object to come
/// (a structure element is numbered before it is made): [`save`] refuses a
/// file where one never came, rather than write different bytes.
///
/// Disabled (`Frozen::new(false)`), it puts every object into the document
/// instead: uncompressed output is written by lopdf, which knows only its own
/// objects.
#[derive(Debug)]
pub struct Frozen {
    enabled: bool,
    /// Flate level of the object streams.
    level: i32,
    /// The file so far, but for the bytes already sent: the header, then
    /// the streams, by number.
    out: Vec<u8>,
    /// How many bytes of the file were handed over ([`Frozen::send`]):
    /// `out` follows them.
    sent: u64,
    /// The header as written at the start of the file (empty: not yet).
    head: Vec<u8>,
    /// Numbers below this one are placed: in `outside`, or in a chunk.
    cursor: u32,
    /// The object streams, in order.
    chunks: Vec<Chunk>,
    /// The numbers placed outside the object streams, in order, with their
    /// offset in the file ([`FREE`]: no object).
    outside: Vec<(u32, u64)>,
    /// Scratch for an object stream's offsets, and its objects when they
    /// must be copied behind them.
    header: Vec<u8>,
    /// Why the file cannot be written: an object put twice, or where another is.
    broken: Option<String>,
    /// Where sealed object streams wait for the end of the file, if
    /// anywhere but here ([`Frozen::spill_to`]).
    spill: Option<Spill>,
}

/// The scratch file of a [`Frozen`].
#[derive(Debug)]
struct Spill {
    scratch: Box<dyn Scratch>,
    /// The bytes written to it.
    length: u64,
    /// It refused a write: no more are asked of it.
    refused: bool,
}

impl Spill {
    /// Writes `bytes` at the end of the scratch file: where they are, or
    /// `None` when it refuses them (they must be kept elsewhere).
    fn keep(&mut self, bytes: &[u8]) -> Option<u64> {
        if self.refused {
            return None;
        }
        if self.scratch.write_all(bytes).is_err() {
            self.refused = true;
            return None;
        }
        let at = self.length;
        self.length += bytes.len() as u64;
        Some(at)
    }

    /// The `length` bytes at `at`.
    fn read(&mut self, at: u64, length: usize) -> std::io::Result<Vec<u8>> {
        use std::io::{Seek, SeekFrom};
        let mut data = vec![0; length];
        self.scratch.seek(SeekFrom::Start(at))?;
        self.scratch.read_exact(&mut data)?;
        Ok(data)
    }
}

/// A file the object streams of a large PDF wait in until its end, written
/// and read back by the export ([`Frozen::spill_to`]): a temporary file of
/// the CLI's (a `std::fs::File`), or memory (`std::io::Cursor`).
pub trait Scratch: std::io::Read + std::io::Write + std::io::Seek + Send {}

impl<T: std::io::Read + std::io::Write + std::io::Seek + Send> Scratch for T {}

impl std::fmt::Debug for dyn Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scratch")
    }
}

impl Default for Frozen {
    fn default() -> Frozen {
        Frozen::new(false)
    }
}

impl Frozen {
    /// An empty file; `enabled` false sends every object to the document.
    pub fn new(enabled: bool) -> Frozen {
        Frozen {
            enabled,
            level: super::TEXT_LEVEL,
            out: Vec::new(),
            sent: 0,
            head: Vec::new(),
            cursor: 1,
            chunks: Vec::new(),
            outside: Vec::new(),
            header: Vec::new(),
            broken: None,
            spill: None,
        }
    }

    /// Keeps `object` (never a stream) as object `id` of the file: written
    /// now, as [`save`] would write it, or put into `pdf` when disabled.
    pub fn put(&mut self, pdf: &mut lopdf::Document, id: ObjectId, object: Object) {
        if !self.enabled {
            pdf.objects.insert(id, object);
            return;
        }
        if id.1 != 0 || matches!(object, Object::Stream(_)) {
            pdf.objects.insert(id, object);
            self.advance(pdf, id.0, false);
            return;
        }
        self.advance(pdf, id.0, false);
        self.store(id.0, &object);
    }

    /// Keeps each object stream, once compressed, in `scratch` rather than
    /// here, until the file's end is written (their numbers follow the
    /// last object's, so they come last): the 29 MB of a directory of
    /// 34 900 communes were held to its end (issue 20 §5, memory). The
    /// same bytes either way; should `scratch` refuse a write, they are
    /// held here from then on.
    pub fn spill_to(&mut self, scratch: Box<dyn Scratch>) {
        self.spill = Some(Spill {
            scratch,
            length: 0,
            refused: false,
        });
    }

    /// Whether objects are written as they come (else they go to the document).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Keeps object `id` (never a stream), whose bytes `write` appends as
    /// [`save`] would write them, like [`Self::put`]: for a large object
    /// made without its lopdf form (the parent tree of a directory). Only
    /// when [`Self::enabled`], for an `id` of generation 0.
    pub fn put_with(
        &mut self,
        pdf: &mut lopdf::Document,
        id: ObjectId,
        write: impl FnOnce(&mut Vec<u8>),
    ) {
        debug_assert!(self.enabled && id.1 == 0);
        self.advance(pdf, id.0, false);
        self.store_with(id.0, write);
    }

    /// Hands the file made so far to `to`, and keeps no more of it: what
    /// [`save_to`] then writes follows. The header is written then with the
    /// document's version at the first object placed, which must be the
    /// final one (`finish::skeleton` sets it).
    pub fn send(&mut self, to: &mut dyn std::io::Write) -> std::io::Result<()> {
        to.write_all(&self.out)?;
        self.sent += self.out.len() as u64;
        self.out.clear();
        if self.out.capacity() > SENT_LIMIT {
            self.out = Vec::new();
        }
        Ok(())
    }

    /// The offset in the file of the next byte written.
    fn offset(&self) -> u64 {
        self.sent + self.out.len() as u64
    }

    /// The heap bytes held: the file so far (but what was sent), the
    /// objects' bytes, compressed or not, and where everything is.
    pub fn held_bytes(&self) -> usize {
        let chunks: usize = (self.chunks.iter())
            .map(|c| {
                c.bytes.capacity() + c.spans.capacity() * std::mem::size_of::<(u32, u32, u32)>()
            })
            .sum();
        self.out.capacity()
            + chunks
            + self.chunks.capacity() * std::mem::size_of::<Chunk>()
            + self.outside.capacity() * std::mem::size_of::<(u32, u64)>()
            + self.header.capacity()
    }

    /// Places the numbers up to `upto` (and those `pdf` gave out): streams
    /// written out, the others into object streams. `last`: the document is
    /// finished, a number without an object is free.
    fn advance(&mut self, pdf: &mut lopdf::Document, upto: u32, last: bool) {
        let upto = upto.max(pdf.max_id);
        if self.head.is_empty() {
            header(&mut self.head, &pdf.version);
            self.out.extend_from_slice(&self.head);
        }
        while self.cursor <= upto {
            let n = self.cursor;
            self.cursor += 1;
            let found = (pdf.objects.range((n, 0)..=(n, u16::MAX)).next())
                .map(|(id, object)| (*id, matches!(object, Object::Stream(_))));
            match found {
                Some((id, stream)) if stream || id.1 != 0 => {
                    if let Some(object) = pdf.objects.remove(&id) {
                        self.outside.push((n, self.offset()));
                        indirect(&mut self.out, n, id.1, &object);
                    }
                }
                None if last => self.outside.push((n, FREE)),
                _ => self.member(n),
            }
        }
    }

    /// Gives `n` the next place in an object stream.
    fn member(&mut self, n: u32) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.members < OBJECTS_PER_STREAM => {
                chunk.last = n;
                chunk.members += 1;
                chunk.missing += 1;
            }
            _ => self.chunks.push(Chunk {
                first: n,
                last: n,
                members: 1,
                missing: 1,
                ..Chunk::default()
            }),
        }
    }

    /// The chunk object `n` has its place in, if any.
    fn chunk_of(&self, n: u32) -> Option<usize> {
        let k = self
            .chunks
            .partition_point(|c| c.first <= n)
            .checked_sub(1)?;
        let outside = self.outside.binary_search_by_key(&n, |&(m, _)| m).is_ok();
        (n <= self.chunks[k].last && !outside).then_some(k)
    }

    /// Writes the bytes of `object`, number `n` (placed), into its object
    /// stream, compressed if that was the last one missing.
    fn store(&mut self, n: u32, object: &Object) {
        self.store_with(n, |out| object_bytes(out, object));
    }

    /// Keeps object `n`, whose bytes `write` appends, in its object stream.
    fn store_with(&mut self, n: u32, write: impl FnOnce(&mut Vec<u8>)) {
        let Some(k) = self.chunk_of(n) else {
            self.broken(format!("l’objet {n} prend la place d’un flux"));
            return;
        };
        let chunk = &mut self.chunks[k];
        if chunk.sealed.is_some() || chunk.missing == 0 {
            self.broken(format!("l’objet {n} est écrit deux fois"));
            return;
        }
        chunk.push(n, write);
        chunk.missing -= 1;
        if chunk.missing == 0 && chunk.members == OBJECTS_PER_STREAM {
            self.seal(k);
        }
    }

    /// Notes the first reason the file cannot be written.
    fn broken(&mut self, reason: String) {
        self.broken.get_or_insert(reason);
    }

    /// Compresses chunk `k`, whose objects are all there, into its object
    /// stream: each object's number and offset, then the objects by number,
    /// one a line.
    fn seal(&mut self, k: usize) {
        let chunk = &mut self.chunks[k];
        chunk.spans.sort_unstable_by_key(|s| s.0);
        let doubled = chunk.spans.windows(2).any(|w| w[0].0 == w[1].0);
        if doubled || chunk.spans.len() != chunk.members as usize {
            let reason = format!("objets {}–{} écrits deux fois", chunk.first, chunk.last);
            self.broken(reason);
            return;
        }
        let header = &mut self.header;
        header.clear();
        let mut offset = 0;
        for &(n, a, b) in &chunk.spans {
            push_int(header, i64::from(n));
            header.push(b' ');
            push_int(header, i64::from(offset));
            header.push(b' ');
            offset += b - a + 1;
        }
        let first = header.len() as u32;
        // Objects that came in number order lie in `bytes` as the stream has
        // them (`Chunk::push`): the header goes in front where there is room
        // for it, rather than a copy of them all (the parent tree of a
        // directory is megabytes, and reserves that room, see `tags`).
        let spans = &chunk.spans;
        let in_order = spans.first().is_some_and(|s| s.1 == 0)
            && spans.windows(2).all(|w| w[1].1 == w[0].2 + 1)
            && spans
                .last()
                .is_some_and(|s| s.2 as usize == chunk.bytes.len());
        let room = chunk.bytes.capacity() - chunk.bytes.len();
        let data = if in_order && room >= header.len() {
            chunk.bytes.splice(0..0, header.iter().copied());
            &chunk.bytes
        } else {
            header.reserve_exact(offset as usize);
            for (index, &(_, a, b)) in spans.iter().enumerate() {
                if index > 0 {
                    header.push(b'\n');
                }
                header.extend_from_slice(&chunk.bytes[a as usize..b as usize]);
            }
            // Copied: let go before the compressed stream is made.
            chunk.bytes = Vec::new();
            &*header
        };
        let compressed = super::deflate_text(data, self.level);
        chunk.spans = Vec::new();
        chunk.sealed = Some(first);
        chunk.bytes = Vec::new();
        // Refused by the scratch file (a full disk): held here, as without one.
        match self
            .spill
            .as_mut()
            .and_then(|spill| spill.keep(&compressed))
        {
            Some(at) => chunk.spilled = Some((at, compressed.len())),
            None => chunk.bytes = compressed,
        }
        if self.header.capacity() > SCRATCH_LIMIT {
            // After an object of megabytes (the parent tree of thousands of pages).
            self.header = Vec::new();
        }
    }

    /// Seals every chunk left, its missing objects taken from `pdf`.
    fn complete(&mut self, pdf: &mut lopdf::Document) {
        for k in 0..self.chunks.len() {
            if self.chunks[k].sealed.is_some() {
                continue;
            }
            let (first, last) = (self.chunks[k].first, self.chunks[k].last);
            let from = self.outside.partition_point(|&(m, _)| m < first);
            let mut outside = self.outside[from..].iter().map(|&(m, _)| m).peekable();
            let chunk = &mut self.chunks[k];
            chunk.spans.sort_unstable_by_key(|s| s.0);
            let mut here = 0;
            let mut lost = None;
            for n in first..=last {
                if outside.next_if_eq(&n).is_some() {
                    continue;
                }
                while chunk.spans.get(here).is_some_and(|s| s.0 < n) {
                    here += 1;
                }
                if chunk.spans.get(here).is_some_and(|s| s.0 == n) {
                    continue;
                }
                match pdf.objects.remove(&(n, 0)) {
                    Some(object) if !matches!(object, Object::Stream(_)) => {
                        chunk.push(n, |out| object_bytes(out, &object));
                    }
                    other => {
                        // Put back: reported below as an object left out.
                        if let Some(object) = other {
                            pdf.objects.insert((n, 0), object);
                        }
                        lost.get_or_insert(n);
                    }
                }
            }
            if let Some(n) = lost {
                self.broken(format!("l’objet {n} a été numéroté mais jamais écrit"));
                return;
            }
            self.seal(k);
        }
    }
}

/// `%PDF-version` and the binary mark.
fn header(out: &mut Vec<u8>, version: &str) {
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(version.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(BINARY_MARK);
}

/// The file of `pdf` and of the objects `frozen` made beside it: streams
/// written directly, every other object in compressed object streams, then a
/// compressed cross-reference stream whose dictionary carries the trailer
/// entries. Both are let go as the file is made.
///
/// An error when an object was numbered but never written, written twice,
/// or where another one was: the file would not be the one the document
/// describes.
pub fn save(pdf: lopdf::Document, mut frozen: Frozen) -> Result<Vec<u8>, ExportError> {
    close(pdf, &mut frozen, None)?;
    Ok(frozen.out)
}

/// The same file as [`save`], its end written to `to` after what `frozen`
/// handed over to it already ([`Frozen::send`]): the object streams as they
/// are written, then the cross-reference stream. Returns the file's length.
pub fn save_to(
    pdf: lopdf::Document,
    mut frozen: Frozen,
    to: &mut dyn std::io::Write,
) -> Result<u64, ExportError> {
    close(pdf, &mut frozen, Some(to))?;
    Ok(frozen.sent)
}

/// Ends the file of `pdf` and `frozen` in `frozen.out`, handing it over to
/// `to` as it goes when given.
fn close(
    mut pdf: lopdf::Document,
    frozen: &mut Frozen,
    mut to: Option<&mut dyn std::io::Write>,
) -> Result<(), ExportError> {
    let upto = pdf.objects.keys().next_back().map_or(0, |id| id.0);
    frozen.advance(&mut pdf, upto, true);
    frozen.complete(&mut pdf);
    if let Some(reason) = frozen.broken.take() {
        return Err(ExportError::Write(reason));
    }
    if let Some(((n, _), _)) = pdf.objects.first_key_value() {
        return Err(ExportError::Write(format!(
            "l’objet {n} n’a pas sa place dans le fichier"
        )));
    }
    restate_header(frozen, &pdf.version)?;
    let chunks = std::mem::take(&mut frozen.chunks);
    let mut outside = std::mem::take(&mut frozen.outside);
    // The last number of an object: a free number after it is left out.
    let max_id = (chunks.last().map(|c| c.last))
        .max(outside.iter().rev().find(|o| o.1 != FREE).map(|o| o.0))
        .unwrap_or(0);
    outside.retain(|&(n, _)| n <= max_id);

    // Each object stream's object, after the last object; then the
    // cross-reference stream, made before them so that the file grows once.
    let stream_dict = |chunk: &Chunk| {
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", Object::Integer(i64::from(chunk.members)));
        let first = chunk.sealed.unwrap_or(0);
        dict.set("First", Object::Integer(i64::from(first)));
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        dict
    };
    let mut offsets = Vec::with_capacity(chunks.len());
    let mut at = frozen.offset();
    let mut prefix = Vec::new();
    for (k, chunk) in chunks.iter().enumerate() {
        offsets.push(at);
        prefix.clear();
        let id = max_id + 1 + k as u32;
        stream_head(&mut prefix, id, stream_dict(chunk), chunk.length());
        at += (prefix.len() + chunk.length() + STREAM_END.len()) as u64;
    }
    let placed = Placed {
        outside: &outside,
        chunks: &chunks,
        offsets: &offsets,
        max_id,
    };
    let xref = cross_references(&pdf.trailer, &placed, at, frozen.level);
    drop((pdf, outside, offsets));
    if to.is_none() {
        frozen
            .out
            .reserve_exact((at - frozen.offset()) as usize + xref.len());
    }
    let send = |frozen: &mut Frozen, to: &mut Option<&mut dyn std::io::Write>| match to {
        Some(to) => (frozen.send(*to)).map_err(|e| ExportError::Write(e.to_string())),
        None => Ok(()),
    };
    for (k, mut chunk) in chunks.into_iter().enumerate() {
        let data = match chunk.spilled {
            Some((at, length)) => read_back(frozen, at, length)?,
            None => std::mem::take(&mut chunk.bytes),
        };
        let id = max_id + 1 + k as u32;
        stream_object(&mut frozen.out, id, stream_dict(&chunk), &data);
        send(frozen, &mut to)?;
    }
    debug_assert_eq!(frozen.offset(), at);
    frozen.out.extend_from_slice(&xref);
    send(frozen, &mut to)
}

/// The `length` bytes at `at` in `frozen`'s scratch file.
fn read_back(frozen: &mut Frozen, at: u64, length: usize) -> Result<Vec<u8>, ExportError> {
    let read = match &mut frozen.spill {
        Some(spill) => spill.read(at, length),
        None => Err(std::io::ErrorKind::NotFound.into()),
    };
    read.map_err(|e| {
        ExportError::Write(format!("relecture impossible du fichier de travail : {e}"))
    })
}

/// Makes the header say `version`, the document's last: the objects'
/// offsets move with it. An error once the header was handed over.
fn restate_header(frozen: &mut Frozen, version: &str) -> Result<(), ExportError> {
    let mut start = Vec::new();
    header(&mut start, version);
    if frozen.head == start {
        return Ok(());
    }
    if frozen.sent > 0 {
        return Err(ExportError::Write(format!(
            "la version {version} du fichier est connue après son en-tête"
        )));
    }
    let head = frozen.head.len();
    let shift = start.len() as i64 - head as i64;
    frozen.out.splice(..head, start);
    for (_, offset) in frozen.outside.iter_mut().filter(|(_, o)| *o != FREE) {
        *offset = (*offset as i64 + shift) as u64;
    }
    Ok(())
}

/// Where every object of a file is.
struct Placed<'a> {
    /// The numbers outside the object streams, with their offsets.
    outside: &'a [(u32, u64)],
    /// The object streams.
    chunks: &'a [Chunk],
    /// The object streams' offsets.
    offsets: &'a [u64],
    /// The last object's number; the object streams follow it.
    max_id: u32,
}

/// The end of the file: the cross-reference stream of `placed` at
/// `xref_offset` (it lists itself too, after the object streams), its
/// dictionary carrying the `trailer` entries, then `startxref`.
fn cross_references(
    trailer: &Dictionary,
    placed: &Placed,
    xref_offset: u64,
    level: i32,
) -> Vec<u8> {
    let Placed {
        outside,
        chunks,
        offsets,
        max_id,
    } = *placed;
    let streams = max_id + 1;
    let count = streams as usize + chunks.len() + 1;
    // Field widths: type (1 byte), offset or stream number, generation or index.
    let last_stream = match chunks.len() {
        0 => 0,
        n => u64::from(max_id) + n as u64,
    };
    let last_index = chunks.iter().map(|c| u64::from(c.members) - 1).max();
    let largest = xref_offset.max(last_stream).max(last_index.unwrap_or(0));
    let width = (1..=8).find(|w| largest >> (8 * w) == 0).unwrap_or(8);
    let mut table = Vec::with_capacity(count * (width + 3));
    let mut row = |kind: u8, field2: u64, field3: u16| {
        table.push(kind);
        table.extend_from_slice(&field2.to_be_bytes()[8 - width..]);
        table.extend_from_slice(&field3.to_be_bytes());
    };
    // Object 0 heads the free list with generation 65535.
    row(0, 0, 0xFFFF);
    let mut outside = outside.iter().peekable();
    let (mut k, mut index) = (0, 0u16);
    for n in 1..=max_id {
        if let Some(&(_, offset)) = outside.next_if(|o| o.0 == n) {
            match offset {
                FREE => row(0, 0, 0),
                offset => row(1, offset, 0),
            }
            continue;
        }
        while chunks.get(k).is_some_and(|c| c.last < n) {
            (k, index) = (k + 1, 0);
        }
        // Every number is outside or in an object stream (`Frozen::advance`).
        row(2, u64::from(streams) + k as u64, index);
        index += 1;
    }
    for &offset in offsets {
        row(1, offset, 0);
    }
    row(1, xref_offset, 0);
    let mut dict = trailer.clone();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(count as i64));
    dict.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(width as i64),
            Object::Integer(2),
        ]),
    );
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let data = super::deflate_text(&table, level);
    drop(table);
    let mut end = Vec::with_capacity(data.len() + 256);
    stream_object(&mut end, streams + chunks.len() as u32, dict, &data);
    end.extend_from_slice(b"startxref\n");
    push_int(&mut end, xref_offset as i64);
    end.extend_from_slice(b"\n%%EOF\n");
    end
}

#[cfg(test)]
mod tests;
