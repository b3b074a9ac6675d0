//! Undo and redo over the change log. Undo takes back the newest change set still in force; redo
//! re-applies the oldest undone set after it; any new change set ends the redo chain (as in every
//! editor). Replaying writes rows directly, in one transaction, and logs nothing new: the change set
//! itself is marked undone, so the audit trail still shows what happened.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{
    Error, Result, Store, activities, campaigns, companies, contacts, deals, members, orders,
    stages, tasks, tickets,
};
use crate::domain::change::Change;
use crate::domain::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Undo,
    Redo,
}

/// One row write that takes a change back or puts it in again.
enum Step {
    /// Records `id..=last` (one record when they are equal) deleted or restored.
    SetDeleted {
        table: &'static str,
        id: i64,
        last: i64,
        deleted_at: Option<i64>,
    },
    /// A contact's fields, and the creation time to put back when the change logged one (a merge
    /// gives the survivor the earlier of the two).
    Contact(ContactId, ContactFields, Option<Timestamp>),
    Company(CompanyId, CompanyFields),
    Activity(ActivityId, ActivityFields),
    Task(TaskId, TaskFields),
    /// A deal from its fields now to the logged ones; `undo` when taking a change back, so a
    /// stage move taken back leaves no trace in the stage history or the days in stage.
    Deal {
        id: DealId,
        now: DealFields,
        target: DealFields,
        undo: bool,
        /// When a redone move or close happened the first time: a redo puts back that time, not
        /// its own (a deal won last week and redone today had read "closed today").
        decided: Option<Timestamp>,
    },
    Stage(StageId, StageFields),
    /// A ticket's fields, from the status it has now, with the resolution time to put back when
    /// the change logged one (older logs did not).
    Ticket(
        TicketId,
        TicketStatus,
        TicketFields,
        Option<Option<Timestamp>>,
    ),
    Campaign(CampaignId, CampaignFields),
    Product(ProductId, ProductFields),
    PipelineName(PipelineId, String),
    /// An order moved between contacts (by a merge): orders are otherwise never edited.
    OrderContact(i64, i64),
    /// A campaign member joins (`true`) or leaves (`false`): members are plain rows, not soft-deleted.
    Membership {
        campaign: i64,
        contact: i64,
        member: bool,
    },
    /// A member's response columns set back or forward, each to its logged value.
    MemberColumns {
        campaign: i64,
        contact: i64,
        values: Vec<(&'static str, Value)>,
    },
    /// Two contacts marked as two people (`true`), or no longer.
    Apart {
        a: i64,
        b: i64,
        apart: bool,
    },
    /// A membership a merge moved away, put back with its response columns.
    MemberBack {
        campaign: i64,
        contact: i64,
        values: Vec<(&'static str, Value)>,
    },
}

impl Store {
    /// Takes back the newest change set still in force; returns its label, or `None` if there is
    /// nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.replay(Way::Undo)
    }

    /// Takes back change set `expected`, the one this window showed Undo would take back, if it
    /// still is the newest in force. Another window (or a restore) may have changed the file
    /// since: then nothing is undone, and the error says so and names what Undo takes back now.
    /// The newest change set may also be one this connection has just written, pressed for before
    /// the window re-read what Undo would do: that one is the user's own, and is taken back.
    pub fn undo_expected(&mut self, expected: Option<ChangeSetId>) -> Result<Option<String>> {
        self.writable()?;
        let next = self.next_set(Way::Undo)?;
        let next_id = next.as_ref().map(|(id, _, _)| *id);
        if next_id != expected && (next_id.is_none() || next_id != self.written) {
            return Err(Error::NotOffered(next.map(|(_, label, _)| label)));
        }
        self.undo()
    }

    /// Re-applies the most recently undone change set; `None` if there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<String>> {
        self.replay(Way::Redo)
    }

