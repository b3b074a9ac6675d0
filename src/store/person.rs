//! The two data-protection requests: everything held about one person (right of access, as JSON),
//! and erasing a person (right to erasure): their personal data, the words of their conversations,
//! and the old values the change log kept of them. Business facts (deal amounts, order totals,
//! ticket counts) stay, attached to a contact that no longer identifies anyone.

use rusqlite::params;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::dump::to_json;
use super::{Result, Store};
use crate::domain::{ContactId, Entity};

/// What an erasure touched.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Erased {
    pub activities: u64,
    pub ticket_messages: u64,
    pub change_log_entries: u64,
    /// Why the file could not be rewritten so that no copy of the erased values lingers in its
    /// bytes (another program holding it open, a full disk); `None` when it was. The erasure
    /// itself stands either way.
    pub not_scrubbed: Option<String>,
}

impl Store {
    fn rows_where(&self, sql: &str, id: i64) -> Result<Vec<Map<String, Value>>> {
        let mut stmt = self.conn.prepare(sql)?;
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = stmt.query([id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut m = Map::new();
            for (i, n) in names.iter().enumerate() {
                m.insert(n.clone(), to_json(r.get_ref(i)?)?);
            }
            out.push(m);
        }
        Ok(out)
    }

    /// Everything the workspace holds about one contact, including deleted records and the change
    /// log entries about them, as one JSON document.
    pub fn person_data(&self, id: ContactId) -> Result<Value> {
        let contact = self.contact(id)?;
        let company = match contact.fields.company_id {
            Some(c) => Some(self.company(c)?),
            None => None,
        };
        let q = |sql: &str| self.rows_where(sql, id.0);
        Ok(json!({
            "kith_person_export": 1,
            "exported_at": self.now().to_rfc3339(),
            "contact": contact,
            "company": company,
            "activities": q("SELECT * FROM activities WHERE contact_id = ?1 ORDER BY occurred_at")?,
            "tasks": q("SELECT * FROM tasks WHERE contact_id = ?1 ORDER BY id")?,
            "deals": q("SELECT * FROM deals WHERE contact_id = ?1 ORDER BY id")?,
            "tickets": q("SELECT * FROM tickets WHERE contact_id = ?1 ORDER BY id")?,
            "ticket_messages": q("SELECT m.* FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.contact_id = ?1 ORDER BY m.sent_at")?,
            "orders": q("SELECT * FROM orders WHERE contact_id = ?1 ORDER BY ordered_at")?,
            "order_lines": q("SELECT l.*, p.name AS product FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id WHERE o.contact_id = ?1 ORDER BY l.order_id, l.line_no")?,
            "campaign_memberships": q("SELECT m.*, c.name AS campaign FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id WHERE m.contact_id = ?1")?,
            "change_log": q("SELECT s.at, s.actor, s.label, ch.op, ch.fields FROM changes ch JOIN change_sets s ON s.id = ch.change_set_id WHERE ch.entity = 'contact' AND (ch.entity_id = ?1 OR (ch.entity_id < ?1 AND ch.last_entity_id >= ?1)) ORDER BY ch.id")?,
        }))
    }

    /// Erases a person for good: the contact keeps its id (so deals and orders still add up) but
    /// loses every personal field and is deleted; their activities' text and their own ticket
    /// messages are blanked; the change log entries holding any of it are removed. Not undoable,
    /// on purpose; freed pages are zeroed (`secure_delete`) so the values do not linger in the file.
    pub fn erase_person(&mut self, id: ContactId) -> Result<Erased> {
        let name = self.contact(id)?.fields.full_name();
        self.conn.execute_batch("PRAGMA secure_delete = ON")?;
        let erased = self.write_unlogged(|w| {
            let tx = &w.tx;
            tx.execute(
                "UPDATE contacts SET first_name = '', last_name = 'Erased person', emails = '[]', phones = '[]', \
                   job_title = '', street = '', city = '', region = '', postal_code = '', country = '', owner = '', \
                   lead_source = '', birthday = NULL, age = NULL, income_minor = NULL, income_currency = NULL, \
                   education_years = NULL, notes = '', custom = '{}', deleted_at = coalesce(deleted_at, ?2) WHERE id = ?1",
                params![id.0, w.now.0],
            )?;
            tx.execute("DELETE FROM contact_tags WHERE contact_id = ?1", [id.0])?;
            let activities = tx.execute(
                "UPDATE activities SET subject = '', outcome = '', body = '' WHERE contact_id = ?1",
                [id.0],
            )? as u64;
            let ticket_messages = tx.execute(
                "UPDATE ticket_messages SET body = '[erased]', author = '' \
                 WHERE direction = 'inbound' AND ticket_id IN (SELECT id FROM tickets WHERE contact_id = ?1)",
                [id.0],
            )? as u64;
            tx.execute("UPDATE tickets SET feedback = '' WHERE contact_id = ?1", [id.0])?;
            // The ticket search index copies message text; rebuild it for the tickets touched.
            tx.execute(
                "DELETE FROM tickets_fts WHERE rowid IN (SELECT id FROM tickets WHERE contact_id = ?1)",
                [id.0],
            )?;
            tx.execute(
                "INSERT INTO tickets_fts (rowid, name, detail) \
                 SELECT t.id, t.subject, concat_ws(' ', t.feedback, \
                   (SELECT group_concat(body, ' ') FROM ticket_messages WHERE ticket_id = t.id)) \
                 FROM tickets t WHERE t.contact_id = ?1",
                [id.0],
            )?;
            // Change-set labels name the record ("Edit contact Erin Smith"): take the name out of
            // the sets that touched this person, keeping the rest of the audit trail readable.
            if !name.trim().is_empty() {
                tx.execute(
                    "UPDATE change_sets SET label = replace(label, ?2, 'an erased person') \
                     WHERE instr(label, ?2) > 0 AND id IN (SELECT change_set_id FROM changes WHERE \
                       (entity = 'contact' AND entity_id = ?1) OR (entity IN ('activity', 'task', 'deal', 'ticket', 'order') \
                        AND entity_id IN (SELECT id FROM activities WHERE contact_id = ?1 UNION SELECT id FROM tasks WHERE contact_id = ?1 \
                          UNION SELECT id FROM deals WHERE contact_id = ?1 UNION SELECT id FROM tickets WHERE contact_id = ?1 \
                          UNION SELECT id FROM orders WHERE contact_id = ?1)))",
                    params![id.0, name.trim()],
                )?;
            }
            // An import logs its creates as runs of ids: take this person out of the run that holds
            // them, so Redo after an erasure cannot bring them back.
            tx.execute(
                "INSERT INTO changes (change_set_id, entity, entity_id, last_entity_id, op, fields) \
                 SELECT change_set_id, entity, ?1 + 1, last_entity_id, op, fields FROM changes \
                 WHERE entity = ?2 AND entity_id <= ?1 AND last_entity_id > ?1",
                params![id.0, Entity::Contact.as_str()],
            )?;
            tx.execute(
                "UPDATE changes SET last_entity_id = ?1 - 1 \
                 WHERE entity = ?2 AND entity_id < ?1 AND last_entity_id >= ?1",
                params![id.0, Entity::Contact.as_str()],
            )?;
            let change_log_entries = tx.execute(
                "DELETE FROM changes WHERE (entity = ?2 AND entity_id = ?1) \
                   OR (entity = ?3 AND entity_id IN (SELECT id FROM activities WHERE contact_id = ?1)) \
                   OR (entity = ?4 AND entity_id IN (SELECT m.id FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.contact_id = ?1)) \
                   OR (entity = ?5 AND entity_id IN (SELECT id FROM tickets WHERE contact_id = ?1) AND fields LIKE '%\"feedback\"%')",
                params![
                    id.0,
                    Entity::Contact.as_str(),
                    Entity::Activity.as_str(),
                    Entity::TicketMessage.as_str(),
                    Entity::Ticket.as_str()
                ],
            )? as u64;
            Ok(Erased {
                activities,
                ticket_messages,
                change_log_entries,
                not_scrubbed: None,
            })
        });
        let mut erased = match erased {
            Ok(erased) => erased,
            Err(e) => {
                self.conn.execute_batch("PRAGMA secure_delete = OFF")?;
                return Err(e);
            }
        };
        erased.not_scrubbed = self.scrub_file().err().map(|e| e.to_string());
        Ok(erased)
    }

    /// Leaves no copy of erased values in the file's bytes. The rows are gone, but copies live on
    /// where no query reaches: the search indexes keep a deleted row's words until their segments
    /// are merged, pages keep old bytes in their unused space (written before `secure_delete` was
    /// on, as when a page split), and the write-ahead log keeps old page versions. So: merge the
    /// search indexes, rewrite the file (VACUUM), and empty the log.
    fn scrub_file(&mut self) -> Result<()> {
        let scrubbed = self.conn.execute_batch(
            "INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize');
             INSERT INTO activities_fts (activities_fts) VALUES ('optimize');
             INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize');
             VACUUM;",
        );
        self.conn.execute_batch("PRAGMA secure_delete = OFF")?;
        scrubbed?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}
