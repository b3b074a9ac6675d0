//! Dates and times as CRM and address-book exports write them: ISO, European, and the month-first
//! slashes of Outlook and Salesforce in English, with or without a time of day.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use crate::domain::Timestamp;

/// How a file writes its slashed dates. Month first ("5/17/1985", Outlook and Salesforce in
/// English) unless a value's first number cannot be a month, decided value by value; or day
/// first for the whole file, once any of its dates shows it ("25/12/1980") and none shows
/// month first, so "03/05/1980" in the same column is the 3rd of May, not the 5th of March.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SlashOrder {
    #[default]
    ValueByValue,
    DayFirst,
}

impl SlashOrder {
    /// The order `values` (a file's date cells) show.
    pub fn of(values: impl IntoIterator<Item = impl AsRef<str>>) -> SlashOrder {
        let (mut day_first, mut month_first) = (false, false);
        for v in values {
            let day = v
                .as_ref()
                .trim()
                .split(['T', ' ', ','])
                .next()
                .unwrap_or("");
            if let [a, b, y] = day.split('/').collect::<Vec<_>>()[..]
                && y.len() == 4
                && let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>())
            {
                day_first |= a > 12 && b <= 12;
                month_first |= b > 12 && a <= 12;
            }
        }
        if day_first && !month_first {
            SlashOrder::DayFirst
        } else {
            SlashOrder::ValueByValue
        }
    }
}

/// `value` with a slashed date that only the file's other rows show to be day first ("1/4/1975",
/// the 1st of April) written as ISO ("1975-04-01"), whatever follows it kept; `None` when there is
/// nothing to settle. A rejected row's cells go to a file on their own, whose rows would no longer
/// show the order, and a re-import of the fixed row had read the 4th of January. A date that is
/// no date ("30/02/1980", the reason its row was rejected) is written with dots ("30.02.1980"),
/// which every reader takes as day first, so the day the user corrects it to is read as meant.
pub fn settled(value: &str, order: SlashOrder) -> Option<String> {
    if order != SlashOrder::DayFirst {
        return None;
    }
    let v = value.trim();
    let end = v.find(['T', ' ', ',']).unwrap_or(v.len());
    let (day, rest) = v.split_at(end);
    let parts: Vec<&str> = day.split('/').collect();
    if parts.len() != 3 {
        return None;
    }
    match NaiveDate::parse_from_str(day, "%d/%m/%Y") {
        Ok(date) => Some(format!("{}{rest}", date.format("%Y-%m-%d"))),
        Err(_) => Some(format!("{}{rest}", parts.join("."))),
    }
}

/// A birthday: ISO (`1985-05-17`, `19850517`, `1985/05/17`), European (`17.05.1985`), and slashed
/// `5/17/1985` in the file's [`SlashOrder`]. `Ok(None)` for a day without a year. Check
/// [`no_date`] first: Outlook's "0/0/00" is no birthday at all.
pub fn birthday(value: &str, order: SlashOrder) -> Result<Option<NaiveDate>, String> {
    let v = value.trim();
    if v.starts_with("--") || no_date(v) {
        return Ok(None);
    }
    let day = v.split(['T', ' ']).next().unwrap_or(v);
    date(day, order)
        .map(Some)
        .ok_or_else(|| not_a_date(v, day, order))
}

/// Why `v` is no birthday: a date written in one of the forms read whose day or month is not on
/// the calendar ("31/02/1988") is said to be so, not to be in the wrong form; the example of a
/// slashed date follows the file's order (a day-first file had been shown "5/17/1985").
fn not_a_date(v: &str, day: &str, order: SlashOrder) -> String {
    let numbers: Vec<&str> = day.split(['/', '.', '-']).collect();
    let shaped = numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()))
        && numbers.iter().any(|n| n.len() == 4);
    if shaped {
        return format!("{v:?} is not a day of the calendar (no such month, or no such day in it)");
    }
    match order {
        SlashOrder::DayFirst => {
            format!("{v:?} is not a date (expected e.g. 1985-05-17, 17.05.1985 or 17/05/1985)")
        }
        // The file shows no order of its own: no slashed example, which would pick one.
        SlashOrder::ValueByValue => {
            format!("{v:?} is not a date (expected e.g. 1985-05-17 or 17.05.1985)")
        }
    }
}

/// Outlook's way of writing "no date" in a date column (Birthday, Anniversary), with slashes in
/// English and dots in German and other European settings.
pub fn no_date(value: &str) -> bool {
    matches!(
        value.trim(),
        "0/0/00" | "0/0/0000" | "00/00/0000" | "0.0.00" | "0.0.0000" | "00.00.0000"
    )
}

