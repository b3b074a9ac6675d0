//! The first thing a new user sees in an empty workspace: start empty, try the demo, or import.

use iced::widget::{button, column, container, text};
use iced::{Alignment, Element, Length};

use crate::ui::shortcuts::Intent;
use crate::ui::theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    StartEmpty,
    OpenDemo,
    Import,
}

/// The choices in the order shown, which ↑/↓ (and Tab) go through.
pub const CHOICES: [Message; 3] = [Message::StartEmpty, Message::OpenDemo, Message::Import];

/// The choice `from` moves to for `intent` (↑/↓, Tab, Shift+Tab, Home, End), going round; `None`
/// for any other key.
pub fn moved(from: usize, intent: Intent) -> Option<usize> {
    let n = CHOICES.len();
    match intent {
        Intent::Down | Intent::FocusNext => Some((from + 1) % n),
        Intent::Up | Intent::FocusPrevious => Some((from + n - 1) % n),
        Intent::First => Some(0),
        Intent::Last => Some(n - 1),
        _ => None,
    }
}

/// The screen, with the choice at `chosen` marked for Enter: its buttons are out of Tab's reach,
/// and a first-day user with a keyboard could not get past it.
pub fn view<'a>(opening_demo: bool, chosen: usize) -> Element<'a, Message> {
    let choice = |title: &'a str, body: &'a str, message: Option<Message>| {
        let is_chosen = message.is_some_and(|m| CHOICES.get(chosen) == Some(&m));
        button(column![text(title).size(18), text(body).size(14)].spacing(4))
            .on_press_maybe(message)
            .style(theme::choice_for(is_chosen))
            .padding(16)
            .width(Length::Fixed(520.0))
    };
    let demo_body = if opening_demo {
        "Preparing the demo workspace…"
    } else {
        "A made-up business with 500 customers, their orders, deals and tickets, in a separate file."
    };
    container(
        column![
            text("Welcome to Kith").size(32),
            text(
                "Your customers, deals and support in one file on this computer. Nothing leaves it."
            )
            .style(theme::muted_text),
            choice(
                "Start empty",
                "Add your first contact now.",
                Some(Message::StartEmpty)
            ),
            choice(
                "Open the demo workspace",
                demo_body,
                (!opening_demo).then_some(Message::OpenDemo)
            ),
            choice(
                "Import contacts",
                "From a CSV file (a spreadsheet, Google Contacts, Outlook, HubSpot, Salesforce), \
                 a vCard file from a phone or address book, or a whole Kith workspace \
                 exported as JSON on another machine.",
                (!opening_demo).then_some(Message::Import)
            ),
            text("↑ ↓ to choose, Enter to go on")
                .size(13)
                .style(theme::muted_text),
        ]
        .spacing(14)
        .align_x(Alignment::Center),
    )
    .center(Length::Fill)
    .into()
}
