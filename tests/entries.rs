//! Entry files: write then parse gives back the same entry, and hand edits
//! survive.

use afterword::answer::Answer;
use afterword::entry::{
    ClientCode, Entry, EntrySection, Modality, Response, SessionFacts, parse_entry,
    parse_front_matter, write_entry,
};
use afterword::pack::Library;
use chrono::{DateTime, FixedOffset, TimeZone};
use proptest::prelude::*;

fn date(offset_minutes: i32, secs: i64) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(offset_minutes * 60)
        .unwrap()
        .timestamp_opt(secs, 0)
        .unwrap()
}

fn sample() -> Entry {
    Entry {
        pack: "post-session".into(),
        pack_version: 1,
        facts: SessionFacts {
            client: ClientCode::new("A-17").unwrap(),
            session: 12,
            modality: Modality::Individual,
            date: date(60, 1_795_267_800),
        },
        tags: vec!["rupture".into(), "no".into()],
        flagged: true,
        title: "After a session — 2026-11-21 14:30".into(),
        sections: vec![
            EntrySection {
                id: "alliance".into(),
                title: "The alliance".into(),
                responses: vec![
                    Response {
                        prompt: "bond".into(),
                        question: "How connected did we feel today?".into(),
                        answer: Answer::Integer(7),
                    },
                    Response {
                        prompt: "tension".into(),
                        question: "Was there a moment of tension?".into(),
                        answer: Answer::Bool(true),
                    },
                    Response {
                        prompt: "tension-note".into(),
                        question: "What happened?".into(),
                        answer: Answer::Text(
                            "She went quiet.\n\n### Not a heading of ours\n---\n<!-- afterword:prompt bond -->\n\\<!-- afterword:x".into(),
                        ),
                    },
                ],
            },
            EntrySection {
                id: "next".into(),
                title: "Next".into(),
                responses: vec![
                    Response {
                        prompt: "ct-patterns".into(),
                        question: "Which came closest?".into(),
                        answer: Answer::Choices {
                            ids: vec!["warm".into(), "other".into()],
                            other: Some("like a \"teacher\": strict".into()),
                        },
                    },
                    Response {
                        prompt: "hours".into(),
                        question: "Hours".into(),
                        answer: Answer::Decimal(3.0),
                    },
                    Response {
                        prompt: "resolved".into(),
                        question: "Repaired?".into(),
                        answer: Answer::Choice { id: "no".into(), other: None },
                    },
                ],
            },
        ],
        extra: vec![],
    }
}

#[test]
fn a_written_entry_reads_back_identically() {
    let entry = sample();
    let text = write_entry(&entry, None);
    assert_eq!(parse_entry(&text).unwrap(), entry, "\n{text}");
}

#[test]
fn the_file_looks_as_documented() {
    let library = Library::built_in();
    let pack = &library.get("post-session").unwrap().pack;
    let text = write_entry(&sample(), Some(pack));
    assert!(text.starts_with("---\nschema: 1\npack: \"post-session\"\npack_version: 1\ndate: 2026-11-21T14:30:00+01:00\nclient: \"A-17\"\nsession: 12\nmodality: \"individual\"\ntags: [\"rupture\", \"no\"]\nflagged: true\nanswers:\n  \"bond\": 7\n"), "{text}");
    assert!(text.contains("  \"hours\": 3.0\n"));
    assert!(text.contains("other:\n  \"ct-patterns\": \"like a \\\"teacher\\\": strict\"\n"));
    assert!(text.contains("# After a session — 2026-11-21 14:30\n\n<!-- afterword:section alliance -->\n## The alliance\n\n<!-- afterword:prompt bond -->\n### How connected did we feel today?\n\n**7** of 0–10 (0 distant … 10 close)\n"));
    assert!(text.contains("\\<!-- afterword:prompt bond -->\n\\\\<!-- afterword:x\n"));
    assert!(text.contains("- Warm and connected\n- Something else: like a \"teacher\": strict\n"));
    assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
    // The pack only adds labels: the same entry reads back either way.
    assert_eq!(parse_entry(&text).unwrap(), sample());
}

#[test]
fn hand_edits_survive() {
    let text = write_entry(&sample(), None);
    let edited = text
        .replace(
            "flagged: true\n",
            "flagged: true\nreviewed-by: \"supervisor\"\nlinks:\n  - \"[[week 47]]\"\n",
        )
        .replace("She went quiet.", "She went very quiet, and I *noticed*.")
        .replace('\n', "\r\n");
    let entry = parse_entry(&edited).unwrap();
    assert_eq!(
        entry.extra,
        vec![
            (
                "reviewed-by".to_string(),
                "reviewed-by: \"supervisor\"\n".to_string()
            ),
            (
                "links".to_string(),
                "links:\n  - \"[[week 47]]\"\n".to_string()
            ),
        ]
    );
    let Some(Answer::Text(note)) = entry.answer("tension-note") else {
        panic!()
    };
    assert!(note.starts_with("She went very quiet, and I *noticed*."));
    // Rewriting keeps the added keys, and reads back the same again.
    let again = write_entry(&entry, None);
    assert!(again.contains("reviewed-by: \"supervisor\"\nlinks:\n  - \"[[week 47]]\"\n---\n"));
    assert_eq!(parse_entry(&again).unwrap(), entry);
}

