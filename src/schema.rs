//! JSON Schemas (draft-07) of the five file kinds, generated from the model types.
//!
//! The same schemas serve editors (`ancrage schema`, Taplo / Even Better TOML) and
//! the located validation of `resolve::check`, so the two can never disagree.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

use crate::model::{Collection, Commune, Domain, Glossary, Workshop};

/// The five kinds of materials files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// `collection.toml`.
    Collection,
    /// `domaines/<id>.toml`.
    Domain,
    /// `communes/<id>.toml`.
    Commune,
    /// `ateliers/<id>.toml`.
    Workshop,
    /// `sigles.toml` (optional): the glossary of acronyms.
    Glossary,
}

impl FileKind {
    /// Every kind, in the order of the documentation.
    pub const ALL: [FileKind; 5] = [
        FileKind::Collection,
        FileKind::Domain,
        FileKind::Commune,
        FileKind::Workshop,
        FileKind::Glossary,
    ];

    /// The French name used on the command line and in schema file names.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Collection => "collection",
            FileKind::Domain => "domaine",
            FileKind::Commune => "commune",
            FileKind::Workshop => "atelier",
            FileKind::Glossary => "sigles",
        }
    }

    /// The folder holding files of this kind (none for the single collection
    /// and glossary files).
    pub fn folder(self) -> Option<&'static str> {
        match self {
            FileKind::Collection | FileKind::Glossary => None,
            FileKind::Domain => Some("domaines"),
            FileKind::Commune => Some("communes"),
            FileKind::Workshop => Some("ateliers"),
        }
    }

    /// Parses a French kind name.
    pub fn from_name(name: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The JSON Schema of one file kind, as a JSON value.
pub fn schema_for(kind: FileKind) -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = match kind {
        FileKind::Collection => generator.into_root_schema_for::<Collection>(),
        FileKind::Domain => generator.into_root_schema_for::<Domain>(),
        FileKind::Commune => generator.into_root_schema_for::<Commune>(),
        FileKind::Workshop => generator.into_root_schema_for::<Workshop>(),
        FileKind::Glossary => generator.into_root_schema_for::<Glossary>(),
    };
    let mut value = schema.to_value();
    strip_null(&mut value);
    value
}

/// The schema of one kind as indented JSON, as shipped in `materials/schemas/`.
pub fn schema_json(kind: FileKind) -> String {
    serde_json::to_string_pretty(&schema_for(kind)).expect("schemas serialise") + "\n"
}

/// The schema of `[surcharges]`: a table of domain ids, each holding any field of a
/// domain sheet, none of them required.
pub fn overrides_schema(generator: &mut SchemaGenerator) -> Schema {
    let mut patch = Domain::json_schema(generator);
    patch.remove("required");
    patch.remove("title");
    patch.insert(
        "description".into(),
        "Champs de la fiche remplacés pour cette commune ; chacun remplace toute la valeur d’origine.".into(),
    );
    patch.insert("x-ancrage".into(), "surcharge".into());
    schemars::json_schema!({
        "type": "object",
        "description": "Remplacements, domaine par domaine, des champs d’une fiche : [surcharges.<id>].",
        "x-ancrage": "surcharges",
        "additionalProperties": patch,
    })
}

/// TOML has no null: remove the `null` alternatives schemars adds for `Option`.
fn strip_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(options)) = map.get_mut(key) {
                    options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                    if options.len() == 1 {
                        let only = options.remove(0);
                        map.remove(key);
                        if let Value::Object(inner) = only {
                            for (k, v) in inner {
                                map.entry(k).or_insert(v);
                            }
                        }
                    }
                }
            }
            if map.get("default").is_some_and(Value::is_null) {
                map.remove("default");
            }
            map.values_mut().for_each(strip_null);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_have_no_null_type() {
        for kind in FileKind::ALL {
            let text = schema_for(kind).to_string();
            assert!(!text.contains("\"null\""), "{}: {text}", kind.name());
            assert!(text.contains("draft-07"));
        }
    }

    /// The schemas shipped for editors must follow the model: regenerate them with
    /// `ancrage schema --dossier materials/schemas` after changing `model.rs`.
    #[test]
    fn shipped_schemas_are_up_to_date() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials/schemas");
        for kind in FileKind::ALL {
            let path = root.join(format!("{}.schema.json", kind.name()));
            let shipped = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                shipped == schema_json(kind),
                "{} is stale: run `cargo run -- schema --dossier materials/schemas`",
                path.display()
            );
        }
    }

    #[test]
    fn domain_schema_is_strict_and_requires_title_and_summary() {
        let schema = schema_for(FileKind::Domain);
        assert_eq!(schema["additionalProperties"], Value::Bool(false));
        let required = schema["required"].as_array().unwrap();
        assert!(required.contains(&"titre".into()));
        assert!(required.contains(&"resume".into()));
    }
}
