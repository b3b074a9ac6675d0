//! The people of the business, offered when a ticket is assigned and by the tickets' and deals'
//! filters before they have been named on one. A workspace setting kept in the file, not an undoable change.

use iced::widget::{button, column, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::store::Shared;
use crate::ui::screen::Action;
use crate::ui::theme;
use crate::ui::workspace::Workspace;

/// The team field's widget id.
pub const TEAM_ID: &str = "settings-team";

#[derive(Debug, Default)]
pub struct TeamEditor {
    saved: Vec<String>,
    typed: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<Vec<String>>),
    Changed(String),
    Save,
    Saved(Shared<Vec<String>>),
}

/// The names as the field writes them.
fn written(names: &[String]) -> String {
    names.join(", ")
}

impl TeamEditor {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        (TeamEditor::default(), Self::load(workspace))
    }

    pub fn load(workspace: &Workspace) -> Task<Message> {
        workspace.run(|s| s.team(), Message::Loaded)
    }

    /// Whether names were typed and not saved.
    pub fn is_dirty(&self) -> bool {
        self.typed.trim() != written(&self.saved)
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok(team)) => {
                if !self.is_dirty() {
                    self.typed = written(&team);
                }
                self.saved = team;
                Action::None
            }
            Message::Changed(typed) => {
                self.typed = typed;
                Action::None
            }
            Message::Save => {
                let names: Vec<String> = self.typed.split(',').map(str::to_string).collect();
                Action::Run(workspace.run(move |s| s.set_team(&names), Message::Saved))
            }
            Message::Saved(Ok(team)) => {
                self.typed = written(&team);
                let text = match team.len() {
                    0 => "The team list is empty: tickets and deals offer the names they hold"
                        .to_string(),
                    _ => format!(
                        "The team is {}: offered when a ticket is assigned or a deal's owner \
                         given, and by the assignee and owner filters",
                        written(&team)
                    ),
                };
                self.saved = team;
                Action::Notify { text, then: None }
            }
            Message::Loaded(Err(e)) | Message::Saved(Err(e)) => {
                Action::Failed(format!("The team could not be read or saved: {e}"))
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let input = crate::ui::widget::field::input("Anna, Marco, Sam", &self.typed)
            .id(TEAM_ID)
            .on_input(Message::Changed)
            .on_submit(Message::Save)
            .padding(6)
            .width(Length::Fill);
        column![
            text("Team").size(18),
            row![
                input,
                button(text("Save team"))
                    .on_press_maybe(self.is_dirty().then_some(Message::Save))
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            text(
                "The people of the business, separated by commas: offered when a ticket is \
                 assigned or a deal's owner given, and by the tickets' assignee and the deals' \
                 owner filters, before they have been named on one."
            )
            .size(13)
            .style(theme::muted_text),
        ]
        .spacing(8)
        .into()
    }
}
