//! A workshop's participants and half-days (issue 22): the `[participants]`
//! and `[[demi_journees]]` keys of `ateliers/<id>.toml`, and the people read
//! from the spreadsheet they name. The `///` comments of the format's types
//! are French: they are the JSON Schema's descriptions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `[participants]` : la liste des inscrits d’un atelier, pour la feuille d’émargement,
/// les badges et les attestations de présence.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantsSetting {
    /// Le tableau des participants, à côté du fichier de l’atelier
    /// (`atelier-7-2010.participants.csv`) : CSV (UTF-8 ou Windows-1252, « ; » ou « , »),
    /// `.xlsx` ou `.ods`. Colonnes : nom, prénom, structure, fonction, commune, courriel,
    /// et la présence par demi-journée (voir docs/format.md).
    #[serde(rename = "fichier")]
    pub file: String,
    /// `true` : la liste est fictive (un exemple) ; chaque document imprimé porte alors
    /// la mention discrète « Exemple – participants fictifs ».
    #[serde(rename = "fictif", default, skip_serializing_if = "is_false")]
    pub fictitious: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Une demi-journée de l’atelier (`[[demi_journees]]`) : une colonne de signatures de
/// la feuille d’émargement, une colonne de présence du tableau des participants.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HalfDaySetting {
    /// Intitulé, par exemple « Jeudi 8 juillet, matin » ; c’est aussi l’en-tête de sa
    /// colonne de présence dans le tableau des participants.
    #[serde(rename = "intitule")]
    pub label: String,
    /// Heure de début, par exemple « 9 h 00 ».
    #[serde(rename = "debut")]
    pub start: String,
    /// Heure de fin, par exemple « 12 h 30 ».
    #[serde(rename = "fin")]
    pub end: String,
}

/// A half-day of a workshop, resolved: from `[[demi_journees]]`, or the one
/// half-day from the programme's first time to the workshop's `fin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HalfDay {
    /// Its label (« matin », « après-midi », or the author's `intitule`).
    pub label: String,
    /// Start, in minutes after midnight, when known.
    pub start: Option<u16>,
    /// End, in minutes after midnight, when known.
    pub end: Option<u16>,
}

impl HalfDay {
    /// Its length in minutes, when both ends are known and in order.
    pub fn minutes(&self) -> Option<u16> {
        match (self.start, self.end) {
            (Some(s), Some(e)) if e > s => Some(e - s),
            _ => None,
        }
    }
}

/// The label of a half-day that starts at `start` (minutes): « matin »
/// before 13 h, else « après-midi ».
pub fn default_label(start: Option<u16>) -> &'static str {
    // 13 h: a session starting from lunch time on belongs to the afternoon.
    const AFTERNOON_FROM: u16 = 13 * 60;
    match start {
        Some(s) if s >= AFTERNOON_FROM => "après-midi",
        _ => "matin",
    }
}

/// Reads a time of day as the programme writes it: « 9 h 00 », « 9 h »,
/// « 14h30 », « 09:30 ». Minutes after midnight.
pub fn parse_time(text: &str) -> Option<u16> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let (hours, minutes) = compact
        .split_once('h')
        .or_else(|| compact.split_once(':'))
        .unwrap_or((compact.as_str(), ""));
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = if minutes.is_empty() {
        0
    } else {
        minutes.parse().ok()?
    };
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// One person of the list. Every text as written in the spreadsheet,
/// trimmed; never shown in a diagnostic (row numbers only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Participant {
    /// The row of the spreadsheet it comes from (1-based, as the spreadsheet numbers it).
    pub line: usize,
    /// Last name, particle included (« d’Ornano »).
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Organisation (association, local authority…).
    pub structure: Option<String>,
    /// Job or role.
    pub function: Option<String>,
    /// Commune.
    pub commune: Option<String>,
    /// Email address: read for the organiser's use, never printed.
    pub email: Option<String>,
    /// The session the person takes part in: a domain of the workshop, by
    /// its id or its title (« jeunesse »); its colour makes the strip of the
    /// badge.
    pub session: Option<String>,
    /// Presence, one per half-day of the workshop, in order.
    pub present: Vec<bool>,
}

impl Participant {
    /// « Prénom Nom », as printed on a certificate or a badge.
    pub fn full_name(&self) -> String {
        match (self.first_name.is_empty(), self.last_name.is_empty()) {
            (false, false) => format!("{} {}", self.first_name, self.last_name),
            (true, _) => self.last_name.clone(),
            (_, true) => self.first_name.clone(),
        }
    }

    /// Whether the person attended at least one half-day.
    pub fn attended(&self) -> bool {
        self.present.iter().any(|&p| p)
    }

    /// The key the list is sorted by: last name, then first name, both
    /// folded by [`sort_key`].
    pub fn sort_key(&self) -> (String, String, usize) {
        (
            sort_key(&self.last_name),
            sort_key(&self.first_name),
            self.line,
        )
    }
}

/// The sorting form of a name, in the French usage of the Imprimerie
/// nationale: a lower-case particle « de », « d’ » is passed over
/// (« d’Ornano » sorts under O, « de La Tour » under L), case, accents,
/// apostrophes, hyphens and spaces are ignored (« Ðặng » sorts as « dang »,
/// « N’Diaye » as « ndiaye »). Capitalised particles (« Du », « Le », « De »)
/// are part of the name.
pub fn sort_key(name: &str) -> String {
    let mut rest = name.trim();
    for particle in ["de ", "d’", "d'"] {
        if let Some(after) = rest.strip_prefix(particle)
            && !after.trim().is_empty()
        {
            rest = after.trim_start();
            break;
        }
    }
    fold(rest)
}

/// Lower case, letters without their accents, digits; everything else dropped.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().flat_map(char::to_lowercase) {
        match c {
            'đ' | 'ð' => out.push('d'),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_programmes_write_them() {
        assert_eq!(parse_time("9 h 00"), Some(540));
        assert_eq!(parse_time("9 h"), Some(540));
        assert_eq!(parse_time("14h30"), Some(870));
        assert_eq!(parse_time("09:30"), Some(570));
        assert_eq!(parse_time("midi"), None);
        assert_eq!(parse_time("25 h"), None);
    }

    #[test]
    fn names_sort_in_french_usage() {
        assert_eq!(sort_key("d’Ornano"), "ornano");
        assert_eq!(sort_key("de La Tour"), "latour");
        assert_eq!(sort_key("Du Bellay"), "dubellay");
        assert_eq!(sort_key("N’Diaye"), "ndiaye");
        assert_eq!(sort_key("Ðặng"), "dang");
        assert_eq!(sort_key("Élodie"), "elodie");
        assert_eq!(sort_key("de"), "de");
        let mut names = vec!["Ndiaye", "d’Ornano", "Nguyen", "Ðặng", "Daniel", "Œuvray"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            ["Ðặng", "Daniel", "Ndiaye", "Nguyen", "Œuvray", "d’Ornano"]
        );
    }
}
