//! Files as other programs and people really make them, each case one that lost or changed data
//! before: Outlook's numbered phone columns, a row with a cell too many, two companies with one
//! name, labels and tags holding separators, and workspace files with impossible dates.

mod common;

use kith::demo::{self, DemoOptions};
use kith::domain::{CompanyFields, ContactFields, EmailAddress, Phone};
use kith::io::csv_import::{self, Options};
use kith::io::{csv_export, vcard, workspace};
use kith::store::{ContactQuery, ListKind, Store};

/// Imports `bytes` as the wizard proposes to map them.
fn import(store: &mut Store, bytes: &[u8]) -> csv_import::Report {
    let preview = csv_import::preview(bytes, &Options::default(), 0).unwrap();
    csv_import::import(
        store,
        bytes,
        "file.csv",
        &preview.proposed,
        &Options::default(),
        &mut (),
    )
    .unwrap()
}

/// The workspace's first ten contacts, as the list shows them.
fn listed(store: &Store) -> Vec<kith::store::ContactRow> {
    store
        .contacts(&ContactQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .rows
}

fn only_contact(store: &Store) -> kith::domain::Contact {
    let rows = listed(store);
    assert_eq!(rows.len(), 1, "one contact");
    store.contact(rows[0].id).unwrap()
}

/// A contact's phone numbers with their labels, in order.
fn numbers(c: &kith::domain::Contact) -> Vec<(&str, &str)> {
    c.fields
        .phones
        .iter()
        .map(|p| (p.number.as_str(), p.label.as_str()))
        .collect()
}

/// A contact's e-mail addresses with their labels, in order.
fn addresses(c: &kith::domain::Contact) -> Vec<(&str, &str)> {
    c.fields
        .emails
        .iter()
        .map(|e| (e.address.as_str(), e.label.as_str()))
        .collect()
}

#[test]
fn every_number_of_an_outlook_row_is_kept() {
    let (_dir, mut store) = common::workspace();
    let file = "First Name,Last Name,Business Phone,Business Phone 2,Home Phone,Home Phone 2,\
                Mobile Phone,Business Fax,Home Fax,E-mail Address,E-mail 2 Address,Secondary Email\n\
                Out,Look,+1 425 555 0100,+1 425 555 0101,+1 425 555 0200,+1 425 555 0201,\
                +1 425 555 0300,+1 425 555 0001,+1 425 555 0002,a@x.example,b@x.example,c@x.example\n";
    let report = import(&mut store, file.as_bytes());
    assert_eq!((report.imported, report.rejected.len()), (1, 0));
    let c = only_contact(&store);
    let phones = numbers(&c);
    assert_eq!(
        phones,
        [
            ("+1 425 555 0100", "work"),
            ("+1 425 555 0101", "work"),
            ("+1 425 555 0200", "home"),
            ("+1 425 555 0201", "home"),
            ("+1 425 555 0300", "mobile"),
            ("+1 425 555 0001", "work fax"),
            ("+1 425 555 0002", "home fax"),
        ]
    );
    let emails: Vec<&str> = c.fields.emails.iter().map(|e| e.address.as_str()).collect();
    assert_eq!(emails, ["a@x.example", "b@x.example", "c@x.example"]);
}

#[test]
fn a_rejected_row_with_a_cell_too_many_keeps_every_cell_in_the_rejects_file() {
    let (dir, mut store) = common::workspace();
    let file = "First Name,Last Name,Email\nJohn,Smith, Jr.,john.smith@x.example\nAda,Byron,ada@x.example\n";
    let report = import(&mut store, file.as_bytes());
    assert_eq!((report.imported, report.rejected.len()), (1, 1));
    let rejects = dir.path().join("rejects.csv");
    csv_import::write_rejects(&rejects, &report).unwrap();
    let text = std::fs::read_to_string(&rejects).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some("First Name,Last Name,Email,Extra cell 4,Kith error")
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("John,Smith, Jr.,john.smith@x.example,"),
        "the address that slipped right is still there: {row}"
    );
}

