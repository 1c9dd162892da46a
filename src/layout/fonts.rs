//! The font book: the parsed fonts of one family plus the fallbacks, shared by all threads.
//!
//! A [`FontBook`] is built once per process ([`FontBook::builtin`] caches the embedded
//! Inter family in a [`OnceLock`]) and handed around as an `Arc<FontBook>`. Each
//! [`Font`] keeps its metrics and a ready [`rustybuzz::Face`], so shaping never
//! re-parses a file.
//!
//! # Why the font data is `&'static [u8]`
//!
//! A `rustybuzz::Face` borrows the bytes it was parsed from. Keeping the bytes and the
//! face side by side in one struct would be self-referential, so the bytes are made
//! `'static` instead:
//! - the built-in family is compiled in with `include_bytes!`, which is `'static` already;
//! - a family read at run time ([`FontBook::from_folder`]) is leaked with
//!   [`Box::leak`]. Leaked contents are interned by value in a process-wide table, so
//!   loading the same files again (a watch mode, tests) reuses the first copy: the
//!   memory held is bounded by the distinct font files ever read, a few megabytes.

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rustybuzz::ttf_parser;

/// Index of a font in its [`FontBook`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct FontId(pub u16);

/// Weight of a style; semibold is used for headings.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Weight {
    /// Body text (400).
    Regular,
    /// Headings and emphasis lighter than bold (600).
    SemiBold,
    /// Strong emphasis (700).
    Bold,
}

/// A weight and a slant: what the text asks for, mapped to a font by [`FontBook::primary`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Style {
    /// The weight.
    pub weight: Weight,
    /// Whether the italic face is wanted.
    pub italic: bool,
}

impl Style {
    /// Upright regular body text.
    pub const REGULAR: Style = Style {
        weight: Weight::Regular,
        italic: false,
    };

    /// The six styles, in [`Style::index`] order.
    pub const ALL: [Style; 6] = [
        Style {
            weight: Weight::Regular,
            italic: false,
        },
        Style {
            weight: Weight::Regular,
            italic: true,
        },
        Style {
            weight: Weight::SemiBold,
            italic: false,
        },
        Style {
            weight: Weight::SemiBold,
            italic: true,
        },
        Style {
            weight: Weight::Bold,
            italic: false,
        },
        Style {
            weight: Weight::Bold,
            italic: true,
        },
    ];

    /// A dense index in `0..6` (regular, italic, semibold, semibold italic, bold, bold italic),
    /// for tables indexed by style.
    pub fn index(self) -> usize {
        let weight = match self.weight {
            Weight::Regular => 0,
            Weight::SemiBold => 1,
            Weight::Bold => 2,
        };
        weight * 2 + usize::from(self.italic)
    }

    /// The usual file-name suffix of this style (`Regular`, `SemiBoldItalic`…).
    pub fn file_suffix(self) -> &'static str {
        [
            "Regular",
            "Italic",
            "SemiBold",
            "SemiBoldItalic",
            "Bold",
            "BoldItalic",
        ][self.index()]
    }

    /// The French name of this style, for messages.
    pub fn french_name(self) -> &'static str {
        [
            "romain",
            "italique",
            "demi-gras",
            "demi-gras italique",
            "gras",
            "gras italique",
        ][self.index()]
    }
}

/// How the glyph outlines are stored; the PDF export embeds them differently.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Outlines {
    /// PostScript outlines in a `CFF ` table (OpenType `.otf`).
    Cff,
    /// Quadratic outlines in a `glyf` table (TrueType `.ttf`).
    TrueType,
}

/// One parsed font file: names, metrics in font units, and the shaping face.
pub struct Font {
    /// PostScript name (`Inter-Regular`), used as the PDF base font name.
    pub name: String,
    /// Family name as given by the font (`Inter`), or the file stem when absent.
    pub family: String,
    /// The whole font file.
    pub data: &'static [u8],
    /// Font units per em; every metric below is in these units.
    pub units_per_em: u16,
    /// Ascender (positive, above the baseline).
    pub ascender: i16,
    /// Descender (negative, below the baseline).
    pub descender: i16,
    /// Height of capital letters.
    pub cap_height: i16,
    /// Height of lowercase letters without ascenders.
    pub x_height: i16,
    /// Recommended extra space between lines.
    pub line_gap: i16,
    /// Italic angle in degrees, counter-clockwise from vertical (negative for a right slant).
    pub italic_angle: f32,
    /// Bounding box of all glyphs: `[x_min, y_min, x_max, y_max]`.
    pub bbox: [i16; 4],
    /// OS/2 weight class (400 regular, 700 bold).
    pub weight_class: u16,
    /// Outline format, for embedding.
    pub outlines: Outlines,
    /// Number of glyphs, glyph ids are below it.
    pub glyph_count: u16,
    face: rustybuzz::Face<'static>,
}

