//! What a schema allows: the type a value must have and the values of an
//! enumeration, and the allowed value meant by one typed outside it.

use serde_json::Value;
use toml::de::DeValue;

use crate::resolve::values;

/// Everyday words for an allowed value, lower-case: « Ville » is refused for
/// `nature` with « commune ? ».
const SYNONYMS: [(&str, &str); 8] = [
    ("ville", "commune"),
    ("mairie", "commune"),
    ("village", "commune"),
    ("agglomération", "intercommunalite"),
    ("métropole", "intercommunalite"),
    ("epci", "intercommunalite"),
    ("conseil départemental", "departement"),
    ("conseil régional", "region"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expected {
    Any,
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Table,
    Date,
}

impl Expected {
    pub(super) fn french(self) -> &'static str {
        match self {
            Expected::Any => "une valeur",
            Expected::String => "un texte entre guillemets",
            Expected::Integer => "un nombre entier",
            Expected::Number => "un nombre",
            Expected::Boolean => "true ou false",
            Expected::Array => "une liste",
            Expected::Table => "une table",
            Expected::Date => "une date AAAA-MM-JJ",
        }
    }
}

/// The allowed value meant by `s`, typed outside the enumeration `options`.
pub(crate) fn suggest_value(s: &str, options: &[&str]) -> Option<String> {
    // An option containing what was typed (« A5 » → « livret-a5 ») beats
    // one a letter away (« a4 »).
    let lower = s.to_lowercase();
    options
        .iter()
        .find(|o| o.eq_ignore_ascii_case(s))
        .or_else(|| {
            options
                .iter()
                .find(|o| !lower.is_empty() && o.to_lowercase().contains(&lower))
        })
        .map(|o| o.to_string())
        .or_else(|| {
            // Words people use for a value (« Ville » for a
            // commune), before spelling neighbours.
            SYNONYMS
                .iter()
                .find(|(word, value)| lower == *word && options.contains(value))
                .map(|(_, value)| value.to_string())
        })
        .or_else(|| values::closest(s, options.iter().copied()))
}

/// The allowed values of an enumeration: `enum`, or `oneOf` constants (schemars
/// writes the latter when variants carry descriptions).
pub(crate) fn enum_values(schema: &Value) -> Option<Vec<&str>> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return Some(values.iter().filter_map(Value::as_str).collect());
    }
    let options = schema.get("oneOf").and_then(Value::as_array)?;
    options
        .iter()
        .map(|o| o.get("const").and_then(Value::as_str))
        .collect()
}

pub(super) fn expected_type(schema: &Value) -> Expected {
    if schema.get("format").and_then(Value::as_str) == Some("date") {
        return Expected::Date;
    }
    if enum_values(schema).is_some() {
        return Expected::String;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => Expected::String,
        Some("integer") => Expected::Integer,
        Some("number") => Expected::Number,
        Some("boolean") => Expected::Boolean,
        Some("array") => Expected::Array,
        Some("object") => Expected::Table,
        _ => Expected::Any,
    }
}

pub(super) fn type_matches(expected: Expected, found: &DeValue<'_>) -> bool {
    match (expected, found) {
        (Expected::Any, _) => true,
        (Expected::String, DeValue::String(_)) => true,
        (Expected::Integer, DeValue::Integer(_)) => true,
        (Expected::Number, DeValue::Integer(_) | DeValue::Float(_)) => true,
        (Expected::Boolean, DeValue::Boolean(_)) => true,
        (Expected::Array, DeValue::Array(_)) => true,
        (Expected::Table, DeValue::Table(_)) => true,
        (Expected::Date, DeValue::Datetime(d)) => d.date.is_some() && d.time.is_none(),
        _ => false,
    }
}

pub(super) fn found_french(found: &DeValue<'_>) -> &'static str {
    match found {
        DeValue::String(_) => "un texte",
        DeValue::Integer(_) => "un nombre entier",
        DeValue::Float(_) => "un nombre décimal",
        DeValue::Boolean(_) => "un booléen",
        DeValue::Datetime(d) if d.time.is_some() => "une date avec heure",
        DeValue::Datetime(_) => "une date",
        DeValue::Array(_) => "une liste",
        DeValue::Table(_) => "une table",
    }
}
