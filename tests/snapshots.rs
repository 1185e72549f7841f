//! Snapshots of the main screens at 80×24, as a user sees them.

mod common;

use afterword::pack::Library;
use afterword::tui::{App, Theme, press, update};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn app() -> App {
    App::new(Library::built_in(), common::now(), Theme { color: false })
}

fn on(pack: &str) -> App {
    common::app_on(pack, 12, false)
}

fn keys(app: &mut App, codes: &[KeyCode]) {
    for code in codes {
        update(app, press(*code, KeyModifiers::NONE));
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, press(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn screen(app: &App) -> String {
    common::text_of(&common::render(app, 80, 24))
        .trim_end_matches('\n')
        .to_string()
}

#[test]
fn pack_picker() {
    insta::assert_snapshot!(screen(&app()));
}

#[test]
fn session_facts() {
    let mut app = app();
    keys(&mut app, &[KeyCode::Enter]);
    typed(&mut app, "A-17");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn scale_prompt() {
    let mut app = on("post-session");
    typed(&mut app, "7");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn long_text_prompt() {
    let mut app = on("post-session");
    keys(
        &mut app,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Tab],
    );
    typed(&mut app, "y");
    typed(
        &mut app,
        "She went quiet when I mentioned the holidays, and agreed with everything I said after that.",
    );
    keys(&mut app, &[KeyCode::Enter]);
    typed(
        &mut app,
        "I named it near the end; she laughed, then cried.",
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn multiple_choice_prompt() {
    let mut app = on("rupture");
    typed(&mut app, "y");
    keys(&mut app, &[KeyCode::Tab]);
    keys(
        &mut app,
        &[KeyCode::Char('1'), KeyCode::Char('3'), KeyCode::Down],
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn review() {
    let mut app = on("quick");
    typed(&mut app, "The long silence, and what broke it.");
    keys(&mut app, &[KeyCode::Tab]);
    typed(&mut app, "She asked if I was bored.");
    keys(
        &mut app,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Tab],
    );
    typed(&mut app, "6");
    keys(&mut app, &[KeyCode::Tab]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_overlay() {
    let mut app = on("post-session");
    typed(&mut app, "?");
    insta::assert_snapshot!(screen(&app));
}
