//! Answers written in a TOML file, for `afterword new --answers`: checked
//! against the pack, every problem reported with its line and column.

use std::ops::Range;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::answer::{Answer, OTHER};
use crate::entry::{ClientCode, Modality, clean_tag, whole_seconds};
use crate::pack::source::{Lines, toml_integer, toml_number};
use crate::pack::{Answers, Kind, Pack, Problem, suggest_id};

const TOP_KEYS: &[&str] = &[
    "pack", "client", "session", "modality", "date", "tags", "flagged", "answers", "other",
];

/// What an answers file says, before the command line's flags are applied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswersFile {
    pub pack: Option<String>,
    pub client: Option<ClientCode>,
    pub session: Option<u32>,
    pub modality: Option<Modality>,
    pub date: Option<DateTime<FixedOffset>>,
    pub tags: Vec<String>,
    pub flagged: Option<bool>,
    pub answers: Answers,
}

struct Reader<'s> {
    text: &'s str,
    lines: Lines,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn report(&mut self, span: Range<usize>, message: impl Into<String>) {
        let problem = self.lines.problem(self.text, span.start, message.into());
        self.problems.push(problem);
    }
}

/// Reads the session facts and the pack id only; answers need the pack.
pub fn read_header(text: &str, offset: FixedOffset) -> Result<AnswersFile, Vec<Problem>> {
    parse(text, None, offset)
}

/// Reads and checks everything against `pack`.
pub fn read_answers(
    text: &str,
    pack: &Pack,
    offset: FixedOffset,
) -> Result<AnswersFile, Vec<Problem>> {
    parse(text, Some(pack), offset)
}

fn parse(
    text: &str,
    pack: Option<&Pack>,
    offset: FixedOffset,
) -> Result<AnswersFile, Vec<Problem>> {
    let mut reader = Reader {
        text,
        lines: Lines::new(text),
        problems: Vec::new(),
    };
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let message = e.message().trim_end().replace('\n', "; ");
            reader.report(
                e.span().unwrap_or(0..0),
                format!("this is not valid TOML: {message}"),
            );
            return Err(reader.problems);
        }
    };
    let table = root.get_ref();
    let mut file = AnswersFile::default();
    for (key, _) in table.iter() {
        let name: &str = key.get_ref();
        if !TOP_KEYS.contains(&name) {
            let hint = suggest_id(name, TOP_KEYS)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| "put answers under `[answers]`".into());
            reader.report(key.span(), format!("unknown key `{name}`; {hint}"));
        }
    }
    if let Some(v) = table.get("pack") {
        match v.get_ref().as_str() {
            Some(s) => file.pack = Some(s.to_string()),
            None => reader.report(v.span(), "`pack` should be a pack id in quotes"),
        }
    }
    if let Some(v) = table.get("client") {
        match v.get_ref().as_str().map(ClientCode::new) {
            Some(Ok(c)) => file.client = Some(c),
            Some(Err(e)) => reader.report(v.span(), format!("`client`: {e}")),
            None => reader.report(
                v.span(),
                "`client` should be a code in quotes, like client = \"A-17\"",
            ),
        }
    }
    if let Some(v) = table.get("session") {
        match toml_integer(v.get_ref())
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)
        {
            Some(n) => file.session = Some(n),
            None => reader.report(v.span(), "`session` should be a whole number from 1"),
        }
    }
    if let Some(v) = table.get("modality") {
        match v.get_ref().as_str().map(str::parse::<Modality>) {
            Some(Ok(m)) => file.modality = Some(m),
            Some(Err(e)) => reader.report(v.span(), format!("`modality`: {e}")),
            None => reader.report(
                v.span(),
                "`modality` should be individual, couple, family or group, in quotes",
            ),
        }
    }
    if let Some(v) = table.get("date") {
        match date(v.get_ref(), offset) {
            Some(d) => file.date = Some(whole_seconds(d)),
            None => reader.report(
                v.span(),
                "`date` should be a date-time, like date = 2026-11-21T14:30:00+01:00 (without an offset, the computer's is used)",
            ),
        }
    }
    if let Some(v) = table.get("flagged") {
        match v.get_ref() {
            DeValue::Boolean(b) => file.flagged = Some(*b),
            _ => reader.report(v.span(), "`flagged` should be true or false"),
        }
    }
    if let Some(v) = table.get("tags") {
        match v.get_ref().as_array() {
            Some(items) => {
                for item in items.iter() {
                    match item.get_ref().as_str().and_then(clean_tag) {
                        Some(tag) if !file.tags.contains(&tag) => file.tags.push(tag),
                        Some(_) => {}
                        None => reader.report(item.span(), "a tag should be a word in quotes"),
                    }
                }
            }
            None => reader.report(
                v.span(),
                "`tags` should be a list, like tags = [\"hard-session\"]",
            ),
        }
    }
    if let Some(pack) = pack {
        answers(&mut reader, table, pack, &mut file);
    }
    if reader.problems.is_empty() {
        Ok(file)
    } else {
        reader.problems.sort_by_key(|p| (p.line, p.column));
        Err(reader.problems)
    }
}

