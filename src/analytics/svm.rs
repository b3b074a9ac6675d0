//! A linear support vector machine, trained by dual coordinate descent (Hsieh et al., 2008) on
//! standardised features with a bias column: soft margin with penalty C, or a hard margin (C = ∞,
//! which only separable data satisfies). More than two classes are handled one-against-the-rest.

use ndarray::{Array1, Array2, ArrayView1, Axis};

use super::worker::{Cancelled, Ticker};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SvmParams {
    /// Penalty for margin violations; `None` is a hard margin.
    pub c: Option<f64>,
    pub max_epochs: usize,
    /// Stop when the largest projected gradient in an epoch falls below this.
    pub tolerance: f64,
    pub seed: u64,
}

impl Default for SvmParams {
    fn default() -> Self {
        SvmParams {
            c: Some(1.0),
            max_epochs: 1000,
            tolerance: 1e-4,
            seed: 0,
        }
    }
}

/// A trained model: per class, weights over the standardised features plus a bias.
#[derive(Debug, Clone)]
pub struct Svm {
    pub classes: Vec<String>,
    /// Whether training settled within `max_epochs`. A large C on data the classes do not
    /// separate settles slowly, and a model stopped early can score worse than a smaller C.
    pub converged: bool,
    weights: Vec<Array1<f64>>,
    mean: Array1<f64>,
    std: Array1<f64>,
}

impl Svm {
    pub fn fit(
        x: &Array2<f64>,
        labels: &[String],
        params: &SvmParams,
        ticker: &Ticker,
    ) -> Result<Svm, Cancelled> {
        let mut classes: Vec<String> = labels.to_vec();
        classes.sort();
        classes.dedup();
        let mean = x
            .mean_axis(Axis(0))
            .unwrap_or_else(|| Array1::zeros(x.ncols()));
        let std = x
            .std_axis(Axis(0), 0.0)
            .mapv(|s| if s > 0.0 { s } else { 1.0 });
        let z = standardized_with_bias(x, &mean, &std);
        // Two classes need one separator; more need one per class against the rest; one class
        // (a cross-validation fold whose training rows all share it) needs none: it is the answer.
        let targets: Vec<&String> = match classes.len() {
            0 | 1 => Vec::new(),
            2 => vec![&classes[1]],
            _ => classes.iter().collect(),
        };
        let mut weights = Vec::with_capacity(targets.len());
        let mut converged = true;
        for (i, target) in targets.iter().enumerate() {
            ticker.tick(i as u64, targets.len() as u64)?;
            let y: Vec<f64> = labels
                .iter()
                .map(|l| if l == *target { 1.0 } else { -1.0 })
                .collect();
            let (w, settled) = train_binary(&z, &y, params, ticker)?;
            converged &= settled;
            weights.push(w);
        }
        Ok(Svm {
            classes,
            converged,
            weights,
            mean,
            std,
        })
    }

    pub fn predict(&self, x: &Array2<f64>) -> Vec<String> {
        let z = standardized_with_bias(x, &self.mean, &self.std);
        z.rows()
            .into_iter()
            .map(|row| {
                if self.weights.is_empty() {
                    self.classes.first().cloned().unwrap_or_default()
                } else if self.weights.len() == 1 {
                    let positive = self.weights[0].dot(&row) > 0.0;
                    self.classes[usize::from(positive)].clone()
                } else {
                    let best = self
                        .weights
                        .iter()
                        .map(|w| w.dot(&row))
                        .enumerate()
                        .max_by(|a, b| a.1.total_cmp(&b.1))
                        .map_or(0, |(i, _)| i);
                    self.classes[best].clone()
                }
            })
            .collect()
    }
}

fn standardized_with_bias(x: &Array2<f64>, mean: &Array1<f64>, std: &Array1<f64>) -> Array2<f64> {
    let mut z = Array2::ones((x.nrows(), x.ncols() + 1));
    for (mut out, row) in z.rows_mut().into_iter().zip(x.rows()) {
        for j in 0..x.ncols() {
            out[j] = (row[j] - mean[j]) / std[j];
        }
    }
    z
}

/// Dual coordinate descent for the hinge loss: each step solves one dual variable exactly.
/// Returns the weights and whether they settled within the epochs allowed.
fn train_binary(
    z: &Array2<f64>,
    y: &[f64],
    params: &SvmParams,
    ticker: &Ticker,
) -> Result<(Array1<f64>, bool), Cancelled> {
    let n = z.nrows();
    let upper = params.c.unwrap_or(f64::INFINITY);
    let mut alpha = vec![0.0; n];
    let mut w = Array1::<f64>::zeros(z.ncols());
    let q: Vec<f64> = z.rows().into_iter().map(|r| r.dot(&r)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = params.seed ^ 0x9E37_79B9_7F4A_7C15;
    for _ in 0..params.max_epochs {
        ticker.check()?;
        shuffle(&mut order, &mut rng);
        let mut largest = 0.0f64;
        for &i in &order {
            let row: ArrayView1<f64> = z.row(i);
            let g = y[i] * w.dot(&row) - 1.0;
            let pg = if alpha[i] <= 0.0 {
                g.min(0.0)
            } else if alpha[i] >= upper {
                g.max(0.0)
            } else {
                g
            };
            largest = largest.max(pg.abs());
            if pg.abs() > 1e-12 && q[i] > 0.0 {
                let old = alpha[i];
                alpha[i] = (old - g / q[i]).clamp(0.0, upper);
                w.scaled_add((alpha[i] - old) * y[i], &row);
            }
        }
        if largest < params.tolerance {
            return Ok((w, true));
        }
    }
    Ok((w, false))
}

/// Fisher–Yates with a small xorshift generator, so a fixed seed gives the same model.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        order.swap(i, (*state % (i as u64 + 1)) as usize);
    }
}

