//! K-means by Lloyd's iterations with Hamerly's bounds (one upper bound to the own centre, one
//! lower bound to all others per row, so most rows skip the distance computations once the
//! centres settle), k-means++ seeding as scikit-learn does it (greedy, 2 + ⌊ln k⌋ candidates per
//! centre), restarts kept by lowest inertia, and scikit-learn's stopping rule: labels unchanged, or
//! the squared centre shift at most `tol` × the mean column variance.
//!
//! The search runs in f32 over blocks of eight rows (see `blocks`): the passes over a million rows
//! are bound by memory traffic, and half-width values in eight-wide arithmetic halve it. The
//! winner is then settled in f64 (`settle`), so what is reported is exact.
//!
//! Restarts run on `threads` threads; each has its own random stream from (seed, restart number)
//! and ties go to the lower restart number, so the answer never depends on the number of threads.

use std::ops::RangeInclusive;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use ndarray::{Array2, ArrayView2};

use super::blocks::Blocks;
use super::hamerly::State;
use super::rng::Rng;
use super::scale::Scaling;
use super::seed::{Seeding, seed_centres};
use super::settle::{Settled, settle};
use super::silhouette::silhouette;
use super::{ClusterError, knee, row_major};
use crate::analytics::worker::Ticker;

#[derive(Debug, Clone, PartialEq)]
pub struct KMeansParams {
    pub k: usize,
    /// Restarts from fresh k-means++ seeds; the lowest inertia wins.
    pub n_init: usize,
    pub max_iter: usize,
    /// Relative tolerance on the squared centre shift (scikit-learn's `tol`).
    pub tol: f64,
    pub seed: u64,
    /// Cluster z-scores instead of raw values (centres are still reported in raw units).
    pub standardize: bool,
    /// Threads for the restarts; 0 = one per core.
    pub threads: usize,
    /// Compute the silhouette (exact up to `SILHOUETTE_SAMPLE` rows, sampled above).
    pub silhouette: bool,
}

