//! The looking-after side of the demo: support tickets with their conversations and ratings,
//! marketing campaigns with their responses, and the team's to-do list.

use chrono::NaiveDate;

use super::rng::Rng;
use super::sales::World;
use super::vocab::STAFF;
use crate::domain::ticket::SlaPolicy;
use crate::domain::*;
use crate::store::Result;
use crate::store::bulk_insert as db;
use crate::store::changelog::Writer;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// (subject, first message, a reply)
const ISSUES: &[(&str, &str, &str)] = &[
    (
        "Grinder makes a loud rattling noise",
        "Since yesterday my burr grinder rattles when it starts.",
        "Sorry to hear that! Could you send a short video? It may be a loose burr carrier.",
    ),
    (
        "Order arrived damaged",
        "Two of the bags in my order were torn open on arrival.",
        "We're sending replacements today, no need to return anything.",
    ),
    (
        "Espresso machine not heating",
        "The machine powers on but the water stays cold.",
        "Please try a descaling cycle first; if that fails we'll collect it for repair.",
    ),
    (
        "Wrong beans delivered",
        "I ordered the Kenya AA but got the Colombia.",
        "Apologies — the Kenya is on its way and keep the Colombia on us.",
    ),
    (
        "Pause my subscription",
        "I'm travelling for a month, can I pause the box?",
        "Done — your subscription is paused until you tell us otherwise.",
    ),
    (
        "Need a copy of my invoice",
        "Could you resend the invoice for my last order?",
        "Attached you'll find the invoice as PDF.",
    ),
    (
        "How often should I descale?",
        "What's the right descaling interval with hard water?",
        "With hard water, every four weeks; we have a handy reminder card.",
    ),
    (
        "Course voucher not accepted",
        "The code from my gift voucher doesn't work at checkout.",
        "Fixed — the code works now, and we extended it by three months.",
    ),
];
const FEEDBACK: &[&str] = &[
    "Quick and friendly, thank you!",
    "Solved on the first reply.",
    "Took a while but all good in the end.",
    "Great service as always.",
    "Would have liked an update sooner.",
    "",
];

