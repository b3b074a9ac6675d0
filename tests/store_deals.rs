//! Pipelines and deals on a real workspace file: moves, history, totals, money kept exact.

mod common;

use chrono::NaiveDate;
use common::{invalid_fields, workspace};
use kith::domain::*;
use kith::store::Store;

fn deal(p: &Pipeline, title: &str, minor: i64) -> DealFields {
    DealFields {
        title: title.into(),
        pipeline_id: p.id,
        stage_id: p.stages[0].id,
        contact_id: None,
        company_id: None,
        amount: Money::new(minor, Currency::EUR),
        probability: None,
        expected_close: None,
        status: DealStatus::Open,
        lost_reason: String::new(),
        owner: String::new(),
        notes: String::new(),
    }
}

fn stage<'a>(p: &'a Pipeline, name: &str) -> &'a Stage {
    p.stages
        .iter()
        .find(|s| s.fields.name == name)
        .expect("stage exists")
}

#[test]
fn a_new_workspace_gets_the_standard_pipeline_once() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let names: Vec<_> = p.stages.iter().map(|s| s.fields.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Qualification",
            "Needs analysis",
            "Proposal",
            "Negotiation",
            "Closing",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(store.ensure_default_pipeline().unwrap().id, p.id);
    assert_eq!(store.pipelines().unwrap().len(), 1);
}

#[test]
fn moving_a_deal_records_history_and_winning_closes_it() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let d = store
        .create_deal(deal(&p, "Espresso bar fit-out", 12_500_00))
        .unwrap();
    store
        .move_deal(d.id, stage(&p, "Proposal").id, None)
        .unwrap();
    let won = store.move_deal(d.id, stage(&p, "Won").id, None).unwrap();
    assert_eq!(won.fields.status, DealStatus::Won);
    assert!(won.closed_at.is_some());
    let path: Vec<_> = store
        .stage_history(d.id)
        .unwrap()
        .iter()
        .map(|m| (m.from, m.to))
        .collect();
    assert_eq!(
        path,
        [
            (None, p.stages[0].id),
            (Some(p.stages[0].id), stage(&p, "Proposal").id),
            (Some(stage(&p, "Proposal").id), stage(&p, "Won").id),
        ]
    );
    let reopened = store
        .move_deal(d.id, stage(&p, "Negotiation").id, None)
        .unwrap();
    assert_eq!(
        (reopened.fields.status, reopened.closed_at),
        (DealStatus::Open, None)
    );
}

#[test]
fn a_reopened_deal_goes_back_to_the_stage_it_was_closed_from() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let d = store
        .create_deal(deal(&p, "Roastery fit-out", 23_235_00))
        .unwrap();
    store
        .move_deal(d.id, stage(&p, "Closing").id, None)
        .unwrap();
    store
        .move_deal(d.id, stage(&p, "Lost").id, Some("Went quiet"))
        .unwrap();
    store.move_deal(d.id, stage(&p, "Won").id, None).unwrap();
    let reopened = store.reopen_deal(d.id).unwrap();
    assert_eq!(reopened.fields.stage_id, stage(&p, "Closing").id);
    assert_eq!(reopened.fields.status, DealStatus::Open);
    // A deal won straight from where it was created goes back there.
    let quick = store.create_deal(deal(&p, "Sample box", 40_00)).unwrap();
    store
        .move_deal(quick.id, stage(&p, "Won").id, None)
        .unwrap();
    assert_eq!(
        store.reopen_deal(quick.id).unwrap().fields.stage_id,
        p.stages[0].id
    );

    // Reopened in the deal's form, by putting it back in an open stage, Undo's label says so.
    store
        .move_deal(quick.id, stage(&p, "Won").id, None)
        .unwrap();
    let mut form = store.deal(quick.id).unwrap().fields;
    form.stage_id = stage(&p, "Closing").id;
    store.update_deal(quick.id, form.clone()).unwrap();
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Reopen deal Sample box")
    );
    form.notes = "Wants it by Friday".into();
    store.update_deal(quick.id, form).unwrap();
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Edit deal Sample box")
    );
}

#[test]
fn losing_a_deal_needs_a_reason() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let d = store.create_deal(deal(&p, "Grinders", 900_00)).unwrap();
    let err = store
        .move_deal(d.id, stage(&p, "Lost").id, None)
        .unwrap_err();
    assert_eq!(invalid_fields(err), ["lost_reason"]);
    assert_eq!(
        store.deal(d.id).unwrap().fields.status,
        DealStatus::Open,
        "nothing was saved"
    );
    let lost = store
        .move_deal(d.id, stage(&p, "Lost").id, Some("Price"))
        .unwrap();
    assert_eq!(
        (lost.fields.status, lost.fields.lost_reason.as_str()),
        (DealStatus::Lost, "Price")
    );
}

