//! The reflection flow driven through `update` with key events, with
//! assertions on the state and on what is drawn (ratatui's `TestBackend`).

mod common;

use std::path::PathBuf;

use afterword::answer::Answer;
use afterword::entry::{ClientCode, Entry, Modality, parse_entry};
use afterword::journal::{ClientHistory, Draft, Journal, JournalError, Storage};
use afterword::pack::{Library, Pack};
use afterword::tui::{
    App, Effect, Message, Overlay, Screen, Status, Theme, perform, press, update,
};
use common::{now, render, text_of};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::style::{Color, Modifier};

fn app() -> App {
    App::new(Library::built_in(), now(), Theme { color: true })
}

fn app_on(pack: &str) -> App {
    common::app_on(pack, 3, true)
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, press(code, KeyModifiers::NONE))
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    update(app, press(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn screen_text(app: &App) -> String {
    text_of(&render(app, 80, 24))
}

fn current(app: &App) -> &str {
    &app.flow.as_ref().unwrap().current
}

fn answer<'a>(app: &'a App, id: &str) -> Option<&'a Answer> {
    app.flow.as_ref().unwrap().reflection.answers.get(id)
}

fn save(app: &mut App, storage: &dyn Storage) {
    let effects = ctrl(app, 's');
    assert_eq!(effects.len(), 1, "Ctrl-S asks to save");
    for effect in effects {
        if let Some(outcome) = perform(effect, storage) {
            update(app, outcome);
        }
    }
}

#[test]
fn launch_to_first_prompt_takes_three_keystrokes_besides_the_code() {
    let mut app = app();
    assert_eq!(app.screen, Screen::Picker);
    assert!(screen_text(&app).contains("›  1. After a session"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Facts);
    type_text(&mut app, "A-17");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Prompt);
    assert_eq!(current(&app), "bond");
    let text = screen_text(&app);
    assert!(
        text.contains("After a session · A-17 · session 1"),
        "{text}"
    );
    assert!(text.contains("1 / 17"), "{text}");
    assert!(text.contains("THE ALLIANCE"));
    assert!(text.contains("How connected did we feel today?"));
}

#[test]
fn a_client_code_is_a_pseudonym() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Facts, "no code, no start");
    assert!(screen_text(&app).contains("a client code is needed"));
    type_text(&mut app, "Jo ");
    let text = screen_text(&app);
    assert!(text.contains("` ` cannot be used"), "{text}");
    assert!(text.contains("Jo"));
}

#[test]
fn known_codes_complete_and_the_session_number_follows_the_last() {
    let mut app = app();
    let mut history = ClientHistory::default();
    history.add(ClientCode::new("A-17").unwrap(), 4, now(), Modality::Couple);
    history.add(
        ClientCode::new("B-2").unwrap(),
        9,
        now(),
        Modality::Individual,
    );
    update(&mut app, Message::History(history));
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "a");
    assert!(screen_text(&app).contains("Tab completes: A-17"));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Enter);
    let facts = &app.flow.as_ref().unwrap().reflection.facts;
    assert_eq!(facts.client.as_str(), "A-17");
    assert_eq!(facts.session, 5);
    assert_eq!(facts.modality, Modality::Couple);
}

#[test]
fn the_date_defaults_to_now_and_can_be_edited() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("2026-11-21 14:30"));
    type_text(&mut app, "C-1");
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    for _ in 0..5 {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "09:05");
    key(&mut app, KeyCode::Enter);
    let date = app.flow.as_ref().unwrap().reflection.facts.date;
    assert_eq!(date.to_rfc3339(), "2026-11-21T09:05:00+01:00");

    let mut app = app_on("quick");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Facts);
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "x");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Facts);
    assert!(screen_text(&app).contains("YYYY-MM-DD HH:MM"));
}

#[test]
fn a_scale_is_set_with_digits_or_arrows_and_drawn_with_its_labels() {
    let mut app = app_on("post-session");
    type_text(&mut app, "10");
    assert_eq!(answer(&app, "bond"), Some(&Answer::Integer(10)));
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(answer(&app, "bond"), Some(&Answer::Integer(8)));
    let text = screen_text(&app);
    assert!(text.contains("8 of 0–10"), "{text}");
    assert!(text.contains("distant") && text.contains("close"));
    key(&mut app, KeyCode::Backspace);
    assert_eq!(answer(&app, "bond"), None);
    key(&mut app, KeyCode::Right);
    assert_eq!(
        answer(&app, "bond"),
        Some(&Answer::Integer(5)),
        "first arrow starts mid-scale"
    );
    key(&mut app, KeyCode::End);
    assert_eq!(answer(&app, "bond"), Some(&Answer::Integer(10)));
}

