//! The application state and `update`: every change of state happens here,
//! driven by messages, so that behaviour is testable without a terminal.
//! Work with the outside world (saving) is returned as an [`Effect`].

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::browser::{BrowseStep, Browser, Reader};
use super::facts::{FactsForm, FactsStep};
use super::flow::{Flow, Step, ctrl};
use super::input;
use super::theme::Theme;
use crate::entry::{ClientCode, Entry, Modality, SessionFacts, whole_seconds};
use crate::journal::{ClientHistory, DamagedDraft, Draft, FoundDraft, Index, TextStore};
use crate::pack::{Library, Pack};
use crate::reflection::Reflection;

#[derive(Debug)]
pub enum Message {
    Key(KeyEvent),
    Paste(String),
    Resize,
    /// The journal's client history, read in the background.
    History(ClientHistory),
    /// The outcome of an [`Effect::Save`]: the file written, or why not.
    Saved(Result<PathBuf, String>),
    /// A draft was written (its id) or could not be (why).
    DraftSaved(Result<String, String>),
    /// The outcome of an [`Effect::LockDraft`].
    DraftLocked {
        id: String,
        result: Result<(), String>,
    },
    /// The journal's index, for the browser.
    JournalLoaded(Index),
    /// Every entry's text, for searching (read in the background), with
    /// the index it belongs to.
    TextLoaded(Index, std::sync::Arc<TextStore>),
    /// An entry read for the reader (path relative to the journal).
    EntryRead(PathBuf, Result<Entry, String>),
    /// An entry rewritten (flag, tags, amended answers), or why not.
    Rewritten(PathBuf, Result<Entry, String>),
}

#[derive(Debug)]
pub enum Effect {
    /// Write the entry into the journal.
    Save(Box<Entry>, Box<Pack>),
    /// Write the entry into another folder.
    SaveIn(PathBuf, Box<Entry>, Box<Pack>),
    /// Write the draft now rather than after the usual pause.
    SaveDraftNow,
    /// Remove a draft: its reflection was saved or thrown away.
    DiscardDraft(String),
    /// Take the lock of a draft before resuming it.
    LockDraft(String),
    /// Read the journal's index and open the browser.
    OpenJournal,
    /// Read an entry (path relative to the journal) for the reader.
    ReadEntry(PathBuf),
    /// Rewrite an existing entry (path relative to the journal).
    Rewrite(PathBuf, Box<Entry>, Option<Box<Pack>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Unfinished reflections, offered before anything else.
    Drafts,
    Picker,
    Facts,
    Prompt,
    Review,
    Saved,
    /// The journal: every entry, filtered and searched.
    Browse,
    /// One entry, rendered.
    Read,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmQuit,
    /// Start another pack although answers exist for this one.
    ConfirmDiscard(usize),
    /// Throw away the draft at this index of the drafts list.
    ConfirmDiscardDraft(usize),
    /// Saving the entry failed, for this reason: retry or save elsewhere.
    SaveFailed(String),
    /// Asking for the folder to save the entry in instead.
    SaveElsewhere,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
}

/// What `afterword new` was told on the command line.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub pack: Option<String>,
    pub client: Option<ClientCode>,
    pub session: Option<u32>,
    pub modality: Option<Modality>,
}

pub struct App {
    pub library: Library,
    pub history: ClientHistory,
    pub now: DateTime<FixedOffset>,
    pub theme: Theme,
    pub screen: Screen,
    pub picker_cursor: usize,
    pub facts: Option<FactsForm>,
    pub flow: Option<Flow>,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub saved_path: Option<PathBuf>,
    /// A save is under way; further saves wait for it.
    pub saving: bool,
    pub quit: bool,
    pub drafts: Vec<FoundDraft>,
    pub damaged_drafts: Vec<DamagedDraft>,
    pub drafts_cursor: usize,
    /// The folder typed for "save elsewhere".
    pub elsewhere: Option<input::Editor>,
    /// Suggested for "save elsewhere": the user's home folder.
    pub home: Option<PathBuf>,
    pub browser: Option<Browser>,
    pub reader: Option<Reader>,
}

