-- Deals join the search everything (Ctrl+K, `kith search`): a sales manager looking for "the
-- espresso bar deal" had found its company and its calls, never the deal. A deal's entry holds
-- its title, and its notes, lost reason and owner as details. (Written so that running it again
-- leaves the same schema and entries, as the tests that take a workspace back a version do.)
CREATE VIRTUAL TABLE IF NOT EXISTS deals_fts USING fts5 (name, detail, tokenize = 'unicode61 remove_diacritics 2');
DROP TRIGGER IF EXISTS deals_fts_insert;
DROP TRIGGER IF EXISTS deals_fts_update;
DROP TRIGGER IF EXISTS deals_fts_delete;
CREATE TRIGGER deals_fts_insert AFTER INSERT ON deals BEGIN
    INSERT INTO deals_fts (rowid, name, detail)
    VALUES (new.id, new.title, concat_ws(' ', new.notes, new.lost_reason, new.owner));
END;
CREATE TRIGGER deals_fts_update AFTER UPDATE OF title, notes, lost_reason, owner ON deals BEGIN
    DELETE FROM deals_fts WHERE rowid = old.id;
    INSERT INTO deals_fts (rowid, name, detail)
    VALUES (new.id, new.title, concat_ws(' ', new.notes, new.lost_reason, new.owner));
END;
CREATE TRIGGER deals_fts_delete AFTER DELETE ON deals BEGIN
    DELETE FROM deals_fts WHERE rowid = old.id;
END;
DELETE FROM deals_fts;
INSERT INTO deals_fts (rowid, name, detail)
SELECT id, title, concat_ws(' ', notes, lost_reason, owner) FROM deals;
