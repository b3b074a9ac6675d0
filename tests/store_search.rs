//! Full-text search takes whatever a user types literally: query syntax, punctuation, emoji and CJK
//! either find the records that contain those words or find nothing, and never raise an error.

mod common;

use common::workspace;
use kith::domain::*;
use kith::store::{ContactQuery, SearchKind, SortDir, Store, TextScope};

fn seeded() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = workspace();
    for (first, last, notes) in [
        (
            "Ada",
            "Lovelace",
            "Asked about NEAR(beans) and \"quoted\" AND words",
        ),
        ("Zoë", "Ångström", "Prefers -decaf- *always*"),
        ("小明", "王", "喜欢咖啡 ☕ 🎉"),
        ("Seán", "O'Brien", "o'brien@example.com"),
    ] {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                last_name: last.into(),
                notes: notes.into(),
                ..Default::default()
            })
            .unwrap();
    }
    store
        .create_company(CompanyFields {
            name: "AND OR NOT Coffee".into(),
            ..Default::default()
        })
        .unwrap();
    (dir, store)
}

const HOSTILE: &[&str] = &[
    "\"",
    "\"\"",
    "'",
    "*",
    "**",
    "a*",
    "*a",
    "AND",
    "OR",
    "NOT",
    "a AND",
    "AND a",
    "NEAR(",
    "NEAR(a b",
    "NEAR(a b, 2)",
    "-",
    "-a",
    "a -b",
    "(",
    ")",
    "()",
    "(a OR b",
    "^",
    "^a",
    ":",
    "name:",
    "name:ada",
    "{name detail}: ada",
    "+",
    "a+b",
    "\\",
    "%",
    "_",
    "'; DROP TABLE contacts; --",
    "\0",
    "\u{200b}",
    "🎉",
    "☕ coffee",
    "👩‍👩‍👧",
    "王",
    "小明",
    "咖啡",
    "ｆｕｌｌｗｉｄｔｈ",
    "ß",
    "İ",
    "\u{301}",
    "a\u{301}",
    "\t\n",
    "   ",
    "",
    "Ångström",
    "o'brien",
    "o'brien@example.com",
    "\"quoted\"",
    "NEAR(beans)",
];

#[test]
fn hostile_text_never_errors_in_search_or_the_contact_list() {
    let (_dir, store) = seeded();
    for text in HOSTILE {
        store
            .search(text, 20)
            .unwrap_or_else(|e| panic!("search {text:?}: {e}"));
        let q = ContactQuery {
            text: text.to_string(),
            limit: 50,
            ..Default::default()
        };
        store
            .contacts(&q)
            .unwrap_or_else(|e| panic!("contacts {text:?}: {e}"));
        let picking = ContactQuery {
            scope: TextScope::Identity,
            ..q
        };
        store
            .contact_suggestions(&picking)
            .unwrap_or_else(|e| panic!("suggestions {text:?}: {e}"));
        store
            .companies(text, Default::default(), 0, 50)
            .unwrap_or_else(|e| panic!("companies {text:?}: {e}"));
    }
}

#[test]
fn query_syntax_is_searched_as_the_words_it_contains() {
    let (_dir, store) = seeded();
    let names = |text: &str| -> Vec<String> {
        store
            .search(text, 20)
            .unwrap()
            .into_iter()
            .map(|h| h.title)
            .collect()
    };
    assert_eq!(names("NEAR(beans"), ["Ada Lovelace"]);
    assert_eq!(names("\"quoted"), ["Ada Lovelace"]);
    assert_eq!(names("-decaf-"), ["Zoë Ångström"]);
    assert_eq!(names("angstrom"), ["Zoë Ångström"], "diacritics are folded");
    assert_eq!(names("o'brien"), ["Seán O'Brien"]);
    assert_eq!(names("小明"), ["王小明"]);
    assert_eq!(names("王小明"), ["王小明"], "as the name is written");
    assert_eq!(names("AND OR"), ["AND OR NOT Coffee"]);
    assert!(
        names("🎉").is_empty(),
        "emoji alone is no word to search for"
    );
    assert!(names("*").is_empty());
}

