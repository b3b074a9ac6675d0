//! The tickets section as a support agent uses it: the queue, a new ticket, replying, resolving with
//! a rating, and the SLA hours, through clicks, typing and keys on a real demo workspace.

mod ui_harness;

use iced::keyboard::key::Named;
use kith::domain::ticket::TicketSort;
use kith::domain::*;
use kith::store::{ContactQuery, SortDir, TicketQuery, TicketRow};
use kith::ui::Message;
use kith::ui::screen::tickets::{self, StatusFilter, detail, queue};
use ui_harness::Window;

const ACTIVE: [TicketStatus; 3] = [TicketStatus::New, TicketStatus::Open, TicketStatus::Pending];

/// The queue as it first shows: active tickets, soonest deadline first.
fn queue_rows(w: &Window) -> Vec<TicketRow> {
    w.store()
        .tickets(&TicketQuery {
            statuses: ACTIVE.to_vec(),
            sort: Some((TicketSort::SlaDue, SortDir::Asc)),
            limit: 500,
            ..TicketQuery::default()
        })
        .unwrap()
        .rows
}

fn count_label(n: usize) -> String {
    if n == 1 {
        "1 ticket".into()
    } else {
        format!("{n} tickets")
    }
}

fn tickets_window() -> Window {
    let mut w = Window::demo(100);
    w.click("Tickets");
    w
}

/// How many active tickets are past their deadline now, as the file says.
fn overdue_now(w: &Window) -> usize {
    w.store()
        .tickets(&TicketQuery {
            statuses: ACTIVE.to_vec(),
            overdue_at: Some(Timestamp::now()),
            limit: 1,
            ..TicketQuery::default()
        })
        .unwrap()
        .total as usize
}

/// The contact the contact list shows first.
fn first_contact(w: &Window) -> kith::store::ContactRow {
    w.store()
        .contacts(&ContactQuery {
            limit: 1,
            ..ContactQuery::default()
        })
        .unwrap()
        .rows
        .remove(0)
}

/// Narrows the queue to the closed tickets and returns how many there are, as the queue shows.
fn show_closed(w: &mut Window) -> usize {
    let closed = w
        .store()
        .tickets(&TicketQuery {
            statuses: vec![TicketStatus::Closed],
            limit: 1,
            ..TicketQuery::default()
        })
        .unwrap()
        .total as usize;
    w.send(Message::Tickets(tickets::Message::Queue(
        queue::Message::StatusPicked(StatusFilter::One(TicketStatus::Closed)),
    )));
    w.assert_sees(&count_label(closed));
    closed
}

#[test]
fn resolving_a_ticket_with_a_rating_saves_the_rating_and_the_feedback() {
    let mut w = tickets_window();
    let rows = queue_rows(&w);
    assert!(!rows.is_empty(), "the demo has active tickets");
    w.assert_sees(&count_label(rows.len()));
    let first = rows[0].clone();

    // Keyboard: select the first row and open it.
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.assert_sees(&first.subject);
    w.assert_sees("Resolve…");
    w.assert_not_sees("Reopen");

    w.click("Resolve…");
    w.assert_sees("How satisfied is the customer?");
    w.click("4 ★");
    w.type_into(tickets::RESOLVE_FEEDBACK_ID, "Fixed on the first call");
    w.click("Resolve ticket");

    let saved = w.store().ticket(first.id).unwrap();
    assert_eq!(saved.fields.status, TicketStatus::Resolved);
    assert_eq!(saved.fields.satisfaction, Some(4));
    assert_eq!(saved.fields.feedback, "Fixed on the first call");
    assert!(saved.resolved_at.is_some());
    w.assert_sees("★★★★☆ 4 of 5");
    w.assert_sees("Fixed on the first call");
    w.assert_sees(&format!("Resolve ticket {} (4 ★)", first.subject));
    // From resolved the workflow allows only reopening or closing.
    w.assert_sees("Reopen");
    w.assert_sees("Close ticket…");
    w.assert_not_sees("Resolve…");
    w.assert_not_sees("Mark pending");
    w.assert_sees("Send reply");

    // Closed: the thread is kept as it ended, with no reply box, and the priority is fixed.
    // Closing cannot be taken back, so it is asked; Esc keeps the ticket as it is.
    w.click("Close ticket…");
    w.assert_sees("Keep it open");
    w.key(Named::Escape);
    w.assert_sees("Close ticket…");
    // Alt+C asks as the button does (it had closed for good at once).
    w.press(
        iced::keyboard::Key::Character("c".into()),
        iced::keyboard::Modifiers::ALT,
    );
    w.assert_sees("Keep it open");
    assert_eq!(
        w.store().ticket(first.id).unwrap().fields.status,
        TicketStatus::Resolved
    );
    w.click("Close for good");
    assert_eq!(
        w.store().ticket(first.id).unwrap().fields.status,
        TicketStatus::Closed
    );
    w.assert_sees("This ticket is closed: its conversation is kept as it ended.");
    w.assert_not_sees("Send reply");
    w.assert_not_sees_part("changing it moves the deadline");
    w.assert_not_sees("Assign");

    // Escape goes back to the queue, which no longer lists the resolved ticket.
    w.key(Named::Escape);
    w.assert_sees(&count_label(rows.len() - 1));
}

