//! Purchase baskets for association rules: the products of each live order, by name.

use std::collections::HashMap;

use super::{Result, Store};

impl Store {
    /// One basket per live order (in order id order): the names of its products, each once. A
    /// product whose name another product shares is called `name [sku]`, so two products never
    /// merge into one item; deleted products still name the old orders they are on.
    pub fn order_baskets(&self) -> Result<Vec<Vec<String>>> {
        let mut products = self
            .conn
            .prepare("SELECT id, name, sku, count(*) OVER (PARTITION BY name) FROM products")?;
        let labels: HashMap<i64, String> = products
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
                let label = labels
                    .get(&product)
                    .cloned()
                    .unwrap_or_else(|| product.to_string());
                if !basket.contains(&label) {
                    basket.push(label);
                }
            }
        }
        Ok(baskets)
    }
}
