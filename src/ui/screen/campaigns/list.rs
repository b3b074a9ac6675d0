//! Every campaign in one results table: reach, response and conversion rates, revenue, cost and
//! ROI side by side, sortable by any of them, with ROI drawn as bars on one shared scale.

use chrono::Datelike;
use iced::widget::{Space, button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::campaign::{RoiBar, RoiScale};
use crate::domain::{CampaignId, roi_percent};
use crate::store::{CampaignSummary, Shared, SortDir};
use crate::ui::screen::{Action, Destination, export};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::paged::scroll_to;
use crate::ui::widget::{empty_state, one_line, sort_header, title_bar};
use crate::ui::workspace::Workspace;
use crate::words::count;

mod order;
use order::compare;

const LIST_ID: &str = "campaigns-list";
const ROW_HEIGHT: f32 = 48.0;
/// Rows Page Up / Page Down move by: about one screenful of campaign rows.
const PAGE_ROWS: i64 = 10;

/// What the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Name,
    Start,
    Members,
    ResponseRate,
    ConversionRate,
    Revenue,
    Cost,
    Roi,
}

pub struct List {
    rows: Vec<CampaignSummary>,
    loaded: bool,
    error: Option<String>,
    sort: Sort,
    dir: SortDir,
    selected: Option<usize>,
    /// A campaign to select once the list holds it (one just created, not yet read back).
    wanted: Option<CampaignId>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<Vec<CampaignSummary>>),
    SortBy(Sort),
    /// Handled by the screen, which opens the campaign's page.
    Open(CampaignId),
    /// Handled by the screen, which opens the editor.
    New,
    /// Export… the list as CSV.
    Export,
    Deleted(Shared<()>),
}

