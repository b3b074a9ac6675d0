//! Exports on real workspaces: the JSON workspace round trip is lossless, the calendar parses with
//! an independent iCalendar parser, CSV cells cannot run as formulas, and a person can be exported
//! and erased.

mod common;

use std::io::BufReader;

use chrono::NaiveDate;
use common::file_text;
use kith::demo::{DemoOptions, generate};
use kith::domain::{ContactFields, EmailAddress, Phone};
use kith::io::{csv_export, csv_import, ics, workspace};
use kith::store::{ListKind, Store};

fn demo(contacts: u64) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = common::workspace();
    let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    generate(
        &mut store,
        &DemoOptions::new(contacts, 9, today),
        &mut |_, _| {},
    )
    .unwrap();
    (dir, store)
}

fn dump(store: &Store) -> Vec<(String, serde_json::Map<String, serde_json::Value>)> {
    let mut rows = Vec::new();
    store
        .dump_rows(|t, r| {
            rows.push((t.to_string(), r));
            Ok(())
        })
        .unwrap();
    rows
}

/// An owner or assignee saved before names were held to 200 characters still moves with its
/// workspace: the import had refused the whole file over it.
#[test]
fn a_workspace_with_an_owner_longer_than_today_allows_still_moves() {
    let (_dir, store) = demo(40);
    let long = "C".repeat(250);
    rusqlite::Connection::open(store.path())
        .unwrap()
        .execute_batch(&format!(
            "UPDATE contacts SET owner = '{long}' WHERE id = (SELECT min(id) FROM contacts); \
             UPDATE tickets SET assignee = '{long}' WHERE id = (SELECT min(id) FROM tickets);"
        ))
        .unwrap();
    let mut out = Vec::new();
    workspace::export(&store, &mut out).unwrap();
    let (_dir2, mut copy) = common::workspace();
    workspace::import(&mut copy, &out).unwrap();
    let first = copy.contact_ids().unwrap()[0];
    assert_eq!(copy.contact(first).unwrap().fields.owner, long);
    // Any other problem is still refused.
    let mut file: serde_json::Value = serde_json::from_slice(&out).unwrap();
    file["tables"]["contacts"][0]["lifecycle"] = "bogus".into();
    let (_dir3, mut empty) = common::workspace();
    let e = workspace::import(&mut empty, &serde_json::to_vec(&file).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("lifecycle") && !e.contains("owner"), "{e}");
}

#[test]
fn a_workspace_survives_json_export_and_import_unchanged() {
    let (_dir, mut store) = demo(150);
    common::contact(&mut store, "Zoë", "Ångström");
    let mut out = Vec::new();
    let rows = workspace::export(&store, &mut out).unwrap();
    assert!(rows > 1000);
    let (_dir2, mut copy) = common::workspace();
    let counts = workspace::import(&mut copy, &out).unwrap();
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<u64>(), rows);
    let strip_meta = |rows: Vec<(String, serde_json::Map<String, serde_json::Value>)>| {
        rows.into_iter()
            .filter(|(t, _)| t != "meta")
            .collect::<Vec<_>>()
    };
    assert_eq!(strip_meta(dump(&store)), strip_meta(dump(&copy)));
    assert!(copy.check().unwrap().is_ok());
    assert_eq!(
        copy.search("Ångström", 5).unwrap().len(),
        1,
        "search indexes are rebuilt"
    );
    // Undo history moved too.
    assert_eq!(copy.undo_label().unwrap(), store.undo_label().unwrap());
    // Only into an empty workspace.
    assert!(workspace::import(&mut copy, &out).is_err());
    assert!(workspace::import(&mut copy, b"{\"format\":\"other\"}").is_err());

    // A file another tool wrote with a bad value is refused whole, naming the record and field,
    // rather than loaded to fail every later export that reads it.
    let mut file: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let contacts = file["tables"]["contacts"].as_array_mut().unwrap();
    let id = contacts[3]["id"].clone();
    contacts[3]["lifecycle"] = "bogus".into();
    let bad = serde_json::to_vec(&file).unwrap();
    let (_dir3, mut empty) = common::workspace();
    let e = workspace::import(&mut empty, &bad).unwrap_err().to_string();
    assert!(e.contains(&format!("contacts id {id}: lifecycle")), "{e}");
    assert!(
        empty.contact_ids().unwrap().is_empty(),
        "nothing was loaded"
    );
    contacts_fix(&mut file, 3);
    let deals = file["tables"]["deals"].as_array_mut().unwrap();
    deals[0]["contact_id"] = 999_999.into();
    let e = workspace::import(&mut empty, &serde_json::to_vec(&file).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("points at a missing contacts record"), "{e}");
}

