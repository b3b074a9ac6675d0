//! Customer support: the ticket queue with its figures, a form for a new ticket, and one ticket's
//! page with its conversation. The three live in one section, so the queue keeps its filters,
//! sort and scroll while a ticket is open.

mod conversation;
pub mod detail;
mod figures;
pub mod form;
pub mod queue;
mod rating;
mod sla;

use iced::{Element, Task};

use super::{Action, Destination};
use crate::domain::TicketId;
use crate::ui::shortcuts::Intent;
use crate::ui::workspace::Workspace;

pub use conversation::REPLY_ID;
pub use detail::RESOLVE_FEEDBACK_ID;
pub use form::{ASSIGNEE_ID, CONTACT_ID, FIRST_MESSAGE_ID, SUBJECT_ID};
pub use queue::{LIST_ID, SEARCH_ID, STATUS_FILTER_ID, StatusFilter};
pub use sla::hours_id;

pub struct Tickets {
    queue: queue::Queue,
    page: Page,
}

/// What the section shows.
enum Page {
    Queue,
    New(Box<form::NewTicket>),
    Ticket(Box<detail::TicketPage>),
}

#[derive(Debug, Clone)]
pub enum Message {
    Queue(queue::Message),
    Form(form::Message),
    Ticket(detail::Message),
}

/// What a part of the section asks for: something of the app, or a move to another page.
pub enum Step<M> {
    Act(Action<M>),
    Show(Show),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Queue,
    New,
    Ticket(TicketId),
    /// A ticket that was just written: show it, and tell the app the workspace changed.
    Changed(TicketId),
    /// The ticket on show was deleted: back to the queue, and tell the app.
    Left,
}

impl<M> From<Action<M>> for Step<M> {
    fn from(action: Action<M>) -> Self {
        Step::Act(action)
    }
}

impl Tickets {
    /// Whether a half-written new ticket would be lost by leaving the section.
    pub fn is_dirty(&self) -> bool {
        // SLA hours typed in the queue stay while a ticket is open from it, and go with the
        // screen: leaving from the ticket had dropped them without a word.
        self.queue.sla_is_dirty()
            || match &self.page {
                Page::New(form) => form.is_dirty(),
                Page::Ticket(page) => page.has_unsent_reply() || page.has_unsaved_rating(),
                Page::Queue => false,
            }
    }

