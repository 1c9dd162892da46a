//! Hyphenation tests: French words against a dictionary's syllabification,
//! elisions, exceptions, URLs and e-mails, English passages.

#[test]
fn english_words_take_english_patterns() {
    let cut = |w: &str| -> Vec<String> {
        let mut parts = Vec::new();
        let mut from = 0;
        for b in english_breaks(w).into_iter().chain([w.len()]) {
            parts.push(w[from..b].to_owned());
            from = b;
        }
        parts
    };
    assert_eq!(cut("sanitation"), ["san", "i", "ta", "tion"]);
    assert_eq!(cut("household,"), ["house", "hold,"]);
    // Short, capitals, digits: never.
    assert_eq!(english_breaks("water"), Vec::<usize>::new());
    assert_eq!(english_breaks("UNICEF"), Vec::<usize>::new());
    assert_eq!(english_breaks("2000–2024"), Vec::<usize>::new());
}

use super::*;

use proptest::prelude::*;

/// `word` with `-` inserted at `breaks`.
fn render(word: &str, breaks: &[usize]) -> String {
    let mut out = String::with_capacity(word.len() + breaks.len());
    let mut from = 0;
    for &b in breaks {
        out.push_str(&word[from..b]);
        out.push('-');
        from = b;
    }
    out.push_str(&word[from..]);
    out
}

/// `word` as the default hyphenator renders it.
fn hyphenate(word: &str) -> String {
    render(word, &Hyphenator::default().breaks(word))
}

/// `word` as a hyphenator with `exceptions` renders it.
fn hyphenate_with(exceptions: &[&str], word: &str) -> String {
    let exceptions: Vec<String> = exceptions.iter().map(|&e| e.to_owned()).collect();
    let hyphenator = Hyphenator::new(&exceptions).expect("valid exceptions");
    render(word, &hyphenator.breaks(word))
}

/// Counts of characters before each `-` of `hyphenated`.
fn char_breaks(hyphenated: &str) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut chars = 0;
    for c in hyphenated.chars() {
        if c == '-' {
            breaks.push(chars);
        } else {
            chars += 1;
        }
    }
    breaks
}

/// Words with their full graphic syllabification, as French spelling
/// divides them (the phonetic syllables of the Wiktionnaire's
/// pronunciation, plus a syllable for each written mute `e`; a sample was
/// checked against the Wiktionnaire and the TLFi), and the hyphenation
/// expected from the patterns with the 2/3 minima. Patterns give allowed
/// breaks, not every syllable: `cultu-rel` lacks `cul-`.
const WORDS: &[(&str, &str)] = &[
    ("co-o-pé-ra-tion", "co-opé-ra-tion"),
    ("in-ter-na-tio-na-li-sa-tion", "in-ter-na-tio-na-li-sa-tion"),
    ("in-for-ma-tion", "in-for-ma-tion"),
    ("en-vi-ron-ne-ment", "en-vi-ron-ne-ment"),
    ("dé-ve-lop-pe-ment", "dé-ve-lop-pe-ment"),
    ("col-lec-ti-vi-té", "col-lec-ti-vité"),
    ("col-lec-ti-vi-tés", "col-lec-ti-vi-tés"),
    ("ju-me-la-ge", "ju-me-lage"),
    ("so-li-da-ri-té", "so-li-da-rité"),
    ("par-te-na-riat", "par-te-na-riat"),
    ("ter-ri-toi-re", "ter-ri-toire"),
    ("ter-ri-to-ria-le", "ter-ri-to-riale"),
    ("dé-cen-tra-li-sé-e", "dé-cen-tra-li-sée"),
    ("mu-ni-ci-pa-li-té", "mu-ni-ci-pa-lité"),
    ("sub-ven-tion", "sub-ven-tion"),
    ("as-so-cia-tion", "as-so-cia-tion"),
    ("ci-toyen-ne-té", "ci-toyen-neté"),
    ("é-du-ca-tion", "édu-ca-tion"),
    ("tran-si-tion", "tran-si-tion"),
    ("é-ner-gé-ti-que", "éner-gé-tique"),
    ("gou-ver-nan-ce", "gou-ver-nance"),
    ("du-ra-ble", "du-rable"),
    (
        "an-ti-cons-ti-tu-tion-nel-le-ment",
        "an-ti-cons-ti-tu-tion-nel-le-ment",
    ),
    ("mo-bi-li-té", "mo-bi-lité"),
    ("fran-co-pho-nie", "fran-co-pho-nie"),
    ("hu-ma-ni-tai-re", "hu-ma-ni-taire"),
    ("dé-par-te-ment", "dé-par-te-ment"),
    ("a-mi-tié", "ami-tié"),
    ("é-co-lo-gie", "éco-lo-gie"),
    ("di-plo-ma-tie", "di-plo-ma-tie"),
    ("am-bas-sa-de", "am-bas-sade"),
    ("vo-lon-ta-riat", "vo-lon-ta-riat"),
    ("pé-da-go-gi-que", "pé-da-go-gique"),
    ("pa-tri-moi-ne", "pa-tri-moine"),
    ("a-gri-cul-tu-re", "agri-cul-ture"),
    ("bi-o-di-ver-si-té", "bio-di-ver-sité"),
    ("pro-gram-me", "pro-gramme"),
    ("cul-tu-rel", "cultu-rel"),
    ("eu-ro-pé-en-ne", "eu-ro-péenne"),
    ("jeu-nes-se", "jeu-nesse"),
    ("la-ï-ci-té", "laï-cité"),
    ("ac-com-pa-gne-ment", "ac-com-pa-gne-ment"),
    // The minima leave nothing: a-gen-da, é-gli-se.
    ("a-gen-da", "agenda"),
    ("é-gli-se", "église"),
];