impl App {
    pub fn new(library: Library, now: DateTime<FixedOffset>, theme: Theme) -> App {
        let picker_cursor = library.default_index();
        let problems = library.problems.len();
        App {
            library,
            history: ClientHistory::default(),
            now: whole_seconds(now),
            theme,
            screen: Screen::Picker,
            picker_cursor,
            facts: None,
            flow: None,
            overlay: None,
            status: (problems > 0).then(|| {
                Status::Error(format!(
                    "{problems} of your packs could not be loaded; the others are ready"
                ))
            }),
            saved_path: None,
            saving: false,
            quit: false,
            drafts: Vec::new(),
            damaged_drafts: Vec::new(),
            drafts_cursor: 0,
            elsewhere: None,
            home: None,
            browser: None,
            reader: None,
        }
    }

    /// Offers unfinished reflections first, when there are any.
    pub fn with_drafts(mut self, found: Vec<FoundDraft>, damaged: Vec<DamagedDraft>) -> App {
        if !found.is_empty() && self.flow.is_none() && self.screen == Screen::Picker {
            self.screen = Screen::Drafts;
        }
        if !damaged.is_empty() {
            self.status = Some(Status::Error(format!(
                "{} draft{} could not be read and {} set aside as .damaged",
                damaged.len(),
                if damaged.len() == 1 { "" } else { "s" },
                if damaged.len() == 1 { "was" } else { "were" }
            )));
        }
        self.drafts = found;
        self.damaged_drafts = damaged;
        self
    }

    /// The draft of the reflection under way, if it has any answer. Its id
    /// is empty until the journal has given it one.
    pub fn draft(&self, updated: DateTime<FixedOffset>) -> Option<Draft> {
        let flow = self.flow.as_ref()?;
        // Amending a saved entry: the entry itself is the safe copy.
        if !flow.reflection.has_answers() || flow.amending.is_some() {
            return None;
        }
        let position = flow.position(self.screen == Screen::Review);
        Some(flow.reflection.to_draft(
            flow.draft_id.as_deref().unwrap_or(""),
            position,
            flow.started,
            updated,
        ))
    }

    /// Skips the screens whose answers were given on the command line.
    pub fn with_prefill(mut self, prefill: Prefill) -> App {
        let Some(index) = prefill
            .pack
            .as_deref()
            .and_then(|id| self.library.packs.iter().position(|p| p.pack.id == id))
        else {
            return self;
        };
        self.picker_cursor = index;
        let mut form = FactsForm::new(index, self.now);
        if let Some(client) = &prefill.client {
            form.client = input::editor(client.as_str(), false);
            form.focus = super::facts::Field::Session;
        }
        if let Some(session) = prefill.session {
            form.session = input::editor(&session.to_string(), false);
        }
        if let Some(modality) = prefill.modality {
            form.modality = modality;
        }
        match (&prefill.client, form.submit()) {
            (Some(_), FactsStep::Submit(facts)) => {
                self.start_flow(index, facts);
                if let Some(flow) = &mut self.flow {
                    flow.session_from_history = prefill.session.is_none();
                }
            }
            _ => {
                form.error = None;
                self.facts = Some(form);
                self.screen = Screen::Facts;
            }
        }
        self
    }

    pub fn pack(&self, index: usize) -> Option<&Pack> {
        self.library.packs.get(index).map(|p| &p.pack)
    }

    /// Whether the focused element takes typed text (then `?` is a letter).
    pub fn typing(&self) -> bool {
        match self.screen {
            Screen::Facts => self.facts.as_ref().is_some_and(FactsForm::typing),
            Screen::Prompt => self.flow.as_ref().is_some_and(Flow::typing),
            Screen::Review => self.flow.as_ref().is_some_and(|f| f.tag_input.is_some()),
            Screen::Browse => self.browser.as_ref().is_some_and(Browser::typing),
            Screen::Read => self.reader.as_ref().is_some_and(|r| r.tag_input.is_some()),
            _ => self.overlay == Some(Overlay::SaveElsewhere),
        }
    }

    /// Answers exist that are not saved anywhere.
    pub fn unsaved(&self) -> bool {
        self.flow
            .as_ref()
            .is_some_and(|f| f.reflection.has_answers())
    }

    fn start_flow(&mut self, pack_index: usize, facts: SessionFacts) {
        let Some(pack) = self.pack(pack_index).cloned() else {
            return;
        };
        match &mut self.flow {
            // Same pack: keep the answers and only update the facts.
            Some(flow) if flow.reflection.pack.id == pack.id => {
                flow.reflection.facts = facts;
                flow.session_from_history = false;
            }
            _ => self.flow = Some(Flow::new(Reflection::new(pack, facts), self.now)),
        }
        self.facts = None;
        self.screen = Screen::Prompt;
    }

