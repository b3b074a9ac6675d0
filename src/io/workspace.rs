//! The JSON workspace format, for moving a whole workspace between machines.
//!
//! ```json
//! {
//!   "format": "kith-workspace",
//!   "version": 1,
//!   "schema_version": 12,
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
//! from a newer schema is refused. A table with no rows may be left out; the meta keys about the
//! file on this machine (`store::backup::MACHINE_LOCAL`) are. Import goes into an empty workspace
//! only, in one transaction. The README documents the format for other tools.

use std::io::Write;

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
    let dumped = store.dump_rows(|table, row| {
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
    });
    // The writer's own error, not the store's word for it (a closed pipe must read as one).
    if let Some(e) = failure {
        return Err(e.into());
    }
    dumped?;
    if current.is_some() {
        out.write_all(b"]")?;
    }
    out.write_all(b"}}\n")?;
    Ok(n)
}

/// Takes each row of a table, by the table's name.
type RowSink<'a> = dyn FnMut(&str, Map<String, Value>) -> Result<()> + 'a;

/// The envelope's fields besides the tables, as far as they have been read.
#[derive(Debug, Default)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
    schema_version: Option<i64>,
    exported_at: Option<String>,
    /// The tables' names in the file's order, empty ones included.
    tables: Vec<String>,
    /// Whether the `tables` key has been met (its tables may still wait for the header).
    met_tables: bool,
}

impl Header {
    /// Whether every field that says how to read the tables has been read.
    fn complete(&self) -> bool {
        self.format.is_some() && self.version.is_some() && self.schema_version.is_some()
    }

    /// The file's schema version, if the header says this Kith reads the file.
    fn check(&self) -> Result<i64> {
        let Some(format) = self.format.as_deref() else {
            return Err(Error::Format(
                "not a Kith workspace file: it names no format".into(),
            ));
        };
        if format != FORMAT {
            return Err(Error::Format(format!(
                "format {format:?}, expected {FORMAT:?}"
            )));
        }
        let version = self.version.unwrap_or_default();
        if version != VERSION {
            return Err(Error::Format(format!(
                "workspace file version {version} (this Kith reads version {VERSION})"
            )));
        }
        self.schema_version
            .ok_or_else(|| Error::Format("not a Kith workspace file: no schema_version".into()))
    }
}

/// Reads a workspace file in one pass: `start` once the header is read and checked (with the
/// file's schema version), then `row` for every row of every table, in the file's order. Rows are
/// parsed one at a time, so memory holds one row, not the file's tree of values — unless the file
/// puts `tables` before the header (JSON objects are unordered; a tool sorting its keys does), in
/// which case the tables wait, parsed, until the header has been read.
fn read<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
    start: &mut dyn FnMut(i64) -> Result<()>,
    row: &mut RowSink<'_>,
) -> Result<Header> {
    let mut failure = None;
    let mut visitor = EnvelopeVisitor {
        header: Header::default(),
        start,
        row,
        failure: &mut failure,
    };
    let read = serde::Deserializer::deserialize_map(&mut de, &mut visitor).and_then(|()| de.end());
    let header = std::mem::take(&mut visitor.header);
    // A refusal from `start` or `row` stopped the parse: it, not the parse error, is the answer.
    if let Some(e) = failure {
        return Err(e);
    }
    read.map_err(|e| match e.io_error_kind() {
        Some(kind) => Error::Format(format!("the file could not be read to its end: {kind}")),
        // A Kith file that stops part-way (a copy cut short) is named as that, at its table.
        None if e.is_eof() && (header.complete() || header.met_tables) => Error::Format(format!(
            "the file ends too early{} (line {}, column {}): it was probably cut short while \
             being copied",
            header
                .tables
                .last()
                .map(|t| format!(", in table {t:?}"))
                .unwrap_or_default(),
            e.line(),
            e.column()
        )),
        None => Error::Format(format!("not a Kith workspace file: {e}")),
    })?;
    Ok(header)
}

struct EnvelopeVisitor<'a> {
    header: Header,
    start: &'a mut dyn FnMut(i64) -> Result<()>,
    row: &'a mut RowSink<'a>,
    failure: &'a mut Option<Error>,
}

impl EnvelopeVisitor<'_> {
    /// Keeps `e` as the answer and stops the parse.
    fn stop<E: serde::de::Error>(&mut self, e: Error) -> E {
        *self.failure = Some(e);
        E::custom("stopped")
    }

    /// Notes the next table's name; a table listed twice (even empty) is refused, since which of
    /// its lists is the real one cannot be known.
    fn listed(&mut self, table: &str) -> Result<()> {
        if self.header.tables.iter().any(|t| t == table) {
            return Err(Error::Format(format!("table {table:?} is listed twice")));
        }
        self.header.tables.push(table.to_string());
        Ok(())
    }

    fn started<E: serde::de::Error>(&mut self) -> std::result::Result<(), E> {
        let started = self.header.check().and_then(|schema| (self.start)(schema));
        started.map_err(|e| self.stop(e))
    }
}

