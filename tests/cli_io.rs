//! `kith import|export|person` as users run them: summaries, exit codes, files written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

fn kith(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(&args[..args.len().min(2)])
        .arg("--db")
        .arg(db)
        .args(args.get(2..).unwrap_or(&[]))
        .env_remove("KITH_DB")
        .output()
        .expect("kith runs")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io")
        .join(name)
        .display()
        .to_string()
}

/// A demo workspace made by the command line, in a folder of its own.
fn demo_workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let demo = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["demo", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(demo.status.success());
    (dir, db)
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn csv_import_into_a_new_path_reports_and_writes_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new").join("w.db");
    let rejects = dir.path().join("rejects.csv");
    let dry = kith(
        &[
            "import",
            "csv",
            &fixture("google_contacts.csv"),
            "--dry-run",
        ],
        &db,
    );
    assert!(dry.status.success(), "{}", out(&dry));
    assert!(
        out(&dry).contains("imported 5, updated 0, rejected 2"),
        "{}",
        out(&dry)
    );
    let o = kith(
        &[
            "import",
            "csv",
            &fixture("google_contacts.csv"),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    let text = out(&o);
    assert!(
        text.contains("imported 5, updated 0, rejected 2, duplicates found 0"),
        "{text}"
    );
    // The same file again: every valid row is found up to date, which is success, not failure.
    let again = kith(&["import", "csv", &fixture("google_contacts.csv")], &db);
    assert!(again.status.success(), "{}", out(&again));
    assert!(
        out(&again).contains(
            "imported 0, updated 0, rejected 2, duplicates found 0, companies created 0, unchanged 5"
        ),
        "{}",
        out(&again)
    );
    assert!(
        text.contains("row 6, column \"E-mail 1 - Value\": email:"),
        "{text}"
    );
    assert!(
        text.contains("row 7, column \"Birthday\": birthday:"),
        "{text}"
    );
    assert!(
        std::fs::read_to_string(&rejects)
            .unwrap()
            .contains("Kith error")
    );

    let mapped = kith(
        &[
            "import",
            "csv",
            &fixture("semicolon.csv"),
            "--mapping",
            &fixture("semicolon_mapping.json"),
        ],
        &db,
    );
    assert!(
        out(&mapped).contains("imported 3, updated 0, rejected 2"),
        "{}",
        out(&mapped)
    );
    assert!(!out(&mapped).contains("note: the mapping names"));

    // The same profile for the Outlook file: none of its columns are there, and that is said.
    let other = kith(
        &[
            "import",
            "csv",
            &fixture("outlook_windows1252.csv"),
            "--dry-run",
            "--mapping",
            &fixture("semicolon_mapping.json"),
        ],
        &db,
    );
    assert!(
        out(&other)
            .contains("note: the mapping names a column this file does not have: \"Nachname\""),
        "{}",
        out(&other)
    );
}

#[test]
fn an_import_where_nothing_is_valid_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Name,Email\nNobody,not-an-email\n").unwrap();
    let o = kith(&["import", "csv", bad.to_str().unwrap()], &db);
    assert!(!o.status.success());
    assert!(
        out(&o).contains("row 2, column \"Email\": email:"),
        "{}",
        out(&o)
    );
    let missing = kith(&["import", "csv", "/no/such/file.csv"], &db);
    assert!(!missing.status.success());
}

#[test]
fn vcard_json_csv_ics_exports_and_person_commands_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let v = kith(&["import", "vcard", &fixture("contacts_v30.vcf")], &db);
    assert!(v.status.success(), "{}", out(&v));
    assert!(
        out(&v).contains("imported 3, updated 0, rejected 1"),
        "{}",
        out(&v)
    );
    assert!(out(&v).contains("photo skipped"), "{}", out(&v));

    for (format, file) in [("csv", "c.csv"), ("vcard", "c.vcf"), ("json", "w.json")] {
        let path = dir.path().join(file);
        let o = kith(&["export", format, "--out", path.to_str().unwrap()], &db);
        assert!(o.status.success(), "{format}: {}", out(&o));
        assert!(path.exists(), "{format}");
    }
    // Contacts alone make no calendar: RFC 5545 has a calendar hold at least one component, and
    // an empty VCALENDAR is refused by strict calendar apps. Nothing is written, and it is said.
    let calendar = dir.path().join("c.ics");
    let o = kith(&["export", "ics", "--out", calendar.to_str().unwrap()], &db);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains("nothing to put in a calendar"),
        "{}",
        out(&o)
    );
    assert!(!calendar.exists());
    let companies = dir.path().join("companies.csv");
    let o = kith(
        &[
            "export",
            "csv",
            "--out",
            companies.to_str().unwrap(),
            "--what",
            "companies",
        ],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    assert!(
        std::fs::read_to_string(&companies)
            .unwrap()
            .contains("Analytical Engines Ltd")
    );

    let copy = dir.path().join("copy.db");
    let j = kith(
        &[
            "import",
            "json",
            dir.path().join("w.json").to_str().unwrap(),
        ],
        &copy,
    );
    assert!(j.status.success(), "{}", out(&j));
    let again = kith(
        &[
            "import",
            "vcard",
            dir.path().join("c.vcf").to_str().unwrap(),
        ],
        &dir.path().join("v.db"),
    );
    assert!(out(&again).contains("imported 3,"), "{}", out(&again));

    let person = dir.path().join("person.json");
    let p = kith(
        &[
            "person",
            "export",
            "--id",
            "1",
            "--out",
            person.to_str().unwrap(),
        ],
        &db,
    );
    assert!(p.status.success(), "{}", out(&p));
    assert!(
        std::fs::read_to_string(&person)
            .unwrap()
            .contains("Lovelace")
    );
    // The window's daily snapshots go beside the workspace; one made before still holds them.
    let backups = kith::store::default_backup_dir(&db);
    let to = format!("--to={}", backups.display());
    let b = kith(&["backup", &to], &db);
    assert!(b.status.success(), "{}", out(&b));
    let e = kith(&["person", "erase", "--id", "1"], &db);
    assert!(e.status.success(), "{}", out(&e));
    assert!(
        out(&e).contains("1 backup in") && out(&e).contains("restoring one brings them back"),
        "{}",
        out(&e)
    );
    // The erased contact is counted, and said to be a deleted one.
    let check = out(&kith(&["check"], &db));
    assert!(
        check
            .lines()
            .any(|l| l.trim_start().starts_with("contacts") && l.contains("1 of them deleted")),
        "{check}"
    );
    // A second erasure finds nothing more and says so, rather than counting the blanks again.
    let again = kith(&["person", "erase", "--id", "1"], &db);
    assert!(again.status.success(), "{}", out(&again));
    assert!(
        out(&again).contains("contact 1 was already erased") && !out(&again).contains("blanked"),
        "{}",
        out(&again)
    );
    let none = kith(&["person", "erase", "--id", "999"], &db);
    assert!(!none.status.success());
}

