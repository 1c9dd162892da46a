//! The workshop kit (issue 22): the documents printed for the day of a
//! workshop from its programme and its list of participants — the
//! attendance sheet ([`emargement`]), the certificates of attendance
//! ([`attestations`]), the badges ([`badges`]), the speakers' table tents
//! ([`tents`]) and the evaluation form ([`evaluation`]). What they share: the page template, the heading lines of the
//! workshop, and the mention of a fictitious list.

pub mod attestations;
pub mod badges;
pub mod emargement;
pub mod evaluation;
pub mod tents;

use super::Composed;
use super::collection::GENERIC_COVER;
pub use super::labels::full_date;
use super::sheet::{SheetTemplate, paper_size};
use crate::build::KitDocument;
use crate::layout::document::{Color, Role};
use crate::layout::flow::Block;
use crate::model::{HalfDay, Language, Paper};
use crate::resolve::{Materials, WorkshopFile};

use super::profile::Profile;

/// The mention every page made from a list marked `fictif = true` carries,
/// in its running footer (decoration, read by no screen reader): the
/// workshop is a real event, its participants are not.
pub const FICTITIOUS: &str = "Exemple – participants fictifs";

/// Whether `document` can be composed yet: the build plans only those.
pub fn is_made(document: KitDocument) -> bool {
    match document {
        KitDocument::Emargement
        | KitDocument::Attestations
        | KitDocument::Badges
        | KitDocument::Chevalets
        | KitDocument::Evaluation => true,
    }
}

/// Composes `document` of `kit`'s workshop (`only`: the certificate of the
/// participant at that row); `None` when it has nothing to show or is not
/// made yet ([`is_made`]).
pub fn compose(kit: &Kit<'_>, document: KitDocument, only: Option<usize>) -> Option<Composed> {
    match document {
        KitDocument::Emargement => emargement::compose_emargement(kit),
        KitDocument::Attestations => attestations::compose_attestations(kit, only),
        KitDocument::Badges => badges::compose_badges(kit),
        KitDocument::Chevalets => tents::compose_tents(kit),
        KitDocument::Evaluation => Some(evaluation::compose_evaluation(kit)),
    }
}

/// Everything the documents of a kit share.
pub struct Kit<'m> {
    /// The materials (collection settings, root).
    pub materials: &'m Materials,
    /// The workshop.
    pub workshop: &'m WorkshopFile,
    /// Its colour: the commune's, else the collection's generic cover.
    pub color: Color,
    /// The typesetting profile (large print or standard).
    pub profile: Profile,
}

impl<'m> Kit<'m> {
    /// The kit of `workshop` in `profile`.
    pub fn new(materials: &'m Materials, workshop: &'m WorkshopFile, profile: Profile) -> Kit<'m> {
        let color = workshop
            .workshop
            .commune
            .as_deref()
            .and_then(|id| materials.commune(id).ok())
            .and_then(|p| p.commune.color.as_deref())
            .and_then(Color::from_hex)
            .unwrap_or(GENERIC_COVER);
        Kit {
            materials,
            workshop,
            color,
            profile,
        }
    }

    /// Text preparation (French typography, markup) for the workshop's fields.
    pub fn text(&self) -> super::Text {
        super::Text::new(
            Language::French,
            self.materials.collection.french_typography(),
            &self.materials.root,
            "atelier",
        )
    }

    /// The workshop's short name: its subtitle, else its title.
    pub fn short_title(&self) -> &str {
        let w = &self.workshop.workshop;
        w.subtitle.as_deref().unwrap_or(&w.title)
    }

    /// Whether the list of participants is marked fictitious.
    pub fn fictitious(&self) -> bool {
        self.workshop
            .participants
            .as_ref()
            .is_some_and(|p| p.fictitious)
    }

    /// The page size: A4, portrait, whatever the collection's paper (a
    /// kit is printed on the organiser's office printer).
    pub fn size(&self) -> (f32, f32) {
        paper_size(self.profile.paper(Paper::A4))
    }

    /// The width between the side margins (pt).
    pub fn body_width(&self) -> f32 {
        self.size().0 - 2.0 * super::mm(self.profile.side_margin_mm())
    }

    /// « Jeudi 8 juillet 2010 » with a capital, for a line of its own.
    pub fn date(&self) -> String {
        capitalised(&full_date(self.workshop.workshop.date, Language::French))
    }

    /// The template of a kit's pages: `what` and the workshop's short title
    /// on the left of the footer, the fictitious mention on its right,
    /// « page n / N ».
    pub fn template(&self, what: &str) -> SheetTemplate {
        let w = &self.workshop.workshop;
        let short = w.subtitle.clone().unwrap_or_else(|| w.title.clone());
        let right = if self.fictitious() {
            format!("{FICTITIOUS} — ")
        } else {
            String::new()
        };
        SheetTemplate::new(self.size(), self.profile).with_footer(
            format!("{what} — {short}"),
            right,
            "page",
        )
    }

    /// The composed document: `blocks` in a section, titled « `what` —
    /// workshop title ».
    pub fn composed(
        &self,
        what: &str,
        blocks: Vec<Block>,
        warnings: Vec<super::FieldWarning>,
    ) -> Composed {
        let w = &self.workshop.workshop;
        let mut composed = Composed {
            blocks: vec![Block::Group {
                role: Role::Sect,
                blocks,
            }],
            template: self.template(what),
            title: format!("{what} — {}", w.title),
            // The short title (the subtitle): with the full one, some
            // workshops' titles passed 200 characters, which a PDF/UA checker
            // calls no title (outloud DOC-040).
            document_title: super::document_title(&[
                Some(what),
                Some(self.short_title()),
                Some(&self.materials.collection.title),
            ]),
            subject: None,
            author: w
                .organiser
                .clone()
                .or_else(|| self.materials.collection.publisher.clone()),
            keywords: Vec::new(),
            language: Language::French,
            warnings,
        };
        self.profile.apply(&mut composed);
        composed
    }
}

/// A text with its first letter in capital.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A time of day as French typography writes it: « 9 h 00 », « 12 h 30 ».
pub fn time(minutes: u16) -> String {
    format!("{}\u{a0}h\u{a0}{:02}", minutes / 60, minutes % 60)
}

/// A duration: « 3 h 30 », « 3 h », « 45 min ».
pub fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}\u{a0}min"),
        (h, 0) => format!("{h}\u{a0}h"),
        (h, m) => format!("{h}\u{a0}h\u{a0}{m:02}"),
    }
}

/// A half-day as a line says it: « matin (9 h 00 – 12 h 30) », its times
/// when known.
pub fn half_day_line(half_day: &HalfDay) -> String {
    match (half_day.start, half_day.end) {
        (Some(s), Some(e)) => format!("{} ({} – {})", half_day.label, time(s), time(e)),
        (Some(s), None) => format!("{} (à partir de {})", half_day.label, time(s)),
        _ => half_day.label.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_durations_in_french() {
        assert_eq!(time(540), "9\u{a0}h\u{a0}00");
        assert_eq!(duration(210), "3\u{a0}h\u{a0}30");
        assert_eq!(duration(180), "3\u{a0}h");
        assert_eq!(duration(45), "45\u{a0}min");
        assert_eq!(capitalised("jeudi 8 juillet"), "Jeudi 8 juillet");
    }
}
