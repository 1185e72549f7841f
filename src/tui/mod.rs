//! The terminal interface: the reflection flow from pack to saved entry.

mod app;
mod facts;
mod flow;
mod input;
mod keys;
mod terminal;
mod theme;
mod view;
mod wrap;

use std::io::IsTerminal;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;

pub use app::{App, Effect, Message, Overlay, Prefill, Screen, Status, press, update};
pub use facts::Field;
pub use terminal::restore;
pub use theme::Theme;
pub use view::{MIN_HEIGHT, MIN_WIDTH, view};

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
}

/// Carries out an effect, returning the message that reports its outcome.
pub fn perform(effect: Effect, storage: &dyn Storage) -> Message {
    match effect {
        Effect::Save(entry, pack) => Message::Saved(
            storage
                .save_entry(&entry, Some(&pack))
                .map_err(|e| e.to_string()),
        ),
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

fn dispatch(app: &mut App, message: Message, storage: &dyn Storage) {
    let mut pending = vec![message];
    while let Some(message) = pending.pop() {
        for effect in update(app, message) {
            pending.push(perform(effect, storage));
        }
    }
}

/// Runs the interface until the user quits.
pub fn run(context: Context) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "Afterword's reflection flow needs a terminal. To write an entry from a script, use `afterword new --pack ID --answers FILE.toml`."
        );
    }
    let now = context.clock.now();
    let mut app = App::new(context.library, now, context.theme).with_prefill(context.prefill);

    // The client history needs every entry's front matter: read it in the
    // background so the first frame never waits for the journal's size.
    let (sender, receiver) = mpsc::channel();
    let reader = context.journal.clone();
    thread::spawn(move || {
        let _ = sender.send(Message::History(reader.client_history()));
    });

    let mut guard = terminal::Guard::enter()?;
    loop {
        guard.terminal.draw(|frame| view(&app, frame))?;
        if app.quit {
            break;
        }
        while let Ok(message) = receiver.try_recv() {
            dispatch(&mut app, message, &context.journal);
        }
        if event::poll(Duration::from_millis(100))?
            && let Some(message) = message_for(event::read()?)
        {
            if matches!(message, Message::Resize) {
                // Repaint everything: some terminals keep stale cells after
                // a resize, and a diff against them would never fix them.
                let size = guard.terminal.size()?;
                guard
                    .terminal
                    .resize(Rect::new(0, 0, size.width, size.height))?;
            }
            dispatch(&mut app, message, &context.journal);
        }
    }
    drop(guard);
    Ok(())
}
