//! The reflection in progress on screen: which prompt is shown, the
//! editing state of each prompt, and what keys do to answers.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::CursorMove;

use super::input::{self, Editor};
use crate::answer::{Answer, OTHER};
use crate::journal::Position;
use crate::pack::{Kind, Prompt};
use crate::reflection::Reflection;

/// Editing state of one prompt, kept while moving between prompts so that
/// undo history and cursors survive.
pub enum Widget {
    Text(Editor),
    Scale {
        /// The digit just typed, so that "1" then "0" gives 10.
        pending: Option<i64>,
    },
    Choice {
        cursor: usize,
        other: Editor,
        editing_other: bool,
    },
    YesNo,
    Number {
        input: Editor,
        error: Option<String>,
    },
}

/// What a key on a prompt asks the flow to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Stay,
    Next,
}

pub struct Flow {
    pub reflection: Reflection,
    /// Id of the prompt on screen.
    pub current: String,
    pub widgets: HashMap<String, Widget>,
    /// Editing one prompt from the review screen: leaving it returns there.
    pub from_review: bool,
    pub review_cursor: usize,
    pub tag_input: Option<Editor>,
    /// The session number still waits for the journal's history.
    pub session_from_history: bool,
    /// The draft this reflection is saved as, once it has been.
    pub draft_id: Option<String>,
    /// Changing a saved entry: its path in the journal, and the front-matter
    /// keys Afterword does not know, to keep them.
    pub amending: Option<(std::path::PathBuf, Vec<(String, String)>)>,
    pub started: DateTime<FixedOffset>,
}

impl Flow {
    pub fn new(reflection: Reflection, started: DateTime<FixedOffset>) -> Flow {
        let current = reflection
            .visible_ids()
            .into_iter()
            .next()
            .unwrap_or_default();
        let mut flow = Flow {
            reflection,
            current,
            widgets: HashMap::new(),
            from_review: false,
            review_cursor: 0,
            tag_input: None,
            session_from_history: false,
            draft_id: None,
            amending: None,
            started,
        };
        flow.ensure_widget();
        flow
    }

    /// A flow taken up from a draft, at the prompt and cursor it was left.
    pub fn resume(
        reflection: Reflection,
        draft_id: &str,
        started: DateTime<FixedOffset>,
        position: &Position,
    ) -> Flow {
        let mut flow = Flow::new(reflection, started);
        flow.draft_id = Some(draft_id.to_string());
        let ids = flow.reflection.visible_ids();
        if ids.contains(&position.prompt) {
            flow.go_to(&position.prompt);
        }
        if let (Some((row, col)), Some(Widget::Text(editor))) =
            (position.cursor, flow.widgets.get_mut(&flow.current))
        {
            let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
            editor.move_cursor(CursorMove::Jump(clamp(row), clamp(col)));
        }
        flow
    }

    /// Where the user is, for the draft.
    pub fn position(&self, review: bool) -> Position {
        let cursor = match self.widgets.get(&self.current) {
            Some(Widget::Text(editor)) => {
                let c = editor.cursor();
                Some((c.0, c.1))
            }
            _ => None,
        };
        Position {
            prompt: self.current.clone(),
            review,
            cursor,
        }
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        self.reflection.prompt(&self.current)
    }

    /// (1-based position, total) among the prompts shown now.
    pub fn progress(&self) -> (usize, usize) {
        let ids = self.reflection.visible_ids();
        let index = ids.iter().position(|id| *id == self.current).unwrap_or(0);
        (index + 1, ids.len())
    }

    pub fn go_to(&mut self, id: &str) {
        self.current = id.to_string();
        self.ensure_widget();
    }

