//! Parts of the fact sheet drawn as boxes: key-figure tiles, the bar chart,
//! and the commune's box « À ‹nom› » (actions, partners, contact, logo).

use super::*;
use crate::model::{Contact, LocalAction, Partner};

/// Ground of the commune's box: a neutral light grey, so that the
/// commune's colour never sits on the domain's tint nor the domain's on
/// the commune's.
const LOCAL_GROUND: Color = Color::rgb(0xF3, 0xF3, 0xF1);

/// Added to a QR code's quiet zone (mm): coordinates are rounded in the
/// file, and a zone measured from them must still hold its 4 modules.
const QR_QUIET_SLACK_MM: f32 = 0.3;

/// Largest key-figure size (pt): three times the body, the figure leads the tile.
pub(super) const FIGURE_MAX_SIZE: f32 = 21.0;
/// Smallest key-figure size (pt): still clearly larger than the labels.
const FIGURE_MIN_SIZE: f32 = 14.0;

/// The largest size (in the standard scale) at which `value`, set as
/// `profile` sets that size, fits on one line of a tile `width` wide: Inter
/// Bold figures and lowercase average 0.62 em, so `chars × 0.62 × size`
/// must not exceed the tile's inner width.
pub(super) fn figure_size(value: &str, width: f32, profile: Profile) -> f32 {
    let inner = width - 2.0 * mm(BOX_PADDING_MM);
    let chars = value.chars().count().max(1) as f32;
    let fits = inner / (0.62 * chars);
    if profile == Profile::Standard {
        return fits.clamp(FIGURE_MIN_SIZE, FIGURE_MAX_SIZE);
    }
    // Down from the largest size in quarter points: the scale is monotone.
    let mut size = FIGURE_MAX_SIZE;
    while size > FIGURE_MIN_SIZE && profile.size(size) > fits {
        size -= 0.25;
    }
    size.max(FIGURE_MIN_SIZE)
}

impl SheetComposer<'_, '_> {
    /// A key-figure tile, its figure set at `size` (the grid's, see
    /// [`figure_size`]).
    pub(super) fn tile(&mut self, f: &crate::model::KeyFigure, i: usize, size: f32) -> Vec<Block> {
        let source = format!("{} {}", self.l.source, f.source);
        let mut blocks = vec![Block::Paragraph {
            runs: self.text.runs(&f.value, &format!("chiffres.{i}.valeur")),
            style: TextStyle {
                hyphenate: false,
                ..self.style(size, size * 1.15, Weight::Bold, self.ink, false)
            },
            space_before: 0.0,
            space_after: mm(0.6),
        }];
        blocks.extend(
            self.paragraphs(
                &f.label,
                &format!("chiffres.{i}.libelle"),
                self.style(8.8, 11.6, Weight::Regular, INK, false)
                    .as_display(),
                mm(1.0),
            ),
        );
        blocks.extend(self.paragraphs(
            &source,
            &format!("chiffres.{i}.source"),
            self.small_style(GREY),
            0.0,
        ));
        vec![
            Panel::new(blocks)
                .fill(self.accent.tint(0.9))
                .radius(3.0)
                .padding(mm(BOX_PADDING_MM))
                .block(),
        ]
    }

