-- Up Migration
-- The platform's model registry: models, their versions and stages, and endpoint variant weights.
-- Platform-level (no tenant_id): models serve every tenant; changes are audited in audit_log.
CREATE TABLE models (
  name           text PRIMARY KEY CHECK (name ~ '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$'),
  description    text CHECK (description IS NULL OR length(description) <= 1000),
  -- The last version number handed out: the row is locked to allocate the next one, so
  -- versions increase monotonically per model and are never reused.
  latest_version integer NOT NULL DEFAULT 0 CHECK (latest_version >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE model_versions (
  model_name          text NOT NULL REFERENCES models (name) ON DELETE CASCADE,
  version             integer NOT NULL CHECK (version >= 1),
  algorithm           text NOT NULL CHECK (length(algorithm) BETWEEN 1 AND 64),
  hyperparameters     jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(hyperparameters) = 'object'),
  scores              jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(scores) = 'object'),
  -- Container image or model artifact (S3 URI) the version is served from.
  artifact            text NOT NULL CHECK (length(artifact) BETWEEN 1 AND 2048),
  stage               text NOT NULL DEFAULT 'staging' CHECK (stage IN ('staging', 'production', 'archived')),
  created_by          text NOT NULL,
  idempotency_key     text,
  -- Digest of the registration request, so a replayed key with a different body is refused.
  request_fingerprint text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  promoted_at         timestamptz,
  archived_at         timestamptz,
  PRIMARY KEY (model_name, version),
  UNIQUE (model_name, idempotency_key),
  CHECK (stage <> 'production' OR promoted_at IS NOT NULL)
);
-- At most one production version per model, whatever the application does.
CREATE UNIQUE INDEX model_versions_one_production ON model_versions (model_name) WHERE stage = 'production';
-- Rollback looks for the most recently archived former production version.
CREATE INDEX model_versions_archived_idx ON model_versions (model_name, archived_at DESC) WHERE stage = 'archived';

CREATE TABLE endpoint_variants (
  endpoint_name text NOT NULL CHECK (endpoint_name ~ '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$'),
  variant_name  text NOT NULL CHECK (variant_name ~ '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$'),
  model_name    text NOT NULL,
  model_version integer NOT NULL,
  -- Relative weight, as in SageMaker: a variant's share is weight / sum of the endpoint's weights.
  weight        double precision NOT NULL CHECK (weight >= 0 AND weight < 'Infinity'::double precision),
  updated_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (endpoint_name, variant_name),
  FOREIGN KEY (model_name, model_version) REFERENCES model_versions (model_name, version)
);
CREATE INDEX endpoint_variants_model_idx ON endpoint_variants (model_name, model_version);

-- An endpoint with variants must send traffic somewhere: checked at commit, so a transaction
-- may replace all of an endpoint's variants row by row.
CREATE FUNCTION endpoint_variants_positive_weight() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  endpoint text := CASE WHEN TG_OP = 'DELETE' THEN OLD.endpoint_name ELSE NEW.endpoint_name END;
BEGIN
  IF EXISTS (SELECT 1 FROM endpoint_variants WHERE endpoint_name = endpoint)
     AND NOT EXISTS (SELECT 1 FROM endpoint_variants WHERE endpoint_name = endpoint AND weight > 0) THEN
    RAISE EXCEPTION 'endpoint % needs at least one variant with a positive weight', endpoint
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER endpoint_variants_positive_weight
  AFTER INSERT OR UPDATE OR DELETE ON endpoint_variants
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION endpoint_variants_positive_weight();

-- Down Migration
DROP TABLE endpoint_variants;
DROP FUNCTION endpoint_variants_positive_weight();
DROP TABLE model_versions;
DROP TABLE models;
