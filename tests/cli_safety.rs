//! The safety commands as a user runs them: backup, restore, encrypt/decrypt/rekey with the
//! passphrase from a file or the environment, and read-only files opened as an ordinary user.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn kith(args: &[&str], db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    command
        .arg(args[0])
        .arg("--db")
        .arg(db)
        .args(&args[1..])
        .env_remove("KITH_DB")
        .env_remove("KITH_PASSPHRASE")
        .env_remove("KITH_NEW_PASSPHRASE");
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("kith runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The one file `kith backup` wrote into `dir`.
fn only_file(dir: &Path) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
}

fn demo(db: &Path) {
    let made = run(&mut kith(&["demo", "--contacts", "60", "--seed", "2"], db));
    assert!(made.status.success(), "{}", text(&made));
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    demo(&db);
    let snaps = dir.path().join("snaps");
    let backed = run(&mut kith(&["backup", "--to", snaps.to_str().unwrap()], &db));
    assert!(backed.status.success(), "{}", text(&backed));
    assert!(text(&backed).contains("verified"));
    let snapshot = only_file(&snaps);

    // Checking a snapshot reads it and changes nothing: not its journal mode, not a byte.
    let written = std::fs::read(&snapshot).unwrap();
    let checked = run(&mut kith(&["check"], &snapshot));
    assert!(
        text(&checked).contains("integrity: ok"),
        "{}",
        text(&checked)
    );
    assert!(text(&checked).contains("contacts"), "{}", text(&checked));
    assert!(
        std::fs::read(&snapshot).unwrap() == written,
        "check changed the snapshot"
    );
    assert_eq!(
        std::fs::read_dir(&snaps).unwrap().count(),
        1,
        "check left files beside it"
    );

    std::fs::remove_file(&db).unwrap();
    let restored = run(&mut kith(
        &["restore", "--from", snapshot.to_str().unwrap()],
        &db,
    ));
    assert!(restored.status.success(), "{}", text(&restored));
    let check = run(&mut kith(&["check"], &db));
    assert!(text(&check).contains("integrity: ok"), "{}", text(&check));

    let missing = run(&mut kith(&["restore", "--from", "/no/such.kithbak"], &db));
    assert!(!missing.status.success());
    assert!(
        text(&missing).contains("there is no such file"),
        "{}",
        text(&missing)
    );
}

#[test]
fn a_workspace_another_program_is_writing_is_neither_replaced_nor_waited_on_forever() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    demo(&db);
    let snaps = dir.path().join("snaps");
    assert!(
        run(&mut kith(&["backup", "--to", snaps.to_str().unwrap()], &db))
            .status
            .success()
    );
    let snapshot = only_file(&snaps);
    // Another program in the middle of a write.
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('probe', 'kept');")
        .unwrap();

    let forced = run(&mut kith(&["demo", "--contacts", "5", "--force"], &db));
    assert!(!forced.status.success(), "{}", text(&forced));
    assert!(text(&forced).contains("in use"), "{}", text(&forced));

    let started = std::time::Instant::now();
    let restored = run(&mut kith(
        &["restore", "--from", snapshot.to_str().unwrap()],
        &db,
    ));
    assert!(!restored.status.success(), "{}", text(&restored));
    assert!(text(&restored).contains("in use"), "{}", text(&restored));
    assert!(started.elapsed() < std::time::Duration::from_secs(30));

    // The writer's change lands: nothing was pulled out from under it.
    writer.execute_batch("COMMIT").unwrap();
    drop(writer);
    let kept: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT value FROM meta WHERE key = 'probe'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, "kept");
}

