//! Editorial checks on the typed materials: real examples without sources,
//! dated key figures, over-long sentences, acronyms neither in the glossary
//! nor expanded, and text left from an `ancrage new` template. All warnings.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Date, ExampleNature, Glossary};
use crate::source::FileId;

use super::Materials;

/// Longest sentence accepted without a warning: past 40 words a reader of a
/// sheet loses the thread (issue 17 counted 25 such sentences, up to 71 words).
pub const MAX_SENTENCE_WORDS: usize = 40;

/// Age, in years before the collection's edition, past which a key figure is
/// called dated: most public statistics are refreshed at least every five years.
pub const FRESHNESS_YEARS: u16 = 5;

/// Shortest template string looked for in the materials: shorter ones
/// (« 9 h 30 », « Accueil et présentation ») are also real values.
const MIN_TEMPLATE_CHARS: usize = 30;

/// Template strings that are also real values, never reported.
const REAL_TEMPLATE_VALUES: [&str; 3] = [
    "Code général des collectivités territoriales, article L1115-1",
    "Service des relations internationales",
    "Salle du conseil, hôtel de ville",
];

/// Phrases that only a placeholder uses.
const PLACEHOLDER_MARKERS: [&str; 5] = [
    "Remplacez ce texte",
    "Remplacez ce chapeau",
    "Exemple à adapter",
    "Premier paragraphe :",
    "Deuxième paragraphe :",
];

/// Keys whose values are not prose (addresses, ids, paths, enumerations).
const NOT_PROSE: [&str; 18] = [
    "url",
    "lien",
    "site",
    "courriel",
    "image",
    "pictogramme",
    "logo",
    "couleur",
    "domaines",
    "domaine",
    "mots_cles",
    "statut",
    "nature",
    "heure",
    "pays",
    "type",
    "commune",
    "experience",
];

/// Keys holding citations: checked for acronyms, not for sentence length.
const CITATIONS: [&str; 2] = ["source", "sources"];

/// Runs every editorial check on the typed materials: the files in
/// parallel (half of a cold one-sheet build's first thread, with the second
/// core idle), their diagnostics joined in the files' order.
pub fn check(materials: &Materials, diags: &mut Diagnostics) {
    use rayon::prelude::*;
    let templates = Templates::new();
    let files: Vec<Checked> = (materials.domains.iter().map(Checked::Domain))
        .chain(materials.communes.iter().map(Checked::Commune))
        .chain(materials.workshops.iter().map(Checked::Workshop))
        .chain(materials.experiences.iter().map(Checked::Record))
        .collect();
    let found: Vec<Diagnostics> = files
        .par_iter()
        .map(|file| {
            let mut diags = Diagnostics::default();
            file.check(materials, &templates, &mut diags);
            diags
        })
        .collect();
    for found in found {
        diags.extend(found);
    }
    check_glossary_keys(materials, diags);
}

