//! The terminal interface: the reflection flow from pack to saved entry.

mod app;
mod autosave;
mod browser;
mod facts;
mod flow;
mod input;
mod keys;
mod terminal;
mod theme;
mod view;
mod view_journal;
mod wrap;

use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use ratatui::crossterm::event::{self, Event};

pub use app::{App, Effect, Message, Overlay, Prefill, Screen, Status, press, update};
pub use autosave::{Autosave, DRAFT_DELAY};
pub use facts::Field;
pub use terminal::restore;
pub use theme::Theme;
pub use view::{MIN_HEIGHT, MIN_WIDTH, view};
pub use wrap::truncate;

use crate::clock::Clock;
use crate::journal::{Journal, Storage};
use crate::pack::Library;

/// Everything a run of the interface needs from outside.
pub struct Context {
    pub library: Library,
    pub journal: Journal,
    pub clock: Box<dyn Clock>,
    pub theme: Theme,
    pub prefill: Prefill,
    /// Suggested when the journal cannot be written and the user saves
    /// elsewhere.
    pub home: Option<PathBuf>,
}

/// Carries out a save, returning the message that reports its outcome.
pub fn perform(effect: Effect, storage: &dyn Storage) -> Option<Message> {
    match effect {
        Effect::Save(entry, pack) => Some(Message::Saved(
            storage
                .save_entry(&entry, Some(&pack))
                .map_err(|e| e.to_string()),
        )),
        Effect::SaveIn(dir, entry, pack) => Some(Message::Saved(
            storage
                .save_entry_in(&dir, &entry, Some(&pack))
                .map_err(|e| e.to_string()),
        )),
        Effect::DiscardDraft(id) => storage
            .remove_draft(&id)
            .err()
            .map(|e| Message::DraftSaved(Err(e.to_string()))),
        Effect::SaveDraftNow
        | Effect::LockDraft(_)
        | Effect::OpenJournal
        | Effect::ReadEntry(_)
        | Effect::Rewrite(..) => None,
    }
}

fn message_for(event: Event) -> Option<Message> {
    match event {
        Event::Key(key) => Some(Message::Key(key)),
        Event::Paste(text) => Some(Message::Paste(text)),
        Event::Resize(..) => Some(Message::Resize),
        _ => None,
    }
}

/// The loop's side of the application: the journal, the draft on disk.
pub struct Runner<'j> {
    pub journal: &'j Journal,
    pub storage: &'j dyn Storage,
    pub clock: &'j dyn Clock,
    pub autosave: Autosave,
    /// Where background work reports; without one it is done in place.
    pub background: Option<mpsc::Sender<Message>>,
}

impl Runner<'_> {
    /// Passes a message to `update` and carries out what it asks for.
    pub fn dispatch(&mut self, app: &mut App, message: Message) {
        let mut pending = vec![message];
        while let Some(message) = pending.pop() {
            for effect in update(app, message) {
                match effect {
                    Effect::SaveDraftNow => self.save_draft(app),
                    Effect::LockDraft(id) => {
                        let result = self
                            .autosave
                            .lock(self.journal, &id)
                            .map_err(|e| e.to_string());
                        pending.push(Message::DraftLocked { id, result });
                    }
                    Effect::DiscardDraft(id) => {
                        self.autosave.forget(&id);
                        pending.extend(perform(Effect::DiscardDraft(id), self.storage));
                    }
                    Effect::OpenJournal => {
                        pending.push(Message::JournalLoaded(self.journal.index()));
                        // The text (for searching) is larger: read it after
                        // the list is on screen.
                        let journal = self.journal.clone();
                        let load = move || {
                            let (index, text) = journal.index_with_text();
                            Message::TextLoaded(index, Arc::new(text))
                        };
                        match &self.background {
                            Some(sender) => {
                                let sender = sender.clone();
                                thread::spawn(move || {
                                    let _ = sender.send(load());
                                });
                            }
                            None => pending.insert(0, load()),
                        }
                    }
                    Effect::ReadEntry(path) => {
                        let full = self.journal.root().join(&path);
                        let result = Journal::read_entry(&full).map_err(|e| e.message);
                        pending.push(Message::EntryRead(path, result));
                    }
                    Effect::Rewrite(path, entry, pack) => {
                        let full = self.journal.root().join(&path);
                        let result = self
                            .storage
                            .rewrite_entry(&full, &entry, pack.as_deref())
                            .map(|()| *entry)
                            .map_err(|e| e.to_string());
                        pending.push(Message::Rewritten(path, result));
                    }
                    other => pending.extend(perform(other, self.storage)),
                }
            }
        }
        self.autosave.note(app, Instant::now());
    }

    pub fn save_draft(&mut self, app: &mut App) {
        let now = self.clock.now();
        self.autosave.save(app, self.journal, self.storage, now);
    }

    /// Writes the draft when its delay is over.
    pub fn tick(&mut self, app: &mut App) {
        if self.autosave.due(Instant::now()) {
            self.save_draft(app);
        }
    }
}

