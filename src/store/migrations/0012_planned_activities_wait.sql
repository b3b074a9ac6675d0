-- A contact's last activity is the latest that has happened. A meeting planned for next week
-- had become the "last activity" the day it was booked, so the contact list sorted the person
-- as the most recently active and a campaign's "active within N days" counted them, for contact
-- that had not taken place. The triggers now leave an activity dated ahead of the clock aside;
-- `store::planned` counts it once its time has come (the partial index finds those few rows).
DROP TRIGGER IF EXISTS activities_touch_contact_insert;
DROP TRIGGER IF EXISTS activities_touch_contact_update;

CREATE TRIGGER activities_touch_contact_insert AFTER INSERT ON activities
WHEN new.contact_id IS NOT NULL AND new.deleted_at IS NULL AND new.occurred_at <= unixepoch()
BEGIN
    UPDATE contacts SET last_activity_at = max(coalesce(last_activity_at, new.occurred_at), new.occurred_at)
    WHERE id = new.contact_id;
END;

CREATE TRIGGER activities_touch_contact_update AFTER UPDATE OF occurred_at, contact_id, deleted_at ON activities
BEGIN
    UPDATE contacts SET last_activity_at = (
        SELECT max(occurred_at) FROM activities
        WHERE contact_id = contacts.id AND deleted_at IS NULL AND occurred_at <= unixepoch()
    ) WHERE id IN (old.contact_id, new.contact_id);
END;

CREATE INDEX IF NOT EXISTS activities_planned ON activities (occurred_at)
WHERE occurred_at > created_at AND deleted_at IS NULL AND contact_id IS NOT NULL;

-- Contacts whose last activity is still to come take the latest one that has happened.
UPDATE contacts SET last_activity_at = (
    SELECT max(occurred_at) FROM activities
    WHERE contact_id = contacts.id AND deleted_at IS NULL AND occurred_at <= unixepoch()
) WHERE last_activity_at > unixepoch();