/// A file [`check`] reads.
enum Checked<'m> {
    Domain(&'m super::DomainSheet),
    Commune(&'m super::CommuneProfile),
    Workshop(&'m super::WorkshopFile),
    Record(&'m super::ExperienceRecord),
}

impl Checked<'_> {
    /// The editorial checks of this file.
    fn check(&self, materials: &Materials, templates: &Templates, diags: &mut Diagnostics) {
        let (file, value) = match self {
            Checked::Domain(sheet) => (sheet.file, toml::Value::try_from(&sheet.domain)),
            Checked::Commune(profile) => (profile.file, toml::Value::try_from(&profile.commune)),
            Checked::Workshop(workshop) => {
                (workshop.file, toml::Value::try_from(&workshop.workshop))
            }
            Checked::Record(record) => (record.file, toml::Value::try_from(&record.experience)),
        };
        let value = value.expect("typed materials serialise");
        check_prose(materials, file, &value, templates, diags);
        if let Checked::Domain(sheet) = self {
            check_sources(materials, sheet, diags);
            if let Some(edition) = materials.collection.edition {
                check_freshness(materials, sheet, edition, diags);
            }
        }
    }
}

/// A real example of a domain sheet must cite a source.
fn check_sources(materials: &Materials, sheet: &super::DomainSheet, diags: &mut Diagnostics) {
    for (i, example) in sheet.domain.examples.iter().enumerate() {
        if example.nature == ExampleNature::Real && example.sources.is_empty() {
            diags.push(
                Diagnostic::warning(format!(
                    "l’expérience réelle « {} » ne cite aucune source",
                    example.title
                ))
                .at_or_in(sheet.file, materials.key_span(sheet.file, &format!("exemples.{i}")))
                .with_hint("ajoutez sources = [\"https://…\"] (la page qui la décrit, par exemple sa fiche dans l’Atlas français de la coopération décentralisée), ou écrivez nature = \"type\""),
            );
        }
    }
}

fn check_freshness(
    materials: &Materials,
    sheet: &super::DomainSheet,
    edition: Date,
    diags: &mut Diagnostics,
) {
    // A sheet updated after the collection's edition date would print a
    // « Mise à jour » later than the « édition du … » of its booklet.
    if let Some(updated) = sheet.domain.updated.filter(|&updated| updated > edition) {
        diags.push(
            Diagnostic::warning(format!(
                "mise à jour du {updated} postérieure à l’édition de la collection ({edition})"
            ))
            .at_or_in(sheet.file, materials.key_span(sheet.file, "mise_a_jour"))
            .with_hint(format!(
                "avancez la date d’édition dans collection.toml (edition = {updated}), ou corrigez mise_a_jour"
            )),
        );
    }
    for (i, figure) in sheet.domain.figures.iter().enumerate() {
        let Some(year) = figure.year else { continue };
        if year + FRESHNESS_YEARS >= edition.year {
            continue;
        }
        diags.push(
            Diagnostic::warning(format!(
                "chiffre « {} » de {year} : plus de {FRESHNESS_YEARS} ans avant l’édition ({})",
                figure.value, edition.year
            ))
            .at_or_in(sheet.file, materials.key_span(sheet.file, &format!("chiffres.{i}.annee")))
            .with_hint("cherchez un chiffre plus récent à la même source, et mettez à jour « valeur », « source » et « annee »"),
        );
    }
}

/// One string of a file, with its path in the span index (`exemples.2.texte`).
struct Field<'v> {
    path: String,
    key: String,
    text: &'v str,
}

fn fields<'v>(value: &'v toml::Value, path: String, key: &str, out: &mut Vec<Field<'v>>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match value {
        toml::Value::String(text) => out.push(Field {
            path,
            key: key.to_string(),
            text,
        }),
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                fields(item, join(&i.to_string()), key, out);
            }
        }
        toml::Value::Table(table) => {
            for (k, v) in table {
                fields(v, join(k), k, out);
            }
        }
        _ => {}
    }
}

