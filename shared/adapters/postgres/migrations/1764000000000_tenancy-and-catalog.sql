-- Up Migration
-- Tenancy, API keys (hash only), datasets with versioned schemas, queries and the audit log.
CREATE TABLE tenants (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name          text NOT NULL,
  -- First characters of the key, shown in listings so users can tell keys apart.
  display_prefix text NOT NULL,
  -- SHA-256 of the full key: keys are 190-bit random, so a fast hash is safe and lets the
  -- authorizer look a key up by its hash in one indexed read.
  key_hash      text NOT NULL UNIQUE,
  scopes        text[] NOT NULL DEFAULT ARRAY['ingest', 'query', 'admin'],
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);

CREATE TABLE datasets (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name            text NOT NULL,
  current_version integer NOT NULL,
  description     text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, name)
);

CREATE TABLE dataset_versions (
  tenant_id  uuid NOT NULL,
  name       text NOT NULL,
  version    integer NOT NULL CHECK (version >= 1),
  fields     jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, name, version),
  FOREIGN KEY (tenant_id, name) REFERENCES datasets (tenant_id, name) ON DELETE CASCADE
);

CREATE TABLE queries (
  id                  uuid PRIMARY KEY,
  tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  sql                 text NOT NULL,
  status              text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  engine_execution_id text,
  error               text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  finished_at         timestamptz
);
CREATE INDEX queries_tenant_idx ON queries (tenant_id, created_at DESC);

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  tenant_id  uuid NOT NULL,
  actor      text NOT NULL,
  action     text NOT NULL,
  target     text NOT NULL,
  details    jsonb NOT NULL DEFAULT '{}'::jsonb,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, at DESC);

-- Down Migration
DROP TABLE audit_log;
DROP TABLE queries;
DROP TABLE dataset_versions;
DROP TABLE datasets;
DROP TABLE api_keys;
DROP TABLE tenants;
