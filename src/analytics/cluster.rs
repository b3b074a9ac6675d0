//! Customer segments: K-means (k-means++ seeding, restarts, Hamerly's bounds) and DBSCAN (a grid of
//! cells of side eps), with z-score standardisation, silhouette, choosing k and suggesting eps.
//!
//! Everything here is pure: plain matrices in (rows = customers, columns = features), plain reports
//! out. Nothing prints; long loops report progress through a `worker::Ticker` and stop between
//! iterations when it says the run was cancelled.

mod blocks;
mod dbscan;
mod hamerly;
mod kdtree;
mod kmeans;
mod rng;
mod scale;
mod seed;
mod settle;
mod silhouette;

use super::worker::Cancelled;

pub use dbscan::{
    DbscanParams, DbscanReport, EpsSuggestion, dbscan, dbscan_brute_force, suggest_eps,
};
pub use kmeans::{KChoice, KMeansParams, KMeansReport, KSelection, choose_k, kmeans};
pub use rng::Rng;
pub use scale::{Scaling, standardize};
pub use silhouette::{SILHOUETTE_SAMPLE, silhouette};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClusterError {
    #[error("there are no rows to cluster")]
    NoRows,
    #[error("there are no feature columns to cluster on")]
    NoFeatures,
    #[error("k must be between 1 and the number of rows ({rows}); it is {k}")]
    BadK { k: usize, rows: usize },
    #[error(
        "k is {k}, but only {distinct} rows differ from one another: there can be at most \
         {distinct} clusters"
    )]
    TooFewDistinct { k: usize, distinct: usize },
    #[error("{name} must be {expected}; it is {value}")]
    BadParam {
        name: &'static str,
        expected: &'static str,
        value: String,
    },
    #[error(
        "there are {rows} rows, so no row can have {min_samples} within a radius (itself \
         included): give at most {rows} neighbours"
    )]
    TooFewRowsForNeighbours { min_samples: usize, rows: usize },
    #[error("row {row}, column {column}: the value is not a finite number")]
    NotFinite { row: usize, column: usize },
    #[error("the run was cancelled")]
    Cancelled,
}

impl From<Cancelled> for ClusterError {
    fn from(_: Cancelled) -> Self {
        ClusterError::Cancelled
    }
}

/// The rows of a matrix as one row-major slice, checking that every value is finite (distances to
/// a NaN decide nothing).
fn row_major<'a>(
    x: ndarray::ArrayView2<'a, f64>,
) -> Result<std::borrow::Cow<'a, [f64]>, ClusterError> {
    let (n, d) = x.dim();
    if n == 0 {
        return Err(ClusterError::NoRows);
    }
    if d == 0 {
        return Err(ClusterError::NoFeatures);
    }
    let data: std::borrow::Cow<'_, [f64]> = match x.to_slice() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(x.iter().copied().collect()),
    };
    if let Some(at) = data.iter().position(|v| !v.is_finite()) {
        return Err(ClusterError::NotFinite {
            row: at / d,
            column: at % d,
        });
    }
    Ok(data)
}

/// Squared Euclidean distance between two points of the same dimension.
#[inline]
fn dist2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The knee of a curve: the point farthest from the chord between its ends, after scaling both
/// axes to [0, 1]. Used for the elbow of the inertia curve and the knee of the k-distance curve.
fn knee(ys: &[f64]) -> usize {
    let m = ys.len();
    if m < 3 {
        return 0;
    }
    let (first, last) = (ys[0], ys[m - 1]);
    let span = last - first;
    if span == 0.0 {
        return 0;
    }
    let mut best = (0usize, f64::NEG_INFINITY);
    for (i, &y) in ys.iter().enumerate() {
        let x = i as f64 / (m - 1) as f64;
        let y = (y - first) / span;
        // The chord runs from (0, 0) to (1, 1) after scaling; distance below it is x - y.
        let gap = x - y;
        if gap > best.1 {
            best = (i, gap);
        }
    }
    best.0
}
