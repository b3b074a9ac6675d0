//! The forecast strip's periods: the calendar month and quarter a day falls in, and the weighted
//! revenue a deal adds to a period.

use chrono::{Datelike, NaiveDate};

/// An inclusive range of calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    pub fn month_of(day: NaiveDate) -> Period {
        let first = day.with_day(1).unwrap_or(day);
        Period {
            first,
            last: first_of_next_month(first).pred_opt().unwrap_or(first),
        }
    }

    pub fn quarter_of(day: NaiveDate) -> Period {
        let first_month = (day.month0() / 3) * 3 + 1;
        let first = NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap_or(day);
        let mut last = first;
        for _ in 0..3 {
            last = first_of_next_month(last);
        }
        Period {
            first,
            last: last.pred_opt().unwrap_or(first),
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }
}

fn first_of_next_month(first: NaiveDate) -> NaiveDate {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(first)
}

/// Whole days a deal has sat in its stage, as the card shows it.
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_month_runs_from_its_first_to_its_last_day_leap_years_included() {
        assert_eq!(
            Period::month_of(d(2028, 2, 14)),
            Period {
                first: d(2028, 2, 1),
                last: d(2028, 2, 29)
            }
        );
        assert_eq!(
            Period::month_of(d(2026, 12, 31)),
            Period {
                first: d(2026, 12, 1),
                last: d(2026, 12, 31)
            }
        );
    }

    #[test]
    fn quarters_are_calendar_quarters() {
        assert_eq!(
            Period::quarter_of(d(2026, 11, 25)),
            Period {
                first: d(2026, 10, 1),
                last: d(2026, 12, 31)
            }
        );
        assert_eq!(
            Period::quarter_of(d(2026, 1, 1)),
            Period {
                first: d(2026, 1, 1),
                last: d(2026, 3, 31)
            }
        );
        assert_eq!(
            Period::quarter_of(d(2026, 6, 30)),
            Period {
                first: d(2026, 4, 1),
                last: d(2026, 6, 30)
            }
        );
    }

    #[test]
    fn a_period_contains_both_its_ends() {
        let q = Period::quarter_of(d(2026, 5, 5));
        assert!(q.contains(d(2026, 4, 1)) && q.contains(d(2026, 6, 30)));
        assert!(!q.contains(d(2026, 7, 1)) && !q.contains(d(2026, 3, 31)));
    }

    #[test]
    fn days_in_stage_never_go_negative() {
        assert_eq!(days_between(d(2026, 1, 1), d(2026, 1, 31)), 30);
        assert_eq!(days_between(d(2026, 2, 1), d(2026, 1, 31)), 0);
    }
}
