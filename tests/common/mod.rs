//! Helpers shared by the integration tests: a fixed time, apps on a pack,
//! the binary with every folder in a temporary one, and screen text.
#![allow(dead_code)]

use std::path::Path;

use afterword::entry::ClientCode;
use afterword::pack::Library;
use afterword::tui::{App, Prefill, Theme, view};
use chrono::{DateTime, FixedOffset, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// 2026-11-21 14:30 at UTC+1: the "now" of every test.
pub fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 21, 14, 30, 0)
        .unwrap()
}

pub const NOW: &str = "2026-11-21T14:30:00+01:00";

/// An app already on the first prompt of `pack`, for client A-17.
pub fn app_on(pack: &str, session: u32, color: bool) -> App {
    App::new(Library::built_in(), now(), Theme { color }).with_prefill(Prefill {
        pack: Some(pack.into()),
        client: Some(ClientCode::new("A-17").unwrap()),
        session: Some(session),
        modality: None,
    })
}

/// The binary, with HOME, config and journal inside `home` and a fixed time.
pub fn afterword(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("afterword").unwrap();
    cmd.env_clear()
        .env("HOME", home)
        .env("AFTERWORD_CONFIG", home.join("config"))
        .env("AFTERWORD_JOURNAL", home.join("journal"))
        .env("AFTERWORD_TEST_NOW", NOW);
    cmd
}

pub fn render(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The buffer as lines of text, wide characters counted once.
pub fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
