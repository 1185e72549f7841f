//! The journal on screen: the list with its filters and live search, and
//! the reader for one entry.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::input::{self, Editor};
use crate::dates::parse_day;
use crate::entry::{Entry, clean_tag};
use crate::journal::{Filter, Index, Summary, TextStore};
use crate::search::Query;

/// Which filter is being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Search,
    Client,
    Pack,
    Tag,
    Dates,
}

impl FilterField {
    pub fn label(self) -> &'static str {
        match self {
            FilterField::Search => "search",
            FilterField::Client => "client",
            FilterField::Pack => "pack",
            FilterField::Tag => "tag",
            FilterField::Dates => "dates (since..until)",
        }
    }
}

/// What a key in the list asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowseStep {
    Stay,
    Open(PathBuf),
    Back,
}

pub struct Browser {
    pub index: Index,
    /// Loaded in the background when the list opens; searching waits for it.
    pub text: Option<Arc<TextStore>>,
    pub filter: Filter,
    /// Indexes into `index.entries` that pass the filter, newest first.
    pub shown: Vec<usize>,
    pub cursor: usize,
    pub input: Option<(FilterField, Editor)>,
    pub input_error: Option<String>,
    /// The search as typed (the filter holds it folded).
    pub search: String,
}

impl Browser {
    pub fn new(index: Index) -> Browser {
        let mut browser = Browser {
            index,
            text: None,
            filter: Filter::default(),
            shown: Vec::new(),
            cursor: 0,
            input: None,
            input_error: None,
            search: String::new(),
        };
        browser.refilter();
        browser
    }

    pub fn selected(&self) -> Option<&Summary> {
        self.shown.get(self.cursor).map(|&i| &self.index.entries[i])
    }

    /// Whether a search waits for the text to load.
    pub fn searching(&self) -> bool {
        self.filter.query.is_some() && self.text.is_none()
    }

    /// Applies the filter, keeping the cursor on the same entry when it
    /// is still shown.
    pub fn refilter(&mut self) {
        let keep = self.selected().map(|s| s.path.clone());
        self.show(keep);
    }

    /// Recomputes the shown entries and puts the cursor on `keep` if it is
    /// among them (else on the first).
    fn show(&mut self, keep: Option<PathBuf>) {
        let text = self.text.as_deref();
        self.shown = self
            .index
            .entries
            .iter()
            .enumerate()
            .filter(|(_, s)| self.filter.matches(s, text))
            .map(|(i, _)| i)
            .collect();
        self.cursor = keep
            .and_then(|p| {
                self.shown
                    .iter()
                    .position(|&i| self.index.entries[i].path == p)
            })
            .unwrap_or(0);
    }

    /// A fresh index for an open list: filters and search are kept; the
    /// text for searching is loaded again with it.
    pub fn reload(&mut self, index: Index) {
        let keep = self.selected().map(|s| s.path.clone());
        self.index = index;
        self.text = None;
        self.input = None;
        self.show(keep);
    }

    /// The text for searching arrives with its own index (as fresh or
    /// fresher than the list's): both are taken, the cursor stays put.
    pub fn set_text(&mut self, index: Index, text: Arc<TextStore>) {
        let keep = self.selected().map(|s| s.path.clone());
        self.index = index;
        self.text = Some(text);
        self.show(keep);
    }

    /// Updates the list after an entry was rewritten (flag, tags, answers).
    /// `path` is relative to the journal, as in the index.
    pub fn updated(&mut self, path: &std::path::Path, entry: &Entry) {
        if let Some(s) = self.index.entries.iter_mut().find(|s| s.path == path) {
            s.flagged = entry.flagged;
            s.tags.clone_from(&entry.tags);
        }
        self.refilter();
    }

    fn start_input(&mut self, field: FilterField) {
        let current = match field {
            FilterField::Search => self.search.clone(),
            FilterField::Client => self.filter.client.clone().unwrap_or_default(),
            FilterField::Pack => self.filter.pack.clone().unwrap_or_default(),
            FilterField::Tag => self.filter.tags.join(" "),
            FilterField::Dates => match (self.filter.since, self.filter.until) {
                (None, None) => String::new(),
                (s, u) => format!(
                    "{}..{}",
                    s.map(|d| d.to_string()).unwrap_or_default(),
                    u.map(|d| d.to_string()).unwrap_or_default()
                ),
            },
        };
        self.input = Some((field, input::editor(&current, false)));
        self.input_error = None;
    }