#[test]
fn export_what_picks_the_list_or_the_calendar_items_and_refuses_what_a_format_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let demo = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["demo", "--contacts", "200", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(demo.status.success(), "{}", out(&demo));
    let path = |name: &str| dir.path().join(name).display().to_string();

    // A calendar of tasks holds to-dos only; of deals, expected close dates only.
    let o = kith(
        &["export", "ics", "--out", &path("t.ics"), "--what", "tasks"],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    let tasks = std::fs::read_to_string(path("t.ics")).unwrap();
    assert!(tasks.contains("BEGIN:VTODO"));
    assert!(!tasks.contains("BEGIN:VEVENT"));
    let o = kith(
        &["export", "ics", "--out", &path("d.ics"), "--what", "deals"],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    let deals = std::fs::read_to_string(path("d.ics")).unwrap();
    assert!(deals.contains("Expected close:"));
    assert!(!deals.contains("BEGIN:VTODO"));
    // Only expected closes: every event is one.
    assert_eq!(
        deals.matches("BEGIN:VEVENT").count(),
        deals.matches("SUMMARY:Expected close:").count()
    );
    let o = kith(&["export", "ics", "--out", &path("all.ics")], &db);
    let all = std::fs::read_to_string(path("all.ics")).unwrap();
    // Everything: the meetings too.
    assert!(o.status.success());
    assert!(all.matches("BEGIN:VEVENT").count() > all.matches("SUMMARY:Expected close:").count());
    assert_eq!(
        all.matches("BEGIN:VTODO").count(),
        tasks.matches("BEGIN:VTODO").count()
    );

    // `--id` picks rows of a CSV list, in the order given.
    let o = kith(
        &[
            "export",
            "csv",
            "--out",
            &path("some.csv"),
            "--what",
            "contacts",
            "--id",
            "7",
            "--id",
            "3",
        ],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("exported 2 rows"), "{}", out(&o));
    let ids: Vec<String> = std::fs::read_to_string(path("some.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["7", "3"]);
    // As the README writes it (`--id N ...`), or with commas; an id said twice is one row.
    for given in [&["7", "3", "5", "3"][..], &["7,3,5"][..]] {
        let mut args = vec!["export", "csv", "--id"];
        args.extend_from_slice(given);
        let file = path("listed.csv");
        args.extend(["--out", file.as_str()]);
        let o = kith(&args, &db);
        assert!(o.status.success(), "{given:?}: {}", out(&o));
        let ids: Vec<String> = std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect();
        assert_eq!(ids, ["7", "3", "5"], "{given:?}");
    }
    // An id that names nothing live is left out with a word; only such ids: nothing to do.
    let o = kith(
        &[
            "export",
            "csv",
            "--out",
            &path("one.csv"),
            "--id",
            "7",
            "--id",
            "99999",
        ],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("exported 1 row to"), "{}", out(&o));
    assert!(
        out(&o).contains("no live contacts with id 99999"),
        "{}",
        out(&o)
    );
    let o = kith(&["person", "erase", "--id", "5"], &db);
    assert!(o.status.success(), "{}", out(&o));
    for format in ["csv", "vcard"] {
        let file = path(&format!("none.{format}"));
        let o = kith(&["export", format, "--out", &file, "--id", "5"], &db);
        assert!(!o.status.success(), "{format}: {}", out(&o));
        assert!(out(&o).contains("nothing to export"), "{}", out(&o));
        assert!(!Path::new(&file).exists());
    }

    // What a format cannot hold is refused with the reason, and no file is written.
    for (format, what) in [
        ("vcard", "deals"),
        ("ics", "companies"),
        ("json", "contacts"),
    ] {
        let file = path(&format!("refused-{format}"));
        let o = kith(&["export", format, "--out", &file, "--what", what], &db);
        assert!(!o.status.success(), "{format} --what {what}");
        assert!(out(&o).contains("holds"), "{}", out(&o));
        assert!(!Path::new(&file).exists());
    }
    let o = kith(
        &["export", "ics", "--out", &path("x.ics"), "--id", "3"],
        &db,
    );
    assert!(!o.status.success());
    assert!(out(&o).contains("--id"), "{}", out(&o));
}

#[test]
fn an_export_never_writes_over_the_workspace() {
    let (_dir, db) = demo_workspace();
    let before = std::fs::metadata(&db).unwrap().len();
    for format in ["csv", "json", "vcard", "ics"] {
        let o = kith(&["export", format, "--out", db.to_str().unwrap()], &db);
        assert!(!o.status.success(), "{format}: {}", out(&o));
        assert!(out(&o).contains("choose another name"), "{}", out(&o));
    }
    let check = kith(&["check"], &db);
    assert!(out(&check).contains("integrity: ok"), "{}", out(&check));
    assert_eq!(std::fs::metadata(&db).unwrap().len(), before);
}

/// `--out /dev/stdout` in a pipeline: the data goes down the pipe, the summary to stderr, and the
/// pipe is written into, never replaced by a file (as root, renaming over `/dev/null` or
/// `/dev/stdout` would replace them for the whole machine). `/proc/self/fd/1` names the same pipe
/// without a link in /dev that a regression could damage.
#[cfg(target_os = "linux")]
#[test]
fn an_export_to_standard_output_streams_the_data_and_keeps_the_summary_apart() {
    let (_dir, db) = demo_workspace();
    let o = kith(&["export", "csv", "--out", "/proc/self/fd/1"], &db);
    assert!(o.status.success(), "{}", out(&o));
    let data = String::from_utf8_lossy(&o.stdout);
    assert!(data.starts_with("id,first_name,last_name,"), "{data:.200}");
    assert_eq!(data.lines().count(), 501, "a header and 500 contacts");
    assert!(!data.contains("exported"), "the summary went into the data");
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains("exported 500 rows to /proc/self/fd/1"),
        "{said}"
    );
    // "-" is standard output too, as in most Unix tools.
    let dash = kith(&["export", "csv", "--out", "-"], &db);
    assert!(dash.status.success(), "{}", out(&dash));
    assert_eq!(String::from_utf8_lossy(&dash.stdout).lines().count(), 501);
    let o = kith(
        &["person", "export", "--id", "1", "--out", "/proc/self/fd/1"],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    let person: serde_json::Value = serde_json::from_slice(&o.stdout).expect("only JSON on stdout");
    assert!(person.is_object());
}

/// `--out -` with standard output redirected to a file, as a script logging its steps does: the
/// data follows what the script wrote before, the file stays the same file (it was renamed over,
/// which lost the script's earlier lines, and then renamed over `/dev/stdout` itself), and a second
/// export follows the first.
#[cfg(unix)]
#[test]
fn an_export_to_a_redirected_standard_output_follows_what_was_written_before() {
    use std::io::Write;
    use std::os::unix::fs::MetadataExt;
    let (dir, db) = demo_workspace();
    let log = dir.path().join("log.txt");
    let mut file = std::fs::File::create(&log).unwrap();
    file.write_all(b"before the export\n").unwrap();
    let inode = std::fs::metadata(&log).unwrap().ino();
    for _ in 0..2 {
        let o = Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["export", "csv", "--what", "companies", "--out", "-", "--db"])
            .arg(&db)
            .env_remove("KITH_DB")
            .stdout(file.try_clone().unwrap())
            .output()
            .expect("kith runs");
        assert!(o.status.success(), "{}", out(&o));
        // Checked before a second run, which after a replacement would rename over /dev/stdout.
        assert_eq!(
            std::fs::metadata(&log).unwrap().ino(),
            inode,
            "the file was replaced"
        );
    }
    file.write_all(b"after\n").unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.starts_with("before the export\nid,name,"),
        "{text:.200}"
    );
    assert!(text.ends_with("after\n"), "{text:.200}");
    assert_eq!(
        text.matches("id,name,").count(),
        2,
        "both exports, one after the other"
    );
    assert!(std::fs::symlink_metadata("/dev/stdout").is_ok_and(|m| !m.is_file()));

    // The same for standard error, named as /dev/stderr.
    let err_log = dir.path().join("err.txt");
    let mut err_file = std::fs::File::create(&err_log).unwrap();
    err_file.write_all(b"before\n").unwrap();
    let inode = std::fs::metadata(&err_log).unwrap().ino();
    let o = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "export",
            "csv",
            "--what",
            "companies",
            "--out",
            "/dev/stderr",
            "--db",
        ])
        .arg(&db)
        .env_remove("KITH_DB")
        .stderr(err_file.try_clone().unwrap())
        .output()
        .expect("kith runs");
    assert!(o.status.success());
    assert_eq!(
        std::fs::metadata(&err_log).unwrap().ino(),
        inode,
        "the file was replaced"
    );
    let text = std::fs::read_to_string(&err_log).unwrap();
    assert!(text.starts_with("before\nid,name,"), "{text:.200}");
}

