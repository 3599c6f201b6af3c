-- Up Migration
-- The forecaster's history of each watched series ([start epoch s, value] pairs, oldest first),
-- kept beside the detector's state and moved with it, so a scorer run reads no history back.
-- Null on checkpoints from before: their next run reads the history once and keeps it.
ALTER TABLE metric_detector_states ADD COLUMN recent jsonb;

-- Down Migration
ALTER TABLE metric_detector_states DROP COLUMN recent;