#[test]
fn cancelling_the_rating_leaves_the_ticket_as_it_was() {
    let mut w = tickets_window();
    let first = queue_rows(&w).remove(0);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.click("Resolve…");
    w.click("2 ★");
    w.click("Cancel");
    w.assert_not_sees("How satisfied is the customer?");
    let t = w.store().ticket(first.id).unwrap();
    assert_eq!(t.fields.status, first.status);
    assert_eq!(t.fields.satisfaction, None);
}

#[test]
fn a_new_ticket_is_opened_from_the_keyboard_with_a_contact_found_by_name() {
    let mut w = tickets_window();
    let before = w
        .store()
        .tickets(&TicketQuery {
            limit: 1,
            ..TicketQuery::default()
        })
        .unwrap()
        .total;
    let person = first_contact(&w);

    w.ctrl("n");
    w.assert_sees("New ticket");
    w.type_into(tickets::SUBJECT_ID, "Steam wand drips");
    // Part of the name finds them; the suggestion shows the whole name.
    let surname = person.name.split_whitespace().last().unwrap().to_string();
    w.type_into(tickets::CONTACT_ID, &surname);
    w.click(&person.name);
    w.assert_sees(&format!("✓ {} is linked to this ticket", person.name));
    w.click("Urgent");
    w.assert_sees("To be resolved within 2 h of opening");
    w.type_into(tickets::FIRST_MESSAGE_ID, "It drips when closed.");
    w.ctrl("s");

    let store = w.store();
    let newest = store
        .tickets(&TicketQuery {
            limit: 1,
            ..TicketQuery::default()
        })
        .unwrap();
    assert_eq!(newest.total, before + 1);
    let t = store.ticket(newest.rows[0].id).unwrap();
    assert_eq!(t.fields.subject, "Steam wand drips");
    assert_eq!(t.fields.priority, Priority::Urgent);
    assert_eq!(t.fields.status, TicketStatus::New);
    assert_eq!(t.fields.sla_due_at, Some(t.created_at.plus_hours(2)));
    assert_eq!(
        newest.rows[0].contact.as_deref(),
        Some(person.name.as_str())
    );
    let thread = store.ticket_messages(t.id).unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].body, "It drips when closed.");
    assert_eq!(thread[0].direction, Direction::Inbound);
    // The new ticket is shown, and the change can be undone by name.
    w.assert_sees("Steam wand drips");
    w.assert_sees("Open ticket Steam wand drips");

    // Undo takes the whole new ticket back, message and all.
    w.ctrl("z");
    assert!(w.store().ticket(t.id).unwrap().deleted_at.is_some());
    w.assert_sees("This ticket is deleted; undo or redo (Ctrl+Z, Ctrl+Shift+Z) can bring it back.");
}

#[test]
fn a_new_ticket_needs_a_subject_and_a_picked_contact() {
    let mut w = tickets_window();
    w.click("New ticket");
    w.type_into(tickets::CONTACT_ID, "zzqx");
    w.click("Open ticket");
    w.assert_sees("Subject must not be empty");
    // Nobody is called "zzqx": the message does not ask to choose among people found.
    w.assert_sees(
        "No contact picked: nobody is found for \"zzqx\"; check the name, add the contact \
         first, or clear the field",
    );
    // A contact typed is typing too: leaving asks first.
    w.key(Named::Escape);
    w.assert_sees("Discard your changes?");
    w.click("Discard changes");
    w.assert_sees("Tickets");
    w.assert_sees("SLA hours");
}

