//! Shaping: text to positioned glyphs with rustybuzz, font fallback and a word cache.
//!
//! Text is shaped in French (`fr`) with kerning and standard ligatures (`kern`, `liga`);
//! discretionary ligatures (`dlig`) are explicitly off. The other default OpenType
//! features (`ccmp`, `locl`, `calt`, `mark`, `mkmk`…) stay on, since scripts need them.
//!
//! # Fallback
//! The text is cut into clusters (a character plus the combining marks and joiners that
//! follow it). Each cluster goes to the primary font of the style if it has every
//! character of the cluster, else to the first fallback that does. Consecutive clusters
//! of one font form a segment, shaped alone; its script and direction are guessed from
//! its first letter (so Arabic is shaped right to left). Characters no font has are
//! reported in [`ShapedRun::missing`] and drawn with the primary font's `.notdef`.
//! (Inter has every French sign, narrow no-break space U+202F included, so French text
//! never leaves it; a family lacking U+202F would get Noto Sans's by this same rule.)
//!
//! Inter 4.0 has no `liga` lookups at all (its f, i and l are drawn not to collide), so
//! with the built-in family `fi` stays two glyphs; families that have ligatures get them.
//! Inter's default `calt` does apply: it turns `->` and `=>` into arrows and centres a
//! colon between digits (`12:30`); the arrow glyph's range covers both characters.
//!
//! # Source ranges
//! Every [`Glyph`] carries the byte range of the input it stands for: a ligature covers
//! all its characters, and all glyphs of one cluster share one range, so reading each
//! cluster's range once, in glyph order, gives back the input exactly (the
//! copy–paste invariant the PDF text layer relies on). Inside a right-to-left segment
//! glyphs are in visual order, so its ranges run backwards.
//!
//! # Threads
//! A [`Shaper`] is used from one thread (`&mut self`, no locks); it is cheap to create
//! and `Send`, so each worker makes its own over the shared `Arc<FontBook>`.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use rustybuzz::ttf_parser::Tag;
use rustybuzz::{Direction, Feature, Language, Script, ShapePlan, UnicodeBuffer};
use unicode_linebreak::{BreakClass, break_property};

use super::fonts::{FontBook, FontId, Style};

/// One glyph, positioned relative to the pen.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    /// The font it comes from.
    pub font: FontId,
    /// Glyph id in that font (0 is `.notdef`).
    pub id: u16,
    /// How far the pen moves after it, in points at the run's size.
    pub x_advance: f32,
    /// Horizontal shift of the drawing, in points (does not move the pen).
    pub x_offset: f32,
    /// Vertical shift of the drawing, in points, upwards (does not move the pen).
    pub y_offset: f32,
    /// Byte range of the source text this glyph stands for (see the module documentation).
    pub text: Range<usize>,
}

/// The glyphs of one piece of text at one size.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShapedRun {
    /// The glyphs, left to right.
    pub glyphs: Vec<Glyph>,
    /// Sum of the advances, in points.
    pub width: f32,
    /// Characters drawn as a `.notdef` box because no font could take them (in practice,
    /// no font of the book has them), each once, in order of appearance. The box is the
    /// primary font's, unless the character is a mark on a base placed in another font.
    pub missing: Vec<char>,
}

impl ShapedRun {
    /// The glyphs grouped by cluster: each item is a source range and the glyphs that
    /// draw it (consecutive glyphs sharing a range).
    pub fn clusters(&self) -> impl Iterator<Item = (Range<usize>, &[Glyph])> + '_ {
        self.glyphs
            .chunk_by(|a, b| a.text == b.text)
            .map(|chunk| (chunk[0].text.clone(), chunk))
    }

    /// A copy with every length multiplied by `factor`.
    fn scaled(&self, factor: f32) -> ShapedRun {
        ShapedRun {
            glyphs: self
                .glyphs
                .iter()
                .map(|g| Glyph {
                    x_advance: g.x_advance * factor,
                    x_offset: g.x_offset * factor,
                    y_offset: g.y_offset * factor,
                    ..g.clone()
                })
                .collect(),
            width: self.width * factor,
            missing: self.missing.clone(),
        }
    }
}

/// How often [`Shaper::shape`] found its answer in the cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Calls answered from the cache.
    pub hits: u64,
    /// Calls that shaped.
    pub misses: u64,
    /// Texts currently cached, all styles together.
    pub entries: usize,
}

