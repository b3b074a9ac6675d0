//! What the pipeline screen reads: the board (every open stage with its totals and its first cards),
//! the weighted forecast for a period, and the paged, filtered list of deals.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};
use serde::Serialize;

use super::deals::{CARD_SELECT, DealCard, StageTotal, card_from_row};
use super::page::{Page, SortDir};
use super::row::currency;
use super::{Result, Store};
use crate::domain::*;

/// One column of the board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub stage: Stage,
    /// Per currency, over every deal in the stage (not only the cards read).
    pub totals: Vec<StageTotal>,
    pub cards: Page<DealCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Board {
    pub pipeline: Pipeline,
    pub pipelines: Vec<Pipeline>,
    pub columns: Vec<Column>,
}

/// Columns of the deal list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum DealSort {
    Title,
    #[default]
    Amount,
    ExpectedClose,
    Stage,
    Owner,
    Closed,
}

impl DealSort {
    fn order_by(self, dir: SortDir) -> String {
        let d = dir.sql();
        match self {
            DealSort::Title => format!("d.title COLLATE NOCASE {d}, d.id {d}"),
            // Amounts in different currencies are not comparable: each currency's deals together.
            DealSort::Amount => format!("d.currency, d.amount_minor {d}, d.id {d}"),
            DealSort::ExpectedClose => format!("d.expected_close {d}, d.id {d}"),
            DealSort::Stage => format!("s.position {d}, d.id {d}"),
            DealSort::Owner => format!("d.owner COLLATE NOCASE {d}, d.id {d}"),
            DealSort::Closed => format!("d.closed_at {d}, d.id {d}"),
        }
    }
}

/// The date a deal query's date bounds are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DealDates {
    #[default]
    ExpectedClose,
    /// When the deal was won or lost (what the won & lost list shows).
    Closed,
}

/// Which deals the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DealQuery {
    pub pipeline: Option<PipelineId>,
    /// `None`: every deal; otherwise only deals with one of these statuses.
    pub statuses: Option<Vec<DealStatus>>,
    pub owner: Option<String>,
    /// Date bounds (local dates, inclusive), on the date `dates` names.
    pub close_from: Option<chrono::NaiveDate>,
    pub close_to: Option<chrono::NaiveDate>,
    pub dates: DealDates,
    /// Amount bounds, inclusive; only deals in the bound's currency match (yen and euros are not
    /// comparable, and ¥150,000 had matched "1,400 to 1,600").
    pub min_amount: Option<Money>,
    pub max_amount: Option<Money>,
    pub sort: DealSort,
    pub dir: SortDir,
    pub offset: u64,
    pub limit: u32,
}

