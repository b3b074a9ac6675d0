//! The pipeline board with about 10,000 open deals (a 400,000-contact demo workspace, or
//! `KITH_BENCH_CONTACTS`): loading the column totals and the first cards of every column, as the
//! board does when it opens, against a budget of 50 ms; beside it the bare SQL of the totals alone in
//! the `sqlite3` shell, the floor any SQLite-based board sits on.
//!
//! Run with `cargo bench --bench board`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{measure, run_ok, workspace};
use kith::domain::{Period, StageOutcome};
use kith::store::Store;

const FIRST_CARDS: u32 = 40;
const RUNS: usize = 20;
const BUDGET_MS: f64 = 50.0;

fn main() {
    let contacts: u64 = std::env::var("KITH_BENCH_CONTACTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400_000);
    let db = workspace(Path::new(env!("CARGO_BIN_EXE_kith")), contacts);
    let store = Store::open(&db).expect("open the bench workspace");
    let pipeline = store.pipelines().expect("pipelines").remove(0);
    let open_deals: u64 = pipeline
        .stages
        .iter()
        .filter(|s| s.fields.outcome == StageOutcome::Open)
        .map(|s| store.deals_in_stage(s.id, 0, 1).expect("column").total)
        .sum();
    println!(
        "pipeline board on {} ({open_deals} open deals); budget {BUDGET_MS} ms",
        db.display()
    );

    let board = measure(RUNS, || {
        store
            .board(None, FIRST_CARDS)
            .expect("board")
            .expect("a pipeline");
    });
    let today = chrono::Local::now().date_naive();
    let with_forecast = measure(RUNS, || {
        let board = store
            .board(None, FIRST_CARDS)
            .expect("board")
            .expect("a pipeline");
        store
            .forecast(board.pipeline.id, Period::month_of(today))
            .expect("forecast");
        store
            .forecast(board.pipeline.id, Period::quarter_of(today))
            .expect("forecast");
    });
    let verdict = |t: &common::Timing| {
        if t.worst.as_secs_f64() * 1e3 < BUDGET_MS {
            "within budget"
        } else {
            "OVER BUDGET"
        }
    };
    println!(
        "  {:<44} {:>18}   {}",
        "totals + first cards of every column",
        board.to_string(),
        verdict(&board)
    );
    println!(
        "  {:<44} {:>18}   {}",
        "… and the month and quarter forecast",
        with_forecast.to_string(),
        verdict(&with_forecast)
    );

    if Command::new("sqlite3").arg("--version").output().is_ok() {
        let sql = format!(
            "SELECT s.id, d.currency, count(*), sum(d.amount_minor) FROM stages s JOIN deals d ON d.stage_id = s.id \
             WHERE s.pipeline_id = {} AND d.deleted_at IS NULL GROUP BY s.id, d.currency;",
            pipeline.id.0
        );
        let reference = measure(7, || run_ok(Command::new("sqlite3").arg(&db).arg(&sql)));
        println!(
            "  {:<44} {:>18}   (reference, a new process)",
            "sqlite3: the column totals alone",
            reference.to_string()
        );
    }
    println!("times are median / worst of {RUNS} in-process loads");
}