/// The sentence, acronym and template checks on every prose field of a file.
fn check_prose(
    materials: &Materials,
    file: FileId,
    value: &toml::Value,
    templates: &Templates,
    diags: &mut Diagnostics,
) {
    let mut all = Vec::new();
    fields(value, String::new(), "", &mut all);
    let prose: Vec<&Field<'_>> = all
        .iter()
        .filter(|f| !NOT_PROSE.contains(&f.key.as_str()))
        .collect();
    let own_text: Vec<&str> = prose.iter().map(|f| f.text).collect();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for field in &prose {
        let range = materials.key_span(file, &field.path);
        let raw = (materials.sources.try_get(file))
            .zip(range.clone())
            .and_then(|(s, range)| s.text.get(range))
            .unwrap_or("");
        // Where the value's text starts in the file, when it is written as is.
        let body = crate::source::string_body(raw)
            .filter(|(_, body)| *body == field.text)
            .zip(range.as_ref())
            .map(|((at, _), range)| range.start + at);
        let locate = |r: Range<usize>| body.map(|s| s + r.start..s + r.end).or(range.clone());
        if !CITATIONS.contains(&field.key.as_str()) {
            for (sentence, words) in long_sentences(field.text) {
                diags.push(
                    Diagnostic::warning(format!("phrase de {words} mots : coupez-la"))
                        .at_or_in(file, locate(sentence))
                        .with_hint(format!("au-delà de {MAX_SENTENCE_WORDS} mots, une phrase se lit mal : faites-en deux ou trois")),
                );
            }
        }
        for (acronym, at) in acronyms(field.text) {
            if materials.glossary.acronyms.contains_key(acronym)
                || expanded(acronym, &own_text)
                || !reported.insert(acronym.to_string())
            {
                continue;
            }
            diags.push(
                Diagnostic::warning(format!("sigle « {acronym} » inconnu"))
                    .at_or_in(file, locate(at.clone()))
                    .with_label("ni dans sigles.toml, ni développé dans ce fichier")
                    .with_hint(format!("ajoutez dans sigles.toml, sous [sigles] : {acronym} = \"…\" (son développement), ou écrivez-le à sa première mention : « … ({acronym}) »")),
            );
        }
        if let Some(left) = template_left(field.text, templates) {
            diags.push(
                Diagnostic::warning(format!(
                    "texte laissé du modèle « ancrage new » : « {left} »"
                ))
                .at_or_in(file, range.clone())
                .with_hint("remplacez-le par le vrai texte, ou supprimez la ligne"),
            );
        }
    }
}

/// The sentences of `text` over [`MAX_SENTENCE_WORDS`] words: their byte
/// range in `text` and word count. Markup tags are not words.
pub fn long_sentences(text: &str) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut words = 0;
    let mut in_word = false;
    let mut in_tag = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '<' {
            in_tag = true;
        }
        if in_tag {
            in_tag = c != '>';
            in_word = false;
            continue;
        }
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else if c.is_whitespace() {
            in_word = false;
        }
        let end = matches!(c, '.' | '!' | '?' | '…')
            && chars.peek().is_none_or(|(_, next)| next.is_whitespace())
            && starts_sentence(&text[i + c.len_utf8()..]);
        if end || chars.peek().is_none() {
            if let Some(s) = start.take()
                && words > MAX_SENTENCE_WORDS
            {
                out.push((s..i + c.len_utf8(), words));
            }
            words = 0;
            in_word = false;
        }
    }
    out
}

/// Whether what follows a full stop opens a new sentence (a capital, a digit,
/// a quote) rather than going on after an abbreviation (« art. 2 » aside).
fn starts_sentence(rest: &str) -> bool {
    let next = rest.trim_start().chars().next();
    next.is_none_or(|c| c.is_uppercase() || c == '«' || c == '<')
}

/// The acronyms of `text`, each with its byte range: words of letters and
/// digits with at least two capitals and no small letter (« EPCI », « F3E »,
/// « COP21 »), not roman numerals, not inside a tag or an address.
pub fn acronyms(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut offset = 0;
    // A tag (`<span lang="en">`) may hold spaces: its state spans words.
    let mut in_tag = false;
    for word in text.split_inclusive(char::is_whitespace) {
        // Addresses hold `:`, `.` or `@`: most words are not searched.
        let skip = word.bytes().any(|b| matches!(b, b':' | b'.' | b'@'))
            && (word.contains("://") || word.contains("www.") || word.contains('@'));
        // A word of ASCII with fewer than two capitals holds no acronym:
        // only its last `<` or `>` matters (most words of the prose).
        let plain = word.is_ascii() && word.bytes().filter(u8::is_ascii_uppercase).count() < 2;
        if !skip && plain {
            if let Some(&b) = word.as_bytes().iter().rfind(|&&b| b == b'<' || b == b'>') {
                in_tag = b == b'<';
            }
        } else if !skip {
            let mut start = None;
            for (i, c) in word
                .char_indices()
                .chain(std::iter::once((word.len(), ' ')))
            {
                if !in_tag && c.is_alphanumeric() {
                    start.get_or_insert(i);
                    continue;
                }
                if let Some(s) = start.take() {
                    let token = &word[s..i];
                    if is_acronym(token) {
                        out.push((token, offset + s..offset + i));
                    }
                }
                if c == '<' {
                    in_tag = true;
                } else if c == '>' {
                    in_tag = false;
                }
            }
        }
        offset += word.len();
    }
    out
}

