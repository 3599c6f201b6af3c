-- Up Migration
-- A metric version's minute cells computed from the lake, one row per UTC hour, so a series
-- reads closed hours without scanning the lake again. `cells` is a JSON array of
-- [minute offset in the hour (s), dims or null, count, sum, min, max].
CREATE TABLE metric_lake_hours (
  tenant_id      uuid NOT NULL,
  metric_id      uuid NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
  version        integer NOT NULL,
  hour           bigint NOT NULL,
  complete_until bigint NOT NULL,
  computed_at    timestamptz NOT NULL,
  cells          jsonb NOT NULL,
  PRIMARY KEY (tenant_id, metric_id, version, hour)
);

-- Hours of a dataset that received events later than the late-data window (by event time),
-- and when: stored hours computed before the mark are read from the lake again.
CREATE TABLE lake_late_hours (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  dataset   text NOT NULL,
  hour      bigint NOT NULL,
  marked_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, dataset, hour)
);

-- Down Migration
DROP TABLE lake_late_hours;
DROP TABLE metric_lake_hours;
