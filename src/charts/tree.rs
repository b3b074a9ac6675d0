//! Decision tree: how much each feature decides, with the cross-validated accuracy.

use plotters::prelude::*;

use super::bars::{BarSeries, Bars, horizontal};
use super::format::percent;
use super::frame::no_data;
use super::{Area, ChartError, Palette};
use crate::analytics::classify::TreeReport;

pub const TITLE: &str = "What the tree decides on";

/// The features by importance, most important first.
pub fn feature_importance<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &TreeReport,
    palette: &Palette,
) -> Result<(), ChartError> {
    let mut ranked: Vec<&(String, f64)> = report
        .importance
        .iter()
        .filter(|(_, v)| v.is_finite())
        .collect();
    if ranked.is_empty() {
        return no_data(area, palette, TITLE, "Fit a decision tree first.");
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    // A long tail of features that decide nothing would only push the others apart.
    ranked.truncate(15);
    let accuracy = match report.cv_accuracy {
        Some(a) => format!(
            "cross-validated accuracy {} ({} folds)",
            percent(a),
            report.folds
        ),
        None => format!(
            "training accuracy {} (no cross-validation)",
            percent(report.train_accuracy)
        ),
    };
    horizontal(
        area,
        &Bars {
            title: TITLE,
            subtitle: Some(format!(
                "{accuracy}; depth {}, {} leaves",
                report.depth, report.leaves
            )),
            value_desc: "Share of the impurity decrease (%)",
            categories: ranked.iter().map(|(name, _)| name.clone()).collect(),
            series: vec![
                BarSeries::plain(
                    "Importance",
                    ranked.iter().map(|(_, v)| Some(v * 100.0)).collect(),
                    palette.primary,
                )
                .with_labels(ranked.iter().map(|(_, v)| percent(*v)).collect()),
            ],
        },
        palette,
    )
}
