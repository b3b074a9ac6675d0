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
