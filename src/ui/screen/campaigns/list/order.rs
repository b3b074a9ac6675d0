//! The order of the campaigns table for each column.

use std::cmp::Ordering;

use super::Sort;
use crate::store::{CampaignSummary, SortDir};

/// The order of two campaigns for a column; campaigns without a value (no rate before anything
/// was sent, no ROI before anything was spent) go last whichever way the column is sorted.
pub(super) fn compare(
    a: &CampaignSummary,
    b: &CampaignSummary,
    sort: Sort,
    dir: SortDir,
) -> Ordering {
    fn last_if_none<T: Ord>(a: Option<T>, b: Option<T>, dir: SortDir) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => directed(a.cmp(&b), dir),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    fn directed(o: Ordering, dir: SortDir) -> Ordering {
        match dir {
            SortDir::Asc => o,
            SortDir::Desc => o.reverse(),
        }
    }
    let by_name = || a.name.to_lowercase().cmp(&b.name.to_lowercase());
    let order = match sort {
        Sort::Name => directed(by_name(), dir),
        Sort::Start => last_if_none(a.starts_on, b.starts_on, dir),
        Sort::Members => directed(a.members.cmp(&b.members), dir),
        Sort::ResponseRate => {
            last_if_none(a.funnel().response_rate(), b.funnel().response_rate(), dir)
        }
        Sort::ConversionRate => last_if_none(
            a.funnel().conversion_rate(),
            b.funnel().conversion_rate(),
            dir,
        ),
        Sort::Revenue => directed(
            (a.revenue.currency, a.revenue.minor).cmp(&(b.revenue.currency, b.revenue.minor)),
            dir,
        ),
        Sort::Cost => directed(
            (a.cost.currency, a.cost.minor).cmp(&(b.cost.currency, b.cost.minor)),
            dir,
        ),
        // By the exact return, not the whole percent shown: a campaign that lost 99.99999998 %
        // sorted by name among those that lost everything.
        Sort::Roi => {
            let exact = |c: &CampaignSummary| {
                crate::domain::campaign::roi(c.revenue, c.cost)
                    .map(|(part, whole)| crate::domain::campaign::Rate { part, whole })
            };
            last_if_none(exact(a), exact(b), dir)
        }
    };
    order.then_with(by_name).then(a.id.0.cmp(&b.id.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CampaignChannel, CampaignId, CampaignStatus, Currency, Money};

    fn summary(
        id: i64,
        name: &str,
        sent: i64,
        responded: i64,
        roi: Option<i64>,
    ) -> CampaignSummary {
        CampaignSummary {
            id: CampaignId(id),
            name: name.into(),
            channel: CampaignChannel::Email,
            status: CampaignStatus::Active,
            budget: Money::zero(Currency::EUR),
            // A return of `roi` percent on €100 (none without a cost).
            cost: Money::new(if roi.is_some() { 100_00 } else { 0 }, Currency::EUR),
            starts_on: None,
            ends_on: None,
            members: sent,
            sent,
            opened: responded,
            responded,
            converted: 0,
            revenue: Money::new(roi.map_or(0, |p| 100_00 + p * 100), Currency::EUR),
            roi_percent: roi,
        }
    }

    /// Both show "−100%"; the one that lost a little less sorts above the one that lost it all.
    #[test]
    fn roi_sorts_by_the_exact_return_not_the_percent_shown() {
        let mut all = summary(1, "All lost", 0, 0, Some(-100));
        all.revenue = Money::zero(Currency::EUR);
        let mut nearly = summary(2, "Nearly all lost", 0, 0, Some(-100));
        nearly.cost = Money::new(50_000_000_00, Currency::EUR);
        nearly.revenue = Money::new(1, Currency::EUR);
        let mut rows = vec![all, nearly];
        rows.sort_by(|a, b| compare(a, b, Sort::Roi, SortDir::Desc));
        assert_eq!(names(&rows), ["Nearly all lost", "All lost"]);
        rows.sort_by(|a, b| compare(a, b, Sort::Roi, SortDir::Asc));
        assert_eq!(names(&rows), ["All lost", "Nearly all lost"]);
    }

    fn names(rows: &[CampaignSummary]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn campaigns_without_a_rate_sort_last_both_ways() {
        let mut rows = vec![
            summary(1, "Unsent", 0, 0, None),
            summary(2, "Half", 10, 5, Some(10)),
            summary(3, "Third", 3, 1, Some(-20)),
        ];
        rows.sort_by(|a, b| compare(a, b, Sort::ResponseRate, SortDir::Desc));
        assert_eq!(names(&rows), ["Half", "Third", "Unsent"]);
        rows.sort_by(|a, b| compare(a, b, Sort::ResponseRate, SortDir::Asc));
        assert_eq!(names(&rows), ["Third", "Half", "Unsent"]);
        rows.sort_by(|a, b| compare(a, b, Sort::Roi, SortDir::Asc));
        assert_eq!(names(&rows), ["Third", "Half", "Unsent"]);
    }

    #[test]
    fn equal_values_fall_back_to_the_name() {
        let mut rows = vec![
            summary(1, "beta", 4, 2, Some(5)),
            summary(2, "Alpha", 2, 1, Some(5)),
        ];
        rows.sort_by(|a, b| compare(a, b, Sort::Roi, SortDir::Desc));
        assert_eq!(names(&rows), ["Alpha", "beta"]);
    }
}
