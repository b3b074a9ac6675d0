//! Files in and out of the window as a person uses them: the import wizard (CSV and vCard, with a
//! dry run, rejected rows and Undo), merging a duplicate pair field by field, and exporting a list —
//! clicks and typing on a real workspace file.

mod common;
mod ui_harness;

use std::path::{Path, PathBuf};

use iced::keyboard::key::Named;
use kith::domain::LifecycleStage;
use kith::domain::{ContactFields, ContactId, EmailAddress};
use kith::store::{ContactQuery, Store};
use kith::ui::Message;
use kith::ui::screen::import::{self, mapping};
use kith::ui::screen::{contacts, export};
use kith::ui::widget::Pick;
use ui_harness::Window;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io")
        .join(name)
        .display()
        .to_string()
}

fn live_contacts(w: &Window) -> u64 {
    w.store()
        .contacts(&ContactQuery {
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .total
}

/// A window tall and wide enough for the whole wizard without scrolling.
fn roomy(mut w: Window) -> Window {
    w.size = Some(iced::Size::new(1400.0, 4000.0));
    w
}

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_google_csv_imports_through_the_wizard_and_one_undo_takes_it_back() {
    let mut w = roomy(Window::empty());
    w.assert_sees("Welcome to Kith");
    w.click("Import contacts");
    w.type_into(import::PATH_ID, &fixture("google_contacts.csv"));
    w.click("Open");

    // How the file reads, its first rows and the proposed mapping.
    w.assert_sees("How the file reads");
    w.assert_sees("E-mail 1 - Value");
    w.assert_sees("ada@analytical.example");
    w.assert_sees("email:1");
    w.assert_sees("city:1");

    w.click("Dry run");
    w.assert_sees_part("Dry run:");
    w.assert_sees_part("Nothing has been written yet.");
    assert_eq!(live_contacts(&w), 0, "a dry run keeps nothing");

    w.click("Import");
    w.assert_sees_part("Imported ");
    w.assert_sees_part("one step: Undo (Ctrl+Z)");
    let imported = live_contacts(&w);
    assert!(imported >= 2, "only {imported} contacts imported");
    let ada = w
        .store()
        .contacts(&ContactQuery {
            text: "Lovelace".into(),
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap();
    assert_eq!(ada.rows[0].email, "ada@analytical.example");
    // The app's notice offers the import's undo step.
    w.assert_sees("Import google_contacts.csv");

    w.ctrl("z");
    w.assert_sees("Undone: Import google_contacts.csv");
    assert_eq!(live_contacts(&w), 0);
    // The wizard no longer tells of an import that is not there.
    w.assert_sees_part("Taken back with Undo");
    w.assert_not_sees("The whole import is one step: Undo (Ctrl+Z) takes it all back.");
    w.click("Done");
    w.assert_sees("No contacts yet");
}

#[test]
fn rejected_rows_are_listed_by_row_and_field_and_can_be_saved() {
    let mut w = roomy(Window::empty());
    let csv = write(
        w.dir.path(),
        "people.csv",
        b"Name,Email,Shoe size\nAda Lovelace,ada@example.org,38\nBob Stone,bob@,44\n",
    );
    w.click("Start empty");
    w.click("Cancel");
    w.click("Import…");
    w.type_into(import::PATH_ID, &csv.display().to_string());
    w.click("Open");
    w.assert_sees("Shoe size");

    // Shoe sizes are not wanted: skip that column.
    w.send(Message::Import(import::Message::Mapping(
        mapping::Message::TargetPicked(2, mapping::Choice::Skip),
    )));
    w.assert_sees("not imported");

    w.click("Dry run");
    w.assert_sees_part("1 new contact would be imported");
    w.assert_sees("3");
    w.assert_sees("email");
    w.assert_sees("\"bob@\" is not a valid e-mail address");

    w.click("Import");
    assert_eq!(live_contacts(&w), 1);
    let ada = w
        .store()
        .contacts(&ContactQuery {
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .rows
        .remove(0);
    let ada = w.store().contact(ada.id).unwrap();
    assert!(
        ada.fields.custom.is_empty(),
        "the skipped column was imported"
    );

    // Enter in the path of the file already read (Tab goes round to it) does not read it again:
    // the result and its rejected rows had gone.
    w.submit_in(import::PATH_ID);
    w.assert_sees("\"bob@\" is not a valid e-mail address");

    w.click("Save rejected rows");
    let rejects = w.dir.path().join("people-rejected.csv");
    let saved = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        saved.starts_with("\u{feff}Name,Email,Shoe size,Kith error"),
        "{saved}"
    );
    assert!(saved.contains("Bob Stone,bob@,44"), "{saved}");
    w.assert_sees_part("Saved to");
}

#[test]
fn a_saved_mapping_loads_into_the_wizard_and_says_what_did_not_apply() {
    let mut w = roomy(Window::empty());
    let dir = w.dir.path().to_path_buf();
    let csv = write(
        &dir,
        "shop.csv",
        b"Name,Email,Shoe size\nAda Lovelace,ada@example.org,38\n",
    );
    let profile = write(
        &dir,
        "shop.mapping.json",
        br#"{"kith_mapping":1,"columns":{"Shoe size":"ignore","Fax":"phone:fax"}}"#,
    );
    w.click("Start empty");
    w.click("Cancel");
    w.click("Import…");
    w.type_into(import::PATH_ID, &csv.display().to_string());
    w.click("Open");
    w.assert_not_sees("not imported");

    w.replace_in(mapping::PROFILE_PATH_ID, &profile.display().to_string());
    w.click("Load");
    w.assert_sees("not imported");
    w.assert_sees_part("this file has no column “Fax”, so that part was not applied");

    // Saved again, the mapping holds the columns this file has, as the wizard shows them.
    let saved = dir.join("again.mapping.json");
    w.replace_in(mapping::PROFILE_PATH_ID, &saved.display().to_string());
    w.click("Save mapping");
    w.assert_sees_part("Mapping saved to");
    let text = std::fs::read_to_string(&saved).unwrap();
    let again = kith::io::csv_import::Profile::from_json(&text).unwrap();
    assert_eq!(again.columns["Shoe size"].to_string(), "ignore");
    assert_eq!(again.columns["Email"].to_string(), "email");
    assert!(!again.columns.contains_key("Fax"));

    // Escape leaves the wizard as Close does.
    w.key(iced::keyboard::key::Named::Escape);
    w.assert_not_sees("Where each column goes");
    w.assert_sees("Import…");
}

#[test]
fn an_import_that_writes_nothing_offers_no_undo_of_an_older_change() {
    let mut w = roomy(Window::demo(40));
    let older = w
        .store()
        .undo_label()
        .unwrap()
        .expect("the demo has undo steps");
    let csv = write(w.dir.path(), "header.csv", b"Name,Email\n");
    w.send(Message::Navigate(kith::ui::screen::Destination::Import));
    w.type_into(import::PATH_ID, &csv.display().to_string());
    w.click("Open");
    w.click("Import");
    w.assert_sees("Nothing was written, so there is nothing to undo.");
    assert!(!w.notice_offers_undo(), "offered to undo {older:?}");
    assert_not_sees_label(&mut w, &older);
    assert_eq!(w.store().undo_label().unwrap(), Some(older));

    // An import that does write something offers its own step.
    let csv = write(
        w.dir.path(),
        "one.csv",
        b"Name,Email\nAda Lovelace,ada@x.org\n",
    );
    w.click("Import another file");
    w.type_into(import::PATH_ID, &csv.display().to_string());
    w.click("Open");
    w.click("Import");
    assert!(w.notice_offers_undo());
    w.assert_sees("Import one.csv");
}

fn assert_not_sees_label(w: &mut Window, label: &str) {
    assert!(!w.sees(label), "the notice names the older step {label:?}");
}

#[test]
fn a_wrong_path_an_empty_file_and_a_binary_file_are_explained() {
    let mut w = roomy(Window::empty());
    w.click("Import contacts");
    w.type_into(import::PATH_ID, "/no/such/contacts.csv");
    w.click("Open");
    w.assert_sees_part("The file could not be read");

    let empty = write(w.dir.path(), "empty.csv", b"");
    w.replace_in(import::PATH_ID, &empty.display().to_string());
    w.click("Open");
    w.assert_sees_part("The file is empty");

    let binary = write(
        w.dir.path(),
        "photo.csv",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    w.replace_in(import::PATH_ID, &binary.display().to_string());
    w.click("Open");
    w.assert_sees_part("not a text file");
    w.assert_not_sees("Dry run");
}

#[test]
fn a_path_typed_but_not_opened_is_not_imported_in_place_of_the_file_shown() {
    let mut w = roomy(Window::empty());
    w.click("Import contacts");
    w.type_into(import::PATH_ID, &fixture("google_contacts.csv"));
    w.click("Open");
    w.assert_sees("ada@analytical.example");
    w.replace_in(import::PATH_ID, &fixture("semicolon.csv"));
    w.assert_sees_part("The path above is not the file shown here");
    w.click("Import");
    assert_eq!(live_contacts(&w), 0, "Import waits for Open");
    // A path that fails to open leaves the old preview unimportable too.
    w.replace_in(import::PATH_ID, "/no/such/contacts.csv");
    w.click("Open");
    w.assert_sees_part("The file could not be read");
    w.click("Import");
    assert_eq!(live_contacts(&w), 0);
    // Typed back, the file shown is the file imported.
    w.replace_in(import::PATH_ID, &fixture("google_contacts.csv"));
    w.click("Import");
    w.assert_sees_part("Imported ");
    assert_eq!(live_contacts(&w), 5);
}

#[test]
fn a_vcard_file_imports_with_a_summary() {
    let mut w = roomy(Window::empty());
    w.click("Import contacts");
    w.type_into(import::PATH_ID, &fixture("contacts_v30.vcf"));
    w.click("Open");
    w.assert_sees("Cards in the file");
    w.assert_not_sees("Dry run");
    // From the keyboard: Ctrl+S imports (Tab reaches no button); again, once done, does nothing.
    w.ctrl("s");
    w.assert_sees_part("Imported ");
    let imported = live_contacts(&w);
    assert!(imported > 0);
    w.ctrl("s");
    assert_eq!(live_contacts(&w), imported);
}

#[test]
fn a_vcard_given_at_launch_opens_in_the_wizard_and_waits_for_import() {
    // `kith FILE.vcf`, which is what the desktop runs when a vCard is opened with Kith.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let file = PathBuf::from(fixture("contacts_v30.vcf"));
    let mut w = roomy(Window::open(dir, path, |launch| launch.import = Some(file)));
    w.assert_sees("Cards in the file");
    assert_eq!(live_contacts(&w), 0, "nothing is imported unasked");
    w.click("Import");
    w.assert_sees_part("Imported ");
    assert!(live_contacts(&w) > 0);
}

#[test]
fn an_import_says_how_many_likely_duplicates_it_brought_and_leads_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    {
        let mut store = Store::open(&path).unwrap();
        store
            .create_contact(ContactFields {
                first_name: "Grace".into(),
                last_name: "Hopper".into(),
                phones: vec![kith::domain::Phone {
                    number: "+1 555 0100".into(),
                    label: String::new(),
                }],
                ..ContactFields::default()
            })
            .unwrap();
    }
    let mut w = roomy(Window::open(dir, path, |_| {}));
    // The same phone written another way, under another e-mail: imported, then pointed out.
    let csv = write(
        w.dir.path(),
        "people.csv",
        b"Name,Email,Phone\nG. Hopper,grace@navy.example,(1) 555-0100\nAda Lovelace,ada@example.org,\n",
    );
    w.click("Contacts");
    w.click("Import…");
    w.type_into(import::PATH_ID, &csv.display().to_string());
    w.click("Open");
    w.click("Import");
    w.assert_sees_part("Imported 2 new contacts");
    w.assert_sees("1 likely duplicate pair among the imported contacts.");
    // Taken back, the import no longer offers the pairs it brought; put back, it does again.
    w.ctrl("z");
    w.assert_sees_part("Taken back with Undo");
    assert!(!w.sees("Review duplicates…"));
    w.press(
        iced::keyboard::Key::Character("z".into()),
        iced::keyboard::Modifiers::CTRL | iced::keyboard::Modifiers::SHIFT,
    );
    w.click("Review duplicates…");
    w.assert_sees_part("same phone number");
    w.assert_sees("G. Hopper");
}

#[test]
fn a_duplicate_pair_merges_with_a_field_taken_from_the_other_contact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let (kept, merged) = {
        let mut store = Store::open(&path).unwrap();
        let person = |first: &str, title: &str, rank: &str, age: i32| ContactFields {
            first_name: first.into(),
            last_name: "Hopper".into(),
            job_title: title.into(),
            age: Some(age),
            emails: vec![EmailAddress {
                address: "grace@navy.example".into(),
                label: String::new(),
            }],
            custom: [("Rank".to_string(), rank.to_string())].into(),
            ..ContactFields::default()
        };
        let a = store
            .create_contact(person("Grace", "Admiral", "Rear admiral", 79))
            .unwrap();
        let b = store
            .create_contact(person("Grace B.", "Computer Scientist", "Commodore", 85))
            .unwrap();
        (a.id, b.id)
    };
    let mut w = roomy(Window::open(dir, path, |_| {}));
    // The window opens on the dashboard; duplicates are found from the contact list.
    w.click("Contacts");
    w.click("Duplicates…");
    w.assert_sees_part("same e-mail grace@navy.example");
    w.click("Grace B. Hopper");
    w.assert_sees("Merge as Grace Hopper");
    // Keep the older contact but take the other one's job title.
    w.click("Computer Scientist");
    // A custom field both hold is a choice too.
    w.assert_sees("Rank");
    w.click("Commodore");
    // So are the figures the analytics panel reads.
    w.assert_sees("Age");
    w.click("85");
    // The button and the message name the person as the merge leaves them.
    w.click("Grace B.");
    w.click("Merge as Grace B. Hopper");
    w.assert_sees_part("Merged Grace B. Hopper into Grace Hopper, now named Grace B. Hopper");
    w.assert_sees("No duplicates found");

    let store = w.store();
    let survivor = store.contact(kept).unwrap();
    assert_eq!(survivor.fields.job_title, "Computer Scientist");
    assert_eq!(survivor.fields.first_name, "Grace B.");
    assert_eq!(survivor.fields.custom["Rank"], "Commodore");
    assert_eq!(survivor.fields.age, Some(85));
    assert!(store.contact(merged).unwrap().deleted_at.is_some());
    drop(store);

    // One undo step separates them again.
    w.ctrl("z");
    assert_eq!(live_contacts(&w), 2);
    w.assert_sees("Grace B. Hopper");
}

/// Ann Lee and Anna Lee, one person entered twice (one e-mail), with the notes given, and the
/// window on their pair in Duplicates.
fn lee_pair(notes: [&str; 2]) -> (Window, Vec<ContactId>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let ids: Vec<ContactId> = {
        let mut store = Store::open(&path).unwrap();
        ["Ann", "Anna"]
            .into_iter()
            .zip(notes)
            .map(|(first, notes)| {
                store
                    .create_contact(ContactFields {
                        first_name: first.into(),
                        last_name: "Lee".into(),
                        notes: notes.into(),
                        emails: vec![EmailAddress {
                            address: "info@lee.example".into(),
                            label: String::new(),
                        }],
                        ..ContactFields::default()
                    })
                    .unwrap()
                    .id
            })
            .collect()
    };
    let mut w = roomy(Window::open(dir, path, |_| {}));
    w.click("Contacts");
    w.click("Duplicates…");
    w.click("Anna Lee");
    (w, ids)
}

/// An open pair changed elsewhere (an import, another window) is shown as it is now before it can
/// be merged: the merge had applied choices made on the old values to the new ones.
#[test]
fn an_open_pair_changed_elsewhere_is_read_again_before_it_merges() {
    let (mut w, ids) = lee_pair(["", ""]);
    w.assert_sees("Merge as Ann Lee");
    let retitle = |w: &Window, title: &str| {
        let store = w.store();
        let mut fields = store.contact(ids[1]).unwrap().fields;
        fields.job_title = title.into();
        drop(store);
        w.store().update_contact(ids[1], fields).unwrap();
    };
    // Noticed by the window's poll.
    w.send(Message::Poll);
    retitle(&w, "Buyer");
    w.send(Message::Poll);
    w.assert_sees("Buyer");
    w.assert_sees_part("One of the two was changed elsewhere");
    // Changed again before the poll: Merge merges nothing and shows the pair as it is now.
    retitle(&w, "Head buyer");
    w.click("Merge as Ann Lee");
    w.assert_sees("Head buyer");
    assert_eq!(live_contacts(&w), 2);
    w.click("Merge as Ann Lee");
    w.assert_sees_part("Merged Anna Lee into Ann Lee");
    assert_eq!(live_contacts(&w), 1);
    assert_eq!(
        w.store().contact(ids[0]).unwrap().fields.job_title,
        "Head buyer"
    );
}

/// What two cards say in their notes is what people wrote down: both stay unless one is picked.
#[test]
fn a_merge_keeps_both_notes_unless_one_is_picked() {
    let (mut w, ids) = lee_pair(["Prefers calls", "Call after 3pm"]);
    w.assert_sees("Keep both");
    w.click("Merge as Ann Lee");
    assert_eq!(
        w.store().contact(ids[0]).unwrap().fields.notes,
        "Prefers calls\n\nCall after 3pm"
    );
    // Undone, and merged again with the other's notes picked: those alone stay. This time by
    // the keyboard: Ctrl+S merges the pair as shown.
    w.ctrl("z");
    w.click("Anna Lee");
    w.click("Call after 3pm");
    w.assert_sees("Ctrl+S merges, Esc goes back");
    w.ctrl("s");
    assert_eq!(
        w.store().contact(ids[0]).unwrap().fields.notes,
        "Call after 3pm"
    );
}

/// A merged-away card's page says where its records went and opens that contact; Restore is
/// offered as what it is, the card alone.
#[test]
fn a_merged_away_contact_points_at_the_contact_it_went_into() {
    let (mut w, ids) = lee_pair(["", ""]);
    w.click("Merge as Ann Lee");
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        ids[1],
    )));
    w.assert_sees_part("This contact was merged into Ann Lee");
    w.assert_sees("Restore the card alone");
    w.click("Open Ann Lee");
    w.assert_sees("Ann Lee");
    w.assert_not_sees_part("This contact was merged");
    // Once the merge is undone, there is nothing to point at.
    w.ctrl("z");
    assert_eq!(w.store().merged_into(ids[1]).unwrap(), None);
}

#[test]
fn keep_both_stops_the_pair_being_suggested_until_undone() {
    let (mut w, _) = lee_pair(["", ""]);
    w.click("Keep both: two people");
    w.assert_sees_part("Kept Ann Lee and Anna Lee as two people");
    w.assert_sees("No duplicates found");
    assert_eq!(live_contacts(&w), 2);
    w.ctrl("z");
    w.assert_sees("Anna Lee");
}

#[test]
fn export_writes_the_list_as_csv_and_the_contacts_as_vcards() {
    let mut w = Window::demo(30);
    let csv = w.dir.path().join("out.csv");
    w.click("Contacts");
    w.click("Export…");
    w.assert_sees("Export contacts");
    w.replace_in(export::PATH_ID, &csv.display().to_string());
    w.click("Export");
    w.assert_sees(&format!("Exported 30 contacts to {}", csv.display()));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().next().unwrap().split(',').next(), Some("id"));
    assert!(w.sees("30 contacts"), "back on the contact list");

    w.click("Export…");
    w.replace_in(export::PATH_ID, &csv.display().to_string());
    w.click("vCard (address books)");
    w.click("Export");
    let cards = std::fs::read_to_string(w.dir.path().join("out.vcf")).unwrap();
    assert_eq!(cards.matches("BEGIN:VCARD").count(), 30);

    // A file already at the path is replaced only when the user says so.
    w.click("Export…");
    w.replace_in(export::PATH_ID, &csv.display().to_string());
    std::fs::write(&csv, "keep me").unwrap();
    w.click("Export");
    w.assert_sees("out.csv is already there. Replace it?");
    w.click("Keep it");
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "keep me");
    w.click("Export");
    w.click("Replace");
    w.assert_sees_part("Exported 30 contacts");
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("id,"));

    // A folder is not a file name; nothing is written and the reason is shown.
    w.click("Companies");
    w.click("Export…");
    w.assert_sees("Export companies");
    let folder = w.dir.path().display().to_string();
    w.replace_in(export::PATH_ID, &folder);
    w.click("Export");
    w.assert_sees_part("is a folder");
}

