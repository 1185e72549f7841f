//! The journal folder: where entries are written and found. Every read and
//! write of the user's files goes through here, so that encryption can be
//! added in one place later.

mod atomic;
mod history;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::entry::{Entry, write_entry};
use crate::pack::Pack;

pub use atomic::{create_private_dir, write_new, write_replace};
pub use history::{ClientHistory, ClientRecord};

/// How many `-2`, `-3`… suffixes are tried before giving up on a name.
const MAX_SUFFIX: u32 = 999;

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("could not save to {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

impl JournalError {
    pub fn path(&self) -> &Path {
        match self {
            JournalError::Write { path, .. } => path,
        }
    }
}

/// Something the journal can save into. The real folder implements it;
/// tests inject failures through it.
pub trait Storage {
    fn save_entry(&self, entry: &Entry, pack: Option<&Pack>) -> Result<PathBuf, JournalError>;
}

#[derive(Debug, Clone)]
pub struct Journal {
    root: PathBuf,
}

impl Journal {
    pub fn new(root: impl Into<PathBuf>) -> Journal {
        Journal { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn entries_dir(&self) -> PathBuf {
        self.root.join("entries")
    }

    /// The folder and the candidate file names of an entry: the date, time
    /// and pack — never the client code, which would leak in listings and
    /// sync logs even where contents are encrypted.
    pub fn entry_names(&self, entry: &Entry) -> (PathBuf, impl Iterator<Item = String>) {
        let date = entry.facts.date;
        let dir = self
            .entries_dir()
            .join(date.format("%Y").to_string())
            .join(date.format("%m").to_string());
        let stem = format!("{}-{}", date.format("%Y-%m-%d-%H%M"), entry.pack);
        let names = std::iter::once(format!("{stem}.md"))
            .chain((2..=MAX_SUFFIX).map(move |n| format!("{stem}-{n}.md")));
        (dir, names)
    }

    /// Every entry file (`*.md` under `entries/`), in no particular order.
    pub fn entry_files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        collect_md(&self.entries_dir(), &mut files, 0);
        files
    }

    /// The client codes used so far, with their last session.
    pub fn client_history(&self) -> ClientHistory {
        ClientHistory::scan(&self.entry_files())
    }
}

impl Storage for Journal {
    fn save_entry(&self, entry: &Entry, pack: Option<&Pack>) -> Result<PathBuf, JournalError> {
        let (dir, names) = self.entry_names(entry);
        let text = write_entry(entry, pack);
        write_new(&dir, names, text.as_bytes()).map_err(|source| JournalError::Write {
            path: dir.clone(),
            source,
        })
    }
}

fn collect_md(dir: &Path, files: &mut Vec<PathBuf>, depth: usize) {
    // entries/YYYY/MM is two levels; a little slack for hand-made folders,
    // and a bound so a symlink loop cannot run forever.
    if depth > 4 {
        return;
    }
    let Ok(read) = fs::read_dir(dir) else { return };
    for entry in read.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if kind.is_dir() && !hidden {
            collect_md(&path, files, depth + 1);
        } else if kind.is_file() && !hidden && path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
}
