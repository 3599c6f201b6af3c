-- Up Migration
-- Metric definitions per tenant, versioned like datasets: a changed definition is a new
-- version (rollups are keyed by it, so cells of an old definition never mix into the new one).
CREATE TABLE metrics (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  dataset         text NOT NULL,
  current_version integer NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
CREATE INDEX metrics_tenant_dataset_idx ON metrics (tenant_id, dataset);

CREATE TABLE metric_versions (
  metric_id  uuid NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
  version    integer NOT NULL CHECK (version >= 1),
  -- { dataset, aggregation, field?, filter, dimensions, timeField }
  spec       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (metric_id, version)
);

-- The anomaly detector's state per watched series (metric version x interval), and the score
-- of every closed interval. Scores are keyed by interval start, so a rerun overwrites, never adds.
CREATE TABLE metric_detector_states (
  tenant_id    uuid NOT NULL,
  metric_id    uuid NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
  version      integer NOT NULL,
  interval     text NOT NULL CHECK (interval IN ('1m', '5m', '1h', '1d')),
  last_scored  timestamptz NOT NULL,
  state        jsonb NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (metric_id, version, interval)
);

CREATE TABLE metric_interval_scores (
  tenant_id  uuid NOT NULL,
  metric_id  uuid NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
  version    integer NOT NULL,
  interval   text NOT NULL,
  t          timestamptz NOT NULL,
  value      double precision NOT NULL,
  score      double precision NOT NULL,
  anomaly    boolean NOT NULL,
  reasons    jsonb NOT NULL DEFAULT '[]'::jsonb,
  model      text NOT NULL,
  PRIMARY KEY (metric_id, version, interval, t)
);
CREATE INDEX metric_interval_scores_anomalies_idx ON metric_interval_scores (tenant_id, metric_id, t) WHERE anomaly;

-- Down Migration
DROP TABLE metric_interval_scores;
DROP TABLE metric_detector_states;
DROP TABLE metric_versions;
DROP TABLE metrics;
