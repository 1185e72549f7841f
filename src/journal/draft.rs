//! Drafts: a reflection in progress, saved after every change so that a
//! closed window, a killed process or a crash loses nothing.
//!
//! A draft is a small TOML file in `<journal>/drafts/`. Unlike an entry it
//! keeps every answer, also those of prompts a condition hides right now,
//! and where the user was: the prompt and the cursor in its text.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::answer::Answer;
use crate::entry::{ClientCode, Modality, SessionFacts};
use crate::pack::Answers;

/// The version of the draft format this build writes.
pub const DRAFT_FORMAT: u32 = 1;

/// Drafts are small; a larger file is not one of ours.
pub const MAX_DRAFT_BYTES: usize = 8 * 1024 * 1024;

/// Where the user was in the reflection.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Position {
    /// Id of the prompt on screen (or the last one seen, on the review).
    pub prompt: String,
    /// On the review screen rather than a prompt.
    pub review: bool,
    /// Row and column of the cursor in the prompt's text, if it has text.
    pub cursor: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The file stem: when the draft was started, and the pack. Never the
    /// client code.
    pub id: String,
    pub pack: String,
    pub facts: SessionFacts,
    pub answers: Answers,
    pub added_tags: Vec<String>,
    pub removed_tags: Vec<String>,
    pub flag_choice: Option<bool>,
    pub position: Position,
    pub created: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DraftError(pub String);

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftFile {
    format: u32,
    pack: String,
    client: String,
    session: u32,
    modality: String,
    date: String,
    created: String,
    updated: String,
    prompt: String,
    #[serde(default)]
    review: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cursor: Option<[usize; 2]>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    added_tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    removed_tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    flagged: Option<bool>,
    #[serde(default)]
    answers: BTreeMap<String, Stored>,
    /// Written last: a file cut short anywhere lacks it, even where what is
    /// left is still valid TOML.
    end: End,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct End {
    complete: bool,
}

/// An answer as the draft file holds it: tagged by its type.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum Stored {
    Text(String),
    Integer(i64),
    Decimal(f64),
    Bool(bool),
    Choice {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
    Choices {
        ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
}

impl From<&Answer> for Stored {
    fn from(answer: &Answer) -> Stored {
        match answer.clone() {
            Answer::Text(t) => Stored::Text(t),
            Answer::Integer(n) => Stored::Integer(n),
            Answer::Decimal(x) => Stored::Decimal(x),
            Answer::Bool(b) => Stored::Bool(b),
            Answer::Choice { id, other } => Stored::Choice { id, other },
            Answer::Choices { ids, other } => Stored::Choices { ids, other },
        }
    }
}

impl From<Stored> for Answer {
    fn from(stored: Stored) -> Answer {
        match stored {
            Stored::Text(t) => Answer::Text(t),
            Stored::Integer(n) => Answer::Integer(n),
            Stored::Decimal(x) => Answer::Decimal(x),
            Stored::Bool(b) => Answer::Bool(b),
            Stored::Choice { id, other } => Answer::Choice { id, other },
            Stored::Choices { ids, other } => Answer::Choices { ids, other },
        }
    }
}

const TIME: &str = "%Y-%m-%dT%H:%M:%S%.f%:z";

pub fn write_draft(draft: &Draft) -> String {
    let file = DraftFile {
        format: DRAFT_FORMAT,
        pack: draft.pack.clone(),
        client: draft.facts.client.to_string(),
        session: draft.facts.session,
        modality: draft.facts.modality.to_string(),
        date: draft.facts.date.format(TIME).to_string(),
        created: draft.created.format(TIME).to_string(),
        updated: draft.updated.format(TIME).to_string(),
        prompt: draft.position.prompt.clone(),
        review: draft.position.review,
        cursor: draft.position.cursor.map(|(r, c)| [r, c]),
        added_tags: draft.added_tags.clone(),
        removed_tags: draft.removed_tags.clone(),
        flagged: draft.flag_choice,
        answers: draft
            .answers
            .iter()
            .map(|(id, a)| (id.clone(), Stored::from(a)))
            .collect(),
        end: End { complete: true },
    };
    let body = toml::to_string(&file).unwrap_or_default();
    format!("# An unfinished Afterword reflection. Afterword offers to resume it.\n{body}")
}

pub fn parse_draft(id: &str, text: &str) -> Result<Draft, DraftError> {
    if text.len() > MAX_DRAFT_BYTES {
        return Err(DraftError(format!(
            "it is {} MiB, larger than any draft",
            text.len() / (1024 * 1024)
        )));
    }
    let file: DraftFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let message = e.message().trim().replace('\n', "; ");
        DraftError(match line {
            Some(line) => format!("line {line}: {message}"),
            None => message,
        })
    })?;
    if file.format > DRAFT_FORMAT {
        return Err(DraftError(format!(
            "it was written by a newer Afterword (format {})",
            file.format
        )));
    }
    let time = |what: &str, text: &str| {
        DateTime::parse_from_rfc3339(text)
            .map_err(|_| DraftError(format!("its `{what}` is not a date-time: {text}")))
    };
    let client = ClientCode::new(&file.client).map_err(|e| DraftError(e.to_string()))?;
    let modality: Modality = file
        .modality
        .parse()
        .map_err(|e: crate::entry::ModalityError| DraftError(e.to_string()))?;
    if !file.end.complete {
        return Err(DraftError("it is marked incomplete".into()));
    }
    let mut answers = Answers::new();
    for (id, stored) in file.answers {
        let answer = Answer::from(stored);
        if let Answer::Decimal(x) = answer
            && !x.is_finite()
        {
            return Err(DraftError(format!(
                "the answer to `{id}` is not a finite number"
            )));
        }
        answers.insert(id, answer);
    }
    Ok(Draft {
        id: id.to_string(),
        pack: file.pack,
        facts: SessionFacts {
            client,
            session: file.session,
            modality,
            date: time("date", &file.date)?,
        },
        answers,
        added_tags: file.added_tags,
        removed_tags: file.removed_tags,
        flag_choice: file.flagged,
        position: Position {
            prompt: file.prompt,
            review: file.review,
            cursor: file.cursor.map(|[r, c]| (r, c)),
        },
        created: time("created", &file.created)?,
        updated: time("updated", &file.updated)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn sample() -> Draft {
        let at = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 21, 14, 30, 0)
            .unwrap();
        let mut answers = Answers::new();
        answers.insert("bond".into(), Answer::Integer(7));
        answers.insert(
            "note".into(),
            Answer::Text("line\n\"quoted\"\n日本 🙂\n---".into()),
        );
        answers.insert(
            "patterns".into(),
            Answer::Choices {
                ids: vec!["warm".into(), "other".into()],
                other: Some("x".into()),
            },
        );
        answers.insert("hours".into(), Answer::Decimal(2.5));
        answers.insert("any".into(), Answer::Bool(false));
        answers.insert(
            "one".into(),
            Answer::Choice {
                id: "a".into(),
                other: None,
            },
        );
        Draft {
            id: "20261121-143000-post-session".into(),
            pack: "post-session".into(),
            facts: SessionFacts {
                client: ClientCode::new("A-17").unwrap(),
                session: 3,
                modality: Modality::Couple,
                date: at,
            },
            answers,
            added_tags: vec!["mine".into()],
            removed_tags: vec![],
            flag_choice: Some(true),
            position: Position {
                prompt: "note".into(),
                review: false,
                cursor: Some((1, 4)),
            },
            created: at,
            updated: at + chrono::Duration::milliseconds(1500),
        }
    }

    #[test]
    fn a_draft_reads_back_identically() {
        let draft = sample();
        let text = write_draft(&draft);
        assert_eq!(parse_draft(&draft.id, &text).unwrap(), draft, "{text}");
    }

    #[test]
    fn damaged_drafts_say_what_is_wrong() {
        let text = write_draft(&sample());
        // Every cut that loses more than the final line break is caught.
        let whole = text.trim_end().len();
        for end in (0..whole).filter(|&i| text.is_char_boundary(i)) {
            assert!(
                parse_draft("x", &text[..end]).is_err(),
                "cut at {end}:\n{}",
                &text[..end]
            );
        }
        let err = parse_draft("x", "format = 1\npack = 3\n").unwrap_err();
        assert!(err.0.contains("line 2"), "{err}");
        let newer = text.replace("format = 1", "format = 99");
        assert!(
            parse_draft("x", &newer)
                .unwrap_err()
                .0
                .contains("newer Afterword")
        );
    }
}