/// `kith export … --out - | head`: the reader stopping early is not the export failing. It had
/// said "Broken pipe" and exited 1, or not, by how much of the file fitted in the pipe.
#[cfg(unix)]
#[test]
fn an_export_read_only_in_part_by_a_pipe_ends_quietly() {
    use std::io::Read;
    let (_dir, db) = demo_workspace();
    for format in ["json", "csv", "vcard"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["export", format, "--out", "-", "--db"])
            .arg(&db)
            .env_remove("KITH_DB")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("kith runs");
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe's reader is gone (dropped above), as when `head` has what it wants.
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{format}: {said}");
        assert!(!said.contains("Broken pipe"), "{format}: {said}");
    }
}

/// Output that cannot be written for any other reason (a full disk) is a failure a script must see:
/// `kith check`, `search` and `analyze` had exited 0 with nothing said.
#[cfg(target_os = "linux")]
#[test]
fn output_to_a_full_disk_is_a_failure_said_in_words() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let (_dir, db) = demo_workspace();
    for args in [
        &["check"][..],
        &["search", "anna"],
        &["analyze", "rfm"],
        &["export", "json", "--out", "-"],
        &["export", "ics", "--out", "-"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(args)
            .arg("--db")
            .arg(&db)
            .env_remove("KITH_DB")
            .stdout(full.try_clone().unwrap())
            .output()
            .expect("kith runs");
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(
            said.contains("kith: error: cannot write the output: No space left on device"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("panicked"), "{args:?}: {said}");
    }
}

/// `--rejects` is checked before anything is imported: the file being imported or the workspace is
/// refused (the first would be replaced by its own rejected rows), so no import is saved and then
/// reported as a failure; a folder that does not exist yet is made, as `--out` does.
#[test]
fn a_rejects_file_that_cannot_be_written_is_refused_before_importing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("google.csv");
    std::fs::copy(fixture("google_contacts.csv"), &input).unwrap();
    let original = std::fs::read(&input).unwrap();
    let db = dir.path().join("w.db");
    let input_arg = input.to_str().unwrap();

    let onto_input = kith(&["import", "csv", input_arg, "--rejects", input_arg], &db);
    assert!(!onto_input.status.success());
    assert!(
        out(&onto_input).contains("is the file being imported"),
        "{}",
        out(&onto_input)
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        original,
        "the input was overwritten"
    );
    assert!(!db.exists(), "the import ran before the refusal");

    let rejects = dir.path().join("not yet made").join("rejects.csv");
    let o = kith(
        &[
            "import",
            "csv",
            input_arg,
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(
        written.lines().count(),
        3,
        "a header and the two rejected rows: {written}"
    );

    let onto_db = kith(
        &[
            "import",
            "csv",
            input_arg,
            "--rejects",
            db.to_str().unwrap(),
        ],
        &db,
    );
    assert!(!onto_db.status.success());
    assert!(
        out(&onto_db).contains("is the workspace"),
        "{}",
        out(&onto_db)
    );
}

#[test]
fn a_workspace_file_that_is_missing_or_a_folder_creates_no_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let missing = dir.path().join("moved.json");
    let failed = kith(&["import", "json", missing.to_str().unwrap()], &db);
    assert!(!failed.status.success());
    assert!(out(&failed).contains("moved.json"), "{}", out(&failed));
    let folder = kith(&["import", "json", dir.path().to_str().unwrap()], &db);
    assert!(!folder.status.success());
    assert!(out(&folder).contains("folder"), "{}", out(&folder));
    assert!(!db.exists(), "nothing to import, so no new workspace");

    // A workspace file with no rows at all: nothing was done, and the exit status says so.
    let empty = dir.path().join("empty.json");
    std::fs::write(
        &empty,
        r#"{"format":"kith-workspace","version":1,"schema_version":1,"tables":{}}"#,
    )
    .unwrap();
    let none = kith(&["import", "json", empty.to_str().unwrap()], &db);
    assert!(!none.status.success(), "{}", out(&none));
    assert!(out(&none).contains("holds no rows"), "{}", out(&none));
}

/// A CSV with nothing under its header, and one whose header has a quote that never closes (the
/// reader took the whole file for the header): both said only "imported 0".
#[test]
fn a_csv_with_no_rows_or_a_broken_header_says_why_nothing_was_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let header_only = dir.path().join("header.csv");
    std::fs::write(&header_only, "first name,last name,email\n").unwrap();
    let none = kith(&["import", "csv", header_only.to_str().unwrap()], &db);
    assert_eq!(none.status.code(), Some(1), "{}", out(&none));
    assert!(out(&none).contains("no rows under it"), "{}", out(&none));

    let broken = dir.path().join("broken.csv");
    std::fs::write(
        &broken,
        "first name,\"last name,email\nAnn,Lee,ann@x.example\n",
    )
    .unwrap();
    let refused = kith(&["import", "csv", broken.to_str().unwrap()], &db);
    assert_eq!(refused.status.code(), Some(1), "{}", out(&refused));
    assert!(
        out(&refused).contains("row 1 (the header), column 2"),
        "{}",
        out(&refused)
    );
    assert!(out(&refused).contains("never closes"), "{}", out(&refused));
}

