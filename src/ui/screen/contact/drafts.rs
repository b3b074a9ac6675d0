//! The page's two small forms, logging an activity and adding a task: checked before they are
//! sent, and emptied only once the workspace has saved them.

use super::{ContactPage, Message};
use crate::domain::time::Toward;
use crate::domain::validation::{Invalid, Problem};
use crate::domain::{Activity, ActivityFields, ActivityKind, Direction, TaskFields, Timestamp};
use crate::ui::screen::Action;
use crate::ui::workspace::Workspace;

#[derive(Debug, Clone)]
pub(super) struct LogDraft {
    pub(super) kind: ActivityKind,
    pub(super) direction: Direction,
    pub(super) subject: String,
    pub(super) body: String,
    /// When it happened, as typed ("2026-11-24 15:30"); empty is now.
    pub(super) when: String,
    /// The logged activity being corrected, if the form holds one from the timeline.
    pub(super) editing: Option<Box<Activity>>,
    pub(super) error: Option<String>,
    /// Whether `error` is about the time.
    pub(super) when_wrong: bool,
    /// Whether `error` is about the subject (nothing written, or too long); an error about
    /// neither, such as a correction refused while a new one is typed, marks no field.
    pub(super) subject_wrong: bool,
    /// The subject, notes and time sent to be saved and not yet answered (a second press would
    /// log it twice). The fields empty as they go, so the next can be typed at once; a save
    /// that fails puts them back.
    pub(super) sent: Option<[String; 3]>,
    /// Enter was pressed again while it saved: the next activity goes once it has.
    pub(super) again: bool,
}

#[derive(Debug, Clone, Default)]
pub(super) struct TaskDraft {
    pub(super) title: String,
    pub(super) due: String,
    /// What is wrong, and with which field.
    pub(super) error: Option<(TaskField, String)>,
    /// The title and due time sent to be saved and not yet answered. The fields are emptied as
    /// they go, so the next task can be typed at once (keys typed during the save had been
    /// lost); a save that fails puts them back.
    pub(super) sent: Option<(String, String)>,
    /// Enter was pressed again while it saved: the next task goes once it has.
    pub(super) again: bool,
}

impl LogDraft {
    /// Back to logging something new, now.
    pub(super) fn clear(&mut self) {
        self.subject.clear();
        self.body.clear();
        self.when.clear();
        // A correction took the corrected activity's kind and direction; the next new one starts
        // from the form's own (an inbound call corrected made the next call inbound unseen).
        if self.editing.take().is_some() {
            self.kind = crate::domain::ActivityKind::Call;
            self.direction = crate::domain::Direction::Outbound;
        }
        self.error = None;
        self.when_wrong = false;
        self.subject_wrong = false;
    }

    fn fields(&mut self) -> [&mut String; 3] {
        [&mut self.subject, &mut self.body, &mut self.when]
    }

    /// What was sent is saved: the form is for a new activity again, keeping what was typed
    /// meanwhile for it. Whether nothing was.
    pub(super) fn saved(&mut self) -> bool {
        let next = self.fields().map(std::mem::take);
        let untouched = next.iter().all(String::is_empty);
        self.clear();
        for (field, typed) in self.fields().into_iter().zip(next) {
            *field = typed;
        }
        self.sent = None;
        untouched
    }

    /// What was sent was not saved: it is put back, unless something new was typed meanwhile.
    pub(super) fn failed(&mut self) {
        self.again = false;
        if let Some(sent) = self.sent.take()
            && self.fields().iter().all(|f| f.is_empty())
        {
            for (field, typed) in self.fields().into_iter().zip(sent) {
                *field = typed;
            }
        }
    }
}

impl TaskDraft {
    /// What was sent is saved; whether nothing was typed meanwhile.
    pub(super) fn saved(&mut self) -> bool {
        self.sent = None;
        self.title.is_empty() && self.due.is_empty()
    }

    /// What was sent was not saved: it is put back, unless something new was typed meanwhile.
    pub(super) fn failed(&mut self) {
        self.again = false;
        if let Some((title, due)) = self.sent.take()
            && self.title.is_empty()
            && self.due.is_empty()
        {
            (self.title, self.due) = (title, due);
        }
    }
}

/// The new-task fields a problem is shown at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TaskField {
    Title,
    Due,
}