impl List {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        let mut list = List {
            rows: Vec::new(),
            loaded: false,
            error: None,
            sort: Sort::Start,
            dir: SortDir::Desc,
            selected: None,
            wanted: None,
        };
        let task = list.refresh(workspace);
        (list, task)
    }

    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        workspace.run(|s| s.campaigns(), Message::Loaded)
    }

    pub fn selected_id(&self) -> Option<CampaignId> {
        self.selected.and_then(|i| self.rows.get(i)).map(|r| r.id)
    }

    /// Marks a campaign as the selected row, so returning to the list lands on it.
    pub fn select_id(&mut self, id: CampaignId) {
        match self.rows.iter().position(|r| r.id == id) {
            Some(i) => self.selected = Some(i),
            None => self.wanted = Some(id),
        }
    }

    /// Scrolls the selected row into view (after coming back from a campaign's page).
    pub fn reveal_selected<M: Send + 'static>(&self) -> Task<M> {
        match self.selected {
            Some(i) => scroll_to(LIST_ID, (i as f32 - 3.0).max(0.0) * ROW_HEIGHT),
            None => Task::none(),
        }
    }

    pub fn update(&mut self, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok(rows)) => {
                // By id: the row's place may have changed, and a new campaign was not there.
                let selected = self.wanted.take().or_else(|| self.selected_id());
                self.rows = rows;
                self.loaded = true;
                self.error = None;
                self.resort(selected);
                Action::None
            }
            Message::Loaded(Err(e)) => {
                self.error = Some(format!("The campaigns could not be read: {e}"));
                Action::None
            }
            Message::SortBy(sort) => {
                self.dir = match (self.sort == sort, self.dir) {
                    (true, SortDir::Asc) => SortDir::Desc,
                    (true, SortDir::Desc) => SortDir::Asc,
                    // Figures read best largest first; names and dates from the start.
                    (false, _) if sort == Sort::Name => SortDir::Asc,
                    (false, _) => SortDir::Desc,
                };
                self.sort = sort;
                let selected = self.selected_id();
                self.resort(selected);
                Action::None
            }
            Message::Deleted(Ok(())) => Action::Changed { then: None },
            Message::Deleted(Err(e)) => {
                Action::Failed(format!("The campaign could not be deleted: {e}"))
            }
            // The screen handles these before they reach the list.
            Message::Open(_) | Message::New => Action::None,
            Message::Export => Action::Open(Destination::Export(export::Source::all(
                export::List::Campaigns,
            ))),
        }
    }

    fn resort(&mut self, keep: Option<CampaignId>) {
        let (sort, dir) = (self.sort, self.dir);
        self.rows.sort_by(|a, b| compare(a, b, sort, dir));
        self.selected = match keep {
            Some(id) => self.rows.iter().position(|r| r.id == id),
            None => self.selected.filter(|&i| i < self.rows.len()),
        };
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        let last = self.rows.len() as i64 - 1;
        let step = match intent {
            Intent::Up => -1,
            Intent::Down => 1,
            Intent::PageUp => -PAGE_ROWS,
            Intent::PageDown => PAGE_ROWS,
            Intent::First => -last - 1,
            Intent::Last => last + 1,
            Intent::Delete => {
                return match self.selected_id() {
                    Some(id) => Action::Run(workspace.run(move |s| s.delete(id), Message::Deleted)),
                    None => Action::None,
                };
            }
            _ => return Action::None,
        };
        if last < 0 {
            return Action::None;
        }
        let next = match self.selected {
            None if step < 0 => last,
            None => 0,
            Some(i) => (i as i64 + step).clamp(0, last),
        };
        self.selected = Some(next as usize);
        Action::Run(scroll_to(
            LIST_ID,
            (next as f32 - 3.0).max(0.0) * ROW_HEIGHT,
        ))
    }

    pub fn view(&self) -> Element<'_, Message> {
        let new = button(text("New campaign"))
            .on_press(Message::New)
            .style(button::primary);
        let export = button(text("Export…"))
            .on_press_maybe((!self.rows.is_empty()).then_some(Message::Export))
            .style(button::secondary);
        let mut page = column![title_bar("Campaigns", [export.into(), new.into()])].spacing(12);
        if let Some(e) = &self.error {
            page = page.push(text(e.as_str()).style(theme::error_text));
        }
        if !self.loaded {
            return page
                .push(empty_state("Loading campaigns…", "", None))
                .padding(20)
                .into();
        }
        if self.rows.is_empty() {
            return page
                .push(empty_state(
                    "No campaigns yet",
                    "A campaign targets a saved filter of contacts, records who was sent, opened, \
                     responded and converted, and compares revenue with what it cost.",
                    Some(("New campaign", Message::New)),
                ))
                .padding(20)
                .into();
        }
        // Below WIDE the "ROI compared" bars give their room to the amounts, which had been cut
        // to "€1,0…" at 1024 pixels.
        let table = iced::widget::responsive(|room| {
            let columns = Columns::fitting(room.width);
            column![self.header(columns), self.table(columns)].into()
        });
        page.push(text(self.totals()).size(13).style(theme::muted_text))
            .push(table)
            .padding(20)
            .into()
    }

    /// "6 campaigns · €11,600.00 spent · €14,020.00 revenue · ROI 21%" (totals only when every
    /// campaign uses one currency, since amounts in different currencies do not add up).
    fn totals(&self) -> String {
        let count = count(self.rows.len() as u64, "campaign");
        let Some(first) = self.rows.first() else {
            return count;
        };
        let currency = first.cost.currency;
        if self.rows.iter().any(|r| r.cost.currency != currency) {
            return format!("{count} · in several currencies");
        }
        let cost = self
            .rows
            .iter()
            .try_fold(crate::domain::Money::zero(currency), |sum, r| {
                sum.checked_add(r.cost)
            });
        let revenue = self
            .rows
            .iter()
            .try_fold(crate::domain::Money::zero(currency), |sum, r| {
                sum.checked_add(r.revenue)
            });
        match (cost, revenue) {
            (Some(cost), Some(revenue)) => {
                let roi = roi_percent(revenue, cost).map_or("no ROI yet".to_string(), |r| {
                    format!("ROI {}", crate::domain::campaign::roi_label(r))
                });
                format!(
                    "{count} · {} spent · {} revenue · {roi}",
                    cost.display(),
                    revenue.display()
                )
            }
            _ => count,
        }
    }

    fn header(&self, c: Columns) -> Element<'_, Message> {
        let sortable = |label: &'static str, sort: Sort, portion: u16| -> Element<'_, Message> {
            let sorted = (self.sort == sort).then_some(self.dir);
            sort_header(label, sorted, Message::SortBy(sort), portion)
        };
        let mut cells = row![
            sortable("Campaign", Sort::Name, c.name),
            sortable("Dates", Sort::Start, c.dates),
        ];
        if c.rates {
            cells = cells.extend([
                sortable("Members", Sort::Members, c.count),
                sortable("Response", Sort::ResponseRate, c.count),
                sortable("Conversion", Sort::ConversionRate, c.count + 1),
            ]);
        }
        cells = cells.extend([
            sortable("Revenue", Sort::Revenue, c.money),
            sortable("Cost", Sort::Cost, c.money),
            sortable("ROI", Sort::Roi, c.roi),
        ]);
        if let Some(bars) = c.bars {
            cells = cells.push(
                container(one_line("ROI compared", 13.0, |t| t)).width(Length::FillPortion(bars)),
            );
        }
        container(cells.spacing(8).align_y(Alignment::Center).padding([0, 12]))
            .style(theme::header_row)
            .into()
    }

    fn table(&self, columns: Columns) -> Element<'_, Message> {
        let scale = RoiScale::fitting(self.rows.iter().map(|r| r.roi_percent));
        let rows = self
            .rows
            .iter()
            .enumerate()
            .fold(column![], |list, (i, r)| {
                list.push(campaign_row(r, self.selected == Some(i), scale, columns))
            });
        scrollable(rows.width(Length::Fill))
            .id(LIST_ID)
            .height(Length::Fill)
            .into()
    }
}