#[test]
fn replying_adds_an_outbound_message_and_stamps_the_first_response() {
    let mut w = tickets_window();
    let first = queue_rows(&w).remove(0);
    let messages_before = w.store().ticket_messages(first.id).unwrap().len();
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.type_into(tickets::REPLY_ID, "A new burr is on its way.");
    w.click("Send reply");

    let thread = w.store().ticket_messages(first.id).unwrap();
    assert_eq!(thread.len(), messages_before + 1);
    let last = thread.last().unwrap();
    assert_eq!(last.body, "A new burr is on its way.");
    assert_eq!(last.direction, Direction::Outbound);
    // Signed by the one writing (the name the change log records), not by the assignee.
    let assignee = w.store().ticket(first.id).unwrap().fields.assignee;
    assert_eq!(last.author, w.store().actor());
    assert!(assignee.is_empty() || last.author != assignee, "{assignee}");
    assert!(
        w.store()
            .ticket(first.id)
            .unwrap()
            .first_response_at
            .is_some()
    );
    w.assert_sees("A new burr is on its way.");

    // An empty reply is refused with a note, not sent.
    w.click("Send reply");
    w.assert_sees("Write the message first.");
    assert_eq!(
        w.store().ticket_messages(first.id).unwrap().len(),
        messages_before + 1
    );
}

/// A reply the store refuses (the ticket was closed in another window meanwhile) stays in the box
/// with why, and the page shows the ticket as it now is: the text had been thrown away and the
/// page kept offering the reply box of an open ticket.
#[test]
fn a_reply_that_cannot_be_sent_is_kept_with_why() {
    let mut w = tickets_window();
    let first = queue_rows(&w).remove(0);
    let messages_before = w.store().ticket_messages(first.id).unwrap().len();
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.assert_sees("Close ticket…");
    let mut elsewhere = w.store();
    let mut closed = elsewhere.ticket(first.id).unwrap().fields;
    closed.status = TicketStatus::Closed;
    elsewhere.update_ticket(first.id, closed).unwrap();

    w.type_into(tickets::REPLY_ID, "A long careful reply about descaling.");
    w.ctrl("s");
    w.assert_sees(&format!(
        "Not sent: ticket #{} is closed; open a new ticket if the customer needs more help",
        first.id.0
    ));
    w.assert_not_sees("Close ticket…");
    // The text is still in the box: sending again is refused for the same reason, not for an
    // empty box.
    w.click("Send reply");
    w.assert_not_sees("Write the message first.");
    w.assert_sees_part("Not sent: ticket #");
    assert_eq!(
        w.store().ticket_messages(first.id).unwrap().len(),
        messages_before
    );
}

#[test]
fn raising_the_priority_moves_the_deadline_by_the_sla_rule() {
    let mut w = tickets_window();
    let row = queue_rows(&w)
        .into_iter()
        .find(|r| r.priority != Priority::Urgent)
        .expect("a ticket that is not urgent");
    w.send(Message::Tickets(tickets::Message::Queue(
        queue::Message::Clicked(0, row.id),
    )));
    w.assert_sees(&row.subject);
    w.send(Message::Tickets(tickets::Message::Ticket(
        detail::Message::PriorityPicked(Priority::Urgent),
    )));
    let t = w.store().ticket(row.id).unwrap();
    assert_eq!(t.fields.priority, Priority::Urgent);
    assert_eq!(t.fields.sla_due_at, Some(t.created_at.plus_hours(2)));
    w.assert_sees("2 h to resolve; changing it moves the deadline");
}

#[test]
fn the_overdue_toggle_and_filters_narrow_the_queue_and_headers_sort_it() {
    let mut w = tickets_window();
    let overdue = overdue_now(&w);
    let all = queue_rows(&w).len();
    // There before any filter, idle: appearing with the first one, it moved the others.
    assert!(w.sees("Clear filters"));
    w.click("Clear filters");
    assert_eq!(queue_rows(&w).len(), all);
    w.click("Overdue only");
    w.assert_sees(&count_label(overdue));
    w.click("Clear filters");
    w.assert_sees(&count_label(all));

    show_closed(&mut w);

    w.click("Priority");
    w.assert_sees("Priority ▲");
    w.click("Priority ▲");
    w.assert_sees("Priority ▼");
}

#[test]
fn the_queue_shows_support_figures() {
    let mut w = tickets_window();
    let f = w.store().ticket_figures(Timestamp::now()).unwrap();
    w.assert_sees("Open by priority");
    w.assert_sees("First response");
    let average = f.csat_average.expect("the demo has ratings");
    w.assert_sees(&format!("{average:.1} / 5"));
    w.assert_sees(&format!("from {} ratings", f.csat_ratings));
}

/// Without a mouse: Alt+R asks for the rating, ↑ ↓ choose the stars, Ctrl+S resolves.
#[test]
fn a_rating_is_given_from_the_keyboard() {
    use iced::keyboard::{Key, Modifiers};
    let mut w = tickets_window();
    let first = queue_rows(&w)[0].clone();
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.press(Key::Character("r".into()), Modifiers::ALT);
    w.assert_sees("No rating");
    for _ in 0..3 {
        w.key(Named::ArrowUp);
    }
    w.assert_sees("★★★☆☆ 3 of 5");
    w.key(Named::ArrowDown);
    w.assert_sees("★★☆☆☆ 2 of 5");
    w.ctrl("s");
    let saved = w.store().ticket(first.id).unwrap();
    assert_eq!(saved.fields.status, TicketStatus::Resolved);
    assert_eq!(saved.fields.satisfaction, Some(2));
}

