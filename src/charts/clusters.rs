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
    // Past the palette's colours the smaller segments share one bar, as they share one colour
    // and one legend entry in the scatter: fifty labelled bars ran into one another.
    let colours = super::scatter::cluster_colours(&report.sizes, palette);
    let shared = palette.series(palette.series.len() - 1);
    let merging = k > palette.series.len();
    let mut bars: Vec<(String, usize, super::Rgb)> = Vec::new();
    let (mut rest_segments, mut rest_customers) = (0u64, 0usize);
    for (c, (&size, &colour)) in report.sizes.iter().zip(&colours).enumerate() {
        if merging && colour == shared {
            rest_segments += 1;
            rest_customers += size;
        } else {
            bars.push((format!("Segment {}", c + 1), size, colour));
        }
    }
    if rest_segments > 0 {
        bars.push((
            crate::words::count(rest_segments, "smaller segment"),
            rest_customers,
            shared,
        ));
    }
    let series = BarSeries {
        name: "Customers".into(),
        values: bars.iter().map(|b| Some(b.1 as f64)).collect(),
        colours: bars.iter().map(|b| b.2).collect(),
        labels: bars
            .iter()
            .map(|&(_, s, _)| {
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
            categories: bars.into_iter().map(|b| b.0).collect(),
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

    /// Fifty segments: the seven largest have bars of their own, the rest one bar between them
    /// (fifty labelled bars had run into one unreadable block).
    #[test]
    fn past_the_colours_the_smaller_segments_share_one_bar() {
        let (_, _, mut report) = three_groups();
        report.sizes = (1..=50).collect();
        let svg = svg(&Chart::ClusterSizes(&report));
        for shown in 44..=50 {
            assert!(has_text(&svg, &format!("Segment {shown}")), "{shown}");
        }
        assert!(!has_text(&svg, "Segment 43"));
        assert!(has_text(&svg, "43 smaller segments"), "{:?}", texts(&svg));
        // 1 + 2 + … + 43 customers of 1,275.
        assert!(has_text(&svg, "946 (74.2 %)"), "{:?}", texts(&svg));
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
