-- A bulk import creates up to millions of records in one change set. Logging each one (with all its
-- fields) cost more than writing the records, and copied every imported person into the log. One
-- change now covers a run of consecutive ids, entity_id through last_entity_id; NULL is one record.
ALTER TABLE changes ADD COLUMN last_entity_id INTEGER;
