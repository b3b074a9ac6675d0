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

use super::rng::Rng;
use super::scale::Scaling;
use super::silhouette::silhouette;
use super::{Cancel, ClusterError, dist2, knee, row_major};

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
    if !(params.tol >= 0.0) {
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
    let labels: Vec<usize> = run.labels.iter().map(|&l| l as usize).collect();
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
        inertia: run.inertia,
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

struct Problem<'a> {
    data: &'a [f64],
    n: usize,
    d: usize,
    k: usize,
    max_iter: usize,
    /// Absolute tolerance on the summed squared centre shift.
    tol: f64,
}

impl Problem<'_> {
    #[inline]
    fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.d..(i + 1) * self.d]
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
    labels: Vec<u32>,
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
        loop {
            let init = next.fetch_add(1, Ordering::Relaxed);
            if init >= params.n_init {
                return;
            }
            let mut rng = Rng::stream(params.seed, init as u64);
            match run_for_dimension(p, &mut rng, cancel) {
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
    cancel: Cancel<'_>,
) -> Result<Run, ClusterError> {
    match p.d {
        1 => single_run::<1>(p, rng, cancel),
        2 => single_run::<2>(p, rng, cancel),
        3 => single_run::<3>(p, rng, cancel),
        4 => single_run::<4>(p, rng, cancel),
        5 => single_run::<5>(p, rng, cancel),
        6 => single_run::<6>(p, rng, cancel),
        7 => single_run::<7>(p, rng, cancel),
        8 => single_run::<8>(p, rng, cancel),
        _ => single_run::<0>(p, rng, cancel),
    }
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

/// k-means++ as scikit-learn seeds it: the first centre uniformly, then each next one the best of
/// 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to the nearest centre so far.
fn seed_centers<const D: usize>(p: &Problem<'_>, rng: &mut Rng) -> Vec<f64> {
    let (n, d, k) = (p.n, p.d, p.k);
    let trials = 2 + (k as f64).ln() as usize;
    let mut centers = Vec::with_capacity(k * d);
    let first = rng.below(n);
    centers.extend_from_slice(p.row(first));
    let mut closest: Vec<f64> = (0..n).map(|i| dist::<D>(p.row(i), p.row(first))).collect();
    let mut cumulative = vec![0.0f64; n];
    let mut candidate_closest = vec![0.0f64; n * trials];
    for _ in 1..k {
        let mut acc = 0.0;
        for (c, &v) in cumulative.iter_mut().zip(&closest) {
            acc += v;
            *c = acc;
        }
        let candidates: Vec<usize> = (0..trials)
            .map(|_| {
                let target = rng.next_f64() * acc;
                cumulative.partition_point(|&c| c < target).min(n - 1)
            })
            .collect();
        let mut potentials = vec![0.0f64; trials];
        for i in 0..n {
            let x = p.row(i);
            for (t, &c) in candidates.iter().enumerate() {
                let v = dist::<D>(x, p.row(c)).min(closest[i]);
                candidate_closest[t * n + i] = v;
                potentials[t] += v;
            }
        }
        let best = (0..trials)
            .min_by(|&a, &b| potentials[a].total_cmp(&potentials[b]).then(a.cmp(&b)))
            .expect("at least two trials");
        closest.copy_from_slice(&candidate_closest[best * n..(best + 1) * n]);
        centers.extend_from_slice(p.row(candidates[best]));
    }
    centers
}

/// One restart: seed, then Lloyd's iterations accelerated by Hamerly's bounds.
fn single_run<const D: usize>(
    p: &Problem<'_>,
    rng: &mut Rng,
    cancel: Cancel<'_>,
) -> Result<Run, ClusterError> {
    let (n, d, k) = (p.n, p.d, p.k);
    let mut centers = seed_centers::<D>(p, rng);
    let mut labels = vec![0u32; n];
    let mut upper = vec![0.0f64; n];
    let mut lower = vec![0.0f64; n];
    let mut sums = vec![0.0f64; k * d];
    let mut counts = vec![0usize; k];
    for i in 0..n {
        let (best, d1, d2) = nearest_two::<D>(p.row(i), &centers, d);
        labels[i] = best as u32;
        upper[i] = d1.sqrt();
        lower[i] = d2.sqrt();
        add_row(&mut sums, &mut counts, best, p.row(i), 1.0);
    }
    let mut half_gap = vec![0.0f64; k];
    let mut shift = vec![0.0f64; k];
    let mut n_iter = 1;
    let mut strict = false;
    loop {
        cancel.check()?;
        relocate_empty(
            p,
            &centers,
            &mut labels,
            &mut upper,
            &mut lower,
            &mut sums,
            &mut counts,
        );
        let mut shift_total = 0.0;
        for j in 0..k {
            let c = &mut centers[j * d..(j + 1) * d];
            let mut moved = 0.0;
            for (cv, s) in c.iter_mut().zip(&sums[j * d..(j + 1) * d]) {
                let new = s / counts[j] as f64;
                moved += (new - *cv) * (new - *cv);
                *cv = new;
            }
            shift[j] = moved.sqrt();
            shift_total += moved;
        }
        if shift_total <= p.tol || n_iter >= p.max_iter {
            break;
        }
        update_bounds(&labels, &mut upper, &mut lower, &shift);
        half_gaps(&centers, k, d, &mut half_gap);
        let changed = hamerly_step::<D>(
            p,
            &centers,
            &half_gap,
            &mut labels,
            &mut upper,
            &mut lower,
            &mut sums,
            &mut counts,
        );
        n_iter += 1;
        if changed == 0 {
            strict = true;
            break;
        }
    }
    if !strict {
        // The last centres moved after the last assignment: assign once more, as scikit-learn does.
        update_bounds(&labels, &mut upper, &mut lower, &shift);
        half_gaps(&centers, k, d, &mut half_gap);
        hamerly_step::<D>(
            p,
            &centers,
            &half_gap,
            &mut labels,
            &mut upper,
            &mut lower,
            &mut sums,
            &mut counts,
        );
    }
    let inertia = (0..n)
        .map(|i| dist::<D>(p.row(i), &centers[labels[i] as usize * d..][..d]))
        .sum();
    Ok(Run {
        labels,
        centers,
        inertia,
        n_iter,
    })
}

/// The nearest centre, its squared distance and the squared distance to the second nearest
/// (infinite when k = 1). Ties go to the lower centre number.
#[inline]
fn nearest_two<const D: usize>(x: &[f64], centers: &[f64], d: usize) -> (usize, f64, f64) {
    let (mut best, mut d1, mut d2) = (0usize, f64::INFINITY, f64::INFINITY);
    for (j, c) in centers.chunks_exact(d).enumerate() {
        let v = dist::<D>(x, c);
        if v < d1 {
            d2 = d1;
            d1 = v;
            best = j;
        } else if v < d2 {
            d2 = v;
        }
    }
    (best, d1, d2)
}

#[inline]
fn add_row(sums: &mut [f64], counts: &mut [usize], j: usize, x: &[f64], sign: f64) {
    let d = x.len();
    for (s, v) in sums[j * d..(j + 1) * d].iter_mut().zip(x) {
        *s += sign * v;
    }
    if sign > 0.0 {
        counts[j] += 1;
    } else {
        counts[j] -= 1;
    }
}

/// Half the distance from each centre to its nearest other centre: a point closer than that to
/// its own centre cannot be closer to any other.
fn half_gaps(centers: &[f64], k: usize, d: usize, out: &mut [f64]) {
    for j in 0..k {
        out[j] = (0..k)
            .filter(|&o| o != j)
            .map(|o| dist2(&centers[j * d..(j + 1) * d], &centers[o * d..(o + 1) * d]))
            .fold(f64::INFINITY, f64::min)
            .sqrt()
            / 2.0;
    }
}

/// After the centres move: the distance to the own centre grows by at most its shift, the
/// distance to any other shrinks by at most the largest shift of the others.
fn update_bounds(labels: &[u32], upper: &mut [f64], lower: &mut [f64], shift: &[f64]) {
    let (mut top, mut first, mut second) = (0usize, 0.0f64, 0.0f64);
    for (j, &s) in shift.iter().enumerate() {
        if s > first {
            second = first;
            first = s;
            top = j;
        } else if s > second {
            second = s;
        }
    }
    for ((&l, u), lo) in labels.iter().zip(upper.iter_mut()).zip(lower.iter_mut()) {
        *u += shift[l as usize];
        *lo -= if l as usize == top { second } else { first };
    }
}

/// One assignment pass; returns how many points changed cluster. Sums and counts follow the moves.
#[allow(clippy::too_many_arguments)] // the per-point state of Hamerly's method, kept as flat arrays
fn hamerly_step<const D: usize>(
    p: &Problem<'_>,
    centers: &[f64],
    half_gap: &[f64],
    labels: &mut [u32],
    upper: &mut [f64],
    lower: &mut [f64],
    sums: &mut [f64],
    counts: &mut [usize],
) -> usize {
    let d = p.d;
    let mut changed = 0;
    for i in 0..p.n {
        let a = labels[i] as usize;
        let bound = half_gap[a].max(lower[i]);
        if upper[i] <= bound {
            continue;
        }
        let x = p.row(i);
        upper[i] = dist::<D>(x, &centers[a * d..(a + 1) * d]).sqrt();
        if upper[i] <= bound {
            continue;
        }
        let (best, d1, d2) = nearest_two::<D>(x, centers, d);
        upper[i] = d1.sqrt();
        lower[i] = d2.sqrt();
        if best != a {
            add_row(sums, counts, a, x, -1.0);
            add_row(sums, counts, best, x, 1.0);
            labels[i] = best as u32;
            changed += 1;
        }
    }
    changed
}

/// A cluster left empty takes the point farthest from its own centre (as scikit-learn relocates
/// them), so k clusters always come out.
fn relocate_empty(
    p: &Problem<'_>,
    centers: &[f64],
    labels: &mut [u32],
    upper: &mut [f64],
    lower: &mut [f64],
    sums: &mut [f64],
    counts: &mut [usize],
) {
    let empty: Vec<usize> = (0..p.k).filter(|&j| counts[j] == 0).collect();
    if empty.is_empty() {
        return;
    }
    let d = p.d;
    let mut far: Vec<(f64, usize)> = (0..p.n)
        .map(|i| (dist2(p.row(i), &centers[labels[i] as usize * d..][..d]), i))
        .collect();
    far.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut far = far.into_iter();
    for j in empty {
        // A donor must not be the last member of its own cluster.
        let Some((_, i)) = far.by_ref().find(|&(_, i)| counts[labels[i] as usize] > 1) else {
            return;
        };
        let x = p.row(i);
        add_row(sums, counts, labels[i] as usize, x, -1.0);
        add_row(sums, counts, j, x, 1.0);
        labels[i] = j as u32;
        upper[i] = f64::INFINITY;
        lower[i] = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn blobs() -> Array2<f64> {
        let mut rng = Rng::new(3);
        let mut rows = Vec::new();
        for (cx, cy) in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)] {
            for _ in 0..50 {
                rows.push(cx + rng.next_f64());
                rows.push(cy + rng.next_f64());
            }
        }
        Array2::from_shape_vec((150, 2), rows).unwrap()
    }

    #[test]
    fn well_separated_blobs_come_out_as_the_clusters() {
        let x = blobs();
        let r = kmeans(x.view(), &KMeansParams::new(3), Cancel::NEVER).unwrap();
        let mut sizes = r.sizes.clone();
        sizes.sort_unstable();
        assert_eq!(sizes, [50, 50, 50]);
        for b in 0..3 {
            let first = r.labels[b * 50];
            assert!(r.labels[b * 50..(b + 1) * 50].iter().all(|&l| l == first));
        }
        assert!(r.silhouette.unwrap() > 0.8);
    }

    #[test]
    fn the_same_seed_gives_the_same_answer_on_any_number_of_threads() {
        let x = blobs();
        let mut params = KMeansParams::new(4);
        params.seed = 11;
        params.threads = 1;
        let one = kmeans(x.view(), &params, Cancel::NEVER).unwrap();
        params.threads = 3;
        let three = kmeans(x.view(), &params, Cancel::NEVER).unwrap();
        assert_eq!(one, three);
        params.seed = 12;
        let other = kmeans(x.view(), &params, Cancel::NEVER).unwrap();
        assert!(
            other.labels != one.labels
                || other.best_init != one.best_init
                || other.inertia != one.inertia
        );
    }

    #[test]
    fn hamerly_agrees_with_plain_lloyd_on_the_labels() {
        let x = blobs();
        let r = kmeans(x.view(), &KMeansParams::new(5), Cancel::NEVER).unwrap();
        // Every point is at its nearest centre and every centre is the mean of its points.
        for (i, row) in x.outer_iter().enumerate() {
            let (best, _, _) =
                nearest_two::<0>(row.as_slice().unwrap(), r.centers.as_slice().unwrap(), 2);
            assert_eq!(best, r.labels[i]);
        }
        let inertia: f64 = x
            .outer_iter()
            .zip(&r.labels)
            .map(|(row, &l)| {
                dist2(
                    row.as_slice().unwrap(),
                    r.centers.row(l).as_slice().unwrap(),
                )
            })
            .sum();
        assert!((inertia - r.inertia).abs() < 1e-9 * inertia);
    }

    #[test]
    fn centres_come_back_in_original_units_when_standardised() {
        let x = array![[1.0, 1000.0], [1.2, 1100.0], [9.0, 9000.0], [9.2, 9100.0]];
        let mut params = KMeansParams::new(2);
        params.standardize = true;
        let r = kmeans(x.view(), &params, Cancel::NEVER).unwrap();
        let mut c: Vec<(f64, f64)> = r.centers.outer_iter().map(|c| (c[0], c[1])).collect();
        c.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(
            (c[0].0 - 1.1).abs() < 1e-9 && (c[0].1 - 1050.0).abs() < 1e-6,
            "{c:?}"
        );
        assert!(
            (c[1].0 - 9.1).abs() < 1e-9 && (c[1].1 - 9050.0).abs() < 1e-6,
            "{c:?}"
        );
    }

    #[test]
    fn bad_k_and_cancelling_are_errors() {
        let x = blobs();
        assert_eq!(
            kmeans(x.view(), &KMeansParams::new(0), Cancel::NEVER).unwrap_err(),
            ClusterError::BadK { k: 0, rows: 150 }
        );
        let flag = std::sync::atomic::AtomicBool::new(true);
        assert_eq!(
            kmeans(x.view(), &KMeansParams::new(2), Cancel::new(&flag)).unwrap_err(),
            ClusterError::Cancelled
        );
    }

    #[test]
    fn choosing_k_finds_three_blobs() {
        let x = blobs();
        let s = choose_k(x.view(), 2..=7, &KMeansParams::new(2), Cancel::NEVER).unwrap();
        assert_eq!(s.choices.len(), 6);
        assert_eq!(s.elbow, 3);
        assert_eq!(s.best_silhouette, Some(3));
    }
}