#[test]
fn a_workspace_file_loads_whatever_order_its_keys_come_in() {
    let (_dir, store) = demo(120);
    let mut out = Vec::new();
    let rows = workspace::export(&store, &mut out).unwrap();
    let file: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // Children before parents, and the header after the tables: what a tool that sorts or
    // reverses its keys writes.
    let tables = file["tables"].as_object().unwrap();
    let mut text = String::from("{\"tables\":{");
    for (i, (name, rows)) in tables.iter().rev().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text += &format!("{}:{}", serde_json::to_string(name).unwrap(), rows);
    }
    text += &format!(
        "}},\"version\":1,\"schema_version\":{},\"format\":\"kith-workspace\"}}",
        file["schema_version"]
    );
    let (_dir2, mut copy) = common::workspace();
    let counts = workspace::import(&mut copy, text.as_bytes()).unwrap();
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<u64>(), rows);
    assert_eq!(dump(&store).len(), dump(&copy).len());
    assert!(copy.check().unwrap().is_ok());
    // References are enforced again once the load is over.
    let company = copy.companies("", Default::default(), 0, 1).unwrap().rows[0].id;
    let mut orphan = ContactFields {
        first_name: "Orphan".into(),
        ..Default::default()
    };
    orphan.company_id = Some(kith::domain::CompanyId(company.0 + 1_000_000));
    assert!(copy.create_contact(orphan).is_err());

    // A wrong format is named as such, wherever the header sits.
    let other = text.replace("\"kith-workspace\"", "\"something-else\"");
    let (_dir3, mut empty) = common::workspace();
    let e = workspace::import(&mut empty, other.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("something-else"), "{e}");
    assert!(empty.contact_ids().unwrap().is_empty());
}

fn contacts_fix(file: &mut serde_json::Value, i: usize) {
    file["tables"]["contacts"][i]["lifecycle"] = "customer".into();
}

#[test]
fn the_calendar_parses_with_an_independent_parser() {
    let (_dir, store) = demo(200);
    let mut out = Vec::new();
    let n = ics::export(&store, ics::Items::All, &mut out).unwrap();
    assert!(n > 0);
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "only CRLF line ends"
    );
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "folded at 75 octets"
    );
    let mut calendars = ical::IcalParser::new(BufReader::new(&out[..]));
    let cal = calendars.next().expect("one calendar").expect("it parses");
    assert!(calendars.next().is_none());
    assert_eq!(cal.todos.len() + cal.events.len(), n as usize);
    assert!(!cal.todos.is_empty() && !cal.events.is_empty());
    for todo in &cal.todos {
        let due = todo.properties.iter().find(|p| p.name == "DUE");
        if let Some(value) = due.and_then(|p| p.value.as_deref()) {
            assert!(value.ends_with('Z'), "UTC: {value}");
        }
        assert!(todo.properties.iter().any(|p| p.name == "UID"));
    }
    // A task says whom it concerns, so the calendar entry is not just "Chase unpaid invoice".
    let property = |todo: &ical::parser::ical::component::IcalTodo, name: &str| {
        todo.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    // The to-dos come in the tasks' id order.
    let tasks: Vec<_> = (1..1000)
        .filter_map(|id| store.task(kith::domain::TaskId(id)).ok())
        .filter(|t| t.deleted_at.is_none())
        .collect();
    assert_eq!(tasks.len(), cal.todos.len());
    let mut described = 0;
    for (todo, task) in cal.todos.iter().zip(&tasks) {
        assert_eq!(property(todo, "SUMMARY"), task.fields.title);
        if let Some(contact) = task.fields.contact_id {
            let name = store.contact(contact).unwrap().fields.full_name();
            let description = property(todo, "DESCRIPTION");
            assert!(
                description.starts_with(&format!("Contact: {name}")),
                "{description}"
            );
            described += 1;
        }
    }
    assert!(described > 0);
    // The same workspace names its items the same way every time (a subscribed calendar updates
    // them), and every name is its own.
    let uids = |bytes: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(bytes)
            .lines()
            .filter_map(|l| l.strip_prefix("UID:").map(String::from))
            .collect()
    };
    let mut again = Vec::new();
    ics::export(&store, ics::Items::All, &mut again).unwrap();
    let first = uids(&out);
    assert_eq!(first, uids(&again));
    let distinct: std::collections::HashSet<_> = first.iter().collect();
    assert_eq!(distinct.len(), first.len());
    assert!(first.iter().all(|u| u.starts_with("urn:uuid:")));
}

