//! Two people the demo enters twice, as real workspaces hold them, so the Duplicates view has true
//! pairs to show and merge: a customer who signed up again, typing their e-mail in capitals and
//! their number without spaces, and a buyer at a business customer added again from a business
//! card, with a private address and no number. The copies are made among the last tenth of the people, from the
//! first customer with a phone and the first buyer; nothing is drawn for them, so the rest of the
//! demo is what the same seed gave before.

use super::vocab::MAILBOXES;
use crate::domain::*;

pub struct Twins {
    /// The first serial that may become a copy.
    from_serial: u64,
    customer: Twin<ContactFields>,
    /// With the index of the buyer's company in the world's list.
    buyer: Twin<(usize, ContactFields)>,
}

enum Twin<T> {
    Unseen,
    Seen(T),
    Copied,
}

impl Twins {
    /// For a demo of `people` contacts.
    pub fn new(people: u64) -> Twins {
        Twins {
            from_serial: people - people / 10,
            customer: Twin::Unseen,
            buyer: Twin::Unseen,
        }
    }

    /// Remembers the first customer with a phone, or makes `fields` (of person `serial`) the
    /// second card of that customer.
    pub fn customer(&mut self, serial: u64, fields: &mut ContactFields) {
        match &self.customer {
            Twin::Unseen if !fields.phones.is_empty() => {
                self.customer = Twin::Seen(fields.clone());
            }
            Twin::Seen(first) if serial >= self.from_serial => {
                // The same person: name, age, income, schooling and address; the orders and
                // history the second card gathered are its own.
                fields.first_name = first.first_name.clone();
                fields.last_name = first.last_name.clone();
                fields.birthday = first.birthday;
                fields.age = first.age;
                fields.annual_income = first.annual_income;
                fields.education_years = first.education_years;
                fields.address = first.address.clone();
                fields.emails = first
                    .emails
                    .iter()
                    .map(|e| EmailAddress {
                        address: capitalised(&e.address),
                        label: e.label.clone(),
                    })
                    .collect();
                fields.phones = first
                    .phones
                    .iter()
                    .map(|p| Phone {
                        number: p.number.replace(' ', ""),
                        label: p.label.clone(),
                    })
                    .collect();
                self.customer = Twin::Copied;
            }
            _ => {}
        }
    }

    /// Remembers the first buyer (at the company of index `company`), or makes `fields` (of
    /// person `serial`) the second card of that buyer; returns the index of the company the
    /// person works at then.
    pub fn buyer(&mut self, serial: u64, company: usize, fields: &mut ContactFields) -> usize {
        match &self.buyer {
            Twin::Unseen => {
                self.buyer = Twin::Seen((company, fields.clone()));
                company
            }
            Twin::Seen((at, first)) if serial >= self.from_serial => {
                let at = *at;
                fields.first_name = first.first_name.clone();
                fields.last_name = first.last_name.clone();
                fields.company_id = first.company_id;
                fields.job_title = first.job_title.clone();
                fields.emails = vec![EmailAddress {
                    address: format!(
                        "{}.{}@{}",
                        super::people::ascii_slug(&first.first_name),
                        super::people::ascii_slug(&first.last_name),
                        MAILBOXES[0]
                    ),
                    label: "home".into(),
                }];
                // The card gave no number (one drawn for another company's country would not be
                // theirs).
                fields.phones.clear();
                self.buyer = Twin::Copied;
                at
            }
            _ => company,
        }
    }
}

/// "anna.berg12@mail.example" → "Anna.Berg12@mail.example": how people type their address into
/// a form on a phone that capitalises each word.
fn capitalised(address: &str) -> String {
    let (local, domain) = address.split_once('@').unwrap_or((address, ""));
    let local: Vec<String> = local
        .split('.')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect();
    format!("{}@{domain}", local.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_typed_on_a_phone_has_capitals() {
        assert_eq!(
            capitalised("anna.berg12@mail.example"),
            "Anna.Berg12@mail.example"
        );
        assert_eq!(capitalised("ole@post.example"), "Ole@post.example");
    }
}