/// An import that imports nothing says so on stderr and leaves a new `--db` path as it found it:
/// it had exited 1 with stderr empty, and left an empty workspace to be taken for the real one.
#[test]
fn an_import_that_imports_nothing_says_why_and_creates_no_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "Name,Email\n,notanemail\nBo,also bad\n").unwrap();
    let vcf = dir.path().join("bad.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:bad\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let cases = [
        (
            "csv",
            &csv,
            "kith: nothing was imported: all 2 rows were rejected",
        ),
        (
            "vcard",
            &vcf,
            "kith: nothing was imported: the one card was rejected",
        ),
        ("json", &csv, "kith: error: not a Kith workspace file"),
    ];
    for (format, file, said) in cases {
        let db = dir.path().join(format!("new-{format}.db"));
        let out = kith(&["import", format, file.to_str().unwrap()], &db);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(stderr.contains(said), "{format}: {stderr}");
        assert!(
            !db.exists(),
            "{format}: a workspace was left at {}",
            db.display()
        );
    }
    // Into an existing workspace, the failure changes nothing and the workspace stays.
    let db = dir.path().join("kept.db");
    kith::store::Store::open(&db).unwrap();
    let out = kith(&["import", "csv", csv.to_str().unwrap()], &db);
    assert_eq!(out.status.code(), Some(1));
    assert!(db.exists());
}

