//! The support figures above the queue: what is waiting by priority, how fast the team answers and
//! settles (medians, so one forgotten ticket does not hide a good month), and how customers rate it.

use iced::widget::{Space, column, container, row, text};
use iced::{Alignment, Element, Length};

use crate::domain::ticket::{FIGURES_DAYS, MonthScore, TicketFigures};
use crate::ui::theme;
use crate::ui::widget::one_line;

/// The figure cards' height.
const CARD_HEIGHT: f32 = 138.0;

/// The tallest trend bar, for a 5-star month.
const BAR_HEIGHT: f32 = 30.0;

pub fn view<'a, M: 'a>(f: &'a TicketFigures) -> Element<'a, M> {
    let window = format!("median, tickets of the last {FIGURES_DAYS} days");
    row![
        card("Open by priority", open_by_priority(f)),
        card(
            "First response",
            timing(f.median_first_response, "No replies yet", &window)
        ),
        card(
            "Resolution",
            timing(f.median_resolution, "Nothing resolved yet", &window)
        ),
        card("Satisfaction", satisfaction(f)),
    ]
    .spacing(12)
    .into()
}

fn card<'a, M: 'a>(title: &'a str, body: Element<'a, M>) -> Element<'a, M> {
    container(column![text(title).size(13).style(theme::muted_text), body].spacing(6))
        .padding(12)
        .width(Length::FillPortion(1))
        // Room for the four priorities, one to a line, and what they add up to.
        .height(Length::Fixed(CARD_HEIGHT))
        .style(theme::card)
        .into()
}

fn open_by_priority<'a, M: 'a>(f: &'a TicketFigures) -> Element<'a, M> {
    let total: u64 = f.open_by_priority.iter().map(|c| c.open).sum();
    let overdue: u64 = f.open_by_priority.iter().map(|c| c.overdue).sum();
    // Most urgent first, as the queue is worked, one to a line: two to a line, in a quarter of
    // a 1024-pixel window, "1 late" broke under its number and ran into the next label.
    let mut grid = column![].spacing(1);
    for c in f.open_by_priority.iter().rev() {
        let late = (c.overdue > 0).then(|| {
            text(format!("· {} late", c.overdue))
                .size(12)
                .style(theme::error_text)
                .wrapping(text::Wrapping::None)
        });
        grid = grid.push(
            row![
                text(c.priority.label()).size(13).width(Length::Fixed(54.0)),
                text(c.open.to_string()).size(13),
            ]
            .push(late)
            .spacing(6)
            .align_y(Alignment::Center),
        );
    }
    let summary = if overdue > 0 {
        one_line(
            format!("{total} open, {overdue} past their deadline"),
            12.0,
            |t| t.style(theme::error_text),
        )
    } else {
        one_line(format!("{total} open, none past its deadline"), 12.0, |t| {
            t.style(theme::muted_text)
        })
    };
    column![grid, summary].spacing(4).into()
}

fn timing<'a, M: 'a>(median: Option<i64>, none: &'a str, window: &str) -> Element<'a, M> {
    match median {
        Some(seconds) => column![
            text(span(seconds)).size(26),
            text(window.to_string()).size(12).style(theme::muted_text),
        ]
        .spacing(2)
        .into(),
        None => text(none).style(theme::muted_text).into(),
    }
}

fn satisfaction<'a, M: 'a>(f: &'a TicketFigures) -> Element<'a, M> {
    let Some(average) = f.csat_average else {
        return text("No ratings yet. Customers rate a ticket when it is resolved.")
            .size(13)
            .style(theme::muted_text)
            .into();
    };
    let ratings = match f.csat_ratings {
        1 => "from 1 rating".to_string(),
        n => format!("from {n} ratings"),
    };
    // The newest months that fit beside the average: in a narrow card the row had been cut at
    // its right, dropping the latest months.
    iced::widget::responsive(move |room| {
        let fit = ((room.width - HEADLINE_WIDTH) / MONTH_WIDTH).max(0.0) as usize;
        let months = &f.csat_trend[f.csat_trend.len().saturating_sub(fit)..];
        let trend = months
            .iter()
            .fold(row![].spacing(3).align_y(Alignment::End), |r, m| {
                r.push(month_bar(m))
            });
        let headline = column![
            text(format!("{average:.1} / 5")).size(26),
            text(ratings.clone()).size(12).style(theme::muted_text),
        ]
        .spacing(2);
        row![headline, Space::new().width(Length::Fill), trend]
            .spacing(6)
            .align_y(Alignment::End)
            .into()
    })
    .height(Length::Shrink)
    .into()
}

/// Room the average and its count take beside the trend.
const HEADLINE_WIDTH: f32 = 110.0;
/// Room one month of the trend takes (its label is wider than its bar).
const MONTH_WIDTH: f32 = 26.0;

/// One month of the rating trend: a bar as tall as the average (of 5), the average, the month.
fn month_bar<'a, M: 'a>(m: &MonthScore) -> Element<'a, M> {
    let height = (m.average / 5.0).clamp(0.05, 1.0) as f32 * BAR_HEIGHT;
    column![
        text(format!("{:.1}", m.average)).size(10),
        container(Space::new())
            .width(Length::Fixed(14.0))
            .height(Length::Fixed(height))
            .style(theme::trend_bar),
        text(month_label(&m.month))
            .size(10)
            .style(theme::muted_text),
    ]
    .spacing(2)
    .align_x(Alignment::Center)
    .into()
}

/// "2026-03" as "Mar"; anything unexpected is shown as it is.
fn month_label(month: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|d| d.format("%b").to_string())
        .unwrap_or_else(|_| month.to_string())
}

/// A length of time as people say it: "45 min", "3 h 20 min", "2 d 4 h".
pub fn span(seconds: i64) -> String {
    let minutes = (seconds.max(0) + 30) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, 0) => "under a minute".to_string(),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_as_people_say_them() {
        assert_eq!(span(10), "under a minute");
        assert_eq!(span(45 * 60), "45 min");
        assert_eq!(span(3 * 3600), "3 h");
        assert_eq!(span(3 * 3600 + 20 * 60), "3 h 20 min");
        assert_eq!(span(2 * 86_400 + 4 * 3600 + 59), "2 d 4 h");
        assert_eq!(span(86_400), "1 d");
        assert_eq!(span(-5), "under a minute");
    }

    #[test]
    fn months_are_named_and_odd_text_is_kept() {
        assert_eq!(month_label("2026-03"), "Mar");
        assert_eq!(month_label("soon"), "soon");
    }
}
