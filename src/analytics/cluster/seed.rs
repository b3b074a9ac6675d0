//! k-means++ seeding as scikit-learn does it: the first centre uniformly, then each next one the
//! best of 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to the nearest centre
//! so far ("best" = the lowest potential, the summed distance if it became a centre).
//!
//! Per centre this costs two passes over the rows: one measuring all candidates at once, one
//! folding the winner into the nearest distances (which also sums them for the next draw). The
//! draw itself scans only the distances, never the rows, so no cumulative array is kept.

use super::blocks::{Blocks, LANES, dist_block};
use super::rng::Rng;

/// The k starting centres (row-major, in the blocks' coordinates). `closest` is scratch of one value
/// per lane of `x` (padding lanes included).
pub(super) fn seed_centres(x: &Blocks, k: usize, rng: &mut Rng, closest: &mut [f32]) -> Vec<f32> {
    let trials = 2 + (k as f64).ln() as usize;
    let first = x.row(rng.below(x.n));
    let mut total = fold_in(x, closest, &first, true);
    let mut centres = Vec::with_capacity(k * x.d);
    centres.extend_from_slice(&first);
    for _ in 1..k {
        let candidates: Vec<Vec<f32>> = draw(rng, x, closest, total, trials)
            .into_iter()
            .map(|i| x.row(i))
            .collect();
        let potential = potentials(x, closest, &candidates);
        // The first of equal potentials wins, so ties go to the earlier draw.
        let best =
            (0..candidates.len()).fold(0, |b, t| if potential[t] < potential[b] { t } else { b });
        total = fold_in(x, closest, &candidates[best], false);
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

/// Takes a new centre into the nearest distances (or starts them, `first`) and returns their sum.
/// Padding lanes stay 0 so they are never drawn.
fn fold_in(x: &Blocks, closest: &mut [f32], centre: &[f32], first: bool) -> f64 {
    let mut total = 0.0;
    for (b, c) in closest.chunks_exact_mut(LANES).enumerate() {
        let v = dist_block(x.block(b), centre);
        for l in 0..LANES {
            c[l] = if first { v[l] } else { c[l].min(v[l]) };
        }
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

/// The potential of each candidate, all measured in one pass over the blocks.
fn potentials(x: &Blocks, closest: &[f32], candidates: &[Vec<f32>]) -> Vec<f64> {
    let mut potential = vec![0.0f64; candidates.len()];
    for (b, old) in closest.chunks_exact(LANES).enumerate() {
        let block = x.block(b);
        for (pot, c) in potential.iter_mut().zip(candidates) {
            let v = dist_block(block, c);
            // Padding lanes have old = 0, so they add nothing.
            let mut s = 0.0f32;
            for l in 0..LANES {
                s += v[l].min(old[l]);
            }
            *pot += f64::from(s);
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
        let mut closest = vec![0.0f32; x.blocks() * LANES];
        let c = seed_centres(&x, 5, &mut Rng::new(1), &mut closest);
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
        let mut closest = vec![0.0f32; x.blocks() * LANES];
        let c = seed_centres(&x, 4, &mut Rng::new(1), &mut closest);
        assert_eq!(c, vec![0.0f32; 8]);
    }
}