/// A workspace whose name is not UTF-8 (a Latin-1 "né.db") is read as well as written: the
/// read-only opening had turned the name into U+FFFD and found no file.
#[cfg(target_os = "linux")]
#[test]
fn a_workspace_whose_name_is_not_utf8_opens_for_reading() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(std::ffi::OsStr::from_bytes(b"n\xe9 w.db"));
    let csv = dir.path().join("one.csv");
    std::fs::write(&csv, "Name,Email\nAda Lovelace,ada@example.com\n").unwrap();
    let out = kith(&["import", "csv", csv.to_str().unwrap()], &db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for args in [&["check"][..], &["search", "ada"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("KITH_DB")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {said}");
    }
}

/// A rejected row whose date only the file's other rows showed to be day first comes back, fixed
/// and imported alone, as the same day: "1/4/1975" beside "25/12/1988" is the 1st of April, and
/// the rejects file had kept it as written, for a re-import to read the 4th of January. A date
/// that is no date ("30/02/1980") comes back with dots, so the day it is corrected to ("01.02")
/// is read day first too.
#[test]
fn a_fixed_rejected_row_keeps_the_day_its_file_meant() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let csv = dir.path().join("dates.csv");
    std::fs::write(
        &csv,
        "First Name,Last Name,Email,Birthday\n\
         Anna,Day,anna.day@example.com,25/12/1988\n\
         Bert,Ambig,bert@@example.com,1/4/1975\n\
         Cleo,Feb,cleo@example.com,30/02/1980\n",
    )
    .unwrap();
    let rejects = dir.path().join("rejects.csv");
    let out = kith(
        &[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        &db,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.contains("1975-04-01"), "{text}");
    assert!(text.contains("30.02.1980"), "{text}");
    let fixed = dir.path().join("fixed.csv");
    std::fs::write(
        &fixed,
        text.replace("bert@@example.com", "bert@example.com")
            .replace("30.02.1980", "01.02.1980"),
    )
    .unwrap();
    let out = kith(&["import", "csv", fixed.to_str().unwrap()], &db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = kith::store::Store::open(&db).unwrap();
    let birthdays: Vec<(String, Option<chrono::NaiveDate>)> = store
        .contact_ids()
        .unwrap()
        .into_iter()
        .map(|id| {
            let f = store.contact(id).unwrap().fields;
            (f.first_name, f.birthday)
        })
        .collect();
    assert_eq!(
        birthdays,
        [
            (
                "Anna".to_string(),
                chrono::NaiveDate::from_ymd_opt(1988, 12, 25)
            ),
            (
                "Bert".to_string(),
                chrono::NaiveDate::from_ymd_opt(1975, 4, 1)
            ),
            (
                "Cleo".to_string(),
                chrono::NaiveDate::from_ymd_opt(1980, 2, 1)
            ),
        ]
    );
}

/// A file of organisations' cards imports companies, not people: that is something done, said in
/// the summary, kept in a new workspace, and exit 0 — and a second import of it changes nothing
/// but is no failure either.
#[test]
fn a_vcard_of_organisations_only_imports_companies_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let vcf = dir.path().join("org.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Globex Ltd\r\nN:;;;;\r\nORG:Globex Ltd\r\n\
         X-ABShowAs:COMPANY\r\nTEL;TYPE=WORK:+44 20 5555 0100\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let db = dir.path().join("new.db");
    let first = kith(&["import", "vcard", vcf.to_str().unwrap()], &db);
    let said = out(&first);
    assert_eq!(first.status.code(), Some(0), "{said}");
    assert!(said.contains("companies created 1"), "{said}");
    assert!(!said.contains("nothing was imported"), "{said}");
    let store = kith::store::Store::open(&db).unwrap();
    let names = store.company_names(10).unwrap();
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].1, "Globex Ltd");
    drop(store);

    // Again, spelt otherwise: named as the workspace spells it.
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:GLOBEX LTD\r\nN:;;;;\r\nORG:GLOBEX LTD\r\n\
         X-ABShowAs:COMPANY\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let again = kith(&["import", "vcard", vcf.to_str().unwrap()], &db);
    let said = out(&again);
    assert_eq!(again.status.code(), Some(0), "{said}");
    assert!(said.contains("companies created 0"), "{said}");
    assert!(said.contains("already the company Globex Ltd"), "{said}");
}