impl Store {
    /// One window of a stage's column, largest deals first within each currency: the currency
    /// most of the stage's deals are in first, the others after it by code (amounts in different
    /// currencies cannot be ranked against each other). Each currency's run is read in order
    /// from an index, however many deals the stage holds.
    pub fn deals_in_stage(
        &self,
        stage: StageId,
        offset: u64,
        limit: u32,
    ) -> Result<Page<DealCard>> {
        let mut runs: Vec<(String, u64)> = self
            .conn
            .prepare_cached(
                "SELECT currency, count(*) FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL \
                 GROUP BY currency ORDER BY count(*) DESC, currency",
            )?
            .query_map([stage.0], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some((_, others)) = runs.split_first_mut() {
            others.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let total = runs.iter().map(|(_, n)| n).sum();
        let mut rows = Vec::new();
        let (mut skip, mut room) = (offset, u64::from(limit));
        let mut stmt = self.conn.prepare_cached(&format!(
            "{CARD_SELECT} WHERE d.stage_id = ?1 AND d.currency = ?2 AND d.deleted_at IS NULL \
             ORDER BY d.amount_minor DESC, d.id LIMIT ?3 OFFSET ?4"
        ))?;
        for (currency, n) in &runs {
            if room == 0 {
                break;
            }
            if skip >= *n {
                skip -= n;
                continue;
            }
            let found = stmt
                .query_map(
                    params![stage.0, currency, room as i64, skip as i64],
                    card_from_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            room = room.saturating_sub(found.len() as u64);
            rows.extend(found);
            skip = 0;
        }
        Ok(Page {
            rows,
            offset,
            total,
        })
    }

    /// The board of `pipeline` (the first pipeline when `None`), with up to `cards` cards per column;
    /// `None` when the workspace has no pipeline yet.
    pub fn board(&self, pipeline: Option<PipelineId>, cards: u32) -> Result<Option<Board>> {
        let pipelines = self.pipelines()?;
        let Some(chosen) = pipelines
            .iter()
            .find(|p| Some(p.id) == pipeline)
            .or(pipelines.first())
            .cloned()
        else {
            return Ok(None);
        };
        let totals = self.open_stage_totals(chosen.id)?;
        let columns = chosen
            .open_stages()
            .map(|stage| {
                Ok(Column {
                    stage: stage.clone(),
                    totals: totals
                        .iter()
                        .filter(|t| t.stage_id == stage.id)
                        .cloned()
                        .collect(),
                    cards: self.deals_in_stage(stage.id, 0, cards)?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Some(Board {
            pipeline: chosen,
            pipelines,
            columns,
        }))
    }

    /// The weighted value of the open deals expected to close within `period`, per currency.
    pub fn forecast(&self, pipeline: PipelineId, period: Period) -> Result<Vec<Money>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.currency, sum((d.amount_minor * coalesce(d.probability, s.probability) + 50) / 100) \
             FROM deals d INDEXED BY deals_open_by_close JOIN stages s ON s.id = d.stage_id \
             WHERE d.pipeline_id = ?1 AND d.deleted_at IS NULL AND d.status = 'open' \
               AND d.expected_close BETWEEN ?2 AND ?3 \
             GROUP BY d.currency ORDER BY d.currency",
        )?;
        let first = period.first.to_string();
        let last = period.last.to_string();
        Ok(stmt
            .query_map(rusqlite::params![pipeline.0, first, last], |r| {
                Ok(Money::new(r.get(1)?, currency(r, 0)?))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// A page of the deal list, sorted and filtered.
    pub fn deals(&self, q: &DealQuery) -> Result<Page<DealCard>> {
        let mut filter = String::from("d.deleted_at IS NULL");
        let mut args: Vec<Value> = Vec::new();
        let mut arg = |filter: &mut String, sql: &str, value: Value| {
            args.push(value);
            *filter += &sql.replace('?', &format!("?{}", args.len()));
        };
        if let Some(p) = q.pipeline {
            arg(&mut filter, " AND d.pipeline_id = ?", Value::Integer(p.0));
        }
        if let Some(statuses) = &q.statuses {
            let list: Vec<String> = statuses
                .iter()
                .map(|s| format!("'{}'", s.as_str()))
                .collect();
            // The texts come from the closed set of statuses, never from the user.
            filter += &format!(" AND d.status IN ({})", list.join(", "));
        }
        if let Some(owner) = &q.owner {
            arg(
                &mut filter,
                " AND d.owner = ? COLLATE NOCASE",
                Value::Text(owner.clone()),
            );
        }
        match q.dates {
            DealDates::ExpectedClose => {
                if let Some(from) = q.close_from {
                    arg(
                        &mut filter,
                        " AND d.expected_close >= ?",
                        Value::Text(from.to_string()),
                    );
                }
                if let Some(to) = q.close_to {
                    arg(
                        &mut filter,
                        " AND d.expected_close <= ?",
                        Value::Text(to.to_string()),
                    );
                }
            }
            DealDates::Closed => {
                // From the start of the first local day to the start of the day after the last.
                if let Some(from) = q.close_from {
                    let at = Timestamp::at_local(from, 0);
                    arg(&mut filter, " AND d.closed_at >= ?", Value::Integer(at.0));
                }
                if let Some(after) = q.close_to.and_then(|to| to.succ_opt()) {
                    let at = Timestamp::at_local(after, 0);
                    arg(&mut filter, " AND d.closed_at < ?", Value::Integer(at.0));
                }
            }
        }
        for (bound, op) in [(q.min_amount, ">="), (q.max_amount, "<=")] {
            if let Some(m) = bound {
                arg(
                    &mut filter,
                    " AND d.currency = ?",
                    Value::Text(m.currency.code().to_string()),
                );
                arg(
                    &mut filter,
                    &format!(" AND d.amount_minor {op} ?"),
                    Value::Integer(m.minor),
                );
            }
        }
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM deals d JOIN stages s ON s.id = d.stage_id WHERE {filter}"
            ))?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        let rows = self
            .conn
            .prepare_cached(&format!(
                "{CARD_SELECT} WHERE {filter} ORDER BY {} LIMIT {} OFFSET {}",
                q.sort.order_by(q.dir),
                q.limit,
                q.offset
            ))?
            .query_map(params_from_iter(args.iter()), card_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            rows,
            offset: q.offset,
            total: total as u64,
        })
    }

    /// The people deals are assigned to, for the list's owner filter.
    pub fn deal_owners(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT owner FROM deals WHERE deleted_at IS NULL AND owner <> '' ORDER BY owner COLLATE NOCASE",
        )?;
        let named: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(super::team::with_team(named, self.team()?))
    }
}