#[test]
fn a_reimport_leaves_people_at_the_company_of_that_name_they_are_at() {
    let (_dir, mut store) = common::workspace();
    let mut office = |city: &str| {
        store
            .create_company(CompanyFields {
                name: "Ironbridge Software".into(),
                address: kith::domain::Address {
                    city: city.into(),
                    ..Default::default()
                },
                ..Default::default()
            })
            .unwrap()
            .id
    };
    let (dublin, munich) = (office("Dublin"), office("Munich"));
    store
        .create_contact(ContactFields {
            first_name: "Lena".into(),
            last_name: "Kraus".into(),
            company_id: Some(munich),
            emails: vec![EmailAddress {
                address: "lena@ironbridge.example".into(),
                label: String::new(),
            }],
            ..Default::default()
        })
        .unwrap();
    let file = "First Name,Last Name,Company,Email,Job Title\n\
                Lena,Kraus,Ironbridge Software,lena@ironbridge.example,Engineer\n";
    let report = import(&mut store, file.as_bytes());
    assert_eq!(report.updated, 1, "the job title is new");
    let lena = only_contact(&store);
    assert_eq!(lena.fields.job_title, "Engineer");
    assert_eq!(
        lena.fields.company_id,
        Some(munich),
        "not moved to {dublin:?}"
    );
}

#[test]
fn a_label_with_a_line_break_cannot_break_a_vcard_apart() {
    let (_dir, mut store) = common::workspace();
    let id = store
        .create_contact(ContactFields {
            first_name: "Real".into(),
            last_name: "Person".into(),
            emails: vec![EmailAddress {
                address: "real@x.example".into(),
                label: "work\nEND:VCARD\nBEGIN:VCARD\nFN:Injected".into(),
            }],
            phones: vec![Phone {
                number: "+44 20 7946 0000".into(),
                label: "home fax".into(),
            }],
            ..Default::default()
        })
        .unwrap()
        .id;
    for version in [vcard::Version::V3, vcard::Version::V4] {
        let mut out = Vec::new();
        vcard::export(&store, &[id], version, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().filter(|l| *l == "BEGIN:VCARD").count(),
            1,
            "{text}"
        );
        assert!(text.contains("TEL;TYPE=home,fax"), "{text}");
        let (_dir2, mut other) = common::workspace();
        let report = vcard::import(&mut other, text.as_bytes(), "x.vcf", &mut ()).unwrap();
        assert_eq!(report.imported, 1);
        let back = only_contact(&other);
        assert_eq!(back.fields.emails[0].address, "real@x.example");
        assert_eq!(back.fields.phones[0].label, "home fax");
    }
}

