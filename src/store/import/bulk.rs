//! A large import into a small table: the contact indexes are dropped inside the import's
//! transaction and created again once at the end.
//!
//! Half the contact indexes are keyed on something random in import order (name, e-mail, phone,
//! company), so inserting a million rows into them row by row lands each key on a different page;
//! building an index afterwards sorts the keys once and writes its pages in order. Measured on the
//! 1,000,000 rows of the import benchmark: the inserts took 8.8 s with the eight indexes in place,
//! 1.3 s without them, and creating the eight afterwards 3.4 s. (Keeping the four keyed on the id
//! or the creation time in place cost as much as rebuilding them, so all eight go.) For a few rows
//! into a large workspace the opposite holds: [`worth_it`] decides from the rows expected and the
//! rows there.
//!
//! While the indexes are gone the import matches e-mail addresses in memory: [`Bulk`] holds every
//! live contact's primary address the way `contacts_by_email` would find it. As with the search
//! triggers, nothing outside the transaction ever sees an index missing; a failed or cancelled
//! import rolls the drop back with everything else.
//!
//! A large import also writes the file once: in WAL mode every page goes to the WAL at commit and
//! is copied into the database by the checkpoint after it — for the million-row benchmark some
//! 600 MB written twice. When no other connection has the file open, [`write_once`] switches it to
//! a rollback journal for the length of the import (new pages past the end of the file need no
//! journal entry, and the commit is as safe: the journal is synced first) and [`back_to_wal`] puts
//! WAL back after. Measured on the schema alone: commit 0.7 s instead of 1.7 s plus a 0.2 s
//! checkpoint. Another process that wants the file meanwhile waits, as it would for any writer
//! (see `open::switch_to_wal` and `journal::state`), and past the busy timeout is told the
//! workspace is busy.

use std::collections::hash_map::Entry;

use foldhash::HashMap;
use rusqlite::{Connection, Transaction};

use super::super::duplicates::live_candidates;
use super::super::open::BUSY_TIMEOUT;
use super::super::{Error, Result};
use crate::domain::duplicate::Candidate;
use crate::domain::{ContactFields, ContactId};

/// Fewer rows than this are imported through the indexes, whatever the size of the table.
const MIN_ROWS: u64 = 20_000;

/// Whether an import of about `expected` rows into a table of `live` contacts should set the
/// indexes aside: only when it at least doubles the table, so rebuilding costs no more than the
/// rows it spares from random index inserts.
pub(crate) fn worth_it(expected: u64, live: u64) -> bool {
    expected >= MIN_ROWS && expected >= live
}

/// Switches the file from WAL to a rollback journal if this connection alone has it open, without
/// waiting for anyone; returns whether it did. Outside a transaction only.
pub(crate) fn write_once(conn: &Connection) -> Result<bool> {
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let mode = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    });
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Busy: another connection has the file open, and the import keeps WAL.
    Ok(mode.is_ok_and(|mode| mode.eq_ignore_ascii_case("delete")))
}

/// Puts WAL back after [`write_once`], whatever became of the import.
pub(crate) fn back_to_wal(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode.eq_ignore_ascii_case("wal") {
        Ok(())
    } else {
        Err(Error::NotAllowed(format!(
            "the workspace stayed in journal mode {mode} after the import; reopen it to restore WAL"
        )))
    }
}

/// The contact indexes set aside, and the e-mail matching that stands in for `contacts_by_email`.
pub(crate) struct Bulk {
    /// `CREATE INDEX` statements exactly as the schema holds them.
    indexes: Vec<String>,
    /// Primary e-mail address, as [`super::email::key`] folds it → the live
    /// contacts that have it, lowest id first, as `ORDER BY id` over the index lists them.
    emails: HashMap<String, Ids>,
    /// Primary phone number, as written → the live contacts that have it, lowest id first, as
    /// `ORDER BY id` over `contacts_by_phone` lists them. Built when the first row with no
    /// address asks (a file whose rows all have one never pays for it).
    phones: Option<HashMap<String, Ids>>,
    /// When the import reports duplicates: every live contact as the finder sees it, kept up to
    /// date row by row, so the finder can start before the indexes are rebuilt.
    candidates: Option<Candidates>,
}

/// Adds contact `id` under `key`.
/// What two ways of writing one number have in common ("06 12 34 56 99" and "0612345699"):
/// the duplicate finder's key, or the number as written when it has too few digits for one.
pub fn phone_match(number: &str) -> String {
    crate::domain::duplicate::phone_key(number).unwrap_or_else(|| number.trim().to_string())
}

fn note(map: &mut HashMap<String, Ids>, key: String, id: i64) {
    match map.entry(key) {
        Entry::Occupied(mut e) => e.get_mut().add(id),
        Entry::Vacant(e) => {
            e.insert(Ids::One(id));
        }
    }
}

/// The contacts sharing one address: nearly always one, so one takes no allocation.
enum Ids {
    One(i64),
    Many(Vec<i64>),
}

impl Ids {
    fn as_slice(&self) -> &[i64] {
        match self {
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(ids) => ids,
        }
    }

