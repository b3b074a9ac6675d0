//! DBSCAN with scikit-learn's semantics: a point's neighbourhood is every point within eps
//! (inclusive, the point itself counted); a point is core iff its neighbourhood holds at least
//! `min_samples` points; clusters are numbered in the order of their first core point, and a border
//! point reachable from two clusters joins the lower-numbered one. Noise is −1.
//!
//! Neighbours come from a grid of cells of side eps over (up to) the three widest dimensions, so a
//! query reads at most 27 cells instead of every point. Only core points' neighbourhoods are ever
//! listed, and counting stops at `min_samples`; nothing is stored per neighbour pair.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use ndarray::ArrayView2;

use super::kdtree::KdTree;
use super::rng::Rng;
use super::scale::Scaling;
use super::{ClusterError, dist2, knee, row_major};
use crate::analytics::worker::Ticker;

#[derive(Debug, Clone, PartialEq)]
pub struct DbscanParams {
    pub eps: f64,
    pub min_samples: usize,
    pub standardize: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DbscanReport {
    /// The cluster of each row in input order; −1 = noise.
    pub labels: Vec<i32>,
    pub core: Vec<bool>,
    pub n_clusters: usize,
    pub n_noise: usize,
    pub n_core: usize,
    pub cluster_sizes: Vec<usize>,
    pub eps: f64,
    pub min_samples: usize,
    pub standardized: bool,
}

/// Progress counts points visited: once to find the core points, once to grow the clusters.
pub fn dbscan(
    x: ArrayView2<'_, f64>,
    params: &DbscanParams,
    ticker: &Ticker,
) -> Result<DbscanReport, ClusterError> {
    let (data, d) = prepare(x, params)?;
    let grid = Grid::new(&data, d, params.eps);
    let eps2 = params.eps * params.eps;
    cluster(
        data.len() / d,
        params,
        ticker,
        |i, limit| grid.count(i, eps2, limit),
        |i, visit| grid.each(i, eps2, visit),
    )
}

/// The same clustering from all n² distances: a check on [`dbscan`] for tests and tiny inputs.
pub fn dbscan_brute_force(
    x: ArrayView2<'_, f64>,
    params: &DbscanParams,
) -> Result<DbscanReport, ClusterError> {
    let (data, d) = prepare(x, params)?;
    let n = data.len() / d;
    let eps2 = params.eps * params.eps;
    let row = |i: usize| &data[i * d..(i + 1) * d];
    cluster(
        n,
        params,
        &Ticker::silent(),
        |i, _| (0..n).filter(|&j| dist2(row(i), row(j)) <= eps2).count(),
        |i, visit| {
            (0..n)
                .filter(|&j| dist2(row(i), row(j)) <= eps2)
                .for_each(visit)
        },
    )
}

/// An eps read off the k-distance curve: each (sampled) row's distance to its `min_samples`-th
/// nearest row (itself included), sorted; eps is taken at the knee, where the curve turns from
/// the dense rows to the outliers. With that eps the rows left of the knee are core points.
#[derive(Debug, Clone, PartialEq)]
pub struct EpsSuggestion {
    pub eps: f64,
    pub min_samples: usize,
    /// The sorted k-distances, for a chart.
    pub curve: Vec<f64>,
}

/// Points between two progress reports (a report is a message to the window: not per point).
const TICK: usize = 4096;

/// Rows whose k-distance is computed for [`suggest_eps`] (a seeded sample above this many).
pub const EPS_SAMPLE: usize = 10_000;

/// Progress counts the rows whose k-distance has been measured.
pub fn suggest_eps(
    x: ArrayView2<'_, f64>,
    min_samples: usize,
    standardize: bool,
    seed: u64,
    ticker: &Ticker,
) -> Result<EpsSuggestion, ClusterError> {
    let params = DbscanParams {
        eps: 1.0,
        min_samples,
        standardize,
    };
    // More neighbours than rows is refused by `prepare`; with one, every row is its own core at
    // any radius, and the curve is all zeros.
    let (data, d) = prepare(x, &params)?;
    let n = data.len() / d;
    if min_samples < 2 {
        return Err(ClusterError::BadParam {
            name: "min_samples",
            expected: "at least 2 to read a radius off the data (with 1, every row is a core \
                       at any radius)",
            value: min_samples.to_string(),
        });
    }
    let k = min_samples;
    let tree = KdTree::new(&data, d);
    let rows = if n > EPS_SAMPLE {
        Rng::new(seed).sample(n, EPS_SAMPLE)
    } else {
        (0..n).collect()
    };
    let total = rows.len() as u64;
    let mut curve = Vec::with_capacity(rows.len());
    for (done, &i) in rows.iter().enumerate() {
        if done % TICK == 0 {
            ticker.tick(done as u64, total)?;
        }
        curve.push(tree.kth_dist2(&data[i * d..(i + 1) * d], k).sqrt());
    }
    ticker.tick(total, total)?;
    curve.sort_by(f64::total_cmp);
    // Rows repeated min_samples times or more have a k-distance of 0, and DBSCAN needs a radius
    // above it: the first distance that is not 0 (any radius when every row is the same).
    let eps = Some(curve[knee(&curve)])
        .filter(|&e| e > 0.0)
        .or_else(|| curve.iter().copied().find(|&e| e > 0.0))
        // A hair wider than the knee's distance: squaring its square root again can land a
        // rounding step below, and the customer at the knee would not count as within it.
        .map_or(1.0, |e| e * (1.0 + 1e-12));
    Ok(EpsSuggestion {
        eps,
        min_samples,
        curve,
    })
}

fn prepare(
    x: ArrayView2<'_, f64>,
    params: &DbscanParams,
) -> Result<(Vec<f64>, usize), ClusterError> {
    let d = x.ncols();
    row_major(x)?;
    if params.eps.is_nan() || params.eps <= 0.0 || params.eps.is_infinite() {
        return Err(ClusterError::BadParam {
            name: "eps",
            expected: "a positive number",
            value: params.eps.to_string(),
        });
    }
    if params.min_samples == 0 {
        return Err(ClusterError::BadParam {
            name: "min_samples",
            expected: "at least 1",
            value: "0".into(),
        });
    }
    // More neighbours than rows: no radius makes a core, and a run would only say "all noise"
    // and send the user looking for a radius that cannot help.
    if params.min_samples > x.nrows() {
        return Err(ClusterError::TooFewRowsForNeighbours {
            min_samples: params.min_samples,
            rows: x.nrows(),
        });
    }
    let data = if params.standardize {
        Scaling::fit(x).apply(x).into_raw_vec_and_offset().0
    } else {
        row_major(x)?.into_owned()
    };
    Ok((data, d))
}

/// Core points first (counting neighbours up to `min_samples`), then clusters grown from each
/// unlabelled core point in row order, as scikit-learn's `dbscan_inner` does.
fn cluster(
    n: usize,
    params: &DbscanParams,
    ticker: &Ticker,
    count: impl Fn(usize, usize) -> usize,
    each: impl Fn(usize, &mut dyn FnMut(usize)),
) -> Result<DbscanReport, ClusterError> {
    let total = 2 * n as u64;
    let mut core = vec![false; n];
    for (i, c) in core.iter_mut().enumerate() {
        if i % TICK == 0 {
            ticker.tick(i as u64, total)?;
        }
        *c = count(i, params.min_samples) >= params.min_samples;
    }
    let mut labels = vec![-1i32; n];
    let mut sizes = Vec::new();
    let mut stack = Vec::new();
    // Points of finished clusters: with a wide eps one cluster holds nearly every point and
    // takes most of the run, so progress and Cancel are heard while it grows, not only between.
    let mut labelled = 0usize;
    let mut reported = 0usize;
    let step = (n / 100).clamp(1, TICK);
    for start in 0..n {
        if start % TICK == 0 {
            ticker.tick((n + start.max(labelled)) as u64, total)?;
        }
        if labels[start] != -1 || !core[start] {
            continue;
        }
        let label = sizes.len() as i32;
        let mut size = 1;
        labels[start] = label;
        stack.push(start);
        let mut pops = 0usize;
        while let Some(p) = stack.pop() {
            pops += 1;
            // Each popped point's neighbourhood is one point's worth of work.
            if pops.is_multiple_of(64) {
                let done = (labelled + pops).max(start).min(n - 1);
                if done >= reported + step {
                    reported = done;
                    ticker.tick((n + done) as u64, total)?;
                } else {
                    ticker.check()?;
                }
            }
            each(p, &mut |q| {
                if labels[q] == -1 {
                    labels[q] = label;
                    size += 1;
                    if core[q] {
                        stack.push(q);
                    }
                }
            });
        }
        labelled += size;
        sizes.push(size);
    }
    ticker.tick(total, total)?;
    Ok(DbscanReport {
        n_noise: labels.iter().filter(|&&l| l == -1).count(),
        n_core: core.iter().filter(|&&c| c).count(),
        n_clusters: sizes.len(),
        cluster_sizes: sizes,
        labels,
        core,
        eps: params.eps,
        min_samples: params.min_samples,
        standardized: params.standardize,
    })
}

/// How many of the widest dimensions the grid's cells divide: more separate more points (in
/// seven standardised features, three let most candidates lie beyond eps), at 3^k cells to visit.
const GRID_DIMS: usize = 5;

type Cell = [i64; GRID_DIMS];

/// A multiply-and-rotate hash for cell coordinates (the default SipHash is several times slower
/// and needs no protection here: the keys come from the user's own data).
#[derive(Default)]
struct CellHasher(u64);

impl Hasher for CellHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_i64(&mut self, v: i64) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(23) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

struct Grid {
    d: usize,
    /// The points in cell order, row-major, and each one's row number in the input.
    points: Vec<f64>,
    rows: Vec<usize>,
    /// Each input row's position in `points`.
    slot: Vec<usize>,
    cell_of: Vec<Cell>,
    cells: HashMap<Cell, (usize, usize), BuildHasherDefault<CellHasher>>,
    offsets: Vec<Cell>,
}

impl Grid {
    fn new(data: &[f64], d: usize, eps: f64) -> Grid {
        let n = data.len() / d;
        let (lo, hi) = (0..d)
            .map(|j| {
                data.chunks_exact(d)
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
                        (lo.min(r[j]), hi.max(r[j]))
                    })
            })
            .unzip::<f64, f64, Vec<f64>, Vec<f64>>();
        // The widest dimensions separate the most points; a slightly larger side keeps points
        // exactly eps apart in adjacent cells despite rounding.
        let mut dims: Vec<usize> = (0..d).collect();
        dims.sort_by(|&a, &b| (hi[b] - lo[b]).total_cmp(&(hi[a] - lo[a])).then(a.cmp(&b)));
        dims.truncate(GRID_DIMS);
        let side = eps * (1.0 + 1e-9);
        let cell_of_row = |r: &[f64]| {
            let mut c = [0i64; GRID_DIMS];
            for (slot, &j) in c.iter_mut().zip(&dims) {
                *slot = ((r[j] - lo[j]) / side).floor() as i64;
            }
            c
        };
        let mut order: Vec<usize> = (0..n).collect();
        let by_row: Vec<Cell> = data.chunks_exact(d).map(cell_of_row).collect();
        order.sort_by_key(|&i| (by_row[i], i));
        let mut points = Vec::with_capacity(n * d);
        let mut slot = vec![0; n];
        let mut cell_of = Vec::with_capacity(n);
        let mut cells: HashMap<Cell, (usize, usize), BuildHasherDefault<CellHasher>> =
            HashMap::default();
        for (pos, &i) in order.iter().enumerate() {
            points.extend_from_slice(&data[i * d..(i + 1) * d]);
            slot[i] = pos;
            cell_of.push(by_row[i]);
            cells.entry(by_row[i]).or_insert((pos, pos)).1 = pos + 1;
        }
        let m = dims.len();
        let mut offsets = vec![[0i64; GRID_DIMS]];
        for axis in 0..m {
            offsets = offsets
                .into_iter()
                .flat_map(|o| {
                    [-1i64, 0, 1].map(|step| {
                        let mut o = o;
                        o[axis] = step;
                        o
                    })
                })
                .collect();
        }
        Grid {
            d,
            points,
            rows: order,
            slot,
            cell_of,
            cells,
            offsets,
        }
    }

    /// Calls `visit(pos)` for every point position in the cells around position `pos`.
    fn around(&self, pos: usize, mut visit: impl FnMut(usize) -> bool) {
        let c = self.cell_of[pos];
        for o in &self.offsets {
            let key: Cell = std::array::from_fn(|k| c[k] + o[k]);
            if let Some(&(start, end)) = self.cells.get(&key) {
                for q in start..end {
                    if !visit(q) {
                        return;
                    }
                }
            }
        }
    }

    fn point(&self, pos: usize) -> &[f64] {
        &self.points[pos * self.d..(pos + 1) * self.d]
    }

    /// Neighbours of row `i` within eps (itself included), counted up to `limit`.
    fn count(&self, i: usize, eps2: f64, limit: usize) -> usize {
        let pos = self.slot[i];
        let p = self.point(pos);
        let mut found = 0;
        self.around(pos, |q| {
            if dist2(p, self.point(q)) <= eps2 {
                found += 1;
            }
            found < limit
        });
        found
    }

    fn each(&self, i: usize, eps2: f64, visit: &mut dyn FnMut(usize)) {
        let pos = self.slot[i];
        let p = self.point(pos);
        self.around(pos, |q| {
            if dist2(p, self.point(q)) <= eps2 {
                visit(self.rows[q]);
            }
            true
        });
    }
}

#[cfg(test)]
mod tests;
