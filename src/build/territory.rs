//! Lays out « qui fait quoi ? » (issue 21): composed twice, the second time
//! with the page each domain starts on, read from the first layout's
//! bookmarks, in its contents (the contents are as long either way).

use super::{Laid, metadata};
use crate::compose::profile::Profile;
use crate::compose::who_does_what::compose_who_does_what;
use crate::diag::Diagnostics;
use crate::render::Engine;
use crate::resolve::territory::who_does_what;
use crate::resolve::{ExperienceRecord, Materials};

/// The records a « qui fait quoi » gathers: those of the collection of
/// experiences of the same edition ([`super::collection_records`]).
pub(super) fn records<'m>(
    materials: &'m Materials,
    commune: Option<&str>,
) -> impl Iterator<Item = &'m ExperienceRecord> {
    super::collection_records(materials, commune).into_iter()
}

/// The « qui fait quoi » of the territory or of `commune`, laid out.
pub(super) fn lay_out(
    engine: &mut Engine,
    materials: &Materials,
    commune: Option<&str>,
    date: Option<(u16, u8, u8)>,
    profile: Profile,
) -> Laid {
    let domains = who_does_what(materials, commune);
    // The first composition and layout are let go before the second: the
    // territory's directory of a thousand communes is hundreds of pages.
    let pages: Vec<usize> = {
        let first = compose_who_does_what(materials, commune, &domains, &[], profile);
        let document = engine.layout(&first);
        // Level 1: « Sommaire », then each domain's heading, in order.
        (document.bookmarks.iter())
            .filter(|b| b.level == 1)
            .skip(1)
            .map(|b| b.page + 1)
            .collect()
    };
    let composed = compose_who_does_what(materials, commune, &domains, &pages, profile);
    drop(domains);
    let document = engine.layout(&composed);
    Laid {
        metadata: metadata(&composed, date),
        document,
        booklet: false,
        diagnostics: Diagnostics::default(),
    }
}
