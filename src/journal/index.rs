//! The journal's index: what the browser, `list` and `search` need about
//! every entry, kept in `<journal>/.cache/` so that a decade of entries
//! opens in milliseconds.
//!
//! The cache is only ever a copy. Each time it is used, every entry file's
//! size and modification time are compared with what the cache recorded;
//! a file added, edited, touched or removed outside Afterword is read again
//! (or dropped) before anything is shown. A cache that is missing or
//! damaged is simply rebuilt.
//!
//! Two files: `index` (a few hundred bytes an entry, read at every start)
//! and `text` (every entry's folded text, read only to search). Both hold
//! words from the entries; when encryption at rest comes, they are written
//! through the same seam as entries, or kept in memory only.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, FixedOffset};

use super::{Journal, write_replace};
use crate::answer::Answer;
use crate::search::{Query, fold};

const INDEX_MAGIC: &[u8] = b"AFTERWORD-INDEX-2\n";
const TEXT_MAGIC: &[u8] = b"AFTERWORD-TEXT-2\n";

/// What the list shows about one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The file, relative to the journal folder.
    pub path: PathBuf,
    /// The file name without `.md`: what `afterword show` takes.
    pub id: String,
    pub date: DateTime<FixedOffset>,
    pub client: String,
    pub session: u32,
    pub modality: String,
    pub pack: String,
    pub pack_version: u32,
    pub tags: Vec<String>,
    pub flagged: bool,
    /// The first line of the first free-text answer.
    pub first_line: String,
}

/// A file under `entries/` that is not a readable entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub path: PathBuf,
    pub line: usize,
    pub reason: String,
}

/// The file's identity as the cache knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified_ns: u128,
}

#[derive(Debug, Clone, PartialEq)]
enum Record {
    Entry(Summary),
    Unreadable { line: usize, reason: String },
}

/// Every entry, newest first, and the files that could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    pub entries: Vec<Summary>,
    pub unreadable: Vec<Unreadable>,
}

/// Every entry's folded text, keyed by its path.
#[derive(Debug, Default)]
pub struct TextStore {
    texts: HashMap<PathBuf, String>,
}

impl TextStore {
    pub fn matches(&self, path: &Path, query: &Query) -> bool {
        self.texts
            .get(path)
            .is_some_and(|t| query.matches_folded(t.as_bytes()))
    }
}

impl Journal {
    fn cache_dir(&self) -> PathBuf {
        self.root().join(".cache")
    }

    /// The index, brought up to date with the files as they are now.
    pub fn index(&self) -> Index {
        self.refresh(false).0
    }

    /// The index and the text of every entry, for searching.
    pub fn index_with_text(&self) -> (Index, TextStore) {
        let (index, text) = self.refresh(true);
        (index, text.unwrap_or_default())
    }

    fn refresh(&self, want_text: bool) -> (Index, Option<TextStore>) {
        let root = self.root();
        let files: Vec<(PathBuf, Stamp)> = self
            .entry_files()
            .into_iter()
            .filter_map(|path| {
                let meta = fs::metadata(&path).ok()?;
                let modified_ns = meta
                    .modified()
                    .ok()?
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos());
                let relative = path.strip_prefix(root).ok()?.to_path_buf();
                Some((
                    relative,
                    Stamp {
                        size: meta.len(),
                        modified_ns,
                    },
                ))
            })
            .collect();
        let cached = fs::read(self.cache_dir().join("index"))
            .ok()
            .and_then(|bytes| decode_index(&bytes))
            .unwrap_or_default();

        let mut changed = cached.len() != files.len();
        let mut fresh: Vec<(PathBuf, Stamp, Record, Option<String>)> =
            Vec::with_capacity(files.len());
        for (path, stamp) in files {
            match cached.get(&path) {
                Some((old, record)) if *old == stamp => {
                    fresh.push((path, stamp, record.clone(), None))
                }
                _ => {
                    changed = true;
                    let (record, text) = read_record(&root.join(&path), &path);
                    fresh.push((path, stamp, record, Some(text)));
                }
            }
        }

