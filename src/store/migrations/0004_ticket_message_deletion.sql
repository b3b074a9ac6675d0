-- A reply can be taken back with Undo like any other change: messages are hidden, not erased.
ALTER TABLE ticket_messages ADD COLUMN deleted_at INTEGER;
