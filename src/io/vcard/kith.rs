//! The contact fields only a CRM has (owner, lead source, lifecycle stage, age, annual income,
//! years of education), carried as Kith's own `X-KITH-` properties: address books ignore them,
//! and a card read back by Kith gets them back, so a trip through a vCard file loses none.

use crate::domain::{ContactFields, LifecycleStage};
use crate::io::csv_import::{income, lifecycle};

const OWNER: &str = "X-KITH-OWNER";
const LEAD_SOURCE: &str = "X-KITH-LEAD-SOURCE";
const LIFECYCLE: &str = "X-KITH-LIFECYCLE";
const AGE: &str = "X-KITH-AGE";
const INCOME: &str = "X-KITH-ANNUAL-INCOME";
const EDUCATION: &str = "X-KITH-EDUCATION-YEARS";
/// When the contact was first recorded, RFC 3339 in UTC: a workspace moved by vCards had every
/// contact added on the day of the move (a CSV or JSON move keeps the day).
pub const CREATED: &str = "X-KITH-CREATED";

/// The day `value` (as [`CREATED`] writes it) says the contact was first recorded, if it is a
/// moment and not one still to come.
pub fn created(value: &str) -> Option<crate::domain::Timestamp> {
    let at = chrono::DateTime::parse_from_rfc3339(value.trim()).ok()?;
    let at = crate::domain::Timestamp::from_utc(at.with_timezone(&chrono::Utc));
    (at <= crate::domain::Timestamp::now()).then_some(at)
}

/// The properties for `f`'s CRM fields that hold something, as unescaped text. The lifecycle
/// stage is written only when it is not the stage every new contact starts in.
pub fn properties(f: &ContactFields) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut text = |property, value: &str| {
        if !value.trim().is_empty() {
            out.push((property, value.to_string()));
        }
    };
    text(OWNER, &f.owner);
    text(LEAD_SOURCE, &f.lead_source);
    if f.lifecycle != ContactFields::default().lifecycle {
        text(LIFECYCLE, f.lifecycle.as_str());
    }
    text(AGE, &f.age.map_or(String::new(), |a| a.to_string()));
    text(
        INCOME,
        &f.annual_income.map_or(String::new(), |m| {
            format!("{} {}", m.to_decimal_string(), m.currency.code())
        }),
    );
    text(
        EDUCATION,
        &f.education_years.map_or(String::new(), |y| y.to_string()),
    );
    out
}

/// Reads one of Kith's properties into `f`, returning false for any other property. A value that
/// does not read (another program's edit, a hand-written card) is kept as a custom field under
/// the field's name, with a notice, rather than dropped.
pub fn read(property: &str, value: &str, f: &mut ContactFields, notices: &mut Vec<String>) -> bool {
    let value = value.trim();
    let read = match property {
        OWNER => {
            value.clone_into(&mut f.owner);
            Ok(())
        }
        LEAD_SOURCE => {
            value.clone_into(&mut f.lead_source);
            Ok(())
        }
        LIFECYCLE => lifecycle(value)
            .map(|stage: LifecycleStage| f.lifecycle = stage)
            .ok_or_else(|| "is no lifecycle stage".to_string()),
        AGE => whole(value).map(|age| f.age = Some(age)),
        INCOME => income(value).map(|money| f.annual_income = Some(money)),
        EDUCATION => whole(value).map(|years| f.education_years = Some(years)),
        _ => return false,
    };
    if let Err(reason) = read
        && !value.is_empty()
    {
        let field = FIELDS
            .iter()
            .find_map(|(p, field)| (*p == property).then_some(*field))
            .unwrap_or(property);
        notices.push(format!(
            "{property} {value:?} {reason}; kept as the custom field \"{field}\""
        ));
        f.custom.insert(field.to_string(), value.to_string());
    }
    true
}

/// The custom field a value that does not read is kept in.
const FIELDS: [(&str, &str); 4] = [
    (LIFECYCLE, "Lifecycle"),
    (AGE, "Age"),
    (INCOME, "Annual income"),
    (EDUCATION, "Years of education"),
];

fn whole(value: &str) -> Result<i32, String> {
    value
        .parse()
        .map_err(|_| "is not a whole number".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Money};

    fn read_all(props: &[(&str, String)]) -> (ContactFields, Vec<String>) {
        let mut f = ContactFields::default();
        let mut notices = Vec::new();
        for (p, v) in props {
            assert!(read(p, v, &mut f, &mut notices), "{p}");
        }
        (f, notices)
    }

    #[test]
    fn every_crm_field_comes_back_as_it_went_out() {
        let f = ContactFields {
            owner: "Sam Rivera".into(),
            lead_source: "Trade fair".into(),
            lifecycle: LifecycleStage::Customer,
            age: Some(42),
            annual_income: Some(Money::new(5_200_050, Currency::new("EUR").unwrap())),
            education_years: Some(16),
            ..Default::default()
        };
        let (back, notices) = read_all(&properties(&f));
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(back, f);
    }

    #[test]
    fn a_new_contact_writes_nothing_of_its_own() {
        assert!(properties(&ContactFields::default()).is_empty());
    }

    #[test]
    fn a_value_that_does_not_read_is_kept_with_a_notice() {
        let (f, notices) = read_all(&[
            (AGE, "forty".into()),
            (INCOME, "52000".into()),
            (LIFECYCLE, "VIP".into()),
        ]);
        assert_eq!(f.age, None);
        assert_eq!(f.custom["Age"], "forty");
        assert_eq!(f.custom["Annual income"], "52000");
        assert_eq!(f.custom["Lifecycle"], "VIP");
        assert_eq!(notices.len(), 3);
        assert!(notices[0].contains("X-KITH-AGE"), "{}", notices[0]);
    }

    #[test]
    fn other_properties_are_left_alone() {
        let mut f = ContactFields::default();
        assert!(!read("X-KITH-FIELD", "a;b", &mut f, &mut Vec::new()));
        assert!(!read("NOTE", "hello", &mut f, &mut Vec::new()));
        assert_eq!(f, ContactFields::default());
    }
}
