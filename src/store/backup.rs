//! Snapshots of a workspace with SQLite's online backup API: a consistent copy taken while the
//! workspace stays open, written under a temporary name, checked, then renamed into place. A
//! snapshot of an encrypted workspace is encrypted with the same passphrase; every snapshot is
//! owner-only. Rotation keeps the newest N; restoring first snapshots what is being replaced.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::files;
use super::schema::{APPLICATION_ID, LATEST_VERSION, migrations};
use super::secret::{self, Passphrase};
use super::{Error, Result, Store};
use claim::Claim;
use names::next_name;
pub use names::{SnapshotKind, snapshots};
use unfinished::{remove_partial, remove_stale_partials, when_full};

mod claim;
mod names;
mod unfinished;

/// How many automatic snapshots are kept unless the user chooses otherwise.
pub const DEFAULT_KEEP: usize = 7;

/// Automatic snapshots are taken at most this often.
pub const AUTO_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

/// Snapshot file names carry the time they were taken, in UTC, sortable as text.
const STAMP: &str = "%Y%m%d-%H%M%S";
const EXTENSION: &str = "kithbak";

/// One snapshot file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub path: PathBuf,
    pub taken: DateTime<Utc>,
    pub bytes: u64,
    /// The workspace's snapshot tag in the name (`kith-1a2b3c4d-…`); `None` in names written
    /// before tags, or by a workspace that could not keep one.
    pub tag: Option<String>,
    /// Why it was taken; `None` in names written before kinds were.
    pub kind: Option<SnapshotKind>,
}

/// The meta key of the tag that names a workspace's snapshots.
const SNAPSHOT_TAG: &str = "snapshot_tag";
/// The meta key of the file the tag was made for (its full path).
const SNAPSHOT_HOME: &str = "snapshot_tag_home";
/// The meta key set by a restore (to its time, RFC 3339 UTC) until the next automatic snapshot.
const RESTORED_AT: &str = "restored_at";

/// Meta keys about this file on this machine, which a workspace moved as JSON leaves behind: the
/// tag's home is a full path (no business of the machine it goes to), and the copy takes its own
/// tag and has been restored from nothing.
pub(crate) const MACHINE_LOCAL: [&str; 3] = [SNAPSHOT_TAG, SNAPSHOT_HOME, RESTORED_AT];

/// Where automatic snapshots go and how many are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPolicy {
    pub dir: PathBuf,
    pub keep: usize,
}

impl BackupPolicy {
    /// `<folder>/<name>-backups/` beside the workspace: easy to find, and moved with it.
    pub fn beside(workspace: &Path, keep: usize) -> BackupPolicy {
        BackupPolicy {
            dir: default_dir(workspace),
            keep: keep.max(1),
        }
    }
}

pub fn default_dir(workspace: &Path) -> PathBuf {
    files::folder(workspace).join(format!("{}-backups", stem(workspace)))
}

fn new_tag() -> String {
    super::open::random_id()[..8].to_string()
}

/// The workspace's full path as its tag records it.
fn home(workspace: &Path) -> String {
    let full = std::fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_path_buf());
    full.to_string_lossy().into_owned()
}

fn stem(workspace: &Path) -> String {
    workspace
        .file_stem()
        .map_or_else(|| "kith".into(), |s| s.to_string_lossy().into_owned())
}

impl Store {
    /// Eight hex digits in the names of this workspace's snapshots: every default workspace is
    /// `kith.db`, and pruning one's snapshots in a shared folder (a USB stick) deleted another's.
    /// Made on first use and kept in meta (apart from `workspace_id`, which names exported cards
    /// and events) beside the file it was made for: a copy of the file (taken to a laptop, backing
    /// up to the same stick) would otherwise prune the original's snapshots as its own, so a file
    /// that finds its tag's workspace still in place takes a new one. A moved file keeps its tag. A
    /// read-only workspace, which cannot record one, has none unless it is surely its own.
    pub fn snapshot_tag(&self) -> Option<String> {
        let here = home(self.path());
        let tag = self.meta(SNAPSHOT_TAG).ok().flatten();
        let recorded = self.meta(SNAPSHOT_HOME).ok().flatten();
        let copied = recorded
            .as_deref()
            .is_some_and(|home| home != here && Path::new(home).is_file());
        match tag {
            Some(tag) if recorded.as_deref() == Some(&here) => Some(tag),
            _ if self.read_only().is_some() => None,
            Some(tag) if !copied => self.keep_tag(&tag).ok().map(|()| tag),
            Some(_) => {
                let tag = new_tag();
                self.keep_tag(&tag).ok().map(|()| tag)
            }
            None => {
                // Two windows may make one at once: the first written is both's.
                self.conn
                    .execute(
                        "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2), (?3, ?4)",
                        [SNAPSHOT_TAG, &new_tag(), SNAPSHOT_HOME, &here],
                    )
                    .ok()?;
                self.meta(SNAPSHOT_TAG).ok().flatten()
            }
        }
    }

