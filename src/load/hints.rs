//! Hints for the commonest TOML mistakes of people who are not programmers
//! (issue 18, points 8 and 10): an unquoted date, number or yes/no, a decimal
//! comma, straight quotes inside a text, a text continued on the next line,
//! a Windows path, an accented key. Each hint says what the schema expects
//! and, when what was typed can be read, the line to write instead.

use serde_json::Value;

use crate::resolve::values::slugify;
use crate::schema::{FileKind, schema_for};

/// What the schema expects for a key, as far as a hint needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A text between quotes (free text, id, enumerated value).
    Text,
    /// A whole number.
    Integer,
    /// A number, decimals allowed.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A TOML date, `2010-07-08`.
    Date,
    /// A list between brackets.
    List,
    /// A table, or anything else.
    Other,
}

/// Deepest nesting searched in a schema: the file schemas nest tables three
/// or four levels (`[surcharges.sante]`, `[[chiffres]]` in a domain); eight
/// leaves room and stops a cycle of references.
const MAX_DEPTH: usize = 8;

/// What the schema of `kind` expects for `key`, wherever it is defined (the
/// first table that has it): `None` when no table has it.
pub fn expected(kind: FileKind, key: &str) -> Option<Want> {
    let root = schema_for(kind);
    let found = find_property(&root, key, 0)?;
    Some(want(&root, found, 0))
}

fn find_property<'v>(node: &'v Value, key: &str, depth: usize) -> Option<&'v Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    match node {
        Value::Object(map) => map
            .get("properties")
            .and_then(|p| p.get(key))
            .or_else(|| map.values().find_map(|v| find_property(v, key, depth + 1))),
        Value::Array(items) => items.iter().find_map(|v| find_property(v, key, depth + 1)),
        _ => None,
    }
}

/// The values `key` allows when the schema of `kind` lists them
/// (`nature`, `papier`, `langue`, `mise_en_page`).
pub fn allowed_values(kind: FileKind, key: &str) -> Option<Vec<String>> {
    let root = schema_for(kind);
    let found = find_property(&root, key, 0)?;
    enumeration(&root, found, 0)
}

fn enumeration(root: &Value, schema: &Value, depth: usize) -> Option<Vec<String>> {
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some(values) = crate::resolve::check::enum_values(schema) {
        return Some(values.into_iter().map(str::to_string).collect());
    }
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| root.pointer(r.trim_start_matches('#')))
    {
        return enumeration(root, target, depth + 1);
    }
    ["allOf", "anyOf", "oneOf"]
        .into_iter()
        .find_map(|combined| {
            schema
                .get(combined)
                .and_then(Value::as_array)?
                .iter()
                .find_map(|part| enumeration(root, part, depth + 1))
        })
}

