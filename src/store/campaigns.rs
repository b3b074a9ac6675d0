//! Campaigns, the saved segment that picks their audience, members and their responses.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params_from_iter};
use serde::Serialize;

use super::row::{choice, currency, date, date_text, json, opt_timestamp, timestamp};
use super::{Error, Result, Store};
use crate::domain::campaign::Funnel;
use crate::domain::*;

const CAMPAIGN_COLUMNS: &str =
    "name, channel, status, budget_minor, cost_minor, currency, starts_on, ends_on, segment";

/// A campaign with its funnel counts and return, as the campaign list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignSummary {
    pub id: CampaignId,
    pub name: String,
    pub channel: CampaignChannel,
    pub status: CampaignStatus,
    pub budget: Money,
    pub cost: Money,
    pub starts_on: Option<chrono::NaiveDate>,
    pub ends_on: Option<chrono::NaiveDate>,
    pub members: i64,
    pub sent: i64,
    pub opened: i64,
    pub responded: i64,
    pub converted: i64,
    pub revenue: Money,
    /// Return on the cost so far, in whole percent; none while nothing has been spent.
    pub roi_percent: Option<i64>,
}

impl Store {
    pub fn create_campaign(&mut self, fields: CampaignFields) -> Result<Campaign> {
        fields.validate()?;
        let id = self.write(format!("Create campaign {}", fields.name.trim()), |w| {
            let id = insert_campaign(&w.tx, &fields, w.now)?;
            w.record_diff(Entity::Campaign, id.0, None, Some(&fields))?;
            Ok(id)
        })?;
        self.campaign(id)
    }

    /// `base` is the campaign as the edit form loaded it: only the fields changed since are
    /// saved, on top of the campaign as it is now (another window's save in between is kept).
    pub fn update_campaign(
        &mut self,
        id: CampaignId,
        fields: CampaignFields,
        base: Option<&CampaignFields>,
    ) -> Result<Campaign> {
        let old = self.campaign(id)?;
        if let Some(base) = base
            && old.deleted_at.is_some()
        {
            return Err(super::Error::deleted_meanwhile(
                base.name.trim(),
                "campaign",
            ));
        }
        let replaced = base.map_or_else(Vec::new, |base| {
            crate::domain::rebase::replaced(base, &fields, &old.fields)
        });
        let fields = match base {
            Some(base) => crate::domain::rebase::rebase(base, &fields, &old.fields),
            None => fields,
        };
        fields.validate()?;
        if old.fields.budget.currency != fields.budget.currency && self.has_revenue(id)? {
            // On the currency field, which is what the user changed.
            return Err(Error::Invalid(Invalid::one(
                "currency",
                Problem::NotAllowed("the currency cannot change once revenue is recorded".into()),
            )));
        }
        let label = format!(
            "Edit campaign {}{}",
            fields.name.trim(),
            crate::domain::rebase::over_another_window(&replaced)
        );
        self.write(label, |w| {
            update_campaign_row(&w.tx, id, &fields, w.now)?;
            w.record_diff(Entity::Campaign, id.0, Some(&old.fields), Some(&fields))
        })?;
        self.campaign(id)
    }

