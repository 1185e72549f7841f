//! Drafts: written after changes, taken up again exactly, locked between
//! windows, removed once the entry is saved.

mod common;

use std::cell::Cell;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use afterword::answer::Answer;
use afterword::clock::FixedClock;
use afterword::entry::Entry;
use afterword::journal::{Draft, Journal, JournalError, LockError, Storage};
use afterword::pack::{Library, Pack};
use afterword::tui::{App, Autosave, DRAFT_DELAY, Overlay, Runner, Screen, Status, Theme, press};
use common::now;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn app_on(pack: &str) -> App {
    common::app_on(pack, 3, true)
}

/// Counts draft writes, passing everything to a real journal.
struct Counting<'a> {
    journal: &'a Journal,
    drafts: Cell<usize>,
    fail: Cell<bool>,
}

impl<'a> Counting<'a> {
    fn new(journal: &'a Journal, fail: bool) -> Counting<'a> {
        Counting {
            journal,
            drafts: Cell::new(0),
            fail: Cell::new(fail),
        }
    }
}

/// A window that typed `text` into the quick pack, saved its draft and
/// closed (its lock goes with it).
fn leave_a_draft(journal: &Journal, storage: &Counting, clock: &FixedClock, text: &str) {
    let mut r = runner(journal, storage, clock);
    let mut app = app_on("quick");
    typed(&mut r, &mut app, text);
    r.save_draft(&mut app);
}

impl Storage for Counting<'_> {
    fn save_entry(&self, entry: &Entry, pack: Option<&Pack>) -> Result<PathBuf, JournalError> {
        self.journal.save_entry(entry, pack)
    }
    fn save_draft(&self, draft: &Draft) -> Result<PathBuf, JournalError> {
        if self.fail.get() {
            return Err(JournalError::Write {
                path: self.journal.drafts_dir(),
                source: std::io::Error::from_raw_os_error(28),
            });
        }
        self.drafts.set(self.drafts.get() + 1);
        self.journal.save_draft(draft)
    }
    fn remove_draft(&self, id: &str) -> Result<(), JournalError> {
        self.journal.remove_draft(id)
    }
}

fn runner<'a>(
    journal: &'a Journal,
    storage: &'a Counting<'a>,
    clock: &'a FixedClock,
) -> Runner<'a> {
    Runner {
        journal,
        storage,
        clock,
        autosave: Autosave::default(),
        background: None,
    }
}

