//! What a rollback journal beside a workspace means. A large import writes the file through one
//! (see `import::bulk::write_once`); so did a write killed part-way, whose journal holds the pages
//! it replaced until an open that may write rolls them back. Reading the file as it is means
//! nothing in the second case (half its pages are new), and would hold up the import's commit in
//! the first.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::files;
use super::secret::{self, Passphrase};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Journal {
    /// No journal, or one that holds nothing to roll back.
    Quiet,
    /// Another connection is writing through it now.
    Live,
    /// Its writer is gone and it holds pages to roll back ("hot", as SQLite says).
    Interrupted,
}

/// The state of the journal beside `path`, found without changing the file.
pub(crate) fn state(path: &Path, key: Option<&Passphrase>) -> Journal {
    let journal = files::with_suffix(path, "-journal");
    if !journal.metadata().is_ok_and(|m| m.len() > 0) {
        return Journal::Quiet;
    }
    let busy = |e: &rusqlite::Error| e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy);
    // A read-only connection reads past a journal whose writer still holds its lock, but cannot
    // roll back one whose writer is gone, and says so.
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(look) = Connection::open_with_flags(files::read_only_uri(path, false), flags) else {
        return Journal::Interrupted;
    };
    let _ = secret::apply(&look, key);
    let _ = look.busy_timeout(Duration::ZERO);
    match look.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Err(e) if busy(&e) => return Journal::Live,
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::ReadOnly) => {
            return Journal::Interrupted;
        }
        _ => {}
    }
    drop(look);
    // Not hot, so taking the write lock changes nothing; only a live writer holds it already.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(write) = Connection::open_with_flags(path, flags) else {
        return Journal::Quiet;
    };
    let _ = secret::apply(&write, key);
    let _ = write.busy_timeout(Duration::ZERO);
    match write.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
        Err(e) if busy(&e) => Journal::Live,
        _ => Journal::Quiet,
    }
}
