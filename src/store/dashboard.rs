//! The owner's dashboard: the pipeline funnel, revenue by month with the weighted forecast, tickets
//! and satisfaction by month, campaign returns, and the headline figures. Each figure is in the
//! workspace's main currency (the one most deals, or campaigns, use); amounts in other currencies
//! are never added to it as if they were the same money: the open pipeline and this month's wins
//! list them beside it, and the charts say which currency they show.
//!
//! Months are calendar months on the user's clock: the caller passes today's local date, and
//! timestamps are grouped by SQLite's `localtime`, as the ticket figures are.

use chrono::{Months, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::domain::dashboard::{
    CampaignReturn, FunnelStage, Kpis, MonthRevenue, OtherPipeline, PipelineFunnel, RevenueByMonth,
    TicketMonth,
};
use crate::domain::{Currency, Money, Period, PipelineId, Timestamp, roi_percent};

/// Months of history the dashboard shows, the current month included.
pub const HISTORY_MONTHS: u32 = 12;

/// The `meta` key of the currency the business works in (a workspace setting: it moves with the
/// workspace's JSON file).
const HOME_CURRENCY_KEY: &str = "home_currency";

/// What is wrong with `meta`'s currency as a workspace file brings it, if anything.
pub(super) fn check_home_currency(conn: &rusqlite::Connection) -> Result<()> {
    let code: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [HOME_CURRENCY_KEY],
            |r| r.get(0),
        )
        .optional()?;
    match code {
        Some(code) if !Currency::new(&code).is_ok_and(|c| c.is_iso_4217()) => {
            Err(super::Error::NotAllowed(format!(
                "meta home_currency: \"{code}\" is not a currency code"
            )))
        }
        _ => Ok(()),
    }
}

impl Store {
    /// Open deals per open stage of the first pipeline (the one the board opens on); `None` when the
    /// workspace has no pipeline.
    pub fn pipeline_funnel(&self) -> Result<Option<PipelineFunnel>> {
        let mut pipelines = self.pipelines()?.into_iter();
        let Some(pipeline) = pipelines.next() else {
            return Ok(None);
        };
        let mut others = Vec::new();
        for other in pipelines {
            let mut open = OtherPipeline {
                name: other.name.clone(),
                deals: 0,
                amounts: Vec::new(),
            };
            for t in self.open_stage_totals(other.id)? {
                open.deals += t.deals as u64;
                match open
                    .amounts
                    .iter_mut()
                    .find(|m| m.currency == t.amount.currency)
                {
                    Some(m) => m.minor = m.minor.saturating_add(t.amount.minor),
                    None => open.amounts.push(t.amount),
                }
            }
            open.amounts
                .sort_by(|a, b| a.currency.code().cmp(b.currency.code()));
            others.push(open);
        }
        let currency = self.deal_currency()?;
        let totals = self.open_stage_totals(pipeline.id)?;
        let stages = pipeline
            .open_stages()
            .map(|stage| {
                let here = totals.iter().filter(|t| t.stage_id == stage.id);
                let mut funnel_stage = FunnelStage {
                    stage: stage.fields.name.clone(),
                    deals: 0,
                    amount_minor: 0,
                    elsewhere: Vec::new(),
                };
                for t in here {
                    funnel_stage.deals += t.deals as u64;
                    if t.amount.currency == currency {
                        funnel_stage.amount_minor += t.amount.minor;
                    } else {
                        funnel_stage.elsewhere.push(t.amount);
                    }
                }
                funnel_stage
            })
            .collect();
        Ok(Some(PipelineFunnel {
            pipeline: pipeline.name,
            currency,
            stages,
            others,
        }))
    }

