//! Every deal as a sortable, filterable table (owner, expected close range, amount), and the closed
//! deals — won and lost, with the reason — which can be reopened.

use std::collections::BTreeMap;

use iced::widget::{Space, button, column, container, row, scrollable, text, tooltip};
use iced::{Alignment, Element, Length, Task};

use crate::domain::{Currency, DealId, DealStatus, Money, PipelineId, Stage, StageOutcome};
use crate::store::{DealCard, DealDates, DealQuery, DealSort, Page, Shared, SortDir};
use crate::ui::screen::{Action, Destination, export};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::paged::{Fetch, Paged, ROW_HEIGHT};
use crate::ui::widget::{Pick, cell, empty_state, local_date, sort_header};
use crate::ui::workspace::Workspace;
use crate::words::count;

const LIST_ID: &str = "deal-list";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Filter {
    CloseFrom,
    CloseTo,
    MinAmount,
    MaxAmount,
}

#[derive(Default)]
pub struct DealList {
    closed: bool,
    query: DealQuery,
    list: Paged<DealCard>,
    owners: Vec<Pick<String>>,
    /// The currency an amount typed without a code is in: the one most deals use.
    currency: Option<Currency>,
    typed: BTreeMap<Filter, String>,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Scrolled(scrollable::Viewport),
    PageLoaded(Fetch, Shared<Page<DealCard>>),
    OwnersLoaded(Shared<(Vec<String>, Currency)>),
    SortBy(DealSort),
    OwnerPicked(Pick<String>),
    FilterChanged(Filter, String),
    FiltersApplied,
    FiltersCleared,
    Clicked(u64, DealId),
    Reopen(DealId),
    Saved(Shared<()>),
}

impl DealList {
    /// What the list shows, for an export of just that, when its filters narrow it: the closed
    /// deals, an owner, a close-date or amount range, or one of `several` pipelines.
    pub fn shown(&self, several: bool) -> Option<export::Shown> {
        let q = &self.query;
        let narrowed = q.statuses.is_some()
            || q.owner.is_some()
            || q.close_from.is_some()
            || q.close_to.is_some()
            || q.min_amount.is_some()
            || q.max_amount.is_some()
            || (several && q.pipeline.is_some());
        narrowed.then(|| export::Shown::Deals {
            query: q.clone(),
            count: self.list.total(),
        })
    }

    pub fn set_closed(&mut self, closed: bool) {
        if self.closed != closed {
            // The dates mean another day there (expected close, or the day it closed): kept, the
            // list's "Closing from" became Won & lost's "Closed from" unseen and matched nothing.
            self.query.close_from = None;
            self.query.close_to = None;
            self.typed.remove(&Filter::CloseFrom);
            self.typed.remove(&Filter::CloseTo);
        }
        self.closed = closed;
        self.query.statuses = closed.then(|| vec![DealStatus::Won, DealStatus::Lost]);
        self.query.dates = if closed {
            DealDates::Closed
        } else {
            DealDates::ExpectedClose
        };
        self.query.sort = if closed {
            DealSort::Closed
        } else {
            DealSort::Amount
        };
        self.query.dir = SortDir::Desc;
    }

    pub fn refresh(
        &mut self,
        workspace: &Workspace,
        pipeline: Option<PipelineId>,
    ) -> Task<Message> {
        self.query.pipeline = pipeline;
        let fetch = self.list.restart();
        Task::batch([
            self.read(workspace, fetch),
            workspace.run(
                |s| Ok((s.deal_owners()?, s.deal_currency()?)),
                Message::OwnersLoaded,
            ),
        ])
    }

    fn read(&self, workspace: &Workspace, fetch: Fetch) -> Task<Message> {
        read_page(workspace, &self.query, fetch)
    }

