//! Every row of every workspace table as plain column → value maps, and back: the base of the JSON
//! workspace format. Generic over the schema (columns come from SQLite itself), so a column added by
//! a later migration is carried without touching this file, and nothing is lost on the way.

mod choices;

use rusqlite::OptionalExtension;
use rusqlite::types::{Value, ValueRef};
use serde_json::{Map, Number};

use super::check::TABLES;
use super::sort_names::DERIVED;
use super::{Error, Result, Store};

impl Store {
    /// The stored (not generated) columns of `table`, in schema order, less those derived from
    /// others (the names' sort keys), which are computed again on load.
    fn stored_columns(&self, table: &str) -> Result<Vec<String>> {
        // `hidden` is 2 or 3 for generated columns, which SQLite computes again on insert.
        Ok(self
            .conn
            .prepare(&format!(
                "SELECT name FROM pragma_table_xinfo('{table}') WHERE hidden = 0"
            ))?
            .query_map([], |r| r.get::<_, String>(0))?
            .filter(|name| {
                name.as_ref()
                    .map_or(true, |name| !DERIVED.contains(&(table, name.as_str())))
            })
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
                if !machine_local(table, &map) {
                    row(table, map)?;
                }
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

    /// Inserts rows produced by `dump_rows` (ids kept) in one transaction, as `feed` hands them
    /// over, table by table in any order: a file is read and loaded in one pass, never held whole
    /// as parsed values (a 500 MB workspace file had taken 4 GB that way). Foreign keys are not
    /// enforced row by row but checked once before commit, which is what lets children come
    /// before their parents (with deferred checks, every parent row inserted after its children
    /// made SQLite scan the child table: a 200,000-contact workspace did not load in 18 minutes).
    /// If `feed` fails, nothing is kept and its error is returned. Returns rows per table, in the
    /// order the tables came.
    pub fn load_rows_from<E: From<Error>>(
        &mut self,
        feed: impl FnOnce(
            &mut dyn FnMut(&str, Map<String, serde_json::Value>) -> Result<()>,
        ) -> std::result::Result<(), E>,
    ) -> std::result::Result<Vec<(String, u64)>, E> {
        if !self.is_empty_workspace()? {
            return Err(Error::NotAllowed(
                "a whole workspace can only be imported into an empty one (give a new --db path)"
                    .into(),
            )
            .into());
        }
        let mut columns_of = std::collections::HashMap::new();
        for table in TABLES {
            columns_of.insert(*table, self.stored_columns(table)?);
        }
        // Written once (no WAL copy to checkpoint) and with the large import's cache: the file
        // is new, and a workspace holds millions of rows.
        let written_once = super::import::bulk::write_once(&self.conn)?;
        let cache: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .map_err(Error::from)?;
        // Outside a transaction only: SQLite ignores these inside one.
        self.conn
            .execute_batch(&format!(
                "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -{};",
                super::import::IMPORT_CACHE_KIB
            ))
            .map_err(Error::from)?;
        let mut failed: Option<E> = None;
        let loaded = self.write_unlogged(|w| {
            let mut counts: Vec<(String, u64)> = Vec::new();
            // Tags another row of the file already holds in other letter case ("VIP" after
            // "vip", which NOCASE calls one name): their contacts go to the one held. Such a
            // file had been refused whole ("UNIQUE constraint failed: tags.name").
            let mut same_tag: std::collections::HashMap<i64, i64> = Default::default();
            let mut sink = |table: &str, row: Map<String, serde_json::Value>| -> Result<()> {
                let Some(columns) = columns_of.get(table) else {
                    return Err(Error::NotAllowed(format!("unknown table {table:?}")));
                };
                let n = match counts.last_mut() {
                    Some((name, n)) if name == table => n,
                    _ => {
                        if counts.iter().any(|(name, _)| name == table) {
                            return Err(Error::NotAllowed(format!(
                                "table {table:?} is listed twice"
                            )));
                        }
                        counts.push((table.to_string(), 0));
                        &mut counts.last_mut().expect("just pushed").1
                    }
                };
                // Files written before such keys were left out carry them: they stay behind.
                if machine_local(table, &row) {
                    return Ok(());
                }
                if fold_tag_row(&w.tx, table, &row, &mut same_tag)? {
                    return Ok(());
                }
                insert_row(&w.tx, table, columns, &row).map_err(|e| at_row(table, *n, &row, e))?;
                *n += 1;
                Ok(())
            };
            if let Err(e) = feed(&mut sink) {
                failed = Some(e);
                return Err(Error::NotAllowed(
                    "the file could not be read to its end".into(),
                ));
            }
            point_at_held_tags(&w.tx, &same_tag)?;
            check_loaded(&w.tx, w.now.date_utc())?;
            super::sort_names::fill(&w.tx)?;
            super::tag_merge::fold_spellings(&w.tx)?;
            // Spellings of one tag were folded into it: the summary counts what is held now.
            for (table, n) in &mut counts {
                let sql = match table.as_str() {
                    "tags" => "SELECT count(*) FROM tags",
                    "contact_tags" => "SELECT count(*) FROM contact_tags",
                    _ => continue,
                };
                *n =
                    w.tx.query_row(sql, [], |r| r.get::<_, i64>(0))?
                        .unsigned_abs();
            }
            super::planned::settle(&w.tx)?;
            Ok(counts)
        });
        let restored = self.conn.execute_batch(&format!(
            "PRAGMA foreign_keys = ON; PRAGMA cache_size = {cache};"
        ));
        let wal = if written_once {
            super::import::bulk::back_to_wal(&self.conn)
        } else {
            Ok(())
        };
        if let Some(e) = failed {
            return Err(e);
        }
        let loaded = loaded?;
        restored.map_err(Error::from)?;
        wal?;
        Ok(loaded)
    }

    /// `load_rows_from` for rows already in memory.
    pub fn load_rows(
        &mut self,
        tables: &[(String, Vec<Map<String, serde_json::Value>>)],
    ) -> Result<Vec<(String, u64)>> {
        self.load_rows_from(|sink| {
            for (table, rows) in tables {
                for row in rows {
                    sink(table, row.clone())?;
                }
            }
            Ok::<(), Error>(())
        })
    }
}

/// The columns that hold JSON text (lists of addresses, custom fields, a segment's rules).
const JSON_COLUMNS: &[(&str, &str)] = &[
    ("contacts", "emails"),
    ("contacts", "phones"),
    ("contacts", "custom"),
    ("campaigns", "segment"),
];

/// A meta row about this file on this machine (`backup::MACHINE_LOCAL`), not the workspace's.
fn machine_local(table: &str, row: &Map<String, serde_json::Value>) -> bool {
    table == "meta"
        && row
            .get("key")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|key| super::backup::MACHINE_LOCAL.contains(&key))
}

/// One dumped row into `table`, whose stored columns are `columns`.
/// For a `tags` row whose name a tag already holds in other letter case: remembers its id as
/// that tag's and returns true (the row is not inserted; [`point_at_held_tags`] moves its
/// contacts once every row is in, wherever the file lists them).
fn fold_tag_row(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    row: &Map<String, serde_json::Value>,
    same_tag: &mut std::collections::HashMap<i64, i64>,
) -> Result<bool> {
    let id = row.get("id").and_then(serde_json::Value::as_i64);
    let name = row.get("name").and_then(|v| v.as_str());
    let (true, Some(id), Some(name)) = (table == "tags", id, name) else {
        return Ok(false);
    };
    let held: Option<i64> = tx
        .query_row("SELECT id FROM tags WHERE name = ?1", [name], |r| r.get(0))
        .optional()?;
    Ok(held.is_some_and(|held| {
        same_tag.insert(id, held);
        true
    }))
}

/// The contacts of tags [`fold_tag_row`] left out carry the tag held instead (once each).
fn point_at_held_tags(
    tx: &rusqlite::Transaction<'_>,
    same_tag: &std::collections::HashMap<i64, i64>,
) -> Result<()> {
    for (&id, &held) in same_tag {
        tx.execute(
            "DELETE FROM contact_tags WHERE tag_id = ?1 AND contact_id IN \
               (SELECT contact_id FROM contact_tags WHERE tag_id = ?2)",
            [id, held],
        )?;
        tx.execute(
            "UPDATE contact_tags SET tag_id = ?2 WHERE tag_id = ?1",
            [id, held],
        )?;
    }
    Ok(())
}

fn insert_row(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    columns: &[String],
    row: &Map<String, serde_json::Value>,
) -> std::result::Result<(), InsertError> {
    let verb = if table == "meta" {
        "INSERT OR REPLACE"
    } else {
        "INSERT"
    };
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (k, v) in row {
        if !columns.contains(k) {
            return Err(InsertError::Column(k.clone()));
        }
        names.push(k.clone());
        let value = from_json(v).map_err(|e| InsertError::Value(k.clone(), e))?;
        // A list or object kept as JSON text: SQLite's own refusal ("malformed JSON", from the
        // search trigger that reads it) named no column.
        if let (Value::Text(text), true) = (&value, JSON_COLUMNS.contains(&(table, k.as_str())))
            && serde_json::from_str::<serde_json::Value>(text).is_err()
        {
            return Err(InsertError::Value(
                k.clone(),
                Error::NotAllowed("the text is not the JSON this column holds".into()),
            ));
        }
        values.push(value);
    }
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    tx.prepare_cached(&format!(
        "{verb} INTO {table} ({}) VALUES ({})",
        quoted(&names),
        marks.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// Why a row did not go in.
enum InsertError {
    Column(String),
    /// A column's value no cell can hold (a list, an object).
    Value(String, Error),
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for InsertError {
    fn from(e: rusqlite::Error) -> Self {
        InsertError::Sqlite(e)
    }
}

/// An insert's refusal, named by table, row (first = 1) and id: "contacts row 2 (id 7): …".
fn at_row(table: &str, index: u64, row: &Map<String, serde_json::Value>, e: InsertError) -> Error {
    let id = row
        .get("id")
        .map(|id| format!(" (id {id})"))
        .unwrap_or_default();
    match e {
        InsertError::Column(k) => Error::NotAllowed(format!("{table} has no column {k:?}")),
        InsertError::Value(column, e) => {
            Error::NotAllowed(format!("{table} row {}{id}: {column}: {e}", index + 1))
        }
        InsertError::Sqlite(e) => Error::NotAllowed(format!("{table} row {}{id}: {e}", index + 1)),
    }
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
    check_times_and_dates(tx)?;
    choices::check(tx)?;
    super::dashboard::check_home_currency(tx)?;
    super::team::check_stored(tx)?;
    // Deleted contacts are read too (a data-protection request reads them), and live ones also
    // pass the checks a form applies.
    let ids: Vec<(i64, bool)> = tx
        .prepare("SELECT id, deleted_at IS NULL FROM contacts ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, live) in ids {
        let bad = |why: String| Error::NotAllowed(format!("contacts id {id}: {why}"));
        let fields = super::contacts::read_contact_fields(tx, crate::domain::ContactId(id))
            .map_err(|e| bad(unreadable(e)))?;
        if live {
            fields
                .validate(today)
                .or_else(kept_from_before)
                .map_err(|e| bad(e.to_string()))?;
        }
    }
    Ok(())
}

/// A contact's problems that only a rule newer than the file finds pass: an owner past 200
/// characters was saved before that limit, and a workspace holding one could not move to another
/// machine. The window asks for a shorter one when the contact is next edited.
fn kept_from_before(
    invalid: crate::domain::Invalid,
) -> std::result::Result<(), crate::domain::Invalid> {
    let grandfathered = |e: &crate::domain::FieldError| {
        e.field == "owner" && matches!(e.problem, crate::domain::Problem::TooLong { .. })
    };
    let errors: Vec<_> = invalid
        .errors
        .into_iter()
        .filter(|e| !grandfathered(e))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(crate::domain::Invalid { errors })
    }
}

/// Calendar days stored as text, which every screen and export reads as YYYY-MM-DD.
const DATE_COLUMNS: [(&str, &str); 3] = [
    ("deals", "expected_close"),
    ("campaigns", "starts_on"),
    ("campaigns", "ends_on"),
];

/// The times Kith can show: years 1 to 9999, in seconds since 1970 (chrono's own limits are far
/// wider, but a date with six digits in its year is no one's data).
const TIMES: std::ops::RangeInclusive<i64> = -62_135_596_800..=253_402_300_799;

/// Every time (an integer `…_at` column) is one Kith can show, and every stored day is a real
/// one: a file with "2026-02-30" as a deal's close date would load, then show nothing, and a
/// time in the year 3 million would be exported as 1970.
fn check_times_and_dates(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    for table in TABLES {
        let columns: Vec<String> = tx
            .prepare(&format!(
                "SELECT name FROM pragma_table_xinfo('{table}') \
                 WHERE hidden = 0 AND type = 'INTEGER' AND (name = 'at' OR name LIKE '%\\_at' ESCAPE '\\')"
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let which = choices::which(table);
        for column in columns {
            let bad: Option<(String, i64)> = tx
                .query_row(
                    &format!(
                        "SELECT {which}, \"{column}\" FROM {table} WHERE \"{column}\" NOT BETWEEN ?1 AND ?2 LIMIT 1"
                    ),
                    [TIMES.start(), TIMES.end()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((row, value)) = bad {
                return Err(Error::NotAllowed(format!(
                    "{table} {row}: {column} {value} is not a time between the years 1 and 9999"
                )));
            }
        }
    }
    for (table, column) in DATE_COLUMNS {
        let mut stmt = tx.prepare(&format!(
            "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let day: String = r.get(1)?;
            if chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").is_err() {
                let id: i64 = r.get(0)?;
                return Err(Error::NotAllowed(format!(
                    "{table} id {id}: {column} {day:?} is not a day written YYYY-MM-DD"
                )));
            }
        }
    }
    Ok(())
}

/// A contact column that does not read back, by the column's name ("lifecycle: unexpected value
/// \"bogus\""), rather than by its position in a query.
fn unreadable(e: Error) -> String {
    let column = |i: usize| {
        super::contacts::CONTACT_COLUMNS
            .split(',')
            .map(str::trim)
            .nth(i)
            .unwrap_or("a field")
    };
    match e {
        Error::Sqlite(rusqlite::Error::FromSqlConversionFailure(i, _, why)) => {
            format!("{}: {why}", column(i))
        }
        Error::Sqlite(rusqlite::Error::IntegralValueOutOfRange(i, value)) => {
            format!("{}: {value} is out of range", column(i))
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
        // A NUL went on into CSV and vCard exports as it was; no text typed into Kith holds one.
        serde_json::Value::String(s) if s.contains('\0') => {
            return Err(Error::NotAllowed(
                "the text holds a NUL character (\\u0000), which no field holds".into(),
            ));
        }
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => return Err(Error::NotAllowed(format!("a cell cannot hold {other}"))),
    })
}
