//! The selling side of the demo: the catalogue, the pipeline, business customers, consumers with
//! their purchase history and timeline, and deals that moved through the pipeline over two years.

use super::catalogue::{self, PRODUCTS};
use super::people::{self, ARCHETYPES, PhoneBook, ascii_slug};
use super::rng::Rng;
use super::twins::Twins;
use super::vocab::*;
use crate::domain::deal::{StageOutcome, default_stages};
use crate::domain::*;
use crate::store::Result;
use crate::store::bulk_insert as db;
use crate::store::changelog::Writer;

const DAY: i64 = 86_400;
/// How far back the demo's history reaches.
const HISTORY_DAYS: i64 = 730;

pub struct Company {
    pub id: CompanyId,
    pub name: String,
    pub dial: &'static str,
    pub owner: &'static str,
    pub contacts: Vec<ContactId>,
}

/// What later parts of the demo need to know about what earlier parts wrote.
pub struct World {
    pub products: Vec<ProductId>,
    pub pipeline: PipelineId,
    /// In board order; the last two are Won and Lost.
    pub stages: Vec<(StageId, StageFields)>,
    pub companies: Vec<Company>,
    pub phones: PhoneBook,
    pub twins: Twins,
}

pub struct Span {
    pub first_serial: u64,
    pub count: u64,
}

#[derive(Default)]
pub struct ChunkSummary {
    pub activities: u64,
    pub orders: u64,
    pub customers: Vec<ContactId>,
}

pub fn setup(w: &mut Writer<'_>, rng: &mut Rng, contacts: u64, anchor: Timestamp) -> Result<World> {
    let created = Timestamp(anchor.0 - HISTORY_DAYS * DAY - 30 * DAY);
    let mut products = Vec::with_capacity(PRODUCTS.len());
    for (sku, name, category, price) in PRODUCTS {
        let fields = ProductFields {
            sku: (*sku).into(),
            name: (*name).into(),
            category: (*category).into(),
            price: Money::new(*price, Currency::EUR),
            active: true,
        };
        products.push(db::insert_product(&w.tx, &fields, created)?);
    }
    let stage_fields = default_stages();
    let (pipeline, stage_ids) = db::insert_pipeline(&w.tx, "Sales", 0, &stage_fields)?;
    let stages = stage_ids.into_iter().zip(stage_fields).collect();

    let company_count = (contacts / 12).clamp(8, 50_000);
    let mut phones = PhoneBook::default();
    let mut companies = Vec::with_capacity(company_count as usize);
    for i in 0..company_count {
        let (kind, industry) = *rng.pick(COMPANY_KINDS);
        let stem = *rng.pick(COMPANY_STEMS);
        let place = people::home(rng);
        // Stems and kinds give a few hundred names; beyond that the city and a branch number tell
        // companies apart, as real ones do.
        let name = match i {
            i if i < 300 => format!("{stem} {kind}"),
            i => format!("{stem} {kind} {} {}", place.city, i / 300),
        };
        let owner = *rng.pick(STAFF);
        let fields = CompanyFields {
            domain: format!("{}.example", ascii_slug(&name)),
            industry: industry.into(),
            employees: Some(rng.between(2, 250)),
            phone: phones.number(rng, place.dial),
            address: Address {
                street: format!("{} {}", rng.between(1, 120), rng.pick(STREETS)),
                city: place.city.into(),
                region: place.region.into(),
                postal_code: format!("{:05}", rng.below(100_000)),
                country: place.country.into(),
            },
            owner: owner.into(),
            notes: String::new(),
            name,
        };
        let since = Timestamp(anchor.0 - rng.between(60, HISTORY_DAYS) * DAY);
        let id = db::insert_company(&w.tx, &fields, since)?;
        companies.push(Company {
            id,
            name: fields.name,
            dial: place.dial,
            owner,
            contacts: Vec::new(),
        });
    }
    Ok(World {
        products,
        pipeline,
        stages,
        companies,
        phones,
        twins: Twins::new(contacts),
    })
}

