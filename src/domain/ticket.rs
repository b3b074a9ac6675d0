//! Customer support: tickets, their conversation, and the rules for status moves and SLA deadlines.

use serde::{Deserialize, Serialize};

use super::activity::Direction;
use super::choice::text_enum;
use super::id::{CompanyId, ContactId, TicketId, TicketMessageId};
use super::time::Timestamp;
use super::validation::{Checker, Invalid, Problem};

mod label;

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

    /// Every status this one may legally become, in workflow order.
    pub fn next_statuses(self) -> Vec<TicketStatus> {
        TicketStatus::ALL
            .iter()
            .copied()
            .filter(|&to| self.can_move_to(to))
            .collect()
    }
}

/// Where a ticket stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaClock {
    /// No deadline was set.
    Untimed,
    /// Still being worked on; this many seconds left.
    DueIn(i64),
    /// Still being worked on and this many seconds past the deadline.
    Overdue(i64),
    /// Settled on or before the deadline.
    Met,
    /// Settled after the deadline.
    Missed,
}

impl SlaClock {
    /// The clock of a ticket in `status` due at `due`, settled at `resolved_at`, looked at `now`.
    /// A settled ticket with no resolution time recorded (old data) counts as met: nothing says otherwise.
    pub fn of(
        status: TicketStatus,
        due: Option<Timestamp>,
        resolved_at: Option<Timestamp>,
        now: Timestamp,
    ) -> SlaClock {
        let Some(due) = due else {
            return SlaClock::Untimed;
        };
        if status.is_active() {
            if due < now {
                SlaClock::Overdue(now.0 - due.0)
            } else {
                SlaClock::DueIn(due.0 - now.0)
            }
        } else if resolved_at.is_some_and(|at| at > due) {
            SlaClock::Missed
        } else {
            SlaClock::Met
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, SlaClock::Overdue(_))
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

    /// The same policy with `p` allowed `hours`.
    pub fn with_hours(self, p: Priority, hours: i64) -> SlaPolicy {
        let mut policy = self;
        match p {
            Priority::Low => policy.low_hours = hours,
            Priority::Normal => policy.normal_hours = hours,
            Priority::High => policy.high_hours = hours,
            Priority::Urgent => policy.urgent_hours = hours,
        }
        policy
    }

    /// Every priority gets between an hour and a year; a more urgent priority never gets longer
    /// than a less urgent one, or the queue's deadline order would contradict its priorities.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        for &p in Priority::ALL {
            c.range(field_of(p), self.hours(p), 1, MAX_SLA_HOURS);
        }
        let sensible = |h: i64| (1..=MAX_SLA_HOURS).contains(&h);
        for pair in Priority::ALL.windows(2) {
            let (calmer, urgent) = (pair[0], pair[1]);
            let (a, b) = (self.hours(calmer), self.hours(urgent));
            // Hours out of range are already reported; comparing them would only repeat it.
            if sensible(a) && sensible(b) && b > a {
                c.fail(
                    field_of(urgent),
                    Problem::NotAllowed(format!(
                        "{} tickets cannot get longer than {} ones",
                        urgent.label().to_lowercase(),
                        calmer.label().to_lowercase()
                    )),
                );
            }
        }
        c.finish()
    }
}

/// A year: longer than that is no deadline at all.
pub const MAX_SLA_HOURS: i64 = 24 * 365;

