//! The contact screens as a person uses them: through clicks, typing and keys, on a real workspace file.

mod common;
mod ui_harness;

use iced::keyboard::key::Named;
use iced::keyboard::{Key, Modifiers};
use kith::domain::LifecycleStage;
use kith::store::{ContactQuery, ContactRow};
use kith::ui::Message;
use kith::ui::screen::{contact_form, contacts};
use kith::ui::widget::Pick;
use ui_harness::Window;

fn first_rows(window: &Window, n: u32) -> Vec<ContactRow> {
    window
        .store()
        .contacts(&ContactQuery {
            limit: n,
            ..ContactQuery::default()
        })
        .unwrap()
        .rows
}

fn live_contacts(window: &Window) -> u64 {
    window
        .store()
        .contacts(&ContactQuery {
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .total
}

/// A window on a demo workspace, moved from the dashboard it opens on to the contact list.
/// A new company with just a name, in the window's workspace.
fn company_named(w: &Window, name: &str) -> kith::domain::CompanyId {
    w.store()
        .create_company(kith::domain::CompanyFields {
            name: name.into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn on_contacts(contacts: u64) -> Window {
    let mut w = Window::demo(contacts);
    w.assert_sees("Dashboard");
    w.click("Contacts");
    w
}

#[test]
fn creating_a_contact_through_the_form_saves_it_and_opens_it() {
    let mut w = Window::empty();
    w.assert_sees("Welcome to Kith");
    // "Add your first contact now", as the choice says: its form opens at once.
    w.click("Start empty");
    w.assert_sees("New contact");
    assert!(w.shows_id(contact_form::FIRST_FIELD_ID));
    w.type_into(contact_form::FIRST_FIELD_ID, "Ada");
    w.type_into("Last name", "Lovelace");
    // Pasted from a web page with a zero-width space in it, which nobody sees: taken out, not
    // refused as a bad address.
    w.type_into("email-0", "ada@exa\u{200b}mple.com");
    w.type_into("Company", "Analytical Engines");
    w.type_into("Job title", "Programmer");
    w.click("Save");

    w.assert_sees("Ada Lovelace");
    w.assert_sees("Programmer at Analytical Engines");
    w.assert_sees("Create contact Ada Lovelace");
    let store = w.store();
    let rows = store
        .contacts(&ContactQuery {
            limit: 10,
            ..ContactQuery::default()
        })
        .unwrap();
    assert_eq!(rows.total, 1);
    assert_eq!(rows.rows[0].email, "ada@example.com");
    assert_eq!(rows.rows[0].company.as_deref(), Some("Analytical Engines"));
}

#[test]
fn an_invalid_email_is_marked_inline_and_nothing_is_saved_until_fixed() {
    let mut w = Window::empty();
    w.click("Start empty");
    w.click("New contact");
    w.type_into(contact_form::FIRST_FIELD_ID, "Bob");
    w.type_into("email-0", "bob@");
    w.click("Save");

    w.assert_sees("\"bob@\" is not a valid e-mail address");
    w.assert_sees("Not saved: one field to fix, marked below.");
    assert_eq!(
        live_contacts(&w),
        0,
        "nothing may be written while the form is invalid"
    );

    w.type_into("email-0", "example.org");
    // The message goes as soon as the address is corrected, before the next save.
    w.assert_not_sees("\"bob@\" is not a valid e-mail address");
    w.assert_not_sees("Not saved: one field to fix, marked below.");
    w.click("Save");
    assert_eq!(live_contacts(&w), 1);
    assert_eq!(first_rows(&w, 1)[0].email, "bob@example.org");
}

#[test]
fn an_empty_name_and_a_future_birthday_are_both_reported() {
    let mut w = Window::empty();
    w.size = Some(iced::Size::new(1280.0, 1400.0));
    w.click("Start empty");
    w.click("New contact");
    w.type_into("Birthday", "2999-01-01");
    w.type_into("Age", "many");
    w.click("Save");
    w.assert_sees("Enter a first or a last name");
    w.assert_sees("Must not be in the future");
    w.assert_sees("\"many\" is not a whole number");
    w.assert_sees("Not saved: 3 fields to fix, marked below.");
    assert_eq!(live_contacts(&w), 0);
    // A field's problem goes as soon as the field is changed, not at the next save.
    w.replace_in("Age", "40");
    w.assert_not_sees("\"many\" is not a whole number");
    w.assert_sees("Must not be in the future");
    w.type_into("Last name", "Lee");
    w.assert_not_sees("Enter a first or a last name");
    // An age that disagrees with the birthday is named at Age, with the birthday's count.
    w.replace_in("Birthday", "1990-03-01");
    w.replace_in("Age", "10");
    w.click("Save");
    w.assert_sees_part("Age 10 disagrees with the birthday, which makes");
    assert_eq!(live_contacts(&w), 0);
    w.replace_in("Age", "");
    w.click("Save");
    assert_eq!(live_contacts(&w), 1);
}

#[test]
fn a_bad_currency_and_a_bad_amount_are_each_marked_at_their_own_field() {
    let mut w = Window::empty();
    w.size = Some(iced::Size::new(1280.0, 1400.0));
    w.click("Start empty");
    w.click("New contact");
    w.type_into(contact_form::FIRST_FIELD_ID, "Bob");
    w.replace_in("Currency", "EURO");
    w.type_into("Annual income", "lots");
    w.click("Save");
    w.assert_sees("Not saved: 2 fields to fix, marked below.");
    let currency = w
        .top_of("is not a currency")
        .expect("the currency's message");
    let amount = w.top_of("\"lots\"").expect("the amount's message");
    assert_eq!(currency, amount, "side by side, under their own fields");
    assert_eq!(live_contacts(&w), 0);
}

#[test]
fn search_as_you_type_narrows_the_list() {
    let mut w = on_contacts(200);
    w.assert_sees("200 contacts");
    let target = first_rows(&w, 1).remove(0);
    let surname = target.name.split_whitespace().last().unwrap().to_string();
    let expected = w
        .store()
        .contacts(&ContactQuery {
            text: surname.clone(),
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .total;
    assert!(expected < 200);

    w.type_into(contacts::SEARCH_ID, &surname);
    let count = if expected == 1 {
        "1 contact".to_string()
    } else {
        format!("{expected} contacts")
    };
    w.assert_sees(&count);
    w.assert_sees(&target.name);

    w.type_into(contacts::SEARCH_ID, " zzzzqx");
    w.assert_sees("No contacts match");
    w.click("Clear filters");
    w.assert_sees("200 contacts");

    // Enter in the search field opens the first contact found.
    w.type_into(contacts::SEARCH_ID, &target.name);
    w.send(Message::Contacts(contacts::Message::SearchSubmitted));
    w.assert_sees("← Contacts");
    w.assert_sees("Log an activity");
}

#[test]
fn delete_then_undo_restores_the_contact() {
    let mut w = on_contacts(40);
    let first = first_rows(&w, 1).remove(0);
    w.key(Named::ArrowDown);
    w.key(Named::Delete);
    w.assert_sees("39 contacts");
    w.assert_sees(&format!("Delete contact {}", first.name));
    assert!(
        w.store().contact(first.id).unwrap().deleted_at.is_some(),
        "delete is soft"
    );

    w.click("Undo");
    w.assert_sees("40 contacts");
    assert!(w.store().contact(first.id).unwrap().deleted_at.is_none());

    // The same through the keyboard: Ctrl+Z undoes, Ctrl+Shift+Z redoes — this second delete,
    // not the first one, which the second put out of Redo's reach.
    let live = w.store().contact_ids().unwrap();
    w.key(Named::ArrowDown);
    w.key(Named::Delete);
    w.assert_sees("39 contacts");
    let gone: Vec<_> = live
        .iter()
        .filter(|id| w.store().contact(**id).unwrap().deleted_at.is_some())
        .copied()
        .collect();
    assert_eq!(gone.len(), 1);
    w.ctrl("z");
    w.assert_sees("40 contacts");
    w.press(
        Key::Character("Z".into()),
        Modifiers::CTRL | Modifiers::SHIFT,
    );
    w.assert_sees("39 contacts");
    assert!(w.store().contact(gone[0]).unwrap().deleted_at.is_some());
}

#[test]
fn the_keyboard_alone_moves_opens_edits_and_goes_back() {
    let mut w = on_contacts(40);
    let rows = first_rows(&w, 3);
    w.key(Named::ArrowDown);
    w.key(Named::ArrowDown);
    w.key(Named::ArrowDown);
    w.key(Named::ArrowUp);
    w.key(Named::Enter);
    w.assert_sees(&rows[1].name);
    w.assert_sees("Log an activity");

    w.ctrl("e");
    w.assert_sees("Edit contact");
    w.key(Named::Escape);
    w.assert_sees("Log an activity");
    w.key(Named::Escape);
    w.assert_sees("40 contacts");

    w.ctrl("n");
    w.assert_sees("New contact");
    w.key(Named::Escape);
    w.assert_sees("40 contacts");

    w.key(Named::End);
    w.key(Named::Enter);
    let last = w
        .store()
        .contacts(&ContactQuery {
            offset: 39,
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .rows
        .remove(0);
    w.assert_sees(&last.name);
}

#[test]
fn the_search_palette_finds_and_opens_a_contact() {
    let mut w = on_contacts(60);
    let target = first_rows(&w, 5).remove(4);
    w.ctrl("k");
    w.assert_sees("Type a name, an e-mail, a company, a deal, words from a note or a ticket.");
    w.type_into(kith::ui::screen::palette::INPUT_ID, &target.email);
    w.assert_sees("Contacts");
    w.key(Named::Enter);
    w.assert_sees(&target.name);
    w.assert_sees("Log an activity");
}

#[test]
fn sorting_by_a_header_reverses_the_order() {
    let mut w = on_contacts(30);
    w.click("Name ▲");
    w.assert_sees("Name ▼");
    let last = w
        .store()
        .contacts(&ContactQuery {
            offset: 29,
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .rows
        .remove(0);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.assert_sees(&last.name);
}

#[test]
fn unsaved_changes_are_not_lost_by_switching_screens() {
    let mut w = on_contacts(10);
    w.click("New contact");
    w.type_into(contact_form::FIRST_FIELD_ID, "Grace");
    w.click("Companies");
    w.assert_sees("Discard your changes?");
    w.click("Keep editing");
    w.assert_sees("Grace");
    w.assert_sees("New contact");
    w.click("Companies");
    w.click("Discard changes");
    w.assert_sees("New company");
    assert_eq!(live_contacts(&w), 10);
}

#[test]
fn an_activity_typed_on_a_contact_page_is_not_lost_by_leaving_it() {
    let mut w = on_contacts(10);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.type_into("log-subject", "Wants a sample of the house blend");
    w.click("Companies");
    w.assert_sees("Discard your changes?");
    w.assert_sees("The activity you typed is not logged yet. Leaving now loses it.");
    w.click("Keep editing");
    w.assert_sees("Wants a sample of the house blend");
    w.key(Named::Escape);
    w.assert_sees("Discard your changes?");
    w.click("Discard changes");
    w.assert_sees("New contact");
    // An empty page is left without a question.
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.click("Companies");
    w.assert_not_sees("Discard your changes?");
}

#[test]
fn filters_by_stage_and_tag_match_the_store() {
    let mut w = on_contacts(120);
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
    assert!(customers > 0 && customers < 120);
    w.assert_sees(&format!("{customers} contacts"));

    let tag = w.store().tags().unwrap().remove(0);
    w.send(Message::Contacts(contacts::Message::TagPicked(Pick::One(
        tag.clone(),
    ))));
    let both = w
        .store()
        .contacts(&ContactQuery {
            lifecycle: Some(LifecycleStage::Customer),
            tag: Some(tag),
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .total;
    let text = match both {
        0 => "No contacts match".to_string(),
        1 => "1 contact".to_string(),
        n => format!("{n} contacts"),
    };
    w.assert_sees(&text);
}

/// The log form's kinds and direction, and the contact form's stage, from the keyboard: Tab
/// reaches only text fields, so without these a keyboard user could log only outbound calls.
#[test]
fn the_keyboard_picks_what_is_logged_and_the_stage() {
    let mut w = on_contacts(10);
    let first = first_rows(&w, 1).remove(0);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    let alt = |c: &str| (Key::Character(c.into()), Modifiers::ALT);
    let (key, modifiers) = alt("3");
    w.press(key, modifiers);
    w.assert_sees("Log meeting");
    let (key, modifiers) = alt("2");
    w.press(key, modifiers);
    w.assert_sees("Log e-mail");
    let (key, modifiers) = alt("d");
    w.press(key, modifiers);
    w.type_into("log-subject", "Asked for the price list");
    w.click("Log e-mail");
    let logged = w
        .store()
        .timeline(kith::store::Owner::Contact(first.id), 1)
        .unwrap()
        .remove(0);
    let activity = w
        .store()
        .activity(kith::domain::ActivityId(logged.id))
        .unwrap();
    assert_eq!(activity.fields.kind, kith::domain::ActivityKind::Email);
    assert_eq!(
        activity.fields.direction,
        Some(kith::domain::Direction::Inbound),
        "Alt+D turned the outbound e-mail inbound"
    );
    w.ctrl("e");
    w.assert_sees("Edit contact");
    let (key, modifiers) = alt("l");
    w.press(key, modifiers);
    w.ctrl("s");
    let stage = w.store().contact(first.id).unwrap().fields.lifecycle;
    let all = LifecycleStage::ALL;
    let was = all.iter().position(|&s| s == first.lifecycle).unwrap();
    assert_eq!(
        stage,
        all[(was + 1) % all.len()],
        "Alt+L moved to the next stage"
    );
}

#[test]
fn a_call_logged_on_the_contact_page_joins_the_timeline() {
    let mut w = on_contacts(10);
    let first = first_rows(&w, 1).remove(0);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.type_into("log-subject", "Asked about the spring order");
    w.click("Log call");
    w.assert_sees("Asked about the spring order");
    let timeline = w
        .store()
        .timeline(kith::store::Owner::Contact(first.id), 5)
        .unwrap();
    assert_eq!(timeline[0].title, "Asked about the spring order");

    w.type_into("task-title", "Send the quote");
    w.type_into("task-due", "not a date");
    w.click("Add task");
    let week_on = chrono::Local::now().date_naive() + chrono::Days::new(7);
    w.assert_sees(&format!(
        "\"not a date\" is not a time (write {week_on} 15:30, {week_on}, 15:30, tomorrow 15:30 \
         or friday)"
    ));
    w.type_into("task-due", "");
    assert!(
        w.store()
            .tasks_for_contact(first.id)
            .unwrap()
            .iter()
            .all(|t| t.fields.title != "Send the quote")
    );
    // A time with the day: the task is due at that hour on the user's clock.
    w.replace_in("task-due", "2031-03-04 14:30");
    w.click("Add task");
    let due = w
        .store()
        .tasks_for_contact(first.id)
        .unwrap()
        .into_iter()
        .find(|t| t.fields.title == "Send the quote")
        .and_then(|t| t.fields.due_at)
        .expect("the task is added with its due time");
    assert_eq!(
        due.to_local().format("%Y-%m-%d %H:%M").to_string(),
        "2031-03-04 14:30"
    );
    w.assert_sees("due 4 Mar 2031, 14:30");

    // A save that fails (a trigger stands in for a locked or failing disk) keeps what was typed,
    // to save again; it used to empty the form first.
    let file = rusqlite::Connection::open(&w.path).unwrap();
    file.execute_batch(
        "CREATE TRIGGER refuse BEFORE INSERT ON activities BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
    )
    .unwrap();
    w.type_into("log-subject", "Left a voicemail");
    w.click("Log call");
    w.assert_sees_part("Not saved; what you typed is still there: database error: disk trouble");
    w.assert_sees("Left a voicemail");
    file.execute_batch("DROP TRIGGER refuse").unwrap();
    w.click("Log call");
    let timeline = w
        .store()
        .timeline(kith::store::Owner::Contact(first.id), 5)
        .unwrap();
    assert_eq!(
        timeline[0].title, "Left a voicemail",
        "saved once it could be"
    );
    assert_ne!(timeline[1].title, "Left a voicemail", "and once only");
}

#[test]
fn escape_closes_the_search_palette_even_while_typing_in_it() {
    let mut w = on_contacts(10);
    w.ctrl("k");
    w.type_into(kith::ui::screen::palette::INPUT_ID, "nobody-by-this-name");
    w.assert_sees("Nothing matches “nobody-by-this-name”.");
    w.key(Named::Escape);
    w.assert_not_sees("Nothing matches “nobody-by-this-name”.");
    w.assert_sees("10 contacts");
}

#[test]
fn a_deleted_contacts_page_offers_restore_and_no_activity_form() {
    let mut w = Window::demo(20);
    w.click("Contacts");
    w.click("New contact");
    w.type_into(contact_form::FIRST_FIELD_ID, "Ada");
    w.type_into("Last name", "Lovelace");
    w.click("Save");
    w.assert_sees("Ada Lovelace");
    // Undoing the creation while the page is open leaves it showing a deleted contact.
    w.ctrl("z");
    w.assert_sees("This contact is deleted.");
    w.assert_sees("Restore the contact to log calls, e-mails, meetings and notes.");
    w.assert_sees("Restore the contact to add tasks.");
    assert!(!w.sees("Add task"));
    assert!(!w.sees("Edit") && !w.sees("Delete"), "Restore comes first");
    w.click("Restore");
    w.assert_sees("Restore contact Ada Lovelace");
    assert!(!w.sees("This contact is deleted."));
    assert_eq!(live_contacts(&w), 21);
}

/// A long history is read in parts: the newest entries first, older ones on request, so no
/// entry is out of reach.
#[test]
fn a_long_timeline_shows_older_entries_on_request() {
    let mut w = on_contacts(20);
    let target = first_rows(&w, 1).remove(0);
    let mut store = w.store();
    for n in 0..260 {
        store
            .create_activity(kith::domain::ActivityFields {
                contact_id: Some(target.id),
                subject: format!("Follow-up #{n:03}"),
                ..kith::domain::ActivityFields::new(
                    kith::domain::ActivityKind::Note,
                    kith::domain::Timestamp(1_600_000_000 + n * 3600),
                )
            })
            .unwrap();
    }
    drop(store);
    w.ctrl("k");
    w.type_into(kith::ui::screen::palette::INPUT_ID, &target.email);
    w.key(Named::Enter);
    w.assert_sees("Log an activity");
    w.assert_sees("Follow-up #259");
    w.assert_not_sees("Follow-up #000");
    w.assert_sees_part("Show older entries");
    w.click_nth("Show older entries", 0);
    w.assert_sees("Follow-up #000");
    w.assert_not_sees_part("Show older entries");
}

#[test]
fn a_contact_opened_from_its_company_goes_back_to_the_company() {
    let mut w = Window::empty();
    w.size = Some(iced::Size::new(1280.0, 1400.0));
    w.click("Start empty");
    let (company, ines) = {
        let mut store = w.store();
        let company = store
            .create_company(kith::domain::CompanyFields {
                name: "Nordlicht Bakery".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let ines = store
            .create_contact(kith::domain::ContactFields {
                first_name: "Ines".into(),
                last_name: "Berg".into(),
                company_id: Some(company),
                ..Default::default()
            })
            .unwrap()
            .id;
        (company, ines)
    };
    w.send(Message::Navigate(kith::ui::screen::Destination::Company(
        company,
    )));
    w.assert_sees("People (1)");
    w.click("Ines Berg");
    w.assert_sees("← Company");
    // Editing the contact and coming back keeps the way to the company.
    w.ctrl("e");
    w.assert_sees("Edit contact");
    w.key(Named::Escape);
    w.assert_sees("← Company");
    w.key(Named::Escape);
    w.assert_sees("← Companies");
    w.assert_sees("Nordlicht Bakery");
    // Opened from the list, a contact goes back to the list.
    w.click("Contacts");
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        ines,
    )));
    w.assert_sees("← Contacts");
}

/// Enter answers the question as the dialog says: the draft is discarded and the window leaves.
/// (In the running window the field behind the dialog had kept the keyboard and taken Enter as
/// "Log call"; the dialog now takes the focus from it. This harness builds each step's widgets
/// afresh, focus included, so that part was checked under Xvfb.)
#[test]
fn enter_in_the_discard_question_discards_the_draft_behind_it() {
    let mut w = on_contacts(10);
    let first = first_rows(&w, 1).remove(0);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.type_into("log-subject", "Draft one");
    w.ctrl("2");
    w.assert_sees("Discard your changes?");
    w.key(Named::Enter);
    w.assert_not_sees("Discard your changes?");
    w.assert_sees("New company");
    let logged = w.store().activities_for_contact(first.id, 10).unwrap();
    assert!(
        !logged.iter().any(|a| a.fields.subject == "Draft one"),
        "the discarded draft was saved"
    );
}

#[test]
fn a_logged_call_can_be_dated_corrected_and_deleted() {
    let mut w = on_contacts(10);
    w.size = Some(iced::Size::new(1280.0, 1400.0));
    let first = first_rows(&w, 1).remove(0);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.type_into("log-subject", "Called about the autumn order");
    w.type_into("log-when", "2026-11-02 15:30");
    w.click("Log call");
    let timeline = || {
        w.store()
            .activities_for_contact(first.id, 10)
            .unwrap()
            .into_iter()
            .find(|a| a.fields.subject.starts_with("Called about"))
    };
    let logged = timeline().expect("the call is logged");
    assert_eq!(
        logged
            .fields
            .occurred_at
            .to_local()
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        "2026-11-02 15:30"
    );
    // A time that is not one is named, and nothing is logged.
    w.type_into("log-subject", "Another");
    w.type_into("log-when", "after lunch");
    w.click("Log call");
    w.assert_sees_part("is not a time");
    // A call dated next year is refused at its When field, in the form's words.
    let next_year = chrono::Local::now().date_naive() + chrono::Days::new(366);
    w.replace_in("log-when", &format!("{next_year} 09:00"));
    w.click("Log call");
    w.assert_sees_part("When is more than a day ahead: calls, e-mails and notes are logged");
    w.assert_not_sees_part("occurred_at");
    w.replace_in("log-when", "");
    w.replace_in("log-subject", "");

    // Typing for a new one is not thrown away to correct an old one.
    w.type_into("log-subject", "Half-typed");
    w.send(Message::Contact(
        kith::ui::screen::contact::Message::EditActivity(logged.id),
    ));
    w.assert_sees_part("Log or clear what you are writing first");
    w.assert_sees("Half-typed");
    w.replace_in("log-subject", "");

    // Corrected from the timeline: the form holds it, and saving changes that call.
    w.send(Message::Contact(
        kith::ui::screen::contact::Message::EditActivity(logged.id),
    ));
    w.assert_sees("Correct an activity");
    w.replace_in("log-subject", "Called about the winter order");
    w.click("Save this call");
    let corrected = w.store().activity(logged.id).unwrap();
    assert_eq!(corrected.fields.subject, "Called about the winter order");
    assert_eq!(corrected.fields.occurred_at, logged.fields.occurred_at);
    w.assert_sees("Log an activity");

    // Deleted from the timeline, and back with Undo.
    w.send(Message::Contact(
        kith::ui::screen::contact::Message::DeleteActivity(logged.id),
    ));
    assert!(w.store().activity(logged.id).unwrap().deleted_at.is_some());
    w.ctrl("z");
    assert!(w.store().activity(logged.id).unwrap().deleted_at.is_none());

    // Logged now, its time has seconds the form does not show: correcting the words keeps them
    // (the seconds had been dropped, moving it below a call logged a moment before).
    w.type_into("log-subject", "Quick follow-up");
    w.click("Log call");
    let quick = w
        .store()
        .activities_for_contact(first.id, 10)
        .unwrap()
        .into_iter()
        .find(|a| a.fields.subject == "Quick follow-up")
        .expect("logged");
    let at_second = w
        .store()
        .update_activity(quick.id, {
            let mut f = quick.fields.clone();
            f.occurred_at = kith::domain::Timestamp(quick.fields.occurred_at.0 / 60 * 60 + 37);
            f
        })
        .unwrap()
        .fields
        .occurred_at;
    w.send(Message::Contact(
        kith::ui::screen::contact::Message::EditActivity(quick.id),
    ));
    w.replace_in("log-subject", "Quick follow-up, left a voicemail");
    w.click("Save this call");
    let kept = w.store().activity(quick.id).unwrap();
    assert_eq!(kept.fields.subject, "Quick follow-up, left a voicemail");
    assert_eq!(kept.fields.occurred_at, at_second);

    // Deleted while being corrected: the form lets it go, and nothing is written into it.
    w.send(Message::Contact(
        kith::ui::screen::contact::Message::EditActivity(quick.id),
    ));
    w.assert_sees("Correct an activity");
    w.send(Message::Contact(
        kith::ui::screen::contact::Message::DeleteActivity(quick.id),
    ));
    w.assert_sees("Log an activity");
    w.assert_not_sees("Save this call");
    let mut late = kept.fields.clone();
    late.subject = "Written into a deleted call".into();
    assert!(w.store().update_activity(quick.id, late).is_err());
    assert_eq!(
        w.store().activity(quick.id).unwrap().fields.subject,
        "Quick follow-up, left a voicemail"
    );
}

#[test]
fn ctrl_n_on_a_persons_page_starts_a_new_contact() {
    let mut w = on_contacts(10);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.assert_sees("Log an activity");
    w.ctrl("n");
    w.assert_sees("New contact");
    w.assert_not_sees("Log an activity");
}

/// A company's Deals card lists its deals however many calls and notes its timeline holds: past
/// the timeline's first 200 entries it had said "No deals with this company".
#[test]
fn a_busy_companys_page_still_lists_its_deals() {
    use kith::domain::*;
    let mut w = on_contacts(10);
    let company = {
        let mut store = w.store();
        let company = store
            .create_company(CompanyFields {
                name: "Lindenhof Legal".into(),
                notes: format!("See https://example.com/{}", "x".repeat(200)),
                ..Default::default()
            })
            .unwrap()
            .id;
        let p = store.pipelines().unwrap().remove(0);
        store
            .create_deal(DealFields {
                title: "Café equipment fit-out".into(),
                pipeline_id: p.id,
                stage_id: p.stages[0].id,
                contact_id: None,
                company_id: Some(company),
                amount: Money::new(20_219_00, Currency::EUR),
                probability: None,
                expected_close: None,
                status: DealStatus::Open,
                lost_reason: String::new(),
                owner: String::new(),
                notes: String::new(),
            })
            .unwrap();
        for i in 0..210 {
            let mut note = ActivityFields::new(ActivityKind::Note, Timestamp::now());
            note.subject = format!("Note {i}");
            note.company_id = Some(company);
            store.create_activity(note).unwrap();
        }
        company
    };
    w.send(Message::Navigate(kith::ui::screen::Destination::Company(
        company,
    )));
    w.assert_sees("Lindenhof Legal");
    w.assert_sees("Café equipment fit-out");
    w.assert_not_sees("No deals with this company.");
}

/// Add person on a company's page: Cancel goes back to the company, and the saved person's page
/// goes back there too (both went to the contact list).
#[test]
fn a_person_added_from_a_company_goes_back_to_it() {
    let mut w = on_contacts(10);
    let company = company_named(&w, "Nordlicht Bakery");
    w.send(Message::Navigate(kith::ui::screen::Destination::Company(
        company,
    )));
    w.click("Add person");
    w.assert_sees("New contact");
    w.key(Named::Escape);
    w.assert_sees("People (0)");
    w.click("Add person");
    w.type_into(kith::ui::screen::contact_form::FIRST_FIELD_ID, "Ines");
    w.ctrl("s");
    w.assert_sees("← Company");
    w.key(Named::Escape);
    w.assert_sees("People (1)");
}

/// A deleted company reached through a person's link says it is deleted and offers Restore, not
/// Edit and Delete (Delete did nothing, and nothing said why).
#[test]
fn a_deleted_companys_page_says_so_and_restores_it() {
    let mut w = on_contacts(10);
    let company = company_named(&w, "Nordlicht Bakery");
    w.store().delete(company).unwrap();
    w.send(Message::Navigate(kith::ui::screen::Destination::Company(
        company,
    )));
    w.assert_sees("This company is deleted.");
    w.assert_not_sees("Edit");
    w.click("Restore");
    w.assert_not_sees("This company is deleted.");
    assert!(w.store().company(company).unwrap().deleted_at.is_none());
    w.assert_sees("Edit");
}

/// "Discard your changes?" is answered from the keyboard: Esc keeps editing, Enter discards.
#[test]
fn the_discard_question_is_answered_with_enter() {
    let mut w = on_contacts(10);
    w.ctrl("n");
    w.type_into(kith::ui::screen::contact_form::FIRST_FIELD_ID, "Half");
    w.key(Named::Escape);
    w.assert_sees("Discard your changes?");
    w.assert_sees("Esc keeps editing · Enter discards");
    w.key(Named::Escape);
    w.assert_not_sees("Discard your changes?");
    w.assert_sees("First name");
    w.key(Named::Escape);
    w.key(Named::Enter);
    w.assert_not_sees("Discard your changes?");
    w.assert_not_sees("First name");
    assert_eq!(
        w.store()
            .contacts(&kith::store::ContactQuery {
                text: "Half".into(),
                limit: 5,
                ..Default::default()
            })
            .unwrap()
            .total,
        0
    );
}

/// Ctrl+K shows the first six of a kind and says when there are more (it had shown six of twenty
/// activities with nothing to say so).
#[test]
fn the_search_palette_says_when_a_kind_has_more_hits_than_it_shows() {
    let mut w = on_contacts(200);
    let activities = w
        .store()
        .search("grinder", 50)
        .unwrap()
        .into_iter()
        .filter(|h| h.kind == kith::store::SearchKind::Activity)
        .count();
    assert!(
        activities > 6,
        "the demo talks about grinders: {activities}"
    );
    w.ctrl("k");
    w.type_into(kith::ui::screen::palette::INPUT_ID, "grinder");
    w.assert_sees("Activities · the first 6; add a word to find the others");
    w.replace_in(kith::ui::screen::palette::INPUT_ID, "nobody-by-this-name");
    w.assert_not_sees_part("the first 6");
}

/// Correcting an inbound call leaves the log form as it was for new ones: the next call logged
/// had come out inbound, the corrected one's direction kept unseen.
#[test]
fn correcting_an_inbound_call_leaves_the_next_call_outbound() {
    use kith::domain::{ActivityFields, ActivityKind, Direction, Timestamp};
    let mut w = on_contacts(10);
    let first = first_rows(&w, 1).remove(0);
    let inbound = {
        let mut call = ActivityFields::new(ActivityKind::Call, Timestamp::now());
        call.subject = "Asked about the grinder".into();
        call.direction = Some(Direction::Inbound);
        call.contact_id = Some(first.id);
        w.store().create_activity(call).unwrap().id
    };
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.send(Message::Contact(
        kith::ui::screen::contact::Message::EditActivity(inbound),
    ));
    w.replace_in("log-subject", "Asked about the burr grinder");
    w.click("Save this call");
    w.type_into("log-subject", "Called back");
    w.click("Log call");
    let next = w
        .store()
        .activities_for_contact(first.id, 10)
        .unwrap()
        .into_iter()
        .find(|a| a.fields.subject == "Called back")
        .expect("logged");
    assert_eq!(next.fields.direction, Some(Direction::Outbound));
}

/// A new contact's income starts in the currency most recorded incomes are in (it was always
/// EUR for a business whose customers earn kronor).
#[test]
fn a_new_contacts_income_starts_in_the_usual_currency() {
    use kith::domain::{ContactFields, Currency, Money};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let mut store = kith::store::Store::open(&path).unwrap();
    let sek = Currency::new("SEK").unwrap();
    for first in ["Sven", "Karin"] {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                annual_income: Some(Money::new(480_000_00, sek)),
                ..Default::default()
            })
            .unwrap();
    }
    drop(store);
    let mut w = Window::open(dir, path, |_| {});
    w.click("Contacts");
    w.click("New contact");
    w.assert_sees("SEK");
    // Nothing typed: leaving asks nothing.
    w.click("Companies");
    assert!(!w.app.is_asking_to_discard());
}

/// Enter on a person's page with nothing focused stays on the page: it had opened their
/// company's, so an Enter pressed once too often after deleting an entry with the keyboard left
/// the page. The company is reached through its link (a Tab stop). The timeline says which way a
/// call went: an inbound call logged by mistake could not be seen for what it was.
#[test]
fn enter_stays_on_the_page_and_the_timeline_says_which_way_a_call_went() {
    let mut w = on_contacts(60);
    let at_a_company = first_rows(&w, 60)
        .into_iter()
        .find(|r| r.company.is_some())
        .expect("the demo has people at companies");
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        at_a_company.id,
    )));
    let person = w.app.title();
    w.press(Key::Character("d".into()), Modifiers::ALT);
    w.type_into("log-subject", "Rang about the invoice");
    w.click("Log call");
    w.assert_sees("Rang about the invoice");
    w.assert_sees("Call · Inbound");
    w.key(Named::Enter);
    assert_eq!(w.app.title(), person, "Enter left the person's page");
    let company = at_a_company.company.unwrap();
    w.click(&company);
    assert!(
        w.app.title().starts_with(&company),
        "the company link opened {:?}, not {company}",
        w.app.title()
    );
}

/// Backspace in the empty tag field takes the last tag off (a tag's × is out of Tab's reach);
/// in a field holding text it deletes a letter, as ever.
#[test]
fn backspace_in_the_empty_tag_field_takes_the_last_tag_off() {
    let mut w = on_contacts(60);
    let tagged = first_rows(&w, 60)
        .into_iter()
        .find(|r| r.tags.len() >= 2)
        .expect("the demo tags its customers");
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        tagged.id,
    )));
    w.ctrl("e");
    w.type_into(contact_form::TAG_INPUT_ID, "ab");
    w.press_in(contact_form::TAG_INPUT_ID, Named::Backspace);
    w.press_in(contact_form::TAG_INPUT_ID, Named::Backspace);
    w.ctrl("s");
    let kept = w.store().contact(tagged.id).unwrap().fields.tags;
    assert_eq!(kept, tagged.tags, "letters went, the tags stayed");

    w.ctrl("e");
    w.press_in(contact_form::TAG_INPUT_ID, Named::Backspace);
    w.ctrl("s");
    let kept = w.store().contact(tagged.id).unwrap().fields.tags;
    assert_eq!(kept, tagged.tags[..tagged.tags.len() - 1]);
}

/// A deal on a person's timeline opens in its form, and closing the form comes back to the
/// person: a deal had no way in from a contact's page at all.
#[test]
fn a_deal_on_the_timeline_opens_its_form_and_closing_it_comes_back() {
    let mut w = Window::empty();
    w.click("Start empty");
    let mut store = w.store();
    let ada = store
        .create_contact(kith::domain::ContactFields {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let pipeline = store.ensure_default_pipeline().unwrap();
    let amount = kith::domain::Money::new(1_000_00, kith::domain::Currency::EUR);
    store
        .create_deal(kith::domain::DealFields {
            contact_id: Some(ada),
            ..common::open_deal(&pipeline, 0, "Analytical engine", amount)
        })
        .unwrap();
    drop(store);
    w.click("Contacts");
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        ada,
    )));
    w.assert_sees("← Contacts");
    w.assert_sees("Analytical engine");
    w.click("Open");
    w.assert_sees("Edit deal");
    w.key(Named::Escape);
    assert!(
        w.app.title().starts_with("Ada Lovelace"),
        "{}",
        w.app.title()
    );
    // The page as it was, its way back included (it had become "← Pipeline").
    w.assert_sees("← Contacts");
}

/// Enter in the search opens the first contact whose name the search names: the search finds
/// owners too, and "weber" had opened a customer of Jonas Weber's sorted before Lena Weber.
#[test]
fn enter_in_the_search_opens_the_person_named_before_one_found_by_owner() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    {
        let mut store = kith::store::Store::open(&path).unwrap();
        for (first, last, owner) in [("Anna", "Adams", "Jonas Weber"), ("Lena", "Weber", "")] {
            store
                .create_contact(kith::domain::ContactFields {
                    first_name: first.into(),
                    last_name: last.into(),
                    owner: owner.into(),
                    ..Default::default()
                })
                .unwrap();
        }
    }
    let mut w = Window::open(dir, path, |_| {});
    w.click("Contacts");
    w.type_into(contacts::SEARCH_ID, "weber");
    w.assert_sees("2 contacts");
    w.send(Message::Contacts(contacts::Message::SearchSubmitted));
    w.assert_sees("← Contacts");
    w.assert_sees("Lena Weber");
    w.assert_not_sees("Anna Adams");
}

/// The tag and stage filters are keyboard stops stepped with the arrows: a keyboard user could
/// not filter the list at all.
#[test]
fn the_list_filters_are_chosen_with_the_arrows() {
    let mut w = on_contacts(60);
    w.assert_sees("60 contacts");
    w.press_in(contacts::STAGE_FILTER_ID, Named::ArrowDown);
    let first_stage = kith::domain::LifecycleStage::ALL[0];
    let expected = w
        .store()
        .contacts(&ContactQuery {
            lifecycle: Some(first_stage),
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .total;
    assert!(expected < 60);
    w.assert_sees(&if expected == 1 {
        "1 contact".to_string()
    } else {
        format!("{expected} contacts")
    });
    w.press_in(contacts::STAGE_FILTER_ID, Named::ArrowUp);
    w.assert_sees("60 contacts");
}

#[test]
fn the_company_filter_takes_the_keyboard_by_its_id_and_enter_picks_what_was_typed() {
    let mut w = on_contacts(60);
    let company = w
        .store()
        .companies("", kith::store::SortDir::Asc, 0, 1)
        .unwrap()
        .rows
        .remove(0);
    w.type_and_press_in(contacts::COMPANY_FILTER_ID, &company.name, Named::Enter);
    w.assert_sees(&format!("× {}", company.name));
}

/// Back in the list after another window added people above the one opened, the selection is
/// still on them: it had stayed on the place, and Enter opened whoever was there now.
#[test]
fn the_selection_stays_with_the_person_when_people_are_added_above() {
    let mut w = Window::demo(60);
    w.click("Contacts");
    w.key(Named::ArrowDown);
    w.key(Named::ArrowDown);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    let opened = w.app.title();
    assert!(
        !opened.starts_with("Contacts"),
        "a contact is open: {opened}"
    );

    // The window's first look at the file, which the next one compares with.
    w.send(kith::ui::app::Message::Poll);
    let mut elsewhere = w.store();
    for first in ["Aaron", "Abel"] {
        elsewhere
            .create_contact(kith::domain::ContactFields {
                first_name: first.into(),
                last_name: "Aardvark".into(),
                ..Default::default()
            })
            .unwrap();
    }
    drop(elsewhere);
    w.send(kith::ui::app::Message::Poll);
    w.key(Named::Escape);
    w.assert_sees("Aaron Aardvark");
    w.key(Named::Enter);
    assert_eq!(w.app.title(), opened);
}
