//! A few ordinary edits made through the store's normal, logged API after the bulk load, so a fresh
//! demo has an audit trail to show (and to undo), like a workspace someone has been using.

use crate::domain::*;
use crate::store::{self, Store};

/// Returns how many activities the edits logged.
pub fn recent_edits(store: &mut Store) -> store::Result<u64> {
    let actor = store.actor().to_string();
    store.set_actor("Demo");
    let result = edits(store);
    store.set_actor(actor);
    result
}

fn edits(store: &mut Store) -> store::Result<u64> {
    let mut activities = 0;
    if let Some(task) = store.open_tasks_due_before(Timestamp::now(), 1)?.first() {
        store.complete_task(task.id)?;
    }
    let pipeline = store.ensure_default_pipeline()?;
    let open: Vec<&Stage> = pipeline.open_stages().collect();
    if let [first, second, ..] = open.as_slice()
        && let Some(card) = store.deals_in_stage(first.id, 0, 1)?.rows.first()
    {
        store.move_deal(card.id, second.id, None)?;
    }
    let page = store.contacts(&store::ContactQuery {
        limit: 1,
        ..Default::default()
    })?;
    if let Some(row) = page.rows.first() {
        let note = ActivityFields {
            contact_id: Some(row.id),
            subject: "Asked about the wholesale price list".into(),
            body: "Send the autumn price list and a sample of the house blend.".into(),
            ..ActivityFields::new(ActivityKind::Note, Timestamp::now())
        };
        store.create_activity(note)?;
        activities += 1;
    }
    Ok(activities)
}
