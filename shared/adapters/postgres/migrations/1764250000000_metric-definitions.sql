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

-- Down Migration
DROP TABLE metric_versions;
DROP TABLE metrics;
