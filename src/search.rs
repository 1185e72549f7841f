//! Full-text matching that ignores case and diacritics: "zoe" finds "Zoë",
//! "RESUME" finds "résumé". CJK and other scripts match as written.

use std::ops::Range;

/// The base letters of a precomposed Latin letter, or `None` to keep it.
fn base(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

/// Folds `text` for matching, and for each byte of the result the byte
/// offset in `text` of the character it came from.
pub fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            map.push(i);
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            let before = out.len();
            match base(lower) {
                Some(b) => out.push_str(b),
                None => out.push(lower),
            }
            map.extend(std::iter::repeat_n(i, out.len() - before));
        }
    }
    (out, map)
}

/// Folds `text` for matching: lowercase, without diacritics.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    fold_with_map(text).0
}

/// A search query, folded once: every word must appear (in any order);
/// words in double quotes must appear together, as a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    /// `None` for a blank query, which matches everything.
    pub fn new(text: &str) -> Option<Query> {
        let mut terms: Vec<String> = Vec::new();
        for (i, part) in text.split('"').enumerate() {
            let part = fold(part);
            if i % 2 == 1 {
                let phrase = part.split_whitespace().collect::<Vec<_>>().join(" ");
                if !phrase.is_empty() {
                    terms.push(phrase);
                }
            } else {
                terms.extend(part.split_whitespace().map(str::to_string));
            }
        }
        terms.dedup();
        (!terms.is_empty()).then_some(Query { terms })
    }

    /// The query as folded, for showing it back.
    pub fn folded(&self) -> String {
        self.terms
            .iter()
            .map(|t| {
                if t.contains(' ') {
                    format!("\"{t}\"")
                } else {
                    t.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether already folded text contains every term.
    pub fn matches_folded(&self, folded: &[u8]) -> bool {
        self.terms
            .iter()
            .all(|t| memchr::memmem::find(folded, t.as_bytes()).is_some())
    }

    pub fn matches(&self, text: &str) -> bool {
        self.matches_folded(fold(text).as_bytes())
    }

    /// Byte ranges of `text` that match a term, for highlighting.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let (folded, map) = fold_with_map(text);
        let mut found: Vec<Range<usize>> = Vec::new();
        for term in &self.terms {
            let needle = term.as_bytes();
            for start in memchr::memmem::find_iter(folded.as_bytes(), needle) {
                let end = start + needle.len();
                let from = map[start];
                // The end of the character the last matched byte came from.
                let last = map[end - 1];
                let to = last + text[last..].chars().next().map_or(0, char::len_utf8);
                found.push(from..to);
            }
        }
        found.sort_by_key(|r| r.start);
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for r in found {
            match ranges.last_mut() {
                Some(prev) if prev.end >= r.start => prev.end = prev.end.max(r.end),
                _ => ranges.push(r),
            }
        }
        ranges
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn case_and_diacritics_are_ignored() {
        let q = Query::new("zoe").unwrap();
        assert!(q.matches("Session with ZOË"));
        assert!(Query::new("RÉSUMÉ").unwrap().matches("her resume"));
        assert!(Query::new("strasse").unwrap().matches("Straße"));
        assert!(
            Query::new("e\u{301}").unwrap().matches("É"),
            "combining marks too"
        );
        assert!(!q.matches("zo"));
        assert!(Query::new("   ").is_none());
    }

    #[test]
    fn words_match_anywhere_and_quotes_make_a_phrase() {
        let text = "Zoë named her fear of flying";
        assert!(Query::new("fear zoe").unwrap().matches(text));
        assert!(!Query::new("fear zoe cat").unwrap().matches(text));
        assert!(Query::new("\"her fear\"").unwrap().matches(text));
        assert!(!Query::new("\"fear her\"").unwrap().matches(text));
        assert_eq!(
            Query::new("  Fear   \"of  FLYING\" ").unwrap().folded(),
            "fear \"of flying\""
        );
    }

    #[test]
    fn cjk_and_emoji_match_as_written() {
        assert!(Query::new("日本").unwrap().matches("私は日本語を話す"));
        assert!(Query::new("🙂").unwrap().matches("ok 🙂"));
    }

    #[test]
    fn ranges_point_into_the_original_text() {
        let text = "Zoë said: zoe, ZOE!";
        let q = Query::new("zoe").unwrap();
        let found: Vec<&str> = q.ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["Zoë", "zoe", "ZOE"]);
        let text = "Große Straße";
        let q = Query::new("ss").unwrap();
        let found: Vec<&str> = q.ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["ß", "ß"]);
    }

    proptest! {
        #[test]
        fn folding_never_panics_and_ranges_are_char_boundaries(text in "\\PC{0,60}", query in "\\PC{1,4}") {
            let (folded, map) = fold_with_map(&text);
            prop_assert_eq!(folded.len(), map.len());
            if let Some(q) = Query::new(&query) {
                for r in q.ranges(&text) {
                    prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                }
            }
        }
    }
}
