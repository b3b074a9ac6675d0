-- The pipeline board reads each stage's column largest deal first, and the forecast sums open deals
-- by expected close date: both straight from an index, however many deals there are.
CREATE INDEX deals_by_stage_amount ON deals (stage_id, amount_minor DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_totals ON deals (stage_id, currency, status, amount_minor, probability) WHERE deleted_at IS NULL;
CREATE INDEX deals_open_by_close ON deals (pipeline_id, expected_close, stage_id, currency, amount_minor, probability) WHERE deleted_at IS NULL AND status = 'open';