#[test]
fn a_filtered_list_exports_what_it_shows_or_everything_and_tasks_go_to_a_calendar() {
    let mut w = roomy(Window::demo(120));
    w.click("Contacts");
    w.send(Message::Contacts(contacts::Message::StagePicked(
        Pick::One(LifecycleStage::Customer),
    )));
    let customers = w
        .store()
        .contacts(&ContactQuery {
            lifecycle: Some(LifecycleStage::Customer),
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .total;
    assert!(customers > 1 && customers < 120);
    w.assert_sees(&format!("{customers} contacts"));

    let shown = w.dir.path().join("customers.csv");
    w.click("Export…");
    // What the filter shows is the default; everything is one click away.
    w.assert_sees(&format!("The {customers} contacts the filter shows"));
    w.assert_sees("All contacts");
    w.replace_in(export::PATH_ID, &shown.display().to_string());
    w.click("Export");
    w.assert_sees(&format!(
        "Exported {customers} contacts to {}",
        shown.display()
    ));
    let text = std::fs::read_to_string(&shown).unwrap();
    assert_eq!(text.lines().count() as u64, customers + 1);

    let everyone = w.dir.path().join("everyone.csv");
    w.click("Export…");
    w.click("All contacts");
    w.assert_sees_part("Every contact in the workspace");
    w.replace_in(export::PATH_ID, &everyone.display().to_string());
    w.click("Export");
    w.assert_sees(&format!("Exported 120 contacts to {}", everyone.display()));

    // Tasks as a calendar: to-dos a calendar app opens.
    let calendar = w.dir.path().join("tasks.ics");
    w.click("Tasks");
    w.click("Export…");
    w.assert_sees("Export tasks");
    w.click("iCalendar (calendar apps)");
    w.replace_in(export::PATH_ID, &calendar.display().to_string());
    w.click("Export");
    w.assert_sees_part("calendar items to");
    let ics = std::fs::read_to_string(&calendar).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert!(ics.contains("BEGIN:VTODO") && !ics.contains("BEGIN:VEVENT"));

    // Deals and tickets export as CSV from their own screens; the board exports every deal.
    for (section, file, header) in [
        ("Pipeline", "deals.csv", "id,title,pipeline,stage"),
        ("Tickets", "tickets.csv", "id,subject,contact"),
    ] {
        let path = w.dir.path().join(file);
        w.click(section);
        w.click("Export…");
        w.replace_in(export::PATH_ID, &path.display().to_string());
        w.click("Export");
        w.assert_sees_part("Exported ");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(header), "{section}: {text:.80}");
    }
    // The won and lost deals, as that view shows them.
    let closed = w.dir.path().join("closed.csv");
    w.click("Pipeline");
    w.click("Won & lost");
    w.click("Export…");
    w.assert_sees_part("deals the filter shows");
    w.replace_in(export::PATH_ID, &closed.display().to_string());
    w.click("Export");
    let mut rows = csv::Reader::from_path(&closed).unwrap();
    let status = rows.headers().unwrap().iter().position(|h| h == "status");
    let statuses: Vec<String> = rows
        .records()
        .map(|r| r.unwrap()[status.unwrap()].to_string())
        .collect();
    assert!(!statuses.is_empty());
    assert!(
        statuses.iter().all(|s| s == "won" || s == "lost"),
        "{statuses:?}"
    );
    // The ticket queue opens on the active tickets: that is what its export offers first.
    w.click("Tickets");
    w.click("Export…");
    w.assert_sees_part("tickets the filter shows");
    w.assert_sees("All tickets");
}

#[test]
fn a_persons_data_exports_from_their_page_and_erasing_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let id = {
        let mut store = Store::open(&path).unwrap();
        common::contact(&mut store, "Grace", "Hopper");
        store
            .create_contact(ContactFields {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                emails: vec![EmailAddress {
                    address: "ada@analytical.example".into(),
                    label: String::new(),
                }],
                notes: "Prefers letters".into(),
                ..ContactFields::default()
            })
            .unwrap()
            .id
    };
    let mut w = roomy(Window::open(dir, path, |_| {}));
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        id,
    )));
    w.assert_sees("Personal data");

    let file = w.dir.path().join("ada.json");
    w.click("Export everything held…");
    w.assert_sees("Export Ada Lovelace");
    w.assert_sees_part("data-protection access request");
    w.replace_in(export::PATH_ID, &file.display().to_string());
    w.click("Export");
    w.assert_sees_part("Exported everything held about Ada Lovelace");
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(data["kith_person_export"], 1);
    assert_eq!(data["contact"]["notes"], "Prefers letters");
    // Back on Ada's page.
    w.assert_sees("Erase personal data…");

    // Erasing asks first, over the page; keeping (or Escape) changes nothing.
    w.click("Erase personal data…");
    w.assert_sees("Erase Ada Lovelace for good?");
    w.key(iced::keyboard::key::Named::Escape);
    w.assert_not_sees("Erase Ada Lovelace for good?");
    w.assert_sees("Personal data");
    w.click("Erase personal data…");
    w.click("Keep");
    w.assert_not_sees("Erase Ada Lovelace for good?");
    assert_eq!(w.store().contact(id).unwrap().fields.last_name, "Lovelace");

    w.click("Erase personal data…");
    w.click("Erase for good");
    w.assert_sees_part("Erased Ada Lovelace's personal data");
    // Nothing to undo, and the step Undo would reach is older and unrelated: none is offered.
    assert!(!w.notice_offers_undo());
    let erased = w.store().contact(id).unwrap();
    assert_eq!(erased.fields.last_name, "Erased person");
    assert!(erased.fields.emails.is_empty() && erased.fields.notes.is_empty());
    assert!(erased.deleted_at.is_some());
    assert_eq!(live_contacts(&w), 1);
    // Ctrl+Z then says why nothing is undone (it had blamed another window), and offers the
    // older step, which a second press takes back.
    w.ctrl("z");
    w.assert_sees_part(
        "What was just done cannot be undone, so nothing was undone; Undo now takes back \
         \"Create contact Grace Hopper\"",
    );
    assert_eq!(live_contacts(&w), 1);
    w.ctrl("z");
    assert_eq!(live_contacts(&w), 0);
    // Erased, the page says so and offers no second erasure.
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        id,
    )));
    w.assert_sees_part("personal data has been erased");
    w.assert_not_sees("Erase personal data…");
    // Nor a Restore: it brought back a live "Erased person" to log calls with and count.
    w.assert_sees_part("erased at their request");
    w.assert_not_sees("Restore");
    w.assert_not_sees_part("Restore the contact");
}