impl fmt::Debug for Font {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Font")
            .field("name", &self.name)
            .field("bytes", &self.data.len())
            .field("units_per_em", &self.units_per_em)
            .field("outlines", &self.outlines)
            .finish_non_exhaustive()
    }
}

impl Font {
    /// Parses a font file (first face of a collection).
    pub fn parse(
        data: &'static [u8],
        file_stem: &str,
    ) -> Result<Font, ttf_parser::FaceParsingError> {
        let parsed = ttf_parser::Face::parse(data, 0)?;
        let name_of = |id: u16| {
            parsed
                .names()
                .into_iter()
                .filter(|n| n.name_id == id)
                .find_map(|n| n.to_string())
                .filter(|s| !s.is_empty())
        };
        let name = name_of(ttf_parser::name_id::POST_SCRIPT_NAME)
            .unwrap_or_else(|| file_stem.replace(' ', ""));
        let family = name_of(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            .or_else(|| name_of(ttf_parser::name_id::FAMILY))
            .unwrap_or_else(|| file_stem.to_owned());
        // Old OS/2 tables (version < 2) lack these heights: measure a reference glyph instead,
        // which is what the values mean; zero only if even that glyph is absent.
        let glyph_top = |c: char| {
            parsed
                .glyph_index(c)
                .and_then(|g| parsed.glyph_bounding_box(g))
                .map_or(0, |r| r.y_max)
        };
        let cap_height = parsed
            .capital_height()
            .filter(|&h| h > 0)
            .unwrap_or_else(|| glyph_top('H'));
        let x_height = parsed
            .x_height()
            .filter(|&h| h > 0)
            .unwrap_or_else(|| glyph_top('x'));
        let bbox = parsed.global_bounding_box();
        let outlines = if parsed.tables().cff.is_some() {
            Outlines::Cff
        } else {
            Outlines::TrueType
        };
        Ok(Font {
            name,
            family,
            data,
            units_per_em: parsed.units_per_em(),
            ascender: parsed.ascender(),
            descender: parsed.descender(),
            cap_height,
            x_height,
            line_gap: parsed.line_gap(),
            italic_angle: parsed.italic_angle(),
            bbox: [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max],
            weight_class: parsed.weight().to_number(),
            outlines,
            glyph_count: parsed.number_of_glyphs(),
            face: rustybuzz::Face::from_face(parsed),
        })
    }

    /// The shaping face (it also derefs to a `ttf_parser::Face` for glyph queries).
    pub fn face(&self) -> &rustybuzz::Face<'static> {
        &self.face
    }

    /// Whether the font maps `c` to a glyph of its own.
    pub fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }
}