/// Writes `span.count` people with their orders and timelines.
pub fn people(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    world: &mut World,
    span: Span,
    anchor: Timestamp,
    today: chrono::NaiveDate,
) -> Result<ChunkSummary> {
    let mut out = ChunkSummary::default();
    for serial in span.first_serial..span.first_serial + span.count {
        let created =
            Timestamp(anchor.0 - rng.between(1, HISTORY_DAYS) * DAY - rng.between(0, DAY - 1));
        if rng.chance(0.12) {
            let c = rng.below(world.companies.len() as u64) as usize;
            let company = &world.companies[c];
            let domain = format!("{}.example", ascii_slug(&company.name));
            let (company_id, dial, owner) = (company.id, company.dial, company.owner);
            let mut fields =
                people::colleague(rng, &mut world.phones, company_id, &domain, dial, owner);
            fields.tags = vec!["wholesale".into()];
            let c = world.twins.buyer(serial, c, &mut fields);
            let company_id = world.companies[c].id;
            let id = db::insert_contact(&w.tx, &fields, created)?;
            out.activities += {
                let n = rng.between(2, 6);
                timeline(w, rng, (id, Some(company_id)), (created, anchor), n)?
            };
            world.companies[c].contacts.push(id);
            continue;
        }
        let person = people::consumer(rng, &mut world.phones, serial, today);
        let archetype = &ARCHETYPES[person.archetype];
        let mut fields = person.fields;
        world.twins.customer(serial, &mut fields);
        let baskets = purchase_history(rng, archetype, &fields, created, anchor);
        let spent: i64 = baskets
            .iter()
            .map(|(_, lines)| lines.iter().map(|(p, q)| PRODUCTS[*p].3 * q).sum::<i64>())
            .sum();
        fields.lifecycle = match baskets.len() {
            0 => *rng.pick(&[
                LifecycleStage::Subscriber,
                LifecycleStage::Lead,
                LifecycleStage::Lead,
                LifecycleStage::Qualified,
            ]),
            1..=9 => LifecycleStage::Customer,
            _ => LifecycleStage::Evangelist,
        };
        fields.tags = interest_tags(&baskets, spent, rng);
        let id = db::insert_contact(&w.tx, &fields, created)?;
        for (at, lines) in &baskets {
            let order = OrderFields {
                contact_id: id,
                ordered_at: *at,
                currency: Currency::EUR,
                lines: lines
                    .iter()
                    .map(|&(p, quantity)| OrderLine {
                        product_id: world.products[p],
                        quantity,
                        unit_price_minor: PRODUCTS[p].3,
                    })
                    .collect(),
            };
            db::insert_order(&w.tx, &order, *at)?;
        }
        out.orders += baskets.len() as u64;
        if !baskets.is_empty() {
            out.customers.push(id);
        }
        out.activities += {
            let n = rng.between(0, 2);
            timeline(w, rng, (id, None), (created, anchor), n)?
        };
    }
    Ok(out)
}

type Basket = (Timestamp, Vec<(usize, i64)>);

/// Orders over the customer's life with the shop. Richer people order somewhat more often; a quarter
/// of customers drifted away and stopped ordering, which is what RFM should notice.
fn purchase_history(
    rng: &mut Rng,
    a: &people::Archetype,
    fields: &ContactFields,
    created: Timestamp,
    anchor: Timestamp,
) -> Vec<Basket> {
    if rng.chance(0.3) {
        return Vec::new();
    }
    let income = fields
        .annual_income
        .map_or(a.income_eur.0, |m| m.minor as f64 / 100.0);
    let years = (anchor.0 - created.0) as f64 / (365.0 * DAY as f64);
    let rate = a.orders_per_year * (income / a.income_eur.0).sqrt();
    let expected = (rate * years).max(0.5);
    let count = rng
        .normal(expected, expected.sqrt())
        .round()
        .clamp(1.0, 60.0) as usize;
    let lapsed_at = rng
        .chance(0.25)
        .then(|| created.0 + ((anchor.0 - created.0) as f64 * rng.unit() * 0.6) as i64);
    let end = lapsed_at.unwrap_or(anchor.0 - DAY);
    let mut orders: Vec<Basket> = (0..count)
        .map(|_| {
            let at = created.0 + (rng.unit() * (end - created.0).max(DAY) as f64) as i64;
            (
                Timestamp(at.min(anchor.0 - 1)),
                catalogue::basket(rng, &a.taste),
            )
        })
        .collect();
    orders.sort_by_key(|o| o.0);
    orders
}