    fn has_revenue(&self, id: CampaignId) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM campaign_members WHERE campaign_id = ?1 AND revenue_minor > 0)",
            [id.0],
            |r| r.get(0),
        )?)
    }

    /// A campaign by id, including a soft-deleted one.
    pub fn campaign(&self, id: CampaignId) -> Result<Campaign> {
        self.conn
            .prepare_cached(&format!(
                "SELECT id, {CAMPAIGN_COLUMNS}, created_at, updated_at, deleted_at FROM campaigns WHERE id = ?1"
            ))?
            .query_row([id.0], campaign_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(Entity::Campaign, id.0))
    }

    /// Every live campaign with its funnel, newest start first.
    pub fn campaigns(&self) -> Result<Vec<CampaignSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SUMMARY_SELECT} WHERE c.deleted_at IS NULL GROUP BY c.id \
             ORDER BY c.starts_on IS NULL, c.starts_on DESC, c.id DESC"
        ))?;
        Ok(stmt
            .query_map([], summary_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// One campaign's funnel and return, for its own page (a deleted one too, so its page can say so).
    pub fn campaign_summary(&self, id: CampaignId) -> Result<CampaignSummary> {
        self.conn
            .prepare_cached(&format!("{SUMMARY_SELECT} WHERE c.id = ?1 GROUP BY c.id"))?
            .query_row([id.0], summary_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(Entity::Campaign, id.0))
    }

    /// The live contacts a segment selects, by id. A contact matches when it has any of the tags, is
    /// in any of the lifecycle stages, works at the company and was active recently — each only if set.
    pub fn segment_contacts(&self, segment: &Segment, limit: u32) -> Result<Vec<ContactId>> {
        self.catch_up_planned()?;
        let (filter, args) = self.segment_filter(segment);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT c.id FROM contacts c WHERE {filter} ORDER BY c.id LIMIT {limit}"
        ))?;
        Ok(stmt
            .query_map(params_from_iter(args.iter()), |r| Ok(ContactId(r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// How many contacts a segment selects, for the campaign editor's live count.
    pub fn segment_size(&self, segment: &Segment) -> Result<u64> {
        self.catch_up_planned()?;
        let (filter, args) = self.segment_filter(segment);
        let n: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM contacts c WHERE {filter}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    pub(super) fn segment_filter(&self, s: &Segment) -> (String, Vec<Value>) {
        let mut filter = String::from("c.deleted_at IS NULL");
        let mut args: Vec<Value> = Vec::new();
        let placeholders = |values: Vec<Value>, args: &mut Vec<Value>| {
            let marks: Vec<String> = values
                .into_iter()
                .map(|v| {
                    args.push(v);
                    format!("?{}", args.len())
                })
                .collect();
            marks.join(", ")
        };
        if !s.tags.is_empty() {
            let marks = placeholders(
                s.tags
                    .iter()
                    .flat_map(|t| self.tag_spellings(t))
                    .map(Value::Text)
                    .collect(),
                &mut args,
            );
            filter += &format!(
                " AND EXISTS (SELECT 1 FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id \
                  WHERE ct.contact_id = c.id AND t.name IN ({marks}))"
            );
        }
        if !s.lifecycle.is_empty() {
            let marks = placeholders(
                s.lifecycle
                    .iter()
                    .map(|l| Value::Text(l.as_str().into()))
                    .collect(),
                &mut args,
            );
            filter += &format!(" AND c.lifecycle IN ({marks})");
        }
        if let Some(company) = s.company_id {
            args.push(Value::Integer(company.0));
            filter += &format!(" AND c.company_id = ?{}", args.len());
        }
        if let Some(days) = s.active_within_days {
            args.push(Value::Integer(self.now().0 - days.max(0) * 86_400));
            filter += &format!(" AND c.last_activity_at >= ?{}", args.len());
        }
        (filter, args)
    }
}

const SUMMARY_SELECT: &str = "SELECT c.id, c.name, c.channel, c.status, c.budget_minor, c.cost_minor, c.currency, \
            c.starts_on, c.ends_on, count(m.contact_id), count(m.sent_at), count(m.opened_at), \
            count(m.responded_at), count(m.converted_at), coalesce(sum(m.revenue_minor), 0) \
     FROM campaigns c LEFT JOIN campaign_members m ON m.campaign_id = c.id";

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<CampaignSummary> {
    let currency = currency(r, 6)?;
    let cost = Money::new(r.get(5)?, currency);
    let revenue = Money::new(r.get(14)?, currency);
    Ok(CampaignSummary {
        id: CampaignId(r.get(0)?),
        name: r.get(1)?,
        channel: choice(r, 2)?,
        status: choice(r, 3)?,
        budget: Money::new(r.get(4)?, currency),
        cost,
        starts_on: date(r, 7)?,
        ends_on: date(r, 8)?,
        members: r.get(9)?,
        sent: r.get(10)?,
        opened: r.get(11)?,
        responded: r.get(12)?,
        converted: r.get(13)?,
        revenue,
        roi_percent: roi_percent(revenue, cost),
    })
}

fn campaign_from_row(r: &Row<'_>) -> rusqlite::Result<Campaign> {
    let currency = currency(r, 6)?;
    Ok(Campaign {
        id: CampaignId(r.get(0)?),
        fields: CampaignFields {
            name: r.get(1)?,
            channel: choice(r, 2)?,
            status: choice(r, 3)?,
            budget: Money::new(r.get(4)?, currency),
            cost: Money::new(r.get(5)?, currency),
            starts_on: date(r, 7)?,
            ends_on: date(r, 8)?,
            segment: json(r, 9)?,
        },
        created_at: timestamp(r, 10)?,
        updated_at: timestamp(r, 11)?,
        deleted_at: opt_timestamp(r, 12)?,
    })
}

fn campaign_values(f: &CampaignFields) -> Result<Vec<Value>> {
    Ok(vec![
        Value::Text(f.name.trim().into()),
        Value::Text(f.channel.as_str().into()),
        Value::Text(f.status.as_str().into()),
        Value::Integer(f.budget.minor),
        Value::Integer(f.cost.minor),
        Value::Text(f.budget.currency.code().into()),
        date_text(f.starts_on).map_or(Value::Null, Value::Text),
        date_text(f.ends_on).map_or(Value::Null, Value::Text),
        Value::Text(serde_json::to_string(&f.segment)?),
    ])
}

/// Overwrites the row; shared by edits and undo.
pub(super) fn update_campaign_row(
    tx: &Transaction<'_>,
    id: CampaignId,
    fields: &CampaignFields,
    now: Timestamp,
) -> Result<()> {
    let mut values = campaign_values(fields)?;
    values.push(Value::Integer(now.0));
    values.push(Value::Integer(id.0));
    tx.prepare_cached(&format!(
        "UPDATE campaigns SET ({CAMPAIGN_COLUMNS}, updated_at) = \
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) WHERE id = ?11"
    ))?
    .execute(params_from_iter(values))?;
    Ok(())
}

/// Inserts the row; shared by user edits and the demo generator.
pub(crate) fn insert_campaign(
    tx: &Transaction<'_>,
    fields: &CampaignFields,
    created_at: Timestamp,
) -> Result<CampaignId> {
    let mut values = campaign_values(fields)?;
    values.push(Value::Integer(created_at.0));
    tx.prepare_cached(&format!(
        "INSERT INTO campaigns ({CAMPAIGN_COLUMNS}, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)"
    ))?
    .execute(params_from_iter(values))?;
    Ok(CampaignId(tx.last_insert_rowid()))
}

impl CampaignSummary {
    /// The counts behind the rates.
    pub fn funnel(&self) -> Funnel {
        Funnel {
            members: self.members,
            sent: self.sent,
            opened: self.opened,
            responded: self.responded,
            converted: self.converted,
        }
    }
}
