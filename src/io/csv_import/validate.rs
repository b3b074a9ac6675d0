//! One CSV row into a contact: each cell read by its column's target, and every problem named by
//! column and field, so the user can fix the cell and import the row again.

use chrono::NaiveDate;

use super::cells::{
    clean, income, label, label_list, lifecycle, outlook_default, split_list, split_name, tags,
    whole_number,
};
use super::dates::{birthday, created_at, no_date};
use super::mapping::{AddressPart, Mapping, Target};
use crate::domain::{Address, ContactFields, EmailAddress, LifecycleStage, Phone, Timestamp};

/// A contact read from one row, with the company it names (matched or created on import) and
/// when the file says it was first recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub fields: ContactFields,
    pub company: Option<String>,
    pub created: Option<Timestamp>,
}

/// A problem with one cell (or the row as a whole when `column` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    pub column: Option<usize>,
    pub field: String,
    pub reason: String,
}

/// One address group of a row ("business", "home"): its name, its parts, and the cells it came
/// from (kept as custom fields when another group is the address).
type AddressGroup = (String, Address, Vec<(String, String)>);

/// Reads a row; `Ok(None)` for a blank row (spreadsheets leave them at the end). Dates are checked
/// against `today` (nobody was recorded in the future). A row with cells that cannot be read comes
/// back with their problems and the record read from its other cells, so the row's report can
/// name every problem at once (a bad e-mail beside a bad birthday), not one per attempt.
pub fn record(
    mapping: &Mapping,
    headers: &[String],
    cells: &[String],
    today: NaiveDate,
) -> Result<Option<Record>, (Vec<CellProblem>, Box<Record>)> {
    let mut problems = Vec::new();
    if cells.iter().all(|c| c.trim().is_empty()) {
        return Ok(None);
    }
    if cells.len() > headers.len() && cells[headers.len()..].iter().any(|c| !c.trim().is_empty()) {
        problems.push(CellProblem {
            column: None,
            field: "row".into(),
            reason: format!(
                "has {} cells but the header has {} columns (a separator inside an unquoted value?)",
                cells.len(),
                headers.len()
            ),
        });
    }
    let mut f = ContactFields::default();
    let mut company = None;
    let mut created = None;
    let mut full_name = None;
    // Slot → (value, label) in column order; labels may come before or after their value.
    let mut emails: Vec<Entry> = Vec::new();
    let mut phones: Vec<Entry> = Vec::new();
    let mut addresses: Vec<AddressGroup> = Vec::new();
    let mut email_labels: Vec<String> = Vec::new();
    let mut phone_labels: Vec<String> = Vec::new();
    for (i, target) in mapping.targets.iter().enumerate() {
        let Some(raw) = cells.get(i) else { break };
        let value = clean(raw);
        // Outlook fills columns nobody used with its defaults: "0/0/00", "Normal", "False".
        if value.is_empty() || no_date(&value) {
            continue;
        }
        let header = headers.get(i).map(String::as_str).unwrap_or("");
        let mut fail = |field: &str, reason: String| {
            problems.push(CellProblem {
                column: Some(i),
                field: field.to_string(),
                reason,
            })
        };
        match target {
            // Two columns mapped to one field (a profile's choice) both count: their words join.
            Target::FirstName => join_words(&mut f.first_name, value),
            Target::LastName => join_words(&mut f.last_name, value),
            Target::FullName => join_words(full_name.get_or_insert_default(), value),
            Target::Company => join_words(company.get_or_insert_default(), value),
            Target::JobTitle => join_words(&mut f.job_title, value),
            Target::Email(slot) => {
                // Google puts several values in one cell ("a@x.org ::: b@y.org"), people type
                // "a@x.org; b@y.org": all share the slot (and its label), in order.
                for v in split_list(&value, true) {
                    let v = match v.get(..7) {
                        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => {
                            v[7..].to_string()
                        }
                        _ => v,
                    };
                    // Outlook exports a contact from an Exchange directory with its X.500 name
                    // ("/o=ExchangeLabs/…/cn=…") in place of an address: kept, but not as e-mail.
                    if v.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("/o=")) {
                        let key = free_key(&f.custom, "Exchange address");
                        f.custom.insert(key, v);
                        continue;
                    }
                    value_entry(&mut emails, slot).0 = v;
                }
            }
            // Without a slot: the labels of the unnamed e-mails, in order (Kith's own export).
            Target::EmailLabel(slot) if slot.is_empty() => email_labels.extend(label_list(&value)),
            Target::EmailLabel(slot) => label_slot(&mut emails, slot, &value),
            Target::Phone(slot) => {
                for v in split_list(&value, false) {
                    value_entry(&mut phones, slot).0 = v;
                }
            }
            Target::PhoneLabel(slot) if slot.is_empty() => phone_labels.extend(label_list(&value)),
            Target::PhoneLabel(slot) => label_slot(&mut phones, slot, &value),
            Target::Address(part, group) => {
                let entry = match addresses.iter_mut().position(|a| &a.0 == group) {
                    Some(p) => &mut addresses[p],
                    None => {
                        addresses.push((group.clone(), Address::default(), Vec::new()));
                        addresses.last_mut().expect("just pushed")
                    }
                };
                entry.2.push((header.to_string(), value.clone()));
                let a = &mut entry.1;
                match part {
                    AddressPart::Street => a.street = join_line(&a.street, &value),
                    AddressPart::City => a.city = value,
                    AddressPart::Region => a.region = value,
                    AddressPart::PostalCode => a.postal_code = value,
                    AddressPart::Country => a.country = value,
                }
            }
            Target::Owner => join_words(&mut f.owner, value),
            Target::LeadSource => join_words(&mut f.lead_source, value),
            Target::Lifecycle => match lifecycle(&value) {
                Some(stage) => f.lifecycle = stage,
                None => fail(
                    "lifecycle",
                    crate::domain::Problem::UnknownChoice(
                        value.clone(),
                        LifecycleStage::ALL
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                    .to_string(),
                ),
            },
            Target::Birthday => match birthday(&value, mapping.slashes) {
                Ok(Some(d)) => f.birthday = Some(d),
                // A day without a year ("--05-17") cannot be a birthday here; keep it as written.
                Ok(None) => {
                    f.custom.insert(header.trim().to_string(), value);
                }
                Err(reason) => fail("birthday", reason),
            },
            Target::Created => match created_at(&value, today, mapping.slashes) {
                Ok(at) => created = Some(at),
                Err(reason) => fail("created_at", reason),
            },
            Target::Age => match whole_number(&value) {
                Some(age) => f.age = Some(age),
                None => fail("age", format!("{value:?} is not a whole number of years")),
            },
            Target::EducationYears => match whole_number(&value) {
                Some(years) => f.education_years = Some(years),
                None => fail(
                    "education_years",
                    format!("{value:?} is not a whole number of years"),
                ),
            },
            Target::Income => match income(&value) {
                Ok(money) => f.annual_income = Some(money),
                Err(reason) => fail("annual_income", reason),
            },
            Target::Notes => f.notes = join_para(&f.notes, &value),
            Target::Tags => f.tags.extend(tags(&value)),
            Target::Custom(_) if outlook_default(header, &value) => {}
            Target::Custom(name) => {
                // Two columns with one header ("Interest", "Interest") keep both values.
                let key = free_key(&f.custom, name);
                f.custom.insert(key, value);
            }
            Target::Ignore => {}
        }
    }
    if let Some(name) = full_name {
        if f.first_name.is_empty() && f.last_name.is_empty() {
            (f.first_name, f.last_name) = split_name(&name);
        } else if !crate::io::names::said_by_parts(&name, &f) {
            // An older Google export's "Name" beside "Given Name" and "Family Name": kept where
            // it says more than they do ("Li Wei" for given name Wei, family name Li).
            let key = free_key(&f.custom, crate::io::names::DISPLAY_NAME);
            f.custom.insert(key, name);
        }
    }
    label_unnamed(&mut emails, email_labels);
    label_unnamed(&mut phones, phone_labels);
    share_slot_labels(&mut emails);
    share_slot_labels(&mut phones);
    f.emails = emails
        .into_iter()
        .filter(|(v, _, _)| !v.is_empty())
        .map(|(address, slot, label)| EmailAddress {
            address,
            label: label.unwrap_or_else(|| slot_label(&slot)),
        })
        .collect();
    f.phones = phones
        .into_iter()
        .filter(|(v, _, _)| !v.is_empty())
        .map(|(number, slot, label)| Phone {
            number,
            label: label.unwrap_or_else(|| slot_label(&slot)),
        })
        .collect();
    // The first group with any part is the address; later ones are kept as custom fields.
    let mut groups = addresses.into_iter();
    if let Some((_, a, _)) = groups.next() {
        f.address = a;
    }
    for (_, _, cells) in groups {
        for (header, value) in cells {
            f.custom.insert(header.trim().to_string(), value);
        }
    }
    let record = Record {
        fields: f,
        company,
        created,
    };
    if problems.is_empty() {
        Ok(Some(record))
    } else {
        Err((problems, Box::new(record)))
    }
}

