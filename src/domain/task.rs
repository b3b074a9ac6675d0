//! Things to do, optionally due at a time and linked to a record.

use serde::{Deserialize, Serialize};

use super::id::{CompanyId, ContactId, DealId, TaskId, TicketId};
use super::time::Timestamp;
use super::validation::{Checker, Invalid};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaskFields {
    pub title: String,
    pub notes: String,
    pub due_at: Option<Timestamp>,
    pub done_at: Option<Timestamp>,
    pub owner: String,
    pub contact_id: Option<ContactId>,
    pub company_id: Option<CompanyId>,
    pub deal_id: Option<DealId>,
    pub ticket_id: Option<TicketId>,
}

impl TaskFields {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        c.non_empty("title", &self.title);
        c.max_len("title", &self.title, 500);
        c.finish()
    }

    pub fn is_done(&self) -> bool {
        self.done_at.is_some()
    }

    pub fn is_overdue(&self, now: Timestamp) -> bool {
        !self.is_done() && self.due_at.is_some_and(|due| due < now)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    #[serde(flatten)]
    pub fields: TaskFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_open_tasks_past_due_are_overdue() {
        let t = TaskFields {
            title: "Call back".into(),
            due_at: Some(Timestamp(100)),
            ..Default::default()
        };
        assert!(t.is_overdue(Timestamp(101)));
        assert!(!t.is_overdue(Timestamp(99)));
        let done = TaskFields {
            done_at: Some(Timestamp(50)),
            ..t
        };
        assert!(!done.is_overdue(Timestamp(101)));
        assert!(TaskFields::default().validate().is_err());
    }
}
