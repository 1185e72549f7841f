//! End to end: the real binary in a pseudo-terminal, read back through a
//! terminal emulator (vt100), answering a whole pack and checking the file.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use afterword::answer::Answer;
use afterword::entry::parse_entry;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
}

const TIMEOUT: Duration = Duration::from_secs(20);

impl Session {
    fn start(home: &Path, args: &[&str]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_afterword"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("AFTERWORD_JOURNAL", home.join("journal"));
        cmd.env("AFTERWORD_CONFIG", home.join("config"));
        cmd.env("AFTERWORD_TEST_NOW", "2026-11-21T14:30:00+01:00");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&screen);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Session {
            screen,
            writer,
            master: pair.master,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if self.contents().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "waited for {text:?}; the screen shows:\n{}",
            self.contents()
        );
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Separate keys arrive as separate reads, as they do from a person.
        thread::sleep(Duration::from_millis(40));
    }

    fn paste(&mut self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
    }

    fn resize(&mut self, rows: u16, cols: u16) {
        // The emulator takes the new size before the program hears of it, so
        // the program's redraw for that size is read at that size.
        let mut parser = self.screen.lock().unwrap();
        parser.screen_mut().set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader take the last bytes the program wrote.
                thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!(
            "the program did not exit; the screen shows:\n{}",
            self.contents()
        );
    }

    fn assert_terminal_restored(&self) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "back on the main screen");
        assert!(!screen.hide_cursor(), "cursor shown");
        assert!(!screen.bracketed_paste(), "bracketed paste off");
    }
}

fn only_entry(home: &Path) -> std::path::PathBuf {
    let dir = home.join("journal/entries/2026/11");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn answer_the_quick_pack_from_launch_to_saved_file() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &[]);
    s.wait_for("which reflection?");
    s.send("2");
    s.send("\r");
    s.wait_for("Client code");
    s.send("E-5");
    s.send("\r");
    s.wait_for("What happened that matters for my learning?");
    s.wait_for("1 / 6");
    s.send("She brought a photo of her father.");
    s.send("\r");
    s.paste("Pasted, line one\nline two — 日本語");
    s.wait_for("line two — 日本語");
    assert!(s.contents().contains("1 / 6"), "paste stayed on the prompt");
    s.send("\t");
    s.wait_for("2 / 6");
    s.send("I slowed down and asked about him.");
    s.send("\t");
    s.send("curious");
    s.send("\r");
    s.wait_for("4 / 6");
    s.send("\t");
    s.send("Ask what the photo means to her.");
    s.send("\t");
    s.wait_for("How settled do I feel now?");
    s.send("8");
    s.send("\t");
    s.wait_for("Review");
    s.send("\x13"); // Ctrl-S
    s.wait_for("Your reflection is saved.");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();

    let path = only_entry(home.path());
    assert!(path.ends_with("2026-11-21-1430-quick.md"));
    let entry = parse_entry(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(entry.facts.client.as_str(), "E-5");
    assert_eq!(entry.facts.session, 1);
    assert_eq!(
        entry.answer("what-mattered"),
        Some(&Answer::Text(
            "She brought a photo of her father.\nPasted, line one\nline two — 日本語".into()
        ))
    );
    assert_eq!(
        entry.answer("feeling"),
        Some(&Answer::Text("curious".into()))
    );
    assert_eq!(entry.answer("settled"), Some(&Answer::Integer(8)));
    assert_eq!(entry.answer("worked"), None, "skipped");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn new_with_flags_skips_to_the_prompts_and_follow_ups_open_on_yes() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(
        home.path(),
        &[
            "new",
            "--pack",
            "rupture",
            "--client",
            "R-9",
            "--session",
            "4",
            "--modality",
            "couple",
        ],
    );
    s.wait_for("Was there tension or a sense of disconnection");
    s.wait_for("Rupture and repair · R-9 · session 4");
    s.send("y");
    s.wait_for("What happened, in a few lines?");
    s.send("He laughed at my question, then went quiet.");
    s.send("\t");
    s.wait_for("Did I see signs of withdrawal?");
    s.send("1");
    s.send("3");
    s.send("\r");
    s.wait_for("Did I see signs of confrontation?");
    s.send("\t");
    s.send("\t");
    s.send("\t");
    s.wait_for("Was it repaired?");
    s.send("2");
    s.send("\r");
    s.wait_for("How could I invite repair next time?");
    s.send("\x13");
    s.wait_for("Your reflection is saved.");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();

    let entry = parse_entry(&std::fs::read_to_string(only_entry(home.path())).unwrap()).unwrap();
    assert_eq!(entry.facts.session, 4);
    assert_eq!(entry.facts.modality.as_str(), "couple");
    assert_eq!(entry.tags, ["rupture", "withdrawal", "unrepaired"]);
    assert_eq!(
        entry.answer("withdrawal"),
        Some(&Answer::Choices {
            ids: vec!["minimal-answers".into(), "over-agreeing".into()],
            other: None
        })
    );
    assert_eq!(
        entry.answer("resolved"),
        Some(&Answer::Choice {
            id: "partly".into(),
            other: None
        })
    );
}

#[test]
fn resizing_while_typing_loses_nothing_and_quitting_asks_first() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["new", "--pack", "quick", "--client", "Z-1"]);
    s.wait_for("What happened that matters");
    for (i, (rows, cols)) in [(10, 30), (24, 80), (1, 1), (40, 120), (13, 49), (24, 80)]
        .into_iter()
        .enumerate()
    {
        s.send(&format!("w{i} "));
        s.resize(rows, cols);
    }
    s.wait_for("w0 w1 w2 w3 w4 w5");
    s.resize(12, 40);
    s.wait_for("Make the window larger");
    s.resize(24, 80);
    s.wait_for("w0 w1 w2 w3 w4 w5");
    s.send("\x03"); // Ctrl-C
    s.wait_for("Quit without saving?");
    s.send("n");
    s.send("\x11"); // Ctrl-Q
    s.wait_for("Quit without saving?");
    s.send("y");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

fn nz(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).expect("sizes are above zero")
}
