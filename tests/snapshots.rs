//! Snapshots of the main screens at 80×24, as a user sees them.

use afterword::entry::ClientCode;
use afterword::pack::Library;
use afterword::tui::{App, Prefill, Theme, press, update, view};
use chrono::{FixedOffset, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn app() -> App {
    let now = FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 21, 14, 30, 0)
        .unwrap();
    App::new(Library::built_in(), now, Theme { color: false })
}

fn on(pack: &str) -> App {
    app().with_prefill(Prefill {
        pack: Some(pack.into()),
        client: Some(ClientCode::new("A-17").unwrap()),
        session: Some(12),
        modality: None,
    })
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
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| view(app, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..24)
        .map(|y| {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..80 {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let s = buffer[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
                line.push_str(s);
            }
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
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
