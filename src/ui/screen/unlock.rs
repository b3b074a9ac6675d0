//! The passphrase prompt of an encrypted workspace. A wrong passphrase says so and lets the user try
//! again; the passphrase field hides what is typed.

use std::path::Path;

use iced::widget::{button, column, container, text};
use iced::{Alignment, Element, Length};

use crate::store::Passphrase;
use crate::ui::theme;

pub const FIELD: &str = "unlock-passphrase";

#[derive(Debug, Default)]
pub struct Unlock {
    typed: String,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Typed(String),
    Submit,
}

pub enum Action {
    None,
    /// Open the workspace with this passphrase.
    Open(Passphrase),
}

impl Unlock {
    /// The prompt, with `error` when the last passphrase did not fit.
    pub fn new(error: Option<String>) -> Unlock {
        Unlock {
            typed: String::new(),
            error,
        }
    }

    pub fn wrong() -> Unlock {
        Unlock::new(Some(
            "That passphrase is wrong: the workspace could not be decrypted. Check it and try again."
                .into(),
        ))
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Typed(text) => {
                self.typed = text;
                Action::None
            }
            Message::Submit => match Passphrase::new(std::mem::take(&mut self.typed)) {
                Some(key) => Action::Open(key),
                None => {
                    self.error = Some("Type the workspace's passphrase first.".into());
                    Action::None
                }
            },
        }
    }

    pub fn view<'a>(&'a self, path: &Path) -> Element<'a, Message> {
        let mut content = column![
            text("This workspace is encrypted").size(24),
            text(path.display().to_string()).style(theme::muted_text),
            text("Type its passphrase to open it."),
            crate::ui::widget::field::input("Passphrase", &self.typed)
                .id(FIELD)
                .secure(true)
                .on_input(Message::Typed)
                .on_submit(Message::Submit)
                .width(Length::Fixed(360.0)),
            button(text("Open")).on_press(Message::Submit),
        ]
        .spacing(12)
        .align_x(Alignment::Center);
        if let Some(error) = &self.error {
            content = content.push(text(error.as_str()).style(theme::error_text));
        }
        container(content).center(Length::Fill).padding(40).into()
    }
}
