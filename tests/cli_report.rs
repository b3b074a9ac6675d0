//! `kith report` as an owner runs it: a demo workspace in, a folder of charts and an index.html out.

use std::path::Path;
use std::process::{Command, Output};

fn kith(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .env_remove("KITH_DB")
        .output()
        .expect("kith runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Each chart's file stem and a text its SVG must show (title or axis).
const CHARTS: [(&str, &[&str]); 10] = [
    (
        "pipeline-funnel",
        &["Open pipeline by stage", "Open amount (EUR)"],
    ),
    (
        "revenue-forecast",
        &["Revenue by month", "Revenue (EUR)", "Weighted forecast"],
    ),
    (
        "tickets-csat",
        &[
            "Support tickets and satisfaction",
            "Tickets opened (bars) · CSAT 1–5 (line, right)",
        ],
    ),
    (
        "campaign-roi",
        &["Campaign return on investment", "Return on investment (%)"],
    ),
    ("segments", &["Customer segments (k = 4)", "Centre"]),
    ("segment-sizes", &["Customers per segment", "Segment 4"]),
    (
        "segments-elbow",
        &["Choosing k: the elbow", "Number of segments (k)"],
    ),
    ("segments-silhouette", &["Choosing k: the silhouette"]),
    (
        "rules",
        &["Products bought together", "Support (% of baskets)"],
    ),
    (
        "rfm-segments",
        &["Customers and revenue by loyalty segment", "Champions"],
    ),
];

/// A 400-contact demo workspace in `dir` and its report: the workspace, the report's folder and
/// what the command printed.
fn demo_report(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, Output) {
    let db = dir.join("shop.db");
    let db_arg = db.to_str().unwrap();
    let made = kith(&["demo", "--db", db_arg, "--contacts", "400", "--seed", "5"]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let out = dir.join("report");
    let report = kith(&["report", "--db", db_arg, "--out", out.to_str().unwrap()]);
    assert!(report.status.success(), "{}", text(&report.stderr));
    (db, out, report)
}

#[test]
fn the_report_writes_every_chart_as_png_and_svg_and_an_index_that_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let (_, out, report) = demo_report(dir.path());
    let printed = text(&report.stdout);

    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(index.starts_with("<!DOCTYPE html>"));
    assert!(index.contains("@media print"));
    assert!(index.contains("Open pipeline") && index.contains("Campaign ROI"));
    for (stem, expected) in CHARTS {
        for ext in ["png", "svg"] {
            let file = out.join(format!("{stem}.{ext}"));
            assert!(file.is_file(), "{stem}.{ext} is missing");
            assert!(
                printed.contains(&file.display().to_string()),
                "{stem}.{ext} not printed"
            );
        }
        let png = std::fs::read(out.join(format!("{stem}.png"))).unwrap();
        assert_eq!(&png[..4], b"\x89PNG", "{stem}.png");
        let svg = std::fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap();
        assert!(!svg.contains("No data yet"), "{stem} is empty on the demo");
        for wanted in expected {
            assert!(svg.contains(wanted), "{stem}.svg lacks {wanted:?}");
        }
        assert!(
            index.contains(&format!("src=\"{stem}.svg\"")),
            "index misses {stem}"
        );
        assert!(
            index.contains(&format!("href=\"{stem}.png\"")),
            "index misses {stem}.png"
        );
    }
    assert!(!Path::new(&format!("{}.tmp", out.join("index.html").display())).exists());
}

#[test]
fn an_empty_workspace_gives_charts_that_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    kith::store::Store::open(&db).unwrap();
    let out = dir.path().join("report");
    let report = kith(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(report.status.success(), "{}", text(&report.stderr));
    let funnel = std::fs::read_to_string(out.join("pipeline-funnel.svg")).unwrap();
    assert!(funnel.contains("No data yet"));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("Segments need at least"));
    // The sections that read orders say there are none and where they come from, rather than
    // "0 rules from 0 baskets … The strongest:" over an empty table, or nine segments of zeros.
    assert!(
        index.contains("No orders are recorded yet")
            && index.contains("nothing bought together to show")
            && index.contains("no customer to score"),
        "{index}"
    );
    assert!(!index.contains("0 rules from 0 baskets"), "{index}");
    assert!(!index.contains("Champions"), "{index}");
}

#[test]
fn a_missing_workspace_or_an_unwritable_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    let out = dir.path().join("report");
    let report = kith(&[
        "report",
        "--db",
        missing.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!report.status.success());
    assert!(
        text(&report.stderr).contains("nope.db"),
        "{}",
        text(&report.stderr)
    );
    assert!(!out.exists(), "nothing is written for a missing workspace");

    let db = dir.path().join("empty.db");
    kith::store::Store::open(&db).unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let report = kith(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(!report.status.success());
    let err = text(&report.stderr);
    assert!(
        err.contains("cannot create") && err.contains("a-file") && err.contains("in the way"),
        "{err}"
    );
}

/// The report's customer segments are the ones the window's analytics panel draws by default, on
/// the same figures: the report had clustered all seven, and its "Customer segments (k = 4)" were
/// other segments than the window's of the same name.
#[test]
fn the_reports_segments_are_the_windows_default_ones() {
    use kith::analytics::workspace::{Outcome, Request, inputs::SEGMENT_FEATURES};
    let dir = tempfile::tempdir().unwrap();
    let (db, out, _) = demo_report(dir.path());
    let sizes_svg = std::fs::read_to_string(out.join("segment-sizes.svg")).unwrap();

    let request = Request::Segments {
        features: SEGMENT_FEATURES.map(String::from).to_vec(),
        k: 4,
        standardize: true,
        n_init: 10,
        seed: 0,
    };
    let ticker = kith::analytics::worker::Ticker::silent();
    let Ok(Outcome::Segments(window)) = kith::analytics::workspace::run(&db, &request, &ticker)
    else {
        panic!("the window's segments run");
    };
    let total: usize = window.report.sizes.iter().sum();
    for size in &window.report.sizes {
        let share = 100.0 * *size as f64 / total as f64;
        let label = format!("{size} ({share:.1} %)");
        assert!(sizes_svg.contains(&label), "the report lacks {label:?}");
    }
}