#[test]
fn conditions_apply_live_and_progress_counts_only_shown_prompts() {
    let mut app = app_on("post-session");
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(current(&app), "tension");
    assert!(screen_text(&app).contains("5 / 17"));
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(
        current(&app),
        "tension-note",
        "y answers and moves on to the follow-up"
    );
    assert!(screen_text(&app).contains("6 / 18"));
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(current(&app), "listening", "the follow-up is hidden again");
    assert!(screen_text(&app).contains("6 / 17"));
}

#[test]
fn long_text_is_a_real_editor_and_paste_stays_in_the_answer() {
    let mut app = app_on("quick");
    assert_eq!(current(&app), "what-mattered");
    type_text(&mut app, "First line");
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "second");
    assert_eq!(
        current(&app),
        "what-mattered",
        "Enter is a new line, not the next prompt"
    );
    update(
        &mut app,
        Message::Paste("\npasted one\r\npasted two 日本語 🙂".into()),
    );
    assert_eq!(current(&app), "what-mattered");
    assert_eq!(
        answer(&app, "what-mattered"),
        Some(&Answer::Text(
            "First line\nsecond\npasted one\npasted two 日本語 🙂".into()
        ))
    );
    ctrl(&mut app, 'z');
    assert_eq!(
        answer(&app, "what-mattered"),
        Some(&Answer::Text("First line\nsecond".into()))
    );
    ctrl(&mut app, 'y');
    let text = screen_text(&app);
    assert!(text.contains("pasted two 日本語 🙂"), "{text}");
    // Word jumps and Home/End move the cursor, and typing lands there.
    update(&mut app, press(KeyCode::Home, KeyModifiers::NONE));
    type_text(&mut app, "> ");
    let Some(Answer::Text(t)) = answer(&app, "what-mattered") else {
        panic!()
    };
    assert!(t.ends_with("> pasted two 日本語 🙂"), "{t}");
    // ? is a letter in an editor; F1 opens the help.
    type_text(&mut app, "?");
    assert_eq!(app.overlay, None);
    key(&mut app, KeyCode::F(1));
    assert_eq!(app.overlay, Some(Overlay::Help));
    assert!(screen_text(&app).contains("undo / redo"));
}

#[test]
fn short_text_goes_on_with_enter() {
    let mut app = app_on("quick");
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(current(&app), "feeling");
    type_text(&mut app, "tender");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current(&app), "worked");
    assert_eq!(
        answer(&app, "feeling"),
        Some(&Answer::Text("tender".into()))
    );
}

#[test]
fn a_required_prompt_says_why_it_cannot_be_skipped() {
    let mut app = app_on("quick");
    key(&mut app, KeyCode::Tab);
    assert_eq!(current(&app), "what-mattered");
    assert!(matches!(&app.status, Some(Status::Error(m)) if m.contains("required")));
    assert!(screen_text(&app).contains("This prompt is required by the pack"));
}

#[test]
fn single_choice_with_enter_and_multiple_choice_with_other_text() {
    let mut app = app_on("culture");
    key(&mut app, KeyCode::Tab);
    assert_eq!(current(&app), "opportunity");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        answer(&app, "opportunity"),
        Some(&Answer::Choice {
            id: "realised-later".into(),
            other: None
        })
    );
    assert_eq!(current(&app), "opportunity-note", "the follow-up opened");

    let mut app = app_on("countertransference");
    type_text(&mut app, "8");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(current(&app), "patterns");
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Char(' '));
    type_text(&mut app, "like a judge");
    let text = screen_text(&app);
    assert!(text.contains("[x] Helpless or inadequate"), "{text}");
    assert!(text.contains("[x] Something else: like a judge"), "{text}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        current(&app),
        "patterns",
        "Enter leaves the other text first"
    );
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(
        answer(&app, "patterns"),
        Some(&Answer::Choices {
            ids: vec!["overwhelmed".into(), "helpless".into(), "other".into()],
            other: Some("like a judge".into())
        }),
        "kept in the pack's order"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(current(&app), "body");
}

