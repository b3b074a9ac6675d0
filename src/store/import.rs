//! Many contacts written as one user action: one transaction and one change set, so a whole import
//! is kept or lost together and one Undo takes it back. Companies are matched by name (ignoring
//! case) or created; a contact whose primary e-mail is already in the workspace is merged into that
//! contact instead of duplicated.
//!
//! Built for files of a million rows: the new records are logged as runs of ids (not one change-log
//! row each), the search index is filled once at the end, a large import into a small table builds
//! the contact indexes once at the end too and writes the file once ([`ImportPlan::expected_rows`],
//! `bulk`), and SQLite gets a larger page cache for the length of the import.

pub(super) mod bulk;
mod email;
mod merge;
mod other_addresses;
mod runs;
mod same_person;
mod search_index;
mod spellings;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

pub use self::merge::merged;
use self::runs::IdRuns;
use self::same_person::Key;
use super::changelog::Writer;
use super::companies::{insert_company, read_company, update_company_row};
use super::contacts::{insert_contact_created, update_contact_row};
use super::{Error, Result, Store};
use crate::domain::duplicate::{self, Candidate, DuplicatePair};
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
    /// Merged into an existing contact, which changed.
    Updated(ContactId),
    /// Merged into the contact an earlier record of this same import created: one person twice
    /// in the file (it had been counted as updating an "existing" contact).
    Joined(ContactId),
    /// Matched an existing contact that already held everything the record brought.
    Unchanged(ContactId),
}

/// What became of an organisation's own record (a vCard of the company itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanyAdded {
    Created,
    /// The company was there, under this name; fields it had empty were filled from the record.
    Filled(String),
    /// The company was there, under this name, and already had everything the record brought.
    Unchanged(String),
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
    /// Contacts a row matched by e-mail, changed or not: with the created ones, what the import's
    /// duplicate check looks at.
    matched: BTreeSet<i64>,
    search_index: search_index::Suspended,
    /// Contacts by their primary phone and address however written, read on first need (row by
    /// row imports; a large one keeps its own in `bulk`).
    spellings: spellings::Spellings,
    /// Contacts by their second and later addresses, read on first need.
    other_addresses: other_addresses::OtherAddresses,
    /// For a large import: the contact indexes are then built at the end.
    bulk: Option<bulk::Bulk>,
    /// Whether the import reports the duplicates it brought.
    find_duplicates: bool,
}

/// What [`Store::import_contacts`] returns: the caller's value, and the likely duplicate pairs
/// involving the written contacts when the import found them itself.
pub struct ImportResult<T> {
    pub value: T,
    pub duplicates: Option<Vec<DuplicatePair>>,
}

/// Pages SQLite may keep in memory during an import (negative: KiB), 256 MiB. The default 2 MiB
/// made a large import write index pages out and read them back again and again; the cache is
/// given back when the import ends.
pub(super) const IMPORT_CACHE_KIB: i64 = 256 * 1024;

/// How an import runs, decided before it starts.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    /// The change set's name, as Undo shows it ("Import contacts.csv").
    pub label: String,
    /// False for a dry run: everything is rolled back when the batch returns.
    pub keep: bool,
    pub on_existing: OnExisting,
    /// About how many records are coming (a line count will do; 0 if unknown). An import that at
    /// least doubles the contact table builds the contact indexes once at the end instead of
    /// inserting into them row by row, and writes the file once (see `bulk`).
    pub expected_rows: u64,
    /// Find the likely duplicates involving the contacts written; they come back in
    /// [`ImportResult::duplicates`] (a dry run finds none). A large import finds them on a thread
    /// of their own while the indexes are rebuilt and the transaction commits, a small one after.
    pub find_duplicates: bool,
    /// Set by whoever may press Cancel: checked between the steps that finish the import after
    /// its last record (rebuilding indexes, the search index, the commit), which take seconds for
    /// a large one; set, they stop and everything is rolled back.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl ImportPlan {
    /// A kept import that merges on e-mail and reports duplicates, of about `expected_rows`.
    pub fn new(label: impl Into<String>, expected_rows: u64) -> ImportPlan {
        ImportPlan {
            label: label.into(),
            keep: true,
            on_existing: OnExisting::Merge,
            expected_rows,
            find_duplicates: true,
            cancel: None,
        }
    }

    /// `Err` if the user asked to stop.
    fn go_on(&self) -> Result<()> {
        match &self.cancel {
            Some(cancel) if cancel.load(Ordering::Relaxed) => {
                Err(Error::NotAllowed("cancelled".into()))
            }
            _ => Ok(()),
        }
    }
}