fn is_acronym(token: &str) -> bool {
    let capitals = token.chars().filter(|c| c.is_uppercase()).count();
    let roman = token
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    capitals >= 2 && !token.chars().any(char::is_lowercase) && !roman
}

/// Whether the file's own text expands the acronym: « … (EPCI) » or « EPCI (…) ».
fn expanded(acronym: &str, texts: &[&str]) -> bool {
    let inside = format!("({acronym})");
    let before = format!("{acronym} (");
    texts
        .iter()
        .any(|t| t.contains(&inside) || t.contains(&before))
}

/// The expansions of the glossary's acronyms that `texts` use, in
/// alphabetical order: the « Sigles » box of a sheet.
pub fn acronyms_used<'g>(glossary: &'g Glossary, texts: &[&str]) -> Vec<(&'g str, &'g str)> {
    let used: BTreeSet<&str> = texts
        .iter()
        .flat_map(|t| acronyms(t).into_iter().map(|(a, _)| a))
        .collect();
    glossary
        .acronyms
        .iter()
        .filter(|(a, _)| used.contains(a.as_str()))
        .map(|(a, e)| (a.as_str(), e.as_str()))
        .collect()
}

/// What a domain's own text gives a sheet's « Sigles » box: the glossary's
/// acronyms its prose uses (its addresses, paths and colours left aside),
/// and those it expands. The same for every edition of the domain without
/// a commune's override, so it is computed once per domain
/// ([`super::Materials::domain_acronyms`]) and not for every sheet.
#[derive(Debug, Clone, Default)]
pub struct DomainAcronyms {
    /// The glossary's acronyms the domain's prose uses.
    used: BTreeSet<String>,
    /// The glossary's acronyms the domain's prose expands.
    expanded: BTreeSet<String>,
}

impl DomainAcronyms {
    /// The part of `domain` in the « Sigles » box, for `glossary`.
    pub fn of(glossary: &Glossary, domain: &crate::model::Domain) -> DomainAcronyms {
        if glossary.acronyms.is_empty() {
            return DomainAcronyms::default();
        }
        let value = toml::Value::try_from(domain).expect("a domain serialises");
        let mut all = Vec::new();
        fields(&value, String::new(), "", &mut all);
        let texts: Vec<&str> = all
            .iter()
            .filter(|f| !NOT_PROSE.contains(&f.key.as_str()))
            .map(|f| f.text)
            .collect();
        DomainAcronyms {
            used: glossary_used(glossary, &texts),
            expanded: glossary_expanded(glossary.acronyms.keys(), &texts),
        }
    }
}

/// The glossary's acronyms that `texts` use.
fn glossary_used(glossary: &Glossary, texts: &[&str]) -> BTreeSet<String> {
    acronyms_used(glossary, texts)
        .into_iter()
        .map(|(a, _)| a.to_string())
        .collect()
}

/// Those of `candidates` that `texts` expand: « (EPCI) », emphasis markers
/// aside (« (**ECSI**) » expands it too), and « (PRA/OSIM) » each of its two.
/// Every form holds a parenthesis: each candidate is tried at the
/// parentheses of the texts only, not searched for in all of their text.
fn glossary_expanded<'a>(
    candidates: impl Iterator<Item = &'a String> + Clone,
    texts: &[&str],
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // Taking the markers out adds no parenthesis: texts without one are
    // left before it.
    let plain = texts
        .iter()
        .filter(|t| t.contains(['(', ')']))
        .map(|t| t.replace(['*', '_'], ""));
    for text in plain {
        // « (X) » and « (X/ »: X right after an opening parenthesis.
        for (at, _) in text.match_indices('(') {
            let rest = &text[at + 1..];
            out.extend(
                candidates
                    .clone()
                    .filter(|a| {
                        rest.strip_prefix(a.as_str())
                            .is_some_and(|after| after.starts_with([')', '/']))
                    })
                    .cloned(),
            );
        }
        // « /X) »: X right before a closing parenthesis, after a slash.
        for (at, _) in text.match_indices(')') {
            let before = &text[..at];
            out.extend(
                candidates
                    .clone()
                    .filter(|a| {
                        before
                            .strip_suffix(a.as_str())
                            .is_some_and(|b| b.ends_with('/'))
                    })
                    .cloned(),
            );
        }
    }
    out
}