impl ContactPage {
    pub(super) fn log(&mut self, workspace: &Workspace) -> Action<Message> {
        if self.log.sent.is_some() {
            self.log.again = true;
            return Action::None;
        }
        if self.log.subject.trim().is_empty() && self.log.body.trim().is_empty() {
            self.log.error = Some("Write a subject or a few words about it.".into());
            self.log.subject_wrong = true;
            return Action::None;
        }
        // A correction that leaves When as the form showed it keeps the time to the second (the
        // form shows minutes, and an hour the clocks go back over reads two ways).
        let shown = self.log.editing.as_ref().map(|a| a.fields.occurred_at);
        let kept = shown.filter(|at| shown_time(*at) == self.log.when.trim());
        let at = match kept.map_or_else(|| when(&self.log.when), Ok) {
            Ok(at) => at,
            Err(e) => {
                self.log.error = Some(e);
                self.log.when_wrong = true;
                return Action::None;
            }
        };
        self.log.when_wrong = false;
        self.log.subject_wrong = false;
        // A correction keeps what the form does not show (its deal, ticket, outcome).
        let mut fields = match &self.log.editing {
            Some(activity) => activity.fields.clone(),
            None => {
                let mut fields = ActivityFields::new(self.log.kind, at);
                fields.contact_id = Some(self.id);
                fields.company_id = self
                    .loaded
                    .as_ref()
                    .and_then(|l| l.contact.fields.company_id);
                fields
            }
        };
        fields.kind = self.log.kind;
        fields.occurred_at = at;
        fields.subject = self.log.subject.trim().to_string();
        fields.body = self.log.body.trim().to_string();
        fields.direction = matches!(self.log.kind, ActivityKind::Call | ActivityKind::Email)
            .then_some(self.log.direction);
        // As the store will check it: a call dated next year had passed here and come back as a
        // notice naming "occurred_at".
        if let Err(invalid) = fields.validate_at(Timestamp::now()) {
            self.log.when_wrong = invalid.for_field("occurred_at").is_some();
            self.log.subject_wrong = invalid.for_field("subject").is_some();
            self.log.error = Some(log_problems(&invalid));
            return Action::None;
        }
        let editing = self.log.editing.as_ref().map(|a| a.id);
        self.log.error = None;
        self.log.sent = Some(self.log.fields().map(std::mem::take));
        Action::Run(workspace.run(
            move |s| match editing {
                Some(id) => s.update_activity(id, fields).map(drop),
                None => s.create_activity(fields).map(drop),
            },
            Message::Logged,
        ))
    }

    pub(super) fn add_task(&mut self, workspace: &Workspace) -> Action<Message> {
        if self.task.sent.is_some() {
            self.task.again = true;
            return Action::None;
        }
        // A day alone is due at nine; a time makes the call at the hour it was promised (the
        // field took a day only, and a task with a time had to be made on the Tasks screen,
        // where it was nobody's).
        let due = match self.task.due.trim() {
            "" => None,
            text => match moment(text, 9, Toward::Future) {
                Ok(at) => Some(at),
                Err(why) => {
                    self.task.error = Some((TaskField::Due, why));
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
            self.task.error = Some((TaskField::Title, format!("Task {invalid}")));
            return Action::None;
        }
        self.task.error = None;
        let sent = (
            std::mem::take(&mut self.task.title),
            std::mem::take(&mut self.task.due),
        );
        self.task.sent = Some(sent);
        Action::Run(workspace.run(move |s| s.create_task(fields).map(drop), Message::TaskAdded))
    }
}

/// An activity's time as the log form shows it for correcting.
pub(super) fn shown_time(at: Timestamp) -> String {
    at.to_local().format("%Y-%m-%d %H:%M").to_string()
}

/// When an activity happened, as typed in the log form: empty is now; a day alone is noon of it;
/// a day and a time ("2026-11-24 15:30") or a time alone (today) are on the user's clock.
fn when(typed: &str) -> Result<Timestamp, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Timestamp::now());
    }
    moment(typed, 12, Toward::Past)
}

/// A moment as typed on the user's clock: a day and a time ("2026-11-24 15:30"), a day alone (at
/// `day_hour`), or a time alone (today). The day may be said ("yesterday 15:00", "friday"): a
/// weekday alone is the nearest `toward` the past for a call logged, the future for a task.
fn moment(typed: &str, day_hour: u32, toward: Toward) -> Result<Timestamp, String> {
    let typed = typed.trim();
    let today = chrono::Local::now().date_naive();
    let spoken = |words: &str| crate::domain::time::spoken_day(words, today, toward);
    let local = |at: chrono::NaiveDateTime| {
        use chrono::TimeZone;
        chrono::Local
            .from_local_datetime(&at)
            .earliest()
            .map(|t| Timestamp::from_utc(t.with_timezone(&chrono::Utc)))
    };
    let read = chrono::NaiveDateTime::parse_from_str(typed, "%Y-%m-%d %H:%M")
        .ok()
        .or_else(|| {
            crate::domain::time::typed_day(typed).and_then(|d| d.and_hms_opt(day_hour, 0, 0))
        })
        .or_else(|| {
            chrono::NaiveTime::parse_from_str(typed, "%H:%M")
                .ok()
                .map(|t| today.and_time(t))
        })
        .or_else(|| spoken(typed).and_then(|d| d.and_hms_opt(day_hour, 0, 0)))
        .or_else(|| {
            let (day, time) = typed.rsplit_once(char::is_whitespace)?;
            let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
            let day = day.trim();
            Some(
                crate::domain::time::typed_day(day)
                    .or_else(|| spoken(day))?
                    .and_time(time),
            )
        })
        // Four-digit years only, as for a date alone ("+12345-01-01 10:00" read as a year).
        .filter(|at| (1000..=9999).contains(&chrono::Datelike::year(at)));
    let Some(read) = read else {
        // Named for the part that is wrong: "2026-13-01" is no date, "2026-11-24 25:00" no time.
        let day = typed.split_whitespace().next().unwrap_or("");
        let dated = day.contains('-') || day.matches('.').count() == 2;
        let what = if crate::domain::time::typed_day(day).is_some() || !dated {
            "a time"
        } else {
            "a date"
        };
        // Examples that point the way the field does: a task's ahead, a call's behind (a fixed
        // day had shown a task's due date as a day gone by).
        let (day, said) = match toward {
            Toward::Future => (today + chrono::Days::new(7), "tomorrow 15:30 or friday"),
            Toward::Past => (today - chrono::Days::new(3), "yesterday 15:30 or monday"),
        };
        return Err(format!(
            "{typed:?} is not {what} (write {day} 15:30, {day}, 15:30, {said})"
        ));
    };
    local(read).ok_or_else(|| {
        format!(
            "{typed:?} is not on the clock here: the clocks went forward over it that night \
             (write a time an hour later)"
        )
    })
}

