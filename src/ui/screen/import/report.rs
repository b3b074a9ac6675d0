//! What a finished import shows: the summary of a CSV, vCard or workspace import, the rows it
//! refused, and the likely duplicates it brought.

use iced::widget::{Space, button, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::run::{Message, SHOWN_REJECTS};
use crate::domain::duplicate::MAX_PAIRS;
use crate::io::vcard;
use crate::ui::theme;
pub(super) use crate::words::count;

/// What the import's duplicate check found among the contacts it wrote or matched, with the way
/// to them; a dry run's, which wrote nothing to review, says what the file's contacts are in.
pub(super) fn duplicates_found<'a>(found: usize, dry_run: bool) -> Element<'a, Message> {
    if found == 0 {
        return text("No likely duplicates among the imported contacts.")
            .style(theme::muted_text)
            .into();
    }
    let pairs = if found >= MAX_PAIRS {
        format!(
            "at least {}",
            count(MAX_PAIRS as u64, "likely duplicate pair")
        )
    } else {
        count(found as u64, "likely duplicate pair")
    };
    // Pairs the file's rows are in: a pair may be one known before, of a contact a row matched.
    if dry_run {
        return text(format!("The file's contacts are in {pairs}."))
            .style(theme::muted_text)
            .into();
    }
    row![
        text(format!(
            "{} among the imported contacts.",
            crate::words::capitalised(&pairs)
        )),
        button(text("Review duplicates…"))
            .on_press(Message::ShowDuplicates)
            .style(button::secondary),
    ]
    .spacing(12)
    .align_y(Alignment::Center)
    .into()
}

/// How to take the import back: one Undo, or nothing to take back when it wrote nothing; once
/// taken back, that it was, and how to put it back.
pub(super) fn undo_line<'a>(written: u64, taken_back: bool) -> Element<'a, Message> {
    if taken_back {
        return text(
            "Taken back with Undo: none of it is in the workspace now. Redo (Ctrl+Shift+Z) puts \
             it back.",
        )
        .style(theme::error_text)
        .into();
    }
    text(if written > 0 {
        "The whole import is one step: Undo (Ctrl+Z) takes it all back."
    } else {
        "Nothing was written, so there is nothing to undo."
    })
    .style(theme::muted_text)
    .into()
}

/// " 12 contacts were already up to date." after a headline, or nothing.
pub(super) fn already_up_to_date(unchanged: u64) -> String {
    match unchanged {
        0 => String::new(),
        1 => " 1 contact was already up to date.".into(),
        n => format!(" {} were already up to date.", count(n, "contact")),
    }
}

/// " 2 rows were the same person as an earlier row and were merged into it.", or nothing: one
/// person twice in a file is neither a new contact nor an update of one the workspace held.
pub(super) fn same_person_again(joined: u64, what: &str) -> String {
    match joined {
        0 => String::new(),
        1 => format!(" 1 {what} was the same person as an earlier {what} and was merged into it."),
        n => format!(
            " {n} {what}s were the same person as an earlier {what} and were merged into it."
        ),
    }
}

/// " Created 2 companies; filled in 1." after a vCard import's headline, or nothing.
fn companies_line(report: &vcard::Report) -> String {
    match (report.companies_created, report.companies_filled) {
        (0, 0) => String::new(),
        (made, 0) => format!(" Created {}.", count(made, "company")),
        (0, filled) => format!(" Filled in {} already here.", count(filled, "company")),
        (made, filled) => format!(
            " Created {}; filled in {} already here.",
            count(made, "company"),
            count(filled, "company")
        ),
    }
}

pub(super) fn vcard_report(report: &vcard::Report, taken_back: bool) -> Element<'_, Message> {
    let mut body = column![
        text(format!(
            "Imported {} and updated {} from {}; {} rejected.{}{}{}",
            count(report.imported, "new contact"),
            count(report.updated, "existing contact"),
            count(report.cards, "card"),
            count(report.rejected_cards(), "card"),
            companies_line(report),
            already_up_to_date(report.unchanged),
            same_person_again(report.joined, "card"),
        ))
        .size(16),
        undo_line(u64::from(report.wrote()), taken_back),
    ]
    .spacing(10);
    if report.imported + report.updated > 0 && !taken_back {
        body = body.push(duplicates_found(report.duplicates, false));
    }
    if !report.rejected.is_empty() {
        let errors: Vec<[String; 4]> = report
            .rejected
            .iter()
            .map(|e| {
                [
                    format!("{} (line {})", e.card, e.line),
                    e.name.clone(),
                    e.field.clone(),
                    e.reason.clone(),
                ]
            })
            .collect();
        body = body.push(problems_table(["Card", "Name", "Field", "Reason"], errors));
    }
    if !report.notices.is_empty() {
        body = body.push(text("Notes").size(13).style(theme::muted_text));
        for notice in report.notices.iter().take(SHOWN_REJECTS) {
            body = body.push(text(notice.as_str()).size(13));
        }
        body = body.push(more_than_shown(report.notices.len()));
    }
    container(body)
        .padding(14)
        .width(Length::Fill)
        .style(theme::card)
        .into()
}

