//! `kith analyze rfm` and `kith analyze bayes` on demo workspaces: every customer scored and segmented, every open deal given a win probability.

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

#[test]
fn bayes_scores_every_open_deal_between_zero_and_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let kith = env!("CARGO_BIN_EXE_kith");
    assert!(
        Command::new(kith)
            .args(["demo", "--contacts", "600", "--db"])
            .arg(&db)
            .output()
            .unwrap()
            .status
            .success()
    );
    let out = dir.path().join("deal_scores.csv");
    let run = Command::new(kith)
        .args(["analyze", "bayes", "--db"])
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
    assert!(String::from_utf8_lossy(&run.stdout).contains("cross-validated accuracy"));
    let open = kith::store::Store::open(&db)
        .unwrap()
        .deal_facts()
        .unwrap()
        .into_iter()
        .filter(|d| d.status == kith::domain::DealStatus::Open)
        .count();
    let csv = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), open);
    for row in rows {
        let p: f64 = row.rsplit(',').next().unwrap().parse().unwrap();
        assert!((0.0..=1.0).contains(&p), "{row}");
    }
}

#[test]
fn text_complexity_is_written_for_every_note() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = kith::store::Store::open(&db).unwrap();
    store
        .create_contact(kith::domain::ContactFields {
            first_name: "Ada".into(),
            notes: "abcd".into(),
            ..Default::default()
        })
        .unwrap();
    drop(store);
    let out = dir.path().join("text.csv");
    let run = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["analyze", "text", "--db"])
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
    assert!(
        String::from_utf8_lossy(&run.stdout)
            .contains("contact note: 1 texts, average complexity 1.000")
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().nth(1), Some("contact note,1,4,1.000000"));
}

#[test]
fn a_linear_svm_separates_the_breast_cancer_classes() {
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/datasets/sklearn/breast_cancer.csv"
    );
    if !std::path::Path::new(data).exists() {
        eprintln!("skipped: ../shared/datasets is not beside this checkout");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("svm.json");
    let run = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "analyze", "svm", "--input", data, "--target", "target", "--report",
        ])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let cv = json["cv_accuracy"].as_f64().unwrap();
    assert!(cv >= 0.95, "cross-validated accuracy {cv}");
}

#[test]
fn the_churn_svm_runs_on_a_demo_workspace_and_refuses_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let kith = env!("CARGO_BIN_EXE_kith");
    assert!(
        Command::new(kith)
            .args(["demo", "--contacts", "500", "--db"])
            .arg(&db)
            .output()
            .unwrap()
            .status
            .success()
    );
    let run = Command::new(kith)
        .args(["analyze", "svm", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("classes active, lapsed"));

    let empty = dir.path().join("empty.db");
    kith::store::Store::open(&empty).unwrap();
    let run = Command::new(kith)
        .args(["analyze", "svm", "--db"])
        .arg(&empty)
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("no rows to learn from"));
}
