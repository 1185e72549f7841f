//! The journal: filters, search, the index cache's freshness, the command
//! line's JSON, and the browser and reader.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use afterword::answer::Answer;
use afterword::clock::FixedClock;
use afterword::entry::{ClientCode, Modality, SessionFacts};
use afterword::journal::{Filter, Journal, Storage};
use afterword::pack::{Kind, Library};
use afterword::reflection::Reflection;
use afterword::search::Query;
use afterword::tui::{App, Autosave, Runner, Screen, Theme, press};
use chrono::Duration as Days;
use common::{afterword, now, render, text_of};
use predicates::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use serde_json::Value;

/// Saves one entry and returns its path.
fn write(
    journal: &Journal,
    pack: &str,
    client: &str,
    days_ago: i64,
    text: &str,
    flagged: bool,
    tags: &[&str],
) -> PathBuf {
    let library = Library::built_in();
    let pack = &library.get(pack).unwrap().pack;
    let facts = SessionFacts {
        client: ClientCode::new(client).unwrap(),
        session: 1,
        modality: Modality::Individual,
        date: now() - Days::days(days_ago),
    };
    let mut r = Reflection::new(pack.clone(), facts);
    // Open the follow-ups of required yes/no questions, then answer the
    // first free-text prompt shown, and every other required one.
    for (_, p) in pack.prompts() {
        if p.required && p.kind == Kind::YesNo {
            r.set_answer(&p.id, Some(Answer::Bool(true)));
        }
    }
    let first_text = r
        .visible_ids()
        .into_iter()
        .find(|id| pack.prompt(id).unwrap().kind.is_text())
        .unwrap();
    r.set_answer(&first_text, Answer::text(text));
    for id in r.visible_ids() {
        let p = pack.prompt(&id).unwrap();
        if p.required && !r.answers.contains_key(&id) {
            r.set_answer(&id, Answer::text("required answer"));
        }
    }
    r.flag_choice = Some(flagged);
    r.set_tags_from_text(&tags.join(" "));
    journal.save_entry(&r.to_entry(), Some(pack)).unwrap()
}

fn sample_journal(dir: &Path) -> Journal {
    let journal = Journal::new(dir);
    write(
        &journal,
        "quick",
        "A-1",
        0,
        "Zoë talked about her café job.",
        true,
        &["work"],
    );
    write(
        &journal,
        "post-session",
        "A-1",
        3,
        "Silence, then anger at her mother.",
        false,
        &["family"],
    );
    write(
        &journal,
        "quick",
        "B-2",
        10,
        "彼は日本語で話した。",
        false,
        &[],
    );
    write(
        &journal,
        "rupture",
        "B-2",
        40,
        "He laughed at my question.",
        true,
        &["work", "family"],
    );
    write(
        &journal,
        "quick",
        "C-3",
        400,
        "An old entry about résumé writing.",
        false,
        &[],
    );
    journal
}

fn ids(journal: &Journal, filter: &Filter) -> Vec<String> {
    let (index, text) = journal.index_with_text();
    index
        .entries
        .iter()
        .filter(|s| filter.matches(s, Some(&text)))
        .map(|s| format!("{}:{}", s.client, s.pack))
        .collect()
}

#[test]
fn filters_combine_and_the_list_is_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    let all = Filter::default();
    assert_eq!(
        ids(&journal, &all),
        [
            "A-1:quick",
            "A-1:post-session",
            "B-2:quick",
            "B-2:rupture",
            "C-3:quick"
        ]
    );
    let f = Filter {
        client: Some("a-1".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&journal, &f), ["A-1:quick", "A-1:post-session"]);
    let f = Filter {
        pack: Some("quick".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&journal, &f).len(), 3);
    let f = Filter {
        tags: vec!["work".into(), "family".into()],
        ..Filter::default()
    };
    assert_eq!(ids(&journal, &f), ["B-2:rupture"]);
    let f = Filter {
        flagged: true,
        ..Filter::default()
    };
    assert_eq!(ids(&journal, &f), ["A-1:quick", "B-2:rupture"]);
    let today = now().date_naive();
    let f = Filter {
        since: Some(today - Days::days(10)),
        until: Some(today - Days::days(1)),
        ..Filter::default()
    };
    assert_eq!(ids(&journal, &f), ["A-1:post-session", "B-2:quick"]);
    let f = Filter {
        flagged: true,
        client: Some("B-2".into()),
        tags: vec!["work".into()],
        ..Filter::default()
    };
    assert_eq!(ids(&journal, &f), ["B-2:rupture"]);
}

