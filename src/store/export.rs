//! Read-only views for exports: any list as text cells with a header, and the dated items a
//! calendar shows. Times are written as UTC RFC 3339, money as a plain decimal beside its currency.

use rusqlite::types::ValueRef;
use serde::{Deserialize, Serialize};

use super::{Result, Store};
use crate::domain::{ContactId, Currency, Money, Timestamp};

/// The lists that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Contacts,
    Companies,
    Deals,
    Tickets,
    Tasks,
    Campaigns,
}

impl ListKind {
    /// Header and SQL of the export, without its order; `*_at` columns hold Unix seconds, shown as
    /// UTC. Every query reads its records' id first, as `id`. The contacts' query reads one more
    /// column than its header names, their custom fields, which become columns of their own.
    fn query(self) -> (&'static [&'static str], &'static str) {
        match self {
            ListKind::Contacts => (
                &[
                    "id",
                    "first_name",
                    "last_name",
                    "company",
                    "job_title",
                    "emails",
                    "email_labels",
                    "phones",
                    "phone_labels",
                    "street",
                    "city",
                    "region",
                    "postal_code",
                    "country",
                    "owner",
                    "lead_source",
                    "lifecycle",
                    "birthday",
                    "age",
                    "annual_income",
                    "education_years",
                    "tags",
                    "notes",
                    "created_at",
                ],
                "SELECT c.id, c.first_name, c.last_name, co.name, c.job_title, \
                   (SELECT group_concat(value ->> 'address', '; ') FROM json_each(c.emails)), \
                   (SELECT CASE WHEN max(value ->> 'label') <> '' THEN group_concat(coalesce(value ->> 'label', ''), ' ::: ') END \
                     FROM json_each(c.emails)), \
                   (SELECT group_concat(value ->> 'number', ' ::: ') FROM json_each(c.phones)), \
                   (SELECT CASE WHEN max(value ->> 'label') <> '' THEN group_concat(coalesce(value ->> 'label', ''), ' ::: ') END \
                     FROM json_each(c.phones)), \
                   c.street, c.city, c.region, c.postal_code, c.country, c.owner, c.lead_source, c.lifecycle, c.birthday, \
                   c.age, CASE WHEN c.income_minor IS NOT NULL THEN c.income_minor || ' ' || c.income_currency END, \
                   c.education_years, \
                   (SELECT CASE WHEN max(instr(name, ';')) > 0 \
                       THEN group_concat(name, ' ::: ') || CASE WHEN count(*) = 1 THEN ' :::' ELSE '' END \
                       ELSE group_concat(name, '; ') || CASE WHEN count(*) = 1 AND instr(max(name), ',') > 0 THEN ';' ELSE '' END END \
                     FROM (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id \
                     WHERE ct.contact_id = c.id ORDER BY ct.position)), \
                   c.notes, c.created_at, c.custom \
                 FROM contacts c LEFT JOIN companies co ON co.id = c.company_id \
                 WHERE c.deleted_at IS NULL",
            ),
            ListKind::Companies => (
                &[
                    "id",
                    "name",
                    "domain",
                    "industry",
                    "employees",
                    "phone",
                    "street",
                    "city",
                    "region",
                    "postal_code",
                    "country",
                    "owner",
                    "notes",
                    "created_at",
                ],
                "SELECT co.id, co.name, co.domain, co.industry, co.employees, co.phone, co.street, co.city, co.region, \
                   co.postal_code, co.country, co.owner, co.notes, co.created_at FROM companies co WHERE co.deleted_at IS NULL",
            ),
            ListKind::Deals => (
                &[
                    "id",
                    "title",
                    "pipeline",
                    "stage",
                    "contact",
                    "company",
                    "amount",
                    "currency",
                    "probability",
                    "expected_close",
                    "status",
                    "owner",
                    "created_at",
                    "closed_at",
                ],
                concat!(
                    "SELECT d.id, d.title, p.name, s.name, ",
                    crate::written_sql!("c"),
                    ", co.name, \
                   d.amount_minor, d.currency, d.probability, d.expected_close, d.status, d.owner, d.created_at, d.closed_at \
                 FROM deals d JOIN pipelines p ON p.id = d.pipeline_id JOIN stages s ON s.id = d.stage_id \
                   LEFT JOIN contacts c ON c.id = d.contact_id LEFT JOIN companies co ON co.id = d.company_id \
                 WHERE d.deleted_at IS NULL"
                ),
            ),
            ListKind::Tickets => (
                &[
                    "id",
                    "subject",
                    "contact",
                    "company",
                    "status",
                    "priority",
                    "channel",
                    "assignee",
                    "sla_due_at",
                    "satisfaction",
                    "created_at",
                    "resolved_at",
                    // After the older columns, so tools reading those by place read them still.
                    "first_response_at",
                    "feedback",
                ],
                concat!(
                    "SELECT t.id, t.subject, ",
                    crate::written_sql!("c"),
                    ", co.name, t.status, t.priority, \
                   t.channel, t.assignee, t.sla_due_at, t.satisfaction, t.created_at, t.resolved_at, \
                   t.first_response_at, t.feedback \
                 FROM tickets t LEFT JOIN contacts c ON c.id = t.contact_id LEFT JOIN companies co ON co.id = t.company_id \
                 WHERE t.deleted_at IS NULL"
                ),
            ),
            ListKind::Tasks => (
                &[
                    "id",
                    "title",
                    "due_at",
                    "done_at",
                    "owner",
                    "contact",
                    "company",
                    "deal",
                    "ticket",
                    "notes",
                    "created_at",
                ],
                concat!(
                    "SELECT t.id, t.title, t.due_at, t.done_at, t.owner, ",
                    crate::written_sql!("c"),
                    ", \
                   co.name, d.title, k.subject, t.notes, t.created_at \
                 FROM tasks t LEFT JOIN contacts c ON c.id = t.contact_id LEFT JOIN companies co ON co.id = t.company_id \
                   LEFT JOIN deals d ON d.id = t.deal_id LEFT JOIN tickets k ON k.id = t.ticket_id \
                 WHERE t.deleted_at IS NULL"
                ),
            ),
            // The figures the Campaigns list shows: its members' funnel and their revenue.
            ListKind::Campaigns => (
                &[
                    "id",
                    "name",
                    "channel",
                    "status",
                    "budget",
                    "cost",
                    "revenue",
                    "currency",
                    "starts_on",
                    "ends_on",
                    "members",
                    "sent",
                    "opened",
                    "responded",
                    "converted",
                    "created_at",
                ],
                "SELECT c.id, c.name, c.channel, c.status, c.budget_minor, c.cost_minor, \
                   coalesce(sum(m.revenue_minor), 0), c.currency, c.starts_on, c.ends_on, \
                   count(m.contact_id), count(m.sent_at), count(m.opened_at), count(m.responded_at), \
                   count(m.converted_at), c.created_at \
                 FROM campaigns c LEFT JOIN campaign_members m ON m.campaign_id = c.id \
                 WHERE c.deleted_at IS NULL GROUP BY c.id",
            ),
        }
    }
}

