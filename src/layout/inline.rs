//! Inline markup: `**gras**`, `*italique*`, `[lien](https://…)` and
//! `<span lang="en">…</span>` (a passage in another language) parsed with
//! pulldown-cmark into styled runs; any other Markdown construct is kept as the
//! text the author typed, with a warning, never silently dropped.
//!
//! A language span is the one piece of inline HTML understood: exactly a
//! `<span>` tag whose only attribute is `lang`, holding a well-formed BCP 47
//! tag, closed by `</span>` in the same paragraph. It may hold or sit inside
//! emphasis and links. A `<span>` without a usable `lang`, or left unclosed,
//! is reported ([`Problem`]) and its text kept without a language; its tags are
//! not printed. Any other inline HTML is printed as typed, with a warning.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// A piece of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Run {
    /// The text, typography already applied.
    pub text: String,
    /// Bold (`**…**`).
    pub bold: bool,
    /// Italic (`*…*`).
    pub italic: bool,
    /// Target of the link this text belongs to.
    pub link: Option<String>,
    /// Language of the text when marked with `<span lang="…">` (a BCP 47 tag
    /// as written, `en`, `en-GB`); `None` for the document's language.
    pub lang: Option<String>,
}

impl Run {
    /// `text` in the body style: not bold, not italic, no link, the
    /// document's language.
    pub fn plain(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
            lang: None,
        }
    }

    /// The same run in bold.
    pub fn bold(self) -> Self {
        Run { bold: true, ..self }
    }

    /// The same run in italic.
    pub fn italic(self) -> Self {
        Run {
            italic: true,
            ..self
        }
    }

    /// The same run linked to `link` (`None` for no link).
    pub fn linked(self, link: impl Into<Option<String>>) -> Self {
        Run {
            link: link.into(),
            ..self
        }
    }
}

/// A problem of language-span markup, in French, with what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte range of the faulty tag in the parsed source.
    pub range: Range<usize>,
    /// What is wrong and what it does to the output.
    pub message: String,
    /// What to write.
    pub hint: String,
}

/// A field's text as paragraphs of runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    /// Paragraphs (a blank line in the source starts a new one).
    pub paragraphs: Vec<Vec<Run>>,
    /// Markdown constructs kept as plain text (French names, for warnings).
    pub passed_through: Vec<String>,
    /// Language spans that could not be applied.
    pub problems: Vec<Problem>,
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

/// What the parser met, before language spans are matched within a paragraph.
enum Piece {
    Text {
        text: String,
        bold: bool,
        italic: bool,
        link: Option<String>,
    },
    /// `<span …>`: its language, `None` when unusable (already reported).
    Open {
        lang: Option<String>,
        tag: String,
        range: Range<usize>,
    },
    /// `</span>`.
    Close {
        range: Range<usize>,
    },
    EndParagraph,
}

/// Parses inline Markdown.
pub fn parse(source: &str) -> Inline {
    let mut out = Inline::default();
    let mut pieces: Vec<Piece> = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut link: Option<String> = None;
    // Depth inside an unsupported construct whose source is copied as is.
    let mut skipping = 0u32;

    let push =
        |pieces: &mut Vec<Piece>, text: &str, bold: u32, italic: u32, link: &Option<String>| {
            if !text.is_empty() {
                pieces.push(Piece::Text {
                    text: text.to_string(),
                    bold: bold > 0,
                    italic: italic > 0,
                    link: link.clone(),
                });
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
            Event::End(TagEnd::Paragraph) => pieces.push(Piece::EndParagraph),
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => link = None,
            Event::Text(text) | Event::Code(text) => push(&mut pieces, &text, bold, italic, &link),
            Event::SoftBreak | Event::HardBreak => push(&mut pieces, " ", bold, italic, &link),
            Event::Start(tag) => {
                out.passed_through.push(construct_name(&tag).to_string());
                push(&mut pieces, raw(source, &range), bold, italic, &link);
                skipping = 1;
            }
            Event::InlineHtml(html) => match span_tag(&html) {
                Some(SpanTag::Open(lang)) => pieces.push(Piece::Open {
                    lang: Some(lang),
                    tag: html.to_string(),
                    range,
                }),
                Some(SpanTag::BadOpen(reason)) => {
                    out.problems.push(bad_open(&html, reason, range.clone()));
                    pieces.push(Piece::Open {
                        lang: None,
                        tag: html.to_string(),
                        range,
                    });
                }
                Some(SpanTag::Close) => pieces.push(Piece::Close { range }),
                None => passed_html(&mut out, &mut pieces, html, bold, italic, &link),
            },
            Event::Html(html) => passed_html(&mut out, &mut pieces, html, bold, italic, &link),
            other => {
                out.passed_through.push(format!("{other:?}"));
                push(&mut pieces, raw(source, &range), bold, italic, &link);
            }
        }
    }
    pieces.push(Piece::EndParagraph);
    let mut start = 0;
    for (i, piece) in pieces.iter().enumerate() {
        if matches!(piece, Piece::EndParagraph) {
            let runs = paragraph_runs(&pieces[start..i], &mut out.problems);
            if !runs.is_empty() {
                out.paragraphs.push(runs);
            }
            start = i + 1;
        }
    }
    out.problems.sort_by_key(|p| p.range.start);
    out
}

