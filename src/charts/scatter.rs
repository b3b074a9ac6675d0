//! Scatter plots of groups of points (clusters, noise) with optional centres: what the K-means and
//! DBSCAN charts share. Large inputs are thinned to an even sample, so a chart of a million
//! customers stays a chart and not a million-element SVG.

use plotters::chart::SeriesLabelPosition;
use plotters::prelude::*;

use super::format::{count, number};
use super::frame::{LABEL_SIZE, begin, draw_legend_clear_of, style_mesh, y_title};
use super::side_legend::{self, Mark};
use super::{Area, ChartError, Palette, Rgb};

/// The most points a scatter draws; above it every k-th row is drawn.
pub const MAX_POINTS: usize = 4000;

/// Legends longer than this go beside the plot when the chart has the room: the plot keeps
/// `MIN_PLOT_WIDTH` pixels and the legend the chart's height.
const SIDE_LEGEND_ENTRIES: usize = 6;
const MIN_PLOT_WIDTH: u32 = 260;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Dot,
    /// Points that belong to no group.
    Cross,
}

pub struct Group {
    /// The legend entry, with the group's size.
    pub name: String,
    pub colour: Rgb,
    pub marker: Marker,
    pub points: Vec<(f64, f64)>,
}

impl Group {
    /// One empty group per cluster, "{kind} 1 (n customers)" …, coloured by [`cluster_colours`],
    /// and for each cluster the index of its group. Past the palette's colours the smaller
    /// clusters share one group, "12 smaller clusters (340 customers)": a legend of forty entries
    /// ran off the chart, and colours used twice told nothing apart.
    pub fn per_cluster(
        kind: &str,
        sizes: &[usize],
        clusters: usize,
        palette: &Palette,
    ) -> (Vec<Group>, Vec<usize>) {
        let size = |c: usize| sizes.get(c).copied().unwrap_or(0);
        let colours = cluster_colours(&(0..clusters).map(size).collect::<Vec<_>>(), palette);
        let shared = palette.series(palette.series.len() - 1);
        let merging = clusters > palette.series.len();
        let mut groups = Vec::new();
        let mut of = vec![usize::MAX; clusters];
        let (mut rest_clusters, mut rest_customers) = (0u64, 0u64);
        for c in 0..clusters {
            if merging && colours[c] == shared {
                rest_clusters += 1;
                rest_customers += size(c) as u64;
                continue;
            }
            of[c] = groups.len();
            groups.push(Group {
                name: format!("{kind} {} ({})", c + 1, count(size(c) as u64, "customer")),
                colour: colours[c],
                marker: Marker::Dot,
                points: Vec::new(),
            });
        }
        if rest_clusters > 0 {
            let rest = groups.len();
            of.iter_mut()
                .filter(|g| **g == usize::MAX)
                .for_each(|g| *g = rest);
            groups.push(Group {
                name: format!(
                    "{} ({})",
                    count(rest_clusters, &format!("smaller {}", kind.to_lowercase())),
                    count(rest_customers, "customer")
                ),
                colour: shared,
                marker: Marker::Dot,
                points: Vec::new(),
            });
        }
        (groups, of)
    }
}

/// Each cluster's colour: its own series colour while there are enough; past that the largest
/// clusters keep one each, and the rest share the palette's last.
pub fn cluster_colours(sizes: &[usize], palette: &Palette) -> Vec<Rgb> {
    let colours = palette.series.len();
    if sizes.len() <= colours {
        return (0..sizes.len()).map(|c| palette.series(c)).collect();
    }
    let mut by_size: Vec<usize> = (0..sizes.len()).collect();
    by_size.sort_by_key(|&c| (std::cmp::Reverse(sizes[c]), c));
    let mut out = vec![palette.series(colours - 1); sizes.len()];
    // The named clusters keep cluster order among themselves, so cluster 1 stays the first colour.
    let mut named: Vec<usize> = by_size[..colours - 1].to_vec();
    named.sort_unstable();
    for (rank, c) in named.into_iter().enumerate() {
        out[c] = palette.series(rank);
    }
    out
}

pub struct Scatter<'a> {
    pub title: &'a str,
    pub subtitle: Option<String>,
    pub x_desc: String,
    pub y_desc: String,
    pub groups: Vec<Group>,
    /// Drawn as rings over the points, one legend entry for all.
    pub centres: Vec<((f64, f64), Rgb)>,
}

/// The step between the rows drawn: 1 up to `MAX_POINTS` rows.
pub fn stride(rows: usize) -> usize {
    rows.div_ceil(MAX_POINTS).max(1)
}

