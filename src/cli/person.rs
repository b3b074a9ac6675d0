//! `kith person export|erase --id N`: the data-protection requests of one person.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Error, open_existing, workspace_path};
use crate::domain::ContactId;
use crate::io;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Write everything held about one contact as JSON.
    Export {
        /// The contact's id (as `kith search` or `kith export csv` gives it).
        #[arg(long)]
        id: i64,
        /// The file to write; - for standard output.
        #[arg(long, value_name = "FILE", value_parser = super::out_path)]
        out: PathBuf,
    },
    /// Erase a contact's personal data and the change-log values that held it (cannot be undone).
    Erase {
        /// The contact's id (as `kith search` or `kith export csv` gives it).
        #[arg(long)]
        id: i64,
    },
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    let mut store = open_existing(&path)?;
    match args.action {
        Action::Export { id, out } => {
            io::export_atomically(&out, |w| {
                io::workspace::export_person(&store, ContactId(id), w)
            })?;
            super::say_wrote(
                &out,
                format_args!("exported contact {id} to {}", out.display()),
            );
        }
        Action::Erase { id } => {
            let e = store.erase_person(ContactId(id))?;
            if e.already {
                let rewritten = if e.not_scrubbed.is_none() {
                    "; the file was rewritten so that no copy lingers in its unused space"
                } else {
                    ""
                };
                println!(
                    "contact {id} was already erased: nothing personal is held about them{rewritten}"
                );
            } else {
                println!("erased contact {id}: {}", e.summary());
            }
            // The window's confirmation says so; a script's user learns it here.
            let dir = crate::store::default_backup_dir(&path);
            let held = crate::store::snapshots(&dir, &path).map_or(0, |s| s.len());
            if held > 0 {
                println!(
                    "note: {} in {} made before still hold them; restoring one brings them back",
                    crate::words::count(held as u64, "backup"),
                    dir.display()
                );
            }
            if let Some(why) = e.not_scrubbed {
                eprintln!(
                    "warning: the erasure is saved, but the workspace file could not be rewritten \
                     ({why}); copies of the erased values may remain in its unused space until \
                     `kith person erase` is run again"
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
