//! The entry file: YAML front matter, then a Markdown body.
//!
//! Each section and prompt in the body is introduced by an HTML comment
//! marker (`<!-- afterword:prompt bond -->`), invisible in every Markdown
//! viewer. The markers, not the headings, delimit answers, so an answer may
//! hold any Markdown — headings, `---` rules — and still read back exactly.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use super::yaml::{float, quote, top_level_blocks};
use super::{ClientCode, Entry, EntrySection, Modality, Response, SCHEMA, SessionFacts};
use crate::answer::{Answer, OTHER};
use crate::pack::{Kind, Pack, is_valid_id};

const MARKER_OPEN: &str = "<!-- afterword:";
const MARKER_CLOSE: &str = " -->";

/// Largest entry file read; anything larger is not one of ours.
pub const MAX_ENTRY_BYTES: usize = 4 * 1024 * 1024;

const KNOWN_KEYS: &[&str] = &[
    "schema",
    "pack",
    "pack_version",
    "date",
    "client",
    "session",
    "modality",
    "tags",
    "flagged",
    "answers",
    "other",
];

/// Why a file could not be read as an entry, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct EntryError {
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> EntryError {
    EntryError {
        line,
        message: message.into(),
    }
}

/// Writes an entry. The pack, when given, only adds labels to the readable
/// lines in the body; the file reads back the same without it.
pub fn write_entry(entry: &Entry, pack: Option<&Pack>) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("---\n");
    write_front_matter(entry, &mut out);
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {}\n", entry.title);
    for section in &entry.sections {
        if !section.id.is_empty() {
            let _ = writeln!(out, "{MARKER_OPEN}section {}{MARKER_CLOSE}", section.id);
            let _ = writeln!(out, "## {}\n", section.title);
        }
        for response in &section.responses {
            let _ = writeln!(out, "{MARKER_OPEN}prompt {}{MARKER_CLOSE}", response.prompt);
            let _ = writeln!(out, "### {}\n", response.question);
            let kind = pack
                .and_then(|p| p.prompt(&response.prompt))
                .map(|p| &p.kind);
            match &response.answer {
                Answer::Text(text) => {
                    for line in text.split('\n') {
                        out.push_str(&escape_line(line));
                        out.push('\n');
                    }
                }
                answer => out.push_str(&readable(answer, kind)),
            }
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn write_front_matter(entry: &Entry, out: &mut String) {
    let facts = &entry.facts;
    let _ = writeln!(out, "schema: {SCHEMA}");
    let _ = writeln!(out, "pack: {}", quote(&entry.pack));
    let _ = writeln!(out, "pack_version: {}", entry.pack_version);
    let _ = writeln!(out, "date: {}", facts.date.format("%Y-%m-%dT%H:%M:%S%:z"));
    let _ = writeln!(out, "client: {}", quote(facts.client.as_str()));
    let _ = writeln!(out, "session: {}", facts.session);
    let _ = writeln!(out, "modality: {}", quote(facts.modality.as_str()));
    let tags: Vec<String> = entry.tags.iter().map(|t| quote(t)).collect();
    let _ = writeln!(out, "tags: [{}]", tags.join(", "));
    let _ = writeln!(out, "flagged: {}", entry.flagged);
    let structured: Vec<&Response> = entry.responses().filter(|r| !r.answer.is_text()).collect();
    if structured.is_empty() {
        out.push_str("answers: {}\n");
    } else {
        out.push_str("answers:\n");
        for r in &structured {
            let value = match &r.answer {
                Answer::Integer(n) => n.to_string(),
                Answer::Decimal(x) => float(*x),
                Answer::Bool(b) => b.to_string(),
                Answer::Choice { id, .. } => quote(id),
                Answer::Choices { ids, .. } => {
                    let ids: Vec<String> = ids.iter().map(|i| quote(i)).collect();
                    format!("[{}]", ids.join(", "))
                }
                Answer::Text(_) => unreachable!("text answers are filtered out above"),
            };
            let _ = writeln!(out, "  {}: {value}", quote(&r.prompt));
        }
    }
    let others: Vec<(&str, &str)> = structured
        .iter()
        .filter_map(|r| r.answer.other_text().map(|t| (r.prompt.as_str(), t)))
        .collect();
    if !others.is_empty() {
        out.push_str("other:\n");
        for (prompt, text) in others {
            let _ = writeln!(out, "  {}: {}", quote(prompt), quote(text));
        }
    }
    for (_, text) in &entry.extra {
        out.push_str(text);
    }
}

/// The line a reader sees for a structured answer; the front matter holds
/// the value itself.
fn readable(answer: &Answer, kind: Option<&Kind>) -> String {
    let label = |id: &str| kind.map_or(id, |k| k.label(id)).to_string();
    let other = |text: Option<&str>| text.map(|t| format!(": {t}")).unwrap_or_default();
    match answer {
        Answer::Integer(n) => match kind {
            Some(Kind::Scale {
                min,
                max,
                low,
                high,
            }) => {
                let ends = match (low, high) {
                    (Some(l), Some(h)) => format!(" ({min} {l} … {max} {h})"),
                    _ => String::new(),
                };
                format!("**{n}** of {min}–{max}{ends}\n")
            }
            _ => format!("**{n}**\n"),
        },
        Answer::Decimal(x) => {
            let unit = match kind {
                Some(Kind::Number { unit: Some(u), .. }) => format!(" {u}"),
                _ => String::new(),
            };
            format!("**{x}**{unit}\n")
        }
        Answer::Bool(b) => format!("**{}**\n", if *b { "Yes" } else { "No" }),
        Answer::Choice { id, other: text } => {
            format!("**{}**{}\n", label(id), other(text.as_deref()))
        }
        Answer::Choices { ids, other: text } => {
            if ids.is_empty() {
                return "*(none)*\n".into();
            }
            ids.iter()
                .map(|id| {
                    let extra = if id == OTHER {
                        other(text.as_deref())
                    } else {
                        String::new()
                    };
                    format!("- {}{extra}\n", label(id))
                })
                .collect()
        }
        Answer::Text(t) => format!("{t}\n"),
    }
}

fn is_marker_like(line: &str) -> bool {
    line.trim_start_matches('\\').starts_with(MARKER_OPEN)
}

/// Answer lines that look like a marker get one more leading backslash,
/// which Markdown shows as the literal text the user typed.
fn escape_line(line: &str) -> String {
    if is_marker_like(line) {
        format!("\\{line}")
    } else {
        line.to_string()
    }
}

fn unescape_line(line: &str) -> &str {
    if line.starts_with('\\') && is_marker_like(line) {
        &line[1..]
    } else {
        line
    }
}

/// `("prompt", "bond")` for `<!-- afterword:prompt bond -->`.
fn marker(line: &str) -> Option<(&str, &str)> {
    let inner = line
        .trim_end()
        .strip_prefix(MARKER_OPEN)?
        .strip_suffix(MARKER_CLOSE)?;
    let (what, id) = inner.split_once(' ')?;
    (matches!(what, "prompt" | "section") && is_valid_id(id)).then_some((what, id))
}

/// What the front matter says, without the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub pack: String,
    pub pack_version: u32,
    pub facts: SessionFacts,
    pub tags: Vec<String>,
    pub flagged: bool,
    pub answers: BTreeMap<String, Answer>,
    pub extra: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct RawFront {
    schema: u32,
    pack: String,
    pack_version: u32,
    date: String,
    client: String,
    session: u32,
    modality: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    flagged: bool,
    #[serde(default)]
    answers: BTreeMap<String, RawAnswer>,
    #[serde(default)]
    other: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawAnswer {
    Bool(bool),
    Integer(i64),
    Decimal(f64),
    Choice(String),
    Choices(Vec<String>),
}

/// Splits a file into its front matter and the body that follows.
fn split(text: &str) -> Result<(&str, &str), EntryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(error(
            1,
            "this file has no front matter: an entry starts with a line `---`",
        ));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            let body = &rest[offset + line.len()..];
            return Ok((&rest[..offset], body));
        }
        offset += line.len();
    }
    Err(error(
        1,
        "the front matter is never closed: add a line `---` after it",
    ))
}

