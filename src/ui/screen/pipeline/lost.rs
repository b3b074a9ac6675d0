//! Marking a deal lost asks why: one of the usual reasons, and a few words if the user wants.

use iced::widget::{Space, button, column, container, row, text};
use iced::{Alignment, Element, Length};

use crate::domain::{DealId, StageId};
use crate::ui::theme;

pub const REASONS: [&str; 6] = [
    "Price",
    "Timing",
    "Chose a competitor",
    "No budget",
    "No response",
    "Other",
];

pub const DETAIL_ID: &str = "lost-detail";
/// The reasons' row, a keyboard stop stepped with the arrows (Tab had reached only the words).
pub const REASONS_ID: &str = "lost-reasons";

#[derive(Debug, Clone)]
pub struct LostPrompt {
    pub deal: DealId,
    pub title: String,
    pub stage: StageId,
    pub reason: Option<&'static str>,
    pub detail: String,
    pub error: Option<String>,
}

impl LostPrompt {
    /// "Price — they found a cheaper roaster", or the reason alone; `None` (with a message) when
    /// nothing says why.
    pub fn reason_text(&mut self) -> Option<String> {
        let detail = self.detail.trim();
        let text = match (self.reason, detail) {
            (None, "") => {
                self.error = Some("Choose a reason or write one.".into());
                return None;
            }
            (Some(reason), "") => reason.to_string(),
            (None, detail) | (Some("Other"), detail) => detail.to_string(),
            (Some(reason), detail) => format!("{reason} — {detail}"),
        };
        Some(text)
    }

    pub fn view<'a, M: Clone + 'a>(
        &'a self,
        on_reason: impl Fn(&'static str) -> M,
        on_step: impl Fn(&'static str) -> M + 'a,
        on_detail: impl Fn(String) -> M + 'a,
        confirm: M,
        cancel: M,
    ) -> Element<'a, M> {
        let current = self.reason;
        let step = move |step: crate::ui::widget::choice_keys::Step| {
            on_step(current.map_or(REASONS[0], |r| step.from(&REASONS, r)))
        };
        let reasons = REASONS.iter().fold(row![].spacing(6), |r, &reason| {
            let style = if self.reason == Some(reason) {
                button::primary
            } else {
                button::secondary
            };
            r.push(
                button(text(reason))
                    .on_press(on_reason(reason))
                    .style(style),
            )
        });
        let mut body = column![
            text(format!("Why was “{}” lost?", self.title)).size(18),
            crate::ui::widget::choice_keys::keyed_choice(REASONS_ID, reasons.wrap(), step),
            crate::ui::widget::field::input("A few words (optional)", &self.detail)
                .id(DETAIL_ID)
                .on_input(on_detail)
                .on_submit(confirm.clone())
                .padding(6),
        ]
        .spacing(10);
        if let Some(error) = &self.error {
            body = body.push(text(error.as_str()).size(13).style(theme::error_text));
        }
        body = body.push(
            row![
                Space::new().width(Length::Fill),
                button(text("Cancel"))
                    .on_press(cancel)
                    .style(button::secondary),
                button(text("Mark lost"))
                    .on_press(confirm)
                    .style(button::danger),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        container(body)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(reason: Option<&'static str>, detail: &str) -> LostPrompt {
        LostPrompt {
            deal: DealId(1),
            title: "Deal".into(),
            stage: StageId(7),
            reason,
            detail: detail.into(),
            error: None,
        }
    }

    #[test]
    fn a_reason_and_words_are_kept_together() {
        assert_eq!(
            prompt(Some("Price"), " too dear ").reason_text().as_deref(),
            Some("Price — too dear")
        );
        assert_eq!(
            prompt(Some("Timing"), "").reason_text().as_deref(),
            Some("Timing")
        );
        assert_eq!(
            prompt(Some("Other"), "moved away").reason_text().as_deref(),
            Some("moved away")
        );
    }

    #[test]
    fn nothing_said_is_not_a_reason() {
        let mut p = prompt(None, "  ");
        assert_eq!(p.reason_text(), None);
        assert!(p.error.is_some());
    }
}
