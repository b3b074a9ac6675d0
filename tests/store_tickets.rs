//! Support tickets on a real workspace file: SLA, workflow, the message thread.

mod common;

use common::{contact, invalid_fields, workspace};
use kith::domain::*;
use kith::store::TicketQuery;

fn ticket(subject: &str, contact_id: ContactId, priority: Priority) -> TicketFields {
    TicketFields {
        subject: subject.into(),
        contact_id: Some(contact_id),
        company_id: None,
        status: TicketStatus::New,
        priority,
        channel: TicketChannel::Email,
        sla_due_at: None,
        assignee: "Mia".into(),
        satisfaction: None,
        feedback: String::new(),
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
}
