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
        colours: super::scatter::cluster_colours(&report.sizes, palette),
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
                "{} customer{} in {k} segment{}",
                grouped(total as i64),
                if total == 1 { "" } else { "s" },
                if k == 1 { "" } else { "s" }
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
    fn one_bar_per_segment_in_its_colour_with_size_and_share() {
        let (_, _, report) = three_groups();
        let svg = svg(&Chart::ClusterSizes(&report));
        assert!(has_text(&svg, super::TITLE));
        assert!(has_text(&svg, "Customers"), "the value axis is named");
        for c in 0..3 {
            assert!(has_text(&svg, &format!("Segment {}", c + 1)));
            assert_eq!(rects(&svg, light().series(c)).len(), 1, "segment {c}");
        }
        assert_eq!(
            texts(&svg).iter().filter(|t| *t == "10 (33.3 %)").count(),
            3
        );
    }

    /// Segments of two and three customers: the axis counts whole customers (it had ticks at
    /// 0.50 and 1.5).
    #[test]
    fn a_few_customers_are_counted_in_whole_numbers() {
        let (_, _, mut report) = three_groups();
        report.sizes = vec![2, 3, 1];
        let svg = svg(&Chart::ClusterSizes(&report));
        let ticks: Vec<String> = texts(&svg)
            .into_iter()
            .filter(|t| t.parse::<f64>().is_ok())
            .collect();
        assert!(ticks.iter().any(|t| t == "3"), "{ticks:?}");
        assert!(
            ticks.iter().all(|t| !t.contains('.')),
            "a tick between whole customers: {ticks:?}"
        );
    }

    #[test]
    fn a_report_without_customers_says_so() {
        let (_, _, mut report) = three_groups();
        report.sizes = vec![0; 3];
        let svg = svg(&Chart::ClusterSizes(&report));
        assert!(has_text(&svg, "No data yet"));
        assert!(rects(&svg, light().series(0)).is_empty());
    }
}
