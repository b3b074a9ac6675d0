//! One record merged into the contact it matched: whether the two can be one person by their
//! names, and the fields they make together, so an import never loses what either side held.

use crate::domain::sort_key::{sort_key, spelt_out_key};
use crate::domain::*;

/// Whether two records with one e-mail address can be one person: each part of the name is
/// missing on one side, the same (ignoring case, dots and accents, an umlaut spelt out or not:
/// "José García" is "Jose Garcia", "Müller" is "Mueller"), or an initial of the other ("J." and
/// "Jane"). "Anna Baker" and "Tom Baker" at info@ are two people.
pub fn names_agree(a: &ContactFields, b: &ContactFields) -> bool {
    if named_by_address(a) || named_by_address(b) {
        return true;
    }
    fn part_agrees(a: &str, b: &str) -> bool {
        let part = |s: &str| s.trim().trim_end_matches('.').to_string();
        let (a, b) = (part(a), part(b));
        if a.is_empty() || b.is_empty() || spelt_out_key(&a) == spelt_out_key(&b) {
            return true;
        }
        let (a, b) = (sort_key(&a), sort_key(&b));
        if a == b {
            return true;
        }
        let initial =
            |short: &str, long: &str| short.chars().count() == 1 && long.starts_with(short);
        initial(&a, &b) || initial(&b, &a)
    }
    part_agrees(&a.first_name, &b.first_name) && part_agrees(&a.last_name, &b.last_name)
}

/// Whether a contact's only name is one of its own addresses or numbers (see [`check`]): it has
/// no name of its own to disagree with.
fn named_by_address(f: &ContactFields) -> bool {
    let last = f.last_name.trim();
    f.first_name.trim().is_empty()
        && !last.is_empty()
        && (f
            .emails
            .iter()
            .any(|e| e.address.eq_ignore_ascii_case(last))
            || f.phones.iter().any(|p| p.number.trim() == last))
}

/// `old` with every non-empty value of `new`; lists are joined without repeats and notes appended,
/// so merging never loses what either side held.
pub fn merged(old: &ContactFields, new: ContactFields) -> ContactFields {
    let mut m = old.clone();
    // A real name, arriving for a contact named by its address, replaces the stand-in whole.
    if named_by_address(old) && !named_by_address(&new) && !new.full_name().trim().is_empty() {
        m.last_name.clear();
    }
    let take = |dst: &mut String, src: String| {
        if !src.trim().is_empty() {
            *dst = src;
        }
    };
    // A name is not cut back to the initial it agreed with ("A." does not replace "Anna"), nor
    // written over by the same name spelt worse: in capitals (or small letters) over the name
    // properly cased — "RENÉE" from a shouting row leaves "Renée", while "Renée" mends "RENÉE" —
    // or without the accents it had ("Mueller" and "Garcia" from a system that lost them leave
    // "Müller" and "García", which mend them in turn).
    let take_name = |dst: &mut String, src: String| {
        let initial = src.trim().trim_end_matches('.');
        let shortens = initial.chars().count() == 1
            && dst.to_lowercase().starts_with(&initial.to_lowercase())
            && dst.trim().chars().count() > 1;
        let (new, old) = (src.trim(), dst.trim());
        let alike = sort_key(new) == sort_key(old) || spelt_out_key(new) == spelt_out_key(old);
        let one_case = |s: &str| s == s.to_uppercase() || s == s.to_lowercase();
        let accents = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
        let worse = alike && ((one_case(new) && !one_case(old)) || accents(new) < accents(old));
        if !shortens && !worse {
            take(dst, src);
        }
    };
    // A record named by its own address (a mailing list's row, a card with only EMAIL) brings
    // no name: its stand-in had replaced "Müller", and the next import of the real row matched
    // nothing and made a second Klaus.
    if !named_by_address(&new) {
        take_name(&mut m.first_name, new.first_name);
        take_name(&mut m.last_name, new.last_name);
    }
    take(&mut m.job_title, new.job_title);
    take(&mut m.owner, new.owner);
    take(&mut m.lead_source, new.lead_source);
    for e in new.emails {
        match m
            .emails
            .iter_mut()
            .find(|x| x.address.eq_ignore_ascii_case(&e.address))
        {
            // The same address, labelled where the one kept was not ("work" from a phone's card).
            Some(kept) if kept.label.trim().is_empty() => kept.label = e.label,
            Some(_) => {}
            None => m.emails.push(e),
        }
    }
    // One number however written: "+1 415 555 0142" is "(415) 555-0142".
    let key = |s: &str| {
        crate::domain::duplicate::phone_key(s)
            .unwrap_or_else(|| s.chars().filter(char::is_ascii_digit).collect())
    };
    // The same number written twice keeps the fuller spelling: the one with its country code
    // (dialled from anywhere), and a label where the one kept had none.
    let international = |n: &str| {
        let n = n.trim_start();
        n.starts_with('+') || n.starts_with("00")
    };
    for p in new.phones {
        match m
            .phones
            .iter_mut()
            .find(|x| key(&x.number) == key(&p.number))
        {
            Some(same) => {
                if international(&p.number) && !international(&same.number) {
                    same.number = p.number;
                }
                if same.label.trim().is_empty() {
                    same.label = p.label;
                }
            }
            None => m.phones.push(p),
        }
    }
    for t in new.tags {
        if !m.tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            m.tags.push(t);
        }
    }
    m.company_id = new.company_id.or(m.company_id);
    m.address = merged_address(&m.address, new.address);
    if new.lifecycle != LifecycleStage::default_for_import() {
        m.lifecycle = new.lifecycle;
    }
    m.birthday = new.birthday.or(m.birthday);
    m.age = new.age.or(m.age);
    m.annual_income = new.annual_income.or(m.annual_income);
    m.education_years = new.education_years.or(m.education_years);
    let note = new.notes.trim();
    if !note.is_empty() && !m.notes.contains(note) {
        if m.notes.trim().is_empty() {
            m.notes = note.to_string();
        } else {
            m.notes = format!("{}\n\n{note}", m.notes.trim_end());
        }
    }
    // A field named as the record already names it but for capitals is that field: Kith's own
    // vCard export writes an Outlook file's "Middle Name" as N's middle part, which reads back
    // as "Middle name", and the contact had come back with both.
    for (field, value) in new.custom {
        let same = |k: &String| k.trim().to_lowercase() == field.trim().to_lowercase();
        let named = m.custom.keys().find(|k| same(k)).cloned();
        m.custom.insert(named.unwrap_or(field), value);
    }
    m
}

