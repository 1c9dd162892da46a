//! The editorial marks of a fact sheet (issue 17): « Exemple type » on a
//! composite experience, the sources of a real one, the « Sigles » box and
//! the update date of the footer.

use super::*;
use crate::compose::labels::month_year;
use crate::model::{Date, Example, ExampleNature};
use crate::resolve::editorial::DomainAcronyms;

/// Rule on the left of the « Sigles » box: a light neutral grey, so that it
/// reads as an aside, not as one of the domain's modules. The box has no
/// ground: a tinted one would hold its text 3 mm inside its edges (issue
/// 16), a height the sheets' second pages do not have.
const ACRONYMS_RULE: Color = Color::rgb(0xCC, 0xCC, 0xC8);
/// Width of that rule (pt).
const ACRONYMS_RULE_WIDTH: f32 = 2.0;
/// Padding of the box (mm): from its rule, and above and below its text.
const ACRONYMS_PADDING_MM: f32 = 1.8;
/// Text size of the « Sigles » box (pt): the size of the sources of the key
/// figures less 0.4 pt; a reference list read on demand, and the sheets'
/// second pages had no more room than that.
const ACRONYMS_SIZE: f32 = 7.2;
/// Its leading: 1.33 × the size, as the other small texts.
const ACRONYMS_LEADING: f32 = 9.6;

impl SheetComposer<'_, '_> {
    /// The mark « Exemple type » under a composite experience's title.
    pub(super) fn example_mark(&self, ex: &Example) -> Option<Block> {
        (ex.nature == ExampleNature::Type).then(|| Block::Paragraph {
            runs: vec![Run::plain(self.l.example_type)],
            style: self.style(8.6, 11.6, Weight::Bold, self.ink, false),
            space_before: 0.0,
            space_after: mm(0.6),
        })
    }

    /// The sources of a real experience, under its story, short: an address
    /// as its site's name (« cites-unies-france.org »), linked to the page;
    /// a reference as written.
    pub(super) fn example_sources(&mut self, ex: &Example, i: usize) -> Option<Block> {
        if ex.nature != ExampleNature::Real || ex.sources.is_empty() {
            return None;
        }
        let label = if ex.sources.len() == 1 {
            self.l.source
        } else {
            self.l.sources
        };
        // The label through the typography: « Sources » and its colon
        // never part at a line end.
        let mut runs = self.text.runs(label, &format!("exemples.{i}.sources"));
        runs.push(Run::plain(" "));
        // Two pages of one site read « montreuil.fr · montreuil.fr (2) »,
        // not the same name twice.
        let mut sites_seen: Vec<String> = Vec::new();
        for (k, source) in ex.sources.iter().enumerate() {
            if k > 0 {
                // The dot holds to the source before it: no line opens on « · ».
                runs.push(Run::plain("\u{a0}· "));
            }
            let field = format!("exemples.{i}.sources.{k}");
            match (site(source), cited_address(source)) {
                (Some(name), _) => {
                    sites_seen.push(name.clone());
                    let shown = match sites_seen.iter().filter(|n| **n == name).count() {
                        1 => name,
                        nth => format!("{name} ({nth})"),
                    };
                    runs.push(Run::plain(shown).linked(source.clone()));
                }
                // « Publisher, title : https://… »: the reference, linked.
                (None, Some((reference, url))) => {
                    let mut linked = self.text.runs(reference, &field);
                    for run in &mut linked {
                        run.link.get_or_insert_with(|| url.to_string());
                    }
                    runs.extend(linked);
                }
                (None, None) => runs.extend(self.text.runs(source, &field)),
            }
        }
        Some(Block::Paragraph {
            runs,
            style: self.small_style(GREY),
            space_before: mm(1.0),
            space_after: 0.0,
        })
    }