    /// Quits, or, with answers on screen, saves the draft at once and asks.
    fn request_quit(&mut self) -> Vec<Effect> {
        if self.unsaved() {
            self.overlay = Some(Overlay::ConfirmQuit);
            vec![Effect::SaveDraftNow]
        } else {
            self.quit = true;
            Vec::new()
        }
    }

    fn entry_and_pack(&self) -> Option<(Box<Entry>, Box<Pack>)> {
        let flow = self.flow.as_ref()?;
        Some((
            Box::new(flow.reflection.to_entry()),
            Box::new(flow.reflection.pack.clone()),
        ))
    }

    fn request_save(&mut self) -> Vec<Effect> {
        if self.saving {
            return Vec::new();
        }
        let Some(flow) = &mut self.flow else {
            return Vec::new();
        };
        let missing: Vec<String> = flow
            .reflection
            .missing_required()
            .iter()
            .map(|p| p.id.clone())
            .collect();
        if let Some(first) = missing.first() {
            let ids = flow.reflection.visible_ids();
            flow.review_cursor = ids.iter().position(|id| id == first).unwrap_or(0);
            flow.from_review = false;
            self.screen = Screen::Review;
            self.status = Some(Status::Error(format!(
                "Not saved yet: {} required prompt{} still need{} an answer (marked ✗).",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "s" } else { "" }
            )));
            return Vec::new();
        }
        self.saving = true;
        self.status = Some(Status::Info("Saving…".into()));
        let mut entry = flow.reflection.to_entry();
        let pack = Box::new(flow.reflection.pack.clone());
        if let Some((path, extra)) = &flow.amending {
            entry.extra.clone_from(extra);
            return vec![Effect::Rewrite(path.clone(), Box::new(entry), Some(pack))];
        }
        vec![Effect::Save(Box::new(entry), pack)]
    }
}

pub fn update(app: &mut App, message: Message) -> Vec<Effect> {
    match message {
        Message::Key(key) if key.kind == KeyEventKind::Press => on_key(app, key),
        Message::Key(_) | Message::Resize => Vec::new(),
        Message::Paste(text) => {
            on_paste(app, &text);
            Vec::new()
        }
        Message::History(history) => {
            app.history = history;
            if let Some(form) = &mut app.facts {
                form.apply_history(&app.history);
            }
            if let Some(flow) = &mut app.flow
                && flow.session_from_history
            {
                let facts = &mut flow.reflection.facts;
                facts.session = app.history.next_session(&facts.client);
                if let Some(record) = app.history.clients.get(&facts.client) {
                    facts.modality = record.modality;
                }
                flow.session_from_history = false;
            }
            Vec::new()
        }
        Message::Saved(result) => {
            app.saving = false;
            match result {
                Ok(path) => {
                    let mut effects = Vec::new();
                    if let Some(flow) = app.flow.take() {
                        let facts = &flow.reflection.facts;
                        app.history.add(
                            facts.client.clone(),
                            facts.session,
                            facts.date,
                            facts.modality,
                        );
                        if let Some(id) = flow.draft_id {
                            effects.push(Effect::DiscardDraft(id));
                        }
                    }
                    app.saved_path = Some(path);
                    app.screen = Screen::Saved;
                    app.status = None;
                    app.overlay = None;
                    effects
                }
                Err(reason) => {
                    app.status = None;
                    app.overlay = Some(Overlay::SaveFailed(reason));
                    // Whatever happens next, the answers are in the draft.
                    vec![Effect::SaveDraftNow]
                }
            }
        }
        Message::DraftSaved(Ok(id)) => {
            if let Some(flow) = &mut app.flow {
                flow.draft_id = Some(id);
            }
            if matches!(&app.status, Some(Status::Error(m)) if m.starts_with("Draft not saved")) {
                app.status = None;
            }
            Vec::new()
        }
        Message::DraftSaved(Err(reason)) => {
            app.status = Some(Status::Error(format!(
                "Draft not saved — {reason}. Your answers are on screen; it will be tried again."
            )));
            Vec::new()
        }
        Message::DraftLocked { id, result } => {
            on_draft_locked(app, &id, result);
            Vec::new()
        }
        Message::JournalLoaded(index) => {
            match &mut app.browser {
                // Opened before: the same filters and search, fresh entries.
                Some(browser) => browser.reload(index),
                None => app.browser = Some(Browser::new(index)),
            }
            app.screen = Screen::Browse;
            app.status = None;
            Vec::new()
        }
        Message::TextLoaded(index, text) => {
            if let Some(browser) = &mut app.browser {
                browser.set_text(index, text);
            }
            Vec::new()
        }
        Message::EntryRead(path, result) => {
            match result {
                Ok(entry) => {
                    app.reader = Some(Reader {
                        path,
                        entry,
                        scroll: 0,
                        tag_input: None,
                    });
                    app.screen = Screen::Read;
                }
                Err(reason) => {
                    app.status = Some(Status::Error(format!("Cannot read this entry: {reason}")));
                }
            }
            Vec::new()
        }
        Message::Rewritten(path, result) => {
            app.saving = false;
            match result {
                Ok(entry) => {
                    if let Some(browser) = &mut app.browser {
                        browser.updated(&path, &entry);
                    }
                    let amended = app.flow.as_ref().is_some_and(|f| f.amending.is_some());
                    if amended {
                        app.flow = None;
                    }
                    app.reader = Some(Reader {
                        path,
                        entry,
                        scroll: app.reader.as_ref().map_or(0, |r| r.scroll),
                        tag_input: None,
                    });
                    app.screen = Screen::Read;
                    app.status = Some(Status::Info("Entry updated.".into()));
                }
                Err(reason) => {
                    app.status = Some(Status::Error(format!(
                        "Not changed — {reason}. The entry is as it was."
                    )));
                }
            }
            Vec::new()
        }
    }
}

