//! Customer segments from K-means: each customer on two features (or the first two principal
//! components), coloured by cluster, with the cluster centres.

use plotters::prelude::*;

use super::frame::no_data;
use super::projection::{Points, Projection, ScatterAxes};
use super::scatter::{self, Group, Scatter};
use super::{Area, ChartError, Palette};
use crate::analytics::cluster::KMeansReport;

pub const TITLE: &str = "Customer segments";

pub fn segment_scatter<DB: DrawingBackend>(
    area: &Area<DB>,
    points: &Points<'_>,
    report: &KMeansReport,
    axes: ScatterAxes,
    palette: &Palette,
) -> Result<(), ChartError> {
    let n = points.x.nrows();
    let projection = Projection::fit(points, axes);
    let Some(projection) = projection.filter(|_| n > 0 && report.labels.len() == n) else {
        return no_data(
            area,
            palette,
            TITLE,
            "Segments need customers with at least two features.",
        );
    };
    let step = scatter::stride(n);
    let (mut groups, group_of) = Group::per_cluster("Segment", &report.sizes, report.k, palette);
    for (i, row) in points.x.outer_iter().enumerate().step_by(step) {
        if let Some(&g) = group_of.get(report.labels[i]) {
            groups[g].points.push(projection.apply(row));
        }
    }
    let centres = report
        .centers
        .outer_iter()
        .enumerate()
        .filter(|(_, c)| c.len() == points.x.ncols())
        .map(|(c, centre)| (projection.apply(centre), groups[group_of[c]].colour))
        .collect();
    let (x_desc, y_desc) = projection.axis_labels();
    let title = format!("{TITLE} (k = {})", report.k);
    let mut subtitle = match report.silhouette {
        Some(s) => format!("silhouette {s:.2}"),
        // Short: the segment-size chart stands beside this one, and its subtitle met this one's.
        None => "one segment, so no silhouette".to_string(),
    };
    if report.standardized {
        subtitle += ", standardised";
    }
    if step > 1 {
        subtitle += &format!(
            "; one in {step} of {} customers shown",
            super::format::grouped(n as i64)
        );
    }
    scatter::draw(
        area,
        &Scatter {
            title: &title,
            subtitle: Some(subtitle),
            x_desc,
            y_desc,
            groups,
            centres,
        },
        palette,
    )
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use crate::charts::testing::*;
    use crate::charts::{Chart, Points, ScatterAxes};

    #[test]
    fn each_customer_is_a_dot_in_its_segment_colour_with_the_centres_on_top() {
        let (x, names, report) = three_groups();
        let points = Points {
            x: x.view(),
            features: &names,
        };
        let svg = svg(&Chart::Segments {
            points,
            report: &report,
            axes: ScatterAxes::Features(0, 1),
        });
        assert!(has_text(&svg, "Customer segments (k = 3)"));
        assert!(has_text(&svg, "Age (years)") && has_text(&svg, "Income (EUR)"));
        let p = light();
        let dots: Vec<usize> = (0..3).map(|c| circles(&svg, p.series(c), 3)).collect();
        assert_eq!(
            dots,
            vec![10, 10, 10],
            "30 customers in three groups of ten"
        );
        for c in 0..3 {
            assert_eq!(circles(&svg, p.series(c), 6), 1, "centre of segment {c}");
            assert!(has_text(&svg, &format!("Segment {} (10 customers)", c + 1)));
        }
        assert!(has_text(&svg, "Centre"));
    }

    #[test]
    fn more_than_two_features_are_drawn_on_principal_components() {
        let (x2, _, report) = three_groups();
        // A third column, a copy of the first, so the plane must be a projection.
        let x = Array2::from_shape_fn((30, 3), |(i, j)| x2[[i, j.min(1)]]);
        let names = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let svg = svg(&Chart::Segments {
            points: Points {
                x: x.view(),
                features: &names,
            },
            report: &report,
            axes: ScatterAxes::natural(3),
        });
        assert!(
            texts(&svg)
                .iter()
                .any(|t| t.starts_with("Principal component 1 (")),
            "{:?}",
            texts(&svg)
        );
        assert_eq!(
            (0..3)
                .map(|c| circles(&svg, light().series(c), 3))
                .sum::<usize>(),
            30
        );
    }

    /// Twenty segments: the legend (eight named, the rest together, the centres) is taller than
    /// any corner can hold, so it stands beside the plot, right of every point and tick.
    #[test]
    fn a_long_legend_stands_beside_the_plot() {
        let rows: Vec<f64> = (0..400)
            .flat_map(|i| {
                let g = (i % 20) as f64;
                [
                    g * 10.0 + (i % 7) as f64 * 0.1,
                    (g * 7.0) % 30.0 + (i % 5) as f64 * 0.1,
                ]
            })
            .collect();
        let x = Array2::from_shape_vec((400, 2), rows).unwrap();
        let mut params = crate::analytics::cluster::KMeansParams::new(20);
        params.threads = 1;
        let report = crate::analytics::cluster::kmeans(
            x.view(),
            &params,
            &crate::analytics::worker::Ticker::silent(),
        )
        .unwrap();
        let names = vec!["a".to_string(), "b".to_string()];
        let chart = Chart::Segments {
            points: Points {
                x: x.view(),
                features: &names,
            },
            report: &report,
            axes: ScatterAxes::Features(0, 1),
        };
        let svg = svg(&chart);
        let legend_x = text_x(&svg, "Centre");
        let ticks_right = texts(&svg)
            .iter()
            .filter(|t| t.parse::<f64>().is_ok())
            .map(|t| text_x(&svg, t))
            .max()
            .unwrap();
        assert!(legend_x > ticks_right, "{legend_x} ≤ {ticks_right}");
        assert!(has_text(&svg, "13 smaller segments") && has_text(&svg, "260 customers"));
    }

    #[test]
    fn labels_that_do_not_match_the_rows_give_an_empty_chart_not_a_panic() {
        let (x, names, report) = three_groups();
        let fewer = x.view().split_at(ndarray::Axis(0), 5).0;
        let svg = svg(&Chart::Segments {
            points: Points {
                x: fewer,
                features: &names,
            },
            report: &report,
            axes: ScatterAxes::Features(0, 1),
        });
        assert!(has_text(&svg, "No data yet"));
    }
}
