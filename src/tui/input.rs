//! Text inputs: the multi-line editor for long answers and the one-line
//! fields, both on `ratatui-textarea`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

pub type Editor = TextArea<'static>;

/// An editor holding `text`, with the cursor at its end.
pub fn editor(text: &str, multi_line: bool) -> Editor {
    let lines: Vec<String> = if multi_line {
        text.split('\n').map(str::to_string).collect()
    } else {
        vec![text.replace('\n', " ")]
    };
    let mut editor = TextArea::new(lines);
    editor.set_wrap_mode(if multi_line {
        WrapMode::WordOrGlyph
    } else {
        WrapMode::None
    });
    editor.set_max_histories(500);
    editor.move_cursor(CursorMove::Bottom);
    editor.move_cursor(CursorMove::End);
    editor
}

pub fn text(editor: &Editor) -> String {
    editor.lines().join("\n")
}

/// Applies a key to an editor; returns whether the text changed. Ctrl-Z
/// and Ctrl-Y are added for undo and redo, as most editors have them.
pub fn edit(editor: &mut Editor, key: KeyEvent, multi_line: bool) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('z') if ctrl => editor.undo(),
        KeyCode::Char('y') if ctrl => editor.redo(),
        KeyCode::Enter if !multi_line => false,
        // Emacs bindings that would reach other lines do nothing in a
        // one-line field.
        KeyCode::Char('m' | 'j') if ctrl && !multi_line => false,
        _ => editor.input(key),
    }
}

/// Inserts pasted text as it is (multi-line) or as one line.
pub fn paste(editor: &mut Editor, pasted: &str, multi_line: bool) -> bool {
    let text = pasted.replace("\r\n", "\n").replace('\r', "\n");
    let text = if multi_line {
        text
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    editor.insert_str(text)
}

/// Keeps only the characters `allowed` accepts; other keys pass through.
pub fn edit_filtered(editor: &mut Editor, key: KeyEvent, allowed: impl Fn(char) -> bool) -> bool {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                && !allowed(c) =>
        {
            false
        }
        _ => edit(editor, key, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_undo_and_redo() {
        let mut e = editor("", true);
        for c in "hi".chars() {
            edit(&mut e, key(KeyCode::Char(c)), true);
        }
        edit(&mut e, key(KeyCode::Enter), true);
        edit(&mut e, key(KeyCode::Char('x')), true);
        assert_eq!(text(&e), "hi\nx");
        edit(
            &mut e,
            KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL),
            true,
        );
        assert_eq!(text(&e), "hi\n");
        edit(
            &mut e,
            KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL),
            true,
        );
        assert_eq!(text(&e), "hi\nx");
    }

    #[test]
    fn one_line_fields_refuse_newlines() {
        let mut e = editor("a\nb", false);
        assert_eq!(text(&e), "a b");
        assert!(!edit(&mut e, key(KeyCode::Enter), false));
        paste(&mut e, "c\r\nd", false);
        assert_eq!(text(&e), "a bc d");
    }

    #[test]
    fn filtered_fields_drop_other_characters() {
        let mut e = editor("", false);
        for c in "1a2".chars() {
            edit_filtered(&mut e, key(KeyCode::Char(c)), |c| c.is_ascii_digit());
        }
        assert_eq!(text(&e), "12");
    }
}
