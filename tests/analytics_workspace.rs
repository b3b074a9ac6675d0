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
    let (_, customers) = store.purchases().unwrap();
    assert!(!customers.is_empty());
    // Days since the last order are one figure in every analysis (both measure to the latest
    // order in the workspace; RFM had measured to the clock).
    let table = store.customer_table().unwrap();
    for c in &customers {
        let row = table.iter().find(|r| r.contact_id.0 == c.contact).unwrap();
        assert_eq!(row.recency_days, c.recency_days, "contact {}", c.contact);
    }
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("contact_id,name,recency_days,frequency,monetary,r,f,m,segment")
    );
    assert_eq!(lines.count(), customers.len());
}

/// With no orders nothing can be scored and no file asked for is written: a failure said on
/// stderr (as kmeans and bayes say theirs), not a success that leaves scripts without their file.
#[test]
fn rfm_on_a_workspace_without_orders_says_so_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    kith::store::Store::open(&db).unwrap();
    let out = dir.path().join("rfm.csv");
    let ran = kith(&["analyze", "rfm", "--db", path(&db), "--out", path(&out)]);
    assert_eq!(ran.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&ran.stderr).contains("nothing to score"));
    assert!(!out.exists());
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
    // A note logged on the timeline is a written text too (the demo writes its notes there).
    store
        .create_activity(kith::domain::ActivityFields {
            contact_id: Some(kith::domain::ContactId(1)),
            subject: "aabb".into(),
            ..kith::domain::ActivityFields::new(
                kith::domain::ActivityKind::Note,
                kith::domain::Timestamp(1_700_000_000),
            )
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
    assert!(
        printed.contains("logged note: 1 texts, average complexity 0.500"),
        "{printed}"
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().nth(1), Some("contact note,1,4,1.000000"));
    assert_eq!(csv.lines().nth(2), Some("logged note,1,4,0.500000"));
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
    let printed = succeeded(&kith(&[
        "analyze",
        "svm",
        "--input",
        data,
        "--target",
        "target",
        "--report",
        path(&report),
    ]));
    assert!(
        !printed.contains("no better than always guessing"),
        "{printed}"
    );
    // A feature that tells nothing: the accuracy is said to be the commonest class's share.
    let noise = dir.path().join("noise.csv");
    let rows: String = (0..40)
        .map(|i| format!("{},{}\n", i % 2, if i % 5 == 0 { "b" } else { "a" }))
        .collect();
    std::fs::write(&noise, format!("x,label\n{rows}")).unwrap();
    let printed = succeeded(&kith(&[
        "analyze",
        "svm",
        "--input",
        path(&noise),
        "--target",
        "label",
    ]));
    assert!(
        printed.contains("no better than always guessing the commonest class (80.0%)"),
        "{printed}"
    );
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
    // Fold counts that measure nothing are refused, not quietly changed.
    for (command, folds) in [
        ("svm", "1"),
        ("svm", "100000"),
        ("bayes", "0"),
        ("tree", "1"),
    ] {
        let mut args = vec!["analyze", command, "--db", path(&db), "--folds", folds];
        if command == "tree" {
            args.extend(["--target", "education"]);
        }
        let run = kith(&args);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{command} --folds {folds}");
        assert!(stderr.contains("--folds"), "{stderr}");
    }

    let empty = dir.path().join("empty.db");
    kith::store::Store::open(&empty).unwrap();
    let run = kith(&["analyze", "svm", "--db", path(&empty)]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    // With no order at all, said as such (not as fields "not recorded").
    assert!(stderr.contains("has ordered yet"), "{stderr}");
    // The regression says it as the others do, not "0 rows are too few to fit 1 features".
    let run = kith(&[
        "analyze",
        "regress",
        "--db",
        path(&empty),
        "--features",
        "age",
        "--target",
        "spending",
    ]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("has ordered yet"), "{stderr}");
}

/// Alternate classes in file order put one class in each training fold: the SVM answers that
/// class there (it used to panic), and folds beyond the rows (not the cells) are refused.
#[test]
fn an_svm_fold_that_trains_on_one_class_scores_instead_of_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alternating.csv");
    std::fs::write(
        &file,
        "a,k,c\n1,5,yes\n2,5,no\n3,5,yes\n4,5,no\n5,5,yes\n6,5,no\n",
    )
    .unwrap();
    let args = |folds: &'static str| {
        kith(&[
            "analyze",
            "svm",
            "--input",
            path(&file),
            "--target",
            "c",
            "--folds",
            folds,
        ])
    };
    let printed = succeeded(&args("2"));
    assert!(
        printed.contains("cross-validated accuracy 0.0% (2 folds)"),
        "{printed}"
    );
    let run = args("7");
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("there are 6"), "{stderr}");
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

