//! A saved reflection: session facts, tags and answers, kept as one Markdown
//! file with YAML front matter (see `docs/entry-format.md`).

mod markdown;
mod yaml;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Timelike};

use crate::answer::{Answer, single_line};
use crate::pack::{Answers, Pack};

pub use markdown::{
    EntryError, Header, MAX_ENTRY_BYTES, parse_entry, parse_front_matter, write_entry,
};

/// The version of the file format this build writes.
pub const SCHEMA: u32 = 1;

/// A client's pseudonym: letters, digits, `-` and `_`, at most 32. Never a
/// name; the key from code to person stays outside Afterword.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientCode(String);

pub const MAX_CLIENT_CODE: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientCodeError {
    #[error("a client code is needed (a pseudonym such as A-17)")]
    Empty,
    #[error("a client code is at most {MAX_CLIENT_CODE} characters")]
    TooLong,
    #[error(
        "`{0}` cannot be used in a client code: use letters, digits, - and _ (a pseudonym such as A-17, never a name)"
    )]
    BadCharacter(char),
}

impl ClientCode {
    pub fn new(code: &str) -> Result<ClientCode, ClientCodeError> {
        if code.is_empty() {
            return Err(ClientCodeError::Empty);
        }
        if let Some(bad) = code
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Err(ClientCodeError::BadCharacter(bad));
        }
        if code.len() > MAX_CLIENT_CODE {
            return Err(ClientCodeError::TooLong);
        }
        Ok(ClientCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Modality {
    #[default]
    Individual,
    Couple,
    Family,
    Group,
}

impl Modality {
    pub const ALL: [Modality; 4] = [
        Modality::Individual,
        Modality::Couple,
        Modality::Family,
        Modality::Group,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Individual => "individual",
            Modality::Couple => "couple",
            Modality::Family => "family",
            Modality::Group => "group",
        }
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a modality; use individual, couple, family or group")]
pub struct ModalityError(pub String);

impl FromStr for Modality {
    type Err = ModalityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Modality::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| ModalityError(s.to_string()))
    }
}

/// Who and when: the facts entered before the prompts.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionFacts {
    pub client: ClientCode,
    pub session: u32,
    pub modality: Modality,
    /// Whole seconds only; see [`whole_seconds`].
    pub date: DateTime<FixedOffset>,
}

/// Drops sub-second precision, which the file does not keep.
pub fn whole_seconds(date: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    date.with_nanosecond(0).unwrap_or(date)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub pack: String,
    pub pack_version: u32,
    pub facts: SessionFacts,
    pub tags: Vec<String>,
    /// Flagged to bring to supervision.
    pub flagged: bool,
    pub title: String,
    pub sections: Vec<EntrySection>,
    /// Front-matter keys Afterword does not know, as the YAML text they were
    /// written in, so that a hand-added key survives a rewrite.
    pub extra: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntrySection {
    pub id: String,
    pub title: String,
    pub responses: Vec<Response>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub prompt: String,
    pub question: String,
    pub answer: Answer,
}

impl Entry {
    /// Builds the entry for a finished reflection: only the answers of
    /// visible prompts, in pack order, grouped by section.
    pub fn from_answers(
        pack: &Pack,
        facts: SessionFacts,
        answers: &Answers,
        tags: Vec<String>,
        flagged: bool,
    ) -> Entry {
        let kept = pack.kept_answers(answers);
        let mut sections: Vec<EntrySection> = Vec::new();
        for (section, prompt) in pack.prompts() {
            let Some(answer) = kept.get(&prompt.id) else {
                continue;
            };
            if sections.last().is_none_or(|s| s.id != section.id) {
                sections.push(EntrySection {
                    id: section.id.clone(),
                    title: single_line(&section.title),
                    responses: Vec::new(),
                });
            }
            if let Some(current) = sections.last_mut() {
                current.responses.push(Response {
                    prompt: prompt.id.clone(),
                    question: single_line(&prompt.question),
                    answer: answer.clone(),
                });
            }
        }
        let facts = SessionFacts {
            date: whole_seconds(facts.date),
            ..facts
        };
        Entry {
            pack: pack.id.clone(),
            pack_version: pack.version,
            title: single_line(&format!(
                "{} — {}",
                pack.title,
                facts.date.format("%Y-%m-%d %H:%M")
            )),
            facts,
            tags,
            flagged,
            sections,
            extra: Vec::new(),
        }
    }

    pub fn responses(&self) -> impl Iterator<Item = &Response> {
        self.sections.iter().flat_map(|s| s.responses.iter())
    }

    pub fn answer(&self, prompt: &str) -> Option<&Answer> {
        self.responses()
            .find(|r| r.prompt == prompt)
            .map(|r| &r.answer)
    }
}

/// Turns what a user typed into a tag: lowercase, spaces to `-`, only
/// letters, digits and `-`. Returns nothing when no usable character is left.
pub fn clean_tag(raw: &str) -> Option<String> {
    let mut tag = String::new();
    for c in raw.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            tag.push(c);
        } else if (c == '-' || c == '_' || c.is_whitespace()) && !tag.ends_with('-') {
            tag.push('-');
        }
    }
    let tag = tag.trim_matches('-').to_string();
    (!tag.is_empty()).then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_codes_are_pseudonyms() {
        assert!(ClientCode::new("A-17").is_ok());
        assert!(ClientCode::new("couple_3").is_ok());
        assert_eq!(ClientCode::new(""), Err(ClientCodeError::Empty));
        assert_eq!(
            ClientCode::new("Jane Doe"),
            Err(ClientCodeError::BadCharacter(' '))
        );
        assert_eq!(
            ClientCode::new("Zoë"),
            Err(ClientCodeError::BadCharacter('ë'))
        );
        assert_eq!(
            ClientCode::new(&"x".repeat(33)),
            Err(ClientCodeError::TooLong)
        );
    }

    #[test]
    fn modalities_parse_from_their_names() {
        for m in Modality::ALL {
            assert_eq!(m.as_str().parse::<Modality>(), Ok(m));
        }
        assert!("solo".parse::<Modality>().is_err());
    }

    #[test]
    fn tags_are_cleaned() {
        assert_eq!(
            clean_tag("  Bring To Supervision "),
            Some("bring-to-supervision".into())
        );
        assert_eq!(clean_tag("a__b--c"), Some("a-b-c".into()));
        assert_eq!(clean_tag(" #! "), None);
    }
}