    /// Deals won in each of the last `HISTORY_MONTHS` months up to `today`'s, then the weighted
    /// forecast of open deals (every pipeline) for this month and the `ahead` months after it.
    pub fn revenue_by_month(&self, today: NaiveDate, ahead: u32) -> Result<RevenueByMonth> {
        let currency = self.deal_currency()?;
        let past = months_up_to(today, HISTORY_MONTHS);
        let since = Timestamp::at_local(past[0], 0);
        let mut stmt = self.conn.prepare_cached(
            "SELECT strftime('%Y-%m', closed_at, 'unixepoch', 'localtime') AS month, sum(amount_minor) \
             FROM deals WHERE deleted_at IS NULL AND status = 'won' AND currency = ?1 \
               AND closed_at >= ?2 GROUP BY month",
        )?;
        let won: Vec<(String, i64)> = stmt
            .query_map(params![currency.code(), since.0], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut months: Vec<MonthRevenue> = past
            .iter()
            .map(|&month| MonthRevenue {
                month,
                won_minor: won
                    .iter()
                    .find(|(key, _)| *key == month_key(month))
                    .map_or(0, |(_, sum)| *sum),
                forecast_minor: 0,
            })
            .collect();
        let this_month = past[past.len() - 1];
        for step in 0..=ahead {
            let Some(month) = this_month.checked_add_months(Months::new(step)) else {
                break;
            };
            let (forecast, _) = self.weighted_forecast(Period::month_of(month), currency)?;
            match months.iter_mut().find(|m| m.month == month) {
                Some(current) => current.forecast_minor = forecast,
                None => months.push(MonthRevenue {
                    month,
                    won_minor: 0,
                    forecast_minor: forecast,
                }),
            }
        }
        let left_out = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT currency FROM deals WHERE deleted_at IS NULL AND currency <> ?1 \
                   AND (status = 'open' OR (status = 'won' AND closed_at >= ?2)) ORDER BY currency",
            )?
            .query_map(params![currency.code(), since.0], |r| r.get::<_, String>(0))?
            .filter_map(|code| code.ok().and_then(|c| Currency::new(&c).ok()))
            .collect();
        Ok(RevenueByMonth {
            currency,
            months,
            left_out,
        })
    }

