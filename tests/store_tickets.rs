//! Support tickets on a real workspace file: SLA, workflow, the message thread.

mod common;

use common::{contact, invalid_fields, workspace};
use kith::domain::ticket::TicketSort;
use kith::domain::*;
use kith::store::{SortDir, TicketQuery};

fn ticket(subject: &str, contact_id: ContactId, priority: Priority) -> TicketFields {
    TicketFields {
        priority,
        assignee: "Mia".into(),
        ..TicketFields::new(subject, Some(contact_id))
    }
}

#[test]
fn a_ticket_gets_a_deadline_from_its_priority_and_a_first_response_time() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let t = store
        .create_ticket(ticket("Grinder jams", ada, Priority::Urgent))
        .unwrap();
    assert_eq!(t.fields.sla_due_at, Some(t.created_at.plus_hours(2)));
    store
        .add_ticket_message(t.id, Direction::Inbound, "", "It jams after two cups.")
        .unwrap();
    assert_eq!(store.ticket(t.id).unwrap().first_response_at, None);
    store
        .add_ticket_message(t.id, Direction::Outbound, "Mia", "Sending a new burr.")
        .unwrap();
    assert!(store.ticket(t.id).unwrap().first_response_at.is_some());
    let thread: Vec<_> = store
        .ticket_messages(t.id)
        .unwrap()
        .into_iter()
        .map(|m| m.body)
        .collect();
    assert_eq!(thread, ["It jams after two cups.", "Sending a new burr."]);
    let err = store
        .add_ticket_message(t.id, Direction::Outbound, "Mia", "  ")
        .unwrap_err();
    assert_eq!(invalid_fields(err), ["body"]);
}

#[test]
fn the_conversation_moves_the_ticket_on() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let t = store
        .create_ticket(ticket("Grinder jams", ada, Priority::Normal))
        .unwrap();
    let status = |s: &kith::store::Store| s.ticket(t.id).unwrap().fields.status;
    store
        .add_ticket_message(t.id, Direction::Inbound, "", "Still jams.")
        .unwrap();
    assert_eq!(
        status(&store),
        TicketStatus::New,
        "the customer alone opens nothing"
    );
    store
        .add_ticket_message(t.id, Direction::Outbound, "Mia", "Sending a burr.")
        .unwrap();
    assert_eq!(
        status(&store),
        TicketStatus::Open,
        "the first reply opens it"
    );
    let fields = store.ticket(t.id).unwrap().fields;
    let waiting = fields.moved_to(TicketStatus::Pending, None, "").unwrap();
    store.update_ticket(t.id, waiting).unwrap();
    store
        .add_ticket_message(t.id, Direction::Inbound, "", "It arrived, still jams.")
        .unwrap();
    assert_eq!(
        status(&store),
        TicketStatus::Open,
        "the customer wrote back"
    );
    // One step: Undo takes back the message and the move together.
    store.undo().unwrap();
    assert_eq!(status(&store), TicketStatus::Pending);
    assert_eq!(store.ticket_messages(t.id).unwrap().len(), 2);
}

#[test]
fn the_workflow_is_enforced_and_resolution_is_stamped() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let t = store
        .create_ticket(ticket("Refund", ada, Priority::Normal))
        .unwrap();
    let mut f = t.fields.clone();
    f.status = TicketStatus::Resolved;
    let resolved = store.update_ticket(t.id, f.clone()).unwrap();
    assert!(resolved.resolved_at.is_some());
    f.status = TicketStatus::Closed;
    f.satisfaction = Some(5);
    f.feedback = "Quick and kind".into();
    let closed = store.update_ticket(t.id, f.clone()).unwrap();
    assert_eq!(closed.fields.satisfaction, Some(5));
    f.status = TicketStatus::Open;
    f.satisfaction = None;
    assert_eq!(
        invalid_fields(store.update_ticket(t.id, f).unwrap_err()),
        ["status"]
    );
    assert_eq!(
        store.ticket(t.id).unwrap().fields.status,
        TicketStatus::Closed
    );
    // A closed ticket is the record of a finished case: no more messages, no more edits.
    let reply = store.add_ticket_message(t.id, Direction::Outbound, "Mia", "One more thing");
    assert_eq!(invalid_fields(reply.unwrap_err()), ["status"]);
    assert!(store.ticket_messages(t.id).unwrap().is_empty());
    let mut urgent = closed.fields.clone();
    urgent.priority = Priority::Urgent;
    assert_eq!(
        invalid_fields(store.update_ticket(t.id, urgent).unwrap_err()),
        ["status"]
    );
    assert_eq!(store.ticket(t.id).unwrap().fields, closed.fields);
}