    /// Records `tag` as this file's, here.
    fn keep_tag(&self, tag: &str) -> Result<()> {
        let here = home(self.path());
        self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2), (?3, ?4)",
            [SNAPSHOT_TAG, tag, SNAPSHOT_HOME, &here],
        )?;
        Ok(())
    }

    /// Whether snapshots can be written beside the workspace: a workspace read-only for its own
    /// file's sake still can; one on a read-only disk, or in a folder it may not write, cannot.
    pub fn can_back_up_beside(&self) -> bool {
        if self.read_only().is_none() {
            return true;
        }
        // The backups folder, if it is there already, is where a snapshot goes: it may take new
        // files where the workspace's own folder does not.
        let dir = default_dir(self.path());
        let probe = if dir.is_dir() {
            dir.join("probe")
        } else {
            self.path().to_path_buf()
        };
        files::folder_access(&probe).is_none()
    }

    /// Writes a verified snapshot into `dir`, asked for by the user, and returns it.
    pub fn backup_into(&self, dir: &Path) -> Result<Snapshot> {
        self.backup_as(dir, SnapshotKind::Manual)
    }

    /// Writes a verified snapshot of `kind` into `dir` and returns it.
    fn backup_as(&self, dir: &Path, kind: SnapshotKind) -> Result<Snapshot> {
        std::fs::create_dir_all(dir)
            .map_err(Error::io(format!("cannot create {}", dir.display())))?;
        let now = Utc::now();
        let tag = self.snapshot_tag();
        let base = match &tag {
            Some(tag) => format!("{}-{tag}-{}", stem(self.path()), now.format(STAMP)),
            None => format!("{}-{}", stem(self.path()), now.format(STAMP)),
        };
        let target = next_name(dir, &base, kind);
        let partial = files::with_suffix(&target, ".partial");
        remove_partial(&partial);
        let written = self
            .copy_to(&partial)
            .and_then(|()| verify(&partial, self.key.as_ref()).map(drop))
            .and_then(|()| files::replace(&partial, &target));
        if let Err(e) = written {
            remove_partial(&partial);
            return Err(when_full(e, dir));
        }
        remove_stale_partials(dir, self.path());
        Ok(Snapshot {
            bytes: std::fs::metadata(&target).map_or(0, |m| m.len()),
            path: target,
            taken: now,
            tag,
            kind: Some(kind),
        })
    }

    /// Copies the whole workspace into the new file `dest` as one self-contained, flushed file.
    fn copy_to(&self, dest: &Path) -> Result<()> {
        files::create_private(dest)?;
        let mut out = Connection::open(dest)?;
        secret::apply(&out, self.key.as_ref())?;
        copy_all(&Backup::new(&self.conn, &mut out)?, self.path())?;
        // The copy arrives in WAL mode like its source; a snapshot is one file, so switch back.
        let _: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        drop(out);
        files::sync(dest)
    }

    /// When this workspace was last restored from a snapshot, until its next automatic backup; a
    /// window compares it across polls to learn that another window or a command restored it.
    pub fn restored_at(&self) -> Result<Option<String>> {
        self.meta(RESTORED_AT)
    }

    /// Forgets which change set this connection wrote last: after a restore elsewhere, the ids
    /// start again, and Undo must not take another's change with a reused id for its own.
    pub fn forget_own_changes(&mut self) {
        self.written = None;
    }

    /// Takes a snapshot if the newest one is older than `AUTO_INTERVAL`, then keeps only the newest
    /// `policy.keep`. Returns the new snapshot, if one was taken. A read-only workspace has nothing
    /// new to keep and is skipped.
    pub fn auto_backup(&self, policy: &BackupPolicy) -> Result<Option<Snapshot>> {
        if self.read_only().is_some() {
            return Ok(None);
        }
        let tag = self.snapshot_tag();
        // Another window on the file is taking it now; whether one is due is read once the
        // claim is held, so a window that waited sees the one just written.
        let Some(_claim) = Claim::take(&policy.dir, self.path(), tag.as_deref())? else {
            return Ok(None);
        };
        let existing = snapshots(&policy.dir, self.path())?;
        // A restore's safety snapshot holds what the restore replaced: what the workspace holds
        // since is in no snapshot yet, whatever the time of the newest.
        let restored = self.meta(RESTORED_AT)?.is_some();
        let due = restored
            || existing.iter().find(|s| s.tag == tag).is_none_or(|newest| {
                Utc::now()
                    .signed_duration_since(newest.taken)
                    .to_std()
                    .unwrap_or_default()
                    >= AUTO_INTERVAL
            });
        if !due {
            return Ok(None);
        }
        let snapshot = self.backup_as(&policy.dir, SnapshotKind::Automatic)?;
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [RESTORED_AT])?;
        self.prune_snapshots(&policy.dir, policy.keep)?;
        Ok(Some(snapshot))
    }

    /// Deletes all but the newest `keep` of this workspace's snapshots in `dir`: those named with
    /// its tag. Another workspace's, and any without a tag (written before tags, whose owner cannot
    /// be told from the name), are left alone; so is the newest taken before a restore, the one
    /// copy of what the last restore replaced (three backups after it had pruned it unsaid).
    pub fn prune_snapshots(&self, dir: &Path, keep: usize) -> Result<()> {
        let tag = self.snapshot_tag();
        let ours: Vec<Snapshot> = snapshots(dir, self.path())?
            .into_iter()
            .filter(|s| tag.is_some() && s.tag == tag)
            .collect();
        let last_restore = ours
            .iter()
            .position(|s| s.kind == Some(SnapshotKind::BeforeRestore));
        let pruned = ours
            .iter()
            .enumerate()
            .skip(keep.max(1))
            .filter(|(at, _)| Some(*at) != last_restore);
        for (_, old) in pruned {
            std::fs::remove_file(&old.path)
                .map_err(Error::io(format!("cannot remove {}", old.path.display())))?;
        }
        Ok(())
    }

    /// Replaces the workspace's contents with `snapshot`, in place, through SQLite (so another
    /// window on the file sees either the old or the restored data, never a mix). What is replaced
    /// is first saved as a snapshot of its own, so a restore can itself be undone.
    pub fn restore_from(&mut self, snapshot: &Path) -> Result<Snapshot> {
        self.writable()?;
        self.same_encryption_as(snapshot)?;
        let version = verify(snapshot, self.key.as_ref())?;
        if version > LATEST_VERSION {
            return Err(Error::TooNew {
                path: snapshot.to_path_buf(),
                found: version,
                supported: LATEST_VERSION,
            });
        }
        let safety = self.backup_as(&default_dir(self.path()), SnapshotKind::BeforeRestore)?;
        // The snapshot may be another workspace's: this one keeps naming its snapshots its way.
        let tag = self.snapshot_tag();
        let source = open_snapshot(snapshot, self.key.as_ref())?;
        let path = self.path().to_path_buf();
        copy_all(&Backup::new(&source, &mut self.conn)?, &path)?;
        drop(source);
        self.conn
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")?;
        migrations().to_latest(&mut self.conn)?;
        if let Some(tag) = tag {
            self.keep_tag(&tag)?;
        }
        self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            [RESTORED_AT, &Utc::now().to_rfc3339()],
        )?;
        // What was undone before the snapshot is not Redo's after it: the window holds Undo after
        // a restore, and Redo had put back a merge the user had undone.
        self.conn.execute(super::changelog::DISCARD_REDO, [])?;
        self.list_count.replace(None);
        // The change set this connection wrote last is not in the restored file's history.
        self.written = None;
        Ok(safety)
    }
}

