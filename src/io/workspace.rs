//! The JSON workspace format, for moving a whole workspace between machines.
//!
//! ```json
//! {
//!   "format": "kith-workspace",
//!   "version": 1,
//!   "schema_version": 4,
//!   "exported_at": "2026-03-01T12:00:00Z",
//!   "tables": {
//!     "companies": [ { "id": 1, "name": "Acme", "created_at": 1767225600, ... }, ... ],
//!     "contacts":  [ ... ],
//!     ...
//!   }
//! }
//! ```
//!
//! `tables` holds every row of every workspace table (those in `store::TABLES`, the change log
//! included, so undo history and the audit trail move too) with its stored columns as they are in
//! SQLite: ids kept, instants as Unix seconds (UTC), dates as `YYYY-MM-DD`, money as integer minor
//! units beside a currency code, lists and custom fields as the JSON text the column holds.
//! Generated columns and search indexes are left out and rebuilt on import. `version` changes only
//! when this envelope changes; `schema_version` says which migrations the rows follow, and a file
//! from a newer schema is refused. Import goes into an empty workspace only, in one transaction.

use std::io::Write;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Error, Result};
use crate::store::Store;

pub const FORMAT: &str = "kith-workspace";
pub const VERSION: u32 = 1;

/// Writes everything held about one person (`Store::person_data`), as pretty JSON: the answer to
/// a data-protection access request. Shared by `kith person export` and the window.
pub fn export_person(
    store: &Store,
    id: crate::domain::ContactId,
    out: &mut dyn Write,
) -> Result<u64> {
    let data = store.person_data(id)?;
    serde_json::to_writer_pretty(&mut *out, &data)?;
    out.write_all(b"\n")?;
    Ok(1)
}

/// Writes the whole workspace; returns the number of rows.
pub fn export(store: &Store, out: &mut dyn Write) -> Result<u64> {
    write!(
        out,
        "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"schema_version\":{},\"exported_at\":{},\"tables\":{{",
        store.schema_version()?,
        serde_json::to_string(&crate::domain::Timestamp::now().to_rfc3339())?
    )?;
    let mut current: Option<String> = None;
    let mut n = 0u64;
    let mut failure: Option<std::io::Error> = None;
    // Rows are streamed as they are read, so a large workspace never sits in memory twice.
    store.dump_rows(|table, row| {
        let r = (|| -> std::io::Result<()> {
            if current.as_deref() != Some(table) {
                if current.is_some() {
                    out.write_all(b"],")?;
                }
                write!(out, "{}:[", serde_json::to_string(table)?)?;
                current = Some(table.to_string());
            } else {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, &row)?;
            Ok(())
        })();
        n += 1;
        r.map_err(|e| {
            let message = e.to_string();
            failure = Some(e);
            crate::store::Error::NotAllowed(message)
        })
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    if current.is_some() {
        out.write_all(b"]")?;
    }
    out.write_all(b"}}\n")?;
    Ok(n)
}

#[derive(Deserialize)]
struct Envelope {
    format: String,
    version: u32,
    schema_version: i64,
    #[serde(default)]
    exported_at: Option<String>,
    tables: Map<String, Value>,
}

impl Envelope {
    /// The file's envelope, if it is a workspace file this Kith reads.
    fn parse(bytes: &[u8]) -> Result<Envelope> {
        let env: Envelope = serde_json::from_slice(bytes)
            .map_err(|e| Error::Format(format!("not a Kith workspace file: {e}")))?;
        if env.format != FORMAT {
            return Err(Error::Format(format!(
                "format {:?}, expected {FORMAT:?}",
                env.format
            )));
        }
        if env.version != VERSION {
            return Err(Error::Format(format!(
                "workspace file version {} (this Kith reads version {VERSION})",
                env.version
            )));
        }
        Ok(env)
    }
}

/// What a workspace file holds, for a look before importing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// When it was exported (RFC 3339, UTC), if the file says.
    pub exported_at: Option<String>,
    /// Rows per table, by table name.
    pub tables: Vec<(String, u64)>,
}

/// Reads a workspace file's envelope and counts its rows, without a store.
pub fn summary(bytes: &[u8]) -> Result<Summary> {
    let env = Envelope::parse(bytes)?;
    Ok(Summary {
        exported_at: env.exported_at,
        tables: env
            .tables
            .iter()
            .map(|(name, rows)| (name.clone(), rows.as_array().map_or(0, |r| r.len() as u64)))
            .collect(),
    })
}

/// Loads a whole workspace file into `store`, which must be empty. Returns rows per table.
pub fn import(store: &mut Store, bytes: &[u8]) -> Result<Vec<(String, u64)>> {
    let env = Envelope::parse(bytes)?;
    if env.schema_version > store.schema_version()? {
        return Err(Error::Format(format!(
            "the file comes from a newer Kith (schema {}, this one has {}); update Kith first",
            env.schema_version,
            store.schema_version()?
        )));
    }
    let mut tables = Vec::new();
    for (name, rows) in env.tables {
        let Value::Array(rows) = rows else {
            return Err(Error::Format(format!(
                "table {name:?} is not a list of rows"
            )));
        };
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| match r {
                Value::Object(m) => Ok(m),
                _ => Err(Error::Format(format!(
                    "{name} row {}: not an object",
                    i + 1
                ))),
            })
            .collect::<Result<Vec<_>>>()?;
        tables.push((name, rows));
    }
    Ok(store.load_rows(&tables)?)
}
