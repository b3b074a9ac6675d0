//! What an unfinished snapshot leaves behind — the `.partial` file and the journal SQLite wrote
//! beside it — and a full disk said as a backup's, not a change's.

use std::path::Path;
use std::time::Duration;

use super::super::{Error, files};
use super::{EXTENSION, stem};

/// A partial snapshot untouched for this long is one whose writer was killed (or lost power):
/// no backup takes an hour to write, so a younger one may still be being written.
const STALE_PARTIAL: Duration = Duration::from_secs(60 * 60);

/// What SQLite writes beside a file it writes: a snapshot being copied leaves its rollback
/// journal behind when the copy fails (a full disk) or is killed.
const BESIDE: [&str; 3] = ["-journal", "-wal", "-shm"];

/// A full disk named for what it stopped: a backup is not a change to the workspace, and the
/// words for a change ("this change was not saved") had read as if something had been lost.
pub(super) fn when_full(e: Error, dir: &Path) -> Error {
    let full = match &e {
        Error::DiskFull => true,
        Error::Io { source, .. } => {
            source.kind() == std::io::ErrorKind::StorageFull || source.raw_os_error() == Some(28)
        }
        _ => false,
    };
    if !full {
        return e;
    }
    Error::NotAllowed(format!(
        "the disk holding {} is full: no backup was written there, and the workspace itself is \
         unchanged; free some space (or keep fewer backups) and try again",
        dir.display()
    ))
}

/// Removes an unfinished snapshot and what SQLite wrote beside it.
pub(super) fn remove_partial(partial: &Path) {
    let _ = std::fs::remove_file(partial);
    for suffix in BESIDE {
        let _ = std::fs::remove_file(files::with_suffix(partial, suffix));
    }
}

/// Removes half-written snapshots of `workspace` that killed backups left in `dir` (each as large
/// as the workspace), and their journals; only the backup writing one ever removed it before.
pub(super) fn remove_stale_partials(dir: &Path, workspace: &Path) {
    let prefix = format!("{}-", stem(workspace));
    let suffix = format!(".{EXTENSION}.partial");
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| at.elapsed().ok())
            .is_some_and(|age| age >= STALE_PARTIAL);
        let unfinished = name.ends_with(&suffix)
            || BESIDE
                .iter()
                .any(|beside| name.ends_with(&format!("{suffix}{beside}")));
        if name.starts_with(&prefix) && unfinished && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
