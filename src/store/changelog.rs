//! Every write goes through a `Writer`: one immediate transaction, and one change set in the log that
//! says who did what, to which record, with the old and new value of every field that changed.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use serde_json::{Map, Value};

use super::row::RecordId;
use super::{Error, Result, Store};
use crate::domain::change::{Change, ChangeSet, diff};
use crate::domain::{ChangeOp, ChangeSetId, ContactId, Entity, TaskId, Timestamp};

pub(crate) struct Writer<'a> {
    pub tx: Transaction<'a>,
    pub now: Timestamp,
    actor: &'a str,
    label: String,
    set_id: Option<i64>,
    logged: bool,
}

/// Puts every change Undo took back out of Redo's reach: after something new is done, an erasure,
/// or a restore (Redo had merged two people again whom the user had parted before the backup).
pub(super) const DISCARD_REDO: &str = "INSERT OR IGNORE INTO redo_discarded (change_set_id) \
     SELECT id FROM change_sets WHERE undone = 1";

impl Store {
    /// Runs `f` in one transaction recorded as one change set named `label`; nothing is kept if `f` fails.
    pub(crate) fn write<T>(
        &mut self,
        label: impl Into<String>,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_with(label.into(), true, true, f)
    }

    /// Like `write`, but with `keep` false the transaction is rolled back once `f` has run: a dry
    /// run that sees exactly what the real run would do (ids, matches) and leaves nothing behind.
    pub(crate) fn write_or_rollback<T>(
        &mut self,
        label: impl Into<String>,
        keep: bool,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_with(label.into(), true, keep, f)
    }

    /// Like `write`, without change-log entries: for generated data (the demo workspace), which is the
    /// starting point of a workspace rather than something a user did and may want to undo.
    pub(crate) fn write_unlogged<T>(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_with(String::new(), false, true, f)
    }

    fn write_with<T>(
        &mut self,
        label: String,
        logged: bool,
        keep: bool,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.writable()?;
        let now = self.now();
        // IMMEDIATE takes the write lock up front, so two windows on one file wait instead of failing
        // half-way with SQLITE_BUSY when a read would have to become a write.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut w = Writer {
            tx,
            now,
            actor: &self.actor,
            label,
            set_id: None,
            logged,
        };
        let out = f(&mut w)?;
        let set = w.set_id;
        if keep {
            w.tx.commit()?;
            if let Some(id) = set {
                self.written = Some(ChangeSetId(id));
            }
        } else {
            w.tx.rollback()?;
        }
        Ok(out)
    }

    /// The newest change sets first, for the audit trail.
    pub fn change_sets(&self, limit: u32) -> Result<Vec<ChangeSet>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, actor, label FROM change_sets ORDER BY id DESC LIMIT ?1",
        )?;
        let sets = stmt
            .query_map([limit], |r| {
                Ok(ChangeSet {
                    id: ChangeSetId(r.get(0)?),
                    at: Timestamp(r.get(1)?),
                    actor: r.get(2)?,
                    label: r.get(3)?,
                    changes: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        sets.into_iter()
            .map(|mut set| {
                set.changes = self.changes_in(set.id)?;
                Ok(set)
            })
            .collect()
    }

    pub(super) fn changes_in(&self, set: ChangeSetId) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached("SELECT entity, entity_id, op, fields, last_entity_id FROM changes WHERE change_set_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([set.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (entity, entity_id, op, fields, last_entity_id) = row?;
            let corrupt = |what: &str| Error::Corrupt(format!("change log entry with {what}"));
            Ok(Change {
                entity: entity.parse().map_err(|_| corrupt("unknown entity"))?,
                entity_id,
                last_entity_id,
                op: op.parse().map_err(|_| corrupt("unknown operation"))?,
                fields: serde_json::from_str(&fields)?,
            })
        })
        .collect()
    }

    /// Soft-deletes a record: it disappears from lists and search but can be restored (and undone).
    /// Deletes a record (it can be restored, and Undo takes the deletion back). A contact's open
    /// tasks go with it, in the same change set: a follow-up with someone no longer there would
    /// stay overdue in the task list, linked to nothing.
    pub fn delete<I: RecordId>(&mut self, id: I) -> Result<()> {
        let label = format!("Delete {}", self.describe(id)?);
        self.write(label, |w| {
            let along = w.open_tasks_of(I::ENTITY, id.raw())?;
            w.set_deleted(id, true)?;
            along
                .into_iter()
                .try_for_each(|task| w.set_deleted(task, true))
        })
    }

    /// Restores a deleted record, and the tasks its deletion took with it.
    pub fn restore<I: RecordId>(&mut self, id: I) -> Result<()> {
        // An erased person's card is kept only so their deals and orders still add up: brought
        // back it was a live "Erased person" one could log calls with, counted and targeted.
        if I::ENTITY == Entity::Contact && self.contact(ContactId(id.raw()))?.is_erased() {
            return Err(Error::NotAllowed(
                "this person was erased at their request: an erased person cannot be restored \
                 (add them again as a new contact if they come back)"
                    .into(),
            ));
        }
        let label = format!("Restore {}", self.describe(id)?);
        self.write(label, |w| {
            let along = w.tasks_deleted_with(I::ENTITY, id.raw())?;
            w.set_deleted(id, false)?;
            along
                .into_iter()
                .try_for_each(|task| w.set_deleted(task, false))
        })
    }

    /// "contact Ada Lovelace": the kind of record and its title, for change-set labels.
    fn describe<I: RecordId>(&self, id: I) -> Result<String> {
        let title: Option<String> = self
            .conn
            .query_row(
                &format!(
                    "SELECT CAST({} AS TEXT) FROM {} WHERE id = ?1",
                    I::TITLE_SQL,
                    I::TABLE
                ),
                [id.raw()],
                |r| r.get(0),
            )
            .optional()?;
        let title = title.ok_or_else(|| Error::not_found(I::ENTITY, id.raw()))?;
        let kind = I::ENTITY.label().to_lowercase();
        Ok(if title.trim().is_empty() {
            format!("{kind} {}", id.raw())
        } else {
            format!("{kind} {}", title.trim())
        })
    }
}

