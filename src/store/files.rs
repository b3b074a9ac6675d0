//! The file-system side of a workspace: owner-only files, whether a file can be written, and
//! renames that survive a power cut.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::{Error, Result};

/// Why a workspace is open read-only, in words for a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnly {
    File,
    Folder,
    /// A read-only file system: a locked SD card, a CD, a mount the user may not write to.
    Disk,
    /// Opened only to be looked at (`kith check` on a snapshot must not change it).
    Asked,
}

impl ReadOnly {
    pub fn reason(self) -> &'static str {
        match self {
            ReadOnly::File => "the file is read-only",
            ReadOnly::Folder => "its folder is read-only",
            ReadOnly::Disk => "its disk is read-only",
            ReadOnly::Asked => "it was opened only to be read",
        }
    }
}

/// Refuses a path that exists but is no plain file (a folder, `/dev/null`, a pipe): SQLite cannot
/// keep a workspace there, and treating `/dev/null` (0 bytes long) as a new workspace would replace
/// the device. A link to a file is fine.
pub fn ensure_plain_file(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let what = if meta.is_file() {
        return Ok(());
    } else if meta.is_dir() {
        "it is a folder; give the path of a workspace file inside it"
    } else {
        "it is a device or pipe, not a file"
    };
    Err(Error::NotAWorkspace {
        path: path.to_path_buf(),
        reason: what.into(),
    })
}

/// Why Kith could not write the workspace at `path`, in words ("the file is read-only"), if so.
pub fn cannot_write(path: &Path) -> Option<&'static str> {
    access(path).map(ReadOnly::reason)
}

/// Whether Kith may write `path`: the file itself, and its folder (SQLite writes its journal beside it).
pub fn access(path: &Path) -> Option<ReadOnly> {
    if let Err(e) = OpenOptions::new().read(true).write(true).open(path)
        && denied(&e)
    {
        return Some(on_disk(&e).unwrap_or(ReadOnly::File));
    }
    folder_access(path)
}

/// Whether Kith may write in the folder of `path`, where SQLite writes its journal; for a
/// workspace this process has open, whose file must not be opened again (`crate::fs::open_here`).
pub fn folder_access(path: &Path) -> Option<ReadOnly> {
    // The only portable test of a folder is to try: a uniquely named probe, removed at once.
    let dir = folder(path);
    let probe = dir.join(format!(
        ".kith-write-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            None
        }
        Err(e) if denied(&e) => Some(on_disk(&e).unwrap_or(ReadOnly::Folder)),
        Err(_) => None,
    }
}

/// Whether the whole disk refused, rather than the file's or folder's permissions.
fn on_disk(e: &std::io::Error) -> Option<ReadOnly> {
    (e.kind() == ErrorKind::ReadOnlyFilesystem).then_some(ReadOnly::Disk)
}

fn denied(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    )
}

/// The folder a file lives in (`.` for a bare file name).
pub fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates an empty file only its owner can read or write. SQLite then fills it, and gives its
/// `-wal` and `-shm` files the same permissions, so a workspace is never readable by other users.
pub fn create_private(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .map_err(Error::io(format!("cannot create {}", path.display())))
}

/// `path` with `suffix` added to its file name: `kith.db` → `kith.db-wal`.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Flushes a file's contents to the disk.
pub fn sync(path: &Path) -> Result<()> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(Error::io(format!("cannot flush {}", path.display())))
}

/// Renames `from` over `to` and flushes the folder, so after a power cut the name points at either
/// the old file or the complete new one.
pub fn replace(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(Error::io(format!(
        "cannot move {} to {}",
        from.display(),
        to.display()
    )))?;
    // Folders cannot be opened for syncing on every platform; the rename itself is still atomic.
    if let Ok(dir) = File::open(folder(to)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Moves a file and its SQLite companions aside (`kith.db` → `kith.db.damaged-…`), keeping them for
/// a later look instead of deleting anything.
pub fn move_aside(path: &Path, tag: &str) -> Result<PathBuf> {
    let aside = with_suffix(path, &format!(".{tag}"));
    for companion in ["-wal", "-shm"] {
        let from = with_suffix(path, companion);
        if from.exists() {
            replace(&from, &with_suffix(&aside, companion))?;
        }
    }
    replace(path, &aside)?;
    Ok(aside)
}

/// A URI for SQLite that opens `path` read-only; `immutable` also skips locking and the WAL index,
/// for a file in a folder where SQLite cannot create its `-shm` file.
pub fn read_only_uri(path: &Path, immutable: bool) -> String {
    let mut uri = String::from("file:");
    // The path's own bytes, percent-encoded: a name that is not UTF-8 (a Latin-1 "né.db") had
    // become U+FFFD and named another file.
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    for byte in bytes {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.push_str("?mode=ro");
    if immutable {
        uri.push_str("&immutable=1");
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uri_escapes_everything_sqlite_would_read_as_syntax() {
        let uri = read_only_uri(Path::new("/tmp/a b/x?#%.db"), true);
        assert_eq!(uri, "file:/tmp/a%20b/x%3F%23%25.db?mode=ro&immutable=1");
    }

    #[test]
    fn suffixes_go_on_the_file_name() {
        assert_eq!(
            with_suffix(Path::new("/d/kith.db"), "-wal"),
            Path::new("/d/kith.db-wal")
        );
        assert_eq!(folder(Path::new("kith.db")), Path::new("."));
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        create_private(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
