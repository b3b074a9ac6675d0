//! Opening a workspace file safely: refuse what is not ours or is too new before writing a single byte,
//! then set the connection up (WAL, foreign keys, busy timeout) and bring the schema up to date.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::schema::{APPLICATION_ID, LATEST_VERSION, migrations};
use super::{Error, Result};
use crate::domain::Timestamp;

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    pub(crate) actor: String,
    /// The last list count, reused while nothing has changed (scrolling a long list re-reads pages,
    /// not the count).
    pub(crate) list_count: std::cell::RefCell<Option<super::contacts::CachedCount>>,
}

/// `kith.db` in the user's data directory (e.g. `~/.local/share/kith/kith.db` on Linux).
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("io.github", "kith", "Kith")
        .map(|d| d.data_dir().join("kith.db"))
}

impl Store {
    /// Opens the workspace at `path`, creating an empty one if no file is there.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let exists = path.metadata().map(|m| m.len() > 0).unwrap_or(false);
        let conn = if exists {
            Self::open_existing(&path)?
        } else {
            Self::create(&path)?
        };
        let mut store = Store {
            conn,
            path,
            actor: current_user(),
            list_count: Default::default(),
        };
        store.configure()?;
        migrations().to_latest(&mut store.conn)?;
        if !exists {
            // Provenance for support questions: which Kith made this file, and when.
            let now = store.now().to_rfc3339();
            store.conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?1), ('created_by', ?2)",
                [now.as_str(), concat!("Kith ", env!("CARGO_PKG_VERSION"))],
            )?;
        }
        Ok(store)
    }

    fn create(path: &Path) -> Result<Connection> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::CannotOpen {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        }
        Connection::open(path).map_err(|e| Error::CannotOpen {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }

    /// Opens an existing file and checks, before anything is written, that it is a Kith workspace this
    /// version understands.
    fn open_existing(path: &Path) -> Result<Connection> {
        let not_ours = |reason: &str| Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::CannotOpen {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let header = conn.query_row(
            "SELECT * FROM pragma_application_id, pragma_user_version",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        );
        let (app_id, version) = match header {
            Ok(h) => h,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(not_ours("the file is not an SQLite database"));
            }
            Err(e) => return Err(e.into()),
        };
        if app_id != APPLICATION_ID {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
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
        Ok(conn)
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(Duration::from_secs(5))?;
        // WAL lets the window read while a write is under way. synchronous=FULL makes every committed
        // transaction durable even through power loss, at the price of one fsync per commit — small
        // next to the cost of a salesperson losing the call they just logged.
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::CannotOpen {
                path: self.path.clone(),
                reason: format!("journal mode {mode} instead of WAL"),
            });
        }
        self.conn
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        self.conn.set_prepared_statement_cache_capacity(64);
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
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

fn current_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}
