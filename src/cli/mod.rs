//! Command-line actions, written against plain `Write`rs so they can be tested
//! without a process. `main.rs` parses arguments and calls these.

mod drafts;
mod journal;
mod new;
mod packs;

pub use drafts::drafts_list;
pub use journal::{FilterArgs, Format, entry_json, list, search, show};
pub use new::{check_new_flags, new_from_answers};
pub use packs::{packs_check, packs_list, packs_show};

/// How a command ended, as the process exit code the brief fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: done.
    Ok = 0,
    /// 1: something failed (a disk, a lock).
    Failure = 1,
    /// 2: bad usage or bad input.
    BadInput = 2,
}

/// Pads `cells` into aligned columns, two spaces apart; the last column is
/// not padded. Widths count terminal cells, not bytes.
pub(crate) fn columns(rows: &[Vec<String>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
