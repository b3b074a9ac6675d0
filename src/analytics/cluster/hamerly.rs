//! The assignment step of K-means: a plain pass over all centres, or Hamerly's bounds (in Drake's
//! lazy form) that let most points skip the distances once the centres settle; and the distance
//! kernel, unrolled when the number of features is known at compile time.

use super::dist2;

/// The rows and the shape of one K-means problem.
pub(super) struct Problem<'a> {
    pub data: &'a [f64],
    pub n: usize,
    pub d: usize,
    pub k: usize,
    pub max_iter: usize,
    /// Absolute tolerance on the summed squared centre shift.
    pub tol: f64,
}

impl Problem<'_> {
    #[inline]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.d..(i + 1) * self.d]
    }
}

/// Squared distance with the dimension known at compile time (D = 0: any dimension).
#[inline(always)]
pub(super) fn dist<const D: usize>(a: &[f64], b: &[f64]) -> f64 {
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

/// The nearest centre, its squared distance and the squared distance to the second nearest
/// (infinite when k = 1). Ties go to the lower centre number.
#[inline(always)]
pub(super) fn nearest_two<const D: usize>(
    x: &[f64],
    centers: &[f64],
    d: usize,
) -> (usize, f64, f64) {
    let (mut best, mut d1, mut d2) = (0usize, f64::INFINITY, f64::INFINITY);
    // With D known the chunk count is a division by a constant, not a `div` per call.
    let width = if D > 0 { D } else { d };
    for (j, c) in centers.chunks_exact(width).enumerate() {
        let v = dist::<D>(x, c);
        // Written as selects rather than branches: which centre wins is unpredictable.
        let closer = v < d1;
        d2 = if closer { d1 } else { d2.min(v) };
        best = if closer { j } else { best };
        d1 = if closer { v } else { d1 };
    }
    (best, d1, d2)
}

/// Hamerly's per-point state: the label, an upper bound on the distance to the own centre and a
/// lower bound on the distance to every other; and the running per-cluster sums.
///
/// The bounds are stored relative to how far the centres have drifted in total (Drake's lazy
/// form): after the centres move by `shift`, the upper bound of a point in cluster j is its stored
/// value plus `drift[j]`, and every lower bound is its stored value minus `max_drift`. So a pass
/// only reads the bounds, and writes those of the few points it measures — the passes are bound
/// by memory traffic, not arithmetic.
pub(super) struct State {
    pub labels: Vec<u32>,
    upper: Vec<f64>,
    lower: Vec<f64>,
    drift: Vec<f64>,
    max_drift: f64,
    pub sums: Vec<f64>,
    pub counts: Vec<usize>,
}

impl State {
    pub fn new(n: usize, k: usize, d: usize) -> State {
        State {
            labels: vec![u32::MAX; n],
            upper: vec![0.0; n],
            lower: vec![0.0; n],
            drift: vec![0.0; k],
            max_drift: 0.0,
            sums: vec![0.0; k * d],
            counts: vec![0; k],
        }
    }

    /// Ready for a new restart (every point unassigned, no drift yet).
    pub fn reset(&mut self) {
        self.labels.iter_mut().for_each(|l| *l = u32::MAX);
        self.drift.iter_mut().for_each(|t| *t = 0.0);
        self.max_drift = 0.0;
    }

    /// One assignment step after the centres moved by `shift`; returns how many points changed
    /// cluster. `full`: measure every point to every centre (and rebuild the sums); otherwise
    /// only the points whose bounds no longer prove their label.
    pub fn assign<const D: usize>(
        &mut self,
        p: &Problem<'_>,
        centers: &[f64],
        shift: &[f64],
        full: bool,
    ) -> usize {
        for (total, s) in self.drift.iter_mut().zip(shift) {
            *total += s;
        }
        self.max_drift += shift.iter().copied().fold(0.0, f64::max);
        if full {
            self.full_pass::<D>(p, centers)
        } else {
            self.hamerly_pass::<D>(p, centers)
        }
    }

    fn full_pass<const D: usize>(&mut self, p: &Problem<'_>, centers: &[f64]) -> usize {
        self.sums.iter_mut().for_each(|s| *s = 0.0);
        self.counts.iter_mut().for_each(|c| *c = 0);
        let mut changed = 0;
        for (i, x) in p.data.chunks_exact(p.d).enumerate() {
            let (best, d1, d2) = nearest_two::<D>(x, centers, p.d);
            changed += usize::from(self.labels[i] != best as u32);
            self.labels[i] = best as u32;
            self.upper[i] = d1.sqrt() - self.drift[best];
            self.lower[i] = d2.sqrt() + self.max_drift;
            add_row(&mut self.sums, &mut self.counts, best, x, 1.0);
        }
        changed
    }

    fn hamerly_pass<const D: usize>(&mut self, p: &Problem<'_>, centers: &[f64]) -> usize {
        let (k, d) = (p.k, p.d);
        // Half the distance from each centre to its nearest other centre: a point closer than
        // that to its own centre cannot be closer to any other.
        let half_gap: Vec<f64> = (0..k)
            .map(|j| {
                (0..k)
                    .filter(|&o| o != j)
                    .map(|o| dist2(&centers[j * d..(j + 1) * d], &centers[o * d..(o + 1) * d]))
                    .fold(f64::INFINITY, f64::min)
                    .sqrt()
                    / 2.0
            })
            .collect();
        // Blocks of rows in three sweeps: the bounds (read in order) pick the rows to measure;
        // their distances to their own centres are computed with no branch between them, so the
        // memory loads of scattered rows overlap instead of waiting one after another; then the
        // few rows still unproven are measured against every centre.
        const BLOCK: usize = 256;
        let mut todo: Vec<(usize, f64)> = Vec::with_capacity(BLOCK);
        let mut own = [0.0f64; BLOCK];
        let mut changed = 0;
        for start in (0..p.n).step_by(BLOCK) {
            let end = (start + BLOCK).min(p.n);
            todo.clear();
            for i in start..end {
                let a = self.labels[i] as usize;
                let bound = half_gap[a].max(self.lower[i] - self.max_drift);
                if self.upper[i] + self.drift[a] > bound {
                    todo.push((i, bound));
                }
            }
            for (o, &(i, _)) in own.iter_mut().zip(&todo) {
                let a = self.labels[i] as usize;
                *o = dist::<D>(p.row(i), &centers[a * d..(a + 1) * d]).sqrt();
            }
            for (&own, &(i, bound)) in own.iter().zip(&todo) {
                let a = self.labels[i] as usize;
                if own <= bound {
                    self.upper[i] = own - self.drift[a];
                    continue;
                }
                let x = p.row(i);
                let (best, d1, d2) = nearest_two::<D>(x, centers, d);
                self.upper[i] = d1.sqrt() - self.drift[best];
                self.lower[i] = d2.sqrt() + self.max_drift;
                if best != a {
                    add_row(&mut self.sums, &mut self.counts, a, x, -1.0);
                    add_row(&mut self.sums, &mut self.counts, best, x, 1.0);
                    self.labels[i] = best as u32;
                    changed += 1;
                }
            }
        }
        changed
    }

    /// A cluster left empty takes the point farthest from its own centre (as scikit-learn
    /// relocates them), so k clusters always come out.
    pub fn relocate_empty(&mut self, p: &Problem<'_>, centers: &[f64]) {
        let empty: Vec<usize> = (0..p.k).filter(|&j| self.counts[j] == 0).collect();
        if empty.is_empty() {
            return;
        }
        let d = p.d;
        let labels = &self.labels;
        let mut far: Vec<(f64, usize)> = (0..p.n)
            .map(|i| (dist2(p.row(i), &centers[labels[i] as usize * d..][..d]), i))
            .collect();
        far.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut far = far.into_iter();
        for j in empty {
            // A donor must not be the last member of its own cluster.
            let counts = &self.counts;
            let labels = &self.labels;
            let Some((_, i)) = far.by_ref().find(|&(_, i)| counts[labels[i] as usize] > 1) else {
                return;
            };
            let x = p.row(i);
            add_row(
                &mut self.sums,
                &mut self.counts,
                self.labels[i] as usize,
                x,
                -1.0,
            );
            add_row(&mut self.sums, &mut self.counts, j, x, 1.0);
            self.labels[i] = j as u32;
            self.upper[i] = f64::INFINITY;
            self.lower[i] = f64::NEG_INFINITY;
        }
    }
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
