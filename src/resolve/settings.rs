//! The collection's settings checked across the materials: print options,
//! hyphenation exceptions, and the font family `[polices]` names, found
//! and loaded.

use std::path::PathBuf;

use super::Materials;
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::fonts::FontBook;
use crate::layout::hyphen::Hyphenator;

/// Crop marks are drawn in the bleed, outside the trimmed page: with less
/// than 3 mm they would touch the page edge, and a cutter's tolerance is about 1 mm.
pub const MIN_BLEED_FOR_CROP_MARKS_MM: f32 = 3.0;

/// Checks the hyphenation exceptions and loads the font family the collection names.
pub(super) fn check_collection_settings(materials: &mut Materials, diags: &mut Diagnostics) {
    let Some(file) = materials.sources.find("collection.toml") else {
        return;
    };
    let span = |path: &str| materials.key_span(file, path);
    if let Some(print) = &materials.collection.printing
        && print.crop_marks
        && print.bleed_mm < MIN_BLEED_FOR_CROP_MARKS_MM
    {
        diags.push(
            Diagnostic::error("des traits de coupe demandent un fond perdu d’au moins 3 mm")
                .at_or_in(file, span("impression.traits_de_coupe"))
                .with_hint(
                    "ajoutez « fond_perdu = 3 » dans [impression], ou retirez « traits_de_coupe »",
                ),
        );
    }
    let exceptions = materials.collection.hyphenation_exceptions().to_vec();
    for (i, entry) in exceptions.iter().enumerate() {
        if let Err(messages) = Hyphenator::new(std::slice::from_ref(entry)) {
            for m in messages {
                diags.push(
                    Diagnostic::error(format!("césure invalide : {m}"))
                        .at_or_in(file, span(&format!("typographie.cesures.{i}")))
                        .with_hint("écrivez le mot avec un tiret à chaque coupure permise, par exemple \"co-opé-ra-tion\""),
                );
            }
        }
    }
    if let Err(messages) = Hyphenator::new(&exceptions)
        && exceptions
            .iter()
            .all(|e| Hyphenator::new(std::slice::from_ref(e)).is_ok())
    {
        for m in messages {
            diags.push(
                Diagnostic::error(format!("césures contradictoires : {m}"))
                    .at_or_in(file, span("typographie.cesures")),
            );
        }
    }
    if let Some(fonts) = materials.collection.fonts.clone() {
        match load_font_family(&materials.root, &fonts.family) {
            Ok(folder) => materials.font_folder = Some(folder),
            Err(message) => diags.push(
                Diagnostic::error(message)
                    .at_or_in(file, span("polices.famille"))
                    .with_hint("placez les fichiers de la famille dans le dossier fonts/ (Nom-Regular.otf, Nom-Italic.otf, Nom-Bold.otf, Nom-BoldItalic.otf), ou retirez [polices] pour garder Inter"),
            ),
        }
    }
}

/// Where a `[polices]` family is looked for, in order: `<materials>/fonts`,
/// then `fonts/` beside the materials folder.
pub fn font_folders(root: &std::path::Path) -> [PathBuf; 2] {
    [
        root.join("fonts"),
        root.parent().unwrap_or(root).join("fonts"),
    ]
}

/// Finds the folder holding `family` (see [`font_folders`]) and checks that
/// the family loads.
pub fn load_font_family(root: &std::path::Path, family: &str) -> Result<PathBuf, String> {
    let candidates = font_folders(root);
    let mut last = None;
    for folder in candidates.iter().filter(|f| f.is_dir()) {
        match FontBook::from_folder(folder, family) {
            Ok(_) => return Ok(folder.clone()),
            Err(err) => last = Some(err.to_string()),
        }
    }
    Err(last.unwrap_or_else(|| format!("police « {family} » introuvable : aucun dossier fonts/ dans ou à côté du dossier des matériaux")))
}
