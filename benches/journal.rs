//! Benchmarks on a generated journal of 1,000 and 10,000 entries.
//!
//! Run with `cargo bench`. The corpus is written once into
//! `target/bench-corpus/N` through the real writer (`afterword::corpus`).
//! Every group has a reference measured in the same run: reading every
//! entry file once (what any full scan has to do), or drawing the screen.

use std::path::PathBuf;
use std::sync::OnceLock;

use afterword::answer::Answer;
use afterword::clock::FixedClock;
use afterword::entry::{ClientCode, Modality, SessionFacts};
use afterword::journal::{Filter, Journal, Storage};
use afterword::pack::Library;
use afterword::reflection::Reflection;
use afterword::search::Query;
use afterword::tui::{App, Context, FirstFrame, Prefill, Theme, first_frame, press, update, view};
use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

const SIZES: [usize; 2] = [1_000, 10_000];

fn end() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 11, 21, 18, 0, 0).single())
        .unwrap()
}

/// The journal of `n` generated entries, written on first use.
fn corpus(n: usize) -> Journal {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    let root =
        ROOT.get_or_init(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus"));
    let dir = root.join(n.to_string());
    let journal = Journal::new(&dir);
    if !dir.join("entries").exists() {
        afterword::corpus::generate(&journal, n, end(), 7).expect("corpus written");
    }
    journal.index(); // warm the cache, as any second start finds it
    journal
}

/// The packs, loaded once: the interface loads them at start-up, long
/// before the journal is opened.
fn library() -> Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(Library::built_in).clone()
}

fn context(journal: &Journal) -> Context {
    Context {
        library: library(),
        journal: journal.clone(),
        clock: Box::new(FixedClock(end())),
        theme: Theme { color: true },
        prefill: Prefill::default(),
        home: None,
    }
}

fn main() {
    divan::main();
}

/// Loading and checking the nine built-in packs (once per start).
#[divan::bench]
fn load_packs() -> usize {
    Library::built_in().packs.len()
}

/// Reference: read every entry file once.
#[divan::bench(args = SIZES)]
fn reference_read_every_file(bencher: Bencher, n: usize) {
    let journal = corpus(n);
    let files = journal.entry_files();
    bencher.bench(|| {
        files
            .iter()
            .map(|f| std::fs::read(f).map_or(0, |b| b.len()))
            .sum::<usize>()
    });
}

/// The index, checked against every file (warm cache).
#[divan::bench(args = SIZES)]
fn index(bencher: Bencher, n: usize) {
    let journal = corpus(n);
    bencher.bench(|| journal.index().entries.len());
}

/// Pressing `b`: the index, the browser's state and its first frame.
#[divan::bench(args = SIZES)]
fn browser_first_frame(bencher: Bencher, n: usize) {
    let journal = corpus(n);
    bencher.bench(|| first_frame(FirstFrame::Browser, context(&journal), 80, 24).len());
}

/// A search for a word in every entry (index, text, matching).
#[divan::bench(args = SIZES)]
fn search(bencher: Bencher, n: usize) {
    let journal = corpus(n);
    let filter = Filter {
        query: Query::new("grief"),
        ..Filter::default()
    };
    bencher.bench(|| {
        let (index, text) = journal.index_with_text();
        index
            .entries
            .iter()
            .filter(|s| filter.matches(s, Some(&text)))
            .count()
    });
}

/// Saving one entry into a journal of `n` entries.
#[divan::bench(args = SIZES, sample_count = 50, sample_size = 1)]
fn save_entry(bencher: Bencher, n: usize) {
    let journal = corpus(n);
    let library = Library::built_in();
    let pack = library.get("quick").unwrap().pack.clone();
    let mut minute = 0i64;
    bencher
        .with_inputs(|| {
            minute += 1;
            let facts = SessionFacts {
                client: ClientCode::new("BENCH-1").unwrap(),
                session: 1,
                modality: Modality::Individual,
                date: end() + Duration::days(400) + Duration::minutes(minute),
            };
            let mut r = Reflection::new(pack.clone(), facts);
            r.set_answer(
                "what-mattered",
                Answer::text(&afterword::corpus::prose(
                    &mut afterword::corpus::Rng::new(minute as u64),
                    200,
                )),
            );
            r.to_entry()
        })
        .bench_local_values(|entry| {
            let path = journal.save_entry(&entry, Some(&pack)).unwrap();
            // Keep the corpus the size it says.
            let _ = std::fs::remove_file(path);
        });
}

/// A new reflection's first frame: independent of the journal's size.
#[divan::bench(args = SIZES)]
fn new_reflection_first_frame(bencher: Bencher, n: usize) {
    let journal = corpus(n);
    bencher.bench(|| first_frame(FirstFrame::NewReflection, context(&journal), 80, 24).len());
}

fn long_answer_app() -> App {
    let library = Library::built_in();
    let mut app = App::new(library, end(), Theme { color: true }).with_prefill(Prefill {
        pack: Some("quick".into()),
        client: Some(ClientCode::new("A-1").unwrap()),
        session: Some(1),
        modality: None,
    });
    let text = afterword::corpus::prose(&mut afterword::corpus::Rng::new(3), 5000);
    update(&mut app, afterword::tui::Message::Paste(text));
    app
}

/// Reference: drawing the prompt screen with a 5,000-word answer.
#[divan::bench]
fn reference_draw_long_answer(bencher: Bencher) {
    let app = long_answer_app();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|f| view(&app, f)).unwrap();
    });
}

/// A keystroke in a 5,000-word answer: `update` and drawing the screen.
#[divan::bench]
fn keystroke_in_long_answer(bencher: Bencher) {
    let mut app = long_answer_app();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut type_a = true;
    bencher.bench_local(|| {
        let key = if type_a {
            KeyCode::Char('a')
        } else {
            KeyCode::Backspace
        };
        type_a = !type_a;
        update(&mut app, press(key, KeyModifiers::NONE));
        terminal.draw(|f| view(&app, f)).unwrap();
    });
}
