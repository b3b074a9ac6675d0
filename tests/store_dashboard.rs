//! The dashboard figures on a real workspace file: funnel, revenue and forecast by month, tickets,
//! campaign returns and the headline figures, with money kept exact and in one currency.

mod common;

use chrono::{Local, Months};
use common::{contact, workspace};
use kith::domain::*;
use kith::store::HISTORY_MONTHS;

fn deal(p: &Pipeline, stage: &str, minor: i64, currency: Currency) -> DealFields {
    DealFields {
        title: format!("{stage} deal"),
        pipeline_id: p.id,
        stage_id: p
            .stages
            .iter()
            .find(|s| s.fields.name == stage)
            .expect("stage exists")
            .id,
        contact_id: None,
        company_id: None,
        amount: Money::new(minor, currency),
        probability: None,
        expected_close: None,
        status: DealStatus::Open,
        lost_reason: String::new(),
        owner: String::new(),
        notes: String::new(),
    }
}

#[test]
fn an_empty_workspace_has_figures_of_nothing_not_errors() {
    let (_dir, store) = workspace();
    let today = Local::now().date_naive();
    assert_eq!(store.pipeline_funnel().unwrap(), None);
    let revenue = store.revenue_by_month(today, 3).unwrap();
    assert_eq!(revenue.months.len(), HISTORY_MONTHS as usize + 3);
    assert!(
        revenue
            .months
            .iter()
            .all(|m| m.won_minor == 0 && m.forecast_minor == 0)
    );
    let tickets = store.ticket_months(today).unwrap();
    assert_eq!(tickets.len(), HISTORY_MONTHS as usize);
    assert!(tickets.iter().all(|m| m.opened == 0 && m.csat.is_none()));
    assert!(store.campaign_returns().unwrap().is_empty());
    let kpis = store.kpis(today, Timestamp::now()).unwrap();
    assert_eq!(kpis.open_pipeline, Money::zero(Currency::EUR));
    assert_eq!(
        (kpis.open_tickets, kpis.csat, kpis.campaign_roi_percent),
        (0, None, None)
    );
}

#[test]
fn the_funnel_sums_open_deals_per_stage_in_the_main_currency() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    store
        .create_deal(deal(&p, "Qualification", 100_00, Currency::EUR))
        .unwrap();
    store
        .create_deal(deal(&p, "Qualification", 50_01, Currency::EUR))
        .unwrap();
    store
        .create_deal(deal(&p, "Proposal", 999_00, Currency::USD))
        .unwrap();
    let won = store
        .create_deal(deal(&p, "Proposal", 70_00, Currency::EUR))
        .unwrap();
    let won_stage = p.stages.iter().find(|s| s.fields.name == "Won").unwrap().id;
    store.move_deal(won.id, won_stage, None).unwrap();

    let funnel = store.pipeline_funnel().unwrap().expect("a pipeline");
    assert_eq!(funnel.currency, Currency::EUR);
    let stages: Vec<(&str, u64, i64)> = funnel
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.deals, s.amount_minor))
        .collect();
    assert_eq!(
        stages,
        [
            ("Qualification", 2, 150_01),
            ("Needs analysis", 0, 0),
            ("Proposal", 1, 0),
            ("Negotiation", 0, 0),
            ("Closing", 0, 0)
        ],
        "the dollar deal is counted, not added to euros; won deals are not in the funnel"
    );
}

