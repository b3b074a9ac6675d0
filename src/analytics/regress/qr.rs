//! Least squares by Householder QR on centred columns (column-major, so each reflection streams
//! through contiguous memory).

use super::RegressError;

/// The coefficients minimising ‖(y − ȳ) − Σ βⱼ (xⱼ − x̄ⱼ)‖; the caller derives the intercept.
pub(super) fn least_squares(
    names: &[String],
    columns: &[Vec<f64>],
    means: &[f64],
    y: &[f64],
) -> Result<Vec<f64>, RegressError> {
    let p = columns.len();
    let n = y.len();
    let mut a: Vec<Vec<f64>> = columns
        .iter()
        .zip(means)
        .map(|(c, m)| c.iter().map(|v| v - m).collect())
        .collect();
    let y_mean = super::mean(y);
    let mut r: Vec<f64> = y.iter().map(|v| v - y_mean).collect();

    let mut diagonal = vec![0.0; p];
    for k in 0..p {
        let original_norm = norm(&a[k]);
        // Centring a constant column leaves only rounding behind.
        let scale = columns[k].iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if original_norm <= 1e-12 * scale * (n as f64).sqrt() || original_norm == 0.0 {
            return Err(RegressError::Constant(names[k].clone()));
        }
        let (done, rest) = a.split_at_mut(k + 1);
        let v = &mut done[k][k..];
        let column_norm = norm(v);
        // What remains of the column after removing the earlier ones is rounding: it depends on them.
        if column_norm <= 1e-10 * original_norm {
            return Err(RegressError::Collinear(names[k].clone()));
        }
        let alpha = -column_norm.copysign(v[0]);
        v[0] -= alpha;
        let vv = dot(v, v);
        for other in rest.iter_mut() {
            reflect(v, vv, &mut other[k..]);
        }
        reflect(v, vv, &mut r[k..]);
        diagonal[k] = alpha;
    }

    // Back substitution: R β = (Qᵀy)[..p], with R's upper part left in the reflected columns.
    let mut beta = vec![0.0; p];
    for k in (0..p).rev() {
        let mut s = r[k];
        for j in k + 1..p {
            s -= a[j][k] * beta[j];
        }
        beta[k] = s / diagonal[k];
    }
    Ok(beta)
}

/// x ← (I − 2vvᵀ/vᵀv) x.
fn reflect(v: &[f64], vv: f64, x: &mut [f64]) {
    let f = 2.0 * dot(v, x) / vv;
    for (xi, vi) in x.iter_mut().zip(v) {
        *xi -= f * vi;
    }
}

/// The Euclidean norm, scaled so that huge or tiny values neither overflow nor underflow.
fn norm(x: &[f64]) -> f64 {
    let scale = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    let s: f64 = x.iter().map(|v| (v / scale) * (v / scale)).sum();
    scale * s.sqrt()
}

/// A dot product with four running sums, which the compiler can keep in vector registers.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (a4, a_rest) = a.split_at(a.len() / 4 * 4);
    let (b4, b_rest) = b.split_at(a4.len());
    for (x, y) in a4.chunks_exact(4).zip(b4.chunks_exact(4)) {
        for i in 0..4 {
            acc[i] += x[i] * y[i];
        }
    }
    let tail: f64 = a_rest.iter().zip(b_rest).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}
