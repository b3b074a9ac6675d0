//! The demo workspace: deterministic, believable, and with patterns worth finding.

mod common;

use chrono::NaiveDate;
use kith::demo::{DemoOptions, generate};
use kith::store::{ContactQuery, Store};

fn demo(contacts: u64, seed: u64) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = common::workspace();
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    generate(
        &mut store,
        &DemoOptions::new(contacts, seed, today),
        &mut |_, _| {},
    )
    .unwrap();
    (dir, store)
}

fn names(store: &Store) -> Vec<String> {
    let q = ContactQuery {
        limit: 1_000,
        ..Default::default()
    };
    store
        .contacts(&q)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_workspace_and_another_seed_does_not() {
    let (_a, a) = demo(200, 11);
    let (_b, b) = demo(200, 11);
    let (_c, c) = demo(200, 12);
    assert_eq!(names(&a), names(&b));
    assert_ne!(names(&a), names(&c));
    let counts = |s: &Store| {
        s.check()
            .unwrap()
            .tables
            .into_iter()
            .map(|t| (t.table, t.rows))
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&a), counts(&b));
}

#[test]
fn every_table_holds_rows_and_the_file_is_sound() {
    let (_dir, store) = demo(500, 7);
    let report = store.check().unwrap();
    assert!(report.is_ok());
    // Pairs kept apart and steps put out of Redo's reach are only ever a user's doing.
    for t in report
        .tables
        .iter()
        .filter(|t| !matches!(t.table.as_str(), "distinct_people" | "redo_discarded"))
    {
        assert!(t.rows > 0, "{} is empty", t.table);
    }
    assert_eq!(
        report
            .tables
            .iter()
            .find(|t| t.table == "contacts")
            .unwrap()
            .rows,
        500
    );
}

#[test]
fn a_demo_only_fills_an_empty_workspace() {
    let (_dir, mut store) = demo(50, 1);
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    assert!(generate(&mut store, &DemoOptions::new(50, 1, today), &mut |_, _| {}).is_err());
}

/// Customers of different kinds spend differently: the richest tenth of customers by income spends
/// clearly more per customer than the poorest tenth, so a spending model has a real signal to find.
#[test]
fn income_and_spending_are_related() {
    let (_dir, store) = demo(1_000, 5);
    let spend = |order: &str| -> f64 {
        let path = store.path().to_path_buf();
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.query_row(
            &format!(
                "WITH ranked AS (SELECT id FROM contacts WHERE income_minor IS NOT NULL ORDER BY income_minor {order} LIMIT 80) \
                 SELECT CAST(coalesce(sum(o.total_minor), 0) AS REAL) / 80 FROM ranked r LEFT JOIN orders o ON o.contact_id = r.id"
            ),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (rich, poor) = (spend("DESC"), spend("ASC"));
    assert!(rich > poor * 1.5, "rich {rich} vs poor {poor}");
}

#[test]
fn the_summary_counts_what_the_workspace_holds() {
    let (_dir, mut store) = common::workspace();
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let summary = generate(&mut store, &DemoOptions::new(40, 3, today), &mut |_, _| {}).unwrap();
    let rows = |table: &str| {
        store
            .check()
            .unwrap()
            .tables
            .into_iter()
            .find(|t| t.table == table)
            .unwrap()
            .rows as u64
    };
    assert_eq!(summary.activities, rows("activities"));
    assert_eq!(summary.contacts, rows("contacts"));
    assert_eq!(summary.orders, rows("orders"));
}

/// The demo's support history ends at its "today": tickets opened the day before were answered
/// and resolved up to three days later, in the future of anyone looking at the demo; tasks due
/// in three weeks had been written down next week.
#[test]
fn nothing_in_the_support_history_happens_after_today() {
    let (_dir, store) = demo(20_000, 5);
    let midnight = NaiveDate::from_ymd_opt(2026, 6, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let latest: i64 = conn
        .query_row(
            "SELECT max(t) FROM (
                SELECT max(created_at, coalesce(first_response_at, 0), coalesce(resolved_at, 0)) AS t
                FROM tickets
                UNION ALL SELECT sent_at FROM ticket_messages
                UNION ALL SELECT created_at FROM tasks)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(latest <= midnight, "{latest} is after {midnight}");
}
