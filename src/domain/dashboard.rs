//! The owner's dashboard figures as plain values: what the store reads and the charts draw. Money is
//! in minor units of one currency per figure (the workspace's main one).

use chrono::NaiveDate;
use serde::Serialize;

use super::money::{Currency, Money};

/// Open deals per stage of one pipeline, first stage first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PipelineFunnel {
    pub pipeline: String,
    pub currency: Currency,
    pub stages: Vec<FunnelStage>,
    /// The open deals of the other pipelines, which the funnel does not draw: named beside it, as
    /// the Open pipeline card counts them (the two had disagreed with no word why).
    pub others: Vec<OtherPipeline>,
}

/// A pipeline's open deals in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherPipeline {
    pub name: String,
    pub deals: u64,
    /// One amount per currency, in currency-code order.
    pub amounts: Vec<Money>,
}

impl PipelineFunnel {
    /// "Wholesale (2 deals, €53,009)", the pipelines with open deals that the funnel leaves out,
    /// with amounts written by `money`; `None` when there are none.
    pub fn others_text(&self, money: impl Fn(Money) -> String) -> Option<String> {
        let named: Vec<String> = self
            .others
            .iter()
            .filter(|p| p.deals > 0)
            .map(|p| {
                let amounts: Vec<String> = p.amounts.iter().map(|m| money(*m)).collect();
                let deals = crate::words::count(p.deals, "deal");
                format!("{} ({deals}, {})", p.name, amounts.join(" + "))
            })
            .collect();
        (!named.is_empty()).then(|| named.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunnelStage {
    pub stage: String,
    pub deals: u64,
    /// The open deals' amounts in the funnel's currency (deals in other currencies are counted in
    /// `deals` but not added here).
    pub amount_minor: i64,
    /// The open deals' amounts in each other currency, which no bar can add to the first.
    pub elsewhere: Vec<Money>,
}

/// Won revenue per calendar month, and the weighted forecast of open deals for the months ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevenueByMonth {
    pub currency: Currency,
    /// Oldest first: the past months (the current one included), then the months ahead.
    pub months: Vec<MonthRevenue>,
    /// The other currencies of deals won in these months or still open, which the figures (in
    /// `currency` only) leave out; said beside them, as the headline cards say theirs.
    pub left_out: Vec<Currency>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthRevenue {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Deals won (closed) in the month.
    pub won_minor: i64,
    /// Open deals expected to close in the month, each weighted by its probability; zero for
    /// months already past.
    pub forecast_minor: i64,
}

/// Support per calendar month: tickets opened, and the satisfaction of tickets resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketMonth {
    pub month: NaiveDate,
    pub opened: u64,
    /// Average rating 1–5 of the month's rated tickets; none when none was rated.
    pub csat: Option<f64>,
    pub ratings: u64,
}

/// One campaign's return, as the ROI chart shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignReturn {
    pub name: String,
    pub cost: Money,
    pub revenue: Money,
    /// Whole percent; none while nothing has been spent.
    pub roi_percent: Option<i64>,
}

/// The figures at the top of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    pub currency: Currency,
    /// Every open deal's amount.
    pub open_pipeline: Money,
    /// Open deals expected to close this quarter, each weighted by its probability.
    pub weighted_forecast: Money,
    pub won_this_month: Money,
    /// Open deals' amounts in each other currency, summed per currency: shown beside the main
    /// figure, never added to it as if the same money.
    pub open_elsewhere: Vec<Money>,
    /// Deals won this month in each other currency.
    pub won_elsewhere: Vec<Money>,
    /// The weighted forecast in each other currency (the pipeline screen shows "€14,377.50 +
    /// ¥15,000"; the dashboard had said €14,377.50 alone).
    pub forecast_elsewhere: Vec<Money>,
    /// New, open or pending tickets.
    pub open_tickets: u64,
    /// Average rating of the tickets resolved in the last `ticket::FIGURES_DAYS` days.
    pub csat: Option<f64>,
    pub csat_ratings: u64,
    /// The campaigns' revenue against their cost, in whole percent, in the currency most of them
    /// use (amounts in two currencies do not add up).
    pub campaign_roi_percent: Option<i64>,
    /// That currency, when campaigns use more than one: the figure covers only its campaigns.
    pub campaign_roi_only: Option<Currency>,
}

impl Kpis {
    /// "Campaign return", or "Campaign return (EUR campaigns)" when others are left out: the
    /// dashboard said −71 % for the EUR campaigns alone beside a USD campaign, without a word.
    pub fn campaign_return_title(&self) -> String {
        match self.campaign_roi_only {
            Some(currency) => format!("Campaign return ({} campaigns)", currency.code()),
            None => "Campaign return".into(),
        }
    }
}

impl Kpis {
    /// "2,929": grouped as every other count on screen.
    pub fn open_tickets_text(&self) -> String {
        crate::words::grouped(self.open_tickets as i64)
    }

    /// "+14,253%", "-78%": the campaigns' return, grouped; `None` while nothing was spent.
    pub fn campaign_roi_text(&self) -> Option<String> {
        self.campaign_roi_percent.map(super::campaign::roi_label)
    }

    /// "€33,126.00 + $1,234,567.89": the open pipeline in every currency it is in.
    pub fn open_pipeline_text(&self) -> String {
        in_every_currency(self.open_pipeline, &self.open_elsewhere)
    }

    /// What was won this month, in every currency.
    pub fn won_this_month_text(&self) -> String {
        in_every_currency(self.won_this_month, &self.won_elsewhere)
    }

    /// The weighted forecast for this quarter, in every currency.
    pub fn weighted_forecast_text(&self) -> String {
        in_every_currency(self.weighted_forecast, &self.forecast_elsewhere)
    }
}

impl FunnelStage {
    /// The stage's open amount in the funnel's `currency` and every other one it holds.
    pub fn amount_text(&self, currency: Currency) -> String {
        in_every_currency(Money::new(self.amount_minor, currency), &self.elsewhere)
    }
}

/// `main`, then each other currency's amount, joined by " + ".
fn in_every_currency(main: Money, others: &[Money]) -> String {
    std::iter::once(main)
        .chain(others.iter().copied())
        .map(|m| m.display())
        .collect::<Vec<_>>()
        .join(" + ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cards group their counts and percentages as every other number on screen ("2929"
    /// stood beside "2,929" in the sidebar).
    #[test]
    fn card_figures_are_grouped() {
        let zero = Money::zero(Currency::EUR);
        let mut k = Kpis {
            currency: Currency::EUR,
            open_pipeline: zero,
            weighted_forecast: zero,
            won_this_month: zero,
            open_elsewhere: Vec::new(),
            won_elsewhere: Vec::new(),
            forecast_elsewhere: Vec::new(),
            open_tickets: 2929,
            csat: None,
            csat_ratings: 0,
            campaign_roi_percent: Some(14_253),
            campaign_roi_only: None,
        };
        assert_eq!(k.open_tickets_text(), "2,929");
        assert_eq!(k.campaign_roi_text().as_deref(), Some("+14,253%"));
        k.campaign_roi_percent = Some(-78);
        assert_eq!(k.campaign_roi_text().as_deref(), Some("-78%"));
        k.campaign_roi_percent = None;
        assert_eq!(k.campaign_roi_text(), None);
    }
}
