//! The two model results an owner acts on: which open deals are likely to be won (naive Bayes), and
//! whether the churn model is worth trusting — its accuracy beside the bar it has to clear.

use plotters::prelude::*;

use super::bars::{BarSeries, Bars, horizontal};
use super::frame::no_data;
use super::{Area, ChartError, Palette};
use crate::analytics::workspace::{Churn, DealScoring};

pub const DEALS_TITLE: &str = "Chance to win, open deals";
pub const CHURN_TITLE: &str = "How well the churn model tells lapsing customers";

/// Deals drawn at most, the likeliest first.
pub const DEALS_SHOWN: usize = 12;

pub fn deal_scores<DB: DrawingBackend>(
    area: &Area<DB>,
    scoring: &DealScoring,
    palette: &Palette,
) -> Result<(), ChartError> {
    if scoring.scores.is_empty() {
        return no_data(
            area,
            palette,
            DEALS_TITLE,
            "There are no open deals to score.",
        );
    }
    let shown = &scoring.scores[..scoring.scores.len().min(DEALS_SHOWN)];
    let values: Vec<f64> = shown.iter().map(|s| s.probability * 100.0).collect();
    horizontal(
        area,
        &Bars {
            title: DEALS_TITLE,
            subtitle: Some(format!(
                "naive Bayes learned from {} closed deals; cross-validated accuracy {:.0} % \
                 (always guessing: {:.0} %)",
                scoring.closed,
                scoring.cv_accuracy * 100.0,
                scoring.baseline * 100.0
            )),
            value_desc: "Chance to win (%)",
            categories: shown.iter().map(|s| s.title.clone()).collect(),
            series: vec![
                BarSeries::plain(
                    "Chance to win",
                    values.iter().map(|&v| Some(v)).collect(),
                    palette.series(0),
                )
                .with_labels(values.iter().map(|v| format!("{v:.0} %")).collect()),
            ],
        },
        palette,
    )
}

pub fn churn_accuracy<DB: DrawingBackend>(
    area: &Area<DB>,
    churn: &Churn,
    palette: &Palette,
) -> Result<(), ChartError> {
    let total: usize = churn.counts.iter().sum();
    if total == 0 {
        return no_data(area, palette, CHURN_TITLE, "No customer has ordered yet.");
    }
    // The bar to clear: always answering with the commoner class.
    let baseline = churn.counts.iter().copied().max().unwrap_or(0) as f64 / total as f64;
    let values = [churn.cv_accuracy, churn.train_accuracy, baseline].map(|v| v * 100.0);
    let colours = [palette.series(0), palette.series(1), palette.muted];
    horizontal(
        area,
        &Bars {
            title: CHURN_TITLE,
            subtitle: Some(format!(
                "{} customers: {}",
                total,
                churn
                    .classes
                    .iter()
                    .zip(&churn.counts)
                    .map(|(c, n)| format!("{n} {c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            value_desc: "Customers told right (%)",
            categories: vec![
                format!("Cross-validated ({} folds)", churn.folds),
                // Short enough to be read whole beside the bars; the figures under the chart
                // say it at length.
                "On its training customers".into(),
                "Always guessing the usual".into(),
            ],
            series: vec![BarSeries {
                name: "Accuracy".into(),
                values: values.iter().map(|&v| Some(v)).collect(),
                colours: colours.to_vec(),
                labels: values.iter().map(|v| format!("{v:.1} %")).collect(),
            }],
        },
        palette,
    )
}

#[cfg(test)]
mod tests {
    use crate::analytics::workspace::{Churn, DealScore, DealScoring};
    use crate::charts::Chart;
    use crate::charts::testing::*;

    #[test]
    fn the_likeliest_deals_are_drawn_with_their_chance() {
        let scoring = DealScoring {
            closed: 20,
            won: 8,
            cv_accuracy: 0.7,
            baseline: 0.6,
            scores: (0..15)
                .map(|i| DealScore {
                    deal: i,
                    title: format!("Deal {i}"),
                    amount_minor: 1000_00,
                    probability: 0.9 - i as f64 * 0.05,
                })
                .collect(),
        };
        let svg = svg(&Chart::DealScores(&scoring));
        assert!(has_text(&svg, super::DEALS_TITLE));
        assert!(has_text(&svg, "Deal 0") && has_text(&svg, "90 %"));
        assert!(has_text(&svg, "Deal 11") && !has_text(&svg, "Deal 12"));
        let empty = DealScoring {
            scores: Vec::new(),
            ..scoring
        };
        assert!(has_text(&svg_of(&Chart::DealScores(&empty)), "No data yet"));
    }

    #[test]
    fn the_churn_model_is_shown_against_always_guessing() {
        let churn = Churn {
            classes: vec!["active".into(), "lapsed".into()],
            counts: vec![75, 25],
            features: vec!["age".into()],
            cv_accuracy: 0.8,
            train_accuracy: 0.85,
            folds: 5,
            converged: true,
            c: Some(1.0),
        };
        let svg = svg(&Chart::ChurnAccuracy(&churn));
        assert!(has_text(&svg, super::CHURN_TITLE));
        assert!(has_text(&svg, "Cross-validated (5 folds)"));
        assert!(has_text(&svg, "75.0 %"), "the baseline is 75 of 100");
    }

    fn svg_of(chart: &Chart<'_>) -> String {
        svg(chart)
    }
}
