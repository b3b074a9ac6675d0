//! Opening a workspace file safely: look at it through a read-only connection first and refuse what
//! is not ours, too new, locked or damaged before writing a single byte; then set the connection up
//! (WAL, durable commits, foreign keys, busy timeout) and bring the schema up to date. A file Kith
//! may not write is opened read-only and says why.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::files::{self, ReadOnly};
use super::schema::{APPLICATION_ID, LATEST_VERSION, migrations};
use super::secret::{self, Header, Passphrase};
use super::{Error, Result};
use crate::domain::Timestamp;

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    pub(crate) actor: String,
    pub(crate) key: Option<Passphrase>,
    read_only: Option<ReadOnly>,
    /// The last list count, reused while nothing has changed (scrolling a long list re-reads pages,
    /// not the count).
    pub(crate) list_count: std::cell::RefCell<Option<super::contacts::CachedCount>>,
    /// The change set this connection wrote last: Undo may take it back even before the window
    /// has re-read what Undo would do (see `undo_expected`).
    pub(crate) written: Option<crate::domain::ChangeSetId>,
    /// How far planned activities have been counted (see `planned`).
    pub(crate) planned_seen: super::planned::Seen,
    /// Keeps exports from writing over this file while it is open.
    _held: crate::fs::OpenWorkspace,
    /// Last, so it drops after the connection has closed: counts this workspace as open until then.
    _open: super::closing::Open,
}

/// `kith.db` in the user's data directory (e.g. `~/.local/share/kith/kith.db` on Linux).
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("io.github", "kith", "Kith")
        .map(|d| d.data_dir().join("kith.db"))
}

/// What a workspace is opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// Reading and writing: WAL mode, the schema brought up to date.
    Work,
    /// Reading only; the file is left byte for byte as it was.
    Look,
}

/// How many problems the open-time check lists before it stops looking.
const QUICK_CHECK_LIMIT: u32 = 10;

