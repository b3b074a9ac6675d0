//! One contact's row: its values written (new or rewritten, with its tags) and read back. Shared by
//! edits, undo, imports and the demo generator, so every path stores a contact the same way.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

use super::row::{choice, date, date_text, json, opt_id, opt_money, opt_timestamp, timestamp};
use super::{Error, Result};
use crate::domain::contact::same_tag;
use crate::domain::*;

/// The columns a contact's fields live in, in the one order every statement here uses.
pub(super) const CONTACT_COLUMNS: &str = "first_name, last_name, emails, phones, company_id, job_title, street, city, region, \
     postal_code, country, owner, lead_source, lifecycle, birthday, age, income_minor, income_currency, \
     education_years, notes, custom";

/// The row's values, borrowing the text rather than copying it (an import writes millions).
fn contact_values(f: &ContactFields) -> Result<Vec<ToSqlOutput<'_>>> {
    fn text(s: &str) -> ToSqlOutput<'_> {
        ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
    }
    let opt_int = |v: Option<i64>| ToSqlOutput::Owned(v.map_or(Value::Null, Value::Integer));
    Ok(vec![
        text(&f.first_name),
        text(&f.last_name),
        ToSqlOutput::from(serde_json::to_string(&f.emails)?),
        ToSqlOutput::from(serde_json::to_string(&f.phones)?),
        opt_int(f.company_id.map(|c| c.0)),
        text(&f.job_title),
        text(&f.address.street),
        text(&f.address.city),
        text(&f.address.region),
        text(&f.address.postal_code),
        text(&f.address.country),
        text(&f.owner),
        text(&f.lead_source),
        text(f.lifecycle.as_str()),
        ToSqlOutput::Owned(date_text(f.birthday).map_or(Value::Null, Value::Text)),
        opt_int(f.age.map(i64::from)),
        opt_int(f.annual_income.map(|m| m.minor)),
        f.annual_income
            .as_ref()
            .map_or(ToSqlOutput::Owned(Value::Null), |m| text(m.currency.code())),
        opt_int(f.education_years.map(i64::from)),
        text(&f.notes),
        ToSqlOutput::from(serde_json::to_string(&f.custom)?),
    ])
}

/// The key the row sorts by in name order (`sort_name`, written with every name).
fn sort_name(fields: &ContactFields) -> String {
    crate::domain::sort_key::person_sort_key(&fields.last_name, &fields.first_name)
}

/// Inserts the row and its tags; shared by user edits and the demo generator.
pub(crate) fn insert_contact(
    tx: &Transaction<'_>,
    fields: &ContactFields,
    now: Timestamp,
) -> Result<ContactId> {
    insert_contact_created(tx, fields, now, now)
}

/// Inserts the row and its tags, first recorded at `created` (an import keeps the date the
/// contact had in the CRM it comes from) and last changed `now`.
pub(crate) fn insert_contact_created(
    tx: &Transaction<'_>,
    fields: &ContactFields,
    created: Timestamp,
    now: Timestamp,
) -> Result<ContactId> {
    // Built once: a million-row import would otherwise format the statement a million times.
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "INSERT INTO contacts ({CONTACT_COLUMNS}, created_at, updated_at, sort_name) VALUES \
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)"
        )
    });
    let sql = SQL.as_str();
    let mut values = contact_values(fields)?;
    values.push(ToSqlOutput::from(created.0));
    values.push(ToSqlOutput::from(now.0));
    values.push(ToSqlOutput::from(sort_name(fields)));
    tx.prepare_cached(sql)?.execute(params_from_iter(values))?;
    let id = ContactId(tx.last_insert_rowid());
    // A new row has no tags to clear: skipping that statement matters on a million-row import.
    insert_tags(tx, id, &fields.tags)?;
    Ok(id)
}

/// Overwrites the row and its tags; shared by edits and undo.
pub(super) fn update_contact_row(
    tx: &Transaction<'_>,
    id: ContactId,
    fields: &ContactFields,
    now: Timestamp,
) -> Result<()> {
    let sql = format!(
        "UPDATE contacts SET ({CONTACT_COLUMNS}, updated_at, sort_name) = \
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23) \
         WHERE id = ?24"
    );
    let mut values = contact_values(fields)?;
    values.push(ToSqlOutput::from(now.0));
    values.push(ToSqlOutput::from(sort_name(fields)));
    values.push(ToSqlOutput::from(id.0));
    tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
    write_tags(tx, id, &fields.tags)
}

/// The key under which the change log carries a creation time a merge moved.
pub(super) const CREATED_AT: &str = "created_at";

