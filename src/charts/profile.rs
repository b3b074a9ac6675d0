//! The cluster profile table: the mean of each feature per cluster, in the features' own units, next
//! to the mean over everyone, so a segment reads as "older, richer, buys less often".

use ndarray::ArrayView2;

#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub features: Vec<String>,
    pub clusters: Vec<ClusterProfile>,
    /// The mean of each feature over all rows.
    pub overall: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClusterProfile {
    pub cluster: usize,
    pub size: usize,
    /// One per feature; NaN never appears (an empty cluster has no row here).
    pub means: Vec<f64>,
}

/// Means per cluster from the rows and their labels (`labels[i]` < `k`), skipping empty clusters.
pub fn cluster_profile(
    x: ArrayView2<'_, f64>,
    labels: &[usize],
    k: usize,
    features: &[String],
) -> Profile {
    let d = x.ncols();
    let mut sums = vec![vec![0.0; d]; k];
    let mut sizes = vec![0usize; k];
    let mut total = vec![0.0; d];
    for (row, &label) in x.outer_iter().zip(labels) {
        if label >= k {
            continue;
        }
        sizes[label] += 1;
        for (j, v) in row.iter().enumerate() {
            sums[label][j] += v;
            total[j] += v;
        }
    }
    let counted: usize = sizes.iter().sum();
    let clusters = sums
        .into_iter()
        .zip(&sizes)
        .enumerate()
        .filter(|(_, (_, size))| **size > 0)
        .map(|(cluster, (sum, &size))| ClusterProfile {
            cluster,
            size,
            means: sum.iter().map(|s| s / size as f64).collect(),
        })
        .collect();
    Profile {
        features: features.to_vec(),
        clusters,
        overall: total
            .iter()
            .map(|s| if counted > 0 { s / counted as f64 } else { 0.0 })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn each_cluster_gets_the_mean_of_its_own_rows_in_real_units() {
        let x = array![[30.0, 1000.0], [40.0, 3000.0], [60.0, 50_000.0]];
        let names = vec!["age".to_string(), "income".to_string()];
        let p = cluster_profile(x.view(), &[0, 0, 2], 3, &names);
        assert_eq!(p.clusters.len(), 2, "the empty cluster 1 has no row");
        assert_eq!(p.clusters[0].means, vec![35.0, 2000.0]);
        assert_eq!(p.clusters[0].size, 2);
        assert_eq!(p.clusters[1].cluster, 2);
        assert_eq!(p.clusters[1].means, vec![60.0, 50_000.0]);
        assert_eq!(p.overall, vec![130.0 / 3.0, 54_000.0 / 3.0]);
    }
}