impl Store {
    /// Runs `f` with an import batch over one transaction recorded as one change set named after
    /// the plan; a dry run's is rolled back after `f` returns.
    pub fn import_contacts<T>(
        &mut self,
        plan: &ImportPlan,
        f: impl FnOnce(&mut ImportBatch<'_, '_>) -> Result<T>,
    ) -> Result<ImportResult<T>> {
        let today = self.now().last_day();
        let live: i64 = self.conn.query_row(
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        let large = bulk::worth_it(plan.expected_rows, live.unsigned_abs());
        let find_duplicates = plan.keep && plan.find_duplicates;
        let written_once = large && plan.keep && bulk::write_once(&self.conn)?;
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{IMPORT_CACHE_KIB}"))?;
        let outcome = self.write_or_rollback(plan.label.as_str(), plan.keep, |w| {
            let search_index = search_index::suspend(&w.tx)?;
            let bulk = if large {
                Some(bulk::Bulk::begin(&w.tx, find_duplicates)?)
            } else {
                None
            };
            let mut batch = ImportBatch {
                w,
                on_existing: plan.on_existing,
                today,
                companies: HashMap::new(),
                companies_created: 0,
                created_contacts: IdRuns::default(),
                created_companies: IdRuns::default(),
                updated: BTreeSet::new(),
                matched: BTreeSet::new(),
                search_index,
                spellings: spellings::Spellings::default(),
                other_addresses: other_addresses::OtherAddresses::default(),
                bulk,
                find_duplicates,
            };
            let out = f(&mut batch)?;
            // A dry run is rolled back: logging, indexing and rebuilding would all be undone, but
            // the duplicates it would bring are found before the rollback, so it can say so.
            let duplicates = if plan.keep {
                batch.finish(plan)?
            } else if plan.find_duplicates {
                let ids: HashSet<ContactId> = batch.written().collect();
                let candidates = super::duplicates::live_candidates(&batch.w.tx)?;
                let found = duplicate::find(&candidates, Some(&ids));
                Duplicates::Found(super::duplicates::without_kept_apart(&batch.w.tx, found)?)
            } else {
                Duplicates::NotAsked
            };
            Ok((out, duplicates))
        });
        let restored = self
            .conn
            .execute_batch(&format!("PRAGMA cache_size = {cache}"));
        if written_once {
            bulk::back_to_wal(&self.conn)?;
        }
        restored?;
        let (value, duplicates) = outcome?;
        let duplicates = match duplicates {
            Duplicates::NotAsked => None,
            Duplicates::Finding(finder) => Some(super::duplicates::without_kept_apart(
                &self.conn,
                finder
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            )?),
            Duplicates::Among(ids) => Some(self.find_duplicates(Some(&ids))?),
            Duplicates::Found(pairs) => Some(pairs),
        };
        Ok(ImportResult { value, duplicates })
    }
}

/// How an import's duplicate check goes, decided as it finishes.
enum Duplicates {
    NotAsked,
    /// A large import's finder, started before the indexes were rebuilt.
    Finding(Finder),
    /// A small import: the finder runs over the workspace after the commit, for these contacts.
    Among(Vec<ContactId>),
    /// A dry run's, found before its rollback.
    Found(Vec<DuplicatePair>),
}

impl ImportBatch<'_, '_> {
    /// The day records are checked against (birthdays in the future are refused), for [`check`].
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The live company of this name, created with `fields` if there is none (an address book's
    /// card for an organisation, not a person). Whether it was created.
    pub fn add_company(&mut self, fields: CompanyFields) -> Result<CompanyAdded> {
        fields.validate()?;
        let before = self.companies_created;
        let id = self.company(fields.clone())?;
        if self.companies_created > before {
            return Ok(CompanyAdded::Created);
        }
        // The company was there (often made a moment ago for one of its people, with a name and
        // nothing else): what it lacks comes from its own card; what it has is kept.
        let old = read_company(&self.w.tx, id)?.fields;
        let mut new = old.clone();
        let fill = |mine: &mut String, theirs: &str| {
            if mine.trim().is_empty() && !theirs.trim().is_empty() {
                *mine = theirs.to_string();
            }
        };
        fill(&mut new.domain, &fields.domain);
        fill(&mut new.phone, &fields.phone);
        fill(&mut new.notes, &fields.notes);
        if new.address.is_empty() {
            new.address = fields.address.clone();
        }
        if new == old {
            return Ok(CompanyAdded::Unchanged(old.name));
        }
        update_company_row(&self.w.tx, id, &new, self.w.now)?;
        // A company this import made is indexed for search when the import ends, from its row as
        // it is then: the entry the update's trigger wrote now would be a second one.
        if self.created_companies.contains(id.0) {
            self.w
                .tx
                .execute("DELETE FROM companies_fts WHERE rowid = ?1", [id.0])?;
        }
        self.w
            .record_diff(Entity::Company, id.0, Some(&old), Some(&new))?;
        Ok(CompanyAdded::Filled(new.name))
    }

    /// Validates and writes one contact, linked to the company called `company` if given.
    /// `Err(Error::Invalid)` names the fields at fault and writes nothing.
    pub fn add(&mut self, fields: ContactFields, company: Option<&str>) -> Result<Imported> {
        let checked = check(fields, company, self.today)?;
        self.add_checked(checked)
    }

    /// Writes one contact that [`check`] accepted.
    pub fn add_checked(&mut self, checked: Checked) -> Result<Imported> {
        let Checked {
            mut fields,
            company,
            search_text,
            candidate,
            created,
        } = checked;
        let existing = match (self.on_existing, fields.primary_email()) {
            (OnExisting::Merge, Some(_)) => self.same_person_by_address(&fields)?,
            // No address: a phone's contacts often have none. The same number and a name that
            // agrees make a re-import of the same file match instead of doubling every contact.
            (OnExisting::Merge, None) => match fields.primary_phone() {
                Some(phone) => self.same_person(Key::Phone(phone), &fields)?,
                None => None,
            },
            _ => None,
        };
        if let Some(company) = company {
            // Two companies may share a name (a firm's Dublin and Munich offices): a contact
            // already at one of that name stays there rather than move to the first of them.
            let current = existing.as_ref().and_then(|(_, old)| old.company_id);
            fields.company_id = Some(match current {
                Some(id) if self.company_is_named(id, &company.name)? => id,
                _ => self.company(company)?,
            });
        }
        match existing {
            Some((id, old)) => {
                self.matched.insert(id.0);
                let joined = self.created_contacts.contains(id.0);
                let new = merged(&old, fields);
                if new != old {
                    update_contact_row(&self.w.tx, id, &new, self.w.now)?;
                    self.spellings.noted(id, &new);
                    self.other_addresses.noted(id, &new);
                    if let Some(bulk) = &mut self.bulk {
                        bulk.merged(id, &new);
                    }
                    self.w
                        .record_diff(Entity::Contact, id.0, Some(&old), Some(&new))?;
                    self.updated.insert(id.0);
                }
                Ok(match (joined, new != old) {
                    (true, _) => Imported::Joined(id),
                    (false, true) => Imported::Updated(id),
                    (false, false) => Imported::Unchanged(id),
                })
            }
            None => {
                let created = created.unwrap_or(self.w.now);
                let id = insert_contact_created(&self.w.tx, &fields, created, self.w.now)?;
                self.spellings.noted(id, &fields);
                self.other_addresses.noted(id, &fields);
                if let Some(bulk) = &mut self.bulk {
                    bulk.created(id, &fields, candidate);
                }
                self.created_contacts.push(id.0);
                self.search_index
                    .add_contact(&self.w.tx, id.0, &search_text)?;
                Ok(Imported::Created(id))
            }
        }
    }

    /// Logs the new records (one change per run of ids) and indexes everything written; a large
    /// import asked for duplicates starts finding them first, and hands back the finder.
    fn finish(mut self, plan: &ImportPlan) -> Result<Duplicates> {
        plan.go_on()?;
        let duplicates = match self.bulk.as_mut().and_then(bulk::Bulk::take_candidates) {
            Some(candidates) => Duplicates::Finding(self.start_finder(candidates)?),
            None if self.find_duplicates => Duplicates::Among(self.written().collect()),
            None => Duplicates::NotAsked,
        };
        for (first, last) in self.created_companies.runs() {
            self.w.record_created_run(Entity::Company, first, last)?;
        }
        for (first, last) in self.created_contacts.runs() {
            self.w.record_created_run(Entity::Contact, first, last)?;
        }
        if let Some(bulk) = self.bulk {
            bulk.finish(&self.w.tx, || plan.go_on())?;
        }
        plan.go_on()?;
        let updated: Vec<i64> = self.updated.into_iter().collect();
        search_index::resume(
            &self.w.tx,
            self.search_index,
            &self.created_companies,
            &updated,
        )?;
        // The last moment a Cancel can take everything back: the commit follows.
        plan.go_on()?;
        Ok(duplicates)
    }

    /// The contacts this import created or matched (whether the match changed them or not).
    fn written(&self) -> impl Iterator<Item = ContactId> + '_ {
        let created = self
            .created_contacts
            .runs()
            .flat_map(|(first, last)| first..=last);
        self.matched.iter().copied().chain(created).map(ContactId)
    }