/// How a run of the interface ended.
#[derive(Debug)]
pub enum RunEnd {
    Quit,
    /// A signal asked Afterword to stop; the draft was saved first.
    Signal(i32),
    /// A bug stopped Afterword; what was saved, and where the report is.
    Crashed {
        draft: Option<PathBuf>,
        report: Option<PathBuf>,
    },
}

/// Runs the interface until the user quits, a signal arrives or a bug
/// stops it; in every case the draft is written and the terminal restored.
pub fn run(context: Context) -> anyhow::Result<RunEnd> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "Afterword's reflection flow needs a terminal. To write an entry from a script, use `afterword new --pack ID --answers FILE.toml`."
        );
    }
    let now = context.clock.now();
    let (drafts, damaged) = context.journal.drafts();
    let mut app = App::new(context.library, now, context.theme)
        .with_prefill(context.prefill)
        .with_drafts(drafts, damaged);
    app.home = context.home;

    // The client history needs every entry's front matter: read it in the
    // background so the first frame never waits for the journal's size.
    let (sender, receiver) = mpsc::channel();
    let sender_for_work = sender.clone();
    let reader = context.journal.clone();
    thread::spawn(move || {
        let _ = sender.send(Message::History(reader.client_history()));
    });

    let stop = Arc::new(AtomicUsize::new(0));
    for signal in [SIGTERM, SIGHUP, SIGINT] {
        let stop = Arc::clone(&stop);
        // SAFETY-free: signal-hook's `register` only stores into an atomic.
        let _ = signal_hook::flag::register_usize(signal, stop, signal as usize);
    }
    terminal::set_crash_dir(context.journal.root().join("crash-reports"));

    let mut runner = Runner {
        journal: &context.journal,
        storage: &context.journal,
        clock: context.clock.as_ref(),
        autosave: Autosave::default(),
        background: Some(sender_for_work),
    };
    let mut guard = terminal::Guard::enter()?;
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut app, &mut runner, &mut guard, &receiver, &stop)
    }));
    // Whatever happened, the answers go to disk before anything else.
    runner.save_draft(&mut app);
    drop(guard);
    match outcome {
        Ok(Ok(end)) => Ok(end),
        Ok(Err(error)) => Err(error),
        Err(_) => Ok(RunEnd::Crashed {
            draft: app
                .flow
                .as_ref()
                .and_then(|f| f.draft_id.as_ref())
                .map(|id| context.journal.draft_path(id)),
            report: terminal::last_crash_report(),
        }),
    }
}

fn event_loop(
    app: &mut App,
    runner: &mut Runner,
    guard: &mut terminal::Guard,
    receiver: &mpsc::Receiver<Message>,
    stop: &AtomicUsize,
) -> anyhow::Result<RunEnd> {
    loop {
        guard.terminal.draw(|frame| view(app, frame))?;
        if app.quit {
            return Ok(RunEnd::Quit);
        }
        let signal = stop.load(Ordering::Relaxed);
        if signal != 0 {
            return Ok(RunEnd::Signal(signal as i32));
        }
        while let Ok(message) = receiver.try_recv() {
            runner.dispatch(app, message);
        }
        let wait = runner
            .autosave
            .deadline()
            .map_or(Duration::from_millis(100), |d| {
                d.saturating_duration_since(Instant::now())
                    .min(Duration::from_millis(100))
            });
        if event::poll(wait)?
            && let Some(message) = message_for(event::read()?)
        {
            #[cfg(debug_assertions)]
            crash_for_tests(&message);
            runner.dispatch(app, message);
        }
        runner.tick(app);
    }
}

/// Debug builds only: F12 panics when `AFTERWORD_TEST_PANIC` is set, so that
/// tests can check what a crash leaves behind. Release builds have no such key.
#[cfg(debug_assertions)]
fn crash_for_tests(message: &Message) {
    if let Message::Key(key) = message
        && key.code == ratatui::crossterm::event::KeyCode::F(12)
        && std::env::var_os("AFTERWORD_TEST_PANIC").is_some()
    {
        panic!("a crash asked for by a test");
    }
}

/// Which first frame [`first_frame`] draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstFrame {
    /// The journal browser, as after pressing `b`.
    Browser,
    /// A new reflection's first screen.
    NewReflection,
}

/// Draws a first frame without a terminal, doing everything a real start
/// does (packs, drafts or the journal's index): for measuring start-up.
pub fn first_frame(which: FirstFrame, context: Context, width: u16, height: u16) -> String {
    let now = context.clock.now();
    let mut app = App::new(context.library, now, context.theme).with_prefill(context.prefill);
    match which {
        FirstFrame::Browser => {
            update(&mut app, Message::JournalLoaded(context.journal.index()));
        }
        FirstFrame::NewReflection => {
            let (drafts, damaged) = context.journal.drafts();
            app = app.with_drafts(drafts, damaged);
        }
    }
    let backend = ratatui::backend::TestBackend::new(width, height);
    let Ok(mut terminal) = ratatui::Terminal::new(backend);
    let _ = terminal.draw(|frame| view(&app, frame));
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    // The real interface keeps all this alive after its first frame;
    // freeing ten thousand summaries here would time something no user
    // waits for.
    std::mem::forget(app);
    out
}