/// Sets when the contact was first recorded (a merge's survivor takes the earlier of two).
pub(super) fn set_created_at(tx: &Transaction<'_>, id: ContactId, at: Timestamp) -> Result<()> {
    tx.prepare_cached("UPDATE contacts SET created_at = ?1 WHERE id = ?2")?
        .execute(params![at.0, id.0])?;
    Ok(())
}

fn write_tags(tx: &Transaction<'_>, id: ContactId, tags: &[String]) -> Result<()> {
    tx.prepare_cached("DELETE FROM contact_tags WHERE contact_id = ?1")?
        .execute([id.0])?;
    insert_tags(tx, id, tags)
}

fn insert_tags(tx: &Transaction<'_>, id: ContactId, tags: &[String]) -> Result<()> {
    for (position, tag) in tags.iter().enumerate() {
        let spelt = tag_in_use(tx, tag)?;
        let tag = spelt.as_deref().unwrap_or(tag);
        tx.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
            .execute([tag])?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id, position) SELECT ?1, id, ?2 FROM tags WHERE name = ?3",
        )?
        .execute(params![id.0, position as i64, tag])?;
    }
    Ok(())
}

/// The tag already in the workspace that `tag` is ([`same_tag`]), where the table's NOCASE, which
/// folds A–Z only, would not find it: "été-kunde" typed in a form or a file beside "ÉTÉ-KUNDE"
/// had become a second tag, counted apart by every filter. A tag of ASCII letters alone is left
/// to NOCASE, so an import of a million plain tags reads nothing more.
fn tag_in_use(tx: &Transaction<'_>, tag: &str) -> Result<Option<String>> {
    if tag.is_ascii() {
        return Ok(None);
    }
    let exact: Option<String> = tx
        .prepare_cached("SELECT name FROM tags WHERE name = ?1")?
        .query_row([tag], |r| r.get(0))
        .optional()?;
    if exact.is_some() {
        return Ok(exact);
    }
    Ok(spellings_of(tx, tag)?.into_iter().next())
}

/// Every tag name in the workspace that is `tag` ([`same_tag`]), however spelt.
pub(super) fn spellings_of(conn: &rusqlite::Connection, tag: &str) -> Result<Vec<String>> {
    let mut names = conn.prepare_cached("SELECT name FROM tags")?;
    let names = names
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names.into_iter().filter(|n| same_tag(n, tag)).collect())
}

/// A contact by id through any connection or open transaction (an import reads what it just wrote).
pub(crate) fn read_contact(conn: &rusqlite::Connection, id: ContactId) -> Result<Contact> {
    let sql = format!(
        "SELECT {CONTACT_COLUMNS}, id, last_activity_at, created_at, updated_at, deleted_at FROM contacts WHERE id = ?1"
    );
    let contact = conn
        .prepare_cached(&sql)?
        .query_row([id.0], |r| {
            Ok(Contact {
                fields: ContactFields {
                    first_name: r.get(0)?,
                    last_name: r.get(1)?,
                    emails: json(r, 2)?,
                    phones: json(r, 3)?,
                    company_id: opt_id(r, 4, CompanyId)?,
                    job_title: r.get(5)?,
                    address: Address {
                        street: r.get(6)?,
                        city: r.get(7)?,
                        region: r.get(8)?,
                        postal_code: r.get(9)?,
                        country: r.get(10)?,
                    },
                    tags: Vec::new(),
                    owner: r.get(11)?,
                    lead_source: r.get(12)?,
                    lifecycle: choice(r, 13)?,
                    birthday: date(r, 14)?,
                    age: r.get(15)?,
                    annual_income: opt_money(r, 16, 17)?,
                    education_years: r.get(18)?,
                    notes: r.get(19)?,
                    custom: json(r, 20)?,
                },
                id: ContactId(r.get(21)?),
                last_activity_at: opt_timestamp(r, 22)?,
                created_at: timestamp(r, 23)?,
                updated_at: timestamp(r, 24)?,
                deleted_at: opt_timestamp(r, 25)?,
            })
        })
        .optional()?;
    let mut contact = contact.ok_or_else(|| Error::not_found(Entity::Contact, id.0))?;
    contact.fields.tags = conn
        .prepare_cached(
            "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ?1 ORDER BY ct.position",
        )?
        .query_map([id.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(contact)
}

pub(crate) fn read_contact_fields(
    conn: &rusqlite::Connection,
    id: ContactId,
) -> Result<ContactFields> {
    Ok(read_contact(conn, id)?.fields)
}
