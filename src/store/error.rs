use std::path::PathBuf;

use crate::domain::{Entity, Invalid};

/// What can go wrong with a workspace, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: not a Kith workspace ({reason})", path.display())]
    NotAWorkspace { path: PathBuf, reason: String },
    #[error(
        "{} was written by a newer Kith (schema version {found}; this Kith understands up to {supported}). \
         The file was not changed; update Kith to open it.",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("cannot open {}: {reason}", path.display())]
    CannotOpen { path: PathBuf, reason: String },
    #[error(
        "{} is encrypted: give its passphrase (--passphrase-file FILE or KITH_PASSPHRASE)",
        path.display()
    )]
    NeedsPassphrase { path: PathBuf },
    #[error("wrong passphrase for {}: the file could not be decrypted", path.display())]
    WrongPassphrase { path: PathBuf },
    #[error(
        "{} is damaged ({}). Nothing was changed; restore it from a backup.",
        path.display(),
        problems.join("; ")
    )]
    Damaged {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error(
        "{} is in use by another Kith window or command; close it and try again",
        path.display()
    )]
    InUse { path: PathBuf },
    /// SQLite's busy timeout ran out: another connection kept the file for writing all along.
    #[error(
        "the workspace is busy: another Kith window or command is writing to it (a large import \
         keeps it until the import has finished). Nothing was changed; try again when it is done"
    )]
    Busy,
    #[error("this workspace is open read-only ({0}); the change was not saved")]
    ReadOnly(String),
    #[error(
        "the disk is full: this change was not saved. Everything saved before is safe; \
         free some space and try again"
    )]
    DiskFull,
    /// SQLite's I/O error: on a full disk it is what opening gives (the `-shm` beside the file
    /// cannot be made), and it was shown as "database error: disk I/O error".
    #[error(
        "the disk could not be read or written ({0}): it may be full, removed or failing. Nothing \
         was changed; free some space or check the disk, then try again"
    )]
    DiskIo(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{entity} {id} does not exist")]
    NotFound { entity: Entity, id: i64 },
    #[error("{0}")]
    NotAllowed(String),
    /// Undo would take back a change this window did not offer (made by another window or a
    /// command, or come with a restore): nothing was undone. Holds what Undo takes back now.
    #[error(
        "the change Undo would take back is not the one this window offered (it was made by \
         another window or a command, or came with a restore), so nothing was undone; {}",
        match .0 { Some(label) => format!("Undo now takes back \"{label}\""), None => "there is nothing left to undo".to_string() }
    )]
    NotOffered(Option<String>),
    #[error("schema upgrade failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error(
        "Kith hit an internal error ({0}); the change was not saved and the workspace is unharmed"
    )]
    Internal(String),
}

impl Error {
    /// What a window says of it: field problems by the fields' names on the form
    /// ([`Invalid::in_words`]), anything else as it reads.
    pub fn in_words(&self) -> String {
        match self {
            Error::Invalid(invalid) => invalid.in_words(),
            other => other.to_string(),
        }
    }

    pub(crate) fn not_found(entity: Entity, id: i64) -> Self {
        Error::NotFound { entity, id }
    }

    /// A form's save refused because its record was deleted (or erased) elsewhere while it was
    /// open: saving would write onto a record no one sees.
    pub(crate) fn deleted_meanwhile(name: &str, kind: &str) -> Self {
        Error::NotAllowed(format!(
            "{name} was deleted while you edited it (by an Undo, another window or a command), \
             so nothing was saved; restore the {kind} (or redo) to edit it again"
        ))
    }

    /// A form's save refused because its person was erased elsewhere while it was open: unlike a
    /// deletion, nothing brings them back, so restoring is not offered.
    pub(crate) fn erased_meanwhile(name: &str) -> Self {
        Error::NotAllowed(format!(
            "{name} was erased at their request while you edited them (in another window or by a \
             command), so nothing was saved; an erased person cannot be restored"
        ))
    }

    /// A task or activity added to a contact that is erased: nothing is held about them.
    pub(crate) fn contact_is_erased() -> Self {
        Error::NotAllowed(
            "this person was erased at their request, so nothing can be added to them".into(),
        )
    }

    /// A task or activity added to a contact that is deleted: it would sit in the task lists with no
    /// one to show it beside.
    pub(crate) fn contact_is_deleted(name: &str) -> Self {
        Error::NotAllowed(format!(
            "{name} is deleted, so nothing can be added to them; restore the contact first"
        ))
    }

    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let context = context.into();
        move |source| Error::Io { context, source }
    }
}

/// SQLite's result codes that a user can act on become their own variants, so "disk full" or
/// "read-only" reach the screen as a sentence instead of a database error.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            // The -shm and -wal files beside it count: one left read-only by an earlier run
            // (under another user) keeps a writable workspace from saving.
            Some(ErrorCode::ReadOnly) => Error::ReadOnly(
                "the file, its folder, or the -wal and -shm files beside it cannot be written"
                    .into(),
            ),
            Some(ErrorCode::DatabaseCorrupt) => Error::Corrupt(e.to_string()),
            Some(ErrorCode::DatabaseBusy) => Error::Busy,
            Some(ErrorCode::SystemIoFailure) => Error::DiskIo(e.to_string()),
            _ => Error::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Corrupt(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's I/O error (what opening on a full disk gives) says what the user can do, not
    /// "database error: disk I/O error".
    #[test]
    fn an_io_error_says_what_to_check() {
        let io = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR),
            Some("disk I/O error".into()),
        );
        let err = Error::from(io);
        assert!(matches!(err, Error::DiskIo(_)), "{err}");
        let said = err.to_string();
        assert!(
            said.contains("it may be full, removed or failing"),
            "{said}"
        );
        assert!(said.contains("Nothing was changed"), "{said}");
    }
}