    /// Moves to the next shown prompt. `Err` carries why the current one
    /// cannot be left (a required prompt without an answer); `Ok(false)`
    /// means there is no next prompt.
    pub fn next(&mut self) -> Result<bool, String> {
        if let Some(prompt) = self.prompt()
            && prompt.required
            && !self.reflection.answers.contains_key(&prompt.id)
        {
            return Err(
                "This prompt is required by the pack, so it cannot be skipped: write a short answer to go on."
                    .into(),
            );
        }
        let ids = self.reflection.visible_ids();
        let index = ids.iter().position(|id| *id == self.current);
        match index.and_then(|i| ids.get(i + 1)) {
            Some(next) => {
                let next = next.clone();
                self.go_to(&next);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Moves to the previous shown prompt; `false` at the first.
    pub fn previous(&mut self) -> bool {
        let ids = self.reflection.visible_ids();
        let index = ids.iter().position(|id| *id == self.current).unwrap_or(0);
        if index == 0 {
            return false;
        }
        let previous = ids[index - 1].clone();
        self.go_to(&previous);
        true
    }

    fn ensure_widget(&mut self) {
        let Some(prompt) = self.reflection.prompt(&self.current) else {
            return;
        };
        let answer = self.reflection.answers.get(&prompt.id);
        let widget = match &prompt.kind {
            Kind::LongText | Kind::ShortText => {
                let text = match answer {
                    Some(Answer::Text(t)) => t.as_str(),
                    _ => "",
                };
                let multi_line = prompt.kind == Kind::LongText;
                let mut editor = input::editor(text, multi_line);
                editor.set_placeholder_text(if multi_line {
                    "Write freely. Enter starts a new line; Tab goes to the next prompt."
                } else {
                    "A few words. Enter goes on."
                });
                Widget::Text(editor)
            }
            Kind::Scale { .. } => Widget::Scale { pending: None },
            Kind::YesNo => Widget::YesNo,
            Kind::SingleChoice { .. } | Kind::MultiChoice { .. } => {
                let first_chosen = answer
                    .and_then(|a| a.chosen().first())
                    .and_then(|id| choice_ids(&prompt.kind).iter().position(|o| o == id))
                    .unwrap_or(0);
                Widget::Choice {
                    cursor: first_chosen,
                    other: input::editor(answer.and_then(Answer::other_text).unwrap_or(""), false),
                    editing_other: false,
                }
            }
            Kind::Number { .. } => {
                let text = answer
                    .and_then(Answer::as_number)
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                Widget::Number {
                    input: input::editor(&text, false),
                    error: None,
                }
            }
        };
        self.widgets.entry(prompt.id.clone()).or_insert(widget);
    }

    /// Whether keys on the current prompt type text (so `?`, `j`, `k` are
    /// letters there, not commands).
    pub fn typing(&self) -> bool {
        match self.widgets.get(&self.current) {
            Some(Widget::Text(_) | Widget::Number { .. }) => true,
            Some(Widget::Choice { editing_other, .. }) => *editing_other,
            _ => false,
        }
    }

    /// Leaves the "other" text field of a choice, if it is being edited.
    pub fn stop_editing_other(&mut self) -> bool {
        if let Some(Widget::Choice { editing_other, .. }) = self.widgets.get_mut(&self.current)
            && *editing_other
        {
            *editing_other = false;
            return true;
        }
        false
    }

    pub fn paste(&mut self, text: &str) {
        let Some(prompt) = self.reflection.prompt(&self.current).cloned() else {
            return;
        };
        let changed = match self.widgets.get_mut(&prompt.id) {
            Some(Widget::Text(editor)) => input::paste(editor, text, prompt.kind == Kind::LongText),
            Some(Widget::Number { input: editor, .. }) => input::paste(editor, text, false),
            Some(Widget::Choice {
                other,
                editing_other: true,
                ..
            }) => input::paste(other, text, false),
            _ => false,
        };
        if changed {
            self.sync(&prompt);
        }
    }

    /// Applies a key to the current prompt's answer.
    pub fn key(&mut self, key: KeyEvent) -> Step {
        let Some(prompt) = self.reflection.prompt(&self.current).cloned() else {
            return Step::Stay;
        };
        let step = match &prompt.kind {
            Kind::LongText | Kind::ShortText => self.text_key(&prompt, key),
            Kind::Scale { min, max, .. } => self.scale_key(&prompt, *min, *max, key),
            Kind::YesNo => self.yes_no_key(&prompt, key),
            Kind::SingleChoice { .. } | Kind::MultiChoice { .. } => self.choice_key(&prompt, key),
            Kind::Number { .. } => self.number_key(&prompt, key),
        };
        self.sync(&prompt);
        step
    }

    fn text_key(&mut self, prompt: &Prompt, key: KeyEvent) -> Step {
        let multi_line = prompt.kind == Kind::LongText;
        if !multi_line && key.code == KeyCode::Enter {
            return Step::Next;
        }
        if let Some(Widget::Text(editor)) = self.widgets.get_mut(&prompt.id) {
            input::edit(editor, key, multi_line);
        }
        Step::Stay
    }

    fn scale_key(&mut self, prompt: &Prompt, min: i64, max: i64, key: KeyEvent) -> Step {
        let current = self
            .reflection
            .answers
            .get(&prompt.id)
            .and_then(|a| match a {
                Answer::Integer(n) => Some(*n),
                _ => None,
            });
        let Some(Widget::Scale { pending }) = self.widgets.get_mut(&prompt.id) else {
            return Step::Stay;
        };
        let start = (min + max) / 2;
        let value = match key.code {
            KeyCode::Left | KeyCode::Char('h') | KeyCode::Down | KeyCode::Char('j') => {
                Some(current.map_or(start, |n| (n - 1).max(min)))
            }
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Up | KeyCode::Char('k') => {
                Some(current.map_or(start, |n| (n + 1).min(max)))
            }
            KeyCode::Home => Some(min),
            KeyCode::End => Some(max),
            KeyCode::Char(c @ '0'..='9') => {
                let digit = i64::from(c as u8 - b'0');
                let combined = pending.map(|p| p * 10 + digit);
                let value = match combined {
                    Some(n) if n >= min && n <= max => n,
                    _ => digit,
                };
                if value >= min && value <= max {
                    *pending = Some(value);
                    Some(value)
                } else {
                    *pending = None;
                    None
                }
            }
            KeyCode::Backspace | KeyCode::Delete => {
                *pending = None;
                self.reflection.set_answer(&prompt.id, None);
                return Step::Stay;
            }
            KeyCode::Enter => return Step::Next,
            _ => None,
        };
        if !matches!(key.code, KeyCode::Char('0'..='9')) {
            *pending = None;
        }
        if let Some(value) = value {
            self.reflection
                .set_answer(&prompt.id, Some(Answer::Integer(value)));
        }
        Step::Stay
    }

    fn yes_no_key(&mut self, prompt: &Prompt, key: KeyEvent) -> Step {
        let current = match self.reflection.answers.get(&prompt.id) {
            Some(Answer::Bool(b)) => Some(*b),
            _ => None,
        };
        let value = match key.code {
            KeyCode::Char('y' | 'Y') => Some(true),
            KeyCode::Char('n' | 'N') => Some(false),
            KeyCode::Left | KeyCode::Char('h') => Some(true),
            KeyCode::Right | KeyCode::Char('l') => Some(false),
            KeyCode::Char(' ') | KeyCode::Up | KeyCode::Down | KeyCode::Char('j' | 'k') => {
                Some(!current.unwrap_or(false))
            }
            KeyCode::Backspace | KeyCode::Delete => {
                self.reflection.set_answer(&prompt.id, None);
                return Step::Stay;
            }
            KeyCode::Enter => {
                return if current.is_some() {
                    Step::Next
                } else {
                    Step::Stay
                };
            }
            _ => None,
        };
        if let Some(value) = value {
            self.reflection
                .set_answer(&prompt.id, Some(Answer::Bool(value)));
            // y and n answer and move on: the quickest path through a pack.
            if matches!(key.code, KeyCode::Char('y' | 'Y' | 'n' | 'N')) {
                return Step::Next;
            }
        }
        Step::Stay
    }

    fn choice_key(&mut self, prompt: &Prompt, key: KeyEvent) -> Step {
        let ids = choice_ids(&prompt.kind);
        let multiple = matches!(prompt.kind, Kind::MultiChoice { .. });
        let mut chosen: Vec<String> = self
            .reflection
            .answers
            .get(&prompt.id)
            .map(|a| a.chosen().to_vec())
            .unwrap_or_default();
        let Some(Widget::Choice {
            cursor,
            other,
            editing_other,
        }) = self.widgets.get_mut(&prompt.id)
        else {
            return Step::Stay;
        };
        if *editing_other {
            match key.code {
                KeyCode::Enter | KeyCode::Esc => *editing_other = false,
                _ => {
                    input::edit(other, key, false);
                }
            }
            return Step::Stay;
        }
        let toggle = |chosen: &mut Vec<String>, id: &str| {
            if let Some(i) = chosen.iter().position(|c| c == id) {
                chosen.remove(i);
            } else if multiple {
                chosen.push(id.to_string());
            } else {
                *chosen = vec![id.to_string()];
            }
        };
        let last = ids.len().saturating_sub(1);
        let mut step = Step::Stay;
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => *cursor = cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => *cursor = (*cursor + 1).min(last),
            KeyCode::Home | KeyCode::Char('g') => *cursor = 0,
            KeyCode::End | KeyCode::Char('G') => *cursor = last,
            KeyCode::Char(c @ '1'..='9') => {
                let index = usize::from(c as u8 - b'1');
                if index <= last {
                    *cursor = index;
                    toggle(&mut chosen, &ids[index]);
                }
            }
            KeyCode::Char(' ' | 'x') => toggle(&mut chosen, &ids[*cursor]),
            KeyCode::Enter => {
                let id = &ids[*cursor];
                if multiple {
                    step = Step::Next;
                } else if id == OTHER && input::text(other).trim().is_empty() {
                    chosen = vec![id.clone()];
                } else {
                    chosen = vec![id.clone()];
                    step = Step::Next;
                }
            }
            KeyCode::Backspace | KeyCode::Delete => chosen.clear(),
            _ => {}
        }
        // Choosing "other" opens its text field straight away.
        let other_newly_chosen =
            ids.get(*cursor).is_some_and(|id| id == OTHER) && chosen.iter().any(|c| c == OTHER);
        if other_newly_chosen
            && matches!(
                key.code,
                KeyCode::Char(' ' | 'x' | '1'..='9') | KeyCode::Enter
            )
            && step == Step::Stay
        {
            *editing_other = true;
        }
        // Keep the pack's order, whatever order things were chosen in.
        chosen.sort_by_key(|c| ids.iter().position(|i| i == c));
        let other_text = crate::answer::normalize_text(&input::text(other));
        let answer = if chosen.is_empty() {
            None
        } else if multiple {
            Some(Answer::Choices {
                other: chosen
                    .iter()
                    .any(|c| c == OTHER)
                    .then_some(other_text)
                    .filter(|t| !t.is_empty()),
                ids: chosen,
            })
        } else {
            let id = chosen.remove(0);
            Some(Answer::Choice {
                other: (id == OTHER)
                    .then_some(other_text)
                    .filter(|t| !t.is_empty()),
                id,
            })
        };
        self.reflection.set_answer(&prompt.id, answer);
        step
    }

    fn number_key(&mut self, prompt: &Prompt, key: KeyEvent) -> Step {
        let Some(Widget::Number { input: editor, .. }) = self.widgets.get_mut(&prompt.id) else {
            return Step::Stay;
        };
        if key.code == KeyCode::Enter {
            return Step::Next;
        }
        input::edit_filtered(editor, key, |c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '-')
        });
        Step::Stay
    }

