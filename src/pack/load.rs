//! Reading a pack from TOML and checking it, reporting every problem at once.
//!
//! The TOML is parsed into spanned values and walked by hand rather than
//! deserialized, so that one pass can report every unknown key, wrong type
//! and broken reference with its line and column instead of stopping at the
//! first.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::source::{Lines, toml_integer, toml_number};
use super::{
    ChoiceOption, Condition, Kind, Pack, Problem, Prompt, Section, TagRule, Test, Value,
    is_valid_id,
};
use crate::answer::OTHER;

/// Packs are small; anything larger is almost certainly the wrong file.
pub const MAX_PACK_BYTES: usize = 256 * 1024;

const PACK_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "version",
    "minutes",
    "section",
];
const SECTION_KEYS: &[&str] = &["id", "title", "guidance", "prompt"];
const PROMPT_KEYS: &[&str] = &[
    "id", "kind", "question", "guidance", "required", "show_if", "chart", "tags", "min", "max",
    "low", "high", "options", "other", "unit",
];
const KINDS: &[&str] = &[
    "long-text",
    "short-text",
    "scale",
    "single-choice",
    "multi-choice",
    "yes-no",
    "number",
];
const TESTS: &[&str] = &["equals", "one_of", "at_least", "at_most"];

/// Parses and checks a pack. On failure, every problem found, in file order.
pub fn parse_pack(text: &str) -> Result<Pack, Vec<Problem>> {
    let mut checker = Checker::new(text);
    if text.len() > MAX_PACK_BYTES {
        checker.report(
            0..0,
            format!(
                "this file is {} KiB; a pack is at most {} KiB — is it the right file?",
                text.len() / 1024,
                MAX_PACK_BYTES / 1024
            ),
        );
        return Err(checker.problems);
    }
    let pack = match DeTable::parse(text) {
        Ok(root) => {
            let span = root.span();
            let fields = Fields {
                table: root.get_ref(),
                span,
                what: "the pack".into(),
            };
            checker.pack(&fields)
        }
        Err(err) => {
            let span = err.span().unwrap_or(0..0);
            let message = err.message().trim_end().replace('\n', "; ");
            checker.report(span, format!("this is not valid TOML: {message}"));
            None
        }
    };
    checker.problems.sort_by_key(|p| (p.line, p.column));
    match pack {
        Some(pack) if checker.problems.is_empty() => Ok(pack),
        _ => Err(checker.problems),
    }
}

/// A table being read, with a name for messages ("prompt `bond`").
struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    what: String,
}

impl<'t, 'i> Fields<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }
}

/// What is known of an earlier prompt when checking a condition on it.
struct Seen {
    index: usize,
    kind: Option<Kind>,
}

struct Checker<'s> {
    text: &'s str,
    lines: Lines,
    problems: Vec<Problem>,
}

impl<'s> Checker<'s> {
    fn new(text: &'s str) -> Self {
        Checker {
            text,
            lines: Lines::new(text),
            problems: Vec::new(),
        }
    }

    fn report(&mut self, span: Range<usize>, message: impl Into<String>) {
        let problem = self.lines.problem(self.text, span.start, message.into());
        self.problems.push(problem);
    }

    fn pack(&mut self, f: &Fields) -> Option<Pack> {
        self.known_keys(f, PACK_KEYS);
        let id = self.id(f);
        let title = self.string(f, "title", true);
        let description = self.string(f, "description", false).unwrap_or_default();
        let version = self.positive(f, "version", true);
        let minutes = self.positive(f, "minutes", true);

        let sections = self.tables(f, "section", |i| format!("section {}", i + 1));
        if sections.is_empty() && f.get("section").is_none() {
            self.report(
                f.span.clone(),
                "the pack has no sections: add at least one `[[section]]` with a `[[section.prompt]]`",
            );
        }
        let order = prompt_order(&sections);
        let mut seen: HashMap<String, Seen> = HashMap::new();
        let mut section_ids = HashSet::new();
        let mut built = Vec::new();
        for section in &sections {
            if let Some(section) = self.section(section, &order, &mut seen, &mut section_ids) {
                built.push(section);
            }
        }
        Some(Pack {
            id: id?,
            title: title?,
            description,
            version: version?,
            minutes: minutes?,
            sections: built,
        })
    }

