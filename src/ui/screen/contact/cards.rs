//! The cards of a contact's page: details, tasks, the quick log form, and the timeline (which the
//! company page shows too).

use chrono::Datelike;
use iced::widget::{Space, button, checkbox, column, container, keyed_column, row, text};
use iced::{Alignment, Element, Length};

use super::{ContactPage, Loaded, Message, TaskField};
use crate::domain::{ActivityId, ActivityKind, DealId, Direction, TicketId, Timestamp};
use crate::store::{TimelineItem, TimelineKind};
use crate::ui::theme;
use crate::ui::widget::choice_keys::keyed_button;
use crate::ui::widget::menu_escape::closes_on_escape;
use crate::ui::widget::{chip, local_date, local_time, long_text};

impl ContactPage {
    pub(super) fn fields_card<'a>(&'a self, loaded: &'a Loaded) -> Element<'a, Message> {
        let f = &loaded.contact.fields;
        let address = f.address.one_line();
        let lines = [
            (
                "E-mail",
                labelled_list(
                    f.emails
                        .iter()
                        .map(|e| (e.address.as_str(), e.label.as_str())),
                ),
            ),
            (
                "Phone",
                labelled_list(
                    f.phones
                        .iter()
                        .map(|p| (p.number.as_str(), p.label.as_str())),
                ),
            ),
            ("Job title", f.job_title.clone()),
            ("Stage", f.lifecycle.label().to_string()),
            ("Owner", f.owner.clone()),
            ("Lead source", f.lead_source.clone()),
            ("Address", address),
            (
                "Birthday",
                f.birthday
                    .map(|b| b.format("%-d %b %Y").to_string())
                    .unwrap_or_default(),
            ),
            ("Age", f.age.map(|a| a.to_string()).unwrap_or_default()),
            (
                "Annual income",
                f.annual_income.map(|m| m.display()).unwrap_or_default(),
            ),
            (
                "Education",
                f.education_years
                    .map(|y| format!("{y} years"))
                    .unwrap_or_default(),
            ),
        ];
        let mut fields = column![text("Details").size(18)].spacing(8);
        for (label, value) in lines.into_iter().filter(|(_, v)| !v.trim().is_empty()) {
            fields = fields.push(
                row![
                    text(label)
                        .style(theme::muted_text)
                        .width(Length::Fixed(130.0)),
                    long_text(value)
                ]
                .spacing(8),
            );
        }
        for (key, value) in &f.custom {
            let value = match day_without_year(key, value) {
                // The same day as the birthday above (a phone's card merged with a typed-in
                // contact): said once.
                Some(day) if f.birthday.is_some_and(|b| (b.month(), b.day()) == day) => continue,
                Some((month, day)) => chrono::NaiveDate::from_ymd_opt(2000, month, day)
                    .map_or_else(|| value.clone(), |d| d.format("%-d %b").to_string()),
                None => value.clone(),
            };
            fields = fields.push(
                row![
                    text(key.as_str())
                        .style(theme::muted_text)
                        .width(Length::Fixed(130.0))
                        .wrapping(text::Wrapping::WordOrGlyph),
                    long_text(value)
                ]
                .spacing(8),
            );
        }
        if let (Some(company), Some(id)) = (&loaded.company, f.company_id) {
            fields = fields.push(
                row![
                    text("Company")
                        .style(theme::muted_text)
                        .width(Length::Fixed(130.0)),
                    keyed_button(
                        button(long_text(company.as_str()))
                            .on_press(Message::OpenCompany(id))
                            .style(button::text)
                            .padding(0)
                            .width(Length::Fill),
                        Message::OpenCompany(id)
                    )
                ]
                .spacing(8),
            );
        }
        if !f.tags.is_empty() {
            let tags = f
                .tags
                .iter()
                .fold(row![].spacing(4), |r, t| r.push(chip(t.as_str())));
            fields = fields.push(
                row![
                    text("Tags")
                        .style(theme::muted_text)
                        .width(Length::Fixed(130.0)),
                    tags
                ]
                .spacing(8),
            );
        }
        if !f.notes.trim().is_empty() {
            fields = fields.push(
                column![
                    text("Notes").style(theme::muted_text),
                    long_text(f.notes.as_str())
                ]
                .spacing(4),
            );
        }
        fields = fields.push(
            text(format!(
                "Added {} · last changed {}",
                local_date(loaded.contact.created_at),
                local_date(loaded.contact.updated_at)
            ))
            .size(12)
            .style(theme::muted_text),
        );
        container(fields)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }

    pub(super) fn tasks_card<'a>(&'a self, loaded: &'a Loaded) -> Element<'a, Message> {
        let now = Timestamp::now();
        // The rows are a column of their own, so the form below keeps its place among the card's
        // children however many there are: a task added before it had shifted the form, and
        // iced, matching widgets by place, dropped the keyboard it had just been given back.
        let mut list = column![].spacing(8);
        if loaded.tasks.is_empty() {
            list = list.push(text("No tasks for this contact.").style(theme::muted_text));
        }
        for t in &loaded.tasks {
            let id = t.id;
            let mut line = column![
                checkbox(t.fields.is_done())
                    .label(t.fields.title.as_str())
                    .on_toggle(move |done| Message::TaskToggled(id, done))
            ]
            .spacing(2);
            if let Some(due) = t.fields.due_at {
                // With its time (a task can be due at one, "call back at 14:30"), on a line of
                // its own under the title: beside a long title it was squeezed to a word a line
                // and ran past the card's edge.
                let due_text = text(format!("due {}", local_time(due)))
                    .size(13)
                    .wrapping(text::Wrapping::None);
                let due_text = if t.fields.is_overdue(now) {
                    due_text.style(theme::error_text)
                } else {
                    due_text.style(theme::muted_text)
                };
                line = line.push(container(due_text).padding(iced::Padding::ZERO.left(26)));
            }
            list = list.push(line);
        }
        let mut tasks = column![text("Tasks").size(18), list].spacing(8);
        // A deleted contact's tasks stay as they were (they come back with the contact); new
        // ones wait for it, as logging does.
        if loaded.contact.deleted_at.is_some() {
            tasks = tasks.push(
                text(if loaded.contact.is_erased() {
                    "No task is added for an erased person."
                } else {
                    "Restore the contact to add tasks."
                })
                .size(13)
                .style(theme::muted_text),
            );
            return container(tasks)
                .padding(16)
                .style(theme::card)
                .width(Length::Fill)
                .into();
        }
        let add = column![
            crate::ui::widget::field::input("New task…", &self.task.title)
                .id(super::TASK_TITLE)
                .on_input(Message::TaskTitleChanged)
                .on_submit(Message::AddTask)
                .padding(6)
                .style(theme::input(matches!(
                    self.task.error,
                    Some((TaskField::Title, _))
                ))),
            row![
                crate::ui::widget::field::input("Due: YYYY-MM-DD HH:MM", &self.task.due)
                    .id("task-due")
                    .on_input(Message::TaskDueChanged)
                    .on_submit(Message::AddTask)
                    .padding(6)
                    .style(theme::input(matches!(
                        self.task.error,
                        Some((TaskField::Due, _))
                    ))),
                button(text("Add task"))
                    .on_press(Message::AddTask)
                    .style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(6);
        tasks = tasks.push(add);
        if let Some((_, e)) = &self.task.error {
            tasks = tasks.push(text(e.as_str()).size(13).style(theme::error_text));
        }
        container(tasks)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }

    pub(super) fn log_card(&self) -> Element<'_, Message> {
        /// Wide enough for "Outbound" and the menu's arrow.
        const DIRECTION_WIDTH: f32 = 130.0;
        let kinds = ActivityKind::ALL
            .iter()
            .fold(row![].spacing(4), |r, &kind| {
                let style = if kind == self.log.kind {
                    button::primary
                } else {
                    button::secondary
                };
                r.push(
                    button(text(kind.label()))
                        .on_press(Message::LogKindPicked(kind))
                        .style(style),
                )
            });
        let mut top = row![kinds].spacing(8).align_y(Alignment::Center);
        if matches!(self.log.kind, ActivityKind::Call | ActivityKind::Email) {
            top = top.push(closes_on_escape(
                crate::ui::widget::field::pick(
                    Direction::ALL,
                    Some(self.log.direction),
                    Message::LogDirectionPicked,
                )
                .width(Length::Fixed(DIRECTION_WIDTH)),
            ));
        }
        // In a narrow card the direction goes under the kinds rather than being squeezed to
        // "Outb" beside them.
        let top = top.wrap().vertical_spacing(8);
        let title = if self.log.editing.is_some() {
            "Correct an activity"
        } else {
            "Log an activity"
        };
        let mut card = column![
            text(title).size(18),
            top,
            crate::ui::widget::field::input("Subject", &self.log.subject)
                .id(super::LOG_SUBJECT)
                .on_input(Message::LogSubjectChanged)
                .on_submit(Message::Log)
                .padding(6)
                .style(theme::input(self.log.subject_wrong)),
            crate::ui::widget::field::input("What was said or agreed", &self.log.body)
                .on_input(Message::LogBodyChanged)
                .on_submit(Message::Log)
                .padding(6),
            crate::ui::widget::field::input("When: now, or 2026-11-24 15:30", &self.log.when)
                .id("log-when")
                .on_input(Message::LogWhenChanged)
                .on_submit(Message::Log)
                .padding(6)
                .style(theme::input(self.log.when_wrong)),
        ]
        .spacing(8);
        if let Some(e) = &self.log.error {
            card = card.push(text(e.as_str()).size(13).style(theme::error_text));
        }
        let kind = self.log.kind.label().to_lowercase();
        card = card.push(if self.log.editing.is_some() {
            row![
                button(text(format!("Save this {kind}")))
                    .on_press(Message::Log)
                    .style(button::primary),
                button(text("Cancel"))
                    .on_press(Message::CancelEdit)
                    .style(button::secondary),
            ]
            .spacing(8)
        } else {
            row![
                button(text(format!("Log {kind}")))
                    .on_press(Message::Log)
                    .style(button::primary)
            ]
        });
        container(card)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }
}

/// "ada@example.com (work), ada@home.org"
fn labelled_list<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    items
        .map(|(value, label)| {
            if label.is_empty() {
                value.to_string()
            } else {
                format!("{value} ({label})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a timeline may offer on each logged activity: correcting it, and deleting it.
pub struct ActivityActions<M> {
    pub edit: fn(ActivityId) -> M,
    pub delete: fn(ActivityId) -> M,
}

/// Where a timeline's deals and tickets open: a ticket's page, a deal's form (an order has
/// neither).
pub struct Openers<M> {
    pub ticket: fn(TicketId) -> M,
    pub deal: fn(DealId) -> M,
}

/// A contact's or company's history, newest first. `older` is the message that reads the next,
/// older part (given when the list is as long as what was asked for, so more may be there).
pub fn timeline_card<M: Clone + 'static>(
    items: &[TimelineItem],
    older: Option<M>,
    actions: Option<ActivityActions<M>>,
    open: Openers<M>,
) -> Element<'_, M> {
    // Said at the top, where it is seen before scrolling through a long history.
    let header = row![text("Timeline").size(18), Space::new().width(Length::Fill)]
        .spacing(8)
        .align_y(Alignment::Center)
        .push(older.map(|older| {
            row![
                text(format!("newest {} shown", items.len()))
                    .size(12)
                    .style(theme::muted_text),
                button(text("Show older entries").size(13))
                    .on_press(older)
                    .style(button::secondary)
                    .padding([2, 8]),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
        }));
    let mut list = column![header].spacing(10);
    if items.is_empty() {
        list = list.push(text("Nothing has happened here yet. Logged calls, e-mails, meetings and notes, deals, tickets and orders appear here.").style(theme::muted_text));
    }
    // Keyed by entry, so what an entry's widgets hold (the keyboard on its Delete) goes with
    // it: matched by place, the entry after a deleted one took the focus, and a second Enter
    // deleted it too.
    let entries = items.iter().map(|item| {
        let key = (timeline_key(item.kind), item.id);
        let entry: Element<'_, M> =
            // What and when on one line, the subject under it across the card's whole width:
            // beside them, in a narrow card, it wrapped a word or two to a line.
            column![
                row![
                    chip(kind_label(item)),
                    text(local_time(item.at)).size(12).style(theme::muted_text),
                    Space::new().width(Length::Fill),
                ]
                .push(
                    actions
                        .as_ref()
                        .filter(|_| matches!(item.kind, TimelineKind::Activity(_)))
                        .map(|a| {
                            let id = ActivityId(item.id);
                            row![
                                small_action("Edit", (a.edit)(id)),
                                small_action("Delete", (a.delete)(id)),
                            ]
                            .spacing(2)
                        }),
                )
                .push(match item.kind {
                    TimelineKind::Ticket(_) =>
                        Some(small_action("Open", (open.ticket)(TicketId(item.id)))),
                    // A deal had no way in from a person's page at all.
                    TimelineKind::Deal(_) =>
                        Some(small_action("Open", (open.deal)(DealId(item.id)))),
                    _ => None,
                })
                .spacing(8)
                .align_y(Alignment::Center),
                // A word longer than the card (a pasted link) breaks where it must.
                long_text(item.title.as_str()),
            ]
            .push((!item.detail.is_empty()).then(|| {
                text(item.detail.as_str())
                    .size(13)
                    .style(theme::muted_text)
                    .wrapping(text::Wrapping::WordOrGlyph)
            }))
            .spacing(2)
            .into();
        (key, entry)
    });
    let list = list.push(keyed_column(entries).spacing(10));
    container(list)
        .padding(16)
        .style(theme::card)
        .width(Length::Fill)
        .into()
}

/// A timeline entry's Edit, Delete or Open, which Tab reaches and Enter presses.
fn small_action<'a, M: Clone + 'a>(label: &'a str, message: M) -> Element<'a, M> {
    keyed_button(
        button(text(label).size(12))
            .on_press(message.clone())
            .style(button::text)
            .padding([0, 4]),
        message,
    )
}

/// Which table an entry comes from, so entries of two kinds sharing an id are told apart.
fn timeline_key(kind: TimelineKind) -> u8 {
    match kind {
        TimelineKind::Activity(_) => 0,
        TimelineKind::Deal(_) => 1,
        TimelineKind::Ticket(_) => 2,
        TimelineKind::Order => 3,
    }
}

/// What an entry is, as its chip says: "Call · Inbound", "Deal · Won".
pub fn kind_label(item: &TimelineItem) -> String {
    match item.kind {
        // Which way it went shows, so a call logged the wrong way round can be seen and mended.
        TimelineKind::Activity(a) => match item.direction {
            Some(d) => format!("{} · {}", a.label(), d.label()),
            None => a.label().to_string(),
        },
        TimelineKind::Deal(status) => format!("Deal · {}", status.label()),
        TimelineKind::Ticket(status) => format!("Ticket · {}", status.label()),
        TimelineKind::Order => "Order".to_string(),
    }
}

/// A birthday kept without its year, as phones write one ("--04-15", "--0415"; kept as the
/// custom field "Birthday" by an import, and written back so by an export): its month and day,
/// to show as "15 Apr" rather than as the code.
fn day_without_year(key: &str, value: &str) -> Option<(u32, u32)> {
    if !key.trim().eq_ignore_ascii_case("birthday") {
        return None;
    }
    let digits = value.trim().strip_prefix("--")?.replace('-', "");
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (month, day) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2000, month, day).map(|_| (month, day))
}

#[cfg(test)]
mod tests {
    use super::day_without_year;

    #[test]
    fn a_birthday_without_a_year_reads_as_its_day() {
        assert_eq!(day_without_year("Birthday", "--04-15"), Some((4, 15)));
        assert_eq!(day_without_year("birthday", " --0229 "), Some((2, 29)));
        assert_eq!(day_without_year("Birthday", "--13-01"), None);
        assert_eq!(day_without_year("Birthday", "circa 1800"), None);
        assert_eq!(day_without_year("Anniversary", "--04-15"), None);
    }
}