/// Why a font family could not be loaded; displayed in French.
#[derive(Debug)]
pub enum FontError {
    /// Required style files are absent.
    Missing {
        /// The folder searched.
        folder: PathBuf,
        /// The family asked for.
        family: String,
        /// The missing files, without extension (`Famille-Bold`); `.otf` and `.ttf` were tried.
        stems: Vec<String>,
    },
    /// A file exists but could not be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The system error.
        error: io::Error,
    },
    /// A file was read but is not a usable OpenType or TrueType font.
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, in French.
        reason: &'static str,
    },
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontError::Missing {
                folder,
                family,
                stems,
            } => {
                let files: Vec<String> = stems.iter().map(|s| format!("« {s}.otf »")).collect();
                let (noun, verb) = if stems.len() > 1 {
                    ("fichiers", "sont introuvables")
                } else {
                    ("fichier", "est introuvable")
                };
                write!(
                    f,
                    "police « {family} » incomplète : {noun} {} (ou .ttf) {verb} dans le dossier « {} »",
                    files.join(", "),
                    folder.display()
                )
            }
            FontError::Unreadable { path, error } => {
                write!(
                    f,
                    "lecture impossible du fichier de police « {} » : {error}",
                    path.display()
                )
            }
            FontError::Invalid { path, reason } => {
                write!(
                    f,
                    "le fichier « {} » n’est pas une police utilisable : {reason}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for FontError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FontError::Unreadable { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// French wording of a parsing failure.
fn parse_reason(err: ttf_parser::FaceParsingError) -> &'static str {
    use ttf_parser::FaceParsingError as E;
    match err {
        E::UnknownMagic => "signature inconnue (ni OpenType .otf ni TrueType .ttf)",
        E::MalformedFont => "fichier tronqué ou endommagé",
        E::FaceIndexOutOfBounds => "collection de polices sans police utilisable",
        E::NoHeadTable => "table « head » absente ou endommagée",
        E::NoHheaTable => "table « hhea » absente ou endommagée",
        E::NoMaxpTable => "table « maxp » absente ou endommagée",
    }
}

/// The fonts of one family plus the fallbacks, parsed once and shared (`Send + Sync`).
#[derive(Debug)]
pub struct FontBook {
    fonts: Vec<Font>,
    /// The font of each style, by [`Style::index`].
    primaries: [FontId; 6],
    fallbacks: Vec<FontId>,
}

/// The embedded family, in [`Style::ALL`] order.
const BUILTIN_FAMILY: [(&str, &[u8]); 6] = [
    (
        "Inter-Regular",
        include_bytes!("../../fonts/Inter-Regular.otf"),
    ),
    (
        "Inter-Italic",
        include_bytes!("../../fonts/Inter-Italic.otf"),
    ),
    (
        "Inter-SemiBold",
        include_bytes!("../../fonts/Inter-SemiBold.otf"),
    ),
    (
        "Inter-SemiBoldItalic",
        include_bytes!("../../fonts/Inter-SemiBoldItalic.otf"),
    ),
    ("Inter-Bold", include_bytes!("../../fonts/Inter-Bold.otf")),
    (
        "Inter-BoldItalic",
        include_bytes!("../../fonts/Inter-BoldItalic.otf"),
    ),
];

/// The embedded fallbacks, tried in this order: Noto Sans first for the Latin, Greek and
/// Cyrillic signs and punctuation Inter lacks, then the scripts of the Maghreb.
const BUILTIN_FALLBACKS: [(&str, &[u8]); 3] = [
    (
        "NotoSans-Regular",
        include_bytes!("../../fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSansTifinagh-Regular",
        include_bytes!("../../fonts/NotoSansTifinagh-Regular.ttf"),
    ),
    (
        "NotoSansArabic-Regular",
        include_bytes!("../../fonts/NotoSansArabic-Regular.ttf"),
    ),
];

impl FontBook {
    /// The embedded Inter family with the Noto fallbacks, parsed on first use and then
    /// shared: every call returns the same `Arc`.
    pub fn builtin() -> Arc<FontBook> {
        static BOOK: OnceLock<Arc<FontBook>> = OnceLock::new();
        BOOK.get_or_init(|| {
            let fonts = BUILTIN_FAMILY
                .iter()
                .map(|&(stem, data)| Font::parse(data, stem).expect("embedded font parses"))
                .collect();
            let primaries = std::array::from_fn(|i| FontId(i as u16));
            Arc::new(FontBook::with_fallbacks(fonts, primaries))
        })
        .clone()
    }

    /// Loads family `family` from `dir`: `<family>-Regular`, `-Italic`, `-Bold` and
    /// `-BoldItalic` are required, `-SemiBold` and `-SemiBoldItalic` optional (the bold
    /// faces stand in for them); each as `.otf`, else `.ttf`. The embedded Noto
    /// fallbacks are appended. Read the result once and share it: file contents are
    /// kept for the whole process (see the module documentation).
    pub fn from_folder(dir: &Path, family: &str) -> Result<FontBook, FontError> {
        let find = |style: Style| {
            let stem = format!("{family}-{}", style.file_suffix());
            ["otf", "ttf"]
                .iter()
                .map(|ext| dir.join(format!("{stem}.{ext}")))
                .find(|p| p.is_file())
                .ok_or(stem)
        };
        let found: Vec<Result<PathBuf, String>> = Style::ALL.iter().map(|&s| find(s)).collect();
        let missing: Vec<String> = Style::ALL
            .iter()
            .zip(&found)
            .filter(|(s, _)| s.weight != Weight::SemiBold)
            .filter_map(|(_, f)| f.as_ref().err().cloned())
            .collect();
        if !missing.is_empty() {
            return Err(FontError::Missing {
                folder: dir.to_path_buf(),
                family: family.to_owned(),
                stems: missing,
            });
        }

        let mut fonts = Vec::new();
        let mut primaries = [FontId(0); 6];
        // Bold styles come first so that a missing semibold can point at its bold.
        for style in [0, 1, 4, 5, 2, 3].map(|i| Style::ALL[i]) {
            let slot = style.index();
            let path = match &found[slot] {
                Ok(path) => path,
                Err(_) => {
                    let bold = Style {
                        weight: Weight::Bold,
                        ..style
                    };
                    primaries[slot] = primaries[bold.index()];
                    continue;
                }
            };
            let bytes = std::fs::read(path).map_err(|error| FontError::Unreadable {
                path: path.clone(),
                error,
            })?;
            let data = intern(bytes);
            let stem = path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            let font = Font::parse(data, &stem).map_err(|e| FontError::Invalid {
                path: path.clone(),
                reason: parse_reason(e),
            })?;
            primaries[slot] = FontId(fonts.len() as u16);
            fonts.push(font);
        }
        Ok(FontBook::with_fallbacks(fonts, primaries))
    }

    /// Appends the embedded fallbacks to a family.
    fn with_fallbacks(mut fonts: Vec<Font>, primaries: [FontId; 6]) -> FontBook {
        let mut fallbacks = Vec::new();
        for &(stem, data) in &BUILTIN_FALLBACKS {
            fallbacks.push(FontId(fonts.len() as u16));
            fonts.push(Font::parse(data, stem).expect("embedded font parses"));
        }
        FontBook {
            fonts,
            primaries,
            fallbacks,
        }
    }

    /// The font of the family for `style`.
    pub fn primary(&self, style: Style) -> FontId {
        self.primaries[style.index()]
    }

    /// The fallback fonts, tried character by character, in order, when the primary
    /// font lacks a character.
    pub fn fallbacks(&self) -> &[FontId] {
        &self.fallbacks
    }

    /// Every font of the book, indexed by [`FontId`].
    pub fn fonts(&self) -> &[Font] {
        &self.fonts
    }

    /// A font by id.
    ///
    /// # Panics
    /// If `id` does not come from this book.
    pub fn font(&self, id: FontId) -> &Font {
        &self.fonts[usize::from(id.0)]
    }

    /// The shaping face of a font.
    pub fn face(&self, id: FontId) -> &rustybuzz::Face<'static> {
        self.font(id).face()
    }

    /// Whether font `id` has a glyph for `c`.
    pub fn covers(&self, id: FontId, c: char) -> bool {
        self.font(id).covers(c)
    }
}

/// Leaks `bytes` unless identical bytes were leaked before, and returns the `'static` copy.
fn intern(bytes: Vec<u8>) -> &'static [u8] {
    static LEAKED: OnceLock<Mutex<HashSet<&'static [u8]>>> = OnceLock::new();
    let mut leaked = LEAKED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&data) = leaked.get(bytes.as_slice()) {
        return data;
    }
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    leaked.insert(data);
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn book_is_send_sync_and_shared() {
        assert_send_sync::<FontBook>();
        assert_send_sync::<Arc<FontBook>>();
        let a = FontBook::builtin();
        let b = FontBook::builtin();
        assert!(Arc::ptr_eq(&a, &b));
        let from_thread = std::thread::spawn(FontBook::builtin).join().unwrap();
        assert!(Arc::ptr_eq(&a, &from_thread));
    }

    #[test]
    fn inter_loads_with_sane_metrics() {
        let book = FontBook::builtin();
        let regular = book.font(book.primary(Style::REGULAR));
        assert_eq!(regular.name, "Inter-Regular");
        assert_eq!(regular.family, "Inter");
        assert_eq!(regular.outlines, Outlines::Cff);
        assert!(regular.units_per_em > 0);
        assert!(regular.ascender > regular.cap_height);
        assert!(regular.cap_height > regular.x_height && regular.x_height > 0);
        assert!(regular.descender < 0);
        assert_eq!(regular.weight_class, 400);
        let noto = book.font(book.fallbacks()[0]);
        assert_eq!(noto.outlines, Outlines::TrueType);
        assert_eq!(noto.name, "NotoSans-Regular");
    }

    #[test]
    fn six_styles_are_six_distinct_fonts() {
        let book = FontBook::builtin();
        let ids: HashSet<FontId> = Style::ALL.iter().map(|&s| book.primary(s)).collect();
        assert_eq!(ids.len(), 6);
        let names: HashSet<&str> = ids.iter().map(|&id| book.font(id).name.as_str()).collect();
        assert_eq!(names.len(), 6);
        for style in Style::ALL {
            let font = book.font(book.primary(style));
            assert_eq!(font.name, format!("Inter-{}", style.file_suffix()));
            assert_eq!(font.italic_angle != 0.0, style.italic, "{}", font.name);
            let expected = match style.weight {
                Weight::Regular => 400,
                Weight::SemiBold => 600,
                Weight::Bold => 700,
            };
            assert_eq!(font.weight_class, expected, "{}", font.name);
        }
        for &f in book.fallbacks() {
            assert!(!ids.contains(&f));
        }
    }

    #[test]
    fn inter_regular_covers_french_typography() {
        let book = FontBook::builtin();
        let regular = book.primary(Style::REGULAR);
        let french = [
            '\u{00A0}', '\u{202F}', '\u{2019}', '\u{00AB}', '\u{00BB}', '\u{2026}',
        ];
        for c in french
            .into_iter()
            .chain(['œ', 'Œ', 'É', 'ç', '€', '\u{2011}'])
        {
            assert!(book.covers(regular, c), "Inter lacks U+{:04X}", c as u32);
        }
    }

    #[test]
    fn fallbacks_cover_tifinagh_and_arabic() {
        let book = FontBook::builtin();
        let regular = book.primary(Style::REGULAR);
        assert!(!book.covers(regular, 'ⵣ'));
        let [noto, tifinagh, arabic] = book.fallbacks() else {
            panic!("three fallbacks")
        };
        assert!(book.covers(*tifinagh, 'ⵣ'));
        assert!(book.covers(*arabic, 'ع'));
        assert!(!book.covers(*noto, '\u{1F600}'));
    }

    #[test]
    fn from_folder_names_missing_files_in_french() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Famille-Regular.otf"), b"junk").unwrap();
        std::fs::write(dir.path().join("Famille-Italic.ttf"), b"junk").unwrap();
        let err = FontBook::from_folder(dir.path(), "Famille").unwrap_err();
        let message = err.to_string();
        assert!(
            matches!(err, FontError::Missing { ref stems, .. } if stems.len() == 2),
            "{err:?}"
        );
        assert!(message.contains("« Famille-Bold.otf »"), "{message}");
        assert!(message.contains("« Famille-BoldItalic.otf »"), "{message}");
        assert!(message.contains("introuvables"), "{message}");
        assert!(
            !message.contains("SemiBold"),
            "semibold is optional: {message}"
        );
    }

    #[test]
    fn from_folder_reports_an_invalid_file() {
        let dir = tempfile::tempdir().unwrap();
        for suffix in ["Regular", "Italic", "Bold", "BoldItalic"] {
            std::fs::write(
                dir.path().join(format!("Famille-{suffix}.otf")),
                b"pas une police",
            )
            .unwrap();
        }
        let err = FontBook::from_folder(dir.path(), "Famille").unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, FontError::Invalid { .. }), "{err:?}");
        assert!(message.contains("Famille-Regular.otf"), "{message}");
        assert!(
            message.contains("n’est pas une police utilisable : signature inconnue"),
            "{message}"
        );
    }

    #[test]
    fn from_folder_loads_a_family_without_semibold() {
        let dir = tempfile::tempdir().unwrap();
        let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        for suffix in ["Regular", "Italic", "Bold", "BoldItalic"] {
            std::fs::copy(
                fonts.join(format!("Inter-{suffix}.otf")),
                dir.path().join(format!("Inter-{suffix}.otf")),
            )
            .unwrap();
        }
        let book = FontBook::from_folder(dir.path(), "Inter").unwrap();
        assert_eq!(book.fonts().len(), 4 + 3);
        let semibold = Style {
            weight: Weight::SemiBold,
            italic: true,
        };
        let bold = Style {
            weight: Weight::Bold,
            italic: true,
        };
        assert_eq!(book.primary(semibold), book.primary(bold));
        assert_eq!(book.font(book.primary(bold)).name, "Inter-BoldItalic");
        assert_eq!(book.fallbacks().len(), 3);
        // Loading again reuses the interned bytes instead of leaking a second copy.
        let again = FontBook::from_folder(dir.path(), "Inter").unwrap();
        assert!(std::ptr::eq(
            book.font(FontId(0)).data,
            again.font(FontId(0)).data
        ));
    }
}
