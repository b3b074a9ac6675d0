//! Order history as CSV, one line per order line — what a web shop, a till or a bookkeeping
//! program exports — so RFM, the spending models and "bought together" read a shop's real sales.
//!
//! Columns, found by their header in any case (the first name listed is Kith's own):
//! `order` (order number: lines sharing one are one order; without the column each line is an
//! order), `date`, `email` (the customer, a contact's primary address), `sku`, `product` (a new
//! product's name; the SKU when missing), `quantity` (1 when missing), `unit_price`, `currency`
//! (or one for the whole file). A line that cannot be read is rejected with its row and field,
//! and so is the rest of its order (an order is never kept with lines missing); everything else
//! is written in one transaction, one Undo step.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::csv_import::dates::{self, SlashOrder};
use super::csv_import::detect;
use super::{Error, Result};
use crate::domain::{Currency, Money, ProductFields, Timestamp};
use crate::store::{ImportedLine, ImportedOrder, OrderImport, ProductRef, Store};

/// Each field's header names, Kith's own first.
const HEADERS: [(&str, &[&str]); 8] = [
    (
        "order",
        &[
            "order",
            "order number",
            "order id",
            "order_id",
            "order no",
            "invoice",
            "receipt",
        ],
    ),
    (
        "date",
        &[
            "date",
            "order date",
            "ordered_at",
            "created at",
            "created_at",
        ],
    ),
    (
        "email",
        &[
            "email",
            "e-mail",
            "customer email",
            "customer e-mail",
            "email address",
        ],
    ),
    (
        "sku",
        &["sku", "product code", "item code", "article", "product id"],
    ),
    (
        "product",
        &["product", "product name", "item", "description", "name"],
    ),
    ("quantity", &["quantity", "qty", "units"]),
    (
        "unit_price",
        &["unit_price", "unit price", "price", "price each"],
    ),
    ("currency", &["currency", "currency code"]),
];

/// A row refused, numbered as a spreadsheet numbers it (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: u64,
    /// The order number the row gave (empty when it gave none).
    pub order: String,
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}, {}: {}", self.row, self.field, self.reason)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub orders: u64,
    pub lines: u64,
    pub products_created: u64,
    /// One entry per refused row.
    pub rejected: Vec<RowError>,
}

/// A line read whole, before it is matched to its order's other lines.
struct Line {
    row: u64,
    key: String,
    email: String,
    at: Timestamp,
    currency: Currency,
    sku: String,
    name: String,
    quantity: i64,
    unit_price_minor: i64,
}

/// What an order file holds, for the window to show before importing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFile {
    /// Lines after the header (order lines, before any is checked).
    pub lines: usize,
    /// Whether the file says each line's currency; if not, the import is told one.
    pub currency_column: bool,
}

/// The column `header` (in lower case) puts each field in.
fn columns(header: &[String]) -> impl Fn(&str) -> Option<usize> + '_ {
    move |field: &str| {
        let names = HEADERS.iter().find(|(f, _)| *f == field).map(|(_, n)| *n)?;
        names
            .iter()
            .find_map(|n| header.iter().position(|h| h == n))
    }
}

/// The file as text, read as the contacts import reads it (any encoding it detects).
fn text_of(bytes: &[u8]) -> String {
    let decoded = detect::decode(bytes, None);
    decoded.text.trim_start_matches('\u{feff}').to_string()
}

/// A reader of `text` at its first record, its separator detected, and its header in lower case.
fn opened(text: &str) -> csv::Result<(csv::Reader<&[u8]>, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect::delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    Ok((reader, header))
}

/// `Some` when `bytes` read as an order file: a CSV whose header names a date, a customer's
/// e-mail, a SKU and a unit price (a contacts file has no SKU and no price).
pub fn recognise(bytes: &[u8]) -> Option<OrderFile> {
    let text = text_of(bytes);
    let (mut reader, header) = opened(&text).ok()?;
    let column = columns(&header);
    if !["date", "email", "sku", "unit_price"]
        .iter()
        .all(|f| column(f).is_some())
    {
        return None;
    }
    Some(OrderFile {
        lines: reader.records().count(),
        currency_column: column("currency").is_some(),
    })
}

