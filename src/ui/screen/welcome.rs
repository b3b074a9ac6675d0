//! The first thing a new user sees in an empty workspace: start empty, try the demo, or import.

use iced::widget::{button, column, container, text};
use iced::{Alignment, Element, Length};

use crate::ui::theme;

#[derive(Debug, Clone, Copy)]
pub enum Message {
    StartEmpty,
    OpenDemo,
    Import,
}

pub fn view<'a>(opening_demo: bool) -> Element<'a, Message> {
    let choice = |title: &'a str, body: &'a str, message: Option<Message>| {
        button(column![text(title).size(18), text(body).size(14)].spacing(4))
            .on_press_maybe(message)
            .style(theme::choice)
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
        ]
        .spacing(14)
        .align_x(Alignment::Center),
    )
    .center(Length::Fill)
    .into()
}