/// What an order file brought (or, in a dry run, would bring), and its rejected rows.
pub(super) fn orders_report(
    report: &crate::io::orders::Report,
    dry_run: bool,
    taken_back: bool,
) -> Element<'_, Message> {
    let rows: std::collections::BTreeSet<u64> = report.rejected.iter().map(|e| e.row).collect();
    let headline = format!(
        "{} {} ({}) and {}; {} not imported.",
        if dry_run {
            "Dry run: would import"
        } else {
            "Imported"
        },
        count(report.orders, "order"),
        count(report.lines, "line"),
        count(report.products_created, "new product"),
        count(rows.len() as u64, "row"),
    );
    let mut body = column![text(headline).size(16)].spacing(10);
    body = body.push(if dry_run {
        text("Nothing has been written yet.")
            .style(theme::muted_text)
            .into()
    } else {
        undo_line(report.orders, taken_back)
    });
    if !report.rejected.is_empty() {
        let errors: Vec<[String; 4]> = report
            .rejected
            .iter()
            .take(SHOWN_REJECTS)
            .map(|e| {
                [
                    e.row.to_string(),
                    e.order.clone(),
                    e.field.clone(),
                    e.reason.clone(),
                ]
            })
            .collect();
        body = body.push(problems_table(["Row", "Order", "Field", "Reason"], errors));
        body = body.push(more_than_shown(report.rejected.len()));
    }
    container(body)
        .padding(14)
        .width(Length::Fill)
        .style(theme::card)
        .into()
}

/// "… and 12 more" under a list cut at [`SHOWN_REJECTS`] of its `total` entries.
fn more_than_shown<'a>(total: usize) -> Option<Element<'a, Message>> {
    (total > SHOWN_REJECTS).then(|| {
        text(format!("… and {} more", total - SHOWN_REJECTS))
            .size(13)
            .style(theme::muted_text)
            .into()
    })
}

/// "contacts 300 · companies 25 · deals 21": what a workspace file holds, Kith's own bookkeeping
/// (the change log, settings) aside.
pub(super) fn tables_held(tables: &[(String, u64)]) -> String {
    let held: Vec<String> = tables
        .iter()
        .filter(|(name, n)| *n > 0 && *name != "meta" && !name.starts_with("change"))
        .map(|(name, n)| format!("{} {n}", name.replace('_', " ")))
        .collect();
    held.join(" · ")
}

/// "4,176 rows": every row a workspace file holds, its bookkeeping included.
pub(super) fn rows_in(tables: &[(String, u64)]) -> String {
    count(tables.iter().map(|(_, n)| n).sum(), "row")
}

pub(super) fn workspace_report(tables: &[(String, u64)]) -> Element<'_, Message> {
    container(
        column![
            text(format!(
                "Imported the whole workspace: {}.",
                rows_in(tables)
            ))
            .size(16),
            text(tables_held(tables)).size(13).style(theme::muted_text),
            text("Its undo history came with it: Undo (Ctrl+Z) steps back through its changes.")
                .style(theme::muted_text),
        ]
        .spacing(10),
    )
    .padding(14)
    .width(Length::Fill)
    .style(theme::card)
    .into()
}

/// The first problems, one per line, under a header.
pub(super) fn problems_table<'a>(
    header: [&'a str; 4],
    lines: Vec<[String; 4]>,
) -> Element<'a, Message> {
    let portions = [1, 2, 2, 6];
    let line = |cells: [Element<'a, Message>; 4]| {
        let mut r = row![].spacing(10).padding([2, 8]);
        for (cell, portion) in cells.into_iter().zip(portions) {
            r = r.push(
                container(cell)
                    .width(Length::FillPortion(portion))
                    .clip(true),
            );
        }
        r
    };
    let mut table = column![
        container(line(header.map(|h| text(h).size(13).into())))
            .style(theme::header_row)
            .width(Length::Fill)
    ]
    .spacing(2);
    for cells in lines.into_iter().take(SHOWN_REJECTS) {
        table = table.push(line(cells.map(|c| text(c).size(13).into())));
    }
    table.push(Space::new().height(4)).into()
}
