//! Campaign members: who was targeted, how far each got (sent, opened, responded, converted) and
//! the revenue attributed to them.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};
use serde::Serialize;

use super::campaigns::update_campaign_row;
use super::changelog::Writer;
use super::page::Page;
use super::row::{money, opt_timestamp};
use super::{Error, Result, Store};
use crate::domain::*;

/// How far a member got; each step implies the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    Sent,
    Opened,
    Responded,
    Converted { revenue: Money },
}

/// One member of a campaign with the contact's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    pub contact_id: ContactId,
    pub name: String,
    /// The person was deleted since: what they did still counts, nothing new is recorded.
    pub deleted: bool,
    pub sent_at: Option<Timestamp>,
    pub opened_at: Option<Timestamp>,
    pub responded_at: Option<Timestamp>,
    pub converted_at: Option<Timestamp>,
    pub revenue: Money,
}

impl Store {
    /// Adds contacts to a campaign; ones already in it are left as they are. Returns how many joined.
    pub fn add_campaign_members(
        &mut self,
        id: CampaignId,
        contacts: &[ContactId],
    ) -> Result<usize> {
        let campaign = self.campaign(id)?;
        let zero = Money::zero(campaign.fields.budget.currency);
        self.write(format!("Add members to {}", campaign.fields.name), |w| {
            join_campaign(w, id, zero, contacts)
        })
    }

    /// Takes one member out of a campaign (added by mistake, or asked not to be contacted), as
    /// one undoable change; what they had done goes with them and comes back with Undo.
    pub fn remove_campaign_member(&mut self, id: CampaignId, contact: ContactId) -> Result<()> {
        let campaign = self.campaign(id)?;
        let name = self.contact(contact)?.fields.full_name();
        let label = format!("Remove {name} from {}", campaign.fields.name.trim());
        self.write(label, |w| {
            let theirs = member_state(&w.tx, id, contact)?.ok_or_else(not_a_member)?;
            leave_campaign(w, id, contact, theirs)
        })
    }

    /// Records how far a member got, now; earlier steps not yet recorded are stamped at the same time.
    pub fn record_response(
        &mut self,
        id: CampaignId,
        contact: ContactId,
        response: Response,
    ) -> Result<()> {
        let campaign = self.campaign(id)?;
        // A deleted person stays a member (the campaign's figures keep what they did), but
        // nothing new is recorded for them, as nothing is logged on their page.
        self.ensure_contact_live(Some(contact))?;
        let (step, revenue) = match response {
            Response::Sent => (1, None),
            Response::Opened => (2, None),
            Response::Responded => (3, None),
            Response::Converted { revenue } => (4, Some(revenue)),
        };
        if let Some(revenue) = revenue {
            let mut c = Checker::new();
            c.amount("revenue", revenue.minor);
            if revenue.currency != campaign.fields.budget.currency {
                c.fail(
                    "revenue",
                    Problem::CurrencyMismatch {
                        expected: campaign.fields.budget.currency.to_string(),
                        found: revenue.currency.to_string(),
                    },
                );
            }
            c.finish()?;
        }
        self.write(format!("Record response to {}", campaign.fields.name), |w| {
            let Some(before) = member_state(&w.tx, id, contact)? else {
                return Err(not_a_member());
            };
            w.tx.execute(
                "UPDATE campaign_members SET \
                   sent_at = coalesce(sent_at, ?1), \
                   opened_at = CASE WHEN ?2 >= 2 THEN coalesce(opened_at, ?1) ELSE opened_at END, \
                   responded_at = CASE WHEN ?2 >= 3 THEN coalesce(responded_at, ?1) ELSE responded_at END, \
                   converted_at = CASE WHEN ?2 >= 4 THEN coalesce(converted_at, ?1) ELSE converted_at END, \
                   revenue_minor = revenue_minor + ?3 \
                 WHERE campaign_id = ?4 AND contact_id = ?5",
                params![w.now.0, step, revenue.map_or(0, |m| m.minor), id.0, contact.0],
            )?;
            let after = member_state(&w.tx, id, contact)?.ok_or_else(not_a_member)?;
            record_member_update(w, id, contact, before, after)
        })
    }