#[test]
fn numbers_are_checked_against_their_bounds() {
    let mut app = app_on("supervision");
    for _ in 0..8 {
        key(&mut app, KeyCode::Tab);
    }
    // The required question stops the walk: answer it and go on.
    assert_eq!(current(&app), "question");
    type_text(&mut app, "How do I hold the silence?");
    for _ in 0..5 {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(current(&app), "hours-direct");
    type_text(&mut app, "12,5");
    assert_eq!(answer(&app, "hours-direct"), Some(&Answer::Decimal(12.5)));
    key(&mut app, KeyCode::Home);
    type_text(&mut app, "9abc");
    assert_eq!(answer(&app, "hours-direct"), None, "912.5 is out of bounds");
    let text = screen_text(&app);
    assert!(
        text.contains("not a valid answer yet: at most 80"),
        "{text}"
    );
    assert!(
        text.contains("912,5"),
        "letters are not typed into a number"
    );
    assert!(text.contains(" hours "), "the unit is shown");
}

#[test]
fn yes_no_by_letter_arrow_or_space() {
    let mut app = app_on("rupture");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current(&app), "any", "Enter does nothing until answered");
    key(&mut app, KeyCode::Left);
    assert_eq!(answer(&app, "any"), Some(&Answer::Bool(true)));
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(answer(&app, "any"), Some(&Answer::Bool(false)));
    assert!(screen_text(&app).contains("[ No ]"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screen,
        Screen::Review,
        "no follow-ups: straight to the review"
    );
}

#[test]
fn review_lists_answers_marks_required_and_edits_in_place() {
    let mut app2 = app_on("quick");
    assert!(ctrl(&mut app2, 's').is_empty());
    assert_eq!(app2.screen, Screen::Review);
    let text = screen_text(&app2);
    assert!(
        text.contains("✗ What happened that matters for my learning"),
        "{text}"
    );
    assert!(text.contains("required — not answered"));
    assert!(text.contains("Not saved yet: 1 required prompt still needs an answer"));

    key(&mut app2, KeyCode::Enter);
    assert_eq!(app2.screen, Screen::Prompt);
    type_text(&mut app2, "The silence after the question.");
    key(&mut app2, KeyCode::Tab);
    assert_eq!(app2.screen, Screen::Review, "Tab returns to the review");
    let text = screen_text(&app2);
    assert!(text.contains("The silence after the question."));
    assert!(!text.contains("✗"));

    key(&mut app2, KeyCode::Char('t'));
    type_text(&mut app2, " hard-week");
    key(&mut app2, KeyCode::Enter);
    key(&mut app2, KeyCode::Char('f'));
    let text = screen_text(&app2);
    assert!(text.contains("Tags  hard-week"), "{text}");
    assert!(text.contains("[x] bring to supervision"));
}

#[test]
fn saving_writes_the_entry_and_shows_where() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    let mut app = app_on("quick");
    type_text(&mut app, "A moment of *real* contact.\n");
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "---\n## not a section");
    for _ in 0..5 {
        key(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "7");
    save(&mut app, &journal);
    assert_eq!(app.screen, Screen::Saved);
    let path = app.saved_path.clone().unwrap();
    assert_eq!(
        path,
        dir.path().join("entries/2026/11/2026-11-21-1430-quick.md")
    );
    assert!(screen_text(&app).contains("Your reflection is saved."));
    let entry = parse_entry(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(entry.facts.session, 3);
    assert_eq!(entry.answer("settled"), Some(&Answer::Integer(7)));
    assert_eq!(
        entry.answer("what-mattered"),
        Some(&Answer::Text(
            "A moment of *real* contact.\n\n---\n## not a section".into()
        ))
    );
    // The same minute again: a second file, never an overwrite.
    let mut again = app_on("quick");
    type_text(&mut again, "Again.");
    save(&mut again, &journal);
    assert_eq!(
        again.saved_path.unwrap(),
        dir.path()
            .join("entries/2026/11/2026-11-21-1430-quick-2.md")
    );
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Picker);
}

struct FailingStorage;

fn disk_full(path: &str) -> JournalError {
    JournalError::Write {
        path: PathBuf::from(path),
        source: std::io::Error::from_raw_os_error(28),
    }
}

impl Storage for FailingStorage {
    fn save_entry(&self, _: &Entry, _: Option<&Pack>) -> Result<PathBuf, JournalError> {
        Err(disk_full("/journal/entries/2026/11"))
    }
    fn save_draft(&self, _: &Draft) -> Result<PathBuf, JournalError> {
        Err(disk_full("/journal/drafts"))
    }
    fn remove_draft(&self, _: &str) -> Result<(), JournalError> {
        Ok(())
    }
}

