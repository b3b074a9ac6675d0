//! `kith analyze rfm` on a demo workspace: every customer who ordered is scored and segmented.

use std::process::Command;

#[test]
fn rfm_scores_every_customer_with_orders_and_writes_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let kith = env!("CARGO_BIN_EXE_kith");
    let made = Command::new(kith)
        .args(["demo", "--contacts", "300", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(made.status.success());
    let out = dir.path().join("rfm.csv");
    let run = Command::new(kith)
        .args(["analyze", "rfm", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let printed = String::from_utf8_lossy(&run.stdout);
    assert!(printed.contains("Champions"), "{printed}");

    let store = kith::store::Store::open(&db).unwrap();
    let (_, customers) = store.purchases(kith::domain::Timestamp::now()).unwrap();
    assert!(!customers.is_empty());
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("contact_id,name,recency_days,frequency,monetary,r,f,m,segment")
    );
    assert_eq!(lines.count(), customers.len());
}

#[test]
fn rfm_on_a_workspace_without_orders_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    kith::store::Store::open(&db).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["analyze", "rfm", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stdout).contains("nothing to score"));
}