/// Cached texts, all styles together, before the cache is emptied. The shipped sheets have
/// some 10 000 distinct word forms in all: a full build of 1 300 communes left its two
/// engines with 7 900 and 8 500 texts, never emptied. At roughly 400 bytes an entry
/// this caps the cache near 6.5 MB per engine (one per thread) whatever the input. It was
/// 50 000, then 32 768: a build of 34 900 communes filled it with their own names and
/// addresses, never asked for again (13 MB per engine, kept through the territory's
/// directory, whose words are nearly all names). Emptying all at once is the simplest
/// eviction: the shipped words come back after a few calls, some 8 000 shapings each time
/// the cache is emptied, tens of milliseconds (issue 20, memory at 34 900 communes).
const CACHE_LIMIT: usize = 16_384;

/// The character [`Shaper::hyphen_width`] measures: the hyphen-minus, which is what the
/// hyphenation inserts at a line end (and what copy–paste gives back).
const HYPHEN: &str = "-";

/// Shapes text with a [`FontBook`], caching results by (text, style) at unit size.
pub struct Shaper {
    book: Arc<FontBook>,
    /// Unit-size (1 pt) runs by text, one map per [`Style::index`]; shared
    /// (`Arc`) so that callers keep a run without copying its glyphs.
    cache: [HashMap<String, Arc<ShapedRun>>; 6],
    /// The word space and the hyphen of each style, also in `cache`: asked
    /// for at every space and hyphenation point, they skip the hashing.
    frequent: [[Option<Arc<ShapedRun>>; 2]; 6],
    /// Shaping plans, built on first use of a (font, script, direction).
    plans: HashMap<(FontId, Script, Direction), ShapePlan>,
    features: [Feature; 3],
    language: Language,
    /// Reused between calls to avoid reallocating.
    buffer: Option<UnicodeBuffer>,
    hits: u64,
    misses: u64,
}

impl Shaper {
    /// A shaper over `book` with an empty cache.
    pub fn new(book: Arc<FontBook>) -> Shaper {
        Shaper {
            book,
            cache: Default::default(),
            frequent: Default::default(),
            plans: HashMap::default(),
            features: [
                Feature::new(Tag::from_bytes(b"kern"), 1, ..),
                Feature::new(Tag::from_bytes(b"liga"), 1, ..),
                Feature::new(Tag::from_bytes(b"dlig"), 0, ..),
            ],
            language: Language::from_str("fr").expect("valid language tag"),
            buffer: Some(UnicodeBuffer::new()),
            hits: 0,
            misses: 0,
        }
    }

    /// The font book shaped with.
    pub fn book(&self) -> &Arc<FontBook> {
        &self.book
    }

    /// Shapes `text` (usually one word or word fragment) in `style` at `size` points.
    pub fn shape(&mut self, text: &str, style: Style, size: f32) -> ShapedRun {
        self.shape_unit(text, style).scaled(size)
    }

    /// Shapes `text` in `style` at unit size (1 pt): every length of the run is
    /// to be multiplied by the font size. The run is shared with the cache, so
    /// this copies no glyphs (the paragraph setter keeps one per word fragment).
    pub fn shape_unit(&mut self, text: &str, style: Style) -> Arc<ShapedRun> {
        let frequent = match text {
            " " => Some(0),
            HYPHEN => Some(1),
            _ => None,
        };
        if let Some(k) = frequent
            && let Some(unit) = &self.frequent[style.index()][k]
        {
            self.hits += 1;
            return Arc::clone(unit);
        }
        if let Some(unit) = self.cache[style.index()].get(text) {
            self.hits += 1;
            return Arc::clone(unit);
        }
        self.misses += 1;
        let unit = Arc::new(self.shape_uncached(text, style));
        if self.cache.iter().map(HashMap::len).sum::<usize>() >= CACHE_LIMIT {
            self.cache.iter_mut().for_each(HashMap::clear);
        }
        self.cache[style.index()].insert(text.to_owned(), Arc::clone(&unit));
        if let Some(k) = frequent {
            self.frequent[style.index()][k] = Some(Arc::clone(&unit));
        }
        unit
    }

    /// Width of `text` in `style` at `size` points: [`Shaper::shape`]'s width,
    /// without copying the glyphs (asked for every space and every
    /// hyphenation point of a paragraph).
    pub fn width(&mut self, text: &str, style: Style, size: f32) -> f32 {
        self.shape_unit(text, style).width * size
    }

    /// Width of the hyphen added at a line break, in points.
    pub fn hyphen_width(&mut self, style: Style, size: f32) -> f32 {
        self.width(HYPHEN, style, size)
    }

