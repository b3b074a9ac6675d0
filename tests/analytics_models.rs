//! Regression and decision trees against the reference answers in ../shared/oracle/expected (made
//! with scikit-learn), and `kith analyze regress|tree` as users run them.

use std::path::{Path, PathBuf};
use std::process::Command;

use kith::analytics::classify::{self, Criterion, Dataset, TreeParams};
use kith::analytics::regress::{self, Method};
use kith::analytics::table::Table;
use kith::analytics::worker::Ticker;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");

/// The shared folder, or None (with a notice) in a fresh clone that has none.
fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(SHARED);
    if dir.join("oracle/expected").is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {SHARED} (reference datasets and answers) is absent");
        None
    }
}

fn expected(shared: &Path, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(shared.join("oracle/expected").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// `shared/datasets/…` as the reference files name their data.
fn dataset(shared: &Path, reference: &serde_json::Value) -> PathBuf {
    let name = reference["dataset"].as_str().unwrap();
    shared.join(name.strip_prefix("shared/").unwrap())
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn close(actual: f64, expected: f64, relative: f64) -> bool {
    (actual - expected).abs() <= relative * expected.abs().max(1e-300)
}

#[test]
fn least_squares_reproduces_scikit_learn_on_diabetes() {
    let Some(shared) = shared() else { return };
    let reference = expected(&shared, "linreg_diabetes_all.json");
    let features = strings(&reference["features"]);
    let target = reference["target"].as_str().unwrap();
    let mut wanted = features.clone();
    wanted.push(target.to_string());
    let mut columns =
        regress::read_numeric_columns(&dataset(&shared, &reference), &wanted).unwrap();
    let y = columns.pop().unwrap();
    assert_eq!(y.len() as u64, reference["rows"].as_u64().unwrap());

    let r = regress::fit(
        &features,
        &columns,
        &y,
        Method::LeastSquares,
        &Ticker::silent(),
    )
    .unwrap();
    let intercept = reference["intercept"].as_f64().unwrap();
    assert!(
        close(r.intercept, intercept, 1e-6),
        "intercept {} vs {intercept}",
        r.intercept
    );
    for (name, b) in features.iter().zip(&r.coefficients) {
        let want = reference["coefficients"][name].as_f64().unwrap();
        assert!(close(*b, want, 1e-6), "{name}: {b} vs {want}");
    }
    let r2 = reference["r2"].as_f64().unwrap();
    assert!((r.r2 - r2).abs() <= 1e-6, "R² {} vs {r2}", r.r2);
    let rmse = reference["rmse"].as_f64().unwrap();
    assert!(close(r.rmse, rmse, 1e-6), "RMSE {} vs {rmse}", r.rmse);
}

#[test]
fn gradient_descent_converges_to_the_least_squares_answer_on_diabetes() {
    let Some(shared) = shared() else { return };
    let reference = expected(&shared, "linreg_diabetes_all.json");
    let features = strings(&reference["features"]);
    let mut wanted = features.clone();
    wanted.push("target".into());
    let mut columns =
        regress::read_numeric_columns(&dataset(&shared, &reference), &wanted).unwrap();
    let y = columns.pop().unwrap();
    let r = regress::fit(
        &features,
        &columns,
        &y,
        Method::GradientDescent(Default::default()),
        &Ticker::silent(),
    )
    .unwrap();
    assert!(r.descent.unwrap().converged);
    // Descent stops on a small gradient, not at the exact optimum: R² agrees, coefficients closely.
    assert!((r.r2 - reference["r2"].as_f64().unwrap()).abs() <= 1e-6);
    for (name, b) in features.iter().zip(&r.coefficients) {
        let want = reference["coefficients"][name].as_f64().unwrap();
        assert!(close(*b, want, 1e-3), "{name}: {b} vs {want}");
    }
}

/// Fits the reference's tree settings and checks CV accuracy within 3 points of `cv_mod.mean`, and
/// train accuracy 1.0 for an unlimited tree.
fn tree_matches(name: &str, criterion: Criterion) {
    let Some(shared) = shared() else { return };
    let reference = expected(&shared, name);
    let table = Table::read_csv(&dataset(&shared, &reference)).unwrap();
    let features = strings(&reference["features"]);
    let target = reference["target"].as_str().unwrap();
    let data = Dataset::from_table(&table, target, &features).unwrap();
    assert_eq!(
        data.columns.len() as u64,
        reference["encoded_columns"]
            .as_u64()
            .unwrap()
            .max(data.columns.len() as u64),
        "one-hot encoding gives at least the reference's columns"
    );
    let params = TreeParams {
        criterion,
        max_depth: reference["max_depth"].as_u64().map(|d| d as usize),
        min_samples_leaf: reference["min_samples_leaf"].as_u64().unwrap() as usize,
    };
    let folds = reference["cv_mod"]["folds"].as_u64().unwrap() as usize;
    let r = classify::evaluate(&data, &params, folds, &Ticker::silent()).unwrap();
    let want = reference["cv_mod"]["mean"].as_f64().unwrap();
    let cv = r.cv_accuracy.unwrap();
    assert!(
        (cv - want).abs() <= 0.03,
        "{name}: CV accuracy {cv} vs {want}"
    );
    if params.max_depth.is_none() {
        assert_eq!(r.train_accuracy, 1.0, "{name}");
    }
    let total: u32 = r.confusion.iter().flatten().sum();
    assert_eq!(
        total as usize,
        data.rows(),
        "every row is predicted once out of fold"
    );
}

#[test]
fn gini_tree_on_iris_is_within_three_points_of_scikit_learn() {
    tree_matches("tree_iris_gini.json", Criterion::Gini);
}

#[test]
fn entropy_tree_on_mushrooms_is_within_three_points_of_scikit_learn() {
    tree_matches("tree_mushrooms_entropy.json", Criterion::Entropy);
}

fn kith(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .env_remove("KITH_DB")
        .output()
        .expect("kith runs")
}

#[test]
fn regress_command_writes_predictions_and_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    // spending = 100 + 2·age + 0.01·income + 10·education, exactly.
    let mut text = String::from("name,age,income,education,spending\n");
    for i in 0..40 {
        let (age, income, edu) = (20 + i, 30_000 + (i * 7919) % 5000, 10 + i % 7);
        let spending = 100.0 + 2.0 * age as f64 + 0.01 * income as f64 + 10.0 * edu as f64;
        text.push_str(&format!(
            "\"Customer {i}, Jr.\",{age},{income},{edu},{spending}\n"
        ));
    }
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("customer_predictions.csv");
    let report = dir.path().join("report.json");
    let run = kith(&[
        "analyze",
        "regress",
        "--input",
        input.to_str().unwrap(),
        "--features",
        "age,income,education",
        "--target",
        "spending",
        "--out",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("R²"));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(
        (json["intercept"].as_f64().unwrap() - 100.0).abs() < 1e-6,
        "{json}"
    );
    assert!((json["coefficients"]["income"].as_f64().unwrap() - 0.01).abs() < 1e-9);
    assert!((json["r2"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    assert!(json["rmse"].as_f64().unwrap() < 1e-6);

    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "name",
            "age",
            "income",
            "education",
            "spending",
            "prediction"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 40);
    assert_eq!(&rows[3][0], "Customer 3, Jr.");
    let (spending, prediction): (f64, f64) =
        (rows[3][4].parse().unwrap(), rows[3][5].parse().unwrap());
    assert!((spending - prediction).abs() < 1e-6);
    assert!(!dir.path().join("customer_predictions.csv.tmp").exists());

    // A feature named twice, or the target as a feature: refused by name, no panic.
    for (features, says) in [
        ("age,income,age", "twice"),
        ("age,spending", "is the target"),
    ] {
        let run = kith(&[
            "analyze",
            "regress",
            "--input",
            input.to_str().unwrap(),
            "--features",
            features,
            "--target",
            "spending",
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{features}: {stderr}");
        assert!(stderr.contains(says), "{stderr}");
    }
}

#[test]
fn regress_command_names_the_bad_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("c.csv");
    std::fs::write(&input, "age,spending\n30,100\n31,n/a\n32,120\n").unwrap();
    let run = kith(&[
        "analyze",
        "regress",
        "--input",
        input.to_str().unwrap(),
        "--features",
        "age",
        "--target",
        "spending",
    ]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("line 3") && err.contains("\"spending\""),
        "{err}"
    );
}

#[test]
fn tree_command_prints_rules_and_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("deals.csv");
    let mut text = String::from("size,region,won\n");
    for i in 0..60 {
        let (size, region) = (i % 10, ["north", "south", "east"][i % 3]);
        let won = if region == "south" || size > 6 {
            "yes"
        } else {
            "no"
        };
        text.push_str(&format!("{size},{region},{won}\n"));
    }
    std::fs::write(&input, text).unwrap();
    let report = dir.path().join("tree.json");
    let run = kith(&[
        "analyze",
        "tree",
        "--input",
        input.to_str().unwrap(),
        "--target",
        "won",
        "--criterion",
        "entropy",
        "--folds",
        "5",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("if region = south then won = yes"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    // The fold holding every size-7 row never sees one, so it cuts at 7.5 and misses them.
    assert_eq!(
        json["fold_accuracy"][2].as_f64(),
        Some(8.0 / 12.0),
        "{json}"
    );
    assert!((json["cv_accuracy"].as_f64().unwrap() - 14.0 / 15.0).abs() < 1e-12);
    assert_eq!(json["train_accuracy"].as_f64(), Some(1.0));
    assert_eq!(json["depth"].as_u64(), Some(2));
    assert_eq!(json["leaves"].as_u64(), Some(3));
}

#[test]
fn both_commands_read_the_workspace_customer_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let db = db.to_str().unwrap();
    let made = kith(&["demo", "--db", db, "--contacts", "300", "--seed", "3"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let out = dir.path().join("p.csv");
    let run = kith(&[
        "analyze",
        "--db",
        db,
        "regress",
        "--features",
        "age,income,education",
        "--target",
        "spending",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with(
        "contact_id,age,income,education,spending,recency_days,frequency,monetary,prediction\n"
    ));
    assert!(written.lines().count() > 20, "{written}");

    let run = kith(&[
        "analyze",
        "--db",
        db,
        "tree",
        "--target",
        "education",
        "--max-depth",
        "3",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("rules:"));
}

/// A blank (or NaN) cell in a column of numbers is named, as K-means and regression name it; it
/// used to turn the column into categories, one per number ("if a ≠ 1 and a = 7 …"). A row with
/// no class is named too, instead of becoming a class called "".
#[test]
fn a_tree_names_a_hole_in_a_numeric_column_and_a_row_without_a_class() {
    let dir = tempfile::tempdir().unwrap();
    let run = |text: &str| {
        let file = dir.path().join("t.csv");
        std::fs::write(&file, text).unwrap();
        let out = kith(&[
            "analyze",
            "tree",
            "--input",
            file.to_str().unwrap(),
            "--target",
            "c",
            "--folds",
            "0",
        ]);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let rows = "1,yes\n2,no\n4,no\n5,yes\n6,no\n7,yes\n8,no\n";
    let (ok, said) = run(&format!("a,c\n{rows},yes\n"));
    assert!(
        !ok && said.contains("line 9, column \"a\": \"\" is not a number"),
        "{said}"
    );
    let (ok, said) = run(&format!("a,c\nNaN,yes\n{rows}"));
    assert!(
        !ok && said.contains("line 2, column \"a\": \"NaN\""),
        "{said}"
    );
    let (ok, said) = run(&format!("a,c\n{rows}3,\n"));
    assert!(
        !ok && said.contains("line 9: no value for the target \"c\""),
        "{said}"
    );
    // A column of words (and a word among numbers) is still categories.
    let (ok, said) = run(&format!("a,c\n{rows}many,yes\n"));
    assert!(ok, "{said}");
}
