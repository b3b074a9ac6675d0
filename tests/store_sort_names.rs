//! Names sort with accents and case folded ("Özdemir" among the O's, not after Z), on a real file:
//! in every list that sorts by name, after edits and undo, in a workspace from before the sort
//! key existed, after a JSON workspace round trip, and not at all once a person is erased.

mod common;

use common::{contact, workspace};
use kith::domain::*;
use kith::store::{CompanySort, ContactQuery, ContactSort, SortDir, Store};

fn names(store: &Store, sort: ContactSort, dir: SortDir) -> Vec<String> {
    store
        .contacts(&ContactQuery {
            sort,
            dir,
            limit: 50,
            ..Default::default()
        })
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
}

fn company_names(store: &Store) -> Vec<String> {
    store
        .companies_by("", CompanySort::Name, SortDir::Asc, 0, 50)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
}

/// Five people, created out of order; two at accented companies.
fn people(store: &mut Store) {
    for (first, last) in [
        ("Zoe", "Zimmermann"),
        ("Émile", "Écuyer"),
        ("Ayşe", "Özdemir"),
        ("Olaf", "Oliveira"),
        ("eva", "eriksen"),
    ] {
        contact(store, first, last);
    }
}

const BY_NAME: [&str; 5] = [
    "Émile Écuyer",
    "eva eriksen",
    "Olaf Oliveira",
    "Ayşe Özdemir",
    "Zoe Zimmermann",
];

#[test]
fn accented_names_sort_among_their_letters_both_ways() {
    let (_dir, mut store) = workspace();
    people(&mut store);
    assert_eq!(names(&store, ContactSort::Name, SortDir::Asc), BY_NAME);
    let mut reversed = BY_NAME.to_vec();
    reversed.reverse();
    assert_eq!(names(&store, ContactSort::Name, SortDir::Desc), reversed);
}

#[test]
fn companies_sort_the_same_way_in_their_list_and_in_the_contact_list() {
    let (_dir, mut store) = workspace();
    for (name, person) in [
        ("Zephyr Ltd", "Zed"),
        ("Über Coffee", "Uma"),
        ("Atlas", "Abe"),
    ] {
        let company = store
            .create_company(CompanyFields {
                name: name.into(),
                ..Default::default()
            })
            .unwrap();
        store
            .create_contact(ContactFields {
                first_name: person.into(),
                company_id: Some(company.id),
                ..Default::default()
            })
            .unwrap();
    }
    assert_eq!(
        company_names(&store),
        ["Atlas", "Über Coffee", "Zephyr Ltd"]
    );
    assert_eq!(
        names(&store, ContactSort::Company, SortDir::Asc),
        ["Abe", "Uma", "Zed"]
    );
    assert_eq!(
        store
            .company_names(10)
            .unwrap()
            .into_iter()
            .map(|(_, n, _)| n)
            .collect::<Vec<_>>(),
        ["Atlas", "Über Coffee", "Zephyr Ltd"]
    );
}

#[test]
fn an_edit_moves_the_person_and_undo_moves_them_back() {
    let (_dir, mut store) = workspace();
    people(&mut store);
    let zoe = store
        .contacts(&ContactQuery {
            text: "Zimmermann".into(),
            limit: 1,
            ..Default::default()
        })
        .unwrap()
        .rows[0]
        .id;
    let mut fields = store.contact(zoe).unwrap().fields;
    fields.last_name = "Ångström".into();
    store.update_contact(zoe, fields).unwrap();
    assert_eq!(
        names(&store, ContactSort::Name, SortDir::Asc)[0],
        "Zoe Ångström"
    );
    store.undo().unwrap();
    assert_eq!(names(&store, ContactSort::Name, SortDir::Asc), BY_NAME);
}

#[test]
fn a_workspace_from_before_the_sort_key_gets_it_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut store = Store::open(&path).unwrap();
        people(&mut store);
    }
    // Back to the schema of migration 9: no key, the old index, no company key index.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP INDEX contacts_by_name; DROP INDEX companies_by_sort_name; \
         ALTER TABLE contacts DROP COLUMN sort_name; ALTER TABLE companies DROP COLUMN sort_name; \
         CREATE INDEX contacts_by_name ON contacts (last_name COLLATE NOCASE, first_name COLLATE NOCASE, id) \
           WHERE deleted_at IS NULL; \
         PRAGMA user_version = 9;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), kith::store::LATEST_VERSION);
    assert_eq!(names(&store, ContactSort::Name, SortDir::Asc), BY_NAME);
}

#[test]
fn a_json_workspace_leaves_the_key_out_and_the_import_computes_it() {
    let (_dir, mut store) = workspace();
    people(&mut store);
    let mut json = Vec::new();
    kith::io::workspace::export(&store, &mut json).unwrap();
    let text = String::from_utf8(json.clone()).unwrap();
    assert!(!text.contains("sort_name"), "a derived column was exported");
    let (_dir2, mut copy) = workspace();
    kith::io::workspace::import(&mut copy, &json).unwrap();
    assert_eq!(names(&copy, ContactSort::Name, SortDir::Asc), BY_NAME);
}

#[test]
fn an_erased_persons_sort_key_no_longer_spells_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let id = contact(&mut store, "Ayşe", "Özdemir");
    store.erase_person(id).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let key: String = conn
        .query_row(
            "SELECT sort_name FROM contacts WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!key.contains("ozdemir") && !key.contains("ayse"), "{key:?}");
}

/// A company typed in other letter case, accented letters included, is the one already there:
/// "ørsted kaffe" had made a second "Ørsted Kaffe" (NOCASE folds A-Z only), from the form and
/// from an import alike.
#[test]
fn a_company_name_typed_in_other_case_finds_the_company_whatever_its_letters() {
    let (_dir, mut store) = workspace();
    let orsted = store
        .create_company(CompanyFields {
            name: "Ørsted Kaffe".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let ada = store
        .save_contact(
            None,
            ContactFields {
                first_name: "Ada".into(),
                ..Default::default()
            },
            Some("ørsted kaffe"),
            None,
        )
        .unwrap();
    assert_eq!(ada.fields.company_id, Some(orsted));
    let file = "First Name,Company\nBo,ØRSTED KAFFE\nCy,Orsted Kaffe\n";
    let preview = kith::io::csv_import::preview(file.as_bytes(), &Default::default(), 0).unwrap();
    let report = kith::io::csv_import::import(
        &mut store,
        file.as_bytes(),
        "people.csv",
        &preview.proposed,
        &Default::default(),
        &mut (),
    )
    .unwrap();
    assert_eq!(report.imported, 2);
    assert_eq!(company_names(&store), ["Ørsted Kaffe"]);
}