/// A vCard or a workspace file given to the CSV import is named for what it is, with the command
/// that imports it, instead of every line being rejected as a row without a name.
#[test]
fn a_csv_import_of_a_vcard_or_workspace_file_names_the_right_command() {
    let dir = tempfile::tempdir().unwrap();
    let vcf = dir.path().join("phone.vcf");
    std::fs::write(
        &vcf,
        "\u{feff}BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let json = dir.path().join("moved.json");
    std::fs::write(
        &json,
        "{\"format\":\"kith-workspace\",\"version\":1,\"schema_version\":11,\"tables\":{}}",
    )
    .unwrap();
    // As a phone saves it: UTF-16 with its byte-order mark.
    let utf16 = dir.path().join("phone-utf16.vcf");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    std::fs::write(&utf16, bytes).unwrap();
    for (file, said) in [
        (&vcf, "This is a vCard file (.vcf), not a CSV file"),
        (&utf16, "This is a vCard file (.vcf), not a CSV file"),
        (
            &json,
            "This is a Kith workspace file (JSON), not a CSV file",
        ),
    ] {
        let db = dir.path().join("new.db");
        let o = kith(&["import", "csv", file.to_str().unwrap()], &db);
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        assert!(out(&o).contains(said), "{}", out(&o));
        assert!(!out(&o).contains("must not be empty"), "{}", out(&o));
        assert!(!db.exists());
    }
    // Real CSV files that merely start alike are imported.
    for (name, text) in [
        (
            "begin.csv",
            "Begin:Vcard Import Id,First Name,Last Name\n7,Ada,Lovelace\n",
        ),
        (
            "braces.csv",
            "{id},First Name,Last Name,Notes\n7,Ada,Lovelace,\"kith-workspace\"\n",
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let db = dir.path().join(format!("{name}.db"));
        let o = kith(&["import", "csv", file.to_str().unwrap()], &db);
        assert!(o.status.success(), "{name}: {}", out(&o));
        assert!(out(&o).contains("imported 1,"), "{name}: {}", out(&o));
    }
}

/// `kith export csv --campaign N` writes that campaign's members with their responses, as the
/// campaign's page lists them; a campaign that is not there is a usage error, nothing written.
#[test]
fn a_campaigns_members_export_from_the_command_line() {
    let (dir, db) = demo_workspace();
    let store = kith::store::Store::open(&db).unwrap();
    let campaign = store
        .campaigns()
        .unwrap()
        .into_iter()
        .max_by_key(|c| c.members)
        .unwrap();
    drop(store);
    let file = dir.path().join("members.csv");
    let id = campaign.id.0.to_string();
    let o = kith(
        &[
            "export",
            "csv",
            "--campaign",
            &id,
            "--out",
            file.to_str().unwrap(),
        ],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    assert!(
        out(&o).contains(&format!("exported {} members to", campaign.members)),
        "{}",
        out(&o)
    );
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["contact_id", "name", "email"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as i64, campaign.members);
    let responded = rows.iter().filter(|r| !r[8].is_empty()).count();
    assert_eq!(responded as i64, campaign.responded);

    let missing = dir.path().join("none.csv");
    let o = kith(
        &[
            "export",
            "csv",
            "--campaign",
            "99999",
            "--out",
            missing.to_str().unwrap(),
        ],
        &db,
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains("no live campaign with id 99999"),
        "{}",
        out(&o)
    );
    assert!(!missing.exists());
}

/// `kith import orders` brings a shop's order history in; the summary counts orders, lines and
/// new products, names each rejected row, and fails only when no order could be imported.
#[test]
fn orders_import_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut store = kith::store::Store::open(&db).unwrap();
    common::customer(&mut store, "Ada", "ada@example.org");
    drop(store);
    let file = dir.path().join("orders.csv");
    std::fs::write(
        &file,
        "order,date,email,sku,product,quantity,unit_price\n\
         1,2026-10-01,ada@example.org,BEAN-1,Beans,2,24.50\n\
         2,2026-10-02,zed@example.org,BEAN-1,Beans,1,24.50\n",
    )
    .unwrap();
    let o = kith(
        &[
            "import",
            "orders",
            file.to_str().unwrap(),
            "--currency",
            "SEK",
        ],
        &db,
    );
    assert!(o.status.success(), "{}", out(&o));
    assert!(
        out(&o).contains("imported 1 order (1 line), products created 1, rejected 1 row"),
        "{}",
        out(&o)
    );
    assert!(
        out(&o).contains("row 3, email: no contact has the address"),
        "{}",
        out(&o)
    );
    let o = kith(&["import", "orders", file.to_str().unwrap()], &db);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("--currency"), "{}", out(&o));
}

/// One person twice in a file is said as such: the second row is neither a new contact nor an
/// update of one the workspace held (it was counted as "updated 1").
#[test]
fn a_person_twice_in_one_file_is_counted_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let csv = dir.path().join("twice.csv");
    std::fs::write(
        &csv,
        "First Name,Last Name,E-mail\nAda,Lovelace,ada@x.example\nAda,Lovelace,ADA@x.example\n",
    )
    .unwrap();
    let run = kith(&["import", "csv", csv.to_str().unwrap()], &db);
    assert!(run.status.success(), "{}", out(&run));
    let said = out(&run);
    assert!(said.contains("imported 1, updated 0,"), "{said}");
    assert!(
        said.contains("1 row was the same person as an earlier row of the file"),
        "{said}"
    );
}

