-- Kith workspace schema, version 1. Shipped: never edit; add a new numbered file instead.
-- Instants are Unix seconds (UTC); calendar dates are 'YYYY-MM-DD' text; money is integer minor units
-- beside an ISO 4217 code. Rows a user can undo the deletion of carry deleted_at (soft delete).

PRAGMA application_id = 1263096904; -- 'KITH' in ASCII: tells a Kith workspace from any other SQLite file

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE
) STRICT;

CREATE TABLE companies (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    domain       TEXT NOT NULL DEFAULT '',
    industry     TEXT NOT NULL DEFAULT '',
    employees    INTEGER,
    phone        TEXT NOT NULL DEFAULT '',
    street       TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    region       TEXT NOT NULL DEFAULT '',
    postal_code  TEXT NOT NULL DEFAULT '',
    country      TEXT NOT NULL DEFAULT '',
    owner        TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER
) STRICT;
CREATE INDEX companies_by_name ON companies (name COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_by_domain ON companies (domain) WHERE domain <> '';

-- E-mails and phones are short ordered lists of {address|number, label}: JSON keeps a contact one row,
-- and the generated primary columns make them sortable and indexable.
CREATE TABLE contacts (
    id               INTEGER PRIMARY KEY,
    first_name       TEXT NOT NULL DEFAULT '',
    last_name        TEXT NOT NULL DEFAULT '',
    emails           TEXT NOT NULL DEFAULT '[]',
    phones           TEXT NOT NULL DEFAULT '[]',
    email            TEXT GENERATED ALWAYS AS (coalesce(json_extract(emails, '$[0].address'), '')) VIRTUAL,
    phone            TEXT GENERATED ALWAYS AS (coalesce(json_extract(phones, '$[0].number'), '')) VIRTUAL,
    company_id       INTEGER REFERENCES companies (id),
    job_title        TEXT NOT NULL DEFAULT '',
    street           TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    region           TEXT NOT NULL DEFAULT '',
    postal_code      TEXT NOT NULL DEFAULT '',
    country          TEXT NOT NULL DEFAULT '',
    owner            TEXT NOT NULL DEFAULT '',
    lead_source      TEXT NOT NULL DEFAULT '',
    lifecycle        TEXT NOT NULL DEFAULT 'lead',
    birthday         TEXT,
    age              INTEGER,
    income_minor     INTEGER,
    income_currency  TEXT,
    education_years  INTEGER,
    notes            TEXT NOT NULL DEFAULT '',
    custom           TEXT NOT NULL DEFAULT '{}',
    last_activity_at INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER
) STRICT;
CREATE INDEX contacts_by_name ON contacts (last_name COLLATE NOCASE, first_name COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_email ON contacts (email COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_company ON contacts (company_id, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_lifecycle ON contacts (lifecycle, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_last_activity ON contacts (last_activity_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_created ON contacts (created_at, id) WHERE deleted_at IS NULL;

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (contact_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_tags_by_tag ON contact_tags (tag_id, contact_id);

CREATE TABLE pipelines (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    deleted_at INTEGER
) STRICT;

CREATE TABLE stages (
    id          INTEGER PRIMARY KEY,
    pipeline_id INTEGER NOT NULL REFERENCES pipelines (id),
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    outcome     TEXT NOT NULL CHECK (outcome IN ('open', 'won', 'lost')),
    deleted_at  INTEGER
) STRICT;
CREATE INDEX stages_by_pipeline ON stages (pipeline_id, position);

CREATE TABLE deals (
    id               INTEGER PRIMARY KEY,
    title            TEXT NOT NULL,
    pipeline_id      INTEGER NOT NULL REFERENCES pipelines (id),
    stage_id         INTEGER NOT NULL REFERENCES stages (id),
    contact_id       INTEGER REFERENCES contacts (id),
    company_id       INTEGER REFERENCES companies (id),
    amount_minor     INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency         TEXT NOT NULL,
    probability      INTEGER CHECK (probability BETWEEN 0 AND 100),
    expected_close   TEXT,
    status           TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    lost_reason      TEXT NOT NULL DEFAULT '',
    owner            TEXT NOT NULL DEFAULT '',
    notes            TEXT NOT NULL DEFAULT '',
    stage_changed_at INTEGER NOT NULL,
    closed_at        INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER
) STRICT;
CREATE INDEX deals_by_stage ON deals (stage_id, status, amount_minor) WHERE deleted_at IS NULL;
CREATE INDEX deals_by_contact ON deals (contact_id) WHERE deleted_at IS NULL;
CREATE INDEX deals_by_company ON deals (company_id) WHERE deleted_at IS NULL;

CREATE TABLE deal_stage_history (
    id            INTEGER PRIMARY KEY,
    deal_id       INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    from_stage_id INTEGER REFERENCES stages (id),
    to_stage_id   INTEGER NOT NULL REFERENCES stages (id),
    changed_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX deal_stage_history_by_deal ON deal_stage_history (deal_id, changed_at);

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    subject           TEXT NOT NULL,
    contact_id        INTEGER REFERENCES contacts (id),
    company_id        INTEGER REFERENCES companies (id),
    status            TEXT NOT NULL CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed')),
    priority          TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    channel           TEXT NOT NULL,
    sla_due_at        INTEGER,
    assignee          TEXT NOT NULL DEFAULT '',
    satisfaction      INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    feedback          TEXT NOT NULL DEFAULT '',
    first_response_at INTEGER,
    resolved_at       INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    deleted_at        INTEGER
) STRICT;
CREATE INDEX tickets_by_status ON tickets (status, priority, sla_due_at) WHERE deleted_at IS NULL;
CREATE INDEX tickets_by_contact ON tickets (contact_id) WHERE deleted_at IS NULL;

CREATE TABLE ticket_messages (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    author    TEXT NOT NULL DEFAULT '',
    body      TEXT NOT NULL,
    sent_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX ticket_messages_by_ticket ON ticket_messages (ticket_id, sent_at);

CREATE TABLE activities (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'note')),
    occurred_at      INTEGER NOT NULL,
    direction        TEXT CHECK (direction IN ('inbound', 'outbound')),
    subject          TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',
    duration_minutes INTEGER,
    contact_id       INTEGER REFERENCES contacts (id),
    company_id       INTEGER REFERENCES companies (id),
    deal_id          INTEGER REFERENCES deals (id),
    ticket_id        INTEGER REFERENCES tickets (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER
) STRICT;
CREATE INDEX activities_by_contact ON activities (contact_id, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX activities_by_company ON activities (company_id, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX activities_by_deal ON activities (deal_id, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX activities_by_ticket ON activities (ticket_id, occurred_at) WHERE deleted_at IS NULL;

-- A contact's last activity is shown and sorted on in the contact list, so it is kept on the contact.
CREATE TRIGGER activities_touch_contact_insert AFTER INSERT ON activities
WHEN new.contact_id IS NOT NULL AND new.deleted_at IS NULL
BEGIN
    UPDATE contacts SET last_activity_at = max(coalesce(last_activity_at, new.occurred_at), new.occurred_at)
    WHERE id = new.contact_id;
END;
CREATE TRIGGER activities_touch_contact_update AFTER UPDATE OF occurred_at, contact_id, deleted_at ON activities
BEGIN
    UPDATE contacts SET last_activity_at = (
        SELECT max(occurred_at) FROM activities WHERE contact_id = contacts.id AND deleted_at IS NULL
    ) WHERE id IN (old.contact_id, new.contact_id);
END;

CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    due_at     INTEGER,
    done_at    INTEGER,
    owner      TEXT NOT NULL DEFAULT '',
    contact_id INTEGER REFERENCES contacts (id),
    company_id INTEGER REFERENCES companies (id),
    deal_id    INTEGER REFERENCES deals (id),
    ticket_id  INTEGER REFERENCES tickets (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
) STRICT;
CREATE INDEX tasks_open_by_due ON tasks (due_at) WHERE done_at IS NULL AND deleted_at IS NULL;
CREATE INDEX tasks_by_contact ON tasks (contact_id) WHERE deleted_at IS NULL;

CREATE TABLE campaigns (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    channel        TEXT NOT NULL,
    status         TEXT NOT NULL,
    budget_minor   INTEGER NOT NULL CHECK (budget_minor >= 0),
    cost_minor     INTEGER NOT NULL CHECK (cost_minor >= 0),
    currency       TEXT NOT NULL,
    starts_on      TEXT,
    ends_on        TEXT,
    segment        TEXT NOT NULL DEFAULT '{}',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    deleted_at     INTEGER
) STRICT;

CREATE TABLE campaign_members (
    campaign_id   INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    contact_id    INTEGER NOT NULL REFERENCES contacts (id),
    sent_at       INTEGER,
    opened_at     INTEGER,
    responded_at  INTEGER,
    converted_at  INTEGER,
    revenue_minor INTEGER NOT NULL DEFAULT 0 CHECK (revenue_minor >= 0),
    PRIMARY KEY (campaign_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX campaign_members_by_contact ON campaign_members (contact_id);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
    currency    TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
) STRICT;

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id),
    ordered_at  INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
    created_at  INTEGER NOT NULL,
    deleted_at  INTEGER
) STRICT;
CREATE INDEX orders_by_contact ON orders (contact_id, ordered_at) WHERE deleted_at IS NULL;
CREATE INDEX orders_by_date ON orders (ordered_at) WHERE deleted_at IS NULL;

CREATE TABLE order_lines (
    order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no          INTEGER NOT NULL,
    product_id       INTEGER NOT NULL REFERENCES products (id),
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    PRIMARY KEY (order_id, line_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_lines_by_product ON order_lines (product_id);

-- The change log: one change set per user action, one change per record touched in it.
CREATE TABLE change_sets (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    label   TEXT NOT NULL,
    undone  INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;

CREATE TABLE changes (
    id            INTEGER PRIMARY KEY,
    change_set_id INTEGER NOT NULL REFERENCES change_sets (id) ON DELETE CASCADE,
    entity        TEXT NOT NULL,
    entity_id     INTEGER NOT NULL,
    op            TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'restore')),
    fields        TEXT NOT NULL
) STRICT;
CREATE INDEX changes_by_set ON changes (change_set_id);
CREATE INDEX changes_by_record ON changes (entity, entity_id);

-- Full-text search. Each index keeps its own copy of the text (so snippets work) and is kept in step
-- by triggers; soft-deleted rows stay indexed and are filtered out by the query, so restore is free.
CREATE VIRTUAL TABLE contacts_fts USING fts5 (name, detail, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE companies_fts USING fts5 (name, detail, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE activities_fts USING fts5 (name, detail, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE tickets_fts USING fts5 (name, detail, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, name, detail) VALUES (
        new.id,
        new.first_name || ' ' || new.last_name,
        concat_ws(' ', new.job_title, new.city, new.country, new.owner,
            (SELECT group_concat(value ->> 'address', ' ') FROM json_each(new.emails)),
            (SELECT group_concat(value ->> 'number', ' ') FROM json_each(new.phones)),
            new.notes));
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF first_name, last_name, emails, phones, job_title, city, country, owner, notes ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    INSERT INTO contacts_fts (rowid, name, detail) VALUES (
        new.id,
        new.first_name || ' ' || new.last_name,
        concat_ws(' ', new.job_title, new.city, new.country, new.owner,
            (SELECT group_concat(value ->> 'address', ' ') FROM json_each(new.emails)),
            (SELECT group_concat(value ->> 'number', ' ') FROM json_each(new.phones)),
            new.notes));
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
END;

CREATE TRIGGER companies_fts_insert AFTER INSERT ON companies BEGIN
    INSERT INTO companies_fts (rowid, name, detail)
    VALUES (new.id, new.name, concat_ws(' ', new.domain, new.industry, new.city, new.country, new.notes));
END;
CREATE TRIGGER companies_fts_update AFTER UPDATE OF name, domain, industry, city, country, notes ON companies BEGIN
    DELETE FROM companies_fts WHERE rowid = old.id;
    INSERT INTO companies_fts (rowid, name, detail)
    VALUES (new.id, new.name, concat_ws(' ', new.domain, new.industry, new.city, new.country, new.notes));
END;
CREATE TRIGGER companies_fts_delete AFTER DELETE ON companies BEGIN
    DELETE FROM companies_fts WHERE rowid = old.id;
END;

CREATE TRIGGER activities_fts_insert AFTER INSERT ON activities BEGIN
    INSERT INTO activities_fts (rowid, name, detail) VALUES (new.id, new.subject, concat_ws(' ', new.outcome, new.body));
END;
CREATE TRIGGER activities_fts_update AFTER UPDATE OF subject, outcome, body ON activities BEGIN
    DELETE FROM activities_fts WHERE rowid = old.id;
    INSERT INTO activities_fts (rowid, name, detail) VALUES (new.id, new.subject, concat_ws(' ', new.outcome, new.body));
END;
CREATE TRIGGER activities_fts_delete AFTER DELETE ON activities BEGIN
    DELETE FROM activities_fts WHERE rowid = old.id;
END;

CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, name, detail) VALUES (new.id, new.subject, new.feedback);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject, feedback ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.id;
    INSERT INTO tickets_fts (rowid, name, detail) VALUES (new.id, new.subject,
        concat_ws(' ', new.feedback, (SELECT group_concat(body, ' ') FROM ticket_messages WHERE ticket_id = new.id)));
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.id;
END;
-- Ticket conversations are searchable through their ticket.
CREATE TRIGGER ticket_messages_fts_insert AFTER INSERT ON ticket_messages BEGIN
    DELETE FROM tickets_fts WHERE rowid = new.ticket_id;
    INSERT INTO tickets_fts (rowid, name, detail)
    SELECT t.id, t.subject, concat_ws(' ', t.feedback, (SELECT group_concat(body, ' ') FROM ticket_messages WHERE ticket_id = t.id))
    FROM tickets t WHERE t.id = new.ticket_id;
END;
