//! Placing a broken paragraph on its lines: glyph runs, letter spacing of
//! justified lines, stretched word spaces, the hyphen of a broken word.

use super::*;

impl Setter<'_> {
    /// The glyph runs of one broken line: its text, spaces set at the
    /// line's adjustment ratio, then its hyphen or its trailing space.
    pub(super) fn place_line(
        &mut self,
        text: &str,
        spans: &[Span],
        items: &[Item],
        pieces: &[Piece],
        line: &linebreak::Line,
        style: &TextStyle,
    ) -> SetLine {
        let (glyphs, bytes) = room(pieces, line);
        let mut set = Line {
            set: SetLine {
                hyphenated: line.hyphenated,
                ..SetLine::default()
            },
            room: (glyphs, bytes + 2),
            expand: 1.0,
        };
        let mut x = 0.0f32;
        let ratio = line.ratio;
        // Beyond ratio 1 the word spaces alone stretch further (`spacing`).
        let space_ratio = space_ratio(items, line);
        let (track, expand) = spacing(style, ratio);
        set.expand = expand;
        for i in line.content_start..line.end.min(items.len()) {
            match (&items[i], &pieces[i]) {
                (
                    Item::Box { .. },
                    Piece::Text {
                        range,
                        style: s,
                        shaped,
                    },
                ) => {
                    push_glyphs(
                        &mut set,
                        &spans[*s],
                        style,
                        x,
                        (&shaped.glyphs, style.size * expand),
                        &text[range.clone()],
                        track,
                    );
                    x += shaped.width * style.size * expand + track * spaced_glyphs(shaped) as f32;
                }
                (
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                    Piece::Space { style: s },
                ) => {
                    let adjust = if ratio >= 0.0 {
                        space_ratio * stretch
                    } else {
                        ratio * shrink
                    };
                    let w = (width + adjust) as f32;
                    self.push_space(&mut set, &spans[*s], style, x, w);
                    x += w;
                }
                _ => {}
            }
        }
        // The break itself: a hyphen, or the space kept for text extraction
        // (drawn past the line end, so not counted in its width).
        match (items.get(line.end), pieces.get(line.end)) {
            (Some(Item::Penalty { flagged: true, .. }), Some(Piece::Break { hyphen: Some(s) })) => {
                x += self.push_hyphen(&mut set, &spans[*s], style, x, expand);
            }
            (Some(Item::Glue { .. }), Some(Piece::Space { style: s })) => {
                let w = self.shaper.space_width(spans[*s].style, style.size);
                set.set.width = x;
                self.push_space(&mut set, &spans[*s], style, x, w);
                return set.set;
            }
            // A hanging mark: the break sits just before the space, which
            // is kept for text extraction as above.
            (Some(Item::Penalty { width, .. }), _) if *width < 0.0 => {
                if let Some(Piece::Space { style: s }) = pieces.get(line.end + 1) {
                    let w = self.shaper.space_width(spans[*s].style, style.size);
                    set.set.width = x;
                    self.push_space(&mut set, &spans[*s], style, x, w);
                    return set.set;
                }
            }
            _ => {}
        }
        set.set.width = x;
        set.set
    }

    /// The hyphen of a broken word at `x`, in `span`'s style; returns its
    /// advance.
    fn push_hyphen(
        &mut self,
        set: &mut Line,
        span: &Span,
        style: &TextStyle,
        x: f32,
        expand: f32,
    ) -> f32 {
        let shaped = self.shaper.shape_unit("-", span.style);
        // The hyphen is drawn but is not part of the text: its text is
        // U+00AD (soft hyphen), which the PDF writer maps for extraction.
        let glyphs: Vec<Glyph> = shaped
            .glyphs
            .iter()
            .map(|g| Glyph {
                text: 0..'\u{AD}'.len_utf8(),
                ..g.clone()
            })
            .collect();
        push_glyphs(
            set,
            span,
            style,
            x,
            (&glyphs, style.size * expand),
            "\u{AD}",
            0.0,
        );
        shaped.width * style.size * expand
    }

    /// A space glyph of `width`: whatever space was typed, the PDF text gets a plain space.
    fn push_space(&mut self, set: &mut Line, span: &Span, style: &TextStyle, x: f32, width: f32) {
        let shaped = self.shaper.shape_unit(" ", span.style);
        let Some(unit) = shaped.glyphs.first() else {
            return;
        };
        // One glyph, already at size (hence the scale of 1 below).
        let glyph = Glyph {
            x_advance: width,
            x_offset: unit.x_offset * style.size,
            y_offset: unit.y_offset * style.size,
            ..unit.clone()
        };
        push_glyphs(set, span, style, x, (&[glyph], 1.0), " ", 0.0);
    }
}

/// A line being placed, with room left for glyphs and text bytes (the
/// capacity a new run is given).
struct Line {
    set: SetLine,
    room: (usize, usize),
    /// Horizontal scale of the line's glyphs (font expansion).
    expand: f32,
}

