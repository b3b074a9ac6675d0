//! Validation errors that name the field at fault, so a form can mark it and an import can report
//! "row 12, email: ..." instead of a bare "invalid".

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("must not be empty")]
    Empty,
    #[error("{} is not a valid e-mail address", quoted(.0))]
    BadEmail(String),
    #[error("{} is not a valid phone number", quoted(.0))]
    BadPhone(String),
    #[error("must not be negative")]
    Negative,
    #[error(
        "is too large: Kith holds amounts up to 10,000,000,000,000 (ten trillion) in a currency \
         with cents"
    )]
    TooLarge,
    #[error("must be between {min} and {max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("is longer than {max} characters")]
    TooLong { max: usize },
    #[error("{} is not a currency code (ISO 4217: EUR, USD, GBP …)", quoted(.0))]
    BadCurrency(String),
    #[error("must not be before {0}")]
    BeforeStart(String),
    #[error("must not be in the future")]
    InFuture,
    #[error("{} is not a known value (expected one of: {})", quoted(.0), .1)]
    UnknownChoice(String, String),
    #[error("{} is not a valid amount", quoted(.0))]
    BadAmount(String),
    #[error(
        "{} could be a decimal or thousands: write it with two decimals (2.50) or without the \
         dot (2500)",
        quoted(.0)
    )]
    AmbiguousAmount(String),
    #[error("{} is not a whole number", quoted(.0))]
    NotWholeNumber(String),
    #[error("{} has decimals, but {} amounts are whole numbers", quoted(.0), .1)]
    NoMinorUnits(String, String),
    #[error("{}", bad_date(.0))]
    BadDate(String),
    #[error("{} names another currency than {}", quoted(.0), .1)]
    OtherCurrency(String, String),
    #[error("currency {found} does not match {expected}")]
    CurrencyMismatch { expected: String, found: String },
    #[error("is not allowed: {0}")]
    NotAllowed(String),
}

impl Problem {
    /// The problem as a sentence under its field, where the field's name is not said before it:
    /// "Must not be negative"; a rule's reason alone ("High tickets cannot get longer than
    /// normal ones", not "Is not allowed: high tickets …").
    pub fn sentence(&self) -> String {
        let text = match self {
            Problem::NotAllowed(why) => why.clone(),
            other => other.to_string(),
        };
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => text,
        }
    }
}

/// A value as a message quotes it: in quotes, escaped, and cut short. A 10 MB cell that did not
/// read was printed whole to the terminal.
pub fn quoted(value: &str) -> String {
    // What cannot be seen is named ("<U+00A0>"): Rust's escapes ("\u{a0}") read as noise, and
    // left as it is, a non-breaking space looks like the space it is not.
    let shown: String = shortened(value)
        .chars()
        .map(|c| match c {
            '"' | '\\' => format!("\\{c}"),
            c if c.is_control() || is_invisible(c) || (c.is_whitespace() && c != ' ') => {
                format!("<U+{:04X}>", c as u32)
            }
            c => c.to_string(),
        })
        .collect();
    format!("\"{shown}\"")
}

/// Why `value` is no date: written as one but not a day of the calendar ("2026-02-29",
/// "30.02.2026"), written with slashes (read one way by some and the other by the rest), or not
/// written as one at all.
fn bad_date(value: &str) -> String {
    let v = value.trim();
    let numbers = |separator: char, year_at: usize| {
        let parts: Vec<&str> = v.split(separator).collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            && parts[year_at].len() == 4
    };
    let year_first = numbers('-', 0);
    let shaped = year_first || numbers('.', 2);
    let year = if year_first {
        v.get(..4)
    } else {
        v.rsplit('.').next()
    };
    if shaped && year.is_some_and(|y| y.starts_with('0')) {
        format!("{} is before the year 1000", quoted(value))
    } else if shaped {
        format!(
            "{} is not a day of the calendar (no such month, or no such day in it)",
            quoted(value)
        )
    } else if v.split('/').count() == 3 {
        format!(
            "{} could be day or month first: write it as YYYY-MM-DD or DD.MM.YYYY",
            quoted(value)
        )
    } else {
        format!(
            "{} is not a valid date (expected YYYY-MM-DD or DD.MM.YYYY)",
            quoted(value)
        )
    }
}