fn interest_tags(baskets: &[Basket], spent_cents: i64, rng: &mut Rng) -> Vec<String> {
    let bought = |prefix: &str| {
        baskets.iter().any(|(_, lines)| {
            lines
                .iter()
                .any(|(p, _)| PRODUCTS[*p].0.starts_with(prefix))
        })
    };
    let mut tags = Vec::new();
    if spent_cents > 1_500_00 {
        tags.push("vip".to_string());
    }
    if bought("MC-") {
        tags.push("espresso".into());
    }
    if bought("TE-") {
        tags.push("tea".into());
    }
    if bought("SV-SUB") || rng.chance(0.1) {
        tags.push("subscriber box".into());
    }
    if rng.chance(0.4) {
        tags.push("newsletter".into());
    }
    tags
}

const CALLS: &[(&str, &str)] = &[
    ("Follow-up call", "Interested, wants a quote"),
    ("Checked in after delivery", "Happy with the beans"),
    ("Called about the grinder", "Left voicemail"),
    ("Pricing question", "Sent price list"),
];
const EMAILS: &[&str] = &[
    "Order confirmation questions",
    "New single origins in stock",
    "Quote for office coffee",
    "Workshop dates",
    "Invoice copy",
];
const MEETINGS: &[&str] = &[
    "Tasting session at the roastery",
    "Site visit for machine install",
    "Quarterly review",
    "Barista training planning",
];
const NOTES: &[&str] = &[
    "Prefers light roasts; ask before sending samples.",
    "Moving office in spring — check delivery address.",
    "Asked for oat milk options for the team kitchen.",
    "Very price sensitive; mention the subscription discount.",
    "Knows the owner of the café across the street.",
];

/// Writes `n` activities for a contact (and its company) spread over `from..anchor`.
fn timeline(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    (contact, company): (ContactId, Option<CompanyId>),
    (from, anchor): (Timestamp, Timestamp),
    n: i64,
) -> Result<u64> {
    for _ in 0..n {
        let at = Timestamp(from.0 + (rng.unit() * (anchor.0 - from.0) as f64) as i64);
        let kind = ActivityKind::ALL[rng.weighted(&[4, 5, 2, 2])];
        let mut a = ActivityFields::new(kind, at);
        a.contact_id = Some(contact);
        a.company_id = company;
        match kind {
            ActivityKind::Call => {
                let (subject, outcome) = *rng.pick(CALLS);
                a.subject = subject.into();
                a.outcome = outcome.into();
                a.direction = Some(*rng.pick(Direction::ALL));
                a.duration_minutes = Some(rng.between(2, 35));
            }
            ActivityKind::Email => {
                a.subject = (*rng.pick(EMAILS)).into();
                a.direction = Some(*rng.pick(Direction::ALL));
                a.body = "Thanks for getting in touch — details below.".into();
            }
            ActivityKind::Meeting => {
                a.subject = (*rng.pick(MEETINGS)).into();
                a.duration_minutes = Some(rng.between(30, 90));
                a.outcome = "Agreed next steps".into();
            }
            ActivityKind::Note => a.body = (*rng.pick(NOTES)).into(),
        }
        db::insert_activity(&w.tx, &a, at)?;
    }
    Ok(n as u64)
}

