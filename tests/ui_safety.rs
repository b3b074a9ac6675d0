//! The window's side of crash safety: a damaged workspace offers its newest good backup, an
//! encrypted one asks for its passphrase (and says when it is wrong), record pages show their
//! history, and Settings backs up, restores and lists what everybody did.

mod common;
mod ui_harness;

use kith::domain::ContactFields;
use kith::store::{self, Passphrase, Store};
use kith::ui::Message;
use kith::ui::screen::{Destination, Section};
use ui_harness::Window;

#[test]
fn a_damaged_workspace_offers_its_newest_good_backup_and_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    {
        let mut store = Store::open(&path).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        kith::demo::generate(
            &mut store,
            &kith::demo::DemoOptions::new(150, 3, today),
            &mut |_, _| {},
        )
        .unwrap();
        store
            .backup_into(&store::default_backup_dir(&path))
            .unwrap();
    }
    common::damage::scramble_pages(&path);

    let mut w = Window::open(dir, path.clone(), |_| {});
    w.assert_sees("This workspace is damaged");
    w.assert_sees_part("Newest good backup:");
    w.click("Restore this backup");
    w.assert_sees_part("Restored the workspace from its backup");
    w.assert_sees_part("The damaged file was kept as");
    assert_eq!(w.store().counts().unwrap().contacts, 150);
}

#[test]
fn a_wrong_passphrase_is_named_and_the_right_one_opens_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    {
        let key = Passphrase::new("open sesame").unwrap();
        let mut store = Store::open_with(&path, Some(&key)).unwrap();
        common::contact(&mut store, "Ada", "Lovelace");
    }
    let mut w = Window::open(dir, path, |_| {});
    w.assert_sees("This workspace is encrypted");
    w.type_into(kith::ui::screen::unlock::FIELD, "open sesamo");
    w.click("Open");
    w.assert_sees_part("That passphrase is wrong");
    w.type_into(kith::ui::screen::unlock::FIELD, "open sesame");
    w.click("Open");
    w.assert_not_sees("This workspace is encrypted");
    // It opens on the dashboard; the contact is on the contact list.
    w.click("Contacts");
    w.assert_sees("Ada Lovelace");
}

#[test]
fn a_contact_page_shows_who_changed_what() {
    let mut w = Window::empty();
    let id = {
        let mut store = w.store();
        store.set_actor("grace");
        let contact = store
            .create_contact(ContactFields {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                job_title: "CTO".into(),
                ..Default::default()
            })
            .unwrap();
        let mut fields = contact.fields.clone();
        fields.job_title = "CEO".into();
        store.update_contact(contact.id, fields).unwrap();
        contact.id
    };
    w.send(Message::Navigate(Destination::Contact(id)));
    w.assert_sees("History");
    w.assert_sees("Job title: “CTO” → “CEO”");
    w.assert_sees("grace");
    w.assert_sees("Updated");
    w.assert_sees("Created");
}

#[test]
fn settings_back_up_restore_and_show_the_activity_log() {
    let mut w = Window::empty();
    w.click("Start empty");
    common::contact(&mut w.store(), "Ada", "Lovelace");
    w.send(Message::Navigate(Destination::Section(Section::Settings)));
    w.assert_not_sees("No backups yet.");
    w.click("Backups and activity");
    w.assert_sees("Create contact Ada Lovelace");
    w.assert_sees("No backups yet.");
    w.click("Back up now");
    w.assert_sees_part("Backed up and verified");
    w.assert_sees("By hand");
    w.assert_not_sees("Before a restore");
    common::contact(&mut w.store(), "Grace", "Hopper");
    w.click("Restore");
    w.assert_sees_part("What it holds now is kept as a backup first");
    w.click("Yes, restore");
    w.assert_sees_part("Restored. What the workspace held before is kept as");
    assert_eq!(w.store().counts().unwrap().contacts, 1);
    w.assert_sees("Before a restore");
    // The restored file's last change is not offered back as if just made, and Ctrl+Z does
    // not quietly take it back either: it says what it would take, and a second press does.
    assert!(!w.notice_offers_undo());
    w.ctrl("z");
    w.assert_sees_part("nothing was undone; Undo now takes back \"Create contact Ada Lovelace\"");
    assert_eq!(w.store().counts().unwrap().contacts, 1);
    w.ctrl("z");
    assert_eq!(w.store().counts().unwrap().contacts, 0);
}