    pub(super) fn chart(&mut self, chart: &crate::model::Chart, width: f32) -> Block {
        let max = chart
            .bars
            .iter()
            .map(|b| b.value)
            .fold(0.0f64, f64::max)
            .max(f64::EPSILON);
        let unit = chart.unit.clone().unwrap_or_default();
        let label_w = width * 0.3;
        let value_w = width * 0.2;
        let bar_w = width - label_w - value_w - mm(4.0);
        let mut blocks = vec![Block::Heading {
            level: 3,
            runs: self.text.runs(&chart.title, "graphique.titre"),
            style: self.style(10.2, 13.4, Weight::Bold, INK, false),
            space_before: mm(3.0),
            space_after: mm(1.5),
            bookmark: None,
        }];
        let mut alt = format!("{} :", chart.title);
        for bar in &chart.bars {
            let value = format_number(bar.value);
            alt.push_str(&format!(
                " {} {}{};",
                bar.label,
                value,
                if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                }
            ));
            let w = (bar.value / max) as f32 * bar_w;
            blocks.push(Block::Row {
                cells: vec![
                    (
                        label_w,
                        vec![Block::Paragraph {
                            runs: vec![Run::plain(&bar.label)],
                            style: self.style(8.6, 11.0, Weight::Regular, INK, false),
                            space_before: 0.0,
                            space_after: 0.0,
                        }],
                    ),
                    (
                        bar_w,
                        vec![Block::Drawing {
                            width: bar_w,
                            height: 11.0,
                            content: vec![Content::Rect {
                                x: 0.0,
                                y: 1.5,
                                w: w.max(0.5),
                                h: 8.0,
                                fill: Some(self.accent),
                                stroke: None,
                                radius: 1.0,
                            }],
                            alt: None,
                            space_after: 0.0,
                        }],
                    ),
                    (
                        value_w,
                        vec![Block::Paragraph {
                            runs: vec![Run::plain(format!(
                                "{value}{}",
                                if unit.is_empty() {
                                    String::new()
                                } else {
                                    format!("\u{A0}{unit}")
                                }
                            ))],
                            style: self.style(8.6, 11.0, Weight::Bold, INK, false),
                            space_before: 0.0,
                            space_after: 0.0,
                        }],
                    ),
                ],
                gap: mm(2.0),
                space_after: mm(1.0),
            });
        }
        blocks.extend(self.paragraphs(
            &format!("{} {}", self.l.source, chart.source),
            "graphique.source",
            self.small_style(GREY),
            0.0,
        ));
        Block::Group {
            role: Role::Figure { alt },
            blocks,
        }
    }

    /// The box « À ‹nom› »: the commune's actions, partners and contact.
    pub(super) fn local_box(
        &mut self,
        commune: &Commune,
        domain_id: &str,
        width: f32,
    ) -> Option<Block> {
        let actions: Vec<_> = commune
            .actions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.domain == domain_id)
            .collect();
        let partners: Vec<_> = commune
            .partners
            .iter()
            .filter(|p| {
                p.domains
                    .as_ref()
                    .is_none_or(|d| d.iter().any(|x| x == domain_id))
            })
            .collect();
        let records: Vec<_> = self
            .records
            .iter()
            .filter(|r| r.experience.domains.iter().any(|d| d == domain_id))
            .copied()
            .collect();
        // A box holding only a website is empty (issue 17 § 6).
        if actions.is_empty()
            && partners.is_empty()
            && records.is_empty()
            && !crate::compose::reachable(commune.contact.as_ref())
        {
            return None;
        }
        let color = commune
            .color
            .as_deref()
            .and_then(Color::from_hex)
            .unwrap_or(self.accent);
        // The commune's colour marks its box (bar, title, labels, links) on
        // a neutral ground: it never meets the domain's tint, and every text
        // drawn on the ground reads at 4.5:1.
        let ink = readable_on(color, LOCAL_GROUND);
        let mut blocks = vec![self.local_heading(commune, ink, width)];
        blocks.extend(self.local_actions(&actions, ink));
        blocks.extend(self.local_mentions(&records, &partners, ink));
        if let Some(contact) = &commune.contact {
            blocks.extend(local_contact(contact, self.l, ink, width));
        }
        Some(
            Panel::new(blocks)
                .fill(LOCAL_GROUND)
                .radius(3.0)
                .padding(mm(BOX_PADDING_MM))
                .left_bar(color, 3.0)
                .space_before(mm(self.spacing.local_before_mm))
                .role(Role::Sect)
                .block(),
        )
    }

    /// The heading of the commune's box, beside its logo when it has one.
    fn local_heading(&mut self, commune: &Commune, ink: Color, width: f32) -> Block {
        let style = local_style(ink);
        let title = Block::Heading {
            level: 2,
            runs: vec![Run::plain(crate::compose::local_title::local_title(
                commune, self.l,
            ))],
            style: TextStyle {
                hyphenate: false,
                ..style(13.0, 16.0, Weight::Bold, ink)
            },
            space_before: 0.0,
            space_after: mm(1.5),
            bookmark: Some(1),
        };
        let logo = mm(11.0);
        match commune.logo.as_deref().and_then(|p| self.image(p)) {
            Some(image) => Block::Row {
                cells: vec![
                    (
                        logo,
                        vec![Block::Image {
                            image,
                            width: logo,
                            alt: None,
                            space_after: 0.0,
                        }],
                    ),
                    (
                        width - logo - mm(2.0) - 2.0 * mm(BOX_PADDING_MM),
                        vec![Block::Spacer(mm(2.5)), title],
                    ),
                ],
                gap: mm(2.0),
                space_after: mm(1.0),
            },
            None => title,
        }
    }

    /// The commune's actions in the domain, each its title (with its index
    /// among the commune's actions) and text.
    fn local_actions(&mut self, actions: &[(usize, &LocalAction)], ink: Color) -> Vec<Block> {
        let style = local_style(ink);
        let mut blocks = Vec::new();
        for (i, action) in actions {
            // The action's title heads its text: kept with it.
            blocks.push(Block::Heading {
                level: 3,
                runs: self.text.runs(&action.title, &format!("actions.{i}.titre")),
                style: TextStyle {
                    hyphenate: false,
                    ..style(9.8, 13.0, Weight::Bold, INK)
                },
                space_before: mm(1.0),
                space_after: mm(0.5),
                bookmark: None,
            });
            blocks.extend(self.paragraphs(
                &action.text,
                &format!("actions.{i}.texte"),
                TextStyle {
                    link_color: ink,
                    ..self.body_style()
                },
                mm(1.0),
            ));
        }
        blocks
    }

    /// The commune's experience sheets and partners in the domain, each list
    /// under its label.
    fn local_mentions(
        &mut self,
        records: &[&crate::resolve::ExperienceRecord],
        partners: &[&Partner],
        ink: Color,
    ) -> Vec<Block> {
        let style = local_style(ink);
        let label = |text: &str| local_label(text, ink, mm(1.5), mm(0.5));
        let item = |runs: Vec<Run>| Block::Paragraph {
            runs,
            style: style(9.0, 12.2, Weight::Regular, INK),
            space_before: 0.0,
            space_after: mm(0.8),
        };
        let mut blocks = Vec::new();
        if !records.is_empty() {
            blocks.push(label(self.l.experience_sheets));
            for record in records {
                blocks.push(item(record_runs(record, self.l)));
            }
        }
        if !partners.is_empty() {
            blocks.push(label(self.l.partners));
            for p in partners {
                let mut runs = vec![Run::plain(p.name.clone()).bold().linked(p.website.clone())];
                runs.push(Run::plain(" — "));
                runs.extend(self.text.runs(&p.description, "partenaires.description"));
                blocks.push(item(runs));
            }
        }
        blocks
    }

    /// The section « Pour aller plus loin »: its heading, then each resource
    /// beside its QR code.
    pub(super) fn resources(&mut self, domain: &Domain, width: f32) -> Vec<Block> {
        // Codes of at least 18 mm with modules of at least 0.6 mm, which
        // a phone reads at arm's length and a 100 dpi scan resolves; the
        // texts line up beside the largest.
        let side = |url: &str| qr_side(url, mm(QR_MIN_MM), mm(QR_MODULE_MM));
        let qr = domain
            .resources
            .iter()
            .filter_map(|r| side(&r.url))
            .fold(mm(QR_MIN_MM), f32::max);
        // The light around each code (its quiet zone) is the space
        // beside it and below it; the column's margin is the one on its
        // left, the heading's space the one above the first.
        let quiet = domain
            .resources
            .iter()
            .filter_map(|r| side(&r.url).and_then(|s| qr_quiet(&r.url, s)))
            .fold(0.0, f32::max)
            + mm(QR_QUIET_SLACK_MM);
        let mut heading = self.heading(self.l.resources);
        if let Block::Heading { space_after, .. } = &mut heading {
            *space_after = space_after.max(quiet);
        }
        let mut blocks = vec![heading];
        for (i, res) in domain.resources.iter().enumerate() {
            let mut text_blocks = vec![Block::Paragraph {
                runs: {
                    let mut runs = self.text.runs(&res.title, &format!("ressources.{i}.titre"));
                    runs.iter_mut().for_each(|r| r.bold = true);
                    runs
                },
                style: self.style(9.4, 12.4, Weight::Regular, INK, false),
                space_before: 0.0,
                space_after: mm(0.4),
            }];
            text_blocks.push(Block::Paragraph {
                runs: vec![Run::plain(display_url(&res.url)).linked(res.url.clone())],
                style: self.small_style(self.ink),
                space_before: 0.0,
                space_after: mm(0.6),
            });
            if let Some(d) = &res.description {
                text_blocks.extend(self.paragraphs(
                    d,
                    &format!("ressources.{i}.description"),
                    self.style(8.6, 11.6, Weight::Regular, GREY, false),
                    0.0,
                ));
            }
            let mut cells = Vec::new();
            let own = side(&res.url).unwrap_or(qr);
            if let Some(rects) = qr_rects(&res.url, own, INK) {
                cells.push((
                    qr,
                    vec![Block::Drawing {
                        width: own,
                        height: own,
                        content: rects,
                        alt: Some(format!("Code QR : {}", res.url)),
                        space_after: 0.0,
                    }],
                ));
            }
            cells.push((width - qr - quiet, text_blocks));
            blocks.push(Block::Row {
                cells,
                gap: quiet,
                space_after: quiet,
            });
        }
        blocks
    }
}

