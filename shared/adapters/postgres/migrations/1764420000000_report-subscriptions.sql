-- Up Migration
-- Scheduled email reports per tenant, each run of one, and each recipient's delivery in a run.
CREATE TABLE reports (
  id                   uuid PRIMARY KEY,
  tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  cron                 text NOT NULL,
  timezone             text NOT NULL,
  recipients           text[] NOT NULL,
  contents             jsonb NOT NULL CHECK (jsonb_typeof(contents) = 'array'),
  enabled              boolean NOT NULL DEFAULT true,
  disabled_reason      text,
  consecutive_failures integer NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_tenant_idx ON reports (tenant_id, created_at);

CREATE TABLE report_runs (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL,
  report_id    uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('scheduled', 'manual')),
  scheduled_at timestamptz NOT NULL,
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'partial', 'failed')),
  error        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
-- A scheduled run happens once per scheduled time: a retried invocation finds the first.
CREATE UNIQUE INDEX report_runs_scheduled_once ON report_runs (report_id, scheduled_at) WHERE kind = 'scheduled';
CREATE INDEX report_runs_report_idx ON report_runs (tenant_id, report_id, created_at DESC);

CREATE TABLE report_deliveries (
  run_id     uuid NOT NULL REFERENCES report_runs (id) ON DELETE CASCADE,
  recipient  text NOT NULL,
  status     text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  message_id text,
  error      text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, recipient)
);

-- Down Migration
DROP TABLE report_deliveries;
DROP TABLE report_runs;
DROP TABLE reports;
