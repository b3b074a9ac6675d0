//! One ticket: its conversation, the status moves the workflow allows from where it is, priority
//! (which sets the deadline), assignee, the linked contact, and on resolving, the customer's rating.

use crate::ui::screen::opened_at::{OpenedAt, passed_over};
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

mod details;

use super::conversation::{self, REPLY_ID, Reply};
use super::rating::{Rating, rating_panel};
use super::{Show, Step, figures};
use crate::domain::ticket::SlaClock;
use crate::domain::{
    ContactId, Direction, Priority, SlaPolicy, Ticket, TicketFields, TicketId, TicketMessage,
    TicketStatus, Timestamp,
};
use crate::store::Shared;
use crate::ui::screen::{Action, Destination, Section};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::{chip, empty_state, local_time, title_bar};
use crate::ui::workspace::Workspace;

pub const RESOLVE_FEEDBACK_ID: &str = "ticket-feedback";
pub const ASSIGNEE_ID: &str = "ticket-assignee-edit";

#[derive(Debug, Clone)]
pub struct Loaded {
    ticket: Ticket,
    messages: Vec<TicketMessage>,
    contact: Option<String>,
    /// The company the ticket is about (its contact's when it was opened), by name.
    company: Option<String>,
    assignees: Vec<String>,
    policy: SlaPolicy,
}

pub struct TicketPage {
    id: TicketId,
    /// For Delete to pass over the second click of the double click that opened the page.
    opened: OpenedAt,
    loaded: Option<Box<Loaded>>,
    error: Option<String>,
    reply: Reply,
    assignee: String,
    /// The rating being given while the ticket is resolved; `None` when not resolving.
    resolving: Option<Rating>,
    /// "Close ticket…" pressed and not yet confirmed: a closed ticket stays closed.
    closing: bool,
    /// Where Back goes, and its name, when another page opened this one (a contact's timeline);
    /// otherwise the queue.
    back: Option<(Destination, String)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<Box<Loaded>>),
    Back,
    MoveTo(TicketStatus),
    Resolving(bool),
    /// Asks whether to close for good (true), or drops the question (false).
    Closing(bool),
    Rated(Option<i64>),
    FeedbackChanged(String),
    Resolve,
    PriorityPicked(Priority),
    AssigneeChanged(String),
    /// Assigns the ticket to the name given, or else to the name typed.
    Assign(Option<String>),
    OpenContact(ContactId),
    OpenCompany(crate::domain::CompanyId),
    Reply(conversation::Message),
    Delete,
    Saved(Shared<()>),
    /// A change refused, told once the page has been read again (`Loaded`).
    Refused(String, Box<Message>),
    /// A message sent, or the text that could not be.
    Sent(String, Shared<()>),
    Deleted(Shared<()>),
}

impl TicketPage {
    pub fn new(workspace: &Workspace, id: TicketId) -> (Self, Task<Message>) {
        let page = TicketPage::opening(id);
        let task = page.reload(workspace);
        (page, task)
    }

    /// The page before its ticket has been read.
    pub fn opening(id: TicketId) -> Self {
        TicketPage {
            id,
            loaded: None,
            error: None,
            reply: Reply::default(),
            assignee: String::new(),
            resolving: None,
            closing: false,
            back: None,
            opened: OpenedAt::now(),
        }
    }

    /// Back goes to `to`, called `label`, instead of the queue.
    pub fn came_from(&mut self, to: Destination, label: String) {
        self.back = Some((to, label));
    }

