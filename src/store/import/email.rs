//! Matching an imported record to a contact by e-mail address, in any case: SQLite's NOCASE folds
//! only A–Z, so "JÜRGEN.GARCÍA@EXAMPLE.COM" and "jürgen.garcía@example.com" were two people (an
//! address with other letters is matched in `spellings`).

use rusqlite::Transaction;

use crate::store::Result;

pub(crate) use crate::domain::duplicate::email_key as key;

/// The live contacts whose primary address is `email`, an address of ASCII only, in any case,
/// lowest id first: the NOCASE index folds A–Z (an address with other letters is looked up in
/// `Spellings`).
pub(crate) fn contacts_with(tx: &Transaction<'_>, email: &str) -> Result<Vec<i64>> {
    debug_assert!(email.is_ascii());
    Ok(tx
        .prepare_cached(
            "SELECT id FROM contacts INDEXED BY contacts_by_email \
             WHERE email = ?1 COLLATE NOCASE AND deleted_at IS NULL ORDER BY id",
        )?
        .query_map([email], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}
