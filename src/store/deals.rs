//! Pipelines with their ordered stages, deals, and the stage history that pipeline reports read.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};
use serde::Serialize;

use super::changelog::Writer;
use super::row::{choice, currency, date, date_text, money, opt_id, opt_timestamp, timestamp};
use super::{Error, Result, Store};
use crate::domain::*;

const DEAL_COLUMNS: &str = "title, pipeline_id, stage_id, contact_id, company_id, amount_minor, currency, \
     probability, expected_close, status, lost_reason, owner, notes";

/// One step of a deal's way through the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageMove {
    pub from: Option<StageId>,
    pub to: StageId,
    pub at: Timestamp,
}

/// What one pipeline column adds up to, per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageTotal {
    pub stage_id: StageId,
    pub deals: i64,
    pub amount: Money,
    /// Each deal's amount times its probability, rounded half away from zero per deal.
    pub weighted: Money,
}

/// A deal as a card on the pipeline board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealCard {
    pub id: DealId,
    pub title: String,
    pub company: Option<String>,
    pub contact: Option<String>,
    pub amount: Money,
    pub probability: i64,
    pub status: DealStatus,
    pub expected_close: Option<chrono::NaiveDate>,
    pub stage_changed_at: Timestamp,
    pub owner: String,
    pub stage_id: StageId,
    pub lost_reason: String,
    pub closed_at: Option<Timestamp>,
    pub contact_id: Option<ContactId>,
}

/// The columns of a deal card, read the same way wherever deals are listed.
pub(super) const CARD_SELECT: &str = concat!(
    "SELECT d.id, d.title, co.name, \
        nullif(",
    crate::written_sql!("c"),
    ", ''), d.amount_minor, d.currency, \
        CASE d.status WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE coalesce(d.probability, s.probability) END, \
        d.status, d.expected_close, d.stage_changed_at, d.owner, d.stage_id, d.lost_reason, d.closed_at, d.contact_id \
     FROM deals d JOIN stages s ON s.id = d.stage_id \
     LEFT JOIN companies co ON co.id = d.company_id LEFT JOIN contacts c ON c.id = d.contact_id"
);

pub(super) fn card_from_row(r: &Row<'_>) -> rusqlite::Result<DealCard> {
    Ok(DealCard {
        id: DealId(r.get(0)?),
        title: r.get(1)?,
        company: r.get(2)?,
        contact: r.get(3)?,
        amount: money(r, 4, 5)?,
        probability: r.get(6)?,
        status: choice(r, 7)?,
        expected_close: date(r, 8)?,
        stage_changed_at: timestamp(r, 9)?,
        owner: r.get(10)?,
        stage_id: StageId(r.get(11)?),
        lost_reason: r.get(12)?,
        closed_at: opt_timestamp(r, 13)?,
        contact_id: opt_id(r, 14, ContactId)?,
    })
}