    /// What Undo would take back, for menus and tooltips.
    pub fn undo_label(&self) -> Result<Option<String>> {
        Ok(self.offered(Way::Undo)?.map(|(_, label)| label))
    }

    /// The change set Undo would take back, with its label: its id tells a new step from one the
    /// window already announced.
    pub fn undo_step(&self) -> Result<Option<(ChangeSetId, String)>> {
        self.offered(Way::Undo)
    }

    /// What Redo would put back.
    pub fn redo_label(&self) -> Result<Option<String>> {
        Ok(self.offered(Way::Redo)?.map(|(_, label)| label))
    }

    /// The step Undo or Redo would take, if it can be taken: a read-only workspace keeps its
    /// history but offers none of it, since nothing can be written back.
    fn offered(&self, way: Way) -> Result<Option<(ChangeSetId, String)>> {
        if self.read_only().is_some() {
            return Ok(None);
        }
        Ok(self.next_set(way)?.map(|(id, label, _)| (id, label)))
    }

    /// The step Undo or Redo takes next. A change set an erasure emptied (its changes held the
    /// person's data) stays in the history under its label, but is no step: Undo had announced
    /// "Undone: Add task (erased)" and changed nothing.
    fn next_set(&self, way: Way) -> Result<Option<(ChangeSetId, String, Timestamp)>> {
        let sql = match way {
            Way::Undo => {
                "SELECT id, label, at FROM change_sets s WHERE undone = 0 \
                 AND EXISTS (SELECT 1 FROM changes WHERE change_set_id = s.id) \
                 ORDER BY id DESC LIMIT 1"
            }
            Way::Redo => {
                "SELECT id, label, at FROM change_sets s WHERE undone = 1 \
                 AND id > coalesce((SELECT id FROM change_sets k WHERE undone = 0 \
                   AND EXISTS (SELECT 1 FROM changes WHERE change_set_id = k.id) \
                   ORDER BY id DESC LIMIT 1), 0) \
                 AND id NOT IN (SELECT change_set_id FROM redo_discarded) \
                 AND EXISTS (SELECT 1 FROM changes WHERE change_set_id = s.id) ORDER BY id LIMIT 1"
            }
        };
        Ok(self
            .conn
            .query_row(sql, [], |r| {
                Ok((ChangeSetId(r.get(0)?), r.get(1)?, Timestamp(r.get(2)?)))
            })
            .optional()?)
    }

    fn replay(&mut self, way: Way) -> Result<Option<String>> {
        self.writable()?;
        let Some((set, label, at)) = self.next_set(way)? else {
            return Ok(None);
        };
        let mut changes = self.changes_in(set)?;
        if way == Way::Undo {
            changes.reverse();
        }
        // Plan every step before writing: each one needs the record as it is now.
        let steps = changes
            .iter()
            .map(|c| self.step(c, way, at))
            .collect::<Result<Vec<_>>>()?;
        self.write_unlogged(|w| {
            for step in &steps {
                apply(&w.tx, step, w.now)?;
            }
            w.tx.execute(
                "UPDATE change_sets SET undone = ?1 WHERE id = ?2",
                params![way == Way::Undo, set.0],
            )?;
            Ok(())
        })?;
        Ok(Some(label))
    }

