//! Memoised paragraph setting: the lines [`Setter::set`] gives a paragraph,
//! kept per engine (one per thread) by everything that decides them, so that
//! the paragraphs every edition of a sheet shares (nearly all of a domain's
//! text, at the same measure and style), and those the flow sets again while
//! it tries column balances and relaxed layouts, are set once.
//!
//! Typst memoises its layout the same way (`comemo`): a pure function of its
//! inputs, answered from a cache when the inputs are equal. [`Setter::set`]
//! reads nothing but its arguments, the document's language and its engine's
//! shaper (one font book) and hyphenator, which never change for one memo:
//! [`crate::render::Engine`] keeps the three together.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use super::{LineRun, SetLine, SetParagraph, TextStyle};
use crate::layout::document::Color;
use crate::layout::fonts::Weight;
use crate::layout::inline::Run;

/// Bytes of set paragraphs (with their keys) one generation of the memo
/// holds before it becomes the old one and a new one starts: 4 MiB. A
/// domain sheet's shared paragraphs take some 300 KB, the twenty-odd sheets
/// of a full build's edition a few MB; the paragraphs of one commune only
/// (its name, its actions), never asked for again by another edition, are
/// what fills a generation. The two generations cap the memo near 8 MiB
/// per engine (two on the two cores of the reference host) whatever the
/// number of communes; an entry used during a generation survives the next.
/// It was 8 MiB: on a full build of 1 300 communes, 4 MiB set 30 % more
/// paragraphs (26 000 of 1.4 million asked for per engine, against 20 000)
/// for the same user time, and the peak fell from 109 to 82 MB: the memo's
/// entries, scattered through the threads' heaps, kept the memory the
/// targets freed around them from being given back (issue 20).
const GENERATION_BYTES: usize = 4 << 20;

/// The inputs of one paragraph setting, borrowed.
#[derive(Clone, Copy)]
pub(super) struct Input<'a> {
    /// The styled runs.
    pub(super) runs: &'a [Run],
    /// The paragraph style.
    pub(super) style: &'a TextStyle,
    /// The line widths (pt).
    pub(super) widths: &'a [f32],
    /// The document's language tag.
    pub(super) lang: &'a str,
}

/// [`style_bits`]: size and leading bits, colours, weight, (justify,
/// hyphenate, display).
type StyleBits = (u32, u32, Color, Color, Weight, (bool, bool, bool));

/// The exact bits of a style: floats by their bit patterns, so that a key
/// matches only inputs that are the same to the last bit (0.0 and −0.0
/// differ). Destructured field by field: a field added to [`TextStyle`] is
/// a compile error here until it is part of the key.
fn style_bits(style: &TextStyle) -> StyleBits {
    let TextStyle {
        size,
        leading,
        color,
        link_color,
        weight,
        justify,
        hyphenate,
        display,
    } = style;
    (
        size.to_bits(),
        leading.to_bits(),
        *color,
        *link_color,
        *weight,
        (*justify, *hyphenate, *display),
    )
}

impl Input<'_> {
    /// The hash of every input.
    fn hash(&self) -> u64 {
        let mut h = FxHasher::default();
        self.runs.hash(&mut h);
        style_bits(self.style).hash(&mut h);
        self.widths.len().hash(&mut h);
        for w in self.widths {
            w.to_bits().hash(&mut h);
        }
        self.lang.hash(&mut h);
        h.finish()
    }

    /// Whether `key` was made from inputs equal to these.
    fn is(&self, key: &Key) -> bool {
        self.runs == key.runs.as_slice()
            && style_bits(self.style) == style_bits(&key.style)
            && self.widths.len() == key.widths.len()
            && self
                .widths
                .iter()
                .zip(&key.widths)
                .all(|(a, b)| a.to_bits() == b.to_bits())
            && self.lang == key.lang
    }

    /// The owned key of these inputs.
    fn key(&self) -> Key {
        Key {
            runs: self.runs.to_vec(),
            style: self.style.clone(),
            widths: self.widths.to_vec(),
            lang: self.lang.to_owned(),
        }
    }
}

/// The inputs of a setting, owned.
struct Key {
    runs: Vec<Run>,
    style: TextStyle,
    widths: Vec<f32>,
    lang: String,
}

/// A setting and what it was set from.
struct Entry {
    key: Key,
    set: SetParagraph,
    /// Heap bytes of the entry ([`Entry::bytes`]).
    bytes: usize,
}