/// Changing a resolved ticket's priority does not move the deadline it was measured against.
#[test]
fn a_resolved_ticket_keeps_its_deadline_when_its_priority_changes() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let t = store
        .create_ticket(ticket("Late parcel", ada, Priority::Urgent))
        .unwrap();
    let policy = store.sla_policy().unwrap();
    let open = t.fields.with_priority(Priority::Low, t.created_at, &policy);
    assert_ne!(
        open.sla_due_at, t.fields.sla_due_at,
        "an open ticket's deadline moves"
    );
    let mut f = t.fields.clone();
    f.status = TicketStatus::Resolved;
    let resolved = store.update_ticket(t.id, f).unwrap();
    let lowered = resolved
        .fields
        .with_priority(Priority::Low, t.created_at, &policy);
    assert_eq!(lowered.sla_due_at, t.fields.sla_due_at);
}

#[test]
fn ticket_validation_names_its_fields() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let bad = TicketFields {
        subject: String::new(),
        satisfaction: Some(9),
        ..ticket("", ada, Priority::Low)
    };
    assert_eq!(
        invalid_fields(store.create_ticket(bad).unwrap_err()),
        ["subject", "satisfaction", "satisfaction"]
    );
}

#[test]
fn the_ticket_list_filters_pages_and_hides_deleted_tickets() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let urgent = store
        .create_ticket(ticket("Machine leaks water", ada, Priority::Urgent))
        .unwrap();
    let low = store
        .create_ticket(ticket("Invoice copy", ada, Priority::Low))
        .unwrap();
    let all = store
        .tickets(&TicketQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(all.rows[0].contact.as_deref(), Some("Ada Lovelace"));
    let by_sla = store
        .tickets(&TicketQuery {
            by_sla_due: true,
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        by_sla.rows[0].id, urgent.id,
        "the urgent ticket is due first"
    );
    let found = store
        .tickets(&TicketQuery {
            text: "leaks".into(),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        found.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        [urgent.id]
    );
    let overdue_later = TicketQuery {
        overdue_at: Some(urgent.created_at.plus_hours(3)),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.tickets(&overdue_later).unwrap().total, 1);
    store.delete(low.id).unwrap();
    assert_eq!(
        store
            .tickets(&TicketQuery {
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .total,
        1
    );
    store.restore(low.id).unwrap();
    let low_only = TicketQuery {
        priority: Some(Priority::Low),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.tickets(&low_only).unwrap().rows[0].id, low.id);
    // The customer's name finds their tickets, not someone else's whose words hold it.
    let grace = contact(&mut store, "Grace", "Hopper");
    let grace_asked = store
        .create_ticket(ticket("Ada recommended you", grace, Priority::Normal))
        .unwrap();
    let by_name = |store: &kith::store::Store, text: &str| -> Vec<TicketId> {
        let q = TicketQuery {
            text: text.into(),
            limit: 10,
            ..Default::default()
        };
        ids(store.tickets(&q).unwrap())
    };
    let mut adas = by_name(&store, "lovelace");
    adas.sort();
    assert_eq!(adas, [urgent.id, low.id]);
    assert_eq!(
        by_name(&store, "lovelace invoice"),
        [low.id],
        "each word in the name or the ticket"
    );
    assert_eq!(by_name(&store, "ada recommended"), [grace_asked.id]);
}

fn assigned(subject: &str, contact_id: ContactId, priority: Priority, who: &str) -> TicketFields {
    TicketFields {
        assignee: who.into(),
        ..ticket(subject, contact_id, priority)
    }
}

fn ids(page: kith::store::Page<kith::store::TicketRow>) -> Vec<TicketId> {
    page.rows.into_iter().map(|r| r.id).collect()
}

#[test]
fn the_workspace_sla_hours_set_new_deadlines_and_are_checked() {
    let (dir, mut store) = workspace();
    assert_eq!(store.sla_policy().unwrap(), SlaPolicy::default());
    let ada = contact(&mut store, "Ada", "Lovelace");
    let policy = SlaPolicy::default().with_hours(Priority::Urgent, 1);
    store.set_sla_policy(policy).unwrap();
    let t = store
        .create_ticket(ticket("Leaking", ada, Priority::Urgent))
        .unwrap();
    assert_eq!(t.fields.sla_due_at, Some(t.created_at.plus_hours(1)));

    let err = store
        .set_sla_policy(SlaPolicy::default().with_hours(Priority::Low, 0))
        .unwrap_err();
    assert_eq!(invalid_fields(err), ["low_hours"]);
    drop(store);
    let store = kith::store::Store::open(dir.path().join("kith.db")).unwrap();
    assert_eq!(
        store.sla_policy().unwrap(),
        policy,
        "the hours stay with the workspace"
    );
}

#[test]
fn a_ticket_opened_with_its_first_message_is_one_change() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let before = store.change_sets(50).unwrap().len();
    let t = store
        .open_ticket(
            ticket("Grinder jams", ada, Priority::High),
            Direction::Inbound,
            "",
            "It jams after two cups.",
        )
        .unwrap();
    assert_eq!(store.change_sets(50).unwrap().len(), before + 1);
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Open ticket Grinder jams")
    );
    assert_eq!(t.fields.sla_due_at, Some(t.created_at.plus_hours(8)));
    let thread = store.ticket_messages(t.id).unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].direction, Direction::Inbound);
    assert_eq!(
        t.first_response_at, None,
        "a customer message is no response"
    );

    // Undo takes the ticket back with its message; redo brings both again.
    store.undo().unwrap();
    assert!(store.ticket(t.id).unwrap().deleted_at.is_some());
    store.redo().unwrap();
    assert!(store.ticket(t.id).unwrap().deleted_at.is_none());
    assert_eq!(store.ticket_messages(t.id).unwrap().len(), 1);

    let bare = store
        .open_ticket(
            ticket("Quiet", ada, Priority::Low),
            Direction::Inbound,
            "",
            "  ",
        )
        .unwrap();
    assert!(store.ticket_messages(bare.id).unwrap().is_empty());
}