#[test]
fn revenue_shows_this_months_wins_and_the_weighted_forecast_ahead() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let today = Local::now().date_naive();
    let this_month = Period::month_of(today);
    let next_month = Period::month_of(this_month.first.checked_add_months(Months::new(1)).unwrap());

    let won = store
        .create_deal(deal(&p, "Closing", 1_234_56, Currency::EUR))
        .unwrap();
    let won_stage = p.stages.iter().find(|s| s.fields.name == "Won").unwrap().id;
    store.move_deal(won.id, won_stage, None).unwrap();
    // 50 % of €333.33 rounds half away from zero to €166.67 (16_666.5 → 16_667 cents).
    let mut soon = deal(&p, "Proposal", 333_33, Currency::EUR);
    soon.probability = Some(50);
    soon.expected_close = Some(this_month.last);
    store.create_deal(soon).unwrap();
    let mut later = deal(&p, "Proposal", 1_000_00, Currency::EUR);
    later.probability = Some(25);
    later.expected_close = Some(next_month.first);
    store.create_deal(later).unwrap();

    let revenue = store.revenue_by_month(today, 2).unwrap();
    let current = revenue
        .months
        .iter()
        .find(|m| m.month == this_month.first)
        .unwrap();
    assert_eq!(
        (current.won_minor, current.forecast_minor),
        (1_234_56, 166_67)
    );
    let next = revenue
        .months
        .iter()
        .find(|m| m.month == next_month.first)
        .unwrap();
    assert_eq!((next.won_minor, next.forecast_minor), (0, 250_00));
    assert_eq!(revenue.months.last().unwrap().forecast_minor, 0);
    assert!(
        revenue.months.windows(2).all(|w| w[0].month < w[1].month),
        "oldest first"
    );

    let kpis = store.kpis(today, Timestamp::now()).unwrap();
    assert_eq!(kpis.won_this_month, Money::new(1_234_56, Currency::EUR));
    assert_eq!(kpis.open_pipeline, Money::new(1_333_33, Currency::EUR));
    let quarter = Period::quarter_of(today);
    let expected = 166_67
        + if quarter.contains(next_month.first) {
            250_00
        } else {
            0
        };
    assert_eq!(kpis.weighted_forecast, Money::new(expected, Currency::EUR));

    // A deal in another currency is shown beside the main figure, never added into it.
    let dollars = store
        .create_deal(deal(&p, "Proposal", 1_234_567_89, Currency::USD))
        .unwrap();
    let kpis = store.kpis(today, Timestamp::now()).unwrap();
    assert_eq!(kpis.open_pipeline, Money::new(1_333_33, Currency::EUR));
    assert_eq!(
        kpis.open_elsewhere,
        [Money::new(1_234_567_89, Currency::USD)]
    );
    assert_eq!(
        kpis.open_pipeline_text(),
        format!(
            "{} + {}",
            kpis.open_pipeline.display(),
            kpis.open_elsewhere[0].display()
        )
    );
    store.move_deal(dollars.id, won_stage, None).unwrap();
    let kpis = store.kpis(today, Timestamp::now()).unwrap();
    assert!(kpis.open_elsewhere.is_empty());
    assert_eq!(
        kpis.won_elsewhere,
        [Money::new(1_234_567_89, Currency::USD)]
    );
    // So is the weighted forecast of a deal in another currency expected this quarter.
    assert!(kpis.forecast_elsewhere.is_empty());
    store
        .create_deal(DealFields {
            probability: Some(50),
            expected_close: Some(today),
            ..deal(&p, "Proposal", 100_00, Currency::USD)
        })
        .unwrap();
    let kpis = store.kpis(today, Timestamp::now()).unwrap();
    assert_eq!(kpis.weighted_forecast, Money::new(expected, Currency::EUR));
    assert_eq!(kpis.forecast_elsewhere, [Money::new(50_00, Currency::USD)]);
    // The revenue chart, in euros, says the dollars are not in it.
    assert_eq!(
        store.revenue_by_month(today, 3).unwrap().left_out,
        [Currency::USD]
    );
    assert!(
        kpis.weighted_forecast_text().ends_with(&format!(
            " + {}",
            Money::new(50_00, Currency::USD).display()
        )),
        "{}",
        kpis.weighted_forecast_text()
    );
}

#[test]
fn tickets_are_counted_in_the_month_they_were_opened_with_their_rating() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    for (subject, rating) in [
        ("Grinder noise", Some(4)),
        ("Late parcel", Some(2)),
        ("Invoice", None),
    ] {
        store
            .create_ticket(TicketFields {
                subject: subject.into(),
                contact_id: Some(ada),
                company_id: None,
                status: if rating.is_some() {
                    TicketStatus::Resolved
                } else {
                    TicketStatus::Open
                },
                priority: Priority::Normal,
                channel: TicketChannel::Email,
                sla_due_at: None,
                assignee: String::new(),
                satisfaction: rating,
                feedback: String::new(),
            })
            .unwrap();
    }
    let today = Local::now().date_naive();
    let months = store.ticket_months(today).unwrap();
    let current = months.last().unwrap();
    assert_eq!(current.month, Period::month_of(today).first);
    assert_eq!(
        (current.opened, current.ratings, current.csat),
        (3, 2, Some(3.0))
    );
    let kpis = store.kpis(today, Timestamp::now()).unwrap();
    assert_eq!((kpis.open_tickets, kpis.csat), (1, Some(3.0)));
}

