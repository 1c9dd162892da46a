//! `ancrage build --simulation`: what a build would write or make again,
//! and why, without writing anything (issue 18, point 15).

use std::path::Path;
use std::time::SystemTime;

use ancrage::build::fingerprint::{Digests, fingerprint_with, inputs};
use ancrage::build::{self, Schedule, Target};
use ancrage::diag::Diagnostics;
use ancrage::resolve::Materials;

use super::manifest::Manifest;
use super::{Outcome, out, plural};

/// Names listed in a reason before « et N autres »: two files say which
/// edit a user made; a longer list is a change of everything.
const REASONS_NAMED: usize = 2;

/// Lists, on standard output, each output the build would write and why;
/// the summary on standard error. Reads the output folder, writes nothing.
pub(super) fn run(
    materials: &mut Materials,
    schedule: &Schedule,
    output: &Path,
    options: &build::Options,
) -> Outcome {
    let force = options.force;
    let manifest = Manifest::read(output);
    let (mut to_write, mut fresh) = (0usize, 0usize);
    let mut text = String::new();
    let settings = options.identity();
    let digests = Digests::default();
    for batch in schedule.batches() {
        // Unreadable profiles are reported by `check`; their editions are
        // left out, as the build leaves them out.
        let targets = batch.load(materials, &mut Diagnostics::default());
        for target in &targets {
            let print = fingerprint_with(materials, target, &settings, &digests);
            let (main, imposed) = (target.path(), target.imposed_path());
            if !force && manifest.is_fresh(output, &main, imposed.as_deref(), &print) {
                fresh += 1 + usize::from(imposed.is_some());
                continue;
            }
            let why = reason(materials, target, &output.join(&main), force);
            let verb = if why == "nouveau" {
                "à écrire"
            } else {
                "à refaire"
            };
            text.push_str(&format!(
                "{verb} : {} ({why})\n",
                output.join(&main).display()
            ));
            to_write += 1;
            if let Some(imposed) = imposed {
                text.push_str(&format!(
                    "{verb} : {} (son fichier imposé)\n",
                    output.join(imposed).display()
                ));
                to_write += 1;
            }
        }
        materials.unload_communes(|_| false);
    }
    out(&text);
    eprintln!(
        "simulation : {}, {} ; rien n’a été écrit",
        plural(to_write, "fichier serait écrit", "fichiers seraient écrits"),
        plural(fresh, "déjà à jour", "déjà à jour"),
    );
    Outcome::Ok
}

/// Why `target` would be made: new, its inputs changed since `path` was
/// written (named), or the settings or the program changed.
fn reason(materials: &Materials, target: &Target, path: &Path, force: bool) -> String {
    if force {
        return "--force".to_string();
    }
    let Some(written) = std::fs::metadata(path).and_then(|m| m.modified()).ok() else {
        return "nouveau".to_string();
    };
    let newer = |file: &Path| {
        std::fs::metadata(file)
            .and_then(|m| m.modified())
            .is_ok_and(|t: SystemTime| t > written)
    };
    let used = inputs(materials, target);
    let mut changed: Vec<String> = used
        .files
        .iter()
        .map(|&id| materials.sources.get(id))
        .filter(|file| newer(&file.path))
        .map(|file| file.name.clone())
        .collect();
    changed.extend(used.images.iter().filter(|p| newer(p)).map(|p| {
        p.strip_prefix(&materials.root)
            .unwrap_or(p)
            .display()
            .to_string()
    }));
    match changed.len() {
        0 => "options d’impression ou programme mis à jour".to_string(),
        1 => format!("{} modifié", changed[0]),
        n if n <= REASONS_NAMED => format!("{} modifiés", changed.join(" et ")),
        n => format!(
            "{} et {} modifiés",
            changed[..REASONS_NAMED].join(", "),
            plural(n - REASONS_NAMED, "autre fichier", "autres fichiers")
        ),
    }
}