/// The style of a text of the commune's box, its links in `ink`.
fn local_style(ink: Color) -> impl Fn(f32, f32, Weight, Color) -> TextStyle {
    move |size, leading, weight, color| TextStyle {
        size,
        leading,
        color,
        link_color: ink,
        weight,
        justify: false,
        hyphenate: true,
        display: false,
    }
}

/// A label of the commune's box (« Contact »…) in `ink`: a heading of the
/// box's part, it keeps with what follows, never alone at a column foot.
fn local_label(text: &str, ink: Color, space_before: f32, space_after: f32) -> Block {
    Block::Heading {
        level: 3,
        runs: vec![Run::plain(text)],
        style: TextStyle {
            hyphenate: false,
            ..local_style(ink)(9.4, 12.4, Weight::Bold, ink)
        },
        space_before,
        space_after,
        bookmark: None,
    }
}

/// The contact of the commune's box under its label: service, address,
/// phone, e-mail and website (the last two linked), in one cell of the
/// box `width` wide; nothing when it has none of them.
fn local_contact(contact: &Contact, l: &Labels, ink: Color, width: f32) -> Vec<Block> {
    let style = local_style(ink);
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for part in [&contact.service, &contact.address, &contact.phone]
        .into_iter()
        .flatten()
    {
        lines.push(vec![Run::plain(part)]);
    }
    if let Some(mail) = &contact.email {
        lines.push(vec![
            Run::plain(mail.clone()).linked(format!("mailto:{mail}")),
        ]);
    }
    if let Some(site) = &contact.website {
        lines.push(vec![Run::plain(display_url(site)).linked(site.clone())]);
    }
    if lines.is_empty() {
        return Vec::new();
    }
    // An address is read as one: set as one cell, it is never split
    // (Exempleville's culture sheet had its telephone, mail and site alone
    // at the top of page 2). The spacer stands for the label's space
    // before, which a cell's first block does not get; with the 0.8 mm
    // after a partner it makes the 1.5 mm the other labels have.
    let mut address = vec![
        Block::Spacer(mm(0.7)),
        local_label(l.contact, ink, 0.0, mm(0.3)),
    ];
    for runs in lines {
        address.push(Block::Paragraph {
            runs,
            style: style(8.8, 11.8, Weight::Regular, INK),
            space_before: 0.0,
            space_after: 0.0,
        });
    }
    vec![Block::Row {
        cells: vec![(width - 2.0 * mm(BOX_PADDING_MM), address)],
        gap: 0.0,
        space_after: 0.0,
    }]
}

/// A record as the commune's box cites it: its title, linked to its sheet
/// (`output/experiences/<id>.pdf`, one folder up from an edition's), then
/// its period, and « Exemple type » for a composite one.
fn record_runs(record: &crate::resolve::ExperienceRecord, l: &Labels) -> Vec<Run> {
    let e = &record.experience;
    let link = format!("../{}/{}.pdf", crate::build::EXPERIENCES, record.id);
    let mut runs = vec![Run::plain(e.title.clone()).bold().linked(link)];
    let mut notes = Vec::new();
    if let Some(period) = &e.period {
        notes.push(period.label());
    }
    if e.nature == crate::model::ExampleNature::Type {
        notes.push(l.example_type.to_lowercase());
    }
    if !notes.is_empty() {
        runs.push(Run::plain(format!(" ({})", notes.join(", "))));
    }
    runs
}
