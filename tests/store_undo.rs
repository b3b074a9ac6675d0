//! Undo and redo through the change log, on a real workspace file.

mod common;

use common::{contact, workspace};
use kith::domain::*;
use kith::store::{ContactQuery, Store};

fn live_contacts(store: &Store) -> u64 {
    store
        .contacts(&ContactQuery {
            limit: 1,
            ..Default::default()
        })
        .unwrap()
        .total
}

#[test]
fn undo_takes_back_edits_deletes_and_creates_in_reverse_order_and_redo_puts_them_back() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let mut fields = store.contact(ada).unwrap().fields;
    fields.job_title = "Analyst".into();
    fields.tags = vec!["vip".into()];
    store.update_contact(ada, fields).unwrap();
    store.delete(ada).unwrap();
    assert_eq!(live_contacts(&store), 0);

    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Delete contact Ada Lovelace")
    );
    assert_eq!(
        store.undo().unwrap().as_deref(),
        Some("Delete contact Ada Lovelace")
    );
    assert_eq!(live_contacts(&store), 1);
    assert_eq!(
        store.undo().unwrap().as_deref(),
        Some("Edit contact Ada Lovelace")
    );
    let back = store.contact(ada).unwrap();
    assert_eq!(
        (back.fields.job_title.as_str(), back.fields.tags.len()),
        ("", 0)
    );
    assert_eq!(
        store.undo().unwrap().as_deref(),
        Some("Create contact Ada Lovelace")
    );
    assert_eq!(live_contacts(&store), 0);
    assert_eq!(store.undo().unwrap(), None, "nothing left to undo");

    assert_eq!(
        store.redo().unwrap().as_deref(),
        Some("Create contact Ada Lovelace")
    );
    assert_eq!(
        store.redo().unwrap().as_deref(),
        Some("Edit contact Ada Lovelace")
    );
    assert_eq!(store.contact(ada).unwrap().fields.tags, ["vip"]);
    assert_eq!(
        store.redo().unwrap().as_deref(),
        Some("Delete contact Ada Lovelace")
    );
    assert_eq!(live_contacts(&store), 0);
    assert_eq!(store.redo().unwrap(), None);
}

#[test]
fn a_new_change_ends_the_redo_chain() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    store.delete(ada).unwrap();
    store.undo().unwrap();
    assert!(store.redo_label().unwrap().is_some());
    contact(&mut store, "Grace", "Hopper");
    assert_eq!(store.redo_label().unwrap(), None);
    assert_eq!(live_contacts(&store), 2);
}

#[test]
fn saving_a_contact_with_a_new_company_is_one_step_to_undo() {
    let (_dir, mut store) = workspace();
    let fields = ContactFields {
        first_name: "Ada".into(),
        ..Default::default()
    };
    let saved = store
        .save_contact(None, fields.clone(), Some("Analytical Engines"), None)
        .unwrap();
    let company = saved.fields.company_id.expect("linked to the new company");
    assert_eq!(
        store.company(company).unwrap().fields.name,
        "Analytical Engines"
    );
    let again = store
        .save_contact(None, fields, Some("analytical engines "), None)
        .unwrap();
    assert_eq!(
        again.fields.company_id,
        Some(company),
        "an existing company is reused, ignoring case"
    );

    store.undo().unwrap();
    store.undo().unwrap();
    assert_eq!(live_contacts(&store), 0);
    assert!(
        store.company(company).unwrap().deleted_at.is_some(),
        "the company went with the contact"
    );
    store.redo().unwrap();
    assert!(store.company(company).unwrap().deleted_at.is_none());
}

#[test]
fn undoing_a_deal_move_moves_it_back_as_if_it_had_not_happened() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let d = store
        .create_deal(DealFields {
            title: "Fit-out".into(),
            pipeline_id: p.id,
            stage_id: p.stages[0].id,
            contact_id: None,
            company_id: None,
            amount: Money::new(1_000_00, Currency::EUR),
            probability: None,
            expected_close: None,
            status: DealStatus::Open,
            lost_reason: String::new(),
            owner: String::new(),
            notes: String::new(),
        })
        .unwrap();
    let won = p
        .stages
        .iter()
        .find(|s| s.fields.outcome == StageOutcome::Won)
        .unwrap();
    // In its first stage since long ago.
    let long_ago = 1_600_000_000;
    rusqlite::Connection::open(store.path())
        .unwrap()
        .execute_batch(&format!(
            "UPDATE deals SET stage_changed_at = {long_ago}; \
             UPDATE deal_stage_history SET changed_at = {long_ago};"
        ))
        .unwrap();
    store.move_deal(d.id, won.id, None).unwrap();
    assert_eq!(store.stage_history(d.id).unwrap().len(), 2);
    store.undo().unwrap();
    let back = store.deal(d.id).unwrap();
    assert_eq!(
        (back.fields.stage_id, back.fields.status, back.closed_at),
        (p.stages[0].id, DealStatus::Open, None)
    );
    // Taken back as if it never happened: the days in stage run on, the history forgets it.
    assert_eq!(back.stage_changed_at.0, long_ago);
    assert_eq!(store.stage_history(d.id).unwrap().len(), 1);
    store.redo().unwrap();
    let again = store.deal(d.id).unwrap();
    assert_eq!(again.fields.status, DealStatus::Won);
    assert!(again.closed_at.is_some());
    assert_eq!(store.stage_history(d.id).unwrap().len(), 2);
}