#[test]
fn french_words_break_at_syllables_within_the_minima() {
    for &(syllables, expected) in WORDS {
        let word = syllables.replace('-', "");
        let got = hyphenate(&word);
        assert_eq!(got, expected, "{word}");
        let letters = word.chars().count();
        let allowed = char_breaks(syllables);
        for b in char_breaks(&got) {
            assert!(
                allowed.contains(&b),
                "{got}: break {b} not a syllable of {syllables}"
            );
            assert!(b >= MIN_BEFORE && letters - b >= MIN_AFTER, "{got}: minima");
        }
    }
}

#[test]
fn words_past_the_pattern_limit_are_left_whole() {
    let long = "anticonstitutionnellementanticonstitutionnellement";
    assert!(long.len() > hypher::MAX_INLINE_SIZE);
    assert_eq!(hyphenate(long), long);
    // Exceptions do not go through the patterns: any length is fine.
    let split = "anticonstitutionnellement-anticonstitutionnellement";
    assert_eq!(hyphenate_with(&[split], long), split);
}

#[test]
fn a_capital_first_letter_changes_nothing() {
    assert_eq!(hyphenate("Coopération"), "Co-opé-ra-tion");
    assert_eq!(hyphenate("Éducation"), "Édu-ca-tion");
}

#[test]
fn the_word_after_an_elision_is_hyphenated() {
    assert_eq!(
        hyphenate("l’internationalisation"),
        "l’in-ter-na-tio-na-li-sa-tion"
    );
    assert_eq!(hyphenate("d’information"), "d’in-for-ma-tion");
    assert_eq!(hyphenate("l'environnement"), "l'en-vi-ron-ne-ment");
    assert_eq!(hyphenate("L’Éducation"), "L’Édu-ca-tion");
    assert_eq!(hyphenate("jusqu’à"), "jusqu’à");
    assert_eq!(hyphenate("lorsqu’aujourd’hui"), "lorsqu’au-jourd’hui");
    // The modifier letter apostrophe is an apostrophe, not a letter.
    assert_eq!(hyphenate("l\u{2BC}information"), "l\u{2BC}in-for-ma-tion");
}

#[test]
fn nothing_is_placed_next_to_an_apostrophe() {
    // The patterns alone give au-jourd’-hui; the break after ’ is dropped.
    assert_eq!(hyphenate("aujourd’hui"), "au-jourd’hui");
    assert_eq!(hyphenate("qu’aujourd’hui"), "qu’au-jourd’hui");
    // pres-qu’île: "qu" is too short to be left after a break.
    assert_eq!(hyphenate("presqu’île"), "presqu’île");
    assert_eq!(hyphenate("quelqu’un"), "quelqu’un");
}

#[test]
fn punctuation_around_a_word_is_kept_out() {
    assert_eq!(hyphenate("développement,"), "dé-ve-lop-pe-ment,");
    assert_eq!(hyphenate("(coopération)"), "(co-opé-ra-tion)");
    assert_eq!(hyphenate("«\u{a0}solidarité"), "«\u{a0}so-li-da-rité");
    assert_eq!(hyphenate("territoire\u{a0}»."), "ter-ri-toire\u{a0}».");
    assert_eq!(hyphenate("«"), "«");
    assert_eq!(hyphenate("…"), "…");
    assert_eq!(hyphenate("‘coopération’"), "‘co-opé-ra-tion’");
    assert_eq!(hyphenate("'information'"), "'in-for-ma-tion'");
}

#[test]
fn words_in_capitals_are_not_hyphenated() {
    for word in [
        "ONU",
        "AGENDA",
        "COOPÉRATION",
        "l’UNESCO",
        "(DÉVELOPPEMENT)",
    ] {
        assert_eq!(hyphenate(word), word);
    }
    // Only the word in capitals is spared.
    assert_eq!(
        hyphenate("l’internationalisation"),
        "l’in-ter-na-tio-na-li-sa-tion"
    );
}