#[test]
fn a_failed_save_keeps_everything_and_says_why() {
    let mut app = app_on("quick");
    type_text(&mut app, "Keep me.");
    save(&mut app, &FailingStorage);
    assert_eq!(app.screen, Screen::Prompt);
    assert_eq!(
        answer(&app, "what-mattered"),
        Some(&Answer::Text("Keep me.".into()))
    );
    assert!(matches!(app.overlay, Some(Overlay::SaveFailed(_))));
    let text = screen_text(&app);
    assert!(
        text.contains("could not save to /journal/entries/2026/11"),
        "{text}"
    );
    assert!(
        text.contains("r try again") && text.contains("e save elsewhere"),
        "{text}"
    );
    assert!(!app.saving);
    // Retry once the disk is back.
    let dir = tempfile::tempdir().unwrap();
    let effects = key(&mut app, KeyCode::Char('r'));
    for effect in effects {
        if let Some(outcome) = perform(effect, &Journal::new(dir.path())) {
            update(&mut app, outcome);
        }
    }
    assert_eq!(app.screen, Screen::Saved);
}

#[test]
fn a_failed_save_can_go_to_another_folder() {
    let elsewhere = tempfile::tempdir().unwrap();
    let mut app = app_on("quick");
    app.home = Some(elsewhere.path().to_path_buf());
    type_text(&mut app, "Keep me.");
    save(&mut app, &FailingStorage);
    key(&mut app, KeyCode::Char('e'));
    assert_eq!(app.overlay, Some(Overlay::SaveElsewhere));
    assert!(screen_text(&app).contains("save the entry in another folder"));
    type_text(&mut app, "/rescue");
    let effects = key(&mut app, KeyCode::Enter);
    for effect in effects {
        if let Some(outcome) = perform(effect, &FailingStorage) {
            update(&mut app, outcome);
        }
    }
    assert_eq!(app.screen, Screen::Saved);
    let path = app.saved_path.clone().unwrap();
    assert_eq!(
        path,
        elsewhere.path().join("rescue/2026-11-21-1430-quick.md")
    );
    assert!(parse_entry(&std::fs::read_to_string(path).unwrap()).is_ok());
}

#[test]
fn a_real_write_failure_shows_the_path_and_leaves_nothing_behind() {
    let mut app = app_on("quick");
    type_text(&mut app, "Keep me.");
    // A journal whose `entries` is a file, not a folder, cannot be written.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("entries"), "").unwrap();
    save(&mut app, &Journal::new(dir.path()));
    assert_eq!(app.screen, Screen::Prompt);
    assert!(
        matches!(&app.overlay, Some(Overlay::SaveFailed(reason)) if reason.contains("entries/2026/11"))
    );
    assert_eq!(
        answer(&app, "what-mattered"),
        Some(&Answer::Text("Keep me.".into()))
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["entries"], "no temporary file left");
}

#[test]
fn only_key_presses_count() {
    let mut app = app();
    let mut release = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    update(&mut app, Message::Key(release));
    assert_eq!(app.screen, Screen::Picker);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Down);
    assert_eq!(app.picker_cursor, 2, "vim and arrow keys both move");
}

#[test]
fn quitting_with_answers_asks_first() {
    let mut app = app_on("quick");
    ctrl(&mut app, 'c');
    assert!(app.quit, "nothing to lose: quits at once");
    let mut app = app_on("quick");
    type_text(&mut app, "words");
    let effects = ctrl(&mut app, 'q');
    assert!(
        matches!(effects[..], [Effect::SaveDraftNow]),
        "the draft is written at once"
    );
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    assert!(screen_text(&app).contains("Leave this reflection?"));
    assert!(screen_text(&app).contains("kept as a draft"));
    key(&mut app, KeyCode::Char('n'));
    assert!(!app.quit);
    assert_eq!(
        answer(&app, "what-mattered"),
        Some(&Answer::Text("words".into()))
    );
    ctrl(&mut app, 'c');
    key(&mut app, KeyCode::Char('y'));
    assert!(app.quit);
}

#[test]
fn esc_goes_back_one_level() {
    let mut app = app_on("quick");
    type_text(&mut app, "kept");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Facts);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Picker);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        answer(&app, "what-mattered"),
        Some(&Answer::Text("kept".into())),
        "same pack, same answers"
    );
    // Another pack would lose them: that needs a yes.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay, Some(Overlay::ConfirmDiscard(2)));
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.screen, Screen::Facts);
    assert!(app.flow.is_none());
}

