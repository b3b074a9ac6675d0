//! The analyses the owner's report runs on a workspace, with the settings an owner would not want to
//! choose: four segments of standardised customer features, association rules at a support that
//! finds some, RFM segments.

use std::ops::RangeInclusive;

use ndarray::Array2;

use crate::analytics::baskets::Baskets;
use crate::analytics::cluster::{
    ClusterError, KMeansParams, KMeansReport, KSelection, choose_k, kmeans,
};
use crate::analytics::rfm::{self, SegmentSummary};
use crate::analytics::rules::{self, Algorithm, Ratio, Rule, itemset_label};
use crate::analytics::worker::Ticker;
use crate::charts::profile::{Profile, cluster_profile};
use crate::domain::Currency;
use crate::store::{self, Store};

/// Segments the report asks for.
pub const SEGMENTS: usize = 4;
/// The k scanned for the elbow and silhouette curves.
pub const K_SCAN: RangeInclusive<usize> = 2..=8;

pub struct Segments {
    /// Feature names with their units, one per column of `x`.
    pub features: Vec<String>,
    pub x: Array2<f64>,
    pub report: KMeansReport,
    pub selection: KSelection,
    pub profile: Profile,
}

/// K-means with k = 4 on the standardised customer table; `None` with fewer customers than that.
pub fn segments(store: &Store, currency: Currency) -> Result<Option<Segments>, store::Error> {
    let rows = store.customer_table()?;
    let columns = crate::analytics::workspace::inputs::SEGMENT_FEATURES;
    let names: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    let (x, _) = crate::analytics::workspace::inputs::customer_matrix(&rows, &names)
        .expect("the customer table's own columns");
    if x.nrows() < SEGMENTS.max(*K_SCAN.end()) {
        return Ok(None);
    }
    // Incomes are in their own main currency, which need not be the orders'.
    let income = store.income_currency()?.unwrap_or(currency);
    let features: Vec<String> = columns
        .iter()
        .map(|&c| match c {
            "income" => feature_label(c, income),
            _ => feature_label(c, currency),
        })
        .collect();
    let mut params = KMeansParams::new(SEGMENTS);
    params.standardize = true;
    let Ok(report) = kmeans(x.view(), &params, &Ticker::silent()) else {
        return Ok(None);
    };
    // Fewer restarts for the scan: its curves only need their shape.
    let scan = KMeansParams {
        n_init: 3,
        ..params.clone()
    };
    let selection = match choose_k(x.view(), K_SCAN, &scan, &Ticker::silent()) {
        Ok(s) => s,
        Err(ClusterError::Cancelled) | Err(_) => return Ok(None),
    };
    let profile = cluster_profile(x.view(), &report.labels, report.k, &features);
    Ok(Some(Segments {
        features,
        x,
        report,
        selection,
        profile,
    }))
}

/// A customer feature as an axis or a table column names it, with its unit.
pub fn feature_label(column: &str, currency: Currency) -> String {
    match column {
        "age" => "Age (years)".into(),
        "income" => format!("Annual income ({})", currency.code()),
        "education" => "Education (years)".into(),
        "spending" => format!("Spending, last 365 days ({})", currency.code()),
        "recency_days" => "Days since last order".into(),
        "frequency" => "Orders".into(),
        "monetary" => format!("All orders ({})", currency.code()),
        other => other.to_string(),
    }
}

pub struct Rules {
    pub rules: Vec<Rule>,
    pub transactions: u64,
    pub names: Vec<String>,
    pub min_support: Ratio,
}

impl Rules {
    /// "{a,b} → {c}".
    pub fn label(&self, rule: &Rule) -> String {
        format!(
            "{} → {}",
            itemset_label(&rule.antecedent, &self.names),
            itemset_label(&rule.consequent, &self.names)
        )
    }
}

/// The minimum confidence of a rule the report shows: right at least one time in five.
const MIN_CONFIDENCE: (u128, u128) = (1, 5);
/// Enough rules to be worth a chart; support is lowered until there are this many.
const ENOUGH_RULES: usize = 10;

/// Rules between products bought together. The support starts at 5 % of the baskets and halves
/// until there are enough rules, but never goes below two baskets: a demo shop and a real one have
/// very different basket counts, and a fixed support finds nothing in one or everything in the other.
pub fn rules(store: &Store) -> Result<Rules, store::Error> {
    let baskets = Baskets::from_lists(&store.order_baskets()?);
    let n = baskets.len() as u64;
    let mut support = Ratio::new(5, 100);
    let confidence = Ratio::new(MIN_CONFIDENCE.0, MIN_CONFIDENCE.1);
    let found = loop {
        let itemsets =
            rules::frequent_itemsets(&baskets, support, Algorithm::Eclat, &Ticker::silent())
                .expect("the support is a fraction below one");
        let found =
            rules::association_rules(&itemsets, confidence, Ratio::new(1, 1), &Ticker::silent())
                .expect("the confidence is a fraction below one");
        let lower = Ratio::new(support.numerator(), support.denominator() * 2);
        // With no baskets, ceil(support × 0) = 0 ends the loop on its first pass.
        if found.len() >= ENOUGH_RULES || lower.ceil_times(n) < 2 {
            break found;
        }
        support = lower;
    };
    Ok(Rules {
        rules: found,
        transactions: n,
        names: baskets.names().to_vec(),
        min_support: support,
    })
}

pub struct Rfm {
    pub currency: Currency,
    pub customers: usize,
    pub summary: Vec<SegmentSummary>,
    pub not_scored: Option<String>,
}

pub fn rfm(store: &Store) -> Result<Rfm, store::Error> {
    let (currency, customers) = store.purchases()?;
    let scores = rfm::score(&customers);
    Ok(Rfm {
        currency,
        customers: scores.len(),
        summary: rfm::summarize(&scores),
        not_scored: rfm::not_scored(&store.customers_buying_elsewhere(currency)?),
    })
}
