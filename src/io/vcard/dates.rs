//! The dates a vCard's BDAY may hold: a whole day Kith keeps as the birthday, or a part of one
//! (a day without a year) kept as it is.

/// `1985-05-17`, `19850517`, `1985-05-17T00:00:00Z`; `None` for dates without a year (`--0517`).
pub(super) fn birthday(v: &str) -> Option<chrono::NaiveDate> {
    let date = v.trim().split('T').next().unwrap_or("");
    ["%Y-%m-%d", "%Y%m%d"]
        .iter()
        .find_map(|fmt| chrono::NaiveDate::parse_from_str(date, fmt).ok())
}

/// Why `day` cannot be a birthday Kith holds, if it cannot: before the year 1000 (a year of
/// four digits, as the contact form takes it) or after today anywhere on Earth.
pub(super) fn unheld(day: chrono::NaiveDate) -> Option<&'static str> {
    use chrono::Datelike;
    if day.year() < 1000 {
        Some("before the year 1000")
    } else if day > crate::domain::Timestamp::now().last_day() {
        Some("in the future")
    } else {
        None
    }
}

/// A date vCard 4.0 lets a card give in part (RFC 6350, 4.3.1), and one the calendar has: a day
/// without a year ("--0412", "--04-12", February 29 included), a day of the month ("---12"), a
/// month ("--04"), a year or a year and month ("1985", "1985-04").
pub(super) fn partial_date(v: &str) -> bool {
    let number = |s: &str, n: usize| {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?
    };
    let month = |s: &str| number(s, 2).is_some_and(|m| (1..=12).contains(&m));
    // A leap year, so that a birthday on February 29 is a day.
    let day_of = |m: &str, d: &str| {
        number(m, 2)
            .zip(number(d, 2))
            .is_some_and(|(m, d)| chrono::NaiveDate::from_ymd_opt(2000, m, d).is_some())
    };
    match v.strip_prefix("--") {
        Some(rest) => match rest.strip_prefix('-') {
            Some(day) => number(day, 2).is_some_and(|d| (1..=31).contains(&d)),
            // Split by `get`, as a text of four bytes may hold a letter of two.
            None if rest.len() == 4 => match (rest.get(..2), rest.get(2..)) {
                (Some(m), Some(d)) => day_of(m, d),
                _ => false,
            },
            None => match rest.split_once('-') {
                Some((m, d)) => day_of(m, d),
                None => month(rest),
            },
        },
        None => match v.split_once('-') {
            Some((y, m)) => number(y, 4).is_some() && month(m),
            None => number(v, 4).is_some(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::partial_date;

    #[test]
    fn a_partial_date_is_one_the_calendar_has() {
        for kept in [
            "--0412", "--04-12", "--0229", "---12", "--04", "1985", "1985-04",
        ] {
            assert!(partial_date(kept), "{kept}");
        }
        // A letter of two bytes among four does not split the text mid-letter.
        for said in [
            "--0230",
            "--13-01",
            "---32",
            "1985-13",
            "85",
            "--1é2",
            "circa 1800",
        ] {
            assert!(!partial_date(said), "{said}");
        }
    }
}
