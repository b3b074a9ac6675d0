//! The two data-protection requests: everything held about one person (right of access, as JSON),
//! and erasing a person (right to erasure): their personal data, the words of their conversations,
//! and the old values the change log kept of them. Business facts (deal amounts, order totals,
//! ticket counts) stay, attached to a contact that no longer identifies anyone.
//!
//! What is "about them": the contact, their deals, tickets and orders, and every activity and
//! task that hangs off the contact or off one of their deals or tickets.

mod mentions;
mod phone_mention;
mod redact;

use rusqlite::params;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::dump::to_json;
use super::{Result, Store};
use crate::domain::contact::ERASED_NAME;
use crate::domain::{ContactId, Entity};

/// The activities or tasks about person `?1`: theirs, or on one of their deals or tickets.
const THEIRS: &str = "(contact_id = ?1 \
    OR deal_id IN (SELECT id FROM deals WHERE contact_id = ?1) \
    OR ticket_id IN (SELECT id FROM tickets WHERE contact_id = ?1))";

/// The change-log entries about person `?1`: their contact (an import logs its creates as runs
/// of ids), and the activities, tasks, deals, tickets, ticket messages and orders about them.
fn changes_about_them() -> String {
    format!(
        "((entity = 'contact' AND (entity_id = ?1 OR (entity_id < ?1 AND last_entity_id >= ?1))) \
         OR (entity = 'activity' AND entity_id IN (SELECT id FROM activities WHERE {THEIRS})) \
         OR (entity = 'task' AND entity_id IN (SELECT id FROM tasks WHERE {THEIRS})) \
         OR (entity = 'deal' AND entity_id IN (SELECT id FROM deals WHERE contact_id = ?1)) \
         OR (entity = 'ticket' AND entity_id IN (SELECT id FROM tickets WHERE contact_id = ?1)) \
         OR (entity = 'ticket_message' AND entity_id IN \
           (SELECT m.id FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.contact_id = ?1)) \
         OR (entity = 'order' AND entity_id IN (SELECT id FROM orders WHERE contact_id = ?1)))"
    )
}

/// Change-log field names that hold free text in deals, tickets and tasks.
const TEXT_FIELDS: &str = "(fields LIKE '%\"title\"%' OR fields LIKE '%\"notes\"%' \
    OR fields LIKE '%\"lost_reason\"%' OR fields LIKE '%\"subject\"%' OR fields LIKE '%\"feedback\"%')";

/// What an erasure touched.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Erased {
    pub activities: u64,
    pub tasks: u64,
    pub deals: u64,
    pub tickets: u64,
    pub ticket_messages: u64,
    pub change_log_entries: u64,
    /// Records not about them that named them (a company's deal "Renewal for Jane Roe", another
    /// contact's notes, the change log's copies), their full name, addresses and numbers taken out.
    pub mentions: u64,
    /// Why the file could not be rewritten so that no copy of the erased values lingers in its
    /// bytes (another program holding it open, a full disk); `None` when it was. The erasure
    /// itself stands either way.
    pub not_scrubbed: Option<String>,
    /// The person had been erased before: nothing was left to take.
    pub already: bool,
}

impl Erased {
    /// Counts another card's erasure in with this one's.
    fn add(&mut self, other: &Erased) {
        self.activities += other.activities;
        self.tasks += other.tasks;
        self.deals += other.deals;
        self.tickets += other.tickets;
        self.ticket_messages += other.ticket_messages;
        self.change_log_entries += other.change_log_entries;
        self.mentions += other.mentions;
    }