#[test]
fn sla_hours_are_edited_checked_and_used_for_new_tickets() {
    let mut w = tickets_window();
    w.click("SLA hours");
    // Changed hours are not dropped by the button that opened them (they were, silently): the
    // card asks to save or cancel, and Cancel drops them.
    w.replace_in(tickets::hours_id(Priority::Low), "120");
    w.click("SLA hours");
    w.assert_sees_part("The hours are changed: save them, or cancel");
    w.click("Cancel");
    w.assert_not_sees("Save SLA hours");
    assert_eq!(w.store().sla_policy().unwrap(), SlaPolicy::default());
    // Hours typed stay while a ticket is open from the queue; leaving from the ticket names them.
    w.click("SLA hours");
    w.replace_in(tickets::hours_id(Priority::Low), "120");
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.click("Contacts");
    w.assert_sees("The SLA hours typed in the ticket queue are not saved. Leaving now loses them.");
    w.click("Keep editing");
    w.click("← Tickets");
    w.click("Cancel");
    w.click("SLA hours");
    // Every wrong field is named at once, under itself: one that does not parse and one the
    // policy refuses.
    w.replace_in(tickets::hours_id(Priority::Low), "0");
    w.replace_in(tickets::hours_id(Priority::High), "1,5");
    w.click("Save SLA hours");
    w.assert_sees("Must be between 1 and 8760");
    w.assert_sees("\"1,5\" is not a whole number of hours");
    assert_eq!(w.store().sla_policy().unwrap(), SlaPolicy::default());
    // A rule between two fields says itself as a sentence, not "is not allowed: high …".
    w.replace_in(tickets::hours_id(Priority::Low), "96");
    w.replace_in(tickets::hours_id(Priority::High), "300");
    w.click("Save SLA hours");
    w.assert_sees("High tickets cannot get longer than normal ones");
    w.replace_in(tickets::hours_id(Priority::High), "8");

    w.replace_in(tickets::hours_id(Priority::Low), "96");
    w.replace_in(tickets::hours_id(Priority::Urgent), "1");
    w.click("Save SLA hours");
    let policy = w.store().sla_policy().unwrap();
    assert_eq!(policy.hours(Priority::Urgent), 1);
    assert_eq!(policy.hours(Priority::Low), 96);
    w.assert_not_sees("Save SLA hours");
    // Said, as every change is (there is no Undo for a setting).
    w.assert_sees_part("SLA hours saved: Urgent 1 h, High 8 h");

    w.click("New ticket");
    w.click("Urgent");
    w.assert_sees("To be resolved within 1 h of opening");
}

#[test]
fn the_contact_link_opens_the_person() {
    let mut w = tickets_window();
    let row = queue_rows(&w)
        .into_iter()
        .find(|r| r.contact.is_some())
        .expect("a ticket with a contact");
    let name = row.contact.clone().unwrap();
    w.send(Message::Tickets(tickets::Message::Queue(
        queue::Message::Clicked(0, row.id),
    )));
    w.click(&format!("{name} →"));
    w.assert_sees("Timeline");
    w.assert_sees(&name);
}

/// Back from the customer's page opened from a ticket is the ticket, and Esc from there the
/// queue as it was sorted: both had gone, the queue back to its default sort.
#[test]
fn back_from_the_customer_is_the_ticket_with_the_queue_as_left() {
    let mut w = tickets_window();
    w.click("Priority");
    w.assert_sees("Priority ▲");
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.assert_sees("Send reply");
    let row = queue_rows(&w)
        .into_iter()
        .find(|r| r.contact.is_some() && w.sees(&r.subject))
        .expect("the open ticket, with a contact");
    let name = row.contact.clone().unwrap();
    w.click(&format!("{name} →"));
    w.assert_sees("Timeline");
    w.click("← Ticket");
    w.assert_sees(&row.subject);
    w.assert_sees("Send reply");
    w.key(Named::Escape);
    w.assert_sees("Priority ▲");
}

#[test]
fn leaving_a_half_written_ticket_asks_first() {
    let mut w = Window::demo(40);
    w.click("Tickets");
    w.ctrl("n");
    w.type_into(kith::ui::screen::tickets::SUBJECT_ID, "Grinder jams");
    w.click("Contacts");
    w.assert_sees("Discard your changes?");
    w.click("Keep editing");
    w.assert_sees("Grinder jams");
    w.click("Contacts");
    w.click("Discard changes");
    w.assert_sees("40 contacts");
}

