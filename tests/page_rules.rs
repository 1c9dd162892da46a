//! The geometry of the shipped sheets, collections and booklet as laid out:
//! the page review's rules (issue 16) checked on every page, in memory
//! (tests/pages.rs checks the written PDFs).

mod common;

use ancrage::build::{self, Target};
use ancrage::compose::mm;
use ancrage::compose::sheet::{SIDE_MARGIN_MM, SheetTemplate};
use ancrage::layout::Document;
use ancrage::layout::document::{Color, Content, GlyphRun, Role, Tag};
use ancrage::layout::flow::PageTemplate;
use ancrage::layout::fonts::FontBook;
use ancrage::model::Edition;
use ancrage::resolve::Materials;
use ancrage::{load, render, resolve};

fn materials() -> (Materials, render::Engine) {
    common::shipped_materials_and_engine()
}

/// Every sheet, generic and for each commune: (label, document, template).
fn sheets(
    materials: &Materials,
    engine: &mut render::Engine,
) -> Vec<(String, Document, SheetTemplate)> {
    let mut editions: Vec<Option<String>> = vec![None];
    editions.extend(materials.communes.iter().map(|c| Some(c.id.clone())));
    let mut out = Vec::new();
    for commune in &editions {
        for sheet in &materials.domains {
            let laid = render::sheet(
                engine,
                materials,
                sheet,
                materials.edition_of(commune.as_deref()).unwrap(),
            );
            let label = format!(
                "{} ({})",
                sheet.id,
                commune.as_deref().unwrap_or("générique")
            );
            out.push((label, laid.document, laid.composed.template));
        }
    }
    out
}

/// Where the visible glyphs of a run end (spaces at a line end excluded).
///
/// A mark that hangs in the margin of a justified line (hyphen, comma…:
/// character protrusion, issue 16 A.4) counts only for the part of its
/// advance that does not hang.
fn visible_end(r: &GlyphRun) -> f32 {
    r.glyphs
        .iter()
        .rev()
        .find_map(|g| {
            let text = r.text.get(g.text_start as usize..g.text_end as usize)?;
            if text.trim().is_empty() {
                return None;
            }
            let hang = text
                .chars()
                .next_back()
                .map_or(0.0, |c| ancrage::layout::paragraph::protrusion(c) as f32);
            // The breaker lets hang a share of the mark's natural advance;
            // its letter spacing and expansion (under 0.1 pt) hang too.
            let slack = if hang > 0.0 { 0.1 } else { 0.0 };
            Some(r.x + g.x + g.advance * (1.0 - hang) - slack)
        })
        .unwrap_or(r.x)
}

/// The body columns of a sheet page: (left, right) of each.
fn columns(template: &SheetTemplate, page: usize) -> Vec<(f32, f32)> {
    let body = template.body(page);
    let gap = mm(7.0);
    let w = (body.w - gap) / 2.0;
    vec![(body.x, body.x + w), (body.x + w + gap, body.x + body.w)]
}

/// Issue 16 A.1 and A.11: every box of the body (levers, experiences, the
/// commune's box, key figures) sits on the column grid, and the text that
/// starts inside a box keeps 3 mm inside it.
#[test]
fn boxes_sit_on_the_column_grid_and_hold_their_text() {
    let (materials, mut engine) = materials();
    for (label, doc, template) in sheets(&materials, &mut engine) {
        for (p, page) in doc.pages.iter().enumerate() {
            let cols = columns(&template, p);
            let tile = (cols[0].1 - cols[0].0 - mm(3.0)) / 2.0;
            let body = template.body(p);
            let mut lefts = vec![body.x];
            let mut rights = vec![body.x + body.w];
            for (l, r) in &cols {
                lefts.extend([*l, l + tile + mm(3.0)]);
                rights.extend([*r, l + tile]);
            }
            for (i, item) in page.items.iter().enumerate() {
                let Content::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                    ..
                } = item.content
                else {
                    continue;
                };
                // Boxes only: not the bleeding band, bars, chart bars or QR modules.
                if w < mm(10.0) || h < mm(5.0) || x < 1.0 || (fill.is_none() && stroke.is_none()) {
                    continue;
                }
                let on = |edge: f32, set: &[f32]| set.iter().any(|e| (e - edge).abs() < 0.05);
                assert!(
                    on(x, &lefts) && on(x + w, &rights),
                    "{label} p{}: box {x:.1}–{:.1} off the column grid",
                    p + 1,
                    x + w
                );
                for later in &page.items[i + 1..] {
                    let Content::Text(run) = &later.content else {
                        continue;
                    };
                    let inside = run.x >= x && run.x < x + w && run.y > y && run.y < y + h;
                    if inside && !run.text.trim().is_empty() {
                        let end = visible_end(run);
                        assert!(
                            run.x >= x + mm(3.0) - 0.05 && end <= x + w - mm(3.0) + 0.05,
                            "{label} p{}: {:?} ({:.1}–{end:.1}) not 3 mm inside its box {x:.1}–{:.1}",
                            p + 1,
                            run.text,
                            run.x,
                            x + w
                        );
                    }
                }
            }
        }
    }
}