    fn section(
        &mut self,
        f: &Fields,
        order: &HashMap<String, usize>,
        seen: &mut HashMap<String, Seen>,
        section_ids: &mut HashSet<String>,
    ) -> Option<Section> {
        self.known_keys(f, SECTION_KEYS);
        let id = self.id(f);
        if let Some(id) = &id
            && !section_ids.insert(id.clone())
        {
            let span = self.span_of(f, "id");
            self.report(
                span,
                format!("section id `{id}` is used twice; give each section its own id"),
            );
        }
        let title = self.string(f, "title", true);
        let guidance = self.string(f, "guidance", false);
        let name = id.clone().unwrap_or_else(|| "?".into());
        let prompts = self.tables(f, "prompt", |i| {
            format!("prompt {} of section `{name}`", i + 1)
        });
        if prompts.is_empty() && f.get("prompt").is_none() {
            self.report(
                f.span.clone(),
                format!(
                    "section `{name}` has no prompts: add `[[section.prompt]]` tables after it"
                ),
            );
        }
        let mut built = Vec::new();
        for prompt in &prompts {
            if let Some(prompt) = self.prompt(prompt, order, seen) {
                built.push(prompt);
            }
        }
        Some(Section {
            id: id?,
            title: title?,
            guidance,
            prompts: built,
        })
    }

    fn prompt(
        &mut self,
        f: &Fields,
        order: &HashMap<String, usize>,
        seen: &mut HashMap<String, Seen>,
    ) -> Option<Prompt> {
        let id = self.id(f);
        let what = match &id {
            Some(id) => format!("prompt `{id}`"),
            None => f.what.clone(),
        };
        let f = &Fields {
            table: f.table,
            span: f.span.clone(),
            what,
        };
        self.known_keys(f, PROMPT_KEYS);
        let question = self.string(f, "question", true);
        if let Some(q) = &question
            && q.trim().is_empty()
        {
            let span = self.span_of(f, "question");
            self.report(
                span,
                format!(
                    "{} has an empty question; write the question to ask",
                    f.what
                ),
            );
        }
        let guidance = self.string(f, "guidance", false);
        let required = self.boolean(f, "required").unwrap_or(false);
        let chart = self.boolean(f, "chart").unwrap_or(false);
        let kind = self.kind(f);
        let index = id.as_ref().and_then(|id| order.get(id).copied());

        let show_if = f.get("show_if").and_then(|value| {
            let cond = self.inline_table(f, "show_if", value)?;
            self.condition(&cond, index.unwrap_or(usize::MAX), order, seen)
        });
        let tags = self.tag_rules(f, kind.as_ref());

        if let Some(id) = &id {
            if seen.contains_key(id) {
                let span = self.span_of(f, "id");
                self.report(
                    span,
                    format!(
                        "prompt id `{id}` is used twice; every prompt in a pack needs its own id"
                    ),
                );
            } else {
                seen.insert(
                    id.clone(),
                    Seen {
                        index: index.unwrap_or(usize::MAX),
                        kind: kind.clone(),
                    },
                );
            }
        }
        Some(Prompt {
            id: id?,
            question: question?,
            guidance,
            required,
            kind: kind?,
            show_if,
            chart,
            tags,
        })
    }

