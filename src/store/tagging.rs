//! Tagging many contacts at once: how an analysis result (a cluster, a loyalty segment, the
//! customers a rule speaks to) becomes a tag a campaign's audience filter can pick. One change set,
//! so one Undo takes the whole tagging back.

use super::contacts::update_contact_row;
use super::{Error, Result, Store};
use crate::domain::contact::MAX_TAG;
use crate::domain::{ContactId, Entity};

impl Store {
    /// Adds `tag` to every live contact in `ids` that lacks it; returns how many got it. Deleted
    /// or unknown ids are skipped: an analysis may be older than the last edit.
    pub fn tag_contacts(&mut self, ids: &[ContactId], tag: &str) -> Result<usize> {
        let tag = tag.trim().to_string();
        if tag.is_empty() {
            return Err(Error::NotAllowed("a segment needs a name".into()));
        }
        if tag.chars().count() > MAX_TAG {
            return Err(Error::NotAllowed(format!(
                "a segment name can be at most {MAX_TAG} characters"
            )));
        }
        let mut changes = Vec::new();
        for &id in ids {
            let Ok(contact) = self.contact(id) else {
                continue;
            };
            if contact.deleted_at.is_some() || contact.fields.tags.contains(&tag) {
                continue;
            }
            let mut fields = contact.fields.clone();
            fields.tags.push(tag.clone());
            changes.push((id, contact.fields, fields));
        }
        let label = match changes.len() {
            1 => format!("Tag 1 contact “{tag}”"),
            n => format!("Tag {n} contacts “{tag}”"),
        };
        if changes.is_empty() {
            return Ok(0);
        }
        self.write(label, |w| {
            for (id, old, new) in &changes {
                update_contact_row(&w.tx, *id, new, w.now)?;
                w.record_diff(Entity::Contact, id.0, Some(old), Some(new))?;
            }
            Ok(changes.len())
        })
    }
}
