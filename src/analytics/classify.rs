//! Classifiers: a decision tree (gini or entropy) with cross-validation.
//!
//! The tree is our own rather than linfa-trees': linfa-trees walks a mask over all rows at every
//! node, so a deep tree on 100,000 rows takes minutes where this one takes a fraction of a second,
//! and it has no text (categorical) features. Text columns are one-hot encoded, as scikit-learn's
//! users do, so a split reads "odor = n" or "odor ≠ n".
//!
//! Cross-validation puts row i in fold i mod k (file order), fits one tree per fold on the other
//! rows, and scores it on the fold; the tree shown is fitted on every row.

mod encode;
mod rules;
mod tree;

pub use encode::{Dataset, Encoded, MAX_CATEGORIES};
pub use rules::Rule;
pub use tree::{Node, Split, Tree};

use serde::Serialize;

use crate::analytics::table::TableError;
use crate::analytics::worker::{Cancelled, Ticker};

#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("no features to learn from")]
    NoFeatures,
    #[error("{0:?} is the target, so it cannot also be a feature")]
    TargetIsAFeature(String),
    #[error(
        "column {column:?} has {count} different values; an id or free text is not a feature (at most {MAX_CATEGORIES})"
    )]
    TooManyCategories { column: String, count: usize },
    #[error("{folds}-fold cross-validation needs at least {folds} rows, not {rows}")]
    TooFewRows { rows: usize, folds: usize },
    /// Of two classes, a fold would learn without one (one won deal among two closed ones): its
    /// tree could never predict it, and the "accuracy" and rules drawn from it meant nothing.
    #[error(
        "{counts}: in {folds}-fold cross-validation one fold would have no {missing:?} to learn \
         from, and every fold must learn from each class. Choose fewer folds or gather more rows \
         (`kith analyze tree --folds 0` fits the tree without cross-validation)"
    )]
    TooFewForFolds {
        /// "1 won, 1 lost".
        counts: String,
        missing: String,
        folds: usize,
    },
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Criterion {
    Gini,
    /// Information gain (ID3 / C4.5).
    Entropy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeParams {
    pub criterion: Criterion,
    /// None grows until leaves are pure or cannot be split.
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
}

impl Default for TreeParams {
    fn default() -> Self {
        TreeParams {
            criterion: Criterion::Gini,
            max_depth: None,
            min_samples_leaf: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TreeReport {
    pub params: TreeParams,
    pub classes: Vec<String>,
    /// Number of folds; 0 when cross-validation was not asked for.
    pub folds: usize,
    pub fold_accuracy: Vec<f64>,
    /// The mean of the folds' accuracies (None without cross-validation).
    pub cv_accuracy: Option<f64>,
    /// Out-of-fold predictions, actual class by row, predicted class by column.
    pub confusion: Vec<Vec<u32>>,
    /// The tree fitted on every row, and how it does on them.
    pub tree: Tree,
    pub train_accuracy: f64,
    pub depth: usize,
    pub leaves: usize,
    /// Each feature's share of the total impurity decrease, in input order.
    pub importance: Vec<(String, f64)>,
    pub rules: Vec<Rule>,
}

impl TreeReport {
    /// The features by importance, most first (ties in input order), as the chart, the window's
    /// table, the command line and the exported table all list them.
    pub fn ranked_importance(&self) -> Vec<&(String, f64)> {
        let mut ranked: Vec<&(String, f64)> = self
            .importance
            .iter()
            .filter(|(_, v)| v.is_finite())
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }
}

/// A class (by index) that fold `fold` of `folds` (rows `r % folds == fold` held out) would
/// learn without, though the data has it.
fn class_missing_from_fold(y: &[u32], classes: usize, folds: usize, fold: usize) -> Option<usize> {
    let mut seen = vec![false; classes];
    let mut present = vec![false; classes];
    for (r, &c) in y.iter().enumerate() {
        present[c as usize] = true;
        if r % folds != fold {
            seen[c as usize] = true;
        }
    }
    (0..classes).find(|&c| present[c] && !seen[c])
}

/// Fits the tree on every row and, with `folds` ≥ 2, cross-validates it. Fits run on all cores.
pub fn evaluate(
    data: &Dataset,
    params: &TreeParams,
    folds: usize,
    ticker: &Ticker,
) -> Result<TreeReport, ClassifyError> {
    let n = data.rows();
    let folds = if folds >= 2 { folds } else { 0 };
    if n < folds.max(1) {
        return Err(ClassifyError::TooFewRows { rows: n, folds });
    }
    let k = data.classes.len();
    // Of two classes (won and lost) a fold must see both; among many, a rare class missing from
    // one fold is what cross-validation measures, not a reason to refuse.
    let two = k == 2;
    if let Some(missing) = (0..folds)
        .filter(|_| two)
        .find_map(|f| class_missing_from_fold(&data.y, k, folds, f))
    {
        let mut counts = vec![0usize; k];
        for &c in &data.y {
            counts[c as usize] += 1;
        }
        return Err(ClassifyError::TooFewForFolds {
            counts: data
                .classes
                .iter()
                .zip(&counts)
                .map(|(class, n)| format!("{n} {class}"))
                .collect::<Vec<_>>()
                .join(", "),
            missing: data.classes[missing].clone(),
            folds,
        });
    }
    let order = tree::presort(&data.columns);
    // Job 0 is the full fit, job f + 1 leaves fold f out.
    let jobs = folds + 1;
    let fit = |job: usize| {
        tree::grow(
            &data.columns,
            &data.y,
            k,
            &order,
            |r| job == 0 || r % folds != job - 1,
            params,
        )
    };
    let trees = run_parallel(jobs, fit, ticker)?;

    let mut confusion = vec![vec![0u32; k]; k];
    let mut fold_accuracy = Vec::with_capacity(folds);
    for (f, t) in trees.iter().skip(1).enumerate() {
        let mut right = 0usize;
        let mut total = 0usize;
        for r in (f..n).step_by(folds) {
            let predicted = t.predict(&data.columns, r);
            confusion[data.y[r] as usize][predicted as usize] += 1;
            right += usize::from(predicted == data.y[r]);
            total += 1;
        }
        fold_accuracy.push(right as f64 / total.max(1) as f64);
    }
    let cv_accuracy = (folds > 0).then(|| fold_accuracy.iter().sum::<f64>() / folds as f64);
    let mut trees = trees.into_iter();
    let tree = trees
        .next()
        .unwrap_or_else(|| unreachable!("job 0 always runs"));
    let train_right = (0..n)
        .filter(|&r| tree.predict(&data.columns, r) == data.y[r])
        .count();
    let rules = rules::rules(&tree, data);
    Ok(TreeReport {
        params: *params,
        classes: data.classes.clone(),
        folds,
        fold_accuracy,
        cv_accuracy,
        confusion,
        train_accuracy: train_right as f64 / n as f64,
        depth: tree.depth(),
        leaves: tree.leaves(),
        importance: importance(&tree, data),
        rules,
        tree,
    })
}

/// Runs `job(0..jobs)` on up to as many threads as there are cores; results in job order.
fn run_parallel<T: Send>(
    jobs: usize,
    job: impl Fn(usize) -> T + Sync,
    ticker: &Ticker,
) -> Result<Vec<T>, Cancelled> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs);
    let finished = std::sync::atomic::AtomicUsize::new(0);
    // Between jobs: report how many are done, and stop taking new ones once cancelled.
    let tick = || {
        let done = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        ticker.tick(done as u64, jobs as u64)
    };
    if threads <= 1 {
        return (0..jobs)
            .map(|j| {
                let t = job(j);
                tick().map(|()| t)
            })
            .collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let j = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if j >= jobs {
                            break mine;
                        }
                        mine.push((j, job(j)));
                        if tick().is_err() {
                            break mine;
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    ticker.check()?;
    done.sort_by_key(|(j, _)| *j);
    Ok(done.into_iter().map(|(_, t)| t).collect())
}

/// Impurity decrease per input feature (one-hot columns add up to their feature), summing to 1.
fn importance(tree: &Tree, data: &Dataset) -> Vec<(String, f64)> {
    let mut by_feature = vec![0.0; data.features.len()];
    for s in tree.nodes.iter().filter_map(|n| n.split.as_ref()) {
        by_feature[data.encoded[s.column].feature()] += s.gain.max(0.0);
    }
    let total: f64 = by_feature.iter().sum();
    data.features
        .iter()
        .zip(by_feature)
        .map(|(f, g)| (f.clone(), if total > 0.0 { g / total } else { 0.0 }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::table::Table;

    fn table(header: &str, rows: &[&str]) -> Table {
        Table::new(
            header.split(',').map(str::to_string).collect(),
            rows.iter()
                .map(|r| r.split(',').map(str::to_string).collect())
                .collect(),
        )
    }

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    /// One won and one lost deal in two folds: each fold learns from one outcome alone, and the
    /// tree had shown "accuracy 0.0 %" and a rule. Refused, naming the counts, as deal scoring is.
    #[test]
    fn a_fold_that_would_learn_without_a_class_is_refused() {
        let t = table("industry,outcome", &["cafe,won", "hotel,lost"]);
        let data = Dataset::from_table(&t, "outcome", &names(&["industry"])).unwrap();
        let e = evaluate(&data, &TreeParams::default(), 2, &Ticker::silent()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("1 lost, 1 won: in 2-fold cross-validation one fold would have no"),
            "{e}"
        );
        // Without cross-validation the tree is fitted; with enough of each, folds are fine.
        assert!(evaluate(&data, &TreeParams::default(), 0, &Ticker::silent()).is_ok());
        let t = table(
            "industry,outcome",
            &["cafe,won", "cafe,won", "hotel,lost", "hotel,lost"],
        );
        let data = Dataset::from_table(&t, "outcome", &names(&["industry"])).unwrap();
        assert!(evaluate(&data, &TreeParams::default(), 2, &Ticker::silent()).is_ok());
    }

    #[test]
    fn a_threshold_splits_two_classes_at_the_midpoint() {
        let t = table("x,y", &["1,a", "2,a", "3,a", "10,b", "11,b", "12,b"]);
        let data = Dataset::from_table(&t, "y", &names(&["x"])).unwrap();
        let r = evaluate(&data, &TreeParams::default(), 0, &Ticker::silent()).unwrap();
        assert_eq!((r.depth, r.leaves, r.train_accuracy), (1, 2, 1.0));
        assert_eq!(r.tree.nodes[0].split.unwrap().threshold, 6.5);
        assert_eq!(r.rules[0].text(), "if x <= 6.5 then y = a (3 of 3)");
        assert_eq!(r.rules[1].text(), "if x > 6.5 then y = b (3 of 3)");
    }

    #[test]
    fn text_features_split_on_one_category() {
        let t = table(
            "odor,size,class",
            &["n,1,e", "n,2,e", "f,1,p", "f,2,p", "a,1,e", "n,3,e"],
        );
        for criterion in [Criterion::Gini, Criterion::Entropy] {
            let params = TreeParams {
                criterion,
                ..TreeParams::default()
            };
            let data = Dataset::from_table(&t, "class", &names(&["odor", "size"])).unwrap();
            let r = evaluate(&data, &params, 0, &Ticker::silent()).unwrap();
            assert_eq!(r.leaves, 2);
            assert_eq!(r.rules[0].text(), "if odor ≠ f then class = e (4 of 4)");
            assert_eq!(r.rules[1].text(), "if odor = f then class = p (2 of 2)");
            assert_eq!(
                r.importance,
                vec![("odor".into(), 1.0), ("size".into(), 0.0)]
            );
        }
    }

    #[test]
    fn max_depth_and_min_leaf_stop_growth() {
        let rows: Vec<String> = (0..40).map(|i| format!("{i},{}", i % 3)).collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let t = table("x,y", &rows);
        let data = Dataset::from_table(&t, "y", &names(&["x"])).unwrap();
        let full = evaluate(&data, &TreeParams::default(), 0, &Ticker::silent()).unwrap();
        assert_eq!(full.train_accuracy, 1.0);
        let shallow = TreeParams {
            max_depth: Some(2),
            ..TreeParams::default()
        };
        let r = evaluate(&data, &shallow, 0, &Ticker::silent()).unwrap();
        assert!(r.depth <= 2 && r.leaves <= 4);
        let wide = TreeParams {
            min_samples_leaf: 15,
            ..TreeParams::default()
        };
        let r = evaluate(&data, &wide, 0, &Ticker::silent()).unwrap();
        assert!(r.tree.nodes.iter().all(|n| n.rows() >= 15));
    }

    #[test]
    fn cross_validation_uses_row_index_mod_k_and_fills_the_confusion_matrix() {
        // Ten rows share each x and the class is x's parity: every fold has seen each x, so CV is perfect.
        let rows: Vec<String> = (0..100)
            .map(|i| format!("{},{}", i / 10, (i / 10) % 2))
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let data = Dataset::from_table(&table("x,y", &rows), "y", &names(&["x"])).unwrap();
        let r = evaluate(&data, &TreeParams::default(), 5, &Ticker::silent()).unwrap();
        assert_eq!(r.fold_accuracy.len(), 5);
        assert_eq!(r.cv_accuracy, Some(1.0));
        assert_eq!(r.confusion, vec![vec![50, 0], vec![0, 50]]);
    }

    #[test]
    fn classes_sort_numerically_when_they_are_numbers() {
        let t = table("x,y", &["1,10", "2,9", "3,10", "4,2"]);
        let data = Dataset::from_table(&t, "y", &names(&["x"])).unwrap();
        assert_eq!(data.classes, ["2", "9", "10"]);
    }

    #[test]
    fn an_id_like_text_column_is_refused() {
        let rows: Vec<String> = (0..=MAX_CATEGORIES).map(|i| format!("id{i},a")).collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let err = Dataset::from_table(&table("id,y", &rows), "y", &names(&["id"])).unwrap_err();
        assert!(
            matches!(err, ClassifyError::TooManyCategories { .. }),
            "{err}"
        );
    }
}
