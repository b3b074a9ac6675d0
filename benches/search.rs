//! Full-text search on a large demo workspace (1,000,000 contacts unless `KITH_BENCH_CONTACTS` says
//! otherwise), Kith beside a reference in one run:
//!
//! - `kith search` as a user runs it: a new process that opens the file and prints the hits;
//! - `Store::search` in-process, as the window's search palette calls it;
//! - reference: the `sqlite3` shell running the bare FTS5 match on the same file (no ranking, no
//!   join to skip deleted rows) — the floor any SQLite-based search sits on.
//!
//! The workspace is generated once with `kith demo` and kept under the target directory, so the first
//! run also reports how long the demo generator takes. Run with `cargo bench --bench search`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{measure, run_ok, workspace};
use kith::store::Store;

/// One-word queries of different selectivity: a common first name, a surname, a city, a word that
/// appears in many activities, and one in ticket subjects.
const QUERIES: &[&str] = &["anna", "novak", "lyon", "grinder", "espresso"];
const IN_PROCESS_RUNS: usize = 20;
const PROCESS_RUNS: usize = 7;

fn main() {
    let contacts: u64 = std::env::var("KITH_BENCH_CONTACTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let kith = Path::new(env!("CARGO_BIN_EXE_kith"));
    let db = workspace(kith, contacts);
    let sqlite3 = Command::new("sqlite3").arg("--version").output().is_ok();

    println!("search on {} ({contacts} contacts)", db.display());
    println!(
        "{:<10} {:>6} {:>16} {:>16} {:>16}",
        "query", "hits", "kith search", "Store::search", "sqlite3 (ref)"
    );
    let store = Store::open(&db).expect("open the bench workspace");
    for query in QUERIES {
        let hits = store.search(query, 20).expect("search").len();
        let in_process = measure(IN_PROCESS_RUNS, || {
            store.search(query, 20).expect("search");
        });
        let cli = measure(PROCESS_RUNS, || {
            run_ok(
                Command::new(kith)
                    .args(["search", "--db"])
                    .arg(&db)
                    .arg(query),
            )
        });
        let reference = sqlite3.then(|| {
            let sql = format!(
                "SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH '\"{query}\"*' LIMIT 20; \
                 SELECT rowid FROM companies_fts WHERE companies_fts MATCH '\"{query}\"*' LIMIT 20; \
                 SELECT rowid FROM activities_fts WHERE activities_fts MATCH '\"{query}\"*' LIMIT 20; \
                 SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH '\"{query}\"*' LIMIT 20;"
            );
            measure(PROCESS_RUNS, || run_ok(Command::new("sqlite3").arg(&db).arg(&sql)))
        });
        println!(
            "{query:<10} {hits:>6} {:>16} {:>16} {:>16}",
            cli.to_string(),
            in_process.to_string(),
            reference.map_or("(no sqlite3)".into(), |r| r.to_string())
        );
    }
    println!(
        "times are median / worst of {PROCESS_RUNS} processes or {IN_PROCESS_RUNS} in-process calls"
    );
}
