//! A ticket's conversation, oldest first, with each message marked as from the customer (inbound)
//! or from the team (outbound), and the box to add the next one.

use iced::widget::{Space, button, column, container, row, text, text_editor};
use iced::{Alignment, Element, Length};

use crate::domain::{Direction, TicketMessage};
use crate::ui::theme;
use crate::ui::widget::local_time;

pub const REPLY_ID: &str = "ticket-reply";

pub struct Reply {
    pub content: text_editor::Content,
    pub direction: Direction,
    pub error: Option<String>,
}

impl Default for Reply {
    fn default() -> Self {
        Reply {
            content: text_editor::Content::new(),
            direction: Direction::Outbound,
            error: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Edited(text_editor::Action),
    DirectionPicked(Direction),
    Send,
}

impl Reply {
    /// Takes a message; returns the text to send when the user sends a non-empty one.
    pub fn update(&mut self, message: Message) -> Option<(Direction, String)> {
        match message {
            Message::Edited(action) => {
                self.content.perform(action);
                self.error = None;
                None
            }
            Message::DirectionPicked(direction) => {
                self.direction = direction;
                None
            }
            Message::Send => self.take(),
        }
    }

    /// The text to send, clearing the box; or `None` with a note when there is nothing to send.
    pub fn take(&mut self) -> Option<(Direction, String)> {
        let body = self.content.text().trim().to_string();
        if body.is_empty() {
            self.error = Some("Write the message first.".into());
            return None;
        }
        self.content = text_editor::Content::new();
        self.error = None;
        Some((self.direction, body))
    }

    /// Puts back a message that could not be sent, with why, unless something new was typed
    /// meanwhile: the box had been emptied before the write, and a failed one lost the text.
    pub fn give_back(&mut self, body: &str, why: String) {
        if self.is_empty() {
            self.content = text_editor::Content::with_text(body);
        }
        self.error = Some(why);
    }

    pub fn is_empty(&self) -> bool {
        self.content.text().trim().is_empty()
    }
}

/// The thread and the reply box. `customer` names the sender of inbound messages.
/// The thread, with the reply box below it; a closed ticket (`reply` is `None`) takes no more.
pub fn view<'a>(
    messages: &'a [TicketMessage],
    customer: &'a str,
    reply: Option<&'a Reply>,
) -> Element<'a, Message> {
    let mut thread = column![text("Conversation").size(18)].spacing(10);
    if messages.is_empty() {
        thread = thread.push(
            text("No messages yet. Add what the customer wrote, or reply to them below.")
                .style(theme::muted_text),
        );
    }
    for m in messages {
        thread = thread.push(bubble(m, customer));
    }
    thread = thread.push(match reply {
        Some(reply) => reply_box(reply),
        None => text("This ticket is closed: its conversation is kept as it ended.")
            .style(theme::muted_text)
            .into(),
    });
    container(thread)
        .padding(16)
        .style(theme::card)
        .width(Length::Fill)
        .into()
}

fn bubble<'a>(m: &'a TicketMessage, customer: &'a str) -> Element<'a, Message> {
    let outbound = m.direction == Direction::Outbound;
    let who = match (outbound, m.author.trim()) {
        (true, "") => "Outbound · support".to_string(),
        (true, author) => format!("Outbound · {author}"),
        (false, "") => format!("Inbound · {customer}"),
        (false, author) => format!("Inbound · {author}"),
    };
    let body = container(
        column![
            row![
                text(who).size(12).style(theme::muted_text),
                Space::new().width(Length::Fill),
                text(local_time(m.sent_at))
                    .size(12)
                    .style(theme::muted_text),
            ]
            .spacing(8),
            text(crate::ui::widget::without_tabs(m.body.as_str().into())),
        ]
        .spacing(4),
    )
    .padding(10)
    .width(Length::FillPortion(5))
    .style(theme::message_bubble(outbound));
    // Replies sit to the right and customer messages to the left, as in any chat.
    let gap = Space::new().width(Length::FillPortion(1));
    if outbound {
        row![gap, body].into()
    } else {
        row![body, gap].into()
    }
}

fn reply_box(reply: &Reply) -> Element<'_, Message> {
    let choice = |direction: Direction, label: &'static str| {
        button(text(label).size(13))
            .on_press(Message::DirectionPicked(direction))
            .style(if reply.direction == direction {
                button::primary
            } else {
                button::secondary
            })
    };
    let (placeholder, send) = match reply.direction {
        Direction::Outbound => ("Write to the customer…", "Send reply"),
        Direction::Inbound => (
            "Paste or summarise what the customer wrote…",
            "Add customer message",
        ),
    };
    let mut box_ = column![
        row![
            choice(Direction::Outbound, "Reply to customer"),
            choice(Direction::Inbound, "Log customer message"),
        ]
        .spacing(4),
        text_editor(&reply.content)
            .style(crate::ui::theme::editor)
            .id(REPLY_ID)
            .placeholder(placeholder)
            .on_action(Message::Edited)
            .height(Length::Fixed(110.0))
            .padding(8),
    ]
    .spacing(6);
    if let Some(e) = &reply.error {
        box_ = box_.push(text(e.as_str()).size(13).style(theme::error_text));
    }
    box_.push(
        row![
            text("Ctrl+S sends").size(12).style(theme::muted_text),
            Space::new().width(Length::Fill),
            button(text(send))
                .on_press(Message::Send)
                .style(button::primary),
        ]
        .align_y(Alignment::Center),
    )
    .into()
}