        let mut text = None;
        if changed || want_text {
            let mut old = if fresh.iter().any(|(_, _, _, t)| t.is_none()) {
                fs::read(self.cache_dir().join("text"))
                    .ok()
                    .and_then(|bytes| decode_text(&bytes))
                    .unwrap_or_default()
            } else {
                HashMap::new()
            };
            let mut store = HashMap::with_capacity(fresh.len());
            for (path, _, record, new_text) in &mut fresh {
                let t = match new_text.take() {
                    Some(t) => Some(t),
                    None => old.remove(path.as_path()),
                };
                match t {
                    Some(t) => {
                        store.insert(path.clone(), t);
                    }
                    // The text cache lost this one: read it again.
                    None if matches!(record, Record::Entry(_)) => {
                        let (again, t) = read_record(&root.join(&*path), path);
                        *record = again;
                        store.insert(path.clone(), t);
                        changed = true;
                    }
                    None => {}
                }
            }
            if changed {
                // A cache that cannot be written only costs speed.
                let _ = self.write_cache(&fresh, &store);
            }
            text = Some(TextStore { texts: store });
        }

        let mut index = Index::default();
        for (path, _, record, _) in fresh {
            match record {
                Record::Entry(summary) => index.entries.push(summary),
                Record::Unreadable { line, reason } => {
                    index.unreadable.push(Unreadable { path, line, reason })
                }
            }
        }
        index
            .entries
            .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id)));
        index.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
        (index, text)
    }

    fn write_cache(
        &self,
        records: &[(PathBuf, Stamp, Record, Option<String>)],
        text: &HashMap<PathBuf, String>,
    ) -> std::io::Result<()> {
        let dir = self.cache_dir();
        let mut index = INDEX_MAGIC.to_vec();
        put_u64(&mut index, records.len() as u64);
        for (path, stamp, record, _) in records {
            put_str(&mut index, &path.to_string_lossy());
            put_u64(&mut index, stamp.size);
            put_u64(&mut index, (stamp.modified_ns >> 64) as u64);
            put_u64(&mut index, stamp.modified_ns as u64);
            match record {
                Record::Entry(s) => {
                    index.push(1);
                    put_str(&mut index, &s.id);
                    put_str(&mut index, &s.date.to_rfc3339());
                    put_str(&mut index, &s.client);
                    put_u64(&mut index, u64::from(s.session));
                    put_str(&mut index, &s.modality);
                    put_str(&mut index, &s.pack);
                    put_u64(&mut index, u64::from(s.pack_version));
                    put_u64(&mut index, s.tags.len() as u64);
                    for tag in &s.tags {
                        put_str(&mut index, tag);
                    }
                    index.push(u8::from(s.flagged));
                    put_str(&mut index, &s.first_line);
                }
                Record::Unreadable { line, reason } => {
                    index.push(0);
                    put_u64(&mut index, *line as u64);
                    put_str(&mut index, reason);
                }
            }
        }
        let mut texts = TEXT_MAGIC.to_vec();
        put_u64(&mut texts, text.len() as u64);
        for (path, t) in text {
            put_str(&mut texts, &path.to_string_lossy());
            put_str(&mut texts, t);
        }
        write_replace(&dir.join("text"), &texts)?;
        write_replace(&dir.join("index"), &index)
    }
}