fn on_draft_locked(app: &mut App, id: &str, result: Result<(), String>) {
    let Some(index) = app.drafts.iter().position(|d| d.draft.id == id) else {
        return;
    };
    if let Err(reason) = result {
        app.status = Some(Status::Error(format!("Cannot open this draft: {reason}.")));
        app.drafts[index].in_use = true;
        return;
    }
    let draft = &app.drafts[index].draft;
    let Some(pack) = app.library.get(&draft.pack).map(|p| p.pack.clone()) else {
        app.status = Some(Status::Error(format!(
            "The pack `{}` of this draft is not available any more (was it a pack of yours that was renamed?). The draft is kept.",
            draft.pack
        )));
        return;
    };
    let found = app.drafts.remove(index);
    let draft = found.draft;
    let reflection = Reflection::from_draft(&draft, pack);
    let flow = Flow::resume(reflection, &draft.id, draft.created, &draft.position);
    app.picker_cursor = app
        .library
        .packs
        .iter()
        .position(|p| p.pack.id == draft.pack)
        .unwrap_or(0);
    app.screen = if draft.position.review {
        Screen::Review
    } else {
        Screen::Prompt
    };
    app.flow = Some(flow);
    app.status = Some(Status::Info("Resumed where you left off.".into()));
}

fn on_paste(app: &mut App, text: &str) {
    if app.overlay == Some(Overlay::SaveElsewhere) {
        if let Some(editor) = &mut app.elsewhere {
            input::paste(editor, text, false);
        }
        return;
    }
    match app.screen {
        Screen::Facts => {
            if let Some(form) = &mut app.facts {
                form.paste(text, &app.history);
            }
        }
        Screen::Prompt => {
            if let Some(flow) = &mut app.flow {
                flow.paste(text);
            }
        }
        Screen::Review => {
            if let Some(editor) = app.flow.as_mut().and_then(|f| f.tag_input.as_mut()) {
                input::paste(editor, text, false);
            }
        }
        Screen::Browse => {
            let today = app.now.date_naive();
            if let Some(browser) = &mut app.browser {
                browser.paste(text, today);
            }
        }
        Screen::Read => {
            if let Some(editor) = app.reader.as_mut().and_then(|r| r.tag_input.as_mut()) {
                input::paste(editor, text, false);
            }
        }
        _ => {}
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if let Some(overlay) = app.overlay.clone() {
        return on_overlay_key(app, overlay, key);
    }
    app.status = None;
    if ctrl(&key, 'c') || ctrl(&key, 'q') {
        return app.request_quit();
    }
    if key.code == KeyCode::F(1) || (key.code == KeyCode::Char('?') && !app.typing()) {
        app.overlay = Some(Overlay::Help);
        return Vec::new();
    }
    if ctrl(&key, 's') {
        return match app.screen {
            Screen::Prompt | Screen::Review => app.request_save(),
            // Facts of a reflection under way: take them, then save.
            Screen::Facts if app.flow.is_some() => {
                if let Some(form) = &mut app.facts
                    && let FactsStep::Submit(facts) = form.submit()
                {
                    let index = form.pack;
                    app.start_flow(index, facts);
                    return app.request_save();
                }
                Vec::new()
            }
            _ => Vec::new(),
        };
    }
    match app.screen {
        Screen::Drafts => return on_drafts_key(app, key),
        Screen::Picker => return on_picker_key(app, key),
        Screen::Facts => on_facts_key(app, key),
        Screen::Prompt => on_prompt_key(app, key),
        Screen::Review => return on_review_key(app, key),
        Screen::Saved => return on_saved_key(app, key),
        Screen::Browse => return on_browse_key(app, key),
        Screen::Read => return on_read_key(app, key),
    }
    Vec::new()
}

fn on_browse_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let today = app.now.date_naive();
    let Some(browser) = &mut app.browser else {
        return Vec::new();
    };
    match browser.key(key, today) {
        BrowseStep::Stay => Vec::new(),
        BrowseStep::Open(path) => vec![Effect::ReadEntry(path)],
        BrowseStep::Back => {
            app.screen = if app.drafts.is_empty() || app.flow.is_some() {
                Screen::Picker
            } else {
                Screen::Drafts
            };
            Vec::new()
        }
    }
}

