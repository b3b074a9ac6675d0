//! Sales pipelines, their ordered stages, and the deals that move through them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::choice::text_enum;
use super::id::{CompanyId, ContactId, DealId, PipelineId, StageId};
use super::money::Money;
use super::time::Timestamp;
use super::validation::{Checker, Invalid, Problem};

text_enum!(
    /// What reaching a stage means for a deal.
    StageOutcome {
        Open => "open", "Open",
        Won => "won", "Won",
        Lost => "lost", "Lost",
    }
);

text_enum!(DealStatus {
    Open => "open", "Open",
    Won => "won", "Won",
    Lost => "lost", "Lost",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageFields {
    pub name: String,
    pub position: i64,
    /// Default chance of winning a deal in this stage, 0–100.
    pub probability: i64,
    pub outcome: StageOutcome,
}

impl StageFields {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        c.non_empty("name", &self.name);
        // As long as a pipeline's: a pasted page of text had been saved as a stage's name.
        c.max_len("name", &self.name, super::contact::MAX_NAME);
        c.range("probability", self.probability, 0, 100);
        match self.outcome {
            StageOutcome::Won if self.probability != 100 => {
                c.fail("probability", Problem::OutOfRange { min: 100, max: 100 })
            }
            StageOutcome::Lost if self.probability != 0 => {
                c.fail("probability", Problem::OutOfRange { min: 0, max: 0 })
            }
            _ => {}
        }
        c.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: StageId,
    pub pipeline_id: PipelineId,
    #[serde(flatten)]
    pub fields: StageFields,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pipeline {
    pub id: PipelineId,
    pub name: String,
    pub position: i64,
    /// In board order.
    pub stages: Vec<Stage>,
}

impl Pipeline {
    pub fn stage(&self, id: StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// The stages a deal on the board can sit in (not won or lost).
    pub fn open_stages(&self) -> impl Iterator<Item = &Stage> {
        self.stages
            .iter()
            .filter(|s| s.fields.outcome == StageOutcome::Open)
    }
}

/// The five stages a new workspace starts with.
pub fn default_stages() -> Vec<StageFields> {
    [
        ("Qualification", 10, StageOutcome::Open),
        ("Needs analysis", 25, StageOutcome::Open),
        ("Proposal", 50, StageOutcome::Open),
        ("Negotiation", 75, StageOutcome::Open),
        ("Closing", 90, StageOutcome::Open),
        ("Won", 100, StageOutcome::Won),
        ("Lost", 0, StageOutcome::Lost),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (name, probability, outcome))| StageFields {
        name: name.into(),
        position: i as i64,
        probability,
        outcome,
    })
    .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealFields {
    pub title: String,
    pub pipeline_id: PipelineId,
    pub stage_id: StageId,
    pub contact_id: Option<ContactId>,
    pub company_id: Option<CompanyId>,
    pub amount: Money,
    /// Overrides the stage's default probability when set, 0–100.
    pub probability: Option<i64>,
    pub expected_close: Option<NaiveDate>,
    pub status: DealStatus,
    pub lost_reason: String,
    pub owner: String,
    pub notes: String,
}

impl DealFields {
    pub fn validate(&self, created_on: NaiveDate) -> Result<(), Invalid> {
        let mut c = Checker::new();
        c.non_empty("title", &self.title);
        c.max_len("title", &self.title, 300);
        c.max_len("owner", &self.owner, super::contact::MAX_NAME);
        if !self.amount.currency.is_iso_4217() {
            c.fail(
                "currency",
                Problem::BadCurrency(self.amount.currency.to_string()),
            );
        }
        c.amount("amount", self.amount.minor);
        if let Some(p) = self.probability {
            c.range("probability", p, 0, 100);
        }
        if let Some(close) = self.expected_close
            && close < created_on
        {
            c.fail(
                "expected_close",
                Problem::BeforeStart(created_on.to_string()),
            );
        }
        if self.status == DealStatus::Lost && self.lost_reason.trim().is_empty() {
            c.fail("lost_reason", Problem::Empty);
        }
        c.finish()
    }

    /// The chance of winning, 0–100: closed deals are certain either way.
    pub fn effective_probability(&self, stage: &StageFields) -> i64 {
        match self.status {
            DealStatus::Won => 100,
            DealStatus::Lost => 0,
            DealStatus::Open => self.probability.unwrap_or(stage.probability),
        }
    }

    pub fn weighted_amount(&self, stage: &StageFields) -> Money {
        self.amount.percent(self.effective_probability(stage))
    }

    /// Moves the deal to `stage`, keeping status in step with the stage's outcome: a won or lost stage
    /// closes the deal, an open stage reopens a closed one. Returns whether anything changed.
    pub fn move_to(&mut self, stage: &Stage, lost_reason: Option<&str>) -> bool {
        if stage.id == self.stage_id {
            return false;
        }
        self.stage_id = stage.id;
        self.pipeline_id = stage.pipeline_id;
        self.status = match stage.fields.outcome {
            StageOutcome::Open => DealStatus::Open,
            StageOutcome::Won => DealStatus::Won,
            StageOutcome::Lost => DealStatus::Lost,
        };
        match (self.status, lost_reason) {
            (DealStatus::Lost, Some(reason)) => self.lost_reason = reason.trim().to_string(),
            (DealStatus::Lost, None) => {}
            _ => self.lost_reason.clear(),
        }
        true
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    pub id: DealId,
    #[serde(flatten)]
    pub fields: DealFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub stage_changed_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    pub deleted_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    #[test]
    fn a_stage_name_is_as_long_as_a_pipelines_at_most() {
        let named = |name: String| StageFields {
            name,
            position: 1,
            probability: 50,
            outcome: StageOutcome::Open,
        };
        assert_eq!(named("Proposal".into()).validate(), Ok(()));
        let pasted = named(format!("Proposal {}", "x".repeat(4991)));
        assert_eq!(
            pasted.validate().unwrap_err().for_field("name"),
            Some(&Problem::TooLong { max: 200 })
        );
    }

    fn stage(id: i64, outcome: StageOutcome, probability: i64) -> Stage {
        Stage {
            id: StageId(id),
            pipeline_id: PipelineId(1),
            fields: StageFields {
                name: format!("S{id}"),
                position: id,
                probability,
                outcome,
            },
        }
    }

    fn deal() -> DealFields {
        DealFields {
            title: "Fit-out".into(),
            pipeline_id: PipelineId(1),
            stage_id: StageId(1),
            contact_id: None,
            company_id: None,
            amount: Money::new(10_000_00, Currency::EUR),
            probability: None,
            expected_close: None,
            status: DealStatus::Open,
            lost_reason: String::new(),
            owner: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn moving_to_a_won_stage_wins_and_moving_back_reopens_it() {
        let mut d = deal();
        assert!(d.move_to(&stage(6, StageOutcome::Won, 100), None));
        assert_eq!(d.status, DealStatus::Won);
        assert!(d.move_to(&stage(2, StageOutcome::Open, 25), None));
        assert_eq!(d.status, DealStatus::Open);
        assert!(!d.move_to(&stage(2, StageOutcome::Open, 25), None));
    }

    #[test]
    fn a_lost_deal_keeps_its_reason_and_reopening_clears_it() {
        let mut d = deal();
        d.move_to(&stage(7, StageOutcome::Lost, 0), Some(" Price "));
        assert_eq!(
            (d.status, d.lost_reason.as_str()),
            (DealStatus::Lost, "Price")
        );
        d.move_to(&stage(1, StageOutcome::Open, 10), None);
        assert!(d.lost_reason.is_empty());
    }

    #[test]
    fn weighted_amount_uses_override_then_stage_probability() {
        let mut d = deal();
        let s = stage(3, StageOutcome::Open, 50);
        assert_eq!(d.weighted_amount(&s.fields).minor, 5_000_00);
        d.probability = Some(20);
        assert_eq!(d.weighted_amount(&s.fields).minor, 2_000_00);
        d.status = DealStatus::Lost;
        assert_eq!(d.weighted_amount(&s.fields).minor, 0);
    }

    #[test]
    fn close_date_before_creation_and_lost_without_reason_are_refused() {
        let d = DealFields {
            expected_close: NaiveDate::from_ymd_opt(2020, 1, 1),
            status: DealStatus::Lost,
            amount: Money::new(-1, Currency::EUR),
            ..deal()
        };
        let err = d
            .validate(NaiveDate::from_ymd_opt(2021, 1, 1).unwrap())
            .unwrap_err();
        let fields: Vec<_> = err.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["amount", "expected_close", "lost_reason"]);
        let odd = DealFields {
            amount: Money::new(1, Currency::new("XYZ").unwrap()),
            ..deal()
        };
        let err = odd
            .validate(NaiveDate::from_ymd_opt(2021, 1, 1).unwrap())
            .unwrap_err();
        assert_eq!(err.errors[0].field, "currency", "no such currency");
    }

    #[test]
    fn default_stages_are_valid_and_ordered() {
        let stages = default_stages();
        assert!(stages.iter().all(|s| s.validate().is_ok()));
        assert!(stages.windows(2).all(|w| w[0].position < w[1].position));
    }
}
