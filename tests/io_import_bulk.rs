//! What makes a large import fast — the search index filled at the end instead of by triggers, the
//! new records logged as runs of ids — must leave exactly what the row-by-row way left: the same
//! index, the same triggers, one Undo, and an erased person who stays erased.

mod common;

use std::path::{Path, PathBuf};

use kith::domain::{ChangeOp, ContactFields, ContactId, Entity};
use kith::io::csv_import::{self, Options};
use kith::store::{ContactQuery, ImportPlan, Imported, Store};

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
    // Ada is from before the import and a row merges into her, so her index row must change.
    let (_dir, mut store) = with_ada();
    let path = store.path().to_path_buf();
    let before = triggers(&path);
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

/// Chinese, Japanese and Korean names are indexed also as written together ("李伟"), by the
/// import as by the triggers: for a new contact and for one a row merges into.
#[test]
fn an_import_indexes_east_asian_names_as_the_triggers_do() {
    let (_dir, mut store) = common::workspace();
    store
        .create_contact(ContactFields {
            first_name: "伟".into(),
            emails: vec![kith::domain::EmailAddress {
                address: "li@example.cn".into(),
                label: String::new(),
            }],
            ..Default::default()
        })
        .unwrap();
    let path = store.path().to_path_buf();
    let csv = "Given Name,Family Name,E-mail 1 - Value\n伟,李,li@example.cn\n太郎,山田,taro@example.jp\n\
               Ada,Lovelace,ada@example.com\n";
    let report = import(&mut store, csv.as_bytes(), &Options::default());
    assert_eq!((report.imported, report.updated), (2, 1));
    let imported = index(&path);
    assert!(imported.iter().any(|r| r.2 == "伟 李 李伟"), "{imported:?}");
    assert!(
        imported.iter().any(|r| r.2 == "太郎 山田 山田太郎"),
        "{imported:?}"
    );
    assert!(
        imported.iter().any(|r| r.2 == "Ada Lovelace"),
        "{imported:?}"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("UPDATE contacts SET first_name = first_name;")
        .unwrap();
    assert_eq!(index(&path), imported);
    let found: Vec<String> = store
        .search("山田太郎", 5)
        .unwrap()
        .into_iter()
        .map(|h| h.title)
        .collect();
    assert_eq!(found, ["山田太郎"]);
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

/// `rows` contacts as CSV, one company per 50 rows; every 97th row repeats the row before's
/// address in capitals (a merge inside the file), and row 500 has the address of a contact made
/// before the import (a merge into the workspace).
fn people(first: u64, rows: u64) -> Vec<u8> {
    let mut csv = String::from("First Name,Last Name,E-mail Address,Mobile Phone,Company,Notes\n");
    for i in first..first + rows {
        // Row 500 is Ada again, and every 97th row repeats the person before it (their name,
        // their address in capitals): the rows an import merges.
        let (name, email) = if i == 500 {
            ("Ada,".to_string(), "ADA@ANALYTICAL.EXAMPLE".to_string())
        } else if i % 97 == 0 && i > 0 {
            (
                format!("Person{},Surname{}", i - 1, (i - 1) % 300),
                format!("PERSON{}@EXAMPLE.ORG", i - 1),
            )
        } else {
            (
                format!("Person{i},Surname{}", i % 300),
                format!("person{i}@example.org"),
            )
        };
        csv.push_str(&format!(
            "{name},{email},+44 20 {:04} {:04},Company {} Ltd,note {i}\n",
            i / 10_000,
            i % 10_000,
            i / 50
        ));
    }
    csv.into_bytes()
}

/// Every live contact as it reads in the list and in its fields, without the times of writing.
fn contents(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT id, first_name, last_name, emails, phones, company_id, notes FROM contacts \
             WHERE deleted_at IS NULL ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(format!(
            "{}|{}|{}|{}|{}|{:?}|{}",
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<i64>>(5)?,
            r.get::<_, String>(6)?
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn contact_indexes(path: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'contacts' \
             AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A new workspace holding one contact, Ada, with the address the fixtures' Ada rows carry.
fn with_ada() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = common::workspace();
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
    (dir, store)
}

#[test]
fn a_large_import_builds_the_indexes_at_the_end_and_merges_as_row_by_row_does() {
    // 30,000 rows at once sets the contact indexes aside; the same rows as two imports of
    // 15,000 go through the indexes row by row. Both must leave the same contacts.
    let (_a, mut at_once) = with_ada();
    let (_b, mut in_halves) = with_ada();
    let indexes = contact_indexes(at_once.path());
    assert_eq!(indexes.len(), 8, "{indexes:?}");

    let whole = import(&mut at_once, &people(0, 30_000), &Options::default());
    let first = import(&mut in_halves, &people(0, 15_000), &Options::default());
    let second = import(&mut in_halves, &people(15_000, 15_000), &Options::default());

    assert_eq!(whole.imported, first.imported + second.imported);
    assert_eq!(whole.updated, first.updated + second.updated);
    assert_eq!(whole.joined, first.joined + second.joined);
    // Row 500 merged into Ada, who was there; each capitalised repeat into the contact the row
    // before it made.
    assert_eq!(whole.updated, 1);
    assert_eq!(
        whole.joined,
        (1..30_000u64).filter(|i| i % 97 == 0).count() as u64
    );
    assert_eq!(contents(at_once.path()), contents(in_halves.path()));
    assert_eq!(contact_indexes(at_once.path()), indexes);
    let conn = rusqlite::Connection::open(at_once.path()).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // The rebuilt e-mail index answers the lookups a later import makes.
    let again = import(&mut at_once, &people(20, 10), &Options::default());
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 10));
    assert_eq!(at_once.search("person29999", 5).unwrap().len(), 1);
}

#[test]
fn a_large_import_finds_the_same_duplicates_as_the_finder_run_after_it() {
    let (_dir, mut store) = with_ada();
    // Look-alikes the finder must pair: a second Ada by phone, and people sharing a phone number
    // with someone from before the import.
    store
        .create_contact(ContactFields {
            first_name: "Grace".into(),
            last_name: "Hopper".into(),
            phones: vec![kith::domain::Phone {
                number: "+44 20 0001 0005".into(),
                label: String::new(),
            }],
            ..Default::default()
        })
        .unwrap();
    let mut file = people(0, 25_000);
    file.extend_from_slice(b"Ada,Lovelace,ada.l@example.org,+44 20 0000 0500,Company 10 Ltd,\n");
    let report = import(&mut store, &file, &Options::default());
    let found = report
        .duplicates
        .expect("a large import finds its duplicates itself");
    let after = store.find_duplicates(Some(&report.contact_ids)).unwrap();
    assert_eq!(found, after.len());
    assert!(found > 0);
    // A small import runs the finder after its commit, over the contacts it wrote.
    let mut small_file = people(90_000, 10);
    small_file.extend_from_slice(b"Grace,Hopper,g.hopper@example.org,+44 20 0001 0005,,\n");
    let small = import(&mut store, &small_file, &Options::default());
    let after = store.find_duplicates(Some(&small.contact_ids)).unwrap();
    assert_eq!(small.duplicates, Some(after.len()));
    assert!(!after.is_empty());
    // The same file again changes nothing, yet its rows still touch those pairs.
    let again = import(&mut store, &small_file, &Options::default());
    assert_eq!(again.imported, 0);
    assert_eq!(again.duplicates, small.duplicates);
    // A dry run finds the pairs its rows would touch before it rolls back.
    let dry = Options {
        dry_run: true,
        ..Options::default()
    };
    assert_eq!(
        import(&mut store, &small_file, &dry).duplicates,
        again.duplicates
    );
}

#[test]
fn the_pairs_a_large_import_finds_are_the_pairs_the_finder_finds() {
    let (_dir, mut store) = with_ada();
    let phone = |n: u64| kith::domain::Phone {
        number: format!("+1 555 {:03} {:04}", n / 10_000, n % 10_000),
        label: String::new(),
    };
    let done = store
        .import_contacts(&ImportPlan::new("Import people", 22_000), |batch| {
            let mut ids = Vec::new();
            for i in 0..22_000u64 {
                let fields = ContactFields {
                    first_name: format!("Person{}", i % 7_000),
                    last_name: "Surname".into(),
                    // Every 1000th person shares a phone with the one before.
                    phones: vec![phone(if i % 1000 == 999 { i - 1 } else { i })],
                    ..Default::default()
                };
                ids.push(batch.add(fields, Some(&format!("Firm {}", i % 3)))?);
            }
            Ok(ids)
        })
        .unwrap();
    let ids: Vec<ContactId> = done
        .value
        .iter()
        .map(|i| match i {
            Imported::Created(id)
            | Imported::Updated(id)
            | Imported::Unchanged(id)
            | Imported::Joined(id) => *id,
        })
        .collect();
    let found = done.duplicates.expect("found while finishing");
    assert_eq!(found, store.find_duplicates(Some(&ids)).unwrap());
    assert!(found.len() >= 22, "{}", found.len());
}

#[test]
fn a_large_dry_run_keeps_the_indexes() {
    let (_dir, mut store) = with_ada();
    let indexes = contact_indexes(store.path());
    let dry = Options {
        dry_run: true,
        ..Options::default()
    };
    let report = import(&mut store, &people(0, 25_000), &dry);
    assert!(report.imported > 24_000);
    assert_eq!(contact_indexes(store.path()), indexes);
    assert_eq!(live_contacts(&store), 1);
}

fn journal_mode(path: &Path) -> String {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_large_import_writes_the_file_once_and_leaves_it_in_wal_mode() {
    let (_dir, mut store) = with_ada();
    let path = store.path().to_path_buf();
    let report = import(&mut store, &people(0, 21_000), &Options::default());
    assert_eq!(report.imported + report.updated + report.joined, 21_000);
    assert_eq!(journal_mode(&path), "wal");
    let wal = path.with_extension("db-wal");
    // What was written went into the database file itself, not through the WAL.
    assert!(
        std::fs::metadata(&wal).map_or(0, |m| m.len()) < 1 << 20,
        "the WAL holds {} bytes",
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0)
    );
    drop(store);
    let reopened = Store::open(&path).unwrap();
    assert_eq!(live_contacts(&reopened), report.imported + 1);
}

#[test]
fn a_large_import_beside_another_open_connection_keeps_wal_and_lets_it_read() {
    let (_dir, mut store) = with_ada();
    let path = store.path().to_path_buf();
    // Another reader of the file (a second window, a script) has it open throughout.
    let reader = rusqlite::Connection::open(&path).unwrap();
    let before: i64 = reader
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    let report = import(&mut store, &people(0, 21_000), &Options::default());
    assert_eq!(report.imported + report.updated + report.joined, 21_000);
    let after: i64 = reader
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    assert_eq!((before, after as u64), (1, report.imported + 1));
    assert_eq!(journal_mode(&path), "wal");
}

#[test]
fn a_large_import_of_contacts_without_addresses_matches_them_by_number_as_a_small_one_does() {
    // Every 100th row repeats the person before it (name and number): a large import (numbers
    // matched in memory) merges it, and importing the file again (row by row) matches them all.
    let mut csv = String::from("First Name,Last Name,Mobile Phone\n");
    for i in 0..25_000u64 {
        let n = if i % 100 == 99 { i - 1 } else { i };
        csv.push_str(&format!("Caller{n},Family{},+44 7700 {:06}\n", n % 300, n));
    }
    let (_dir, mut store) = common::workspace();
    let first = import(&mut store, csv.as_bytes(), &Options::default());
    // A repeat is the person of the row before: merged into the contact that row made.
    assert_eq!(
        (first.imported, first.updated, first.unchanged, first.joined),
        (24_750, 0, 0, 250)
    );
    let again = import(&mut store, csv.as_bytes(), &Options::default());
    assert_eq!(
        (again.imported, again.updated, again.unchanged),
        (0, 0, 25_000)
    );
}

#[test]
fn cancel_pressed_after_the_last_row_still_takes_everything_back() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let (_dir, mut store) = with_ada();
    let before = store.contact_ids().unwrap();
    let undo = store.undo_label().unwrap();
    let indexes = contact_indexes(store.path());
    let cancel = Arc::new(AtomicBool::new(false));
    let plan = ImportPlan {
        cancel: Some(cancel.clone()),
        ..ImportPlan::new("Import people", 25_000)
    };
    let outcome = store.import_contacts(&plan, |batch| {
        for i in 0..25_000u64 {
            batch.add(
                ContactFields {
                    first_name: format!("Person{i}"),
                    last_name: "Late".into(),
                    ..Default::default()
                },
                None,
            )?;
        }
        // Every row is written; the user presses Cancel while the indexes are rebuilt.
        cancel.store(true, Ordering::Relaxed);
        Ok(())
    });
    assert!(
        matches!(outcome, Err(kith::store::Error::NotAllowed(ref m)) if m == "cancelled"),
        "{:?}",
        outcome.err()
    );
    assert_eq!(store.contact_ids().unwrap(), before);
    assert_eq!(store.undo_label().unwrap(), undo);
    assert_eq!(
        contact_indexes(store.path()),
        indexes,
        "the indexes are back"
    );
}
