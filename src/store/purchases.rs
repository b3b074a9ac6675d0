//! Each customer's purchase history in figures (last order, number of orders, total spent), read in
//! one grouped query for RFM scoring.

use super::{Result, Store};
use crate::analytics::rfm::Purchases;
use crate::domain::Currency;

impl Store {
    /// Customers with at least one live order, in the workspace's main currency (the one most orders
    /// use; orders in other currencies are not added in), with days from their last order to the
    /// latest order in the workspace: as the customer table measures recency, so an RFM export
    /// and a segments export agree, and the same file gives the same figures tomorrow.
    pub fn purchases(&self) -> Result<(Currency, Vec<Purchases>)> {
        let main: Option<String> = self
            .conn
            .query_row(
                "SELECT currency FROM orders WHERE deleted_at IS NULL GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1",
                [],
                |r| r.get(0),
            )
            .ok();
        let Some(main) = main else {
            return Ok((Currency::EUR, Vec::new()));
        };
        let currency = Currency::new(&main).unwrap_or(Currency::EUR);
        let latest: i64 = self.conn.query_row(
            "SELECT max(ordered_at) FROM orders WHERE deleted_at IS NULL AND currency = ?1",
            [&main],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT o.contact_id, ",
            crate::written_sql!("c"),
            ", max(o.ordered_at), count(*), sum(o.total_minor) \
             FROM orders o JOIN contacts c ON c.id = o.contact_id \
             WHERE o.deleted_at IS NULL AND c.deleted_at IS NULL AND o.currency = ?1 \
             GROUP BY o.contact_id ORDER BY o.contact_id"
        ))?;
        let rows = stmt
            .query_map([&main], |r| {
                let last: i64 = r.get(2)?;
                Ok(Purchases {
                    contact: r.get(0)?,
                    name: r.get(1)?,
                    recency_days: ((latest - last) / 86_400).max(0),
                    frequency: r.get::<_, i64>(3)? as u64,
                    monetary_minor: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok((currency, rows))
    }

    /// The customers who bought only in other currencies than `main`, per currency (code order):
    /// what a score in `main` leaves out, to be said beside it.
    pub fn customers_buying_elsewhere(&self, main: Currency) -> Result<Vec<(Currency, u64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.currency, count(DISTINCT o.contact_id) FROM orders o \
             JOIN contacts c ON c.id = o.contact_id \
             WHERE o.deleted_at IS NULL AND c.deleted_at IS NULL AND o.currency <> ?1 \
               AND o.contact_id NOT IN (SELECT contact_id FROM orders \
                                        WHERE deleted_at IS NULL AND currency = ?1) \
             GROUP BY o.currency ORDER BY o.currency",
        )?;
        let rows = stmt
            .query_map([main.code()], |r| {
                let code: String = r.get(0)?;
                Ok((
                    Currency::new(&code).unwrap_or(main),
                    r.get::<_, i64>(1)? as u64,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