    /// Applies what is typed in a filter field. The search applies at
    /// every key; the others when Enter is pressed.
    fn apply_input(&mut self, today: NaiveDate) -> bool {
        let Some((field, editor)) = &self.input else {
            return true;
        };
        let text = input::text(editor);
        let text = text.trim();
        let value = (!text.is_empty()).then(|| text.to_string());
        match field {
            FilterField::Search => {
                self.search = text.to_string();
                self.filter.query = Query::new(text);
            }
            FilterField::Client => self.filter.client = value,
            FilterField::Pack => self.filter.pack = value.map(|v| v.to_lowercase()),
            FilterField::Tag => {
                self.filter.tags = text.split([' ', ',']).filter_map(clean_tag).collect();
            }
            FilterField::Dates => match parse_range(text, today) {
                Ok((since, until)) => {
                    self.filter.since = since;
                    self.filter.until = until;
                }
                Err(message) => {
                    self.input_error = Some(message);
                    return false;
                }
            },
        }
        self.refilter();
        true
    }

    pub fn paste(&mut self, text: &str, today: NaiveDate) {
        if let Some((field, editor)) = &mut self.input {
            input::paste(editor, text, false);
            if *field == FilterField::Search {
                self.apply_input(today);
            }
        }
    }

    pub fn typing(&self) -> bool {
        self.input.is_some()
    }

    pub fn key(&mut self, key: KeyEvent, today: NaiveDate) -> BrowseStep {
        if let Some((field, editor)) = &mut self.input {
            let field = *field;
            match key.code {
                KeyCode::Enter => {
                    if self.apply_input(today) {
                        self.input = None;
                    }
                }
                KeyCode::Esc => {
                    // Esc in an empty search clears it; otherwise it keeps
                    // what was typed and leaves the field.
                    if field == FilterField::Search {
                        self.apply_input(today);
                    }
                    self.input = None;
                    self.input_error = None;
                }
                KeyCode::Up | KeyCode::Down => {
                    self.input = None;
                    return self.key(key, today);
                }
                _ => {
                    if input::edit(editor, key, false) && field == FilterField::Search {
                        self.apply_input(today);
                    }
                }
            }
            return BrowseStep::Stay;
        }
        let last = self.shown.len().saturating_sub(1);
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.cursor = (self.cursor + 1).min(last),
            KeyCode::PageUp => self.cursor = self.cursor.saturating_sub(10),
            KeyCode::PageDown => self.cursor = (self.cursor + 10).min(last),
            KeyCode::Home | KeyCode::Char('g') => self.cursor = 0,
            KeyCode::End | KeyCode::Char('G') => self.cursor = last,
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => {
                if let Some(s) = self.selected() {
                    return BrowseStep::Open(s.path.clone());
                }
            }
            KeyCode::Char('/') | KeyCode::Char('s') => self.start_input(FilterField::Search),
            KeyCode::Char('c') => self.start_input(FilterField::Client),
            KeyCode::Char('p') => self.start_input(FilterField::Pack),
            KeyCode::Char('t') => self.start_input(FilterField::Tag),
            KeyCode::Char('d') => self.start_input(FilterField::Dates),
            KeyCode::Char('f') => {
                self.filter.flagged = !self.filter.flagged;
                self.refilter();
            }
            KeyCode::Char('x') | KeyCode::Backspace => {
                self.filter = Filter::default();
                self.search.clear();
                self.refilter();
            }
            KeyCode::Esc | KeyCode::Left | KeyCode::Char('h') => return BrowseStep::Back,
            _ => {}
        }
        BrowseStep::Stay
    }
}

/// `since..until`, either side optional, each side a day as `--since`
/// takes it; a single day means that day only.
pub fn parse_range(
    text: &str,
    today: NaiveDate,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok((None, None));
    }
    let side = |s: &str| -> Result<Option<NaiveDate>, String> {
        let s = s.trim();
        if s.is_empty() {
            Ok(None)
        } else {
            parse_day(s, today).map(Some)
        }
    };
    match text.split_once("..") {
        Some((since, until)) => Ok((side(since)?, side(until)?)),
        None => {
            let day = side(text)?;
            Ok((day, day))
        }
    }
}

/// One entry being read.
pub struct Reader {
    pub path: PathBuf,
    pub entry: Entry,
    pub scroll: usize,
    pub tag_input: Option<Editor>,
}
