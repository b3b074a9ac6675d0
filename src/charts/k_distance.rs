//! Choosing eps for DBSCAN: each customer's distance to its `min_samples`-th nearest neighbour,
//! sorted, with the knee where the dense customers end and the sparse tail begins.

use plotters::chart::SeriesLabelPosition;
use plotters::prelude::*;

use super::format::number;
use super::frame::{begin, draw_legend, no_data, style_mesh, y_title};
use super::{Area, ChartError, Palette};
use crate::analytics::cluster::EpsSuggestion;
use crate::words::ordinal;

pub const K_DISTANCE_TITLE: &str = "Choosing eps: distance to the nearest neighbours";

/// Points drawn of the curve: a sample of 10,000 customers gives a smooth line from far fewer.
const DRAWN: usize = 800;

pub fn k_distance_curve<DB: DrawingBackend>(
    area: &Area<DB>,
    suggestion: &EpsSuggestion,
    palette: &Palette,
) -> Result<(), ChartError> {
    let curve = &suggestion.curve;
    if curve.is_empty() {
        return no_data(area, palette, K_DISTANCE_TITLE, "No customers to measure.");
    }
    let body = begin(area, palette, K_DISTANCE_TITLE, None)?;
    let last = (curve.len() - 1).max(1) as f64;
    let share = |i: usize| i as f64 / last * 100.0;
    let step = curve.len().div_ceil(DRAWN).max(1);
    let mut xy: Vec<(f64, f64)> = curve
        .iter()
        .enumerate()
        .step_by(step)
        .map(|(i, &d)| (share(i), d))
        .collect();
    // The tail holds the largest distances: always end on the last point.
    if !(curve.len() - 1).is_multiple_of(step) {
        xy.push((100.0, curve[curve.len() - 1]));
    }
    let hi = curve[curve.len() - 1].max(suggestion.eps) * 1.08;
    let hi = if hi > 0.0 { hi } else { 1.0 };
    let mut chart = ChartBuilder::on(&y_title(
        &body,
        palette,
        &format!(
            "Distance to the {} nearest (itself included)",
            ordinal(suggestion.min_samples)
        ),
    )?)
    .x_label_area_size(48)
    .y_label_area_size(64)
    .build_cartesian_2d(0.0..100.0, 0.0..hi)?;
    let width = chart.plotting_area().dim_in_pixel().0;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, palette, width);
    mesh.x_desc("Customers, nearest first (% of those measured)")
        .x_label_formatter(&|v| format!("{v:.0}%"))
        .y_label_formatter(&|v| number(*v))
        .draw()?;
    let line = palette.primary.color();
    chart
        .draw_series(LineSeries::new(xy, line.stroke_width(2)))?
        .label("Sorted distances")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], line.stroke_width(2)));
    // The suggestion is a hair above the knee's distance (see `suggest_eps`): the marker sits on
    // the first customer at that distance, not past every one of them.
    let knee = curve.partition_point(|&d| d * (1.0 + 1e-12) < suggestion.eps);
    let accent = palette.series(1).color();
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, suggestion.eps), (100.0, suggestion.eps)],
            accent.stroke_width(1),
        )))?
        .label(format!("Suggested eps = {}", eps_text(suggestion.eps)))
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], accent.stroke_width(1)));
    chart.draw_series(std::iter::once(Circle::new(
        (share(knee.min(curve.len() - 1)), suggestion.eps),
        8,
        accent.stroke_width(3),
    )))?;
    draw_legend(&mut chart, palette, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

/// An eps as people type it: three significant digits ("0.412", "12.5", "1,240" is "1240").
pub fn eps_text(eps: f64) -> String {
    if !eps.is_finite() || eps <= 0.0 || eps >= 1e12 {
        return super::format::plain_number(eps);
    }
    let digits = (2 - eps.log10().floor() as i32).max(0) as usize;
    let text = format!("{eps:.digits$}");
    // The rounding must not reach 0: a radius of 0 finds nothing.
    if text.parse::<f64>().is_ok_and(|v| v > 0.0) {
        text
    } else {
        eps.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::eps_text;
    use crate::analytics::cluster::EpsSuggestion;
    use crate::charts::Chart;
    use crate::charts::testing::*;

    #[test]
    fn the_curve_names_the_suggested_eps_and_its_neighbour() {
        let suggestion = EpsSuggestion {
            eps: 0.42,
            min_samples: 5,
            curve: (0..2000)
                .map(|i| f64::from(i) / 4000.0)
                .chain([3.0])
                .collect(),
        };
        let svg = svg(&Chart::KDistance(&suggestion));
        assert!(has_text(&svg, super::K_DISTANCE_TITLE));
        assert!(has_text(&svg, "Suggested eps = 0.420"), "{svg}");
        assert!(has_text(
            &svg,
            "Distance to the 5th nearest (itself included)"
        ));
    }

    #[test]
    fn no_customers_draw_no_curve() {
        let empty = EpsSuggestion {
            eps: 1.0,
            min_samples: 5,
            curve: Vec::new(),
        };
        assert!(has_text(&svg(&Chart::KDistance(&empty)), "No data yet"));
    }

    #[test]
    fn eps_is_written_with_three_significant_digits_and_never_as_zero() {
        assert_eq!(eps_text(0.41234), "0.412");
        assert_eq!(eps_text(12.345), "12.3");
        assert_eq!(eps_text(1234.5), "1234");
        assert_eq!(eps_text(0.000123456), "0.000123");
        assert_eq!(eps_text(1.0), "1.00");
        // Huge, typed to see what happens: a short number, not 309 digits off the window's edge.
        assert_eq!(eps_text(1e308), "1.00e308");
    }
}
