//! The workshop kit's settings that need no participant (issue 22): the
//! `[evaluation]` questionnaire and the `[badges]` size of
//! `ateliers/<id>.toml`. The `///` comments of the format's types are
//! French: they are the JSON Schema's descriptions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `[evaluation]` : le questionnaire d’évaluation de l’atelier
/// (`output/ateliers/<id>-evaluation.pdf`), une feuille A4 imprimée recto verso.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Les degrés de l’échelle, du plus faible au plus fort, de 2 à 6 libellés courts :
    /// `["Pas du tout", "Plutôt non", "Plutôt oui", "Tout à fait"]` (c’est l’échelle par
    /// défaut). Chaque question notée reçoit une case à cocher par degré.
    #[serde(rename = "echelle", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 2, max = 6))]
    pub scale: Vec<String>,
    /// Les questions notées sur l’échelle, au recto : « L’atelier a répondu à mes attentes ».
    #[serde(rename = "questions", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub questions: Vec<String>,
    /// La question posée pour chaque séquence du programme qui a des intervenants
    /// (l’accueil et les pauses n’en ont pas), notée sur l’échelle :
    /// par défaut « Cette séquence vous a-t-elle été utile ? ». Une chaîne vide (`""`)
    /// retire les séquences du questionnaire.
    #[serde(
        rename = "question_sequences",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub sessions_question: Option<String>,
    /// Les questions ouvertes, au verso, chacune suivie de lignes pour répondre :
    /// « Ce que vous retenez de l’atelier ».
    #[serde(
        rename = "questions_ouvertes",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub open_questions: Vec<String>,
}

/// The scale of a questionnaire that sets none: four degrees and no middle
/// one, so that an answer leans one way (the usual form of satisfaction
/// questionnaires of training bodies).
pub const DEFAULT_SCALE: [&str; 4] = ["Pas du tout", "Plutôt non", "Plutôt oui", "Tout à fait"];

/// The question of each programme session when `question_sequences` is absent.
pub const DEFAULT_SESSIONS_QUESTION: &str = "Cette séquence vous a-t-elle été utile ?";

/// Most degrees on a scale: six boxes and their labels still fit beside a
/// question on an A4 line (the schema says the same).
pub const MAX_SCALE: usize = 6;

impl Evaluation {
    /// The degrees of the scale: the author's, or [`DEFAULT_SCALE`].
    pub fn degrees(&self) -> Vec<String> {
        if self.scale.is_empty() {
            DEFAULT_SCALE.iter().map(|s| (*s).to_string()).collect()
        } else {
            self.scale.clone()
        }
    }

    /// The question asked of each session, `None` when the author removed it.
    pub fn sessions_question(&self) -> Option<&str> {
        match self.sessions_question.as_deref() {
            Some(q) if q.trim().is_empty() => None,
            Some(q) => Some(q),
            None => Some(DEFAULT_SESSIONS_QUESTION),
        }
    }
}

/// `[badges]` : la taille des badges nominatifs (`output/ateliers/<id>-badges.pdf`).
/// Par défaut 90 × 55 mm, huit par feuille A4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BadgeSetting {
    /// Largeur d’un badge en millimètres, de 50 à 180 (par défaut 90).
    #[serde(rename = "largeur", default = "default_badge_width")]
    #[schemars(range(min = 50, max = 180))]
    pub width_mm: u16,
    /// Hauteur d’un badge en millimètres, de 30 à 130 (par défaut 55).
    #[serde(rename = "hauteur", default = "default_badge_height")]
    #[schemars(range(min = 30, max = 130))]
    pub height_mm: u16,
}

impl Default for BadgeSetting {
    fn default() -> BadgeSetting {
        BadgeSetting {
            width_mm: default_badge_width(),
            height_mm: default_badge_height(),
        }
    }
}

/// 90 mm: the width of the usual badge holders (and of a business card's
/// long side, 85 mm, with room to slip it in).
fn default_badge_width() -> u16 {
    90
}

/// 55 mm: with the 90 mm width, two columns of four fit an A4 sheet inside
/// its margins, with room for the crop marks.
fn default_badge_height() -> u16 {
    55
}
