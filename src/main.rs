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
    /// List unfinished reflections (drafts); `afterword` offers to resume them.
    Drafts,
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
    let (out, err) = (&mut io::stdout(), &mut io::stderr());
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
        None => run_tui(&locations, library(), Prefill::default())?,
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
                None => run_tui(&locations, library, prefill)?,
            }
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