    /// The write that undoes or redoes `change`, one of a change set made at `at`.
    fn step(&self, change: &Change, way: Way, at: Timestamp) -> Result<Step> {
        let id = change.entity_id;
        let cannot = || {
            Error::NotAllowed(format!(
                "{} changes to a {} cannot be undone",
                change.op.label().to_lowercase(),
                change.entity.label().to_lowercase()
            ))
        };
        if change.entity == Entity::CampaignMember {
            return member_step(change, way).ok_or_else(cannot);
        }
        if change.entity == Entity::DistinctPair {
            let b = change
                .fields
                .get("b")
                .and_then(|pair| pair.as_array()?.iter().find_map(Value::as_i64))
                .ok_or_else(cannot)?;
            return match change.op {
                ChangeOp::Create => Ok(Step::Apart {
                    a: id,
                    b,
                    apart: way == Way::Redo,
                }),
                _ => Err(cannot()),
            };
        }
        match change.op {
            ChangeOp::Create | ChangeOp::Delete | ChangeOp::Restore => {
                let table = soft_delete_table(change.entity).ok_or_else(cannot)?;
                // The record should end up deleted when undoing a create or a restore, or redoing a delete.
                let deleted = matches!(
                    (change.op, way),
                    (ChangeOp::Create | ChangeOp::Restore, Way::Undo)
                        | (ChangeOp::Delete, Way::Redo)
                );
                let recorded = change
                    .fields
                    .get("deleted_at")
                    .and_then(|pair| pair.get(usize::from(way == Way::Redo)))
                    .and_then(Value::as_i64);
                Ok(Step::SetDeleted {
                    table,
                    id,
                    last: change.last_entity_id.unwrap_or(id),
                    deleted_at: deleted.then(|| recorded.unwrap_or(self.now().0)),
                })
            }
            ChangeOp::Update => {
                let index = usize::from(way == Way::Redo);
                let f = &change.fields;
                Ok(match change.entity {
                    Entity::Contact => {
                        let id = ContactId(id);
                        let mut fields = f.clone();
                        let created = fields
                            .remove(contacts::CREATED_AT)
                            .and_then(|pair| pair.get(index).and_then(Value::as_i64))
                            .map(Timestamp);
                        let target = patched(&self.contact(id)?.fields, &fields, index)?;
                        Step::Contact(id, target, created)
                    }
                    Entity::Company => {
                        let id = CompanyId(id);
                        Step::Company(id, patched(&self.company(id)?.fields, f, index)?)
                    }
                    Entity::Activity => {
                        let id = ActivityId(id);
                        Step::Activity(id, patched(&self.activity(id)?.fields, f, index)?)
                    }
                    Entity::Task => {
                        let id = TaskId(id);
                        Step::Task(id, patched(&self.task(id)?.fields, f, index)?)
                    }
                    Entity::Deal => {
                        let id = DealId(id);
                        let now = self.deal(id)?.fields;
                        let target = patched(&now, f, index)?;
                        Step::Deal {
                            id,
                            now,
                            target,
                            undo: way == Way::Undo,
                            decided: (way == Way::Redo).then_some(at),
                        }
                    }
                    Entity::Order => {
                        let contact = f
                            .get("contact_id")
                            .filter(|_| f.len() == 1)
                            .and_then(|pair| pair.get(index))
                            .and_then(Value::as_i64)
                            .ok_or_else(cannot)?;
                        Step::OrderContact(id, contact)
                    }
                    Entity::Pipeline => {
                        let name = f
                            .get("name")
                            .and_then(|pair| pair.get(index))
                            .and_then(Value::as_str)
                            .ok_or_else(cannot)?;
                        Step::PipelineName(PipelineId(id), name.to_string())
                    }
                    Entity::Stage => {
                        let stage = self
                            .pipelines()?
                            .into_iter()
                            .flat_map(|p| p.stages)
                            .find(|s| s.id.0 == id)
                            .ok_or_else(|| Error::not_found(Entity::Stage, id))?;
                        Step::Stage(stage.id, patched(&stage.fields, f, index)?)
                    }
                    Entity::Ticket => {
                        let id = TicketId(id);
                        let now = self.ticket(id)?.fields;
                        let mut fields = f.clone();
                        let resolved = fields
                            .remove(tickets::RESOLVED_AT)
                            .and_then(|pair| pair.get(index).map(|v| v.as_i64().map(Timestamp)));
                        let target = patched(&now, &fields, index)?;
                        Step::Ticket(id, now.status, target, resolved)
                    }
                    Entity::Campaign => {
                        let id = CampaignId(id);
                        Step::Campaign(id, patched(&self.campaign(id)?.fields, f, index)?)
                    }
                    Entity::Product => {
                        let id = ProductId(id);
                        Step::Product(id, patched(&self.product(id)?.fields, f, index)?)
                    }
                    _ => return Err(cannot()),
                })
            }
        }
    }
}

