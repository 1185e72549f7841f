//! What a therapist answered to one prompt.
//!
//! Answers are typed by their value, not by the prompt that asked for them, so
//! that an entry can be read back without the pack it was written with.

/// One answer. Free text lives in the entry's body; every other variant is a
/// typed value in the front matter.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Long or short free text, normalised by [`normalize_text`].
    Text(String),
    /// A point on a scale.
    Integer(i64),
    /// A number prompt's value (always written with a decimal point).
    Decimal(f64),
    /// Yes (`true`) or no (`false`).
    Bool(bool),
    /// One option chosen; `other` holds the free text when the option is
    /// [`OTHER`].
    Choice { id: String, other: Option<String> },
    /// Several options chosen, in the pack's order.
    Choices {
        ids: Vec<String>,
        other: Option<String>,
    },
}

/// The option id that stands for "something else, in my words".
pub const OTHER: &str = "other";

impl Answer {
    /// Builds a text answer, or nothing when the text is blank.
    pub fn text(raw: &str) -> Option<Answer> {
        let text = normalize_text(raw);
        (!text.is_empty()).then_some(Answer::Text(text))
    }

    /// The numeric value, for scale and number answers.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Answer::Integer(n) => Some(*n as f64),
            Answer::Decimal(n) => Some(*n),
            _ => None,
        }
    }

    /// The chosen option ids, for choice answers.
    pub fn chosen(&self) -> &[String] {
        match self {
            Answer::Choice { id, .. } => std::slice::from_ref(id),
            Answer::Choices { ids, .. } => ids,
            _ => &[],
        }
    }

    /// The "other" text of a choice answer.
    pub fn other_text(&self) -> Option<&str> {
        match self {
            Answer::Choice { other, .. } | Answer::Choices { other, .. } => other.as_deref(),
            _ => None,
        }
    }

    /// Whether this answer is stored in the body rather than the front matter.
    pub fn is_text(&self) -> bool {
        matches!(self, Answer::Text(_))
    }
}

/// The canonical form of a free-text answer: `\n` line ends, no blank lines
/// before the first words and no whitespace after the last. Writing then
/// reading an entry gives back exactly this form.
pub fn normalize_text(raw: &str) -> String {
    let unix = raw.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed_end = unix.trim_end();
    let mut start = 0;
    for line in trimmed_end.split_inclusive('\n') {
        if line.trim().is_empty() && line.ends_with('\n') {
            start += line.len();
        } else {
            break;
        }
    }
    trimmed_end[start..].to_string()
}

/// A single line of text: whitespace runs (including line breaks) become one
/// space. Used for headings, which cannot span lines.
pub fn single_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_leading_blank_lines_and_trailing_space() {
        assert_eq!(
            normalize_text("\n  \n  indented\nnext  \n\n"),
            "  indented\nnext"
        );
        assert_eq!(normalize_text("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(normalize_text(" \n\t\n"), "");
    }

    #[test]
    fn normalize_is_idempotent_on_examples() {
        for s in ["x", "\n\nx\n", "  x", "a\n\n\nb", "### h\n---"] {
            let once = normalize_text(s);
            assert_eq!(normalize_text(&once), once);
        }
    }

    #[test]
    fn blank_text_is_no_answer() {
        assert_eq!(Answer::text("  \n "), None);
        assert_eq!(Answer::text(" hi "), Some(Answer::Text(" hi".into())));
    }

    #[test]
    fn single_line_collapses_whitespace() {
        assert_eq!(single_line("  a \n b\tc "), "a b c");
    }
}
