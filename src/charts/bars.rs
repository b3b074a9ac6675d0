//! Horizontal bar charts, the shape most of the charts share (cluster sizes, coefficients, feature
//! importance, RFM segments, the pipeline funnel, campaign ROI): categories read top to bottom with
//! their full names at the left, where vertical bars would crowd or slant long names; a value label
//! at the end of each bar; grouped bars when there are several series.

use plotters::chart::SeriesLabelPosition;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::format::{number, short_labels};
use super::frame::{
    TICK_SIZE, begin, draw_legend, muted, slot_count, slots_for, style_mesh, text, text_width,
};
use super::{Area, ChartError, Palette, Rgb};

/// The longest category name drawn; longer ones end in "…".
pub const MAX_NAME: usize = 28;

pub struct Bars<'a> {
    pub title: &'a str,
    pub subtitle: Option<String>,
    /// The value axis, with its unit ("Customers", "Open amount (EUR)").
    pub value_desc: &'a str,
    /// Top to bottom.
    pub categories: Vec<String>,
    pub series: Vec<BarSeries>,
}

pub struct BarSeries {
    /// The legend entry; legends are drawn only when several series are.
    pub name: String,
    /// One per category; `None` draws no bar (a campaign with no cost has no ROI).
    pub values: Vec<Option<f64>>,
    /// One per category, so a series can colour gains and losses apart.
    pub colours: Vec<Rgb>,
    /// Text at the end of each bar; empty for none.
    pub labels: Vec<String>,
}

impl BarSeries {
    /// A series in one colour.
    pub fn plain(name: impl Into<String>, values: Vec<Option<f64>>, colour: Rgb) -> BarSeries {
        let n = values.len();
        BarSeries {
            name: name.into(),
            values,
            colours: vec![colour; n],
            labels: vec![String::new(); n],
        }
    }

    pub fn with_labels(mut self, labels: Vec<String>) -> BarSeries {
        self.labels = labels;
        self
    }
}

/// The value axis: from the smallest to the largest value (zero included), widened so every bar's
/// label fits beside its end — measured in pixels, since a short bar can carry a long label —
/// and whether the labels are drawn at all (not when they would leave the bars too little room).
fn value_range<DB: DrawingBackend>(
    body: &Area<DB>,
    bars: &Bars<'_>,
    palette: &Palette,
    name_width: u32,
    crowded: bool,
) -> (f64, f64, bool) {
    let style = text(palette, TICK_SIZE);
    let (mut lo, mut hi) = (0f64, 0f64);
    let (mut left_px, mut right_px) = (0f64, 0f64);
    for series in &bars.series {
        for (c, v) in series.values.iter().enumerate() {
            let Some(v) = *v else { continue };
            lo = lo.min(v);
            hi = hi.max(v);
            let joined = joined_label(bars, c);
            let label = if crowded {
                joined.as_str()
            } else {
                series.labels.get(c).map_or("", String::as_str)
            };
            if label.is_empty() {
                continue;
            }
            let width = text_width(&style, label).map_or(120.0, f64::from) + 12.0;
            if v < 0.0 {
                left_px = left_px.max(width);
            } else {
                right_px = right_px.max(width);
            }
        }
    }
    let plot_px = f64::from(body.dim_in_pixel().0.saturating_sub(name_width + 8));
    // At least a third of the width stays for the bars; labels that would need more are left
    // out (`fits` false) rather than drawn over the names and past the chart's edge.
    let fits = plot_px - left_px - right_px >= plot_px / 3.0;
    let (left_px, right_px) = if fits {
        (left_px, right_px)
    } else {
        (0.0, 0.0)
    };
    let bars_px = (plot_px - left_px - right_px).max(1.0);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let per_px = span / bars_px;
    let lo = lo - left_px * per_px - if lo < 0.0 { span * 0.02 } else { 0.0 };
    let hi = hi + right_px * per_px + span * 0.02;
    (lo, if hi > lo { hi } else { lo + 1.0 }, fits)
}

/// Height of the value axis's tick labels and description under the bars.
const X_LABEL_AREA: u32 = 48;
/// A bar at least this thick carries its label beside it.
const TICK_LINE: f64 = TICK_SIZE + 2.0;

/// Every series' label of category `c`, in the legend's order: "14.5 % / 32.0 %".
fn joined_label(bars: &Bars<'_>, c: usize) -> String {
    let labels: Vec<&str> = bars
        .series
        .iter()
        .filter_map(|s| s.labels.get(c).map(String::as_str))
        .filter(|l| !l.is_empty())
        .collect();
    labels.join(" / ")
}

/// Slots for `n` bars, top to bottom: one each, and a lone bar in the middle of three (in two it
/// sat in the lower half under an empty one, as if a second bar were missing).
fn bar_slots(n: usize) -> usize {
    if n == 1 { 3 } else { slot_count(n) }
}

/// The slot of the bar `c` places from the top (slots count from the bottom).
fn row_of(c: usize, n: usize) -> usize {
    if n == 1 { 1 } else { n - 1 - c }
}