#[test]
fn a_whole_workspace_moves_through_settings_and_the_welcome_screens_import() {
    let mut from = roomy(Window::demo(40));
    let file = from.dir.path().join("moving.json");
    from.click("Settings");
    from.click("Export the whole workspace…");
    from.assert_sees("Export the whole workspace");
    from.replace_in(export::PATH_ID, &file.display().to_string());
    from.click("Export");
    from.assert_sees_part("Exported the whole workspace (");

    // A new, empty workspace takes it in from the welcome screen.
    let mut to = roomy(Window::empty());
    to.click("Import contacts");
    to.type_into(import::PATH_ID, &file.display().to_string());
    to.click("Open");
    to.assert_sees_part("A Kith workspace file: ");
    to.assert_sees_part("contacts 40");
    to.assert_not_sees("Dry run");
    to.click("Import");
    to.assert_sees_part("Imported the whole workspace: ");
    assert_eq!(live_contacts(&to), 40);
    assert_eq!(to.store().counts().unwrap(), from.store().counts().unwrap());

    // Into a workspace that holds records it does not go, and nothing changes.
    from.click("Contacts");
    from.click("Import…");
    from.type_into(import::PATH_ID, &file.display().to_string());
    from.click("Open");
    from.click("Import");
    from.assert_sees_part("already holds records");
    assert_eq!(live_contacts(&from), 40);

    // A JSON file that is not a workspace is named as such.
    let other = write(from.dir.path(), "other.json", b"{\"format\":\"something\"}");
    from.replace_in(import::PATH_ID, &other.display().to_string());
    from.click("Open");
    from.assert_sees_part("not a Kith workspace file");
}