/// How long a statement waits for another connection's lock before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Store {
    /// Opens the workspace at `path`, creating an empty one if no file is there.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_with(path, None)
    }

    /// Opens the workspace at `path` with its passphrase. A new file given a passphrase is created
    /// encrypted; a plain file ignores it.
    pub fn open_with(path: impl AsRef<Path>, key: Option<&Passphrase>) -> Result<Store> {
        Self::open_as(path.as_ref(), key, Purpose::Work)
    }

    /// Opens an existing workspace only to read it, changing nothing in the file: no journal-mode
    /// switch, no schema upgrade (a file from an older Kith is read as it is). For verifying a
    /// snapshot, whose bytes (and checksum) must stay as they were written.
    pub fn open_to_read(path: impl AsRef<Path>, key: Option<&Passphrase>) -> Result<Store> {
        let path = path.as_ref();
        if !path.metadata().is_ok_and(|m| m.len() > 0) {
            return Err(Error::NotAWorkspace {
                path: path.to_path_buf(),
                reason: "there is no workspace file there (or it is empty)".into(),
            });
        }
        use super::journal::{self, Journal};
        let started = std::time::Instant::now();
        let mut journal = journal::state(path, key);
        // Reading the file while another connection writes through its journal would hold up
        // that writer's commit (a large import's): wait for it as for any writer.
        while journal == Journal::Live && started.elapsed() < BUSY_TIMEOUT {
            std::thread::sleep(Duration::from_millis(100));
            journal = journal::state(path, key);
        }
        match journal {
            Journal::Quiet => {}
            Journal::Live => return Err(Error::Busy),
            // A write killed part-way (a large import) leaves its rollback journal: the file's
            // pages are half new until an open that may write rolls them back. Read as they are,
            // they looked "malformed", and the advice was to restore a backup, losing what was
            // saved since.
            Journal::Interrupted => {
                return Err(Error::CannotOpen {
                    path: path.to_path_buf(),
                    reason: format!(
                        "a write to it was interrupted and {} holds what it replaced; open the \
                         workspace with Kith (the window, or a command such as kith search) to \
                         roll that write back, then check it again",
                        files::with_suffix(path, "-journal").display()
                    ),
                });
            }
        }
        Self::open_as(path, key, Purpose::Look)
    }

    fn open_as(path: &Path, key: Option<&Passphrase>, purpose: Purpose) -> Result<Store> {
        // Counted from here: the connection is open (and the process must wait for it) from within
        // `open_existing` or `create`.
        let open = super::closing::Open::new();
        let path = path.to_path_buf();
        files::ensure_plain_file(&path)?;
        let size = path.metadata().map(|m| m.len()).ok();
        // An empty file with good snapshots beside it is a workspace that lost its contents (a
        // sync tool, a full disk), not a place for a new one: it had opened as an empty workspace
        // on the Welcome screen, and its backups went unoffered.
        if size == Some(0)
            && super::backup::newest_good(&super::backup::default_dir(&path), &path, key).is_some()
        {
            return Err(Error::Damaged {
                path,
                problems: vec!["the file is empty (0 bytes)".into()],
            });
        }
        let exists = size.is_some_and(|n| n > 0);
        let (conn, key, read_only) = if exists {
            Self::open_existing(&path, key, purpose)?
        } else {
            (Self::create(&path, key)?, key.cloned(), None)
        };
        let mut store = Store {
            conn,
            _held: crate::fs::OpenWorkspace::hold(&path, key.is_some()),
            path,
            actor: login_name(),
            key,
            read_only,
            list_count: Default::default(),
            written: None,
            planned_seen: Default::default(),
            _open: open,
        };
        store.configure()?;
        if store.read_only.is_some() {
            return Ok(store);
        }
        migrations().to_latest(&mut store.conn)?;
        store.catch_up_planned()?;
        super::cipher::remove_leftovers(&store.path);
        if !exists {
            // Provenance for support questions: which Kith made this file, and when; and a
            // random id that tells this workspace's exported cards and events from another's.
            let now = store.now().to_rfc3339();
            store.conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?1), ('created_by', ?2), ('workspace_id', ?3)",
                [now.as_str(), concat!("Kith ", env!("CARGO_PKG_VERSION")), &random_id()],
            )?;
        }
        Ok(store)
    }

    fn create(path: &Path, key: Option<&Passphrase>) -> Result<Connection> {
        let cannot = |reason: String| Error::CannotOpen {
            path: path.to_path_buf(),
            reason,
        };
        std::fs::create_dir_all(files::folder(path)).map_err(|e| cannot(e.to_string()))?;
        if !path.exists() {
            files::create_private(path)?;
        } else {
            // An empty file made beforehand (`touch`, a file dialog) becomes the workspace: only
            // its owner may read it, as a file Kith creates (it had kept the 0644 it was made with).
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| cannot(e.to_string()))?;
            }
        }
        let conn = Connection::open(path).map_err(|e| cannot(e.to_string()))?;
        secret::apply(&conn, key)?;
        Ok(conn)
    }

    /// Opens an existing file and checks, before anything is written, that it is a healthy Kith
    /// workspace this version understands and that the passphrase (if any) is right.
    fn open_existing(
        path: &Path,
        key: Option<&Passphrase>,
        purpose: Purpose,
    ) -> Result<(Connection, Option<Passphrase>, Option<ReadOnly>)> {
        let not_ours = |reason: &str| Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        };
        // Open here already (the window's analysis worker opens its own connection): what the
        // header says is known, and reading it again would unlock the file (see `open_here`).
        let here = crate::fs::open_here(path);
        let kind = match here {
            Some(true) => Header::Encrypted,
            Some(false) => Header::Plain,
            None => secret::header(path).map_err(|e| Error::CannotOpen {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?,
        };
        let key = match kind {
            Header::Plain => None,
            Header::Encrypted if key.is_none() => {
                return Err(Error::NeedsPassphrase {
                    path: path.to_path_buf(),
                });
            }
            Header::Encrypted => key.cloned(),
            Header::Other => return Err(not_ours("the file is not an SQLite database")),
        };
        let read_only = match purpose {
            Purpose::Look => Some(ReadOnly::Asked),
            Purpose::Work if here.is_some() => files::folder_access(path),
            Purpose::Work => files::access(path),
        };
        let probe = probe(path, key.as_ref(), read_only.is_some())?;
        let (app_id, version) = match header_fields(&probe) {
            Ok(h) => h,
            // An encrypted file whose first page does not decrypt: SQLCipher's HMAC check failed,
            // which it reports as "not a database" or (on a read-only connection) "out of memory".
            Err(_) if key.is_some() => {
                return Err(Error::WrongPassphrase {
                    path: path.to_path_buf(),
                });
            }
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
                return Err(not_ours("the file is not an SQLite database"));
            }
            Err(e) => return Err(damaged_or(path, e)),
        };
        if app_id != APPLICATION_ID {
            let tables: i64 = probe
                .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
                .map_err(|e| damaged_or(path, e))?;
            if app_id != 0 || tables > 0 || version != 0 {
                return Err(not_ours("it is an SQLite database made by another program"));
            }
        }
        if version > LATEST_VERSION {
            return Err(Error::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: LATEST_VERSION,
            });
        }
        if !super::checked::already_checked(path) {
            quick_check(path, &probe)?;
            super::checked::remember(path);
        }
        if let Some(why) = read_only {
            if version < LATEST_VERSION && purpose == Purpose::Work {
                return Err(Error::CannotOpen {
                    path: path.to_path_buf(),
                    reason: format!(
                        "it was made by an older Kith and must be upgraded, but {}",
                        why.reason()
                    ),
                });
            }
            return Ok((probe, key, Some(why)));
        }
        drop(probe);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::CannotOpen {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        secret::apply(&conn, key.as_ref())?;
        Ok((conn, key, None))
    }

    pub(super) fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.set_prepared_statement_cache_capacity(64);
        if self.read_only.is_some() {
            // A second guard beside the read-only file handle: no statement may write.
            self.conn.execute_batch("PRAGMA query_only = ON;")?;
            return Ok(());
        }
        // WAL lets the window read while a write is under way, and two windows share one file
        // safely. synchronous=FULL fsyncs the WAL at every commit, so a change the user saw saved
        // survives a power cut too (NORMAL would survive a crashed process but could lose the last
        // commits to a power cut). One fsync per commit is small next to losing a logged call.
        let mode = switch_to_wal(&self.conn)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::CannotOpen {
                path: self.path.clone(),
                reason: format!("journal mode {mode} instead of WAL"),
            });
        }
        self.conn
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes every later statement give up soon after `stop` returns true, with an "interrupted"
    /// error: how a cancelled analysis leaves a long read (seconds on a large workspace) instead of
    /// finishing it for nothing.
    pub fn stop_when(&self, stop: impl Fn() -> bool + Send + 'static) -> Result<()> {
        // Some thousands of virtual-machine steps: microseconds apart, so the check costs nothing.
        const STEPS: std::ffi::c_int = 10_000;
        self.conn.progress_handler(STEPS, Some(stop))?;
        Ok(())
    }

    /// Why the workspace is read-only, if it is: "the file is read-only".
    pub fn read_only(&self) -> Option<&'static str> {
        self.read_only.map(ReadOnly::reason)
    }

    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// Refuses a write up front on a read-only workspace, with the reason.
    pub(crate) fn writable(&self) -> Result<()> {
        match self.read_only {
            Some(why) => Err(Error::ReadOnly(why.reason().into())),
            None => Ok(()),
        }
    }

    /// The name written into the change log for this session's changes.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub(crate) fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A connection for looking at a file before trusting it, which refuses to write (`query_only`). On
