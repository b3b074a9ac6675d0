//! What every chart shares: the background and title, the "No data yet" card, text sizes, and the
//! styling of axes, grid and legend in the palette's colours.

use plotters::chart::{ChartContext, MeshStyle, SeriesLabelPosition};
use plotters::coord::CoordTranslate;
use plotters::coord::ranged1d::{IntoSegmentedCoord, Ranged, SegmentedCoord};
use plotters::coord::types::RangedCoordusize;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::{CANVAS_FAMILY, FAMILY, ensure_registered};
use super::palette::TextRenderer;
use super::{Area, ChartError, Palette};

// plotters draws text at about size / 1.2 pixels (the em of a font `size` high), so these give
// 20, 15, 12.5 and 13 px text in PNG and SVG; the window's canvas draws them as the em (24, 18, 15
// and 16 px) and plotters measures them so there (`TextRenderer::EmCanvas`).
pub const TITLE_SIZE: f64 = 24.0;
pub const LABEL_SIZE: f64 = 18.0;
pub const TICK_SIZE: f64 = 15.0;
pub const NOTE_SIZE: f64 = 16.0;

pub fn text<'a>(palette: &Palette, size: f64) -> TextStyle<'a> {
    font(palette, size).color(&palette.text.color())
}

pub fn muted<'a>(palette: &Palette, size: f64) -> TextStyle<'a> {
    font(palette, size).color(&palette.muted.color())
}

/// How wide `text` is in `style`, measured with the font itself. Not the drawing area's own
/// estimate: the window's canvas backend measures at the renderer's default size and wraps what
/// is wider than its frame, so a long subtitle measured short and ran into the next chart.
pub fn text_width(style: &TextStyle<'_>, text: &str) -> Option<u32> {
    style.font.box_size(text).ok().map(|(w, _)| w)
}

/// Text of `size` in the family that whoever draws it measures and draws alike.
fn font<'a>(palette: &Palette, size: f64) -> FontDesc<'a> {
    match palette.text_renderer {
        TextRenderer::Plotters => (FAMILY, size).into_font(),
        TextRenderer::EmCanvas => (CANVAS_FAMILY, size).into_font(),
    }
}

/// Fills the area, writes the title (and an optional subtitle of key figures) and returns the area
/// left for the plot.
pub fn begin<DB: DrawingBackend>(
    area: &Area<DB>,
    palette: &Palette,
    title: &str,
    subtitle: Option<&str>,
) -> Result<Area<DB>, ChartError> {
    ensure_registered();
    area.fill(&palette.background.color())?;
    area.draw(&Text::new(
        title.to_string(),
        (16, 12),
        text(palette, TITLE_SIZE),
    ))?;
    let mut top = 12 + TITLE_SIZE as i32 + 8;
    if let Some(subtitle) = subtitle {
        // Wrapped to the chart's own width: beside another chart, a long subtitle ("silhouette
        // 0.29, standardised; one in 31 of 123,145 customers shown") ran into its neighbour's.
        let style = muted(palette, NOTE_SIZE);
        let room = area.dim_in_pixel().0.saturating_sub(32);
        for line in wrapped(subtitle, room, |t| text_width(&style, t).unwrap_or(0)) {
            area.draw(&Text::new(line, (16, top), style.clone()))?;
            top += NOTE_SIZE as i32 + 4;
        }
        top += 4;
    }
    Ok(area.margin(top, 12, 12, 24))
}