/// A character that takes no room when shown: zero-width spaces and joiners' kin, direction
/// marks, the byte-order mark, a soft hyphen. Pasted from web pages and word processors, they
/// ride along unseen inside addresses and numbers.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}')
}

/// A space as word processors and web pages write it inside numbers (non-breaking, narrow,
/// figure or thin): for a phone number, a space.
pub fn is_wide_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{2007}' | '\u{2009}' | '\u{202F}')
}

/// The first sixty characters of `value`, and "…" if there were more.
pub fn shortened(value: &str) -> std::borrow::Cow<'_, str> {
    shortened_to(value, 60)
}

/// The first `at_most` characters of `value`, and "…" if there were more.
pub fn shortened_to(value: &str, at_most: usize) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(at_most) {
        Some((end, _)) => format!("{}…", &value[..end]).into(),
        None => value.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

/// Every problem found in one record, in field order; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub errors: Vec<FieldError>,
}

impl Invalid {
    pub fn one(field: &'static str, problem: Problem) -> Self {
        Invalid {
            errors: vec![FieldError { field, problem }],
        }
    }

    pub fn for_field(&self, field: &str) -> Option<&Problem> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| &e.problem)
    }
}

impl Invalid {
    /// The problems as a window says them: a rule's own reason ("ticket #24 is closed; …") rather
    /// than field and problem, and a field by its name on the form ("Expected close: must not be
    /// before 2026-11-28", not "expected_close: …"). Display keeps the field's key, which the
    /// command line's reports name.
    pub fn in_words(&self) -> String {
        self.errors
            .iter()
            .map(|e| match &e.problem {
                Problem::NotAllowed(why) => why.clone(),
                problem => format!("{}: {problem}", field_in_words(e.field)),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// "expected_close" as "Expected close".
fn field_in_words(field: &str) -> String {
    let spaced = field.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

/// Collects field problems while a record is checked, then yields `Ok` or every problem at once.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &'static str, problem: Problem) {
        self.errors.push(FieldError { field, problem });
    }

    pub fn non_empty(&mut self, field: &'static str, value: &str) {
        if value.trim().is_empty() {
            self.fail(field, Problem::Empty);
        }
    }

    pub fn max_len(&mut self, field: &'static str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.fail(field, Problem::TooLong { max });
        }
    }

    pub fn range(&mut self, field: &'static str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            self.fail(field, Problem::OutOfRange { min, max });
        }
    }

    /// An amount a person entered: in a currency that exists, and not below zero.
    pub fn money(&mut self, field: &'static str, amount: super::Money) {
        if !amount.currency.is_iso_4217() {
            self.fail(field, Problem::BadCurrency(amount.currency.to_string()));
        }
        self.amount(field, amount.minor);
    }

    /// An amount in minor units: not below zero, and not beyond [`super::money::MAX_MINOR`]
    /// (a nine-quintillion deal broke every total, weighted by its chance, that it was part of).
    pub fn amount(&mut self, field: &'static str, minor: i64) {
        self.non_negative(field, minor);
        if minor > super::money::MAX_MINOR {
            self.fail(field, Problem::TooLarge);
        }
    }

    pub fn non_negative(&mut self, field: &'static str, value: i64) {
        if value < 0 {
            self.fail(field, Problem::Negative);
        }
    }

    pub fn finish(self) -> Result<(), Invalid> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid {
                errors: self.errors,
            })
        }
    }
}

