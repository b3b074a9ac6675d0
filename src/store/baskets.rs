//! Purchase baskets for association rules: the products of each live order, by name; and the
//! products each customer has bought, by the same names, for recommending what to buy next.

use std::collections::HashMap;

use super::{Result, Store};

/// The products one customer has bought on live orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerProducts {
    pub contact: i64,
    pub name: String,
    /// Product labels as in [`Store::order_baskets`], each once, sorted.
    pub products: Vec<String>,
}

impl Store {
    /// One basket per live order (in order id order): the names of its products, each once. A
    /// product whose name another product shares is called `name [sku]`, so two products never
    /// merge into one item; deleted products still name the old orders they are on.
    pub fn order_baskets(&self) -> Result<Vec<Vec<String>>> {
        let labels = self.product_labels()?;
        let mut lines = self.conn.prepare(
            "SELECT o.id, l.product_id FROM orders o \
             LEFT JOIN order_lines l ON l.order_id = o.id \
             WHERE o.deleted_at IS NULL ORDER BY o.id, l.line_no",
        )?;
        let mut rows = lines.query([])?;
        let mut baskets: Vec<Vec<String>> = Vec::new();
        let mut current: Option<i64> = None;
        while let Some(row) = rows.next()? {
            let order: i64 = row.get(0)?;
            if current != Some(order) {
                baskets.push(Vec::new());
                current = Some(order);
            }
            if let Some(product) = row.get::<_, Option<i64>>(1)? {
                let basket = baskets
                    .last_mut()
                    .expect("a basket was pushed for this order");
                let label = label_of(&labels, product);
                if !basket.contains(&label) {
                    basket.push(label);
                }
            }
        }
        Ok(baskets)
    }

    /// Every live customer with a live order, by contact id, with the products they have bought.
    pub fn customer_products(&self) -> Result<Vec<CustomerProducts>> {
        let labels = self.product_labels()?;
        let mut stmt = self.conn.prepare(concat!(
            "SELECT DISTINCT o.contact_id, ",
            crate::written_sql!("c"),
            ", l.product_id \
             FROM orders o JOIN contacts c ON c.id = o.contact_id \
             JOIN order_lines l ON l.order_id = o.id \
             WHERE o.deleted_at IS NULL AND c.deleted_at IS NULL \
             ORDER BY o.contact_id"
        ))?;
        let mut rows = stmt.query([])?;
        let mut out: Vec<CustomerProducts> = Vec::new();
        while let Some(row) = rows.next()? {
            let contact: i64 = row.get(0)?;
            if out.last().is_none_or(|c| c.contact != contact) {
                out.push(CustomerProducts {
                    contact,
                    name: row.get(1)?,
                    products: Vec::new(),
                });
            }
            let customer = out.last_mut().expect("a customer was pushed for this row");
            customer.products.push(label_of(&labels, row.get(2)?));
        }
        for customer in &mut out {
            customer.products.sort_unstable();
            // Two products may share a label only when one is gone from the catalogue.
            customer.products.dedup();
        }
        Ok(out)
    }

    /// Product id → the label baskets use for it.
    fn product_labels(&self) -> Result<HashMap<i64, String>> {
        let mut products = self
            .conn
            .prepare("SELECT id, name, sku, count(*) OVER (PARTITION BY name) FROM products")?;
        let labels = products
            .query_map([], |r| {
                let (id, name, sku, same): (i64, String, String, i64) =
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                Ok((
                    id,
                    if same > 1 {
                        format!("{name} [{sku}]")
                    } else {
                        name
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(labels)
    }
}

fn label_of(labels: &HashMap<i64, String>, product: i64) -> String {
    labels
        .get(&product)
        .cloned()
        .unwrap_or_else(|| product.to_string())
}