/// The columns' shares of the row, for the width the table has.
#[derive(Debug, Clone, Copy)]
struct Columns {
    name: u16,
    dates: u16,
    /// Members and response (conversion takes one more).
    count: u16,
    money: u16,
    roi: u16,
    /// Members, response and conversion: left to the campaign's page in a narrow window, where
    /// they squeezed ROI to "-10…" (read as -10%) and the dates to three lines.
    rates: bool,
    /// The "ROI compared" bars, in a window wide enough for them.
    bars: Option<u16>,
}

impl Columns {
    /// The table's width from which the bars are shown.
    const WIDE: f32 = 1100.0;
    /// The table's width from which the rates are shown.
    const RATES: f32 = 680.0;

    fn fitting(width: f32) -> Columns {
        if width >= Self::WIDE {
            Columns {
                name: 11,
                dates: 9,
                count: 5,
                money: 7,
                roi: 5,
                rates: true,
                bars: Some(6),
            }
        } else if width >= Self::RATES {
            Columns {
                name: 10,
                dates: 7,
                count: 5,
                money: 7,
                roi: 4,
                rates: true,
                bars: None,
            }
        } else {
            Columns {
                name: 10,
                dates: 8,
                count: 5,
                money: 7,
                roi: 5,
                rates: false,
                bars: None,
            }
        }
    }
}

