//! The value checks named by `x-ancrage` in the schema: rules on a string,
//! an integer, a list or a table, and the checks of a string against its
//! enumeration.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::Value;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::types::{enum_values, suggest_value};
use super::{MAX_FIGURE_CHARS, MAX_TEXT_CHARS, Seg, Walker};
use crate::diag::Diagnostic;
use crate::layout::inline;
use crate::resolve::values::{self, ImageInfo};

impl<'s> Walker<'_, '_, 's> {
    pub(super) fn string(&mut self, s: &str, range: Range<usize>, schema: &'s Value) {
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
        let images = || {
            (self.ctx.images)
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(done) = images().get(s) {
            return done.clone();
        }
        // Checked outside the lock: two threads may both check an image,
        // and then insert the same result.
        let result = values::check_image(self.ctx.root, s).map(|(_, info)| info);
        images().insert(s.to_string(), result.clone());
        result
    }

    pub(super) fn integer(&mut self, raw: &str, radix: u32, range: Range<usize>, schema: &Value) {
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

    pub(super) fn list_rule(
        &mut self,
        rule: &str,
        items: &[Spanned<DeValue<'_>>],
        _range: Range<usize>,
    ) {
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

    pub(super) fn table_rule(&mut self, rule: &str, table: &DeTable<'_>, range: Range<usize>) {
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
}

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