fn typed(runner: &mut Runner, app: &mut App, text: &str) {
    for c in text.chars() {
        runner.dispatch(app, press(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn a_draft_is_written_once_after_a_pause_and_not_again_without_changes() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    let storage = Counting::new(&journal, false);
    let clock = FixedClock(now());
    let mut r = runner(&journal, &storage, &clock);
    let mut app = app_on("quick");
    let start = Instant::now();
    typed(&mut r, &mut app, "Some words");
    let deadline = r.autosave.deadline().expect("a change starts the delay");
    assert!(deadline <= Instant::now() + DRAFT_DELAY && deadline >= start + DRAFT_DELAY);
    assert!(!r.autosave.due(start), "not before the delay");
    assert_eq!(storage.drafts.get(), 0);
    std::thread::sleep(DRAFT_DELAY + Duration::from_millis(20));
    r.tick(&mut app);
    assert_eq!(storage.drafts.get(), 1, "one write for the whole burst");
    let id = app
        .flow
        .as_ref()
        .unwrap()
        .draft_id
        .clone()
        .expect("the draft got an id");
    assert!(!id.contains("A-17"), "never a client code in a file name");
    // Nothing changed: no write, even when asked.
    r.save_draft(&mut app);
    r.tick(&mut app);
    assert_eq!(storage.drafts.get(), 1);
    // Moving the cursor is a change: the draft keeps where the user was.
    r.dispatch(&mut app, press(KeyCode::Left, KeyModifiers::NONE));
    r.save_draft(&mut app);
    assert_eq!(storage.drafts.get(), 2);
    let (found, _) = journal.drafts();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].draft.position.cursor, Some((0, 9)));
    assert!(found[0].in_use, "held by this window while it is open");

    // Saving the entry removes the draft and its lock.
    r.dispatch(&mut app, press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(app.screen, Screen::Saved);
    assert!(journal.drafts().0.is_empty());
    assert!(!journal.drafts_dir().join(format!("{id}.lock")).exists());
}

#[test]
fn quitting_writes_the_draft_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    let storage = Counting::new(&journal, false);
    let clock = FixedClock(now());
    let mut r = runner(&journal, &storage, &clock);
    let mut app = app_on("quick");
    typed(&mut r, &mut app, "x");
    r.dispatch(&mut app, press(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(
        storage.drafts.get(),
        1,
        "Ctrl-C writes the draft before asking"
    );
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
}

#[test]
fn a_draft_that_cannot_be_written_says_so_and_keeps_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    let storage = Counting::new(&journal, true);
    let clock = FixedClock(now());
    let mut r = runner(&journal, &storage, &clock);
    let mut app = app_on("quick");
    typed(&mut r, &mut app, "kept");
    r.save_draft(&mut app);
    assert!(matches!(&app.status, Some(Status::Error(m)) if m.starts_with("Draft not saved")));
    assert_eq!(
        app.flow
            .as_ref()
            .unwrap()
            .reflection
            .answers
            .get("what-mattered"),
        Some(&Answer::Text("kept".into()))
    );
    storage.fail.set(false);
    typed(&mut r, &mut app, "!");
    r.save_draft(&mut app);
    assert_eq!(
        app.status, None,
        "the message goes once drafts are written again"
    );
}

#[test]
fn the_next_start_offers_drafts_and_resumes_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    let storage = Counting::new(&journal, false);
    let clock = FixedClock(now());
    {
        let mut r = runner(&journal, &storage, &clock);
        let mut app = app_on("post-session");
        typed(&mut r, &mut app, "7");
        r.dispatch(&mut app, press(KeyCode::Tab, KeyModifiers::NONE));
        for _ in 0..3 {
            r.dispatch(&mut app, press(KeyCode::Tab, KeyModifiers::NONE));
        }
        typed(&mut r, &mut app, "y");
        typed(&mut r, &mut app, "She looked away.");
        r.dispatch(&mut app, press(KeyCode::Enter, KeyModifiers::NONE));
        typed(&mut r, &mut app, "Then back.");
        r.dispatch(&mut app, press(KeyCode::Up, KeyModifiers::NONE));
        r.save_draft(&mut app);
        // This window closes (its lock goes with it).
    }
    let (found, damaged) = journal.drafts();
    assert!(damaged.is_empty());
    let mut r = runner(&journal, &storage, &clock);
    let mut app =
        App::new(Library::built_in(), now(), Theme { color: true }).with_drafts(found, vec![]);
    assert_eq!(app.screen, Screen::Drafts);
    r.dispatch(&mut app, press(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.screen, Screen::Prompt);
    let flow = app.flow.as_ref().unwrap();
    assert_eq!(flow.current, "tension-note");
    assert_eq!(
        flow.reflection.answers.get("bond"),
        Some(&Answer::Integer(7))
    );
    assert_eq!(
        flow.position(false).cursor,
        Some((0, 10)),
        "same line, same column"
    );
    // A second window cannot take it while this one holds it.
    assert!(matches!(
        journal.lock_draft(flow.draft_id.as_ref().unwrap()),
        Err(LockError::InUse)
    ));
    assert!(journal.drafts().0[0].in_use);
    typed(&mut r, &mut app, "!");
    let Some(Answer::Text(note)) = app
        .flow
        .as_ref()
        .unwrap()
        .reflection
        .answers
        .get("tension-note")
    else {
        panic!()
    };
    assert_eq!(
        note, "She looked! away.\nThen back.",
        "typing lands at the resumed cursor"
    );
}

#[test]
fn a_draft_can_be_left_for_later_or_discarded_after_a_yes() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    let storage = Counting::new(&journal, false);
    let clock = FixedClock(now());
    leave_a_draft(&journal, &storage, &clock, "one");
    let (found, _) = journal.drafts();
    let mut r = runner(&journal, &storage, &clock);
    let mut app = App::new(Library::built_in(), now(), Theme { color: true })
        .with_drafts(found.clone(), vec![]);
    r.dispatch(&mut app, press(KeyCode::Char('n'), KeyModifiers::NONE));
    assert_eq!(app.screen, Screen::Picker, "left for later");
    assert_eq!(journal.drafts().0.len(), 1);
    r.dispatch(&mut app, press(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(app.screen, Screen::Drafts);
    r.dispatch(&mut app, press(KeyCode::Char('d'), KeyModifiers::NONE));
    assert_eq!(app.overlay, Some(Overlay::ConfirmDiscardDraft(0)));
    r.dispatch(&mut app, press(KeyCode::Char('n'), KeyModifiers::NONE));
    assert_eq!(journal.drafts().0.len(), 1, "no is no");
    r.dispatch(&mut app, press(KeyCode::Char('d'), KeyModifiers::NONE));
    r.dispatch(&mut app, press(KeyCode::Char('y'), KeyModifiers::NONE));
    assert!(journal.drafts().0.is_empty());
    assert_eq!(app.screen, Screen::Picker);
}

#[test]
fn a_damaged_draft_is_set_aside_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    fs::create_dir_all(journal.drafts_dir()).unwrap();
    fs::write(
        journal.draft_path("20261121-143000-quick"),
        "format = 1\npack = \"quick\"\nclient = ",
    )
    .unwrap();
    let (found, damaged) = journal.drafts();
    assert!(found.is_empty());
    assert_eq!(damaged.len(), 1);
    assert!(
        damaged[0]
            .path
            .ends_with("20261121-143000-quick.toml.damaged")
    );
    assert!(damaged[0].path.exists(), "kept, not deleted");
    let app =
        App::new(Library::built_in(), now(), Theme { color: true }).with_drafts(found, damaged);
    assert!(matches!(&app.status, Some(Status::Error(m)) if m.contains("set aside as .damaged")));
}

#[test]
fn a_draft_whose_pack_is_gone_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    let storage = Counting::new(&journal, false);
    let clock = FixedClock(now());
    leave_a_draft(&journal, &storage, &clock, "one");
    let text = fs::read_to_string(
        journal
            .drafts_dir()
            .read_dir()
            .unwrap()
            .flatten()
            .find(|e| e.path().extension().is_some_and(|x| x == "toml"))
            .unwrap()
            .path(),
    )
    .unwrap();
    let path = journal.drafts_dir().join("20261121-143000-mine.toml");
    fs::write(&path, text.replace("pack = \"quick\"", "pack = \"mine\"")).unwrap();
    let (found, _) = journal.drafts();
    let mut r = runner(&journal, &storage, &clock);
    let mut app =
        App::new(Library::built_in(), now(), Theme { color: true }).with_drafts(found, vec![]);
    let index = app
        .drafts
        .iter()
        .position(|d| d.draft.pack == "mine")
        .unwrap();
    app.drafts_cursor = index;
    r.dispatch(&mut app, press(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.screen, Screen::Drafts);
    assert!(matches!(&app.status, Some(Status::Error(m)) if m.contains("The pack `mine`")));
    assert!(path.exists());
}
