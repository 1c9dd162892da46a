//! The located validation of one TOML file against the JSON Schema of its kind.
//!
//! The walk reports every problem of the file (types, missing and unknown keys,
//! the TOML header trap, and the value checks named by `x-ancrage`), and records
//! the span of every value so that later stages can point at a field.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use serde_json::Value;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::values::{self, ImageInfo};
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::inline;
use crate::source::FileId;

/// Longest text accepted in one field. A two-page sheet holds about 9 000
/// characters in all; 100 000 stops a pasted document before layout chokes on it.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Longest key-figure value that fits a tile at its type size (about 14 characters).
pub const MAX_FIGURE_CHARS: usize = 14;

/// Byte spans of the values of one file, by path (`exemples.2.texte`).
pub type SpanIndex = HashMap<String, Range<usize>>;

/// What the checks need to know beyond the file itself.
#[derive(Clone)]
pub struct Context<'a> {
    /// The materials folder (image paths are relative to it).
    pub root: &'a Path,
    /// Every domain id found (valid files or not), for references.
    pub domain_ids: Vec<String>,
    /// Every commune id found.
    pub commune_ids: Vec<String>,
    /// Every experience record id found (`experiences/<id>.toml`).
    pub experience_ids: Vec<String>,
    /// Image checks already done, by path as written.
    pub images: HashMap<String, Result<ImageInfo, (String, String)>>,
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

    fn string(&mut self, s: &str, range: Range<usize>, schema: &'s Value) {
        // 1. Enumerations (langue, papier, nature, mise_en_page).
        if let Some(options) = enum_values(schema) {
            if !options.contains(&s) {
                let place = self.place();
                let list = options
                    .iter()
                    .map(|o| format!("« {o} »"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let suggestion = suggest_value(s, &options);
                let d = self.error(
                    range,
                    format!("valeur « {s} » non reconnue pour « {place} »"),
                );
                d.label = Some(format!("valeurs possibles : {list}"));
                if let Some(suggestion) = suggestion {
                    d.hints
                        .push(format!("vouliez-vous dire « {suggestion} » ?"));
                }
            }
            return;
        }
        // 2. Checks named by the schema.
        let rule = schema
            .get("x-ancrage")
            .and_then(Value::as_str)
            .unwrap_or("");
        self.string_rule(rule, s, range);
    }

    /// A valid colour too pale to read as text on white: the sheets darken
    /// it for their headings and links; say so, and what to write instead.
    fn pale_color(&mut self, s: &str, range: Range<usize>) {
        let Some(color) = crate::layout::document::Color::from_hex(s) else {
            return;
        };
        let white = crate::layout::document::Color::WHITE;
        let ratio = color.contrast(white);
        if ratio >= 4.5 {
            return;
        }
        let dark = color.readable_on(white).hex();
        let ratio = format!("{ratio:.1}").replace('.', ",");
        self.warning(
            range,
            format!(
                "couleur « {s} » trop claire pour du texte sur fond blanc (contraste {ratio}:1, il faut 4,5:1) : titres et liens l’impriment assombrie en « {dark} »"
            ),
        )
        .hints
        .push(format!(
            "choisissez une teinte plus foncée, par exemple couleur = \"{dark}\""
        ));
    }

    fn string_rule(&mut self, rule: &str, s: &str, range: Range<usize>) {
        let place = self.place();
        let problem = match rule {
            "couleur" => {
                let problem = values::check_color(s).err();
                if problem.is_none() {
                    self.pale_color(s, range.clone());
                }
                problem
            }
            "url" => values::check_url(s).err(),
            "courriel" => values::check_email(s).err(),
            "image" => self.image(s).err(),
            "id-domaine" => reference(s, &self.ctx.domain_ids, "fiche", "domaines").err(),
            "id-commune" => reference(s, &self.ctx.commune_ids, "commune", "communes").err(),
            "id-experience" => {
                reference(s, &self.ctx.experience_ids, "expérience", "experiences").err()
            }
            "pays" => country_code(s).err(),
            "valeur-chiffre" if s.chars().count() > MAX_FIGURE_CHARS => {
                self.warning(
                    range.clone(),
                    format!(
                        "valeur « {s} » trop longue pour une vignette ({} caractères, {MAX_FIGURE_CHARS} au plus)",
                        s.chars().count()
                    ),
                )
                .hints
                .push("gardez le chiffre seul (« 1 % », « 34 955 ») et mettez le reste dans « libelle »".into());
                None
            }
            _ => None,
        };
        if let Some((message, hint)) = problem {
            let nested = self.path.len() > 1;
            let message = if nested {
                format!("{place} : {message}")
            } else {
                message
            };
            let d = self.error(range.clone(), message);
            if !hint.is_empty() {
                d.hints.push(hint);
            }
            return;
        }
        if rule == "texte" {
            self.language_spans(s, range.clone());
        }
        let chars = s.chars().count();
        if chars > MAX_TEXT_CHARS {
            self.error(range, format!("texte « {place} » trop long : {chars} caractères (au plus {MAX_TEXT_CHARS})"))
                .hints
                .push("découpez-le ou résumez-le : une fiche de deux pages compte environ 9 000 caractères".into());
        } else if s.trim().is_empty()
            && !matches!(self.path.last(), Some(Seg::Key(k)) if k == "alt")
        {
            self.warning(range, format!("texte « {place} » vide"))
                .hints
                .push("écrivez le texte entre les guillemets ou supprimez la ligne".into());
        }
    }

    /// The `<span lang="…">` markup of a text field: the same warnings as the
    /// build gives, pointing at the faulty tag when the string is written
    /// without escapes (else at the whole value).
    fn language_spans(&mut self, s: &str, range: Range<usize>) {
        if !s.contains('<') {
            return;
        }
        for problem in inline::parse(s).problems {
            let at = self
                .string_body_start(s, &range)
                .map_or(range.clone(), |start| {
                    start + problem.range.start..start + problem.range.end
                });
            self.warning(at, problem.message).hints.push(problem.hint);
        }
    }

    /// Where the text of the string value at `range` starts in the file, when
    /// the file holds exactly `s` between its quotes (no escape sequences).
    fn string_body_start(&self, s: &str, range: &Range<usize>) -> Option<usize> {
        let raw = self.text.get(range.clone())?;
        let (offset, body) = crate::source::string_body(raw)?;
        (body == s).then_some(range.start + offset)
    }

    fn image(&mut self, s: &str) -> Result<ImageInfo, (String, String)> {
        if let Some(done) = self.ctx.images.get(s) {
            return done.clone();
        }
        let result = values::check_image(self.ctx.root, s).map(|(_, info)| info);
        self.ctx.images.insert(s.to_string(), result.clone());
        result
    }

    fn integer(&mut self, raw: &str, radix: u32, range: Range<usize>, schema: &Value) {
        let digits: String = raw.chars().filter(|c| *c != '_').collect();
        let digits = digits
            .trim_start_matches("0x")
            .trim_start_matches("0o")
            .trim_start_matches("0b");
        let Ok(n) = i64::from_str_radix(digits, radix) else {
            self.error(range, format!("nombre « {raw} » trop grand"));
            return;
        };
        let place = self.place();
        if let Some(min) = schema
            .get("minimum")
            .and_then(Value::as_i64)
            .filter(|m| n < *m)
        {
            self.error(
                range.clone(),
                format!("« {place} » doit valoir au moins {min}, pas {n}"),
            );
        }
        if let Some(max) = schema
            .get("maximum")
            .and_then(Value::as_i64)
            .filter(|m| n > *m)
        {
            self.error(
                range,
                format!("« {place} » doit valoir au plus {max}, pas {n}"),
            );
        }
    }

    fn list_rule(&mut self, rule: &str, items: &[Spanned<DeValue<'_>>], _range: Range<usize>) {
        // Plain strings are already checked one by one; paragraphs have their
        // markup checked; lists of ids also need each reference resolved and
        // duplicates found.
        if rule == "textes" {
            for item in items {
                if let Some(s) = item.get_ref().as_str() {
                    self.language_spans(s, item.span());
                }
            }
        }
        let (per_item, what) = match rule {
            "ids-domaine" => ("id-domaine", "la fiche"),
            "ids-experience" => ("id-experience", "l’expérience"),
            _ => return,
        };
        let mut seen: BTreeMap<String, ()> = BTreeMap::new();
        for (i, item) in items.iter().enumerate() {
            let Some(s) = item.get_ref().as_str() else {
                continue;
            };
            self.path.push(Seg::Index(i));
            self.string_rule(per_item, s, item.span());
            self.path.pop();
            if seen.insert(s.to_string(), ()).is_some() {
                self.warning(item.span(), format!("{what} « {s} » est citée deux fois"))
                    .hints
                    .push("supprimez le doublon".into());
            }
        }
    }

    fn table_rule(&mut self, rule: &str, table: &DeTable<'_>, range: Range<usize>) {
        match rule {
            "domaine" => {
                // Written (even wrongly: that has its own message) or caught by the
                // header trap: then this rule has nothing to add.
                let present =
                    |k: &str| table.get(k).is_some() || self.trapped.iter().any(|t| t == k);
                if !present("enjeux") && !present("leviers") {
                    self.push(
                        Diagnostic::error("la fiche n’a ni « enjeux » ni « leviers » : il faut au moins l’un des deux")
                            .in_file(self.file, None)
                            .with_hint("ajoutez avant le premier en-tête […] une ligne enjeux = [\"Premier paragraphe…\"], ou une section [[leviers]] avec titre et texte"),
                    );
                }
            }
            "exemple" => {
                self.example_text(table, range.clone());
                let image = table.get("image");
                let alt_empty = table
                    .get("alt")
                    .and_then(|a| a.get_ref().as_str())
                    .is_none_or(|a| a.trim().is_empty());
                if let (Some(image), true) = (image, alt_empty) {
                    let place = self.place();
                    self.error(image.span(), format!("{place} : l’image n’a pas de texte alternatif (« alt »)"))
                        .hints
                        .push("ajoutez alt = \"Description de l’image pour les personnes qui ne la voient pas\" : il est lu par les lecteurs d’écran".into());
                }
            }
            "experience" => {
                let real = table
                    .get("nature")
                    .is_some_and(|n| n.get_ref().as_str() == Some("reelle"));
                let sources = table
                    .get("sources")
                    .and_then(|s| s.get_ref().as_array())
                    .is_some_and(|s| !s.is_empty());
                if real && !sources {
                    let at = table.get("nature").map_or(0..0, |n| n.span());
                    self.error(at, "expérience réelle sans « sources »".into())
                        .hints
                        .push("une expérience réelle cite la page qui la décrit : ajoutez en haut du fichier sources = [\"https://…\"], ou écrivez nature = \"type\" pour un cas composite".into());
                }
            }
            "graphique" if table.get("unite").is_none() => {
                self.warning(
                    range,
                    "graphique sans « unite » : les valeurs seront imprimées sans unité".into(),
                )
                .hints
                .push("ajoutez par exemple unite = \"M€\" ou unite = \"%\"".into());
            }
            "surcharges" => {
                for (key, _) in table.iter() {
                    let id: &str = key.get_ref();
                    if let Err((message, hint)) =
                        reference(id, &self.ctx.domain_ids, "fiche", "domaines")
                    {
                        let d = self.error(key.span(), format!("surcharges : {message}"));
                        d.hints.push(hint);
                    }
                }
            }
            _ => {}
        }
    }

    /// An example either cites a record (`experience`) or has its own
    /// `titre` and `texte`; with both, its own would be ignored.
    fn example_text(&mut self, table: &DeTable<'_>, range: Range<usize>) {
        let name = self.header();
        match table.get("experience") {
            None => {
                for key in ["titre", "texte"] {
                    if table.get(key).is_none() {
                        let d = self.error(
                            range.clone(),
                            format!("clé obligatoire « {key} » manquante dans {name}"),
                        );
                        d.hints
                            .push(format!("ajoutez sous cet en-tête : {key} = \"…\""));
                        d.hints.push(
                            "ou citez une fiche d’expérience : experience = \"identifiant\"".into(),
                        );
                    }
                }
            }
            Some(cited) => {
                for key in ["titre", "texte", "porteurs", "pays", "sources", "nature"] {
                    if let Some(value) = table.get(key) {
                        self.warning(
                            value.span(),
                            format!("« {key} » ignoré : l’exemple cite la fiche d’expérience, qui le donne"),
                        )
                        .hints
                        .push(format!("supprimez la ligne, ou corrigez-la dans experiences/{}.toml", cited.get_ref().as_str().unwrap_or("…")));
                    }
                }
            }
        }
    }

    fn unknown_key(
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

    fn missing_key(
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

    fn wrong_type(&mut self, expected: Expected, found: &DeValue<'_>, range: Range<usize>) {
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

/// Checks that `code` is an ISO 3166-1 alpha-2 code; suggests the country meant.
fn country_code(code: &str) -> Result<(), (String, String)> {
    if crate::map::country(code).is_some() {
        return Ok(());
    }
    let hint = match crate::map::suggest(code) {
        Some(c) => format!("vouliez-vous dire « {} » ({}) ?", c.code, c.name),
        None => "écrivez le code ISO 3166-1 à deux lettres majuscules du pays : « SN » pour le Sénégal, « FR » pour la France".into(),
    };
    Err((format!("code pays « {code} » inconnu"), hint))
}

/// Checks that `id` names an existing file of a kind; suggests the closest id.
fn reference(id: &str, ids: &[String], what: &str, folder: &str) -> Result<(), (String, String)> {
    if ids.iter().any(|i| i == id) {
        return Ok(());
    }
    let hint = match values::closest(id, ids) {
        Some(s) => format!("vouliez-vous dire « {s} » ?"),
        None => format!(
            "les identifiants sont les noms des fichiers de « {folder}/ » sans « .toml » ; lancez « ancrage list » pour les voir"
        ),
    };
    Err((
        format!("{what} « {id} » inconnue : aucun fichier « {folder}/{id}.toml »"),
        hint,
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
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
    fn french(self) -> &'static str {
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

fn expected_type(schema: &Value) -> Expected {
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

fn type_matches(expected: Expected, found: &DeValue<'_>) -> bool {
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

fn found_french(found: &DeValue<'_>) -> &'static str {
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
