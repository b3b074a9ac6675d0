//! A hidden subcommand for the crash-safety test (`tests/kill9.rs`): it creates contacts one
//! transaction at a time and prints each id only after its commit returned, so every printed id is a
//! change Kith told someone was saved. The test kills it with SIGKILL mid-stream.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{Error, open_or_create, workspace_path};
use crate::domain::ContactFields;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Stop after this many contacts (default: never).
    #[arg(long)]
    count: Option<u64>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    let mut store = open_or_create(&path)?;
    let mut out = std::io::stdout().lock();
    for n in 0..args.count.unwrap_or(u64::MAX) {
        let contact = store.create_contact(ContactFields {
            first_name: "Crash".into(),
            last_name: format!("Test {n}"),
            notes: "x".repeat((n % 7 * 300) as usize),
            ..Default::default()
        })?;
        // Written and flushed only now: the commit above has returned.
        let _ = writeln!(out, "{}", contact.id.0);
        let _ = out.flush();
    }
    Ok(ExitCode::SUCCESS)
}
