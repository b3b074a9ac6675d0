//! Which workspace files, in which exact state, already passed the open-time integrity check, so
//! that opening the same unchanged file again does not read every page once more.
//!
//! `PRAGMA quick_check` reads the whole file: about a second per 200,000 contacts, which made every
//! command on a large workspace (`kith search`, the window's start) seconds slower than the search
//! itself. A file is skipped only when nothing has touched it since it passed: the same size,
//! modification time and inode as recorded then, no write-ahead log waiting beside it (an unclean
//! end), and a check no older than a week, so slow damage that leaves the file's metadata alone is
//! still found within days. A file Kith writes is checked again at the next open. The record is kept in the
//! user's cache folder, never in the workspace: a damaged file cannot vouch for itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How long a passed check is trusted for a file nobody has changed.
const MAX_AGE_SECS: i64 = 7 * 24 * 3600;
/// At most this many files are remembered (the most recently checked).
const REMEMBERED: usize = 64;
/// A file written this recently is not recorded (see [`remember`]).
const SETTLED_SECS: i64 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FileState {
    len: u64,
    modified_ns: i128,
    inode: u64,
    checked_at: i64,
}

/// Whether `path` is in the state a passed check recorded, recently enough to trust.
pub fn already_checked(path: &Path) -> bool {
    if has_pending_log(path) {
        return false;
    }
    let (Some(key), Some(now)) = (key(path), state(path, 0)) else {
        return false;
    };
    let Some(seen) = read().remove(&key) else {
        return false;
    };
    let age = now_secs() - seen.checked_at;
    (seen.len, seen.modified_ns, seen.inode) == (now.len, now.modified_ns, now.inode)
        && (0..MAX_AGE_SECS).contains(&age)
}

/// Records `path`, as it is now, as having passed the check. Not when it was written in the last
/// [`SETTLED_SECS`]: a file system keeps modification times in coarse ticks, and a write landing in
/// the same tick as the recorded one would leave the time unchanged.
pub fn remember(path: &Path) {
    if has_pending_log(path) {
        return;
    }
    let now = now_secs();
    let (Some(key), Some(state)) = (key(path), state(path, now)) else {
        return;
    };
    if state.modified_ns > i128::from(now - SETTLED_SECS) * 1_000_000_000 {
        return;
    }
    let mut all = read();
    all.insert(key, state);
    if all.len() > REMEMBERED {
        let mut by_age: Vec<(String, i64)> =
            all.iter().map(|(k, s)| (k.clone(), s.checked_at)).collect();
        by_age.sort_by_key(|(_, at)| *at);
        for (k, _) in by_age.into_iter().take(all.len() - REMEMBERED) {
            all.remove(&k);
        }
    }
    write(&all);
}

fn has_pending_log(path: &Path) -> bool {
    let wal = super::files::with_suffix(path, "-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

fn key(path: &Path) -> Option<String> {
    std::fs::canonicalize(path)
        .ok()
        .map(|p| p.to_string_lossy().into_owned())
}

fn state(path: &Path, checked_at: i64) -> Option<FileState> {
    let meta = std::fs::metadata(path).ok()?;
    let modified_ns = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos() as i128;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(FileState {
        len: meta.len(),
        modified_ns,
        inode,
        checked_at,
    })
}

fn now_secs() -> i64 {
    crate::domain::Timestamp::now().0
}

/// The record file: `KITH_CACHE_DIR` if set (tests), else the user's cache folder.
fn record_path() -> Option<PathBuf> {
    let dir = match std::env::var_os("KITH_CACHE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("io.github", "kith", "Kith")?
            .cache_dir()
            .to_path_buf(),
    };
    Some(dir.join("checked-workspaces.json"))
}

fn read() -> BTreeMap<String, FileState> {
    record_path()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Written whole through a file of this process's own, so two processes never interleave; the
/// last one wins, and a lost record only costs one more check.
fn write(all: &BTreeMap<String, FileState>) {
    let Some(path) = record_path() else { return };
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".checked-{}-{n}.tmp", std::process::id()));
    let Ok(json) = serde_json::to_vec(all) else {
        return;
    };
    if std::fs::write(&tmp, json).is_ok() && std::fs::rename(&tmp, &path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
