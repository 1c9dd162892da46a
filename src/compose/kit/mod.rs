//! The workshop kit (issue 22): the documents printed for the day of a
//! workshop besides its booklet — the evaluation form, the speakers' table
//! tents and the participants' badges — each composed as blocks on A4 pages
//! so that layout and export (tagged PDF, fonts, colours) are the usual ones.

pub mod badges;
pub mod evaluation;
pub mod tents;

use super::collection::GENERIC_COVER;
use super::labels::full_date;
use super::profile::Profile;
use super::sheet::{Numbering, SheetTemplate};
use super::{Composed, Text};
use crate::layout::document::{Color, Role};
use crate::layout::flow::Block;
use crate::model::{Commune, Language, Workshop};
use crate::resolve::Materials;

/// A4 portrait (pt).
pub(crate) const A4: (f32, f32) = (595.28, 841.89);

/// What every document of a workshop's kit shares: its language, colour,
/// commune and title lines.
pub(crate) struct Kit<'m> {
    pub(crate) materials: &'m Materials,
    pub(crate) workshop: &'m Workshop,
    pub(crate) commune: Option<&'m Commune>,
    pub(crate) language: Language,
    /// The workshop's colour: its commune's, else the collection cover's.
    pub(crate) color: Color,
}

impl<'m> Kit<'m> {
    /// The kit of `workshop`.
    pub(crate) fn new(materials: &'m Materials, workshop: &'m Workshop) -> Kit<'m> {
        let commune = workshop
            .commune
            .as_deref()
            .and_then(|id| materials.commune(id))
            .map(|p| &p.commune);
        Kit {
            materials,
            workshop,
            commune,
            language: commune
                .and_then(|c| c.language)
                .unwrap_or(materials.collection.language),
            color: commune
                .and_then(|c| c.color.as_deref())
                .and_then(Color::from_hex)
                .unwrap_or(GENERIC_COVER),
        }
    }

    /// Text preparation (typography, markup) for the workshop's fields.
    pub(crate) fn text(&self) -> Text {
        Text::new(
            self.language,
            self.materials.collection.french_typography(),
            &self.materials.root,
            "atelier",
        )
    }

    /// The workshop's short name: its subtitle, else its title.
    pub(crate) fn short_title(&self) -> &str {
        self.workshop
            .subtitle
            .as_deref()
            .unwrap_or(&self.workshop.title)
    }

    /// « jeudi 8 juillet 2010 ».
    pub(crate) fn date(&self) -> String {
        full_date(self.workshop.date, self.language)
    }

    /// A template of `size` with the standard margins; a footer with
    /// `footer_left` and page numbers when `numbered`, none when
    /// `footer_left` is empty and not numbered.
    pub(crate) fn template(
        &self,
        size: (f32, f32),
        band: bool,
        footer_left: String,
        numbered: bool,
    ) -> SheetTemplate {
        SheetTemplate {
            size,
            band,
            footer_left,
            footer_right: String::new(),
            page_word: if numbered {
                super::labels::labels(self.language).page
            } else {
                ""
            },
            numbering: Numbering::default(),
            profile: Profile::Standard,
        }
    }

    /// The composed document: `blocks` in one section, titled `what` (« Questionnaire
    /// d’évaluation ») and the workshop.
    pub(crate) fn composed(
        &self,
        what: &str,
        blocks: Vec<Block>,
        template: SheetTemplate,
        text: Text,
    ) -> Composed {
        Composed {
            blocks: vec![Block::Group {
                role: Role::Sect,
                blocks,
            }],
            template,
            title: format!("{what} — {}", self.workshop.title),
            document_title: super::document_title(&[
                Some(what),
                Some(&self.workshop.title),
                Some(&self.materials.collection.title),
                self.commune.map(|c| c.name.as_str()),
            ]),
            subject: Some(format!("{what} — {}, {}", self.short_title(), self.date())),
            author: self
                .commune
                .map(|c| c.name.clone())
                .or_else(|| self.materials.collection.publisher.clone()),
            keywords: Vec::new(),
            language: self.language,
            warnings: text.warnings,
        }
    }
}

/// `text` with its first letter in upper case (« la revue Altermondes »
/// alone on a table tent reads « La revue Altermondes »).
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
