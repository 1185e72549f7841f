//! The keys of each screen, for the help overlay and the status line.

use super::app::{App, Screen};
use super::flow::Widget;
use crate::pack::Kind;

/// While tags are typed, on the review and in the reader.
const TAG_KEYS: [(&str, &str); 3] = [
    ("Enter", "keep these tags"),
    ("Esc", "cancel"),
    ("space", "separates tags"),
];

/// (keys, what they do). The first three are shown in the status line.
pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    match app.screen {
        Screen::Drafts => vec![
            ("Enter", "resume this reflection"),
            ("n", "start a new one"),
            ("b", "the journal"),
            ("d", "discard this draft"),
            ("↑↓ j k", "choose"),
            ("Esc", "start a new one (drafts stay)"),
            ("q", "quit"),
        ],
        Screen::Picker => vec![
            ("Enter", "start this reflection"),
            ("b", "the journal"),
            ("q", "quit"),
            ("↑↓ j k", "choose a pack"),
            ("1–9", "jump to a pack"),
            ("Ctrl-C", "quit"),
        ],
        Screen::Facts => vec![
            ("Enter", "start the prompts"),
            ("Tab", "next field"),
            ("Esc", "back to the packs"),
            ("Tab on a code", "completes a code used before"),
            ("Shift-Tab ↑ ↓", "move between fields"),
            ("← →", "change the modality"),
            ("i c f g", "individual, couple, family, group"),
            ("Ctrl-C", "quit"),
        ],
        Screen::Prompt => prompt_keys(app),
        Screen::Review => {
            if app.flow.as_ref().is_some_and(|f| f.tag_input.is_some()) {
                TAG_KEYS.to_vec()
            } else {
                vec![
                    ("Ctrl-S", "save"),
                    ("Enter", "change answer"),
                    ("Esc", "back to prompts"),
                    ("↑↓ j k", "move"),
                    ("t", "edit tags"),
                    ("f", "flag for supervision"),
                    ("s", "save"),
                    ("Ctrl-C", "quit"),
                ]
            }
        }
        Screen::Browse => {
            if app.browser.as_ref().is_some_and(|b| b.typing()) {
                vec![
                    ("Enter", "apply"),
                    ("Esc", "leave the field"),
                    ("↑ ↓", "back to the list"),
                ]
            } else {
                vec![
                    ("Enter", "read"),
                    ("/", "search"),
                    ("Esc", "back"),
                    ("↑↓ j k", "move"),
                    ("PgUp PgDn g G", "page, top, bottom"),
                    ("c", "filter by client"),
                    ("p", "filter by pack"),
                    ("t", "filter by tags"),
                    ("d", "dates: 2026-01-01..today, 7d.., last monday"),
                    ("f", "only flagged for supervision"),
                    ("x", "clear every filter"),
                    ("q Ctrl-C", "quit"),
                ]
            }
        }
        Screen::Read => {
            if app.reader.as_ref().is_some_and(|r| r.tag_input.is_some()) {
                TAG_KEYS.to_vec()
            } else {
                vec![
                    ("n p", "next / previous entry"),
                    ("a", "change answers"),
                    ("Esc", "back to the list"),
                    ("↑↓ j k space", "scroll"),
                    ("f", "flag or unflag for supervision"),
                    ("t", "edit tags"),
                ]
            }
        }
        Screen::Saved => vec![
            ("n", "new reflection"),
            ("b", "the journal"),
            ("q", "quit"),
            ("Enter", "new reflection"),
        ],
    }
}

fn prompt_keys(app: &App) -> Vec<(&'static str, &'static str)> {
    let Some(flow) = &app.flow else {
        return Vec::new();
    };
    let kind = flow.prompt().map(|p| &p.kind);
    let mut keys = vec![("Tab", "next prompt"), ("Ctrl-S", "save")];
    match (kind, flow.widgets.get(&flow.current)) {
        (
            Some(_),
            Some(Widget::Choice {
                editing_other: true,
                ..
            }),
        ) => {
            keys.insert(0, ("Enter", "done with this text"));
        }
        (Some(Kind::LongText), _) => {
            keys.push(("Enter", "new line"));
            keys.extend([
                ("Ctrl-← →", "jump by word"),
                ("Home End", "start / end of line"),
                ("Ctrl-Z Ctrl-Y", "undo / redo"),
                ("paste", "pasted lines stay in this answer"),
            ]);
        }
        (Some(Kind::ShortText), _) => keys.push(("Enter", "next prompt")),
        (Some(Kind::Scale { .. }), _) => {
            keys.push(("← → or 0–9", "set the rating"));
            keys.extend([("Home End", "lowest / highest"), ("Backspace", "clear")]);
        }
        (Some(Kind::YesNo), _) => {
            keys.push(("y n", "answer and go on"));
            keys.extend([("← → space", "change"), ("Backspace", "clear")]);
        }
        (Some(Kind::SingleChoice { .. }), _) => {
            keys.push(("Enter", "choose and go on"));
            keys.extend([
                ("↑↓ j k", "move"),
                ("space 1–9", "choose"),
                ("Backspace", "clear"),
            ]);
        }
        (Some(Kind::MultiChoice { .. }), _) => {
            keys.push(("space", "tick or untick"));
            keys.extend([
                ("↑↓ j k", "move"),
                ("1–9", "tick by number"),
                ("Enter", "go on"),
            ]);
        }
        (Some(Kind::Number { .. }), _) => keys.push(("Enter", "next prompt")),
        (None, _) => {}
    }
    keys.extend([
        ("Shift-Tab", "previous prompt"),
        ("Ctrl-N Ctrl-P", "next / previous prompt"),
        (
            "Esc",
            if flow.from_review {
                "back to the review"
            } else {
                "back to the session details"
            },
        ),
        ("F1", "this help"),
        ("Ctrl-C", "quit"),
    ]);
    keys
}