/// The record's current fields with each logged field set to its old (`index` 0) or new (1) value.
fn patched<T: Serialize + DeserializeOwned>(
    current: &T,
    changed: &Map<String, Value>,
    index: usize,
) -> Result<T> {
    let mut value = serde_json::to_value(current)?;
    let object = value
        .as_object_mut()
        .ok_or_else(|| Error::Corrupt("a record that is not an object".into()))?;
    for (field, pair) in changed {
        let v = pair.get(index).cloned().ok_or_else(|| {
            Error::Corrupt(format!("change of {field} without old and new values"))
        })?;
        object.insert(field.clone(), v);
    }
    Ok(serde_json::from_value(value)?)
}

/// The step that takes back (or redoes) a change to a campaign member; `None` for a log entry this
/// Kith did not write (an unknown column, a missing campaign).
fn member_step(change: &Change, way: Way) -> Option<Step> {
    let index = usize::from(way == Way::Redo);
    let campaign = change
        .fields
        .get("campaign_id")?
        .as_array()?
        .iter()
        .find_map(Value::as_i64)?;
    let contact = change.entity_id;
    match change.op {
        ChangeOp::Create => Some(Step::Membership {
            campaign,
            contact,
            member: way == Way::Redo,
        }),
        ChangeOp::Update => Some(Step::MemberColumns {
            campaign,
            contact,
            values: member_values(change, index)?,
        }),
        // A membership moved away by a merge: Undo puts it back with its responses.
        ChangeOp::Delete if way == Way::Undo => Some(Step::MemberBack {
            campaign,
            contact,
            values: member_values(change, index)?,
        }),
        ChangeOp::Delete => Some(Step::Membership {
            campaign,
            contact,
            member: false,
        }),
        ChangeOp::Restore => None,
    }
}

/// A member change's response columns with their old (`index` 0) or new (1) values; `None` if the
/// log names a column that is not one: only the known response columns are ever written, whatever
/// the log says.
fn member_values(change: &Change, index: usize) -> Option<Vec<(&'static str, Value)>> {
    let mut values = Vec::new();
    for (field, pair) in &change.fields {
        if field == "campaign_id" {
            continue;
        }
        let column = members::MEMBER_COLUMNS.iter().find(|c| *c == field)?;
        values.push((*column, pair.get(index)?.clone()));
    }
    Some(values)
}

fn soft_delete_table(entity: Entity) -> Option<&'static str> {
    Some(match entity {
        Entity::Company => "companies",
        Entity::Contact => "contacts",
        Entity::Activity => "activities",
        Entity::Task => "tasks",
        Entity::Deal => "deals",
        Entity::Ticket => "tickets",
        Entity::Campaign => "campaigns",
        Entity::Product => "products",
        Entity::Order => "orders",
        Entity::Pipeline => "pipelines",
        Entity::TicketMessage => "ticket_messages",
        _ => return None,
    })
}

