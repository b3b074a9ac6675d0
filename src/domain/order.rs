//! The product catalogue and purchase history: what RFM, spending models and association rules read.

use serde::{Deserialize, Serialize};

use super::id::{ContactId, OrderId, ProductId};
use super::money::{Currency, Money};
use super::time::Timestamp;
use super::validation::{Checker, Invalid, Problem};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductFields {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub price: Money,
    pub active: bool,
}

impl ProductFields {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        c.non_empty("sku", &self.sku);
        c.non_empty("name", &self.name);
        c.amount("price", self.price.minor);
        c.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: ProductId,
    #[serde(flatten)]
    pub fields: ProductFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product_id: ProductId,
    pub quantity: i64,
    /// Price per unit at the time of the order, in the order's currency.
    pub unit_price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFields {
    pub contact_id: ContactId,
    pub ordered_at: Timestamp,
    pub currency: Currency,
    pub lines: Vec<OrderLine>,
}

impl OrderFields {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        if self.lines.is_empty() {
            c.fail("lines", Problem::Empty);
        }
        for line in &self.lines {
            c.range("quantity", line.quantity, 1, 1_000_000);
            c.amount("unit_price", line.unit_price_minor);
        }
        if self.total().is_none() {
            c.fail("lines", Problem::BadAmount("total overflows".into()));
        }
        c.finish()
    }

    /// The sum of the lines, or `None` if it would overflow.
    pub fn total(&self) -> Option<Money> {
        self.lines
            .iter()
            .try_fold(0_i64, |acc, l| {
                l.quantity
                    .checked_mul(l.unit_price_minor)
                    .and_then(|v| acc.checked_add(v))
            })
            .map(|minor| Money::new(minor, self.currency))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: OrderId,
    #[serde(flatten)]
    pub fields: OrderFields,
    pub created_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_total_is_exact_and_overflow_is_refused() {
        let mut o = OrderFields {
            contact_id: ContactId(1),
            ordered_at: Timestamp(0),
            currency: Currency::EUR,
            lines: vec![
                OrderLine {
                    product_id: ProductId(1),
                    quantity: 3,
                    unit_price_minor: 199,
                },
                OrderLine {
                    product_id: ProductId(2),
                    quantity: 1,
                    unit_price_minor: 1,
                },
            ],
        };
        assert_eq!(o.total().unwrap().minor, 598);
        assert!(o.validate().is_ok());
        o.lines.push(OrderLine {
            product_id: ProductId(3),
            quantity: 2,
            unit_price_minor: i64::MAX,
        });
        assert!(o.total().is_none());
        assert!(o.validate().is_err());
    }
}