impl Entry {
    /// Roughly the bytes the entry holds: the structures and their heap
    /// buffers (glyphs, texts, links), enough to bound the memo.
    fn bytes(key: &Key, set: &SetParagraph) -> usize {
        use std::mem::size_of;
        let run = |r: &Run| {
            size_of::<Run>()
                + r.text.capacity()
                + r.link.as_ref().map_or(0, String::capacity)
                + r.lang.as_ref().map_or(0, String::capacity)
        };
        let line_run = |r: &LineRun| {
            size_of::<LineRun>()
                + r.glyphs.capacity() * size_of::<crate::layout::document::PlacedGlyph>()
                + r.text.capacity()
                + r.link.as_ref().map_or(0, String::capacity)
                + r.lang.as_ref().map_or(0, String::capacity)
        };
        let line = |l: &SetLine| size_of::<SetLine>() + l.runs.iter().map(line_run).sum::<usize>();
        size_of::<Entry>()
            + key.runs.iter().map(run).sum::<usize>()
            + key.widths.capacity() * size_of::<f32>()
            + key.lang.capacity()
            + set.lines.iter().map(line).sum::<usize>()
            + set.missing.capacity() * size_of::<char>()
    }
}

/// Settings by the hash of their inputs (entries of equal hashes together).
type Table = FxHashMap<u64, Vec<Entry>>;

/// The paragraphs an engine has set, by their inputs: two generations, the
/// current one and the previous one, of `GENERATION_BYTES` (8 MiB) each at most.
/// A hit in the previous generation moves the entry into the current one.
pub struct ParagraphMemo {
    current: Table,
    previous: Table,
    /// Bytes held by the current generation.
    bytes: usize,
    /// Bytes one generation holds at most.
    limit: usize,
    hits: u64,
    misses: u64,
}

impl Default for ParagraphMemo {
    fn default() -> Self {
        ParagraphMemo::with_limit(GENERATION_BYTES)
    }
}

impl ParagraphMemo {
    /// An empty memo whose generations hold `limit` bytes each.
    pub(crate) fn with_limit(limit: usize) -> ParagraphMemo {
        ParagraphMemo {
            current: Table::default(),
            previous: Table::default(),
            bytes: 0,
            limit,
            hits: 0,
            misses: 0,
        }
    }

    /// (hits, misses) since the memo was made.
    pub fn stats(&self) -> (u64, u64) {
        (self.hits, self.misses)
    }

    /// The setting of `input`, if it was set before (a copy).
    pub(super) fn get(&mut self, input: &Input<'_>) -> Option<SetParagraph> {
        let hash = input.hash();
        if let Some(entry) = self
            .current
            .get(&hash)
            .and_then(|bucket| bucket.iter().find(|e| input.is(&e.key)))
        {
            self.hits += 1;
            return Some(entry.set.clone());
        }
        let bucket = self.previous.get_mut(&hash)?;
        let at = bucket.iter().position(|e| input.is(&e.key))?;
        self.hits += 1;
        let entry = bucket.swap_remove(at);
        let set = entry.set.clone();
        self.keep(hash, entry);
        Some(set)
    }

    /// Records `set` as the setting of `input`.
    pub(super) fn insert(&mut self, input: &Input<'_>, set: &SetParagraph) {
        self.misses += 1;
        let key = input.key();
        let set = set.clone();
        let bytes = Entry::bytes(&key, &set);
        self.keep(input.hash(), Entry { key, set, bytes });
    }

