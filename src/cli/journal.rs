//! `afterword list`, `show` and `search`: the journal from the command line.

use std::io::{self, Write};
use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::Outcome;
use crate::answer::Answer;
use crate::dates::parse_day;
use crate::entry::Entry;
use crate::journal::{Filter, Index, Journal, Summary, TextStore};
use crate::pack::Library;
use crate::render::{entry_lines, to_text};
use crate::search::Query;
use crate::tui::Theme;

/// The filters as given on the command line, before the dates are read.
#[derive(Debug, Clone, Default)]
pub struct FilterArgs {
    pub client: Option<String>,
    pub pack: Option<String>,
    pub tags: Vec<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub flagged: bool,
    pub limit: Option<usize>,
}

/// How output is written: JSON, or text with or without ANSI styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Text { color: bool },
}

impl FilterArgs {
    fn filter(&self, today: NaiveDate, err: &mut dyn Write) -> io::Result<Result<Filter, Outcome>> {
        let mut day =
            |flag: &str, text: &Option<String>| -> io::Result<Result<Option<NaiveDate>, Outcome>> {
                match text.as_deref().map(|t| parse_day(t, today)) {
                    None => Ok(Ok(None)),
                    Some(Ok(d)) => Ok(Ok(Some(d))),
                    Some(Err(message)) => {
                        writeln!(err, "error: {flag}: {message}")?;
                        Ok(Err(Outcome::BadInput))
                    }
                }
            };
        let since = match day("--since", &self.since)? {
            Ok(d) => d,
            Err(o) => return Ok(Err(o)),
        };
        let until = match day("--until", &self.until)? {
            Ok(d) => d,
            Err(o) => return Ok(Err(o)),
        };
        Ok(Ok(Filter {
            client: self.client.clone(),
            pack: self.pack.clone(),
            tags: self.tags.iter().map(|t| t.to_lowercase()).collect(),
            since,
            until,
            flagged: self.flagged,
            query: None,
        }))
    }
}

fn summary_json(journal: &Journal, s: &Summary) -> Value {
    json!({
        "id": s.id(),
        "path": journal.root().join(&s.path),
        "date": s.date.to_rfc3339(),
        "client": s.client,
        "session": s.session,
        "modality": s.modality.as_str(),
        "pack": s.pack,
        "pack_version": s.pack_version,
        "tags": s.tags,
        "flagged": s.flagged,
        "first_line": s.first_line,
    })
}

fn unreadable_json(journal: &Journal, index: &Index) -> Value {
    Value::Array(
        index
            .unreadable
            .iter()
            .map(|u| json!({"path": journal.root().join(&u.path), "line": u.line, "reason": u.reason}))
            .collect(),
    )
}

