//! The "new task" row at the top of the Today view: a title, an optional due date and time, and the
//! problems with them shown under the row until they are fixed.

use chrono::{NaiveDate, TimeZone};
use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length};

use crate::domain::TaskFields;
use crate::domain::task::{due_at, parse_due_date, parse_due_time};
use crate::ui::theme;

pub const TITLE_ID: &str = "new-task-title";
pub const DATE_ID: &str = "new-task-date";
pub const TIME_ID: &str = "new-task-time";

#[derive(Debug, Default)]
pub struct Draft {
    title: String,
    date: String,
    time: String,
    errors: Errors,
    /// A save is on its way: a second Enter must not add the task twice.
    saving: bool,
}

#[derive(Debug, Default)]
struct Errors {
    title: Option<String>,
    date: Option<String>,
    time: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    TitleChanged(String),
    DateChanged(String),
    TimeChanged(String),
    Submit,
}

impl Draft {
    /// Whether a task is typed and not yet added (leaving would lose it). The date alone is
    /// not: it stays after each task is added, for the next.
    pub fn is_dirty(&self) -> bool {
        !self.title.trim().is_empty()
    }

    /// Takes an edit; a field's problem goes away as soon as it is changed.
    pub fn edit(&mut self, message: Message) {
        match message {
            Message::TitleChanged(value) => {
                self.title = value;
                self.errors.title = None;
            }
            Message::DateChanged(value) => {
                self.date = value;
                self.errors.date = None;
            }
            Message::TimeChanged(value) => {
                self.time = value;
                self.errors.time = None;
            }
            Message::Submit => {}
        }
    }

    /// The task to create, or `None` with every problem marked (or while a save is on its way).
    pub fn submit<Tz: TimeZone>(&mut self, today: NaiveDate, tz: &Tz) -> Option<TaskFields> {
        if self.saving {
            return None;
        }
        let date = parse_due_date(&self.date, today);
        let time = parse_due_time(&self.time);
        let (date, time) = match (date, time) {
            (Ok(date), Ok(time)) => (date, time),
            (date, time) => {
                self.errors.date = date.err().map(|e| format!("Due date: {e}"));
                self.errors.time = time.err().map(|e| format!("Time: {e}"));
                self.check_title();
                return None;
            }
        };
        let fields = TaskFields {
            title: self.title.trim().to_string(),
            due_at: due_at(date, time, today, tz),
            ..TaskFields::default()
        };
        if !self.check_title() {
            return None;
        }
        self.saving = true;
        Some(fields)
    }

    fn check_title(&mut self) -> bool {
        let probe = TaskFields {
            title: self.title.clone(),
            ..TaskFields::default()
        };
        self.errors.title = probe
            .validate()
            .err()
            .and_then(|invalid| invalid.for_field("title").map(|p| format!("Title {p}")));
        self.errors.title.is_none()
    }

    /// The save went through: start over, keeping the date for the next task of the same day.
    pub fn saved(&mut self) {
        self.title.clear();
        self.time.clear();
        self.saving = false;
    }

    /// The save failed: keep what was typed so nothing is lost.
    pub fn failed(&mut self) {
        self.saving = false;
    }

    pub fn view(&self) -> Element<'_, Message> {
        let input = |placeholder: &str, value: &str, id: &'static str, invalid: bool| {
            crate::ui::widget::field::input(placeholder, value)
                .id(id)
                .on_submit(Message::Submit)
                .padding(6)
                .style(theme::input(invalid))
        };
        let fields = row![
            input(
                "New task…",
                &self.title,
                TITLE_ID,
                self.errors.title.is_some()
            )
            .on_input(Message::TitleChanged)
            .width(Length::FillPortion(5)),
            input(
                "Due YYYY-MM-DD",
                &self.date,
                DATE_ID,
                self.errors.date.is_some()
            )
            .on_input(Message::DateChanged)
            .width(Length::Fixed(170.0)),
            input("HH:MM", &self.time, TIME_ID, self.errors.time.is_some())
                .on_input(Message::TimeChanged)
                .width(Length::Fixed(90.0)),
            button(text("Add task"))
                .on_press_maybe((!self.saving).then_some(Message::Submit))
                .style(button::primary),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let problems = [&self.errors.title, &self.errors.date, &self.errors.time];
        let mut content = column![fields].spacing(6);
        if problems.iter().all(|p| p.is_none()) {
            content = content.push(
                text("Date and time are optional: a date alone means 9:00 that day, a time alone means today.")
                    .size(12)
                    .style(theme::muted_text),
            );
        }
        for problem in problems.into_iter().flatten() {
            content = content.push(text(problem.as_str()).size(13).style(theme::error_text));
        }
        container(content)
            .padding(12)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }
}