#[test]
fn urls_and_e_mail_addresses_are_not_hyphenated() {
    for word in [
        "https://www.cites-unies-france.org/cooperation",
        "www.diplomatie.gouv.fr",
        "WWW.diplomatie.gouv.fr",
        "(www.coopération.fr)",
        "contact@collectivite.fr",
        "cooperation@internationale",
    ] {
        assert_eq!(hyphenate(word), word);
    }
    // Exceptions do not reach them either.
    assert_eq!(
        hyphenate_with(&["in-ter-na-tio-nale"], "cooperation@internationale"),
        "cooperation@internationale"
    );
}

#[test]
fn words_with_digits_are_not_hyphenated() {
    for word in [
        "développement2030",
        "2030",
        "1re",
        "(coopération)2",
        "coopération²",
    ] {
        assert_eq!(hyphenate(word), word);
    }
}

#[test]
fn short_words_are_not_hyphenated() {
    for word in ["école", "santé", "usage", "l’usage", "d’école", "État", ""] {
        assert_eq!(hyphenate(word), word);
    }
    // Six letters is enough.
    assert_eq!(hyphenate("acteur"), "ac-teur");
    assert_eq!(hyphenate("région"), "ré-gion");
}

#[test]
fn compounds_keep_only_their_own_hyphens() {
    for word in [
        "Île-de-France",
        "peut-être",
        "développement-coopération",
        "Saint-Étienne,",
        "l’Île-de-France",
        "co\u{2011}développement",
        "co\u{ad}opération",
        "élu·e·s",
        "déve\u{301}loppement",
        "p.\u{a0}ex.",
    ] {
        assert_eq!(hyphenate(word), word);
    }
}

#[test]
fn exceptions_override_the_patterns() {
    let exceptions = ["coo-pé-ra-tion", "Ancrage", "au-jour-d’hui", "O-NU"];
    assert_eq!(hyphenate_with(&exceptions, "coopération"), "coo-pé-ra-tion");
    assert_eq!(
        hyphenate_with(&exceptions, "Coopération,"),
        "Coo-pé-ra-tion,"
    );
    assert_eq!(hyphenate_with(&exceptions, "COOPÉRATION"), "COO-PÉ-RA-TION");
    assert_eq!(hyphenate_with(&exceptions, "l’ancrage"), "l’ancrage");
    assert_eq!(hyphenate_with(&exceptions, "aujourd'hui"), "au-jour-d'hui");
    assert_eq!(
        hyphenate_with(&exceptions, "qu’aujourd’hui"),
        "qu’au-jour-d’hui"
    );
    assert_eq!(hyphenate_with(&exceptions, "ONU"), "O-NU");
    // Other words still go through the patterns.
    assert_eq!(
        hyphenate_with(&exceptions, "développement"),
        "dé-ve-lop-pe-ment"
    );
    // Without the exception the patterns apply.
    assert_eq!(hyphenate("ancrage"), "an-crage");
}

#[test]
fn exceptions_match_a_whole_word_only() {
    let exceptions = ["co-opé-ra-tion"];
    assert_eq!(
        hyphenate_with(&exceptions, "coopérations"),
        "co-opé-ra-tions"
    );
    assert_eq!(hyphenate_with(&exceptions, "coopérati"), "co-opé-rati");
}

#[test]
fn invalid_exceptions_are_rejected_in_order() {
    let entries: Vec<String> = [
        "co-opé-ra-tion",
        "",
        "co opé",
        " coopération",
        "co-opé!",
        "-coop",
        "coop-",
        "co--op",
        "au-jour-d’-hui",
        "l’",
        "1er",
        "co-opé-ra-tion",
    ]
    .iter()
    .map(|&e| e.to_owned())
    .collect();
    let errors = Hyphenator::new(&entries).expect_err("invalid entries");
    assert_eq!(errors.len(), 10, "{errors:#?}");
    assert!(errors[0].starts_with("césure vide"));
    assert!(errors[1].contains("« co opé »") && errors[1].contains("espace"));
    assert!(errors[2].contains("espace"));
    assert!(errors[3].contains("« ! »"));
    assert!(errors[4].contains("« -coop »"));
    assert!(errors[5].contains("« coop- »"));
    assert!(errors[6].contains("se suivent"));
    assert!(errors[7].contains("se suivent"));
    assert!(errors[8].contains("« l’ »"));
    assert!(errors[9].contains("« 1 »"));
    // The conflicting entry names the earlier one; a repeated entry is fine.
    let entries: Vec<String> = ["co-opé-ra-tion", "CO-OPÉ-RA-TION", "co-opéra-tion"]
        .iter()
        .map(|&e| e.to_owned())
        .collect();
    let errors = Hyphenator::new(&entries).expect_err("conflict");
    assert_eq!(
        errors,
        [
            "césure « co-opéra-tion » : contredit « co-opé-ra-tion », donnée plus haut pour le même mot"
        ]
    );
    assert!(Hyphenator::new(&[]).is_ok());
}

