//! The search index of an import, written once at the end instead of row by row.
//!
//! The triggers that keep `contacts_fts` and `companies_fts` in step fire once per row, and FTS5
//! writes its pending terms to disk at the start of every statement that touches it (its savepoint
//! hook): row by row, a large import spent most of its time re-merging the index. So an import
//! drops those triggers inside its own transaction, fills the index with one statement per run of
//! new ids, and puts the triggers back, unchanged, before committing. Nothing outside the
//! transaction ever sees the triggers missing: a failed or cancelled import rolls the drop back
//! with everything else.

use rusqlite::{OptionalExtension, Transaction, params};

use super::super::Result;
use super::runs::IdRuns;

/// The row-by-row index triggers an import stands in for (an updated contact is re-indexed at the
/// end too, since a merge can touch a contact created earlier in the same file).
const TRIGGERS: [&str; 3] = [
    "contacts_fts_insert",
    "contacts_fts_update",
    "companies_fts_insert",
];

/// The text `contacts_fts_insert` indexes for a contact, over `contacts AS new` — kept identical to
/// the trigger (migration 0001); a test compares an imported workspace's index with one written
/// through the triggers.
const CONTACT_ROW: &str = "INSERT INTO contacts_fts (rowid, name, detail) SELECT \
    new.id, \
    new.first_name || ' ' || new.last_name, \
    concat_ws(' ', new.job_title, new.city, new.country, new.owner, \
        (SELECT group_concat(value ->> 'address', ' ') FROM json_each(new.emails)), \
        (SELECT group_concat(value ->> 'number', ' ') FROM json_each(new.phones)), \
        new.notes) \
    FROM contacts AS new";

/// The same for `companies_fts_insert`.
const COMPANY_ROW: &str = "INSERT INTO companies_fts (rowid, name, detail) SELECT \
    new.id, new.name, concat_ws(' ', new.domain, new.industry, new.city, new.country, new.notes) \
    FROM companies AS new";

/// The trigger definitions taken out for the length of an import.
pub(crate) struct Suspended {
    sql: Vec<String>,
}

/// Drops the index triggers (inside `tx`), keeping their exact definitions to put back.
pub(crate) fn suspend(tx: &Transaction<'_>) -> Result<Suspended> {
    let mut sql = Vec::new();
    for name in TRIGGERS {
        let definition: Option<String> = tx
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(definition) = definition {
            tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
            sql.push(definition);
        }
    }
    Ok(Suspended { sql })
}

/// What the import wrote, for the index.
pub(crate) struct Written<'a> {
    pub contacts: &'a IdRuns,
    pub companies: &'a IdRuns,
    /// Contacts that existed before the import and were merged into: their index rows are stale.
    pub updated: &'a [i64],
}

/// Indexes what the import wrote and puts the triggers back.
pub(crate) fn resume(
    tx: &Transaction<'_>,
    suspended: Suspended,
    written: Written<'_>,
) -> Result<()> {
    let by_run = |insert: &str| format!("{insert} WHERE new.id BETWEEN ?1 AND ?2");
    let mut contacts = tx.prepare(&by_run(CONTACT_ROW))?;
    for (first, last) in written.contacts.runs() {
        contacts.execute(params![first, last])?;
    }
    let mut companies = tx.prepare(&by_run(COMPANY_ROW))?;
    for (first, last) in written.companies.runs() {
        companies.execute(params![first, last])?;
    }
    if !written.updated.is_empty() {
        // One statement each, over the ids as a JSON array, whatever their number.
        let ids = serde_json::to_string(written.updated)?;
        tx.execute(
            "DELETE FROM contacts_fts WHERE rowid IN (SELECT value FROM json_each(?1))",
            [&ids],
        )?;
        tx.execute(
            &format!("{CONTACT_ROW} WHERE new.id IN (SELECT value FROM json_each(?1))"),
            [&ids],
        )?;
    }
    for definition in suspended.sql {
        tx.execute_batch(&definition)?;
    }
    Ok(())
}
