//! Z-score standardisation: z = (x − mean) / std with the population std (ddof = 0), as
//! scikit-learn's `StandardScaler`; a constant column has std 0 and stays 0 after scaling.

use ndarray::{Array1, Array2, ArrayView2, Axis};

/// The mean and population standard deviation of each column, to scale points and to bring
/// centres back to the original units.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaling {
    pub mean: Array1<f64>,
    pub std: Array1<f64>,
}

impl Scaling {
    pub fn fit(x: ArrayView2<'_, f64>) -> Scaling {
        let (n, d) = x.dim();
        let mut mean = Array1::<f64>::zeros(d);
        let mut var = Array1::<f64>::zeros(d);
        if n > 0 {
            for row in x.axis_iter(Axis(0)) {
                mean += &row;
            }
            mean /= n as f64;
            // Two passes (sum of squared deviations) rather than E[x²] − E[x]², which cancels badly.
            for row in x.axis_iter(Axis(0)) {
                for ((v, &xi), &m) in var.iter_mut().zip(row).zip(&mean) {
                    *v += (xi - m) * (xi - m);
                }
            }
            var /= n as f64;
        }
        Scaling {
            mean,
            std: var.mapv(f64::sqrt),
        }
    }

    /// The divisor for a column: its std, or 1 for a constant column (so it maps to 0).
    fn divisor(&self, j: usize) -> f64 {
        if self.std[j] == 0.0 { 1.0 } else { self.std[j] }
    }

    pub fn apply(&self, x: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut z = x.to_owned();
        for mut row in z.axis_iter_mut(Axis(0)) {
            for (j, v) in row.iter_mut().enumerate() {
                *v = (*v - self.mean[j]) / self.divisor(j);
            }
        }
        z
    }

    /// Points in scaled units (rows) back in the original units.
    pub fn unscale(&self, z: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut x = z.to_owned();
        for mut row in x.axis_iter_mut(Axis(0)) {
            for (j, v) in row.iter_mut().enumerate() {
                *v = *v * self.divisor(j) + self.mean[j];
            }
        }
        x
    }
}

/// The standardised matrix and the scaling that made it.
pub fn standardize(x: ArrayView2<'_, f64>) -> (Array2<f64>, Scaling) {
    let scaling = Scaling::fit(x);
    (scaling.apply(x), scaling)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn columns_get_mean_zero_and_population_std_one() {
        let x = array![[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]];
        let (z, s) = standardize(x.view());
        assert_eq!(s.mean, array![2.5, 25.0]);
        // ddof = 0: var = 1.25 for 1..4, not 5/3.
        assert!((s.std[0] - 1.25f64.sqrt()).abs() < 1e-15);
        for col in z.axis_iter(Axis(1)) {
            let m = col.sum() / 4.0;
            let v = col.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / 4.0;
            assert!(m.abs() < 1e-15 && (v - 1.0).abs() < 1e-12, "{m} {v}");
        }
        assert!((z[[0, 0]] + 1.5 / 1.25f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn a_constant_column_stays_zero_and_comes_back_as_itself() {
        let x = array![[5.0, 1.0], [5.0, 3.0]];
        let (z, s) = standardize(x.view());
        assert_eq!(s.std[0], 0.0);
        assert_eq!(z.column(0).to_vec(), vec![0.0, 0.0]);
        assert_eq!(s.unscale(z.view()), x);
    }

    #[test]
    fn unscale_undoes_apply() {
        let x = array![[1.5, -2.0, 7.0], [3.0, 4.0, 7.5], [0.0, 1.0, 9.0]];
        let (z, s) = standardize(x.view());
        let back = s.unscale(z.view());
        for (a, b) in back.iter().zip(&x) {
            assert!((a - b).abs() < 1e-12);
        }
    }
}