impl Store {
    /// Pages are copied into the open workspace as they are, so a snapshot restores in place only
    /// into a workspace encrypted as it is: one taken before `encrypt` (or `decrypt`) cannot, and
    /// SQLite's own refusal ("backup is not supported with encrypted databases") said nothing of
    /// why or what to do.
    fn same_encryption_as(&self, snapshot: &Path) -> Result<()> {
        let encrypted = match secret::header(snapshot) {
            Ok(secret::Header::Encrypted) => true,
            Ok(secret::Header::Plain) => false,
            // Not a workspace at all: `verify` says so.
            _ => return Ok(()),
        };
        if encrypted == self.is_encrypted() {
            return Ok(());
        }
        let (it, workspace, how) = if encrypted {
            (
                "encrypted",
                "is not (it was decrypted after the snapshot was taken)",
                "with the passphrase it was taken with, or encrypt the workspace again first",
            )
        } else {
            (
                "not encrypted",
                "is (it was encrypted after the snapshot was taken)",
                "and encrypt that file, or decrypt the workspace first",
            )
        };
        Err(Error::NotAllowed(format!(
            "{} is {it} and the workspace {} {workspace}, so it cannot be restored in place. \
             Restore it into a new file (kith restore --from {} --db NEW.db) {how}.",
            snapshot.display(),
            self.path().display(),
            snapshot.display()
        )))
    }
}

