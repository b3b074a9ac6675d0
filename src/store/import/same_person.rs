//! Which existing contact an imported record is, if any: found by its addresses (any of the
//! contact's, first or not) or, with none, its phone number, and only when the names agree.

use super::ImportBatch;
use super::merge::names_agree;
use crate::domain::{ContactFields, ContactId};
use crate::store::Result;
use crate::store::contacts::read_contact_fields;

/// What a record is matched to an existing contact by.
#[derive(Clone, Copy)]
pub(super) enum Key<'a> {
    Email(&'a str),
    Phone(&'a str),
}

impl ImportBatch<'_, '_> {
    /// The live contact a record with addresses is: found by its first address that finds one
    /// (a phone's card may list first the address another file gave second).
    pub(super) fn same_person_by_address(
        &mut self,
        fields: &ContactFields,
    ) -> Result<Option<(ContactId, ContactFields)>> {
        for e in &fields.emails {
            if let Some(found) = self.same_person(Key::Email(&e.address), fields)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// The live contact a record is by `key`: the first whose primary address is the key (then
    /// those that have it as another), or, for a phone number, whose primary number is it as
    /// written or otherwise — and whose name agrees with the record's (see [`names_agree`]),
    /// with its fields. A shared address (info@ for a whole shop) or number is
    /// not enough to make two people one.
    pub(super) fn same_person(
        &mut self,
        key: Key<'_>,
        fields: &ContactFields,
    ) -> Result<Option<(ContactId, ContactFields)>> {
        let mut ids: Vec<i64> = match (&mut self.bulk, key) {
            (Some(bulk), Key::Email(email)) => bulk.contacts_with_email(email).to_vec(),
            (Some(bulk), Key::Phone(phone)) => bulk.contacts_with_phone(&self.w.tx, phone)?,
            (None, Key::Email(email)) => self.spellings.email(&self.w.tx, email)?,
            (None, Key::Phone(phone)) => {
                let written: Vec<i64> = self
                    .w
                    .tx
                    .prepare_cached(
                        "SELECT id FROM contacts INDEXED BY contacts_by_phone \
                         WHERE phone = ?1 AND deleted_at IS NULL ORDER BY id",
                    )?
                    .query_map([phone], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                if written.is_empty() {
                    self.spellings.phone(&self.w.tx, phone)?
                } else {
                    written
                }
            }
        };
        // Then those that have the address after another (a merge keeps both people's).
        if let Key::Email(email) = key {
            for id in self.other_addresses.contacts_with(&self.w.tx, email)? {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        for id in ids.into_iter().map(ContactId) {
            let old = read_contact_fields(&self.w.tx, id)?;
            if names_agree(&old, fields) {
                return Ok(Some((id, old)));
            }
        }
        Ok(None)
    }
}
