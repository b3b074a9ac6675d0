-- A stage's cards are listed largest first within each currency (¥1,234,567 had stood above
-- €10,343, and 12,500 SEK above it too): the board reads each currency's run of a column straight
-- from this index, as it read the whole column from the one it replaces.
DROP INDEX IF EXISTS deals_by_stage_amount;
CREATE INDEX IF NOT EXISTS deals_by_stage_currency_amount
    ON deals (stage_id, currency, amount_minor DESC, id) WHERE deleted_at IS NULL;
