//! People: the centre of the CRM. Everything else (activities, deals, tickets, orders) links to them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::choice::text_enum;
use super::id::{CompanyId, ContactId};
use super::money::Money;
use super::time::{Timestamp, age_on};
use super::validation::{
    Checker, Invalid, Problem, is_invisible, is_plausible_email, is_plausible_phone, is_wide_space,
};

text_enum!(
    /// Where a person stands with the business (the usual CRM lifecycle, earliest first).
    LifecycleStage {
        Subscriber => "subscriber", "Subscriber",
        Lead => "lead", "Lead",
        Qualified => "qualified", "Qualified lead",
        Opportunity => "opportunity", "Opportunity",
        Customer => "customer", "Customer",
        Evangelist => "evangelist", "Evangelist",
        Other => "other", "Other",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EmailAddress {
    pub address: String,
    /// "work", "home", … as the user or the imported file calls it; may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Phone {
    pub number: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        [
            &self.street,
            &self.city,
            &self.region,
            &self.postal_code,
            &self.country,
        ]
        .iter()
        .all(|s| s.is_empty())
    }

    /// The address on one line, street first, empty parts left out: "1 Main St, 75001, Paris, France".
    pub fn one_line(&self) -> String {
        [
            &self.street,
            &self.postal_code,
            &self.city,
            &self.region,
            &self.country,
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// What a user edits about a person. The first e-mail and phone are the primary ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFields {
    pub first_name: String,
    pub last_name: String,
    pub emails: Vec<EmailAddress>,
    pub phones: Vec<Phone>,
    pub company_id: Option<CompanyId>,
    pub job_title: String,
    pub address: Address,
    pub tags: Vec<String>,
    /// The member of staff who looks after this person.
    pub owner: String,
    pub lead_source: String,
    pub lifecycle: LifecycleStage,
    pub birthday: Option<NaiveDate>,
    /// Age as recorded when no birthday is known; see [`ContactFields::age_on`].
    pub age: Option<i32>,
    pub annual_income: Option<Money>,
    pub education_years: Option<i32>,
    pub notes: String,
    pub custom: BTreeMap<String, String>,
}

impl Default for ContactFields {
    fn default() -> Self {
        ContactFields {
            first_name: String::new(),
            last_name: String::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            company_id: None,
            job_title: String::new(),
            address: Address::default(),
            tags: Vec::new(),
            owner: String::new(),
            lead_source: String::new(),
            lifecycle: LifecycleStage::Lead,
            birthday: None,
            age: None,
            annual_income: None,
            education_years: None,
            notes: String::new(),
            custom: BTreeMap::new(),
        }
    }
}

pub const MAX_NAME: usize = 200;
pub const MAX_TAG: usize = 60;

/// What makes two tags one: their letters whatever the case, accented capitals included ("ÉTÉ"
/// is "été").
pub fn tag_key(tag: &str) -> String {
    tag.trim().to_lowercase()
}

/// Whether `a` and `b` are one tag ([`tag_key`]).
pub fn same_tag(a: &str, b: &str) -> bool {
    tag_key(a) == tag_key(b)
}

impl ContactFields {
    /// The name as its people write it (see [`super::person_name::written`]).
    pub fn full_name(&self) -> String {
        super::person_name::written(&self.first_name, &self.last_name)
    }

    pub fn primary_email(&self) -> Option<&str> {
        self.emails.first().map(|e| e.address.as_str())
    }

    pub fn primary_phone(&self) -> Option<&str> {
        self.phones.first().map(|p| p.number.as_str())
    }

    /// Age on `today`: from the birthday when known, otherwise as recorded.
    pub fn age_on(&self, today: NaiveDate) -> Option<i32> {
        self.birthday.map(|b| age_on(b, today)).or(self.age)
    }

    /// Trims what people paste (stray spaces, blank list entries, repeated tags) before validating.
    pub fn normalized(mut self) -> Self {
        for s in [
            &mut self.first_name,
            &mut self.last_name,
            &mut self.job_title,
            &mut self.owner,
            &mut self.lead_source,
        ] {
            // A line break or tab in a one-line field is a space: the window's fields cannot
            // hold one, and a CSV's could ("New⏎Line" as a first name).
            if s.contains(char::is_control) {
                *s = s.replace(char::is_control, " ");
            }
            *s = s.trim().to_string();
        }
        // An address or a number pasted with characters nobody sees (a zero-width space, a
        // byte-order mark) is the address or number without them: kept, it matched no other
        // card and the same person came in twice. A non-breaking space in a number is a space.
        // (Rewritten only when there is something to take out: a bulk import cleans millions.)
        for e in &mut self.emails {
            if e.address.contains(is_invisible) {
                e.address = e.address.replace(is_invisible, "");
            }
            e.address = e.address.trim().to_string();
        }
        self.emails.retain(|e| !e.address.is_empty());
        for p in &mut self.phones {
            if p.number.contains(|c| is_invisible(c) || is_wide_space(c)) {
                p.number = p
                    .number
                    .replace(is_invisible, "")
                    .replace(is_wide_space, " ");
            }
            p.number = p.number.trim().to_string();
        }
        self.phones.retain(|p| !p.number.is_empty());
        let mut seen = std::collections::HashSet::new();
        self.tags = self
            .tags
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && seen.insert(tag_key(t)))
            .collect();
        self
    }

    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut c = Checker::new();
        if self.first_name.trim().is_empty() && self.last_name.trim().is_empty() {
            c.fail("name", Problem::Empty);
        }
        c.max_len("first_name", &self.first_name, MAX_NAME);
        c.max_len("last_name", &self.last_name, MAX_NAME);
        c.max_len("owner", &self.owner, MAX_NAME);
        for e in &self.emails {
            if !is_plausible_email(e.address.trim()) {
                c.fail("email", Problem::BadEmail(e.address.clone()));
            }
        }
        for p in &self.phones {
            if !is_plausible_phone(p.number.trim()) {
                c.fail("phone", Problem::BadPhone(p.number.clone()));
            }
        }
        for t in &self.tags {
            if t.trim().is_empty() {
                c.fail("tags", Problem::Empty);
            }
            c.max_len("tags", t, MAX_TAG);
        }
        if let Some(b) = self.birthday {
            // A year of four digits, as every date Kith reads: "0000-01-01" made someone 2026
            // years old. (Older than a person lives is kept: a file of famous people's
            // birthdays, Ada Lovelace's 1815-12-10, is no mistake.)
            let earliest = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap_or(NaiveDate::MIN);
            if b > today {
                c.fail("birthday", Problem::InFuture);
            } else if b < earliest {
                c.fail("birthday", Problem::BeforeStart(earliest.to_string()));
            }
        }
        if let Some(age) = self.age {
            c.range("age", age.into(), 0, 150);
        }
        if let Some(income) = self.annual_income {
            c.money("annual_income", income);
        }
        if let Some(years) = self.education_years {
            c.range("education_years", years.into(), 0, 40);
        }
        for key in self.custom.keys() {
            if key.trim().is_empty() {
                c.fail("custom", Problem::Empty);
            }
        }
        c.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    #[serde(flatten)]
    pub fields: ContactFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
    pub last_activity_at: Option<Timestamp>,
}

/// The name an erased person's record keeps, so their deals and orders still add up under it.
pub const ERASED_NAME: &str = "Erased person";

impl Contact {
    /// Whether this is what an erasure leaves: deleted, named [`ERASED_NAME`], no address or
    /// number. Erasing it again finds nothing more to take.
    pub fn is_erased(&self) -> bool {
        let f = &self.fields;
        self.deleted_at.is_some()
            && f.first_name.is_empty()
            && f.last_name == ERASED_NAME
            && f.emails.is_empty()
            && f.phones.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_reads_on_one_line_without_its_empty_parts() {
        let a = Address {
            street: "1 Main St".into(),
            city: "Paris".into(),
            country: "France".into(),
            ..Address::default()
        };
        assert_eq!(a.one_line(), "1 Main St, Paris, France");
        assert_eq!(Address::default().one_line(), "");
    }

    use super::*;
    use crate::domain::money::Currency;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    #[test]
    fn a_contact_needs_a_first_or_last_name() {
        let err = ContactFields::default().validate(today()).unwrap_err();
        assert_eq!(err.for_field("name"), Some(&Problem::Empty));
        let named = ContactFields {
            last_name: "Okafor".into(),
            ..Default::default()
        };
        assert!(named.validate(today()).is_ok());
    }

    #[test]
    fn a_bad_email_is_reported_on_the_email_field() {
        let c = ContactFields {
            first_name: "Ada".into(),
            emails: vec![EmailAddress {
                address: "ada@".into(),
                label: String::new(),
            }],
            ..Default::default()
        };
        assert_eq!(
            c.validate(today()).unwrap_err().for_field("email"),
            Some(&Problem::BadEmail("ada@".into()))
        );
    }

    #[test]
    fn future_birthdays_negative_income_and_odd_ages_are_refused() {
        let c = ContactFields {
            first_name: "Ada".into(),
            birthday: NaiveDate::from_ymd_opt(2030, 1, 1),
            age: Some(200),
            annual_income: Some(Money::new(-1, Currency::EUR)),
            ..Default::default()
        };
        let err = c.validate(today()).unwrap_err();
        let fields: Vec<_> = err.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["birthday", "age", "annual_income"]);
    }

    #[test]
    fn normalizing_trims_and_dedupes_tags() {
        let c = ContactFields {
            first_name: "  Ada ".into(),
            tags: vec!["VIP".into(), " vip".into(), "".into(), "north".into()],
            emails: vec![EmailAddress {
                address: "  ".into(),
                label: String::new(),
            }],
            ..Default::default()
        }
        .normalized();
        assert_eq!(c.first_name, "Ada");
        assert_eq!(c.tags, ["VIP", "north"]);
        assert!(c.emails.is_empty());
    }

    #[test]
    fn age_comes_from_the_birthday_when_known() {
        let c = ContactFields {
            birthday: NaiveDate::from_ymd_opt(1990, 6, 15),
            age: Some(99),
            ..Default::default()
        };
        assert_eq!(c.age_on(today()), Some(35));
        let c = ContactFields {
            age: Some(41),
            ..Default::default()
        };
        assert_eq!(c.age_on(today()), Some(41));
    }
}

#[cfg(test)]
mod pasted {
    use super::*;

    /// What comes along unseen with a paste, or in a CSV cell, and what a person cannot be.
    #[test]
    fn invisible_characters_breaks_and_impossible_birthdays_do_not_get_in() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let fields = ContactFields {
            first_name: "New\nLine".into(),
            last_name: "Tab\tIn ".into(),
            emails: vec![EmailAddress {
                address: "\u{feff}zoe+\u{200b}@example.com ".into(),
                ..Default::default()
            }],
            phones: vec![Phone {
                number: "+46\u{a0}8\u{202f}555\u{200b}15 65".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
        .normalized();
        assert_eq!(
            (fields.first_name.as_str(), fields.last_name.as_str()),
            ("New Line", "Tab In")
        );
        assert_eq!(fields.emails[0].address, "zoe+@example.com");
        assert_eq!(fields.phones[0].number, "+46 8 55515 65");
        assert_eq!(fields.validate(today), Ok(()));

        let born = |y, m, d| ContactFields {
            last_name: "Okafor".into(),
            birthday: NaiveDate::from_ymd_opt(y, m, d),
            ..Default::default()
        };
        assert_eq!(
            born(0, 1, 1)
                .validate(today)
                .unwrap_err()
                .for_field("birthday"),
            Some(&Problem::BeforeStart("1000-01-01".into()))
        );
        assert_eq!(born(1815, 12, 10).validate(today), Ok(()));
    }
}