impl Writer<'_> {
    /// The live open tasks about contact `id` and nothing else still there (none for other kinds
    /// of record): a task also about a live deal, ticket or company stays for it.
    fn open_tasks_of(&self, entity: Entity, id: i64) -> Result<Vec<TaskId>> {
        self.task_ids(
            entity,
            "SELECT t.id FROM tasks t WHERE t.contact_id = ?1 AND t.done_at IS NULL AND t.deleted_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM deals WHERE id = t.deal_id AND deleted_at IS NULL) \
             AND NOT EXISTS (SELECT 1 FROM tickets WHERE id = t.ticket_id AND deleted_at IS NULL) \
             AND NOT EXISTS (SELECT 1 FROM companies WHERE id = t.company_id AND deleted_at IS NULL)",
            id,
        )
    }

    /// The tasks about deleted contact `id` that were deleted when it was, in the same moment.
    fn tasks_deleted_with(&self, entity: Entity, id: i64) -> Result<Vec<TaskId>> {
        self.task_ids(
            entity,
            "SELECT t.id FROM tasks t JOIN contacts c ON c.id = t.contact_id \
             WHERE t.contact_id = ?1 AND t.deleted_at = c.deleted_at",
            id,
        )
    }

    fn task_ids(&self, entity: Entity, sql: &str, id: i64) -> Result<Vec<TaskId>> {
        if entity != Entity::Contact {
            return Ok(Vec::new());
        }
        Ok(self
            .tx
            .prepare_cached(sql)?
            .query_map([id], |r| Ok(TaskId(r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Adds one record's change to this write's change set (created on first use).
    pub fn record(
        &mut self,
        entity: Entity,
        entity_id: i64,
        op: ChangeOp,
        fields: Map<String, Value>,
    ) -> Result<()> {
        if !self.logged || (op == ChangeOp::Update && fields.is_empty()) {
            return Ok(());
        }
        let set_id = self.set_id()?;
        self.tx.prepare_cached("INSERT INTO changes (change_set_id, entity, entity_id, op, fields) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(
            params![set_id, entity.as_str(), entity_id, op.as_str(), Value::Object(fields).to_string()],
        )?;
        Ok(())
    }

    /// Logs the creation of the records `first..=last` (consecutive ids written by this write) as
    /// one change: Undo soft-deletes the run, Redo restores it. The fields are not copied into the
    /// log — they are in the records, which Undo keeps — so a large import logs a few rows, not a
    /// copy of every person in it.
    pub fn record_created_run(&mut self, entity: Entity, first: i64, last: i64) -> Result<()> {
        if !self.logged {
            return Ok(());
        }
        let set_id = self.set_id()?;
        self.tx.prepare_cached("INSERT INTO changes (change_set_id, entity, entity_id, last_entity_id, op, fields) VALUES (?1, ?2, ?3, ?4, ?5, '{}')")?.execute(
            params![set_id, entity.as_str(), first, last, ChangeOp::Create.as_str()],
        )?;
        Ok(())
    }

    /// This write's change set, created on first use so a write that changes nothing logs nothing.
    fn set_id(&mut self) -> Result<i64> {
        if let Some(id) = self.set_id {
            return Ok(id);
        }
        // Something new after an Undo: what could have been redone no longer can be.
        self.tx.prepare_cached(DISCARD_REDO)?.execute([])?;
        self.tx.execute(
            "INSERT INTO change_sets (at, actor, label) VALUES (?1, ?2, ?3)",
            params![self.now.0, self.actor, self.label],
        )?;
        Ok(*self.set_id.insert(self.tx.last_insert_rowid()))
    }

    /// Records a create, an update (only the fields that differ) or a delete of serializable fields.
    pub fn record_diff<T: Serialize>(
        &mut self,
        entity: Entity,
        id: i64,
        old: Option<&T>,
        new: Option<&T>,
    ) -> Result<()> {
        if !self.logged {
            return Ok(());
        }
        let op = match (old, new) {
            (None, _) => ChangeOp::Create,
            (Some(_), Some(_)) => ChangeOp::Update,
            (Some(_), None) => ChangeOp::Delete,
        };
        let as_json = |v: Option<&T>| {
            v.map(serde_json::to_value)
                .transpose()
                .map(Option::unwrap_or_default)
        };
        self.record(entity, id, op, diff(&as_json(old)?, &as_json(new)?))
    }

    pub fn set_deleted<I: RecordId>(&mut self, id: I, deleted: bool) -> Result<()> {
        self.set_deleted_noting(id, deleted, Map::new())
    }

    /// [`Self::set_deleted`], with `note` logged beside the deletion (a merge names the contact
    /// the deleted one went into); Undo and Redo read only `deleted_at`.
    pub fn set_deleted_noting<I: RecordId>(
        &mut self,
        id: I,
        deleted: bool,
        note: Map<String, Value>,
    ) -> Result<()> {
        let table = I::TABLE;
        let current: Option<Option<i64>> = self
            .tx
            .query_row(
                &format!("SELECT deleted_at FROM {table} WHERE id = ?1"),
                [id.raw()],
                |r| r.get(0),
            )
            .optional()?;
        let Some(current) = current else {
            return Err(Error::not_found(I::ENTITY, id.raw()));
        };
        if current.is_some() == deleted {
            return Ok(());
        }
        let target = deleted.then_some(self.now.0);
        self.tx.execute(
            &format!("UPDATE {table} SET deleted_at = ?1 WHERE id = ?2"),
            params![target, id.raw()],
        )?;
        let mut fields = note;
        fields.insert(
            "deleted_at".into(),
            Value::Array(vec![current.into(), target.into()]),
        );
        let op = if deleted {
            ChangeOp::Delete
        } else {
            ChangeOp::Restore
        };
        self.record(I::ENTITY, id.raw(), op, fields)
    }
}
