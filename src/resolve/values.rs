//! Checks of single values: ids, colours, URLs, e-mail addresses, image files,
//! and the « vouliez-vous dire » suggestions.

use std::path::{Component, Path, PathBuf};

use image::{ImageFormat, ImageReader};

/// Images larger than this are refused from their header, never decoded:
/// 40 Mpx is a 7 300 × 5 500 photo, far beyond 300 dpi on A4, and decoding it
/// takes 160 MB of memory.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// Whether `id` is a valid file id: lowercase ASCII letters, digits and hyphens,
/// starting with a letter or digit.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// A valid id close to `id`: accents removed, lowercase, other characters as hyphens.
pub fn slugify(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' => "i",
            'ô' | 'ö' | 'ó' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' => "y",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(mapped);
    }
    let parts: Vec<&str> = out.split('-').filter(|p| !p.is_empty()).collect();
    parts.join("-")
}

/// Checks a `#RRGGBB` colour; on failure, says what is wrong and what to write.
pub fn check_color(value: &str) -> Result<(), (String, String)> {
    let hex = value.strip_prefix('#');
    match hex {
        Some(h) if h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()) => Ok(()),
        Some(h) if h.len() == 3 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
            let long: String = h.chars().flat_map(|c| [c, c]).collect();
            Err((
                format!("couleur « {value} » trop courte : 6 chiffres hexadécimaux sont attendus"),
                format!("écrivez la forme longue : couleur = \"#{long}\""),
            ))
        }
        Some(h) if h.bytes().all(|b| b.is_ascii_hexdigit()) => Err((
            format!(
                "couleur « {value} » invalide : {} au lieu de 6",
                match h.len() {
                    0 => "aucun chiffre hexadécimal".to_string(),
                    1 => "1 chiffre hexadécimal".to_string(),
                    n => format!("{n} chiffres hexadécimaux"),
                }
            ),
            "une couleur s’écrit # suivi de 6 chiffres de 0 à 9 ou lettres de A à F, par exemple \"#1B7F79\""
                .to_string(),
        )),
        Some(_) => Err((
            format!("couleur « {value} » invalide : seuls les chiffres 0-9 et les lettres A-F sont permis après #"),
            "par exemple couleur = \"#1B7F79\"".to_string(),
        )),
        None if value.bytes().all(|b| b.is_ascii_alphabetic()) => Err((
            format!("couleur « {value} » non reconnue : les noms de couleur ne sont pas acceptés"),
            "écrivez le code de la couleur, # suivi de 6 chiffres hexadécimaux, par exemple \"#C0392B\" pour un rouge"
                .to_string(),
        )),
        None => Err((
            format!("couleur « {value} » invalide : le format attendu est #RRGGBB"),
            "par exemple couleur = \"#1B7F79\"".to_string(),
        )),
    }
}

/// Checks an `http://` or `https://` address.
pub fn check_url(value: &str) -> Result<(), (String, String)> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let Some(rest) = rest else {
        let hint = if value.starts_with("www.") || (value.contains('.') && !value.contains("://")) {
            format!("ajoutez le début de l’adresse : \"https://{value}\"")
        } else {
            "une adresse web commence par https:// (ou http://), par exemple \"https://www.exemple.fr\""
                .to_string()
        };
        return Err((
            format!(
                "adresse web « {value} » invalide : elle doit commencer par https:// ou http://"
            ),
            hint,
        ));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if value.chars().any(char::is_whitespace) {
        return Err((
            format!("adresse web « {value} » invalide : elle contient une espace"),
            "retirez les espaces (ou remplacez-les par %20)".to_string(),
        ));
    }
    if host.is_empty() || !(host.contains('.') || host.starts_with("localhost")) {
        return Err((
            format!("adresse web « {value} » invalide : nom de site manquant après https://"),
            "par exemple \"https://www.exemple.fr/page\"".to_string(),
        ));
    }
    Ok(())
}

