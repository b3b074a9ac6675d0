//! How many customers each K-means segment holds.

use plotters::prelude::*;

use super::bars::{BarSeries, Bars, horizontal};
use super::format::{grouped, percent};
use super::frame::no_data;
use super::{Area, ChartError, Palette};
use crate::analytics::cluster::KMeansReport;

pub const TITLE: &str = "Customers per segment";

pub fn cluster_sizes<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &KMeansReport,
    palette: &Palette,
) -> Result<(), ChartError> {
    let total: usize = report.sizes.iter().sum();
    if total == 0 {
        return no_data(
            area,
            palette,
            TITLE,
            "Run K-means on customers with orders.",
        );
    }
    let k = report.sizes.len();
    let series = BarSeries {
        name: "Customers".into(),
        values: report.sizes.iter().map(|&s| Some(s as f64)).collect(),
        colours: (0..k).map(|c| palette.series(c)).collect(),
        labels: report
            .sizes
            .iter()
            .map(|&s| {
                format!(
                    "{} ({})",
                    grouped(s as i64),
                    percent(s as f64 / total as f64)
                )
            })
            .collect(),
    };
    horizontal(
        area,
        &Bars {
            title: TITLE,
            subtitle: Some(format!(
                "{} customers in {k} segments",
                grouped(total as i64)
            )),
            value_desc: "Customers",
            categories: (1..=k).map(|c| format!("Segment {c}")).collect(),
            series: vec![series],
        },
        palette,
    )
}

#[cfg(test)]
mod tests {
    use crate::charts::Chart;
    use crate::charts::testing::*;

    #[test]
    fn dump() {
        let (_, _, report) = three_groups();
        let svg = svg(&Chart::ClusterSizes(&report));
        std::fs::write("/tmp/clusters.svg", &svg).unwrap();
        println!("{:?}", texts(&svg));
    }
}