#[test]
fn deal_validation_names_each_field() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let bad = DealFields {
        title: " ".into(),
        amount: Money::new(-5, Currency::EUR),
        probability: Some(101),
        expected_close: NaiveDate::from_ymd_opt(2001, 1, 1),
        ..deal(&p, "", 0)
    };
    assert_eq!(
        invalid_fields(store.create_deal(bad).unwrap_err()),
        ["title", "amount", "probability", "expected_close"]
    );
}

#[test]
fn stage_totals_are_exact_integers_even_beyond_float_precision() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    // Ten deals near the largest amount Kith holds sum past 2^53 cents, to an odd total no f64
    // can hold; a float anywhere on the way would change it.
    let huge = kith::domain::money::MAX_MINOR - 7;
    for n in 0..10 {
        store
            .create_deal(deal(&p, &format!("Huge {n}"), huge))
            .unwrap();
    }
    // 10% of 5 cents is 0.5 cent: rounded half away from zero, per deal, to 1.
    store.create_deal(deal(&p, "Tiny", 5)).unwrap();
    let total = 10 * huge + 5;
    assert!(total > 1 << 53 && total as f64 as i64 != total);
    let totals = store.stage_totals(p.id).unwrap();
    assert_eq!(totals.len(), 1);
    assert_eq!(totals[0].deals, 11);
    assert_eq!(totals[0].amount.minor, total);
    let weighted = 10 * Money::new(huge, Currency::EUR).percent(10).minor + 1;
    assert_eq!(totals[0].weighted.minor, weighted);
    let d = store.deals_in_stage(p.stages[0].id, 0, 20).unwrap();
    assert_eq!((d.total, d.rows[0].amount.minor), (11, huge));
    reopen(store, |s| {
        assert_eq!(s.stage_totals(p.id).unwrap()[0].amount.minor, total)
    });
}

/// A deal of nine quintillion cents was saved, and every weighted total it was part of (the
/// board, the dashboard, the owner's report) then failed with a database error.
#[test]
fn an_amount_beyond_any_real_figure_is_refused_by_name() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let refused = store
        .create_deal(deal(&p, "Typo", 9_000_000_000_000_000_000))
        .unwrap_err();
    assert_eq!(invalid_fields(refused), ["amount"]);
    store
        .create_deal(deal(&p, "Large", kith::domain::money::MAX_MINOR))
        .unwrap();
    assert_eq!(store.stage_totals(p.id).unwrap()[0].deals, 1);
}

fn reopen(store: Store, check: impl FnOnce(&Store)) {
    let path = store.path().to_path_buf();
    drop(store);
    check(&Store::open(path).unwrap());
}

#[test]
fn a_deleted_deal_leaves_the_board_and_comes_back_on_restore() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let d = store.create_deal(deal(&p, "Cups", 300_00)).unwrap();
    let mut fields = d.fields.clone();
    fields.title = "Cups and saucers".into();
    assert_eq!(
        store.update_deal(d.id, fields).unwrap().fields.title,
        "Cups and saucers"
    );
    store.delete(d.id).unwrap();
    assert!(store.stage_totals(p.id).unwrap().is_empty());
    assert_eq!(
        store.deals_in_stage(p.stages[0].id, 0, 10).unwrap().total,
        0
    );
    store.restore(d.id).unwrap();
    assert_eq!(store.stage_totals(p.id).unwrap()[0].deals, 1);
}

#[test]
fn a_stage_can_be_renamed_but_not_change_its_outcome() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let mut s = p.stages[0].fields.clone();
    s.name = "Lead in".into();
    assert_eq!(
        store
            .update_stage(p.stages[0].id, s.clone())
            .unwrap()
            .fields
            .name,
        "Lead in"
    );
    s.outcome = StageOutcome::Won;
    s.probability = 100;
    assert_eq!(
        invalid_fields(store.update_stage(p.stages[0].id, s).unwrap_err()),
        ["outcome"]
    );
}

