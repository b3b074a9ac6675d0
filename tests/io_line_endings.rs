//! CSV files whose lines end as Excel, Outlook and Salesforce end them (CR LF), as Unix tools do
//! (LF), as old Macs did (a CR alone), and mixed in one file: every row keeps the number a
//! spreadsheet shows, and a row with a broken quote costs that row alone.

mod common;

use kith::io::csv_import::{self, Options};

fn import(text: &str) -> csv_import::Report {
    let (_dir, mut store) = common::workspace();
    let bytes = text.as_bytes();
    let preview = csv_import::preview(bytes, &Options::default(), 0).unwrap();
    csv_import::import(
        &mut store,
        bytes,
        "endings.csv",
        &preview.proposed,
        &Options::default(),
        &mut (),
    )
    .unwrap()
}

fn rows_refused(report: &csv_import::Report) -> Vec<(u64, String)> {
    report.errors().map(|e| (e.row, e.column.clone())).collect()
}

/// Header 1, Ann 2, a blank line 3, Bad 4 (an e-mail without a domain, right after the blank
/// line), Bob 5, Cid 6 (a quote that never closes), Dee 7.
fn file(end: &str) -> String {
    [
        "Name,Email,Notes",
        "Ann,ann@x.org,fine",
        "",
        "Bad,bad@,fine",
        "Bob,bob@x.org,\"said \"\"hi\"\"\"",
        "Cid,cid@x.org,\"never closed",
        "Dee,dee@x.org,fine",
        "",
    ]
    .join(end)
}

#[test]
fn rows_are_numbered_alike_whatever_ends_the_lines() {
    for end in ["\n", "\r\n", "\r"] {
        let report = import(&file(end));
        assert_eq!(
            rows_refused(&report),
            [(4, "Email".to_string()), (6, "Notes".to_string())],
            "lines ending {end:?}"
        );
        assert_eq!(report.imported, 3, "Ann, Bob and Dee, lines ending {end:?}");
    }
}

/// One row ending with a CR alone in a CR LF file (a row edited on another machine), just before
/// a row whose quote never closes: the two had been read as one row and both refused.
#[test]
fn a_row_ending_with_a_lone_cr_is_not_glued_to_the_broken_row_after_it() {
    let text = "Name,Email,Notes\r\nAnn,ann@x.org,fine\r\nBob,bob@x.org,\"said \"\"hi\"\"\"\rCid,cid@x.org,\"never closed\r\nDee,dee@x.org,fine\r\n";
    let report = import(text);
    assert_eq!(rows_refused(&report), [(4, "Notes".to_string())]);
    assert_eq!(report.imported, 3);
    assert_eq!(
        report.rejected[0].cells.first().map(String::as_str),
        Some("Cid"),
        "Cid's row alone is kept for fixing"
    );
}
