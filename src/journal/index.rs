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
//! and `text` (what each entry says — its answers, client and tags — folded
//! for searching, read only to search). Both hold words from the entries;
//! when encryption at rest comes, they are written through the same seam as
//! entries, or kept in memory only.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, FixedOffset};

use super::{Journal, write_replace};
use crate::answer::Answer;
use crate::entry::Modality;
use crate::search::{Query, fold};

const INDEX_MAGIC: &[u8] = b"AFTERWORD-INDEX-4\n";
const TEXT_MAGIC: &[u8] = b"AFTERWORD-TEXT-3\n";

/// What the list shows about one entry.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The file, relative to the journal folder.
    pub path: PathBuf,
    pub date: DateTime<FixedOffset>,
    pub client: String,
    pub session: u32,
    pub modality: Modality,
    pub pack: String,
    pub pack_version: u32,
    pub tags: Vec<String>,
    pub flagged: bool,
    /// The first line of the first free-text answer (its beginning: at
    /// most [`FIRST_LINE_CHARS`] characters).
    pub first_line: String,
    /// Where the entry's searchable text sits in the [`TextStore`].
    text: (usize, usize),
}

/// Marks an entry whose text is not in the text cache yet.
const TEXT_MISSING: (usize, usize) = (usize::MAX, 0);

/// The list never shows more of an entry's first line than this.
pub const FIRST_LINE_CHARS: usize = 120;

/// Equal when they say the same; where the text sits in the cache is not
/// part of what an entry is.
impl PartialEq for Summary {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
            && self.date == other.date
            && self.client == other.client
            && self.session == other.session
            && self.modality == other.modality
            && self.pack == other.pack
            && self.pack_version == other.pack_version
            && self.tags == other.tags
            && self.flagged == other.flagged
            && self.first_line == other.first_line
    }
}

impl Summary {
    /// The file name without `.md`: what `afterword show` takes.
    pub fn id(&self) -> &str {
        self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("")
    }
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
pub(super) struct Stamp {
    size: u64,
    modified_ns: u128,
}

/// A record as the cache holds it. An entry's path lives in its summary
/// (allocated once); an unreadable file's path is kept beside it.
struct Cached {
    stamp: Stamp,
    record: Record,
    unreadable_path: Option<String>,
}

impl Cached {
    fn path(&self) -> &str {
        match &self.record {
            Record::Entry(summary) => summary.path.to_str().unwrap_or(""),
            Record::Unreadable { .. } => self.unreadable_path.as_deref().unwrap_or(""),
        }
    }
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

/// Every entry's searchable text, folded, one after the other.
#[derive(Debug, Default)]
pub struct TextStore {
    blob: Vec<u8>,
    /// Where the texts begin in `blob` (after the file's header).
    start: usize,
}

impl TextStore {
    fn text(&self, (at, len): (usize, usize)) -> Option<&[u8]> {
        let from = self.start.checked_add(at)?;
        self.blob.get(from..from.checked_add(len)?)
    }

    pub fn matches(&self, entry: &Summary, query: &Query) -> bool {
        self.text(entry.text)
            .is_some_and(|t| query.matches_folded(t))
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
        // Read the cache (and, to search, the text) while the files are
        // checked: neither depends on the other, and the check is mostly
        // the kernel's work.
        let dir = self.cache_dir();
        let (files, ((generation, cached), old_text)) = std::thread::scope(|scope| {
            let read = scope.spawn(|| {
                let index = fs::read(dir.join("index"))
                    .ok()
                    .and_then(|bytes| decode_index(&bytes))
                    .unwrap_or_default();
                let text = if want_text {
                    fs::read(dir.join("text"))
                        .ok()
                        .and_then(|bytes| decode_text(bytes, index.0))
                } else {
                    None
                };
                (index, text)
            });
            let files = scan(&self.entries_dir(), self.root());
            (files, read.join().unwrap_or_default())
        });
        // The usual case: nothing changed since the cache was written, and
        // no text is wanted. The cached summaries become the list as they
        // are, without another copy.
        let unchanged = files.len() == cached.len()
            && files
                .iter()
                .zip(&cached)
                .all(|((path, stamp), c)| c.stamp == *stamp && c.path() == path);
        if unchanged && !want_text {
            return (
                into_index(cached.into_iter().map(|c| (c.unreadable_path, c.record))),
                None,
            );
        }

        let mut changed = !unchanged;
        // Both lists are in path order: walk them side by side.
        let mut cached = cached.into_iter().peekable();
        // (path, stamp, record, fresh text if the file was read again)
        let mut records: Vec<(String, Stamp, Record, Option<Vec<u8>>)> =
            Vec::with_capacity(files.len());
        for (path, stamp) in files {
            while cached.next_if(|c| c.path() < path.as_str()).is_some() {
                changed = true;
            }
            match cached.next_if(|c| c.path() == path) {
                Some(c) if c.stamp == stamp => records.push((path, stamp, c.record, None)),
                _ => {
                    changed = true;
                    let (record, text) = read_record(&self.root().join(&path), &path);
                    records.push((path, stamp, record, Some(text)));
                }
            }
        }
        let mut store = None;
        if want_text {
            store = Some(self.fresh_text(&mut records, old_text, changed));
        } else if changed {
            // Only the index is rewritten. Unchanged entries still point
            // into the text file, which keeps its generation; entries read
            // again are marked, and a search reads their text then.
            for (_, _, record, new_text) in &mut records {
                if let Record::Entry(summary) = record
                    && new_text.is_some()
                {
                    summary.text = TEXT_MISSING;
                }
            }
            let _ = self.write_index(&records, generation);
        }

        let index = into_index(
            records
                .into_iter()
                .map(|(path, _, record, _)| (Some(path), record)),
        );
        (index, store)
    }