#[test]
fn a_stage_moves_among_its_kind_and_one_undo_puts_it_back() {
    let (_dir, mut store) = common::workspace();
    let pipeline = store.ensure_default_pipeline().unwrap();
    let names = |store: &kith::store::Store| -> Vec<String> {
        store.pipelines().unwrap()[0]
            .stages
            .iter()
            .map(|s| s.fields.name.clone())
            .collect()
    };
    let before = names(&store);
    let second = pipeline.stages[1].id;
    store
        .move_stage(second, kith::store::Shift::Earlier)
        .unwrap();
    let after = names(&store);
    assert_eq!(after[0], before[1]);
    assert_eq!(after[1], before[0]);
    // The last open stage cannot move past "Won": the closed stages stay at the end.
    let closing = pipeline.open_stages().last().unwrap().id;
    store
        .move_stage(closing, kith::store::Shift::Later)
        .unwrap();
    assert_eq!(names(&store)[4..], after[4..]);
    store.undo().unwrap();
    assert_eq!(names(&store), before);
}

fn titles(store: &Store, q: &kith::store::DealQuery) -> Vec<String> {
    let q = kith::store::DealQuery {
        limit: 50,
        ..q.clone()
    };
    store
        .deals(&q)
        .unwrap()
        .rows
        .into_iter()
        .map(|d| d.title)
        .collect()
}

/// The won & lost list's dates are when deals closed, not when they were expected to (deals
/// closed in September had been listed under "Closed until 31 March"), and its amount bounds match only
/// deals in their own currency (¥150,000 had matched "€1,400 to €1,600").
#[test]
fn closed_deals_filter_on_their_closing_date_and_amounts_on_their_own_currency() {
    use kith::store::{DealDates, DealQuery, DealSort, SortDir};
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let yen = Currency::new("JPY").unwrap();
    let mut late = deal(&p, "Won today, expected later", 1_500_00);
    late.expected_close = chrono::Local::now()
        .date_naive()
        .checked_add_days(chrono::Days::new(60));
    let late = store.create_deal(late).unwrap();
    store.move_deal(late.id, stage(&p, "Won").id, None).unwrap();
    let mut in_yen = deal(&p, "Yen deal", 150_000);
    in_yen.amount = Money::new(150_000, yen);
    store.create_deal(in_yen).unwrap();
    store
        .create_deal(deal(&p, "Big euro deal", 9_000_00))
        .unwrap();

    let today = chrono::Local::now().date_naive();
    let closed = DealQuery {
        statuses: Some(vec![DealStatus::Won, DealStatus::Lost]),
        dates: DealDates::Closed,
        ..Default::default()
    };
    let on = |from: NaiveDate, to: NaiveDate| DealQuery {
        close_from: Some(from),
        close_to: Some(to),
        ..closed.clone()
    };
    assert_eq!(
        titles(&store, &on(today, today)),
        ["Won today, expected later"]
    );
    let before = today.pred_opt().unwrap();
    assert!(titles(&store, &on(before - chrono::Days::new(30), before)).is_empty());

    let euros = |minor| Some(Money::new(minor, Currency::EUR));
    let band = DealQuery {
        min_amount: euros(1_400_00),
        max_amount: euros(1_600_00),
        ..Default::default()
    };
    assert_eq!(titles(&store, &band), ["Won today, expected later"]);
    let in_yen = DealQuery {
        min_amount: Some(Money::new(100_000, yen)),
        ..Default::default()
    };
    assert_eq!(titles(&store, &in_yen), ["Yen deal"]);
    let by_amount = DealQuery {
        sort: DealSort::Amount,
        dir: SortDir::Desc,
        ..Default::default()
    };
    assert_eq!(
        titles(&store, &by_amount),
        ["Big euro deal", "Won today, expected later", "Yen deal"],
        "each currency's deals together, largest first"
    );
}

/// A stage's cards are largest first within each currency, the currency most of its deals are in
/// first: ¥1,234,567 had stood above €10,343 by its number of minor units. Windows of the
/// column read across the runs as one list.
#[test]
fn a_column_ranks_deals_within_their_currency() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let jpy = Currency::new("JPY").unwrap();
    let sek = Currency::new("SEK").unwrap();
    for (title, minor, currency) in [
        ("Yen", 1_234_567, jpy),
        ("Krona", 12_500_00, sek),
        ("Small euro", 500_00, Currency::EUR),
        ("Big euro", 10_343_00, Currency::EUR),
    ] {
        let mut d = deal(&p, title, minor);
        d.amount = Money::new(minor, currency);
        store.create_deal(d).unwrap();
    }
    let titles = |offset: u64, limit: u32| -> Vec<String> {
        let page = store.deals_in_stage(p.stages[0].id, offset, limit).unwrap();
        assert_eq!(page.total, 4);
        page.rows.into_iter().map(|c| c.title).collect()
    };
    assert_eq!(titles(0, 10), ["Big euro", "Small euro", "Yen", "Krona"]);
    assert_eq!(titles(1, 2), ["Small euro", "Yen"]);
    assert_eq!(titles(3, 5), ["Krona"]);
    assert!(titles(4, 5).is_empty());
}

