//! Printed labels of the fact sheets, in French and English.

use crate::model::Language;

/// The fixed words printed on sheets, collections and handouts.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// « Les enjeux ».
    pub stakes: &'static str,
    /// « Ce que l’international apporte ».
    pub benefits: &'static str,
    /// « Leviers d’action ».
    pub levers: &'static str,
    /// « Expériences ».
    pub examples: &'static str,
    /// « Outils et dispositifs ».
    pub tools: &'static str,
    /// « Chiffres clés ».
    pub figures: &'static str,
    /// « Cadre juridique ».
    pub legal: &'static str,
    /// « Pour aller plus loin ».
    pub resources: &'static str,
    /// « À » before a commune name.
    pub at: &'static str,
    /// « Nos actions ».
    pub local_actions: &'static str,
    /// « Associations partenaires ».
    pub partners: &'static str,
    /// « Contact ».
    pub contact: &'static str,
    /// « Fiches d’expérience »: the records a commune's box cites.
    pub experience_sheets: &'static str,
    /// « Source : ».
    pub source: &'static str,
    /// « page ».
    pub page: &'static str,
    /// « Porté par ».
    pub carried_by: &'static str,
    /// « Exemple type »: the mark of a composite example (issue 17 § 3).
    pub example_type: &'static str,
    /// « Sources : » before several sources of an experience.
    pub sources: &'static str,
    /// « Sigles »: the box of a sheet's acronyms.
    pub acronyms: &'static str,
    /// « Mise à jour : » before a sheet's update date, in its footer.
    pub updated: &'static str,
    /// The band across every page of a draft.
    pub draft: &'static str,
}

/// The labels of a language.
pub fn labels(language: Language) -> &'static Labels {
    match language {
        Language::French => &FRENCH,
        Language::English => &ENGLISH,
    }
}

const FRENCH: Labels = Labels {
    stakes: "Les enjeux",
    benefits: "Ce que l’international apporte",
    levers: "Leviers d’action",
    examples: "Expériences",
    tools: "Outils et dispositifs",
    figures: "Chiffres clés",
    legal: "Cadre juridique",
    resources: "Pour aller plus loin",
    at: "À",
    local_actions: "Nos actions",
    partners: "Associations partenaires",
    contact: "Contact",
    experience_sheets: "Fiches d’expérience",
    source: "Source :",
    page: "page",
    carried_by: "Porté par",
    example_type: "Exemple type",
    sources: "Sources :",
    acronyms: "Sigles",
    updated: "Mise à jour :",
    draft: "Document de travail – non validé",
};

const ENGLISH: Labels = Labels {
    stakes: "What is at stake",
    benefits: "What international action brings",
    levers: "Levers for action",
    examples: "Experiences",
    tools: "Tools and schemes",
    figures: "Key figures",
    legal: "Legal framework",
    resources: "Further reading",
    at: "In",
    local_actions: "Our actions",
    partners: "Partner associations",
    contact: "Contact",
    experience_sheets: "Experience sheets",
    source: "Source:",
    page: "page",
    carried_by: "Led by",
    example_type: "Composite example",
    sources: "Sources:",
    acronyms: "Acronyms",
    updated: "Updated:",
    draft: "Working draft – not validated",
};

/// A date written out: « 8 juillet 2010 », « 1er mars 2026 », « 8 July 2010 ».
pub fn long_date(date: crate::model::Date, language: Language) -> String {
    use crate::layout::typo::MONTHS as MOIS;
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = usize::from(date.month.clamp(1, 12)) - 1;
    match language {
        Language::French if date.day == 1 => format!("1er {} {}", MOIS[m], date.year),
        Language::French => format!("{} {} {}", date.day, MOIS[m], date.year),
        Language::English => format!("{} {} {}", date.day, MONTHS[m], date.year),
    }
}

/// A month and its year: « décembre 2026 », « December 2026 ».
pub fn month_year(date: crate::model::Date, language: Language) -> String {
    let long = long_date(crate::model::Date { day: 2, ..date }, language);
    // « 2 décembre 2026 » without its day.
    long.split_once(' ')
        .map_or(long.clone(), |(_, rest)| rest.to_string())
}

/// A date with its weekday: « jeudi 8 juillet 2010 », « Thursday 8 July 2010 ».
pub fn full_date(date: crate::model::Date, language: Language) -> String {
    const JOURS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let weekday = weekday(date);
    let name = match language {
        Language::French => JOURS[weekday],
        Language::English => DAYS[weekday],
    };
    format!("{name} {}", long_date(date, language))
}

/// Day of the week, 0 for Monday, from the proleptic Gregorian calendar.
fn weekday(date: crate::model::Date) -> usize {
    // Days since 1970-01-01 (a Thursday), by the inverse of the civil-date
    // algorithm used in `model::Date::from_days_since_epoch`.
    let (m, d) = (i64::from(date.month), i64::from(date.day));
    let y = i64::from(date.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (days + 3).rem_euclid(7) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn long_dates() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(long_date(d(2010, 7, 8), Language::French), "8 juillet 2010");
        assert_eq!(long_date(d(2026, 3, 1), Language::French), "1er mars 2026");
        assert_eq!(long_date(d(2026, 8, 15), Language::French), "15 août 2026");
        assert_eq!(long_date(d(2010, 7, 8), Language::English), "8 July 2010");
        assert_eq!(
            month_year(d(2026, 12, 1), Language::French),
            "décembre 2026"
        );
        assert_eq!(month_year(d(2026, 8, 15), Language::French), "août 2026");
        assert_eq!(month_year(d(2026, 7, 8), Language::English), "July 2026");
    }

    #[test]
    fn full_dates_name_the_weekday() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(
            full_date(d(2010, 7, 8), Language::French),
            "jeudi 8 juillet 2010"
        );
        assert_eq!(
            full_date(d(2026, 11, 1), Language::French),
            "dimanche 1er novembre 2026"
        );
        assert_eq!(
            full_date(d(2024, 2, 29), Language::French),
            "jeudi 29 février 2024"
        );
        assert_eq!(
            full_date(d(2000, 1, 1), Language::French),
            "samedi 1er janvier 2000"
        );
        assert_eq!(
            full_date(d(2026, 11, 27), Language::French),
            "vendredi 27 novembre 2026"
        );
        assert_eq!(
            full_date(d(2010, 7, 8), Language::English),
            "Thursday 8 July 2010"
        );
        for days in [0, 14_798, 20_000, -1] {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(weekday(date), (days + 3).rem_euclid(7) as usize, "{date}");
        }
    }
}
