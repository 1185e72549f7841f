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
    /// Tells the reader to let go of its end of the terminal.
    closing: Arc<std::sync::atomic::AtomicBool>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
}

const TIMEOUT: Duration = Duration::from_secs(20);

impl Session {
    fn start(home: &Path, args: &[&str]) -> Session {
        Session::start_with(home, args, &[])
    }

    fn start_with(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
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
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&screen);
        let closing = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = Arc::clone(&closing);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        // portable-pty's own writer types ^J and ^D (end of input) into the
        // program when dropped; a real terminal sends nothing when closed.
        // Write through a plain duplicate of the terminal's end instead.
        let fd = pair
            .master
            .as_raw_fd()
            .expect("a unix pseudo-terminal has a descriptor");
        // SAFETY: `fd` belongs to `pair.master`, which is alive here; it is
        // duplicated at once into a descriptor of our own.
        let own = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) }
            .try_clone_to_owned()
            .unwrap();
        let writer: Box<dyn Write + Send> = Box::new(std::fs::File::from(own));
        Session {
            screen,
            closing,
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
    s.wait_for("Leave this reflection?");
    s.send("n");
    s.send("\x11"); // Ctrl-Q
    s.wait_for("Leave this reflection?");
    s.send("y");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

fn nz(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).expect("sizes are above zero")
}

fn signal(s: &Session, name: &str) {
    let pid = s.child.process_id().expect("a running child has a pid");
    let status = std::process::Command::new("kill")
        .args([name, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn drafts(home: &Path) -> Vec<std::path::PathBuf> {
    let Ok(read) = std::fs::read_dir(home.join("journal/drafts")) else {
        return Vec::new();
    };
    let mut files: Vec<_> = read
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn after_kill_9_the_next_start_resumes_the_text_where_it_was() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["new", "--pack", "quick", "--client", "K-9"]);
    s.wait_for("What happened that matters");
    s.send("The first line.");
    s.send("\r");
    s.send("Second line, cursor after this");
    // The draft is written within the debounce delay of the last key.
    thread::sleep(Duration::from_millis(700));
    signal(&s, "-KILL");
    s.wait_exit();
    assert_eq!(drafts(home.path()).len(), 1);

    let mut s = Session::start(home.path(), &[]);
    s.wait_for("unfinished reflections");
    s.wait_for("Quick reflection · K-9 · session 1");
    s.send("\r");
    s.wait_for("Resumed where you left off.");
    s.wait_for("Second line, cursor after this");
    s.send("!");
    s.wait_for("Second line, cursor after this!");
    s.send("\x13");
    s.wait_for("Your reflection is saved.");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let entry = parse_entry(&std::fs::read_to_string(only_entry(home.path())).unwrap()).unwrap();
    assert_eq!(
        entry.answer("what-mattered"),
        Some(&Answer::Text(
            "The first line.\nSecond line, cursor after this!".into()
        ))
    );
    assert!(
        drafts(home.path()).is_empty(),
        "a saved entry removes its draft"
    );
}

#[test]
fn closing_the_terminal_keeps_the_draft() {
    let home = tempfile::tempdir().unwrap();
    let s = Session::start(home.path(), &["new", "--pack", "quick", "--client", "H-1"]);
    s.wait_for("What happened that matters");
    let Session {
        screen,
        closing,
        mut writer,
        master,
        mut child,
    } = s;
    for c in "Typed just before the window closed".chars() {
        writer.write_all(c.to_string().as_bytes()).unwrap();
        writer.flush().unwrap();
        thread::sleep(Duration::from_millis(5));
    }
    let wait_screen = Instant::now();
    while !screen
        .lock()
        .unwrap()
        .screen()
        .contents()
        .contains("window closed")
    {
        assert!(wait_screen.elapsed() < TIMEOUT);
        thread::sleep(Duration::from_millis(10));
    }
    // Closing the terminal hangs it up: SIGHUP, at once, no debounce wait.
    // Every handle on the terminal's side goes: the reader lets go at the
    // program's next output.
    closing.store(true, std::sync::atomic::Ordering::SeqCst);
    drop(writer);
    drop(master);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < TIMEOUT, "no exit after SIGHUP");
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 1, "a clean stop, not a crash");
    assert!(
        !home.path().join("journal/crash-reports").exists(),
        "a closed window is not a crash"
    );
    let files = drafts(home.path());
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        text.contains("Typed just before the window closed"),
        "{text}"
    );
}

#[test]
fn sigterm_saves_the_draft_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["new", "--pack", "quick", "--client", "T-1"]);
    s.wait_for("What happened that matters");
    s.send("Words before SIGTERM");
    s.wait_for("Words before SIGTERM");
    signal(&s, "-TERM");
    assert_eq!(s.wait_exit(), 1);
    s.assert_terminal_restored();
    s.wait_for("Unsaved answers are kept as a draft");
    let text = std::fs::read_to_string(&drafts(home.path())[0]).unwrap();
    assert!(text.contains("Words before SIGTERM"));
}

#[test]
fn a_crash_restores_the_terminal_saves_the_draft_and_reports_without_answers() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start_with(
        home.path(),
        &["new", "--pack", "quick", "--client", "P-1"],
        &[("AFTERWORD_TEST_PANIC", "1")],
    );
    s.wait_for("What happened that matters");
    s.send("A secret sentence");
    s.wait_for("A secret sentence");
    s.send("\x1b[24~"); // F12: the test-only crash
    assert_eq!(s.wait_exit(), 1);
    s.assert_terminal_restored();
    s.wait_for("Afterword stopped because of a bug");
    s.wait_for("Your answers are safe in the draft");
    let screen = s.contents();
    assert!(
        screen.contains("crash report (without your answers)"),
        "{screen}"
    );
    let text = std::fs::read_to_string(&drafts(home.path())[0]).unwrap();
    assert!(text.contains("A secret sentence"));
    let reports: Vec<_> = std::fs::read_dir(home.path().join("journal/crash-reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(reports.len(), 1);
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(report.contains("Where: src/"), "{report}");
    assert!(
        !report.contains("secret"),
        "a crash report never holds answers"
    );
}

#[test]
fn find_an_entry_by_searching_and_open_it() {
    let home = tempfile::tempdir().unwrap();
    let answers = home.path().join("a.toml");
    for (client, text) in [
        ("S-1", "We talked about the garden."),
        ("S-2", "Zoë named her fear of flying."),
        ("S-3", "A quiet session."),
    ] {
        std::fs::write(
            &answers,
            format!("client = \"{client}\"\n[answers]\nwhat-mattered = \"{text}\"\n"),
        )
        .unwrap();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_afterword"))
            .env_clear()
            .env("HOME", home.path())
            .env("AFTERWORD_JOURNAL", home.path().join("journal"))
            .env("AFTERWORD_CONFIG", home.path().join("config"))
            .env("AFTERWORD_TEST_NOW", "2026-11-21T14:30:00+01:00")
            .args(["new", "--pack", "quick", "--answers"])
            .arg(&answers)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let mut s = Session::start(home.path(), &[]);
    s.wait_for("which reflection?");
    s.send("b");
    s.wait_for("3 of 3 shown");
    s.send("/");
    s.send("zoe fear");
    s.wait_for("1 of 3 shown");
    s.send("\r");
    s.send("\r");
    s.wait_for("Reading · 2026-11-21-1430-quick");
    s.wait_for("Zoë named her fear of flying.");
    s.wait_for("S-2");
    s.send("\x1b");
    s.wait_for("1 of 3 shown");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}