/// A card's display name in an order of its own ("Li Wei", family name first) is kept and written
/// back; one its name parts spell out is not kept twice.
#[test]
fn a_display_name_the_name_parts_do_not_spell_survives_a_vcard_round_trip() {
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Li Wei\r\nN:Li;Wei;;;\r\nEMAIL:li@x.example\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr. Jane Q. Doe Jr.\r\nN:Doe;Jane;Q.;Dr.;Jr.\r\nEMAIL:jane@x.example\r\nEND:VCARD\r\n";
    let (_dir, mut store) = common::workspace();
    vcard::import(&mut store, cards.as_bytes(), "x.vcf", &mut ()).unwrap();
    let ids = store.contact_ids().unwrap();
    let li = store.contact(ids[0]).unwrap().fields;
    assert_eq!(
        (li.first_name.as_str(), li.last_name.as_str()),
        ("Wei", "Li")
    );
    assert_eq!(li.custom["Display name"], "Li Wei");
    let jane = store.contact(ids[1]).unwrap().fields;
    assert!(
        !jane.custom.contains_key("Display name"),
        "{:?}",
        jane.custom
    );
    let mut out = Vec::new();
    vcard::export(&store, &ids, vcard::Version::V4, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\r\nFN:Li Wei\r\n"), "{text}");
    assert!(!text.contains("X-KITH-FIELD:Display name"), "{text}");

    // Renamed since, the card is named by the new name; the old display name stays a field.
    let mut renamed = li.clone();
    renamed.last_name = "Lee".into();
    store.update_contact(ids[0], renamed).unwrap();
    let mut out = Vec::new();
    vcard::export(&store, &ids[..1], vcard::Version::V3, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\r\nFN:Wei Lee\r\n"), "{text}");
    assert!(text.contains("X-KITH-FIELD:Display name;Li Wei"), "{text}");
    // So after a new given name.
    let mut renamed = li.clone();
    renamed.first_name = "Weiming".into();
    store.update_contact(ids[0], renamed).unwrap();
    let mut out = Vec::new();
    vcard::export(&store, &ids[..1], vcard::Version::V3, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\r\nFN:Weiming Li\r\n"), "{text}");
}

/// An iPhone's card as it writes one: an anniversary and relations under item labels, a label of
/// the user's own, ORG units, and a display name that says more than the name. Each arrives,
/// and the card Kith writes gives the same back to Kith and to the phone.
#[test]
fn an_iphone_card_keeps_its_dates_relations_labels_units_and_display_name() {
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;Bob;;;\r\nFN:Bob Smith (Acme)\r\n\
                ORG:Apple Inc.;Retail;Store 12\r\n\
                item1.TEL:+1 415 555 0100\r\nitem1.X-ABLabel:Boat\r\n\
                TEL;type=CELL;type=VOICE;type=pref:+1 415 555 0101\r\n\
                item2.X-ABDATE;type=pref:2010-06-12\r\nitem2.X-ABLabel:_$!<Anniversary>!$_\r\n\
                item3.X-ABRELATEDNAMES:Lars Berg\r\nitem3.X-ABLabel:_$!<Spouse>!$_\r\n\
                item4.X-ABRELATEDNAMES:Ola\r\nitem4.X-ABLabel:_$!<Child>!$_\r\n\
                item5.X-ABRELATEDNAMES:Eva\r\nitem5.X-ABLabel:_$!<Child>!$_\r\n\
                END:VCARD\r\n";
    let (_dir, mut store) = common::workspace();
    vcard::import(&mut store, card.as_bytes(), "iphone.vcf", &mut ()).unwrap();
    let bob = only_contact(&store);
    let custom: Vec<(&str, &str)> = bob
        .fields
        .custom
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        custom,
        [
            ("Anniversary", "2010-06-12"),
            ("Child", "Ola"),
            ("Child 2", "Eva"),
            ("Department", "Retail, Store 12"),
            ("Display name", "Bob Smith (Acme)"),
            ("Spouse", "Lars Berg"),
        ]
    );
    assert_eq!(
        numbers(&bob),
        [("+1 415 555 0100", "Boat"), ("+1 415 555 0101", "mobile")]
    );
    let mut out = Vec::new();
    vcard::export(&store, &[bob.id], vcard::Version::V3, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    for line in [
        "FN:Bob Smith (Acme)",
        "ORG:Apple Inc.;Retail;Store 12",
        "item1.TEL:+1 415 555 0100",
        "item1.X-ABLabel:Boat",
        "TEL;TYPE=cell:+1 415 555 0101",
    ] {
        assert!(text.contains(&format!("\r\n{line}\r\n")), "{line}: {text}");
    }
    let (_dir2, mut copy) = common::workspace();
    vcard::import(&mut copy, text.as_bytes(), "back.vcf", &mut ()).unwrap();
    let back = only_contact(&copy);
    assert_eq!(back.fields.custom, bob.fields.custom);
    assert_eq!(back.fields.phones, bob.fields.phones);
}

#[test]
fn tags_holding_commas_survive_a_csv_round_trip() {
    for tags in [vec!["Clients", "VIP, Gold", "Dublin"], vec!["VIP, Gold"]] {
        let (_dir, mut store) = common::workspace();
        store
            .create_contact(ContactFields {
                first_name: "Tag".into(),
                last_name: "Holder".into(),
                emails: vec![EmailAddress {
                    address: "tags@x.example".into(),
                    label: String::new(),
                }],
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            })
            .unwrap();
        let mut csv = Vec::new();
        csv_export::export(&store, ListKind::Contacts, None, &mut csv).unwrap();
        let (_dir2, mut other) = common::workspace();
        import(&mut other, &csv);
        assert_eq!(only_contact(&other).fields.tags, tags);
    }
}

/// The demo's JSON workspace file with one value changed by `edit`.
fn edited_workspace_file(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let (_dir, mut store) = common::workspace();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    demo::generate(&mut store, &DemoOptions::new(40, 3, today), &mut |_, _| {}).unwrap();
    let mut bytes = Vec::new();
    workspace::export(&store, &mut bytes).unwrap();
    let mut file: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    edit(&mut file);
    serde_json::to_vec(&file).unwrap()
}

#[test]
fn a_workspace_file_with_an_impossible_day_or_time_is_refused_whole() {
    let cases: [(&str, &str, serde_json::Value, &str); 4] = [
        (
            "deals",
            "expected_close",
            "garbage".into(),
            "expected_close",
        ),
        ("deals", "expected_close", "2026-02-30".into(), "2026-02-30"),
        ("tasks", "due_at", 99_999_999_999_999_i64.into(), "due_at"),
        (
            "activities",
            "created_at",
            (-99_999_999_999_999_i64).into(),
            "created_at",
        ),
    ];
    for (table, column, value, named) in cases {
        let file = edited_workspace_file(|f| {
            f["tables"][table][0][column] = value.clone();
        });
        let (_dir, mut store) = common::workspace();
        let err = workspace::import(&mut store, &file)
            .expect_err(&format!("{table}.{column} = {value} is refused"))
            .to_string();
        assert!(err.contains(table) && err.contains(named), "{err}");
        assert!(store.is_empty_workspace().unwrap(), "nothing was kept");
    }
    // The same file unedited loads.
    let (_dir, mut store) = common::workspace();
    workspace::import(&mut store, &edited_workspace_file(|_| {})).unwrap();
}

/// What another tool (or a hand) may write into a workspace file: each is refused whole, naming
/// the table, the row and the column, rather than loading and then failing the owner's report
/// or a person's data-protection request.
#[test]
fn a_workspace_file_holding_what_kith_cannot_read_is_refused_naming_where() {
    type Edit = fn(&mut serde_json::Value);
    let cases: [(Edit, [&str; 2]); 9] = [
        (
            |f| {
                f["tables"]["contacts"][0]["deleted_at"] = 1_700_000_000.into();
                f["tables"]["contacts"][0]["lifecycle"] = "bogus".into();
            },
            ["contacts", "lifecycle"],
        ),
        (
            |f| f["tables"]["deals"][0]["currency"] = "zz".into(),
            ["deals", "currency"],
        ),
        (
            |f| f["tables"]["campaigns"][0]["status"] = "weird".into(),
            ["campaigns", "status"],
        ),
        (
            |f| f["tables"]["deals"][0]["amount_minor"] = (1_i64 << 62).into(),
            ["deals", "amount_minor"],
        ),
        (
            |f| f["tables"]["deals"][0]["title"] = serde_json::json!(["a"]),
            ["deals row 1", "title"],
        ),
        // SQLite's own words named nothing: "integer overflow", "out of range at index 18".
        (
            |f| f["tables"]["deals"][0]["amount_minor"] = i64::MIN.into(),
            ["deals", "amount_minor"],
        ),
        (
            |f| f["tables"]["contacts"][0]["education_years"] = (-(1_i64 << 40)).into(),
            ["contacts", "education_years"],
        ),
        (
            |f| f["tables"]["contacts"][0]["emails"] = "not json".into(),
            ["contacts row 1", "emails: the text is not the JSON"],
        ),
        // A NUL went on, as it was, into every CSV and vCard export.
        (
            |f| f["tables"]["deals"][0]["title"] = "a\u{0}b".into(),
            ["deals row 1", "title: the text holds a NUL"],
        ),
    ];
    for (edit, named) in cases {
        let file = edited_workspace_file(edit);
        let (_dir, mut store) = common::workspace();
        let err = workspace::import(&mut store, &file)
            .unwrap_err()
            .to_string();
        assert!(named.iter().all(|n| err.contains(n)), "{named:?}: {err}");
        assert!(store.is_empty_workspace().unwrap(), "nothing was kept");
    }
}

#[test]
fn a_workspace_file_saved_with_a_bom_loads_and_one_cut_short_or_repeating_a_table_is_named() {
    let file = edited_workspace_file(|_| {});
    let (_dir, mut store) = common::workspace();
    let bom = [b"\xEF\xBB\xBF".as_slice(), &file].concat();
    workspace::import(&mut store, &bom).unwrap();
    assert!(!store.is_empty_workspace().unwrap());

    let (_dir, mut store) = common::workspace();
    let err = workspace::import(&mut store, &file[..file.len() / 2])
        .unwrap_err()
        .to_string();
    assert!(err.contains("ends too early"), "{err}");

    // A tool sorting keys puts "tables" before the header; a table listed twice there lost its
    // first list without a word.
    let text = String::from_utf8(file).unwrap();
    let at = text.find("\"tables\":{").unwrap() + "\"tables\":{".len();
    let repeated = format!("{}\"tags\":[],{}", &text[..at], &text[at..]);
    let (_dir, mut store) = common::workspace();
    let err = workspace::import(&mut store, repeated.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"tags\" is listed twice"), "{err}");
}

#[test]
fn two_workspaces_made_in_the_same_second_export_different_uids() {
    let uid = || {
        let (_dir, mut store) = common::workspace();
        let id = common::contact(&mut store, "Same", "Name");
        let mut out = Vec::new();
        vcard::export(&store, &[id], vcard::Version::V4, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let line = text.lines().find(|l| l.starts_with("UID:")).unwrap();
        (line.to_string(), text)
    };
    let (a, again) = (uid(), uid());
    assert_ne!(a.0, again.0, "{}\n{}", a.1, again.1);
}

#[test]
fn excel_s_separator_line_is_obeyed_and_is_not_a_row() {
    let (_dir, mut store) = common::workspace();
    let file = "sep=;\r\nFirst Name;Last Name;Company\r\nJosé;García;Café, Té y Más\r\n";
    let report = import(&mut store, file.as_bytes());
    assert_eq!((report.imported, report.rejected.len()), (1, 0));
    assert_eq!(report.delimiter, ";");
    let c = only_contact(&store);
    assert_eq!(
        (c.fields.first_name.as_str(), c.fields.last_name.as_str()),
        ("José", "García")
    );
    let company = store.company(c.fields.company_id.unwrap()).unwrap();
    assert_eq!(company.fields.name, "Café, Té y Más");
}

#[test]
fn a_name_too_long_is_reported_at_its_own_column() {
    let (_dir, mut store) = common::workspace();
    let file = format!(
        "First Name,Last Name,Email\nAnna,{},anna@x.example\n{},Berg,long@x.example\n",
        "L".repeat(300),
        "F".repeat(300)
    );
    let report = import(&mut store, file.as_bytes());
    let at: Vec<(u64, &str, &str)> = report
        .errors()
        .map(|e| (e.row, e.column.as_str(), e.field.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (2, "Last Name", "last_name"),
            (3, "First Name", "first_name")
        ]
    );
}

#[test]
fn google_multi_values_all_keep_their_label() {
    let (_dir, mut store) = common::workspace();
    let file = "Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n\
                Ana Silva,* Work,ana@sol.example ::: ana.silva@sol.example,Mobile ::: Home,+351 912 345 678 ::: +351 213 456 789\n";
    let report = import(&mut store, file.as_bytes());
    assert_eq!((report.imported, report.rejected.len()), (1, 0));
    let c = only_contact(&store);
    let emails = addresses(&c);
    assert_eq!(
        emails,
        [
            ("ana@sol.example", "work"),
            ("ana.silva@sol.example", "work")
        ]
    );
    let phones: Vec<&str> = c.fields.phones.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(phones, ["mobile", "home"]);
}

#[test]
fn german_outlook_s_empty_date_and_salesforce_s_company_column_are_understood() {
    let (_dir, mut store) = common::workspace();
    let file =
        "First Name,Last Name,Birthday,Company / Account\nJonas,Weber,0.0.00,Weber Kaffee GmbH\n";
    let report = import(&mut store, file.as_bytes());
    assert_eq!((report.imported, report.rejected.len()), (1, 0));
    let c = only_contact(&store);
    assert_eq!(c.fields.birthday, None);
    assert!(c.fields.custom.is_empty(), "{:?}", c.fields.custom);
    let company = store
        .company(c.fields.company_id.expect("a company"))
        .unwrap();
    assert_eq!(company.fields.name, "Weber Kaffee GmbH");
}

#[test]
fn apple_contacts_labels_name_the_numbers_and_addresses_they_group() {
    let (_dir, mut store) = common::workspace();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Appleseed;Johnny;;;\r\nFN:Johnny Appleseed\r\n\
                item1.EMAIL;type=INTERNET;type=pref:johnny@example.com\r\n\
                item1.X-ABLabel:_$!<Other>!$_\r\n\
                item2.TEL:+1 408 555 0102\r\nitem2.X-ABLabel:Boat phone\r\n\
                TEL;type=CELL;type=VOICE:+1 408 555 0199\r\nEND:VCARD\r\n";
    let report = vcard::import(&mut store, card.as_bytes(), "apple.vcf", &mut ()).unwrap();
    assert_eq!(report.imported, 1);
    let c = only_contact(&store);
    assert_eq!(c.fields.emails[0].label, "other");
    let phones = numbers(&c);
    assert_eq!(
        phones,
        [
            ("+1 408 555 0102", "Boat phone"),
            ("+1 408 555 0199", "mobile")
        ]
    );
}

#[test]
fn a_mailing_list_of_addresses_alone_imports_and_gets_its_names_later() {
    let (_dir, mut store) = common::workspace();
    let report = import(&mut store, b"Email\nsub1@list.example\n");
    assert_eq!((report.imported, report.rejected.len()), (1, 0));
    assert_eq!(only_contact(&store).fields.full_name(), "sub1@list.example");
    // The same list again changes nothing; a file with the name fills it in, on the same contact.
    let again = import(&mut store, b"Email\nsub1@list.example\n");
    assert_eq!((again.imported, again.unchanged), (0, 1));
    let named = import(&mut store, b"First Name,Email\nAna,sub1@list.example\n");
    assert_eq!((named.imported, named.updated), (0, 1));
    let c = only_contact(&store);
    assert_eq!(
        (c.fields.first_name.as_str(), c.fields.last_name.as_str()),
        ("Ana", "")
    );
}

#[test]
fn an_organisations_card_is_the_company_not_a_person_named_after_it() {
    let (_dir, mut store) = common::workspace();
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Widgets GmbH\r\nORG:Widgets GmbH;\r\n\
                 X-ABShowAs:COMPANY\r\nTEL;type=WORK:+49 30 5550 100\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Acme Org Only\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nORG:Widgets GmbH\r\nEND:VCARD\r\n";
    let report = vcard::import(&mut store, cards.as_bytes(), "orgs.vcf", &mut ()).unwrap();
    assert_eq!(
        (report.imported, report.rejected.len()),
        (1, 0),
        "{:?}",
        report.rejected
    );
    let ann = only_contact(&store);
    assert_eq!(ann.fields.full_name(), "Ann Lee");
    let names: Vec<String> = store
        .companies("", Default::default(), 0, 10)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["Acme Org Only", "Widgets GmbH"]);
    assert_eq!(
        store
            .company(ann.fields.company_id.unwrap())
            .unwrap()
            .fields
            .name,
        "Widgets GmbH"
    );
}

/// The company's own card after one of its people (as an iPhone exports them): the company, made
/// for the person with a name alone, gets the card's phone, address and website; its e-mail,
/// which a company has no field for, is named as left out.
#[test]
fn an_organisations_card_fills_in_the_company_its_people_made() {
    let (_dir, mut store) = common::workspace();
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Morel;Luc;;;\r\nFN:Luc Morel\r\n\
                 ORG:Torréfaction du Port\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Torréfaction du Port\r\n\
                 ORG:Torréfaction du Port;\r\nX-ABShowAs:COMPANY\r\n\
                 TEL;type=WORK:+33 4 91 55 01 23\r\n\
                 ADR;type=WORK:;;2 Quai du Port;Marseille;;13002;France\r\n\
                 EMAIL;type=WORK:contact@torrefaction-port.fr\r\n\
                 URL:https://www.torrefaction-port.fr/contact\r\nEND:VCARD\r\n";
    let report = vcard::import(&mut store, cards.as_bytes(), "iphone.vcf", &mut ()).unwrap();
    assert_eq!((report.imported, report.rejected.len()), (1, 0));
    let luc = only_contact(&store);
    let company = store
        .company(luc.fields.company_id.unwrap())
        .unwrap()
        .fields;
    assert_eq!(
        (
            company.phone.as_str(),
            company.address.city.as_str(),
            company.domain.as_str()
        ),
        ("+33 4 91 55 01 23", "Marseille", "torrefaction-port.fr")
    );
    let said = report.notices.join("\n");
    assert!(said.contains("is filled in from the card"), "{said}");
    assert!(
        said.contains("not kept for the company (it has no field for them): e-mail \"contact@torrefaction-port.fr\""),
        "{said}"
    );
    // Searchable by what the card brought, once; and the import is taken back whole.
    let hits = store.search("Marseille", 5).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    store.undo().unwrap();
    assert_eq!(
        store
            .companies("", Default::default(), 0, 10)
            .unwrap()
            .total,
        0
    );
}

#[test]
fn a_file_that_writes_its_days_first_is_read_day_first_throughout() {
    let (_dir, mut store) = common::workspace();
    let file = "First Name,Last Name,Email,Birthday\n\
                A,A,a@u.example,25/12/1980\n\
                B,B,b@u.example,03/05/1980\n";
    let report = import(&mut store, file.as_bytes());
    assert_eq!((report.imported, report.rejected.len()), (2, 0));
    let birthday = |email: &str| {
        let row = store
            .contacts(&ContactQuery {
                text: email.into(),
                limit: 1,
                ..Default::default()
            })
            .unwrap()
            .rows
            .remove(0);
        store
            .contact(row.id)
            .unwrap()
            .fields
            .birthday
            .unwrap()
            .to_string()
    };
    assert_eq!(birthday("a@u.example"), "1980-12-25");
    assert_eq!(
        birthday("b@u.example"),
        "1980-05-03",
        "the 3rd of May, as the file writes"
    );
    // A file showing month first (and one showing neither) reads month first, as Outlook does.
    let (_dir, mut us) = common::workspace();
    import(
        &mut us,
        b"First Name,Email,Birthday\nC,c@u.example,12/25/1980\nD,d@u.example,03/05/1980\n",
    );
    let row = us
        .contacts(&ContactQuery {
            text: "d@u.example".into(),
            limit: 1,
            ..Default::default()
        })
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(
        us.contact(row.id)
            .unwrap()
            .fields
            .birthday
            .unwrap()
            .to_string(),
        "1980-03-05"
    );
}

#[test]
fn vcard_4_s_gender_language_time_zone_and_relations_survive_a_round_trip() {
    let (_dir, mut store) = common::workspace();
    let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo Example\r\nN:Example;Jo;;;\r\nGENDER:F\r\n\
                LANG:de\r\nTZ:Europe/Berlin\r\nRELATED;TYPE=spouse:Sam Example\r\nEND:VCARD\r\n";
    vcard::import(&mut store, card.as_bytes(), "jo.vcf", &mut ()).unwrap();
    let jo = only_contact(&store);
    assert_eq!(jo.fields.custom["Gender"], "F");
    assert_eq!(jo.fields.custom["Language"], "de");
    assert_eq!(jo.fields.custom["Time zone"], "Europe/Berlin");
    assert_eq!(jo.fields.custom["Related person"], "Sam Example");
    let mut out = Vec::new();
    vcard::export(&store, &[jo.id], vcard::Version::V4, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    for line in [
        "GENDER:F",
        "LANG:de",
        "TZ:Europe/Berlin",
        "RELATED:Sam Example",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
}

#[test]
fn a_reimport_with_a_number_written_another_way_updates_the_same_person() {
    let (_dir, mut store) = common::workspace();
    import(
        &mut store,
        b"First Name,Last Name,Phone,Company\nDan,Gray,0612345699,Beta\n",
    );
    let again = import(
        &mut store,
        b"First Name,Last Name,Phone,Company,Job Title\nDan,Gray,06 12 34 56 99,Beta,Clerk\n",
    );
    assert_eq!((again.imported, again.updated), (0, 1));
    let dan = only_contact(&store);
    assert_eq!(dan.fields.job_title, "Clerk");
}

#[test]
fn outlook_s_second_street_line_and_google_s_old_group_name_are_read_as_meant() {
    let (_dir, mut store) = common::workspace();
    let file = "First Name,Last Name,Business Street,Business Street 2,Business City,Categories\n\
                Ana,Lima,Rua Augusta 10,3º andar,Lisboa,* My Contacts ::: Clients\n";
    let report = import(&mut store, file.as_bytes());
    assert_eq!((report.imported, report.rejected.len()), (1, 0));
    let ana = only_contact(&store);
    assert_eq!(ana.fields.address.street, "Rua Augusta 10, 3º andar");
    assert!(ana.fields.custom.is_empty(), "{:?}", ana.fields.custom);
    assert_eq!(ana.fields.tags, ["Clients"]);
}

/// A Salesforce report ends with its title, total and copyright lines, one cell each: they are a
/// footer, left out and said, not six rows rejected among two people. Outlook's city and country
/// for a person the report gave a street keeps that street (it was emptied without a word).
#[test]
fn a_salesforce_reports_footer_is_left_out_and_a_later_partial_address_fills_in() {
    let (_dir, mut store) = common::workspace();
    let report = import(
        &mut store,
        &std::fs::read("tests/fixtures/io/salesforce_report.csv").unwrap(),
    );
    assert_eq!((report.imported, report.rejected.len()), (2, 0));
    assert_eq!(report.footer.len(), 6, "{:?}", report.footer);
    let note = report.footer_note().unwrap();
    assert!(note.contains("6 lines: “Copyright (c) 2000-2026"), "{note}");

    let outlook = "First Name,Last Name,E-mail Address,Business Street,Business City,\
                   Business Postal Code,Business Country/Region\r\n\
                   Jürgen,Müller,J.Mueller@bau-mueller.example.de,,Berlin,,Deutschland\r\n";
    let report = import(&mut store, outlook.as_bytes());
    assert_eq!(report.rejected.len(), 0);
    let rows = listed(&store);
    let jurgen = rows.iter().find(|r| r.name.contains("Müller")).unwrap();
    let address = store.contact(jurgen.id).unwrap().fields.address;
    assert_eq!(
        address.street.lines().collect::<Vec<_>>(),
        ["Friedrichstraße 23", "Hinterhaus"]
    );
    assert_eq!(
        (
            address.postal_code.as_str(),
            address.region.as_str(),
            address.city.as_str()
        ),
        ("10117", "Berlin", "Berlin")
    );
    assert_eq!(address.country, "Germany");

    // Padded to the header's width, as Excel saves it again: a footer still.
    let padded = "First Name,Last Name,Email\r\nAnna,Berg,anna@berg.example\r\n\"Total\",,\r\n\
                  \"Copyright (c) 2000-2026 salesforce.com, inc.\",,\r\n";
    let report = import(&mut store, padded.as_bytes());
    assert_eq!((report.rows, report.footer.len()), (1, 2), "{report:?}");

    // People of one cell before a footer are people: padded footers had taken them along.
    let (_dir, mut fresh) = common::workspace();
    let file = "Full Name,Email\r\nAnna Berg,anna@example.com\r\nBo Lind,\r\nCarl Holm,\r\n\
                \"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\",\r\n";
    let report = import(&mut fresh, file.as_bytes());
    assert_eq!((report.imported, report.footer.len()), (3, 1), "{report:?}");

    // A footer-like line among people is a row like any other.
    let file = "First Name,Last Name\r\nCopyright (c) 2026\r\nAnna,Berg\r\n";
    let report = import(&mut store, file.as_bytes());
    assert!(report.footer.is_empty());
    assert_eq!(report.rows, 2);
}

/// Google's website columns are the vCard's URL, kept as "Website": they had come in as two
/// custom fields named by Google's headers, the type beside the address.
#[test]
fn google_website_columns_become_the_website() {
    let (_dir, mut store) = common::workspace();
    let file = "Name,E-mail 1 - Value,Website 1 - Type,Website 1 - Value,Website 2 - Type,\
                Website 2 - Value\r\nIda Berg,ida@berg.example,Profile,https://berg.example,\
                Blog,https://ida.example/blog\r\n";
    let report = import(&mut store, file.as_bytes());
    assert_eq!(report.imported, 1);
    let custom = only_contact(&store).fields.custom;
    assert_eq!(custom["Website"], "https://berg.example");
    assert_eq!(custom["Website 2"], "https://ida.example/blog");
    assert_eq!(custom.len(), 2, "{custom:?}");
}
