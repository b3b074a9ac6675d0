//! What the benchmarks share: the generated demo workspace and a small timer.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The bench workspace, generated with `kith demo` on first use.
pub fn workspace(kith: &Path, contacts: u64) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let db = dir.join(format!("bench-demo-{contacts}.db"));
    if !db.exists() {
        std::fs::create_dir_all(&dir).expect("create the bench directory");
        let started = Instant::now();
        run_ok(
            Command::new(kith)
                .args(["demo", "--db"])
                .arg(&db)
                .args(["--contacts", &contacts.to_string()]),
        );
        println!(
            "kith demo --contacts {contacts}: {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    db
}

pub fn run_ok(cmd: &mut Command) {
    let out = cmd.output().expect("run the command");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub struct Timing {
    pub median: Duration,
    pub worst: Duration,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.1} / {:.1} ms",
            self.median.as_secs_f64() * 1e3,
            self.worst.as_secs_f64() * 1e3
        )
    }
}

pub fn measure(runs: usize, mut f: impl FnMut()) -> Timing {
    f(); // warm the page cache and statement cache
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    Timing {
        median: times[runs / 2],
        worst: times[runs - 1],
    }
}