#[test]
fn search_ignores_case_and_accents_and_finds_cjk() {
    let dir = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    let search = |q: &str| {
        ids(
            &journal,
            &Filter {
                query: Query::new(q),
                ..Filter::default()
            },
        )
    };
    assert_eq!(search("ZOE"), ["A-1:quick"]);
    assert_eq!(search("cafe job"), ["A-1:quick"]);
    assert_eq!(search("Résumé"), ["C-3:quick"]);
    assert_eq!(search("resume"), ["C-3:quick"]);
    assert_eq!(search("日本語"), ["B-2:quick"]);
    assert_eq!(search("mother"), ["A-1:post-session"]);
    assert!(search("nowhere-to-be-found").is_empty());
}

#[test]
fn the_index_never_shows_stale_data() {
    let dir = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    let first = journal.index();
    assert_eq!(first.entries.len(), 5);
    assert!(
        dir.path().join(".cache/index").exists(),
        "the cache is written"
    );

    // Edited by hand: read again.
    let path = journal.root().join(&first.entries[0].path);
    let text = fs::read_to_string(&path).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    fs::write(
        &path,
        text.replace("Zoë talked", "Zoë whispered")
            .replace("client: \"A-1\"", "client: \"A-9\""),
    )
    .unwrap();
    let after_edit = journal.index();
    assert_eq!(after_edit.entries[0].client, "A-9");
    assert!(
        after_edit.entries[0]
            .first_line
            .starts_with("Zoë whispered")
    );
    let (index, text_store) = journal.index_with_text();
    let edited = index
        .entries
        .iter()
        .find(|s| s.path == first.entries[0].path)
        .unwrap();
    assert!(text_store.matches(edited, &Query::new("whispered").unwrap()));

    // Added (synced in from another machine): seen.
    write(
        &journal,
        "culture",
        "D-4",
        1,
        "New from the laptop.",
        false,
        &[],
    );
    assert_eq!(journal.index().entries.len(), 6);

    // Removed: gone.
    fs::remove_file(journal.root().join(&first.entries[4].path)).unwrap();
    let after_remove = journal.index();
    assert_eq!(after_remove.entries.len(), 5);
    assert!(after_remove.entries.iter().all(|s| s.client != "C-3"));

    // Touched (same bytes, new time): read again, still right.
    let touched = journal.root().join(&after_remove.entries[1].path);
    let file = fs::File::options().write(true).open(&touched).unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    assert_eq!(journal.index().entries, after_remove.entries);

    // A damaged cache is rebuilt, not trusted.
    fs::write(
        dir.path().join(".cache/index"),
        b"AFTERWORD-INDEX-2\n\xff\xff",
    )
    .unwrap();
    fs::write(dir.path().join(".cache/text"), b"garbage").unwrap();
    assert_eq!(journal.index().entries, after_remove.entries);
    let (index, store) = journal.index_with_text();
    let edited = index
        .entries
        .iter()
        .find(|s| s.path == first.entries[0].path)
        .unwrap();
    assert!(store.matches(edited, &Query::new("whispered").unwrap()));
}

#[test]
fn files_that_are_not_entries_are_listed_as_unreadable_and_hide_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    let month = journal.entries_dir().join("2026/11");
    fs::write(month.join("my-notes.md"), "# Just notes\n").unwrap();
    fs::write(month.join("broken.md"), "---\nschema: 1\npack: [\n---\n").unwrap();
    let index = journal.index();
    assert_eq!(index.entries.len(), 5);
    let names: Vec<String> = index
        .unreadable
        .iter()
        .map(|u| {
            format!(
                "{}:{}",
                u.path.file_name().unwrap().to_string_lossy(),
                u.line
            )
        })
        .collect();
    assert_eq!(names, ["broken.md:3", "my-notes.md:1"]);
    afterword(dir.path())
        .env("AFTERWORD_JOURNAL", dir.path())
        .arg("list")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("A-1"))
        .stderr(predicate::str::contains(
            "2 files in the journal could not be read",
        ))
        .stderr(predicate::str::contains(
            "my-notes.md:1: this file has no front matter",
        ));
}