fn answers(reader: &mut Reader, table: &DeTable, pack: &Pack, file: &mut AnswersFile) {
    let empty = DeTable::default();
    let (section, section_span) = match table.get("answers") {
        Some(v) => {
            match v.get_ref().as_table() {
                Some(t) => (t, v.span()),
                None => {
                    reader.report(v.span(), "`answers` should be a table: write `[answers]` and then one line per prompt");
                    return;
                }
            }
        }
        None => (&empty, 0..0),
    };
    let others = match table
        .get("other")
        .map(|v| (v.get_ref().as_table(), v.span()))
    {
        Some((Some(t), _)) => Some(t),
        Some((None, span)) => {
            reader.report(
                span,
                "`other` should be a table: write `[other]` and then `prompt-id = \"text\"`",
            );
            None
        }
        None => None,
    };
    let ids: Vec<&str> = pack.prompts().map(|(_, p)| p.id.as_str()).collect();
    let mut spans: Vec<(String, Range<usize>)> = Vec::new();
    for (key, value) in section.iter() {
        let id: &str = key.get_ref();
        let Some(prompt) = pack.prompt(id) else {
            let hint = suggest_id(id, &ids)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| format!("; `afterword packs show {}` lists them", pack.id));
            reader.report(
                key.span(),
                format!("pack `{}` has no prompt `{id}`{hint}", pack.id),
            );
            continue;
        };
        let other = others
            .and_then(|t| t.get(id))
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_string);
        match answer(&prompt.kind, value, other) {
            Ok(Some(a)) => {
                file.answers.insert(id.to_string(), a);
                spans.push((id.to_string(), key.span()));
            }
            Ok(None) => {}
            Err(message) => reader.report(value.span(), format!("`{id}`: {message}")),
        }
    }
    if let Some(others) = others {
        for (key, value) in others.iter() {
            let id: &str = key.get_ref();
            let chose_other = file
                .answers
                .get(id)
                .is_some_and(|a| a.chosen().iter().any(|c| c == OTHER));
            if value.get_ref().as_str().is_none() {
                reader.report(
                    value.span(),
                    format!("`other.{id}` should be text in quotes"),
                );
            } else if !chose_other {
                reader.report(
                    key.span(),
                    format!(
                        "`other.{id}` is given, but the answer to `{id}` does not choose \"other\""
                    ),
                );
            }
        }
    }
    // Answers to prompts the other answers hide would silently vanish.
    let visible: Vec<String> = pack
        .visible(&file.answers)
        .iter()
        .map(|(_, p)| p.id.clone())
        .collect();
    for (id, span) in &spans {
        if !visible.contains(id)
            && let Some(cond) = pack.prompt(id).and_then(|p| p.show_if.as_ref())
        {
            reader.report(
                span.clone(),
                format!(
                    "`{id}` is only asked when `{}` is answered so that it applies; with these answers it would not be saved",
                    cond.prompt
                ),
            );
        }
    }
    for prompt in pack.missing_required(&file.answers) {
        reader.report(
            section_span.clone(),
            format!(
                "`{}` is required by pack `{}` (\"{}\"); add an answer under [answers]",
                prompt.id, pack.id, prompt.question
            ),
        );
    }
}

