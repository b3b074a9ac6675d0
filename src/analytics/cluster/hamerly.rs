//! The assignment step of K-means with Hamerly's bounds (in Drake's lazy form) over blocks of
//! eight rows: a block is measured only when the bounds of one of its rows no longer prove the
//! row's label, and then all its rows against all centres at once — eight-wide arithmetic costs
//! little next to the memory traffic a finer test would save.

use super::blocks::{Blocks, LANES, dist_block, nearest_two_block};
use super::dist2;

/// Per-row state: the label, an upper bound on the distance to the own centre and a lower bound
/// on the distance to every other; and the running per-cluster sums (f64, of the rows in the blocks' coordinates).
///
/// The bounds are stored relative to how far the centres have drifted in total: after the centres
/// move by `shift`, the upper bound of a row in cluster j is its stored value plus `drift[j]`, and
/// every lower bound is its stored value minus `max_drift`. So a pass only reads the bounds, and
/// writes those of the blocks it measures. f32 bounds: they only decide what to measure, and an
/// error of one part in 10⁷ can only swap a row between two centres equally far from it.
pub(super) struct State {
    pub labels: Vec<u32>,
    upper: Vec<f32>,
    lower: Vec<f32>,
    drift: Vec<f64>,
    max_drift: f64,
    fresh: bool,
    pub sums: Vec<f64>,
    pub counts: Vec<usize>,
}

impl State {
    pub fn new(x: &Blocks, k: usize) -> State {
        let lanes = x.blocks() * LANES;
        State {
            labels: vec![0; lanes],
            upper: vec![0.0; lanes],
            lower: vec![0.0; lanes],
            drift: vec![0.0; k],
            max_drift: 0.0,
            fresh: true,
            sums: vec![0.0; k * x.d],
            counts: vec![0; k],
        }
    }

    /// Ready for a new restart: the next pass measures every row.
    pub fn reset(&mut self) {
        self.drift.iter_mut().for_each(|t| *t = 0.0);
        self.max_drift = 0.0;
        self.fresh = true;
    }

    /// One assignment step after the centres (f64, in the blocks' coordinates) moved by `shift`; returns
    /// how many rows changed cluster (all of them on the first pass of a restart).
    pub fn assign(&mut self, x: &Blocks, centres: &[f64], shift: &[f64]) -> usize {
        for (total, s) in self.drift.iter_mut().zip(shift) {
            *total += s;
        }
        self.max_drift += shift.iter().copied().fold(0.0, f64::max);
        let narrow: Vec<f32> = centres.iter().map(|&c| c as f32).collect();
        if self.fresh {
            self.fresh = false;
            self.sums.iter_mut().for_each(|s| *s = 0.0);
            self.counts.iter_mut().for_each(|c| *c = 0);
            for b in 0..x.blocks() {
                self.measure(x, b, &narrow, true);
            }
            return x.n;
        }
        let half_gap = half_gaps(centres, x.d);
        let mut changed = 0;
        for b in 0..x.blocks() {
            let base = b * LANES;
            let proven = (base..base + x.valid(b)).all(|i| {
                let a = self.labels[i] as usize;
                let bound = half_gap[a].max(f64::from(self.lower[i]) - self.max_drift);
                f64::from(self.upper[i]) + self.drift[a] <= bound
            });
            if !proven {
                changed += self.measure(x, b, &narrow, false);
            }
        }
        changed
    }

    /// Measures block b against every centre: new labels, fresh bounds, and the sums moved for the
    /// rows that changed cluster (`first`: every row is new to the sums).
    fn measure(&mut self, x: &Blocks, b: usize, centres: &[f32], first: bool) -> usize {
        let block = x.block(b);
        let (best, d1, d2) = nearest_two_block(block, centres, x.d);
        let d = x.d;
        let mut changed = 0;
        for l in 0..x.valid(b) {
            let i = b * LANES + l;
            let (old, new) = (self.labels[i] as usize, best[l] as usize);
            self.upper[i] = (f64::from(d1[l].sqrt()) - self.drift[new]) as f32;
            self.lower[i] = (f64::from(d2[l].sqrt()) + self.max_drift) as f32;
            if first || old != new {
                if !first {
                    Blocks::add_lane(block, l, &mut self.sums[old * d..(old + 1) * d], -1.0);
                    self.counts[old] -= 1;
                }
                Blocks::add_lane(block, l, &mut self.sums[new * d..(new + 1) * d], 1.0);
                self.counts[new] += 1;
                self.labels[i] = new as u32;
                changed += 1;
            }
        }
        changed
    }

