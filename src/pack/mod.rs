//! Prompt packs: what a reflection asks, in which order, and when.
//!
//! A pack is written in TOML (see `docs/packs.md`); [`load`] turns the text
//! into a [`Pack`] or into every [`Problem`] found in it.

mod builtin;
mod library;
mod load;
mod problem;
pub(crate) mod source;

use std::collections::BTreeMap;

use crate::answer::Answer;

pub use builtin::BUILT_IN;
pub use library::{Library, LoadedPack, Origin, read_pack_file};
pub use load::{MAX_PACK_BYTES, parse_pack, suggest as suggest_id};
pub use problem::{FileProblems, Problem};

/// The pack a new reflection starts with unless the user picks another.
pub const DEFAULT_PACK: &str = "post-session";

#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub description: String,
    pub version: u32,
    pub minutes: u32,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub guidance: Option<String>,
    pub prompts: Vec<Prompt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub id: String,
    pub question: String,
    pub guidance: Option<String>,
    pub required: bool,
    pub kind: Kind,
    pub show_if: Option<Condition>,
    /// Worth charting over time ("reflection ratings").
    pub chart: bool,
    pub tags: Vec<TagRule>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    LongText,
    ShortText,
    Scale {
        min: i64,
        max: i64,
        low: Option<String>,
        high: Option<String>,
    },
    SingleChoice {
        options: Vec<ChoiceOption>,
        other: Option<String>,
    },
    MultiChoice {
        options: Vec<ChoiceOption>,
        other: Option<String>,
    },
    YesNo,
    Number {
        min: Option<f64>,
        max: Option<f64>,
        unit: Option<String>,
    },
}

impl Kind {
    /// The name used for this kind in pack files.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::LongText => "long-text",
            Kind::ShortText => "short-text",
            Kind::Scale { .. } => "scale",
            Kind::SingleChoice { .. } => "single-choice",
            Kind::MultiChoice { .. } => "multi-choice",
            Kind::YesNo => "yes-no",
            Kind::Number { .. } => "number",
        }
    }

    pub fn options(&self) -> &[ChoiceOption] {
        match self {
            Kind::SingleChoice { options, .. } | Kind::MultiChoice { options, .. } => options,
            _ => &[],
        }
    }

    /// The label of the "other" choice, when the pack offers one.
    pub fn other_label(&self) -> Option<&str> {
        match self {
            Kind::SingleChoice { other, .. } | Kind::MultiChoice { other, .. } => other.as_deref(),
            _ => None,
        }
    }

    pub fn is_text(&self) -> bool {
        matches!(self, Kind::LongText | Kind::ShortText)
    }

    /// What to show for a chosen option id: its label, the "other" label,
    /// or the id itself when the pack does not know it (edited by hand, or
    /// a pack that changed since).
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        if id == crate::answer::OTHER
            && let Some(other) = self.other_label()
        {
            return other;
        }
        self.options()
            .iter()
            .find(|o| o.id == id)
            .map_or(id, |o| o.label.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
}

/// Show a prompt only when an earlier prompt's answer passes a test.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub prompt: String,
    pub test: Test,
}

/// Add a tag to the entry when this prompt's own answer passes a test.
#[derive(Debug, Clone, PartialEq)]
pub struct TagRule {
    pub tag: String,
    pub test: Test,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Equals(Value),
    OneOf(Vec<Value>),
    AtLeast(f64),
    AtMost(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl Value {
    fn matches(&self, answer: &Answer) -> bool {
        match (self, answer) {
            (Value::Bool(want), Answer::Bool(got)) => want == got,
            (Value::Number(want), _) => answer.as_number() == Some(*want),
            (Value::Text(want), _) => answer.chosen().iter().any(|id| id == want),
            _ => false,
        }
    }
}

impl Test {
    pub fn matches(&self, answer: &Answer) -> bool {
        match self {
            Test::Equals(value) => value.matches(answer),
            Test::OneOf(values) => values.iter().any(|v| v.matches(answer)),
            Test::AtLeast(bound) => answer.as_number().is_some_and(|n| n >= *bound),
            Test::AtMost(bound) => answer.as_number().is_some_and(|n| n <= *bound),
        }
    }
}

/// Answers keyed by prompt id.
pub type Answers = BTreeMap<String, Answer>;

impl Pack {
    pub fn prompts(&self) -> impl Iterator<Item = (&Section, &Prompt)> {
        self.sections
            .iter()
            .flat_map(|s| s.prompts.iter().map(move |p| (s, p)))
    }

    pub fn prompt_count(&self) -> usize {
        self.sections.iter().map(|s| s.prompts.len()).sum()
    }

    pub fn prompt(&self, id: &str) -> Option<&Prompt> {
        self.prompts().map(|(_, p)| p).find(|p| p.id == id)
    }

    /// The prompts to ask given the answers so far, in order. A prompt whose
    /// condition looks at a hidden prompt is hidden too: answers kept for a
    /// hidden prompt never open its follow-ups.
    pub fn visible<'p>(&'p self, answers: &Answers) -> Vec<(&'p Section, &'p Prompt)> {
        let mut shown: Vec<(&Section, &Prompt)> = Vec::new();
        for (section, prompt) in self.prompts() {
            let visible = match &prompt.show_if {
                None => true,
                Some(cond) => {
                    shown.iter().any(|(_, p)| p.id == cond.prompt)
                        && answers
                            .get(&cond.prompt)
                            .is_some_and(|a| cond.test.matches(a))
                }
            };
            if visible {
                shown.push((section, prompt));
            }
        }
        shown
    }

    /// The answers that belong in an entry: those of visible prompts only.
    pub fn kept_answers(&self, answers: &Answers) -> Answers {
        self.visible(answers)
            .into_iter()
            .filter_map(|(_, p)| answers.get(&p.id).map(|a| (p.id.clone(), a.clone())))
            .collect()
    }

    /// Tags that the visible answers add, in pack order, without repeats.
    pub fn tags_for(&self, answers: &Answers) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for (_, prompt) in self.visible(answers) {
            let Some(answer) = answers.get(&prompt.id) else {
                continue;
            };
            for rule in &prompt.tags {
                if rule.test.matches(answer) && !tags.contains(&rule.tag) {
                    tags.push(rule.tag.clone());
                }
            }
        }
        tags
    }

