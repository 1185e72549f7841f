//! Turning byte offsets into the line and column a person sees in an editor.

use toml::de::DeValue;

/// A TOML integer as a number, if it is one and fits.
pub(crate) fn toml_integer(value: &DeValue) -> Option<i64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok(),
        _ => None,
    }
}

/// A TOML integer or finite float as a number.
pub(crate) fn toml_number(value: &DeValue) -> Option<f64> {
    match value {
        DeValue::Float(x) => x
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite()),
        other => toml_integer(other).map(|n| n as f64),
    }
}

/// Line starts of a text, for mapping offsets to positions.
pub(crate) struct Lines {
    starts: Vec<usize>,
    text_len: usize,
}

impl Lines {
    /// A problem at a byte offset of `text`.
    pub(crate) fn problem(&self, text: &str, offset: usize, message: String) -> super::Problem {
        let (line, column) = self.position(text, offset);
        super::Problem {
            line,
            column,
            message,
        }
    }

    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            starts,
            text_len: text.len(),
        }
    }

    /// Line and column (from 1; the column counts characters) of a byte offset.
    pub(crate) fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len);
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nçd\n\nx";
        let lines = Lines::new(text);
        assert_eq!(lines.position(text, 0), (1, 1));
        assert_eq!(lines.position(text, 1), (1, 2));
        assert_eq!(lines.position(text, 3), (2, 1));
        assert_eq!(lines.position(text, 5), (2, 2));
        assert_eq!(lines.position(text, 7), (3, 1));
        assert_eq!(lines.position(text, 8), (4, 1));
        assert_eq!(lines.position(text, 99), (4, 2));
    }
}
