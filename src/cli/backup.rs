//! `kith backup` and `kith restore`: verified snapshots, and putting one back.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Error, open_existing, passphrase, workspace_path};
use crate::store::{self, Store};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The folder the snapshot goes into (created if missing).
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
    /// Afterwards keep only the newest N snapshots of this workspace in DIR.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    keep: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The snapshot to restore (a .kithbak file written by `kith backup` or automatically).
    #[arg(long, value_name = "SNAPSHOT")]
    from: PathBuf,
}

pub fn backup(db: Option<PathBuf>, args: BackupArgs) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    let store = open_existing(&path)?;
    let snapshot = store.backup_into(&args.to)?;
    if let Some(keep) = args.keep {
        store.prune_snapshots(&args.to, usize::try_from(keep).unwrap_or(usize::MAX))?;
    }
    println!(
        "backed up {} to {} ({} bytes, verified)",
        path.display(),
        snapshot.path.display(),
        snapshot.bytes
    );
    Ok(ExitCode::SUCCESS)
}

/// A healthy workspace is restored in place (another window on it sees the change at once) after
/// a snapshot of what it held; a damaged or missing one is rebuilt from the snapshot, the damaged
/// file moved aside.
pub fn restore(db: Option<PathBuf>, args: RestoreArgs) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    if !args.from.is_file() {
        let why = if !args.from.exists() {
            "there is no such file"
        } else {
            "it is a folder, not a snapshot file"
        };
        return Err(Error::Usage(format!(
            "cannot restore from {}: {why}",
            args.from.display()
        )));
    }
    let opened = if path.exists() {
        Some(Store::open_with(&path, passphrase()))
    } else {
        None
    };
    match opened {
        Some(Ok(mut store)) => {
            let safety = store
                .restore_from(&args.from)
                .map_err(|e| earlier_passphrase(e, &args.from))?;
            println!("restored {} from {}", path.display(), args.from.display());
            println!("what it held before is kept in {}", safety.path.display());
        }
        Some(Err(store::Error::Damaged { .. })) | None => {
            let aside = store::restore_file(&args.from, &path, passphrase())
                .map_err(|e| earlier_passphrase(e, &args.from))?;
            println!("restored {} from {}", path.display(), args.from.display());
            if let Some(aside) = aside {
                println!("the damaged file was kept as {}", aside.display());
            }
        }
        Some(Err(e)) => return Err(e.into()),
    }
    Ok(ExitCode::SUCCESS)
}

/// A snapshot the workspace's passphrase does not open was most likely taken before a `rekey` or
/// `decrypt`: say how to get at it, beside what SQLite said.
fn earlier_passphrase(e: store::Error, snapshot: &std::path::Path) -> Error {
    match &e {
        store::Error::WrongPassphrase { path } | store::Error::NeedsPassphrase { path }
            if path == snapshot =>
        {
            Error::Usage(format!(
                "{e}. A snapshot keeps the passphrase the workspace had when it was taken (before \
                 a `kith rekey` or `kith decrypt`): restore it into a new file with that one — \
                 kith restore --from {} --db NEW.db --passphrase-file OLD-PASSPHRASE-FILE",
                snapshot.display()
            ))
        }
        _ => e.into(),
    }
}
