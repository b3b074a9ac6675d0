//! The workspace analyses as scripts run them (`kith analyze rfm | bayes | svm | text`): every
//! customer scored and segmented, every open deal given a win probability, the churn model, and
//! text complexity.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A demo workspace of `contacts` people in a temporary folder.
fn demo(contacts: u32) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let made = kith(&[
        "demo",
        "--contacts",
        &contacts.to_string(),
        "--db",
        path(&db),
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    (dir, db)
}

fn kith(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .env_remove("KITH_DB")
        .output()
        .expect("kith runs")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

fn succeeded(run: &Output) -> String {
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

#[test]
fn rfm_scores_every_customer_with_orders_and_writes_the_csv() {
    let (dir, db) = demo(300);
    let out = dir.path().join("rfm.csv");
    let printed = succeeded(&kith(&[
        "analyze",
        "rfm",
        "--db",
        path(&db),
        "--out",
        path(&out),
    ]));
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
    let printed = succeeded(&kith(&["analyze", "rfm", "--db", path(&db)]));
    assert!(printed.contains("nothing to score"));
}

#[test]
fn bayes_scores_every_open_deal_between_zero_and_one() {
    let (dir, db) = demo(600);
    let out = dir.path().join("deal_scores.csv");
    let printed = succeeded(&kith(&[
        "analyze",
        "bayes",
        "--db",
        path(&db),
        "--out",
        path(&out),
    ]));
    assert!(printed.contains("cross-validated accuracy"));
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
    let printed = succeeded(&kith(&[
        "analyze",
        "text",
        "--db",
        path(&db),
        "--out",
        path(&out),
    ]));
    assert!(
        printed.contains("contact note: 1 texts, average complexity 1.000"),
        "{printed}"
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
    if !Path::new(data).exists() {
        eprintln!("skipped: ../shared/datasets is not beside this checkout");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("svm.json");
    succeeded(&kith(&[
        "analyze",
        "svm",
        "--input",
        data,
        "--target",
        "target",
        "--report",
        path(&report),
    ]));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let cv = json["cv_accuracy"].as_f64().unwrap();
    assert!(cv >= 0.95, "cross-validated accuracy {cv}");
}

#[test]
fn the_churn_svm_runs_on_a_demo_workspace_and_refuses_an_empty_one() {
    let (dir, db) = demo(500);
    let printed = succeeded(&kith(&["analyze", "svm", "--db", path(&db)]));
    assert!(printed.contains("classes active, lapsed"));

    let empty = dir.path().join("empty.db");
    kith::store::Store::open(&empty).unwrap();
    let run = kith(&["analyze", "svm", "--db", path(&empty)]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("no rows to learn from"));
}

#[test]
fn recommend_offers_every_customer_a_product_they_have_not_bought() {
    let (dir, db) = demo(300);
    let out = dir.path().join("recommendations.csv");
    let printed = succeeded(&kith(&[
        "analyze",
        "recommend",
        "--db",
        path(&db),
        "--min-support",
        "0.01",
        "--min-confidence",
        "0.2",
        "--out",
        path(&out),
    ]));
    assert!(printed.contains("recommendations from rules"), "{printed}");

    let store = kith::store::Store::open(&db).unwrap();
    let customers = store.customer_products().unwrap();
    let mut reader = csv::Reader::from_path(&out).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "contact_id",
            "name",
            "segment",
            "next_product",
            "basis",
            "because",
            "confidence",
            "lift"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), customers.len());
    let mut from_rules = 0;
    for (row, customer) in rows.iter().zip(&customers) {
        assert_eq!(row[0], customer.contact.to_string());
        let product = &row[3];
        assert!(!product.is_empty(), "{row:?}");
        assert!(
            !customer.products.iter().any(|p| p == product),
            "{} already bought {product}",
            customer.name
        );
        if &row[4] == "rule" {
            from_rules += 1;
            // The customer owns everything the rule's antecedent names.
            let because = row[5].trim_start_matches('{').trim_end_matches('}');
            for item in because.split(',') {
                assert!(customer.products.iter().any(|p| p == item), "{row:?}");
            }
            let confidence: f64 = row[6].parse().unwrap();
            assert!((0.2..=1.0).contains(&confidence), "{row:?}");
        }
    }
    assert!(from_rules > rows.len() / 2, "only {from_rules} from rules");
}