    /// Adds `id` in order, once.
    fn add(&mut self, id: i64) {
        let mut ids = self.as_slice().to_vec();
        if let Err(at) = ids.binary_search(&id) {
            ids.insert(at, id);
            *self = Ids::Many(ids);
        }
    }
}

/// Live contacts in id order, and where each id sits.
struct Candidates {
    list: Vec<Candidate>,
    at: HashMap<i64, usize>,
}

impl Bulk {
    /// Reads the live contacts' primary addresses (and, with `candidates`, everything the duplicate
    /// finder compares), then drops the contact indexes (inside `tx`).
    pub fn begin(tx: &Transaction<'_>, candidates: bool) -> Result<Bulk> {
        let mut bulk = Bulk {
            indexes: Vec::new(),
            emails: HashMap::default(),
            phones: None,
            candidates: None,
        };
        if candidates {
            let list = live_candidates(tx)?;
            for c in &list {
                if let Some(email) = c.emails.first() {
                    bulk.note(email, c.id.0);
                }
            }
            let at = list.iter().enumerate().map(|(i, c)| (c.id.0, i)).collect();
            bulk.candidates = Some(Candidates { list, at });
        } else {
            let mut stmt = tx.prepare(
                "SELECT id, email FROM contacts WHERE deleted_at IS NULL AND email <> ''",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let email: String = row.get(1)?;
                bulk.note(&email, row.get(0)?);
            }
        }
        let named: Vec<(String, String)> = tx
            .prepare(
                "SELECT name, sql FROM sqlite_schema \
                 WHERE type = 'index' AND tbl_name = 'contacts' AND sql IS NOT NULL ORDER BY name",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, sql) in named {
            tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            bulk.indexes.push(sql);
        }
        Ok(bulk)
    }

    /// Records new contact `id`, written with `fields`, for the e-mail matching and the duplicate
    /// finder; `candidate` is what the finder sees of it, made while the row was checked.
    pub fn created(&mut self, id: ContactId, fields: &ContactFields, mut candidate: Candidate) {
        if let Some(email) = fields.primary_email() {
            self.note(email, id.0);
        }
        if let (Some(phone), Some(phones)) = (fields.primary_phone(), &mut self.phones) {
            note(phones, phone_match(phone), id.0);
        }
        if let Some(c) = &mut self.candidates {
            candidate.id = id;
            candidate.company_id = fields.company_id;
            c.at.insert(id.0, c.list.len());
            c.list.push(candidate);
        }
    }

    /// Records that contact `id` now holds `fields` (a row was merged into it).
    pub fn merged(&mut self, id: ContactId, fields: &ContactFields) {
        if let Some(email) = fields.primary_email() {
            self.note(email, id.0);
        }
        if let (Some(phone), Some(phones)) = (fields.primary_phone(), &mut self.phones) {
            note(phones, phone_match(phone), id.0);
        }
        if let Some(c) = &mut self.candidates
            && let Some(&i) = c.at.get(&id.0)
        {
            c.list[i] = Candidate::of(id, fields);
        }
    }

    /// The live contacts as the duplicate finder sees them, if they were kept; new contacts come
    /// last with growing ids, so the list is in id order as the store would read it.
    pub fn take_candidates(&mut self) -> Option<Vec<Candidate>> {
        self.candidates.take().map(|c| c.list)
    }

    /// The live contacts whose primary address is `email` (ignoring case), lowest id first.
    pub fn contacts_with_email(&self, email: &str) -> &[i64] {
        self.emails
            .get(&super::email::key(email))
            .map_or(&[], Ids::as_slice)
    }

    /// The live contacts whose primary phone is `phone` however written, lowest id first; the first call
    /// reads every live contact's number (those this import wrote so far included).
    pub fn contacts_with_phone(&mut self, tx: &Transaction<'_>, phone: &str) -> Result<Vec<i64>> {
        if self.phones.is_none() {
            let mut phones = HashMap::default();
            let mut stmt = tx.prepare(
                "SELECT id, phone FROM contacts WHERE deleted_at IS NULL AND phone <> '' ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let phone: String = row.get(1)?;
                note(&mut phones, phone_match(&phone), row.get(0)?);
            }
            self.phones = Some(phones);
        }
        Ok(self
            .phones
            .as_ref()
            .and_then(|p| p.get(&phone_match(phone)))
            .map_or_else(Vec::new, |ids| ids.as_slice().to_vec()))
    }

    /// Records that contact `id` now has `email` as its primary address.
    fn note(&mut self, email: &str, id: i64) {
        if !email.is_empty() {
            note(&mut self.emails, super::email::key(email), id);
        }
    }

    /// Creates the indexes again, each sorted once over the whole table; `go_on` is asked before
    /// each (a Cancel stops the import there).
    pub fn finish(self, tx: &Transaction<'_>, go_on: impl Fn() -> Result<()>) -> Result<()> {
        for sql in self.indexes {
            go_on()?;
            tx.execute_batch(&sql)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_imports_into_small_tables_set_indexes_aside() {
        assert!(!worth_it(19_999, 0));
        assert!(worth_it(20_000, 0));
        assert!(worth_it(1_000_000, 1_000_000));
        assert!(!worth_it(100_000, 1_000_000));
    }
}