    /// Required prompts that are visible and still unanswered.
    pub fn missing_required(&self, answers: &Answers) -> Vec<&Prompt> {
        self.visible(answers)
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| p.required && !answers.contains_key(&p.id))
            .collect()
    }
}

/// Whether `id` is a valid pack, section, prompt or option id.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yes_no(id: &str) -> Prompt {
        Prompt {
            id: id.into(),
            question: "?".into(),
            guidance: None,
            required: false,
            kind: Kind::YesNo,
            show_if: None,
            chart: false,
            tags: vec![TagRule {
                tag: format!("{id}-yes"),
                test: Test::Equals(Value::Bool(true)),
            }],
        }
    }

    fn gated(id: &str, on: &str) -> Prompt {
        Prompt {
            show_if: Some(Condition {
                prompt: on.into(),
                test: Test::Equals(Value::Bool(true)),
            }),
            ..yes_no(id)
        }
    }

    fn pack() -> Pack {
        Pack {
            id: "p".into(),
            title: "P".into(),
            description: String::new(),
            version: 1,
            minutes: 1,
            sections: vec![Section {
                id: "s".into(),
                title: "S".into(),
                guidance: None,
                prompts: vec![yes_no("a"), gated("b", "a"), gated("c", "b")],
            }],
        }
    }

    fn ids(pack: &Pack, answers: &Answers) -> Vec<String> {
        pack.visible(answers)
            .iter()
            .map(|(_, p)| p.id.clone())
            .collect()
    }

    #[test]
    fn conditions_open_and_close_follow_ups_in_a_chain() {
        let pack = pack();
        let mut answers = Answers::new();
        assert_eq!(ids(&pack, &answers), ["a"]);
        answers.insert("a".into(), Answer::Bool(true));
        assert_eq!(ids(&pack, &answers), ["a", "b"]);
        answers.insert("b".into(), Answer::Bool(true));
        assert_eq!(ids(&pack, &answers), ["a", "b", "c"]);
        // Closing the first hides the whole chain, even though b keeps its answer.
        answers.insert("a".into(), Answer::Bool(false));
        assert_eq!(ids(&pack, &answers), ["a"]);
        assert_eq!(pack.kept_answers(&answers).len(), 1);
        assert!(pack.tags_for(&answers).is_empty());
    }

    #[test]
    fn tags_come_from_visible_answers_only_once() {
        let pack = pack();
        let mut answers = Answers::new();
        answers.insert("a".into(), Answer::Bool(true));
        answers.insert("b".into(), Answer::Bool(false));
        assert_eq!(pack.tags_for(&answers), ["a-yes"]);
    }

    #[test]
    fn tests_compare_numbers_and_choices() {
        let at_least = Test::AtLeast(7.0);
        assert!(at_least.matches(&Answer::Integer(7)));
        assert!(!at_least.matches(&Answer::Integer(6)));
        assert!(!at_least.matches(&Answer::Bool(true)));
        let one_of = Test::OneOf(vec![Value::Text("x".into()), Value::Text("y".into())]);
        let chosen = Answer::Choices {
            ids: vec!["z".into(), "y".into()],
            other: None,
        };
        assert!(one_of.matches(&chosen));
        assert!(Test::Equals(Value::Number(2.5)).matches(&Answer::Decimal(2.5)));
    }

    #[test]
    fn ids_are_lowercase_kebab() {
        assert!(is_valid_id("post-session"));
        assert!(is_valid_id("9a"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("Post"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id(""));
    }
}

#[cfg(test)]
mod built_in_tests {
    use super::*;

    #[test]
    fn every_built_in_pack_loads() {
        let library = Library::built_in();
        let report: Vec<String> = library.problems.iter().map(|p| p.to_string()).collect();
        assert!(report.is_empty(), "{}", report.join("\n"));
        assert_eq!(library.packs.len(), 9);
        assert_eq!(library.packs[library.default_index()].pack.id, DEFAULT_PACK);
        for (name, _) in BUILT_IN {
            let id = name.trim_end_matches(".toml");
            assert!(library.get(id).is_some(), "{id} loads under its file name");
        }
    }
}
