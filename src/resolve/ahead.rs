//! The files of [`resolve_with`](super::resolve_with) taken a window at a
//! time: the commune profiles of each window read, parsed and checked on
//! rayon's pool ([`read_ahead`], [`check_profiles_ahead`]), then typed in
//! order ([`Found::file`]), then editorially checked on the pool and let go
//! in order ([`Found::let_go`]), their diagnostics joined as if each file
//! had been taken whole, one after the other.

use std::collections::{BTreeMap, HashMap};

use super::{
    Checked, Materials, check, check_ahead, check_profile_across, editorial, experience,
    list_profile, resolve_file,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::Loaded;
use crate::schema::FileKind;
use crate::source::FileId;

/// Files [`resolve_with`] reads, parses and checks at once on rayon's pool
/// before taking them one at a time: the commune profiles' parsing and
/// schema checks were two fifths of the calling thread's work before a
/// build's first sheet (1 303 profiles, issue 20 §5), while the second core
/// idled. Only one window of profiles, with their parsed tables, is in
/// memory at a time: memory stays flat whatever the number of communes.
pub(super) const PROFILES_AHEAD: usize = 64;

/// A file's text, or why it could not be read.
type Text<'a> = Result<std::borrow::Cow<'a, str>, Box<Diagnostic>>;

/// The texts of `window`: kept in memory by load, or read again from disk
/// (on rayon's pool); a problem reading one is reported by the caller, in
/// the files' order.
pub(super) fn read_ahead<'a>(loaded: &'a Loaded, window: &[&crate::load::Entry]) -> Vec<Text<'a>> {
    use rayon::prelude::*;
    window
        .par_iter()
        .map(|entry| {
            let source = loaded.sources.get(entry.file);
            if source.resident {
                return Ok(std::borrow::Cow::Borrowed(source.text.as_str()));
            }
            crate::load::read_text(&source.path, entry.file).map(std::borrow::Cow::Owned)
        })
        .collect()
}

/// The commune profiles of `window` (with their `texts`) parsed and
/// checked as [`resolve_file`] would, on rayon's pool, each thread with its
/// own copy of the context (the image checks it remembers are pure).
pub(super) fn check_profiles_ahead<'s>(
    window: &[&'s crate::load::Entry],
    texts: &'s [Text<'_>],
    ctx: &check::Context<'_>,
    schemas: &BTreeMap<FileKind, serde_json::Value>,
    ids: &Diagnostics,
) -> HashMap<FileId, Checked<'s>> {
    use rayon::prelude::*;
    window
        .par_iter()
        .zip(texts)
        .filter_map(|(entry, text)| {
            let text = text.as_ref().ok()?;
            (entry.kind == FileKind::Commune).then_some((*entry, text.as_ref()))
        })
        .map_init(
            || ctx.clone(),
            |ctx, (entry, text)| (entry.file, check_ahead(ctx, entry, text, schemas, ids)),
        )
        .collect()
}

/// The diagnostics of [`resolve_with`], by stage, and what the checks
/// between records and profiles need of each profile.
#[derive(Default)]
pub(super) struct Found {
    pub(super) early: Diagnostics,
    pub(super) ids: Diagnostics,
    pub(super) diags: Diagnostics,
    pub(super) overrides: Diagnostics,
    pub(super) unused: Diagnostics,
    pub(super) links: Vec<experience::ProfileLinks>,
}

/// A commune profile of step 2, which [`resolve_lean`] lets go once its
/// editorial checks are done, or lists as kept: what [`Found::let_go`]
/// needs of it.
pub(super) struct LetGo<'t> {
    file: FileId,
    text: &'t str,
    /// Whether it has a profile (in `materials.communes`).
    typed: bool,
    /// Whether it is let go (else kept in memory, and listed).
    let_go: bool,
    /// A diagnostic of the steps before points into it.
    pointed: bool,
    /// Its diagnostics of step 3 but the editorial ones (which come first).
    unused: Diagnostics,
}

