//! Duplicates on demand and after an import, and merging two contacts field by field as one change
//! set, so Undo takes a merge back (the merged-away contact is soft-deleted, not erased).

use std::collections::{BTreeMap, HashSet};

use rusqlite::params;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::contacts::{read_contact, update_contact_row};
use super::row::json;
use super::{Error, Result, Store};
use crate::domain::change::diff;
use crate::domain::duplicate::{self, Candidate, DuplicatePair};
use crate::domain::*;

/// Which contact's value a merged field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Keep,
    Other,
    /// Both values, for the notes: the kept contact's, then the other's (one that already holds
    /// the other's is kept as it is). Any other field takes the kept contact's.
    Both,
}

/// Both contacts' notes as one: the kept contact's first, the other's after a blank line, or the
/// one that holds the other whole.
fn both_notes(keep: &str, other: &str) -> String {
    let (k, o) = (keep.trim(), other.trim());
    if o.is_empty() || k.contains(o) {
        keep.to_string()
    } else if k.is_empty() || o.contains(k) {
        other.to_string()
    } else {
        format!("{k}\n\n{o}")
    }
}

/// How a pick names a custom field: "custom:Loyalty".
pub const CUSTOM_PICK: &str = "custom:";

/// Tables whose rows point at a contact and move to the survivor of a merge, with the entity
/// their change is logged as.
const LINKS: [(&str, Entity); 5] = [
    ("activities", Entity::Activity),
    ("tasks", Entity::Task),
    ("deals", Entity::Deal),
    ("tickets", Entity::Ticket),
    ("orders", Entity::Order),
];

impl Store {
    /// Likely duplicate pairs among live contacts; with `only`, those involving these contacts.
    pub fn find_duplicates(&self, only: Option<&[ContactId]>) -> Result<Vec<DuplicatePair>> {
        let candidates = live_candidates(&self.conn)?;
        let only: Option<HashSet<ContactId>> = only.map(|ids| ids.iter().copied().collect());
        without_kept_apart(&self.conn, duplicate::find(&candidates, only.as_ref()))
    }

    /// Records that `a` and `b` are two people ("Keep both"): the finder stops suggesting them.
    /// One change set, so Undo suggests them again.
    pub fn keep_apart(&mut self, a: ContactId, b: ContactId) -> Result<()> {
        if a == b {
            return Err(Error::NotAllowed("a contact is always one person".into()));
        }
        let (a, b) = (a.min(b), a.max(b));
        let label = format!(
            "Keep {} and {} apart",
            self.contact(a)?.fields.full_name(),
            self.contact(b)?.fields.full_name()
        );
        self.write(label, |w| {
            let added = w.tx.execute(
                "INSERT OR IGNORE INTO distinct_people (a, b) VALUES (?1, ?2)",
                params![a.0, b.0],
            )?;
            if added == 1 {
                let mut fields = Map::new();
                fields.insert("b".into(), Value::from(vec![None, Some(b.0)]));
                w.record(Entity::DistinctPair, a.0, ChangeOp::Create, fields)?;
            }
            Ok(())
        })
    }

