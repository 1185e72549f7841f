//! Entering and leaving the full-screen terminal, and making sure it is
//! left however the program ends.

use std::io::{self, Stdout, Write, stdout};
use std::path::PathBuf;
use std::sync::{Mutex, Once, OnceLock};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back: raw mode off, main screen, cursor shown,
/// bracketed paste off. Safe to call more than once.
pub fn restore() {
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

static CRASH_DIR: OnceLock<PathBuf> = OnceLock::new();
static LAST_REPORT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Where crash reports go (inside the journal, so the user finds them).
pub fn set_crash_dir(dir: PathBuf) {
    let _ = CRASH_DIR.set(dir);
}

/// The crash report written by the last panic, if one was.
pub fn last_crash_report() -> Option<PathBuf> {
    LAST_REPORT.lock().ok().and_then(|r| r.clone())
}

/// A report of where the program failed. It never holds the panic's
/// message, which could quote an answer: only the place and the call stack.
fn write_crash_report(info: &std::panic::PanicHookInfo) -> Option<PathBuf> {
    let dir = CRASH_DIR.get()?;
    crate::journal::create_private_dir(dir).ok()?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let path = dir.join(format!("crash-{stamp}-{}.txt", std::process::id()));
    let location = info.location().map_or("unknown".to_string(), |l| {
        format!("{}:{}", l.file(), l.line())
    });
    let report = format!(
        "Afterword {} crashed.\nWhere: {location}\nThread: {}\n\n{}\n",
        env!("CARGO_PKG_VERSION"),
        std::thread::current().name().unwrap_or("unnamed"),
        std::backtrace::Backtrace::force_capture()
    );
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path).ok()?;
    file.write_all(report.as_bytes()).ok()?;
    Some(path)
}

/// Restores the terminal first, so the shell is usable whatever follows,
/// then writes a crash report. Installed once per process (entering the
/// terminal again after `$EDITOR` must not stack hooks). The caller prints
/// what happened once the draft is saved.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(move |info| {
            restore();
            let report = write_crash_report(info);
            if let Ok(mut last) = LAST_REPORT.lock() {
                *last = report;
            }
        }));
    });
}

/// The terminal while Afterword owns it; dropping it restores the terminal.
pub struct Guard {
    /// Never dropped: ratatui's own drop prints to stderr when it cannot
    /// show the cursor, and printing to a closed terminal panics. `restore`
    /// shows the cursor instead.
    pub terminal: std::mem::ManuallyDrop<Term>,
}

impl Guard {
    pub fn enter() -> io::Result<Guard> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut out = stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste) {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Guard {
                terminal: std::mem::ManuallyDrop::new(terminal),
            }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}
