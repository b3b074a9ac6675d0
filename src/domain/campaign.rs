//! Marketing campaigns, the segment they target, and how each member responded.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::choice::text_enum;
use super::contact::LifecycleStage;
use super::id::{CampaignId, CompanyId, ContactId};
use super::money::Money;
use super::time::Timestamp;
use super::validation::{Checker, Invalid, Problem};

text_enum!(CampaignChannel {
    Email => "email", "E-mail",
    Social => "social", "Social media",
    Event => "event", "Event",
    Ads => "ads", "Advertising",
    DirectMail => "direct_mail", "Direct mail",
    Phone => "phone", "Phone",
});

text_enum!(CampaignStatus {
    Draft => "draft", "Draft",
    Active => "active", "Active",
    Paused => "paused", "Paused",
    Completed => "completed", "Completed",
});

/// A saved filter over contacts; every set condition must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Segment {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifecycle: Vec<LifecycleStage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<CompanyId>,
    /// Contacts with an activity in the last N days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_within_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignFields {
    pub name: String,
    pub channel: CampaignChannel,
    pub status: CampaignStatus,
    pub budget: Money,
    pub cost: Money,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub segment: Segment,
}

impl CampaignFields {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        c.non_empty("name", &self.name);
        // As a deal's or a company's: a name of thousands of letters filled the campaign's page.
        c.max_len("name", &self.name, super::contact::MAX_NAME);
        // The currency is a field of its own in the form: an unknown code is marked there, not
        // on the budget (which may be empty).
        if !self.budget.currency.is_iso_4217() {
            c.fail(
                "currency",
                Problem::BadCurrency(self.budget.currency.to_string()),
            );
        }
        c.amount("budget", self.budget.minor);
        c.amount("cost", self.cost.minor);
        if self.cost.currency != self.budget.currency {
            c.fail(
                "cost",
                Problem::CurrencyMismatch {
                    expected: self.budget.currency.to_string(),
                    found: self.cost.currency.to_string(),
                },
            );
        }
        if let (Some(start), Some(end)) = (self.starts_on, self.ends_on)
            && end < start
        {
            c.fail("ends_on", Problem::BeforeStart(start.to_string()));
        }
        if let Some(days) = self.segment.active_within_days {
            c.range("active_within_days", days, 1, MAX_ACTIVE_WITHIN_DAYS);
        }
        c.finish()
    }
}

/// The longest "active within" window a segment accepts: a hundred years is "ever".
pub const MAX_ACTIVE_WITHIN_DAYS: i64 = 36_500;

impl Segment {
    /// Whether the filter narrows anything; an empty segment selects every live contact.
    pub fn is_everyone(&self) -> bool {
        self.tags.is_empty()
            && self.lifecycle.is_empty()
            && self.company_id.is_none()
            && self.active_within_days.is_none()
    }

    /// Adds a tag the segment does not have yet (compared without case), or removes it if it does.
    pub fn toggle_tag(&mut self, tag: &str) {
        let tag = tag.trim();
        if tag.is_empty() {
            return;
        }
        match self
            .tags
            .iter()
            .position(|t| super::contact::same_tag(t, tag))
        {
            Some(i) => {
                self.tags.remove(i);
            }
            None => self.tags.push(tag.to_string()),
        }
    }

    /// Selects or deselects a lifecycle stage, keeping the stages in their natural order.
    pub fn toggle_lifecycle(&mut self, stage: LifecycleStage) {
        match self.lifecycle.iter().position(|&s| s == stage) {
            Some(i) => {
                self.lifecycle.remove(i);
            }
            None => {
                self.lifecycle.push(stage);
                self.lifecycle.sort();
            }
        }
    }
}

/// Reads "last activity within N days" as typed: blank means no limit.
pub fn parse_active_within(text: &str) -> Result<Option<i64>, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let out_of_range = Problem::OutOfRange {
        min: 1,
        max: MAX_ACTIVE_WITHIN_DAYS,
    };
    match t.parse::<i64>() {
        Ok(days) if (1..=MAX_ACTIVE_WITHIN_DAYS).contains(&days) => Ok(Some(days)),
        _ => Err(out_of_range),
    }
}

