//! Activities and tasks on a real workspace file: what a salesperson logs and plans.

mod common;

use common::{contact, invalid_fields, workspace};
use kith::domain::*;
use kith::store::Owner;

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