mod in_process {
    //! The same analyses as the window runs them: one `Request` through `analytics::workspace::run`.

    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    use kith::analytics::classify::Criterion;
    use kith::analytics::worker::{Cancelled, Ticker};
    use kith::analytics::workspace::{AnalysisError, Outcome, Request, run};

    fn features(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    /// Two closed deals are too few for the win/loss tree, said in words a user reads (it had
    /// said "5-fold cross-validation needs at least 5 rows, not 2").
    #[test]
    fn a_tree_on_too_few_closed_deals_says_why_in_words() {
        use kith::domain::*;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("few.db");
        let mut store = kith::store::Store::open(&db).unwrap();
        let p = store.ensure_default_pipeline().unwrap();
        for (outcome, title) in [
            (StageOutcome::Won, "Espresso bar"),
            (StageOutcome::Lost, "Grinders"),
        ] {
            let stage = p
                .stages
                .iter()
                .find(|s| s.fields.outcome == outcome)
                .unwrap();
            store
                .create_deal(DealFields {
                    title: title.into(),
                    pipeline_id: p.id,
                    stage_id: stage.id,
                    contact_id: None,
                    company_id: None,
                    amount: Money::new(100_000, Currency::EUR),
                    probability: None,
                    expected_close: None,
                    status: DealStatus::Open,
                    lost_reason: "price".into(),
                    owner: String::new(),
                    notes: String::new(),
                })
                .unwrap();
        }
        drop(store);
        let request = Request::WinLoss {
            criterion: kith::analytics::classify::Criterion::Gini,
            max_depth: None,
            folds: 5,
        };
        let Err(AnalysisError::Input(why)) = run(&db, &request, &Ticker::silent()) else {
            panic!("two deals are too few");
        };
        assert!(
            why.contains("2 deals closed so far: too few to learn from"),
            "{why}"
        );
        assert!(!why.contains("cross-validation"), "{why}");
    }

    #[test]
    fn every_analysis_runs_on_a_demo_workspace() {
        let (_dir, db) = super::demo(400);
        let silent = Ticker::silent();
        let segments = Request::Segments {
            features: features(&["income", "spending", "frequency"]),
            k: 4,
            standardize: true,
            n_init: 1,
            seed: 2,
        };
        let Outcome::Segments(s) = run(&db, &segments, &silent).unwrap() else {
            panic!("segments give segments");
        };
        assert_eq!(s.report.sizes.len(), 4);
        assert_eq!(s.report.sizes.iter().sum::<usize>(), s.contacts.len());
        assert_eq!(s.points.nrows(), s.contacts.len());
        assert_eq!(s.report.centers.ncols(), 3);

        let choose = Request::ChooseK {
            features: features(&["income", "spending", "frequency"]),
            ks: 2..=5,
            standardize: true,
            n_init: 1,
            seed: 2,
        };
        let Outcome::ChooseK { selection, .. } = run(&db, &choose, &silent).unwrap() else {
            panic!("choosing k gives the curve");
        };
        assert_eq!(selection.choices.len(), 4);
        assert!((2..=5).contains(&selection.elbow));
        // The table's k = 4 is what Run of k = 4 with the same restarts and seed gives, and
        // the restarts count: one from this seed ends above the best of ten.
        let four = selection.choices.iter().find(|c| c.k == 4).unwrap();
        assert_eq!(four.inertia, s.report.inertia);
        let ten = Request::Segments {
            features: features(&["income", "spending", "frequency"]),
            k: 4,
            standardize: true,
            n_init: 10,
            seed: 2,
        };
        let Outcome::Segments(best) = run(&db, &ten, &silent).unwrap() else {
            panic!("segments give segments");
        };
        assert!(
            best.report.inertia < s.report.inertia - 1.0,
            "ten restarts {} against one {}",
            best.report.inertia,
            s.report.inertia
        );

        let density = Request::Density {
            features: features(&["income", "spending"]),
            eps: Some(0.3),
            min_samples: 5,
            standardize: true,
        };
        let Outcome::Density(d) = run(&db, &density, &silent).unwrap() else {
            panic!("density gives density");
        };
        assert_eq!(d.report.labels.len(), d.contacts.len());

        // The suggested radius finds clusters where a guess may find none.
        let suggest = Request::SuggestEps {
            features: features(&["income", "spending"]),
            min_samples: 5,
            standardize: true,
        };
        let Outcome::SuggestedEps { suggestion, .. } = run(&db, &suggest, &silent).unwrap() else {
            panic!("a suggestion gives the k-distance curve");
        };
        assert!(suggestion.eps > 0.0);
        assert_eq!(suggestion.curve.len(), d.contacts.len());
        let suggested = Request::Density {
            features: features(&["income", "spending"]),
            eps: Some(suggestion.eps),
            min_samples: 5,
            standardize: true,
        };
        let Outcome::Density(s) = run(&db, &suggested, &silent).unwrap() else {
            panic!("density gives density");
        };
        assert!(!s.eps_from_data && !d.eps_from_data);
        // Without a radius the run reads the same one off the data itself.
        let from_data = Request::Density {
            features: features(&["income", "spending"]),
            eps: None,
            min_samples: 5,
            standardize: true,
        };
        let Outcome::Density(f) = run(&db, &from_data, &silent).unwrap() else {
            panic!("density gives density");
        };
        assert!(f.eps_from_data);
        assert_eq!(f.report.eps, suggestion.eps);
        assert_eq!(f.report.labels, s.report.labels);
        assert!(s.report.n_clusters >= 1, "{:?}", s.report.cluster_sizes);
        assert!(
            s.report.n_noise < s.contacts.len() / 2,
            "{}",
            s.report.n_noise
        );

        let bundles = Request::Bundles {
            min_support: "0.01".parse().unwrap(),
            min_confidence: "0.2".parse().unwrap(),
            min_lift: "1".parse().unwrap(),
        };
        let Outcome::Bundles(b) = run(&db, &bundles, &silent).unwrap() else {
            panic!("bundles give rules");
        };
        assert!(!b.rules.is_empty());
        let rule = &b.rules[0];
        for customer in b.customers_for(rule) {
            assert!(rule.antecedent.iter().all(|i| customer.owned.contains(i)));
        }
        assert!(b.customers.iter().all(|c| c.next.is_some()));

        let spending = Request::Spending {
            features: features(&["age", "income", "education"]),
            target: "spending".into(),
            gradient_descent: false,
        };
        let Outcome::Spending(r) = run(&db, &spending, &silent).unwrap() else {
            panic!("regression gives a model");
        };
        assert_eq!(r.actual.len(), r.predicted.len());
        assert!(r.report.r2 > 0.0 && r.report.r2 <= 1.0);

        let tree = Request::WinLoss {
            criterion: Criterion::Entropy,
            max_depth: Some(3),
            folds: 5,
        };
        let Outcome::WinLoss(t) = run(&db, &tree, &silent).unwrap() else {
            panic!("the tree gives a tree");
        };
        assert!(t.report.cv_accuracy.is_some());
        assert!(t.deals > 0);
        // The command line grows the same tree from the same deals.
        let printed = super::succeeded(&super::kith(&[
            "analyze",
            "tree",
            "--db",
            super::path(&db),
            "--deals",
            "--criterion",
            "entropy",
            "--max-depth",
            "3",
        ]));
        assert!(
            printed.contains(&format!(
                "predicting outcome from 4 features on {} rows",
                t.deals
            )),
            "{printed}"
        );
        let cv = t.report.cv_accuracy.unwrap();
        assert!(printed.contains(&format!("): {cv:.4}")), "{printed}");
        for rule in &t.report.rules {
            assert!(printed.contains(&rule.text()), "{}: {printed}", rule.text());
        }

        let Outcome::Churn(c) = run(
            &db,
            &Request::Churn {
                c: Some(1.0),
                folds: 5,
            },
            &silent,
        )
        .unwrap() else {
            panic!("churn gives a model");
        };
        assert_eq!(c.classes, ["active", "lapsed"]);
        assert!((0.0..=1.0).contains(&c.cv_accuracy));

        let Outcome::DealScoring(scoring) =
            run(&db, &Request::DealScoring { folds: 5 }, &silent).unwrap()
        else {
            panic!("deal scoring gives scores");
        };
        assert!(
            scoring
                .scores
                .windows(2)
                .all(|w| w[0].probability >= w[1].probability)
        );

        let Outcome::Loyalty(l) = run(&db, &Request::Loyalty, &silent).unwrap() else {
            panic!("loyalty gives segments");
        };
        let scored: u64 = l.summary.iter().map(|s| s.customers).sum();
        assert_eq!(scored, l.scores.len() as u64);
    }

    #[test]
    fn a_stop_asked_for_during_a_read_interrupts_it() {
        use std::sync::atomic::Ordering;
        let (_dir, db) = super::demo(100);
        let store = kith::store::Store::open(&db).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let asked = stop.clone();
        store
            .stop_when(move || asked.load(Ordering::Relaxed))
            .unwrap();
        assert!(!store.customer_table().unwrap().is_empty());
        stop.store(true, Ordering::Relaxed);
        let err = store.customer_table().unwrap_err().to_string();
        assert!(err.contains("interrupt"), "{err}");
    }

    #[test]
    fn a_cancelled_run_says_cancelled_and_bad_parameters_say_why() {
        let (_dir, db) = super::demo(100);
        let cancel = Arc::new(AtomicBool::new(true));
        let bundles = Request::Bundles {
            min_support: "0.01".parse().unwrap(),
            min_confidence: "0.2".parse().unwrap(),
            min_lift: "1".parse().unwrap(),
        };
        let err = run(&db, &bundles, &Ticker::with_cancel(cancel)).unwrap_err();
        assert!(matches!(err, AnalysisError::Cancelled(Cancelled)), "{err}");

        let unknown = Request::Segments {
            features: features(&["shoe size"]),
            k: 2,
            standardize: false,
            n_init: 1,
            seed: 0,
        };
        let err = run(&db, &unknown, &Ticker::silent())
            .unwrap_err()
            .to_string();
        assert!(err.contains("shoe size") && err.contains("income"), "{err}");

        let too_many = Request::Segments {
            features: features(&["income"]),
            k: 1_000_000,
            standardize: false,
            n_init: 1,
            seed: 0,
        };
        let err = run(&db, &too_many, &Ticker::silent())
            .unwrap_err()
            .to_string();
        assert!(err.contains("k must be"), "{err}");
    }
}

/// K-means and DBSCAN on a workspace cluster z-scores, as the window does (on raw values the
/// distance is income's alone: DBSCAN suggested an eps in the thousands), unless --raw is asked.
#[test]
fn workspace_segments_are_found_on_z_scores_as_the_window_finds_them() {
    let (dir, db) = demo(200);
    for (command, option, value) in [("kmeans", "--k", "3"), ("dbscan", "--min-samples", "5")] {
        for (extra, standardized) in [(None, true), (Some("--raw"), false)] {
            let report = dir.path().join(format!("{command}.json"));
            let mut args = vec![
                "analyze",
                command,
                "--db",
                path(&db),
                option,
                value,
                "--report",
                path(&report),
            ];
            args.extend(extra);
            succeeded(&kith(&args));
            let json: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
            assert_eq!(json["standardized"], standardized, "{command} {extra:?}");
        }
    }
}

/// Segments on a figure nobody has name that figure: with every customer ordering and no
/// income on record, the message had named all four figures and pointed at importing orders.
#[test]
fn segments_on_a_figure_nobody_has_name_it() {
    use kith::analytics::worker::Ticker;
    use kith::analytics::workspace::{Request, run};
    let (_dir, db) = demo(200);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE contacts SET income_minor = NULL, income_currency = NULL",
            [],
        )
        .unwrap();
    let segments = |features: &[&str]| Request::Segments {
        features: features.iter().map(|s| s.to_string()).collect(),
        k: 3,
        standardize: true,
        n_init: 1,
        seed: 0,
    };
    let message = run(
        &db,
        &segments(&["income", "spending", "frequency"]),
        &Ticker::silent(),
    )
    .unwrap_err()
    .to_string();
    assert!(message.contains("no customer has Income"), "{message}");
    assert!(!message.contains("Orders"), "{message}");
    assert!(message.contains("leave it out"), "{message}");
    assert!(
        run(
            &db,
            &segments(&["spending", "frequency"]),
            &Ticker::silent()
        )
        .is_ok()
    );
}

