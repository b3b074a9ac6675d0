//! A new ticket: what it is about, who asked (found by typing part of their name), how urgent it is,
//! the channel, who handles it, and the customer's first message, saved as one undoable change.

use iced::widget::{Space, button, column, row, scrollable, text, text_editor};
use iced::{Alignment, Element, Length, Task};

use super::{Show, Step};
use crate::domain::{Direction, Priority, SlaPolicy, TicketChannel, TicketFields, TicketId};
use crate::store::Shared;
use crate::ui::screen::{Action, Destination, Section};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::choice_keys::{keyed_choice, keyed_pick};
use crate::ui::widget::contact_picker::{self, ContactPicker, Outcome};
use crate::ui::widget::field::labelled;
use crate::ui::widget::title_bar;
use crate::ui::workspace::Workspace;

pub const SUBJECT_ID: &str = "ticket-subject";
pub const CONTACT_ID: &str = "ticket-contact";
pub const ASSIGNEE_ID: &str = "ticket-assignee";
pub const PRIORITY_ID: &str = "ticket-priority";
pub const CHANNEL_ID: &str = "ticket-channel";
pub const FIRST_MESSAGE_ID: &str = "ticket-first-message";

pub struct NewTicket {
    subject: String,
    contact: ContactPicker,
    priority: Priority,
    channel: TicketChannel,
    assignee: String,
    assignees: Vec<String>,
    policy: SlaPolicy,
    message: text_editor::Content,
    errors: Errors,
    saving: bool,
    /// The contact whose page opened the form: linked from the start, and where leaving returns.
    about: Option<contact_picker::Picked>,
}

#[derive(Debug, Default)]
struct Errors {
    subject: Option<String>,
    assignee: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    SubjectChanged(String),
    Contact(contact_picker::Message),
    PriorityPicked(Priority),
    ChannelPicked(TicketChannel),
    AssigneeChanged(String),
    MessageEdited(text_editor::Action),
    ChoicesLoaded(Shared<(Vec<String>, SlaPolicy)>),
    Save,
    Saved(Shared<TicketId>),
    Cancel,
}

impl NewTicket {
    /// The empty form, or (`about`) one for a ticket about that contact.
    pub fn new(
        workspace: &Workspace,
        about: Option<contact_picker::Picked>,
    ) -> (Self, Task<Message>) {
        let form = NewTicket {
            subject: String::new(),
            contact: about.clone().map(ContactPicker::linked).unwrap_or_default(),
            priority: Priority::Normal,
            channel: TicketChannel::Email,
            assignee: String::new(),
            assignees: Vec::new(),
            policy: SlaPolicy::default(),
            message: text_editor::Content::new(),
            errors: Errors::default(),
            saving: false,
            about,
        };
        let task = Task::batch([
            form.refresh(workspace),
            iced::widget::operation::focus(SUBJECT_ID),
        ]);
        (form, task)
    }

