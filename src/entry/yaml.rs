//! Writing the small YAML subset of the front matter by hand.
//!
//! Every string is double-quoted so that YAML 1.1 readers (PyYAML, some
//! Obsidian plugins) and YAML 1.2 readers (Pandoc) agree on its type: an
//! unquoted `no`, `on` or `2026-01-01` would otherwise turn into a boolean
//! or a date in some of them.

use std::fmt::Write;

/// A double-quoted YAML string that reads back as exactly `s`.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // Control characters, and the ones YAML treats as line breaks or
            // a byte-order mark, are written as escapes.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A float that both YAML 1.1 and 1.2 read as a float: always with a
/// decimal point, and a signed exponent when one is needed.
pub(super) fn float(x: f64) -> String {
    let plain = format!("{x:?}");
    if !plain.contains(['e', 'E']) {
        return plain;
    }
    let (mantissa, exponent) = plain.split_once('e').unwrap_or((&plain, "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    let exponent = if exponent.starts_with('-') {
        exponent.to_string()
    } else {
        format!("+{exponent}")
    };
    format!("{mantissa}e{exponent}")
}

/// Splits front matter into its top-level keys, each with the exact text
/// that holds it (the key line and every indented or list line after it).
pub(super) fn top_level_blocks(front: &str) -> Vec<(String, String)> {
    let mut blocks: Vec<(String, String)> = Vec::new();
    for line in front.split_inclusive('\n') {
        let continues = line.starts_with([' ', '\t', '-', '#'])
            || line.trim().is_empty()
            || line.starts_with("...");
        match blocks.last_mut() {
            Some((_, text)) if continues => text.push_str(line),
            _ if continues => {}
            _ => {
                let key = top_level_key(line);
                blocks.push((key, line.to_string()));
            }
        }
    }
    for (_, text) in &mut blocks {
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    blocks
}

/// The key a top-level line starts, unquoted when it was quoted.
fn top_level_key(line: &str) -> String {
    let line = line.trim_end();
    for quote in ['"', '\''] {
        if let Some(rest) = line.strip_prefix(quote)
            && let Some(end) = rest.find(quote)
        {
            return rest[..end].to_string();
        }
    }
    let end = line
        .find(": ")
        .unwrap_or_else(|| line.trim_end_matches(':').len());
    line[..end.min(line.len())].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_and_escaped() {
        assert_eq!(quote("no"), "\"no\"");
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(quote("\u{7}\u{2028}"), "\"\\u0007\\u2028\"");
        assert_eq!(quote("Zoë 日本 🙂"), "\"Zoë 日本 🙂\"");
    }

    #[test]
    fn floats_always_look_like_floats() {
        assert_eq!(float(3.0), "3.0");
        assert_eq!(float(-0.25), "-0.25");
        assert_eq!(float(1e21), "1.0e+21");
        assert_eq!(float(1.5e-7), "1.5e-7");
    }

    #[test]
    fn blocks_keep_nested_and_list_lines_with_their_key() {
        let front = "a: 1\nlist:\n- x\n- y\nmap:\n  k: v\n\n# note\n\"q k\": 2\n";
        let blocks = top_level_blocks(front);
        let keys: Vec<&str> = blocks.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "list", "map", "q k"]);
        assert_eq!(blocks[1].1, "list:\n- x\n- y\n");
        assert_eq!(blocks[2].1, "map:\n  k: v\n\n# note\n");
    }
}
