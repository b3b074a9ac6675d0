//! What each analysis hands back: the figures, the rows it read and what its charts and tables
//! need, for the analytics screen and the owner's report alike.

use ndarray::Array2;

use super::Units;
use crate::analytics::classify::TreeReport;
use crate::analytics::cluster::{DbscanReport, EpsSuggestion, KMeansReport, KSelection};
use crate::analytics::recommend::{self, Recommendation};
use crate::analytics::regress;
use crate::analytics::rfm::{Score, SegmentSummary};
use crate::analytics::rules::{ItemsetReport, Rule};
use crate::domain::{ContactId, Currency};

/// What an analysis found, with what a chart or a table needs to show it.
#[derive(Debug, Clone)]
pub enum Outcome {
    Segments(Segments),
    ChooseK {
        features: Vec<String>,
        selection: KSelection,
    },
    Density(Density),
    SuggestedEps {
        features: Vec<String>,
        suggestion: EpsSuggestion,
    },
    Bundles(Bundles),
    Spending(Spending),
    WinLoss(WinLoss),
    Churn(Churn),
    DealScoring(DealScoring),
    Loyalty(Loyalty),
}

#[derive(Debug, Clone)]
pub struct Segments {
    pub features: Vec<String>,
    /// One row per customer, in the features' own units.
    pub points: Array2<f64>,
    pub contacts: Vec<ContactId>,
    pub report: KMeansReport,
    pub units: Units,
}

#[derive(Debug, Clone)]
pub struct Density {
    pub features: Vec<String>,
    pub points: Array2<f64>,
    pub contacts: Vec<ContactId>,
    pub report: DbscanReport,
    /// Whether the radius was read off the k-distance curve rather than given.
    pub eps_from_data: bool,
    pub units: Units,
}

#[derive(Debug, Clone)]
pub struct Bundles {
    pub itemsets: ItemsetReport,
    pub rules: Vec<Rule>,
    /// Item names by id.
    pub names: Vec<String>,
    /// Every customer with an order, what they bought (item ids, ascending) and the product to
    /// offer them next.
    pub customers: Vec<Customer>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub contact: ContactId,
    pub name: String,
    pub owned: Vec<u32>,
    /// The next-best product, and the rule (in [`Bundles::rules`]) or the popularity that chose it.
    pub next: Option<Recommendation>,
}

impl Bundles {
    /// The customers `rule` speaks to: they bought its antecedent and lack part of its consequent.
    pub fn customers_for<'a>(&'a self, rule: &'a Rule) -> impl Iterator<Item = &'a Customer> + 'a {
        self.customers
            .iter()
            .filter(move |c| recommend::applies(rule, &c.owned))
    }
}

#[derive(Debug, Clone)]
pub struct Spending {
    pub report: regress::Report,
    pub target: String,
    /// Each feature's values, one column per feature, rows as `actual`.
    pub columns: Vec<Vec<f64>>,
    pub actual: Vec<f64>,
    pub predicted: Vec<f64>,
    pub units: Units,
}

#[derive(Debug, Clone)]
pub struct WinLoss {
    pub report: TreeReport,
    pub features: Vec<String>,
    pub deals: usize,
    /// The accuracy of always guessing the commoner outcome: the bar the tree has to clear.
    pub baseline: f64,
}

#[derive(Debug, Clone)]
pub struct Churn {
    pub classes: Vec<String>,
    /// How many customers are in each class, in `classes` order.
    pub counts: Vec<usize>,
    pub features: Vec<String>,
    pub cv_accuracy: f64,
    pub train_accuracy: f64,
    pub folds: usize,
    /// Whether the model settled (see [`crate::analytics::svm::Svm::converged`]), and at which C.
    pub converged: bool,
    pub c: Option<f64>,
}

impl Churn {
    /// The accuracy of always guessing the commoner class: the bar the model has to clear.
    pub fn baseline(&self) -> f64 {
        let total: usize = self.counts.iter().sum();
        self.counts
            .iter()
            .max()
            .map_or(0.0, |m| *m as f64 / total.max(1) as f64)
    }
}

#[derive(Debug, Clone)]
pub struct DealScoring {
    pub closed: usize,
    pub won: usize,
    pub cv_accuracy: f64,
    /// The accuracy of always guessing the commoner outcome: the bar a model has to clear.
    pub baseline: f64,
    /// Open deals with their win probability, most likely first.
    pub scores: Vec<DealScore>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DealScore {
    pub deal: i64,
    pub title: String,
    pub amount_minor: i64,
    pub probability: f64,
}

#[derive(Debug, Clone)]
pub struct Loyalty {
    pub currency: Currency,
    pub scores: Vec<Score>,
    pub summary: Vec<SegmentSummary>,
    /// The customers who bought only in other currencies, left out ([`crate::analytics::rfm::not_scored`]).
    pub not_scored: Option<String>,
}
