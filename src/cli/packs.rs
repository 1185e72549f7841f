//! `afterword packs`: list, show and check prompt packs.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{Outcome, columns};
use crate::pack::{Kind, Library, Origin, Pack, Test, Value, read_pack_file};

pub fn packs_list(
    library: &Library,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let mut rows = vec![vec![
        "ID".to_string(),
        "TITLE".into(),
        "PROMPTS".into(),
        "MINUTES".into(),
        "SOURCE".into(),
    ]];
    for loaded in &library.packs {
        let pack = &loaded.pack;
        rows.push(vec![
            pack.id.clone(),
            pack.title.clone(),
            pack.prompt_count().to_string(),
            pack.minutes.to_string(),
            match &loaded.origin {
                Origin::BuiltIn => "built-in".into(),
                Origin::User(path) => path.display().to_string(),
            },
        ]);
    }
    write!(out, "{}", columns(&rows))?;
    report_broken(library, err)?;
    Ok(Outcome::Ok)
}

/// Broken user packs never stop a command; they are reported on stderr.
fn report_broken(library: &Library, err: &mut dyn Write) -> io::Result<()> {
    for problems in &library.problems {
        writeln!(err, "{problems}")?;
        writeln!(
            err,
            "note: {} was skipped; the other packs are available",
            problems.path.display()
        )?;
    }
    Ok(())
}

pub fn packs_show(
    library: &Library,
    id: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(loaded) = library.get(id) else {
        let ids: Vec<&str> = library.packs.iter().map(|p| p.pack.id.as_str()).collect();
        let hint = crate::pack::suggest_id(id, &ids)
            .map(|s| format!(" Did you mean `{s}`?"))
            .unwrap_or_default();
        writeln!(
            err,
            "error: there is no pack `{id}`.{hint} `afterword packs` lists them: {}",
            ids.join(", ")
        )?;
        return Ok(Outcome::BadInput);
    };
    write!(out, "{}", describe_pack(&loaded.pack))?;
    Ok(Outcome::Ok)
}

/// A readable outline of a pack, for `packs show`.
pub fn describe_pack(pack: &Pack) -> String {
    let mut text = format!(
        "{} ({}, version {}) — about {} min, {} prompts\n",
        pack.title,
        pack.id,
        pack.version,
        pack.minutes,
        pack.prompt_count()
    );
    if !pack.description.is_empty() {
        text.push_str(&format!("{}\n", pack.description));
    }
    let mut number = 0;
    for section in &pack.sections {
        text.push_str(&format!("\n{}\n", section.title));
        if let Some(g) = &section.guidance {
            text.push_str(&format!("  {g}\n"));
        }
        for prompt in &section.prompts {
            number += 1;
            text.push_str(&format!("  {number:>2}. {}\n", prompt.question));
            let mut facts = vec![kind_summary(&prompt.kind)];
            if prompt.required {
                facts.push("required".into());
            }
            if prompt.chart {
                facts.push("charted".into());
            }
            if let Some(cond) = &prompt.show_if {
                facts.push(format!(
                    "only if {} {}",
                    cond.prompt,
                    test_summary(&cond.test)
                ));
            }
            for rule in &prompt.tags {
                facts.push(format!(
                    "tags `{}` if {}",
                    rule.tag,
                    test_summary(&rule.test)
                ));
            }
            text.push_str(&format!("      [{}] {}\n", prompt.id, facts.join(" · ")));
            if let Some(g) = &prompt.guidance {
                text.push_str(&format!("      {g}\n"));
            }
            for option in prompt.kind.options() {
                text.push_str(&format!("        - {} ({})\n", option.label, option.id));
            }
            if let Some(other) = prompt.kind.other_label() {
                text.push_str(&format!("        - {other} (other, in my words)\n"));
            }
        }
    }
    text
}

fn kind_summary(kind: &Kind) -> String {
    match kind {
        Kind::LongText => "long text".into(),
        Kind::ShortText => "short text".into(),
        Kind::YesNo => "yes/no".into(),
        Kind::Scale {
            min,
            max,
            low,
            high,
        } => match (low, high) {
            (Some(l), Some(h)) => format!("scale {min}–{max} ({l} … {h})"),
            _ => format!("scale {min}–{max}"),
        },
        Kind::SingleChoice { .. } => "one choice".into(),
        Kind::MultiChoice { .. } => "several choices".into(),
        Kind::Number { min, max, unit } => {
            let mut s = "number".to_string();
            match (min, max) {
                (Some(lo), Some(hi)) => s.push_str(&format!(" {lo}–{hi}")),
                (Some(lo), None) => s.push_str(&format!(" ≥ {lo}")),
                (None, Some(hi)) => s.push_str(&format!(" ≤ {hi}")),
                (None, None) => {}
            }
            if let Some(u) = unit {
                s.push_str(&format!(" {u}"));
            }
            s
        }
    }
}

fn value_summary(value: &Value) -> String {
    match value {
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => n.to_string(),
        Value::Text(t) => t.clone(),
    }
}

fn test_summary(test: &Test) -> String {
    match test {
        Test::Equals(v) => format!("= {}", value_summary(v)),
        Test::OneOf(vs) => format!(
            "is one of {}",
            vs.iter().map(value_summary).collect::<Vec<_>>().join(", ")
        ),
        Test::AtLeast(n) => format!("≥ {n}"),
        Test::AtMost(n) => format!("≤ {n}"),
    }
}

pub fn packs_check(
    files: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let mut outcome = Outcome::Ok;
    for path in files {
        match read_pack_file(path) {
            Ok(pack) => writeln!(
                out,
                "{}: ok — pack `{}`, {} prompts",
                path.display(),
                pack.id,
                pack.prompt_count()
            )?,
            Err(problems) => {
                writeln!(err, "{problems}")?;
                outcome = Outcome::BadInput;
            }
        }
    }
    Ok(outcome)
}
