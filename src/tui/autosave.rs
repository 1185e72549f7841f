//! Keeping the draft on disk: written a moment after the last change,
//! at once when asked (quitting, a signal, a crash), and never when
//! nothing changed.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use super::app::{App, Message, update};
use crate::journal::{Draft, DraftLock, Journal, LockError, Storage};

/// How long after the last change a draft is written: short enough that a
/// killed process loses at most this much typing, long enough that a burst
/// of keys makes one write.
pub const DRAFT_DELAY: Duration = Duration::from_millis(250);

#[derive(Default)]
pub struct Autosave {
    /// The draft as last written.
    last: Option<Draft>,
    /// When the first change not yet written was seen.
    changed_at: Option<Instant>,
    lock: Option<DraftLock>,
    locked_id: Option<String>,
}

impl Autosave {
    fn differs(&self, current: &Draft) -> bool {
        match &self.last {
            None => true,
            Some(last) => {
                let mut current = current.clone();
                current.updated = last.updated;
                current.id.clone_from(&last.id);
                current != *last
            }
        }
    }

    /// Call after every message: starts the delay when the draft changed.
    pub fn note(&mut self, app: &App, now: Instant) {
        if self.changed_at.is_some() {
            return;
        }
        if let Some(draft) = app.draft(app.now)
            && self.differs(&draft)
        {
            self.changed_at = Some(now);
        }
    }

    /// When the pending draft is due, if one is.
    pub fn deadline(&self) -> Option<Instant> {
        self.changed_at.map(|t| t + DRAFT_DELAY)
    }

    pub fn due(&self, now: Instant) -> bool {
        self.deadline().is_some_and(|d| now >= d)
    }

    /// Holds the lock of a draft being resumed.
    pub fn lock(&mut self, journal: &Journal, id: &str) -> Result<(), LockError> {
        let lock = journal.lock_draft(id)?;
        self.lock = Some(lock);
        self.locked_id = Some(id.to_string());
        self.last = None;
        Ok(())
    }

    /// Forgets a draft that was saved as an entry or thrown away.
    pub fn forget(&mut self, id: &str) {
        if self.locked_id.as_deref() == Some(id) {
            self.lock = None;
            self.locked_id = None;
        }
        if self.last.as_ref().is_some_and(|d| d.id == id) {
            self.last = None;
        }
        self.changed_at = None;
    }

    /// Writes the draft if it changed; reports the outcome to the app.
    pub fn save(
        &mut self,
        app: &mut App,
        journal: &Journal,
        storage: &dyn Storage,
        wall: DateTime<FixedOffset>,
    ) {
        self.changed_at = None;
        let Some(mut draft) = app.draft(wall) else {
            return;
        };
        if !self.differs(&draft) {
            return;
        }
        if draft.id.is_empty() {
            match self.new_id(journal, &draft) {
                Ok(id) => draft.id = id,
                Err(reason) => {
                    update(app, Message::DraftSaved(Err(reason)));
                    return;
                }
            }
        }
        match storage.save_draft(&draft) {
            Ok(_) => {
                let id = draft.id.clone();
                self.last = Some(draft);
                update(app, Message::DraftSaved(Ok(id)));
            }
            Err(e) => {
                update(app, Message::DraftSaved(Err(e.to_string())));
            }
        }
    }

    /// A fresh id for a reflection's first draft, locked to this process.
    fn new_id(&mut self, journal: &Journal, draft: &Draft) -> Result<String, String> {
        for _ in 0..10 {
            let id = journal.new_draft_id(draft.created, &draft.pack);
            match journal.lock_draft(&id) {
                Ok(lock) => {
                    self.lock = Some(lock);
                    self.locked_id = Some(id.clone());
                    return Ok(id);
                }
                Err(LockError::InUse) => continue,
                Err(e) => return Err(e.to_string()),
            }
        }
        Err("no free draft name".into())
    }
}