    fn kind(&mut self, f: &Fields) -> Option<Kind> {
        let (name, span) = self.string_spanned(f, "kind", true)?;
        let kind = match name.as_str() {
            "long-text" => Kind::LongText,
            "short-text" => Kind::ShortText,
            "yes-no" => Kind::YesNo,
            "scale" => self.scale(f)?,
            "number" => self.number_kind(f)?,
            "single-choice" | "multi-choice" => {
                let (options, other) = self.options(f)?;
                if name == "single-choice" {
                    Kind::SingleChoice { options, other }
                } else {
                    Kind::MultiChoice { options, other }
                }
            }
            other => {
                let hint = suggest(other, KINDS)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                self.report(
                    span,
                    format!(
                        "unknown kind `{other}` in {}; {hint}kinds are: {}",
                        f.what,
                        KINDS.join(", ")
                    ),
                );
                return None;
            }
        };
        let allowed: &[&str] = match &kind {
            Kind::Scale { .. } => &["min", "max", "low", "high"],
            Kind::Number { .. } => &["min", "max", "unit"],
            Kind::SingleChoice { .. } | Kind::MultiChoice { .. } => &["options", "other"],
            _ => &[],
        };
        for key in ["min", "max", "low", "high", "options", "other", "unit"] {
            if f.get(key).is_some() && !allowed.contains(&key) {
                let span = self.key_span(f, key);
                self.report(
                    span,
                    format!(
                        "`{key}` does not apply to a {} prompt ({}); remove it or change `kind`",
                        kind.name(),
                        f.what
                    ),
                );
            }
        }
        Some(kind)
    }

    fn scale(&mut self, f: &Fields) -> Option<Kind> {
        let min = self.integer(f, "min");
        let max = self.integer(f, "max");
        let low = self.string(f, "low", false);
        let high = self.string(f, "high", false);
        let (min, max) = (min.unwrap_or(Some(0))?, max.unwrap_or(Some(10))?);
        if min >= max {
            let span = self.span_of(f, if f.get("max").is_some() { "max" } else { "min" });
            self.report(
                span,
                format!(
                    "the scale of {} runs from {min} to {max}; `min` must be below `max`",
                    f.what
                ),
            );
            return None;
        }
        if max - min > 100 {
            let span = self.span_of(f, "max");
            self.report(
                span,
                format!(
                    "the scale of {} has {} points; keep a scale to at most 101 points (use a number prompt for more)",
                    f.what,
                    max - min + 1
                ),
            );
            return None;
        }
        Some(Kind::Scale {
            min,
            max,
            low,
            high,
        })
    }

    fn number_kind(&mut self, f: &Fields) -> Option<Kind> {
        let min = self.number(f, "min");
        let max = self.number(f, "max");
        let unit = self.string(f, "unit", false);
        let (min, max) = (min.unwrap_or(None), max.unwrap_or(None));
        if let (Some(lo), Some(hi)) = (min, max)
            && lo >= hi
        {
            let span = self.span_of(f, "max");
            self.report(
                span,
                format!(
                    "the bounds of {} run from {lo} to {hi}; `min` must be below `max`",
                    f.what
                ),
            );
            return None;
        }
        Some(Kind::Number { min, max, unit })
    }

