//! Order history brought in from a file (a shop's or a till's export): new products and orders
//! written in one transaction, one Undo step, as RFM, the spending models and the association
//! rules read them.

use std::collections::HashMap;

use super::orders::{insert_order, insert_product};
use super::{Result, Store};
use crate::domain::{
    ContactId, Currency, Entity, OrderFields, OrderLine, ProductFields, ProductId, Timestamp,
};

/// A product an imported line names: one already in the catalogue, or one the import adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductRef {
    Existing(ProductId),
    /// The index into [`OrderImport::products`].
    New(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedLine {
    pub product: ProductRef,
    pub quantity: i64,
    pub unit_price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedOrder {
    pub contact_id: ContactId,
    pub ordered_at: Timestamp,
    pub currency: Currency,
    pub lines: Vec<ImportedLine>,
}

/// What a file of orders brings: products the catalogue lacks, and the orders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderImport {
    pub products: Vec<ProductFields>,
    pub orders: Vec<ImportedOrder>,
}

impl Store {
    /// The live contacts by primary e-mail address in lower case (the lowest id of several), to
    /// find each order's customer.
    pub fn contacts_by_email(&self) -> Result<HashMap<String, ContactId>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, email FROM contacts WHERE deleted_at IS NULL AND email <> '' ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut by = HashMap::new();
        while let Some(r) = rows.next()? {
            let email: String = r.get(1)?;
            by.entry(crate::domain::duplicate::email_key(&email))
                .or_insert(ContactId(r.get(0)?));
        }
        Ok(by)
    }

    /// The live products by SKU.
    pub fn products_by_sku(&self) -> Result<HashMap<String, ProductId>> {
        Ok(self
            .products()?
            .into_iter()
            .filter(|p| p.deleted_at.is_none())
            .map(|p| (p.fields.sku, p.id))
            .collect())
    }

    /// Writes `import` as one step Undo takes back whole, labelled `label`.
    pub fn import_orders(&mut self, label: &str, import: &OrderImport) -> Result<()> {
        for p in &import.products {
            p.validate()?;
        }
        let orders: Vec<OrderFields> = import
            .orders
            .iter()
            .map(|o| OrderFields {
                contact_id: o.contact_id,
                ordered_at: o.ordered_at,
                currency: o.currency,
                // Ids of new products are known once written; 0 stands in until then.
                lines: o
                    .lines
                    .iter()
                    .map(|l| OrderLine {
                        product_id: ProductId(0),
                        quantity: l.quantity,
                        unit_price_minor: l.unit_price_minor,
                    })
                    .collect(),
            })
            .collect();
        for o in &orders {
            o.validate()?;
        }
        self.write(label.to_string(), |w| {
            let mut made = Vec::with_capacity(import.products.len());
            for p in &import.products {
                let id = insert_product(&w.tx, p, w.now)?;
                w.record_diff(Entity::Product, id.0, None, Some(p))?;
                made.push(id);
            }
            for (mut fields, order) in orders.into_iter().zip(&import.orders) {
                for (line, from) in fields.lines.iter_mut().zip(&order.lines) {
                    line.product_id = match from.product {
                        ProductRef::Existing(id) => id,
                        ProductRef::New(i) => made[i],
                    };
                }
                let id = insert_order(&w.tx, &fields, w.now)?;
                w.record_diff(Entity::Order, id.0, None, Some(&fields))?;
            }
            Ok(())
        })
    }
}
