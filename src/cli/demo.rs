//! `kith demo`: create a demo workspace.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Error, workspace_path};
use crate::demo::{self, DemoOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many contacts to create (companies, orders, deals … scale with it).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    contacts: u64,
    /// The same seed gives the same workspace.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Replace the file if it already exists.
    #[arg(long)]
    force: bool,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let path = workspace_path(db, true)?;
    if path.exists() {
        if !args.force {
            return Err(Error::Exists(path));
        }
        // Only a file is ever removed: not a folder, not /dev/null.
        crate::store::ensure_plain_file(&path)?;
        // Never pull a workspace out from under a window or command that is writing to it.
        crate::store::ensure_not_in_use(&path)?;
        remove_workspace(&path)?;
    }
    let options = DemoOptions::new(args.contacts, args.seed, chrono::Utc::now().date_naive());
    let result = super::open_or_create(&path).and_then(|mut store| {
        let mut stderr = std::io::stderr();
        // A terminal's line is rewritten in place; a log gets a line each (written with "\r",
        // a captured run's lines had run together: "…in 22.1 s20000 of 100000 contacts40000").
        let terminal = stderr.is_terminal();
        let mut progress = |done: u64, total: u64| {
            if total >= 100_000 {
                let _ = if terminal {
                    write!(stderr, "\r{done} of {total} contacts")
                } else {
                    writeln!(stderr, "{done} of {total} contacts")
                };
                let _ = stderr.flush();
            }
        };
        let summary = demo::generate(&mut store, &options, &mut progress)?;
        if args.contacts >= 100_000 && terminal {
            eprintln!();
        }
        Ok(summary)
    });
    let summary = match result {
        Ok(summary) => summary,
        Err(e) => {
            // A half-written demo is of no use to anyone; don't leave it behind.
            let _ = remove_workspace(&path);
            return Err(e);
        }
    };
    println!("created demo workspace {}", path.display());
    println!(
        "{} contacts, {} companies, {} activities, {} orders, {} deals, {} tickets, {} campaigns, {} tasks in {:.1} s",
        summary.contacts,
        summary.companies,
        summary.activities,
        summary.orders,
        summary.deals,
        summary.tickets,
        summary.campaigns,
        summary.tasks,
        summary.elapsed.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Removes a workspace file with its WAL and shared-memory companions.
fn remove_workspace(path: &Path) -> Result<(), Error> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::Io {
                    context: format!("cannot remove {}", Path::new(&p).display()),
                    source: e,
                });
            }
        }
    }
    Ok(())
}