/// The text with `\n` line ends, once its size is checked.
fn prepare(text: &str) -> Result<Cow<'_, str>, EntryError> {
    if text.len() > MAX_ENTRY_BYTES {
        return Err(error(
            1,
            format!(
                "this file is {} MiB; an entry is at most {} MiB",
                text.len() / (1024 * 1024),
                MAX_ENTRY_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    })
}

/// Reads only the front matter; enough to list, filter and count entries.
pub fn parse_front_matter(text: &str) -> Result<Header, EntryError> {
    let text = prepare(text)?;
    let (front, _) = split(&text)?;
    header(front)
}

/// The header from the front matter of a file.
fn header(front: &str) -> Result<Header, EntryError> {
    let raw: RawFront = serde_saphyr::from_str(front).map_err(|e| {
        let line = e.location().map_or(1, |l| l.line() as usize) + 1;
        let message = e.to_string();
        let first = message
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ");
        let first = first
            .split_once(": ")
            .filter(|(pos, _)| pos.starts_with("line "))
            .map_or(first, |(_, m)| m);
        error(line, format!("the front matter cannot be read: {first}"))
    })?;
    let key_line = |key: &str| -> usize {
        front
            .lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map_or(1, |i| i + 2)
    };
    if raw.schema > SCHEMA {
        return Err(error(
            key_line("schema"),
            format!(
                "this entry was written by a newer Afterword (schema {}); update Afterword to read it",
                raw.schema
            ),
        ));
    }
    let date: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339(raw.date.trim()).map_err(|_| {
            error(
                key_line("date"),
                format!(
                    "`date: {}` is not a date-time with offset, like 2026-11-21T14:30:00+01:00",
                    raw.date
                ),
            )
        })?;
    let client =
        ClientCode::new(&raw.client).map_err(|e| error(key_line("client"), e.to_string()))?;
    let modality: Modality = raw
        .modality
        .parse()
        .map_err(|e: super::ModalityError| error(key_line("modality"), e.to_string()))?;
    let mut other = raw.other;
    let answers = raw
        .answers
        .into_iter()
        .map(|(id, value)| {
            let answer = match value {
                RawAnswer::Bool(b) => Answer::Bool(b),
                RawAnswer::Integer(n) => Answer::Integer(n),
                RawAnswer::Decimal(x) => Answer::Decimal(x),
                RawAnswer::Choice(choice) => Answer::Choice {
                    id: choice,
                    other: other.remove(&id),
                },
                RawAnswer::Choices(ids) => Answer::Choices {
                    ids,
                    other: other.remove(&id),
                },
            };
            (id, answer)
        })
        .collect();
    let extra = top_level_blocks(front)
        .into_iter()
        .filter(|(key, _)| !KNOWN_KEYS.contains(&key.as_str()))
        .collect();
    Ok(Header {
        pack: raw.pack,
        pack_version: raw.pack_version,
        facts: SessionFacts {
            client,
            session: raw.session,
            modality,
            date,
        },
        tags: raw.tags,
        flagged: raw.flagged,
        answers,
        extra,
    })
}

/// Reads a whole entry back. Free text comes from the body as it stands
/// (edited by hand or not); structured values come from the front matter.
pub fn parse_entry(text: &str) -> Result<Entry, EntryError> {
    let text = prepare(text)?;
    let (front, body) = split(&text)?;
    let header = header(front)?;

    let mut title = String::new();
    let mut sections: Vec<EntrySection> = Vec::new();
    // The prompt being read: id, question (once its heading is seen), lines.
    let mut current: Option<(String, Option<String>, Vec<&str>)> = None;
    let mut section_needs_title = false;
    let mut used: Vec<String> = Vec::new();

    let mut finish = |current: &mut Option<(String, Option<String>, Vec<&str>)>,
                      sections: &mut Vec<EntrySection>| {
        if let Some((id, question, lines)) = current.take() {
            let answer = match header.answers.get(&id) {
                Some(structured) => Some(structured.clone()),
                None => Answer::text(&lines.join("\n")),
            };
            if let Some(answer) = answer {
                if sections.is_empty() {
                    sections.push(EntrySection {
                        id: String::new(),
                        title: String::new(),
                        responses: Vec::new(),
                    });
                }
                let question = question.unwrap_or_else(|| id.clone());
                used.push(id.clone());
                if let Some(section) = sections.last_mut() {
                    section.responses.push(Response {
                        prompt: id,
                        question,
                        answer,
                    });
                }
            }
        }
    };

    for line in body.split('\n') {
        if let Some((what, id)) = marker(line) {
            finish(&mut current, &mut sections);
            if what == "section" {
                sections.push(EntrySection {
                    id: id.to_string(),
                    title: id.to_string(),
                    responses: Vec::new(),
                });
                section_needs_title = true;
            } else {
                current = Some((id.to_string(), None, Vec::new()));
                section_needs_title = false;
            }
            continue;
        }
        match &mut current {
            Some((_, question @ None, lines)) if lines.iter().all(|l| l.trim().is_empty()) => {
                if let Some(heading) = line.strip_prefix("### ") {
                    *question = Some(heading.trim().to_string());
                    lines.clear();
                } else {
                    lines.push(unescape_line(line));
                }
            }
            Some((_, _, lines)) => lines.push(unescape_line(line)),
            None if section_needs_title => {
                if let Some(heading) = line.strip_prefix("## ") {
                    if let Some(section) = sections.last_mut() {
                        section.title = heading.trim().to_string();
                    }
                    section_needs_title = false;
                }
            }
            None => {
                if title.is_empty()
                    && sections.is_empty()
                    && let Some(heading) = line.strip_prefix("# ")
                {
                    title = heading.trim().to_string();
                }
            }
        }
    }
    finish(&mut current, &mut sections);

    // Structured answers whose place in the body was removed by hand are
    // kept, at the end.
    let orphans: Vec<Response> = header
        .answers
        .iter()
        .filter(|(id, _)| !used.contains(id))
        .map(|(id, answer)| Response {
            prompt: id.clone(),
            question: id.clone(),
            answer: answer.clone(),
        })
        .collect();
    if !orphans.is_empty() {
        sections.push(EntrySection {
            id: String::new(),
            title: String::new(),
            responses: orphans,
        });
    }
    sections.retain(|s| !s.responses.is_empty());

    Ok(Entry {
        pack: header.pack,
        pack_version: header.pack_version,
        facts: header.facts,
        tags: header.tags,
        flagged: header.flagged,
        title,
        sections,
        extra: header.extra,
    })
}