    /// The box « Sigles »: each acronym of the glossary the sheet uses (in
    /// its text and the commune's actions on it) and does not expand, with
    /// its expansion, run in one paragraph.
    pub(super) fn acronyms_box(
        &mut self,
        domain: &Domain,
        commune: Option<&Commune>,
        domain_id: &str,
    ) -> Option<Block> {
        let local: Vec<&str> = commune
            .map(|c| {
                c.actions
                    .iter()
                    .filter(|a| a.domain == domain_id)
                    .flat_map(|a| [a.title.as_str(), a.text.as_str()])
                    .collect()
            })
            .unwrap_or_default();
        let own;
        let part = match self.domain_acronyms {
            Some(part) => part,
            None => {
                own = DomainAcronyms::of(self.glossary, domain);
                &own
            }
        };
        let entries = crate::resolve::editorial::sheet_acronyms(self.glossary, part, &local);
        if entries.is_empty() {
            return None;
        }
        let mut runs = Vec::new();
        for (k, (acronym, expansion)) in entries.iter().enumerate() {
            if k > 0 {
                runs.push(Run::plain(" ; "));
            }
            runs.push(Run::plain((*acronym).to_string()).bold());
            // French typography: a no-break space before the colon.
            runs.push(Run::plain("\u{A0}: "));
            runs.extend(self.text.runs(expansion, "sigles"));
        }
        runs.push(Run::plain("."));
        // The label runs in, bold, ahead of the entries: a heading line
        // and its space would cost a sheet its last lines.
        let mut label = Run::plain(format!("{}. ", self.l.acronyms));
        label.bold = true;
        runs.insert(0, label);
        Some(
            Panel::new(vec![Block::Paragraph {
                runs,
                style: self.style(ACRONYMS_SIZE, ACRONYMS_LEADING, Weight::Regular, INK, false),
                space_before: 0.0,
                space_after: 0.0,
            }])
            .padding(mm(ACRONYMS_PADDING_MM))
            .left_bar(ACRONYMS_RULE, ACRONYMS_RULE_WIDTH)
            .space_before(mm(self.spacing.section_mm))
            .role(Role::Sect)
            .block(),
        )
    }
}

/// The right part of a sheet's footer before its page number when the
/// sheet gives its update date: « Mise à jour : décembre 2026 — ».
pub(super) fn updated_footer(
    updated: Option<Date>,
    l: &Labels,
    language: Language,
) -> Option<String> {
    // The footer is set as written: the no-break space before the colon
    // is put here (a full one, as the French typography puts before a colon).
    let label = l.updated.replace(" :", "\u{A0}:");
    updated.map(|date| format!("{label} {} — ", month_year(date, language)))
}

/// The name of the site of an address (« https://www.vie-publique.fr/… »
/// gives « vie-publique.fr »); `None` for a reference that is not one.
fn site(source: &str) -> Option<String> {
    let rest = source
        .strip_prefix("https://")
        .or_else(|| source.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && !source.contains(char::is_whitespace)).then(|| host.to_string())
}

/// A reference followed by its address (« Rapport n° 11-949 :
/// https://… »): the reference without its trailing colon, and the address.
fn cited_address(source: &str) -> Option<(&str, &str)> {
    let at = source.find("https://").or_else(|| source.find("http://"))?;
    let (reference, url) = source.split_at(at);
    let reference = reference
        .trim_end()
        .trim_end_matches([':', ',', '—', '–'])
        .trim_end();
    let url = url.split_whitespace().next()?;
    (!reference.is_empty()).then_some((reference, url))
}

#[cfg(test)]
mod tests {
    use super::{cited_address, site};

    #[test]
    fn a_reference_with_its_address_is_printed_linked_without_it() {
        assert_eq!(
            cited_address("Conseil régional, rapport n° 11-949 : https://docslib.org/doc/1"),
            Some((
                "Conseil régional, rapport n° 11-949",
                "https://docslib.org/doc/1"
            ))
        );
        assert_eq!(cited_address("https://docslib.org/doc/1"), None);
        assert_eq!(cited_address("Rapport 2024"), None);
    }

    #[test]
    fn a_source_address_is_printed_as_its_site() {
        assert_eq!(
            site("https://www.vie-publique.fr/loi/1.html").as_deref(),
            Some("vie-publique.fr")
        );
        assert_eq!(
            site("http://www.vialemonde93.net/spip.php?article660").as_deref(),
            Some("vialemonde93.net")
        );
        assert_eq!(site("Cités Unies France, Atlas 2024"), None);
    }
}
