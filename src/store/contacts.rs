//! Contacts: create, read, update, and the paged, sorted, filtered list the window shows.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};
use serde::Serialize;

pub(super) use super::contact_rows::{
    CONTACT_COLUMNS, CREATED_AT, set_created_at, update_contact_row,
};
pub(crate) use super::contact_rows::{
    insert_contact, insert_contact_created, read_contact, read_contact_fields,
};
use super::page::{Page, SortDir};
use super::row::{choice, json, opt_timestamp};
use super::search::{TypedPhone, match_expression};
use super::{Result, Store};
use crate::domain::*;

/// Columns the contact list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum ContactSort {
    #[default]
    Name,
    Company,
    Email,
    Phone,
    Lifecycle,
    LastActivity,
    Created,
}

impl ContactSort {
    /// The index that already holds live contacts in this order (company names live in another table).
    fn index(self) -> Option<&'static str> {
        match self {
            ContactSort::Name => Some("contacts_by_name"),
            ContactSort::Company => None,
            ContactSort::Email => Some("contacts_by_email"),
            ContactSort::Phone => Some("contacts_by_phone"),
            ContactSort::Lifecycle => Some("contacts_by_lifecycle"),
            ContactSort::LastActivity => Some("contacts_by_last_activity"),
            ContactSort::Created => Some("contacts_by_created"),
        }
    }

    fn order_by(self, dir: SortDir) -> String {
        let d = dir.sql();
        match self {
            ContactSort::Name => {
                format!("c.sort_name {d}, c.id {d}")
            }
            ContactSort::Company => format!("co.sort_name {d}, co.id {d}, c.id {d}"),
            ContactSort::Email => format!("c.email COLLATE NOCASE {d}, c.id {d}"),
            ContactSort::Phone => format!("c.phone {d}, c.id {d}"),
            ContactSort::Lifecycle => format!("c.lifecycle {d}, c.id {d}"),
            ContactSort::LastActivity => format!("c.last_activity_at {d}, c.id {d}"),
            ContactSort::Created => format!("c.created_at {d}, c.id {d}"),
        }
    }
}

/// What the contact list shows: a filter, a sort and a window.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactQuery {
    /// Words the user typed; matched as literal text, never as query syntax.
    pub text: String,
    /// What the words are looked for in.
    pub scope: TextScope,
    pub tag: Option<String>,
    pub lifecycle: Option<LifecycleStage>,
    pub company_id: Option<CompanyId>,
    pub sort: ContactSort,
    pub dir: SortDir,
    pub offset: u64,
    pub limit: u32,
}

/// Where a contact query's words are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextScope {
    /// Everything the search index holds: name, e-mails, phones, title, town, owner, notes.
    #[default]
    Everything,
    /// Who the person is: their name, the start of their e-mail address, their company's name,
    /// or their phone number typed whole. Picking a person to link ("ma" for Maria) should not offer everyone Maria owns, or
    /// everyone whose notes mention her.
    Identity,
}

/// One line of the contact list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRow {
    pub id: ContactId,
    pub name: String,
    pub company: Option<String>,
    pub email: String,
    pub phone: String,
    pub lifecycle: LifecycleStage,
    pub tags: Vec<String>,
    pub last_activity_at: Option<Timestamp>,
}

impl Store {
    pub fn create_contact(&mut self, fields: ContactFields) -> Result<Contact> {
        let fields = fields.normalized();
        fields.validate(self.now().last_day())?;
        let id = self.write(format!("Create contact {}", fields.full_name()), |w| {
            let id = insert_contact(&w.tx, &fields, w.now)?;
            w.record_diff(Entity::Contact, id.0, None, Some(&fields))?;
            Ok(id)
        })?;
        self.contact(id)
    }

    pub fn update_contact(&mut self, id: ContactId, fields: ContactFields) -> Result<Contact> {
        let fields = fields.normalized();
        fields.validate(self.now().last_day())?;
        let old = self.contact(id)?;
        self.write(format!("Edit contact {}", fields.full_name()), |w| {
            update_contact_row(&w.tx, id, &fields, w.now)?;
            w.record_diff(Entity::Contact, id.0, Some(&old.fields), Some(&fields))
        })?;
        self.contact(id)
    }

