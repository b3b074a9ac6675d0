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
    let mut ranked = report.ranked_importance();
    if ranked.is_empty() {
        return no_data(area, palette, TITLE, "Fit a decision tree first.");
    }
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
            categories: ranked
                .iter()
                .map(|(name, _)| crate::analytics::workspace::inputs::feature_label(name).into())
                .collect(),
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

#[cfg(test)]
mod tests {
    use crate::analytics::classify::{Dataset, TreeParams, evaluate};
    use crate::analytics::table::Table;
    use crate::charts::Chart;
    use crate::charts::testing::*;

    #[test]
    fn features_are_ranked_by_importance_with_the_cross_validated_accuracy() {
        let rows: Vec<Vec<String>> = (0..40)
            .map(|i| {
                let decisive = i % 2;
                vec![
                    decisive.to_string(),
                    ((i * 7) % 5).to_string(),
                    if decisive == 1 { "yes" } else { "no" }.to_string(),
                ]
            })
            .collect();
        let table = Table::new(
            vec!["decisive".into(), "noise".into(), "bought".into()],
            rows,
        );
        let data =
            Dataset::from_table(&table, "bought", &["noise".into(), "decisive".into()]).unwrap();
        let report = evaluate(
            &data,
            &TreeParams::default(),
            5,
            &crate::analytics::worker::Ticker::silent(),
        )
        .unwrap();
        let svg = svg(&Chart::FeatureImportance(&report));
        assert!(has_text(&svg, super::TITLE));
        assert!(
            texts(&svg)
                .iter()
                .any(|t| t.starts_with("cross-validated accuracy 100.0 % (5 folds)")),
            "{:?}",
            texts(&svg)
        );
        assert!(has_text(&svg, "Share of the impurity decrease (%)"));
        assert!(
            has_text(&svg, "100.0 %"),
            "the decisive feature explains everything"
        );
        assert!(
            text_y(&svg, "decisive") < text_y(&svg, "noise"),
            "most important on top"
        );
    }
}
