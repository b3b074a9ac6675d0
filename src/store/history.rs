//! The audit trail read back from the change log: one record's history (who changed what, when,
//! from what to what) and the workspace-wide activity log.

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::Value;

use super::{Error, Result, Store};
use crate::domain::{ChangeOp, ChangeSetId, Entity, Timestamp};

/// One field's change: its value before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

/// One change to one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub set: ChangeSetId,
    pub at: Timestamp,
    pub actor: String,
    /// What the user did, in words: "Edit contact Ada Lovelace".
    pub label: String,
    /// Taken back with Undo (still shown: the trail records that it happened).
    pub undone: bool,
    pub op: ChangeOp,
    pub fields: Vec<FieldChange>,
}

/// One user action in the workspace-wide log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityEntry {
    pub set: ChangeSetId,
    pub at: Timestamp,
    pub actor: String,
    pub label: String,
    pub undone: bool,
    /// How many records the action touched (an import's run of new records counts each one).
    pub records: i64,
}

impl Store {
    /// The changes to one record, newest first.
    pub fn history(&self, entity: Entity, id: i64, limit: u32) -> Result<Vec<HistoryEntry>> {
        // Its own changes, and the run of ids an import created it in (which names only the first).
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.at, s.actor, s.label, s.undone, c.op, c.fields
             FROM changes c JOIN change_sets s ON s.id = c.change_set_id
             WHERE c.id IN (
                 SELECT id FROM changes WHERE entity = ?1 AND entity_id = ?2
                 UNION ALL
                 SELECT id FROM changes WHERE entity = ?1 AND last_entity_id IS NOT NULL
                     AND entity_id < ?2 AND last_entity_id >= ?2)
             ORDER BY c.id DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map((entity.as_str(), id, limit), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        rows.map(|row| {
            let (set, at, actor, label, undone, op, fields) = row?;
            let mut fields = field_changes(&fields)?;
            for change in &mut fields {
                self.name_the_record(change)?;
                label_the_choice(entity, change);
            }
            Ok(HistoryEntry {
                set: ChangeSetId(set),
                at: Timestamp(at),
                actor,
                label,
                undone,
                op: op.parse().map_err(|_| {
                    Error::Corrupt("change log entry with unknown operation".into())
                })?,
                fields,
            })
        })
        .collect()
    }

    /// A link to another record as that record's name: "Company: Café Ørsted", not "Company id:
    /// 42". A record gone for good keeps its number ("#42").
    fn name_the_record(&self, change: &mut FieldChange) -> Result<()> {
        let sql = match change.field.as_str() {
            "company_id" => "SELECT name FROM companies WHERE id = ?1",
            "contact_id" => {
                concat!(
                    "SELECT ",
                    crate::written_sql!(),
                    " FROM contacts WHERE id = ?1"
                )
            }
            "stage_id" => "SELECT name FROM stages WHERE id = ?1",
            "pipeline_id" => "SELECT name FROM pipelines WHERE id = ?1",
            "deal_id" => "SELECT title FROM deals WHERE id = ?1",
            "ticket_id" => "SELECT subject FROM tickets WHERE id = ?1",
            _ => return Ok(()),
        };
        for value in [&mut change.old, &mut change.new] {
            if let Some(id) = value.as_i64() {
                let name: Option<String> = self
                    .conn
                    .prepare_cached(sql)?
                    .query_row([id], |r| r.get(0))
                    .optional()?;
                *value = Value::String(name.unwrap_or_else(|| format!("#{id}")));
            }
        }
        change.field = change.field.trim_end_matches("_id").to_string();
        Ok(())
    }

    /// Every user action, newest first, `limit` at a time; `before` continues after the last page.
    pub fn activity_log(
        &self,
        limit: u32,
        before: Option<ChangeSetId>,
    ) -> Result<Vec<ActivityEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.at, s.actor, s.label, s.undone,
                    (SELECT coalesce(sum(coalesce(c.last_entity_id, c.entity_id) - c.entity_id + 1), 0)
                     FROM changes c WHERE c.change_set_id = s.id)
             FROM change_sets s WHERE s.id < ?1 ORDER BY s.id DESC LIMIT ?2",
        )?;
        let before = before.map_or(i64::MAX, |b| b.0);
        let rows = stmt.query_map((before, limit), |r| {
            Ok(ActivityEntry {
                set: ChangeSetId(r.get(0)?),
                at: Timestamp(r.get(1)?),
                actor: r.get(2)?,
                label: r.get(3)?,
                undone: r.get(4)?,
                records: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// A choice as the screens write it ("Lifecycle: Lead", not the stored "lead").
fn label_the_choice(entity: Entity, change: &mut FieldChange) {
    use crate::domain::{
        ActivityKind, CampaignChannel, CampaignStatus, DealStatus, Direction, LifecycleStage,
        Priority, TicketChannel, TicketStatus,
    };
    fn label<T: std::str::FromStr + std::fmt::Display>(v: &mut Value) {
        if let Some(choice) = v.as_str().and_then(|s| s.parse::<T>().ok()) {
            *v = Value::String(choice.to_string());
        }
    }
    let relabel: fn(&mut Value) = match (entity, change.field.as_str()) {
        (Entity::Contact, "lifecycle") => label::<LifecycleStage>,
        (Entity::Deal, "status") => label::<DealStatus>,
        (Entity::Ticket, "status") => label::<TicketStatus>,
        (Entity::Ticket, "priority") => label::<Priority>,
        (Entity::Ticket, "channel") => label::<TicketChannel>,
        (Entity::Activity, "kind") => label::<ActivityKind>,
        (Entity::Activity, "direction") => label::<Direction>,
        (Entity::Campaign, "status") => label::<CampaignStatus>,
        (Entity::Campaign, "channel") => label::<CampaignChannel>,
        _ => return,
    };
    relabel(&mut change.old);
    relabel(&mut change.new);
}

/// `{"field": [old, new]}` as a list in field order; internal bookkeeping fields are left out.
fn field_changes(json: &str) -> Result<Vec<FieldChange>> {
    let map: serde_json::Map<String, Value> = serde_json::from_str(json)?;
    Ok(map
        .into_iter()
        // Bookkeeping, not fields: the contact page says where a merged card went.
        .filter(|(field, _)| field != "updated_at" && field != super::duplicates::MERGED_INTO)
        .map(|(field, pair)| {
            let (old, new) = match pair {
                Value::Array(mut two) if two.len() == 2 => {
                    let new = two.pop().unwrap_or_default();
                    (two.pop().unwrap_or_default(), new)
                }
                other => (Value::Null, other),
            };
            FieldChange { field, old, new }
        })
        .collect())
}