/// Tickets from customers over the last year; older ones are settled, recent ones still open.
pub fn tickets(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    customers: &[ContactId],
    world: &World,
    anchor: Timestamp,
) -> Result<u64> {
    let wanted = (customers.len() as u64 / 10).max(30);
    let business: Vec<(ContactId, CompanyId)> = world
        .companies
        .iter()
        .flat_map(|c| c.contacts.iter().map(move |p| (*p, c.id)))
        .collect();
    if customers.is_empty() && business.is_empty() {
        return Ok(0);
    }
    let sla = SlaPolicy::default();
    for _ in 0..wanted {
        let (contact, company) =
            if business.is_empty() || (!customers.is_empty() && rng.chance(0.8)) {
                (*rng.pick(customers), None)
            } else {
                let (p, c) = *rng.pick(&business);
                (p, Some(c))
            };
        // A support queue always has some recent work in it: a share of tickets are from the
        // last three weeks, the rest from anywhere in the year.
        let days_back = if rng.chance(0.3) {
            rng.between(0, 21)
        } else {
            rng.between(0, 365)
        };
        let created = Timestamp(anchor.0 - days_back * DAY - rng.between(0, DAY - 1));
        let age_days = (anchor.0 - created.0) / DAY;
        let priority = Priority::ALL[rng.weighted(&[3, 6, 3, 1])];
        let status = match (age_days, rng.below(100)) {
            (0..=2, r) if r < 60 => TicketStatus::New,
            (0..=2, _) => TicketStatus::Open,
            (3..=14, r) if r < 30 => TicketStatus::Open,
            (3..=14, r) if r < 55 => TicketStatus::Pending,
            (3..=14, _) => TicketStatus::Resolved,
            // Waiting on a customer for a few weeks happens; for most of a year it would not.
            (15..=35, r) if r < 8 => TicketStatus::Pending,
            (_, r) if r < 30 => TicketStatus::Resolved,
            _ => TicketStatus::Closed,
        };
        let settled = matches!(status, TicketStatus::Resolved | TicketStatus::Closed);
        let (subject, opening, reply) = *rng.pick(ISSUES);
        let satisfaction = (settled && rng.chance(0.7))
            .then(|| [5, 5, 5, 4, 4, 4, 3, 2, 1][rng.below(9) as usize]);
        let fields = TicketFields {
            subject: subject.into(),
            contact_id: Some(contact),
            company_id: company,
            status,
            priority,
            channel: TicketChannel::ALL[rng.weighted(&[6, 3, 2, 2, 1])],
            sla_due_at: Some(sla.due(created, priority)),
            assignee: (*rng.pick(STAFF)).into(),
            satisfaction,
            feedback: satisfaction
                .map(|_| (*rng.pick(FEEDBACK)).to_string())
                .unwrap_or_default(),
        };
        let id = db::insert_ticket(&w.tx, &fields, created)?;
        db::insert_ticket_message(&w.tx, id, Direction::Inbound, "", opening, created)?;
        if status != TicketStatus::New {
            // Nothing happens after the demo's "now": a ticket opened an hour ago was answered
            // (and resolved) by now at the latest, not tomorrow.
            let latest = anchor.0 - 60;
            let replied = Timestamp(
                (created.0 + rng.between(1, sla.hours(priority) * 2) * HOUR / 2)
                    .min(latest)
                    .max(created.0),
            );
            db::insert_ticket_message(
                &w.tx,
                id,
                Direction::Outbound,
                &fields.assignee,
                reply,
                replied,
            )?;
            if settled {
                let resolved = Timestamp(
                    (replied.0 + rng.between(1, 72) * HOUR)
                        .min(latest)
                        .max(replied.0),
                );
                db::insert_ticket_message(
                    &w.tx,
                    id,
                    Direction::Inbound,
                    "",
                    "Thanks, that sorted it.",
                    resolved,
                )?;
                db::set_ticket_resolution(&w.tx, id, Some(resolved))?;
            }
        }
    }
    Ok(wanted)
}

/// (name, channel, budget in euros, share of contacts targeted, response rates sent→opened→responded→converted)
const CAMPAIGNS: &[(&str, CampaignChannel, i64, f64, [f64; 3])] = &[
    (
        "Spring single-origin launch",
        CampaignChannel::Email,
        1_500,
        0.20,
        [0.45, 0.12, 0.35],
    ),
    (
        "Espresso machine week",
        CampaignChannel::Ads,
        4_000,
        0.10,
        [0.30, 0.06, 0.25],
    ),
    (
        "Barista workshop night",
        CampaignChannel::Event,
        900,
        0.03,
        [0.70, 0.40, 0.55],
    ),
    (
        "Loyalty coupon mailer",
        CampaignChannel::DirectMail,
        2_200,
        0.08,
        [0.60, 0.10, 0.45],
    ),
    (
        "Summer cold brew",
        CampaignChannel::Social,
        1_200,
        0.12,
        [0.25, 0.05, 0.20],
    ),
    (
        "Holiday gift guide",
        CampaignChannel::Email,
        1_800,
        0.18,
        [0.50, 0.09, 0.30],
    ),
];