/// a writable file it is opened read-write all the same: only such a connection can, on closing,
/// remove the `-wal` and `-shm` files its reads created, leaving a refused file as it found it.
/// A WAL file in a folder where SQLite cannot create its `-shm` index is opened immutable, which is
/// exact as long as no `-wal` holds changes not yet copied into the file.
/// `PRAGMA journal_mode = WAL`, waiting up to [`BUSY_TIMEOUT`] for a writer that holds the file in
/// rollback-journal mode (a large import, see `import::bulk::write_once`). The switch needs the
/// file to itself, and SQLite refuses it at once instead of calling the busy handler (this
/// connection already reads the file, and waiting inside could deadlock), so the wait is here:
/// `kith search` during a 200,000-row import failed within 30 ms instead of waiting for it.
fn switch_to_wal(conn: &Connection) -> Result<String> {
    let started = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(50));
            }
            mode => return Ok(mode?),
        }
    }
}

fn probe(path: &Path, key: Option<&Passphrase>, read_only: bool) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI
        | if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        };
    let cannot = |e: rusqlite::Error| Error::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    // Read-write, the path itself (its bytes, whatever they are) rather than a lossy copy.
    let conn = if read_only {
        Connection::open_with_flags(files::read_only_uri(path, false), flags)
    } else {
        Connection::open_with_flags(path, flags - OpenFlags::SQLITE_OPEN_URI)
    }
    .map_err(cannot)?;
    secret::apply(&conn, key)?;
    conn.execute_batch("PRAGMA query_only = ON")?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        // Without a writable folder SQLite cannot build the WAL index: "unable to open" or, when
        // it would have to create the index, "attempt to write a readonly database".
        Err(e)
            if read_only
                && matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
                ) =>
        {
            if files::with_suffix(path, "-wal").exists() {
                return Err(Error::CannotOpen {
                    path: path.to_path_buf(),
                    reason: "its folder is read-only and it holds changes in a -wal file that \
                             cannot be read without writing there"
                        .into(),
                });
            }
            let conn = Connection::open_with_flags(files::read_only_uri(path, true), flags)
                .map_err(cannot)?;
            secret::apply(&conn, key)?;
            conn.execute_batch("PRAGMA query_only = ON")?;
            Ok(conn)
        }
        _ => Ok(conn),
    }
}

