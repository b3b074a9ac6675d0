//! How many live records of each kind a workspace holds, for the status line and empty states.

use serde::Serialize;

use super::{Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub contacts: u64,
    pub companies: u64,
    pub deals: u64,
    pub open_deals: u64,
    pub tickets: u64,
    pub active_tickets: u64,
    pub campaigns: u64,
    pub orders: u64,
    pub open_tasks: u64,
}

impl Store {
    pub fn counts(&self) -> Result<Counts> {
        // Each count reads a partial index over live rows, so this stays quick on large workspaces.
        Ok(self.conn.prepare_cached(
            "SELECT (SELECT count(*) FROM contacts WHERE deleted_at IS NULL), \
                    (SELECT count(*) FROM companies WHERE deleted_at IS NULL), \
                    (SELECT count(*) FROM deals WHERE deleted_at IS NULL), \
                    (SELECT count(*) FROM deals WHERE deleted_at IS NULL AND status = 'open'), \
                    (SELECT count(*) FROM tickets WHERE deleted_at IS NULL), \
                    (SELECT count(*) FROM tickets WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending')), \
                    (SELECT count(*) FROM campaigns WHERE deleted_at IS NULL), \
                    (SELECT count(*) FROM orders WHERE deleted_at IS NULL), \
                    (SELECT count(*) FROM tasks WHERE done_at IS NULL AND deleted_at IS NULL)",
        )?
        .query_row([], |r| {
            let n = |i| r.get::<_, i64>(i).map(|v| v as u64);
            Ok(Counts {
                contacts: n(0)?,
                companies: n(1)?,
                deals: n(2)?,
                open_deals: n(3)?,
                tickets: n(4)?,
                active_tickets: n(5)?,
                campaigns: n(6)?,
                orders: n(7)?,
                open_tasks: n(8)?,
            })
        })?)
    }
}
