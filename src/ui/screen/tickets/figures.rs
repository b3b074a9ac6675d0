//! The support figures above the queue: what is waiting by priority, how fast the team answers and
//! settles (medians, so one forgotten ticket does not hide a good month), and how customers rate it.

use iced::widget::{Space, column, container, row, text};
use iced::{Alignment, Element, Length};

use crate::domain::ticket::{FIGURES_DAYS, MonthScore, TREND_MONTHS, TicketFigures};
use crate::ui::theme;
use crate::ui::widget::one_line;

/// The figure cards' height.
const CARD_HEIGHT: f32 = 138.0;

/// The tallest trend bar, for a 5-star month.
const BAR_HEIGHT: f32 = 30.0;

pub fn view<'a, M: 'a>(f: &'a TicketFigures) -> Element<'a, M> {
    let window = format!("median, tickets of the last {FIGURES_DAYS} days");
    // Satisfaction a half wider, for its months: at 1024 pixels an equal share held two.
    row![
        card("Open by priority", open_by_priority(f), 2),
        card(
            "First response",
            timing(f.median_first_response, "No replies yet", &window),
            2
        ),
        card(
            "Resolution",
            timing(f.median_resolution, "Nothing resolved yet", &window),
            2
        ),
        card("Satisfaction", satisfaction(f), 3),
    ]
    .spacing(12)
    .into()
}

/// The same figures in a line or two, for a window too small for the cards: at 760×480 the cards
/// took the whole height (no ticket could be seen), and at 760 pixels wide they cut their words.
pub fn compact<'a, M: 'a>(f: &'a TicketFigures) -> Element<'a, M> {
    let total: u64 = f.open_by_priority.iter().map(|c| c.open).sum();
    let overdue: u64 = f.open_by_priority.iter().map(|c| c.overdue).sum();
    let figure = |label: &'static str, value: String| -> Element<'a, M> {
        row![
            text(label).size(13).style(theme::muted_text),
            text(value).size(13)
        ]
        .spacing(4)
        .into()
    };
    let mut open = row![figure("Open", total.to_string())].spacing(4);
    if overdue > 0 {
        open = open.push(
            text(format!("· {overdue} late"))
                .size(13)
                .style(theme::error_text),
        );
    }
    let median =
        |m: Option<i64>| m.map_or_else(|| "–".to_string(), |s| format!("{} (median)", span(s)));
    let rating = match f.csat_average {
        Some(average) => format!(
            "{average:.1} / 5 ({})",
            crate::words::count(f.csat_ratings, "rating")
        ),
        None => "no ratings yet".to_string(),
    };
    container(
        row![
            Element::from(open),
            figure("First response", median(f.median_first_response)),
            figure("Resolution", median(f.median_resolution)),
            figure("Satisfaction", rating),
        ]
        .spacing(16)
        .wrap()
        .vertical_spacing(4),
    )
    .padding([8, 12])
    .width(Length::Fill)
    .style(theme::card)
    .into()
}

fn card<'a, M: 'a>(title: &'a str, body: Element<'a, M>, share: u16) -> Element<'a, M> {
    container(column![text(title).size(13).style(theme::muted_text), body].spacing(6))
        .padding(12)
        .width(Length::FillPortion(share))
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
            // Short enough for the card at 1024 pixels ("4 open, 4 past their dea…").
            format!("{total} open, {overdue} late"),
            12.0,
            |t| t.style(theme::error_text),
        )
    } else {
        one_line(format!("{total} open, none late"), 12.0, |t| {
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
    let months = calendar_months(&f.csat_trend, chrono::Local::now().date_naive());
    iced::widget::responsive(move |room| {
        let fit = ((room.width - HEADLINE_WIDTH) / MONTH_WIDTH).max(0.0) as usize;
        let shown = &months[months.len().saturating_sub(fit)..];
        let trend = shown.iter().fold(
            row![].spacing(3).align_y(Alignment::End),
            |r, (month, score)| r.push(month_bar(month, *score)),
        );
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

/// The last [`TREND_MONTHS`] calendar months to `today`'s, each with its score if it has one:
/// only the months with ratings, side by side, had read "Jul Sep Nov" as if they followed each
/// other. Empty when none of them has a rating.
fn calendar_months(
    trend: &[MonthScore],
    today: chrono::NaiveDate,
) -> Vec<(String, Option<&MonthScore>)> {
    use chrono::Datelike;
    let this = today.year() * 12 + today.month0() as i32;
    let months: Vec<(String, Option<&MonthScore>)> = (0..TREND_MONTHS as i32)
        .rev()
        .map(|back| {
            let m = this - back;
            let key = format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1);
            let score = trend.iter().find(|s| s.month == key);
            (key, score)
        })
        .collect();
    if months.iter().all(|(_, s)| s.is_none()) {
        return Vec::new();
    }
    months
}

/// One month of the rating trend: a bar as tall as the average (of 5), the average, the month;
/// a month without ratings keeps its place with its name alone.
fn month_bar<'a, M: 'a>(month: &str, score: Option<&MonthScore>) -> Element<'a, M> {
    let (value, height) = match score {
        Some(m) => (
            format!("{:.1}", m.average),
            (m.average / 5.0).clamp(0.05, 1.0) as f32 * BAR_HEIGHT,
        ),
        None => (String::new(), 0.0),
    };
    column![
        text(value).size(10),
        container(Space::new())
            .width(Length::Fixed(14.0))
            .height(Length::Fixed(height))
            .style(theme::trend_bar),
        text(month_label(month)).size(10).style(theme::muted_text),
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
    fn the_trend_keeps_a_place_for_months_without_ratings() {
        let score = |month: &str| MonthScore {
            month: month.into(),
            average: 4.0,
            ratings: 1,
        };
        let trend = [score("2026-07"), score("2026-09"), score("2026-11")];
        let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        let months: Vec<(String, bool)> = calendar_months(&trend, today)
            .into_iter()
            .map(|(m, s)| (m, s.is_some()))
            .collect();
        let expected = [
            ("2026-08", false),
            ("2026-09", true),
            ("2026-10", false),
            ("2026-11", true),
            ("2026-12", false),
            ("2027-01", false),
        ];
        assert_eq!(months, expected.map(|(m, s)| (m.to_string(), s)).to_vec());
        let later = chrono::NaiveDate::from_ymd_opt(2027, 9, 1).unwrap();
        assert!(
            calendar_months(&trend, later).is_empty(),
            "none rated lately"
        );
    }

    #[test]
    fn months_are_named_and_odd_text_is_kept() {
        assert_eq!(month_label("2026-03"), "Mar");
        assert_eq!(month_label("soon"), "soon");
    }
}
