//! Chinese, Japanese and Korean names are written family name first and together ("李伟"): shown
//! so wherever Kith lists a person, and found when searched for as written. Other names keep
//! given name first ("Ada Lovelace").

mod common;

use common::workspace;
use kith::domain::person_name::written;
use kith::domain::*;
use kith::store::{ContactQuery, SearchKind, Store};

/// (given name, family name, as written)
const PEOPLE: &[(&str, &str, &str)] = &[
    ("伟", "李", "李伟"),
    ("太郎", "山田", "山田太郎"),
    ("花子", "佐々木", "佐々木花子"),
    ("민수", "김", "김민수"),
    ("さくら", "木村", "木村さくら"),
    ("Ada", "Lovelace", "Ada Lovelace"),
    ("Wei", "Li", "Wei Li"),
    ("ジョン", "スミス", "ジョン スミス"),
    ("Wei", "李", "Wei 李"),
    ("", "李", "李"),
    ("伟", "", "伟"),
    ("Zoë", "Ångström", "Zoë Ångström"),
];

fn people(store: &mut Store) -> Vec<ContactId> {
    PEOPLE
        .iter()
        .map(|(first, last, _)| common::contact(store, first, last))
        .collect()
}

#[test]
fn the_sql_writes_every_name_as_the_domain_does() {
    let (dir, mut store) = workspace();
    people(&mut store);
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join("kith.db")).unwrap();
    let sql = concat!(
        "SELECT first_name, last_name, ",
        kith::written_sql!(),
        ", ",
        kith::written_sql!("c"),
        " FROM contacts c ORDER BY id"
    );
    let mut stmt = conn.prepare(sql).unwrap();
    let rows: Vec<(String, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), PEOPLE.len());
    for ((first, last, plain, aliased), (_, _, expected)) in rows.iter().zip(PEOPLE) {
        assert_eq!(plain, expected, "{first:?} {last:?}");
        assert_eq!(aliased, expected, "{first:?} {last:?}");
        assert_eq!(&written(first, last), expected);
    }
}

#[test]
fn lists_show_east_asian_names_as_they_are_written() {
    let (_dir, mut store) = workspace();
    let ids = people(&mut store);
    let listed = store
        .contacts(&ContactQuery {
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    let li = listed.rows.iter().find(|r| r.id == ids[0]).unwrap();
    assert_eq!(li.name, "李伟");

    // A ticket names its person the same way.
    let ticket = store
        .create_ticket(TicketFields::new("Grinder noisy", Some(ids[1])))
        .unwrap();
    let rows = store
        .tickets(&kith::store::TicketQuery {
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    let row = rows.rows.iter().find(|r| r.id == ticket.id).unwrap();
    assert_eq!(row.contact.as_deref(), Some("山田太郎"));
}

#[test]
fn east_asian_names_are_found_as_they_are_written() {
    let (_dir, mut store) = workspace();
    people(&mut store);
    let found = |text: &str| -> Vec<String> {
        store
            .search(text, 20)
            .unwrap()
            .into_iter()
            .filter(|h| h.kind == SearchKind::Contact)
            .map(|h| h.title)
            .collect()
    };
    for (_, _, name) in &PEOPLE[..5] {
        assert_eq!(found(name), [*name], "{name}");
    }
    assert_eq!(found("山田"), ["山田太郎"], "the family name alone");
    assert_eq!(found("太郎"), ["山田太郎"], "the given name alone");
    assert_eq!(found("山田太"), ["山田太郎"], "as it is being typed");
}

#[test]
fn a_workspace_from_before_finds_its_east_asian_names_once_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut store = Store::open(&path).unwrap();
        people(&mut store);
    }
    // Back to migration 12's index: the name column without the name written together.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DELETE FROM contacts_fts; \
         INSERT INTO contacts_fts (rowid, name, detail) \
           SELECT id, first_name || ' ' || last_name, '' FROM contacts; \
         PRAGMA user_version = 12;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), kith::store::LATEST_VERSION);
    let hits = store.search("李伟", 5).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].title, "李伟");
}
