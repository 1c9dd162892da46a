//! Tests of the content-stream writer: numbers, spacing, operators.

use super::*;

/// A font of three glyphs 500/1000 em wide (ids 1, 2, 3 → CIDs 1, 2, 3).
fn font() -> EmbeddedFont {
    EmbeddedFont {
        id: crate::layout::fonts::FontId(0),
        resource: "F1".into(),
        object: (1, 0),
        cids: vec![0, 1, 2, 3],
        widths: vec![0, 500, 500, 500],
    }
}

/// Glyphs at 10 pt advancing by 5 pt plus `extra[i]` after glyph i.
fn glyphs(extra: &[f32]) -> Vec<PlacedGlyph> {
    let mut x = 0.0;
    let mut out = Vec::new();
    for (i, e) in extra.iter().chain([&0.0]).enumerate() {
        out.push(PlacedGlyph {
            id: 1 + (i % 3) as u16,
            x,
            y_offset: 0.0,
            advance: 5.0 + e,
            text_start: 0,
            text_end: 0,
        });
        x += 5.0 + e;
    }
    out
}

#[test]
fn letter_spacing_becomes_tc_and_kerning_stays_in_tj() {
    let font = font();
    // A letter-spaced line: 0.19 pt after every glyph but one word space.
    let spaced = glyphs(&[0.19, 0.19, 0.19, 1.4, 0.19, 0.19]);
    assert_eq!(common_spacing(&spaced, 0.01, &font, &mut Vec::new()), 0.19);
    // Kerning only: every pair differs, no common spacing.
    let kerned = glyphs(&[-0.3, 0.0, -0.1, 0.0, -0.2]);
    assert_eq!(common_spacing(&kerned, 0.01, &font, &mut Vec::new()), 0.0);
    // The content stream sets Tc once and adjusts only at the space.
    let run = GlyphRun {
        x: 0.0,
        y: 20.0,
        font: font.id,
        size: 10.0,
        color: Color::rgb(0, 0, 0),
        glyphs: spaced,
        text: String::new(),
        scale: 1.0,
    };
    let fonts = FontSet { fonts: vec![font] };
    let mut w = Writer::default();
    text(&mut w, &run, 100.0, &fonts);
    assert!(w.out.contains("0.19 Tc\n"), "{}", w.out);
    assert!(
        w.out.contains("[<0001000200030001>-121<000200030001>] TJ"),
        "{}",
        w.out
    );
}

/// A turned group is `q` with its rotation, closed by `Q`, and the
/// colour set inside it is written again after it (the `Q` undid it).
#[test]
fn a_turned_group_saves_and_restores_the_state() {
    let red = Color::rgb(255, 0, 0);
    let blue = Color::rgb(0, 0, 255);
    let mut w = Writer::default();
    w.set_fill(red);
    w.rotate((100.0, 100.0), 180.0);
    w.set_fill(blue);
    w.end_rotate();
    w.set_fill(blue);
    assert_eq!(
        w.out,
        "1 0 0 rg\nq\n-1 0 0 -1 200 200 cm\n0 0 1 rg\nQ\n0 0 1 rg\n"
    );
    let mut w = Writer::default();
    w.rotate((0.0, 0.0), 90.0);
    assert!(w.out.ends_with("0 1 -1 0 0 0 cm\n"), "{}", w.out);
}

/// The rounding without libm gives what `round` gives, on the halves,
/// around them, on large values and on the signs of zero.
#[test]
fn rounding_matches_the_standard_library() {
    let mut values = vec![
        0.0,
        -0.0,
        0.5,
        -0.5,
        1.5,
        -1.5,
        2.5,
        0.49999997,
        -0.49999997,
        1e-30,
        -1e-30,
        8_388_607.5,
        8_388_608.0,
        -8_388_609.0,
        1e30,
        -1e30,
        f32::MAX,
        f32::MIN,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ];
    let mut x = -1000.0f32;
    while x < 1000.0 {
        values.push(x);
        x += 0.0371;
    }
    for v in values {
        let r = round_f32(v);
        assert_eq!(r.to_bits(), v.round().to_bits(), "{v}");
        for t in [f64::from(v), f64::from(v) * 100.0, f64::from(v) * 10_000.0] {
            assert_eq!(round_half_away(t), t.round() as i64, "{t}");
        }
    }
    assert!(round_f32(f32::NAN).is_nan());
    assert_eq!(round_half_away(f64::NAN), 0);
}

#[test]
fn numbers_are_short() {
    let mut s = String::new();
    for v in [1.0, 0.5, 12.346, -0.001, 0.333_333] {
        num(&mut s, v, 2);
        s.push(' ');
    }
    assert_eq!(s, "1 0.5 12.35 0 0.33 ");
    let mut s = String::new();
    for v in [1234.5678, -0.05, 100.0, 0.007] {
        num(&mut s, v, 3);
        s.push(' ');
    }
    assert_eq!(s, "1234.568 -0.05 100 0.007 ");
    let mut s = String::new();
    hex4(&mut s, 0x0A5F);
    assert_eq!(s, "0A5F");
}
