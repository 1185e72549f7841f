//! `afterword new --answers`: scripted entries, checked against the pack.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use afterword::answer::Answer;
use afterword::entry::parse_entry;
use common::afterword;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/answers")
        .join(name)
}

fn entries(home: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(years) = fs::read_dir(home.join("journal/entries")) else {
        return files;
    };
    for year in years {
        for month in fs::read_dir(year.unwrap().path()).unwrap() {
            for file in fs::read_dir(month.unwrap().path()).unwrap() {
                files.push(file.unwrap().path());
            }
        }
    }
    files.sort();
    files
}

#[test]
fn an_answers_file_becomes_an_entry() {
    let home = tempfile::tempdir().unwrap();
    let output = afterword(home.path())
        .args(["new", "--pack", "post-session", "--answers"])
        .arg(fixture("full.toml"))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = PathBuf::from(String::from_utf8(output.stdout).unwrap().trim());
    assert_eq!(
        path,
        home.path()
            .join("journal/entries/2026/11/2026-11-20-0900-post-session.md")
    );
    let entry = parse_entry(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(entry.facts.client.as_str(), "B-2");
    assert_eq!(entry.facts.session, 7);
    assert_eq!(entry.tags, ["rupture", "supervision", "imported"]);
    assert!(entry.flagged, "the supervision answer flags the entry");
    assert_eq!(
        entry.answer("ct-patterns"),
        Some(&Answer::Choices {
            ids: vec!["parental".into(), "other".into()],
            other: Some("wanting to fix it".into())
        })
    );
    assert_eq!(
        entry.answer("tension-note"),
        Some(&Answer::Text(
            "Late again; minimal answers.\n\n### I wrote a heading".into()
        ))
    );
}

#[test]
fn every_problem_is_named_with_its_place_and_nothing_is_written() {
    let home = tempfile::tempdir().unwrap();
    let file = fixture("every-problem.toml");
    let expected = [
        "every-problem.toml:1:1: unknown key `clinet`; did you mean `client`?",
        "every-problem.toml:2:11: `session` should be a whole number from 1",
        "every-problem.toml:4:1: `next-step` is required by pack `post-session`",
        "every-problem.toml:5:1: pack `post-session` has no prompt `bnod`; did you mean `bond`?",
        "every-problem.toml:6:8: `bond`: 11 is outside the scale, which runs from 0 to 10",
        "every-problem.toml:7:11: `tension`: a yes/no answer is true or false",
        "every-problem.toml:8:1: `tension-note` is only asked when `tension`",
        "every-problem.toml:9:15: `ct-patterns`: `warmth` is not an option; did you mean `warm`?",
        "every-problem.toml:10:10: `lenses`: list the chosen option ids",
        "every-problem.toml:13:1: `other.lenses` is given, but the answer to `lenses` does not choose \"other\"",
        "note: nothing was written",
    ];
    let mut assert = afterword(home.path())
        .args([
            "new",
            "--pack",
            "post-session",
            "--client",
            "X-1",
            "--answers",
        ])
        .arg(&file)
        .assert()
        .code(2);
    for line in expected {
        assert = assert.stderr(predicate::str::contains(line));
    }
    assert!(entries(home.path()).is_empty());
}

#[test]
fn bad_flags_exit_2_with_a_message() {
    let home = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["new", "--pack", "post-sesion"],
            "there is no pack `post-sesion`. Did you mean `post-session`?",
        ),
        (
            &["new", "--client", "Jane Doe"],
            "--client: ` ` cannot be used in a client code",
        ),
        (&["new", "--modality", "solo"], "`solo` is not a modality"),
        (&["new", "--session", "x"], "invalid value 'x'"),
        (
            &["new", "--pack", "quick", "--answers", "missing.toml"],
            "missing.toml:1:1: cannot read this file",
        ),
    ];
    for (args, message) in cases {
        afterword(home.path())
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*message));
    }
}

#[test]
fn without_a_client_the_file_must_name_one_and_sessions_count_on() {
    let home = tempfile::tempdir().unwrap();
    let answers = home.path().join("a.toml");
    fs::write(&answers, "[answers]\nwhat-mattered = \"x\"\n").unwrap();
    afterword(home.path())
        .args(["new", "--pack", "quick", "--answers"])
        .arg(&answers)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("which client?"));
    for _ in 0..3 {
        afterword(home.path())
            .args(["new", "--pack", "quick", "--client", "C-3", "--answers"])
            .arg(&answers)
            .assert()
            .code(0);
    }
    let files = entries(home.path());
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into())
        .collect();
    assert_eq!(
        names,
        [
            "2026-11-21-1430-quick-2.md",
            "2026-11-21-1430-quick-3.md",
            "2026-11-21-1430-quick.md"
        ]
    );
    let sessions: Vec<u32> = files
        .iter()
        .map(|f| {
            parse_entry(&fs::read_to_string(f).unwrap())
                .unwrap()
                .facts
                .session
        })
        .collect();
    assert_eq!(
        sessions,
        [2, 3, 1],
        "the next session number follows the journal"
    );
    assert!(
        names.iter().all(|n| !n.contains("C-3")),
        "no client code in a file name"
    );
}

#[test]
fn the_interface_needs_a_terminal() {
    let home = tempfile::tempdir().unwrap();
    afterword(home.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a terminal"))
        .stderr(predicate::str::contains(
            "afterword new --pack ID --answers FILE.toml",
        ));
}

#[test]
fn two_processes_saving_in_the_same_minute_both_succeed() {
    let home = tempfile::tempdir().unwrap();
    let answers = home.path().join("a.toml");
    fs::write(&answers, "[answers]\nwhat-mattered = \"x\"\n").unwrap();
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_afterword"))
            .env_clear()
            .env("HOME", home.path())
            .env("AFTERWORD_CONFIG", home.path().join("config"))
            .env("AFTERWORD_JOURNAL", home.path().join("journal"))
            .env("AFTERWORD_TEST_NOW", "2026-11-21T14:30:00+01:00")
            .args([
                "new",
                "--pack",
                "quick",
                "--client",
                "C-1",
                "--session",
                "1",
                "--answers",
            ])
            .arg(&answers)
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..6).map(|_| spawn()).collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert_eq!(
        entries(home.path()).len(),
        6,
        "six distinct files, none overwritten"
    );
}

#[test]
fn a_broken_config_is_named_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    fs::create_dir_all(home.path().join("config")).unwrap();
    fs::write(
        home.path().join("config/config.toml"),
        "defualt_pack = \"quick\"\n",
    )
    .unwrap();
    afterword(home.path())
        .arg("packs")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "config.toml:1:1: unknown key `defualt_pack`; did you mean `default_pack`?",
        ));
    fs::write(
        home.path().join("config/config.toml"),
        "default_pack = \"quick\"\n",
    )
    .unwrap();
    afterword(home.path()).arg("packs").assert().code(0);
}
