//! The owner's landing view: the headline figures (open pipeline, weighted forecast, won this
//! month, open tickets, satisfaction, campaign return) and the four dashboard charts — pipeline
//! funnel, revenue by month with the forecast, ticket volume with CSAT, campaign ROI — drawn by the
//! same chart functions as `kith report`. A figure opens the screen it summarises.

use chrono::Local;
use iced::widget::{Space, button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use super::{Action, Destination, Section};
use crate::charts::{Chart, Palette};
use crate::domain::Timestamp;
use crate::domain::dashboard::{CampaignReturn, Kpis, PipelineFunnel, RevenueByMonth, TicketMonth};
use crate::store::Shared;
use crate::ui::theme;
use crate::ui::widget::chart::{ChartCache, chart};
use crate::ui::widget::{empty_state, title_bar};
use crate::ui::workspace::Workspace;

/// Months of forecast after the current one.
const FORECAST_AHEAD: u32 = 3;
const CHART_HEIGHT: f32 = 320.0;

pub struct Dashboard {
    figures: Option<Figures>,
    error: Option<String>,
    /// Which read is the latest; older answers are dropped.
    generation: u64,
    charts: [ChartCache; 4],
}

#[derive(Debug, Clone)]
pub struct Figures {
    kpis: Kpis,
    funnel: Option<PipelineFunnel>,
    revenue: RevenueByMonth,
    tickets: Vec<TicketMonth>,
    campaigns: Vec<CampaignReturn>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(u64, Shared<Box<Figures>>),
    Retry,
    Open(Destination),
}

impl Dashboard {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        let mut screen = Dashboard {
            figures: None,
            error: None,
            generation: 0,
            charts: Default::default(),
        };
        let task = screen.refresh(workspace);
        (screen, task)
    }

    /// Re-reads every figure after the workspace changed.
    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        self.generation += 1;
        let generation = self.generation;
        let today = Local::now().date_naive();
        let now = Timestamp::now();
        workspace.run(
            move |s| {
                Ok(Box::new(Figures {
                    kpis: s.kpis(today, now)?,
                    funnel: s.pipeline_funnel()?,
                    revenue: s.revenue_by_month(today, FORECAST_AHEAD)?,
                    tickets: s.ticket_months(today)?,
                    campaigns: s.campaign_returns()?,
                }))
            },
            move |r| Message::Loaded(generation, r),
        )
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(generation, _) if generation != self.generation => Action::None,
            Message::Loaded(_, Ok(figures)) => {
                self.figures = Some(*figures);
                self.error = None;
                for cache in &self.charts {
                    cache.clear();
                }
                Action::None
            }
            Message::Loaded(_, Err(e)) => {
                self.error = Some(format!("The dashboard could not be read: {e}"));
                Action::None
            }
            Message::Retry => Action::Run(self.refresh(workspace)),
            Message::Open(to) => Action::Open(to),
        }
    }

    pub fn view(&self, palette: Palette) -> Element<'_, Message> {
        let body: Element<'_, Message> = if let Some(error) = &self.error {
            empty_state(
                "The dashboard could not be read",
                error.as_str(),
                Some(("Try again", Message::Retry)),
            )
        } else if let Some(f) = &self.figures {
            self.figures_view(f, palette)
        } else {
            container(text("Reading the figures…").style(theme::muted_text))
                .center(Length::Fill)
                .into()
        };
        column![title_bar("Dashboard", []), body]
            .spacing(16)
            .padding(20)
            .into()
    }

    fn figures_view<'a>(&'a self, f: &'a Figures, palette: Palette) -> Element<'a, Message> {
        let k = &f.kpis;
        let csat = match k.csat {
            Some(v) => format!("{v:.1} / 5"),
            None => "—".to_string(),
        };
        let roi = k.campaign_roi_text().unwrap_or_else(|| "—".to_string());
        let kpis = row![
            kpi("Open pipeline", k.open_pipeline_text(), Section::Pipeline),
            kpi(
                "Weighted forecast, this quarter",
                k.weighted_forecast_text(),
                Section::Pipeline
            ),
            // The deals it adds up, not the board of open ones.
            kpi(
                "Won this month",
                k.won_this_month_text(),
                Destination::ClosedDeals
            ),
            kpi("Open tickets", k.open_tickets_text(), Section::Tickets),
            kpi(
                &format!(
                    "Satisfaction ({})",
                    crate::words::count(k.csat_ratings, "rating")
                ),
                csat,
                Section::Tickets
            ),
            kpi(&k.campaign_return_title(), roi, Section::Campaigns),
        ]
        .spacing(12)
        .wrap();
        let [funnel, revenue, tickets, campaigns] = &self.charts;
        let funnel_chart = match &f.funnel {
            Some(data) => chart(
                Chart::PipelineFunnel(data),
                palette.clone(),
                funnel,
                CHART_HEIGHT,
            ),
            None => container(
                text(
                    "No pipeline yet: create the first deal on the Pipeline screen and Kith sets \
                     up a standard one.",
                )
                .style(theme::muted_text),
            )
            .center_x(Length::Fill)
            .padding(40)
            .into(),
        };
        // One chart per row: at half the width, month and campaign labels crowd each other.
        let charts = column![
            funnel_chart,
            chart(
                Chart::RevenueByMonth(&f.revenue),
                palette.clone(),
                revenue,
                CHART_HEIGHT
            ),
            chart(
                Chart::TicketTrend(&f.tickets),
                palette.clone(),
                tickets,
                CHART_HEIGHT
            ),
            chart(
                Chart::CampaignRoi(&f.campaigns),
                palette,
                campaigns,
                CHART_HEIGHT
            ),
        ]
        .spacing(12);
        scrollable(
            column![
                kpis,
                charts,
                Space::new().height(8),
                text("The same charts, as files to e-mail or print: kith report --db FILE --out FOLDER")
                    .size(12)
                    .style(theme::muted_text),
            ]
            .spacing(16)
            .padding(iced::Padding::ZERO.right(16)),
        )
        .id(crate::ui::widget::page_keys::PAGE_ID)
        .height(Length::Fill)
        .into()
    }
}

/// A headline figure that opens the screen it comes from.
fn kpi<'a>(label: &str, value: String, opens: impl Into<Destination>) -> Element<'a, Message> {
    button(
        column![
            text(label.to_string()).size(12).style(theme::muted_text),
            text(value).size(22),
        ]
        .spacing(2)
        .align_x(Alignment::Start),
    )
    .on_press(Message::Open(opens.into()))
    .padding([10, 14])
    .style(theme::choice)
    .into()
}
