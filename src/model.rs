//! The materials format (v1): the Rust types behind the four kinds of TOML files.
//!
//! Keys are French (the contract with users, see `docs/format.md`); identifiers are
//! English. The `///` comments on the types, fields and variants of the format are
//! French on purpose: they become the descriptions of the JSON Schema that editors
//! (Taplo) show to users.
//!
//! `x-ancrage` schema extensions name the value checks of `resolve::check`
//! (colour, URL, image, references…), so that one set of types drives the JSON
//! Schema, the located validation and the deserialisation.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub mod edition;
pub mod evaluation;
pub mod experience;
pub mod participants;

pub use edition::{Edition, GENERIC};
pub use evaluation::{BadgeSetting, Evaluation};
pub use experience::Experience;
pub use participants::{HalfDay, HalfDaySetting, Participant, ParticipantsSetting};

/// `collection.toml` : réglages de toute la collection de fiches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "collection.toml", extend("x-ancrage" = "collection"))]
pub struct Collection {
    /// Titre de la collection, imprimé sur la couverture et dans les pieds de page.
    #[serde(rename = "titre")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Éditeur de la collection, imprimé dans le pied de page ou le colophon.
    #[serde(rename = "editeur", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub publisher: Option<String>,
    /// Langue des libellés imprimés : « fr » (par défaut) ou « en ».
    #[serde(rename = "langue", default)]
    pub language: Language,
    /// Format du papier : « A4 » (par défaut), « A5 » ou « Letter ».
    #[serde(rename = "papier", default)]
    pub paper: Paper,
    /// Date d’édition imprimée dans les pieds de page (date TOML, par exemple 2026-11-26).
    #[serde(rename = "edition", default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<Date>,
    /// Règles typographiques : `typographie = "brute"` les désactive ; la table
    /// `[typographie]` permet aussi de donner des césures (`cesures = ["co-opé-ra-tion"]`).
    #[serde(
        rename = "typographie",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub typography: Option<TypographySetting>,
    /// Famille de polices à utiliser à la place d’Inter : `[polices] famille = "…"`.
    #[serde(rename = "polices", default, skip_serializing_if = "Option::is_none")]
    pub fonts: Option<FontsSetting>,
    /// Options d’impression de tous les fichiers fabriqués : `[impression]`
    /// (les options de `ancrage build` s’y ajoutent).
    #[serde(
        rename = "impression",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub printing: Option<PrintSetting>,
}

/// Table `[impression]` : options pour l’imprimeur ou l’imprimante du bureau.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintSetting {
    /// Tout convertir en niveaux de gris, pour une imprimante noir et blanc.
    #[serde(rename = "niveaux_de_gris", default)]
    pub grayscale: bool,
    /// Fond perdu en millimètres (souvent 3), pour un imprimeur qui massicote.
    #[serde(rename = "fond_perdu", default)]
    #[schemars(range(min = 0, max = 10))]
    pub bleed_mm: f32,
    /// Traits de coupe aux coins de la page (demande un fond perdu).
    #[serde(rename = "traits_de_coupe", default)]
    pub crop_marks: bool,
    /// Fabriquer aussi chaque fichier en gros caractères (fichiers en `-gros-caracteres.pdf`),
    /// pour les lecteurs malvoyants.
    #[serde(rename = "gros_caracteres", default)]
    pub large_print: bool,
}

/// Table `[impression]` d’un profil : l’édition en gros caractères de la collectivité.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommunePrintSetting {
    /// Fabriquer aussi les fiches, le recueil et les livrets d’atelier de la collectivité
    /// en gros caractères (fichiers en `-gros-caracteres.pdf`), pour les lecteurs malvoyants.
    #[serde(rename = "gros_caracteres", default)]
    pub large_print: bool,
}

impl Collection {
    /// Whether French typography rules apply (not with `typographie = "brute"`).
    pub fn french_typography(&self) -> bool {
        let mode = match &self.typography {
            Some(TypographySetting::Mode(mode)) => *mode,
            Some(TypographySetting::Table(t)) => t.rules,
            None => TypographyMode::French,
        };
        mode == TypographyMode::French
    }

