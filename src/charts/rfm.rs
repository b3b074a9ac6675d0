//! RFM: each loyalty segment's share of the customers beside its share of the revenue.

use plotters::prelude::*;

use super::bars::{BarSeries, Bars, horizontal};
use super::format::grouped;
use super::frame::no_data;
use super::{Area, ChartError, Palette};
use crate::analytics::rfm::SegmentSummary;

pub const TITLE: &str = "Customers and revenue by loyalty segment";

pub fn rfm_segments<DB: DrawingBackend>(
    area: &Area<DB>,
    summary: &[SegmentSummary],
    not_scored: Option<&str>,
    palette: &Palette,
) -> Result<(), ChartError> {
    let customers: u64 = summary.iter().map(|s| s.customers).sum();
    if customers == 0 {
        return no_data(area, palette, TITLE, "No customer has ordered yet.");
    }
    let share = |n: u64| n as f64 / customers as f64 * 100.0;
    let label = |v: f64| format!("{v:.1} %");
    let customer_shares: Vec<f64> = summary.iter().map(|s| share(s.customers)).collect();
    let revenue_shares: Vec<f64> = summary.iter().map(|s| s.revenue_share * 100.0).collect();
    horizontal(
        area,
        &Bars {
            title: TITLE,
            subtitle: Some(format!(
                "{} customers scored by recency, frequency and monetary value{}",
                grouped(customers as i64),
                not_scored.map_or(String::new(), |n| format!("; not scored: {n}"))
            )),
            value_desc: "Share (%)",
            categories: summary
                .iter()
                .map(|s| s.segment.label().to_string())
                .collect(),
            series: vec![
                BarSeries::plain(
                    "Customers",
                    customer_shares.iter().map(|&v| Some(v)).collect(),
                    palette.series(0),
                )
                .with_labels(customer_shares.iter().map(|&v| label(v)).collect()),
                BarSeries::plain(
                    "Revenue",
                    revenue_shares.iter().map(|&v| Some(v)).collect(),
                    palette.series(1),
                )
                .with_labels(revenue_shares.iter().map(|&v| label(v)).collect()),
            ],
        },
        palette,
    )
}

#[cfg(test)]
mod tests {
    use crate::analytics::rfm::{Segment, SegmentSummary};
    use crate::charts::Chart;
    use crate::charts::testing::*;

    #[test]
    fn each_segment_shows_its_share_of_customers_beside_its_share_of_revenue() {
        let summary: Vec<SegmentSummary> = Segment::ALL
            .iter()
            .enumerate()
            .map(|(i, &segment)| SegmentSummary {
                segment,
                customers: if i < 2 { 5 } else { 0 },
                revenue_minor: if i == 0 {
                    750_00
                } else if i == 1 {
                    250_00
                } else {
                    0
                },
                revenue_share: [0.75, 0.25][i.min(1)] * f64::from(u8::from(i < 2)),
            })
            .collect();
        let svg = svg(&Chart::RfmSegments(&summary, None));
        assert!(has_text(&svg, "Champions") && has_text(&svg, "Lost"));
        assert!(
            has_text(&svg, "Customers") && has_text(&svg, "Revenue"),
            "legend"
        );
        assert!(has_text(&svg, "75.0 %") && has_text(&svg, "50.0 %"));
        let p = light();
        // Nine bars per series (empty segments have zero-width bars) and one legend swatch.
        assert_eq!(rects(&svg, p.series(0)).len(), 10);
        assert_eq!(rects(&svg, p.series(1)).len(), 10);
    }

    /// In the window's shorter chart the two bars of a segment are thinner than a line of text:
    /// their labels had been drawn on each other, and now share one line.
    #[test]
    fn labels_of_bars_thinner_than_text_share_one_line() {
        use crate::charts::export::{Size, svg_string};
        let summary: Vec<SegmentSummary> = Segment::ALL
            .iter()
            .map(|&segment| SegmentSummary {
                segment,
                customers: 10,
                revenue_minor: 100_00,
                revenue_share: 1.0 / 9.0,
            })
            .collect();
        let chart = Chart::RfmSegments(&summary, None);
        let short = Size {
            width: 700,
            height: 300,
        };
        let svg = svg_string(&chart, short, &light()).unwrap();
        assert!(has_text(&svg, "11.1 % / 11.1 %"), "{:?}", texts(&svg));
        let tall = svg_string(&chart, Size::REPORT, &light()).unwrap();
        assert!(!has_text(&tall, "11.1 % / 11.1 %") && has_text(&tall, "11.1 %"));
    }

    #[test]
    fn no_customers_is_an_empty_chart() {
        assert!(has_text(
            &svg(&Chart::RfmSegments(&[], None)),
            "No data yet"
        ));
    }
}