#[test]
fn a_structured_answer_whose_heading_was_deleted_is_kept() {
    let text = write_entry(&sample(), None);
    let start = text.find("<!-- afterword:prompt hours -->").unwrap();
    let end = text.find("<!-- afterword:prompt resolved -->").unwrap();
    let cut = format!("{}{}", &text[..start], &text[end..]);
    let entry = parse_entry(&cut).unwrap();
    assert_eq!(entry.answer("hours"), Some(&Answer::Decimal(3.0)));
}

#[test]
fn broken_files_say_what_and_where() {
    let cases: &[(&str, usize, &str)] = &[
        ("# just notes\n", 1, "no front matter"),
        ("---\npack: \"x\"\n", 1, "never closed"),
        ("---\nschema: 1\npack: [\n---\n", 3, "cannot be read"),
        (
            "---\nschema: 1\npack: \"p\"\npack_version: 1\ndate: \"yesterday\"\nclient: \"A\"\nsession: 1\nmodality: \"group\"\n---\n",
            5,
            "not a date-time",
        ),
        (
            "---\nschema: 1\npack: \"p\"\npack_version: 1\ndate: 2026-11-21T14:30:00Z\nclient: \"Jane Doe\"\nsession: 1\nmodality: \"group\"\n---\n",
            6,
            "cannot be used in a client code",
        ),
        (
            "---\nschema: 9\npack: \"p\"\npack_version: 1\ndate: 2026-11-21T14:30:00Z\nclient: \"A\"\nsession: 1\nmodality: \"group\"\n---\n",
            2,
            "newer Afterword",
        ),
    ];
    for (text, line, words) in cases {
        let err = parse_entry(text).unwrap_err();
        assert!(err.message.contains(words), "{text:?}: {err}");
        assert_eq!(err.line, *line, "{text:?}: {err}");
    }
}

fn answer_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[a-zA-Z0-9 .,;:!?'\"*_`()\\[\\]-]{0,40}",
        "[\\p{Han}\\p{Hiragana} ]{0,10}",
        Just("---".to_string()),
        Just("### A heading in my answer".to_string()),
        Just("# title-like".to_string()),
        Just("<!-- afterword:prompt bond -->".to_string()),
        Just("\\\\<!-- afterword:section s -->".to_string()),
        Just("- a list item".to_string()),
        Just("🙂 emoji 👩‍⚕️".to_string()),
        Just("   indented code".to_string()),
        Just(String::new()),
    ];
    prop::collection::vec(line, 1..8).prop_filter_map("blank answers are not answers", |lines| {
        match Answer::text(&lines.join("\n")) {
            Some(Answer::Text(t)) => Some(t),
            _ => None,
        }
    })
}

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,12}"
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        answer_text().prop_map(Answer::Text),
        any::<i64>().prop_map(Answer::Integer),
        (-1e12f64..1e12).prop_map(Answer::Decimal),
        prop_oneof![Just(1e300), Just(-2.5e-9), Just(0.0)].prop_map(Answer::Decimal),
        any::<bool>().prop_map(Answer::Bool),
        (id(), prop::option::of(".{0,30}")).prop_map(|(id, other)| Answer::Choice { id, other }),
        (
            prop::collection::vec(id(), 0..4),
            prop::option::of("\\PC{0,30}")
        )
            .prop_map(|(ids, other)| Answer::Choices { ids, other }),
    ]
}

fn heading() -> impl Strategy<Value = String> {
    "[A-Za-zé日本 ?—-]{0,30}".prop_map(|s| afterword::answer::single_line(&s))
}

fn entry() -> impl Strategy<Value = Entry> {
    let response = (id(), heading(), answer()).prop_map(|(prompt, question, answer)| Response {
        prompt,
        question,
        answer,
    });
    let section = (id(), heading(), prop::collection::vec(response, 1..5)).prop_map(
        |(id, title, responses)| EntrySection {
            id,
            title,
            responses,
        },
    );
    (
        id(),
        1u32..50,
        "[A-Za-z0-9_-]{1,32}",
        any::<u32>(),
        prop::sample::select(Modality::ALL.to_vec()),
        (-14 * 60..14 * 60i32, 0i64..4_000_000_000),
        prop::collection::vec("[a-z0-9-]{1,12}", 0..4),
        any::<bool>(),
        heading(),
        prop::collection::vec(section, 0..4),
    )
        .prop_map(
            |(
                pack,
                pack_version,
                client,
                session,
                modality,
                (offset, secs),
                tags,
                flagged,
                title,
                sections,
            )| {
                Entry {
                    pack,
                    pack_version,
                    facts: SessionFacts {
                        client: ClientCode::new(&client).unwrap(),
                        session,
                        modality,
                        date: date(offset, secs),
                    },
                    tags,
                    flagged,
                    title,
                    sections,
                    extra: vec![],
                }
            },
        )
        // Prompt ids are unique within an entry, as they are within a pack.
        .prop_filter("unique prompt ids", |e| {
            let mut ids: Vec<&str> = e.responses().map(|r| r.prompt.as_str()).collect();
            let n = ids.len();
            ids.sort();
            ids.dedup();
            ids.len() == n
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parse_of_write_is_identity(entry in entry()) {
        let text = write_entry(&entry, None);
        let back = parse_entry(&text);
        prop_assert_eq!(back.as_ref().ok(), Some(&entry), "{}\n{:?}", text, back.as_ref().err());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let _ = parse_entry(&text);
        let _ = parse_front_matter(&format!("---\n{text}\n---\n"));
    }
}
