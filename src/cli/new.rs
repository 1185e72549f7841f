//! `afterword new`: checking its flags, and writing an entry from an
//! answers file without the interface.

use std::io::{self, Write};
use std::path::Path;

use super::Outcome;
use crate::clock::Clock;
use crate::entry::{ClientCode, Modality};
use crate::journal::Journal;
use crate::pack::{Library, suggest_id};
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

pub fn new_from_answers(
    _library: &Library,
    _journal: &Journal,
    _clock: &dyn Clock,
    _prefill: &Prefill,
    file: &Path,
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    writeln!(err, "error: {}: not yet", file.display())?;
    Ok(Outcome::Failure)
}
