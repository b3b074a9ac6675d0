//! Support tickets and their message threads.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};
use serde::Serialize;

use super::changelog::Writer;
use super::page::{Page, SortDir};
use super::row::{choice, opt_id, opt_timestamp, timestamp};
use super::search::match_expression;
use super::{Error, Result, Store};
use crate::domain::change::diff;
use crate::domain::ticket::{
    FIGURES_DAYS, MonthScore, PriorityCount, TREND_MONTHS, TicketFigures, TicketSort,
};
use crate::domain::*;

const TICKET_COLUMNS: &str = "subject, contact_id, company_id, status, priority, channel, sla_due_at, \
     assignee, satisfaction, feedback";

/// Which tickets the ticket list shows; the newest first unless `by_sla_due`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TicketQuery {
    pub text: String,
    /// Empty means every status.
    pub statuses: Vec<TicketStatus>,
    pub priority: Option<Priority>,
    pub contact_id: Option<ContactId>,
    /// Only active tickets past their SLA deadline at this instant.
    pub overdue_at: Option<Timestamp>,
    /// Soonest deadline first (undated last) instead of newest first.
    pub by_sla_due: bool,
    /// Only tickets assigned to this person; `Some("")` means unassigned ones.
    pub assignee: Option<String>,
    /// A column order chosen by the user; overrides `by_sla_due`.
    pub sort: Option<(TicketSort, SortDir)>,
    pub offset: u64,
    pub limit: u32,
}

/// One line of the ticket list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketRow {
    pub id: TicketId,
    pub subject: String,
    pub contact: Option<String>,
    pub status: TicketStatus,
    pub priority: Priority,
    pub channel: TicketChannel,
    pub sla_due_at: Option<Timestamp>,
    pub assignee: String,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
}

impl Store {
    /// Opens a ticket; without an explicit deadline it gets one from the workspace's SLA policy.
    pub fn create_ticket(&mut self, mut fields: TicketFields) -> Result<Ticket> {
        fields.validate()?;
        let now = self.now();
        let policy = self.sla_policy()?;
        fields.sla_due_at = fields
            .sla_due_at
            .or_else(|| Some(policy.due(now, fields.priority)));
        let id = self.write(format!("Open ticket {}", fields.subject.trim()), |w| {
            let id = insert_ticket(&w.tx, &fields, w.now)?;
            w.record_diff(Entity::Ticket, id.0, None, Some(&fields))?;
            Ok(id)
        })?;
        self.ticket(id)
    }

    /// Saves a ticket's fields; a status change must be one the workflow allows, and moving to
    /// resolved or closed stamps the resolution time (reopening clears it).
    pub fn update_ticket(&mut self, id: TicketId, fields: TicketFields) -> Result<Ticket> {
        fields.validate()?;
        let old = self.ticket(id)?;
        let (from, to) = (old.fields.status, fields.status);
        if from == TicketStatus::Closed && fields != old.fields {
            return Err(closed(id));
        }
        if from != to && !from.can_move_to(to) {
            return Err(Error::Invalid(Invalid::one(
                "status",
                Problem::NotAllowed(format!(
                    "a {} ticket cannot become {}",
                    from.label().to_lowercase(),
                    to.label().to_lowercase()
                )),
            )));
        }
        self.write(old.fields.change_label(&fields), |w| {
            save_ticket(w, &old, &fields)
        })?;
        self.ticket(id)
    }

    /// A ticket by id, including a soft-deleted one.
    pub fn ticket(&self, id: TicketId) -> Result<Ticket> {
        self.conn
            .prepare_cached(&format!(
                "SELECT id, {TICKET_COLUMNS}, created_at, updated_at, first_response_at, resolved_at, deleted_at \
                 FROM tickets WHERE id = ?1"
            ))?
            .query_row([id.0], ticket_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(Entity::Ticket, id.0))
    }