fn campaign_row(
    r: &CampaignSummary,
    selected: bool,
    scale: RoiScale,
    c: Columns,
) -> Element<'_, Message> {
    let funnel = r.funnel();
    let dates = match (r.starts_on, r.ends_on) {
        // Across a year the two days do not fit one line: break between them, not inside one.
        (Some(s), Some(e)) if s.year() != e.year() => dates(s, e).replace(" – ", " –\n"),
        (Some(s), Some(e)) => dates(s, e),
        (Some(s), None) => format!("from {}", day(s)),
        (None, Some(e)) => format!("until {}", day(e)),
        (None, None) => "—".to_string(),
    };
    let name = column![
        one_line(r.name.as_str(), 14.0, |t| t),
        one_line(
            format!("{} · {}", r.channel.label(), r.status.label()),
            12.0,
            |t| t.style(theme::muted_text)
        ),
    ]
    .spacing(2);
    let rate = |rate: Option<crate::domain::campaign::Rate>| {
        rate.map_or("—".to_string(), |r| r.to_string())
    };
    // An amount wraps onto a second line rather than being cut ("1,234,567.90 / SEK").
    let money = |m: &crate::domain::Money| -> Element<'_, Message> {
        container(
            text(m.display())
                .size(14)
                .wrapping(text::Wrapping::WordOrGlyph),
        )
        .width(Length::FillPortion(c.money))
        .clip(true)
        .into()
    };
    let mut cells = row![
        container(name)
            .width(Length::FillPortion(c.name))
            .clip(true),
        // Two lines when it must ("31 Dec 2026 – 31 Jan 2027" does not fit one): the row has
        // room for them beside the name and its channel line.
        container(text(dates).size(14).wrapping(text::Wrapping::WordOrGlyph))
            .width(Length::FillPortion(c.dates))
            .clip(true),
    ]
    .spacing(8)
    .align_y(Alignment::Center);
    if c.rates {
        cells = cells.extend([
            cell(r.members.to_string(), c.count),
            cell(rate(funnel.response_rate()), c.count),
            cell(rate(funnel.conversion_rate()), c.count + 1),
        ]);
    }
    cells = cells.extend([
        money(&r.revenue),
        money(&r.cost),
        // Wide enough for "-100%" whole: cut, it read "-10…".
        cell(
            r.roi_percent
                .map_or("—".to_string(), crate::domain::campaign::roi_label),
            c.roi,
        ),
    ]);
    if let Some(bars) = c.bars {
        cells =
            cells.push(container(roi_chart(scale, r.roi_percent)).width(Length::FillPortion(bars)));
    }
    button(container(cells).center_y(Length::Fill))
        .on_press(Message::Open(r.id))
        .style(theme::list_row(selected))
        .padding([0, 12])
        .height(ROW_HEIGHT)
        .width(Length::Fill)
        .into()
}

fn cell<'a>(value: String, portion: u16) -> Element<'a, Message> {
    crate::ui::widget::cell(value, portion)
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// "6 Oct – 5 Nov 2026", naming the year once when both days share it.
pub fn dates(start: chrono::NaiveDate, end: chrono::NaiveDate) -> String {
    if start.year() == end.year() {
        format!("{} – {}", start.format("%-d %b"), day(end))
    } else {
        format!("{} – {}", day(start), day(end))
    }
}

/// One campaign's ROI as a bar from a zero axis: losses left, gains right, on the scale shared by
/// the whole table.
pub fn roi_chart<'a, M: 'a>(scale: RoiScale, roi: Option<i64>) -> Element<'a, M> {
    const BAR: f32 = 14.0;
    let (loss_side, gain_side) = scale.sides();
    let bar = scale.bar(roi);
    let filled = |share: u16, style: fn(&iced::Theme) -> container::Style| -> Element<'a, M> {
        container(Space::new())
            .width(Length::FillPortion(share))
            .height(BAR)
            .style(style)
            .into()
    };
    let gap =
        |share: u16| -> Element<'a, M> { Space::new().width(Length::FillPortion(share)).into() };
    let mut chart = row![].align_y(Alignment::Center).height(20);
    if loss_side > 0 {
        let mut side = row![].align_y(Alignment::Center);
        match bar {
            RoiBar::Loss(share) if share > 0 => {
                if share < 1000 {
                    side = side.push(gap(1000 - share));
                }
                side = side.push(filled(share, theme::roi_loss));
            }
            _ => side = side.push(gap(1000)),
        }
        chart = chart.push(side.width(Length::FillPortion(loss_side)));
    }
    chart = chart.push(
        container(Space::new())
            .width(1)
            .height(20)
            .style(theme::roi_axis),
    );
    if gain_side > 0 {
        let mut side = row![].align_y(Alignment::Center);
        match bar {
            RoiBar::Gain(share) if share > 0 => {
                side = side.push(filled(share, theme::roi_gain));
                if share < 1000 {
                    side = side.push(gap(1000 - share));
                }
            }
            _ => side = side.push(gap(1000)),
        }
        chart = chart.push(side.width(Length::FillPortion(gain_side)));
    }
    chart.width(Length::Fill).into()
}