    /// Tickets opened per month, and the average rating of the tickets resolved in each month, for
    /// the last `HISTORY_MONTHS` months up to `today`'s.
    pub fn ticket_months(&self, today: NaiveDate) -> Result<Vec<TicketMonth>> {
        let months = months_up_to(today, HISTORY_MONTHS);
        let since = Timestamp::at_local(months[0], 0);
        let opened: Vec<(String, i64)> = self
            .conn
            .prepare_cached(
                "SELECT strftime('%Y-%m', created_at, 'unixepoch', 'localtime') AS month, count(*) \
                 FROM tickets WHERE deleted_at IS NULL AND created_at >= ?1 GROUP BY month",
            )?
            .query_map([since.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Rated when resolved: the rating belongs to the month the work ended, as the support
        // screen's trend has it.
        let rated: Vec<(String, f64, i64)> = self
            .conn
            .prepare_cached(
                "SELECT strftime('%Y-%m', coalesce(resolved_at, updated_at), 'unixepoch', 'localtime') AS month, \
                        avg(satisfaction), count(*) \
                 FROM tickets WHERE deleted_at IS NULL AND satisfaction IS NOT NULL \
                   AND coalesce(resolved_at, updated_at) >= ?1 GROUP BY month",
            )?
            .query_map([since.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(months
            .into_iter()
            .map(|month| {
                let key = month_key(month);
                let score = rated.iter().find(|(k, _, _)| *k == key);
                TicketMonth {
                    month,
                    opened: opened
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map_or(0, |(_, n)| *n as u64),
                    csat: score.map(|(_, avg, _)| *avg),
                    ratings: score.map_or(0, |(_, _, n)| *n as u64),
                }
            })
            .collect())
    }

    /// Every live campaign's cost, revenue and return, newest start first (as the campaign list).
    pub fn campaign_returns(&self) -> Result<Vec<CampaignReturn>> {
        Ok(self
            .campaigns()?
            .into_iter()
            .map(|c| CampaignReturn {
                name: c.name,
                cost: c.cost,
                revenue: c.revenue,
                roi_percent: c.roi_percent,
            })
            .collect())
    }

    /// The headline figures as of `today` (local date) and `now`.
    pub fn kpis(&self, today: NaiveDate, now: Timestamp) -> Result<Kpis> {
        let currency = self.deal_currency()?;
        let open_pipeline: i64 = self.conn.query_row(
            "SELECT coalesce(sum(amount_minor), 0) FROM deals \
             WHERE deleted_at IS NULL AND status = 'open' AND currency = ?1",
            [currency.code()],
            |r| r.get(0),
        )?;
        let month_start = Timestamp::at_local(Period::month_of(today).first, 0);
        let won_this_month: i64 = self.conn.query_row(
            "SELECT coalesce(sum(amount_minor), 0) FROM deals \
             WHERE deleted_at IS NULL AND status = 'won' AND currency = ?1 AND closed_at >= ?2",
            params![currency.code(), month_start.0],
            |r| r.get(0),
        )?;
        let (weighted, forecast_elsewhere) =
            self.weighted_forecast(Period::quarter_of(today), currency)?;
        let tickets = self.ticket_figures(now)?;
        let elsewhere = |status: &str, since: i64| -> Result<Vec<Money>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT currency, sum(amount_minor) FROM deals \
                 WHERE deleted_at IS NULL AND status = ?1 AND currency <> ?2 \
                   AND coalesce(closed_at, 0) >= ?3 \
                 GROUP BY currency HAVING sum(amount_minor) <> 0 ORDER BY currency",
            )?;
            let rows = stmt.query_map(params![status, currency.code(), since], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (code, minor) = row?;
                if let Ok(c) = Currency::new(&code) {
                    out.push(Money::new(minor, c));
                }
            }
            Ok(out)
        };
        let roi = self.campaigns_roi()?;
        Ok(Kpis {
            currency,
            open_pipeline: Money::new(open_pipeline, currency),
            weighted_forecast: Money::new(weighted, currency),
            forecast_elsewhere,
            won_this_month: Money::new(won_this_month, currency),
            open_elsewhere: elsewhere("open", 0)?,
            won_elsewhere: elsewhere("won", month_start.0)?,
            open_tickets: tickets.open_by_priority.iter().map(|p| p.open).sum(),
            csat: tickets.csat_average,
            csat_ratings: tickets.csat_ratings,
            campaign_roi_percent: roi.map(|(percent, _)| percent),
            campaign_roi_only: roi.and_then(|(_, only)| only),
        })
    }

    /// All campaigns' revenue against all their cost, in the currency most campaigns use.
    /// The return in whole percent, and the currency it covers when campaigns use several.
    fn campaigns_roi(&self) -> Result<Option<(i64, Option<Currency>)>> {
        let totals: Option<(String, i64, i64, i64)> = self
            .conn
            .query_row(
                "WITH spend AS (SELECT c.currency, c.cost_minor, \
                        (SELECT coalesce(sum(revenue_minor), 0) FROM campaign_members m \
                         WHERE m.campaign_id = c.id) AS revenue \
                      FROM campaigns c WHERE c.deleted_at IS NULL) \
                 SELECT currency, sum(cost_minor), sum(revenue), \
                        (SELECT count(DISTINCT currency) FROM spend) FROM spend \
                 GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        Ok(totals.and_then(|(code, cost, revenue, currencies)| {
            let currency = Currency::new(&code).ok()?;
            let percent = roi_percent(Money::new(revenue, currency), Money::new(cost, currency))?;
            Some((percent, (currencies > 1).then_some(currency)))
        }))
    }

    /// The weighted forecast of every pipeline for `period`: in `currency`, and in each other
    /// currency (in code order) beside it.
    fn weighted_forecast(&self, period: Period, currency: Currency) -> Result<(i64, Vec<Money>)> {
        let mut sum = 0;
        let mut elsewhere: Vec<Money> = Vec::new();
        for pipeline in self.pipeline_ids()? {
            for m in self.forecast(pipeline, period)? {
                if m.currency == currency {
                    sum += m.minor;
                } else if let Some(e) = elsewhere.iter_mut().find(|e| e.currency == m.currency) {
                    e.minor = e.minor.saturating_add(m.minor);
                } else {
                    elsewhere.push(m);
                }
            }
        }
        elsewhere.retain(|m| m.minor != 0);
        elsewhere.sort_by(|a, b| a.currency.code().cmp(b.currency.code()));
        Ok((sum, elsewhere))
    }

