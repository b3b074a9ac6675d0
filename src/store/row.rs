//! Conversions between domain values and SQLite columns, kept in one place so every aggregate stores
//! dates, money and choices the same way.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::Type;

use crate::domain::*;

/// A record id whose row lives in `TABLE` and can be soft-deleted.
pub trait RecordId: Copy {
    const ENTITY: Entity;
    const TABLE: &'static str;
    /// An SQL expression naming the record in words, for change-set labels ("Delete contact Ada").
    const TITLE_SQL: &'static str;
    fn raw(self) -> i64;
}

macro_rules! record_id {
    ($($id:ident => $entity:ident, $table:literal, $title:expr;)*) => {$(
        impl RecordId for $id {
            const ENTITY: Entity = Entity::$entity;
            const TABLE: &'static str = $table;
            const TITLE_SQL: &'static str = $title;
            fn raw(self) -> i64 {
                self.0
            }
        }
    )*};
}

record_id! {
    CompanyId => Company, "companies", "name";
    ContactId => Contact, "contacts", crate::written_sql!();
    ActivityId => Activity, "activities", "CASE WHEN subject <> '' THEN subject ELSE kind END";
    TaskId => Task, "tasks", "title";
    DealId => Deal, "deals", "title";
    TicketId => Ticket, "tickets", "subject";
    CampaignId => Campaign, "campaigns", "name";
    ProductId => Product, "products", "name";
    OrderId => Order, "orders", "id";
}

fn conversion_error(idx: usize, msg: impl Into<String>) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, msg.into().into())
}

/// Reads a text column into any `FromStr` choice (stage, priority …), naming the bad value if damaged.
pub(crate) fn choice<T: std::str::FromStr>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    text.parse()
        .map_err(|_| conversion_error(idx, format!("unexpected value {text:?}")))
}

pub(crate) fn opt_choice<T: std::str::FromStr>(
    row: &Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<T>> {
    match row.get::<_, Option<String>>(idx)? {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| conversion_error(idx, format!("unexpected value {text:?}"))),
    }
}

pub(crate) fn date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match row.get::<_, Option<String>>(idx)? {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| conversion_error(idx, format!("bad date {text:?}"))),
    }
}

pub(crate) fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

pub(crate) fn currency(row: &Row<'_>, idx: usize) -> rusqlite::Result<Currency> {
    let text: String = row.get(idx)?;
    Currency::new(&text).map_err(|_| conversion_error(idx, format!("bad currency {text:?}")))
}

pub(crate) fn money(
    row: &Row<'_>,
    minor_idx: usize,
    currency_idx: usize,
) -> rusqlite::Result<Money> {
    Ok(Money::new(
        row.get(minor_idx)?,
        currency(row, currency_idx)?,
    ))
}

pub(crate) fn opt_money(
    row: &Row<'_>,
    minor_idx: usize,
    currency_idx: usize,
) -> rusqlite::Result<Option<Money>> {
    match row.get::<_, Option<i64>>(minor_idx)? {
        None => Ok(None),
        Some(minor) => Ok(Some(Money::new(minor, currency(row, currency_idx)?))),
    }
}

pub(crate) fn json<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    idx: usize,
) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| conversion_error(idx, e.to_string()))
}

pub(crate) fn timestamp(row: &Row<'_>, idx: usize) -> rusqlite::Result<Timestamp> {
    row.get(idx).map(Timestamp)
}

pub(crate) fn opt_timestamp(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Timestamp>> {
    Ok(row.get::<_, Option<i64>>(idx)?.map(Timestamp))
}

pub(crate) fn opt_id<T>(
    row: &Row<'_>,
    idx: usize,
    wrap: fn(i64) -> T,
) -> rusqlite::Result<Option<T>> {
    Ok(row.get::<_, Option<i64>>(idx)?.map(wrap))
}