#[test]
fn encrypt_then_every_command_needs_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    demo(&db);
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, "tr0ub4dor\n").unwrap();

    let encrypted = run(kith(&["encrypt"], &db).env("KITH_NEW_PASSPHRASE", "tr0ub4dor"));
    assert!(encrypted.status.success(), "{}", text(&encrypted));

    let again = run(kith(&["encrypt"], &db)
        .env("KITH_PASSPHRASE", "tr0ub4dor")
        .env("KITH_NEW_PASSPHRASE", "other"));
    assert!(!again.status.success());
    assert!(
        text(&again).contains("already encrypted"),
        "{}",
        text(&again)
    );

    let locked = run(&mut kith(&["check"], &db));
    assert!(!locked.status.success());
    assert!(text(&locked).contains("is encrypted"), "{}", text(&locked));
    let wrong = run(kith(&["check"], &db).env("KITH_PASSPHRASE", "nope"));
    assert!(
        text(&wrong).contains("wrong passphrase"),
        "{}",
        text(&wrong)
    );
    assert!(
        !text(&wrong).contains("ERROR"),
        "SQLCipher's log leaked: {}",
        text(&wrong)
    );
    let by_file = run(&mut kith(
        &["search", "--passphrase-file", pass.to_str().unwrap(), "a"],
        &db,
    ));
    assert!(by_file.status.success(), "{}", text(&by_file));
    let empty = dir.path().join("empty-pass");
    std::fs::write(&empty, "\n").unwrap();
    let by_empty = run(&mut kith(
        &["search", "--passphrase-file", empty.to_str().unwrap(), "a"],
        &db,
    ));
    assert!(!by_empty.status.success());
    assert!(text(&by_empty).contains("is empty"), "{}", text(&by_empty));

    let snaps = dir.path().join("snaps");
    let backed =
        run(kith(&["backup", "--to", snaps.to_str().unwrap()], &db)
            .env("KITH_PASSPHRASE", "tr0ub4dor"));
    assert!(backed.status.success(), "{}", text(&backed));
    let snapshot = only_file(&snaps);
    let rekeyed = run(kith(&["rekey"], &db)
        .env("KITH_PASSPHRASE", "tr0ub4dor")
        .env("KITH_NEW_PASSPHRASE", "correct horse"));
    assert!(rekeyed.status.success(), "{}", text(&rekeyed));
    // The snapshot keeps the old passphrase: restoring it in place says how to get at it, and
    // restoring it into a new file with the old passphrase works.
    let in_place = run(
        kith(&["restore", "--from", snapshot.to_str().unwrap()], &db)
            .env("KITH_PASSPHRASE", "correct horse"),
    );
    assert!(!in_place.status.success());
    assert!(
        text(&in_place).contains("restore it into a new file"),
        "{}",
        text(&in_place)
    );
    let fresh = dir.path().join("from-snapshot.db");
    let elsewhere = run(
        kith(&["restore", "--from", snapshot.to_str().unwrap()], &fresh)
            .env("KITH_PASSPHRASE", "tr0ub4dor"),
    );
    assert!(elsewhere.status.success(), "{}", text(&elsewhere));
    let decrypted = run(kith(&["decrypt"], &db).env("KITH_PASSPHRASE", "correct horse"));
    assert!(decrypted.status.success(), "{}", text(&decrypted));
    let plain = run(&mut kith(&["check"], &db));
    assert!(plain.status.success(), "{}", text(&plain));
    // An encrypted snapshot over the workspace decrypted since: said plainly, even with the
    // snapshot's own passphrase, and nothing changes.
    let over_plain = run(
        kith(&["restore", "--from", snapshot.to_str().unwrap()], &db)
            .env("KITH_PASSPHRASE", "tr0ub4dor"),
    );
    assert!(!over_plain.status.success());
    assert!(
        text(&over_plain).contains("is encrypted and the workspace"),
        "{}",
        text(&over_plain)
    );
    assert!(run(&mut kith(&["check"], &db)).status.success());
    for command in ["decrypt", "rekey"] {
        let out = run(kith(&[command], &db)
            .env("KITH_PASSPHRASE", "correct horse")
            .env("KITH_NEW_PASSPHRASE", "x"));
        assert!(!out.status.success());
        assert!(text(&out).contains("is not encrypted"), "{}", text(&out));
    }
}

#[cfg(unix)]
mod read_only {
    use std::os::unix::fs::{PermissionsExt, chown};
    use std::os::unix::process::CommandExt;

    use super::*;

    const NOBODY: u32 = 65534;

    fn as_root() -> bool {
        std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .is_some_and(|l| l.split_whitespace().nth(1) == Some("0"))
        })
    }

    /// Runs kith as an ordinary user: root could write any file, so as root the command runs as
    /// `nobody` and owns the workspace file the way a user would.
    fn as_user(command: &mut Command, db: &Path) -> Output {
        if as_root() {
            chown(db, Some(NOBODY), Some(NOBODY)).unwrap();
            command.uid(NOBODY).gid(NOBODY);
        }
        run(command)
    }

    fn set_mode(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_read_only_file_opens_read_only_and_refuses_changes() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        demo(&db);
        set_mode(dir.path(), 0o755);
        set_mode(&db, 0o444);
        let check = as_user(&mut kith(&["check"], &db), &db);
        assert!(check.status.success(), "{}", text(&check));
        assert!(
            text(&check).contains("read-only because the file is read-only"),
            "{}",
            text(&check)
        );
        let csv = dir.path().join("people.csv");
        std::fs::write(&csv, "First name,Last name\nAda,Lovelace\n").unwrap();
        set_mode(&csv, 0o644);
        let import = as_user(
            &mut kith(&["import", "csv", csv.to_str().unwrap()], &db),
            &db,
        );
        assert!(!import.status.success());
        assert!(text(&import).contains("read-only"), "{}", text(&import));
    }

    #[test]
    fn a_file_in_a_read_only_folder_opens_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("shelf");
        std::fs::create_dir(&folder).unwrap();
        let db = folder.join("w.db");
        demo(&db);
        set_mode(dir.path(), 0o755);
        set_mode(&db, 0o644);
        if as_root() {
            chown(&db, Some(NOBODY), Some(NOBODY)).unwrap();
        }
        set_mode(&folder, 0o555);
        let check = as_user(&mut kith(&["check"], &db), &db);
        set_mode(&folder, 0o755);
        assert!(check.status.success(), "{}", text(&check));
        assert!(
            text(&check).contains("its folder is read-only"),
            "{}",
            text(&check)
        );
        assert!(text(&check).contains("integrity: ok"));
    }
}

