//! Instants are stored as Unix seconds in UTC everywhere (one choice, compact and sortable); calendar
//! dates such as a birthday or an expected close date have no time zone and are plain `NaiveDate`s.

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn now() -> Self {
        Timestamp(Utc::now().timestamp())
    }

    pub fn from_utc(at: DateTime<Utc>) -> Self {
        Timestamp(at.timestamp())
    }

    pub fn to_utc(self) -> DateTime<Utc> {
        // Out-of-range seconds only come from a hand-edited file; show them as the epoch, not a panic.
        Utc.timestamp_opt(self.0, 0).single().unwrap_or_default()
    }

    pub fn to_local(self) -> DateTime<Local> {
        self.to_utc().with_timezone(&Local)
    }

    pub fn date_utc(self) -> NaiveDate {
        self.to_utc().date_naive()
    }

    /// The calendar day on the user's clock: what "today" means to someone in Anchorage at 4 pm,
    /// when it is already tomorrow in UTC.
    pub fn date_local(self) -> NaiveDate {
        self.to_local().date_naive()
    }

    /// The earlier of its UTC and local days: for a record made now, "today" on the user's clock
    /// even when UTC has reached tomorrow (a stored creation time takes [`Self::earliest_day`]).
    pub fn first_day(self) -> NaiveDate {
        self.date_utc().min(self.date_local())
    }

    /// The day it was at its earliest anywhere on Earth (in UTC−12): a rule "not before the day
    /// it was created" for a record made in one time zone and edited in any other. A deal made on
    /// a Los Angeles evening, closing that day, was on the next day in London's reckoning, and
    /// there it could no longer be edited, moved or won.
    pub fn earliest_day(self) -> NaiveDate {
        const WESTERNMOST: i64 = 12 * 3600;
        Timestamp(self.0.saturating_sub(WESTERNMOST)).date_utc()
    }

    /// The later of its UTC and local days: "not in the future" holds for a birthday of today
    /// typed in a Tokyo morning, still yesterday in UTC.
    pub fn last_day(self) -> NaiveDate {
        self.date_utc().max(self.date_local())
    }

    /// The moment a calendar day reaches `hour` o'clock on the user's clock (a due date typed in a form).
    pub fn at_local(date: NaiveDate, hour: u32) -> Self {
        let naive = date.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default();
        // In a daylight-saving gap the hour does not exist; the earliest valid reading is close enough.
        let local = Local
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&naive));
        Timestamp::from_utc(local)
    }

    pub fn plus_hours(self, hours: i64) -> Self {
        Timestamp(self.0 + hours * 3600)
    }

    pub fn plus_days(self, days: i64) -> Self {
        Timestamp(self.0 + days * 86_400)
    }

    /// RFC 3339 in UTC, for files and the command line.
    pub fn to_rfc3339(self) -> String {
        self.to_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// A date as people type it: YYYY-MM-DD, or day first with dots as Germans and most of Europe
/// write it (DD.MM.YYYY); a month or day may have one digit. Slashes are not read: "03/05/2026"
/// is March to one user and May to the next. The year is four digits, 1000 to 9999 (as an
/// activity's time takes them): chrono alone also reads "+12345-01-01", a date past 9999 that
/// sorted before every other as text and that no calendar file can hold.
pub fn typed_day(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(['-', '.']).collect();
    let [year, month, day] = match parts[..] {
        [y, m, d] if !t.contains('.') => [y, m, d],
        [d, m, y] if !t.contains('-') => [y, m, d],
        _ => return None,
    };
    let number = |n: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
            .then(|| n.parse::<u32>().ok())
            .flatten()
    };
    let year = number(year, 4..=4).filter(|&y| y >= 1000)?;
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        number(month, 1..=2)?,
        number(day, 1..=2)?,
    )
}

/// Which way a weekday named alone points: a task's due day is ahead, a logged call behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    Future,
    Past,
}

