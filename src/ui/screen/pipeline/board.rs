//! How the pipeline screen looks: the header, the forecast strip, the board's columns and cards, the
//! won/lost drop zones and the bar for the selected deal.

use iced::widget::{Space, button, column, container, mouse_area, row, scrollable, text};
use iced::{Alignment, Element, Length};

use super::{BoardColumn, CARD_HEIGHT, Message, Mode, Pipeline, PipelineChoice, Target};
use crate::domain::{Currency, Money};
use crate::store::{DealCard, StageTotal};
use crate::ui::theme;
use crate::ui::widget::choice_keys::{Step, keyed_button, keyed_choice};
use crate::ui::widget::fit;
use crate::ui::widget::menu_escape::closes_on_escape;
use crate::ui::widget::{empty_state, one_line, title_bar};
use crate::words::count;

const COLUMN_WIDTH: f32 = 270.0;
/// Room kept at a card's right for the column's scroll bar.
const SCROLLBAR: f32 = 12.0;
/// The width a card's text has: the column less its padding, its scroll bar and the card's own
/// padding. Longer titles end in "…" rather than mid-letter at the card's edge.
const CARD_TEXT: f32 = COLUMN_WIDTH - 2.0 * 10.0 - SCROLLBAR - 2.0 * 8.0;

/// The board's sideways scrollable, which the keyboard's selection scrolls to follow.
pub const BOARD_ID: &str = "pipeline-board";
const COLUMN_IDS: [&str; 12] = [
    "board-0", "board-1", "board-2", "board-3", "board-4", "board-5", "board-6", "board-7",
    "board-8", "board-9", "board-10", "board-11",
];

/// The scrollable id of column `i` (boards beyond twelve stages share the last id).
pub fn column_id(i: usize) -> &'static str {
    COLUMN_IDS[i.min(COLUMN_IDS.len() - 1)]
}

/// The most height the deal form takes above the board; past it, the form scrolls.
const FORM_MAX_HEIGHT: f32 = 380.0;

/// The least height the board keeps under the header, the figures, an open deal form or
/// lost-reason prompt and the selection bar: enough for a column's header and two cards. In a
/// shorter window the page scrolls instead (at 1024×700 the board had shrunk to empty strips with
/// the form open, Won and Lost to thin lines).
const BOARD_MIN_HEIGHT: f32 = 300.0;

pub fn view(screen: &Pipeline) -> Element<'_, Message> {
    if screen.mode != Mode::Board || !screen.loaded || screen.pipeline.is_none() {
        return page(screen).into();
    }
    // The board (the page's second child) takes what the rest leaves, measured, not guessed.
    iced::widget::responsive(move |size| {
        scrollable(crate::ui::widget::fill_at_least(
            page(screen),
            1,
            BOARD_MIN_HEIGHT,
            size.height,
        ))
        .into()
    })
    .into()
}