/// Reads a date typed as YYYY-MM-DD; blank means none.
pub fn parse_day(text: &str) -> Result<Option<NaiveDate>, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    super::time::typed_day(t)
        .map(Some)
        .ok_or_else(|| Problem::BadDate(t.to_string()))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: CampaignId,
    #[serde(flatten)]
    pub fields: CampaignFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignMember {
    pub campaign_id: CampaignId,
    pub contact_id: ContactId,
    pub sent_at: Option<Timestamp>,
    pub opened_at: Option<Timestamp>,
    pub responded_at: Option<Timestamp>,
    pub converted_at: Option<Timestamp>,
    pub revenue: Money,
}

/// A share of a whole as an exact fraction, so comparing two campaigns' rates never rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub part: i64,
    pub whole: i64,
}

/// `part` of `whole`; `None` when the whole is zero (nothing was sent, so there is no rate yet).
pub fn rate(part: i64, whole: i64) -> Option<Rate> {
    (whole > 0).then_some(Rate {
        part: part.clamp(0, whole),
        whole,
    })
}

impl Rate {
    /// The rate in tenths of a percent, rounded half up: 1 of 3 is 333 (33.3%).
    pub fn per_mille(self) -> i64 {
        let scaled = i128::from(self.part) * 1000;
        let whole = i128::from(self.whole);
        ((scaled + whole / 2) / whole) as i64
    }
}

impl Ord for Rate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (i128::from(self.part) * i128::from(other.whole))
            .cmp(&(i128::from(other.part) * i128::from(self.whole)))
    }
}

impl PartialOrd for Rate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = self.per_mille();
        write!(f, "{}.{}%", p / 10, p % 10)
    }
}

/// How far a campaign's members got. Every step counts the members who reached it, so the counts
/// never grow down the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Funnel {
    pub members: i64,
    pub sent: i64,
    pub opened: i64,
    pub responded: i64,
    pub converted: i64,
}

impl Funnel {
    /// Opened of those the campaign reached.
    pub fn open_rate(&self) -> Option<Rate> {
        rate(self.opened, self.sent)
    }

    /// Responded of those the campaign reached: members never contacted cannot have responded.
    pub fn response_rate(&self) -> Option<Rate> {
        rate(self.responded, self.sent)
    }

    /// Converted of those the campaign reached.
    pub fn conversion_rate(&self) -> Option<Rate> {
        rate(self.converted, self.sent)
    }
}

/// The common scale of the ROI bars that compare campaigns: losses grow left of a zero axis and
/// gains right of it, each side as wide as its longest bar, so every bar has the same scale —
/// except that a side some campaign reaches is never narrower than a fifth of the chart: beside a
/// campaign that returned 5000 %, every loss (at most 100 %) had been drawn as no bar at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoiScale {
    max_loss: i64,
    max_gain: i64,
}

/// One bar's length within its side of the axis, in thousandths of that side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoiBar {
    /// Nothing spent yet, so no return to show.
    None,
    Loss(u16),
    Gain(u16),
}

impl RoiScale {
    /// The scale that fits every campaign's ROI (whole percent).
    pub fn fitting(rois: impl IntoIterator<Item = Option<i64>>) -> Self {
        rois.into_iter()
            .flatten()
            .fold(RoiScale::default(), |scale, r| RoiScale {
                max_loss: scale.max_loss.max(r.saturating_neg().max(0)),
                max_gain: scale.max_gain.max(r.max(0)),
            })
    }

    /// The widths of the loss side and the gain side, in thousandths of the chart; a side no
    /// campaign reaches gets no width, and with no return at all the chart is all gain side.
    pub fn sides(&self) -> (u16, u16) {
        let total = i128::from(self.max_loss) + i128::from(self.max_gain);
        if total == 0 {
            return (0, 1000);
        }
        /// A side's least width, where a campaign reaches it.
        const LEAST: u16 = 200;
        let mut loss = ((i128::from(self.max_loss) * 1000 + total / 2) / total) as u16;
        if self.max_loss > 0 {
            loss = loss.max(LEAST);
        }
        if self.max_gain > 0 {
            loss = loss.min(1000 - LEAST);
        }
        (loss, 1000 - loss)
    }

    pub fn bar(&self, roi: Option<i64>) -> RoiBar {
        let share = |magnitude: i64, max: i64| -> u16 {
            let max = i128::from(max.max(1));
            ((i128::from(magnitude).min(max) * 1000 + max / 2) / max) as u16
        };
        match roi {
            None => RoiBar::None,
            Some(r) if r < 0 => RoiBar::Loss(share(r.saturating_neg(), self.max_loss)),
            Some(r) => RoiBar::Gain(share(r, self.max_gain)),
        }
    }
}

