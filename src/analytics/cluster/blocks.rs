//! The rows as K-means' inner loops want them: single precision, shifted so each column's mean is
//! 0, in blocks of [`LANES`] rows stored column by column (block b, column j holds rows 8b..8b+8).
//!
//! Why: the passes over a million rows are bound by memory traffic and by arithmetic in turn.
//! Half-width values halve the traffic; eight rows side by side turn a distance into eight-wide
//! vector arithmetic for any number of columns (no per-dimension code); and a block is contiguous,
//! so jumping to one costs a few cache lines. The shift keeps f32 precise for data far from the
//! origin (timestamps, incomes): K-means does not change under a translation. A power-of-two
//! scale (exact) brings the largest value near 1, so squared distances neither overflow f32 for
//! huge values nor vanish for tiny ones; K-means does not change under a uniform scale either.
//! Only the search runs in f32; the reported labels, centres and inertia are settled in f64.

/// Rows per block: two SSE registers of f32, one AVX register.
pub(super) const LANES: usize = 8;

pub(super) struct Blocks {
    data: Vec<f32>,
    pub n: usize,
    pub d: usize,
    /// The column means subtracted from every row (f64, to add back exactly).
    pub offset: Vec<f64>,
    /// The power of two the shifted rows were multiplied by.
    pub scale: f64,
    /// Σ‖x‖² over the rows as stored (f32 values, f64 sum).
    pub norm2: f64,
}

impl Blocks {
    /// From row-major f64 rows; the lanes past the last row are zeros, and callers skip them.
    pub fn new(rows: &[f64], n: usize, d: usize) -> Blocks {
        let mut offset = vec![0.0f64; d];
        for row in rows.chunks_exact(d) {
            offset.iter_mut().zip(row).for_each(|(o, v)| *o += v);
        }
        offset.iter_mut().for_each(|o| *o /= n as f64);
        let largest = rows
            .chunks_exact(d)
            .flat_map(|row| row.iter().zip(&offset).map(|(v, o)| (v - o).abs()))
            .fold(0.0f64, f64::max);
        let scale = if largest > 0.0 {
            // Largest value near 1; the exponent stays within f64's range for any finite input.
            (-largest.log2().round()).exp2()
        } else {
            1.0
        };
        let mut norm2 = 0.0f64;
        let blocks = n.div_ceil(LANES);
        let mut data = vec![0.0f32; blocks * d * LANES];
        for (chunk, out) in rows.chunks(d * LANES).zip(data.chunks_exact_mut(d * LANES)) {
            for (l, row) in chunk.chunks_exact(d).enumerate() {
                for (j, (&v, &o)) in row.iter().zip(&offset).enumerate() {
                    let stored = ((v - o) * scale) as f32;
                    out[j * LANES + l] = stored;
                    norm2 += f64::from(stored) * f64::from(stored);
                }
            }
        }
        Blocks {
            data,
            n,
            d,
            offset,
            scale,
            norm2,
        }
    }

    pub fn blocks(&self) -> usize {
        self.n.div_ceil(LANES)
    }

    /// Block b: d columns of LANES values.
    #[inline(always)]
    pub fn block(&self, b: usize) -> &[f32] {
        &self.data[b * self.d * LANES..(b + 1) * self.d * LANES]
    }

    /// How many lanes of block b are real rows (LANES except perhaps in the last block).
    #[inline(always)]
    pub fn valid(&self, b: usize) -> usize {
        (self.n - b * LANES).min(LANES)
    }

    /// Row i in the blocks' coordinates (shifted and scaled).
    pub fn row(&self, i: usize) -> Vec<f32> {
        let block = self.block(i / LANES);
        let l = i % LANES;
        (0..self.d).map(|j| block[j * LANES + l]).collect()
    }

    /// Adds `sign` × lane l of a block to a row of f64 sums.
    #[inline(always)]
    pub fn add_lane(block: &[f32], l: usize, sums: &mut [f64], sign: f64) {
        for (s, col) in sums.iter_mut().zip(block.chunks_exact(LANES)) {
            *s += sign * f64::from(col[l]);
        }
    }
}

/// Squared distances from the rows of a block to one point (in the blocks' coordinates).
#[inline(always)]
pub(super) fn dist_block(block: &[f32], centre: &[f32]) -> [f32; LANES] {
    let mut acc = [0.0f32; LANES];
    for (col, &c) in block.chunks_exact(LANES).zip(centre) {
        for l in 0..LANES {
            let t = col[l] - c;
            acc[l] += t * t;
        }
    }
    acc
}

/// For each lane: the nearest of the centres (row-major, d columns), its squared distance and the
/// squared distance to the second nearest (infinite when k = 1). Ties go to the lower centre.
#[inline(always)]
pub(super) fn nearest_two_block(
    block: &[f32],
    centres: &[f32],
    d: usize,
) -> ([u32; LANES], [f32; LANES], [f32; LANES]) {
    let mut best = [0u32; LANES];
    let mut d1 = [f32::INFINITY; LANES];
    let mut d2 = [f32::INFINITY; LANES];
    for (c, centre) in centres.chunks_exact(d).enumerate() {
        let v = dist_block(block, centre);
        // Selects, not branches: which centre wins is unpredictable, and selects vectorise.
        for l in 0..LANES {
            let closer = v[l] < d1[l];
            d2[l] = if closer { d1[l] } else { d2[l].min(v[l]) };
            best[l] = if closer { c as u32 } else { best[l] };
            d1[l] = if closer { v[l] } else { d1[l] };
        }
    }
    (best, d1, d2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_hold_every_row_shifted_by_the_column_means_and_scaled() {
        let rows: Vec<f64> = (0..27).map(|v| v as f64).collect(); // 9 rows × 3
        let b = Blocks::new(&rows, 9, 3);
        assert_eq!(b.blocks(), 2);
        assert_eq!(b.valid(1), 1);
        assert_eq!(b.offset, [12.0, 13.0, 14.0]);
        assert_eq!(b.scale, 1.0 / 16.0, "the largest shifted value is 14");
        for i in 0..9 {
            let want: Vec<f32> = (0..3)
                .map(|j| ((i * 3 + j) as f32 - (12 + j) as f32) / 16.0)
                .collect();
            assert_eq!(b.row(i), want);
        }
        let d = dist_block(b.block(1), &[0.0, 0.0, 0.0]);
        assert_eq!(d[0], 3.0 * (12.0f32 / 16.0).powi(2));
        assert_eq!(d[1], 0.0, "a padding lane is all zeros");
    }

    #[test]
    fn huge_and_tiny_values_keep_their_distances_in_f32() {
        for unit in [1e30, 1e-30] {
            let rows = [0.0, unit, 3.0 * unit, 4.0 * unit];
            let b = Blocks::new(&rows, 4, 1);
            let d = dist_block(b.block(0), &b.row(0));
            assert!(d[1] > 0.0 && d[3].is_finite(), "{unit}: {d:?}");
            assert!((d[3] / d[1] - 16.0).abs() < 1e-4, "{unit}: {d:?}");
        }
    }
}
