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
        for change in &entry.fields {
            item = item.push(text(describe(change)).size(13).style(theme::muted_text));
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
    match (&change.old, &change.new) {
        (Value::Null, new) => format!("{name}: {}", value(new)),
        (old, Value::Null) => format!("{name}: {} removed", value(old)),
        (old, new) => format!("{name}: {} → {}", value(old), value(new)),
    }
}

/// A stored value in a few readable words, never a screenful.
fn value(v: &Value) -> String {
    let text = match v {
        Value::Null => "(empty)".to_string(),
        Value::String(s) if s.is_empty() => "(empty)".to_string(),
        Value::String(s) => format!("“{s}”"),
        other => other.to_string(),
    };
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(79).collect::<String>())
    } else {
        text
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
    fn long_values_are_cut_short() {
        let change = FieldChange {
            field: "notes".into(),
            old: Value::Null,
            new: Value::String("x".repeat(500)),
        };
        assert!(describe(&change).chars().count() < 100);
    }
}
