//! Things to do, optionally due at a time and linked to a record, and the rules of the Today view:
//! which group an open task falls in on the user's calendar, how far a snooze puts it off, and what a
//! typed due date means.

use chrono::{Datelike, Days, Duration, NaiveDate, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};

use super::id::{CompanyId, ContactId, DealId, TaskId, TicketId};
use super::time::Timestamp;
use super::validation::{Checker, Invalid};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaskFields {
    pub title: String,
    pub notes: String,
    pub due_at: Option<Timestamp>,
    pub done_at: Option<Timestamp>,
    pub owner: String,
    pub contact_id: Option<ContactId>,
    pub company_id: Option<CompanyId>,
    pub deal_id: Option<DealId>,
    pub ticket_id: Option<TicketId>,
}

impl TaskFields {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        c.non_empty("title", &self.title);
        c.max_len("title", &self.title, 500);
        c.max_len("owner", &self.owner, super::contact::MAX_NAME);
        c.finish()
    }

    pub fn is_done(&self) -> bool {
        self.done_at.is_some()
    }

    pub fn is_overdue(&self, now: Timestamp) -> bool {
        !self.is_done() && self.due_at.is_some_and(|due| due < now)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    #[serde(flatten)]
    pub fields: TaskFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
}

/// A record a task points at, with the name to show for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named<Id> {
    pub id: Id,
    pub name: String,
}

/// What a task is about, named, as read together with the task. Deals and tickets have no page of
/// their own yet, so each carries the person it is with: that is where following it leads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskLinks {
    pub contact: Option<Named<ContactId>>,
    pub company: Option<Named<CompanyId>>,
    pub deal: Option<Named<DealId>>,
    pub deal_contact: Option<ContactId>,
    pub ticket: Option<Named<TicketId>>,
    pub ticket_contact: Option<ContactId>,
}

/// A page the window can show for a task's link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTarget {
    Contact(ContactId),
    Company(CompanyId),
}

/// One thing a task is linked to, as a row shows it: a label and, if it has a page, where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub label: String,
    pub to: Option<LinkTarget>,
}

impl TaskLinks {
    /// Every link in a fixed order: person, company, deal, ticket.
    pub fn links(&self) -> Vec<Link> {
        let mut links = Vec::new();
        if let Some(c) = &self.contact {
            links.push(Link {
                label: c.name.clone(),
                to: Some(LinkTarget::Contact(c.id)),
            });
        }
        if let Some(c) = &self.company {
            links.push(Link {
                label: c.name.clone(),
                to: Some(LinkTarget::Company(c.id)),
            });
        }
        if let Some(d) = &self.deal {
            links.push(Link {
                label: format!("Deal: {}", d.name),
                to: self.deal_contact.map(LinkTarget::Contact),
            });
        }
        if let Some(t) = &self.ticket {
            links.push(Link {
                label: format!("Ticket: {}", t.name),
                to: self.ticket_contact.map(LinkTarget::Contact),
            });
        }
        links
    }

    /// Where opening the task leads: the first link that has a page.
    pub fn primary(&self) -> Option<LinkTarget> {
        self.links().into_iter().find_map(|l| l.to)
    }
}

/// A task with the names of what it is linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub task: Task,
    pub links: TaskLinks,
}

/// The open tasks the Today view shows: those due before a horizon and the undated ones (soonest
/// first, undated last), with counts of what was left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DueTasks {
    pub rows: Vec<TaskRow>,
    /// Open tasks before the horizon (or undated) beyond the row limit.
    pub not_shown: u64,
    /// Open tasks due at or after the horizon.
    pub later: u64,
}

/// The calendar day `at` falls on in `tz`.
pub fn local_day<Tz: TimeZone>(at: Timestamp, tz: &Tz) -> NaiveDate {
    at.to_utc().with_timezone(tz).date_naive()
}

/// The moment `date` reaches `time` on the clock of `tz`. In a daylight-saving gap that reading
/// does not exist; the first moment after the gap is used, so the answer is never earlier than asked.
pub fn local_moment<Tz: TimeZone>(date: NaiveDate, time: NaiveTime, tz: &Tz) -> Timestamp {
    let naive = date.and_time(time);
    for shift in 0..=4 {
        let probe = naive + Duration::minutes(30 * shift);
        if let Some(at) = tz.from_local_datetime(&probe).earliest() {
            return Timestamp(at.timestamp());
        }
    }
    Timestamp(naive.and_utc().timestamp())
}

/// Where local day `date` starts: the lower bound of "due that day".
pub fn day_start<Tz: TimeZone>(date: NaiveDate, tz: &Tz) -> Timestamp {
    local_moment(date, NaiveTime::MIN, tz)
}

/// Which part of the Today view an open task belongs to. Days run from local midnight to the next
/// local midnight; a task is overdue once its due moment has passed, even earlier today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskGroup {
    Overdue,
    Today,
    Upcoming(NaiveDate),
    NoDueDate,
}

impl TaskGroup {
    pub fn of<Tz: TimeZone>(due: Option<Timestamp>, now: Timestamp, tz: &Tz) -> TaskGroup {
        let Some(due) = due else {
            return TaskGroup::NoDueDate;
        };
        if due < now {
            return TaskGroup::Overdue;
        }
        let day = local_day(due, tz);
        if day == local_day(now, tz) {
            TaskGroup::Today
        } else {
            TaskGroup::Upcoming(day)
        }
    }
}