#[test]
fn the_ticket_list_filters_by_assignee_and_sorts_by_any_column() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let bob = contact(&mut store, "Bob", "Babbage");
    let a = store
        .create_ticket(assigned("Billing", ada, Priority::Low, "Mia"))
        .unwrap();
    let b = store
        .create_ticket(assigned("Alarm", bob, Priority::Urgent, "Leo"))
        .unwrap();
    let c = store
        .create_ticket(assigned("Crack", ada, Priority::Normal, ""))
        .unwrap();
    let query = |assignee: Option<&str>, sort: Option<(TicketSort, SortDir)>| TicketQuery {
        assignee: assignee.map(str::to_string),
        sort,
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        ids(store.tickets(&query(Some("Mia"), None)).unwrap()),
        [a.id]
    );
    assert_eq!(ids(store.tickets(&query(Some(""), None)).unwrap()), [c.id]);
    assert_eq!(
        ids(store
            .tickets(&query(None, Some((TicketSort::Subject, SortDir::Asc))))
            .unwrap()),
        [b.id, a.id, c.id]
    );
    assert_eq!(
        ids(store
            .tickets(&query(None, Some((TicketSort::Priority, SortDir::Desc))))
            .unwrap()),
        [b.id, c.id, a.id]
    );
    assert_eq!(
        ids(store
            .tickets(&query(None, Some((TicketSort::Contact, SortDir::Asc))))
            .unwrap())[0],
        b.id,
        "Babbage before Lovelace"
    );
    assert_eq!(
        ids(store
            .tickets(&query(None, Some((TicketSort::Assignee, SortDir::Asc))))
            .unwrap()),
        [b.id, a.id, c.id],
        "unassigned last"
    );
    let mut moved = a.fields.clone();
    moved.status = TicketStatus::Resolved;
    store.update_ticket(a.id, moved).unwrap();
    assert_eq!(
        ids(store
            .tickets(&query(None, Some((TicketSort::Status, SortDir::Desc))))
            .unwrap())[0],
        a.id
    );
    let row = &store.tickets(&query(Some("Mia"), None)).unwrap().rows[0];
    assert!(row.resolved_at.is_some());
    assert_eq!(store.ticket_assignees().unwrap(), ["Leo", "Mia"]);
}