/// The columns of an export that hold money in minor units, written as the amounts people read in
/// the row's `currency` column.
const MONEY_COLUMNS: [&str; 4] = ["amount", "budget", "cost", "revenue"];

/// A task, meeting or expected close date, for a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarItem {
    Task {
        id: i64,
        title: String,
        notes: String,
        due_at: Option<Timestamp>,
        done_at: Option<Timestamp>,
        updated_at: Timestamp,
        about: CalendarLinks,
    },
    Meeting {
        id: i64,
        subject: String,
        body: String,
        starts_at: Timestamp,
        minutes: Option<i64>,
        updated_at: Timestamp,
        about: CalendarLinks,
    },
    ExpectedClose {
        deal_id: i64,
        title: String,
        on: chrono::NaiveDate,
        amount: Option<Money>,
        updated_at: Timestamp,
        about: CalendarLinks,
    },
}

/// Who and what a calendar item concerns, by name (live records only), so an entry in a calendar
/// app says whose invoice to chase.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CalendarLinks {
    pub contact: Option<String>,
    pub company: Option<String>,
    pub deal: Option<String>,
    pub ticket: Option<String>,
}

impl CalendarLinks {
    /// "Contact: Ada Lovelace", "Company: …", one line each, for what is linked.
    pub fn lines(&self) -> Vec<String> {
        [
            ("Contact", &self.contact),
            ("Company", &self.company),
            ("Deal", &self.deal),
            ("Ticket", &self.ticket),
        ]
        .into_iter()
        .filter_map(|(what, name)| {
            name.as_deref()
                .filter(|n| !n.trim().is_empty())
                .map(|n| format!("{what}: {n}"))
        })
        .collect()
    }