/// Checks an e-mail address (`nom@domaine.tld`).
pub fn check_email(value: &str) -> Result<(), (String, String)> {
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !local.contains(':')
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        return Ok(());
    }
    let hint = if let Some(address) = value.strip_prefix("mailto:") {
        format!("retirez « mailto: » : courriel = \"{address}\"")
    } else {
        "une adresse électronique s’écrit nom@domaine.fr, par exemple \"contact@exempleville.example\""
            .to_string()
    };
    Err((format!("adresse électronique « {value} » invalide"), hint))
}

/// What the header of a valid image says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// PNG or JPEG.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A problem with an image path or file: message, hint.
pub type ImageProblem = (String, String);

/// Checks an image path (inside `root`, no `..`, no absolute path, no symlink out)
/// and its header (PNG or JPEG, at most [`MAX_IMAGE_PIXELS`]). Nothing is decoded.
pub fn check_image(root: &Path, value: &str) -> Result<(PathBuf, ImageInfo), ImageProblem> {
    let full = check_image_path(root, value)?;
    let (format, width, height) = read_image_header(&full, value)?;
    check_image_content(&full, value, format, (width, height))?;
    Ok((
        full,
        ImageInfo {
            format,
            width,
            height,
        },
    ))
}

/// The file an image path names: inside `root`, relative, without `..`,
/// a non-empty file.
fn check_image_path(root: &Path, value: &str) -> Result<PathBuf, ImageProblem> {
    let path = Path::new(value);
    if value.trim().is_empty() {
        return Err((
            "chemin d’image vide".into(),
            "indiquez un chemin relatif au dossier des matériaux, par exemple \"images/pictos/jeunesse.png\"".into(),
        ));
    }
    if path.is_absolute()
        || value.starts_with('/')
        || value.starts_with('\\')
        || value.get(1..2) == Some(":")
    {
        return Err((
            format!("chemin d’image absolu « {value} » : il doit être relatif au dossier des matériaux"),
            "copiez l’image dans le dossier images/ des matériaux et écrivez par exemple \"images/logos/logo.png\"".into(),
        ));
    }
    if value.contains('\\') {
        return Err((
            format!("chemin d’image « {value} » écrit avec des barres obliques inverses"),
            format!(
                "utilisez des barres obliques : \"{}\"",
                value.replace('\\', "/")
            ),
        ));
    }
    if path.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err((
            format!("le chemin d’image « {value} » sort du dossier des matériaux (« .. »)"),
            "copiez l’image dans le dossier images/ des matériaux et indiquez ce chemin".into(),
        ));
    }
    let full = root.join(path);
    if !full.exists() {
        let mut hint =
            "vérifiez l’orthographe du chemin (majuscules comprises) et l’extension".to_string();
        if let Some(similar) = similar_file(value, &full) {
            hint = format!("vouliez-vous dire « {similar} » ?");
        }
        return Err((format!("image introuvable : « {value} »"), hint));
    }
    let inside = match (full.canonicalize(), root.canonicalize()) {
        (Ok(target), Ok(base)) => target.starts_with(base),
        _ => false,
    };
    if !inside {
        return Err((
            format!("l’image « {value} » est un lien qui mène hors du dossier des matériaux"),
            "copiez le fichier lui-même dans le dossier des matériaux au lieu d’un lien".into(),
        ));
    }
    if !full.is_file() {
        return Err((
            format!("« {value} » n’est pas un fichier"),
            "indiquez le chemin d’un fichier PNG ou JPEG".into(),
        ));
    }
    if full.metadata().map(|m| m.len()).unwrap_or(0) == 0 {
        return Err((
            format!("l’image « {value} » est un fichier vide"),
            "réenregistrez l’image depuis votre logiciel ou remplacez le fichier".into(),
        ));
    }
    Ok(full)
}