    /// The text of every entry for searching: the cached text where it is
    /// still good, read again where not; both cache files are rewritten if
    /// anything had to be read.
    fn fresh_text(
        &self,
        records: &mut [(String, Stamp, Record, Option<Vec<u8>>)],
        old_text: Option<TextStore>,
        changed: bool,
    ) -> TextStore {
        // `old_text` is what the cache held, read beside the scan.
        let mut old_text = old_text;
        let complete = old_text.as_ref().is_some_and(|t| {
            records.iter().all(|(_, _, r, new)| {
                new.is_none() && !matches!(r, Record::Entry(s) if t.text(s.text).is_none())
            })
        });
        if !changed
            && complete
            && let Some(text) = old_text.take()
        {
            // Nothing changed: the text on disk is the text.
            return text;
        }
        let mut blob: Vec<u8> = Vec::new();
        for (path, _, record, new_text) in records.iter_mut() {
            let Record::Entry(summary) = record else {
                continue;
            };
            let text = match new_text.take() {
                Some(t) => t,
                None => match old_text.as_ref().and_then(|b| b.text(summary.text)) {
                    Some(t) => t.to_vec(),
                    // Not in the text cache (new, edited, or the cache is
                    // gone): read the entry again.
                    None => {
                        let (again, t) = read_record(&self.root().join(&*path), path);
                        *record = again;
                        t
                    }
                },
            };
            if let Record::Entry(summary) = record {
                summary.text = (blob.len(), text.len());
            }
            blob.extend_from_slice(&text);
        }
        // A new generation ties the new index to the new text.
        let generation = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id());
        // A cache that cannot be written only costs speed.
        let _ = self
            .write_text(&blob, generation)
            .and_then(|()| self.write_index(records, generation));
        TextStore { blob, start: 0 }
    }

    fn write_text(&self, blob: &[u8], generation: u64) -> std::io::Result<()> {
        let mut text = TEXT_MAGIC.to_vec();
        put_u64(&mut text, generation);
        put_u64(&mut text, blob.len() as u64);
        text.extend_from_slice(blob);
        write_replace(&self.cache_dir().join("text"), &text)
    }