fn json(home: &Path, journal: &Path, args: &[&str]) -> Value {
    let out = afterword(home)
        .env("AFTERWORD_JOURNAL", journal)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn json_shapes_are_stable() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    sample_journal(dir.path());
    let list = json(
        home.path(),
        dir.path(),
        &["list", "--json", "--client", "A-1", "--limit", "1"],
    );
    let entry = &list["entries"][0];
    let mut keys: Vec<&str> = entry
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "client",
            "date",
            "first_line",
            "flagged",
            "id",
            "modality",
            "pack",
            "pack_version",
            "path",
            "session",
            "tags"
        ]
    );
    assert_eq!(entry["id"], "2026-11-21-1430-quick");
    assert_eq!(entry["date"], "2026-11-21T14:30:00+01:00");
    assert_eq!(entry["flagged"], true);
    assert_eq!(entry["tags"], serde_json::json!(["work"]));
    assert_eq!(list["unreadable"], serde_json::json!([]));

    let search = json(home.path(), dir.path(), &["search", "ZOË", "--json"]);
    assert_eq!(search["entries"].as_array().unwrap().len(), 1);

    let show = json(
        home.path(),
        dir.path(),
        &["show", "2026-11-21-1430-quick", "--json"],
    );
    assert_eq!(show["client"], "A-1");
    let response = &show["sections"][0]["responses"][0];
    assert_eq!(response["prompt"], "what-mattered");
    assert_eq!(response["kind"], "text");
    assert_eq!(response["value"], "Zoë talked about her café job.");

    let since = json(
        home.path(),
        dir.path(),
        &["list", "--json", "--since", "7d"],
    );
    assert_eq!(
        since["entries"].as_array().unwrap().len(),
        2,
        "the clock is fixed at 2026-11-21"
    );
    let last_week = json(
        home.path(),
        dir.path(),
        &[
            "list",
            "--json",
            "--since",
            "last monday",
            "--until",
            "yesterday",
        ],
    );
    assert_eq!(last_week["entries"].as_array().unwrap().len(), 1);
}