/// Closing the window writes the day's snapshot first, and says so while it does: on a large
/// workspace that takes long enough to look like a hang.
#[test]
fn closing_the_window_says_it_is_taking_the_days_backup() {
    let mut w = Window::demo(30);
    let backups = store::default_backup_dir(&w.path);
    let _ = std::fs::remove_dir_all(&backups);
    w.send(Message::CloseRequested(iced::window::Id::unique()));
    w.assert_sees("Taking today's backup before closing…");
    let written = store::snapshots(&backups, &w.path).unwrap();
    assert_eq!(written.len(), 1, "the day's snapshot was written");
    assert_eq!(written[0].kind, Some(store::SnapshotKind::Automatic));
}

/// The close button asks before it throws away a form's unsaved typing, as leaving for another
/// screen does (it had closed at once and the job title typed was gone); "Keep editing" keeps
/// the window and the typing, "Discard changes" closes with the day's backup as ever.
#[test]
fn closing_the_window_with_unsaved_typing_asks_first() {
    let mut w = Window::demo(30);
    let backups = store::default_backup_dir(&w.path);
    let _ = std::fs::remove_dir_all(&backups);
    w.click("Contacts");
    w.click("New contact");
    w.type_into(
        kith::ui::screen::contact_form::FIRST_FIELD_ID,
        "Typed But Unsaved",
    );
    let window = iced::window::Id::unique();
    w.send(Message::CloseRequested(window));
    assert!(
        w.app.is_asking_to_discard(),
        "the window closed over the typing"
    );
    w.assert_not_sees("Taking today's backup before closing…");
    w.click("Keep editing");
    w.assert_sees("Typed But Unsaved");

    w.send(Message::CloseRequested(window));
    w.click("Discard changes");
    w.assert_sees("Taking today's backup before closing…");
    let written = std::fs::read_dir(&backups).map_or(0, |d| d.count());
    assert_eq!(written, 1, "the day's snapshot was written");
}

#[test]
fn undo_takes_back_only_the_change_this_window_showed() {
    let mut w = Window::empty();
    w.click("Start empty");
    let contact = |store: &mut Store, first: &str| {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                last_name: "Tester".into(),
                ..Default::default()
            })
            .unwrap()
            .id
    };
    // A change made in this window: Undo offers it.
    w.click("Contacts");
    w.click("New contact");
    w.type_into(kith::ui::screen::contact_form::FIRST_FIELD_ID, "Mine");
    w.click("Save");
    w.assert_sees_part("Create contact Mine");
    // Another window (another program) adds a contact this window has not seen.
    let theirs = contact(&mut w.store(), "Theirs");
    w.ctrl("z");
    // Said as information, naming what a second press takes back.
    w.assert_sees_part("The last change was not made in this window, so nothing was undone");
    w.assert_sees_part("Create contact Theirs Tester");
    let store = w.store();
    assert!(
        store.contact(theirs).unwrap().deleted_at.is_none(),
        "not theirs"
    );
    assert_eq!(store.counts().unwrap().contacts, 2, "nor mine, unasked");
    drop(store);
    // Now the window has looked again: Undo names the other window's change and takes it back.
    w.ctrl("z");
    assert!(w.store().contact(theirs).unwrap().deleted_at.is_some());
}

/// A change made by another window or a command (an import from the command line) reaches this
/// window's counts, lists and Undo within a poll; it used to show the old counts until the user
/// changed something.
#[test]
fn changes_made_elsewhere_reach_the_counts_and_the_list() {
    let mut w = Window::demo(30);
    w.click("Contacts");
    w.send(Message::Poll);
    w.assert_sees_part("30 contacts");
    let zelda = common::contact(&mut w.store(), "Zelda", "Elsewhere");
    w.send(Message::Poll);
    w.assert_sees_part("31 contacts");
    w.assert_sees("Zelda Elsewhere");
    // What Undo takes back is not quietly moved to the other window's change.
    w.ctrl("z");
    w.assert_sees_part("The last change was not made in this window, so nothing was undone");
    assert!(w.store().contact(zelda).unwrap().deleted_at.is_none());
}

