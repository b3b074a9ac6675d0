//! The typed form read as a contact's fields: text parsed (dates, numbers, money), lists kept in
//! order with their stored labels, and every problem found at once, parsing first, then the
//! domain's validation.

use super::{ContactForm, TextField};
use crate::domain::validation::{Invalid, Problem};
use crate::domain::{ContactFields, Currency, EmailAddress, LifecycleStage, Money, Phone};

impl ContactForm {
    /// The typed form as domain fields, or every problem found (parsing first, then validation).
    pub(super) fn fields(&self) -> Result<ContactFields, Invalid> {
        let mut problems = Vec::new();
        let t = |f: TextField| self.text(f).trim().to_string();
        let mut fields = self.base.clone();
        fields.first_name = t(TextField::FirstName);
        fields.last_name = t(TextField::LastName);
        fields.job_title = t(TextField::JobTitle);
        fields.owner = t(TextField::Owner);
        fields.lead_source = t(TextField::LeadSource);
        fields.address.street = t(TextField::Street);
        fields.address.postal_code = t(TextField::PostalCode);
        fields.address.city = t(TextField::City);
        fields.address.region = t(TextField::Region);
        fields.address.country = t(TextField::Country);
        fields.lifecycle = self.draft.lifecycle.unwrap_or(LifecycleStage::Lead);
        fields.tags = self.draft.tags.clone();
        fields.notes = self.draft.notes.trim_end().to_string();
        fields.emails = keep_labels(
            &self.draft.emails,
            &self.base.emails,
            |address, label| EmailAddress { address, label },
            |e| (&e.address, &e.label),
        );
        fields.phones = keep_labels(
            &self.draft.phones,
            &self.base.phones,
            |number, label| Phone { number, label },
            |p| (&p.number, &p.label),
        );
        fields.custom = self
            .draft
            .custom
            .iter()
            .filter(|(k, v)| !(k.trim().is_empty() && v.trim().is_empty()))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let mut parse =
            |field: &'static str, text: String, f: &mut dyn FnMut(&str) -> Result<(), Problem>| {
                if !text.is_empty()
                    && let Err(p) = f(&text)
                {
                    problems.push((field, p));
                }
            };
        fields.birthday = None;
        parse("birthday", t(TextField::Birthday), &mut |s| {
            fields.birthday =
                Some(crate::domain::time::typed_day(s).ok_or_else(|| Problem::BadDate(s.into()))?);
            Ok(())
        });
        fields.age = None;
        parse("age", t(TextField::Age), &mut |s| {
            fields.age = Some(s.parse().map_err(|_| Problem::NotWholeNumber(s.into()))?);
            Ok(())
        });
        fields.education_years = None;
        parse("education_years", t(TextField::EducationYears), &mut |s| {
            fields.education_years =
                Some(s.parse().map_err(|_| Problem::NotWholeNumber(s.into()))?);
            Ok(())
        });
        fields.annual_income = None;
        // The currency is checked at its own field, and the amount at its own, both at once.
        let mut currency = Currency::EUR;
        parse("currency", t(TextField::Currency), &mut |s| {
            currency = Currency::new(s)?;
            Ok(())
        });
        parse("annual_income", t(TextField::Income), &mut |s| {
            fields.annual_income = Some(Money::parse(s, currency)?);
            Ok(())
        });
        let today = chrono::Local::now().date_naive();
        // An age and a birthday typed here must agree ("Birthday 1 Mar 1990 · Age 10" was saved).
        // Only when one of them is typed now: an imported age that has since grown stale does
        // not stop an edit of something else.
        let typed = |f: TextField| {
            self.original.text.get(&f).map_or("", |s| s.trim()) != self.text(f).trim()
        };
        if let (Some(born), Some(age)) = (fields.birthday, fields.age)
            && (typed(TextField::Age) || typed(TextField::Birthday))
        {
            let real = crate::domain::time::age_on(born, today);
            if (i64::from(age) - i64::from(real)).abs() > 1 {
                problems.push((
                    "age",
                    Problem::NotAllowed(format!(
                        "{age} disagrees with the birthday, which makes {real} today; correct \
                         one of them, or leave Age empty"
                    )),
                ));
            }
        }
        // Cleaned as the store will clean it before it is judged: an address pasted with a
        // zero-width space in it was refused here, though the store would have taken it out.
        let fields = fields.normalized();
        let mut invalid = fields
            .validate(today)
            .err()
            .map(|i| i.errors)
            .unwrap_or_default();
        invalid.extend(
            problems
                .into_iter()
                .map(|(field, problem)| crate::domain::FieldError { field, problem }),
        );
        if invalid.is_empty() {
            Ok(fields)
        } else {
            Err(Invalid { errors: invalid })
        }
    }
}

/// The typed values in order, dropping blank ones, each with its stored label: the label of the
/// same value wherever it now stands, else of the value that stood in its place and was edited
/// there. (By place alone, removing the first address gave its label to the next, and the
/// "work" of the third went to nobody.)
fn keep_labels<T>(
    typed: &[String],
    stored: &[T],
    make: impl Fn(String, String) -> T,
    parts: impl Fn(&T) -> (&String, &String),
) -> Vec<T> {
    let same = |s: &T, v: &str| parts(s).0.trim().eq_ignore_ascii_case(v.trim());
    let still_typed = |s: &T| typed.iter().any(|v| same(s, v));
    typed
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(i, v)| {
            let kept = stored
                .iter()
                .find(|s| same(s, v))
                .or_else(|| stored.get(i).filter(|s| !still_typed(s)));
            make(
                v.trim().to_string(),
                kept.map(|s| parts(s).1.clone()).unwrap_or_default(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(address: &str, label: &str) -> EmailAddress {
        EmailAddress {
            address: address.into(),
            label: label.into(),
        }
    }

    fn kept(typed: &[&str], stored: &[EmailAddress]) -> Vec<EmailAddress> {
        let typed: Vec<String> = typed.iter().map(|t| t.to_string()).collect();
        keep_labels(
            &typed,
            stored,
            |address, label| EmailAddress { address, label },
            |e| (&e.address, &e.label),
        )
    }

    #[test]
    fn labels_follow_their_addresses_and_an_address_edited_in_place() {
        let stored = [
            mail("q@x.example", ""),
            mail("r@x.example", ""),
            mail("p@x.example", "work"),
        ];
        // The first removed: p keeps "work", r takes nothing of q's.
        assert_eq!(
            kept(&["r@x.example", "p@x.example"], &stored),
            [mail("r@x.example", ""), mail("p@x.example", "work")]
        );
        // A new address where the removed "home" one stood takes no label of it.
        let stored = [mail("a@x.example", "home"), mail("b@x.example", "")];
        assert_eq!(
            kept(&["b@x.example", "new@x.example"], &stored),
            [mail("b@x.example", ""), mail("new@x.example", "")]
        );
        // An address corrected where it stands keeps its label.
        assert_eq!(
            kept(&["a@y.example", "b@x.example"], &stored),
            [mail("a@y.example", "home"), mail("b@x.example", "")]
        );
    }
}