    /// Saves a contact as the edit form does: creates it (`id` none) or updates it, and when
    /// `company_name` is given links it to the live company of that name — creating the company if
    /// there is none — all as one change set, so one Undo takes back both. An empty name unlinks.
    ///
    /// `base` is the record as the form loaded it: only the fields the user changed are saved, on
    /// top of the record as it is now (another window may have saved it meanwhile). A save that
    /// changes nothing writes nothing.
    pub fn save_contact(
        &mut self,
        id: Option<ContactId>,
        fields: ContactFields,
        company_name: Option<&str>,
        base: Option<&ContactFields>,
    ) -> Result<Contact> {
        let mut fields = fields.normalized();
        let old = id.map(|id| self.contact(id)).transpose()?;
        let mut replaced = Vec::new();
        if let (Some(old), Some(base)) = (&old, base) {
            // Deleted (or erased) elsewhere while the form was open: saving would write onto a
            // record no one sees, an erased person's included.
            if old.is_erased() {
                return Err(super::Error::erased_meanwhile(&base.full_name()));
            }
            if old.deleted_at.is_some() {
                return Err(super::Error::deleted_meanwhile(
                    &base.full_name(),
                    "contact",
                ));
            }
            replaced = crate::domain::rebase::replaced(base, &fields, &old.fields);
            fields = crate::domain::rebase::rebase(base, &fields, &old.fields);
        }
        fields.validate(self.now().last_day())?;
        if let Some(old) = &old
            && company_name.is_none()
            && old.fields == fields
        {
            return Ok(old.clone());
        }
        let company_name = company_name.map(str::trim);
        let existing = match company_name {
            Some(name) if !name.is_empty() => {
                let current = old.as_ref().and_then(|o| o.fields.company_id);
                self.company_named(name, current)?
            }
            _ => None,
        };
        let label = match id {
            Some(_) => format!(
                "Edit contact {}{}",
                fields.full_name(),
                crate::domain::rebase::over_another_window(&replaced)
            ),
            None => format!("Create contact {}", fields.full_name()),
        };
        let id = self.write(label, |w| {
            match (company_name, existing) {
                (Some(""), _) => fields.company_id = None,
                (Some(_), Some(company)) => fields.company_id = Some(company),
                (Some(name), None) => {
                    let company = CompanyFields {
                        name: name.to_string(),
                        ..Default::default()
                    };
                    company.validate()?;
                    let company_id = super::companies::insert_company(&w.tx, &company, w.now)?;
                    w.record_diff(Entity::Company, company_id.0, None, Some(&company))?;
                    fields.company_id = Some(company_id);
                }
                (None, _) => {}
            }
            match &old {
                Some(old) => {
                    update_contact_row(&w.tx, old.id, &fields, w.now)?;
                    w.record_diff(Entity::Contact, old.id.0, Some(&old.fields), Some(&fields))?;
                    Ok(old.id)
                }
                None => {
                    let id = insert_contact(&w.tx, &fields, w.now)?;
                    w.record_diff(Entity::Contact, id.0, None, Some(&fields))?;
                    Ok(id)
                }
            }
        })?;
        self.contact(id)
    }

    /// The live company with this name (ignoring case, and accents when no name matches with
    /// them): `prefer` if it is one of that name, else the oldest. Two companies may share a name (two "Ironbridge Software", in Dublin and in
    /// Munich): a contact of the Munich one saved with its company's name retyped in other letter
    /// case was moved to Dublin without a word.
    pub(crate) fn company_named(
        &self,
        name: &str,
        prefer: Option<CompanyId>,
    ) -> Result<Option<CompanyId>> {
        let key = crate::domain::sort_key::sort_key(name);
        Ok(self
            .conn
            .prepare_cached(super::companies::NAMED)?
            .query_row(rusqlite::params![name, key, prefer.map(|c| c.0)], |r| {
                Ok(CompanyId(r.get(0)?))
            })
            .optional()?)
    }