    fn pipeline_ids(&self) -> Result<Vec<PipelineId>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM pipelines WHERE deleted_at IS NULL ORDER BY position, id",
            )?
            .query_map([], |r| Ok(PipelineId(r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The currency most live deals are in; for a workspace without deals, the one it was set
    /// to work in (Settings), else euros.
    pub fn deal_currency(&self) -> Result<Currency> {
        // On a tie between the deals' currencies the business's own leads.
        let home = self.home_currency()?;
        match self.most_used_currency("deals", home)? {
            Some(c) => Ok(c),
            None => Ok(home.unwrap_or(Currency::EUR)),
        }
    }

    /// The currency the business works in, as set in Settings: what a new workspace's first
    /// deal, campaign and empty dashboard are in (a Swiss shop's first day had shown "€0.00"
    /// everywhere, and every first form said EUR). Once deals are recorded, theirs lead.
    pub fn home_currency(&self) -> Result<Option<Currency>> {
        Ok(self
            .meta(HOME_CURRENCY_KEY)?
            .and_then(|code| Currency::new(&code).ok()))
    }

    /// Sets (or, with `None`, forgets) the currency the business works in.
    pub fn set_home_currency(&mut self, currency: Option<Currency>) -> Result<()> {
        match currency {
            Some(c) => self.set_meta(HOME_CURRENCY_KEY, c.code()),
            None => {
                self.conn
                    .execute("DELETE FROM meta WHERE key = ?1", [HOME_CURRENCY_KEY])?;
                Ok(())
            }
        }
    }

    /// The currency a new campaign starts in: the one most campaigns are in, else the deals'
    /// (a campaign's revenue is the deals it brings).
    pub fn campaign_currency(&self) -> Result<Currency> {
        match self.most_used_currency("campaigns", self.home_currency()?)? {
            Some(c) => Ok(c),
            None => self.deal_currency(),
        }
    }

    /// The `currency` most live rows of `table` have; on a tie `preferred` if it is among them,
    /// else the first in code order.
    fn most_used_currency(
        &self,
        table: &'static str,
        preferred: Option<Currency>,
    ) -> Result<Option<Currency>> {
        let preferred = preferred.map(|c| c.code().to_string()).unwrap_or_default();
        let code: Option<String> = self
            .conn
            .query_row(
                &format!(
                    "SELECT currency FROM {table} WHERE deleted_at IS NULL \
                     GROUP BY currency ORDER BY count(*) DESC, currency = ?1 DESC, currency LIMIT 1"
                ),
                [preferred],
                |r| r.get(0),
            )
            .optional()?;
        Ok(code.and_then(|c| Currency::new(&c).ok()))
    }
}

/// The first days of the `count` months ending with `today`'s, oldest first.
fn months_up_to(today: NaiveDate, count: u32) -> Vec<NaiveDate> {
    let this = Period::month_of(today).first;
    (0..count.max(1))
        .rev()
        .filter_map(|back| this.checked_sub_months(Months::new(back)))
        .collect()
}

/// "2026-03", as SQLite's strftime('%Y-%m') writes it.
fn month_key(first: NaiveDate) -> String {
    first.format("%Y-%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_months_end_with_the_current_one_across_a_new_year() {
        let months = months_up_to(NaiveDate::from_ymd_opt(2026, 2, 14).unwrap(), 12);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], NaiveDate::from_ymd_opt(2025, 3, 1).unwrap());
        assert_eq!(months[11], NaiveDate::from_ymd_opt(2026, 2, 1).unwrap());
        assert_eq!(month_key(months[10]), "2026-01");
    }
}