impl KMeansParams {
    pub fn new(k: usize) -> Self {
        KMeansParams {
            k,
            n_init: 10,
            max_iter: 300,
            tol: 1e-4,
            seed: 0,
            standardize: false,
            threads: 0,
            silhouette: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct KMeansReport {
    pub k: usize,
    /// The cluster of each row, in input order.
    pub labels: Vec<usize>,
    /// One row per cluster, in the input's units.
    pub centers: Array2<f64>,
    /// Sum of squared distances to the own centre, in the space clustered (z-scores if standardised).
    pub inertia: f64,
    pub sizes: Vec<usize>,
    pub silhouette: Option<f64>,
    /// Rows the silhouette was computed on: all of them, or a seeded sample.
    pub silhouette_rows: usize,
    /// Iterations of the winning restart.
    pub n_iter: usize,
    /// Which restart won (0-based).
    pub best_init: usize,
    pub seed: u64,
    pub n_init: usize,
    pub standardized: bool,
}

/// Clusters the rows of `x` into `params.k` groups. Progress counts Lloyd iterations over all
/// restarts; a cancel stops the run between iterations.
pub fn kmeans(
    x: ArrayView2<'_, f64>,
    params: &KMeansParams,
    ticker: &Ticker,
) -> Result<KMeansReport, ClusterError> {
    let (n, d) = x.dim();
    let raw = row_major(x)?; // validates shape and finiteness before anything is scaled
    if params.k == 0 || params.k > n {
        return Err(ClusterError::BadK {
            k: params.k,
            rows: n,
        });
    }
    // Two equal rows always share a cluster: more clusters than distinct rows leaves one empty.
    // Counting stops at k distinct rows, so a large table costs a few rows' work.
    if params.k > 1 {
        let mut seen = std::collections::HashSet::new();
        for row in x.rows() {
            seen.insert(
                row.iter()
                    .map(|v| (v + 0.0).to_bits())
                    .collect::<Vec<u64>>(),
            );
            if seen.len() >= params.k {
                break;
            }
        }
        let distinct = seen.len();
        if params.k > distinct {
            return Err(ClusterError::TooFewDistinct {
                k: params.k,
                distinct,
            });
        }
    }
    if params.n_init == 0 {
        return Err(bad("n_init", "at least 1", params.n_init));
    }
    if params.tol.is_nan() || params.tol < 0.0 {
        return Err(bad("tol", "zero or more", params.tol));
    }
    let scaling = params.standardize.then(|| Scaling::fit(x));
    let scaled = scaling.as_ref().map(|s| s.apply(x));
    let data = match &scaled {
        Some(z) => row_major(z.view())?,
        None => raw,
    };
    let blocks = Blocks::new(&data, n, d);
    let problem = Problem {
        k: params.k,
        max_iter: params.max_iter.max(1),
        // In the blocks' units, as the shifts it is compared with.
        tol: params.tol * mean_variance(&data, n, d) * blocks.scale * blocks.scale,
    };

    let (best_init, run) = best_of_restarts(&blocks, &problem, params, ticker)?;
    let searched: Vec<f64> = run
        .centres
        .chunks_exact(d)
        .flat_map(|c| {
            c.iter()
                .zip(&blocks.offset)
                .map(|(v, o)| v / blocks.scale + o)
        })
        .collect();
    drop(blocks);
    let Settled {
        labels,
        centres,
        inertia,
        sizes,
    } = settle(&data, d, &run.labels, &searched);
    let (silhouette, silhouette_rows) = if params.silhouette {
        ticker.check()?;
        silhouette(&data, d, &labels, params.k, params.seed)
            .map_or((None, 0), |(s, m)| (Some(s), m))
    } else {
        (None, 0)
    };
    let centers = Array2::from_shape_vec((params.k, d), centres)
        .map_err(|_| bad("centres", "k × d values", "another shape"))?;
    let centers = match &scaling {
        Some(s) => s.unscale(centers.view()),
        None => centers,
    };
    Ok(KMeansReport {
        k: params.k,
        labels,
        centers,
        inertia,
        sizes,
        silhouette,
        silhouette_rows,
        n_iter: run.n_iter,
        best_init,
        seed: params.seed,
        n_init: params.n_init,
        standardized: params.standardize,
    })
}

/// One k of a [`choose_k`] scan.
#[derive(Debug, Clone, PartialEq)]
pub struct KChoice {
    pub k: usize,
    pub inertia: f64,
    pub silhouette: Option<f64>,
}

/// K-means over a range of k, with the elbow of the inertia curve (the k farthest below the chord
/// from the first to the last inertia) and the k of the highest silhouette.
#[derive(Debug, Clone, PartialEq)]
pub struct KSelection {
    pub choices: Vec<KChoice>,
    pub elbow: usize,
    pub best_silhouette: Option<usize>,
    /// The clustering at the best silhouette (the elbow when no k has one), kept from the scan
    /// so nobody runs it twice.
    pub chosen: KMeansReport,
}

/// Progress: each k is an equal share of the run. The scan stops at the largest k the rows allow
/// (as many clusters as distinct rows); `choices` says how far it went.
pub fn choose_k(
    x: ArrayView2<'_, f64>,
    ks: RangeInclusive<usize>,
    params: &KMeansParams,
    ticker: &Ticker,
) -> Result<KSelection, ClusterError> {
    let parts = ks.clone().count() as u64;
    let run = |k: usize, part: u64| {
        kmeans(
            x,
            &KMeansParams {
                k,
                ..params.clone()
            },
            &ticker.part(part, parts),
        )
    };
    let mut choices = Vec::new();
    // The best silhouette so far; an equal one later does not replace it (the smaller k wins).
    let mut best: Option<KMeansReport> = None;
    for (part, k) in ks.enumerate() {
        // A range past the number of (distinct) rows stops where k-means can go no further: a
        // range of 2..500 over 182 customers is 2..182, not an error about k = 183.
        let report = match run(k, part as u64) {
            Err(ClusterError::BadK { .. } | ClusterError::TooFewDistinct { .. })
                if !choices.is_empty() =>
            {
                break;
            }
            other => other?,
        };
        choices.push(KChoice {
            k,
            inertia: report.inertia,
            silhouette: report.silhouette,
        });
        let better = match (report.silhouette, best.as_ref().and_then(|b| b.silhouette)) {
            (Some(s), Some(b)) => s > b,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if better {
            best = Some(report);
        }
    }
    if choices.is_empty() {
        return Err(bad("the range of k", "not empty", "an empty range"));
    }
    let inertias: Vec<f64> = choices.iter().map(|c| c.inertia).collect();
    let elbow = choices[elbow_of(&inertias)].k;
    let best_silhouette = best.as_ref().map(|b| b.k);
    let chosen = match best {
        Some(report) => report,
        None => run(elbow, parts - 1)?,
    };
    Ok(KSelection {
        choices,
        elbow,
        best_silhouette,
        chosen,
    })
}

/// The elbow of a falling, flattening curve: read backwards it rises flat-then-steep, the shape
/// [`knee`] expects.
fn elbow_of(falling: &[f64]) -> usize {
    let m = falling.len();
    if m < 3 {
        return 0;
    }
    let backwards: Vec<f64> = falling.iter().rev().copied().collect();
    m - 1 - knee(&backwards)
}

fn bad(name: &'static str, expected: &'static str, value: impl ToString) -> ClusterError {
    ClusterError::BadParam {
        name,
        expected,
        value: value.to_string(),
    }
}

/// The mean of the columns' population variances (scikit-learn scales `tol` by it).
fn mean_variance(data: &[f64], n: usize, d: usize) -> f64 {
    let mut mean = vec![0.0; d];
    for row in data.chunks_exact(d) {
        mean.iter_mut().zip(row).for_each(|(m, v)| *m += v);
    }
    mean.iter_mut().for_each(|m| *m /= n as f64);
    let mut var = 0.0;
    for row in data.chunks_exact(d) {
        var += row
            .iter()
            .zip(&mean)
            .map(|(v, m)| (v - m) * (v - m))
            .sum::<f64>();
    }
    var / (n * d) as f64
}

struct Run {
    /// Row-major k × d, in the blocks' coordinates (shifted and scaled).
    centres: Vec<f64>,
    labels: Vec<u32>,
    /// From f32 distances: enough to rank restarts.
    inertia: f64,
    n_iter: usize,
}

/// Counts finished Lloyd iterations over all restarts for progress: a restart that stops early
/// adds the iterations it did not need, so the count ends at exactly n_init × max_iter. The lock
/// keeps the reports of several threads in increasing order.
struct Progress<'a> {
    ticker: &'a Ticker,
    done: Mutex<u64>,
    total: u64,
}

impl Progress<'_> {
    fn tick(&self, iterations: usize) -> Result<(), ClusterError> {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done += iterations as u64;
        self.ticker.tick(*done, self.total)?;
        Ok(())
    }
}

fn best_of_restarts(
    x: &Blocks,
    p: &Problem,
    params: &KMeansParams,
    ticker: &Ticker,
) -> Result<(usize, Run), ClusterError> {
    let threads = match params.threads {
        0 => std::thread::available_parallelism().map_or(1, |t| t.get()),
        t => t,
    }
    .min(params.n_init);
    let progress = Progress {
        ticker,
        done: Mutex::new(0),
        total: (params.n_init * p.max_iter) as u64,
    };
    let next = AtomicUsize::new(0);
    let best: Mutex<Option<(usize, Run)>> = Mutex::new(None);
    let failure: Mutex<Option<ClusterError>> = Mutex::new(None);
    let work = || {
        // Buffers of n values each, reused by every restart on this thread: fresh pages cost
        // more (faulting and zeroing) than the passes that fill them.
        let mut state = State::new(x, p.k);
        let mut seeding = Seeding::new(x, p.k);
        loop {
            let init = next.fetch_add(1, Ordering::Relaxed);
            if init >= params.n_init {
                return;
            }
            let mut rng = Rng::stream(params.seed, init as u64);
            match single_run(x, p, &mut rng, &mut state, &mut seeding, &progress) {
                Ok(run) => {
                    let mut best = best.lock().unwrap_or_else(|e| e.into_inner());
                    let better = match &*best {
                        None => true,
                        Some((i, b)) => {
                            run.inertia < b.inertia || (run.inertia == b.inertia && init < *i)
                        }
                    };
                    if better {
                        *best = Some((init, run));
                    }
                }
                Err(e) => {
                    *failure.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                    next.store(params.n_init, Ordering::Relaxed);
                    return;
                }
            }
        }
    };
    if threads <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 1..threads {
                s.spawn(work);
            }
            work();
        });
    }
    if let Some(e) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    best.into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .ok_or(ClusterError::Cancelled) // n_init ≥ 1 restarts ran, so only a stop leaves none
}