impl Found {
    /// Step 2 of [`resolve_with`] for one file (`ahead`: parsed and
    /// checked on the pool): typed, and for a commune profile, the rules
    /// across files; a profile to let go is returned.
    pub(super) fn file<'t>(
        &mut self,
        (ctx, schemas): (
            &mut check::Context<'_>,
            &BTreeMap<FileKind, serde_json::Value>,
        ),
        materials: &mut Materials,
        (entry, text, ahead): (&crate::load::Entry, &'t str, Option<Checked<'_>>),
        lean: bool,
    ) -> Option<LetGo<'t>> {
        let source = materials.sources.get(entry.file);
        let resident = source.resident;
        // What this file adds to each list is at its end: only that tail is
        // searched for the file's diagnostics (the ids were checked before).
        let since = [self.early.len(), self.diags.len(), self.overrides.len()];
        let (raw, spans) = match ahead {
            Some(c) => {
                self.early.extend(c.parsing);
                self.diags.extend(c.checking);
                (c.raw, c.spans)
            }
            None => (crate::load::parse_file(entry, text, &mut self.early), None),
        };
        let file = entry.file;
        let errors =
            |d: &Diagnostics, from: usize| d.iter().skip(from).any(|d| d.is_error_in(file));
        let (ids, early) = (&self.ids, &self.early);
        let typed = resolve_file(
            ctx,
            materials,
            (raw, spans),
            text,
            schemas,
            &mut self.diags,
            |diags| ids.has_errors_in(file) || errors(early, since[0]) || errors(diags, since[1]),
        );
        if entry.kind != FileKind::Commune {
            return None;
        }
        // 3. The rules across files that a commune's profile takes part in
        //    (the domains are all read by now).
        let let_go = lean && !resident;
        let mut unused = Diagnostics::default();
        if typed {
            if let_go {
                // For the editorial checks (a profile let go is checked
                // before; those of step 4 only see those kept).
                materials.sources.restore(file, text.to_string());
            }
            let found = (&mut self.overrides, &mut unused, &mut self.links);
            check_profile_across(materials, found);
        }
        if !let_go && !resident {
            materials.sources.restore(entry.file, text.to_string());
        }
        let pointed =
            |d: &Diagnostics, from: usize| d.iter().skip(from).any(|d| d.file() == Some(file));
        let pointed = pointed(&self.ids, 0)
            || pointed(&self.early, since[0])
            || pointed(&self.diags, since[1])
            || pointed(&self.overrides, since[2])
            // The checks against the records, once all read, may point
            // into its `experiences` list.
            || self.links.last().is_some_and(|l| l.file() == file && l.lists());
        Some(LetGo {
            file,
            text,
            typed,
            let_go,
            pointed,
            unused,
        })
    }

    /// Step 3 of [`resolve_with`] for the profiles of a window let go: their
    /// editorial checks on rayon's pool (while their text and spans are
    /// still in `materials`), then, in the files' order, their diagnostics
    /// and the profiles let go.
    pub(super) fn let_go(
        &mut self,
        materials: &mut Materials,
        let_go: Vec<LetGo<'_>>,
        templates: &editorial::Templates,
    ) {
        use rayon::prelude::*;
        let shared = &*materials;
        let editorial: Vec<Diagnostics> = let_go
            .par_iter()
            .map(|one| {
                let mut found = Diagnostics::default();
                let profile = (one.typed && one.let_go)
                    .then(|| shared.communes.iter().rev().find(|p| p.file == one.file))
                    .flatten();
                if let Some(profile) = profile {
                    editorial::check_commune(shared, profile, templates, &mut found);
                }
                found
            })
            .collect();
        for (one, editorial) in let_go.into_iter().zip(editorial) {
            let file = one.file;
            let pointed = |d: &Diagnostics| d.iter().any(|d| d.file() == Some(file));
            let keep_text = one.pointed || pointed(&editorial) || pointed(&one.unused);
            self.unused.extend(editorial);
            self.unused.extend(one.unused);
            if one.let_go {
                materials.let_go(file, one.typed, keep_text, one.text);
            } else if one.typed {
                list_profile(materials, file);
            }
        }
    }
}