    /// Sum of squared distances to the own centres, from the running sums rather than another
    /// pass over the rows: Σ‖x‖² − 2 Σ c·S + Σ n‖c‖² per cluster (S the cluster's sum, n its
    /// size). It cancels where a pass would not, which is harmless for what it is for: ranking
    /// restarts. The winner's inertia is computed exactly afterwards.
    pub fn inertia(&self, x: &Blocks, centres: &[f64]) -> f64 {
        let d = x.d;
        let cross: f64 = centres
            .chunks_exact(d)
            .zip(self.sums.chunks_exact(d))
            .zip(&self.counts)
            .map(|((c, s), &n)| {
                let c2: f64 = c.iter().map(|v| v * v).sum();
                let cs: f64 = c.iter().zip(s).map(|(a, b)| a * b).sum();
                n as f64 * c2 - 2.0 * cs
            })
            .sum();
        (x.norm2 + cross).max(0.0)
    }

    /// Squared distance of each row of block b to its own centre.
    fn own_distances(&self, x: &Blocks, b: usize, centres: &[f32]) -> [f32; LANES] {
        let block = x.block(b);
        let labels = &self.labels[b * LANES..(b + 1) * LANES];
        let mut own = [0.0f32; LANES];
        for (j, centre) in centres.chunks_exact(x.d).enumerate() {
            let v = dist_block(block, centre);
            for l in 0..LANES {
                own[l] = if labels[l] as usize == j {
                    v[l]
                } else {
                    own[l]
                };
            }
        }
        own
    }

    /// A cluster left empty takes the row farthest from its own centre (as scikit-learn relocates
    /// them), so k clusters always come out.
    pub fn relocate_empty(&mut self, x: &Blocks, centres: &[f64]) {
        let k = self.counts.len();
        let empty: Vec<usize> = (0..k).filter(|&j| self.counts[j] == 0).collect();
        if empty.is_empty() {
            return;
        }
        let narrow: Vec<f32> = centres.iter().map(|&c| c as f32).collect();
        let mut far: Vec<(f32, usize)> = Vec::with_capacity(x.n);
        for b in 0..x.blocks() {
            let own = self.own_distances(x, b, &narrow);
            far.extend((0..x.valid(b)).map(|l| (own[l], b * LANES + l)));
        }
        far.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut far = far.into_iter();
        let d = x.d;
        for j in empty {
            // A donor must not be the last member of its own cluster.
            let counts = &self.counts;
            let labels = &self.labels;
            let Some((_, i)) = far.by_ref().find(|&(_, i)| counts[labels[i] as usize] > 1) else {
                return;
            };
            let (block, l) = (x.block(i / LANES), i % LANES);
            let old = self.labels[i] as usize;
            Blocks::add_lane(block, l, &mut self.sums[old * d..(old + 1) * d], -1.0);
            self.counts[old] -= 1;
            Blocks::add_lane(block, l, &mut self.sums[j * d..(j + 1) * d], 1.0);
            self.counts[j] += 1;
            self.labels[i] = j as u32;
            // Bounds that prove nothing: the row's block is measured again next pass.
            self.upper[i] = f32::INFINITY;
            self.lower[i] = f32::NEG_INFINITY;
        }
    }
}

/// Half the distance from each centre to its nearest other centre: a row closer than that to its
/// own centre cannot be closer to any other.
fn half_gaps(centres: &[f64], d: usize) -> Vec<f64> {
    let k = centres.len() / d;
    (0..k)
        .map(|j| {
            (0..k)
                .filter(|&o| o != j)
                .map(|o| dist2(&centres[j * d..(j + 1) * d], &centres[o * d..(o + 1) * d]))
                .fold(f64::INFINITY, f64::min)
                .sqrt()
                / 2.0
        })
        .collect()
}