#[test]
fn status_moves_work_from_the_keyboard() {
    use iced::keyboard::{Key, Modifiers};
    let mut w = tickets_window();
    let first = queue_rows(&w)[0].clone();
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    let status = w.store().ticket(first.id).unwrap().fields.status;
    let to = *status
        .next_statuses()
        .iter()
        .find(|s| matches!(s, TicketStatus::Open | TicketStatus::Pending))
        .expect("an active ticket can move to open or pending");
    let key = if to == TicketStatus::Open { "o" } else { "p" };
    w.press(Key::Character(key.into()), Modifiers::ALT);
    assert_eq!(w.store().ticket(first.id).unwrap().fields.status, to);

    w.press(Key::Character("r".into()), Modifiers::ALT);
    w.assert_sees("How satisfied is the customer?");
    w.key(Named::Escape);
    w.assert_not_sees("How satisfied is the customer?");
}

#[test]
fn a_rating_added_later_keeps_the_feedback_given_on_resolving() {
    let mut w = tickets_window();
    let first = queue_rows(&w).remove(0);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.click("Resolve…");
    w.type_into(tickets::RESOLVE_FEEDBACK_ID, "ok");
    w.click("Resolve ticket");
    assert_eq!(
        w.store().ticket(first.id).unwrap().fields.satisfaction,
        None
    );

    w.click("Add the customer's rating");
    // The form shows what the customer already said.
    w.assert_sees("ok");
    w.click("5 ★");
    w.click("Save rating");
    let t = w.store().ticket(first.id).unwrap();
    assert_eq!(t.fields.satisfaction, Some(5));
    assert_eq!(t.fields.feedback, "ok");
}

#[test]
fn a_reply_typed_and_not_sent_is_not_dropped_without_asking() {
    let mut w = tickets_window();
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.type_into(tickets::REPLY_ID, "We will send a technician on Monday");
    w.key(Named::Escape);
    w.assert_sees("Discard your changes?");
    // The question says what would be lost: a reply, not "this form".
    w.assert_sees("The reply you typed has not been sent. Leaving now loses it.");
    w.click("Keep editing");
    // Still there: leaving asks again.
    w.click("Contacts");
    w.assert_sees("Discard your changes?");
    w.click("Discard changes");
    w.assert_sees("100 contacts");

    // Escape on a new ticket with a subject typed asks too.
    w.click("Tickets");
    w.ctrl("n");
    w.type_into(tickets::SUBJECT_ID, "Grinder jams");
    w.key(Named::Escape);
    w.assert_sees("Discard your changes?");
}

#[test]
fn a_ticket_found_by_search_opens_its_own_page_even_without_a_contact() {
    let mut w = tickets_window();
    let mut store = w.store();
    let orphan = store
        .create_ticket(TicketFields::new("Orphan zebra grinder", None))
        .unwrap();
    drop(store);
    w.click("Contacts");
    w.ctrl("k");
    w.type_into(kith::ui::screen::palette::INPUT_ID, "zebra");
    w.key(Named::Enter);
    w.assert_sees("Orphan zebra grinder");
    w.assert_sees("Resolve…");
    w.assert_not_sees_part("not linked to a contact");
    assert_eq!(orphan.fields.contact_id, None);
}

/// Back from Export… (after exporting, or Cancel) the queue is as it was left: its filter had gone
/// back to the active tickets by deadline.
#[test]
fn the_queue_keeps_its_filters_across_an_export() {
    let mut w = tickets_window();
    let all = queue_rows(&w).len();
    let closed = show_closed(&mut w);
    assert_ne!(closed, all);
    w.click("Export…");
    w.click("Cancel");
    w.assert_sees(&count_label(closed));
    let csv = w.dir.path().join("tickets.csv");
    w.click("Export…");
    w.replace_in(
        kith::ui::screen::export::PATH_ID,
        &csv.display().to_string(),
    );
    w.click("Export");
    w.assert_sees_part("Exported");
    w.assert_sees(&count_label(closed));
    assert!(csv.exists());
}

/// A ticket in a contact's timeline opens the ticket's page (it had been plain text: clicking it
/// did nothing, and the ticket was found only through the queue).
#[test]
fn a_ticket_in_a_contacts_timeline_opens_the_ticket() {
    let mut w = tickets_window();
    let ticket = queue_rows(&w)
        .into_iter()
        .find_map(|row| {
            let t = w.store().ticket(row.id).unwrap();
            t.fields.contact_id.map(|c| (t, c))
        })
        .expect("a demo ticket about a contact");
    let (ticket, contact) = ticket;
    w.size = Some(iced::Size::new(1400.0, 2400.0));
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        contact,
    )));
    w.assert_sees("Timeline");
    w.assert_sees(&ticket.fields.subject);
    w.click("Open");
    w.assert_sees("Send reply");
    w.assert_sees_part(&ticket.fields.subject);
    w.assert_not_sees("Timeline");
    // Back returns to the person it was opened from, by name.
    let name = w.store().contact(contact).unwrap().fields.full_name();
    w.click(&format!("← {name}"));
    w.assert_sees("Timeline");
    w.assert_sees(&ticket.fields.subject);
}