    /// Puts `entry` in the current generation, starting a new one first if
    /// it would go past the limit.
    fn keep(&mut self, hash: u64, entry: Entry) {
        if self.bytes + entry.bytes > self.limit {
            self.previous = std::mem::take(&mut self.current);
            self.bytes = 0;
        }
        self.bytes += entry.bytes;
        self.current.entry(hash).or_default().push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fonts::FontBook;
    use crate::layout::hyphen::Hyphenator;
    use crate::layout::paragraph::Setter;
    use crate::layout::shape::Shaper;

    fn body() -> TextStyle {
        TextStyle {
            size: 9.5,
            leading: 12.5,
            color: Color::BLACK,
            link_color: Color::BLACK,
            weight: Weight::Regular,
            justify: true,
            hyphenate: true,
            display: false,
        }
    }

    /// Paragraphs of every kind the setter tells apart: justified with
    /// hyphenation, ragged, display (balanced), bold, italic, linked, in
    /// English, several line widths, one word too wide, blank.
    fn cases() -> Vec<(Vec<Run>, TextStyle, Vec<f32>, &'static str)> {
        let prose = "La commune accompagne les associations de jeunesse dans \
                     leurs projets d’éducation populaire, d’animation et \
                     d’insertion professionnelle des jeunes adultes.";
        let runs = vec![Run::plain(prose)];
        let mixed = vec![
            Run::plain("Voir "),
            Run {
                link: Some("https://www.jeunes.gouv.fr/".into()),
                ..Run::plain("www.jeunes.gouv.fr")
            },
            Run::plain(" et le ").bold(),
            Run {
                italic: true,
                lang: Some("en".into()),
                ..Run::plain("youth work")
            },
            Run::plain(" communautaire."),
        ];
        let ragged = TextStyle {
            justify: false,
            ..body()
        };
        let display = TextStyle {
            size: 16.0,
            leading: 19.0,
            weight: Weight::Bold,
            ..body()
        }
        .as_display();
        vec![
            (runs.clone(), body(), vec![240.0], "fr"),
            (runs.clone(), body(), vec![180.0], "fr"),
            (runs.clone(), body(), vec![120.0, 120.0, 240.0], "fr"),
            (runs.clone(), ragged.clone(), vec![180.0], "fr"),
            (runs.clone(), body(), vec![180.0], "en"),
            (mixed.clone(), body(), vec![150.0], "fr"),
            (mixed, ragged, vec![150.0], "fr"),
            (
                vec![Run::plain("Le développement des territoires ruraux")],
                display,
                vec![200.0],
                "fr",
            ),
            (
                vec![Run::plain("anticonstitutionnellement")],
                body(),
                vec![40.0],
                "fr",
            ),
            (vec![Run::plain("  ")], body(), vec![180.0], "fr"),
        ]
    }

    fn set_all(
        shaper: &mut Shaper,
        hyphenator: &Hyphenator,
        mut memo: Option<&mut ParagraphMemo>,
    ) -> Vec<SetParagraph> {
        cases()
            .iter()
            .map(|(runs, style, widths, lang)| {
                let mut setter = Setter {
                    shaper,
                    hyphenator,
                    lang,
                    memo: memo.as_deref_mut(),
                };
                setter.set(runs, style, widths)
            })
            .collect()
    }

    #[test]
    fn a_hit_returns_what_a_miss_computes() {
        let hyphenator = Hyphenator::default();
        let fresh = set_all(&mut Shaper::new(FontBook::builtin()), &hyphenator, None);
        let mut shaper = Shaper::new(FontBook::builtin());
        let mut memo = ParagraphMemo::default();
        let missed = set_all(&mut shaper, &hyphenator, Some(&mut memo));
        assert_eq!(memo.stats(), (0, cases().len() as u64));
        let hit = set_all(&mut shaper, &hyphenator, Some(&mut memo));
        assert_eq!(memo.stats(), (cases().len() as u64, cases().len() as u64));
        assert_eq!(missed, fresh);
        assert_eq!(hit, fresh);
        // The cases differ in one input each: had the key missed it, two
        // of them would have come back equal.
        for (i, a) in fresh.iter().enumerate().take(7) {
            for b in &fresh[i + 1..7] {
                assert_ne!(a, b, "case {i}");
            }
        }
    }

    #[test]
    fn every_input_is_part_of_the_key() {
        let (runs, style, widths, lang) = cases().swap_remove(5);
        let input = Input {
            runs: &runs,
            style: &style,
            widths: &widths,
            lang,
        };
        let key = input.key();
        assert!(input.is(&key));
        let mut other_runs = runs.clone();
        other_runs[3].lang = None;
        let changed_style = [
            TextStyle {
                size: 9.0,
                ..style.clone()
            },
            TextStyle {
                leading: 13.0,
                ..style.clone()
            },
            TextStyle {
                color: Color { r: 1, g: 0, b: 0 },
                ..style.clone()
            },
            TextStyle {
                link_color: Color { r: 0, g: 0, b: 1 },
                ..style.clone()
            },
            TextStyle {
                weight: Weight::Bold,
                ..style.clone()
            },
            TextStyle {
                justify: false,
                ..style.clone()
            },
            TextStyle {
                hyphenate: false,
                ..style.clone()
            },
            TextStyle {
                display: true,
                ..style.clone()
            },
        ];
        for s in &changed_style {
            assert!(!Input { style: s, ..input }.is(&key), "{s:?}");
        }
        assert!(
            !Input {
                runs: &other_runs,
                ..input
            }
            .is(&key)
        );
        assert!(
            !Input {
                widths: &[150.0, 150.0],
                ..input
            }
            .is(&key)
        );
        assert!(
            !Input {
                widths: &[150.5],
                ..input
            }
            .is(&key)
        );
        assert!(
            !Input {
                lang: "en",
                ..input
            }
            .is(&key)
        );
    }

    #[test]
    fn the_memo_stays_within_two_generations() {
        let hyphenator = Hyphenator::default();
        let mut shaper = Shaper::new(FontBook::builtin());
        let limit = 20_000;
        let mut memo = ParagraphMemo::with_limit(limit);
        for round in 0..3 {
            let fresh = set_all(&mut shaper, &hyphenator, None);
            let memoised = set_all(&mut shaper, &hyphenator, Some(&mut memo));
            assert_eq!(memoised, fresh, "round {round}");
            let held: usize = [&memo.current, &memo.previous]
                .iter()
                .flat_map(|t| t.values().flatten())
                .map(|e| e.bytes)
                .sum();
            assert!(held <= 2 * limit + 5_000, "{held} bytes held");
            assert!(memo.bytes <= limit);
        }
    }
}