/// The window's churn model on a workspace with no customers said "every customer is missing".
#[test]
fn the_churn_model_on_a_workspace_without_orders_says_so() {
    use kith::analytics::worker::Ticker;
    use kith::analytics::workspace::{Request, run};
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    kith::store::Store::open(&empty).unwrap();
    let churn = Request::Churn {
        c: Some(1.0),
        folds: 5,
    };
    let message = run(&empty, &churn, &Ticker::silent())
        .unwrap_err()
        .to_string();
    assert!(message.contains("no customer has ordered yet"), "{message}");
    // Segments, density clusters and the spending model say the same: they had named fields
    // "not recorded", as if there were orders.
    let names = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let requests = [
        Request::Segments {
            features: names(&["income", "spending"]),
            k: 3,
            standardize: true,
            n_init: 1,
            seed: 0,
        },
        Request::Density {
            features: names(&["income", "spending"]),
            eps: None,
            min_samples: 5,
            standardize: true,
        },
        Request::Spending {
            features: names(&["age", "income", "education"]),
            target: "spending".into(),
            gradient_descent: false,
        },
    ];
    for request in &requests {
        let message = run(&empty, request, &Ticker::silent())
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("no customer has ordered yet"),
            "{request:?}: {message}"
        );
    }
    // The command line says it as the window does.
    let db = path(&empty);
    for args in [
        vec!["analyze", "kmeans", "--db", db, "--k", "2"],
        vec![
            "analyze",
            "dbscan",
            "--db",
            db,
            "--min-samples",
            "3",
            "--eps",
            "1",
        ],
        vec![
            "analyze",
            "regress",
            "--db",
            db,
            "--features",
            "age",
            "--target",
            "monetary",
        ],
        vec!["analyze", "svm", "--db", db],
    ] {
        let out = kith(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains("has ordered yet"), "{args:?}: {stderr}");
    }
    // Rules and itemsets, with nothing to mine, fail too (they wrote an empty file, exit 0).
    for args in [
        vec!["rules", "--min-support", "0.01", "--min-confidence", "0.3"],
        vec!["itemsets", "--min-support", "0.01"],
    ] {
        let command = args[0];
        let out = kith(&[&["analyze"], &args[..], &["--db", db]].concat());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{command}");
        assert!(
            stderr.contains("there are no orders in"),
            "{command}: {stderr}"
        );
    }
}

/// `--out -` is refused in words: analyze prints its summary on standard output, and it had
/// written a file named "-" instead.
#[test]
fn an_analysis_table_to_standard_output_is_refused_in_words() {
    let (dir, db) = demo(300);
    let out = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["analyze", "rfm", "--out", "-", "--db", path(&db)])
        .current_dir(dir.path())
        .env_remove("KITH_DB")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("--out -: analyze prints its summary"),
        "{said}"
    );
    assert!(!dir.path().join("-").exists());
}
