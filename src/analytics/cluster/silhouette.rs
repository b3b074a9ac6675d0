//! The mean silhouette coefficient (Euclidean), as scikit-learn's `silhouette_score`: for a point,
//! a = mean distance to the rest of its cluster, b = the smallest mean distance to another
//! cluster, s = (b − a) / max(a, b); a point alone in its cluster scores 0.
//!
//! It costs O(n²) distances, so above [`SILHOUETTE_SAMPLE`] rows it is computed on a seeded
//! uniform sample of that many rows (distances among the sampled rows only), like
//! `silhouette_score(sample_size=…)`. The report says which was done.

use super::dist2;
use super::rng::Rng;

/// Rows above which the silhouette is estimated on a sample of this many rows.
pub const SILHOUETTE_SAMPLE: usize = 5_000;

/// The mean silhouette and the number of rows it was computed on (all rows, or the sample), or
/// `None` when it is undefined (fewer than 2 or more than n − 1 clusters among those rows).
/// `data` is row-major with `d` columns; `labels` are cluster numbers below `k`.
pub fn silhouette(
    data: &[f64],
    d: usize,
    labels: &[usize],
    k: usize,
    seed: u64,
) -> Option<(f64, usize)> {
    let n = labels.len();
    let rows: Vec<usize> = if n > SILHOUETTE_SAMPLE {
        let mut s = Rng::stream(seed, u64::MAX).sample(n, SILHOUETTE_SAMPLE);
        s.sort_unstable();
        s
    } else {
        (0..n).collect()
    };
    let m = rows.len();
    let mut sizes = vec![0usize; k];
    for &i in &rows {
        sizes[labels[i]] += 1;
    }
    let used = sizes.iter().filter(|&&s| s > 0).count();
    if used < 2 || used > m - 1 {
        return None;
    }
    // The rows grouped by cluster in one contiguous buffer: each pair is measured once and added
    // to both ends, and a row's sum over one cluster is a run over adjacent rows.
    let mut grouped = rows;
    grouped.sort_by_key(|&i| (labels[i], i));
    let points: Vec<f64> = grouped
        .iter()
        .flat_map(|&i| data[i * d..(i + 1) * d].iter().copied())
        .collect();
    let label: Vec<usize> = grouped.iter().map(|&i| labels[i]).collect();
    let mut start = vec![0usize; k + 1];
    for c in 0..k {
        start[c + 1] = start[c] + sizes[c];
    }
    let point = |i: usize| &points[i * d..(i + 1) * d];
    let mut sums = vec![0.0f64; m * k];
    for i in 0..m {
        let p = point(i);
        for c in 0..k {
            let mut acc = 0.0;
            for j in start[c].max(i + 1)..start[c + 1] {
                let dist = dist2(p, point(j)).sqrt();
                acc += dist;
                sums[j * k + label[i]] += dist;
            }
            sums[i * k + c] += acc;
        }
    }
    let mut total = 0.0;
    for i in 0..m {
        let own = label[i];
        if sizes[own] <= 1 {
            continue; // scores 0
        }
        let row = &sums[i * k..(i + 1) * k];
        let a = row[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| row[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        let denom = a.max(b);
        if denom > 0.0 {
            total += (b - a) / denom;
        }
    }
    Some((total / m as f64, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_tight_far_apart_pairs_score_close_to_one() {
        let data = [0.0, 0.0, 0.0, 1.0, 100.0, 0.0, 100.0, 1.0];
        let (s, m) = silhouette(&data, 2, &[0, 0, 1, 1], 2, 0).unwrap();
        assert_eq!(m, 4);
        // a = 1, b ≈ 100.0025 for every point.
        let b = (100.0f64 + (100.0f64 * 100.0 + 1.0).sqrt()) / 2.0;
        assert!((s - (b - 1.0) / b).abs() < 1e-12, "{s}");
    }

    #[test]
    fn a_singleton_scores_zero_and_one_cluster_is_undefined() {
        let data = [0.0, 1.0, 10.0];
        let (s, _) = silhouette(&data, 1, &[0, 0, 1], 2, 0).unwrap();
        // points 0 and 1: a = 1, b = 10 and 9 → 0.9 and 8/9; point 2 scores 0.
        assert!((s - (0.9 + 8.0 / 9.0) / 3.0).abs() < 1e-12);
        assert!(silhouette(&data, 1, &[0, 0, 0], 1, 0).is_none());
    }
}