impl Store {
    /// Every pipeline with its stages in board order.
    pub fn pipelines(&self) -> Result<Vec<Pipeline>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, position FROM pipelines WHERE deleted_at IS NULL ORDER BY position, id",
        )?;
        let pipelines = stmt
            .query_map([], |r| {
                Ok(Pipeline {
                    id: PipelineId(r.get(0)?),
                    name: r.get(1)?,
                    position: r.get(2)?,
                    stages: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        pipelines
            .into_iter()
            .map(|mut p| {
                p.stages = self.stages(p.id)?;
                Ok(p)
            })
            .collect()
    }

    fn stages(&self, pipeline: PipelineId) -> Result<Vec<Stage>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, position, probability, outcome FROM stages \
             WHERE pipeline_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
        )?;
        Ok(stmt
            .query_map([pipeline.0], |r| {
                Ok(Stage {
                    id: StageId(r.get(0)?),
                    pipeline_id: pipeline,
                    fields: StageFields {
                        name: r.get(1)?,
                        position: r.get(2)?,
                        probability: r.get(3)?,
                        outcome: choice(r, 4)?,
                    },
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn stage(&self, id: StageId) -> Result<Stage> {
        self.conn
            .prepare_cached(
                "SELECT pipeline_id, name, position, probability, outcome FROM stages WHERE id = ?1",
            )?
            .query_row([id.0], |r| {
                Ok(Stage {
                    id,
                    pipeline_id: PipelineId(r.get(0)?),
                    fields: StageFields {
                        name: r.get(1)?,
                        position: r.get(2)?,
                        probability: r.get(3)?,
                        outcome: choice(r, 4)?,
                    },
                })
            })
            .optional()?
            .ok_or_else(|| Error::not_found(Entity::Stage, id.0))
    }

    pub fn create_pipeline(&mut self, name: &str, stages: &[StageFields]) -> Result<Pipeline> {
        let mut c = Checker::new();
        c.non_empty("name", name);
        if stages.is_empty() {
            c.fail("stages", Problem::Empty);
        }
        c.finish()?;
        for stage in stages {
            stage.validate()?;
        }
        let position: i64 = self.conn.query_row(
            "SELECT coalesce(max(position) + 1, 0) FROM pipelines",
            [],
            |r| r.get(0),
        )?;
        let id = self.write(format!("Create pipeline {}", name.trim()), |w| {
            let (id, _) = insert_pipeline(&w.tx, name.trim(), position, stages)?;
            let mut fields = serde_json::Map::new();
            fields.insert("name".into(), serde_json::json!([null, name.trim()]));
            fields.insert("stages".into(), serde_json::json!([null, stages]));
            w.record(Entity::Pipeline, id.0, ChangeOp::Create, fields)?;
            Ok(id)
        })?;
        self.pipelines()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::not_found(Entity::Pipeline, id.0))
    }

    /// The first pipeline, creating the standard sales pipeline in an empty workspace.
    pub fn ensure_default_pipeline(&mut self) -> Result<Pipeline> {
        match self.pipelines()?.into_iter().next() {
            Some(p) => Ok(p),
            // Setting up an empty workspace is not something the user did, so it is not logged
            // (and cannot be undone away).
            None => {
                let stages = default_stages();
                self.write_unlogged(|w| insert_pipeline(&w.tx, "Sales", 0, &stages))?;
                self.pipelines()?
                    .into_iter()
                    .next()
                    .ok_or_else(|| Error::Corrupt("the new pipeline vanished".into()))
            }
        }
    }

    /// Renames a stage or changes its default probability; its outcome kind stays as created.
    pub fn update_stage(&mut self, id: StageId, fields: StageFields) -> Result<Stage> {
        fields.validate()?;
        let old = self.stage(id)?;
        // Two stages of one name make the board, the stage pickers and the charts ambiguous.
        // The other stage is named as it is written ("Needs analysis"), not as typed here.
        let taken: Option<String> = self
            .conn
            .query_row(
                "SELECT name FROM stages WHERE id <> ?1 \
                   AND pipeline_id = (SELECT pipeline_id FROM stages WHERE id = ?1) \
                   AND lower(trim(name)) = lower(trim(?2)) LIMIT 1",
                params![id.0, fields.name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = taken {
            return Err(Error::Invalid(Invalid::one(
                "name",
                Problem::NotAllowed(format!(
                    "another stage of this pipeline is called {:?}",
                    other.trim()
                )),
            )));
        }
        if old.fields.outcome != fields.outcome {
            return Err(Error::Invalid(Invalid::one(
                "outcome",
                Problem::NotAllowed("a stage's outcome cannot change once deals use it".into()),
            )));
        }
        self.write(format!("Edit stage {}", fields.name.trim()), |w| {
            update_stage_row(&w.tx, id, &fields)?;
            w.record_diff(Entity::Stage, id.0, Some(&old.fields), Some(&fields))
        })?;
        self.stage(id)
    }

    /// Creates a deal in its stage; its status follows the stage (a deal created in "Won" is won).
    pub fn create_deal(&mut self, mut fields: DealFields) -> Result<Deal> {
        let stage = self.stage_of_pipeline(fields.pipeline_id, fields.stage_id)?;
        fields.status = status_for(stage.fields.outcome);
        // The user's today as much as UTC's: in UTC alone a deal closing "today" late in an
        // American afternoon was refused as closing before it was created.
        fields.validate(self.now().first_day())?;
        let id = self.write(format!("Create deal {}", fields.title.trim()), |w| {
            let id = insert_deal(&w.tx, &fields, w.now)?;
            if fields.status != DealStatus::Open {
                finish_deal(
                    &w.tx,
                    id,
                    fields.stage_id,
                    fields.status,
                    &fields.lost_reason,
                    w.now,
                )?;
            }
            w.record_diff(Entity::Deal, id.0, None, Some(&fields))?;
            Ok(id)
        })?;
        self.deal(id)
    }

    /// Saves a deal's fields; a stage change is recorded in its history like a move on the board.
    pub fn update_deal(&mut self, id: DealId, mut fields: DealFields) -> Result<Deal> {
        let old = self.live_deal(id)?;
        let stage = self.stage_of_pipeline(fields.pipeline_id, fields.stage_id)?;
        fields.status = status_for(stage.fields.outcome);
        fields.validate(old.created_at.earliest_day())?;
        // A won or lost deal put back in an open stage is reopened, and Undo's label says so
        // ("Edit deal" alone hid what it would take back).
        let verb = match (old.fields.status, fields.status) {
            (DealStatus::Won | DealStatus::Lost, DealStatus::Open) => "Reopen deal",
            _ => "Edit deal",
        };
        self.write(format!("{verb} {}", fields.title.trim()), |w| {
            save_deal(w, id, &old, &fields)
        })?;
        self.deal(id)
    }

    /// Moves a deal to another stage, as dragging its card does. Moving to a lost stage needs a reason.
    pub fn move_deal(
        &mut self,
        id: DealId,
        to: StageId,
        lost_reason: Option<&str>,
    ) -> Result<Deal> {
        let old = self.live_deal(id)?;
        let stage = self.stage_of_pipeline(old.fields.pipeline_id, to)?;
        let mut fields = old.fields.clone();
        if !fields.move_to(&stage, lost_reason) {
            return Ok(old);
        }
        fields.validate(old.created_at.earliest_day())?;
        let label = format!("Move {} to {}", fields.title, stage.fields.name);
        self.write(label, |w| save_deal(w, id, &old, &fields))?;
        self.deal(id)
    }

    /// Deal `id`, refused when it was deleted meanwhile: a form or card still showing it (a
    /// company page not yet read again) would otherwise write onto a deal no one sees.
    fn live_deal(&self, id: DealId) -> Result<Deal> {
        let deal = self.deal(id)?;
        if deal.deleted_at.is_some() {
            return Err(super::Error::deleted_meanwhile(
                deal.fields.title.trim(),
                "deal",
            ));
        }
        Ok(deal)
    }

    fn stage_of_pipeline(&self, pipeline: PipelineId, stage: StageId) -> Result<Stage> {
        let stage = self.stage(stage)?;
        if stage.pipeline_id != pipeline {
            return Err(Error::Invalid(Invalid::one(
                "stage_id",
                Problem::NotAllowed("the stage belongs to another pipeline".into()),
            )));
        }
        Ok(stage)
    }

    /// A deal by id, including a soft-deleted one.
    pub fn deal(&self, id: DealId) -> Result<Deal> {
        self.conn
            .prepare_cached(&format!(
                "SELECT id, {DEAL_COLUMNS}, created_at, updated_at, stage_changed_at, closed_at, deleted_at \
                 FROM deals WHERE id = ?1"
            ))?
            .query_row([id.0], deal_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(Entity::Deal, id.0))
    }

    /// The stages a deal went through, oldest first; the first entry is where it was created.
    pub fn stage_history(&self, id: DealId) -> Result<Vec<StageMove>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT from_stage_id, to_stage_id, changed_at FROM deal_stage_history WHERE deal_id = ?1 ORDER BY changed_at, id",
        )?;
        Ok(stmt
            .query_map([id.0], |r| {
                Ok(StageMove {
                    from: opt_id(r, 0, StageId)?,
                    to: StageId(r.get(1)?),
                    at: timestamp(r, 2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Count, total and weighted total of the live deals in each stage of a pipeline, summed in SQL in
    /// integers so a board of any size costs one query and no rounding drift.
    pub fn stage_totals(&self, pipeline: PipelineId) -> Result<Vec<StageTotal>> {
        self.totals(pipeline, "")
    }

    /// The totals of the board's columns only: closed deals, usually most of them, are not read.
    pub(super) fn open_stage_totals(&self, pipeline: PipelineId) -> Result<Vec<StageTotal>> {
        self.totals(pipeline, "AND s.outcome = 'open'")
    }

    fn totals(&self, pipeline: PipelineId, stages: &str) -> Result<Vec<StageTotal>> {
        // Each stage's sums come from the covering index deals_stage_totals, not the deal rows.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT s.id, d.currency, count(*), sum(d.amount_minor), \
                    sum((d.amount_minor * CASE d.status WHEN 'won' THEN 100 WHEN 'lost' THEN 0 \
                         ELSE coalesce(d.probability, s.probability) END + 50) / 100) \
             FROM stages s JOIN deals d ON d.stage_id = s.id AND d.deleted_at IS NULL \
             WHERE s.pipeline_id = ?1 AND s.deleted_at IS NULL {stages} \
             GROUP BY s.id, d.currency ORDER BY s.position, s.id, d.currency"
        ))?;
        Ok(stmt
            .query_map([pipeline.0], |r| {
                let currency = currency(r, 1)?;
                Ok(StageTotal {
                    stage_id: StageId(r.get(0)?),
                    deals: r.get(2)?,
                    amount: Money::new(r.get(3)?, currency),
                    weighted: Money::new(r.get(4)?, currency),
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// Overwrites a stage's name, place and probability (never its outcome); shared by edits and undo.
pub(super) fn update_stage_row(
    tx: &Transaction<'_>,
    id: StageId,
    fields: &StageFields,
) -> Result<()> {
    tx.execute(
        "UPDATE stages SET name = ?1, position = ?2, probability = ?3 WHERE id = ?4",
        params![
            fields.name.trim(),
            fields.position,
            fields.probability,
            id.0
        ],
    )?;
    Ok(())
}

fn status_for(outcome: StageOutcome) -> DealStatus {
    match outcome {
        StageOutcome::Open => DealStatus::Open,
        StageOutcome::Won => DealStatus::Won,
        StageOutcome::Lost => DealStatus::Lost,
    }
}

fn save_deal(w: &mut Writer<'_>, id: DealId, old: &Deal, fields: &DealFields) -> Result<()> {
    update_deal_row(&w.tx, id, &old.fields, fields, w.now, w.now)?;
    w.record_diff(Entity::Deal, id.0, Some(&old.fields), Some(fields))
}

/// Overwrites the row; a stage change goes into the history and a status change opens or closes the
/// deal. Shared by edits, moves and undo.
/// Writes a deal's fields at `now`; a move to another stage, and a close or reopen, are dated
/// `decided` (now, but when redone the time they were first made).
pub(super) fn update_deal_row(
    tx: &Transaction<'_>,
    id: DealId,
    old: &DealFields,
    fields: &DealFields,
    now: Timestamp,
    decided: Timestamp,
) -> Result<()> {
    let mut values = deal_values(fields);
    values.push(Value::Integer(now.0));
    values.push(Value::Integer(id.0));
    tx.prepare_cached(&format!(
        "UPDATE deals SET ({DEAL_COLUMNS}, updated_at) = \
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) WHERE id = ?15"
    ))?
    .execute(params_from_iter(values))?;
    if fields.stage_id != old.stage_id {
        insert_stage_move(tx, id, old.stage_id, fields.stage_id, decided)?;
    }
    if fields.status != old.status {
        let closed = (fields.status != DealStatus::Open).then_some(decided.0);
        tx.execute(
            "UPDATE deals SET closed_at = ?1 WHERE id = ?2",
            params![closed, id.0],
        )?;
    }
    Ok(())
}

fn deal_from_row(r: &Row<'_>) -> rusqlite::Result<Deal> {
    Ok(Deal {
        id: DealId(r.get(0)?),
        fields: DealFields {
            title: r.get(1)?,
            pipeline_id: PipelineId(r.get(2)?),
            stage_id: StageId(r.get(3)?),
            contact_id: opt_id(r, 4, ContactId)?,
            company_id: opt_id(r, 5, CompanyId)?,
            amount: money(r, 6, 7)?,
            probability: r.get(8)?,
            expected_close: date(r, 9)?,
            status: choice(r, 10)?,
            lost_reason: r.get(11)?,
            owner: r.get(12)?,
            notes: r.get(13)?,
        },
        created_at: timestamp(r, 14)?,
        updated_at: timestamp(r, 15)?,
        stage_changed_at: timestamp(r, 16)?,
        closed_at: opt_timestamp(r, 17)?,
        deleted_at: opt_timestamp(r, 18)?,
    })
}

fn deal_values(f: &DealFields) -> Vec<Value> {
    let opt = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    vec![
        Value::Text(f.title.trim().into()),
        Value::Integer(f.pipeline_id.0),
        Value::Integer(f.stage_id.0),
        opt(f.contact_id.map(|i| i.0)),
        opt(f.company_id.map(|i| i.0)),
        Value::Integer(f.amount.minor),
        Value::Text(f.amount.currency.code().into()),
        opt(f.probability),
        date_text(f.expected_close).map_or(Value::Null, Value::Text),
        Value::Text(f.status.as_str().into()),
        Value::Text(f.lost_reason.trim().into()),
        Value::Text(f.owner.trim().into()),
        Value::Text(f.notes.clone()),
    ]
}

/// Inserts a pipeline and its stages; shared by user edits and the demo generator.
pub(crate) fn insert_pipeline(
    tx: &Transaction<'_>,
    name: &str,
    position: i64,
    stages: &[StageFields],
) -> Result<(PipelineId, Vec<StageId>)> {
    tx.execute(
        "INSERT INTO pipelines (name, position) VALUES (?1, ?2)",
        params![name, position],
    )?;
    let pipeline = PipelineId(tx.last_insert_rowid());
    let mut ids = Vec::with_capacity(stages.len());
    for s in stages {
        tx.execute(
            "INSERT INTO stages (pipeline_id, name, position, probability, outcome) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![pipeline.0, s.name.trim(), s.position, s.probability, s.outcome.as_str()],
        )?;
        ids.push(StageId(tx.last_insert_rowid()));
    }
    Ok((pipeline, ids))
}

/// Inserts an open deal in its first stage, with that stage as the first step of its history.
pub(crate) fn insert_deal(
    tx: &Transaction<'_>,
    fields: &DealFields,
    created_at: Timestamp,
) -> Result<DealId> {
    let mut values = deal_values(fields);
    values.push(Value::Integer(created_at.0));
    tx.prepare_cached(&format!(
        "INSERT INTO deals ({DEAL_COLUMNS}, stage_changed_at, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?14)"
    ))?
    .execute(params_from_iter(values))?;
    let id = DealId(tx.last_insert_rowid());
    tx.prepare_cached(
        "INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, changed_at) VALUES (?1, NULL, ?2, ?3)",
    )?
    .execute(params![id.0, fields.stage_id.0, created_at.0])?;
    Ok(id)
}

/// Moves a deal between stages and notes the step in its history.
pub(crate) fn insert_stage_move(
    tx: &Transaction<'_>,
    deal: DealId,
    from: StageId,
    to: StageId,
    at: Timestamp,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, changed_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![deal.0, from.0, to.0, at.0])?;
    tx.prepare_cached("UPDATE deals SET stage_id = ?1, stage_changed_at = ?2 WHERE id = ?3")?
        .execute(params![to.0, at.0, deal.0])?;
    Ok(())
}

/// Takes a stage move back out of a deal's history once Undo has moved the deal back (which wrote
/// a move of its own): both moves go, and the deal has been in its stage — and closed, if it is —
/// since it last entered it, not since the Undo.
pub(crate) fn forget_last_move(tx: &Transaction<'_>, deal: DealId) -> Result<()> {
    tx.execute(
        "DELETE FROM deal_stage_history WHERE id IN (SELECT id FROM deal_stage_history \
         WHERE deal_id = ?1 ORDER BY changed_at DESC, id DESC LIMIT 2)",
        [deal.0],
    )?;
    tx.execute(
        "UPDATE deals SET stage_changed_at = coalesce((SELECT changed_at FROM deal_stage_history \
           WHERE deal_id = ?1 ORDER BY changed_at DESC, id DESC LIMIT 1), created_at) WHERE id = ?1",
        [deal.0],
    )?;
    tx.execute(
        "UPDATE deals SET closed_at = CASE status WHEN 'open' THEN NULL ELSE stage_changed_at END \
         WHERE id = ?1",
        [deal.0],
    )?;
    Ok(())
}

/// Settles where a deal ended up: its final stage, status, lost reason and (if decided) close time.
pub(crate) fn finish_deal(
    tx: &Transaction<'_>,
    deal: DealId,
    stage: StageId,
    status: DealStatus,
    lost_reason: &str,
    at: Timestamp,
) -> Result<()> {
    let closed = (status != DealStatus::Open).then_some(at.0);
    tx.prepare_cached(
        "UPDATE deals SET stage_id = ?1, status = ?2, lost_reason = ?3, closed_at = ?4, updated_at = max(updated_at, ?5) WHERE id = ?6",
    )?
    .execute(params![stage.0, status.as_str(), lost_reason.trim(), closed, at.0, deal.0])?;
    Ok(())
}