/// `text` in lines no wider than `room` as `width` measures them, broken between words (a word
/// wider than the room gets a line of its own). A unit written after its number ("42 %") stays
/// with it: "accuracy 42" ending one line and "%" starting the next read as two figures.
fn wrapped(text: &str, room: u32, width: impl Fn(&str) -> u32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match words.last_mut() {
            Some(number) if word.starts_with('%') => {
                number.push(' ');
                number.push_str(word);
            }
            _ => words.push(word.to_string()),
        }
    }
    for word in words {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && width(&candidate) > room {
            lines.push(std::mem::replace(&mut line, word));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// Writes the y axis's title across the top left of `body` and returns the area below it for the
/// plot. Read level, not turned on its side: easier to read, and the window's canvas cannot turn
/// text, so the same chart reads the same on screen and in a file.
pub fn y_title<DB: DrawingBackend>(
    body: &Area<DB>,
    palette: &Palette,
    title: &str,
) -> Result<Area<DB>, ChartError> {
    body.draw(&Text::new(
        title.to_string(),
        (4, 0),
        text(palette, LABEL_SIZE),
    ))?;
    Ok(body.margin(LABEL_SIZE as i32 + 10, 0, 0, 0))
}

/// Name every `k`th of `n` category labels so that, at about 64 pixels per label ("Sep 26"), they
/// never touch in a plot `width` pixels wide.
/// The x-axis label of slot `v` on a chart of one slot per month: "Mar 26" for every `every`-th
/// month, nothing between them or outside the months.
pub fn month_label(months: &[chrono::NaiveDate], every: usize, v: &SegmentValue<usize>) -> String {
    match v {
        SegmentValue::CenterOf(i) if *i < months.len() && i % every == 0 => {
            months[*i].format("%b %y").to_string()
        }
        _ => String::new(),
    }
}

pub fn label_every(n: usize, width: u32) -> usize {
    let fits = (width.saturating_sub(140) / 64).max(1) as usize;
    n.div_ceil(fits).max(1)
}

/// A chart with nothing to show: its title and a centred note, never an empty frame or an error.
pub fn no_data<DB: DrawingBackend>(
    area: &Area<DB>,
    palette: &Palette,
    title: &str,
    note: &str,
) -> Result<(), ChartError> {
    let body = begin(area, palette, title, None)?;
    let (w, h) = body.dim_in_pixel();
    body.draw(&Text::new(
        "No data yet".to_string(),
        (w as i32 / 2, h as i32 / 2 - 12),
        text(palette, LABEL_SIZE + 2.0).pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    body.draw(&Text::new(
        note.to_string(),
        (w as i32 / 2, h as i32 / 2 + 16),
        muted(palette, NOTE_SIZE).pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    Ok(())
}

/// Axes, ticks and grid in the palette's colours, with thin tick labels: as many along the x
/// axis as its `width` in pixels has room for (eight ran together on a half-width chart).
pub fn style_mesh<X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &mut MeshStyle<'_, '_, X, Y, DB>,
    palette: &Palette,
    width: u32,
) {
    mesh.label_style(muted(palette, TICK_SIZE))
        .axis_desc_style(text(palette, LABEL_SIZE))
        .axis_style(palette.muted.color())
        .bold_line_style(palette.grid.color())
        .light_line_style(TRANSPARENT)
        .x_labels((width / 70).clamp(2, 8) as usize)
        .y_labels(8);
}

/// The legend box in the palette's colours.
pub fn draw_legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    palette: &Palette,
    position: SeriesLabelPosition,
) -> Result<(), ChartError> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(palette.background.color().mix(0.9))
        .border_style(palette.grid.color())
        .label_font(text(palette, TICK_SIZE))
        .margin(12)
        .draw()?;
    Ok(())
}

/// The legend of `labels` in whichever corner of the plot covers the fewest of `points` (in the
/// backend's pixels, as `chart.backend_coord` gives them), `preferred` among equals: in a fixed
/// corner it hid the points of a busy scatter (fifty segments; rules of high support).
pub fn draw_legend_clear_of<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    palette: &Palette,
    labels: &[String],
    points: &[(i32, i32)],
    preferred: SeriesLabelPosition,
) -> Result<(), ChartError> {
    let font = text(palette, TICK_SIZE);
    let mut lines = MultiLineText::<_, &str>::new((0, 0), &font);
    for label in labels {
        lines.push_line(label.as_str());
    }
    let position = match lines.estimate_dimension() {
        // The icon's room and the margin on both sides, as plotters lays the box out.
        Ok((w, h)) => clearest_corner(
            chart.plotting_area().get_pixel_range(),
            (w + LEGEND_ICON + 2 * LEGEND_MARGIN, h + 2 * LEGEND_MARGIN),
            points,
            preferred,
        ),
        Err(_) => preferred,
    };
    draw_legend(chart, palette, position)
}

/// What plotters leaves for a legend entry's icon, and the legend box's inner margin.
const LEGEND_ICON: i32 = 30;
const LEGEND_MARGIN: i32 = 12;

/// How far a point's dot reaches from its centre, at most (the charts draw dots of radius 3).
const DOT_REACH: i32 = 4;

/// Of the plot's four corners, the one where a box of `size` holds the fewest `points`.
fn clearest_corner(
    plot: (std::ops::Range<i32>, std::ops::Range<i32>),
    size: (i32, i32),
    points: &[(i32, i32)],
    preferred: SeriesLabelPosition,
) -> SeriesLabelPosition {
    use SeriesLabelPosition::{LowerLeft, LowerRight, UpperLeft, UpperRight};
    // plotters sets the box 5 pixels in from the plot's edges.
    let (xs, ys) = plot;
    let (w, h) = size;
    let covered = |corner: &SeriesLabelPosition| {
        let left = match corner {
            UpperLeft | LowerLeft => xs.start + 5,
            _ => xs.end - w - 5,
        };
        let top = match corner {
            UpperLeft | UpperRight => ys.start + 5,
            _ => ys.end - h - 5,
        };
        // A dot whose centre is just outside still shows under the box's edge.
        let (left, top, right, bottom) = (
            left - DOT_REACH,
            top - DOT_REACH,
            left + w + DOT_REACH,
            top + h + DOT_REACH,
        );
        points
            .iter()
            .filter(|(x, y)| (left..=right).contains(x) && (top..=bottom).contains(y))
            .count()
    };
    let others: Vec<SeriesLabelPosition> = [UpperRight, UpperLeft, LowerRight, LowerLeft]
        .into_iter()
        .filter(|c| std::mem::discriminant(c) != std::mem::discriminant(&preferred))
        .collect();
    std::iter::once(preferred)
        .chain(others)
        .map(|corner| (covered(&corner), corner))
        .min_by_key(|(n, _)| *n)
        .map_or(UpperRight, |(_, corner)| corner)
}

/// `n` categories as an axis of equal slots, category `i` in slot `i`. plotters counts an integer
/// range's end as a value, so `0..n` would add an empty slot; one category still gets two slots,
/// since a range of one value has no width to divide.
pub fn slots(n: usize) -> SegmentedCoord<RangedCoordusize> {
    slots_for(slot_count(n))
}

/// An axis of `count` equal slots (at least two).
pub fn slots_for(count: usize) -> SegmentedCoord<RangedCoordusize> {
    (0..count.max(2) - 1).into_segmented()
}

/// How many slots [`slots`] makes for `n` categories.
pub fn slot_count(n: usize) -> usize {
    n.max(2)
}

#[cfg(test)]
mod legend_tests {
    use super::clearest_corner;
    use plotters::chart::SeriesLabelPosition::{
        self, LowerLeft, LowerRight, UpperLeft, UpperRight,
    };

    fn corner(points: &[(i32, i32)], preferred: SeriesLabelPosition) -> String {
        // A 400×300 plot from (60, 40), a legend 150×80.
        format!(
            "{:?}",
            clearest_corner((60..460, 40..340), (150, 80), points, preferred)
        )
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect()
    }

    #[test]
    fn the_legend_goes_where_it_hides_the_fewest_points() {
        let upper_right: Vec<(i32, i32)> = (0..20).map(|i| (400 + i, 60 + i)).collect();
        assert_eq!(corner(&upper_right, UpperRight), "UpperLeft");
        let mut all_but_lower_left = upper_right.clone();
        all_but_lower_left.extend((0..20).map(|i| (100 + i, 60 + i)));
        all_but_lower_left.extend((0..20).map(|i| (400 + i, 300 - i)));
        assert_eq!(corner(&all_but_lower_left, UpperRight), "LowerLeft");
        // Fewer hidden beats the preferred corner; among equals the preferred one stays.
        all_but_lower_left.push((100, 300));
        assert_eq!(corner(&all_but_lower_left, UpperRight), "LowerLeft");
        assert_eq!(corner(&[], LowerRight), "LowerRight");
        assert_eq!(corner(&[(250, 200)], UpperLeft), "UpperLeft");
        assert_eq!(corner(&upper_right, LowerLeft), "LowerLeft");
    }

    #[test]
    fn a_dot_just_outside_the_box_counts_as_hidden() {
        // The upper-right box spans x 305..455, y 45..125: a dot centred two pixels below it
        // shows under its edge, so the legend goes to the next corner.
        assert_eq!(corner(&[(400, 127)], UpperRight), "UpperLeft");
        assert_eq!(corner(&[(400, 140)], UpperRight), "UpperRight");
    }
}

#[cfg(test)]
mod wrap_tests {
    use super::wrapped;

    #[test]
    fn a_subtitle_wider_than_its_chart_breaks_between_words() {
        let width = |t: &str| t.chars().count() as u32 * 7;
        let text = "silhouette 0.29, standardised; one in 31 of 123,145 customers shown";
        let lines = wrapped(text, 210, width);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 210), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrapped("short", 210, width), ["short"]);
    }

    #[test]
    fn a_percentage_keeps_its_sign() {
        let width = |t: &str| t.chars().count() as u32 * 7;
        // 28 characters fit: "…accuracy 42" would, and "%" had started the next line.
        let lines = wrapped(
            "cross-validated accuracy 42 % (always guessing: 58 %)",
            196,
            width,
        );
        assert_eq!(lines[0], "cross-validated accuracy");
        assert!(lines[1].starts_with("42 %"), "{lines:?}");
    }
}
