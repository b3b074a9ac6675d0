//! What a paged list's rows are: the records the selection follows when the rows are read again.

use crate::store;

/// A row a list can find again after its rows were read again: the id of the record it shows.
pub trait Keyed {
    fn key(&self) -> i64;
}

impl Keyed for store::ContactRow {
    fn key(&self) -> i64 {
        self.id.0
    }
}

impl Keyed for store::CompanyRow {
    fn key(&self) -> i64 {
        self.id.0
    }
}

impl Keyed for store::DealCard {
    fn key(&self) -> i64 {
        self.id.0
    }
}

impl Keyed for store::TicketRow {
    fn key(&self) -> i64 {
        self.id.0
    }
}

impl Keyed for store::MemberRow {
    fn key(&self) -> i64 {
        self.contact_id.0
    }
}