/// In a 1024-pixel window the details card puts each value under its label: beside it, the
/// assignee's field was 75 pixels wide ("Sam Okaf"). Wide, they stand side by side.
#[test]
fn a_narrow_ticket_page_puts_its_details_under_their_labels() {
    let mut w = tickets_window();
    let ticket = queue_rows(&w)
        .into_iter()
        .find_map(|row| {
            let t = w.store().ticket(row.id).unwrap();
            t.fields.contact_id.map(|_| t)
        })
        .expect("a demo ticket about a contact");
    w.send(Message::Navigate(kith::ui::screen::Destination::Ticket(
        ticket.id,
    )));
    let due = kith::ui::widget::local_time(ticket.fields.sla_due_at.expect("a deadline"));
    let name = |w: &mut Window| {
        let label = w.top_of("SLA due").expect("the label");
        let value = w.top_of(&due).expect("the deadline");
        (label, value)
    };
    w.size = Some(iced::Size::new(1024.0, 700.0));
    let (label, value) = name(&mut w);
    assert!(value > label + 10.0, "label at {label}, value at {value}");
    w.size = Some(iced::Size::new(1400.0, 900.0));
    let (label, value) = name(&mut w);
    assert!(
        (value - label).abs() < 10.0,
        "label at {label}, value at {value}"
    );
}

/// A contact's page opens a new ticket about them, the contact already linked: the customer on
/// the phone need not be found again in the ticket form.
#[test]
fn a_new_ticket_from_a_contacts_page_is_about_them() {
    let mut w = tickets_window();
    let person = first_contact(&w);
    w.send(Message::Navigate(kith::ui::screen::Destination::Contact(
        person.id,
    )));
    w.click("New ticket");
    w.assert_sees(&format!("✓ {} is linked to this ticket", person.name));
    // Left at once: nothing of the user's to lose, and back to the person, not the queue.
    w.key(Named::Escape);
    w.assert_not_sees("Discard your changes?");
    w.assert_sees("Timeline");
    w.assert_sees("New ticket");
    w.click("New ticket");
    w.type_into(tickets::SUBJECT_ID, "Grinder hums but does not turn");
    w.ctrl("s");
    let newest = w
        .store()
        .tickets(&TicketQuery {
            limit: 1,
            ..TicketQuery::default()
        })
        .unwrap();
    let t = w.store().ticket(newest.rows[0].id).unwrap();
    assert_eq!(t.fields.subject, "Grinder hums but does not turn");
    assert_eq!(t.fields.contact_id, Some(person.id));
    w.assert_sees("Open ticket Grinder hums but does not turn");
}

/// "Overdue only" is overdue as of each reading of the queue: it had kept the moment it was
/// switched on, and a ticket falling overdue since was counted in the figures but not listed.
#[test]
fn a_ticket_falling_overdue_while_the_filter_is_on_is_listed_on_the_next_reading() {
    let mut w = tickets_window();
    // An active ticket not yet late (at some hours every one of the demo's is: due in an hour).
    let late = queue_rows(&w)
        .into_iter()
        .find(|t| t.sla_due_at.is_some())
        .expect("an active ticket with a deadline");
    rusqlite::Connection::open(w.store().path())
        .unwrap()
        .execute(
            "UPDATE tickets SET sla_due_at = ?1 WHERE id = ?2",
            rusqlite::params![Timestamp::now().plus_hours(1).0, late.id.0],
        )
        .unwrap();
    w.click("Overdue only");
    let before = overdue_now(&w);
    w.assert_sees(&count_label(before));
    // It falls due after the filter was switched on, while the list is shown (times are whole
    // seconds).
    let second = std::time::Duration::from_millis(1100);
    std::thread::sleep(second);
    rusqlite::Connection::open(w.store().path())
        .unwrap()
        .execute(
            "UPDATE tickets SET sla_due_at = ?1 WHERE id = ?2",
            rusqlite::params![Timestamp::now().0, late.id.0],
        )
        .unwrap();
    std::thread::sleep(second);
    assert_eq!(overdue_now(&w), before + 1);
    // The minute's tick reads the queue on show again: the row's own pill had said "Overdue"
    // while the list and its late count left it out until something else read them.
    w.send(Message::Tick);
    w.assert_sees(&count_label(before + 1));
    // Any reading of the queue — here a sort by priority — lists it.
    w.click("Priority");
    w.assert_sees(&count_label(before + 1));
}