    pub fn update(
        &mut self,
        workspace: &Workspace,
        pipeline: Option<PipelineId>,
        message: Message,
    ) -> Action<Message> {
        match message {
            Message::Scrolled(viewport) => self
                .list
                .scrolled_to(viewport)
                .map_or(Action::None, |f| Action::Run(self.read(workspace, f))),
            Message::PageLoaded(fetch, page) => match self.list.arrived(fetch, page) {
                Ok(()) => Action::None,
                Err(e) => Action::Failed(format!("The deals could not be read: {e}")),
            },
            Message::OwnersLoaded(Ok((owners, currency))) => {
                self.currency = Some(currency);
                self.owners = std::iter::once(Pick::Any("Any owner"))
                    .chain(owners.into_iter().map(Pick::One))
                    .collect();
                Action::None
            }
            Message::OwnersLoaded(Err(e)) => Action::Failed(e.to_string()),
            Message::SortBy(sort) => {
                self.query.dir = if self.query.sort == sort {
                    self.query.dir.flipped()
                } else {
                    SortDir::Asc
                };
                self.query.sort = sort;
                Action::Run(self.refresh(workspace, pipeline))
            }
            Message::OwnerPicked(owner) => {
                self.query.owner = owner.into_option();
                Action::Run(self.refresh(workspace, pipeline))
            }
            Message::FilterChanged(filter, value) => {
                self.typed.insert(filter, value);
                Action::None
            }
            Message::FiltersApplied => match self.parse_filters() {
                Ok(()) => Action::Run(self.refresh(workspace, pipeline)),
                Err(error) => {
                    self.error = Some(error);
                    Action::None
                }
            },
            Message::FiltersCleared => {
                self.typed.clear();
                self.error = None;
                self.query = DealQuery {
                    statuses: self.query.statuses.clone(),
                    ..DealQuery::default()
                };
                self.set_closed(self.closed);
                Action::Run(self.refresh(workspace, pipeline))
            }
            Message::Clicked(index, deal) => {
                self.list.select(index);
                Action::Open(Destination::Deal(deal))
            }
            Message::Reopen(deal) => {
                Action::Run(workspace.run(move |s| s.reopen_deal(deal).map(drop), Message::Saved))
            }
            Message::Saved(Ok(())) => Action::Changed { then: None },
            Message::Saved(Err(e)) => Action::Failed(format!("Not saved: {}", e.in_words())),
        }
    }

    /// Reads the typed filters into the query; a wrong one is named and nothing changes.
    fn parse_filters(&mut self) -> Result<(), String> {
        let text = |f: Filter| self.typed.get(&f).map_or("", |v| v.trim()).to_string();
        let date = |label: &str, t: String| -> Result<_, String> {
            if t.is_empty() {
                return Ok(None);
            }
            crate::domain::time::typed_day(&t)
                .map(Some)
                .ok_or_else(|| format!("{label}: {t:?} is not a date (write it as 2026-12-31)"))
        };
        // A bare number is in the currency the other bound names ("1000" to "200000 JPY" is a
        // range of yen), else in the one most deals use.
        let named = [Filter::MinAmount, Filter::MaxAmount]
            .into_iter()
            .find_map(|f| split_code(&text(f)).map(|(_, currency)| currency));
        let main = named.or(self.currency).unwrap_or(Currency::EUR);
        let amount = |label: &str, t: String| -> Result<_, String> {
            if t.is_empty() {
                return Ok(None);
            }
            let (number, currency) = with_currency(&t, main);
            Money::parse(number, currency)
                .map(Some)
                .map_err(|p| format!("{label}: {p}"))
        };
        let (from_label, until_label) = self.date_labels();
        // Every wrong filter is named at once, not one per press of Apply.
        let mut wrong = Vec::new();
        fn keep<T>(wrong: &mut Vec<String>, parsed: Result<Option<T>, String>) -> Option<T> {
            parsed.unwrap_or_else(|e| {
                wrong.push(e);
                None
            })
        }
        let close_from = keep(&mut wrong, date(from_label, text(Filter::CloseFrom)));
        let close_to = keep(&mut wrong, date(until_label, text(Filter::CloseTo)));
        let min_amount = keep(&mut wrong, amount("Amount from", text(Filter::MinAmount)));
        let max_amount = keep(&mut wrong, amount("Amount up to", text(Filter::MaxAmount)));
        if let (Some(from), Some(to)) = (close_from, close_to)
            && from > to
        {
            wrong.push(format!(
                "{from_label} is after {until_label}: no deal could match"
            ));
        }
        if let (Some(from), Some(to)) = (min_amount, max_amount) {
            if from.currency != to.currency {
                wrong.push(format!(
                    "Amount from is in {} and Amount up to in {}: a deal has one currency",
                    from.currency.code(),
                    to.currency.code()
                ));
            } else if from.minor > to.minor {
                wrong.push("Amount from is more than Amount up to: no deal could match".into());
            }
        }
        if !wrong.is_empty() {
            return Err(wrong.join(". "));
        }
        self.query.close_from = close_from;
        self.query.close_to = close_to;
        self.query.min_amount = min_amount;
        self.query.max_amount = max_amount;
        self.error = None;
        Ok(())
    }