#[test]
fn the_wizard_keeps_its_file_and_mapping_while_the_user_looks_elsewhere() {
    let mut w = roomy(Window::empty());
    let csv = write(
        w.dir.path(),
        "people.csv",
        b"Name,Email,Shoe size\nAda Lovelace,ada@example.org,38\n",
    );
    w.click("Start empty");
    w.click("Cancel");
    w.click("Import…");
    w.type_into(import::PATH_ID, &csv.display().to_string());
    w.click("Open");
    w.send(Message::Import(import::Message::Mapping(
        mapping::Message::TargetPicked(2, mapping::Choice::Skip),
    )));
    w.assert_sees("not imported");

    // A look at the companies, and back: the file and the skipped column are as they were.
    w.click("Companies");
    w.assert_not_sees("Shoe size");
    w.click("Contacts");
    w.click("Import…");
    w.assert_sees("Shoe size");
    w.assert_sees("not imported");
    w.click("Import");
    assert_eq!(live_contacts(&w), 1);

    // Once imported, or closed, the next visit starts afresh.
    w.click("Done");
    w.click("Import…");
    w.assert_not_sees("Shoe size");
    w.type_into(import::PATH_ID, &csv.display().to_string());
    w.click("Open");
    w.assert_sees("Shoe size");
    w.click("Close");
    w.click("Import…");
    w.assert_not_sees("Shoe size");
}