    /// What leaving would lose, named where "this form" would not say it: a reply not sent,
    /// or SLA hours typed in the queue while a ticket is open.
    pub fn unsaved(&self) -> Option<&'static str> {
        let sla = self.queue.sla_is_dirty();
        match &self.page {
            Page::Ticket(page) if page.has_unsent_reply() && sla => Some(
                "The reply you typed has not been sent, and the SLA hours typed in the ticket \
                 queue are not saved. Leaving now loses both.",
            ),
            Page::Ticket(page) if page.has_unsent_reply() => {
                Some("The reply you typed has not been sent. Leaving now loses it.")
            }
            // A rating chosen and feedback typed had gone without a word.
            Page::Ticket(page) if page.has_unsaved_rating() => Some(
                "The rating you chose has not been saved: the ticket is not resolved yet. \
                 Leaving now loses it.",
            ),
            Page::New(form) if form.is_dirty() => None,
            _ if sla => Some(
                "The SLA hours typed in the ticket queue are not saved. Leaving now loses them.",
            ),
            _ => None,
        }
    }

    /// The contact whose page opened the new ticket on show, which leaving it returns to.
    pub fn new_ticket_about(&self) -> Option<crate::domain::ContactId> {
        match &self.page {
            Page::New(form) => form.about(),
            Page::Ticket(_) | Page::Queue => None,
        }
    }

    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        let (queue, task) = queue::Queue::new(workspace);
        (
            Tickets {
                queue,
                page: Page::Queue,
            },
            task.map(Message::Queue),
        )
    }

    /// Re-reads what is shown after the workspace changed.
    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        let page = match &mut self.page {
            Page::Ticket(page) => page.reload(workspace).map(Message::Ticket),
            Page::New(form) => form.refresh(workspace).map(Message::Form),
            Page::Queue => Task::none(),
        };
        Task::batch([self.queue.refresh(workspace).map(Message::Queue), page])
    }

    /// A minute passed: the queue on show is read again, so a ticket falling overdue is counted
    /// late and listed under "Overdue only" (its own pill had said so, the count had not).
    pub fn minute_passed(&mut self, workspace: &Workspace) -> Task<Message> {
        match self.page {
            Page::Queue => self.queue.refresh(workspace).map(Message::Queue),
            Page::New(_) | Page::Ticket(_) => Task::none(),
        }
    }

    /// Back to the queue, a form or reply not saved thrown away (the window's "Discard"); the
    /// queue keeps its filters, sort and scroll.
    pub fn discard_to_queue(&mut self, workspace: &Workspace) -> Task<Message> {
        self.queue.discard_sla();
        let queue = self.show(workspace, Show::Queue);
        Task::batch([self.refresh(workspace), queue])
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        let step = match (message, &mut self.page) {
            (Message::Queue(m), _) => wrap(self.queue.update(workspace, m), Message::Queue),
            (Message::Form(m), Page::New(form)) => wrap(form.update(workspace, m), Message::Form),
            (Message::Ticket(m), Page::Ticket(page)) => {
                wrap(page.update(workspace, m), Message::Ticket)
            }
            // A reply for a page that has since been left.
            (Message::Form(_) | Message::Ticket(_), _) => return Action::None,
        };
        self.take(workspace, step)
    }

    /// Shows the new-ticket form with `contact` already linked.
    pub fn new_about(
        &mut self,
        workspace: &Workspace,
        contact: crate::ui::widget::contact_picker::Picked,
    ) -> Task<Message> {
        let (form, task) = form::NewTicket::new(workspace, Some(contact));
        self.page = Page::New(Box::new(form));
        task.map(Message::Form)
    }

    /// Shows the page of ticket `id`.
    pub fn open(&mut self, workspace: &Workspace, id: TicketId) -> Task<Message> {
        self.show(workspace, Show::Ticket(id))
    }

    /// The ticket whose page is on show, if one is.
    pub fn ticket_shown(&self) -> Option<TicketId> {
        match &self.page {
            Page::Ticket(page) => Some(page.id()),
            Page::New(_) | Page::Queue => None,
        }
    }

    /// Back on ticket `id`'s page left for its customer's: the page (its own Back too) and the
    /// queue behind it as they were, read again; another ticket's page opened afresh.
    pub fn come_back(&mut self, workspace: &Workspace, id: TicketId) -> Task<Message> {
        if self.ticket_shown() == Some(id) {
            self.refresh(workspace)
        } else {
            self.open(workspace, id)
        }
    }

    /// What the window was told to discard on leaving (a reply not sent, SLA hours typed) goes;
    /// the page stays.
    pub fn discard_changes(&mut self) {
        self.queue.discard_sla();
        if let Page::Ticket(page) = &mut self.page {
            page.discard_typing();
        }
    }

    /// Shows the page of ticket `id`, whose Back returns to `back`, called `label`.
    pub fn open_from(
        &mut self,
        workspace: &Workspace,
        id: TicketId,
        back: Destination,
        label: String,
    ) -> Task<Message> {
        let task = self.show(workspace, Show::Ticket(id));
        if let Page::Ticket(page) = &mut self.page {
            page.came_from(back, label);
        }
        task
    }

    /// Whether `intent` scrolls the ticket page in view, as a record's page scrolls.
    pub fn scrolls_page(&self, intent: Intent) -> bool {
        matches!(&self.page, Page::Ticket(page) if page.scrolls(intent))
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        let step = match &mut self.page {
            Page::Queue => wrap(self.queue.intent(workspace, intent), Message::Queue),
            Page::New(form) => wrap(form.intent(workspace, intent), Message::Form),
            Page::Ticket(page) => wrap(page.intent(workspace, intent), Message::Ticket),
        };
        self.take(workspace, step)
    }

    fn take(&mut self, workspace: &Workspace, step: Step<Message>) -> Action<Message> {
        match step {
            Step::Act(action) => action,
            // The refresh that follows `Changed` reads the new ticket in.
            Step::Show(Show::Changed(id)) => {
                self.page = Page::Ticket(Box::new(detail::TicketPage::opening(id)));
                Action::Changed { then: None }
            }
            Step::Show(Show::Left) => {
                self.page = Page::Queue;
                Action::Changed { then: None }
            }
            Step::Show(show) => Action::Run(self.show(workspace, show)),
        }
    }

    fn show(&mut self, workspace: &Workspace, show: Show) -> Task<Message> {
        match show {
            Show::Queue | Show::Left => {
                self.page = Page::Queue;
                self.queue.focus()
            }
            Show::New => {
                let (form, task) = form::NewTicket::new(workspace, None);
                self.page = Page::New(Box::new(form));
                task.map(Message::Form)
            }
            Show::Ticket(id) | Show::Changed(id) => {
                let (page, task) = detail::TicketPage::new(workspace, id);
                self.page = Page::Ticket(Box::new(page));
                task.map(Message::Ticket)
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        match &self.page {
            Page::Queue => self.queue.view().map(Message::Queue),
            Page::New(form) => form.view().map(Message::Form),
            Page::Ticket(page) => page.view().map(Message::Ticket),
        }
    }
}

/// Lifts a part's step into the section's messages.
fn wrap<M: Send + 'static>(step: Step<M>, f: fn(M) -> Message) -> Step<Message> {
    match step {
        Step::Act(action) => Step::Act(action.map(f)),
        Step::Show(show) => Step::Show(show),
    }
}
