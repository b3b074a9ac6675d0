//! The demo's customers: a few kinds of people with their own ages, incomes, schooling and shopping
//! habits, so that clustering finds real segments and a spending model has a real signal.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::catalogue::Taste;
use super::rng::Rng;
use super::vocab::*;
use crate::domain::*;

pub struct Archetype {
    pub share: u32,
    /// Mean and standard deviation.
    pub age: (f64, f64),
    pub income_eur: (f64, f64),
    pub education_years: (f64, f64),
    /// Orders a year for a customer of average income in this group.
    pub orders_per_year: f64,
    pub taste: Taste,
}

pub const ARCHETYPES: &[Archetype] = &[
    // Students and starters.
    Archetype {
        share: 28,
        age: (24.0, 3.5),
        income_eur: (26_000.0, 6_000.0),
        education_years: (15.0, 1.5),
        orders_per_year: 5.0,
        taste: Taste {
            bundle_weights: [3, 8, 0, 1, 5, 0, 4, 2, 3, 1, 8],
            restock: &["BN-COL-250", "BN-KEN-250", "BN-CLD-1K"],
            restock_share: 0.55,
        },
    },
    // Home baristas.
    Archetype {
        share: 22,
        age: (39.0, 6.0),
        income_eur: (82_000.0, 14_000.0),
        education_years: (17.5, 1.5),
        orders_per_year: 7.0,
        taste: Taste {
            bundle_weights: [2, 0, 10, 6, 1, 8, 1, 0, 0, 1, 0],
            restock: &["BN-HSE-1K", "BN-HSE-1K", "BN-ETH-250"],
            restock_share: 0.65,
        },
    },
    // Families.
    Archetype {
        share: 30,
        age: (46.0, 7.0),
        income_eur: (54_000.0, 10_000.0),
        education_years: (13.0, 1.8),
        orders_per_year: 3.0,
        taste: Taste {
            bundle_weights: [1, 1, 1, 1, 1, 1, 2, 10, 8, 6, 1],
            restock: &["BN-FIL-500", "BN-GUA-250", "BN-DEC-250"],
            restock_share: 0.5,
        },
    },
    // Retired connoisseurs.
    Archetype {
        share: 20,
        age: (68.0, 5.0),
        income_eur: (38_000.0, 8_000.0),
        education_years: (14.5, 2.5),
        orders_per_year: 4.0,
        taste: Taste {
            bundle_weights: [10, 1, 1, 1, 0, 1, 5, 2, 2, 3, 0],
            restock: &["BN-ETH-250", "BN-KEN-250", "BN-DEC-250", "BN-GUA-250"],
            restock_share: 0.6,
        },
    },
];

/// Where a person is, and their number there.
pub struct Home {
    pub city: &'static str,
    pub region: &'static str,
    pub country: &'static str,
    pub dial: &'static str,
}

pub fn home(rng: &mut Rng) -> Home {
    let (city, region, country, dial) = *rng.pick(PLACES);
    Home {
        city,
        region,
        country,
        dial,
    }
}

/// The demo's telephone numbers: drawn at random in each country's fictional 555 exchange, but
/// never handed out twice, since a shared number is what the Duplicates view looks for (a demo of
/// 5,000 people had shown 21 strangers as likely the same person). A number already taken moves
/// to the next free line without drawing again, so everything generated after it stays the same.
#[derive(Default)]
pub struct PhoneBook {
    /// Digits only, as the Duplicates view compares numbers.
    taken: HashSet<String>,
}

impl PhoneBook {
    pub fn number(&mut self, rng: &mut Rng, dial: &str) -> String {
        let drawn = rng.below(10_000);
        let mut exchange = 555;
        loop {
            for step in 0..16 {
                let number = format!("{dial} {exchange} {:04}", (drawn + step) % 10_000);
                if self
                    .taken
                    .insert(number.chars().filter(char::is_ascii_digit).collect())
                {
                    return number;
                }
            }
            // A crowded exchange (a demo of a million people): the next one has free lines.
            exchange += 1;
        }
    }
}

/// E-mail local parts are ASCII, as most mail providers require: "José Müller" → "jose.muller".
pub fn ascii_slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ì' | 'î' | 'ï' => Some('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => Some('o'),
            'ú' | 'ù' | 'û' | 'ü' => Some('u'),
            'ñ' | 'ń' => Some('n'),
            'ç' | 'č' | 'ć' => Some('c'),
            'š' | 'ś' => Some('s'),
            'ž' | 'ź' | 'ż' => Some('z'),
            'ř' => Some('r'),
            'ł' => Some('l'),
            'ý' => Some('y'),
            'ě' => Some('e'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            '-' | ' ' => Some('-'),
            _ => None,
        })
        .collect()
}

pub struct Person {
    pub fields: ContactFields,
    pub archetype: usize,
}