/// A ticket opened from the search palette leaves the queue as it was: its filters had gone back
/// to the active tickets by deadline.
#[test]
fn a_ticket_opened_from_search_keeps_the_queues_filters() {
    let mut w = tickets_window();
    let closed = show_closed(&mut w);
    let mut store = w.store();
    store
        .create_ticket(TicketFields::new("Zebra grinder hums", None))
        .unwrap();
    drop(store);
    w.ctrl("k");
    w.type_into(kith::ui::screen::palette::INPUT_ID, "zebra");
    w.key(Named::Enter);
    w.assert_sees("Zebra grinder hums");
    w.key(Named::Escape);
    w.assert_sees(&count_label(closed));
}

/// An assignee is a person's name: a page pasted into the field is refused under it, not saved to
/// spread over the queue's menus and push the team's quick picks out of sight.
#[test]
fn a_pasted_page_is_not_taken_as_an_assignee() {
    let mut w = tickets_window();
    let before = w.store().tickets(&TicketQuery::default()).unwrap().total;
    w.click("New ticket");
    w.type_into(tickets::SUBJECT_ID, "Grinder hums");
    w.type_into(tickets::ASSIGNEE_ID, &"Lena Novak ".repeat(40));
    w.click("Open ticket");
    w.assert_sees("Assignee is longer than 200 characters");
    assert_eq!(
        w.store().tickets(&TicketQuery::default()).unwrap().total,
        before
    );
    w.replace_in(tickets::ASSIGNEE_ID, "Lena Novak");
    w.assert_not_sees("Assignee is longer than 200 characters");
}

/// Back from a new ticket opened on a contact's page, the page is as it was: its Back had become
/// "← Tickets" and led to the queue.
#[test]
fn leaving_a_new_ticket_keeps_the_contact_pages_way_back() {
    let mut w = Window::demo(60);
    w.click("Contacts");
    let person = first_contact(&w);
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.assert_sees(&person.name);
    w.assert_sees("← Contacts");
    w.click("New ticket");
    w.key(Named::Escape);
    w.assert_sees("Timeline");
    w.assert_sees("← Contacts");
    w.assert_not_sees("← Tickets");
}

/// ↑ ↓ choose among the people the contact field offers and Enter links the one chosen: Enter
/// always linked the first, so of two people of one name only the first could be reached from the
/// keyboard.
#[test]
fn the_arrows_choose_which_person_enter_links() {
    let mut w = tickets_window();
    let offered = w
        .store()
        .contact_suggestions(&ContactQuery {
            text: "a".into(),
            scope: kith::store::TextScope::Identity,
            limit: 6,
            ..ContactQuery::default()
        })
        .unwrap();
    assert!(
        offered.len() >= 3,
        "the demo offers several people for \"a\""
    );
    w.ctrl("n");
    w.type_into(tickets::CONTACT_ID, "a");
    w.assert_sees(&offered[2].name);
    w.key(Named::ArrowDown);
    w.key(Named::ArrowDown);
    w.key(Named::ArrowDown);
    w.key(Named::ArrowUp);
    w.submit_in(tickets::CONTACT_ID);
    w.assert_sees(&format!("✓ {} is linked to this ticket", offered[2].name));
}

/// A ticket's company (its contact's when it was opened) is on its page and opens the company:
/// kept with the ticket and named by its export, it was shown nowhere in the window.
#[test]
fn a_tickets_company_is_shown_and_opens() {
    let mut w = tickets_window();
    let store = w.store();
    let rows = store
        .tickets(&TicketQuery {
            limit: 500,
            ..TicketQuery::default()
        })
        .unwrap()
        .rows;
    let (ticket, company) = rows
        .iter()
        .find_map(|r| {
            let t = store.ticket(r.id).unwrap();
            t.fields
                .company_id
                .map(|c| (t.id, store.company(c).unwrap()))
        })
        .expect("the demo has tickets from people at companies");
    drop(store);
    w.send(Message::Navigate(kith::ui::screen::Destination::Ticket(
        ticket,
    )));
    w.assert_sees("Company");
    let link = format!("{} →", company.fields.name);
    w.click(&link);
    assert!(
        w.app.title().starts_with(&company.fields.name),
        "opened {:?}",
        w.app.title()
    );
}