/// HTML other than a language span: printed as typed, with a warning.
fn passed_html(
    out: &mut Inline,
    pieces: &mut Vec<Piece>,
    html: CowStr<'_>,
    bold: u32,
    italic: u32,
    link: &Option<String>,
) {
    out.passed_through.push("HTML".to_string());
    if !html.is_empty() {
        pieces.push(Piece::Text {
            text: html.to_string(),
            bold: bold > 0,
            italic: italic > 0,
            link: link.clone(),
        });
    }
}

/// The runs of one paragraph: spans matched (an unclosed one and a stray
/// `</span>` are reported and have no effect), then text merged into runs.
fn paragraph_runs(pieces: &[Piece], problems: &mut Vec<Problem>) -> Vec<Run> {
    // 1. Which opening tag each closing tag closes.
    let mut active = vec![true; pieces.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Open { .. } => open.push(i),
            // The guard pops the span this tag closes, if there is one.
            Piece::Close { range } if open.pop().is_none() => {
                active[i] = false;
                problems.push(Problem {
                    range: range.clone(),
                    message:
                        "balise « </span> » sans « <span lang='…'> » ouvrante : elle est ignorée"
                            .into(),
                    hint: format!(
                        "supprimez-la, ou ouvrez le passage en langue étrangère : {EXAMPLE}"
                    ),
                });
            }
            _ => {}
        }
    }
    for i in open {
        active[i] = false;
        if let Piece::Open {
            lang: Some(_),
            tag,
            range,
        } = &pieces[i]
        {
            problems.push(Problem {
                range: range.clone(),
                message: format!(
                    "balise « {tag} » sans « </span> » dans le même paragraphe : le passage n’est pas marqué comme étant dans une autre langue"
                ),
                hint: format!("fermez le passage par </span> avant la fin du paragraphe : {EXAMPLE}"),
            });
        }
    }

    // 2. Runs, each with the language of the innermost span that has one.
    let mut runs: Vec<Run> = Vec::new();
    let mut langs: Vec<Option<&str>> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Open { lang, .. } if active[i] => langs.push(lang.as_deref()),
            Piece::Close { .. } if active[i] => {
                langs.pop();
            }
            Piece::Text {
                text,
                bold,
                italic,
                link,
            } => {
                let lang = langs.iter().rev().find_map(|l| *l);
                match runs.last_mut() {
                    Some(last)
                        if last.bold == *bold
                            && last.italic == *italic
                            && &last.link == link
                            && last.lang.as_deref() == lang =>
                    {
                        last.text.push_str(text);
                    }
                    _ => runs.push(Run {
                        text: text.clone(),
                        bold: *bold,
                        italic: *italic,
                        link: link.clone(),
                        lang: lang.map(str::to_string),
                    }),
                }
            }
            _ => {}
        }
    }
    runs
}

/// The form to write, quoted in hints.
/// Single quotes: the hint can be pasted as is between the double quotes of a
/// TOML string.
const EXAMPLE: &str = "<span lang='en'>One Health</span>";

/// The hint on language codes.
const CODES: &str = "un code de langue BCP 47 : « en » (anglais), « es » (espagnol), « de » (allemand), « ar » (arabe), éventuellement suivi de la région (« en-GB »)";

fn bad_open(tag: &str, reason: BadSpan, range: Range<usize>) -> Problem {
    let effect = "le passage n’est pas marqué comme étant dans une autre langue";
    let (message, hint) = match reason {
        BadSpan::NoLang => (
            format!("balise « {tag} » sans attribut lang : {effect}"),
            format!("indiquez la langue du passage : {EXAMPLE}, avec {CODES}"),
        ),
        BadSpan::BadLang(lang) => (
            format!("code de langue « {lang} » non valide dans « {tag} » : {effect}"),
            format!("écrivez {CODES} ; par exemple {EXAMPLE}"),
        ),
        BadSpan::OtherAttribute(name) => (
            format!("attribut « {name} » non pris en charge dans « {tag} » : {effect}"),
            format!("ne gardez que l’attribut lang : {EXAMPLE}"),
        ),
    };
    Problem {
        range,
        message,
        hint,
    }
}