/// Reads `bytes` and writes its orders into `store` (nothing with `dry_run`); `currency` is the
/// file's currency when it has no column for it.
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    currency: Option<Currency>,
    dry_run: bool,
) -> Result<Report> {
    let text = text_of(bytes);
    let (mut reader, header) =
        opened(&text).map_err(|e| Error::Format(format!("the header cannot be read: {e}")))?;
    let column = columns(&header);
    let (order, date, email, sku) = (
        column("order"),
        column("date"),
        column("email"),
        column("sku"),
    );
    let (product, quantity, price, cur) = (
        column("product"),
        column("quantity"),
        column("unit_price"),
        column("currency"),
    );
    let missing: Vec<&str> = [
        ("date", date),
        ("email", email),
        ("sku", sku),
        ("unit_price", price),
    ]
    .iter()
    .filter(|(_, c)| c.is_none())
    .map(|(f, _)| *f)
    .collect();
    if !missing.is_empty() {
        return Err(Error::Format(format!(
            "{file_name} has no column for {} (its header: {}); an order file needs date, email, \
             sku and unit_price",
            missing.join(", "),
            header.join(", ")
        )));
    }
    if cur.is_none() && currency.is_none() {
        return Err(Error::Format(format!(
            "{file_name} has no currency column: say the file's currency with --currency (EUR, SEK, …)"
        )));
    }
    let records: Vec<csv::StringRecord> =
        reader
            .records()
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| Error::Format(format!("{file_name} cannot be read as CSV: {e}")))?;
    let cell = |r: &csv::StringRecord, c: Option<usize>| {
        c.and_then(|c| r.get(c)).unwrap_or("").trim().to_string()
    };
    let order_of_dates = SlashOrder::of(records.iter().map(|r| cell(r, date)));
    let today: NaiveDate = Timestamp::now().last_day();
    let contacts = store.contacts_by_email()?;
    let mut report = Report::default();
    let mut lines = Vec::new();
    // Each row's order number, to leave out the whole order of a rejected row.
    let mut keys: HashMap<u64, String> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let row = i as u64 + 2;
        let number = cell(r, order);
        keys.insert(row, number.clone());
        let mut reject = |field: &str, reason: String| {
            report.rejected.push(RowError {
                row,
                order: number.clone(),
                field: field.into(),
                reason,
            })
        };
        let currency = match (cur, currency) {
            (Some(_), _) if !cell(r, cur).is_empty() => match Currency::new(&cell(r, cur)) {
                Ok(c) => c,
                Err(p) => {
                    reject("currency", p.to_string());
                    continue;
                }
            },
            (_, Some(c)) => c,
            _ => {
                reject("currency", "is empty".into());
                continue;
            }
        };
        let at = match dates::created_at(&cell(r, date), today, order_of_dates) {
            Ok(at) => at,
            Err(why) => {
                reject("date", why);
                continue;
            }
        };
        let address = cell(r, email);
        if !contacts.contains_key(&crate::domain::duplicate::email_key(&address)) {
            reject(
                "email",
                if address.is_empty() {
                    "is empty: whose order is it?".into()
                } else {
                    format!("no contact has the address {address:?}: import or add them first")
                },
            );
            continue;
        }
        let code = cell(r, sku);
        if code.is_empty() {
            reject("sku", "is empty".into());
            continue;
        }
        let quantity = match cell(r, quantity).as_str() {
            "" => 1,
            q => match q.parse::<i64>() {
                Ok(q) if (1..=1_000_000).contains(&q) => q,
                _ => {
                    reject(
                        "quantity",
                        format!("{q:?} is not a whole number from 1 to 1,000,000"),
                    );
                    continue;
                }
            },
        };
        let unit = match Money::parse(&cell(r, price), currency) {
            Ok(m) if m.minor >= 0 => m.minor,
            Ok(_) => {
                reject("unit_price", "must not be negative".into());
                continue;
            }
            Err(p) => {
                reject("unit_price", p.to_string());
                continue;
            }
        };
        let name = cell(r, product);
        lines.push(Line {
            row,
            key: match cell(r, order) {
                k if k.is_empty() => format!("\u{0}row {row}"),
                k => k,
            },
            email: address,
            at,
            currency,
            name: if name.is_empty() { code.clone() } else { name },
            sku: code,
            quantity,
            unit_price_minor: unit,
        });
    }
    let lost: std::collections::HashSet<String> = report
        .rejected
        .iter()
        .filter_map(|e| keys.get(&e.row))
        .filter(|k| !k.is_empty())
        .cloned()
        .collect();
    let import = assemble(store, lines, &contacts, &lost, &mut report)?;
    report.orders = import.orders.len() as u64;
    report.lines = import.orders.iter().map(|o| o.lines.len() as u64).sum();
    report.products_created = import.products.len() as u64;
    if !dry_run && !import.orders.is_empty() {
        store.import_orders(&format!("Import orders {file_name}"), &import)?;
    }
    Ok(report)
}

