//! What makes a large import fast — the search index filled at the end instead of by triggers, the
//! new records logged as runs of ids — must leave exactly what the row-by-row way left: the same
//! index, the same triggers, one Undo, and an erased person who stays erased.

mod common;

use std::path::{Path, PathBuf};

use kith::domain::{ChangeOp, ContactFields, Entity};
use kith::io::csv_import::{self, Options};
use kith::store::{ContactQuery, Store};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(store: &mut Store, bytes: &[u8], options: &Options) -> csv_import::Report {
    let preview = csv_import::preview(bytes, options, 0).unwrap();
    csv_import::import(
        store,
        bytes,
        "file.csv",
        &preview.proposed,
        options,
        &mut (),
    )
    .unwrap()
}

/// Every row of both search indexes, in rowid order.
fn index(path: &Path) -> Vec<(String, i64, String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut rows = Vec::new();
    for table in ["contacts_fts", "companies_fts"] {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT rowid, name, detail FROM {table} ORDER BY rowid"
            ))
            .unwrap();
        let found = stmt
            .query_map([], |r| {
                Ok((table.to_string(), r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        rows.extend(found.map(Result::unwrap));
    }
    rows
}

fn triggers(path: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn live_contacts(store: &Store) -> u64 {
    store
        .contacts(&ContactQuery {
            limit: 1,
            ..Default::default()
        })
        .unwrap()
        .total
}

#[test]
fn an_import_indexes_what_the_triggers_would_and_puts_them_back() {
    let (_dir, mut store) = common::workspace();
    let path = store.path().to_path_buf();
    let before = triggers(&path);
    // A contact from before the import that a row merges into, so its index row must change.
    store
        .create_contact(ContactFields {
            first_name: "Ada".into(),
            emails: vec![kith::domain::EmailAddress {
                address: "ada@analytical.example".into(),
                label: String::new(),
            }],
            ..Default::default()
        })
        .unwrap();
    let report = import(
        &mut store,
        &fixture("google_contacts.csv"),
        &Options::default(),
    );
    assert_eq!((report.imported, report.updated), (4, 1));
    assert_eq!(triggers(&path), before);
    let imported = index(&path);
    assert!(
        imported.iter().any(|r| r.2 == "Ada Lovelace"),
        "{imported:?}"
    );

    // Touching every row makes the triggers write each index row again, their way.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE contacts SET first_name = first_name; UPDATE companies SET name = name;",
    )
    .unwrap();
    assert_eq!(index(&path), imported);
    assert!(!store.search("Mathematician", 5).unwrap().is_empty());
}

#[test]
fn a_dry_run_leaves_the_triggers_and_the_index_as_they_were() {
    let (_dir, mut store) = common::workspace();
    let path = store.path().to_path_buf();
    let before = triggers(&path);
    let dry = Options {
        dry_run: true,
        ..Options::default()
    };
    let report = import(&mut store, &fixture("google_contacts.csv"), &dry);
    assert_eq!(report.imported, 5);
    assert_eq!(triggers(&path), before);
    assert!(index(&path).is_empty());
}

#[test]
fn new_contacts_are_one_logged_run_that_undo_and_redo_take_as_a_whole() {
    let (_dir, mut store) = common::workspace();
    import(
        &mut store,
        &fixture("google_contacts.csv"),
        &Options::default(),
    );
    let set = store.change_sets(1).unwrap().remove(0);
    let runs: Vec<_> = set
        .changes
        .iter()
        .filter(|c| c.entity == Entity::Contact)
        .collect();
    assert_eq!(runs.len(), 1, "{:?}", set.changes);
    assert_eq!(runs[0].op, ChangeOp::Create);
    assert_eq!(
        runs[0]
            .last_entity_id
            .map(|last| last - runs[0].entity_id + 1),
        Some(5)
    );
    assert!(
        runs[0].fields.is_empty(),
        "no copy of the people in the log"
    );

    store.undo().unwrap();
    assert_eq!(live_contacts(&store), 0);
    store.redo().unwrap();
    assert_eq!(live_contacts(&store), 5);
}

#[test]
fn a_person_erased_from_an_imported_run_stays_erased_through_undo_and_redo() {
    let (_dir, mut store) = common::workspace();
    let report = import(
        &mut store,
        &fixture("google_contacts.csv"),
        &Options::default(),
    );
    let middle = report.contact_ids[2];
    let data = store.person_data(middle).unwrap();
    assert_eq!(data["change_log"].as_array().unwrap().len(), 1, "{data}");

    store.erase_person(middle).unwrap();
    assert_eq!(live_contacts(&store), 4);
    store.undo().unwrap();
    assert_eq!(live_contacts(&store), 0);
    store.redo().unwrap();
    assert_eq!(live_contacts(&store), 4);
    assert!(store.contact(middle).unwrap().deleted_at.is_some());
    let data = store.person_data(middle).unwrap();
    assert_eq!(data["change_log"].as_array().unwrap().len(), 0, "{data}");
}