impl<'de> serde::de::Visitor<'de> for &mut EnvelopeVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Kith workspace object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        let mut waiting: Option<Listed> = None;
        let mut seen_tables = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => self.header.format = Some(map.next_value()?),
                "version" => self.header.version = Some(map.next_value()?),
                "schema_version" => self.header.schema_version = Some(map.next_value()?),
                "exported_at" => self.header.exported_at = map.next_value()?,
                "tables" if self.header.complete() => {
                    self.header.met_tables = true;
                    self.started()?;
                    seen_tables = true;
                    map.next_value_seed(Tables(self))?;
                }
                "tables" => {
                    self.header.met_tables = true;
                    waiting = Some(map.next_value()?);
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        if let Some(Listed(tables)) = waiting {
            self.started()?;
            for (table, rows) in tables {
                self.listed(&table).map_err(|e| self.stop(e))?;
                let Value::Array(rows) = rows else {
                    return Err(self.stop(not_rows(&table)));
                };
                for (i, r) in rows.into_iter().enumerate() {
                    let sent = match r {
                        Value::Object(r) => (self.row)(&table, r),
                        _ => Err(not_an_object(&table, i)),
                    };
                    sent.map_err(|e| self.stop(e))?;
                }
            }
        } else if !seen_tables {
            // Some other JSON file: a wrong format says more than the missing tables.
            if let Err(e) = self.header.check() {
                return Err(self.stop(e));
            }
            return Err(serde::de::Error::missing_field("tables"));
        }
        Ok(())
    }
}

/// The `tables` object read whole, in the file's order, with a table listed twice kept twice:
/// a map would keep only the last list and silently drop the first (the store refuses the
/// repeat, as it does when the tables stream).
struct Listed(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Listed {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Listed;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("tables by name")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Listed, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(Listed(entries))
            }
        }
        d.deserialize_map(Entries)
    }
}

fn not_rows(table: &str) -> Error {
    Error::Format(format!("table {table:?} is not a list of rows"))
}

fn not_an_object(table: &str, index: usize) -> Error {
    Error::Format(format!("{table} row {}: not an object", index + 1))
}

/// The `tables` object: each table's rows handed on as they are parsed.
struct Tables<'v, 'a>(&'v mut EnvelopeVisitor<'a>);

impl<'de> serde::de::DeserializeSeed<'de> for Tables<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Tables<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("tables by name")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        while let Some(table) = map.next_key::<String>()? {
            self.0.listed(&table).map_err(|e| self.0.stop(e))?;
            map.next_value_seed(Rows {
                table: &table,
                visitor: &mut *self.0,
            })?;
        }
        Ok(())
    }
}

/// One table's list of rows.
struct Rows<'t, 'v, 'a> {
    table: &'t str,
    visitor: &'v mut EnvelopeVisitor<'a>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Rows<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Rows<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of rows")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<(), A::Error> {
        let mut i = 0;
        while let Some(r) = seq.next_element::<Value>()? {
            let sent = match r {
                Value::Object(r) => (self.visitor.row)(self.table, r),
                _ => Err(not_an_object(self.table, i)),
            };
            sent.map_err(|e| self.visitor.stop(e))?;
            i += 1;
        }
        Ok(())
    }

    // Anything but a list: named as the table it is, not as a JSON type.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> std::result::Result<(), A::Error> {
        Err(self.visitor.stop(not_rows(self.table)))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<(), E> {
        Err(self.visitor.stop(not_rows(self.table)))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<(), E> {
        Err(self.visitor.stop(not_rows(self.table)))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<(), E> {
        Err(self.visitor.stop(not_rows(self.table)))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<(), E> {
        Err(self.visitor.stop(not_rows(self.table)))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<(), E> {
        Err(self.visitor.stop(not_rows(self.table)))
    }

    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        Err(self.visitor.stop(not_rows(self.table)))
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
    let mut tables: Vec<(String, u64)> = Vec::new();
    let de = serde_json::Deserializer::from_slice(without_bom(bytes));
    let header = read(de, &mut |_| Ok(()), &mut |table, _| {
        match tables.last_mut() {
            Some((name, n)) if name == table => *n += 1,
            _ => tables.push((table.to_string(), 1)),
        }
        Ok(())
    })?;
    // Empty tables are listed too, with no rows.
    for name in header.tables {
        if !tables.iter().any(|(t, _)| *t == name) {
            tables.push((name, 0));
        }
    }
    tables.sort();
    Ok(Summary {
        exported_at: header.exported_at,
        tables,
    })
}

/// Loads a whole workspace file into `store`, which must be empty, in one transaction. Returns
/// rows per table.
pub fn import(store: &mut Store, bytes: &[u8]) -> Result<Vec<(String, u64)>> {
    load(
        store,
        serde_json::Deserializer::from_slice(without_bom(bytes)),
    )
}

/// A UTF-8 byte-order mark, which Notepad writes before a file it saved, is no part of the JSON.
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// [`import`] reading the file as it goes: memory holds a row at a time, not the file (a
/// workspace moved between machines can be a gigabyte).
pub fn import_reader(store: &mut Store, file: impl std::io::Read) -> Result<Vec<(String, u64)>> {
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let start = std::io::BufRead::fill_buf(&mut reader)?;
    if start.starts_with(BOM) {
        std::io::BufRead::consume(&mut reader, BOM.len());
    }
    load(store, serde_json::Deserializer::from_reader(reader))
}

fn load<'de, R: serde_json::de::Read<'de>>(
    store: &mut Store,
    de: serde_json::Deserializer<R>,
) -> Result<Vec<(String, u64)>> {
    let ours = store.schema_version()?;
    store.load_rows_from(|sink| {
        read(
            de,
            &mut |theirs| {
                if theirs > ours {
                    return Err(Error::Format(format!(
                        "the file comes from a newer Kith (schema {theirs}, this one has {ours}); \
                         update Kith first"
                    )));
                }
                Ok(())
            },
            &mut |table, row| Ok(sink(table, row)?),
        )
        .map(|_| ())
    })
}