/// The format (PNG or JPEG, from the content alone) and the size in pixels
/// of the image file `full`.
fn read_image_header(full: &Path, value: &str) -> Result<(ImageFormat, u32, u32), ImageProblem> {
    // The format comes from the content alone: a text file named `.png` is not a PNG.
    let reader = std::fs::File::open(full)
        .map(|f| ImageReader::new(std::io::BufReader::new(f)))
        .and_then(ImageReader::with_guessed_format)
        .map_err(|_| {
            (
                format!("lecture impossible de l’image « {value} »"),
                "vérifiez que vous avez le droit de lire ce fichier".to_string(),
            )
        })?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Png | ImageFormat::Jpeg)) => f,
        Some(other) => {
            return Err((
                format!(
                    "l’image « {value} » est au format {} : seuls PNG et JPEG sont acceptés",
                    other
                        .extensions_str()
                        .first()
                        .unwrap_or(&"inconnu")
                        .to_uppercase()
                ),
                "convertissez-la en PNG (dessins, logos) ou en JPEG (photos)".into(),
            ));
        }
        None if value.to_lowercase().ends_with(".svg") => {
            return Err((
                format!("l’image « {value} » est au format SVG : il n’est pas accepté"),
                "exportez-la en PNG depuis votre logiciel de dessin (« Exporter en PNG »), puis écrivez ici le nom du fichier .png".into(),
            ));
        }
        None => {
            return Err((
                format!("« {value} » n’est pas une image PNG ou JPEG (contenu non reconnu)"),
                "le fichier a peut-être été renommé : ouvrez-le et réenregistrez-le en PNG ou JPEG"
                    .into(),
            ));
        }
    };
    let (width, height) = reader.into_dimensions().map_err(|_| {
        (
            format!("l’image « {value} » est illisible ou tronquée"),
            "réenregistrez l’image depuis votre logiciel ou remplacez le fichier".to_string(),
        )
    })?;
    if width == 0 || height == 0 {
        return Err((
            format!("l’image « {value} » est illisible : elle déclare {width} × {height} pixels"),
            "réenregistrez l’image depuis votre logiciel ou remplacez le fichier".into(),
        ));
    }
    Ok((format, width, height))
}

/// Refuses an image of more than [`MAX_IMAGE_PIXELS`] or whose file lacks
/// its end.
fn check_image_content(
    full: &Path,
    value: &str,
    format: ImageFormat,
    (width, height): (u32, u32),
) -> Result<(), ImageProblem> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err((
            format!(
                "l’image « {value} » est trop grande : {} × {} pixels ({} mégapixels, au plus {})",
                group_digits(u64::from(width)),
                group_digits(u64::from(height)),
                group_digits(pixels / 1_000_000),
                MAX_IMAGE_PIXELS / 1_000_000
            ),
            "réduisez-la (2 500 pixels de large suffisent pour une pleine page A4 à 300 dpi)"
                .into(),
        ));
    }
    if let Ok(bytes) = std::fs::read(full)
        && is_truncated(format, &bytes)
    {
        return Err((
            format!("l’image « {value} » est tronquée : la fin du fichier manque"),
            "le fichier a sans doute été mal copié ou mal téléchargé : copiez-le à nouveau \
             ou réenregistrez l’image depuis votre logiciel"
                .into(),
        ));
    }
    Ok(())
}

/// Whether an image file lacks its end: a PNG without its `IEND` chunk, a
/// JPEG without an end-of-image marker (`FF D9`). The header alone cannot tell:
/// a photo cut short by a failed download still has its dimensions, and a JPEG
/// is copied into the PDF without being decoded.
pub fn is_truncated(format: ImageFormat, bytes: &[u8]) -> bool {
    match format {
        ImageFormat::Png => !bytes.windows(4).rev().any(|w| w == b"IEND"),
        ImageFormat::Jpeg => !bytes
            .get(2..)
            .unwrap_or_default()
            .windows(2)
            .any(|w| w == [0xFF, 0xD9]),
        _ => false,
    }
}

/// `12345678` → « 12 345 678 », grouped with narrow no-break spaces.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

/// A file next to `path` whose name is close to its name, for a suggestion.
fn similar_file(value: &str, full: &Path) -> Option<String> {
    let wanted = full.file_name()?.to_string_lossy().to_lowercase();
    let names = std::fs::read_dir(full.parent()?)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()));
    let best = closest(&wanted, names)?;
    let folder = value.rsplit_once('/').map(|(d, _)| format!("{d}/"));
    Some(folder.unwrap_or_default() + &best)
}