fn want(root: &Value, schema: &Value, depth: usize) -> Want {
    if depth > MAX_DEPTH {
        return Want::Other;
    }
    if schema.get("format").and_then(Value::as_str) == Some("date") {
        return Want::Date;
    }
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| root.pointer(r.trim_start_matches('#')))
    {
        return want(root, target, depth + 1);
    }
    for combined in ["allOf", "anyOf", "oneOf"] {
        if let Some(parts) = schema.get(combined).and_then(Value::as_array) {
            let found = parts
                .iter()
                .filter(|p| p.get("type").and_then(Value::as_str) != Some("null"))
                .map(|p| want(root, p, depth + 1))
                .find(|w| *w != Want::Other);
            if let Some(found) = found {
                return found;
            }
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    match types.into_iter().find(|t| *t != "null") {
        Some("string") => Want::Text,
        Some("integer") => Want::Integer,
        Some("number") => Want::Number,
        Some("boolean") => Want::Boolean,
        Some("array") => Want::List,
        _ => Want::Other,
    }
}

/// The months as French writes them, accents optional.
const MONTHS: [&[&str]; 12] = [
    &["janvier", "janv"],
    &["fevrier", "fevr", "fev"],
    &["mars"],
    &["avril", "avr"],
    &["mai"],
    &["juin"],
    &["juillet", "juil"],
    &["aout"],
    &["septembre", "sept"],
    &["octobre", "oct"],
    &["novembre", "nov"],
    &["decembre", "dec"],
];

/// A date typed the French way, as TOML writes it: « 15 mars 2027 »,
/// « mardi 1er juillet 2025 », « 15/03/2027 », « 2010-7-8 » give
/// `2027-03-15`, `2025-07-01`, `2027-03-15`, `2010-07-08`. `None` when it
/// cannot be read or the day does not exist.
pub fn french_date(typed: &str) -> Option<String> {
    let text = slugify(typed.trim().trim_matches('"'));
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = match parts.as_slice() {
        // 2010-7-8: the TOML order with a digit missing.
        [y, m, d] if y.len() == 4 => (number(y)?, number(m)?, number(d)?),
        // 15/03/2027, 15.03.2027 (slugify makes the separators hyphens).
        [d, m, y] if y.len() == 4 && number(m).is_some() => (number(y)?, number(m)?, number(d)?),
        // [weekday] 15 mars 2027, 1er mars 2027.
        [.., d, m, y] if y.len() == 4 => {
            let d = d.strip_suffix("er").unwrap_or(d);
            let month = MONTHS
                .iter()
                .position(|names| names.contains(m))
                .and_then(|i| u32::try_from(i + 1).ok())?;
            (number(y)?, month, number(d)?)
        }
        _ => return None,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// A whole or decimal number typed with spaces between thousands or a
/// decimal comma (« 1 000 », « 12,5 »), as TOML writes it (`1000`,
/// `12.5`); `None` when it is not a number.
pub fn plain_number(typed: &str) -> Option<String> {
    let text: String = typed
        .trim()
        .trim_matches('"')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let digits = text.strip_prefix('-').unwrap_or(&text);
    let valid = !digits.is_empty()
        && !digits.starts_with('.')
        && !digits.ends_with('.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    valid.then_some(text)
}

/// `true` or `false` for a yes/no typed in French or English.
pub fn plain_boolean(typed: &str) -> Option<&'static str> {
    match slugify(typed.trim().trim_matches('"')).as_str() {
        "vrai" | "oui" | "yes" | "true" => Some("true"),
        "faux" | "non" | "no" | "false" => Some("false"),
        _ => None,
    }
}

/// The hint for a value typed without quotes where TOML wanted some: what
/// the key expects, with the line to write.
pub fn unquoted(kind: FileKind, key: &str, typed: &str) -> String {
    let typed = typed.trim();
    match expected(kind, key) {
        Some(Want::Date) => match french_date(typed) {
            Some(date) => format!("une date s’écrit AAAA-MM-JJ, sans guillemets : {key} = {date}"),
            None => format!(
                "une date s’écrit AAAA-MM-JJ (année, mois, jour), sans guillemets, par exemple {key} = 2010-07-08"
            ),
        },
        Some(want @ (Want::Integer | Want::Number)) => match plain_number(typed) {
            Some(n) if want == Want::Integer && n.contains('.') => format!(
                "un nombre entier est attendu, sans virgule ni guillemets : {key} = {}",
                n.split('.').next().unwrap_or("0")
            ),
            Some(n) => format!("un nombre s’écrit sans espace ni guillemets : {key} = {n}"),
            None => {
                format!("un nombre est attendu, sans unité ni guillemets, par exemple {key} = 12")
            }
        },
        Some(Want::Boolean) => format!(
            "un oui/non s’écrit true (oui) ou false (non), sans guillemets : {key} = {}",
            plain_boolean(typed).unwrap_or("true")
        ),
        Some(Want::List) => format!(
            "une liste s’écrit entre crochets, chaque élément entre guillemets : {key} = [\"{typed}\"]"
        ),
        Some(Want::Text) => match allowed_values(kind, key) {
            Some(values) if !values.iter().any(|v| v == typed) => {
                let options: Vec<&str> = values.iter().map(String::as_str).collect();
                let list = options.join(", ");
                match crate::resolve::check::suggest_value(typed, &options) {
                    Some(value) => format!(
                        "une valeur entre guillemets parmi {list} : vouliez-vous dire {key} = \"{value}\" ?"
                    ),
                    None => format!(
                        "une valeur entre guillemets parmi {list}, par exemple {key} = \"{}\"",
                        options[0]
                    ),
                }
            }
            _ => format!("entourez le texte de guillemets droits : {key} = \"{typed}\""),
        },
        _ => format!("entourez le texte de guillemets droits : {key} = \"{typed}\""),
    }
}

/// The message for a value typed without quotes, when the key expects
/// something else than a text: the parser's « a text must be quoted »
/// would contradict the hint.
pub fn unquoted_message(kind: FileKind, key: &str) -> Option<&'static str> {
    match expected(kind, key)? {
        Want::Date => Some("date mal écrite"),
        Want::Integer | Want::Number => Some("nombre mal écrit"),
        Want::Boolean => Some("oui/non mal écrit"),
        Want::List => Some("liste mal écrite"),
        Want::Text | Want::Other => None,
    }
}

/// The hint for a decimal comma (`12,5`), when the value is one.
pub fn decimal_comma(kind: FileKind, key: &str, typed: &str) -> Option<String> {
    let typed = typed.trim();
    let (whole, decimals) = typed.split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole.trim_start_matches('-')) || !digits(decimals) {
        return None;
    }
    Some(match expected(kind, key) {
        Some(Want::Integer) => {
            format!("un nombre entier est attendu ici, sans virgule : {key} = {whole}")
        }
        _ => format!("un nombre décimal s’écrit avec un point : {key} = {whole}.{decimals}"),
    })
}

/// The hint for straight quotes inside a text (`"Une "belle" idée"`): the
/// line with French quotes, when the inner quotes pair up.
pub fn inner_quotes(key: &str, typed: &str) -> Option<String> {
    let typed = typed.trim();
    let inner = typed.strip_prefix('"')?.strip_suffix('"')?;
    let count = inner.matches('"').count();
    if count == 0 || count % 2 == 1 {
        return None;
    }
    let mut out = String::new();
    for (i, piece) in inner.split('"').enumerate() {
        if i > 0 {
            out.push_str(if i % 2 == 1 { "«\u{a0}" } else { "\u{a0}»" });
        }
        out.push_str(piece);
    }
    Some(format!(
        "un guillemet droit \" ferme le texte : écrivez les guillemets français à l’intérieur, {key} = \"{out}\" (ou \\\" pour un guillemet droit)"
    ))
}

/// The hint for a text continued on the next line.
pub fn continued_text(key: &str) -> String {
    format!(
        "un texte sur plusieurs lignes s’écrit entre trois guillemets : {key} = \"\"\"…\"\"\" ; sinon, écrivez-le sur une seule ligne"
    )
}

/// The hint for a Windows path (`images\logos\ville.png`), when the value
/// looks like one.
pub fn windows_path(key: &str, typed: &str) -> Option<String> {
    let inner = typed.trim().trim_matches('"');
    let looks_like_a_path = inner.contains('\\')
        && !inner.contains(' ')
        && (inner.contains('.') || inner.starts_with("images"));
    looks_like_a_path.then(|| {
        format!(
            "dans un chemin, séparez les dossiers par des barres obliques / : {key} = \"{}\"",
            inner.replace("\\\\", "/").replace('\\', "/")
        )
    })
}

/// The diagnostic parts (message, hint) for a key typed with accents
/// (`résumé =`): the key without them, offered when the schema knows it.
pub fn accented_key(kind: FileKind, key: &str) -> Option<(String, String)> {
    if key.is_ascii() || key.contains(['"', '\'']) {
        return None;
    }
    let plain = slugify(key).replace('-', "_");
    let message = format!("nom de clé « {key} » écrit avec des accents (syntaxe TOML)");
    let hint = if expected(kind, &plain).is_some() {
        format!("les noms de clés s’écrivent sans accent : vouliez-vous dire « {plain} » ?")
    } else {
        format!(
            "les noms de clés s’écrivent sans accent (lettres a à z, chiffres, « _ » et « - ») : « {plain} »"
        )
    };
    Some((message, hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_dates_are_converted() {
        assert_eq!(french_date("15 mars 2027").as_deref(), Some("2027-03-15"));
        assert_eq!(french_date("8 juillet 2010").as_deref(), Some("2010-07-08"));
        assert_eq!(
            french_date("mardi 1er juillet 2025").as_deref(),
            Some("2025-07-01")
        );
        assert_eq!(french_date("15/03/2027").as_deref(), Some("2027-03-15"));
        assert_eq!(french_date("2010-7-8").as_deref(), Some("2010-07-08"));
        assert_eq!(french_date("3 août 2026").as_deref(), Some("2026-08-03"));
        assert_eq!(french_date("31 avril 2026"), None);
        assert_eq!(french_date("29 février 2023"), None);
        assert_eq!(french_date("bientôt"), None);
    }

    #[test]
    fn numbers_and_booleans_are_read() {
        assert_eq!(plain_number("1 000").as_deref(), Some("1000"));
        assert_eq!(plain_number("12,5").as_deref(), Some("12.5"));
        assert_eq!(plain_number("douze"), None);
        assert_eq!(plain_boolean("Vrai"), Some("true"));
        assert_eq!(plain_boolean("non"), Some("false"));
    }

    #[test]
    fn the_schema_says_what_a_key_expects() {
        assert_eq!(expected(FileKind::Workshop, "date"), Some(Want::Date));
        assert_eq!(
            expected(FileKind::Workshop, "pages_de_notes"),
            Some(Want::Integer)
        );
        assert_eq!(
            expected(FileKind::Collection, "niveaux_de_gris"),
            Some(Want::Boolean)
        );
        assert_eq!(expected(FileKind::Domain, "resume"), Some(Want::Text));
        assert_eq!(expected(FileKind::Domain, "nimporte"), None);
        assert_eq!(
            unquoted(FileKind::Commune, "nature", "Ville"),
            "une valeur entre guillemets parmi commune, intercommunalite, departement, region, association : vouliez-vous dire nature = \"commune\" ?"
        );
        assert_eq!(
            unquoted(FileKind::Collection, "papier", "A4"),
            "entourez le texte de guillemets droits : papier = \"A4\""
        );
    }

    #[test]
    fn inner_quotes_become_french_ones() {
        let hint = inner_quotes("texte", "\"Une \"belle\" idée.\"").unwrap();
        assert!(
            hint.contains("texte = \"Une «\u{a0}belle\u{a0}» idée.\""),
            "{hint}"
        );
        assert_eq!(inner_quotes("texte", "\"Un \" seul\""), None);
    }
}