#[test]
fn every_screen_survives_every_size() {
    let mut screens = vec![app(), app_on("post-session")];
    let mut facts = app();
    key(&mut facts, KeyCode::Enter);
    screens.push(facts);
    let mut choice = app_on("culture");
    key(&mut choice, KeyCode::Tab);
    screens.push(choice);
    let mut text = app_on("quick");
    type_text(
        &mut text,
        "日本語のテキスト and emoji 🙂 wrapping across the narrow window",
    );
    screens.push(text);
    let mut review = app_on("quick");
    ctrl(&mut review, 's');
    screens.push(review);
    let mut help = app();
    key(&mut help, KeyCode::Char('?'));
    screens.push(help);
    let mut failed = app_on("quick");
    type_text(&mut failed, "x");
    save(&mut failed, &FailingStorage);
    screens.push(failed);
    let mut elsewhere = app_on("quick");
    type_text(&mut elsewhere, "x");
    save(&mut elsewhere, &FailingStorage);
    key(&mut elsewhere, KeyCode::Char('e'));
    screens.push(elsewhere);
    let mut quitting = app_on("quick");
    type_text(&mut quitting, "x");
    ctrl(&mut quitting, 'c');
    screens.push(quitting);
    let draft_source = app_on("couples");
    let mut draft = draft_source.draft(now()).unwrap_or_else(|| {
        let mut a = app_on("couples");
        type_text(&mut a, "5");
        a.draft(now()).unwrap()
    });
    draft.id = "20261121-143000-couples".into();
    let found = vec![afterword::journal::FoundDraft {
        draft,
        in_use: true,
    }];
    let damaged = vec![afterword::journal::DamagedDraft {
        path: PathBuf::from("/j/drafts/x.toml.damaged"),
        problem: "line 3: invalid string".into(),
    }];
    screens.push(
        App::new(Library::built_in(), now(), Theme { color: true }).with_drafts(found, damaged),
    );
    for app in &screens {
        for width in [1, 2, 5, 20, 49, 50, 51, 80, 200] {
            for height in [1, 2, 5, 13, 14, 15, 24, 60] {
                let text = text_of(&render(app, width, height));
                if width < 50 || height < 14 {
                    assert!(
                        width < 10
                            || height < 3
                            || text.contains("Make")
                            || text.contains("larger"),
                        "{width}×{height}:\n{text}"
                    );
                }
            }
        }
    }
    let small = text_of(&render(&screens[0], 40, 10));
    assert!(small.contains("at least 50×14"), "{small}");
}

#[test]
fn no_color_uses_no_colour_and_keeps_the_selection_visible() {
    let app = App::new(Library::built_in(), now(), Theme { color: false });
    let buffer = render(&app, 80, 24);
    for cell in buffer.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    let selected = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .count();
    assert!(selected > 20, "the chosen pack is in reverse video");
}

#[test]
fn wide_characters_keep_the_cursor_aligned() {
    let mut app = app_on("quick");
    type_text(&mut app, "日本🙂x");
    key(&mut app, KeyCode::Left);
    let buffer = render(&app, 80, 24);
    let cursor: Vec<(u16, u16)> = (0..24)
        .flat_map(|y| (0..80).map(move |x| (x, y)))
        .filter(|&(x, y)| buffer[(x, y)].modifier.contains(Modifier::REVERSED) && y > 3 && y < 22)
        .collect();
    let line = text_of(&buffer)
        .lines()
        .find(|l| l.contains("日本🙂x"))
        .unwrap()
        .to_string();
    let (x, y) = cursor[0];
    assert_eq!(
        buffer[(x, y)].symbol(),
        "x",
        "the cursor sits on the x after 6 cells of wide text: {line}"
    );
    assert_eq!(buffer[(x - 6, y)].symbol(), "日");
}

#[test]
fn a_broken_user_pack_is_named_and_the_others_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.toml"), "id = \"mine\"\ntitle = 3\n").unwrap();
    let library = Library::load(Some(dir.path()));
    let app = App::new(library, now(), Theme { color: true });
    let text = screen_text(&app);
    assert!(text.contains("After a session"), "{text}");
    assert!(text.contains("Not loaded"), "{text}");
    assert!(
        text.contains("mine.toml:1:1: the pack is missing `version`"),
        "{text}"
    );
}

#[test]
fn ctrl_s_saves_from_the_session_details_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on("quick");
    type_text(&mut app, "Words.");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Facts);
    save(&mut app, &Journal::new(dir.path()));
    assert_eq!(app.screen, Screen::Saved);
}