    /// What the date filters are on: when deals are expected to close, or, among won and lost
    /// deals, when they closed (the date the list shows).
    fn date_labels(&self) -> (&'static str, &'static str) {
        if self.closed {
            ("Closed from", "Closed until")
        } else {
            ("Closing from", "Closing until")
        }
    }

    pub fn intent(
        &mut self,
        workspace: &Workspace,
        _pipeline: Option<PipelineId>,
        intent: Intent,
    ) -> Action<Message> {
        let query = self.query.clone();
        let read = |fetch| read_page(workspace, &query, fetch);
        if let Some(task) = self.list.navigation_tasks(intent, LIST_ID, read) {
            return Action::Run(task);
        }
        match intent {
            Intent::Open => self
                .list
                .selected_row()
                .map_or(Action::None, |d| Action::Open(Destination::Deal(d.id))),
            _ => Action::None,
        }
    }

    pub fn view<'a>(&'a self, stages: &'a [Stage]) -> Element<'a, Message> {
        let filter = |placeholder: &'static str, f: Filter| {
            crate::ui::widget::field::input(
                placeholder,
                self.typed.get(&f).map_or("", String::as_str),
            )
            .id(placeholder)
            .on_input(move |v| Message::FilterChanged(f, v))
            .on_submit(Message::FiltersApplied)
            .padding(6)
            .width(Length::FillPortion(2))
        };
        let owner = self
            .query
            .owner
            .clone()
            .map_or(Pick::Any("Any owner"), Pick::One);
        let filters = row![
            container(crate::ui::widget::choice_keys::keyed_pick(
                "deals-owner-filter",
                self.owners.as_slice(),
                Some(owner),
                Message::OwnerPicked
            ))
            .width(Length::FillPortion(2)),
            // The labels alone fit the fields ("Closed from (YYYY-M" was cut); a wrong date's
            // message gives the form dates take.
            filter(self.date_labels().0, Filter::CloseFrom),
            filter(self.date_labels().1, Filter::CloseTo),
            filter("Amount from", Filter::MinAmount),
            filter("Amount up to", Filter::MaxAmount),
            button(text("Apply"))
                .on_press(Message::FiltersApplied)
                .style(button::secondary),
            button(text("Clear"))
                .on_press(Message::FiltersCleared)
                .style(button::text),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let mut page = column![filters].spacing(8);
        if let Some(error) = &self.error {
            page = page.push(text(error.as_str()).size(13).style(theme::error_text));
        }
        let mut count = count(self.list.total(), "deal");
        if let Some(m) = self.query.min_amount.or(self.query.max_amount) {
            count += &format!(" in {} (amounts filter one currency)", m.currency.code());
        }
        page = page.push(text(count).size(13).style(theme::muted_text));
        if self.list.is_loaded() && self.list.total() == 0 {
            let q = &self.query;
            let filtered = q.owner.is_some()
                || q.close_from.is_some()
                || q.close_to.is_some()
                || q.min_amount.is_some()
                || q.max_amount.is_some();
            let body = match (self.closed, filtered) {
                (true, false) => "No deal has been won or lost yet.",
                (true, true) => "No won or lost deal matches these filters.",
                (false, _) => "No deals match these filters.",
            };
            return page.push(empty_state("No deals", body, None)).into();
        }
        // A narrow window drops the company (a deal's title names it) and the owner, rather than
        // cut every cell short: at 760 pixels the amounts read "€8,59…".
        let closed = self.closed;
        page.push(iced::widget::responsive(move |size| {
            let wide = size.width >= WIDE_LIST;
            let rows = self
                .list
                .view(LIST_ID, Message::Scrolled, move |i, deal, selected| {
                    deal_row(i, deal, selected, stages, closed, wide)
                });
            column![self.header(wide), rows].into()
        }))
        .into()
    }