    /// Merges `other` into `keep`: a field named in `picks` (by its name in [`ContactFields`],
    /// e.g. "job_title", "address"; a custom field as "custom:NAME") takes exactly the picked
    /// side's value; any other takes `keep`'s, or `other`'s where `keep`'s is empty. E-mails,
    /// phones (one of each number however written), tags and the other custom fields are joined.
    /// Activities, tasks, deals, tickets, orders and campaign memberships move to `keep`; `other`
    /// is soft-deleted; the survivor keeps the earlier creation time of the two. One change set, so
    /// one Undo reverses it.
    pub fn merge_contacts(
        &mut self,
        keep: ContactId,
        other: ContactId,
        picks: &BTreeMap<String, Side>,
    ) -> Result<Contact> {
        if keep == other {
            return Err(Error::NotAllowed(
                "a contact cannot be merged with itself".into(),
            ));
        }
        let k = self.contact(keep)?;
        let o = self.contact(other)?;
        if k.deleted_at.is_some() || o.deleted_at.is_some() {
            return Err(Error::NotAllowed("only live contacts can be merged".into()));
        }
        let merged = merged_fields(&k.fields, &o.fields, picks)?;
        merged.validate(self.now().last_day())?;
        let label = format!(
            "Merge contact {} into {}",
            o.fields.full_name(),
            k.fields.full_name()
        );
        self.write(label, |w| {
            update_contact_row(&w.tx, keep, &merged, w.now)?;
            let mut change = diff(
                &serde_json::to_value(&k.fields)?,
                &serde_json::to_value(&merged)?,
            );
            // The merged person has been a contact since the earlier of the two: the customer
            // since 2019 found again as a new card last week is still one since 2019. Logged in
            // the same change as the fields, so Undo and Redo put both back in one step (a
            // second change for the same contact had Redo write the fields from before).
            if o.created_at < k.created_at {
                super::contacts::set_created_at(&w.tx, keep, o.created_at)?;
                change.insert(
                    super::contacts::CREATED_AT.into(),
                    Value::from(vec![k.created_at.0, o.created_at.0]),
                );
            }
            w.record(Entity::Contact, keep.0, ChangeOp::Update, change)?;
            for (table, entity) in LINKS {
                let ids: Vec<i64> =
                    w.tx.prepare(&format!("SELECT id FROM {table} WHERE contact_id = ?1"))?
                        .query_map([other.0], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?;
                w.tx.execute(
                    &format!("UPDATE {table} SET contact_id = ?1 WHERE contact_id = ?2"),
                    params![keep.0, other.0],
                )?;
                for id in ids {
                    let mut fields = Map::new();
                    fields.insert("contact_id".into(), Value::from(vec![other.0, keep.0]));
                    w.record(entity, id, ChangeOp::Update, fields)?;
                }
            }
            super::members::move_memberships(w, other, keep)?;
            let mut note = Map::new();
            note.insert(MERGED_INTO.into(), json!([null, keep.0]));
            w.set_deleted_noting(other, true, note)
        })?;
        read_contact(&self.conn, keep)
    }
}

/// The key beside a merged-away contact's deletion in the change log naming the contact it went
/// into (merges logged before it are found by the records they moved).
pub(super) const MERGED_INTO: &str = "merged_into";

impl Store {
    /// The contact `id` was merged into, while that merge stands (not undone): a merged-away
    /// card's page points at where its records went instead of offering an empty shell alone.
    pub fn merged_into(&self, id: ContactId) -> Result<Option<ContactId>> {
        use rusqlite::OptionalExtension;
        let survivor: Option<Option<i64>> = self
            .conn
            .query_row(
                "SELECT coalesce(
                    (SELECT json_extract(fields, '$.merged_into[1]') FROM changes
                     WHERE change_set_id = s.id AND entity = 'contact' AND entity_id = ?1
                       AND op = 'delete'),
                    (SELECT entity_id FROM changes
                     WHERE change_set_id = s.id AND entity = 'contact' AND op = 'update'
                       AND entity_id <> ?1 LIMIT 1),
                    (SELECT json_extract(fields, '$.contact_id[1]') FROM changes
                     WHERE change_set_id = s.id AND json_extract(fields, '$.contact_id[0]') = ?1
                     LIMIT 1))
                 FROM change_sets s
                 WHERE s.undone = 0 AND s.label LIKE 'Merge contact %'
                   AND s.id IN (SELECT change_set_id FROM changes
                                WHERE entity = 'contact' AND entity_id = ?1 AND op = 'delete')
                 ORDER BY s.id DESC LIMIT 1",
                [id.0],
                |r| r.get(0),
            )
            .optional()?;
        Ok(survivor.flatten().map(ContactId))
    }
}

