//! The question asked when a ticket is resolved: how satisfied the customer is (1–5) and what
//! they said, both optional, since not every customer answers.

use iced::widget::{button, column, row, text};
use iced::{Element, Length};

use super::detail::{Message, RESOLVE_FEEDBACK_ID};
use crate::ui::theme;

/// The rating being given while a ticket is resolved.
#[derive(Debug, Clone, Default)]
pub struct Rating {
    pub score: Option<i64>,
    pub feedback: String,
}

/// "★★★★☆ 4 of 5"
pub fn stars(score: i64) -> String {
    let filled = score.clamp(0, 5) as usize;
    format!(
        "{}{} {score} of 5",
        "★".repeat(filled),
        "☆".repeat(5 - filled)
    )
}

/// The question asked on resolving: a 1–5 rating and the customer's own words, both optional.
/// The score one step up or down from `score`: none, then 1 to 5.
pub fn stepped(score: Option<i64>, up: bool) -> Option<i64> {
    match (score, up) {
        (None, true) => Some(1),
        (None, false) => None,
        (Some(n), true) => Some((n + 1).min(5)),
        (Some(1), false) => None,
        (Some(n), false) => Some(n - 1),
    }
}

pub fn rating_panel(rating: &Rating, already_resolved: bool) -> Element<'_, Message> {
    let scores = (1..=5).fold(row![].spacing(4), |r, n| {
        let chosen = rating.score == Some(n);
        r.push(
            button(text(format!("{n} ★")))
                .on_press(Message::Rated(if chosen { None } else { Some(n) }))
                .style(if chosen {
                    button::primary
                } else {
                    button::secondary
                })
                .width(Length::Fixed(52.0)),
        )
    });
    let chosen = match rating.score {
        Some(n) => stars(n),
        None => "No rating".to_string(),
    };
    let confirm = if already_resolved {
        "Save rating"
    } else {
        "Resolve ticket"
    };
    column![
        text("How satisfied is the customer?"),
        text("1 = very unhappy, 5 = delighted (↑ ↓ choose). Leave it empty if they did not say.")
            .size(13)
            .style(theme::muted_text),
        // The choice on a line of its own: beside the buttons, a narrow status card squeezed it
        // to nothing and the panel grew taller as it wrapped, moving the fields under the pointer.
        scores,
        text(chosen).size(13),
        // Short enough to read whole in a 1024-pixel window ("…in their words (optio").
        crate::ui::widget::field::input("Feedback in their words (optional)", &rating.feedback)
            .id(RESOLVE_FEEDBACK_ID)
            .on_input(Message::FeedbackChanged)
            .on_submit(Message::Resolve)
            .padding(6),
        row![
            button(text(confirm))
                .on_press(Message::Resolve)
                .style(button::success),
            button(text("Cancel"))
                .on_press(Message::Resolving(false))
                .style(button::secondary),
        ]
        .spacing(8),
    ]
    .spacing(8)
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arrow_keys_step_through_no_rating_and_one_to_five() {
        assert_eq!(stepped(None, true), Some(1));
        assert_eq!(stepped(Some(4), true), Some(5));
        assert_eq!(stepped(Some(5), true), Some(5));
        assert_eq!(stepped(Some(1), false), None);
        assert_eq!(stepped(None, false), None);
    }

    #[test]
    fn stars_show_the_score_in_words_too() {
        assert_eq!(stars(4), "★★★★☆ 4 of 5");
        assert_eq!(stars(1), "★☆☆☆☆ 1 of 5");
    }
}
