-- A ticket's search entry holds its subject, feedback and conversation. A reply taken back with
-- Undo is hidden (deleted_at), not erased, and stayed in the entry: searching its words still
-- found the ticket, and the command line's snippet showed the undone text. The entry now holds
-- only the messages in view, and follows a message hidden, shown again or edited.
DROP TRIGGER tickets_fts_update;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject, feedback ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.id;
    INSERT INTO tickets_fts (rowid, name, detail) VALUES (new.id, new.subject,
        concat_ws(' ', new.feedback, (SELECT group_concat(body, ' ') FROM ticket_messages
                                      WHERE ticket_id = new.id AND deleted_at IS NULL)));
END;
DROP TRIGGER ticket_messages_fts_insert;
CREATE TRIGGER ticket_messages_fts_insert AFTER INSERT ON ticket_messages BEGIN
    DELETE FROM tickets_fts WHERE rowid = new.ticket_id;
    INSERT INTO tickets_fts (rowid, name, detail)
    SELECT t.id, t.subject, concat_ws(' ', t.feedback, (SELECT group_concat(body, ' ') FROM ticket_messages
                                                        WHERE ticket_id = t.id AND deleted_at IS NULL))
    FROM tickets t WHERE t.id = new.ticket_id;
END;
CREATE TRIGGER ticket_messages_fts_update AFTER UPDATE OF body, deleted_at ON ticket_messages BEGIN
    DELETE FROM tickets_fts WHERE rowid = new.ticket_id;
    INSERT INTO tickets_fts (rowid, name, detail)
    SELECT t.id, t.subject, concat_ws(' ', t.feedback, (SELECT group_concat(body, ' ') FROM ticket_messages
                                                        WHERE ticket_id = t.id AND deleted_at IS NULL))
    FROM tickets t WHERE t.id = new.ticket_id;
END;
-- Entries written before: rebuilt once, without the hidden messages.
DELETE FROM tickets_fts;
INSERT INTO tickets_fts (rowid, name, detail)
SELECT t.id, t.subject, concat_ws(' ', t.feedback, (SELECT group_concat(body, ' ') FROM ticket_messages
                                                    WHERE ticket_id = t.id AND deleted_at IS NULL))
FROM tickets t;