    fn write_index(
        &self,
        records: &[(String, Stamp, Record, Option<Vec<u8>>)],
        generation: u64,
    ) -> std::io::Result<()> {
        let mut index = INDEX_MAGIC.to_vec();
        put_u64(&mut index, generation);
        put_u64(&mut index, records.len() as u64);
        for (path, stamp, record, _) in records {
            put_str(&mut index, path);
            put_u64(&mut index, stamp.size);
            put_u64(&mut index, (stamp.modified_ns >> 64) as u64);
            put_u64(&mut index, stamp.modified_ns as u64);
            match record {
                Record::Entry(s) => {
                    index.push(1);
                    put_u64(&mut index, s.date.timestamp() as u64);
                    put_u64(
                        &mut index,
                        i64::from(s.date.offset().local_minus_utc()) as u64,
                    );
                    put_str(&mut index, &s.client);
                    put_u64(&mut index, u64::from(s.session));
                    put_str(&mut index, s.modality.as_str());
                    put_str(&mut index, &s.pack);
                    put_u64(&mut index, u64::from(s.pack_version));
                    put_u64(&mut index, s.tags.len() as u64);
                    for tag in &s.tags {
                        put_str(&mut index, tag);
                    }
                    index.push(u8::from(s.flagged));
                    put_str(&mut index, &s.first_line);
                    put_u64(&mut index, s.text.0 as u64);
                    put_u64(&mut index, s.text.1 as u64);
                }
                Record::Unreadable { line, reason } => {
                    index.push(0);
                    put_u64(&mut index, *line as u64);
                    put_str(&mut index, reason);
                }
            }
        }
        write_replace(&self.cache_dir().join("index"), &index)
    }
}

/// The list, newest first, and the unreadable files, from records in path
/// order (with the path of those that are not entries).
fn into_index(records: impl Iterator<Item = (Option<String>, Record)>) -> Index {
    let mut index = Index::default();
    for (path, record) in records {
        match record {
            Record::Entry(summary) => index.entries.push(summary),
            Record::Unreadable { line, reason } => index.unreadable.push(Unreadable {
                path: PathBuf::from(path.unwrap_or_default()),
                line,
                reason,
            }),
        }
    }
    index
        .entries
        .sort_unstable_by(|a, b| b.date.cmp(&a.date).then_with(|| b.path.cmp(&a.path)));
    index
}

/// Every `*.md` under `entries/` with its size and time, relative to the
/// journal. Month folders are found from the two levels above them and
/// each folder is read once; files are looked up relative to their folder,
/// on two threads, which is what makes checking ten thousand files cheap.
pub(super) fn scan(entries: &Path, root: &Path) -> Vec<(String, Stamp)> {
    let subfolders = |folder: &Path| -> Vec<PathBuf> {
        fs::read_dir(folder)
            .map(|read| {
                read.flatten()
                    .filter(|i| !i.file_name().to_string_lossy().starts_with('.'))
                    .filter(|i| i.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|i| i.path())
                    .collect()
            })
            .unwrap_or_default()
    };
    // entries/ and entries/YYYY hold files only when made by hand: their
    // files are checked, their folders are not walked again from there.
    let years = subfolders(entries);
    let mut shallow = vec![entries.to_path_buf()];
    let mut months = Vec::new();
    for year in years {
        months.extend(subfolders(&year));
        shallow.push(year);
    }
    // (folder, walk its subfolders too)
    let mut work: Vec<(PathBuf, bool)> = shallow.into_iter().map(|f| (f, false)).collect();
    work.extend(months.into_iter().map(|f| (f, true)));

    fn stat_folder(
        folder: &Path,
        deeper: bool,
        depth: usize,
        root: &Path,
        out: &mut Vec<(String, Stamp)>,
    ) {
        let Ok(read) = fs::read_dir(folder) else {
            return;
        };
        let relative = folder
            .strip_prefix(root)
            .unwrap_or(folder)
            .to_string_lossy()
            .to_string();
        for item in read.flatten() {
            let name = item.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') {
                continue;
            }
            let Ok(kind) = item.file_type() else { continue };
            if kind.is_dir() {
                // Hand-made folders below a month, within a bound.
                if deeper && depth < 2 {
                    stat_folder(&item.path(), true, depth + 1, root, out);
                }
                continue;
            }
            if !name.ends_with(".md") {
                continue;
            }
            let Ok(meta) = item.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            let modified_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            out.push((
                format!("{relative}/{name}"),
                Stamp {
                    size: meta.len(),
                    modified_ns,
                },
            ));
        }
    }