/// The lines grouped into orders (in the file's order), with the products the catalogue lacks; an
/// order whose lines disagree on customer, date or currency, or that lost a line to an error, is
/// left out whole, each of its rows named.
fn assemble(
    store: &Store,
    lines: Vec<Line>,
    contacts: &HashMap<String, crate::domain::ContactId>,
    lost: &std::collections::HashSet<String>,
    report: &mut Report,
) -> Result<OrderImport> {
    let known = store.products_by_sku()?;
    let mut groups: Vec<(String, Vec<Line>)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for line in lines {
        match at.get(&line.key) {
            Some(&i) => groups[i].1.push(line),
            None => {
                at.insert(line.key.clone(), groups.len());
                groups.push((line.key.clone(), vec![line]));
            }
        }
    }
    let mut import = OrderImport::default();
    let mut new_products: HashMap<String, usize> = HashMap::new();
    for (key, group) in groups {
        let first = &group[0];
        if lost.contains(&key) {
            let why = format!(
                "left out with the rest of order {key:?}, which has a line that cannot be read"
            );
            reject_order(report, &key, &group, &why);
            continue;
        }
        let disagree = group.iter().find(|l| {
            crate::domain::duplicate::email_key(&l.email)
                != crate::domain::duplicate::email_key(&first.email)
                || l.at.0 / 86_400 != first.at.0 / 86_400
                || l.currency != first.currency
        });
        if let Some(odd) = disagree {
            let why = format!(
                "order {key:?} has lines with different customers, days or currencies (rows {} \
                 and {}): none of it was imported",
                first.row, odd.row
            );
            reject_order(report, &key, &group, &why);
            continue;
        }
        let mut order_lines = Vec::with_capacity(group.len());
        for l in &group {
            let product = match known.get(&l.sku) {
                Some(&id) => ProductRef::Existing(id),
                None => {
                    let i = *new_products.entry(l.sku.clone()).or_insert_with(|| {
                        import.products.push(ProductFields {
                            sku: l.sku.clone(),
                            name: l.name.clone(),
                            category: String::new(),
                            price: Money::new(l.unit_price_minor, l.currency),
                            active: true,
                        });
                        import.products.len() - 1
                    });
                    ProductRef::New(i)
                }
            };
            order_lines.push(ImportedLine {
                product,
                quantity: l.quantity,
                unit_price_minor: l.unit_price_minor,
            });
        }
        import.orders.push(ImportedOrder {
            contact_id: contacts[&crate::domain::duplicate::email_key(&first.email)],
            ordered_at: first.at,
            currency: first.currency,
            lines: order_lines,
        });
    }
    Ok(import)
}

/// Every line of order `key` refused, for `why`.
fn reject_order(report: &mut Report, key: &str, group: &[Line], why: &str) {
    report.rejected.extend(group.iter().map(|l| RowError {
        row: l.row,
        order: key.to_string(),
        field: "order".into(),
        reason: why.to_string(),
    }));
}
