//! The board opened from elsewhere, or come back to: a deal's form asked for from a company's
//! page or the deal list, the Won & lost view from the dashboard, the board as it was after a
//! form is discarded.

use iced::Task;

use super::{Message, Mode, Pipeline, deal_form, list};
use crate::domain::DealId;
use crate::ui::screen::{Action, Destination};
use crate::ui::workspace::Workspace;

impl Pipeline {
    /// What the list asks for. A deal it opens opens in this screen's form, the list (its
    /// filters and sort) kept under it: a row had opened the deal's contact, and one without a
    /// contact nothing.
    pub(super) fn follow_list(
        &mut self,
        workspace: &Workspace,
        action: Action<list::Message>,
    ) -> Action<Message> {
        match action {
            Action::Open(Destination::Deal(id)) => Action::Run(self.edit_deal(workspace, id, None)),
            other => other.map(Message::List),
        }
    }

    /// Deal `id` in the form, as Edit on its card opens it, once the board is there to hold it;
    /// saving or cancelling it goes to `back` (the page that asked for it) when given.
    pub fn edit_deal(
        &mut self,
        workspace: &Workspace,
        id: DealId,
        back: Option<Destination>,
    ) -> Task<Message> {
        self.edit_back = back;
        if self.pipeline.is_none() {
            self.edit_pending = Some(id);
            return Task::none();
        }
        self.read_for_edit(workspace, id)
    }

    pub(super) fn read_for_edit(&self, workspace: &Workspace, id: DealId) -> Task<Message> {
        workspace.run(
            move |s| deal_form::read_for_edit(s, id),
            Message::EditLoaded,
        )
    }

    /// The Won & lost view, as its button shows it.
    pub fn show_closed(&mut self, workspace: &Workspace) -> Task<Message> {
        match self.update(workspace, Message::ModePicked(Mode::Closed)) {
            Action::Run(task) => task,
            _ => Task::none(),
        }
    }

    /// The deal form closed unsaved (the window's "Discard"), the board read again as it was:
    /// the selected card and each column's scroll stay.
    pub fn discard_form(&mut self, workspace: &Workspace) -> Task<Message> {
        self.form = None;
        self.form_pending = false;
        self.edit_back = None;
        Task::batch([self.refresh(workspace), self.stay_in_view()])
    }
}
