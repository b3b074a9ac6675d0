//! Where a contact page goes back to: the list, the company, the campaign or the section it was
//! opened from.

use crate::domain::{CampaignId, CompanyId, TicketId};
use crate::ui::screen::{Destination, Section};

/// Where a contact page was opened from, for its Back button: a deal card's "Open contact" went
/// back to the contact list, not to the board it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    Contacts,
    Company(CompanyId),
    /// A campaign's page, from its member list.
    Campaign(CampaignId),
    /// A ticket's page, from its contact's name.
    Ticket(TicketId),
    Section(Section),
}

impl Back {
    pub fn destination(self) -> Destination {
        match self {
            Back::Contacts => Destination::Section(Section::Contacts),
            Back::Company(company) => Destination::Company(company),
            Back::Campaign(campaign) => Destination::Campaign(campaign),
            Back::Ticket(ticket) => Destination::Ticket(ticket),
            Back::Section(section) => Destination::Section(section),
        }
    }

    pub(super) fn label(self) -> String {
        match self {
            Back::Contacts => "← Contacts".into(),
            Back::Company(_) => "← Company".into(),
            Back::Campaign(_) => "← Campaign".into(),
            Back::Ticket(_) => "← Ticket".into(),
            Back::Section(section) => format!("← {}", section.label()),
        }
    }
}
