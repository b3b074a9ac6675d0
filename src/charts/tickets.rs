//! Support by month: tickets opened as bars, and the satisfaction (CSAT, 1–5) as a line on its own
//! axis at the right.

use plotters::chart::SeriesLabelPosition;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use super::format::grouped;
use super::frame::{
    LABEL_SIZE, TICK_SIZE, begin, draw_legend, label_every, month_label, muted, no_data,
    slot_count, slots, style_mesh, text, y_title,
};
use super::{Area, ChartError, Palette};
use crate::domain::dashboard::TicketMonth;

/// The satisfaction axis counts hundredths of a point up to 8 (the top third is the legend's).
const CSAT_SCALE: i32 = 100;
const CSAT_TOP: i32 = 8 * CSAT_SCALE;

pub const TITLE: &str = "Support tickets and satisfaction";

pub fn ticket_trend<DB: DrawingBackend>(
    area: &Area<DB>,
    months: &[TicketMonth],
    palette: &Palette,
) -> Result<(), ChartError> {
    let opened: u64 = months.iter().map(|m| m.opened).sum();
    let ratings: u64 = months.iter().map(|m| m.ratings).sum();
    if opened == 0 && ratings == 0 {
        return no_data(
            area,
            palette,
            TITLE,
            "Tickets will show here month by month.",
        );
    }
    let rated = months
        .iter()
        .filter_map(|m| m.csat.map(|c| c * m.ratings as f64))
        .sum::<f64>();
    let subtitle = if ratings > 0 {
        format!(
            "{} opened, {} rated, average CSAT {:.2} of 5",
            crate::words::count(opened, "ticket"),
            grouped(ratings as i64),
            rated / ratings as f64
        )
    } else {
        format!(
            "{} opened, none rated yet",
            crate::words::count(opened, "ticket")
        )
    };
    let body = begin(area, palette, TITLE, Some(&subtitle))?;
    let n = months.len();
    let top = months.iter().map(|m| m.opened).max().unwrap_or(0) as f64;
    let every = label_every(n, body.dim_in_pixel().0);
    let mut chart = ChartBuilder::on(&y_title(
        &body,
        palette,
        "Tickets opened (bars) · CSAT 1–5 (line, right)",
    )?)
    .x_label_area_size(48)
    .y_label_area_size(64)
    .right_y_label_area_size(64)
    // Both scales leave the top third to the legend: the tallest bar and a CSAT of 5 stay
    // below it.
    .build_cartesian_2d(slots(n), 0.0..(top * 1.6).max(1.0))?
    // In hundredths of a point, from 0, so a CSAT of 1 stands above the baseline instead of
    // reading as none, with every rating from 1 to 5 marked (the axis's own choice on 1.0..7.4 was
    // 2, 4 and an empty 6). Whole numbers because plotters can mark chosen points only on them.
    .set_secondary_coord(
        slots(n),
        (0..CSAT_TOP).with_key_points((1..=5).map(|r| r * CSAT_SCALE).collect()),
    );
    let starts: Vec<_> = months.iter().map(|m| m.month).collect();
    let label = |v: &SegmentValue<usize>| month_label(&starts, every, v);
    let width = chart.plotting_area().dim_in_pixel().0;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, palette, width);
    mesh.x_desc("Month")
        .x_labels(n)
        .x_label_formatter(&label)
        // Whole tickets only: with one ticket the axis ran 0, 0.2 … 1.2, shown as "0 0 0 1 1 1".
        .y_labels(((top * 1.35).ceil() as usize + 1).clamp(2, 10))
        .y_label_formatter(&|v| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{v:.0}")
            } else {
                String::new()
            }
        })
        .draw()?;
    chart
        .configure_secondary_axes()
        .label_style(muted(palette, TICK_SIZE))
        .axis_desc_style(text(palette, LABEL_SIZE))
        .axis_style(palette.muted.color())
        .y_label_formatter(&|v| format!("{}", v / CSAT_SCALE))
        .draw()?;

    let slot = chart.plotting_area().dim_in_pixel().0 as f64 / slot_count(n) as f64;
    let gap = (slot * 0.15).round() as u32;
    let bars = palette.primary.color();
    chart
        .draw_series(
            months
                .iter()
                .enumerate()
                .filter(|(_, m)| m.opened > 0)
                .map(|(i, m)| {
                    let mut r = Rectangle::new(
                        [
                            (SegmentValue::Exact(i), 0.0),
                            (SegmentValue::Exact(i + 1), m.opened as f64),
                        ],
                        bars.mix(0.8).filled(),
                    );
                    r.set_margin(0, 0, gap, gap);
                    r
                }),
        )?
        .label("Tickets opened")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], bars.filled()));

    let line = palette.series(1).color();
    let csat: Vec<(SegmentValue<usize>, i32)> = months
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            m.csat.map(|c| {
                (
                    SegmentValue::CenterOf(i),
                    (c * f64::from(CSAT_SCALE)).round() as i32,
                )
            })
        })
        .collect();
    chart
        .draw_secondary_series(LineSeries::new(csat.clone(), line.stroke_width(3)))?
        .label("CSAT")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], line.stroke_width(3)));
    chart.draw_secondary_series(csat.into_iter().map(|p| Circle::new(p, 4, line.filled())))?;
    draw_legend(&mut chart, palette, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::charts::Chart;
    use crate::charts::testing::*;
    use crate::domain::dashboard::TicketMonth;

    #[test]
    fn tickets_are_bars_and_satisfaction_a_line_on_its_own_axis() {
        let months: Vec<TicketMonth> = (1..=3)
            .map(|m| TicketMonth {
                month: NaiveDate::from_ymd_opt(2026, m, 1).unwrap(),
                opened: u64::from(m) * 2,
                csat: (m != 2).then_some(3.0 + f64::from(m) / 3.0),
                ratings: u64::from(m != 2),
            })
            .collect();
        let svg = svg(&Chart::TicketTrend(&months));
        assert!(has_text(&svg, super::TITLE));
        assert!(has_text(
            &svg,
            "Tickets opened (bars) · CSAT 1–5 (line, right)"
        ));
        assert!(has_text(&svg, "Feb 26"));
        let p = light();
        assert_eq!(
            rects(&svg, p.primary).len(),
            4,
            "three months and the legend swatch"
        );
        assert_eq!(lines(&svg, p.series(1)), 2, "the CSAT line and its legend");
        assert_eq!(
            circles(&svg, p.series(1), 4),
            2,
            "one point per rated month"
        );
        assert!(
            texts(&svg)
                .iter()
                .any(|t| t.starts_with("12 tickets opened, 2 rated"))
        );
        // Every rating is marked on the right axis (the left one counts tickets 0 to 9), and no
        // tick is left without its number.
        let all = texts(&svg);
        for rating in ["1", "2", "3", "4", "5"] {
            let shown = all.iter().filter(|t| *t == rating).count();
            assert_eq!(shown, 2, "{rating} on both axes: {all:?}");
        }
        assert!(all.iter().all(|t| !t.is_empty()), "{all:?}");
    }

    #[test]
    fn no_tickets_is_an_empty_chart() {
        assert!(has_text(&svg(&Chart::TicketTrend(&[])), "No data yet"));
    }
}