#[test]
fn deleted_records_leave_search_and_come_back_on_restore() {
    let (_dir, mut store) = seeded();
    let hit = store.search("lovelace", 5).unwrap().remove(0);
    assert_eq!(hit.kind, SearchKind::Contact);
    let id = ContactId(hit.id);
    store.delete(id).unwrap();
    assert!(store.search("lovelace", 5).unwrap().is_empty());
    store.restore(id).unwrap();
    assert_eq!(store.search("lovelace", 5).unwrap().len(), 1);
}

/// A property check without a framework: thousands of strings drawn from the characters that mean
/// something to FTS5 or to SQL, mixed with letters, emoji and CJK, all search without error.
#[test]
fn random_strings_of_syntax_characters_never_error() {
    let (_dir, store) = seeded();
    let alphabet: Vec<char> = "\"'*-+^():{}[],.;\\%_ \t\nANDORNOTnear(ab王咖啡🎉é\u{301}\u{200b}0"
        .chars()
        .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3_000 {
        let len = (next() % 24) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        store
            .search(&text, 5)
            .unwrap_or_else(|e| panic!("search {text:?}: {e}"));
        let q = ContactQuery {
            text: text.clone(),
            limit: 5,
            ..Default::default()
        };
        store
            .contacts(&q)
            .unwrap_or_else(|e| panic!("contacts {text:?}: {e}"));
    }
}