fn apply(tx: &Transaction<'_>, step: &Step, now: Timestamp) -> Result<()> {
    match step {
        Step::SetDeleted {
            table,
            id,
            last,
            deleted_at,
        } => {
            tx.execute(
                &format!("UPDATE {table} SET deleted_at = ?1 WHERE id BETWEEN ?2 AND ?3"),
                params![deleted_at, id, last],
            )?;
            if *table == "ticket_messages" {
                // The ticket's first response is its earliest live outbound message.
                tx.execute(
                    "UPDATE tickets SET first_response_at = \
                       (SELECT min(sent_at) FROM ticket_messages m \
                        WHERE m.ticket_id = tickets.id AND m.direction = 'outbound' AND m.deleted_at IS NULL) \
                     WHERE id = (SELECT ticket_id FROM ticket_messages WHERE id = ?1)",
                    params![id],
                )?;
            }
            Ok(())
        }
        Step::Contact(id, f, created) => {
            contacts::update_contact_row(tx, *id, f, now)?;
            match created {
                Some(at) => contacts::set_created_at(tx, *id, *at),
                None => Ok(()),
            }
        }
        Step::Company(id, f) => companies::update_company_row(tx, *id, f, now),
        Step::Activity(id, f) => activities::update_activity_row(tx, *id, f, now),
        Step::Task(id, f) => tasks::update_task_row(tx, *id, f, now),
        Step::Deal {
            id,
            now: old,
            target: new,
            undo,
            decided,
        } => {
            deals::update_deal_row(tx, *id, old, new, now, decided.unwrap_or(now))?;
            if *undo && old.stage_id != new.stage_id {
                deals::forget_last_move(tx, *id)?;
            }
            Ok(())
        }
        Step::Stage(id, f) => deals::update_stage_row(tx, *id, f),
        Step::Ticket(id, from, f, resolved) => {
            tickets::update_ticket_row(tx, *id, *from, f, now)?;
            match resolved {
                Some(at) => tickets::set_ticket_resolution(tx, *id, *at),
                None => Ok(()),
            }
        }
        Step::Campaign(id, f) => campaigns::update_campaign_row(tx, *id, f, now),
        Step::Product(id, f) => orders::update_product_row(tx, *id, f, now),
        Step::PipelineName(id, name) => stages::rename_pipeline_row(tx, *id, name),
        Step::OrderContact(id, contact) => {
            tx.execute(
                "UPDATE orders SET contact_id = ?1 WHERE id = ?2",
                params![contact, id],
            )?;
            Ok(())
        }
        Step::Membership {
            campaign,
            contact,
            member: true,
        } => {
            tx.execute(
                "INSERT OR IGNORE INTO campaign_members (campaign_id, contact_id) VALUES (?1, ?2)",
                params![campaign, contact],
            )?;
            Ok(())
        }
        Step::Membership {
            campaign,
            contact,
            member: false,
        } => {
            tx.execute(
                "DELETE FROM campaign_members WHERE campaign_id = ?1 AND contact_id = ?2",
                params![campaign, contact],
            )?;
            Ok(())
        }
        Step::Apart { a, b, apart: true } => {
            tx.execute(
                "INSERT OR IGNORE INTO distinct_people (a, b) VALUES (?1, ?2)",
                params![a, b],
            )?;
            Ok(())
        }
        Step::Apart { a, b, apart: false } => {
            tx.execute(
                "DELETE FROM distinct_people WHERE a = ?1 AND b = ?2",
                params![a, b],
            )?;
            Ok(())
        }
        Step::MemberBack {
            campaign,
            contact,
            values,
        } => {
            tx.execute(
                "INSERT OR IGNORE INTO campaign_members (campaign_id, contact_id) VALUES (?1, ?2)",
                params![campaign, contact],
            )?;
            set_member_columns(tx, *campaign, *contact, values)
        }
        Step::MemberColumns {
            campaign,
            contact,
            values,
        } => set_member_columns(tx, *campaign, *contact, values),
    }
}

/// Sets a member's response columns to logged values.
fn set_member_columns(
    tx: &Transaction<'_>,
    campaign: i64,
    contact: i64,
    values: &[(&'static str, Value)],
) -> Result<()> {
    for (column, value) in values {
        let value = rusqlite::types::Value::from(match value {
            Value::Null => None,
            other => Some(other.as_i64().ok_or_else(|| {
                Error::Corrupt(format!("member change of {column} that is not a number"))
            })?),
        });
        tx.execute(
            &format!(
                "UPDATE campaign_members SET {column} = ?1 WHERE campaign_id = ?2 AND contact_id = ?3"
            ),
            params![value, campaign, contact],
        )?;
    }
    Ok(())
}