/// A day as people say it, from `today`: "today", "tomorrow", "yesterday", a weekday ("friday",
/// "fri") — the nearest such day `toward` the future (today not included: a task said "friday"
/// on a Friday evening had been due that morning, overdue at once) or the past (today included:
/// a call logged "friday" on Friday was today's) — or one with "next" or "last" before it, which
/// never means today; "this friday" is today on a Friday. English words, any case. A field rep
/// logging "yesterday 15:00" had been refused.
pub fn spoken_day(text: &str, today: NaiveDate, toward: Toward) -> Option<NaiveDate> {
    use chrono::{Datelike, Days};
    let words = text.trim().to_lowercase();
    let mut words = words.split_whitespace();
    let (first, second) = (words.next()?, words.next());
    if words.next().is_some() {
        return None;
    }
    let (toward, day, skip_today) = match (first, second) {
        ("today", None) => return Some(today),
        ("tomorrow", None) => return today.succ_opt(),
        ("yesterday", None) => return today.pred_opt(),
        ("next", Some(day)) => (Toward::Future, day, true),
        ("last", Some(day)) => (Toward::Past, day, true),
        ("this", Some(day)) => (toward, day, false),
        (day, None) => (toward, day, toward == Toward::Future),
        _ => return None,
    };
    let weekday = WEEKDAYS
        .iter()
        .position(|name| day.len() >= 3 && name.starts_with(day))?;
    let from = today.weekday().num_days_from_monday() as u64;
    let to = weekday as u64;
    let mut ahead = (to + 7 - from) % 7;
    let mut behind = (from + 7 - to) % 7;
    if skip_today {
        ahead = if ahead == 0 { 7 } else { ahead };
        behind = if behind == 0 { 7 } else { behind };
    }
    match toward {
        Toward::Future => today.checked_add_days(Days::new(ahead)),
        Toward::Past => today.checked_sub_days(Days::new(behind)),
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whole years between `born` and `on` (the usual birthday rule: not yet a year older before the day).
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_as_people_say_them() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // A Friday.
        let today = day(2026, 11, 27);
        let read = |t: &str, toward| spoken_day(t, today, toward);
        assert_eq!(read("Yesterday", Toward::Future), Some(day(2026, 11, 26)));
        assert_eq!(read("tomorrow", Toward::Past), Some(day(2026, 11, 28)));
        assert_eq!(read(" today ", Toward::Past), Some(today));
        assert_eq!(read("monday", Toward::Future), Some(day(2026, 11, 30)));
        assert_eq!(read("mon", Toward::Past), Some(day(2026, 11, 23)));
        assert_eq!(read("friday", Toward::Future), Some(day(2026, 12, 4)));
        assert_eq!(read("friday", Toward::Past), Some(today));
        assert_eq!(read("this friday", Toward::Future), Some(today));
        assert_eq!(read("next friday", Toward::Past), Some(day(2026, 12, 4)));
        assert_eq!(read("last Friday", Toward::Future), Some(day(2026, 11, 20)));
        assert_eq!(read("this wed", Toward::Past), Some(day(2026, 11, 25)));
        for wrong in [
            "",
            "fr",
            "someday",
            "next",
            "next week",
            "friday 10:00",
            "2026-11-27",
        ] {
            assert_eq!(read(wrong, Toward::Future), None, "{wrong:?}");
        }
    }

    #[test]
    fn the_earliest_day_of_an_instant_is_its_day_in_utc_minus_twelve() {
        let at = |s: &str| Timestamp::from_utc(s.parse::<DateTime<Utc>>().unwrap());
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // 19:00 on the 27th in Los Angeles.
        assert_eq!(at("2026-11-28T03:00:00Z").earliest_day(), day(2026, 11, 27));
        assert_eq!(at("2026-11-28T12:00:00Z").earliest_day(), day(2026, 11, 28));
        assert_eq!(at("2026-11-28T11:59:59Z").earliest_day(), day(2026, 11, 27));
        assert!(
            at("2026-11-28T03:00:00Z").earliest_day() <= at("2026-11-28T03:00:00Z").first_day()
        );
    }

    #[test]
    fn a_typed_day_has_a_four_digit_year() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(typed_day(" 2026-12-31 "), day(2026, 12, 31));
        assert_eq!(typed_day("2026-1-5"), day(2026, 1, 5));
        assert_eq!(typed_day("9999-12-31"), day(9999, 12, 31));
        assert_eq!(typed_day("14.03.1990"), day(1990, 3, 14));
        assert_eq!(typed_day(" 1.2.2027 "), day(2027, 2, 1));
        for wrong in [
            "14.03.90",
            "31.02.2026",
            "1990.03.14",
            "14.03-1990",
            "14.03.1990.",
            "03/05/2026",
            "2026-001-05",
            "+12345-01-01",
            "12345-01-01",
            "-2026-01-01",
            "0999-01-01",
            "26-01-01",
            "2026-02-30",
            "",
        ] {
            assert_eq!(typed_day(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn age_counts_only_completed_years() {
        let born = NaiveDate::from_ymd_opt(1990, 6, 15).unwrap();
        assert_eq!(
            age_on(born, NaiveDate::from_ymd_opt(2020, 6, 14).unwrap()),
            29
        );
        assert_eq!(
            age_on(born, NaiveDate::from_ymd_opt(2020, 6, 15).unwrap()),
            30
        );
    }

    #[test]
    fn timestamps_print_as_utc_rfc3339() {
        assert_eq!(Timestamp(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp(86_400).plus_days(1).0, 2 * 86_400);
    }
}