    /// Reads the four names [`LINKED_NAMES`] selects, from column `first` on.
    fn from_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<CalendarLinks> {
        Ok(CalendarLinks {
            contact: r.get(first)?,
            company: r.get(first + 1)?,
            deal: r.get(first + 2)?,
            ticket: r.get(first + 3)?,
        })
    }
}

/// The names of the contact, company, deal and ticket a row of table alias `x` links to (tasks and
/// activities both carry the four ids), and the joins that find them.
const LINKED_NAMES: &str = concat!(crate::written_sql!("c"), ", co.name, d.title, tk.subject");
const LINKED_JOINS: &str = "LEFT JOIN contacts c ON c.id = x.contact_id AND c.deleted_at IS NULL \
     LEFT JOIN companies co ON co.id = x.company_id AND co.deleted_at IS NULL \
     LEFT JOIN deals d ON d.id = x.deal_id AND d.deleted_at IS NULL \
     LEFT JOIN tickets tk ON tk.id = x.ticket_id AND tk.deleted_at IS NULL";

impl Store {
    /// Calls `row` with the header, then the list's live records as text cells: all of them in id
    /// order, or with `only` those ids in that order (what a filtered view shows, as it shows it).
    pub fn export_list(
        &self,
        kind: ListKind,
        only: Option<&[i64]>,
        mut row: impl FnMut(&[String]) -> std::io::Result<()>,
    ) -> Result<u64> {
        let (fixed, body) = kind.query();
        let mut header: Vec<String> = fixed.iter().map(|h| h.to_string()).collect();
        // Contacts' custom fields as columns "custom: NAME", every name any exported contact has,
        // so the file holds all of a contact and Kith's import puts each value back.
        let custom_keys = if kind == ListKind::Contacts {
            self.custom_field_names(only)?
        } else {
            Vec::new()
        };
        header.extend(custom_keys.iter().map(|k| format!("{CUSTOM_PREFIX}{k}")));
        row(&header).map_err(io_error)?;
        let (sql, ids) = match only {
            None => (format!("{body} ORDER BY 1"), None),
            Some(ids) => (
                format!(
                    "SELECT list.* FROM json_each(?1) AS pick JOIN ({body}) AS list ON list.id = pick.value \
                     ORDER BY pick.key"
                ),
                Some(serde_json::to_string(ids)?),
            ),
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = match &ids {
            None => stmt.query([])?,
            Some(ids) => stmt.query([ids])?,
        };
        write_rows(rows, &header, fixed.len(), &custom_keys, row)
    }

    /// Calls `row` with the header, then campaign `id`'s members in name order: who they are, how
    /// far each got (sent, opened, responded, converted, as UTC times) and the revenue they
    /// brought, in the campaign's currency — the list the campaign's page shows, a member deleted
    /// since marked "(deleted)" as there, without an e-mail address or number: the file is for
    /// mailing tools, which read the address, not the name, and would write to someone the owner
    /// deleted.
    pub fn export_campaign_members(
        &self,
        id: crate::domain::CampaignId,
        mut row: impl FnMut(&[String]) -> std::io::Result<()>,
    ) -> Result<u64> {
        const HEADER: [&str; 12] = [
            "contact_id",
            "name",
            "email",
            "phone",
            "company",
            "lifecycle",
            "sent_at",
            "opened_at",
            "responded_at",
            "converted_at",
            "revenue",
            "currency",
        ];
        let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
        row(&header).map_err(io_error)?;
        let mut stmt = self.conn.prepare(
            concat!("SELECT c.id, ", crate::written_sql!("c"), " \
               || CASE WHEN c.deleted_at IS NULL THEN '' ELSE ' (deleted)' END, \
               CASE WHEN c.deleted_at IS NULL THEN c.email ELSE '' END, \
               CASE WHEN c.deleted_at IS NULL THEN c.phone ELSE '' END, co.name, \
               c.lifecycle, m.sent_at, m.opened_at, m.responded_at, m.converted_at, m.revenue_minor, \
               k.currency \
             FROM campaign_members m JOIN campaigns k ON k.id = m.campaign_id \
               JOIN contacts c ON c.id = m.contact_id \
               LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL \
             WHERE m.campaign_id = ?1 ORDER BY c.sort_name, c.id"),
        )?;
        let rows = stmt.query([id.0])?;
        write_rows(rows, &header, header.len(), &[], row)
    }
}

/// Writes `rows` (read in `header`'s order, the first `fixed` columns, then a contact's custom
/// fields as JSON when `custom_keys` names any) as text cells: times as UTC RFC 3339, money as
/// the decimal amount in the row's currency.
fn write_rows(
    mut rows: rusqlite::Rows<'_>,
    header: &[String],
    fixed: usize,
    custom_keys: &[String],
    mut row: impl FnMut(&[String]) -> std::io::Result<()>,
) -> Result<u64> {
    let times: Vec<bool> = header.iter().map(|h| h.ends_with("_at")).collect();
    let currency = header.iter().position(|h| h == "currency");
    let money: Vec<usize> = (0..header.len())
        .filter(|&i| MONEY_COLUMNS.contains(&header[i].as_str()))
        .collect();
    // Read as "5200000 EUR" (minor units): written as the amount people read, "52000.00 EUR".
    let income = header.iter().position(|h| h == "annual_income");
    let mut n = 0;
    let mut cells = vec![String::new(); header.len()];
    while let Some(r) = rows.next()? {
        if !custom_keys.is_empty() {
            let custom: String = r.get(fixed)?;
            let custom: std::collections::BTreeMap<String, String> =
                serde_json::from_str(&custom).unwrap_or_default();
            for (key, cell) in custom_keys.iter().zip(&mut cells[fixed..]) {
                *cell = custom.get(key).cloned().unwrap_or_default();
            }
        }
        for (i, cell) in cells.iter_mut().enumerate().take(fixed) {
            *cell = match r.get_ref(i)? {
                ValueRef::Null => String::new(),
                ValueRef::Integer(v) if times[i] => Timestamp(v).to_rfc3339(),
                ValueRef::Integer(v) => v.to_string(),
                ValueRef::Real(v) => v.to_string(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                ValueRef::Blob(_) => String::new(),
            };
        }
        if let Some(c) = currency.and_then(|c| Currency::new(&cells[c]).ok()) {
            for &i in &money {
                if let Ok(minor) = cells[i].parse::<i64>() {
                    cells[i] = Money::new(minor, c).to_decimal_string();
                }
            }
        }
        if let Some(i) = income
            && let Some((minor, code)) = cells[i].split_once(' ')
            && let (Ok(minor), Ok(c)) = (minor.parse::<i64>(), Currency::new(code))
        {
            cells[i] = format!("{} {code}", Money::new(minor, c).to_decimal_string());
        }
        row(&cells).map_err(io_error)?;
        n += 1;
    }
    Ok(n)
}

impl Store {
    /// Those of `ids` that name no live record of the list (never there, or deleted), in order.
    pub fn not_in_list(&self, kind: ListKind, ids: &[i64]) -> Result<Vec<i64>> {
        let table = match kind {
            ListKind::Contacts => "contacts",
            ListKind::Companies => "companies",
            ListKind::Deals => "deals",
            ListKind::Tickets => "tickets",
            ListKind::Tasks => "tasks",
            ListKind::Campaigns => "campaigns",
        };
        let sql = format!(
            "SELECT value FROM json_each(?1) WHERE value NOT IN \
             (SELECT id FROM {table} WHERE deleted_at IS NULL) ORDER BY key"
        );
        Ok(self
            .conn
            .prepare(&sql)?
            .query_map([serde_json::to_string(ids)?], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Live contact ids in id order, for "export all".
    pub fn contact_ids(&self) -> Result<Vec<ContactId>> {
        Ok(self
            .conn
            .prepare("SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id")?
            .query_map([], |r| Ok(ContactId(r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Live tasks, meetings and open deals' expected close dates.
    pub fn calendar_items(&self) -> Result<Vec<CalendarItem>> {
        let mut items = Vec::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT x.id, x.title, x.notes, x.due_at, x.done_at, x.updated_at, {LINKED_NAMES} \
             FROM tasks x {LINKED_JOINS} WHERE x.deleted_at IS NULL ORDER BY x.id"
        ))?;
        let tasks = stmt.query_map([], |r| {
            Ok(CalendarItem::Task {
                id: r.get(0)?,
                title: r.get(1)?,
                notes: r.get(2)?,
                due_at: r.get::<_, Option<i64>>(3)?.map(Timestamp),
                done_at: r.get::<_, Option<i64>>(4)?.map(Timestamp),
                updated_at: Timestamp(r.get(5)?),
                about: CalendarLinks::from_row(r, 6)?,
            })
        })?;
        items.extend(tasks.collect::<rusqlite::Result<Vec<_>>>()?);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT x.id, x.subject, x.body, x.occurred_at, x.duration_minutes, x.updated_at, \
             {LINKED_NAMES} FROM activities x {LINKED_JOINS} \
             WHERE x.kind = 'meeting' AND x.deleted_at IS NULL ORDER BY x.id"
        ))?;
        let meetings = stmt.query_map([], |r| {
            Ok(CalendarItem::Meeting {
                id: r.get(0)?,
                subject: r.get(1)?,
                body: r.get(2)?,
                starts_at: Timestamp(r.get(3)?),
                minutes: r.get(4)?,
                updated_at: Timestamp(r.get(5)?),
                about: CalendarLinks::from_row(r, 6)?,
            })
        })?;
        items.extend(meetings.collect::<rusqlite::Result<Vec<_>>>()?);
        let mut stmt = self.conn.prepare(concat!(
            "SELECT x.id, x.title, x.expected_close, x.amount_minor, x.currency, x.updated_at, \
             ",
            crate::written_sql!("c"),
            ", co.name FROM deals x \
             LEFT JOIN contacts c ON c.id = x.contact_id AND c.deleted_at IS NULL \
             LEFT JOIN companies co ON co.id = x.company_id AND co.deleted_at IS NULL \
             WHERE x.expected_close IS NOT NULL AND x.status = 'open' AND x.deleted_at IS NULL \
             ORDER BY x.id"
        ))?;
        let deals = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                CalendarLinks {
                    contact: r.get(6)?,
                    company: r.get(7)?,
                    ..CalendarLinks::default()
                },
            ))
        })?;
        for d in deals {
            let (deal_id, title, on, minor, currency, updated, about) = d?;
            // A hand-edited date that does not parse is left off the calendar rather than failing it.
            let Ok(on) = chrono::NaiveDate::parse_from_str(&on, "%Y-%m-%d") else {
                continue;
            };
            items.push(CalendarItem::ExpectedClose {
                deal_id,
                title,
                on,
                amount: Currency::new(&currency).ok().map(|c| Money::new(minor, c)),
                updated_at: Timestamp(updated),
                about,
            });
        }
        Ok(items)
    }
}

/// How a custom field's column is headed in a contacts export ("custom: Nickname"); the import
/// reads such a column back into that custom field.
pub const CUSTOM_PREFIX: &str = "custom: ";

impl Store {
    /// The custom field names the live contacts (or those of `only`) hold, in order.
    fn custom_field_names(&self, only: Option<&[i64]>) -> Result<Vec<String>> {
        let (sql, ids) = match only {
            None => (
                "SELECT DISTINCT j.key FROM contacts c, json_each(c.custom) j \
                 WHERE c.deleted_at IS NULL ORDER BY 1",
                None,
            ),
            Some(ids) => (
                "SELECT DISTINCT j.key FROM json_each(?1) pick \
                 JOIN contacts c ON c.id = pick.value, json_each(c.custom) j \
                 WHERE c.deleted_at IS NULL ORDER BY 1",
                Some(serde_json::to_string(ids)?),
            ),
        };
        let mut stmt = self.conn.prepare(sql)?;
        let names: rusqlite::Result<Vec<String>> = match &ids {
            None => stmt.query_map([], |r| r.get(0))?.collect(),
            Some(ids) => stmt.query_map([ids], |r| r.get(0))?.collect(),
        };
        Ok(names?)
    }
}

fn io_error(e: std::io::Error) -> super::Error {
    super::Error::Io {
        context: "cannot write".into(),
        source: e,
    }
}