/// A shop's order history opens in the import wizard for what it is: the lines it holds, the
/// currency asked for when no column says it, a dry run, then the orders with their rejected
/// rows named — and the analyses have orders to read.
#[test]
fn an_order_file_imports_through_the_wizard() {
    let mut w = roomy(Window::empty());
    common::customer(&mut w.store(), "Ada", "ada@example.org");
    let file = w.dir.path().join("shop-orders.csv");
    std::fs::write(
        &file,
        "Order number,Date,Email,SKU,Product,Qty,Unit price\n\
         1,2026-10-01,ada@example.org,BEAN-1,Beans,2,24.50\n\
         2,2026-10-02,zed@example.org,BEAN-1,Beans,1,24.50\n",
    )
    .unwrap();
    w.click("Import contacts");
    w.type_into(import::PATH_ID, &file.display().to_string());
    w.click("Open");
    w.assert_sees("Orders in the file");
    w.assert_sees_part("2 order lines");
    w.assert_sees("Say the currency of the file's prices");
    w.type_into(import::ORDER_CURRENCY_ID, "sek");
    w.click("Dry run");
    w.assert_sees_part("Dry run: would import 1 order (1 line)");
    assert_eq!(w.store().counts().unwrap().orders, 0);
    w.click("Import");
    w.assert_sees_part("Imported 1 order (1 line) and 1 new product; 1 row not imported.");
    w.assert_sees_part("no contact has the address");
    let store = w.store();
    assert_eq!(store.counts().unwrap().orders, 1);
    let (currency, customers) = store.purchases().unwrap();
    assert_eq!((currency.code(), customers.len()), ("SEK", 1));
}

