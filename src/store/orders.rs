//! The product catalogue and orders with their lines: the purchase history that spending, RFM and
//! association rules read.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::Serialize;

use super::row::{currency, money, opt_timestamp, timestamp};
use super::{Error, Result, Store};
use crate::domain::*;

const PRODUCT_COLUMNS: &str = "sku, name, category, price_minor, currency, active";

/// One order as a contact's purchase history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub ordered_at: Timestamp,
    pub items: i64,
    pub total: Money,
}

impl Store {
    pub fn create_product(&mut self, fields: ProductFields) -> Result<Product> {
        fields.validate()?;
        self.refuse_duplicate_sku(&fields.sku, None)?;
        let id = self.write(format!("Create product {}", fields.name.trim()), |w| {
            let id = insert_product(&w.tx, &fields, w.now)?;
            w.record_diff(Entity::Product, id.0, None, Some(&fields))?;
            Ok(id)
        })?;
        self.product(id)
    }

    pub fn update_product(&mut self, id: ProductId, fields: ProductFields) -> Result<Product> {
        fields.validate()?;
        self.refuse_duplicate_sku(&fields.sku, Some(id))?;
        let old = self.product(id)?;
        self.write(format!("Edit product {}", fields.name.trim()), |w| {
            update_product_row(&w.tx, id, &fields, w.now)?;
            w.record_diff(Entity::Product, id.0, Some(&old.fields), Some(&fields))
        })?;
        self.product(id)
    }