/// The screen: on the board, the header with all that goes above the board, the board, and the
/// selection bar under it.
fn page(screen: &Pipeline) -> iced::widget::Column<'_, Message> {
    let mode_button = |label: &'static str, mode: Mode| {
        let style = if screen.mode == mode {
            button::primary
        } else {
            button::secondary
        };
        button(text(label))
            .on_press(Message::ModePicked(mode))
            .style(style)
            .into()
    };
    let mut actions: Vec<Element<'_, Message>> = Vec::new();
    if screen.pipelines.len() > 1 {
        let choices: Vec<PipelineChoice> = screen
            .pipelines
            .iter()
            .map(|p| PipelineChoice(p.id, p.name.clone()))
            .collect();
        let current = screen
            .pipeline
            .as_ref()
            .map(|p| PipelineChoice(p.id, p.name.clone()));
        // A stop in Tab's round, stepped with the arrows: Tab never reached it, and ↓ under its
        // ring moved the board's selection instead.
        let stepped = {
            let (choices, current) = (choices.clone(), current.clone());
            move |step: Step| {
                let at = current
                    .as_ref()
                    .and_then(|c| choices.iter().position(|p| p == c))
                    .unwrap_or(0);
                let to = match step {
                    Step::Previous => at.saturating_sub(1),
                    Step::Next => (at + 1).min(choices.len() - 1),
                };
                Message::PipelinePicked(choices[to].clone())
            }
        };
        actions.push(keyed_choice(
            "pipeline-choice",
            closes_on_escape(crate::ui::widget::field::pick(
                choices,
                current,
                Message::PipelinePicked,
            )),
            stepped,
        ));
    }
    actions.extend([
        mode_button("Board", Mode::Board),
        mode_button("List", Mode::List),
        mode_button("Won & lost", Mode::Closed),
        button(text("Export…"))
            .on_press(Message::Export)
            .style(button::secondary)
            .into(),
        button(text("New deal"))
            .on_press(Message::NewDeal)
            .style(button::primary)
            .into(),
    ]);
    let mut page = column![title_bar("Pipeline", actions)]
        .spacing(12)
        .padding(20);
    if let Some(error) = &screen.error {
        page = page.push(text(error.as_str()).style(theme::error_text));
    }
    if !screen.loaded {
        return page.push(empty_state("Opening…", "", None));
    }
    let Some(pipeline) = &screen.pipeline else {
        return page
            .push(empty_state(
                "No pipeline yet",
                "Deals move through the stages of a pipeline. Create your first deal and Kith sets up a \
                 standard sales pipeline (qualification to closing) you can rename in Settings.",
                Some(("New deal", Message::NewDeal)),
            ));
    };
    page = page.push(forecast_strip(screen));
    if let Some(form) = &screen.form {
        let stages = pipeline
            .open_stages()
            .cloned()
            .map(super::StageChoice)
            .collect();
        // The form scrolls within a bounded height: in a 1024×700 window it had pushed its own
        // buttons and error messages off the screen and squeezed the board to nothing.
        page = page.push(
            container(
                iced::widget::scrollable(form.view(
                    stages,
                    Message::FormChanged,
                    Message::FormStagePicked,
                    Message::FormContact,
                    Message::FormSaved,
                    Message::FormCancelled,
                ))
                .height(Length::Shrink),
            )
            .max_height(FORM_MAX_HEIGHT),
        );
    }
    if let Some(prompt) = &screen.lost {
        page = page.push(prompt.view(
            Message::LostReasonPicked,
            Message::LostReasonStepped,
            Message::LostDetailChanged,
            Message::LostConfirmed,
            Message::LostCancelled,
        ));
    }
    match screen.mode {
        Mode::Board => column![
            page.padding(0),
            container(board(screen)).height(Length::Fill),
            selection_bar(screen)
        ]
        .spacing(12)
        .padding(20),
        Mode::List | Mode::Closed => {
            page.push(screen.list.view(&pipeline.stages).map(Message::List))
        }
    }
}

/// Sums in several currencies, the usual one first and the rest by code, in one order wherever
/// they are listed: the figures of the strip had named SEK and USD in different orders.
fn money_list(amounts: impl IntoIterator<Item = Money>, usual: Currency) -> String {
    let mut amounts: Vec<Money> = amounts.into_iter().collect();
    amounts.sort_by_key(|m| (m.currency != usual, m.currency.code().to_string()));
    let parts: Vec<String> = amounts.iter().map(|m| m.display()).collect();
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join(" + ")
    }
}

fn forecast_strip(screen: &Pipeline) -> Element<'_, Message> {
    let totals: Vec<&StageTotal> = screen.columns.iter().flat_map(|c| &c.totals).collect();
    let open_deals: i64 = totals.iter().map(|t| t.deals).sum();
    let by_currency = |pick: fn(&StageTotal) -> Money| {
        let mut sums: Vec<Money> = Vec::new();
        for t in &totals {
            let m = pick(t);
            match sums.iter_mut().find(|s| s.currency == m.currency) {
                Some(sum) => *sum = sum.checked_add(m).unwrap_or(*sum),
                None => sums.push(m),
            }
        }
        sums
    };
    let figure = |label: &'static str, value: String| {
        column![
            text(label).size(12).style(theme::muted_text),
            text(value).size(18)
        ]
        .spacing(2)
    };
    let forecast = screen.forecast.clone().unwrap_or_default();
    let usual = screen.usual_currency();
    container(
        row![
            figure("Open deals", open_deals.to_string()),
            figure(
                "Open pipeline",
                money_list(by_currency(|t| t.amount), usual)
            ),
            figure(
                "Weighted pipeline",
                money_list(by_currency(|t| t.weighted), usual)
            ),
            figure(
                "Expected this month (weighted)",
                money_list(forecast.month, usual)
            ),
            figure(
                "Expected this quarter (weighted)",
                money_list(forecast.quarter, usual)
            ),
        ]
        .spacing(32)
        // In a narrow window the figures go onto a second line rather than be cut ("€14,3").
        .wrap()
        .vertical_spacing(8),
    )
    .padding([10, 16])
    .style(theme::card)
    .width(Length::Fill)
    .into()
}

