//! A workshop (`ateliers/<id>.toml`): its programme, sessions and layout.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    BadgeSetting, Date, Evaluation, HalfDay, HalfDaySetting, ParticipantsSetting, Status,
    participants,
};

/// `ateliers/<id>.toml` : le livret d’un atelier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Atelier (ateliers/<id>.toml)", extend("x-ancrage" = "atelier"))]
pub struct Workshop {
    /// Titre de l’atelier (obligatoire).
    #[serde(rename = "titre")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Sous-titre.
    #[serde(
        rename = "sous_titre",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub subtitle: Option<String>,
    /// Date de l’atelier (date TOML, par exemple 2010-07-08 ; obligatoire).
    #[serde(rename = "date")]
    pub date: Date,
    /// « brouillon » : le livret n’est fabriqué qu’avec `ancrage build --brouillons`,
    /// chaque page barrée d’un bandeau ; « valide » par défaut.
    #[serde(rename = "statut", default, skip_serializing_if = "Status::is_valid")]
    pub status: Status,
    /// Lieu.
    #[serde(rename = "lieu", default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Commune dont le profil personnalise les fiches (identifiant).
    #[serde(rename = "commune", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "id-commune"))]
    pub commune: Option<String>,
    /// Fiches distribuées, dans l’ordre (obligatoire).
    #[serde(rename = "domaines")]
    #[schemars(extend("x-ancrage" = "ids-domaine"))]
    pub domains: Vec<String>,
    /// Mise en page : « a4 » (par défaut) ou « livret-a5 » (livret piqué à cheval).
    #[serde(rename = "mise_en_page", default)]
    pub layout: WorkshopLayout,
    /// Nombre de pages de notes lignées à la fin.
    #[serde(rename = "pages_de_notes", default)]
    #[schemars(range(max = 20))]
    pub notes_pages: u32,
    /// Présentation imprimée sur la couverture.
    #[serde(
        rename = "presentation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub presentation: Option<String>,
    /// Le programme de l’atelier.
    #[serde(rename = "programme", default, skip_serializing_if = "Vec::is_empty")]
    pub programme: Vec<Session>,
    /// Le questionnaire d’évaluation (`<id>-evaluation.pdf`) : échelle, questions notées,
    /// une question par séquence du programme, questions ouvertes.
    #[serde(
        rename = "evaluation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub evaluation: Option<Evaluation>,
    /// La taille des badges (`<id>-badges.pdf`) ; par défaut 90 × 55 mm.
    #[serde(rename = "badges", default, skip_serializing_if = "Option::is_none")]
    pub badges: Option<BadgeSetting>,
    /// Heure de fin de l’atelier, par exemple « 12 h 30 » : avec la première heure du
    /// programme, elle donne la durée imprimée sur les attestations de présence.
    #[serde(rename = "fin", default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Les demi-journées, pour un atelier de plus d’une demi-journée : chacune a sa
    /// colonne de signatures sur la feuille d’émargement. Sans elles, l’atelier tient en
    /// une demi-journée, de la première heure du programme à `fin`.
    #[serde(
        rename = "demi_journees",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub half_days: Vec<HalfDaySetting>,
    /// L’organisateur, nommé sur les attestations de présence au-dessus de la signature
    /// (par exemple « Cités Unies France »).
    #[serde(
        rename = "organisateur",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub organiser: Option<String>,
    /// La ligne du financeur, imprimée en tête de la feuille d’émargement (par exemple
    /// « Action financée par la Région Île-de-France »).
    #[serde(rename = "financeur", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub funder: Option<String>,
    /// La liste des participants : feuille d’émargement, badges et attestations de
    /// présence (voir docs/format.md, « Participants et données personnelles »).
    #[serde(
        rename = "participants",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub participants: Option<ParticipantsSetting>,
}

impl Workshop {
    /// The half-days: the `[[demi_journees]]`, or one half-day from the
    /// programme's first time to `fin` (« matin » or « après-midi » by its
    /// start).
    pub fn half_days(&self) -> Vec<HalfDay> {
        if !self.half_days.is_empty() {
            return self
                .half_days
                .iter()
                .map(|h| HalfDay {
                    label: h.label.clone(),
                    start: participants::parse_time(&h.start),
                    end: participants::parse_time(&h.end),
                })
                .collect();
        }
        let start = self
            .programme
            .first()
            .and_then(|s| participants::parse_time(&s.time));
        vec![HalfDay {
            label: participants::default_label(start).to_string(),
            start,
            end: self.end.as_deref().and_then(participants::parse_time),
        }]
    }
}

/// Mise en page du livret d’atelier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum WorkshopLayout {
    /// Pages A4.
    #[default]
    #[serde(rename = "a4")]
    A4,
    /// Livret A5 piqué à cheval, imposé sur A4 paysage.
    #[serde(rename = "livret-a5")]
    BookletA5,
}

/// Une séquence du programme.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Heure, par exemple « 9 h 30 ».
    #[serde(rename = "heure")]
    pub time: String,
    /// Intitulé de la séquence.
    #[serde(rename = "intitule")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Intervenants.
    #[serde(
        rename = "intervenants",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub speakers: Option<String>,
}
