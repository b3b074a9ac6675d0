//! Customer support: tickets, their conversation, and the rules for status moves and SLA deadlines.

use serde::{Deserialize, Serialize};

use super::activity::Direction;
use super::choice::text_enum;
use super::id::{CompanyId, ContactId, TicketId, TicketMessageId};
use super::time::Timestamp;
use super::validation::{Checker, Invalid, Problem};

text_enum!(TicketStatus {
    New => "new", "New",
    Open => "open", "Open",
    Pending => "pending", "Pending",
    Resolved => "resolved", "Resolved",
    Closed => "closed", "Closed",
});

text_enum!(Priority {
    Low => "low", "Low",
    Normal => "normal", "Normal",
    High => "high", "High",
    Urgent => "urgent", "Urgent",
});

text_enum!(TicketChannel {
    Email => "email", "E-mail",
    Phone => "phone", "Phone",
    Chat => "chat", "Chat",
    Web => "web", "Web form",
    InPerson => "in_person", "In person",
});

impl TicketStatus {
    /// The moves a ticket may make: forward through the workflow, back to open when the customer
    /// writes again, and reopening a resolved ticket. A closed ticket stays closed.
    pub fn can_move_to(self, to: TicketStatus) -> bool {
        use TicketStatus::*;
        matches!(
            (self, to),
            (New, Open | Pending | Resolved | Closed)
                | (Open, Pending | Resolved | Closed)
                | (Pending, Open | Resolved | Closed)
                | (Resolved, Open | Closed)
        )
    }

    pub fn is_active(self) -> bool {
        matches!(
            self,
            TicketStatus::New | TicketStatus::Open | TicketStatus::Pending
        )
    }
}

/// Hours allowed to resolve a ticket, by priority. Configurable per workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    pub low_hours: i64,
    pub normal_hours: i64,
    pub high_hours: i64,
    pub urgent_hours: i64,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            low_hours: 72,
            normal_hours: 24,
            high_hours: 8,
            urgent_hours: 2,
        }
    }
}

impl SlaPolicy {
    pub fn hours(&self, p: Priority) -> i64 {
        match p {
            Priority::Low => self.low_hours,
            Priority::Normal => self.normal_hours,
            Priority::High => self.high_hours,
            Priority::Urgent => self.urgent_hours,
        }
    }

    pub fn due(&self, opened_at: Timestamp, p: Priority) -> Timestamp {
        opened_at.plus_hours(self.hours(p))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFields {
    pub subject: String,
    pub contact_id: Option<ContactId>,
    pub company_id: Option<CompanyId>,
    pub status: TicketStatus,
    pub priority: Priority,
    pub channel: TicketChannel,
    pub sla_due_at: Option<Timestamp>,
    pub assignee: String,
    /// 1–5, given when the ticket is resolved.
    pub satisfaction: Option<i64>,
    pub feedback: String,
}

impl TicketFields {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        c.non_empty("subject", &self.subject);
        c.max_len("subject", &self.subject, 500);
        if let Some(s) = self.satisfaction {
            c.range("satisfaction", s, 1, 5);
        }
        if self.satisfaction.is_some() && self.status.is_active() {
            c.fail(
                "satisfaction",
                Problem::NotAllowed("rated before the ticket is resolved".into()),
            );
        }
        c.finish()
    }

    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.status.is_active() && self.sla_due_at.is_some_and(|due| due < now)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    #[serde(flatten)]
    pub fields: TicketFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub first_response_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub deleted_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketMessage {
    pub id: TicketMessageId,
    pub ticket_id: TicketId,
    pub direction: Direction,
    pub author: String,
    pub body: String,
    pub sent_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketStatus::*;

    #[test]
    fn closed_tickets_stay_closed_and_resolved_ones_can_reopen() {
        assert!(!Closed.can_move_to(Open));
        assert!(Resolved.can_move_to(Open));
        assert!(!Resolved.can_move_to(Pending));
        assert!(New.can_move_to(Open));
        assert!(!Open.can_move_to(New));
        assert!(!Open.can_move_to(Open));
    }

    #[test]
    fn sla_deadline_follows_priority() {
        let sla = SlaPolicy::default();
        assert_eq!(sla.due(Timestamp(0), Priority::Urgent), Timestamp(2 * 3600));
        assert_eq!(sla.due(Timestamp(0), Priority::Low), Timestamp(72 * 3600));
    }

    #[test]
    fn satisfaction_is_one_to_five_and_only_after_resolution() {
        let t = TicketFields {
            subject: "Broken".into(),
            contact_id: None,
            company_id: None,
            status: Open,
            priority: Priority::Normal,
            channel: TicketChannel::Email,
            sla_due_at: None,
            assignee: String::new(),
            satisfaction: Some(6),
            feedback: String::new(),
        };
        let err = t.validate().unwrap_err();
        assert_eq!(err.errors.len(), 2);
        assert!(
            TicketFields {
                status: Resolved,
                satisfaction: Some(5),
                ..t
            }
            .validate()
            .is_ok()
        );
    }
}
