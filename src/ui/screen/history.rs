//! The audit trail on screen: a record's History card (who changed what, when, old → new) and the
//! workspace's activity log. Both only show what the store read; nothing here decides anything.

use iced::widget::{column, container, row, text};
use iced::{Element, Length};
use serde_json::Value;

use crate::store::{ActivityEntry, FieldChange, HistoryEntry};
use crate::ui::theme;
use crate::ui::widget::local_time;

/// How many changes a record's card lists.
pub const HISTORY_LIMIT: u32 = 50;

/// A record's History card, newest change first.
pub fn card<'a, M: 'a>(entries: &'a [HistoryEntry]) -> Element<'a, M> {
    let mut list = column![text("History").size(18)].spacing(10);
    if entries.is_empty() {
        list = list.push(text("No changes recorded yet.").style(theme::muted_text));
    }
    for entry in entries {
        let mut item = column![
            row![
                text(entry.op.label()).width(Length::Fixed(70.0)),
                text(entry.actor.as_str()).width(Length::Fill),
                text(local_time(entry.at)).size(12).style(theme::muted_text),
            ]
            .spacing(8),
        ]
        .spacing(2);
        if entry.undone {
            item = item.push(text("Undone").size(12).style(theme::muted_text));
        }
        // A record created with most fields empty lists only those it was given.
        for change in entry
            .fields
            .iter()
            .filter(|c| !(blank(&c.old) && blank(&c.new)))
        {
            item = item.push(
                crate::ui::widget::long_text(describe(change))
                    .size(13)
                    .style(theme::muted_text),
            );
        }
        list = list.push(item);
    }
    container(list)
        .padding(16)
        .style(theme::card)
        .width(Length::Fill)
        .into()
}

/// The workspace-wide log: one line per user action.
pub fn activity_log<'a, M: 'a>(entries: &'a [ActivityEntry]) -> Element<'a, M> {
    let mut list = column![text("Activity").size(18)].spacing(6);
    if entries.is_empty() {
        list = list
            .push(text("Nothing has been changed in this workspace yet.").style(theme::muted_text));
    }
    for entry in entries {
        let label = if entry.undone {
            format!("{} (undone)", entry.label)
        } else {
            entry.label.clone()
        };
        list = list.push(
            row![
                text(local_time(entry.at))
                    .size(13)
                    .style(theme::muted_text)
                    .width(Length::Fixed(150.0)),
                text(entry.actor.as_str())
                    .size(13)
                    .width(Length::Fixed(120.0)),
                text(label).size(13).width(Length::Fill),
            ]
            .spacing(8),
        );
    }
    container(list)
        .padding(16)
        .style(theme::card)
        .width(Length::Fill)
        .into()
}

/// "Job title: “CTO” → “CEO”".
pub fn describe(change: &FieldChange) -> String {
    let name = change.field.replace('_', " ");
    let mut chars = name.chars();
    let name = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    // A soft delete or restore is the event itself, not a field.
    if change.field == "deleted_at" {
        return match (&change.old, &change.new) {
            (Value::Null, _) => "Deleted".into(),
            (_, Value::Null) => "Restored".into(),
            _ => "Deleted".into(),
        };
    }
    let time = change.field.ends_with("_at");
    let value = |v: &Value| value(v, time);
    match (&change.old, &change.new) {
        (Value::Null, new) => format!("{name}: {}", value(new)),
        (old, Value::Null) => format!("{name}: {} removed", value(old)),
        (old, new) => format!("{name}: {} → {}", value(old), value(new)),
    }
}

/// A stored value in a few readable words, never a screenful: times in local time, e-mails and
/// phones as the addresses and numbers, amounts with their currency, other lists and maps as
/// their items.
fn value(v: &Value, time: bool) -> String {
    let text = match v {
        Value::Null => "(empty)".to_string(),
        Value::Number(n) if time => n.as_i64().map_or_else(
            || n.to_string(),
            |at| crate::ui::widget::local_time(crate::domain::Timestamp(at)),
        ),
        other => plain(other),
    };
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(79).collect::<String>())
    } else {
        text
    }
}

/// Nothing to say: null, "", [], or a map of nothing but those.
fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.values().all(blank),
        _ => false,
    }
}

/// A value without JSON's punctuation.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => "(empty)".to_string(),
        Value::String(s) if s.is_empty() => "(empty)".to_string(),
        Value::String(s) => format!("“{s}”"),
        Value::Array(items) if items.is_empty() => "(none)".to_string(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        Value::Object(map) => {
            if let Ok(money) = serde_json::from_value::<crate::domain::Money>(v.clone()) {
                return format!("{} {}", money.to_decimal_string(), money.currency);
            }
            // An e-mail or phone: the address or number, and its label if it has one.
            for key in ["address", "number"] {
                if let Some(Value::String(s)) = map.get(key) {
                    return match map.get("label") {
                        Some(Value::String(l)) if !l.is_empty() => format!("{s} ({l})"),
                        _ => s.clone(),
                    };
                }
            }
            let parts: Vec<String> = map
                .iter()
                .filter(|(_, v)| !matches!(v, Value::Null) && v.as_str() != Some(""))
                .map(|(k, v)| match v {
                    Value::String(s) => format!("{k}: {s}"),
                    other => format!("{k}: {}", plain(other)),
                })
                .collect();
            if parts.is_empty() {
                "(empty)".to_string()
            } else {
                parts.join(", ")
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_change_reads_as_old_to_new() {
        let change = FieldChange {
            field: "job_title".into(),
            old: Value::String("CTO".into()),
            new: Value::String("CEO".into()),
        };
        assert_eq!(describe(&change), "Job title: “CTO” → “CEO”");
    }

    #[test]
    fn stored_forms_read_as_words() {
        let change = |field: &str, old: Value, new: Value| {
            describe(&FieldChange {
                field: field.into(),
                old,
                new,
            })
        };
        assert_eq!(
            change("deleted_at", Value::Null, Value::from(1_795_655_309)),
            "Deleted"
        );
        let emails = serde_json::json!([
            {"address": "ada@example.org", "label": "work"},
            {"address": "ada@home.example", "label": ""}
        ]);
        assert_eq!(
            change("emails", Value::Array(vec![]), emails),
            "Emails: (none) → ada@example.org (work), ada@home.example"
        );
        let income = serde_json::json!({"minor": 5_200_000, "currency": "EUR"});
        assert_eq!(
            change("annual_income", Value::Null, income),
            "Annual income: 52000.00 EUR"
        );
        let at = change("last_activity_at", Value::Null, Value::from(1_795_655_309));
        assert!(!at.contains("1795655309"), "{at}");
    }

    #[test]
    fn long_values_are_cut_short() {
        let change = FieldChange {
            field: "notes".into(),
            old: Value::Null,
            new: Value::String("x".repeat(500)),
        };
        assert!(describe(&change).chars().count() < 100);
    }
}