    /// Hyphenation exceptions from `[typographie] cesures`.
    pub fn hyphenation_exceptions(&self) -> &[String] {
        match &self.typography {
            Some(TypographySetting::Table(t)) => &t.hyphenation,
            _ => &[],
        }
    }
}

/// `typographie = "brute"` ou une table `[typographie]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TypographySetting {
    /// « francaise » (par défaut) ou « brute » (textes imprimés tels quels).
    Mode(TypographyMode),
    /// Réglages détaillés.
    Table(Typography),
}

/// Règles typographiques appliquées aux textes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum TypographyMode {
    /// Règles françaises : guillemets, apostrophes, espaces insécables.
    #[default]
    #[serde(rename = "francaise")]
    French,
    /// Textes imprimés tels quels.
    #[serde(rename = "brute")]
    Raw,
}

/// Table `[typographie]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Typography {
    /// « francaise » (par défaut) ou « brute ».
    #[serde(rename = "regles", default)]
    pub rules: TypographyMode,
    /// Césures imposées, mot par mot, avec des tirets aux coupures permises : "co-opé-ra-tion".
    #[serde(rename = "cesures", default, skip_serializing_if = "Vec::is_empty")]
    pub hyphenation: Vec<String>,
}

/// Table `[polices]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FontsSetting {
    /// Nom de la famille : ses fichiers `<famille>-Regular.otf` (ou .ttf), `-Italic`, `-Bold`,
    /// `-BoldItalic` (et `-SemiBold`, `-SemiBoldItalic` si présents) sont cherchés dans le dossier
    /// `fonts/` du dossier des matériaux, puis dans `fonts/` à côté de lui.
    #[serde(rename = "famille")]
    pub family: String,
}

/// Langue des libellés imprimés.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Language {
    /// Français.
    #[default]
    #[serde(rename = "fr")]
    French,
    /// Anglais.
    #[serde(rename = "en")]
    English,
}

impl Language {
    /// Its BCP 47 tag, without region: `fr`, `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::French => "fr",
            Language::English => "en",
        }
    }
}

/// Format du papier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 148 × 210 mm.
    A5,
    /// 8,5 × 11 pouces (format nord-américain).
    Letter,
}

/// `domaines/<id>.toml` : une fiche domaine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Fiche domaine (domaines/<id>.toml)", extend("x-ancrage" = "domaine"))]
pub struct Domain {
    /// Titre de la fiche (obligatoire).
    #[serde(rename = "titre")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Sous-titre, sous le titre dans le bandeau.
    #[serde(
        rename = "sous_titre",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub subtitle: Option<String>,
    /// Couleur d’accent de la fiche, au format #RRGGBB.
    #[serde(rename = "couleur", default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^#[0-9A-Fa-f]{6}$"), extend("x-ancrage" = "couleur"))]
    pub color: Option<String>,
    /// Pictogramme (PNG ou JPEG), chemin relatif au dossier des matériaux.
    #[serde(
        rename = "pictogramme",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-ancrage" = "image"))]
    pub pictogram: Option<String>,
    /// Clé de tri des fiches (puis le titre).
    #[serde(rename = "ordre", default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Mots-clés, repris dans les métadonnées du PDF.
    #[serde(rename = "mots_cles", default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// « brouillon » : la fiche n’est fabriquée qu’avec `ancrage build --brouillons`,
    /// barrée d’un bandeau « Document de travail – non validé » ; « valide » par défaut.
    #[serde(rename = "statut", default, skip_serializing_if = "Status::is_valid")]
    pub status: Status,
    /// Date de la dernière mise à jour du contenu (date TOML, par exemple 2026-12-01),
    /// imprimée dans le pied de page de la fiche.
    #[serde(
        rename = "mise_a_jour",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub updated: Option<Date>,
    /// Chapeau de 2 à 5 phrases (obligatoire).
    #[serde(rename = "resume")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub summary: String,
    /// « Les enjeux » : une liste de paragraphes.
    #[serde(rename = "enjeux", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub stakes: Vec<String>,
    /// « Ce que l’international apporte » : une liste de paragraphes.
    #[serde(rename = "apports", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub benefits: Vec<String>,
    /// « Cadre juridique » : textes de loi cités avec leur numéro et leur date.
    #[serde(rename = "cadre", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub legal_framework: Vec<String>,
    /// « Leviers d’action » : des cartes numérotées.
    #[serde(rename = "leviers", default, skip_serializing_if = "Vec::is_empty")]
    pub levers: Vec<Lever>,
    /// « Expériences » : des exemples d’actions menées.
    #[serde(rename = "exemples", default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    /// « Outils et dispositifs ».
    #[serde(rename = "outils", default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<Tool>,
    /// « Chiffres clés » : des vignettes, chacune avec sa source.
    #[serde(rename = "chiffres", default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<KeyFigure>,
    /// Histogramme facultatif.
    #[serde(rename = "graphique", default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<Chart>,
    /// « Pour aller plus loin » : chaque ressource est imprimée avec un code QR.
    #[serde(rename = "ressources", default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
}