#[test]
fn campaign_returns_follow_the_campaign_list_and_the_roi_rule() {
    let (_dir, mut store) = workspace();
    store
        .create_campaign(CampaignFields {
            name: "Spring <launch>".into(),
            channel: CampaignChannel::Email,
            status: CampaignStatus::Active,
            budget: Money::new(500_00, Currency::EUR),
            cost: Money::new(200_00, Currency::EUR),
            starts_on: None,
            ends_on: None,
            segment: Segment::default(),
        })
        .unwrap();
    let returns = store.campaign_returns().unwrap();
    assert_eq!(returns.len(), 1);
    assert_eq!(returns[0].name, "Spring <launch>");
    assert_eq!(
        returns[0].roi_percent,
        Some(-100),
        "spent with nothing back yet"
    );
    let kpis = store
        .kpis(Local::now().date_naive(), Timestamp::now())
        .unwrap();
    assert_eq!(kpis.campaign_roi_percent, Some(-100));
    assert_eq!(kpis.campaign_return_title(), "Campaign return");
    // A campaign in another currency cannot be added in: the figure says whose it is.
    let usd = Currency::new("USD").unwrap();
    store
        .create_campaign(CampaignFields {
            name: "US launch".into(),
            channel: CampaignChannel::Email,
            status: CampaignStatus::Active,
            budget: Money::new(1_000_00, usd),
            cost: Money::new(1_000_00, usd),
            starts_on: None,
            ends_on: None,
            segment: Segment::default(),
        })
        .unwrap();
    let kpis = store
        .kpis(Local::now().date_naive(), Timestamp::now())
        .unwrap();
    assert_eq!(kpis.campaign_roi_percent, Some(-100));
    assert_eq!(
        kpis.campaign_return_title(),
        "Campaign return (EUR campaigns)"
    );
}

/// The currency set for the workspace leads until deals are recorded; then theirs does (the
/// dashboard adds amounts in the deals' currency only).
#[test]
fn the_workspaces_currency_leads_until_deals_are_recorded() {
    let (_dir, mut store) = common::workspace();
    assert_eq!(store.deal_currency().unwrap(), Currency::EUR);
    let chf = Currency::new("CHF").unwrap();
    store.set_home_currency(Some(chf)).unwrap();
    assert_eq!(store.deal_currency().unwrap(), chf);
    assert_eq!(store.campaign_currency().unwrap(), chf);
    let pipeline = store
        .create_pipeline("Sales", &kith::domain::default_stages())
        .unwrap();
    store
        .create_deal(common::open_deal(
            &pipeline,
            0,
            "Espresso machine",
            Money::new(1_000_00, Currency::EUR),
        ))
        .unwrap();
    assert_eq!(store.deal_currency().unwrap(), Currency::EUR);
    // A tie goes to the business's own currency (it had gone to the first in code order).
    store
        .create_deal(common::open_deal(
            &pipeline,
            0,
            "Grinder",
            Money::new(500_00, chf),
        ))
        .unwrap();
    assert_eq!(store.deal_currency().unwrap(), chf);
    store.set_home_currency(None).unwrap();
    assert_eq!(store.home_currency().unwrap(), None);
    assert_eq!(
        store.deal_currency().unwrap(),
        chf,
        "code order: CHF before EUR"
    );
}

/// The team: names trimmed, repeats in any case left out, one too long for the menus refused; a
/// workspace file whose team or currency is not one is refused whole, naming them.
#[test]
fn the_team_and_the_currency_are_checked_as_set_and_as_loaded() {
    let (_dir, mut store) = common::workspace();
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        store
            .set_team(&names(&[" Anna ", "", "anna", "Marco"]))
            .unwrap(),
        ["Anna", "Marco"]
    );
    let long = "B".repeat(61);
    let refused = store.set_team(&names(&["Anna", &long])).unwrap_err();
    assert!(refused.to_string().contains("too long"), "{refused}");
    assert_eq!(store.team().unwrap(), ["Anna", "Marco"]);

    let mut json = Vec::new();
    kith::io::workspace::export(&store, &mut json).unwrap();
    let file: serde_json::Value = serde_json::from_slice(&json).unwrap();
    for (key, value, named) in [
        ("home_currency", "euro", "home_currency"),
        ("team", "Anna, Marco", "team"),
    ] {
        let mut bad = file.clone();
        let meta = bad["tables"]["meta"].as_array_mut().unwrap();
        meta.retain(|row| row["key"] != key);
        meta.push(serde_json::json!({ "key": key, "value": value }));
        let (_d, mut copy) = common::workspace();
        let e = kith::io::workspace::import(&mut copy, &serde_json::to_vec(&bad).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains(named), "{key}: {e}");
    }
}
