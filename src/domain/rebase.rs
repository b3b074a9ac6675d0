//! Two windows on one workspace may edit one record. A form saves what its user changed on top
//! of the record as it is now, not the whole record as it was when the form opened, which would
//! silently take back what the other window saved in between.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// `current` with every field the user changed (where `edited` differs from `base`, the record
/// as the form loaded it) taken from `edited`. Fields are the record's top-level serde fields,
/// so a list (the e-mails) is one field: the user's list wins when the user touched it.
pub fn rebase<T: Serialize + DeserializeOwned + Clone>(base: &T, edited: &T, current: &T) -> T {
    let (Ok(base_v), Ok(edited_v), Ok(mut merged)) = (
        serde_json::to_value(base),
        serde_json::to_value(edited),
        serde_json::to_value(current),
    ) else {
        return edited.clone();
    };
    let (Some(base_map), Some(edited_map), Some(merged_map)) = (
        base_v.as_object(),
        edited_v.as_object(),
        merged.as_object_mut(),
    ) else {
        return edited.clone();
    };
    for (field, value) in edited_map {
        if base_map.get(field) != Some(value) {
            merged_map.insert(field.clone(), value.clone());
        }
    }
    serde_json::from_value(merged).unwrap_or_else(|_| edited.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactFields, Phone};

    fn phone(n: &str) -> Vec<Phone> {
        vec![Phone {
            number: n.into(),
            label: String::new(),
        }]
    }

    #[test]
    fn a_field_only_the_other_window_changed_keeps_its_new_value() {
        let base = ContactFields {
            first_name: "Hana".into(),
            phones: phone("+44 161 555 0906"),
            ..Default::default()
        };
        let edited = ContactFields {
            job_title: "Chef".into(),
            ..base.clone()
        };
        let current = ContactFields {
            phones: phone("+44 161 555 1111"),
            ..base.clone()
        };
        let saved = rebase(&base, &edited, &current);
        assert_eq!(saved.job_title, "Chef");
        assert_eq!(saved.phones, phone("+44 161 555 1111"));
    }

    #[test]
    fn a_field_both_changed_takes_the_saving_users_value() {
        let base = ContactFields {
            job_title: "Cook".into(),
            ..Default::default()
        };
        let edited = ContactFields {
            job_title: "Chef".into(),
            ..base.clone()
        };
        let current = ContactFields {
            job_title: "Head cook".into(),
            ..base.clone()
        };
        assert_eq!(rebase(&base, &edited, &current).job_title, "Chef");
        assert_eq!(rebase(&base, &base, &current), current, "nothing typed");
    }
}
