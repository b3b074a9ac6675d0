//! Existing contacts found by an address that is not their first. The e-mail index holds each
//! contact's primary address only, so a contact given a second one — by a merge of two people
//! into one, or a card with a home and a work address — was not found by it: importing the phone's
//! contacts again after merging a duplicate brought the duplicate back.
//!
//! The map is read from the workspace on first need (contacts with more than one address are
//! few) and told of every contact the import writes after that.

use std::collections::HashMap;

use rusqlite::Transaction;

use super::email;
use crate::domain::{ContactFields, ContactId};
use crate::store::Result;

#[derive(Default)]
pub(crate) struct OtherAddresses {
    /// Second and later addresses, as [`email::key`] folds them → the live contacts with them.
    by_key: Option<HashMap<String, Vec<i64>>>,
}

impl OtherAddresses {
    /// The live contacts that have `address` (in any case) after their first, lowest id first.
    pub fn contacts_with(&mut self, tx: &Transaction<'_>, address: &str) -> Result<Vec<i64>> {
        if self.by_key.is_none() {
            let mut by_key: HashMap<String, Vec<i64>> = HashMap::new();
            let mut stmt = tx.prepare(
                "SELECT c.id, e.value ->> 'address' FROM contacts AS c, json_each(c.emails) AS e \
                 WHERE c.deleted_at IS NULL AND e.key > 0 AND json_array_length(c.emails) > 1 \
                 ORDER BY c.id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let address: Option<String> = row.get(1)?;
                if let Some(address) = address.filter(|a| !a.trim().is_empty()) {
                    by_key
                        .entry(email::key(&address))
                        .or_default()
                        .push(row.get(0)?);
                }
            }
            self.by_key = Some(by_key);
        }
        let mut ids = self
            .by_key
            .as_ref()
            .and_then(|m| m.get(&email::key(address)))
            .cloned()
            .unwrap_or_default();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// Contact `id` was written with `fields`: found by its other addresses from now on.
    pub fn noted(&mut self, id: ContactId, fields: &ContactFields) {
        if let Some(by_key) = &mut self.by_key {
            for e in fields.emails.iter().skip(1) {
                if !e.address.trim().is_empty() {
                    by_key.entry(email::key(&e.address)).or_default().push(id.0);
                }
            }
        }
    }
}
