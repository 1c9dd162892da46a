//! The typography table of issue 3 (input → output under the French
//! convention, traps included) and property tests of the pass.

use super::*;
use proptest::prelude::*;

/// Input → expected output under the French convention.
const CASES: &[(&str, &str)] = &[
    // Guillemets.
    ("\"mot\"", "«\u{202F}mot\u{202F}»"),
    (
        "Il dit \"bonjour\" et part.",
        "Il dit «\u{202F}bonjour\u{202F}» et part.",
    ),
    ("\"**gras**\"", "«\u{202F}**gras**\u{202F}»"),
    ("**\"gras\"**", "**«\u{202F}gras\u{202F}»**"),
    ("(\"cité\")", "(«\u{202F}cité\u{202F}»)"),
    ("\" espacé \"", "«\u{202F}espacé\u{202F}»"),
    ("« déjà »", "«\u{202F}déjà\u{202F}»"),
    ("«collé»", "«\u{202F}collé\u{202F}»"),
    (
        "« Vraiment ! » ?",
        "«\u{202F}Vraiment\u{202F}!\u{202F}»\u{202F}?",
    ),
    ("\\\"brut\\\"", "\\\"brut\\\""),
    // Apostrophes.
    ("aujourd'hui", "aujourd’hui"),
    ("l'internationalisation", "l’internationalisation"),
    ("l'école d'été", "l’école d’été"),
    // Ellipsis.
    ("Et ensuite...", "Et ensuite…"),
    ("Quatre....", "Quatre...."),
    // High punctuation.
    ("Pourquoi?", "Pourquoi\u{202F}?"),
    ("Pourquoi ?", "Pourquoi\u{202F}?"),
    ("Pourquoi  \u{A0} ?", "Pourquoi\u{202F}?"),
    ("Vraiment?!", "Vraiment\u{202F}?!"),
    ("Non !!", "Non\u{202F}!!"),
    ("oui; non", "oui\u{202F}; non"),
    ("Note: ceci", "Note\u{A0}: ceci"),
    ("Note : ceci", "Note\u{A0}: ceci"),
    ("**gras** : suite", "**gras**\u{A0}: suite"),
    ("**gras**:", "**gras**\u{A0}:"),
    ("(?)", "(?)"),
    ("Voir ![logo](images/a.png)", "Voir ![logo](images/a.png)"),
    ("Et alors...?", "Et alors…\u{202F}?"),
    ("&amp; ici; là", "&amp; ici\u{202F}; là"),
    // URLs, e-mail addresses, links, code.
    (
        "Voir https://exemple.fr/page?x=1 : ici",
        "Voir https://exemple.fr/page?x=1\u{A0}: ici",
    ),
    (
        "Site : https://a.fr/b?c=d.",
        "Site\u{A0}: https://a.fr/b?c=d.",
    ),
    ("Vu sur https://a.fr?", "Vu sur https://a.fr\u{202F}?"),
    ("www.exemple.fr/l'a?b=c", "www.exemple.fr/l'a?b=c"),
    ("<https://a.fr/x?y=1>", "<https://a.fr/x?y=1>"),
    (
        "[voir : ici](https://a.fr/b?c=d)",
        "[voir\u{A0}: ici](https://a.fr/b?c=d)",
    ),
    (
        "[l'appel](https://a.fr/l'appel)",
        "[l’appel](https://a.fr/l'appel)",
    ),
    (
        "Écrire à contact@exemple.fr : merci",
        "Écrire à contact@exemple.fr\u{A0}: merci",
    ),
    ("jean.dupont+12345@mairie.fr", "jean.dupont+12345@mairie.fr"),
    ("`a:b \"c\"` ; fin", "`a:b \"c\"`\u{202F}; fin"),
    ("\"https://a.fr\"", "«\u{202F}https://a.fr\u{202F}»"),
    // Times and ratios.
    ("à 9 h 30", "à 9\u{A0}h\u{A0}30"),
    ("à 9:30", "à 9:30"),
    ("score 3:2", "score 3:2"),
    // Numbers.
    ("34955 habitants", "34\u{202F}955\u{A0}habitants"),
    ("34 955 habitants", "34\u{202F}955\u{A0}habitants"),
    ("1234567", "1\u{202F}234\u{202F}567"),
    ("12345,5 km", "12\u{202F}345,5\u{A0}km"),
    ("en 2015", "en 2015"),
    ("Loi n° 2007-147", "Loi n°\u{A0}2007-147"),
    ("n°2", "n°\u{A0}2"),
    ("N° 12345", "N°\u{A0}12345"),
    ("art. L1115-1", "art.\u{A0}L1115-1"),
    ("p. 12", "p.\u{A0}12"),
    ("p.12", "p.\u{A0}12"),
    ("Tél. 01 99 00 12 34", "Tél. 01 99 00 12 34"),
    ("+33 1 99 00 12 34", "+33 1 99 00 12 34"),
    ("0 800 123 456", "0 800 123 456"),
    ("92000 Nanterre", "92000 Nanterre"),
    ("12345 MWh", "12\u{202F}345\u{A0}MWh"),
    ("en 2015 100 communes", "en 2015 100\u{A0}communes"),
    ("FR7612345678", "FR7612345678"),
    // Units.
    ("1%", "1\u{A0}%"),
    ("1 %", "1\u{A0}%"),
    ("12,5 M€", "12,5\u{A0}M€"),
    ("15 000 €", "15\u{202F}000\u{A0}€"),
    ("20 000 habitants", "20\u{202F}000\u{A0}habitants"),
    ("2 °C", "2\u{A0}°C"),
    ("3D et 4G", "3D et 4G"),
    ("en 2005 l'Unesco", "en 2005 l’Unesco"),
    // Issue 16, A.8: a day tied to its month, a count to its unit word.
    ("du 9 février 2005", "du 9\u{A0}février 2005"),
    ("du 27 janvier 2017", "du 27\u{A0}janvier 2017"),
    ("le 1er mai", "le 1\u{1D49}\u{2B3}\u{A0}mai"),
    ("en 2005 mai", "en 2005 mai"),
    ("L12 mars", "L12 mars"),
    ("(30 ans", "(30\u{A0}ans"),
    (
        "pendant 6 mois, 15 jours",
        "pendant 6\u{A0}mois, 15\u{A0}jours",
    ),
    (
        "300 jeunes et 12 communes",
        "300\u{A0}jeunes et 12\u{A0}communes",
    ),
    ("2 000 euros", "2\u{202F}000\u{A0}euros"),
    ("3 ansible", "3 ansible"),
    ("5 ans’", "5 ans’"),
    // Passages in another language: left as typed, tags intact; French
    // rules still apply around them.
    (
        "<span lang=\"en\">Why? Don't \"quote\": 12345</span> ?",
        "<span lang=\"en\">Why? Don't \"quote\": 12345</span>\u{202F}?",
    ),
    (
        "\"<span lang=\"en\">One Health</span>\"",
        "«\u{202F}<span lang=\"en\">One Health</span>\u{202F}»",
    ),
    (
        "*<span lang='en-GB'>Tracking SDG7: report</span>*: 2024",
        "*<span lang='en-GB'>Tracking SDG7: report</span>*\u{A0}: 2024",
    ),
    (
        "<span lang=\"en\">a <span lang=\"es\">¿qué?</span> b?</span> c?",
        "<span lang=\"en\">a <span lang=\"es\">¿qué?</span> b?</span> c\u{202F}?",
    ),
    // A French span, a span without a language or left unclosed: French rules
    // apply to its text, only the tags stay as typed.
    (
        "<span lang=\"fr\">Quoi?</span>",
        "<span lang=\"fr\">Quoi\u{202F}?</span>",
    ),
    (
        "<span lang=\"english\">Why?</span>",
        "<span lang=\"english\">Why\u{202F}?</span>",
    ),
    (
        "<span lang=\"en\">Why?\n\nPourquoi?</span>",
        "<span lang=\"en\">Why\u{202F}?\n\nPourquoi\u{202F}?</span>",
    ),
    // Already correct, and plain text.
    (
        "Loi n°\u{A0}2014-773\u{A0}: «\u{202F}l’action\u{202F}» à 9\u{A0}h\u{A0}30\u{202F}!",
        "Loi n°\u{A0}2014-773\u{A0}: «\u{202F}l’action\u{202F}» à 9\u{A0}h\u{A0}30\u{202F}!",
    ),
    ("Texte sans rien.", "Texte sans rien."),
    // Idempotence corners found by the property tests.
    ("12345*:0", "12\u{202F}345*\u{A0}:0"),
    ("p.0 h.", "p.\u{A0}0\u{A0}h."),
    ("", ""),
];

