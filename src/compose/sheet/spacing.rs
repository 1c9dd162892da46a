//! The vertical rhythm of a fact sheet: body leading and the spaces between
//! sections, paragraphs and modules, on A4 and, tighter, on the one column
//! of an A5 page (issue 16 A.3: an A5 sheet holds in four pages, a booklet
//! signature, instead of five).

/// The spaces of a sheet's body (pt unless named in mm).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Spacing {
    /// Body leading (pt).
    pub body_leading: f32,
    /// Space above a section heading (mm).
    pub section_mm: f32,
    /// Space between the paragraphs of a section (mm).
    pub paragraph_mm: f32,
    /// Padding above and below a lever's text (mm).
    pub lever_padding_y_mm: f32,
    /// Gap between two lever boxes (mm).
    pub lever_gap_mm: f32,
    /// Space between two experience boxes (mm).
    pub experience_gap_mm: f32,
    /// Gap between key-figure tiles, across and down (mm).
    pub figure_gap_mm: f32,
    /// Space above the commune's box (mm).
    pub local_before_mm: f32,
    /// Space under a section heading (mm).
    pub heading_after_mm: f32,
    /// The lead paragraph's size and leading (pt).
    pub lead: (f32, f32),
    /// Space above and below the title in the header band (mm).
    pub band_mm: (f32, f32),
}

impl Spacing {
    /// The two-column page (A4, Letter): body leading 1.37 × 9.5 pt,
    /// comfortable for 45–55 characters a line; 3.2 mm above a section, the
    /// least that sets sections apart (the columns' free space is spread
    /// between them on top of it); 1.5 mm between paragraphs, a visible
    /// break well short of a blank line; lever text 2.2 mm clear of its
    /// box's edges, boxes 2 mm apart; experiences 2.2 mm apart; tiles 3 mm;
    /// the commune's box 4.5 mm below the levers it puts into practice;
    /// 1.4 mm under a heading; the lead at 10.6 / 14.6 pt, a step above the
    /// body; 7 mm above the title in the band and 5 mm under it (with the
    /// band sized for two title lines on every sheet, a one-line title's
    /// band stays within 3 mm of its former height while a two-line one
    /// loses 4.5 mm).
    pub const STANDARD: Spacing = Spacing {
        body_leading: 13.0,
        section_mm: 3.2,
        paragraph_mm: 1.5,
        lever_padding_y_mm: 2.2,
        lever_gap_mm: 2.0,
        experience_gap_mm: 2.2,
        figure_gap_mm: 3.0,
        local_before_mm: 4.5,
        heading_after_mm: 1.4,
        lead: (10.6, 14.6),
        band_mm: (7.0, 5.0),
    };

    /// The one column of an A5 page. The same text ran to five pages, the
    /// fifth holding only the last resources and the « Sigles » box, where a
    /// folded booklet needs four. As a designer tightens a pocket edition,
    /// every space shrinks by about a third and the leading by a twentieth:
    /// 12.4 pt (1.31 × 9.5 pt) still parts the lines of a 120 mm column;
    /// 2.2 mm above a heading stays more than its 1.4 mm below, so a
    /// heading still reads with what follows; 1 mm between paragraphs, 1.6
    /// and 1.4 mm around and between levers, 1.5 mm between experiences,
    /// 2 mm between tiles and 3.2 mm above the commune's box (a section's
    /// space); 1 mm under a heading; the lead at 10.2 / 13.8 pt, still a
    /// step above the body; the band's title 5.5 mm from its top and 4 mm
    /// from its foot, the band's height alike on every A5 sheet.
    pub const COMPACT: Spacing = Spacing {
        body_leading: 12.4,
        section_mm: 2.2,
        paragraph_mm: 1.0,
        lever_padding_y_mm: 1.6,
        lever_gap_mm: 1.4,
        experience_gap_mm: 1.5,
        figure_gap_mm: 2.0,
        local_before_mm: 3.2,
        heading_after_mm: 1.0,
        lead: (10.2, 13.8),
        band_mm: (5.5, 4.0),
    };
}

#[cfg(test)]
mod tests {
    use super::Spacing;

    #[test]
    fn the_compact_spacing_is_tighter_in_every_space_and_keeps_headings_with_their_text() {
        let (s, c) = (Spacing::STANDARD, Spacing::COMPACT);
        let pairs = [
            (s.body_leading, c.body_leading),
            (s.section_mm, c.section_mm),
            (s.paragraph_mm, c.paragraph_mm),
            (s.lever_padding_y_mm, c.lever_padding_y_mm),
            (s.lever_gap_mm, c.lever_gap_mm),
            (s.experience_gap_mm, c.experience_gap_mm),
            (s.figure_gap_mm, c.figure_gap_mm),
            (s.local_before_mm, c.local_before_mm),
            (s.heading_after_mm, c.heading_after_mm),
            (s.lead.1, c.lead.1),
            (s.band_mm.0, c.band_mm.0),
            (s.band_mm.1, c.band_mm.1),
        ];
        for (standard, compact) in pairs {
            assert!(compact < standard, "{standard} → {compact}");
        }
        // A heading's space above stays larger than the one below it.
        assert!(c.section_mm > c.heading_after_mm);
        // The lead stays a step above the body's 9.5 pt.
        assert!(c.lead.0 > 9.5 && c.lead.1 > c.body_leading);
        // Body lines at 1.3 × 9.5 pt at least.
        assert!(c.body_leading >= 1.3 * 9.5);
    }
}
