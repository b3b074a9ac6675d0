//! Companies: create, read, update, and the paged list.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params_from_iter};
use serde::Serialize;

use super::page::{Page, SortDir};
use super::row::{opt_timestamp, timestamp};
use super::search::{TypedPhone, match_expression};
use super::{Error, Result, Store};
use crate::domain::*;

const COMPANY_COLUMNS: &str = "name, domain, industry, employees, phone, street, city, region, postal_code, country, owner, notes";

/// The columns the company list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompanySort {
    #[default]
    Name,
    Industry,
    City,
    People,
}

/// One line of the company list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanyRow {
    pub id: CompanyId,
    pub name: String,
    pub industry: String,
    pub city: String,
    pub contacts: i64,
}

impl Store {
    pub fn create_company(&mut self, fields: CompanyFields) -> Result<Company> {
        fields.validate()?;
        let id = self.write(format!("Create company {}", fields.name.trim()), |w| {
            let id = insert_company(&w.tx, &fields, w.now)?;
            w.record_diff(Entity::Company, id.0, None, Some(&fields))?;
            Ok(id)
        })?;
        self.company(id)
    }

    /// `base` is the record as the edit form loaded it: only the fields changed since are saved,
    /// on top of the record as it is now; a save that changes nothing writes nothing.
    pub fn update_company(
        &mut self,
        id: CompanyId,
        fields: CompanyFields,
        base: Option<&CompanyFields>,
    ) -> Result<Company> {
        let old = self.company(id)?;
        if let Some(base) = base
            && old.deleted_at.is_some()
        {
            return Err(super::Error::deleted_meanwhile(base.name.trim(), "company"));
        }
        let replaced = base.map_or_else(Vec::new, |base| {
            crate::domain::rebase::replaced(base, &fields, &old.fields)
        });
        let fields = match base {
            Some(base) => crate::domain::rebase::rebase(base, &fields, &old.fields),
            None => fields,
        };
        fields.validate()?;
        if old.fields == fields {
            return Ok(old);
        }
        let label = format!(
            "Edit company {}{}",
            fields.name.trim(),
            crate::domain::rebase::over_another_window(&replaced)
        );
        self.write(label, |w| {
            update_company_row(&w.tx, id, &fields, w.now)?;
            w.record_diff(Entity::Company, id.0, Some(&old.fields), Some(&fields))
        })?;
        self.company(id)
    }

    /// A company by id, including a soft-deleted one.
    pub fn company(&self, id: CompanyId) -> Result<Company> {
        read_company(&self.conn, id)
    }
}

/// The live company named `?1`, by `?2`, its sort key, when no name matches but for case (A-Z):
/// "ørsted kaffe" finds "Ørsted Kaffe", which NOCASE alone does not. `?3` is preferred among
/// several of one name (a contact's own company), then the oldest.
///
/// `deleted_at IS NULL` stands inside each arm of the OR: SQLite reaches for a partial index in
/// an OR only when the arm itself implies the index's condition, and written once outside it the
/// query read every company — an import of 20,000 companies spent 25 s in it.
pub(crate) const NAMED: &str = "SELECT id FROM companies \
    WHERE (name = ?1 COLLATE NOCASE AND deleted_at IS NULL) \
       OR (sort_name = ?2 AND deleted_at IS NULL) \
    ORDER BY name = ?1 COLLATE NOCASE DESC, coalesce(id = ?3, 0) DESC, id LIMIT 1";