/// Open tasks sorted into groups (overdue, today, each upcoming day, undated), in the order shown;
/// empty groups are left out. Within a group, tasks keep due order, then the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agenda<T> {
    pub groups: Vec<(TaskGroup, Vec<T>)>,
}

impl<T> Default for Agenda<T> {
    fn default() -> Self {
        Agenda { groups: Vec::new() }
    }
}

impl<T> Agenda<T> {
    pub fn build<Tz: TimeZone>(
        items: impl IntoIterator<Item = T>,
        due: impl Fn(&T) -> Option<Timestamp>,
        now: Timestamp,
        tz: &Tz,
    ) -> Self {
        let mut keyed: Vec<(TaskGroup, Option<Timestamp>, T)> = items
            .into_iter()
            .map(|item| {
                let at = due(&item);
                (TaskGroup::of(at, now, tz), at, item)
            })
            .collect();
        keyed.sort_by_key(|(group, at, _)| (*group, *at));
        let mut groups: Vec<(TaskGroup, Vec<T>)> = Vec::new();
        for (group, _, item) in keyed {
            match groups.last_mut() {
                Some((last, items)) if *last == group => items.push(item),
                _ => groups.push((group, vec![item])),
            }
        }
        Agenda { groups }
    }

    pub fn len(&self) -> usize {
        self.groups.iter().map(|(_, items)| items.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// How many tasks are in `group`.
    pub fn count(&self, group: TaskGroup) -> usize {
        self.groups
            .iter()
            .find(|(g, _)| *g == group)
            .map_or(0, |(_, items)| items.len())
    }

    /// Every task in display order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.groups.iter().flat_map(|(_, items)| items.iter())
    }

    /// The task at `index` in display order.
    pub fn get(&self, index: usize) -> Option<&T> {
        self.iter().nth(index)
    }
}

/// The quick ways to put a task off. Each is measured from now, on the user's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snooze {
    OneHour,
    /// 9:00 tomorrow.
    TomorrowMorning,
    /// 9:00 on the next Monday.
    NextWeek,
}

/// When the working day starts, for snoozes and for due dates given without a time.
pub const MORNING: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

impl Snooze {
    pub const ALL: [Snooze; 3] = [Snooze::OneHour, Snooze::TomorrowMorning, Snooze::NextWeek];

    pub fn label(self) -> &'static str {
        match self {
            Snooze::OneHour => "1 hour",
            Snooze::TomorrowMorning => "Tomorrow 9:00",
            Snooze::NextWeek => "Next week",
        }
    }

    pub fn until<Tz: TimeZone>(self, now: Timestamp, tz: &Tz) -> Timestamp {
        let today = local_day(now, tz);
        match self {
            Snooze::OneHour => now.plus_hours(1),
            Snooze::TomorrowMorning => local_moment(today + Days::new(1), MORNING, tz),
            Snooze::NextWeek => {
                let ahead = 7 - u64::from(today.weekday().num_days_from_monday());
                local_moment(today + Days::new(ahead), MORNING, tz)
            }
        }
    }

    /// Whether this snooze puts the task off: a snooze never brings a task forward, so a task due
    /// next month is not offered "Tomorrow 9:00".
    pub fn postpones<Tz: TimeZone>(self, due: Option<Timestamp>, now: Timestamp, tz: &Tz) -> bool {
        due.is_none_or(|due| self.until(now, tz) > due)
    }
}

/// Why a typed due date or time was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DueError {
    /// The text typed, and a day a week ahead to show the form with (a fixed example had named a
    /// day gone by as the way to write a due date).
    #[error("{0:?} is not a date; write it as {1}, tomorrow or friday")]
    BadDate(String, NaiveDate),
    #[error("{0:?} is not a time; write it as 14:30")]
    BadTime(String),
}

/// A typed due date, `YYYY-MM-DD` or as said ("tomorrow", "friday", from `today`); empty means
/// none.
pub fn parse_due_date(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, DueError> {
    match text.trim() {
        "" => Ok(None),
        t => super::time::typed_day(t)
            .or_else(|| super::time::spoken_day(t, today, super::time::Toward::Future))
            .map(Some)
            .ok_or_else(|| DueError::BadDate(t.to_string(), today + chrono::Days::new(7))),
    }
}

/// A typed time of day, `HH:MM` (24-hour); empty means none.
pub fn parse_due_time(text: &str) -> Result<Option<NaiveTime>, DueError> {
    match text.trim() {
        "" => Ok(None),
        t => NaiveTime::parse_from_str(t, "%H:%M")
            .map(Some)
            .map_err(|_| DueError::BadTime(t.to_string())),
    }
}

/// When a task typed as `date` and `time` falls due: a date alone means 9:00 that day, a time alone
/// means that time today, neither means no due date.
pub fn due_at<Tz: TimeZone>(
    date: Option<NaiveDate>,
    time: Option<NaiveTime>,
    today: NaiveDate,
    tz: &Tz,
) -> Option<Timestamp> {
    match (date, time) {
        (None, None) => None,
        (date, time) => Some(local_moment(
            date.unwrap_or(today),
            time.unwrap_or(MORNING),
            tz,
        )),
    }
}

#[cfg(test)]
mod tests;
