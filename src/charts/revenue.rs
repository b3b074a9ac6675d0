//! Revenue by month: deals won in each past month, and the weighted forecast of open deals stacked
//! on the months ahead (the current month can have both).

use plotters::chart::SeriesLabelPosition;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use super::format::{major, money_whole, number};
use super::frame::{
    begin, draw_legend, label_every, month_label, no_data, slot_count, slots, style_mesh, y_title,
};
use super::{Area, ChartError, Palette};
use crate::domain::dashboard::RevenueByMonth;

pub const TITLE: &str = "Revenue by month";

pub fn revenue_by_month<DB: DrawingBackend>(
    area: &Area<DB>,
    revenue: &RevenueByMonth,
    palette: &Palette,
) -> Result<(), ChartError> {
    let months = &revenue.months;
    let cur = revenue.currency;
    if months
        .iter()
        .all(|m| m.won_minor == 0 && m.forecast_minor == 0)
    {
        return no_data(
            area,
            palette,
            TITLE,
            "Won deals and open deals with a close date will show here.",
        );
    }
    let won: i64 = months.iter().map(|m| m.won_minor).sum();
    let forecast: i64 = months.iter().map(|m| m.forecast_minor).sum();
    let body = begin(
        area,
        palette,
        TITLE,
        Some(&format!(
            // The forecast covers only the months drawn, not every open deal ahead; and only the
            // main currency's deals, which it says when there are others.
            "in the months shown: won {}, weighted forecast {}{}",
            money_whole(won, cur),
            money_whole(forecast, cur),
            if revenue.left_out.is_empty() {
                String::new()
            } else {
                let others: Vec<&str> = revenue.left_out.iter().map(|c| c.code()).collect();
                format!(" ({} deals only; not in {})", cur.code(), others.join(", "))
            }
        )),
    )?;
    let n = months.len();
    let top = months
        .iter()
        .map(|m| major(m.won_minor + m.forecast_minor, cur))
        .fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&y_title(
        &body,
        palette,
        &format!("Revenue ({})", cur.code()),
    )?)
    .x_label_area_size(48)
    .y_label_area_size(64)
    .build_cartesian_2d(slots(n), 0.0..(top * 1.3).max(1.0))?;
    let every = label_every(n, body.dim_in_pixel().0);
    let starts: Vec<_> = months.iter().map(|m| m.month).collect();
    let label = |v: &SegmentValue<usize>| month_label(&starts, every, v);
    let width = chart.plotting_area().dim_in_pixel().0;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, palette, width);
    mesh.x_desc("Month")
        .x_labels(n)
        .x_label_formatter(&label)
        .y_label_formatter(&|v| number(*v))
        .draw()?;
    let slot = chart.plotting_area().dim_in_pixel().0 as f64 / slot_count(n) as f64;
    let gap = (slot * 0.15).round() as u32;
    let won_colour = palette.primary.color();
    let forecast_colour = palette.series(1).color();
    let bar = |i: usize, from: f64, to: f64, style: ShapeStyle| {
        let mut r = Rectangle::new(
            [
                (SegmentValue::Exact(i), from),
                (SegmentValue::Exact(i + 1), to),
            ],
            style,
        );
        r.set_margin(0, 0, gap, gap);
        r
    };
    chart
        .draw_series(
            months
                .iter()
                .enumerate()
                .filter(|(_, m)| m.won_minor > 0)
                .map(|(i, m)| bar(i, 0.0, major(m.won_minor, cur), won_colour.filled())),
        )?
        .label("Won")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], won_colour.filled()));
    chart
        .draw_series(
            months
                .iter()
                .enumerate()
                .filter(|(_, m)| m.forecast_minor > 0)
                .map(|(i, m)| {
                    let base = major(m.won_minor, cur);
                    bar(
                        i,
                        base,
                        base + major(m.forecast_minor, cur),
                        forecast_colour.mix(0.75).filled(),
                    )
                }),
        )?
        .label("Weighted forecast")
        .legend(move |(x, y)| {
            Rectangle::new(
                [(x, y - 5), (x + 14, y + 5)],
                forecast_colour.mix(0.75).filled(),
            )
        });
    draw_legend(&mut chart, palette, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::charts::Chart;
    use crate::charts::testing::*;
    use crate::domain::Currency;
    use crate::domain::dashboard::{MonthRevenue, RevenueByMonth};

    fn month(m: u32, won_minor: i64, forecast_minor: i64) -> MonthRevenue {
        MonthRevenue {
            month: NaiveDate::from_ymd_opt(2026, m, 1).unwrap(),
            won_minor,
            forecast_minor,
        }
    }

    #[test]
    fn won_months_and_the_forecast_ahead_are_told_apart() {
        let revenue = RevenueByMonth {
            left_out: Vec::new(),
            currency: Currency::EUR,
            months: vec![
                month(1, 1_000_00, 0),
                month(2, 0, 0),
                month(3, 2_000_00, 500_00),
                month(4, 0, 1_500_00),
            ],
        };
        let svg = svg(&Chart::RevenueByMonth(&revenue));
        assert!(has_text(&svg, "Revenue (EUR)") && has_text(&svg, "Month"));
        assert!(has_text(&svg, "Jan 26") && has_text(&svg, "Apr 26"));
        assert!(has_text(&svg, "Won") && has_text(&svg, "Weighted forecast"));
        let p = light();
        // Two won bars and the legend swatch; two forecast bars (stacked on March, alone on April).
        assert_eq!(rects(&svg, p.primary).len(), 3);
        assert_eq!(rects(&svg, p.series(1)).len(), 3);
        assert!(
            texts(&svg)
                .iter()
                .any(|t| t.contains("won €3,000") && t.contains("€2,000"))
        );
    }

    #[test]
    fn a_year_without_revenue_or_forecast_says_so() {
        let revenue = RevenueByMonth {
            left_out: Vec::new(),
            currency: Currency::EUR,
            months: vec![month(1, 0, 0)],
        };
        assert!(has_text(
            &svg(&Chart::RevenueByMonth(&revenue)),
            "No data yet"
        ));
    }
}
