//! The problems of shape: an unknown key (a typo, the TOML header trap), a
//! missing one, a value of the wrong type.

use std::ops::Range;

use serde_json::Value;
use toml::de::DeValue;

use super::types::{Expected, expected_type, found_french};
use super::{Seg, Walker};
use crate::resolve::values;

impl<'s> Walker<'_, '_, 's> {
    pub(super) fn unknown_key(
        &mut self,
        key: &str,
        range: Range<usize>,
        properties: Option<&serde_json::Map<String, Value>>,
        table_name: &str,
    ) {
        // 1. The TOML trap: a key of an enclosing table written after a header.
        let owner = self
            .ancestors
            .iter()
            .rev()
            .find(|(schema, _)| {
                let schema = self.resolve(schema);
                schema.get("properties").and_then(|p| p.get(key)).is_some()
            })
            .map(|(_, name)| name.clone());
        if let Some(owner_name) = owner {
            self.trapped.push(key.to_string());
            let header = first_header_line(self.text);
            let defined = owner_name
                .is_empty()
                .then(|| defined_before_headers(self.text, key))
                .flatten();
            let owner = if owner_name.is_empty() {
                "au début du fichier".to_string()
            } else {
                format!("dans {owner_name}")
            };
            let message = format!(
                "la clé « {key} » est lue comme faisant partie de {table_name}, et non {}",
                if owner_name.is_empty() {
                    "du début du fichier".to_string()
                } else {
                    format!("de {owner_name}")
                }
            );
            let d = self.error(range, message);
            d.label = Some(format!(
                "cette ligne appartient à la table {table_name} ouverte plus haut"
            ));
            d.hints.push("en TOML, tout ce qui suit un en-tête […] ou [[…]] appartient à cette table, jusqu’à l’en-tête suivant".into());
            d.hints.push(match (header, defined) {
                // Moved up, it would be defined twice (issue 18.11).
                (_, Some(line)) => format!(
                    "« {key} » est déjà défini au début du fichier (ligne {line}) : déplacer cette ligne-ci ferait un doublon ; supprimez-la, ou gardez la valeur voulue à la ligne {line}"
                ),
                (Some(line), None) if owner_name.is_empty() => format!(
                    "déplacez la ligne « {key} = … » {owner}, au-dessus du premier en-tête […] (ligne {line})"
                ),
                _ => format!("déplacez la ligne « {key} = … » {owner}, avant tout autre en-tête"),
            });
            return;
        }
        // 2. A likely typo, else the list of allowed keys.
        let allowed: Vec<&str> = properties
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let where_ = if table_name.is_empty() {
            String::new()
        } else {
            format!(" dans {table_name}")
        };
        let d = self.error(range, format!("clé inconnue « {key} »{where_}"));
        match values::closest(key, allowed.iter().copied()) {
            Some(suggestion) => d
                .hints
                .push(format!("vouliez-vous dire « {suggestion} » ?")),
            None if !allowed.is_empty() => {
                let list = allowed
                    .iter()
                    .map(|k| format!("« {k} »"))
                    .collect::<Vec<_>>()
                    .join(", ");
                d.hints.push(format!("clés possibles ici : {list}"));
            }
            None => {}
        }
    }

    pub(super) fn missing_key(
        &mut self,
        key: &str,
        range: Range<usize>,
        schema: Option<&'s Value>,
        table_name: &str,
    ) {
        let example = match schema.map(|s| self.resolve(s)) {
            Some(s) if expected_type(s) == Expected::Array => format!("{key} = [\"…\"]"),
            Some(s) if expected_type(s) == Expected::Date => format!("{key} = 2026-01-31"),
            _ => format!("{key} = \"…\""),
        };
        let (message, range) = if table_name.is_empty() {
            (format!("clé obligatoire « {key} » manquante"), 0..0)
        } else {
            (
                format!("clé obligatoire « {key} » manquante dans {table_name}"),
                range,
            )
        };
        let d = self.error(range, message);
        if table_name.is_empty() {
            d.hints.push(format!(
                "ajoutez en haut du fichier, avant tout en-tête […] : {example}"
            ));
        } else {
            d.hints
                .push(format!("ajoutez sous cet en-tête : {example}"));
        }
        if key == "source" {
            d.hints.push("pas de chiffre sans source : indiquez le texte, le rapport ou l’organisme d’où il vient, avec l’année".into());
        }
    }

