//! A deterministic demo workspace: a coffee roaster with a kitchenware shop and a wholesale side.
//! The same seed and day give the same workspace, so tests, benchmarks and screenshots can rely on it;
//! `contacts` scales it from a few hundred people to millions.

mod catalogue;
mod history;
mod people;
mod rng;
mod sales;
mod service;
mod twins;
mod vocab;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::*;
use crate::store::{self, Store};
use rng::Rng;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    pub contacts: u64,
    pub seed: u64,
    /// Everything generated happens before this day (tasks and close dates may lie after it).
    pub today: NaiveDate,
}

impl DemoOptions {
    pub fn new(contacts: u64, seed: u64, today: NaiveDate) -> Self {
        DemoOptions {
            contacts,
            seed,
            today,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DemoSummary {
    pub companies: u64,
    pub contacts: u64,
    pub activities: u64,
    pub orders: u64,
    pub deals: u64,
    pub tickets: u64,
    pub campaigns: u64,
    pub tasks: u64,
    #[serde(skip)]
    pub elapsed: Duration,
}

/// Contacts written per transaction: big enough to be fast, small enough to keep the WAL small.
const CHUNK: u64 = 20_000;

/// Fills an empty workspace. `progress` hears (contacts written, contacts wanted) after each chunk.
pub fn generate(
    store: &mut Store,
    options: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> store::Result<DemoSummary> {
    let started = Instant::now();
    let mut rng = Rng::new(options.seed);
    let anchor = Timestamp::from_utc(
        options
            .today
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc(),
    );
    let mut summary = DemoSummary::default();
    if store
        .check()?
        .tables
        .iter()
        .any(|t| t.table != "meta" && t.rows > 0)
    {
        return Err(store::Error::NotAllowed(
            "the demo can only fill an empty workspace".into(),
        ));
    }
    store.begin_bulk_load()?;

    let mut world =
        store.write_unlogged(|w| sales::setup(w, &mut rng.fork(1), options.contacts, anchor))?;
    summary.companies = world.companies.len() as u64;

    let mut people_rng = rng.fork(2);
    let mut customers: Vec<ContactId> = Vec::new();
    let mut written = 0;
    while written < options.contacts {
        let n = CHUNK.min(options.contacts - written);
        let chunk = store.write_unlogged(|w| {
            sales::people(
                w,
                &mut people_rng,
                &mut world,
                sales::Span {
                    first_serial: written,
                    count: n,
                },
                anchor,
                options.today,
            )
        })?;
        summary.activities += chunk.activities;
        summary.orders += chunk.orders;
        customers.extend(chunk.customers);
        written += n;
        progress(written, options.contacts);
    }
    summary.contacts = written;

    let mut deal_rng = rng.fork(3);
    summary.deals = store.write_unlogged(|w| sales::deals(w, &mut deal_rng, &world, anchor))?;
    let mut service_rng = rng.fork(4);
    summary.tickets = store
        .write_unlogged(|w| service::tickets(w, &mut service_rng, &customers, &world, anchor))?;
    let mut marketing_rng = rng.fork(5);
    summary.campaigns = store.write_unlogged(|w| {
        service::campaigns(w, &mut marketing_rng, written, anchor, options.today)
    })?;
    let mut task_rng = rng.fork(6);
    summary.tasks =
        store.write_unlogged(|w| service::tasks(w, &mut task_rng, &world, &customers, anchor))?;

    store.end_bulk_load()?;
    // The recent edits log an activity of their own.
    summary.activities += history::recent_edits(store)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}