/// A large write killed part-way (an import) leaves the file half new and its rollback journal
/// beside it. `kith check` called that "damaged" and advised restoring a backup, which would lose
/// everything saved since; it now says the write was interrupted, and an ordinary open rolls it
/// back to the file as it was.
#[test]
fn check_tells_an_interrupted_write_from_damage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut store = kith::store::Store::open(&db).unwrap();
    common::contact(&mut store, "Ada", "Lovelace");
    drop(store);
    // The moment of the kill, copied: pages already written into the file, the journal with the
    // pages they replaced.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 2; BEGIN; \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) \
         INSERT INTO tags (name) SELECT 'tag ' || i || ' ' || hex(randomblob(40)) FROM n;",
    )
    .unwrap();
    let killed = dir.path().join("killed.db");
    std::fs::copy(&db, &killed).unwrap();
    std::fs::copy(
        dir.path().join("w.db-journal"),
        dir.path().join("killed.db-journal"),
    )
    .unwrap();
    drop(conn);

    let check = run(&mut kith(&["check"], &killed));
    assert!(!check.status.success());
    assert!(
        text(&check).contains("a write to it was interrupted"),
        "{}",
        text(&check)
    );
    assert!(!text(&check).contains("damaged"), "{}", text(&check));
    // Any open that may write rolls the unfinished write back.
    let search = run(&mut kith(&["search", "Lovelace"], &killed));
    assert!(search.status.success(), "{}", text(&search));
    let check = run(&mut kith(&["check"], &killed));
    assert!(text(&check).contains("integrity: ok"), "{}", text(&check));
}

/// A large import writes through a rollback journal (see `import::bulk::write_once`). Commands run
/// meanwhile failed within 30 ms with SQLite's "database is locked", and `kith check` called the
/// live import an interrupted write to roll back. They now wait for the writer as for any other,
/// and say plainly that the workspace is busy if it keeps the file longer than that.
#[test]
fn commands_wait_for_a_large_import_and_then_say_the_workspace_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut store = kith::store::Store::open(&db).unwrap();
    common::contact(&mut store, "Ada", "Lovelace");
    drop(store);
    // The import's connection: the file in rollback-journal mode, a write under way.
    let hold = |for_how_long: std::time::Duration| {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA journal_mode = DELETE; BEGIN IMMEDIATE;")
            .unwrap();
        let tag = format!("written by the import {}", for_how_long.as_millis());
        conn.execute("INSERT INTO tags (name) VALUES (?1)", [tag])
            .unwrap();
        assert!(dir.path().join("w.db-journal").exists());
        std::thread::spawn(move || {
            std::thread::sleep(for_how_long);
            conn.execute_batch("COMMIT").unwrap();
            // As the import does when it is done; a waiting command may have done it first.
            let _ = conn.execute_batch("PRAGMA journal_mode = WAL");
        })
    };
    let both = || {
        let search = kith(&["search", "Lovelace"], &db).output_async();
        let check = kith(&["check"], &db).output_async();
        (search.join().unwrap(), check.join().unwrap())
    };

    let import = hold(std::time::Duration::from_millis(1500));
    let (search, check) = both();
    import.join().unwrap();
    assert!(search.status.success(), "{}", text(&search));
    assert!(text(&search).contains("Ada Lovelace"));
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("integrity: ok"), "{}", text(&check));

    let import = hold(std::time::Duration::from_secs(7));
    let (search, check) = both();
    import.join().unwrap();
    for refused in [&search, &check] {
        assert_eq!(refused.status.code(), Some(1), "{}", text(refused));
        assert!(
            text(refused).contains("the workspace is busy"),
            "{}",
            text(refused)
        );
        assert!(!text(refused).contains("interrupted"), "{}", text(refused));
    }
    let tags = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM tags WHERE name LIKE 'written by the import %'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    assert_eq!(tags, 2, "both imports' writes are in");
}

/// Runs a command on a thread of its own, so two can run at once.
trait OutputAsync {
    fn output_async(&mut self) -> std::thread::JoinHandle<Output>;
}

impl OutputAsync for Command {
    fn output_async(&mut self) -> std::thread::JoinHandle<Output> {
        let child = self
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("kith runs");
        std::thread::spawn(move || child.wait_with_output().expect("kith ends"))
    }
}