fn header_fields(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    conn.query_row(
        "SELECT * FROM pragma_application_id, pragma_user_version",
        [],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    )
}

/// SQLite's quick check: every page and index structure is sound (it skips the slower
/// index-against-table comparison of `integrity_check`).
fn quick_check(path: &Path, conn: &Connection) -> Result<()> {
    let problems = conn
        .prepare(&format!("PRAGMA quick_check({QUICK_CHECK_LIMIT})"))
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(|e| damaged_or(path, e))?;
    if problems == ["ok"] {
        Ok(())
    } else {
        Err(Error::Damaged {
            path: path.to_path_buf(),
            problems,
        })
    }
}

/// A read that fails because pages are damaged is reported as damage, with the path to restore.
fn damaged_or(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::Damaged {
            path: path.to_path_buf(),
            problems: vec![e.to_string()],
        },
        _ => e.into(),
    }
}

/// The operating-system user, which the change log records unless the user chose a name: from
/// the environment a login sets (USER, LOGNAME on Unix, USERNAME on Windows), else the home
/// folder's name (a desktop launcher or a service may start Kith without them).
pub fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .chain(
            std::env::var_os("HOME")
                .or_else(|| std::env::var_os("USERPROFILE"))
                .and_then(|home| {
                    std::path::Path::new(&home)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                }),
        )
        .map(|name| name.trim().to_string())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// 128 random bits as hex, from the standard library's per-process random hash keys (seeded by
/// the operating system) mixed with the time, so no dependency is needed for one id per file.
pub(super) fn random_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let half = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ContactFields;

    fn contact(first: &str, notes: String) -> ContactFields {
        ContactFields {
            first_name: first.into(),
            notes,
            ..Default::default()
        }
    }

    /// A full disk is simulated with `max_page_count`, which makes SQLite fail exactly as it does
    /// when the file cannot grow: SQLITE_FULL mid-transaction.
    #[test]
    fn a_full_disk_reports_an_error_and_loses_nothing_already_saved() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("full.db")).unwrap();
        let saved = store.create_contact(contact("Ada", String::new())).unwrap();
        let pages: i64 = store
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        store
            .conn
            .execute_batch(&format!("PRAGMA max_page_count = {}", pages + 1))
            .unwrap();
        let err = store
            .create_contact(contact("Grace", "n".repeat(200_000)))
            .unwrap_err();
        assert!(matches!(err, Error::DiskFull), "{err}");
        assert!(err.to_string().contains("Everything saved before is safe"));
        store
            .conn
            .execute_batch("PRAGMA max_page_count = 1073741823")
            .unwrap();
        assert_eq!(store.contact(saved.id).unwrap().fields.first_name, "Ada");
        assert_eq!(store.counts().unwrap().contacts, 1);
        assert_eq!(store.check().unwrap().integrity, ["ok"]);
        store
            .create_contact(contact("Grace", String::new()))
            .unwrap();
    }
}
