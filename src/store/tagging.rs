//! Tagging many contacts at once: how an analysis result (a cluster, a loyalty segment, the
//! customers a rule speaks to) becomes a tag a campaign's audience filter can pick. One change set,
//! so one Undo takes the whole tagging back.

use super::contacts::update_contact_row;
use super::{Error, Result, Store};
use crate::domain::contact::{MAX_TAG, same_tag};
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
        // A tag is one whatever its case ("été" is "ÉTÉ", which the table's NOCASE, ASCII only,
        // does not know): "VIP" joins "vip" under the workspace's spelling, and a contact
        // already tagged "vip" is not counted as tagged now.
        let tag = self
            .tags()?
            .into_iter()
            .find(|t| same_tag(t, &tag))
            .unwrap_or(tag);
        let mut changes = Vec::new();
        for &id in ids {
            let Ok(contact) = self.contact(id) else {
                continue;
            };
            let tagged = contact.fields.tags.iter().any(|t| same_tag(t, &tag));
            if contact.deleted_at.is_some() || tagged {
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

    /// Every tag in use with how many live contacts carry it, as the workspace spells it: what
    /// a segment about to be saved under a name already in use would join.
    pub fn tag_sizes(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name, COUNT(*) FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id \
             JOIN contacts c ON c.id = ct.contact_id AND c.deleted_at IS NULL \
             GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
        )?;
        Ok(stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every spelling the workspace holds of `tag` ([`same_tag`]): NOCASE matches A–Z alone, and
    /// a workspace from before tags were one whatever their case may hold "ÉTÉ-KUNDE" and
    /// "été-kunde" apart, which a segment of either should count together.
    pub(super) fn tag_spellings(&self, tag: &str) -> Vec<String> {
        let mut spellings = vec![tag.to_string()];
        if tag.is_ascii() {
            return spellings;
        }
        // Unread, the segment counts the spelling it names (a filter has no error to give).
        let others = super::contact_rows::spellings_of(&self.conn, tag).unwrap_or_default();
        spellings.extend(others.into_iter().filter(|n| n != tag));
        spellings
    }
}