/// The glossary entries a sheet prints in its « Sigles » box: those of the
/// acronyms its domain's prose uses (`domain`, see [`DomainAcronyms`]),
/// with those of `extra` texts printed on it (a commune's actions), but
/// not those its text already expands (« Agence française de développement
/// (AFD) »): issue 17 asks for the expansion at the first mention *or* in
/// the box, and a sheet has no room to print it twice.
pub fn sheet_acronyms<'g>(
    glossary: &'g Glossary,
    domain: &DomainAcronyms,
    extra: &[&str],
) -> Vec<(&'g str, &'g str)> {
    if glossary.acronyms.is_empty() {
        return Vec::new();
    }
    let used_here = glossary_used(glossary, extra);
    let expanded_here = glossary_expanded(used_here.iter().chain(&domain.used), extra);
    glossary
        .acronyms
        .iter()
        .filter(|(a, _)| domain.used.contains(*a) || used_here.contains(*a))
        .filter(|(a, _)| !domain.expanded.contains(*a) && !expanded_here.contains(*a))
        .map(|(a, e)| (a.as_str(), e.as_str()))
        .collect()
}

/// What [`template_left`] looks for: the [`PLACEHOLDER_MARKERS`], then the
/// [`template_strings`], in one automaton (a text is read once, not once
/// per string: the search was two fifths of a cold one-sheet build).
struct Templates {
    /// The markers, then the template strings, in this order.
    patterns: Vec<String>,
    automaton: aho_corasick::AhoCorasick,
}

impl Templates {
    fn new() -> Templates {
        let patterns: Vec<String> = (PLACEHOLDER_MARKERS.iter())
            .map(|m| m.to_string())
            .chain(template_strings())
            .collect();
        // A contiguous NFA: the DFA that `new` picks for this many strings
        // costs more to build (7 M instructions) than all the searches of
        // the shipped materials.
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .expect("template strings");
        Templates {
            patterns,
            automaton,
        }
    }
}

/// The strings of the `ancrage new` templates (commented-out lines too) long
/// enough to be told from real content, without their `{{…}}` slots.
fn template_strings() -> Vec<String> {
    let mut out = Vec::new();
    for template in crate::templates::ALL {
        for line in template.lines() {
            let mut parts = line.split('"');
            parts.next();
            while let (Some(inside), Some(_)) = (parts.next(), parts.next()) {
                if inside.chars().count() >= MIN_TEMPLATE_CHARS
                    && !inside.contains("{{")
                    && !REAL_TEMPLATE_VALUES.contains(&inside)
                {
                    out.push(inside.to_string());
                }
            }
        }
    }
    out
}

/// The template string or placeholder phrase `text` holds, if any: the
/// first marker it holds, else the first template string.
fn template_left<'t>(text: &str, templates: &'t Templates) -> Option<&'t str> {
    // Every match, overlapping ones too: the first pattern wins, wherever
    // it is in the text.
    (templates.automaton.find_overlapping_iter(text))
        .map(|m| m.pattern().as_usize())
        .min()
        .map(|i| templates.patterns[i].as_str())
}