/// A mailing list's address, or a card holding only an e-mail, brings no name to the person it
/// matches: its stand-in had replaced "Müller", and the next import of the real row made a
/// second Klaus.
#[test]
fn an_address_alone_leaves_the_name_of_the_person_it_matches() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let named = dir.path().join("named.csv");
    std::fs::write(
        &named,
        "First Name,Last Name,Email\nKlaus,Müller,klaus@x.de\n",
    )
    .unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "Email\nklaus@x.de\n").unwrap();
    let card = dir.path().join("card.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:klaus@x.de\r\nEMAIL:KLAUS@x.de\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let path = |p: &Path| p.to_str().unwrap().to_string();
    for (kind, file, said) in [
        ("csv", &named, "imported 1, updated 0,"),
        ("csv", &list, "imported 0, updated 0,"),
        ("vcard", &card, "imported 0, updated 0,"),
        ("csv", &named, "imported 0, updated 0,"),
    ] {
        let run = kith(&["import", kind, &path(file)], &db);
        assert!(out(&run).contains(said), "{kind} {file:?}: {}", out(&run));
    }
    let store = kith::store::Store::open(&db).unwrap();
    let people = store.contact_ids().unwrap();
    assert_eq!(people.len(), 1);
    let klaus = store.contact(people[0]).unwrap();
    assert_eq!(
        (
            klaus.fields.first_name.as_str(),
            klaus.fields.last_name.as_str()
        ),
        ("Klaus", "Müller")
    );
}

