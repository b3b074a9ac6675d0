//! The workspace file: one SQLite database behind a synchronous `Store`. Every write runs in one
//! transaction and is recorded in the change log; reads page and search without loading whole tables.

mod activities;
mod backup;
mod baskets;
mod board;
mod bulk;
mod campaigns;
pub(crate) mod changelog;
mod check;
mod checked;
mod cipher;
mod closing;
mod companies;
mod contact_rows;
mod contacts;
mod counts;
mod customer_table;
mod dashboard;
mod deal_features;
mod deals;
mod dump;
mod duplicates;
mod error;
mod export;
mod files;
mod handle;
mod history;
mod import;
mod journal;
mod journal_lost;
mod members;
mod open;
mod order_import;
mod orders;
mod page;
mod person;
mod planned;
mod purchases;
mod reopen;
mod row;
mod schema;
mod search;
mod secret;
mod sort_names;
mod stages;
mod tag_merge;
mod tagging;
mod tasks;
mod team;
mod texts;
mod tickets;
mod timeline;
mod undo;

pub use backup::{
    AUTO_INTERVAL, BackupPolicy, DEFAULT_KEEP, Snapshot, SnapshotKind,
    default_dir as default_backup_dir, newest_good, restore_file, snapshots,
    verify as verify_snapshot,
};
pub use baskets::CustomerProducts;
pub use board::{Board, Column, DealDates, DealQuery, DealSort};
pub use campaigns::CampaignSummary;
pub use check::{CheckReport, TABLES, TableCount};
pub use cipher::{decrypt, encrypt, ensure_not_in_use, rekey};
pub use closing::{join_closing_threads, wait_until_all_closed};
pub use companies::{CompanyRow, CompanySort};
pub use contacts::{ContactQuery, ContactRow, ContactSort, TextScope};
pub use counts::Counts;
pub use customer_table::CustomerFeatures;
pub use dashboard::HISTORY_MONTHS;
pub use deal_features::DealFacts;
pub use deals::{DealCard, StageMove, StageTotal};
pub use duplicates::{CUSTOM_PICK, Side};
pub use error::Error;
pub use export::{CalendarItem, CalendarLinks, ListKind};
pub use files::{ReadOnly, cannot_write, ensure_plain_file};
pub use handle::{Handle, Shared, panic_text};
pub use history::{ActivityEntry, FieldChange, HistoryEntry};
pub use import::{
    Checked, CompanyAdded, ImportBatch, ImportPlan, ImportResult, Imported, OnExisting, check,
    merged,
};
pub use members::{MemberRow, Response};
pub use open::{Store, default_db_path, login_name};
pub use order_import::{ImportedLine, ImportedOrder, OrderImport, ProductRef};
pub use orders::OrderSummary;
pub use page::{Page, SortDir};
pub use person::Erased;
pub use schema::LATEST_VERSION;
pub use search::{SearchHit, SearchKind};
pub use secret::{Header as FileHeader, Passphrase, header as file_header};
pub use stages::Shift;
pub use texts::{TEXT_KINDS, WrittenText};
pub use tickets::{TicketQuery, TicketRow};
pub use timeline::{Owner, TimelineItem, TimelineKind};

pub type Result<T, E = Error> = std::result::Result<T, E>;
/// The raw row writers behind the create functions, for the demo generator's bulk load: they write
/// rows without change-log entries (generated data is a starting point, not something to undo).
pub(crate) mod bulk_insert {
    pub(crate) use super::activities::insert_activity;
    pub(crate) use super::campaigns::insert_campaign;
    pub(crate) use super::companies::insert_company;
    pub(crate) use super::contacts::insert_contact;
    pub(crate) use super::deals::{finish_deal, insert_deal, insert_pipeline, insert_stage_move};
    pub(crate) use super::members::insert_member;
    pub(crate) use super::orders::{insert_order, insert_product};
    pub(crate) use super::tasks::insert_task;
    pub(crate) use super::tickets::{insert_ticket, insert_ticket_message, set_ticket_resolution};
}

/// For tests of how SQLite will run a query: the steps of its plan on a new, empty workspace.
#[cfg(test)]
pub(crate) fn query_plan(sql: &str, params: impl rusqlite::Params) -> Vec<String> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(dir.path().join("plan.db")).expect("a new workspace");
    store
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("the query prepares")
        .query_map(params, |r| r.get::<_, String>(3))
        .expect("the plan reads")
        .collect::<rusqlite::Result<_>>()
        .expect("every step reads")
}
