//! The workshop kit in the build (issue 22): which of its documents a
//! workshop gets, their layout, and the single certificate of
//! `--participant`.

use super::{KitDocument, Laid, Target, metadata};
use crate::compose::kit::{self, Kit};
use crate::compose::profile::Profile;
use crate::diag::Diagnostic;
use crate::render::Engine;
use crate::resolve::{Materials, WorkshopFile};

/// The kit documents made for `workshop`, in order: each one that can be
/// composed ([`kit::is_made`]), those made from the list of participants
/// only when the workshop has one with somebody on it, the certificates
/// only when somebody was present.
pub fn documents(workshop: &WorkshopFile) -> Vec<KitDocument> {
    let people = workshop
        .participants
        .as_ref()
        .map_or(&[][..], |l| &l.people);
    KitDocument::ALL
        .into_iter()
        .filter(|&d| kit::is_made(d))
        .filter(|&d| !d.needs_participants() || !people.is_empty())
        .filter(|&d| d != KitDocument::Attestations || people.iter().any(|p| p.attended()))
        .filter(|&d| {
            d != KitDocument::Chevalets || !kit::tents::speakers(&workshop.workshop).is_empty()
        })
        .collect()
}

/// The targets of `workshop`'s kit, in its standard colour edition.
pub fn targets(workshop: &WorkshopFile) -> Vec<Target> {
    documents(workshop)
        .into_iter()
        .map(|document| Target::Kit {
            workshop: workshop.id.clone(),
            document,
        })
        .collect()
}

/// Lays out a document of the kit; `only` keeps the certificate of the
/// participant at that row of the spreadsheet. A document with nothing to
/// show (planned targets always have something) is an empty document.
pub fn lay_out(
    engine: &mut Engine,
    materials: &Materials,
    workshop: &WorkshopFile,
    document: KitDocument,
    only: Option<usize>,
    date: Option<(u16, u8, u8)>,
    profile: Profile,
) -> Laid {
    let kit = Kit::new(materials, workshop, profile);
    let composed = kit::compose(&kit, document, only)
        .unwrap_or_else(|| kit.composed(document_name(document), Vec::new(), Vec::new()));
    let mut diagnostics = crate::diag::Diagnostics::default();
    for warning in &composed.warnings {
        diagnostics.push(crate::render::locate(materials, &[workshop.file], warning));
    }
    let layout = engine.layout(&composed);
    if document == KitDocument::Evaluation {
        diagnostics.extend(evaluation_pages(materials, workshop, layout.pages.len()));
    }
    Laid {
        metadata: metadata(&composed, date),
        document: layout,
        booklet: false,
        diagnostics,
    }
}

/// Pages of the evaluation form: one sheet, printed on both sides.
pub const EVALUATION_PAGES: usize = 2;

/// A warning when the evaluation form of `workshop` takes more than
/// [`EVALUATION_PAGES`] pages: the third would be printed on a sheet of its
/// own, or forgotten. Located at its `[evaluation]` table, else at the
/// programme, whose sessions with speakers it rates.
fn evaluation_pages(
    materials: &Materials,
    workshop: &WorkshopFile,
    pages: usize,
) -> crate::diag::Diagnostics {
    let mut out = crate::diag::Diagnostics::default();
    if pages <= EVALUATION_PAGES {
        return out;
    }
    let spans = materials.spans.get(&workshop.file);
    let place = ["evaluation", "programme"]
        .into_iter()
        .find_map(|key| spans.and_then(|s| s.get(key)).cloned());
    let d = Diagnostic::warning(format!(
        "le questionnaire d’évaluation de l’atelier « {} » fait {pages} pages : il est fait pour une feuille imprimée recto verso ({EVALUATION_PAGES} pages)",
        workshop.id
    ))
    .with_hint(
        "retirez ou raccourcissez des questions de [evaluation] (« questions », « questions_ouvertes ») ; chaque séquence du programme qui a des intervenants y ajoute une ligne à noter",
    );
    out.push(match place {
        Some(range) => d.at(workshop.file, range),
        None => d.in_file(workshop.file, None),
    });
    out
}

/// The French name of a document, for its title.
fn document_name(document: KitDocument) -> &'static str {
    match document {
        KitDocument::Emargement => kit::emargement::WHAT,
        KitDocument::Badges => "Badges",
        KitDocument::Chevalets => kit::tents::WHAT,
        KitDocument::Evaluation => kit::evaluation::WHAT,
        KitDocument::Attestations => kit::attestations::WHAT,
    }
}

/// The row of the participant `query` names in `workshop`'s list: a row
/// number of the spreadsheet, or a part of a name (case and accents aside)
/// that only one person present matches. Errors name no one: they give
/// row numbers only.
pub fn find_participant(workshop: &WorkshopFile, query: &str) -> Result<usize, Box<Diagnostic>> {
    lookup(workshop, query).map_err(Box::new)
}

// The error is made once, for a command-line option: its size does not matter.
#[allow(clippy::result_large_err)]
fn lookup(workshop: &WorkshopFile, query: &str) -> Result<usize, Diagnostic> {
    let Some(list) = &workshop.participants else {
        return Err(Diagnostic::error(format!(
            "--participant : l’atelier « {} » n’a pas de liste de participants",
            workshop.id
        ))
        .with_hint("ajoutez [participants] fichier = \"….participants.csv\" à son fichier"));
    };
    let present = |line: usize| list.people.iter().any(|p| p.line == line && p.attended());
    if let Ok(line) = query.trim().parse::<usize>() {
        return if present(line) {
            Ok(line)
        } else if list.people.iter().any(|p| p.line == line) {
            Err(Diagnostic::error(format!(
                "--participant : la personne de la ligne {line} n’est marquée présente à aucune demi-journée"
            ))
            .with_hint("une attestation n’est faite que pour une personne présente : complétez sa colonne de présence"))
        } else {
            Err(Diagnostic::error(format!(
                "--participant : aucun participant à la ligne {line} du tableau"
            ))
            .with_hint("donnez le numéro de ligne du tableur (la ligne d’en-tête est la ligne 1)"))
        };
    }
    let wanted = crate::model::participants::fold(query);
    let matches: Vec<usize> = list
        .people
        .iter()
        .filter(|p| {
            let name =
                crate::model::participants::fold(&format!("{}{}", p.first_name, p.last_name));
            let reversed =
                crate::model::participants::fold(&format!("{}{}", p.last_name, p.first_name));
            !wanted.is_empty() && (name.contains(&wanted) || reversed.contains(&wanted))
        })
        .filter(|p| p.attended())
        .map(|p| p.line)
        .collect();
    match matches.as_slice() {
        [line] => Ok(*line),
        [] => Err(Diagnostic::error(
            "--participant : aucune personne présente ne correspond à ce nom",
        )
        .with_hint("vérifiez l’orthographe, ou donnez le numéro de sa ligne dans le tableur")),
        lines => Err(Diagnostic::error(format!(
            "--participant : plusieurs personnes présentes correspondent (lignes {})",
            lines
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_hint("donnez le numéro de la ligne voulue, ou un nom plus complet")),
    }
}
