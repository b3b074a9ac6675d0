//! The result tables of a workspace analysis as CSV, under the seed's file names where they apply
//! (`customer_clusters.csv`, `association_rules.csv`, `itemsets.csv`, `customer_predictions.csv`), so
//! an export from the window reads the same as `kith analyze`'s output.

use std::io::Write;

use super::Outcome;
use crate::analytics::rfm;
use crate::analytics::rules::{self, itemset_label};

/// One table of a result: the file it goes to, its header and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub file: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn new(file: &'static str, header: &[&str]) -> Table {
        Table {
            file,
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The table as CSV, header first.
    pub fn write_csv(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(&self.header)?;
        for row in &self.rows {
            csv.write_record(row)?;
        }
        csv.flush()
    }
}

/// Every table `outcome` has, in the order a person would open them.
pub fn tables(outcome: &Outcome) -> Vec<Table> {
    match outcome {
        Outcome::Segments(s) => vec![
            clusters(
                &s.features,
                s.contacts.iter().map(|c| c.0),
                s.points.outer_iter().map(|r| r.to_vec()),
                s.report.labels.iter().map(|l| l.to_string()),
            ),
            segments(&s.features, &s.report),
        ],
        Outcome::Density(d) => vec![clusters(
            &d.features,
            d.contacts.iter().map(|c| c.0),
            d.points.outer_iter().map(|r| r.to_vec()),
            d.report.labels.iter().map(|l| l.to_string()),
        )],
        Outcome::SuggestedEps { suggestion, .. } => {
            let mut t = Table::new("k_distance.csv", &["position", "distance", "suggested_eps"]);
            for (i, d) in suggestion.curve.iter().enumerate() {
                t.rows.push(vec![
                    (i + 1).to_string(),
                    d.to_string(),
                    if i == 0 {
                        suggestion.eps.to_string()
                    } else {
                        String::new()
                    },
                ]);
            }
            vec![t]
        }
        Outcome::ChooseK { selection, .. } => {
            let mut t = Table::new("k_choice.csv", &["k", "inertia", "silhouette", "mark"]);
            for c in &selection.choices {
                let mut marks = Vec::new();
                if c.k == selection.elbow {
                    marks.push("elbow");
                }
                if Some(c.k) == selection.best_silhouette {
                    marks.push("best silhouette");
                }
                t.rows.push(vec![
                    c.k.to_string(),
                    c.inertia.to_string(),
                    c.silhouette.map_or_else(String::new, |s| s.to_string()),
                    marks.join(" and "),
                ]);
            }
            vec![t]
        }
        Outcome::Bundles(b) => {
            let n = b.itemsets.transactions;
            let mut itemsets = Table::new("itemsets.csv", &["itemset", "count", "support"]);
            for set in &b.itemsets.itemsets {
                itemsets.rows.push(vec![
                    itemset_label(&set.items, &b.names),
                    set.count.to_string(),
                    b.itemsets.support(set).to_string(),
                ]);
            }
            let mut rules = Table::new("association_rules.csv", &rules::RULE_COLUMNS);
            for r in &b.rules {
                rules.rows.push(rules::rule_row(r, n, &b.names).to_vec());
            }
            let mut next = Table::new(
                "recommendations.csv",
                &["contact_id", "name", "next_product", "basis"],
            );
            for c in &b.customers {
                let (product, basis) = match c.next {
                    Some(next) => (b.names[next.product as usize].clone(), next.basis.label()),
                    None => (String::new(), ""),
                };
                next.rows.push(vec![
                    c.contact.0.to_string(),
                    c.name.clone(),
                    product,
                    basis.to_string(),
                ]);
            }
            vec![rules, itemsets, next]
        }
        Outcome::Spending(s) => {
            let mut header: Vec<&str> = s.report.features.iter().map(String::as_str).collect();
            header.push(&s.target);
            header.push("prediction");
            let mut t = Table::new("customer_predictions.csv", &header);
            let columns = &s.columns;
            for (i, (actual, predicted)) in s.actual.iter().zip(&s.predicted).enumerate() {
                let mut row: Vec<String> = columns.iter().map(|c| c[i].to_string()).collect();
                row.push(actual.to_string());
                row.push(predicted.to_string());
                t.rows.push(row);
            }
            vec![t]
        }
        Outcome::WinLoss(w) => {
            let mut rules = Table::new("tree_rules.csv", &["rule", "class", "deals", "correct"]);
            for r in &w.report.rules {
                rules.rows.push(vec![
                    r.conditions.join(" and "),
                    r.class.clone(),
                    r.rows.to_string(),
                    r.correct.to_string(),
                ]);
            }
            let mut importance = Table::new("feature_importance.csv", &["feature", "importance"]);
            for (f, v) in w.report.ranked_importance() {
                importance.rows.push(vec![f.clone(), v.to_string()]);
            }
            vec![rules, importance]
        }
        Outcome::Churn(c) => {
            let mut t = Table::new("churn_model.csv", &["figure", "value"]);
            t.rows
                .push(vec!["cv_accuracy".into(), c.cv_accuracy.to_string()]);
            t.rows
                .push(vec!["train_accuracy".into(), c.train_accuracy.to_string()]);
            t.rows.push(vec!["folds".into(), c.folds.to_string()]);
            for (class, count) in c.classes.iter().zip(&c.counts) {
                t.rows
                    .push(vec![format!("customers_{class}"), count.to_string()]);
            }
            vec![t]
        }
        Outcome::DealScoring(d) => {
            let mut t = Table::new("deal_scores.csv", &["deal_id", "title", "win_probability"]);
            for s in &d.scores {
                t.rows.push(vec![
                    s.deal.to_string(),
                    s.title.clone(),
                    format!("{:.4}", s.probability),
                ]);
            }
            vec![t]
        }
        Outcome::Loyalty(l) => {
            let mut t = Table::new("rfm.csv", &rfm::SCORE_COLUMNS);
            for s in &l.scores {
                t.rows.push(rfm::score_row(s, l.currency).to_vec());
            }
            vec![t]
        }
    }
}

/// `segments.csv`: the window's profile table — each segment by the name the window and the
/// report give it, the `cluster` number `customer_clusters.csv` gives its customers (counted
/// from 0, as the command line's), its size and its average customer. An owner matching the
/// file to the screen had taken cluster 1 for Segment 1.
fn segments(features: &[String], report: &crate::analytics::cluster::KMeansReport) -> Table {
    let mut header = vec!["segment", "cluster", "customers"];
    header.extend(features.iter().map(String::as_str));
    let mut t = Table::new("segments.csv", &header);
    for (j, center) in report.centers.outer_iter().enumerate() {
        let mut row = vec![
            format!("Segment {}", j + 1),
            j.to_string(),
            report.sizes[j].to_string(),
        ];
        row.extend(center.iter().map(f64::to_string));
        t.rows.push(row);
    }
    t
}

/// `customer_clusters.csv`: the rows clustered, in the features' own units, plus `cluster`.
fn clusters(
    features: &[String],
    contacts: impl Iterator<Item = i64>,
    rows: impl Iterator<Item = Vec<f64>>,
    labels: impl Iterator<Item = String>,
) -> Table {
    let mut header = vec!["contact_id"];
    header.extend(features.iter().map(String::as_str));
    header.push("cluster");
    let mut t = Table::new("customer_clusters.csv", &header);
    for ((contact, values), label) in contacts.zip(rows).zip(labels) {
        let mut row = vec![contact.to_string()];
        row.extend(values.iter().map(f64::to_string));
        row.push(label);
        t.rows.push(row);
    }
    t
}
