//! Files the library writes for people (CSV, JSON, charts): written whole or not at all, and never
//! over a workspace.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The workspace files this process has open, each with whether it is encrypted: an export must
/// never replace one, and nothing but SQLite may open one again (see [`open_here`]).
static OPEN_WORKSPACES: Mutex<Vec<(PathBuf, bool)>> = Mutex::new(Vec::new());

/// Marks a workspace file as open for as long as it lives (a [`crate::store::Store`] holds one).
#[derive(Debug)]
pub struct OpenWorkspace(PathBuf);

impl OpenWorkspace {
    pub fn hold(path: &Path, encrypted: bool) -> OpenWorkspace {
        let path = comparable(path);
        if let Ok(mut open) = OPEN_WORKSPACES.lock() {
            open.push((path.clone(), encrypted));
        }
        OpenWorkspace(path)
    }
}

/// Whether this process has the workspace at `path` open, and if so whether it is encrypted.
///
/// While it is, the file must not be opened other than through SQLite: on Linux and macOS,
/// closing *any* descriptor of a file drops every lock the process holds on it. SQLite's own
/// connections share their descriptors to avoid that, but a `File::open` to read the header
/// would leave the open workspace unlocked, and another program could then checkpoint and
/// delete the write-ahead log this process is still writing to.
pub fn open_here(path: &Path) -> Option<bool> {
    let path = comparable(path);
    let open = OPEN_WORKSPACES.lock().ok()?;
    open.iter().find(|(p, _)| *p == path).map(|(_, e)| *e)
}

impl Drop for OpenWorkspace {
    fn drop(&mut self) {
        if let Ok(mut open) = OPEN_WORKSPACES.lock()
            && let Some(i) = open.iter().position(|(p, _)| *p == self.0)
        {
            open.swap_remove(i);
        }
    }
}

/// The path as two names for one file compare: its folder resolved (links, `..`), its name kept.
fn comparable(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// Refuses a target that is an open workspace (or its -wal, -shm or -journal file), or any SQLite
/// database: `kith export csv --out kith.db` must not turn a workspace into a CSV file.
fn refuse_workspace(path: &Path) -> std::io::Result<()> {
    let target = comparable(path);
    let open = OPEN_WORKSPACES
        .lock()
        .map(|o| o.clone())
        .unwrap_or_default();
    let is_open = open.iter().any(|(db, _)| {
        target == *db
            || ["-wal", "-shm", "-journal"].iter().any(|suffix| {
                let mut side = db.as_os_str().to_owned();
                side.push(suffix);
                target.as_os_str() == side
            })
    });
    let refused = || {
        Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "it is a workspace (database) file, which an export never replaces; choose another name",
        ))
    };
    // An open workspace is not even opened to read its header (see `open_here`).
    if is_open {
        return refused();
    }
    let mut header = [0u8; 16];
    let is_database = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && header == *b"SQLite format 3\0";
    if is_database {
        return refused();
    }
    Ok(())
}

/// Writes `path` through `path.tmp`, a sync and a rename, so a reader never sees half a file and a
/// failed write leaves the old file (if any) in place. A workspace file is never replaced.
///
/// A failure to write standard output (or error) as the command line says it ("cannot write the
/// output: No space left on device"); the kind is kept, so a closed pipe still ends a command
/// quietly.
pub fn output_error(e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("cannot write the output: {e}"))
}

