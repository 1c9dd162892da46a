//! Inline markup: `**gras**`, `*italique*` and `[lien](https://…)` parsed with
//! pulldown-cmark into styled runs; any other Markdown construct is kept as the
//! text the author typed, with a warning, never silently dropped.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A piece of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text, typography already applied.
    pub text: String,
    /// Bold (`**…**`).
    pub bold: bool,
    /// Italic (`*…*`).
    pub italic: bool,
    /// Target of the link this text belongs to.
    pub link: Option<String>,
}

/// A field's text as paragraphs of runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    /// Paragraphs (a blank line in the source starts a new one).
    pub paragraphs: Vec<Vec<Run>>,
    /// Markdown constructs kept as plain text (French names, for warnings).
    pub passed_through: Vec<String>,
}

impl Inline {
    /// The text of every paragraph, without markup, joined by blank lines.
    pub fn plain_text(&self) -> String {
        self.paragraphs
            .iter()
            .map(|p| p.iter().map(|r| r.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Parses inline Markdown.
pub fn parse(source: &str) -> Inline {
    let mut out = Inline::default();
    let mut current: Vec<Run> = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut link: Option<String> = None;
    // Depth inside an unsupported construct whose source is copied as is.
    let mut skipping = 0u32;

    let push = |runs: &mut Vec<Run>, text: &str, bold: u32, italic: u32, link: &Option<String>| {
        if text.is_empty() {
            return;
        }
        let (bold, italic) = (bold > 0, italic > 0);
        match runs.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic && &last.link == link => {
                last.text.push_str(text);
            }
            _ => runs.push(Run {
                text: text.to_string(),
                bold,
                italic,
                link: link.clone(),
            }),
        }
    };

    for (event, range) in Parser::new_ext(source, Options::empty()).into_offset_iter() {
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                if !current.is_empty() {
                    out.paragraphs.push(std::mem::take(&mut current));
                }
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => link = None,
            Event::Text(text) | Event::Code(text) => push(&mut current, &text, bold, italic, &link),
            Event::SoftBreak | Event::HardBreak => push(&mut current, " ", bold, italic, &link),
            Event::Start(tag) => {
                out.passed_through.push(construct_name(&tag).to_string());
                push(&mut current, raw(source, &range), bold, italic, &link);
                skipping = 1;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                out.passed_through.push("HTML".to_string());
                push(&mut current, &html, bold, italic, &link);
            }
            other => {
                out.passed_through.push(format!("{other:?}"));
                push(&mut current, raw(source, &range), bold, italic, &link);
            }
        }
    }
    if !current.is_empty() {
        out.paragraphs.push(current);
    }
    out
}

/// The source of an unsupported block, trimmed of its final line break.
fn raw<'s>(source: &'s str, range: &Range<usize>) -> &'s str {
    source[range.clone()].trim_end_matches(['\n', '\r'])
}

fn construct_name(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::Heading { .. } => "titre Markdown (#)",
        Tag::List(_) | Tag::Item => "liste Markdown (-, 1.)",
        Tag::BlockQuote(_) => "citation Markdown (>)",
        Tag::CodeBlock(_) => "bloc de code",
        Tag::HtmlBlock => "HTML",
        Tag::Image { .. } => "image Markdown (![…](…))",
        Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "tableau Markdown",
        _ => "construction Markdown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, bold: bool, italic: bool, link: Option<&str>) -> Run {
        Run {
            text: text.into(),
            bold,
            italic,
            link: link.map(str::to_string),
        }
    }

    #[test]
    fn styles_and_links() {
        let inline = parse("Un **levier** *décisif* : [la loi](https://www.legifrance.gouv.fr).");
        assert_eq!(
            inline.paragraphs,
            vec![vec![
                run("Un ", false, false, None),
                run("levier", true, false, None),
                run(" ", false, false, None),
                run("décisif", false, true, None),
                run(" : ", false, false, None),
                run(
                    "la loi",
                    false,
                    false,
                    Some("https://www.legifrance.gouv.fr")
                ),
                run(".", false, false, None),
            ]]
        );
        assert!(inline.passed_through.is_empty());
    }

    #[test]
    fn blank_line_starts_a_paragraph_and_soft_breaks_are_spaces() {
        let inline = parse("Un\ndeux\n\nTrois");
        assert_eq!(inline.plain_text(), "Un deux\n\nTrois");
    }

    #[test]
    fn other_constructs_are_kept_as_typed_with_a_warning() {
        let inline = parse("1. Premier point");
        assert_eq!(inline.plain_text(), "1. Premier point");
        assert_eq!(inline.passed_through, vec!["liste Markdown (-, 1.)"]);
        let inline = parse("# Titre");
        assert_eq!(inline.plain_text(), "# Titre");
        assert_eq!(inline.passed_through.len(), 1);
    }

    #[test]
    fn autolinks_keep_their_address_as_text() {
        let inline = parse("Voir <https://www.pseau.org>.");
        assert_eq!(
            inline.paragraphs[0][1],
            run(
                "https://www.pseau.org",
                false,
                false,
                Some("https://www.pseau.org")
            )
        );
    }
}
