//! Narrowing the journal down: by client, pack, tag, dates, the
//! supervision flag and words in the text. Filters combine.

use chrono::NaiveDate;

use super::index::{Summary, TextStore};
use crate::search::Query;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub client: Option<String>,
    pub pack: Option<String>,
    /// Entries carrying every one of these tags.
    pub tags: Vec<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub flagged: bool,
    pub query: Option<Query>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether an entry passes. The text is needed only with a query.
    pub fn matches(&self, entry: &Summary, text: Option<&TextStore>) -> bool {
        let day = entry.date.date_naive();
        self.client
            .as_ref()
            .is_none_or(|c| entry.client.eq_ignore_ascii_case(c))
            && self.pack.as_ref().is_none_or(|p| entry.pack == *p)
            && self.tags.iter().all(|t| entry.tags.contains(t))
            && self.since.is_none_or(|d| day >= d)
            && self.until.is_none_or(|d| day <= d)
            && (!self.flagged || entry.flagged)
            && self
                .query
                .as_ref()
                .is_none_or(|q| text.is_some_and(|t| t.matches(entry, q)))
    }

    /// The filter in words, for the filter line: `client A-17 · tag rupture`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(q) = &self.query {
            parts.push(format!("search {}", q.folded()));
        }
        if let Some(c) = &self.client {
            parts.push(format!("client {c}"));
        }
        if let Some(p) = &self.pack {
            parts.push(format!("pack {p}"));
        }
        for t in &self.tags {
            parts.push(format!("tag {t}"));
        }
        match (self.since, self.until) {
            (Some(s), Some(u)) => parts.push(format!("{s} to {u}")),
            (Some(s), None) => parts.push(format!("since {s}")),
            (None, Some(u)) => parts.push(format!("until {u}")),
            (None, None) => {}
        }
        if self.flagged {
            parts.push("flagged".into());
        }
        parts.join(" · ")
    }
}