/// Scrolls the board so column `column` of `columns` is in view: a card moved with Shift+→ into a
/// stage beyond the window's edge went out of sight. Snapping in proportion keeps column i of n
/// equal columns in view, whatever the window's width.
pub(super) fn follow(column: usize, columns: usize) -> iced::Task<Message> {
    let last = columns.saturating_sub(1);
    let x = if last == 0 {
        0.0
    } else {
        column as f32 / last as f32
    };
    iced::widget::operation::snap_to(BOARD_ID, scrollable::RelativeOffset { x, y: 0.0 })
}

fn board(screen: &Pipeline) -> Element<'_, Message> {
    let over = screen.dragging.and_then(|d| d.over);
    let mut columns = row![].spacing(12).height(Length::Fill);
    for (i, c) in screen.columns.iter().enumerate() {
        columns = columns.push(board_column(
            i,
            c,
            screen.column == i,
            over == Some(Target::Stage(c.stage.id)),
            screen.usual_currency(),
        ));
    }
    let board = scrollable(columns)
        .id(BOARD_ID)
        .direction(scrollable::Direction::Horizontal(
            scrollable::Scrollbar::default(),
        ))
        .width(Length::Fill);
    // Won and Lost stay in view beside the stages, however many there are to scroll through:
    // a card can be dropped on them without scrolling while it is dragged.
    row![
        // Letting go anywhere ends a drag; a drop on a column is handled before this.
        mouse_area(board).on_release(Message::DragEnded),
        drop_zones(screen.dragging.is_some(), over),
    ]
    .spacing(12)
    .height(Length::Fill)
    .into()
}

fn board_column(
    i: usize,
    c: &BoardColumn,
    current: bool,
    target: bool,
    usual: Currency,
) -> Element<'_, Message> {
    let count = count(c.cards.total(), "deal");
    let header = column![
        row![
            text(c.stage.fields.name.as_str())
                .size(16)
                .width(Length::Fill),
            text(format!("{}%", c.stage.fields.probability))
                .size(12)
                .style(theme::muted_text)
        ]
        .align_y(Alignment::Center),
        text(format!(
            "{count} · {}",
            money_list(c.totals.iter().map(|t| t.amount), usual)
        ))
        .size(13),
        text(format!(
            "weighted {}",
            money_list(c.totals.iter().map(|t| t.weighted), usual)
        ))
        .size(12)
        .style(theme::muted_text),
    ]
    .spacing(2);
    let cards: Element<'_, Message> = if c.cards.is_loaded() && c.cards.total() == 0 {
        container(
            text("No deals in this stage")
                .size(13)
                .style(theme::muted_text),
        )
        .padding(8)
        .into()
    } else {
        c.cards.view(
            column_id(i),
            move |v| Message::ColumnScrolled(i, v),
            move |index, card, selected| card_view(i, index, card, selected && current),
        )
    };
    let body = column![header, cards].spacing(8).height(Length::Fill);
    mouse_area(
        container(body)
            .padding(10)
            .width(COLUMN_WIDTH)
            .height(Length::Fill)
            .style(theme::board_column(target)),
    )
    .on_enter(Message::DragOver(Target::Stage(c.stage.id)))
    .on_release(Message::Dropped(Target::Stage(c.stage.id)))
    .into()
}

fn card_view(
    column: usize,
    index: u64,
    card: Option<&DealCard>,
    selected: bool,
) -> Element<'_, Message> {
    let Some(d) = card else {
        return Space::new().height(CARD_HEIGHT).width(Length::Fill).into();
    };
    // An open deal whose close day has gone by says so: it had read "closes 15 Oct 2026" like
    // any other, while it had dropped out of every forecast figure.
    let today = chrono::Local::now().date_naive();
    let (close, overdue) = match d.expected_close {
        Some(date) if date < today => (
            format!("should have closed {}", date.format("%-d %b %Y")),
            true,
        ),
        Some(date) => (format!("closes {}", date.format("%-d %b %Y")), false),
        None => ("no close date".to_string(), false),
    };
    let small = |s: String| {
        text(s)
            .size(12)
            .style(theme::muted_text)
            .wrapping(text::Wrapping::None)
    };
    let who = [d.company.as_deref(), d.contact.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let content = column![
        text(fit::fitted(&d.title, 14.0, CARD_TEXT))
            .size(14)
            .wrapping(text::Wrapping::None),
        text(fit::fitted(&who, 12.0, CARD_TEXT).into_owned())
            .size(12)
            .style(theme::muted_text)
            .wrapping(text::Wrapping::None),
        row![
            text(d.amount.display()).size(14).width(Length::Fill),
            text(format!("{}%", d.probability))
                .size(12)
                .style(theme::muted_text)
        ],
        if overdue {
            text(close)
                .size(12)
                .style(theme::error_text)
                .wrapping(text::Wrapping::None)
        } else {
            small(close)
        },
        row![
            small(if d.owner.is_empty() {
                "no owner".to_string()
            } else {
                d.owner.clone()
            })
            .width(Length::Fill),
            small(match days_in_stage(d) {
                1 => "1 day in stage".to_string(),
                n => format!("{n} days in stage"),
            }),
        ],
    ]
    .spacing(2);
    let card = container(content)
        .padding(8)
        .width(Length::Fill)
        .height(CARD_HEIGHT - 8.0)
        .clip(true)
        .style(theme::board_card(selected));
    // Clear of the column's scroll bar, which is drawn over its content: it had covered the
    // card's right edge ("10%", "days in stage").
    mouse_area(
        container(card)
            .height(CARD_HEIGHT)
            .padding(iced::Padding::ZERO.right(SCROLLBAR)),
    )
    .on_press(Message::CardPressed(column, index, d.id))
    .interaction(iced::mouse::Interaction::Grab)
    .into()
}

