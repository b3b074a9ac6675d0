//! What a change to a ticket is called in the history and on Undo: "Resolve ticket …",
//! "Set priority of ticket … to High", so that Undo says which of several changes it takes back.

use super::{TicketFields, TicketStatus};

impl TicketFields {
    /// The label of the change from `self` to `new`: the status move if there is one, else the
    /// one thing changed (priority, assignee, rating), else "Edit ticket …".
    pub fn change_label(&self, new: &TicketFields) -> String {
        let subject = new.subject.trim();
        if self.status != new.status {
            return match new.status {
                TicketStatus::Resolved => match new.satisfaction {
                    Some(score) => format!("Resolve ticket {subject} ({score} ★)"),
                    None => format!("Resolve ticket {subject}"),
                },
                TicketStatus::Closed => format!("Close ticket {subject}"),
                TicketStatus::Pending => format!("Mark ticket {subject} pending"),
                TicketStatus::Open if !self.status.is_active() => {
                    format!("Reopen ticket {subject}")
                }
                to => format!("Move ticket {subject} to {}", to.label()),
            };
        }
        let only = |same: &dyn Fn(&TicketFields) -> TicketFields| same(self) == same(new);
        // A new priority moves an active ticket's deadline with it: still a priority change.
        let priority = only(&|f| TicketFields {
            priority: new.priority,
            sla_due_at: new.sla_due_at,
            ..f.clone()
        });
        let assignee = only(&|f| TicketFields {
            assignee: new.assignee.clone(),
            ..f.clone()
        });
        let rating = only(&|f| TicketFields {
            satisfaction: new.satisfaction,
            feedback: new.feedback.clone(),
            ..f.clone()
        });
        if self == new {
            format!("Edit ticket {subject}")
        } else if priority {
            format!(
                "Set priority of ticket {subject} to {}",
                new.priority.label()
            )
        } else if assignee {
            match new.assignee.trim() {
                "" => format!("Unassign ticket {subject}"),
                who => format!("Assign ticket {subject} to {who}"),
            }
        } else if rating {
            match new.satisfaction {
                Some(score) => format!("Rate ticket {subject} {score} ★"),
                None => format!("Edit the rating of ticket {subject}"),
            }
        } else {
            format!("Edit ticket {subject}")
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{Priority, TicketFields, TicketStatus};

    fn ticket() -> TicketFields {
        TicketFields::new("Grinder jams", None)
    }

    #[test]
    fn a_change_is_named_by_what_it_changed() {
        let old = ticket();
        let with = |f: &dyn Fn(&mut TicketFields)| {
            let mut t = old.clone();
            f(&mut t);
            old.change_label(&t)
        };
        assert_eq!(
            with(&|t| t.priority = Priority::High),
            "Set priority of ticket Grinder jams to High"
        );
        // As the store saves it: the deadline follows the priority.
        assert_eq!(
            with(&|t| {
                t.priority = Priority::Urgent;
                t.sla_due_at = Some(crate::domain::Timestamp(1_800_000_000));
            }),
            "Set priority of ticket Grinder jams to Urgent"
        );
        assert_eq!(
            with(&|t| t.assignee = "Sam Okafor".into()),
            "Assign ticket Grinder jams to Sam Okafor"
        );
        assert_eq!(
            with(&|t| {
                t.status = TicketStatus::Resolved;
                t.satisfaction = Some(4);
            }),
            "Resolve ticket Grinder jams (4 ★)"
        );
        assert_eq!(
            with(&|t| t.status = TicketStatus::Pending),
            "Mark ticket Grinder jams pending"
        );
        assert_eq!(
            with(&|t| {
                t.priority = Priority::Low;
                t.assignee = "Sam".into();
            }),
            "Edit ticket Grinder jams"
        );
        let mut resolved = ticket();
        resolved.status = TicketStatus::Resolved;
        let mut reopened = resolved.clone();
        reopened.status = TicketStatus::Open;
        assert_eq!(
            resolved.change_label(&reopened),
            "Reopen ticket Grinder jams"
        );
        let mut unassigned = ticket();
        unassigned.assignee = "Sam".into();
        assert_eq!(
            unassigned.change_label(&ticket()),
            "Unassign ticket Grinder jams"
        );
        assert_eq!(
            resolved.change_label(&TicketFields {
                satisfaction: Some(5),
                ..resolved.clone()
            }),
            "Rate ticket Grinder jams 5 ★"
        );
    }
}
