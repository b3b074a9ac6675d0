//! The analyses an owner runs on a whole workspace, as one call: a [`Request`] names the analysis
//! and its parameters, [`run`] reads what it needs from the workspace file on the calling thread (a
//! connection of its own, so the window's store thread stays free) and returns an [`Outcome`] that
//! the analytics screen and the owner's report draw. Run it through [`super::worker::spawn`].

mod bundles;
pub mod inputs;
mod outcome;
pub mod tables;

pub use bundles::{Thresholds, bundles};
pub use inputs::Units;
pub use outcome::*;

use std::ops::RangeInclusive;
use std::path::Path;

use ndarray::Array2;

use super::bayes::{self, NaiveBayes};
use super::classify::{self, Criterion, Dataset, TreeParams};
use super::cluster::{self, DbscanParams, KMeansParams};
use super::regress::{self, Method};
use super::rfm;
use super::rules::{self, Ratio};
use super::svm::{self, Svm, SvmParams};
use super::worker::{Cancelled, Ticker};
use crate::domain::ContactId;
use crate::store::Store;

/// Which analysis to run, with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Customer segments by K-means.
    Segments {
        features: Vec<String>,
        k: usize,
        standardize: bool,
        n_init: usize,
        seed: u64,
    },
    /// K-means over a range of k, for the elbow and silhouette curves.
    ChooseK {
        features: Vec<String>,
        ks: RangeInclusive<usize>,
        standardize: bool,
        /// Restarts per k, as Run takes them: the table must show what Run of that k gives.
        n_init: usize,
        seed: u64,
    },
    /// Density clusters by DBSCAN; `eps` in the units clustered (z-scores when standardised),
    /// or `None` to read it off the customers' k-distance curve first, as `kith analyze dbscan`
    /// does without `--eps`: a fixed default radius suits no particular set of customers.
    Density {
        features: Vec<String>,
        eps: Option<f64>,
        min_samples: usize,
        standardize: bool,
    },
    /// A radius for [`Request::Density`], read off the customers' k-distance curve.
    SuggestEps {
        features: Vec<String>,
        min_samples: usize,
        standardize: bool,
    },
    /// Products bought together: association rules over the orders.
    Bundles {
        min_support: Ratio,
        min_confidence: Ratio,
        min_lift: Ratio,
    },
    /// A linear model of one customer figure from others.
    Spending {
        features: Vec<String>,
        target: String,
        gradient_descent: bool,
    },
    /// A decision tree on the closed deals: what wins and what loses.
    WinLoss {
        criterion: Criterion,
        max_depth: Option<usize>,
        folds: usize,
    },
    /// A linear SVM telling active customers from lapsed ones.
    Churn { c: Option<f64>, folds: usize },
    /// Each open deal's chance of being won, by naive Bayes.
    DealScoring { folds: usize },
    /// RFM scores and loyalty segments.
    Loyalty,
}

#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Store(#[from] crate::store::Error),
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

fn input(e: impl std::fmt::Display) -> AnalysisError {
    AnalysisError::Input(e.to_string())
}

/// Runs `request` on the workspace at `path`.
pub fn run(path: &Path, request: &Request, ticker: &Ticker) -> Result<Outcome, AnalysisError> {
    run_unlocked(path, None, request, ticker)
}

/// Runs `request` on the workspace at `path`, opened with its passphrase if it is encrypted.
pub fn run_unlocked(
    path: &Path,
    key: Option<&crate::store::Passphrase>,
    request: &Request,
    ticker: &Ticker,
) -> Result<Outcome, AnalysisError> {
    let store = Store::open_with(path, key)?;
    let watching = ticker.clone();
    store.stop_when(move || watching.check().is_err())?;
    ticker.check()?;
    // A cancel during a long read interrupts it: the store's error then means "stopped".
    analyse(&store, request, ticker).map_err(|e| match e {
        AnalysisError::Store(_) if ticker.check().is_err() => Cancelled.into(),
        e => e,
    })
}