/// The welcome screen from the keyboard alone: its choices are out of Tab's reach as buttons, and
/// a first-day user had no way past it but Ctrl+1.
#[test]
fn the_welcome_screen_is_chosen_from_with_the_arrows_and_enter() {
    let mut w = roomy(Window::empty());
    w.assert_sees("Welcome to Kith");
    w.assert_sees("↑ ↓ to choose, Enter to go on");
    // Up from the first choice goes round to the last, "Import contacts".
    w.key(Named::ArrowUp);
    w.key(Named::Enter);
    assert!(w.shows_id(import::PATH_ID), "the import wizard is open");
    // Tab goes through the choices too: the demo, then Import, then round to Start empty.
    let mut w = roomy(Window::empty());
    for _ in 0..3 {
        w.key(Named::Tab);
    }
    w.key(Named::Enter);
    w.assert_sees("New contact");
    assert!(!w.sees("Welcome to Kith"));
    assert!(!w.shows_id(import::PATH_ID));
    // Cancel leaves the empty contact list.
    w.click("Cancel");
    w.assert_sees("No contacts yet");
}

/// An erasure whose file could not be rewritten (here a program reading the file) says so in
/// words that agree with each other ("the erasure is saved", not "this change was not saved"),
/// as an error that stays, and stays on the page, which offers the rewrite again.
#[test]
fn an_erasure_that_could_not_rewrite_the_file_offers_to_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let id = {
        let mut store = Store::open(&path).unwrap();
        common::contact(&mut store, "Ida", "Romano")
    };
    let mut w = roomy(Window::open(dir, path.clone(), |_| {}));
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        id,
    )));
    let reader = rusqlite::Connection::open(&path).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM contacts;")
        .unwrap();
    w.click("Erase personal data…");
    w.click("Erase for good");
    w.assert_sees_part("The erasure is saved, but the file could not be rewritten");
    w.assert_sees_part("another program is reading the workspace");
    assert!(w.store().contact(id).unwrap().is_erased());
    w.assert_sees_part("erased at their request");
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    w.click("Rewrite the file");
    w.assert_sees_part("The file was rewritten: no copy of what was erased remains in it");
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !String::from_utf8_lossy(&bytes).contains("Romano"),
        "the copies stayed"
    );
}

/// A path pasted from a file manager (a `file://` link) or a terminal (in quotes) opens and
/// imports: the wizard had read the file but then refused it as "not the file shown here".
#[test]
fn a_pasted_file_link_or_quoted_path_imports() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "my contacts.csv",
        b"First Name,Last Name,E-mail Address\nDara,Quinn,dara@bikes.example\n",
    );
    let link = format!("file://{}", csv.display()).replace(' ', "%20");
    let quoted = format!("'{}'", csv.display());
    for typed in [link, quoted] {
        let mut w = roomy(Window::empty());
        w.click("Import contacts");
        w.type_into(import::PATH_ID, &typed);
        w.click("Open");
        w.assert_sees("dara@bikes.example");
        w.assert_not_sees_part("is not the file shown here");
        w.click("Import");
        assert_eq!(live_contacts(&w), 1, "{typed}");
    }
}