    fn header(&self, wide: bool) -> Element<'_, Message> {
        let sortable = |label: &'static str, sort: DealSort, portion: u16| {
            let sorted = (self.query.sort == sort).then_some(self.query.dir);
            sort_header(label, sorted, Message::SortBy(sort), portion)
        };
        let company = wide.then(|| text("Company").size(13).width(Length::FillPortion(2)));
        let header = if self.closed {
            row![sortable("Deal", DealSort::Title, if wide { 4 } else { 3 })]
                .push(company)
                .push(text("Outcome").size(13).width(Length::Fixed(OUTCOME_WIDTH)))
                .push(sortable("Amount", DealSort::Amount, 2))
                .push(sortable("Closed", DealSort::Closed, 2))
                .push(text("Reason").size(13).width(Length::FillPortion(2)))
                .push(Space::new().width(Length::Fixed(REOPEN_WIDTH)))
        } else {
            row![sortable("Deal", DealSort::Title, 3)]
                .push(company)
                .push(sortable("Stage", DealSort::Stage, 2))
                .push(sortable("Amount", DealSort::Amount, 2))
                .push(sortable("Expected close", DealSort::ExpectedClose, 2))
                .push(wide.then(|| sortable("Owner", DealSort::Owner, 2)))
        };
        // Centred: the sortable headers are buttons, taller than the plain ones beside them.
        container(
            header
                .spacing(8)
                .padding([0, 12])
                .align_y(Alignment::Center),
        )
        .style(theme::header_row)
        .into()
    }
}

/// The narrowest list that shows every column.
const WIDE_LIST: f32 = 700.0;
/// The Reopen button's column.
const REOPEN_WIDTH: f32 = 80.0;

fn read_page(workspace: &Workspace, query: &DealQuery, fetch: Fetch) -> Task<Message> {
    let query = DealQuery {
        offset: fetch.offset,
        limit: fetch.limit,
        ..query.clone()
    };
    workspace.run(
        move |s| s.deals(&query),
        move |page| Message::PageLoaded(fetch, page),
    )
}

fn deal_row<'a>(
    index: u64,
    deal: Option<&'a DealCard>,
    selected: bool,
    stages: &'a [Stage],
    closed: bool,
    wide: bool,
) -> Element<'a, Message> {
    let Some(d) = deal else {
        return Space::new().height(ROW_HEIGHT).width(Length::Fill).into();
    };
    let stage = stages.iter().find(|s| s.id == d.stage_id);
    let company = wide.then(|| cell(d.company.as_deref().unwrap_or(""), 2));
    let cells = if closed {
        let outcome = stage.map_or(d.status.label(), |s| match s.fields.outcome {
            StageOutcome::Won => "Won",
            StageOutcome::Lost => "Lost",
            StageOutcome::Open => "Open",
        });
        row![cell(d.title.as_str(), if wide { 4 } else { 3 })]
            .push(company)
            .push(container(cell(outcome, 1)).width(Length::Fixed(OUTCOME_WIDTH)))
            .push(cell(d.amount.display(), 2))
            .push(cell(d.closed_at.map(local_date).unwrap_or_default(), 2))
            .push(reason_cell(&d.lost_reason))
            .push(
                button(text("Reopen").size(13))
                    .on_press(Message::Reopen(d.id))
                    .style(button::text)
                    .width(Length::Fixed(REOPEN_WIDTH)),
            )
    } else {
        row![cell(d.title.as_str(), 3)]
            .push(company)
            .push(cell(stage.map_or("", |s| s.fields.name.as_str()), 2))
            .push(cell(d.amount.display(), 2))
            .push(cell(
                d.expected_close
                    .map(|c| c.format("%-d %b %Y").to_string())
                    .unwrap_or_default(),
                2,
            ))
            .push(wide.then(|| cell(d.owner.as_str(), 2)))
    };
    button(container(cells.spacing(8).align_y(Alignment::Center)).center_y(Length::Fill))
        .on_press(Message::Clicked(index, d.id))
        .style(theme::list_row(selected))
        .padding([0, 12])
        .height(ROW_HEIGHT)
        .width(Length::Fill)
        .into()
}

