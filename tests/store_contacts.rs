//! Contacts and companies on a real workspace file.

mod common;

use common::workspace;
use kith::domain::*;
use kith::store::{CompanySort, ContactQuery, ContactSort, Error, SortDir, Store};

fn ada() -> ContactFields {
    ContactFields {
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        emails: vec![EmailAddress {
            address: "ada@analytical.example".into(),
            label: "work".into(),
        }],
        phones: vec![Phone {
            number: "+44 20 7946 0958".into(),
            label: String::new(),
        }],
        tags: vec!["vip".into(), "north".into()],
        annual_income: Some(Money::new(85_000_00, Currency::GBP)),
        notes: "Met at the engine exhibition".into(),
        ..Default::default()
    }
}

#[test]
fn a_contact_round_trips_through_the_file() {
    let (_dir, mut store) = workspace();
    let company = store
        .create_company(CompanyFields {
            name: "Analytical Engines".into(),
            ..Default::default()
        })
        .unwrap();
    let created = store
        .create_contact(ContactFields {
            company_id: Some(company.id),
            ..ada()
        })
        .unwrap();
    let path = store.path().to_path_buf();
    drop(store);
    let store = kith::store::Store::open(&path).unwrap();
    let read = store.contact(created.id).unwrap();
    assert_eq!(read.fields, created.fields);
    assert_eq!(read.fields.tags, ["vip", "north"]);
    assert_eq!(
        read.fields.annual_income,
        Some(Money::new(85_000_00, Currency::GBP))
    );
}

#[test]
fn updating_a_contact_logs_old_and_new_values() {
    let (_dir, mut store) = workspace();
    let c = store.create_contact(ada()).unwrap();
    let mut fields = c.fields.clone();
    fields.job_title = "Analyst".into();
    store.update_contact(c.id, fields).unwrap();
    let sets = store.change_sets(10).unwrap();
    assert_eq!(sets.len(), 2);
    let edit = &sets[0].changes[0];
    assert_eq!(edit.op, ChangeOp::Update);
    assert_eq!(edit.fields.len(), 1);
    assert_eq!(edit.fields["job_title"], serde_json::json!(["", "Analyst"]));
}