/// When a contact was first recorded: RFC 3339 as Kith exports it (`2026-04-18T14:50:39Z`), or a
/// date in any form [`birthday`] reads with an optional time (`2024-03-01 10:00`,
/// `3/1/2024, 10:00 AM`) on the user's clock, as HubSpot and Salesforce write them. A day after
/// `today` is refused: nobody was recorded in the future.
pub fn created_at(value: &str, today: NaiveDate, order: SlashOrder) -> Result<Timestamp, String> {
    let v = value.trim();
    let bad = || {
        format!(
            "{v:?} is not a date and time (expected e.g. 2024-03-01, 2024-03-01 10:00 or 2024-03-01T10:00:00Z)"
        )
    };
    let at = match DateTime::parse_from_rfc3339(v) {
        Ok(t) => Timestamp::from_utc(t.with_timezone(&Utc)),
        Err(_) => {
            let (day, time) = match v.split_once([' ', 'T', ',']) {
                Some((d, t)) => (d, t.trim()),
                None => (v, ""),
            };
            let day = date(day, order).ok_or_else(bad)?;
            let time = if time.is_empty() {
                NaiveTime::MIN
            } else {
                time_of_day(time).ok_or_else(bad)?
            };
            local(day.and_time(time))
        }
    };
    if at.to_local().date_naive() > today && at.date_utc() > today {
        return Err(format!("{v:?} is in the future"));
    }
    Ok(at)
}

fn date(v: &str, order: SlashOrder) -> Option<NaiveDate> {
    for fmt in ["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(v, fmt) {
            return Some(d);
        }
    }
    let parts: Vec<&str> = v.split('/').collect();
    if let [a, b, y] = parts[..]
        && y.len() == 4
    {
        let (a, b, y): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
        let (m, d) = if a > 12 || order == SlashOrder::DayFirst {
            (b, a)
        } else {
            (a, b)
        };
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    None
}

fn time_of_day(v: &str) -> Option<NaiveTime> {
    let v = v.to_ascii_uppercase();
    [
        "%H:%M:%S",
        "%H:%M",
        "%H:%M:%S%.f",
        "%I:%M %p",
        "%I:%M:%S %p",
        "%I:%M%p",
    ]
    .iter()
    .find_map(|fmt| NaiveTime::parse_from_str(&v, fmt).ok())
}

/// A time on the user's clock; in a daylight-saving gap the earliest reading is close enough.
fn local(naive: NaiveDateTime) -> Timestamp {
    Timestamp::from_utc(
        Local
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&naive)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn birthdays_in_the_usual_export_formats_are_read() {
        let d = |y, m, dd| Ok(Some(day(y, m, dd)));
        assert_eq!(
            birthday("1985-05-17", SlashOrder::default()),
            d(1985, 5, 17)
        );
        assert_eq!(birthday("5/17/1985", SlashOrder::default()), d(1985, 5, 17));
        assert_eq!(birthday("17/5/1985", SlashOrder::default()), d(1985, 5, 17));
        assert_eq!(
            birthday("17.05.1985", SlashOrder::default()),
            d(1985, 5, 17)
        );
        assert_eq!(
            birthday("1985-05-17T00:00:00", SlashOrder::default()),
            d(1985, 5, 17)
        );
        assert_eq!(birthday("--05-17", SlashOrder::default()), Ok(None));
        assert!(birthday("next tuesday", SlashOrder::default()).is_err());
        assert!(birthday("2/30/1985", SlashOrder::default()).is_err());
    }

    #[test]
    fn a_date_that_is_not_on_the_calendar_is_said_to_be_so() {
        let why = birthday("31/02/1988", SlashOrder::DayFirst).unwrap_err();
        assert!(why.contains("not a day of the calendar"), "{why}");
        // A cell that is no date at all gets an example in the file's order.
        let why = birthday("next tuesday", SlashOrder::DayFirst).unwrap_err();
        assert!(
            why.contains("17/05/1985") && !why.contains("5/17/1985"),
            "{why}"
        );
        let why = birthday("next tuesday", SlashOrder::default()).unwrap_err();
        assert!(why.contains("17.05.1985") && !why.contains('/'), "{why}");
    }

    #[test]
    fn creation_times_keep_their_instant_or_read_on_the_users_clock() {
        let today = day(2026, 11, 25);
        assert_eq!(
            created_at("2026-04-18T14:50:39Z", today, SlashOrder::default()),
            Ok(Timestamp(1_776_523_839))
        );
        assert_eq!(
            created_at("2026-04-18T16:50:39+02:00", today, SlashOrder::default()),
            Ok(Timestamp(1_776_523_839))
        );
        let on_clock = |y, m, d, h, min| local(day(y, m, d).and_hms_opt(h, min, 0).unwrap());
        assert_eq!(
            created_at("2024-03-01 10:00", today, SlashOrder::default()),
            Ok(on_clock(2024, 3, 1, 10, 0))
        );
        assert_eq!(
            created_at("3/1/2024, 2:30 PM", today, SlashOrder::default()),
            Ok(on_clock(2024, 3, 1, 14, 30))
        );
        assert_eq!(
            created_at("01.03.2024", today, SlashOrder::default()),
            Ok(on_clock(2024, 3, 1, 0, 0))
        );
        assert_eq!(
            created_at("2026-11-25", today, SlashOrder::default()),
            Ok(on_clock(2026, 11, 25, 0, 0))
        );
    }

    #[test]
    fn a_creation_time_that_cannot_be_read_or_is_in_the_future_is_refused() {
        let today = day(2026, 11, 25);
        for bad in ["yesterday", "2024-02-30", "2024-03-01 25:00", "--05-17"] {
            let reason = created_at(bad, today, SlashOrder::default()).unwrap_err();
            assert!(reason.contains("not a date and time"), "{bad}: {reason}");
        }
        assert!(
            created_at("2027-01-01", today, SlashOrder::default())
                .unwrap_err()
                .contains("in the future")
        );
    }
}
