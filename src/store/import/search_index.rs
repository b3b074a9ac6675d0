//! The search index of an import, written in large batches instead of row by row.
//!
//! The triggers that keep `contacts_fts` and `companies_fts` in step fire once per row, and FTS5
//! writes its pending terms to disk at the start of every statement that touches it (its savepoint
//! hook): row by row, a large import spent most of its time re-merging the index. So an import
//! drops those triggers inside its own transaction, indexes the new contacts in batches of
//! [`BATCH`] rows (their text computed here, as the trigger does, while the fields are at hand),
//! the new companies with one statement per run of ids, and re-indexes merged contacts; then it
//! puts the triggers back, unchanged, before committing. Nothing outside the transaction ever sees
//! the triggers missing: a failed or cancelled import rolls the drop back with everything else.

use rusqlite::{OptionalExtension, Transaction, params};

use super::super::Result;
use super::runs::IdRuns;
use crate::domain::ContactFields;

/// The row-by-row index triggers an import stands in for (a merged contact is re-indexed at the
/// end, since a merge can touch a contact created earlier in the same file).
const TRIGGERS: [&str; 3] = [
    "contacts_fts_insert",
    "contacts_fts_update",
    "companies_fts_insert",
];

/// Contacts indexed per statement. FTS5 writes what it holds as a new segment at the end of every
/// statement, and merges segments as they pile up: large batches mean few segments and little
/// merging, while the pending text stays some ten megabytes.
const BATCH: usize = 100_000;

/// The memory FTS5 may hold terms in before writing a segment (its `hashsize`, 1 MiB by default),
/// raised for the import so one segment is written per batch rather than one per megabyte.
const IMPORT_HASH_BYTES: i64 = 128 << 20;
const DEFAULT_HASH_BYTES: i64 = 1 << 20;

/// `contacts_fts_insert` over `contacts AS new`, for contacts merged into — kept identical to the
/// trigger (migration 0013); a test compares an imported workspace's index with the triggers'.
const CONTACT_ROW: &str = concat!(
    "INSERT INTO contacts_fts (rowid, name, detail) SELECT \
    new.id, \
    new.first_name || ' ' || new.last_name || CASE WHEN ",
    crate::written_together_sql!("new"),
    " THEN ' ' || new.last_name || new.first_name ELSE '' END, \
    concat_ws(' ', new.job_title, new.city, new.country, new.owner, \
        (SELECT group_concat(value ->> 'address', ' ') FROM json_each(new.emails)), \
        (SELECT group_concat(value ->> 'number', ' ') FROM json_each(new.phones)), \
        new.notes) \
    FROM contacts AS new"
);

/// The same for `companies_fts_insert`, over the new companies.
const COMPANY_ROW: &str = "INSERT INTO companies_fts (rowid, name, detail) SELECT \
    new.id, new.name, concat_ws(' ', new.domain, new.industry, new.city, new.country, new.notes) \
    FROM companies AS new";

/// The trigger definitions taken out for the length of an import, and the new contacts' index
/// rows not yet written.
pub(crate) struct Suspended {
    sql: Vec<String>,
    /// `hashsize` of `contacts_fts` before the import, to give back.
    hash_bytes: i64,
    /// `[[id, name, detail], ...]` as JSON text, the form one statement reads many rows from.
    pending: String,
    pending_rows: usize,
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
    // The setting lives in the index's own config table; an unset one means the default.
    let hash_bytes: i64 = tx
        .query_row(
            "SELECT v FROM contacts_fts_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(DEFAULT_HASH_BYTES);
    set_hash_bytes(tx, IMPORT_HASH_BYTES)?;
    Ok(Suspended {
        sql,
        hash_bytes,
        pending: String::new(),
        pending_rows: 0,
    })
}

/// A contact's index row without its id, as JSON: `"name","detail"`. Made while the record is
/// checked (on the thread reading the file), so the writing thread only copies it.
pub struct ContactText(String);

impl ContactText {
    pub fn of(fields: &ContactFields) -> ContactText {
        let (name, detail) = contact_text(fields);
        let mut json =
            serde_json::to_string(&(name, detail)).unwrap_or_else(|_| "[\"\",\"\"]".into());
        // `["name","detail"]` → `"name","detail"`.
        json.pop();
        json.remove(0);
        ContactText(json)
    }
}

impl Suspended {
    /// Queues the index row of a contact just inserted.
    pub fn add_contact(&mut self, tx: &Transaction<'_>, id: i64, text: &ContactText) -> Result<()> {
        use std::fmt::Write;
        self.pending
            .push_str(if self.pending.is_empty() { "[[" } else { ",[" });
        let _ = write!(self.pending, "{id},{}]", text.0);
        self.pending_rows += 1;
        if self.pending_rows >= BATCH {
            self.flush(tx)?;
        }
        Ok(())
    }