#[test]
fn show_finds_by_id_or_path_and_says_when_not() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    let path = journal.index().entries[0].path.clone();
    let run = |arg: &str| {
        afterword(home.path())
            .env("AFTERWORD_JOURNAL", dir.path())
            .args(["show", arg])
            .assert()
    };
    run("2026-11-21-1430-quick")
        .code(0)
        .stdout(predicate::str::contains("Zoë talked about her café job."));
    run(dir.path().join(&path).to_str().unwrap())
        .code(0)
        .stdout(predicate::str::contains("Quick reflection"));
    run("2020-01-01-0000-quick")
        .code(2)
        .stderr(predicate::str::contains("no entry `2020-01-01-0000-quick`"));
    // Never colour when the output is not a terminal.
    let out = afterword(home.path())
        .env("AFTERWORD_JOURNAL", dir.path())
        .args(["list"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}

/// An app on the start screen, and the clock its loop reads.
fn browsing() -> (App, FixedClock) {
    let app = App::new(Library::built_in(), now(), Theme { color: false });
    (app, FixedClock(now()))
}

/// The loop's side, on `journal`, doing background work in place.
fn runner<'a>(journal: &'a Journal, clock: &'a FixedClock) -> Runner<'a> {
    Runner {
        journal,
        storage: journal,
        clock,
        autosave: Autosave::default(),
        background: None,
    }
}

fn key(runner: &mut Runner, app: &mut App, code: KeyCode) {
    runner.dispatch(app, press(code, KeyModifiers::NONE));
}

fn typed(runner: &mut Runner, app: &mut App, text: &str) {
    for c in text.chars() {
        key(runner, app, KeyCode::Char(c));
    }
}

#[test]
fn browse_search_read_flag_and_amend() {
    let dir = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    // A key added by hand survives the rewrites below.
    let first = journal.root().join(&journal.index().entries[1].path);
    let text = fs::read_to_string(&first).unwrap();
    fs::write(
        &first,
        text.replacen(
            "flagged: false\n",
            "flagged: false\nreviewed: \"yes, with M.\"\n",
            1,
        ),
    )
    .unwrap();

    let (mut app, clock) = browsing();
    let mut r = runner(&journal, &clock);
    key(&mut r, &mut app, KeyCode::Char('b'));
    assert_eq!(app.screen, Screen::Browse);
    let screen = text_of(&render(&app, 100, 20));
    assert!(screen.contains("5 of 5 shown"), "{screen}");
    assert!(screen.contains("2026-11-21 14:30  A-1"), "{screen}");

    key(&mut r, &mut app, KeyCode::Char('/'));
    typed(&mut r, &mut app, "MOTHER");
    let screen = text_of(&render(&app, 100, 20));
    assert!(screen.contains("1 of 5 shown"), "{screen}");
    key(&mut r, &mut app, KeyCode::Enter);
    key(&mut r, &mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Read);
    let screen = text_of(&render(&app, 100, 30));
    assert!(
        screen.contains("Silence, then anger at her mother."),
        "{screen}"
    );
    // The match is highlighted in the reader.
    let buffer = render(&app, 100, 30);
    let lit: String = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
        .map(|c| c.symbol())
        .collect();
    assert!(lit.contains("mother"), "{lit}");

    key(&mut r, &mut app, KeyCode::Char('f'));
    assert!(
        fs::read_to_string(&first)
            .unwrap()
            .contains("flagged: true")
    );
    key(&mut r, &mut app, KeyCode::Char('t'));
    typed(&mut r, &mut app, " hard");
    key(&mut r, &mut app, KeyCode::Enter);
    let after_tags = fs::read_to_string(&first).unwrap();
    assert!(
        after_tags.contains("tags: [\"family\", \"hard\"]"),
        "{after_tags}"
    );

    // Amend an answer through the prompt screens.
    key(&mut r, &mut app, KeyCode::Char('a'));
    assert_eq!(app.screen, Screen::Review);
    let row = app
        .flow
        .as_ref()
        .unwrap()
        .reflection
        .visible_ids()
        .iter()
        .position(|id| id == "empathy")
        .unwrap();
    for _ in 0..row {
        key(&mut r, &mut app, KeyCode::Down);
    }
    key(&mut r, &mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Prompt);
    typed(&mut r, &mut app, " Then calm.");
    key(&mut r, &mut app, KeyCode::Tab);
    r.dispatch(&mut app, press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(app.screen, Screen::Read);
    let amended = fs::read_to_string(&first).unwrap();
    assert!(
        amended.contains("Silence, then anger at her mother. Then calm."),
        "{amended}"
    );
    assert!(
        amended.contains("reviewed: \"yes, with M.\""),
        "a hand-added key survives"
    );
    assert!(amended.contains("flagged: true") && amended.contains("\"hard\""));
    let leftovers: Vec<_> = fs::read_dir(first.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "the backup goes once the rewrite succeeded"
    );
    assert_eq!(
        journal.index().entries.len(),
        5,
        "amending never adds an entry"
    );

    // Back in the list, x clears every filter.
    key(&mut r, &mut app, KeyCode::Esc);
    key(&mut r, &mut app, KeyCode::Char('x'));
    assert!(text_of(&render(&app, 100, 20)).contains("5 of 5 shown"));
}

#[test]
fn reader_and_browser_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    let (mut app, clock) = browsing();
    let mut r = runner(&journal, &clock);
    key(&mut r, &mut app, KeyCode::Char('b'));
    insta::assert_snapshot!("browser", text_of(&render(&app, 80, 24)));
    key(&mut r, &mut app, KeyCode::Char('j'));
    key(&mut r, &mut app, KeyCode::Enter);
    insta::assert_snapshot!("reader", text_of(&render(&app, 80, 24)));
}

#[test]
fn reopening_the_journal_shows_entries_saved_since_and_keeps_the_filters() {
    let dir = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    let (mut app, clock) = browsing();
    let mut r = runner(&journal, &clock);
    key(&mut r, &mut app, KeyCode::Char('b'));
    key(&mut r, &mut app, KeyCode::Char('c'));
    typed(&mut r, &mut app, "A-1");
    key(&mut r, &mut app, KeyCode::Enter);
    assert!(text_of(&render(&app, 100, 20)).contains("2 of 5 shown"));
    key(&mut r, &mut app, KeyCode::Esc);
    // Written meanwhile (by this window, another one, or a sync).
    write(
        &journal,
        "quick",
        "A-1",
        2,
        "Saved after the list was opened.",
        false,
        &[],
    );
    key(&mut r, &mut app, KeyCode::Char('b'));
    let screen = text_of(&render(&app, 100, 20));
    assert!(screen.contains("3 of 6 shown"), "{screen}");
    assert!(
        screen.contains("client A-1"),
        "the filter is kept: {screen}"
    );
}
