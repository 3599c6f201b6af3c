-- Up Migration
-- Model monitoring: the forecast the scorer makes of each watched series' next interval, and
-- its outcome once the interval closed (actual, absolute percentage error, inside the bands).
-- Keyed like the interval scores, so a rerun replaces a forecast, never adds one.
CREATE TABLE metric_forecasts (
  tenant_id     uuid NOT NULL,
  metric_id     uuid NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
  version       integer NOT NULL,
  interval      text NOT NULL CHECK (interval IN ('1m', '5m', '1h', '1d')),
  t             timestamptz NOT NULL,
  mean          double precision NOT NULL,
  lower80       double precision NOT NULL,
  upper80       double precision NOT NULL,
  lower95       double precision NOT NULL,
  upper95       double precision NOT NULL,
  model_name    text NOT NULL,
  model_version text NOT NULL,
  variant       text NOT NULL,
  made_at       timestamptz NOT NULL DEFAULT now(),
  actual        double precision,
  ape           double precision,
  inside80      boolean,
  inside95      boolean,
  PRIMARY KEY (metric_id, version, interval, t)
);
-- The operator's per-model-version view reads settled forecasts and scores by model.
CREATE INDEX metric_forecasts_model_idx ON metric_forecasts (model_name, model_version, t) WHERE actual IS NOT NULL;
CREATE INDEX metric_interval_scores_model_idx ON metric_interval_scores (model, t);

-- Down Migration
DROP INDEX metric_interval_scores_model_idx;
DROP TABLE metric_forecasts;
