//! The ticket's details card: contact, priority, deadline, assignee, response and resolution.

use iced::widget::{button, column, container, responsive, row, text};
use iced::{Alignment, Element, Length};

use super::{ASSIGNEE_ID, Loaded, Message, TicketPage};
use crate::domain::ticket::SlaClock;
use crate::domain::{Priority, TicketStatus};
use crate::ui::screen::tickets::figures;
use crate::ui::screen::tickets::rating::stars;
use crate::ui::theme;
use crate::ui::widget::choice_keys::keyed_button;
use crate::ui::widget::local_time;
use crate::ui::widget::menu_escape::closes_on_escape;

/// The labels' column beside their values.
const LABEL_WIDTH: f32 = 120.0;
/// Below this width the card puts each value under its label.
const STACK_BELOW: f32 = 380.0;

impl TicketPage {
    /// The ticket's details, each under its label when the card is too narrow to give the value
    /// room beside it (a 1024-pixel window left the assignee's field 75 pixels: "Sam Okaf").
    pub(super) fn details_card<'a>(
        &'a self,
        loaded: &'a Loaded,
        clock: SlaClock,
    ) -> Element<'a, Message> {
        let card = responsive(move |room| self.details(loaded, clock, room.width < STACK_BELOW))
            .height(Length::Shrink);
        container(card)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }

    fn details<'a>(
        &'a self,
        loaded: &'a Loaded,
        clock: SlaClock,
        stacked: bool,
    ) -> Element<'a, Message> {
        let f = &loaded.ticket.fields;
        let t = &loaded.ticket;
        let line = |label: &'static str, value: Element<'a, Message>| -> Element<'a, Message> {
            if stacked {
                return column![
                    text(label).size(13).style(theme::muted_text),
                    container(value).width(Length::Fill)
                ]
                .spacing(2)
                .into();
            }
            row![
                text(label)
                    .style(theme::muted_text)
                    .width(Length::Fixed(LABEL_WIDTH)),
                container(value).width(Length::Fill)
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .into()
        };
        let due: Element<'a, Message> = match (f.sla_due_at, clock) {
            (None, _) => text("No deadline").style(theme::muted_text).into(),
            (Some(due), SlaClock::Overdue(late)) => text(format!(
                "{} (overdue by {})",
                local_time(due),
                whole(figures::span(late))
            ))
            .style(theme::error_text)
            .into(),
            (Some(due), SlaClock::DueIn(left)) => text(format!(
                "{} (in {})",
                local_time(due),
                whole(figures::span(left))
            ))
            .into(),
            (Some(due), SlaClock::Missed) => text(format!("{} (missed)", local_time(due))).into(),
            (Some(due), _) => text(format!("{} (met)", local_time(due))).into(),
        };
        let contact: Element<'a, Message> = match (f.contact_id, &loaded.contact) {
            (Some(id), Some(name)) => keyed_button(
                button(text(format!("{name} →")))
                    .on_press(Message::OpenContact(id))
                    .style(button::text)
                    .padding(0),
                Message::OpenContact(id),
            ),
            _ => text("No contact linked").style(theme::muted_text).into(),
        };
        // Kept with the ticket (its contact's company when it was opened), and shown nowhere:
        // the export named it, the page did not.
        let company = match (f.company_id, &loaded.company) {
            (Some(id), Some(name)) => Some(line(
                "Company",
                keyed_button(
                    button(text(format!("{name} →")))
                        .on_press(Message::OpenCompany(id))
                        .style(button::text)
                        .padding(0),
                    Message::OpenCompany(id),
                ),
            )),
            _ => None,
        };
        // A closed ticket is history: who had it is shown, not offered for change.
        let closed = f.status == TicketStatus::Closed;
        let assignee: Element<'a, Message> = if closed {
            text(if f.assignee.is_empty() {
                "Unassigned"
            } else {
                f.assignee.as_str()
            })
            .into()
        } else {
            column![
                row![
                    crate::ui::widget::field::input("Unassigned", &self.assignee)
                        .id(ASSIGNEE_ID)
                        .on_input(Message::AssigneeChanged)
                        .on_submit(Message::Assign(None))
                        .padding(4),
                    button(text("Assign"))
                        .on_press_maybe(
                            (self.assignee.trim() != f.assignee).then_some(Message::Assign(None))
                        )
                        .style(button::secondary),
                ]
                .spacing(4)
                .align_y(Alignment::Center),
                closes_on_escape(
                    crate::ui::widget::field::pick(
                        loaded.assignees.as_slice(),
                        None::<&String>,
                        |name| { Message::Assign(Some(name)) }
                    )
                    .placeholder("Or pick a teammate")
                    .text_size(13)
                ),
            ]
            .spacing(4)
            .into()
        };
        // Once resolved the deadline was met or missed: the priority it was set by stays.
        let priority: Element<'a, Message> = if f.status.is_active() {
            column![
                crate::ui::widget::choice_keys::keyed_pick(
                    "ticket-page-priority",
                    Priority::ALL,
                    Some(f.priority),
                    Message::PriorityPicked
                ),
                text(format!(
                    "{} h to resolve; changing it moves the deadline",
                    loaded.policy.hours(f.priority)
                ))
                .size(12)
                .style(theme::muted_text),
            ]
            .spacing(2)
            .into()
        } else {
            text(f.priority.to_string()).into()
        };
        let mut card = column![text("Details").size(18), line("Contact", contact),]
            .push(company)
            .push(line("Priority", priority))
            .extend([
                line("SLA due", due),
                line("Assignee", assignee),
                line(
                    "First response",
                    text(t.first_response_at.map_or_else(
                        || "Not answered yet".to_string(),
                        |at| {
                            format!(
                                "{} (after {})",
                                local_time(at),
                                whole(figures::span(at.0 - t.created_at.0))
                            )
                        },
                    ))
                    .into(),
                ),
            ])
            .spacing(10);
        if let Some(at) = t.resolved_at {
            card = card.push(line(
                "Resolved",
                text(format!(
                    "{} (after {})",
                    local_time(at),
                    whole(figures::span(at.0 - t.created_at.0))
                ))
                .into(),
            ));
        }
        if let Some(score) = f.satisfaction {
            card = card.push(line("Satisfaction", text(stars(score)).into()));
        }
        if !f.feedback.trim().is_empty() {
            card = card.push(line("Feedback", text(f.feedback.as_str()).into()));
        }
        card.into()
    }
}

/// A span ("14 d 20 h") that wraps as one word: a narrow card had put "h)" alone on a line.
fn whole(span: String) -> String {
    span.replace(' ', "\u{a0}")
}