    /// "2 activities, 1 task and 3 ticket messages blanked, 4 change-log entries removed", the
    /// kinds with none left out.
    pub fn summary(&self) -> String {
        use crate::words::count;
        let blanked: Vec<String> = [
            (self.activities, "activity"),
            (self.tasks, "task"),
            (self.deals, "deal"),
            (self.tickets, "ticket"),
            (self.ticket_messages, "ticket message"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, noun)| count(n, noun))
        .collect();
        let removed = format!(
            "{} removed",
            count(self.change_log_entries, "change-log entry")
        );
        let done = match blanked.split_last() {
            None => removed,
            Some((last, [])) => format!("{last} blanked, {removed}"),
            Some((last, rest)) => format!("{} and {last} blanked, {removed}", rest.join(", ")),
        };
        match self.mentions {
            0 => done,
            n => format!(
                "{done}; their name, addresses or numbers taken out of {} elsewhere",
                count(n, "other record")
            ),
        }
    }
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
            "activities": q(&format!("SELECT * FROM activities WHERE {THEIRS} ORDER BY occurred_at"))?,
            "tasks": q(&format!("SELECT * FROM tasks WHERE {THEIRS} ORDER BY id"))?,
            "deals": q("SELECT * FROM deals WHERE contact_id = ?1 ORDER BY id")?,
            "tickets": q("SELECT * FROM tickets WHERE contact_id = ?1 ORDER BY id")?,
            "ticket_messages": q("SELECT m.* FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.contact_id = ?1 ORDER BY m.sent_at")?,
            "orders": q("SELECT * FROM orders WHERE contact_id = ?1 ORDER BY ordered_at")?,
            "order_lines": q("SELECT l.*, p.name AS product FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id WHERE o.contact_id = ?1 ORDER BY l.order_id, l.line_no")?,
            "campaign_memberships": q("SELECT m.*, c.name AS campaign FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id WHERE m.contact_id = ?1")?,
            "deal_stage_history": q("SELECT h.* FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id WHERE d.contact_id = ?1 ORDER BY h.deal_id, h.changed_at")?,
            // The cards merged into theirs, each as it stood when merged away.
            "merged_cards": self
                .merged_cards(id)?
                .into_iter()
                .map(|card| self.contact(card))
                .collect::<Result<Vec<_>>>()?,
            // Other records that write their name, addresses or numbers (another contact's
            // "Referred by …", a company named after them): what an erasure takes them out of.
            "mentioned_in": mentions::find(&self.conn, &self.identifiers(id)?.0, id.0)?,
            "change_log": q(&format!("SELECT s.at, s.actor, s.label, ch.entity, ch.entity_id, ch.op, ch.fields FROM changes ch JOIN change_sets s ON s.id = ch.change_set_id WHERE {} ORDER BY ch.id", changes_about_them()))?,
        }))
    }

    /// Erases a person for good: the contact keeps its id (so deals and orders still add up) but
    /// loses every personal field and is deleted; the text of everything about them (activities,
    /// tasks, every ticket message, deal notes) is blanked, their names, addresses and numbers are
    /// taken out of deal titles and change-set labels, and the change log entries holding any of
    /// it are removed. Not undoable, on purpose; the file is then rewritten (see `scrub_file`).
    pub fn erase_person(&mut self, id: ContactId) -> Result<Erased> {
        // The cards merged into this one are the same person's (the user said so by merging),
        // each still holding what it held, and Undo of the merge would bring it back: they go too.
        let mut cards = Vec::new();
        for card in std::iter::once(id).chain(self.merged_cards(id)?) {
            if !self.contact(card)?.is_erased() {
                let (whole, parts) = self.identifiers(card)?;
                let terms = redact::terms(whole.iter().chain(&parts).cloned());
                let blanked = redact::terms(self.titles_about(card)?);
                cards.push(Identity {
                    id: card,
                    whole,
                    terms,
                    blanked,
                });
            }
        }
        self.conn.execute_batch("PRAGMA secure_delete = ON")?;
        if cards.is_empty() {
            // Nothing is left to take, but an erasure that could not rewrite the file (a reader,
            // a full disk, the process killed while it did) left copies in its unused space:
            // running it again is how they go, as its warning says.
            return Ok(Erased {
                already: true,
                not_scrubbed: self.scrub_file().err().map(why_not_scrubbed),
                ..Erased::default()
            });
        }
        let merged: Vec<i64> = cards.iter().skip(1).map(|card| card.id.0).collect();
        let erased = self.write_unlogged(|w| {
            let mut total = Erased {
                change_log_entries: forget_merges(&w.tx, &merged)?,
                ..Erased::default()
            };
            // Nothing taken back before the erasure is put back after it: a merge undone and
            // redone would have merged the other card into the erased one.
            w.tx.execute(super::changelog::DISCARD_REDO, [])?;
            for card in &cards {
                total.add(&erase_card(w, card)?);
            }
            Ok(total)
        });
        let mut erased = match erased {
            Ok(erased) => erased,
            Err(e) => {
                self.conn.execute_batch("PRAGMA secure_delete = OFF")?;
                return Err(e);
            }
        };
        erased.not_scrubbed = self.scrub_file().err().map(why_not_scrubbed);
        Ok(erased)
    }

    /// The titles of the tasks and subjects of the tickets about a contact, now and before (as
    /// the change log has them): erasure blanks them, and change-set labels repeat them.
    fn titles_about(&self, id: ContactId) -> Result<Vec<String>> {
        let mut out: Vec<String> = self
            .conn
            .prepare(&format!(
                "SELECT title FROM tasks WHERE {THEIRS} UNION ALL SELECT subject FROM tickets WHERE contact_id = ?1"
            ))?
            .query_map([id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT fields FROM changes WHERE (entity = 'task' AND entity_id IN (SELECT id FROM tasks WHERE {THEIRS})) \
               OR (entity = 'ticket' AND entity_id IN (SELECT id FROM tickets WHERE contact_id = ?1))"
        ))?;
        for fields in stmt.query_map([id.0], |r| r.get::<_, String>(0))? {
            if let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(&fields?) {
                for key in ["title", "subject"] {
                    if let Some(v) = fields.get(key) {
                        collect_strings(v, None, &mut out);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The names, addresses and numbers a contact has now or had before (the change log keeps
    /// earlier ones: "Zeb Quixworth-Smythe" before a rename): first what points at them alone
    /// (full names, addresses, numbers), then the parts of their names, which others may share.
    fn identifiers(&self, id: ContactId) -> Result<(Vec<String>, Vec<String>)> {
        let now = self.contact(id)?.fields;
        let mut firsts = vec![now.first_name.clone()];
        let mut lasts = vec![now.last_name.clone()];
        let mut out: Vec<String> = now.emails.iter().map(|e| e.address.clone()).collect();
        out.extend(now.phones.iter().map(|p| p.number.clone()));
        let mut stmt = self
            .conn
            .prepare("SELECT fields FROM changes WHERE entity = 'contact' AND entity_id = ?1")?;
        let logged = stmt.query_map([id.0], |r| r.get::<_, String>(0))?;
        for fields in logged {
            let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(&fields?) else {
                continue;
            };
            let strings = |key: &str, out: &mut Vec<String>| {
                if let Some(v) = fields.get(key) {
                    collect_strings(v, None, out);
                }
            };
            strings("first_name", &mut firsts);
            strings("last_name", &mut lasts);
            for (key, inner) in [("emails", "address"), ("phones", "number")] {
                if let Some(v) = fields.get(key) {
                    collect_strings(v, Some(inner), &mut out);
                }
            }
        }
        // The whole name as people write it: "Ömer Özdemir", "Özdemir Ömer", "Özdemir, Ömer".
        for first in firsts.iter().filter(|f| !f.trim().is_empty()) {
            for last in lasts.iter().filter(|l| !l.trim().is_empty()) {
                let (first, last) = (first.trim(), last.trim());
                out.push(format!("{first} {last}"));
                out.push(format!("{last} {first}"));
                if crate::domain::person_name::written_together(first, last) {
                    out.push(format!("{last}{first}"));
                }
                out.push(format!("{last}, {first}"));
            }
        }
        let parts = firsts.into_iter().chain(lasts).collect();
        Ok((out, parts))
    }

    /// Leaves no copy of erased values in the file's bytes. The rows are gone, but copies live on
    /// where no query reaches: the search indexes keep a deleted row's words until their segments
    /// are merged, pages keep old bytes in their unused space (written before `secure_delete` was
    /// on, as when a page split), and the write-ahead log keeps old page versions. So: merge the
    /// search indexes, rewrite the file (VACUUM), and empty the log.
    fn scrub_file(&mut self) -> Result<()> {
        // The planner's statistics keep sample rows of every index, names and addresses among
        // them, where they were gathered (a demo workspace, or ANALYZE by hand): gather afresh.
        let analysed: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'sqlite_stat1'",
            [],
            |r| r.get(0),
        )?;
        if analysed {
            self.conn.execute_batch("ANALYZE")?;
        }
        let scrubbed = self
            .conn
            .execute_batch(super::search::MERGE_INDEXES)
            .and_then(|()| self.conn.execute_batch("VACUUM"));
        self.conn.execute_batch("PRAGMA secure_delete = OFF")?;
        scrubbed?;
        // The checkpoint waits (the busy timeout) for readers of the old pages; one still reading
        // keeps them in the file, which the first column says and had gone unread.
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(super::Error::NotAllowed(
                "another program is reading the workspace; the old copies leave the file once it \
                 stops"
                    .into(),
            ));
        }
        Ok(())
    }
}

/// Removes from the change log the merges that took `cards` away (and the changes they made):
/// undoing one would hand an erased card back its records, and it is the erasure that is not to
/// be undone. Returns how many changes went.
fn forget_merges(tx: &rusqlite::Transaction<'_>, cards: &[i64]) -> Result<u64> {
    const MERGES: &str = "SELECT s.id FROM change_sets s WHERE s.undone = 0 \
        AND s.label LIKE 'Merge contact %' AND s.id IN (SELECT change_set_id FROM changes \
          WHERE entity = 'contact' AND op = 'delete' AND entity_id IN (SELECT value FROM json_each(?1)))";
    let cards = serde_json::to_string(cards)?;
    let changes: i64 = tx.query_row(
        &format!("SELECT count(*) FROM changes WHERE change_set_id IN ({MERGES})"),
        [&cards],
        |r| r.get(0),
    )?;
    // The changes go with their set (ON DELETE CASCADE).
    tx.execute(
        &format!("DELETE FROM change_sets WHERE id IN ({MERGES})"),
        [&cards],
    )?;
    Ok(changes.unsigned_abs())
}

/// One card of a person to erase: its id, and what names them (see `Store::identifiers`).
struct Identity {
    id: ContactId,
    whole: Vec<String>,
    terms: Vec<Vec<char>>,
    blanked: Vec<Vec<char>>,
}

/// Erases one card inside the erasure's transaction (see `Store::erase_person`).
fn erase_card(w: &super::changelog::Writer<'_>, card: &Identity) -> Result<Erased> {
    let Identity {
        id,
        whole,
        terms,
        blanked,
    } = card;
    let (id, terms, blanked) = (*id, terms.as_slice(), blanked.as_slice());
    let tx = &w.tx;
    // The sort key too: it spells the name.
    tx.execute(
            "UPDATE contacts SET first_name = '', last_name = ?4, sort_name = ?3, emails = '[]', phones = '[]', \
               job_title = '', street = '', city = '', region = '', postal_code = '', country = '', owner = '', \
               lead_source = '', birthday = NULL, age = NULL, income_minor = NULL, income_currency = NULL, \
               education_years = NULL, notes = '', custom = '{}', deleted_at = coalesce(deleted_at, ?2) WHERE id = ?1",
            params![
                id.0,
                w.now.0,
                crate::domain::sort_key::person_sort_key(ERASED_NAME, ""),
                ERASED_NAME
            ],
        )?;
    tx.execute("DELETE FROM contact_tags WHERE contact_id = ?1", [id.0])?;
    let activities = tx.execute(
        &format!("UPDATE activities SET subject = '', outcome = '', body = '' WHERE {THEIRS}"),
        [id.0],
    )? as u64;
    // A task about someone names them ("Call Zeb about…"): what it was for goes too.
    let tasks = tx.execute(
        &format!(
            "UPDATE tasks SET title = 'Task about an erased person', notes = '' WHERE {THEIRS}"
        ),
        [id.0],
    )? as u64;
    // Every message of their tickets: replies quote them and name them as well.
    let ticket_messages = tx.execute(
        "UPDATE ticket_messages SET body = '[erased]', \
               author = CASE direction WHEN 'inbound' THEN '' ELSE author END \
             WHERE ticket_id IN (SELECT id FROM tickets WHERE contact_id = ?1)",
        [id.0],
    )? as u64;
    let tickets = tx.execute(
            "UPDATE tickets SET subject = 'Ticket from an erased person', feedback = '' WHERE contact_id = ?1",
            [id.0],
        )? as u64;
    // The ticket search index copies message text; rebuild it for the tickets touched.
    tx.execute(
        "DELETE FROM tickets_fts WHERE rowid IN (SELECT id FROM tickets WHERE contact_id = ?1)",
        [id.0],
    )?;
    tx.execute(
        "INSERT INTO tickets_fts (rowid, name, detail) \
             SELECT t.id, t.subject, concat_ws(' ', t.feedback, \
               (SELECT group_concat(body, ' ') FROM ticket_messages \
                WHERE ticket_id = t.id AND deleted_at IS NULL)) \
             FROM tickets t WHERE t.contact_id = ?1",
        [id.0],
    )?;
    // A deal stays the business's (amount, stage, outcome), its notes go, and its title
    // ("Renewal for Zeb Quixworth") loses the person's name.
    let mut deals = 0;
    let titles: Vec<(i64, String)> = tx
        .prepare("SELECT id, title FROM deals WHERE contact_id = ?1")?
        .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (deal, title) in titles {
        let title = redact::redact(&title, terms).unwrap_or(title);
        deals += tx.execute(
            "UPDATE deals SET title = ?2, notes = '', lost_reason = '' WHERE id = ?1",
            params![deal, title],
        )? as u64;
    }
    // Change-set labels name the records ("Edit contact Erin Smith"): take the person out
    // of the sets that touched anything about them, keeping the audit trail readable.
    let labels: Vec<(i64, String)> = tx
        .prepare(&format!(
            "SELECT id, label FROM change_sets WHERE id IN \
                   (SELECT change_set_id FROM changes WHERE {})",
            changes_about_them()
        ))?
        .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (set, label) in labels {
        // "Reply to <subject>", "Complete task <title>": what was blanked goes from the
        // label too, then any name left.
        let titled = redact::replace(&label, blanked, "(erased)");
        let named = redact::redact(titled.as_deref().unwrap_or(&label), terms);
        if let Some(label) = named.or(titled) {
            tx.execute(
                "UPDATE change_sets SET label = ?2 WHERE id = ?1",
                params![set, label],
            )?;
        }
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
            &format!(
                "DELETE FROM changes WHERE (entity = 'contact' AND entity_id = ?1) \
                   OR (entity = 'activity' AND entity_id IN (SELECT id FROM activities WHERE {THEIRS})) \
                   OR (entity = 'task' AND entity_id IN (SELECT id FROM tasks WHERE {THEIRS})) \
                   OR (entity = 'ticket_message' AND entity_id IN \
                     (SELECT m.id FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.contact_id = ?1)) \
                   OR (entity = 'ticket' AND entity_id IN (SELECT id FROM tickets WHERE contact_id = ?1) AND {TEXT_FIELDS}) \
                   OR (entity = 'deal' AND entity_id IN (SELECT id FROM deals WHERE contact_id = ?1) AND {TEXT_FIELDS})"
            ),
            [id.0],
        )? as u64;
    let mentions = mentions::take_out(tx, whole)?;
    Ok(Erased {
        activities,
        tasks,
        deals,
        tickets,
        ticket_messages,
        change_log_entries,
        mentions,
        not_scrubbed: None,
        already: false,
    })
}

/// Every string in `value` (in the change log's `[old, new]` pairs, lists of objects…), or with
/// `key` only those under that key.
fn collect_strings(value: &Value, key: Option<&str>, out: &mut Vec<String>) {
    match value {
        Value::String(s) if key.is_none() => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, key, out)),
        Value::Object(map) => {
            for (k, v) in map {
                if key.is_none_or(|key| key == k) {
                    collect_strings(v, None, out);
                } else {
                    collect_strings(v, key, out);
                }
            }
        }
        _ => {}
    }
}

/// Why the file could not be rewritten after an erasure that is itself saved: the store's own
/// words for a full disk or a busy file say "this change was not saved" and "nothing was
/// changed", which an erasure's warning then contradicted.
fn why_not_scrubbed(e: super::Error) -> String {
    match e {
        super::Error::DiskFull => {
            "the disk has too little free space for the rewritten copy".into()
        }
        super::Error::Busy => "another Kith window or command kept it busy".into(),
        other => other.to_string(),
    }
}
