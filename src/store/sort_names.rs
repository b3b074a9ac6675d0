//! The names' sort keys (`sort_name`, see `domain::sort_key`) computed for rows that were
//! written without them: a workspace from before migration 0010, and a JSON workspace file (whose
//! format leaves the key out, as it leaves out generated columns, since it follows from the name).

use rusqlite::Connection;

use crate::domain::sort_key::{person_sort_key, sort_key};

/// Columns Kith derives from others and keeps out of the JSON workspace format.
pub(crate) const DERIVED: &[(&str, &str)] =
    &[("contacts", "sort_name"), ("companies", "sort_name")];

/// Computes every contact's and company's key from its name.
pub(crate) fn fill(conn: &Connection) -> rusqlite::Result<()> {
    let people: Vec<(i64, String)> = conn
        .prepare("SELECT id, last_name, first_name FROM contacts")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                person_sort_key(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut set = conn.prepare("UPDATE contacts SET sort_name = ?2 WHERE id = ?1")?;
    for (id, key) in people {
        set.execute(rusqlite::params![id, key])?;
    }
    let companies: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM companies")?
        .query_map([], |r| Ok((r.get(0)?, sort_key(&r.get::<_, String>(1)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set = conn.prepare("UPDATE companies SET sort_name = ?2 WHERE id = ?1")?;
    for (id, key) in companies {
        set.execute(rusqlite::params![id, key])?;
    }
    Ok(())
}