/// `value` added to a single-valued field: it fills an empty one, or follows what is there.
fn join_words(field: &mut String, value: String) {
    if field.is_empty() {
        *field = value;
    } else {
        field.push(' ');
        field.push_str(&value);
    }
}

/// `name`, or "name 2", "name 3" … when a value is already kept under it.
fn free_key(custom: &std::collections::BTreeMap<String, String>, name: &str) -> String {
    if !custom.contains_key(name) {
        return name.to_string();
    }
    (2..)
        .map(|n| format!("{name} {n}"))
        .find(|k| !custom.contains_key(k))
        .unwrap_or_else(|| name.to_string())
}

type Entry = (String, String, Option<String>);

/// Where a value of `slot` goes. Unnamed slots fill in order (a second "Email" column is the
/// second address); a named slot that already has a value gets another entry, because Outlook
/// writes "Business Phone" and "Business Phone 2", both work numbers.
fn value_entry<'a>(list: &'a mut Vec<Entry>, slot: &str) -> &'a mut Entry {
    let found = if slot.is_empty() {
        list.iter().position(|e| e.1.is_empty() && e.0.is_empty())
    } else {
        list.iter().position(|e| e.1 == slot && e.0.is_empty())
    };
    entry_at(list, found, slot)
}

/// The labels of a named slot's values: one label for them all ("* Work"), or one per value
/// ("Work ::: Home"), in order; the label column may come before or after the values'.
fn label_slot(list: &mut Vec<Entry>, slot: &str, value: &str) {
    let labels: Vec<String> = value.split(":::").map(label).collect();
    let mut entries: Vec<usize> = (0..list.len()).filter(|&i| list[i].1 == slot).collect();
    // Labels before their values: places the values will fill, in order.
    while entries.len() < labels.len() {
        entries.push(entry_index(list, slot));
    }
    for (i, l) in entries.into_iter().zip(labels) {
        list[i].2 = Some(l);
    }
}