/// A new workspace's empty queue says there are no tickets yet, not that resolved and closed
/// ones are under "Any status".
#[test]
fn an_empty_queue_says_whether_any_ticket_exists() {
    let mut w = Window::empty();
    w.click("Start empty");
    w.send(Message::Navigate(kith::ui::screen::Destination::Section(
        kith::ui::screen::Section::Tickets,
    )));
    w.assert_sees("No tickets yet");
    w.assert_not_sees("Nothing waiting");
}

/// The queue's filters are keyboard stops: the status stepped with the arrows, "Overdue only"
/// pressed with Enter (a keyboard user only ever saw the active tickets).
#[test]
fn the_queue_filters_are_reached_from_the_keyboard() {
    let mut w = tickets_window();
    let all = w
        .store()
        .tickets(&TicketQuery {
            limit: 1,
            ..TicketQuery::default()
        })
        .unwrap()
        .total as usize;
    assert!(all > queue_rows(&w).len(), "closed tickets too");
    w.press_in(tickets::STATUS_FILTER_ID, Named::ArrowDown);
    w.assert_sees(&count_label(all));
}

/// Enter in the queue's search opens the first ticket it finds, however fast it follows the
/// typing: it had opened the ticket selected before the search (another customer's), or, once the
/// list had caught up, nothing.
#[test]
fn enter_in_the_search_opens_what_it_finds_not_what_was_selected() {
    let mut w = tickets_window();
    let rows = queue_rows(&w);
    let wanted = rows.last().expect("active tickets").clone();
    let mut store = w.store();
    let mut fields = store.ticket(wanted.id).unwrap().fields;
    fields.subject = "Zebrawood grinder rattles".into();
    store.update_ticket(wanted.id, fields).unwrap();
    drop(store);
    w.send(Message::Poll);
    w.key(Named::ArrowDown);
    w.key(Named::ArrowDown);
    w.type_and_press_in(queue::SEARCH_ID, "zebrawood", Named::Enter);
    w.assert_sees("Zebrawood grinder rattles");
    w.assert_sees("Send reply");
    // The list caught up first: Enter still opens what it shows.
    w.key(Named::Escape);
    w.replace_in(queue::SEARCH_ID, "zebrawood gr");
    w.assert_sees("1 ticket");
    w.submit_in(queue::SEARCH_ID);
    w.assert_sees("Send reply");
}

/// A double click on "Open ticket" opens the ticket and leaves it: the second click had pressed
/// the new ticket's Delete, drawn where the form's button was. A moment later Delete deletes.
#[test]
fn a_double_click_on_open_ticket_does_not_delete_the_new_ticket() {
    let mut w = tickets_window();
    w.click("New ticket");
    w.type_into(tickets::SUBJECT_ID, "Grinder hums");
    w.click("Open ticket");
    w.assert_sees("Grinder hums");
    w.click("Delete");
    let opened = |w: &Window| {
        let all = TicketQuery {
            text: "grinder hums".into(),
            limit: 5,
            ..TicketQuery::default()
        };
        w.store().tickets(&all).unwrap().total
    };
    assert_eq!(opened(&w), 1, "the ticket is kept");
    std::thread::sleep(std::time::Duration::from_millis(700));
    w.click("Delete");
    assert_eq!(opened(&w), 0, "a Delete meant is taken");
}

/// A rating chosen and not saved is asked about before leaving, as a typed reply is: it had gone
/// without a word.
#[test]
fn leaving_a_half_done_resolve_asks_first() {
    let mut w = tickets_window();
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.click("Resolve…");
    w.click("4 ★");
    w.click("Dashboard");
    w.assert_sees("Discard your changes?");
    w.assert_sees_part("The rating you chose has not been saved");
    w.click("Keep editing");
    w.assert_sees("Resolve ticket");
    // The page's own way back asks too.
    w.click("← Tickets");
    w.assert_sees("Discard your changes?");
    w.click("Keep editing");
    w.assert_sees("Resolve ticket");
    w.click("Dashboard");
    w.click("Discard changes");
    w.assert_not_sees("Resolve ticket");
}

/// Escape over the people a contact field offers closes the offer, not the form: it had gone
/// straight to "Discard your changes?". A second Escape leaves, asking first.
#[test]
fn escape_closes_the_contact_suggestions_before_the_form() {
    let mut w = tickets_window();
    let person = first_contact(&w);
    w.ctrl("n");
    w.type_into(tickets::SUBJECT_ID, "Steam wand drips");
    let surname = person.name.split_whitespace().last().unwrap().to_string();
    w.type_into(tickets::CONTACT_ID, &surname);
    w.assert_sees(&person.name);
    w.key(Named::Escape);
    w.assert_not_sees("Discard your changes?");
    w.assert_not_sees(&person.name);
    w.assert_sees("New ticket");
    w.key(Named::Escape);
    w.assert_sees("Discard your changes?");
}
