//! The `kith` binary as scripts and users run it: exit codes, output formats, refusals.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `kith SUBCOMMAND --db DB ARGS…`, the order the command line documents (the search words
/// come last and may themselves start with a dash).
fn kith(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg(args[0])
        .arg("--db")
        .arg(db)
        .args(&args[1..])
        .env_remove("KITH_DB")
        .output()
        .expect("kith runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn demo_then_check_then_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let made = kith(&["demo", "--contacts", "300", "--seed", "3"], &db);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(stdout(&made).contains("300 contacts"));

    let check = kith(&["check"], &db);
    assert!(check.status.success(), "{}", stderr(&check));
    let report = stdout(&check);
    assert!(report.contains("integrity: ok"), "{report}");
    assert!(report.contains(&format!("schema version: {}", kith::store::LATEST_VERSION)));
    // Pairs kept apart and steps put out of Redo's reach are only ever a user's doing.
    for table in kith::store::TABLES
        .iter()
        .filter(|t| !matches!(**t, "distinct_people" | "redo_discarded"))
    {
        let line = report
            .lines()
            .find(|l| l.split_whitespace().next() == Some(table))
            .expect(table);
        let rows: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!(rows > 0, "the demo left {table} empty");
    }

    let json = kith(&["search", "--format", "json", "espresso"], &db);
    assert!(json.status.success(), "{}", stderr(&json));
    let hits: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("valid JSON");
    let hits = hits.as_array().expect("a JSON array");
    assert!(!hits.is_empty());
    for hit in hits {
        for key in ["kind", "id", "title", "snippet"] {
            assert!(hit.get(key).is_some(), "hit without {key}: {hit}");
        }
    }

    // Options after the query are options, not words to look for.
    let after = kith(
        &["search", "espresso", "--format", "json", "--limit", "1"],
        &db,
    );
    assert!(after.status.success(), "{}", stderr(&after));
    let few: serde_json::Value = serde_json::from_str(&stdout(&after)).expect("valid JSON");
    assert!(!few.as_array().unwrap().is_empty());
    assert!(few.as_array().unwrap().len() <= hits.len());

    // --limit 0 is refused, before or after the words: it had said "no matches" of a search
    // that had some.
    for args in [
        &["search", "--limit", "0", "espresso"][..],
        &["search", "espresso", "--limit", "0"],
    ] {
        let zero = kith(args, &db);
        assert!(!zero.status.success(), "{args:?}");
        assert!(stderr(&zero).contains("0"), "{}", stderr(&zero));
        assert!(!stderr(&zero).contains("no matches"), "{}", stderr(&zero));
    }

    let text = kith(&["search", "espresso"], &db);
    let first = stdout(&text).lines().next().unwrap_or_default().to_string();
    assert_eq!(
        first.split('\t').count(),
        4,
        "kind, id, title, snippet: {first:?}"
    );
}

#[test]
fn an_empty_file_is_not_made_a_workspace_by_a_command_that_reads() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("emptied.db");
    std::fs::write(&db, b"").unwrap();
    for args in [&["check"][..], &["search", "ada"], &["analyze", "rfm"]] {
        let out = kith(args, &db);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains("empty"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "left as it was");
}

#[test]
fn hostile_search_text_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    assert!(kith(&["demo", "--contacts", "50"], &db).status.success());
    for q in ["NEAR(", "\"", "-", "-decaf", "*", "AND", "王小明", "🎉"] {
        let out = kith(&["search", "--format", "json", q], &db);
        assert!(out.status.success(), "{q:?}: {}", stderr(&out));
        assert!(serde_json::from_str::<serde_json::Value>(&stdout(&out)).is_ok());
    }
}

#[test]
fn demo_refuses_to_overwrite_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    assert!(kith(&["demo", "--contacts", "20"], &db).status.success());
    let again = kith(&["demo", "--contacts", "20"], &db);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert!(
        kith(&["demo", "--contacts", "30", "--force"], &db)
            .status
            .success()
    );
    assert!(stdout(&kith(&["check"], &db)).contains("integrity: ok"));
}

#[test]
fn commands_on_missing_or_foreign_files_fail_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let out = kith(&["check"], &missing);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("missing.db"), "{}", stderr(&out));
    assert!(!missing.exists(), "check must not create a workspace");

    let foreign = dir.path().join("notes.txt");
    std::fs::write(
        &foreign,
        "not a database at all, just some notes\n".repeat(100),
    )
    .unwrap();
    let out = kith(&["search", "x"], &foreign);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not a Kith workspace"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn version_is_printed() {
    let out = Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out).trim(),
        format!("kith {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_file_argument_goes_to_the_window_and_subcommand_names_still_win() {
    use kith::cli::{Cli, Command};
    let args = Cli::try_parse_args(["kith", "people.vcf"]).unwrap();
    assert_eq!(args.file, Some(std::path::PathBuf::from("people.vcf")));
    assert!(args.command.is_none());
    let args = Cli::try_parse_args(["kith", "--db", "d.db", "demo"]).unwrap();
    assert!(matches!(args.command, Some(Command::Demo(_))));
    assert!(args.file.is_none());
    assert!(
        Cli::try_parse_args(["kith", "people.vcf", "check"]).is_err(),
        "a file and a subcommand together are a mistake, not a silent choice"
    );
}
