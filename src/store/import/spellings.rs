//! Existing contacts found by an e-mail address or a phone number written otherwise than as
//! stored, for an import that goes row by row (a large one keeps its own maps in `bulk`). Each
//! map is read from the workspace once, on first need, and told of every contact the import
//! writes after that.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction};

use super::{bulk, email};
use crate::domain::{ContactFields, ContactId};
use crate::store::Result;

#[derive(Default)]
pub(crate) struct Spellings {
    /// Contacts by their primary phone's match key ("06 12 34 56 99" is "0612345699").
    phones: Option<HashMap<String, Vec<i64>>>,
    /// Contacts by their primary address in lower case, for the addresses with letters beyond
    /// A–Z. The e-mail index's NOCASE folds A–Z only, so "JÜRGEN@…" is not found there as
    /// "jürgen@…"; reading the index from the address's ASCII start instead read all of it for
    /// an address beginning "Ø" — 20,000 such rows into 100,000 contacts took 676 s.
    emails: Option<HashMap<String, Vec<i64>>>,
}

impl Spellings {
    /// The live contacts whose primary phone is `phone` written another way.
    pub fn phone(&mut self, tx: &Transaction<'_>, phone: &str) -> Result<Vec<i64>> {
        if self.phones.is_none() {
            let mut keys: HashMap<String, Vec<i64>> = HashMap::new();
            let mut stmt = tx.prepare(
                "SELECT id, phone FROM contacts WHERE deleted_at IS NULL AND phone <> '' ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let number: String = row.get(1)?;
                keys.entry(bulk::phone_match(&number))
                    .or_default()
                    .push(row.get(0)?);
            }
            self.phones = Some(keys);
        }
        Ok(self
            .phones
            .as_ref()
            .and_then(|k| k.get(&bulk::phone_match(phone)))
            .cloned()
            .unwrap_or_default())
    }

    /// The live contacts whose primary address is `email` in any case, lowest id first.
    pub fn email(&mut self, tx: &Transaction<'_>, email: &str) -> Result<Vec<i64>> {
        if email.is_ascii() {
            return email::contacts_with(tx, email);
        }
        if self.emails.is_none() {
            let mut keys: HashMap<String, Vec<i64>> = HashMap::new();
            let mut stmt = tx.prepare(
                "SELECT id, email FROM contacts WHERE deleted_at IS NULL AND email <> '' ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let address: String = row.get(1)?;
                // An address of ASCII only is never another spelling of one with other letters.
                if !address.is_ascii() {
                    keys.entry(email::key(&address))
                        .or_default()
                        .push(row.get(0)?);
                }
            }
            self.emails = Some(keys);
        }
        let wanted = email::key(email);
        let noted = self
            .emails
            .as_ref()
            .and_then(|k| k.get(&wanted))
            .cloned()
            .unwrap_or_default();
        // A contact noted under an address a later row merged away is no longer at it.
        let mut still = Vec::with_capacity(noted.len());
        for id in noted {
            let now: Option<String> = tx
                .prepare_cached("SELECT email FROM contacts WHERE id = ?1 AND deleted_at IS NULL")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if now.is_some_and(|now| email::key(&now) == wanted) {
                still.push(id);
            }
        }
        still.sort_unstable();
        still.dedup();
        Ok(still)
    }

    /// Contact `id` was written with `fields`: found by its primary phone and address from now on.
    pub fn noted(&mut self, id: ContactId, fields: &ContactFields) {
        if let (Some(keys), Some(phone)) = (&mut self.phones, fields.primary_phone()) {
            keys.entry(bulk::phone_match(phone)).or_default().push(id.0);
        }
        if let (Some(keys), Some(address)) = (&mut self.emails, fields.primary_email())
            && !address.is_ascii()
        {
            keys.entry(email::key(address)).or_default().push(id.0);
        }
    }
}