    fn flush(&mut self, tx: &Transaction<'_>) -> Result<()> {
        if self.pending_rows == 0 {
            return Ok(());
        }
        self.pending.push(']');
        tx.prepare_cached(
            "INSERT INTO contacts_fts (rowid, name, detail) \
             SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?1)",
        )?
        .execute([&self.pending])?;
        self.pending.clear();
        self.pending_rows = 0;
        Ok(())
    }
}

/// What `contacts_fts_insert` indexes for a contact: the name (and the name written together, as
/// Chinese, Japanese and Korean names are: "伟 李 李伟"), and the job title, city, country,
/// owner, e-mail addresses, phone numbers and notes joined by spaces (`concat_ws` leaves out only
/// the lists that are empty, which are NULL in SQL). A test compares the result with the trigger's.
fn contact_text(f: &ContactFields) -> (String, String) {
    let mut name = format!("{} {}", f.first_name, f.last_name);
    if crate::domain::person_name::written_together(&f.first_name, &f.last_name) {
        name = format!("{name} {}{}", f.last_name, f.first_name);
    }
    let emails = (!f.emails.is_empty()).then(|| {
        let all: Vec<&str> = f.emails.iter().map(|e| e.address.as_str()).collect();
        all.join(" ")
    });
    let phones = (!f.phones.is_empty()).then(|| {
        let all: Vec<&str> = f.phones.iter().map(|p| p.number.as_str()).collect();
        all.join(" ")
    });
    let parts = [
        Some(f.job_title.as_str()),
        Some(f.address.city.as_str()),
        Some(f.address.country.as_str()),
        Some(f.owner.as_str()),
        emails.as_deref(),
        phones.as_deref(),
        Some(f.notes.as_str()),
    ];
    let detail: Vec<&str> = parts.into_iter().flatten().collect();
    (name, detail.join(" "))
}

/// Indexes the rest of what the import wrote and puts the triggers back. `updated` are the
/// contacts merged into (before or during the import): their index rows are stale.
pub(crate) fn resume(
    tx: &Transaction<'_>,
    mut suspended: Suspended,
    companies_created: &IdRuns,
    updated: &[i64],
) -> Result<()> {
    suspended.flush(tx)?;
    let mut companies = tx.prepare(&format!("{COMPANY_ROW} WHERE new.id BETWEEN ?1 AND ?2"))?;
    for (first, last) in companies_created.runs() {
        companies.execute(params![first, last])?;
    }
    if !updated.is_empty() {
        // One statement each, over the ids as a JSON array, whatever their number.
        let ids = serde_json::to_string(updated)?;
        tx.execute(
            "DELETE FROM contacts_fts WHERE rowid IN (SELECT value FROM json_each(?1))",
            [&ids],
        )?;
        tx.execute(
            &format!("{CONTACT_ROW} WHERE new.id IN (SELECT value FROM json_each(?1))"),
            [&ids],
        )?;
    }
    set_hash_bytes(tx, suspended.hash_bytes)?;
    for definition in suspended.sql {
        tx.execute_batch(&definition)?;
    }
    Ok(())
}

fn set_hash_bytes(tx: &Transaction<'_>, bytes: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )?;
    Ok(())
}
