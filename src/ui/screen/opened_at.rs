//! When a record's page was opened, for its Delete to pass over the second click of a double
//! click. A double click on a form's "Open ticket" had pressed the new ticket's Delete, drawn where
//! the form's button was: the ticket was made and deleted at once.

use std::time::{Duration, Instant};

/// Longer than the gap between a double click's two clicks (desktops allow up to 500 ms).
const SETTLING: Duration = Duration::from_millis(600);

#[derive(Debug, Clone, Copy)]
pub struct OpenedAt(Instant);

impl OpenedAt {
    pub fn now() -> Self {
        OpenedAt(Instant::now())
    }

    /// Whether a press now is the page's own, not the tail of what opened it.
    pub fn settled(&self) -> bool {
        self.0.elapsed() >= SETTLING
    }
}

/// What a press passed over does: it lets go of the keyboard too, which the click gave the button
/// (Enter had then deleted the record the double click made).
pub fn passed_over<M: Send + 'static>() -> iced::Task<M> {
    iced::advanced::widget::operate(iced::advanced::widget::operation::focusable::unfocus())
}