const DEAL_KINDS: &[(&str, i64, i64)] = &[
    ("Office coffee subscription", 1_200_00, 9_600_00),
    ("Café equipment fit-out", 6_000_00, 38_000_00),
    ("Wholesale beans contract", 2_500_00, 24_000_00),
    ("Barista training package", 600_00, 3_600_00),
    ("Event catering coffee bar", 800_00, 4_500_00),
];
const LOST_REASONS: &[&str] = &[
    "Price too high",
    "Chose a competitor",
    "No budget this year",
    "Timing — revisit next quarter",
    "Went silent",
];

/// Deals for business customers, each walked through the pipeline with a dated stage history.
pub fn deals(w: &mut Writer<'_>, rng: &mut Rng, world: &World, anchor: Timestamp) -> Result<u64> {
    let open: Vec<&(StageId, StageFields)> = world
        .stages
        .iter()
        .filter(|s| s.1.outcome == StageOutcome::Open)
        .collect();
    let won = world
        .stages
        .iter()
        .find(|s| s.1.outcome == StageOutcome::Won);
    let lost = world
        .stages
        .iter()
        .find(|s| s.1.outcome == StageOutcome::Lost);
    let (Some(won), Some(lost)) = (won, lost) else {
        return Ok(0);
    };
    let mut count = 0;
    for company in &world.companies {
        for _ in 0..rng.weighted(&[2, 5, 3, 1]) {
            let (kind, lo, hi) = *rng.pick(DEAL_KINDS);
            let created = Timestamp(anchor.0 - rng.between(5, HISTORY_DAYS) * DAY);
            let age_days = (anchor.0 - created.0) / DAY;
            // Older deals are mostly decided; recent ones are still open.
            let outcome = match (age_days > 120, rng.below(100)) {
                (true, r) if r < 55 => DealStatus::Won,
                (true, r) if r < 85 => DealStatus::Lost,
                (false, r) if r < 15 => DealStatus::Won,
                (false, r) if r < 25 => DealStatus::Lost,
                _ => DealStatus::Open,
            };
            let reached = rng.below(open.len() as u64) as usize;
            let mut path: Vec<StageId> = open[..=reached].iter().map(|s| s.0).collect();
            match outcome {
                DealStatus::Won => path.push(won.0),
                DealStatus::Lost => path.push(lost.0),
                DealStatus::Open => {}
            }
            let amount = rng.between(lo / 100, hi / 100) * 100;
            let close_in = rng.between(-20, 90);
            let fields = DealFields {
                title: format!("{kind} — {}", company.name),
                pipeline_id: world.pipeline,
                stage_id: path[0],
                contact_id: company.contacts.first().copied(),
                company_id: Some(company.id),
                amount: Money::new(amount, Currency::EUR),
                probability: None,
                expected_close: Some(
                    Timestamp(match outcome {
                        DealStatus::Open => anchor.0 + close_in.max(1) * DAY,
                        _ => created.0 + rng.between(14, 120) * DAY,
                    })
                    .date_utc(),
                ),
                status: DealStatus::Open,
                lost_reason: String::new(),
                owner: company.owner.into(),
                notes: String::new(),
            };
            let deal = db::insert_deal(&w.tx, &fields, created)?;
            let span = (anchor.0 - created.0).max(DAY);
            let mut at = created.0;
            for pair in path.windows(2) {
                at += span / (path.len() as i64 + 1);
                db::insert_stage_move(&w.tx, deal, pair[0], pair[1], Timestamp(at))?;
            }
            let last = *path.last().unwrap_or(&path[0]);
            let reason = (outcome == DealStatus::Lost).then(|| *rng.pick(LOST_REASONS));
            db::finish_deal(
                &w.tx,
                deal,
                last,
                outcome,
                reason.unwrap_or(""),
                Timestamp(at),
            )?;
            count += 1;
        }
    }
    Ok(count)
}
