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
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{entity} {id} does not exist")]
    NotFound { entity: Entity, id: i64 },
    #[error("{0}")]
    NotAllowed(String),
    #[error("schema upgrade failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

impl Error {
    pub(crate) fn not_found(entity: Entity, id: i64) -> Self {
        Error::NotFound { entity, id }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Corrupt(e.to_string())
    }
}
