//! K-means by Lloyd's iterations with Hamerly's bounds (one upper bound to the own centre, one
//! lower bound to all others per point, so most points skip the distance computations once the
//! centres settle), k-means++ seeding as scikit-learn does it (greedy, 2 + ⌊ln k⌋ candidates per
//! centre), restarts kept by lowest inertia, and scikit-learn's stopping rule: labels unchanged, or
//! the squared centre shift at most `tol` × the mean column variance.
//!
//! Restarts run on all cores; each has its own random stream from (seed, restart number) and ties
//! go to the lower restart number, so the answer never depends on the number of threads.

use std::ops::RangeInclusive;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use ndarray::{Array2, ArrayView2};

use super::hamerly::{Problem, State, dist, nearest_two};
use super::rng::Rng;
use super::scale::Scaling;
use super::silhouette::silhouette;
use super::{Cancel, ClusterError, knee, row_major};

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

/// Clusters the rows of `x` into `params.k` groups.
pub fn kmeans(
    x: ArrayView2<'_, f64>,
    params: &KMeansParams,
    cancel: Cancel<'_>,
) -> Result<KMeansReport, ClusterError> {
    let (n, d) = x.dim();
    row_major(x)?; // validates shape and finiteness before anything is scaled
    if params.k == 0 || params.k > n {
        return Err(ClusterError::BadK {
            k: params.k,
            rows: n,
        });
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
        None => row_major(x)?,
    };
    let problem = Problem {
        data: &data,
        n,
        d,
        k: params.k,
        max_iter: params.max_iter.max(1),
        tol: params.tol * mean_variance(&data, n, d),
    };

    let (best_init, run) = best_of_restarts(&problem, params, cancel)?;
    let (labels, inertia) = label_rows(&problem, &run.centers);
    let mut sizes = vec![0usize; params.k];
    for &l in &labels {
        sizes[l] += 1;
    }
    let (silhouette, silhouette_rows) = if params.silhouette {
        cancel.check()?;
        silhouette(&data, d, &labels, params.k, params.seed)
            .map_or((None, 0), |(s, m)| (Some(s), m))
    } else {
        (None, 0)
    };
    let centers = Array2::from_shape_vec((params.k, d), run.centers)
        .expect("a run keeps k × d centre coordinates");
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
}