#[test]
fn support_figures_count_open_work_and_take_medians_and_ratings() {
    let (dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let mut made = Vec::new();
    for (subject, priority) in [
        ("One", Priority::Urgent),
        ("Two", Priority::Urgent),
        ("Three", Priority::Low),
        ("Four", Priority::Normal),
    ] {
        made.push(store.create_ticket(ticket(subject, ada, priority)).unwrap());
    }
    let now = made[0].created_at;
    // Shape the history directly: opened an hour apart, answered and settled after known spans.
    let raw = rusqlite::Connection::open(dir.path().join("kith.db")).unwrap();
    let hour = 3600;
    let shape = [
        // (opened hours ago, first response after, resolved after, rating, status)
        (48, Some(1), Some(10), Some(5), "resolved"),
        (47, Some(3), Some(30), Some(2), "closed"),
        (46, Some(2), None, None, "open"),
        (1, None, None, None, "new"),
    ];
    for (t, (ago, first, resolved, rating, status)) in made.iter().zip(shape) {
        let opened = now.0 - ago * hour;
        raw.execute(
            "UPDATE tickets SET created_at = ?1, first_response_at = ?2, resolved_at = ?3, \
             satisfaction = ?4, status = ?5, sla_due_at = ?6 WHERE id = ?7",
            rusqlite::params![
                opened,
                first.map(|h: i64| opened + h * hour),
                resolved.map(|h: i64| opened + h * hour),
                rating,
                status,
                opened + 2 * hour,
                t.id.0
            ],
        )
        .unwrap();
    }
    let f = store.ticket_figures(now).unwrap();
    let open: Vec<(Priority, u64, u64)> = f
        .open_by_priority
        .iter()
        .map(|c| (c.priority, c.open, c.overdue))
        .collect();
    assert_eq!(
        open,
        [
            (Priority::Low, 1, 1),
            (Priority::Normal, 1, 0),
            (Priority::High, 0, 0),
            (Priority::Urgent, 0, 0)
        ]
    );
    assert_eq!(
        f.median_first_response,
        Some(2 * hour),
        "median of 1, 2, 3 h"
    );
    assert_eq!(
        f.median_resolution,
        Some(20 * hour),
        "mean of the middle two of 10, 30 h"
    );
    assert_eq!(f.csat_average, Some(3.5));
    assert_eq!(f.csat_ratings, 2);
    assert_eq!(f.csat_trend.iter().map(|m| m.ratings).sum::<u64>(), 2);

    let (_empty_dir, empty_store) = workspace();
    let empty = empty_store.ticket_figures(now).unwrap();
    assert_eq!(empty.median_first_response, None);
    assert_eq!(empty.csat_average, None);
    assert!(empty.csat_trend.is_empty());
}

#[test]
fn a_reply_is_undone_and_redone_with_the_first_response_time() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let t = store
        .create_ticket(ticket("Grinder jams", ada, Priority::High))
        .unwrap();
    store
        .add_ticket_message(t.id, Direction::Outbound, "Mia", "Sending a new burr.")
        .unwrap();
    assert!(store.ticket(t.id).unwrap().first_response_at.is_some());

    assert!(store.undo().unwrap().unwrap().starts_with("Reply to"));
    assert!(store.ticket_messages(t.id).unwrap().is_empty());
    assert_eq!(store.ticket(t.id).unwrap().first_response_at, None);
    // Older changes can still be undone behind it.
    assert!(store.undo().unwrap().is_some());

    store.redo().unwrap();
    store.redo().unwrap();
    assert_eq!(store.ticket_messages(t.id).unwrap().len(), 1);
    assert!(store.ticket(t.id).unwrap().first_response_at.is_some());
}

