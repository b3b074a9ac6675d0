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
                "{} customers scored by recency, frequency and monetary value",
                grouped(customers as i64)
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