fn on_read_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(reader) = &mut app.reader else {
        return Vec::new();
    };
    if let Some(editor) = &mut reader.tag_input {
        match key.code {
            KeyCode::Enter => {
                let text = input::text(editor);
                reader.tag_input = None;
                let mut entry = reader.entry.clone();
                entry.tags = text
                    .split([' ', ','])
                    .filter_map(crate::entry::clean_tag)
                    .fold(Vec::new(), |mut acc, t| {
                        if !acc.contains(&t) {
                            acc.push(t);
                        }
                        acc
                    });
                let pack = app
                    .library
                    .get(&entry.pack)
                    .map(|p| Box::new(p.pack.clone()));
                return vec![Effect::Rewrite(reader.path.clone(), Box::new(entry), pack)];
            }
            KeyCode::Esc => reader.tag_input = None,
            _ => {
                input::edit(editor, key, false);
            }
        }
        return Vec::new();
    }
    let step_to = |app: &App, forward: bool| -> Option<PathBuf> {
        let browser = app.browser.as_ref()?;
        let reader = app.reader.as_ref()?;
        let here = browser
            .shown
            .iter()
            .position(|&i| browser.index.entries[i].path == reader.path)?;
        let there = if forward {
            here.checked_add(1)?
        } else {
            here.checked_sub(1)?
        };
        browser
            .shown
            .get(there)
            .map(|&i| browser.index.entries[i].path.clone())
    };
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => reader.scroll += 1,
        KeyCode::Up | KeyCode::Char('k') => reader.scroll = reader.scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => reader.scroll += 15,
        KeyCode::PageUp => reader.scroll = reader.scroll.saturating_sub(15),
        KeyCode::Home | KeyCode::Char('g') => reader.scroll = 0,
        KeyCode::End | KeyCode::Char('G') => reader.scroll = usize::MAX / 2,
        KeyCode::Char('n') | KeyCode::Right => {
            // Newer is up the list, older down: n goes down the list.
            if let Some(path) = step_to(app, true) {
                if let Some(browser) = &mut app.browser {
                    browser.cursor =
                        (browser.cursor + 1).min(browser.shown.len().saturating_sub(1));
                }
                return vec![Effect::ReadEntry(path)];
            }
            app.status = Some(Status::Info("This is the last entry in the list.".into()));
        }
        KeyCode::Char('p') | KeyCode::Left => {
            if let Some(path) = step_to(app, false) {
                if let Some(browser) = &mut app.browser {
                    browser.cursor = browser.cursor.saturating_sub(1);
                }
                return vec![Effect::ReadEntry(path)];
            }
            app.status = Some(Status::Info("This is the first entry in the list.".into()));
        }
        KeyCode::Char('f') => {
            let mut entry = reader.entry.clone();
            entry.flagged = !entry.flagged;
            let pack = app
                .library
                .get(&entry.pack)
                .map(|p| Box::new(p.pack.clone()));
            return vec![Effect::Rewrite(reader.path.clone(), Box::new(entry), pack)];
        }
        KeyCode::Char('t') => {
            reader.tag_input = Some(input::editor(&reader.entry.tags.join(" "), false));
        }
        KeyCode::Char('a') | KeyCode::Char('e') => amend(app),
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('h') => {
            app.screen = Screen::Browse;
        }
        _ => {}
    }
    Vec::new()
}

