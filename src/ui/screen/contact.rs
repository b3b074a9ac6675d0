//! One person: every field, their history (activities, deals, tickets, orders, newest first), a quick
//! "log a call / e-mail / meeting / note" form and their tasks.

use iced::widget::{
    Space, button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use super::{Action, Destination, Section};
use crate::domain::{
    self, ActivityFields, ActivityKind, CompanyId, Contact, ContactId, Direction, TaskFields,
    TaskId, Timestamp,
};
use crate::store::{Owner, Shared, TimelineItem, TimelineKind};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::{chip, empty_state, local_date, local_time, title_bar};
use crate::ui::workspace::Workspace;

const TIMELINE_LIMIT: u32 = 200;

#[derive(Debug, Clone)]
pub struct Loaded {
    contact: Contact,
    company: Option<String>,
    timeline: Vec<TimelineItem>,
    tasks: Vec<domain::Task>,
}

pub struct ContactPage {
    id: ContactId,
    loaded: Option<Box<Loaded>>,
    error: Option<String>,
    log: LogDraft,
    task: TaskDraft,
}

#[derive(Debug, Clone)]
struct LogDraft {
    kind: ActivityKind,
    direction: Direction,
    subject: String,
    body: String,
    error: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct TaskDraft {
    title: String,
    due: String,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<Box<Loaded>>),
    Back,
    Edit,
    Delete,
    Deleted(Shared<()>),
    OpenCompany(CompanyId),
    LogKindPicked(ActivityKind),
    LogDirectionPicked(Direction),
    LogSubjectChanged(String),
    LogBodyChanged(String),
    Log,
    TaskTitleChanged(String),
    TaskDueChanged(String),
    AddTask,
    TaskToggled(TaskId, bool),
    Saved(Shared<()>),
}

impl ContactPage {
    pub fn new(workspace: &Workspace, id: ContactId) -> (Self, Task<Message>) {
        let page = ContactPage {
            id,
            loaded: None,
            error: None,
            log: LogDraft {
                kind: ActivityKind::Call,
                direction: Direction::Outbound,
                subject: String::new(),
                body: String::new(),
                error: None,
            },
            task: TaskDraft::default(),
        };
        let task = page.reload(workspace);
        (page, task)
    }

    pub fn id(&self) -> ContactId {
        self.id
    }

    pub fn reload(&self, workspace: &Workspace) -> Task<Message> {
        let id = self.id;
        workspace.run(
            move |s| {
                let contact = s.contact(id)?;
                let company = match contact.fields.company_id {
                    Some(c) => Some(s.company(c)?.fields.name),
                    None => None,
                };
                Ok(Box::new(Loaded {
                    contact,
                    company,
                    timeline: s.timeline(Owner::Contact(id), TIMELINE_LIMIT)?,
                    tasks: s.tasks_for_contact(id)?,
                }))
            },
            Message::Loaded,
        )
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok(loaded)) => {
                self.error = None;
                self.loaded = Some(loaded);
                Action::None
            }
            Message::Loaded(Err(e)) => {
                self.error = Some(e.to_string());
                Action::None
            }
            Message::Back => Action::Open(Destination::Section(Section::Contacts)),
            Message::Edit => Action::Open(Destination::EditContact(self.id)),
            Message::Delete => {
                let id = self.id;
                Action::Run(workspace.run(move |s| s.delete(id), Message::Deleted))
            }
            Message::Deleted(Ok(())) => Action::Changed {
                then: Some(Destination::Section(Section::Contacts)),
            },
            Message::Deleted(Err(e)) => Action::Failed(format!("Could not delete: {e}")),
            Message::OpenCompany(id) => Action::Open(Destination::Company(id)),
            Message::LogKindPicked(kind) => {
                self.log.kind = kind;
                Action::None
            }
            Message::LogDirectionPicked(direction) => {
                self.log.direction = direction;
                Action::None
            }
            Message::LogSubjectChanged(subject) => {
                self.log.subject = subject;
                self.log.error = None;
                Action::None
            }
            Message::LogBodyChanged(body) => {
                self.log.body = body;
                self.log.error = None;
                Action::None
            }
            Message::Log => self.log(workspace),
            Message::TaskTitleChanged(title) => {
                self.task.title = title;
                self.task.error = None;
                Action::None
            }
            Message::TaskDueChanged(due) => {
                self.task.due = due;
                self.task.error = None;
                Action::None
            }
            Message::AddTask => self.add_task(workspace),
            Message::TaskToggled(id, done) => Action::Run(workspace.run(
                move |s| {
                    if done {
                        s.complete_task(id)?;
                    } else {
                        s.reopen_task(id)?;
                    }
                    Ok(())
                },
                Message::Saved,
            )),
            Message::Saved(Ok(())) => Action::Changed { then: None },
            Message::Saved(Err(e)) => Action::Failed(e.to_string()),
        }
    }

    fn log(&mut self, workspace: &Workspace) -> Action<Message> {
        if self.log.subject.trim().is_empty() && self.log.body.trim().is_empty() {
            self.log.error = Some("Write a subject or a few words about it.".into());
            return Action::None;
        }
        let mut fields = ActivityFields::new(self.log.kind, Timestamp::now());
        fields.subject = self.log.subject.trim().to_string();
        fields.body = self.log.body.trim().to_string();
        fields.contact_id = Some(self.id);
        fields.company_id = self
            .loaded
            .as_ref()
            .and_then(|l| l.contact.fields.company_id);
        if matches!(self.log.kind, ActivityKind::Call | ActivityKind::Email) {
            fields.direction = Some(self.log.direction);
        }
        if let Err(invalid) = fields.validate() {
            self.log.error = Some(invalid.to_string());
            return Action::None;
        }
        self.log.subject.clear();
        self.log.body.clear();
        Action::Run(workspace.run(move |s| s.create_activity(fields).map(drop), Message::Saved))
    }

    fn add_task(&mut self, workspace: &Workspace) -> Action<Message> {
        let due = match self.task.due.trim() {
            "" => None,
            text => match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(date) => Some(Timestamp::at_local(date, 9)),
                Err(_) => {
                    self.task.error =
                        Some(format!("{text:?} is not a date (write it as 2026-12-31)"));
                    return Action::None;
                }
            },
        };
        let fields = TaskFields {
            title: self.task.title.trim().to_string(),
            due_at: due,
            contact_id: Some(self.id),
            ..TaskFields::default()
        };
        if let Err(invalid) = fields.validate() {
            self.task.error = Some(format!("Task {invalid}"));
            return Action::None;
        }
        self.task = TaskDraft::default();
        Action::Run(workspace.run(move |s| s.create_task(fields).map(drop), Message::Saved))
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        match intent {
            Intent::Edit => self.update(workspace, Message::Edit),
            Intent::Delete => self.update(workspace, Message::Delete),
            Intent::Close => self.update(workspace, Message::Back),
            _ => Action::None,
        }
    }

    pub fn title(&self) -> String {
        self.loaded
            .as_ref()
            .map_or_else(|| "Contact".into(), |l| l.contact.fields.full_name())
    }

    pub fn view(&self) -> Element<'_, Message> {
        let Some(loaded) = &self.loaded else {
            return match &self.error {
                Some(e) => empty_state(
                    "This contact could not be opened",
                    e.as_str(),
                    Some(("Back to contacts", Message::Back)),
                ),
                None => empty_state("Opening…", "", None),
            };
        };
        let c = &loaded.contact;
        let actions = [
            button(text("← Contacts"))
                .on_press(Message::Back)
                .style(button::text)
                .into(),
            button(text("Edit"))
                .on_press(Message::Edit)
                .style(button::secondary)
                .into(),
            button(text("Delete"))
                .on_press(Message::Delete)
                .style(button::danger)
                .into(),
        ];
        let mut heading = column![title_bar(c.fields.full_name(), actions)].spacing(4);
        let role = match (&loaded.company, c.fields.job_title.as_str()) {
            (Some(company), "") => Some(format!("at {company}")),
            (Some(company), title) => Some(format!("{title} at {company}")),
            (None, "") => None,
            (None, title) => Some(title.to_string()),
        };
        if let Some(role) = role {
            heading = heading.push(text(role).style(theme::muted_text));
        }
        if c.deleted_at.is_some() {
            heading = heading.push(
                text("This contact is deleted; Ctrl+Z brings it back.").style(theme::error_text),
            );
        }
        let left = column![self.fields_card(loaded), self.tasks_card(loaded)]
            .spacing(16)
            .width(Length::FillPortion(1));
        let right = column![self.log_card(), timeline_card(&loaded.timeline)]
            .spacing(16)
            .width(Length::FillPortion(1));
        scrollable(
            column![heading, row![left, right].spacing(16)]
                .spacing(16)
                .padding(20),
        )
        .into()
    }

    fn fields_card<'a>(&'a self, loaded: &'a Loaded) -> Element<'a, Message> {
        let f = &loaded.contact.fields;
        let a = &f.address;
        let address = [
            a.street.as_str(),
            a.postal_code.as_str(),
            a.city.as_str(),
            a.region.as_str(),
            a.country.as_str(),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
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
                    text(value).width(Length::Fill)
                ]
                .spacing(8),
            );
        }
        for (key, value) in &f.custom {
            fields = fields.push(
                row![
                    text(key.as_str())
                        .style(theme::muted_text)
                        .width(Length::Fixed(130.0)),
                    text(value.as_str()).width(Length::Fill)
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
                    button(text(company.as_str()))
                        .on_press(Message::OpenCompany(id))
                        .style(button::text)
                        .padding(0)
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
                    text(f.notes.as_str())
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

    fn tasks_card<'a>(&'a self, loaded: &'a Loaded) -> Element<'a, Message> {
        let now = Timestamp::now();
        let mut tasks = column![text("Tasks").size(18)].spacing(8);
        if loaded.tasks.is_empty() {
            tasks = tasks.push(text("No tasks for this contact.").style(theme::muted_text));
        }
        for t in &loaded.tasks {
            let id = t.id;
            let mut line = row![
                checkbox(t.fields.is_done())
                    .label(t.fields.title.as_str())
                    .on_toggle(move |done| Message::TaskToggled(id, done))
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            if let Some(due) = t.fields.due_at {
                let due_text = text(format!("due {}", local_date(due))).size(13);
                line = line.push(if t.fields.is_overdue(now) {
                    due_text.style(theme::error_text)
                } else {
                    due_text.style(theme::muted_text)
                });
            }
            tasks = tasks.push(line);
        }
        let add = column![
            text_input("New task…", &self.task.title)
                .id("task-title")
                .on_input(Message::TaskTitleChanged)
                .on_submit(Message::AddTask)
                .padding(6)
                .style(theme::input(self.task.error.is_some())),
            row![
                text_input("Due (YYYY-MM-DD)", &self.task.due)
                    .id("task-due")
                    .on_input(Message::TaskDueChanged)
                    .on_submit(Message::AddTask)
                    .padding(6),
                button(text("Add task"))
                    .on_press(Message::AddTask)
                    .style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(6);
        tasks = tasks.push(add);
        if let Some(e) = &self.task.error {
            tasks = tasks.push(text(e.as_str()).size(13).style(theme::error_text));
        }
        container(tasks)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }

    fn log_card(&self) -> Element<'_, Message> {
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
        let mut top = row![kinds, Space::new().width(Length::Fill)]
            .spacing(8)
            .align_y(Alignment::Center);
        if matches!(self.log.kind, ActivityKind::Call | ActivityKind::Email) {
            top = top.push(pick_list(
                Direction::ALL,
                Some(self.log.direction),
                Message::LogDirectionPicked,
            ));
        }
        let mut card = column![
            text("Log an activity").size(18),
            top,
            text_input("Subject", &self.log.subject)
                .id("log-subject")
                .on_input(Message::LogSubjectChanged)
                .on_submit(Message::Log)
                .padding(6)
                .style(theme::input(self.log.error.is_some())),
            text_input("What was said or agreed", &self.log.body)
                .on_input(Message::LogBodyChanged)
                .on_submit(Message::Log)
                .padding(6),
        ]
        .spacing(8);
        if let Some(e) = &self.log.error {
            card = card.push(text(e.as_str()).size(13).style(theme::error_text));
        }
        card = card.push(
            button(text(format!(
                "Log {}",
                self.log.kind.label().to_lowercase()
            )))
            .on_press(Message::Log)
            .style(button::primary),
        );
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

/// A history, newest first; shared with the company page.
pub fn timeline_card<M: 'static>(items: &[TimelineItem]) -> Element<'_, M> {
    let mut list = column![text("Timeline").size(18)].spacing(10);
    if items.is_empty() {
        list = list.push(text("Nothing has happened here yet. Logged calls, e-mails, meetings and notes, deals, tickets and orders appear here.").style(theme::muted_text));
    }
    for item in items {
        list = list.push(
            column![
                row![
                    chip(kind_label(item.kind)),
                    text(item.title.as_str()).width(Length::Fill),
                    text(local_time(item.at)).size(12).style(theme::muted_text),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            ]
            .push(
                (!item.detail.is_empty())
                    .then(|| text(item.detail.as_str()).size(13).style(theme::muted_text)),
            )
            .spacing(2),
        );
    }
    container(list)
        .padding(16)
        .style(theme::card)
        .width(Length::Fill)
        .into()
}

pub fn kind_label(kind: TimelineKind) -> String {
    match kind {
        TimelineKind::Activity(a) => a.label().to_string(),
        TimelineKind::Deal(status) => format!("Deal · {}", status.label()),
        TimelineKind::Ticket(status) => format!("Ticket · {}", status.label()),
        TimelineKind::Order => "Order".to_string(),
    }
}
