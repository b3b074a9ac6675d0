//! Naive Bayes over categorical features (Bayes' theorem with each feature assumed independent given
//! the class), with Laplace smoothing so a value never seen with a class does not rule it out. Used to
//! score how likely each open deal is to be won, from the deals already won and lost.

use std::collections::HashMap;

use super::worker::{Cancelled, Ticker};

/// A trained two-class model: "yes" (won) against "no" (lost).
#[derive(Debug, Clone)]
pub struct NaiveBayes {
    /// Log prior of each class, [no, yes].
    prior: [f64; 2],
    /// Per feature: value → counts [no, yes]; plus the number of distinct values (for smoothing).
    counts: Vec<(HashMap<String, [u64; 2]>, usize)>,
    class_totals: [u64; 2],
    alpha: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BayesError {
    #[error("there is nothing to learn from: {0}")]
    NotEnoughData(String),
    /// A fold left with only won or only lost deals to learn from. Its own counts (say "0 won and
    /// 2 lost") told an owner with one won deal that they had none.
    #[error(
        "{won} won and {lost} lost deals are too few for {folds}-fold cross-validation: every \
         fold must learn from won and lost deals. Choose fewer folds, or wait for more closed deals"
    )]
    TooFewForFolds {
        won: usize,
        lost: usize,
        folds: usize,
    },
    #[error("row {row} has {found} features, expected {expected}")]
    Ragged {
        row: usize,
        found: usize,
        expected: usize,
    },
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

impl NaiveBayes {
    /// Learns from `rows` (each a list of categorical feature values) and their outcomes.
    pub fn fit(rows: &[Vec<String>], outcomes: &[bool]) -> Result<NaiveBayes, BayesError> {
        let width = rows.first().map_or(0, Vec::len);
        let yes = outcomes.iter().filter(|&&o| o).count() as u64;
        let no = outcomes.len() as u64 - yes;
        if yes == 0 || no == 0 {
            return Err(BayesError::NotEnoughData(format!(
                "{yes} won and {no} lost; both are needed"
            )));
        }
        let mut counts: Vec<HashMap<String, [u64; 2]>> = vec![HashMap::new(); width];
        for (i, (row, &outcome)) in rows.iter().zip(outcomes).enumerate() {
            if row.len() != width {
                return Err(BayesError::Ragged {
                    row: i,
                    found: row.len(),
                    expected: width,
                });
            }
            for (feature, value) in row.iter().enumerate() {
                counts[feature].entry(value.clone()).or_default()[usize::from(outcome)] += 1;
            }
        }
        let n = outcomes.len() as f64;
        Ok(NaiveBayes {
            prior: [(no as f64 / n).ln(), (yes as f64 / n).ln()],
            counts: counts
                .into_iter()
                .map(|m| {
                    let distinct = m.len();
                    (m, distinct)
                })
                .collect(),
            class_totals: [no, yes],
            alpha: 1.0,
        })
    }

    /// P(yes | row), by Bayes' theorem over the smoothed per-feature likelihoods.
    pub fn probability(&self, row: &[String]) -> f64 {
        let mut log = self.prior;
        for ((values, distinct), value) in self.counts.iter().zip(row) {
            let seen = values.get(value).copied().unwrap_or([0, 0]);
            // An unseen value adds one more category to smooth over.
            let categories = (*distinct + usize::from(!values.contains_key(value))) as f64;
            for class in 0..2 {
                let p = (seen[class] as f64 + self.alpha)
                    / (self.class_totals[class] as f64 + self.alpha * categories);
                log[class] += p.ln();
            }
        }
        // Normalise in log space to avoid underflow with many features.
        let top = log[0].max(log[1]);
        let (no, yes) = ((log[0] - top).exp(), (log[1] - top).exp());
        yes / (no + yes)
    }
}