pub fn draw<DB: DrawingBackend>(
    area: &Area<DB>,
    scatter: &Scatter<'_>,
    palette: &Palette,
) -> Result<(), ChartError> {
    let body = begin(area, palette, scatter.title, scatter.subtitle.as_deref())?;
    let all = scatter
        .groups
        .iter()
        .flat_map(|g| g.points.iter().copied())
        .chain(scatter.centres.iter().map(|(c, _)| *c));
    let (x_range, y_range) = padded_bounds(all);
    let mut legend: Vec<(String, Mark)> = scatter
        .groups
        .iter()
        .map(|g| {
            let mark = match g.marker {
                Marker::Dot => Mark::Dot(g.colour),
                Marker::Cross => Mark::Cross(g.colour),
            };
            (g.name.clone(), mark)
        })
        .collect();
    if !scatter.centres.is_empty() {
        legend.push(("Centre".to_string(), Mark::Ring));
    }
    let labels: Vec<String> = legend.iter().map(|(l, _)| l.clone()).collect();
    // A long legend goes beside the plot where there is room: in it, no corner was free.
    let (body_width, body_height) = body.dim_in_pixel();
    let top = LABEL_SIZE as i32 + 10;
    let fit = (legend.len() > SIDE_LEGEND_ENTRIES)
        .then(|| {
            let room = (body_width, body_height as i32 - top);
            side_legend::fit(&labels, palette, room, MIN_PLOT_WIDTH)
        })
        .flatten();
    let beside = fit.is_some();
    let (plot_area, side) = match fit {
        Some(fit) => {
            let (plot, side) = body.split_horizontally(body_width - fit.width);
            (plot, Some((side, fit)))
        }
        None => (body.clone(), None),
    };
    // The plot is the body less its x-axis labels.
    let height = f64::from(body_height) - 52.0;
    let y_range = if beside {
        y_range
    } else {
        with_legend_room(y_range, legend.len(), height)
    };
    let mut chart = ChartBuilder::on(&y_title(&plot_area, palette, &scatter.y_desc)?)
        .x_label_area_size(52)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range, y_range)?;
    let width = chart.plotting_area().dim_in_pixel().0;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, palette, width);
    mesh.x_desc(scatter.x_desc.as_str())
        .x_label_formatter(&|v| number(*v))
        .y_label_formatter(&|v| number(*v))
        .draw()?;

    // Outliers' crosses first, so a cluster's points are drawn over them, not hidden under.
    let mut groups: Vec<&Group> = scatter.groups.iter().collect();
    groups.sort_by_key(|g| g.marker != Marker::Cross);
    for group in groups {
        let colour = group.colour.color();
        let drawn = match group.marker {
            Marker::Dot => chart.draw_series(
                group
                    .points
                    .iter()
                    .map(|&p| Circle::new(p, 3, colour.mix(0.7).filled())),
            )?,
            Marker::Cross => chart.draw_series(
                group
                    .points
                    .iter()
                    .map(|&p| Cross::new(p, 4, colour.stroke_width(2))),
            )?,
        };
        let name = group.name.clone();
        match group.marker {
            Marker::Dot => drawn
                .label(name)
                .legend(move |(x, y)| Circle::new((x + 7, y), 5, colour.filled())),
            Marker::Cross => drawn
                .label(name)
                .legend(move |(x, y)| Cross::new((x + 7, y), 5, colour.stroke_width(2))),
        };
    }
    if !scatter.centres.is_empty() {
        let ring = palette.text.color();
        let back = palette.background.color();
        chart
            .draw_series(scatter.centres.iter().map(|&(c, colour)| {
                EmptyElement::at(c)
                    + Circle::new((0, 0), 10, back.filled())
                    + Circle::new((0, 0), 10, ring.stroke_width(2))
                    + Circle::new((0, 0), 6, colour.color().filled())
            }))?
            .label("Centre")
            .legend(move |(x, y)| {
                EmptyElement::at((x + 7, y))
                    + Circle::new((0, 0), 6, back.filled())
                    + Circle::new((0, 0), 6, ring.stroke_width(2))
            });
    }
    if let Some((side, fit)) = side {
        // Level with the plot's top, under the y axis's title.
        return side_legend::draw(&side, palette, &legend, fit, top);
    }
    let drawn: Vec<(i32, i32)> = scatter
        .groups
        .iter()
        .flat_map(|g| g.points.iter())
        .chain(scatter.centres.iter().map(|(c, _)| c))
        .map(|p| chart.backend_coord(p))
        .collect();
    draw_legend_clear_of(
        &mut chart,
        palette,
        &labels,
        &drawn,
        SeriesLabelPosition::UpperRight,
    )?;
    Ok(())
}

/// The smallest box around the points with 5 % room on every side (and a quarter more on top for
/// the legend); a unit box around a single value.
fn padded_bounds(
    points: impl Iterator<Item = (f64, f64)>,
) -> (std::ops::Range<f64>, std::ops::Range<f64>) {
    let mut b = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (x, y) in points.filter(|(x, y)| x.is_finite() && y.is_finite()) {
        b = (b.0.min(x), b.1.max(x), b.2.min(y), b.3.max(y));
    }
    let pad = |lo: f64, hi: f64| {
        if !lo.is_finite() {
            return -1.0..1.0;
        }
        let span = hi - lo;
        if span <= 0.0 {
            let r = lo.abs().max(1.0) * 0.1;
            return (lo - r)..(hi + r);
        }
        (lo - span * 0.05)..(hi + span * 0.05)
    };
    (pad(b.0, b.1), pad(b.2, b.3))
}

/// `y` raised at the top so the legend's band (`entries` lines, in a plot about `height` pixels
/// tall) holds no point: a fixed quarter was too little for eight clusters and their centres.
fn with_legend_room(y: std::ops::Range<f64>, entries: usize, height: f64) -> std::ops::Range<f64> {
    let legend = entries as f64 * 19.0 + 24.0;
    let share = (legend / height.max(1.0)).clamp(0.2, 0.6);
    y.start..(y.start + (y.end - y.start) / (1.0 - share))
}
