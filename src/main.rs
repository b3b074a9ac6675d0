//! `kith`: with no subcommand, opens the window; otherwise runs a command-line subcommand.

use std::process::ExitCode;

use clap::Parser;
use kith::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(args.db, command),
        None => {
            // The window lands with the next change; until then say so rather than exit silently.
            eprintln!(
                "kith: the window is not part of this build yet; see `kith --help` for commands"
            );
            ExitCode::FAILURE
        }
    }
}
