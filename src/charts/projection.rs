//! Where a customer lands on a scatter plot: on two chosen features, or on the first two principal
//! components when there are more features than a plane can show.
//!
//! Principal components are taken on z-scores (population std), because the customer features come
//! in different units (income in currency, age in years) and the largest unit would otherwise be the
//! first component. They are the top eigenvectors of the correlation matrix, found by power
//! iteration with deflation: a d × d matrix with d ≤ a dozen features, so a few hundred matrix–vector
//! products are instant and no linear-algebra crate is needed.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::analytics::cluster::Scaling;

/// Rows (customers) and their feature columns, with each column's name and unit for the axes.
#[derive(Debug, Clone, Copy)]
pub struct Points<'a> {
    pub x: ArrayView2<'a, f64>,
    /// One per column, as the axis should read ("Income (EUR)").
    pub features: &'a [String],
}

/// Which plane the points are drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScatterAxes {
    /// Two feature columns, by index: horizontal, then vertical.
    Features(usize, usize),
    /// The first two principal components of the standardised features.
    PrincipalComponents,
}

impl ScatterAxes {
    /// The two features themselves when there are only two, otherwise the principal components.
    pub fn natural(features: usize) -> ScatterAxes {
        if features == 2 {
            ScatterAxes::Features(0, 1)
        } else {
            ScatterAxes::PrincipalComponents
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Projection {
    Features {
        x: usize,
        y: usize,
        x_label: String,
        y_label: String,
    },
    Components(Components),
}

/// The first two principal components: unit vectors in z-score space, and the share of the total
/// variance each explains.
#[derive(Debug, Clone, PartialEq)]
pub struct Components {
    pub scaling: Scaling,
    pub vectors: [Array1<f64>; 2],
    pub explained: [f64; 2],
}

impl Projection {
    /// The projection for `axes`; `None` when there are fewer than two features (or rows) or a
    /// feature index is out of range.
    pub fn fit(points: &Points<'_>, axes: ScatterAxes) -> Option<Projection> {
        let d = points.x.ncols();
        match axes {
            ScatterAxes::Features(x, y) if x < d && y < d => Some(Projection::Features {
                x,
                y,
                x_label: label(points.features, x),
                y_label: label(points.features, y),
            }),
            ScatterAxes::Features(..) => None,
            ScatterAxes::PrincipalComponents if d >= 2 && points.x.nrows() >= 2 => {
                Some(Projection::Components(principal_components(points.x)))
            }
            ScatterAxes::PrincipalComponents => None,
        }
    }

    /// A point (one row of features, in the input's units) on the plane.
    pub fn apply(&self, row: ArrayView1<'_, f64>) -> (f64, f64) {
        match self {
            Projection::Features { x, y, .. } => (row[*x], row[*y]),
            Projection::Components(c) => {
                let z: Vec<f64> = row
                    .iter()
                    .enumerate()
                    .map(|(j, v)| {
                        let std = c.scaling.std[j];
                        (v - c.scaling.mean[j]) / if std == 0.0 { 1.0 } else { std }
                    })
                    .collect();
                let dot = |w: &Array1<f64>| w.iter().zip(&z).map(|(a, b)| a * b).sum::<f64>();
                (dot(&c.vectors[0]), dot(&c.vectors[1]))
            }
        }
    }

    /// The axis descriptions: the features' names, or "PC1 (42 % of variance)".
    pub fn axis_labels(&self) -> (String, String) {
        match self {
            Projection::Features {
                x_label, y_label, ..
            } => (x_label.clone(), y_label.clone()),
            Projection::Components(c) => (
                format!(
                    "Principal component 1 ({:.0} % of variance)",
                    c.explained[0] * 100.0
                ),
                format!(
                    "Principal component 2 ({:.0} % of variance)",
                    c.explained[1] * 100.0
                ),
            ),
        }
    }
}

fn label(features: &[String], i: usize) -> String {
    features
        .get(i)
        .cloned()
        .unwrap_or_else(|| format!("Feature {}", i + 1))
}

/// The top two eigenvectors of the correlation matrix of `x` (n ≥ 2 rows, d ≥ 2 columns).
/// Rows the principal components are fitted on, at most (an even sample above this).
pub const PCA_SAMPLE: usize = 20_000;

pub fn principal_components(x: ArrayView2<'_, f64>) -> Components {
    // The plane of a picture does not need every row: an even sample of at most PCA_SAMPLE rows
    // gives the same axes to the eye, and keeps a million-row scatter from stalling a frame.
    let step = x.nrows().div_ceil(PCA_SAMPLE).max(1);
    let x = x.slice_axis(Axis(0), ndarray::Slice::new(0, None, step as isize));
    let scaling = Scaling::fit(x);
    let z = scaling.apply(x);
    let n = z.nrows() as f64;
    let cov: Array2<f64> = z.t().dot(&z) / n;
    let total: f64 = cov.diag().sum();
    let (first, l1) = top_eigenvector(&cov);
    // Deflate: remove the first component's share, so the next power iteration finds the second.
    let outer = outer(&first);
    let deflated = &cov - &(outer * l1);
    let (second, l2) = top_eigenvector(&deflated);
    let share = |l: f64| {
        if total > 0.0 {
            (l / total).max(0.0)
        } else {
            0.0
        }
    };
    Components {
        scaling,
        explained: [share(l1), share(l2)],
        vectors: [first, second],
    }
}

fn outer(v: &Array1<f64>) -> Array2<f64> {
    let col = v.view().insert_axis(Axis(1));
    let row = v.view().insert_axis(Axis(0));
    col.dot(&row)
}

/// The eigenvector of the largest eigenvalue of a symmetric positive semi-definite matrix, with its
/// eigenvalue; the sign makes the largest entry positive, so the same data always faces the same way.
fn top_eigenvector(m: &Array2<f64>) -> (Array1<f64>, f64) {
    let d = m.nrows();
    // A fixed, uneven start: an all-equal vector can be orthogonal to the answer by symmetry.
    let mut v: Array1<f64> = (0..d).map(|i| 1.0 + i as f64 * 0.618).collect();
    normalise(&mut v);
    let mut value = 0.0;
    for _ in 0..1000 {
        let mut next = m.dot(&v);
        let norm = next.dot(&next).sqrt();
        if norm < 1e-300 {
            // The matrix is zero in every direction left: any unit vector orthogonal to nothing will do.
            return (v, 0.0);
        }
        next /= norm;
        let change = (&next - &v).mapv(f64::abs).sum();
        v = next;
        value = norm;
        if change < 1e-12 {
            break;
        }
    }
    let largest = v.iter().copied().fold(
        0.0f64,
        |best, x| if x.abs() > best.abs() { x } else { best },
    );
    if largest < 0.0 {
        v.mapv_inplace(|x| -x);
    }
    (v, value)
}

fn normalise(v: &mut Array1<f64>) {
    let norm = v.dot(v).sqrt();
    if norm > 0.0 {
        *v /= norm;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Points spread widely along (1, 1, 0) and narrowly along (1, −1, 0), with a small third column.
    fn elongated() -> Array2<f64> {
        let mut rows = Vec::new();
        for i in 0..200 {
            let t = (i as f64 - 100.0) / 10.0; // wide
            let s = ((i * 37) % 11) as f64 / 10.0 - 0.5; // narrow
            let u = ((i * 53) % 7) as f64 / 7.0 - 0.5;
            rows.extend([t + s, t - s, u]);
        }
        Array2::from_shape_vec((200, 3), rows).unwrap()
    }

    #[test]
    fn the_first_component_follows_the_widest_spread() {
        let c = principal_components(elongated().view());
        let v = &c.vectors[0];
        let r = std::f64::consts::FRAC_1_SQRT_2;
        assert!((v[0] - r).abs() < 0.02 && (v[1] - r).abs() < 0.02, "{v}");
        assert!(v[2].abs() < 0.05, "{v}");
        assert!(c.explained[0] > 0.6, "{:?}", c.explained);
        assert!(c.explained[0] >= c.explained[1]);
    }

    #[test]
    fn components_are_orthogonal_unit_vectors() {
        let c = principal_components(elongated().view());
        let [a, b] = &c.vectors;
        assert!((a.dot(a) - 1.0).abs() < 1e-9);
        assert!((b.dot(b) - 1.0).abs() < 1e-9);
        assert!(a.dot(b).abs() < 1e-6, "{}", a.dot(b));
    }

    #[test]
    fn two_chosen_features_are_drawn_as_they_are() {
        let x = array![[1.0, 10.0, 100.0], [2.0, 20.0, 200.0]];
        let names = ["a".to_string(), "b".to_string(), "c".to_string()];
        let points = Points {
            x: x.view(),
            features: &names,
        };
        let p = Projection::fit(&points, ScatterAxes::Features(2, 0)).unwrap();
        assert_eq!(p.apply(x.row(1)), (200.0, 2.0));
        assert_eq!(p.axis_labels(), ("c".to_string(), "a".to_string()));
        assert!(Projection::fit(&points, ScatterAxes::Features(3, 0)).is_none());
    }

    #[test]
    fn a_constant_matrix_projects_to_the_origin_without_nan() {
        let x = Array2::from_elem((5, 3), 7.0);
        let names: Vec<String> = (0..3).map(|i| i.to_string()).collect();
        let points = Points {
            x: x.view(),
            features: &names,
        };
        let p = Projection::fit(&points, ScatterAxes::PrincipalComponents).unwrap();
        let (a, b) = p.apply(x.row(0));
        assert_eq!((a, b), (0.0, 0.0));
    }
}
