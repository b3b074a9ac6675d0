-- The contact list's name order is the sort key's (migration 0010). Companies keep their
-- case-folded name index for finding a company by name, and gain one in sort order.
DROP INDEX contacts_by_name;
CREATE INDEX contacts_by_name ON contacts (sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_by_sort_name ON companies (sort_name, id) WHERE deleted_at IS NULL;
