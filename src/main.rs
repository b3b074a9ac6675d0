//! `kith`: with no subcommand, opens the window; otherwise runs a command-line subcommand.

use std::process::ExitCode;

use clap::Parser;
use kith::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(args.db, command),
        None => match kith::ui::run(args.db, args.demo) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kith: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
