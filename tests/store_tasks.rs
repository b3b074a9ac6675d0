//! The Today view's reads on a real workspace file: open tasks with what they are about, done ones,
//! and the window a reminder asks about.

mod common;

use common::{contact, workspace};
use kith::domain::task::{LinkTarget, Named};
use kith::domain::*;
use kith::store::Store;

fn task(title: &str, due: Option<i64>) -> TaskFields {
    TaskFields {
        title: title.into(),
        due_at: due.map(Timestamp),
        ..Default::default()
    }
}

fn titles(rows: &[task::TaskRow]) -> Vec<&str> {
    rows.iter().map(|r| r.task.fields.title.as_str()).collect()
}

fn ticket(store: &mut Store, subject: &str, contact_id: Option<ContactId>) -> TicketId {
    store
        .create_ticket(TicketFields::new(subject, contact_id))
        .unwrap()
        .id
}

fn deal(store: &mut Store, title: &str, contact_id: Option<ContactId>) -> DealId {
    let p = store.ensure_default_pipeline().unwrap();
    store
        .create_deal(DealFields {
            title: title.into(),
            pipeline_id: p.id,
            stage_id: p.stages[0].id,
            contact_id,
            company_id: None,
            amount: Money::new(500_00, Currency::EUR),
            probability: None,
            expected_close: None,
            status: DealStatus::Open,
            lost_reason: String::new(),
            owner: String::new(),
            notes: String::new(),
        })
        .unwrap()
        .id
}

#[test]
fn due_tasks_come_soonest_first_with_the_names_of_what_they_are_about() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let grace = contact(&mut store, "Grace", "Hopper");
    let acme = store
        .create_company(CompanyFields {
            name: "Acme Roasters".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let fit_out = deal(&mut store, "Espresso bar fit-out", Some(grace));
    let jam = ticket(&mut store, "Grinder jams", Some(ada));

    store
        .create_task(TaskFields {
            contact_id: Some(ada),
            company_id: Some(acme),
            ..task("Call Ada back", Some(2_000))
        })
        .unwrap();
    store
        .create_task(TaskFields {
            deal_id: Some(fit_out),
            ..task("Send the quote", Some(1_000))
        })
        .unwrap();
    store
        .create_task(TaskFields {
            ticket_id: Some(jam),
            ..task("Ship a new burr", None)
        })
        .unwrap();
    store
        .create_task(task("Plan the autumn menu", Some(50_000)))
        .unwrap();
    let done = store.create_task(task("Already done", Some(500))).unwrap();
    store.complete_task(done.id).unwrap();
    let gone = store.create_task(task("Deleted", Some(600))).unwrap();
    store.delete(gone.id).unwrap();

    let due = store.due_tasks(Timestamp(10_000), 100).unwrap();
    assert_eq!(
        titles(&due.rows),
        ["Send the quote", "Call Ada back", "Ship a new burr"],
        "dated soonest first, undated last; done, deleted and later ones left out"
    );
    assert_eq!((due.later, due.not_shown), (1, 0));

    let quote = &due.rows[0].links;
    assert_eq!(
        quote.deal,
        Some(Named {
            id: fit_out,
            name: "Espresso bar fit-out".into()
        })
    );
    assert_eq!(quote.primary(), Some(LinkTarget::Contact(grace)));
    let call = &due.rows[1].links;
    assert_eq!(
        call.contact.as_ref().map(|c| c.name.as_str()),
        Some("Ada Lovelace")
    );
    assert_eq!(
        call.company.as_ref().map(|c| c.name.as_str()),
        Some("Acme Roasters")
    );
    let burr = &due.rows[2].links;
    assert_eq!(
        burr.ticket.as_ref().map(|t| t.name.as_str()),
        Some("Grinder jams")
    );
    assert_eq!(burr.ticket_contact, Some(ada));
}

#[test]
fn the_due_list_is_bounded_and_says_how_many_it_left_out() {
    let (_dir, mut store) = workspace();
    for i in 0..5 {
        store
            .create_task(task(&format!("Dated {i}"), Some(100 + i)))
            .unwrap();
    }
    for i in 0..3 {
        store
            .create_task(task(&format!("Undated {i}"), None))
            .unwrap();
    }
    let due = store.due_tasks(Timestamp(1_000), 2).unwrap();
    assert_eq!(
        titles(&due.rows),
        ["Dated 0", "Dated 1", "Undated 0", "Undated 1"]
    );
    assert_eq!(due.not_shown, 4);
    assert_eq!(due.later, 0);
}

#[test]
fn a_deleted_contacts_own_open_tasks_go_with_it_and_come_back_with_it() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let jam = ticket(&mut store, "Grinder jams", Some(ada));
    let mut add = |fields: TaskFields| store.create_task(fields).unwrap().id;
    let own = add(TaskFields {
        contact_id: Some(ada),
        ..task("Send the price list", Some(100))
    });
    let about_ticket = add(TaskFields {
        contact_id: Some(ada),
        ticket_id: Some(jam),
        ..task("Check the grinder", Some(200))
    });
    let done = add(TaskFields {
        contact_id: Some(ada),
        ..task("Called back", Some(50))
    });
    store.complete_task(done).unwrap();
    let open = |s: &Store| titles(&s.due_tasks(Timestamp(1_000), 10).unwrap().rows).len();
    assert_eq!(open(&store), 2);

    store.delete(ada).unwrap();
    assert!(store.task(own).unwrap().deleted_at.is_some());
    assert!(
        store.task(about_ticket).unwrap().deleted_at.is_none(),
        "the ticket still needs it"
    );
    assert!(
        store.task(done).unwrap().deleted_at.is_none(),
        "history stays"
    );
    assert_eq!(open(&store), 1);
    // Nothing new is added to a deleted contact: a task or a call would hang on no one.
    for refused in [
        store
            .create_task(TaskFields {
                contact_id: Some(ada),
                ..task("Task on a deleted contact", None)
            })
            .map(|_| ()),
        store
            .create_activity(ActivityFields {
                contact_id: Some(ada),
                body: "Note on a deleted contact".into(),
                ..ActivityFields::new(ActivityKind::Note, Timestamp(1_000))
            })
            .map(|_| ()),
    ] {
        let message = refused.unwrap_err().to_string();
        assert!(message.contains("Ada Lovelace is deleted"), "{message}");
        assert!(message.contains("restore the contact first"), "{message}");
    }

    // Undo takes back the deletion as one step, the task included; so does Restore.
    store.undo().unwrap();
    assert!(store.task(own).unwrap().deleted_at.is_none());
    store.delete(ada).unwrap();
    store.restore(ada).unwrap();
    assert!(store.task(own).unwrap().deleted_at.is_none());
    assert_eq!(open(&store), 2);
}