/// A person erased from the command line stayed on their open page, name and e-mail, until it
/// was left; the page now reads again when the file changes, keeping what was being typed.
#[test]
fn an_open_contact_page_follows_an_erase_made_elsewhere() {
    let mut w = Window::demo(30);
    let id = common::contact(&mut w.store(), "Zelda", "Elsewhere");
    w.send(Message::Poll);
    w.send(Message::Navigate(Destination::Contact(id)));
    w.assert_sees("Zelda Elsewhere");
    w.type_into("task-title", "Call back");
    w.store().erase_person(id).unwrap();
    w.send(Message::Poll);
    w.assert_not_sees("Zelda Elsewhere");
    w.assert_sees_part("This person was erased at their request");
}

/// A restore made elsewhere (another window, `kith restore`) closes the pages this window had
/// open: ids start again after a restore, and a contact's open page had become another person's,
/// who then got the call typed for the first.
#[test]
fn a_restore_made_elsewhere_closes_open_pages() {
    let mut w = Window::demo(30);
    let snapshot = w.store().backup_into(&w.dir.path().join("snaps")).unwrap();
    let beatrice = common::contact(&mut w.store(), "Beatrice", "Elsewhere");
    w.send(Message::Poll);
    w.send(Message::Navigate(Destination::Contact(beatrice)));
    w.assert_sees("Beatrice Elsewhere");
    w.type_into("log-subject", "Call for Beatrice");
    {
        let mut other = w.store();
        other.restore_from(&snapshot.path).unwrap();
        let carl = common::contact(&mut other, "Carl", "Newman");
        assert_eq!(carl, beatrice, "the restore gives the id out again");
    }
    w.send(Message::Poll);
    w.assert_sees_part("The workspace was restored from a backup in another window");
    w.assert_not_sees("Carl Newman");
    w.assert_not_sees("Log call");
    assert!(
        w.store()
            .activities_for_contact(beatrice, 10)
            .unwrap()
            .is_empty(),
        "nothing typed for Beatrice went to Carl"
    );
    // Undo does not reach the step on top after the restore, which this window never offered.
    w.ctrl("z");
    assert!(w.store().contact(beatrice).unwrap().deleted_at.is_none());
}

/// A workspace that did not open can be tried again from the window once the reason has passed
/// (a large import finished, another window closed): the screen had been a dead end.
#[test]
fn a_workspace_that_did_not_open_can_be_tried_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    // A folder where the file should be: it cannot open.
    std::fs::create_dir(&path).unwrap();
    let mut w = Window::open(dir, path.clone(), |_| {});
    w.assert_sees("This workspace could not be opened");
    std::fs::remove_dir(&path).unwrap();
    w.click("Try again");
    w.assert_not_sees("This workspace could not be opened");
    assert!(
        path.is_file(),
        "the workspace was created on the second try"
    );
}

/// The journal deleted under an open window (a clean-up tool): what is saved after it reaches
/// the file when the window next looks at it, and the window says what happened.
#[test]
fn a_journal_deleted_under_the_window_is_written_back_and_said() {
    let mut w = Window::demo(20);
    w.click("Contacts");
    let mut wal = w.path.clone().into_os_string();
    wal.push("-wal");
    std::fs::remove_file(&wal).unwrap();
    w.click("New contact");
    w.type_into(
        kith::ui::screen::contact_form::FIRST_FIELD_ID,
        "Lost Client",
    );
    w.ctrl("s");
    w.assert_sees_part("Lost");
    w.send(Message::Poll);
    w.assert_sees_part("journal file (…-wal) was deleted");
    // Another process opening the file finds the contact, and the file whole.
    let other = w.store();
    assert_eq!(other.counts().unwrap().contacts, 21);
    assert!(other.check().unwrap().is_ok());
}

/// Undo starts with the window: the change on top when it opened (a command's import of
/// 200,000 contacts) is named before anything is taken back, and taken back only when asked again.
#[test]
fn undo_names_a_change_made_before_the_window_opened_before_taking_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let before = {
        let mut store = Store::open(&path).unwrap();
        common::contact(&mut store, "Made", "Earlier")
    };
    let mut w = Window::open(dir, path, |_| {});
    w.ctrl("z");
    w.assert_sees_part("nothing was undone; Undo now takes back");
    assert!(w.store().contact(before).unwrap().deleted_at.is_none());
    w.ctrl("z");
    assert!(w.store().contact(before).unwrap().deleted_at.is_some());
}