/// A reply taken back with Undo is hidden, and its words no longer find the ticket; Redo brings
/// both back. (The search entry kept the undone reply, and `kith search` showed its text.)
#[test]
fn an_undone_reply_no_longer_finds_its_ticket() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let t = store
        .create_ticket(ticket("Grinder jams", ada, Priority::Normal))
        .unwrap();
    store
        .add_ticket_message(
            t.id,
            Direction::Outbound,
            "Mia",
            "Zanzibarquux burr on its way",
        )
        .unwrap();
    let found = |store: &kith::store::Store| {
        store
            .search("Zanzibarquux", 5)
            .unwrap()
            .iter()
            .any(|h| h.id == t.id.0)
    };
    assert!(found(&store));
    store.undo().unwrap();
    assert!(!found(&store), "the undone reply is out of the search");
    store.redo().unwrap();
    assert!(found(&store));
}

/// Undoing a Reopen puts back the time the ticket was resolved, not the time of the Undo: the
/// ticket had turned from "met" to "missed" and its rating moved into this month.
#[test]
fn undoing_a_reopen_gives_back_the_resolution_time() {
    let (dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let t = store
        .create_ticket(ticket("Voucher refused", ada, Priority::Normal))
        .unwrap();
    let mut f = t.fields.clone();
    f.status = TicketStatus::Resolved;
    f.satisfaction = Some(4);
    store.update_ticket(t.id, f.clone()).unwrap();
    // Resolved in April, as a ticket of the past would have been.
    let april = 1_775_300_471;
    rusqlite::Connection::open(dir.path().join("kith.db"))
        .unwrap()
        .execute(
            "UPDATE tickets SET resolved_at = ?1 WHERE id = ?2",
            rusqlite::params![april, t.id.0],
        )
        .unwrap();
    f.status = TicketStatus::Open;
    f.satisfaction = None;
    let reopened = store.update_ticket(t.id, f).unwrap();
    assert_eq!(reopened.resolved_at, None);

    assert!(store.undo().unwrap().unwrap().starts_with("Reopen ticket"));
    let back = store.ticket(t.id).unwrap();
    assert_eq!(back.fields.status, TicketStatus::Resolved);
    assert_eq!(back.resolved_at, Some(Timestamp(april)));
    store.redo().unwrap();
    assert_eq!(store.ticket(t.id).unwrap().resolved_at, None);
    store.undo().unwrap();
    assert_eq!(
        store.ticket(t.id).unwrap().resolved_at,
        Some(Timestamp(april))
    );
    // Undoing the resolution itself clears the time; Redo gives back the one it was resolved at,
    // as logged.
    store.undo().unwrap();
    let open = store.ticket(t.id).unwrap();
    assert_eq!(
        (open.fields.status, open.resolved_at),
        (TicketStatus::New, None)
    );
    store.redo().unwrap();
    let again = store.ticket(t.id).unwrap();
    assert_eq!(again.fields.status, TicketStatus::Resolved);
    assert!(again.resolved_at.is_some_and(|at| at.0 > april));
}

/// A new priority moves an open ticket's deadline; the history still names it a priority change,
/// so Undo says what it takes back.
#[test]
fn a_priority_change_is_named_so_though_it_moves_the_deadline() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let t = store
        .create_ticket(ticket("Late parcel", ada, Priority::Normal))
        .unwrap();
    let policy = store.sla_policy().unwrap();
    let high = t
        .fields
        .with_priority(Priority::High, t.created_at, &policy);
    assert_ne!(high.sla_due_at, t.fields.sla_due_at);
    store.update_ticket(t.id, high).unwrap();
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Set priority of ticket Late parcel to High")
    );
}
