//! A person's name given whole beside its parts: vCard's FN beside N, the "Name" column of an older
//! Google export beside "Given Name" and "Family Name". Kith keeps the parts; the whole name is
//! worth keeping only when the parts do not spell it ("Li Wei" for given name Wei, family name Li).

use crate::domain::ContactFields;

/// The custom field that keeps a whole name the parts do not spell.
pub const DISPLAY_NAME: &str = "Display name";

/// The custom fields, as vCard import and the address books' CSV headers name them, that hold the
/// parts of a name Kith has no field for, in the order a name is said.
const PREFIX: &[&str] = &["name prefix", "prefix"];
const MIDDLE: &[&str] = &[
    "middle name",
    "middle names",
    "additional name",
    "additional names",
];
const SUFFIX: &[&str] = &["name suffix", "suffix"];

/// Whether `full_name` says no more than the contact's name parts: "first last", or with their
/// prefix, middle names and suffix, spaces aside. Letter case counts: "ADA LOVELACE" is a way of
/// writing the name that the parts do not keep.
pub fn said_by_parts(full_name: &str, f: &ContactFields) -> bool {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let part = |keys: &[&str]| {
        f.custom
            .iter()
            .filter(|(k, _)| keys.contains(&k.trim().to_lowercase().as_str()))
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let said = words(full_name);
    let simple = words(&format!("{} {}", f.first_name, f.last_name));
    let every = words(&format!(
        "{} {} {} {} {}",
        part(PREFIX),
        f.first_name,
        part(MIDDLE),
        f.last_name,
        part(SUFFIX)
    ));
    said.is_empty()
        || said == simple
        || said == every
        || said == crate::domain::person_name::written(&f.first_name, &f.last_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(first: &str, last: &str, custom: &[(&str, &str)]) -> ContactFields {
        ContactFields {
            first_name: first.into(),
            last_name: last.into(),
            custom: custom
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_whole_name_the_parts_spell_says_nothing_more() {
        let ada = person("Ada", "Lovelace", &[]);
        assert!(said_by_parts("Ada Lovelace", &ada));
        assert!(said_by_parts("  Ada   Lovelace ", &ada));
        assert!(!said_by_parts("ADA LOVELACE", &ada));
        assert!(said_by_parts("", &ada));
        // Written as Kith writes the name: family name first and together.
        assert!(said_by_parts("李伟", &person("伟", "李", &[])));
        assert!(!said_by_parts("伟李", &person("伟", "李", &[])));
        let full = person(
            "Ada",
            "Lovelace",
            &[
                ("Name Prefix", "Dr."),
                ("Middle Name", "Augusta"),
                ("Name Suffix", "FRS"),
            ],
        );
        assert!(said_by_parts("Dr. Ada Augusta Lovelace FRS", &full));
        assert!(said_by_parts("Ada Lovelace", &full));
    }

    #[test]
    fn a_whole_name_in_another_order_or_with_more_words_says_more() {
        let wei = person("Wei", "Li", &[]);
        assert!(!said_by_parts("Li Wei", &wei));
        assert!(!said_by_parts("Wei Li (Shanghai office)", &wei));
        let ada = person("Ada", "Lovelace", &[("Nickname", "Countess")]);
        assert!(!said_by_parts("Countess Ada Lovelace", &ada));
    }
}
