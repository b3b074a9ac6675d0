//! SCAFFOLD — being built in this session; replaced before commit.

use iced::{Element, Task};

use super::Action;
use crate::ui::shortcuts::Intent;
use crate::ui::widget::empty_state;
use crate::ui::workspace::Workspace;

pub struct Pipeline {}

#[derive(Debug, Clone)]
pub enum Message {}

impl Pipeline {
    pub fn new(_workspace: &Workspace) -> (Self, Task<Message>) {
        (Pipeline {}, Task::none())
    }

    /// Re-reads what is shown after the workspace changed.
    pub fn refresh(&mut self, _workspace: &Workspace) -> Task<Message> {
        Task::none()
    }

    pub fn update(&mut self, _workspace: &Workspace, message: Message) -> Action<Message> {
        match message {}
    }

    pub fn intent(&mut self, _workspace: &Workspace, _intent: Intent) -> Action<Message> {
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        empty_state("Pipeline", "", None)
    }
}
