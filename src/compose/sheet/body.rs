//! The body of the fact sheet, section by section: stakes and benefits,
//! levers, the commune's box, experiences, key figures, chart, tools, legal
//! framework, resources and acronyms.

use super::*;
use crate::model::Example;

/// Pushes a section onto `out` as a `Sect` group, unless it holds its
/// heading alone.
fn push_section(out: &mut Vec<Block>, blocks: Vec<Block>) {
    if blocks.len() > 1 {
        out.push(Block::Group {
            role: Role::Sect,
            blocks,
        });
    }
}

impl SheetComposer<'_, '_> {
    /// The sections of the sheet's body, in the order they are read, for
    /// columns `width` wide.
    pub(super) fn body(
        &mut self,
        domain: &Domain,
        commune: Option<&Commune>,
        width: f32,
    ) -> Vec<Block> {
        let mut out = Vec::new();

        // 1. Les enjeux, ce que l’international apporte.
        for (label, field, items) in [
            (self.l.stakes, "enjeux", &domain.stakes),
            (self.l.benefits, "apports", &domain.benefits),
        ] {
            let blocks = self.prose(label, field, items);
            push_section(&mut out, blocks);
        }

        // 2. Leviers d’action: numbered cards.
        if !domain.levers.is_empty() {
            let blocks = self.levers(domain);
            push_section(&mut out, blocks);
        }

        // 3. The commune's box, right after the levers it puts into practice.
        let sheet_id = self.text.sheet_id.clone();
        if let Some(local) = commune.and_then(|c| self.local_box(c, &sheet_id, width)) {
            out.push(local);
        }

        // 4. Expériences.
        if !domain.examples.is_empty() {
            let mut blocks = vec![self.heading(self.l.examples)];
            for (i, ex) in domain.examples.iter().enumerate() {
                blocks.push(self.experience(ex, i, width));
            }
            push_section(&mut out, blocks);
        }

        // 5. Chiffres clés: tiles, two per row, floated.
        if !domain.figures.is_empty() {
            out.extend(self.figures(domain, width));
        }

        // 6. Graphique.
        if let Some(chart) = &domain.chart {
            out.push(self.chart(chart, width));
        }

        // 7. Outils et dispositifs.
        if !domain.tools.is_empty() {
            let blocks = self.tools(domain);
            push_section(&mut out, blocks);
        }

        // 8. Cadre juridique: a bulleted list.
        if !domain.legal_framework.is_empty() {
            let blocks = self.legal(domain);
            push_section(&mut out, blocks);
        }

        // 9. Pour aller plus loin: each resource with its QR code.
        if !domain.resources.is_empty() {
            let blocks = self.resources(domain, width);
            push_section(&mut out, blocks);
        }

        // 10. Sigles: the expansions of the acronyms the sheet uses.
        out.extend(self.acronyms_box(domain, commune, &sheet_id));
        out
    }

    /// A section of body paragraphs under `label`, from the field `field`.
    fn prose(&mut self, label: &str, field: &str, items: &[String]) -> Vec<Block> {
        let body = self.body_style();
        let mut blocks = vec![self.heading(label)];
        for (i, p) in items.iter().enumerate() {
            blocks.extend(self.paragraphs(
                p,
                &format!("{field}.{i}"),
                body.clone(),
                mm(self.spacing.paragraph_mm),
            ));
        }
        blocks
    }

    /// « Leviers d’action »: each lever a tinted card, numbered in the margin.
    fn levers(&mut self, domain: &Domain) -> Vec<Block> {
        let body = self.body_style();
        let mut items = Vec::new();
        for (i, lever) in domain.levers.iter().enumerate() {
            let mut card = vec![Block::Paragraph {
                runs: self.text.runs(&lever.title, &format!("leviers.{i}.titre")),
                style: self
                    .style(10.2, 13.4, Weight::Bold, INK, false)
                    .as_display(),
                space_before: 0.0,
                space_after: mm(0.8),
            }];
            card.extend(self.paragraphs(
                &lever.text,
                &format!("leviers.{i}.texte"),
                body.clone(),
                0.0,
            ));
            items.push((format!("{}", i + 1), card));
        }
        vec![
            self.heading(self.l.levers),
            Block::List {
                items,
                label_style: self.style(15.0, 18.0, Weight::Bold, self.ink, false),
                // The number's room grows with its size in large print.
                indent: mm(LEVER_NUMBER_MM) * (self.profile.size(15.0) / 15.0),
                gap: mm(self.spacing.lever_gap_mm),
                space_after: 0.0,
                boxed: Some(ItemBox {
                    fill: Some(self.accent.tint(0.9)),
                    stroke: None,
                    radius: 3.0,
                    padding: mm(BOX_PADDING_MM),
                    padding_y: mm(self.spacing.lever_padding_y_mm),
                }),
            },
        ]
    }

