//! What an opened vCard or workspace file holds, shown before it is imported.

use iced::Element;
use iced::widget::{column, text};

use super::{Message, report};
use crate::domain::Timestamp;
use crate::io::workspace as workspace_file;
use crate::ui::theme;
use crate::ui::widget::local_time;

/// The cards a vCard file holds, by name, the first few.
pub(super) fn vcard(cards: usize, names: &[String]) -> Element<'_, Message> {
    let mut body = column![text(if cards == 1 {
        "1 card, to import:".to_string()
    } else {
        format!("{cards} cards, each to import as a contact or a company:")
    })]
    .spacing(4);
    for name in names {
        body = body.push(text(name.as_str()).size(13).style(theme::muted_text));
    }
    if cards > names.len() {
        body = body.push(
            text(format!("… and {} more", cards - names.len()))
                .size(13)
                .style(theme::muted_text),
        );
    }
    body.push(
        text(
            "A card whose e-mail address is already in the workspace updates that contact; \
             photos are not kept.",
        )
        .size(13)
        .style(theme::muted_text),
    )
    .into()
}

/// What a workspace file holds, and where it can go.
pub(super) fn workspace(summary: &workspace_file::Summary) -> Element<'_, Message> {
    let exported = summary
        .exported_at
        .as_deref()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| format!(", exported {}", local_time(Timestamp(at.timestamp()))))
        .unwrap_or_default();
    column![
        text(format!(
            "A Kith workspace file: {}{exported}.",
            report::rows_in(&summary.tables)
        )),
        text(report::tables_held(&summary.tables))
            .size(13)
            .style(theme::muted_text),
        text(
            "Everything in it — records, undo history and change log — goes into this workspace, \
             which must be empty: a workspace file moves a whole workspace to a new place.",
        )
        .size(13)
        .style(theme::muted_text),
    ]
    .spacing(4)
    .into()
}
