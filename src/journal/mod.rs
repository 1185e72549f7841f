//! The journal folder: where entries are written and found. Every read and
//! write of the user's files goes through here, so that encryption can be
//! added in one place later.

mod atomic;
mod draft;
mod filter;
mod history;
mod index;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::entry::{Entry, MAX_ENTRY_BYTES, parse_entry, write_entry};
use crate::pack::Pack;

pub use atomic::{create_private_dir, write_new, write_replace};
pub use draft::{
    DRAFT_FORMAT, Draft, DraftError, MAX_DRAFT_BYTES, Position, parse_draft, write_draft,
};
pub use filter::Filter;
pub use history::{ClientHistory, ClientRecord};
pub use index::{Index, Summary, TextStore, Unreadable};

/// Why a file in the journal could not be read as an entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct EntryFileError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

/// How many `-2`, `-3`… suffixes are tried before giving up on a name.
const MAX_SUFFIX: u32 = 999;

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("could not save to {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("could not remove {path}: {source}")]
    Remove { path: PathBuf, source: io::Error },
}

/// Something the journal can save into. The real folder implements it;
/// tests inject failures through it.
pub trait Storage {
    fn save_entry(&self, entry: &Entry, pack: Option<&Pack>) -> Result<PathBuf, JournalError>;

    /// Saves an entry into another folder (when the journal cannot be
    /// written), under the same name it would have had in the journal.
    fn save_entry_in(
        &self,
        dir: &Path,
        entry: &Entry,
        pack: Option<&Pack>,
    ) -> Result<PathBuf, JournalError> {
        let stem = format!(
            "{}-{}",
            entry.facts.date.format("%Y-%m-%d-%H%M"),
            entry.pack
        );
        let names = std::iter::once(format!("{stem}.md"))
            .chain((2..=MAX_SUFFIX).map(|n| format!("{stem}-{n}.md")));
        write_new(dir, names, write_entry(entry, pack).as_bytes()).map_err(|source| {
            JournalError::Write {
                path: dir.to_path_buf(),
                source,
            }
        })
    }

    /// Rewrites an existing entry (flag, tags, amended answers). The
    /// previous version stays beside it, hidden, until the new one is safely
    /// on disk.
    fn rewrite_entry(
        &self,
        path: &Path,
        entry: &Entry,
        pack: Option<&Pack>,
    ) -> Result<(), JournalError> {
        rewrite(path, write_entry(entry, pack).as_bytes())
    }

    /// Writes a draft over its previous version.
    fn save_draft(&self, draft: &Draft) -> Result<PathBuf, JournalError>;

    /// Removes a draft whose reflection was saved or discarded.
    fn remove_draft(&self, id: &str) -> Result<(), JournalError>;
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
        index::scan(&self.entries_dir(), self.root())
            .into_iter()
            .map(|(path, _)| self.root.join(path))
            .collect()
    }

    /// Reads one entry file. A file that is too large, not UTF-8, or not an
    /// entry gives an error saying so; the file is never changed.
    pub fn read_entry(path: &Path) -> Result<Entry, EntryFileError> {
        let fail = |line: usize, message: String| EntryFileError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let size = fs::metadata(path)
            .map_err(|e| fail(1, format!("cannot read it: {e}")))?
            .len();
        if size > MAX_ENTRY_BYTES as u64 {
            return Err(fail(
                1,
                format!(
                    "it is {} MiB; an entry is at most {} MiB",
                    size / (1024 * 1024),
                    MAX_ENTRY_BYTES / (1024 * 1024)
                ),
            ));
        }
        let bytes = fs::read(path).map_err(|e| fail(1, format!("cannot read it: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            fail(line, "it is not UTF-8 text".into())
        })?;
        parse_entry(&text).map_err(|e| fail(e.line, e.message))
    }

    /// The client codes used so far, with their last session (from the
    /// index, so as fresh as the files and as fast as the cache).
    pub fn client_history(&self) -> ClientHistory {
        ClientHistory::from_index(&self.index())
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

    fn save_draft(&self, draft: &Draft) -> Result<PathBuf, JournalError> {
        let path = self.draft_path(&draft.id);
        write_replace(&path, write_draft(draft).as_bytes()).map_err(|source| {
            JournalError::Write {
                path: path.clone(),
                source,
            }
        })?;
        Ok(path)
    }

    fn remove_draft(&self, id: &str) -> Result<(), JournalError> {
        let path = self.draft_path(id);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(JournalError::Remove { path, source }),
        }
        // The lock file goes too; whoever holds it keeps their open handle.
        let _ = fs::remove_file(self.drafts_dir().join(format!("{id}.lock")));
        Ok(())
    }
}

/// The hidden copy of an entry kept while it is rewritten.
pub fn backup_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.previous"))
}

fn rewrite(path: &Path, bytes: &[u8]) -> Result<(), JournalError> {
    let fail = |source| JournalError::Write {
        path: path.to_path_buf(),
        source,
    };
    let backup = backup_path(path);
    let previous = fs::read(path).map_err(fail)?;
    write_replace(&backup, &previous).map_err(fail)?;
    write_replace(path, bytes).map_err(fail)?;
    // Only once the new version is on disk does the old one go.
    let _ = fs::remove_file(&backup);
    Ok(())
}

