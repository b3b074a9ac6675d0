//! Linear regression by least squares and by gradient descent.
//!
//! Least squares uses a Householder QR factorisation of the centred features rather than the
//! normal equations: forming XᵀX squares the condition number (raw features such as blood
//! serum levels or incomes next to ages easily reach 10⁴, so 10⁸ after squaring), while QR works
//! on X itself and is backward stable. It costs the same order, n·p² flops, in p passes over the
//! columns. Centring first takes the intercept out of the factorisation, which removes the worst
//! source of ill-conditioning (a feature's mean dwarfing its spread).
//!
//! Gradient descent works on z-scored features (population std) and reports coefficients in the
//! features' own units. It is full-batch descent on the mean squared error; because that loss is
//! quadratic, the gradient is computed from the p×p correlation matrix gathered in one pass, so an
//! iteration costs p² instead of n·p and the iterates are the same.

mod columns;
mod gd;
mod qr;

pub use columns::read_numeric_columns;
pub use gd::GdParams;

use serde::Serialize;

use super::worker::{Cancelled, Ticker};

/// The rows a fit of `features` (and an intercept) needs: one more than it has parameters. With
/// as many rows as parameters the plane passes through every point, and a fit of three customers
/// on two figures had said "R² = 1.000, RMSE 0.000" of a model that knew nothing.
pub fn rows_needed(features: usize) -> usize {
    features + 2
}

/// "2 rows are too few to fit 3 features and an intercept: it takes at least 5 rows with every
/// feature and the target".
fn too_few(rows: usize, features: usize) -> String {
    let have = match rows {
        0 => "No row has".to_string(),
        1 => "1 row is too few:".to_string(),
        n => format!("{n} rows are too few:"),
    };
    let need = crate::words::count(rows_needed(features) as u64, "row");
    let what = crate::words::count(features as u64, "feature");
    if rows == 0 {
        format!(
            "{have} every feature and the target recorded; fitting {what} and an intercept takes at least {need}"
        )
    } else {
        format!(
            "{have} fitting {what} and an intercept takes at least {need} with every feature and the target recorded"
        )
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RegressError {
    #[error("{}", too_few(*rows, *features))]
    TooFewRows { rows: usize, features: usize },
    #[error("feature {0:?} is constant, so it explains nothing; leave it out")]
    Constant(String),
    #[error("feature {0:?} is a linear combination of the features before it; leave it out")]
    Collinear(String),
    #[error("the learning rate must be a positive number, not {0}")]
    BadLearningRate(f64),
    #[error("gradient descent diverged at iteration {0}; try a smaller --learning-rate")]
    Diverged(usize),
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// Least squares by Householder QR.
    LeastSquares,
    GradientDescent(GdParams),
}

/// How the fit went for gradient descent (least squares has nothing to say here).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Descent {
    pub iterations: usize,
    pub converged: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub features: Vec<String>,
    pub intercept: f64,
    /// One per feature, in the features' own units.
    pub coefficients: Vec<f64>,
    /// Each feature's standard deviation over the rows: a coefficient times it is what a
    /// typical difference in that feature moves the prediction, comparable across features
    /// (a euro of income and a year of schooling are not).
    pub spreads: Vec<f64>,
    pub r2: f64,
    pub rmse: f64,
    pub rows: usize,
    pub descent: Option<Descent>,
}

impl Report {
    /// The model's value for one row of feature values (in `features` order).
    pub fn predict(&self, x: &[f64]) -> f64 {
        self.intercept
            + self
                .coefficients
                .iter()
                .zip(x)
                .map(|(b, v)| b * v)
                .sum::<f64>()
    }

    /// Predictions for feature columns (each column one feature, all the same length).
    pub fn predictions(&self, columns: &[Vec<f64>]) -> Vec<f64> {
        let n = columns.first().map_or(0, Vec::len);
        let mut out = vec![self.intercept; n];
        for (b, column) in self.coefficients.iter().zip(columns) {
            for (o, v) in out.iter_mut().zip(column) {
                *o += b * v;
            }
        }
        out
    }
}

/// Fits `y ≈ intercept + Σ coefficientⱼ·columnⱼ`. Each column holds one feature's values.
pub fn fit(
    features: &[String],
    columns: &[Vec<f64>],
    y: &[f64],
    method: Method,
    ticker: &Ticker,
) -> Result<Report, RegressError> {
    assert_eq!(features.len(), columns.len(), "one name per column");
    assert!(
        columns.iter().all(|c| c.len() == y.len()),
        "every column has one value per row"
    );
    let (rows, p) = (y.len(), columns.len());
    if rows < rows_needed(p) {
        return Err(RegressError::TooFewRows { rows, features: p });
    }
    let moments: Vec<Moments> = columns.iter().map(|c| Moments::of(c)).collect();
    for (name, m) in features.iter().zip(&moments) {
        // Centring a constant column leaves only rounding behind.
        if m.centred_ss <= (1e-12 * m.max_abs).powi(2) * rows as f64 {
            return Err(RegressError::Constant(name.clone()));
        }
    }
    let means: Vec<f64> = moments.iter().map(|m| m.mean).collect();
    let y_moments = Moments::of(y);
    let mut report = Report {
        features: features.to_vec(),
        intercept: 0.0,
        coefficients: Vec::new(),
        spreads: moments
            .iter()
            .map(|m| (m.centred_ss / rows as f64).sqrt())
            .collect(),
        r2: 0.0,
        rmse: 0.0,
        rows,
        descent: None,
    };
    let ss_res = match method {
        Method::LeastSquares => {
            let (beta, ss_res) = qr::least_squares(features, columns, &moments, y, &y_moments)?;
            report.intercept = y_moments.mean - dot(&beta, &means);
            report.coefficients = beta;
            ss_res
        }
        Method::GradientDescent(params) => {
            let fit = gd::descend(columns, &means, y, params, ticker)?;
            report.intercept = fit.intercept;
            report.coefficients = fit.coefficients;
            report.descent = Some(fit.descent);
            residual_ss(&report, columns, y)
        }
    };
    report.r2 = if y_moments.centred_ss > 0.0 {
        1.0 - ss_res / y_moments.centred_ss
    } else {
        // A constant target is predicted exactly by the intercept alone.
        1.0
    };
    report.rmse = (ss_res / rows as f64).sqrt();
    Ok(report)
}

/// A column's mean, squared deviations from it and largest magnitude, in two passes (the second
/// corrects the first pass's rounding of the mean).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Moments {
    pub mean: f64,
    pub centred_ss: f64,
    pub max_abs: f64,
}