    /// Runs the duplicate finder over `candidates` on its own thread, for the pairs that involve a
    /// contact this import created or matched.
    fn start_finder(&self, candidates: Vec<Candidate>) -> Result<Finder> {
        let only: HashSet<ContactId> = self.written().collect();
        std::thread::Builder::new()
            .name("kith-import-duplicates".into())
            .spawn(move || duplicate::find(&candidates, Some(&only)))
            .map_err(|e| Error::NotAllowed(format!("cannot start the duplicate check: {e}")))
    }

    /// Whether live company `id` is called `name` (in any case).
    fn company_is_named(&self, id: CompanyId, name: &str) -> Result<bool> {
        let named = self
            .w
            .tx
            .prepare_cached(
                "SELECT 1 FROM companies WHERE id = ?1 AND name = ?2 COLLATE NOCASE AND deleted_at IS NULL",
            )?
            .query_row(params![id.0, name], |_| Ok(()))
            .optional()?;
        Ok(named.is_some())
    }

    /// The live company of this name, created (and logged) if there is none.
    fn company(&mut self, fields: CompanyFields) -> Result<CompanyId> {
        // Matched as names are sorted, accents and case folded: "ørsted kaffe" is the "Ørsted
        // Kaffe" already here (NOCASE folds A-Z only, and had made a second company of it).
        let key = crate::domain::sort_key::sort_key(&fields.name);
        if let Some(id) = self.companies.get(&key) {
            return Ok(*id);
        }
        let found = self
            .w
            .tx
            .prepare_cached(super::companies::NAMED)?
            .query_row(rusqlite::params![&fields.name, &key, None::<i64>], |r| {
                r.get(0)
            })
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
}

type Finder = std::thread::JoinHandle<Vec<DuplicatePair>>;

/// A contact record normalised and validated, ready for [`ImportBatch::add_checked`].
pub struct Checked {
    fields: ContactFields,
    company: Option<CompanyFields>,
    /// What the search index holds for the contact, prepared with the rest.
    search_text: search_index::ContactText,
    /// What the duplicate finder sees of it, but for the id and the company (not known yet).
    candidate: Candidate,
    /// When the file says the contact was first recorded; a new contact is created then (a
    /// contact it merges into keeps its own date).
    created: Option<Timestamp>,
}

impl Checked {
    /// The record, to be created at `created` (when another CRM first recorded it) if it is new.
    pub fn first_recorded(self, created: Option<Timestamp>) -> Checked {
        Checked { created, ..self }
    }
}

/// Normalises and validates a record and the name of its company (if any) against `today`, with
/// no store at hand: an import checks its rows on one thread while another writes them.
pub fn check(
    fields: ContactFields,
    company: Option<&str>,
    today: NaiveDate,
) -> std::result::Result<Checked, Invalid> {
    let mut fields = fields.normalized();
    // A mailing list's row is an address alone: it is kept, named by its address (or number)
    // as a CRM shows such a contact, until a later import or an edit gives the real name. A row
    // naming a company but no person is the company's address, not a contact: it is refused
    // for the name, so the user decides who it is.
    let no_company = company.is_none_or(|c| c.trim().is_empty());
    if no_company && fields.first_name.trim().is_empty() && fields.last_name.trim().is_empty() {
        let stand_in = fields
            .primary_email()
            .or_else(|| fields.primary_phone())
            .map(str::to_string);
        if let Some(stand_in) = stand_in {
            fields.last_name = stand_in;
        }
    }
    fields.validate(today)?;
    let company = company.map(str::trim).filter(|c| !c.is_empty());
    let company = match company {
        Some(name) => {
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
            Some(as_company)
        }
        None => None,
    };
    let search_text = search_index::ContactText::of(&fields);
    let candidate = Candidate::of(ContactId(0), &fields);
    Ok(Checked {
        fields,
        company,
        search_text,
        candidate,
        created: None,
    })
}