fn paint<'a>(text: &'a str, code: &str, color: bool) -> std::borrow::Cow<'a, str> {
    if color && !text.is_empty() {
        std::borrow::Cow::Owned(format!("\x1b[{code}m{text}\x1b[0m"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

fn write_entries(
    journal: &Journal,
    index: &Index,
    shown: &[&Summary],
    query: Option<&Query>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => {
            let value = json!({
                "entries": shown.iter().map(|s| summary_json(journal, s)).collect::<Vec<_>>(),
                "unreadable": unreadable_json(journal, index),
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )?;
        }
        Format::Text { color } => {
            // Written row by row with widths known up front: a search can
            // print thousands of rows.
            use unicode_width::UnicodeWidthStr;
            let id_width = shown.iter().map(|s| s.id().len()).max().unwrap_or(0);
            let client_width = shown.iter().map(|s| s.client.len()).max().unwrap_or(0);
            let session_width = shown.iter().map(|s| digits(s.session)).max().unwrap_or(0) + 1;
            let tag_width = shown
                .iter()
                .map(|s| s.tags.iter().map(|t| t.len() + 1).sum::<usize>())
                .max()
                .unwrap_or(0)
                .min(24);
            let mut tags = String::new();
            for s in shown {
                tags.clear();
                for (i, t) in s.tags.iter().enumerate() {
                    if i > 0 {
                        tags.push(',');
                    }
                    tags.push_str(t);
                }
                let mut tags_width = if tags.is_ascii() {
                    tags.len()
                } else {
                    tags.width()
                };
                if tags_width > tag_width {
                    tags = crate::tui::truncate(&tags, tag_width).into_owned();
                    tags_width = tags.width();
                }
                let pad = tag_width.saturating_sub(tags_width);
                write!(
                    out,
                    "{}{:pad_id$}  {:<client_width$}  #{:<session_width$} {}  {}{:pad$}  ",
                    paint(s.id(), "2", color),
                    "",
                    s.client,
                    s.session,
                    if s.flagged {
                        paint("⚑", "33", color)
                    } else {
                        " ".into()
                    },
                    tags,
                    "",
                    pad_id = id_width - s.id().len(),
                )?;
                // The first line, cut to 60 cells; matches marked on a terminal.
                let first = crate::tui::truncate(&s.first_line, 60);
                match (query, color) {
                    (Some(q), true) => {
                        let mut at = 0;
                        for r in q.ranges(&first) {
                            write!(
                                out,
                                "{}{}",
                                &first[at..r.start],
                                paint(&first[r.clone()], "7", true)
                            )?;
                            at = r.end;
                        }
                        writeln!(out, "{}", &first[at..])?;
                    }
                    _ => writeln!(out, "{first}")?,
                }
            }
            let noun = if shown.len() == 1 { "entry" } else { "entries" };
            writeln!(err, "{} {noun}", shown.len())?;
        }
    }
    if !index.unreadable.is_empty() {
        writeln!(
            err,
            "note: {} file{} in the journal could not be read as entries (they are left as they are):",
            index.unreadable.len(),
            if index.unreadable.len() == 1 { "" } else { "s" }
        )?;
        for u in &index.unreadable {
            writeln!(
                err,
                "  {}:{}: {}",
                journal.root().join(&u.path).display(),
                u.line,
                u.reason
            )?;
        }
    }
    Ok(())
}

/// `afterword list`.
pub fn list(
    journal: &Journal,
    args: &FilterArgs,
    today: NaiveDate,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    select(journal, None, args, today, format, out, err)
}

/// `afterword search`.
#[allow(clippy::too_many_arguments)]
pub fn search(
    journal: &Journal,
    query: &str,
    args: &FilterArgs,
    today: NaiveDate,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(query) = Query::new(query) else {
        writeln!(
            err,
            "error: the search is empty; give a word or phrase to look for"
        )?;
        return Ok(Outcome::BadInput);
    };
    select(journal, Some(query), args, today, format, out, err)
}

/// The entries that pass the filters (and the query, if any), written out.
/// The entries' text is read only when there is something to search for.
#[allow(clippy::too_many_arguments)]
fn select(
    journal: &Journal,
    query: Option<Query>,
    args: &FilterArgs,
    today: NaiveDate,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let mut filter = match args.filter(today, err)? {
        Ok(f) => f,
        Err(o) => return Ok(o),
    };
    filter.query.clone_from(&query);
    let (index, text): (Index, Option<TextStore>) = match query {
        Some(_) => {
            let (index, text) = journal.index_with_text();
            (index, Some(text))
        }
        None => (journal.index(), None),
    };
    let shown: Vec<&Summary> = index
        .entries
        .iter()
        .filter(|s| filter.matches(s, text.as_ref()))
        .take(args.limit.unwrap_or(usize::MAX))
        .collect();
    write_entries(journal, &index, &shown, query.as_ref(), format, out, err)?;
    Ok(Outcome::Ok)
}

fn answer_json(answer: &Answer) -> Value {
    match answer {
        Answer::Text(t) => json!({"kind": "text", "value": t}),
        Answer::Integer(n) => json!({"kind": "integer", "value": n}),
        Answer::Decimal(x) => json!({"kind": "decimal", "value": x}),
        Answer::Bool(b) => json!({"kind": "bool", "value": b}),
        Answer::Choice { id, other } => json!({"kind": "choice", "value": id, "other": other}),
        Answer::Choices { ids, other } => json!({"kind": "choices", "value": ids, "other": other}),
    }
}

/// The JSON of a whole entry, for `show --json`.
pub fn entry_json(path: &Path, entry: &Entry) -> Value {
    json!({
        "id": path.file_stem().map(|s| s.to_string_lossy().to_string()),
        "path": path,
        "date": entry.facts.date.to_rfc3339(),
        "client": entry.facts.client.as_str(),
        "session": entry.facts.session,
        "modality": entry.facts.modality.as_str(),
        "pack": entry.pack,
        "pack_version": entry.pack_version,
        "tags": entry.tags,
        "flagged": entry.flagged,
        "title": entry.title,
        "sections": entry.sections.iter().map(|s| json!({
            "id": s.id,
            "title": s.title,
            "responses": s.responses.iter().map(|r| {
                let mut v = answer_json(&r.answer);
                v["prompt"] = json!(r.prompt);
                v["question"] = json!(r.question);
                v
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "extra_keys": entry.extra.iter().map(|(k, _)| k).collect::<Vec<_>>(),
    })
}

/// `afterword show`.
pub fn show(
    journal: &Journal,
    library: &Library,
    which: &str,
    width: usize,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(path) = journal.find_entry(which) else {
        writeln!(
            err,
            "error: no entry `{which}` in {}; `afterword list` shows the ids",
            journal.root().display()
        )?;
        return Ok(Outcome::BadInput);
    };
    let entry = match Journal::read_entry(&path) {
        Ok(e) => e,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(Outcome::BadInput);
        }
    };
    match format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&entry_json(&path, &entry)).unwrap_or_default()
        )?,
        Format::Text { color } => {
            let pack = library.get(&entry.pack).map(|p| &p.pack);
            let lines = entry_lines(&entry, pack, width, Theme { color }, None);
            write!(out, "{}", to_text(&lines, color))?;
        }
    }
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_lines_and_cuts_long_ones_by_cells() {
        let cut = crate::tui::truncate;
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("exactly ten", 11), "exactly ten");
        assert_eq!(cut("one two three four", 10), "one two t…");
        assert_eq!(cut("déjà vu déjà vu", 15), "déjà vu déjà vu");
        assert_eq!(cut("déjà vu déjà vu!", 15), "déjà vu déjà v…");
        assert_eq!(cut("日本語のテキスト", 7), "日本語…");
        assert_eq!(digits(0), 1);
        assert_eq!(digits(9), 1);
        assert_eq!(digits(187), 3);
    }
}
