//! Hostile input: every reader (pack, entry, draft, config, answers file)
//! meets arbitrary bytes, truncated and huge files and deep nesting without
//! panicking or hanging, and foreign files in the journal are left alone.

use std::fs;
use std::path::Path;

use afterword::answers_file::read_answers;
use afterword::config::{load_config, parse_config};
use afterword::entry::parse_entry;
use afterword::journal::{Journal, parse_draft};
use afterword::pack::{Library, parse_pack, read_pack_file};
use chrono::FixedOffset;
use proptest::prelude::*;

fn valid_files() -> Vec<(&'static str, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        (
            "pack",
            fs::read_to_string(root.join("prompts/post-session.toml")).unwrap(),
        ),
        (
            "entry",
            fs::read_to_string(root.join("docs/entry-format.md"))
                .unwrap()
                .split("```markdown\n")
                .nth(1)
                .unwrap()
                .split("```")
                .next()
                .unwrap()
                .to_string(),
        ),
        (
            "answers",
            fs::read_to_string(root.join("tests/answers/full.toml")).unwrap(),
        ),
        ("config", "default_pack = \"quick\"\n".to_string()),
    ]
}

/// Every reader, given the same bytes through the file system.
fn read_everything(dir: &Path, bytes: &[u8]) {
    let file = dir.join("input.toml");
    fs::write(&file, bytes).unwrap();
    let _ = read_pack_file(&file);
    let _ = Journal::read_entry(&file);
    let _ = load_config(dir);
    fs::write(dir.join("config.toml"), bytes).unwrap();
    let _ = load_config(dir);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = parse_pack(text);
        let _ = parse_entry(text);
        let _ = parse_draft("x", text);
        let _ = parse_config(text);
        let library = Library::built_in();
        let pack = &library.get("post-session").unwrap().pack;
        let _ = read_answers(text, pack, FixedOffset::east_opt(0).unwrap());
    }
    let journal = Journal::new(dir.join("journal"));
    fs::create_dir_all(journal.drafts_dir()).unwrap();
    fs::write(journal.draft_path("d"), bytes).unwrap();
    let _ = journal.drafts();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        read_everything(dir.path(), &bytes);
    }

    #[test]
    fn valid_files_with_a_byte_changed_never_panic(which in 0usize..4, at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let (_, text) = &valid_files()[which];
        let mut bytes = text.clone().into_bytes();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        let dir = tempfile::tempdir().unwrap();
        read_everything(dir.path(), &bytes);
    }
}

#[test]
fn every_truncation_of_a_valid_file_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    for (what, text) in valid_files() {
        for end in (0..text.len())
            .step_by(7)
            .filter(|&i| text.is_char_boundary(i))
        {
            let cut = &text[..end];
            match what {
                "pack" => drop(parse_pack(cut)),
                "entry" => drop(parse_entry(cut)),
                "config" => drop(parse_config(cut)),
                _ => {}
            }
        }
        read_everything(dir.path(), &text.as_bytes()[..text.len() / 3]);
    }
}

#[test]
fn huge_files_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(9 * 1024 * 1024);
    let file = dir.path().join("big.md");
    fs::write(&file, &big).unwrap();
    let entry = Journal::read_entry(&file).unwrap_err();
    assert!(
        entry.message.contains("an entry is at most 4 MiB"),
        "{entry}"
    );
    let pack = read_pack_file(&file).unwrap_err();
    assert!(pack.to_string().contains("a pack is at most 256 KiB"));
    fs::write(dir.path().join("config.toml"), &big).unwrap();
    assert!(
        load_config(dir.path())
            .unwrap_err()
            .to_string()
            .contains("is it the right file?")
    );
    let journal = Journal::new(dir.path().join("j"));
    fs::create_dir_all(journal.drafts_dir()).unwrap();
    fs::write(journal.draft_path("huge"), &big).unwrap();
    let (found, damaged) = journal.drafts();
    assert!(found.is_empty());
    assert!(damaged[0].problem.contains("larger than any draft"));
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let start = std::time::Instant::now();
    let toml = format!("x = {}1{}", "[".repeat(20_000), "]".repeat(20_000));
    assert!(parse_pack(&toml).is_err());
    assert!(parse_config(&toml).is_err());
    assert!(parse_draft("x", &toml).is_err());
    let yaml = format!(
        "---\nschema: 1\nextra: {}1{}\n---\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    assert!(parse_entry(&yaml).is_err());
    let block = format!(
        "---\nschema: 1\nextra:\n{}\n---\n",
        (0..5000)
            .map(|i| format!("{}- a", " ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let _ = parse_entry(&block);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "no hang"
    );
}

#[test]
fn foreign_files_in_the_journal_are_left_alone_and_never_stop_anything() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    let month = journal.entries_dir().join("2026/11");
    fs::create_dir_all(&month).unwrap();
    let foreign: Vec<(&str, Vec<u8>)> = vec![
        ("notes.md", b"# My own notes\n\nNot an entry.\n".to_vec()),
        ("empty.md", Vec::new()),
        ("broken.md", b"---\nschema: [\n---\nbody\n".to_vec()),
        ("unclosed.md", b"---\nschema: 1\n".to_vec()),
        ("photo.png", vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255]),
        ("latin1.md", vec![b'c', b'a', b'f', 0xe9]),
    ];
    for (name, bytes) in &foreign {
        fs::write(month.join(name), bytes).unwrap();
    }
    fs::create_dir_all(month.join("folder.md")).unwrap();
    fs::create_dir_all(journal.drafts_dir()).unwrap();
    fs::write(journal.drafts_dir().join("README.txt"), "not a draft").unwrap();

    // A real entry among them is still found.
    let pack = Library::built_in().get("quick").unwrap().pack.clone();
    let answers = dir.path().join("a.toml");
    fs::write(
        &answers,
        "client = \"F-1\"\n[answers]\nwhat-mattered = \"x\"\n",
    )
    .unwrap();
    let file = read_answers(
        &fs::read_to_string(&answers).unwrap(),
        &pack,
        FixedOffset::east_opt(0).unwrap(),
    )
    .unwrap();
    assert_eq!(file.client.unwrap().as_str(), "F-1");

    let history = journal.client_history();
    assert!(history.clients.is_empty());
    let (found, damaged) = journal.drafts();
    assert!(found.is_empty() && damaged.is_empty());
    for (name, _) in &foreign {
        assert!(
            Journal::read_entry(&month.join(name)).is_err(),
            "{name} is not an entry"
        );
    }
    // Nothing was changed, moved or removed.
    for (name, bytes) in &foreign {
        assert_eq!(&fs::read(month.join(name)).unwrap(), bytes, "{name}");
    }
    assert!(journal.drafts_dir().join("README.txt").exists());
    let err = Journal::read_entry(&month.join("latin1.md")).unwrap_err();
    assert_eq!(err.message, "it is not UTF-8 text");
}
