//! A commune's profile (`communes/<id>.toml`): its identity, contacts, partners and local actions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{CommunePrintSetting, Language, Status};

/// `communes/<id>.toml` : la personnalisation de la collection pour une collectivité.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Profil de commune (communes/<id>.toml)", extend("x-ancrage" = "commune"))]
pub struct Commune {
    /// Nom de la collectivité (obligatoire).
    #[serde(rename = "nom")]
    pub name: String,
    /// Nature : commune, intercommunalite, departement, region ou association.
    #[serde(rename = "nature", default)]
    pub nature: Nature,
    /// « brouillon » : l’édition de la collectivité n’est fabriquée qu’avec
    /// `ancrage build --brouillons`, chaque page barrée d’un bandeau ; « valide » par défaut.
    #[serde(rename = "statut", default, skip_serializing_if = "Status::is_valid")]
    pub status: Status,
    /// Territoire, par exemple « Hauts-de-Seine (92) ».
    #[serde(
        rename = "territoire",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub territory: Option<String>,
    /// Titre de l’encadré local des fiches, par exemple « En Essonne » (par défaut : tiré de `nom` et `nature`, « Au Kremlin-Bicêtre »).
    #[serde(rename = "intitule", default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Logo (PNG ou JPEG), chemin relatif au dossier des matériaux.
    #[serde(rename = "logo", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "image"))]
    pub logo: Option<String>,
    /// Couleur d’accent des couvertures et de l’encadré local, au format #RRGGBB.
    #[serde(rename = "couleur", default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^#[0-9A-Fa-f]{6}$"), extend("x-ancrage" = "couleur"))]
    pub color: Option<String>,
    /// Langue des libellés, si elle diffère de celle de la collection.
    #[serde(rename = "langue", default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Fiches retenues, dans l’ordre voulu (par défaut : toutes).
    #[serde(rename = "domaines", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "ids-domaine"))]
    pub domains: Option<Vec<String>>,
    /// Éditorial imprimé sur la couverture du recueil de la commune.
    #[serde(rename = "edito", default, skip_serializing_if = "Option::is_none")]
    pub editorial: Option<Editorial>,
    /// Coordonnées imprimées sur chaque fiche de la commune.
    #[serde(rename = "contact", default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// Associations locales de solidarité internationale.
    #[serde(rename = "partenaires", default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<Partner>,
    /// Actions locales : un encadré « À ‹nom› » sur la fiche du domaine.
    #[serde(rename = "actions", default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<LocalAction>,
    /// Fiches d’expérience (identifiants dans `experiences/`) auxquelles la collectivité
    /// prend part sans les porter : celles qui la nomment dans leurs `collectivites`
    /// (`commune = "<id>"`) s’y ajoutent d’elles-mêmes, inutile de les répéter ici.
    /// L’encadré local de chaque fiche domaine les cite.
    #[serde(rename = "experiences", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-ancrage" = "ids-experience"))]
    pub experiences: Vec<String>,
    /// Remplacements, domaine par domaine, des champs d’une fiche : `[surcharges.<id>]`.
    #[serde(
        rename = "surcharges",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[schemars(schema_with = "crate::schema::overrides_schema")]
    pub overrides: BTreeMap<String, toml::Table>,
    /// Options d’impression de la collectivité : `[impression] gros_caracteres = true`.
    #[serde(
        rename = "impression",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub printing: Option<CommunePrintSetting>,
}

impl Commune {
    /// Whether its editions are also made in large print.
    pub fn large_print(&self) -> bool {
        self.printing.as_ref().is_some_and(|p| p.large_print)
    }
}

/// Nature de la collectivité ou de l’organisme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Nature {
    /// Une commune.
    #[default]
    #[serde(rename = "commune")]
    Commune,
    /// Une intercommunalité.
    #[serde(rename = "intercommunalite")]
    Intercommunality,
    /// Un département.
    #[serde(rename = "departement")]
    Department,
    /// Une région.
    #[serde(rename = "region")]
    Region,
    /// Une association.
    #[serde(rename = "association")]
    Association,
}

/// L’éditorial de la couverture du recueil de la commune.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Editorial {
    /// Texte de l’éditorial.
    #[serde(rename = "texte")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub text: String,
    /// Nom de la personne qui signe.
    #[serde(
        rename = "signataire",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub signatory: Option<String>,
    /// Fonction de la personne qui signe.
    #[serde(rename = "fonction", default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Un bloc de coordonnées.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Service à contacter.
    #[serde(rename = "service", default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Adresse postale.
    #[serde(rename = "adresse", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Téléphone.
    #[serde(rename = "telephone", default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Adresse électronique.
    #[serde(rename = "courriel", default, skip_serializing_if = "Option::is_none")]
    #[schemars(email, extend("x-ancrage" = "courriel"))]
    pub email: Option<String>,
    /// Site web (http:// ou https://).
    #[serde(rename = "site", default, skip_serializing_if = "Option::is_none")]
    #[schemars(url, extend("x-ancrage" = "url"))]
    pub website: Option<String>,
}

/// Une association partenaire locale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Nom de l’association.
    #[serde(rename = "nom")]
    pub name: String,
    /// Ce qu’elle fait.
    #[serde(rename = "description")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub description: String,
    /// Site web (http:// ou https://).
    #[serde(rename = "site", default, skip_serializing_if = "Option::is_none")]
    #[schemars(url, extend("x-ancrage" = "url"))]
    pub website: Option<String>,
    /// Fiches où elle apparaît (par défaut : toutes).
    #[serde(rename = "domaines", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "ids-domaine"))]
    pub domains: Option<Vec<String>>,
}

/// Une action locale, imprimée dans l’encadré « À ‹nom› » de la fiche du domaine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalAction {
    /// Identifiant de la fiche concernée (nom du fichier sans « .toml »).
    #[serde(rename = "domaine")]
    #[schemars(extend("x-ancrage" = "id-domaine"))]
    pub domain: String,
    /// Titre de l’action.
    #[serde(rename = "titre")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Description de l’action.
    #[serde(rename = "texte")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub text: String,
}
