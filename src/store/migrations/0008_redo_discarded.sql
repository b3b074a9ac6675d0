-- Change sets that Undo took back and a new change then put out of Redo's reach: as in every editor,
-- doing something new after undoing discards what could have been redone. They stay in the log
-- (marked undone) for the record; Redo never brings them back.
CREATE TABLE redo_discarded (
    change_set_id INTEGER PRIMARY KEY REFERENCES change_sets (id)
) STRICT;
-- Finding the sets Undo took back, when a new change discards them, without reading the whole log.
CREATE INDEX change_sets_undone ON change_sets (id) WHERE undone = 1;
