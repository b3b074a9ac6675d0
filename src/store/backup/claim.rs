//! One window at a time takes a workspace's automatic snapshot. Two windows on one file that
//! closed together (after a restore, or a day after the last snapshot) each found the day's
//! snapshot due and wrote it: two identical copies of a large file, and the second pushed the
//! oldest real backup out of the kept number.
//!
//! The window that takes the snapshot holds a claim — a small file beside the snapshots, created
//! only if none is there — and decides whether one is due only once it holds it, so a window that
//! waited sees the snapshot the other wrote. A claim left by a killed window goes stale.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::super::{Error, Result};
use super::stem;

/// A claim untouched for this long was left by a window that was killed or lost power: no
/// snapshot takes an hour to write.
const STALE_CLAIM: Duration = Duration::from_secs(60 * 60);

/// The right to take `workspace`'s automatic snapshot in a folder; given up when dropped.
#[derive(Debug)]
pub(super) struct Claim {
    path: PathBuf,
}

impl Claim {
    /// Takes the claim, or `None` when another window holds it (and is taking the snapshot).
    pub(super) fn take(dir: &Path, workspace: &Path, tag: Option<&str>) -> Result<Option<Claim>> {
        std::fs::create_dir_all(dir)
            .map_err(Error::io(format!("cannot create {}", dir.display())))?;
        let path = dir.join(format!(
            ".{}-{}.taking-snapshot",
            stem(workspace),
            tag.unwrap_or("untagged")
        ));
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => return Ok(Some(Claim { path })),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    let stale = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|at| at.elapsed().ok())
                        .is_some_and(|age| age >= STALE_CLAIM);
                    if !stale {
                        return Ok(None);
                    }
                    let _ = std::fs::remove_file(&path);
                }
                Err(e) => {
                    return Err(Error::io(format!("cannot write in {}", dir.display()))(e));
                }
            }
        }
        Ok(None)
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_claim_at_a_time_and_a_stale_one_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = dir.path().join("shop.db");
        let first = Claim::take(dir.path(), &workspace, Some("1a2b3c4d")).unwrap();
        assert!(first.is_some());
        assert!(
            Claim::take(dir.path(), &workspace, Some("1a2b3c4d"))
                .unwrap()
                .is_none(),
            "held by the first"
        );
        assert!(
            Claim::take(dir.path(), &workspace, Some("99999999"))
                .unwrap()
                .is_some(),
            "another workspace's snapshots are its own"
        );
        drop(first);
        let again = Claim::take(dir.path(), &workspace, Some("1a2b3c4d")).unwrap();
        assert!(again.is_some(), "given up when dropped");
        // One left by a killed window, an hour old.
        let path = again.as_ref().unwrap().path.clone();
        std::mem::forget(again);
        let old = std::time::SystemTime::now() - STALE_CLAIM - Duration::from_secs(1);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert!(
            Claim::take(dir.path(), &workspace, Some("1a2b3c4d"))
                .unwrap()
                .is_some()
        );
    }
}