    /// SKUs are unique across the catalogue; say so by field rather than as a database error.
    fn refuse_duplicate_sku(&self, sku: &str, except: Option<ProductId>) -> Result<()> {
        let taken: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM products WHERE sku = ?1 AND id IS NOT ?2",
                params![sku.trim(), except.map(|p| p.0)],
                |r| r.get(0),
            )
            .optional()?;
        match taken {
            Some(other) => Err(Error::Invalid(Invalid::one(
                "sku",
                Problem::NotAllowed(format!(
                    "{:?} is already used by product {other}",
                    sku.trim()
                )),
            ))),
            None => Ok(()),
        }
    }

    /// A product by id, including a soft-deleted one.
    pub fn product(&self, id: ProductId) -> Result<Product> {
        self.conn
            .prepare_cached(&format!(
                "SELECT id, {PRODUCT_COLUMNS}, created_at, updated_at, deleted_at FROM products WHERE id = ?1"
            ))?
            .query_row([id.0], product_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(Entity::Product, id.0))
    }

    /// The live catalogue by category and name.
    pub fn products(&self) -> Result<Vec<Product>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, {PRODUCT_COLUMNS}, created_at, updated_at, deleted_at FROM products \
             WHERE deleted_at IS NULL ORDER BY category COLLATE NOCASE, name COLLATE NOCASE, id"
        ))?;
        Ok(stmt
            .query_map([], product_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Records an order; lines must name live products and the total must fit.
    pub fn create_order(&mut self, fields: OrderFields) -> Result<Order> {
        fields.validate()?;
        self.contact(fields.contact_id)?;
        for line in &fields.lines {
            if self.product(line.product_id)?.deleted_at.is_some() {
                return Err(Error::Invalid(Invalid::one(
                    "lines",
                    Problem::NotAllowed(format!("product {} is deleted", line.product_id.0)),
                )));
            }
        }
        let id = self.write("Record order", |w| {
            let id = insert_order(&w.tx, &fields, w.now)?;
            w.record_diff(Entity::Order, id.0, None, Some(&fields))?;
            Ok(id)
        })?;
        self.order(id)
    }

    /// An order with its lines, including a soft-deleted one.
    pub fn order(&self, id: OrderId) -> Result<Order> {
        let head = self
            .conn
            .prepare_cached(
                "SELECT contact_id, ordered_at, currency, created_at, deleted_at FROM orders WHERE id = ?1",
            )?
            .query_row([id.0], |r| {
                Ok((
                    ContactId(r.get(0)?),
                    timestamp(r, 1)?,
                    currency(r, 2)?,
                    timestamp(r, 3)?,
                    opt_timestamp(r, 4)?,
                ))
            })
            .optional()?
            .ok_or_else(|| Error::not_found(Entity::Order, id.0))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT product_id, quantity, unit_price_minor FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
        )?;
        let lines = stmt
            .query_map([id.0], |r| {
                Ok(OrderLine {
                    product_id: ProductId(r.get(0)?),
                    quantity: r.get(1)?,
                    unit_price_minor: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let (contact_id, ordered_at, currency, created_at, deleted_at) = head;
        Ok(Order {
            id,
            fields: OrderFields {
                contact_id,
                ordered_at,
                currency,
                lines,
            },
            created_at,
            deleted_at,
        })
    }

    /// A contact's live orders, newest first.
    pub fn orders_for_contact(&self, id: ContactId, limit: u32) -> Result<Vec<OrderSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id, o.ordered_at, (SELECT sum(quantity) FROM order_lines WHERE order_id = o.id), \
                    o.total_minor, o.currency \
             FROM orders o WHERE o.contact_id = ?1 AND o.deleted_at IS NULL \
             ORDER BY o.ordered_at DESC, o.id DESC LIMIT ?2",
        )?;
        Ok(stmt
            .query_map(params![id.0, limit], |r| {
                Ok(OrderSummary {
                    id: OrderId(r.get(0)?),
                    ordered_at: timestamp(r, 1)?,
                    items: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                    total: money(r, 3, 4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}

fn product_from_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: ProductId(r.get(0)?),
        fields: ProductFields {
            sku: r.get(1)?,
            name: r.get(2)?,
            category: r.get(3)?,
            price: money(r, 4, 5)?,
            active: r.get(6)?,
        },
        created_at: timestamp(r, 7)?,
        updated_at: timestamp(r, 8)?,
        deleted_at: opt_timestamp(r, 9)?,
    })
}

fn product_values(f: &ProductFields) -> Vec<Value> {
    vec![
        Value::Text(f.sku.trim().into()),
        Value::Text(f.name.trim().into()),
        Value::Text(f.category.trim().into()),
        Value::Integer(f.price.minor),
        Value::Text(f.price.currency.code().into()),
        Value::Integer(i64::from(f.active)),
    ]
}

/// Overwrites the row; shared by edits and undo.
pub(super) fn update_product_row(
    tx: &Transaction<'_>,
    id: ProductId,
    fields: &ProductFields,
    now: Timestamp,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE products SET (sku, name, category, price_minor, currency, active, updated_at) = \
         (?1, ?2, ?3, ?4, ?5, ?6, ?7) WHERE id = ?8",
    )?
    .execute(rusqlite::params_from_iter(
        product_values(fields)
            .into_iter()
            .chain([Value::Integer(now.0), Value::Integer(id.0)]),
    ))?;
    Ok(())
}

/// Inserts the row; shared by user edits and the demo generator.
pub(crate) fn insert_product(
    tx: &Transaction<'_>,
    fields: &ProductFields,
    now: Timestamp,
) -> Result<ProductId> {
    tx.prepare_cached(&format!(
        "INSERT INTO products ({PRODUCT_COLUMNS}, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"
    ))?
    .execute(rusqlite::params_from_iter(
        product_values(fields).into_iter().chain([Value::Integer(now.0)]),
    ))?;
    Ok(ProductId(tx.last_insert_rowid()))
}

/// Inserts the order and its lines with the total computed exactly; shared with the demo generator.
pub(crate) fn insert_order(
    tx: &Transaction<'_>,
    fields: &OrderFields,
    created_at: Timestamp,
) -> Result<OrderId> {
    let total = fields
        .total()
        .ok_or_else(|| Invalid::one("lines", Problem::BadAmount("total overflows".into())))?;
    tx.prepare_cached(
        "INSERT INTO orders (contact_id, ordered_at, currency, total_minor, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        fields.contact_id.0,
        fields.ordered_at.0,
        fields.currency.code(),
        total.minor,
        created_at.0
    ])?;
    let id = OrderId(tx.last_insert_rowid());
    let mut line = tx.prepare_cached(
        "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_minor) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (no, l) in fields.lines.iter().enumerate() {
        line.execute(params![
            id.0,
            no as i64 + 1,
            l.product_id.0,
            l.quantity,
            l.unit_price_minor
        ])?;
    }
    Ok(id)
}
