//! The `afterword` command: parses arguments and hands over to the library.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use afterword::cli::{self, Outcome};
use afterword::pack::Library;
use afterword::paths::Locations;

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
    /// List, show or check prompt packs.
    Packs {
        #[command(subcommand)]
        action: Option<PacksAction>,
    },
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
    let (out, err) = (&mut io::stdout().lock(), &mut io::stderr().lock());
    let library = || Library::load(Some(&locations.packs_dir()));
    let outcome = match args.command {
        None | Some(Command::Packs { action: None }) => cli::packs_list(&library(), out, err)?,
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
