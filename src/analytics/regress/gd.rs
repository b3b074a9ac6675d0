//! Full-batch gradient descent on the mean squared error over z-scored features.

use super::{Descent, RegressError};
use crate::analytics::worker::Ticker;

/// Learning rate, iteration cap and the gradient norm that counts as converged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GdParams {
    pub learning_rate: f64,
    pub iterations: usize,
    pub tolerance: f64,
}

impl Default for GdParams {
    fn default() -> Self {
        GdParams {
            learning_rate: 0.05,
            iterations: 100_000,
            tolerance: 1e-10,
        }
    }
}

pub(super) struct Fit {
    pub intercept: f64,
    pub coefficients: Vec<f64>,
    pub descent: Descent,
}

/// Descends on z = (x − mean) / std (population std; a constant column stays 0 and gets a zero
/// coefficient). With z centred, the intercept's gradient vanishes at ȳ, so it starts there; the
/// slopes' gradient is C·β − c with C = zᵀz/n and c = zᵀ(y − ȳ)/n, gathered once.
pub(super) fn descend(
    columns: &[Vec<f64>],
    means: &[f64],
    y: &[f64],
    params: GdParams,
    ticker: &Ticker,
) -> Result<Fit, RegressError> {
    if !(params.learning_rate > 0.0 && params.learning_rate.is_finite()) {
        return Err(RegressError::BadLearningRate(params.learning_rate));
    }
    let n = y.len() as f64;
    let p = columns.len();
    let y_mean = super::mean(y);
    let stds: Vec<f64> = columns
        .iter()
        .zip(means)
        .map(|(c, m)| (c.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n).sqrt())
        .collect();
    let z: Vec<Vec<f64>> = columns
        .iter()
        .zip(means.iter().zip(&stds))
        .map(|(c, (m, s))| {
            if *s > 0.0 {
                c.iter().map(|v| (v - m) / s).collect()
            } else {
                vec![0.0; c.len()]
            }
        })
        .collect();
    let mut gram = vec![vec![0.0; p]; p];
    let mut cross = vec![0.0; p];
    for i in 0..p {
        for j in i..p {
            let g = z[i].iter().zip(&z[j]).map(|(a, b)| a * b).sum::<f64>() / n;
            gram[i][j] = g;
            gram[j][i] = g;
        }
        cross[i] = z[i]
            .iter()
            .zip(y)
            .map(|(a, t)| a * (t - y_mean))
            .sum::<f64>()
            / n;
    }

    let mut beta = vec![0.0; p];
    let mut gradient = vec![0.0; p];
    let scale = 1.0 + cross.iter().map(|c| c * c).sum::<f64>().sqrt();
    let mut descent = Descent {
        iterations: 0,
        converged: false,
    };
    for iteration in 1..=params.iterations {
        // An iteration is a p×p product, so checking every one would cost more than the work.
        if iteration % 1024 == 0 {
            ticker.tick(iteration as u64, params.iterations as u64)?;
        }
        for i in 0..p {
            gradient[i] = gram[i].iter().zip(&beta).map(|(g, b)| g * b).sum::<f64>() - cross[i];
        }
        let size = gradient.iter().map(|g| g * g).sum::<f64>().sqrt();
        if !size.is_finite() || size > 1e12 * scale {
            return Err(RegressError::Diverged(iteration));
        }
        descent.iterations = iteration;
        if size <= params.tolerance * scale {
            descent.converged = true;
            break;
        }
        for (b, g) in beta.iter_mut().zip(&gradient) {
            *b -= params.learning_rate * g;
        }
    }

    // Back to the features' own units: β_x = β_z / std, intercept = ȳ − Σ β_x·mean.
    let coefficients: Vec<f64> = beta
        .iter()
        .zip(&stds)
        .map(|(b, s)| if *s > 0.0 { b / s } else { 0.0 })
        .collect();
    let intercept = y_mean
        - coefficients
            .iter()
            .zip(means)
            .map(|(b, m)| b * m)
            .sum::<f64>();
    Ok(Fit {
        intercept,
        coefficients,
        descent,
    })
}
