//! K-means and DBSCAN against scikit-learn's answers on the shared reference data
//! (`../shared/oracle/expected/`), and `kith analyze kmeans|dbscan` as scripts run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kith::analytics::cluster::{DbscanParams, KMeansParams, dbscan, kmeans};
use kith::analytics::table::Table;
use kith::analytics::worker::Ticker;
use serde_json::Value;

fn shared() -> Option<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"));
    if dir.join("oracle/expected").is_dir() {
        Some(dir.to_path_buf())
    } else {
        println!("skipped: no ../shared reference data beside this checkout");
        None
    }
}

fn expected(shared: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(shared.join("oracle/expected").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The dataset an expected file names (`shared/datasets/...`, relative to the folder holding shared/).
fn dataset(shared: &Path, case: &Value) -> (PathBuf, Vec<String>) {
    let rel = case["dataset"].as_str().unwrap();
    let path = shared.join(rel.strip_prefix("shared/").unwrap());
    let features = case["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    (path, features)
}

#[test]
fn kmeans_on_iris_is_as_good_as_scikit_learn_for_k_3_to_8() {
    let Some(shared) = shared() else { return };
    let case = expected(&shared, "kmeans_iris.json");
    let (path, features) = dataset(&shared, &case);
    let x = Table::read_csv(&path).unwrap().numeric(&features).unwrap();
    assert_eq!(x.nrows() as u64, case["rows"].as_u64().unwrap());
    for result in case["results"].as_array().unwrap() {
        let k = result["k"].as_u64().unwrap() as usize;
        let mut params = KMeansParams::new(k);
        params.n_init = case["n_init"].as_u64().unwrap() as usize;
        params.seed = case["seed"].as_u64().unwrap();
        params.standardize = case["standardized"].as_bool().unwrap();
        let r = kmeans(x.view(), &params, &Ticker::silent()).unwrap();
        let reference = result
            .get("inertia_n_init_100")
            .unwrap_or(&result["inertia"])
            .as_f64()
            .unwrap();
        assert!(
            r.inertia <= 1.03 * reference,
            "k = {k}: inertia {} against scikit-learn's {reference}",
            r.inertia
        );
        assert_eq!(r.sizes.iter().sum::<usize>(), 150);
        assert_eq!(r.centers.dim(), (k, 4));
    }
}

#[test]
fn dbscan_on_standardised_iris_counts_what_scikit_learn_counts() {
    let Some(shared) = shared() else { return };
    let case = expected(&shared, "dbscan_iris_std.json");
    let (path, features) = dataset(&shared, &case);
    let x = Table::read_csv(&path).unwrap().numeric(&features).unwrap();
    for result in case["results"].as_array().unwrap() {
        let params = DbscanParams {
            eps: result["eps"].as_f64().unwrap(),
            min_samples: result["min_samples"].as_u64().unwrap() as usize,
            standardize: case["standardized"].as_bool().unwrap(),
        };
        let r = dbscan(x.view(), &params, &Ticker::silent()).unwrap();
        let count = |key: &str| result[key].as_u64().unwrap() as usize;
        let eps = params.eps;
        assert_eq!(r.n_clusters, count("n_clusters"), "eps {eps}");
        assert_eq!(r.n_noise, count("n_noise"), "eps {eps}");
        assert_eq!(r.n_core, count("n_core"), "eps {eps}");
        // The reference lists cluster sizes largest first.
        let slack = count("ambiguous_border");
        let mut ours = r.cluster_sizes.clone();
        ours.sort_unstable_by(|a, b| b.cmp(a));
        let theirs: Vec<usize> = result["cluster_sizes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(ours.len(), theirs.len());
        for (o, t) in ours.iter().zip(&theirs) {
            assert!(
                o.abs_diff(*t) <= slack,
                "eps {eps}: sizes {ours:?} vs {theirs:?}"
            );
        }
    }
}

fn kith(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .env_remove("KITH_DB")
        .output()
        .expect("kith runs")
}

fn check(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_command_line_writes_clusters_and_a_report_from_a_csv_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("people.csv");
    let mut text = String::from("name,age,income\n");
    for i in 0..30 {
        let (age, income) = if i % 2 == 0 {
            (25 + i % 3, 20_000 + i)
        } else {
            (60 + i % 3, 90_000 + i)
        };
        text.push_str(&format!("\"Person, {i}\",{age},{income}\n"));
    }
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("customer_clusters.csv");
    let report = dir.path().join("report.json");
    let input_arg = input.to_str().unwrap();
    let printed = check(&kith(&[
        "analyze",
        "kmeans",
        "--input",
        input_arg,
        "--features",
        "age,income",
        "--k",
        "2",
        "--standardize",
        "--n-init",
        "3",
        "--seed",
        "7",
        "--out",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]));
    assert!(printed.contains("inertia"), "{printed}");

    let mut rows = csv::Reader::from_path(&out).unwrap();
    assert_eq!(
        rows.headers().unwrap(),
        vec!["name", "age", "income", "cluster"]
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 30);
    assert_eq!(&rows[3][0], "Person, 3");
    let young = &rows[0][3];
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(&row[3] == young, i % 2 == 0, "row {i}");
    }
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    for key in ["inertia", "sizes", "centers", "silhouette"] {
        assert!(json.get(key).is_some(), "no {key} in {json}");
    }
    assert_eq!(json["sizes"].as_array().unwrap().len(), 2);
    let centre_ages: Vec<f64> = json["centers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_f64().unwrap())
        .collect();
    assert!(
        centre_ages.iter().any(|&a| a > 55.0),
        "centres in years: {centre_ages:?}"
    );

    let dbscan_report = dir.path().join("dbscan.json");
    let printed = check(&kith(&[
        "analyze",
        "dbscan",
        "--input",
        input_arg,
        "--features",
        "age,income",
        "--eps",
        "0.5",
        "--min-samples",
        "3",
        "--standardize",
        "--out",
        out.to_str().unwrap(),
        "--report",
        dbscan_report.to_str().unwrap(),
    ]));
    assert!(printed.contains("2 clusters"), "{printed}");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(&dbscan_report).unwrap()).unwrap();
    assert_eq!(json["n_clusters"], 2);
    assert_eq!(json["n_noise"], 0);
    assert_eq!(json["n_core"], 30);
}

#[test]
fn the_command_line_clusters_a_workspace_and_explains_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let db_arg = db.to_str().unwrap();
    check(&kith(&[
        "demo",
        "--db",
        db_arg,
        "--contacts",
        "150",
        "--seed",
        "2",
    ]));
    let out = dir.path().join("c.csv");
    let printed = check(&kith(&[
        "analyze",
        "--db",
        db_arg,
        "kmeans",
        "--k",
        "3",
        "--standardize",
        "--out",
        out.to_str().unwrap(),
    ]));
    assert!(printed.contains("recency_days"), "{printed}");
    let mut rows = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header.first().map(String::as_str), Some("contact_id"));
    assert_eq!(header.last().map(String::as_str), Some("cluster"));
    assert!(rows.records().count() > 10);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "age,income\n30,1000\n40,lots\n").unwrap();
    let failed = kith(&[
        "analyze",
        "kmeans",
        "--input",
        bad.to_str().unwrap(),
        "--features",
        "age,income",
        "--k",
        "1",
    ]);
    assert!(!failed.status.success());
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(err.contains("line 3") && err.contains("income"), "{err}");
    let both = kith(&[
        "analyze",
        "--db",
        db_arg,
        "dbscan",
        "--input",
        bad.to_str().unwrap(),
        "--features",
        "age",
        "--eps",
        "1",
        "--min-samples",
        "2",
    ]);
    assert!(!both.status.success());
}