#[test]
fn setting_up_the_default_pipeline_is_not_an_undo_step() {
    let (_dir, mut store) = workspace();
    store.ensure_default_pipeline().unwrap();
    assert_eq!(store.undo_label().unwrap(), None);
}

#[test]
fn counts_follow_deletes_and_undo() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    assert_eq!(store.counts().unwrap().contacts, 1);
    store.delete(ada).unwrap();
    assert_eq!(store.counts().unwrap().contacts, 0);
    store.undo().unwrap();
    assert_eq!(store.counts().unwrap().contacts, 1);
}

#[test]
fn a_new_change_after_undo_discards_what_could_have_been_redone() {
    let (_dir, mut store) = workspace();
    let person = |first: &str| ContactFields {
        first_name: first.into(),
        last_name: "Stack".into(),
        ..Default::default()
    };
    store.create_contact(person("Ann")).unwrap();
    store.create_contact(person("Ben")).unwrap();
    store.undo().unwrap();
    store.undo().unwrap();
    assert_eq!(
        store.redo_label().unwrap().as_deref(),
        Some("Create contact Ann Stack")
    );
    store.create_contact(person("Cat")).unwrap();
    assert_eq!(
        store.redo_label().unwrap(),
        None,
        "the new change ends Redo"
    );
    // Undoing the new change offers it, and only it, to Redo: not the steps it discarded.
    store.undo().unwrap();
    assert_eq!(
        store.redo_label().unwrap().as_deref(),
        Some("Create contact Cat Stack")
    );
    store.redo().unwrap();
    assert_eq!(store.redo_label().unwrap(), None);
    let names: Vec<String> = store
        .contact_ids()
        .unwrap()
        .into_iter()
        .map(|id| store.contact(id).unwrap().fields.first_name)
        .collect();
    assert_eq!(names, ["Cat"]);
}

/// Undo pressed right after a save, before the window has re-read what Undo would take back: the
/// newest change is this connection's own, so it is taken back; another connection's newer change
/// still is not.
#[test]
fn undo_expected_takes_back_the_connections_own_newest_change_but_not_anothers() {
    let (dir, mut mine) = workspace();
    contact(&mut mine, "Ada", "Lovelace");
    let shown = mine.undo_step().unwrap().map(|(id, _)| id);
    let grace = contact(&mut mine, "Grace", "Hopper");
    assert_eq!(
        mine.undo_expected(shown).unwrap().as_deref(),
        Some("Create contact Grace Hopper")
    );
    assert!(mine.contact(grace).unwrap().deleted_at.is_some());

    let mut theirs = Store::open(dir.path().join("kith.db")).unwrap();
    let shown = mine.undo_step().unwrap().map(|(id, _)| id);
    contact(&mut mine, "Mary", "Jackson");
    let katherine = contact(&mut theirs, "Katherine", "Johnson");
    let refused = mine.undo_expected(shown).unwrap_err().to_string();
    assert!(
        refused.contains("not the one this window offered"),
        "{refused}"
    );
    assert!(mine.contact(katherine).unwrap().deleted_at.is_none());
}

/// A workspace opened read-only keeps its history but offers no step of it: Undo and Redo say why
/// they cannot act instead of failing half-way or claiming another window moved the history.
#[test]
fn a_read_only_workspace_offers_no_undo_and_says_why() {
    let (dir, mut store) = workspace();
    contact(&mut store, "Ada", "Lovelace");
    contact(&mut store, "Grace", "Hopper");
    store.undo().unwrap();
    let path = dir.path().join("kith.db");
    drop(store);

    let mut looked = Store::open_to_read(&path, None).unwrap();
    assert!(looked.read_only().is_some());
    assert_eq!(looked.undo_step().unwrap(), None);
    assert_eq!(looked.undo_label().unwrap(), None);
    assert_eq!(looked.redo_label().unwrap(), None);
    for attempt in [looked.undo(), looked.undo_expected(None), looked.redo()] {
        let err = attempt.unwrap_err();
        assert!(matches!(err, kith::store::Error::ReadOnly(_)), "{err}");
    }
    assert_eq!(live_contacts(&looked), 1);
    drop(looked);

    let store = Store::open(&path).unwrap();
    assert!(
        store
            .undo_label()
            .unwrap()
            .is_some_and(|l| l.contains("Ada"))
    );
    assert!(
        store
            .redo_label()
            .unwrap()
            .is_some_and(|l| l.contains("Grace"))
    );
}

/// A merge undone, then another change: the merge is no longer Redo's to put back, in this window
/// or the next (a window reopened later had offered to redo it, and merged two people again).
#[test]
fn an_undone_merge_is_not_redone_after_a_later_change_even_in_a_new_session() {
    let (dir, mut store) = workspace();
    let a = contact(&mut store, "Emil", "Popescu");
    let b = contact(&mut store, "Lina", "Meyer");
    let task = store
        .create_task(TaskFields {
            title: "Call back".into(),
            contact_id: Some(a),
            ..Default::default()
        })
        .unwrap();
    store
        .merge_contacts(a, b, &std::collections::BTreeMap::new())
        .unwrap();
    store.undo().unwrap();
    assert!(store.redo_label().unwrap().is_some());
    store.complete_task(task.id).unwrap();
    assert_eq!(store.redo_label().unwrap(), None);
    let path = store.path().to_path_buf();
    drop(store);
    let mut again = Store::open(&path).unwrap();
    assert_eq!(again.redo_label().unwrap(), None);
    assert_eq!(again.redo().unwrap(), None);
    assert!(again.contact(b).unwrap().deleted_at.is_none());
    drop(dir);
}
