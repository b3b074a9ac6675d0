//! The free texts people write — notes (on a contact's card, and logged on the timeline) and ticket
//! feedback — for text analyses.

use super::{Result, Store};

/// One written text and where it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenText {
    /// One of [`TEXT_KINDS`].
    pub kind: &'static str,
    pub id: i64,
    pub text: String,
}

/// The kinds of written text, in the order they are listed: a contact card's notes field, a note
/// logged on a timeline (its subject and text), and a customer's feedback on a resolved ticket.
pub const TEXT_KINDS: [&str; 3] = ["contact note", "logged note", "ticket feedback"];

impl Store {
    pub fn written_texts(&self) -> Result<Vec<WrittenText>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT 0, id, notes FROM contacts WHERE deleted_at IS NULL AND notes <> '' \
             UNION ALL SELECT 1, id, CASE WHEN body = '' THEN subject WHEN subject = '' THEN body \
                 ELSE subject || char(10) || body END FROM activities \
                 WHERE deleted_at IS NULL AND kind = 'note' AND (subject <> '' OR body <> '') \
             UNION ALL SELECT 2, id, feedback FROM tickets WHERE deleted_at IS NULL AND feedback <> '' \
             ORDER BY 1, 2",
        )?;
        Ok(stmt
            .query_map([], |r| {
                Ok(WrittenText {
                    kind: TEXT_KINDS[r.get::<_, u8>(0)? as usize],
                    id: r.get(1)?,
                    text: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}
