-- A record's history looks for the import run (entity_id through last_entity_id) that created it.
-- Runs are few, single changes many: indexing only the runs keeps that lookup a short seek however
-- long the change log grows.
CREATE INDEX changes_runs ON changes (entity, entity_id, last_entity_id) WHERE last_entity_id IS NOT NULL;