/// Keys of `sigles.toml` that the acronym check would never match.
fn check_glossary_keys(materials: &Materials, diags: &mut Diagnostics) {
    let Some(file) = materials.sources.find(crate::load::GLOSSARY_FILE) else {
        return;
    };
    for key in materials.glossary.acronyms.keys() {
        let whole = acronyms(key).first().is_some_and(|(a, _)| a == key);
        if !whole {
            diags.push(
                Diagnostic::warning(format!("« {key} » n’est pas lu comme un sigle"))
                    .at_or_in(file, materials.key_span(file, &format!("sigles.{key}")))
                    .with_hint("un sigle s’écrit en capitales, au moins deux, sans espace ni ponctuation (« EPCI », « F3E ») ; pour « PRA/OSIM », donnez PRA et OSIM séparément"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_words_of_capitals() {
        let found: Vec<&str> = acronyms("L’EPCI et le F3E (COP21), l’Acte III, art. L1115-1, PRA/OSIM, https://www.AFD.fr <span lang=\"EN\">UN</span>")
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(found, ["EPCI", "F3E", "COP21", "PRA", "OSIM", "UN"]);
        // A tag over several words, opened and closed in words read fast
        // (ASCII, under two capitals) or not.
        let text =
            "<a title=\"x y\">EPCI</a> et <a TITLE=\"AB CD\">x</a> UE <b\nclass=\"z\">ONG</b>";
        let found: Vec<&str> = acronyms(text).into_iter().map(|(a, _)| a).collect();
        assert_eq!(found, ["EPCI", "UE", "ONG"]);
    }

    #[test]
    fn long_sentences_are_counted_in_words() {
        let long = format!("Mot {}", vec!["mot"; 40].join(" "));
        let text = format!("Courte phrase, art. 2 compris. {long}. Fin.");
        let found = long_sentences(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, 41);
        assert_eq!(&text[found[0].0.clone()], format!("{long}."));
        let forty = vec!["mot"; 40].join(" ");
        assert!(long_sentences(&forty).is_empty());
    }

    #[test]
    fn expansions_are_found_at_parentheses_as_by_searching_the_forms() {
        let keys: Vec<String> = ["AFD", "ECSI", "PRA", "OSIM", "UE", "A", "FD", "CT"]
            .map(String::from)
            .to_vec();
        let texts = [
            "Agence française de développement (AFD), et l’UE.",
            "Éducation (**ECSI**) et (PRA/OSIM) ; (A_FD) ; (CT",
            "sans parenthèse AFD",
            "(UE/ et /FD)",
        ];
        let found = glossary_expanded(keys.iter(), &texts);
        // The forms searched in the whole of each text, markers taken out.
        let searched: BTreeSet<String> = keys
            .iter()
            .filter(|a| {
                texts.iter().any(|t| {
                    let t = t.replace(['*', '_'], "");
                    [format!("({a})"), format!("({a}/"), format!("/{a})")]
                        .iter()
                        .any(|f| t.contains(f.as_str()))
                })
            })
            .cloned()
            .collect();
        assert_eq!(found, searched);
        let expected: BTreeSet<String> = ["AFD", "ECSI", "PRA", "OSIM", "UE", "FD"]
            .map(String::from)
            .into();
        assert_eq!(found, expected);
    }

    #[test]
    fn template_text_is_recognised() {
        let templates = Templates::new();
        assert!(template_left("Remplacez ce texte par la présentation.", &templates).is_some());
        assert!(
            template_left(
                "Ce que l’international apporte à cette politique",
                &templates
            )
            .is_some()
        );
        assert!(template_left("Accueil et présentation", &templates).is_none());
        // The first marker, then the first template string, whatever their
        // place in the text (as one search per string found them).
        let strings: Vec<String> = (template_strings().into_iter())
            .filter(|t| !PLACEHOLDER_MARKERS.iter().any(|m| t.contains(m)))
            .collect();
        let text = format!("{} {} Exemple à adapter", strings[1], strings[0]);
        assert_eq!(template_left(&text, &templates), Some("Exemple à adapter"));
        let text = format!("{} puis {}", strings[1], strings[0]);
        assert_eq!(template_left(&text, &templates), Some(strings[0].as_str()));
    }
}
