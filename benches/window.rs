//! The contact list on a 100,000-contact workspace (`KITH_BENCH_CONTACTS` to change), measured against
//! a frame's budget of 16 ms:
//!
//! - the page query the list sends when it opens or scrolls (top, middle, end; other sorts; a filter),
//!   both as a new query (the total is counted) and as a scroll (the count is reused);
//! - the search-as-you-type query for each prefix a person types, always as a new query;
//! - building the visible rows: the window's `view`, layout and drawing of the contacts screen.
//!
//! The workspace is generated once with `kith demo` under the target directory.
//! Run with `cargo bench --bench window`.
//!
//! Last run, 2026-11-26 (thirteenth session, with helpers using the machine): name pages
//! 6.9–12.1 ms new, 1.5–4.9 ms scrolling; "a" 24 ms, "novak" 16 ms; a phone number typed whole
//! ("5551234", a scan of every contact's numbers) 49 ms, "+335551234" 46 ms — over the 16 ms
//! budget, off the window's thread (187 ms before its scan was made one pass in table order).

mod common;
#[path = "../tests/ui_harness/mod.rs"]
mod ui_harness;

use std::path::Path;

use common::{Timing, measure, workspace};
use iced::{Size, Theme, mouse};
use iced_test::core::renderer::{Headless, Style};
use iced_test::runtime::UserInterface;
use iced_test::runtime::user_interface::Cache;
use kith::domain::LifecycleStage;
use kith::store::{ContactQuery, ContactSort, SortDir, Store};
use kith::ui::Message;
use kith::ui::shortcuts::Intent;

/// Rows the list reads per page: what a tall window shows plus the margins kept on either side.
const PAGE: u32 = 227;
const RUNS: usize = 30;
const BUDGET_MS: f64 = 16.0;

fn main() {
    let contacts: u64 = std::env::var("KITH_BENCH_CONTACTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let db = workspace(Path::new(env!("CARGO_BIN_EXE_kith")), contacts);
    println!(
        "contact list on {} ({contacts} contacts); budget {BUDGET_MS} ms",
        db.display()
    );
    let store = Store::open(&db).expect("open the bench workspace");

    println!(
        "\npage query (Store::contacts, {PAGE} rows)     new query (counted)    scrolling (count reused)"
    );
    let last_page = contacts.saturating_sub(u64::from(PAGE));
    let pages = [
        ("name, top", ContactSort::Name, SortDir::Asc, 0, None),
        (
            "name, middle",
            ContactSort::Name,
            SortDir::Asc,
            contacts / 2,
            None,
        ),
        (
            "name, end",
            ContactSort::Name,
            SortDir::Asc,
            last_page,
            None,
        ),
        ("company, top", ContactSort::Company, SortDir::Asc, 0, None),
        (
            "company, end",
            ContactSort::Company,
            SortDir::Asc,
            last_page,
            None,
        ),
        (
            "company, descending",
            ContactSort::Company,
            SortDir::Desc,
            0,
            None,
        ),
        (
            "last activity, newest",
            ContactSort::LastActivity,
            SortDir::Desc,
            0,
            None,
        ),
        (
            "stage = customer, top",
            ContactSort::Name,
            SortDir::Asc,
            0,
            Some(LifecycleStage::Customer),
        ),
    ];
    for (label, sort, dir, offset, lifecycle) in pages {
        let query = ContactQuery {
            sort,
            dir,
            offset,
            lifecycle,
            limit: PAGE,
            ..ContactQuery::default()
        };
        let new = fresh(&store, &query);
        let scrolling = measure(RUNS, || {
            store.contacts(&query).expect("page");
        });
        report2(label, new, scrolling);
    }

    println!("\nsearch as you type (Store::contacts with the typed text, first page)");
    for typed in [
        "a",
        "an",
        "ann",
        "anna",
        "anna n",
        "novak",
        "5551234",
        "+335551234",
    ] {
        let query = ContactQuery {
            text: typed.into(),
            limit: PAGE,
            ..ContactQuery::default()
        };
        let total = store.contacts(&query).expect("search").total;
        report(&format!("{typed:?} ({total} hits)"), fresh(&store, &query));
    }

    // Sorted by company, a search that matches nearly everyone had the store probe every company
    // for every id found: the last page of "e" took a minute.
    println!("\nsearch with the list sorted by company (first and last page)");
    for typed in ["e", "anna"] {
        let first = ContactQuery {
            text: typed.into(),
            sort: ContactSort::Company,
            limit: PAGE,
            ..ContactQuery::default()
        };
        let total = store.contacts(&first).expect("search").total;
        report(&format!("{typed:?} by company, top"), fresh(&store, &first));
        let end = ContactQuery {
            offset: total.saturating_sub(u64::from(PAGE)),
            ..first
        };
        report(&format!("{typed:?} by company, end"), fresh(&store, &end));
    }
    drop(store);

    println!("\nbuilding the visible rows (view + layout + draw of the contacts screen, 1280×800)");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut window = ui_harness::Window::open(dir, db.clone(), |_| {});
    let mut renderer = futures::executor::block_on(iced::Renderer::new(
        iced::Font::with_name("Fira Sans"),
        iced::Pixels(16.0),
        Some("tiny-skia"),
    ))
    .expect("a headless renderer");
    let mut frame = |window: &ui_harness::Window| {
        let mut ui = UserInterface::build(
            window.app.view(),
            Size::new(1280.0, 800.0),
            Cache::default(),
            &mut renderer,
        );
        ui.draw(
            &mut renderer,
            &Theme::Light,
            &Style::default(),
            mouse::Cursor::Unavailable,
        );
    };
    report("top of the list", measure(RUNS, || frame(&window)));
    window.send(Message::Shortcut(Intent::Last));
    report(
        "end of the list (after End)",
        measure(RUNS, || frame(&window)),
    );
}

/// Times `query` as a person meets it after changing the filter: the cached count is for another query.
fn fresh(store: &Store, query: &ContactQuery) -> Timing {
    let other = ContactQuery {
        text: "zz".into(),
        limit: 1,
        ..ContactQuery::default()
    };
    let mut times: Vec<std::time::Duration> = (0..=RUNS)
        .map(|_| {
            store.contacts(&other).expect("other query");
            let started = std::time::Instant::now();
            store.contacts(query).expect("page");
            started.elapsed()
        })
        .skip(1)
        .collect();
    times.sort();
    Timing {
        median: times[RUNS / 2],
        worst: times[RUNS - 1],
    }
}

fn verdict(timing: &Timing) -> &'static str {
    if timing.worst.as_secs_f64() * 1e3 < BUDGET_MS {
        "within budget"
    } else {
        "OVER BUDGET"
    }
}

fn report2(label: &str, new: Timing, scrolling: Timing) {
    let verdict = if verdict(&new) == "within budget" && verdict(&scrolling) == "within budget" {
        "within budget"
    } else {
        "OVER BUDGET"
    };
    println!("  {label:<34} {new:>18}   {scrolling:>18}   {verdict}");
}

fn report(label: &str, timing: Timing) {
    let worst_ms = timing.worst.as_secs_f64() * 1e3;
    let verdict = if worst_ms < BUDGET_MS {
        "within budget"
    } else {
        "OVER BUDGET"
    };
    println!("  {label:<34} {timing:>18}   {verdict}");
}
