//! k-means++ seeding as scikit-learn does it: the first centre uniformly, then each next one the
//! best of 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to the nearest centre
//! so far ("best" = the lowest potential, the summed distance if it became a centre).
//!
//! Per centre this costs one pass over the rows: all candidates are measured at once, each
//! writing the nearest distances it would leave (and summing them, its potential); the winner's
//! become the nearest distances, with no second pass to fold it in. The draw scans only those
//! distances, never the rows, so no cumulative array is kept.

use super::blocks::{Blocks, LANES, dist_block};
use super::rng::Rng;

/// One thread's buffers for seeding: the nearest distances, and those each candidate would leave;
/// one value per lane of the blocks (padding lanes included, always 0).
pub(super) struct Seeding {
    closest: Vec<f32>,
    trials: Vec<Vec<f32>>,
}

impl Seeding {
    pub fn new(x: &Blocks, k: usize) -> Seeding {
        let lanes = x.blocks() * LANES;
        Seeding {
            closest: vec![0.0; lanes],
            trials: vec![vec![0.0; lanes]; trials(k)],
        }
    }
}

/// Candidates per centre after the first: 2 + ⌊ln k⌋, as scikit-learn draws them.
fn trials(k: usize) -> usize {
    2 + (k as f64).ln() as usize
}

/// The k starting centres (row-major, in the blocks' coordinates).
pub(super) fn seed_centres(x: &Blocks, k: usize, rng: &mut Rng, s: &mut Seeding) -> Vec<f32> {
    let first = x.row(rng.below(x.n));
    let mut total = start(x, &mut s.closest, &first);
    let mut centres = Vec::with_capacity(k * x.d);
    centres.extend_from_slice(&first);
    for _ in 1..k {
        let candidates: Vec<Vec<f32>> = draw(rng, x, &s.closest, total, trials(k))
            .into_iter()
            .map(|i| x.row(i))
            .collect();
        let potential = potentials(x, &s.closest, &candidates, &mut s.trials);
        // The first of equal potentials wins, so ties go to the earlier draw.
        let best =
            (0..candidates.len()).fold(0, |b, t| if potential[t] < potential[b] { t } else { b });
        std::mem::swap(&mut s.closest, &mut s.trials[best]);
        total = potential[best];
        centres.extend_from_slice(&candidates[best]);
    }
    centres
}

/// Block sums of the nearest distances, in one fixed order: the total and the draw's scan must
/// add the same numbers the same way, or a target near the end could fall past every row.
#[inline(always)]
fn block_sum(c: &[f32]) -> f64 {
    c.iter().map(|&v| f64::from(v)).sum()
}

/// The nearest distances to the first centre, and their sum. Padding lanes are 0 so they are
/// never drawn.
fn start(x: &Blocks, closest: &mut [f32], centre: &[f32]) -> f64 {
    let mut total = 0.0;
    for (b, c) in closest.chunks_exact_mut(LANES).enumerate() {
        c.copy_from_slice(&dist_block(x.block(b), centre));
        c[x.valid(b)..].iter_mut().for_each(|v| *v = 0.0);
        total += block_sum(c);
    }
    total
}

/// `trials` rows drawn with probability ∝ their nearest distance, in the order drawn.
fn draw(rng: &mut Rng, x: &Blocks, closest: &[f32], total: f64, trials: usize) -> Vec<usize> {
    let targets: Vec<f64> = (0..trials).map(|_| rng.next_f64() * total).collect();
    let mut order: Vec<usize> = (0..trials).collect();
    order.sort_by(|&a, &b| targets[a].total_cmp(&targets[b]));
    // Every row at distance 0 (k above the number of distinct rows): any row will do; take the
    // first, as a cumulative search for 0 would.
    let mut picked = vec![0usize; trials];
    let mut next = order.into_iter().peekable();
    let mut before = 0.0;
    for (b, c) in closest.chunks_exact(LANES).enumerate() {
        let after = before + block_sum(c);
        while let Some(&t) = next.peek() {
            if after <= targets[t] {
                break;
            }
            // The target falls in this block: the lane where the running sum passes it, or the
            // last lane with any weight if rounding inside the block says otherwise.
            let mut run = before;
            let mut lane = (0..x.valid(b)).rev().find(|&l| c[l] > 0.0).unwrap_or(0);
            for (l, &v) in c.iter().enumerate().take(x.valid(b)) {
                run += f64::from(v);
                if run > targets[t] {
                    lane = l;
                    break;
                }
            }
            picked[t] = b * LANES + lane;
            next.next();
        }
        before = after;
    }
    // Targets that rounding left past the end take the last row with any weight.
    if next.peek().is_some() {
        let last = (0..x.n).rev().find(|&i| closest[i] > 0.0).unwrap_or(0);
        next.for_each(|t| picked[t] = last);
    }
    picked
}

/// The potential of each candidate, all measured in one pass over the blocks; `after[t]` gets
/// the nearest distances candidate t would leave. The potentials are summed as the draw sums
/// (block by block), so the winner's is exactly the total of its distances.
fn potentials(
    x: &Blocks,
    closest: &[f32],
    candidates: &[Vec<f32>],
    after: &mut [Vec<f32>],
) -> Vec<f64> {
    let mut potential = vec![0.0f64; candidates.len()];
    for (b, old) in closest.chunks_exact(LANES).enumerate() {
        let block = x.block(b);
        for ((pot, c), out) in potential.iter_mut().zip(candidates).zip(after.iter_mut()) {
            let v = dist_block(block, c);
            let out = &mut out[b * LANES..(b + 1) * LANES];
            // Padding lanes have old = 0, so they stay 0.
            for l in 0..LANES {
                out[l] = v[l].min(old[l]);
            }
            *pot += block_sum(out);
        }
    }
    potential
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_distinct_rows_when_there_are_enough() {
        let rows: Vec<f64> = (0..40).map(|v| (v * v) as f64).collect(); // 20 rows × 2
        let x = Blocks::new(&rows, 20, 2);
        let c = seed_centres(&x, 5, &mut Rng::new(1), &mut Seeding::new(&x, 5));
        let mut seen: Vec<Vec<u32>> = c
            .chunks(2)
            .map(|p| p.iter().map(|v| v.to_bits()).collect())
            .collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 5);
    }

    #[test]
    fn identical_rows_still_give_k_seeds() {
        let rows = vec![3.0f64; 22]; // 11 equal rows × 2
        let x = Blocks::new(&rows, 11, 2);
        let c = seed_centres(&x, 4, &mut Rng::new(1), &mut Seeding::new(&x, 4));
        assert_eq!(c, vec![0.0f32; 8]);
    }
}