/// Accuracy of the model by k-fold cross-validation with fold = row index mod k.
pub fn cross_validate(
    rows: &[Vec<String>],
    outcomes: &[bool],
    k: usize,
    ticker: &Ticker,
) -> Result<f64, BayesError> {
    let k = k.max(2);
    let won = outcomes.iter().filter(|&&o| o).count();
    let too_few = BayesError::TooFewForFolds {
        won,
        lost: outcomes.len() - won,
        folds: k,
    };
    if rows.len() < k {
        return Err(too_few);
    }
    let mut right = 0usize;
    let mut tested = 0usize;
    for fold in 0..k {
        ticker.tick(fold as u64, k as u64)?;
        let (train, test): (Vec<usize>, Vec<usize>) = (0..rows.len()).partition(|i| i % k != fold);
        let model = NaiveBayes::fit(
            &train.iter().map(|&i| rows[i].clone()).collect::<Vec<_>>(),
            &train.iter().map(|&i| outcomes[i]).collect::<Vec<_>>(),
        )
        .map_err(|e| match e {
            BayesError::NotEnoughData(_) => too_few.clone(),
            other => other,
        })?;
        for &i in &test {
            tested += 1;
            if (model.probability(&rows[i]) >= 0.5) == outcomes[i] {
                right += 1;
            }
        }
    }
    Ok(if tested == 0 {
        0.0
    } else {
        right as f64 / tested as f64
    })
}

/// Puts an amount in one of four bands by the quartiles of `amounts`, so a number can serve as a
/// categorical feature.
pub fn amount_band(amount: i64, sorted_amounts: &[i64]) -> String {
    if sorted_amounts.is_empty() {
        return "any amount".into();
    }
    let quartile = |q: usize| sorted_amounts[(sorted_amounts.len() - 1) * q / 4];
    match amount {
        a if a <= quartile(1) => "smallest quarter".into(),
        a if a <= quartile(2) => "second quarter".into(),
        a if a <= quartile(3) => "third quarter".into(),
        _ => "largest quarter".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn bayes_theorem_by_hand() {
        // 3 won (2 by Ana), 1 lost (by Ben). P(won) = 3/4. With alpha 1 and 2 owners:
        // P(Ana|won) = (2+1)/(3+2) = 3/5, P(Ana|lost) = (0+1)/(1+2) = 1/3.
        // P(won|Ana) = (3/4·3/5) / (3/4·3/5 + 1/4·1/3) = 0.45 / (0.45 + 1/12) = 27/32.
        let rows = [row(&["Ana"]), row(&["Ana"]), row(&["Ben"]), row(&["Ben"])];
        let outcomes = [true, true, true, false];
        let model = NaiveBayes::fit(&rows, &outcomes).unwrap();
        assert!((model.probability(&row(&["Ana"])) - 27.0 / 32.0).abs() < 1e-12);
    }

    #[test]
    fn a_value_never_seen_does_not_decide_alone() {
        let rows = [row(&["Ana"]), row(&["Ben"])];
        let model = NaiveBayes::fit(&rows, &[true, false]).unwrap();
        let p = model.probability(&row(&["Cleo"]));
        assert!((p - 0.5).abs() < 1e-12, "{p}");
    }

    #[test]
    fn folds_too_many_for_the_closed_deals_are_named_with_the_real_counts() {
        let rows = [row(&["Ana"]), row(&["Ben"]), row(&["Ben"])];
        let outcomes = [true, false, false];
        let ticker = Ticker::silent();
        for folds in [2, 5] {
            let e = cross_validate(&rows, &outcomes, folds, &ticker).unwrap_err();
            assert_eq!(
                e,
                BayesError::TooFewForFolds {
                    won: 1,
                    lost: 2,
                    folds
                }
            );
            assert!(
                e.to_string()
                    .starts_with("1 won and 2 lost deals are too few for")
            );
        }
    }

    #[test]
    fn one_class_only_is_not_enough_to_learn() {
        assert!(NaiveBayes::fit(&[row(&["Ana"])], &[true]).is_err());
    }

    #[test]
    fn a_feature_that_decides_the_outcome_is_learned() {
        let rows: Vec<_> = (0..40)
            .map(|i| row(&[if i % 2 == 0 { "referral" } else { "cold" }, "x"]))
            .collect();
        let outcomes: Vec<_> = (0..40).map(|i| i % 2 == 0).collect();
        assert_eq!(
            cross_validate(&rows, &outcomes, 5, &Ticker::silent()).unwrap(),
            1.0
        );
    }

    #[test]
    fn amounts_fall_into_quartile_bands() {
        let sorted = [10, 20, 30, 40, 50];
        assert_eq!(amount_band(10, &sorted), "smallest quarter");
        assert_eq!(amount_band(45, &sorted), "largest quarter");
    }
}
