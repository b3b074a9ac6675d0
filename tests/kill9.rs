//! Crash safety: a `kith` process writing contacts as fast as it can is killed with SIGKILL at a
//! random moment, again and again. After each kill the workspace must pass `PRAGMA integrity_check`
//! and hold every contact the process reported as committed. `cargo test` runs 20 rounds; set
//! `KITH_KILL9_RUNS=100` (or run `benches/kill9.sh`) for the full hundred.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use kith::store::Store;

const DEFAULT_RUNS: u32 = 20;

/// A small deterministic generator: the seed is printed, so a failing round can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn every_committed_change_survives_sigkill() {
    let runs = std::env::var("KITH_KILL9_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_RUNS);
    let seed = std::env::var("KITH_KILL9_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("kill-9 harness: {runs} rounds, KITH_KILL9_SEED={seed}");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let started = Instant::now();
    let mut confirmed: Vec<i64> = Vec::new();
    for round in 1..=runs {
        let (ids, killed_after) = write_until_killed(&db, 5 + rng.next() % 250);
        confirmed.extend(ids);
        let store = Store::open(&db).unwrap_or_else(|e| {
            panic!("round {round} (seed {seed}): the workspace would not reopen: {e}")
        });
        let integrity: String = store.check().unwrap().integrity.join("; ");
        assert_eq!(
            integrity, "ok",
            "round {round} (seed {seed}), killed after {killed_after:?}"
        );
        let missing: Vec<i64> = confirmed
            .iter()
            .copied()
            .filter(|&id| store.contact(kith::domain::ContactId(id)).is_err())
            .collect();
        assert!(
            missing.is_empty(),
            "round {round} (seed {seed}): committed contacts lost: {missing:?}"
        );
    }
    eprintln!(
        "kill-9 harness: {runs} of {runs} rounds passed, {} committed contacts checked, {:.1} s",
        confirmed.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(!confirmed.is_empty(), "the writer never committed anything");
}

/// Starts the writer, lets it run for `millis` after its first commit, kills it with SIGKILL and
/// returns the ids it printed (each printed only after its commit returned).
fn write_until_killed(db: &std::path::Path, millis: u64) -> (Vec<i64>, Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("crash-test-writer")
        .arg("--db")
        .arg(db)
        .env_remove("KITH_DB")
        .env_remove("KITH_PASSPHRASE")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("kith starts");
    let stdout = child.stdout.take().unwrap();
    let (lines, ids) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Ok(id) = line.trim().parse::<i64>() {
                let _ = lines.send(id);
            }
        }
    });
    let mut got = Vec::new();
    // Wait for the first commit (opening and migrating take a moment), then a random while more.
    if let Ok(first) = ids.recv_timeout(Duration::from_secs(30)) {
        got.push(first);
    }
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(millis));
    child.kill().expect("SIGKILL is delivered"); // Child::kill sends SIGKILL on Unix
    let _ = child.wait();
    let _ = reader.join();
    got.extend(ids.try_iter());
    (got, start.elapsed())
}

/// A large import writes through a rollback journal (see `store::import`): killed at any moment,
/// the workspace reopens whole, in WAL mode, holding either none of the file or all of it.
#[test]
fn a_large_import_killed_midway_leaves_the_workspace_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("import.db");
    let csv = dir.path().join("people.csv");
    let rows = 60_000u64;
    let mut text = String::from("First Name,Last Name,E-mail Address\n");
    for i in 0..rows {
        text.push_str(&format!(
            "Person{i},Surname{},person{i}@example.org\n",
            i % 700
        ));
    }
    std::fs::write(&csv, text).unwrap();
    // The import takes about 1.6 s in a debug build: kills land while rows are read, while the
    // indexes are rebuilt and while the transaction commits.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    for round in 1..=5 {
        // A few contacts from before, so a rolled-back import has something to leave untouched.
        let before = {
            let mut store = Store::open(&db).unwrap();
            store
                .create_contact(kith::domain::ContactFields {
                    first_name: format!("Kept{round}"),
                    last_name: "Before".into(),
                    ..Default::default()
                })
                .unwrap();
            store.counts().unwrap().contacts
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["import", "csv"])
            .arg(&csv)
            .arg("--db")
            .arg(&db)
            .env_remove("KITH_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("kith starts");
        std::thread::sleep(Duration::from_millis(200 + rng.next() % 1500));
        child.kill().expect("SIGKILL is delivered");
        let finished = child.wait().unwrap().success();
        eprintln!(
            "round {round} (seed {seed}): import finished before the kill: {finished}; journal left: {}",
            std::path::Path::new(&format!("{}-journal", db.display())).exists()
        );

        let store = Store::open(&db).unwrap_or_else(|e| {
            panic!("round {round}: the workspace would not reopen after the kill: {e}")
        });
        assert_eq!(
            store.check().unwrap().integrity.join("; "),
            "ok",
            "round {round}"
        );
        let after = store.counts().unwrap().contacts;
        assert!(
            after == before || after == before + rows,
            "round {round}: {before} contacts before, {after} after (finished: {finished})"
        );
        drop(store);
        let mode: String = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal", "round {round}");
        if after == before + rows {
            // It finished before the kill; the next round imports into a larger table again.
            std::fs::remove_file(&db).ok();
            for suffix in ["-wal", "-shm", "-journal"] {
                std::fs::remove_file(format!("{}{suffix}", db.display())).ok();
            }
        }
    }
}
