//! Least squares by Householder QR on centred columns, streamed: rows are taken a block at a time
//! under the triangle R found so far, and [R; block] is factorised again. This is the same
//! backward-stable Householder QR, but it reads the data once, needs no centred copy of it, and
//! leaves the residual sum of squares in R's last corner.

use super::{Moments, RegressError};

/// Rows taken per block.
const BLOCK: usize = 256;

/// The coefficients minimising ‖(y − ȳ) − Σ βⱼ (xⱼ − x̄ⱼ)‖, and that minimum squared.
pub(super) fn least_squares(
    names: &[String],
    columns: &[Vec<f64>],
    moments: &[Moments],
    y: &[f64],
    y_moments: &Moments,
) -> Result<(Vec<f64>, f64), RegressError> {
    let p = columns.len();
    let q = p + 1; // the features, then y
    let rows = q + BLOCK;
    // Column-major: column j of the work matrix is w[j * rows .. (j + 1) * rows].
    let mut w = vec![0.0; q * rows];
    for start in (0..y.len()).step_by(BLOCK) {
        let end = (start + BLOCK).min(y.len());
        let m = q + end - start;
        for (j, (column, mo)) in columns.iter().zip(moments).enumerate() {
            for (cell, v) in w[j * rows + q..j * rows + m]
                .iter_mut()
                .zip(&column[start..end])
            {
                *cell = v - mo.mean;
            }
        }
        for (cell, v) in w[p * rows + q..p * rows + m].iter_mut().zip(&y[start..end]) {
            *cell = v - y_moments.mean;
        }
        triangularise(&mut w, q, rows, m);
    }

    let r = |i: usize, j: usize| w[j * rows + i];
    for (k, (name, mo)) in names.iter().zip(moments).enumerate() {
        // What remains of the column after removing the earlier ones is rounding: it depends on them.
        if r(k, k).abs() <= 1e-10 * mo.centred_ss.sqrt() {
            return Err(RegressError::Collinear(name.clone()));
        }
    }
    let mut beta = vec![0.0; p];
    for k in (0..p).rev() {
        let mut s = r(k, p);
        for (j, b) in beta.iter().enumerate().skip(k + 1) {
            s -= r(k, j) * b;
        }
        beta[k] = s / r(k, k);
    }
    Ok((beta, r(p, p) * r(p, p)))
}

/// Householder QR of the first `m` rows of the `q` columns, leaving R in the top q×q triangle and
/// zeros below it.
fn triangularise(w: &mut [f64], q: usize, rows: usize, m: usize) {
    for k in 0..q {
        let (done, rest) = w.split_at_mut((k + 1) * rows);
        let v = &mut done[k * rows + k..k * rows + m];
        let norm = dot(v, v).sqrt();
        if norm == 0.0 {
            continue;
        }
        let alpha = -norm.copysign(v[0]);
        v[0] -= alpha;
        let vv = dot(v, v);
        for j in 0..q - k - 1 {
            let x = &mut rest[j * rows + k..j * rows + m];
            let f = 2.0 * dot(v, x) / vv;
            for (xi, vi) in x.iter_mut().zip(v.iter()) {
                *xi -= f * vi;
            }
        }
        v[0] = alpha;
        v[1..].fill(0.0);
    }
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