/// Un levier : section « Leviers d’action ».
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lever {
    /// Titre du levier.
    #[serde(rename = "titre")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Texte du levier.
    #[serde(rename = "texte")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub text: String,
}

/// Une expérience : section « Expériences ».
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-ancrage" = "exemple"))]
pub struct Example {
    /// Titre de l’expérience (obligatoire sans `experience`).
    #[serde(rename = "titre", default)]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Identifiant d’une fiche d’expérience (`experiences/<id>.toml`) : la fiche
    /// domaine en imprime la forme courte, titre, porteurs, pays, texte et sources
    /// compris ; ne les écrivez pas ici.
    #[serde(
        rename = "experience",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-ancrage" = "id-experience"))]
    pub experience: Option<String>,
    /// Qui porte l’action (collectivités, associations…).
    #[serde(rename = "porteurs", default, skip_serializing_if = "Vec::is_empty")]
    pub carriers: Vec<String>,
    /// Pays partenaire.
    #[serde(rename = "pays", default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// « reelle » (une action menée, qui nomme ses acteurs et cite ses sources) ou
    /// « type » (un cas composite, imprimé « Exemple type » ; par défaut).
    #[serde(
        rename = "nature",
        default,
        skip_serializing_if = "ExampleNature::is_type"
    )]
    pub nature: ExampleNature,
    /// Sources d’une expérience réelle : adresses (https://…) ou références, imprimées sous le récit.
    #[serde(rename = "sources", default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-ancrage" = "textes"))]
    pub sources: Vec<String>,
    /// Récit de l’expérience (obligatoire sans `experience`).
    #[serde(rename = "texte", default)]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub text: String,
    /// Photo ou illustration (PNG ou JPEG), chemin relatif au dossier des matériaux.
    #[serde(rename = "image", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "image"))]
    pub image: Option<String>,
    /// Légende de l’image.
    #[serde(rename = "legende", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub caption: Option<String>,
    /// Texte alternatif de l’image, lu par les lecteurs d’écran (obligatoire avec `image`).
    #[serde(rename = "alt", default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

/// Un outil ou dispositif : section « Outils et dispositifs ».
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Nom de l’outil ou du dispositif.
    #[serde(rename = "nom")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub name: String,
    /// Description.
    #[serde(rename = "texte")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub text: String,
    /// Lien vers le dispositif (http:// ou https://).
    #[serde(rename = "lien", default, skip_serializing_if = "Option::is_none")]
    #[schemars(url, extend("x-ancrage" = "url"))]
    pub link: Option<String>,
}

/// Une vignette : section « Chiffres clés ».
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    /// Le chiffre, tel qu’imprimé dans la vignette (14 caractères au plus pour bien tenir).
    #[serde(rename = "valeur")]
    #[schemars(extend("x-ancrage" = "valeur-chiffre"))]
    pub value: String,
    /// Ce que le chiffre mesure.
    #[serde(rename = "libelle")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub label: String,
    /// D’où vient le chiffre (obligatoire : pas de chiffre sans source).
    #[serde(rename = "source")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub source: String,
    /// Année que le chiffre décrit ou de sa publication (par exemple 2024) ; `ancrage check`
    /// signale un chiffre de plus de 5 ans par rapport à la date d’édition de la collection.
    #[serde(rename = "annee", default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1900, max = 2100))]
    pub year: Option<u16>,
}