    /// Reads the known assignees and the SLA hours again.
    pub fn refresh(&self, workspace: &Workspace) -> Task<Message> {
        workspace.run(
            |s| Ok((s.ticket_assignees()?, s.sla_policy()?)),
            Message::ChoicesLoaded,
        )
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Step<Message> {
        let task = match message {
            Message::SubjectChanged(subject) => {
                self.subject = subject;
                // The message's line stays, blank, so the form does not jump under the pointer.
                if let Some(shown) = &mut self.errors.subject {
                    shown.clear();
                }
                Task::none()
            }
            Message::Contact(m) => match self.contact.update(workspace, m) {
                Outcome::None => Task::none(),
                // The name filled in, the caret after it (it stayed inside the name).
                Outcome::Linked(_) => iced::widget::operation::move_cursor_to_end(CONTACT_ID),
                Outcome::Run(task) => task.map(Message::Contact),
                Outcome::Failed(text) => return Action::Failed(text).into(),
            },
            Message::PriorityPicked(p) => {
                self.priority = p;
                Task::none()
            }
            Message::ChannelPicked(c) => {
                self.channel = c;
                Task::none()
            }
            Message::AssigneeChanged(a) => {
                self.assignee = a;
                self.errors.assignee = None;
                Task::none()
            }
            Message::MessageEdited(action) => {
                self.message.perform(action);
                Task::none()
            }
            Message::ChoicesLoaded(Ok((assignees, policy))) => {
                self.assignees = assignees;
                self.policy = policy;
                Task::none()
            }
            Message::ChoicesLoaded(Err(e)) => {
                return Action::Failed(format!("The assignees could not be read: {e}")).into();
            }
            Message::Save => return self.save(workspace),
            Message::Saved(Ok(id)) => return Step::Show(Show::Changed(id)),
            Message::Saved(Err(e)) => {
                self.saving = false;
                return Action::Failed(format!("The ticket was not opened: {e}")).into();
            }
            Message::Cancel => return self.leave(),
        };
        Action::Run(task).into()
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Step<Message> {
        match intent {
            Intent::Save => self.save(workspace),
            Intent::Close if self.contact.close_suggestions() => Action::None.into(),
            Intent::Close => self.leave(),
            Intent::Up | Intent::Down => {
                self.contact.step(intent == Intent::Down);
                Action::None.into()
            }
            _ => Action::None.into(),
        }
    }

    /// The contact whose page opened the form.
    pub fn about(&self) -> Option<crate::domain::ContactId> {
        self.about.as_ref().map(|about| about.id)
    }

    /// Back to the contact whose page opened the form, or to the queue; with typing in the form,
    /// by way of the window's "discard?" question.
    fn leave(&self) -> Step<Message> {
        match &self.about {
            Some(about) => Action::Open(Destination::Contact(about.id)).into(),
            None if self.is_dirty() => Action::Open(Destination::Section(Section::Tickets)).into(),
            None => Step::Show(Show::Queue),
        }
    }

    fn save(&mut self, workspace: &Workspace) -> Step<Message> {
        if self.saving {
            return Action::None.into();
        }
        let fields = TicketFields {
            priority: self.priority,
            channel: self.channel,
            assignee: self.assignee.trim().to_string(),
            ..TicketFields::new(self.subject.trim(), self.contact.picked().map(|p| p.id))
        };
        self.errors = Errors::default();
        if let Err(invalid) = fields.validate() {
            self.errors.subject = invalid.for_field("subject").map(|p| format!("Subject {p}"));
            self.errors.assignee = invalid
                .for_field("assignee")
                .map(|p| format!("Assignee {p}"));
        }
        let unresolved = self.contact.check();
        if self.errors.subject.is_some() || self.errors.assignee.is_some() || unresolved {
            return Action::None.into();
        }
        self.saving = true;
        let body = self.message.text().trim().to_string();
        Action::Run(workspace.run(
            move |s| {
                let mut fields = fields;
                if let Some(contact) = fields.contact_id {
                    fields.company_id = s.contact(contact)?.fields.company_id;
                }
                Ok(s.open_ticket(fields, Direction::Inbound, "", &body)?.id)
            },
            Message::Saved,
        ))
        .into()
    }

    /// Whether leaving now would lose typing.
    pub fn is_dirty(&self) -> bool {
        // The contact the form was opened for is no change of the user's.
        let contact_changed = match &self.about {
            Some(about) => self.contact.picked() != Some(about),
            None => self.contact.is_touched(),
        };
        !self.saving
            && (!self.subject.trim().is_empty()
                || contact_changed
                || !self.message.text().trim().is_empty())
    }

    pub fn view(&self) -> Element<'_, Message> {
        let actions = [
            button(text("Cancel"))
                .on_press(Message::Cancel)
                .style(button::secondary)
                .into(),
            button(text(if self.saving {
                "Opening…"
            } else {
                "Open ticket"
            }))
            .on_press_maybe((!self.saving).then_some(Message::Save))
            .style(button::primary)
            .into(),
        ];
        let subject = crate::ui::widget::field::input("What the customer needs", &self.subject)
            .id(SUBJECT_ID)
            .on_input(Message::SubjectChanged)
            .on_submit(Message::Save)
            .padding(6)
            .style(theme::input(
                self.errors
                    .subject
                    .as_deref()
                    .is_some_and(|e| !e.is_empty()),
            ));
        let form = column![
            labelled("Subject", subject, self.errors.subject.clone()),
            self.contact
                .view(CONTACT_ID, "this ticket")
                .map(Message::Contact),
            row![
                labelled("Priority", self.priority_choice(), None),
                labelled(
                    "Channel",
                    keyed_pick(
                        CHANNEL_ID,
                        TicketChannel::ALL,
                        Some(self.channel),
                        Message::ChannelPicked
                    ),
                    None
                ),
            ]
            .spacing(16),
            self.assignee_field(),
            labelled(
                "First message (from the customer)",
                text_editor(&self.message)
                    .style(crate::ui::theme::editor)
                    .id(FIRST_MESSAGE_ID)
                    .placeholder("What they wrote, or a summary of the call")
                    .on_action(Message::MessageEdited)
                    .height(Length::Fixed(140.0))
                    .padding(8),
                None
            ),
            text(match &self.about {
                Some(about) => format!("Ctrl+S opens the ticket, Esc goes back to {}.", about.name),
                None => "Ctrl+S opens the ticket, Esc goes back to the queue.".to_string(),
            })
            .size(12)
            .style(theme::muted_text),
        ]
        .spacing(14)
        .max_width(760);
        scrollable(
            column![title_bar("New ticket", actions), form]
                .spacing(16)
                .padding(20),
        )
        .into()
    }

    fn priority_choice(&self) -> Element<'_, Message> {
        let buttons = Priority::ALL.iter().fold(row![].spacing(4), |r, &p| {
            r.push(
                button(text(p.label()))
                    .on_press(Message::PriorityPicked(p))
                    .style(if p == self.priority {
                        button::primary
                    } else {
                        button::secondary
                    }),
            )
        });
        let current = self.priority;
        let buttons = keyed_choice(PRIORITY_ID, buttons, move |step| {
            Message::PriorityPicked(step.from(Priority::ALL, current))
        });
        column![
            buttons,
            text(format!(
                "To be resolved within {} h of opening",
                self.policy.hours(self.priority)
            ))
            .size(13)
            .style(theme::muted_text),
        ]
        .spacing(4)
        .into()
    }

    fn assignee_field(&self) -> Element<'_, Message> {
        let input = crate::ui::widget::field::input("Who handles it (optional)", &self.assignee)
            .id(ASSIGNEE_ID)
            .on_input(Message::AssigneeChanged)
            .on_submit(Message::Save)
            .padding(6);
        let label = (!self.assignees.is_empty())
            .then(|| text("Quick pick:").size(13).style(theme::muted_text));
        let known = self.assignees.iter().take(8).fold(
            row![].push(label).spacing(4).align_y(Alignment::Center),
            |r, name| {
                r.push(
                    button(text(name.as_str()).size(13))
                        .on_press(Message::AssigneeChanged(name.clone()))
                        .style(button::text)
                        .padding([2, 6]),
                )
            },
        );
        column![
            labelled("Assignee", input, self.errors.assignee.clone()),
            row![known, Space::new().width(Length::Fill)]
        ]
        .spacing(4)
        .into()
    }
}
