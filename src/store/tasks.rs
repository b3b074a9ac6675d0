//! Tasks: follow-ups with a due time, linked to the record they are about.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use super::row::{opt_id, opt_timestamp, timestamp};
use super::{Error, Result, Store};
use crate::domain::task::{DueTasks, Named, TaskLinks, TaskRow};
use crate::domain::*;

const TASK_COLUMNS: &str =
    "title, notes, due_at, done_at, owner, contact_id, company_id, deal_id, ticket_id";

/// A task with the names of the live records it links to, all read in one statement: the columns of
/// `task_from_row`, then those of `links_from_row`. Links to deleted records read as absent.
const TASK_ROW_SELECT: &str = concat!(
    "SELECT t.id, t.title, t.notes, t.due_at, t.done_at, t.owner, \
     t.contact_id, t.company_id, t.deal_id, t.ticket_id, t.created_at, t.updated_at, t.deleted_at, \
     c.id, ",
    crate::written_sql!("c"),
    ", co.id, co.name, d.id, d.title, dc.id, \
     tk.id, tk.subject, tc.id \
     FROM tasks t \
     LEFT JOIN contacts c ON c.id = t.contact_id AND c.deleted_at IS NULL \
     LEFT JOIN companies co ON co.id = t.company_id AND co.deleted_at IS NULL \
     LEFT JOIN deals d ON d.id = t.deal_id AND d.deleted_at IS NULL \
     LEFT JOIN contacts dc ON dc.id = d.contact_id AND dc.deleted_at IS NULL \
     LEFT JOIN tickets tk ON tk.id = t.ticket_id AND tk.deleted_at IS NULL \
     LEFT JOIN contacts tc ON tc.id = tk.contact_id AND tc.deleted_at IS NULL"
);

impl Store {
    pub fn create_task(&mut self, fields: TaskFields) -> Result<Task> {
        fields.validate()?;
        self.ensure_contact_live(fields.contact_id)?;
        let id = self.write(format!("Add task {}", fields.title.trim()), |w| {
            let id = insert_task(&w.tx, &fields, w.now)?;
            w.record_diff(Entity::Task, id.0, None, Some(&fields))?;
            Ok(id)
        })?;
        self.task(id)
    }

    pub fn update_task(&mut self, id: TaskId, fields: TaskFields) -> Result<Task> {
        fields.validate()?;
        let old = self.task(id)?;
        self.write(format!("Edit task {}", fields.title.trim()), |w| {
            write_task(w, id, &old.fields, &fields)
        })?;
        self.task(id)
    }

    /// Marks a task done now; completing a done task keeps its original completion time.
    pub fn complete_task(&mut self, id: TaskId) -> Result<Task> {
        let old = self.task(id)?;
        if old.fields.is_done() {
            return Ok(old);
        }
        self.write(format!("Complete task {}", old.fields.title), |w| {
            let new = TaskFields {
                done_at: Some(w.now),
                ..old.fields.clone()
            };
            write_task(w, id, &old.fields, &new)
        })?;
        self.task(id)
    }

    pub fn reopen_task(&mut self, id: TaskId) -> Result<Task> {
        let old = self.task(id)?;
        if !old.fields.is_done() {
            return Ok(old);
        }
        self.write(format!("Reopen task {}", old.fields.title), |w| {
            let new = TaskFields {
                done_at: None,
                ..old.fields.clone()
            };
            write_task(w, id, &old.fields, &new)
        })?;
        self.task(id)
    }

    /// Moves the due time to `until`.
    pub fn snooze_task(&mut self, id: TaskId, until: Timestamp) -> Result<Task> {
        let old = self.task(id)?;
        self.write(format!("Snooze task {}", old.fields.title), |w| {
            let new = TaskFields {
                due_at: Some(until),
                ..old.fields.clone()
            };
            write_task(w, id, &old.fields, &new)
        })?;
        self.task(id)
    }

    /// A task by id, including a soft-deleted one.
    pub fn task(&self, id: TaskId) -> Result<Task> {
        self.conn
            .prepare_cached(&format!(
                "SELECT id, {TASK_COLUMNS}, created_at, updated_at, deleted_at FROM tasks WHERE id = ?1"
            ))?
            .query_row([id.0], task_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(Entity::Task, id.0))
    }

