//! Many contacts written as one user action: one transaction and one change set, so a whole import
//! is kept or lost together and one Undo takes it back. Companies are matched by name (ignoring
//! case) or created; a contact whose primary e-mail is already in the workspace is merged into that
//! contact instead of duplicated.
//!
//! Built for files of a million rows: the new records are logged as runs of ids (not one change-log
//! row each), the search index is filled once at the end, and SQLite gets a larger page cache for
//! the length of the import.

mod runs;
mod search_index;

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use self::runs::IdRuns;
use super::changelog::Writer;
use super::companies::insert_company;
use super::contacts::{insert_contact, read_contact_fields, update_contact_row};
use super::{Result, Store};
use crate::domain::*;

/// What happens to a record whose primary e-mail belongs to a live contact already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnExisting {
    /// The existing contact takes the file's non-empty values; lists (e-mails, phones, tags) are joined.
    #[default]
    Merge,
    /// A new contact is created anyway (the duplicate finder will point it out).
    Create,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Created(ContactId),
    Updated(ContactId),
}

/// The open import: add records one by one; validation failures leave the transaction untouched.
pub struct ImportBatch<'w, 'a> {
    w: &'w mut Writer<'a>,
    on_existing: OnExisting,
    today: NaiveDate,
    /// Company name (lower case) → id, for names seen in this import.
    companies: HashMap<String, CompanyId>,
    pub companies_created: u64,
    created_contacts: IdRuns,
    created_companies: IdRuns,
    /// Contacts a row was merged into, whether from before the import or from an earlier row.
    updated: BTreeSet<i64>,
    search_index: search_index::Suspended,
}

/// Pages SQLite may keep in memory during an import (negative: KiB), 256 MiB. The default 2 MiB
/// made a large import write index pages out and read them back again and again; the cache is
/// given back when the import ends.
const IMPORT_CACHE_KIB: i64 = 256 * 1024;

impl Store {
    /// Runs `f` with an import batch over one transaction recorded as one change set named `label`;
    /// with `keep` false (a dry run) everything is rolled back after `f` returns.
    pub fn import_contacts<T>(
        &mut self,
        label: &str,
        keep: bool,
        on_existing: OnExisting,
        f: impl FnOnce(&mut ImportBatch<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        let today = self.now().date_utc();
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{IMPORT_CACHE_KIB}"))?;
        let outcome = self.write_or_rollback(label, keep, |w| {
            let search_index = search_index::suspend(&w.tx)?;
            let mut batch = ImportBatch {
                w,
                on_existing,
                today,
                companies: HashMap::new(),
                companies_created: 0,
                created_contacts: IdRuns::default(),
                created_companies: IdRuns::default(),
                updated: BTreeSet::new(),
                search_index,
            };
            let out = f(&mut batch)?;
            batch.finish()?;
            Ok(out)
        });
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
        outcome
    }
}

impl ImportBatch<'_, '_> {
    /// Validates and writes one contact, linked to the company called `company` if given.
    /// `Err(Error::Invalid)` names the fields at fault and writes nothing.
    pub fn add(&mut self, fields: ContactFields, company: Option<&str>) -> Result<Imported> {
        let mut fields = fields.normalized();
        fields.validate(self.today)?;
        let company = company.map(str::trim).filter(|c| !c.is_empty());
        if let Some(name) = company {
            let as_company = CompanyFields {
                name: name.to_string(),
                ..Default::default()
            };
            as_company.validate().map_err(|invalid| Invalid {
                errors: invalid
                    .errors
                    .into_iter()
                    .map(|e| FieldError {
                        field: "company",
                        problem: e.problem,
                    })
                    .collect(),
            })?;
            fields.company_id = Some(self.company(as_company)?);
        }
        let existing = match (self.on_existing, fields.primary_email()) {
            (OnExisting::Merge, Some(email)) => self.contact_with_email(email)?,
            _ => None,
        };
        match existing {
            Some(id) => {
                let old = read_contact_fields(&self.w.tx, id)?;
                let new = merged(&old, fields);
                if new != old {
                    update_contact_row(&self.w.tx, id, &new, self.w.now)?;
                    self.w
                        .record_diff(Entity::Contact, id.0, Some(&old), Some(&new))?;
                    self.updated.insert(id.0);
                }
                Ok(Imported::Updated(id))
            }
            None => {
                let id = insert_contact(&self.w.tx, &fields, self.w.now)?;
                self.created_contacts.push(id.0);
                self.search_index.add_contact(&self.w.tx, id.0, &fields)?;
                Ok(Imported::Created(id))
            }
        }
    }

