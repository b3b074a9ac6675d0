//! The customer feature table the analyses read from a workspace: one row per live customer with
//! at least one order; age, income and schooling where they are recorded. Each analysis keeps the
//! customers that have the features it uses: a customer with no recorded age is still segmented
//! by income and spending (before, every analysis silently left a third of the customers out). Spending, recency, frequency and
//! monetary come from the orders, measured against the latest order in the workspace (not the
//! clock), so the same file always gives the same table.

use rusqlite::{OptionalExtension, Row};
use serde::Serialize;

use super::row::currency;
use super::{Result, Store};
use crate::domain::{ContactId, Currency};

const DAY: i64 = 86_400;

/// One customer's features, money in major units (e.g. euros).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerFeatures {
    pub contact_id: ContactId,
    pub age: Option<i64>,
    /// Annual income.
    pub income: Option<f64>,
    /// Years of education.
    pub education: Option<i64>,
    /// Orders' value in the 365 days up to the latest order in the workspace.
    pub spending: f64,
    /// Days from the customer's last order to the latest order in the workspace.
    pub recency_days: i64,
    /// Number of orders.
    pub frequency: i64,
    /// All orders' value.
    pub monetary: f64,
}

impl CustomerFeatures {
    /// Column names as the command line's `--features` and `--target` name them.
    pub const COLUMNS: [&'static str; 8] = [
        "contact_id",
        "age",
        "income",
        "education",
        "spending",
        "recency_days",
        "frequency",
        "monetary",
    ];

    /// A numeric column by its `COLUMNS` name: `None` for no such column, `Some(None)` when this
    /// customer's value is not recorded.
    pub fn value(&self, column: &str) -> Option<Option<f64>> {
        Some(match column {
            "contact_id" => Some(self.contact_id.0 as f64),
            "age" => self.age.map(|v| v as f64),
            "income" => self.income,
            "education" => self.education.map(|v| v as f64),
            "spending" => Some(self.spending),
            "recency_days" => Some(self.recency_days as f64),
            "frequency" => Some(self.frequency as f64),
            "monetary" => Some(self.monetary),
            _ => return None,
        })
    }

    /// Whether every one of `columns` is recorded for this customer (an unknown name is not).
    pub fn has_all<S: AsRef<str>>(&self, columns: &[S]) -> bool {
        columns
            .iter()
            .all(|c| matches!(self.value(c.as_ref()), Some(Some(_))))
    }

    /// Whether age, income and schooling are all recorded.
    pub fn is_complete(&self) -> bool {
        self.age.is_some() && self.income.is_some() && self.education.is_some()
    }

    /// The row's cells in `COLUMNS` order, as text (for a table or a CSV row); empty where a
    /// value is not recorded.
    pub fn cells(&self) -> Vec<String> {
        let text = |v: Option<String>| v.unwrap_or_default();
        vec![
            self.contact_id.0.to_string(),
            text(self.age.map(|v| v.to_string())),
            text(self.income.map(|v| v.to_string())),
            text(self.education.map(|v| v.to_string())),
            self.spending.to_string(),
            self.recency_days.to_string(),
            self.frequency.to_string(),
            self.monetary.to_string(),
        ]
    }
}

impl Store {
    /// The customer feature table, ordered by contact id. Spending counts the orders in the
    /// workspace's main order currency (the one most orders use), as the RFM scores do: dollars
    /// and euros added as they stand would be no amount at all. Likewise income is the one in
    /// the main income currency (the one most recorded incomes are in); an income in another is
    /// left unrecorded here, so SEK 500,000 is not taken for ten times €50,000.
    pub fn customer_table(&self) -> Result<Vec<CustomerFeatures>> {
        let mut stmt = self.conn.prepare(&format!(
            "WITH main AS ({ORDER_CURRENCY}),
                  income AS ({INCOME_CURRENCY}),
                  live AS (SELECT contact_id, ordered_at, currency, total_minor FROM orders
                           WHERE deleted_at IS NULL AND currency = (SELECT currency FROM main)),
                  latest AS (SELECT max(ordered_at) AS at FROM live)
             SELECT c.id, c.age,
                    CASE WHEN c.income_currency IS NULL
                           OR c.income_currency = (SELECT currency FROM income)
                         THEN c.income_minor END,
                    coalesce(c.income_currency, (SELECT currency FROM income), min(o.currency)),
                    c.education_years,
                    sum(CASE WHEN o.ordered_at > latest.at - 365 * ?1 THEN o.total_minor ELSE 0 END),
                    (latest.at - max(o.ordered_at)) / ?1, count(*), sum(o.total_minor),
                    min(o.currency)
             FROM contacts c JOIN live o ON o.contact_id = c.id CROSS JOIN latest
             WHERE c.deleted_at IS NULL
             GROUP BY c.id ORDER BY c.id"
        ))?;
        let rows = stmt.query_map([DAY], features_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// The main order currency: the one most orders are in.
const ORDER_CURRENCY: &str = "SELECT currency FROM orders WHERE deleted_at IS NULL \
     GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1";

/// The main income currency: the one most recorded incomes are in.
const INCOME_CURRENCY: &str = "SELECT income_currency AS currency FROM contacts \
     WHERE deleted_at IS NULL AND income_minor IS NOT NULL AND income_currency IS NOT NULL \
     GROUP BY income_currency ORDER BY count(*) DESC, income_currency LIMIT 1";

impl Store {
    /// The currency of the customer table's incomes (see [`Store::customer_table`]), if any
    /// income is recorded.
    pub fn income_currency(&self) -> Result<Option<Currency>> {
        self.main_currency(INCOME_CURRENCY)
    }

    /// The currency of the customer table's spending, if any order is recorded.
    pub fn order_currency(&self) -> Result<Option<Currency>> {
        self.main_currency(ORDER_CURRENCY)
    }

    fn main_currency(&self, sql: &str) -> Result<Option<Currency>> {
        let code: Option<String> = self.conn.query_row(sql, [], |r| r.get(0)).optional()?;
        Ok(code.and_then(|c| Currency::new(&c).ok()))
    }
}

fn major(minor: i64, currency: Currency) -> f64 {
    minor as f64 / 10f64.powi(currency.minor_digits() as i32)
}

fn features_from_row(r: &Row<'_>) -> rusqlite::Result<CustomerFeatures> {
    let order_currency = currency(r, 9)?;
    Ok(CustomerFeatures {
        contact_id: ContactId(r.get(0)?),
        age: r.get(1)?,
        income: match r.get::<_, Option<i64>>(2)? {
            Some(minor) => Some(major(minor, currency(r, 3)?)),
            None => None,
        },
        education: r.get(4)?,
        spending: major(r.get(5)?, order_currency),
        recency_days: r.get(6)?,
        frequency: r.get(7)?,
        monetary: major(r.get(8)?, order_currency),
    })
}
