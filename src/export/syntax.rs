//! PDF object syntax: lopdf objects written as bytes, with lopdf's own
//! separators and name and string escapes, so that they read back
//! identically ([`super::write`] writes the file with them).

use std::io::Write as _;

use lopdf::{Dictionary, Object, StringFormat};

/// `id generation obj … endobj`.
pub(super) fn indirect(out: &mut Vec<u8>, id: u32, generation: u16, object: &Object) {
    push_int(out, i64::from(id));
    out.push(b' ');
    push_int(out, i64::from(generation));
    out.extend_from_slice(b" obj\n");
    object_bytes(out, object);
    out.extend_from_slice(b"\nendobj\n");
}

/// A stream object with `dict` (its `/Length` set here) and `data`.
pub(super) fn stream_object(out: &mut Vec<u8>, id: u32, dict: Dictionary, data: &[u8]) {
    stream_head(out, id, dict, data.len());
    out.extend_from_slice(data);
    out.extend_from_slice(STREAM_END);
}

/// What comes before the data of stream object `id` with `dict` and
/// `length` bytes of data: [`stream_object`] without them and [`STREAM_END`].
pub(super) fn stream_head(out: &mut Vec<u8>, id: u32, mut dict: Dictionary, length: usize) {
    dict.set("Length", Object::Integer(length as i64));
    push_int(out, i64::from(id));
    out.extend_from_slice(b" 0 obj\n");
    dictionary(out, &dict);
    out.extend_from_slice(b"stream\n");
}

/// What follows the data of a stream object.
pub(super) const STREAM_END: &[u8] = b"\nendstream\nendobj\n";

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
pub(super) fn push_int(out: &mut Vec<u8>, v: i64) {
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
}