pub fn choose_k(
    x: ArrayView2<'_, f64>,
    ks: RangeInclusive<usize>,
    params: &KMeansParams,
    cancel: Cancel<'_>,
) -> Result<KSelection, ClusterError> {
    let mut choices = Vec::new();
    for k in ks {
        let report = kmeans(
            x,
            &KMeansParams {
                k,
                ..params.clone()
            },
            cancel,
        )?;
        choices.push(KChoice {
            k,
            inertia: report.inertia,
            silhouette: report.silhouette,
        });
    }
    if choices.is_empty() {
        return Err(bad("the range of k", "not empty", "an empty range"));
    }
    let inertias: Vec<f64> = choices.iter().map(|c| c.inertia).collect();
    let elbow = choices[elbow_of(&inertias)].k;
    let best_silhouette = choices
        .iter()
        .filter_map(|c| c.silhouette.map(|s| (c.k, s)))
        .fold(None, |best: Option<(usize, f64)>, (k, s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((k, s)),
        })
        .map(|(k, _)| k);
    Ok(KSelection {
        choices,
        elbow,
        best_silhouette,
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
    centers: Vec<f64>,
    inertia: f64,
    n_iter: usize,
}

fn best_of_restarts(
    p: &Problem<'_>,
    params: &KMeansParams,
    cancel: Cancel<'_>,
) -> Result<(usize, Run), ClusterError> {
    let threads = match params.threads {
        0 => std::thread::available_parallelism().map_or(1, |t| t.get()),
        t => t,
    }
    .min(params.n_init);
    let next = AtomicUsize::new(0);
    let best: Mutex<Option<(usize, Run)>> = Mutex::new(None);
    let failure: Mutex<Option<ClusterError>> = Mutex::new(None);
    let work = || {
        // Buffers of n values each, reused by every restart on this thread: fresh pages cost
        // more (faulting and zeroing) than the passes that fill them.
        let mut scratch = Scratch::new(p);
        loop {
            let init = next.fetch_add(1, Ordering::Relaxed);
            if init >= params.n_init {
                return;
            }
            let mut rng = Rng::stream(params.seed, init as u64);
            match run_for_dimension(p, &mut rng, &mut scratch, cancel) {
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
    Ok(best
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .expect("n_init ≥ 1 restarts ran and none failed"))
}

/// One restart with the distance kernel unrolled for the data's dimension (most customer tables
/// have a handful of features; the general kernel serves the rest).
fn run_for_dimension(
    p: &Problem<'_>,
    rng: &mut Rng,
    scratch: &mut Scratch,
    cancel: Cancel<'_>,
) -> Result<Run, ClusterError> {
    match p.d {
        1 => single_run::<1>(p, rng, scratch, cancel),
        2 => single_run::<2>(p, rng, scratch, cancel),
        3 => single_run::<3>(p, rng, scratch, cancel),
        4 => single_run::<4>(p, rng, scratch, cancel),
        5 => single_run::<5>(p, rng, scratch, cancel),
        6 => single_run::<6>(p, rng, scratch, cancel),
        7 => single_run::<7>(p, rng, scratch, cancel),
        8 => single_run::<8>(p, rng, scratch, cancel),
        _ => single_run::<0>(p, rng, scratch, cancel),
    }
}

/// The labels of the winning centres and the inertia they give (one exact pass).
fn label_rows(p: &Problem<'_>, centers: &[f64]) -> (Vec<usize>, f64) {
    let mut inertia = 0.0;
    let labels = p
        .data
        .chunks_exact(p.d)
        .map(|x| {
            let (best, d1, _) = nearest_two::<0>(x, centers, p.d);
            inertia += d1;
            best
        })
        .collect();
    (labels, inertia)
}

/// One thread's buffers for its restarts.
struct Scratch {
    state: State,
    closest: Vec<f64>,
    cumulative: Vec<f64>,
}

impl Scratch {
    fn new(p: &Problem<'_>) -> Scratch {
        Scratch {
            state: State::new(p.n, p.k, p.d),
            closest: vec![0.0; p.n],
            cumulative: vec![0.0; p.n],
        }
    }
}

/// k-means++ as scikit-learn seeds it: the first centre uniformly, then each next one the best of
/// 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to the nearest centre so far.
fn seed_centers<const D: usize>(p: &Problem<'_>, rng: &mut Rng, scratch: &mut Scratch) -> Vec<f64> {
    let (n, d, k) = (p.n, p.d, p.k);
    let trials = 2 + (k as f64).ln() as usize;
    let mut centers = Vec::with_capacity(k * d);
    let first = rng.below(n);
    centers.extend_from_slice(p.row(first));
    let Scratch {
        closest,
        cumulative,
        ..
    } = scratch;
    for (c, x) in closest.iter_mut().zip(p.data.chunks_exact(d)) {
        *c = dist::<D>(x, p.row(first));
    }
    for _ in 1..k {
        let mut acc = 0.0;
        for (c, &v) in cumulative.iter_mut().zip(closest.iter()) {
            acc += v;
            *c = acc;
        }
        let candidates: Vec<usize> = (0..trials)
            .map(|_| {
                let target = rng.next_f64() * acc;
                cumulative.partition_point(|&c| c < target).min(n - 1)
            })
            .collect();
        // Candidates four at a time in one pass over the rows, each with its own running
        // potential (the sum if it became the next centre); then one more pass for the winner.
        let (mut best, mut best_potential) = (candidates[0], f64::INFINITY);
        for group in candidates.chunks(4) {
            let potential = match group.len() {
                1 => potentials::<D, 1>(p, closest, group).to_vec(),
                2 => potentials::<D, 2>(p, closest, group).to_vec(),
                3 => potentials::<D, 3>(p, closest, group).to_vec(),
                _ => potentials::<D, 4>(p, closest, group).to_vec(),
            };
            for (&c, &pot) in group.iter().zip(&potential) {
                if pot < best_potential {
                    best_potential = pot;
                    best = c;
                }
            }
        }
        let centre = p.row(best);
        for (c, x) in closest.iter_mut().zip(p.data.chunks_exact(d)) {
            *c = c.min(dist::<D>(x, centre));
        }
        centers.extend_from_slice(centre);
    }
    centers
}

/// The potential of each of G candidate centres (the sum of squared distances to the nearest
/// centre if it were added), in one pass over the rows with G running sums.
fn potentials<const D: usize, const G: usize>(
    p: &Problem<'_>,
    closest: &[f64],
    group: &[usize],
) -> [f64; G] {
    let c: [&[f64]; G] = std::array::from_fn(|t| p.row(group[t]));
    let mut potential = [0.0f64; G];
    for (x, &old) in p.data.chunks_exact(p.d).zip(closest) {
        for t in 0..G {
            potential[t] += dist::<D>(x, c[t]).min(old);
        }
    }
    potential
}

/// One restart: seed, then Lloyd's iterations accelerated by Hamerly's bounds.
fn single_run<const D: usize>(
    p: &Problem<'_>,
    rng: &mut Rng,
    scratch: &mut Scratch,
    cancel: Cancel<'_>,
) -> Result<Run, ClusterError> {
    let (n, d, k) = (p.n, p.d, p.k);
    let mut centers = seed_centers::<D>(p, rng, scratch);
    let state = &mut scratch.state;
    state.reset();
    let mut shift = vec![0.0f64; k];
    // While many points still move, a plain pass over all centres beats testing bounds that
    // mostly fail; Hamerly's bounds take over once fewer than a tenth of the points move.
    let mut full = true;
    let mut changed = state.assign::<D>(p, &centers, &shift, full);
    let mut n_iter = 1;
    loop {
        cancel.check()?;
        state.relocate_empty(p, &centers);
        let mut shift_total = 0.0;
        for j in 0..k {
            let c = &mut centers[j * d..(j + 1) * d];
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
            state.assign::<D>(p, &centers, &shift, full);
            break;
        }
        full = changed * 10 > n;
        changed = state.assign::<D>(p, &centers, &shift, full);
        n_iter += 1;
        if changed == 0 {
            break;
        }
    }
    let labels = &state.labels;
    let inertia = (0..n)
        .map(|i| dist::<D>(p.row(i), &centers[labels[i] as usize * d..][..d]))
        .sum();
    Ok(Run {
        centers,
        inertia,
        n_iter,
    })
}

#[cfg(test)]
mod tests;