/// `url` with `|` at its breaks.
fn url_render(url: &str) -> String {
    let breaks = url_breaks(url);
    let mut out = String::new();
    let mut from = 0;
    for b in breaks {
        out.push_str(&url[from..b]);
        out.push('|');
        from = b;
    }
    out.push_str(&url[from..]);
    out
}

#[test]
fn urls_break_after_their_separators() {
    assert_eq!(
        url_render("https://www.cites-unies-france.org/fr/cooperation?id=12&p=3#haut"),
        "https://|www.|cites-|unies-|france.|org/|fr/|cooperation?|id=|12&|p=|3#haut"
    );
    assert_eq!(
        url_render("www.diplomatie.gouv.fr"),
        "www.|diplomatie.|gouv.|fr"
    );
    assert_eq!(
        url_render("http://exemple.fr/mon_dossier/"),
        "http://|exemple.|fr/|mon_dossier/"
    );
}

#[test]
fn urls_do_not_break_inside_runs_or_at_their_ends() {
    // Never inside "://" nor "//", never after the last character.
    assert_eq!(url_render("ftp://a.b//c/"), "ftp://|a.|b//|c/");
    // Nothing but punctuation after a break: no break.
    assert_eq!(url_render("exemple.fr/)."), "exemple.|fr/).");
    // Three characters at least before a break.
    assert_eq!(url_render("a.b.c.d"), "a.b.|c.|d");
    assert_eq!(url_render("a/bcd"), "a/bcd");
    assert_eq!(url_render("ab/cd"), "ab/|cd");
    assert_eq!(url_render("abc/d"), "abc/|d");
    assert_eq!(url_render(""), "");
    assert_eq!(url_render("///"), "///");
    assert_eq!(url_render("é.à/ü"), "é.à/|ü");
}

/// Checks the invariants common to every list of offsets into `s`.
fn check_offsets(s: &str, offsets: &[usize]) -> Result<(), TestCaseError> {
    for pair in offsets.windows(2) {
        prop_assert!(pair[0] < pair[1], "not increasing: {offsets:?}");
    }
    for &b in offsets {
        prop_assert!(b > 0 && b < s.len(), "outside {s:?}: {b}");
        prop_assert!(s.is_char_boundary(b), "not a char boundary in {s:?}: {b}");
    }
    Ok(())
}

/// Whether the `n` characters of `chars` are all letters.
fn all_letters<I: Iterator<Item = char>>(mut chars: I, n: usize) -> bool {
    (0..n).all(|_| chars.next().is_some_and(is_letter))
}

fn check_hyphenation(s: &str) -> Result<(), TestCaseError> {
    let offsets = Hyphenator::default().breaks(s);
    check_offsets(s, &offsets)?;
    for &b in &offsets {
        prop_assert!(
            all_letters(s[..b].chars().rev(), MIN_BEFORE),
            "fewer than {MIN_BEFORE} letters before {b} in {s:?}"
        );
        prop_assert!(
            all_letters(s[b..].chars(), MIN_AFTER),
            "fewer than {MIN_AFTER} letters after {b} in {s:?}"
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn breaks_hold_on_any_string(s in any::<String>()) {
        check_hyphenation(&s)?;
    }

    #[test]
    fn breaks_hold_on_french_like_text(
        s in "[«(‘'’\"]{0,2}[a-zA-Zàâäçéèêëîïôöùûüÿœæ’'ÀÉÈÎÔ]{0,60}[,.;:!?»)’…]{0,2}"
    ) {
        check_hyphenation(&s)?;
    }

    #[test]
    fn exceptions_never_panic(
        entries in proptest::collection::vec("[a-zé’'\\- ]{0,12}", 0..6),
        s in "[«(]{0,1}[a-zA-Zé’'\\-]{0,20}[,)]{0,1}",
    ) {
        if let Ok(hyphenator) = Hyphenator::new(&entries) {
            check_offsets(&s, &hyphenator.breaks(&s))?;
        }
    }

    #[test]
    fn url_breaks_hold_on_any_string(s in any::<String>()) {
        check_offsets(&s, &url_breaks(&s))?;
    }

    #[test]
    fn url_breaks_hold_on_url_like_text(s in "[a-zé:/.?&=_#\\-]{0,40}") {
        let offsets = url_breaks(&s);
        check_offsets(&s, &offsets)?;
        for &b in &offsets {
            prop_assert!(s[..b].chars().count() >= MIN_URL_HEAD);
            prop_assert!(!s[b..].starts_with(URL_BREAK_AFTER));
        }
    }
}