/// Un histogramme.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-ancrage" = "graphique"))]
pub struct Chart {
    /// Titre du graphique.
    #[serde(rename = "titre")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Unité des valeurs (M€, %, habitants…).
    #[serde(rename = "unite", default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Source des données (obligatoire).
    #[serde(rename = "source")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub source: String,
    /// Les barres, dans l’ordre d’affichage.
    #[serde(rename = "barres")]
    pub bars: Vec<Bar>,
}

/// Une barre de l’histogramme.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bar {
    /// Libellé sous la barre.
    #[serde(rename = "libelle")]
    pub label: String,
    /// Valeur (un nombre).
    #[serde(rename = "valeur")]
    pub value: f64,
}

/// Une ressource : section « Pour aller plus loin ».
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Titre de la ressource.
    #[serde(rename = "titre")]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub title: String,
    /// Adresse (http:// ou https://), imprimée avec un code QR.
    #[serde(rename = "url")]
    #[schemars(url, extend("x-ancrage" = "url"))]
    pub url: String,
    /// Description courte.
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-ancrage" = "texte"))]
    pub description: Option<String>,
}

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

/// Statut d’une fiche, d’un profil ou d’un atelier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Status {
    /// Validé : fabriqué normalement.
    #[default]
    #[serde(rename = "valide")]
    Valid,
    /// Document de travail : fabriqué seulement avec `--brouillons`, avec un bandeau.
    #[serde(rename = "brouillon")]
    Draft,
}

impl Status {
    /// Whether this is the default, validated status.
    pub fn is_valid(&self) -> bool {
        *self == Status::Valid
    }

    /// Whether this is a draft.
    pub fn is_draft(self) -> bool {
        self == Status::Draft
    }
}

/// Nature d’une expérience.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ExampleNature {
    /// Un cas composite, imprimé avec la mention « Exemple type ».
    #[default]
    #[serde(rename = "type")]
    Type,
    /// Une action réellement menée, avec ses acteurs et ses sources.
    #[serde(rename = "reelle")]
    Real,
}

impl ExampleNature {
    /// Whether this is the default, composite kind.
    pub fn is_type(&self) -> bool {
        *self == ExampleNature::Type
    }
}

/// `sigles.toml` : le glossaire des sigles employés dans les fiches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sigles.toml", extend("x-ancrage" = "glossaire"))]
pub struct Glossary {
    /// Chaque sigle et son développement : `EPCI = "établissement public de coopération
    /// intercommunale"`. Une fiche imprime un encadré « Sigles » avec ceux qu’elle emploie.
    #[serde(rename = "sigles", default)]
    #[schemars(extend("x-ancrage" = "sigles"))]
    pub acronyms: BTreeMap<String, String>,
}

/// Une date, écrite comme date TOML sans guillemets (`2010-07-08`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let datetime = toml::value::Datetime {
            date: Some(toml::value::Date {
                year: self.year,
                month: self.month,
                day: self.day,
            }),
            time: None,
            offset: None,
        };
        datetime.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let datetime = toml::value::Datetime::deserialize(deserializer)?;
        match (datetime.date, datetime.time) {
            (Some(d), None) => Ok(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            _ => Err(serde::de::Error::custom(
                "une date seule est attendue (AAAA-MM-JJ)",
            )),
        }
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "x-ancrage": "date",
        })
    }
}

impl Date {
    /// The date `days` days after 1970-01-01 (negative before), in the proleptic
    /// Gregorian calendar (H. Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(14_798).to_string(),
            "2010-07-08"
        );
        assert_eq!(
            Date::from_days_since_epoch(20_418).to_string(),
            "2025-11-26"
        );
        assert_eq!(
            Date::from_days_since_epoch(11_016).to_string(),
            "2000-02-29"
        );
    }
}
