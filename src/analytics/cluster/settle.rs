//! The winning restart settled in f64: centres as exact means of its labels, then labels as the
//! exact nearest of those centres, with their inertia. So the reported labels, centres and
//! inertia agree with one another to f64 precision, whatever the f32 search rounded. One step,
//! as scikit-learn ends (its labels come from one last assignment after the last centres): the
//! search stopped by the tolerance, and more steps would be more iterations, not more precision.
//! The distance kernel is unrolled for the data's dimension when it is known at compile time
//! (most customer tables have a handful of features); D = 0 serves any other.

use super::dist2;

pub(super) struct Settled {
    pub labels: Vec<usize>,
    /// Row-major k × d, in the units of `data`.
    pub centres: Vec<f64>,
    pub inertia: f64,
    pub sizes: Vec<usize>,
}

/// `data` row-major n × d; `labels` from the search; `fallback` centres for a cluster that comes
/// out empty (the search's own centres).
pub(super) fn settle(data: &[f64], d: usize, labels: &[u32], fallback: &[f64]) -> Settled {
    let labels: Vec<usize> = labels.iter().map(|&l| l as usize).collect();
    let (sums, sizes) = sums_of(data, d, &labels, fallback.len() / d);
    let mut centres = fallback.to_vec();
    for (j, c) in centres.chunks_exact_mut(d).enumerate() {
        if sizes[j] > 0 {
            for (cv, s) in c.iter_mut().zip(&sums[j * d..(j + 1) * d]) {
                *cv = s / sizes[j] as f64;
            }
        }
    }
    let (labels, inertia) = label_rows(data, d, &centres);
    let mut sizes = vec![0usize; sizes.len()];
    labels.iter().for_each(|&l| sizes[l] += 1);
    Settled {
        labels,
        centres,
        inertia,
        sizes,
    }
}

fn sums_of(data: &[f64], d: usize, labels: &[usize], k: usize) -> (Vec<f64>, Vec<usize>) {
    let mut sums = vec![0.0; k * d];
    let mut sizes = vec![0usize; k];
    for (x, &l) in data.chunks_exact(d).zip(labels) {
        sums[l * d..(l + 1) * d]
            .iter_mut()
            .zip(x)
            .for_each(|(s, v)| *s += v);
        sizes[l] += 1;
    }
    (sums, sizes)
}

/// The nearest centre of every row and the inertia they give.
pub(super) fn label_rows(data: &[f64], d: usize, centres: &[f64]) -> (Vec<usize>, f64) {
    match d {
        1 => label_rows_for::<1>(data, d, centres),
        2 => label_rows_for::<2>(data, d, centres),
        3 => label_rows_for::<3>(data, d, centres),
        4 => label_rows_for::<4>(data, d, centres),
        5 => label_rows_for::<5>(data, d, centres),
        6 => label_rows_for::<6>(data, d, centres),
        7 => label_rows_for::<7>(data, d, centres),
        8 => label_rows_for::<8>(data, d, centres),
        _ => label_rows_for::<0>(data, d, centres),
    }
}

fn label_rows_for<const D: usize>(data: &[f64], d: usize, centres: &[f64]) -> (Vec<usize>, f64) {
    let mut inertia = 0.0;
    let labels = data
        .chunks_exact(d)
        .map(|x| {
            let (best, d1) = nearest::<D>(x, centres, d);
            inertia += d1;
            best
        })
        .collect();
    (labels, inertia)
}

/// Squared distance with the dimension known at compile time (D = 0: any dimension).
#[inline(always)]
fn dist<const D: usize>(a: &[f64], b: &[f64]) -> f64 {
    if D == 0 {
        return dist2(a, b);
    }
    match (<&[f64; D]>::try_from(a), <&[f64; D]>::try_from(b)) {
        (Ok(a), Ok(b)) => {
            let mut s = 0.0;
            for j in 0..D {
                let t = a[j] - b[j];
                s += t * t;
            }
            s
        }
        _ => dist2(a, b),
    }
}

/// The nearest centre and its squared distance; ties go to the lower centre number.
#[inline(always)]
pub(super) fn nearest<const D: usize>(x: &[f64], centres: &[f64], d: usize) -> (usize, f64) {
    let (mut best, mut d1) = (0usize, f64::INFINITY);
    // With D known the chunk count is a division by a constant, not a `div` per call.
    let width = if D > 0 { D } else { d };
    for (j, c) in centres.chunks_exact(width).enumerate() {
        let v = dist::<D>(x, c);
        let closer = v < d1;
        best = if closer { j } else { best };
        d1 = if closer { v } else { d1 };
    }
    (best, d1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settling_takes_exact_means_then_the_nearest_of_them() {
        // Rows 0..3 near 0, rows 3..6 near 10; the search put row 2 in the wrong cluster.
        let data = [0.0, 1.0, 2.0, 9.0, 10.0, 11.0];
        let s = settle(&data, 1, &[0, 0, 1, 1, 1, 1], &[0.0, 10.0]);
        assert_eq!(s.centres, [0.5, 8.0]);
        assert_eq!(s.labels, [0, 0, 0, 1, 1, 1]);
        assert_eq!(s.sizes, [3, 3]);
        assert!((s.inertia - 16.75).abs() < 1e-12);
    }

    #[test]
    fn an_empty_cluster_keeps_the_search_centre() {
        let s = settle(&[1.0, 3.0], 1, &[0, 0], &[0.0, 7.0]);
        assert_eq!(s.centres, [2.0, 7.0]);
        assert_eq!(s.sizes, [2, 0]);
    }

    #[test]
    fn the_general_kernel_serves_wide_rows() {
        let data: Vec<f64> = (0..40).map(|v| v as f64).collect(); // 2 rows × 20
        let (labels, inertia) = label_rows(&data, 20, &data);
        assert_eq!(labels, [0, 1]);
        assert_eq!(inertia, 0.0);
    }
}
