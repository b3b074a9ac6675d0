//! What is known about each deal for win scoring: its outcome (if closed) and the categorical facts
//! that may predict it — owner, the company's industry, where the contact came from — read in one query.

use super::{Result, Store};
use crate::domain::{Currency, DealStatus};
use crate::store::row::{choice, currency};

/// One deal's facts for the deal-scoring model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealFacts {
    pub id: i64,
    pub title: String,
    pub status: DealStatus,
    pub owner: String,
    pub industry: String,
    pub lead_source: String,
    pub amount_minor: i64,
    /// The amount's currency: amounts are compared within one currency only.
    pub currency: Currency,
}

impl Store {
    pub fn deal_facts(&self) -> Result<Vec<DealFacts>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.status, d.owner, coalesce(co.industry, ''), coalesce(c.lead_source, ''), d.amount_minor, d.currency \
             FROM deals d LEFT JOIN companies co ON co.id = d.company_id LEFT JOIN contacts c ON c.id = d.contact_id \
             WHERE d.deleted_at IS NULL ORDER BY d.id",
        )?;
        Ok(stmt
            .query_map([], |r| {
                Ok(DealFacts {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    status: choice(r, 2)?,
                    owner: r.get(3)?,
                    industry: r.get(4)?,
                    lead_source: r.get(5)?,
                    amount_minor: r.get(6)?,
                    currency: currency(r, 7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}