impl Store {
    /// The cards merged into `id` while those merges stand, and the cards merged into them, and
    /// so on: one person's other cards, each soft-deleted still holding what it held (Undo of the
    /// merge brings it back), so what is about the person is about them too.
    pub fn merged_cards(&self, id: ContactId) -> Result<Vec<ContactId>> {
        let mut found: Vec<ContactId> = Vec::new();
        let mut next = vec![id];
        while let Some(into) = next.pop() {
            let candidates: Vec<i64> = self
                .conn
                .prepare(
                    "SELECT DISTINCT d.entity_id FROM change_sets s
                     JOIN changes d ON d.change_set_id = s.id
                       AND d.entity = 'contact' AND d.op = 'delete'
                     WHERE s.undone = 0 AND s.label LIKE 'Merge contact %' AND d.entity_id <> ?1
                       AND EXISTS (SELECT 1 FROM changes k WHERE k.change_set_id = s.id
                         AND ((k.entity = 'contact' AND k.entity_id = ?1)
                           OR json_extract(k.fields, '$.contact_id[1]') = ?1))",
                )?
                .query_map([into.0], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for card in candidates.into_iter().map(ContactId) {
                if card != id && !found.contains(&card) && self.merged_into(card)? == Some(into) {
                    found.push(card);
                    next.push(card);
                }
            }
        }
        Ok(found)
    }
}

/// `pairs` without those the user said are two people.
pub(super) fn without_kept_apart(
    conn: &rusqlite::Connection,
    mut pairs: Vec<DuplicatePair>,
) -> Result<Vec<DuplicatePair>> {
    let apart: HashSet<(i64, i64)> = conn
        .prepare_cached("SELECT a, b FROM distinct_people")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if !apart.is_empty() {
        pairs.retain(|p| !apart.contains(&(p.a.0.min(p.b.0), p.a.0.max(p.b.0))));
    }
    Ok(pairs)
}

/// Every live contact as the duplicate finder sees it, in id order.
pub(super) fn live_candidates(conn: &rusqlite::Connection) -> Result<Vec<Candidate>> {
    // Only the addresses and numbers, not their labels: a million contacts are read.
    #[derive(Deserialize)]
    struct Address {
        address: String,
    }
    #[derive(Deserialize)]
    struct Number {
        number: String,
    }
    let mut stmt = conn.prepare(
        "SELECT id, first_name, last_name, company_id, emails, phones FROM contacts \
         WHERE deleted_at IS NULL ORDER BY id",
    )?;
    let candidates = stmt
        .query_map([], |r| {
            let emails: Vec<Address> = json(r, 4)?;
            let phones: Vec<Number> = json(r, 5)?;
            Ok(Candidate {
                id: ContactId(r.get(0)?),
                first_name: r.get(1)?,
                last_name: r.get(2)?,
                company_id: r.get::<_, Option<i64>>(3)?.map(CompanyId),
                emails: emails.into_iter().map(|e| e.address).collect(),
                phones: phones.into_iter().map(|p| p.number).collect(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(candidates)
}

/// The survivor's fields: `keep`'s, filled or overridden from `other` as chosen, lists joined.
fn merged_fields(
    keep: &ContactFields,
    other: &ContactFields,
    picks: &BTreeMap<String, Side>,
) -> Result<ContactFields> {
    // Start from `other` overwritten by `keep`'s non-empty values: keep wins, gaps are filled.
    let mut m = super::import::merged(other, keep.clone());
    m.lifecycle = keep.lifecycle;
    m.emails = keep.emails.clone();
    m.phones = keep.phones.clone();
    m.tags = keep.tags.clone();
    let joined = super::import::merged(
        &m,
        ContactFields {
            emails: other.emails.clone(),
            phones: other.phones.clone(),
            tags: other.tags.clone(),
            lifecycle: LifecycleStage::default_for_import(),
            ..Default::default()
        },
    );
    m.emails = joined.emails;
    m.phones = joined.phones;
    m.tags = joined.tags;
    // Keep's values win, but an empty one does not hide the other's (the screen shows, and
    // offers no choice over, only values that say something).
    m.custom = other.custom.clone();
    for (name, value) in &keep.custom {
        if !value.trim().is_empty() || !m.custom.contains_key(name) {
            m.custom.insert(name.clone(), value.clone());
        }
    }
    for (field, side) in picks {
        let Some(name) = field.strip_prefix(CUSTOM_PICK) else {
            continue;
        };
        let from = match side {
            Side::Keep | Side::Both => keep,
            Side::Other => other,
        };
        match from.custom.get(name) {
            Some(v) => m.custom.insert(name.to_string(), v.clone()),
            None => m.custom.remove(name),
        };
    }
    // A picked field takes exactly the value picked: "J." stays "J.", notes picked from one
    // side are not joined (notes marked Both are).
    let mut value = serde_json::to_value(&m)?;
    let (mine, theirs) = (serde_json::to_value(keep)?, serde_json::to_value(other)?);
    if let (Some(obj), Some(mine), Some(theirs)) =
        (value.as_object_mut(), mine.as_object(), theirs.as_object())
    {
        for (field, side) in picks {
            if field.starts_with(CUSTOM_PICK) {
                continue;
            }
            if *side == Side::Both && field == "notes" {
                let joined = both_notes(&keep.notes, &other.notes);
                obj.insert(field.clone(), serde_json::Value::String(joined));
                continue;
            }
            let from = match side {
                Side::Keep | Side::Both => mine,
                Side::Other => theirs,
            };
            let Some(v) = from.get(field) else {
                return Err(Error::NotAllowed(format!(
                    "no contact field called {field:?}"
                )));
            };
            obj.insert(field.clone(), v.clone());
        }
    }
    Ok(serde_json::from_value(value)?)
}