fn date(value: &DeValue, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let text = match value {
        DeValue::Datetime(d) => d.to_string(),
        DeValue::String(s) => s.to_string(),
        _ => return None,
    };
    let text = text.trim().replace(' ', "T");
    if let Ok(d) = DateTime::parse_from_rfc3339(&text) {
        return Some(d);
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok())
        .and_then(|d| d.and_local_timezone(offset).single())
}

/// One answer of the right type for `kind`, or what is wrong with it.
fn answer(
    kind: &Kind,
    value: &Spanned<DeValue>,
    other: Option<String>,
) -> Result<Option<Answer>, String> {
    let v = value.get_ref();
    match kind {
        Kind::LongText | Kind::ShortText => match v.as_str() {
            Some(s) => Ok(Answer::text(s)),
            None => Err("a text answer goes in quotes (\"\"\"…\"\"\" for several lines)".into()),
        },
        Kind::YesNo => match v {
            DeValue::Boolean(b) => Ok(Some(Answer::Bool(*b))),
            _ => Err("a yes/no answer is true or false".into()),
        },
        Kind::Scale { min, max, .. } => match toml_integer(v) {
            Some(n) if n >= *min && n <= *max => Ok(Some(Answer::Integer(n))),
            Some(n) => Err(format!(
                "{n} is outside the scale, which runs from {min} to {max}"
            )),
            None => Err(format!("a rating is a whole number from {min} to {max}")),
        },
        Kind::Number { min, max, .. } => match toml_number(v) {
            Some(n) if min.is_some_and(|lo| n < lo) => Err(format!(
                "{n} is below the lowest allowed, {}",
                min.unwrap_or_default()
            )),
            Some(n) if max.is_some_and(|hi| n > hi) => Err(format!(
                "{n} is above the highest allowed, {}",
                max.unwrap_or_default()
            )),
            Some(n) => Ok(Some(Answer::Decimal(n))),
            None => Err("a number answer is a number, like 2 or 1.5".into()),
        },
        Kind::SingleChoice { .. } | Kind::MultiChoice { .. } => {
            let mut allowed: Vec<&str> = kind.options().iter().map(|o| o.id.as_str()).collect();
            if kind.other_label().is_some() {
                allowed.push(OTHER);
            }
            let multiple = matches!(kind, Kind::MultiChoice { .. });
            let chosen: Vec<String> = match (v, multiple) {
                (DeValue::String(s), false) => vec![s.to_string()],
                (DeValue::Array(items), true) => items
                    .iter()
                    .map(|i| i.get_ref().as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or("list the chosen option ids in quotes")?,
                (_, false) => {
                    return Err(format!(
                        "choose one option id in quotes: {}",
                        allowed.join(", ")
                    ));
                }
                (_, true) => {
                    return Err(format!(
                        "list the chosen option ids, like [\"{}\"]",
                        allowed[0]
                    ));
                }
            };
            for id in &chosen {
                if !allowed.contains(&id.as_str()) {
                    let hint = suggest_id(id, &allowed)
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    return Err(format!(
                        "`{id}` is not an option; {hint}options are {}",
                        allowed.join(", ")
                    ));
                }
            }
            let mut ordered: Vec<String> = allowed
                .iter()
                .filter(|a| chosen.iter().any(|c| c == *a))
                .map(|a| a.to_string())
                .collect();
            ordered.dedup();
            let other = other
                .filter(|_| ordered.iter().any(|c| c == OTHER))
                .map(|t| crate::answer::normalize_text(&t));
            Ok(match (multiple, ordered.is_empty()) {
                (_, true) => None,
                (true, false) => Some(Answer::Choices {
                    ids: ordered,
                    other,
                }),
                (false, false) => Some(Answer::Choice {
                    id: ordered.remove(0),
                    other,
                }),
            })
        }
    }
}