/// Redo puts a move back as it was made: a deal won a week ago, undone and redone today, was
/// closed a week ago (its redo had stamped today on the close and on the stage history).
#[test]
fn a_redone_win_keeps_the_day_it_was_won() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let p = store.ensure_default_pipeline().unwrap();
    let d = store.create_deal(deal(&p, "Grinders", 900_00)).unwrap();
    store.move_deal(d.id, stage(&p, "Won").id, None).unwrap();
    // As if the win had been a week ago.
    const WEEK: i64 = 7 * 86_400;
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(&format!(
            "UPDATE change_sets SET at = at - {WEEK} WHERE id = (SELECT max(id) FROM change_sets); \
             UPDATE deals SET closed_at = closed_at - {WEEK}, stage_changed_at = stage_changed_at - {WEEK}; \
             UPDATE deal_stage_history SET changed_at = changed_at - {WEEK} \
               WHERE id = (SELECT max(id) FROM deal_stage_history);"
        ))
        .unwrap();
    let won = store.deal(d.id).unwrap();
    let closed = won.closed_at.expect("closed");
    store.undo().unwrap();
    assert_eq!(store.deal(d.id).unwrap().closed_at, None);
    store.redo().unwrap();
    let again = store.deal(d.id).unwrap();
    assert_eq!(again.fields.status, DealStatus::Won);
    assert_eq!(again.closed_at, Some(closed));
    assert_eq!(again.stage_changed_at, won.stage_changed_at);
}

/// A deal made on a Los Angeles evening (the 27th there, the 28th in UTC) to close that day is
/// edited, moved and won wherever it is opened next: the rule "not before the day it was
/// created" had read the day from the editing machine's zone and refused every save.
#[test]
fn a_deal_closing_on_the_day_it_was_made_in_a_western_zone_stays_editable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let p = store.ensure_default_pipeline().unwrap();
    let made = store
        .create_deal(deal(&p, "LA evening deal", 1000_00))
        .unwrap();
    let evening_in_la = "2026-11-28T03:00:00Z"
        .parse::<chrono::DateTime<chrono::Utc>>()
        .unwrap()
        .timestamp();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE deals SET created_at = ?1, expected_close = '2026-11-27' WHERE id = ?2",
            rusqlite::params![evening_in_la, made.id.0],
        )
        .unwrap();
    let mut fields = store.deal(made.id).unwrap().fields;
    fields.amount = Money::new(1500_00, Currency::EUR);
    store.update_deal(made.id, fields).unwrap();
    store.move_deal(made.id, p.stages[1].id, None).unwrap();
    store.move_deal(made.id, stage(&p, "Won").id, None).unwrap();
    let won = store.deal(made.id).unwrap();
    assert_eq!(won.fields.status, DealStatus::Won);
    assert_eq!(won.fields.amount.minor, 1500_00);
    // A day before it was made anywhere is still refused.
    let mut early = won.fields.clone();
    early.expected_close = NaiveDate::from_ymd_opt(2026, 11, 26);
    assert_eq!(
        invalid_fields(store.update_deal(made.id, early).unwrap_err()),
        ["expected_close"]
    );
}

/// A deal deleted elsewhere is not written to by a form or card that still shows it (a company
/// page not yet read again opened it): the edit had been saved onto the deleted deal.
#[test]
fn a_deal_deleted_meanwhile_is_neither_edited_nor_moved() {
    let (_dir, mut store) = workspace();
    let p = store.ensure_default_pipeline().unwrap();
    let d = store.create_deal(deal(&p, "Grinders", 900_00)).unwrap();
    store.delete(d.id).unwrap();
    let mut fields = d.fields.clone();
    fields.amount = Money::new(999_00, Currency::EUR);
    let refused = store.update_deal(d.id, fields).unwrap_err().to_string();
    assert!(
        refused.contains("was deleted while you edited it"),
        "{refused}"
    );
    assert!(store.move_deal(d.id, p.stages[1].id, None).is_err());
    assert_eq!(store.deal(d.id).unwrap().fields.amount.minor, 900_00);
}