    /// The `i`th experience, in a framed box never split: its title, mark,
    /// carriers and country, image and caption, text and sources.
    fn experience(&mut self, ex: &Example, i: usize, width: f32) -> Block {
        let mut inner = vec![Block::Heading {
            level: 3,
            runs: self.text.runs(&ex.title, &format!("exemples.{i}.titre")),
            style: self.style(10.2, 13.4, Weight::Bold, INK, false),
            space_before: 0.0,
            space_after: mm(0.6),
            bookmark: None,
        }];
        inner.extend(self.example_mark(ex));
        let mut meta = Vec::new();
        // The carriers are a list, each as its author wrote it.
        if !ex.carriers.is_empty() {
            meta.push(ex.carriers.join(" · "));
        }
        if let Some(country) = &ex.country {
            meta.push(country.clone());
        }
        if !meta.is_empty() {
            let mut runs = self
                .text
                .runs(&meta.join(" — "), &format!("exemples.{i}.porteurs"));
            runs.iter_mut().for_each(|r| r.italic = true);
            inner.push(Block::Paragraph {
                runs,
                style: self.style(8.6, 11.6, Weight::Regular, GREY, false),
                space_before: 0.0,
                space_after: mm(1.2),
            });
        }
        if let Some(image) = ex.image.as_deref().and_then(|p| self.image(p)) {
            inner.push(Block::Image {
                image,
                width: width - 2.0 * mm(BOX_PADDING_MM),
                alt: ex.alt.clone(),
                space_after: mm(1.0),
            });
            if let Some(caption) = &ex.caption {
                inner.extend(self.paragraphs(
                    caption,
                    &format!("exemples.{i}.legende"),
                    self.small_style(GREY),
                    mm(1.2),
                ));
            }
        }
        let body = self.body_style();
        inner.extend(self.paragraphs(&ex.text, &format!("exemples.{i}.texte"), body, 0.0));
        inner.extend(self.example_sources(ex, i));
        // An experience is read as one story: never split.
        Block::Keep(vec![
            Panel::new(inner)
                .stroke(Color::rgb(0xD5, 0xD5, 0xD5), 0.7)
                .radius(3.0)
                .padding(mm(BOX_PADDING_MM))
                .left_bar(self.accent, 2.2)
                .space_before(if i == 0 {
                    0.0
                } else {
                    mm(self.spacing.experience_gap_mm)
                })
                .block(),
        ])
    }

    /// « Chiffres clés »: tiles two per row, the grid floated as one.
    fn figures(&mut self, domain: &Domain, width: f32) -> Vec<Block> {
        let gap = mm(self.spacing.figure_gap_mm);
        let tile_w = (width - gap) / 2.0;
        // One size for the whole grid: the largest at which every figure
        // fits its tile.
        let size = domain
            .figures
            .iter()
            .map(|f| figure_size(&f.value, tile_w, self.profile))
            .fold(FIGURE_MAX_SIZE, f32::min);
        let mut rows = Vec::new();
        for (row, pair) in domain.figures.chunks(2).enumerate() {
            let cells = pair
                .iter()
                .enumerate()
                .map(|(k, f)| {
                    let i = row * 2 + k;
                    (tile_w, self.tile(f, i, size))
                })
                .collect();
            rows.push(Block::Row {
                cells,
                gap,
                space_after: gap,
            });
        }
        // The grid is read as one: never split across columns or pages;
        // where it does not fit, the sections after it that do go first.
        let mut grid = Vec::new();
        push_section(
            &mut grid,
            vec![self.heading(self.l.figures), Block::Keep(rows)],
        );
        grid.into_iter()
            .map(|g| Block::Float(Box::new(g)))
            .collect()
    }

    /// « Outils et dispositifs »: each tool's name in bold (linked when it
    /// has an address), then its text.
    fn tools(&mut self, domain: &Domain) -> Vec<Block> {
        let body = self.body_style();
        let mut blocks = vec![self.heading(self.l.tools)];
        for (i, tool) in domain.tools.iter().enumerate() {
            let mut runs = self.text.runs(&tool.name, &format!("outils.{i}.nom"));
            for r in &mut runs {
                r.bold = true;
                if tool.link.is_some() && r.link.is_none() {
                    r.link = tool.link.clone();
                }
            }
            runs.push(Run::plain(" — "));
            runs.extend(self.text.runs(&tool.text, &format!("outils.{i}.texte")));
            blocks.push(Block::Paragraph {
                runs,
                style: body.clone(),
                space_before: 0.0,
                space_after: mm(self.spacing.paragraph_mm),
            });
        }
        blocks
    }

    /// « Cadre juridique »: a bulleted list.
    fn legal(&mut self, domain: &Domain) -> Vec<Block> {
        let items = domain
            .legal_framework
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    "•".to_string(),
                    self.paragraphs(
                        t,
                        &format!("cadre.{i}"),
                        self.style(9.0, 12.4, Weight::Regular, INK, false),
                        0.0,
                    ),
                )
            })
            .collect();
        vec![
            self.heading(self.l.legal),
            Block::List {
                items,
                label_style: self.style(9.0, 12.4, Weight::Bold, self.ink, false),
                indent: mm(3.5),
                gap: mm(1.2),
                space_after: 0.0,
                boxed: None,
            },
        ]
    }
}
