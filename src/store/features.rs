//! The customer feature table the analyses read from a workspace: one row per live contact who has
//! bought at least once and whose age, income and schooling are known, with three figures from
//! the orders (recency, frequency, monetary) and the last year's spending. One query.
//!
//! Times are measured back from the workspace's latest order rather than from the clock, so the
//! same file gives the same table on any day. Money is in major units (minor / 100).

use super::{Result, Store};
use crate::domain::ContactId;

/// The column names, in the order of [`CustomerFeatures::values`].
pub const CUSTOMER_FEATURES: [&str; 7] = [
    "age",
    "income",
    "education_years",
    "spending",
    "recency_days",
    "frequency",
    "monetary",
];

#[derive(Debug, Clone, PartialEq)]
pub struct CustomerFeatures {
    pub contact: ContactId,
    pub age: f64,
    /// Annual income, major units.
    pub income: f64,
    pub education_years: f64,
    /// Order totals in the 365 days up to the latest order, major units.
    pub spending: f64,
    /// Whole days from this customer's last order to the workspace's latest order.
    pub recency_days: f64,
    /// Number of orders.
    pub frequency: f64,
    /// All order totals, major units.
    pub monetary: f64,
}

impl CustomerFeatures {
    pub fn values(&self) -> [f64; 7] {
        [
            self.age,
            self.income,
            self.education_years,
            self.spending,
            self.recency_days,
            self.frequency,
            self.monetary,
        ]
    }
}

const DAY: i64 = 86_400;

impl Store {
    pub fn customer_features(&self) -> Result<Vec<CustomerFeatures>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH live AS (SELECT contact_id, ordered_at, total_minor FROM orders WHERE deleted_at IS NULL),
                  latest AS (SELECT coalesce(max(ordered_at), 0) AS t FROM live),
                  per AS (
                      SELECT contact_id,
                             count(*) AS frequency,
                             sum(total_minor) AS monetary,
                             sum(CASE WHEN ordered_at > (SELECT t FROM latest) - 365 * ?1
                                      THEN total_minor ELSE 0 END) AS spending,
                             ((SELECT t FROM latest) - max(ordered_at)) / ?1 AS recency
                      FROM live GROUP BY contact_id)
             SELECT c.id, c.age, c.income_minor, c.education_years,
                    per.spending, per.recency, per.frequency, per.monetary
             FROM contacts c JOIN per ON per.contact_id = c.id
             WHERE c.deleted_at IS NULL AND c.age IS NOT NULL
               AND c.income_minor IS NOT NULL AND c.education_years IS NOT NULL
             ORDER BY c.id",
        )?;
        let rows = stmt.query_map([DAY], |r| {
            let minor = |i: usize| r.get::<_, i64>(i).map(|v| v as f64 / 100.0);
            Ok(CustomerFeatures {
                contact: ContactId(r.get(0)?),
                age: r.get::<_, i64>(1)? as f64,
                income: minor(2)?,
                education_years: r.get::<_, i64>(3)? as f64,
                spending: minor(4)?,
                recency_days: r.get::<_, i64>(5)? as f64,
                frequency: r.get::<_, i64>(6)? as f64,
                monetary: minor(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
