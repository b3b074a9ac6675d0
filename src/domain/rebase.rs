//! Two windows on one workspace may edit one record. A form saves what its user changed on top
//! of the record as it is now, not the whole record as it was when the form opened, which would
//! silently take back what the other window saved in between.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// `current` with what the user changed (where `edited` differs from `base`, the record as the
/// form loaded it) taken from `edited`, field by field and, within a field, as deep as the
/// change goes: an address's city, one custom field, one tag or e-mail address added or taken
/// out. Where both changed the same value, the saving user's wins. (Lists and maps had been
/// taken whole: a tag or custom field the other window added was lost to this save.)
pub fn rebase<T: Serialize + DeserializeOwned + Clone>(base: &T, edited: &T, current: &T) -> T {
    let (Ok(base), Ok(edited_v), Ok(current)) = (
        serde_json::to_value(base),
        serde_json::to_value(edited),
        serde_json::to_value(current),
    ) else {
        return edited.clone();
    };
    serde_json::from_value(merge(&base, &edited_v, &current)).unwrap_or_else(|_| edited.clone())
}

/// The fields (by their serialised names, in `edited`'s order) where this save replaces a value
/// another window saved since the form loaded `base`: both changed it, differently. The save
/// still wins ([`rebase`]), but the user is told, so a colleague's "Owner" is not lost unsaid.
pub fn replaced<T: Serialize>(base: &T, edited: &T, current: &T) -> Vec<String> {
    let (Ok(Value::Object(base)), Ok(Value::Object(edited)), Ok(Value::Object(current))) = (
        serde_json::to_value(base),
        serde_json::to_value(edited),
        serde_json::to_value(current),
    ) else {
        return Vec::new();
    };
    let get = |map: &Map<String, Value>, key: &str| map.get(key).cloned().unwrap_or(Value::Null);
    edited
        .keys()
        .filter(|key| clash(&get(&base, key), &get(&edited, key), &get(&current, key)))
        .cloned()
        .collect()
}

/// What a save's change-log label adds when it replaced [`replaced`] fields: ", over the job
/// title another window saved" (empty when it replaced nothing). Said in the label, it is in the
/// notice that offers Undo and in the history for good.
pub fn over_another_window(replaced: &[String]) -> String {
    let words: Vec<String> = replaced.iter().map(|f| f.replace('_', " ")).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => format!(", over the {one} another window saved"),
        [init @ .., last] => format!(
            ", over the {} and {last} another window saved",
            init.join(", ")
        ),
    }
}

/// Whether both sides changed a value of `base` to different values, as deep as [`merge`]
/// merges: one window's city and another's street are no clash.
fn clash(base: &Value, edited: &Value, current: &Value) -> bool {
    if edited == base || current == base || edited == current {
        return false;
    }
    let null = Value::Null;
    match (base, edited, current) {
        (Value::Object(b), Value::Object(e), Value::Object(c)) => {
            b.keys().chain(e.keys()).any(|k| {
                clash(
                    b.get(k).unwrap_or(&null),
                    e.get(k).unwrap_or(&null),
                    c.get(k).unwrap_or(&null),
                )
            })
        }
        (Value::Array(b), Value::Array(e), Value::Array(c)) => e.iter().any(|v| {
            let find = |list: &[Value]| list.iter().find(|x| same_entry(x, v)).cloned();
            matches!((find(b), find(c)), (Some(b), Some(c)) if clash(&b, v, &c))
        }),
        _ => true,
    }
}

/// The three-way merge of one value.
fn merge(base: &Value, edited: &Value, current: &Value) -> Value {
    if edited == base {
        return current.clone();
    }
    if current == base {
        return edited.clone();
    }
    match (base, edited, current) {
        (Value::Object(b), Value::Object(e), Value::Object(c)) => {
            Value::Object(merge_maps(b, e, c))
        }
        (Value::Array(b), Value::Array(e), Value::Array(c)) => Value::Array(merge_lists(b, e, c)),
        _ => edited.clone(),
    }
}

/// Keys the user changed, added or removed follow `edited`; every other key stays as `current`
/// has it.
fn merge_maps(
    base: &Map<String, Value>,
    edited: &Map<String, Value>,
    current: &Map<String, Value>,
) -> Map<String, Value> {
    let mut out = current.clone();
    for key in base.keys().chain(edited.keys()) {
        match (base.get(key), edited.get(key)) {
            (b, e) if b == e => {}
            (_, None) => {
                out.remove(key);
            }
            (b, Some(e)) => {
                let merged = merge(
                    b.unwrap_or(&Value::Null),
                    e,
                    current.get(key).unwrap_or(&Value::Null),
                );
                out.insert(key.clone(), merged);
            }
        }
    }
    out
}

/// The user's list in the user's order (the first e-mail is the primary one), less what the
/// other side took out, followed by what the other side added. An entry is known by what it
/// is (an e-mail's address, a phone's number, a tag's text), so one whose label changed on one
/// side is the same entry, merged, rather than one removed and another added (which had moved a
/// relabelled primary address to the end of the list).
fn merge_lists(base: &[Value], edited: &[Value], current: &[Value]) -> Vec<Value> {
    let find = |list: &[Value], v: &Value| list.iter().find(|x| same_entry(x, v)).cloned();
    let mut out: Vec<Value> = Vec::new();
    for v in edited {
        match (find(base, v), find(current, v)) {
            // Taken out on the other side, and not touched here.
            (Some(b), None) if b == *v => {}
            (Some(b), Some(c)) => out.push(merge(&b, v, &c)),
            _ => out.push(v.clone()),
        }
    }
    for c in current {
        if find(base, c).is_none() && find(&out, c).is_none() {
            out.push(c.clone());
        }
    }
    out
}