    pub(super) fn wrong_type(
        &mut self,
        expected: Expected,
        found: &DeValue<'_>,
        range: Range<usize>,
    ) {
        let place = self.place();
        let key = match self.path.last() {
            Some(Seg::Key(k)) => k.clone(),
            _ => place.clone(),
        };
        let d = self.error(
            range,
            format!(
                "« {place} » doit être {}, pas {}",
                expected.french(),
                found_french(found)
            ),
        );
        let hint = match (expected, found) {
            (Expected::Array, DeValue::Table(_)) => Some(format!(
                "écrivez [[{place}]] avec des crochets doubles : chaque élément de la liste commence par son propre en-tête [[{place}]]"
            )),
            (Expected::Table, DeValue::Array(_)) => Some(format!(
                "écrivez [{place}] avec des crochets simples : il n’y a qu’une table « {key} »"
            )),
            (Expected::Array, DeValue::String(_)) => {
                Some(format!("mettez la valeur entre crochets : {key} = [\"…\"]"))
            }
            (Expected::String, DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_)) => {
                Some(format!("mettez la valeur entre guillemets : {key} = \"…\""))
            }
            (Expected::String, DeValue::Array(_)) => {
                Some("une seule valeur est attendue ici, pas une liste entre crochets".into())
            }
            (Expected::Integer | Expected::Number, DeValue::String(s)) => Some(
                match crate::load::hints::plain_number(s) {
                    Some(n) if s.trim().contains(char::is_whitespace) => format!("écrivez le nombre sans guillemets ni espace : {key} = {n}"),
                    Some(n) => format!("écrivez le nombre sans guillemets : {key} = {n}"),
                    None => "écrivez un nombre, sans guillemets (avec un point pour les décimales : 12.5)".to_string(),
                },
            ),
            (Expected::Boolean, DeValue::String(s)) => Some(format!(
                "un oui/non s’écrit true (oui) ou false (non), sans guillemets : {key} = {}",
                crate::load::hints::plain_boolean(s).unwrap_or("true")
            )),
            (Expected::Date, DeValue::String(s)) => Some(match crate::load::hints::french_date(s) {
                Some(date) => format!("écrivez la date sans guillemets, sous la forme AAAA-MM-JJ : {key} = {date}"),
                None => format!(
                    "écrivez la date sans guillemets, sous la forme AAAA-MM-JJ (année, mois, jour), par exemple {key} = 2010-07-08"
                ),
            }),
            (Expected::Date, DeValue::Datetime(_)) => {
                Some(format!("retirez l’heure : {key} = AAAA-MM-JJ"))
            }
            _ => None,
        };
        if let Some(hint) = hint {
            d.hints.push(hint);
        }
    }
}

/// The line (1-based) where `key` is defined before the file's first
/// header, if it is.
fn defined_before_headers(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .take_while(|l| !l.trim_start().starts_with('['))
        .position(|l| {
            l.trim_start()
                .trim_start_matches('"')
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches('"').trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// The 1-based line of the first `[…]` header, skipping multi-line strings.
fn first_header_line(text: &str) -> Option<usize> {
    let mut in_multiline: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(delim) = in_multiline {
            if line.matches(delim).count() % 2 == 1 {
                in_multiline = None;
            }
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            return Some(i + 1);
        }
        for delim in ["\"\"\"", "'''"] {
            if line.matches(delim).count() % 2 == 1 {
                in_multiline = Some(delim);
            }
        }
    }
    None
}