/// What an inline HTML tag is to the language-span markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SpanTag {
    /// `<span lang="en">` with a well-formed tag.
    Open(String),
    /// A `<span …>` tag that gives no usable language.
    BadOpen(BadSpan),
    /// `</span>`.
    Close,
}

/// Why a `<span>` tag gives no language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadSpan {
    /// No `lang` attribute (or one without a value).
    NoLang,
    /// A `lang` value that is not a well-formed language tag.
    BadLang(String),
    /// An attribute other than `lang` (or `lang` twice).
    OtherAttribute(String),
}

/// Reads `html` as a `<span>` or `</span>` tag; `None` for any other HTML.
pub(crate) fn span_tag(html: &str) -> Option<SpanTag> {
    let body = html.trim().strip_prefix('<')?.strip_suffix('>')?;
    if let Some(rest) = body.strip_prefix('/') {
        return rest
            .trim_end()
            .eq_ignore_ascii_case("span")
            .then_some(SpanTag::Close);
    }
    let name = body.get(..4)?;
    let rest = &body[4..];
    if !name.eq_ignore_ascii_case("span")
        || !(rest.is_empty() || rest.starts_with(char::is_whitespace))
    {
        return None;
    }
    let mut lang: Option<String> = None;
    let mut other: Option<String> = None;
    let mut s = rest.trim_start();
    while !s.is_empty() {
        if s == "/" {
            break;
        }
        let name_len = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let attr = &s[..name_len];
        s = s[name_len..].trim_start();
        let mut value = None;
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(q).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = Some(v.to_string());
            s = tail.trim_start();
        }
        if name_len == 0 && value.is_none() {
            // A stray `/` or the like: skip it rather than loop.
            s = s.get(1..).unwrap_or("");
            continue;
        }
        if attr.eq_ignore_ascii_case("lang") && lang.is_none() {
            lang = Some(value.unwrap_or_default());
        } else if other.is_none() {
            other = Some(attr.to_string());
        }
    }
    Some(match (lang, other) {
        (_, Some(name)) => SpanTag::BadOpen(BadSpan::OtherAttribute(name)),
        (None, None) => SpanTag::BadOpen(BadSpan::NoLang),
        (Some(l), None) if l.trim().is_empty() => SpanTag::BadOpen(BadSpan::NoLang),
        (Some(l), None) if is_language_tag(&l) => SpanTag::Open(l),
        (Some(l), None) => SpanTag::BadOpen(BadSpan::BadLang(l)),
    })
}

/// Whether `tag` is a well-formed language tag as authors write them: a
/// language of two or three letters, then subtags of 1 to 8 letters or digits
/// separated by `-` (script `Latn`, region `GB` or `419`, variants). Longer
/// language subtags, though reserved by BCP 47, are refused: `english` or
/// `anglais` is a mistake to report, not a language.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    language_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether a span's language tag is of the language `code` (`en` for `en`,
/// `en-GB`…), whatever its region or script.
pub fn is_language(lang: &str, code: &str) -> bool {
    lang.split('-')
        .next()
        .is_some_and(|l| l.eq_ignore_ascii_case(code))
}

