//! Linear regression: predicted against actual values with the line of perfect prediction, and the
//! coefficients as bars.

use plotters::chart::SeriesLabelPosition;
use plotters::prelude::*;

use super::bars::{BarSeries, Bars, horizontal};
use super::format::{number, significant};
use super::frame::{begin, draw_legend_clear_of, no_data, style_mesh, y_title};
use super::{Area, ChartError, Palette};
use crate::analytics::regress::Report;

pub const FIT_TITLE: &str = "Predicted against actual";
pub const COEFFICIENTS_TITLE: &str = "What moves the prediction";

/// `actual` and `predicted` pair up by row; `target` names what is predicted, with its unit.
pub fn predicted_vs_actual<DB: DrawingBackend>(
    area: &Area<DB>,
    actual: &[f64],
    predicted: &[f64],
    report: &Report,
    target: &str,
    palette: &Palette,
) -> Result<(), ChartError> {
    let pairs: Vec<(f64, f64)> = actual
        .iter()
        .zip(predicted)
        .map(|(&a, &p)| (a, p))
        .filter(|(a, p)| a.is_finite() && p.is_finite())
        .collect();
    if pairs.is_empty() {
        return no_data(
            area,
            palette,
            FIT_TITLE,
            "Fit a regression to see its predictions.",
        );
    }
    let body = begin(
        area,
        palette,
        FIT_TITLE,
        Some(&format!(
            "R² = {:.3}, RMSE = {}, {} rows",
            report.r2,
            significant(report.rmse),
            report.rows
        )),
    )?;
    let (lo, hi) = pairs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(a, p)| {
            (lo.min(a).min(p), hi.max(a).max(p))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let range = (lo - span * 0.05)..(hi + span * 0.05);
    // In the form's words ("total spent", not `monetary`), as the effect chart beside it; a
    // label given whole keeps its currency's capitals ("spending (last 12 months, EUR)").
    let target = lower_first(crate::analytics::workspace::inputs::feature_label(target));
    let mut chart = ChartBuilder::on(&y_title(&body, palette, &format!("Predicted {target}"))?)
        .x_label_area_size(52)
        .y_label_area_size(64)
        .build_cartesian_2d(range.clone(), range.clone())?;
    let width = chart.plotting_area().dim_in_pixel().0;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, palette, width);
    let x_desc = format!("Actual {target}");
    mesh.x_desc(x_desc)
        .x_label_formatter(&|v| number(*v))
        .y_label_formatter(&|v| number(*v))
        .draw()?;
    let dot = palette.primary.color();
    let step = pairs.len().div_ceil(super::scatter::MAX_POINTS).max(1);
    let shown: Vec<(f64, f64)> = pairs.iter().step_by(step).copied().collect();
    chart
        .draw_series(
            shown
                .iter()
                .map(|&p| Circle::new(p, 3, dot.mix(0.6).filled())),
        )?
        .label("Rows")
        .legend(move |(x, y)| Circle::new((x + 7, y), 4, dot.filled()));
    let line = palette.series(1).color();
    chart
        .draw_series(LineSeries::new(
            [(range.start, range.start), (range.end, range.end)],
            line.stroke_width(2),
        ))?
        .label("Perfect prediction")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], line.stroke_width(2)));
    // The perfect-prediction line runs from corner to corner; the legend keeps clear of the rows.
    let drawn: Vec<(i32, i32)> = shown.iter().map(|p| chart.backend_coord(p)).collect();
    draw_legend_clear_of(
        &mut chart,
        palette,
        &["Rows".to_string(), "Perfect prediction".to_string()],
        &drawn,
        SeriesLabelPosition::UpperLeft,
    )?;
    Ok(())
}

/// What a typical difference in each feature (one standard deviation) moves the prediction by,
/// gains and losses in their colours (the per-unit coefficients are in the table beside it);
/// `target` names what is predicted. Bars of raw coefficients would compare a euro of income with a year of
/// schooling and make the income look negligible.
pub fn coefficient_bars<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    target: &str,
    palette: &Palette,
) -> Result<(), ChartError> {
    if report.coefficients.is_empty() {
        return no_data(area, palette, COEFFICIENTS_TITLE, "Fit a regression first.");
    }
    let effects: Vec<f64> = report
        .coefficients
        .iter()
        .zip(report.spreads.iter().chain(std::iter::repeat(&1.0)))
        .map(|(b, sd)| b * sd)
        .collect();
    let colours = effects
        .iter()
        .map(|&e| {
            if e < 0.0 {
                palette.negative
            } else {
                palette.positive
            }
        })
        .collect();
    let label = crate::analytics::workspace::inputs::feature_label;
    // Short: the subtitle says "per standard deviation", and a longer axis title ran past the
    // chart's edge beside the predicted-against-actual chart.
    let desc = format!("Effect on {}", label(target).to_lowercase());
    horizontal(
        area,
        &Bars {
            title: COEFFICIENTS_TITLE,
            subtitle: Some("per standard deviation of each feature".into()),
            value_desc: &desc,
            categories: report.features.iter().map(|f| label(f).into()).collect(),
            series: vec![BarSeries {
                name: "Effect".into(),
                values: effects.iter().map(|&e| Some(e)).collect(),
                colours,
                labels: effects.iter().map(|&e| significant(e)).collect(),
            }],
        },
        palette,
    )
}

/// `text` with its first letter in lower case, to follow a word ("Actual spending").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::analytics::regress::Report;
    use crate::charts::Chart;
    use crate::charts::testing::*;

    fn report() -> Report {
        Report {
            features: vec!["Age (years)".into(), "Visits".into()],
            intercept: 10.0,
            coefficients: vec![-2.5, 0.004],
            spreads: vec![10.0, 5000.0],
            r2: 0.875,
            rmse: 3.2,
            rows: 4,
            descent: None,
        }
    }

    #[test]
    fn predictions_are_dots_beside_the_diagonal_with_r_squared() {
        let r = report();
        let actual = [1.0, 2.0, 3.0, 4.0];
        let predicted = [1.1, 1.9, 3.2, 3.7];
        let svg = svg(&Chart::PredictedVsActual {
            actual: &actual,
            predicted: &predicted,
            report: &r,
            target: "monetary",
        });
        assert!(has_text(&svg, "Actual total spent"));
        assert!(has_text(&svg, "Predicted total spent"));
        assert!(texts(&svg).iter().any(|t| t.starts_with("R² = 0.875")));
        assert!(has_text(&svg, "Perfect prediction"));
        let p = light();
        assert_eq!(circles(&svg, p.primary, 3), 4);
        assert_eq!(lines(&svg, p.series(1)), 2, "the diagonal and its legend");
    }

    #[test]
    fn negative_coefficients_are_drawn_as_losses() {
        let r = report();
        let svg = svg(&Chart::Coefficients {
            report: &r,
            target: "spending",
        });
        // Named as the form names it, not by its column ("monetary" read as "Total spent").
        assert!(has_text(&svg, "Effect on spending (last 12 months)"));
        assert!(has_text(&svg, "Age (years)") && has_text(&svg, "Visits"));
        // A typical age difference (10 years) moves it by -25; a typical number of visits
        // (5,000) by +20, though each visit only adds 0.004.
        assert!(has_text(&svg, "-25.0"), "{:?}", texts(&svg));
        assert!(has_text(&svg, "20.0"), "{:?}", texts(&svg));
        let p = light();
        assert_eq!(rects(&svg, p.negative).len(), 1);
        assert_eq!(rects(&svg, p.positive).len(), 1);
    }
}
