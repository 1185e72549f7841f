//! The `afterword` command: parses arguments and hands over to the library.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use afterword::cli::{self, Outcome};
use afterword::clock::process_clock;
use afterword::config::load_config;
use afterword::journal::Journal;
use afterword::pack::Library;
use afterword::paths::Locations;
use afterword::tui::{self, Context, Prefill, RunEnd, Theme};

/// A reflective journal for the minutes after a therapy session.
///
/// With no command, opens the reflection flow.
#[derive(Parser)]
#[command(name = "afterword", version, about, long_about = None)]
struct Args {
    /// Journal folder (default: the platform's data folder; also AFTERWORD_JOURNAL).
    #[arg(long, global = true, value_name = "DIR")]
    journal: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start a new reflection, optionally with the pack and session facts given.
    ///
    /// With --answers, writes the entry from a TOML file without opening the
    /// interface (for importing old reflections and for scripts).
    New(NewArgs),
    /// List entries, newest first.
    List {
        #[command(flatten)]
        filters: Filters,
        /// Print JSON (the shape is documented in docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Print one entry, by the id `list` prints or by its path.
    Show {
        /// An entry id (e.g. 2026-11-21-1430-post-session) or a file path.
        entry: String,
        /// Print JSON (the shape is documented in docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Find entries containing words, ignoring case and accents.
    Search {
        /// What to look for: a word or a phrase.
        query: String,
        #[command(flatten)]
        filters: Filters,
        /// Print JSON (the shape is documented in docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// List unfinished reflections (drafts); `afterword` offers to resume them.
    Drafts,
    /// Draw a first frame without a terminal and print it (for measuring).
    #[command(hide = true)]
    Frame {
        /// `browser` or `new`.
        which: String,
    },
    /// List, show or check prompt packs.
    Packs {
        #[command(subcommand)]
        action: Option<PacksAction>,
    },
}

#[derive(clap::Args)]
struct NewArgs {
    /// The pack to use (see `afterword packs`).
    #[arg(long, value_name = "ID")]
    pack: Option<String>,
    /// The client's code: a pseudonym of letters, digits, - and _.
    #[arg(long, value_name = "CODE")]
    client: Option<String>,
    /// The session number (default: the client's last one plus one).
    #[arg(long, value_name = "N")]
    session: Option<u32>,
    /// individual, couple, family or group.
    #[arg(long, value_name = "M")]
    modality: Option<String>,
    /// Answers keyed by prompt id, plus session facts: writes the entry
    /// without the interface.
    #[arg(long, value_name = "FILE.toml")]
    answers: Option<PathBuf>,
}

/// Filters shared by `list` and `search`; they combine.
#[derive(clap::Args)]
struct Filters {
    /// Only this client's entries.
    #[arg(long, value_name = "CODE")]
    client: Option<String>,
    /// Only entries written with this pack.
    #[arg(long, value_name = "ID")]
    pack: Option<String>,
    /// Only entries with this tag (repeat for several: all must be present).
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
    /// From this day on: 2026-11-21, today, yesterday, 7d, 2w, last monday.
    #[arg(long, value_name = "DAY")]
    since: Option<String>,
    /// Up to and including this day (same forms as --since).
    #[arg(long, value_name = "DAY")]
    until: Option<String>,
    /// Only entries flagged for supervision.
    #[arg(long)]
    flagged: bool,
    /// At most this many entries (the newest).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

impl Filters {
    fn into_args(self) -> cli::FilterArgs {
        cli::FilterArgs {
            client: self.client,
            pack: self.pack,
            tags: self.tag,
            since: self.since,
            until: self.until,
            flagged: self.flagged,
            limit: self.limit,
        }
    }
}

/// JSON, or text with colour only on a terminal and never under NO_COLOR.
fn format(json: bool) -> cli::Format {
    if json {
        return cli::Format::Json;
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    cli::Format::Text {
        color: io::stdout().is_terminal() && !no_color,
    }
}

#[derive(Subcommand)]
enum PacksAction {
    /// List every pack: built-in and your own (the default action).
    List,
    /// Print a pack's sections and prompts.
    Show {
        /// The pack's id, as `afterword packs` lists it.
        id: String,
    },
    /// Check pack files and report every problem; exits 2 if any file has one.
    Check {
        /// Pack files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(error) => {
            let _ = writeln!(io::stderr(), "error: {error:#}");
            ExitCode::from(Outcome::Failure as u8)
        }
    }
}

fn run(args: Args) -> anyhow::Result<Outcome> {
    let locations = Locations::resolve(args.journal, |k| std::env::var_os(k))?;
    // Buffered: `list` of ten thousand entries is one write, not ten
    // thousand (stdout is line-buffered). Flushed before returning.
    let mut stdout = io::BufWriter::with_capacity(64 * 1024, io::stdout());
    let (out, err) = (&mut stdout, &mut io::stderr());
    let config = match load_config(&locations.config) {
        Ok(config) => config,
        Err(problems) => {
            writeln!(err, "{problems}")?;
            writeln!(
                err,
                "note: fix the configuration file above; nothing was done"
            )?;
            return Ok(Outcome::BadInput);
        }
    };
    let library =
        || Library::load(Some(&locations.packs_dir())).prefer(config.default_pack.clone());
    let outcome = match args.command {
        None => {
            out.flush()?;
            run_tui(&locations, library(), Prefill::default())?
        }
        Some(Command::New(new)) => {
            let library = library();
            let prefill =
                match cli::check_new_flags(&library, &new.pack, &new.client, &new.modality, err)? {
                    Ok(prefill) => Prefill {
                        session: new.session,
                        ..prefill
                    },
                    Err(outcome) => return Ok(outcome),
                };
            match new.answers {
                Some(file) => cli::new_from_answers(
                    &library,
                    &Journal::new(&locations.journal),
                    &*process_clock(),
                    &prefill,
                    &file,
                    out,
                    err,
                )?,
                None => {
                    out.flush()?;
                    run_tui(&locations, library, prefill)?
                }
            }
        }
        Some(Command::List { filters, json }) => {
            let today = process_clock().now().date_naive();
            cli::list(
                &Journal::new(&locations.journal),
                &filters.into_args(),
                today,
                format(json),
                out,
                err,
            )?
        }
        Some(Command::Search {
            query,
            filters,
            json,
        }) => {
            let today = process_clock().now().date_naive();
            cli::search(
                &Journal::new(&locations.journal),
                &query,
                &filters.into_args(),
                today,
                format(json),
                out,
                err,
            )?
        }
        Some(Command::Show { entry, json }) => {
            let width = if io::stdout().is_terminal() {
                ratatui::crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).min(100))
            } else {
                80
            };
            cli::show(
                &Journal::new(&locations.journal),
                &library(),
                &entry,
                width,
                format(json),
                out,
                err,
            )?
        }
        Some(Command::Frame { which }) => {
            let which = match which.as_str() {
                "browser" => tui::FirstFrame::Browser,
                "new" => tui::FirstFrame::NewReflection,
                _ => {
                    writeln!(err, "error: frame takes `browser` or `new`")?;
                    return Ok(Outcome::BadInput);
                }
            };
            let context = Context {
                library: library(),
                journal: Journal::new(&locations.journal),
                clock: process_clock(),
                theme: Theme::from_env(),
                prefill: Prefill::default(),
                home: None,
            };
            write!(out, "{}", tui::first_frame(which, context, 80, 24))?;
            Outcome::Ok
        }
        Some(Command::Drafts) => {
            cli::drafts_list(&Journal::new(&locations.journal), &library(), out, err)?
        }
        Some(Command::Packs { action: None }) => cli::packs_list(&library(), out, err)?,
        Some(Command::Packs {
            action: Some(action),
        }) => match action {
            PacksAction::List => cli::packs_list(&library(), out, err)?,
            PacksAction::Show { id } => cli::packs_show(&library(), &id, out, err)?,
            PacksAction::Check { files } => cli::packs_check(&files, out, err)?,
        },
    };
    out.flush()?;
    Ok(outcome)
}

fn run_tui(locations: &Locations, library: Library, prefill: Prefill) -> anyhow::Result<Outcome> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        writeln!(
            io::stderr(),
            "error: the reflection flow needs a terminal. To write an entry from a script, use `afterword new --pack ID --answers FILE.toml`."
        )?;
        return Ok(Outcome::BadInput);
    }
    let end = tui::run(Context {
        library,
        journal: Journal::new(&locations.journal),
        clock: process_clock(),
        theme: Theme::from_env(),
        prefill,
        home: directories::UserDirs::new().map(|u| u.home_dir().to_path_buf()),
    })?;
    let mut err = io::stderr();
    match end {
        RunEnd::Quit => Ok(Outcome::Ok),
        RunEnd::Signal(_) => {
            writeln!(
                err,
                "Afterword was asked to stop. Unsaved answers are kept as a draft; `afterword` offers to resume it."
            )?;
            Ok(Outcome::Failure)
        }
        RunEnd::Crashed { draft, report } => {
            writeln!(err, "Afterword stopped because of a bug — sorry.")?;
            match draft {
                Some(path) => writeln!(
                    err,
                    "Your answers are safe in the draft {}; `afterword` offers to resume it.",
                    path.display()
                )?,
                None => writeln!(err, "There were no unsaved answers.")?,
            }
            if let Some(report) = report {
                writeln!(
                    err,
                    "A crash report (without your answers) is in {}.",
                    report.display()
                )?;
            }
            Ok(Outcome::Failure)
        }
    }
}
