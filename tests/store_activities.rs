//! Activities and tasks on a real workspace file: what a salesperson logs and plans.

mod common;

use common::{contact, invalid_fields, workspace};
use kith::domain::*;
use kith::store::{Owner, TimelineKind};

#[test]
fn logging_a_call_puts_it_on_the_timeline_and_updates_last_activity() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let call = store
        .create_activity(ActivityFields {
            contact_id: Some(ada),
            direction: Some(Direction::Outbound),
            subject: "Follow-up on the quote".into(),
            outcome: "Interested".into(),
            duration_minutes: Some(12),
            ..ActivityFields::new(ActivityKind::Call, Timestamp(1_700_000_000))
        })
        .unwrap();
    assert_eq!(store.activity(call.id).unwrap(), call);
    assert_eq!(
        store.contact(ada).unwrap().last_activity_at,
        Some(Timestamp(1_700_000_000))
    );
    let listed = store.activities_for_contact(ada, 10).unwrap();
    assert_eq!(listed.iter().map(|a| a.id).collect::<Vec<_>>(), [call.id]);
    let timeline = store.timeline(Owner::Contact(ada), 10).unwrap();
    assert_eq!(timeline[0].title, "Follow-up on the quote");
}

#[test]
fn an_activity_is_edited_deleted_and_restored() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let note = store
        .create_activity(ActivityFields {
            contact_id: Some(ada),
            body: "Prefers e-mail".into(),
            ..ActivityFields::new(ActivityKind::Note, Timestamp(100))
        })
        .unwrap();
    let mut fields = note.fields.clone();
    fields.body = "Prefers phone calls".into();
    fields.occurred_at = Timestamp(200);
    assert_eq!(
        store.update_activity(note.id, fields).unwrap().fields.body,
        "Prefers phone calls"
    );
    assert_eq!(
        store.contact(ada).unwrap().last_activity_at,
        Some(Timestamp(200))
    );

    store.delete(note.id).unwrap();
    assert!(store.activities_for_contact(ada, 10).unwrap().is_empty());
    assert_eq!(store.contact(ada).unwrap().last_activity_at, None);
    assert!(store.activity(note.id).unwrap().deleted_at.is_some());
    store.restore(note.id).unwrap();
    assert_eq!(store.activities_for_contact(ada, 10).unwrap().len(), 1);
}

#[test]
fn an_activity_without_a_record_or_a_note_without_text_is_refused_by_field() {
    let (_dir, mut store) = workspace();
    let err = store
        .create_activity(ActivityFields::new(ActivityKind::Note, Timestamp(0)))
        .unwrap_err();
    assert_eq!(invalid_fields(err), ["linked_record", "body"]);
}

/// A call dated 2031 for one logged today sat atop the timeline for five years. Only a meeting
/// may be dated ahead; today's later hours are fine for any kind.
#[test]
fn only_a_meeting_may_be_dated_more_than_a_day_ahead() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let now = Timestamp::now();
    let at = |kind: ActivityKind, days: i64| ActivityFields {
        contact_id: Some(ada),
        subject: "Follow-up".into(),
        ..ActivityFields::new(kind, Timestamp(now.0 + days * 86_400))
    };
    for kind in [ActivityKind::Call, ActivityKind::Email, ActivityKind::Note] {
        let err = store.create_activity(at(kind, 5 * 365)).unwrap_err();
        assert!(
            err.to_string()
                .contains("only a meeting can be planned ahead"),
            "{err}"
        );
        let soon = ActivityFields {
            occurred_at: Timestamp(now.0 + 3_600),
            ..at(kind, 0)
        };
        store.create_activity(soon).unwrap();
    }
    store
        .create_activity(at(ActivityKind::Meeting, 30))
        .unwrap();
}

#[test]
fn tasks_are_created_completed_reopened_snoozed_and_listed_open_first() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let task = |title: &str, due: i64| TaskFields {
        title: title.into(),
        due_at: Some(Timestamp(due)),
        contact_id: Some(ada),
        ..Default::default()
    };
    let later = store.create_task(task("Send the proposal", 2_000)).unwrap();
    let sooner = store.create_task(task("Call back", 1_000)).unwrap();
    let done = store.complete_task(sooner.id).unwrap();
    assert!(done.fields.is_done());
    let order: Vec<_> = store
        .tasks_for_contact(ada)
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(
        order,
        [later.id, sooner.id],
        "open tasks come before done ones"
    );

    assert!(!store.reopen_task(sooner.id).unwrap().fields.is_done());
    let snoozed = store.snooze_task(later.id, Timestamp(5_000)).unwrap();
    assert_eq!(snoozed.fields.due_at, Some(Timestamp(5_000)));
    let due: Vec<_> = store
        .open_tasks_due_before(Timestamp(3_000), 10)
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(due, [sooner.id]);

    store.delete(sooner.id).unwrap();
    assert_eq!(store.tasks_for_contact(ada).unwrap().len(), 1);
    store.restore(sooner.id).unwrap();
    assert_eq!(store.tasks_for_contact(ada).unwrap().len(), 2);
}

#[test]
fn a_task_without_a_title_is_refused_by_field() {
    let (_dir, mut store) = workspace();
    let err = store.create_task(TaskFields::default()).unwrap_err();
    assert_eq!(invalid_fields(err), ["title"]);
}