/// Whether a span's language is French (`fr`, `fr-CA`…), whose rules the
/// French typography and hyphenation passes already follow.
pub fn is_french(lang: &str) -> bool {
    is_language(lang, "fr")
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
            lang: None,
        }
    }

    fn english(mut run: Run) -> Run {
        run.lang = Some("en".into());
        run
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

    #[test]
    fn a_language_span_gives_its_text_a_language() {
        let inline = parse(r#"L’approche (<span lang="en">One Health</span>)."#);
        assert_eq!(
            inline.paragraphs,
            vec![vec![
                run("L’approche (", false, false, None),
                english(run("One Health", false, false, None)),
                run(").", false, false, None),
            ]]
        );
        assert!(inline.passed_through.is_empty());
        assert!(inline.problems.is_empty());
        assert_eq!(inline.plain_text(), "L’approche (One Health).");
        for tag in ["en-GB", "es", "ar", "de", "zh-Hant-TW", "es-419"] {
            let inline = parse(&format!("<span lang='{tag}'>x</span> y"));
            assert_eq!(inline.paragraphs[0][0].lang.as_deref(), Some(tag));
            assert!(inline.problems.is_empty(), "{tag}");
        }
    }

    #[test]
    fn a_language_span_nests_with_emphasis_and_links_both_ways() {
        let outside = parse(r#"c’est *<span lang="en">One Health</span>* !"#);
        let inside = parse(r#"c’est <span lang="en">*One Health*</span> !"#);
        for inline in [&outside, &inside] {
            assert_eq!(
                inline.paragraphs,
                vec![vec![
                    run("c’est ", false, false, None),
                    english(run("One Health", false, true, None)),
                    run(" !", false, false, None),
                ]]
            );
            assert!(inline.problems.is_empty());
        }
        let inline = parse(
            r#"**<span lang="en">Tracking *SDG7*</span>** et [<span lang="en">the report</span>](https://x.org)"#,
        );
        assert_eq!(
            inline.paragraphs,
            vec![vec![
                english(run("Tracking ", true, false, None)),
                english(run("SDG7", true, true, None)),
                run(" et ", false, false, None),
                english(run("the report", false, false, Some("https://x.org"))),
            ]]
        );
        let inline = parse(r#"<span lang="en">see [the report](https://x.org) now</span>"#);
        assert_eq!(
            inline.paragraphs[0],
            vec![
                english(run("see ", false, false, None)),
                english(run("the report", false, false, Some("https://x.org"))),
                english(run(" now", false, false, None)),
            ]
        );
    }

    #[test]
    fn an_inner_span_overrides_the_outer_language() {
        let inline = parse(r#"<span lang="en">the <span lang="es">salsa</span> dance</span>"#);
        let langs: Vec<_> = inline.paragraphs[0]
            .iter()
            .map(|r| (r.text.as_str(), r.lang.as_deref()))
            .collect();
        assert_eq!(
            langs,
            [
                ("the ", Some("en")),
                ("salsa", Some("es")),
                (" dance", Some("en"))
            ]
        );
    }

    #[test]
    fn an_invalid_or_missing_language_is_reported_and_the_text_kept() {
        for (source, expected) in [
            (
                r#"<span lang="english">One Health</span> !"#,
                "code de langue « english » non valide",
            ),
            (
                r#"<span lang="e">One Health</span> !"#,
                "code de langue « e » non valide",
            ),
            (
                r#"<span lang="en_GB">One Health</span> !"#,
                "« en_GB » non valide",
            ),
            (r#"<span>One Health</span> !"#, "sans attribut lang"),
            (r#"<span lang="">One Health</span> !"#, "sans attribut lang"),
            (
                r#"<span lang="en" class="x">One Health</span> !"#,
                "attribut « class » non pris en charge",
            ),
        ] {
            let inline = parse(source);
            assert_eq!(inline.plain_text(), "One Health !", "{source}");
            assert!(
                inline.paragraphs[0].iter().all(|r| r.lang.is_none()),
                "{source}"
            );
            assert_eq!(inline.problems.len(), 1, "{source}");
            let problem = &inline.problems[0];
            assert!(
                problem.message.contains(expected),
                "{source} : {}",
                problem.message
            );
            assert!(
                problem.hint.contains("<span lang='en'>"),
                "{}",
                problem.hint
            );
            assert_eq!(problem.range.start, 0);
            assert!(source[problem.range.clone()].starts_with("<span"));
        }
    }

    #[test]
    fn an_unclosed_span_is_reported_and_gives_no_language() {
        let inline = parse(
            "Voir <span lang=\"en\">One Health et la suite.\n\nAutre <span lang=\"en\">x</span>.",
        );
        assert_eq!(
            inline.plain_text(),
            "Voir One Health et la suite.\n\nAutre x."
        );
        assert!(inline.paragraphs[0].iter().all(|r| r.lang.is_none()));
        assert_eq!(inline.paragraphs[1][1].lang.as_deref(), Some("en"));
        assert_eq!(inline.problems.len(), 1);
        let problem = &inline.problems[0];
        assert!(
            problem.message.contains("sans « </span> »"),
            "{}",
            problem.message
        );
        assert!(problem.hint.contains("</span>"));
        assert_eq!(problem.range, 5..21);
        let stray = parse("Un </span> de trop");
        assert_eq!(stray.plain_text(), "Un  de trop");
        assert!(stray.problems[0].message.contains("sans « <span"));
    }

    #[test]
    fn other_html_is_kept_as_typed_with_a_warning() {
        let inline = parse("a <b>gras</b> et <spanner lang=\"en\">x</spanner>");
        assert_eq!(
            inline.plain_text(),
            "a <b>gras</b> et <spanner lang=\"en\">x</spanner>"
        );
        assert_eq!(inline.passed_through.len(), 4);
        assert!(inline.problems.is_empty());
        assert!(inline.paragraphs[0].iter().all(|r| r.lang.is_none()));
    }

    #[test]
    fn language_tags() {
        for ok in [
            "en", "en-GB", "es", "ar", "de", "fra", "zh-Hant", "es-419", "sl-rozaj",
        ] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english",
            "en_GB",
            "en-",
            "-en",
            "en GB",
            "é",
            "en-toolongsubtag",
            "1a",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
        assert!(is_french("fr-CA") && is_french("FR") && !is_french("fur"));
    }
}