/// A company by id through any connection or open transaction (an import reads what it wrote).
pub(crate) fn read_company(conn: &rusqlite::Connection, id: CompanyId) -> Result<Company> {
    conn.prepare_cached(&format!(
        "SELECT {COMPANY_COLUMNS}, created_at, updated_at, deleted_at FROM companies WHERE id = ?1"
    ))?
    .query_row([id.0], |r| {
        Ok(Company {
            id,
            fields: CompanyFields {
                name: r.get(0)?,
                domain: r.get(1)?,
                industry: r.get(2)?,
                employees: r.get(3)?,
                phone: r.get(4)?,
                address: Address {
                    street: r.get(5)?,
                    city: r.get(6)?,
                    region: r.get(7)?,
                    postal_code: r.get(8)?,
                    country: r.get(9)?,
                },
                owner: r.get(10)?,
                notes: r.get(11)?,
            },
            created_at: timestamp(r, 12)?,
            updated_at: timestamp(r, 13)?,
            deleted_at: opt_timestamp(r, 14)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::not_found(Entity::Company, id.0))
}

impl Store {
    /// Live companies' ids, names and cities by name, for pickers (no per-company counts, so it
    /// stays cheap; the city tells apart branches that share a name).
    pub fn company_names(&self, limit: u32) -> Result<Vec<(CompanyId, String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, city FROM companies INDEXED BY companies_by_sort_name \
             WHERE deleted_at IS NULL ORDER BY sort_name, id LIMIT ?1",
        )?;
        Ok(stmt
            .query_map([limit], |r| {
                Ok((CompanyId(r.get(0)?), r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// A page of companies sorted by name, optionally narrowed by typed text.
    pub fn companies(
        &self,
        text: &str,
        dir: SortDir,
        offset: u64,
        limit: u32,
    ) -> Result<Page<CompanyRow>> {
        self.companies_by(text, CompanySort::Name, dir, offset, limit)
    }

    /// The company list sorted by one of its columns (ties by name, then age).
    pub fn companies_by(
        &self,
        text: &str,
        sort: CompanySort,
        dir: SortDir,
        offset: u64,
        limit: u32,
    ) -> Result<Page<CompanyRow>> {
        let mut filter = String::from("co.deleted_at IS NULL");
        let mut args = Vec::new();
        if !text.trim().is_empty() {
            let Some(expr) = match_expression(text) else {
                return Ok(Page {
                    rows: Vec::new(),
                    offset,
                    total: 0,
                });
            };
            args.push(Value::Text(expr));
            // A number typed whole also finds the company with that phone number.
            let phones = TypedPhone::of(text).map_or(String::new(), |phone| {
                args.extend(phone.args());
                format!(
                    " UNION ALL SELECT id FROM companies p WHERE {}",
                    TypedPhone::condition("p.phone", 2)
                )
            });
            filter += &format!(
                " AND co.id IN (SELECT rowid FROM companies_fts WHERE companies_fts MATCH ?1{phones})"
            );
        }
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM companies co WHERE {filter}"))?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        let d = dir.sql();
        let by = match sort {
            CompanySort::Name => String::new(),
            CompanySort::Industry => format!("co.industry = '', co.industry COLLATE NOCASE {d}, "),
            CompanySort::City => format!("co.city = '', co.city COLLATE NOCASE {d}, "),
            CompanySort::People => format!("people {d}, "),
        };
        let sql = format!(
            "SELECT co.id, co.name, co.industry, co.city, \
               (SELECT count(*) FROM contacts c WHERE c.company_id = co.id AND c.deleted_at IS NULL) AS people \
             FROM companies co WHERE {filter} \
             ORDER BY {by}co.sort_name {d}, co.id {d} LIMIT {limit} OFFSET {offset}"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(CompanyRow {
                    id: CompanyId(r.get(0)?),
                    name: r.get(1)?,
                    industry: r.get(2)?,
                    city: r.get(3)?,
                    contacts: r.get(4)?,
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

/// The row's values in `COMPANY_COLUMNS` order, then the name's sort key (`sort_name`, written
/// with every name).
fn company_values(f: &CompanyFields) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.trim().to_string());
    vec![
        text(&f.name),
        text(&f.domain),
        text(&f.industry),
        f.employees.map_or(Value::Null, Value::Integer),
        text(&f.phone),
        text(&f.address.street),
        text(&f.address.city),
        text(&f.address.region),
        text(&f.address.postal_code),
        text(&f.address.country),
        text(&f.owner),
        Value::Text(f.notes.clone()),
        Value::Text(crate::domain::sort_key::sort_key(&f.name)),
    ]
}

/// Overwrites the row; shared by edits and undo.
pub(super) fn update_company_row(
    tx: &Transaction<'_>,
    id: CompanyId,
    fields: &CompanyFields,
    now: Timestamp,
) -> Result<()> {
    let mut values = company_values(fields);
    values.push(Value::Integer(now.0));
    values.push(Value::Integer(id.0));
    tx.prepare_cached(&format!(
        "UPDATE companies SET ({COMPANY_COLUMNS}, sort_name, updated_at) = (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) WHERE id = ?15"
    ))?
    .execute(params_from_iter(values))?;
    Ok(())
}

/// Inserts the row; shared by user edits and the demo generator.
pub(crate) fn insert_company(
    tx: &Transaction<'_>,
    fields: &CompanyFields,
    now: Timestamp,
) -> Result<CompanyId> {
    let mut values = company_values(fields);
    values.push(Value::Integer(now.0));
    tx.prepare_cached(&format!(
        "INSERT INTO companies ({COMPANY_COLUMNS}, sort_name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)"
    ))?
    .execute(params_from_iter(values))?;
    Ok(CompanyId(tx.last_insert_rowid()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finding a company by name runs once per imported row that names one: it must go through
    /// the name indexes, not read every company (which made a 20,000-company import quadratic).
    #[test]
    fn a_company_is_found_by_name_through_its_indexes() {
        let plan = crate::store::query_plan(NAMED, rusqlite::params!["Acme", "acme", None::<i64>]);
        assert!(
            plan.iter().all(|step| !step.starts_with("SCAN")),
            "{plan:?}"
        );
        assert!(
            plan.iter().any(|s| s.contains("companies_by_name"))
                && plan.iter().any(|s| s.contains("companies_by_sort_name")),
            "{plan:?}"
        );
    }
}