/// Opens a snapshot read-only and checks it is a whole, healthy Kith workspace; returns its
/// schema version.
pub fn verify(path: &Path, key: Option<&Passphrase>) -> Result<i64> {
    let conn = open_snapshot(path, key)?;
    let (app_id, version): (i64, i64) = conn
        .query_row(
            "SELECT * FROM pragma_application_id, pragma_user_version",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| unreadable(path, key, e))?;
    if app_id != APPLICATION_ID {
        return Err(Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason: "it is not a Kith backup".into(),
        });
    }
    let problems = conn
        .prepare("PRAGMA integrity_check(10)")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if problems != ["ok"] {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(version)
}

/// The newest snapshot that passes `verify`: what a damaged workspace is offered.
pub fn newest_good(dir: &Path, workspace: &Path, key: Option<&Passphrase>) -> Option<Snapshot> {
    snapshots(dir, workspace)
        .ok()?
        .into_iter()
        .find(|s| verify(&s.path, key).is_ok())
}

/// Restores a workspace that cannot be opened (damaged, or gone): the old file is moved aside, never
/// deleted, and a fresh owner-only file is written from the snapshot. Returns where the old file went.
pub fn restore_file(
    snapshot: &Path,
    workspace: &Path,
    key: Option<&Passphrase>,
) -> Result<Option<PathBuf>> {
    let version = verify(snapshot, key)?;
    if version > LATEST_VERSION {
        return Err(Error::TooNew {
            path: snapshot.to_path_buf(),
            found: version,
            supported: LATEST_VERSION,
        });
    }
    let partial = files::with_suffix(workspace, ".restoring");
    let _ = std::fs::remove_file(&partial);
    let written = (|| {
        files::create_private(&partial)?;
        let source = open_snapshot(snapshot, key)?;
        let mut out = Connection::open(&partial)?;
        secret::apply(&out, key)?;
        copy_all(&Backup::new(&source, &mut out)?, workspace)?;
        // As a restore in place does; a snapshot older than the table (schema 8) has no Redo to
        // keep from anyone.
        let _ = out.execute(super::changelog::DISCARD_REDO, []);
        let _: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        drop(out);
        files::sync(&partial)?;
        verify(&partial, key).map(drop)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    let aside = if workspace.exists() {
        let tag = format!("damaged-{}", Utc::now().format(STAMP));
        Some(files::move_aside(workspace, &tag)?)
    } else {
        None
    };
    files::replace(&partial, workspace)?;
    Ok(aside)
}

/// How long a copy waits for another program's lock on `workspace` before saying it is in use.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// Runs a backup to the end, waiting for locks another program holds — up to `LOCK_WAIT`, not
/// forever (rusqlite's `run_to_completion` retries without end, spinning a core while, say, an
/// `sqlite3` shell holds the file).
fn copy_all(backup: &Backup<'_, '_>, workspace: &Path) -> Result<()> {
    use rusqlite::backup::StepResult;
    let started = std::time::Instant::now();
    loop {
        match backup.step(1024)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {
                return Err(Error::InUse {
                    path: workspace.to_path_buf(),
                });
            }
        }
    }
}

fn open_snapshot(path: &Path, key: Option<&Passphrase>) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn =
        Connection::open_with_flags(files::read_only_uri(path, false), flags).map_err(|e| {
            Error::CannotOpen {
                path: path.to_path_buf(),
                reason: e.to_string(),
            }
        })?;
    // A plain snapshot ignores a key only if it is really plain; otherwise the key must fit.
    let header = secret::header(path);
    if matches!(header, Ok(secret::Header::Other)) {
        // Neither SQLite's header nor the whole pages an encrypted file is made of.
        return Err(Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason: "it is not a Kith backup (neither a database nor an encrypted one)".into(),
        });
    }
    let plain = matches!(header, Ok(secret::Header::Plain));
    if !plain {
        if key.is_none() {
            return Err(Error::NeedsPassphrase {
                path: path.to_path_buf(),
            });
        }
        secret::apply(&conn, key)?;
    }
    Ok(conn)
}

fn unreadable(path: &Path, key: Option<&Passphrase>, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        _ if key.is_some() && !matches!(secret::header(path), Ok(secret::Header::Plain)) => {
            Error::WrongPassphrase {
                path: path.to_path_buf(),
            }
        }
        Some(rusqlite::ErrorCode::NotADatabase) if key.is_some() => Error::WrongPassphrase {
            path: path.to_path_buf(),
        },
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            Error::Damaged {
                path: path.to_path_buf(),
                problems: vec![e.to_string()],
            }
        }
        _ => e.into(),
    }
}