    /// A contact's tasks: open ones first by due time (undated last), then done ones, newest first.
    pub fn tasks_for_contact(&self, id: ContactId) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, {TASK_COLUMNS}, created_at, updated_at, deleted_at FROM tasks \
             WHERE contact_id = ?1 AND deleted_at IS NULL \
             ORDER BY done_at IS NOT NULL, due_at IS NULL, due_at, done_at DESC, id"
        ))?;
        Ok(stmt
            .query_map([id.0], task_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Open tasks due before `before`, soonest first: the "what is overdue or due today" list.
    pub fn open_tasks_due_before(&self, before: Timestamp, limit: u32) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, {TASK_COLUMNS}, created_at, updated_at, deleted_at FROM tasks \
             WHERE done_at IS NULL AND deleted_at IS NULL AND due_at < ?1 ORDER BY due_at, id LIMIT ?2"
        ))?;
        Ok(stmt
            .query_map(params![before.0, limit], task_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }
    /// The Today view's tasks: open ones due before `before` (soonest first, overdue included) and
    /// the undated ones after them, each with what it is linked to; at most `limit` of each kind.
    /// The counts say how many were left out and how many open tasks fall due later.
    pub fn due_tasks(&self, before: Timestamp, limit: u32) -> Result<DueTasks> {
        // Two range reads of the open-tasks index rather than one OR, so each stays an index walk.
        let mut rows = self.task_rows(
            "t.done_at IS NULL AND t.deleted_at IS NULL AND t.due_at < ?1 ORDER BY t.due_at, t.id LIMIT ?2",
            params![before.0, limit],
        )?;
        rows.extend(self.task_rows(
            "t.done_at IS NULL AND t.deleted_at IS NULL AND t.due_at IS NULL ORDER BY t.id LIMIT ?1",
            params![limit],
        )?);
        let (within, later): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT count(*) FILTER (WHERE due_at IS NULL OR due_at < ?1), \
                        count(*) FILTER (WHERE due_at >= ?1) \
                 FROM tasks WHERE done_at IS NULL AND deleted_at IS NULL",
            )?
            .query_row([before.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(DueTasks {
            not_shown: u64::try_from(within)
                .unwrap_or(0)
                .saturating_sub(rows.len() as u64),
            later: u64::try_from(later).unwrap_or(0),
            rows,
        })
    }

    /// Tasks marked done from `from` up to (not including) `to`, most recently done first.
    pub fn tasks_done_between(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<Vec<TaskRow>> {
        self.task_rows(
            "t.deleted_at IS NULL AND t.done_at >= ?1 AND t.done_at < ?2 \
             ORDER BY t.done_at DESC, t.id DESC LIMIT ?3",
            params![from.0, to.0, limit],
        )
    }

    /// Open tasks falling due from `from` up to (not including) `to`, soonest first: what a reminder
    /// raised every minute announces. Half-open, so back-to-back windows never announce a task twice.
    pub fn open_tasks_due_between(&self, from: Timestamp, to: Timestamp) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, {TASK_COLUMNS}, created_at, updated_at, deleted_at FROM tasks \
             WHERE done_at IS NULL AND deleted_at IS NULL AND due_at >= ?1 AND due_at < ?2 \
             ORDER BY due_at, id"
        ))?;
        Ok(stmt
            .query_map(params![from.0, to.0], task_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn task_rows(&self, filter: &str, params: impl rusqlite::Params) -> Result<Vec<TaskRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{TASK_ROW_SELECT} WHERE {filter}"))?;
        Ok(stmt
            .query_map(params, |r| {
                Ok(TaskRow {
                    task: task_from_row(r)?,
                    links: links_from_row(r)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// The link columns of `TASK_ROW_SELECT`, from column 13 on.
fn links_from_row(r: &Row<'_>) -> rusqlite::Result<TaskLinks> {
    fn named<Id>(r: &Row<'_>, at: usize, id: fn(i64) -> Id) -> rusqlite::Result<Option<Named<Id>>> {
        Ok(match r.get::<_, Option<i64>>(at)? {
            Some(raw) => Some(Named {
                id: id(raw),
                name: r.get(at + 1)?,
            }),
            None => None,
        })
    }
    Ok(TaskLinks {
        contact: named(r, 13, ContactId)?,
        company: named(r, 15, CompanyId)?,
        deal: named(r, 17, DealId)?,
        deal_contact: opt_id(r, 19, ContactId)?,
        ticket: named(r, 20, TicketId)?,
        ticket_contact: opt_id(r, 22, ContactId)?,
    })
}

fn write_task(
    w: &mut super::changelog::Writer<'_>,
    id: TaskId,
    old: &TaskFields,
    new: &TaskFields,
) -> Result<()> {
    update_task_row(&w.tx, id, new, w.now)?;
    w.record_diff(Entity::Task, id.0, Some(old), Some(new))
}

/// Overwrites the row; shared by edits and undo.
pub(super) fn update_task_row(
    tx: &Transaction<'_>,
    id: TaskId,
    fields: &TaskFields,
    now: Timestamp,
) -> Result<()> {
    let mut values = task_values(fields);
    values.push(Value::Integer(now.0));
    values.push(Value::Integer(id.0));
    tx.prepare_cached(&format!(
        "UPDATE tasks SET ({TASK_COLUMNS}, updated_at) = (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) WHERE id = ?11"
    ))?
    .execute(params_from_iter(values))?;
    Ok(())
}

fn task_from_row(r: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: TaskId(r.get(0)?),
        fields: TaskFields {
            title: r.get(1)?,
            notes: r.get(2)?,
            due_at: opt_timestamp(r, 3)?,
            done_at: opt_timestamp(r, 4)?,
            owner: r.get(5)?,
            contact_id: opt_id(r, 6, ContactId)?,
            company_id: opt_id(r, 7, CompanyId)?,
            deal_id: opt_id(r, 8, DealId)?,
            ticket_id: opt_id(r, 9, TicketId)?,
        },
        created_at: timestamp(r, 10)?,
        updated_at: timestamp(r, 11)?,
        deleted_at: opt_timestamp(r, 12)?,
    })
}

fn task_values(f: &TaskFields) -> Vec<Value> {
    let opt = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    vec![
        Value::Text(f.title.trim().into()),
        Value::Text(f.notes.clone()),
        opt(f.due_at.map(|t| t.0)),
        opt(f.done_at.map(|t| t.0)),
        Value::Text(f.owner.trim().into()),
        opt(f.contact_id.map(|i| i.0)),
        opt(f.company_id.map(|i| i.0)),
        opt(f.deal_id.map(|i| i.0)),
        opt(f.ticket_id.map(|i| i.0)),
    ]
}

/// Inserts the row; shared by user edits and the demo generator.
pub(crate) fn insert_task(
    tx: &Transaction<'_>,
    fields: &TaskFields,
    now: Timestamp,
) -> Result<TaskId> {
    let mut values = task_values(fields);
    values.push(Value::Integer(now.0));
    tx.prepare_cached(&format!(
        "INSERT INTO tasks ({TASK_COLUMNS}, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)"
    ))?
    .execute(params_from_iter(values))?;
    Ok(TaskId(tx.last_insert_rowid()))
}
