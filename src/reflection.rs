//! A reflection in progress: the pack, the session facts and the answers so
//! far. The terminal interface edits one; drafts will store one. It turns
//! into an [`Entry`] when saved.

use chrono::{DateTime, FixedOffset};

use crate::answer::Answer;
use crate::entry::{Entry, SessionFacts, clean_tag};
use crate::journal::{Draft, Position};
use crate::pack::{Answers, Pack, Prompt};

/// The tag that, when an answer adds it, also flags the entry for
/// supervision unless the user says otherwise.
pub const SUPERVISION_TAG: &str = "supervision";

#[derive(Debug, Clone, PartialEq)]
pub struct Reflection {
    pub pack: Pack,
    pub facts: SessionFacts,
    pub answers: Answers,
    /// Tags the user added by hand, and pack tags the user removed.
    pub added_tags: Vec<String>,
    pub removed_tags: Vec<String>,
    /// `None` until the user sets the flag; then their choice wins.
    pub flag_choice: Option<bool>,
}

impl Reflection {
    pub fn new(pack: Pack, facts: SessionFacts) -> Reflection {
        Reflection {
            pack,
            facts,
            answers: Answers::new(),
            added_tags: Vec::new(),
            removed_tags: Vec::new(),
            flag_choice: None,
        }
    }

    /// Ids of the prompts to ask now, in order.
    pub fn visible_ids(&self) -> Vec<String> {
        self.pack
            .visible(&self.answers)
            .into_iter()
            .map(|(_, p)| p.id.clone())
            .collect()
    }

    pub fn prompt(&self, id: &str) -> Option<&Prompt> {
        self.pack.prompt(id)
    }

    /// Sets or clears (with `None`) the answer to a prompt.
    pub fn set_answer(&mut self, id: &str, answer: Option<Answer>) {
        match answer {
            Some(answer) => {
                self.answers.insert(id.to_string(), answer);
            }
            None => {
                self.answers.remove(id);
            }
        }
    }

    pub fn answered_count(&self) -> usize {
        self.pack.kept_answers(&self.answers).len()
    }

    pub fn has_answers(&self) -> bool {
        !self.answers.is_empty()
    }

    /// The entry's tags: what the answers add, less what the user removed,
    /// plus what the user added.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .pack
            .tags_for(&self.answers)
            .into_iter()
            .filter(|t| !self.removed_tags.contains(t))
            .collect();
        for tag in &self.added_tags {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        tags
    }

    /// Replaces the tags with what the user typed (separated by spaces or
    /// commas), remembering which pack tags were removed.
    pub fn set_tags_from_text(&mut self, text: &str) {
        let wanted: Vec<String> =
            text.split([',', ' '])
                .filter_map(clean_tag)
                .fold(Vec::new(), |mut acc, t| {
                    if !acc.contains(&t) {
                        acc.push(t);
                    }
                    acc
                });
        let automatic = self.pack.tags_for(&self.answers);
        self.removed_tags = automatic
            .iter()
            .filter(|t| !wanted.contains(t))
            .cloned()
            .collect();
        self.added_tags = wanted
            .into_iter()
            .filter(|t| !automatic.contains(t))
            .collect();
    }

    pub fn flagged(&self) -> bool {
        self.flag_choice
            .unwrap_or_else(|| self.tags().iter().any(|t| t == SUPERVISION_TAG))
    }

    pub fn toggle_flag(&mut self) {
        self.flag_choice = Some(!self.flagged());
    }

    /// Required prompts that are shown and unanswered.
    pub fn missing_required(&self) -> Vec<&Prompt> {
        self.pack.missing_required(&self.answers)
    }

    /// The draft of this reflection, as it stands.
    pub fn to_draft(
        &self,
        id: &str,
        position: Position,
        created: DateTime<FixedOffset>,
        updated: DateTime<FixedOffset>,
    ) -> Draft {
        Draft {
            id: id.to_string(),
            pack: self.pack.id.clone(),
            facts: self.facts.clone(),
            answers: self.answers.clone(),
            added_tags: self.added_tags.clone(),
            removed_tags: self.removed_tags.clone(),
            flag_choice: self.flag_choice,
            position,
            created,
            updated,
        }
    }

    /// Takes a draft back up with its pack. Answers to prompts the pack no
    /// longer has are kept: they are dropped only when the entry is built.
    pub fn from_draft(draft: &Draft, pack: Pack) -> Reflection {
        Reflection {
            pack,
            facts: draft.facts.clone(),
            answers: draft.answers.clone(),
            added_tags: draft.added_tags.clone(),
            removed_tags: draft.removed_tags.clone(),
            flag_choice: draft.flag_choice,
        }
    }

    pub fn to_entry(&self) -> Entry {
        Entry::from_answers(
            &self.pack,
            self.facts.clone(),
            &self.answers,
            self.tags(),
            self.flagged(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{ClientCode, Modality};
    use crate::pack::Library;
    use chrono::{FixedOffset, TimeZone};

    fn reflection() -> Reflection {
        let pack = Library::built_in()
            .get("post-session")
            .unwrap()
            .pack
            .clone();
        let facts = SessionFacts {
            client: ClientCode::new("A-17").unwrap(),
            session: 3,
            modality: Modality::Individual,
            date: FixedOffset::east_opt(0)
                .unwrap()
                .with_ymd_and_hms(2026, 11, 21, 14, 30, 0)
                .unwrap(),
        };
        Reflection::new(pack, facts)
    }

    #[test]
    fn answers_add_tags_and_the_supervision_tag_flags_the_entry() {
        let mut r = reflection();
        assert!(r.tags().is_empty());
        assert!(!r.flagged());
        r.set_answer("tension", Some(Answer::Bool(true)));
        r.set_answer("supervision", Some(Answer::Bool(true)));
        assert_eq!(r.tags(), ["rupture", "supervision"]);
        assert!(r.flagged());
        r.toggle_flag();
        assert!(!r.flagged(), "the user's choice wins");
    }

    #[test]
    fn edited_tags_remove_and_add() {
        let mut r = reflection();
        r.set_answer("tension", Some(Answer::Bool(true)));
        r.set_tags_from_text("Hard Session, follow-up  follow-up");
        assert_eq!(r.tags(), ["hard", "session", "follow-up"]);
        r.set_tags_from_text("rupture hard-session");
        assert_eq!(r.tags(), ["rupture", "hard-session"]);
        // A removed pack tag stays removed while the answer stays the same.
        r.set_tags_from_text("");
        assert!(r.tags().is_empty());
    }

    #[test]
    fn the_entry_keeps_only_visible_answers() {
        let mut r = reflection();
        r.set_answer("tension", Some(Answer::Bool(true)));
        r.set_answer("tension-note", Answer::text("She went quiet."));
        r.set_answer("tension", Some(Answer::Bool(false)));
        let entry = r.to_entry();
        assert_eq!(entry.answer("tension-note"), None);
        assert_eq!(entry.answer("tension"), Some(&Answer::Bool(false)));
        assert_eq!(r.answered_count(), 1);
    }
}