    /// Copies what a text-like widget holds into the answers.
    fn sync(&mut self, prompt: &Prompt) {
        match (self.widgets.get_mut(&prompt.id), &prompt.kind) {
            (Some(Widget::Text(editor)), _) => {
                let answer = Answer::text(&input::text(editor));
                self.reflection.set_answer(&prompt.id, answer);
            }
            (
                Some(Widget::Number {
                    input: editor,
                    error,
                }),
                Kind::Number { min, max, .. },
            ) => {
                let raw = input::text(editor).trim().replace(',', ".");
                let (answer, problem) = parse_number(&raw, *min, *max);
                *error = problem;
                self.reflection.set_answer(&prompt.id, answer);
            }
            (Some(Widget::Choice { other, .. }), _) => {
                // The other text may have changed while the choice did not.
                let text = crate::answer::normalize_text(&input::text(other));
                let text = (!text.is_empty()).then_some(text);
                if let Some(answer) = self.reflection.answers.get_mut(&prompt.id) {
                    match answer {
                        Answer::Choice { id, other } if id == OTHER => *other = text,
                        Answer::Choices { ids, other } if ids.iter().any(|i| i == OTHER) => {
                            *other = text
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// The option ids of a choice prompt, with `other` last when offered.
pub fn choice_ids(kind: &Kind) -> Vec<String> {
    let mut ids: Vec<String> = kind.options().iter().map(|o| o.id.clone()).collect();
    if kind.other_label().is_some() {
        ids.push(OTHER.to_string());
    }
    ids
}

fn parse_number(raw: &str, min: Option<f64>, max: Option<f64>) -> (Option<Answer>, Option<String>) {
    if raw.is_empty() {
        return (None, None);
    }
    let Some(n) = raw.parse::<f64>().ok().filter(|n| n.is_finite()) else {
        return (None, Some(format!("`{raw}` is not a number")));
    };
    if let Some(lo) = min
        && n < lo
    {
        return (None, Some(format!("at least {lo}")));
    }
    if let Some(hi) = max
        && n > hi
    {
        return (None, Some(format!("at most {hi}")));
    }
    (Some(Answer::Decimal(n)), None)
}

/// Ctrl-key helper for callers.
pub fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}
