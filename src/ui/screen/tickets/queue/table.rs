//! The queue's table: its sortable header and a row per ticket, with the deadline as a person
//! reads it. A narrow table leaves the assignee and the opening date to the ticket's page.

use iced::widget::{Space, button, container, row, text};
use iced::{Alignment, Element, Length};

use super::Message;
use crate::domain::Timestamp;
use crate::domain::ticket::{SlaClock, TicketSort};
use crate::store::{SortDir, TicketRow};
use crate::ui::screen::tickets::figures;
use crate::ui::theme;
use crate::ui::widget::paged::ROW_HEIGHT;
use crate::ui::widget::{cell, local_date, sort_header};

/// The header; `sort` is the order chosen, if any.
pub(super) fn header<'a>(sort: Option<(TicketSort, SortDir)>, wide: bool) -> Element<'a, Message> {
    let sortable = |label: &'static str, by: TicketSort, portion: u16| {
        let sorted = sort.and_then(|(s, dir)| (s == by).then_some(dir));
        sort_header(label, sorted, Message::SortBy(by), portion)
    };
    let mut columns: Vec<Element<'a, Message>> = vec![
        sortable("Subject", TicketSort::Subject, SUBJECT),
        sortable("Contact", TicketSort::Contact, 3),
        sortable("Status", TicketSort::Status, 2),
        sortable("Priority", TicketSort::Priority, 2),
        sortable("SLA due", TicketSort::SlaDue, SLA),
    ];
    if wide {
        columns.extend([
            sortable("Assignee", TicketSort::Assignee, 2),
            sortable("Opened", TicketSort::Opened, OPENED),
        ]);
    }
    container(
        row(columns)
            .spacing(8)
            .align_y(Alignment::Center)
            .padding([0, 12]),
    )
    .style(theme::header_row)
    .into()
}

/// The columns' shares of the row that are not 2 or 3: at 1024 pixels "Overdue 14 d 19 h" and
/// "12 Nov 2026" fit whole (they had been cut, the badge running into the assignee), the subject
/// giving up the room and keeping its "…".
const SUBJECT: u16 = 4;
const SLA: u16 = 4;
const OPENED: u16 = 3;

/// The table's width from which it shows the assignee and the opening date.
pub(super) const WIDE_TABLE: f32 = 680.0;

pub(super) fn ticket_row(
    index: u64,
    row: Option<&TicketRow>,
    selected: bool,
    now: Timestamp,
    wide: bool,
) -> Element<'_, Message> {
    let Some(t) = row else {
        return Space::new().height(ROW_HEIGHT).width(Length::Fill).into();
    };
    let mut cells = row![
        cell(t.subject.as_str(), SUBJECT),
        cell(t.contact.as_deref().unwrap_or("—"), 3),
        cell(t.status.label(), 2),
        cell(t.priority.label(), 2),
        container(sla_cell(t, now))
            .width(Length::FillPortion(SLA))
            .clip(true),
    ]
    .spacing(8)
    .align_y(Alignment::Center);
    if wide {
        cells = cells.extend([
            cell(
                if t.assignee.is_empty() {
                    "Unassigned"
                } else {
                    t.assignee.as_str()
                },
                2,
            ),
            cell(local_date(t.created_at), OPENED),
        ]);
    }
    button(container(cells).center_y(Length::Fill))
        .on_press(Message::Clicked(index, t.id))
        .style(theme::list_row(selected))
        .padding([0, 12])
        .height(ROW_HEIGHT)
        .width(Length::Fill)
        .into()
}

/// The deadline as a person reads it: overdue in the danger colour, otherwise how long is left,
/// or whether a settled ticket made it in time.
fn sla_cell<'a>(t: &TicketRow, now: Timestamp) -> Element<'a, Message> {
    match SlaClock::of(t.status, t.sla_due_at, t.resolved_at, now) {
        SlaClock::Overdue(late) => container(
            text(format!("Overdue {}", figures::span(late)))
                .size(13)
                .wrapping(text::Wrapping::None),
        )
        .padding([2, 8])
        .style(theme::overdue_chip)
        .into(),
        SlaClock::DueIn(left) => text(format!("in {}", figures::span(left)))
            .size(14)
            .wrapping(text::Wrapping::None)
            .into(),
        SlaClock::Met => text("Met in time").size(14).style(theme::muted_text).into(),
        SlaClock::Missed => text("Missed").size(14).style(theme::muted_text).into(),
        SlaClock::Untimed => text("No deadline").size(14).style(theme::muted_text).into(),
    }
}