/// A file whose headers Kith does not know (a French export) is refused before anything is
/// written, naming its header and the way to map it: every row had failed with "name: must not
/// be empty". One with only an address column imports, and says how its contacts are named.
#[test]
fn a_file_with_no_column_kith_knows_says_how_to_map_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let french = dir.path().join("contacts.csv");
    std::fs::write(
        &french,
        "\u{feff}Prénom;Nom;Courriel;Société\nJean;Dupont;jean@x.fr;Acme\n",
    )
    .unwrap();
    let run = kith(&["import", "csv", french.to_str().unwrap()], &db);
    let said = out(&run);
    assert!(!run.status.success(), "{said}");
    assert!(
        said.contains("gives a name, an e-mail or a phone (the header: \"Prénom\", \"Nom\""),
        "{said}"
    );
    assert!(said.contains("--mapping FILE"), "{said}");
    assert!(!db.exists(), "nothing was done, so no workspace was made");

    // A company and its address are no person: every such row would be refused, so the file is.
    for (name, text) in [
        ("company.csv", "Company\nCafé Lune\n"),
        (
            "company_email.csv",
            "Company,Email\nCafé Lune,bonjour@lune.example\n",
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let run = kith(&["import", "csv", file.to_str().unwrap()], &db);
        let said = out(&run);
        assert!(!run.status.success(), "{name}: {said}");
        assert!(
            said.contains("gives a person's name, so every row naming a company would be refused"),
            "{name}: {said}"
        );
    }
    assert!(!db.exists());

    let german = dir.path().join("kontakte.csv");
    std::fs::write(
        &german,
        "Vorname;Nachname;E-Mail\nKlaus;Müller;klaus@x.de\n",
    )
    .unwrap();
    let run = kith(&["import", "csv", german.to_str().unwrap()], &db);
    let said = out(&run);
    assert!(run.status.success(), "{said}");
    assert!(said.contains("imported 1,"), "{said}");
    assert!(
        said.contains("note: no column gives a name (the header: \"Vorname\", \"Nachname\""),
        "{said}"
    );
}
