//! Choosing k for K-means: the inertia curve with its elbow, and the silhouette curve with its best k.

use plotters::chart::SeriesLabelPosition;
use plotters::prelude::*;

use super::format::number;
use super::frame::{begin, draw_legend, no_data, style_mesh, y_title};
use super::{Area, ChartError, Palette};
use crate::analytics::cluster::KSelection;

pub const ELBOW_TITLE: &str = "Choosing k: the elbow";
pub const SILHOUETTE_TITLE: &str = "Choosing k: the silhouette";

pub fn elbow_curve<DB: DrawingBackend>(
    area: &Area<DB>,
    selection: &KSelection,
    palette: &Palette,
) -> Result<(), ChartError> {
    let points: Vec<(usize, f64)> = selection.choices.iter().map(|c| (c.k, c.inertia)).collect();
    curve(
        area,
        palette,
        Curve {
            title: ELBOW_TITLE,
            y_desc: "Inertia (within-segment sum of squares)",
            series: "Inertia",
            points,
            mark: Some(selection.elbow),
            mark_label: format!("Elbow: k = {}", selection.elbow),
            y_floor_zero: true,
        },
    )
}

pub fn silhouette_curve<DB: DrawingBackend>(
    area: &Area<DB>,
    selection: &KSelection,
    palette: &Palette,
) -> Result<(), ChartError> {
    let points: Vec<(usize, f64)> = selection
        .choices
        .iter()
        .filter_map(|c| c.silhouette.map(|s| (c.k, s)))
        .collect();
    let mark_label = match selection.best_silhouette {
        Some(k) => format!("Best: k = {k}"),
        None => String::new(),
    };
    curve(
        area,
        palette,
        Curve {
            title: SILHOUETTE_TITLE,
            y_desc: "Mean silhouette (−1 to 1, higher is better)",
            series: "Silhouette",
            points,
            mark: selection.best_silhouette,
            mark_label,
            y_floor_zero: false,
        },
    )
}

struct Curve<'a> {
    title: &'a str,
    y_desc: &'a str,
    series: &'a str,
    points: Vec<(usize, f64)>,
    mark: Option<usize>,
    mark_label: String,
    y_floor_zero: bool,
}

fn curve<DB: DrawingBackend>(
    area: &Area<DB>,
    palette: &Palette,
    c: Curve<'_>,
) -> Result<(), ChartError> {
    if c.points.is_empty() {
        return no_data(area, palette, c.title, "Run K-means over a range of k.");
    }
    let body = begin(area, palette, c.title, None)?;
    let k_lo = c.points.iter().map(|p| p.0).min().unwrap_or(1);
    let k_hi = c.points.iter().map(|p| p.0).max().unwrap_or(k_lo);
    let (mut lo, mut hi) = c
        .points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    if c.y_floor_zero {
        lo = lo.min(0.0);
    }
    let span = if hi > lo { hi - lo } else { 1.0 };
    hi += span * 0.1;
    if !c.y_floor_zero {
        lo -= span * 0.1;
    }
    let mut chart = ChartBuilder::on(&y_title(&body, palette, c.y_desc)?)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d((k_lo as f64 - 0.5)..(k_hi as f64 + 0.5), lo..hi)?;
    let ks = k_hi - k_lo + 1;
    let width = chart.plotting_area().dim_in_pixel().0;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, palette, width);
    mesh.x_desc("Number of segments (k)")
        // Ticks only on whole k.
        .x_labels(ks.min(12) + 1)
        .x_label_formatter(&|v| {
            if (v - v.round()).abs() < 1e-6 {
                format!("{}", v.round() as i64)
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| number(*v))
        .draw()?;
    let line = palette.primary.color();
    let xy: Vec<(f64, f64)> = c.points.iter().map(|&(k, v)| (k as f64, v)).collect();
    chart
        .draw_series(LineSeries::new(xy.clone(), line.stroke_width(2)))?
        .label(c.series)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], line.stroke_width(2)));
    chart.draw_series(xy.iter().map(|&p| Circle::new(p, 4, line.filled())))?;
    if let Some(mark) = c.mark
        && let Some(&(k, v)) = c.points.iter().find(|p| p.0 == mark)
    {
        let accent = palette.series(1).color();
        chart
            .draw_series(std::iter::once(Circle::new(
                (k as f64, v),
                9,
                accent.stroke_width(3),
            )))?
            .label(c.mark_label)
            .legend(move |(x, y)| Circle::new((x + 8, y), 6, accent.stroke_width(3)));
    }
    draw_legend(&mut chart, palette, SeriesLabelPosition::UpperRight)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::analytics::cluster::{KChoice, KSelection};
    use crate::charts::Chart;
    use crate::charts::testing::*;

    fn selection() -> KSelection {
        KSelection {
            choices: (2..=6)
                .map(|k| KChoice {
                    k,
                    inertia: 100.0 / k as f64,
                    silhouette: Some(if k == 3 { 0.6 } else { 0.3 }),
                })
                .collect(),
            elbow: 3,
            best_silhouette: Some(3),
            chosen: three_groups().2,
        }
    }

    #[test]
    fn the_elbow_curve_marks_its_elbow_over_whole_k() {
        let svg = svg(&Chart::Elbow(&selection()));
        assert!(has_text(&svg, super::ELBOW_TITLE));
        assert!(has_text(&svg, "Number of segments (k)"));
        assert!(has_text(&svg, "Elbow: k = 3") && has_text(&svg, "Inertia"));
        for k in 2..=6 {
            assert!(has_text(&svg, &k.to_string()), "tick for k = {k}");
        }
        assert!(!has_text(&svg, "2.5"), "no tick between two k");
        assert_eq!(circles(&svg, light().primary, 4), 5, "one point per k");
    }

    #[test]
    fn the_silhouette_curve_marks_the_best_k_and_needs_silhouettes() {
        let svg = svg(&Chart::Silhouette(&selection()));
        assert!(has_text(&svg, "Best: k = 3"));
        let mut none = selection();
        none.choices.iter_mut().for_each(|c| c.silhouette = None);
        none.best_silhouette = None;
        assert!(has_text(&svg_of_silhouette(&none), "No data yet"));
    }

    fn svg_of_silhouette(s: &KSelection) -> String {
        svg(&Chart::Silhouette(s))
    }
}
