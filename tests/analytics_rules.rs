//! Frequent itemsets and association rules against the reference answers in
//! `../shared/oracle/expected/` (pyfim, cross-checked with mlxtend and others): the itemset → count
//! map and the (antecedent, consequent) → count map must match exactly, for both algorithms.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kith::analytics::baskets::Baskets;
use kith::analytics::rules::{Algorithm, Ratio, association_rules, frequent_itemsets};
use kith::analytics::worker::Ticker;

fn shared() -> Option<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"));
    if dir.is_dir() {
        Some(dir.to_path_buf())
    } else {
        println!(
            "skipped: {} is absent (reference data lives beside the repository)",
            dir.display()
        );
        None
    }
}

fn expected(shared: &Path, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(shared.join("oracle/expected").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

type Set = Vec<String>;

fn sorted(items: impl IntoIterator<Item = impl Into<String>>) -> Set {
    let mut v: Set = items.into_iter().map(Into::into).collect();
    v.sort();
    v
}

fn strings(v: &serde_json::Value) -> Set {
    sorted(
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string()),
    )
}

fn check_itemsets(file: &str, oracle: &str) {
    let Some(shared) = shared() else { return };
    let want_json = expected(&shared, oracle);
    let want: BTreeMap<Set, u64> = want_json["itemsets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (strings(&s["items"]), s["count"].as_u64().unwrap()))
        .collect();
    let baskets = Baskets::read(&shared.join("datasets").join(file), None).unwrap();
    assert_eq!(
        baskets.len() as u64,
        want_json["transactions"].as_u64().unwrap()
    );
    let support: Ratio = want_json["min_support"].to_string().parse().unwrap();
    for algorithm in [Algorithm::Apriori, Algorithm::Eclat] {
        let report = frequent_itemsets(&baskets, support, algorithm, &Ticker::silent()).unwrap();
        assert_eq!(report.min_count, want_json["min_count"].as_u64().unwrap());
        let got: BTreeMap<Set, u64> = report
            .itemsets
            .iter()
            .map(|s| {
                let names = s.items.iter().map(|&i| baskets.names()[i as usize].clone());
                (sorted(names), s.count)
            })
            .collect();
        assert_eq!(
            got.len(),
            report.itemsets.len(),
            "an itemset was reported twice"
        );
        assert_eq!(got, want, "{algorithm:?} on {file}");
    }
}

#[test]
fn groceries_itemsets_at_one_percent() {
    check_itemsets("groceries/groceries.csv", "itemsets_groceries_0.01.json");
}

#[test]
fn retail_itemsets_at_one_percent() {
    check_itemsets("retail/retail.dat", "itemsets_retail_0.01.json");
}

#[test]
fn groceries_rules_at_one_percent_support_and_thirty_percent_confidence() {
    let Some(shared) = shared() else { return };
    let want_json = expected(&shared, "rules_groceries_s0.01_c0.3.json");
    assert_eq!(want_json["lift_filter"], "lift >= 1");
    let want: BTreeMap<(Set, Set), u64> = want_json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = (strings(&r["antecedent"]), strings(&r["consequent"]));
            (key, r["count"].as_u64().unwrap())
        })
        .collect();
    let baskets = Baskets::read(&shared.join("datasets/groceries/groceries.csv"), None).unwrap();
    let support: Ratio = want_json["min_support"].to_string().parse().unwrap();
    let confidence: Ratio = want_json["min_confidence"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let n = baskets.len() as u64;
    for algorithm in [Algorithm::Apriori, Algorithm::Eclat] {
        let report = frequent_itemsets(&baskets, support, algorithm, &Ticker::silent()).unwrap();
        assert_eq!(
            report.itemsets.len() as u64,
            want_json["frequent_itemsets"].as_u64().unwrap()
        );
        let rules = association_rules(&report, confidence, Ratio::ONE, &Ticker::silent()).unwrap();
        let label =
            |items: &[u32]| sorted(items.iter().map(|&i| baskets.names()[i as usize].clone()));
        let got: BTreeMap<(Set, Set), u64> = rules
            .iter()
            .map(|r| ((label(&r.antecedent), label(&r.consequent)), r.count))
            .collect();
        assert_eq!(got, want, "{algorithm:?}");
        // The measures agree with the reference to about 1e-9 relative.
        for r in &rules {
            let key = (label(&r.antecedent), label(&r.consequent));
            let w = want_json["rules"]
                .as_array()
                .unwrap()
                .iter()
                .find(|w| (strings(&w["antecedent"]), strings(&w["consequent"])) == key)
                .unwrap();
            for (ours, theirs) in [
                (r.support(n), &w["support"]),
                (r.confidence(), &w["confidence"]),
                (r.lift(n), &w["lift"]),
            ] {
                let theirs = theirs.as_f64().unwrap();
                assert!(
                    (ours - theirs).abs() <= 1e-9 * theirs.abs(),
                    "{key:?}: {ours} vs {theirs}"
                );
            }
        }
    }
}

fn kith(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .current_dir(dir)
        .env_remove("KITH_DB")
        .output()
        .expect("kith runs")
}

#[test]
fn the_command_line_writes_itemsets_and_rules_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let baskets = dir.path().join("shop.csv");
    std::fs::write(
        &baskets,
        "bread,milk\nbread,milk,\"nuts, salted\"\nbread\nmilk,\"nuts, salted\"\n\n",
    )
    .unwrap();
    let b = baskets.to_str().unwrap();
    for algorithm in ["apriori", "eclat"] {
        let out = kith(
            &[
                "analyze",
                "itemsets",
                "--baskets",
                b,
                "--min-support",
                "0.4",
                "--algorithm",
                algorithm,
            ],
            dir.path(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary = String::from_utf8_lossy(&out.stdout);
        assert!(summary.contains("5 baskets"), "{summary}");
        assert!(
            summary.contains("count >= 2: 5 frequent itemsets"),
            "{summary}"
        );
        let csv = std::fs::read_to_string(dir.path().join("itemsets.csv")).unwrap();
        let mut lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.remove(0), "itemset,count,support");
        lines.sort();
        assert_eq!(
            lines,
            vec![
                "\"{bread,milk}\",2,0.4",
                "\"{milk,nuts, salted}\",2,0.4",
                "\"{nuts, salted}\",2,0.4",
                "{bread},3,0.6",
                "{milk},3,0.6",
            ]
        );
    }

    let out_file = dir.path().join("r.csv");
    let out = kith(
        &[
            "analyze",
            "rules",
            "--baskets",
            b,
            "--min-support",
            "0.4",
            "--min-confidence",
            "0.6",
            "--out",
            out_file.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&out_file).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("antecedent,consequent,count,support,confidence,lift,leverage,conviction")
    );
    // nuts → milk holds in both nut baskets (confidence 1, conviction inf); milk → nuts has
    // confidence 2/3 ≥ 0.6 and lift 5/3.
    let rest: Vec<&str> = lines.collect();
    assert!(
        rest.contains(&"\"{nuts, salted}\",{milk},2,0.4,1,1.6666666666666667,0.16,inf"),
        "{csv}"
    );
    assert!(
        rest.iter()
            .any(|l| l.starts_with("{milk},\"{nuts, salted}\",2,0.4,0.666")),
        "{csv}"
    );
    assert!(!dir.path().join("r.csv.tmp").exists());
}

#[test]
fn bad_input_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("onehot.csv");
    std::fs::write(&file, "bread,milk\n1,0\n0,maybe\n").unwrap();
    let out = kith(
        &[
            "analyze",
            "itemsets",
            "--baskets",
            file.to_str().unwrap(),
            "--one-hot",
            "--min-support",
            "0.1",
        ],
        dir.path(),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3, column milk"), "{err}");

    let out = kith(
        &[
            "analyze",
            "itemsets",
            "--baskets",
            file.to_str().unwrap(),
            "--min-support",
            "0,1",
        ],
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("0,1"));
}

#[test]
fn a_workspace_gives_one_basket_per_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let made = kith(
        &[
            "--db",
            db.to_str().unwrap(),
            "demo",
            "--contacts",
            "200",
            "--seed",
            "5",
        ],
        dir.path(),
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let out = kith(
        &[
            "--db",
            db.to_str().unwrap(),
            "analyze",
            "rules",
            "--min-support",
            "0.01",
            "--min-confidence",
            "0.1",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    let store = kith::store::Store::open(&db).unwrap();
    let orders = store.order_baskets().unwrap();
    assert!(!orders.is_empty());
    assert!(
        summary.starts_with(&format!("{} baskets", orders.len())),
        "{summary}"
    );
    assert!(dir.path().join("association_rules.csv").exists());
}