/// A target that is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe a script reads)
/// is written straight into: renaming over it would replace the device or pipe with a plain file,
/// and as root that turns `/dev/null` into a file every later program reads. A symbolic link is
/// followed, so the file it points at is replaced and the link stays.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if is_standard_output(path) {
        return write_to_standard_output(write).map_err(output_error);
    }
    if is_standard_error(path) {
        return write_to_standard_error(write).map_err(output_error);
    }
    // Any other descriptor or device named by its path (`/dev/fd/3`, `/proc/self/fd/3`): what it
    // leads to is written into, never replaced. Followed to a file and renamed over, it had lost
    // what the shell wrote there before.
    if names_descriptor(path) {
        return write_in_place(path, write);
    }
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            // A dangling link is replaced like a missing file.
            resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            resolved.as_path()
        }
        _ => path,
    };
    if is_device_or_pipe(path) {
        return write_in_place(path, write);
    }
    refuse_workspace(path)?;
    make_folder_for(path)?;
    let (tmp, file) = create_temporary(path)?;
    let mut w = BufWriter::new(file);
    let written = write(&mut w)
        .and_then(|()| w.flush())
        .and_then(|()| w.into_inner().map_err(|e| e.into_error()))
        .and_then(|file| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        // Leave nothing half-written behind.
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Checks up front that [`write_atomically`] could write `path` (not a workspace, its folder there
/// or made, writable), for a command that writes the file only after a long run it cannot take back.
pub fn ensure_writable(path: &Path) -> std::io::Result<()> {
    if is_standard_output(path)
        || is_standard_error(path)
        || names_descriptor(path)
        || is_device_or_pipe(path)
    {
        return Ok(());
    }
    refuse_workspace(path)?;
    make_folder_for(path)?;
    let (probe, _file) = create_temporary(path)?;
    std::fs::remove_file(&probe)
}

/// A new, empty file beside `path` that no one else has: a hidden name with this process's id
/// and a counter, created only if nothing is there (never truncating a file of the user's, which
/// a fixed "OUT.tmp" did — even a workspace called that). It has the permissions of the file it
/// will replace, or owner-only ones for a new file, as the workspace itself: exports hold the
/// customers' personal data.
fn create_temporary(path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).map_or(0o600, |m| m.permissions().mode() & 0o7777)
    };
    loop {
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = folder.join(format!(".{name}.{}-{n}.kith-tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
        match options.open(&tmp) {
            Ok(file) => {
                // The process's umask may have taken bits the replaced file had.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    file.set_permissions(std::fs::Permissions::from_mode(mode))?;
                }
                return Ok((tmp, file));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Creates the folder `path` goes in when it is missing, as `kith backup --to` and `kith report`
/// do: `--out exports/2026/list.csv` should not fail on a folder nobody made yet.
fn make_folder_for(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() && !folder.exists() => {
            std::fs::create_dir_all(folder)
        }
        _ => Ok(()),
    }
}

/// Whether `path` is something written into as it is (a device, a named pipe, a socket): neither a
/// plain file nor a folder.
fn is_device_or_pipe(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

/// Whether `path` names this process's standard output: `/dev/stdout` (what `--out -` stands
/// for), `/proc/self/fd/1`, or the very file, pipe or terminal it is redirected to.
#[cfg(unix)]
pub fn is_standard_output(path: &Path) -> bool {
    use std::os::fd::AsFd;
    same_file(std::io::stdout().as_fd(), path)
}

#[cfg(not(unix))]
pub fn is_standard_output(_path: &Path) -> bool {
    false
}

/// [`is_standard_output`] for standard error (`/dev/stderr`).
#[cfg(unix)]
fn is_standard_error(path: &Path) -> bool {
    use std::os::fd::AsFd;
    same_file(std::io::stderr().as_fd(), path)
}

#[cfg(not(unix))]
fn is_standard_error(_path: &Path) -> bool {
    false
}

/// Whether `path` names an open descriptor rather than a file: `/dev/fd/N`, `/proc/PID/fd/N`,
/// `/dev/stdout` and the like. (`/dev/shm/list.csv` is a file like any other.)
fn names_descriptor(path: &Path) -> bool {
    let parts: Vec<_> = path.components().map(|c| c.as_os_str()).collect();
    match parts.as_slice() {
        [_, dev, fd, _] if *dev == "dev" && *fd == "fd" => true,
        [_, dev, name] if *dev == "dev" => ["stdin", "stdout", "stderr"].iter().any(|n| name == n),
        [_, proc, _, fd, _] if *proc == "proc" && *fd == "fd" => true,
        _ => false,
    }
}

/// Whether descriptor `fd` and `path` lead to one file, pipe or terminal.
#[cfg(unix)]
fn same_file(fd: std::os::fd::BorrowedFd<'_>, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let open = fd
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata());
    match (open, std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Writes through standard output itself, where what the shell already wrote there ends and what
/// comes after will follow. Opening `/dev/stdout` instead would start a redirected file again from
/// its first byte; following the link to that file and renaming over it (as for any other file)
/// lost the script's earlier output, and once the file was gone renamed over `/dev/stdout` itself.
#[cfg(unix)]
fn write_to_standard_output(
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::os::fd::AsFd;
    // What this process printed before goes first.
    std::io::stdout().flush()?;
    write_through(std::io::stdout().as_fd(), write)
}

#[cfg(not(unix))]
fn write_to_standard_output(
    _write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    Err(std::io::Error::other("standard output is not a file here"))
}

/// [`write_to_standard_output`] for standard error (`--out /dev/stderr`).
#[cfg(unix)]
fn write_to_standard_error(
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::os::fd::AsFd;
    write_through(std::io::stderr().as_fd(), write)
}

#[cfg(not(unix))]
fn write_to_standard_error(
    _write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    Err(std::io::Error::other("standard error is not a file here"))
}

/// Writes through a duplicate of `fd`, so the data lands where the descriptor is now.
#[cfg(unix)]
fn write_through(
    fd: std::os::fd::BorrowedFd<'_>,
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::from(fd.try_clone_to_owned()?));
    write(&mut w)?;
    w.flush()
}

/// Writes into a device or pipe as it is: nothing to rename, nothing a sync would mean. A file
/// reached through a descriptor's path (`/dev/fd/3`) is added to, not written over.
fn write_in_place(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new().append(true).open(path)?;
    let mut w = BufWriter::new(file);
    write(&mut w)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_workspace_or_any_database_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        std::fs::write(&db, b"not yet a database").unwrap();
        let held = OpenWorkspace::hold(&db, false);
        let write = |p: &Path| write_atomically(p, |w| w.write_all(b"a,b\n"));
        assert!(write(&db).is_err());
        assert!(write(&dir.path().join("kith.db-wal")).is_err());
        assert!(write(&dir.path().join(".").join("kith.db")).is_err());
        assert_eq!(std::fs::read(&db).unwrap(), b"not yet a database");
        drop(held);
        assert!(write(&db).is_ok());
        let other = dir.path().join("other.db");
        std::fs::write(&other, b"SQLite format 3\0 and the rest").unwrap();
        assert!(write(&other).is_err());
        assert!(write(&dir.path().join("export.csv")).is_ok());
    }

    #[test]
    fn descriptors_are_told_from_files_by_their_path() {
        for path in [
            "/dev/fd/3",
            "/proc/self/fd/3",
            "/proc/1234/fd/1",
            "/dev/stderr",
        ] {
            assert!(names_descriptor(Path::new(path)), "{path}");
        }
        for path in [
            "/dev/shm/list.csv",
            "/dev/null",
            "/tmp/fd/3",
            "list.csv",
            "/proc/self",
        ] {
            assert!(!names_descriptor(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, |w| w.write_all(b"first")).unwrap();
        let failed = write_atomically(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "nothing but out.txt: {left:?}");
    }

    #[test]
    fn files_beside_the_target_are_never_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.csv");
        // What the fixed "OUT.tmp" name used to truncate and delete: a user's file, and the
        // input of the very command writing (an import's rejects beside "r.tmp").
        let beside = dir.path().join("list.csv.tmp");
        std::fs::write(&beside, b"my notes").unwrap();
        write_atomically(&path, |w| w.write_all(b"a,b\n")).unwrap();
        ensure_writable(&path).unwrap();
        assert_eq!(std::fs::read(&beside).unwrap(), b"my notes");
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        let failed = write_atomically(&path, |_| Err(std::io::Error::other("disk full")));
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&beside).unwrap(), b"my notes");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions_and_a_new_one_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let kept = dir.path().join("shared.csv");
        std::fs::write(&kept, b"old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomically(&kept, |w| w.write_all(b"new")).unwrap();
        assert_eq!(mode(&kept), 0o644);
        let fresh = dir.path().join("people.json");
        write_atomically(&fresh, |w| w.write_all(b"{}")).unwrap();
        assert_eq!(mode(&fresh), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_or_pipe_is_written_into_not_replaced() {
        // A named pipe stands for /dev/null here: were the fix undone, a test writing /dev/null
        // as root would replace it for every later program on the machine.
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this system
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomically(&fifo, |w| w.write_all(b"through the pipe")).unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        let meta = std::fs::symlink_metadata(&fifo).unwrap();
        assert!(
            meta.file_type().is_fifo(),
            "the pipe was replaced by a file"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        std::fs::write(&real, b"old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, |w| w.write_all(b"new")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }
}
