//! Matching an imported record to a contact by e-mail address, in any case: SQLite's NOCASE folds
//! only A–Z, so "JÜRGEN.GARCÍA@EXAMPLE.COM" and "jürgen.garcía@example.com" were two people.

use rusqlite::Transaction;

use crate::store::Result;

pub(crate) use crate::domain::duplicate::email_key as key;

/// The live contacts whose primary address is `email` in any case, lowest id first. An address
/// of A–Z and other ASCII is found through the NOCASE index directly; one with other letters is
/// looked up by the part before its first such letter, and the rows found are compared in full.
pub(crate) fn contacts_with(tx: &Transaction<'_>, email: &str) -> Result<Vec<i64>> {
    if email.is_ascii() {
        return Ok(tx
            .prepare_cached(
                "SELECT id FROM contacts INDEXED BY contacts_by_email \
                 WHERE email = ?1 COLLATE NOCASE AND deleted_at IS NULL ORDER BY id",
            )?
            .query_map([email], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?);
    }
    let prefix: String = email
        .chars()
        .take_while(char::is_ascii)
        .collect::<String>()
        .to_ascii_lowercase();
    let wanted = key(email);
    let mut stmt = tx.prepare_cached(
        "SELECT id, email FROM contacts INDEXED BY contacts_by_email \
         WHERE email >= ?1 COLLATE NOCASE AND deleted_at IS NULL ORDER BY email COLLATE NOCASE",
    )?;
    let mut rows = stmt.query([&prefix])?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next()? {
        let found: String = row.get(1)?;
        if !found.to_ascii_lowercase().starts_with(&prefix) {
            break;
        }
        if key(&found) == wanted {
            ids.push(row.get(0)?);
        }
    }
    ids.sort_unstable();
    Ok(ids)
}