    /// Refuses new tasks and activities for a contact that is deleted (the window hides their forms
    /// there; this holds for any other way in).
    pub(crate) fn ensure_contact_live(&self, id: Option<ContactId>) -> Result<()> {
        let Some(id) = id else {
            return Ok(());
        };
        let contact = self.contact(id)?;
        match contact.deleted_at {
            Some(_) if contact.is_erased() => Err(super::Error::contact_is_erased()),
            Some(_) => Err(super::Error::contact_is_deleted(
                contact.fields.full_name().trim(),
            )),
            None => Ok(()),
        }
    }

    /// A contact by id, including a soft-deleted one (its `deleted_at` says so).
    pub fn contact(&self, id: ContactId) -> Result<Contact> {
        read_contact(&self.conn, id)
    }

    /// Every tag in use, alphabetically, for filters and the tag editor.
    pub fn tags(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name FROM tags t WHERE EXISTS (SELECT 1 FROM contact_tags WHERE tag_id = t.id) ORDER BY name COLLATE NOCASE",
        )?;
        Ok(stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// One page of the contact list. The page's ids are read from an index first and only those rows
    /// are then read whole, so a page deep in a long list costs little more than the first; the
    /// total is counted once per filter and reused until the workspace changes.
    pub fn contacts(&self, q: &ContactQuery) -> Result<Page<ContactRow>> {
        self.catch_up_planned()?;
        let Some(filter) = ListFilter::new(q) else {
            return Ok(Page {
                rows: Vec::new(),
                offset: q.offset,
                total: 0,
            });
        };
        let total = self.list_total(&filter)?;
        let ids = self.page_ids(q, &filter)?;
        let rows = self.contact_rows(&ids)?;
        Ok(Page {
            rows,
            offset: q.offset,
            total,
        })
    }

    /// The first rows of a query, without counting the rest: suggestions while a person is
    /// picked (counting every match on each keystroke cost more than finding the first eight).
    pub fn contact_suggestions(&self, q: &ContactQuery) -> Result<Vec<ContactRow>> {
        let Some(filter) = ListFilter::new(q) else {
            return Ok(Vec::new());
        };
        self.contact_rows(&self.page_ids(q, &filter)?)
    }

    /// Every contact the query's filters let through, in its sort order (its offset and limit
    /// set aside): the view an export of a filtered list writes.
    pub fn contact_ids_shown(&self, q: &ContactQuery) -> Result<Vec<i64>> {
        self.catch_up_planned()?;
        let Some(filter) = ListFilter::new(q) else {
            return Ok(Vec::new());
        };
        let all = ContactQuery {
            offset: 0,
            limit: u32::MAX,
            ..q.clone()
        };
        self.page_ids(&all, &filter)
    }

    fn list_total(&self, filter: &ListFilter) -> Result<u64> {
        let stamp = (self.conn.total_changes(), self.data_version()?);
        if let Some(cached) = self.list_count.borrow().as_ref()
            && cached.filter == filter.key
            && cached.stamp == stamp
        {
            return Ok(cached.total);
        }
        // Counting through the narrowest index that holds the filter keeps this to a few pages.
        let index = if filter.company {
            "contacts_by_company"
        } else if filter.lifecycle {
            "contacts_by_lifecycle"
        } else {
            "contacts_live"
        };
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM contacts c INDEXED BY {index} WHERE {}",
                filter.sql
            ))?
            .query_row(params_from_iter(filter.args.iter()), |r| r.get(0))?;
        *self.list_count.borrow_mut() = Some(CachedCount {
            filter: filter.key.clone(),
            stamp,
            total: total as u64,
        });
        Ok(total as u64)
    }

    /// SQLite's count of commits by other connections (not this one's own), so a change made
    /// elsewhere (the command line, a second window) also invalidates the cached count, and the
    /// window, polling it, learns that what it shows may be out of date.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }

    fn page_ids(&self, q: &ContactQuery, filter: &ListFilter) -> Result<Vec<i64>> {
        if q.sort == ContactSort::Company && !filter.company {
            return self.page_ids_by_company(q, filter);
        }
        // Walking the sort's own index stops after one page even when a search matches thousands;
        // for one company's people the planner's choice (that company's few rows) is better.
        let walk = match q.sort.index() {
            Some(index) if !filter.company => format!("INDEXED BY {index}"),
            _ => String::new(),
        };
        let join = if q.sort == ContactSort::Company {
            "LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL"
        } else {
            ""
        };
        let sql = format!(
            "SELECT c.id FROM contacts c {walk} {join} WHERE {} ORDER BY {} LIMIT {} OFFSET {}",
            filter.sql,
            q.sort.order_by(q.dir),
            q.limit,
            q.offset
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(filter.args.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Sorting by company name would sort every contact by a name read from another table. Instead
    /// the people without a company (first when ascending, as SQL puts empty values) are read by id,
    /// and everyone else by walking the companies' name index and each company's people in turn.
    fn page_ids_by_company(&self, q: &ContactQuery, filter: &ListFilter) -> Result<Vec<i64>> {
        let d = q.dir.sql();
        let args = || params_from_iter(filter.args.iter());
        // Contacts at a deleted company show no company, so they sort with those who have none.
        let alone = format!(
            "{} AND (c.company_id IS NULL OR c.company_id IN (SELECT id FROM companies WHERE deleted_at IS NOT NULL))",
            filter.sql
        );
        let alone_total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM contacts c INDEXED BY contacts_by_company WHERE {alone}"
            ))?
            .query_row(args(), |r| r.get(0))?;
        let alone_total = alone_total as u64;
        let read = |sql: String| -> Result<Vec<i64>> {
            Ok(self
                .conn
                .prepare_cached(&sql)?
                .query_map(args(), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        };
        let alone_page = |offset: u64, limit: u64| {
            read(format!(
                "SELECT c.id FROM contacts c INDEXED BY contacts_live WHERE {alone} \
                 ORDER BY c.id {d} LIMIT {limit} OFFSET {offset}"
            ))
        };
        // A search's or tag's ids are tested for each contact of each company in turn, never
        // used to drive the index: `+c.id` keeps SQLite from probing every company for every
        // id found ("e" on 100,000 contacts: 62 s for the last page, now 40 ms).
        let employed = filter.sql.replace("c.id IN (", "+c.id IN (");
        let employed_page = |offset: u64, limit: u64| {
            read(format!(
                "SELECT c.id FROM companies co INDEXED BY companies_by_sort_name \
                   JOIN contacts c INDEXED BY contacts_by_company ON c.company_id = co.id \
                 WHERE co.deleted_at IS NULL AND {employed} \
                 ORDER BY co.sort_name {d}, co.id {d}, c.id {d} LIMIT {limit} OFFSET {offset}"
            ))
        };
        // Those with no company come last either way, as a spreadsheet puts its blanks: first,
        // 37,000 of them stood between the user and the companies' A.
        let (offset, limit) = (q.offset, u64::from(q.limit));
        let mut ids = employed_page(offset, limit)?;
        let left = limit - ids.len() as u64;
        if left > 0 {
            let employed_total = self.list_total(filter)?.saturating_sub(alone_total);
            ids.extend(alone_page(offset.saturating_sub(employed_total), left)?);
        }
        Ok(ids)
    }

    fn contact_rows(&self, ids: &[i64]) -> Result<Vec<ContactRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = "SELECT c.id, c.first_name, c.last_name, co.name, c.email, c.phone, c.lifecycle, c.last_activity_at, \
               (SELECT json_group_array(name) FROM (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id \
                 WHERE ct.contact_id = c.id ORDER BY ct.position)) \
             FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL \
             WHERE c.id IN (SELECT value FROM json_each(?1))";
        let mut rows: std::collections::HashMap<i64, ContactRow> = self
            .conn
            .prepare_cached(sql)?
            .query_map([serde_json::to_string(ids)?], |r| {
                let first: String = r.get(1)?;
                let last: String = r.get(2)?;
                let id: i64 = r.get(0)?;
                Ok((
                    id,
                    ContactRow {
                        id: ContactId(id),
                        name: ContactFields {
                            first_name: first,
                            last_name: last,
                            ..Default::default()
                        }
                        .full_name(),
                        company: r.get(3)?,
                        email: r.get(4)?,
                        phone: r.get(5)?,
                        lifecycle: choice(r, 6)?,
                        last_activity_at: opt_timestamp(r, 7)?,
                        tags: json(r, 8)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids.iter().filter_map(|id| rows.remove(id)).collect())
    }
}

/// The list count last computed: for which filter, and at which state of the file.
#[derive(Debug)]
pub(crate) struct CachedCount {
    filter: String,
    stamp: (u64, i64),
    total: u64,
}

/// A contact query's WHERE clause and its arguments.
struct ListFilter {
    sql: String,
    args: Vec<Value>,
    /// The filter in words, to know when a cached count still applies.
    key: String,
    company: bool,
    lifecycle: bool,
}

impl ListFilter {
    /// `None` when the typed text holds no searchable word, so nothing can match.
    fn new(q: &ContactQuery) -> Option<ListFilter> {
        let mut sql = String::from("c.deleted_at IS NULL");
        let mut args: Vec<Value> = Vec::new();
        if !q.text.trim().is_empty() {
            let words = match_expression(&q.text)?;
            match q.scope {
                TextScope::Everything => {
                    args.push(Value::Text(words.clone()));
                    let own = args.len();
                    // The search field promises the company too: its people are found by its name.
                    // One list of ids (not an OR, which made SQLite scan every contact) and the
                    // live-contact condition that lets the company index serve it.
                    args.push(Value::Text(format!("name : ({words})")));
                    let company = args.len();
                    // A number typed whole also finds the contacts with that phone number: a
                    // third list, so the scan it needs runs once, in table order.
                    let phones = phone_owners(&q.text, &mut args)
                        .map_or_else(String::new, |ids| format!(" UNION ALL {ids}"));
                    sql += &format!(
                        " AND c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?{own} \
                         UNION ALL SELECT id FROM contacts WHERE deleted_at IS NULL AND company_id IN \
                         (SELECT rowid FROM companies_fts WHERE companies_fts MATCH ?{company}){phones})"
                    );
                }
                TextScope::Identity => {
                    // Both indexes keep the name in their `name` column.
                    args.push(Value::Text(format!("name : ({words})")));
                    let names = args.len();
                    // An address starting with the text, as a range the e-mail index can serve
                    // (NOCASE folds A–Z only, so past the text every byte sorts below U+10FFFF).
                    let typed = q.text.trim().to_string();
                    args.push(Value::Text(format!("{typed}\u{10FFFF}")));
                    args.push(Value::Text(typed));
                    let (to, from) = (args.len() - 1, args.len());
                    // A phone number typed whole is who the caller is: a support agent finding a
                    // customer who phones in had found nobody by the number on the display.
                    let phones = phone_owners(&q.text, &mut args)
                        .map_or_else(String::new, |ids| format!(" OR c.id IN ({ids})"));
                    sql += &format!(
                        " AND (c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?{names}) \
                         OR (c.email >= ?{from} COLLATE NOCASE AND c.email < ?{to} COLLATE NOCASE) \
                         OR c.company_id IN (SELECT rowid FROM companies_fts WHERE companies_fts MATCH ?{names}){phones})"
                    );
                }
            }
        }
        if let Some(tag) = &q.tag {
            args.push(Value::Text(tag.clone()));
            sql += &format!(
                " AND c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?{})",
                args.len()
            );
        }
        if let Some(stage) = q.lifecycle {
            args.push(Value::Text(stage.as_str().into()));
            sql += &format!(" AND c.lifecycle = ?{}", args.len());
        }
        if let Some(company) = q.company_id {
            args.push(Value::Integer(company.0));
            sql += &format!(" AND c.company_id = ?{}", args.len());
        }
        Some(ListFilter {
            key: format!("{sql} {args:?}"),
            sql,
            args,
            company: q.company_id.is_some(),
            lifecycle: q.lifecycle.is_some(),
        })
    }
}

/// The ids of the live contacts with the phone number `text` types whole (its values pushed onto
/// `args`), as a SELECT; `None` when `text` is no phone number.
fn phone_owners(text: &str, args: &mut Vec<Value>) -> Option<String> {
    let phone = TypedPhone::of(text)?;
    let first = args.len() + 1;
    args.extend(phone.args());
    Some(format!(
        "SELECT id FROM contacts p WHERE deleted_at IS NULL AND {}",
        TypedPhone::condition("p.phones", first)
    ))
}
