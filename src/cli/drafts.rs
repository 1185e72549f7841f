//! `afterword drafts`: unfinished reflections.

use std::io::{self, Write};

use super::{Outcome, columns};
use crate::journal::Journal;
use crate::pack::Library;

pub fn drafts_list(
    journal: &Journal,
    library: &Library,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let (found, damaged) = journal.drafts();
    if found.is_empty() {
        writeln!(out, "No unfinished reflections.")?;
    } else {
        let mut rows = vec![vec![
            "DRAFT".to_string(),
            "PACK".into(),
            "CLIENT".into(),
            "SESSION".into(),
            "ANSWERS".into(),
            "LAST CHANGE".into(),
            "".into(),
        ]];
        for f in &found {
            let d = &f.draft;
            let pack = library
                .get(&d.pack)
                .map_or_else(|| format!("{} (missing)", d.pack), |p| p.pack.title.clone());
            rows.push(vec![
                d.id.clone(),
                pack,
                d.facts.client.to_string(),
                d.facts.session.to_string(),
                d.answers.len().to_string(),
                d.updated.format("%Y-%m-%d %H:%M").to_string(),
                if f.in_use {
                    "open in another window".into()
                } else {
                    String::new()
                },
            ]);
        }
        write!(out, "{}", columns(&rows))?;
        writeln!(out, "\n`afterword` offers to resume them.")?;
    }
    for d in &damaged {
        writeln!(
            err,
            "warning: {} could not be read ({}); it was set aside, not deleted",
            d.path.display(),
            d.problem
        )?;
    }
    Ok(Outcome::Ok)
}