fn analyse(store: &Store, request: &Request, ticker: &Ticker) -> Result<Outcome, AnalysisError> {
    match request {
        Request::Segments {
            features,
            k,
            standardize,
            n_init,
            seed,
        } => {
            let (points, contacts) = customers(store, features)?;
            let mut params = KMeansParams::new(*k);
            params.standardize = *standardize;
            params.n_init = *n_init;
            params.seed = *seed;
            params.threads = background_threads();
            let report = cluster::kmeans(points.view(), &params, ticker).map_err(cluster_error)?;
            Ok(Outcome::Segments(Segments {
                features: features.clone(),
                points,
                contacts,
                report,
                units: Units::of(store)?,
            }))
        }
        Request::ChooseK {
            features,
            ks,
            standardize,
            n_init,
            seed,
        } => {
            let (points, _) = customers(store, features)?;
            let mut params = KMeansParams::new(*ks.start());
            params.standardize = *standardize;
            params.n_init = *n_init;
            params.seed = *seed;
            params.threads = background_threads();
            let selection = cluster::choose_k(points.view(), ks.clone(), &params, ticker)
                .map_err(cluster_error)?;
            Ok(Outcome::ChooseK {
                features: features.clone(),
                selection,
            })
        }
        Request::Density {
            features,
            eps,
            min_samples,
            standardize,
        } => {
            let (points, contacts) = customers(store, features)?;
            let eps_from_data = eps.is_none();
            // Reading the radius off the data takes the first half of the progress bar.
            let parts = if eps_from_data { 2 } else { 1 };
            let eps = match eps {
                Some(eps) => *eps,
                None => {
                    let scan = ticker.part(0, parts);
                    cluster::suggest_eps(points.view(), *min_samples, *standardize, 0, &scan)
                        .map_err(cluster_error)?
                        .eps
                }
            };
            let params = DbscanParams {
                eps,
                min_samples: *min_samples,
                standardize: *standardize,
            };
            let clustering = ticker.part(parts - 1, parts);
            let report =
                cluster::dbscan(points.view(), &params, &clustering).map_err(cluster_error)?;
            Ok(Outcome::Density(Density {
                features: features.clone(),
                points,
                contacts,
                report,
                eps_from_data,
                units: Units::of(store)?,
            }))
        }
        Request::SuggestEps {
            features,
            min_samples,
            standardize,
        } => {
            let (points, _) = customers(store, features)?;
            let suggestion =
                cluster::suggest_eps(points.view(), *min_samples, *standardize, 0, ticker)
                    .map_err(cluster_error)?;
            Ok(Outcome::SuggestedEps {
                features: features.clone(),
                suggestion,
            })
        }
        Request::Bundles {
            min_support,
            min_confidence,
            min_lift,
        } => {
            let thresholds = Thresholds {
                min_support: *min_support,
                min_confidence: *min_confidence,
                min_lift: *min_lift,
                algorithm: rules::Algorithm::Eclat,
            };
            bundles(store, &thresholds, ticker).map(Outcome::Bundles)
        }
        Request::Spending {
            features,
            target,
            gradient_descent,
        } => {
            let rows = store.customer_table()?;
            if rows.is_empty() {
                return Err(nobody_ordered(
                    "the model learns spending from customers' orders",
                ));
            }
            let mut names = features.clone();
            names.push(target.clone());
            let (matrix, _) =
                inputs::customer_matrix(&rows, &names).map_err(AnalysisError::Input)?;
            // Said in customers, and of how many, rather than in the regression's rows.
            if matrix.nrows() < crate::analytics::regress::rows_needed(features.len()) {
                return Err(AnalysisError::Input(format!(
                    "{} of the {} with orders {} {} recorded: fitting {} and an intercept takes \
                     at least {}",
                    matrix.nrows(),
                    crate::words::count(rows.len() as u64, "customer"),
                    if matrix.nrows() == 1 { "has" } else { "have" },
                    names
                        .iter()
                        .map(|f| inputs::feature_label(f))
                        .collect::<Vec<_>>()
                        .join(", "),
                    crate::words::count(features.len() as u64, "feature"),
                    crate::words::count(
                        crate::analytics::regress::rows_needed(features.len()) as u64,
                        "customer"
                    ),
                )));
            }
            let columns: Vec<Vec<f64>> = (0..features.len())
                .map(|j| matrix.column(j).to_vec())
                .collect();
            let actual = matrix.column(features.len()).to_vec();
            let method = if *gradient_descent {
                Method::GradientDescent(Default::default())
            } else {
                Method::LeastSquares
            };
            let report =
                regress::fit(features, &columns, &actual, method, ticker).map_err(|e| match e {
                    regress::RegressError::Cancelled(c) => c.into(),
                    other => input(other),
                })?;
            let predicted = report.predictions(&columns);
            Ok(Outcome::Spending(Spending {
                report,
                target: target.clone(),
                columns,
                actual,
                predicted,
                units: Units::of(store)?,
            }))
        }
        Request::WinLoss {
            criterion,
            max_depth,
            folds,
        } => {
            let deals = store.deal_facts()?;
            let rows = inputs::deal_rows(&deals);
            if rows.closed.is_empty() {
                return Err(input(
                    "no deal has been won or lost yet: nothing to learn from",
                ));
            }
            // Said as the deal scoring says it, not as "5-fold cross-validation needs 5 rows".
            if rows.closed.len() < *folds {
                return Err(input(format!(
                    "{} closed so far: too few to learn from. The tree is tested on each of {folds} \
                     parts of the closed deals in turn, so it needs at least {folds} won or lost \
                     deals: wait for more, or lower the folds",
                    crate::words::count(rows.closed.len() as u64, "deal"),
                )));
            }
            let table = inputs::deal_outcome_table(&rows);
            let features: Vec<String> = inputs::DEAL_FACTS.iter().map(|f| f.to_string()).collect();
            let data = Dataset::from_table(&table, "outcome", &features).map_err(input)?;
            let params = TreeParams {
                criterion: *criterion,
                max_depth: *max_depth,
                min_samples_leaf: 1,
            };
            let report =
                classify::evaluate(&data, &params, *folds, ticker).map_err(|e| match e {
                    classify::ClassifyError::Cancelled(c) => c.into(),
                    other => input(other),
                })?;
            let won = rows.won.iter().filter(|w| **w).count();
            let commoner = won.max(rows.won.len() - won);
            Ok(Outcome::WinLoss(WinLoss {
                report,
                features,
                deals: rows.closed.len(),
                baseline: commoner as f64 / rows.won.len() as f64,
            }))
        }
        Request::Churn { c, folds } => {
            let rows = store.customer_table()?;
            let (table, target, features) = inputs::churn_table(&rows);
            let x = table.numeric(&features).map_err(input)?;
            let y = table.labels(&target).map_err(input)?;
            let Some(first) = y.first() else {
                return Err(input(
                    "no customer has ordered yet: the churn model learns from customers' orders (bring your order history in with Import… on the Contacts screen, or kith import orders)",
                ));
            };
            if y.iter().all(|l| l == first) {
                return Err(input(format!(
                    "every customer is {first}: there is nothing to tell apart"
                )));
            }
            let params = SvmParams {
                c: *c,
                ..SvmParams::default()
            };
            let cv_accuracy = svm::cross_validate(&x, &y, *folds, &params, ticker)?;
            let model = Svm::fit(&x, &y, &params, ticker)?;
            let right = model
                .predict(&x)
                .iter()
                .zip(&y)
                .filter(|(p, t)| p == t)
                .count();
            let counts = model
                .classes
                .iter()
                .map(|class| y.iter().filter(|l| *l == class).count())
                .collect();
            Ok(Outcome::Churn(Churn {
                classes: model.classes.clone(),
                counts,
                features,
                cv_accuracy,
                train_accuracy: right as f64 / y.len() as f64,
                folds: (*folds).max(2),
                converged: model.converged,
                c: *c,
            }))
        }
        Request::DealScoring { folds } => {
            let deals = store.deal_facts()?;
            let rows = inputs::deal_rows(&deals);
            let model = NaiveBayes::fit(&rows.closed_rows, &rows.won).map_err(input)?;
            let cv_accuracy = bayes::cross_validate(&rows.closed_rows, &rows.won, *folds, ticker)
                .map_err(|e| match e {
                bayes::BayesError::Cancelled(c) => c.into(),
                other => input(other),
            })?;
            let won = rows.won.iter().filter(|&&w| w).count();
            let closed = rows.closed.len();
            let mut scores: Vec<DealScore> = rows
                .open
                .iter()
                .zip(&rows.open_rows)
                .map(|(deal, facts)| DealScore {
                    deal: deal.id,
                    title: deal.title.clone(),
                    amount_minor: deal.amount_minor,
                    probability: model.probability(facts),
                })
                .collect();
            scores.sort_by(|a, b| b.probability.total_cmp(&a.probability));
            Ok(Outcome::DealScoring(DealScoring {
                closed,
                won,
                cv_accuracy,
                baseline: won.max(closed - won) as f64 / closed.max(1) as f64,
                scores,
            }))
        }
        Request::Loyalty => {
            let (currency, purchases) = store.purchases()?;
            if purchases.is_empty() {
                return Err(input(
                    "no customer has ordered yet: nothing to score (bring your order history in with Import… on the Contacts screen, or kith import orders)",
                ));
            }
            let scores = rfm::score(&purchases);
            let summary = rfm::summarize(&scores);
            let not_scored = rfm::not_scored(&store.customers_buying_elsewhere(currency)?);
            Ok(Outcome::Loyalty(Loyalty {
                not_scored,
                currency,
                scores,
                summary,
            }))
        }
    }
}

