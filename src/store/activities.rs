//! Activities: the calls, e-mails, meetings and notes on a contact's, company's, deal's or ticket's
//! timeline.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use super::row::{choice, opt_choice, opt_id, opt_timestamp, timestamp};
use super::{Error, Result, Store};
use crate::domain::*;

const ACTIVITY_COLUMNS: &str = "kind, occurred_at, direction, subject, outcome, body, duration_minutes, \
     contact_id, company_id, deal_id, ticket_id";

impl Store {
    pub fn create_activity(&mut self, fields: ActivityFields) -> Result<Activity> {
        fields.validate_at(self.now())?;
        self.ensure_contact_live(fields.contact_id)?;
        let label = format!("Log {}", fields.kind.label().to_lowercase());
        let id = self.write(label, |w| {
            let id = insert_activity(&w.tx, &fields, w.now)?;
            w.record_diff(Entity::Activity, id.0, None, Some(&fields))?;
            Ok(id)
        })?;
        self.activity(id)
    }

    pub fn update_activity(&mut self, id: ActivityId, fields: ActivityFields) -> Result<Activity> {
        fields.validate_at(self.now())?;
        let old = self.activity(id)?;
        if old.deleted_at.is_some() {
            return Err(Error::NotAllowed(format!(
                "this {} was deleted; undo the deletion (Ctrl+Z) to correct it",
                old.fields.kind.label().to_lowercase()
            )));
        }
        let label = format!("Edit {}", fields.kind.label().to_lowercase());
        self.write(label, |w| {
            update_activity_row(&w.tx, id, &fields, w.now)?;
            w.record_diff(Entity::Activity, id.0, Some(&old.fields), Some(&fields))
        })?;
        self.activity(id)
    }

    /// An activity by id, including a soft-deleted one.
    pub fn activity(&self, id: ActivityId) -> Result<Activity> {
        self.conn
            .prepare_cached(&format!(
                "SELECT id, {ACTIVITY_COLUMNS}, created_at, updated_at, deleted_at FROM activities WHERE id = ?1"
            ))?
            .query_row([id.0], activity_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(Entity::Activity, id.0))
    }

    /// A contact's activities, newest first.
    pub fn activities_for_contact(&self, id: ContactId, limit: u32) -> Result<Vec<Activity>> {
        self.activities_where("contact_id", id.0, limit)
    }

    /// A company's activities, newest first.
    pub fn activities_for_company(&self, id: CompanyId, limit: u32) -> Result<Vec<Activity>> {
        self.activities_where("company_id", id.0, limit)
    }

    fn activities_where(&self, column: &str, id: i64, limit: u32) -> Result<Vec<Activity>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, {ACTIVITY_COLUMNS}, created_at, updated_at, deleted_at FROM activities \
             WHERE {column} = ?1 AND deleted_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT ?2"
        ))?;
        Ok(stmt
            .query_map(params![id, limit], activity_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }
}

fn activity_from_row(r: &Row<'_>) -> rusqlite::Result<Activity> {
    Ok(Activity {
        id: ActivityId(r.get(0)?),
        fields: ActivityFields {
            kind: choice(r, 1)?,
            occurred_at: timestamp(r, 2)?,
            direction: opt_choice(r, 3)?,
            subject: r.get(4)?,
            outcome: r.get(5)?,
            body: r.get(6)?,
            duration_minutes: r.get(7)?,
            contact_id: opt_id(r, 8, ContactId)?,
            company_id: opt_id(r, 9, CompanyId)?,
            deal_id: opt_id(r, 10, DealId)?,
            ticket_id: opt_id(r, 11, TicketId)?,
        },
        created_at: timestamp(r, 12)?,
        updated_at: timestamp(r, 13)?,
        deleted_at: opt_timestamp(r, 14)?,
    })
}

fn activity_values(f: &ActivityFields) -> Vec<Value> {
    let opt = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    vec![
        Value::Text(f.kind.as_str().into()),
        Value::Integer(f.occurred_at.0),
        f.direction
            .map_or(Value::Null, |d| Value::Text(d.as_str().into())),
        Value::Text(f.subject.trim().into()),
        Value::Text(f.outcome.trim().into()),
        Value::Text(f.body.clone()),
        opt(f.duration_minutes),
        opt(f.contact_id.map(|i| i.0)),
        opt(f.company_id.map(|i| i.0)),
        opt(f.deal_id.map(|i| i.0)),
        opt(f.ticket_id.map(|i| i.0)),
    ]
}

/// Overwrites the row; shared by edits and undo.
pub(super) fn update_activity_row(
    tx: &Transaction<'_>,
    id: ActivityId,
    fields: &ActivityFields,
    now: Timestamp,
) -> Result<()> {
    let mut values = activity_values(fields);
    values.push(Value::Integer(now.0));
    values.push(Value::Integer(id.0));
    tx.prepare_cached(&format!(
        "UPDATE activities SET ({ACTIVITY_COLUMNS}, updated_at) = \
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) WHERE id = ?13"
    ))?
    .execute(params_from_iter(values))?;
    Ok(())
}

/// Inserts the row; shared by user edits and the demo generator.
pub(crate) fn insert_activity(
    tx: &Transaction<'_>,
    fields: &ActivityFields,
    now: Timestamp,
) -> Result<ActivityId> {
    let mut values = activity_values(fields);
    values.push(Value::Integer(now.0));
    tx.prepare_cached(&format!(
        "INSERT INTO activities ({ACTIVITY_COLUMNS}, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)"
    ))?
    .execute(params_from_iter(values))?;
    Ok(ActivityId(tx.last_insert_rowid()))
}