pub fn horizontal<DB: DrawingBackend>(
    area: &Area<DB>,
    bars: &Bars<'_>,
    palette: &Palette,
) -> Result<(), ChartError> {
    let body = begin(area, palette, bars.title, bars.subtitle.as_deref())?;
    let n = bars.categories.len();
    let names = short_labels(&bars.categories, MAX_NAME);
    let name_width = names
        .iter()
        .map(|name| text_width(&muted(palette, TICK_SIZE), name).unwrap_or(100))
        .max()
        .unwrap_or(60)
        + 16;

    // Bars thinner than a line of text (many groups of several series in a short chart): each
    // group's labels go on one line at its middle, in the legend's order ("14.5 % / 32.0 %"),
    // instead of on each other.
    let groups = bars.series.len().max(1);
    let plot_height = f64::from(body.dim_in_pixel().1.saturating_sub(X_LABEL_AREA));
    let thickness = plot_height / bar_slots(n) as f64 * 0.76 / groups as f64;
    let crowded = groups > 1 && thickness < TICK_LINE;
    let (lo, hi, labelled) = value_range(&body, bars, palette, name_width, crowded);
    let mut chart = ChartBuilder::on(&body)
        .margin_right(8)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(name_width)
        .build_cartesian_2d(lo..hi, slots_for(bar_slots(n)))?;
    let label_of = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) => (0..n)
            .find(|&c| row_of(c, n) == *i)
            .map_or_else(String::new, |c| names[c].clone()),
        _ => String::new(),
    };
    let width = chart.plotting_area().dim_in_pixel().0;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, palette, width);
    // Counts of a few (customers in small segments) get a tick per whole number, not halves.
    let whole = bars
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .all(|v| v.fract() == 0.0);
    if whole && hi < 8.0 {
        mesh.x_labels((hi.floor() as usize + 1).max(2));
    }
    mesh.x_desc(bars.value_desc)
        .y_labels(bar_slots(n))
        .x_label_formatter(&|v| number(*v))
        .y_label_formatter(&label_of)
        .draw()?;

    let slot = chart.plotting_area().dim_in_pixel().1 as f64 / bar_slots(n) as f64;
    let inner = slot * 0.76;
    let sub = inner / groups as f64;
    // A value that is not zero shows as a bar at least three pixels long: beside a campaign that
    // returned 5000 %, a loss of 9 % was drawn as nothing at all (its label still says how much).
    let least = 3.0 * (hi - lo) / f64::from(width.max(1));
    for (g, series) in bars.series.iter().enumerate() {
        let top = (slot * 0.12 + g as f64 * sub).round() as u32;
        let bottom = (slot - slot * 0.12 - (g + 1) as f64 * sub).max(0.0).round() as u32;
        let rects = series.values.iter().enumerate().filter_map(|(c, v)| {
            let v = (*v)?;
            let v = if v != 0.0 && v.abs() < least {
                least.copysign(v)
            } else {
                v
            };
            let row = row_of(c, n);
            let colour = series.colours.get(c).copied().unwrap_or(palette.primary);
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(row)),
                    (v, SegmentValue::Exact(row + 1)),
                ],
                colour.color().filled(),
            );
            bar.set_margin(top, bottom, 0, 0);
            Some(bar)
        });
        let legend_colour = series.colours.first().copied().unwrap_or(palette.primary);
        let drawn = chart.draw_series(rects)?;
        if groups > 1 {
            drawn.label(series.name.clone()).legend(move |(x, y)| {
                Rectangle::new(
                    [(x, y - 5), (x + 14, y + 5)],
                    legend_colour.color().filled(),
                )
            });
        }
    }
    // Every bar first, then every label, each past the longest bar of its group: a label taller
    // than its thin bar had been covered by the next series' longer bar below it ("13.4 %" under
    // the revenue bar), and the window's canvas may draw text under shapes whatever the order.
    let group_end = |c: usize, negative: bool| {
        let values = bars
            .series
            .iter()
            .filter_map(|s| s.values.get(c).copied().flatten());
        if negative {
            values.fold(0.0, f64::min)
        } else {
            values.fold(0.0, f64::max)
        }
    };
    if crowded && labelled {
        let labels = (0..n).filter_map(|c| {
            let joined = joined_label(bars, c);
            if joined.is_empty() {
                return None;
            }
            let negative = group_end(c, true) < 0.0 && group_end(c, false) <= 0.0;
            let (dx, anchor) = if negative {
                (-6, HPos::Right)
            } else {
                (6, HPos::Left)
            };
            let style = text(palette, TICK_SIZE).pos(Pos::new(anchor, VPos::Center));
            Some(
                EmptyElement::at((group_end(c, negative), SegmentValue::CenterOf(row_of(c, n))))
                    + Text::new(joined, (dx, 0), style),
            )
        });
        chart.draw_series(labels)?;
    }
    for (g, series) in bars
        .series
        .iter()
        .enumerate()
        .filter(|_| !crowded && labelled)
    {
        let top = (slot * 0.12 + g as f64 * sub).round() as u32;
        let label_y = top as i32 + (sub / 2.0).round() as i32 - (slot / 2.0).round() as i32;
        let labels = series.values.iter().enumerate().filter_map(|(c, v)| {
            let v = (*v)?;
            let label = series.labels.get(c).filter(|l| !l.is_empty())?;
            let row = row_of(c, n);
            let (dx, anchor) = if v < 0.0 {
                (-6, HPos::Right)
            } else {
                (6, HPos::Left)
            };
            let style = text(palette, TICK_SIZE).pos(Pos::new(anchor, VPos::Center));
            Some(
                EmptyElement::at((group_end(c, v < 0.0), SegmentValue::CenterOf(row)))
                    + Text::new(label.clone(), (dx, label_y), style),
            )
        });
        chart.draw_series(labels)?;
    }
    if lo < 0.0 {
        // The zero line that gains and losses grow from.
        chart.draw_series(std::iter::once(PathElement::new(
            vec![
                (0.0, SegmentValue::Exact(0)),
                (0.0, SegmentValue::Exact(bar_slots(n))),
            ],
            palette.muted.color().stroke_width(1),
        )))?;
    }
    if groups > 1 {
        draw_legend(&mut chart, palette, SeriesLabelPosition::LowerRight)?;
    }
    Ok(())
}