impl Moments {
    fn of(x: &[f64]) -> Moments {
        let n = x.len().max(1) as f64;
        let (sum, max_abs) = x
            .iter()
            .fold((0.0, 0.0f64), |(s, m), v| (s + v, m.max(v.abs())));
        let rough = sum / n;
        let (dev, dev2) = x.iter().fold((0.0, 0.0), |(d, d2), v| {
            let e = v - rough;
            (d + e, d2 + e * e)
        });
        Moments {
            mean: rough + dev / n,
            centred_ss: (dev2 - dev * dev / n).max(0.0),
            max_abs,
        }
    }
}

/// Σ (y − prediction)² of a fitted model on its rows.
fn residual_ss(report: &Report, columns: &[Vec<f64>], y: &[f64]) -> f64 {
    let mut ss = 0.0;
    for (i, t) in y.iter().enumerate() {
        let mut p = report.intercept;
        for (b, column) in report.coefficients.iter().zip(columns) {
            p += b * column[i];
        }
        ss += (t - p) * (t - p);
    }
    ss
}

/// The mean, with a second pass that corrects the rounding of the first.
pub(crate) fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    m + x.iter().map(|v| v - m).sum::<f64>() / n
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    /// y = 3 + 2a − 0.5b exactly, on points that are not collinear.
    fn exact_plane() -> (Vec<Vec<f64>>, Vec<f64>) {
        let a: Vec<f64> = (0..50).map(|i| f64::from(i) * 1.5).collect();
        let b: Vec<f64> = (0..50).map(|i| f64::from((i * 7) % 11) + 1000.0).collect();
        let y = a
            .iter()
            .zip(&b)
            .map(|(a, b)| 3.0 + 2.0 * a - 0.5 * b)
            .collect();
        (vec![a, b], y)
    }

    #[test]
    fn least_squares_recovers_an_exact_plane() {
        let (x, y) = exact_plane();
        let r = fit(
            &names(&["a", "b"]),
            &x,
            &y,
            Method::LeastSquares,
            &Ticker::silent(),
        )
        .unwrap();
        assert!((r.intercept - 3.0).abs() < 1e-9, "{}", r.intercept);
        assert!((r.coefficients[0] - 2.0).abs() < 1e-12);
        assert!((r.coefficients[1] + 0.5).abs() < 1e-12);
        assert!((r.r2 - 1.0).abs() < 1e-12);
        assert!(r.rmse < 1e-9);
    }

    #[test]
    fn gradient_descent_reaches_the_least_squares_answer_in_original_units() {
        let (x, y) = exact_plane();
        let params = GdParams::default();
        let r = fit(
            &names(&["a", "b"]),
            &x,
            &y,
            Method::GradientDescent(params),
            &Ticker::silent(),
        )
        .unwrap();
        assert!(r.descent.unwrap().converged);
        assert!(
            (r.coefficients[0] - 2.0).abs() < 1e-6,
            "{:?}",
            r.coefficients
        );
        assert!(
            (r.coefficients[1] + 0.5).abs() < 1e-6,
            "{:?}",
            r.coefficients
        );
        assert!((r.intercept - 3.0).abs() < 1e-3, "{}", r.intercept);
    }

    #[test]
    fn a_too_large_learning_rate_is_reported_as_divergence() {
        let (x, y) = exact_plane();
        let params = GdParams {
            learning_rate: 5.0,
            ..GdParams::default()
        };
        let err = fit(
            &names(&["a", "b"]),
            &x,
            &y,
            Method::GradientDescent(params),
            &Ticker::silent(),
        )
        .unwrap_err();
        assert!(matches!(err, RegressError::Diverged(_)), "{err}");
    }

    #[test]
    fn a_constant_or_duplicated_feature_is_named() {
        let (mut x, y) = exact_plane();
        x.push(vec![4.0; 50]);
        let err = fit(
            &names(&["a", "b", "c"]),
            &x,
            &y,
            Method::LeastSquares,
            &Ticker::silent(),
        )
        .unwrap_err();
        assert_eq!(err, RegressError::Constant("c".into()));
        x[2] = x[0].iter().map(|v| 2.0 * v + 1.0).collect();
        let err = fit(
            &names(&["a", "b", "c"]),
            &x,
            &y,
            Method::LeastSquares,
            &Ticker::silent(),
        )
        .unwrap_err();
        assert_eq!(err, RegressError::Collinear("c".into()));
    }

    #[test]
    fn r2_and_rmse_measure_the_residuals() {
        // y = x plus residuals ±1 alternating: slope 1, RMSE 1.
        let x: Vec<f64> = (0..10).map(f64::from).collect();
        let y: Vec<f64> = x
            .iter()
            .enumerate()
            .map(|(i, v)| v + if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let r = fit(
            &names(&["x"]),
            std::slice::from_ref(&x),
            &y,
            Method::LeastSquares,
            &Ticker::silent(),
        )
        .unwrap();
        let predictions = r.predictions(&[x]);
        let ss_res: f64 = predictions
            .iter()
            .zip(&y)
            .map(|(p, t)| (t - p).powi(2))
            .sum();
        assert!((r.rmse - (ss_res / 10.0).sqrt()).abs() < 1e-12);
        assert!(r.r2 > 0.8 && r.r2 < 1.0);
    }

    #[test]
    fn too_few_rows_are_refused() {
        // Two points on one feature: a line through both, exactly, says nothing.
        let err = fit(
            &names(&["x"]),
            &[vec![1.0, 2.0]],
            &[2.0, 5.0],
            Method::LeastSquares,
            &Ticker::silent(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            RegressError::TooFewRows {
                rows: 2,
                features: 1
            }
        );
        assert!(err.to_string().contains("takes at least 3 rows"), "{err}");
    }
}
