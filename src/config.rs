//! `config.toml` in the config folder: the user's preferences.
//!
//! ```toml
//! default_pack = "quick"   # the pack pre-selected for a new reflection
//! ```

use std::fs;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::pack::source::Lines;
use crate::pack::{FileProblems, Problem, suggest_id};

const KEYS: &[&str] = &["default_pack"];
const MAX_CONFIG_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub default_pack: Option<String>,
}

/// Reads the configuration text, reporting every problem with its place.
pub fn parse_config(text: &str) -> Result<Config, Vec<Problem>> {
    let lines = Lines::new(text);
    let at = |offset: usize, message: String| lines.problem(text, offset, message);
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let message = e.message().trim_end().replace('\n', "; ");
            let offset = e.span().map_or(0, |s| s.start);
            return Err(vec![at(
                offset,
                format!("this is not valid TOML: {message}"),
            )]);
        }
    };
    let mut problems = Vec::new();
    let mut config = Config::default();
    for (key, value) in root.get_ref().iter() {
        let name: &str = key.get_ref();
        match (name, value.get_ref()) {
            ("default_pack", DeValue::String(id)) => config.default_pack = Some(id.to_string()),
            ("default_pack", _) => problems.push(at(
                value.span().start,
                "`default_pack` should be a pack id in quotes, like default_pack = \"quick\""
                    .into(),
            )),
            _ => {
                let hint = suggest_id(name, KEYS)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("known keys: {}", KEYS.join(", ")));
                problems.push(at(
                    key.span().start,
                    format!("unknown key `{name}`; {hint}"),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// Reads `config.toml` from the config folder; a missing file is no error.
pub fn load_config(config_dir: &Path) -> Result<Config, FileProblems> {
    let path = config_dir.join("config.toml");
    let fail = |message: String| FileProblems {
        path: path.clone(),
        problems: vec![Problem {
            line: 1,
            column: 1,
            message,
        }],
    };
    let size = match fs::metadata(&path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(fail(format!("cannot read this file: {e}"))),
    };
    if size > MAX_CONFIG_BYTES {
        return Err(fail(format!(
            "this file is {} KiB; a configuration is a few lines — is it the right file?",
            size / 1024
        )));
    }
    let bytes = fs::read(&path).map_err(|e| fail(format!("cannot read this file: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| fail("this file is not UTF-8 text; save it as UTF-8".into()))?;
    parse_config(&text).map_err(|problems| FileProblems { path, problems })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_default_pack_and_names_mistakes() {
        assert_eq!(
            parse_config("default_pack = \"quick\"\n")
                .unwrap()
                .default_pack
                .as_deref(),
            Some("quick")
        );
        assert_eq!(parse_config("").unwrap(), Config::default());
        let problems = parse_config("defalt_pack = \"quick\"\ndefault_pack = 3\n").unwrap_err();
        assert_eq!(problems[0].line, 1);
        assert!(problems[0].message.contains("did you mean `default_pack`?"));
        assert_eq!((problems[1].line, problems[1].column), (2, 16));
    }
}