fn drop_zones(dragging: bool, over: Option<Target>) -> Element<'static, Message> {
    let zone = |label: &'static str, hint: &'static str, target: Target| {
        mouse_area(
            container(
                column![
                    text(label).size(16),
                    text(hint).size(12).style(theme::muted_text)
                ]
                .spacing(4)
                .align_x(Alignment::Center),
            )
            .center_x(Length::Fixed(150.0))
            .center_y(Length::Fill)
            .style(theme::board_column(over == Some(target))),
        )
        .on_enter(Message::DragOver(target))
        .on_release(Message::Dropped(target))
    };
    let hint = if dragging {
        "drop here"
    } else {
        "drag a card here"
    };
    column![
        zone("Won", hint, Target::Won),
        zone("Lost", hint, Target::Lost)
    ]
    .spacing(12)
    .height(Length::Fill)
    .into()
}

fn selection_bar(screen: &Pipeline) -> Element<'_, Message> {
    let Some(card) = screen.selected_card() else {
        return text("Click a deal or use the arrow keys to select it; Enter edits it, Shift+← / Shift+→ moves it a stage, Alt+W marks it won, Alt+X lost, Delete deletes it.")
            .size(13)
            .style(theme::muted_text)
            .into();
    };
    let neighbour = |step: isize| {
        screen
            .column
            .checked_add_signed(step)
            .and_then(|i| screen.columns.get(i))
            .map(|c| Message::MoveSelected(Target::Stage(c.stage.id)))
    };
    let mut buttons = row![
        button(text("Edit…"))
            .on_press(Message::EditDeal)
            .style(button::secondary),
        button(text("← Previous stage"))
            .on_press_maybe(neighbour(-1))
            .style(button::secondary),
        button(text("Next stage →"))
            .on_press_maybe(neighbour(1))
            .style(button::secondary),
        button(text("Won"))
            .on_press(Message::MoveSelected(Target::Won))
            .style(button::success),
        button(text("Lost…"))
            .on_press(Message::MoveSelected(Target::Lost))
            .style(button::danger),
        button(text("Delete"))
            .on_press(Message::DeleteSelected)
            .style(button::secondary),
    ]
    .spacing(8)
    .align_y(Alignment::Center);
    if let Some(contact) = card.contact_id {
        buttons = buttons.push(keyed_button(
            button(text("Open contact"))
                .on_press(Message::OpenContact(contact))
                .style(button::text),
            Message::OpenContact(contact),
        ));
    }
    // The deal on a line of its own, cut with "…", and the actions under it, flowing onto a
    // second line in a narrow window: beside them the title wrapped a word per line and the bar
    // grew until the board above was a sliver.
    let bar = column![
        one_line(
            format!("{} — {}", card.title, card.amount.display()),
            16.0,
            |t| t
        ),
        buttons.wrap().vertical_spacing(6),
    ]
    .spacing(6);
    container(bar)
        .padding([8, 12])
        .style(theme::card)
        .width(Length::Fill)
        .into()
}

/// Days a deal has waited in its stage, for its card.
fn days_in_stage(card: &DealCard) -> i64 {
    // Days on the user's calendar: in Tokyo a deal moved at 8:30 was a day in its stage at 9:30.
    crate::domain::forecast::days_between(
        card.stage_changed_at.date_local(),
        crate::domain::Timestamp::now().date_local(),
    )
}
