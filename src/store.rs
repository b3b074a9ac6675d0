//! The workspace file: one SQLite database behind a synchronous `Store`. Every write runs in one
//! transaction and is recorded in the change log; reads page and search without loading whole tables.

mod activities;
mod bulk;
mod campaigns;
pub(crate) mod changelog;
mod check;
mod companies;
mod contacts;
mod deals;
mod error;
mod handle;
mod open;
mod orders;
mod page;
mod row;
mod schema;
mod search;
mod tasks;
mod tickets;

pub use check::{CheckReport, TABLES, TableCount};
pub use companies::CompanyRow;
pub use contacts::{ContactQuery, ContactRow, ContactSort};
pub use error::Error;
pub use handle::{Handle, Shared};
pub use open::{Store, default_db_path};
pub use page::{Page, SortDir};
pub use schema::LATEST_VERSION;
pub use search::{SearchHit, SearchKind};

pub type Result<T, E = Error> = std::result::Result<T, E>;
