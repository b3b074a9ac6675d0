//! The tables the workspace analyses learn from, built from what the store reads: the customer
//! feature matrix, the churn table (customers labelled active or lapsed) and the closed deals with
//! their categorical facts. The command line and the window both read these, so a figure on screen
//! and the same figure from `kith analyze` come from the same rows.

use ndarray::Array2;

use crate::analytics::bayes::amount_band;
use crate::analytics::table::Table;
use crate::domain::{ContactId, DealStatus};
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

/// The customer table as text cells under its column names.
pub fn customer_table(rows: &[CustomerFeatures]) -> Table {
    let columns = CustomerFeatures::COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    Table::new(columns, rows.iter().map(CustomerFeatures::cells).collect())
}

/// The chosen numeric features of every customer, one row each, and who each row is.
pub fn customer_matrix(
    rows: &[CustomerFeatures],
    features: &[String],
) -> Result<(Array2<f64>, Vec<ContactId>), String> {
    let mut data = Vec::with_capacity(rows.len() * features.len());
    for row in rows {
        for name in features {
            data.push(customer_value(row, name).ok_or_else(|| {
                format!(
                    "{name:?} is not a customer feature (choose from {})",
                    customer_feature_names().join(", ")
                )
            })?);
        }
    }
    let matrix = Array2::from_shape_vec((rows.len(), features.len()), data)
        .expect("the buffer holds rows × features values");
    Ok((matrix, rows.iter().map(|r| r.contact_id).collect()))
}

fn customer_value(row: &CustomerFeatures, name: &str) -> Option<f64> {
    Some(match name {
        "age" => row.age as f64,
        "income" => row.income,
        "education" => row.education as f64,
        "spending" => row.spending,
        "recency_days" => row.recency_days as f64,
        "frequency" => row.frequency as f64,
        "monetary" => row.monetary,
        _ => return None,
    })
}

/// The customers with a `status` column (active or lapsed), the target, and the features that may
/// predict it (not recency itself, which defines it).
pub fn churn_table(rows: &[CustomerFeatures]) -> (Table, String, Vec<String>) {
    let mut columns: Vec<String> = CustomerFeatures::COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    columns.push("status".into());
    let cells = rows
        .iter()
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

/// The facts a deal's outcome is learned from, by name.
pub const DEAL_FACTS: [&str; 4] = ["owner", "industry", "lead_source", "amount_band"];

/// Closed deals (won or lost) as categorical rows and outcomes, plus the rows of the open deals to
/// score. Amounts become quartile bands of the closed deals' amounts.
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
    let mut amounts: Vec<i64> = closed.iter().map(|d| d.amount_minor).collect();
    amounts.sort_unstable();
    let facts = |d: &DealFacts| {
        vec![
            d.owner.clone(),
            d.industry.clone(),
            d.lead_source.clone(),
            amount_band(d.amount_minor, &amounts),
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
