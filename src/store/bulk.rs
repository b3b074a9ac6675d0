//! Loading generated data fast: relaxed syncing while a fresh file is filled (if it fails half-way the
//! file is thrown away, so there is nothing to protect yet), then merging the search indexes and
//! gathering planner statistics so the first query on a big workspace is as fast as the hundredth.

use super::{Result, Store};

impl Store {
    pub fn begin_bulk_load(&mut self) -> Result<()> {
        self.conn.execute_batch(
            "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;",
        )?;
        Ok(())
    }

    pub fn end_bulk_load(&mut self) -> Result<()> {
        self.conn.execute_batch(super::search::MERGE_INDEXES)?;
        self.conn.execute_batch(
            "ANALYZE;
             PRAGMA wal_checkpoint(TRUNCATE);
             PRAGMA synchronous = FULL;
             PRAGMA cache_size = -16384;",
        )?;
        Ok(())
    }

    /// A workspace-wide setting (default currency …), if set.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}