    // Two threads: the machines Afterword runs on have at least two cores,
    // and more threads than cores measured slower.
    let chunk = work.len().div_ceil(2).max(1);
    let mut files: Vec<(String, Stamp)> = std::thread::scope(|scope| {
        let handles: Vec<_> = work
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for (folder, deeper) in part {
                        stat_folder(folder, *deeper, 0, root, &mut out);
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Reads one file into its index record and its searchable text: the
/// answers, the client and the tags, folded.
fn read_record(full: &Path, relative: &str) -> (Record, Vec<u8>) {
    match Journal::read_entry(full) {
        Ok(entry) => {
            let first_line = entry
                .responses()
                .find_map(|r| match &r.answer {
                    Answer::Text(t) => t
                        .lines()
                        .find(|l| !l.trim().is_empty())
                        .map(|l| l.trim().chars().take(FIRST_LINE_CHARS).collect()),
                    _ => None,
                })
                .unwrap_or_default();
            let mut said = format!("{} {}\n", entry.facts.client, entry.tags.join(" "));
            for response in entry.responses() {
                match &response.answer {
                    Answer::Text(t) => said.push_str(t),
                    Answer::Choice { id, other } => {
                        said.push_str(id);
                        said.push(' ');
                        said.push_str(other.as_deref().unwrap_or(""));
                    }
                    Answer::Choices { ids, other } => {
                        said.push_str(&ids.join(" "));
                        said.push(' ');
                        said.push_str(other.as_deref().unwrap_or(""));
                    }
                    _ => continue,
                }
                said.push('\n');
            }
            let summary = Summary {
                path: PathBuf::from(relative),
                date: entry.facts.date,
                client: entry.facts.client.to_string(),
                session: entry.facts.session,
                modality: entry.facts.modality,
                pack: entry.pack,
                pack_version: entry.pack_version,
                tags: entry.tags,
                flagged: entry.flagged,
                first_line,
                text: (0, 0),
            };
            (Record::Entry(summary), fold(&said).into_bytes())
        }
        Err(e) => (
            Record::Unreadable {
                line: e.line,
                reason: e.message,
            },
            Vec::new(),
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
fn decode_index(bytes: &[u8]) -> Option<(u64, Vec<Cached>)> {
    let mut b = Bytes {
        rest: bytes.strip_prefix(INDEX_MAGIC)?,
    };
    let generation = b.u64()?;
    let count = b.u64()?;
    let mut out = Vec::with_capacity(usize::try_from(count).ok()?.min(1 << 20));
    for _ in 0..count {
        let path = b.str()?;
        let size = b.u64()?;
        let modified_ns = (u128::from(b.u64()?) << 64) | u128::from(b.u64()?);
        let mut unreadable_path = None;
        let record = match b.u8()? {
            1 => {
                let seconds = b.u64()? as i64;
                let offset = FixedOffset::east_opt(i32::try_from(b.u64()? as i64).ok()?)?;
                let date = DateTime::from_timestamp(seconds, 0)?.with_timezone(&offset);
                let client = b.str()?.to_string();
                let session = u32::try_from(b.u64()?).ok()?;
                let modality: Modality = b.str()?.parse().ok()?;
                let pack = b.str()?.to_string();
                let pack_version = u32::try_from(b.u64()?).ok()?;
                let tag_count = b.u64()?;
                let mut tags = Vec::new();
                for _ in 0..tag_count {
                    tags.push(b.str()?.to_string());
                }
                let flagged = b.u8()? == 1;
                let first_line = b.str()?.to_string();
                let text = (
                    usize::try_from(b.u64()?).ok()?,
                    usize::try_from(b.u64()?).ok()?,
                );
                Record::Entry(Summary {
                    path: PathBuf::from(path),
                    date,
                    client,
                    session,
                    modality,
                    pack,
                    pack_version,
                    tags,
                    flagged,
                    first_line,
                    text,
                })
            }
            0 => {
                unreadable_path = Some(path.to_string());
                Record::Unreadable {
                    line: usize::try_from(b.u64()?).ok()?,
                    reason: b.str()?.to_string(),
                }
            }
            _ => return None,
        };
        // Written in path order; anything else is not our cache.
        if out.last().is_some_and(|c: &Cached| c.path() >= path) {
            return None;
        }
        out.push(Cached {
            stamp: Stamp { size, modified_ns },
            record,
            unreadable_path,
        });
    }
    b.rest.is_empty().then_some((generation, out))
}

/// The text blob, if it belongs to the index of this generation; kept
/// where it was read, without a copy.
fn decode_text(bytes: Vec<u8>, generation: u64) -> Option<TextStore> {
    let mut b = Bytes {
        rest: bytes.strip_prefix(TEXT_MAGIC)?,
    };
    if b.u64()? != generation {
        return None;
    }
    let len = usize::try_from(b.u64()?).ok()?;
    if b.rest.len() != len {
        return None;
    }
    let start = bytes.len() - len;
    Some(TextStore { blob: bytes, start })
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
            let _ = decode_text(with_magic, 7);
        }
    }
}
