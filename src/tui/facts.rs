//! The session facts form: client code, session number, modality, date.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::input::{self, Editor};
use crate::entry::{ClientCode, Modality, SessionFacts, whole_seconds};
use crate::journal::ClientHistory;

pub const DATE_FORMAT: &str = "%Y-%m-%d %H:%M";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Client,
    Session,
    Modality,
    Date,
}

impl Field {
    const ORDER: [Field; 4] = [Field::Client, Field::Session, Field::Modality, Field::Date];

    fn step(self, forward: bool) -> Field {
        let i = Field::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Field::ORDER.len();
        Field::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

pub enum FactsStep {
    Stay,
    Back,
    Submit(SessionFacts),
}

pub struct FactsForm {
    /// Index of the chosen pack in the library.
    pub pack: usize,
    pub client: Editor,
    pub session: Editor,
    pub modality: Modality,
    pub date: Editor,
    pub focus: Field,
    pub error: Option<(Field, String)>,
    /// The user typed a session number or chose a modality: history must
    /// not overwrite it.
    session_touched: bool,
    modality_touched: bool,
    offset: FixedOffset,
}

impl FactsForm {
    pub fn new(pack: usize, now: DateTime<FixedOffset>) -> FactsForm {
        FactsForm {
            pack,
            client: input::editor("", false),
            session: input::editor("1", false),
            modality: Modality::Individual,
            date: input::editor(&now.format(DATE_FORMAT).to_string(), false),
            focus: Field::Client,
            error: None,
            session_touched: false,
            modality_touched: false,
            offset: *now.offset(),
        }
    }

    /// A form showing facts already entered (going back from the prompts).
    pub fn from_facts(pack: usize, facts: &SessionFacts) -> FactsForm {
        let mut form = FactsForm::new(pack, facts.date);
        form.client = input::editor(facts.client.as_str(), false);
        form.session = input::editor(&facts.session.to_string(), false);
        form.modality = facts.modality;
        form.session_touched = true;
        form.modality_touched = true;
        form
    }

    pub fn client_text(&self) -> String {
        input::text(&self.client)
    }

    /// Known codes that extend what is typed (not the exact code itself).
    pub fn suggestions<'h>(&self, history: &'h ClientHistory) -> Vec<&'h ClientCode> {
        let typed = self.client_text();
        history
            .completions(&typed)
            .into_iter()
            .filter(|c| c.as_str() != typed)
            .take(5)
            .collect()
    }

    /// Fills in what the journal knows of the client typed so far.
    pub fn apply_history(&mut self, history: &ClientHistory) {
        let Ok(code) = ClientCode::new(&self.client_text()) else {
            return;
        };
        let Some(record) = history.clients.get(&code) else {
            return;
        };
        if !self.session_touched {
            self.session = input::editor(&history.next_session(&code).to_string(), false);
        }
        if !self.modality_touched {
            self.modality = record.modality;
        }
    }

    pub fn typing(&self) -> bool {
        self.focus != Field::Modality
    }

    pub fn paste(&mut self, text: &str, history: &ClientHistory) {
        match self.focus {
            Field::Client => {
                input::paste(&mut self.client, text.trim(), false);
                self.apply_history(history);
            }
            Field::Session => {
                let digits: String = text.chars().filter(char::is_ascii_digit).collect();
                input::paste(&mut self.session, &digits, false);
                self.session_touched = true;
            }
            Field::Date => {
                input::paste(&mut self.date, text.trim(), false);
            }
            Field::Modality => {}
        }
    }

    pub fn key(&mut self, key: KeyEvent, history: &ClientHistory) -> FactsStep {
        match key.code {
            KeyCode::Esc => return FactsStep::Back,
            KeyCode::Enter => return self.submit(),
            KeyCode::Tab => {
                // Tab on a partly typed code completes it, as in a shell.
                if self.focus == Field::Client
                    && let Some(first) = self.suggestions(history).first()
                {
                    self.client = input::editor(first.as_str(), false);
                    self.apply_history(history);
                    return FactsStep::Stay;
                }
                self.focus = self.focus.step(true);
                return FactsStep::Stay;
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = self.focus.step(false);
                return FactsStep::Stay;
            }
            KeyCode::Down => {
                self.focus = self.focus.step(true);
                return FactsStep::Stay;
            }
            _ => {}
        }
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('n' | 'p'))
        {
            self.focus = self.focus.step(key.code == KeyCode::Char('n'));
            return FactsStep::Stay;
        }
        match self.focus {
            Field::Client => {
                if input::edit_filtered(&mut self.client, key, |c| {
                    c.is_ascii_alphanumeric() || c == '-' || c == '_'
                }) {
                    self.error = None;
                    self.apply_history(history);
                } else if let KeyCode::Char(c) = key.code
                    && !key.modifiers.contains(KeyModifiers::CONTROL)
                {
                    self.error = Some((
                        Field::Client,
                        format!(
                            "`{c}` cannot be used: a client code is a pseudonym of letters, digits, - and _ (never a name)"
                        ),
                    ));
                }
            }
            Field::Session => {
                if input::edit_filtered(&mut self.session, key, |c| c.is_ascii_digit()) {
                    self.session_touched = true;
                }
            }
            Field::Date => {
                input::edit_filtered(&mut self.date, key, |c| {
                    c.is_ascii_digit() || matches!(c, '-' | ':' | ' ')
                });
            }
            Field::Modality => {
                let all = Modality::ALL;
                let i = all.iter().position(|m| *m == self.modality).unwrap_or(0);
                let picked = match key.code {
                    KeyCode::Left | KeyCode::Char('h') => {
                        Some(all[(i + all.len() - 1) % all.len()])
                    }
                    KeyCode::Right | KeyCode::Char('l' | ' ') => Some(all[(i + 1) % all.len()]),
                    KeyCode::Char('i') => Some(Modality::Individual),
                    KeyCode::Char('c') => Some(Modality::Couple),
                    KeyCode::Char('f') => Some(Modality::Family),
                    KeyCode::Char('g') => Some(Modality::Group),
                    _ => None,
                };
                if let Some(m) = picked {
                    self.modality = m;
                    self.modality_touched = true;
                }
            }
        }
        FactsStep::Stay
    }

    fn fail(&mut self, field: Field, message: String) -> FactsStep {
        self.focus = field;
        self.error = Some((field, message));
        FactsStep::Stay
    }

    pub fn submit(&mut self) -> FactsStep {
        let client = match ClientCode::new(&self.client_text()) {
            Ok(c) => c,
            Err(e) => return self.fail(Field::Client, e.to_string()),
        };
        let session = match input::text(&self.session).trim().parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                return self.fail(
                    Field::Session,
                    "the session number is a whole number from 1".into(),
                );
            }
        };
        let date_text = input::text(&self.date);
        let date = match NaiveDateTime::parse_from_str(date_text.trim(), DATE_FORMAT)
            .ok()
            .and_then(|d| d.and_local_timezone(self.offset).single())
        {
            Some(d) => whole_seconds(d),
            None => {
                return self.fail(
                    Field::Date,
                    format!(
                        "write the date and time as YYYY-MM-DD HH:MM, e.g. {}",
                        "2026-11-21 14:30"
                    ),
                );
            }
        };
        self.error = None;
        FactsStep::Submit(SessionFacts {
            client,
            session,
            modality: self.modality,
            date,
        })
    }
}
