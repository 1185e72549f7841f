//! Afterword: a reflective journal for the minutes after a therapy session.
//!
//! The domain (`pack`, `answer`, `entry`, `journal`) knows nothing of the
//! terminal; `tui` draws it and `cli` offers it to scripts.

pub mod answer;
pub mod answers_file;
pub mod cli;
pub mod clock;
pub mod config;
#[doc(hidden)]
pub mod corpus;
pub mod dates;
pub mod entry;
pub mod journal;
pub mod pack;
pub mod paths;
pub mod reflection;
pub mod render;
pub mod search;
pub mod tui;
