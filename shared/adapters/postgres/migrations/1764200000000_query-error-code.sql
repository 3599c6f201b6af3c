-- Up Migration
-- A failed query names why in a machine-readable code (e.g. the limit that stopped it).
ALTER TABLE queries ADD COLUMN error_code text;

-- Down Migration
ALTER TABLE queries DROP COLUMN error_code;
