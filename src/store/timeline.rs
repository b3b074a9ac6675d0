//! A contact's or company's history in one list, newest first: activities, deals, tickets and orders,
//! merged in SQL so only the newest rows are read. A deal won or lost, or a ticket resolved or
//! closed, stands at the day that happened, as its label says ("Deal · Won").

use rusqlite::params;
use serde::Serialize;

use super::{Result, Store};
use crate::domain::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TimelineKind {
    Activity(ActivityKind),
    Deal(DealStatus),
    Ticket(TicketStatus),
    Order,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineItem {
    pub at: Timestamp,
    pub kind: TimelineKind,
    /// Who started a call, e-mail or meeting (notes and other entries have none).
    pub direction: Option<Direction>,
    pub id: i64,
    pub title: String,
    pub detail: String,
}

/// Whose history to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Contact(ContactId),
    Company(CompanyId),
}

impl Store {
    /// The newest `limit` entries of every kind.
    pub fn timeline(&self, owner: Owner, limit: u32) -> Result<Vec<TimelineItem>> {
        self.timeline_of(owner, limit, true)
    }

    /// The deals and tickets alone, newest first: a company's cards list them all, however many
    /// calls and notes the timeline holds (past the timeline's first page they had read "No deals
    /// with this company").
    pub fn deals_and_tickets(&self, owner: Owner, limit: u32) -> Result<Vec<TimelineItem>> {
        self.timeline_of(owner, limit, false)
    }

    fn timeline_of(&self, owner: Owner, limit: u32, everything: bool) -> Result<Vec<TimelineItem>> {
        let (column, id) = match owner {
            Owner::Contact(id) => ("contact_id", id.0),
            Owner::Company(id) => ("company_id", id.0),
        };
        // Orders belong to contacts only; for a company they are read through its people.
        let orders = match owner {
            Owner::Contact(_) => CONTACT_ORDERS,
            Owner::Company(_) => COMPANY_ORDERS,
        };
        let activities = format!(
            "SELECT occurred_at AS at, 'activity' AS source, kind AS state, id,
                    CASE WHEN subject <> '' THEN subject ELSE substr(body, 1, 80) END AS title,
                    -- A note with no subject is titled by its text: under it, only what follows.
                    trim(outcome || ' ' || CASE WHEN subject <> '' THEN substr(body, 1, 160)
                                                ELSE substr(body, 81, 160) END) AS detail,
                    direction
               FROM activities WHERE {column} = ?1 AND deleted_at IS NULL
             UNION ALL "
        );
        let (activities, orders) = if everything {
            (activities.as_str(), format!(" UNION ALL {orders}"))
        } else {
            ("", String::new())
        };
        let sql = format!(
            "SELECT at, source, state, id, title, detail, direction FROM (
               {activities}
               SELECT CASE WHEN status IN ('won', 'lost') THEN coalesce(closed_at, created_at)
                           ELSE created_at END AS at,
                      'deal' AS source, status AS state, id, title,
                      amount_minor || ' ' || currency AS detail, NULL AS direction
                 FROM deals WHERE {column} = ?1 AND deleted_at IS NULL
               UNION ALL
               SELECT CASE WHEN status IN ('resolved', 'closed') THEN coalesce(resolved_at, created_at)
                           ELSE created_at END,
                      'ticket', status, id, subject, priority, NULL
                 FROM tickets WHERE {column} = ?1 AND deleted_at IS NULL
               {orders}
             ) ORDER BY at DESC, id DESC LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![id, limit], |r| {
            let source: String = r.get(1)?;
            let state: String = r.get(2)?;
            let bad = |s: &str| {
                rusqlite::Error::FromSqlConversionFailure(
                    2,
                    rusqlite::types::Type::Text,
                    format!("bad {s}").into(),
                )
            };
            let kind = match source.as_str() {
                "activity" => {
                    TimelineKind::Activity(state.parse().map_err(|_| bad("activity kind"))?)
                }
                "deal" => TimelineKind::Deal(state.parse().map_err(|_| bad("deal status"))?),
                "ticket" => TimelineKind::Ticket(state.parse().map_err(|_| bad("ticket status"))?),
                _ => TimelineKind::Order,
            };
            let raw_detail: String = r.get(5)?;
            let detail = match kind {
                TimelineKind::Deal(_) | TimelineKind::Order => money_detail(&raw_detail),
                _ => raw_detail,
            };
            let direction = r
                .get::<_, Option<String>>(6)?
                .map(|d| d.parse().map_err(|_| bad("direction")))
                .transpose()?;
            Ok(TimelineItem {
                at: Timestamp(r.get(0)?),
                kind,
                direction,
                id: r.get(3)?,
                title: r.get(4)?,
                detail,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// What an order `o` holds, as its first products say it ("2 × House Blend 1 kg, Chemex and 3
/// more"), a product on several lines counted once with their quantities; NULL for an order
/// recorded without its lines. A count of lines ("3 item(s)") had told the owner nothing about
/// what a customer buys.
macro_rules! order_items {
    () => {
        concat!(
            "(SELECT group_concat(item, ', ') || CASE WHEN (SELECT count(DISTINCT product_id) \
               FROM order_lines WHERE order_id = o.id) > 3 THEN ' and ' || \
               ((SELECT count(DISTINCT product_id) FROM order_lines WHERE order_id = o.id) - 3) \
               || ' more' ELSE '' END \
             FROM (SELECT CASE WHEN sum(l.quantity) > 1 THEN sum(l.quantity) || ' × ' || p.name \
                               ELSE p.name END AS item \
                     FROM order_lines l JOIN products p ON p.id = l.product_id \
                    WHERE l.order_id = o.id GROUP BY l.product_id \
                    ORDER BY min(l.line_no) LIMIT 3))"
        )
    };
}

/// A company's orders, read through its people and the people first: left to choose, SQLite
/// walked every order by date (1.5 s to open a company of seven among 140,000 orders).
const COMPANY_ORDERS: &str = concat!(
    "SELECT o.ordered_at, 'order', '', o.id, ",
    // Several of a company's people order: the entry says whose order it is.
    crate::written_sql!("c"),
    " || coalesce(': ' || ",
    order_items!(),
    ", ''), o.total_minor || ' ' || o.currency, NULL \
     FROM contacts c CROSS JOIN orders o ON o.contact_id = c.id \
     WHERE c.company_id = ?1 AND c.deleted_at IS NULL AND o.deleted_at IS NULL"
);

/// A contact's orders.
const CONTACT_ORDERS: &str = concat!(
    "SELECT o.ordered_at, 'order', '', o.id, coalesce(",
    order_items!(),
    ", ''), o.total_minor || ' ' || o.currency, NULL \
     FROM orders o WHERE o.contact_id = ?1 AND o.deleted_at IS NULL"
);

/// "123450 EUR" → "€1,234.50"; anything else is shown as it is.
fn money_detail(raw: &str) -> String {
    raw.split_once(' ')
        .and_then(|(minor, code)| {
            Some(Money::new(minor.parse().ok()?, Currency::new(code).ok()?).display())
        })
        .unwrap_or_else(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_companys_orders_are_read_through_its_people() {
        let plan = crate::store::query_plan(COMPANY_ORDERS, [1]);
        assert!(
            plan.iter().all(|step| !step.starts_with("SCAN o")),
            "{plan:?}"
        );
        assert!(
            plan.iter().any(|s| s.contains("orders_by_contact")),
            "{plan:?}"
        );
    }
}
