//! `experiences/<id>.toml`: an experience record, the unit of capitalisation
//! (issue 21). Like the rest of the format, keys are French and the `///`
//! comments are French: they are the JSON Schema's descriptions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Contact, Date, ExampleNature, Nature, Status};

/// `experiences/<id>.toml` : une fiche d’expérience, capitalisée pour être partagée.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Fiche d’expérience (experiences/<id>.toml)",
    extend("x-ancrage" = "experience")
)]
pub struct Experience {
    /// Titre de l’expérience (obligatoire).
    #[serde(rename = "titre")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Forme courte, en deux ou trois phrases : imprimée dans les fiches domaine dont un
    /// exemple cite cette expérience (par défaut : le contexte).
    #[serde(rename = "resume", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub summary: Option<String>,
    /// « reelle » (une action menée, qui nomme ses acteurs et cite ses sources) ou
    /// « type » (un cas composite, imprimé « Exemple type » ; par défaut).
    #[serde(
        rename = "nature",
        default,
        skip_serializing_if = "ExampleNature::is_type"
    )]
    pub nature: ExampleNature,
    /// « brouillon » : la fiche n’est fabriquée qu’avec `ancrage build --brouillons` ;
    /// « valide » par défaut.
    #[serde(rename = "statut", default, skip_serializing_if = "Status::is_valid")]
    pub status: Status,
    /// Date de la dernière mise à jour de la fiche (date TOML, par exemple 2026-12-06).
    #[serde(
        rename = "mise_a_jour",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub updated: Option<Date>,
    /// Les collectivités françaises qui portent l’action (au moins une).
    #[serde(rename = "collectivites")]
    pub authorities: Vec<Authority>,
    /// Les partenaires : collectivités étrangères, associations, ONG, États, réseaux…
    #[serde(rename = "partenaires", default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<ExperiencePartner>,
    /// Fiches domaine concernées (identifiants, au moins un).
    #[serde(rename = "domaines")]
    #[schemars(extend("x-ancrage" = "ids-domaine"))]
    pub domains: Vec<String>,
    /// Période de l’action, en années.
    #[serde(rename = "periode", default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Budget de l’action, s’il est public.
    #[serde(rename = "budget", default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// « Contexte » : pourquoi et dans quelle situation l’action est née (obligatoire).
    #[serde(rename = "contexte")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub context: String,
    /// « Actions menées » : une liste de paragraphes ou de points.
    #[serde(rename = "actions", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub actions: Vec<String>,
    /// « Résultats » : une liste de paragraphes ou de points.
    #[serde(rename = "resultats", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub results: Vec<String>,
    /// « Enseignements » : ce qui a marché, ce qui n’a pas marché, les conditions pour
    /// refaire ; écrits d’après les sources, jamais inventés.
    #[serde(
        rename = "enseignements",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub lessons: Vec<String>,
    /// Contact public (service, site) ; aucune donnée personnelle.
    #[serde(rename = "contact", default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// Sources : adresses (https://…) ou références ; obligatoires pour une expérience réelle.
    #[serde(rename = "sources", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub sources: Vec<String>,
}

/// Une collectivité qui porte l’action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Nom, par exemple « Ville de Montreuil ».
    #[serde(rename = "nom")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub name: String,
    /// Nature : commune, intercommunalite, departement, region ou association.
    #[serde(rename = "nature", default)]
    pub nature: Nature,
    /// Territoire, par exemple « Seine-Saint-Denis (93) ».
    #[serde(
        rename = "territoire",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub territory: Option<String>,
    /// Identifiant de son profil dans `communes/`, s’il existe.
    #[serde(rename = "commune", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "id-commune"))]
    pub commune: Option<String>,
}

/// Un partenaire de l’action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperiencePartner {
    /// Nom du partenaire.
    #[serde(rename = "nom")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub name: String,
    /// Pays, en code ISO 3166-1 alpha-2 en majuscules : « SN » pour le Sénégal,
    /// « FR » pour un partenaire français.
    #[serde(rename = "pays")]
    #[schemars(extend("x-ancrage" = "pays"))]
    pub country: String,
    /// Sorte de partenaire.
    #[serde(rename = "type", default)]
    pub kind: PartnerKind,
}

/// Sorte de partenaire d’une expérience.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PartnerKind {
    /// Une collectivité (commune, département, région…).
    #[default]
    #[serde(rename = "collectivite")]
    Authority,
    /// Une association.
    #[serde(rename = "association")]
    Association,
    /// Une organisation non gouvernementale.
    #[serde(rename = "ong")]
    Ngo,
    /// Un État, un ministère ou une agence publique.
    #[serde(rename = "etat")]
    State,
    /// Un réseau de collectivités ou d’associations.
    #[serde(rename = "reseau")]
    Network,
    /// Un établissement (école, hôpital, université…).
    #[serde(rename = "etablissement")]
    Institution,
    /// Une entreprise ou une société publique.
    #[serde(rename = "entreprise")]
    Company,
    /// Plusieurs partenaires de sortes diverses, nommés ensemble.
    #[serde(rename = "divers")]
    Various,
}

impl PartnerKind {
    /// Its printed French label.
    pub fn label(self) -> &'static str {
        match self {
            PartnerKind::Authority => "collectivité",
            PartnerKind::Association => "association",
            PartnerKind::Ngo => "ONG",
            PartnerKind::State => "État",
            PartnerKind::Network => "réseau",
            PartnerKind::Institution => "établissement",
            PartnerKind::Company => "entreprise",
            PartnerKind::Various => "divers",
        }
    }
}

/// Période de l’action, en années.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Année de début, par exemple 2018.
    #[serde(rename = "debut")]
    #[schemars(range(min = 1900, max = 2100))]
    pub start: u16,
    /// Année de fin (absente : l’action se poursuit).
    #[serde(rename = "fin", default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1900, max = 2100))]
    pub end: Option<u16>,
}

/// Budget de l’action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Montant tel qu’imprimé, avec son unité : « 3 millions d’euros », « 5 000 € »
    /// (absent : non publié).
    #[serde(rename = "montant", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub amount: Option<String>,
    /// Cofinanceurs : Union européenne, ministère, agence de l’eau…
    #[serde(
        rename = "cofinanceurs",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub cofunders: Vec<String>,
}

impl Period {
    /// « 2018 », « 2010–2012 », « depuis 1985 ».
    pub fn label(&self) -> String {
        match self.end {
            Some(end) if end == self.start => self.start.to_string(),
            Some(end) => format!("{}–{end}", self.start),
            None => format!("depuis {}", self.start),
        }
    }
}