/// A consumer customer or prospect of one archetype.
pub fn consumer(rng: &mut Rng, phones: &mut PhoneBook, serial: u64, today: NaiveDate) -> Person {
    let archetype = rng.weighted(&ARCHETYPES.iter().map(|a| a.share).collect::<Vec<_>>());
    let a = &ARCHETYPES[archetype];
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(LAST_NAMES);
    let place = home(rng);
    let age = rng.normal(a.age.0, a.age.1).round().clamp(18.0, 95.0) as i32;
    let income = rng.normal(a.income_eur.0, a.income_eur.1).max(9_000.0);
    let education = rng
        .normal(a.education_years.0, a.education_years.1)
        .round()
        .clamp(8.0, 22.0) as i32;
    // About a third of people told us their birthday; the rest only an age band on a form.
    let birthday = rng.chance(0.35).then(|| {
        use chrono::Datelike;
        let year = today.year() - age - i32::from(rng.chance(0.5));
        NaiveDate::from_yo_opt(year, rng.between(1, 365) as u32).unwrap_or(today)
    });
    let fields = ContactFields {
        first_name: first.into(),
        last_name: last.into(),
        emails: vec![EmailAddress {
            address: format!(
                "{}.{}{}@{}",
                ascii_slug(first),
                ascii_slug(last),
                serial % 1000,
                rng.pick(MAILBOXES)
            ),
            label: "home".into(),
        }],
        phones: if rng.chance(0.7) {
            vec![Phone {
                number: phones.number(rng, place.dial),
                label: "mobile".into(),
            }]
        } else {
            Vec::new()
        },
        company_id: None,
        job_title: String::new(),
        address: Address {
            street: format!("{} {}", rng.between(1, 180), rng.pick(STREETS)),
            city: place.city.into(),
            region: place.region.into(),
            postal_code: format!("{:05}", rng.below(100_000)),
            country: place.country.into(),
        },
        tags: Vec::new(),
        owner: (*rng.pick(STAFF)).into(),
        lead_source: (*rng.pick(LEAD_SOURCES)).into(),
        lifecycle: LifecycleStage::Lead,
        birthday,
        age: birthday.is_none().then_some(age),
        annual_income: Some(Money::new(
            (income.round() as i64 / 100) * 100_00,
            Currency::EUR,
        )),
        education_years: Some(education),
        notes: String::new(),
        custom: Default::default(),
    };
    Person { fields, archetype }
}

/// A person at a business customer.
pub fn colleague(
    rng: &mut Rng,
    phones: &mut PhoneBook,
    company: CompanyId,
    domain: &str,
    dial: &str,
    owner: &str,
) -> ContactFields {
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(LAST_NAMES);
    ContactFields {
        first_name: first.into(),
        last_name: last.into(),
        emails: vec![EmailAddress {
            address: format!("{}.{}@{domain}", ascii_slug(first), ascii_slug(last)),
            label: "work".into(),
        }],
        phones: vec![Phone {
            number: phones.number(rng, dial),
            label: "work".into(),
        }],
        company_id: Some(company),
        job_title: (*rng.pick(JOB_TITLES)).into(),
        owner: owner.into(),
        lead_source: (*rng.pick(LEAD_SOURCES)).into(),
        lifecycle: LifecycleStage::Opportunity,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_people_pass_validation() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let mut rng = Rng::new(42);
        let mut phones = PhoneBook::default();
        for i in 0..2000 {
            let p = consumer(&mut rng, &mut phones, i, today);
            assert!(p.fields.validate(today).is_ok(), "{:?}", p.fields);
        }
        let c = colleague(
            &mut rng,
            &mut phones,
            CompanyId(1),
            "bluebird-cafe.example",
            "+49 30",
            "Tom Becker",
        );
        assert!(c.validate(today).is_ok());
    }

    #[test]
    fn no_number_is_handed_out_twice() {
        let mut rng = Rng::new(7);
        let mut phones = PhoneBook::default();
        // Four exchanges' worth in one country: every line of the first is taken, and more.
        let numbers: HashSet<String> = (0..40_000)
            .map(|_| phones.number(&mut rng, "+44 20"))
            .collect();
        assert_eq!(numbers.len(), 40_000);
        assert!(numbers.contains("+44 20 555 0000"));
        // Another country's numbers are its own, however alike their last digits.
        let mut other = PhoneBook::default();
        let mut again = Rng::new(7);
        assert_eq!(
            phones.number(&mut Rng::new(7), "+1 207"),
            other.number(&mut again, "+1 207")
        );
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(ascii_slug("Dvořák"), "dvorak");
        assert_eq!(ascii_slug("O'Brien"), "obrien");
        assert_eq!(ascii_slug("de Vries"), "de-vries");
    }
}
