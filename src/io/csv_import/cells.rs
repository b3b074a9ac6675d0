//! One cell's text read as a value: the quote a formula-safe export put before it taken off,
//! labels, lists, lifecycle stages, names, whole numbers and amounts as the CRMs and address
//! books whose exports Kith reads write them, and the defaults Outlook fills in unasked.

use crate::domain::{Currency, LifecycleStage, Money};

/// Trims a cell and undoes the quote that formula-safe exports (Kith's among them) put before a
/// leading `=`, `+`, `-`, `@`, tab or carriage return.
pub(super) fn clean(raw: &str) -> String {
    let t = raw.trim();
    match t.strip_prefix('\'') {
        Some(rest)
            if rest
                .trim_start_matches('\'')
                .starts_with(['=', '+', '-', '@', '\t', '\r']) =>
        {
            rest.trim().to_string()
        }
        _ => t.to_string(),
    }
}

/// A value Outlook writes into every contact whatever it holds ("Priority: Normal"): saying
/// nothing about the person, it would only clutter every imported contact's custom fields.
pub(super) fn outlook_default(header: &str, value: &str) -> bool {
    let header = header.trim();
    [
        ("Priority", "Normal"),
        ("Sensitivity", "Normal"),
        ("Gender", "Unspecified"),
        ("Private", "False"),
    ]
    .iter()
    .any(|(h, v)| header.eq_ignore_ascii_case(h) && value.eq_ignore_ascii_case(v))
}

pub(super) fn whole_number(value: &str) -> Option<i32> {
    value.trim().parse().ok()
}

/// An amount with its currency code before or after it: "52000.00 EUR", "EUR 52,000".
pub(crate) fn income(value: &str) -> Result<Money, String> {
    let v = value.trim();
    let letters = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic());
    // Split where a three-letter code ends or begins, on a character boundary ("€" is three bytes).
    let after = v.len().checked_sub(3).filter(|&at| v.is_char_boundary(at));
    let (code, amount) = match (after, v.get(..3)) {
        (Some(at), _) if letters(&v[at..]) => (&v[at..], &v[..at]),
        (_, Some(start)) if letters(start) => (start, &v[3..]),
        _ => {
            return Err(format!(
                "{v:?} needs its currency code, as in \"52000 EUR\""
            ));
        }
    };
    // "abc" is a code with no amount: the cell, not the empty rest, is what was wrong.
    if amount.trim().is_empty() {
        return Err(format!(
            "{v:?} is not an amount with its currency code, as in \"52000 EUR\""
        ));
    }
    let currency = Currency::new(&code.to_ascii_uppercase()).map_err(|p| p.to_string())?;
    Money::parse(amount.trim(), currency).map_err(|p| p.to_string())
}

/// Google writes labels as "* Work" (starred = primary) and "Mobile"; Kith stores "work", "mobile".
pub(super) fn label(value: &str) -> String {
    value.trim_start_matches('*').trim().to_lowercase()
}

/// A label list as Kith's export writes it, one per value and empty ones kept in place:
/// "work :::  ::: home".
pub(super) fn label_list(value: &str) -> impl Iterator<Item = String> + '_ {
    value.split(":::").map(|l| l.trim().to_string())
}

pub(super) fn split_list(value: &str, commas: bool) -> Vec<String> {
    let seps: &[char] = if commas { &[';', ','] } else { &[] };
    value
        .split(" ::: ")
        .flat_map(|p| p.split(seps))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

pub(super) fn tags(value: &str) -> Vec<String> {
    // Semicolons, when there are any, are what separates: "Clients; VIP, Gold" is two tags
    // (Kith's export writes a lone tag with a comma as "VIP, Gold;" for that reason, and tags
    // holding a semicolon apart with Google's " ::: ", which comes first).
    let parts: Vec<&str> = if value.contains(":::") {
        value.split(":::").collect()
    } else if value.contains(';') {
        value.split(';').collect()
    } else {
        value.split(',').collect()
    };
    parts
        .into_iter()
        .filter_map(|t| {
            let t = t.trim();
            let tag = t.trim_start_matches('*').trim();
            // Google marks its system groups with "*": "* myContacts" (every contact is in it,
            // older exports spell it "* My Contacts") says nothing about the person. Unmarked, a
            // tag of that name is the user's own, as Kith's export writes it back; "starred"
            // is kept either way, as the vCard import keeps it.
            let system = t.starts_with('*') && is_all_contacts_group(tag);
            (!tag.is_empty() && !system).then(|| tag.to_string())
        })
        .collect()
}

/// Google's group of every contact, which a tag would repeat on everyone.
pub(crate) fn is_all_contacts_group(tag: &str) -> bool {
    tag.eq_ignore_ascii_case("myContacts") || tag.eq_ignore_ascii_case("My Contacts")
}

pub(crate) fn lifecycle(value: &str) -> Option<LifecycleStage> {
    if let Ok(stage) = value.parse() {
        return Some(stage);
    }
    let squashed: String = value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    // HubSpot's internal values and labels.
    Some(match squashed.as_str() {
        "marketingqualifiedlead" | "salesqualifiedlead" | "mql" | "sql" => {
            LifecycleStage::Qualified
        }
        "subscriber" => LifecycleStage::Subscriber,
        "lead" | "newlead" => LifecycleStage::Lead,
        "opportunity" => LifecycleStage::Opportunity,
        "customer" => LifecycleStage::Customer,
        "evangelist" => LifecycleStage::Evangelist,
        "other" => LifecycleStage::Other,
        _ => return None,
    })
}

/// "Lovelace, Ada" or "Ada King Lovelace": the family name is after the comma's side or last.
pub(crate) fn split_name(name: &str) -> (String, String) {
    if let Some((last, first)) = name.split_once(',') {
        return (first.trim().to_string(), last.trim().to_string());
    }
    match name.trim().rsplit_once(char::is_whitespace) {
        // Chinese, Japanese and Korean names are written family name first ("山田 太郎").
        Some((family, given))
            if crate::domain::person_name::written_together(given.trim(), family.trim()) =>
        {
            (given.trim().to_string(), family.trim().to_string())
        }
        Some((first, last)) => (first.trim().to_string(), last.trim().to_string()),
        None => (String::new(), name.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_name_splits_as_its_people_write_it() {
        let split = |n: &str| {
            let (first, last) = split_name(n);
            (first, last)
        };
        assert_eq!(split("Ada Lovelace"), ("Ada".into(), "Lovelace".into()));
        assert_eq!(split("Lovelace, Ada"), ("Ada".into(), "Lovelace".into()));
        assert_eq!(split("山田 太郎"), ("太郎".into(), "山田".into()));
        assert_eq!(split("김 민수"), ("민수".into(), "김".into()));
        assert_eq!(split("ジョン スミス"), ("ジョン".into(), "スミス".into()));
        assert_eq!(split("李伟"), (String::new(), "李伟".into()));
    }

    /// Every refusal quotes the cell as written ("abc" had been reported as `"" is not a valid
    /// amount`, its three letters taken for a currency code).
    #[test]
    fn an_income_refusal_quotes_the_cell() {
        assert_eq!(
            income("52000 eur").map(|m| m.display()),
            Ok(Money::new(52_000_00, Currency::EUR).display())
        );
        for cell in ["abc", "52000", "EUR", " usd "] {
            let why = income(cell).unwrap_err();
            assert!(why.contains(&format!("{:?}", cell.trim())), "{cell}: {why}");
        }
    }
}