#[test]
fn a_link_to_a_deleted_record_reads_as_absent() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let jam = ticket(&mut store, "Grinder jams", Some(ada));
    store
        .create_task(TaskFields {
            contact_id: Some(ada),
            ticket_id: Some(jam),
            ..task("Follow up", Some(100))
        })
        .unwrap();
    store.delete(ada).unwrap();
    let due = store.due_tasks(Timestamp(1_000), 10).unwrap();
    let links = &due.rows[0].links;
    assert_eq!(links.contact, None);
    assert_eq!(
        links.ticket_contact, None,
        "the ticket's person is gone too"
    );
    assert!(links.ticket.is_some());
    assert_eq!(
        links.primary(),
        None,
        "nothing to open, so nothing is offered"
    );
}

#[test]
fn snoozing_past_the_horizon_moves_a_task_out_of_the_list_and_undo_brings_it_back() {
    let (_dir, mut store) = workspace();
    let t = store.create_task(task("Call back", Some(100))).unwrap();
    store.snooze_task(t.id, Timestamp(20_000)).unwrap();
    let due = store.due_tasks(Timestamp(10_000), 10).unwrap();
    assert!(due.rows.is_empty());
    assert_eq!(due.later, 1);
    store.undo().unwrap();
    let due = store.due_tasks(Timestamp(10_000), 10).unwrap();
    assert_eq!(titles(&due.rows), ["Call back"]);
}

#[test]
fn done_tasks_are_listed_for_the_window_they_were_done_in_newest_first() {
    let (_dir, mut store) = workspace();
    let first = store.create_task(task("First", Some(100))).unwrap();
    let second = store.create_task(task("Second", Some(200))).unwrap();
    store.create_task(task("Still open", Some(300))).unwrap();
    store.complete_task(first.id).unwrap();
    store.complete_task(second.id).unwrap();
    let now = Timestamp::now();
    let done = store
        .tasks_done_between(now.plus_hours(-1), now.plus_hours(1), 10)
        .unwrap();
    assert_eq!(titles(&done), ["Second", "First"]);
    let yesterday = store
        .tasks_done_between(now.plus_days(-2), now.plus_days(-1), 10)
        .unwrap();
    assert!(yesterday.is_empty());
}

#[test]
fn reminder_windows_are_half_open_so_back_to_back_minutes_never_repeat_a_task() {
    let (_dir, mut store) = workspace();
    let on_edge = store.create_task(task("On the minute", Some(120))).unwrap();
    let inside = store.create_task(task("Inside", Some(90))).unwrap();
    let done = store.create_task(task("Done", Some(100))).unwrap();
    store.complete_task(done.id).unwrap();
    store.create_task(task("Undated", None)).unwrap();

    let first: Vec<_> = store
        .open_tasks_due_between(Timestamp(60), Timestamp(120))
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(first, [inside.id]);
    let second: Vec<_> = store
        .open_tasks_due_between(Timestamp(120), Timestamp(180))
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(second, [on_edge.id]);
}
