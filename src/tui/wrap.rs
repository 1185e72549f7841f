//! Word wrapping by display width (CJK and emoji count as two cells), so
//! that layout can know a paragraph's height before drawing it.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Lines of at most `width` cells; words longer than a line are split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ') {
            let word_width = word.width();
            let gap = usize::from(!line.is_empty());
            if line_width + gap + word_width <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if line_width + w > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// `text` cut to at most `width` cells, with `…` when cut. One walk over
/// the characters, and no copy when nothing is cut (a search prints
/// thousands of lines through here).
pub fn truncate(text: &str, width: usize) -> Cow<'_, str> {
    // Every character takes at least one byte and at most two cells per
    // byte of its width class, so a text of `width` bytes or less fits.
    if text.len() <= width {
        return Cow::Borrowed(text);
    }
    let mut used = 0;
    // Where the `…` goes if the text turns out too wide.
    let mut cut_at = None;
    for (i, c) in text.char_indices() {
        let w = if c.is_ascii() {
            1
        } else {
            c.width().unwrap_or(0)
        };
        if cut_at.is_none() && used + w + 1 > width {
            cut_at = Some(i);
        }
        used += w;
        if used > width {
            break;
        }
    }
    match cut_at {
        Some(_) if used <= width => Cow::Borrowed(text),
        Some(_) if width == 0 => Cow::Borrowed(""),
        Some(i) => Cow::Owned(format!("{}…", &text[..i])),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_words_and_splits_long_ones() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("a\n\nb", 5), ["a", "", "b"]);
    }

    #[test]
    fn wide_characters_take_two_cells() {
        assert_eq!(wrap("日本語です", 4), ["日本", "語で", "す"]);
        for line in wrap("🙂🙂🙂 x", 4) {
            assert!(line.width() <= 4);
        }
    }

    #[test]
    fn truncates_by_width() {
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(truncate("ok", 2), "ok");
        assert_eq!(truncate("abc", 0), "");
    }
}