/// The candidate closest to `wanted`, if close enough to be a likely typo.
pub fn closest<I, S>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let norm_wanted = normalize(wanted);
    candidates
        .into_iter()
        .map(|c| {
            let c = c.as_ref().to_string();
            // Optimal string alignment: a swap of two letters counts as one typo.
            let d = strsim::osa_distance(&norm_wanted, &normalize(&c));
            (d, c)
        })
        // One typo per three letters, at least one: « titr » → « titre », but
        // « de » is not offered « en ».
        .filter(|(d, c)| *d <= (c.chars().count().max(wanted.chars().count()) / 3).max(1))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)))
        .map(|(_, c)| c)
}

/// Lowercase, accents removed, `-` and spaces as `_`: « Mots-Clés » ~ « mots_cles ».
fn normalize(s: &str) -> String {
    slugify(s).replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_png_and_jpeg_were_accepted_by_check() {
        assert!(is_truncated(ImageFormat::Png, b"\x89PNG\r\n\x1a\n...IDAT"));
        assert!(!is_truncated(
            ImageFormat::Png,
            b"\x89PNG...\0\0\0\0IEND\xAEB`\x82"
        ));
        assert!(is_truncated(ImageFormat::Jpeg, b"\xFF\xD8\xFF\xE0..."));
        // The start-of-image marker FF D8 must not count as an end.
        assert!(is_truncated(ImageFormat::Jpeg, b"\xFF\xD9"));
        assert!(!is_truncated(ImageFormat::Jpeg, b"\xFF\xD8...\xFF\xD9"));
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("eau-assainissement"));
        assert!(is_valid_id("atelier-7-2010"));
        for bad in ["Jeunesse", "santé", "mon id", "-x", "", "a_b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(slugify("Égalité Femmes-Hommes"), "egalite-femmes-hommes");
        assert_eq!(slugify("Rosny-sous-Bois"), "rosny-sous-bois");
    }

    #[test]
    fn colours() {
        assert!(check_color("#1B7F79").is_ok());
        assert!(
            check_color("#12345")
                .unwrap_err()
                .0
                .contains("5 chiffres hexadécimaux au lieu de 6")
        );
        assert!(
            check_color("red")
                .unwrap_err()
                .0
                .contains("noms de couleur")
        );
        assert!(check_color("#abc").unwrap_err().1.contains("#aabbcc"));
        assert!(check_color("#12345G").is_err());
        assert!(check_color("1B7F79").is_err());
    }

    #[test]
    fn urls() {
        assert!(check_url("https://www.pseau.org").is_ok());
        assert!(check_url("http://exemple.fr/a?b=c").is_ok());
        assert!(
            check_url("www.pseau.org")
                .unwrap_err()
                .1
                .contains("https://www.pseau.org")
        );
        assert!(check_url("ftp://x.fr").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("https://exemple.fr/a b").is_err());
    }

    #[test]
    fn emails() {
        assert!(check_email("ri@exempleville.example").is_ok());
        assert!(check_email("ri.exempleville.example").is_err());
        assert!(check_email("ri@exempleville").is_err());
        assert!(
            check_email("mailto:ri@x.fr")
                .unwrap_err()
                .1
                .contains("retirez")
        );
    }

    #[test]
    fn suggestions() {
        let keys = ["titre", "sous_titre", "resume", "mots_cles"];
        assert_eq!(closest("sous-titre", keys).as_deref(), Some("sous_titre"));
        assert_eq!(closest("résumé", keys).as_deref(), Some("resume"));
        assert_eq!(closest("Mots-Clés", keys).as_deref(), Some("mots_cles"));
        assert_eq!(closest("couleur", keys), None);
        assert_eq!(closest("lein", ["lien", "nom"]).as_deref(), Some("lien"));
        assert_eq!(closest("de", ["fr", "en"]), None);
        assert_eq!(
            closest("jeunese", ["jeunesse", "sante"]).as_deref(),
            Some("jeunesse")
        );
    }
}