/// Opens the entry in the reader through the same prompt screens as a new
/// reflection, starting at the review.
fn amend(app: &mut App) {
    let Some(reader) = &app.reader else { return };
    let entry = &reader.entry;
    let Some(pack) = app.library.get(&entry.pack).map(|p| p.pack.clone()) else {
        app.status = Some(Status::Error(format!(
            "The pack `{}` of this entry is not available, so its answers cannot be changed here; edit the file instead.",
            entry.pack
        )));
        return;
    };
    if app
        .flow
        .as_ref()
        .is_some_and(|f| f.reflection.has_answers() && f.amending.is_none())
    {
        app.status = Some(Status::Error(
            "A new reflection is under way; save it (or leave it as a draft) before changing an old entry.".into(),
        ));
        return;
    }
    let mut reflection = Reflection::new(pack, entry.facts.clone());
    for response in entry.responses() {
        reflection.set_answer(&response.prompt, Some(response.answer.clone()));
    }
    reflection.set_tags_from_text(&entry.tags.join(" "));
    reflection.flag_choice = Some(entry.flagged);
    let mut flow = Flow::new(reflection, app.now);
    flow.amending = Some((reader.path.clone(), entry.extra.clone()));
    app.flow = Some(flow);
    app.screen = Screen::Review;
    app.status = Some(Status::Info(
        "Changing a saved entry: Enter on an answer to change it, Ctrl-S to save.".into(),
    ));
}

fn on_drafts_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let last = app.drafts.len().saturating_sub(1);
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => app.drafts_cursor = app.drafts_cursor.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => app.drafts_cursor = (app.drafts_cursor + 1).min(last),
        KeyCode::Enter | KeyCode::Char('r') => {
            if let Some(found) = app.drafts.get(app.drafts_cursor) {
                if found.in_use {
                    app.status = Some(Status::Error(
                        "This draft is open in another Afterword window; finish it there, or choose another.".into(),
                    ));
                } else {
                    return vec![Effect::LockDraft(found.draft.id.clone())];
                }
            }
        }
        KeyCode::Char('d') | KeyCode::Delete => match app.drafts.get(app.drafts_cursor) {
            Some(found) if found.in_use => {
                app.status = Some(Status::Error(
                    "This draft is open in another Afterword window and cannot be discarded here."
                        .into(),
                ));
            }
            Some(_) => app.overlay = Some(Overlay::ConfirmDiscardDraft(app.drafts_cursor)),
            None => {}
        },
        KeyCode::Char('n') | KeyCode::Esc | KeyCode::Right | KeyCode::Char('l') => {
            app.screen = Screen::Picker;
        }
        KeyCode::Char('b') => return open_journal(app),
        KeyCode::Char('q') => return app.request_quit(),
        _ => {}
    }
    Vec::new()
}

/// Opens the journal, checked against the files every time: an entry saved
/// since, or edited outside Afterword, is always in the list.
fn open_journal(app: &mut App) -> Vec<Effect> {
    app.status = Some(Status::Info("Opening the journal…".into()));
    vec![Effect::OpenJournal]
}

