//! The free texts people write — contact notes and ticket feedback — for text analyses.

use super::{Result, Store};

/// One written text and where it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenText {
    /// "contact note" or "ticket feedback".
    pub kind: &'static str,
    pub id: i64,
    pub text: String,
}

impl Store {
    pub fn written_texts(&self) -> Result<Vec<WrittenText>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT 0, id, notes FROM contacts WHERE deleted_at IS NULL AND notes <> '' \
             UNION ALL SELECT 1, id, feedback FROM tickets WHERE deleted_at IS NULL AND feedback <> '' \
             ORDER BY 1, 2",
        )?;
        Ok(stmt
            .query_map([], |r| {
                Ok(WrittenText {
                    kind: if r.get::<_, i64>(0)? == 0 {
                        "contact note"
                    } else {
                        "ticket feedback"
                    },
                    id: r.get(1)?,
                    text: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}
