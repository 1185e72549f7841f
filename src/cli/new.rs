//! `afterword new`: checking its flags, and writing an entry from an
//! answers file without the interface.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::Outcome;
use crate::answers_file::{read_answers, read_header};
use crate::clock::Clock;
use crate::entry::{ClientCode, Modality, SessionFacts, whole_seconds};
use crate::journal::{Journal, Storage};
use crate::pack::{FileProblems, Library, Problem, suggest_id};
use crate::reflection::Reflection;
use crate::tui::Prefill;

/// Checks `--pack`, `--client` and `--modality`; on a problem, prints it and
/// returns the exit outcome.
pub fn check_new_flags(
    library: &Library,
    pack: &Option<String>,
    client: &Option<String>,
    modality: &Option<String>,
    err: &mut dyn Write,
) -> io::Result<Result<Prefill, Outcome>> {
    let mut prefill = Prefill::default();
    if let Some(id) = pack {
        if library.get(id).is_none() {
            let ids: Vec<&str> = library.packs.iter().map(|p| p.pack.id.as_str()).collect();
            let hint = suggest_id(id, &ids)
                .map(|s| format!(" Did you mean `{s}`?"))
                .unwrap_or_default();
            writeln!(
                err,
                "error: --pack: there is no pack `{id}`.{hint} Packs: {}",
                ids.join(", ")
            )?;
            return Ok(Err(Outcome::BadInput));
        }
        prefill.pack = Some(id.clone());
    }
    if let Some(code) = client {
        match ClientCode::new(code) {
            Ok(c) => prefill.client = Some(c),
            Err(e) => {
                writeln!(err, "error: --client: {e}")?;
                return Ok(Err(Outcome::BadInput));
            }
        }
    }
    if let Some(m) = modality {
        match m.parse::<Modality>() {
            Ok(m) => prefill.modality = Some(m),
            Err(e) => {
                writeln!(err, "error: --modality: {e}")?;
                return Ok(Err(Outcome::BadInput));
            }
        }
    }
    Ok(Ok(prefill))
}

/// Largest answers file read.
const MAX_ANSWERS_BYTES: u64 = 4 * 1024 * 1024;

/// Writes an entry from an answers file without the interface.
pub fn new_from_answers(
    library: &Library,
    journal: &Journal,
    clock: &dyn Clock,
    prefill: &Prefill,
    file: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let bad = |err: &mut dyn Write, problems: Vec<Problem>| -> io::Result<Outcome> {
        writeln!(
            err,
            "{}",
            FileProblems {
                path: file.to_path_buf(),
                problems
            }
        )?;
        writeln!(err, "note: nothing was written")?;
        Ok(Outcome::BadInput)
    };
    let at_start = |message: String| {
        vec![Problem {
            line: 1,
            column: 1,
            message,
        }]
    };
    let text = match fs::metadata(file).and_then(|m| {
        if m.len() > MAX_ANSWERS_BYTES {
            Err(io::Error::other("larger than 4 MiB; is it the right file?"))
        } else {
            fs::read(file)
        }
    }) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                return bad(
                    err,
                    at_start("this file is not UTF-8 text; save it as UTF-8".into()),
                );
            }
        },
        Err(e) => return bad(err, at_start(format!("cannot read this file: {e}"))),
    };
    let now = clock.now();
    // The pack decides what the answers may be; every other problem in the
    // file is reported together with the answers' problems below.
    let pack_id = match prefill.pack.clone() {
        Some(id) => id,
        None => match read_header(&text, *now.offset()) {
            Ok(header) => match header.pack {
                Some(id) => id,
                None => {
                    return bad(
                        err,
                        at_start("which pack? Pass --pack ID, or add a line pack = \"…\"".into()),
                    );
                }
            },
            Err(problems) => return bad(err, problems),
        },
    };
    let Some(loaded) = library.get(&pack_id) else {
        let ids: Vec<&str> = library.packs.iter().map(|p| p.pack.id.as_str()).collect();
        let hint = suggest_id(&pack_id, &ids)
            .map(|s| format!(" Did you mean `{s}`?"))
            .unwrap_or_default();
        return bad(
            err,
            at_start(format!("there is no pack `{pack_id}`.{hint}")),
        );
    };
    let pack = &loaded.pack;
    let file_answers = match read_answers(&text, pack, *now.offset()) {
        Ok(a) => a,
        Err(problems) => return bad(err, problems),
    };
    let Some(client) = prefill.client.clone().or(file_answers.client.clone()) else {
        return bad(
            err,
            at_start("which client? Pass --client CODE, or add a line client = \"A-17\"".into()),
        );
    };
    let session = prefill.session.or(file_answers.session);
    let known = if session.is_none() || prefill.modality.or(file_answers.modality).is_none() {
        Some(journal.client_history())
    } else {
        None
    };
    let session = session.unwrap_or_else(|| known.as_ref().map_or(1, |h| h.next_session(&client)));
    let modality = prefill
        .modality
        .or(file_answers.modality)
        .or_else(|| {
            known
                .as_ref()
                .and_then(|h| h.clients.get(&client))
                .map(|r| r.modality)
        })
        .unwrap_or_default();
    let facts = SessionFacts {
        client,
        session,
        modality,
        date: whole_seconds(file_answers.date.unwrap_or(now)),
    };
    let mut reflection = Reflection::new(pack.clone(), facts);
    reflection.answers = file_answers.answers;
    reflection.added_tags = file_answers.tags;
    reflection.flag_choice = file_answers.flagged;
    match journal.save_entry(&reflection.to_entry(), Some(pack)) {
        Ok(path) => {
            writeln!(out, "{}", path.display())?;
            Ok(Outcome::Ok)
        }
        Err(e) => {
            writeln!(err, "error: {e}")?;
            Ok(Outcome::Failure)
        }
    }
}