fn on_overlay_key(app: &mut App, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    let yes = matches!(key.code, KeyCode::Char('y' | 'Y'));
    let no = matches!(
        key.code,
        KeyCode::Char('n' | 'N') | KeyCode::Esc | KeyCode::Enter
    );
    match overlay {
        Overlay::Help => app.overlay = None,
        Overlay::ConfirmQuit => {
            if yes {
                app.overlay = None;
                app.quit = true;
                return vec![Effect::SaveDraftNow];
            } else if no {
                app.overlay = None;
            }
        }
        Overlay::ConfirmDiscard(index) => {
            if yes {
                app.overlay = None;
                let draft = app.flow.take().and_then(|f| f.draft_id);
                open_facts(app, index);
                return draft.map(Effect::DiscardDraft).into_iter().collect();
            } else if no {
                app.overlay = None;
            }
        }
        Overlay::ConfirmDiscardDraft(index) => {
            if yes {
                app.overlay = None;
                if index < app.drafts.len() {
                    let found = app.drafts.remove(index);
                    app.drafts_cursor = app.drafts_cursor.min(app.drafts.len().saturating_sub(1));
                    if app.drafts.is_empty() {
                        app.screen = Screen::Picker;
                    }
                    app.status = Some(Status::Info("Draft discarded.".into()));
                    return vec![Effect::DiscardDraft(found.draft.id)];
                }
            } else if no {
                app.overlay = None;
            }
        }
        Overlay::SaveFailed(_) => match key.code {
            KeyCode::Char('r' | 'R') => {
                app.overlay = None;
                return app.request_save();
            }
            KeyCode::Char('e' | 'E') => {
                let home = app
                    .home
                    .as_ref()
                    .map(|h| h.display().to_string())
                    .unwrap_or_default();
                app.elsewhere = Some(input::editor(&home, false));
                app.overlay = Some(Overlay::SaveElsewhere);
            }
            KeyCode::Esc => app.overlay = None,
            _ => {}
        },
        Overlay::SaveElsewhere => match key.code {
            KeyCode::Enter => {
                let typed = app.elsewhere.as_ref().map(input::text).unwrap_or_default();
                let dir = expand_home(typed.trim(), app.home.as_deref());
                if typed.trim().is_empty() {
                    return Vec::new();
                }
                app.overlay = None;
                if let Some((entry, pack)) = app.entry_and_pack() {
                    app.saving = true;
                    return vec![Effect::SaveIn(dir, entry, pack)];
                }
            }
            KeyCode::Esc => app.overlay = None,
            _ => {
                if let Some(editor) = &mut app.elsewhere {
                    input::edit(editor, key, false);
                }
            }
        },
    }
    Vec::new()
}

/// `~/notes` → `<home>/notes`.
fn expand_home(path: &str, home: Option<&std::path::Path>) -> PathBuf {
    match (
        path.strip_prefix("~/").or((path == "~").then_some("")),
        home,
    ) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

fn open_facts(app: &mut App, index: usize) {
    let form = match &app.flow {
        Some(flow) => FactsForm::from_facts(index, &flow.reflection.facts),
        None => FactsForm::new(index, app.now),
    };
    app.facts = Some(form);
    app.screen = Screen::Facts;
}

fn on_picker_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let last = app.library.packs.len().saturating_sub(1);
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => app.picker_cursor = app.picker_cursor.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => app.picker_cursor = (app.picker_cursor + 1).min(last),
        KeyCode::Home | KeyCode::Char('g') => app.picker_cursor = 0,
        KeyCode::End | KeyCode::Char('G') => app.picker_cursor = last,
        KeyCode::Char(c @ '1'..='9') => {
            let index = usize::from(c as u8 - b'1');
            if index <= last {
                app.picker_cursor = index;
            }
        }
        KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => {
            let index = app.picker_cursor;
            if app.pack(index).is_none() {
                return Vec::new();
            }
            let other_pack = app
                .flow
                .as_ref()
                .is_some_and(|f| Some(&f.reflection.pack.id) != app.pack(index).map(|p| &p.id));
            if other_pack && app.unsaved() {
                app.overlay = Some(Overlay::ConfirmDiscard(index));
            } else {
                open_facts(app, index);
            }
        }
        KeyCode::Char('b') => return open_journal(app),
        KeyCode::Esc if !app.drafts.is_empty() && app.flow.is_none() => app.screen = Screen::Drafts,
        KeyCode::Esc | KeyCode::Char('q') => return app.request_quit(),
        _ => {}
    }
    Vec::new()
}

