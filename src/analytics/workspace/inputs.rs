//! The tables the workspace analyses learn from, built from what the store reads: the customer
//! feature matrix, the churn table (customers labelled active or lapsed) and the closed deals with
//! their categorical facts. The command line and the window both read these, so a figure on screen
//! and the same figure from `kith analyze` come from the same rows.

use std::collections::HashMap;

use ndarray::Array2;

use crate::analytics::bayes::amount_band;
use crate::analytics::table::Table;
use crate::domain::{ContactId, Currency, DealStatus};
use crate::store::{CustomerFeatures, DealFacts};

/// A customer with no order for longer than this counts as lapsed in the churn model.
pub const LAPSED_AFTER_DAYS: i64 = 180;

/// The customer table's numeric columns, as the analyses name them (every column but the id).
pub fn customer_feature_names() -> Vec<String> {
    CustomerFeatures::COLUMNS[1..]
        .iter()
        .map(|c| c.to_string())
        .collect()
}

/// What customer segments are drawn from unless the user picks otherwise, in the window and in
/// the owner's report alike (the report had used all seven figures, and its "Customer segments
/// (k = 4)" showed other segments than the window's of the same name): money in and out, and how
/// often and how lately a customer orders.
pub const SEGMENT_FEATURES: [&str; 4] = ["income", "spending", "frequency", "recency_days"];

/// How a customer feature reads for people: on a button, an axis, a column header or in a
/// message ("Total spent", not "monetary"). A name it does not know reads as it is.
pub fn feature_label(name: &str) -> &str {
    match name {
        "age" => "Age",
        "income" => "Income",
        "education" => "Education (years)",
        "spending" => "Spending (last 12 months)",
        "recency_days" => "Days since last order",
        "frequency" => "Orders",
        "monetary" => "Total spent",
        // The deal facts the win/loss tree and deal scoring learn from.
        "lead_source" => "lead source",
        "amount_band" => "amount band",
        other => other,
    }
}

/// The currencies of a customer table's money: incomes in theirs, spending in the orders'.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Units {
    pub income: Option<Currency>,
    pub orders: Option<Currency>,
}

impl Units {
    pub fn of(store: &crate::store::Store) -> Result<Units, crate::store::Error> {
        Ok(Units {
            income: store.income_currency()?,
            orders: store.order_currency()?,
        })
    }

    /// [`feature_label`] with the currency of a money feature: "Income (SEK)", "Spending (last
    /// 12 months, EUR)". The panel's tables and axes had shown money without one.
    pub fn label(&self, name: &str) -> String {
        let base = feature_label(name);
        let currency = match name {
            "income" => self.income,
            "spending" | "monetary" => self.orders,
            _ => None,
        };
        match (currency, base.strip_suffix(')')) {
            (None, _) => base.to_string(),
            (Some(c), Some(open)) => format!("{open}, {})", c.code()),
            (Some(c), None) => format!("{base} ({})", c.code()),
        }
    }
}

/// The customers with age, income and schooling all recorded, as text cells under the column
/// names (for models that may use any column).
pub fn customer_table(rows: &[CustomerFeatures]) -> Table {
    let columns = CustomerFeatures::COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    Table::new(
        columns,
        rows.iter()
            .filter(|r| r.is_complete())
            .map(CustomerFeatures::cells)
            .collect(),
    )
}

/// The chosen numeric features of every customer who has them all recorded, one row each, and
/// who each row is.
pub fn customer_matrix(
    rows: &[CustomerFeatures],
    features: &[String],
) -> Result<(Array2<f64>, Vec<ContactId>), String> {
    if let Some(name) = features
        .iter()
        .find(|f| !CustomerFeatures::COLUMNS[1..].contains(&f.as_str()))
    {
        return Err(format!(
            "{name:?} is not a customer feature (choose from {})",
            customer_feature_names().join(", ")
        ));
    }
    let kept: Vec<&CustomerFeatures> = rows.iter().filter(|r| r.has_all(features)).collect();
    let mut data = Vec::with_capacity(kept.len() * features.len());
    for row in &kept {
        for name in features {
            data.push(row.value(name).flatten().unwrap_or_default());
        }
    }
    let matrix = Array2::from_shape_vec((kept.len(), features.len()), data)
        .expect("the buffer holds rows × features values");
    Ok((matrix, kept.iter().map(|r| r.contact_id).collect()))
}

/// The customers with a `status` column (active or lapsed), the target, and the features that may
/// predict it (not recency itself, which defines it).
pub fn churn_table(rows: &[CustomerFeatures]) -> (Table, String, Vec<String>) {
    let mut columns: Vec<String> = CustomerFeatures::COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    columns.push("status".into());
    // Its features include age, income and schooling: customers with all three recorded.
    let cells = rows
        .iter()
        .filter(|r| r.is_complete())
        .map(|r| {
            let mut cells = r.cells();
            let active = r.recency_days <= LAPSED_AFTER_DAYS;
            cells.push(if active { "active" } else { "lapsed" }.into());
            cells
        })
        .collect();
    let features = ["age", "income", "education", "frequency", "monetary"]
        .map(String::from)
        .to_vec();
    (Table::new(columns, cells), "status".into(), features)
}

/// How a deal fact nobody recorded (no owner, no lead source) reads in rules and scores.
pub const NOT_RECORDED: &str = "(none)";

