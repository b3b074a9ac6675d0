//! Density clusters from DBSCAN: each customer coloured by cluster, the noise marked with crosses.

use plotters::prelude::*;

use super::format::count;
use super::frame::no_data;
use super::projection::{Points, Projection, ScatterAxes};
use super::scatter::{self, Group, Marker, Scatter};
use super::{Area, ChartError, Palette};
use crate::analytics::cluster::DbscanReport;

pub const TITLE: &str = "Density clusters";

pub fn dbscan_scatter<DB: DrawingBackend>(
    area: &Area<DB>,
    points: &Points<'_>,
    report: &DbscanReport,
    axes: ScatterAxes,
    palette: &Palette,
) -> Result<(), ChartError> {
    let n = points.x.nrows();
    let Some(projection) =
        Projection::fit(points, axes).filter(|_| n > 0 && report.labels.len() == n)
    else {
        return no_data(
            area,
            palette,
            TITLE,
            "Clusters need customers with at least two features.",
        );
    };
    let step = scatter::stride(n);
    let (mut groups, group_of) =
        Group::per_cluster("Cluster", &report.cluster_sizes, report.n_clusters, palette);
    let mut noise = Group {
        name: format!("Outliers ({})", count(report.n_noise as u64, "customer")),
        colour: palette.neutral,
        marker: Marker::Cross,
        points: Vec::new(),
    };
    for (i, row) in points.x.outer_iter().enumerate().step_by(step) {
        let at = projection.apply(row);
        match usize::try_from(report.labels[i]) {
            Ok(c) if c < group_of.len() => groups[group_of[c]].points.push(at),
            _ => noise.points.push(at),
        }
    }
    if report.n_noise > 0 {
        groups.push(noise);
    }
    let (x_desc, y_desc) = projection.axis_labels();
    let mut subtitle = format!(
        "eps {}, min samples {}{}: {}, {}",
        // As the radius field takes it, and as the result's note and "Use eps" write it.
        super::k_distance::eps_text(report.eps),
        report.min_samples,
        if report.standardized {
            " (standardised)"
        } else {
            ""
        },
        count(report.n_clusters as u64, "cluster"),
        count(report.n_noise as u64, "outlier")
    );
    if step > 1 {
        subtitle += &format!(
            "; one in {step} of {} customers shown",
            super::format::grouped(n as i64)
        );
    }
    scatter::draw(
        area,
        &Scatter {
            title: TITLE,
            subtitle: Some(subtitle),
            x_desc,
            y_desc,
            groups,
            centres: Vec::new(),
        },
        palette,
    )
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use crate::analytics::cluster::{DbscanParams, dbscan};
    use crate::analytics::worker::Ticker;
    use crate::charts::testing::*;
    use crate::charts::{Chart, Points, ScatterAxes};

    #[test]
    fn noise_is_marked_apart_from_the_clusters() {
        let x = array![
            [0.0, 0.0],
            [0.1, 0.0],
            [0.0, 0.1],
            [5.0, 5.0],
            [5.1, 5.0],
            [5.0, 5.1],
            [20.0, -3.0]
        ];
        let params = DbscanParams {
            eps: 0.5,
            min_samples: 2,
            standardize: false,
        };
        let report = dbscan(x.view(), &params, &Ticker::silent()).unwrap();
        let names = vec!["x".to_string(), "y".to_string()];
        let svg = svg(&Chart::Dbscan {
            points: Points {
                x: x.view(),
                features: &names,
            },
            report: &report,
            axes: ScatterAxes::Features(0, 1),
        });
        let p = light();
        assert_eq!(circles(&svg, p.series(0), 3), 3);
        assert_eq!(circles(&svg, p.series(1), 3), 3);
        assert!(has_text(&svg, "Outliers (1 customer)"), "{:?}", texts(&svg));
        assert!(has_text(&svg, "Cluster 1 (3 customers)"));
        // A cross is two strokes in the neutral colour: one for the point, one for its legend entry.
        assert_eq!(lines(&svg, p.neutral), 4);
    }

    #[test]
    fn many_clusters_name_the_largest_and_group_the_rest_in_one_entry() {
        // Twelve pairs of points far apart, the first pair a triple: twelve clusters.
        let mut rows = vec![[0.0, 0.5]];
        for c in 0..12 {
            let at = f64::from(c) * 10.0;
            rows.push([at, 0.0]);
            rows.push([at, 0.1]);
        }
        let x =
            ndarray::Array2::from_shape_vec((rows.len(), 2), rows.into_iter().flatten().collect())
                .unwrap();
        let params = DbscanParams {
            eps: 0.5,
            min_samples: 2,
            standardize: false,
        };
        let report = dbscan(x.view(), &params, &Ticker::silent()).unwrap();
        assert_eq!(report.n_clusters, 12);
        let names = vec!["x".to_string(), "y".to_string()];
        let svg = svg(&Chart::Dbscan {
            points: Points {
                x: x.view(),
                features: &names,
            },
            report: &report,
            axes: ScatterAxes::Features(0, 1),
        });
        let legend: Vec<String> = texts(&svg)
            .into_iter()
            .filter(|t| t.contains("customer"))
            .collect();
        // Seven named (the largest, cluster 1, among them) and one for the five left, beside
        // the plot, each name over its count.
        assert_eq!(legend.len(), 8, "{legend:?}");
        assert!(has_text(&svg, "Cluster 1"), "{legend:?}");
        assert!(has_text(&svg, "5 smaller clusters"), "{legend:?}");
        assert_eq!(legend.last().map(String::as_str), Some("10 customers"));
        assert!(text_y(&svg, "Cluster 1") < text_y(&svg, "3 customers"));
        assert!(
            has_text(&svg, "eps 0.500, min samples 2: 12 clusters, 0 outliers"),
            "{:?}",
            texts(&svg)
        );
    }
}
