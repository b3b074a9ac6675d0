-- The contact list on large workspaces. A narrow index of live contact ids lets counts and
-- "is this search hit still live" checks read a few pages instead of the wide contact rows,
-- and sorting by phone gets the index every other sortable column already has.
CREATE INDEX contacts_live ON contacts (id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_phone ON contacts (phone, id) WHERE deleted_at IS NULL;