/// Whether two list entries are one: the same address or number (an e-mail's case aside), or
/// equal where they have neither.
fn same_entry(a: &Value, b: &Value) -> bool {
    let key = |v: &Value| {
        ["address", "number"]
            .iter()
            .find_map(|k| v.get(k).and_then(Value::as_str).map(str::to_lowercase))
    };
    match (key(a), key(b)) {
        (Some(a), Some(b)) => a.trim() == b.trim(),
        _ => a == b,
    }
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
    fn only_values_both_windows_changed_differently_are_said_replaced() {
        let base = ContactFields {
            first_name: "Hana".into(),
            job_title: "Gardener".into(),
            phones: phone("+44 161 555 0906"),
            ..Default::default()
        };
        let mut edited = base.clone();
        edited.job_title = "Apprentice".into();
        edited.address.city = "Leeds".into();
        let mut current = base.clone();
        current.job_title = "Owner".into();
        current.address.street = "1 Mill Lane".into();
        current.phones = phone("+44 161 555 1111");
        assert_eq!(replaced(&base, &edited, &current), ["job_title"]);
        // The same value saved on both sides replaces nothing.
        current.job_title = "Apprentice".into();
        assert!(replaced(&base, &edited, &current).is_empty());
        // A phone's label changed on each side, differently: that phone is said.
        let mut labelled = base.clone();
        labelled.phones[0].label = "work".into();
        let mut other = base.clone();
        other.phones[0].label = "mobile".into();
        assert_eq!(replaced(&base, &labelled, &other), ["phones"]);
    }

    #[test]
    fn replaced_fields_are_named_in_words() {
        assert_eq!(over_another_window(&[]), "");
        assert_eq!(
            over_another_window(&["job_title".into()]),
            ", over the job title another window saved"
        );
        assert_eq!(
            over_another_window(&["job_title".into(), "phones".into(), "lifecycle".into()]),
            ", over the job title, phones and lifecycle another window saved"
        );
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

    fn tagged(tags: &[&str]) -> ContactFields {
        ContactFields {
            first_name: "Hana".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Default::default()
        }
    }

    /// One window adds "alpha" and saves, the other adds "beta" and saves: both stay. A tag the
    /// other window took out stays out, one this user took out goes.
    #[test]
    fn tags_added_and_removed_on_both_sides_are_all_kept() {
        let base = tagged(&["newsletter", "vip"]);
        let current = tagged(&["newsletter", "vip", "alpha"]);
        let edited = tagged(&["newsletter", "vip", "beta"]);
        assert_eq!(
            rebase(&base, &edited, &current).tags,
            ["newsletter", "vip", "beta", "alpha"]
        );

        let current = tagged(&["vip"]);
        let edited = tagged(&["newsletter", "beta"]);
        assert_eq!(rebase(&base, &edited, &current).tags, ["beta"]);
    }

    #[test]
    fn custom_fields_merge_key_by_key() {
        let with = |pairs: &[(&str, &str)]| ContactFields {
            custom: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        let base = with(&[("Shoe size", "45")]);
        let current = with(&[("Shoe size", "45"), ("Loyalty card", "A-123")]);
        let edited = with(&[("Shoe size", "46")]);
        assert_eq!(
            rebase(&base, &edited, &current).custom,
            with(&[("Shoe size", "46"), ("Loyalty card", "A-123")]).custom
        );
        // A custom field this user removed goes, even if the other side changed it.
        let current = with(&[("Shoe size", "47")]);
        assert!(rebase(&base, &with(&[]), &current).custom.is_empty());
    }

    /// Making the second address primary (first) is the user's order; an address the other
    /// window added meanwhile comes after.
    #[test]
    fn the_users_order_of_a_list_is_kept_with_the_others_additions_after() {
        let mails = |list: &[&str]| ContactFields {
            emails: list
                .iter()
                .map(|a| crate::domain::EmailAddress {
                    address: a.to_string(),
                    label: String::new(),
                })
                .collect(),
            ..Default::default()
        };
        let base = mails(&["a@x.example", "b@x.example"]);
        let edited = mails(&["b@x.example", "a@x.example"]);
        let current = mails(&["a@x.example", "b@x.example", "c@x.example"]);
        assert_eq!(
            rebase(&base, &edited, &current),
            mails(&["b@x.example", "a@x.example", "c@x.example"])
        );
    }

    /// The other side labelled the primary address "work" while this user added a third: the
    /// primary stays first, with its label (it had gone to the end of the list).
    #[test]
    fn an_entry_relabelled_on_the_other_side_stays_where_it_is() {
        let mail = |address: &str, label: &str| crate::domain::EmailAddress {
            address: address.into(),
            label: label.into(),
        };
        let with = |emails| ContactFields {
            emails,
            ..Default::default()
        };
        let base = with(vec![mail("p@lab.example", ""), mail("q@lab.example", "")]);
        let current = with(vec![
            mail("p@lab.example", "work"),
            mail("q@lab.example", ""),
        ]);
        let edited = with(vec![
            mail("p@lab.example", ""),
            mail("q@lab.example", ""),
            mail("r@lab.example", ""),
        ]);
        assert_eq!(
            rebase(&base, &edited, &current).emails,
            [
                mail("p@lab.example", "work"),
                mail("q@lab.example", ""),
                mail("r@lab.example", "")
            ]
        );
        // This user removed p; the other side relabelled it: the removal stands.
        let edited = with(vec![mail("q@lab.example", "")]);
        assert_eq!(
            rebase(&base, &edited, &current).emails,
            [mail("q@lab.example", "")]
        );
    }
}