impl Journal {
    /// An entry by the id `list` prints (its file name without `.md`) or by
    /// its path.
    pub fn find_entry(&self, id_or_path: &str) -> Option<PathBuf> {
        let as_path = Path::new(id_or_path);
        if as_path.is_file() {
            return Some(as_path.to_path_buf());
        }
        let id = id_or_path.trim_end_matches(".md");
        // The id starts with the date: look in that month first.
        if let (Some(year), Some(month)) = (id.get(0..4), id.get(5..7)) {
            let path = self
                .entries_dir()
                .join(year)
                .join(month)
                .join(format!("{id}.md"));
            if path.is_file() {
                return Some(path);
            }
        }
        self.entry_files()
            .into_iter()
            .find(|p| p.file_stem().is_some_and(|s| s == id))
    }
}

/// A draft found in the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDraft {
    pub draft: Draft,
    /// Another Afterword window has it open.
    pub in_use: bool,
}

/// A draft file that could not be read: set aside, never deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedDraft {
    pub path: PathBuf,
    pub problem: String,
}

/// Exclusive use of one draft by this process, held by an OS file lock on
/// `<id>.lock` (the draft itself is replaced on every save, so it cannot
/// carry the lock). Released when dropped, or when the process ends in any
/// way, `kill -9` included.
#[derive(Debug)]
pub struct DraftLock {
    _file: fs::File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("this draft is open in another Afterword window")]
    InUse,
    #[error("could not lock {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

impl Journal {
    pub fn drafts_dir(&self) -> PathBuf {
        self.root.join("drafts")
    }

    pub fn draft_path(&self, id: &str) -> PathBuf {
        self.drafts_dir().join(format!("{id}.toml"))
    }

    /// A new draft id: the start time and the pack, with a suffix when two
    /// reflections start in the same second.
    pub fn new_draft_id(
        &self,
        created: chrono::DateTime<chrono::FixedOffset>,
        pack: &str,
    ) -> String {
        let stem = format!("{}-{pack}", created.format("%Y%m%d-%H%M%S"));
        let taken = |id: &str| {
            self.draft_path(id).exists() || self.drafts_dir().join(format!("{id}.lock")).exists()
        };
        if !taken(&stem) {
            return stem;
        }
        (2..)
            .map(|n| format!("{stem}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or(stem)
    }

    /// Takes the lock of a draft, or says it is in use elsewhere.
    pub fn lock_draft(&self, id: &str) -> Result<DraftLock, LockError> {
        let dir = self.drafts_dir();
        let path = dir.join(format!("{id}.lock"));
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        create_private_dir(&dir).map_err(io)?;
        let mut options = fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(DraftLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(LockError::InUse),
            Err(fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }

    fn in_use(&self, id: &str) -> bool {
        let path = self.drafts_dir().join(format!("{id}.lock"));
        let Ok(file) = fs::OpenOptions::new().write(true).open(path) else {
            return false;
        };
        matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock))
    }

    /// Every draft, newest first. A draft that cannot be read is renamed to
    /// `<name>.damaged` and reported, so it stops getting in the way but
    /// nothing is lost.
    pub fn drafts(&self) -> (Vec<FoundDraft>, Vec<DamagedDraft>) {
        let mut found = Vec::new();
        let mut damaged = Vec::new();
        let Ok(read) = fs::read_dir(self.drafts_dir()) else {
            return (found, damaged);
        };
        for item in read.flatten() {
            let path = item.path();
            remove_stale_temp(&path);
            if path.extension().is_none_or(|e| e != "toml") || !path.is_file() {
                continue;
            }
            let id = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let result = fs::metadata(&path)
                .map_err(|e| e.to_string())
                .and_then(|m| {
                    if m.len() > MAX_DRAFT_BYTES as u64 {
                        Err("it is far larger than any draft".to_string())
                    } else {
                        fs::read(&path).map_err(|e| e.to_string())
                    }
                })
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())
                })
                .and_then(|text| parse_draft(&id, &text).map_err(|e| e.to_string()));
            match result {
                Ok(draft) => {
                    let in_use = self.in_use(&id);
                    found.push(FoundDraft { draft, in_use });
                }
                Err(problem) => {
                    let aside = path.with_extension("toml.damaged");
                    let path = match fs::rename(&path, &aside) {
                        Ok(()) => aside,
                        Err(_) => path,
                    };
                    damaged.push(DamagedDraft { path, problem });
                }
            }
        }
        found.sort_by_key(|f| std::cmp::Reverse(f.draft.updated));
        (found, damaged)
    }
}

/// A temporary file left by a process killed mid-write holds answers in
/// the clear: remove it once it is clearly abandoned.
fn remove_stale_temp(path: &Path) {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    if !(name.starts_with(".afterword-") && name.ends_with(".tmp")) {
        return;
    }
    let old = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(60));
    if old {
        let _ = fs::remove_file(path);
    }
}