#[test]
fn ics_text_is_escaped() {
    let (_dir, mut store) = common::workspace();
    let mut task = kith::domain::TaskFields {
        title: "Call back; bring notes, samples\\docs".into(),
        notes: "line one\nline two".into(),
        ..Default::default()
    };
    task.due_at = Some(kith::domain::Timestamp(1_767_225_600));
    store.create_task(task).unwrap();
    let mut out = Vec::new();
    ics::export(&store, ics::Items::All, &mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(
        text.contains("SUMMARY:Call back\\; bring notes\\, samples\\\\docs"),
        "{text}"
    );
    assert!(text.contains("DESCRIPTION:line one\\nline two"), "{text}");
    assert!(text.contains("DUE:20260101T000000Z"), "{text}");
    let cal = ical::IcalParser::new(BufReader::new(&out[..]))
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(cal.todos.len(), 1);
}

/// RFC 5545 §3.8.2.2: an event's DTEND is later than its DTSTART. A meeting logged as lasting no
/// time had DTEND equal to DTSTART; it now has none (it ends as it starts).
#[test]
fn a_meeting_of_no_length_has_no_end_and_others_end_after_they_start() {
    let (_dir, mut store) = common::workspace();
    let ada = common::contact(&mut store, "Ada", "Lovelace");
    let at = kith::domain::Timestamp(1_776_754_258);
    for (subject, minutes) in [("Stand-up", 0), ("Tasting", 45)] {
        let mut meeting =
            kith::domain::ActivityFields::new(kith::domain::ActivityKind::Meeting, at);
        meeting.subject = subject.into();
        meeting.duration_minutes = Some(minutes);
        meeting.contact_id = Some(ada);
        store.create_activity(meeting).unwrap();
    }
    let mut out = Vec::new();
    ics::export(&store, ics::Items::All, &mut out).unwrap();
    let cal = ical::IcalParser::new(BufReader::new(&out[..]))
        .next()
        .unwrap()
        .unwrap();
    let property = |event: &ical::parser::ical::component::IcalEvent, name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    let ends: Vec<(String, Option<String>)> = cal
        .events
        .iter()
        .map(|e| (property(e, "SUMMARY").unwrap(), property(e, "DTEND")))
        .collect();
    assert_eq!(
        ends,
        [
            ("Stand-up".to_string(), None),
            ("Tasting".to_string(), Some("20260421T073558Z".to_string()))
        ]
    );
    assert!(
        cal.events
            .iter()
            .all(|e| property(e, "DTSTART") == Some("20260421T065058Z".into()))
    );
}

/// iCalendar dates are eight digits: a deal expected to close on the last day of 9999 has no day
/// after it to end on, and one after 9999 (saved before the form refused such years) is left
/// out, not written as "+123450101", which calendar apps refuse the whole file over.
#[test]
fn expected_close_dates_at_the_end_of_the_calendar_stay_valid_icalendar() {
    let (_dir, mut store) = common::workspace();
    let p = store.ensure_default_pipeline().unwrap();
    for (title, y, m, d) in [
        ("Year end", 9999, 12, 31),
        ("Far future", 12345, 1, 1),
        ("Spring", 2027, 3, 1),
    ] {
        let mut deal = common::open_deal(
            &p,
            0,
            title,
            kith::domain::Money::new(100, kith::domain::Currency::EUR),
        );
        deal.expected_close = NaiveDate::from_ymd_opt(y, m, d);
        store.create_deal(deal).unwrap();
    }
    // A meeting late on the last day of 9999 would end in the year 10000.
    let ada = common::contact(&mut store, "Ada", "Lovelace");
    let last_day = NaiveDate::from_ymd_opt(9999, 12, 31)
        .unwrap()
        .and_hms_opt(23, 45, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let mut meeting = kith::domain::ActivityFields::new(
        kith::domain::ActivityKind::Meeting,
        kith::domain::Timestamp(last_day),
    );
    meeting.subject = "Millennium planning".into();
    meeting.contact_id = Some(ada);
    store.create_activity(meeting).unwrap();
    let mut out = Vec::new();
    ics::export(&store, ics::Items::All, &mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(!text.contains('+'), "{text}");
    assert!(!text.contains("Far future"), "{text}");
    assert!(text.contains("DTSTART;VALUE=DATE:99991231"), "{text}");
    assert!(text.contains("DTEND;VALUE=DATE:20270302"), "{text}");
    assert!(text.contains("DTSTART:99991231T234500Z"), "{text}");
    assert_eq!(text.matches("DTEND").count(), 1, "{text}");
    let cal = ical::IcalParser::new(BufReader::new(&out[..]))
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(cal.events.len(), 3);
}

/// The Campaigns list as CSV holds the figures the list shows: its funnel counts, and budget,
/// cost and revenue as the amounts people read, in the campaign's currency.
#[test]
fn campaigns_export_with_the_figures_their_list_shows() {
    let (_dir, store) = demo(200);
    let summaries = store.campaigns().unwrap();
    assert!(!summaries.is_empty());
    let mut out = Vec::new();
    let n = csv_export::export(&store, ListKind::Campaigns, None, &mut out).unwrap();
    assert_eq!(n as usize, summaries.len());
    let mut reader = csv::Reader::from_reader(&out[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    for record in reader.records().map(Result::unwrap) {
        let id: i64 = record[at("id")].parse().unwrap();
        let s = summaries.iter().find(|s| s.id.0 == id).unwrap();
        assert_eq!(&record[at("name")], s.name);
        assert_eq!(&record[at("currency")], s.cost.currency.code());
        assert_eq!(record[at("cost")], s.cost.to_decimal_string());
        assert_eq!(record[at("revenue")], s.revenue.to_decimal_string());
        assert_eq!(record[at("budget")], s.budget.to_decimal_string());
        assert_eq!(record[at("members")], s.members.to_string());
        assert_eq!(record[at("converted")], s.converted.to_string());
    }
}

/// The Tickets list as CSV carries what a support lead reads on a ticket: the rating with its
/// feedback, and when the first answer went out.
#[test]
fn tickets_export_with_their_feedback_and_first_response() {
    let (_dir, store) = demo(200);
    let mut out = Vec::new();
    csv_export::export(&store, ListKind::Tickets, None, &mut out).unwrap();
    let mut reader = csv::Reader::from_reader(&out[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[header.len() - 3..],
        ["resolved_at", "first_response_at", "feedback"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let (answered, with_feedback): (i64, i64) = rusqlite::Connection::open(store.path())
        .unwrap()
        .query_row(
            "SELECT count(first_response_at), count(NULLIF(feedback, '')) FROM tickets \
             WHERE deleted_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let filled = |column: usize| records.iter().filter(|r| !r[column].is_empty()).count() as i64;
    assert!(
        answered > 0 && with_feedback > 0,
        "the demo answers and rates tickets"
    );
    assert_eq!(filled(at("first_response_at")), answered);
    assert_eq!(filled(at("feedback")), with_feedback);
    assert!(records.iter().all(
        |r| r[at("first_response_at")].is_empty() || r[at("first_response_at")].ends_with('Z')
    ));
}

#[test]
fn csv_exports_have_a_header_and_no_live_formulas() {
    let (_dir, mut store) = demo(100);
    store
        .create_contact(ContactFields {
            first_name: "=HYPERLINK(\"http://evil.example\")".into(),
            last_name: "@SUM(A1:A9)".into(),
            phones: vec![Phone {
                number: "+44 20 7946 0958".into(),
                label: String::new(),
            }],
            ..Default::default()
        })
        .unwrap();
    for kind in [
        ListKind::Contacts,
        ListKind::Companies,
        ListKind::Deals,
        ListKind::Tickets,
        ListKind::Tasks,
        ListKind::Campaigns,
    ] {
        let mut out = Vec::new();
        let n = csv_export::export(&store, kind, None, &mut out).unwrap();
        let mut reader = csv::Reader::from_reader(&out[..]);
        assert!(reader.headers().unwrap().iter().any(|h| h == "id"));
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len() as u64, n, "{kind:?}");
        assert!(n > 0, "{kind:?}");
        for r in &records {
            for cell in r {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{kind:?}: {cell:?}"
                );
            }
        }
    }
    let mut out = Vec::new();
    csv_export::export(&store, ListKind::Contacts, None, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("'=HYPERLINK"), "neutralised, not dropped");
    assert!(text.contains("'+44 20 7946 0958"));
}

#[test]
fn a_contacts_csv_export_imports_into_a_new_workspace_unchanged() {
    let (_dir, mut store) = demo(150);
    // The demo enters a customer twice (one e-mail, in capitals the second time), and an import
    // rightly joins them: what goes round here is people who are each one card.
    for pair in store.find_duplicates(None).unwrap() {
        let mut twin = store.contact(pair.b).unwrap().fields;
        for (n, email) in twin.emails.iter_mut().enumerate() {
            email.address = format!("twin{n}.{}@example.org", pair.b.0);
        }
        store.update_contact(pair.b, twin).unwrap();
    }
    let mut custom = std::collections::BTreeMap::new();
    custom.insert("Nickname".to_string(), "Dot".to_string());
    custom.insert("Shoe size".to_string(), "38".to_string());
    store
        .create_contact(ContactFields {
            first_name: "Dorothy".into(),
            last_name: "Vaughan".into(),
            // Typed so: the quote is hers, not a formula guard to take off.
            job_title: "'-5 team".into(),
            // What the analytics panel's models read.
            age: Some(45),
            annual_income: Some(kith::domain::Money::new(
                52_000_00,
                kith::domain::Currency::EUR,
            )),
            education_years: Some(16),
            // Labels in any position, an unlabelled value first among them.
            emails: vec![
                EmailAddress {
                    address: "dot@home.example".into(),
                    label: String::new(),
                },
                EmailAddress {
                    address: "dvaughan@nasa.example".into(),
                    label: "work".into(),
                },
            ],
            phones: vec![
                Phone {
                    number: "+1 757 555 0100".into(),
                    label: "Lab desk".into(),
                },
                Phone {
                    number: "+1 757 555 0101".into(),
                    label: String::new(),
                },
                Phone {
                    number: "+1 757 555 0102".into(),
                    label: "mobile".into(),
                },
            ],
            custom,
            // A tag holding the separator: written apart with " ::: " (it had come back as two).
            tags: vec!["R&D;Ops".into(), "Golf".into()],
            ..Default::default()
        })
        .unwrap();
    store
        .create_contact(ContactFields {
            first_name: "Mary".into(),
            last_name: "Jackson".into(),
            tags: vec!["Wind tunnel; supersonic".into()],
            ..Default::default()
        })
        .unwrap();
    let export = |store: &Store| {
        let mut out = Vec::new();
        csv_export::export(store, ListKind::Contacts, None, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let first = export(&store);
    let (_other, mut moved) = common::workspace();
    let options = csv_import::Options::default();
    let preview = csv_import::preview(first.as_bytes(), &options, 3).unwrap();
    let report = csv_import::import(
        &mut moved,
        first.as_bytes(),
        "contacts.csv",
        &preview.proposed,
        &options,
        &mut (),
    )
    .unwrap();
    assert_eq!(report.rejected.len(), 0);
    assert_eq!(report.imported, 152);
    assert!(
        first
            .lines()
            .next()
            .unwrap()
            .ends_with("custom: Nickname,custom: Shoe size")
    );
    assert!(first.contains(",dot@home.example; dvaughan@nasa.example, ::: work,"));
    // Every column comes back as it left, the date each contact was added and the labels of
    // e-mails and phones included.
    assert_eq!(export(&moved), first);
    let dorothy = moved
        .contact_ids()
        .unwrap()
        .into_iter()
        .map(|id| moved.contact(id).unwrap().fields)
        .find(|f| f.first_name == "Dorothy")
        .unwrap();
    let labels: Vec<&str> = dorothy.phones.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["Lab desk", "", "mobile"]);
    assert_eq!(dorothy.emails[1].label, "work");
    assert_eq!(dorothy.tags, ["R&D;Ops", "Golf"]);
    assert_eq!(dorothy.job_title, "'-5 team");
    assert_eq!(
        (dorothy.age, dorothy.annual_income, dorothy.education_years),
        (
            Some(45),
            Some(kith::domain::Money::new(
                52_000_00,
                kith::domain::Currency::EUR
            )),
            Some(16)
        )
    );
    assert!(
        first.contains(",45,52000.00 EUR,16,"),
        "written as people read it"
    );
}

#[test]
fn a_person_can_be_exported_and_erased() {
    let (_dir, mut store) = demo(100);
    let id = store
        .create_contact(ContactFields {
            first_name: "Erin".into(),
            last_name: "Eraseme".into(),
            emails: vec![EmailAddress {
                address: "erin@private.example".into(),
                label: String::new(),
            }],
            notes: "allergic to peanuts".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let mut f = store.contact(id).unwrap().fields;
    f.job_title = "Secret agent".into();
    store.update_contact(id, f).unwrap();
    let data = store.person_data(id).unwrap();
    assert_eq!(data["contact"]["first_name"], "Erin");
    assert_eq!(data["change_log"].as_array().unwrap().len(), 2);

    store.erase_person(id).unwrap();
    let gone = store.contact(id).unwrap();
    assert!(gone.fields.emails.is_empty() && gone.fields.notes.is_empty());
    assert!(gone.deleted_at.is_some());
    assert!(store.search("Eraseme", 5).unwrap().is_empty());
    let mut everything = Vec::new();
    workspace::export(&store, &mut everything).unwrap();
    let text = String::from_utf8(everything).unwrap();
    for secret in ["Eraseme", "erin@private.example", "peanuts", "Secret agent"] {
        assert!(!text.contains(secret), "{secret} survived the erasure");
    }
    drop(store);
    // Nor in the file's bytes: not in unused space of its pages, not as words of the search index.
    let bytes = file_text(_dir.path());
    for secret in ["eraseme", "erin@private.example", "peanuts", "secret agent"] {
        assert!(
            !bytes.contains(secret),
            "{secret} is still in the workspace file"
        );
    }
}

/// A program reading the workspace while a person is erased keeps the old pages in the file (the
/// checkpoint cannot finish): the erasure says so instead of reporting the file clean.
#[test]
fn an_erasure_under_a_reader_says_the_file_still_holds_copies() {
    let (dir, mut store) = common::workspace();
    let id = store
        .create_contact(ContactFields {
            first_name: "Ida".into(),
            last_name: "Romano".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let reader = rusqlite::Connection::open(dir.path().join("kith.db")).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM contacts;")
        .unwrap();
    let erased = store.erase_person(id).unwrap();
    let why = erased.not_scrubbed.expect("the reader kept the old pages");
    assert!(
        why.contains("another program is reading the workspace"),
        "{why}"
    );
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    assert!(
        file_text(dir.path()).contains("romano"),
        "the copies stayed"
    );
    // With the reader gone, erasing again (as the warning says) leaves the file clean. (It had
    // answered "already erased" and left the copies: so did an erasure killed while rewriting.)
    let again = store.erase_person(id).unwrap();
    assert!(again.already);
    assert_eq!(again.not_scrubbed, None);
    assert!(!file_text(dir.path()).contains("romano"));
}

#[test]
fn an_erasure_reaches_everything_about_the_person() {
    use kith::domain::*;
    let (dir, mut store) = demo(60);
    let zeb = store
        .create_contact(ContactFields {
            first_name: "Zebulon".into(),
            last_name: "Quixworth-Smythe".into(),
            phones: vec![Phone {
                number: "+44 7700 900123".into(),
                label: String::new(),
            }],
            ..Default::default()
        })
        .unwrap()
        .id;
    // Renamed since: the first name stays in the history of earlier change sets.
    let mut f = store.contact(zeb).unwrap().fields;
    f.last_name = "Quixworth".into();
    store.update_contact(zeb, f).unwrap();
    let p = store.ensure_default_pipeline().unwrap();
    let deal = store
        .create_deal(DealFields {
            title: "Renewal for Zebulon Quixworth".into(),
            pipeline_id: p.id,
            stage_id: p.stages[0].id,
            contact_id: Some(zeb),
            company_id: None,
            amount: Money::new(1_200_00, Currency::EUR),
            probability: None,
            expected_close: None,
            status: DealStatus::Open,
            lost_reason: String::new(),
            owner: String::new(),
            notes: "wants WIBBLEWORD terms".into(),
        })
        .unwrap()
        .id;
    let ticket = store
        .create_ticket(TicketFields::new("FOOBLEWORD broke again", Some(zeb)))
        .unwrap()
        .id;
    store
        .add_ticket_message(ticket, Direction::Inbound, "Zebulon", "INBOUNDWORD here")
        .unwrap();
    store
        .add_ticket_message(
            ticket,
            Direction::Outbound,
            "Sam",
            "Hi, we will call OUTBOUNDWORD",
        )
        .unwrap();
    for (title, contact_id, deal_id) in [
        ("Call about TASKWORD", Some(zeb), None),
        ("Send DEALTASKWORD quote", None, Some(deal)),
    ] {
        store
            .create_task(TaskFields {
                title: title.into(),
                contact_id,
                deal_id,
                ..Default::default()
            })
            .unwrap();
    }
    let mut on_deal = ActivityFields::new(ActivityKind::Note, Timestamp(1_700_000_000));
    on_deal.subject = "DEALNOTEWORD".into();
    on_deal.deal_id = Some(deal);
    store.create_activity(on_deal).unwrap();
    let data = store.person_data(zeb).unwrap();
    assert_eq!(
        data["tasks"].as_array().unwrap().len(),
        2,
        "the deal's task too"
    );
    assert_eq!(data["activities"].as_array().unwrap().len(), 1);
    // The history of what is theirs, not only of their contact record.
    let logged: Vec<&str> = data["change_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["entity"].as_str().unwrap())
        .collect();
    for entity in [
        "contact",
        "deal",
        "ticket",
        "ticket_message",
        "task",
        "activity",
    ] {
        assert!(logged.contains(&entity), "{entity}: {logged:?}");
    }
    assert!(!data["deal_stage_history"].as_array().unwrap().is_empty());

    // The planner's statistics sample index rows, this person's among them.
    rusqlite::Connection::open(dir.path().join("kith.db"))
        .unwrap()
        .execute_batch("ANALYZE")
        .unwrap();
    let erased = store.erase_person(zeb).unwrap();
    assert_eq!(
        (
            erased.tasks,
            erased.deals,
            erased.tickets,
            erased.ticket_messages
        ),
        (2, 1, 1, 2)
    );
    let kept = store.deal(deal).unwrap().fields;
    assert_eq!(kept.title, "Renewal for an erased person");
    assert_eq!(kept.amount, Money::new(1_200_00, Currency::EUR));
    drop(store);
    let bytes = file_text(dir.path());
    for secret in [
        "zebulon",
        "smythe",
        "quixworth",
        "7700 900123",
        "wibbleword",
        "fooblew",
        "inboundword",
        "outboundword",
        "taskword",
        "dealtaskword",
        "dealnoteword",
    ] {
        assert!(!bytes.contains(secret), "{secret} is still in the file");
    }
}

/// What names the person without a link to them: their company's deal, meeting and ticket,
/// another contact's notes, and the change log's copy of an earlier deal title.
#[test]
fn an_erasure_takes_the_person_out_of_records_that_only_name_them() {
    use kith::domain::*;
    let (dir, mut store) = common::workspace();
    let firm = store
        .create_company(CompanyFields {
            name: "Lindenhof Legal".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let person = |first: &str, last: &str, notes: &str| ContactFields {
        first_name: first.into(),
        last_name: last.into(),
        company_id: Some(firm),
        notes: notes.into(),
        ..Default::default()
    };
    let valeria = store
        .create_contact(ContactFields {
            emails: vec![EmailAddress {
                address: "valeria.k@lindenhof.example".into(),
                label: String::new(),
            }],
            phones: vec![Phone {
                number: "+39 02 555 6966".into(),
                label: String::new(),
            }],
            ..person("Valeria", "Korhonen", "")
        })
        .unwrap()
        .id;
    // A custom field names her too, as an import from another CRM writes it.
    let otto = store
        .create_contact(ContactFields {
            custom: [
                ("Referrer".to_string(), "Valeria Korhonen".to_string()),
                ("Referrer mail".into(), "VALERIA.K@LINDENHOF.EXAMPLE".into()),
                ("Met at".into(), "the fair".into()),
            ]
            .into_iter()
            .collect(),
            ..person("Otto", "Berg", "Referred by Valeria Korhonen")
        })
        .unwrap()
        .id;
    let namesake = store
        .create_contact(person("Valeria", "Rossi", "Met Valeria at the fair"))
        .unwrap()
        .id;
    let p = store.ensure_default_pipeline().unwrap();
    let mut deal_fields = DealFields {
        title: "Deal for Valeria Korhonen".into(),
        pipeline_id: p.id,
        stage_id: p.stages[0].id,
        contact_id: None,
        company_id: Some(firm),
        amount: Money::new(900_00, Currency::EUR),
        probability: None,
        expected_close: None,
        status: DealStatus::Open,
        lost_reason: String::new(),
        owner: String::new(),
        notes: "Call on +39 02 555 6966".into(),
    };
    let deal = store.create_deal(deal_fields.clone()).unwrap().id;
    deal_fields.title = "Renewal for VALERIA KORHONEN".into();
    store.update_deal(deal, deal_fields).unwrap();
    let mut meeting = ActivityFields::new(ActivityKind::Meeting, Timestamp(1_700_000_000));
    meeting.subject = "Quarterly review".into();
    meeting.body = "Invite valeria.k@lindenhof.example".into();
    meeting.company_id = Some(firm);
    let meeting = store.create_activity(meeting).unwrap().id;
    let mut ticket = TicketFields::new("Invoice question", None);
    ticket.company_id = Some(firm);
    let ticket = store.create_ticket(ticket).unwrap().id;
    store
        .add_ticket_message(
            ticket,
            Direction::Inbound,
            "Front desk",
            "Valeria Korhonen asked about QUIRKYWORD",
        )
        .unwrap();

    let erased = store.erase_person(valeria).unwrap();
    assert!(erased.mentions >= 5, "{erased:?}");
    assert!(
        erased.summary().contains("other records"),
        "{}",
        erased.summary()
    );
    let deal = store.deal(deal).unwrap().fields;
    assert_eq!(deal.title, "Renewal for an erased person");
    assert_eq!(deal.notes, "Call on an erased person");
    assert_eq!(deal.amount, Money::new(900_00, Currency::EUR));
    let otto = store.contact(otto).unwrap().fields;
    assert_eq!(otto.notes, "Referred by an erased person");
    assert_eq!(
        otto.custom.values().collect::<Vec<_>>(),
        ["the fair", "an erased person", "an erased person"]
    );
    let namesake = store.contact(namesake).unwrap().fields;
    assert_eq!(
        (namesake.first_name.as_str(), namesake.notes.as_str()),
        ("Valeria", "Met Valeria at the fair"),
        "a first name others share stays"
    );
    assert_eq!(
        store.activity(meeting).unwrap().fields.body,
        "Invite an erased person"
    );
    for words in ["Korhonen", "valeria.k"] {
        let hits = store.search(words, 5).unwrap();
        assert!(hits.is_empty(), "{words}: {hits:?}");
    }
    // The rest of the ticket's conversation is the business's, and still found.
    let hits = store.search("QUIRKYWORD", 5).unwrap();
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), [ticket.0]);
    drop(store);
    let bytes = file_text(dir.path());
    for secret in ["korhonen", "555 6966", "valeria.k@"] {
        assert!(!bytes.contains(secret), "{secret} is still in the file");
    }
}

/// The name as other people write it: family name first, with a comma, two spaces, in capitals
/// with accents (which SQL's LIKE does not fold), with combining marks. Each had survived.
#[test]
fn an_erased_name_goes_however_others_wrote_it() {
    let (dir, mut store) = common::workspace();
    let jose = store
        .create_contact(ContactFields {
            first_name: "José".into(),
            last_name: "Núñez".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let mut custom = std::collections::BTreeMap::new();
    custom.insert("Referrer".to_string(), "Núñez, José".to_string());
    let notes = [
        "MET JOSÉ NÚÑEZ AT THE FAIR",
        "Call back Núñez José",
        "Lunch with José  Núñez",
        "Introduced by Jose\u{301} Nu\u{301}n\u{303}ez",
    ];
    let mut others = Vec::new();
    for (i, note) in notes.iter().enumerate() {
        others.push(
            store
                .create_contact(ContactFields {
                    first_name: format!("Other{i}"),
                    notes: note.to_string(),
                    custom: custom.clone(),
                    ..Default::default()
                })
                .unwrap()
                .id,
        );
    }
    store.erase_person(jose).unwrap();
    for id in others {
        let fields = store.contact(id).unwrap().fields;
        assert!(
            fields.notes.contains("an erased person"),
            "{:?}",
            fields.notes
        );
        assert_eq!(fields.custom["Referrer"], "an erased person");
    }
    drop(store);
    let bytes = file_text(dir.path());
    assert!(!bytes.contains("núñez"), "the name is still in the file");
}

/// A number as other people write it: whole, with another grouping, with the international
/// prefix, in national form. Each had survived, and search still found the person by it.
#[test]
fn an_erased_number_goes_however_others_wrote_it() {
    let (dir, mut store) = common::workspace();
    let jonas = store
        .create_contact(ContactFields {
            first_name: "Jonas".into(),
            last_name: "Wilson".into(),
            phones: vec![Phone {
                number: "+45 3 555 3892".into(),
                label: String::new(),
            }],
            ..Default::default()
        })
        .unwrap()
        .id;
    let note = "His direct line: +4535553892, desk 0045 3 555 3892, or +45-3-555-3892 \
                (locally 35 55 38 92).";
    let lucas = store
        .create_contact(ContactFields {
            first_name: "Lucas".into(),
            last_name: "Schneider".into(),
            notes: note.into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    store.erase_person(jonas).unwrap();
    assert_eq!(
        store.contact(lucas).unwrap().fields.notes,
        "His direct line: an erased person, desk an erased person, or an erased person \
         (locally an erased person)."
    );
    let hits = store.search("+4535553892", 5).unwrap();
    assert!(hits.is_empty(), "{hits:?}");
    drop(store);
    let bytes = file_text(dir.path());
    for secret in ["+4535553892", "3 555 3892", "35 55 38 92"] {
        assert!(!bytes.contains(secret), "{secret} is still in the file");
    }
}

#[test]
fn a_filtered_view_exports_just_its_rows_in_its_order() {
    let (_dir, store) = demo(300);
    let query = kith::store::ContactQuery {
        lifecycle: Some(kith::domain::LifecycleStage::Customer),
        sort: kith::store::ContactSort::Name,
        dir: kith::store::SortDir::Desc,
        ..Default::default()
    };
    let shown = store.contact_ids_shown(&query).unwrap();
    let all = store.contact_ids().unwrap();
    assert!(!shown.is_empty() && shown.len() < all.len());
    // The same people, in the same order, as the list's own pages.
    let page = store
        .contacts(&kith::store::ContactQuery {
            limit: 10_000,
            ..query.clone()
        })
        .unwrap();
    let listed: Vec<i64> = page.rows.iter().map(|r| r.id.0).collect();
    assert_eq!(shown, listed);

    let mut out = Vec::new();
    let n = csv_export::export(&store, ListKind::Contacts, Some(&shown), &mut out).unwrap();
    assert_eq!(n as usize, shown.len());
    let mut reader = csv::Reader::from_reader(&out[..]);
    let lifecycle = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "lifecycle")
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids, shown);
    assert!(rows.iter().all(|r| &r[lifecycle] == "customer"));
    // An id that is not a live record of the list is left out, not an error.
    let mut out = Vec::new();
    let n = csv_export::export(&store, ListKind::Companies, Some(&[1, 999_999]), &mut out).unwrap();
    assert_eq!(n, 1);
}

/// A workspace moved as JSON leaves behind what belongs to its file on this machine — the full
/// path its snapshots' tag was made for, the tag, a restore's mark — and keeps what is the
/// workspace's own (its id, which keeps exported UIDs stable). A file written before those keys
/// were left out still imports without them.
#[test]
fn a_json_workspace_leaves_its_files_path_and_snapshot_tag_behind() {
    let (dir, mut store) = common::workspace();
    common::contact(&mut store, "Ada", "Lovelace");
    store.backup_into(&dir.path().join("snaps")).unwrap();
    let home = dir.path().display().to_string();
    let tag = store
        .meta("snapshot_tag")
        .unwrap()
        .expect("a snapshot tags its workspace");
    let id = store.meta("workspace_id").unwrap();

    let mut out = Vec::new();
    workspace::export(&store, &mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(!text.contains(&home), "the file's path travelled: {text}");
    assert!(!text.contains(&tag) && !text.contains("snapshot_tag"));

    let (_other, mut copy) = common::workspace();
    // As an older Kith wrote it: the machine's keys inside.
    let mut file: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let meta = file["tables"]["meta"].as_array_mut().unwrap();
    meta.push(serde_json::json!({"key": "snapshot_tag", "value": tag}));
    meta.push(serde_json::json!({"key": "snapshot_tag_home", "value": home}));
    meta.push(serde_json::json!({"key": "restored_at", "value": "2026-11-01T10:00:00Z"}));
    workspace::import(&mut copy, &serde_json::to_vec(&file).unwrap()).unwrap();
    assert_eq!(copy.meta("snapshot_tag_home").unwrap(), None);
    assert_eq!(copy.meta("restored_at").unwrap(), None);
    assert_ne!(
        copy.meta("snapshot_tag").unwrap().as_deref(),
        Some(tag.as_str())
    );
    assert_eq!(copy.meta("workspace_id").unwrap(), id);
    assert_eq!(copy.counts().unwrap().contacts, 1);
}

/// A person merged from several cards is erased whole: the cards merged away still held their own
/// addresses and numbers (soft-deleted, for Undo of the merge), and were left in the file, in the
/// search index and in a merge a new window offered to undo. A merge taken back is two people
/// again, and the other one keeps everything.
#[test]
fn erasing_a_person_erases_the_cards_merged_into_them() {
    let (dir, mut store) = common::workspace();
    let card = |store: &mut Store, first: &str, last: &str, email: &str, phone: &str| {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                last_name: last.into(),
                emails: vec![EmailAddress {
                    address: email.into(),
                    ..Default::default()
                }],
                phones: vec![Phone {
                    number: phone.into(),
                    ..Default::default()
                }],
                notes: format!("{first} prefers mornings"),
                ..Default::default()
            })
            .unwrap()
            .id
    };
    let phone = "+34 600 111 222";
    let jose = card(
        &mut store,
        "Jose",
        "Garcia",
        "jose.garcia@example.es",
        phone,
    );
    let accented = card(&mut store, "José", "García", "jgarcia@cafe-creme.es", phone);
    let pepe = card(
        &mut store,
        "Pepe",
        "Garcia",
        "pepe.quintana@correo.es",
        "+34 611 987 654",
    );
    let other = card(
        &mut store,
        "Ana",
        "Quintero",
        "ana.quintero@example.es",
        "+34 622 333 444",
    );
    let none = Default::default();
    // Pepe into José, then José into Jose: a chain of two merges.
    store.merge_contacts(accented, pepe, &none).unwrap();
    store.merge_contacts(jose, accented, &none).unwrap();
    // Ana merged in and taken back: another person again.
    store.merge_contacts(jose, other, &none).unwrap();
    store.undo().unwrap();

    let access = store.person_data(jose).unwrap();
    let merged: Vec<i64> = access["merged_cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(merged, [accented.0, pepe.0], "the access export holds them");

    store
        .create_task(kith::domain::TaskFields {
            title: "Call Pepe back".into(),
            contact_id: Some(jose),
            ..Default::default()
        })
        .unwrap();
    let erased = store.erase_person(jose).unwrap();
    // The steps the erasure emptied are no steps: Undo takes back the last one left, and
    // nothing undone before is redone onto the erased person.
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Create contact Ana Quintero")
    );
    assert_eq!(store.redo_label().unwrap(), None);
    for gone in [jose, accented, pepe] {
        assert!(store.contact(gone).unwrap().is_erased(), "{gone:?}");
    }
    let text = file_text(dir.path());
    for word in [
        "jgarcia",
        "pepe.quintana",
        "611 987 654",
        "pepe prefers",
        "josé prefers",
    ] {
        assert!(!text.contains(word), "{word} is still in the file");
    }
    assert!(erased.change_log_entries > 0);
    let hits = store.search("Pepe", 10).unwrap();
    assert!(hits.is_empty(), "{hits:?}");
    let ana = store.contact(other).unwrap();
    assert!(ana.deleted_at.is_none());
    assert_eq!(ana.fields.emails[0].address, "ana.quintero@example.es");
    assert_eq!(ana.fields.notes, "Ana prefers mornings");
    // Nothing left to undo brings a card back.
    while store.undo().unwrap().is_some() {}
    for gone in [jose, accented, pepe] {
        let card = store.contact(gone).unwrap();
        assert!(card.fields.emails.is_empty() && card.fields.phones.is_empty());
    }
}
