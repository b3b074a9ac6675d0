//! iCalendar export (RFC 5545): tasks as VTODO, meetings as VEVENT with start and duration, and the
//! expected close dates of open deals as all-day VEVENTs, each described by the contact, company,
//! deal or ticket it concerns. CRLF line ends, lines folded at 75
//! octets, TEXT values escaped, every time in UTC ("Z" form), stable UIDs (see `uid`) so a calendar that
//! subscribes to the file updates events instead of duplicating them.

use chrono::Datelike;
use std::io::Write;

use super::Result;
use crate::domain::Timestamp;
use crate::io::vcard::{escape_text, fold_line};
use crate::store::{CalendarItem, CalendarLinks, Store};

/// DESCRIPTION: whom and what the item concerns, one line each, then its own text.
fn description(about: &CalendarLinks, text: &str) -> Option<String> {
    let mut parts = about.lines();
    if !text.trim().is_empty() {
        if !parts.is_empty() {
            parts.push(String::new());
        }
        parts.push(text.to_string());
    }
    (!parts.is_empty()).then(|| format!("DESCRIPTION:{}", escape_text(&parts.join("\n"))))
}

fn utc(t: Timestamp) -> String {
    t.to_utc().format("%Y%m%dT%H%M%SZ").to_string()
}

/// Which of the workspace's dated things a calendar export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Items {
    /// Tasks, meetings and open deals' expected close dates.
    All,
    /// Tasks only (VTODO).
    Tasks,
    /// Open deals' expected close dates only.
    ExpectedCloses,
}

impl Items {
    fn holds(self, item: &CalendarItem) -> bool {
        match self {
            Items::All => true,
            Items::Tasks => matches!(item, CalendarItem::Task { .. }),
            Items::ExpectedCloses => matches!(item, CalendarItem::ExpectedClose { .. }),
        }
    }

    /// What a calendar of these items would hold, for saying it holds none.
    fn what(self) -> &'static str {
        match self {
            Items::All => "tasks, meetings or open deals with an expected close date",
            Items::Tasks => "tasks",
            Items::ExpectedCloses => "open deals with an expected close date",
        }
    }
}

/// Writes the tasks, meetings and open deals' expected closes `which` names; returns how many
/// components.
/// Whether an item's dates fit iCalendar's four-digit years.
fn item_fits(item: &CalendarItem) -> bool {
    match item {
        CalendarItem::ExpectedClose { on, .. } => (0..=9999).contains(&on.year()),
        CalendarItem::Meeting { starts_at, .. } => fits(*starts_at),
        CalendarItem::Task {
            due_at, done_at, ..
        } => due_at.is_none_or(fits) && done_at.is_none_or(fits),
    }
}

/// Whether a time can be written as iCalendar's UTC date-time (a four-digit year).
fn fits(t: Timestamp) -> bool {
    (0..=9999).contains(&t.to_utc().year())
}

pub fn export(store: &Store, which: Items, out: &mut dyn Write) -> Result<u64> {
    let mut items = store.calendar_items()?;
    let seed = super::uid::seed(store)?;
    let uid = |kind: &str, id: i64| super::uid::urn(&seed, kind, id);
    // A date is eight digits in iCalendar (YYYYMMDD): a deal closing after 9999 (saved by an
    // older Kith) cannot be written, and a calendar app refuses the whole file over one.
    items.retain(|item| which.holds(item) && item_fits(item));
    // RFC 5545 has a calendar hold at least one component: an empty one is not a calendar file,
    // and strict calendar apps refuse it.
    if items.is_empty() {
        return Err(super::Error::Format(format!(
            "nothing to put in a calendar: the workspace has no {}",
            which.what()
        )));
    }
    let now = utc(Timestamp::now());
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        concat!("PRODID:-//Kith//Kith ", env!("CARGO_PKG_VERSION"), "//EN").into(),
        "CALSCALE:GREGORIAN".into(),
    ];
    for item in &items {
        match item {
            CalendarItem::Task {
                id,
                title,
                notes,
                due_at,
                done_at,
                updated_at,
                about,
            } => {
                lines.push("BEGIN:VTODO".into());
                lines.push(format!("UID:{}", uid("task", *id)));
                lines.push(format!("DTSTAMP:{now}"));
                lines.push(format!("LAST-MODIFIED:{}", utc(*updated_at)));
                lines.push(format!("SUMMARY:{}", escape_text(title)));
                lines.extend(description(about, notes));
                if let Some(due) = due_at {
                    lines.push(format!("DUE:{}", utc(*due)));
                }
                match done_at {
                    Some(done) => {
                        lines.push("STATUS:COMPLETED".into());
                        lines.push(format!("COMPLETED:{}", utc(*done)));
                    }
                    None => lines.push("STATUS:NEEDS-ACTION".into()),
                }
                lines.push("END:VTODO".into());
            }
            CalendarItem::Meeting {
                id,
                subject,
                body,
                starts_at,
                minutes,
                updated_at,
                about,
            } => {
                lines.push("BEGIN:VEVENT".into());
                lines.push(format!("UID:{}", uid("meeting", *id)));
                lines.push(format!("DTSTAMP:{now}"));
                lines.push(format!("LAST-MODIFIED:{}", utc(*updated_at)));
                lines.push(format!("DTSTART:{}", utc(*starts_at)));
                // RFC 5545 §3.8.2.2: DTEND must be later than DTSTART; a meeting logged as lasting
                // no time has none, which makes it end as it starts (§3.6.1).
                // One that would end after 9999 (late on its last day) has none either.
                let minutes = minutes.unwrap_or(30);
                let ends = Timestamp(starts_at.0.saturating_add(minutes.saturating_mul(60)));
                if minutes > 0 && fits(ends) {
                    lines.push(format!("DTEND:{}", utc(ends)));
                }
                let summary = if subject.is_empty() {
                    "Meeting"
                } else {
                    subject
                };
                lines.push(format!("SUMMARY:{}", escape_text(summary)));
                lines.extend(description(about, body));
                lines.push("END:VEVENT".into());
            }
            CalendarItem::ExpectedClose {
                deal_id,
                title,
                on,
                amount,
                updated_at,
                about,
            } => {
                lines.push("BEGIN:VEVENT".into());
                lines.push(format!("UID:{}", uid("expected-close", *deal_id)));
                lines.push(format!("DTSTAMP:{now}"));
                lines.push(format!("LAST-MODIFIED:{}", utc(*updated_at)));
                // A date has no time zone: an all-day event on that day wherever the user is.
                lines.push(format!("DTSTART;VALUE=DATE:{}", on.format("%Y%m%d")));
                if let Some(next) = on.succ_opt().filter(|d| d.year() <= 9999) {
                    lines.push(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
                }
                lines.push(format!(
                    "SUMMARY:{}",
                    escape_text(&format!("Expected close: {title}"))
                ));
                let amount = amount.as_ref().map(|a| a.display()).unwrap_or_default();
                lines.extend(description(about, &amount));
                lines.push("TRANSP:TRANSPARENT".into());
                lines.push("END:VEVENT".into());
            }
        }
    }
    lines.push("END:VCALENDAR".into());
    for line in lines {
        out.write_all(fold_line(&line).as_bytes())?;
    }
    Ok(items.len() as u64)
}