/// A meeting booked ahead is not the contact's last activity until its time has come: the list
/// sorted by last activity and a campaign's "active within N days" go by what has happened.
#[test]
fn a_meeting_planned_ahead_counts_as_last_activity_once_it_has_happened() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let now = Timestamp::now();
    let long_ago = Timestamp(now.0 - 90 * 86_400);
    store
        .create_activity(ActivityFields {
            contact_id: Some(ada),
            body: "Asked for a quote".into(),
            ..ActivityFields::new(ActivityKind::Note, long_ago)
        })
        .unwrap();
    let next_week = store
        .create_activity(ActivityFields {
            contact_id: Some(ada),
            subject: "Demo at their office".into(),
            ..ActivityFields::new(ActivityKind::Meeting, Timestamp(now.0 + 7 * 86_400))
        })
        .unwrap();
    assert_eq!(store.contact(ada).unwrap().last_activity_at, Some(long_ago));
    let active = Segment {
        active_within_days: Some(30),
        ..Segment::default()
    };
    assert_eq!(store.segment_size(&active).unwrap(), 0);

    // Moved to yesterday, it has happened.
    let yesterday = Timestamp(now.0 - 86_400);
    let mut fields = next_week.fields.clone();
    fields.occurred_at = yesterday;
    store.update_activity(next_week.id, fields.clone()).unwrap();
    assert_eq!(
        store.contact(ada).unwrap().last_activity_at,
        Some(yesterday)
    );
    assert_eq!(store.segment_size(&active).unwrap(), 1);

    // Moved to a moment from now, it counts once that moment has passed, with the list as the
    // first to read it: no one has to edit anything.
    let soon = Timestamp(Timestamp::now().0 + 2);
    fields.occurred_at = soon;
    store.update_activity(next_week.id, fields).unwrap();
    assert_eq!(store.contact(ada).unwrap().last_activity_at, Some(long_ago));
    while Timestamp::now().0 <= soon.0 {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let page = store
        .contacts(&kith::store::ContactQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.rows[0].last_activity_at, Some(soon));
    assert_eq!(store.contact(ada).unwrap().last_activity_at, Some(soon));
    assert_eq!(store.segment_size(&active).unwrap(), 1);
}

/// A deal won, or a ticket resolved, stands on the timeline at the day it happened, as its label
/// says: a deal won today had read "Deal · Won 22 Jan 2025" at the bottom of the history.
#[test]
fn a_closed_deal_and_a_resolved_ticket_stand_at_the_day_they_closed() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let p = store.ensure_default_pipeline().unwrap();
    let deal = store
        .create_deal(DealFields {
            contact_id: Some(ada),
            ..common::open_deal(&p, 0, "Espresso bar", Money::new(1_000_00, Currency::EUR))
        })
        .unwrap();
    let ticket = store
        .create_ticket(TicketFields::new("Grinder jams", Some(ada)))
        .unwrap();
    // Opened long ago; a call since.
    let long_ago = 1_600_000_000;
    rusqlite::Connection::open(store.path())
        .unwrap()
        .execute_batch(&format!(
            "UPDATE deals SET created_at = {long_ago}, stage_changed_at = {long_ago}; \
             UPDATE deal_stage_history SET changed_at = {long_ago}; \
             UPDATE tickets SET created_at = {long_ago};"
        ))
        .unwrap();
    let yesterday = Timestamp(Timestamp::now().0 - 86_400);
    store
        .create_activity(ActivityFields {
            contact_id: Some(ada),
            subject: "Asked for a discount".into(),
            ..ActivityFields::new(ActivityKind::Call, yesterday)
        })
        .unwrap();
    let kinds = |store: &kith::store::Store| -> Vec<(TimelineKind, Timestamp)> {
        store
            .timeline(Owner::Contact(ada), 10)
            .unwrap()
            .into_iter()
            .map(|i| (i.kind, i.at))
            .collect()
    };
    let before = kinds(&store);
    assert_eq!(before[0].0, TimelineKind::Activity(ActivityKind::Call));
    assert!(before[1..].iter().all(|(_, at)| *at == Timestamp(long_ago)));

    let won = p
        .stages
        .iter()
        .find(|s| s.fields.outcome == deal::StageOutcome::Won)
        .unwrap();
    let closed = store.move_deal(deal.id, won.id, None).unwrap();
    let mut resolved = store.ticket(ticket.id).unwrap().fields;
    resolved.status = TicketStatus::Resolved;
    store.update_ticket(ticket.id, resolved).unwrap();
    let after = kinds(&store);
    assert!(after.contains(&(
        TimelineKind::Deal(DealStatus::Won),
        closed.closed_at.unwrap()
    )));
    let resolved_at = store.ticket(ticket.id).unwrap().resolved_at.unwrap();
    assert!(after.contains(&(TimelineKind::Ticket(TicketStatus::Resolved), resolved_at)));
    assert_eq!(
        after[2].0,
        TimelineKind::Activity(ActivityKind::Call),
        "{after:?}"
    );
}

/// A note without a subject is titled by its text, and says it once.
#[test]
fn a_note_without_a_subject_says_its_text_once() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let long = format!("Prefers calls after 3pm. {}", "Then more. ".repeat(10));
    for body in ["Prefers calls after 3pm", long.as_str()] {
        store
            .create_activity(ActivityFields {
                contact_id: Some(ada),
                body: body.into(),
                ..ActivityFields::new(ActivityKind::Note, Timestamp::now())
            })
            .unwrap();
    }
    let items = store.timeline(Owner::Contact(ada), 10).unwrap();
    let short = items
        .iter()
        .find(|i| i.title == "Prefers calls after 3pm")
        .unwrap();
    assert_eq!(short.detail, "");
    let long_item = items.iter().find(|i| i.title.len() == 80).unwrap();
    assert_eq!(
        format!("{}{}", long_item.title, long_item.detail),
        long.trim_end()
    );
}
