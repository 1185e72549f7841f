//! Prompt packs: fixtures (one file per case), the `packs` commands, and a
//! property test that no input makes the loader panic.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use afterword::pack::{Library, Origin, parse_pack, read_pack_file};
use common::afterword;
use predicates::prelude::*;
use proptest::prelude::*;

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/packs")
        .join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_valid_fixture_loads() {
    let files = fixtures("valid");
    assert!(files.len() >= 3);
    for file in files {
        if let Err(problems) = read_pack_file(&file) {
            panic!("{problems}");
        }
    }
}

#[test]
fn every_invalid_fixture_reports_exactly_its_expected_problems() {
    let files = fixtures("invalid");
    assert!(files.len() >= 15);
    for file in files {
        let expected = fs::read_to_string(file.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{} needs a .expected file", file.display()));
        let problems = read_pack_file(&file).expect_err("an invalid fixture must not load");
        let got: String = problems
            .problems
            .iter()
            .map(|p| format!("{}:{}: {}\n", p.line, p.column, p.message))
            .collect();
        assert_eq!(got, expected, "problems reported for {}", file.display());
    }
}

#[test]
fn the_documented_example_is_the_valid_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(root.join("docs/packs.md")).unwrap();
    let example =
        fs::read_to_string(root.join("tests/packs/valid/annotated-example.toml")).unwrap();
    assert!(doc.contains(&format!("```toml\n{example}```")));
}

#[test]
fn check_exits_0_for_valid_files_and_2_with_every_problem_otherwise() {
    let home = tempfile::tempdir().unwrap();
    afterword(home.path())
        .arg("packs")
        .arg("check")
        .args(fixtures("valid"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "ok — pack `after-group`, 9 prompts",
        ));
    let many = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/packs/invalid/many-problems.toml");
    let output = afterword(home.path())
        .args(["packs", "check"])
        .arg(&many)
        .arg(fixtures("valid")[0].clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 6, "{stderr}");
    assert!(stderr.contains("many-problems.toml:5:1: unknown key `autor`"));
}

#[test]
fn check_of_a_missing_file_names_it_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    afterword(home.path())
        .args(["packs", "check", "no-such-pack.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no-such-pack.toml:1:1: cannot read this file",
        ));
}

#[test]
fn list_shows_built_ins_and_a_broken_user_pack_does_not_hide_the_rest() {
    let home = tempfile::tempdir().unwrap();
    let packs = home.path().join("config/packs");
    fs::create_dir_all(&packs).unwrap();
    fs::copy(fixtures("valid")[0].clone(), packs.join("group.toml")).unwrap();
    fs::write(packs.join("broken.toml"), "id = \"x\"\ntitle = 3\n").unwrap();
    fs::write(packs.join("notes.txt"), "not a pack").unwrap();
    afterword(home.path())
        .arg("packs")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("post-session"))
        .stdout(predicate::str::contains("self-care"))
        .stdout(predicate::str::contains("after-group"))
        .stderr(predicate::str::contains(
            "broken.toml:2:9: `title` in the pack should be text",
        ))
        .stderr(predicate::str::contains("was skipped"));
}

#[test]
fn a_user_pack_with_a_built_in_id_replaces_it() {
    let home = tempfile::tempdir().unwrap();
    let packs = home.path().join("packs");
    fs::create_dir_all(&packs).unwrap();
    let mine = fs::read_to_string(&fixtures("valid")[0])
        .unwrap()
        .replace("id = \"after-group\"", "id = \"quick\"");
    fs::write(packs.join("my-quick.toml"), mine).unwrap();
    let library = Library::load(Some(&packs));
    let quick = library.get("quick").unwrap();
    assert_eq!(quick.origin, Origin::User(packs.join("my-quick.toml")));
    assert_eq!(quick.pack.title, "After a group");
    assert_eq!(library.packs.len(), 9);
    // It keeps the built-in's place in the list.
    assert_eq!(library.packs[1].pack.id, "quick");
}

#[test]
fn show_prints_a_pack_and_an_unknown_id_exits_2_with_a_suggestion() {
    let home = tempfile::tempdir().unwrap();
    afterword(home.path())
        .args(["packs", "show", "rupture"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Rupture and repair (rupture, version 1)",
        ))
        .stdout(predicate::str::contains("only if any = yes"));
    afterword(home.path())
        .args(["packs", "show", "ruptur"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Did you mean `rupture`?"));
}

#[test]
fn every_command_has_help() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["packs", "--help"],
        &["packs", "check", "--help"],
        &["packs", "show", "--help"],
    ] {
        afterword(home.path())
            .args(args)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Usage:"));
    }
    afterword(home.path())
        .arg("--no-such-flag")
        .assert()
        .code(2);
}

/// Pieces of pack syntax, so that generated input gets past the TOML parser
/// often and exercises the checker, not only the syntax errors.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("id = \"p\"\n".to_string()),
        Just("title = \"T\"\nversion = 1\nminutes = 2\n".to_string()),
        Just("[[section]]\nid = \"s\"\ntitle = \"S\"\n".to_string()),
        Just("[[section.prompt]]\n".to_string()),
        Just("id = \"a\"\n".to_string()),
        Just("id = \"b\"\n".to_string()),
        Just("kind = \"scale\"\n".to_string()),
        Just("kind = \"yes-no\"\n".to_string()),
        Just("kind = \"single-choice\"\noptions = [\"x\", \"y\"]\n".to_string()),
        Just("question = \"Q?\"\n".to_string()),
        Just("min = 3\nmax = 1\n".to_string()),
        Just("show_if = { prompt = \"a\", equals = true }\n".to_string()),
        Just("show_if = { prompt = \"b\", at_least = 99 }\n".to_string()),
        Just("tags = [{ tag = \"t\", one_of = [\"x\"] }]\n".to_string()),
        Just("other = 5\n".to_string()),
        "[a-z_=\\[\\]\"{}., 0-9\n-]{0,40}",
    ]
}

proptest! {
    #[test]
    fn any_text_is_loaded_or_rejected_without_panicking(text in "\\PC{0,400}") {
        let _ = parse_pack(&text);
    }

    #[test]
    fn pack_shaped_text_never_panics_and_problems_have_positions(parts in prop::collection::vec(fragment(), 0..30)) {
        let text = parts.concat();
        if let Err(problems) = parse_pack(&text) {
            prop_assert!(!problems.is_empty());
            let lines = text.lines().count().max(1) + 1;
            for p in problems {
                prop_assert!(p.line >= 1 && p.line <= lines, "line {} of {}", p.line, lines);
                prop_assert!(p.column >= 1);
            }
        }
    }
}

#[test]
fn deeply_nested_and_huge_input_is_rejected_with_a_message() {
    let nested = format!("x = {}{}", "[".repeat(5000), "]".repeat(5000));
    assert!(parse_pack(&nested).is_err());
    let huge = "# padding\n".repeat(40_000);
    let problems = parse_pack(&huge).unwrap_err();
    assert!(problems[0].message.contains("a pack is at most 256 KiB"));
}
