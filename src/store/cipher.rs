//! Encrypting, decrypting and re-keying a workspace. Each writes a complete new file with
//! `sqlcipher_export` under a temporary name, checks it opens with the new key, and renames it over
//! the old one — so a crash at any moment leaves either the old file or the new, never half of each.
//! It needs the file to itself: while another Kith has it open, it refuses rather than pull the file
//! from under it.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::files;
use super::schema::APPLICATION_ID;
use super::secret::{self, Passphrase};
use super::{Error, Result, Store};

/// Encrypts a plain workspace with `new`.
pub fn encrypt(path: &Path, new: &Passphrase) -> Result<()> {
    convert(path, None, Some(new))
}

/// Turns an encrypted workspace back into a plain one.
pub fn decrypt(path: &Path, old: &Passphrase) -> Result<()> {
    convert(path, Some(old), None)
}

/// Changes the passphrase of an encrypted workspace.
pub fn rekey(path: &Path, old: &Passphrase, new: &Passphrase) -> Result<()> {
    convert(path, Some(old), Some(new))
}

fn convert(path: &Path, from: Option<&Passphrase>, to: Option<&Passphrase>) -> Result<()> {
    // The usual open first: refuses other programs' files, newer schemas and wrong passphrases,
    // and brings an older workspace up to date.
    let store = Store::open_with(path, from)?;
    store.writable()?;
    // (A plain open of an encrypted file has already failed with NeedsPassphrase.)
    if from.is_some() && !store.is_encrypted() {
        return Err(Error::NotAllowed(format!(
            "{} is not encrypted",
            path.display()
        )));
    }
    let version = store.schema_version()?;
    drop(store);

    let conn = exclusive(path, from)?;
    let partial = files::with_suffix(path, ".converting");
    let _ = std::fs::remove_file(&partial);
    let written = (|| {
        files::create_private(&partial)?;
        let target = partial.to_string_lossy().into_owned();
        let key = to.map_or("", Passphrase::expose);
        secret::wait_until_ready();
        conn.execute(
            "ATTACH DATABASE ?1 AS target KEY ?2",
            [target.as_str(), key],
        )?;
        let _: Option<String> =
            conn.query_row("SELECT sqlcipher_export('target')", [], |r| r.get(0))?;
        // sqlcipher_export copies schema and rows, not the header fields Kith relies on.
        conn.execute_batch(&format!(
            "PRAGMA target.user_version = {version}; PRAGMA target.application_id = {APPLICATION_ID};"
        ))?;
        conn.execute_batch("DETACH DATABASE target")?;
        files::sync(&partial)?;
        super::backup::verify(&partial, to).map(drop)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    files::replace(&partial, path)?;
    drop(conn);
    Ok(())
}

/// Removes what a conversion killed part-way left beside the workspace: its half-written copy
/// (after a killed `decrypt`, the workspace's data in plain text) and that copy's journal. Called
/// once the workspace has been opened for work, which a running conversion's exclusive lock
/// would have prevented.
pub(super) fn remove_leftovers(path: &Path) {
    let partial = files::with_suffix(path, ".converting");
    for file in [files::with_suffix(&partial, "-journal"), partial] {
        let _ = std::fs::remove_file(file);
    }
}

/// `Err(InUse)` when another connection, in this process or another, has `path` open for
/// writing or holds a lock on it: what must not be replaced under it (`kith demo --force`). A file
/// SQLite cannot read (not a database, or encrypted) is in no one's use through SQLite.
pub fn ensure_not_in_use(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::ZERO)?;
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    match conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;") {
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            ) =>
        {
            Err(Error::InUse {
                path: path.to_path_buf(),
            })
        }
        _ => Ok(()),
    }
}

/// A connection holding the only lock on the file, with its WAL folded in and removed (so the
/// renamed-in file never meets the old file's `-wal`). Another open Kith makes this fail as `InUse`.
fn exclusive(path: &Path, key: Option<&Passphrase>) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    secret::apply(&conn, key)?;
    conn.busy_timeout(Duration::from_millis(500))?;
    // Set before the first read, EXCLUSIVE makes this connection take (and keep) the file lock that
    // every other open connection, in any process, holds a share of.
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    let locked = conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;");
    if let Err(e) = locked {
        return Err(match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::InUse {
                path: path.to_path_buf(),
            },
            _ => e.into(),
        });
    }
    let _: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    Ok(conn)
}
