//! Where an export starts: a list (with what its filter showed), one person, or the whole
//! workspace — and, for each, the formats on offer, the screen it belongs to and where it returns.

use super::Format;
use crate::domain::{CampaignId, ContactId};
use crate::store::{CompanySort, ContactQuery, DealQuery, ListKind, SortDir, Store, TicketQuery};
use crate::ui::screen::{Destination, Section};

/// The list the export started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Contacts,
    Companies,
    Deals,
    Tickets,
    Tasks,
    Campaigns,
}

impl List {
    pub(super) fn noun(self) -> &'static str {
        match self {
            List::Contacts => "contacts",
            List::Companies => "companies",
            List::Deals => "deals",
            List::Tickets => "tickets",
            List::Tasks => "tasks",
            List::Campaigns => "campaigns",
        }
    }

    pub(super) fn one(self) -> &'static str {
        match self {
            List::Contacts => "contact",
            List::Companies => "company",
            List::Deals => "deal",
            List::Tickets => "ticket",
            List::Tasks => "task",
            List::Campaigns => "campaign",
        }
    }

    pub(super) fn kind(self) -> ListKind {
        match self {
            List::Contacts => ListKind::Contacts,
            List::Companies => ListKind::Companies,
            List::Deals => ListKind::Deals,
            List::Tickets => ListKind::Tickets,
            List::Tasks => ListKind::Tasks,
            List::Campaigns => ListKind::Campaigns,
        }
    }

    pub(super) fn section(self) -> Section {
        match self {
            List::Contacts => Section::Contacts,
            List::Companies => Section::Companies,
            List::Deals => Section::Pipeline,
            List::Tickets => Section::Tickets,
            List::Tasks => Section::Tasks,
            List::Campaigns => Section::Campaigns,
        }
    }

    /// The formats this list can be written in, CSV first.
    pub(super) fn formats(self) -> &'static [Format] {
        match self {
            List::Contacts => &[Format::Csv, Format::Vcard],
            List::Deals | List::Tasks => &[Format::Csv, Format::Calendar],
            List::Companies | List::Tickets | List::Campaigns => &[Format::Csv],
        }
    }
}

/// What the list showed when Export… was pressed, if a filter narrowed it: the export can write
/// just those records, in the order shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Contacts {
        query: ContactQuery,
        count: u64,
    },
    Companies {
        text: String,
        sort: CompanySort,
        dir: SortDir,
        count: u64,
    },
    Deals {
        query: DealQuery,
        count: u64,
    },
    Tickets {
        query: TicketQuery,
        count: u64,
    },
}

impl Shown {
    pub(super) fn count(&self) -> u64 {
        match self {
            Shown::Contacts { count, .. }
            | Shown::Companies { count, .. }
            | Shown::Deals { count, .. }
            | Shown::Tickets { count, .. } => *count,
        }
    }

    /// The ids the view shows, in its order: its query with every page at once.
    pub(super) fn ids(&self, store: &Store) -> crate::store::Result<Vec<i64>> {
        Ok(match self {
            Shown::Contacts { query, .. } => store.contact_ids_shown(query)?,
            Shown::Companies {
                text, sort, dir, ..
            } => store
                .companies_by(text, *sort, *dir, 0, u32::MAX)?
                .rows
                .iter()
                .map(|row| row.id.0)
                .collect(),
            Shown::Deals { query, .. } => store
                .deals(&DealQuery {
                    offset: 0,
                    limit: u32::MAX,
                    ..query.clone()
                })?
                .rows
                .iter()
                .map(|card| card.id.0)
                .collect(),
            Shown::Tickets { query, .. } => store
                .tickets(&TicketQuery {
                    offset: 0,
                    limit: u32::MAX,
                    ..query.clone()
                })?
                .rows
                .iter()
                .map(|row| row.id.0)
                .collect(),
        })
    }
}

/// Where an export starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A list, and what its filter showed when one narrowed it.
    List { list: List, shown: Option<Shown> },
    /// One person: everything held about them (a data-protection request), or their card.
    Person { id: ContactId, name: String },
    /// Everything, in Kith's workspace format, to move to another machine or another tool.
    Workspace,
    /// One campaign's members with their responses and revenue.
    Members { campaign: CampaignId, name: String },
}

impl Source {
    /// A whole list, unfiltered.
    pub fn all(list: List) -> Source {
        Source::List { list, shown: None }
    }

    /// The formats on offer, the default first.
    pub(super) fn formats(&self) -> &'static [Format] {
        match self {
            Source::List { list, .. } => list.formats(),
            Source::Person { .. } => &[Format::PersonalData, Format::Vcard],
            Source::Workspace => &[Format::Workspace],
            Source::Members { .. } => &[Format::Csv],
        }
    }

    pub(super) fn title(&self) -> String {
        match self {
            Source::List { list, .. } => format!("Export {}", list.noun()),
            Source::Person { name, .. } => format!("Export {name}"),
            Source::Workspace => "Export the whole workspace".to_string(),
            Source::Members { name, .. } => format!("Export the members of {name}"),
        }
    }

    /// `kith-contacts`, `kith-person-12`: the suggested file's name before its extension.
    pub(super) fn file_stem(&self) -> String {
        match self {
            Source::List { list, .. } => format!("kith-{}", list.noun()),
            Source::Person { id, .. } => format!("kith-person-{}", id.0),
            Source::Workspace => "kith-workspace".to_string(),
            Source::Members { campaign, .. } => format!("kith-campaign-{}-members", campaign.0),
        }
    }

    pub(super) fn section(&self) -> Section {
        match self {
            Source::List { list, .. } => list.section(),
            Source::Person { .. } => Section::Contacts,
            Source::Workspace => Section::Settings,
            Source::Members { .. } => Section::Campaigns,
        }
    }

    /// Where Cancel and a finished export go back to.
    pub fn origin(&self) -> Destination {
        match self {
            Source::List { list, .. } => Destination::Section(list.section()),
            Source::Person { id, .. } => Destination::Contact(*id),
            Source::Workspace => Destination::Section(Section::Settings),
            Source::Members { campaign, .. } => Destination::Campaign(*campaign),
        }
    }
}