#[test]
fn the_command_line_chooses_k_from_a_range_and_clusters_with_the_best() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("blobs.csv");
    let mut text = String::from("id,x,y\n");
    for i in 0..60 {
        let (cx, cy) = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)][i % 3];
        let jitter = (i / 3) as f64 * 0.05;
        text.push_str(&format!("{i},{},{}\n", cx + jitter, cy - jitter));
    }
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("clusters.csv");
    let report = dir.path().join("choices.json");
    let input_arg = input.to_str().unwrap();
    let printed = check(&kith(&[
        "analyze",
        "kmeans",
        "--input",
        input_arg,
        "--features",
        "x,y",
        "--k-range",
        "2..5",
        "--seed",
        "3",
        "--out",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]));
    let line = |k: &str| {
        printed
            .lines()
            .find(|l| l.split('\t').next() == Some(k))
            .unwrap_or_else(|| panic!("no line for k = {k}: {printed}"))
            .to_string()
    };
    assert!(line("3").ends_with("elbow, best silhouette"), "{printed}");
    for k in ["2", "4", "5"] {
        assert_eq!(line(k).split('\t').count(), 4, "{printed}");
        assert!(line(k).ends_with('\t'), "{printed}");
    }
    assert!(printed.contains("chosen: k = 3"), "{printed}");

    let json: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let choices = json["choices"].as_array().unwrap();
    let ks: Vec<u64> = choices.iter().map(|c| c["k"].as_u64().unwrap()).collect();
    assert_eq!(ks, [2, 3, 4, 5]);
    assert!(
        choices
            .iter()
            .all(|c| c["inertia"].is_f64() && c["silhouette"].is_f64())
    );
    assert_eq!(json["elbow"], 3);
    assert_eq!(json["best_silhouette"], 3);
    assert_eq!(json["k"], 3);

    let rows: Vec<csv::StringRecord> = csv::Reader::from_path(&out)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 60);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[3], rows[i % 3][3], "row {i} sits with its blob");
    }
    assert_ne!(rows[0][3], rows[1][3]);

    // Exactly one of --k and --k-range.
    let base = [
        "analyze",
        "kmeans",
        "--input",
        input_arg,
        "--features",
        "x,y",
    ];
    for extra in [
        &[][..],
        &["--k", "2", "--k-range", "2..3"],
        &["--k-range", "4..2"],
    ] {
        let o = kith(&[&base[..], extra].concat());
        assert!(!o.status.success(), "{extra:?} was accepted");
    }
}

#[test]
fn without_eps_the_command_line_reads_one_off_the_data_and_finds_the_groups() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("blobs.csv");
    let mut text = String::from("id,x,y\n");
    for i in 0..90 {
        let (cx, cy) = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)][i % 3];
        let jitter = (i / 3) as f64 * 0.05;
        text.push_str(&format!("{i},{},{}\n", cx + jitter, cy - jitter));
    }
    // Two strays far from every group.
    text.push_str("90,30,30\n91,-30,25\n");
    std::fs::write(&input, text).unwrap();
    let printed = check(&kith(&[
        "analyze",
        "dbscan",
        "--input",
        input.to_str().unwrap(),
        "--features",
        "x,y",
        "--min-samples",
        "4",
    ]));
    assert!(printed.contains("suggested"), "{printed}");
    assert!(
        printed.contains("3 clusters, 2 noise points"),
        "three groups and the two strays: {printed}"
    );
}
