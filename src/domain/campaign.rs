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
        c.non_negative("budget", self.budget.minor);
        c.non_negative("cost", self.cost.minor);
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
        c.finish()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    #[test]
    fn roi_is_revenue_less_cost_over_cost() {
        let eur = |m| Money::new(m, Currency::EUR);
        assert_eq!(roi_percent(eur(300_00), eur(100_00)), Some(200));
        assert_eq!(roi_percent(eur(50_00), eur(100_00)), Some(-50));
        assert_eq!(roi_percent(eur(50_00), eur(0)), None);
        assert_eq!(roi(eur(1), eur(3)), Some((-2, 3)));
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
