//! Writes a generated journal: `cargo run --release --example corpus -- DIR N`.

use std::path::PathBuf;

use afterword::journal::Journal;
use chrono::{FixedOffset, TimeZone};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (
        args.next(),
        args.next().and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: corpus DIR N   (writes N generated entries into the journal DIR)");
        std::process::exit(2);
    };
    let end = FixedOffset::east_opt(3600)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 11, 21, 18, 0, 0).single())
        .expect("a valid date");
    let journal = Journal::new(PathBuf::from(&dir));
    match afterword::corpus::generate(&journal, count, end, 7) {
        Ok(n) => println!("{n} entries written to {dir}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