/// A pragmatic e-mail check: one `@`, a non-empty local part, a dotted domain, no spaces. The full
/// RFC 5322 grammar accepts addresses no mail client can send to; this accepts what people type.
pub fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.len() <= 253
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// Phone numbers arrive in every format ("+44 (0)20 7946-0958", "555.0100 ext 12"); accept digits with
/// the usual separators and require enough digits to be dialable.
pub fn is_plausible_phone(s: &str) -> bool {
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    (3..=20).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-().x/#ext".contains(c) || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_names_a_field_as_its_form_does_and_a_rule_by_its_reason() {
        let mut invalid = Invalid::one("expected_close", Problem::BeforeStart("2026-11-28".into()));
        invalid.errors.push(FieldError {
            field: "status",
            problem: Problem::NotAllowed("ticket #24 is closed".into()),
        });
        assert_eq!(
            invalid.in_words(),
            "Expected close: must not be before 2026-11-28; ticket #24 is closed"
        );
        assert!(invalid.to_string().starts_with("expected_close: "));
    }

    #[test]
    fn what_cannot_be_seen_is_named_and_a_date_says_what_is_wrong_with_it() {
        assert_eq!(quoted("+46\u{a0}8"), "\"+46<U+00A0>8\"");
        assert_eq!(quoted("Zoë \"%_\\"), "\"Zoë \\\"%_\\\\\"");
        assert_eq!(
            Problem::BadDate("2026-02-29".into()).to_string(),
            "\"2026-02-29\" is not a day of the calendar (no such month, or no such day in it)"
        );
        assert_eq!(
            Problem::BadDate("0000-01-01".into()).to_string(),
            "\"0000-01-01\" is before the year 1000"
        );
        assert_eq!(
            Problem::BadDate("29/02/2026".into()).to_string(),
            "\"29/02/2026\" could be day or month first: write it as YYYY-MM-DD or DD.MM.YYYY"
        );
        assert_eq!(
            Problem::BadDate("30.02.2026".into()).to_string(),
            "\"30.02.2026\" is not a day of the calendar (no such month, or no such day in it)"
        );
        assert_eq!(
            Problem::BadDate("next week".into()).to_string(),
            "\"next week\" is not a valid date (expected YYYY-MM-DD or DD.MM.YYYY)"
        );
    }

    #[test]
    fn a_problem_under_its_field_is_a_sentence_of_its_own() {
        assert_eq!(Problem::Negative.sentence(), "Must not be negative");
        assert_eq!(
            Problem::NotAllowed("high tickets cannot get longer than normal ones".into())
                .sentence(),
            "High tickets cannot get longer than normal ones"
        );
        // After a field's name, the rule still reads as part of the sentence.
        assert_eq!(
            Problem::NotAllowed("spaces in a domain".into()).to_string(),
            "is not allowed: spaces in a domain"
        );
    }

    #[test]
    fn emails_people_type_are_accepted_and_typos_are_not() {
        for ok in [
            "ada@example.com",
            "o'brien+crm@mail.example.co.uk",
            "josé@exämple.de",
        ] {
            assert!(is_plausible_email(ok), "{ok}");
        }
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "a@@b.com",
            "a@-b.com",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones_accept_common_formats() {
        assert!(is_plausible_phone("+44 (0)20 7946-0958"));
        assert!(is_plausible_phone("555.0100 ext 12"));
        assert!(!is_plausible_phone("call me"));
        assert!(!is_plausible_phone("12"));
    }

    #[test]
    fn invalid_lists_every_field_in_order() {
        let mut c = Checker::new();
        c.non_empty("name", " ");
        c.non_negative("amount", -1);
        let err = c.finish().unwrap_err();
        assert_eq!(
            err.to_string(),
            "name: must not be empty; amount: must not be negative"
        );
        assert_eq!(err.for_field("amount"), Some(&Problem::Negative));
    }

    #[test]
    fn amounts_stop_where_weighted_totals_would_overflow() {
        let mut c = Checker::new();
        c.amount("amount", super::super::money::MAX_MINOR);
        assert!(c.finish().is_ok());
        let mut c = Checker::new();
        c.amount("amount", 9_000_000_000_000_000_000);
        assert_eq!(
            c.finish().unwrap_err().for_field("amount"),
            Some(&Problem::TooLarge)
        );
        // A deal at the limit weighted by its chance, as the board's totals compute it, fits in
        // 64 bits with room for ninety such deals in one column.
        let weighted = super::super::money::MAX_MINOR.checked_mul(100).unwrap();
        assert!(weighted.checked_mul(90).is_some());
    }

    #[test]
    fn a_value_quoted_in_a_message_is_cut_short() {
        assert_eq!(quoted("ada@x"), "\"ada@x\"");
        let long = "é".repeat(10_000);
        let message = Problem::BadEmail(long).to_string();
        assert!(message.chars().count() < 100, "{message}");
        assert!(
            message.starts_with("\"éé") && message.contains("…\" is not"),
            "{message}"
        );
    }
}