/// Threads an analysis may use: every core but one, which stays free for the window (on two cores,
/// a K-means on both would make typing stutter while it runs).
fn background_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1))
}

/// A workspace with no orders at all, said as such: the clustering had said that "no customer
/// with an order has Income, Spending … recorded", as if orders were there and fields missing.
fn nobody_ordered(why: &str) -> AnalysisError {
    input(format!(
        "no customer has ordered yet: {why} (bring your order history in with Import… on the \
         Contacts screen, or kith import orders)"
    ))
}

/// The customer feature matrix on `features`, refusing an empty one with a reason.
fn customers(
    store: &Store,
    features: &[String],
) -> Result<(Array2<f64>, Vec<ContactId>), AnalysisError> {
    if features.is_empty() {
        return Err(input("choose at least one feature"));
    }
    let rows = store.customer_table()?;
    if rows.is_empty() {
        return Err(nobody_ordered("segments are drawn from customers' orders"));
    }
    let matrix = inputs::customer_matrix(&rows, features).map_err(AnalysisError::Input)?;
    if matrix.0.nrows() == 0 {
        // Named by the figures nobody has: with 40,000 customers ordering and no income on
        // record, the message had named all four figures and pointed at importing orders.
        let labels = |fs: Vec<&String>| {
            fs.iter()
                .map(|f| inputs::feature_label(f))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let missing: Vec<&String> = features
            .iter()
            .filter(|f| {
                inputs::customer_matrix(&rows, std::slice::from_ref(*f))
                    .is_ok_and(|(m, _)| m.nrows() == 0)
            })
            .collect();
        return Err(input(if missing.is_empty() {
            format!(
                "no customer has {} all recorded: nothing to cluster; leave one of them out",
                labels(features.iter().collect())
            )
        } else {
            format!(
                "no customer has {} recorded: leave {} out, or fill {} in on the customers' \
                 pages (or import a column of {})",
                labels(missing.clone()),
                if missing.len() == 1 { "it" } else { "them" },
                if missing.len() == 1 { "it" } else { "them" },
                if missing.len() == 1 { "it" } else { "them" },
            )
        }));
    }
    Ok(matrix)
}

/// The clustering's refusals in the panel's words: its rows are customers, and `min_samples` is
/// the field "Neighbours to be dense".
fn cluster_error(e: cluster::ClusterError) -> AnalysisError {
    use cluster::ClusterError as E;
    match e {
        E::Cancelled => AnalysisError::Cancelled(Cancelled),
        E::BadK { k, rows } => input(format!(
            "k must be between 1 and the number of customers ({rows}); it is {k}"
        )),
        E::TooFewDistinct { k, distinct } => input(format!(
            "k is {k}, but only {distinct} customers differ from one another: there can be at \
             most {distinct} segments"
        )),
        E::TooFewRowsForNeighbours { min_samples, rows } => input(format!(
            "there are {rows} customers, so none can have {min_samples} within any radius: give \
             Neighbours to be dense at most {rows}"
        )),
        E::BadParam {
            name: "min_samples",
            expected,
            value,
        } => input(format!(
            "Neighbours to be dense must be {expected}; it is {value}"
        )),
        other => input(other),
    }
}
