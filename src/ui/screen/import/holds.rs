//! What an opened vCard, workspace or order file holds, shown before it is imported.

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

/// An order file's lines, and the currency of its prices when no column says it.
pub(super) fn orders<'a>(
    file: &crate::io::orders::OrderFile,
    currency: &str,
) -> Element<'a, Message> {
    let mut body = column![
        text(format!(
            "{} — a shop's order history: lines sharing an order number are one order, each \
             customer found by e-mail, each unknown SKU added as a product.",
            crate::words::count(file.lines as u64, "order line")
        )),
        text(
            "A line that cannot be read is named with its row and field, and leaves its whole \
             order out. Segments, RFM, spending and \"bought together\" read the orders.",
        )
        .size(13)
        .style(theme::muted_text),
    ]
    .spacing(6);
    if !file.currency_column {
        body = body.push(
            iced::widget::row![
                text("The file has no currency column; its prices are in"),
                crate::ui::widget::field::input("EUR", currency)
                    .id(super::ORDER_CURRENCY_ID)
                    .on_input(Message::OrderCurrency)
                    .width(iced::Length::Fixed(80.0))
                    .padding(4),
            ]
            .spacing(8)
            .align_y(iced::Alignment::Center),
        );
    }
    body.into()
}