    /// Width of a word space (U+0020) before any stretching, in points.
    pub fn space_width(&mut self, style: Style, size: f32) -> f32 {
        self.width(" ", style, size)
    }

    /// Cache hits and misses since creation (or the last [`Shaper::clear_cache`]).
    pub fn cache_stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits,
            misses: self.misses,
            entries: self.cache.iter().map(HashMap::len).sum(),
        }
    }

    /// Empties the cache and resets its counters.
    pub fn clear_cache(&mut self) {
        self.cache.iter_mut().for_each(HashMap::clear);
        self.frequent = Default::default();
        self.hits = 0;
        self.misses = 0;
    }

    /// Shapes at unit size (1 pt), without the cache.
    fn shape_uncached(&mut self, text: &str, style: Style) -> ShapedRun {
        let mut run = ShapedRun::default();
        for (font, range) in self.segments(text, style, &mut run.missing) {
            self.shape_segment(text, range, font, &mut run.glyphs);
        }
        run.width = run.glyphs.iter().map(|g| g.x_advance).sum();
        run
    }

    /// Cuts `text` into maximal (font, byte range) segments by coverage, recording in
    /// `missing` the characters their font lacks (no font has them).
    fn segments(
        &self,
        text: &str,
        style: Style,
        missing: &mut Vec<char>,
    ) -> Vec<(FontId, Range<usize>)> {
        let book = &*self.book;
        let primary = book.primary(style);
        let candidates = || std::iter::once(primary).chain(book.fallbacks().iter().copied());
        let mut segments: Vec<(FontId, Range<usize>)> = Vec::new();
        for cluster in clusters(text) {
            let chars = || text[cluster.clone()].chars().filter(|&c| !is_ignorable(c));
            let font = match chars().next() {
                // Only invisible characters: they join the current segment.
                None => segments.last().map_or(primary, |s| s.0),
                Some(base) => candidates()
                    .find(|&f| chars().all(|c| book.covers(f, c)))
                    .or_else(|| candidates().find(|&f| book.covers(f, base)))
                    .unwrap_or(primary),
            };
            for c in chars() {
                if !book.covers(font, c) && !missing.contains(&c) {
                    missing.push(c);
                }
            }
            match segments.last_mut() {
                Some((last, range)) if *last == font => range.end = cluster.end,
                _ => segments.push((font, cluster)),
            }
        }
        segments
    }

    /// Shapes `text[range]` with `font` (the rest of `text` as context) and appends its
    /// glyphs, at unit size, with ranges in `text` coordinates.
    fn shape_segment(
        &mut self,
        text: &str,
        range: Range<usize>,
        font: FontId,
        out: &mut Vec<Glyph>,
    ) {
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(&text[range.clone()]);
        buffer.set_pre_context(&text[..range.start]);
        buffer.set_post_context(&text[range.end..]);
        buffer.set_language(self.language.clone());
        buffer.guess_segment_properties();
        if buffer.script() == rustybuzz::script::UNKNOWN {
            // Only digits, spaces or punctuation: shape them as Latin, the script of the
            // text around, so that Latin kerning and `locl` apply.
            buffer.set_script(rustybuzz::script::LATIN);
        }
        let (script, direction) = (buffer.script(), buffer.direction());

        let face = self.book.face(font);
        let plan = self
            .plans
            .entry((font, script, direction))
            .or_insert_with(|| {
                ShapePlan::new(
                    face,
                    direction,
                    Some(script),
                    Some(&self.language),
                    &self.features,
                )
            });
        let shaped = rustybuzz::shape_with_plan(face, plan, buffer);

        // A glyph's range runs from its cluster start to the next cluster start; the
        // lowest start is pinned to the segment start so nothing can fall between.
        let mut starts: Vec<u32> = shaped.glyph_infos().iter().map(|i| i.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
        let base = range.start;
        let range_of = |cluster: u32| {
            let k = starts.partition_point(|&s| s < cluster);
            let start = if k == 0 {
                base
            } else {
                base + cluster as usize
            };
            let end = starts.get(k + 1).map_or(range.end, |&s| base + s as usize);
            start..end
        };
        let unit = 1.0 / f32::from(self.book.font(font).units_per_em);
        out.extend(
            shaped
                .glyph_infos()
                .iter()
                .zip(shaped.glyph_positions())
                .map(|(info, pos)| {
                    Glyph {
                        font,
                        // rustybuzz guarantees glyph ids fit in 16 bits.
                        id: info.glyph_id as u16,
                        x_advance: pos.x_advance as f32 * unit,
                        x_offset: pos.x_offset as f32 * unit,
                        y_offset: pos.y_offset as f32 * unit,
                        text: range_of(info.cluster),
                    }
                }),
        );
        self.buffer = Some(shaped.clear());
    }
}