/// The outcome column's width: a share of the row, it was narrower than its heading at 1024
/// pixels, and "Outcome" ran into "Amount".
const OUTCOME_WIDTH: f32 = 72.0;

/// Why a deal was lost, cut to its column, whole in a tooltip: "Chose a com…" could not be read
/// in full anywhere on the screen.
fn reason_cell(reason: &str) -> Element<'_, Message> {
    if reason.trim().is_empty() {
        return cell("", 2);
    }
    tooltip(
        container(cell(reason, 1)).width(Length::FillPortion(2)),
        container(text(reason).size(13))
            .max_width(360)
            .padding(6)
            .style(theme::notice),
        tooltip::Position::Bottom,
    )
    .into()
}

/// The number and currency of an amount filter: "150000 JPY" or "JPY 150000" in yen, a bare
/// number in `main`.
fn with_currency(typed: &str, main: Currency) -> (&str, Currency) {
    split_code(typed).unwrap_or((typed.trim(), main))
}

/// The number and the currency an amount names on either side of it, if it names one.
fn split_code(typed: &str) -> Option<(&str, Currency)> {
    let code = |word: &str| {
        (word.len() == 3 && word.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| Currency::new(&word.to_ascii_uppercase()).ok())
            .flatten()
            .filter(Currency::is_iso_4217)
    };
    let typed = typed.trim();
    if let Some((number, word)) = typed.rsplit_once(' ')
        && let Some(currency) = code(word)
    {
        return Some((number.trim(), currency));
    }
    if let Some((word, number)) = typed.split_once(' ')
        && let Some(currency) = code(word)
    {
        return Some((number.trim(), currency));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_filter_may_name_its_currency_on_either_side() {
        let eur = Currency::EUR;
        let jpy = Currency::new("JPY").unwrap();
        assert_eq!(with_currency(" 1,500 ", eur), ("1,500", eur));
        assert_eq!(with_currency("150000 jpy", eur), ("150000", jpy));
        assert_eq!(with_currency("JPY 150 000", eur), ("150 000", jpy));
        assert_eq!(with_currency("1 500", eur), ("1 500", eur));
    }

    /// "1000" to "200000 JPY" is a range of yen: it had been refused as euros against yen.
    #[test]
    fn a_bare_bound_takes_the_currency_the_other_names() {
        let jpy = Currency::new("JPY").unwrap();
        let mut list = DealList::default();
        list.typed.insert(Filter::MinAmount, "1000".into());
        list.typed.insert(Filter::MaxAmount, "200000 JPY".into());
        list.parse_filters().unwrap();
        assert_eq!(list.query.min_amount, Some(Money::new(1000, jpy)));
        assert_eq!(list.query.max_amount, Some(Money::new(200_000, jpy)));
        list.typed.insert(Filter::MinAmount, "1000 USD".into());
        assert!(
            list.parse_filters()
                .unwrap_err()
                .contains("a deal has one currency")
        );
    }
}
