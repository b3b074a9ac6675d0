//! A workspace whose write-ahead log (`kith.db-wal`) was deleted while this process had it open
//! (a clean-up tool, a user tidying the folder). The connection goes on writing into the deleted
//! file, which no other process can see: `kith check` found the main file missing pages and
//! called it damaged, its advice (restore a backup) then lost every change saved since, and the
//! window went on saving into a file nobody would read.
//!
//! [`Store::keep_journal`], called whenever the window polls the file, notices the log is gone,
//! copies everything in it into the main file (a checkpoint), and opens a fresh connection, whose
//! log is a file at the right name again.

use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, files, secret};

impl Store {
    /// Writes back what a deleted write-ahead log holds and reconnects; `true` when it did.
    pub fn keep_journal(&mut self) -> Result<bool> {
        if self.read_only().is_some() || files::with_suffix(self.path(), "-wal").exists() {
            return Ok(false);
        }
        // Nothing to keep unless this connection is in WAL mode and has a log open (a fresh
        // connection opens its log with its first read).
        let (busy, _, _): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        if busy != 0 {
            // Another connection is reading: the log is not all in the file yet. The next poll
            // tries again.
            return Ok(false);
        }
        // The new connection is open before the old one closes: the old one is then not the
        // last, and does not delete the log at the path (a log another process may have made).
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let fresh = Connection::open_with_flags(self.path(), flags)?;
        secret::apply(&fresh, self.key.as_ref())?;
        let old = std::mem::replace(&mut self.conn, fresh);
        drop(old);
        self.configure()?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::ContactFields;
    use crate::store::{ContactQuery, Store, files};

    fn named(first: &str) -> ContactFields {
        ContactFields {
            first_name: first.into(),
            last_name: "Gardener".into(),
            ..ContactFields::default()
        }
    }

    #[test]
    fn changes_saved_after_the_log_was_deleted_reach_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let mut store = Store::open(&path).unwrap();
        store.create_contact(named("Before")).unwrap();
        let wal = files::with_suffix(&path, "-wal");
        assert!(wal.exists());
        std::fs::remove_file(&wal).unwrap();
        store.create_contact(named("After")).unwrap();

        assert!(store.keep_journal().unwrap(), "the lost log is noticed");
        assert!(!store.keep_journal().unwrap(), "and only once");
        // Another process opening the file now finds both, and the file whole.
        let other = Store::open(&path).unwrap();
        let names: Vec<String> = other
            .contacts(&ContactQuery {
                limit: 10,
                ..ContactQuery::default()
            })
            .unwrap()
            .rows
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(other.check().unwrap().is_ok());
        // This window goes on saving where others see it.
        store.create_contact(named("Later")).unwrap();
        assert_eq!(
            other
                .contacts(&ContactQuery {
                    limit: 10,
                    ..ContactQuery::default()
                })
                .unwrap()
                .total,
            3
        );
    }
}