/// Gives values that share a named slot, but came without a label of their own, the slot's
/// label: Google's "E-mail 1 - Label" names every address in "E-mail 1 - Value".
fn share_slot_labels(list: &mut [Entry]) {
    for i in 0..list.len() {
        if list[i].2.is_none() && !list[i].1.is_empty() {
            let slot = &list[i].1;
            let shared = list.iter().find(|e| &e.1 == slot && e.2.is_some());
            list[i].2 = shared.and_then(|e| e.2.clone());
        }
    }
}

/// A new, empty entry of `slot`, by its place in the list.
fn entry_index(list: &mut Vec<Entry>, slot: &str) -> usize {
    list.push((String::new(), slot.to_string(), None));
    list.len() - 1
}

fn entry_at<'a>(list: &'a mut Vec<Entry>, found: Option<usize>, slot: &str) -> &'a mut Entry {
    let at = found.unwrap_or_else(|| entry_index(list, slot));
    &mut list[at]
}

/// Gives the values that came without a slot (a list column's) the labels of a label list, in
/// order; a value that has a label of its own keeps it.
fn label_unnamed(list: &mut [(String, String, Option<String>)], labels: Vec<String>) {
    let unnamed = list
        .iter_mut()
        .filter(|e| e.1.is_empty() && !e.0.is_empty());
    for (entry, label) in unnamed.zip(labels) {
        entry.2.get_or_insert(label);
    }
}