/// Reads one file into its index record and its folded text.
fn read_record(full: &Path, relative: &Path) -> (Record, String) {
    match Journal::read_entry(full) {
        Ok(entry) => {
            let first_line = entry
                .responses()
                .find_map(|r| match &r.answer {
                    Answer::Text(t) => t
                        .lines()
                        .find(|l| !l.trim().is_empty())
                        .map(|l| l.trim().to_string()),
                    _ => None,
                })
                .unwrap_or_default();
            let text = fs::read_to_string(full)
                .map(|t| fold(&t))
                .unwrap_or_default();
            let summary = Summary {
                path: relative.to_path_buf(),
                id: relative
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string(),
                date: entry.facts.date,
                client: entry.facts.client.to_string(),
                session: entry.facts.session,
                modality: entry.facts.modality.to_string(),
                pack: entry.pack,
                pack_version: entry.pack_version,
                tags: entry.tags,
                flagged: entry.flagged,
                first_line,
            };
            (Record::Entry(summary), text)
        }
        Err(e) => (
            Record::Unreadable {
                line: e.line,
                reason: e.message,
            },
            String::new(),
        ),
    }
}

// --- the cache's byte format: length-prefixed strings, little-endian u64 ---

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u64(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

struct Bytes<'a> {
    rest: &'a [u8],
}

impl<'a> Bytes<'a> {
    fn u8(&mut self) -> Option<u8> {
        let (first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(*first)
    }

    fn u64(&mut self) -> Option<u64> {
        let (head, rest) = self.rest.split_at_checked(8)?;
        self.rest = rest;
        Some(u64::from_le_bytes(head.try_into().ok()?))
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.u64()?).ok()?;
        let (head, rest) = self.rest.split_at_checked(len)?;
        self.rest = rest;
        std::str::from_utf8(head).ok()
    }
}

/// A damaged or foreign cache decodes to `None` and is rebuilt.
fn decode_index(bytes: &[u8]) -> Option<HashMap<PathBuf, (Stamp, Record)>> {
    let mut b = Bytes {
        rest: bytes.strip_prefix(INDEX_MAGIC)?,
    };
    let count = b.u64()?;
    let mut out = HashMap::with_capacity(usize::try_from(count).ok()?.min(1 << 20));
    for _ in 0..count {
        let path = PathBuf::from(b.str()?);
        let size = b.u64()?;
        let modified_ns = (u128::from(b.u64()?) << 64) | u128::from(b.u64()?);
        let record = match b.u8()? {
            1 => {
                let id = b.str()?.to_string();
                let date = DateTime::parse_from_rfc3339(b.str()?).ok()?;
                let client = b.str()?.to_string();
                let session = u32::try_from(b.u64()?).ok()?;
                let modality = b.str()?.to_string();
                let pack = b.str()?.to_string();
                let pack_version = u32::try_from(b.u64()?).ok()?;
                let tag_count = b.u64()?;
                let mut tags = Vec::new();
                for _ in 0..tag_count {
                    tags.push(b.str()?.to_string());
                }
                let flagged = b.u8()? == 1;
                let first_line = b.str()?.to_string();
                Record::Entry(Summary {
                    path: path.clone(),
                    id,
                    date,
                    client,
                    session,
                    modality,
                    pack,
                    pack_version,
                    tags,
                    flagged,
                    first_line,
                })
            }
            0 => Record::Unreadable {
                line: usize::try_from(b.u64()?).ok()?,
                reason: b.str()?.to_string(),
            },
            _ => return None,
        };
        out.insert(path, (Stamp { size, modified_ns }, record));
    }
    b.rest.is_empty().then_some(out)
}

fn decode_text(bytes: &[u8]) -> Option<HashMap<PathBuf, String>> {
    let mut b = Bytes {
        rest: bytes.strip_prefix(TEXT_MAGIC)?,
    };
    let count = b.u64()?;
    let mut out = HashMap::with_capacity(usize::try_from(count).ok()?.min(1 << 20));
    for _ in 0..count {
        let path = PathBuf::from(b.str()?);
        out.insert(path, b.str()?.to_string());
    }
    b.rest.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn damaged_caches_decode_to_nothing_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let mut with_magic = INDEX_MAGIC.to_vec();
            with_magic.extend_from_slice(&bytes);
            let _ = decode_index(&with_magic);
            let mut with_magic = TEXT_MAGIC.to_vec();
            with_magic.extend_from_slice(&bytes);
            let _ = decode_text(&with_magic);
        }
    }
}
