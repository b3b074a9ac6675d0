//! Activities dated ahead of the clock — a meeting booked for next week — and a contact's last
//! activity. The triggers (migration 0012) count an activity only once its time has come; this
//! counts the ones whose time came since, without a timer: the contact list and the campaign
//! segments, which read the last activity, first bring it up to date. Finding none costs one
//! look into a partial index that holds planned activities alone.

use std::cell::Cell;

use rusqlite::{Connection, params};

use super::{Result, Store};

/// Planned activities (dated after they were written down) whose time lies in `(?1, ?2]`, with
/// a contact whose last activity is older: the rows the triggers set aside and must now count.
const CAME_DUE: &str = "FROM activities a JOIN contacts c ON c.id = a.contact_id \
     WHERE a.occurred_at > a.created_at AND a.deleted_at IS NULL AND a.contact_id IS NOT NULL \
       AND a.occurred_at > ?1 AND a.occurred_at <= ?2 \
       AND (c.last_activity_at IS NULL OR c.last_activity_at < a.occurred_at)";

/// How far this connection has looked: nothing planned for up to this instant is left uncounted.
#[derive(Debug)]
pub(crate) struct Seen(Cell<i64>);

impl Default for Seen {
    /// Not looked yet: the first look goes through every planned activity that has passed.
    fn default() -> Self {
        Seen(Cell::new(i64::MIN))
    }
}

impl Store {
    /// Counts, as their contacts' last activity, the planned activities whose time has come since
    /// this connection last looked. A read-only workspace is left as it is (what it shows may
    /// lag until it is opened to write).
    pub(crate) fn catch_up_planned(&self) -> Result<()> {
        if self.read_only().is_some() {
            return Ok(());
        }
        let since = self.planned_seen.0.get();
        let now = self.now().0;
        if now <= since {
            return Ok(());
        }
        // Looked at first, so that nothing due takes no write lock (another process may hold it
        // for a long import).
        let due: bool = self
            .conn
            .prepare_cached(&format!("SELECT EXISTS (SELECT 1 {CAME_DUE})"))?
            .query_row(params![since, now], |r| r.get(0))?;
        if due {
            match count_came_due(&self.conn, since, now) {
                // Another program kept the file for writing past the busy timeout: the list is
                // read as it is, and the next look counts these.
                Err(super::Error::Busy) => return Ok(()),
                other => other?,
            }
        }
        self.planned_seen.0.set(now);
        Ok(())
    }
}

fn count_came_due(conn: &Connection, since: i64, now: i64) -> Result<()> {
    conn.prepare_cached(&format!(
        "UPDATE contacts SET last_activity_at = due.at \
         FROM (SELECT a.contact_id AS id, max(a.occurred_at) AS at {CAME_DUE} \
               GROUP BY a.contact_id) AS due \
         WHERE contacts.id = due.id"
    ))?
    .execute(params![since, now])?;
    Ok(())
}

/// Gives contacts whose last activity is still to come the latest one that has happened: for
/// rows loaded as they were written (a workspace file from a Kith that counted planned meetings).
pub(crate) fn settle(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE contacts SET last_activity_at = ( \
             SELECT max(occurred_at) FROM activities \
             WHERE contact_id = contacts.id AND deleted_at IS NULL AND occurred_at <= unixepoch()) \
         WHERE last_activity_at > unixepoch()",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::super::schema::{LATEST_VERSION, migrations};

    const STEP: usize = 12;

    fn last_activity(conn: &Connection) -> Option<i64> {
        conn.query_row(
            "SELECT last_activity_at FROM contacts WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// A file whose contact took a meeting booked for next week as their last activity: the
    /// upgrade gives them back the call they had yesterday, and a second contact with nothing
    /// but planned meetings has none.
    #[test]
    fn the_upgrade_sets_planned_meetings_aside() {
        assert!(LATEST_VERSION >= STEP as i64);
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("old.db")).unwrap();
        migrations().to_version(&mut conn, STEP - 1).unwrap();
        conn.execute_batch(
            "INSERT INTO contacts (id, first_name, created_at, updated_at) VALUES
                 (1, 'Ada', 0, 0), (2, 'Grace', 0, 0);
             INSERT INTO activities (kind, occurred_at, contact_id, created_at, updated_at) VALUES
                 ('call', unixepoch() - 86400, 1, unixepoch() - 86400, unixepoch() - 86400),
                 ('meeting', unixepoch() + 7 * 86400, 1, unixepoch(), unixepoch()),
                 ('meeting', unixepoch() + 86400, 2, unixepoch(), unixepoch());",
        )
        .unwrap();
        let now: i64 = conn
            .query_row("SELECT unixepoch()", [], |r| r.get(0))
            .unwrap();
        assert!(
            last_activity(&conn).unwrap() > now,
            "as the old trigger had it"
        );

        migrations().to_version(&mut conn, STEP).unwrap();
        let yesterday = last_activity(&conn).unwrap();
        assert!((now - 86_400 - 5..=now - 86_400 + 5).contains(&yesterday));
        let grace: Option<i64> = conn
            .query_row(
                "SELECT last_activity_at FROM contacts WHERE id = 2",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(grace, None);
    }

    /// A workspace file from a Kith that counted planned meetings is loaded as it was written;
    /// `settle` then gives the contact the last activity that has happened.
    #[test]
    fn settle_takes_back_a_last_activity_still_to_come() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("loaded.db")).unwrap();
        migrations().to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO contacts (id, first_name, created_at, updated_at, last_activity_at)
                 VALUES (1, 'Ada', 0, 0, unixepoch() + 86400);
             INSERT INTO activities (kind, occurred_at, contact_id, created_at, updated_at) VALUES
                 ('note', 1000, 1, 1000, 1000),
                 ('meeting', unixepoch() + 86400, 1, unixepoch(), unixepoch());",
        )
        .unwrap();
        super::settle(&conn).unwrap();
        assert_eq!(last_activity(&conn), Some(1000));
    }
}