/// A slot named by a word ("work", "mobile") is the label; a number is not.
fn slot_label(slot: &str) -> String {
    if slot.chars().all(|c| c.is_ascii_digit()) {
        String::new()
    } else {
        slot.to_string()
    }
}

fn join_line(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}, {b}")
    }
}

fn join_para(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}\n\n{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Money};
    use crate::io::csv_import::mapping::propose;

    fn read(headers: &[&str], cells: &[&str]) -> Result<Option<Record>, Vec<CellProblem>> {
        let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        let c: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        record(&propose(&h), &h, &c, today).map_err(|(problems, _)| problems)
    }

    #[test]
    fn google_labels_become_email_and_phone_labels() {
        let r = read(
            &[
                "Name",
                "E-mail 1 - Label",
                "E-mail 1 - Value",
                "Phone 1 - Label",
                "Phone 1 - Value",
            ],
            &[
                "Ada Lovelace",
                "* Work",
                "ada@example.org",
                "Mobile",
                "+44 20 7946 0958",
            ],
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (r.fields.first_name.as_str(), r.fields.last_name.as_str()),
            ("Ada", "Lovelace")
        );
        assert_eq!(r.fields.emails[0].label, "work");
        assert_eq!(r.fields.phones[0].label, "mobile");
    }

    #[test]
    fn a_full_name_beside_its_parts_is_kept_only_where_it_says_more() {
        let headers = [
            "Name",
            "Given Name",
            "Additional Name",
            "Family Name",
            "Name Suffix",
        ];
        let r = read(
            &headers,
            &["Ada A. Lovelace Jr.", "Ada", "A.", "Lovelace", "Jr."],
        );
        let f = r.unwrap().unwrap().fields;
        assert_eq!(
            (f.first_name.as_str(), f.last_name.as_str()),
            ("Ada", "Lovelace")
        );
        assert!(!f.custom.contains_key("Display name"), "{:?}", f.custom);
        let r = read(&headers, &["Li Wei", "Wei", "", "Li", ""]);
        let f = r.unwrap().unwrap().fields;
        assert_eq!((f.first_name.as_str(), f.last_name.as_str()), ("Wei", "Li"));
        assert_eq!(
            f.custom.get("Display name").map(String::as_str),
            Some("Li Wei")
        );
        // Without its parts the full name is split, as before.
        let r = read(&headers, &["Grace Hopper", "", "", "", ""]);
        let f = r.unwrap().unwrap().fields;
        assert_eq!(
            (f.first_name.as_str(), f.last_name.as_str()),
            ("Grace", "Hopper")
        );
        assert!(f.custom.is_empty(), "{:?}", f.custom);
    }

    #[test]
    fn age_income_and_education_are_read_with_their_units() {
        let r = read(
            &["Name", "Age", "Annual income", "Years of education"],
            &["Ada Lovelace", "36", "EUR 52,000.50", "12"],
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.fields.age, Some(36));
        assert_eq!(
            r.fields.annual_income,
            Some(Money::new(52_000_50, Currency::EUR))
        );
        assert_eq!(r.fields.education_years, Some(12));
        let err = read(&["Name", "income", "age"], &["Ada", "52000", "old"]).unwrap_err();
        let fields: Vec<&str> = err.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["annual_income", "age"]);
        assert!(err[0].reason.contains("currency"), "{}", err[0].reason);
        // Short or odd values are refused by name, never a panic (the fuzz test found "ab").
        for odd in ["ab", "EUR", "€5", "5€", "12 €uro"] {
            let err = read(&["Name", "income"], &["Ada", odd]).unwrap_err();
            assert_eq!(err[0].field, "annual_income", "{odd}");
        }
    }

    #[test]
    fn outlooks_defaults_are_not_kept_as_custom_fields() {
        let headers = [
            "Name",
            "Priority",
            "Sensitivity",
            "Gender",
            "Private",
            "Anniversary",
            "E-mail Type",
        ];
        let r = read(
            &headers,
            &[
                "Ada",
                "Normal",
                "Normal",
                "Unspecified",
                "False",
                "0/0/00",
                "SMTP",
            ],
        )
        .unwrap()
        .unwrap();
        assert!(r.fields.custom.is_empty(), "{:?}", r.fields.custom);
        let r = read(
            &headers,
            &[
                "Ada", "High", "Private", "Female", "True", "5/1/2010", "SMTP",
            ],
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.fields.custom.len(), 5, "what was chosen stays");
    }

    #[test]
    fn a_label_list_labels_the_unnamed_values_in_order() {
        let r = read(
            &["Name", "emails", "email_labels", "phones", "phone_labels"],
            &[
                "Ada Lovelace",
                "ada@home.example; ada@work.example",
                " ::: Work desk",
                "+44 1 ::: +44 2 ::: +44 3",
                "mobile :::  ::: ",
            ],
        )
        .unwrap()
        .unwrap();
        let emails: Vec<(&str, &str)> = r
            .fields
            .emails
            .iter()
            .map(|e| (e.address.as_str(), e.label.as_str()))
            .collect();
        assert_eq!(
            emails,
            [("ada@home.example", ""), ("ada@work.example", "Work desk")]
        );
        let phones: Vec<&str> = r.fields.phones.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(phones, ["mobile", "", ""]);
    }

    #[test]
    fn a_bad_cell_is_named_by_column_and_field() {
        let err = read(
            &["Name", "Birthday", "Lifecycle Stage"],
            &["Ada", "soon", "marketingqualifiedlead"],
        )
        .unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(
            (err[0].column, err[0].field.as_str()),
            (Some(1), "birthday")
        );
    }

    #[test]
    fn blank_rows_are_skipped_and_stray_cells_reported() {
        assert_eq!(read(&["Name"], &["", " "]), Ok(None));
        let err = read(&["Name", "Email"], &["Ada", "a@b.org", "extra"]).unwrap_err();
        assert_eq!(err[0].field, "row");
    }

    #[test]
    fn a_second_address_group_is_kept_in_custom_fields() {
        let r = read(
            &["First Name", "Business City", "Home City", "Home Street"],
            &["Ada", "London", "Oxford", "1 High St"],
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.fields.address.city, "London");
        assert_eq!(r.fields.custom["Home City"], "Oxford");
        assert_eq!(r.fields.custom["Home Street"], "1 High St");
    }

    #[test]
    fn repeated_and_unnamed_columns_keep_every_value() {
        let r = read(
            &["First Name", "Email", "Interest", "Interest", ""],
            &["Ada", "mailto:ada@x.org", "Math", "Poetry", "loose"],
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.fields.emails[0].address, "ada@x.org");
        assert_eq!(r.fields.custom["Interest"], "Math");
        assert_eq!(r.fields.custom["Interest 2"], "Poetry");
        assert_eq!(r.fields.custom["Column 5"], "loose");
    }

    #[test]
    fn an_exchange_directory_name_is_kept_but_not_as_an_address() {
        let r = read(
            &["First Name", "E-mail Address", "E-mail 2 Address"],
            &[
                "Ada",
                "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=ada",
                "ada@x.org",
            ],
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.fields.emails.len(), 1);
        assert_eq!(r.fields.emails[0].address, "ada@x.org");
        assert!(r.fields.custom["Exchange address"].starts_with("/o=ExchangeLabs"));
    }

    #[test]
    fn formula_guards_from_exports_are_removed() {
        assert_eq!(clean("'\tindented"), "indented");
        assert_eq!(clean("'+44 1"), "+44 1");
        assert_eq!(clean("'quoted'"), "'quoted'");
    }
}