/// Byte ranges of the clusters of `text`: a character with the combining marks, joiners
/// and variation selectors that follow it (and the character after a zero-width joiner).
fn clusters(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, first) = chars.next()?;
        let mut end = start + first.len_utf8();
        let mut joined = first == '\u{200D}';
        while let Some(&(i, c)) = chars.peek() {
            let class = break_property(c as u32);
            let extends = joined
                || matches!(
                    class,
                    BreakClass::CombiningMark | BreakClass::ZeroWidthJoiner
                )
                || ('\u{FE00}'..='\u{FE0F}').contains(&c);
            if !extends {
                break;
            }
            joined = c == '\u{200D}';
            end = i + c.len_utf8();
            chars.next();
        }
        Some(start..end)
    })
}

/// Default-ignorable characters the shaper hides: they need no glyph, so they never
/// decide the font of a cluster.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fonts::Weight;

    fn shaper() -> Shaper {
        Shaper::new(FontBook::builtin())
    }

    /// Each cluster's text once, in glyph order.
    fn copied(run: &ShapedRun, text: &str) -> String {
        run.clusters().map(|(r, _)| &text[r]).collect()
    }

    #[test]
    fn kerning_tightens_av() {
        let mut s = shaper();
        let pair = s.shape("AV", Style::REGULAR, 10.0).width;
        let apart =
            s.shape("A", Style::REGULAR, 10.0).width + s.shape("V", Style::REGULAR, 10.0).width;
        assert!(pair < apart - 0.1, "AV {pair} vs A+V {apart}");
    }

    /// A book whose every style is Noto Sans, which has the f-ligatures Inter lacks.
    fn noto_book() -> Arc<FontBook> {
        let dir = tempfile::tempdir().unwrap();
        let noto =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSans-Regular.ttf");
        for suffix in ["Regular", "Italic", "Bold", "BoldItalic"] {
            std::fs::copy(&noto, dir.path().join(format!("Noto-{suffix}.ttf"))).unwrap();
        }
        Arc::new(FontBook::from_folder(dir.path(), "Noto").unwrap())
    }

    #[test]
    fn fi_ligature_covers_both_letters() {
        let mut s = Shaper::new(noto_book());
        let run = s.shape("fin", Style::REGULAR, 10.0);
        assert_eq!(run.glyphs.len(), 2, "{run:?}");
        assert_eq!(run.glyphs[0].text, 0..2);
        assert_eq!(run.glyphs[1].text, 2..3);
        assert_eq!(copied(&run, "fin"), "fin");
        let run = s.shape("efficace", Style::REGULAR, 10.0);
        let ranges: Vec<_> = run.clusters().map(|(r, _)| r).collect();
        assert_eq!(ranges[..3], [0..1, 1..4, 4..5], "ffi is one glyph");
        assert_eq!(copied(&run, "efficace"), "efficace");
    }

    #[test]
    fn inter_arrows_keep_their_source() {
        let mut s = shaper();
        let run = s.shape("a->b", Style::REGULAR, 10.0);
        assert_eq!(copied(&run, "a->b"), "a->b");
        assert!(run.glyphs.iter().any(|g| g.text == (1..3)), "{run:?}");
    }

    #[test]
    fn copy_paste_gives_back_the_input() {
        let mut s = shaper();
        let texts = [
            "« Bonjour » ;",
            "l’œuvre",
            "Œcuménique",
            "coefficient",
            "efflorescence",
            "affinité",
            "À l’école, où l’on apprend…",
            "déjà-vu",
            "Ça\u{202F}!",
            "e\u{0301}te\u{0301}",
            "Noël Ærø ÿ",
            "1\u{00A0}000\u{202F}€",
            "ⵣ tamazight ⵜⴰⵎⴰⵣⵉⵖⵜ",
            "coopé\u{00AD}ration",
            "😀 rire",
        ];
        let mut noto = Shaper::new(noto_book());
        let cases = Style::ALL
            .map(|st| (st, false))
            .into_iter()
            .chain([(Style::REGULAR, true)]);
        for (style, with_noto) in cases {
            let shaper = if with_noto { &mut noto } else { &mut s };
            for text in texts {
                let run = shaper.shape(text, style, 9.0);
                assert_eq!(copied(&run, text), text, "{style:?}");
                // Ranges tile the input: contiguous, nothing skipped.
                let mut at = 0;
                for (r, _) in run.clusters() {
                    assert_eq!(r.start, at, "{text:?}");
                    assert!(r.end > r.start);
                    at = r.end;
                }
                assert_eq!(at, text.len());
            }
        }
    }

    #[test]
    fn tifinagh_falls_back_to_noto_tifinagh() {
        let mut s = shaper();
        let book = s.book().clone();
        let run = s.shape("aⵣb", Style::REGULAR, 12.0);
        assert!(run.missing.is_empty());
        let tifinagh = book.fallbacks()[1];
        assert_eq!(book.font(tifinagh).name, "NotoSansTifinagh-Regular");
        let z = run.glyphs.iter().find(|g| g.text == (1..4)).unwrap();
        assert_eq!(z.font, tifinagh);
        assert_ne!(z.id, 0);
        assert!(z.x_advance > 0.0);
        assert_eq!(run.glyphs[0].font, book.primary(Style::REGULAR));
        assert_eq!(run.glyphs[2].font, book.primary(Style::REGULAR));
    }

    #[test]
    fn arabic_is_shaped_right_to_left() {
        let mut s = shaper();
        let book = s.book().clone();
        let text = "سلام";
        let run = s.shape(text, Style::REGULAR, 12.0);
        assert!(run.missing.is_empty());
        assert!(
            run.glyphs
                .iter()
                .all(|g| g.font == book.fallbacks()[2] && g.id != 0)
        );
        // Visual order: the first glyph drawn is the last letter.
        assert_eq!(run.glyphs.first().unwrap().text.end, text.len());
        assert_eq!(run.glyphs.last().unwrap().text.start, 0);
        let mut ranges: Vec<_> = run.clusters().map(|(r, _)| r).collect();
        ranges.reverse();
        let logical: String = ranges.into_iter().map(|r| &text[r]).collect();
        assert_eq!(logical, text);
    }

    #[test]
    fn emoji_is_reported_missing() {
        let mut s = shaper();
        let book = s.book().clone();
        let run = s.shape("ok😀😀", Style::REGULAR, 10.0);
        assert_eq!(run.missing, vec!['\u{1F600}']);
        let notdef = run.glyphs.iter().find(|g| g.text.start == 2).unwrap();
        assert_eq!((notdef.font, notdef.id), (book.primary(Style::REGULAR), 0));
    }

    #[test]
    fn narrow_no_break_space_is_drawn() {
        let mut s = shaper();
        let book = s.book().clone();
        let run = s.shape("\u{202F}", Style::REGULAR, 10.0);
        assert!(run.missing.is_empty());
        assert_ne!(run.glyphs[0].id, 0);
        // Narrower than a word space, as French typography wants.
        let space = s.space_width(Style::REGULAR, 10.0);
        assert!(
            run.width > 0.0 && run.width < space,
            "{} vs {space}",
            run.width
        );
        if !book.covers(book.primary(Style::REGULAR), '\u{202F}') {
            assert_eq!(run.glyphs[0].font, book.fallbacks()[0]);
        }
    }

    #[test]
    fn width_scales_linearly_with_size() {
        let mut s = shaper();
        let bold = Style {
            weight: Weight::Bold,
            italic: false,
        };
        let w10 = s.shape("Coopération", bold, 10.0);
        let w25 = s.shape("Coopération", bold, 25.0);
        assert!((w25.width - 2.5 * w10.width).abs() < 1e-3);
        for (a, b) in w10.glyphs.iter().zip(&w25.glyphs) {
            assert!((b.x_advance - 2.5 * a.x_advance).abs() < 1e-4);
        }
        assert!(s.hyphen_width(bold, 10.0) > 0.0);
        let space = s.space_width(Style::REGULAR, 10.0);
        assert!((1.0..4.0).contains(&space), "space {space}");
        assert!((s.space_width(Style::REGULAR, 20.0) - 2.0 * space).abs() < 1e-4);
    }

    #[test]
    fn repeated_words_hit_the_cache() {
        let mut s = shaper();
        let words = "la coopération de la commune et de la région".split(' ');
        for w in words.clone().chain(words) {
            s.shape(w, Style::REGULAR, 10.0);
        }
        let stats = s.cache_stats();
        assert_eq!(stats.misses, 6, "{stats:?}");
        assert_eq!(stats.hits, 18 - 6);
        assert_eq!(stats.entries, 6);
        // Another style is another entry.
        s.shape(
            "la",
            Style {
                weight: Weight::Regular,
                italic: true,
            },
            10.0,
        );
        assert_eq!(s.cache_stats().misses, 7);
        s.clear_cache();
        assert_eq!(s.cache_stats(), CacheStats::default());
    }

    #[test]
    fn styles_shape_with_their_own_font() {
        let mut s = shaper();
        let book = s.book().clone();
        for style in Style::ALL {
            let run = s.shape("Été", style, 10.0);
            assert!(run.glyphs.iter().all(|g| g.font == book.primary(style)));
        }
    }

    #[test]
    fn shaper_moves_to_threads() {
        fn assert_send<T: Send>() {}
        assert_send::<Shaper>();
    }

    #[test]
    fn clusters_keep_marks_with_their_base() {
        let text = "e\u{0301}a\u{200D}b\u{FE0F}c";
        let got: Vec<&str> = clusters(text).map(|r| &text[r]).collect();
        assert_eq!(got, ["e\u{0301}", "a\u{200D}b\u{FE0F}", "c"]);
    }

    /// Shaping speed on a 1 000-word French text, cold and warm cache. Run with
    /// `cargo test --release --lib layout::shape -- --nocapture --ignored`.
    #[test]
    #[ignore]
    fn timing() {
        let paragraph = "La coopération décentralisée désigne l’ensemble des actions de \
            coopération internationale menées par les collectivités territoriales françaises \
            et leurs groupements avec des autorités locales étrangères. Elle s’appuie sur une \
            convention signée entre les partenaires, qui fixe les objectifs, les moyens et la \
            durée de l’action. Les communes, les départements et les régions peuvent ainsi \
            soutenir des projets d’accès à l’eau potable, d’assainissement, de gestion des \
            déchets ou de développement économique local. Le financement associe souvent \
            l’Agence française de développement, les agences de l’eau (dispositif « 1 % eau ») \
            et les fonds propres de la collectivité. Chaque projet fait l’objet d’un suivi \
            régulier : rapports d’étape, missions sur place, évaluation finale. Les élus \
            veillent à associer les habitants, les associations de solidarité internationale \
            et les diasporas, qui apportent leur connaissance du terrain. Œuvrer ensemble, \
            c’est aussi apprendre : les échanges d’agents et de jeunes enrichissent les \
            pratiques des deux côtés… Quelle ambition pour demain ? Une action efficace, \
            transparente et durable, au service des populations !";
        let base: Vec<&str> = paragraph.split_whitespace().collect();
        // 1 000 words with the repetitions of real text, plus numbered variants so that
        // about half the forms are distinct.
        let owned: Vec<String> = (0..1000)
            .map(|i| {
                let w = base[(i * 7) % base.len()];
                if i % 2 == 0 {
                    format!("{w}{}", i / 2)
                } else {
                    w.to_owned()
                }
            })
            .collect();
        let words: Vec<&str> = owned.iter().map(String::as_str).collect();
        let t = std::time::Instant::now();
        let book = FontBook::builtin();
        println!(
            "first FontBook::builtin() (parses nine fonts when first in the process): {:?}",
            t.elapsed()
        );

        let mut s = Shaper::new(book.clone());
        let t = std::time::Instant::now();
        for w in &words {
            s.shape(w, Style::REGULAR, 10.0);
        }
        let cold = t.elapsed();
        let stats = s.cache_stats();

        let t = std::time::Instant::now();
        for w in &words {
            s.shape(w, Style::REGULAR, 10.0);
        }
        let warm = t.elapsed();

        let t = std::time::Instant::now();
        let mut every = Shaper::new(book.clone());
        every.shape("x", Style::REGULAR, 10.0);
        let plan = t.elapsed();
        let t = std::time::Instant::now();
        for w in &words {
            every.clear_cache();
            every.shape(w, Style::REGULAR, 10.0);
        }
        let uncached = t.elapsed();

        let rate = |d: std::time::Duration| words.len() as f64 / d.as_secs_f64();
        println!(
            "1000 words: cold {cold:?} ({:.0} words/s, {} misses, {} hits), warm {warm:?} \
             ({:.0} words/s), every word shaped {uncached:?} ({:.0} words/s), first shape \
             with plan {plan:?}",
            rate(cold),
            stats.misses,
            stats.hits,
            rate(warm),
            rate(uncached)
        );
    }
}