/// Return on investment as an exact fraction (revenue − cost) / cost; `None` when nothing was spent.
pub fn roi(revenue: Money, cost: Money) -> Option<(i64, i64)> {
    (cost.minor > 0 && revenue.currency == cost.currency)
        .then(|| (revenue.minor - cost.minor, cost.minor))
}

/// ROI in whole percent, rounded half away from zero, for display.
pub fn roi_percent(revenue: Money, cost: Money) -> Option<i64> {
    roi(revenue, cost).map(|(num, den)| {
        let scaled = i128::from(num) * 100;
        let den = i128::from(den);
        let q = if scaled >= 0 {
            (scaled + den / 2) / den
        } else {
            (scaled - den / 2) / den
        };
        q as i64
    })
}

/// A return as every screen writes it: "+75%", "-100%", "+175,901,495,083%" (the list had
/// written "-73%" and the dashboard "-73 %", and a large one ungrouped).
pub fn roi_label(percent: i64) -> String {
    let sign = if percent > 0 { "+" } else { "" };
    format!("{sign}{}%", crate::words::grouped(percent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_return_is_signed_and_grouped() {
        assert_eq!(roi_label(75), "+75%");
        assert_eq!(roi_label(0), "0%");
        assert_eq!(roi_label(-100), "-100%");
        assert_eq!(roi_label(175_901_495_083), "+175,901,495,083%");
    }
    use crate::domain::money::Currency;

    #[test]
    fn roi_is_revenue_less_cost_over_cost() {
        let eur = |m| Money::new(m, Currency::EUR);
        assert_eq!(roi_percent(eur(300_00), eur(100_00)), Some(200));
        assert_eq!(roi_percent(eur(50_00), eur(100_00)), Some(-50));
        assert_eq!(roi_percent(eur(50_00), eur(0)), None);
        assert_eq!(roi(eur(1), eur(3)), Some((-2, 3)));
    }

    fn fields() -> CampaignFields {
        CampaignFields {
            name: "Spring".into(),
            channel: CampaignChannel::Email,
            status: CampaignStatus::Draft,
            budget: Money::new(0, Currency::EUR),
            cost: Money::new(0, Currency::EUR),
            starts_on: None,
            ends_on: None,
            segment: Segment::default(),
        }
    }

    #[test]
    fn roi_rounds_half_away_from_zero_and_needs_one_currency() {
        let eur = |m| Money::new(m, Currency::EUR);
        assert_eq!(roi_percent(eur(1), eur(3)), Some(-67));
        assert_eq!(roi_percent(eur(1_005), eur(1_000)), Some(1));
        assert_eq!(roi_percent(eur(995), eur(1_000)), Some(-1));
        assert_eq!(roi_percent(eur(100), eur(100)), Some(0));
        assert_eq!(roi_percent(Money::new(300, Currency::USD), eur(100)), None);
    }

    #[test]
    fn rates_count_only_members_who_were_reached() {
        let funnel = Funnel {
            members: 10,
            sent: 8,
            opened: 4,
            responded: 2,
            converted: 1,
        };
        assert_eq!(funnel.open_rate().unwrap().to_string(), "50.0%");
        assert_eq!(funnel.response_rate().unwrap().to_string(), "25.0%");
        assert_eq!(funnel.conversion_rate().unwrap().to_string(), "12.5%");
        let unsent = Funnel {
            members: 10,
            ..Funnel::default()
        };
        assert_eq!(unsent.response_rate(), None);
        assert_eq!(unsent.conversion_rate(), None);
    }

    #[test]
    fn a_rate_shows_tenths_of_a_percent_rounded_half_up() {
        assert_eq!(rate(1, 3).unwrap().to_string(), "33.3%");
        assert_eq!(rate(2, 3).unwrap().to_string(), "66.7%");
        assert_eq!(rate(1, 2000).unwrap().to_string(), "0.1%");
        assert_eq!(rate(0, 5).unwrap().to_string(), "0.0%");
        assert_eq!(rate(7, 7).unwrap().to_string(), "100.0%");
    }

    #[test]
    fn rates_compare_exactly_even_when_they_print_alike() {
        let third = rate(1, 3).unwrap();
        let almost = rate(333, 1000).unwrap();
        assert_eq!(third.to_string(), almost.to_string());
        assert!(third > almost);
        assert_eq!(
            rate(2, 4).unwrap().cmp(&rate(1, 2).unwrap()),
            std::cmp::Ordering::Equal
        );
    }

    #[test]
    fn roi_bars_share_one_scale_on_both_sides_of_the_axis() {
        let scale = RoiScale::fitting([Some(200), Some(-50), None, Some(100)]);
        assert_eq!(scale.sides(), (200, 800));
        assert_eq!(scale.bar(Some(200)), RoiBar::Gain(1000));
        assert_eq!(scale.bar(Some(100)), RoiBar::Gain(500));
        assert_eq!(scale.bar(Some(-50)), RoiBar::Loss(1000));
        assert_eq!(scale.bar(Some(-25)), RoiBar::Loss(500));
        assert_eq!(scale.bar(None), RoiBar::None);
    }

    #[test]
    fn a_huge_gain_leaves_the_losses_room_to_show() {
        let scale = RoiScale::fitting([Some(5000), Some(-50), Some(-100)]);
        assert_eq!(scale.sides(), (200, 800));
        assert_eq!(scale.bar(Some(-50)), RoiBar::Loss(500));
        let losses = RoiScale::fitting([Some(-100), Some(1)]);
        assert_eq!(losses.sides(), (800, 200));
    }

    #[test]
    fn with_no_losses_the_chart_is_all_gain_side() {
        let gains = RoiScale::fitting([Some(10), Some(0)]);
        assert_eq!(gains.sides(), (0, 1000));
        assert_eq!(gains.bar(Some(0)), RoiBar::Gain(0));
        let nothing = RoiScale::fitting([None, None]);
        assert_eq!(nothing.sides(), (0, 1000));
        assert_eq!(nothing.bar(Some(0)), RoiBar::Gain(0));
    }

    #[test]
    fn the_active_within_window_must_be_a_positive_number_of_days() {
        assert_eq!(parse_active_within(" "), Ok(None));
        assert_eq!(parse_active_within("30"), Ok(Some(30)));
        assert!(parse_active_within("0").is_err());
        assert!(parse_active_within("-3").is_err());
        assert!(parse_active_within("soon").is_err());
        let mut f = fields();
        f.segment.active_within_days = Some(0);
        assert!(
            f.validate()
                .unwrap_err()
                .for_field("active_within_days")
                .is_some()
        );
    }

    #[test]
    fn dates_are_typed_as_year_month_day() {
        assert_eq!(parse_day(""), Ok(None));
        assert_eq!(
            parse_day("2026-03-01"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 1))
        );
        assert_eq!(
            parse_day("1/3/2026"),
            Err(Problem::BadDate("1/3/2026".into()))
        );
        assert!(parse_day("2026-02-30").is_err());
    }

    #[test]
    fn toggling_a_tag_ignores_case_and_toggling_stages_keeps_their_order() {
        let mut s = Segment::default();
        assert!(s.is_everyone());
        s.toggle_tag("VIP");
        s.toggle_tag("espresso");
        s.toggle_tag("vip");
        assert_eq!(s.tags, ["espresso"]);
        s.toggle_lifecycle(LifecycleStage::Customer);
        s.toggle_lifecycle(LifecycleStage::Lead);
        assert_eq!(
            s.lifecycle,
            [LifecycleStage::Lead, LifecycleStage::Customer]
        );
        s.toggle_lifecycle(LifecycleStage::Lead);
        assert_eq!(s.lifecycle, [LifecycleStage::Customer]);
        assert!(!s.is_everyone());
    }

    #[test]
    fn a_campaign_cannot_end_before_it_starts() {
        let c = CampaignFields {
            name: "Spring".into(),
            channel: CampaignChannel::Email,
            status: CampaignStatus::Draft,
            budget: Money::new(0, Currency::EUR),
            cost: Money::new(0, Currency::EUR),
            starts_on: NaiveDate::from_ymd_opt(2026, 5, 1),
            ends_on: NaiveDate::from_ymd_opt(2026, 4, 1),
            segment: Segment::default(),
        };
        assert!(c.validate().unwrap_err().for_field("ends_on").is_some());
    }
}