/// Accuracy by k-fold cross-validation with fold = row index mod k.
pub fn cross_validate(
    x: &Array2<f64>,
    labels: &[String],
    k: usize,
    params: &SvmParams,
    ticker: &Ticker,
) -> Result<f64, Cancelled> {
    let k = k.max(2);
    let mut right = 0;
    for fold in 0..k {
        let (train, test): (Vec<usize>, Vec<usize>) = (0..x.nrows()).partition(|i| i % k != fold);
        if test.is_empty() || train.is_empty() {
            continue;
        }
        let model = Svm::fit(
            &x.select(Axis(0), &train),
            &train.iter().map(|&i| labels[i].clone()).collect::<Vec<_>>(),
            params,
            ticker,
        )?;
        let predicted = model.predict(&x.select(Axis(0), &test));
        right += test
            .iter()
            .zip(&predicted)
            .filter(|(i, p)| &labels[**i] == *p)
            .count();
    }
    Ok(right as f64 / x.nrows().max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_hard_margin_separates_separable_points() {
        let x = array![
            [0.0, 0.0],
            [1.0, 0.5],
            [0.5, 1.0],
            [4.0, 4.0],
            [5.0, 4.5],
            [4.5, 5.0]
        ];
        let y = labels(&["no", "no", "no", "yes", "yes", "yes"]);
        let params = SvmParams {
            c: None,
            ..SvmParams::default()
        };
        let model = Svm::fit(&x, &y, &params, &Ticker::silent()).unwrap();
        assert_eq!(model.predict(&x), y);
        assert_eq!(
            model.predict(&array![[0.2, 0.1], [4.8, 4.9]]),
            labels(&["no", "yes"])
        );
    }

    /// A cross-validation fold whose training rows all share one class (a small workspace, a
    /// file sorted by class) used to panic on predicting.
    #[test]
    fn training_rows_of_one_class_predict_that_class() {
        let x = array![[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]];
        let y = labels(&["yes", "yes", "yes"]);
        let model = Svm::fit(&x, &y, &SvmParams::default(), &Ticker::silent()).unwrap();
        assert_eq!(
            model.predict(&array![[2.0, 5.0], [9.0, 1.0]]),
            labels(&["yes", "yes"])
        );
    }

    #[test]
    fn three_classes_are_told_apart_one_against_the_rest() {
        let mut rows = Vec::new();
        let mut y = Vec::new();
        for (c, (cx, cy)) in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)].iter().enumerate() {
            for i in 0..10 {
                rows.push([cx + (i % 3) as f64 * 0.3, cy + (i % 5) as f64 * 0.2]);
                y.push(format!("class{c}"));
            }
        }
        let x = Array2::from_shape_vec((30, 2), rows.concat()).unwrap();
        let accuracy = cross_validate(&x, &y, 5, &SvmParams::default(), &Ticker::silent()).unwrap();
        assert_eq!(accuracy, 1.0);
    }

    #[test]
    fn a_large_penalty_on_overlapping_classes_is_reported_as_unsettled() {
        // Two classes drawn from one cloud: no line separates them.
        let mut state = 7u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 1000) as f64 / 100.0
        };
        let x = Array2::from_shape_fn((300, 3), |_| next());
        let y: Vec<String> = (0..300)
            .map(|i| if i % 5 == 0 { "lapsed" } else { "active" }.to_string())
            .collect();
        let fit = |c: f64, max_epochs: usize| {
            let params = SvmParams {
                c: Some(c),
                max_epochs,
                ..SvmParams::default()
            };
            Svm::fit(&x, &y, &params, &Ticker::silent()).unwrap()
        };
        assert!(fit(1.0, 1000).converged);
        assert!(!fit(1000.0, 50).converged);
    }

    #[test]
    fn the_same_seed_trains_the_same_model() {
        let x = array![[0.0, 1.0], [1.0, 0.0], [2.0, 2.5], [3.0, 3.0], [0.5, 0.2]];
        let y = labels(&["a", "a", "b", "b", "a"]);
        let fit = || {
            Svm::fit(&x, &y, &SvmParams::default(), &Ticker::silent())
                .unwrap()
                .weights[0]
                .clone()
        };
        assert_eq!(fit(), fit());
    }
}