/// The log form's problems in its own words: "When is more than a day ahead: …", "Subject is
/// longer than 500 characters".
fn log_problems(invalid: &Invalid) -> String {
    invalid
        .errors
        .iter()
        .map(|e| {
            let label = match e.field {
                "occurred_at" => "When",
                "subject" => "Subject",
                "duration_minutes" => "Duration",
                other => other,
            };
            match &e.problem {
                Problem::NotAllowed(why) => format!("{label} is {why}"),
                problem => format!("{label} {problem}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The keyboard to field `id`, then `next` if any: back to a draft's first field after it is
/// saved, and on to saving the next one typed meanwhile.
pub(super) fn focus_then(id: &'static str, next: Option<Message>) -> iced::Task<Message> {
    let focus = iced::widget::operation::focus(id);
    match next {
        Some(message) => focus.chain(iced::Task::done(message)),
        None => focus,
    }
}

#[cfg(test)]
mod tests {
    use super::{TaskDraft, Toward, moment};

    #[test]
    fn a_task_typed_while_one_saves_is_kept_and_a_failed_save_comes_back() {
        let mut task = TaskDraft {
            sent: Some(("Send the quote".into(), "".into())),
            title: "Call back".into(),
            ..TaskDraft::default()
        };
        assert!(!task.saved(), "the next task was being typed");
        assert_eq!(
            (task.title.as_str(), task.sent.is_none()),
            ("Call back", true)
        );

        let mut failed = TaskDraft {
            sent: Some(("Send the quote".into(), "2026-12-01".into())),
            ..TaskDraft::default()
        };
        failed.failed();
        assert_eq!(
            (failed.title.as_str(), failed.due.as_str()),
            ("Send the quote", "2026-12-01")
        );
        let mut retyped = TaskDraft {
            sent: Some(("Send the quote".into(), String::new())),
            title: "Something else".into(),
            ..TaskDraft::default()
        };
        retyped.failed();
        assert_eq!(
            retyped.title, "Something else",
            "what was typed since stays"
        );
        assert!(TaskDraft::default().saved(), "nothing typed since the save");
    }

    #[test]
    fn a_moment_is_a_day_a_day_and_time_or_a_time_and_says_which_part_is_wrong() {
        let shown = |typed: &str| moment(typed, 9, Toward::Future).map(super::shown_time);
        assert_eq!(shown("2026-12-01 14:30").as_deref(), Ok("2026-12-01 14:30"));
        assert_eq!(shown("2026-12-01").as_deref(), Ok("2026-12-01 09:00"));
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        assert_eq!(shown("14:30"), Ok(format!("{today} 14:30")));
        let wrong = |typed: &str| moment(typed, 9, Toward::Future).unwrap_err();
        assert!(
            wrong("2026-13-01").contains("is not a date"),
            "{}",
            wrong("2026-13-01")
        );
        assert!(wrong("2026-11-24 25:00").contains("is not a time"));
        // Day first with dots, as most of Europe writes it, with a time or without.
        assert_eq!(shown("01.12.2026 14:30").as_deref(), Ok("2026-12-01 14:30"));
        assert_eq!(shown("1.12.2026").as_deref(), Ok("2026-12-01 09:00"));
        assert!(wrong("31.11.2026 14:30").contains("is not a date"));
        assert!(wrong("soon").contains("is not a time"));
        // A day as said: a call logged "yesterday 15:00" was refused.
        let yesterday = chrono::Local::now().date_naive().pred_opt().unwrap();
        let logged = moment("Yesterday 15:00", 12, Toward::Past).map(super::shown_time);
        assert_eq!(
            logged,
            Ok(format!("{} 15:00", yesterday.format("%Y-%m-%d")))
        );
        let tomorrow = chrono::Local::now().date_naive().succ_opt().unwrap();
        assert_eq!(
            shown("tomorrow"),
            Ok(format!("{} 09:00", tomorrow.format("%Y-%m-%d")))
        );
    }
}