#[test]
fn french_cases() {
    let mut failures = Vec::new();
    for &(input, expected) in CASES {
        let got = apply(input, Convention::French);
        if got != expected {
            failures.push(format!("{input:?}\n  want {expected:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn french_cases_are_idempotent() {
    for &(input, _) in CASES {
        let once = apply(input, Convention::French);
        assert_eq!(apply(&once, Convention::French), once, "input {input:?}");
    }
}

#[test]
fn raw_leaves_text_unchanged() {
    for &(input, _) in CASES {
        assert_eq!(apply(input, Convention::Raw), input);
    }
}

#[test]
fn non_breaking_spaces() {
    for c in ['\u{A0}', '\u{202F}', '\u{2007}', '\u{2060}'] {
        assert!(is_non_breaking(c));
    }
    for c in [' ', '\t', '\n', '\u{2009}', 'a'] {
        assert!(!is_non_breaking(c));
    }
}

/// Text made of the pieces the rules react to, to reach their corners faster
/// than arbitrary strings do.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = vec![
        "a", "A", "é", "L", "n", "h", "M", "p", "art", "0", "1", "5", "12345", " ", "  ", "\u{A0}",
        "\u{202F}", "\n", "\"", "'", ".", "...", ",", ":", ";", "!", "?", "«", "»", "(", ")", "[",
        "]", "](", "<", ">", "`", "\\", "*", "_", "-", "/", "@", "%", "€", "°", "°C", "&amp;", "&",
        "https://", "www.", "mailto:", "x.fr", "km", "MWh", "000", "p.", "n°", "+", ",", "\t", "#",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 0..40)
        .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn arbitrary_text_is_stable(text in any::<String>()) {
        let once = apply(&text, Convention::French);
        prop_assert_eq!(apply(&once, Convention::French), once);
    }

    #[test]
    fn tricky_text_is_stable(text in tricky_text()) {
        let once = apply(&text, Convention::French);
        prop_assert_eq!(apply(&once, Convention::French), once);
    }

    #[test]
    fn only_spaces_and_substitutions_change(text in tricky_text()) {
        // Removing every space and mapping each substitution back, the text
        // must be the input with the same mapping: nothing lost or reordered.
        let normalise = |t: &str| -> String {
            t.replace("...", "…")
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| match c {
                    // An opening single quote becomes ‘ (issue 18.5), a closing one ’.
                    '\'' | '‘' => '’',
                    '"' | '«' | '»' => '"',
                    // Ordinal suffixes are set in superscript (issue 18.5).
                    c => crate::layout::typo::plain_superscript(c).unwrap_or(c),
                })
                .collect()
        };
        let once = apply(&text, Convention::French);
        prop_assert_eq!(normalise(&once), normalise(&text));
    }
}

/// Issue 16, A.8: « du 9 / février 2005 » and « (30 / ans » were split at a
/// line end; the day and the count now hold to their month and unit word.
#[test]
fn day_split_from_month_and_number_from_unit_word() {
    let out = apply("du 9 février 2005, pendant (30 ans)", Convention::French);
    assert_eq!(out, "du 9\u{A0}février 2005, pendant (30\u{A0}ans)");
}
