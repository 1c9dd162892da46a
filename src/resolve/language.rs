//! The warning on an edition in another language than its sheets: only the
//! printed labels are translated, not the texts.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Language;

use super::{CommuneProfile, Materials};

/// Warns when a profile asks for English (`langue = "en"`) over a
/// collection written in French: the headings would be English and the
/// texts French, since translated contents are not supported yet.
pub(super) fn warn_language(
    materials: &Materials,
    profile: &CommuneProfile,
    diags: &mut Diagnostics,
) {
    let wanted = profile.commune.language;
    if wanted != Some(Language::English) || materials.collection.language == Language::English {
        return;
    }
    let range = materials.key_span(profile.file, "langue");
    diags.push(
        Diagnostic::warning(
            "langue = \"en\" : les intitulés des fiches seront imprimés en anglais, mais leurs textes restent en français (les contenus traduits ne sont pas encore pris en charge)",
        )
        .at_or_in(profile.file, range)
        .with_hint("retirez cette ligne pour une édition toute en français"),
    );
}