fn on_facts_key(app: &mut App, key: KeyEvent) {
    let Some(form) = &mut app.facts else {
        return;
    };
    match form.key(key, &app.history) {
        FactsStep::Stay => {}
        FactsStep::Back => {
            app.screen = Screen::Picker;
        }
        FactsStep::Submit(facts) => {
            let index = form.pack;
            app.start_flow(index, facts);
        }
    }
}

fn on_prompt_key(app: &mut App, key: KeyEvent) {
    let Some(flow) = &mut app.flow else {
        return;
    };
    let next = key.code == KeyCode::Tab || ctrl(&key, 'n');
    let previous = key.code == KeyCode::BackTab || ctrl(&key, 'p');
    if key.code == KeyCode::Esc {
        if flow.stop_editing_other() {
            return;
        }
        if flow.from_review {
            flow.from_review = false;
            app.screen = Screen::Review;
        } else {
            let index = app.picker_cursor;
            let form = FactsForm::from_facts(index, &flow.reflection.facts);
            app.facts = Some(form);
            app.screen = Screen::Facts;
        }
        return;
    }
    let step = if next {
        Step::Next
    } else if previous {
        flow.stop_editing_other();
        if !flow.previous() {
            app.status = Some(Status::Info(
                "This is the first prompt. Esc goes back to the session details.".into(),
            ));
        }
        Step::Stay
    } else {
        flow.key(key)
    };
    if step == Step::Next {
        flow.stop_editing_other();
        if flow.from_review {
            flow.from_review = false;
            app.screen = Screen::Review;
            return;
        }
        match flow.next() {
            Ok(true) => {}
            Ok(false) => {
                flow.review_cursor = 0;
                app.screen = Screen::Review;
            }
            Err(why) => app.status = Some(Status::Error(why)),
        }
    }
}

fn on_review_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(flow) = &mut app.flow else {
        return Vec::new();
    };
    if let Some(editor) = &mut flow.tag_input {
        match key.code {
            KeyCode::Enter => {
                let text = input::text(editor);
                flow.reflection.set_tags_from_text(&text);
                flow.tag_input = None;
            }
            KeyCode::Esc => flow.tag_input = None,
            _ => {
                input::edit(editor, key, false);
            }
        }
        return Vec::new();
    }
    let ids = flow.reflection.visible_ids();
    let last = ids.len().saturating_sub(1);
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => {
            flow.review_cursor = flow.review_cursor.saturating_sub(1)
        }
        KeyCode::Down | KeyCode::Char('j') => {
            flow.review_cursor = (flow.review_cursor + 1).min(last)
        }
        KeyCode::PageUp => flow.review_cursor = flow.review_cursor.saturating_sub(10),
        KeyCode::PageDown => flow.review_cursor = (flow.review_cursor + 10).min(last),
        KeyCode::Home | KeyCode::Char('g') => flow.review_cursor = 0,
        KeyCode::End | KeyCode::Char('G') => flow.review_cursor = last,
        KeyCode::Enter | KeyCode::Char('e') => {
            if let Some(id) = ids.get(flow.review_cursor) {
                flow.go_to(id);
                flow.from_review = true;
                app.screen = Screen::Prompt;
            }
        }
        KeyCode::Char('t') => {
            flow.tag_input = Some(input::editor(&flow.reflection.tags().join(" "), false));
        }
        KeyCode::Char('f') => flow.reflection.toggle_flag(),
        KeyCode::Char('s') => return app.request_save(),
        KeyCode::Esc if flow.amending.is_some() => {
            // Leaving an amendment unsaved: the entry stays as it was.
            app.flow = None;
            app.screen = Screen::Read;
            app.status = Some(Status::Info("Not changed.".into()));
        }
        KeyCode::Esc | KeyCode::BackTab => {
            if let Some(id) = ids.last() {
                flow.go_to(id);
            }
            app.screen = Screen::Prompt;
        }
        _ => {}
    }
    Vec::new()
}

fn on_saved_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Char('b') => return open_journal(app),
        KeyCode::Char('n') | KeyCode::Enter => {
            app.saved_path = None;
            app.picker_cursor = app.library.default_index();
            app.screen = Screen::Picker;
        }
        KeyCode::Char('q') | KeyCode::Esc => app.quit = true,
        _ => {}
    }
    Vec::new()
}

/// A key press, for tests and the event loop.
pub fn press(code: KeyCode, modifiers: KeyModifiers) -> Message {
    Message::Key(KeyEvent::new(code, modifiers))
}