    /// Logs the new records (one change per run of ids) and indexes everything written.
    fn finish(self) -> Result<()> {
        for (first, last) in self.created_companies.runs() {
            self.w.record_created_run(Entity::Company, first, last)?;
        }
        for (first, last) in self.created_contacts.runs() {
            self.w.record_created_run(Entity::Contact, first, last)?;
        }
        let updated: Vec<i64> = self.updated.into_iter().collect();
        search_index::resume(
            &self.w.tx,
            self.search_index,
            &self.created_companies,
            &updated,
        )
    }

    /// The live company of this name, created (and logged) if there is none.
    fn company(&mut self, fields: CompanyFields) -> Result<CompanyId> {
        let key = fields.name.to_lowercase();
        if let Some(id) = self.companies.get(&key) {
            return Ok(*id);
        }
        let found = self
            .w
            .tx
            .prepare_cached(
                "SELECT id FROM companies WHERE name = ?1 COLLATE NOCASE AND deleted_at IS NULL ORDER BY id LIMIT 1",
            )?
            .query_row([&fields.name], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => CompanyId(id),
            None => {
                let id = insert_company(&self.w.tx, &fields, self.w.now)?;
                self.created_companies.push(id.0);
                self.companies_created += 1;
                id
            }
        };
        self.companies.insert(key, id);
        Ok(id)
    }

    fn contact_with_email(&self, email: &str) -> Result<Option<ContactId>> {
        Ok(self
            .w
            .tx
            .prepare_cached(
                "SELECT id FROM contacts INDEXED BY contacts_by_email \
                 WHERE email = ?1 COLLATE NOCASE AND deleted_at IS NULL ORDER BY id LIMIT 1",
            )?
            .query_row([email], |r| r.get(0))
            .optional()?
            .map(ContactId))
    }
}

/// `old` with every non-empty value of `new`; lists are joined without repeats and notes appended,
/// so merging never loses what either side held.
pub fn merged(old: &ContactFields, new: ContactFields) -> ContactFields {
    let mut m = old.clone();
    let take = |dst: &mut String, src: String| {
        if !src.trim().is_empty() {
            *dst = src;
        }
    };
    take(&mut m.first_name, new.first_name);
    take(&mut m.last_name, new.last_name);
    take(&mut m.job_title, new.job_title);
    take(&mut m.owner, new.owner);
    take(&mut m.lead_source, new.lead_source);
    for e in new.emails {
        if !m
            .emails
            .iter()
            .any(|x| x.address.eq_ignore_ascii_case(&e.address))
        {
            m.emails.push(e);
        }
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    for p in new.phones {
        if !m
            .phones
            .iter()
            .any(|x| digits(&x.number) == digits(&p.number))
        {
            m.phones.push(p);
        }
    }
    for t in new.tags {
        if !m.tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            m.tags.push(t);
        }
    }
    m.company_id = new.company_id.or(m.company_id);
    if !new.address.is_empty() {
        m.address = new.address;
    }
    if new.lifecycle != LifecycleStage::default_for_import() {
        m.lifecycle = new.lifecycle;
    }
    m.birthday = new.birthday.or(m.birthday);
    m.age = new.age.or(m.age);
    m.annual_income = new.annual_income.or(m.annual_income);
    m.education_years = new.education_years.or(m.education_years);
    let note = new.notes.trim();
    if !note.is_empty() && !m.notes.contains(note) {
        if m.notes.trim().is_empty() {
            m.notes = note.to_string();
        } else {
            m.notes = format!("{}\n\n{note}", m.notes.trim_end());
        }
    }
    m.custom.extend(new.custom);
    m
}

impl LifecycleStage {
    /// The stage a record gets when the file says nothing: merging keeps the existing stage then.
    pub fn default_for_import() -> Self {
        LifecycleStage::Lead
    }
}