    /// A page of a campaign's members by name.
    pub fn campaign_members(
        &self,
        id: CampaignId,
        offset: u64,
        limit: u32,
    ) -> Result<Page<MemberRow>> {
        let total: i64 = self.conn.query_row(
            "SELECT count(*) FROM campaign_members WHERE campaign_id = ?1",
            [id.0],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(
            concat!("SELECT m.contact_id, ", crate::written_sql!("c"), ", m.sent_at, m.opened_at, m.responded_at, \
                    m.converted_at, m.revenue_minor, k.currency, c.deleted_at IS NOT NULL \
             FROM campaign_members m JOIN contacts c ON c.id = m.contact_id JOIN campaigns k ON k.id = m.campaign_id \
             WHERE m.campaign_id = ?1 ORDER BY c.sort_name, c.id \
             LIMIT ?2 OFFSET ?3"),
        )?;
        let rows = stmt
            .query_map(params![id.0, limit, offset as i64], |r| {
                Ok(MemberRow {
                    contact_id: ContactId(r.get(0)?),
                    name: r.get(1)?,
                    deleted: r.get(8)?,
                    sent_at: opt_timestamp(r, 2)?,
                    opened_at: opt_timestamp(r, 3)?,
                    responded_at: opt_timestamp(r, 4)?,
                    converted_at: opt_timestamp(r, 5)?,
                    revenue: money(r, 6, 7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            rows,
            offset,
            total: total as u64,
        })
    }
}

/// Adds each contact as a member with no responses yet, logging each one that joined.
fn join_campaign(
    w: &mut Writer<'_>,
    id: CampaignId,
    zero: Money,
    contacts: &[ContactId],
) -> Result<usize> {
    let mut added = 0;
    for &contact_id in contacts {
        let member = CampaignMember {
            campaign_id: id,
            contact_id,
            sent_at: None,
            opened_at: None,
            responded_at: None,
            converted_at: None,
            revenue: zero,
        };
        if insert_member(&w.tx, &member)? {
            added += 1;
            let mut fields = serde_json::Map::new();
            fields.insert("campaign_id".into(), serde_json::json!([null, id.0]));
            w.record(
                Entity::CampaignMember,
                contact_id.0,
                ChangeOp::Create,
                fields,
            )?;
        }
    }
    Ok(added)
}

/// Adds a member with whatever responses it already has; false if it was already a member.
pub(crate) fn insert_member(tx: &Transaction<'_>, m: &CampaignMember) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO campaign_members \
             (campaign_id, contact_id, sent_at, opened_at, responded_at, converted_at, revenue_minor) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            m.campaign_id.0,
            m.contact_id.0,
            m.sent_at.map(|t| t.0),
            m.opened_at.map(|t| t.0),
            m.responded_at.map(|t| t.0),
            m.converted_at.map(|t| t.0),
            m.revenue.minor
        ])?;
    Ok(n == 1)
}

impl Store {
    /// How many contacts a segment selects that are not yet members of the campaign: what "add the
    /// matching contacts" would add.
    pub fn segment_new_members(&self, id: CampaignId, segment: &Segment) -> Result<u64> {
        self.catch_up_planned()?;
        let (filter, mut args) = self.segment_filter(segment);
        args.push(Value::Integer(id.0));
        let n: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM contacts c WHERE {filter} AND NOT EXISTS \
                 (SELECT 1 FROM campaign_members m WHERE m.campaign_id = ?{} AND m.contact_id = c.id)",
                args.len()
            ),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// Saves `segment` as the campaign's audience and adds every contact it selects that is not a
    /// member yet, as one change. Returns how many joined.
    pub fn add_segment_members(&mut self, id: CampaignId, segment: Segment) -> Result<usize> {
        self.catch_up_planned()?;
        let campaign = self.campaign(id)?;
        let mut fields = campaign.fields.clone();
        fields.segment = segment;
        fields.validate()?;
        let (filter, mut args) = self.segment_filter(&fields.segment);
        args.push(Value::Integer(id.0));
        let joining: Vec<ContactId> = self
            .conn
            .prepare(&format!(
                "SELECT c.id FROM contacts c WHERE {filter} AND NOT EXISTS \
                 (SELECT 1 FROM campaign_members m WHERE m.campaign_id = ?{} AND m.contact_id = c.id) \
                 ORDER BY c.id",
                args.len()
            ))?
            .query_map(params_from_iter(args.iter()), |r| Ok(ContactId(r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let label = match joining.len() {
            1 => format!("Add 1 member to {}", fields.name.trim()),
            n => format!("Add {n} members to {}", fields.name.trim()),
        };
        let zero = Money::zero(fields.budget.currency);
        self.write(label, |w| {
            if fields != campaign.fields {
                update_campaign_row(&w.tx, id, &fields, w.now)?;
                w.record_diff(
                    Entity::Campaign,
                    id.0,
                    Some(&campaign.fields),
                    Some(&fields),
                )?;
            }
            join_campaign(w, id, zero, &joining)
        })
    }

    /// Sets the revenue attributed to one member, replacing what was recorded. Revenue comes from a
    /// conversion, so a member with revenue who had not converted yet is marked converted now (with
    /// the earlier steps, as `record_response` does); setting it back to zero keeps the conversion.
    pub fn set_member_revenue(
        &mut self,
        id: CampaignId,
        contact: ContactId,
        revenue: Money,
    ) -> Result<()> {
        let campaign = self.campaign(id)?;
        self.ensure_contact_live(Some(contact))?;
        let mut c = Checker::new();
        c.amount("revenue", revenue.minor);
        if revenue.currency != campaign.fields.budget.currency {
            c.fail(
                "revenue",
                Problem::CurrencyMismatch {
                    expected: campaign.fields.budget.currency.to_string(),
                    found: revenue.currency.to_string(),
                },
            );
        }
        c.finish()?;
        // Which member, and that revenue marks them converted (with the steps before it) when
        // they were not already: every change of a revenue had said "(converted)".
        let name = self.contact(contact)?.fields.full_name();
        let was_converted = member_state(&self.conn, id, contact)?.is_some_and(|s| s[3].is_some());
        let converted = if revenue.minor > 0 && !was_converted {
            " (converted)"
        } else {
            ""
        };
        self.write(
            format!(
                "Set revenue from {} in {} to {}{converted}",
                name.trim(),
                campaign.fields.name.trim(),
                revenue.display()
            ),
            |w| {
                let Some(before) = member_state(&w.tx, id, contact)? else {
                    return Err(not_a_member());
                };
                let converting = revenue.minor > 0;
                let stamp = |t: Option<i64>| if converting { t.or(Some(w.now.0)) } else { t };
                let after = [
                    stamp(before[0]),
                    stamp(before[1]),
                    stamp(before[2]),
                    stamp(before[3]),
                    Some(revenue.minor),
                ];
                w.tx.execute(
                    "UPDATE campaign_members SET sent_at = ?1, opened_at = ?2, responded_at = ?3, \
                     converted_at = ?4, revenue_minor = ?5 WHERE campaign_id = ?6 AND contact_id = ?7",
                    params![after[0], after[1], after[2], after[3], after[4], id.0, contact.0],
                )?;
                record_member_update(w, id, contact, before, after)
            },
        )
    }
}

/// A member's response columns in the order of `MEMBER_COLUMNS`.
type MemberState = [Option<i64>; 5];

pub(super) const MEMBER_COLUMNS: [&str; 5] = [
    "sent_at",
    "opened_at",
    "responded_at",
    "converted_at",
    "revenue_minor",
];

/// Takes `contact` out of campaign `id`, logging the responses it had (`theirs`) so Undo puts
/// the member back as it was.
fn leave_campaign(
    w: &mut Writer<'_>,
    id: CampaignId,
    contact: ContactId,
    theirs: MemberState,
) -> Result<()> {
    w.tx.execute(
        "DELETE FROM campaign_members WHERE campaign_id = ?1 AND contact_id = ?2",
        params![id.0, contact.0],
    )?;
    let mut gone = serde_json::Map::new();
    gone.insert("campaign_id".into(), serde_json::json!([id.0, null]));
    for (name, value) in MEMBER_COLUMNS.iter().zip(theirs) {
        gone.insert((*name).into(), serde_json::json!([value, null]));
    }
    w.record(Entity::CampaignMember, contact.0, ChangeOp::Delete, gone)
}

/// The member's response columns, or `None` if the contact is not a member.
fn member_state(
    tx: &rusqlite::Connection,
    id: CampaignId,
    contact: ContactId,
) -> Result<Option<MemberState>> {
    Ok(tx
        .query_row(
            "SELECT sent_at, opened_at, responded_at, converted_at, revenue_minor \
             FROM campaign_members WHERE campaign_id = ?1 AND contact_id = ?2",
            params![id.0, contact.0],
            |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]),
        )
        .optional()?)
}

fn not_a_member() -> Error {
    Error::Invalid(Invalid::one(
        "contact_id",
        Problem::NotAllowed("the contact is not a member of this campaign".into()),
    ))
}

/// Logs each response column that changed with its old and new value (and the campaign, since the
/// entry's id is the contact's), so the change can be audited and taken back exactly.
fn record_member_update(
    w: &mut Writer<'_>,
    id: CampaignId,
    contact: ContactId,
    before: MemberState,
    after: MemberState,
) -> Result<()> {
    let mut fields = serde_json::Map::new();
    for ((name, old), new) in MEMBER_COLUMNS.iter().zip(before).zip(after) {
        if old != new {
            fields.insert((*name).into(), serde_json::json!([old, new]));
        }
    }
    if fields.is_empty() {
        return Ok(());
    }
    fields.insert("campaign_id".into(), serde_json::json!([id.0, id.0]));
    w.record(Entity::CampaignMember, contact.0, ChangeOp::Update, fields)
}

/// Moves contact `from`'s campaign memberships to `to` (a merge): a campaign `to` is not in takes
/// the membership as it is; one it is in keeps the earlier of each step and both revenues. Each
/// move is logged as the old membership's deletion and the new one's creation or update, so Undo
/// puts both back exactly.
pub(super) fn move_memberships(w: &mut Writer<'_>, from: ContactId, to: ContactId) -> Result<()> {
    let moving: Vec<(i64, MemberState)> =
        w.tx.prepare(
            "SELECT campaign_id, sent_at, opened_at, responded_at, converted_at, revenue_minor \
             FROM campaign_members WHERE contact_id = ?1 ORDER BY campaign_id",
        )?
        .query_map([from.0], |r| {
            Ok((
                r.get(0)?,
                [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (campaign, theirs) in moving {
        let id = CampaignId(campaign);
        leave_campaign(w, id, from, theirs)?;
        let before = member_state(&w.tx, id, to)?;
        let after = match before {
            Some(ours) => combined(ours, theirs),
            None => {
                w.tx.execute(
                    "INSERT INTO campaign_members (campaign_id, contact_id) VALUES (?1, ?2)",
                    params![campaign, to.0],
                )?;
                let mut fields = serde_json::Map::new();
                fields.insert("campaign_id".into(), serde_json::json!([null, campaign]));
                w.record(Entity::CampaignMember, to.0, ChangeOp::Create, fields)?;
                theirs
            }
        };
        let before = member_state(&w.tx, id, to)?.ok_or_else(not_a_member)?;
        w.tx.execute(
            "UPDATE campaign_members SET sent_at = ?1, opened_at = ?2, responded_at = ?3, \
             converted_at = ?4, revenue_minor = ?5 WHERE campaign_id = ?6 AND contact_id = ?7",
            params![
                after[0], after[1], after[2], after[3], after[4], campaign, to.0
            ],
        )?;
        record_member_update(w, id, to, before, after)?;
    }
    Ok(())
}

/// One membership from two of the same person: each step at its earlier time, revenues added.
fn combined(a: MemberState, b: MemberState) -> MemberState {
    let earlier = |x: Option<i64>, y: Option<i64>| match (x, y) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    [
        earlier(a[0], b[0]),
        earlier(a[1], b[1]),
        earlier(a[2], b[2]),
        earlier(a[3], b[3]),
        Some(a[4].unwrap_or(0) + b[4].unwrap_or(0)),
    ]
}
