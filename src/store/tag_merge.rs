//! Tags that are one tag ([`same_tag`]) but were stored as two rows: the table's NOCASE folds A–Z
//! only, so a workspace written before Kith compared tags whatever their case could hold
//! "ÉTÉ-KUNDE" and "été-kunde" side by side, listed apart by the contact list's tag filter.
//! Migration 0015's hook folds them into one for a workspace already here, and a JSON workspace
//! file loaded is folded the same way, since it may come from such a workspace.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use crate::domain::contact::tag_key;

/// Folds every set of spellings of one tag into the spelling most contacts carry (the oldest tag
/// on a tie), keeping each contact's place for it; returns how many tag rows went.
pub(crate) fn fold_spellings(conn: &Connection) -> rusqlite::Result<usize> {
    let tags: Vec<(i64, String, i64)> = conn
        .prepare(
            "SELECT t.id, t.name, (SELECT count(*) FROM contact_tags ct WHERE ct.tag_id = t.id) \
             FROM tags t ORDER BY t.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_key: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    for (id, name, used) in tags {
        by_key.entry(tag_key(&name)).or_default().push((id, used));
    }
    let mut folded = 0;
    for mut spellings in by_key.into_values().filter(|s| s.len() > 1) {
        // Most used first; ids ascend within a count, as the rows were read.
        spellings.sort_by_key(|&(_, used)| std::cmp::Reverse(used));
        let keeper = spellings[0].0;
        for &(other, _) in &spellings[1..] {
            fold_into(conn, keeper, other)?;
            folded += 1;
        }
    }
    Ok(folded)
}

/// Tag `other` becomes `keeper`: each contact that carried it carries `keeper` in its place
/// (once, if it had both), and `other` goes.
pub(crate) fn fold_into(conn: &Connection, keeper: i64, other: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id, position) \
         SELECT contact_id, ?1, position FROM contact_tags WHERE tag_id = ?2",
        params![keeper, other],
    )?;
    conn.execute("DELETE FROM contact_tags WHERE tag_id = ?1", [other])?;
    conn.execute("DELETE FROM tags WHERE id = ?1", [other])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags_of(conn: &Connection, contact: i64) -> Vec<String> {
        conn.prepare(
            "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id \
             WHERE ct.contact_id = ?1 ORDER BY ct.position",
        )
        .unwrap()
        .query_map([contact], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    #[test]
    fn spellings_of_one_tag_become_the_most_used_one() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE UNIQUE);
             CREATE TABLE contact_tags (contact_id INTEGER NOT NULL, tag_id INTEGER NOT NULL,
                 position INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (contact_id, tag_id));
             INSERT INTO tags VALUES (1, 'été-kunde'), (2, 'ÉTÉ-KUNDE'), (3, 'vip'), (4, 'Été-Kunde');
             INSERT INTO contact_tags VALUES (10, 1, 0), (11, 2, 1), (11, 3, 0), (12, 2, 0),
                 (13, 1, 0), (13, 2, 1), (14, 4, 0), (15, 2, 0);",
        )
        .unwrap();
        assert_eq!(fold_spellings(&conn).unwrap(), 2);
        let names: Vec<String> = conn
            .prepare("SELECT name FROM tags ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(names, ["ÉTÉ-KUNDE", "vip"]);
        for contact in [10, 12, 14, 15] {
            assert_eq!(tags_of(&conn, contact), ["ÉTÉ-KUNDE"], "contact {contact}");
        }
        assert_eq!(tags_of(&conn, 11), ["vip", "ÉTÉ-KUNDE"]);
        // Carried both spellings: keeps one.
        assert_eq!(tags_of(&conn, 13), ["ÉTÉ-KUNDE"]);
        assert_eq!(fold_spellings(&conn).unwrap(), 0, "nothing left to fold");
    }
}
