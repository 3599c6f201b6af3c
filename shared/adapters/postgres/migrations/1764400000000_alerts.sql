-- Up Migration
-- Alert rules per tenant, their evaluation progress (one row per rule, moved only from the
-- interval it was at, so two evaluators never both act on an interval), their state changes,
-- and the tenant's notification channels (webhook secrets are not here: the delivery
-- function, outside the VPC, reads them from the delivery table).
CREATE TABLE alert_channels (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  type        text NOT NULL CHECK (type IN ('email', 'webhook')),
  -- { recipients } or { url }
  target      jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_channels_tenant_idx ON alert_channels (tenant_id, created_at);

CREATE TABLE alert_rules (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  metric_id    uuid NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  condition    jsonb NOT NULL,
  interval     text NOT NULL CHECK (interval IN ('1m', '5m', '1h', '1d')),
  for_count    integer NOT NULL CHECK (for_count >= 1),
  cooldown_s   integer NOT NULL CHECK (cooldown_s >= 0),
  severity     text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  channels     uuid[] NOT NULL DEFAULT '{}',
  muted        boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rules_tenant_idx ON alert_rules (tenant_id, created_at);

CREATE TABLE alert_progress (
  alert_id        uuid PRIMARY KEY REFERENCES alert_rules (id) ON DELETE CASCADE,
  tenant_id       uuid NOT NULL,
  state           text NOT NULL CHECK (state IN ('ok', 'firing', 'resolved')),
  streak          integer NOT NULL,
  last_evaluated  timestamptz,
  last_notified   timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Keyed by rule and interval: a repeated evaluation of an interval cannot add a second event.
CREATE TABLE alert_events (
  alert_id   uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  tenant_id  uuid NOT NULL,
  t          timestamptz NOT NULL,
  state      text NOT NULL CHECK (state IN ('firing', 'resolved')),
  value      double precision,
  expected   double precision,
  band       jsonb,
  notified   boolean NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, t)
);

-- Down Migration
DROP TABLE alert_events;
DROP TABLE alert_progress;
DROP TABLE alert_rules;
DROP TABLE alert_channels;