/// Campaigns over the last year, the latest still running, each with members and their responses.
pub fn campaigns(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    contacts: u64,
    anchor: Timestamp,
    today: NaiveDate,
) -> Result<u64> {
    let n = CAMPAIGNS.len() as i64;
    for (i, (name, channel, budget_eur, share, rates)) in CAMPAIGNS.iter().enumerate() {
        let start = today - chrono::Days::new((300 - i as i64 * 300 / n).max(1) as u64);
        let end = start + chrono::Days::new(30);
        let running = end >= today;
        let budget = Money::new(budget_eur * 100, Currency::EUR);
        let spent = if running {
            budget.percent(55)
        } else {
            budget.percent(rng.between(85, 110))
        };
        let segment = Segment {
            tags: if *channel == CampaignChannel::Ads {
                vec!["espresso".into()]
            } else {
                Vec::new()
            },
            ..Default::default()
        };
        let fields = CampaignFields {
            name: (*name).into(),
            channel: *channel,
            status: if running {
                CampaignStatus::Active
            } else {
                CampaignStatus::Completed
            },
            budget,
            cost: spent,
            starts_on: Some(start),
            ends_on: Some(end),
            segment,
        };
        let start_ts =
            Timestamp::from_utc(start.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc());
        let id = db::insert_campaign(&w.tx, &fields, Timestamp(start_ts.0 - 7 * DAY))?;
        let members = ((contacts as f64 * share) as u64).max(5).min(contacts);
        // Every contact id from 1 to `contacts` exists: walk them with a random stride to draw a
        // sample without repeats.
        let stride = (contacts / members.max(1)).max(1);
        let mut contact = 1 + rng.below(stride);
        while contact <= contacts {
            let sent = Timestamp((start_ts.0 + rng.between(0, 3) * DAY).min(anchor.0 - 1));
            let opened = rng
                .chance(rates[0])
                .then(|| Timestamp(sent.0 + rng.between(1, 48) * HOUR));
            let responded = opened
                .filter(|_| rng.chance(rates[1]))
                .map(|t| Timestamp(t.0 + rng.between(1, 72) * HOUR));
            let converted = responded
                .filter(|_| rng.chance(rates[2]))
                .map(|t| Timestamp(t.0 + rng.between(1, 96) * HOUR));
            // A running campaign's responses so far: nothing after today.
            let past = |t: Option<Timestamp>| t.filter(|t| t.0 < anchor.0);
            let (opened, responded, converted) = (past(opened), past(responded), past(converted));
            let member = CampaignMember {
                campaign_id: id,
                contact_id: ContactId(contact as i64),
                sent_at: Some(sent),
                opened_at: opened,
                responded_at: responded,
                converted_at: converted,
                revenue: Money::new(
                    if converted.is_some() {
                        rng.between(20, 700) * 100
                    } else {
                        0
                    },
                    Currency::EUR,
                ),
            };
            db::insert_member(&w.tx, &member)?;
            contact += stride;
        }
    }
    Ok(CAMPAIGNS.len() as u64)
}

const TODO: &[&str] = &[
    "Call back about the quote",
    "Send tasting samples",
    "Confirm workshop booking",
    "Chase unpaid invoice",
    "Book machine service visit",
    "Ask for a review",
];

/// The team's follow-ups: some overdue, some due today, some upcoming, the older ones done.
pub fn tasks(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    world: &World,
    customers: &[ContactId],
    anchor: Timestamp,
) -> Result<u64> {
    let wanted = (customers.len() as u64 / 25).max(25);
    let business: Vec<(ContactId, CompanyId)> = world
        .companies
        .iter()
        .flat_map(|c| c.contacts.iter().map(move |p| (*p, c.id)))
        .collect();
    if customers.is_empty() && business.is_empty() {
        return Ok(0);
    }
    for _ in 0..wanted {
        let (contact, company) =
            if business.is_empty() || (!customers.is_empty() && rng.chance(0.5)) {
                (*rng.pick(customers), None)
            } else {
                let (p, c) = *rng.pick(&business);
                (p, Some(c))
            };
        let due = Timestamp(anchor.0 + rng.between(-10, 20) * DAY + rng.between(9, 17) * HOUR);
        let done = (due.0 < anchor.0 - 2 * DAY && rng.chance(0.7))
            .then(|| Timestamp(due.0 - rng.between(0, 2) * DAY));
        let fields = TaskFields {
            title: (*rng.pick(TODO)).into(),
            notes: String::new(),
            due_at: Some(due),
            done_at: done,
            owner: (*rng.pick(STAFF)).into(),
            contact_id: Some(contact),
            company_id: company,
            deal_id: None,
            ticket_id: None,
        };
        // Written down some days before it is due, but never after today (a task due in three
        // weeks had been created next week, and said so in the calendar export).
        let created = Timestamp((due.0 - rng.between(3, 20) * DAY).min(anchor.0));
        db::insert_task(&w.tx, &fields, created)?;
    }
    Ok(wanted)
}