fn field_of(p: Priority) -> &'static str {
    match p {
        Priority::Low => "low_hours",
        Priority::Normal => "normal_hours",
        Priority::High => "high_hours",
        Priority::Urgent => "urgent_hours",
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
    /// A new ticket about `subject`: normal priority, by e-mail, unassigned, no deadline yet (the
    /// store sets it from the SLA policy).
    pub fn new(subject: impl Into<String>, contact_id: Option<ContactId>) -> TicketFields {
        TicketFields {
            subject: subject.into(),
            contact_id,
            company_id: None,
            status: TicketStatus::New,
            priority: Priority::Normal,
            channel: TicketChannel::Email,
            sla_due_at: None,
            assignee: String::new(),
            satisfaction: None,
            feedback: String::new(),
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        c.non_empty("subject", &self.subject);
        c.max_len("subject", &self.subject, 500);
        // A person's name: a page pasted in had spread over menus and pushed the team's quick picks
        // out of sight.
        c.max_len("assignee", &self.assignee, super::contact::MAX_NAME);
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
        SlaClock::of(self.status, self.sla_due_at, None, now).is_overdue()
    }

    /// The fields with a new priority, and the deadline the policy gives that priority counted from
    /// when the ticket was opened (so raising the priority of an old ticket can make it overdue).
    pub fn with_priority(
        &self,
        priority: Priority,
        opened_at: Timestamp,
        policy: &SlaPolicy,
    ) -> TicketFields {
        // A resolved or closed ticket met or missed its deadline already: that stays the record.
        let sla_due_at = if self.status.is_active() {
            Some(policy.due(opened_at, priority))
        } else {
            self.sla_due_at
        };
        TicketFields {
            priority,
            sla_due_at,
            ..self.clone()
        }
    }

    /// The fields after a status move, or why the move is not allowed. Resolving records the
    /// customer's rating (1–5, optional) and feedback; reopening drops the rating, which was about
    /// a resolution that did not last; closing keeps it.
    pub fn moved_to(
        &self,
        to: TicketStatus,
        satisfaction: Option<i64>,
        feedback: &str,
    ) -> Result<TicketFields, Invalid> {
        if !self.status.can_move_to(to) {
            return Err(Invalid::one(
                "status",
                Problem::NotAllowed(format!(
                    "a {} ticket cannot become {}",
                    self.status.label().to_lowercase(),
                    to.label().to_lowercase()
                )),
            ));
        }
        let mut next = TicketFields {
            status: to,
            ..self.clone()
        };
        if to == TicketStatus::Resolved {
            next.satisfaction = satisfaction;
            next.feedback = feedback.trim().to_string();
        } else if to.is_active() {
            next.satisfaction = None;
            next.feedback.clear();
        }
        next.validate()?;
        Ok(next)
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

/// The columns a ticket list can be sorted by (the store turns each into its SQL order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TicketSort {
    Subject,
    Contact,
    /// In workflow order: new, open, pending, resolved, closed.
    Status,
    /// From low to urgent.
    Priority,
    /// Undated tickets last in either direction.
    SlaDue,
    Assignee,
    Opened,
}

/// The support figures: how much is waiting, how fast the team answers and settles, how happy
/// customers are. Times are in seconds, over the tickets opened in the last `FIGURES_DAYS` days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketFigures {
    /// Active tickets (new, open, pending) per priority, low to urgent, each with how many are overdue.
    pub open_by_priority: Vec<PriorityCount>,
    pub median_first_response: Option<i64>,
    pub median_resolution: Option<i64>,
    pub csat_average: Option<f64>,
    pub csat_ratings: u64,
    /// The average rating per month of resolution, oldest first, for the last `TREND_MONTHS`
    /// months that have ratings.
    pub csat_trend: Vec<MonthScore>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PriorityCount {
    pub priority: Priority,
    pub open: u64,
    pub overdue: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthScore {
    /// "2026-03", the month on the user's clock.
    pub month: String,
    pub average: f64,
    pub ratings: u64,
}

/// The window the timing and rating figures look at.
pub const FIGURES_DAYS: i64 = 365;
pub const TREND_MONTHS: usize = 6;

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

    fn fields(status: TicketStatus) -> TicketFields {
        TicketFields {
            status,
            ..TicketFields::new("Broken", None)
        }
    }

    #[test]
    fn the_workflow_offers_only_legal_next_statuses() {
        assert_eq!(New.next_statuses(), [Open, Pending, Resolved, Closed]);
        assert_eq!(Open.next_statuses(), [Pending, Resolved, Closed]);
        assert_eq!(Pending.next_statuses(), [Open, Resolved, Closed]);
        assert_eq!(Resolved.next_statuses(), [Open, Closed]);
        assert!(Closed.next_statuses().is_empty());
        for &from in TicketStatus::ALL {
            assert!(!from.can_move_to(from), "{from} cannot move to itself");
            assert!(!from.can_move_to(New), "nothing goes back to new");
        }
    }

    #[test]
    fn resolving_records_the_rating_and_feedback() {
        let resolved = fields(Open)
            .moved_to(Resolved, Some(4), "  Quick fix  ")
            .unwrap();
        assert_eq!(resolved.status, Resolved);
        assert_eq!(resolved.satisfaction, Some(4));
        assert_eq!(resolved.feedback, "Quick fix");
        let closed = resolved.moved_to(Closed, None, "").unwrap();
        assert_eq!(closed.satisfaction, Some(4), "closing keeps the rating");
        assert_eq!(closed.feedback, "Quick fix");
    }

    #[test]
    fn resolving_without_a_rating_is_allowed_but_a_rating_out_of_range_is_not() {
        assert_eq!(
            fields(Pending)
                .moved_to(Resolved, None, "")
                .unwrap()
                .satisfaction,
            None
        );
        let err = fields(Open).moved_to(Resolved, Some(0), "").unwrap_err();
        assert_eq!(
            err.for_field("satisfaction"),
            Some(&Problem::OutOfRange { min: 1, max: 5 })
        );
    }

    #[test]
    fn reopening_a_resolved_ticket_drops_its_rating() {
        let resolved = fields(Open).moved_to(Resolved, Some(2), "Slow").unwrap();
        let reopened = resolved.moved_to(Open, Some(5), "ignored").unwrap();
        assert_eq!(reopened.status, Open);
        assert_eq!(reopened.satisfaction, None);
        assert_eq!(reopened.feedback, "");
    }

    #[test]
    fn an_illegal_move_names_both_statuses() {
        let err = fields(Closed).moved_to(Open, None, "").unwrap_err();
        assert_eq!(
            err.for_field("status"),
            Some(&Problem::NotAllowed(
                "a closed ticket cannot become open".into()
            ))
        );
    }

    #[test]
    fn changing_priority_recomputes_the_deadline_from_the_opening_time() {
        let policy = SlaPolicy::default();
        let opened = Timestamp(1_000_000);
        let t = fields(Open).with_priority(Priority::Low, opened, &policy);
        assert_eq!(t.sla_due_at, Some(opened.plus_hours(72)));
        let t = t.with_priority(Priority::Urgent, opened, &policy);
        assert_eq!(t.priority, Priority::Urgent);
        assert_eq!(t.sla_due_at, Some(opened.plus_hours(2)));
    }

    #[test]
    fn sla_hours_are_configurable_per_priority() {
        let policy = SlaPolicy::default().with_hours(Priority::High, 4);
        assert_eq!(policy.hours(Priority::High), 4);
        assert_eq!(
            policy.due(Timestamp(0), Priority::High),
            Timestamp(4 * 3600)
        );
        assert_eq!(policy.hours(Priority::Normal), 24, "others are unchanged");
        assert!(policy.validate().is_ok());
    }

    #[test]
    fn an_sla_policy_needs_positive_hours_in_priority_order() {
        assert!(SlaPolicy::default().validate().is_ok());
        let zero = SlaPolicy::default().with_hours(Priority::Low, 0);
        let err = zero.validate().unwrap_err();
        assert_eq!(
            err.for_field("low_hours"),
            Some(&Problem::OutOfRange {
                min: 1,
                max: MAX_SLA_HOURS
            })
        );
        assert_eq!(err.errors.len(), 1, "one mistake, one message");
        let inverted = SlaPolicy::default().with_hours(Priority::Urgent, 10);
        assert!(matches!(
            inverted.validate().unwrap_err().for_field("urgent_hours"),
            Some(Problem::NotAllowed(_))
        ));
    }

    #[test]
    fn the_sla_clock_runs_while_active_and_judges_settled_tickets() {
        let due = Some(Timestamp(10_000));
        assert_eq!(
            SlaClock::of(Open, due, None, Timestamp(9_000)),
            SlaClock::DueIn(1_000)
        );
        assert_eq!(
            SlaClock::of(Pending, due, None, Timestamp(10_500)),
            SlaClock::Overdue(500)
        );
        assert_eq!(
            SlaClock::of(Resolved, due, Some(Timestamp(9_999)), Timestamp(99_999)),
            SlaClock::Met
        );
        assert_eq!(
            SlaClock::of(Closed, due, Some(Timestamp(10_001)), Timestamp(1)),
            SlaClock::Missed
        );
        assert_eq!(
            SlaClock::of(New, None, None, Timestamp(1)),
            SlaClock::Untimed
        );
        assert!(!fields(Open).is_overdue(Timestamp(1)));
    }

    #[test]
    fn a_settled_ticket_is_never_overdue() {
        let t = TicketFields {
            sla_due_at: Some(Timestamp(0)),
            ..fields(Resolved)
        };
        assert!(!t.is_overdue(Timestamp(100)));
        assert!(TicketFields { status: Open, ..t }.is_overdue(Timestamp(100)));
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