    /// The ticket's conversation, oldest first.
    pub fn ticket_messages(&self, id: TicketId) -> Result<Vec<TicketMessage>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, direction, author, body, sent_at FROM ticket_messages WHERE ticket_id = ?1 AND deleted_at IS NULL ORDER BY sent_at, id",
        )?;
        Ok(stmt
            .query_map([id.0], |r| {
                Ok(TicketMessage {
                    id: TicketMessageId(r.get(0)?),
                    ticket_id: id,
                    direction: choice(r, 1)?,
                    author: r.get(2)?,
                    body: r.get(3)?,
                    sent_at: timestamp(r, 4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a message to the thread now; the first reply sets the ticket's first-response time.
    pub fn add_ticket_message(
        &mut self,
        id: TicketId,
        direction: Direction,
        author: &str,
        body: &str,
    ) -> Result<TicketMessage> {
        if body.trim().is_empty() {
            return Err(Error::Invalid(Invalid::one("body", Problem::Empty)));
        }
        let ticket = self.ticket(id)?;
        if ticket.fields.status == TicketStatus::Closed {
            return Err(closed(id));
        }
        // The conversation moves the ticket on: the first reply opens a new ticket, and the
        // customer writing again takes a ticket waiting on them back to open.
        let status = match (direction, ticket.fields.status) {
            (Direction::Outbound, TicketStatus::New) => TicketStatus::Open,
            (Direction::Inbound, TicketStatus::Pending) => TicketStatus::Open,
            (_, status) => status,
        };
        let moved = (status != ticket.fields.status)
            .then(|| ticket.fields.moved_to(status, None, ""))
            .transpose()?;
        let label = match direction {
            Direction::Outbound => format!("Reply to {}", ticket.fields.subject),
            Direction::Inbound => format!("Customer message on {}", ticket.fields.subject),
        };
        let message_id = self.write(label, |w| {
            if let Some(moved) = &moved {
                save_ticket(w, &ticket, moved)?;
            }
            let message_id = insert_ticket_message(&w.tx, id, direction, author, body, w.now)?;
            let mut fields = serde_json::Map::new();
            fields.insert("ticket_id".into(), serde_json::json!([null, id.0]));
            fields.insert("direction".into(), serde_json::json!([null, direction]));
            fields.insert("body".into(), serde_json::json!([null, body]));
            w.record(
                Entity::TicketMessage,
                message_id.0,
                ChangeOp::Create,
                fields,
            )?;
            Ok(message_id)
        })?;
        self.ticket_messages(id)?
            .into_iter()
            .find(|m| m.id == message_id)
            .ok_or_else(|| Error::not_found(Entity::TicketMessage, message_id.0))
    }

    /// One page of the ticket list.
    pub fn tickets(&self, q: &TicketQuery) -> Result<Page<TicketRow>> {
        let mut filter = String::from("t.deleted_at IS NULL");
        let mut args: Vec<Value> = Vec::new();
        if !q.text.trim().is_empty() {
            let Some(expr) = match_expression(&q.text) else {
                return Ok(Page {
                    rows: Vec::new(),
                    offset: q.offset,
                    total: 0,
                });
            };
            filter += &super::search::ticket_words(&expr, &mut args);
        }
        if !q.statuses.is_empty() {
            let mut marks = Vec::new();
            for s in &q.statuses {
                args.push(Value::Text(s.as_str().into()));
                marks.push(format!("?{}", args.len()));
            }
            filter += &format!(" AND t.status IN ({})", marks.join(", "));
        }
        if let Some(p) = q.priority {
            args.push(Value::Text(p.as_str().into()));
            filter += &format!(" AND t.priority = ?{}", args.len());
        }
        if let Some(c) = q.contact_id {
            args.push(Value::Integer(c.0));
            filter += &format!(" AND t.contact_id = ?{}", args.len());
        }
        if let Some(a) = &q.assignee {
            args.push(Value::Text(a.trim().into()));
            filter += &format!(" AND t.assignee = ?{}", args.len());
        }
        if let Some(at) = q.overdue_at {
            args.push(Value::Integer(at.0));
            filter += &format!(
                " AND t.status IN ('new', 'open', 'pending') AND t.sla_due_at < ?{}",
                args.len()
            );
        }
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM tickets t WHERE {filter}"))?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        let order = match q.sort {
            Some((sort, dir)) => order_by(sort, dir),
            None if q.by_sla_due => "t.sla_due_at IS NULL, t.sla_due_at, t.id".into(),
            None => "t.created_at DESC, t.id DESC".into(),
        };
        let sql = format!(
            "SELECT t.id, t.subject, nullif({name}, ''), t.status, t.priority, \
                    t.channel, t.sla_due_at, t.assignee, t.created_at, t.resolved_at \
             FROM tickets t LEFT JOIN contacts c ON c.id = t.contact_id \
             WHERE {filter} ORDER BY {order} LIMIT {} OFFSET {}",
            q.limit,
            q.offset,
            name = crate::written_sql!("c"),
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(TicketRow {
                    id: TicketId(r.get(0)?),
                    subject: r.get(1)?,
                    contact: r.get(2)?,
                    status: choice(r, 3)?,
                    priority: choice(r, 4)?,
                    channel: choice(r, 5)?,
                    sla_due_at: opt_timestamp(r, 6)?,
                    assignee: r.get(7)?,
                    created_at: timestamp(r, 8)?,
                    resolved_at: opt_timestamp(r, 9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            rows,
            offset: q.offset,
            total: total as u64,
        })
    }
}

fn ticket_from_row(r: &Row<'_>) -> rusqlite::Result<Ticket> {
    Ok(Ticket {
        id: TicketId(r.get(0)?),
        fields: TicketFields {
            subject: r.get(1)?,
            contact_id: opt_id(r, 2, ContactId)?,
            company_id: opt_id(r, 3, CompanyId)?,
            status: choice(r, 4)?,
            priority: choice(r, 5)?,
            channel: choice(r, 6)?,
            sla_due_at: opt_timestamp(r, 7)?,
            assignee: r.get(8)?,
            satisfaction: r.get(9)?,
            feedback: r.get(10)?,
        },
        created_at: timestamp(r, 11)?,
        updated_at: timestamp(r, 12)?,
        first_response_at: opt_timestamp(r, 13)?,
        resolved_at: opt_timestamp(r, 14)?,
        deleted_at: opt_timestamp(r, 15)?,
    })
}

fn ticket_values(f: &TicketFields) -> Vec<Value> {
    let opt = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    vec![
        Value::Text(f.subject.trim().into()),
        opt(f.contact_id.map(|i| i.0)),
        opt(f.company_id.map(|i| i.0)),
        Value::Text(f.status.as_str().into()),
        Value::Text(f.priority.as_str().into()),
        Value::Text(f.channel.as_str().into()),
        opt(f.sla_due_at.map(|t| t.0)),
        Value::Text(f.assignee.trim().into()),
        opt(f.satisfaction),
        Value::Text(f.feedback.clone()),
    ]
}

/// The change log's name for the resolution time a status change set or cleared, logged beside the
/// fields: Undo of a Reopen puts back the time the ticket was resolved, not the time of the Undo
/// (which had turned a met deadline into a missed one and moved old ratings into this month).
pub(super) const RESOLVED_AT: &str = "resolved_at";

/// Saves a ticket's new fields and logs them, with the resolution time they set or cleared.
fn save_ticket(w: &mut Writer<'_>, old: &Ticket, fields: &TicketFields) -> Result<()> {
    let resolution = update_ticket_row(&w.tx, old.id, old.fields.status, fields, w.now)?;
    let mut change = diff(
        &serde_json::to_value(&old.fields)?,
        &serde_json::to_value(fields)?,
    );
    if let Some(resolved) = resolution {
        let [was, now] = [old.resolved_at, resolved].map(|t| t.map(|t| t.0));
        change.insert(RESOLVED_AT.into(), serde_json::json!([was, now]));
    }
    w.record(Entity::Ticket, old.id.0, ChangeOp::Update, change)
}

/// Overwrites the row; leaving the active states stamps the resolution time, coming back clears it.
/// Returns the resolution time it set (`Some(None)` when cleared), if it touched it. Shared by
/// edits and undo (which then puts back the logged time, [`RESOLVED_AT`]).
pub(super) fn update_ticket_row(
    tx: &Transaction<'_>,
    id: TicketId,
    from: TicketStatus,
    fields: &TicketFields,
    now: Timestamp,
) -> Result<Option<Option<Timestamp>>> {
    let mut values = ticket_values(fields);
    values.push(Value::Integer(now.0));
    values.push(Value::Integer(id.0));
    tx.prepare_cached(&format!(
        "UPDATE tickets SET ({TICKET_COLUMNS}, updated_at) = \
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) WHERE id = ?12"
    ))?
    .execute(params_from_iter(values))?;
    let to = fields.status;
    let resolution = match (from.is_active(), to.is_active()) {
        (true, false) => Some(Some(now)),
        (false, true) => Some(None),
        _ => None,
    };
    if let Some(at) = resolution {
        set_ticket_resolution(tx, id, at)?;
    }
    Ok(resolution)
}

/// Why a closed ticket takes no more changes or messages: it is the record of a finished case.
fn closed(id: TicketId) -> Error {
    Error::Invalid(Invalid::one(
        "status",
        Problem::NotAllowed(format!(
            "ticket #{} is closed; open a new ticket if the customer needs more help",
            id.0
        )),
    ))
}

/// Inserts the row; shared by user edits and the demo generator.
pub(crate) fn insert_ticket(
    tx: &Transaction<'_>,
    fields: &TicketFields,
    created_at: Timestamp,
) -> Result<TicketId> {
    let mut values = ticket_values(fields);
    values.push(Value::Integer(created_at.0));
    tx.prepare_cached(&format!(
        "INSERT INTO tickets ({TICKET_COLUMNS}, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)"
    ))?
    .execute(params_from_iter(values))?;
    Ok(TicketId(tx.last_insert_rowid()))
}

/// Appends a message; the first outbound one is the ticket's first response.
pub(crate) fn insert_ticket_message(
    tx: &Transaction<'_>,
    ticket: TicketId,
    direction: Direction,
    author: &str,
    body: &str,
    sent_at: Timestamp,
) -> Result<TicketMessageId> {
    tx.prepare_cached(
        "INSERT INTO ticket_messages (ticket_id, direction, author, body, sent_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![ticket.0, direction.as_str(), author.trim(), body, sent_at.0])?;
    let id = TicketMessageId(tx.last_insert_rowid());
    if direction == Direction::Outbound {
        tx.prepare_cached(
            "UPDATE tickets SET first_response_at = ?1 WHERE id = ?2 AND (first_response_at IS NULL OR first_response_at > ?1)",
        )?
        .execute(params![sent_at.0, ticket.0])?;
    }
    Ok(id)
}

pub(crate) fn set_ticket_resolution(
    tx: &Transaction<'_>,
    ticket: TicketId,
    resolved_at: Option<Timestamp>,
) -> Result<()> {
    tx.prepare_cached("UPDATE tickets SET resolved_at = ?1 WHERE id = ?2")?
        .execute(params![resolved_at.map(|t| t.0), ticket.0])?;
    Ok(())
}

/// The meta key under which the workspace keeps its SLA hours, as JSON.
const SLA_POLICY_KEY: &str = "sla_policy";

impl Store {
    /// The workspace's SLA hours per priority; the default policy until someone changes it.
    pub fn sla_policy(&self) -> Result<SlaPolicy> {
        match self.meta(SLA_POLICY_KEY)? {
            Some(json) => Ok(serde_json::from_str(&json)?),
            None => Ok(SlaPolicy::default()),
        }
    }

    /// Stores new SLA hours. They apply to tickets opened or re-prioritised from now on; deadlines
    /// already set stay as promised.
    pub fn set_sla_policy(&mut self, policy: SlaPolicy) -> Result<()> {
        policy.validate()?;
        self.set_meta(SLA_POLICY_KEY, &serde_json::to_string(&policy)?)
    }

    /// Opens a ticket together with the message that started it, as one change.
    pub fn open_ticket(
        &mut self,
        mut fields: TicketFields,
        direction: Direction,
        author: &str,
        body: &str,
    ) -> Result<Ticket> {
        if body.trim().is_empty() {
            return self.create_ticket(fields);
        }
        fields.validate()?;
        let now = self.now();
        let policy = self.sla_policy()?;
        fields.sla_due_at = fields
            .sla_due_at
            .or_else(|| Some(policy.due(now, fields.priority)));
        let id = self.write(format!("Open ticket {}", fields.subject.trim()), |w| {
            let id = insert_ticket(&w.tx, &fields, w.now)?;
            insert_ticket_message(&w.tx, id, direction, author, body, w.now)?;
            // The first message lives and dies with its ticket (undoing the ticket hides both), so
            // it is logged inside the ticket's creation: a change of its own could not be undone.
            let mut logged = diff(&serde_json::Value::Null, &serde_json::to_value(&fields)?);
            logged.insert(
                "first_message".into(),
                serde_json::json!([null, { "direction": direction, "author": author.trim(), "body": body }]),
            );
            w.record(Entity::Ticket, id.0, ChangeOp::Create, logged)?;
            Ok(id)
        })?;
        self.ticket(id)
    }

    /// The people tickets are assigned to, for the assignee filter and pickers.
    pub fn ticket_assignees(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT assignee FROM tickets WHERE deleted_at IS NULL AND assignee <> '' \
             ORDER BY assignee COLLATE NOCASE",
        )?;
        let named: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(super::team::with_team(named, self.team()?))
    }

    /// The figures the support dashboard shows, as of `now`.
    pub fn ticket_figures(&self, now: Timestamp) -> Result<TicketFigures> {
        let mut open_by_priority: Vec<PriorityCount> = Priority::ALL
            .iter()
            .map(|&priority| PriorityCount {
                priority,
                open: 0,
                overdue: 0,
            })
            .collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT priority, count(*), count(CASE WHEN sla_due_at < ?1 THEN 1 END) FROM tickets \
             WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending') GROUP BY priority",
        )?;
        let mut rows = stmt.query([now.0])?;
        while let Some(r) = rows.next()? {
            let priority: Priority = choice(r, 0)?;
            if let Some(slot) = open_by_priority.iter_mut().find(|c| c.priority == priority) {
                slot.open = r.get::<_, i64>(1)? as u64;
                slot.overdue = r.get::<_, i64>(2)? as u64;
            }
        }
        let since = now.plus_days(-FIGURES_DAYS);
        let median_first_response = self.median_seconds(
            "first_response_at - created_at",
            "first_response_at IS NOT NULL",
            since,
        )?;
        let median_resolution = self.median_seconds(
            "resolved_at - created_at",
            "resolved_at IS NOT NULL AND status IN ('resolved', 'closed')",
            since,
        )?;
        // A rating counts when its ticket was resolved, as the trend (and the dashboard's chart)
        // place it: counted by creation, the headline and the chart under it disagreed.
        let (csat_average, csat_ratings): (Option<f64>, i64) = self.conn.query_row(
            "SELECT avg(satisfaction), count(satisfaction) FROM tickets \
             WHERE deleted_at IS NULL AND satisfaction IS NOT NULL \
               AND coalesce(resolved_at, updated_at) >= ?1",
            [since.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut trend = self
            .conn
            .prepare_cached(
                "SELECT strftime('%Y-%m', coalesce(resolved_at, updated_at), 'unixepoch', 'localtime') AS month, \
                        avg(satisfaction), count(*) \
                 FROM tickets WHERE deleted_at IS NULL AND satisfaction IS NOT NULL \
                   AND coalesce(resolved_at, updated_at) >= ?1 \
                 GROUP BY month ORDER BY month DESC LIMIT ?2",
            )?
            .query_map(params![since.0, TREND_MONTHS as i64], |r| {
                Ok(MonthScore {
                    month: r.get(0)?,
                    average: r.get(1)?,
                    ratings: r.get::<_, i64>(2)? as u64,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        trend.reverse();
        Ok(TicketFigures {
            open_by_priority,
            median_first_response,
            median_resolution,
            csat_average,
            csat_ratings: csat_ratings as u64,
            csat_trend: trend,
        })
    }

    /// The median of `span` (seconds) over live tickets opened since `since` that match `when`;
    /// sorting only the matching values, so it costs one index-less sort of the window, not a read
    /// of every row into memory.
    fn median_seconds(&self, span: &str, when: &str, since: Timestamp) -> Result<Option<i64>> {
        let median: Option<f64> = self
            .conn
            .prepare_cached(&format!(
                "WITH d AS (SELECT {span} AS v FROM tickets \
                            WHERE deleted_at IS NULL AND {when} AND created_at >= ?1), \
                      n AS (SELECT count(*) AS c FROM d) \
                 SELECT avg(v) FROM (SELECT v FROM d ORDER BY v \
                     LIMIT 2 - (SELECT c FROM n) % 2 OFFSET max((SELECT c FROM n) - 1, 0) / 2)"
            ))?
            .query_row([since.0], |r| r.get(0))?;
        Ok(median.map(|m| m.round() as i64))
    }
}

/// The ORDER BY clause for a column order picked in the list.
fn order_by(sort: TicketSort, dir: SortDir) -> String {
    let d = dir.sql();
    match sort {
        TicketSort::Subject => format!("t.subject COLLATE NOCASE {d}, t.id {d}"),
        TicketSort::Contact => format!("c.id IS NULL, c.sort_name {d}, t.id {d}"),
        TicketSort::Status => format!(
            "CASE t.status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'pending' THEN 2 \
             WHEN 'resolved' THEN 3 ELSE 4 END {d}, t.id {d}"
        ),
        TicketSort::Priority => format!(
            "CASE t.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END {d}, \
             t.sla_due_at IS NULL, t.sla_due_at, t.id"
        ),
        TicketSort::SlaDue => format!("t.sla_due_at IS NULL, t.sla_due_at {d}, t.id {d}"),
        TicketSort::Assignee => {
            format!("t.assignee = '', t.assignee COLLATE NOCASE {d}, t.id {d}")
        }
        TicketSort::Opened => format!("t.created_at {d}, t.id {d}"),
    }
}
