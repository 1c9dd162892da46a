//! Commented templates written by `ancrage new`; each passes `check` without error
//! (its placeholder text is warned about, see `resolve::editorial`).

use crate::model::Date;
use crate::schema::FileKind;

/// The text of every template, for the check that finds their text left in the materials.
pub const ALL: [&str; 6] = [
    include_str!("templates/domaine.toml"),
    include_str!("templates/commune.toml"),
    include_str!("templates/atelier.toml"),
    include_str!("templates/collection.toml"),
    include_str!("templates/sigles.toml"),
    include_str!("templates/experience.toml"),
];

/// The `.gitignore` that `ancrage new atelier` writes in `ateliers/`: lists
/// of participants are personal data, kept out of the repository.
pub const PARTICIPANTS_GITIGNORE: &str = "\
# Listes de participants : données personnelles, à ne pas versionner ni publier
# (voir docs/format.md, « Participants et données personnelles »).
*.participants.*
";

/// Fills the template of `kind` for a new file `id`.
///
/// `domains` are existing domain ids offered to a workshop (it needs at least one);
/// `date` is the workshop date, chosen by the caller (the library reads no clock).
pub fn render(
    kind: FileKind,
    id: &str,
    title: Option<&str>,
    domains: &[String],
    date: Date,
) -> String {
    let template = match kind {
        FileKind::Domain => include_str!("templates/domaine.toml"),
        FileKind::Commune => include_str!("templates/commune.toml"),
        FileKind::Workshop => include_str!("templates/atelier.toml"),
        FileKind::Collection => include_str!("templates/collection.toml"),
        FileKind::Glossary => include_str!("templates/sigles.toml"),
        FileKind::Experience => include_str!("templates/experience.toml"),
    };
    let domains = domains
        .iter()
        .take(3)
        .map(|d| format!("\"{d}\""))
        .collect::<Vec<_>>()
        .join(", ");
    template
        .replace("{{id}}", id)
        .replace(
            "{{titre}}",
            &toml_escape(&title.map_or_else(|| title_from_id(id), str::to_string)),
        )
        .replace("{{domaines}}", &domains)
        .replace("{{date}}", &date.to_string())
}

/// Escapes a title for a TOML basic string.
fn toml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A readable title from an id: `mon-domaine` → « Mon domaine ».
pub fn title_from_id(id: &str) -> String {
    let spaced = id.replace('-', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(title_from_id("mon-domaine"), "Mon domaine");
        assert_eq!(title_from_id("x"), "X");
    }
}