#[test]
fn soft_delete_hides_a_contact_and_restore_brings_it_back() {
    let (_dir, mut store) = workspace();
    let c = store.create_contact(ada()).unwrap();
    let list = |store: &kith::store::Store| {
        store
            .contacts(&ContactQuery {
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .total
    };
    assert_eq!(list(&store), 1);
    store.delete(c.id).unwrap();
    assert_eq!(list(&store), 0);
    assert!(store.search("Lovelace", 5).unwrap().is_empty());
    assert!(store.contact(c.id).unwrap().deleted_at.is_some());
    store.restore(c.id).unwrap();
    assert_eq!(list(&store), 1);
    assert_eq!(store.search("Lovelace", 5).unwrap().len(), 1);
    assert!(matches!(
        store.delete(ContactId(999)),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn an_invalid_contact_is_not_saved_and_names_the_field() {
    let (_dir, mut store) = workspace();
    let bad = ContactFields {
        emails: vec![EmailAddress {
            address: "ada@".into(),
            label: String::new(),
        }],
        ..ada()
    };
    match store.create_contact(bad) {
        Err(Error::Invalid(inv)) => assert!(inv.for_field("email").is_some()),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(
        store
            .contacts(&ContactQuery {
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .total,
        0
    );
}

#[test]
fn the_list_sorts_filters_and_pages() {
    let (_dir, mut store) = workspace();
    for (first, last, stage) in [
        ("Cleo", "Bard", LifecycleStage::Lead),
        ("Abe", "Zed", LifecycleStage::Customer),
        ("Bea", "Moss", LifecycleStage::Customer),
    ] {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                last_name: last.into(),
                lifecycle: stage,
                ..Default::default()
            })
            .unwrap();
    }
    let names = |q: ContactQuery| {
        store
            .contacts(&ContactQuery { limit: 10, ..q })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(ContactQuery::default()),
        ["Cleo Bard", "Bea Moss", "Abe Zed"]
    );
    assert_eq!(
        names(ContactQuery {
            dir: SortDir::Desc,
            ..Default::default()
        }),
        ["Abe Zed", "Bea Moss", "Cleo Bard"]
    );
    assert_eq!(
        names(ContactQuery {
            lifecycle: Some(LifecycleStage::Customer),
            ..Default::default()
        }),
        ["Bea Moss", "Abe Zed"]
    );
    assert_eq!(
        names(ContactQuery {
            text: "bea".into(),
            ..Default::default()
        }),
        ["Bea Moss"]
    );
    assert_eq!(
        names(ContactQuery {
            sort: ContactSort::Created,
            ..Default::default()
        })
        .len(),
        3
    );
    let page = store
        .contacts(&ContactQuery {
            offset: 1,
            limit: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (page.total, page.rows.len(), page.rows[0].name.as_str()),
        (3, 1, "Bea Moss")
    );
}

#[test]
fn the_company_list_sorts_by_each_of_its_columns() {
    let (_dir, mut store) = workspace();
    let mut company = |name: &str, industry: &str, city: &str| {
        store
            .create_company(CompanyFields {
                name: name.into(),
                industry: industry.into(),
                address: kith::domain::Address {
                    city: city.into(),
                    ..Default::default()
                },
                ..Default::default()
            })
            .unwrap()
            .id
    };
    let alpha = company("Alpha Roasters", "Food", "Zagreb");
    let beta = company("Beta Bakery", "", "Athens");
    let gamma = company("Gamma Cafe", "Hospitality", "");
    for n in 0..3 {
        let id = common::contact(&mut store, "Person", &n.to_string());
        let mut c = store.contact(id).unwrap().fields;
        c.company_id = Some(if n == 0 { beta } else { gamma });
        store.update_contact(id, c).unwrap();
    }
    let order = |sort: CompanySort, dir: SortDir| -> Vec<CompanyId> {
        let page = store.companies_by("", sort, dir, 0, 10).unwrap();
        page.rows.iter().map(|r| r.id).collect()
    };
    assert_eq!(order(CompanySort::Name, SortDir::Asc), [alpha, beta, gamma]);
    assert_eq!(
        order(CompanySort::People, SortDir::Desc),
        [gamma, beta, alpha]
    );
    // Empty values come last whichever way.
    assert_eq!(
        order(CompanySort::Industry, SortDir::Asc),
        [alpha, gamma, beta]
    );
    assert_eq!(
        order(CompanySort::City, SortDir::Desc),
        [alpha, beta, gamma]
    );
}

#[test]
fn a_company_is_created_edited_listed_deleted_and_restored() {
    let (_dir, mut store) = workspace();
    let co = store
        .create_company(CompanyFields {
            name: "Bean There".into(),
            industry: "Hospitality".into(),
            ..Default::default()
        })
        .unwrap();
    let mut fields = co.fields.clone();
    fields.address.city = "Lyon".into();
    assert_eq!(
        store
            .update_company(co.id, fields, None)
            .unwrap()
            .fields
            .address
            .city,
        "Lyon"
    );
    let page = store.companies("lyon", SortDir::Asc, 0, 10).unwrap();
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [co.id]);
    store.delete(co.id).unwrap();
    assert_eq!(store.companies("", SortDir::Asc, 0, 10).unwrap().total, 0);
    store.restore(co.id).unwrap();
    assert_eq!(store.companies("", SortDir::Asc, 0, 10).unwrap().total, 1);
    let err = store.create_company(CompanyFields::default()).unwrap_err();
    match err {
        Error::Invalid(invalid) => assert!(invalid.for_field("name").is_some()),
        other => panic!("expected a validation error, got {other}"),
    }
}

#[test]
fn every_sort_pages_through_the_same_rows_as_one_long_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("kith.db")).unwrap();
    let today = chrono::Utc::now().date_naive();
    kith::demo::generate(
        &mut store,
        &kith::demo::DemoOptions::new(120, 3, today),
        &mut |_, _| {},
    )
    .unwrap();
    for sort in [
        ContactSort::Name,
        ContactSort::Company,
        ContactSort::Email,
        ContactSort::Phone,
        ContactSort::Lifecycle,
        ContactSort::LastActivity,
        ContactSort::Created,
    ] {
        for dir in [SortDir::Asc, SortDir::Desc] {
            let all = store
                .contacts(&ContactQuery {
                    sort,
                    dir,
                    limit: 1000,
                    ..ContactQuery::default()
                })
                .unwrap();
            assert_eq!(all.total, 120);
            let mut paged = Vec::new();
            for offset in (0..120).step_by(25) {
                let page = store
                    .contacts(&ContactQuery {
                        sort,
                        dir,
                        offset,
                        limit: 25,
                        ..ContactQuery::default()
                    })
                    .unwrap();
                assert_eq!(page.total, 120);
                paged.extend(page.rows);
            }
            assert_eq!(paged, all.rows, "{sort:?} {dir:?}");
            if sort == ContactSort::Company {
                let names: Vec<Option<String>> = all
                    .rows
                    .iter()
                    .map(|r| r.company.as_ref().map(|c| c.to_lowercase()))
                    .collect();
                // By company name, people without one last in either direction (as a
                // spreadsheet puts its blanks).
                let alone = names.iter().position(Option::is_none).expect("some alone");
                assert!(alone > 0 && names[alone..].iter().all(Option::is_none));
                let mut named: Vec<&String> = names[..alone].iter().flatten().collect();
                if dir == SortDir::Desc {
                    named.reverse();
                }
                assert!(named.is_sorted(), "{sort:?} {dir:?}");
            }
        }
    }
}

#[test]
fn the_list_total_follows_changes_even_when_the_same_query_repeats() {
    let (_dir, mut store) = common::workspace();
    let query = ContactQuery {
        text: "lovelace".into(),
        limit: 10,
        ..ContactQuery::default()
    };
    assert_eq!(store.contacts(&query).unwrap().total, 0);
    let id = store.create_contact(ada()).unwrap().id;
    assert_eq!(store.contacts(&query).unwrap().total, 1);
    store.delete(id).unwrap();
    assert_eq!(store.contacts(&query).unwrap().total, 0);
    store.undo().unwrap();
    assert_eq!(store.contacts(&query).unwrap().total, 1);

    // A change written through another connection (the command line, another window) counts too.
    let mut other = Store::open(store.path()).unwrap();
    other.delete(id).unwrap();
    assert_eq!(store.contacts(&query).unwrap().total, 0);
}

#[test]
fn people_at_a_deleted_company_stay_in_the_list_sorted_by_company() {
    let (_dir, mut store) = common::workspace();
    let acme = store
        .create_company(CompanyFields {
            name: "Acme".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let mut fields = ada();
    fields.company_id = Some(acme);
    let ada = store.create_contact(fields).unwrap().id;
    common::contact(&mut store, "Bob", "Builder");
    store.delete(acme).unwrap();
    for dir in [SortDir::Asc, SortDir::Desc] {
        let page = store
            .contacts(&ContactQuery {
                sort: ContactSort::Company,
                dir,
                limit: 10,
                ..ContactQuery::default()
            })
            .unwrap();
        assert_eq!(page.total, 2);
        let row = page
            .rows
            .iter()
            .find(|r| r.id == ada)
            .expect("Ada is still listed");
        assert_eq!(row.company, None, "a deleted company is not shown");
    }
}

#[test]
fn a_merge_keeps_exactly_the_values_picked_and_each_number_once() {
    use kith::store::Side;
    let (_dir, mut store) = workspace();
    let phone = |n: &str| Phone {
        number: n.into(),
        label: String::new(),
    };
    let custom = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let keep = store
        .create_contact(ContactFields {
            first_name: "J.".into(),
            last_name: "Brown".into(),
            notes: "Prefers calls".into(),
            phones: vec![phone("+1 415 555 0142")],
            custom: custom(&[("Loyalty", "silver"), ("Tier", "")]),
            ..Default::default()
        })
        .unwrap()
        .id;
    let other = store
        .create_contact(ContactFields {
            first_name: "James".into(),
            last_name: "Brown".into(),
            notes: "Old record from 2019".into(),
            phones: vec![phone("(415) 555-0142"), phone("+1 415 555 0199")],
            custom: custom(&[("Loyalty", "bronze"), ("Shoe size", "44"), ("Tier", "Gold")]),
            ..Default::default()
        })
        .unwrap()
        .id;
    let picks = [
        ("first_name".to_string(), Side::Keep),
        ("notes".to_string(), Side::Keep),
        ("custom:Loyalty".to_string(), Side::Other),
    ]
    .into();
    let merged = store.merge_contacts(keep, other, &picks).unwrap().fields;
    assert_eq!(
        merged.first_name, "J.",
        "the initial picked, not the longer name"
    );
    assert_eq!(merged.notes, "Prefers calls", "only the notes picked");
    assert_eq!(
        merged.custom,
        custom(&[("Loyalty", "bronze"), ("Shoe size", "44"), ("Tier", "Gold")]),
        "an empty value kept does not hide the other's"
    );
    let numbers: Vec<&str> = merged.phones.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers, ["+1 415 555 0142", "+1 415 555 0199"]);
}

/// Notes marked Both keep what each card says, the kept one's first; a note that already holds
/// the other's is not doubled.
#[test]
fn a_merge_can_keep_both_contacts_notes() {
    use kith::store::Side;
    let (_dir, mut store) = workspace();
    let with_notes = |store: &mut Store, first: &str, notes: &str| {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                last_name: "Korhonen".into(),
                notes: notes.into(),
                ..Default::default()
            })
            .unwrap()
            .id
    };
    let both = [("notes".to_string(), Side::Both)].into();
    let a = with_notes(&mut store, "Valeria", "Prefers calls");
    let b = with_notes(&mut store, "Vale", "Call after 3pm");
    let merged = store.merge_contacts(a, b, &both).unwrap();
    assert_eq!(merged.fields.notes, "Prefers calls\n\nCall after 3pm");
    let c = with_notes(&mut store, "V.", "Call after 3pm");
    let merged = store.merge_contacts(a, c, &both).unwrap();
    assert_eq!(
        merged.fields.notes, "Prefers calls\n\nCall after 3pm",
        "not doubled"
    );
}

/// The customer since 2019 found again as a new card last week is still a customer since 2019
/// once merged, whichever card survives; Undo gives each back its own date.
#[test]
fn a_merge_keeps_the_earlier_creation_time_and_undo_puts_it_back() {
    let (_dir, mut store) = workspace();
    let new_card = common::contact(&mut store, "Jim", "Brown");
    let old_card = store
        .create_contact(ContactFields {
            first_name: "James".into(),
            last_name: "Brown".into(),
            emails: vec![EmailAddress {
                address: "james@brown.example".into(),
                label: String::new(),
            }],
            ..Default::default()
        })
        .unwrap()
        .id;
    let long_ago = 1_560_000_000; // June 2019
    rusqlite::Connection::open(store.path())
        .unwrap()
        .execute(
            "UPDATE contacts SET created_at = ?1 WHERE id = ?2",
            [long_ago, old_card.0],
        )
        .unwrap();
    let was = store.contact(new_card).unwrap().created_at;
    let merged = store
        .merge_contacts(new_card, old_card, &Default::default())
        .unwrap();
    assert_eq!(merged.created_at.0, long_ago);
    store.undo().unwrap();
    assert_eq!(store.contact(new_card).unwrap().created_at, was);
    assert_eq!(store.contact(old_card).unwrap().created_at.0, long_ago);
    store.redo().unwrap();
    let redone = store.contact(new_card).unwrap();
    assert_eq!(redone.created_at.0, long_ago);
    assert_eq!(
        redone.fields.emails.len(),
        1,
        "Redo puts the merged fields back with the date"
    );
    // The other way round there is nothing to move.
    let newer = common::contact(&mut store, "Jimmy", "Brown");
    let kept = store
        .merge_contacts(new_card, newer, &Default::default())
        .unwrap();
    assert_eq!(kept.created_at.0, long_ago);
}

#[test]
fn a_pair_kept_apart_is_not_suggested_again_until_undone() {
    let (_dir, mut store) = workspace();
    let person = |first: &str| ContactFields {
        first_name: first.into(),
        last_name: "Lee".into(),
        phones: vec![Phone {
            number: "+44 20 7946 0000".into(),
            label: String::new(),
        }],
        ..Default::default()
    };
    let ann = store.create_contact(person("Ann")).unwrap().id;
    let anna = store.create_contact(person("Anna")).unwrap().id;
    assert_eq!(store.find_duplicates(None).unwrap().len(), 1);

    // Either way round: one pair.
    store.keep_apart(anna, ann).unwrap();
    assert!(store.find_duplicates(None).unwrap().is_empty());
    assert!(store.find_duplicates(Some(&[ann])).unwrap().is_empty());
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Keep Ann Lee and Anna Lee apart")
    );
    store.undo().unwrap();
    assert_eq!(store.find_duplicates(None).unwrap().len(), 1);
    store.redo().unwrap();
    assert!(store.find_duplicates(None).unwrap().is_empty());
    // A third with the same number is still suggested, with each of them.
    let third = store.create_contact(person("Annie")).unwrap().id;
    let pairs = store.find_duplicates(None).unwrap();
    assert_eq!(pairs.len(), 2);
    assert!(pairs.iter().all(|p| p.a == third || p.b == third));
    assert!(store.keep_apart(ann, ann).is_err());
}

/// The search field says "Search name, e-mail, phone, company…": a company's name finds its
/// people, alongside anyone whose own details hold the word.
#[test]
fn searching_the_list_for_a_company_name_finds_its_people() {
    let (_dir, mut store) = common::workspace();
    let goodco = store
        .create_company(CompanyFields {
            name: "GoodCo Trading".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    for (first, company, notes) in [
        ("Ann", Some(goodco), ""),
        ("Bob", Some(goodco), ""),
        ("Cy", None, "Used to work at GoodCo"),
        ("Di", None, ""),
    ] {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                last_name: "Example".into(),
                company_id: company,
                notes: notes.into(),
                ..Default::default()
            })
            .unwrap();
    }
    let found = |text: &str| -> Vec<String> {
        let page = store
            .contacts(&ContactQuery {
                text: text.into(),
                limit: 10,
                ..ContactQuery::default()
            })
            .unwrap();
        assert_eq!(page.total as usize, page.rows.len());
        let mut names: Vec<String> = page.rows.into_iter().map(|r| r.name).collect();
        names.sort();
        names
    };
    assert_eq!(
        found("goodco"),
        ["Ann Example", "Bob Example", "Cy Example"]
    );
    assert_eq!(found("trading"), ["Ann Example", "Bob Example"]);
    assert_eq!(found("ann"), ["Ann Example"]);
}

/// Two companies may share a name (one in Dublin, one in Munich). A contact of the second, saved
/// with the company name retyped in other letter case, was moved to the first without a word.
#[test]
fn a_contact_saved_with_its_companys_shared_name_stays_with_that_company() {
    let (_dir, mut store) = workspace();
    let company = |store: &mut Store, city: &str| {
        store
            .create_company(CompanyFields {
                name: "Ironbridge Software".into(),
                address: Address {
                    city: city.into(),
                    ..Default::default()
                },
                ..Default::default()
            })
            .unwrap()
            .id
    };
    let dublin = company(&mut store, "Dublin");
    let munich = company(&mut store, "Munich");
    let finn = store
        .save_contact(None, ada(), Some("Ironbridge Software"), None)
        .unwrap();
    assert_eq!(
        finn.fields.company_id,
        Some(dublin),
        "a new contact: the oldest"
    );
    let mut moved = finn.fields.clone();
    moved.company_id = Some(munich);
    let finn = store
        .save_contact(Some(finn.id), moved, None, Some(&finn.fields))
        .unwrap();
    let base = finn.fields.clone();
    let mut edited = base.clone();
    edited.job_title = "CTO".into();
    let finn = store
        .save_contact(
            Some(finn.id),
            edited,
            Some("ironbridge software"),
            Some(&base),
        )
        .unwrap();
    assert_eq!(finn.fields.company_id, Some(munich));
    assert_eq!(finn.fields.job_title, "CTO");
}

/// Two windows on one workspace each add a tag and a custom field to one contact and save, one
/// after the other: the second save keeps what the first added (it had replaced the lists whole).
#[test]
fn two_windows_adding_tags_and_custom_fields_to_one_contact_keep_both() {
    let (dir, mut window_a) = common::workspace();
    let mut window_b = Store::open(dir.path().join("kith.db")).unwrap();
    let id = common::contact(&mut window_a, "Small", "Probe");
    let opened = window_a.contact(id).unwrap().fields;

    let mut a = opened.clone();
    a.tags.push("alpha".into());
    a.custom.insert("Loyalty card".into(), "A-123".into());
    window_a
        .save_contact(Some(id), a, None, Some(&opened))
        .unwrap();

    let mut b = opened.clone();
    b.tags.push("beta".into());
    b.custom.insert("Shoe size".into(), "46".into());
    let saved = window_b
        .save_contact(Some(id), b, None, Some(&opened))
        .unwrap();

    let mut tags = saved.fields.tags.clone();
    tags.sort();
    assert_eq!(tags, ["alpha", "beta"]);
    assert_eq!(saved.fields.custom.len(), 2, "{:?}", saved.fields.custom);
    assert_eq!(window_a.contact(id).unwrap().fields, saved.fields);
}

/// Two windows change one contact's job title: the later save wins, as before, and its step
/// says whose value it replaced, in the notice that offers Undo and in the history.
#[test]
fn a_save_over_another_windows_change_to_the_same_field_says_so() {
    let (_dir, mut store) = common::workspace();
    let id = common::contact(&mut store, "Hana", "Sato");
    let opened = store.contact(id).unwrap().fields;
    let mut theirs = opened.clone();
    theirs.job_title = "Owner".into();
    theirs.address.city = "Leeds".into();
    store
        .save_contact(Some(id), theirs, None, Some(&opened))
        .unwrap();

    let mut mine = opened.clone();
    mine.job_title = "Apprentice".into();
    let saved = store
        .save_contact(Some(id), mine, None, Some(&opened))
        .unwrap();
    assert_eq!(saved.fields.job_title, "Apprentice");
    assert_eq!(saved.fields.address.city, "Leeds");
    let (_, label) = store.undo_step().unwrap().unwrap();
    assert_eq!(
        label,
        "Edit contact Hana Sato, over the job title another window saved"
    );
    // A change to another field alone is said as ever.
    let opened = saved.fields.clone();
    let mut mine = opened.clone();
    mine.job_title = "Head gardener".into();
    store
        .save_contact(Some(id), mine, None, Some(&opened))
        .unwrap();
    assert_eq!(
        store.undo_step().unwrap().unwrap().1,
        "Edit contact Hana Sato"
    );
}