/// `new`'s address with `old`'s. The same place said with less — Outlook's "Berlin" and
/// "Deutschland" for the street, postcode and city a Salesforce report gave — fills in what
/// `old` lacks and loses nothing (the street and postcode had been emptied without a word);
/// another place, a street, postcode or city that differs, replaces it whole, as a move does.
fn merged_address(old: &Address, new: Address) -> Address {
    // Written alike but for case, spacing and line breaks: a CSV's CR LF read back from Kith's
    // own vCard as LF had counted as another street.
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let agree = |a: &str, b: &str| a.trim().is_empty() || b.trim().is_empty() || norm(a) == norm(b);
    let same_place = agree(&old.street, &new.street)
        && agree(&old.postal_code, &new.postal_code)
        && agree(&old.city, &new.city);
    if !same_place {
        return new;
    }
    let kept = |old: &String, new: String| {
        if old.trim().is_empty() {
            new
        } else {
            old.clone()
        }
    };
    Address {
        street: kept(&old.street, new.street),
        city: kept(&old.city, new.city),
        region: kept(&old.region, new.region),
        postal_code: kept(&old.postal_code, new.postal_code),
        country: kept(&old.country, new.country),
    }
}

impl LifecycleStage {
    /// The stage a record gets when the file says nothing: merging keeps the existing stage then.
    pub fn default_for_import() -> Self {
        LifecycleStage::Lead
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(first: &str, last: &str) -> ContactFields {
        ContactFields {
            first_name: first.into(),
            last_name: last.into(),
            ..ContactFields::default()
        }
    }

    fn address(street: &str, city: &str, region: &str, postal: &str, country: &str) -> Address {
        Address {
            street: street.into(),
            city: city.into(),
            region: region.into(),
            postal_code: postal.into(),
            country: country.into(),
        }
    }

    #[test]
    fn a_partial_address_of_the_same_place_fills_in_and_another_place_replaces() {
        let held = address(
            "Friedrichstraße 23\r\nHinterhaus",
            "Berlin",
            "Berlin",
            "10117",
            "Germany",
        );
        // Outlook's city and country alone: the street, postcode and region stay.
        let partial = address("", "BERLIN", "", "", "Deutschland");
        assert_eq!(merged_address(&held, partial), held);
        // The same street with other line breaks is the same street.
        let same = address("Friedrichstraße 23\nHinterhaus", "Berlin", "", "", "");
        assert_eq!(merged_address(&held, same), held);
        // What the held address lacks is filled in.
        let bare = address("", "Berlin", "", "", "");
        let fuller = address("", "Berlin", "Berlin", "10117", "Germany");
        assert_eq!(merged_address(&bare, fuller.clone()), fuller);
        // Another city is a move: the new address whole, the old street not kept with it.
        let moved = address("", "Hamburg", "", "", "Germany");
        assert_eq!(merged_address(&held, moved.clone()), moved);
        let empty = Address::default();
        assert_eq!(merged_address(&held, empty), held);
    }

    #[test]
    fn names_agree_when_each_part_is_missing_the_same_or_an_initial() {
        assert!(names_agree(
            &named("Anna", "Baker"),
            &named("anna", "BAKER")
        ));
        assert!(names_agree(&named("Anna", "Baker"), &named("", "Baker")));
        assert!(names_agree(&named("Anna", "Baker"), &named("A.", "Baker")));
        assert!(names_agree(&named("Anna", ""), &named("Anna", "Baker")));
        assert!(!names_agree(
            &named("Anna", "Baker"),
            &named("Tom", "Baker")
        ));
        assert!(!names_agree(&named("Jane", "Doe"), &named("Jim", "Doe")));
        assert!(names_agree(
            &named("José", "García"),
            &named("Jose", "Garcia")
        ));
        assert!(names_agree(
            &named("Hans", "Müller"),
            &named("HANS", "Mueller")
        ));
        assert!(names_agree(&named("Émile", "Zola"), &named("e.", "Zola")));
        assert!(!names_agree(
            &named("Hans", "Müller"),
            &named("Hans", "Miller")
        ));
        assert!(!names_agree(
            &named("Ada", "Lovelace"),
            &named("Ada", "King")
        ));
    }

    #[test]
    fn a_name_in_capitals_does_not_replace_the_same_name_properly_cased() {
        let m = merged(&named("Renée", "Dubois"), named("RENÉE", "DUBOIS"));
        assert_eq!(
            (m.first_name.as_str(), m.last_name.as_str()),
            ("Renée", "Dubois")
        );
        let m = merged(&named("RENÉE", "dubois"), named("Renée", "Dubois"));
        assert_eq!(
            (m.first_name.as_str(), m.last_name.as_str()),
            ("Renée", "Dubois")
        );
        let m = merged(&named("Anna", "Baker"), named("Anne", "BAKER"));
        assert_eq!(m.first_name, "Anne", "a different name still arrives");
    }

    #[test]
    fn the_same_number_keeps_its_international_spelling_and_a_label() {
        let phone = |number: &str, label: &str| crate::domain::Phone {
            number: number.into(),
            label: label.into(),
        };
        let old = ContactFields {
            phones: vec![phone("089 1234567", "")],
            ..named("Gus", "Golf")
        };
        let new = ContactFields {
            phones: vec![phone("+49 (0)89 1234567", "work"), phone("+49 170 555", "")],
            ..named("Gus", "Golf")
        };
        let m = merged(&old, new);
        assert_eq!(
            m.phones,
            [phone("+49 (0)89 1234567", "work"), phone("+49 170 555", "")]
        );
        // A national spelling arriving later does not replace the international one.
        let m = merged(
            &m,
            ContactFields {
                phones: vec![phone("089 1234567", "home")],
                ..named("Gus", "Golf")
            },
        );
        assert_eq!(m.phones[0], phone("+49 (0)89 1234567", "work"));
    }

    /// An address arriving with a label (an iPhone card's "work") gives it to the same address
    /// kept without one; a label already there stays.
    #[test]
    fn an_address_already_held_takes_the_label_it_lacked() {
        let mail = |address: &str, label: &str| crate::domain::EmailAddress {
            address: address.into(),
            label: label.into(),
        };
        let with = |emails| ContactFields {
            emails,
            ..named("Hans", "Müller")
        };
        let m = merged(
            &with(vec![mail("hans@roesterei.de", "")]),
            with(vec![mail("HANS@roesterei.de", "work")]),
        );
        assert_eq!(m.emails, [mail("hans@roesterei.de", "work")]);
        let m = merged(&m, with(vec![mail("hans@roesterei.de", "home")]));
        assert_eq!(m.emails, [mail("hans@roesterei.de", "work")]);
    }
}
