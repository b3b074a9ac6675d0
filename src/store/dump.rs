//! Every row of every workspace table as plain column → value maps, and back: the base of the JSON
//! workspace format. Generic over the schema (columns come from SQLite itself), so a column added by
//! a later migration is carried without touching this file, and nothing is lost on the way.

use rusqlite::types::{Value, ValueRef};
use serde_json::{Map, Number};

use super::check::TABLES;
use super::{Error, Result, Store};

impl Store {
    /// The stored (not generated) columns of `table`, in schema order.
    fn stored_columns(&self, table: &str) -> Result<Vec<String>> {
        // `hidden` is 2 or 3 for generated columns, which SQLite computes again on insert.
        Ok(self
            .conn
            .prepare(&format!(
                "SELECT name FROM pragma_table_xinfo('{table}') WHERE hidden = 0"
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Calls `row` with every row of every workspace table, table by table in `TABLES` order.
    pub fn dump_rows(
        &self,
        mut row: impl FnMut(&str, Map<String, serde_json::Value>) -> Result<()>,
    ) -> Result<()> {
        for table in TABLES {
            let columns = self.stored_columns(table)?;
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT {} FROM {table}", quoted(&columns)))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let mut map = Map::new();
                for (i, c) in columns.iter().enumerate() {
                    map.insert(c.clone(), to_json(r.get_ref(i)?)?);
                }
                row(table, map)?;
            }
        }
        Ok(())
    }

    /// True when the workspace holds no records (only its own settings), so a whole workspace can
    /// be loaded into it without mixing two workspaces' ids.
    pub fn is_empty_workspace(&self) -> Result<bool> {
        for table in TABLES.iter().filter(|t| **t != "meta") {
            let any: bool = self.conn.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {table})"),
                [],
                |r| r.get(0),
            )?;
            if any {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Inserts rows produced by `dump_rows` (ids kept) in one transaction; references are checked
    /// at commit, so the tables may come in any order. Returns the rows written per table.
    pub fn load_rows(
        &mut self,
        tables: &[(String, Vec<Map<String, serde_json::Value>>)],
    ) -> Result<Vec<(String, u64)>> {
        if !self.is_empty_workspace()? {
            return Err(Error::NotAllowed(
                "a whole workspace can only be imported into an empty one (give a new --db path)"
                    .into(),
            ));
        }
        let mut columns_of = Vec::new();
        for (table, _) in tables {
            if !TABLES.contains(&table.as_str()) {
                return Err(Error::NotAllowed(format!("unknown table {table:?}")));
            }
            columns_of.push(self.stored_columns(table)?);
        }
        // Parents before children, whatever order the file lists them in (serde_json reads them
        // alphabetically: activities first). Loaded children-first, every parent row inserted
        // later made SQLite look for the children its deferred foreign keys were waiting on, by a
        // scan of the child table where only a partial index exists: a 20,000-contact workspace
        // took a minute, a 200,000-contact one did not finish in 18.
        let mut order: Vec<usize> = (0..tables.len()).collect();
        order.sort_by_key(|&i| parents_first(&tables[i].0));
        self.write_unlogged(|w| {
            w.tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            let mut counts = Vec::new();
            for (table, rows, columns) in order
                .iter()
                .map(|&i| (&tables[i].0, &tables[i].1, &columns_of[i]))
            {
                let verb = if table == "meta" {
                    "INSERT OR REPLACE"
                } else {
                    "INSERT"
                };
                let mut n = 0;
                for row in rows {
                    let mut names = Vec::new();
                    let mut values = Vec::new();
                    for (k, v) in row {
                        if !columns.contains(k) {
                            return Err(Error::NotAllowed(format!("{table} has no column {k:?}")));
                        }
                        names.push(k.clone());
                        values.push(from_json(v)?);
                    }
                    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
                    w.tx.prepare_cached(&format!(
                        "{verb} INTO {table} ({}) VALUES ({})",
                        quoted(&names),
                        marks.join(", ")
                    ))?
                    .execute(rusqlite::params_from_iter(values))
                    .map_err(|e| at_row(table, n, row, e))?;
                    n += 1;
                }
                counts.push((table.clone(), n));
            }
            check_loaded(&w.tx, w.now.date_utc())?;
            Ok(counts)
        })
    }
}

/// The workspace tables with every table after the tables it refers to.
const PARENTS_FIRST: &[&str] = &[
    "meta",
    "companies",
    "contacts",
    "tags",
    "contact_tags",
    "distinct_people",
    "pipelines",
    "stages",
    "deals",
    "deal_stage_history",
    "tickets",
    "ticket_messages",
    "activities",
    "tasks",
    "campaigns",
    "campaign_members",
    "products",
    "orders",
    "order_lines",
    "change_sets",
    "redo_discarded",
    "changes",
];

fn parents_first(table: &str) -> usize {
    PARENTS_FIRST
        .iter()
        .position(|t| *t == table)
        .unwrap_or(PARENTS_FIRST.len())
}

/// An insert's refusal, named by table, row (first = 1) and id: "contacts row 2 (id 7): …".
fn at_row(
    table: &str,
    index: u64,
    row: &Map<String, serde_json::Value>,
    e: rusqlite::Error,
) -> Error {
    let id = row
        .get("id")
        .map(|id| format!(" (id {id})"))
        .unwrap_or_default();
    Error::NotAllowed(format!("{table} row {}{id}: {e}", index + 1))
}

/// Before a loaded workspace commits: every reference points at a record that is there, and
/// every contact reads back and passes the checks a contact typed into Kith passes — so a file
/// another tool wrote with a bad value is refused whole, naming the record, instead of loading
/// and then failing every export and data-protection request that reads that record.
fn check_loaded(tx: &rusqlite::Transaction<'_>, today: chrono::NaiveDate) -> Result<()> {
    let dangling = super::check::dangling_references(tx, 5)?;
    if !dangling.is_empty() {
        return Err(Error::NotAllowed(dangling.join("; ")));
    }
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        let bad = |why: String| Error::NotAllowed(format!("contacts id {id}: {why}"));
        let fields = super::contacts::read_contact_fields(tx, crate::domain::ContactId(id))
            .map_err(|e| bad(unreadable(e)))?;
        fields.validate(today).map_err(|e| bad(e.to_string()))?;
    }
    Ok(())
}

/// A contact column that does not read back, by the column's name ("lifecycle: unexpected value
/// \"bogus\""), rather than by its position in a query.
fn unreadable(e: Error) -> String {
    match e {
        Error::Sqlite(rusqlite::Error::FromSqlConversionFailure(i, _, why)) => {
            let column = super::contacts::CONTACT_COLUMNS
                .split(',')
                .map(str::trim)
                .nth(i)
                .unwrap_or("a field");
            format!("{column}: {why}")
        }
        other => other.to_string(),
    }
}

fn quoted(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn to_json(v: ValueRef<'_>) -> Result<serde_json::Value> {
    Ok(match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => serde_json::Value::from(i),
        ValueRef::Real(f) => {
            Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
        ValueRef::Text(t) => serde_json::Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(_) => {
            return Err(Error::Corrupt("a binary value in a text workspace".into()));
        }
    })
}

fn from_json(v: &serde_json::Value) -> Result<Value> {
    Ok(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => return Err(Error::NotAllowed(format!("a cell cannot hold {other}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table is loaded after the tables its foreign keys point at, and none is left out.
    #[test]
    fn the_load_order_puts_every_parent_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("w.db")).unwrap();
        let mut listed: Vec<&str> = PARENTS_FIRST.to_vec();
        let mut all: Vec<&str> = TABLES.to_vec();
        listed.sort_unstable();
        all.sort_unstable();
        assert_eq!(listed, all);
        for (i, table) in PARENTS_FIRST.iter().enumerate() {
            let parents: Vec<String> = store
                .conn
                .prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")
                .unwrap()
                .query_map([table], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for parent in parents {
                assert!(
                    parents_first(&parent) < i,
                    "{table} is loaded before its parent {parent}"
                );
            }
        }
    }
}
