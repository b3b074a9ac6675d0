//! Files in and out of a workspace: CSV import with column mapping and row-level errors, CSV export
//! (formula-injection safe), vCard 3.0/4.0, iCalendar, the JSON workspace format, the compliance
//! helpers (everything about one person; erasing a person) and duplicate finding.
//!
//! Everything here is synchronous and GUI-free: a window runs it on a worker thread and drives it
//! through [`progress::Observer`] (progress reports and a cancel flag), the command line calls it
//! directly. Reading never panics on bad input: problems come back as typed errors naming the row
//! (or card) and the field.

pub mod csv_export;
pub mod csv_import;
mod file;
pub mod ics;
pub mod names;
pub mod orders;
pub mod progress;
mod uid;
pub mod vcard;
pub mod workspace;

pub use file::{
    export_atomically, not_csv, not_text, open_file, plain, read_file, typed_path, write_atomically,
};
pub use progress::{Observer, Progress, Watch};

use std::path::PathBuf;

use crate::store;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("{}: {}", path.display(), file::plain(source))]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file as a whole cannot be read (no header, not this format …); row problems are not
    /// errors but entries in the import report.
    #[error("{0}")]
    Format(String),
    #[error("the mapping profile is not valid: {0}")]
    Mapping(String),
    #[error("cancelled; nothing was imported")]
    Cancelled,
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Self {
        Error::Format(e.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Format(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
