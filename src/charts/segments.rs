//! Customer segments from K-means: each customer on two features (or the first two principal
//! components), coloured by cluster, with the cluster centres.

use plotters::prelude::*;

use super::frame::no_data;
use super::projection::{Points, Projection, ScatterAxes};
use super::scatter::{self, Group, Marker, Scatter};
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
    let mut groups: Vec<Group> = (0..report.k)
        .map(|c| Group {
            name: format!(
                "Segment {} ({} customers)",
                c + 1,
                report.sizes.get(c).copied().unwrap_or(0)
            ),
            colour: palette.series(c),
            marker: Marker::Dot,
            points: Vec::new(),
        })
        .collect();
    for (i, row) in points.x.outer_iter().enumerate().step_by(step) {
        if let Some(group) = groups.get_mut(report.labels[i]) {
            group.points.push(projection.apply(row));
        }
    }
    let centres = report
        .centers
        .outer_iter()
        .enumerate()
        .filter(|(_, c)| c.len() == points.x.ncols())
        .map(|(c, centre)| (projection.apply(centre), palette.series(c)))
        .collect();
    let (x_desc, y_desc) = projection.axis_labels();
    let title = format!("{TITLE} (k = {})", report.k);
    let mut subtitle = match report.silhouette {
        Some(s) => format!("silhouette {s:.2}"),
        None => "silhouette undefined (one segment)".to_string(),
    };
    if report.standardized {
        subtitle += ", clustered on standardised features";
    }
    if step > 1 {
        subtitle += &format!("; every {step}th of {n} customers shown");
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
