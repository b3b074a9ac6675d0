//! The health report behind `kith check`: SQLite's integrity and foreign-key checks, the schema
//! version, and how many rows each table holds.

use serde::Serialize;

use super::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    pub table: String,
    pub rows: i64,
    /// Of `rows`, those deleted (kept so Undo can bring them back), where the table has any.
    pub deleted: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// `["ok"]` when healthy, otherwise SQLite's list of problems.
    pub integrity: Vec<String>,
    /// Rows whose reference points at a missing row, as `table(rowid) -> parent`.
    pub foreign_key_violations: Vec<String>,
    pub schema_version: i64,
    pub tables: Vec<TableCount>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == ["ok"] && self.foreign_key_violations.is_empty()
    }
}

/// The workspace's own tables, in the order a person reads them.
pub const TABLES: &[&str] = &[
    "meta",
    "companies",
    "contacts",
    "tags",
    "contact_tags",
    "distinct_people",
    "activities",
    "tasks",
    "pipelines",
    "stages",
    "deals",
    "deal_stage_history",
    "tickets",
    "ticket_messages",
    "campaigns",
    "campaign_members",
    "products",
    "orders",
    "order_lines",
    "change_sets",
    "redo_discarded",
    "changes",
];

impl Store {
    pub fn check(&self) -> Result<CheckReport> {
        let integrity = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let foreign_key_violations = dangling_references(&self.conn, u32::MAX)?;
        // A file from an older Kith, opened only to be read, lacks the newer tables.
        let present = |table: &&&str| {
            self.conn
                .query_row(
                    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                    [**table],
                    |_| Ok(()),
                )
                .is_ok()
        };
        let tables = TABLES
            .iter()
            .filter(present)
            .map(|table| {
                // Table names come from the constant list above, never from input.
                let rows =
                    self.conn
                        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
                let soft: bool = self.conn.query_row(
                    "SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE name = 'deleted_at'",
                    [*table],
                    |r| r.get(0),
                )?;
                let deleted = if soft {
                    Some(self.conn.query_row(
                        &format!("SELECT count(*) FROM {table} WHERE deleted_at IS NOT NULL"),
                        [],
                        |r| r.get(0),
                    )?)
                } else {
                    None
                };
                Ok(TableCount {
                    table: (*table).to_string(),
                    rows,
                    deleted,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(CheckReport {
            integrity,
            foreign_key_violations,
            schema_version: self.schema_version()?,
            tables,
        })
    }
}

/// Records whose reference points at nothing (at most `limit` of them), each in a sentence:
/// "deals id 1 points at a missing contacts record".
pub(super) fn dangling_references(conn: &rusqlite::Connection, limit: u32) -> Result<Vec<String>> {
    Ok(conn
        .prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check LIMIT ?1")?
        .query_map([limit], |r| {
            Ok(format!(
                "{} id {} points at a missing {} record",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, String>(2)?
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}