#[test]
fn picking_a_person_finds_them_by_name_address_or_company_not_by_owner_or_notes() {
    let (_dir, mut store) = workspace();
    let marine = store
        .create_company(CompanyFields {
            name: "Marine Supplies".into(),
            ..Default::default()
        })
        .unwrap();
    let mut add = |first: &str, last: &str, email: &str, owner: &str, notes: &str| {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                last_name: last.into(),
                emails: (!email.is_empty())
                    .then(|| EmailAddress {
                        address: email.into(),
                        label: String::new(),
                    })
                    .into_iter()
                    .collect(),
                owner: owner.into(),
                notes: notes.into(),
                company_id: (first == "Bob").then_some(marine.id),
                phones: (first == "Dan")
                    .then(|| Phone {
                        number: "+44 131 555 6772".into(),
                        label: "mobile".into(),
                    })
                    .into_iter()
                    .collect(),
                ..Default::default()
            })
            .unwrap();
    };
    add("Ada", "Lovelace", "ada@example.org", "Maria Keller", "");
    add("Maria", "Lopez", "", "", "");
    add("Bob", "Stone", "", "", "");
    add("Carl", "Weiss", "MARcus.w@example.org", "", "");
    add("Dan", "Ross", "", "", "Met Maria at the fair");
    let names = |scope: TextScope, text: &str| -> Vec<String> {
        let mut names: Vec<String> = store
            .contact_suggestions(&ContactQuery {
                text: text.into(),
                scope,
                limit: 20,
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(TextScope::Identity, "mar"),
        ["Bob Stone", "Carl Weiss", "Maria Lopez"],
        "by name, by company, by the start of an address (any case)"
    );
    assert_eq!(
        names(TextScope::Everything, "mar"),
        [
            "Ada Lovelace",
            "Bob Stone",
            "Carl Weiss",
            "Dan Ross",
            "Maria Lopez"
        ],
        "the list's search reads owner, notes and the company too"
    );
    assert_eq!(names(TextScope::Identity, "maria lo"), ["Maria Lopez"]);
    assert!(names(TextScope::Identity, "fair").is_empty());
    // A caller found by the number on the display, however it is grouped.
    assert_eq!(names(TextScope::Identity, "+441315556772"), ["Dan Ross"]);
    assert_eq!(names(TextScope::Identity, "0131 555 6772"), ["Dan Ross"]);
}

#[test]
fn hits_with_one_title_say_whom_they_are_about_and_when() {
    let (_dir, mut store) = workspace();
    let ada = common::contact(&mut store, "Ada", "Lovelace");
    let grace = common::contact(&mut store, "Grace", "Hopper");
    for (who, at) in [(ada, 1_700_000_000), (grace, 1_710_000_000)] {
        store
            .create_activity(ActivityFields {
                contact_id: Some(who),
                subject: "Called about the grinder".into(),
                ..ActivityFields::new(ActivityKind::Call, Timestamp(at))
            })
            .unwrap();
    }
    let hits = store.search("grinder", 10).unwrap();
    let about: Vec<(&str, Option<Timestamp>)> = hits
        .iter()
        .filter(|h| h.kind == SearchKind::Activity)
        .map(|h| (h.about.as_str(), h.at))
        .collect();
    assert_eq!(about.len(), 2);
    assert!(about.contains(&("Ada Lovelace", Some(Timestamp(1_700_000_000)))));
    assert!(about.contains(&("Grace Hopper", Some(Timestamp(1_710_000_000)))));
}

/// Searching everything (Ctrl+K, `kith search`) finds a company's people by its name, as the
/// contact list's search does, after the contacts the words find themselves.
#[test]
fn search_everything_finds_a_companys_people_by_its_name() {
    let (_dir, mut store) = workspace();
    let bakery = store
        .create_company(CompanyFields {
            name: "Nordlicht Bakery".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let zoe = store
        .create_contact(ContactFields {
            first_name: "Zoë".into(),
            last_name: "Brandt".into(),
            company_id: Some(bakery),
            emails: vec![EmailAddress {
                address: "zoe@example.com".into(),
                label: "work".into(),
            }],
            ..Default::default()
        })
        .unwrap()
        .id;
    let named = store
        .create_contact(ContactFields {
            first_name: "Nordlicht".into(),
            last_name: "Fan".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let people_in = |hits: &[kith::store::SearchHit]| -> Vec<i64> {
        hits.iter()
            .filter(|h| h.kind == SearchKind::Contact)
            .map(|h| h.id)
            .collect()
    };
    let hits = store.search("Nordlicht Bakery", 10).unwrap();
    let people = people_in(&hits);
    assert_eq!(people, [zoe.0], "Nordlicht Fan lacks the word Bakery");
    assert_eq!(hits[0].about, "Nordlicht Bakery");
    let hits = store.search("nordlicht", 10).unwrap();
    let people = people_in(&hits);
    assert_eq!(
        people,
        [named.0, zoe.0],
        "their own match first, then the company's people"
    );
    assert!(
        hits.iter()
            .any(|h| h.kind == SearchKind::Company && h.id == bakery.0)
    );
}

/// A phone number typed whole finds its contact and company however the digits are grouped: the
/// number from a caller's display ("+4685551564"), in the national form ("08-555 15 64"), or the
/// local part alone; the search index's words ("46", "8", "555", "1564") found none of those.
#[test]
fn a_phone_number_typed_whole_finds_its_owner_however_it_is_grouped() {
    let (_dir, mut store) = workspace();
    let cafe = store
        .create_company(CompanyFields {
            name: "Café Ørsted".into(),
            phone: "+46 (8) 555-1500".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let phone = |number: &str| Phone {
        number: number.into(),
        label: "mobile".into(),
    };
    let ada = store
        .create_contact(ContactFields {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            phones: vec![phone("+1 212 555 0100"), phone("+46 8 555 1564")],
            ..Default::default()
        })
        .unwrap()
        .id;
    store
        .create_contact(ContactFields {
            first_name: "Bob".into(),
            last_name: "Stone".into(),
            phones: vec![phone("+46 8 555 1565")],
            notes: "Call after 2024".into(),
            ..Default::default()
        })
        .unwrap();
    let listed = |store: &Store, text: &str| -> Vec<ContactId> {
        let page = store
            .contacts(&ContactQuery {
                text: text.into(),
                limit: 20,
                ..Default::default()
            })
            .unwrap();
        page.rows.iter().map(|r| r.id).collect()
    };
    for typed in [
        "+4685551564",
        "4685551564",
        "0046 8 5551564",
        "08-555 15 64",
        "5551564",
        "555 1564",
        "(08) 555.1564",
    ] {
        assert_eq!(listed(&store, typed), [ada], "the list, for {typed:?}");
        let hits = store.search(typed, 10).unwrap();
        let people: Vec<&kith::store::SearchHit> = hits
            .iter()
            .filter(|h| h.kind == SearchKind::Contact)
            .collect();
        assert_eq!(people.len(), 1, "Ctrl+K, for {typed:?}");
        assert_eq!(people[0].id, ada.0, "Ctrl+K, for {typed:?}");
        assert!(
            people[0].snippet.contains("+46 8 555 1564"),
            "the hit shows the number: {:?}",
            people[0].snippet
        );
    }
    assert_eq!(listed(&store, "2125550100"), [ada], "the second number");
    assert_eq!(listed(&store, "555156").len(), 2, "both numbers hold it");
    assert!(
        listed(&store, "5551566").is_empty(),
        "no number holds those digits"
    );
    assert!(
        listed(&store, "1564 Stone").is_empty(),
        "words beside the digits are words"
    );
    // The UK's "(0)": the trunk 0 beside the country code, typed or stored.
    let cleo = store
        .create_contact(ContactFields {
            first_name: "Cleo".into(),
            last_name: "Hart".into(),
            phones: vec![phone("+44 (0)20 7946 0958")],
            ..Default::default()
        })
        .unwrap()
        .id;
    for typed in ["+44 20 7946 0958", "020 7946 0958", "+44 (0)20 7946 0958"] {
        assert_eq!(listed(&store, typed), [cleo], "the list, for {typed:?}");
    }
    // A number kept in its national form is found by the international one a caller shows; a
    // number of another country holding the same digits is not.
    let lisa = store
        .create_contact(ContactFields {
            first_name: "Lisa".into(),
            last_name: "Schmidt".into(),
            phones: vec![phone("030 1234567")],
            ..Default::default()
        })
        .unwrap()
        .id;
    store
        .create_contact(ContactFields {
            first_name: "Carl".into(),
            last_name: "Maine".into(),
            phones: vec![phone("+1 301 234 5670"), phone("+1 207 946 0958")],
            ..Default::default()
        })
        .unwrap();
    // (Typed in national form it cannot tell the country: "030 1234567" also finds a number that
    // holds "301234567", as any run of digits does.)
    assert!(listed(&store, "030 1234567").contains(&lisa));
    for typed in ["+49 30 1234567", "+49301234567", "0049 30 1234567"] {
        assert_eq!(listed(&store, typed), [lisa], "the list, for {typed:?}");
        let people: Vec<i64> = store
            .search(typed, 10)
            .unwrap()
            .into_iter()
            .filter(|h| h.kind == SearchKind::Contact)
            .map(|h| h.id)
            .collect();
        assert_eq!(people, [lisa.0], "Ctrl+K, for {typed:?}");
    }
    assert_eq!(
        listed(&store, "+44 20 7946 0958"),
        [cleo],
        "not the US number"
    );
    // Shorter than any country code and number: read as words, not sliced as a number.
    listed(&store, "+4");
    store.search("+4", 10).unwrap();
    let years: Vec<String> = store
        .search("2024", 10)
        .unwrap()
        .into_iter()
        .map(|h| h.title)
        .collect();
    assert_eq!(years, ["Bob Stone"], "four digits find words as before");
    for typed in ["85551500", "+46 8 555 1500", "46855515"] {
        let companies: Vec<i64> = store
            .companies(typed, SortDir::Asc, 0, 10)
            .unwrap()
            .rows
            .iter()
            .map(|r| r.id.0)
            .collect();
        assert_eq!(companies, [cafe.0], "the company list, for {typed:?}");
        assert!(
            store
                .search(typed, 10)
                .unwrap()
                .iter()
                .any(|h| h.kind == SearchKind::Company
                    && h.id == cafe.0
                    && h.snippet == "+46 (8) 555-1500"),
            "Ctrl+K, for {typed:?}"
        );
    }
}

/// The words typed count for more in a name than in the details: "Jonas Wilson" had come after
/// the Wilsons whose owner is Jonas Weber, and Enter opened the wrong person.
#[test]
fn a_name_that_matches_ranks_above_details_that_match() {
    let (_dir, mut store) = workspace();
    for (first, last, owner) in [
        ("Laura", "Wilson", "Jonas Weber"),
        ("Tunde", "Wilson", "Jonas Weber"),
        ("Jonas", "Wilson", "Maya Patel"),
    ] {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                last_name: last.into(),
                owner: owner.into(),
                ..Default::default()
            })
            .unwrap();
    }
    for typed in ["jonas wil", "Jonas Wilson"] {
        let hits = store.search(typed, 5).unwrap();
        assert_eq!(hits.len(), 3, "{typed}: {hits:?}");
        assert_eq!(hits[0].title, "Jonas Wilson", "{typed}: {hits:?}");
    }
}

/// Deals are found by their title, notes, lost reason or owner, and by their company's name, with
/// whose deal it is and where it stands; a deleted one is not, a renamed one by its new title. A
/// sales manager looking for "the espresso bar deal" had found its company and calls, never it.
#[test]
fn search_everything_finds_deals_by_their_words_and_their_company() {
    let (_dir, mut store) = workspace();
    let pipeline = store.ensure_default_pipeline().unwrap();
    let library = store
        .create_company(CompanyFields {
            name: "City Library".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let eur = |minor| Money::new(minor, Currency::EUR);
    let bar = store
        .create_deal(DealFields {
            company_id: Some(library),
            notes: "Two group heads, installed before Easter".into(),
            ..common::open_deal(&pipeline, 1, "Espresso bar", eur(240_000))
        })
        .unwrap()
        .id;
    let lost_stage = (pipeline.stages.iter())
        .position(|s| s.fields.outcome == StageOutcome::Lost)
        .unwrap();
    let lost = store
        .create_deal(DealFields {
            lost_reason: "Went with a cheaper roaster".into(),
            ..common::open_deal(&pipeline, lost_stage, "Beans subscription", eur(50_000))
        })
        .unwrap()
        .id;
    let deals = |store: &Store, typed: &str| -> Vec<(i64, String, String)> {
        store
            .search(typed, 10)
            .unwrap()
            .into_iter()
            .filter(|h| h.kind == SearchKind::Deal)
            .map(|h| (h.id, h.title, h.about))
            .collect()
    };
    let stage = pipeline.stages[1].fields.name.clone();
    let at_library = (
        bar.0,
        "Espresso bar".to_string(),
        format!("City Library · {stage}"),
    );
    assert_eq!(deals(&store, "espresso"), std::slice::from_ref(&at_library));
    assert_eq!(
        deals(&store, "easter"),
        std::slice::from_ref(&at_library),
        "by its notes"
    );
    assert_eq!(
        deals(&store, "city library"),
        std::slice::from_ref(&at_library),
        "by its company's name"
    );
    assert_eq!(
        deals(&store, "espresso library"),
        [at_library],
        "words of its own and of its company's name together"
    );
    assert!(deals(&store, "espresso roaster").is_empty());
    assert_eq!(
        deals(&store, "cheaper roaster"),
        [(
            lost.0,
            "Beans subscription".to_string(),
            pipeline.stages[lost_stage].fields.name.clone()
        )]
    );

    let mut renamed = store.deal(bar).unwrap().fields;
    renamed.title = "Café counter".into();
    store.update_deal(bar, renamed).unwrap();
    assert!(
        deals(&store, "espresso").is_empty(),
        "the old title is gone"
    );
    assert_eq!(deals(&store, "cafe").len(), 1, "accents folded");
    store.delete(lost).unwrap();
    assert!(
        deals(&store, "roaster").is_empty(),
        "a deleted deal is not found"
    );
    store.restore(lost).unwrap();
    assert_eq!(deals(&store, "roaster").len(), 1, "and comes back with it");
}

/// A workspace from before deals were searchable has its deals found once it is opened.
#[test]
fn deals_written_before_they_were_searchable_are_found() {
    let (dir, mut store) = workspace();
    let pipeline = store.ensure_default_pipeline().unwrap();
    store
        .create_deal(common::open_deal(
            &pipeline,
            0,
            "Espresso bar",
            Money::new(1, Currency::EUR),
        ))
        .unwrap();
    drop(store);
    let path = dir.path().join("kith.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE deals_fts; DROP TRIGGER IF EXISTS deals_fts_insert;
         DROP TRIGGER IF EXISTS deals_fts_update; DROP TRIGGER IF EXISTS deals_fts_delete;
         PRAGMA user_version = 15;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), kith::store::LATEST_VERSION);
    let hits = store.search("espresso", 10).unwrap();
    assert!(hits.iter().any(|h| h.kind == SearchKind::Deal), "{hits:?}");
}
