//! The located validation of one TOML file against the JSON Schema of its kind.
//!
//! The walk reports every problem of the file (types, missing and unknown keys,
//! the TOML header trap, and the value checks named by `x-ancrage`), and records
//! the span of every value so that later stages can point at a field.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::values::ImageInfo;
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::FileId;

mod keys;
mod rules;
mod types;
pub(crate) use types::{enum_values, suggest_value};
use types::{expected_type, found_french, type_matches};

/// Longest text accepted in one field. A two-page sheet holds about 9 000
/// characters in all; 100 000 stops a pasted document before layout chokes on it.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Longest key-figure value that fits a tile at its type size (about 14 characters).
pub const MAX_FIGURE_CHARS: usize = 14;

/// Byte spans of the values of one file, by path (`exemples.2.texte`).
pub type SpanIndex = HashMap<String, Range<usize>>;

/// The image checks of a [`Context`], by path as written (pure: the same
/// path gives the same result).
pub type ImageChecks = HashMap<String, Result<ImageInfo, (String, String)>>;

/// What the checks need to know beyond the file itself.
#[derive(Clone)]
pub struct Context<'a> {
    /// The materials folder (image paths are relative to it).
    pub root: &'a Path,
    /// Every domain id found (valid files or not), for references.
    pub domain_ids: Arc<Vec<String>>,
    /// Every commune id found. Shared: each thread checking profiles has
    /// its own context, and a copy of 1 303 ids for each was a fifth of
    /// the checks' work.
    pub commune_ids: Arc<Vec<String>>,
    /// Every experience record id found (`experiences/<id>.toml`).
    pub experience_ids: Arc<Vec<String>>,
    /// Image checks already done, by path as written; shared by the
    /// threads checking profiles (a logo used by every commune was checked
    /// again, its file opened, by each thread's context).
    pub images: Arc<Mutex<ImageChecks>>,
}

/// Validates `table` (the root of a file) against `schema`, reporting into `diags`.
pub fn check_file(
    ctx: &mut Context<'_>,
    file: FileId,
    text: &str,
    schema: &Value,
    table: &Spanned<DeTable<'_>>,
    diags: &mut Diagnostics,
) -> SpanIndex {
    let mut walker = Walker {
        ctx,
        file,
        text,
        root: schema,
        diags,
        spans: SpanIndex::new(),
        path: Vec::new(),
        ancestors: Vec::new(),
        trapped: Vec::new(),
    };
    walker.table(table.get_ref(), 0..0, schema);
    walker.spans
}

#[derive(Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

struct Walker<'c, 'a, 's> {
    ctx: &'c mut Context<'a>,
    file: FileId,
    text: &'s str,
    root: &'s Value,
    diags: &'c mut Diagnostics,
    spans: SpanIndex,
    path: Vec<Seg>,
    /// Schemas of the enclosing tables and their display names, outermost first.
    ancestors: Vec<(&'s Value, String)>,
    /// Keys reported as caught by the TOML header trap.
    trapped: Vec<String>,
}