    fn options(&mut self, f: &Fields) -> Option<(Vec<ChoiceOption>, Option<String>)> {
        let other = match f.get("other") {
            None => None,
            Some(v) => match v.get_ref() {
                DeValue::Boolean(true) => Some("Something else".to_string()),
                DeValue::Boolean(false) => None,
                DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
                _ => {
                    self.report(
                        v.span(),
                        format!(
                            "`other` in {} should be true, false, or the label to show, like other = \"Something else\"",
                            f.what
                        ),
                    );
                    None
                }
            },
        };
        let Some(value) = f.get("options") else {
            self.report(
                f.span.clone(),
                format!(
                    "{} has no `options`; list at least two, like options = [\"yes\", \"partly\"]",
                    f.what
                ),
            );
            return None;
        };
        let Some(items) = value.get_ref().as_array() else {
            self.report(
                value.span(),
                format!(
                    "`options` in {} should be a list, like options = [\"a\", \"b\"]",
                    f.what
                ),
            );
            return None;
        };
        let mut options: Vec<ChoiceOption> = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            let option = match item.get_ref() {
                DeValue::String(s) => Some(ChoiceOption {
                    id: s.to_string(),
                    label: s.to_string(),
                }),
                DeValue::Table(t) => {
                    let of = Fields {
                        table: t,
                        span: item.span(),
                        what: format!("an option of {}", f.what),
                    };
                    self.known_keys(&of, &["id", "label"]);
                    let id = self.id(&of);
                    let label = self.string(&of, "label", true);
                    id.zip(label).map(|(id, label)| ChoiceOption { id, label })
                }
                _ => {
                    self.report(
                        item.span(),
                        format!(
                            "an option of {} should be an id in quotes or {{ id = \"…\", label = \"…\" }}",
                            f.what
                        ),
                    );
                    None
                }
            };
            let Some(option) = option else {
                ok = false;
                continue;
            };
            if !is_valid_id(&option.id) {
                self.report(
                    item.span(),
                    format!(
                        "option `{}` of {} is not a valid id: use lowercase letters, digits and `-` (or write {{ id = \"…\", label = \"…\" }})",
                        option.id, f.what
                    ),
                );
                ok = false;
            } else if options.iter().any(|o| o.id == option.id) {
                self.report(
                    item.span(),
                    format!(
                        "option `{}` appears twice in {}; each option must be different",
                        option.id, f.what
                    ),
                );
                ok = false;
            } else if other.is_some() && option.id == OTHER {
                self.report(
                    item.span(),
                    format!(
                        "option id `other` is reserved for the free-text choice that `other` adds in {}; rename this option",
                        f.what
                    ),
                );
                ok = false;
            } else {
                options.push(option);
            }
        }
        if ok && options.len() < 2 {
            self.report(
                value.span(),
                format!(
                    "{} has {} option; a choice needs at least two",
                    f.what,
                    if options.is_empty() { "no" } else { "only one" }
                ),
            );
            return None;
        }
        ok.then_some((options, other))
    }

    fn condition(
        &mut self,
        f: &Fields,
        own_index: usize,
        order: &HashMap<String, usize>,
        seen: &HashMap<String, Seen>,
    ) -> Option<Condition> {
        let mut allowed = vec!["prompt"];
        allowed.extend_from_slice(TESTS);
        self.known_keys(f, &allowed);
        let (target, span) = self.string_spanned(f, "prompt", true)?;
        let kind = match seen.get(&target) {
            Some(earlier) if earlier.index < own_index => earlier.kind.clone(),
            _ => {
                let message = if order.get(&target).is_some_and(|&i| i >= own_index) {
                    format!(
                        "the condition of {} refers to `{target}`, which is this prompt or a later one; a condition can only look at an earlier answer",
                        f.what
                    )
                } else {
                    let names: Vec<&str> = seen.keys().map(String::as_str).collect();
                    let hint = suggest(&target, &names)
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    format!(
                        "the condition of {} refers to `{target}`, but no earlier prompt has that id{hint}",
                        f.what
                    )
                };
                self.report(span, message);
                return None;
            }
        };
        let test = self.test(f, kind.as_ref()?, &format!("the condition of {}", f.what))?;
        Some(Condition {
            prompt: target,
            test,
        })
    }

    fn tag_rules(&mut self, f: &Fields, kind: Option<&Kind>) -> Vec<TagRule> {
        let Some(value) = f.get("tags") else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.report(
                value.span(),
                format!(
                    "`tags` in {} should be a list of rules, like tags = [{{ tag = \"rupture\", equals = true }}]",
                    f.what
                ),
            );
            return Vec::new();
        };
        let mut rules = Vec::new();
        for item in items.iter() {
            let Some(table) = self.inline_table(f, "tags", item) else {
                continue;
            };
            let mut allowed = vec!["tag"];
            allowed.extend_from_slice(TESTS);
            self.known_keys(&table, &allowed);
            let tag = self.string_spanned(&table, "tag", true);
            if let Some((tag, span)) = &tag
                && !is_valid_id(tag)
            {
                self.report(
                    span.clone(),
                    format!(
                        "tag `{tag}` in {} is not valid: use lowercase letters, digits and `-`",
                        f.what
                    ),
                );
                continue;
            }
            let Some(kind) = kind else { continue };
            let test = self.test(&table, kind, &format!("a tag rule of {}", f.what));
            if let (Some((tag, _)), Some(test)) = (tag, test) {
                rules.push(TagRule { tag, test });
            }
        }
        rules
    }

    /// Reads the one test in a condition or tag rule and checks that it can
    /// match an answer of `kind`.
    fn test(&mut self, f: &Fields, kind: &Kind, what: &str) -> Option<Test> {
        let present: Vec<&str> = TESTS
            .iter()
            .copied()
            .filter(|t| f.get(t).is_some())
            .collect();
        let key = match present.as_slice() {
            [one] => *one,
            [] => {
                self.report(
                    f.span.clone(),
                    format!(
                        "{what} has no test; add one of `equals`, `one_of`, `at_least`, `at_most`"
                    ),
                );
                return None;
            }
            [_, second, ..] => {
                let span = self.key_span(f, second);
                self.report(
                    span,
                    format!("{what} has more than one test; keep exactly one"),
                );
                return None;
            }
        };
        let value = f.get(key)?;
        let span = value.span();
        let fail = |checker: &mut Self, message: String| {
            checker.report(span.clone(), format!("{what}: {message}"));
            None
        };
        match kind {
            Kind::LongText | Kind::ShortText => fail(
                self,
                "a free-text answer cannot be tested; ask a yes/no or choice question before it and test that".into(),
            ),
            Kind::YesNo => match (key, value.get_ref()) {
                ("equals", DeValue::Boolean(b)) => Some(Test::Equals(Value::Bool(*b))),
                _ => fail(
                    self,
                    "a yes/no answer is tested with `equals = true` or `equals = false`".into(),
                ),
            },
            Kind::Scale { min, max, .. } => {
                let (lo, hi) = (*min as f64, *max as f64);
                self.numeric_test(key, value, Some(lo), Some(hi), true)
                    .or_else(|| {
                        fail(
                            self,
                            format!(
                                "`{key}` needs a whole number from {min} to {max}{}",
                                if key == "one_of" { " in a list" } else { "" }
                            ),
                        )
                    })
            }
            Kind::Number { min, max, .. } => self
                .numeric_test(key, value, *min, *max, false)
                .or_else(|| {
                    fail(
                        self,
                        format!(
                            "`{key}` needs a number{}{}",
                            if key == "one_of" { " list" } else { "" },
                            bounds_text(*min, *max)
                        ),
                    )
                }),
            Kind::SingleChoice { options, other } | Kind::MultiChoice { options, other } => {
                let mut ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                if other.is_some() {
                    ids.push(OTHER);
                }
                let values: Vec<&Spanned<DeValue>> = match (key, value.get_ref()) {
                    ("equals", DeValue::String(_)) => vec![value],
                    ("one_of", DeValue::Array(items)) if !items.is_empty() => {
                        items.iter().collect()
                    }
                    _ => {
                        return fail(
                            self,
                            format!(
                                "a choice is tested with `equals = \"option\"` or `one_of = [\"option\", …]`; options are {}",
                                ids.join(", ")
                            ),
                        );
                    }
                };
                let mut chosen = Vec::new();
                for v in values {
                    match v.get_ref().as_str() {
                        Some(id) if ids.contains(&id) => chosen.push(Value::Text(id.to_string())),
                        Some(id) => {
                            let hint = suggest(id, &ids)
                                .map(|s| format!("did you mean `{s}`? "))
                                .unwrap_or_default();
                            self.report(
                                v.span(),
                                format!(
                                    "{what}: `{id}` is not an option of that prompt; {hint}options are {}",
                                    ids.join(", ")
                                ),
                            );
                            return None;
                        }
                        None => {
                            return fail(self, "option ids are written in quotes".into());
                        }
                    }
                }
                Some(if key == "equals" {
                    Test::Equals(chosen.remove(0))
                } else {
                    Test::OneOf(chosen)
                })
            }
        }
    }

    fn numeric_test(
        &mut self,
        key: &str,
        value: &Spanned<DeValue>,
        lo: Option<f64>,
        hi: Option<f64>,
        whole: bool,
    ) -> Option<Test> {
        let number = |v: &DeValue| -> Option<f64> {
            let n = match v {
                DeValue::Float(_) if whole => None,
                v => toml_number(v),
            }?;
            let in_range = lo.is_none_or(|lo| n >= lo) && hi.is_none_or(|hi| n <= hi);
            in_range.then_some(n)
        };
        match (key, value.get_ref()) {
            ("equals", v) => number(v).map(|n| Test::Equals(Value::Number(n))),
            ("at_least", v) => number(v).map(Test::AtLeast),
            ("at_most", v) => number(v).map(Test::AtMost),
            ("one_of", DeValue::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|i| number(i.get_ref()).map(Value::Number))
                .collect::<Option<Vec<_>>>()
                .map(Test::OneOf),
            _ => None,
        }
    }

    // --- field readers -------------------------------------------------

    fn known_keys(&mut self, f: &Fields, allowed: &[&str]) {
        for (key, _) in f.table.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let hint = suggest(name, allowed)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("known keys are: {}", allowed.join(", ")));
                self.report(
                    key.span(),
                    format!("unknown key `{name}` in {}; {hint}", f.what),
                );
            }
        }
    }

    fn key_span(&self, f: &Fields, key: &str) -> Range<usize> {
        f.table
            .get_key_value(key)
            .map_or(f.span.clone(), |(k, _)| k.span())
    }

    fn span_of(&self, f: &Fields, key: &str) -> Range<usize> {
        f.get(key).map_or(f.span.clone(), |v| v.span())
    }

    fn missing(&mut self, f: &Fields, key: &str, example: &str) {
        self.report(
            f.span.clone(),
            format!("{} is missing `{key}`; add a line like {example}", f.what),
        );
    }

    fn id(&mut self, f: &Fields) -> Option<String> {
        let (id, span) = self.string_spanned(f, "id", true)?;
        if is_valid_id(&id) {
            Some(id)
        } else {
            self.report(
                span,
                format!(
                    "id `{id}` of {} is not valid: start with a lowercase letter or digit, then use only lowercase letters, digits and `-` (like `post-session`)",
                    f.what
                ),
            );
            None
        }
    }

    fn string(&mut self, f: &Fields, key: &str, required: bool) -> Option<String> {
        self.string_spanned(f, key, required).map(|(s, _)| s)
    }

    fn string_spanned(
        &mut self,
        f: &Fields,
        key: &str,
        required: bool,
    ) -> Option<(String, Range<usize>)> {
        match f.get(key) {
            None => {
                if required {
                    self.missing(f, key, &format!("{key} = \"…\""));
                }
                None
            }
            Some(v) => match v.get_ref() {
                DeValue::String(s) => Some((s.to_string(), v.span())),
                other => {
                    self.report(
                        v.span(),
                        format!(
                            "`{key}` in {} should be text in quotes, not {}",
                            f.what,
                            describe(other)
                        ),
                    );
                    None
                }
            },
        }
    }

    fn boolean(&mut self, f: &Fields, key: &str) -> Option<bool> {
        let v = f.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.report(
                    v.span(),
                    format!(
                        "`{key}` in {} should be true or false, not {}",
                        f.what,
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    /// `None`: absent. `Some(None)`: present but wrong (already reported).
    fn integer(&mut self, f: &Fields, key: &str) -> Option<Option<i64>> {
        let v = f.get(key)?;
        let n = toml_integer(v.get_ref());
        if n.is_none() {
            self.report(
                v.span(),
                format!(
                    "`{key}` in {} should be a whole number, not {}",
                    f.what,
                    describe(v.get_ref())
                ),
            );
        }
        Some(n)
    }

    fn number(&mut self, f: &Fields, key: &str) -> Option<Option<f64>> {
        let v = f.get(key)?;
        let n = toml_number(v.get_ref());
        if n.is_none() {
            self.report(
                v.span(),
                format!(
                    "`{key}` in {} should be a finite number, not {}",
                    f.what,
                    describe(v.get_ref())
                ),
            );
        }
        Some(n)
    }

    fn positive(&mut self, f: &Fields, key: &str, required: bool) -> Option<u32> {
        let Some(n) = self.integer(f, key) else {
            if required {
                self.missing(f, key, &format!("{key} = 1"));
            }
            return None;
        };
        let n = n?;
        match u32::try_from(n) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                let span = self.span_of(f, key);
                self.report(
                    span,
                    format!("`{key}` in {} should be a whole number above 0", f.what),
                );
                None
            }
        }
    }

    fn inline_table<'t, 'i>(
        &mut self,
        f: &Fields,
        key: &str,
        value: &'t Spanned<DeValue<'i>>,
    ) -> Option<Fields<'t, 'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(Fields {
                table: t,
                span: value.span(),
                what: f.what.clone(),
            }),
            other => {
                self.report(
                    value.span(),
                    format!(
                        "`{key}` in {} should be a table like {{ prompt = \"…\", equals = … }}, not {}",
                        f.what,
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    fn tables<'t, 'i>(
        &mut self,
        f: &Fields<'t, 'i>,
        key: &str,
        name: impl Fn(usize) -> String,
    ) -> Vec<Fields<'t, 'i>> {
        let Some(value) = f.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.report(
                value.span(),
                format!(
                    "`{key}` in {} should be written as `[[…{key}]]` tables",
                    f.what
                ),
            );
            return Vec::new();
        };
        tables_in(items, &name, self)
    }
}

fn tables_in<'t, 'i>(
    items: &'t DeArray<'i>,
    name: &impl Fn(usize) -> String,
    checker: &mut Checker,
) -> Vec<Fields<'t, 'i>> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.get_ref() {
            DeValue::Table(t) => out.push(Fields {
                table: t,
                span: item.span(),
                what: name(i),
            }),
            other => checker.report(
                item.span(),
                format!("{} should be a table, not {}", name(i), describe(other)),
            ),
        }
    }
    out
}

/// Position of every prompt id in the file, for telling "later" from "missing".
fn prompt_order(sections: &[Fields]) -> HashMap<String, usize> {
    let mut order = HashMap::new();
    let mut index = 0;
    for section in sections {
        let Some(prompts) = section.get("prompt").and_then(|p| p.get_ref().as_array()) else {
            continue;
        };
        for prompt in prompts.iter() {
            if let Some(id) = prompt
                .get_ref()
                .as_table()
                .and_then(|t| t.get("id"))
                .and_then(|id| id.get_ref().as_str())
            {
                order.entry(id.to_string()).or_insert(index);
            }
            index += 1;
        }
    }
    order
}

fn bounds_text(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!(" from {lo} to {hi}"),
        (Some(lo), None) => format!(" of at least {lo}"),
        (None, Some(hi)) => format!(" of at most {hi}"),
        (None, None) => String::new(),
    }
}

fn describe(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The closest known word, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d < k.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(suggest("questoin", PROMPT_KEYS), Some("question"));
        assert_eq!(suggest("giudance", PROMPT_KEYS), Some("guidance"));
        assert_eq!(suggest("zebra", PROMPT_KEYS), None);
    }
}
