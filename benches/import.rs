//! Importing a large CSV (1,000,000 rows unless `KITH_BENCH_ROWS` says otherwise) with
//! `kith import csv` as a user runs it: a new process, a new workspace, one transaction, the change
//! log entries for Undo, and the duplicate check on the imported contacts. The file is written once
//! under the target directory. Run with `cargo bench --bench import`.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn main() {
    let rows: u64 = std::env::var("KITH_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-import");
    std::fs::create_dir_all(&dir).expect("bench directory");
    let csv = dir.join(format!("contacts-{rows}.csv"));
    if !csv.exists() {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&csv).expect("csv file"));
        writeln!(w, "First Name,Last Name,Company,Job Title,E-mail Address,Mobile Phone,Business City,Business Country/Region,Notes").unwrap();
        for i in 0..rows {
            // 1 row in 1000 is bad (an e-mail without a domain) so the rejection path is timed too.
            let email = if i % 1000 == 999 {
                format!("bad{i}@")
            } else {
                format!("person{i}@example.org")
            };
            writeln!(
                w,
                "Person{i},Surname{},Company {} Ltd,Engineer,{email},+44 20 {:04} {:04},London,United Kingdom,\"Note, with a comma\"",
                i % 5000,
                i % 20_000,
                (i / 10_000) % 10_000,
                i % 10_000
            )
            .unwrap();
        }
    }
    let db = dir.join("import.db");
    for f in ["import.db", "import.db-wal", "import.db-shm"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["import", "csv"])
        .arg(&csv)
        .arg("--db")
        .arg(&db)
        .output()
        .expect("kith runs");
    let elapsed = started.elapsed();
    print!(
        "{}",
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .take(2)
            .collect::<Vec<_>>()
            .join("\n")
    );
    println!();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "kith import csv: {rows} rows ({:.0} MB) in {:.1} s ({:.0} rows/s)",
        size as f64 / 1e6,
        elapsed.as_secs_f64(),
        rows as f64 / elapsed.as_secs_f64()
    );
}
