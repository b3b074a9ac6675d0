//! The currency the business works in: what a new workspace's first deal and campaign start in
//! and its empty dashboard counts in, before deals of its own lead. A workspace setting, saved in
//! the file (it moves with the workspace), not an undoable change.

use iced::widget::{button, column, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::Currency;
use crate::store::Shared;
use crate::ui::screen::Action;
use crate::ui::theme;
use crate::ui::workspace::Workspace;

/// The currency field's widget id.
pub const CURRENCY_ID: &str = "settings-currency";

#[derive(Debug, Default)]
pub struct CurrencyEditor {
    /// What the workspace holds: the currency set, and the one deals are in now.
    saved: Option<Currency>,
    in_use: Option<Currency>,
    typed: String,
    problem: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<(Option<Currency>, Currency)>),
    Changed(String),
    Save,
    Saved(Shared<(Option<Currency>, Currency)>),
}

impl CurrencyEditor {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        (CurrencyEditor::default(), Self::load(workspace))
    }

    pub fn load(workspace: &Workspace) -> Task<Message> {
        workspace.run(
            |s| Ok((s.home_currency()?, s.deal_currency()?)),
            Message::Loaded,
        )
    }

    /// Whether a code was typed and not saved.
    pub fn is_dirty(&self) -> bool {
        let saved = self
            .saved
            .map_or_else(String::new, |c| c.code().to_string());
        !self.typed.trim().eq_ignore_ascii_case(&saved)
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok((saved, in_use))) => {
                if !self.is_dirty() {
                    self.typed = saved.map_or_else(String::new, |c| c.code().to_string());
                }
                self.saved = saved;
                self.in_use = Some(in_use);
                Action::None
            }
            Message::Loaded(Err(e)) => {
                Action::Failed(format!("The workspace's currency could not be read: {e}"))
            }
            Message::Changed(typed) => {
                self.typed = typed;
                self.problem = None;
                Action::None
            }
            Message::Save => {
                let typed = self.typed.trim().to_uppercase();
                let currency = if typed.is_empty() {
                    None
                } else {
                    match Currency::new(&typed) {
                        Ok(c) if c.is_iso_4217() => Some(c),
                        _ => {
                            self.problem = Some(format!(
                                "\"{}\" is not a currency code: three letters, such as EUR, CHF \
                                 or USD",
                                self.typed.trim()
                            ));
                            return Action::None;
                        }
                    }
                };
                Action::Run(workspace.run(
                    move |s| {
                        s.set_home_currency(currency)?;
                        Ok((currency, s.deal_currency()?))
                    },
                    Message::Saved,
                ))
            }
            Message::Saved(Ok((currency, in_use))) => {
                self.saved = currency;
                self.in_use = Some(in_use);
                self.typed = currency.map_or_else(String::new, |c| c.code().to_string());
                let text = match currency {
                    Some(c) if c == in_use => format!(
                        "The workspace works in {}: new deals and campaigns start in it",
                        c.code()
                    ),
                    Some(c) => format!(
                        "The workspace works in {}; its deals so far are mostly in {}, so new \
                         ones start in that",
                        c.code(),
                        in_use.code()
                    ),
                    None => format!(
                        "The workspace's currency is no longer set: new deals start in {}",
                        in_use.code()
                    ),
                };
                Action::Notify { text, then: None }
            }
            Message::Saved(Err(e)) => {
                Action::Failed(format!("The workspace's currency was not saved: {e}"))
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let input = crate::ui::widget::field::input("EUR", &self.typed)
            .id(CURRENCY_ID)
            .on_input(Message::Changed)
            .on_submit(Message::Save)
            .padding(6)
            .width(Length::Fixed(90.0))
            .style(theme::input(self.problem.is_some()));
        let in_use = match (self.in_use, self.saved) {
            (Some(deals), Some(set)) if deals != set => format!(
                " Deals recorded so far are mostly in {}, so new ones start in that.",
                deals.code()
            ),
            _ => String::new(),
        };
        let mut card = column![
            text("Currency").size(18),
            row![
                input,
                button(text("Save currency"))
                    .on_press_maybe(self.is_dirty().then_some(Message::Save))
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            text(format!(
                "The currency your business works in: a new workspace's first deals and \
                 campaigns start in it, and its dashboard counts in it. Amounts already \
                 recorded keep their own.{in_use}"
            ))
            .size(13)
            .style(theme::muted_text),
        ]
        .spacing(8);
        if let Some(problem) = &self.problem {
            card = card.push(text(problem.as_str()).size(13).style(theme::error_text));
        }
        card.into()
    }
}
