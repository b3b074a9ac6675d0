//! The timeline: calls, e-mails, meetings and notes, each linked to the records it concerns.

use serde::{Deserialize, Serialize};

use super::choice::text_enum;
use super::id::{ActivityId, CompanyId, ContactId, DealId, TicketId};
use super::time::Timestamp;
use super::validation::{Checker, Invalid, Problem};

text_enum!(ActivityKind {
    Call => "call", "Call",
    Email => "email", "E-mail",
    Meeting => "meeting", "Meeting",
    Note => "note", "Note",
});

text_enum!(Direction {
    Inbound => "inbound", "Inbound",
    Outbound => "outbound", "Outbound",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFields {
    pub kind: ActivityKind,
    pub occurred_at: Timestamp,
    /// Who started it; notes have none.
    pub direction: Option<Direction>,
    pub subject: String,
    /// "Left voicemail", "Booked demo" …
    pub outcome: String,
    pub body: String,
    pub duration_minutes: Option<i64>,
    pub contact_id: Option<ContactId>,
    pub company_id: Option<CompanyId>,
    pub deal_id: Option<DealId>,
    pub ticket_id: Option<TicketId>,
}

impl ActivityFields {
    pub fn new(kind: ActivityKind, occurred_at: Timestamp) -> Self {
        ActivityFields {
            kind,
            occurred_at,
            direction: None,
            subject: String::new(),
            outcome: String::new(),
            body: String::new(),
            duration_minutes: None,
            contact_id: None,
            company_id: None,
            deal_id: None,
            ticket_id: None,
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        if self.contact_id.is_none()
            && self.company_id.is_none()
            && self.deal_id.is_none()
            && self.ticket_id.is_none()
        {
            c.fail("linked_record", Problem::Empty);
        }
        if self.kind == ActivityKind::Note
            && self.body.trim().is_empty()
            && self.subject.trim().is_empty()
        {
            c.fail("body", Problem::Empty);
        }
        if self.kind == ActivityKind::Note && self.direction.is_some() {
            c.fail(
                "direction",
                Problem::NotAllowed("a note has no direction".into()),
            );
        }
        if let Some(m) = self.duration_minutes {
            c.range("duration_minutes", m, 0, 24 * 60);
        }
        c.max_len("subject", &self.subject, 500);
        c.finish()
    }

    /// [`validate`](Self::validate), and, as of `now`: a call, e-mail or note is logged once it
    /// has happened, so one dated past tomorrow is a typo ("2031-05-05" for a call logged today
    /// sat atop the timeline for five years). A meeting may be planned ahead.
    pub fn validate_at(&self, now: Timestamp) -> Result<(), Invalid> {
        self.validate()?;
        if self.kind != ActivityKind::Meeting && self.occurred_at.0 > now.0 + 24 * 3600 {
            return Err(Invalid::one(
                "occurred_at",
                Problem::NotAllowed(
                    "more than a day ahead: calls, e-mails and notes are logged once they have \
                     happened; only a meeting can be planned ahead"
                        .into(),
                ),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    #[serde(flatten)]
    pub fields: ActivityFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_activity_must_belong_to_something() {
        let a = ActivityFields {
            subject: "Call".into(),
            ..ActivityFields::new(ActivityKind::Call, Timestamp(0))
        };
        assert_eq!(
            a.validate().unwrap_err().for_field("linked_record"),
            Some(&Problem::Empty)
        );
    }

    #[test]
    fn an_empty_note_is_refused() {
        let a = ActivityFields {
            contact_id: Some(ContactId(1)),
            ..ActivityFields::new(ActivityKind::Note, Timestamp(0))
        };
        assert_eq!(
            a.validate().unwrap_err().for_field("body"),
            Some(&Problem::Empty)
        );
    }
}