    pub fn reload(&self, workspace: &Workspace) -> Task<Message> {
        let id = self.id;
        workspace.run(
            move |s| {
                let ticket = s.ticket(id)?;
                let contact = match ticket.fields.contact_id {
                    Some(c) => Some(s.contact(c)?.fields.full_name()),
                    None => None,
                };
                let company = match ticket.fields.company_id {
                    Some(c) => Some(s.company(c)?.fields.name),
                    None => None,
                };
                Ok(Box::new(Loaded {
                    messages: s.ticket_messages(id)?,
                    contact,
                    company,
                    assignees: s.ticket_assignees()?,
                    policy: s.sla_policy()?,
                    ticket,
                }))
            },
            Message::Loaded,
        )
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Step<Message> {
        match message {
            Message::Loaded(Ok(loaded)) => {
                self.error = None;
                self.assignee = loaded.ticket.fields.assignee.clone();
                self.loaded = Some(loaded);
                Action::None.into()
            }
            Message::Loaded(Err(e)) => {
                self.error = Some(e.to_string());
                Action::None.into()
            }
            Message::Back => self.leave(),
            Message::MoveTo(to) => {
                self.closing = false;
                self.change(workspace, |f, _| f.moved_to(to, None, ""))
            }
            Message::Closing(on) => {
                self.closing = on;
                Action::None.into()
            }
            Message::Resolving(on) => {
                // What the customer already said stays: rating a ticket resolved with feedback
                // but no score had emptied the feedback.
                self.resolving = on.then(|| {
                    self.loaded
                        .as_ref()
                        .map(|l| Rating {
                            score: l.ticket.fields.satisfaction,
                            feedback: l.ticket.fields.feedback.clone(),
                        })
                        .unwrap_or_default()
                });
                let focus = iced::widget::operation::focus(RESOLVE_FEEDBACK_ID);
                Action::Run(if on { focus } else { Task::none() }).into()
            }
            Message::Rated(score) => {
                if let Some(r) = &mut self.resolving {
                    r.score = score;
                }
                Action::None.into()
            }
            Message::FeedbackChanged(feedback) => {
                if let Some(r) = &mut self.resolving {
                    r.feedback = feedback;
                }
                Action::None.into()
            }
            Message::Resolve => self.resolve(workspace),
            Message::PriorityPicked(p) => self.change(workspace, |f, l| {
                Ok(f.with_priority(p, l.ticket.created_at, &l.policy))
            }),
            Message::AssigneeChanged(a) => {
                self.assignee = a;
                Action::None.into()
            }
            Message::Assign(name) => {
                if let Some(name) = name {
                    self.assignee = name;
                }
                let assignee = self.assignee.trim().to_string();
                self.change(workspace, move |f, _| {
                    Ok(TicketFields {
                        assignee,
                        ..f.clone()
                    })
                })
            }
            Message::OpenContact(id) => Action::Open(Destination::Contact(id)).into(),
            Message::OpenCompany(id) => Action::Open(Destination::Company(id)).into(),
            Message::Reply(m) => match self.reply.update(m) {
                Some((direction, body)) => self.send(workspace, direction, body),
                None => Action::None.into(),
            },
            Message::Delete if !self.opened.settled() => Action::Run(passed_over()).into(),
            Message::Delete => {
                let id = self.id;
                Action::Run(workspace.run(move |s| s.delete(id), Message::Deleted)).into()
            }
            Message::Saved(Ok(())) | Message::Sent(_, Ok(())) => {
                Action::Changed { then: None }.into()
            }
            // The page is read again: a refusal usually means the ticket changed elsewhere (closed
            // in another window), and the page should show how it is now.
            Message::Saved(Err(e)) => {
                let why = format!("The ticket was not saved: {}", e.in_words());
                Action::Run(
                    self.reload(workspace)
                        .map(move |m| Message::Refused(why.clone(), Box::new(m))),
                )
                .into()
            }
            Message::Refused(why, reloaded) => {
                let _ = self.update(workspace, *reloaded);
                Action::Failed(why).into()
            }
            Message::Sent(body, Err(e)) => {
                self.reply
                    .give_back(&body, format!("Not sent: {}", e.in_words()));
                Action::Run(self.reload(workspace)).into()
            }
            Message::Deleted(Ok(())) => Step::Show(Show::Left),
            Message::Deleted(Err(e)) => {
                Action::Failed(format!("The ticket was not deleted: {e}")).into()
            }
        }
    }

    /// Whether `intent` scrolls the page (↑ ↓ choose the rating while resolving): the reply box
    /// below the fold of a small window could not be reached from the keyboard.
    pub fn scrolls(&self, intent: Intent) -> bool {
        crate::ui::widget::page_keys::scrolls(intent)
            && !(self.resolving.is_some() && matches!(intent, Intent::Up | Intent::Down))
    }

    pub fn id(&self) -> TicketId {
        self.id
    }

    /// The reply typed and the rating chosen, thrown away (the window's "Discard" on leaving).
    pub fn discard_typing(&mut self) {
        self.reply = Reply::default();
        self.resolving = None;
    }

    /// A rating chosen or feedback typed in the resolve panel, not yet saved.
    pub fn has_unsaved_rating(&self) -> bool {
        self.resolving
            .as_ref()
            .is_some_and(|r| r.score.is_some() || !r.feedback.trim().is_empty())
    }

    /// A reply typed and not sent.
    pub fn has_unsent_reply(&self) -> bool {
        !self.reply.is_empty()
    }

    /// Back to the queue; with a reply typed and not sent, or a rating chosen and not saved, by
    /// way of the window's "discard?" question.
    fn leave(&self) -> Step<Message> {
        if let Some((to, _)) = &self.back {
            return Action::Open(to.clone()).into();
        }
        if self.has_unsent_reply() || self.has_unsaved_rating() {
            Action::Open(Destination::Section(Section::Tickets)).into()
        } else {
            Step::Show(Show::Queue)
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Step<Message> {
        match intent {
            Intent::Close if self.resolving.is_some() || self.closing => {
                self.resolving = None;
                self.closing = false;
                Action::None.into()
            }
            Intent::Close => self.leave(),
            Intent::Save if self.resolving.is_some() => self.resolve(workspace),
            // The stars from the keyboard (the feedback field has it, and takes ← →): ↑ one
            // more, ↓ one fewer, below 1 no rating.
            Intent::Up | Intent::Down if self.resolving.is_some() => {
                let score = self.resolving.as_ref().and_then(|r| r.score);
                let to = super::rating::stepped(score, intent == Intent::Up);
                self.update(workspace, Message::Rated(to))
            }
            Intent::Save if !self.reply.is_empty() => match self.reply.take() {
                Some((direction, body)) => self.send(workspace, direction, body),
                None => Action::None.into(),
            },
            Intent::Edit => Action::Run(iced::widget::operation::focus(REPLY_ID)).into(),
            Intent::Delete => self.update(workspace, Message::Delete),
            Intent::NewRecord => Step::Show(Show::New),
            Intent::Status(to) => {
                let allowed = self
                    .loaded
                    .as_ref()
                    .is_some_and(|l| l.ticket.fields.status.next_statuses().contains(&to));
                match (allowed, to) {
                    (false, _) => Action::None.into(),
                    (true, TicketStatus::Resolved) => {
                        self.update(workspace, Message::Resolving(true))
                    }
                    // Asked as the button asks: Alt+C had closed for good at once.
                    (true, TicketStatus::Closed) => self.update(workspace, Message::Closing(true)),
                    (true, to) => self.update(workspace, Message::MoveTo(to)),
                }
            }
            _ => Action::None.into(),
        }
    }

    /// Saves the ticket with fields derived from the current ones by `change` (a domain rule).
    fn change(
        &mut self,
        workspace: &Workspace,
        change: impl FnOnce(&TicketFields, &Loaded) -> Result<TicketFields, crate::domain::Invalid>,
    ) -> Step<Message> {
        let Some(loaded) = &self.loaded else {
            return Action::None.into();
        };
        let fields = match change(&loaded.ticket.fields, loaded) {
            Ok(fields) => fields,
            Err(invalid) => {
                return Action::Failed(format!("Not saved: {}", invalid.in_words())).into();
            }
        };
        if fields == loaded.ticket.fields {
            return Action::None.into();
        }
        let id = self.id;
        Action::Run(workspace.run(
            move |s| s.update_ticket(id, fields).map(drop),
            Message::Saved,
        ))
        .into()
    }

    fn resolve(&mut self, workspace: &Workspace) -> Step<Message> {
        let Some(rating) = self.resolving.take() else {
            return Action::None.into();
        };
        let resolved = self.loaded.as_ref().map(|l| l.ticket.fields.status);
        if resolved == Some(TicketStatus::Resolved) {
            // Rating a ticket that was resolved without one.
            return self.change(workspace, move |f, _| {
                let rated = TicketFields {
                    satisfaction: rating.score,
                    feedback: rating.feedback.trim().to_string(),
                    ..f.clone()
                };
                rated.validate().map(|()| rated)
            });
        }
        self.change(workspace, move |f, _| {
            f.moved_to(TicketStatus::Resolved, rating.score, &rating.feedback)
        })
    }

    fn send(&mut self, workspace: &Workspace, direction: Direction, body: String) -> Step<Message> {
        let id = self.id;
        let sent = body.clone();
        Action::Run(workspace.run(
            move |s| {
                // A reply is signed by whoever writes it (the name the change log records), not
                // by the ticket's assignee, who may not be the one answering.
                let author = match direction {
                    Direction::Outbound => s.actor().to_string(),
                    Direction::Inbound => String::new(),
                };
                s.add_ticket_message(id, direction, &author, &body)
                    .map(drop)
            },
            move |result| Message::Sent(sent.clone(), result),
        ))
        .into()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let Some(loaded) = &self.loaded else {
            return match &self.error {
                Some(e) => empty_state(
                    "This ticket could not be opened",
                    e.as_str(),
                    Some(("Back to tickets", Message::Back)),
                ),
                None => empty_state("Opening…", "", None),
            };
        };
        let t = &loaded.ticket;
        let actions = [
            button(text(match &self.back {
                Some((_, label)) => format!("← {label}"),
                None => "← Tickets".to_string(),
            }))
            .on_press(Message::Back)
            .style(button::text)
            .into(),
            button(text("Delete"))
                .on_press(Message::Delete)
                .style(button::danger)
                .into(),
        ];
        let clock = SlaClock::of(
            t.fields.status,
            t.fields.sla_due_at,
            t.resolved_at,
            Timestamp::now(),
        );
        let mut tags = row![
            chip(t.fields.status.label()),
            chip(t.fields.priority.label()),
            text(format!(
                "#{} · {} · opened {}",
                t.id.0,
                t.fields.channel.label(),
                local_time(t.created_at)
            ))
            .size(13)
            .style(theme::muted_text),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        if let SlaClock::Overdue(late) = clock {
            tags = tags.push(
                container(text(format!("SLA overdue by {}", figures::span(late))).size(13))
                    .padding([2, 8])
                    .style(theme::overdue_chip),
            );
        }
        let mut heading = column![title_bar(t.fields.subject.as_str(), actions), tags].spacing(6);
        if t.deleted_at.is_some() {
            heading = heading.push(
                text("This ticket is deleted; undo or redo (Ctrl+Z, Ctrl+Shift+Z) can bring it back.")
                    .style(theme::error_text),
            );
        }
        let customer = loaded.contact.as_deref().unwrap_or("customer");
        let left = column![
            conversation::view(
                &loaded.messages,
                customer,
                // A message that could not be sent stays in view to be copied, even on a
                // ticket that turned out to be closed.
                (t.fields.status != TicketStatus::Closed || !self.reply.is_empty())
                    .then_some(&self.reply)
            )
            .map(Message::Reply)
        ]
        .width(Length::FillPortion(3));
        let right = column![self.status_card(loaded), self.details_card(loaded, clock)]
            .spacing(16)
            .width(Length::FillPortion(2));
        scrollable(
            column![heading, row![left, right].spacing(16)]
                .spacing(16)
                .padding(20),
        )
        .id(crate::ui::widget::page_keys::PAGE_ID)
        .into()
    }

    fn status_card<'a>(&'a self, loaded: &'a Loaded) -> Element<'a, Message> {
        let status = loaded.ticket.fields.status;
        let mut card = column![text("Status").size(18)].spacing(10);
        if let Some(rating) = &self.resolving {
            card = card.push(rating_panel(rating, status == TicketStatus::Resolved));
        } else if self.closing {
            // Asked, as closing cannot be taken back: after the first reply the buttons move
            // up a place, and a click meant for "Resolve…" had closed the ticket unrated.
            card = card.push(
                text(
                    "Close this ticket for good? A closed ticket cannot be reopened or replied \
                     to; Resolve… records the customer's rating first.",
                )
                .style(theme::muted_text),
            );
            card = card.push(
                row![
                    button(text("Close for good"))
                        .on_press(Message::MoveTo(TicketStatus::Closed))
                        .style(button::danger),
                    button(text("Keep it open"))
                        .on_press(Message::Closing(false))
                        .style(button::secondary),
                ]
                .spacing(6),
            );
        } else {
            let moves = status.next_statuses();
            if moves.is_empty() {
                card = card.push(
                    text("Closed tickets stay closed. Open a new ticket if the customer needs more help.")
                        .style(theme::muted_text),
                );
            }
            let buttons = moves.into_iter().fold(row![].spacing(6), |r, to| {
                let (label, message) = match to {
                    TicketStatus::Resolved => ("Resolve…", Message::Resolving(true)),
                    TicketStatus::Open if status == TicketStatus::Resolved => {
                        ("Reopen", Message::MoveTo(to))
                    }
                    TicketStatus::Open => ("Mark open", Message::MoveTo(to)),
                    TicketStatus::Pending => ("Mark pending", Message::MoveTo(to)),
                    TicketStatus::Closed => ("Close ticket…", Message::Closing(true)),
                    TicketStatus::New => ("Mark new", Message::MoveTo(to)),
                };
                let style = if to == TicketStatus::Resolved {
                    button::success
                } else {
                    button::secondary
                };
                r.push(button(text(label)).on_press(message).style(style))
            });
            let buttons = buttons.wrap().vertical_spacing(6);
            card = card.push(buttons);
            if status == TicketStatus::Resolved && loaded.ticket.fields.satisfaction.is_none() {
                card = card.push(
                    button(text("Add the customer's rating"))
                        .on_press(Message::Resolving(true))
                        .style(button::text),
                );
            }
        }
        container(card)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }
}