/// Appends shaped glyphs at `x`, merging into the previous run when possible.
///
/// `source` is the text the glyphs were shaped from; each glyph's range in it
/// becomes its text, once per cluster (glyphs sharing a range after the first
/// get an empty text), so that copying the line gives back the source.
/// `glyphs` come with the factor that turns their lengths into points (the
/// font size for the shaper's unit-size runs). `track` (pt) is added to the
/// advance of every glyph that moves the pen (letter spacing of a justified
/// line).
fn push_glyphs(
    line: &mut Line,
    span: &Span,
    style: &TextStyle,
    x: f32,
    (glyphs, scale): (&[Glyph], f32),
    source: &str,
    track: f32,
) {
    let color = if span.link.is_some() {
        style.link_color
    } else {
        span.color
    };
    // Whether the line's last run has this call's size, colour, link and language:
    // then only the font decides if a glyph joins it (compared once, not per
    // glyph, since a link's target is a string).
    let Line { set, room, expand } = line;
    let mut same_style = set.runs.last().is_some_and(|r| {
        r.size == style.size && r.color == color && r.link == span.link && r.lang == span.lang
    });
    let expand = *expand;
    let mut pen = 0.0f32;
    let mut previous: Option<Range<usize>> = None;
    for g in glyphs {
        let mergeable = same_style && set.runs.last().is_some_and(|r| r.font == g.font);
        if !mergeable {
            same_style = true;
            set.runs.push(LineRun {
                x: x + pen,
                font: g.font,
                size: style.size,
                color,
                glyphs: Vec::with_capacity(room.0),
                text: String::with_capacity(room.1),
                link: span.link.clone(),
                lang: span.lang.clone(),
                scale: expand,
            });
        }
        let run = set.runs.last_mut().expect("a run exists");
        let piece = if previous.as_ref() == Some(&g.text) {
            ""
        } else {
            source.get(g.text.clone()).unwrap_or("")
        };
        previous = Some(g.text.clone());
        let x_advance = g.x_advance * scale;
        let advance = if x_advance > 0.0 {
            x_advance + track
        } else {
            x_advance
        };
        let base = run.text.len() as u32;
        run.text.push_str(piece);
        run.glyphs.push(PlacedGlyph {
            id: g.id,
            x: x + pen - run.x + g.x_offset * scale,
            y_offset: g.y_offset * scale / expand,
            advance,
            text_start: base,
            text_end: base + piece.len() as u32,
        });
        room.0 = room.0.saturating_sub(1);
        room.1 = room.1.saturating_sub(piece.len());
        pen += advance;
    }
}

/// Adjustment ratio of the word spaces of a line: the line's own, or
/// beyond ratio 1, where letter spacing and expansion stay at their caps,
/// what makes the spaces take the whole rest of the stretch.
fn space_ratio(items: &[Item], line: &linebreak::Line) -> f64 {
    if line.ratio <= 1.0 {
        return line.ratio;
    }
    let (mut boxes, mut spaces) = (0.0, 0.0);
    for item in &items[line.content_start..line.end.min(items.len())] {
        match *item {
            Item::Box { stretch, .. } => boxes += stretch,
            Item::Glue { stretch, .. } => spaces += stretch,
            Item::Penalty { .. } => {}
        }
    }
    if spaces > 0.0 {
        line.ratio + (line.ratio - 1.0) * boxes / spaces
    } else {
        line.ratio
    }
}

/// Glyphs of a run that move the pen: those that take letter spacing.
pub(super) fn spaced_glyphs(shaped: &ShapedRun) -> usize {
    shaped.glyphs.iter().filter(|g| g.x_advance > 0.0).count()
}

/// Room for a line's glyphs and text (glyphs, bytes), so that its runs are
/// allocated once instead of grown glyph by glyph.
fn room(pieces: &[Piece], line: &linebreak::Line) -> (usize, usize) {
    let (mut glyphs, mut bytes) = (1, 0);
    for piece in &pieces[line.content_start..line.end.min(pieces.len())] {
        match piece {
            Piece::Text { range, shaped, .. } => {
                glyphs += shaped.glyphs.len();
                bytes += range.len();
            }
            Piece::Space { .. } => {
                glyphs += 1;
                bytes += 1;
            }
            Piece::Break { .. } => {}
        }
    }
    (glyphs, bytes)
}

/// Letter spacing after each glyph (pt) and font expansion of a line at
/// adjustment `ratio`, the same on the whole line; they stop at their caps
/// (ratio 1), and the word spaces alone take what a looser line needs
/// beyond (`space_ratio`), so that it still reaches the margin.
fn spacing(style: &TextStyle, ratio: f64) -> (f32, f32) {
    if !style.justify {
        (0.0, 1.0)
    } else if ratio >= 0.0 {
        (
            (ratio.min(1.0) * TRACK_STRETCH_EM * f64::from(style.size)) as f32,
            (1.0 + ratio.min(1.0) * EXPANSION) as f32,
        )
    } else {
        (
            (ratio * TRACK_SHRINK_EM * f64::from(style.size)) as f32,
            (1.0 + ratio * EXPANSION) as f32,
        )
    }
}