/// The shape and stopping rule of one K-means problem.
struct Problem {
    k: usize,
    max_iter: usize,
    /// Absolute tolerance on the summed squared centre shift.
    tol: f64,
}

/// One restart: seed, then Lloyd's iterations accelerated by Hamerly's bounds.
fn single_run(
    x: &Blocks,
    p: &Problem,
    rng: &mut Rng,
    state: &mut State,
    seeding: &mut Seeding,
    progress: &Progress<'_>,
) -> Result<Run, ClusterError> {
    let (d, k) = (x.d, p.k);
    let mut centres: Vec<f64> = seed_centres(x, k, rng, seeding)
        .into_iter()
        .map(f64::from)
        .collect();
    state.reset();
    let mut shift = vec![0.0f64; k];
    state.assign(x, &centres, &shift);
    let mut n_iter = 1;
    let mut ticked = 0;
    loop {
        progress.tick(1)?;
        ticked += 1;
        state.relocate_empty(x, &centres);
        let mut shift_total = 0.0;
        for j in 0..k {
            if state.counts[j] == 0 {
                // Only when no row could be spared (k above the number of rows): stay put.
                shift[j] = 0.0;
                continue;
            }
            let c = &mut centres[j * d..(j + 1) * d];
            let mut moved = 0.0;
            for (cv, s) in c.iter_mut().zip(&state.sums[j * d..(j + 1) * d]) {
                let new = s / state.counts[j] as f64;
                moved += (new - *cv) * (new - *cv);
                *cv = new;
            }
            shift[j] = moved.sqrt();
            shift_total += moved;
        }
        if shift_total <= p.tol || n_iter >= p.max_iter {
            // The last centres moved after the last assignment: assign once more, as
            // scikit-learn does.
            state.assign(x, &centres, &shift);
            break;
        }
        let changed = state.assign(x, &centres, &shift);
        n_iter += 1;
        if changed == 0 {
            break;
        }
    }
    progress.tick(p.max_iter - ticked)?;
    Ok(Run {
        inertia: state.inertia(x, &centres),
        labels: state.labels[..x.n].to_vec(),
        centres,
        n_iter,
    })
}

#[cfg(test)]
mod tests;