impl<'s> Walker<'_, '_, 's> {
    fn resolve(&self, schema: &'s Value) -> &'s Value {
        // Follows `$ref`, and the single-element `allOf` that draft-07 needs to give
        // a reference a description or default.
        let mut schema = schema;
        loop {
            if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
                match self.root.pointer(reference.trim_start_matches('#')) {
                    Some(target) => schema = target,
                    None => return schema,
                }
            } else if let Some([only]) = schema
                .get("allOf")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                schema = only;
            } else {
                return schema;
            }
        }
    }

    fn key_path(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!(".{i}")),
            }
        }
        out
    }

    /// The user-facing name of the current place: `[[exemples]] n° 2 › image`.
    fn place(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => parts.push(k.clone()),
                Seg::Index(i) => {
                    if let Some(last) = parts.last_mut() {
                        *last = format!("{last} n° {}", i + 1);
                    }
                }
            }
        }
        parts.join(" › ")
    }

    /// The current table as its TOML header: `[contact]`, `[[chiffres]] n° 2`.
    fn header(&self) -> String {
        let mut keys: Vec<&str> = Vec::new();
        let mut index = None;
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    keys.push(k);
                    index = None;
                }
                Seg::Index(i) => index = Some(*i),
            }
        }
        if keys.is_empty() {
            return String::new();
        }
        match index {
            Some(i) => format!("[[{}]] n° {}", keys.join("."), i + 1),
            None => format!("[{}]", keys.join(".")),
        }
    }

    fn error(&mut self, range: Range<usize>, message: String) -> &mut Diagnostic {
        self.push(Diagnostic::error(message).at(self.file, range))
    }

    fn warning(&mut self, range: Range<usize>, message: String) -> &mut Diagnostic {
        self.push(Diagnostic::warning(message).at(self.file, range))
    }

    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    fn table(&mut self, table: &DeTable<'_>, range: Range<usize>, schema: &'s Value) {
        let schema = self.resolve(schema);
        let properties = schema.get("properties").and_then(Value::as_object);
        let extra = schema.get("additionalProperties");
        let name = self.header();

        // 1. Every key present: known ones are checked, unknown ones explained.
        for (key, value) in table.iter() {
            let key_name: &str = key.get_ref();
            let sub = properties
                .and_then(|p| p.get(key_name))
                .or(extra.filter(|e| e.is_object()));
            self.path.push(Seg::Key(key_name.to_string()));
            match sub {
                Some(sub) => {
                    self.spans.insert(self.key_path(), value.span());
                    self.ancestors.push((schema, name.clone()));
                    self.value(value, sub);
                    self.ancestors.pop();
                }
                None => self.unknown_key(key_name, key.span(), properties, &name),
            }
            self.path.pop();
        }

        // 2. Required keys that are missing.
        let required = schema.get("required").and_then(Value::as_array);
        let mut missing = 0;
        for key in required.into_iter().flatten().filter_map(Value::as_str) {
            if table.get(key).is_none() {
                missing += 1;
                self.missing_key(
                    key,
                    range.clone(),
                    properties.and_then(|p| p.get(key)),
                    &name,
                );
            }
        }

        // 3. Rules that involve several keys of one table.
        if table.is_empty() && !self.path.is_empty() && missing == 0 {
            self.warning(range.clone(), format!("section {name} vide"))
                .hints
                .push("complétez-la ou supprimez-la".into());
        }
        if let Some(rule) = schema.get("x-ancrage").and_then(Value::as_str) {
            self.table_rule(rule, table, range);
        }
    }

    fn value(&mut self, value: &Spanned<DeValue<'_>>, schema: &'s Value) {
        let schema = self.resolve(schema);
        let range = value.span();
        let found = value.get_ref();
        // A value that may take several forms (`typographie = "brute"` or a
        // table): check it against the form its type matches.
        if enum_values(schema).is_none()
            && let Some(options) = schema
                .get("anyOf")
                .or_else(|| schema.get("oneOf"))
                .and_then(Value::as_array)
        {
            let chosen = options
                .iter()
                .find(|o| type_matches(expected_type(self.resolve(o)), found));
            match chosen {
                Some(option) => self.value(value, option),
                None => {
                    let place = self.place();
                    let forms: Vec<&str> = options
                        .iter()
                        .map(|o| expected_type(self.resolve(o)).french())
                        .collect();
                    self.error(
                        range,
                        format!(
                            "« {place} » doit être {}, pas {}",
                            forms.join(" ou "),
                            found_french(found)
                        ),
                    );
                }
            }
            return;
        }
        let expected = expected_type(schema);
        if !type_matches(expected, found) {
            self.wrong_type(expected, found, range);
            return;
        }
        match found {
            DeValue::Table(table) => self.table(table, range, schema),
            DeValue::Array(items) => {
                let item_schema = schema.get("items").unwrap_or(&Value::Bool(true));
                if items.is_empty() {
                    let place = self.place();
                    self.warning(range.clone(), format!("liste « {place} » vide"))
                        .hints
                        .push("complétez-la ou supprimez la ligne".into());
                }
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Seg::Index(i));
                    self.spans.insert(self.key_path(), item.span());
                    self.value(item, item_schema);
                    self.path.pop();
                }
                if let Some(rule) = schema.get("x-ancrage").and_then(Value::as_str) {
                    self.list_rule(rule, items, range);
                }
            }
            DeValue::String(s) => self.string(s, range, schema),
            DeValue::Integer(i) => self.integer(i.as_str(), i.radix(), range, schema),
            _ => {}
        }
    }
}