/// The content lines of a page in a column: (baseline, text), top to bottom.
fn column_lines(page: &ancrage::layout::document::Page, col: (f32, f32)) -> Vec<(f32, String)> {
    let mut out: Vec<(f32, String)> = page
        .items
        .iter()
        .filter(|i| matches!(i.tag, Tag::Content(_)))
        .filter_map(|i| match &i.content {
            Content::Text(r) if r.x >= col.0 - 0.5 && r.x < col.1 && !r.text.trim().is_empty() => {
                Some((r.y, r.text.clone()))
            }
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// Issue 16 A.2: words were hyphenated across a column break (énergie p1
/// « di-/mension », jeunesse p1 « sco-/laire »).
#[test]
fn no_column_ends_on_a_hyphenated_word() {
    let (materials, mut engine) = materials();
    for (label, doc, template) in sheets(&materials, &mut engine) {
        for (p, page) in doc.pages.iter().enumerate() {
            for col in columns(&template, p) {
                let lines = column_lines(page, col);
                let Some((y, last)) = lines.last() else {
                    continue;
                };
                // The runs of the last line, joined.
                let line: String = lines
                    .iter()
                    .filter(|l| (l.0 - y).abs() < 0.01)
                    .map(|l| l.1.as_str())
                    .collect();
                // An inserted hyphen is drawn for U+00AD in the text.
                assert!(
                    !line.trim_end().ends_with(['-', '\u{AD}', '\u{2010}']),
                    "{label} p{}: the column ends on « {last} »",
                    p + 1
                );
            }
        }
    }
}

/// Issue 16 A.3: page 2 of most sheets ended 50–104 mm above the footer and
/// right columns of page 1 55–60 mm early. No column but on the last page
/// ends more than 25 mm above the foot of the body.
#[test]
fn columns_reach_the_foot_of_every_page_but_the_last() {
    let (materials, mut engine) = materials();
    for (label, doc, template) in sheets(&materials, &mut engine) {
        for (p, page) in doc.pages.iter().enumerate().take(doc.pages.len() - 1) {
            let body = template.body(p);
            let foot = body.y + body.h;
            let items = &page.items[..page.items.len() - page.footer];
            for col in columns(&template, p) {
                let bottom = items
                    .iter()
                    .filter_map(|i| match &i.content {
                        Content::Text(r) if r.x >= col.0 - 0.5 && r.x < col.1 => Some(r.y + 3.0),
                        Content::Rect { x, y, h, .. } if *x >= col.0 - 0.5 && *x < col.1 => {
                            Some(y + h)
                        }
                        _ => None,
                    })
                    .fold(0.0, f32::max);
                assert!(
                    foot - bottom <= mm(25.0),
                    "{label} p{}: a column ends {:.0} mm above the foot",
                    p + 1,
                    (foot - bottom) / mm(1.0)
                );
            }
        }
    }
}

/// Issue 16 A.6: key figures of one grid were set 14 to 21 pt side by side
/// with baselines 6 pt apart. One size per grid, one baseline per row.
#[test]
fn the_key_figures_of_a_grid_share_their_size_and_baseline() {
    let (materials, mut engine) = materials();
    let mut tiles = 0;
    for (label, doc, template) in sheets(&materials, &mut engine) {
        let mut sizes = Vec::new();
        for (p, page) in doc.pages.iter().enumerate() {
            let cols = columns(&template, p);
            let tile = (cols[0].1 - cols[0].0 - mm(3.0)) / 2.0;
            // Tiles: (x, y) of each, with the first line of its figure.
            let mut rows: Vec<(f32, f32)> = Vec::new();
            for (i, item) in page.items.iter().enumerate() {
                let Content::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: Some(_),
                    ..
                } = item.content
                else {
                    continue;
                };
                if (w - tile).abs() > 0.05 {
                    continue;
                }
                let figure = page.items[i + 1..].iter().find_map(|it| match &it.content {
                    Content::Text(r) if r.x >= x && r.x < x + w && r.y > y && r.y < y + h => {
                        Some((r.size, r.y))
                    }
                    _ => None,
                });
                let (size, baseline) = figure.expect("a figure in its tile");
                sizes.push(size);
                rows.push((y, baseline));
            }
            for a in &rows {
                for b in &rows {
                    if (a.0 - b.0).abs() < 0.05 {
                        assert!(
                            (a.1 - b.1).abs() < 0.05,
                            "{label} p{}: baselines apart",
                            p + 1
                        );
                    }
                }
            }
        }
        assert!(
            sizes.iter().all(|s| (s - sizes[0]).abs() < 0.01),
            "{label}: figures at {sizes:?}"
        );
        tiles += sizes.len();
    }
    assert!(tiles > 50, "only {tiles} key-figure tiles found");
}

/// Issue 16 A.10: QR codes were 12.9–13.2 mm with modules of 0.46 mm and
/// stacked 3.9 mm apart. At least 18 mm, modules of at least 0.6 mm, and a
/// 4-module quiet zone free of anything else.
#[test]
fn qr_codes_are_18_mm_with_a_quiet_zone() {
    let (materials, mut engine) = materials();
    let mut seen = 0;
    for (label, doc, _) in sheets(&materials, &mut engine) {
        for (p, page) in doc.pages.iter().enumerate() {
            let mut codes: Vec<(u32, f32, f32, f32, f32, f32)> = Vec::new();
            for item in &page.items {
                let (Tag::Content(id), Content::Rect { x, y, w, h, .. }) =
                    (item.tag, &item.content)
                else {
                    continue;
                };
                let Role::Figure { alt } = doc.structure.role(id) else {
                    continue;
                };
                if !alt.starts_with("Code QR") {
                    continue;
                }
                match codes.iter_mut().find(|c| c.0 == id.0) {
                    Some(c) => {
                        c.1 = c.1.min(*x);
                        c.2 = c.2.min(*y);
                        c.3 = c.3.max(x + w);
                        c.4 = c.4.max(y + h);
                        c.5 = c.5.min(*h);
                    }
                    None => codes.push((id.0, *x, *y, x + w, y + h, *h)),
                }
            }
            for &(id, x0, y0, x1, y1, module) in &codes {
                seen += 1;
                let side = (x1 - x0).min(y1 - y0);
                assert!(
                    side >= mm(18.0) - 0.05,
                    "{label} p{}: code of {:.1} mm",
                    p + 1,
                    side / mm(1.0)
                );
                assert!(
                    module >= mm(0.6) - 0.01,
                    "{label} p{}: modules of {:.2} mm",
                    p + 1,
                    module / mm(1.0)
                );
                let quiet = 4.0 * module - 0.05;
                let (qx0, qy0, qx1, qy1) = (x0 - quiet, y0 - quiet, x1 + quiet, y1 + quiet);
                for item in &page.items {
                    if matches!(item.tag, Tag::Content(n) if n.0 == id) {
                        continue;
                    }
                    let (a, b, c, d) = match &item.content {
                        Content::Text(r) if !r.text.trim().is_empty() => {
                            (r.x, r.y - 0.75 * r.size, visible_end(r), r.y + 0.2 * r.size)
                        }
                        Content::Rect { x, y, w, h, .. } => (*x, *y, x + w, y + h),
                        _ => continue,
                    };
                    let overlaps = a < qx1 && c > qx0 && b < qy1 && d > qy0;
                    assert!(
                        !overlaps,
                        "{label} p{}: {:?} in a code's quiet zone",
                        p + 1,
                        item.content
                    );
                }
            }
        }
    }
    assert!(seen > 30, "only {seen} codes found");
}

/// The colour painted under the point (x, y) before item `before`: the last
/// filled rectangle drawn there, else the white page.
fn ground(page: &ancrage::layout::document::Page, before: usize, x: f32, y: f32) -> Color {
    page.items[..before]
        .iter()
        .rev()
        .find_map(|i| match i.content {
            Content::Rect {
                x: rx,
                y: ry,
                w,
                h,
                fill: Some(fill),
                ..
            } if x >= rx && x <= rx + w && y >= ry && y <= ry + h => Some(fill),
            _ => None,
        })
        .unwrap_or(Color::WHITE)
}

/// Issue 16 A.11 and issue 19 §3: green text on Exempleville's mauve tint
/// read at 4.48:1. Every text drawn reads at 4.5:1 on what is painted under
/// it (3:1 from 18 pt, or 14 pt bold).
#[test]
fn every_text_reads_on_the_colour_painted_under_it() {
    let (materials, mut engine) = materials();
    let book = FontBook::builtin();
    let mut docs: Vec<(String, Document)> = sheets(&materials, &mut engine)
        .into_iter()
        .map(|(label, doc, _)| (label, doc))
        .collect();
    let mut targets = vec![Target::Collection {
        edition: Edition::Generic,
    }];
    targets.extend(materials.communes.iter().map(|c| Target::Collection {
        edition: Edition::Commune(c.id.clone()),
    }));
    targets.extend(materials.workshops.iter().map(|w| Target::Handout {
        workshop: w.id.clone(),
    }));
    for target in targets {
        let laid = build::lay_out(&mut engine, &materials, &target, None);
        docs.push((format!("{}", target.path().display()), laid.document));
    }
    for (label, doc) in docs {
        assert_readable(&label, &doc, &book);
    }
}

/// Every text of `doc` reads on the colour painted under it: 4.5:1, or 3:1
/// from 18 pt, or 14 pt bold.
fn assert_readable(label: &str, doc: &Document, book: &FontBook) {
    for (p, page) in doc.pages.iter().enumerate() {
        for (i, item) in page.items.iter().enumerate() {
            let Content::Text(run) = &item.content else {
                continue;
            };
            if run.text.trim().is_empty() {
                continue;
            }
            let on = ground(page, i, run.x + 0.5, run.y - 0.3 * run.size);
            let bold = book.font(run.font).name.ends_with("-Bold");
            let large = run.size >= 18.0 || (bold && run.size >= 14.0);
            let need = if large { 3.0 } else { 4.5 };
            let ratio = run.color.contrast(on);
            assert!(
                ratio >= need,
                "{label} p{}: {:?} {} on {} at {ratio:.2}:1",
                p + 1,
                run.text,
                run.color.hex(),
                on.hex()
            );
        }
    }
}

/// Issue 16 A.11 and issue 19 §3: a commune colour too pale for text is
/// darkened where it is printed as text, and `check` says so and what to
/// write instead.
#[test]
fn a_pale_commune_colour_is_darkened_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    common::copy_tree(&root, dir.path());
    let file = dir.path().join("communes/exempleville.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let pale = text.replace("\"#7A2E5C\"", "\"#F5D000\"");
    assert_ne!(pale, text, "the shipped colour changed: update the test");
    std::fs::write(&file, pale).unwrap();
    let loaded = load::load(dir.path()).expect("materials load");
    let (materials, diagnostics) = resolve::resolve(&loaded);
    let warning = diagnostics
        .iter()
        .find(|d| d.message.contains("#F5D000") && d.message.contains("trop claire"))
        .expect("a warning about the pale colour");
    assert!(
        warning.hints.iter().any(|h| h.contains("couleur = \"#")),
        "{warning:?}"
    );
    let mut engine = render::Engine::new(FontBook::builtin(), &[]);
    let book = FontBook::builtin();
    for sheet in &materials.domains {
        let doc = render::sheet(
            &mut engine,
            &materials,
            sheet,
            materials.edition_of(Some("exempleville")).unwrap(),
        )
        .document;
        assert_readable(&sheet.id, &doc, &book);
    }
    let laid = common::commune_collection(&mut engine, &materials, "exempleville");
    assert_readable("recueil", &laid.document, &book);
}

/// Issue 16 A.12: the contents listed only the sheets, their numbers left-
/// aligned 14.6 mm short of the margin, without leaders; and a blank verso
/// said nothing.
#[test]
fn the_contents_list_every_part_and_a_blank_verso_says_so() {
    let (materials, mut engine) = materials();
    let laid = common::commune_collection(&mut engine, &materials, "exempleville");
    let doc = laid.document;
    let text = |p: usize| -> Vec<(f32, f32, String)> {
        doc.pages[p]
            .items
            .iter()
            .filter_map(|i| match &i.content {
                Content::Text(r) => Some((r.x, visible_end(r), r.text.clone())),
                _ => None,
            })
            .collect()
    };
    let contents = (0..doc.pages.len())
        .find(|&p| text(p).iter().any(|t| t.2 == "Sommaire"))
        .expect("a contents page");
    let lines = text(contents);
    for part in ["Édito", "Jeunesse", "Annuaire"] {
        assert!(
            lines.iter().any(|t| t.2.trim() == part),
            "{part} is not listed"
        );
    }
    let right = doc.pages[contents].width - mm(SIDE_MARGIN_MM);
    let numbers: Vec<_> = lines
        .iter()
        .filter(|t| t.2.parse::<usize>().is_ok())
        .collect();
    assert!(numbers.len() >= 10);
    for n in &numbers {
        assert!(
            (n.1 - right).abs() < 0.05,
            "{} ends at {:.1}, not {right:.1}",
            n.2,
            n.1
        );
    }
    assert!(lines.iter().any(|t| t.2.starts_with("....")), "no leaders");
    for p in 0..doc.pages.len() {
        let content = doc.pages[p]
            .items
            .iter()
            .any(|i| matches!(i.tag, Tag::Content(_)));
        if !content {
            assert!(
                text(p)
                    .iter()
                    .any(|t| t.2.contains("Page laissée blanche intentionnellement")),
                "page {} is blank and says nothing",
                p + 1
            );
        }
    }
}

/// Issue 16 A.7: the booklet's footers changed style from part to part and
/// its folios were always on the right. One footer text, folios outside.
#[test]
fn booklet_footers_are_one_style_with_folios_on_the_outer_edge() {
    let (materials, mut engine) = materials();
    let workshop = materials.workshops.first().expect("a workshop").id.clone();
    let laid = build::lay_out(&mut engine, &materials, &Target::Handout { workshop }, None);
    assert!(laid.booklet);
    let mut styles = Vec::new();
    for (p, page) in laid.document.pages.iter().enumerate() {
        let footer: Vec<(f32, String)> = page.items[page.items.len() - page.footer..]
            .iter()
            .filter_map(|i| match &i.content {
                Content::Text(r) => Some((r.x, r.text.clone())),
                _ => None,
            })
            .collect();
        let Some(folio) = footer.iter().find(|t| t.1.starts_with("page ")) else {
            continue;
        };
        let outer_left = (p + 1) % 2 == 0;
        assert_eq!(
            folio.0 < page.width / 2.0,
            outer_left,
            "page {}: folio {folio:?}",
            p + 1
        );
        styles.extend(
            footer
                .iter()
                .filter(|t| !t.1.starts_with("page "))
                .map(|t| t.1.clone()),
        );
    }
    styles.dedup();
    assert_eq!(styles.len(), 1, "footer texts: {styles:?}");
}

/// Issue 16 A.9: the carriers of an experience were joined by commas,
/// giving « …habitants, Le conseil municipal… ». They are a list.
#[test]
fn the_carriers_of_an_experience_are_a_list() {
    let (materials, mut engine) = materials();
    let (sheet, example) = materials
        .domains
        .iter()
        .find_map(|s| {
            let d = materials.domain_for(s, None);
            d.examples
                .iter()
                .find(|e| e.carriers.len() >= 2)
                .cloned()
                .map(|e| (s, e))
        })
        .expect("an experience with two carriers");
    let doc = render::sheet(
        &mut engine,
        &materials,
        sheet,
        ancrage::resolve::LoadedEdition::Generic,
    )
    .document;
    let all: String = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match &i.content {
            Content::Text(r) => Some(r.text.as_str()),
            _ => None,
        })
        .collect();
    let second = example.carriers[1].split(' ').next().unwrap_or_default();
    assert!(
        all.contains(&format!("· {second}")),
        "carriers not listed with « · »"
    );
    assert!(
        !all.contains(&format!(", {second}")),
        "carriers joined by a comma"
    );
}