/// The facts a deal's outcome is learned from, by name.
pub const DEAL_FACTS: [&str; 4] = ["owner", "industry", "lead_source", "amount_band"];

/// Closed deals (won or lost) as categorical rows and outcomes, plus the rows of the open deals to
/// score. Amounts become quartile bands of the closed deals' amounts in the same currency: SEK
/// 20,000 (about €1,800) is not a larger deal than €1,800 because its number is.
pub struct DealRows<'a> {
    pub closed: Vec<&'a DealFacts>,
    pub closed_rows: Vec<Vec<String>>,
    pub won: Vec<bool>,
    pub open: Vec<&'a DealFacts>,
    pub open_rows: Vec<Vec<String>>,
}

pub fn deal_rows(deals: &[DealFacts]) -> DealRows<'_> {
    let (closed, open): (Vec<&DealFacts>, Vec<&DealFacts>) =
        deals.iter().partition(|d| d.status != DealStatus::Open);
    let mut amounts: HashMap<Currency, Vec<i64>> = HashMap::new();
    for d in &closed {
        amounts.entry(d.currency).or_default().push(d.amount_minor);
    }
    for list in amounts.values_mut() {
        list.sort_unstable();
    }
    // A fact not recorded is a value of its own, named so: a rule read "lead_source ≠  and …".
    let named = |s: &str| {
        if s.trim().is_empty() {
            NOT_RECORDED.to_string()
        } else {
            s.to_string()
        }
    };
    let facts = |d: &DealFacts| {
        vec![
            named(&d.owner),
            named(&d.industry),
            named(&d.lead_source),
            amount_band(
                d.amount_minor,
                amounts.get(&d.currency).map_or(&[][..], Vec::as_slice),
            ),
        ]
    };
    DealRows {
        closed_rows: closed.iter().map(|d| facts(d)).collect(),
        won: closed.iter().map(|d| d.status == DealStatus::Won).collect(),
        open_rows: open.iter().map(|d| facts(d)).collect(),
        closed,
        open,
    }
}

/// The closed deals as a table with an `outcome` column (won or lost), for the win/loss tree.
pub fn deal_outcome_table(rows: &DealRows<'_>) -> Table {
    let mut columns: Vec<String> = DEAL_FACTS.iter().map(|c| c.to_string()).collect();
    columns.push("outcome".into());
    let cells = rows
        .closed_rows
        .iter()
        .zip(&rows.won)
        .map(|(facts, &won)| {
            let mut cells = facts.clone();
            cells.push(if won { "won" } else { "lost" }.into());
            cells
        })
        .collect();
    Table::new(columns, cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: i64, age: Option<i64>) -> CustomerFeatures {
        CustomerFeatures {
            contact_id: ContactId(id),
            age,
            income: Some(40_000.0),
            education: Some(12),
            spending: 100.0,
            recency_days: 10,
            frequency: 2,
            monetary: 150.0,
        }
    }

    fn deal(id: i64, status: DealStatus, amount_minor: i64, currency: Currency) -> DealFacts {
        DealFacts {
            id,
            title: format!("Deal {id}"),
            status,
            owner: String::new(),
            industry: String::new(),
            lead_source: String::new(),
            amount_minor,
            currency,
        }
    }

    /// A deal's amount is banded among the closed deals of its own currency: 2,000,000 öre
    /// (SEK 20,000) is not in the euros' largest quarter because its number is large.
    #[test]
    fn amounts_are_banded_within_their_currency() {
        let sek = Currency::new("SEK").unwrap();
        let mut deals: Vec<DealFacts> = (1..=8)
            .map(|i| deal(i, DealStatus::Won, i * 100_00, Currency::EUR))
            .collect();
        deals.extend((9..=12).map(|i| deal(i, DealStatus::Lost, i * 1_000_000, sek)));
        deals.push(deal(13, DealStatus::Open, 2_000_000, sek));
        deals.push(deal(14, DealStatus::Open, 2_000_000, Currency::EUR));
        let rows = deal_rows(&deals);
        let band = |row: &Vec<String>| row[3].clone();
        assert_eq!(
            band(&rows.open_rows[0]),
            "smallest quarter",
            "the smallest SEK deal"
        );
        assert_eq!(
            band(&rows.open_rows[1]),
            "largest quarter",
            "€20,000 is large"
        );
        assert_eq!(band(&rows.closed_rows[0]), "smallest quarter");
    }

    /// A customer without a recorded age is left out only where age is used.
    #[test]
    fn customers_missing_a_feature_are_left_out_only_where_it_is_used() {
        let rows = [customer(1, Some(30)), customer(2, None)];
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (x, ids) = customer_matrix(&rows, &names(&["income", "spending"])).unwrap();
        assert_eq!((x.nrows(), ids), (2, vec![ContactId(1), ContactId(2)]));
        let (x, ids) = customer_matrix(&rows, &names(&["age", "spending"])).unwrap();
        assert_eq!((x.nrows(), ids), (1, vec![ContactId(1)]));
        assert_eq!(x.row(0).to_vec(), [30.0, 100.0]);
        assert!(customer_matrix(&rows, &names(&["shoe_size"])).is_err());
        // The churn model uses all three: only the complete customer.
        let (table, _, _) = churn_table(&rows);
        assert_eq!(table.len(), 1);
    }
}
